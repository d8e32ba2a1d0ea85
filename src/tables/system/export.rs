//! Writing a system document as its tables.

use super::{CASELOADS, COACHES, LEVELS, LINKS, MEMBERS, PRACTITIONERS, SYSTEM, TEAMS, UNITS};
use crate::Extensions;
use crate::id::{LevelId, UnitId};
use crate::system::{CoachPerson, LinkKind, SystemDocument};
use crate::tables::write::ExtensionColumns;
use crate::tables::{Cell, TableOut, TableSpec};

/// The tables of a system document, every one of [`SYSTEM_TABLES`](super::SYSTEM_TABLES)
/// (empty ones with their headers), each entity's extensions in columns of their own, so that
/// [`import_system`](super::import_system) reads back the same document.
///
/// ```
/// use implsci::Document;
/// use implsci::system::SystemDocument;
/// use implsci::tables::export_system;
/// let doc = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let tables = export_system(&doc);
/// let units = tables.iter().find(|t| t.name == "units").unwrap();
/// assert_eq!(units.rows.len(), doc.units.len());
/// assert_eq!(units.headers[..4], ["id", "level", "parent", "name"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn export_system(doc: &SystemDocument) -> Vec<TableOut> {
    vec![
        system(doc),
        table(
            &LEVELS,
            doc.levels
                .iter()
                .map(|l| (vec![text(l.id.as_str()), text(&l.name)], &l.extensions)),
        ),
        units(doc),
        teams(doc),
        members(doc),
        links(doc),
        practitioners(doc),
        coaches(doc),
        caseloads(doc),
    ]
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn system(doc: &SystemDocument) -> TableOut {
    let settings = &doc.settings;
    let require: Vec<&str> = settings
        .require_team_at
        .iter()
        .map(LevelId::as_str)
        .collect();
    let row = vec![
        text(doc.id.as_str()),
        text(&doc.name),
        Cell::Number(f64::from(settings.team_size.min)),
        settings
            .team_size
            .max
            .map_or_else(|| text("none"), |max| Cell::Number(f64::from(max))),
        if require.is_empty() {
            Cell::Blank
        } else {
            text(&require.join(";"))
        },
    ];
    table(&SYSTEM, [(row, &doc.extensions)])
}

fn units(doc: &SystemDocument) -> TableOut {
    table(
        &UNITS,
        doc.units.iter().map(|u| {
            let cells = vec![
                text(u.id.as_str()),
                text(u.level.as_str()),
                Cell::text(u.parent.as_ref().map(UnitId::as_str)),
                Cell::text(u.name.as_deref()),
            ];
            (cells, &u.extensions)
        }),
    )
}

fn teams(doc: &SystemDocument) -> TableOut {
    table(
        &TEAMS,
        doc.teams.iter().map(|t| {
            let cells = vec![
                text(t.id.as_str()),
                text(t.unit.as_str()),
                Cell::text(t.name.as_deref()),
                Cell::date(t.start),
                Cell::date(t.end),
                innovations(&t.innovations),
            ];
            (cells, &t.extensions)
        }),
    )
}

/// Every member with an explicit role and start, so no default is needed to read them back.
fn members(doc: &SystemDocument) -> TableOut {
    table(
        &MEMBERS,
        doc.teams.iter().flat_map(|t| {
            t.members.iter().map(move |m| {
                let cells = vec![
                    text(t.id.as_str()),
                    text(m.person.as_str()),
                    text(m.role.as_str()),
                    Cell::Date(m.start),
                    Cell::date(m.end),
                ];
                (cells, &m.extensions)
            })
        }),
    )
}

fn links(doc: &SystemDocument) -> TableOut {
    table(
        &LINKS,
        doc.links.iter().map(|l| {
            let kind = match l.kind {
                LinkKind::Supports => "supports",
                LinkKind::ReportsTo => "reports_to",
                LinkKind::CollaboratesWith => "collaborates_with",
            };
            let cells = vec![
                text(l.from.as_str()),
                text(l.to.as_str()),
                text(kind),
                Cell::Date(l.start),
                Cell::date(l.end),
            ];
            (cells, &l.extensions)
        }),
    )
}

fn practitioners(doc: &SystemDocument) -> TableOut {
    table(
        &PRACTITIONERS,
        doc.practitioners.iter().map(|p| {
            let cells = vec![
                text(p.id.as_str()),
                text(p.unit.as_str()),
                text(p.role.as_str()),
                Cell::date(p.start),
                Cell::date(p.end),
            ];
            (cells, &p.extensions)
        }),
    )
}

fn coaches(doc: &SystemDocument) -> TableOut {
    table(
        &COACHES,
        doc.coaches.iter().map(|c| {
            let (person, team) = match &c.person {
                CoachPerson::Practitioner(p) => (p.as_str(), Cell::Blank),
                CoachPerson::TeamMember { team, person } => (person.as_str(), text(team.as_str())),
            };
            let cells = vec![
                text(c.id.as_str()),
                text(person),
                team,
                Cell::Number(f64::from(c.capacity)),
            ];
            (cells, &c.extensions)
        }),
    )
}

/// A team's focus innovations in one cell, `;`-separated; blank for every innovation.
fn innovations(list: &[crate::id::InnovationId]) -> Cell {
    if list.is_empty() {
        return Cell::Blank;
    }
    let ids: Vec<&str> = list.iter().map(crate::id::InnovationId::as_str).collect();
    text(&ids.join("; "))
}

/// Each coach's caseload for every innovation (a blank `innovation`), then their caseload for
/// each innovation, in the document's order.
fn caseloads(doc: &SystemDocument) -> TableOut {
    let none = Extensions::new();
    let mut rows: Vec<(Vec<Cell>, &Extensions)> = Vec::new();
    for c in &doc.coaches {
        for p in &c.caseload {
            rows.push((
                vec![text(c.id.as_str()), text(p.as_str()), Cell::Blank],
                &none,
            ));
        }
        for load in &c.innovation_caseloads {
            for p in &load.practitioners {
                let innovation = text(load.innovation.as_str());
                rows.push((
                    vec![text(c.id.as_str()), text(p.as_str()), innovation],
                    &none,
                ));
            }
        }
    }
    table(&CASELOADS, rows)
}

/// A table of these rows, each followed by its extensions' cells.
fn table<'a>(
    spec: &TableSpec,
    rows: impl IntoIterator<Item = (Vec<Cell>, &'a Extensions)> + Clone,
) -> TableOut {
    let extensions = ExtensionColumns::of(rows.clone().into_iter().map(|(_, e)| e), spec.columns);
    let mut out = TableOut::new(
        spec.name,
        spec.headers()
            .map(str::to_string)
            .chain(extensions.headers()),
    );
    for (mut cells, ext) in rows {
        cells.extend(extensions.cells(ext));
        out.push(cells);
    }
    out
}
