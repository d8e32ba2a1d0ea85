//! Property tests: every document type round-trips (value → JSON → value, equal), the JSON it
//! writes validates against its committed schema, and no input bytes make reading panic.

#![allow(clippy::too_many_lines)] // proptest strategies read best as one expression

mod common;

use implsci::driver::{Driver, DriverState, DriverStatus};
use implsci::innovation::{
    Adaptation, AdaptationGoal, ContextualModification, DecisionMaker, DeliveryLevel,
    EssentialFunction, FidelityAssessment, FidelityConsistency, FidelityCriterion, FidelityItem,
    FourthLevel, FourthLevelPosition, ImplementationPhase, Modified, OutcomeEvidence, Planning,
    PracticeProfile, ProfileRow,
};
use implsci::score::{
    Administration, AdministrationsDocument, Criterion, InstrumentDefinition, InstrumentDocument,
    ItemDefinition, MissingRule, Response, Scale, ScoreSubject, SubscaleDefinition,
};
use implsci::stage::{Stage, StageHistory};
use implsci::{AnyDocument, Document, DocumentType, Extensions, Innovation, SiteRecord};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][ -~]{0,24}"
}

fn id<T: std::str::FromStr>(prefix: &str, i: usize, suffix: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    format!("{prefix}{i}{suffix}").parse().unwrap()
}

fn date() -> impl Strategy<Value = Date> {
    (1990i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[ -~é☃]{0,12}".prop_map(Value::from),
    ]
}

fn extensions() -> impl Strategy<Value = Extensions> {
    let value = json_leaf().prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map("[a-z_$.]{1,10}", value, 0..3).prop_map(|m| m.into_iter().collect())
}

fn innovation() -> impl Strategy<Value = Innovation> {
    (1usize..6, "[a-z]{1,6}")
        .prop_flat_map(|(n, suffix)| {
            let functions =
                prop::collection::vec((text(), prop::option::of(text()), extensions()), n);
            let profile = prop::option::of((
                prop::option::of((
                    text(),
                    select(vec![
                        FourthLevelPosition::AboveExpected,
                        FourthLevelPosition::BetweenExpectedAndDevelopmental,
                        FourthLevelPosition::BetweenDevelopmentalAndUnacceptable,
                    ]),
                )),
                prop::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n),
                (text(), text(), text(), text()),
                extensions(),
            ));
            let assessment = prop::option::of((
                text(),
                prop::collection::vec(
                    (
                        text(),
                        prop::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n),
                    ),
                    0..4,
                ),
                0.0f64..=100.0,
                prop::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n),
                prop::option::of(text()),
                prop::collection::vec(
                    (
                        text(),
                        -1.0f64..=1.0,
                        prop::option::of(any::<u32>()),
                        text(),
                    ),
                    0..3,
                ),
            ));
            let description = (
                prop::option::of(text()),
                prop::collection::vec(text(), 0..3),
                prop::collection::vec(text(), 0..3),
                prop::collection::vec(text(), 0..3),
                prop::collection::vec(text(), 0..3),
            );
            (
                Just(suffix),
                text(),
                functions,
                profile,
                assessment,
                description,
                extensions(),
            )
        })
        .prop_map(
            |(suffix, name, functions, profile, assessment, description, ext)| {
                let mut innovation = Innovation::new(id("inn", 0, &suffix), name);
                innovation.extensions = ext;
                let d = &mut innovation.description;
                (
                    d.philosophy,
                    d.values,
                    d.principles,
                    d.inclusion_criteria,
                    d.exclusion_criteria,
                ) = description;
                for (i, (name, description, extensions)) in functions.into_iter().enumerate() {
                    let mut f = EssentialFunction::new(id("ef-", i, &suffix), name);
                    f.description = description;
                    f.extensions = extensions;
                    innovation.essential_functions.push(f);
                }
                if let Some((fourth, rows, (e, dv, u, four), extensions)) = profile {
                    let mut p = PracticeProfile::default();
                    p.fourth_level = fourth.map(|(name, position)| FourthLevel { name, position });
                    for i in rows {
                        let mut row = ProfileRow::new(
                            id("ef-", i, &suffix),
                            e.clone(),
                            dv.clone(),
                            u.clone(),
                        );
                        row.fourth = p.fourth_level.as_ref().map(|_| four.clone());
                        p.rows.push(row);
                    }
                    p.extensions = extensions;
                    innovation.practice_profile = Some(p);
                }
                if let Some((name, items, min, required, statement, evidence)) = assessment {
                    let mut criterion = FidelityCriterion::new(min);
                    criterion.required_functions = required
                        .into_iter()
                        .map(|i| id("ef-", i, &suffix))
                        .collect();
                    criterion.statement = statement;
                    let mut a = FidelityAssessment::new(name, criterion);
                    for (k, (text, functions)) in items.into_iter().enumerate() {
                        let functions = functions
                            .into_iter()
                            .map(|i| id("ef-", i, &suffix))
                            .collect();
                        a.items
                            .push(FidelityItem::new(id("fi-", k, &suffix), text, functions));
                    }
                    for (outcome, r, n, source) in evidence {
                        let mut e = OutcomeEvidence::new(outcome, r, source);
                        e.sample_size = n;
                        a.outcome_evidence.push(e);
                    }
                    innovation.fidelity_assessment = Some(a);
                }
                innovation
            },
        )
}

fn adaptation(innovations: usize) -> impl Strategy<Value = (usize, Adaptation)> {
    (
        0..innovations,
        date(),
        select(vec![
            ImplementationPhase::PreImplementation,
            ImplementationPhase::Implementation,
            ImplementationPhase::ScaleUp,
            ImplementationPhase::Maintenance,
        ]),
        select(vec![
            Planning::PlannedProactive,
            Planning::PlannedReactive,
            Planning::UnplannedReactive,
        ]),
        select(vec![
            Modified::Content,
            Modified::Contextual,
            Modified::TrainingAndEvaluation,
            Modified::ImplementationAndScaleUp,
        ]),
        select(vec![
            FidelityConsistency::Consistent,
            FidelityConsistency::Inconsistent,
            FidelityConsistency::Unknown,
        ]),
        prop::sample::subsequence(
            vec![
                DecisionMaker::PoliticalLeaders,
                DecisionMaker::Administrator,
                DecisionMaker::DeveloperOrPurveyor,
                DecisionMaker::IndividualPractitioner,
                DecisionMaker::Recipients,
            ],
            0..3,
        ),
        prop::option::of(select(vec![
            DeliveryLevel::Individual,
            DeliveryLevel::Cohort,
            DeliveryLevel::ClinicOrUnit,
            DeliveryLevel::NetworkOrCommunity,
        ])),
        prop::sample::subsequence(
            vec![
                ContextualModification::Format,
                ContextualModification::Setting,
                ContextualModification::Personnel,
                ContextualModification::Population,
            ],
            0..3,
        ),
        (
            prop::collection::vec(text(), 0..2),
            prop::collection::vec(0usize..4, 0..3),
            prop::sample::subsequence(
                vec![
                    AdaptationGoal::IncreaseReachOrEngagement,
                    AdaptationGoal::ImproveFit,
                    AdaptationGoal::ReduceCost,
                ],
                0..3,
            ),
            prop::collection::vec(text(), 0..2),
            prop::option::of(text()),
            extensions(),
        ),
    )
        .prop_map(
            |(
                k,
                date,
                phase,
                planning,
                modified,
                fidelity,
                decided_by,
                level,
                contextual,
                rest,
            )| {
                let (content, functions, goals, reasons, description, extensions) = rest;
                let mut a = Adaptation::new(
                    id("a", 0, ""),
                    id("inn", k, ""),
                    date,
                    phase,
                    planning,
                    modified,
                    fidelity,
                );
                a.decided_by = decided_by;
                a.level = level;
                a.contextual = contextual;
                a.content = content;
                a.essential_functions = functions.into_iter().map(|i| id("ef-", i, "")).collect();
                a.goals = goals;
                a.reasons = reasons;
                a.description = description;
                a.extensions = extensions;
                (k, a)
            },
        )
}

fn site_record() -> impl Strategy<Value = SiteRecord> {
    (1usize..4)
        .prop_flat_map(|n| {
            let histories = prop::collection::vec(
                (
                    prop::collection::vec(
                        (
                            select(Stage::ALL.to_vec()),
                            date(),
                            prop::option::of(text()),
                        ),
                        0..6,
                    ),
                    extensions(),
                ),
                n,
            );
            let drivers = prop::collection::vec(
                (
                    select(Driver::ALL.to_vec()),
                    select(vec![
                        DriverState::InPlace,
                        DriverState::Partially,
                        DriverState::NotInPlace,
                    ]),
                    date(),
                    prop::collection::vec(text(), 0..2),
                ),
                0..8,
            );
            (
                "[a-z][a-z0-9-]{0,20}",
                prop::option::of(text()),
                histories,
                drivers,
                prop::collection::vec(adaptation(n), 0..4),
                extensions(),
            )
        })
        .prop_map(
            |(site, name, histories, drivers, adaptations, extensions)| {
                let mut record = SiteRecord::new(site.parse().unwrap());
                record.name = name;
                record.extensions = extensions;
                for (k, (mut entries, ext)) in histories.into_iter().enumerate() {
                    entries.sort_by_key(|e| e.1);
                    let mut h = StageHistory::new(id("inn", k, ""));
                    for (stage, date, note) in entries {
                        h.record(stage, date);
                        h.entries.last_mut().unwrap().note = note;
                    }
                    h.extensions = ext;
                    record.stages.push(h);
                }
                let mut seen = std::collections::HashSet::new();
                for (driver, state, date, evidence) in drivers {
                    if seen.insert((driver, date)) {
                        let mut s = DriverStatus::new(driver, state, date);
                        s.evidence = evidence;
                        record.drivers.push(s);
                    }
                }
                for (i, (_, mut a)) in adaptations.into_iter().enumerate() {
                    a.id = id("adapt-", i, "");
                    record.adaptations.push(a);
                }
                record
            },
        )
}

fn instrument_document() -> impl Strategy<Value = InstrumentDocument> {
    (
        "[a-z][a-z0-9-]{0,10}",
        text(),
        text(),
        (0u8..3, 1u8..6),
        prop::collection::vec(prop::collection::vec("[a-z]{1,6}", 1..4), 0..3),
        prop::option::of((
            prop::option::of(0.0f64..=100.0),
            prop::option::of(0.0f64..=100.0),
        )),
        select(vec![
            MissingRule::Refuse,
            MissingRule::ScoreAsZero,
            MissingRule::ProRate { max_missing: 2 },
        ]),
        prop::option::of(1u32..5),
        extensions(),
    )
        .prop_map(
            |(id_, name, version, (lo, span), subscales, criterion, missing, sustained, ext)| {
                let mut def = InstrumentDefinition::new(
                    id_.parse().unwrap(),
                    name,
                    version,
                    Scale::new(f64::from(lo), f64::from(lo + span)),
                );
                for (k, items) in subscales.into_iter().enumerate() {
                    let sub: implsci::id::SubscaleId = id("s", k, "");
                    def.subscales.push(SubscaleDefinition::new(
                        sub.clone(),
                        format!("Subscale {k}"),
                    ));
                    for (j, _) in items.iter().enumerate() {
                        def.items.push(ItemDefinition::new(
                            id("i", k * 10 + j, ""),
                            Some(sub.clone()),
                        ));
                    }
                }
                def.criterion = criterion.map(|(total_percent, each_subscale_percent)| Criterion {
                    total_percent,
                    each_subscale_percent,
                });
                def.missing = missing;
                def.sustained_after = sustained;
                let mut doc = InstrumentDocument::new(def);
                doc.extensions = ext;
                doc
            },
        )
}

fn administrations_document() -> impl Strategy<Value = AdministrationsDocument> {
    prop::collection::vec(
        (
            date(),
            select(vec!["practitioner", "unit", "team"]),
            prop::collection::vec(prop::option::of(-1e6f64..1e6), 0..6),
            prop::collection::vec("[a-z]{1,6}", 0..3),
            extensions(),
        ),
        0..5,
    )
    .prop_map(|admins| {
        let list = admins
            .into_iter()
            .enumerate()
            .map(|(i, (date, kind, values, respondents, ext))| {
                let subject = match kind {
                    "practitioner" => ScoreSubject::Practitioner(id("p", i, "")),
                    "unit" => ScoreSubject::Unit(id("u", i, "")),
                    _ => ScoreSubject::Team(id("t", i, "")),
                };
                let mut a = Administration::new("inst".parse().unwrap(), date, subject);
                a.responses = values
                    .into_iter()
                    .enumerate()
                    .map(|(j, v)| {
                        let mut r = Response::new(id("i", j, ""), 0.0);
                        r.value = v;
                        r
                    })
                    .collect();
                a.respondents = respondents.iter().map(|r| r.parse().unwrap()).collect();
                a.extensions = ext;
                a
            })
            .collect();
        AdministrationsDocument::new(list)
    })
}

fn assert_schema_valid(t: DocumentType, json: &str) {
    let value: Value = serde_json::from_str(json).unwrap();
    let validator = common::validator(t);
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{t} JSON fails its committed schema: {errors:?}\n{json}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn innovations_round_trip_and_match_the_schema(innovation in innovation()) {
        let json = innovation.to_json().expect("generated innovations are valid");
        prop_assert_eq!(&Innovation::from_json(&json).unwrap(), &innovation);
        assert_schema_valid(DocumentType::Innovation, &json);
    }

    #[test]
    fn site_records_round_trip_and_match_the_schema(record in site_record()) {
        let json = record.to_json().expect("generated site records are valid");
        prop_assert_eq!(&SiteRecord::from_json(&json).unwrap(), &record);
        assert_schema_valid(DocumentType::SiteRecord, &json);
    }

    #[test]
    fn instrument_documents_round_trip_and_match_the_schema(doc in instrument_document()) {
        let json = doc.to_json().expect("generated instruments are valid");
        prop_assert_eq!(&InstrumentDocument::from_json(&json).unwrap(), &doc);
        assert_schema_valid(DocumentType::InstrumentDocument, &json);
    }

    #[test]
    fn administrations_documents_round_trip_and_match_the_schema(doc in administrations_document()) {
        let json = doc.to_json().expect("generated administrations are valid");
        prop_assert_eq!(&AdministrationsDocument::from_json(&json).unwrap(), &doc);
        assert_schema_valid(DocumentType::AdministrationsDocument, &json);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = AnyDocument::from_json(&bytes);
        let _ = Innovation::from_json_slice(&bytes);
        let _ = SiteRecord::from_json_slice(&bytes);
    }

    #[test]
    fn mutated_documents_never_panic(
        which in 0usize..2,
        cut in 0usize..4096,
        at in 0usize..4096,
        byte in any::<u8>(),
    ) {
        let file = ["examples/data/innovation.json", "examples/data/site_record.json"][which];
        let mut bytes = std::fs::read(common::root().join(file)).unwrap();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(bytes.len() - cut % bytes.len());
        if let Err(e) = AnyDocument::from_json(&bytes) {
            // Every error can be reported as problems with a path.
            let problems = e.problems();
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|p| p.path.starts_with('$')));
        }
    }
}
