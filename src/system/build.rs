//! Validating a system document and building its in-memory structure ([`Index`]), in one
//! pass: every problem is collected, with its path; the structure is built only when there is
//! none.

use std::collections::HashMap;
use std::hash::BuildHasher;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::model::{CoachPerson, LinkKind, SystemDocument};
use super::structure::{Csr, IdTable, Index, NONE, index};
use crate::error::{Problem, ProblemKind, Problems, ValidationErrors, did_you_mean};

/// Refuses lists too long for `u32` positions.
fn check_len(problems: &mut Problems, path: &str, len: usize) -> bool {
    if u32::try_from(len).is_ok_and(|n| n < NONE) {
        true
    } else {
        problems.push(Problem::new(
            path,
            ProblemKind::OutOfRange,
            format!("at most {} entries are supported, found {len}", NONE - 1),
        ));
        false
    }
}

/// The ids a dangling unit reference is compared with, for a suggestion.
fn unit_candidates(doc: &SystemDocument) -> impl Iterator<Item = &str> {
    doc.units.iter().map(|u| u.id.as_str())
}

/// The ids a dangling team reference is compared with.
fn team_candidates(doc: &SystemDocument) -> impl Iterator<Item = &str> {
    doc.teams.iter().map(|t| t.id.as_str())
}

/// The ids a dangling practitioner reference is compared with.
fn practitioner_candidates(doc: &SystemDocument) -> impl Iterator<Item = &str> {
    doc.practitioners.iter().map(|p| p.id.as_str())
}

/// From how many practitioners and coaches a document is checked on two threads.
const PARALLEL_FROM: usize = 1 << 16;

/// The result of a scoped thread; a panic in it is resumed here.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// The practitioners' id table, and their duplicate ids.
fn practitioner_table(doc: &SystemDocument) -> (IdTable, Problems) {
    let key = |p: u32| doc.practitioners[p as usize].id.as_str();
    let mut problems = Problems::default();
    let mut table = IdTable::with_capacity(doc.practitioners.len());
    for (i, pr) in doc.practitioners.iter().enumerate() {
        if table.insert(pr.id.as_str(), index(i), key).is_some() {
            problems.push(
                Problem::new(
                    format!("$.practitioners[{i}].id"),
                    ProblemKind::DuplicateId,
                    "two practitioners share this id",
                )
                .with_id(pr.id.as_str()),
            );
        }
    }
    (table, problems)
}

/// Each practitioner's unit position (`NONE` when unknown), and their reference and date
/// problems.
fn practitioner_units(doc: &SystemDocument, unit_ids: &IdTable) -> (Vec<u32>, Problems) {
    let unit_key = |p: u32| doc.units[p as usize].id.as_str();
    let mut problems = Problems::default();
    let mut units = Vec::with_capacity(doc.practitioners.len());
    let mut last: Option<(&crate::id::UnitId, u32)> = None;
    for (i, pr) in doc.practitioners.iter().enumerate() {
        // Practitioners of one unit are usually listed together: reuse the last lookup.
        let unit = match last {
            Some((id, u)) if *id == pr.unit => Some(u),
            _ => {
                let found = unit_ids.get(pr.unit.as_str(), unit_key);
                last = found.map(|u| (&pr.unit, u));
                found
            }
        };
        units.push(unit.unwrap_or_else(|| {
            problems.dangling(
                format!("$.practitioners[{i}].unit"),
                "no unit has this id",
                pr.unit.as_str(),
                "unit",
                || unit_candidates(doc),
            );
            NONE
        }));
        problems.period(&|| format!("$.practitioners[{i}]"), pr.start, pr.end);
    }
    (units, problems)
}

/// What the coaches' references are checked against.
struct CoachRefs<'a> {
    doc: &'a SystemDocument,
    practitioner_ids: &'a IdTable,
    team_ids: &'a IdTable,
}

/// The checked caseloads of a range of coaches.
struct Caseloads {
    /// The resolved caseload length of each coach.
    lengths: Vec<u32>,
    /// The resolved practitioner positions, coach after coach.
    items: Vec<u32>,
    problems: Problems,
}

impl CoachRefs<'_> {
    /// Checks the person and caseload of the coaches in `range`.
    fn check(&self, range: std::ops::Range<usize>) -> Caseloads {
        let doc = self.doc;
        let practitioner_key = |p: u32| doc.practitioners[p as usize].id.as_str();
        let team_key = |p: u32| doc.teams[p as usize].id.as_str();
        let mut out = Caseloads {
            lengths: Vec::with_capacity(range.len()),
            items: Vec::new(),
            problems: Problems::default(),
        };
        let problems = &mut out.problems;
        let mut sorted: Vec<(u32, usize)> = Vec::new();
        let mut repeats: Vec<usize> = Vec::new();
        for i in range {
            let coach = &doc.coaches[i];
            match &coach.person {
                CoachPerson::Practitioner(p) => {
                    if self
                        .practitioner_ids
                        .get(p.as_str(), practitioner_key)
                        .is_none()
                    {
                        problems.dangling(
                            format!("$.coaches[{i}].person.practitioner"),
                            "no practitioner has this id",
                            p.as_str(),
                            "practitioner",
                            || practitioner_candidates(doc),
                        );
                    }
                }
                CoachPerson::TeamMember { team, person } => {
                    match self.team_ids.get(team.as_str(), team_key) {
                        None => problems.dangling(
                            format!("$.coaches[{i}].person.team_member.team"),
                            "no team has this id",
                            team.as_str(),
                            "team",
                            || team_candidates(doc),
                        ),
                        Some(t) => {
                            let members = &doc.teams[t as usize].members;
                            if !members.iter().any(|m| &m.person == person) {
                                let suggestion = problems.suggestion(
                                    person.as_str(),
                                    members.iter().map(|m| m.person.as_str()),
                                );
                                problems.push(
                                    Problem::new(
                                        format!("$.coaches[{i}].person.team_member.person"),
                                        ProblemKind::DanglingReference,
                                        did_you_mean(
                                            format!("`{person}` is not a member of team `{team}`"),
                                            suggestion.as_deref(),
                                        ),
                                    )
                                    .with_id(person.as_str()),
                                );
                            }
                        }
                    }
                }
            }
            let before = out.items.len();
            sorted.clear();
            for (j, p) in coach.caseload.iter().enumerate() {
                match self.practitioner_ids.get(p.as_str(), practitioner_key) {
                    None => problems.dangling(
                        format!("$.coaches[{i}].caseload[{j}]"),
                        "no practitioner has this id",
                        p.as_str(),
                        "practitioner",
                        || practitioner_candidates(doc),
                    ),
                    Some(position) => {
                        out.items.push(position);
                        sorted.push((position, j));
                    }
                }
            }
            // A practitioner named twice in one caseload: report each later mention.
            sorted.sort_unstable();
            repeats.clear();
            repeats.extend(
                sorted
                    .windows(2)
                    .filter(|w| w[0].0 == w[1].0)
                    .map(|w| w[1].1),
            );
            repeats.sort_unstable();
            for &j in &repeats {
                problems.push(
                    Problem::new(
                        format!("$.coaches[{i}].caseload[{j}]"),
                        ProblemKind::DuplicateId,
                        "this practitioner is already in the caseload",
                    )
                    .with_id(coach.caseload[j].as_str()),
                );
            }
            out.lengths.push(index(out.items.len() - before));
        }
        out
    }
}

#[allow(clippy::too_many_lines)] // one pass over the document, list by list, reads best in order
pub(crate) fn build(doc: &SystemDocument) -> Result<Index, ValidationErrors> {
    let mut problems = Problems::default();
    problems.text(|| "$.name".into(), &doc.name);
    for (path, len) in [
        ("$.levels", doc.levels.len()),
        ("$.units", doc.units.len()),
        ("$.teams", doc.teams.len()),
        ("$.links", doc.links.len()),
        ("$.practitioners", doc.practitioners.len()),
        ("$.coaches", doc.coaches.len()),
    ] {
        if !check_len(&mut problems, path, len) {
            return Err(problems.finish().expect_err("a problem was just pushed"));
        }
    }

    // Levels.
    if doc.levels.is_empty() {
        problems.push(Problem::new(
            "$.levels",
            ProblemKind::OutOfRange,
            "a system needs at least one level",
        ));
    }
    let mut levels: HashMap<&str, u32> = HashMap::with_capacity(doc.levels.len());
    for (i, level) in doc.levels.iter().enumerate() {
        if let std::collections::hash_map::Entry::Vacant(e) = levels.entry(level.id.as_str()) {
            e.insert(index(i));
        } else {
            problems.push(
                Problem::new(
                    format!("$.levels[{i}].id"),
                    ProblemKind::DuplicateId,
                    "two levels share this id",
                )
                .with_id(level.id.as_str()),
            );
        }
        problems.text(|| format!("$.levels[{i}].name"), &level.name);
    }

    // Units: ids, levels, parents, one root, parents on a higher level.
    let unit_key = |p: u32| doc.units[p as usize].id.as_str();
    let mut unit_ids = IdTable::with_capacity(doc.units.len());
    for (i, unit) in doc.units.iter().enumerate() {
        if unit_ids
            .insert(unit.id.as_str(), index(i), unit_key)
            .is_some()
        {
            problems.push(
                Problem::new(
                    format!("$.units[{i}].id"),
                    ProblemKind::DuplicateId,
                    "two units share this id",
                )
                .with_id(unit.id.as_str()),
            );
        }
    }
    for (i, unit) in doc.units.iter().enumerate() {
        if let Some(name) = &unit.name {
            problems.text(|| format!("$.units[{i}].name"), name);
        }
    }
    let mut unit_level = Vec::with_capacity(doc.units.len());
    let mut parent = Vec::with_capacity(doc.units.len());
    let mut roots = Vec::new();
    for (i, unit) in doc.units.iter().enumerate() {
        let level = levels.get(unit.level.as_str()).copied().unwrap_or_else(|| {
            problems.dangling(
                format!("$.units[{i}].level"),
                "no level has this id",
                unit.level.as_str(),
                "level",
                || doc.levels.iter().map(|l| l.id.as_str()),
            );
            NONE
        });
        unit_level.push(level);
        parent.push(match &unit.parent {
            None => {
                roots.push(i);
                NONE
            }
            Some(p) => unit_ids.get(p.as_str(), unit_key).unwrap_or_else(|| {
                problems.dangling(
                    format!("$.units[{i}].parent"),
                    "no unit has this id",
                    p.as_str(),
                    "unit",
                    || unit_candidates(doc),
                );
                NONE
            }),
        });
    }
    for (i, unit) in doc.units.iter().enumerate() {
        let (p, level) = (parent[i], unit_level[i]);
        if p != NONE && level != NONE {
            let parent_level = unit_level[p as usize];
            if parent_level != NONE && parent_level >= level {
                problems.push(
                    Problem::new(
                        format!("$.units[{i}].parent"),
                        ProblemKind::ParentNotHigher,
                        format!(
                            "the parent `{}` is on level `{}`, which is not above this unit's level `{}`",
                            doc.units[p as usize].id, doc.units[p as usize].level, unit.level
                        ),
                    )
                    .with_id(unit.id.as_str()),
                );
            }
        }
    }
    match roots.as_slice() {
        [_] => {}
        [] if doc.units.is_empty() => problems.push(Problem::new(
            "$.units",
            ProblemKind::NotOneRoot,
            "a system needs units, one of them the root",
        )),
        [] => problems.push(Problem::new(
            "$.units",
            ProblemKind::NotOneRoot,
            "no unit is the root (every unit has a parent)",
        )),
        [_, extra @ ..] => {
            for &i in extra {
                problems.push(
                    Problem::new(
                        format!("$.units[{i}]"),
                        ProblemKind::NotOneRoot,
                        format!(
                            "a second root: `{}` is already the root",
                            doc.units[roots[0]].id
                        ),
                    )
                    .with_id(doc.units[i].id.as_str()),
                );
            }
        }
    }

    // Teams.
    let team_key = |p: u32| doc.teams[p as usize].id.as_str();
    let mut team_ids = IdTable::with_capacity(doc.teams.len());
    let mut team_unit = Vec::with_capacity(doc.teams.len());
    for (i, team) in doc.teams.iter().enumerate() {
        if team_ids
            .insert(team.id.as_str(), index(i), team_key)
            .is_some()
        {
            problems.push(
                Problem::new(
                    format!("$.teams[{i}].id"),
                    ProblemKind::DuplicateId,
                    "two teams share this id",
                )
                .with_id(team.id.as_str()),
            );
        }
        team_unit.push(
            unit_ids
                .get(team.unit.as_str(), unit_key)
                .unwrap_or_else(|| {
                    problems.dangling(
                        format!("$.teams[{i}].unit"),
                        "no unit has this id",
                        team.unit.as_str(),
                        "unit",
                        || unit_candidates(doc),
                    );
                    NONE
                }),
        );
        if let Some(name) = &team.name {
            problems.text(|| format!("$.teams[{i}].name"), name);
        }
        problems.period(&|| format!("$.teams[{i}]"), team.start, team.end);
        for (j, m) in team.members.iter().enumerate() {
            problems.period(
                &|| format!("$.teams[{i}].members[{j}]"),
                Some(m.start),
                m.end,
            );
        }
    }

    // Links, and cycles in the vertical structure.
    let mut team_graph = DiGraph::<(), u32, u32>::with_capacity(doc.teams.len(), doc.links.len());
    for _ in &doc.teams {
        team_graph.add_node(());
    }
    let mut vertical = DiGraph::<(), usize, u32>::with_capacity(doc.teams.len(), doc.links.len());
    for _ in &doc.teams {
        vertical.add_node(());
    }
    for (i, link) in doc.links.iter().enumerate() {
        let mut end = |field: &str, id: &crate::id::TeamId| {
            team_ids.get(id.as_str(), team_key).or_else(|| {
                problems.dangling(
                    format!("$.links[{i}].{field}"),
                    "no team has this id",
                    id.as_str(),
                    "team",
                    || team_candidates(doc),
                );
                None
            })
        };
        let (from, to) = (end("from", &link.from), end("to", &link.to));
        problems.period(&|| format!("$.links[{i}]"), Some(link.start), link.end);
        if let (Some(from), Some(to)) = (from, to) {
            team_graph.add_edge(
                NodeIndex::new(from as usize),
                NodeIndex::new(to as usize),
                index(i),
            );
            let (above, below) = match link.kind {
                LinkKind::Supports => (from, to),
                LinkKind::ReportsTo => (to, from),
                LinkKind::CollaboratesWith if from == to => {
                    problems.push(
                        Problem::new(
                            format!("$.links[{i}]"),
                            ProblemKind::Cycle,
                            "a team cannot collaborate with itself",
                        )
                        .with_id(link.from.as_str()),
                    );
                    continue;
                }
                LinkKind::CollaboratesWith => continue,
            };
            if above == below {
                problems.push(
                    Problem::new(
                        format!("$.links[{i}]"),
                        ProblemKind::Cycle,
                        "a team cannot support or report to itself",
                    )
                    .with_id(link.from.as_str()),
                );
            } else {
                vertical.add_edge(
                    NodeIndex::new(above as usize),
                    NodeIndex::new(below as usize),
                    i,
                );
            }
        }
    }
    // Kosaraju's algorithm walks with an explicit stack (petgraph's `Dfs` and `DfsPostOrder`),
    // so a chain of links as long as the input does not exhaust the thread's stack, as the
    // recursive Tarjan did. Each cycle is reported at its first link, in link order, and each
    // link is looked at once: the cost is linear in the teams and links.
    let mut cycles: Vec<Vec<usize>> = petgraph::algo::kosaraju_scc(&vertical)
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| component.iter().map(|n| n.index()).collect())
        .collect();
    let mut cycle_of = vec![usize::MAX; doc.teams.len()];
    for (c, members) in cycles.iter().enumerate() {
        for &t in members {
            cycle_of[t] = c;
        }
    }
    let mut first_link = vec![usize::MAX; cycles.len()];
    for e in vertical.edge_references() {
        let c = cycle_of[e.source().index()];
        if c != usize::MAX && c == cycle_of[e.target().index()] {
            first_link[c] = first_link[c].min(*e.weight());
        }
    }
    let mut order: Vec<usize> = (0..cycles.len()).collect();
    order.sort_unstable_by_key(|&c| first_link[c]);
    for c in order {
        let members = &mut cycles[c];
        members.sort_unstable();
        let ids: Vec<&str> = members.iter().map(|&t| doc.teams[t].id.as_str()).collect();
        problems.push(
            Problem::new(
                format!("$.links[{}]", first_link[c]),
                ProblemKind::Cycle,
                format!(
                    "supports and reports-to links form a cycle among teams {}",
                    ids.join(", ")
                ),
            )
            .with_id(ids.join(",")),
        );
    }

    // Practitioners and coaches: the bulk of a large system. Their id table and their unit
    // references are independent, and so are the two halves of the coaches: on a machine with
    // more than one core, large documents check them on two threads.
    let practitioner_key = |p: u32| doc.practitioners[p as usize].id.as_str();
    let parallel = doc.practitioners.len() + doc.coaches.len() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let ((practitioner_ids, id_problems), (practitioner_unit, unit_problems)) = if parallel {
        std::thread::scope(|scope| {
            let ids = scope.spawn(|| practitioner_table(doc));
            let units = practitioner_units(doc, &unit_ids);
            (join(ids), units)
        })
    } else {
        (practitioner_table(doc), practitioner_units(doc, &unit_ids))
    };
    problems.extend(id_problems);
    problems.extend(unit_problems);

    let coach_key = |p: u32| doc.coaches[p as usize].id.as_str();
    let mut coach_ids = IdTable::with_capacity(doc.coaches.len());
    for (i, coach) in doc.coaches.iter().enumerate() {
        if coach_ids
            .insert(coach.id.as_str(), index(i), coach_key)
            .is_some()
        {
            problems.push(
                Problem::new(
                    format!("$.coaches[{i}].id"),
                    ProblemKind::DuplicateId,
                    "two coaches share this id",
                )
                .with_id(coach.id.as_str()),
            );
        }
    }
    let total_caseload: usize = doc.coaches.iter().map(|c| c.caseload.len()).sum();
    if !check_len(
        &mut problems,
        "$.coaches",
        total_caseload + super::innovations::total_entries(doc),
    ) {
        return Err(problems.finish().expect_err("a problem was just pushed"));
    }
    let refs = CoachRefs {
        doc,
        practitioner_ids: &practitioner_ids,
        team_ids: &team_ids,
    };
    let half = doc.coaches.len() / 2;
    let (first, second) = if parallel {
        std::thread::scope(|scope| {
            let first = scope.spawn(|| refs.check(0..half));
            let second = refs.check(half..doc.coaches.len());
            (join(first), second)
        })
    } else {
        (refs.check(0..half), refs.check(half..doc.coaches.len()))
    };
    let mut caseload_offsets = Vec::with_capacity(doc.coaches.len() + 1);
    caseload_offsets.push(0);
    let mut caseload_items = Vec::with_capacity(total_caseload);
    for part in [first, second] {
        for len in part.lengths {
            caseload_offsets.push(caseload_offsets.last().copied().unwrap_or(0) + len);
        }
        caseload_items.extend(part.items);
        problems.extend(part.problems);
    }
    let caseloads = Csr {
        offsets: caseload_offsets,
        items: caseload_items,
    };
    let innovation_caseloads =
        super::innovations::check_caseloads(doc, &practitioner_ids, &caseloads, &mut problems);

    let range = doc.settings.team_size;
    if let Some(max) = range.max
        && range.min > max
    {
        problems.push(Problem::new(
            "$.settings.team_size",
            ProblemKind::OutOfRange,
            format!("min {} is above max {max}", range.min),
        ));
    }

    for (i, level) in doc.settings.require_team_at.iter().enumerate() {
        if !levels.contains_key(level.as_str()) {
            problems.dangling(
                format!("$.settings.require_team_at[{i}]"),
                "no level has this id",
                level.as_str(),
                "level",
                || doc.levels.iter().map(|l| l.id.as_str()),
            );
        }
    }

    if !problems.is_empty() {
        return Err(problems.finish().expect_err("problems is not empty"));
    }

    // Everything resolved: build the structure.
    let units = doc.units.len();
    let root = index(roots[0]);
    let mut unit_tree = DiGraph::<(), (), u32>::with_capacity(units, units.saturating_sub(1));
    for _ in 0..units {
        unit_tree.add_node(());
    }
    for (child, &p) in parent.iter().enumerate() {
        if p != NONE {
            unit_tree.add_edge(NodeIndex::new(p as usize), NodeIndex::new(child), ());
        }
    }
    let children = Csr::group(units, &parent);
    let mut top_down = Vec::with_capacity(units);
    top_down.push(root);
    let mut head = 0;
    while head < top_down.len() {
        let u = top_down[head];
        head += 1;
        top_down.extend_from_slice(children.row(u));
    }
    let teams_by_unit = Csr::group(units, &team_unit);
    let mut nearest_team_unit = vec![NONE; units];
    for &u in &top_down {
        nearest_team_unit[u as usize] = if teams_by_unit.row(u).is_empty() {
            let p = parent[u as usize];
            if p == NONE {
                NONE
            } else {
                nearest_team_unit[p as usize]
            }
        } else {
            u
        };
    }
    let practitioners_by_unit = Csr::group(units, &practitioner_unit);
    drop(practitioner_unit);

    let mut index = Index {
        unit_ids,
        team_ids,
        practitioner_ids,
        coach_ids,
        unit_level,
        parent,
        root,
        top_down,
        unit_tree,
        team_graph,
        team_unit,
        teams_by_unit,
        practitioners_by_unit,
        nearest_team_unit,
        teams_dated: doc
            .teams
            .iter()
            .any(|t| t.start.is_some() || t.end.is_some()),
        practitioner_dates: if doc
            .practitioners
            .iter()
            .any(|p| p.start.is_some() || p.end.is_some())
        {
            doc.practitioners
                .iter()
                .map(|p| (p.start.unwrap_or(jiff::civil::Date::MIN), p.end))
                .collect()
        } else {
            Vec::new()
        },
        caseloads,
        innovation_caseloads,
    };
    let hasher = index.practitioner_ids.hasher;
    index
        .practitioner_ids
        .shrink(|p| hasher.hash_one(practitioner_key(p)));
    Ok(index)
}
