//! The columns a table may have, and the user's names for them.

use super::normalize_header;

/// A column a table may have.
///
/// ```
/// use implsci::tables::Column;
/// const ID: Column = Column::required("id");
/// assert!(ID.is_required() && ID.name() == "id");
/// assert!(!Column::optional("parent").is_required());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    name: &'static str,
    required: bool,
    about: &'static str,
}

impl Column {
    /// A column every table of its kind must have.
    ///
    /// ```
    /// assert!(implsci::tables::Column::required("level").is_required());
    /// ```
    #[must_use]
    pub const fn required(name: &'static str) -> Self {
        Self {
            name,
            required: true,
            about: "",
        }
    }

    /// A column a table may leave out.
    ///
    /// ```
    /// assert!(!implsci::tables::Column::optional("end").is_required());
    /// ```
    #[must_use]
    pub const fn optional(name: &'static str) -> Self {
        Self {
            name,
            required: false,
            about: "",
        }
    }

    /// Its name, as the crate writes the header.
    ///
    /// ```
    /// assert_eq!(implsci::tables::Column::optional("start").name(), "start");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        self.name
    }

    /// With a sentence on what the column holds, for the guide to a table.
    ///
    /// ```
    /// use implsci::tables::Column;
    /// const ROLE: Column = Column::optional("role").about("Their role on the team; `member` when blank.");
    /// assert!(ROLE.description().starts_with("Their role"));
    /// ```
    #[must_use]
    pub const fn about(self, about: &'static str) -> Self {
        Self { about, ..self }
    }

    /// What the column holds, as [`Column::about`] says it (empty when it does not).
    ///
    /// ```
    /// assert_eq!(implsci::tables::Column::required("id").description(), "");
    /// ```
    #[must_use]
    pub fn description(self) -> &'static str {
        self.about
    }

    /// Whether a table must have it.
    ///
    /// ```
    /// assert!(implsci::tables::Column::required("id").is_required());
    /// ```
    #[must_use]
    pub fn is_required(self) -> bool {
        self.required
    }
}

/// Headers the user named otherwise: `School ID` read as the column `id`.
///
/// ```
/// use implsci::tables::ColumnMap;
/// let map = ColumnMap::default().with("School ID", "id").with("Parent District", "parent");
/// assert_eq!(map.column_for("school_id"), Some("id"));
/// assert_eq!(map.column_for("Level"), None);
/// let parsed: ColumnMap = "School ID=id".parse()?;
/// assert_eq!(parsed.column_for("SCHOOL ID"), Some("id"));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap(Vec<(String, String)>);

impl ColumnMap {
    /// Reads the header `header` (matched as headers are) as the column `column`.
    ///
    /// ```
    /// use implsci::tables::ColumnMap;
    /// assert_eq!(ColumnMap::default().with("Bldg", "unit").column_for("bldg"), Some("unit"));
    /// ```
    #[must_use]
    pub fn with(mut self, header: &str, column: &str) -> Self {
        self.0
            .push((normalize_header(header), normalize_header(column)));
        self
    }

    /// These names and `other`'s (the first given wins for a header named in both).
    ///
    /// ```
    /// use implsci::tables::ColumnMap;
    /// let map = ColumnMap::default().with("Bldg", "unit").merge(&"School ID=id".parse()?);
    /// assert_eq!((map.column_for("bldg"), map.column_for("school id")), (Some("unit"), Some("id")));
    /// # Ok::<(), String>(())
    /// ```
    #[must_use]
    pub fn merge(mut self, other: &Self) -> Self {
        self.0.extend(other.0.iter().cloned());
        self
    }

    /// The column a header is mapped to, if it is.
    ///
    /// ```
    /// use implsci::tables::ColumnMap;
    /// assert_eq!(ColumnMap::default().column_for("anything"), None);
    /// ```
    #[must_use]
    pub fn column_for(&self, header: &str) -> Option<&str> {
        let h = normalize_header(header);
        self.0
            .iter()
            .find(|(from, _)| *from == h)
            .map(|(_, to)| to.as_str())
    }
}

impl std::str::FromStr for ColumnMap {
    type Err = String;

    /// `HEADER=column`, as `--map` takes it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((h, c)) if !normalize_header(h).is_empty() && !normalize_header(c).is_empty() => {
                Ok(Self::default().with(h, c))
            }
            _ => Err(format!("`{s}` is not HEADER=column (School ID=id)")),
        }
    }
}
