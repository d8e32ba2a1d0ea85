//! Tests of `cfir`.

use super::*;

fn unit(s: &str) -> UnitId {
    s.parse().unwrap()
}

fn item(s: &str) -> ItemId {
    s.parse().unwrap()
}

fn study() -> CfirRatings {
    use Rating as R;
    let mut r = CfirRatings::new();
    let mut complexity = Construct::new(item("complexity"), "Complexity", "Innovation");
    complexity.direction = RatingDirection::Reverse;
    let mut source = Construct::new(item("source"), "Innovation Source", "Innovation");
    source.source = Some(InnovationSource::External);
    r.constructs.push(source);
    r.constructs.push(complexity);
    r.constructs.push(Construct::new(
        item("leadership"),
        "Leadership Engagement",
        "Inner Setting",
    ));
    for (site, ratings) in [
        ("h1", [R::PlusOne, R::MinusOne, R::PlusTwo]),
        ("h2", [R::Neutral, R::MinusTwo, R::PlusTwo]),
        ("l1", [R::Neutral, R::Mixed, R::MinusOne]),
    ] {
        for (c, rating) in ["source", "complexity", "leadership"].iter().zip(ratings) {
            r.rate(unit(site), item(c), rating);
        }
    }
    // l2 has leadership only, and complexity does not apply there.
    r.rate(unit("l2"), item("leadership"), R::Neutral);
    r.rate(unit("l2"), item("complexity"), R::NotApplicable);
    r
}

#[test]
fn codes_round_trip_and_match_the_schema() {
    for r in Rating::ALL {
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, format!("\"{}\"", r.code()));
        assert_eq!(serde_json::from_str::<Rating>(&json).unwrap(), r);
        assert_eq!(r.code().parse::<Rating>().unwrap(), r);
        assert_eq!(r.reversed().reversed(), r);
    }
    let schema = serde_json::to_value(schemars::schema_for!(Rating)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for r in Rating::ALL {
        assert!(validator.is_valid(&serde_json::to_value(r).unwrap()));
    }
    for bad in ["1", "2", "+0", "-0", "x", "m", "N/A", "na", ""] {
        assert!(!validator.is_valid(&serde_json::Value::from(bad)), "{bad}");
        assert!(
            serde_json::from_value::<Rating>(bad.into()).is_err(),
            "{bad}"
        );
        assert!(bad.parse::<Rating>().is_err(), "{bad}");
    }
}

#[test]
fn matrix_and_counts_by_hand() {
    use Rating as R;
    let m = study().matrix().unwrap();
    let sites: Vec<&str> = m.rows.iter().map(|r| r.site.as_str()).collect();
    assert_eq!(sites, ["h1", "h2", "l1", "l2"]);
    // l2 did not rate source: missing.
    assert_eq!(
        m.rows[3].ratings,
        [R::Missing, R::NotApplicable, R::Neutral]
    );
    let source = m.counts[0].counts;
    assert_eq!(
        (
            source.plus_one,
            source.neutral,
            source.missing,
            source.rated()
        ),
        (1, 2, 1, 3)
    );
    let complexity = m.counts[1].counts;
    assert_eq!(
        (
            complexity.minus_two,
            complexity.minus_one,
            complexity.mixed,
            complexity.not_applicable
        ),
        (1, 1, 1, 1)
    );
    let leadership = m.counts[2].counts;
    assert_eq!(
        (
            leadership.plus_two,
            leadership.minus_one,
            leadership.neutral
        ),
        (2, 1, 1)
    );
    // Counts per construct add up to the number of sites.
    for c in &m.counts {
        let total: u32 = Rating::ALL.iter().map(|&r| c.counts.count(r)).sum();
        assert_eq!(total, 4);
    }
    // The reverse flag and the source are carried, and ratings are not flipped.
    assert_eq!(m.constructs[1].direction, RatingDirection::Reverse);
    assert_eq!(m.constructs[0].source, Some(InnovationSource::External));
    assert_eq!(
        m.rating(&unit("h2"), &item("complexity")),
        Some(R::MinusTwo)
    );
}

#[test]
fn tidy_csv() {
    let mut out = Vec::new();
    study().matrix().unwrap().write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 4 * 3);
    assert_eq!(lines[0], "site,construct,domain,rating");
    assert_eq!(lines[1], "h1,source,Innovation,+1");
    assert_eq!(lines[4], "h2,source,Innovation,0");
    assert_eq!(lines[11], "l2,complexity,Innovation,NA");
    assert_eq!(lines[12], "l2,leadership,Inner Setting,0");
    // Nothing is ever written empty.
    assert!(lines.iter().all(|l| !l.ends_with(',')));
}

#[test]
fn contrast_is_descriptive() {
    let m = study().matrix().unwrap();
    let high = [unit("h1"), unit("h2")];
    let low = [unit("l1"), unit("l2")];
    let c = m.contrast(&high, &low).unwrap();
    let listed: Vec<(&str, Separation)> = c
        .iter()
        .map(|c| (c.construct.as_str(), c.separation))
        .collect();
    // source: high {+1, 0} vs low {0}: differ, overlapping at 0.
    // complexity: high {-1, -2} vs low {X} (NA set aside): low rated above.
    // leadership: high {+2} vs low {-1, 0}: high above.
    assert_eq!(
        listed,
        [
            ("source", Separation::Overlapping),
            ("complexity", Separation::SecondHigher),
            ("leadership", Separation::FirstHigher),
        ]
    );
    assert_eq!(c[1].second.not_applicable, 1);
    // Same codes in both groups: not listed.
    let same = m.contrast(&[unit("h2")], &[unit("l1")]).unwrap();
    assert!(same.iter().all(|c| c.construct.as_str() != "source"));
    // A group with no rated site for a construct: not listed.
    let only_l2 = m.contrast(&[unit("h1")], &[unit("l2")]).unwrap();
    assert!(only_l2.iter().all(|c| c.construct.as_str() == "leadership"));
    // Errors.
    assert_eq!(
        m.contrast(&[unit("h1")], &[unit("zz")]),
        Err(ContrastError::UnknownSite(unit("zz")))
    );
    assert_eq!(
        m.contrast(&[unit("h1")], &[unit("h1")]),
        Err(ContrastError::InBothGroups(unit("h1")))
    );
    assert_eq!(m.contrast(&[], &[]), Ok(Vec::new()));
}

#[test]
fn every_problem_is_reported() {
    let mut r = study();
    r.constructs
        .push(Construct::new(item("leadership"), " ", "Inner Setting"));
    r.rate(unit("h1"), item("culture"), Rating::Neutral);
    r.rate(unit("h1"), item("source"), Rating::Neutral);
    r.sites.push(SiteRatings::new(unit("h2")));
    let problems = r.matrix().unwrap_err().into_problems();
    let got: Vec<(&str, ProblemKind)> =
        problems.iter().map(|p| (p.path.as_str(), p.kind)).collect();
    assert_eq!(
        got,
        [
            ("$.constructs[3].id", ProblemKind::DuplicateId),
            ("$.constructs[3].name", ProblemKind::EmptyText),
            (
                "$.sites[0].ratings[3].construct",
                ProblemKind::DanglingReference
            ),
            ("$.sites[0].ratings[4].construct", ProblemKind::DuplicateId),
            ("$.sites[4].site", ProblemKind::DuplicateId),
        ]
    );
}

#[test]
fn reads_strictly_and_round_trips() {
    let json = r#"{"constructs":[{"id":"complexity","name":"Complexity","domain":"Innovation","direction":"reverse"},{"id":"source","name":"Innovation Source","domain":"Innovation","source":"internal"}],"sites":[{"site":"a","ratings":[{"construct":"complexity","rating":"-1"}]}]}"#;
    let r: CfirRatings = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), json);
    assert!(
        serde_json::from_str::<Construct>(
            r#"{"id":"c","name":"C","domain":"D","reverse_rated":true}"#
        )
        .is_err()
    );
    assert!(serde_json::from_str::<ConstructRating>(r#"{"construct":"c","rating":2}"#).is_err());
}

#[test]
fn classes_carry_the_codes() {
    let m = study().matrix().unwrap();
    let classes = m.classes(&unit("l2")).unwrap();
    let got: Vec<(&str, &str)> = classes
        .iter()
        .map(|c| (c.item.as_str(), c.class.as_str()))
        .collect();
    assert_eq!(
        got,
        [("source", "M"), ("complexity", "NA"), ("leadership", "0")]
    );
    assert_eq!(m.classes(&unit("zz")), None);
}

#[test]
fn matrix_matches_its_schema() {
    let r = study();
    let schema = serde_json::to_value(schemars::schema_for!(CfirMatrix)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let m = r.matrix().unwrap();
    let json = serde_json::to_value(&m).unwrap();
    assert!(validator.is_valid(&json), "{json}");
    let contrast = serde_json::to_value(
        m.contrast(&[unit("h1"), unit("h2")], &[unit("l1")])
            .unwrap(),
    )
    .unwrap();
    let schema = serde_json::to_value(schemars::schema_for!(Vec<ConstructContrast>)).unwrap();
    assert!(
        jsonschema::validator_for(&schema)
            .unwrap()
            .is_valid(&contrast)
    );
    let input = serde_json::to_value(schemars::schema_for!(CfirRatings)).unwrap();
    let input = jsonschema::validator_for(&input).unwrap();
    assert!(input.is_valid(&serde_json::to_value(&r).unwrap()));
    assert!(!input.is_valid(&serde_json::json!({"constructs": [], "sites": [{"site": "a", "ratings": [{"construct": "c", "rating": "2"}]}]})));
}

#[test]
fn a_construct_source_stands_for_every_site_that_codes_none() {
    // A document from before per-site coding: the source is set on the construct.
    let json = r#"{"constructs":[{"id":"source","name":"Innovation Source","domain":"Innovation","source":"internal"}],"sites":[{"site":"a","ratings":[{"construct":"source","rating":"0"}]},{"site":"b","ratings":[]}]}"#;
    let r: CfirRatings = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), json);
    let m = r.matrix().unwrap();
    for site in ["a", "b"] {
        assert_eq!(
            m.source(&unit(site), &item("source")),
            Some(InnovationSource::Internal)
        );
    }
    // A site's own code wins over the construct's.
    let mut r = r;
    r.code_source(unit("c"), item("source"), InnovationSource::External);
    let m = r.matrix().unwrap();
    assert_eq!(
        m.source(&unit("c"), &item("source")),
        Some(InnovationSource::External)
    );
    assert_eq!(m.rows[2].sources, [Some(InnovationSource::External)]);
    assert_eq!(m.rating(&unit("c"), &item("source")), Some(Rating::Missing));
}

#[test]
fn sources_are_coded_per_site() {
    let mut r = CfirRatings::new();
    r.constructs.push(Construct::new(
        item("source"),
        "Intervention Source",
        "Intervention Characteristics",
    ));
    r.constructs.push(Construct::new(
        item("cost"),
        "Cost",
        "Intervention Characteristics",
    ));
    r.code_source(unit("200"), item("source"), InnovationSource::External);
    r.code_source(unit("400"), item("source"), InnovationSource::Internal);
    r.rate(unit("500"), item("cost"), Rating::Neutral);
    let m = r.matrix().unwrap();
    let got: Vec<Option<InnovationSource>> = ["200", "400", "500"]
        .iter()
        .map(|s| m.source(&unit(s), &item("source")))
        .collect();
    assert_eq!(
        got,
        [
            Some(InnovationSource::External),
            Some(InnovationSource::Internal),
            None
        ]
    );
    assert_eq!(m.source(&unit("200"), &item("cost")), None);
    // A source entry with no rating reads as missing, and a source is not a rating.
    let e: ConstructRating =
        serde_json::from_str(r#"{"construct":"source","source":"external"}"#).unwrap();
    assert_eq!(
        e,
        ConstructRating::source(item("source"), InnovationSource::External)
    );
    assert!(
        serde_json::from_str::<ConstructRating>(r#"{"construct":"source","source":"E"}"#).is_err()
    );
    // The matrix's JSON carries the per-site codes, and matches its schema.
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["rows"][1]["sources"][0], "internal");
    let schema = serde_json::to_value(schemars::schema_for!(CfirMatrix)).unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&json));
}
