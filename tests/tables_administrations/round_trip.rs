//! Any administrations of one instrument read back from the long table as they were, and
//! from the wide sheet when each has one response per item in the instrument's order.

use super::*;
use implsci::Extensions;
use implsci::score::{Administration, ExplorationDecision, ItemDefinition, Response, Scale};
use proptest::prelude::*;
use serde_json::Value;

/// Items whose ids read alike without punctuation, and a rating scale with fractions.
fn instrument() -> InstrumentDefinition {
    let mut def =
        InstrumentDefinition::new("local".parse().unwrap(), "Local", "1", Scale::new(0.0, 3.0));
    for id in ["1.1", "11", "1.2", "lead-1", "Need"] {
        def.items
            .push(ItemDefinition::new(id.parse().unwrap(), None));
    }
    def
}

const PEOPLE: &[&str] = &["m1", "m2", "Ann O'Neil", "coach, district"];
const SUBJECTS: &[&str] = &["lincoln-es", "Oak Ridge", "a,b", "semi;colon", "x\"y"];
const KEYS: &[&str] = &[
    "notes",
    "Notes",
    "1.9",
    "item",
    "date",
    "votes",
    "Decision",
    "x [json]",
    "extensions.y",
    "",
    " pad",
    "lead-7",
];

fn rating() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        1 => Just(None),
        2 => (0u8..=3).prop_map(|v| Some(f64::from(v))),
        2 => (0.0f64..=3.0).prop_map(Some),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[ -~é]{0,8}".prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!({"a": [1, "b"]})),
    ]
}

fn extensions() -> impl Strategy<Value = Extensions> {
    prop::collection::btree_map(prop::sample::select(KEYS), json_value(), 0..4)
        .prop_map(|m| m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A whole rating as a JSON integer, as the import writes votes.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 {
        #[allow(clippy::cast_possible_truncation)]
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

fn response(item: implsci::id::ItemId, value: Option<f64>) -> Response {
    let mut r = Response::new(item, 0.0);
    r.value = value;
    r
}

fn responses(def: &InstrumentDefinition, full: bool) -> BoxedStrategy<Vec<Response>> {
    let ids: Vec<_> = def.items.iter().map(|i| i.id.clone()).collect();
    let n = ids.len();
    if full {
        prop::collection::vec(rating(), n)
            .prop_map(move |values| {
                ids.iter()
                    .zip(values)
                    .map(|(id, value)| response(id.clone(), value))
                    .collect()
            })
            .boxed()
    } else {
        (
            Just(ids).prop_shuffle(),
            0..=n,
            prop::collection::vec(rating(), n),
        )
            .prop_map(|(ids, k, values)| {
                ids.into_iter()
                    .take(k)
                    .zip(values)
                    .map(|(item, value)| response(item, value))
                    .collect()
            })
            .boxed()
    }
}

/// An administration's parts: its respondents (positions in `PEOPLE`), responses, each
/// person's votes (if any), extensions and decision.
type Parts = (
    Vec<usize>,
    Vec<Response>,
    Vec<Option<Vec<Response>>>,
    Extensions,
    Option<ExplorationDecision>,
);

fn administration(def: &InstrumentDefinition, full: bool) -> impl Strategy<Value = Parts> + use<> {
    (
        prop::sample::subsequence((0..PEOPLE.len()).collect::<Vec<_>>(), 0..=PEOPLE.len())
            .prop_shuffle(),
        responses(def, full),
        prop::collection::vec(
            prop::option::weighted(
                0.4,
                responses(def, full).prop_filter("rated", |r| !r.is_empty()),
            ),
            PEOPLE.len(),
        ),
        extensions(),
        prop::option::of(prop::sample::select(ExplorationDecision::ALL.to_vec())),
    )
}

fn document(full: bool) -> impl Strategy<Value = AdministrationsDocument> {
    let def = instrument();
    prop::collection::vec(administration(&def, full), 0..5).prop_map(move |admins| {
        let administrations = admins
            .into_iter()
            .enumerate()
            .map(|(i, (people, responses, votes, extensions, decision))| {
                let subject = ScoreSubject::Unit(SUBJECTS[i % SUBJECTS.len()].parse().unwrap());
                let day = date(2020, 1, 1)
                    .checked_add(jiff::Span::new().days(i64::try_from(i * 37).unwrap()))
                    .unwrap();
                let mut a = Administration::new(def.id.clone(), day, subject);
                a.respondents = people.iter().map(|&p| PEOPLE[p].parse().unwrap()).collect();
                a.responses = responses;
                a.extensions = extensions;
                a.decision = decision;
                let votes: Vec<Value> = people
                    .iter()
                    .filter_map(|&p| votes[p].as_ref().map(|r| (p, r)))
                    .map(|(p, rs)| {
                        let rs: Vec<Value> = rs
                            .iter()
                            .map(|r| json!({"item": r.item.as_str(), "value": r.value.map(number)}))
                            .collect();
                        json!({"respondent": PEOPLE[p], "responses": rs})
                    })
                    .collect();
                if !votes.is_empty() {
                    a.extensions.insert("votes".into(), Value::Array(votes));
                }
                a
            })
            .collect();
        AdministrationsDocument::new(administrations)
    })
}

fn reads_back(
    doc: &AdministrationsDocument,
    layout: AdministrationLayout,
) -> Result<(), TestCaseError> {
    let def = instrument();
    let tables = export_administrations(doc, &def, &units(), layout);
    prop_assert_eq!(tables.len(), 1);
    let csv = csv_of(&tables[0]);
    let read = import(&csv, &def, &ReadOptions::default())
        .map_err(|e| TestCaseError::fail(format!("{e}\n{csv}")))?;
    prop_assert_eq!(&read.document, doc, "{}", csv);
    prop_assert!(read.tallies.iter().all(|t| t.balances() && t.refused == 0));
    Ok(())
}

/// A table of cells drawn from what administrations tables hold, and what breaks them.
fn any_table() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "date",
        "subject",
        "respondent",
        "respondents",
        "decision",
        "item",
        "value",
        "1.1",
        "11",
        "1.9",
        "lead-1",
        "Need",
        "notes",
        "x [json]",
        "extensions.y",
        "votes",
        "",
    ]);
    let cell = prop::sample::select(vec![
        "",
        "2025-03-08",
        "2025-13-01",
        "lincoln-es",
        "m1",
        "m1; m2",
        "consensus",
        "adopt",
        "De-implement",
        "1.1",
        "11",
        "lead-1",
        "2",
        "1.5",
        "3",
        "-1",
        "NaN",
        "inf",
        "two",
        "{\"a\":1}",
        "\"q,\"",
        " ",
        ";",
    ]);
    (
        prop::collection::vec(header, 1..8),
        prop::collection::vec(prop::collection::vec(cell, 0..9), 0..8),
    )
        .prop_map(|(headers, rows)| {
            let mut csv = headers.join(",");
            for row in rows {
                csv.push('\n');
                csv.push_str(&row.join(","));
            }
            csv
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_table_is_read_or_refused_and_its_rows_are_accounted_for(csv in any_table()) {
        let def = instrument();
        match import(&csv, &def, &ReadOptions::default()) {
            Ok(read) => {
                prop_assert!(read.tallies.iter().all(|t| t.balances() && t.refused == 0));
                prop_assert!(read.document.validate().is_ok());
            }
            Err(err) => {
                prop_assert!(!err.problems.is_empty());
                prop_assert!(err.tallies.iter().all(implsci::tables::Tally::balances), "{}", csv);
            }
        }
    }

    #[test]
    fn the_long_table_reads_back_as_the_document(doc in document(false)) {
        reads_back(&doc, AdministrationLayout::Long)?;
    }

    #[test]
    fn the_wide_sheet_reads_back_as_a_document_with_every_item(doc in document(true)) {
        reads_back(&doc, AdministrationLayout::Wide)?;
        reads_back(&doc, AdministrationLayout::Long)?;
    }
}
