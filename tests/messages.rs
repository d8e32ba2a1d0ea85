//! The messages a person reads, each asserted word for word: the lists of problems an error
//! prints, the closest id a dangling reference suggests, a date that cannot be read, a file
//! that is not JSON, the text tables.

use implsci::event::{Event, parse_log, references::check_references};
use implsci::improvement::loops::loop_report;
use implsci::score::InstrumentDocument;
use implsci::score::instruments::cfir::{CfirRatings, Rating};
use implsci::system::System;
use implsci::{Document, Innovation, SiteRecord};
use serde_json::{Value, json};

/// An example document, as JSON to change.
fn example(name: &str) -> Value {
    let path = format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("the example is shipped"))
        .expect("the example is JSON")
}

/// Each problem of an error, as it prints.
fn printed(err: &implsci::Error) -> Vec<String> {
    err.problems().iter().map(ToString::to_string).collect()
}

/// The example system.
fn system() -> System {
    System::from_json(&example("state_system.json").to_string()).expect("the example is valid")
}

/// Events from JSON Lines.
fn events(lines: &[Value]) -> Vec<Event> {
    let text: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let log = parse_log(text.as_bytes());
    assert!(log.refused.is_empty(), "{}", log.refused[0]);
    log.records.into_iter().map(|r| r.value).collect()
}

mod errors {
    use super::*;

    #[test]
    fn a_validation_error_lists_its_problems_one_a_line() {
        let json = json!({"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": " ",
            "essential_functions": [{"id": "a", "name": "A"}, {"id": "a", "name": ""}]});
        let err = Innovation::from_json(&json.to_string()).unwrap_err();
        let expected = "\
3 validation problems:
  $.name: empty_text: must not be empty
  $.essential_functions[1].id: duplicate_id: two essential functions share this id (id: a)
  $.essential_functions[1].name: empty_text: must not be empty";
        assert_eq!(err.to_string(), expected);
        // `?` in `main` prints the `Debug`: the same text, not a struct.
        assert_eq!(format!("{err:?}"), expected);
        assert_eq!(format!("{err:#?}"), expected);
        // The structure is still there for a program.
        assert!(matches!(err.kind(), implsci::ErrorKind::Validation(v) if v.problems().len() == 3));
        assert_eq!(
            format!("{:?}", err.problems()[0].kind),
            "EmptyText",
            "problems keep their derived Debug"
        );
    }

    #[test]
    fn a_long_list_stops_at_twenty_and_says_how_many_more() {
        let functions: Vec<Value> = (0..23)
            .map(|i| json!({"id": format!("ef-{i}"), "name": ""}))
            .collect();
        let json = json!({"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X",
            "essential_functions": functions});
        let err = Innovation::from_json(&json.to_string()).unwrap_err();
        let mut expected = String::from("23 validation problems:");
        for i in 0..20 {
            expected.push_str("\n  $.essential_functions[");
            expected.push_str(&i.to_string());
            expected.push_str("].name: empty_text: must not be empty");
        }
        expected.push_str("\n  and 3 more");
        assert_eq!(err.to_string(), expected);
        assert_eq!(format!("{err:?}"), expected);
        assert_eq!(err.problems().len(), 23);
    }

    #[test]
    fn other_errors_print_as_one_sentence_in_debug_too() {
        let err = Innovation::from_json(r#"{"kind": "innovation"}"#).unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            "schema_version is not supported: every document must carry a `schema_version`"
        );
        let err = Innovation::from_json("{not json").unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            "not valid JSON at line 1, column 2: key must be a string"
        );
    }

    #[test]
    fn an_error_names_no_source_so_the_problems_print_once() {
        let err = Innovation::from_json(
            r#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": ""}"#,
        )
        .unwrap_err();
        assert!(std::error::Error::source(&err).is_none());
    }
}

mod did_you_mean {
    use super::*;

    #[test]
    fn the_system_suggests_the_closest_id_of_each_kind() {
        let mut doc = example("state_system.json");
        doc["units"][3]["parent"] = json!("wkae"); // lincoln-es, under wake
        doc["units"][4]["level"] = json!("schol");
        doc["units"][5]["parent"] = json!("nowhere-at-all");
        doc["teams"][0]["unit"] = json!("stat");
        doc["links"][0]["to"] = json!("central-ritt");
        doc["practitioners"][0]["unit"] = json!("lincoln-ess");
        doc["coaches"][0]["person"]["team_member"]["person"] = json!("wake-dit-m33");
        doc["coaches"][1]["person"]["practitioner"] = json!("hillside-t11");
        let err = System::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(
            printed(&err),
            [
                "$.units[3].parent: dangling_reference: no unit has this id; did you mean `wake`? (id: wkae)",
                "$.units[4].level: dangling_reference: no level has this id; did you mean `school`? (id: schol)",
                "$.units[5].parent: dangling_reference: no unit has this id (id: nowhere-at-all)",
                "$.teams[0].unit: dangling_reference: no unit has this id; did you mean `state`? (id: stat)",
                "$.links[0].to: dangling_reference: no team has this id; did you mean `central-rit`? (id: central-ritt)",
                "$.practitioners[0].unit: dangling_reference: no unit has this id; did you mean `lincoln-es`? (id: lincoln-ess)",
                "$.coaches[0].person.team_member.person: dangling_reference: `wake-dit-m33` is not a member of team `wake-dit`; did you mean `wake-dit-m3`? (id: wake-dit-m33)",
                "$.coaches[1].person.practitioner: dangling_reference: no practitioner has this id; did you mean `hillside-t1`? (id: hillside-t11)",
            ]
        );
    }

    #[test]
    fn an_innovation_suggests_its_essential_functions() {
        let mut doc = example("innovation.json");
        doc["practice_profile"]["rows"][1]["function"] = json!("ef-chekout");
        let err = Innovation::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(
            printed(&err),
            [
                "$.practice_profile.rows[1].function: dangling_reference: no essential function has this id; did you mean `ef-checkout`? (id: ef-chekout)"
            ]
        );
    }

    #[test]
    fn a_site_record_suggests_the_innovations_it_has_a_history_of() {
        let mut doc = example("site_record.json");
        doc["adaptations"][0]["innovation"] = json!("check-in-checkout");
        let err = SiteRecord::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(
            printed(&err),
            [
                "$.adaptations[0].innovation: dangling_reference: the site has no stage history for this innovation; did you mean `check-in-check-out`? (id: check-in-checkout)"
            ]
        );

        let innovation = Innovation::from_json(&example("innovation.json").to_string()).unwrap();
        let mut doc = example("site_record.json");
        doc["adaptations"][0]["essential_functions"] = json!(["ef-chckout"]);
        let record = SiteRecord::from_json(&doc.to_string()).unwrap();
        let err = record.validate_against(&[innovation]).unwrap_err();
        assert_eq!(
            err.problems()[0].to_string(),
            "$.adaptations[0].essential_functions[0]: dangling_reference: no essential function has this id; did you mean `ef-checkout`? (id: ef-chckout)"
        );
    }

    #[test]
    fn an_instrument_suggests_its_subscales() {
        let mut doc = example("dca_instrument.json");
        doc["instrument"]["items"][0]["subscale"] = json!("leadrship");
        let err = InstrumentDocument::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(
            printed(&err),
            [
                "$.instrument.items[0].subscale: dangling_reference: no subscale has this id; did you mean `leadership`? (id: leadrship)"
            ]
        );
    }

    #[test]
    fn a_log_suggests_the_systems_ids() {
        let log = events(&[
            json!({"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "CICO",
                "attendees": ["lincoln-t1", "lincon-t2"]}),
            json!({"kind": "stage_change", "id": "e-2", "date": "2024-04-01", "site": "lincoln",
                "innovation": "cico", "stage": "installation"}),
            json!({"kind": "training", "id": "e-3", "date": "2024-08-21", "training": "CICO",
                "attendees": ["lincon-t2", "zz"]}),
        ]);
        let problems: Vec<String> = check_references(&system(), &log)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "$.events[0].attendees[1]: dangling_reference: training `e-1` names practitioner `lincon-t2`, not in the system; did you mean `lincoln-t2`? (id: lincon-t2)",
                "$.events[1].site: dangling_reference: stage change `e-2` names unit `lincoln`, not in the system (id: lincoln)",
                "$.events[2].attendees[0]: dangling_reference: training `e-3` names practitioner `lincon-t2`, not in the system; did you mean `lincoln-t2`? (id: lincon-t2)",
                "$.events[2].attendees[1]: dangling_reference: training `e-3` names practitioner `zz`, not in the system (id: zz)",
            ]
        );
    }

    #[test]
    fn the_loop_report_suggests_units_teams_and_items() {
        let log = events(&[
            json!({"kind": "loop_raised", "id": "e-1", "date": "2024-10-21", "unit": "southport-e",
                "item": "barrier", "description": "Bus riders leave before check-out"}),
            json!({"kind": "loop_raised", "id": "e-2", "date": "2024-10-21", "unit": "lincoln-es",
                "item": "barrier", "description": "No time for point cards"}),
            json!({"kind": "loop_hop", "id": "e-3", "date": "2024-10-28", "item": "e-2",
                "from": "lincoln-bit", "to": "wake-ditt", "direction": "up"}),
            json!({"kind": "loop_hop", "id": "e-4", "date": "2024-10-29", "item": "e-22",
                "from": "lincoln-bit", "to": "wake-dit", "direction": "up"}),
        ]);
        let report = loop_report(&system(), &log, "2024-11-01".parse().unwrap());
        let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "$.events[0].unit: dangling_reference: loop item `e-1` names unit `southport-e`, not in the system; did you mean `southport-es`? (id: southport-e)",
                "$.events[2].to: dangling_reference: no team `wake-ditt` in the system; did you mean `wake-dit`? (id: wake-ditt)",
                "$.events[3].item: dangling_reference: loop item `e-22` was never raised; did you mean `e-2`? (id: e-22)",
            ]
        );
    }

    #[test]
    fn cfir_ratings_suggest_the_listed_constructs() {
        let mut ratings = CfirRatings::new();
        ratings
            .constructs
            .push(implsci::score::instruments::cfir::Construct::new(
                "culture".parse().unwrap(),
                "Culture",
                "Inner setting",
            ));
        ratings.rate(
            "site-a".parse().unwrap(),
            "cultur".parse().unwrap(),
            Rating::Neutral,
        );
        let problems = ratings.validate().unwrap_err().into_problems();
        assert_eq!(
            problems[0].to_string(),
            "$.sites[0].ratings[0].construct: dangling_reference: no construct `cultur` is listed; did you mean `culture`? (id: cultur)"
        );
    }
}

/// The reports' text tables: every column as wide as its widest cell.
mod tables {
    use super::*;
    use implsci::system::AlignmentParams;

    #[test]
    fn the_alignment_report() {
        let report = system().alignment(&AlignmentParams::default());
        assert_eq!(report.to_string(), ALIGNMENT);
    }

    const ALIGNMENT: &str = r"Alignment (current links and memberships)
  practitioners with an unbroken chain of support:  27/46 (58.7%)
  practitioners in a coach's caseload:              29/46 (63.0%)
  units with their own connected team:              9/17 (52.9%)
  units without a team, covered from above:         3/17 (17.6%)
  units whose chain breaks:                         5/17 (29.4%)

  level     own connected team  covered from above  chain broken  practitioners covered
  state           1/1 (100.0%)          0/1 (0.0%)    0/1 (0.0%)   0/0 (not computable)
  region           2/3 (66.7%)         1/3 (33.3%)    0/3 (0.0%)   0/0 (not computable)
  district         2/4 (50.0%)         1/4 (25.0%)   1/4 (25.0%)           1/1 (100.0%)
  school           4/9 (44.4%)         1/9 (11.1%)   4/9 (44.4%)          26/45 (57.8%)

  level     units with a team  linked from above
  state          1/1 (100.0%)         none above
  region          2/3 (66.7%)       2/2 (100.0%)
  district        3/4 (75.0%)        2/3 (66.7%)
  school          7/9 (77.8%)        5/7 (71.4%)

  units, each under its parent:
    unit                level     teams  practitioners  chain
    state               state         1              0  own connected team
      central           region        1              0  own connected team
        wake            district      1              1  own connected team
          lincoln-es    school        1              6  own connected team
          roosevelt-es  school        1              5  broken at `roosevelt-es`: no supports link from a team of `wake`
          jefferson-ms  school        0              6  covered from above by `wake` across 1 level
        durham          district      0              0  covered from above by `central` across 1 level
          hillside-es   school        1              4  own connected team
          parkwood-es   school        1              5  broken at `parkwood-es`: no supports link from a team of `central`
      coastal           region        0              0  covered from above by `state` across 1 level
        brunswick       district      1              0  broken at `brunswick`: no supports link from a team of `state`
          southport-es  school        1              4  broken at `brunswick`: no supports link from a team of `state`
          leland-ms     school        0              5  broken at `brunswick`: no supports link from a team of `state`
      mountain          region        1              0  own connected team
        buncombe        district      1              0  own connected team
          erwin-ms      school        1              6  own connected team
          enka-es       school        1              4  own connected team

  teams to look at (size 3–5): 5
    roosevelt-bit  (roosevelt-es)  2 members, too few; not connected to a top team
    parkwood-bit   (parkwood-es)   not connected to a top team
    brunswick-dit  (brunswick)     not connected to a top team
    southport-bit  (southport-es)  not connected to a top team
    erwin-bit      (erwin-ms)      7 members, too many

  overloaded coaches: 1
    coach-wake-1  11 practitioners  capacity 8
";

    #[test]
    fn the_loop_report_says_where_open_items_are_counted() {
        let log = parse_log(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/state_events.jsonl"
            ))
            .unwrap(),
        );
        let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
        let report = loop_report(&system(), &events, "2025-01-31".parse().unwrap());
        assert_eq!(report.to_string(), LOOPS);
        // Southport's barrier is held by its district team, yet counted at the school level:
        // its own school has a team, so that is where it is governed.
        let southport = report
            .items
            .iter()
            .find(|i| i.unit.as_str() == "southport-es")
            .unwrap();
        assert_eq!(
            southport.level.as_ref().map(implsci::id::LevelId::as_str),
            Some("school")
        );
    }

    const LOOPS: &str = r"Practice–policy loops as of 2025-01-31
item    unit          kind     raised      up  down  status                                            closure
e-0043  erwin-ms      success  2024-10-01   1     1  closed                                               24 d
e-0032  southport-es  barrier  2024-10-21   1     0  open at brunswick-dit, 102 d, stuck at brunswick        -
e-0034  lincoln-es    barrier  2024-11-04   3     3  closed                                               44 d
e-0042  roosevelt-es  barrier  2024-11-12   0     0  open, 80 d, stuck at roosevelt-es                       -
open 2, resolved 2 (closed 2), stuck 2
open items by the level that holds them (the level of the team holding each;
before its first hop, of the unit that raised it):
  level     open  oldest
  state        0       -
  region       0       -
  district     1   102 d
  school       1    80 d
closure: median 34.0 d, mean 34.0 d
resolutions that changed policy: 2/2 (100.0%)
";

    #[test]
    fn the_usability_report() {
        let innovation = Innovation::from_json(&example("innovation.json").to_string()).unwrap();
        assert_eq!(innovation.usability().to_string(), USABILITY);
    }

    const USABILITY: &str = r"Usability of `check-in-check-out`
  1. Clear description                           partly
       - no exclusion criteria
  2. Essential functions                         partly
       - essential function `ef-home` has no description
  3. Operational definitions (practice profile)  partly
       - essential function `ef-home` has no practice-profile row
  4. Fidelity assessment                         partly
       - no fidelity item scores essential function `ef-home`
       - strongest fidelity-outcome correlation 0.58 is below 0.70
  => not yet usable: see the gaps above
";
}

/// What the command line prints, for files a person might hand it by mistake.
#[cfg(feature = "cli")]
mod command_line {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn implsci(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_implsci"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the implsci binary runs")
    }

    /// A directory of its own for one test's files.
    fn scratch(test: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("implsci-messages-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// What `implsci validate` prints for a file holding `bytes`, its name replaced by `FILE`.
    fn validate(dir: &Path, name: &str, bytes: &[u8]) -> String {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = implsci(&["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stdout).replace(path.to_str().unwrap(), "FILE")
    }

    #[test]
    fn a_file_that_is_not_json_says_what_it_looks_like() {
        let dir = scratch("not-json");
        assert_eq!(
            validate(&dir, "empty.json", b" \n"),
            "FILE: invalid, 1 problem\n  $: syntax: the file is empty (line 2, column 0)\n"
        );
        assert_eq!(
            validate(&dir, "units.csv", b"id,name,level\nwake,Wake,district\n"),
            "FILE: invalid, 1 problem\n  $: syntax: this looks like a CSV table (its first line is \
             separated by commas); implsci reads JSON documents; read tables with `implsci import system|administrations|events` (line 1, \
             column 1)\n"
        );
        assert_eq!(
            validate(&dir, "units.xlsx", b"PK\x03\x04\x14\x00\x06\x00"),
            "FILE: invalid, 1 problem\n  $: syntax: this looks like an Excel workbook (.xlsx); \
             implsci reads JSON documents; read tables with `implsci import system|administrations|events` (line 1, column 1)\n"
        );
        let log = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_events.jsonl"
        ))
        .unwrap();
        assert_eq!(
            validate(&dir, "log.json", log.as_bytes()),
            "FILE: invalid, 1 problem\n  $: syntax: this looks like a JSON Lines log (one JSON \
             object a line), not a document; commands that read a log (`implsci coaching`, \
             `implsci loops`) take it (line 2, column 1)\n"
        );
        let utf16: Vec<u8> = "\u{FEFF}{\"kind\": \"innovation\"}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            validate(&dir, "utf16.json", &utf16),
            "FILE: invalid, 1 problem\n  $: syntax: the file is UTF-16; save it as UTF-8 (line 1, column 1)\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_innovation_that_is_a_table_says_so() {
        let dir = scratch("innovation-table");
        let table = dir.join("innovation.csv");
        std::fs::write(&table, "id;name\ncico;CICO\n").unwrap();
        let o = implsci(&[
            "coaching",
            "examples/data/state_events.jsonl",
            "examples/data/state_system.json",
            "--innovation",
            table.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr).replace(table.to_str().unwrap(), "FILE");
        assert_eq!(
            stderr,
            "FILE: invalid\n  $: syntax: this looks like a CSV table (its first line is separated \
             by semicolons); implsci reads JSON documents; read tables with `implsci import system|administrations|events` (line 1, column 1)\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_date_on_the_command_line_names_it() {
        let o = implsci(&[
            "loops",
            "examples/data/state_events.jsonl",
            "examples/data/state_system.json",
            "--as-of",
            "2024-13-01",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.starts_with(
                "error: invalid value '2024-13-01' for '--as-of <DATE>': \"2024-13-01\" is not a \
                 date (YYYY-MM-DD): month 13 is out of range\n"
            ),
            "{stderr}"
        );
    }

    #[test]
    fn a_score_that_is_not_computable_says_why_in_the_csv() {
        let o = implsci(&[
            "score",
            "examples/data/dca_instrument.json",
            "examples/data/dca_administrations.json",
            "--format",
            "csv",
        ]);
        let csv = String::from_utf8_lossy(&o.stdout);
        let brunswick = csv
            .lines()
            .find(|l| l.starts_with("dca-local,unit,brunswick,2025-04-01,total,"))
            .unwrap();
        assert_eq!(
            brunswick,
            "dca-local,unit,brunswick,2025-04-01,total,,16,,,\"too many items missing (1 missing, 0 allowed)\""
        );
    }
}
