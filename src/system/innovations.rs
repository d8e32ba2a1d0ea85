//! Several innovations in one system: a coach's caseload for one innovation, a team's focus.
//!
//! Source: DOMAIN.md §5 and NIRN module 4: an organization runs several innovations at once,
//! in different stages, competing for the same coaches (NIRN module 2, the Coaching driver).
//! How a caseload names its innovation, and that every entry counts against the one capacity,
//! are this crate's choices: no source gives a per-innovation caseload.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{SystemDocument, Team};
use super::structure::{Csr, IdTable, NONE, index};
use crate::error::{Problem, ProblemKind, Problems};
use crate::id::{InnovationId, PractitionerId};

/// The practitioners a coach coaches for one innovation.
///
/// A coach's [`caseload`](super::Coach::caseload) lists whom they coach for every innovation
/// (as before this type existed); `innovation_caseloads` lists whom they coach for one. A
/// practitioner coached for two innovations is in two lists and counts twice against the
/// coach's capacity: coaching for each innovation takes the coach's time (this crate's
/// choice, after DOMAIN.md §5: innovations compete for the same coaches). A practitioner may
/// not be in both the plain caseload and an innovation's list, nor twice in one list, and an
/// innovation has one list per coach; the build refuses each, with its path.
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("tests/fixtures/innovations/system.json")?)?;
/// let coach = system.coach("coach-1").unwrap();
/// let lists: Vec<_> = coach.innovation_caseloads.iter().map(|c| (c.innovation.as_str(), c.practitioners.len())).collect();
/// assert_eq!(lists, [("check-in-check-out", 3), ("good-behavior-game", 3)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct InnovationCaseload {
    /// The innovation the coaching is for.
    pub innovation: InnovationId,
    /// The practitioners coached for it: at least one (the build refuses an empty list,
    /// which would count for nothing and which a caseloads table cannot hold). The list has
    /// no `extensions` of its own, for the same reason: a coach's extensions hold what an
    /// integrator keeps about the coach's caseloads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practitioners: Vec<PractitionerId>,
}

impl InnovationCaseload {
    /// A caseload for an innovation, with no practitioner yet.
    ///
    /// ```
    /// use implsci::system::InnovationCaseload;
    /// let mut list = InnovationCaseload::new("good-behavior-game".parse()?);
    /// list.practitioners.push("hillside-t1".parse()?);
    /// assert_eq!(list.practitioners.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(innovation: InnovationId) -> Self {
        Self {
            innovation,
            practitioners: Vec::new(),
        }
    }
}

impl Team {
    /// Whether the team works on `innovation`: its [`innovations`](Team::innovations) list
    /// names it, or the list is empty (a team with no focus list counts for every innovation;
    /// this crate's reading of an absent list).
    ///
    /// ```
    /// use implsci::system::Team;
    /// let mut team = Team::new("lincoln-bit".parse()?, "lincoln-es".parse()?);
    /// let (cico, gbg) = ("check-in-check-out".parse()?, "good-behavior-game".parse()?);
    /// assert!(team.serves(&cico) && team.serves(&gbg)); // no focus list: every innovation
    /// team.innovations.push(gbg.clone());
    /// assert!(!team.serves(&cico) && team.serves(&gbg));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn serves(&self, innovation: &InnovationId) -> bool {
        self.innovations.is_empty() || self.innovations.contains(innovation)
    }
}

/// How many innovation-caseload entries the document has, over all coaches.
pub(crate) fn total_entries(doc: &SystemDocument) -> usize {
    doc.coaches
        .iter()
        .flat_map(|c| &c.innovation_caseloads)
        .map(|l| l.practitioners.len())
        .sum()
}

/// Checks every coach's innovation caseloads and resolves them: the practitioner positions,
/// coach after coach, list after list, in document order, `NONE` where an id is unknown.
/// Linear in the entries, with one mark per practitioner.
pub(crate) fn check_caseloads(
    doc: &SystemDocument,
    practitioner_ids: &IdTable,
    caseloads: &Csr,
    problems: &mut Problems,
) -> Vec<u32> {
    let key = |p: u32| doc.practitioners[p as usize].id.as_str();
    let mut out = Vec::with_capacity(total_entries(doc));
    // Per practitioner: the stamp of the last list that named it (plain caseloads get their own).
    let mut mark = vec![0u64; doc.practitioners.len()];
    let mut stamp = 0u64;
    for (i, coach) in doc.coaches.iter().enumerate() {
        if coach.innovation_caseloads.is_empty() {
            continue;
        }
        stamp += 1;
        let plain = stamp;
        for &p in caseloads.row(index(i)) {
            mark[p as usize] = plain;
        }
        let mut innovations = HashSet::new();
        for (k, list) in coach.innovation_caseloads.iter().enumerate() {
            let path = format!("$.coaches[{i}].innovation_caseloads[{k}]");
            if !innovations.insert(list.innovation.as_str()) {
                problems.push(
                    Problem::new(
                        format!("{path}.innovation"),
                        ProblemKind::DuplicateId,
                        "this coach already has a caseload for this innovation",
                    )
                    .with_id(list.innovation.as_str()),
                );
            }
            if list.practitioners.is_empty() {
                problems.push(
                    Problem::new(
                        format!("{path}.practitioners"),
                        ProblemKind::OutOfRange,
                        "an innovation's caseload lists at least one practitioner; remove the \
                         list, or add whom the coach coaches for it",
                    )
                    .with_id(list.innovation.as_str()),
                );
            }
            stamp += 1;
            for (j, p) in list.practitioners.iter().enumerate() {
                let Some(position) = practitioner_ids.get(p.as_str(), key) else {
                    problems.dangling(
                        format!("{path}.practitioners[{j}]"),
                        "no practitioner has this id",
                        p.as_str(),
                        "practitioner",
                        || doc.practitioners.iter().map(|p| p.id.as_str()),
                    );
                    out.push(NONE);
                    continue;
                };
                let seen = &mut mark[position as usize];
                let message = if *seen == plain {
                    Some(
                        "this practitioner is already in the coach's caseload for every innovation",
                    )
                } else if *seen == stamp {
                    Some("this practitioner is already in this innovation's caseload")
                } else {
                    *seen = stamp;
                    None
                };
                if let Some(message) = message {
                    problems.push(
                        Problem::new(
                            format!("{path}.practitioners[{j}]"),
                            ProblemKind::DuplicateId,
                            message,
                        )
                        .with_id(p.as_str()),
                    );
                }
                out.push(position);
            }
        }
    }
    out
}
