//! One replicate told as the crate's own event log, so that `coaching`, `loops` and `impact`
//! read simulated data exactly as they read a system's real log; [`SyntheticLog`] says what
//! is written.

use std::collections::HashSet;
use std::io::{self, Write};

use jiff::civil::Date;
use serde::Serialize;

use super::run::{AT_FIDELITY, USING};
use super::world::{Epoch, NONE, World};
use super::{Simulation, Step};
use crate::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep, Training};
use crate::id::{EventId, PractitionerId};
use crate::improvement::{
    Authority, HopDirection, LoopHop, LoopItemKind, LoopRaised, LoopResolved, PolicyChange,
};
use crate::innovation::{FunctionRating, Innovation, ProfileLevel};
use crate::stage::{Stage, StageChange};
use crate::system::{Practitioner, SystemDocument};

/// Days between coaching cycles at full dose: Kraft, Blazar & Hogan (2018) count coaching as
/// contact at least every couple of weeks.
pub const CYCLE_DAYS: f64 = 14.0;

/// What a replicate tells as it runs; every method does nothing by default, and `()` tells
/// nothing at all, so a run without a log compiles to the run alone.
pub(crate) trait Observer {
    /// Whether anything listens: the run calls nothing when not.
    const ACTIVE: bool;
    fn begin_step(&mut self, _world: &World, _epoch: usize, _step: u32, _vacant: &[u16]) {}
    fn trained(
        &mut self,
        _world: &World,
        _k: usize,
        _unit: u32,
        _level: u8,
        _vacant: &[u16],
        _step: u32,
    ) {
    }
    fn left(&mut self, _world: &World, _post: usize, _step: u32) {}
    fn hired(&mut self, _world: &World, _epoch: usize, _post: usize, _step: u32) {}
    fn hire_trained(&mut self, _k: usize, _unit: usize, _post: usize) {}
    fn coached(&mut self, _world: &World, _k: usize, _at: (usize, usize), _status: u8, _step: u32) {
    }
    fn raised(&mut self, _world: &World, _unit: usize, _step: u32) {}
    fn hopped(&mut self, _world: &World, _epoch: &Epoch, _unit: usize, _left: u32, _step: u32) {}
    fn resolved(&mut self, _world: &World, _epoch: &Epoch, _unit: usize, _step: u32) {}
    fn counted(
        &mut self,
        _world: &World,
        _epoch: &Epoch,
        _at: (usize, usize),
        _counts: (u32, u32, bool),
        _step: u32,
    ) {
    }
    fn end_step(&mut self, _world: &World, _step: u32) {}
    fn finish(&mut self, _world: &World, _steps: u32) {}
}

impl Observer for () {
    const ACTIVE: bool = false;
}

/// Who left and who was hired in a replicate told by [`Simulation::synthetic_log`].
///
/// ```
/// use implsci::sim::Staffing;
/// use implsci::{Document, system::SystemDocument};
/// let mut doc = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let before = doc.practitioners.len();
/// Staffing::default().apply_to(&mut doc);
/// assert_eq!(doc.practitioners.len(), before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Staffing {
    /// Practitioners of the system who left, with the first day they were gone.
    pub left: Vec<(PractitionerId, Date)>,
    /// The hires, each with the day they started and, if they left too, the first day gone.
    pub hired: Vec<Practitioner>,
}

impl Staffing {
    /// Writes the leavers' `end` dates (keeping an earlier one) and adds the hires to `doc`,
    /// the system the log refers to.
    pub fn apply_to(&self, doc: &mut SystemDocument) {
        let position: std::collections::HashMap<&str, usize> = doc
            .practitioners
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let ends: Vec<(usize, Date)> = self
            .left
            .iter()
            .filter_map(|(id, date)| position.get(id.as_str()).map(|&i| (i, *date)))
            .collect();
        for (i, date) in ends {
            let end = &mut doc.practitioners[i].end;
            *end = Some(end.map_or(date, |e| e.min(date)));
        }
        doc.practitioners.extend(self.hired.iter().cloned());
    }
}

/// What [`Simulation::synthetic_log`] wrote: the count of events and the staffing changes.
///
/// [`Simulation::synthetic_log`] runs a replicate with the same draws as
/// [`Simulation::replicate`] (the log changes nothing in the run) and writes, as JSON Lines
/// in the order the run makes them:
///
/// - a `training` for each unit with practitioners in post that a cohort trains, naming them,
///   and one per unit and step for the hires trained on arrival;
/// - a `coaching_plan` for each practitioner in a coach's caseload, one practitioner per plan
///   as a coaching service delivery plan is kept, from the day the caseload holds them (the
///   start, the change of the system that gives them the coach, or their hiring) to the day
///   it stops (they leave, the system changes, or the run ends); a plan is written when it
///   ends, with its `end`;
/// - a coaching cycle, an `observation` and its `feedback`, each time a practitioner in a
///   caseload is due one and both are in post: every 14 days at full dose (Kraft, Blazar &
///   Hogan 2018 count coaching as contact at least every couple of weeks), and that interval
///   over the dose when a caseload is over the coach's capacity, at most one a step (this
///   crate's rule). With the innovation's document, the observation rates every essential
///   function: expected at fidelity, developmental in use, unacceptable otherwise (this
///   crate's reading of the practice profile's levels), so
///   [`time_to_fidelity`](crate::coaching::fidelity::time_to_fidelity) finds the step the
///   practitioner reached fidelity;
/// - for each barrier, `loop_raised` at the unit, a `loop_hop` up each link of its
///   communication path as the run carries it, then, where the top team resolves it,
///   `loop_resolved` (systems intervention when the path leaves the governing team,
///   facilitative administration otherwise; policy changed: this crate's reading of a lift)
///   and the answer's hops back down on the same day;
/// - a `stage_change` each time a unit's stage for an innovation changes: Installation once a
///   team at or above it serves the innovation or any of its practitioners is trained,
///   Initial Implementation from the first practitioner in use, Full Implementation while
///   half or more are at fidelity (NIRN module 4), with moves back.
///
/// Events are dated the first day of their step, stage changes its last day (the day the
/// forecast gives: the step at whose end the unit is at a stage), and numbered `e-1`, `e-2`,
/// … in the order made. The people who leave and the hires who replace them are returned as
/// [`Staffing`], so the system document the log refers to can be written beside it: a
/// leaver's record gets its `end`, a hire a new record with its `start` (its id is the post's
/// first holder's with `~2`, `~3`, … after it).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SyntheticLog {
    /// Events written.
    pub events: u64,
    /// Who left and who was hired.
    pub staffing: Staffing,
}

/// A coaching plan still running.
struct OpenPlan {
    id: EventId,
    coach: u32,
    start_step: u32,
    interval: u32,
    every_days: u32,
}

/// The observer that writes the log.
struct Recorder<'a, W: Write> {
    out: W,
    error: Option<io::Error>,
    written: u64,
    next_id: u64,
    start: Date,
    step: Step,
    steps_per_year: f64,
    /// Per post: the position of its first holder in the document.
    first: Vec<u32>,
    /// Per post: the current holder's id.
    holder: Vec<PractitionerId>,
    /// Per post: how many have held it.
    holders: Vec<u32>,
    /// Per post: the current holder's place in `staffing.hired`, or `NONE` for the first.
    hire: Vec<u32>,
    used: HashSet<PractitionerId>,
    staffing: Staffing,
    /// Per innovation, per post.
    plans: Vec<Vec<Option<OpenPlan>>>,
    epoch_at: usize,
    /// Per innovation: the essential functions to rate, if the document was given.
    functions: Vec<Option<&'a [crate::innovation::EssentialFunction]>>,
    /// Per innovation, per unit: the stage last written (Exploration before any).
    stage: Vec<Vec<Stage>>,
    /// Per unit: the barrier open there.
    items: Vec<Option<EventId>>,
    /// Hires trained this step: (innovation, unit, post).
    pending: Vec<(usize, usize, usize)>,
}

impl<'a, W: Write> Recorder<'a, W> {
    fn new(world: &World, innovations: &[&'a Innovation], out: W) -> Self {
        let posts = world.posts();
        let mut first = vec![NONE; posts];
        for (p, &post) in world.post_of.iter().enumerate() {
            if post != NONE {
                first[post as usize] = super::world::index(p);
            }
        }
        let doc = world.system.document();
        let holder: Vec<PractitionerId> = first
            .iter()
            .map(|&p| doc.practitioners[p as usize].id.clone())
            .collect();
        let kinds = world.innovations.len();
        let units = world.parent.len();
        Self {
            out,
            error: None,
            written: 0,
            next_id: 0,
            start: world.start,
            step: world.step,
            steps_per_year: world.steps_per_year,
            first,
            holder,
            holders: vec![1; posts],
            hire: vec![NONE; posts],
            used: doc.practitioners.iter().map(|p| p.id.clone()).collect(),
            staffing: Staffing::default(),
            plans: (0..kinds)
                .map(|_| (0..posts).map(|_| None).collect())
                .collect(),
            epoch_at: usize::MAX,
            functions: world
                .innovations
                .iter()
                .map(|k| {
                    innovations
                        .iter()
                        .find(|i| i.id == *k)
                        .map(|i| i.essential_functions.as_slice())
                })
                .collect(),
            stage: vec![vec![Stage::Exploration; units]; kinds],
            items: vec![None; units],
            pending: Vec::new(),
        }
    }

    fn id(&mut self) -> EventId {
        self.next_id += 1;
        EventId::new(format!("e-{}", self.next_id)).unwrap_or_else(|_| unreachable_id())
    }

    fn day(&self, step: u32) -> Date {
        self.step.first_day(self.start, step)
    }

    fn write(&mut self, event: &impl Serialize) {
        if self.error.is_some() {
            return;
        }
        let result = serde_json::to_writer(&mut self.out, event)
            .map_err(io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"));
        match result {
            Ok(()) => self.written += 1,
            Err(e) => self.error = Some(e),
        }
    }

    /// Opens the plan of `post` for innovation `k` with its coach in `epoch`, from `step`.
    fn open_plan(&mut self, epoch: &Epoch, k: usize, (unit, post): (usize, usize), step: u32) {
        let days_per_step = 365.25 / self.steps_per_year;
        let coach = epoch.caseloads[k].coach(unit, post);
        let dose = epoch.coach_dose.get(coach as usize).copied().unwrap_or(0.0);
        if coach == NONE || dose <= 0.0 {
            return;
        }
        let steps = (CYCLE_DAYS / dose / days_per_step).round();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let interval = steps.clamp(1.0, f64::from(u32::MAX)) as u32;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let every_days = (f64::from(interval) * days_per_step).round() as u32;
        let id = self.id();
        self.plans[k][post] = Some(OpenPlan {
            id,
            coach,
            start_step: step,
            interval,
            every_days,
        });
    }

    /// Ends the plans of `post`: the last day they ran is the day before `step`.
    fn close_plans(&mut self, world: &World, post: usize, step: u32) {
        for k in 0..self.plans.len() {
            let Some(plan) = self.plans[k][post].take() else {
                continue;
            };
            let start = self.day(plan.start_step);
            let end = self.day(step).yesterday().unwrap_or(start).max(start);
            let mut event = CoachingPlan::new(
                plan.id,
                start,
                world.coach_ids[plan.coach as usize].clone(),
                vec![self.holder[post].clone()],
                CoachingFormat::InPerson,
                plan.every_days,
                start,
            );
            event.innovation = Some(world.innovations[k].clone());
            event.end = Some(end);
            self.write(&event);
        }
    }

    /// A fresh id for the next holder of `post`, whose first holder is `base`.
    fn hire_id(&mut self, post: usize, base: &str) -> PractitionerId {
        let mut n = self.holders[post];
        loop {
            n += 1;
            let candidate = PractitionerId::new(format!("{base}~{n}"))
                .or_else(|_| PractitionerId::new(format!("hire-{post}~{n}")));
            if let Ok(id) = candidate
                && self.used.insert(id.clone())
            {
                self.holders[post] = n;
                return id;
            }
        }
    }

    fn flush_pending(&mut self, world: &World, step: u32) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|&(k, u, _)| (k, u));
        let mut at = 0;
        while at < pending.len() {
            let (k, u, _) = pending[at];
            let mut end = at;
            while end < pending.len() && pending[end].0 == k && pending[end].1 == u {
                end += 1;
            }
            let attendees = pending[at..end]
                .iter()
                .map(|&(_, _, post)| self.holder[post].clone())
                .collect();
            let id = self.id();
            let mut event = Training::new(
                id,
                self.day(step),
                format!("{} training for new hires", world.innovations[k]),
                attendees,
            );
            event.innovation = Some(world.innovations[k].clone());
            self.write(&event);
            at = end;
        }
    }
}

/// Event ids are `e-` and a number, always valid; this is never reached.
fn unreachable_id() -> EventId {
    EventId::new("e").unwrap_or_else(|_| unreachable!("`e` is a valid id"))
}

/// The training's name: the innovation and the components of `level`.
fn training_name(innovation: &str, level: u8) -> String {
    let components = match level {
        0 | 1 => "theory",
        2 => "theory and demonstration",
        _ => "theory, demonstration and practice with feedback",
    };
    format!("{innovation} training ({components})")
}

impl<W: Write> Observer for Recorder<'_, W> {
    const ACTIVE: bool = true;

    fn begin_step(&mut self, world: &World, epoch: usize, step: u32, _vacant: &[u16]) {
        if epoch == self.epoch_at {
            return;
        }
        for post in 0..self.holder.len() {
            self.close_plans(world, post, step);
        }
        self.epoch_at = epoch;
    }

    fn trained(
        &mut self,
        world: &World,
        k: usize,
        unit: u32,
        level: u8,
        vacant: &[u16],
        step: u32,
    ) {
        let u = unit as usize;
        let range = world.unit_posts[u] as usize..world.unit_posts[u + 1] as usize;
        let attendees: Vec<PractitionerId> = range
            .filter(|&i| vacant[i] == 0)
            .map(|i| self.holder[i].clone())
            .collect();
        if attendees.is_empty() {
            return;
        }
        let id = self.id();
        let innovation = &world.innovations[k];
        let mut event = Training::new(
            id,
            self.day(step),
            training_name(innovation.as_str(), level),
            attendees,
        );
        event.innovation = Some(innovation.clone());
        self.write(&event);
    }

    fn left(&mut self, world: &World, post: usize, step: u32) {
        let day = self.day(step);
        match self.hire[post] {
            NONE => {
                let id = self.holder[post].clone();
                self.staffing.left.push((id, day));
            }
            h => self.staffing.hired[h as usize].end = Some(day),
        }
        self.close_plans(world, post, step);
    }

    fn hired(&mut self, world: &World, _epoch: usize, post: usize, step: u32) {
        let doc = world.system.document();
        let first = &doc.practitioners[self.first[post] as usize];
        let id = self.hire_id(post, first.id.as_str());
        let mut record = Practitioner::new(id.clone(), first.unit.clone(), first.role.clone());
        record.start = Some(self.day(step));
        self.hire[post] = super::world::index(self.staffing.hired.len());
        self.staffing.hired.push(record);
        self.holder[post] = id;
    }

    fn hire_trained(&mut self, k: usize, unit: usize, post: usize) {
        self.pending.push((k, unit, post));
    }

    fn coached(
        &mut self,
        world: &World,
        k: usize,
        (unit, post): (usize, usize),
        status: u8,
        step: u32,
    ) {
        if self.plans[k][post].is_none() {
            self.open_plan(&world.epochs[self.epoch_at], k, (unit, post), step);
        }
        let Some(plan) = &self.plans[k][post] else {
            return;
        };
        if !(step - plan.start_step).is_multiple_of(plan.interval) {
            return;
        }
        let plan_id = plan.id.clone();
        let level = match status {
            AT_FIDELITY => ProfileLevel::Expected,
            USING => ProfileLevel::Developmental,
            _ => ProfileLevel::Unacceptable,
        };
        let ratings: Vec<FunctionRating> = self.functions[k]
            .map(|functions| {
                functions
                    .iter()
                    .map(|f| FunctionRating::new(f.id.clone(), level))
                    .collect()
            })
            .unwrap_or_default();
        let cycle = self.id();
        let day = self.day(step);
        let practitioner = self.holder[post].clone();
        let mut ratings = Some(ratings);
        // A whole cycle on the day: the measures count a cycle with all five steps.
        for step in CycleStep::ALL {
            let id = self.id();
            let mut event = CoachingStep::new(
                id,
                day,
                plan_id.clone(),
                cycle.clone(),
                practitioner.clone(),
                step,
            );
            if step == CycleStep::Observation {
                let ratings = ratings.take().unwrap_or_default();
                event.functions = ratings.iter().map(|r| r.function.clone()).collect();
                event.ratings = ratings;
            }
            self.write(&event);
        }
    }

    fn raised(&mut self, world: &World, unit: usize, step: u32) {
        let id = self.id();
        let mut event = LoopRaised::new(
            id.clone(),
            self.day(step),
            world.system.document().units[unit].id.clone(),
            LoopItemKind::Barrier,
            "A barrier met in practice",
        );
        event.innovation = world.innovations.first().cloned();
        self.write(&event);
        self.items[unit] = Some(id);
    }

    fn hopped(&mut self, world: &World, epoch: &Epoch, unit: usize, left: u32, step: u32) {
        let Some(item) = self.items[unit].clone() else {
            return;
        };
        let Some(teams) = epoch.paths.get(epoch.path[unit] as usize) else {
            return;
        };
        // The barrier starts with a hop per team; the first brings it to the governing team.
        let Some(done) = (teams.len() + 1).checked_sub(left as usize) else {
            return;
        };
        if done == 0 || done >= teams.len() {
            return;
        }
        let (from, to) = (teams[done - 1], teams[done]);
        let id = self.id();
        let event = LoopHop::new(
            id,
            self.day(step),
            item,
            world.team_ids[from as usize].clone(),
            world.team_ids[to as usize].clone(),
            HopDirection::Up,
        );
        self.write(&event);
    }

    fn resolved(&mut self, world: &World, epoch: &Epoch, unit: usize, step: u32) {
        let Some(item) = self.items[unit].take() else {
            return;
        };
        let Some(teams) = epoch.paths.get(epoch.path[unit] as usize) else {
            return;
        };
        let Some(&top) = teams.last() else {
            return;
        };
        let authority = if teams.len() > 1 {
            Authority::SystemsIntervention
        } else {
            Authority::FacilitativeAdministration
        };
        let day = self.day(step);
        let id = self.id();
        let event = LoopResolved::new(
            id,
            day,
            item.clone(),
            world.team_ids[top as usize].clone(),
            authority,
            PolicyChange::Changed,
        );
        self.write(&event);
        for pair in teams.windows(2).rev() {
            let id = self.id();
            let hop = LoopHop::new(
                id,
                day,
                item.clone(),
                world.team_ids[pair[1] as usize].clone(),
                world.team_ids[pair[0] as usize].clone(),
                HopDirection::Down,
            );
            self.write(&hop);
        }
    }

    fn counted(
        &mut self,
        world: &World,
        epoch: &Epoch,
        (k, u): (usize, usize),
        (trained, in_use, full): (u32, u32, bool),
        step: u32,
    ) {
        let stage = if full {
            Stage::FullImplementation
        } else if in_use > 0 {
            Stage::InitialImplementation
        } else if trained > 0 || epoch.has_team[k][u] {
            Stage::Installation
        } else {
            Stage::Exploration
        };
        if stage == self.stage[k][u] {
            return;
        }
        self.stage[k][u] = stage;
        let id = self.id();
        // At the step's end, where the forecast dates it.
        let event = StageChange::new(
            id,
            self.step.last_day(self.start, step),
            world.system.document().units[u].id.clone(),
            world.innovations[k].clone(),
            stage,
        );
        self.write(&event);
    }

    fn end_step(&mut self, world: &World, step: u32) {
        self.flush_pending(world, step);
    }

    fn finish(&mut self, world: &World, steps: u32) {
        for post in 0..self.holder.len() {
            self.close_plans(world, post, steps);
        }
    }
}

impl Simulation {
    /// Runs replicate `replicate` with `seed`, the same run as [`Simulation::replicate`], and
    /// writes it to `out` as an event log in the crate's JSON Lines format (see
    /// [`SyntheticLog`] for what is written). `innovations` are the documents of the simulated
    /// innovations whose essential functions the coaching observations rate; one not given
    /// gets observations without ratings.
    ///
    /// ```
    /// use implsci::event::{parse_log, Event};
    /// use implsci::sim::{Cohort, Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    ///
    /// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let train = Cohort::train("2026-08-01".parse()?, "pbis".parse()?, vec![doc.units[0].id.clone()], 3);
    /// let sim = Simulation::with_effects(&setup, vec![(setup.start, doc)], &[train])?;
    /// let mut bytes = Vec::new();
    /// let written = sim.synthetic_log(7, 0, &[], &mut bytes)?;
    /// let log = parse_log(bytes.as_slice());
    /// assert_eq!(log.records.len() as u64, written.events);
    /// assert!(log.refused.is_empty());
    /// assert!(log.records.iter().any(|r| matches!(r.value, Event::Training(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first error writing to `out`; the run stops being written from there.
    pub fn synthetic_log<W: Write>(
        &self,
        seed: u64,
        replicate: u64,
        innovations: &[&Innovation],
        out: W,
    ) -> io::Result<SyntheticLog> {
        let mut recorder = Recorder::new(&self.world, innovations, out);
        super::run::run(
            &self.world,
            &self.rules,
            &self.effects,
            seed,
            replicate,
            &mut recorder,
        );
        if let Some(e) = recorder.error.take() {
            return Err(e);
        }
        recorder.out.flush()?;
        Ok(SyntheticLog {
            events: recorder.written,
            staffing: recorder.staffing,
        })
    }
}
