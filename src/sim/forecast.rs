//! Replicates summed up: per unit and per level, when Full Implementation is first reached
//! (median and 10th–90th percentiles over replicates, and the share of replicates reaching it
//! within the horizon), and a tidy time series of the shares trained, in use and at fidelity.
//!
//! Quantiles are nearest-rank (the `⌈q·n⌉`-th smallest of `n`), so every quantile is a value
//! some replicate produced and quantiles of shards merge exactly from their values. A
//! replicate that does not reach Full Implementation counts as later than every date: a
//! quantile that falls among them is "not reached".

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::run::{FIDELITY, IN_USE, MEASURES, Outcome, TRAINED};
use super::world::NONE;
use super::{Replicate, Simulation};
use crate::id::{InnovationId, LevelId, UnitId};
use crate::share::Share;

/// The nearest-rank quantile `q` of sorted values.
pub(crate) fn nearest_rank<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// When Full Implementation is first reached, over replicates.
///
/// ```
/// use implsci::sim::Reached;
/// let r = Reached::default();
/// assert!(r.median.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Reached {
    /// The 10th percentile date; `None`: not reached.
    pub p10: Option<Date>,
    /// The median date; `None`: not reached in half the replicates.
    pub median: Option<Date>,
    /// The 90th percentile date; `None`: not reached in 90% of them.
    pub p90: Option<Date>,
    /// Replicates that reach it within the horizon, out of all.
    pub within_horizon: Share,
}

/// One unit's forecast for one innovation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UnitForecast {
    /// The unit.
    pub unit: UnitId,
    /// Its name, if the system gives one.
    pub name: Option<String>,
    /// Its level.
    pub level: LevelId,
    /// The innovation.
    pub innovation: InnovationId,
    /// Its intended practitioners' posts.
    pub posts: u64,
    /// When it first reaches Full Implementation.
    pub full_implementation: Reached,
}

/// One level's forecast for one innovation: when half its units have reached Full
/// Implementation (this crate's reading of a level's date).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LevelForecast {
    /// The level.
    pub level: LevelId,
    /// The innovation.
    pub innovation: InnovationId,
    /// Units on the level.
    pub units: u64,
    /// When half of them have first reached Full Implementation.
    pub full_implementation: Reached,
}

/// What a series row measures, as a share of the intended practitioners' posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measure {
    /// Held by a practitioner trained in at least one component.
    Trained,
    /// In routine use, with or without fidelity.
    InUse,
    /// At fidelity.
    AtFidelity,
}

impl Measure {
    /// Every measure, in the series' order.
    pub const ALL: [Self; 3] = [Self::Trained, Self::InUse, Self::AtFidelity];

    /// The `snake_case` name.
    ///
    /// ```
    /// assert_eq!(implsci::sim::Measure::AtFidelity.as_str(), "at_fidelity");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Trained => "trained",
            Self::InUse => "in_use",
            Self::AtFidelity => "at_fidelity",
        }
    }

    fn slot(self) -> usize {
        match self {
            Self::Trained => TRAINED,
            Self::InUse => IN_USE,
            Self::AtFidelity => FIDELITY,
        }
    }
}

/// One row of the time series: a measure of a unit on a date, over replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SeriesRow {
    /// The last day of the period recorded.
    pub date: Date,
    /// The unit.
    pub unit: UnitId,
    /// Its level.
    pub level: LevelId,
    /// The innovation.
    pub innovation: InnovationId,
    /// The measure.
    pub measure: Measure,
    /// 10th percentile share; `None` when the unit has no intended posts.
    pub p10: Option<f64>,
    /// Median share.
    pub median: Option<f64>,
    /// 90th percentile share.
    pub p90: Option<f64>,
}

/// One row of the levels' time series: the share of a level's units at Full Implementation
/// on a date, over replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LevelSeriesRow {
    /// The last day of the period recorded.
    pub date: Date,
    /// The level.
    pub level: LevelId,
    /// The innovation.
    pub innovation: InnovationId,
    /// 10th percentile share of the level's units at Full Implementation.
    pub p10: f64,
    /// Median share.
    pub median: f64,
    /// 90th percentile share.
    pub p90: f64,
}

/// The forecast of a simulation over its replicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Forecast {
    /// The root seed.
    pub seed: u64,
    /// Replicates run.
    pub replicates: u64,
    /// The first day simulated.
    pub start: Date,
    /// The first day not simulated.
    pub horizon: Date,
    /// Per unit down to the setup's level, per innovation.
    pub units: Vec<UnitForecast>,
    /// Per level down to the setup's level, per innovation.
    pub levels: Vec<LevelForecast>,
    /// The time series per unit.
    pub series: Vec<SeriesRow>,
    /// The time series per level: the share of its units at Full Implementation.
    pub level_series: Vec<LevelSeriesRow>,
    /// Coach FTE-years in post, median over replicates.
    pub coach_fte_years: f64,
    /// Training sessions: per cohort, one per unit with practitioners of its own it trains.
    pub training_sessions: u64,
    /// Practitioners at fidelity at the last step, over every innovation (median).
    pub at_fidelity_at_end: f64,
    /// Units reported that reach Full Implementation within the horizon, over every
    /// innovation (median).
    pub units_reaching: f64,
    /// The cost, when the rates are given ([`Forecast::with_costs`]).
    pub cost: Option<super::Cost>,
}

impl Forecast {
    /// The forecast with its cost at `rates`.
    #[must_use]
    pub fn with_costs(mut self, rates: &crate::scenario::CostRates) -> Self {
        self.cost = Some(super::Cost::at(
            self.coach_fte_years,
            self.training_sessions,
            self.at_fidelity_at_end,
            self.units_reaching,
            rates,
        ));
        self
    }
}

impl Simulation {
    /// Runs replicates `0..replicates` in parallel (rayon) and sums them up. The result is
    /// the same on any number of threads.
    ///
    /// ```
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let forecast = Simulation::new(&setup, doc)?.forecast(7, 4);
    /// assert_eq!(forecast.replicates, 4);
    /// // Nobody is trained: nothing is reached.
    /// assert!(forecast.units.iter().all(|u| u.full_implementation.median.is_none()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn forecast(&self, seed: u64, replicates: u64) -> Forecast {
        self.forecast_with(seed, replicates, &|| {})
    }

    /// [`Simulation::forecast`], calling `done` after each replicate (from whichever thread
    /// ran it), for a progress bar.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let runs = AtomicU64::new(0);
    /// let _ = Simulation::new(&setup, doc)?.forecast_with(7, 5, &|| { runs.fetch_add(1, Ordering::Relaxed); });
    /// assert_eq!(runs.into_inner(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn forecast_with(&self, seed: u64, replicates: u64, done: &(dyn Fn() + Sync)) -> Forecast {
        let runs: Vec<Replicate> = (0..replicates)
            .into_par_iter()
            .map(|r| {
                let run = self.replicate(seed, r);
                done();
                run
            })
            .collect();
        self.summarise(seed, &runs)
    }

    /// Sums up replicates already run.
    #[must_use]
    pub fn summarise(&self, seed: u64, runs: &[Replicate]) -> Forecast {
        let w = &self.world;
        let doc = w.system.document();
        let setup = &self.setup;
        let date_of = |step: u32| setup.step.last_day(setup.start, step);
        let reached = |mut steps: Vec<u32>| {
            steps.sort_unstable();
            let within = steps.iter().filter(|&&s| s != NONE).count();
            let q = |q| nearest_rank(&steps, q).filter(|&s| s != NONE).map(date_of);
            Reached {
                p10: q(0.1),
                median: q(0.5),
                p90: q(0.9),
                within_horizon: Share::new(within as u64, steps.len() as u64),
            }
        };
        let level_of = |u: u32| {
            doc.levels[w.system.index.unit_level[u as usize] as usize]
                .id
                .clone()
        };
        let mut units = Vec::new();
        let mut levels = Vec::new();
        let mut level_runs = self.level_runs(runs).into_iter();
        let depth = self.depth();
        for (k, innovation) in w.innovations.iter().enumerate() {
            for &u in &w.out_units {
                let steps = runs.iter().map(|r| r.0.first_full[k][u as usize]).collect();
                units.push(UnitForecast {
                    unit: doc.units[u as usize].id.clone(),
                    name: doc.units[u as usize].name.clone(),
                    level: level_of(u),
                    innovation: innovation.clone(),
                    posts: u64::from(w.posts_under[u as usize]),
                    full_implementation: reached(steps),
                });
            }
            for (l, level) in doc.levels.iter().enumerate().take(depth + 1) {
                levels.push(LevelForecast {
                    level: level.id.clone(),
                    innovation: innovation.clone(),
                    units: u64::from(w.units_on_level[l]),
                    full_implementation: reached(level_runs.next().unwrap_or_default()),
                });
            }
        }
        let mut fte: Vec<f64> = runs
            .iter()
            .map(|r| {
                #[allow(clippy::cast_precision_loss)]
                let steps = r.0.coach_steps as f64;
                steps / w.steps_per_year
            })
            .collect();
        fte.sort_by(f64::total_cmp);
        let (at_fidelity_at_end, units_reaching) = self.reach(runs);
        Forecast {
            seed,
            replicates: runs.len() as u64,
            start: setup.start,
            horizon: setup.horizon,
            units,
            levels,
            series: self.series(runs),
            level_series: self.level_series(runs),
            coach_fte_years: nearest_rank(&fte, 0.5).unwrap_or(0.0),
            training_sessions: self.sessions,
            at_fidelity_at_end,
            units_reaching,
            cost: None,
        }
    }

    /// The deepest level reported, as a position.
    fn depth(&self) -> usize {
        let w = &self.world;
        w.out_units
            .iter()
            .map(|&u| w.system.index.unit_level[u as usize] as usize)
            .max()
            .unwrap_or(0)
    }

    /// Per innovation, per level down to the deepest reported (the order of
    /// [`Forecast::levels`]), per run: the step by which half the level's units have first
    /// reached Full Implementation, or `NONE`.
    pub(crate) fn level_runs(&self, runs: &[Replicate]) -> Vec<Vec<u32>> {
        let w = &self.world;
        let depth = self.depth();
        let mut on: Vec<Vec<u32>> = vec![Vec::new(); depth + 1];
        for u in 0..w.parent.len() {
            let l = w.system.index.unit_level[u] as usize;
            if l <= depth {
                on[l].push(super::world::index(u));
            }
        }
        let mut out = Vec::with_capacity(w.innovations.len() * (depth + 1));
        for k in 0..w.innovations.len() {
            for units in &on {
                out.push(runs.iter().map(|r| half_reached(&r.0, k, units)).collect());
            }
        }
        out
    }

    /// The medians over replicates of practitioners at fidelity at the last step and of units
    /// reported reaching Full Implementation, over every innovation.
    fn reach(&self, runs: &[Replicate]) -> (f64, f64) {
        let w = &self.world;
        let at_fidelity = median_of(runs.iter().map(|r| {
            let kinds = w.innovations.len();
            let per_point = kinds * w.out_units.len();
            let last = r.0.intended.len().saturating_sub(per_point);
            (0..kinds)
                .filter_map(|k| {
                    let root = w
                        .out_units
                        .iter()
                        .position(|&u| w.parent[u as usize] == NONE)?;
                    r.0.series
                        .get((last + k * w.out_units.len() + root) * MEASURES + FIDELITY)
                        .copied()
                })
                .map(f64::from)
                .sum()
        }));
        let units = median_of(runs.iter().map(|r| {
            #[allow(clippy::cast_precision_loss)]
            let n =
                r.0.first_full
                    .iter()
                    .map(|f| {
                        w.out_units
                            .iter()
                            .filter(|&&u| f[u as usize] != NONE)
                            .count()
                    })
                    .sum::<usize>() as f64;
            n
        }));
        (at_fidelity, units)
    }

    fn level_series(&self, runs: &[Replicate]) -> Vec<LevelSeriesRow> {
        let w = &self.world;
        let doc = w.system.document();
        let mut rows = Vec::new();
        let mut shares: Vec<f64> = Vec::with_capacity(runs.len());
        for (p, &step) in w.record_points().iter().enumerate() {
            let date = self.setup.step.last_day(self.setup.start, step);
            for (k, innovation) in w.innovations.iter().enumerate() {
                for (l, level) in doc.levels.iter().enumerate() {
                    let on = w.units_on_level[l];
                    if on == 0 {
                        continue;
                    }
                    let at = (p * w.innovations.len() + k) * w.levels + l;
                    shares.clear();
                    shares.extend(runs.iter().filter_map(|r| {
                        r.0.levels_full
                            .get(at)
                            .map(|&n| f64::from(n) / f64::from(on))
                    }));
                    shares.sort_by(f64::total_cmp);
                    rows.push(LevelSeriesRow {
                        date,
                        level: level.id.clone(),
                        innovation: innovation.clone(),
                        p10: nearest_rank(&shares, 0.1).unwrap_or(0.0),
                        median: nearest_rank(&shares, 0.5).unwrap_or(0.0),
                        p90: nearest_rank(&shares, 0.9).unwrap_or(0.0),
                    });
                }
            }
        }
        rows
    }

    fn series(&self, runs: &[Replicate]) -> Vec<SeriesRow> {
        let w = &self.world;
        let doc = w.system.document();
        let points = w.record_points();
        let per_point = w.innovations.len() * w.out_units.len();
        let mut rows = Vec::new();
        let mut shares: Vec<f64> = Vec::with_capacity(runs.len());
        for (p, &step) in points.iter().enumerate() {
            let date = self.setup.step.last_day(self.setup.start, step);
            for (k, innovation) in w.innovations.iter().enumerate() {
                for (i, &u) in w.out_units.iter().enumerate() {
                    let at = p * per_point + k * w.out_units.len() + i;
                    for measure in Measure::ALL {
                        shares.clear();
                        shares.extend(runs.iter().filter_map(|r| {
                            let intended = r.0.intended.get(at).copied().unwrap_or(0);
                            let count = r.0.series.get(at * MEASURES + measure.slot()).copied()?;
                            (intended > 0).then(|| f64::from(count) / f64::from(intended))
                        }));
                        shares.sort_by(f64::total_cmp);
                        rows.push(SeriesRow {
                            date,
                            unit: doc.units[u as usize].id.clone(),
                            level: doc.levels[w.system.index.unit_level[u as usize] as usize]
                                .id
                                .clone(),
                            innovation: innovation.clone(),
                            measure,
                            p10: nearest_rank(&shares, 0.1),
                            median: nearest_rank(&shares, 0.5),
                            p90: nearest_rank(&shares, 0.9),
                        });
                    }
                }
            }
        }
        rows
    }
}

/// The nearest-rank median of values.
fn median_of(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    nearest_rank(&v, 0.5).unwrap_or(0.0)
}

/// The first step by which half the units `on` (rounded up) have first reached Full
/// Implementation in one replicate, or `NONE`.
fn half_reached(outcome: &Outcome, k: usize, on: &[u32]) -> u32 {
    if on.is_empty() {
        return NONE;
    }
    let mut steps: Vec<u32> = on
        .iter()
        .map(|&u| outcome.first_full[k][u as usize])
        .collect();
    steps.sort_unstable();
    steps[on.len().div_ceil(2) - 1]
}

impl Replicate {
    /// The step at whose end `unit` first reaches Full Implementation for the `k`-th
    /// innovation, if it does.
    #[must_use]
    pub fn first_full_step(&self, k: usize, unit: usize) -> Option<u32> {
        self.0
            .first_full
            .get(k)
            .and_then(|f| f.get(unit))
            .copied()
            .filter(|&s| s != NONE)
    }
}
