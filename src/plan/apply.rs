//! Applying a plan's actions to a copy of a system, each reference resolved against the
//! system as the actions before it left it, and then building the result.
//!
//! What is checked where: an action that needs something to exist (the team it ends, the coach
//! whose capacity it sets, the units it names) is checked here, as it is applied; what an
//! action adds (a team, a link, a coach) is checked by the system's own build at the end, and
//! a problem of it reported at the action that added it (`$.teams[13].unit` of the result is
//! `$.actions[0].team.unit` of the plan). One problem found both ways is reported once.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{Action, Plan};
use crate::document::Document;
use crate::error::{Problem, ProblemKind, Problems};
use crate::id::{CoachId, InnovationId, PractitionerId, TeamId, UnitId};
use crate::system::{Coach, InnovationCaseload, SystemDocument, TeamLink, When};

/// Applies the actions dated on or before `as_of` (every action without it) to a copy of
/// `system`, pushing every problem met, then those of building the result.
pub(super) fn run(
    plan: &Plan,
    system: &SystemDocument,
    as_of: Option<Date>,
    problems: &mut Problems,
) -> SystemDocument {
    let mut state = State::new(system);
    for (i, action) in plan.actions.iter().enumerate() {
        match action {
            Action::FormTeam { date, team } => {
                state.formed.entry(team.id.as_str()).or_insert((i, *date));
            }
            Action::AddCoach { date, coach } => {
                state.formed.entry(coach.id.as_str()).or_insert((i, *date));
            }
            _ => {}
        }
    }
    let mut found = Problems::default();
    for (i, action) in plan.in_order() {
        if as_of.is_some_and(|d| action.date() > d) {
            break; // in date order: every later action is later still
        }
        state.apply(i, action, &mut found);
    }
    let mut reported: Vec<Problem> = found
        .finish()
        .err()
        .map(crate::error::ValidationErrors::into_problems)
        .unwrap_or_default();
    if let Err(e) = state.doc.validate() {
        let seen: HashSet<(String, ProblemKind)> =
            reported.iter().map(|p| (p.path.clone(), p.kind)).collect();
        for mut p in e.into_problems() {
            p.path = state.plan_path(&p.path);
            if !seen.contains(&(p.path.clone(), p.kind)) {
                reported.push(p);
            }
        }
    }
    for p in reported {
        problems.push(p);
    }
    state.doc
}

/// The system as the plan builds it, and which action added each team, link and coach.
struct State<'a> {
    doc: SystemDocument,
    /// The teams and coaches the plan adds, by id: the action that adds each, and its date.
    formed: HashMap<&'a str, (usize, Date)>,
    /// The original system's practitioners by id, with their unit (a plan adds none).
    practitioners: HashMap<&'a str, &'a UnitId>,
    /// The original system's units by id, with their parent (a plan adds none).
    units: HashMap<&'a str, Option<&'a UnitId>>,
    system: &'a SystemDocument,
    team_from: Vec<Option<usize>>,
    link_from: Vec<Option<usize>>,
    coach_from: Vec<Option<usize>>,
}

impl<'a> State<'a> {
    fn new(system: &'a SystemDocument) -> Self {
        Self {
            doc: system.clone(),
            formed: HashMap::new(),
            practitioners: system
                .practitioners
                .iter()
                .map(|p| (p.id.as_str(), &p.unit))
                .collect(),
            units: system
                .units
                .iter()
                .map(|u| (u.id.as_str(), u.parent.as_ref()))
                .collect(),
            system,
            team_from: vec![None; system.teams.len()],
            link_from: vec![None; system.links.len()],
            coach_from: vec![None; system.coaches.len()],
        }
    }

    /// A path of the result as a path of the plan, for what an action added.
    fn plan_path(&self, path: &str) -> String {
        let at = |prefix: &str, origins: &[Option<usize>]| -> Option<(usize, String)> {
            let rest = path.strip_prefix(prefix)?;
            let (k, rest) = rest.split_once(']')?;
            let action = (*origins.get(k.parse::<usize>().ok()?)?)?;
            Some((action, rest.to_string()))
        };
        if let Some((i, rest)) = at("$.teams[", &self.team_from) {
            return format!("$.actions[{i}].team{rest}");
        }
        if let Some((i, rest)) = at("$.coaches[", &self.coach_from) {
            return format!("$.actions[{i}].coach{rest}");
        }
        if let Some((i, rest)) = at("$.links[", &self.link_from) {
            match rest.as_str() {
                "" | ".from" | ".to" | ".kind" => return format!("$.actions[{i}]{rest}"),
                ".start" => return format!("$.actions[{i}].date"),
                _ => {}
            }
        }
        path.to_string()
    }

    fn team(&self, id: &TeamId) -> Option<usize> {
        self.doc.teams.iter().position(|t| t.id == *id)
    }

    fn coach(&self, id: &CoachId) -> Option<usize> {
        self.doc.coaches.iter().position(|c| c.id == *id)
    }

    /// `message`, and which action adds `id` when one does, later in the plan.
    fn not_yet(&self, message: &str, id: &str) -> String {
        match self.formed.get(id) {
            Some((k, date)) => format!(
                "{message}: `$.actions[{k}]` adds it on {date}, after this action (actions \
                 apply in date order, and on one date in the order listed)"
            ),
            None => message.to_string(),
        }
    }

    /// Flags a team that does not exist (yet) at `path`.
    fn check_team(&mut self, id: &TeamId, path: String, found: &mut Problems) -> Option<usize> {
        let t = self.team(id);
        if t.is_none() {
            let teams = &self.doc.teams;
            found.dangling(
                path,
                self.not_yet("no team has this id at this point of the plan", id.as_str()),
                id.as_str(),
                "team",
                || teams.iter().map(|t| t.id.as_str()),
            );
        }
        t
    }

    /// Flags a coach that does not exist (any more) at `$.actions[i].coach`.
    fn check_coach(&mut self, i: usize, id: &CoachId, found: &mut Problems) -> Option<usize> {
        let c = self.coach(id);
        if c.is_none() {
            let coaches = &self.doc.coaches;
            found.dangling(
                format!("$.actions[{i}].coach"),
                self.not_yet(
                    "no coach has this id at this point of the plan",
                    id.as_str(),
                ),
                id.as_str(),
                "coach",
                || coaches.iter().map(|c| c.id.as_str()),
            );
        }
        c
    }

    /// Flags each unit of `$.actions[i].units` that the system does not have.
    fn check_units(&self, i: usize, units: &[UnitId], found: &mut Problems) {
        for (j, unit) in units.iter().enumerate() {
            if !self.units.contains_key(unit.as_str()) {
                let all = &self.system.units;
                found.dangling(
                    format!("$.actions[{i}].units[{j}]"),
                    "no unit has this id",
                    unit.as_str(),
                    "unit",
                    || all.iter().map(|u| u.id.as_str()),
                );
            }
        }
    }

    fn apply(&mut self, i: usize, action: &Action, found: &mut Problems) {
        match action {
            Action::FormTeam { date, team } => {
                let mut team = team.clone();
                team.start.get_or_insert(*date);
                self.doc.teams.push(team);
                self.team_from.push(Some(i));
            }
            Action::EndTeam { date, team } => self.end_team(i, *date, team, found),
            Action::LinkTeams {
                date,
                from,
                to,
                kind,
            } => {
                let ok_from = self.check_team(from, format!("$.actions[{i}].from"), found);
                let ok_to = self.check_team(to, format!("$.actions[{i}].to"), found);
                if ok_from.is_some() && ok_to.is_some() {
                    self.doc
                        .links
                        .push(TeamLink::new(from.clone(), to.clone(), *kind, *date));
                    self.link_from.push(Some(i));
                }
            }
            Action::EndLink { date, from, to } => self.end_link(i, *date, from, to, found),
            Action::AddCoach { coach, .. } => {
                self.doc.coaches.push(coach.clone());
                self.coach_from.push(Some(i));
            }
            Action::RemoveCoach { coach, .. } => {
                if let Some(c) = self.check_coach(i, coach, found) {
                    self.doc.coaches.remove(c);
                    self.coach_from.remove(c);
                }
            }
            Action::SetCapacity {
                coach, capacity, ..
            } => {
                if let Some(c) = self.check_coach(i, coach, found) {
                    self.doc.coaches[c].capacity = *capacity;
                }
            }
            Action::AssignCaseload {
                coach,
                innovation,
                practitioners,
                ..
            } => {
                let c = self.check_coach(i, coach, found);
                self.assign(i, c, innovation.as_ref(), practitioners, found);
            }
            Action::StartInnovation {
                date,
                innovation,
                units,
            } => {
                self.check_units(i, units, found);
                let units: HashSet<&str> = units.iter().map(UnitId::as_str).collect();
                for team in &mut self.doc.teams {
                    if units.contains(team.unit.as_str())
                        && team.active(When::On(*date))
                        && !team.innovations.is_empty()
                        && !team.innovations.contains(innovation)
                    {
                        team.innovations.push(innovation.clone());
                    }
                }
            }
            Action::TrainCohort { units, .. } => self.check_units(i, units, found),
            Action::Deimplement {
                innovation, units, ..
            } => {
                self.check_units(i, units, found);
                self.deimplement(innovation, units);
            }
        }
    }

    /// Ends a team that has formed and not yet ended by `date`.
    fn end_team(&mut self, i: usize, date: Date, team: &TeamId, found: &mut Problems) {
        let Some(t) = self.check_team(team, format!("$.actions[{i}].team"), found) else {
            return;
        };
        let team = &mut self.doc.teams[t];
        match (team.start, team.end) {
            (Some(start), _) if start > date => found.push(
                Problem::new(
                    format!("$.actions[{i}].date"),
                    ProblemKind::DatesOutOfOrder,
                    format!("the team is formed on {start}, after the day it ends"),
                )
                .with_id(team.id.as_str()),
            ),
            (_, Some(end)) if end <= date => found.push(
                Problem::new(
                    format!("$.actions[{i}].team"),
                    ProblemKind::DatesOutOfOrder,
                    format!("the team has already ended, on {end}"),
                )
                .with_id(team.id.as_str()),
            ),
            _ => team.end = Some(date),
        }
    }

    /// Ends every link from `from` to `to` active on `date`; none is a problem.
    fn end_link(&mut self, i: usize, date: Date, from: &TeamId, to: &TeamId, found: &mut Problems) {
        let ok_from = self.check_team(from, format!("$.actions[{i}].from"), found);
        let ok_to = self.check_team(to, format!("$.actions[{i}].to"), found);
        if ok_from.is_none() || ok_to.is_none() {
            return;
        }
        let mut ended = 0;
        for link in &mut self.doc.links {
            if link.from == *from && link.to == *to && When::On(date).includes(link.start, link.end)
            {
                link.end = Some(date);
                ended += 1;
            }
        }
        if ended == 0 {
            found.push(
                Problem::new(
                    format!("$.actions[{i}]"),
                    ProblemKind::DanglingReference,
                    format!("no link from `{from}` to `{to}` is active on {date}"),
                )
                .with_id(from.as_str()),
            );
        }
    }

    /// Appends the practitioners that exist and are not already coached by the coach for the
    /// same innovation (or for every innovation), flagging the others.
    fn assign(
        &mut self,
        i: usize,
        coach: Option<usize>,
        innovation: Option<&InnovationId>,
        practitioners: &[PractitionerId],
        found: &mut Problems,
    ) {
        let mut take = Vec::with_capacity(practitioners.len());
        for (j, p) in practitioners.iter().enumerate() {
            if !self.practitioners.contains_key(p.as_str()) {
                let all = &self.system.practitioners;
                found.dangling(
                    format!("$.actions[{i}].practitioners[{j}]"),
                    "no practitioner has this id",
                    p.as_str(),
                    "practitioner",
                    || all.iter().map(|p| p.id.as_str()),
                );
                continue;
            }
            let Some(c) = coach else { continue };
            if let Some(already) = coached(&self.doc.coaches[c], p, innovation) {
                found.push(
                    Problem::new(
                        format!("$.actions[{i}].practitioners[{j}]"),
                        ProblemKind::DuplicateId,
                        format!("the coach already coaches this practitioner {already}"),
                    )
                    .with_id(p.as_str()),
                );
                continue;
            }
            if !take.contains(p) {
                take.push(p.clone());
            }
        }
        let Some(c) = coach else { return };
        if take.is_empty() {
            return;
        }
        let coach = &mut self.doc.coaches[c];
        match innovation {
            None => coach.caseload.extend(take),
            Some(innovation) => {
                let k = if let Some(k) = coach
                    .innovation_caseloads
                    .iter()
                    .position(|l| l.innovation == *innovation)
                {
                    k
                } else {
                    coach
                        .innovation_caseloads
                        .push(InnovationCaseload::new(innovation.clone()));
                    coach.innovation_caseloads.len() - 1
                };
                coach.innovation_caseloads[k].practitioners.extend(take);
            }
        }
    }

    /// Takes the innovation out of the units' teams' focus lists and out of the coaches'
    /// caseloads for it, for the practitioners at or below the units.
    fn deimplement(&mut self, innovation: &InnovationId, units: &[UnitId]) {
        let listed: HashSet<&str> = units.iter().map(UnitId::as_str).collect();
        for team in &mut self.doc.teams {
            if listed.contains(team.unit.as_str()) {
                team.innovations.retain(|x| x != innovation);
            }
        }
        let under = self.at_or_below(&listed);
        for coach in &mut self.doc.coaches {
            for list in &mut coach.innovation_caseloads {
                if list.innovation == *innovation {
                    list.practitioners.retain(|p| {
                        self.practitioners
                            .get(p.as_str())
                            .is_none_or(|unit| !under.contains(unit.as_str()))
                    });
                }
            }
            coach
                .innovation_caseloads
                .retain(|l| !l.practitioners.is_empty());
        }
    }

    /// The units at or below any of `listed`, found by walking up from each unit (at most as
    /// many steps as there are units, so a cycle in an invalid system ends the walk).
    fn at_or_below(&self, listed: &HashSet<&str>) -> HashSet<&'a str> {
        let mut under = HashSet::new();
        for unit in &self.system.units {
            let mut at = Some(&unit.id);
            for _ in 0..=self.system.units.len() {
                let Some(u) = at else { break };
                if listed.contains(u.as_str()) {
                    under.insert(unit.id.as_str());
                    break;
                }
                at = self.units.get(u.as_str()).copied().flatten();
            }
        }
        under
    }
}

/// How the coach already coaches `p` in a way that a new entry for `innovation` would repeat:
/// for every innovation (the plain caseload), or for this one.
fn coached(coach: &Coach, p: &PractitionerId, innovation: Option<&InnovationId>) -> Option<String> {
    if coach.caseload.contains(p) {
        return Some("for every innovation".to_string());
    }
    coach
        .innovation_caseloads
        .iter()
        .find(|l| innovation.is_none_or(|x| l.innovation == *x) && l.practitioners.contains(p))
        .map(|l| format!("for `{}`", l.innovation))
}
