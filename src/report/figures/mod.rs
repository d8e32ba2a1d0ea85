//! The report's charts, each drawn from the inputs given; a chart whose input is missing is
//! left out, and the summary says the input was not given.

mod capacity;
mod stages;

use hashbrown::HashMap;

use super::{Computed, Section};
use crate::id::UnitId;
use crate::plot::Svg;
use crate::plot::coaching::{CoachingChart, DEFAULT_MAX_COACHES, coaching_data};
use crate::plot::hierarchy::HierarchyChart;
use crate::plot::tiers::TierBars;
use crate::score::instruments::tfi::{TfiVersion, Tier};
use crate::score::rollup::{Aggregate, RollupParams};

pub(super) fn figures(c: &Computed<'_>) -> Vec<Section<Svg>> {
    let mut out = Vec::new();
    out.extend(hierarchy(c));
    out.extend(coaching(c));
    out.extend(stages::stages(c));
    for version in [TfiVersion::V2_1, TfiVersion::V3_0] {
        if let Some(figure) = tiers(c, version) {
            out.push(figure);
        }
    }
    out.extend(
        c.inputs
            .scores
            .iter()
            .filter_map(|set| capacity::capacity(c, set)),
    );
    #[cfg(feature = "simulate")]
    out.extend(super::forecast::figure(c));
    out
}

/// The TFI tier of an instrument id of the built-in TFI (`tfi-2.1-tier-1`), if it is one.
fn tfi_tier(instrument: &str, version: TfiVersion) -> Option<Tier> {
    let rest = instrument.strip_prefix("tfi-")?;
    let rest = rest.strip_prefix(version.as_str())?;
    match rest {
        "-tier-1" => Some(Tier::Tier1),
        "-tier-2" => Some(Tier::Tier2),
        "-tier-3" => Some(Tier::Tier3),
        _ => None,
    }
}

/// TFI tier percentages per unit of the report's level, from the score sets of one version.
fn tiers(c: &Computed<'_>, version: TfiVersion) -> Option<Section<Svg>> {
    let system = c.inputs.system;
    let level = &c.params.level;
    let mut shown = Vec::new();
    let mut units: Vec<(UnitId, String, [Option<f64>; 3])> = Vec::new();
    let mut place: HashMap<UnitId, usize> = HashMap::new();
    for set in c.inputs.scores {
        let Some(tier) = tfi_tier(set.instrument.as_str(), version) else {
            continue;
        };
        let params = RollupParams::default().as_of(c.params.as_of);
        let Ok(rollup) = system.rollup_with(set.scores, Aggregate::Mean, &params) else {
            continue;
        };
        shown.push(tier);
        let k = tier.number() as usize - 1;
        for row in rollup.rows.iter().filter(|r| &r.level == level) {
            let at = *place.entry(row.unit.clone()).or_insert_with(|| {
                let label = row
                    .name
                    .as_deref()
                    .map_or_else(|| row.unit.to_string(), String::from);
                units.push((row.unit.clone(), label, [None; 3]));
                units.len() - 1
            });
            units[at].2[k] = row.value;
        }
    }
    if shown.is_empty() {
        return None;
    }
    shown.sort_by_key(|t| t.number());
    shown.dedup();
    let heading = format!("TFI {} tiers by {level}", version.as_str());
    let mut chart = TierBars::new(heading.clone(), version).tiers(&shown);
    for (id, label, percents) in units {
        chart = chart.unit(id.to_string(), label, percents);
    }
    Some(Section {
        heading,
        measures: format!(
            "Each {level}'s mean TFI percent per tier on {}: each school's latest score on or \
             before that date, averaged over the {level}'s scored schools. The line is the \
             version's criterion.",
            c.params.as_of
        ),
        source: "The criterion (70% for TFI 2.1, 50% for TFI 3.0): PBISApps, Tiered Fidelity \
                 Inventory."
            .to_string(),
        body: chart.draw(),
    })
}

/// The units and teams as a tree, each unit by its chain of support.
fn hierarchy(c: &Computed<'_>) -> Option<Section<Svg>> {
    let heading = format!("The chain of support on {}", c.params.as_of);
    let svg = HierarchyChart::new(heading.clone())
        .draw(c.inputs.system, &c.alignment)
        .ok()?;
    Some(Section {
        heading,
        measures: "Each unit as a box, patterned by its chain of support (its own connected \
                   team, covered from above, broken here or above, no chain); a black square \
                   marks a unit with a team; blue lines are supports links from the team \
                   above, dashed red lines with a cross are where the chain breaks. Levels past \
                   the chart's size are folded into one summary box per parent."
            .to_string(),
        source: "Vertically aligned implementation teams (NIRN, Active Implementation \
                 Frameworks; the IMPACT Framework: teams); where a chain breaks is this \
                 crate's reading, documented with the alignment report."
            .to_string(),
        body: svg,
    })
}

/// Coaching delivered against plans per unit of the level, and coach loads against capacity.
fn coaching(c: &Computed<'_>) -> Option<Section<Svg>> {
    let report = c.coaching.as_ref()?;
    let data = coaching_data(
        c.inputs.system,
        report,
        &c.alignment,
        &c.params.level,
        DEFAULT_MAX_COACHES,
    )?;
    let heading = format!(
        "Coaching delivered against plans, {} to {}",
        report.window.start(),
        report.window.end()
    );
    Some(Section {
        heading: heading.clone(),
        measures: format!(
            "Per {}: the coaching cycles its practitioners' plans called for in the window \
             (outlined) and those delivered (filled), pooled; then each coach's caseload \
             against their capacity (the black mark), over capacity hatched red. \
             \"No plan\" where no cycle was planned.",
            c.params.level
        ),
        source: "Coaching as a competency driver delivered to plan (NIRN, Active \
                 Implementation Frameworks); no source publishes a coach caseload, so \
                 capacity is the system's own."
            .to_string(),
        body: CoachingChart::new(heading, data).draw(),
    })
}
