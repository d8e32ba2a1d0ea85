//! Tables out as a workbook's sheets.

use std::io;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};

use super::{LAST_COLUMN, LAST_ROW};
use crate::tables::{Cell, TableOut};

/// Why tables could not be written as a workbook. Needs the `xlsx` feature.
///
/// ```
/// use implsci::tables::{TableOut, WorkbookError, write_workbook};
/// let path = std::env::temp_dir().join("implsci-doc-bad-name.xlsx");
/// let err = write_workbook(&path, &[TableOut::new("units/teams", ["id"])]).unwrap_err();
/// assert!(matches!(err, WorkbookError::SheetName { .. }));
/// assert_eq!(err.to_string(), "the table `units/teams` cannot name a sheet: it has `/`, which a sheet's name cannot have");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkbookError {
    /// A table's name cannot be a sheet's: too long, a character Excel refuses, twice.
    #[error("the table `{name}` cannot name a sheet: {reason}")]
    SheetName {
        /// The table's name.
        name: String,
        /// Why, in words.
        reason: String,
    },
    /// A cell cannot be written: text too long for a cell, a number that is not finite, a
    /// row or column beyond the last a sheet can hold.
    #[error("{sheet}:{row}:{column}: {reason}")]
    Cell {
        /// The sheet.
        sheet: String,
        /// The row, as the sheet shows it (1 is the header).
        row: u64,
        /// The column, from 1.
        column: usize,
        /// Why, in words.
        reason: String,
    },
    /// The file cannot be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file, as given.
        path: String,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Writes tables to a workbook (`.xlsx`), one sheet per table named as the table, its header
/// bold and frozen above the rows: a [`Cell::Date`] a date cell shown `yyyy-mm-dd` (text in
/// that form for a date before 1900, which Excel cannot hold), a [`Cell::Number`] a number, a
/// [`Cell::Text`] text even when it looks like a number (an id `007` stays `007`). Columns are
/// as wide as their text, within reason. Needs the `xlsx` feature.
///
/// ```
/// use implsci::tables::{Cell, Column, ColumnMap, Source, TableOut, Workbook, write_workbook};
/// let path = std::env::temp_dir().join(format!("implsci-doc-write-workbook-{}.xlsx", std::process::id()));
/// let mut levels = TableOut::new("levels", ["id", "rank"]);
/// levels.push(vec![Cell::Text("007".into()), Cell::Number(2.5)]);
/// write_workbook(&path, &[levels])?;
/// let mut book = Workbook::open(&path)?;
/// let mut reader = book.open("levels", &[Column::required("id")], &ColumnMap::default())?.ok_or("no sheet")?;
/// let Some(Ok((table, row))) = reader.next_row() else { panic!("a row") };
/// assert_eq!((table.get(row, "id"), table.extra(row)), (Some("007"), vec![("rank", "2.5")]));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`WorkbookError`]: a table's name that cannot name a sheet (31 characters at most, none of
/// `[]:*?/\`, not twice), a cell that cannot be written, or the file. Nothing is written
/// unless every table can be.
pub fn write_workbook(path: &Path, tables: &[TableOut]) -> Result<(), WorkbookError> {
    for (i, t) in tables.iter().enumerate() {
        let reason = sheet_name_problem(&t.name).or_else(|| {
            let lower = t.name.to_lowercase();
            tables[..i]
                .iter()
                .any(|u| u.name.to_lowercase() == lower)
                .then(|| "a sheet of that name comes before it (case aside)".to_string())
        });
        if let Some(reason) = reason {
            return Err(WorkbookError::SheetName {
                name: t.name.clone(),
                reason,
            });
        }
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    for t in tables {
        write_sheet(book.add_worksheet(), t, &formats)?;
    }
    book.save(path).map_err(|e| WorkbookError::Write {
        path: path.display().to_string(),
        source: match e {
            XlsxError::IoError(e) => e,
            other => io::Error::other(other.to_string()),
        },
    })
}

struct Formats {
    header: Format,
    date: Format,
}

/// Writes one table to its sheet.
fn write_sheet(
    sheet: &mut Worksheet,
    t: &TableOut,
    formats: &Formats,
) -> Result<(), WorkbookError> {
    sheet
        .set_name(&t.name)
        .map_err(|e| WorkbookError::SheetName {
            name: t.name.clone(),
            reason: e.to_string(),
        })?;
    // The widest text of each column, in characters; a bold header takes one more.
    let mut widths: Vec<usize> = t.headers.iter().map(|h| h.chars().count() + 1).collect();
    for (c, header) in t.headers.iter().enumerate() {
        let at = place(t, 0, c)?;
        sheet
            .write_string_with_format(at.0, at.1, header, &formats.header)
            .map_err(|e| cell_error(t, 0, c, e.to_string()))?;
    }
    for (r, row) in (1..).zip(&t.rows) {
        for (c, cell) in row.iter().enumerate() {
            let at = place(t, r, c)?;
            let (written, width) = match cell {
                Cell::Blank => continue,
                Cell::Text(s) if s.is_empty() => continue,
                Cell::Text(s) => (sheet.write_string(at.0, at.1, s), s.chars().count()),
                Cell::Number(n) if !n.is_finite() => {
                    let reason = format!("{n} is not a number a workbook can hold");
                    return Err(cell_error(t, r, c, reason));
                }
                Cell::Number(n) => (sheet.write_number(at.0, at.1, *n), n.to_string().len()),
                Cell::Date(d) => {
                    let written = match excel_date(*d) {
                        Some(day) => {
                            sheet.write_datetime_with_format(at.0, at.1, day, &formats.date)
                        }
                        None => sheet.write_string(at.0, at.1, d.to_string()),
                    };
                    (written, "yyyy-mm-dd".len())
                }
            };
            written.map_err(|e| cell_error(t, r, c, e.to_string()))?;
            if widths.len() <= c {
                widths.resize(c + 1, 0);
            }
            widths[c] = widths[c].max(width);
        }
    }
    sheet
        .set_freeze_panes(1, 0)
        .map_err(|e| cell_error(t, 0, 0, e.to_string()))?;
    for (c, w) in widths.iter().enumerate() {
        let at = place(t, 0, c)?;
        // Between 8 and 60 characters, with a margin of 2; `clamp` keeps it within `u32`.
        let width = u32::try_from((*w).clamp(6, 58) + 2).unwrap_or(60);
        sheet
            .set_column_width(at.1, width)
            .map_err(|e| cell_error(t, 0, c, e.to_string()))?;
    }
    Ok(())
}

/// A date as Excel keeps it, when Excel can: from 1900 to 9999.
fn excel_date(d: jiff::civil::Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month().unsigned_abs(), d.day().unsigned_abs()).ok()
}

/// Why a name cannot be a sheet's, if it cannot: Excel's rules.
fn sheet_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a sheet needs a name".to_string());
    }
    if name.encode_utf16().count() > 31 {
        return Some("it is longer than the 31 characters a sheet's name may have".to_string());
    }
    if let Some(c) = name.chars().find(|c| "[]:*?/\\".contains(*c)) {
        return Some(format!("it has `{c}`, which a sheet's name cannot have"));
    }
    if name.starts_with('\'') || name.ends_with('\'') {
        return Some("a sheet's name cannot start or end with `'`".to_string());
    }
    None
}

/// The cell at row `r` and column `c` (from 0), or the problem of one beyond the sheet's last.
fn place(t: &TableOut, r: usize, c: usize) -> Result<(u32, u16), WorkbookError> {
    match (u32::try_from(r), u16::try_from(c)) {
        (Ok(row), Ok(col)) if row <= LAST_ROW && u32::from(col) <= LAST_COLUMN => Ok((row, col)),
        _ => Err(cell_error(
            t,
            r,
            c,
            "beyond XFD1048576, the last cell a sheet can hold".to_string(),
        )),
    }
}

fn cell_error(t: &TableOut, r: usize, c: usize, reason: String) -> WorkbookError {
    WorkbookError::Cell {
        sheet: t.name.clone(),
        row: r as u64 + 1,
        column: c + 1,
        reason,
    }
}
