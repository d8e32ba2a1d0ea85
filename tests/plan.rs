//! Plans applied to the example state: the chain of support before and after, dates that
//! leave actions out, links ended, innovations de-implemented, and every problem of a bad plan
//! at once with its path.

use implsci::plan::{Action, Plan, TrainingComponent};
use implsci::system::{AlignmentParams, Chain, System, SystemDocument, When};
use implsci::{Document, ProblemKind};
use jiff::civil::{Date, date};

fn state() -> SystemDocument {
    SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json").unwrap())
        .unwrap()
}

fn example_plan() -> Plan {
    Plan::from_json(&std::fs::read_to_string("examples/data/plan_coastal.json").unwrap()).unwrap()
}

fn plan(json: &str) -> Plan {
    let text = format!(r#"{{"kind": "plan", "schema_version": "1.0.0", "actions": [{json}]}}"#);
    Plan::from_json_slice_unvalidated(text.as_bytes()).unwrap()
}

/// The chain of a unit in the alignment report of `doc`, on `when`.
fn chain(doc: SystemDocument, unit: &str, when: When) -> Chain {
    let report = System::build(doc)
        .unwrap()
        .alignment(&AlignmentParams::default().when(when));
    report
        .units
        .into_iter()
        .find(|u| u.unit.as_str() == unit)
        .unwrap()
        .chain
}

#[test]
fn forming_the_missing_teams_mends_the_broken_chains() {
    let system = state();
    let plan = example_plan();
    plan.validate_against(&system).unwrap();
    for unit in ["brunswick", "southport-es", "leland-ms"] {
        assert!(
            matches!(
                chain(system.clone(), unit, When::Current),
                Chain::Broken { .. }
            ),
            "{unit} is broken before the plan"
        );
    }
    let planned = plan.apply(&system, date(2025, 9, 1)).unwrap();
    assert_eq!(planned.teams.len(), system.teams.len() + 2);
    let leland = planned
        .teams
        .iter()
        .find(|t| t.id.as_str() == "leland-bit")
        .unwrap();
    assert_eq!(
        leland.start,
        Some(date(2025, 2, 3)),
        "start set to the action's date"
    );
    for unit in ["coastal", "brunswick", "southport-es", "leland-ms"] {
        assert_eq!(
            chain(planned.clone(), unit, When::Current),
            Chain::OwnTeam,
            "{unit}"
        );
    }
    // Other units keep their chains: Roosevelt is still unlinked.
    assert!(matches!(
        chain(planned.clone(), "roosevelt-es", When::Current),
        Chain::Broken { .. }
    ));
    // The coach and its caseload for the innovation are there.
    let coach = planned
        .coaches
        .iter()
        .find(|c| c.id.as_str() == "coach-brunswick-1")
        .unwrap();
    assert_eq!(coach.innovation_caseloads[0].practitioners.len(), 9);
    assert!(coach.caseload.is_empty());
}

#[test]
fn an_action_after_the_date_is_left_out() {
    let system = state();
    let plan = example_plan();
    // On 2025-01-31 the regional team is formed and linked, Leland's team not yet.
    let january = plan.apply(&system, date(2025, 1, 31)).unwrap();
    assert!(january.teams.iter().any(|t| t.id.as_str() == "coastal-rit"));
    assert!(january.teams.iter().all(|t| t.id.as_str() != "leland-bit"));
    assert!(
        january
            .coaches
            .iter()
            .all(|c| c.id.as_str() != "coach-brunswick-1")
    );
    assert_eq!(
        chain(january.clone(), "brunswick", When::Current),
        Chain::OwnTeam
    );
    assert!(matches!(
        chain(january, "leland-ms", When::Current),
        Chain::CoveredFromAbove { .. }
    ));
    // The day before the first action: nothing at all.
    assert_eq!(plan.apply(&system, date(2025, 1, 5)).unwrap(), system);
    // The planned system read as of an earlier date does not count a team before it formed.
    let planned = plan.apply(&system, date(2025, 9, 1)).unwrap();
    assert!(matches!(
        chain(planned, "brunswick", When::On(date(2024, 12, 1))),
        Chain::Broken { .. }
    ));
}

#[test]
fn actions_on_one_date_apply_as_listed_and_dates_in_any_listed_order() {
    // The link is listed before the team it needs, but dated later: it applies after.
    let p = plan(
        r#"{"action": "link_teams", "date": "2025-02-01", "from": "sit", "to": "coastal-rit"},
           {"action": "form_team", "date": "2025-01-06", "team": {"id": "coastal-rit", "unit": "coastal"}}"#,
    );
    let order: Vec<usize> = p.in_order().into_iter().map(|(i, _)| i).collect();
    assert_eq!(order, [1, 0]);
    let planned = p.apply(&state(), date(2025, 3, 1)).unwrap();
    assert_eq!(planned.links.last().unwrap().start, date(2025, 2, 1));
    // On one date, a link listed before the team it needs is refused.
    let p = plan(
        r#"{"action": "link_teams", "date": "2025-01-06", "from": "sit", "to": "coastal-rit"},
           {"action": "form_team", "date": "2025-01-06", "team": {"id": "coastal-rit", "unit": "coastal"}}"#,
    );
    let problems = p.validate_against(&state()).unwrap_err().into_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.actions[0].to");
    assert_eq!(problems[0].kind, ProblemKind::DanglingReference);
    assert!(
        problems[0]
            .message
            .contains("`$.actions[1]` adds it on 2025-01-06, after this action"),
        "{}",
        problems[0].message
    );
}

#[test]
fn ending_a_link_breaks_the_chain_below_it() {
    let system = state();
    assert_eq!(
        chain(system.clone(), "lincoln-es", When::Current),
        Chain::OwnTeam
    );
    let p = plan(
        r#"{"action": "end_link", "date": "2025-06-30", "from": "wake-dit", "to": "lincoln-bit"}"#,
    );
    let planned = p.apply(&system, date(2025, 7, 1)).unwrap();
    let link = planned
        .links
        .iter()
        .find(|l| l.from.as_str() == "wake-dit" && l.to.as_str() == "lincoln-bit")
        .unwrap();
    assert_eq!(link.end, Some(date(2025, 6, 30)));
    assert!(matches!(
        chain(planned.clone(), "lincoln-es", When::Current),
        Chain::Broken { .. }
    ));
    // Still whole the day before it ends.
    assert_eq!(
        chain(planned, "lincoln-es", When::On(date(2025, 6, 29))),
        Chain::OwnTeam
    );
    // A link that has already ended cannot be ended again.
    let p = plan(
        r#"{"action": "end_link", "date": "2025-06-30", "from": "central-rit", "to": "parkwood-bit"}"#,
    );
    let problems = p.validate_against(&system).unwrap_err().into_problems();
    assert_eq!(problems[0].path, "$.actions[0]");
    assert!(
        problems[0]
            .message
            .contains("no link from `central-rit` to `parkwood-bit` is active on 2025-06-30")
    );
}

#[test]
fn deimplementing_removes_focus_and_caseload_entries() {
    let cico = "check-in-check-out";
    let gbg = "good-behavior-game";
    let p = plan(&format!(
        r#"{{"action": "form_team", "date": "2025-01-06", "team": {{"id": "coastal-rit", "unit": "coastal", "innovations": ["{cico}"]}}}},
           {{"action": "start_innovation", "date": "2025-02-01", "innovation": "{gbg}", "units": ["coastal", "wake"]}},
           {{"action": "assign_caseload", "date": "2025-02-01", "coach": "coach-durham-1", "innovation": "{gbg}", "practitioners": ["jefferson-t1", "lincoln-t1"]}},
           {{"action": "assign_caseload", "date": "2025-02-01", "coach": "coach-durham-1", "innovation": "{cico}", "practitioners": ["jefferson-t2"]}},
           {{"action": "deimplement", "date": "2025-06-30", "innovation": "{gbg}", "units": ["coastal", "jefferson-ms"]}}"#
    ));
    let system = state();
    let before = p.apply(&system, date(2025, 3, 1)).unwrap();
    let focus = |doc: &SystemDocument, team: &str| -> Vec<String> {
        let t = doc.teams.iter().find(|t| t.id.as_str() == team).unwrap();
        t.innovations.iter().map(ToString::to_string).collect()
    };
    assert_eq!(focus(&before, "coastal-rit"), [cico, gbg]);
    assert!(
        focus(&before, "wake-dit").is_empty(),
        "a team with no list serves every innovation already"
    );
    let coach = |doc: &SystemDocument| {
        doc.coaches
            .iter()
            .find(|c| c.id.as_str() == "coach-durham-1")
            .unwrap()
            .clone()
    };
    let lists: Vec<(String, usize)> = coach(&before)
        .innovation_caseloads
        .iter()
        .map(|l| (l.innovation.to_string(), l.practitioners.len()))
        .collect();
    assert_eq!(lists, [(gbg.to_string(), 2), (cico.to_string(), 1)]);

    let after = p.apply(&system, date(2025, 7, 1)).unwrap();
    assert_eq!(focus(&after, "coastal-rit"), [cico]);
    let gbg_list = coach(&after)
        .innovation_caseloads
        .into_iter()
        .find(|l| l.innovation.as_str() == gbg)
        .unwrap();
    // Jefferson's practitioner leaves the list; Lincoln's (not de-implemented) stays.
    let left: Vec<_> = gbg_list
        .practitioners
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(left, ["lincoln-t1"]);
    // The caseload for another innovation, and the plain caseload, are untouched.
    assert_eq!(coach(&after).caseload, coach(&system.clone()).caseload);
    assert!(
        coach(&after)
            .innovation_caseloads
            .iter()
            .any(|l| l.innovation.as_str() == cico)
    );
}

#[test]
fn deimplementing_above_reaches_practitioners_below_and_drops_an_emptied_list() {
    let p = plan(
        r#"{"action": "assign_caseload", "date": "2025-02-01", "coach": "coach-buncombe-1", "innovation": "good-behavior-game", "practitioners": ["jefferson-t1", "lincoln-t2"]},
           {"action": "deimplement", "date": "2025-06-30", "innovation": "good-behavior-game", "units": ["wake"]}"#,
    );
    let after = p.apply(&state(), date(2025, 7, 1)).unwrap();
    let coach = after
        .coaches
        .iter()
        .find(|c| c.id.as_str() == "coach-buncombe-1")
        .unwrap();
    assert!(
        coach.innovation_caseloads.is_empty(),
        "{:?}",
        coach.innovation_caseloads
    );
    System::build(after).unwrap();
}

#[test]
fn a_bad_plan_is_refused_with_every_problem_and_its_path() {
    let p = plan(
        r#"{"action": "form_team", "date": "2025-01-06", "team": {"id": "leland-bit", "unit": "leland-es"}},
           {"action": "form_team", "date": "2025-01-06", "team": {"id": "sit", "unit": "state"}},
           {"action": "end_team", "date": "2025-01-06", "team": "roosvelt-bit"},
           {"action": "set_capacity", "date": "2025-01-06", "coach": "coach-wake-9", "capacity": 4},
           {"action": "add_coach", "date": "2025-01-06", "coach": {"id": "c-new", "person": {"practitioner": "leland-t9"}, "capacity": 4, "caseload": ["leland-t1"]}},
           {"action": "train_cohort", "date": "2025-01-06", "innovation": "cico", "units": ["leland-ms", "southport"], "components": []},
           {"action": "assign_caseload", "date": "2025-01-06", "coach": "coach-wake-1", "practitioners": ["lincoln-t1", "lincoln-t99"]}"#,
    );
    let problems = p.validate_against(&state()).unwrap_err().into_problems();
    let got: Vec<(&str, ProblemKind)> =
        problems.iter().map(|p| (p.path.as_str(), p.kind)).collect();
    let want = [
        ("$.actions[5].components", ProblemKind::OutOfRange),
        ("$.actions[2].team", ProblemKind::DanglingReference),
        ("$.actions[3].coach", ProblemKind::DanglingReference),
        ("$.actions[5].units[1]", ProblemKind::DanglingReference),
        ("$.actions[6].practitioners[0]", ProblemKind::DuplicateId),
        (
            "$.actions[6].practitioners[1]",
            ProblemKind::DanglingReference,
        ),
    ];
    for w in want {
        assert!(got.contains(&w), "{w:?} missing from {got:?}");
    }
    // What the build of the result finds is given at the action that added it.
    for w in [
        ("$.actions[0].team.unit", ProblemKind::DanglingReference),
        ("$.actions[1].team.id", ProblemKind::DuplicateId),
        (
            "$.actions[4].coach.person.practitioner",
            ProblemKind::DanglingReference,
        ),
    ] {
        assert!(got.contains(&w), "{w:?} missing from {got:?}");
    }
    let message = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path)
            .unwrap()
            .message
            .clone()
    };
    assert!(message("$.actions[2].team").ends_with("did you mean `roosevelt-bit`?"));
    assert!(message("$.actions[0].team.unit").ends_with("did you mean `leland-ms`?"));
    assert!(message("$.actions[5].units[1]").ends_with("did you mean `southport-es`?"));
    // Each problem once.
    let mut unique = got.clone();
    unique.sort_by(|a, b| a.0.cmp(b.0));
    unique.dedup();
    assert_eq!(unique.len(), got.len(), "{got:?}");
    // `apply` refuses the same plan; as of a date before its actions, only for the plan's own
    // problem, which no date leaves out.
    assert_eq!(
        p.apply(&state(), date(2025, 1, 6))
            .unwrap_err()
            .problems()
            .len(),
        problems.len()
    );
    let own = p
        .apply(&state(), date(2025, 1, 5))
        .unwrap_err()
        .into_problems();
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0].path, "$.actions[5].components");
}

#[test]
fn the_result_must_build() {
    // A supports link back up to the state team closes a cycle the build refuses.
    let p = plan(
        r#"{"action": "link_teams", "date": "2025-01-06", "from": "lincoln-bit", "to": "sit"}"#,
    );
    let problems = p
        .apply(&state(), date(2025, 2, 1))
        .unwrap_err()
        .into_problems();
    assert!(
        problems.iter().any(|p| p.kind == ProblemKind::Cycle),
        "{problems:?}"
    );
}

#[test]
fn ending_a_team_before_it_forms_is_refused() {
    let p = plan(
        r#"{"action": "form_team", "date": "2025-03-01", "team": {"id": "coastal-rit", "unit": "coastal"}},
           {"action": "end_team", "date": "2025-06-30", "team": "coastal-rit"},
           {"action": "end_team", "date": "2025-07-30", "team": "coastal-rit"}"#,
    );
    let problems = p.validate_against(&state()).unwrap_err().into_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.actions[2].team");
    assert!(problems[0].message.contains("already ended, on 2025-06-30"));
}

#[test]
fn a_plan_round_trips_through_json() {
    let plan = example_plan();
    let json = plan.to_json().unwrap();
    assert_eq!(Plan::from_json(&json).unwrap(), plan);
    let every = std::fs::read_to_string("tests/fixtures/valid/plan_every_action.json").unwrap();
    let read = Plan::from_json(&every).unwrap();
    let names: Vec<&str> = read.actions.iter().map(Action::name).collect();
    assert_eq!(names.len(), 13);
    assert_eq!(Plan::from_json(&read.to_json().unwrap()).unwrap(), read);
    // A link's kind, left out, is read as `supports`.
    assert!(matches!(
        read.actions[2],
        Action::LinkTeams {
            kind: implsci::system::LinkKind::Supports,
            ..
        }
    ));
    read.validate_against(&state()).unwrap();
    let built = System::build(read.apply(&state(), Date::MAX).unwrap()).unwrap();
    assert!(built.coach("coach-wake-1").is_none());
    assert_eq!(built.coach("coach-brunswick-1").unwrap().capacity, 12);
    let made = Plan::new(vec![Action::TrainCohort {
        date: date(2025, 3, 3),
        innovation: "check-in-check-out".parse().unwrap(),
        units: vec!["leland-ms".parse().unwrap()],
        components: vec![TrainingComponent::Theory, TrainingComponent::Practice],
    }]);
    assert_eq!(Plan::from_json(&made.to_json().unwrap()).unwrap(), made);
}
