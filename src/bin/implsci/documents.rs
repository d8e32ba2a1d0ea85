//! `implsci schema` and `implsci validate`.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::schema::{Exported, RecordType, ReportType, schema_for};
use implsci::{AnyDocument, DocumentType, Innovation, Problem};

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
        eprintln!(
            "implsci: no type `{name}`; known types: {}",
            known.join(", ")
        );
        return Ok(Status::Usage);
    };
    let text = serde_json::to_string_pretty(&schema_for(t)).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(Status::Ok)
}

/// What validating one file found.
#[derive(serde::Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    document_type: Option<&'static str>,
    valid: bool,
    problems: Vec<Problem>,
}

pub(crate) fn validate(
    out: &mut impl Write,
    files: &[PathBuf],
    format: Format,
) -> io::Result<Status> {
    let mut status = Status::Ok;
    let mut reports = Vec::with_capacity(files.len());
    let mut documents = Vec::with_capacity(files.len());
    // `reports[i]` and `documents[i]` describe the same readable file.
    for path in files {
        let file = path.display().to_string();
        match std::fs::read(path) {
            Err(e) => {
                eprintln!("implsci: cannot read {file}: {e}");
                status = status.max(Status::Usage);
            }
            Ok(bytes) => {
                let (report, document) = match AnyDocument::from_json(&bytes) {
                    Ok(doc) => (
                        FileReport {
                            file,
                            document_type: Some(doc.document_type().name()),
                            valid: true,
                            problems: Vec::new(),
                        },
                        Some(doc),
                    ),
                    Err(e) => (
                        FileReport {
                            file,
                            document_type: None,
                            valid: false,
                            problems: e.problems(),
                        },
                        None,
                    ),
                };
                reports.push(report);
                documents.push(document);
            }
        }
    }
    cross_check(&mut reports, &documents);
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
                    writeln!(out, "{}: ok ({})", r.file, r.document_type.unwrap_or("?"))?;
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

/// Checks the site records of this run against the innovations of this run.
fn cross_check(reports: &mut [FileReport], documents: &[Option<AnyDocument>]) {
    let innovations: Vec<Innovation> = documents
        .iter()
        .filter_map(|d| match d {
            Some(AnyDocument::Innovation(i)) => Some(i.clone()),
            _ => None,
        })
        .collect();
    if innovations.is_empty() {
        return;
    }
    for (report, doc) in reports.iter_mut().zip(documents) {
        if let Some(AnyDocument::SiteRecord(record)) = doc
            && let Err(e) = record.validate_against(&innovations)
        {
            report.valid = false;
            report.problems = e.into_problems();
        }
    }
}
