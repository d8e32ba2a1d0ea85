//! The committed schemas: no drift from the types, no orphan files, valid draft 2020-12, and
//! the schemas of what the library writes refuse unknown fields.

mod common;

use implsci::DocumentType;
use implsci::schema::{Exported, schema_for};

const REGENERATE: &str = "IMPLSCI_BLESS=1 cargo test --all-features --test schemas";

#[test]
fn committed_schemas_match_the_types() {
    let bless = std::env::var_os("IMPLSCI_BLESS").is_some();
    let mut drifted = Vec::new();
    for t in Exported::all() {
        let generated = serde_json::to_string_pretty(&schema_for(t)).unwrap() + "\n";
        let path = common::schemas_dir().join(format!("{}.schema.json", t.name()));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            drifted.push(t.name());
        }
    }
    assert!(
        drifted.is_empty(),
        "the committed schemas of {drifted:?} differ from the types; regenerate them with `{REGENERATE}` and commit schemas/"
    );
}

#[test]
fn no_orphan_schema_files() {
    let known: Vec<String> = Exported::all()
        .iter()
        .map(|t| format!("{}.schema.json", t.name()))
        .collect();
    let orphans: Vec<String> = std::fs::read_dir(common::root().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !known.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "schemas/ holds files no exported type generates: {orphans:?}; delete them or run `{REGENERATE}`"
    );
}

#[test]
fn schemas_are_valid_draft_2020_12_with_an_id() {
    for &t in DocumentType::ALL {
        let schema = common::committed_schema(t);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{t}"
        );
        assert_eq!(schema["$id"], implsci::schema::schema_id(t), "{t}");
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{t}: not a valid draft 2020-12 schema: {e}");
        }
        assert!(
            schema["additionalProperties"] == false,
            "{t} must refuse unknown fields"
        );
    }
}

#[test]
fn report_schemas_are_valid_draft_2020_12_with_an_id() {
    for t in Exported::all() {
        let text = std::fs::read_to_string(
            common::schemas_dir().join(format!("{}.schema.json", t.name())),
        )
        .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["$id"], implsci::schema::schema_id(t), "{}", t.name());
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{}: not a valid draft 2020-12 schema: {e}", t.name());
        }
    }
}

/// The pointers of every object in a JSON value, except those under `extensions` (which
/// integrators fill as they please).
fn objects(value: &serde_json::Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            out.push(pointer.to_string());
            for (key, v) in map {
                if key != "extensions" {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    objects(v, &format!("{pointer}/{token}"), out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What the library writes, from the example state: each report with its type name.
fn written_reports() -> Vec<(&'static str, serde_json::Value)> {
    use implsci::coaching::measures::{CoachingMeasure, Window};
    use implsci::event::measure::measure_log;
    use implsci::improvement::loops::LoopMeasure;
    use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};
    use implsci::system::{AlignmentParams, System};
    use implsci::{Document, Innovation};

    let data = |name: &str| common::root().join("examples/data").join(name);
    let text = |name: &str| std::fs::read_to_string(data(name)).unwrap();
    let system = System::from_json(&text("state_system.json")).unwrap();
    let innovation = Innovation::from_json(&text("innovation.json")).unwrap();
    let as_of = "2025-01-31".parse().unwrap();
    let window = Window::new("2024-09-01".parse().unwrap(), as_of).unwrap();
    let log = || std::fs::File::open(data("state_events.jsonl")).unwrap();
    let loops = measure_log(log(), LoopMeasure::new(&system, as_of))
        .unwrap()
        .report;
    let coaching = measure_log(log(), CoachingMeasure::new(window, as_of))
        .unwrap()
        .report;
    let instrument = InstrumentDocument::from_json(&text("dca_instrument.json")).unwrap();
    let scorer = ItemSum::new(instrument.instrument).unwrap();
    let admins = AdministrationsDocument::from_json(&text("dca_administrations.json")).unwrap();
    let value = |v: serde_json::Result<serde_json::Value>| v.unwrap();
    let mut reports = vec![
        (
            "AlignmentReport",
            value(serde_json::to_value(
                system.alignment(&AlignmentParams::default()),
            )),
        ),
        (
            "UsabilityReport",
            value(serde_json::to_value(innovation.usability())),
        ),
        ("LoopReport", value(serde_json::to_value(loops))),
        ("CoachingReport", value(serde_json::to_value(coaching))),
    ];
    for a in &admins.administrations {
        let score = scorer.score(a).unwrap();
        reports.push(("Score", value(serde_json::to_value(score))));
    }
    reports
}

/// The schemas of what the crate writes refuse unknown fields in every object: the reports the
/// library writes validate, and the same reports with a field added to any one object (outside
/// `extensions`) do not.
#[test]
fn written_reports_refuse_an_unknown_field_in_any_object() {
    let mut failures = Vec::new();
    let mut planted = 0;
    for (name, report) in written_reports() {
        let validator = common::validator_for_name(name);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: the schema refuses what the library writes: {errors:?}"
        );
        let mut pointers = Vec::new();
        objects(&report, "", &mut pointers);
        for pointer in pointers {
            let mut changed = report.clone();
            let object = changed
                .pointer_mut(&pointer)
                .unwrap()
                .as_object_mut()
                .unwrap();
            object.insert("zz_not_a_field".to_string(), true.into());
            planted += 1;
            if validator.is_valid(&changed) {
                failures.push(format!("{name}#{pointer}"));
            }
        }
    }
    assert!(planted > 100, "only {planted} objects tried");
    assert!(
        failures.is_empty(),
        "these schemas accept an unknown field at: {failures:#?}"
    );
}
