//! The forecast in the report: when the units of the report's level first reach Full
//! Implementation under each plan of a scenario, in one sentence and one chart.
//!
//! The first plan is the baseline; each other plan is told by the units it brings to Full
//! Implementation earlier (a median date earlier, or reached where the baseline's median is
//! not). Dates are medians over the replicates (nearest rank) of the first step at whose end
//! half or more of a unit's intended practitioners are at fidelity (NIRN module 4); a level's
//! date is when half its units have reached it (this crate's reading, as in
//! [`LevelForecast`](crate::sim::LevelForecast)).

use std::fmt::Write as _;

use jiff::civil::Date;

use super::summary::Finding;
use super::{Computed, Section, Topic};
use crate::id::LevelId;
use crate::plot::Svg;
use crate::plot::forecast::ForecastChart;
use crate::sim::{Forecast, Reached, UnitForecast};

/// Names listed before "and N more".
const MAX_NAMED: usize = 4;

/// A month as `2027-10`.
fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// A unit's median, or "not reached" with the share of runs that do reach it.
fn when(r: &Reached) -> String {
    match r.median {
        Some(d) => month(d),
        None => match r.within_horizon.percent() {
            Some(p) if p > 0.0 => format!("not reached, {p:.0}% of runs do"),
            _ => "not reached".to_string(),
        },
    }
}

/// Whether `other` reaches Full Implementation earlier than `base`.
fn earlier(other: &Reached, base: &Reached) -> bool {
    match (other.median, base.median) {
        (Some(o), Some(b)) => o < b,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The units of `level` for the forecast's first innovation.
fn units_on<'f>(forecast: &'f Forecast, level: &LevelId) -> Vec<&'f UnitForecast> {
    let first = forecast.units.first().map(|u| &u.innovation);
    forecast
        .units
        .iter()
        .filter(|u| u.level == *level && Some(&u.innovation) == first && u.posts > 0)
        .collect()
}

fn name(u: &UnitForecast) -> &str {
    u.name.as_deref().unwrap_or(u.unit.as_str())
}

/// The level's sentence for one plan: how many units reach it, and when half of them have.
fn level_words(forecast: &Forecast, level: &LevelId, level_name: &str) -> String {
    let units = units_on(forecast, level);
    let reached = units
        .iter()
        .filter(|u| u.full_implementation.median.is_some())
        .count();
    let half = forecast
        .levels
        .iter()
        .find(|l| l.level == *level)
        .map(|l| &l.full_implementation);
    let mut text = format!(
        "{reached} of {} {level_name} units reach Full Implementation in at least half the runs",
        units.len()
    );
    match half.and_then(|h| h.median) {
        Some(d) => {
            let _ = write!(
                text,
                "; in half the runs, half of them are there by {}",
                month(d)
            );
        }
        None => {
            let _ = write!(
                text,
                "; in half the runs or more, fewer than half of them are there by {}",
                month(forecast.horizon)
            );
        }
    }
    text
}

/// The level's name in lower case ("district"), or its id.
fn level_name(c: &Computed<'_>, level: &LevelId) -> String {
    c.inputs
        .system
        .document()
        .levels
        .iter()
        .find(|l| l.id == *level)
        .map_or_else(|| level.to_string(), |l| l.name.to_lowercase())
}

/// The summary's forecast finding; `None` without a forecast or with no unit of the level.
pub(super) fn finding(c: &Computed<'_>) -> Option<Finding> {
    let plans = c.inputs.forecast?;
    let (base_name, base) = plans.first()?;
    let level = &c.params.level;
    let level_name = level_name(c, level);
    if units_on(base, level).is_empty() {
        return None;
    }
    let mut text = format!(
        "Forecast over {} runs (seed {}), {} to {}: under “{base_name}”, {}.",
        base.replicates,
        base.seed,
        base.start,
        base.horizon,
        level_words(base, level, &level_name)
    );
    for (plan, forecast) in &plans[1..] {
        let _ = write!(
            text,
            " Under “{plan}”, {}",
            level_words(forecast, level, &level_name)
        );
        let moved: Vec<String> = units_on(forecast, level)
            .into_iter()
            .filter_map(|u| {
                let b = units_on(base, level)
                    .into_iter()
                    .find(|b| b.unit == u.unit && b.innovation == u.innovation)?;
                earlier(&u.full_implementation, &b.full_implementation).then(|| {
                    format!(
                        "{} {} (was: {})",
                        name(u),
                        when(&u.full_implementation),
                        when(&b.full_implementation)
                    )
                })
            })
            .collect();
        if moved.is_empty() {
            let _ = write!(text, "; no {level_name} unit reaches it earlier.");
        } else {
            let shown = moved.len().min(MAX_NAMED);
            let _ = write!(text, "; earlier: {}", moved[..shown].join(", "));
            if moved.len() > shown {
                let _ = write!(text, " and {} more", moved.len() - shown);
            }
            text.push('.');
        }
    }
    Some(Finding::new(Topic::Forecast, text))
}

/// The forecast chart: each plan's share at fidelity per unit of the level.
pub(super) fn figure(c: &Computed<'_>) -> Option<Section<Svg>> {
    let plans = c.inputs.forecast?;
    let (_, base) = plans.first()?;
    let level = &c.params.level;
    if units_on(base, level).is_empty() {
        return None;
    }
    let level_name = level_name(c, level);
    let heading = format!("Forecast: share of practitioners at fidelity, per {level_name} unit");
    let mut chart = ForecastChart::new(heading.clone()).level(level.clone());
    for (plan, forecast) in plans {
        chart = chart.plan(plan.clone(), forecast);
    }
    Some(Section {
        heading,
        measures: format!(
            "Per plan, the median share at fidelity over {} runs (seed {}) and the 10th to 90th \
             percentile band; the grey line at 50% is Full Implementation (half the intended \
             practitioners at fidelity), and a vertical line marks each plan's median date of \
             first reaching it.",
            base.replicates, base.seed
        ),
        source: "Simulated with the scenario's parameters, each default with its source \
                 (Joyce & Showers 2002 for training and coaching, whose gain the realistic \
                 preset halves at scale after Kraft, Blazar & Hogan 2018; NCES for turnover); Full \
                 Implementation as NIRN module 4 defines it."
            .to_string(),
        body: chart.draw(),
    })
}
