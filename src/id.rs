//! Typed identifiers.
//!
//! Documents refer to each other by identifier, never by position (a list index changes when
//! someone inserts a row; an id does not). Each kind of thing has its own identifier type, so an
//! [`EssentialFunctionId`] cannot be passed where an [`InnovationId`] is expected (Rust API
//! Guidelines, C-NEWTYPE).
//!
//! Every identifier is validated when it is made or read: it is non-empty, at most
//! [`MAX_ID_LEN`] characters long, holds no control characters (Unicode category `Cc`) and no
//! line or paragraph separators (U+2028, U+2029), no invisible characters that change how the
//! text around them reads — the bidirectional controls (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) and the zero-width characters (U+200B–U+200D, U+2060,
//! U+FEFF) — and neither starts nor ends with whitespace, so that it prints on one line in a
//! report, a CSV cell or a terminal, and reads in the order it is stored. The JSON Schema says
//! the same with `minLength`, `maxLength` and `pattern`.
//!
//! # How ids compare
//!
//! Byte for byte, with no Unicode normalization. Two ids that look alike but differ in their
//! bytes are different ids: `"é"` written as one code point (U+00E9) and `"é"` written as `e`
//! and a combining accent (U+0065 U+0301) name two different things, as do a Latin `a` and a
//! Cyrillic `а`. A reference must spell an id exactly as it was defined; a document that mixes
//! the two spellings gets an "unknown id" problem, not a silent match. Tools that write
//! documents should keep one normalization form (NFC is the usual one).
//!
//! ```
//! use implsci::id::{EssentialFunctionId, IdError};
//!
//! let id: EssentialFunctionId = "ef-1".parse()?;
//! assert_eq!(id.as_str(), "ef-1");
//! assert!(matches!("".parse::<EssentialFunctionId>(), Err(IdError::Empty)));
//! # Ok::<(), IdError>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use compact_str::CompactString;

mod suggest;

pub(crate) use suggest::Suggest;

/// The longest identifier accepted, in characters (Unicode scalar values).
///
/// ```
/// use implsci::id::{IdError, MAX_ID_LEN, check_id};
/// assert!(check_id(&"a".repeat(MAX_ID_LEN)).is_ok());
/// let too_long = check_id(&"a".repeat(MAX_ID_LEN + 1));
/// assert_eq!(too_long, Err(IdError::TooLong { len: MAX_ID_LEN + 1, max: MAX_ID_LEN }));
/// ```
pub const MAX_ID_LEN: usize = 128;

/// The JSON Schema `pattern` that every identifier matches: no control characters, line
/// separators or invisible characters anywhere, no whitespace at either end. Classes are spelled out so that ECMA 262
/// and Rust regex engines read them alike.
pub(crate) const ID_PATTERN: &str = concat!(
    "^[^\\u0000-\\u0020\\u007F-\\u00A0\\u061C\\u1680\\u2000-\\u200F\\u2028-\\u202F\\u205F\\u2060\\u2066-\\u2069\\u3000\\uFEFF]",
    "([^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060\\u2066-\\u2069\\uFEFF]*",
    "[^\\u0000-\\u0020\\u007F-\\u00A0\\u061C\\u1680\\u2000-\\u200F\\u2028-\\u202F\\u205F\\u2060\\u2066-\\u2069\\u3000\\uFEFF])?$"
);

/// Whether a character is invisible and changes how the text around it reads: a
/// bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) or a
/// zero-width character (U+200B–U+200D, U+2060, U+FEFF).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whitespace as the pattern's end classes spell it: Unicode `White_Space` plus U+FEFF (which
/// ECMA 262 counts as whitespace).
fn is_edge_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Why a string is not a valid identifier.
///
/// ```
/// use implsci::id::{IdError, InnovationId};
///
/// let err = "tab\there".parse::<InnovationId>().unwrap_err();
/// assert_eq!(err, IdError::ControlCharacter { position: 3 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The identifier is the empty string.
    #[error("an identifier must not be empty")]
    Empty,
    /// The identifier is longer than [`MAX_ID_LEN`] characters.
    #[error("an identifier must be at most {max} characters long, this one has {len}")]
    TooLong {
        /// Its length in characters.
        len: usize,
        /// The limit, [`MAX_ID_LEN`].
        max: usize,
    },
    /// The identifier holds a control character (a newline, a tab, …) or a line or paragraph
    /// separator.
    #[error(
        "an identifier must not contain control characters or line breaks (found one at character {position})"
    )]
    ControlCharacter {
        /// Zero-based position of the first offending character, in characters.
        position: usize,
    },
    /// The identifier holds an invisible character that changes how the text around it reads:
    /// a bidirectional control such as U+202E (which shows the text after it right to left)
    /// or a zero-width character such as U+200B, with which two ids that print the same differ.
    #[error(
        "an identifier must not contain invisible characters (found U+{code_point:04X} at character {position}): a bidirectional control or a zero-width character makes two ids that print the same differ"
    )]
    InvisibleCharacter {
        /// Zero-based position of the first offending character, in characters.
        position: usize,
        /// The character's code point (U+202E is `0x202E`).
        code_point: u32,
    },
    /// The identifier starts or ends with whitespace.
    #[error("an identifier must not start or end with whitespace")]
    EdgeWhitespace,
}

/// Checks the identifier rules shared by every id type.
///
/// ```
/// assert!(implsci::id::check_id("school-12").is_ok());
/// assert!(implsci::id::check_id("a\nb").is_err());
/// ```
///
/// # Errors
///
/// Returns the first rule the string breaks.
pub fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    // Most ids are printable ASCII: one pass over the bytes decides them.
    let b = s.as_bytes();
    if b.len() <= MAX_ID_LEN && b.iter().all(|c| (0x20..0x7F).contains(c)) {
        return if b[0] == b' ' || b[b.len() - 1] == b' ' {
            Err(IdError::EdgeWhitespace)
        } else {
            Ok(())
        };
    }
    let mut len = 0;
    for (position, c) in s.chars().enumerate() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            return Err(IdError::ControlCharacter { position });
        }
        if is_invisible(c) {
            return Err(IdError::InvisibleCharacter {
                position,
                code_point: u32::from(c),
            });
        }
        len = position + 1;
    }
    if s.starts_with(is_edge_space) || s.ends_with(is_edge_space) {
        return Err(IdError::EdgeWhitespace);
    }
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong {
            len,
            max: MAX_ID_LEN,
        });
    }
    Ok(())
}

pub(crate) fn id_schema(description: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ID_LEN,
        "pattern": ID_PATTERN,
        "description": description,
    })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
        $(#[$doc])*
        ///
        /// Non-empty, at most [`MAX_ID_LEN`] characters, no control characters.
        ///
        /// ```
        #[doc = concat!("use implsci::id::", stringify!($name), ";")]
        ///
        #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\");")]
        /// # Ok::<(), implsci::id::IdError>(())
        /// ```
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        ///
        /// Stored inline (no allocation) up to 24 bytes of UTF-8.
        pub struct $name(CompactString);

        impl $name {
            /// Makes an identifier, checking the identifier rules.
            ///
            /// ```
            #[doc = concat!("use implsci::id::{IdError, ", stringify!($name), "};")]
            ///
            #[doc = concat!("let id = ", stringify!($name), "::new(String::from(\"", $example, "\"))?;")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::new(\" padded\"), Err(IdError::EdgeWhitespace));")]
            /// # Ok::<(), IdError>(())
            /// ```
            ///
            /// # Errors
            ///
            /// Returns [`IdError`] when the string is empty, too long, or holds a control
            /// character.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check_id(&s)?;
                Ok(Self(CompactString::from(s)))
            }

            /// The identifier as a string slice.
            ///
            /// ```
            #[doc = concat!("let id: implsci::id::", stringify!($name), " = \"", $example, "\".parse()?;")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            /// assert_eq!(id.as_str(), id.to_string());
            /// # Ok::<(), implsci::id::IdError>(())
            /// ```
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                check_id(s)?;
                Ok(Self(CompactString::from(s)))
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                s.parse()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("an identifier (", stringify!($name), ")"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }
                    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<$name, E> {
                        $name::new(v).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                id_schema(concat!("Identifier of ", stringify!($name), ": non-empty, at most 128 characters, no control characters."))
            }
        }
    };
}

id_type!(
    /// Identifies an innovation (a program, practice, policy or product being implemented).
    InnovationId,
    "check-in-check-out"
);
id_type!(
    /// Identifies an essential function (core component) of an innovation.
    EssentialFunctionId,
    "ef-feedback"
);
id_type!(
    /// Identifies an item of a fidelity assessment.
    FidelityItemId,
    "fi-3"
);
id_type!(
    /// Identifies a recorded adaptation (a FRAME entry).
    AdaptationId,
    "adapt-2024-01"
);
id_type!(
    /// Identifies an implementation system (a state, a ministry, a network).
    SystemId,
    "nc-k12"
);
id_type!(
    /// Identifies a level of an implementation system (state, region, district, school, …).
    LevelId,
    "district"
);
id_type!(
    /// Identifies an implementation team.
    TeamId,
    "dit-wake"
);
id_type!(
    /// Identifies a practitioner (a teacher, a clinician).
    PractitionerId,
    "p-000123"
);
id_type!(
    /// Identifies a person on a team (members need not be practitioners).
    PersonId,
    "person-42"
);
id_type!(
    /// Identifies a coach.
    CoachId,
    "coach-7"
);
id_type!(
    /// A role, such as `teacher`, `team lead`, `coach`, `data coordinator`: free text under the
    /// identifier rules, so that it prints on one line and groups exactly.
    Role,
    "team lead"
);
id_type!(
    /// Identifies an instrument (a fidelity observation, a capacity assessment, the TFI, …).
    InstrumentId,
    "dca"
);
id_type!(
    /// Identifies an item of an instrument.
    ItemId,
    "dca-1.1"
);
id_type!(
    /// Identifies a subscale of an instrument.
    SubscaleId,
    "leadership"
);
id_type!(
    /// Identifies an event of an event log; steps of one cycle and hops of one loop item refer
    /// to each other by these.
    EventId,
    "e-000042"
);
id_type!(
    /// Identifies an organizational unit: a site such as a school or clinic, or a district,
    /// region or state agency above it.
    UnitId,
    "lincoln-elementary"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(check_id(""), Err(IdError::Empty));
        assert_eq!(check_id(&"a".repeat(MAX_ID_LEN)), Ok(()));
        assert_eq!(
            check_id(&"é".repeat(MAX_ID_LEN + 1)),
            Err(IdError::TooLong {
                len: MAX_ID_LEN + 1,
                max: MAX_ID_LEN
            })
        );
        assert_eq!(
            check_id("ab\u{85}"),
            Err(IdError::ControlCharacter { position: 2 })
        );
        assert_eq!(check_id("école 3"), Ok(()));
        assert_eq!(
            check_id("a\u{2028}b"),
            Err(IdError::ControlCharacter { position: 1 })
        );
        for blank in [" ", " a", "a ", "\u{3000}a", "\u{A0}"] {
            assert_eq!(check_id(blank), Err(IdError::EdgeWhitespace), "{blank:?}");
        }
    }

    #[test]
    fn the_schema_pattern_agrees_with_the_rules() {
        let schema = serde_json::json!({"type": "string", "pattern": ID_PATTERN});
        let validator = jsonschema::validator_for(&schema).unwrap();
        let samples = [
            "a",
            "ab",
            "a b",
            "école 3",
            "x-1_y.z",
            " ",
            " a",
            "a ",
            "\u{3000}a",
            "a\u{FEFF}",
            "\u{A0}",
            "a\u{A0}b",
            "a\tb",
            "a\nb",
            "a\u{85}b",
            "a\u{2028}b",
            "\u{7F}",
            "a\u{202E}b",
            "\u{202E}a",
            "a\u{200B}",
            "a\u{200D}b",
            "a\u{2060}b",
            "a\u{FEFF}b",
            "a\u{061C}b",
            "a\u{2066}b",
            "a\u{200E}",
            "a\u{202F}b",
            "a\u{200A}b",
            "日本",
        ];
        for s in samples {
            let ours = check_id(s).is_ok();
            assert_eq!(
                validator.is_valid(&serde_json::Value::from(s)),
                ours,
                "{s:?}"
            );
        }
    }

    #[test]
    fn serde_refuses_invalid() {
        let ok: InnovationId = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(ok.as_str(), "x");
        let err = serde_json::from_str::<InnovationId>("\"\"").unwrap_err();
        assert!(err.to_string().contains("must not be empty"), "{err}");
        assert!(serde_json::from_str::<InnovationId>("\"a\\nb\"").is_err());
        assert!(serde_json::from_str::<InnovationId>("3").is_err());
    }
}
