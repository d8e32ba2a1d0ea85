//! The `schema_version` of a document.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the JSON contract a document was written against (`major.minor.patch`).
///
/// ```
/// use implsci::SchemaVersion;
///
/// let v: SchemaVersion = "1.2.0".parse()?;
/// assert_eq!(v.major(), 1);
/// assert!("2.0.0".parse::<SchemaVersion>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaVersion {
    major: u32,
    minor: u32,
    patch: u32,
}

impl SchemaVersion {
    /// The major version this crate reads and writes.
    ///
    /// ```
    /// use implsci::SchemaVersion;
    /// assert_eq!(SchemaVersion::SUPPORTED_MAJOR, 1);
    /// assert_eq!(SchemaVersion::CURRENT.major(), SchemaVersion::SUPPORTED_MAJOR);
    /// ```
    pub const SUPPORTED_MAJOR: u32 = 1;

    /// The version this crate writes.
    ///
    /// ```
    /// use implsci::{Innovation, SchemaVersion};
    /// assert_eq!(SchemaVersion::CURRENT.to_string(), "1.0.0");
    /// assert_eq!(SchemaVersion::default(), SchemaVersion::CURRENT);
    /// assert_eq!(Innovation::new("x".parse()?, "X").schema_version, SchemaVersion::CURRENT);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const CURRENT: Self = Self {
        major: 1,
        minor: 0,
        patch: 0,
    };

    /// The major version.
    ///
    /// ```
    /// use implsci::SchemaVersion;
    /// let v: SchemaVersion = "1.4.2".parse()?;
    /// assert_eq!(v.major(), 1);
    /// # Ok::<(), String>(())
    /// ```
    #[must_use]
    pub fn major(self) -> u32 {
        self.major
    }

    /// The minor version.
    ///
    /// ```
    /// use implsci::SchemaVersion;
    /// let v: SchemaVersion = "1.4.2".parse()?;
    /// assert_eq!(v.minor(), 4);
    /// # Ok::<(), String>(())
    /// ```
    #[must_use]
    pub fn minor(self) -> u32 {
        self.minor
    }

    /// The patch version.
    ///
    /// ```
    /// use implsci::SchemaVersion;
    /// let v: SchemaVersion = "1.4.2".parse()?;
    /// assert_eq!(v.patch(), 2);
    /// # Ok::<(), String>(())
    /// ```
    #[must_use]
    pub fn patch(self) -> u32 {
        self.patch
    }
}

impl Default for SchemaVersion {
    fn default() -> Self {
        Self::CURRENT
    }
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Parses one version number: `0` or up to nine digits without a leading zero (the schema's
/// pattern says the same).
fn version_number(s: &str) -> Option<u32> {
    let ok = s == "0"
        || (!s.is_empty()
            && s.len() <= 9
            && !s.starts_with('0')
            && s.bytes().all(|b| b.is_ascii_digit()));
    if ok { s.parse().ok() } else { None }
}

impl std::str::FromStr for SchemaVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut parts = s.split('.');
        let (Some(major), Some(minor), Some(patch), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "`{s}` is not a version of the form major.minor.patch"
            ));
        };
        let (Some(major), Some(minor), Some(patch)) = (
            version_number(major),
            version_number(minor),
            version_number(patch),
        ) else {
            return Err(format!(
                "`{s}` is not a version of the form major.minor.patch"
            ));
        };
        match major.cmp(&Self::SUPPORTED_MAJOR) {
            std::cmp::Ordering::Greater => Err(format!(
                "major version {major} is newer than this implsci reads ({}.x); upgrade implsci",
                Self::SUPPORTED_MAJOR
            )),
            std::cmp::Ordering::Less => Err(format!(
                "major version {major} predates the first published contract ({}.x) and cannot be migrated",
                Self::SUPPORTED_MAJOR
            )),
            std::cmp::Ordering::Equal => Ok(Self {
                major,
                minor,
                patch,
            }),
        }
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for SchemaVersion {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("SchemaVersion")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^1\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$",
            "description": "Version of the implsci JSON contract (semantic versioning); this schema reads major version 1.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!("1.0.0".parse::<SchemaVersion>(), Ok(SchemaVersion::CURRENT));
        assert_eq!(
            "1.12.3"
                .parse::<SchemaVersion>()
                .map(super::SchemaVersion::minor),
            Ok(12)
        );
        for bad in [
            "1.0",
            "1.0.0.0",
            "01.0.0",
            "1.00.0",
            "1.a.0",
            "",
            "1.0.0-rc1",
            "1.1234567890.0",
        ] {
            assert!(bad.parse::<SchemaVersion>().is_err(), "{bad}");
        }
        assert!(
            "2.0.0"
                .parse::<SchemaVersion>()
                .unwrap_err()
                .contains("upgrade implsci")
        );
        assert!(
            "0.9.0"
                .parse::<SchemaVersion>()
                .unwrap_err()
                .contains("cannot be migrated")
        );
    }
}
