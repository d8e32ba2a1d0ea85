//! The published CFIR ratings of Damschroder & Lowery (2013), *Implementation Science* 8:51,
//! Table 3 (the Intervention Characteristics rows and two Outer Setting rows, in
//! `tests/fixtures/cfir/`): the per-site Intervention Source codes (E, E, E, E, I) and the
//! ratings read, keep the table's values, and round-trip.

mod common;

use implsci::id::{ItemId, UnitId};
use implsci::score::instruments::cfir::{CfirRatings, InnovationSource, Rating, RatingDirection};

const FIXTURE: &str = "tests/fixtures/cfir/damschroder_lowery_2013_table3.json";

fn table3() -> (String, CfirRatings) {
    let text = std::fs::read_to_string(common::root().join(FIXTURE)).unwrap();
    let ratings: CfirRatings = serde_json::from_str(&text).unwrap();
    (text, ratings)
}

fn unit(s: &str) -> UnitId {
    s.parse().unwrap()
}

fn item(s: &str) -> ItemId {
    s.parse().unwrap()
}

/// Sites in the table's column order.
const SITES: [&str; 5] = ["200", "500", "100", "300", "400"];

#[test]
fn intervention_source_is_coded_per_site_as_published() {
    use InnovationSource::{External as E, Internal as I};
    let (_, ratings) = table3();
    let m = ratings.matrix().unwrap();
    let source = item("intervention-source");
    let got: Vec<Option<InnovationSource>> =
        SITES.iter().map(|s| m.source(&unit(s), &source)).collect();
    assert_eq!(got, [Some(E), Some(E), Some(E), Some(E), Some(I)]);
    let letters: Vec<&str> = got.iter().flatten().map(|s| s.code()).collect();
    assert_eq!(letters, ["E", "E", "E", "E", "I"]);
    // The source row carries codes, not valences.
    for s in SITES {
        assert_eq!(m.rating(&unit(s), &source), Some(Rating::Missing));
    }
    // No other construct carries a source.
    for row in &m.rows {
        assert_eq!(row.sources.iter().flatten().count(), 1);
    }
}

#[test]
fn ratings_keep_the_published_values() {
    use Rating as R;
    let (_, ratings) = table3();
    let m = ratings.matrix().unwrap();
    let row = |construct: &str| -> Vec<Rating> {
        SITES
            .iter()
            .map(|s| m.rating(&unit(s), &item(construct)).unwrap())
            .collect()
    };
    assert_eq!(
        row("relative-advantage"),
        [R::MinusTwo, R::PlusOne, R::PlusOne, R::PlusTwo, R::PlusTwo]
    );
    assert_eq!(
        row("complexity"),
        [
            R::Missing,
            R::MinusTwo,
            R::MinusTwo,
            R::MinusTwo,
            R::PlusTwo
        ]
    );
    assert_eq!(
        row("patient-needs-and-resources"),
        [R::MinusTwo, R::Mixed, R::PlusOne, R::PlusTwo, R::PlusTwo]
    );
    assert_eq!(
        row("external-policy-and-incentives"),
        [
            R::MinusOne,
            R::MinusTwo,
            R::NotApplicable,
            R::Neutral,
            R::PlusOne
        ]
    );
    assert_eq!(row("cost"), [R::Neutral; 5]);
    let complexity = m.constructs.iter().find(|c| c.id.as_str() == "complexity");
    assert_eq!(complexity.unwrap().direction, RatingDirection::Reverse);
}

#[test]
fn the_table_round_trips() {
    let (text, ratings) = table3();
    let written = serde_json::to_string(&ratings).unwrap();
    let again: CfirRatings = serde_json::from_str(&written).unwrap();
    assert_eq!(again, ratings);
    // Writing adds only the implied "M" ratings of the source entries; nothing else changes.
    let mut original: serde_json::Value = serde_json::from_str(&text).unwrap();
    for site in original["sites"].as_array_mut().unwrap() {
        for r in site["ratings"].as_array_mut().unwrap() {
            if r.get("rating").is_none() {
                r["rating"] = "M".into();
            }
        }
    }
    assert_eq!(serde_json::to_value(&ratings).unwrap(), original);
    // The document matches the type's schema.
    let schema = serde_json::to_value(schemars::schema_for!(CfirRatings)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(validator.is_valid(&doc));
}
