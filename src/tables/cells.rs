//! Reading one cell as the value a document needs (an id, a date, a whole number), each
//! problem recorded at its cell.

use std::str::FromStr;

use jiff::civil::Date;

use super::{DateFormat, Row, Table, TableProblem};
use crate::id::IdError;

/// One row being read: its table, the row, and where its problems go.
pub(crate) struct Cells<'a> {
    pub(crate) table: &'a Table,
    pub(crate) row: &'a Row,
    pub(crate) problems: &'a mut Vec<TableProblem>,
    pub(crate) dates: &'a DateFormat,
}

impl<'a> Cells<'a> {
    /// The trimmed text of a cell, `None` when blank.
    pub(crate) fn text(&self, column: &str) -> Option<&'a str> {
        self.table.get(self.row, column)
    }

    /// Records a problem at a cell.
    pub(crate) fn problem(&mut self, column: &str, message: String) {
        let p = self.table.problem(self.row, column, message);
        self.problems.push(p);
    }

    /// A cell that must not be blank.
    pub(crate) fn required(&mut self, column: &str) -> Option<&'a str> {
        let value = self.table.get(self.row, column);
        if value.is_none() {
            self.problem(
                column,
                format!("the `{column}` is blank; this table needs one"),
            );
        }
        value
    }

    /// An identifier, if the cell has one.
    pub(crate) fn id<T: FromStr<Err = IdError>>(&mut self, column: &str) -> Option<T> {
        let text = self.text(column)?;
        self.parse_id(column, text)
    }

    /// A cell's text as an identifier.
    fn parse_id<T: FromStr<Err = IdError>>(&mut self, column: &str, text: &str) -> Option<T> {
        match text.parse() {
            Ok(id) => Some(id),
            Err(e) => {
                let message = format!("{text:?} is not an identifier: {e}");
                self.problem(column, message);
                None
            }
        }
    }

    /// An identifier the row must have.
    pub(crate) fn required_id<T: FromStr<Err = IdError>>(&mut self, column: &str) -> Option<T> {
        let text = self.required(column)?;
        self.parse_id(column, text)
    }

    /// A date, if the cell has one.
    pub(crate) fn date(&mut self, column: &str) -> Option<Date> {
        match self.table.date(self.row, column, self.dates) {
            Ok(d) => d,
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    /// A whole number from 0, if the cell has one.
    pub(crate) fn count(&mut self, column: &str) -> Option<u32> {
        let text = self.text(column)?;
        let n = text.parse::<u32>().ok();
        if n.is_none() {
            self.problem(column, format!("{text:?} is not a whole number from 0"));
        }
        n
    }

    /// The row's extensions: the cells of the columns the crate does not know.
    pub(crate) fn extensions(&mut self) -> crate::Extensions {
        match super::write::read_extensions(self.table, self.row) {
            Ok(ext) => ext,
            Err(p) => {
                self.problems.push(p);
                crate::Extensions::new()
            }
        }
    }
}
