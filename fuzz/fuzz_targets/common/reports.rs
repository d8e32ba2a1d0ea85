//! Every report the crate derives from a built system, written where nothing keeps it: the
//! targets that build a system share it, so each report meets every system any of them makes.

use std::io::{self, Write};

use implsci::jiff::civil::Date;
use implsci::score::rollup::{Aggregate, Scored};
use implsci::system::{AlignmentParams, Subject, System, When};

/// Every aggregate a rollup offers.
const AGGREGATES: [Aggregate; 5] = [
    Aggregate::Mean,
    Aggregate::MeanWeightedByPractitioners,
    Aggregate::ShareMeetingCriterion,
    Aggregate::Minimum,
    Aggregate::Count,
];

/// At most this many units, teams and practitioners are queried one by one per `When`, so a
/// large system costs its reports, not the square of its size.
const QUERIED: usize = 64;

/// Every system report, currently and on each of `dates`.
pub fn every_report(system: &System, dates: &[Date]) {
    let mut whens = vec![When::Current];
    whens.extend(dates.iter().copied().map(When::On));
    for when in whens {
        reports_at(system, when);
    }
    // Rollups of units take no date.
    let units = vec![Scored::default(); system.document().units.len()];
    for aggregate in AGGREGATES {
        if let Ok(rollup) = system.rollup_units(&units, aggregate) {
            let _ = rollup.write_csv(io::sink(), "fuzz");
            let _ = serde_json::to_writer(io::sink(), &rollup);
        }
    }
    let _ = system.heap_bytes();
    let _ = system.hierarchy_columns(&["extra"]);
    for &date in dates {
        impact_profiles(system, date);
        state_reports(system, date);
    }
}

/// The report for a state leader of every level on `date`, as HTML and as text; an empty
/// event log is given, so the coaching window is worked out too.
fn state_reports(system: &System, date: Date) {
    use implsci::report::{ReportInputs, ReportParams, report};
    let inputs = ReportInputs::new(system).events(&[]);
    for level in &system.document().levels {
        let params = ReportParams::new(level.id.clone(), date);
        if let Ok(page) = report(&inputs, &params) {
            let _ = io::sink().write_all(page.to_html().as_bytes());
            let _ = io::sink().write_all(page.to_string().as_bytes());
        }
    }
}

/// The IMPACT profile of every level on `date`, of every innovation and of the first team's
/// first focus innovation.
fn impact_profiles(system: &System, date: Date) {
    use implsci::framework::impact::{ImpactInputs, ImpactParams, impact_profile};
    let doc = system.document();
    let focus = doc.teams.iter().find_map(|t| t.innovations.first().cloned());
    for level in &doc.levels {
        for innovation in [None, focus.clone()] {
            let mut params = ImpactParams::new(level.id.clone(), date);
            params.innovation = innovation;
            if let Ok(profile) = impact_profile(&ImpactInputs::new(system), &params) {
                let _ = write!(io::sink(), "{profile}");
                let _ = profile.write_csv(io::sink());
                let _ = serde_json::to_writer(io::sink(), &profile);
            }
        }
    }
}

fn reports_at(system: &System, when: When) {
    let mut sink = io::sink();
    let report = system.alignment(&AlignmentParams::default().when(when));
    let _ = write!(sink, "{report}");
    let _ = report.write_units_csv(system, io::sink());
    let _ = serde_json::to_writer(io::sink(), &report);
    let _ = report.broken_units().count();
    let _ = report.overloaded_coaches().count();

    let _ = sink.write_all(system.to_dot(when).as_bytes());

    let rows = system.units(when);
    let _ = system.write_units_csv(&rows, io::sink());
    let _ = serde_json::to_writer(io::sink(), &rows);
    let _ = system.ancestor_levels();

    let practitioners = vec![Scored::default(); system.document().practitioners.len()];
    for aggregate in AGGREGATES {
        if let Ok(rollup) = system.rollup_practitioners(&practitioners, aggregate, when) {
            let _ = rollup.write_csv(io::sink(), "fuzz");
            let _ = serde_json::to_writer(io::sink(), &rollup);
        }
    }

    let doc = system.document();
    for unit in doc.units.iter().take(QUERIED) {
        let _ = system.under_unit(&unit.id).map(|u| format!("{u:?}"));
        let _ = system.ancestors(&unit.id).map(Iterator::count);
        let _ = system.descendants(&unit.id).map(Iterator::count);
        let _ = system.place(&unit.id);
        let _ = system.unit_row(&unit.id);
        let _ = system.level_of(&unit.id);
        let _ = system.teams_of(&unit.id).count();
        if let Ok(path) = system.communication_path(&Subject::Unit(unit.id.clone()), when) {
            let _ = serde_json::to_writer(io::sink(), &path);
        }
    }
    for team in doc.teams.iter().take(QUERIED) {
        let _ = system.under_team(&team.id, when).map(|u| format!("{u:?}"));
        let _ = system
            .practitioners_reached_by(&team.id, when)
            .map(Iterator::count);
    }
    for p in doc.practitioners.iter().take(QUERIED) {
        if let Ok(path) = system.communication_path(&Subject::Practitioner(p.id.clone()), when) {
            let _ = serde_json::to_writer(io::sink(), &path);
        }
    }
}
