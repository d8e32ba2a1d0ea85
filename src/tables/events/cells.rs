//! Reading one row of an event table: each cell as the type its event field has, each problem
//! at its cell; and the checks that say whether an event's value can be written to a cell and
//! read back the same.

use std::str::FromStr;

use jiff::civil::Date;
use serde::Serialize;

use super::super::write::{EXTENSION_PREFIX, JSON_SUFFIX, read_extensions};
use super::super::{DateFormat, Row, Table, TableProblem, normalize_header};
use crate::Extensions;
use crate::id::{EventId, IdError};

/// One row being read into an event: its cells, and the problems found in them. An event is
/// made from the row only when [`RowCells::ok`] holds.
pub(super) struct RowCells<'a> {
    pub(super) table: &'a Table,
    pub(super) row: &'a Row,
    pub(super) problems: &'a mut Vec<TableProblem>,
    format: &'a DateFormat,
    /// The table's name (`coaching_sessions`), for made ids.
    name: &'static str,
    /// The event, in words (`coaching session`), for messages.
    thing: &'static str,
    before: usize,
}

impl<'a> RowCells<'a> {
    pub(super) fn new(
        table: &'a Table,
        row: &'a Row,
        problems: &'a mut Vec<TableProblem>,
        format: &'a DateFormat,
        name: &'static str,
        thing: &'static str,
    ) -> Self {
        let before = problems.len();
        Self {
            table,
            row,
            problems,
            format,
            name,
            thing,
            before,
        }
    }

    /// Whether no cell of the row has had a problem.
    pub(super) fn ok(&self) -> bool {
        self.problems.len() == self.before
    }

    /// Records a problem at a cell.
    pub(super) fn refuse(&mut self, column: &str, message: String) {
        self.problems
            .push(self.table.problem(self.row, column, message));
    }

    /// The row's number, as a spreadsheet shows it.
    pub(super) fn number(&self) -> u64 {
        self.row.number()
    }

    /// A cell, trimmed; `None` when blank or absent.
    pub(super) fn get(&self, column: &str) -> Option<&'a str> {
        self.table.get(self.row, column)
    }

    /// The problem of a required cell left blank.
    fn blank(&mut self, column: &str) {
        let message = format!("blank; a {} needs its {column}", self.thing);
        self.refuse(column, message);
    }

    /// The event's id: the `id` cell, or, when the table has no `id` column or the cell is
    /// blank, `TABLE-ROW` (`coaching_sessions-7`).
    pub(super) fn event_id(&mut self) -> Option<EventId> {
        match self.get("id") {
            Some(_) => self.id("id"),
            None => self.made_id(),
        }
    }

    /// The id made from the table's name and the row's number.
    pub(super) fn made_id(&self) -> Option<EventId> {
        // ASCII letters, `_`, `-` and digits: always a valid id.
        EventId::new(format!("{}-{}", self.name, self.number())).ok()
    }

    /// Text; `None` when blank.
    pub(super) fn text(&self, column: &str) -> Option<String> {
        self.get(column).map(str::to_string)
    }

    /// Text that must be there.
    pub(super) fn required_text(&mut self, column: &str) -> Option<String> {
        let text = self.text(column);
        if text.is_none() {
            self.blank(column);
        }
        text
    }

    /// A list of text items, one per line of the cell; blank lines are passed over.
    pub(super) fn lines(&self, column: &str) -> Vec<String> {
        self.get(column).map_or_else(Vec::new, |cell| {
            cell.lines()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
    }

    /// An id; `None` when blank, or (with a problem) not an id.
    pub(super) fn id<T: FromStr<Err = IdError>>(&mut self, column: &str) -> Option<T> {
        let cell = self.get(column)?;
        match cell.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                self.refuse(column, format!("{cell:?} is not an id: {e}"));
                None
            }
        }
    }

    /// An id that must be there.
    pub(super) fn required_id<T: FromStr<Err = IdError>>(&mut self, column: &str) -> Option<T> {
        if self.get(column).is_none() {
            self.blank(column);
            return None;
        }
        self.id(column)
    }

    /// A list of ids separated by `;` (or one per line); empty items are passed over.
    pub(super) fn ids<T: FromStr<Err = IdError>>(&mut self, column: &str) -> Vec<T> {
        let Some(cell) = self.get(column) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in cell.split([';', '\n']).map(str::trim) {
            if item.is_empty() {
                continue;
            }
            match item.parse() {
                Ok(id) => out.push(id),
                Err(e) => self.refuse(column, format!("{item:?} is not an id: {e}")),
            }
        }
        out
    }

    /// A date in the table's format; `None` when blank or (with a problem) not a date.
    pub(super) fn date(&mut self, column: &str) -> Option<Date> {
        match self.table.date(self.row, column, self.format) {
            Ok(d) => d,
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    /// A date that must be there.
    pub(super) fn required_date(&mut self, column: &str) -> Option<Date> {
        if self.get(column).is_none() {
            self.blank(column);
            return None;
        }
        self.date(column)
    }

    /// One of `all`, matched as headers are (`Action Steps`, `action-steps` and
    /// `action_steps` are one value); a cell that is none of them is a problem listing them.
    pub(super) fn choice<T: Copy + Serialize>(&mut self, column: &str, all: &[T]) -> Option<T> {
        let cell = self.get(column)?;
        match pick(cell, column, all) {
            Ok(v) => Some(v),
            Err(message) => {
                self.refuse(column, message);
                None
            }
        }
    }

    /// One of `all`, that must be there.
    pub(super) fn required_choice<T: Copy + Serialize>(
        &mut self,
        column: &str,
        all: &[T],
    ) -> Option<T> {
        if self.get(column).is_none() {
            self.blank(column);
            return None;
        }
        self.choice(column, all)
    }

    /// A whole number (`14`, or `14.0` as a workbook may write it) that must be there.
    pub(super) fn whole(&mut self, column: &str, of: &str) -> Option<u32> {
        let Some(cell) = self.get(column) else {
            self.blank(column);
            return None;
        };
        if let Ok(n) = cell.parse::<u32>() {
            return Some(n);
        }
        match cell.parse::<f64>() {
            // In range and without a fraction: the cast is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(x) if x.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&x) => Some(x as u32),
            _ => {
                self.refuse(column, format!("{cell:?} is not a whole number of {of}"));
                None
            }
        }
    }

    /// A number of at least zero, finite; `None` when blank or (with a problem) not one.
    fn amount(&mut self, column: &str, of: &str) -> Option<f64> {
        let cell = self.get(column)?;
        match cell.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            Ok(_) => {
                let message = format!("{cell:?} is not a number of {of} (zero or more)");
                self.refuse(column, message);
                None
            }
            Err(_) => {
                self.refuse(column, format!("{cell:?} is not a number of {of}"));
                None
            }
        }
    }

    /// Time spent, in hours: an `hours` cell, or a `minutes` cell divided by 60; not both.
    pub(super) fn hours(&mut self) -> Option<f64> {
        let hours = self.amount("hours", "hours");
        let minutes = self.amount("minutes", "minutes");
        match (hours, minutes) {
            (Some(_), Some(_)) => {
                let message = "both hours and minutes; give one of them".to_string();
                self.refuse("minutes", message);
                None
            }
            (Some(h), None) => Some(h),
            (None, Some(m)) => Some(m / 60.0),
            (None, None) => None,
        }
    }

    /// The row's extensions: its cells under the columns the crate does not know
    /// (`read_extensions`).
    pub(super) fn extensions(&mut self) -> Extensions {
        match read_extensions(self.table, self.row) {
            Ok(ext) => ext,
            Err(p) => {
                self.problems.push(p);
                Extensions::new()
            }
        }
    }

    /// The row's extensions, except the columns `skip` claims (a session's `rating:`
    /// columns).
    pub(super) fn extensions_except(&mut self, skip: impl Fn(&str) -> bool) -> Extensions {
        self.extension_cells(skip)
            .into_iter()
            .map(|(key, value, _)| (key, value))
            .collect()
    }

    /// The row's extensions, each with the header it was read from: an extension given twice
    /// in the row, or a `KEY [json]` cell that is not JSON, is a problem at its cell.
    pub(super) fn extension_cells(
        &mut self,
        skip: impl Fn(&str) -> bool,
    ) -> Vec<(String, serde_json::Value, &'a str)> {
        let mut out: Vec<(String, serde_json::Value, &'a str)> = Vec::new();
        for (header, cell) in self.table.extra(self.row) {
            if skip(header) {
                continue;
            }
            let (name, json) = match header.strip_suffix(JSON_SUFFIX) {
                Some(name) => (name, true),
                None => (header, false),
            };
            let key = name.strip_prefix(EXTENSION_PREFIX).unwrap_or(name);
            let value = if json {
                match serde_json::from_str(cell) {
                    Ok(v) => v,
                    Err(e) => {
                        self.refuse_at_header(header, format!("{cell:?} is not JSON: {e}"));
                        continue;
                    }
                }
            } else {
                serde_json::Value::String(cell.to_string())
            };
            if out.iter().any(|(k, _, _)| k == key) {
                self.refuse_at_header(header, format!("the extension `{key}` again in this row"));
                continue;
            }
            out.push((key.to_string(), value, header));
        }
        out
    }

    /// Records a problem at the cell under a header the crate does not know.
    pub(super) fn refuse_at_header(&mut self, header: &str, message: String) {
        let p = self.table.problem_at_header(self.row, header, message);
        self.problems.push(p);
    }
}

/// The one of `all` a cell names, matched as headers are; or the problem, listing them.
pub(super) fn pick<T: Copy + Serialize>(cell: &str, what: &str, all: &[T]) -> Result<T, String> {
    let wanted = normalize_header(cell);
    if let Some(v) = all.iter().find(|v| normalize_header(&wire(**v)) == wanted) {
        return Ok(*v);
    }
    let names: Vec<String> = all.iter().map(|v| wire(*v)).collect();
    Err(format!(
        "{cell:?} is not a {what}; expected one of: {}",
        names.join(", ")
    ))
}

/// A value's name on the wire (`action_steps`).
pub(super) fn wire<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Why a text field cannot go in a cell and come back the same: cells are read trimmed, and
/// a blank cell is no value.
pub(super) fn text_fits(field: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        Err(format!("its {field} is empty, which a cell reads as blank"))
    } else if value.trim() != value {
        Err(format!(
            "its {field} {value:?} starts or ends with whitespace, which a cell trims"
        ))
    } else {
        Ok(())
    }
}

/// Why a list of text items cannot go one per line in a cell.
pub(super) fn lines_fit(field: &str, items: &[String]) -> Result<(), String> {
    for item in items {
        text_fits(field, item)?;
        if item.contains(['\n', '\r']) {
            return Err(format!(
                "an item of its {field} has a line break, and a cell holds one item per line"
            ));
        }
    }
    Ok(())
}

/// Why a list of ids cannot go in a cell separated by `;`.
pub(super) fn ids_fit<T: AsRef<str>>(field: &str, ids: &[T]) -> Result<(), String> {
    match ids.iter().find(|id| id.as_ref().contains(';')) {
        Some(id) => Err(format!(
            "{field} `{}` holds a `;`, which separates the ids of a cell",
            id.as_ref()
        )),
        None => Ok(()),
    }
}

/// Why a date cannot be written as `YYYY-MM-DD`.
pub(super) fn date_fits(field: &str, date: Date) -> Result<(), String> {
    if crate::date::is_writable(date) {
        Ok(())
    } else {
        Err(format!(
            "its {field} {date} has no four-digit year, so it is not read back"
        ))
    }
}

/// Why a number of hours cannot be written and read back.
pub(super) fn hours_fit(hours: Option<f64>) -> Result<(), String> {
    match hours {
        Some(h) if !(h.is_finite() && h >= 0.0) => Err(format!(
            "its hours {h} is not a finite number of at least zero"
        )),
        _ => Ok(()),
    }
}

/// The joined cell of a list of ids.
pub(super) fn join_ids<T: AsRef<str>>(ids: &[T]) -> String {
    ids.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("; ")
}
