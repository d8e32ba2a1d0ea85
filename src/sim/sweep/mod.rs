//! Parameter sweeps: every cell of a scenario's sweep run, summed up, and divided into
//! shards that merge exactly; [`SweepRun`] tells how.

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::run::{MEASURES, Outcome};
use super::world::NONE;
use super::{Forecast, Replicate, ScenarioError, Simulation, simulations};
use crate::id::{InnovationId, LevelId};
use crate::scenario::{CostRates, Scenario, Streams, SweepParameter};
use crate::share::Share;
use crate::system::SystemDocument;

mod output;
mod shard;

pub use shard::{
    MergeError, Shard, ShardError, ShardManifest, merge_shards, read_manifest, read_runs,
    read_shard, write_shard,
};

/// One cell of a sweep: a plan and a value for each swept parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Cell {
    /// Its number, in the sweep's fixed order.
    pub index: u64,
    /// The plan.
    pub plan: String,
    /// Each swept parameter's value, in the sweep's order (in JSON, an object from each
    /// parameter's path to its value).
    #[serde(serialize_with = "values_as_object")]
    pub values: Vec<(SweepParameter, f64)>,
}

fn values_as_object<S: serde::Serializer>(
    values: &[(SweepParameter, f64)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(values.len()))?;
    for (p, v) in values {
        map.serialize_entry(p.as_str(), v)?;
    }
    map.end()
}

/// What one run leaves: the counts its cell's summaries are made of.
///
/// A shard writes these as JSON Lines; a merge reads them back. `first_full` holds, per
/// innovation and per unit reported, the step at whose end the unit first reached Full
/// Implementation (`null`: not within the horizon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    /// The cell.
    pub cell: u64,
    /// The replicate within the cell.
    pub replicate: u64,
    first_full: Vec<Vec<Option<u32>>>,
    series: Vec<u32>,
    intended: Vec<u32>,
    coach_steps: u64,
    levels_full: Vec<u32>,
}

/// Why run records do not make a sweep's result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A run of the sweep has no record.
    #[error("run {run} (cell {cell}, replicate {replicate}) has no record")]
    Missing {
        /// The run.
        run: u64,
        /// Its cell.
        cell: u64,
        /// Its replicate.
        replicate: u64,
    },
    /// A run has two records.
    #[error("run {run} (cell {cell}, replicate {replicate}) has two records")]
    Duplicate {
        /// The run.
        run: u64,
        /// Its cell.
        cell: u64,
        /// Its replicate.
        replicate: u64,
    },
    /// A record names a cell or replicate the sweep does not have.
    #[error(
        "a record names cell {cell}, replicate {replicate}: the sweep has {cells} cells of {replicates} replicates"
    )]
    OutOfSweep {
        /// The cell named.
        cell: u64,
        /// The replicate named.
        replicate: u64,
        /// Cells in the sweep.
        cells: u64,
        /// Replicates per cell.
        replicates: u64,
    },
    /// A record's lists do not have the lengths the sweep's system gives.
    #[error("the record of cell {cell}, replicate {replicate} does not fit the sweep: {what}")]
    Shape {
        /// The cell.
        cell: u64,
        /// The replicate.
        replicate: u64,
        /// What does not fit.
        what: String,
    },
}

/// A sweep ready to run: each plan prepared once, each cell its plan with the cell's values.
///
/// Every cell of a scenario's [`Sweep`](crate::scenario::Sweep) (parameter values × plans) is
/// run for its replicates and summed up ([`SweepRun::summarise`]), with a sensitivity
/// (tornado) table; the runs can be dealt into [`Shard`]s that run anywhere and merge
/// exactly.
///
/// A *run* is one replicate of one cell, numbered `cell × replicates + replicate`. Its random
/// streams come from the root seed, the cell and the replicate alone
/// ([`Streams`](crate::scenario::Streams)), so a sweep's result never depends on how its runs
/// are divided. What a run leaves is a
/// [`RunRecord`]: the values its summaries are made of, not the summaries, so the nearest-rank
/// quantiles of a merge are those of one unsharded run, bit for bit.
///
/// ```
/// use implsci::{Document, scenario::Scenario, system::SystemDocument};
/// use implsci::sim::{Shard, SweepRun};
/// let mut scenario = Scenario::from_json(&std::fs::read_to_string("examples/data/scenario.json")?)?;
/// scenario.sweep = Some(serde_json::from_str(r#"{"parameters": [{"parameter": "drift", "values": [0.1, 0.3]}], "replicates": 3}"#)?);
/// scenario.horizon = "2026-07-01".parse()?;
/// let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let sweep = SweepRun::new(&scenario, &system)?;
/// assert_eq!(sweep.cells().len(), 3 * 2); // the example's three plans × two values
/// let whole = sweep.summarise(sweep.run_all(0..sweep.runs(), &|| {}))?;
/// // The same runs in two shards, run in any order, give the same result.
/// let mut records = Vec::new();
/// for shard in [Shard::new(2, 2)?, Shard::new(1, 2)?] {
///     records.extend(sweep.run_all(shard.runs(sweep.runs()), &|| {}));
/// }
/// assert_eq!(sweep.summarise(records)?, whole);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SweepRun {
    name: Option<String>,
    cells: Vec<Cell>,
    sims: Vec<Simulation>,
    axes: Vec<(SweepParameter, Vec<f64>)>,
    plans: Vec<String>,
    replicates: u64,
    seed: u64,
    streams: Streams,
    series: bool,
    costs: Option<CostRates>,
}

/// The `n`-th output of SplitMix64 from `seed` (Steele, Lea & Flood 2014): the seed of cell
/// `n − 1` under [`Streams::Independent`].
fn splitmix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SweepRun {
    /// The scenario's sweep (an empty one, one cell per plan, when it has none) prepared
    /// over `system`.
    ///
    /// # Errors
    ///
    /// [`ScenarioError::Invalid`] with every problem of the scenario and its sweep;
    /// [`ScenarioError::Simulation`] when a plan's system cannot be simulated.
    pub fn new(scenario: &Scenario, system: &SystemDocument) -> Result<Self, ScenarioError> {
        let sweep = scenario.sweep.clone().unwrap_or_default();
        let mut prepared = simulations(scenario, system)?;
        if !sweep.plans.is_empty() {
            prepared = sweep
                .plans
                .iter()
                .filter_map(|name| {
                    let at = prepared.iter().position(|(n, _)| n == name)?;
                    Some(prepared.swap_remove(at))
                })
                .collect();
        }
        let axes: Vec<(SweepParameter, Vec<f64>)> = sweep
            .parameters
            .iter()
            .map(|a| (a.parameter, a.values()))
            .collect();
        let names: Vec<&str> = prepared.iter().map(|(n, _)| n.as_str()).collect();
        let mut cells = Vec::new();
        let mut sims = Vec::new();
        for (plan, values) in sweep.cell_values(&names) {
            let Some((_, sim)) = prepared.iter().find(|(n, _)| n == plan) else {
                continue;
            };
            let mut p = sim.setup().parameters;
            for &(parameter, value) in &values {
                parameter.set(&mut p, value);
            }
            cells.push(Cell {
                index: cells.len() as u64,
                plan: plan.to_string(),
                values,
            });
            sims.push(sim.with_parameters(p));
        }
        Ok(Self {
            name: scenario.name.clone(),
            cells,
            sims,
            axes,
            plans: prepared.into_iter().map(|(n, _)| n).collect(),
            replicates: u64::from(sweep.replicates.unwrap_or(scenario.replicates)),
            seed: scenario.seed,
            streams: sweep.streams,
            series: sweep.series,
            costs: scenario.costs.clone(),
        })
    }

    /// The cells, in order.
    #[must_use]
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Replicates per cell.
    #[must_use]
    pub fn replicates(&self) -> u64 {
        self.replicates
    }

    /// Runs in the sweep: cells × replicates.
    #[must_use]
    pub fn runs(&self) -> u64 {
        self.cells.len() as u64 * self.replicates
    }

    /// The seed run `run`'s cell draws from.
    fn cell_seed(&self, cell: u64) -> u64 {
        match self.streams {
            Streams::Common => self.seed,
            Streams::Independent => splitmix(self.seed, cell + 1),
        }
    }

    /// Runs one run of the sweep.
    ///
    /// # Panics
    ///
    /// Never for a run below [`SweepRun::runs`]; a larger number is a caller's error.
    #[must_use]
    pub fn run(&self, run: u64) -> RunRecord {
        let (cell, replicate) = (run / self.replicates, run % self.replicates);
        let sim = &self.sims[usize::try_from(cell).unwrap_or(usize::MAX)];
        let outcome = sim.replicate(self.cell_seed(cell), replicate).0;
        let out = &sim.world.out_units;
        RunRecord {
            cell,
            replicate,
            first_full: outcome
                .first_full
                .iter()
                .map(|f| {
                    out.iter()
                        .map(|&u| Some(f[u as usize]).filter(|&s| s != NONE))
                        .collect()
                })
                .collect(),
            series: outcome.series,
            intended: outcome.intended,
            coach_steps: outcome.coach_steps,
            levels_full: outcome.levels_full,
        }
    }

    /// Runs `runs` in parallel (rayon), calling `done` after each, and returns their records
    /// in the order given. Runs past the sweep's last are skipped.
    pub fn run_all(
        &self,
        runs: impl IntoIterator<Item = u64>,
        done: &(dyn Fn() + Sync),
    ) -> Vec<RunRecord> {
        let runs: Vec<u64> = runs.into_iter().filter(|&r| r < self.runs()).collect();
        runs.into_par_iter()
            .map(|r| {
                let record = self.run(r);
                done();
                record
            })
            .collect()
    }

    /// A record as the replicate it was, checked against the cell's world.
    fn replicate_of(&self, r: RunRecord) -> Result<Replicate, RecordError> {
        let sim = &self.sims[usize::try_from(r.cell).unwrap_or(usize::MAX)];
        let w = &sim.world;
        let kinds = w.innovations.len();
        let per_point = kinds * w.out_units.len();
        let points = w.record_points().len();
        let shape = |what: String| RecordError::Shape {
            cell: r.cell,
            replicate: r.replicate,
            what,
        };
        let expect = |name: &str, got: usize, want: usize| {
            if got == want {
                Ok(())
            } else {
                Err(shape(format!("`{name}` holds {got} values, not {want}")))
            }
        };
        expect("first_full", r.first_full.len(), kinds)?;
        for f in &r.first_full {
            expect("first_full[…]", f.len(), w.out_units.len())?;
        }
        expect("series", r.series.len(), points * per_point * MEASURES)?;
        expect("intended", r.intended.len(), points * per_point)?;
        expect(
            "levels_full",
            r.levels_full.len(),
            points * kinds * w.levels,
        )?;
        if let Some(s) = r
            .first_full
            .iter()
            .flatten()
            .flatten()
            .find(|&&s| s >= w.steps)
        {
            return Err(shape(format!(
                "a step of `first_full` is {s}: the run has {} steps",
                w.steps
            )));
        }
        let mut first_full = vec![vec![NONE; w.parent.len()]; kinds];
        for (k, f) in r.first_full.into_iter().enumerate() {
            for (&u, s) in w.out_units.iter().zip(f) {
                first_full[k][u as usize] = s.unwrap_or(NONE);
            }
        }
        Ok(Replicate(Outcome {
            first_full,
            series: r.series,
            intended: r.intended,
            coach_steps: r.coach_steps,
            levels_full: r.levels_full,
        }))
    }

    /// Sums up the records of every run, given in any order: per cell its forecast, and the
    /// sensitivity table.
    ///
    /// # Errors
    ///
    /// [`RecordError`] when a run has no record or two, or a record does not fit the sweep.
    pub fn summarise(&self, records: Vec<RunRecord>) -> Result<SweepForecast, RecordError> {
        let total = usize::try_from(self.runs()).unwrap_or(usize::MAX);
        let mut slots: Vec<Option<RunRecord>> = vec![None; total];
        for r in records {
            if r.cell >= self.cells.len() as u64 || r.replicate >= self.replicates {
                return Err(RecordError::OutOfSweep {
                    cell: r.cell,
                    replicate: r.replicate,
                    cells: self.cells.len() as u64,
                    replicates: self.replicates,
                });
            }
            let run = r.cell * self.replicates + r.replicate;
            let slot = &mut slots[usize::try_from(run).unwrap_or(usize::MAX)];
            if slot.is_some() {
                return Err(RecordError::Duplicate {
                    run,
                    cell: r.cell,
                    replicate: r.replicate,
                });
            }
            *slot = Some(r);
        }
        let per_cell = usize::try_from(self.replicates).unwrap_or(usize::MAX);
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut level_runs = Vec::with_capacity(self.cells.len());
        for (c, (cell, sim)) in self.cells.iter().zip(&self.sims).enumerate() {
            let mut runs = Vec::with_capacity(per_cell);
            for (r, slot) in slots[c * per_cell..(c + 1) * per_cell]
                .iter_mut()
                .enumerate()
            {
                let Some(record) = slot.take() else {
                    return Err(RecordError::Missing {
                        run: (c * per_cell + r) as u64,
                        cell: c as u64,
                        replicate: r as u64,
                    });
                };
                runs.push(self.replicate_of(record)?);
            }
            let mut forecast = sim.summarise(self.seed, &runs);
            if !self.series {
                forecast.series.clear();
                forecast.level_series.clear();
            }
            if let Some(rates) = &self.costs {
                forecast = forecast.with_costs(rates);
            }
            level_runs.push(sim.level_runs(&runs));
            cells.push(CellForecast {
                cell: cell.clone(),
                forecast,
            });
        }
        let sensitivity = self.sensitivity(&cells, &level_runs);
        Ok(SweepForecast {
            name: self.name.clone(),
            seed: self.seed,
            streams: self.streams,
            replicates: self.replicates,
            plans: self.plans.clone(),
            parameters: self
                .axes
                .iter()
                .map(|(p, v)| SweptParameter {
                    parameter: *p,
                    values: v.clone(),
                })
                .collect(),
            cells,
            sensitivity,
        })
    }

    /// Per plan, level and innovation, per parameter: the median date over the runs of the
    /// cells at each of its values (every other parameter at each of its values, pooled).
    fn sensitivity(
        &self,
        cells: &[CellForecast],
        level_runs: &[Vec<Vec<u32>>],
    ) -> Vec<Sensitivity> {
        let mut out = Vec::new();
        let per_plan = cells.len() / self.plans.len().max(1);
        for (p, plan) in self.plans.iter().enumerate() {
            let Some(first) = cells.get(p * per_plan) else {
                continue;
            };
            let setup = self.sims[p * per_plan].setup();
            let date_of = |step: u32| setup.step.last_day(setup.start, step);
            let mut rows = Vec::new();
            for (i, level) in first.forecast.levels.iter().enumerate() {
                for (a, (parameter, values)) in self.axes.iter().enumerate() {
                    let points: Vec<SensitivityPoint> = values
                        .iter()
                        .map(|&value| {
                            let mut steps: Vec<u32> = (p * per_plan..(p + 1) * per_plan)
                                .filter(|&c| cells[c].cell.values[a].1.to_bits() == value.to_bits())
                                .flat_map(|c| level_runs[c][i].iter().copied())
                                .collect();
                            steps.sort_unstable();
                            let within = steps.iter().filter(|&&s| s != NONE).count();
                            let median = super::forecast::nearest_rank(&steps, 0.5)
                                .filter(|&s| s != NONE)
                                .map(date_of);
                            SensitivityPoint {
                                value,
                                median,
                                reached: Share::new(within as u64, steps.len() as u64),
                            }
                        })
                        .collect();
                    rows.push(Sensitivity::new(
                        plan.clone(),
                        level.level.clone(),
                        level.innovation.clone(),
                        *parameter,
                        points,
                    ));
                }
                // Widest swing first; a parameter with a value never reaching it, first of all.
                let start = out.len();
                out.append(&mut rows);
                out[start..].sort_by_key(|s| {
                    (
                        s.points.iter().all(|p| p.median.is_some()),
                        std::cmp::Reverse(s.swing_days.unwrap_or(0)),
                    )
                });
            }
        }
        out
    }
}

/// One cell's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CellForecast {
    /// The cell.
    pub cell: Cell,
    /// Its forecast over its replicates.
    pub forecast: Forecast,
}

/// A swept parameter and its values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SweptParameter {
    /// The parameter.
    pub parameter: SweepParameter,
    /// Its values, in order.
    pub values: Vec<f64>,
}

/// A parameter at one of its values: the median date a level reaches Full Implementation
/// over the runs of every cell at that value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SensitivityPoint {
    /// The value.
    pub value: f64,
    /// The median date half the level's units have first reached Full Implementation;
    /// `None`: not reached in half the runs.
    pub median: Option<Date>,
    /// Runs reaching it within the horizon, out of the runs pooled.
    pub reached: Share,
}

/// One row of the tornado table: how far a level's median date of Full Implementation moves
/// across one parameter's values, for one plan and innovation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// The plan.
    pub plan: String,
    /// The level.
    pub level: LevelId,
    /// The innovation.
    pub innovation: InnovationId,
    /// The parameter.
    pub parameter: SweepParameter,
    /// Per value, in the sweep's order.
    pub points: Vec<SensitivityPoint>,
    /// The earliest of the values' median dates.
    pub earliest: Option<Date>,
    /// The latest; `None` when a value's median is not reached.
    pub latest: Option<Date>,
    /// Days from the earliest to the latest; `None` when a value's median is not reached.
    pub swing_days: Option<i64>,
}

impl Sensitivity {
    fn new(
        plan: String,
        level: LevelId,
        innovation: InnovationId,
        parameter: SweepParameter,
        points: Vec<SensitivityPoint>,
    ) -> Self {
        let dates: Vec<Date> = points.iter().filter_map(|p| p.median).collect();
        let earliest = dates.iter().min().copied();
        let all = dates.len() == points.len();
        let latest = if all {
            dates.iter().max().copied()
        } else {
            None
        };
        let swing_days = match (earliest, latest) {
            (Some(a), Some(b)) => a.until(b).ok().map(|s| i64::from(s.get_days())),
            _ => None,
        };
        Self {
            plan,
            level,
            innovation,
            parameter,
            points,
            earliest,
            latest,
            swing_days,
        }
    }
}

/// A sweep summed up: every cell's forecast, and the sensitivity table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SweepForecast {
    /// The scenario's name.
    pub name: Option<String>,
    /// The root seed.
    pub seed: u64,
    /// How the runs drew their random numbers.
    pub streams: Streams,
    /// Replicates per cell.
    pub replicates: u64,
    /// The plans run at each combination.
    pub plans: Vec<String>,
    /// The swept parameters, in order.
    pub parameters: Vec<SweptParameter>,
    /// Every cell's forecast, in order.
    pub cells: Vec<CellForecast>,
    /// The tornado table: per plan, level and innovation, the parameters by how far they
    /// move the median date.
    pub sensitivity: Vec<Sensitivity>,
}
