//! Reading the files named on the command line. What cannot be read, or is invalid, is
//! printed to stderr, and the status the command ends with is returned.

use std::io;
use std::path::Path;

use std::sync::OnceLock;

use implsci::event::{EventLog, read_log_within};
use implsci::limits::{Limits, read_limited};
use implsci::{Document, Innovation, SiteRecord};

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

/// The limits every input is read within, set once from the command line.
static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the limits for the run.
pub(crate) fn set_limits(limits: Limits) {
    let _ = LIMITS.set(limits);
}

fn limits() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// Reads a whole file within the limit of a document (or of a log).
pub(crate) fn read_file(path: &Path, log: bool) -> io::Result<Vec<u8>> {
    let limits = limits();
    let file = std::fs::File::open(path)?;
    if log {
        // The log's limit, said with its own option.
        let bytes = read_limited(file, limits.log_bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the log is larger than the limit of {} bytes; raise it with --max-log-bytes",
                    limits.log_bytes
                ),
            )
        })?;
        return Ok(bytes);
    }
    read_limited(file, limits.document_bytes)
}

/// A log already read, each line within the line limit.
pub(crate) fn parse_log_bytes(bytes: &[u8]) -> EventLog {
    let mut reader = implsci::event::reader().max_line_bytes(limits().line_bytes);
    reader.feed(bytes);
    reader.finish()
}

/// Reads a file and parses it with `parse`, printing its problems when it is invalid.
pub(crate) fn load<T>(
    path: &Path,
    parse: impl FnOnce(&[u8]) -> Result<T, implsci::Error>,
) -> Result<T, Status> {
    let bytes = read_file(path, false).map_err(|e| cannot_read(path, &e))?;
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
    let log = read_log_within(file, &limits()).map_err(|e| cannot_read(path, &e))?;
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

/// Reads site records, printing the problems of each invalid one; the first status that is
/// not success is returned after all were read.
pub(crate) fn load_sites(paths: &[std::path::PathBuf]) -> Result<Vec<SiteRecord>, Status> {
    let mut sites = Vec::with_capacity(paths.len());
    let mut failed = None;
    for path in paths {
        match load(path, SiteRecord::from_json_slice) {
            Ok(site) => sites.push(site),
            Err(status) => failed = failed.or(Some(status)),
        }
    }
    failed.map_or(Ok(sites), Err)
}
