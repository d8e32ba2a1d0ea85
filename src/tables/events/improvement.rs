//! The improvement tables: `pdsa_steps`, `usability_cycles`, and the practice–policy loop's
//! `loop_items`, `loop_hops` and `loop_resolutions`.
//!
//! Source of the events: NIRN Active Implementation Hub, module 5 "Improvement Cycles" (PDSA
//! cycles; usability testing; practice–policy communication loops, with facilitative
//! administration and systems intervention as the Organization drivers of module 2). The
//! tables' layout is the crate's own.

use super::Import;
use super::cells::{lines_fit, text_fits, wire};
use super::coaching::lines;
use crate::Extensions;
use crate::event::{Event, EventId};
use crate::improvement::{
    Authority, HopDirection, LoopHop, LoopItemKind, LoopRaised, LoopResolved, PdsaDecision,
    PdsaPhase, PdsaStep, PolicyChange, UsabilityCycle,
};
use crate::tables::source::Source;
use crate::tables::write::ExtensionColumns;
use crate::tables::{Cell, Column, TableOut};

const PDSA: &str = "pdsa_steps";
const USABILITY: &str = "usability_cycles";
const RAISED: &str = "loop_items";
const HOPS: &str = "loop_hops";
const RESOLVED: &str = "loop_resolutions";

const PDSA_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("cycle"),
    Column::required("unit"),
    Column::required("phase"),
    Column::optional("question"),
    Column::optional("prediction"),
    Column::optional("data"),
    Column::optional("result"),
    Column::optional("decision"),
    Column::optional("next"),
];

const USABILITY_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("test"),
    Column::optional("innovation"),
    Column::required("users"),
    Column::optional("changes"),
];

const RAISED_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("unit"),
    Column::required("item"),
    Column::required("description"),
];

const HOP_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("item"),
    Column::required("from"),
    Column::required("to"),
    Column::required("direction"),
];

const RESOLVED_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("item"),
    Column::required("team"),
    Column::required("authority"),
    Column::required("policy"),
    Column::optional("response"),
];

const PHASES: [PdsaPhase; 4] = [
    PdsaPhase::Plan,
    PdsaPhase::Do,
    PdsaPhase::Study,
    PdsaPhase::Act,
];
const DECISIONS: [PdsaDecision; 3] = [
    PdsaDecision::Adopt,
    PdsaDecision::Adapt,
    PdsaDecision::Abandon,
];
const ITEMS: [LoopItemKind; 2] = [LoopItemKind::Barrier, LoopItemKind::Success];
const DIRECTIONS: [HopDirection; 2] = [HopDirection::Up, HopDirection::Down];
const AUTHORITIES: [Authority; 2] = [
    Authority::FacilitativeAdministration,
    Authority::SystemsIntervention,
];
const POLICIES: [PolicyChange; 2] = [PolicyChange::Changed, PolicyChange::Unchanged];

/// Reads the improvement tables the source has, in the order of the event kinds.
pub(super) fn read_all(import: &mut Import<'_>, source: &mut dyn Source) {
    import.simple(source, PDSA, "PDSA step", PDSA_COLUMNS, |cells| {
        let id = cells.event_id();
        let date = cells.required_date("date");
        let cycle = cells.required_id("cycle");
        let unit = cells.required_id("unit");
        let phase = cells.required_choice("phase", &PHASES);
        let question = cells.text("question");
        let prediction = cells.text("prediction");
        let data_collected = cells.lines("data");
        let result = cells.text("result");
        let decision = cells.choice("decision", &DECISIONS);
        let next = cells.id("next");
        let extensions = cells.extensions();
        let mut step = PdsaStep::new(id?, date?, cycle?, unit?, phase?);
        step.question = question;
        step.prediction = prediction;
        step.data = data_collected;
        step.result = result;
        step.decision = decision;
        step.next = next;
        step.extensions = extensions;
        Some(Event::PdsaStep(step))
    });
    import.simple(
        source,
        USABILITY,
        "usability cycle",
        USABILITY_COLUMNS,
        |cells| {
            let id = cells.event_id();
            let date = cells.required_date("date");
            let test = cells.required_id("test");
            let innovation = cells.id("innovation");
            let users = cells.whole("users", "users");
            let changes = cells.lines("changes");
            let extensions = cells.extensions();
            let mut cycle = UsabilityCycle::new(id?, date?, test?, users?);
            cycle.innovation = innovation;
            cycle.changes = changes;
            cycle.extensions = extensions;
            Some(Event::UsabilityCycle(cycle))
        },
    );
    import.simple(source, RAISED, "loop item", RAISED_COLUMNS, |cells| {
        let id = cells.event_id();
        let date = cells.required_date("date");
        let unit = cells.required_id("unit");
        let item = cells.required_choice("item", &ITEMS);
        let description = cells.required_text("description");
        let extensions = cells.extensions();
        let mut raised = LoopRaised::new(id?, date?, unit?, item?, description?);
        raised.extensions = extensions;
        Some(Event::LoopRaised(raised))
    });
    import.simple(source, HOPS, "loop hop", HOP_COLUMNS, |cells| {
        let id = cells.event_id();
        let date = cells.required_date("date");
        let item: Option<EventId> = cells.required_id("item");
        let from = cells.required_id("from");
        let to = cells.required_id("to");
        let direction = cells.required_choice("direction", &DIRECTIONS);
        let extensions = cells.extensions();
        let mut hop = LoopHop::new(id?, date?, item?, from?, to?, direction?);
        hop.extensions = extensions;
        Some(Event::LoopHop(hop))
    });
    import.simple(
        source,
        RESOLVED,
        "loop resolution",
        RESOLVED_COLUMNS,
        |cells| {
            let id = cells.event_id();
            let date = cells.required_date("date");
            let item: Option<EventId> = cells.required_id("item");
            let team = cells.required_id("team");
            let authority = cells.required_choice("authority", &AUTHORITIES);
            let policy = cells.required_choice("policy", &POLICIES);
            let response = cells.text("response");
            let extensions = cells.extensions();
            let mut resolved = LoopResolved::new(id?, date?, item?, team?, authority?, policy?);
            resolved.response = response;
            resolved.extensions = extensions;
            Some(Event::LoopResolved(resolved))
        },
    );
}

/// Why an optional text cannot be written and read back the same.
pub(super) fn optional_fits(field: &str, value: Option<&String>) -> Result<(), String> {
    value.map_or(Ok(()), |v| text_fits(field, v))
}

/// Why a PDSA step cannot be written and read back the same.
pub(super) fn pdsa_fits(step: &PdsaStep) -> Result<(), String> {
    optional_fits("question", step.question.as_ref())?;
    optional_fits("prediction", step.prediction.as_ref())?;
    lines_fit("data", &step.data)?;
    optional_fits("result", step.result.as_ref())
}

/// Why a usability cycle cannot be written and read back the same.
pub(super) fn usability_fits(cycle: &UsabilityCycle) -> Result<(), String> {
    lines_fit("changes", &cycle.changes)
}

/// Why a raised loop item cannot be written and read back the same.
pub(super) fn raised_fits(raised: &LoopRaised) -> Result<(), String> {
    text_fits("description", &raised.description)
}

/// Why a loop resolution cannot be written and read back the same.
pub(super) fn resolved_fits(resolved: &LoopResolved) -> Result<(), String> {
    optional_fits("response", resolved.response.as_ref())
}

/// A table of `columns` and the extensions of `events`, one row each.
pub(super) fn table<E>(
    name: &str,
    columns: &[Column],
    events: &[&E],
    extensions: impl Fn(&E) -> &Extensions,
    cells: impl Fn(&E) -> Vec<Cell>,
) -> TableOut {
    let ext = ExtensionColumns::of(events.iter().map(|e| extensions(e)), columns);
    let headers = columns.iter().map(|c| c.name().to_string());
    let mut out = TableOut::new(name, headers.chain(ext.headers()));
    for e in events {
        let mut row = cells(e);
        row.extend(ext.cells(extensions(e)));
        out.push(row);
    }
    out
}

/// Text, or blank.
pub(super) fn text(value: Option<&impl ToString>) -> Cell {
    Cell::text(value.map(ToString::to_string))
}

/// `pdsa_steps`, one row per phase.
pub(super) fn write_pdsa(steps: &[&PdsaStep]) -> TableOut {
    table(
        PDSA,
        PDSA_COLUMNS,
        steps,
        |s| &s.extensions,
        |s| {
            vec![
                Cell::Text(s.id.to_string()),
                Cell::Date(s.date),
                Cell::Text(s.cycle.to_string()),
                Cell::Text(s.unit.to_string()),
                Cell::Text(wire(s.phase)),
                text(s.question.as_ref()),
                text(s.prediction.as_ref()),
                lines(&s.data),
                text(s.result.as_ref()),
                Cell::text(s.decision.map(wire)),
                text(s.next.as_ref()),
            ]
        },
    )
}

/// `usability_cycles`, one row per cycle.
pub(super) fn write_usability(cycles: &[&UsabilityCycle]) -> TableOut {
    table(
        USABILITY,
        USABILITY_COLUMNS,
        cycles,
        |c| &c.extensions,
        |c| {
            vec![
                Cell::Text(c.id.to_string()),
                Cell::Date(c.date),
                Cell::Text(c.test.to_string()),
                text(c.innovation.as_ref()),
                Cell::Number(f64::from(c.users)),
                lines(&c.changes),
            ]
        },
    )
}

/// `loop_items`, one row per item raised.
pub(super) fn write_raised(raised: &[&LoopRaised]) -> TableOut {
    table(
        RAISED,
        RAISED_COLUMNS,
        raised,
        |r| &r.extensions,
        |r| {
            vec![
                Cell::Text(r.id.to_string()),
                Cell::Date(r.date),
                Cell::Text(r.unit.to_string()),
                Cell::Text(wire(r.item)),
                Cell::Text(r.description.clone()),
            ]
        },
    )
}

/// `loop_hops`, one row per hop.
pub(super) fn write_hops(hops: &[&LoopHop]) -> TableOut {
    table(
        HOPS,
        HOP_COLUMNS,
        hops,
        |h| &h.extensions,
        |h| {
            vec![
                Cell::Text(h.id.to_string()),
                Cell::Date(h.date),
                Cell::Text(h.item.to_string()),
                Cell::Text(h.from.to_string()),
                Cell::Text(h.to.to_string()),
                Cell::Text(wire(h.direction)),
            ]
        },
    )
}

/// `loop_resolutions`, one row per resolution.
pub(super) fn write_resolved(resolved: &[&LoopResolved]) -> TableOut {
    table(
        RESOLVED,
        RESOLVED_COLUMNS,
        resolved,
        |r| &r.extensions,
        |r| {
            vec![
                Cell::Text(r.id.to_string()),
                Cell::Date(r.date),
                Cell::Text(r.item.to_string()),
                Cell::Text(r.team.to_string()),
                Cell::Text(wire(r.authority)),
                Cell::Text(wire(r.policy)),
                text(r.response.as_ref()),
            ]
        },
    )
}
