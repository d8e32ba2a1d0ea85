//! The `implsci` command line: schemas and validation of implsci documents.
//!
//! Exit status: 0 when everything asked for succeeded (all files valid), 1 when a document is
//! invalid, 2 on a usage error (unknown subcommand or type, unreadable file).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use implsci::{AnyDocument, DocumentType, Innovation, Problem, schema::schema_for};

/// Implementation science frameworks as typed, validated documents.
#[derive(Parser)]
#[command(name = "implsci", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the JSON Schema (draft 2020-12) of a document type, or list the types.
    Schema {
        /// List the exported document types.
        #[arg(long, conflicts_with = "type_name")]
        list: bool,
        /// The document type, e.g. `Innovation` (see `--list`).
        #[arg(value_name = "TYPE", required_unless_present = "list")]
        type_name: Option<String>,
    },
    /// Validate documents of any type, detected from their `kind`.
    ///
    /// Prints every problem with its JSON path and the offending id. Site records are also
    /// checked against the innovations given in the same run.
    Validate {
        /// The files to validate.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One line per file, then one line per problem.
    Text,
    /// A JSON array with one object per file.
    Json,
}

/// The status the process ends with.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok = 0,
    Invalid = 1,
    Usage = 2,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Schema { list, type_name } => schema(&mut stdout, list, type_name.as_deref()),
        Command::Validate { files, format } => validate(&mut stdout, &files, format),
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        // A closed pipe (`implsci schema X | head`) is not an error worth reporting.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("implsci: {e}");
            ExitCode::from(2)
        }
    }
}

fn schema(out: &mut impl Write, list: bool, type_name: Option<&str>) -> io::Result<Status> {
    if list {
        for t in DocumentType::ALL {
            writeln!(out, "{:<12} kind `{}`: {}", t.name(), t.kind(), t.summary())?;
        }
        return Ok(Status::Ok);
    }
    let name = type_name.unwrap_or_default();
    let Some(t) = DocumentType::from_name(name) else {
        let known: Vec<_> = DocumentType::ALL.iter().map(|t| t.name()).collect();
        eprintln!(
            "implsci: no document type `{name}`; known types: {}",
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

fn validate(out: &mut impl Write, files: &[PathBuf], format: Format) -> io::Result<Status> {
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
