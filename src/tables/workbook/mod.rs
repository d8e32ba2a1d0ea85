//! Tables in and out of workbooks: each sheet a table, read and written cell by cell. This
//! module is compiled with the `xlsx` feature.
//!
//! A [`Workbook`] (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) is a [`Source`]: the table `units`
//! is the sheet whose name reads as `units` (`Units`, `units `), its header the sheet's first
//! row. Problems name the workbook and the sheet, `state.xlsx[Units]`, and the row and column
//! as the sheet shows them, wherever the used range begins. Cells read as the text a user sees:
//! `3` (not `3.0`), `true`, a date cell as ISO `YYYY-MM-DD` whatever the table's
//! [`DateFormat`](super::DateFormat) for text cells; an error cell (`#N/A`) is a problem of its
//! row. [`write_workbook`] writes tables out as sheets, dates as date cells.
//!
//! Sheets are read when their table is opened, one at a time: an `.xlsx` or `.xlsb` sheet is
//! streamed from the file, so memory grows with that sheet's filled cells alone (`.xls` and
//! `.ods` workbooks are read whole when opened, as their reader requires).
//!
//! Source: ECMA-376 Part 1 (Office Open XML), §18.3 for worksheets and §18.17.4 for serial
//! date-times; ODF 1.3 (Open Document Format) Part 3 for the `office:date-value` of a cell.

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, Reader, Sheets};

use super::normalize_header;
use super::reader::{HeaderAt, Origin, RecordError, Records};
use super::{Column, ColumnMap, Source, TableProblem, TableProblems, TableReader};

mod cells;
mod write;

use cells::cell_text;
pub use write::{WorkbookError, write_workbook};

/// The last row (0-based) a sheet may have: Excel's 1,048,576 rows.
pub(super) const LAST_ROW: u32 = 1_048_575;
/// The last column (0-based) a sheet may have: Excel's 16,384 columns, to `XFD`.
pub(super) const LAST_COLUMN: u32 = 16_383;

/// A workbook whose sheets are tables: `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods`, told by its
/// extension (or, without one, by its contents). Needs the `xlsx` feature.
///
/// As a [`Source`], the table `units` is the sheet whose name reads as `units` when compared
/// as headers are (`Units`, `units `); its header is the sheet's first filled row, and its
/// rows run to the last filled row, a blank one passed over.
///
/// ```
/// use implsci::tables::{Cell, Column, ColumnMap, DateFormat, Source, TableOut, Workbook, write_workbook};
///
/// let dir = std::env::temp_dir().join(format!("implsci-doc-workbook-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("state.xlsx");
/// let mut units = TableOut::new("Units", ["ID", "Parent", "Opened", "Staff"]);
/// units.push(vec![Cell::Text("state".into()), Cell::Blank, Cell::Date(jiff::civil::date(2024, 8, 1)), Cell::Number(3.0)]);
/// units.push(vec![Cell::Text("wake".into()), Cell::Text("state".into()), Cell::Text("8/1/2024".into()), Cell::Blank]);
/// write_workbook(&path, &[units])?;
///
/// let mut book = Workbook::open(&path)?;
/// let columns = [Column::required("id"), Column::optional("parent"), Column::optional("opened")];
/// let mut reader = book.open("units", &columns, &ColumnMap::default())?.ok_or("no sheet")?;
/// let us = DateFormat::Pattern("%m/%d/%Y".into());
/// let Some(Ok((table, row))) = reader.next_row() else { panic!("a row") };
/// // A date cell is a date whatever the format of text dates; a number has no fraction.
/// assert_eq!(table.date(row, "opened", &us)?, Some(jiff::civil::date(2024, 8, 1)));
/// assert_eq!(table.extra(row), vec![("Staff", "3")]);
/// let Some(Ok((table, row))) = reader.next_row() else { panic!("a row") };
/// assert_eq!(table.date(row, "opened", &us)?, Some(jiff::civil::date(2024, 8, 1)));
/// // Problems name the workbook, the sheet, and the cell.
/// let problem = table.problem(row, "parent", "no unit `state`".into());
/// assert!(problem.to_string().ends_with("state.xlsx[Units]:3:2 (Parent): no unit `state`"), "{problem}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Workbook {
    path: String,
    sheets: Sheets<BufReader<File>>,
    names: Vec<String>,
}

impl fmt::Debug for Workbook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Workbook")
            .field("path", &self.path)
            .field("sheets", &self.names)
            .finish_non_exhaustive()
    }
}

impl Workbook {
    /// Opens a workbook and reads the names of its sheets (not yet their cells).
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("implsci-doc-workbook-open-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("units.csv");
    /// std::fs::write(&path, "id\nstate\n")?;
    /// let err = implsci::tables::Workbook::open(&path).unwrap_err();
    /// assert!(err.to_string().contains("units.csv:1: not a workbook"), "{err}");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`TableProblems`] naming the file (at row 1): it cannot be opened, or it is not a
    /// workbook this crate reads.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, TableProblems> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let refuse =
            |message: String| TableProblems::new(vec![TableProblem::at_row(&shown, 1, message)]);
        // Opened first to tell a missing file from one that is not a workbook.
        File::open(path).map_err(|e| refuse(format!("cannot open: {e}")))?;
        let sheets = calamine::open_workbook_auto(path).map_err(|e| {
            refuse(format!(
                "not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls, .ods): {e}"
            ))
        })?;
        let names = sheets.sheet_names();
        Ok(Self {
            path: shown,
            sheets,
            names,
        })
    }

    /// The names of its sheets, in the workbook's order.
    ///
    /// ```
    /// use implsci::tables::{TableOut, Workbook, write_workbook};
    /// let path = std::env::temp_dir().join(format!("implsci-doc-sheets-{}.xlsx", std::process::id()));
    /// write_workbook(&path, &[TableOut::new("units", ["id"]), TableOut::new("teams", ["id"])])?;
    /// assert_eq!(Workbook::open(&path)?.sheet_names(), ["units", "teams"]);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }
}

impl Source for Workbook {
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems> {
        let wanted = normalize_header(name);
        let matching: Vec<&String> = self
            .names
            .iter()
            .filter(|n| normalize_header(n) == wanted)
            .collect();
        let sheet = match matching.as_slice() {
            [] => return Ok(None),
            [one] => (*one).clone(),
            [..] => {
                let names: Vec<String> = matching.iter().map(|n| format!("`{n}`")).collect();
                return Err(TableProblems::new(vec![TableProblem::at_row(
                    &self.path,
                    1,
                    format!(
                        "the sheets {} all read as the table `{name}`: rename all but one",
                        names.join(", ")
                    ),
                )]));
            }
        };
        let file = format!("{}[{sheet}]", self.path);
        let cells = read_sheet(&mut self.sheets, &sheet)
            .map_err(|message| TableProblems::new(vec![TableProblem::at_row(&file, 1, message)]))?;
        let (records, headers, mut problems) = SheetRecords::new(cells, &file);
        let (reader, header_problems) = TableReader::open(
            headers,
            Box::new(records),
            &file,
            columns,
            map,
            Origin::Workbook,
        );
        problems.extend(header_problems);
        if problems.is_empty() {
            Ok(Some(reader))
        } else {
            Err(TableProblems::new(problems))
        }
    }

    fn describe(&self) -> String {
        self.path.clone()
    }
}

/// One filled cell of a sheet, at its row and column from 0.
struct SheetCell {
    row: u32,
    column: u32,
    value: Data,
}

/// The filled cells of a sheet, in the order of rows and then columns; or why they cannot be
/// read, in a sentence.
fn read_sheet(sheets: &mut Sheets<BufReader<File>>, name: &str) -> Result<Vec<SheetCell>, String> {
    let mut cells = Vec::new();
    let cannot = |e: &dyn fmt::Display| format!("cannot read the sheet: {e}");
    match sheets {
        Sheets::Xlsx(book) => {
            let mut reader = book.worksheet_cells_reader(name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                push_cell(
                    &mut cells,
                    cell.get_position(),
                    Data::from(cell.get_value().clone()),
                )?;
            }
        }
        Sheets::Xlsb(book) => {
            let mut reader = book.worksheet_cells_reader(name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                push_cell(
                    &mut cells,
                    cell.get_position(),
                    Data::from(cell.get_value().clone()),
                )?;
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = sheets.worksheet_range(name).map_err(|e| cannot(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                    return Err(beyond_last_cell());
                };
                let at = (top.saturating_add(r), left.saturating_add(c));
                push_cell(&mut cells, at, value.clone())?;
            }
        }
    }
    // Cells are written in order by every program known, but the format does not require it.
    cells.sort_by_key(|c| (c.row, c.column));
    cells.dedup_by_key(|c| (c.row, c.column));
    Ok(cells)
}

/// Keeps a cell unless it is blank; refuses one beyond the last a sheet can hold.
fn push_cell(
    cells: &mut Vec<SheetCell>,
    (row, column): (u32, u32),
    value: Data,
) -> Result<(), String> {
    let blank = match &value {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    };
    if blank {
        return Ok(());
    }
    if row > LAST_ROW || column > LAST_COLUMN {
        return Err(beyond_last_cell());
    }
    cells.push(SheetCell { row, column, value });
    Ok(())
}

fn beyond_last_cell() -> String {
    "the sheet has a cell beyond XFD1048576, the last a sheet can hold".to_string()
}

/// A sheet's rows as records: from the row under the header to the last filled row, every row
/// (blank ones too, so that rows keep the numbers the sheet shows), each from the used range's
/// first column to the header's last.
struct SheetRecords {
    cells: Vec<SheetCell>,
    /// The next cell to read.
    next: usize,
    /// The sheet row (from 0) of the next record.
    row: u32,
    /// The last filled row (from 0).
    last_row: u32,
    header_row: u32,
    first_column: u32,
    /// The header's cells, for messages.
    headers: Vec<String>,
}

impl SheetRecords {
    /// The records under the header, the header's text, and the problems of its cells.
    fn new(cells: Vec<SheetCell>, file: &str) -> (Self, Vec<String>, Vec<TableProblem>) {
        let header_row = cells.first().map_or(0, |c| c.row);
        let last_row = cells.last().map_or(0, |c| c.row);
        let first_column = cells.iter().map(|c| c.column).min().unwrap_or(0);
        let mut records = Self {
            cells,
            next: 0,
            row: header_row,
            last_row,
            header_row,
            first_column,
            headers: Vec::new(),
        };
        let mut headers = Vec::new();
        let mut problems = Vec::new();
        while let Some(cell) = records.cells.get_mut(records.next)
            && cell.row == header_row
        {
            records.next += 1;
            let i = (cell.column - first_column) as usize;
            headers.resize(i, String::new());
            match cell_text(std::mem::take(&mut cell.value)) {
                Ok(text) => headers.push(text),
                Err(why) => {
                    problems.push(TableProblem {
                        column: Some(i + first_column as usize + 1),
                        ..TableProblem::at_row(
                            file,
                            u64::from(header_row) + 1,
                            format!("the header is {why}, not a name"),
                        )
                    });
                    headers.push(String::new());
                }
            }
        }
        records.row = header_row.saturating_add(1);
        if records.cells.is_empty() {
            // No rows at all: the header is empty and nothing follows it.
            records.row = 1;
        }
        records.headers.clone_from(&headers);
        (records, headers, problems)
    }

    /// `C4`, or `C4 (Parent)` when the column has a header.
    fn cell_name(&self, i: usize, row: u32) -> String {
        let reference = format!(
            "{}{}",
            column_letters(self.first_column as usize + i),
            u64::from(row) + 1
        );
        match self
            .headers
            .get(i)
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
        {
            Some(h) => format!("{reference} ({h})"),
            None => reference,
        }
    }
}

impl Records for SheetRecords {
    fn next_record(&mut self, record: &mut csv::StringRecord) -> Result<bool, RecordError> {
        if self.cells.is_empty() || self.row > self.last_row {
            return Ok(false);
        }
        let row = self.row;
        self.row += 1;
        record.clear();
        let mut width = 0;
        let mut problems = Vec::new();
        while let Some(cell) = self.cells.get_mut(self.next)
            && cell.row == row
        {
            self.next += 1;
            let i = (cell.column - self.first_column) as usize;
            let value = std::mem::take(&mut cell.value);
            if i >= self.headers.len() {
                let last =
                    column_letters(self.first_column as usize + self.headers.len().max(1) - 1);
                problems.push(format!(
                    "{} has a value past the header's last column, {last}: give it a header",
                    self.cell_name(i, row)
                ));
                continue;
            }
            while width < i {
                record.push_field("");
                width += 1;
            }
            match cell_text(value) {
                Ok(text) => record.push_field(&text),
                Err(why) => {
                    problems.push(format!("{} is {why}, not a value", self.cell_name(i, row)));
                    record.push_field("");
                }
            }
            width += 1;
        }
        if problems.is_empty() {
            Ok(true)
        } else {
            Err(RecordError::Row(problems.join("; ")))
        }
    }

    fn header_at(&self) -> HeaderAt {
        HeaderAt {
            row: u64::from(self.header_row) + 1,
            columns_before: self.first_column as usize,
        }
    }
}

/// A column's letters as a spreadsheet shows them: `A` for 0, `AA` for 26.
fn column_letters(mut i: usize) -> String {
    const ALPHABET: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut letters = Vec::new();
    loop {
        // `i % 26` is below 26, an index of the alphabet.
        letters.push(char::from(ALPHABET[i % 26]));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }
}
