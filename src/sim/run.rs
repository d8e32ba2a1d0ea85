//! One replicate: the state each step changes, and the loop that changes it.
//!
//! Each step, in this order: the effects dated in the step (training, de-implementation, the
//! start of an innovation), team members and coaches leaving and being replaced, barriers
//! raised and carried a hop up their communication path, then unit by unit in the system's
//! order: turnover for each of its posts, then, innovation by innovation, each post's move
//! (not using → using → at fidelity, and drift back); a post empty this step does not move. Counts per unit are then rolled up the hierarchy and the stages read from
//! them. Each purpose draws from its own stream, so a change in one (more barriers) leaves the
//! others' draws where they were.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

use super::hazard::{LEVELS, per_step};
use super::synthetic::Observer;
use super::world::{Epoch, NONE, Rules, World};
use super::{Effect, EffectKind};

/// A practitioner's status for one innovation.
pub(crate) const NOT_USING: u8 = 0;
/// In routine use, not yet at fidelity.
pub(crate) const USING: u8 = 1;
/// Using with fidelity.
pub(crate) const AT_FIDELITY: u8 = 2;

/// The measures counted per unit, per innovation, each step.
pub(crate) const MEASURES: usize = 3;
/// Posts held by a practitioner trained in at least one component.
pub(crate) const TRAINED: usize = 0;
/// Posts in routine use (using or at fidelity).
pub(crate) const IN_USE: usize = 1;
/// Posts at fidelity.
pub(crate) const FIDELITY: usize = 2;

/// The streams of one replicate, one per purpose.
pub(crate) const STREAMS: u64 = 4;

/// What one replicate leaves behind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// Per innovation, per unit: the first step at whose end the unit is at Full
    /// Implementation, or `NONE`.
    pub(crate) first_full: Vec<Vec<u32>>,
    /// Per record point, per innovation, per unit reported (`World::out_units`), per
    /// measure: the count.
    pub(crate) series: Vec<u32>,
    /// Per record point, per innovation, per unit reported: intended posts.
    pub(crate) intended: Vec<u32>,
    /// Coach slots in post, summed over steps.
    pub(crate) coach_steps: u64,
    /// Per record point, per innovation, per level: units at Full Implementation then.
    pub(crate) levels_full: Vec<u32>,
}

/// The mutable state of a replicate.
struct State {
    vacant: Vec<u16>,
    /// Per innovation, per post.
    status: Vec<Vec<u8>>,
    /// Per innovation, per post: the training level (0: none; 1 theory, 2 demonstration,
    /// 3 practice with feedback).
    level: Vec<Vec<u8>>,
    /// Per team slot, per member: weeks left vacant (0: in post).
    members: Vec<Vec<u16>>,
    coaches: Vec<u16>,
    /// Per innovation, per unit: the level of the latest cohort trained there.
    cohort: Vec<Vec<u8>>,
    /// Per innovation, per unit: de-implemented.
    stopped: Vec<Vec<bool>>,
    /// Per innovation, per unit: the innovation has started there.
    started: Vec<Vec<bool>>,
    /// Per unit: the step until which a resolved barrier lifts it.
    lifted_until: Vec<u32>,
    /// Per unit: hops left for its open barrier, plus one; 0: none open.
    barrier: Vec<u32>,
    /// Per innovation, per unit: chain unbroken and every team on its path staffed.
    ok: Vec<Vec<bool>>,
}

/// Draws a `u32` and says whether it falls below `threshold`.
#[inline]
fn hit(rng: &mut ChaCha8Rng, threshold: u64) -> bool {
    threshold != 0 && u64::from(rng.next_u32()) < threshold
}

fn vacancy(weeks: u32) -> u16 {
    u16::try_from(weeks.max(1)).unwrap_or(u16::MAX)
}

/// Runs replicate `replicate` of the world with `seed`, telling `o` what happens (the
/// synthetic event log; `()` for none, which compiles to nothing).
#[allow(clippy::too_many_lines)]
pub(crate) fn run<O: Observer>(
    world: &World,
    rules: &Rules,
    effects: &[Effect],
    seed: u64,
    replicate: u64,
    o: &mut O,
) -> Outcome {
    let stream = |purpose: u64| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(replicate.wrapping_mul(STREAMS).wrapping_add(purpose));
        rng
    };
    let (mut turnover_rng, mut move_rng, mut staff_rng, mut barrier_rng) =
        (stream(0), stream(1), stream(2), stream(3));
    let p = &rules.parameters;
    let per_year = world.steps_per_year;
    let leave = per_step(p.turnover.practitioners, per_year);
    let leave_team = per_step(p.turnover.team_members, per_year);
    let leave_coach = per_step(p.turnover.coaches, per_year);
    let raise = super::hazard::threshold(super::hazard::step_chance(p.barriers.per_year, per_year));
    let lag = vacancy(world.steps_of_weeks(p.vacancy_weeks));
    let lift_steps = world.steps_of_weeks(p.barriers.lift_weeks);
    let posts = world.posts();
    let units = world.parent.len();
    let kinds = world.innovations.len();
    let any_start: Vec<bool> = (0..kinds)
        .map(|k| {
            effects
                .iter()
                .any(|e| e.innovation == k && e.kind == EffectKind::Start)
        })
        .collect();
    let mut s = State {
        vacant: vec![0; posts],
        status: vec![vec![NOT_USING; posts]; kinds],
        level: vec![vec![0; posts]; kinds],
        members: world
            .team_slots
            .iter()
            .map(|t| vec![0; t.members as usize])
            .collect(),
        coaches: vec![0; world.coach_ids.len()],
        cohort: vec![vec![0; units]; kinds],
        stopped: vec![vec![false; units]; kinds],
        started: any_start.iter().map(|&a| vec![!a; units]).collect(),
        lifted_until: vec![0; units],
        barrier: vec![0; units],
        ok: vec![vec![false; units]; kinds],
    };
    let points = world.record_points();
    let mut out = Outcome {
        first_full: vec![vec![NONE; units]; kinds],
        series: Vec::with_capacity(points.len() * kinds * world.out_units.len() * MEASURES),
        intended: Vec::with_capacity(points.len() * kinds * world.out_units.len()),
        coach_steps: 0,
        levels_full: Vec::with_capacity(points.len() * kinds * world.levels),
    };
    let mut counts = vec![0u32; kinds * units * MEASURES];
    let mut class_now: Vec<u32> = Vec::with_capacity(world.coach_ids.len() + 1);
    let mut hires: Vec<u32> = Vec::new();
    let mut local_class: Vec<u32> = Vec::new();
    let rates = Rates { leave, lag };
    let mut intended = vec![0u32; kinds * units];
    let mut next_effect = 0;
    let mut epoch_at = 0;
    let mut next_point = 0;
    let mut staffed_changed = true;
    for step in 0..world.steps {
        while epoch_at + 1 < world.epochs.len() && world.epochs[epoch_at + 1].first_step <= step {
            epoch_at += 1;
            staffed_changed = true;
        }
        let epoch = &world.epochs[epoch_at];
        if O::ACTIVE {
            o.begin_step(world, epoch_at, step, &s.vacant);
        }
        while next_effect < effects.len() && effects[next_effect].step <= step {
            apply(world, &effects[next_effect], &mut s, o, step);
            next_effect += 1;
        }
        // Team members and coaches.
        for &t in &epoch.teams {
            for m in &mut s.members[t as usize] {
                if *m > 0 {
                    *m -= 1;
                    staffed_changed |= *m == 0;
                } else if hit(&mut staff_rng, leave_team) {
                    *m = lag;
                    staffed_changed = true;
                }
            }
        }
        for &c in &epoch.coaches {
            let v = &mut s.coaches[c as usize];
            if *v > 0 {
                *v -= 1;
            } else if hit(&mut staff_rng, leave_coach) {
                *v = lag;
            }
            if *v == 0 {
                out.coach_steps += 1;
            }
        }
        if staffed_changed {
            update_ok(world, epoch, &mut s);
            staffed_changed = false;
        }
        barriers(
            world,
            epoch,
            &mut s,
            &mut barrier_rng,
            (raise, step, lift_steps),
            o,
        );
        // Each coach slot's class now, shifted by one so that `NONE + 1` (no coach) is 0.
        class_now.clear();
        class_now.push(0);
        class_now.extend(s.coaches.iter().enumerate().map(|(c, &v)| {
            if v > 0 {
                0
            } else {
                epoch.coach_class.get(c).copied().unwrap_or(0)
            }
        }));
        // Posts, unit by unit: turnover for each post, then each innovation's moves; the
        // first innovation's moves share the turnover's pass (each purpose keeps its own
        // stream, so the draws are the same as in two passes).
        counts.fill(0);
        for u in 0..units {
            let lifted = s.lifted_until[u] > step;
            let range = world.unit_posts[u] as usize..world.unit_posts[u + 1] as usize;
            let active = |k: usize| !s.stopped[k][u] && s.started[k][u];
            let situation = |k: usize| usize::from(s.ok[k][u]) * 2 + usize::from(lifted);
            let hire_level = |k: usize| {
                if p.train_hires && s.ok[k][u] {
                    s.cohort[k][u]
                } else {
                    0
                }
            };
            hires.clear();
            let mut hooks = Hooks {
                o: &mut *o,
                world,
                epoch_at,
                step,
                unit: u,
                coaches: &s.coaches,
                unit_coaches: &[],
            };
            if kinds == 0 {
                let posts = (&mut s.vacant[range.clone()], range.start);
                turnover_only(posts, &rates, &mut turnover_rng, &mut hooks);
                continue;
            }
            let fused = active(0);
            let pass = FirstPass {
                vacant: &mut s.vacant[range.clone()],
                status: &mut s.status[0][range.clone()],
                level: &mut s.level[0][range.clone()],
                coach_of: &epoch.caseloads[0].local[range.clone()],
                start: range.start,
                class_now: unit_classes(&mut local_class, &class_now, epoch.caseloads[0].unit(u)),
                table: &rules.tables[epoch_at][0][if fused { situation(0) } else { 0 }..],
                hire_level: hire_level(0),
                fused,
            };
            hooks.unit_coaches = epoch.caseloads[0].unit(u);
            let tally = first_pass(
                pass,
                &rates,
                (&mut turnover_rng, &mut move_rng),
                &mut hires,
                &mut hooks,
            );
            if fused {
                tally.store(&mut counts, units, 0, u);
            }
            // The hires' other innovations start from nothing too.
            for &i in &hires {
                let i = i as usize;
                for k in 1..kinds {
                    let trained = hire_level(k);
                    s.status[k][i] = NOT_USING;
                    s.level[k][i] = trained;
                    if O::ACTIVE && trained > 0 {
                        o.hire_trained(k, u, i);
                    }
                }
            }
            for k in 1..kinds {
                if !active(k) {
                    continue;
                }
                let table = &rules.tables[epoch_at][k];
                let situation = situation(k);
                let here = epoch.caseloads[k].unit(u);
                let classes = unit_classes(&mut local_class, &class_now, here);
                let mut tally = Tally::default();
                for i in range.clone() {
                    let level = s.level[k][i];
                    if level == 0 || s.vacant[i] > 0 {
                        continue;
                    }
                    let local = epoch.caseloads[k].local[i];
                    let class = classes[usize::from(local)] as usize;
                    let status = &mut s.status[k][i];
                    step_post(status, level, &table[class * 4 + situation], &mut move_rng);
                    if O::ACTIVE
                        && local > 0
                        && s.coaches[here[usize::from(local) - 1] as usize] == 0
                    {
                        o.coached(world, k, (u, i), *status, step);
                    }
                    tally.add(*status);
                }
                tally.store(&mut counts, units, k, u);
            }
        }
        // Roll up and read the stages.
        for k in 0..kinds {
            for u in 0..units {
                intended[k * units + u] = if s.started[k][u] && !s.stopped[k][u] {
                    world.unit_posts[u + 1] - world.unit_posts[u]
                } else {
                    0
                };
            }
        }
        for &u in world.top_down.iter().rev() {
            let parent = world.parent[u as usize];
            if parent == NONE {
                continue;
            }
            for k in 0..kinds {
                let (from, to) = (k * units + u as usize, k * units + parent as usize);
                intended[to] += intended[from];
                for m in 0..MEASURES {
                    counts[to * MEASURES + m] += counts[from * MEASURES + m];
                }
            }
        }
        for k in 0..kinds {
            for u in 0..units {
                let at = k * units + u;
                let full = rules.full(counts[at * MEASURES + FIDELITY], intended[at]);
                if out.first_full[k][u] == NONE && full {
                    out.first_full[k][u] = step;
                }
                if O::ACTIVE && intended[at] > 0 {
                    let c = &counts[at * MEASURES..(at + 1) * MEASURES];
                    o.counted(world, epoch, (k, u), (c[TRAINED], c[IN_USE], full), step);
                }
            }
        }
        if points.get(next_point) == Some(&step) {
            for k in 0..kinds {
                for &u in &world.out_units {
                    let at = k * units + u as usize;
                    out.series
                        .extend_from_slice(&counts[at * MEASURES..(at + 1) * MEASURES]);
                    out.intended.push(intended[at]);
                }
                // Units of each level at Full Implementation now.
                let start = out.levels_full.len();
                out.levels_full.resize(start + world.levels, 0);
                for u in 0..units {
                    let at = k * units + u;
                    if rules.full(counts[at * MEASURES + FIDELITY], intended[at]) {
                        out.levels_full[start + world.unit_level(u)] += 1;
                    }
                }
            }
            next_point += 1;
        }
        if O::ACTIVE {
            o.end_step(world, step);
        }
    }
    if O::ACTIVE {
        o.finish(world, world.steps);
    }
    out
}

/// The class now of each of a unit's coaches, by place from 1, with 0 (no coach) first.
fn unit_classes<'b>(buffer: &'b mut Vec<u32>, class_now: &[u32], coaches: &[u32]) -> &'b [u32] {
    buffer.clear();
    buffer.push(0);
    buffer.extend(coaches.iter().map(|&c| class_now[c as usize + 1]));
    buffer
}

/// Turnover's chance a step and the steps a post stays vacant.
struct Rates {
    leave: u64,
    lag: u16,
}

/// One unit's posts for the pass that turns them over and moves the first innovation.
struct FirstPass<'a> {
    vacant: &'a mut [u16],
    status: &'a mut [u8],
    level: &'a mut [u8],
    /// Per post: its coach's place among the unit's coaches (from 1; 0: none).
    coach_of: &'a [u16],
    /// The first post's number.
    start: usize,
    /// The class now of each of the unit's coaches, by place (0: no coach, class 0).
    class_now: &'a [u32],
    /// The unit's thresholds from its situation on: class `c` at `4 × c`.
    table: &'a [super::hazard::Thresholds],
    /// The level a hire arrives trained to.
    hire_level: u8,
    /// Whether the first innovation moves here.
    fused: bool,
}

/// What the pass tells its observer with.
struct Hooks<'a, O> {
    o: &'a mut O,
    world: &'a World,
    epoch_at: usize,
    step: u32,
    unit: usize,
    coaches: &'a [u16],
    /// The unit's coaches' slots, by place from 1.
    unit_coaches: &'a [u32],
}

/// Turnover for each post of a unit and, when `fused`, the first innovation's moves, in one
/// walk over the unit's slices; the posts filled by a hire this step are pushed on `hires`.
/// Each purpose draws from its own stream, so the draws are those of two walks.
#[inline(never)]
fn first_pass<O: Observer>(
    pass: FirstPass<'_>,
    rates: &Rates,
    (turnover_rng, move_rng): (&mut ChaCha8Rng, &mut ChaCha8Rng),
    hires: &mut Vec<u32>,
    hooks: &mut Hooks<'_, O>,
) -> Tally {
    let mut tally = Tally::default();
    let FirstPass {
        vacant,
        status,
        level,
        coach_of,
        ..
    } = pass;
    let posts = vacant
        .iter_mut()
        .zip(status.iter_mut())
        .zip(level.iter_mut())
        .zip(coach_of);
    for (j, (((v, status), level), &coach)) in posts.enumerate() {
        let i = pass.start + j;
        if *v > 0 {
            *v -= 1;
            if *v > 0 {
                continue;
            }
            hires.push(super::world::index(i));
            *status = NOT_USING;
            *level = pass.hire_level;
            if O::ACTIVE {
                hooks.o.hired(hooks.world, hooks.epoch_at, i, hooks.step);
                if pass.hire_level > 0 {
                    hooks.o.hire_trained(0, hooks.unit, i);
                }
            }
        } else if hit(turnover_rng, rates.leave) {
            *v = rates.lag;
            if O::ACTIVE {
                hooks.o.left(hooks.world, i, hooks.step);
            }
            continue;
        }
        if !pass.fused || *level == 0 {
            continue;
        }
        let class = pass.class_now[usize::from(coach)] as usize;
        step_post(status, *level, &pass.table[class * 4], move_rng);
        if O::ACTIVE
            && coach > 0
            && hooks.coaches[hooks.unit_coaches[usize::from(coach) - 1] as usize] == 0
        {
            hooks
                .o
                .coached(hooks.world, 0, (hooks.unit, i), *status, hooks.step);
        }
        tally.add(*status);
    }
    tally
}

/// Turnover alone, for a run that simulates no innovation.
fn turnover_only<O: Observer>(
    (vacant, start): (&mut [u16], usize),
    rates: &Rates,
    rng: &mut ChaCha8Rng,
    hooks: &mut Hooks<'_, O>,
) {
    for (j, v) in vacant.iter_mut().enumerate() {
        if *v > 0 {
            *v -= 1;
            if O::ACTIVE && *v == 0 {
                hooks
                    .o
                    .hired(hooks.world, hooks.epoch_at, start + j, hooks.step);
            }
        } else if hit(rng, rates.leave) {
            *v = rates.lag;
            if O::ACTIVE {
                hooks.o.left(hooks.world, start + j, hooks.step);
            }
        }
    }
}

/// One post's move for one innovation: not using → using → at fidelity, or drift back.
#[inline]
fn step_post(status: &mut u8, level: u8, t: &super::hazard::Thresholds, rng: &mut ChaCha8Rng) {
    let level = usize::from(level).min(LEVELS - 1);
    match *status {
        NOT_USING => {
            if hit(rng, t.start_use[level]) {
                *status = USING;
            }
        }
        USING => {
            if hit(rng, t.reach_fidelity[level]) {
                *status = AT_FIDELITY;
            }
        }
        _ => {
            if hit(rng, t.drift) {
                *status = USING;
            }
        }
    }
}

/// A unit's counts for one innovation as its posts move.
#[derive(Default)]
struct Tally {
    trained: u32,
    in_use: u32,
    fidelity: u32,
}

impl Tally {
    #[inline]
    fn add(&mut self, status: u8) {
        self.trained += 1;
        self.in_use += u32::from(status != NOT_USING);
        self.fidelity += u32::from(status == AT_FIDELITY);
    }

    fn store(&self, counts: &mut [u32], units: usize, k: usize, u: usize) {
        let base = (k * units + u) * MEASURES;
        counts[base + TRAINED] = self.trained;
        counts[base + IN_USE] = self.in_use;
        counts[base + FIDELITY] = self.fidelity;
    }
}

/// Applies a dated effect to the units it names and the units below them.
fn apply<O: Observer>(world: &World, effect: &Effect, s: &mut State, o: &mut O, step: u32) {
    let k = effect.innovation;
    for &unit in &effect.units {
        for u in world.subtree(unit) {
            match effect.kind {
                EffectKind::Start => s.started[k][u as usize] = true,
                EffectKind::Deimplement => {
                    s.stopped[k][u as usize] = true;
                    for post in world.unit_posts[u as usize]..world.unit_posts[u as usize + 1] {
                        s.status[k][post as usize] = NOT_USING;
                        s.level[k][post as usize] = 0;
                    }
                }
                EffectKind::Train(level) => {
                    if s.stopped[k][u as usize] {
                        continue;
                    }
                    let cohort = &mut s.cohort[k][u as usize];
                    *cohort = (*cohort).max(level);
                    for post in world.unit_posts[u as usize]..world.unit_posts[u as usize + 1] {
                        let i = post as usize;
                        if s.vacant[i] == 0 {
                            s.level[k][i] = s.level[k][i].max(level);
                        }
                    }
                    if O::ACTIVE {
                        o.trained(world, k, u, level, &s.vacant, step);
                    }
                }
            }
        }
    }
}

/// Recomputes which units have an unbroken, staffed chain.
fn update_ok(world: &World, epoch: &Epoch, s: &mut State) {
    let staffed: Vec<bool> = epoch
        .paths
        .iter()
        .map(|teams| {
            teams.iter().all(|&t| {
                let slot = world.team_slots[t as usize];
                let in_post = s.members[t as usize].iter().filter(|&&m| m == 0).count();
                in_post >= slot.needed as usize
            })
        })
        .collect();
    for (k, ok) in s.ok.iter_mut().enumerate() {
        for (u, ok) in ok.iter_mut().enumerate() {
            let path = epoch.path[u];
            *ok = epoch.chain[k][u] && (path == NONE || staffed[path as usize]);
        }
    }
}

/// Barriers: raised by units with posts, carried a hop a step while the unit's chain holds
/// (for the first innovation: loops are about the organization, not one practice), resolved
/// at the top, where they lift the raising unit for a while.
fn barriers<O: Observer>(
    world: &World,
    epoch: &Epoch,
    s: &mut State,
    rng: &mut ChaCha8Rng,
    (raise, step, lift_steps): (u64, u32, u32),
    o: &mut O,
) {
    if raise == 0 || s.ok.is_empty() {
        return;
    }
    for u in 0..world.parent.len() {
        if world.unit_posts[u + 1] == world.unit_posts[u] {
            continue;
        }
        match s.barrier[u] {
            0 => {
                if hit(rng, raise) {
                    let path = epoch.path[u];
                    let hops = if path == NONE {
                        0
                    } else {
                        super::world::index(epoch.paths[path as usize].len())
                    };
                    s.barrier[u] = hops + 1;
                    if O::ACTIVE {
                        o.raised(world, u, step);
                    }
                }
            }
            1 => {
                // At the top: resolved, once the chain lets the answer back down.
                if s.ok[0][u] {
                    s.barrier[u] = 0;
                    s.lifted_until[u] = step.saturating_add(lift_steps);
                    if O::ACTIVE {
                        o.resolved(world, epoch, u, step);
                    }
                }
            }
            left => {
                if s.ok[0][u] {
                    s.barrier[u] -= 1;
                    if O::ACTIVE {
                        o.hopped(world, epoch, u, left, step);
                    }
                }
            }
        }
    }
}
