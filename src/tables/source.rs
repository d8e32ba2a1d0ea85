//! Where a document's tables come from (a folder, files named one by one, a workbook), how they
//! are read, and the account of every row.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Column, ColumnMap, DateFormat, TableProblem, TableProblems, TableReader};

/// How tables are read: the user's names for columns, the date format of text cells, and
/// whether a column the crate does not know is refused (`--strict`) or kept under
/// `extensions` (the default, so that nothing is lost).
///
/// ```
/// use implsci::tables::{ColumnMap, DateFormat, ReadOptions};
/// let options = ReadOptions::default()
///     .map(ColumnMap::default().with("School ID", "id"))
///     .date_format(DateFormat::Pattern("%m/%d/%Y".into()))
///     .strict(true);
/// assert!(options.strict && options.map.column_for("school id") == Some("id"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Headers the user named otherwise.
    pub map: ColumnMap,
    /// How text cells write dates.
    pub date_format: DateFormat,
    /// Refuse the columns the crate does not know, rather than keep them under `extensions`.
    pub strict: bool,
}

impl ReadOptions {
    /// With these column names.
    ///
    /// ```
    /// use implsci::tables::{ColumnMap, ReadOptions};
    /// let o = ReadOptions::default().map(ColumnMap::default().with("Bldg", "unit"));
    /// assert_eq!(o.map.column_for("bldg"), Some("unit"));
    /// ```
    #[must_use]
    pub fn map(mut self, map: ColumnMap) -> Self {
        self.map = map;
        self
    }

    /// With this date format.
    ///
    /// ```
    /// use implsci::tables::{DateFormat, ReadOptions};
    /// let o = ReadOptions::default().date_format(DateFormat::Pattern("%d.%m.%Y".into()));
    /// assert_ne!(o.date_format, DateFormat::Iso);
    /// ```
    #[must_use]
    pub fn date_format(mut self, format: DateFormat) -> Self {
        self.date_format = format;
        self
    }

    /// Refusing unknown columns, or not.
    ///
    /// ```
    /// assert!(implsci::tables::ReadOptions::default().strict(true).strict);
    /// ```
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }
}

/// The tables a document is read from, each opened by its name (`units`, `teams`).
///
/// ```
/// use implsci::tables::{Column, ColumnMap, Folder, Source};
/// let mut folder = Folder::new("examples/data/tables");
/// let units = folder.open("units", &[Column::required("id")], &ColumnMap::default())?;
/// assert!(units.is_some());
/// drop(units);
/// assert!(folder.open("no_such_table", &[], &ColumnMap::default())?.is_none());
/// # Ok::<(), implsci::tables::TableProblems>(())
/// ```
pub trait Source {
    /// The table `name`, its header matched against `columns`; `None` when the source has no
    /// such table.
    ///
    /// # Errors
    ///
    /// [`TableProblems`] of the header, or a file that exists but cannot be opened.
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems>;

    /// The source as the user named it (a folder, a workbook), for messages.
    fn describe(&self) -> String;
}

/// A folder of CSV files with the tables' conventional names: `units.csv`, `teams.csv`, ….
///
/// ```
/// use implsci::tables::{Folder, Source};
/// assert_eq!(Folder::new("state").describe(), "state");
/// ```
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// The folder.
    ///
    /// ```
    /// let folder = implsci::tables::Folder::new("examples/data/tables");
    /// assert!(folder.path().is_dir());
    /// ```
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Its path.
    ///
    /// ```
    /// assert_eq!(implsci::tables::Folder::new("x").path(), std::path::Path::new("x"));
    /// ```
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Source for Folder {
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems> {
        let path = self.dir.join(format!("{name}.csv"));
        if !path.exists() {
            return Ok(None);
        }
        open_csv(&path, columns, map).map(Some)
    }

    fn describe(&self) -> String {
        self.dir.display().to_string()
    }
}

/// CSV files named one by one, each for a table: `--units schools.csv`.
///
/// ```
/// use implsci::tables::{Column, ColumnMap, Files, Source};
/// let mut files = Files::default().with("units", "examples/data/tables/units.csv");
/// assert!(files.open("units", &[Column::required("id")], &ColumnMap::default())?.is_some());
/// assert!(files.open("teams", &[], &ColumnMap::default())?.is_none());
/// # Ok::<(), implsci::tables::TableProblems>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: BTreeMap<String, PathBuf>,
}

impl Files {
    /// Reads the table `name` from `path`.
    ///
    /// ```
    /// use implsci::tables::{Files, Source};
    /// assert_eq!(Files::default().with("units", "u.csv").describe(), "units: u.csv");
    /// ```
    #[must_use]
    pub fn with(mut self, name: &str, path: impl Into<PathBuf>) -> Self {
        self.files.insert(name.to_string(), path.into());
        self
    }

    /// Whether no file is named.
    ///
    /// ```
    /// assert!(implsci::tables::Files::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Source for Files {
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems> {
        match self.files.get(name) {
            None => Ok(None),
            Some(path) => open_csv(path, columns, map).map(Some),
        }
    }

    fn describe(&self) -> String {
        self.files
            .iter()
            .map(|(name, path)| format!("{name}: {}", path.display()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Tables held as CSV text in memory, each by its name: for tests, examples, and programs
/// that receive their tables from elsewhere (an upload, a database export).
///
/// ```
/// use implsci::tables::{Column, ColumnMap, Source, Texts};
/// let mut texts = Texts::default().with("units", "id,level\nstate,state\n");
/// let reader = texts.open("units", &[Column::required("id")], &ColumnMap::default())?.unwrap();
/// assert_eq!(reader.table().file(), "units.csv");
/// # Ok::<(), implsci::tables::TableProblems>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Texts {
    tables: BTreeMap<String, Vec<u8>>,
}

impl Texts {
    /// The table `name`, as CSV text; its file in messages is `NAME.csv`.
    ///
    /// ```
    /// use implsci::tables::{Source, Texts};
    /// assert_eq!(Texts::default().with("levels", "id,name\n").describe(), "levels.csv");
    /// ```
    #[must_use]
    pub fn with(mut self, name: &str, csv: impl Into<Vec<u8>>) -> Self {
        self.tables.insert(name.to_string(), csv.into());
        self
    }

    /// Tables out, written as CSV and held to be read back.
    ///
    /// ```
    /// use implsci::tables::{Cell, TableOut, Texts};
    /// let mut levels = TableOut::new("levels", ["id", "name"]);
    /// levels.push(vec![Cell::Text("state".into()), Cell::Text("State".into())]);
    /// let texts = Texts::of(&[levels]);
    /// # let _ = texts;
    /// ```
    #[must_use]
    pub fn of(tables: &[super::TableOut]) -> Self {
        let mut texts = Self::default();
        for t in tables {
            let mut bytes = Vec::new();
            // Writing to memory does not fail.
            let _ = t.write_csv(&mut bytes);
            texts.tables.insert(t.name.clone(), bytes);
        }
        texts
    }
}

impl Source for Texts {
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems> {
        match self.tables.get(name) {
            None => Ok(None),
            Some(bytes) => {
                TableReader::csv(bytes.as_slice(), &format!("{name}.csv"), columns, map).map(Some)
            }
        }
    }

    fn describe(&self) -> String {
        self.tables
            .keys()
            .map(|name| format!("{name}.csv"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Opens a CSV file as a table, or says why it cannot be opened.
fn open_csv(
    path: &Path,
    columns: &[Column],
    map: &ColumnMap,
) -> Result<TableReader<'static>, TableProblems> {
    let file = path.display().to_string();
    let handle = File::open(path).map_err(|e| {
        TableProblems::new(vec![TableProblem::at_row(
            &file,
            1,
            format!("cannot open: {e}"),
        )])
    })?;
    TableReader::csv(
        // The CSV reader keeps its own buffer.
        handle, &file, columns, map,
    )
}

/// The account of one table: every row it has was used, refused, or passed over as blank.
///
/// ```
/// use implsci::tables::Tally;
/// let tally = Tally { table: "units".into(), file: "units.csv".into(), read: 5, used: 3, refused: 1, blank: 1 };
/// assert!(tally.balances());
/// assert_eq!(tally.to_string(), "units.csv: 5 read, 3 used, 1 refused, 1 blank");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The table's name (`units`).
    pub table: String,
    /// Its file (or workbook sheet), as given.
    pub file: String,
    /// The record rows in the file (the header not counted).
    pub read: u64,
    /// The rows that became part of the document.
    pub used: u64,
    /// The rows refused for a problem.
    pub refused: u64,
    /// The rows passed over because every cell was blank.
    pub blank: u64,
}

impl Tally {
    /// Whether every row is accounted for: `read = used + refused + blank`.
    ///
    /// ```
    /// let t = implsci::tables::Tally { read: 2, used: 1, ..Default::default() };
    /// assert!(!t.balances());
    /// ```
    #[must_use]
    pub fn balances(&self) -> bool {
        self.read == self.used + self.refused + self.blank
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} read, {} used, {} refused",
            self.file, self.read, self.used, self.refused
        )?;
        if self.blank > 0 {
            write!(f, ", {} blank", self.blank)?;
        }
        Ok(())
    }
}

/// A document read from tables, with the account of every table it came from.
///
/// ```
/// use implsci::tables::{Folder, ReadOptions, SystemOptions, import_system};
/// let imported = import_system(&mut Folder::new("examples/data/tables"), &ReadOptions::default(), &SystemOptions::default())?;
/// assert!(imported.tallies.iter().all(|t| t.balances() && t.refused == 0));
/// assert_eq!(imported.document.id.as_str(), "example-state");
/// # Ok::<(), implsci::tables::ImportError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Imported<T> {
    /// The document.
    pub document: T,
    /// One account per table read.
    pub tallies: Vec<Tally>,
}

/// Why tables were not imported: every problem, each at its file, row and column, and the
/// account of every table read.
///
/// ```
/// use implsci::tables::{Files, ReadOptions, SystemOptions, import_system};
/// let err = import_system(&mut Files::default(), &ReadOptions::default(), &SystemOptions::default()).unwrap_err();
/// assert!(err.to_string().contains("no table `units`"), "{err}");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportError {
    /// Every problem, in the order of the tables and their rows.
    pub problems: Vec<TableProblem>,
    /// One account per table read.
    pub tallies: Vec<Tally>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// A table being read into records: the reader, the options, the problems found so far and
/// the account of its rows. The import of each document drives one per table.
pub(crate) struct Reading<'s> {
    pub(crate) reader: TableReader<'s>,
    pub(crate) tally: Tally,
}

impl<'s> Reading<'s> {
    /// Opens the table `name` from the source, or records why it cannot be.
    pub(crate) fn open(
        source: &'s mut dyn Source,
        name: &str,
        columns: &[Column],
        options: &ReadOptions,
        problems: &mut Vec<TableProblem>,
    ) -> Option<Self> {
        match source.open(name, columns, &options.map) {
            Ok(Some(reader)) => {
                if options.strict {
                    problems.extend(reader.table().refuse_unknown());
                }
                let tally = Tally {
                    table: name.to_string(),
                    file: reader.table().file().to_string(),
                    ..Tally::default()
                };
                Some(Self { reader, tally })
            }
            Ok(None) => None,
            Err(e) => {
                problems.extend(e.into_problems());
                None
            }
        }
    }

    /// Reads every row with `each`, which returns the row's problems (none: used). Problems
    /// of reading itself are recorded at their rows; the tally counts every row.
    pub(crate) fn each(
        mut self,
        problems: &mut Vec<TableProblem>,
        mut each: impl FnMut(&super::Table, &super::Row, &mut Vec<TableProblem>),
    ) -> Tally {
        while let Some(row) = self.reader.next_row() {
            match row {
                Ok((table, row)) => {
                    let before = problems.len();
                    each(table, row, problems);
                    if problems.len() == before {
                        self.tally.used += 1;
                    } else {
                        self.tally.refused += 1;
                    }
                }
                Err(p) => {
                    problems.push(p);
                    self.tally.refused += 1;
                }
            }
        }
        self.tally.read = self.reader.rows_read();
        self.tally.blank = self.reader.blank_rows();
        self.tally
    }
}

/// The problem of a table that must be there and is not.
pub(crate) fn missing_table(source: &dyn Source, name: &str) -> TableProblem {
    TableProblem::at_row(
        &source.describe(),
        1,
        format!("no table `{name}` (a file `{name}.csv`, or a sheet `{name}`)"),
    )
}
