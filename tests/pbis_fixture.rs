//! The shipped Piedmont state (`examples/data/pbis/`) against the tables computed by hand in
//! `tests/fixtures/pbis/` (the working is in `EXPECTED.md` there): share of schools at the TFI
//! Tier 1 criterion per district per school year, coverage and stale scores, and the same as
//! of a date inside a school year.

use std::collections::BTreeMap;

use implsci::Document;
use implsci::period::{Calendar, PeriodKind};
use implsci::score::instruments::builtin;
use implsci::score::rollup::{Aggregate, Rollup, RollupParams};
use implsci::score::{AdministrationsDocument, Instrument, Score};
use implsci::system::System;

const SYSTEM: &str = "examples/data/pbis/system.json";
const TFI: &str = "examples/data/pbis/tfi_tier1.json";

fn system() -> System {
    System::from_json(&std::fs::read_to_string(SYSTEM).unwrap()).unwrap()
}

fn scores() -> Vec<Score> {
    let doc = AdministrationsDocument::from_json(&std::fs::read_to_string(TFI).unwrap()).unwrap();
    let tfi = builtin("tfi-2.1-tier-1").unwrap();
    let scores: Vec<Score> = doc
        .administrations
        .iter()
        .map(|a| tfi.score(a).unwrap())
        .collect();
    assert_eq!(scores.len(), doc.administrations.len());
    scores
}

/// A hand-computed table: (period, unit) to the row's other columns, by column name.
type Table = BTreeMap<(String, String), BTreeMap<String, String>>;

fn read_table(path: &str, key: [&str; 2]) -> Table {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let mut table = Table::new();
    for record in reader.records() {
        let record = record.unwrap();
        let row: BTreeMap<String, String> = header
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        let k = (row[key[0]].clone(), row[key[1]].clone());
        assert!(table.insert(k, row).is_none(), "a duplicate row in {path}");
    }
    table
}

/// The rows of a rollup above the school level, in the expected tables' columns.
fn as_table(rollup: &Rollup) -> Table {
    let text = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    rollup
        .rows
        .iter()
        .filter(|r| r.level.as_str() != "school")
        .map(|r| {
            let period = r
                .period
                .as_ref()
                .map(|p| p.label.clone())
                .unwrap_or_default();
            let row = [
                ("period", period.clone()),
                ("unit", r.unit.to_string()),
                ("level", r.level.to_string()),
                ("value", r.value.map(|v| v.to_string()).unwrap_or_default()),
                ("scored", r.coverage.numerator.to_string()),
                ("stale", r.stale.to_string()),
                ("subjects", r.coverage.denominator.to_string()),
                ("date", text(r.date)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            ((period, r.unit.to_string()), row)
        })
        .collect()
}

fn by_school_year() -> RollupParams {
    RollupParams::default().by(Calendar::new(PeriodKind::SchoolYear))
}

#[test]
fn share_at_criterion_per_district_per_school_year_is_the_hand_computed_table() {
    let rollup = system()
        .rollup_with(
            &scores(),
            Aggregate::ShareMeetingCriterion,
            &by_school_year(),
        )
        .unwrap();
    let expected = read_table(
        "tests/fixtures/pbis/expected_share_by_school_year.csv",
        ["period", "unit"],
    );
    assert_eq!(
        expected.len(),
        21,
        "3 school years × 7 units above the schools"
    );
    assert_eq!(as_table(&rollup), expected);
}

#[test]
fn as_of_a_date_inside_a_school_year_later_scores_do_not_count() {
    let params = by_school_year().as_of("2025-01-31".parse().unwrap());
    let rollup = system()
        .rollup_with(&scores(), Aggregate::ShareMeetingCriterion, &params)
        .unwrap();
    let mut actual = as_table(&rollup);
    actual.retain(|(period, _), _| period == "2024-25");
    let expected = read_table(
        "tests/fixtures/pbis/expected_share_as_of_2025-01-31.csv",
        ["period", "unit"],
    );
    assert_eq!(actual, expected);
    // The row for the school year holding the as-of date is looked at on that date.
    let state = rollup.row(&"state".parse().unwrap()).unwrap();
    assert_eq!(state.as_of, "2025-01-31".parse().ok());
}

#[test]
fn a_district_counts_its_schools_not_itself_and_stale_scores_are_not_scored() {
    let rollup = system()
        .rollup_with(
            &scores(),
            Aggregate::ShareMeetingCriterion,
            &by_school_year(),
        )
        .unwrap();
    for row in rollup
        .rows
        .iter()
        .filter(|r| r.level.as_str() == "district")
    {
        // Three schools per district: every school is a subject, the district is not.
        assert_eq!(row.coverage.denominator, 3, "{}", row.unit);
        assert!(row.coverage.numerator + row.stale <= 3, "{}", row.unit);
    }
    // Without a maximum age, the last year's missing school counts with its old score.
    let params = by_school_year().max_age(implsci::period::MaxAge::Days(u32::MAX));
    let lenient = system()
        .rollup_with(&scores(), Aggregate::ShareMeetingCriterion, &params)
        .unwrap();
    let state = lenient.row(&"state".parse().unwrap()).unwrap();
    assert_eq!((state.coverage.numerator, state.stale), (12, 0));
}

#[test]
fn the_command_line_writes_the_table_as_tidy_csv_with_the_district_as_a_column() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args([
            "rollup",
            SYSTEM,
            TFI,
            "--instrument",
            "tfi-2.1-tier-1",
            "--aggregate",
            "share-meeting-criterion",
            "--by",
            "school-year",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "unit", "name", "level", "parent", "state", "region", "district", "period",
    ] {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    let expected = read_table(
        "tests/fixtures/pbis/expected_share_by_school_year.csv",
        ["period", "unit"],
    );
    let mut districts = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let get = |name: &str| &record[header.iter().position(|h| h == name).unwrap()];
        if get("level") == "school" {
            // Every school row names its district, so a group-by needs no join.
            assert!(!get("district").is_empty());
            continue;
        }
        let want = &expected[&(get("period").to_string(), get("unit").to_string())];
        for column in ["value", "scored", "stale", "subjects", "date"] {
            assert_eq!(get(column), want[column], "{column} of {}", get("unit"));
        }
        districts += usize::from(get("level") == "district");
    }
    assert_eq!(districts, 12);
}
