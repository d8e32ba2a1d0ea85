//! A site's record: its stage history per innovation, its driver status, its adaptations.
//!
//! A stage belongs to a (site, innovation) pair (NIRN module 4), so a site running two
//! innovations holds two histories. Driver ratings are dated, so a record holds the whole
//! sequence of assessments. Adaptations are coded with FRAME (Wiltsey Stirman et al. 2019).
//! The top-level document of kind `site_record`.
//!
//! ```
//! use implsci::{Document, SiteRecord, stage::Stage};
//!
//! let json = std::fs::read_to_string("examples/data/site_record.json")?;
//! let record = SiteRecord::from_json(&json)?;
//! let cico = "check-in-check-out".parse()?;
//! assert_eq!(record.stage_on(&cico, "2024-09-01".parse()?), Some(Stage::InitialImplementation));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Kind, SchemaVersion};
use crate::driver::{Driver, DriverStatus, latest_as_of, latest_as_of_for};
use crate::error::{Problem, ProblemKind, Problems, ValidationErrors};
use crate::id::{InnovationId, UnitId};
use crate::innovation::{Adaptation, FunctionIds, check_function_ref};
use crate::stage::{Stage, StageHistory};
use crate::{Extensions, Innovation};

/// One site's implementation record. The top-level document of kind `site_record`.
///
/// ```
/// use implsci::{Document, SiteRecord, stage::{Stage, StageHistory}};
///
/// let mut record = SiteRecord::new("lincoln-elementary".parse()?);
/// let mut history = StageHistory::new("cico".parse()?);
/// history.record(Stage::Exploration, "2024-01-08".parse()?);
/// record.stages.push(history);
/// record.validate()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SiteRecord {
    /// Always `"site_record"`.
    pub kind: Kind<SiteRecord>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The site: the organizational unit (school, clinic) the record is about.
    pub site: UnitId,
    /// The site's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One stage history per innovation the site is exploring or using.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageHistory>,
    /// Dated driver ratings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<DriverStatus>,
    /// Adaptations made at the site, coded with FRAME.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adaptations: Vec<Adaptation>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl SiteRecord {
    /// An empty record for a site.
    ///
    /// ```
    /// use implsci::{Document, SchemaVersion, SiteRecord};
    ///
    /// let record = SiteRecord::new("lincoln-elementary".parse()?);
    /// assert!(record.stages.is_empty() && record.drivers.is_empty() && record.adaptations.is_empty());
    /// assert_eq!(record.schema_version, SchemaVersion::CURRENT);
    /// record.validate()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(site: UnitId) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            site,
            name: None,
            stages: Vec::new(),
            drivers: Vec::new(),
            adaptations: Vec::new(),
            extensions: Extensions::new(),
        }
    }

    /// The stage history of an innovation at this site.
    ///
    /// ```
    /// use implsci::{Document, SiteRecord};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
    /// let history = record.stage_history(&"check-in-check-out".parse()?).ok_or("no history")?;
    /// assert_eq!(history.entries.len(), 5);
    /// assert!(record.stage_history(&"good-behavior-game".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn stage_history(&self, innovation: &InnovationId) -> Option<&StageHistory> {
        self.stages.iter().find(|h| &h.innovation == innovation)
    }

    /// The stage of an innovation at this site on a date.
    ///
    /// ```
    /// use implsci::{Document, SiteRecord, stage::Stage};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
    /// let cico = "check-in-check-out".parse()?;
    /// assert_eq!(record.stage_on(&cico, "2024-11-01".parse()?), Some(Stage::Installation)); // moved back
    /// assert_eq!(record.stage_on(&cico, "2023-01-01".parse()?), None); // before exploration began
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn stage_on(&self, innovation: &InnovationId, date: Date) -> Option<Stage> {
        self.stage_history(innovation)?.stage_on(date)
    }

    /// The latest rating of each driver on or before `date`, in
    /// [`Driver::ALL`](crate::driver::Driver::ALL) order.
    ///
    /// ```
    /// use implsci::{Document, SiteRecord, driver::{Driver, DriverState}};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
    /// let june = record.drivers_as_of("2024-06-01".parse()?);
    /// assert_eq!((june[2].0, june[2].1.map(|s| s.state)), (Driver::Coaching, Some(DriverState::NotInPlace)));
    /// let january = record.drivers_as_of("2025-01-01".parse()?);
    /// assert_eq!(january[2].1.map(|s| s.state), Some(DriverState::Partially));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn drivers_as_of(&self, date: Date) -> [(Driver, Option<&DriverStatus>); 9] {
        latest_as_of(&self.drivers, date)
    }

    /// The latest rating of each driver on or before `date` that holds for `innovation`:
    /// ratings naming it and ratings about the site as a whole
    /// ([`latest_as_of_for`]).
    ///
    /// ```
    /// use implsci::{Document, SiteRecord, driver::DriverState};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("tests/fixtures/innovations/lincoln.json")?)?;
    /// let date = "2024-10-01".parse()?;
    /// let cico = record.drivers_as_of_for(&"check-in-check-out".parse()?, date);
    /// let gbg = record.drivers_as_of_for(&"good-behavior-game".parse()?, date);
    /// assert_eq!(cico[2].1.map(|s| s.state), Some(DriverState::InPlace)); // coaching, for CICO
    /// assert_eq!(gbg[2].1.map(|s| s.state), Some(DriverState::Partially)); // the site-wide rating
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn drivers_as_of_for(
        &self,
        innovation: &InnovationId,
        date: Date,
    ) -> [(Driver, Option<&DriverStatus>); 9] {
        latest_as_of_for(&self.drivers, innovation, date)
    }

    /// The innovations in use at the site on `date` (a stage begun, not de-implemented), and
    /// apart from them those de-implemented by then, each in the order of
    /// [`stages`](SiteRecord::stages). An innovation whose history has not begun by `date` is in
    /// neither.
    ///
    /// ```
    /// use implsci::{Document, SiteRecord};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("tests/fixtures/innovations/lincoln.json")?)?;
    /// let (active, ended) = record.innovations_on("2025-03-01".parse()?);
    /// assert_eq!(active.iter().map(|h| h.innovation.as_str()).collect::<Vec<_>>(), ["check-in-check-out"]);
    /// assert_eq!(ended.iter().map(|h| h.innovation.as_str()).collect::<Vec<_>>(), ["good-behavior-game"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovations_on(&self, date: Date) -> (Vec<&StageHistory>, Vec<&StageHistory>) {
        let active = self.stages.iter().filter(|h| h.active_on(date)).collect();
        let ended = self
            .stages
            .iter()
            .filter(|h| h.de_implemented_on(date))
            .collect();
        (active, ended)
    }

    /// The adaptations that touch an essential function without being known to be
    /// fidelity-consistent ([`Adaptation::breaks_essential_function`]).
    ///
    /// ```
    /// use implsci::{Document, SiteRecord};
    ///
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
    /// let breaking: Vec<_> = record.adaptations_breaking_functions().map(|a| a.id.as_str()).collect();
    /// assert_eq!(breaking, ["adapt-2024-01"]); // bus riders skip check-out
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn adaptations_breaking_functions(&self) -> impl Iterator<Item = &Adaptation> {
        self.adaptations
            .iter()
            .filter(|a| a.breaks_essential_function())
    }

    /// Checks the record's references into innovation documents: each adaptation's essential
    /// functions must exist in the innovation it adapts. Innovations not among `innovations`
    /// are not checked.
    ///
    /// ```
    /// use implsci::{Document, Innovation, SiteRecord};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
    /// record.validate_against(&[innovation])?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Every adaptation reference to an essential function the innovation does not define.
    pub fn validate_against(&self, innovations: &[Innovation]) -> Result<(), ValidationErrors> {
        let functions: HashMap<&str, FunctionIds<'_>> = innovations
            .iter()
            .map(|i| (i.id.as_str(), i.function_ids()))
            .collect();
        let mut problems = Problems::default();
        for (i, a) in self.adaptations.iter().enumerate() {
            if let Some(known) = functions.get(a.innovation.as_str()) {
                for (j, f) in a.essential_functions.iter().enumerate() {
                    check_function_ref(
                        known,
                        f,
                        || format!("$.adaptations[{i}].essential_functions[{j}]"),
                        &mut problems,
                    );
                }
            }
        }
        problems.finish()
    }
}

impl crate::document::Tagged for SiteRecord {
    const KIND: &'static str = "site_record";
}

impl crate::document::sealed::Sealed for SiteRecord {}

impl Document for SiteRecord {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut problems = Problems::default();
        if let Some(name) = &self.name {
            problems.text(|| "$.name".into(), name);
        }
        let mut innovations = HashSet::new();
        for (i, history) in self.stages.iter().enumerate() {
            problems.unique(
                &mut innovations,
                history.innovation.as_str(),
                || format!("$.stages[{i}].innovation"),
                "this innovation already has a stage history at this site",
            );
            for (j, entry) in history.entries.iter().enumerate() {
                problems.date(|| format!("$.stages[{i}].entries[{j}].date"), entry.date);
            }
            for (j, pair) in history.entries.windows(2).enumerate() {
                if pair[1].date < pair[0].date {
                    problems.push(
                        Problem::new(
                            format!("$.stages[{i}].entries[{}].date", j + 1),
                            ProblemKind::DatesOutOfOrder,
                            format!(
                                "stage entry dated {} comes after one dated {}",
                                pair[1].date, pair[0].date
                            ),
                        )
                        .with_id(history.innovation.as_str()),
                    );
                }
            }
            if let Some(end) = &history.de_implemented {
                check_de_implementation(i, history, end, &mut problems);
            }
        }
        let mut rated = HashSet::new();
        for (i, status) in self.drivers.iter().enumerate() {
            problems.date(|| format!("$.drivers[{i}].date"), status.date);
            let about = status.innovation.as_ref().map(InnovationId::as_str);
            if !rated.insert((status.driver, status.date, about)) {
                let whom = about.map_or_else(String::new, |i| format!(" for {i}"));
                problems.push(
                    Problem::new(
                        format!("$.drivers[{i}].date"),
                        ProblemKind::DuplicateId,
                        format!(
                            "{} is already rated{whom} on {}",
                            status.driver, status.date
                        ),
                    )
                    .with_id(status.driver.label()),
                );
            }
            if let Some(innovation) = about
                && !innovations.contains(innovation)
            {
                problems.dangling(
                    format!("$.drivers[{i}].innovation"),
                    "the site has no stage history for this innovation",
                    innovation,
                    "innovation",
                    || self.stages.iter().map(|h| h.innovation.as_str()),
                );
            }
            for (j, e) in status.evidence.iter().enumerate() {
                problems.text(|| format!("$.drivers[{i}].evidence[{j}]"), e);
            }
        }
        let mut ids = HashSet::new();
        for (i, a) in self.adaptations.iter().enumerate() {
            problems.unique(
                &mut ids,
                a.id.as_str(),
                || format!("$.adaptations[{i}].id"),
                "two adaptations share this id",
            );
            problems.date(|| format!("$.adaptations[{i}].date"), a.date);
            if !innovations.contains(a.innovation.as_str()) {
                problems.dangling(
                    format!("$.adaptations[{i}].innovation"),
                    "the site has no stage history for this innovation",
                    a.innovation.as_str(),
                    "innovation",
                    || self.stages.iter().map(|h| h.innovation.as_str()),
                );
            }
            for (j, text) in a.content.iter().enumerate() {
                problems.text(|| format!("$.adaptations[{i}].content[{j}]"), text);
            }
            for (j, text) in a.reasons.iter().enumerate() {
                problems.text(|| format!("$.adaptations[{i}].reasons[{j}]"), text);
            }
        }
        problems.finish()
    }
}

/// A de-implementation ends its history: dated, with a reason, on or after the last entry
/// (so no entry comes after it). The rule is this crate's
/// ([`DeImplementation`](crate::stage::DeImplementation)).
fn check_de_implementation(
    i: usize,
    history: &StageHistory,
    end: &crate::stage::DeImplementation,
    problems: &mut Problems,
) {
    problems.date(|| format!("$.stages[{i}].de_implemented.date"), end.date);
    problems.text(
        || format!("$.stages[{i}].de_implemented.reason"),
        &end.reason,
    );
    if let Some(last) = history.entries.iter().map(|e| e.date).max()
        && last > end.date
    {
        problems.push(
            Problem::new(
                format!("$.stages[{i}].de_implemented.date"),
                ProblemKind::DatesOutOfOrder,
                format!(
                    "de-implemented on {} but a stage entry is dated {last}: nothing may come \
                     after the de-implementation",
                    end.date
                ),
            )
            .with_id(history.innovation.as_str()),
        );
    }
}
