//! Plain text for a terminal: tables whose columns are as wide as their widest cell, so that a
//! long id or status never pushes the columns after it out of line.
//!
//! The reports' `Display` impls (the loop report, the alignment report, the usability report)
//! and the command line's tables use it; so can a program printing its own.
//!
//! ```
//! use implsci::text::{Align, Table};
//!
//! let mut table = Table::new().indent(2).align(1, Align::Right);
//! table.row(["unit", "practitioners", "level"]);
//! table.row(["lincoln-elementary", "6", "school"]);
//! table.row(["wake", "19", "district"]);
//! assert_eq!(table.to_string(), concat!(
//!     "  unit                practitioners  level\n",
//!     "  lincoln-elementary              6  school\n",
//!     "  wake                           19  district\n",
//! ));
//! ```

use std::fmt;

/// How a column's cells sit in it.
///
/// ```
/// use implsci::text::{Align, Table};
/// let mut table = Table::new().align(0, Align::Right);
/// table.row(["1"]);
/// table.row(["100"]);
/// assert_eq!(table.to_string(), "  1\n100\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Align {
    /// Against the left edge (text).
    #[default]
    Left,
    /// Against the right edge (numbers).
    Right,
}

/// What a table holds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Row(Vec<String>),
    Line(String),
}

/// A text table: rows of cells, each column as wide as its widest cell, two spaces between
/// columns, no space at the end of a line.
///
/// The first row is usually the header; nothing sets it apart. A [`Table::line`] between rows
/// is printed as it is, and does not widen the columns.
///
/// ```
/// use implsci::text::Table;
///
/// let mut table = Table::new();
/// table.row(["criterion", "status"]);
/// table.row(["1. a clear description", "met"]);
/// table.line("     - no inclusion criteria");
/// table.row(["2. clear essential functions", "partly"]);
/// assert_eq!(table.to_string(), "\
/// criterion                     status
/// 1. a clear description        met
///      - no inclusion criteria
/// 2. clear essential functions  partly
/// ");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    indent: usize,
    align: Vec<Align>,
    entries: Vec<Entry>,
}

impl Table {
    /// An empty table: no indent, every column left-aligned.
    ///
    /// ```
    /// assert_eq!(implsci::text::Table::new().to_string(), "");
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Indents every row by `spaces` spaces.
    ///
    /// ```
    /// let mut table = implsci::text::Table::new().indent(4);
    /// table.row(["a", "b"]);
    /// assert_eq!(table.to_string(), "    a  b\n");
    /// ```
    #[must_use]
    pub fn indent(mut self, spaces: usize) -> Self {
        self.indent = spaces;
        self
    }

    /// Aligns the cells of column `column` (from 0).
    ///
    /// ```
    /// use implsci::text::{Align, Table};
    /// let mut table = Table::new().align(1, Align::Right);
    /// table.row(["hours", "12.5"]);
    /// table.row(["cycles", "3"]);
    /// assert_eq!(table.to_string(), "hours   12.5\ncycles     3\n");
    /// ```
    #[must_use]
    pub fn align(mut self, column: usize, align: Align) -> Self {
        if self.align.len() <= column {
            self.align.resize(column + 1, Align::Left);
        }
        self.align[column] = align;
        self
    }

    /// Adds a row. Rows may have different numbers of cells; a missing cell is empty.
    ///
    /// ```
    /// let mut table = implsci::text::Table::new();
    /// table.row(["item", "status", "closure"]);
    /// table.row(["e-1", "open"]);
    /// assert_eq!(table.to_string(), "item  status  closure\ne-1   open\n");
    /// ```
    pub fn row<I>(&mut self, cells: I)
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.entries
            .push(Entry::Row(cells.into_iter().map(Into::into).collect()));
    }

    /// Adds a line printed as it is, between the rows (no indent; it does not widen the
    /// columns).
    ///
    /// ```
    /// let mut table = implsci::text::Table::new().indent(2);
    /// table.row(["a", "1"]);
    /// table.line("  (a note that is wider than the table)");
    /// table.row(["bb", "2"]);
    /// assert_eq!(table.to_string(), "  a   1\n  (a note that is wider than the table)\n  bb  2\n");
    /// ```
    pub fn line(&mut self, text: impl Into<String>) {
        self.entries.push(Entry::Line(text.into()));
    }

    /// True when the table has no rows and no lines.
    ///
    /// ```
    /// let mut table = implsci::text::Table::new();
    /// assert!(table.is_empty());
    /// table.row(["x"]);
    /// assert!(!table.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Each column's width, in characters.
    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = Vec::new();
        for entry in &self.entries {
            if let Entry::Row(cells) = entry {
                if widths.len() < cells.len() {
                    widths.resize(cells.len(), 0);
                }
                for (w, cell) in widths.iter_mut().zip(cells) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        widths
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths = self.widths();
        let mut line = String::new();
        for entry in &self.entries {
            let cells = match entry {
                Entry::Line(text) => {
                    writeln!(f, "{text}")?;
                    continue;
                }
                Entry::Row(cells) => cells,
            };
            line.clear();
            line.extend(std::iter::repeat_n(' ', self.indent));
            for (column, width) in widths.iter().enumerate() {
                if column > 0 {
                    line.push_str("  ");
                }
                let cell = cells.get(column).map_or("", String::as_str);
                let pad = width - cell.chars().count();
                match self.align.get(column).copied().unwrap_or_default() {
                    Align::Left => {
                        line.push_str(cell);
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        line.extend(std::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                }
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_widest_cell_in_characters() {
        let mut table = Table::new().align(2, Align::Right);
        table.row(["item", "status", "days"]);
        table.row([
            "e-0032",
            "open at brunswick-dit, 40 d, stuck at brunswick",
            "-",
        ]);
        table.row(["é", "closed", "30 d"]);
        assert_eq!(
            table.to_string(),
            "\
item    status                                           days
e-0032  open at brunswick-dit, 40 d, stuck at brunswick     -
é       closed                                           30 d
"
        );
    }

    #[test]
    fn no_space_at_the_end_of_a_line() {
        let mut table = Table::new().indent(2);
        table.row(["a", "", ""]);
        table.row(["b", "c", ""]);
        table.row(["dd", "ee", "ff"]);
        assert_eq!(table.to_string(), "  a\n  b   c\n  dd  ee  ff\n");
    }
}
