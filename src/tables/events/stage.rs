//! The `stage_changes` table: a site's moves from stage to stage of an innovation.
//!
//! Source of the events: NIRN Active Implementation Hub, module 4 "Implementation Stages" (a
//! stage belongs to a site and an innovation; sites move back as well as on). The table's
//! layout is the crate's own.

use super::Import;
use super::cells::wire;
use super::improvement::{optional_fits, table, text};
use crate::event::Event;
use crate::stage::{Stage, StageChange};
use crate::tables::source::Source;
use crate::tables::{Cell, Column, TableOut};

const STAGES: &str = "stage_changes";

const STAGE_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("site"),
    Column::required("innovation"),
    Column::required("stage"),
    Column::optional("note"),
];

/// Reads `stage_changes`, one change per row.
pub(super) fn read(import: &mut Import<'_>, source: &mut dyn Source) {
    import.simple(source, STAGES, "stage change", STAGE_COLUMNS, |cells| {
        let id = cells.event_id();
        let date = cells.required_date("date");
        let site = cells.required_id("site");
        let innovation = cells.required_id("innovation");
        let stage = cells.required_choice("stage", &Stage::ALL);
        let note = cells.text("note");
        let extensions = cells.extensions();
        let mut change = StageChange::new(id?, date?, site?, innovation?, stage?);
        change.note = note;
        change.extensions = extensions;
        Some(Event::StageChange(change))
    });
}

/// Why a stage change cannot be written and read back the same.
pub(super) fn fits(change: &StageChange) -> Result<(), String> {
    optional_fits("note", change.note.as_ref())
}

/// `stage_changes`, one row per change.
pub(super) fn write(changes: &[&StageChange]) -> TableOut {
    table(
        STAGES,
        STAGE_COLUMNS,
        changes,
        |c| &c.extensions,
        |c| {
            vec![
                Cell::Text(c.id.to_string()),
                Cell::Date(c.date),
                Cell::Text(c.site.to_string()),
                Cell::Text(c.innovation.to_string()),
                Cell::Text(wire(c.stage)),
                text(c.note.as_ref()),
            ]
        },
    )
}
