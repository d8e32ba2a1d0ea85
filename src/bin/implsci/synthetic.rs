//! `implsci simulate --events FILE`: one replicate of one plan as an event log, with the
//! system it refers to beside it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use implsci::innovation::Innovation;
use implsci::scenario::Scenario;
use implsci::sim::Simulation;
use implsci::system::SystemDocument;

use crate::output::{stderr_line, write_json};
use crate::{Status, input};

/// What `--events` asks for.
pub(crate) struct Request<'a> {
    /// The log's file.
    pub(crate) path: &'a Path,
    /// The plan, by name; the first when `None`.
    pub(crate) plan: Option<&'a str>,
    /// The replicate.
    pub(crate) replicate: u64,
    /// Innovation documents whose essential functions the observations rate.
    pub(crate) innovations: &'a [PathBuf],
}

/// Where the system of the log at `path` is written: `STEM.system.json` beside it.
fn system_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "events".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.system.json"))
}

/// Writes the log and its system; `Ok(Err(status))` when the request names an unknown plan
/// or an innovation document does not read.
pub(crate) fn write(
    request: &Request<'_>,
    scenario: &Scenario,
    system: &SystemDocument,
    sims: &[(String, Simulation)],
) -> io::Result<Result<(), Status>> {
    let at = match request.plan {
        None => 0,
        Some(name) => {
            if let Some(at) = sims.iter().position(|(n, _)| n == name) {
                at
            } else {
                let names: Vec<String> = sims.iter().map(|(n, _)| format!("`{n}`")).collect();
                stderr_line!(
                    "implsci: --plan: no plan `{name}` in the scenario; its plans: {}",
                    names.join(", ")
                );
                return Ok(Err(Status::Usage));
            }
        }
    };
    if request.replicate >= u64::from(scenario.replicates) {
        stderr_line!(
            "implsci: --replicate {}: the scenario runs replicates 0 to {}",
            request.replicate,
            scenario.replicates.saturating_sub(1)
        );
        return Ok(Err(Status::Usage));
    }
    let mut documents: Vec<Innovation> = Vec::with_capacity(request.innovations.len());
    for path in request.innovations {
        match input::load_innovation(path) {
            Ok(i) => documents.push(i),
            Err(status) => return Ok(Err(status)),
        }
    }
    let innovations: Vec<&Innovation> = documents.iter().collect();
    let (name, sim) = &sims[at];
    let cannot = |path: &Path| {
        let path = path.display().to_string();
        move |e: io::Error| io::Error::new(e.kind(), format!("cannot write {path}: {e}"))
    };
    let file = std::fs::File::create(request.path).map_err(cannot(request.path))?;
    let written = sim
        .synthetic_log(
            scenario.seed,
            request.replicate,
            &innovations,
            io::BufWriter::new(file),
        )
        .map_err(cannot(request.path))?;
    // The system as it stands at the end of the run, with the run's people.
    let plan = scenario
        .plans_to_run()
        .into_iter()
        .find(|p| p.name == *name)
        .map(|p| p.to_plan());
    let last_day = scenario.horizon.yesterday().unwrap_or(scenario.horizon);
    let mut doc = match plan.map(|p| p.apply(system, last_day)) {
        Some(Ok(doc)) => doc,
        // The plan was checked against the system before it ran.
        Some(Err(_)) | None => system.clone(),
    };
    written.staffing.apply_to(&mut doc);
    let system_file = system_path(request.path);
    let mut out = std::fs::File::create(&system_file)
        .map(io::BufWriter::new)
        .map_err(cannot(&system_file))?;
    write_json(&mut out, &doc)?;
    out.flush().map_err(cannot(&system_file))?;
    stderr_line!(
        "wrote {} ({} events: plan `{name}`, replicate {}, seed {}) and {} ({} left, {} hired)",
        request.path.display(),
        written.events,
        request.replicate,
        scenario.seed,
        system_file.display(),
        written.staffing.left.len(),
        written.staffing.hired.len()
    );
    Ok(Ok(()))
}
