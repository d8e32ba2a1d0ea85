//! An implementation system from its tables: the shipped example, a realistic small state as
//! users keep it, a corpus of malformed tables each refused at its cell, and export–import
//! round trips over generated systems.

use std::fs;
use std::path::{Path, PathBuf};

use implsci::Document;
use implsci::system::generate::{Shape, generate};
use implsci::system::{SystemDocument, When};
use implsci::tables::{
    ColumnMap, DateFormat, Folder, ImportError, ReadOptions, SystemOptions, export_system,
    import_system, write_folder,
};

const STATE: &str = "tests/fixtures/tables/state";
const MALFORMED: &str = "tests/fixtures/tables/malformed/system";

/// The options the fixture state is read with: its renamed id column and US dates.
fn state_options() -> ReadOptions {
    ReadOptions::default()
        .map(ColumnMap::default().with("Building Code", "id"))
        .date_format(DateFormat::Pattern("%m/%d/%Y".into()))
}

fn import(dir: &Path, options: &ReadOptions) -> Result<SystemDocument, ImportError> {
    let imported = import_system(&mut Folder::new(dir), options, &SystemOptions::default())?;
    assert!(
        imported
            .tallies
            .iter()
            .all(implsci::tables::Tally::balances)
    );
    Ok(imported.document)
}

/// A fresh folder under the system's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("implsci-tables-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_shipped_tables_are_the_example_state() {
    let json = fs::read_to_string("examples/data/state_system.json").unwrap();
    let expected = SystemDocument::from_json(&json).unwrap();
    let doc = import(Path::new("examples/data/tables"), &ReadOptions::default()).unwrap();
    assert_eq!(doc, expected);
}

#[test]
fn a_small_state_as_users_keep_it_imports_and_validates() {
    let doc = import(Path::new(STATE), &state_options()).unwrap();
    doc.validate().unwrap();
    assert_eq!(doc.id.as_str(), "riverbend");
    // The byte-order mark, CRLF and the renamed id column of units.csv.
    let north = doc.units.iter().find(|u| u.id.as_str() == "north").unwrap();
    assert_eq!(
        north.parent.as_ref().map(implsci::id::UnitId::as_str),
        Some("sea")
    );
    // A column the tables do not have is kept under extensions, as its text.
    assert_eq!(north.extensions["Enrollment"], "8200");
    assert!(!doc.units[0].extensions.contains_key("Enrollment")); // blank: not kept
    // A member with no role is a `member`, starting when the team did.
    let north_dit = doc
        .teams
        .iter()
        .find(|t| t.id.as_str() == "north-dit")
        .unwrap();
    let m3 = north_dit
        .members
        .iter()
        .find(|m| m.person.as_str() == "north-m3")
        .unwrap();
    assert_eq!(m3.role.as_str(), "member");
    assert_eq!(Some(m3.start), north_dit.start);
    assert_eq!(north_dit.start, Some(jiff::civil::date(2024, 8, 1)));
    // A link without kind or start supports from the later of its teams' starts.
    let link = doc
        .links
        .iter()
        .find(|l| l.to.as_str() == "bay-bit")
        .unwrap();
    assert_eq!(link.kind, implsci::system::LinkKind::Supports);
    assert_eq!(link.start, jiff::civil::date(2024, 9, 3));
    let system = implsci::system::System::build(doc).unwrap();
    let on = When::On(jiff::civil::date(2024, 10, 1));
    let report = system.alignment(&implsci::system::AlignmentParams::default().when(on));
    // Elm and Pine have no team of their own; their districts' teams cover them.
    for school in ["elm-es", "pine-es"] {
        let unit = report.unit(&school.parse().unwrap()).unwrap();
        assert!(
            matches!(unit.chain, implsci::system::Chain::CoveredFromAbove { .. }),
            "{school}"
        );
    }
    assert_eq!(report.broken_units().count(), 0);
}

#[test]
fn strict_refuses_the_columns_the_tables_do_not_have() {
    let err = import(Path::new(STATE), &state_options().strict(true)).unwrap_err();
    let found: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].ends_with("units.csv:1:5 (Enrollment): a column this table does not have (its columns are: id, level, parent, name)"), "{}", found[0]);
}

/// Every malformed table, put over the valid state, is refused with exactly its one problem,
/// at the file, row and column its `expected` file names; every row is still accounted for.
#[test]
fn every_malformed_table_is_refused_at_its_cell() {
    let mut cases: Vec<PathBuf> = fs::read_dir(MALFORMED)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = temp_dir(&name);
        for entry in fs::read_dir(STATE).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        for entry in fs::read_dir(&case).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
        let expected = fs::read_to_string(case.join("expected")).unwrap();
        let expected = expected.trim();
        let imported = import_system(
            &mut Folder::new(&dir),
            &state_options(),
            &SystemOptions::default(),
        );
        let Err(err) = imported else {
            panic!("{name}: imported, expected {expected}")
        };
        let prefix = format!("{}/", dir.display());
        let found: Vec<String> = err
            .problems
            .iter()
            .map(|p| p.to_string().replace(&prefix, ""))
            .collect();
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert!(
            found[0].starts_with(expected),
            "{name}: expected {expected}, found {}",
            found[0]
        );
        assert!(
            err.tallies.iter().all(implsci::tables::Tally::balances),
            "{name}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn levels_from_the_command_line_stand_in_for_the_table() {
    let dir = temp_dir("levels");
    for entry in fs::read_dir(STATE).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "levels.csv" && path.file_name().unwrap() != "system.csv" {
            fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let options = SystemOptions::default()
        .id("riverbend".parse().unwrap())
        .levels(vec![
            "state".parse().unwrap(),
            "district".parse().unwrap(),
            "school".parse().unwrap(),
        ]);
    let doc = import_system(&mut Folder::new(&dir), &state_options(), &options)
        .unwrap()
        .document;
    let names: Vec<&str> = doc.levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["State", "District", "School"]);
    assert_eq!(doc.name, "riverbend");
    // Without either, both are named as missing, at once.
    let err = import_system(
        &mut Folder::new(&dir),
        &state_options(),
        &SystemOptions::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("no table `system` and no id given"), "{text}");
    assert!(text.contains("no table `levels`"), "{text}");
    fs::remove_dir_all(&dir).unwrap();
}

/// Extensions of every kind a JSON document may carry, put on a generated system's entities.
fn with_extensions(mut doc: SystemDocument, seed: u64) -> SystemDocument {
    let values = [
        serde_json::json!("plain text"),
        serde_json::json!(" padded "),
        serde_json::json!(""),
        serde_json::json!(12),
        serde_json::json!(2.5),
        serde_json::json!(true),
        serde_json::json!(null),
        serde_json::json!([1, "two"]),
        serde_json::json!({"nested": {"a": 1}}),
        serde_json::json!("Wake, \"County\"\nline two"),
    ];
    let keys = [
        "Enrollment",
        "name",
        "Title I",
        "extensions.x",
        "notes [json]",
        "Size",
        "size",
    ];
    let pick = |i: u64| {
        let k = keys[usize::try_from((seed + i) % keys.len() as u64).unwrap()];
        let v = values[usize::try_from((seed * 7 + i) % values.len() as u64).unwrap()].clone();
        (k.to_string(), v)
    };
    let mut i = 0;
    let mut next = || {
        i += 1;
        pick(i)
    };
    let (k, v) = next();
    doc.extensions.insert(k, v);
    for unit in doc.units.iter_mut().step_by(3) {
        let (k, v) = next();
        unit.extensions.insert(k, v);
    }
    for team in doc.teams.iter_mut().step_by(2) {
        let (k, v) = next();
        team.extensions.insert(k, v);
        for m in team.members.iter_mut().step_by(2) {
            let (k, v) = next();
            m.extensions.insert(k, v);
        }
    }
    for link in doc.links.iter_mut().step_by(2) {
        let (k, v) = next();
        link.extensions.insert(k, v);
    }
    for p in doc.practitioners.iter_mut().step_by(5) {
        let (k, v) = next();
        p.extensions.insert(k, v);
    }
    for c in &mut doc.coaches {
        let (k, v) = next();
        c.extensions.insert(k, v);
    }
    if let Some(level) = doc.levels.first_mut() {
        let (k, v) = next();
        level.extensions.insert(k, v);
    }
    doc
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Import reads back exactly what export wrote: every entity, date, default-less field and
    /// extension of a generated system.
    #[test]
    fn import_of_export_is_the_document(
        regions in 1u32..3, districts in 1u32..3, schools in 1u32..4, practitioners in 0u32..4,
        seed in 0u64..1000,
    ) {
        let doc = generate(&Shape::new(regions, districts, schools, practitioners), seed).unwrap();
        let doc = with_extensions(doc, seed);
        let dir = temp_dir(&format!("round-{seed}-{regions}{districts}{schools}{practitioners}"));
        write_folder(&dir, &export_system(&doc)).unwrap();
        let back = import(&dir, &ReadOptions::default());
        fs::remove_dir_all(&dir).unwrap();
        let back = back.map_err(|e| e.to_string());
        proptest::prop_assert_eq!(back, Ok(doc));
    }
}

#[test]
fn several_innovations_survive_the_tables() {
    // Teams' focus innovations and coaches' caseloads per innovation, written and read back.
    let doc = SystemDocument::from_json(
        &fs::read_to_string("tests/fixtures/innovations/system.json").unwrap(),
    )
    .unwrap();
    assert!(doc.teams.iter().any(|t| !t.innovations.is_empty()));
    assert!(
        doc.coaches
            .iter()
            .any(|c| !c.innovation_caseloads.is_empty())
    );
    let dir = temp_dir("innovations");
    write_folder(&dir, &export_system(&doc)).unwrap();
    let caseloads = fs::read_to_string(dir.join("caseloads.csv")).unwrap();
    assert!(
        caseloads.starts_with("coach,practitioner,innovation\n"),
        "{caseloads}"
    );
    let back = import(&dir, &ReadOptions::default());
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back.map_err(|e| e.to_string()), Ok(doc));
}

#[test]
fn a_focus_innovation_listed_twice_is_refused_at_its_cell() {
    let dir = temp_dir("bad-focus");
    let doc = SystemDocument::from_json(
        &fs::read_to_string("tests/fixtures/innovations/system.json").unwrap(),
    )
    .unwrap();
    write_folder(&dir, &export_system(&doc)).unwrap();
    let teams = fs::read_to_string(dir.join("teams.csv")).unwrap();
    let mut lines: Vec<String> = teams.lines().map(String::from).collect();
    // The last column is `innovations`: the first team names one twice.
    assert!(lines[0].ends_with(",innovations"), "{}", lines[0]);
    let cut = lines[1].rfind(',').unwrap();
    lines[1].truncate(cut + 1);
    lines[1].push_str("check-in-check-out; check-in-check-out");
    fs::write(dir.join("teams.csv"), lines.join("\n") + "\n").unwrap();
    let result = import(&dir, &ReadOptions::default());
    fs::remove_dir_all(&dir).unwrap();
    let Err(err) = result else {
        panic!("a focus innovation listed twice was read");
    };
    let err = err.to_string();
    assert!(err.contains("teams.csv:2:"), "{err}");
    assert!(
        err.contains("(innovations): innovation `check-in-check-out` is listed twice"),
        "{err}"
    );
}
