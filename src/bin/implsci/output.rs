//! Writing to stdout: pretty JSON with its closing newline, and CSV errors as I/O errors. A
//! closed pipe stays an I/O error of its own kind either way, so the command can tell it apart.

use std::io::{self, Write};

/// Writes `value` as pretty-printed JSON and a newline.
pub(crate) fn write_json<W: Write + ?Sized>(
    out: &mut W,
    value: &impl serde::Serialize,
) -> io::Result<()> {
    // serde_json's I/O errors convert back to the writer's own error, kind included.
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
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
