//! Property tests for invalid systems: every single mutation of a random valid system is
//! refused with its problem, by building and by reading its JSON alike; combined mutations are
//! refused; and mutated JSON never panics.

#![allow(clippy::too_many_lines)] // strategies and checks read best whole
#![allow(clippy::many_single_char_names)] // a, b: the two random choices of a mutation

mod common;

use common::id;
use common::systems::{date, small_system_doc};

use implsci::error::ProblemKind;
use implsci::system::{Coach, CoachPerson, LinkKind, SizeRange, System, SystemDocument, TeamLink};
use implsci::{AnyDocument, Document};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

fn problems_ok(problems: &[implsci::Problem]) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "an error without problems");
    for p in problems {
        prop_assert!(
            p.path.starts_with('$'),
            "problem path {:?} does not start with $",
            p.path
        );
    }
    Ok(())
}

/// The highest mutation number; `mutate` falls back to a blank name past the last one.
const MUTATIONS: u8 = 27;

fn level_of(doc: &SystemDocument, unit: usize) -> Option<usize> {
    doc.levels
        .iter()
        .position(|l| l.id == doc.units[unit].level)
}

/// Two different places among `n` (at least two), as the random choices `a` and `b` pick them.
fn distinct(a: Index, b: Index, n: usize) -> (usize, usize) {
    let (x, y) = (a.index(n), b.index(n - 1));
    (x, if y >= x { y + 1 } else { y })
}

/// Adds a link of `kind` from team `from` to team `to` (by place), starting on `day`.
fn link(doc: &mut SystemDocument, from: usize, to: usize, kind: LinkKind, day: Date) {
    let (from, to) = (doc.teams[from].id.clone(), doc.teams[to].id.clone());
    doc.links.push(TeamLink::new(from, to, kind, day));
}

/// Breaks `doc` one way; returns the problem kind that must then be reported.
fn mutate(doc: &mut SystemDocument, which: u8, a: Index, b: Index, day: Date) -> ProblemKind {
    let units = doc.units.len();
    let teams = doc.teams.len();
    let ps = doc.practitioners.len();
    let root = doc.units.iter().position(|u| u.parent.is_none());
    let non_root: Vec<usize> = (0..units).filter(|&u| Some(u) != root).collect();
    let before = |d: Date| d.yesterday().unwrap();
    match which {
        0 if units > 0 => {
            let u = a.index(units);
            doc.units[u].parent = Some(id("missing-unit"));
            ProblemKind::DanglingReference
        }
        1 if units > 0 => {
            doc.units[a.index(units)].level = id("missing-level");
            ProblemKind::DanglingReference
        }
        2 if units > 1 => {
            let (x, y) = distinct(a, b, units);
            doc.units[y].id = doc.units[x].id.clone();
            ProblemKind::DuplicateId
        }
        3 if teams > 1 => {
            let (x, y) = distinct(a, b, teams);
            doc.teams[y].id = doc.teams[x].id.clone();
            ProblemKind::DuplicateId
        }
        4 if ps > 1 => {
            let (x, y) = distinct(a, b, ps);
            doc.practitioners[y].id = doc.practitioners[x].id.clone();
            ProblemKind::DuplicateId
        }
        5 if doc.levels.len() > 1 => {
            let n = doc.levels.len();
            let (x, y) = distinct(a, b, n);
            doc.levels[y].id = doc.levels[x].id.clone();
            ProblemKind::DuplicateId
        }
        6 if doc.coaches.len() > 1 => {
            let n = doc.coaches.len();
            let (x, y) = distinct(a, b, n);
            doc.coaches[y].id = doc.coaches[x].id.clone();
            ProblemKind::DuplicateId
        }
        // A parent on the same level or lower (possibly the unit itself).
        7 if !non_root.is_empty()
            && doc
                .units
                .iter()
                .enumerate()
                .all(|(u, _)| level_of(doc, u).is_some()) =>
        {
            let u = non_root[a.index(non_root.len())];
            let lu = level_of(doc, u).unwrap();
            let candidates: Vec<usize> = (0..units)
                .filter(|&v| level_of(doc, v).unwrap() >= lu)
                .collect();
            let v = candidates[b.index(candidates.len())];
            doc.units[u].parent = Some(doc.units[v].id.clone());
            ProblemKind::ParentNotHigher
        }
        // A second root: a unit below the top level loses its parent. (Never the root, nor a
        // unit on the top level, so that this cannot undo a mutation of the root's parent.)
        8 if doc
            .units
            .iter()
            .enumerate()
            .any(|(u, unit)| unit.parent.is_some() && level_of(doc, u).is_some_and(|l| l > 0)) =>
        {
            let below: Vec<usize> = (0..units)
                .filter(|&u| {
                    doc.units[u].parent.is_some() && level_of(doc, u).is_some_and(|l| l > 0)
                })
                .collect();
            doc.units[below[a.index(below.len())]].parent = None;
            ProblemKind::NotOneRoot
        }
        9 if root.is_some() => {
            let r = root.unwrap();
            doc.units[r].parent = Some(doc.units[b.index(units)].id.clone());
            ProblemKind::NotOneRoot
        }
        // A two-team supports cycle, or a team supporting itself.
        10 if teams > 0 => {
            let (x, y) = (a.index(teams), b.index(teams));
            link(doc, x, y, LinkKind::Supports, day);
            link(doc, y, x, LinkKind::Supports, day);
            ProblemKind::Cycle
        }
        // Supports one way, reports-to the other: the same vertical cycle.
        11 if teams > 1 => {
            let (x, y) = distinct(a, b, teams);
            link(doc, x, y, LinkKind::Supports, day);
            link(doc, x, y, LinkKind::ReportsTo, day);
            ProblemKind::Cycle
        }
        // A longer supports cycle, closed by an ended link (ended links still count).
        12 if teams > 2 => {
            let x = a.index(teams);
            let ids: Vec<_> = (0..3)
                .map(|k| doc.teams[(x + k) % teams].id.clone())
                .collect();
            for k in 0..3 {
                let mut l = TeamLink::new(
                    ids[k].clone(),
                    ids[(k + 1) % 3].clone(),
                    LinkKind::Supports,
                    day,
                );
                if k == 2 {
                    l.end = Some(day);
                }
                doc.links.push(l);
            }
            ProblemKind::Cycle
        }
        13 if !doc.links.is_empty() => {
            let n = doc.links.len();
            let l = &mut doc.links[a.index(n)];
            l.end = Some(before(l.start));
            ProblemKind::DatesOutOfOrder
        }
        14 if doc.teams.iter().any(|t| !t.members.is_empty()) => {
            let with: Vec<usize> = (0..teams)
                .filter(|&t| !doc.teams[t].members.is_empty())
                .collect();
            let t = &mut doc.teams[with[a.index(with.len())]];
            let n = t.members.len();
            let m = &mut t.members[b.index(n)];
            m.end = Some(before(m.start));
            ProblemKind::DatesOutOfOrder
        }
        15 if ps > 0 => {
            let p = &mut doc.practitioners[a.index(ps)];
            p.start = Some(day);
            p.end = Some(before(day));
            ProblemKind::DatesOutOfOrder
        }
        16 if teams > 0 => {
            doc.teams[a.index(teams)].unit = id("missing-unit");
            ProblemKind::DanglingReference
        }
        17 => {
            if doc.links.is_empty() {
                doc.links.push(TeamLink::new(
                    id("missing-a"),
                    id("missing-b"),
                    LinkKind::CollaboratesWith,
                    day,
                ));
            } else {
                let n = doc.links.len();
                if b.index(2) == 0 {
                    doc.links[a.index(n)].from = id("missing-team");
                } else {
                    doc.links[a.index(n)].to = id("missing-team");
                }
            }
            ProblemKind::DanglingReference
        }
        18 if ps > 0 => {
            doc.practitioners[a.index(ps)].unit = id("missing-unit");
            ProblemKind::DanglingReference
        }
        19 => {
            if doc.coaches.is_empty() || b.index(2) == 0 {
                let mut c = Coach::new(id("c-new"), CoachPerson::Practitioner(id("missing-p")), 3);
                c.caseload.push(id("missing-q"));
                doc.coaches.push(c);
            } else {
                let n = doc.coaches.len();
                doc.coaches[a.index(n)].caseload.push(id("missing-p"));
            }
            ProblemKind::DanglingReference
        }
        20 if teams > 0 => {
            let t = doc.teams[a.index(teams)].id.clone();
            doc.coaches.push(Coach::new(
                id("c-nobody"),
                CoachPerson::TeamMember {
                    team: t,
                    person: id("nobody-here"),
                },
                3,
            ));
            ProblemKind::DanglingReference
        }
        21 if ps > 0 => {
            let p = doc.practitioners[a.index(ps)].id.clone();
            let mut c = Coach::new(id("c-twice"), CoachPerson::Practitioner(p.clone()), 3);
            c.caseload = vec![p.clone(), p];
            doc.coaches.push(c);
            ProblemKind::DuplicateId
        }
        22 if !doc.levels.is_empty() => {
            let n = doc.levels.len();
            doc.levels[a.index(n)].name = " \t".into();
            ProblemKind::EmptyText
        }
        23 => {
            doc.levels.clear();
            ProblemKind::OutOfRange
        }
        24 => {
            doc.units.clear();
            ProblemKind::NotOneRoot
        }
        25 => {
            doc.settings.team_size = SizeRange::between(6, 2);
            ProblemKind::OutOfRange
        }
        26 if teams > 0 => {
            let t = a.index(teams);
            link(doc, t, t, LinkKind::ReportsTo, day);
            ProblemKind::Cycle
        }
        _ => {
            doc.name = String::new();
            ProblemKind::EmptyText
        }
    }
}

/// `doc` is refused, by building and by reading its JSON alike, with `kind` among its problems.
fn check_refused(
    doc: &SystemDocument,
    kind: Option<ProblemKind>,
    what: &str,
) -> Result<(), TestCaseError> {
    let problems = match System::build(doc.clone()) {
        Ok(_) => return Err(TestCaseError::fail(format!("built despite {what}"))),
        Err(e) => e.into_problems(),
    };
    problems_ok(&problems)?;
    if let Some(kind) = kind {
        prop_assert!(
            problems.iter().any(|p| p.kind == kind),
            "{}: expected {:?} among {:?}",
            what,
            kind,
            problems
        );
    }
    prop_assert!(doc.validate().is_err(), "{}: validates", what);
    prop_assert!(
        doc.to_json().is_err(),
        "{}: an invalid system was written",
        what
    );
    // The same document through JSON gives the same problems.
    let json = serde_json::to_string(doc).unwrap();
    let err = System::from_json(&json).unwrap_err();
    prop_assert_eq!(&err.problems(), &problems, "{}: read from JSON", what);
    let err = AnyDocument::from_json(json.as_bytes()).unwrap_err();
    prop_assert_eq!(&err.problems(), &problems, "{}: read as any document", what);
    Ok(())
}

/// Mutated JSON bytes: a byte set somewhere, then maybe a truncation.
fn check_bytes(json: &[u8], at: Index, byte: u8, cut: Option<Index>) -> Result<(), TestCaseError> {
    let mut bytes = json.to_vec();
    let n = bytes.len();
    bytes[at.index(n)] = byte;
    if let Some(cut) = cut {
        bytes.truncate(cut.index(bytes.len()));
    }
    if let Err(e) = System::from_json_slice(&bytes) {
        problems_ok(&e.problems())?;
    }
    if let Err(e) = AnyDocument::from_json(&bytes) {
        problems_ok(&e.problems())?;
    }
    if let Err(e) = SystemDocument::from_json_slice(&bytes) {
        problems_ok(&e.problems())?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_single_mutation_is_refused_with_its_problem(
        doc in small_system_doc(),
        a in any::<Index>(),
        b in any::<Index>(),
        day in date(),
    ) {
        for which in 0..=MUTATIONS {
            let mut doc = doc.clone();
            let kind = mutate(&mut doc, which, a, b, day);
            check_refused(&doc, Some(kind), &format!("mutation {which}"))?;
        }
    }

    #[test]
    fn combined_mutations_are_refused(
        doc in small_system_doc(),
        mutations in prop::collection::vec((0..=MUTATIONS, any::<Index>(), any::<Index>()), 2..=4),
        day in date(),
    ) {
        let mut doc = doc;
        for &(which, a, b) in &mutations {
            mutate(&mut doc, which, a, b, day);
        }
        check_refused(&doc, None, &format!("mutations {mutations:?}"))?;
    }

    #[test]
    fn mutated_json_never_panics(
        doc in small_system_doc(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>()), 1..4),
        cut in prop::option::weighted(0.3, any::<Index>()),
    ) {
        let json = doc.to_json().unwrap();
        let bytes = json.as_bytes();
        for (i, &(at, byte)) in edits.iter().enumerate() {
            check_bytes(bytes, at, byte, if i == 0 { cut } else { None })?;
        }
        // A printable character in the middle of a string or a number is the likeliest
        // edit to keep the JSON well formed and reach the typed layers.
        for &(at, byte) in &edits {
            check_bytes(bytes, at, b'0' + byte % 10, None)?;
            let specials = b"\"{}[],:-x ";
            check_bytes(bytes, at, specials[usize::from(byte) % specials.len()], None)?;
        }
    }
}
