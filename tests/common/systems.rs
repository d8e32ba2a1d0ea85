//! Random valid systems for the property tests: a hierarchy of levels and units, teams and
//! their members, links, practitioners and coaches, placed from random choices so that every
//! document built is valid.

#![allow(clippy::too_many_lines)] // strategies and checks read best whole

use std::collections::{HashMap, HashSet};

use implsci::system::{
    Coach, CoachPerson, Level, LinkKind, Member, Practitioner, SystemDocument, Team, TeamLink, Unit,
};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

use super::{id, shuffle};

// ---------------------------------------------------------------------------------------------
// Hierarchies
// ---------------------------------------------------------------------------------------------

/// The levels of a random hierarchy, from the top: `level-0` (`Level 0`), `level-1`, ….
pub fn levels(n: usize) -> Vec<Level> {
    (0..n)
        .map(|l| Level::new(id(&format!("level-{l}")), format!("Level {l}")))
        .collect()
}

/// A unit as [`place`] places it: its level, its parent (by place), and the rest of what was
/// chosen for it.
pub type Placed<T> = (usize, Option<usize>, T);

/// Places the units of a random hierarchy level by level: the root on the top level, then the
/// others sorted by level (in their given order on each level), each on the level below the
/// top that its first choice picks, under the parent that its second choice picks among the
/// units placed on strictly higher levels (so levels may be skipped). With one level there is
/// nothing below the top, and only the root is placed.
pub fn place<T>(
    levels: usize,
    root: T,
    others: impl IntoIterator<Item = (Index, Index, T)>,
) -> Vec<Placed<T>> {
    let mut rest: Vec<(usize, Index, T)> = if levels > 1 {
        others
            .into_iter()
            .map(|(level, parent, unit)| (1 + level.index(levels - 1), parent, unit))
            .collect()
    } else {
        Vec::new()
    };
    rest.sort_by_key(|(level, _, _)| *level);
    let mut placed = vec![(0, None, root)];
    for (level, parent, unit) in rest {
        let higher = placed.iter().filter(|(l, _, _)| *l < level).count();
        placed.push((level, Some(parent.index(higher)), unit));
    }
    placed
}

/// The parent of every unit, by id.
pub fn parents(doc: &SystemDocument) -> HashMap<&str, Option<&str>> {
    doc.units
        .iter()
        .map(|u| {
            (
                u.id.as_str(),
                u.parent.as_ref().map(implsci::id::UnitId::as_str),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Systems
// ---------------------------------------------------------------------------------------------

/// A date from 2018 to 2026 (days 1–28 of any month).
pub fn date() -> impl Strategy<Value = Date> {
    (2018i16..2027, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

/// A start and, about a third of the time, an end on or after it.
fn interval() -> impl Strategy<Value = (Date, Option<Date>)> {
    (date(), prop::option::weighted(0.3, date())).prop_map(|(a, b)| match b {
        None => (a, None),
        Some(b) => (a.min(b), Some(a.max(b))),
    })
}

fn members() -> impl Strategy<Value = Vec<(Date, Option<Date>)>> {
    prop::collection::vec(interval(), 0..=7)
}

/// One unit before it is placed: its level and parent choices, its teams' members, a name.
#[derive(Debug, Clone)]
struct RawUnit {
    level: Index,
    parent: Index,
    teams: usize,
    members: [Vec<(Date, Option<Date>)>; 2],
    name: Option<String>,
}

fn raw_unit() -> impl Strategy<Value = RawUnit> {
    (
        any::<Index>(),
        any::<Index>(),
        prop_oneof![1 => Just(0usize), 2 => Just(1usize), 1 => Just(2usize)],
        members(),
        members(),
        prop::option::weighted(0.2, "[A-Za-z][a-z ]{0,10}[a-z]"),
    )
        .prop_map(|(level, parent, teams, m0, m1, name)| RawUnit {
            level,
            parent,
            teams,
            members: [m0, m1],
            name,
        })
}

/// A link's mode, its two team choices and its dates.
type RawLink = (u8, Index, Index, (Date, Option<Date>));

/// The random choices behind a system document; `build_doc` places them.
#[derive(Debug, Clone)]
struct Raw {
    levels: usize,
    root: RawUnit,
    units: Vec<RawUnit>,
    /// (mode, first team, second team, dates)
    links: Vec<RawLink>,
    /// (unit, start, end)
    practitioners: Vec<(Index, Option<Date>, Option<Date>)>,
    /// (practitioner kind?, who, capacity, caseload)
    coaches: Vec<(bool, Index, Index, u32, Vec<Index>)>,
    shuffle: Option<u64>,
}

/// Choices for up to `units` units (1–60), `links` links and `practitioners` practitioners.
fn raw(units: usize, links: usize, practitioners: usize) -> impl Strategy<Value = Raw> {
    (
        1usize..=4,
        raw_unit(),
        prop::collection::vec(raw_unit(), 0..units),
        prop::collection::vec(
            (0u8..9, any::<Index>(), any::<Index>(), interval()),
            0..links,
        ),
        prop::collection::vec(
            (
                any::<Index>(),
                prop::option::weighted(0.7, date()),
                prop::option::weighted(0.3, date()),
            ),
            0..=practitioners,
        ),
        prop::collection::vec(
            (
                any::<bool>(),
                any::<Index>(),
                any::<Index>(),
                0u32..20,
                prop::collection::vec(any::<Index>(), 0..12),
            ),
            0..=5,
        ),
        prop::option::of(any::<u64>()),
    )
        .prop_map(
            |(levels, root, units, links, practitioners, coaches, shuffle)| Raw {
                levels,
                root,
                units,
                links,
                practitioners,
                coaches,
                shuffle,
            },
        )
}

/// The valid system the choices `raw` place.
fn build_doc(raw: Raw) -> SystemDocument {
    let mut doc = SystemDocument::new(id("sys"), "A random system");
    doc.levels.extend(levels(raw.levels));
    // Units, level by level: the root, then the others sorted by level, each with a parent
    // among the units already placed on a strictly higher level.
    let placed = place(
        raw.levels,
        raw.root,
        raw.units.into_iter().map(|u| (u.level, u.parent, u)),
    );
    let mut team_level = Vec::new();
    let mut teams_of_unit: Vec<Vec<usize>> = Vec::new();
    let mut parent_of: Vec<Option<usize>> = Vec::new();
    for (i, (level, parent, ru)) in placed.into_iter().enumerate() {
        let mut unit = Unit::new(
            id(&format!("u{i}")),
            doc.levels[level].id.clone(),
            parent.map(|p| doc.units[p].id.clone()),
        );
        unit.name = ru.name;
        doc.units.push(unit);
        parent_of.push(parent);
        let mut mine = Vec::new();
        for members in ru.members.iter().take(ru.teams) {
            let t = doc.teams.len();
            let mut team = Team::new(id(&format!("t{t}")), id(&format!("u{i}")));
            if t.is_multiple_of(3) {
                team.name = Some(format!("Team {t}"));
            }
            for (j, &(start, end)) in members.iter().enumerate() {
                let role = ["team lead", "coach", "data coordinator", "member"][j.min(3)];
                let mut m = Member::new(id(&format!("m{t}-{j}")), id(role), start);
                m.end = end;
                team.members.push(m);
            }
            doc.teams.push(team);
            team_level.push(level);
            mine.push(t);
        }
        teams_of_unit.push(mine);
    }
    let team_unit: Vec<usize> = doc
        .teams
        .iter()
        .map(|t| t.unit.as_str()[1..].parse().unwrap())
        .collect();

    // Links.
    let teams = doc.teams.len();
    for (mode, a, b, (start, end)) in raw.links {
        if teams < 2 {
            break;
        }
        let (a, b) = (a.index(teams), b.index(teams));
        let link = match mode {
            // A supports link between any two teams on different levels, the higher one first.
            0..=2 => {
                if a == b {
                    continue;
                }
                match team_level[a].cmp(&team_level[b]) {
                    std::cmp::Ordering::Less => (a, b, LinkKind::Supports),
                    std::cmp::Ordering::Greater => (b, a, LinkKind::Supports),
                    std::cmp::Ordering::Equal => (a, b, LinkKind::CollaboratesWith),
                }
            }
            // The vertical line: a team of the nearest unit above `b` that has a team supports `b`.
            3..=6 => {
                let mut up = parent_of[team_unit[b]];
                while let Some(u) = up {
                    if !teams_of_unit[u].is_empty() {
                        break;
                    }
                    up = parent_of[u];
                }
                let Some(u) = up else { continue };
                let from = teams_of_unit[u][a % teams_of_unit[u].len()];
                (from, b, LinkKind::Supports)
            }
            // Reports-to, from the lower team to the higher one.
            7 => {
                if a == b {
                    continue;
                }
                match team_level[a].cmp(&team_level[b]) {
                    std::cmp::Ordering::Greater => (a, b, LinkKind::ReportsTo),
                    std::cmp::Ordering::Less => (b, a, LinkKind::ReportsTo),
                    std::cmp::Ordering::Equal => (a, b, LinkKind::CollaboratesWith),
                }
            }
            _ => {
                if a == b {
                    continue;
                }
                (a, b, LinkKind::CollaboratesWith)
            }
        };
        let mut l = TeamLink::new(
            doc.teams[link.0].id.clone(),
            doc.teams[link.1].id.clone(),
            link.2,
            start,
        );
        l.end = end;
        doc.links.push(l);
    }

    // Practitioners.
    let units = doc.units.len();
    for (i, (unit, start, end)) in raw.practitioners.into_iter().enumerate() {
        let mut p = Practitioner::new(
            id(&format!("p{i}")),
            doc.units[unit.index(units)].id.clone(),
            id(if i % 4 == 0 { "nurse" } else { "teacher" }),
        );
        (p.start, p.end) = match (start, end) {
            (Some(s), Some(e)) => (Some(s.min(e)), Some(s.max(e))),
            other => other,
        };
        doc.practitioners.push(p);
    }

    // Coaches.
    let with_members: Vec<usize> = (0..teams)
        .filter(|&t| !doc.teams[t].members.is_empty())
        .collect();
    let ps = doc.practitioners.len();
    for (practitioner, who, member, capacity, caseload) in raw.coaches {
        let person = if (practitioner || with_members.is_empty()) && ps > 0 {
            CoachPerson::Practitioner(doc.practitioners[who.index(ps)].id.clone())
        } else if let Some(&t) = with_members.get(who.index(with_members.len().max(1))) {
            let team = &doc.teams[t];
            CoachPerson::TeamMember {
                team: team.id.clone(),
                person: team.members[member.index(team.members.len())]
                    .person
                    .clone(),
            }
        } else {
            continue;
        };
        let mut coach = Coach::new(id(&format!("c{}", doc.coaches.len())), person, capacity);
        if ps > 0 {
            let mut seen = HashSet::new();
            for p in caseload {
                let p = p.index(ps);
                if seen.insert(p) {
                    coach.caseload.push(doc.practitioners[p].id.clone());
                }
            }
        }
        doc.coaches.push(coach);
    }

    if let Some(seed) = raw.shuffle {
        shuffle(&mut doc.units, seed);
        shuffle(&mut doc.teams, seed ^ 1);
        shuffle(&mut doc.practitioners, seed ^ 2);
    }
    doc
}

/// A valid system: 1–4 levels, 1–60 units, 0–150 links, 0–200 practitioners, 0–5 coaches.
pub fn system_doc() -> impl Strategy<Value = SystemDocument> {
    raw(60, 150, 200).prop_map(build_doc)
}

/// A smaller valid system, for tests that read and write many variants of each.
pub fn small_system_doc() -> impl Strategy<Value = SystemDocument> {
    raw(20, 40, 30).prop_map(build_doc)
}
