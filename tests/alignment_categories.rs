//! The three chains of the alignment report (own connected team, covered from above, broken),
//! where a break is placed when a link crosses a level, and `settings.require_team_at`, on
//! small systems written out by hand.

use std::fmt::Write as _;

use implsci::error::ProblemKind;
use implsci::share::Share;
use implsci::system::{AlignmentParams, AlignmentReport, BreakReason, Chain, System};

/// A system document of four levels with `units`, `teams` and `links` (JSON arrays) and
/// `settings` (a JSON object).
fn document(units: &str, teams: &str, links: &str, settings: &str) -> String {
    format!(
        r#"{{"kind": "implementation_system", "schema_version": "1.0.0", "id": "hand-made",
            "name": "A hand-made state",
            "levels": [{{"id": "state", "name": "State"}}, {{"id": "region", "name": "Region"}},
                       {{"id": "district", "name": "District"}}, {{"id": "school", "name": "School"}}],
            "units": {units}, "teams": {teams}, "links": {links}, "settings": {settings}}}"#
    )
}

fn report(json: &str) -> AlignmentReport {
    System::from_json(json)
        .unwrap()
        .alignment(&AlignmentParams::default())
}

fn chain<'a>(report: &'a AlignmentReport, unit: &str) -> &'a Chain {
    &report.unit(&unit.parse().unwrap()).unwrap().chain
}

fn broken(at: &str, reason: BreakReason) -> Chain {
    Chain::Broken {
        at: at.parse().unwrap(),
        reason,
    }
}

fn covered(by: &str, levels: u32) -> Chain {
    Chain::CoveredFromAbove {
        by: by.parse().unwrap(),
        levels,
    }
}

fn not_supported(expected_from: &str) -> BreakReason {
    BreakReason::NotSupported {
        expected_from: expected_from.parse().unwrap(),
    }
}

fn no_required_team(level: &str) -> BreakReason {
    BreakReason::NoRequiredTeam {
        level: level.parse().unwrap(),
    }
}

/// A chain read back from its JSON: the test's own reading of the wire format, so that a
/// variant spelled wrong on the wire fails here.
fn from_value(value: &serde_json::Value) -> Chain {
    let text = |key: &str| value[key].as_str().unwrap().to_string();
    match (text("chain").as_str(), value["reason"].as_str()) {
        ("broken", Some("not_supported")) => Chain::Broken {
            at: text("at").parse().unwrap(),
            reason: not_supported(&text("expected_from")),
        },
        ("broken", Some("no_required_team")) => Chain::Broken {
            at: text("at").parse().unwrap(),
            reason: no_required_team(&text("required_level")),
        },
        other => panic!("no such chain in this test: {other:?}"),
    }
}

/// The state team supports a district team directly, past the region's team, which no one
/// supports; the school team under that district is supported by no one.
const CROSS_LEVEL_UNITS: &str = r#"[
    {"id": "state", "level": "state"},
    {"id": "north", "level": "region", "parent": "state"},
    {"id": "pine", "level": "district", "parent": "north"},
    {"id": "pine-es", "level": "school", "parent": "pine", "name": "Pine Elementary"},
    {"id": "pine-ms", "level": "school", "parent": "pine"}
]"#;
const CROSS_LEVEL_TEAMS: &str = r#"[
    {"id": "sit", "unit": "state"},
    {"id": "north-rit", "unit": "north"},
    {"id": "pine-dit", "unit": "pine"},
    {"id": "pine-es-bit", "unit": "pine-es"}
]"#;
const CROSS_LEVEL_LINKS: &str = r#"[
    {"from": "sit", "to": "pine-dit", "kind": "supports", "start": "2024-08-01"}
]"#;

#[test]
fn a_break_is_placed_just_below_the_first_connected_governing_unit() {
    let report = report(&document(
        CROSS_LEVEL_UNITS,
        CROSS_LEVEL_TEAMS,
        CROSS_LEVEL_LINKS,
        "{}",
    ));
    assert_eq!(chain(&report, "state"), &Chain::OwnTeam);
    // The region's team: no one supports it.
    assert_eq!(
        chain(&report, "north"),
        &broken("north", not_supported("state"))
    );
    // The district's team is connected through the state's link past the region.
    assert_eq!(chain(&report, "pine"), &Chain::OwnTeam);
    // The school's team: the walk up meets the connected district first, so the chain breaks
    // at the school, not at the region (the highest unconnected unit on the way).
    assert_eq!(
        chain(&report, "pine-es"),
        &broken("pine-es", not_supported("pine"))
    );
    assert_eq!(
        chain(&report, "pine-es").to_string(),
        "broken at `pine-es`: no supports link from a team of `pine`"
    );
    // A school without a team is covered by the connected district right above it.
    assert_eq!(chain(&report, "pine-ms"), &covered("pine", 1));
    assert_eq!(
        chain(&report, "pine-ms").to_string(),
        "covered from above by `pine` across 1 level"
    );

    // Each row carries its place.
    let pine_es = report.unit(&"pine-es".parse().unwrap()).unwrap();
    assert_eq!(pine_es.name.as_deref(), Some("Pine Elementary"));
    assert_eq!(
        pine_es.parent.as_ref().map(implsci::id::UnitId::as_str),
        Some("pine")
    );
    let ancestors: Vec<(&str, &str)> = pine_es
        .ancestors
        .iter()
        .map(|a| (a.level.as_str(), a.unit.as_str()))
        .collect();
    assert_eq!(
        ancestors,
        [
            ("state", "state"),
            ("region", "north"),
            ("district", "pine")
        ]
    );

    // The categories add up on every level and in all.
    let school = report.level(&"school".parse().unwrap()).unwrap();
    assert_eq!(
        (
            school.units_own_team,
            school.units_covered_from_above,
            school.units_broken,
            school.units_unbroken
        ),
        (
            Share::new(0, 2),
            Share::new(1, 2),
            Share::new(1, 2),
            Share::new(1, 2)
        )
    );
    assert_eq!(report.units_own_team, Share::new(2, 5));
    assert_eq!(report.units_covered_from_above, Share::new(1, 5));
    assert_eq!(report.units_broken, Share::new(2, 5));
}

/// A connected region team over a district without a team, over a school without a team, and
/// a school with its own team that the region supports.
const GAP_UNITS: &str = r#"[
    {"id": "state", "level": "state"},
    {"id": "south", "level": "region", "parent": "state"},
    {"id": "oak", "level": "district", "parent": "south"},
    {"id": "oak-es", "level": "school", "parent": "oak"},
    {"id": "elm-es", "level": "school", "parent": "oak"}
]"#;
const GAP_TEAMS: &str = r#"[
    {"id": "sit", "unit": "state"},
    {"id": "south-rit", "unit": "south"},
    {"id": "elm-es-bit", "unit": "elm-es"}
]"#;
const GAP_LINKS: &str = r#"[
    {"from": "sit", "to": "south-rit", "kind": "supports", "start": "2024-08-01"},
    {"from": "south-rit", "to": "elm-es-bit", "kind": "supports", "start": "2024-08-01"}
]"#;

#[test]
fn a_unit_without_a_team_is_covered_across_the_levels_to_its_governing_unit() {
    let report = report(&document(GAP_UNITS, GAP_TEAMS, GAP_LINKS, "{}"));
    assert_eq!(chain(&report, "oak"), &covered("south", 1));
    assert_eq!(chain(&report, "oak-es"), &covered("south", 2));
    assert_eq!(
        chain(&report, "oak-es").to_string(),
        "covered from above by `south` across 2 levels"
    );
    assert_eq!(chain(&report, "elm-es"), &Chain::OwnTeam);
    assert!(chain(&report, "oak-es").is_unbroken() && !chain(&report, "oak-es").is_own_team());

    let json = serde_json::to_value(&report).unwrap();
    let oak_es = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "oak-es")
        .unwrap();
    assert_eq!(oak_es["chain"], "covered_from_above");
    assert_eq!(oak_es["by"], "south");
    assert_eq!(oak_es["covered_levels"], 2);
    assert!(oak_es.get("name").is_none(), "no name, no field");
}

#[test]
fn a_required_level_without_a_team_breaks_the_chains_below_it() {
    let json = document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["district"]}"#,
    );
    let report = report(&json);
    // The district itself, and the school without a team it would pass up to the region.
    assert_eq!(
        chain(&report, "oak"),
        &broken("oak", no_required_team("district"))
    );
    assert_eq!(
        chain(&report, "oak-es"),
        &broken("oak", no_required_team("district"))
    );
    assert_eq!(
        chain(&report, "oak-es").to_string(),
        "broken at `oak`: no team, which the system requires at the `district` level"
    );
    // A school with its own connected team keeps its chain.
    assert_eq!(chain(&report, "elm-es"), &Chain::OwnTeam);
    let district = report.level(&"district".parse().unwrap()).unwrap();
    assert_eq!(district.units_broken, Share::new(1, 1));
    assert_eq!(report.units_broken, Share::new(2, 5));

    // The wire format: the reason and its level, beside the unit's own level.
    let value = serde_json::to_value(&report).unwrap();
    let oak_es = value["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "oak-es")
        .unwrap();
    assert_eq!(
        from_value(oak_es),
        broken("oak", no_required_team("district"))
    );
    assert_eq!(oak_es["level"], "school");
    assert_eq!(oak_es["required_level"], "district");

    // The tidy table and the text say the same.
    let system = System::from_json(&json).unwrap();
    let mut csv = Vec::new();
    report.write_units_csv(&system, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("\noak-es,,school,oak,state,south,oak,0,south,,school;district,broken,,oak,no_required_team,,0\n"),
        "{csv}"
    );
    assert!(report.to_string().contains(
        "oak-es  school        0              0  broken at `oak`: no team, which the system requires at the `district` level"
    ), "{report}");
}

#[test]
fn the_highest_required_unit_without_a_team_is_where_the_chain_breaks() {
    let report = report(&document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["school", "district"]}"#,
    ));
    assert_eq!(
        chain(&report, "oak-es"),
        &broken("oak", no_required_team("district"))
    );

    // Schools alone: the school breaks at itself; the district is covered.
    let report = self::report(&document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["school"]}"#,
    ));
    assert_eq!(
        chain(&report, "oak-es"),
        &broken("oak-es", no_required_team("school"))
    );
    assert_eq!(chain(&report, "oak"), &covered("south", 1));

    // A required level above the governing unit is not on the way: the region has its team.
    let report = self::report(&document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["region", "state"]}"#,
    ));
    assert_eq!(chain(&report, "oak-es"), &covered("south", 2));
}

#[test]
fn a_required_level_the_system_does_not_have_is_refused_with_its_path() {
    let json = document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["district", "distrct", "county"]}"#,
    )
    // A second problem elsewhere: every problem is reported at once.
    .replace(
        r#"{"id": "elm-es", "level": "school""#,
        r#"{"id": "elm-es", "level": "schol""#,
    );
    let problems = System::from_json(&json).unwrap_err().problems();
    let found: Vec<(&str, ProblemKind, Option<&str>)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.kind, p.id.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "$.units[4].level",
                ProblemKind::DanglingReference,
                Some("schol")
            ),
            (
                "$.settings.require_team_at[1]",
                ProblemKind::DanglingReference,
                Some("distrct")
            ),
            (
                "$.settings.require_team_at[2]",
                ProblemKind::DanglingReference,
                Some("county")
            ),
        ]
    );
    assert!(
        problems[1].message.contains("did you mean `district`?"),
        "{}",
        problems[1].message
    );
}

#[test]
fn require_team_at_round_trips_and_an_empty_list_is_not_written() {
    use implsci::Document;
    use implsci::system::SystemDocument;
    let with = SystemDocument::from_json(&document(
        GAP_UNITS,
        GAP_TEAMS,
        GAP_LINKS,
        r#"{"require_team_at": ["district"]}"#,
    ))
    .unwrap();
    let written = with.to_json().unwrap();
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        value["settings"]["require_team_at"],
        serde_json::json!(["district"])
    );
    assert_eq!(SystemDocument::from_json(&written).unwrap(), with);

    let without =
        SystemDocument::from_json(&document(GAP_UNITS, GAP_TEAMS, GAP_LINKS, "{}")).unwrap();
    assert!(!without.to_json().unwrap().contains("require_team_at"));
}

/// The shipped Piedmont state against the chains worked out by hand in
/// `tests/fixtures/pbis/EXPECTED.md` (section 5): a team formed later, a link past a district
/// without a team, a school team no one supports. The report's own CSV, read back by column
/// name, gives the table.
#[test]
fn the_piedmont_state_has_the_chains_worked_out_by_hand() {
    let system =
        System::from_json(&std::fs::read_to_string("examples/data/pbis/system.json").unwrap())
            .unwrap();
    let columns = [
        "unit",
        "level",
        "chain",
        "covered_levels",
        "break_at",
        "break_reason",
    ];
    let mut table = String::from("as_of,unit,level,chain,covered_levels,break_at,break_reason\n");
    for date in ["2023-10-01", "2024-10-01"] {
        let when = implsci::system::When::On(date.parse().unwrap());
        let report = system.alignment(&AlignmentParams::default().when(when));
        let mut csv = Vec::new();
        report.write_units_csv(&system, &mut csv).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let header = reader.headers().unwrap().clone();
        let at: Vec<usize> = columns
            .iter()
            .map(|c| header.iter().position(|h| h == *c).unwrap())
            .collect();
        for record in reader.records() {
            let record = record.unwrap();
            let cells: Vec<&str> = at.iter().map(|&i| &record[i]).collect();
            writeln!(table, "{date},{}", cells.join(",")).unwrap();
        }
    }
    let expected = std::fs::read_to_string("tests/fixtures/pbis/expected_alignment.csv").unwrap();
    assert_eq!(table, expected);
}
