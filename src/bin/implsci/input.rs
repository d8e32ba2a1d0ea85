//! Reading the files named on the command line. What cannot be read, or is invalid, is
//! printed to stderr, and the status the command ends with is returned.

use std::io;
use std::path::Path;

use implsci::event::{EventLog, read_log};
use implsci::{Document, Innovation};

use crate::Status;
use crate::output::stderr_line;

/// Prints why a file cannot be read: a usage error.
fn cannot_read(path: &Path, e: &io::Error) -> Status {
    stderr_line!("implsci: cannot read {}: {e}", path.display());
    Status::Usage
}

/// Prints every problem of an invalid document.
fn invalid(path: &Path, e: &implsci::Error) -> Status {
    stderr_line!("{}: invalid", path.display());
    for p in e.problems() {
        stderr_line!("  {p}");
    }
    Status::Invalid
}

/// Reads a file and parses it with `parse`, printing its problems when it is invalid.
pub(crate) fn load<T>(
    path: &Path,
    parse: impl FnOnce(&[u8]) -> Result<T, implsci::Error>,
) -> Result<T, Status> {
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
    parse(&bytes).map_err(|e| invalid(path, &e))
}

/// Reads an innovation document, printing its problems when it is invalid (a file that is not
/// JSON, such as a workbook or a table, says what it looks like).
pub(crate) fn load_innovation(path: &Path) -> Result<Innovation, Status> {
    load(path, Innovation::from_json_slice)
}

/// Reads a log; refused lines are printed to stderr with their numbers, and reading goes on.
pub(crate) fn load_log(path: &Path) -> Result<EventLog, Status> {
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, &e))?;
    let log = read_log(io::BufReader::new(file)).map_err(|e| cannot_read(path, &e))?;
    for p in &log.refused {
        stderr_line!("{}: {p}", path.display());
    }
    if !log.refused.is_empty() {
        stderr_line!(
            "{}: {} lines read, {} refused, {} blank",
            path.display(),
            log.lines,
            log.refused.len(),
            log.blank
        );
    }
    Ok(log)
}
