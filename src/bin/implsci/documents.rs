//! `implsci schema` and `implsci validate`.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::catalog::{FileProblem, FileValidation as FileReport};
use implsci::event::Event;
use implsci::event::measure::Measure;
use implsci::event::references::ReferenceCheck;
use implsci::jsonl::Record;
use implsci::schema::{Exported, RecordType, ReportType, schema_for};
use implsci::score::{Instrument, ItemSum, check_administrations};
use implsci::system::System;
use implsci::{AnyDocument, DocumentType, Innovation};

use crate::output::stderr_line;
use crate::{Format, Status};

pub(crate) fn schema(
    out: &mut impl Write,
    list: bool,
    type_name: Option<&str>,
) -> io::Result<Status> {
    if list {
        writeln!(out, "documents (read, and checked by `implsci validate`):")?;
        for t in DocumentType::ALL {
            writeln!(
                out,
                "  {:<24} kind `{}`: {}",
                t.name(),
                t.kind(),
                t.summary()
            )?;
        }
        writeln!(out, "reports (written):")?;
        for t in ReportType::ALL {
            writeln!(out, "  {:<24} {}", t.name(), t.summary())?;
        }
        writeln!(out, "records (one per line, JSON Lines):")?;
        for t in RecordType::ALL {
            writeln!(out, "  {:<24} {}", t.name(), t.summary())?;
        }
        return Ok(Status::Ok);
    }
    let name = type_name.unwrap_or_default();
    let Some(t) = Exported::from_name(name) else {
        let known: Vec<_> = Exported::all().iter().map(|t| t.name()).collect();
        stderr_line!(
            "implsci: no type `{name}`; known types: {}",
            known.join(", ")
        );
        return Ok(Status::Usage);
    };
    let text = serde_json::to_string_pretty(&schema_for(t)).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(Status::Ok)
}

/// What a readable file held.
#[allow(clippy::large_enum_variant)] // one per file named on the command line
enum Read {
    Document(AnyDocument),
    /// A system document, built once as it is read: its checks against the other files need
    /// the structure, and building it again from a copy of the document cost as much as
    /// reading it.
    System(System),
    /// An event log (`.jsonl`): its events, with their lines.
    Log(Vec<Record<Event>>),
    Nothing,
}

/// Whether a file is an event log, by its name: JSON Lines, not a document.
fn is_log(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

pub(crate) fn validate(
    out: &mut impl Write,
    files: &[PathBuf],
    format: Format,
) -> io::Result<Status> {
    let mut status = Status::Ok;
    let mut reports = Vec::with_capacity(files.len());
    let mut read = Vec::with_capacity(files.len());
    // `reports[i]` and `read[i]` describe the same readable file.
    for path in files {
        let file = path.display().to_string();
        let bytes = match crate::input::read_file(path, is_log(path)) {
            Ok(bytes) => bytes,
            Err(e) => {
                stderr_line!("implsci: cannot read {file}: {e}");
                status = status.max(Status::Usage);
                continue;
            }
        };
        let (report, held) = if is_log(path) {
            let log = crate::input::parse_log_bytes(&bytes);
            let problems: Vec<FileProblem> = log
                .refused
                .into_iter()
                .map(|r| FileProblem::on_line(r.line, r.problem))
                .collect();
            let mut report = FileReport::new(file, Some("EventLog"));
            for p in problems {
                report.push(p.line, p.problem);
            }
            (report, Read::Log(log.records))
        } else {
            let read = match DocumentType::from_json(&bytes) {
                Ok(DocumentType::SystemDocument) => System::from_json_slice(&bytes)
                    .map(|system| (DocumentType::SystemDocument, Read::System(system))),
                _ => AnyDocument::from_json(&bytes)
                    .map(|doc| (doc.document_type(), Read::Document(doc))),
            };
            match read {
                Ok((kind, held)) => (FileReport::new(file, Some(kind.name())), held),
                Err(e) => {
                    let mut report = FileReport::new(file, None);
                    for p in e.problems() {
                        report.push(None, p);
                    }
                    (report, Read::Nothing)
                }
            }
        };
        reports.push(report);
        read.push(held);
    }
    cross_check(&mut reports, &read);
    if reports.iter().any(|r| !r.valid) {
        status = status.max(Status::Invalid);
    }
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&reports).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => {
            for r in &reports {
                if r.valid {
                    let what = r.document_type.as_deref().unwrap_or("?");
                    writeln!(out, "{}: ok ({what})", r.file)?;
                } else {
                    let n = r.problems.len();
                    writeln!(
                        out,
                        "{}: invalid, {n} problem{}",
                        r.file,
                        if n == 1 { "" } else { "s" }
                    )?;
                    for p in &r.problems {
                        writeln!(out, "  {p}")?;
                    }
                }
            }
        }
    }
    Ok(status)
}

/// Checks the files of this run against each other: site records against the innovations;
/// administrations against the instruments and the system; event logs against the system.
fn cross_check(reports: &mut [FileReport], read: &[Read]) {
    let documents = || {
        read.iter().filter_map(|r| match r {
            Read::Document(d) => Some(d),
            _ => None,
        })
    };
    let innovations: Vec<Innovation> = documents()
        .filter_map(|d| match d {
            AnyDocument::Innovation(i) => Some(i.clone()),
            _ => None,
        })
        .collect();
    // Instrument documents that do not make an instrument were reported when they were read.
    let instruments: Vec<ItemSum> = documents()
        .filter_map(|d| match d {
            AnyDocument::InstrumentDocument(i) => ItemSum::new(i.instrument.clone()).ok(),
            _ => None,
        })
        .collect();
    let given: Vec<&dyn Instrument> = instruments.iter().map(|i| i as &dyn Instrument).collect();
    let systems: Vec<&System> = read
        .iter()
        .filter_map(|r| match r {
            Read::System(system) => Some(system),
            _ => None,
        })
        .collect();
    // Checked against a system only when the run gives exactly one.
    let system = match systems.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    for (report, held) in reports.iter_mut().zip(read) {
        let found: Vec<FileProblem> = match held {
            Read::Document(AnyDocument::SiteRecord(record)) if !innovations.is_empty() => record
                .validate_against(&innovations)
                .err()
                .map(|e| {
                    e.into_problems()
                        .into_iter()
                        .map(FileProblem::from)
                        .collect()
                })
                .unwrap_or_default(),
            Read::Document(AnyDocument::AdministrationsDocument(doc)) => {
                // The built-in instruments the document names, beside the run's own; checked
                // against instruments when the run gives one, or all are built in.
                let builtins: Vec<Box<dyn Instrument>> = unique_instruments(doc)
                    .into_iter()
                    .filter_map(crate::scoring::builtin)
                    .collect();
                let all_builtin = doc
                    .administrations
                    .iter()
                    .all(|a| builtins.iter().any(|b| b.definition().id == a.instrument));
                let mut known = given.clone();
                known.extend(builtins.iter().map(|b| &**b));
                let check = (!given.is_empty() || all_builtin).then_some(&known[..]);
                check_administrations(doc, check, system)
                    .into_iter()
                    .map(FileProblem::from)
                    .collect()
            }
            Read::Log(records) => match system {
                Some(system) => log_references(records, system),
                None => Vec::new(),
            },
            Read::Document(AnyDocument::Plan(plan)) => match system {
                // Every action's references, against the system as the plan builds it.
                Some(system) => plan
                    .validate_against(system.document())
                    .err()
                    .map(|e| {
                        e.into_problems()
                            .into_iter()
                            .map(FileProblem::from)
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        if !found.is_empty() {
            for p in found {
                report.push(p.line, p.problem);
            }
            // A log's problems by line, refused lines and references together.
            report.problems.sort_by_key(|p| p.line);
        }
    }
}

/// The instrument ids a document's administrations name, once each.
fn unique_instruments(doc: &implsci::score::AdministrationsDocument) -> Vec<&str> {
    let mut ids: Vec<&str> = doc
        .administrations
        .iter()
        .map(|a| a.instrument.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The log's references the system does not have, each on its line, with its path in the line.
fn log_references(records: &[Record<Event>], system: &System) -> Vec<FileProblem> {
    let mut check = ReferenceCheck::new(system);
    for record in records {
        check.add(&record.value);
    }
    check
        .finish()
        .into_iter()
        .map(|mut problem| {
            // `$.events[i].field` → line of event i, `$.field`.
            let line = problem
                .path
                .strip_prefix("$.events[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest.to_string())))
                .and_then(|(i, rest)| Some((records.get(i)?.line, rest)));
            match line {
                Some((line, rest)) => {
                    problem.path = format!("${rest}");
                    FileProblem::on_line(line, problem)
                }
                None => FileProblem::from(problem),
            }
        })
        .collect()
}
