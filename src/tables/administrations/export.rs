//! Writing administrations as a table, long or wide, that reads back as the same document.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::build::vote;
use super::import::COLUMNS;
use super::items::Items;
use super::{AdministrationLayout, AdministrationsOptions, TABLE, VOTES};
use crate::Extensions;
use crate::id::PersonId;
use crate::score::{Administration, AdministrationsDocument, InstrumentDefinition, Response};
use crate::tables::write::ExtensionColumns;
use crate::tables::{Cell, TableOut};

/// A member's ratings, as `votes` keeps them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vote {
    respondent: PersonId,
    responses: Vec<Response>,
}

/// One administration as it is written: its members' ratings (when `votes` is written as
/// their rows) and the extensions left for the extension columns.
struct Plan<'d> {
    admin: &'d Administration,
    votes: Vec<Vote>,
    extensions: Cow<'d, Extensions>,
}

/// Writes the administrations as the table `administrations`, in either layout that
/// [`import_administrations`](crate::tables::import_administrations) reads.
///
/// - Every administration's row (the first of its rows, long) carries its `respondents`,
///   separated by `;`, its `decision` (a column written only when some administration has
///   one), and its extensions, one column each as every table writes them
///   (`KEY [json]` for a value that is not plain text; `extensions.KEY` for a key that would
///   read as one of the table's own columns or, wide, as an item).
/// - `votes` in the shape the import writes becomes the members' rows again, under a
///   `respondent` column, with the administration's own rows marked by `how.consensus`; any
///   other `votes` is an extension like the rest.
/// - Dates are ISO `YYYY-MM-DD`, ratings numbers, an unanswered item a blank cell.
/// - Wide, the item columns are the instrument's items in its order, then any other item the
///   administrations answer, so that nothing is lost (reading the table back refuses such a
///   column when it looks like one of the instrument's items, and otherwise keeps it as an
///   extension: it is not the instrument's).
///
/// # Reading back
///
/// The long layout is exact: `import(export(document)) == document` for the administrations
/// of one instrument about one kind of subject, read with the default
/// [`ReadOptions`](crate::tables::ReadOptions), when each (date, subject) has one
/// administration, every response is to an item of the instrument, no respondent's id holds
/// `;`, and the document has no `extensions` of its own (a table has nowhere to put them).
///
/// The wide layout is what people keep; it reads back the same when, besides, every
/// administration (and every member's `votes`) has one response per item of the instrument,
/// in the instrument's order (an item with no response is written blank and reads back
/// unanswered, which scores the same), and no item's id reads as one of the table's own
/// columns.
///
/// # A scoring sheet and a long table
///
/// ```
/// use implsci::Document;
/// use implsci::score::{AdministrationsDocument, InstrumentDocument};
/// use implsci::tables::{AdministrationLayout, AdministrationsOptions, SubjectKind, export_administrations};
///
/// let dca = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument;
/// let doc = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
/// let how = AdministrationsOptions::new(SubjectKind::Unit);
///
/// let wide = &export_administrations(&doc, &dca, &how, AdministrationLayout::Wide)[0];
/// assert_eq!(wide.headers[..4], ["date", "subject", "respondents", "lead-1"]);
/// let mut csv = Vec::new();
/// wide.write_csv(&mut csv)?;
/// let csv = String::from_utf8(csv)?;
/// // Brunswick left `data-1` unanswered: a blank cell.
/// assert!(csv.contains("2025-04-01,brunswick,brunswick-dit-m1; brunswick-dit-m2,2,2,1,2,2,2,,2\n"), "{csv}");
///
/// let long = &export_administrations(&doc, &dca, &how, AdministrationLayout::Long)[0];
/// assert_eq!(long.headers, ["date", "subject", "respondents", "item", "value"]);
/// assert_eq!(long.rows.len(), 7 * 8); // one row per response
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn export_administrations(
    document: &AdministrationsDocument,
    instrument: &InstrumentDefinition,
    how: &AdministrationsOptions,
    layout: AdministrationLayout,
) -> Vec<TableOut> {
    let items = Items::new(instrument);
    let plans: Vec<Plan<'_>> = document
        .administrations
        .iter()
        .map(|admin| plan(admin, &items, how, layout))
        .collect();
    let with_votes = plans.iter().any(|p| !p.votes.is_empty());
    let with_listed = plans.iter().any(|p| !p.admin.respondents.is_empty());
    let with_decision = plans.iter().any(|p| p.admin.decision.is_some());
    let extensions = plans.iter().map(|p| p.extensions.as_ref());
    let extension_columns = match layout {
        AdministrationLayout::Long => ExtensionColumns::of(extensions, COLUMNS),
        AdministrationLayout::Wide => {
            ExtensionColumns::reserving(extensions, COLUMNS, |key| items.claims(key))
        }
    };
    let item_columns = match layout {
        AdministrationLayout::Long => Vec::new(),
        AdministrationLayout::Wide => item_columns(instrument, &plans),
    };
    let mut headers = vec!["date".to_string(), "subject".to_string()];
    if with_votes {
        headers.push("respondent".to_string());
    }
    if with_listed {
        headers.push("respondents".to_string());
    }
    if with_decision {
        headers.push("decision".to_string());
    }
    match layout {
        AdministrationLayout::Long => headers.extend(["item".to_string(), "value".to_string()]),
        AdministrationLayout::Wide => headers.extend(item_columns.iter().cloned()),
    }
    headers.extend(extension_columns.headers());
    let mut table = TableOut::new(TABLE, headers);
    let lead = |p: &Plan<'_>| (!p.votes.is_empty()).then(|| how.consensus.clone());
    for p in &plans {
        let admin = p.admin;
        let start = |who: Option<String>, first: bool| {
            let mut row = vec![Cell::Date(admin.date), Cell::Text(subject_id(admin))];
            if with_votes {
                row.push(Cell::text(who));
            }
            row.extend(administration_cells(
                admin,
                first,
                with_listed,
                with_decision,
            ));
            row
        };
        let finish = |mut row: Vec<Cell>, first: bool| {
            if first {
                row.extend(extension_columns.cells(&p.extensions));
            } else {
                row.extend(extension_columns.headers().map(|_| Cell::Blank));
            }
            row
        };
        match layout {
            AdministrationLayout::Long => {
                let mut first = true;
                for r in &admin.responses {
                    let mut row = start(lead(p), first);
                    row.extend([Cell::Text(r.item.to_string()), value(r.value)]);
                    table.push(finish(row, first));
                    first = false;
                }
                if first {
                    // No response: a row naming the administration alone.
                    let mut row = start(lead(p), true);
                    row.extend([Cell::Blank, Cell::Blank]);
                    table.push(finish(row, true));
                }
                for v in &p.votes {
                    for r in &v.responses {
                        let mut row = start(Some(v.respondent.to_string()), false);
                        row.extend([Cell::Text(r.item.to_string()), value(r.value)]);
                        table.push(finish(row, false));
                    }
                }
            }
            AdministrationLayout::Wide => {
                let mut row = start(lead(p), true);
                row.extend(wide_cells(&item_columns, &admin.responses));
                table.push(finish(row, true));
                for v in &p.votes {
                    let mut row = start(Some(v.respondent.to_string()), false);
                    row.extend(wide_cells(&item_columns, &v.responses));
                    table.push(finish(row, false));
                }
            }
        }
    }
    vec![table]
}

/// The administration's own cells, `respondents` and `decision` (when the table has those
/// columns): filled on its first row, blank on the others.
fn administration_cells(
    admin: &Administration,
    first: bool,
    with_listed: bool,
    with_decision: bool,
) -> Vec<Cell> {
    let mut cells = Vec::new();
    if with_listed {
        let listed: Vec<&str> = admin.respondents.iter().map(PersonId::as_str).collect();
        cells.push(if first && !listed.is_empty() {
            Cell::Text(listed.join("; "))
        } else {
            Cell::Blank
        });
    }
    if with_decision {
        cells.push(match admin.decision {
            Some(d) if first => Cell::Text(d.as_str().to_string()),
            _ => Cell::Blank,
        });
    }
    cells
}

/// How one administration is written: `votes` as its members' rows when reading those rows
/// back gives the same `votes` again, else as an extension like any other.
fn plan<'d>(
    admin: &'d Administration,
    items: &Items<'_>,
    how: &AdministrationsOptions,
    layout: AdministrationLayout,
) -> Plan<'d> {
    let as_is = |admin: &'d Administration| Plan {
        admin,
        votes: Vec::new(),
        extensions: Cow::Borrowed(&admin.extensions),
    };
    let Some(value) = admin.extensions.get(VOTES) else {
        return as_is(admin);
    };
    let Ok(votes) = serde_json::from_value::<Vec<Vote>>(value.clone()) else {
        return as_is(admin);
    };
    let ids: Vec<&str> = items
        .definition()
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    let mut who_voted = HashSet::new();
    let reads_back = !votes.is_empty()
        && votes.iter().all(|v| {
            let mut rated = HashSet::new();
            who_voted.insert(&v.respondent)
                && admin.respondents.contains(&v.respondent)
                && !how.is_consensus(v.respondent.as_str())
                && !v.responses.is_empty()
                && v.responses.iter().all(|r| rated.insert(&r.item))
                && (layout == AdministrationLayout::Long
                    || v.responses
                        .iter()
                        .map(|r| r.item.as_str())
                        .eq(ids.iter().copied()))
        })
        && votes
            .iter()
            .map(|v| vote(&v.respondent, &v.responses))
            .eq(value.as_array().into_iter().flatten().cloned());
    if !reads_back {
        return as_is(admin);
    }
    let mut extensions = admin.extensions.clone();
    extensions.remove(VOTES);
    Plan {
        admin,
        votes,
        extensions: Cow::Owned(extensions),
    }
}

/// The wide table's item columns: the instrument's items in order, then any other item
/// answered, in the order first answered.
fn item_columns(instrument: &InstrumentDefinition, plans: &[Plan<'_>]) -> Vec<String> {
    let mut columns: Vec<String> = instrument.items.iter().map(|i| i.id.to_string()).collect();
    let mut known: HashSet<String> = columns.iter().cloned().collect();
    let answered = plans.iter().flat_map(|p| {
        p.admin
            .responses
            .iter()
            .chain(p.votes.iter().flat_map(|v| v.responses.iter()))
    });
    for r in answered {
        if known.insert(r.item.to_string()) {
            columns.push(r.item.to_string());
        }
    }
    columns
}

/// One row's rating cells under the item columns: the first response to each item, blank
/// when unanswered or not answered.
fn wide_cells(columns: &[String], responses: &[Response]) -> Vec<Cell> {
    let mut by_item: HashMap<&str, Option<f64>> = HashMap::with_capacity(responses.len());
    for r in responses {
        by_item.entry(r.item.as_str()).or_insert(r.value);
    }
    columns
        .iter()
        .map(|c| value(by_item.get(c.as_str()).copied().flatten()))
        .collect()
}

/// A rating's cell: a number, or blank when unanswered.
fn value(v: Option<f64>) -> Cell {
    v.map_or(Cell::Blank, Cell::Number)
}

/// The subject's id, as the `subject` column writes it.
fn subject_id(admin: &Administration) -> String {
    match &admin.subject {
        crate::score::ScoreSubject::Unit(u) => u.to_string(),
        crate::score::ScoreSubject::Practitioner(p) => p.to_string(),
        crate::score::ScoreSubject::Team(t) => t.to_string(),
    }
}
