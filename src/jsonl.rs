//! JSON Lines: one JSON object per line, read without stopping at a bad line and without losing
//! one.
//!
//! Data systems stream records (events, administrations) as JSON Lines. A malformed line is
//! reported with its line number, JSON path and problem kind, and the lines after it are still
//! read; the result counts what was read, refused, and blank, so nothing is silently skipped.
//! Lines may end in `\n` or `\r\n`; a UTF-8 byte-order mark before the first line is skipped.
//!
//! [`JsonLinesReader`] takes the input in chunks of any size (from a socket, a file, a pipe) and
//! gives the same result whatever the chunking.
//!
//! ```
//! use implsci::jsonl::parse_json_lines;
//!
//! #[derive(serde::Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Visit { coach: String, minutes: u32 }
//!
//! let input = b"{\"coach\": \"c1\", \"minutes\": 30}\n{\"coach\": \"c2\", \"minutes\": \"ten\"}\n\n{\"coach\": \"c3\", \"minutes\": 45}\n";
//! let read = parse_json_lines::<Visit>(input);
//! assert_eq!(read.records.len(), 2);
//! assert_eq!(read.refused.len(), 1);
//! assert_eq!(read.refused[0].to_string(), "line 2: $.minutes: shape: invalid type: string \"ten\", expected u32 (column 32)");
//! assert_eq!((read.lines, read.blank), (4, 1));
//! ```

use std::fmt;
use std::io::{self, Read};

use serde::de::DeserializeOwned;

use crate::error::Problem;

/// A record and the line it was read from (1-based).
///
/// ```
/// let read = implsci::jsonl::parse_json_lines::<u32>(b"\n7\n");
/// assert_eq!((read.records[0].line, read.records[0].value), (2, 7));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record<T> {
    /// The line number, from 1.
    pub line: u64,
    /// The record.
    pub value: T,
}

/// A refused line: its number and what was wrong.
///
/// ```
/// use implsci::ProblemKind;
///
/// let read = implsci::jsonl::parse_json_lines::<u8>(b"1\n{\n");
/// let refused = &read.refused[0];
/// assert_eq!((refused.line, refused.problem.kind), (2, ProblemKind::Syntax));
/// assert!(refused.to_string().starts_with("line 2: $: syntax: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineProblem {
    /// The line number, from 1.
    pub line: u64,
    /// The problem, with its JSON path within the line's object.
    pub problem: Problem,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.problem;
        write!(
            f,
            "line {}: {}: {}: {}",
            self.line, p.path, p.kind, p.message
        )?;
        if p.id.is_some() {
            // `Problem`'s own Display adds the id; keep one format.
            write!(f, " (id: {})", p.id.as_deref().unwrap_or_default())?;
        }
        Ok(())
    }
}

/// What reading JSON Lines gave: the records, the refused lines, and the counts.
///
/// ```
/// let read = implsci::jsonl::parse_json_lines::<u32>(b"1\n  \nx\n");
/// assert_eq!((read.records.len(), read.refused.len(), read.blank), (1, 1, 1));
/// assert_eq!(read.lines, 3); // every line accounted for
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JsonLines<T> {
    /// The records read, in line order.
    pub records: Vec<Record<T>>,
    /// The lines refused, in line order.
    pub refused: Vec<LineProblem>,
    /// Lines seen, blank ones included.
    pub lines: u64,
    /// Blank lines (only whitespace), which hold no record and are not refused.
    pub blank: u64,
}

impl<T> Default for JsonLines<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            refused: Vec::new(),
            lines: 0,
            blank: 0,
        }
    }
}

/// Reads JSON Lines fed in chunks of any size.
///
/// ```
/// use implsci::jsonl::JsonLinesReader;
///
/// let mut reader = JsonLinesReader::<u32>::new();
/// for chunk in [&b"1\n2"[..], b"3\n", b"x\n4"] {
///     reader.feed(chunk);
/// }
/// let read = reader.finish();
/// let values: Vec<u32> = read.records.iter().map(|r| r.value).collect();
/// assert_eq!(values, [1, 23, 4]);
/// assert_eq!(read.refused[0].line, 3);
/// ```
pub struct JsonLinesReader<T> {
    /// The start of a line whose end has not arrived yet.
    partial: Vec<u8>,
    /// The bytes of the current line, when it has passed the limit and is no longer kept.
    overlong: Option<u64>,
    /// The most bytes of a line.
    max_line: usize,
    out: JsonLines<T>,
    /// Reads one line's bytes into a record.
    parse: fn(&[u8]) -> Result<T, Problem>,
}

impl<T: fmt::Debug> fmt::Debug for JsonLinesReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLinesReader")
            .field("partial", &self.partial.len())
            .field("out", &self.out)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Default for JsonLinesReader<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: DeserializeOwned> JsonLinesReader<T> {
    /// A reader at the start of the input, reading each line strictly as a `T`.
    ///
    /// ```
    /// use implsci::jsonl::JsonLinesReader;
    ///
    /// let mut reader = JsonLinesReader::<u8>::new();
    /// reader.feed(b"255\n256\n");
    /// let read = reader.finish();
    /// assert_eq!((read.records.len(), read.refused[0].line), (1, 2)); // 256 is not a u8
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_parser(crate::document::parse_value::<T>)
    }
}

impl<T> JsonLinesReader<T> {
    /// A reader that reads each line with `parse` (for records whose type a line's content
    /// decides, such as events tagged by `kind`).
    ///
    /// ```
    /// use implsci::Problem;
    /// use implsci::jsonl::JsonLinesReader;
    ///
    /// fn length(line: &[u8]) -> Result<usize, Problem> { Ok(line.len()) }
    /// let mut reader = JsonLinesReader::with_parser(length);
    /// reader.feed(b"abc\nnot json\n");
    /// let lengths: Vec<usize> = reader.finish().records.iter().map(|r| r.value).collect();
    /// assert_eq!(lengths, [3, 8]);
    /// ```
    #[must_use]
    pub fn with_parser(parse: fn(&[u8]) -> Result<T, Problem>) -> Self {
        Self {
            partial: Vec::new(),
            overlong: None,
            max_line: crate::limits::DEFAULT_LINE_BYTES,
            out: JsonLines::default(),
            parse,
        }
    }

    /// With at most `bytes` per line: a longer line is refused as `too_large`, its bytes not
    /// kept, and reading goes on with the next line. The default is
    /// [`DEFAULT_LINE_BYTES`](crate::limits::DEFAULT_LINE_BYTES).
    ///
    /// ```
    /// use implsci::jsonl::JsonLinesReader;
    /// let mut reader = JsonLinesReader::<u32>::new().max_line_bytes(4);
    /// reader.feed(b"1\n123456789\n2\n");
    /// let read = reader.finish();
    /// assert_eq!(read.records.len(), 2);
    /// assert!(read.refused[0].to_string().starts_with("line 2: $: too_large: the line is longer than the limit of 4 bytes"));
    /// ```
    #[must_use]
    pub fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line = bytes;
        self
    }

    /// Reads the complete lines in `chunk`, keeping the start of an unfinished one.
    ///
    /// ```
    /// use implsci::jsonl::JsonLinesReader;
    ///
    /// let mut reader = JsonLinesReader::<u32>::new();
    /// reader.feed(b"1\n2");
    /// assert_eq!(reader.drain().map(|r| r.value).collect::<Vec<_>>(), [1]); // `2` is kept
    /// reader.feed(b"0\n");
    /// assert_eq!(reader.drain().map(|r| r.value).collect::<Vec<_>>(), [20]);
    /// ```
    pub fn feed(&mut self, mut chunk: &[u8]) {
        if !self.partial.is_empty() || self.overlong.is_some() {
            match memchr(chunk) {
                None => {
                    self.keep(chunk);
                    return;
                }
                Some(end) => {
                    self.keep(&chunk[..end]);
                    self.end_kept_line();
                    chunk = &chunk[end + 1..];
                }
            }
        }
        while let Some(end) = memchr(chunk) {
            if end > self.max_line {
                self.refuse_overlong(end as u64);
            } else {
                self.line(&chunk[..end]);
            }
            chunk = &chunk[end + 1..];
        }
        self.keep(chunk);
    }

    /// Keeps the start of an unfinished line, up to the limit; past it, only counts.
    fn keep(&mut self, bytes: &[u8]) {
        if let Some(seen) = &mut self.overlong {
            *seen += bytes.len() as u64;
        } else if self.partial.len() + bytes.len() > self.max_line {
            self.overlong = Some((self.partial.len() + bytes.len()) as u64);
            self.partial = Vec::new();
        } else {
            self.partial.extend_from_slice(bytes);
        }
    }

    /// The kept line has ended.
    fn end_kept_line(&mut self) {
        if let Some(seen) = self.overlong.take() {
            self.refuse_overlong(seen);
        } else {
            let line = std::mem::take(&mut self.partial);
            self.line(&line);
        }
    }

    /// A line longer than the limit, refused.
    fn refuse_overlong(&mut self, bytes: u64) {
        self.out.lines += 1;
        let problem = Problem::new(
            "$",
            crate::error::ProblemKind::TooLarge,
            format!(
                "the line is longer than the limit of {} bytes ({bytes} bytes); raise it with --max-line-bytes (or `JsonLinesReader::max_line_bytes`)",
                self.max_line
            ),
        );
        self.out.refused.push(LineProblem {
            line: self.out.lines,
            problem,
        });
    }

    /// Takes the records read so far, leaving the counts and refused lines in place: a caller
    /// that handles each record as it comes keeps no more than one chunk's records in memory.
    ///
    /// ```
    /// use implsci::jsonl::JsonLinesReader;
    ///
    /// let mut reader = JsonLinesReader::<u32>::new();
    /// let mut sum = 0;
    /// for chunk in [&b"1\n2"[..], b"3\n", b"x\n4\n"] {
    ///     reader.feed(chunk);
    ///     sum += reader.drain().map(|r| r.value).sum::<u32>();
    /// }
    /// let read = reader.finish();
    /// assert_eq!((sum, read.records.len(), read.refused.len(), read.lines), (28, 0, 1, 4));
    /// ```
    pub fn drain(&mut self) -> std::vec::Drain<'_, Record<T>> {
        self.out.records.drain(..)
    }

    /// Reads the last line (if the input did not end with a newline) and gives the result.
    ///
    /// ```
    /// use implsci::jsonl::JsonLinesReader;
    ///
    /// let mut reader = JsonLinesReader::<u32>::new();
    /// reader.feed(b"1\n2");
    /// let read = reader.finish();
    /// assert_eq!((read.lines, read.records[1].value), (2, 2));
    /// ```
    #[must_use]
    pub fn finish(mut self) -> JsonLines<T> {
        if !self.partial.is_empty() || self.overlong.is_some() {
            self.end_kept_line();
        }
        self.out
    }

    /// Reads one line, without its `\n`.
    fn line(&mut self, mut bytes: &[u8]) {
        self.out.lines += 1;
        let line = self.out.lines;
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            self.out.blank += 1;
            return;
        }
        match (self.parse)(bytes) {
            Ok(value) => self.out.records.push(Record { line, value }),
            Err(problem) => self.out.refused.push(LineProblem { line, problem }),
        }
    }
}

/// The position of the first `\n`.
fn memchr(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// Reads JSON Lines from bytes already in memory.
///
/// ```
/// // A byte-order mark, a `\r\n` ending and a last line without a newline.
/// let read = implsci::jsonl::parse_json_lines::<Vec<u8>>(b"\xEF\xBB\xBF[1, 2]\r\n[3]");
/// assert!(read.refused.is_empty());
/// assert_eq!((read.records[0].value.len(), read.records[1].value.len()), (2, 1));
/// ```
#[must_use]
pub fn parse_json_lines<T: DeserializeOwned>(bytes: &[u8]) -> JsonLines<T> {
    let mut reader = JsonLinesReader::new();
    reader.feed(bytes);
    reader.finish()
}

/// Reads JSON Lines from a reader, 64 KiB at a time.
///
/// ```
/// let read = implsci::jsonl::read_json_lines::<u8>(&b"1\n2\n300\n"[..])?;
/// assert_eq!((read.records.len(), read.refused.len()), (2, 1));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The reader's I/O errors. Malformed lines are not errors: they are in
/// [`JsonLines::refused`].
pub fn read_json_lines<T: DeserializeOwned>(input: impl Read) -> io::Result<JsonLines<T>> {
    read_with(JsonLinesReader::new(), input)
}

/// Feeds `input` to `reader` 64 KiB at a time and gives the result.
pub(crate) fn read_with<T>(
    reader: JsonLinesReader<T>,
    input: impl Read,
) -> io::Result<JsonLines<T>> {
    read_within(reader, input, crate::limits::DEFAULT_LOG_BYTES)
}

/// As [`read_with`], refusing a log of more than `max_bytes` bytes.
pub(crate) fn read_within<T>(
    mut reader: JsonLinesReader<T>,
    mut input: impl Read,
    max_bytes: u64,
) -> io::Result<JsonLines<T>> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match input.read(&mut buf) {
            Ok(0) => return Ok(reader.finish()),
            Ok(n) => {
                total += n as u64;
                if total > max_bytes {
                    return Err(crate::limits::too_large(
                        "the log is",
                        max_bytes,
                        "--max-log-bytes",
                    ));
                }
                reader.feed(&buf[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ProblemKind;

    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Ev {
        id: u32,
    }

    #[test]
    fn every_line_is_accounted_for() {
        let input =
            b"\xEF\xBB\xBF{\"id\": 1}\r\n{\"id\": 2, \"x\": 0}\n   \n[1]\n{\"id\"\n{\"id\": 6}";
        let read = parse_json_lines::<Ev>(input);
        assert_eq!(
            read.records
                .iter()
                .map(|r| (r.line, r.value.id))
                .collect::<Vec<_>>(),
            [(1, 1), (6, 6)]
        );
        let refused: Vec<_> = read
            .refused
            .iter()
            .map(|p| (p.line, p.problem.kind, p.problem.path.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (2, ProblemKind::Shape, "$.x"),
                (4, ProblemKind::Shape, "$"),
                (5, ProblemKind::Syntax, "$")
            ]
        );
        assert_eq!((read.lines, read.blank), (6, 1));
        assert_eq!(
            read.records.len() as u64 + read.refused.len() as u64 + read.blank,
            read.lines
        );
    }

    #[test]
    fn invalid_utf8_is_a_refused_line_not_a_panic() {
        let read = parse_json_lines::<Ev>(b"{\"id\": 1}\n\xff\xfe\n{\"id\": 3}\n");
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.refused[0].line, 2);
    }
}
