//! The example state's IMPACT profile per district, checked by hand against the example data
//! (`examples/data/state_system.json`, `state_events.jsonl`, `sites/`, and the illustrative
//! self-assessment), with the working beside each value.

use implsci::event::{Event, parse_log};
use implsci::framework::impact::{
    Component, EvidenceItem, EvidenceItem as I, ImpactError, ImpactInputs, ImpactParams,
    ImpactProfile, UnitProfile, impact_profile, is_self_assessment,
};
use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, Score};
use implsci::share::Share;
use implsci::system::System;
use implsci::{Document, SiteRecord};

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn system() -> System {
    System::from_json(&read("examples/data/state_system.json")).unwrap()
}

fn events() -> Vec<Event> {
    let log = parse_log(read("examples/data/state_events.jsonl").as_bytes());
    assert!(log.refused.is_empty());
    log.records.into_iter().map(|r| r.value).collect()
}

fn sites() -> Vec<SiteRecord> {
    ["wake", "lincoln-es", "buncombe"]
        .iter()
        .map(|s| SiteRecord::from_json(&read(&format!("examples/data/sites/{s}.json"))).unwrap())
        .collect()
}

fn self_assessment_scores() -> Vec<Score> {
    let doc = InstrumentDocument::from_json(&read("examples/data/impact_self_assessment.json"));
    let instrument = ItemSum::new(doc.unwrap().instrument).unwrap();
    assert!(is_self_assessment(instrument.definition()));
    let admins = read("examples/data/impact_self_assessment_administrations.json");
    AdministrationsDocument::from_json(&admins)
        .unwrap()
        .administrations
        .iter()
        .map(|a| instrument.score(a).unwrap())
        .collect()
}

fn params() -> ImpactParams {
    ImpactParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap())
}

fn unit<'p>(profile: &'p ImpactProfile, id: &str) -> &'p UnitProfile {
    profile
        .units
        .iter()
        .find(|u| u.unit.as_str() == id)
        .unwrap()
}

fn value(u: &UnitProfile, item: EvidenceItem) -> Option<f64> {
    u.item(item).unwrap().value
}

fn share(u: &UnitProfile, item: EvidenceItem) -> Option<Share> {
    u.item(item).unwrap().share
}

/// The self-assessment's mean for one component.
fn self_assessed(u: &UnitProfile, component: Component) -> Option<f64> {
    let c = u.components.iter().find(|c| c.component == component)?;
    c.evidence
        .iter()
        .find(|e| e.item == EvidenceItem::SelfAssessment)?
        .value
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn the_example_state_per_district_by_hand() {
    let (system, events, sites, scores) = (system(), events(), sites(), self_assessment_scores());
    let inputs = ImpactInputs::new(&system)
        .events(&events)
        .sites(&sites)
        .instrument_scores(&scores);
    let profile = impact_profile(&inputs, &params()).unwrap();
    let ids: Vec<&str> = profile.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(ids, ["wake", "durham", "brunswick", "buncombe"]);
    // The coaching window is the school year to the date.
    assert_eq!(profile.window_start.to_string(), "2024-07-01");

    let wake = unit(&profile, "wake");
    // Wake, Lincoln Elementary, Roosevelt Elementary, Jefferson Middle.
    assert_eq!(wake.units, 4);
    // 19 practitioners listed, one left before the date.
    assert_eq!(wake.practitioners, 18);
    // Inclusion. Teams wake-dit (3 active of 4 listed), lincoln-bit (4), roosevelt-bit (2):
    // 9 members, none of them a practitioner of the system.
    assert_eq!(share(wake, I::PractitionersOnTeams), Some(Share::new(0, 9)));
    // Raised at Lincoln (e-0034) and Roosevelt (e-0042); e-0034 resolved by the state team
    // and carried back down to lincoln-bit, e-0042 still open.
    assert_eq!(value(wake, I::PracticeItemsRaised), Some(2.0));
    assert_eq!(share(wake, I::PracticeItemsClosed), Some(Share::new(1, 2)));
    // Meaningful leadership: Wake and Lincoln rate technical leadership in place; adaptive
    // in place at Lincoln only (partially at Wake). Rated at 2 of Wake's 4 units.
    assert_eq!(share(wake, I::TechnicalLeadership), Some(Share::new(2, 2)));
    assert_eq!(share(wake, I::AdaptiveLeadership), Some(Share::new(1, 2)));
    assert_eq!(
        wake.item(I::TechnicalLeadership).unwrap().coverage,
        Some(Share::new(2, 4))
    );
    // Professional learning: training e-0001 had lincoln-t1..t6 and roosevelt-t1..t5: 11.
    assert_eq!(
        share(wake, I::PractitionersTrained),
        Some(Share::new(11, 18))
    );
    // Hours in the window: lincoln-t1 1 + 0.5 + 1 + 0.5 = 3, roosevelt-t1 1; 4 over 18.
    assert!(close(value(wake, I::CoachingHours), 4.0 / 18.0));
    assert_eq!(
        wake.item(I::CoachingHours).unwrap().coverage,
        Some(Share::new(2, 18))
    );
    // Plans e-0003 and e-0004, every 14 days from 2 September: 151 days to 31 January, 10
    // cycles each; lincoln-t1 completed 2 cycles, roosevelt-t1's one cycle is incomplete.
    assert_eq!(share(wake, I::CyclesDelivered), Some(Share::new(2, 20)));
    // Assess & adjust: observations after 1 August 2024 of lincoln-t1 and roosevelt-t1.
    assert_eq!(share(wake, I::FidelityAssessed), Some(Share::new(2, 18)));
    // pdsa-1 at Wake has plan, do, study and act by 31 January; pdsa-2 begins 3 February.
    assert_eq!(share(wake, I::PdsaEveryPhase), Some(Share::new(1, 1)));
    // Decision support data in place at Wake, not in place at Lincoln.
    assert_eq!(share(wake, I::DecisionSupportData), Some(Share::new(1, 2)));
    // Teams: wake-dit is supported by central-rit, which the state team supports.
    assert_eq!(value(wake, I::OwnConnectedTeam), Some(1.0));
    // Roosevelt's team has no supports link: its chain breaks; the other three hold.
    assert_eq!(share(wake, I::ChainUnbroken), Some(Share::new(3, 4)));
    // central-rit → wake-dit, wake-dit → lincoln-bit.
    assert_eq!(value(wake, I::VerticalLinks), Some(2.0));
    // wake-dit collaborates with brunswick-dit.
    assert_eq!(value(wake, I::HorizontalLinks), Some(1.0));
    // roosevelt-bit has 2 members, below the minimum of 3.
    assert_eq!(share(wake, I::TeamsWithinSize), Some(Share::new(2, 3)));
    // The self-assessment (0–3, two items a component): inclusion 2 + 1 of 6 = 50%;
    // collective efficacy 2 + 2 of 6.
    assert!(close(self_assessed(wake, Component::Inclusion), 50.0));
    assert!(close(
        self_assessed(wake, Component::CollectiveEfficacy),
        400.0 / 6.0
    ));
    // A self-assessment was given, not a collective efficacy instrument of its own.
    assert_eq!(value(wake, I::InstrumentScore), None);

    let durham = unit(&profile, "durham");
    // Durham has no team of its own; Hillside's team is supported from the region, and
    // Parkwood's is not.
    assert_eq!(value(durham, I::OwnConnectedTeam), Some(0.0));
    assert_eq!(share(durham, I::ChainUnbroken), Some(Share::new(2, 3)));
    // Nothing raised in Durham: zero items, and a share of none is no data, not 0%.
    assert_eq!(value(durham, I::PracticeItemsRaised), Some(0.0));
    assert_eq!(value(durham, I::PracticeItemsClosed), None);
    // No plan in Durham: nothing planned, no data; no training: 0 of 9 trained.
    assert_eq!(value(durham, I::CyclesDelivered), None);
    assert_eq!(
        share(durham, I::PractitionersTrained),
        Some(Share::new(0, 9))
    );
    // No site record in Durham: no data, not "not in place".
    assert_eq!(value(durham, I::TechnicalLeadership), None);

    let brunswick = unit(&profile, "brunswick");
    // brunswick-dit has no supports link from above: every chain in Brunswick breaks.
    assert_eq!(share(brunswick, I::ChainUnbroken), Some(Share::new(0, 3)));
    // Southport's item e-0032 is still open.
    assert_eq!(
        share(brunswick, I::PracticeItemsClosed),
        Some(Share::new(0, 1))
    );

    let buncombe = unit(&profile, "buncombe");
    // Training e-0002: erwin-t1..t6 and enka-t1..t4, every active practitioner.
    assert_eq!(
        share(buncombe, I::PractitionersTrained),
        Some(Share::new(10, 10))
    );
    // Plan e-0005 every 21 days from 3 September: 150 days, 7 cycles; one completed.
    assert_eq!(share(buncombe, I::CyclesDelivered), Some(Share::new(1, 7)));
    // The mentor check-out success at Erwin (e-0043) was resolved and carried back.
    assert_eq!(
        share(buncombe, I::PracticeItemsClosed),
        Some(Share::new(1, 1))
    );
    // Technical leadership partially in place: 0 of 1 rated in place.
    assert_eq!(
        share(buncombe, I::TechnicalLeadership),
        Some(Share::new(0, 1))
    );
    // mountain-rit → buncombe-dit, buncombe-dit → erwin-bit and → enka-bit.
    assert_eq!(value(buncombe, I::VerticalLinks), Some(3.0));
}

#[test]
fn evidence_from_an_input_not_given_is_no_data() {
    let system = system();
    let profile = impact_profile(&ImpactInputs::new(&system), &params()).unwrap();
    for u in &profile.units {
        for e in u.components.iter().flat_map(|c| &c.evidence) {
            let from_system = e.source == implsci::framework::impact::EvidenceSource::System;
            assert_eq!(
                e.value.is_some(),
                from_system,
                "{} {:?}: {:?}",
                u.unit,
                e.item,
                e.value
            );
        }
    }
    // The table shows it in words.
    assert!(profile.to_string().contains("no data"));
}

#[test]
fn a_collective_efficacy_instrument_of_the_users_own() {
    // An instrument whose subscales are not components: its total is Collective efficacy.
    let system = system();
    let dca = InstrumentDocument::from_json(&read("examples/data/dca_instrument.json")).unwrap();
    let dca = ItemSum::new(dca.instrument).unwrap();
    assert!(!is_self_assessment(dca.definition()));
    let admins =
        AdministrationsDocument::from_json(&read("examples/data/dca_administrations.json"));
    let scores: Vec<Score> = admins
        .unwrap()
        .administrations
        .iter()
        .map(|a| dca.score(a).unwrap())
        .collect();
    let profile = impact_profile(
        &ImpactInputs::new(&system).instrument_scores(&scores),
        &params(),
    )
    .unwrap();
    let wake = unit(&profile, "wake");
    // Wake's latest DCA on or before the date, as the rollup of its own score gives it.
    let own = scores
        .iter()
        .filter(
            |s| matches!(&s.subject, implsci::score::ScoreSubject::Unit(u) if u.as_str() == "wake"),
        )
        .filter(|s| s.date <= "2025-01-31".parse().unwrap())
        .max_by_key(|s| s.date)
        .and_then(|s| s.percent);
    assert!(own.is_some());
    assert_eq!(value(wake, EvidenceItem::InstrumentScore), own);
    assert!(
        wake.components
            .iter()
            .flat_map(|c| &c.evidence)
            .all(|e| e.item != EvidenceItem::SelfAssessment)
    );
}

#[test]
fn a_level_the_system_lacks_and_a_window_after_the_date_are_refused() {
    let system = system();
    let mut params = params();
    params.window_start = Some("2025-02-01".parse().unwrap());
    let err = impact_profile(&ImpactInputs::new(&system), &params).unwrap_err();
    assert!(matches!(err, ImpactError::WindowAfterDate { .. }), "{err}");
    let params = ImpactParams::new("county".parse().unwrap(), "2025-01-31".parse().unwrap());
    let err = impact_profile(&ImpactInputs::new(&system), &params).unwrap_err();
    assert!(err.to_string().contains("no level `county`"));
}

#[test]
fn the_csv_is_tidy_one_row_per_unit_and_item() {
    let (system, events) = (system(), events());
    let profile = impact_profile(&ImpactInputs::new(&system).events(&events), &params()).unwrap();
    let mut out = Vec::new();
    profile.write_csv(&mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, implsci::framework::impact::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4 * EvidenceItem::ALL.len());
    let trained = rows
        .iter()
        .find(|r| &r[2] == "wake" && &r[5] == "practitioners_trained")
        .unwrap();
    assert_eq!((&trained[7], &trained[8]), ("11", "18"));
    // No data is an empty value, never 0.
    let leadership = rows
        .iter()
        .find(|r| &r[2] == "wake" && &r[5] == "technical_leadership")
        .unwrap();
    assert_eq!(&leadership[6], "");
}

#[test]
fn the_json_names_items_as_the_csv_does() {
    for item in EvidenceItem::ALL {
        let json = serde_json::to_value(item).unwrap();
        assert_eq!(json.as_str(), Some(item.id()));
    }
    let json = serde_json::to_value(EvidenceItem::SelfAssessment).unwrap();
    assert_eq!(json.as_str(), Some(EvidenceItem::SelfAssessment.id()));
}

#[test]
fn one_innovation_of_two_looked_at() {
    // tests/fixtures/innovations: a district running check-in-check-out at Lincoln and the
    // Good Behavior Game at Parkwood, with wake-dit serving both.
    let system = System::from_json(&read("tests/fixtures/innovations/system.json")).unwrap();
    let log = parse_log(read("tests/fixtures/innovations/events.jsonl").as_bytes());
    let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
    let inputs = ImpactInputs::new(&system).events(&events);
    let every = impact_profile(&inputs, &params()).unwrap();
    let mut gbg_params = params();
    gbg_params.innovation = Some("good-behavior-game".parse().unwrap());
    let gbg = impact_profile(&inputs, &gbg_params).unwrap();
    assert_eq!(
        gbg.innovation
            .as_ref()
            .map(implsci::id::InnovationId::as_str),
        Some("good-behavior-game")
    );
    let (all, one) = (&every.units[0], &gbg.units[0]);
    // Teams: all three; for the game, wake-dit (no focus list) and parkwood-bit, 3 members
    // each, and the one link between them.
    assert_eq!(share(all, I::PractitionersOnTeams), Some(Share::new(0, 9)));
    assert_eq!(share(one, I::PractitionersOnTeams), Some(Share::new(0, 6)));
    assert_eq!(value(all, I::VerticalLinks), Some(2.0));
    assert_eq!(value(one, I::VerticalLinks), Some(1.0));
    // Loop items: e-3 (check-in-check-out), e-4 (the game), e-5 (no innovation).
    assert_eq!(value(all, I::PracticeItemsRaised), Some(3.0));
    assert_eq!(value(one, I::PracticeItemsRaised), Some(2.0));
    // Plans every 14 days from 2 September: 10 cycles each by 31 January; one is the game's.
    assert_eq!(
        share(all, I::CyclesDelivered).map(|s| s.denominator),
        Some(20)
    );
    assert_eq!(
        share(one, I::CyclesDelivered).map(|s| s.denominator),
        Some(10)
    );
    // Hours: 1 for check-in-check-out, 2 for the game.
    assert_eq!(
        value(all, I::CoachingHours).map(|h| h * count(all.practitioners)),
        Some(3.0)
    );
    assert_eq!(
        value(one, I::CoachingHours).map(|h| h * count(one.practitioners)),
        Some(2.0)
    );
    assert!(gbg.to_string().starts_with(
        "IMPACT profile, level district, as of 2025-01-31, innovation good-behavior-game\n"
    ));
}

/// A count as a number.
fn count(n: u64) -> f64 {
    f64::from(u32::try_from(n).unwrap())
}

#[test]
fn the_first_and_last_days_jiff_knows_are_read_without_a_panic() {
    let (system, events) = (system(), events());
    for date in [jiff::civil::Date::MIN, jiff::civil::Date::MAX] {
        let mut params = params();
        params.as_of = date;
        params.assessment_days = u32::MAX;
        let inputs = ImpactInputs::new(&system).events(&events);
        let profile = impact_profile(&inputs, &params).unwrap();
        assert_eq!(profile.units.len(), 4);
        assert!(profile.window_start <= date);
    }
}
