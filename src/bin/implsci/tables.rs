//! `implsci import` and `implsci export`: documents from tables and back.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use implsci::Document;
use implsci::event::Event;
use implsci::score::AdministrationsDocument;
use implsci::system::SystemDocument;
use implsci::tables::{
    AdministrationLayout, AdministrationsOptions, Column, ColumnMap, DateFormat, Files, Folder,
    ImportError, Imported, ReadOptions, SYSTEM_TABLES, Source, SubjectKind, SystemOptions,
    TableOut, TableProblems, TableReader, Tally, Workbook, export_administrations, export_events,
    export_system, import_administrations, import_events, import_system, write_folder,
    write_template, write_workbook,
};

use crate::Status;
use crate::output::{json_error, stderr_line, write_json};

/// What `import` reads.
#[derive(Subcommand)]
pub(crate) enum ImportKind {
    /// An implementation system, from the tables levels, units, teams, members, links,
    /// practitioners, coaches and caseloads (see `import --template system DIR`).
    System {
        #[command(flatten)]
        tables: TableArgs,
        /// The levels, top to bottom, when there is no `levels` table.
        #[arg(long, value_name = "LEVEL,LEVEL,...", value_delimiter = ',')]
        levels: Option<Vec<String>>,
        /// The system's id, when there is no `system` table (default: the source's name).
        #[arg(long)]
        id: Option<String>,
        /// The system's name, when there is no `system` table.
        #[arg(long)]
        name: Option<String>,
    },
    /// Administrations of an instrument, from the table `administrations`: wide (one row per
    /// administration, one column per item, as scoring sheets have it) or long (one row per
    /// item response: date, subject, item, value). Blank cells are unanswered items.
    Administrations {
        #[command(flatten)]
        tables: TableArgs,
        #[command(flatten)]
        how: AdministrationArgs,
    },
    /// Events for the event log (JSON Lines on stdout), from whichever of the tables
    /// `coaching_plans`, `coaching_sessions`, `trainings`, `pdsa_steps`, `usability_cycles`,
    /// `loop_items`, `loop_hops`, `loop_resolutions` and `stage_changes` there are.
    Events {
        #[command(flatten)]
        tables: TableArgs,
    },
}

/// What the administrations are of.
#[derive(Args)]
pub(crate) struct AdministrationArgs {
    /// The instrument: a built-in name (`implsci instruments`) or an instrument document.
    #[arg(long, value_name = "NAME|FILE")]
    instrument: PathBuf,
    /// Who the administrations score.
    #[arg(long, value_name = "unit|practitioner|team", default_value = "unit")]
    subject: SubjectKind,
    /// The respondent that marks a row of the team's agreed ratings, beside members' votes.
    #[arg(long, value_name = "MARK", default_value = "consensus")]
    consensus: String,
}

impl AdministrationArgs {
    fn options(&self) -> AdministrationsOptions {
        AdministrationsOptions::new(self.subject).consensus(self.consensus.clone())
    }
}

/// The layout `export administrations` writes.
#[derive(Clone, Copy, ValueEnum, Default)]
pub(crate) enum LayoutArg {
    /// One row per administration, one column per item.
    #[default]
    Wide,
    /// One row per item response.
    Long,
}

/// Where the tables are and how they read: shared by every `import`.
#[derive(Args)]
pub(crate) struct TableArgs {
    /// A folder of CSV files named for their tables (`units.csv`), or one workbook
    /// (`.xlsx`, `.ods`) whose sheets are named so.
    #[arg(value_name = "FOLDER|WORKBOOK")]
    source: Option<PathBuf>,
    /// A table in a file of its own name: `--table units=schools.csv`; over the source's.
    #[arg(long = "table", value_name = "TABLE=FILE", value_parser = parse_table_file)]
    tables: Vec<(String, PathBuf)>,
    /// A column named otherwise: `--map "School ID=id"`; may be repeated.
    #[arg(long, value_name = "HEADER=COLUMN")]
    map: Vec<ColumnMap>,
    /// How text cells write dates, as jiff's strptime: `%m/%d/%Y` (default: YYYY-MM-DD).
    #[arg(long, value_name = "FORMAT")]
    date_format: Option<String>,
    /// Refuse the columns the tables do not have, rather than keep them under `extensions`.
    #[arg(long)]
    strict: bool,
    /// Write the document here rather than to stdout; nothing is written when a row is refused.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The document types `export` and `import --template` know.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TableKind {
    /// An implementation system.
    System,
    /// Administrations of an instrument (`--instrument`).
    Administrations,
    /// An event log (JSON Lines).
    Events,
}

/// The format `export` writes.
#[derive(Clone, Copy, ValueEnum, Default)]
pub(crate) enum TablesFormat {
    /// One CSV file per table.
    #[default]
    Csv,
    /// One workbook, a sheet per table.
    Xlsx,
}

fn parse_table_file(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((table, file)) if !table.trim().is_empty() && !file.is_empty() => {
            Ok((table.trim().to_string(), PathBuf::from(file)))
        }
        _ => Err(format!("`{s}` is not TABLE=FILE (units=schools.csv)")),
    }
}

impl TableArgs {
    fn options(&self) -> ReadOptions {
        let mut map = ColumnMap::default();
        for m in &self.map {
            map = map.merge(m);
        }
        let format = self
            .date_format
            .clone()
            .map_or(DateFormat::Iso, DateFormat::Pattern);
        ReadOptions::default()
            .map(map)
            .date_format(format)
            .strict(self.strict)
    }

    /// The tables: the files named one by one first, then the folder or workbook.
    fn source(&self) -> Result<Layered, Status> {
        let mut files = Files::default();
        for (table, file) in &self.tables {
            files = files.with(table, file);
        }
        let under: Option<Box<dyn Source>> = match &self.source {
            None => None,
            Some(path) if path.is_dir() => Some(Box::new(Folder::new(path))),
            Some(path) if !path.exists() => {
                stderr_line!("implsci: no such folder or workbook: {}", path.display());
                return Err(Status::Usage);
            }
            Some(path) => Some(workbook(path)?),
        };
        if under.is_none() && files.is_empty() {
            stderr_line!(
                "implsci: name a folder or workbook of tables, or tables with --table TABLE=FILE"
            );
            return Err(Status::Usage);
        }
        Ok(Layered { files, under })
    }

    /// The source's own name, as a default id: `state-tables/` is `state-tables`.
    fn source_stem(&self) -> Option<String> {
        let path = self.source.as_ref()?;
        let stem = path.file_stem()?.to_string_lossy();
        let id: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let id = id.trim_matches('-').to_string();
        (!id.is_empty()).then_some(id)
    }
}

/// A workbook source: its sheets, read as tables.
fn workbook(path: &Path) -> Result<Box<dyn Source>, Status> {
    match Workbook::open(path) {
        Ok(book) => Ok(Box::new(book)),
        Err(e) => {
            for p in e.problems() {
                stderr_line!("{p}");
            }
            Err(Status::Usage)
        }
    }
}

/// Files named one by one over a folder or workbook.
struct Layered {
    files: Files,
    under: Option<Box<dyn Source>>,
}

impl Source for Layered {
    fn open(
        &mut self,
        name: &str,
        columns: &[Column],
        map: &ColumnMap,
    ) -> Result<Option<TableReader<'_>>, TableProblems> {
        if let Some(t) = self.files.open(name, columns, map)? {
            return Ok(Some(t));
        }
        match &mut self.under {
            Some(source) => source.open(name, columns, map),
            None => Ok(None),
        }
    }

    fn describe(&self) -> String {
        match (&self.under, self.files.is_empty()) {
            (Some(s), true) => s.describe(),
            (Some(s), false) => format!("{} ({})", s.describe(), self.files.describe()),
            (None, _) => self.files.describe(),
        }
    }
}

/// `implsci import system|…`
pub(crate) fn import(out: &mut impl Write, kind: &ImportKind) -> io::Result<Status> {
    match kind {
        ImportKind::System {
            tables,
            levels,
            id,
            name,
        } => {
            let mut source = match tables.source() {
                Ok(s) => s,
                Err(status) => return Ok(status),
            };
            let mut system = SystemOptions::default();
            if let Some(id) = id {
                match id.parse() {
                    Ok(id) => system = system.id(id),
                    Err(e) => return Ok(usage(&format!("--id {id:?}: {e}"))),
                }
            }
            if let Some(id) = tables.source_stem().and_then(|s| s.parse().ok()) {
                system = system.default_id(id);
            }
            if let Some(name) = name {
                system = system.name(name.clone());
            }
            if let Some(levels) = levels {
                let mut ids = Vec::new();
                for l in levels {
                    match l.trim().parse() {
                        Ok(l) => ids.push(l),
                        Err(e) => return Ok(usage(&format!("--levels: {l:?}: {e}"))),
                    }
                }
                system = system.levels(ids);
            }
            let result = import_system(&mut source, &tables.options(), &system);
            finish(out, tables.out.as_deref(), result, |w, d| write_json(w, d))
        }
        ImportKind::Administrations { tables, how } => {
            let mut source = match tables.source() {
                Ok(s) => s,
                Err(status) => return Ok(status),
            };
            let instrument = match crate::scoring::instrument(&how.instrument) {
                Ok(i) => i,
                Err(status) => return Ok(status),
            };
            let result = import_administrations(
                &mut source,
                instrument.definition(),
                &how.options(),
                &tables.options(),
            );
            finish(out, tables.out.as_deref(), result, |w, d| write_json(w, d))
        }
        ImportKind::Events { tables } => {
            let mut source = match tables.source() {
                Ok(s) => s,
                Err(status) => return Ok(status),
            };
            let result = import_events(&mut source, &tables.options());
            finish(out, tables.out.as_deref(), result, write_lines)
        }
    }
}

/// Events as JSON Lines: one event per line.
fn write_lines(out: &mut dyn Write, events: &Vec<Event>) -> io::Result<()> {
    for event in events {
        serde_json::to_writer(&mut *out, event).map_err(json_error)?;
        writeln!(out)?;
    }
    Ok(())
}

fn usage(message: &str) -> Status {
    stderr_line!("implsci: {message}");
    Status::Usage
}

/// Prints the account of every table and the problems; writes the document only when no row
/// was refused.
fn finish<T>(
    out: &mut impl Write,
    file: Option<&Path>,
    result: Result<Imported<T>, ImportError>,
    write: impl Fn(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<Status> {
    let print_tallies = |tallies: &[Tally]| {
        for t in tallies {
            stderr_line!("{t}");
        }
    };
    match result {
        Err(e) => {
            for p in &e.problems {
                stderr_line!("{p}");
            }
            print_tallies(&e.tallies);
            let n = e.problems.len();
            stderr_line!(
                "implsci: {n} problem{}; no document written",
                if n == 1 { "" } else { "s" }
            );
            Ok(Status::Invalid)
        }
        Ok(imported) => {
            print_tallies(&imported.tallies);
            if let Some(path) = file {
                let mut w = io::BufWriter::new(std::fs::File::create(path)?);
                write(&mut w, &imported.document)?;
                w.flush()?;
            } else {
                let mut w = io::BufWriter::new(out);
                write(&mut w, &imported.document)?;
                w.flush()?;
            }
            Ok(Status::Ok)
        }
    }
}

/// `implsci import --template KIND DIR`, as given.
pub(crate) fn template_args(args: &[String]) -> io::Result<Status> {
    let [kind, dir] = args else {
        return Ok(usage(
            "--template takes a kind and a folder: --template system DIR",
        ));
    };
    match TableKind::from_str(kind, true) {
        Ok(kind) => template(kind, Path::new(dir)),
        Err(_) => Ok(usage(&format!(
            "--template {kind:?}: the kinds are: system"
        ))),
    }
}

fn template(kind: TableKind, dir: &Path) -> io::Result<Status> {
    match kind {
        TableKind::System => write_template(dir, "An implementation system", SYSTEM_TABLES)?,
        TableKind::Administrations | TableKind::Events => {
            return Ok(usage("templates are written for: system"));
        }
    }
    stderr_line!(
        "implsci: wrote the empty tables and their guide (README.md) to {}",
        dir.display()
    );
    Ok(Status::Ok)
}

/// What `export` reads beside the document: the instrument and layout of administrations.
#[derive(Args)]
pub(crate) struct ExportArgs {
    /// For administrations: the instrument, a built-in name or an instrument document.
    #[arg(long, value_name = "NAME|FILE")]
    instrument: Option<PathBuf>,
    /// For administrations: who they score.
    #[arg(long, value_name = "unit|practitioner|team", default_value = "unit")]
    subject: SubjectKind,
    /// For administrations: one row per administration, or one per item response.
    #[arg(long, value_enum, default_value_t)]
    layout: LayoutArg,
}

/// `implsci export KIND FILE --out DIR`
pub(crate) fn export(
    kind: TableKind,
    file: &Path,
    dir: &Path,
    format: TablesFormat,
    args: &ExportArgs,
) -> io::Result<Status> {
    let mut status = Status::Ok;
    let tables: Vec<TableOut> = match kind {
        TableKind::System => match crate::input::load(file, SystemDocument::from_json_slice) {
            Ok(doc) => export_system(&doc),
            Err(status) => return Ok(status),
        },
        TableKind::Administrations => {
            let Some(path) = &args.instrument else {
                return Ok(usage("export administrations needs --instrument NAME|FILE"));
            };
            let instrument = match crate::scoring::instrument(path) {
                Ok(i) => i,
                Err(status) => return Ok(status),
            };
            let doc = match crate::input::load(file, AdministrationsDocument::from_json_slice) {
                Ok(doc) => doc,
                Err(status) => return Ok(status),
            };
            let layout = match args.layout {
                LayoutArg::Wide => AdministrationLayout::Wide,
                LayoutArg::Long => AdministrationLayout::Long,
            };
            let how = AdministrationsOptions::new(args.subject);
            export_administrations(&doc, instrument.definition(), &how, layout)
        }
        TableKind::Events => {
            let log = match crate::input::load_log(file) {
                Ok(log) => log,
                Err(status) => return Ok(status),
            };
            if !log.refused.is_empty() {
                status = Status::Invalid;
            }
            let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
            let exported = export_events(&events);
            for left in &exported.left_out {
                stderr_line!("{}: {left}", file.display());
                status = Status::Invalid;
            }
            exported.tables
        }
    };
    match format {
        TablesFormat::Csv => write_folder(dir, &tables)?,
        TablesFormat::Xlsx => {
            let written = write_xlsx(dir, &tables);
            return Ok(if written == Status::Ok {
                status
            } else {
                written
            });
        }
    }
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    let n = tables.len();
    stderr_line!(
        "implsci: wrote {n} table{}, {rows} row{}, to {}",
        if n == 1 { "" } else { "s" },
        if rows == 1 { "" } else { "s" },
        dir.display()
    );
    Ok(status)
}

/// Writes the tables as one workbook, a sheet each.
fn write_xlsx(path: &Path, tables: &[TableOut]) -> Status {
    match write_workbook(path, tables) {
        Ok(()) => {
            let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
            stderr_line!(
                "implsci: wrote {} sheets, {rows} rows, to {}",
                tables.len(),
                path.display()
            );
            Status::Ok
        }
        Err(e) => usage(&e.to_string()),
    }
}
