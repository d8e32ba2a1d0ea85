//! Writing a system document as its tables.

use super::{CASELOADS, COACHES, LEVELS, LINKS, MEMBERS, PRACTITIONERS, SYSTEM, TEAMS, UNITS};
use crate::Extensions;
use crate::system::{CoachPerson, LinkKind, SizeRange, SystemDocument};
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
    let text = |s: &str| Cell::Text(s.to_string());
    let opt = |s: Option<&str>| Cell::text(s);
    let mut out = Vec::new();

    let settings = &doc.settings;
    let default = SizeRange::default();
    let require: Vec<&str> = settings.require_team_at.iter().map(|l| l.as_str()).collect();
    let system = [(
        vec![
            text(doc.id.as_str()),
            text(&doc.name),
            Cell::Number(f64::from(settings.team_size.min)),
            Cell::Number(f64::from(settings.team_size.max)),
            if require.is_empty() {
                Cell::Blank
            } else {
                text(&require.join(";"))
            },
        ],
        &doc.extensions,
    )];
    let _ = default;
    out.push(table(&SYSTEM, system));

    out.push(table(
        &LEVELS,
        doc.levels
            .iter()
            .map(|l| (vec![text(l.id.as_str()), text(&l.name)], &l.extensions)),
    ));
    out.push(table(
        &UNITS,
        doc.units.iter().map(|u| {
            let cells = vec![
                text(u.id.as_str()),
                text(u.level.as_str()),
                opt(u.parent.as_ref().map(|p| p.as_str())),
                opt(u.name.as_deref()),
            ];
            (cells, &u.extensions)
        }),
    ));
    out.push(table(
        &TEAMS,
        doc.teams.iter().map(|t| {
            let cells = vec![
                text(t.id.as_str()),
                text(t.unit.as_str()),
                opt(t.name.as_deref()),
                Cell::date(t.start),
                Cell::date(t.end),
            ];
            (cells, &t.extensions)
        }),
    ));
    out.push(table(
        &MEMBERS,
        doc.teams.iter().flat_map(|t| {
            t.members.iter().map(move |m| {
                let cells = vec![
                    Cell::Text(t.id.to_string()),
                    Cell::Text(m.person.to_string()),
                    Cell::Text(m.role.to_string()),
                    Cell::Date(m.start),
                    Cell::date(m.end),
                ];
                (cells, &m.extensions)
            })
        }),
    ));
    out.push(table(
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
    ));
    out.push(table(
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
    ));
    out.push(table(
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
    ));
    let none = Extensions::new();
    out.push(table(
        &CASELOADS,
        doc.coaches.iter().flat_map(|c| {
            c.caseload
                .iter()
                .map(|p| (vec![text(c.id.as_str()), text(p.as_str())], &none))
        })
        .collect::<Vec<_>>(),
    ));
    out
}

/// A table of these rows, each followed by its extensions' cells.
fn table<'a>(
    spec: &TableSpec,
    rows: impl IntoIterator<Item = (Vec<Cell>, &'a Extensions)> + Clone,
) -> TableOut {
    let extensions = ExtensionColumns::of(rows.clone().into_iter().map(|(_, e)| e), spec.columns);
    let mut out = TableOut::new(spec.name, spec.headers().map(str::to_string).chain(extensions.headers()));
    for (mut cells, ext) in rows {
        cells.extend(extensions.cells(ext));
        out.push(cells);
    }
    out
}
