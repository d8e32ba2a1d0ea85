//! The committed schemas: no drift from the types, no orphan files, valid draft 2020-12.

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
