//! Administrations checked against what they refer to: their instruments (known items, each
//! answered once, values on the scale, the instrument's own rules) and the implementation system
//! (the subject exists and is in the system on the date). Every problem is reported, each with
//! its JSON path in the administrations document, so that a data file can be fixed in one pass.
//!
//! ```
//! use implsci::Document;
//! use implsci::score::{AdministrationsDocument, InstrumentDocument, ItemSum, check_administrations};
//! use implsci::system::System;
//!
//! let instrument = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?;
//! let dca = ItemSum::new(instrument.instrument)?;
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let mut doc = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
//! assert!(check_administrations(&doc, Some(&[&dca]), Some(&system)).is_empty());
//!
//! doc.administrations[0].responses[0].value = Some(3.0); // the DCA rates 0 to 2
//! let problems = check_administrations(&doc, Some(&[&dca]), Some(&system));
//! assert_eq!(problems[0].path, "$.administrations[0].responses[0].value");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use super::{Administration, AdministrationsDocument, Instrument, ScoreError, ScoreSubject};
use crate::error::{Problem, ProblemKind};
use crate::system::System;

/// Checks every administration of `document` against the instrument it names among
/// `instruments` (when given) and against `system` (when given): every problem, in document
/// order.
///
/// - An administration of an instrument not among `instruments` is a dangling reference.
/// - A response to an item the instrument does not have is a dangling reference; an item
///   answered twice, a duplicate; a value off the scale (or not finite), out of range; a rule
///   of the instrument's own that refuses the administration, out of range at the
///   administration.
/// - A [`decision`](Administration::decision) on an administration of an instrument that
///   takes none ([`Instrument::takes_decision`]) is out of range at the decision.
/// - A subject (practitioner, unit or team) the system does not have is a dangling reference;
///   a practitioner whose dates in the system do not cover the administration's date is out of
///   range (this crate's choice: a rating of someone not yet, or no longer, in the system is
///   more likely a mistyped id or date than a record to keep).
///
/// Each item is looked up in a table of the instrument's items, so the cost is linear in the
/// responses.
///
/// ```
/// use implsci::score::{Administration, AdministrationsDocument, ScoreSubject, check_administrations};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let doc = AdministrationsDocument::new(vec![Administration::new(
///     "dca-local".parse()?, "2025-04-01".parse()?, ScoreSubject::Unit("wake-county".parse()?),
/// )]);
/// let problems = check_administrations(&doc, None, Some(&system));
/// assert_eq!(problems[0].path, "$.administrations[0].subject.unit");
/// assert_eq!(problems[0].id.as_deref(), Some("wake-county"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn check_administrations(
    document: &AdministrationsDocument,
    instruments: Option<&[&dyn Instrument]>,
    system: Option<&System>,
) -> Vec<Problem> {
    let by_id: HashMap<&str, &dyn Instrument> = instruments
        .unwrap_or_default()
        .iter()
        .map(|i| (i.definition().id.as_str(), *i))
        .collect();
    let mut problems = Vec::new();
    for (i, administration) in document.administrations.iter().enumerate() {
        let at = format!("$.administrations[{i}]");
        if instruments.is_some() {
            match by_id.get(administration.instrument.as_str()) {
                Some(instrument) => {
                    check_decision(&at, administration, *instrument, &mut problems);
                    check_responses(&at, administration, *instrument, &mut problems);
                }
                None => problems.push(
                    Problem::new(
                        format!("{at}.instrument"),
                        ProblemKind::DanglingReference,
                        unlisted(&administration.instrument, instruments.unwrap_or_default()),
                    )
                    .with_id(administration.instrument.as_str()),
                ),
            }
        }
        if let Some(system) = system {
            check_subject(&at, administration, system, &mut problems);
        }
    }
    problems
}

/// Why an administration's instrument is not checked: with one instrument given, which one
/// (the usual mistake is the wrong file or name); with several, that it is none of them.
fn unlisted(instrument: &crate::id::InstrumentId, given: &[&dyn Instrument]) -> String {
    match given {
        [one] => format!(
            "administration of instrument `{instrument}`, not of `{}`, the instrument given",
            one.definition().id
        ),
        _ => format!(
            "administration of instrument `{instrument}`, which is not among the instruments given"
        ),
    }
}

/// A decision on an administration of an instrument that takes none.
///
/// Reported as [`ProblemKind::OutOfRange`]: the field has the document's shape (it is one of
/// the decisions), but its value is outside what this instrument allows, which is nothing, as
/// a rating off an instrument's scale is a well-formed number outside its range.
fn check_decision(
    at: &str,
    administration: &Administration,
    instrument: &dyn Instrument,
    problems: &mut Vec<Problem>,
) {
    if let Some(decision) = administration.decision
        && !instrument.takes_decision()
    {
        problems.push(Problem::new(
            format!("{at}.decision"),
            ProblemKind::OutOfRange,
            format!(
                "instrument `{}` takes no decision, and this administration records \
                 `{decision}`; only an instrument that ends in one (the Hexagon Tool 2018) does",
                instrument.definition().id
            ),
        ));
    }
}

/// Every response problem of one administration, then the instrument's own verdict.
fn check_responses(
    at: &str,
    administration: &Administration,
    instrument: &dyn Instrument,
    problems: &mut Vec<Problem>,
) {
    let definition = instrument.definition();
    let items: HashMap<&str, usize> = definition
        .items
        .iter()
        .enumerate()
        .map(|(k, item)| (item.id.as_str(), k))
        .collect();
    let mut seen = vec![false; definition.items.len()];
    let before = problems.len();
    for (j, response) in administration.responses.iter().enumerate() {
        let item = response.item.as_str();
        let Some(&k) = items.get(item) else {
            problems.push(
                Problem::new(
                    format!("{at}.responses[{j}].item"),
                    ProblemKind::DanglingReference,
                    format!("instrument `{}` has no item `{item}`", definition.id),
                )
                .with_id(item),
            );
            continue;
        };
        if std::mem::replace(&mut seen[k], true) {
            problems.push(
                Problem::new(
                    format!("{at}.responses[{j}].item"),
                    ProblemKind::DuplicateId,
                    format!("item `{item}` is answered twice"),
                )
                .with_id(item),
            );
        }
        if let Some(value) = response.value
            && let Some(refused) = definition.scale.refuse(&response.item, value)
        {
            problems.push(
                Problem::new(
                    format!("{at}.responses[{j}].value"),
                    ProblemKind::OutOfRange,
                    refused.to_string(),
                )
                .with_id(item),
            );
        }
    }
    if problems.len() > before {
        return; // the instrument would refuse for the reasons already given
    }
    if let Err(e) = instrument.score(administration) {
        let path = match e {
            ScoreError::WrongInstrument { .. } => format!("{at}.instrument"),
            _ => at.to_string(),
        };
        problems.push(Problem::new(path, ProblemKind::OutOfRange, e.to_string()));
    }
}

/// The subject exists in the system, and a practitioner is in it on the date.
fn check_subject(
    at: &str,
    administration: &Administration,
    system: &System,
    problems: &mut Vec<Problem>,
) {
    let (field, id, known) = match &administration.subject {
        ScoreSubject::Practitioner(p) => ("practitioner", p.as_str(), {
            system.practitioner(p.as_str()).map(|p| (p.start, p.end))
        }),
        ScoreSubject::Unit(u) => ("unit", u.as_str(), {
            system.unit(u.as_str()).map(|_| (None, None))
        }),
        ScoreSubject::Team(t) => ("team", t.as_str(), {
            system.team(t.as_str()).map(|_| (None, None))
        }),
    };
    let path = format!("{at}.subject.{field}");
    match known {
        None => problems.push(
            Problem::new(
                path,
                ProblemKind::DanglingReference,
                format!("{field} `{id}` is not in the system"),
            )
            .with_id(id),
        ),
        Some((start, end)) => {
            let date = administration.date;
            let before = start.is_some_and(|s| date < s);
            let after = end.is_some_and(|e| date > e);
            if before || after {
                let span = match (start, end) {
                    (Some(s), Some(e)) => format!("from {s} to {e}"),
                    (Some(s), None) => format!("from {s}"),
                    (None, Some(e)) => format!("until {e}"),
                    (None, None) => String::new(),
                };
                problems.push(
                    Problem::new(
                        format!("{at}.date"),
                        ProblemKind::OutOfRange,
                        format!("{field} `{id}` is in the system {span}, not on {date}"),
                    )
                    .with_id(id),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::score::{ItemSum, Response};

    fn dca() -> ItemSum {
        let doc = crate::score::InstrumentDocument::from_json(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/dca_instrument.json"
            ))
            .unwrap(),
        )
        .unwrap();
        ItemSum::new(doc.instrument).unwrap()
    }

    fn system() -> System {
        System::from_json(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/state_system.json"
            ))
            .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn every_problem_of_every_administration_is_reported() {
        let dca = dca();
        let first_item = dca.definition().items[0].id.clone();
        let mut a = Administration::new(
            dca.definition().id.clone(),
            "2025-04-01".parse().unwrap(),
            ScoreSubject::Unit("wake-county".parse().unwrap()),
        );
        a.responses = vec![
            Response::new("no-such-item".parse().unwrap(), 1.0),
            Response::new(first_item.clone(), 3.0),
            Response::new(first_item, 1.0),
        ];
        let b = Administration::new(
            "tfi-2.1".parse().unwrap(),
            "2025-04-01".parse().unwrap(),
            ScoreSubject::Practitioner("nobody".parse().unwrap()),
        );
        let doc = AdministrationsDocument::new(vec![a, b]);
        let found: Vec<_> = check_administrations(&doc, Some(&[&dca]), Some(&system()))
            .into_iter()
            .map(|p| (p.path, p.kind))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "$.administrations[0].responses[0].item".to_string(),
                    ProblemKind::DanglingReference
                ),
                (
                    "$.administrations[0].responses[1].value".to_string(),
                    ProblemKind::OutOfRange
                ),
                (
                    "$.administrations[0].responses[2].item".to_string(),
                    ProblemKind::DuplicateId
                ),
                (
                    "$.administrations[0].subject.unit".to_string(),
                    ProblemKind::DanglingReference
                ),
                (
                    "$.administrations[1].instrument".to_string(),
                    ProblemKind::DanglingReference
                ),
                (
                    "$.administrations[1].subject.practitioner".to_string(),
                    ProblemKind::DanglingReference
                ),
            ]
        );
    }

    #[test]
    fn an_administration_of_another_instrument_names_the_one_given() {
        let dca = dca();
        let doc = AdministrationsDocument::new(vec![Administration::new(
            "tfi-2.1-tier-1".parse().unwrap(),
            "2025-04-01".parse().unwrap(),
            ScoreSubject::Unit("wake".parse().unwrap()),
        )]);
        let problems = check_administrations(&doc, Some(&[&dca]), None);
        assert_eq!(
            problems[0].message,
            "administration of instrument `tfi-2.1-tier-1`, not of `dca-local`, the instrument given"
        );
    }

    #[test]
    fn a_half_rating_on_a_scale_of_whole_ratings_is_refused() {
        let dca = dca();
        assert!(
            dca.definition().scale.integral,
            "the example DCA rates whole points"
        );
        let mut a = Administration::new(
            dca.definition().id.clone(),
            "2025-04-01".parse().unwrap(),
            ScoreSubject::Unit("wake".parse().unwrap()),
        );
        a.responses = vec![Response::new(dca.definition().items[0].id.clone(), 1.5)];
        let problems =
            check_administrations(&AdministrationsDocument::new(vec![a]), Some(&[&dca]), None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "$.administrations[0].responses[0].value");
        assert_eq!(
            problems[0].message,
            "item `lead-1`: 1.5 is not a whole number; the scale takes whole ratings"
        );
    }

    #[test]
    fn a_practitioner_outside_their_dates_is_out_of_range() {
        let system = system();
        let Some(p) = system
            .document()
            .practitioners
            .iter()
            .find(|p| p.start.is_some())
        else {
            panic!("the example state has a practitioner with a start date");
        };
        let start = p.start.unwrap();
        let day_before = start.yesterday().unwrap();
        let doc = AdministrationsDocument::new(vec![Administration::new(
            "x".parse().unwrap(),
            day_before,
            ScoreSubject::Practitioner(p.id.clone()),
        )]);
        let problems = check_administrations(&doc, None, Some(&system));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "$.administrations[0].date");
        assert_eq!(problems[0].kind, ProblemKind::OutOfRange);
        assert!(problems[0].message.contains(&format!("from {start}")));
    }
}
