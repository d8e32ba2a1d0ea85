//! Writing: pretty JSON with its closing newline, CSV and JSON errors as I/O errors, and
//! messages to stderr that never panic. A closed pipe stays an I/O error of its own kind
//! (`BrokenPipe`) whichever writer met it, so the command can tell it apart and end quietly.

use std::io::{self, Write};

/// Writes a line to stderr, ignoring a failure to write it (a full disk, a closed stderr): a
/// message that cannot be shown must not turn into a panic. Use it in place of `eprintln!`.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use stderr_line;

/// Writes `value` as pretty-printed JSON and a newline.
pub(crate) fn write_json<W: Write + ?Sized>(
    out: &mut W,
    value: &impl serde::Serialize,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(json_error)?;
    writeln!(out)
}

/// A JSON writer's error as an I/O error: `serde_json` gives the writer's own I/O error back,
/// kind included (a closed pipe stays `BrokenPipe`); anything else is `InvalidData`.
pub(crate) fn json_error(e: serde_json::Error) -> io::Error {
    io::Error::from(e)
}

/// A CSV writer's error as an I/O error: the writer's own I/O error (a closed pipe) as it is,
/// anything else by its message.
pub(crate) fn csv_error(e: csv::Error) -> io::Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => io::Error::other(message),
    }
}

/// Whether an error is a closed reader at the other end of stdout (`implsci … | head`): the
/// error itself, or one it wraps, is `BrokenPipe`.
pub(crate) fn is_closed_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut source = e
        .get_ref()
        .map(|inner| inner as &(dyn std::error::Error + 'static));
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>()
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(csv) = s.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = csv.kind()
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        source = s.source();
    }
    false
}
