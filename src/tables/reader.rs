//! A table read row by row, from any source of records.

use std::io;

use super::columns::{Column, ColumnMap};
use super::read::{Row, Table, TableProblem, TableProblems, reason};

/// Where a table's records come from: a CSV file, a workbook's sheet.
///
/// The reader asks for one record at a time into a buffer it reuses, so a table of a million
/// rows is read without holding them.
pub(crate) trait Records {
    /// Reads the next record into `record`; `Ok(false)` at the end.
    ///
    /// # Errors
    ///
    /// [`RecordError::Row`] for a record that cannot be read (the next may be);
    /// [`RecordError::Source`] when nothing more can be read.
    fn next_record(&mut self, record: &mut csv::StringRecord) -> Result<bool, RecordError>;

    /// Where the header sits: row 1 from column `A` in a CSV file; a sheet's used range may
    /// start lower or to the right, and its problems are numbered as the sheet shows them.
    fn header_at(&self) -> HeaderAt {
        HeaderAt::default()
    }
}

/// Where a table's header sits, as a spreadsheet numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderAt {
    /// The header's row: 1 is the first.
    pub(crate) row: u64,
    /// The columns before the header's first (0: it starts at `A`).
    pub(crate) columns_before: usize,
}

impl Default for HeaderAt {
    fn default() -> Self {
        Self {
            row: 1,
            columns_before: 0,
        }
    }
}

/// Why a record could not be read.
pub(crate) enum RecordError {
    /// This record, in a sentence; reading goes on.
    Row(String),
    /// One cell of this record (its column from 0), in a sentence; reading goes on.
    Cell(usize, String),
    /// The source itself, in a sentence; reading stops.
    Source(String),
}

/// The records of a CSV file.
pub(super) struct CsvRecords<R>(pub(super) csv::Reader<R>);

impl<R: io::Read> Records for CsvRecords<R> {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> Result<bool, RecordError> {
        self.0.read_record(record).map_err(|e| match e.kind() {
            csv::ErrorKind::Io(_) => RecordError::Source(reason(&e)),
            csv::ErrorKind::Utf8 { err, .. } => RecordError::Cell(
                err.field(),
                "the text is not UTF-8: save the file as UTF-8".into(),
            ),
            _ => RecordError::Row(reason(&e)),
        })
    }
}

/// Where a table was read from, which decides how its date cells read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A text file: dates in the table's [`DateFormat`].
    Csv,
    /// A workbook: a cell the workbook types as a date arrives as ISO `YYYY-MM-DD`, and is read
    /// as such whatever the format of the text cells.
    Workbook,
}

/// A table read row by row: its header is read and matched when it is opened, then
/// [`TableReader::next_row`] gives one row at a time, so memory does not grow with the table.
///
/// ```
/// use implsci::tables::{Column, ColumnMap, TableReader};
/// let csv = "id,level\nstate,state\nwake,district,extra\nlincoln,school\n";
/// let mut reader = TableReader::csv(csv.as_bytes(), "units.csv", &[Column::required("id")], &ColumnMap::default())?;
/// let mut ids = Vec::new();
/// let mut problems = Vec::new();
/// while let Some(row) = reader.next_row() {
///     match row {
///         Ok((table, row)) => ids.push(table.get(row, "id").unwrap_or_default().to_string()),
///         Err(problem) => problems.push(problem.to_string()),
///     }
/// }
/// assert_eq!(ids, ["state", "lincoln"]);
/// assert_eq!(problems, ["units.csv:3: 3 cells, but the header has 2 columns"]);
/// assert_eq!(reader.rows_read(), 3);
/// # Ok::<(), implsci::tables::TableProblems>(())
/// ```
pub struct TableReader<'a> {
    table: Table,
    records: Box<dyn Records + 'a>,
    row: Row,
    read: u64,
    done: bool,
}

impl<'a> TableReader<'a> {
    /// Opens a CSV table: reads its header and matches it against `columns`.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, TableReader};
    /// let reader = TableReader::csv("ID,Name\n".as_bytes(), "units.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// assert_eq!(reader.table().headers(), ["ID", "Name"]);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TableProblems`] of the header: a required column missing, a column given twice, a
    /// header that cannot be read.
    pub fn csv(
        source: impl io::Read + 'a,
        file: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Self, TableProblems> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(1 << 16)
            .from_reader(source);
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(str::to_string).collect(),
            Err(e) => {
                return Err(TableProblems(vec![TableProblem::at_row(
                    file,
                    1,
                    reason(&e),
                )]));
            }
        };
        let (reader, problems) = Self::open(
            headers,
            Box::new(CsvRecords(reader)),
            file,
            columns,
            map,
            Origin::Csv,
        );
        if problems.is_empty() {
            Ok(reader)
        } else {
            Err(TableProblems(problems))
        }
    }

    /// Opens a table over records whose header has been read, with the header's problems (the
    /// rows can be read regardless, to report theirs too).
    pub(crate) fn open(
        headers: Vec<String>,
        records: Box<dyn Records + 'a>,
        file: &str,
        columns: &[Column],
        map: &ColumnMap,
        origin: Origin,
    ) -> (Self, Vec<TableProblem>) {
        let at = records.header_at();
        let (table, problems) = Table::match_header(file, headers, columns, map, origin, at);
        let reader = Self {
            table,
            records,
            row: Row {
                number: at.row,
                cells: csv::StringRecord::new(),
            },
            read: 0,
            done: false,
        };
        (reader, problems)
    }

    /// The table's header: which column sits where.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, TableReader};
    /// let reader = TableReader::csv("id\n".as_bytes(), "t.csv", &[Column::required("id"), Column::optional("role")], &ColumnMap::default())?;
    /// assert!(reader.table().has("id") && !reader.table().has("role"));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The next row with its table, or the problem that keeps it from being read (a row
    /// with more cells than the header has columns, text that is not UTF-8); `None` at the
    /// end. A row shorter than the header has its missing cells blank, as spreadsheets
    /// write them; a row whose cells are all blank is passed over (and counted as read).
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, TableReader};
    /// let mut reader = TableReader::csv("id\na\n\"\"\nb\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// let mut numbers = Vec::new();
    /// while let Some(Ok((_, row))) = reader.next_row() {
    ///     numbers.push(row.number());
    /// }
    /// assert_eq!((numbers, reader.rows_read(), reader.blank_rows()), (vec![2, 4], 3, 1));
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    pub fn next_row(&mut self) -> Option<Result<(&Table, &Row), TableProblem>> {
        loop {
            if self.done {
                return None;
            }
            self.row.number += 1;
            let number = self.row.number;
            let file = &self.table.file;
            match self.records.next_record(&mut self.row.cells) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(RecordError::Source(message)) => {
                    self.done = true;
                    return Some(Err(TableProblem::at_row(file, number, message)));
                }
                Err(RecordError::Row(message)) => {
                    self.read += 1;
                    return Some(Err(TableProblem::at_row(file, number, message)));
                }
                Err(RecordError::Cell(column, message)) => {
                    self.read += 1;
                    return Some(Err(TableProblem {
                        column: Some(column + 1),
                        header: self.table.headers.get(column).cloned(),
                        ..TableProblem::at_row(file, number, message)
                    }));
                }
                Ok(true) => {
                    self.read += 1;
                    let cells = &self.row.cells;
                    if cells.len() > self.table.headers.len() {
                        let message = format!(
                            "{} cells, but the header has {} columns",
                            cells.len(),
                            self.table.headers.len()
                        );
                        return Some(Err(TableProblem::at_row(file, number, message)));
                    }
                    if cells.as_slice().bytes().all(|b| b.is_ascii_whitespace())
                        && cells.iter().all(|c| c.trim().is_empty())
                    {
                        self.table.blank += 1;
                        continue;
                    }
                    return Some(Ok((&self.table, &self.row)));
                }
            }
        }
    }

    pub(super) fn into_table(self) -> Table {
        self.table
    }

    /// The record rows read so far (the header not counted), blank ones included.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, TableReader};
    /// let mut reader = TableReader::csv("id\na\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// while reader.next_row().is_some() {}
    /// assert_eq!(reader.rows_read(), 1);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn rows_read(&self) -> u64 {
        self.read
    }

    /// The rows passed over because every cell was blank.
    ///
    /// ```
    /// use implsci::tables::{Column, ColumnMap, TableReader};
    /// let mut reader = TableReader::csv("id,name\n,\na,\n".as_bytes(), "t.csv", &[Column::required("id")], &ColumnMap::default())?;
    /// while reader.next_row().is_some() {}
    /// assert_eq!(reader.blank_rows(), 1);
    /// # Ok::<(), implsci::tables::TableProblems>(())
    /// ```
    #[must_use]
    pub fn blank_rows(&self) -> u64 {
        self.table.blank
    }
}
