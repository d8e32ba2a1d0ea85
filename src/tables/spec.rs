//! What each table of a document is: its name, what a row is, and its columns with their
//! defaults; the empty tables and guide `import --template` writes.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::{Column, TableOut, write_folder};

/// One table a document is read from: its conventional name (`units` is `units.csv`, or the
/// sheet `units`), what one row is, and its columns.
///
/// ```
/// use implsci::tables::SYSTEM_TABLES;
/// let members = SYSTEM_TABLES.iter().find(|t| t.name == "members").unwrap();
/// assert_eq!(members.about, "One row per person on a team.");
/// assert!(members.columns.iter().any(|c| c.name() == "role" && !c.is_required()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableSpec {
    /// Its name.
    pub name: &'static str,
    /// What one row is.
    pub about: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
    /// Whether a document needs it.
    pub required: bool,
}

impl TableSpec {
    /// A table a document needs.
    ///
    /// ```
    /// use implsci::tables::{Column, TableSpec};
    /// const UNITS: TableSpec = TableSpec::required("units", "One row per unit.", &[Column::required("id")]);
    /// assert!(UNITS.required);
    /// ```
    #[must_use]
    pub const fn required(
        name: &'static str,
        about: &'static str,
        columns: &'static [Column],
    ) -> Self {
        Self {
            name,
            about,
            columns,
            required: true,
        }
    }

    /// A table a document may do without.
    ///
    /// ```
    /// use implsci::tables::{Column, TableSpec};
    /// const TEAMS: TableSpec = TableSpec::optional("teams", "One row per team.", &[Column::required("id")]);
    /// assert!(!TEAMS.required);
    /// ```
    #[must_use]
    pub const fn optional(
        name: &'static str,
        about: &'static str,
        columns: &'static [Column],
    ) -> Self {
        Self {
            name,
            about,
            columns,
            required: false,
        }
    }

    /// The table's headers, as the crate writes them.
    ///
    /// ```
    /// use implsci::tables::SYSTEM_TABLES;
    /// assert_eq!(SYSTEM_TABLES[1].headers().collect::<Vec<_>>(), ["id", "name"]); // levels
    /// ```
    pub fn headers(&self) -> impl Iterator<Item = &'static str> {
        self.columns.iter().map(|c| c.name())
    }
}

/// The guide to a set of tables, in Markdown: each table, what a row is, and each column
/// with whether it is required and what it holds.
///
/// ```
/// use implsci::tables::{SYSTEM_TABLES, guide};
/// let text = guide("An implementation system", SYSTEM_TABLES);
/// assert!(text.contains("## units.csv"));
/// assert!(text.contains("| `parent` | optional |"));
/// ```
#[must_use]
pub fn guide(title: &str, tables: &[TableSpec]) -> String {
    let mut out = format!("# {title}: the tables\n\n");
    out.push_str(
        "Each table is a CSV file (UTF-8, with or without a byte-order mark) or a sheet of one \
         workbook with the same name. Headers are matched without regard to case, spaces and \
         punctuation; a column the tables do not list is kept under `extensions` (or refused \
         with `--strict`). Dates are `YYYY-MM-DD` unless `--date-format` says otherwise \
         (`%m/%d/%Y`). A row of blank cells is passed over.\n",
    );
    for t in tables {
        let need = if t.required { "required" } else { "optional" };
        let _ = write!(
            out,
            "\n## {}.csv ({need})\n\n{}\n\n| column | | what it holds |\n|---|---|---|\n",
            t.name, t.about
        );
        for c in t.columns {
            let need = if c.is_required() {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(out, "| `{}` | {need} | {} |", c.name(), c.description());
        }
    }
    out
}

/// Writes the empty tables, headers only, and their guide (`README.md`) to a folder: what
/// `implsci import --template system DIR` does.
///
/// ```
/// use implsci::tables::{SYSTEM_TABLES, write_template};
/// let dir = std::env::temp_dir().join(format!("implsci-doc-template-{}", std::process::id()));
/// write_template(&dir, "An implementation system", SYSTEM_TABLES)?;
/// assert_eq!(std::fs::read_to_string(dir.join("levels.csv"))?, "id,name\n");
/// assert!(dir.join("README.md").exists());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The folder or a file cannot be written.
pub fn write_template(dir: &Path, title: &str, tables: &[TableSpec]) -> io::Result<()> {
    let empty: Vec<TableOut> = tables
        .iter()
        .map(|t| TableOut::new(t.name, t.headers()))
        .collect();
    write_folder(dir, &empty)?;
    std::fs::write(dir.join("README.md"), guide(title, tables))
}
