//! Tables out: the rows a document exports to, written as CSV (or, with the `xlsx` feature,
//! as a workbook's sheets).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use jiff::civil::Date;

use super::{Column, normalize_header};
use crate::Extensions;

/// One cell of a table out.
///
/// ```
/// use implsci::tables::Cell;
/// assert_eq!(Cell::Number(3.0).to_string(), "3");
/// assert_eq!(Cell::Number(2.5).to_string(), "2.5");
/// assert_eq!(Cell::Date(jiff::civil::date(2024, 8, 1)).to_string(), "2024-08-01");
/// assert_eq!(Cell::Blank.to_string(), "");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Blank,
    /// Text.
    Text(String),
    /// A date: ISO `YYYY-MM-DD` in CSV, a date cell in a workbook.
    Date(Date),
    /// A number: written without a fraction when it has none.
    Number(f64),
}

impl Cell {
    /// Text, or blank when `None`.
    ///
    /// ```
    /// use implsci::tables::Cell;
    /// assert_eq!(Cell::text(None::<&str>), Cell::Blank);
    /// assert_eq!(Cell::text(Some("wake")), Cell::Text("wake".into()));
    /// ```
    #[must_use]
    pub fn text(value: Option<impl Into<String>>) -> Self {
        value.map_or(Self::Blank, |v| Self::Text(v.into()))
    }

    /// A date, or blank when `None`.
    ///
    /// ```
    /// use implsci::tables::Cell;
    /// assert_eq!(Cell::date(None), Cell::Blank);
    /// ```
    #[must_use]
    pub fn date(value: Option<Date>) -> Self {
        value.map_or(Self::Blank, Self::Date)
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Blank => Ok(()),
            Self::Text(s) => f.write_str(s),
            Self::Date(d) => write!(f, "{d}"),
            Self::Number(n) => write!(f, "{n}"),
        }
    }
}

/// A table out: its name (the file or sheet it becomes), headers and rows.
///
/// ```
/// use implsci::tables::{Cell, TableOut};
/// let mut t = TableOut::new("levels", ["id", "name"]);
/// t.push(vec![Cell::Text("state".into()), Cell::Text("State".into())]);
/// let mut csv = Vec::new();
/// t.write_csv(&mut csv)?;
/// assert_eq!(String::from_utf8(csv)?, "id,name\nstate,State\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TableOut {
    /// The table's name: `units` is written to `units.csv`, or the sheet `units`.
    pub name: String,
    /// The headers.
    pub headers: Vec<String>,
    /// The rows, each as long as the headers.
    pub rows: Vec<Vec<Cell>>,
}

impl TableOut {
    /// An empty table.
    ///
    /// ```
    /// let t = implsci::tables::TableOut::new("units", ["id", "level"]);
    /// assert_eq!((t.headers.len(), t.rows.len()), (2, 0));
    /// ```
    #[must_use]
    pub fn new<S: Into<String>>(name: &str, headers: impl IntoIterator<Item = S>) -> Self {
        Self {
            name: name.to_string(),
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    ///
    /// ```
    /// use implsci::tables::{Cell, TableOut};
    /// let mut t = TableOut::new("levels", ["id"]);
    /// t.push(vec![Cell::Text("state".into())]);
    /// assert_eq!(t.rows.len(), 1);
    /// ```
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    /// Writes the table as CSV.
    ///
    /// ```
    /// use implsci::tables::{Cell, TableOut};
    /// let mut t = TableOut::new("units", ["id", "name"]);
    /// t.push(vec![Cell::Text("wake".into()), Cell::Text("Wake, County".into())]);
    /// let mut out = Vec::new();
    /// t.write_csv(&mut out)?;
    /// assert_eq!(String::from_utf8(out)?, "id,name\nwake,\"Wake, County\"\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Writing fails.
    pub fn write_csv(&self, out: impl Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers)?;
        let mut record = Vec::with_capacity(self.headers.len());
        for row in &self.rows {
            record.clear();
            record.extend(row.iter().map(ToString::to_string));
            w.write_record(&record)?;
        }
        w.flush()
    }
}

/// Writes each table to `DIR/NAME.csv`, creating the folder.
///
/// ```
/// use implsci::tables::{TableOut, write_folder};
/// let dir = std::env::temp_dir().join(format!("implsci-doc-write-{}", std::process::id()));
/// write_folder(&dir, &[TableOut::new("levels", ["id", "name"])])?;
/// assert_eq!(std::fs::read_to_string(dir.join("levels.csv"))?, "id,name\n");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The folder or a file cannot be written.
pub fn write_folder(dir: &Path, tables: &[TableOut]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for t in tables {
        let file = fs::File::create(dir.join(format!("{}.csv", t.name)))?;
        t.write_csv(io::BufWriter::new(file))?;
    }
    Ok(())
}

/// The header prefix that makes a column an extension whatever its name: `extensions.name`
/// is the extension `name`, not the column `name`.
pub(crate) const EXTENSION_PREFIX: &str = "extensions.";

/// The header suffix of an extension column whose cells are JSON values (numbers, lists,
/// objects; text that a plain cell would not keep as it is).
pub(crate) const JSON_SUFFIX: &str = " [json]";

/// The extension columns of a table out: one per key the entities use, in the order they
/// first appear; a value that is not plain text goes in a `KEY [json]` column.
#[derive(Debug, Default)]
pub(crate) struct ExtensionColumns {
    /// (key, JSON, header)
    columns: Vec<(String, bool, String)>,
}

impl ExtensionColumns {
    /// The columns for these entities' extensions, next to the table's own `columns`.
    pub(crate) fn of<'a>(
        all: impl IntoIterator<Item = &'a Extensions>,
        columns: &[Column],
    ) -> Self {
        Self::reserving(all, columns, |_| false)
    }

    /// As [`ExtensionColumns::of`], with the `extensions.` prefix also on every key that
    /// `reserved` says a header of the table reads as (an item id, in a wide table of
    /// administrations).
    pub(crate) fn reserving<'a>(
        all: impl IntoIterator<Item = &'a Extensions>,
        columns: &[Column],
        reserved: impl Fn(&str) -> bool,
    ) -> Self {
        let mut out = Self::default();
        let known: Vec<String> = columns.iter().map(|c| normalize_header(c.name())).collect();
        for ext in all {
            for (key, value) in ext {
                let json = is_json(key, value);
                if out.columns.iter().any(|(k, j, _)| k == key && *j == json) {
                    continue;
                }
                let plain = !key.is_empty()
                    && !reserved(key)
                    && key.trim() == key
                    && !normalize_header(key).is_empty()
                    && !known.contains(&normalize_header(key))
                    && !key.starts_with(EXTENSION_PREFIX)
                    && !key.ends_with(JSON_SUFFIX.trim_start());
                let mut header = if plain {
                    key.clone()
                } else {
                    format!("{EXTENSION_PREFIX}{key}")
                };
                if json {
                    header.push_str(JSON_SUFFIX);
                }
                out.columns.push((key.clone(), json, header));
            }
        }
        // Two plain keys that read as one header (`Size`, `size`) take the prefix.
        let n = out.columns.len();
        for i in 0..n {
            let clash = (0..n).any(|j| {
                j != i && normalize_header(&out.columns[j].2) == normalize_header(&out.columns[i].2)
            });
            if clash && !out.columns[i].2.starts_with(EXTENSION_PREFIX) {
                let (key, json, _) = &out.columns[i];
                out.columns[i].2 = format!(
                    "{EXTENSION_PREFIX}{key}{}",
                    if *json { JSON_SUFFIX } else { "" }
                );
            }
        }
        out
    }

    /// The headers, to follow the table's own.
    pub(crate) fn headers(&self) -> impl Iterator<Item = String> + '_ {
        self.columns.iter().map(|(_, _, h)| h.clone())
    }

    /// One entity's cells, in the order of the headers.
    pub(crate) fn cells<'a>(&'a self, ext: &'a Extensions) -> impl Iterator<Item = Cell> + 'a {
        self.columns
            .iter()
            .map(move |(key, json, _)| match ext.get(key) {
                Some(v) if is_json(key, v) == *json => match v {
                    serde_json::Value::String(s) if !*json => Cell::Text(s.clone()),
                    other => Cell::Text(other.to_string()),
                },
                _ => Cell::Blank,
            })
    }
}

/// Whether a value goes in a `KEY [json]` column: when it is not plain text, or when its key
/// itself ends in ` [json]` (whose plain column would read back as JSON, under another key).
fn is_json(key: &str, value: &serde_json::Value) -> bool {
    !is_plain(value) || key.ends_with(JSON_SUFFIX)
}

/// Text a cell keeps as it is: not empty, nothing to trim, not read as JSON.
fn is_plain(value: &serde_json::Value) -> bool {
    matches!(value, serde_json::Value::String(s) if !s.is_empty() && s.trim() == s)
}

/// A row's extensions: the non-blank cells of the columns the crate does not know, by header
/// (`extensions.` taken off the front); a `KEY [json]` column's cell read as JSON.
pub(crate) fn read_extensions(
    table: &super::Table,
    row: &super::Row,
) -> Result<Extensions, super::TableProblem> {
    read_extensions_where(table, row, |_| true)
}

/// The extension key a header names (`extensions.` and ` [json]` taken off), and whether its
/// cells are JSON.
pub(crate) fn extension_key(header: &str) -> (&str, bool) {
    let (name, json) = match header.strip_suffix(JSON_SUFFIX) {
        Some(name) => (name, true),
        None => (header, false),
    };
    (name.strip_prefix(EXTENSION_PREFIX).unwrap_or(name), json)
}

/// As [`read_extensions`], over the unknown columns whose header `keep` accepts (a wide table
/// of administrations keeps its item columns out).
pub(crate) fn read_extensions_where(
    table: &super::Table,
    row: &super::Row,
    keep: impl Fn(&str) -> bool,
) -> Result<Extensions, super::TableProblem> {
    let mut ext = Extensions::new();
    if !table.has_unknown() {
        return Ok(ext);
    }
    for (header, cell) in table.extra(row) {
        if !keep(header) {
            continue;
        }
        let (key, json) = extension_key(header);
        let value = if json {
            serde_json::from_str(cell).map_err(|e| {
                table.problem_at_header(row, header, format!("{cell:?} is not JSON: {e}"))
            })?
        } else {
            serde_json::Value::String(cell.to_string())
        };
        if ext.insert(key.to_string(), value).is_some() {
            return Err(table.problem_at_header(
                row,
                header,
                format!("the extension `{key}` again in this row"),
            ));
        }
    }
    Ok(ext)
}
