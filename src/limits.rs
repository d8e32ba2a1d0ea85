//! How much of an input the crate reads: the bytes of a document, of a log line and of a
//! whole log, so that a careless or hostile file is refused with a message rather than read
//! until memory runs out.
//!
//! Each default is the crate's own choice, far above what a state-sized system needs (the
//! generated 1,000,000-practitioner state is about 25 MB of JSON; an event line is a few
//! hundred bytes), and each can be raised: in the library through [`Limits`], on the command
//! line with `--max-document-bytes`, `--max-line-bytes` and `--max-log-bytes`.
//!
//! Other bounds the readers keep without a setting: nesting depth (`serde_json` refuses JSON
//! nested more than 128 levels deep, as a syntax problem), the length of an id
//! ([`crate::id::MAX_ID_LEN`] characters), and every list (bounded by the document's bytes).
//! A problem quotes at most [`crate::error::MAX_QUOTED_BYTES`] of what the input says.
//!
//! ```
//! use implsci::limits::{Limits, read_limited};
//! let limits = Limits::default().document_bytes(16);
//! let err = read_limited(&b"{\"kind\": \"innovation\"}"[..], limits.document_bytes).unwrap_err();
//! assert!(err.to_string().starts_with("the document is larger than the limit of 16 bytes"));
//! assert_eq!(read_limited(&b"{}"[..], limits.document_bytes)?, b"{}");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Read};

/// The most bytes of one document (the crate's own default: 1 GiB).
pub const DEFAULT_DOCUMENT_BYTES: u64 = 1 << 30;

/// The most bytes of one line of a JSON Lines log (the crate's own default: 16 MiB).
pub const DEFAULT_LINE_BYTES: usize = 16 << 20;

/// The most bytes of a whole log (the crate's own default: 64 GiB).
pub const DEFAULT_LOG_BYTES: u64 = 64 << 30;

/// The limits inputs are read within.
///
/// ```
/// use implsci::limits::{DEFAULT_LINE_BYTES, Limits};
/// let limits = Limits::default().line_bytes(1 << 20);
/// assert_eq!(limits.line_bytes, 1 << 20);
/// assert_eq!(Limits::default().line_bytes, DEFAULT_LINE_BYTES);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The most bytes of one document.
    pub document_bytes: u64,
    /// The most bytes of one log line (its newline not counted).
    pub line_bytes: usize,
    /// The most bytes of a whole log.
    pub log_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            document_bytes: DEFAULT_DOCUMENT_BYTES,
            line_bytes: DEFAULT_LINE_BYTES,
            log_bytes: DEFAULT_LOG_BYTES,
        }
    }
}

impl Limits {
    /// With this many bytes at most per document.
    ///
    /// ```
    /// assert_eq!(implsci::limits::Limits::default().document_bytes(10).document_bytes, 10);
    /// ```
    #[must_use]
    pub fn document_bytes(mut self, bytes: u64) -> Self {
        self.document_bytes = bytes;
        self
    }

    /// With this many bytes at most per log line.
    ///
    /// ```
    /// assert_eq!(implsci::limits::Limits::default().line_bytes(10).line_bytes, 10);
    /// ```
    #[must_use]
    pub fn line_bytes(mut self, bytes: usize) -> Self {
        self.line_bytes = bytes;
        self
    }

    /// With this many bytes at most per log.
    ///
    /// ```
    /// assert_eq!(implsci::limits::Limits::default().log_bytes(10).log_bytes, 10);
    /// ```
    #[must_use]
    pub fn log_bytes(mut self, bytes: u64) -> Self {
        self.log_bytes = bytes;
        self
    }
}

/// Reads all of `input`, up to `limit` bytes; more is an error of kind `InvalidData` saying
/// the limit and how to raise it, and nothing past the limit is read.
///
/// ```
/// use implsci::limits::read_limited;
/// let endless = std::io::repeat(0);
/// let err = read_limited(endless, 1024).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
/// ```
///
/// # Errors
///
/// Reading fails, or the input is larger than `limit`.
pub fn read_limited(input: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large("the document is", limit, "--max-document-bytes"));
    }
    Ok(bytes)
}

/// The error of an input larger than its limit, naming the option that raises it.
pub(crate) fn too_large(what: &str, limit: u64, option: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{what} larger than the limit of {limit} bytes; raise it with {option} (or `Limits` in the library)"
        ),
    )
}
