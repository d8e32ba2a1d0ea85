//! Tables in: reading the spreadsheets users keep (CSV) into typed rows, every problem named by
//! file, row and column.
//!
//! A table is read against a list of the [`Column`]s it may have. Headers are matched without
//! regard to case, spaces and punctuation (`School ID`, `school_id` and `SchoolId` are one
//! header), or through a [`ColumnMap`] for a column the user named otherwise (`--map
//! "School ID=id"`). A column the crate does not know is kept, by its header, for the caller
//! to put under `extensions`, so nothing is lost. A required column that is missing is a
//! problem naming it; a file may start with a UTF-8 byte-order mark (as Excel writes) and end
//! its lines with CRLF.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2;
//! columns from 1 (`A` in a spreadsheet). Dates are ISO `YYYY-MM-DD` unless a [`DateFormat`]
//! says otherwise (jiff's `strptime` directives: `%m/%d/%Y`).
//!
//! With the `xlsx` feature, `Workbook` reads the sheets of a workbook (`.xlsx`, `.xls`, `.ods`)
//! as tables in the same way, and `write_workbook` writes tables out as sheets.
//!
//! ```
//! use implsci::tables::{Column, ColumnMap, DateFormat, Table};
//!
//! const COLUMNS: &[Column] = &[Column::required("id"), Column::required("level"), Column::optional("parent")];
//! let csv = "\u{feff}ID,Level,Parent,Enrolment\r\nstate,state,,\r\nwake,district,state,1200\r\n";
//! let table = Table::read(csv.as_bytes(), "units.csv", COLUMNS, &ColumnMap::default())?;
//! assert_eq!(table.rows().len(), 2);
//! let wake = &table.rows()[1];
//! assert_eq!((wake.number(), table.get(wake, "parent")), (3, Some("state")));
//! // A column the crate does not know is kept by its header.
//! assert_eq!(table.extra(wake), vec![("Enrolment", "1200")]);
//! // A problem names the file, the row, the column and its header.
//! let err = table.date(wake, "parent", &DateFormat::Iso).unwrap_err();
//! assert!(err.to_string().starts_with("units.csv:3:3 (Parent): \"state\" is not a date (YYYY-MM-DD)"));
//! # Ok::<(), implsci::tables::TableProblems>(())
//! ```

mod administrations;
mod cells;
mod columns;
mod dates;
mod events;
mod read;
mod reader;
mod source;
mod spec;
mod system;
#[cfg(feature = "xlsx")]
mod workbook;
mod write;

pub use administrations::{
    AdministrationLayout, AdministrationsOptions, SubjectKind, export_administrations,
    import_administrations,
};
pub use columns::{Column, ColumnMap};
pub use dates::DateFormat;
pub use events::{EVENT_TABLES, EventTables, LeftOut, export_events, import_events};
pub use read::{Row, Table, TableProblem, TableProblems};
pub use reader::TableReader;
pub use source::{Files, Folder, ImportError, Imported, ReadOptions, Source, Tally, Texts};
pub use spec::{TableSpec, guide, write_template};
pub use system::{SYSTEM_TABLES, SystemOptions, export_system, import_system};
#[cfg(feature = "xlsx")]
pub use workbook::{Workbook, WorkbookError, write_workbook};
pub use write::{Cell, TableOut, write_folder};

/// A header as matched: lower case, with every character that is not a letter or a digit
/// removed, so that `School ID`, `school_id` and `SchoolID` are one header.
///
/// ```
/// use implsci::tables::normalize_header;
/// assert_eq!(normalize_header(" School ID "), "schoolid");
/// assert_eq!(normalize_header("start_date"), normalize_header("Start Date"));
/// ```
#[must_use]
pub fn normalize_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
