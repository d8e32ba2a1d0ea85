//! Several innovations at once, and de-implementation: loads against one capacity, filters by
//! innovation, and the rules the documents keep.

use implsci::coaching::about_innovation;
use implsci::coaching::measures::{Window, coaching_report};
use implsci::event::{Event, parse_log};
use implsci::improvement::loops::LoopMeasure;
use implsci::measure::fold;
use implsci::system::{AlignmentParams, System, When};
use implsci::{Document, SiteRecord};

const DIR: &str = "tests/fixtures/innovations";

fn system() -> System {
    System::from_json(&std::fs::read_to_string(format!("{DIR}/system.json")).unwrap()).unwrap()
}

fn lincoln() -> SiteRecord {
    SiteRecord::from_json(&std::fs::read_to_string(format!("{DIR}/lincoln.json")).unwrap()).unwrap()
}

fn events() -> Vec<Event> {
    let log = parse_log(&std::fs::read(format!("{DIR}/events.jsonl")).unwrap());
    log.records.into_iter().map(|r| r.value).collect()
}

fn on(date: &str) -> AlignmentParams {
    AlignmentParams::default().when(When::On(date.parse().unwrap()))
}

#[test]
fn two_innovations_count_against_one_capacity() {
    let report = system().alignment(&AlignmentParams::default());
    let coach = &report.coaches[0];
    assert_eq!(coach.all_innovations, Some(1));
    let parts: Vec<_> = coach
        .by_innovation
        .iter()
        .map(|l| (l.innovation.as_str(), l.practitioners, l.de_implemented))
        .collect();
    assert_eq!(
        parts,
        [("check-in-check-out", 3, 0), ("good-behavior-game", 3, 0)]
    );
    // 1 for every innovation + 3 + 3: lincoln-t1, in both lists, counts twice.
    assert_eq!((coach.load.numerator, coach.load.denominator), (7, 5));
    assert!(coach.overloaded);
    assert_eq!(report.practitioners_coached.numerator, 6);
}

#[test]
fn de_implementation_frees_capacity_from_its_date() {
    let system = system();
    let sites = [lincoln()];
    let before = system.alignment_with(&on("2025-01-31"), &sites);
    let after = system.alignment_with(&on("2025-02-01"), &sites);
    let gbg = |r: &implsci::system::AlignmentReport| {
        let l = &r.coaches[0].by_innovation[1];
        (l.practitioners, l.de_implemented)
    };
    assert_eq!(gbg(&before), (3, 0));
    assert_eq!(before.coaches[0].load.numerator, 7);
    // lincoln-t1 and lincoln-t4 are at Lincoln, which de-implemented the game; parkwood-t2 is not.
    assert_eq!(gbg(&after), (1, 2));
    assert_eq!(after.coaches[0].load.numerator, 5);
    assert!(!after.coaches[0].overloaded);
    // CICO at Lincoln is untouched.
    assert_eq!(after.coaches[0].by_innovation[0].practitioners, 3);
    // Without the site records nothing is freed.
    assert_eq!(
        system.alignment(&on("2025-02-01")).coaches[0]
            .load
            .numerator,
        7
    );
}

#[test]
fn de_implementation_at_an_ancestor_covers_the_units_below() {
    let system = system();
    let mut district = SiteRecord::new("wake".parse().unwrap());
    let mut history = lincoln().stages[1].clone();
    history.de_implemented.as_mut().unwrap().date = "2025-03-01".parse().unwrap();
    district.stages.push(history);
    let report = system.alignment_with(&on("2025-03-01"), &[district]);
    let gbg = &report.coaches[0].by_innovation[1];
    assert_eq!((gbg.practitioners, gbg.de_implemented), (0, 3));
}

#[test]
fn alignment_filtered_by_innovation() {
    let system = system();
    let cico = system
        .alignment(&AlignmentParams::default().innovation("check-in-check-out".parse().unwrap()));
    let teams: Vec<_> = cico.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(teams, ["wake-dit", "lincoln-cico-team"]);
    let coach = &cico.coaches[0];
    assert_eq!(coach.by_innovation.len(), 1);
    assert_eq!(coach.load.numerator, 4); // 1 for every innovation + 3 for CICO
    // Parkwood's team works on the game only: for CICO, Parkwood has no team.
    let parkwood = cico.unit(&"parkwood-es".parse().unwrap()).unwrap();
    let all = system.alignment(&AlignmentParams::default());
    let parkwood_all = all.unit(&"parkwood-es".parse().unwrap()).unwrap();
    assert_ne!(parkwood.chain, parkwood_all.chain);
}

#[test]
fn site_lists_de_implemented_innovations_apart() {
    let record = lincoln();
    let (active, ended) = record.innovations_on("2025-01-31".parse().unwrap());
    assert_eq!((active.len(), ended.len()), (2, 0));
    let (active, ended) = record.innovations_on("2025-02-01".parse().unwrap());
    assert_eq!(active[0].innovation.as_str(), "check-in-check-out");
    assert_eq!(ended[0].innovation.as_str(), "good-behavior-game");
}

#[test]
fn coaching_filtered_by_innovation() {
    let events = events();
    let window = Window::new("2024-09-01".parse().unwrap(), "2024-09-30".parse().unwrap()).unwrap();
    let as_of = "2024-09-30".parse().unwrap();
    let all = coaching_report(&events, window, as_of);
    assert_eq!(all.practitioners.len(), 2);
    let gbg = about_innovation(&events, &"good-behavior-game".parse().unwrap());
    let report = coaching_report(&gbg, window, as_of);
    let who: Vec<_> = report
        .practitioners
        .iter()
        .map(|p| p.practitioner.as_str())
        .collect();
    assert_eq!(who, ["lincoln-t4"]);
    assert!((report.practitioners[0].hours - 2.0).abs() < 1e-9);
}

#[test]
fn loops_filtered_by_innovation() {
    let system = system();
    let events = events();
    let as_of = "2024-11-01".parse().unwrap();
    let all = fold(&events, LoopMeasure::new(&system, as_of));
    assert_eq!(all.items.len(), 3);
    let cico = fold(
        &events,
        LoopMeasure::new(&system, as_of).innovation("check-in-check-out".parse().unwrap()),
    );
    let ids: Vec<_> = cico.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["e-3", "e-5"]); // its own and the one about no innovation
    assert_eq!(cico.open, 2);
    assert_eq!(
        cico.items[0]
            .innovation
            .as_ref()
            .map(implsci::id::InnovationId::as_str),
        Some("check-in-check-out")
    );
}

fn problems(json: &str) -> Vec<(String, String)> {
    let e = SiteRecord::from_json(json).unwrap_err();
    e.problems()
        .iter()
        .map(|p| (p.path.clone(), p.kind.to_string()))
        .collect()
}

fn lincoln_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/lincoln.json")).unwrap())
            .unwrap();
    edit(&mut v);
    v.to_string()
}

#[test]
fn de_implementation_dated_before_the_last_entry_is_refused() {
    let json = lincoln_with(|v| v["stages"][1]["de_implemented"]["date"] = "2024-02-01".into());
    let found = problems(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "$.stages[1].de_implemented.date");
    // On the day of the last entry is allowed.
    let json = lincoln_with(|v| v["stages"][1]["de_implemented"]["date"] = "2024-03-01".into());
    SiteRecord::from_json(&json).unwrap();
}

#[test]
fn driver_rating_for_an_unknown_innovation_is_refused() {
    let json = lincoln_with(|v| v["drivers"][1]["innovation"] = "pbis".into());
    let found = problems(&json);
    assert_eq!(
        found,
        [("$.drivers[1].innovation".to_string(), found[0].1.clone())]
    );
}

#[test]
fn same_driver_and_date_for_two_innovations_is_allowed_but_not_twice_for_one() {
    let json = lincoln_with(|v| v["drivers"][1]["date"] = "2024-01-01".into());
    SiteRecord::from_json(&json).unwrap(); // site-wide and CICO on the same day
    let json = lincoln_with(|v| {
        let d = v["drivers"][1].clone();
        v["drivers"].as_array_mut().unwrap().push(d);
    });
    assert_eq!(problems(&json)[0].0, "$.drivers[2].date");
}

fn system_problems(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/system.json")).unwrap())
            .unwrap();
    edit(&mut v);
    match System::from_json(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().iter().map(|p| p.path.clone()).collect(),
    }
}

#[test]
fn innovation_caseload_mistakes_are_refused_with_paths() {
    let lists = "/coaches/0/innovation_caseloads";
    // In the caseload for every innovation and again for one.
    let found = system_problems(|v| {
        v.pointer_mut(lists).unwrap()[0]["practitioners"][0] = "parkwood-t1".into();
    });
    assert_eq!(
        found,
        ["$.coaches[0].innovation_caseloads[0].practitioners[0]"]
    );
    // Twice in one list.
    let found = system_problems(|v| {
        v.pointer_mut(lists).unwrap()[0]["practitioners"][1] = "lincoln-t1".into();
    });
    assert_eq!(
        found,
        ["$.coaches[0].innovation_caseloads[0].practitioners[1]"]
    );
    // Two lists for one innovation.
    let found = system_problems(|v| {
        v.pointer_mut(lists).unwrap()[1]["innovation"] = "check-in-check-out".into();
    });
    assert_eq!(found, ["$.coaches[0].innovation_caseloads[1].innovation"]);
    // An unknown practitioner.
    let found = system_problems(|v| {
        v.pointer_mut(lists).unwrap()[1]["practitioners"][2] = "nobody".into();
    });
    assert_eq!(
        found,
        ["$.coaches[0].innovation_caseloads[1].practitioners[2]"]
    );
    // One practitioner in two innovations' lists is allowed.
    assert!(system_problems(|_| {}).is_empty());
}

#[test]
fn an_innovation_caseload_of_nobody_is_refused() {
    let json = std::fs::read_to_string("tests/fixtures/innovations/system.json").unwrap();
    let json = json.replacen(
        r#""innovation_caseloads": ["#,
        r#""innovation_caseloads": [{"innovation": "pbis"}, "#,
        1,
    );
    let Err(err) = System::from_json(&json) else {
        panic!("an empty caseload was accepted");
    };
    let text = err.to_string();
    assert!(
        text.contains("$.coaches[0].innovation_caseloads[0].practitioners: out_of_range"),
        "{text}"
    );
    // An innovation's caseload keeps no extensions of its own: refused as unknown.
    let json = std::fs::read_to_string("tests/fixtures/innovations/system.json").unwrap();
    let json = json.replacen(
        r#""innovation_caseloads": ["#,
        r#""innovation_caseloads": [{"innovation": "pbis", "practitioners": ["lincoln-t4"], "extensions": {}}, "#,
        1,
    );
    let Err(err) = System::from_json(&json) else {
        panic!("extensions on an innovation's caseload were accepted");
    };
    assert!(
        err.to_string().contains("unknown field `extensions`"),
        "{err}"
    );
}
