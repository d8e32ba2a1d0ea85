//! A sweep's outputs: tidy CSV in long format, with each cell's parameter values as columns
//! (one row per cell × quantile × period × unit × measure for the time series), the
//! sensitivity (tornado) table, and the whole result as JSON.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use super::{CellForecast, SweepForecast};
use crate::scenario::Streams;
use crate::sim::output::reached_columns;
use crate::system::System;
use crate::text::{Align, Table};

/// The quantiles of the long series, with their names.
const QUANTILES: [(&str, usize); 3] = [("0.1", 0), ("0.5", 1), ("0.9", 2)];

fn date(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

fn month(d: Option<jiff::civil::Date>) -> String {
    d.map_or_else(
        || "not reached".into(),
        |d| format!("{:04}-{:02}", d.year(), d.month()),
    )
}

fn share(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:.4}"))
}

impl SweepForecast {
    /// The leading columns of every table: `cell, plan`, then one per swept parameter.
    fn cell_header(&self) -> Vec<String> {
        let mut h = vec!["cell".to_string(), "plan".to_string()];
        h.extend(
            self.parameters
                .iter()
                .map(|p| p.parameter.as_str().to_string()),
        );
        h
    }

    fn cell_record(c: &CellForecast) -> Vec<String> {
        let mut r = vec![c.cell.index.to_string(), c.cell.plan.clone()];
        r.extend(c.cell.values.iter().map(|(_, v)| v.to_string()));
        r
    }

    /// The names the hierarchy columns must not take.
    fn others(&self, more: &[&'static str]) -> Vec<&'static str> {
        let mut o = vec!["cell", "plan"];
        o.extend(self.parameters.iter().map(|p| p.parameter.as_str()));
        o.extend_from_slice(more);
        o
    }

    /// Writes `cells.csv`: `cell, plan, <parameters…>, replicates`.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_cells_csv(&self, out: impl Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        let mut h = self.cell_header();
        h.push("replicates".into());
        w.write_record(&h)?;
        for c in &self.cells {
            let mut r = Self::cell_record(c);
            r.push(self.replicates.to_string());
            w.write_record(&r)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Writes `units.csv`: per cell, unit and innovation, `cell, plan, <parameters…>, unit,
    /// name, level, parent, <levels…>, innovation, posts, p10, median, p90, reached,
    /// replicates` (an empty date: not reached).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_units_csv(&self, system: &System, out: impl Write) -> Result<(), csv::Error> {
        let more = [
            "innovation",
            "posts",
            "p10",
            "median",
            "p90",
            "reached",
            "replicates",
        ];
        let columns = system.hierarchy_columns(&self.others(&more));
        let mut w = csv::Writer::from_writer(out);
        let mut h = self.cell_header();
        h.extend(columns.header().iter().cloned());
        h.extend(more.iter().map(ToString::to_string));
        w.write_record(&h)?;
        for c in &self.cells {
            let lead = Self::cell_record(c);
            for u in &c.forecast.units {
                let mut r = lead.clone();
                if let Some(place) = system.place(&u.unit) {
                    r.extend(columns.record(&place).into_iter().map(String::from));
                }
                r.extend([u.innovation.to_string(), u.posts.to_string()]);
                r.extend(reached_columns(&u.full_implementation));
                w.write_record(&r)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes `levels.csv`: per cell, level and innovation, when half the level's units have
    /// first reached Full Implementation: `cell, plan, <parameters…>, level, innovation,
    /// units, p10, median, p90, reached, replicates`.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_levels_csv(&self, out: impl Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        let mut h = self.cell_header();
        h.extend(
            [
                "level",
                "innovation",
                "units",
                "p10",
                "median",
                "p90",
                "reached",
                "replicates",
            ]
            .map(String::from),
        );
        w.write_record(&h)?;
        for c in &self.cells {
            for l in &c.forecast.levels {
                let mut r = Self::cell_record(c);
                r.extend([
                    l.level.to_string(),
                    l.innovation.to_string(),
                    l.units.to_string(),
                ]);
                r.extend(reached_columns(&l.full_implementation));
                w.write_record(&r)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes `series.csv`, the time series in long format, one row per cell × quantile ×
    /// period × unit × innovation × measure: `cell, plan, <parameters…>, quantile, date,
    /// unit, name, level, parent, <levels…>, innovation, measure, value` (the value a share
    /// of the unit's intended practitioners; empty when it has none).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_series_csv(&self, system: &System, out: impl Write) -> Result<(), csv::Error> {
        let more = ["quantile", "date", "innovation", "measure", "value"];
        let columns = system.hierarchy_columns(&self.others(&more));
        let mut w = csv::Writer::from_writer(out);
        let mut h = self.cell_header();
        h.extend(["quantile", "date"].map(String::from));
        h.extend(columns.header().iter().cloned());
        h.extend(["innovation", "measure", "value"].map(String::from));
        w.write_record(&h)?;
        for c in &self.cells {
            let lead = Self::cell_record(c);
            for (name, q) in QUANTILES {
                for row in &c.forecast.series {
                    let mut r = lead.clone();
                    r.push(name.into());
                    r.push(row.date.to_string());
                    if let Some(place) = system.place(&row.unit) {
                        r.extend(columns.record(&place).into_iter().map(String::from));
                    }
                    let v = [row.p10, row.median, row.p90][q];
                    r.extend([
                        row.innovation.to_string(),
                        row.measure.as_str().to_string(),
                        share(v),
                    ]);
                    w.write_record(&r)?;
                }
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes `level_series.csv`, one row per cell × quantile × period × level ×
    /// innovation: `cell, plan, <parameters…>, quantile, date, level, innovation, value` (the
    /// share of the level's units at Full Implementation).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_level_series_csv(&self, out: impl Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        let mut h = self.cell_header();
        h.extend(["quantile", "date", "level", "innovation", "value"].map(String::from));
        w.write_record(&h)?;
        for c in &self.cells {
            let lead = Self::cell_record(c);
            for (name, q) in QUANTILES {
                for row in &c.forecast.level_series {
                    let mut r = lead.clone();
                    let v = [row.p10, row.median, row.p90][q];
                    r.extend([
                        name.to_string(),
                        row.date.to_string(),
                        row.level.to_string(),
                        row.innovation.to_string(),
                        format!("{v:.4}"),
                    ]);
                    w.write_record(&r)?;
                }
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes `sensitivity.csv`, one row per plan × level × innovation × parameter × value,
    /// the parameters of each (plan, level, innovation) in the tornado's order (`rank`, from
    /// 1): `plan, level, innovation, rank, parameter, value, median, reached, runs,
    /// swing_days` (the median date over the runs of every cell at the value; an empty
    /// date: not reached in half of them; an empty swing: a value never reaches it).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn write_sensitivity_csv(&self, out: impl Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "plan",
            "level",
            "innovation",
            "rank",
            "parameter",
            "value",
            "median",
            "reached",
            "runs",
            "swing_days",
        ])?;
        let mut rank = 0;
        let mut group: Option<(&str, &str, &str)> = None;
        for s in &self.sensitivity {
            let key = (s.plan.as_str(), s.level.as_str(), s.innovation.as_str());
            rank = if group == Some(key) { rank + 1 } else { 1 };
            group = Some(key);
            for p in &s.points {
                w.write_record([
                    s.plan.clone(),
                    s.level.to_string(),
                    s.innovation.to_string(),
                    rank.to_string(),
                    s.parameter.as_str().to_string(),
                    p.value.to_string(),
                    date(p.median),
                    p.reached.numerator.to_string(),
                    p.reached.denominator.to_string(),
                    s.swing_days.map_or_else(String::new, |d| d.to_string()),
                ])?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes every output into `dir` (made if missing): `cells.csv`, `units.csv`,
    /// `levels.csv`, `series.csv` and `level_series.csv` (when the sweep keeps the series),
    /// `sensitivity.csv` and `sweep.json`. Two runs of one sweep write the same bytes,
    /// however their runs were divided.
    ///
    /// # Errors
    ///
    /// An error naming the file that cannot be written.
    pub fn write_folder(&self, dir: &Path, system: &System) -> io::Result<()> {
        let cannot = |path: &Path| {
            let path = path.display().to_string();
            move |e: io::Error| io::Error::new(e.kind(), format!("cannot write {path}: {e}"))
        };
        std::fs::create_dir_all(dir).map_err(cannot(dir))?;
        let write =
            |name: &str, f: &dyn Fn(&mut io::BufWriter<std::fs::File>) -> io::Result<()>| {
                let path = dir.join(name);
                let file = std::fs::File::create(&path).map_err(cannot(&path))?;
                let mut out = io::BufWriter::new(file);
                f(&mut out).map_err(cannot(&path))?;
                out.flush().map_err(cannot(&path))
            };
        let csv = |e: csv::Error| io::Error::other(e.to_string());
        write("cells.csv", &|o| self.write_cells_csv(o).map_err(csv))?;
        write("units.csv", &|o| {
            self.write_units_csv(system, o).map_err(csv)
        })?;
        write("levels.csv", &|o| self.write_levels_csv(o).map_err(csv))?;
        if self.cells.iter().any(|c| !c.forecast.series.is_empty()) {
            write("series.csv", &|o| {
                self.write_series_csv(system, o).map_err(csv)
            })?;
            write("level_series.csv", &|o| {
                self.write_level_series_csv(o).map_err(csv)
            })?;
        }
        write("sensitivity.csv", &|o| {
            self.write_sensitivity_csv(o).map_err(csv)
        })?;
        write("sweep.json", &|o| {
            serde_json::to_writer_pretty(&mut *o, self)?;
            o.write_all(b"\n")
        })
    }
}

/// The sweep for people: what was run, then the tornado table of each plan, level and
/// innovation, the parameter that moves the date most first.
impl fmt::Display for SweepForecast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut dims: Vec<String> = vec![format!(
            "{} plan{}",
            self.plans.len(),
            if self.plans.len() == 1 { "" } else { "s" }
        )];
        dims.extend(
            self.parameters
                .iter()
                .map(|p| format!("{} values of {}", p.values.len(), p.parameter.as_str())),
        );
        writeln!(
            f,
            "{} cells ({}), {} replicates each, seed {}, {}.",
            self.cells.len(),
            dims.join(" × "),
            self.replicates,
            self.seed,
            match self.streams {
                Streams::Common => "common random numbers",
                Streams::Independent => "independent streams per cell",
            }
        )?;
        if self.parameters.is_empty() {
            writeln!(
                f,
                "No parameter is swept: each plan's forecast is in the outputs."
            )?;
            return Ok(());
        }
        writeln!(
            f,
            "How far each parameter moves the median month by which half a level's units first\n\
             reach Full Implementation (at each value, the runs of every cell with it pooled;\n\
             swing: from the earliest median to the latest)."
        )?;
        let mut at = 0;
        while at < self.sensitivity.len() {
            let s0 = &self.sensitivity[at];
            let end = self.sensitivity[at..]
                .iter()
                .position(|s| {
                    (&s.plan, &s.level, &s.innovation) != (&s0.plan, &s0.level, &s0.innovation)
                })
                .map_or(self.sensitivity.len(), |n| at + n);
            writeln!(f)?;
            let group = &self.sensitivity[at..end];
            if group
                .iter()
                .all(|s| s.points.iter().all(|p| p.median.is_none()))
            {
                writeln!(
                    f,
                    "{}, {} ({}): not reached in half the runs at any value.",
                    s0.plan, s0.level, s0.innovation
                )?;
                at = end;
                continue;
            }
            writeln!(f, "{}, {} ({}):", s0.plan, s0.level, s0.innovation)?;
            write!(f, "{}", tornado(group))?;
            at = end;
        }
        Ok(())
    }
}

/// One group's tornado table: a row per parameter, in the group's order.
fn tornado(group: &[super::Sensitivity]) -> Table {
    let mut t = Table::new().indent(2).align(4, Align::Right);
    t.row([
        "parameter",
        "values",
        "median at first",
        "median at last",
        "swing",
    ]);
    for s in group {
        let (Some(first), Some(last)) = (s.points.first(), s.points.last()) else {
            continue;
        };
        let swing = s.swing_days.map_or_else(
            || {
                let never: Vec<String> = s
                    .points
                    .iter()
                    .filter(|p| p.median.is_none())
                    .map(|p| p.value.to_string())
                    .collect();
                if never.len() == s.points.len() {
                    "not reached at any value".to_string()
                } else {
                    format!("not reached at {}", never.join(", "))
                }
            },
            |d| {
                #[allow(clippy::cast_precision_loss)]
                let months = d as f64 / 30.436_875;
                format!("{months:.1} months")
            },
        );
        t.row([
            s.parameter.as_str().to_string(),
            format!("{} to {} ({})", first.value, last.value, s.points.len()),
            month(first.median),
            month(last.median),
            swing,
        ]);
    }
    t
}
