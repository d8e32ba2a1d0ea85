//! Property tests for item-sum scores: random capacity assessments under every
//! missing-response rule score finite, in range, and equal to an exact recomputation in half
//! points; junk administrations are refused with a fitting error and never panic; and
//! pro-rated totals at exactly 80% meet the inclusive criterion.

#![allow(
    clippy::cast_precision_loss,
    reason = "counts and half points in these tests are far below 2^53"
)]
#![allow(
    clippy::float_cmp,
    reason = "points possible are small whole numbers, exact in f64; other floats use `close`"
)]

mod common;

use common::scores::{Answer, administer, administration, item_id, subscale_id};
use common::{close, close_opt, id, shuffle};

use std::collections::{HashMap, HashSet};

use implsci::score::instruments::capacity_assessment;
use implsci::score::{
    Instrument, ItemSum, MissingRule, NotComputable, Response, Scale, Score, ScoreError,
    ScoreSubject,
};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

/// An answer anywhere on the scale, or missing.
fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        8 => (0u8..=4).prop_map(Answer::Half),
        1 => Just(Answer::Omitted),
        1 => Just(Answer::Unanswered),
    ]
}

/// An answer of a strong administration: mostly 1.5 or 2 points, so that the criterion is
/// often met and often just missed.
fn strong_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        12 => (3u8..=4).prop_map(Answer::Half),
        3 => (0u8..=2).prop_map(Answer::Half),
        1 => Just(Answer::Omitted),
        1 => Just(Answer::Unanswered),
    ]
}

fn missing_rule() -> impl Strategy<Value = MissingRule> {
    prop_oneof![
        Just(MissingRule::Refuse),
        (0u32..=8).prop_map(|max_missing| MissingRule::ProRate { max_missing }),
        Just(MissingRule::ScoreAsZero),
    ]
}

/// A capacity assessment `ca` with subscales of the given sizes, under `rule`, on a scale that
/// takes half points (the capacity shape itself takes whole points only), so that the item
/// sum's arithmetic is checked in half points.
fn assessment(sizes: &[usize], rule: MissingRule) -> ItemSum {
    let names: Vec<(String, Vec<String>)> = sizes
        .iter()
        .enumerate()
        .map(|(s, &n)| (subscale_id(s), (0..n).map(|i| item_id(s, i)).collect()))
        .collect();
    let items: Vec<Vec<&str>> = names
        .iter()
        .map(|(_, items)| items.iter().map(String::as_str).collect())
        .collect();
    let spec: Vec<(&str, &[&str])> = names
        .iter()
        .zip(&items)
        .map(|((s, _), items)| (s.as_str(), items.as_slice()))
        .collect();
    let ca = capacity_assessment(id("ca"), "A capacity assessment", &spec).unwrap();
    let mut def = ca.definition().clone();
    def.missing = rule;
    def.scale = Scale::new(0.0, 2.0);
    ItemSum::new(def).unwrap()
}

/// A group of items scored exactly, in half points: the half points answered and the items
/// the percent is taken over, or why it is not computable.
fn exact(answers: &[Answer], rule: MissingRule) -> Result<(u32, u32), NotComputable> {
    let n = u32::try_from(answers.len()).unwrap();
    let halves: Vec<u32> = answers
        .iter()
        .filter_map(|a| match a {
            Answer::Half(h) => Some(u32::from(*h)),
            _ => None,
        })
        .collect();
    let answered = u32::try_from(halves.len()).unwrap();
    let missing = n - answered;
    let h = halves.iter().sum();
    match rule {
        MissingRule::Refuse if missing > 0 => Err(NotComputable::TooManyMissing {
            missing,
            allowed: 0,
        }),
        MissingRule::ProRate { max_missing } if missing > max_missing => {
            Err(NotComputable::TooManyMissing {
                missing,
                allowed: max_missing,
            })
        }
        MissingRule::ProRate { .. } if answered == 0 => Err(NotComputable::ZeroDenominator),
        MissingRule::ProRate { .. } => Ok((h, answered)),
        _ => Ok((h, n)),
    }
}

/// Points and percent of an exact result over `n` items: pro-rated points are
/// `h/2 × n ÷ over`; the percent is `h/2 ÷ 2·over × 100`.
fn exact_points(h: u32, over: u32, n: u32) -> (f64, f64) {
    let points = f64::from(h) / 2.0 * f64::from(n) / f64::from(over);
    (points, f64::from(h) * 25.0 / f64::from(over))
}

/// At 80% or more, exactly: `h / (4·over) ≥ 0.8`.
fn exact_meets_80(h: u32, over: u32) -> bool {
    5 * u64::from(h) >= 16 * u64::from(over)
}

/// Every number of a score is finite and in range, and a score that is not computable has no
/// points, no percent and no verdict.
fn check_invariants(score: &Score, items: usize) -> Result<(), TestCaseError> {
    let possible = score
        .points_possible
        .expect("item sums have points possible");
    prop_assert!(possible.is_finite() && possible > 0.0);
    prop_assert_eq!(possible, 2.0 * items as f64);
    if let Some(p) = score.points {
        prop_assert!(
            p.is_finite() && (0.0..=possible).contains(&p),
            "points {} of {}",
            p,
            possible
        );
    }
    if let Some(p) = score.percent {
        prop_assert!(p.is_finite() && (0.0..=100.0).contains(&p), "percent {}", p);
    }
    prop_assert_eq!(score.points.is_some(), score.percent.is_some());
    if score.not_computable.is_some() {
        prop_assert_eq!(score.points, None);
        prop_assert_eq!(score.percent, None);
        prop_assert_eq!(score.criterion_met, None);
    } else {
        prop_assert!(score.points.is_some(), "a computable score without points");
    }
    for s in &score.subscales {
        prop_assert!(s.points_possible.is_finite() && s.points_possible > 0.0);
        if let Some(p) = s.points {
            prop_assert!(
                p.is_finite() && (0.0..=s.points_possible).contains(&p),
                "subscale {} points {} of {}",
                s.subscale,
                p,
                s.points_possible
            );
        }
        if let Some(p) = s.percent {
            prop_assert!(
                p.is_finite() && (0.0..=100.0).contains(&p),
                "subscale percent {}",
                p
            );
        }
        prop_assert_eq!(s.points.is_some(), s.percent.is_some());
        if s.points.is_none() {
            prop_assert_eq!(s.criterion_met, None);
        }
    }
    if score.criterion_met == Some(true) {
        prop_assert!(score.percent.is_some_and(|p| p >= 80.0 - 1e-9));
        prop_assert!(
            score
                .subscales
                .iter()
                .all(|s| s.percent.is_some_and(|p| p >= 80.0 - 1e-9))
        );
    }
    Ok(())
}

/// A random capacity assessment (1–4 subscales of 1–6 items) with its answers, a missing
/// rule, and a response order.
fn assessment_case() -> impl Strategy<Value = (Vec<Vec<Answer>>, MissingRule, u64)> {
    (
        prop_oneof![
            prop::collection::vec(prop::collection::vec(answer(), 1..=6), 1..=4),
            prop::collection::vec(prop::collection::vec(strong_answer(), 1..=6), 1..=4),
        ],
        missing_rule(),
        any::<u64>(),
    )
}

/// A junk response: an item of the instrument or an unknown one, and any value at all.
fn junk_response(
    items: usize,
) -> impl Strategy<Value = (Result<usize, &'static str>, Option<f64>)> {
    let item = prop_oneof![
        6 => (0..items).prop_map(Ok),
        1 => prop_oneof![Just("zz"), Just("s0-i99"), Just("s9-i0"), Just("S0-I0")].prop_map(Err),
    ];
    let value = prop_oneof![
        4 => (0u8..=4).prop_map(|h| Some(f64::from(h) / 2.0)),
        1 => Just(None),
        1 => prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(2.0 + f64::EPSILON * 2.0),
            Just(-f64::MIN_POSITIVE),
            Just(f64::MAX),
            Just(f64::MIN),
            -1e9f64..0.0,
            2.0f64..1e9,
            any::<f64>(),
        ]
        .prop_map(Some),
    ];
    (item, value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Scores of complete and incomplete administrations under every missing rule are finite,
    /// in range, and equal an exact recomputation in half points.
    #[test]
    fn item_sum_scores_are_finite_in_range_and_exact((answers, rule, seed) in assessment_case()) {
        let sizes: Vec<usize> = answers.iter().map(Vec::len).collect();
        let instrument = assessment(&sizes, rule);
        let date = Date::new(2025, 3, 1).unwrap();
        let subject = ScoreSubject::Unit(id("wake"));
        let score = instrument
            .score(&administer(&answers, date, subject.clone(), seed))
            .expect("valid responses are scored");
        let all: Vec<Answer> = answers.iter().flatten().copied().collect();
        let n = u32::try_from(all.len()).unwrap();
        check_invariants(&score, all.len())?;

        prop_assert_eq!(&score.instrument, &instrument.definition().id);
        prop_assert_eq!(score.date, date);
        prop_assert_eq!(&score.subject, &subject);
        prop_assert_eq!(score.missing.rule, rule);
        let missing = all.iter().filter(|a| !matches!(a, Answer::Half(_))).count();
        prop_assert_eq!(score.missing.missing_items as usize, missing);

        // The total.
        let total = exact(&all, rule);
        prop_assert_eq!(score.not_computable.clone(), total.clone().err());
        let total_met = match total {
            Ok((h, over)) => {
                let (points, percent) = exact_points(h, over, n);
                prop_assert!(close_opt(score.points, Some(points)), "points {:?}, exactly {}", score.points, points);
                prop_assert!(close_opt(score.percent, Some(percent)), "percent {:?}, exactly {}", score.percent, percent);
                Some(exact_meets_80(h, over))
            }
            Err(_) => None,
        };
        // A pro-rated total at exactly 80% can round to just under it (a crate defect, see
        // `pro_rated_totals_at_exactly_80_percent_meet_the_criterion`); the verdict is checked
        // everywhere else.
        let pro_rated_boundary = matches!(total, Ok((h, over)) if over < n && 5 * h == 16 * over);

        // The subscales.
        prop_assert_eq!(score.subscales.len(), answers.len());
        let mut subs_met = Some(true);
        for (s, (sub, sub_answers)) in score.subscales.iter().zip(&answers).enumerate() {
            let k = u32::try_from(sub_answers.len()).unwrap();
            prop_assert_eq!(sub.subscale.as_str(), subscale_id(s));
            prop_assert_eq!(sub.points_possible, 2.0 * f64::from(k));
            if let Ok((h, over)) = exact(sub_answers, rule) {
                let (points, percent) = exact_points(h, over, k);
                prop_assert!(close_opt(sub.points, Some(points)), "subscale {} points {:?}, exactly {}", s, sub.points, points);
                prop_assert!(close_opt(sub.percent, Some(percent)), "subscale {} percent {:?}, exactly {}", s, sub.percent, percent);
                let met = exact_meets_80(h, over);
                prop_assert_eq!(sub.criterion_met, Some(met), "subscale {} at {}%", s, percent);
                subs_met = subs_met.map(|all| all && met);
            } else {
                prop_assert_eq!(sub.points, None);
                prop_assert_eq!(sub.percent, None);
                prop_assert_eq!(sub.criterion_met, None);
                subs_met = None;
            }
        }

        // The criterion: the total and every subscale at 80% or more, inclusive; no verdict
        // when the total or a subscale is not computable.
        let expected = total_met.zip(subs_met).map(|(t, s)| t && s);
        if !pro_rated_boundary {
            prop_assert_eq!(score.criterion_met, expected, "total {:?}, subscales {:?}", score.percent,
                score.subscales.iter().map(|s| s.percent).collect::<Vec<_>>());
        }
        // The same read off the reported percents.
        let reported = score.percent.is_some_and(|p| p >= 80.0)
            && score.subscales.iter().all(|s| s.percent.is_some_and(|p| p >= 80.0));
        prop_assert_eq!(score.criterion_met == Some(true), reported);
    }

    /// Junk administrations (unknown items, values off the scale, NaN and infinities,
    /// duplicates, another instrument) never panic: they are refused with an error that fits
    /// one of their faults, and scored only when they have none.
    #[test]
    fn junk_administrations_are_refused_with_a_fitting_error(
        sizes in prop::collection::vec(1usize..=6, 1..=4),
        rule in missing_rule(),
        responses in prop::collection::vec(junk_response(24), 0..30),
        duplicate in prop::option::of((any::<Index>(), any::<Index>())),
        wrong_instrument in prop::bool::weighted(0.1),
    ) {
        let instrument = assessment(&sizes, rule);
        let items: Vec<String> = sizes
            .iter()
            .enumerate()
            .flat_map(|(s, &n)| (0..n).map(move |i| item_id(s, i)))
            .collect();
        let mut admin = administration(
            if wrong_instrument { "other" } else { "ca" },
            Date::new(2025, 3, 1).unwrap(),
            ScoreSubject::Practitioner(id("p1")),
        );
        for (item, value) in responses {
            let item = match item {
                Ok(i) => items[i % items.len()].clone(),
                Err(unknown) => unknown.to_string(),
            };
            let mut r = Response::new(id(&item), 0.0);
            r.value = value;
            admin.responses.push(r);
        }
        if let Some((from, to)) = duplicate.filter(|_| !admin.responses.is_empty()) {
            let r = admin.responses[from.index(admin.responses.len())].clone();
            admin.responses.insert(to.index(admin.responses.len() + 1), r);
        }

        let known: HashSet<&str> = items.iter().map(String::as_str).collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for r in &admin.responses {
            *counts.entry(r.item.as_str()).or_default() += 1;
        }
        let bad_value = |v: Option<f64>| v.is_some_and(|v| !(v.is_finite() && (0.0..=2.0).contains(&v)));
        let faulty = wrong_instrument
            || admin.responses.iter().any(|r| !known.contains(r.item.as_str()) || bad_value(r.value))
            || counts.values().any(|&c| c > 1);

        match instrument.score(&admin) {
            Ok(score) => {
                prop_assert!(!faulty, "a faulty administration was scored: {:?}", admin.responses);
                check_invariants(&score, items.len())?;
                let answered = admin.responses.iter().filter(|r| r.value.is_some()).count();
                prop_assert_eq!(score.missing.missing_items as usize, items.len() - answered);
            }
            Err(ScoreError::WrongInstrument { expected, found }) => {
                prop_assert!(wrong_instrument);
                prop_assert_eq!(expected.as_str(), "ca");
                prop_assert_eq!(found.as_str(), "other");
            }
            Err(ScoreError::UnknownItem(item)) => {
                prop_assert!(!known.contains(item.as_str()) && counts.contains_key(item.as_str()),
                    "`{}` is not an unknown item of the administration", item);
            }
            Err(ScoreError::DuplicateResponse(item)) => {
                prop_assert!(known.contains(item.as_str()) && counts[item.as_str()] > 1,
                    "`{}` is not answered twice", item);
            }
            Err(ScoreError::OutOfScale { item, value, min, max }) => {
                prop_assert_eq!((min, max), (0.0, 2.0));
                prop_assert!(
                    admin.responses.iter().any(|r| r.item == item
                        && bad_value(r.value)
                        && r.value.is_some_and(|v| v.to_bits() == value.to_bits())),
                    "`{}` has no response {} off the scale", item, value
                );
            }
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

/// Five answers worth exactly 8 of 10 points (80%), in an order given by `seed`.
fn eighty_percent_of_five(seed: u64) -> Vec<Answer> {
    let patterns: [[u8; 5]; 4] = [
        [4, 4, 4, 2, 2],
        [4, 4, 3, 3, 2],
        [4, 3, 3, 3, 3],
        [4, 4, 4, 4, 0],
    ];
    let mut halves = patterns[usize::try_from(seed % 4).unwrap()];
    shuffle(&mut halves, seed);
    halves.iter().map(|&h| Answer::Half(h)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Administrations whose answered items score exactly 80% in every subscale, with the
    /// other items missing and pro-rated, are at exactly 80% in total and every subscale, so
    /// they meet the inclusive criterion.
    ///
    /// Minimal failing case: subscales of 6, 6, 6 and 5 items (23 in all), `ProRate {
    /// max_missing: 3 }`, each subscale answering five items 2, 2, 2, 1, 1 and leaving its
    /// sixth out. Exactly: 32 of 40 answered points, pro-rated to 36.8 of 46, 80%. The crate
    /// computes points `32 × 46 ÷ 40` = 36.8 (rounded just below), percent
    /// 79.99999999999999, and `criterion_met: Some(false)`. Any total of 23, 41, 46, 51, 82,
    /// … items does the same.
    #[test]
    fn pro_rated_totals_at_exactly_80_percent_meet_the_criterion(
        sizes in prop::collection::vec(5usize..=6, 1..=4),
        seeds in prop::collection::vec(any::<u64>(), 4),
        extra_allowed in 0u32..=2,
        order in any::<u64>(),
    ) {
        let answers: Vec<Vec<Answer>> = sizes
            .iter()
            .zip(&seeds)
            .map(|(&n, &seed)| {
                let mut a = eighty_percent_of_five(seed);
                a.resize(n, Answer::Omitted);
                a
            })
            .collect();
        let missing = u32::try_from(sizes.iter().map(|n| n - 5).sum::<usize>()).unwrap();
        let rule = MissingRule::ProRate { max_missing: missing + extra_allowed };
        let score = assessment(&sizes, rule)
            .score(&administer(&answers, Date::new(2025, 3, 1).unwrap(), ScoreSubject::Unit(id("wake")), order))
            .unwrap();
        let items: usize = sizes.iter().sum();
        for s in &score.subscales {
            prop_assert!(s.percent.is_some_and(|p| p >= 80.0 && close(p, 80.0)), "subscale {}: {:?}", s.subscale, s.percent);
            prop_assert_eq!(s.criterion_met, Some(true), "subscale {}", s.subscale);
        }
        // Pro-rated percents need not land on 80.0 exactly, but not below it.
        prop_assert!(
            score.percent.is_some_and(|p| p >= 80.0 && close(p, 80.0)),
            "{} items, {} missing: percent {:?}", items, missing, score.percent
        );
        prop_assert_eq!(score.criterion_met, Some(true), "{} items, {} missing", items, missing);
    }
}
