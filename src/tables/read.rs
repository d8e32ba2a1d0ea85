//! One CSV table read against the columns it may have.

use std::fmt;
use std::io;

use jiff::civil::Date;

use super::columns::{Column, ColumnMap};
use super::dates::DateFormat;
use super::normalize_header;
use super::reader::{CsvRecords, HeaderAt, Origin, TableReader};

/// One problem of a table: where (file, row, column and its header) and what.
///
/// ```
/// use implsci::tables::{Column, ColumnMap, Table};
/// let err = Table::read("name\nLincoln\n".as_bytes(), "units.csv", &[Column::required("id")], &ColumnMap::default())
///     .unwrap_err();
/// assert_eq!(err.problems()[0].to_string(), "units.csv:1: no column `id` (the headers are: name)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableProblem {
    /// The file, as given.
    pub file: String,
    /// The row as a spreadsheet numbers it: 1 is the header.
    pub row: u64,
    /// The column from 1, where the problem is in one cell.
    pub column: Option<usize>,
    /// That column's header, as the file writes it.
    pub header: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for TableProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.row)?;
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        if let Some(h) = &self.header {
            write!(f, " ({h})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TableProblem {}

impl TableProblem {
    /// A problem of a whole row (or of the header, row 1).
    ///
    /// ```
    /// use implsci::tables::TableProblem;
    /// assert_eq!(TableProblem::at_row("units.csv", 7, "no unit `x`".into()).to_string(), "units.csv:7: no unit `x`");
    /// ```
    #[must_use]
    pub fn at_row(file: &str, row: u64, message: String) -> Self {
        Self {
            file: file.to_string(),
            row,
            column: None,
            header: None,
            message,
        }
    }
}

/// Every problem of a table, in the order of the file.
///
/// ```
/// use implsci::tables::{Column, ColumnMap, Table};
/// let csv = "id,id\na,b\n";
/// let err = Table::read(csv.as_bytes(), "t.csv", &[Column::required("id"), Column::required("level")], &ColumnMap::default()).unwrap_err();
/// assert_eq!(err.problems().len(), 2); // `id` twice, and no `level`
/// assert_eq!(err.to_string().lines().count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProblems(pub(super) Vec<TableProblem>);

impl TableProblems {
    /// Problems gathered by a caller (empty is allowed, but is not an error to return).
    ///
    /// ```
    /// use implsci::tables::{TableProblem, TableProblems};
    /// let all = TableProblems::new(vec![TableProblem::at_row("t.csv", 2, "bad".into())]);
    /// assert_eq!(all.to_string(), "t.csv:2: bad");
    /// ```
    #[must_use]
    pub fn new(problems: Vec<TableProblem>) -> Self {
        Self(problems)
    }

    /// The problems, owned.
    ///
    /// ```
    /// use implsci::tables::{TableProblem, TableProblems};
    /// let all = TableProblems::new(vec![TableProblem::at_row("t.csv", 2, "bad".into())]);
    /// assert_eq!(all.into_problems().len(), 1);
    /// ```
    #[must_use]
    pub fn into_problems(self) -> Vec<TableProblem> {
        self.0
    }

    /// The problems.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let err = Table::read("x\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default()).unwrap_err();
    /// assert_eq!(err.problems()[0].row, 1);
    /// ```
    #[must_use]
    pub fn problems(&self) -> &[TableProblem] {
        &self.0
    }
}

impl fmt::Display for TableProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TableProblems {}

/// One record row of a table, with its number as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub(super) number: u64,
    pub(super) cells: csv::StringRecord,
}

impl Row {
    /// The row's number: 2 for the first row under the header.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id\na\nb\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(t.rows()[1].number(), 3);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn number(&self) -> u64 {
        self.number
    }
}

/// A table read against its columns: which column sits where, the headers the crate does not
/// know, and (read whole with [`Table::read`]) the rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub(super) file: String,
    pub(super) headers: Vec<String>,
    /// Per known column, by name: its position in the file.
    known: Vec<(&'static str, Option<usize>)>,
    /// Positions of the columns the crate does not know.
    unknown: Vec<usize>,
    origin: Origin,
    /// Where the header sits, for the numbers of rows and columns in problems.
    at: HeaderAt,
    pub(super) blank: u64,
    rows: Vec<Row>,
}

impl Table {
    /// Reads a whole CSV table. Problems of the header (a required column missing, a column
    /// given twice) and of rows (more cells than headers, text that is not UTF-8) are all
    /// reported together; a row shorter than the header has its missing cells empty, as
    /// spreadsheets write them, and a row of blank cells is passed over. To read a table too
    /// large to hold, use a [`TableReader`].
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let csv = "Unit Id,Level\nstate,state\nwake,district,extra\n";
    /// let err = Table::read(csv.as_bytes(), "units.csv", &[Column::required("unit_id")], &ColumnMap::default()).unwrap_err();
    /// assert_eq!(err.problems()[0].to_string(), "units.csv:3: 3 cells, but the header has 2 columns");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TableProblems`]: every problem of the table, each with its row (and column).
    pub fn read(
        source: impl io::Read,
        file: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Self, TableProblems> {
        let mut csv = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(source);
        let headers: Vec<String> = match csv.headers() {
            Ok(h) => h.iter().map(str::to_string).collect(),
            Err(e) => {
                return Err(TableProblems(vec![TableProblem::at_row(
                    file,
                    1,
                    reason(&e),
                )]));
            }
        };
        let (mut reader, mut problems) = TableReader::open(
            headers,
            Box::new(CsvRecords(csv)),
            file,
            columns,
            map,
            Origin::Csv,
        );
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row() {
            match row {
                Ok((_, row)) => rows.push(row.clone()),
                Err(p) => problems.push(p),
            }
        }
        if problems.is_empty() {
            let mut table = reader.into_table();
            table.rows = rows;
            Ok(table)
        } else {
            Err(TableProblems(problems))
        }
    }

    /// Matches a header against the columns.
    pub(super) fn match_header(
        file: &str,
        headers: Vec<String>,
        columns: &[Column],
        map: &ColumnMap,
        origin: Origin,
        at: HeaderAt,
    ) -> (Self, Vec<TableProblem>) {
        let mut problems = Vec::new();
        let mut known: Vec<(&'static str, Option<usize>)> =
            columns.iter().map(|c| (c.name(), None)).collect();
        let normalized: Vec<String> = columns.iter().map(|c| normalize_header(c.name())).collect();
        let mut unknown = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let name = map
                .column_for(h)
                .map_or_else(|| normalize_header(h), str::to_string);
            match normalized.iter().position(|c| *c == name) {
                Some(k) => match &mut known[k] {
                    (_, slot @ None) => *slot = Some(i),
                    (c, Some(first)) => problems.push(TableProblem {
                        column: Some(at.columns_before + i + 1),
                        header: Some(h.clone()),
                        ..TableProblem::at_row(
                            file,
                            at.row,
                            format!(
                                "the column `{c}` again (first in column {})",
                                at.columns_before + *first + 1
                            ),
                        )
                    }),
                },
                None => unknown.push(i),
            }
        }
        for (column, (name, found)) in columns.iter().zip(&known) {
            if column.is_required() && found.is_none() {
                problems.push(TableProblem::at_row(
                    file,
                    at.row,
                    format!(
                        "no column `{name}` (the headers are: {})",
                        headers.join(", ")
                    ),
                ));
            }
        }
        let table = Self {
            file: file.to_string(),
            headers,
            known,
            unknown,
            origin,
            at,
            blank: 0,
            rows: Vec::new(),
        };
        (table, problems)
    }

    /// The rows passed over because every cell was blank.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id,name\n,\na,\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!((t.rows().len(), t.blank_rows()), (1, 1));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn blank_rows(&self) -> u64 {
        self.blank
    }

    /// The file, as given.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id\n".as_bytes(), "units.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(t.file(), "units.csv");
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The headers, as the file writes them.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("ID,Notes\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(t.headers(), ["ID", "Notes"]);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Whether the table has a column the crate does not know.
    pub(crate) fn has_unknown(&self) -> bool {
        !self.unknown.is_empty()
    }

    /// The headers of the columns the crate does not know, in the file's order.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("ID,Notes,Size\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(t.unknown_headers().collect::<Vec<_>>(), ["Notes", "Size"]);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    pub fn unknown_headers(&self) -> impl Iterator<Item = &str> {
        self.unknown.iter().map(|&i| self.headers[i].as_str())
    }

    /// One problem per column the crate does not know, at the header: what `--strict` reports.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id,Notes\n".as_bytes(), "t.csv", &[Column::required("id"), Column::optional("name")], &ColumnMap::default())?;
    /// let refused = t.refuse_unknown();
    /// assert_eq!(refused[0].to_string(), "t.csv:1:2 (Notes): a column this table does not have (its columns are: id, name)");
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn refuse_unknown(&self) -> Vec<TableProblem> {
        let names: Vec<&str> = self.known.iter().map(|(c, _)| *c).collect();
        self.unknown
            .iter()
            .map(|&i| TableProblem {
                column: Some(self.column_number(i)),
                header: Some(self.headers[i].clone()),
                ..TableProblem::at_row(
                    &self.file,
                    self.at.row,
                    format!(
                        "a column this table does not have (its columns are: {})",
                        names.join(", ")
                    ),
                )
            })
            .collect()
    }

    /// The record rows, in the file's order.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert!(t.rows().is_empty()); // a header alone is an empty table
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Whether the table has the column.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let cols = [Column::required("id"), Column::optional("role")];
    /// let t = Table::read("id\n".as_bytes(), "t.csv", &cols, &ColumnMap::default())?;
    /// assert!(t.has("id") && !t.has("role"));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn has(&self, column: &str) -> bool {
        self.position(column).is_some()
    }

    /// A cell of a known column, trimmed; `None` when the column is absent or the cell blank.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id,role\n a ,\n".as_bytes(), "t.csv", &[Column::required("id"), Column::optional("role")], &ColumnMap::default())?;
    /// assert_eq!((t.get(&t.rows()[0], "id"), t.get(&t.rows()[0], "role")), (Some("a"), None));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn get<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        let i = self.position(column)?;
        row.cells.get(i).map(trim).filter(|s| !s.is_empty())
    }

    /// A date cell, read with `format`; `Ok(None)` when blank. In a table read from a
    /// workbook, an ISO `YYYY-MM-DD` cell is a date whatever the format (a workbook's date
    /// cells read so), and a date with a time of day is refused as such.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, DateFormat, Table};
    /// let t = Table::read("start\n2024-08-01\n".as_bytes(), "t.csv", &[Column::optional("start")], &ColumnMap::default())?;
    /// assert_eq!(t.date(&t.rows()[0], "start", &DateFormat::Iso), Ok(Some(jiff::civil::date(2024, 8, 1))));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`TableProblem`] at the cell when it is not a date in that format.
    pub fn date(
        &self,
        row: &Row,
        column: &str,
        format: &DateFormat,
    ) -> Result<Option<Date>, TableProblem> {
        match self.get(row, column) {
            None => Ok(None),
            Some(s) => {
                if self.origin == Origin::Workbook {
                    if let Ok(d) = crate::date::parse(s) {
                        return Ok(Some(d));
                    }
                    if let Ok(at) = s.parse::<jiff::civil::DateTime>() {
                        let message = format!(
                            "{s:?} is a date with a time of day ({}), not a date: format the cell as a date alone",
                            at.time()
                        );
                        return Err(self.problem(row, column, message));
                    }
                }
                format
                    .parse(s)
                    .map(Some)
                    .map_err(|message| self.problem(row, column, message))
            }
        }
    }

    /// A problem at a cell of a known column (at the row alone when the column is absent).
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id,Parent\nwake,nowhere\n".as_bytes(), "units.csv", &[Column::required("id"), Column::optional("parent")], &ColumnMap::default())?;
    /// let p = t.problem(&t.rows()[0], "parent", "no unit `nowhere`".into());
    /// assert_eq!(p.to_string(), "units.csv:2:2 (Parent): no unit `nowhere`");
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn problem(&self, row: &Row, column: &str, message: String) -> TableProblem {
        let at = self.position(column);
        TableProblem {
            file: self.file.clone(),
            row: row.number,
            column: at.map(|i| self.column_number(i)),
            header: at.map(|i| self.headers[i].clone()),
            message,
        }
    }

    /// The non-blank cells of the columns the crate does not know, by header: what a caller
    /// keeps under `extensions`.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("id,Notes,Size\na,,12\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(t.extra(&t.rows()[0]), vec![("Size", "12")]);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn extra<'a>(&'a self, row: &'a Row) -> Vec<(&'a str, &'a str)> {
        self.unknown
            .iter()
            .filter_map(|&i| {
                let cell = row.cells.get(i).map(trim).filter(|s| !s.is_empty())?;
                Some((self.headers[i].as_str(), cell))
            })
            .collect()
    }

    /// Where a known column is: its number from 1 and its header as the file writes it;
    /// `None` when the table does not have it.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, Table};
    /// let t = Table::read("Name,ID\n".as_bytes(), "t.csv", &[Column::required("id"), Column::optional("role")], &ColumnMap::default())?;
    /// assert_eq!(t.column("id"), Some((2, "ID")));
    /// assert_eq!(t.column("role"), None);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn column(&self, name: &str) -> Option<(usize, &str)> {
        self.position(name)
            .map(|i| (i + 1, self.headers[i].as_str()))
    }

    /// A problem at the cell under a header the crate does not know.
    pub(crate) fn problem_at_header(
        &self,
        row: &Row,
        header: &str,
        message: String,
    ) -> TableProblem {
        let at = self.headers.iter().position(|h| h == header);
        TableProblem {
            file: self.file.clone(),
            row: row.number,
            column: at.map(|i| self.column_number(i)),
            header: Some(header.to_string()),
            message,
        }
    }

    /// The column number, as the file or sheet shows it, of the cell at `i` in a row.
    fn column_number(&self, i: usize) -> usize {
        self.at.columns_before + i + 1
    }

    fn position(&self, column: &str) -> Option<usize> {
        // The readers name columns by the same constants the table was opened with: the
        // pointer finds them without comparing text.
        if let Some((_, at)) = self.known.iter().find(|(c, _)| std::ptr::eq(*c, column)) {
            return *at;
        }
        // Column names are short: compared byte by byte, inline, rather than through a call.
        let same =
            |c: &str| c.len() == column.len() && c.bytes().zip(column.bytes()).all(|(a, b)| a == b);
        if let Some((_, at)) = self.known.iter().find(|(c, _)| same(c)) {
            return *at;
        }
        let name = normalize_header(column);
        self.known
            .iter()
            .find(|(c, _)| normalize_header(c) == name)
            .and_then(|(_, at)| *at)
    }
}

/// A cell without the white space around it; most cells have none, which two bytes tell.
pub(super) fn trim(cell: &str) -> &str {
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            cell
        }
        _ => cell.trim(),
    }
}

/// A reading error in a sentence, without the position (the problem carries it).
pub(super) fn reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!(
                "the text is not UTF-8 (field {}): save the file as UTF-8",
                err.field() + 1
            )
        }
        csv::ErrorKind::Io(err) => format!("cannot read: {err}"),
        _ => e.to_string(),
    }
}
