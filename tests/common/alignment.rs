//! Coverage, chains, queries and communication paths of a system recomputed by brute force,
//! from the definitions in `src/system/align.rs` (the chains: `Chain` in
//! `src/system/align/chains.rs`), and checked against what the system reports.

use std::collections::{HashMap, HashSet};

use implsci::share::Share;
use implsci::system::{
    AlignmentParams, AlignmentReport, BreakReason, Chain, LinkKind, Subject, System,
    SystemDocument, UnitAlignment, When,
};
use jiff::civil::Date;
use proptest::prelude::*;

use super::id;
use super::systems::parents;

/// Whether something from `start` to `end` (exclusive) is active at `when`.
fn active(start: Option<Date>, end: Option<Date>, when: When) -> bool {
    match when {
        When::Current => end.is_none(),
        When::On(d) => start.is_none_or(|s| s <= d) && end.is_none_or(|e| d < e),
    }
}

/// A system's hierarchy and teams, indexed for recomputing by brute force.
struct Brute<'a> {
    doc: &'a SystemDocument,
    parent: HashMap<&'a str, Option<&'a str>>,
    teams_of: HashMap<&'a str, Vec<&'a str>>,
    team_unit: HashMap<&'a str, &'a str>,
    level_of: HashMap<&'a str, &'a str>,
    name_of: HashMap<&'a str, Option<&'a str>>,
    root: &'a str,
}

impl<'a> Brute<'a> {
    fn new(doc: &'a SystemDocument) -> Self {
        let parent = parents(doc);
        let mut teams_of: HashMap<&str, Vec<&str>> = doc
            .units
            .iter()
            .map(|u| (u.id.as_str(), Vec::new()))
            .collect();
        for t in &doc.teams {
            teams_of
                .get_mut(t.unit.as_str())
                .unwrap()
                .push(t.id.as_str());
        }
        let team_unit = doc
            .teams
            .iter()
            .map(|t| (t.id.as_str(), t.unit.as_str()))
            .collect();
        let root = doc
            .units
            .iter()
            .find(|u| u.parent.is_none())
            .unwrap()
            .id
            .as_str();
        let level_of = doc
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.level.as_str()))
            .collect();
        let name_of = doc
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.name.as_deref()))
            .collect();
        Self {
            doc,
            parent,
            teams_of,
            team_unit,
            level_of,
            name_of,
            root,
        }
    }

    /// The unit and its parents, up to the root.
    fn up(&self, unit: &'a str) -> Vec<&'a str> {
        let mut out = vec![unit];
        let mut cur = unit;
        while let Some(p) = self.parent[cur] {
            out.push(p);
            cur = p;
        }
        out
    }

    /// The nearest unit at or above `unit` that has a team.
    fn governing(&self, unit: &'a str) -> Option<&'a str> {
        self.up(unit)
            .into_iter()
            .find(|u| !self.teams_of[u].is_empty())
    }

    /// Teams reachable from `sources` through supports links active at `when` (sources
    /// included), by fixpoint over the link list.
    fn reach(&self, sources: &[&'a str], when: When) -> HashSet<&'a str> {
        let mut set: HashSet<&str> = sources.iter().copied().collect();
        loop {
            let before = set.len();
            for l in &self.doc.links {
                if l.kind == LinkKind::Supports
                    && active(Some(l.start), l.end, when)
                    && set.contains(l.from.as_str())
                {
                    set.insert(l.to.as_str());
                }
            }
            if set.len() == before {
                return set;
            }
        }
    }

    fn connected(&self, when: When) -> HashSet<&'a str> {
        self.reach(&self.teams_of[self.root], when)
    }

    /// Whether the governing unit of `unit` has a connected team: a chain of links reaches
    /// it (what communication paths follow; required levels play no part).
    fn unbroken(&self, unit: &'a str, connected: &HashSet<&str>) -> bool {
        self.governing(unit)
            .is_some_and(|g| self.unit_connected(g, connected))
    }

    fn unit_connected(&self, unit: &str, connected: &HashSet<&str>) -> bool {
        self.teams_of[unit].iter().any(|t| connected.contains(t))
    }

    /// The unit's chain, from the definitions: its own connected team; covered from above
    /// (no team, a connected governing unit, no required team missing on the way); or broken
    /// at the highest missing required team on the way up to the governing unit, at itself
    /// with no team at or above, else at the governing unit just below the first connected
    /// one met walking up the governing units (or at the highest met, if none is).
    fn chain(&self, unit: &'a str, connected: &HashSet<&str>, required: &HashSet<&str>) -> Chain {
        let has = |u: &str| !self.teams_of[u].is_empty();
        let id = |u: &str| u.parse().unwrap();
        let broken = |at: &str, reason: BreakReason| Chain::Broken { at: id(at), reason };
        if has(unit) && self.unit_connected(unit, connected) {
            return Chain::OwnTeam;
        }
        if !has(unit) {
            let without: Vec<&str> = self.up(unit).into_iter().take_while(|u| !has(u)).collect();
            if let Some(&highest) = without
                .iter()
                .rev()
                .find(|u| required.contains(self.level_of[*u]))
            {
                let level = self.level_of[highest].parse().unwrap();
                return broken(highest, BreakReason::NoRequiredTeam { level });
            }
            match self.governing(unit) {
                None => return broken(unit, BreakReason::NoTeamAtOrAbove),
                Some(g) if self.unit_connected(g, connected) => {
                    return Chain::CoveredFromAbove {
                        by: id(g),
                        levels: u32::try_from(without.len()).unwrap(),
                    };
                }
                Some(_) => {}
            }
        }
        let mut g = self.governing(unit).unwrap();
        loop {
            match self.parent[g].and_then(|p| self.governing(p)) {
                None => return broken(g, BreakReason::NoTopTeam),
                Some(next) if self.unit_connected(next, connected) => {
                    let expected_from = id(next);
                    return broken(g, BreakReason::NotSupported { expected_from });
                }
                Some(next) => g = next,
            }
        }
    }
}

/// The alignment report at `when` covers the practitioners, units and teams the brute force
/// finds connected to the root's teams; each unit's chain, place and counts, each level's and
/// the report's shares of units by chain, are those the brute force finds.
pub fn check_coverage(system: &System, when: When) -> Result<(), TestCaseError> {
    let doc = system.document();
    let brute = Brute::new(doc);
    let connected = brute.connected(when);
    let required: HashSet<&str> = doc
        .settings
        .require_team_at
        .iter()
        .map(implsci::id::LevelId::as_str)
        .collect();
    let chains: HashMap<&str, Chain> = doc
        .units
        .iter()
        .map(|u| {
            let unit = u.id.as_str();
            (unit, brute.chain(unit, &connected, &required))
        })
        .collect();
    let mut params = AlignmentParams::default();
    params.when = when;
    let report = system.alignment(&params);

    let mut per_unit: HashMap<&str, u64> = HashMap::new();
    let (mut covered, mut total) = (0u64, 0u64);
    for p in &doc.practitioners {
        if active(p.start, p.end, when) {
            total += 1;
            *per_unit.entry(p.unit.as_str()).or_default() += 1;
            if chains[p.unit.as_str()].is_unbroken() {
                covered += 1;
            }
        }
    }
    prop_assert_eq!(
        report.practitioners_covered.numerator,
        covered,
        "covered at {:?}",
        when
    );
    prop_assert_eq!(
        report.practitioners_covered.denominator,
        total,
        "active at {:?}",
        when
    );

    prop_assert_eq!(report.units.len(), doc.units.len());
    let mut seen = HashSet::new();
    // Per level: units, own team, covered from above, broken.
    let mut by_level: HashMap<&str, [u64; 4]> = HashMap::new();
    for u in &report.units {
        let unit = u.unit.as_str();
        prop_assert!(seen.insert(unit), "unit {} reported twice", unit);
        let expected = &chains[unit];
        prop_assert_eq!(
            &u.chain,
            expected,
            "chain of {} at {:?} with {:?} required",
            unit,
            when,
            &required
        );
        prop_assert_eq!(
            u.chain.is_unbroken(),
            matches!(expected, Chain::OwnTeam | Chain::CoveredFromAbove { .. })
        );
        prop_assert_eq!(u.chain.is_own_team(), expected == &Chain::OwnTeam);
        if required.is_empty() {
            prop_assert_eq!(u.chain.is_unbroken(), brute.unbroken(unit, &connected));
        }
        prop_assert_eq!(
            u.practitioners,
            per_unit.get(unit).copied().unwrap_or(0),
            "practitioners of {}",
            unit
        );
        check_place(&brute, u)?;
        let c = by_level.entry(brute.level_of[unit]).or_default();
        c[0] += 1;
        match expected {
            Chain::OwnTeam => c[1] += 1,
            Chain::CoveredFromAbove { .. } => c[2] += 1,
            _ => c[3] += 1,
        }
    }
    check_shares(&report, &by_level)?;
    // Team spans agree on connectivity too.
    for t in &report.teams {
        prop_assert_eq!(
            t.connected,
            connected.contains(t.team.as_str()),
            "team {} connected",
            t.team.as_str()
        );
    }
    Ok(())
}

/// Each level's shares of units by chain, and the report's, are the counts `by_level` (per
/// level id: units, own team, covered from above, broken).
fn check_shares(
    report: &AlignmentReport,
    by_level: &HashMap<&str, [u64; 4]>,
) -> Result<(), TestCaseError> {
    for l in &report.levels {
        let c = by_level.get(l.level.as_str()).copied().unwrap_or_default();
        prop_assert_eq!(l.units_own_team, Share::new(c[1], c[0]));
        prop_assert_eq!(l.units_covered_from_above, Share::new(c[2], c[0]));
        prop_assert_eq!(l.units_broken, Share::new(c[3], c[0]));
        prop_assert_eq!(l.units_unbroken, Share::new(c[1] + c[2], c[0]));
    }
    let sum = |i: usize| by_level.values().map(|c| c[i]).sum::<u64>();
    let all = sum(0);
    prop_assert_eq!(all, u64::try_from(report.units.len()).unwrap());
    prop_assert_eq!(report.units_own_team, Share::new(sum(1), all));
    prop_assert_eq!(report.units_covered_from_above, Share::new(sum(2), all));
    prop_assert_eq!(report.units_broken, Share::new(sum(3), all));
    Ok(())
}

/// A unit's row carries its place: name, level, parent, and the unit above on each level,
/// highest first.
fn check_place(brute: &Brute<'_>, u: &UnitAlignment) -> Result<(), TestCaseError> {
    let unit = u.unit.as_str();
    prop_assert_eq!(u.name.as_deref(), brute.name_of[unit]);
    prop_assert_eq!(u.level.as_str(), brute.level_of[unit]);
    prop_assert_eq!(
        u.parent.as_ref().map(implsci::id::UnitId::as_str),
        brute.parent[unit]
    );
    let ancestors: Vec<(&str, &str)> = u
        .ancestors
        .iter()
        .map(|a| (a.level.as_str(), a.unit.as_str()))
        .collect();
    let mut expected: Vec<(&str, &str)> = brute.up(unit)[1..]
        .iter()
        .map(|&a| (brute.level_of[a], a))
        .collect();
    expected.reverse();
    prop_assert_eq!(ancestors, expected, "ancestors of {}", unit);
    Ok(())
}

/// Ancestors, descendants and the practitioners each team reaches equal the brute force;
/// unknown ids are errors.
pub fn check_queries(system: &System) -> Result<(), TestCaseError> {
    let doc = system.document();
    let brute = Brute::new(doc);
    prop_assert_eq!(system.root().id.as_str(), brute.root);
    for u in &doc.units {
        let ancestors: Vec<&str> = system
            .ancestors(&u.id)
            .unwrap()
            .map(|a| a.id.as_str())
            .collect();
        prop_assert_eq!(
            &ancestors,
            &brute.up(u.id.as_str()),
            "ancestors of {}",
            u.id.as_str()
        );

        let descendants: Vec<&str> = system
            .descendants(&u.id)
            .unwrap()
            .map(|d| d.id.as_str())
            .collect();
        let as_set: HashSet<&str> = descendants.iter().copied().collect();
        prop_assert_eq!(
            as_set.len(),
            descendants.len(),
            "descendants of {} repeat",
            u.id.as_str()
        );
        let expected: HashSet<&str> = doc
            .units
            .iter()
            .map(|d| d.id.as_str())
            .filter(|&d| brute.up(d)[1..].contains(&u.id.as_str()))
            .collect();
        prop_assert_eq!(as_set, expected, "descendants of {}", u.id.as_str());
    }
    for t in &doc.teams {
        let reached: Vec<&str> = system
            .practitioners_reached_by(&t.id, When::Current)
            .unwrap()
            .map(|p| p.id.as_str())
            .collect();
        let as_set: HashSet<&str> = reached.iter().copied().collect();
        prop_assert_eq!(
            as_set.len(),
            reached.len(),
            "practitioners reached by {} repeat",
            t.id.as_str()
        );
        let units: HashSet<&str> = brute
            .reach(&[t.id.as_str()], When::Current)
            .into_iter()
            .map(|r| brute.team_unit[r])
            .collect();
        let expected: HashSet<&str> = doc
            .practitioners
            .iter()
            .filter(|p| {
                brute
                    .governing(p.unit.as_str())
                    .is_some_and(|g| units.contains(g))
            })
            .map(|p| p.id.as_str())
            .collect();
        prop_assert_eq!(
            as_set,
            expected,
            "practitioners reached by {}",
            t.id.as_str()
        );
    }
    prop_assert!(system.ancestors(&id("no-such-unit")).is_err());
    prop_assert!(system.descendants(&id("no-such-unit")).is_err());
    prop_assert!(
        system
            .practitioners_reached_by(&id("no-such-team"), When::Current)
            .is_err()
    );
    Ok(())
}

/// Is there an active supports link from `upper` to `lower` at `when`?
fn supports(doc: &SystemDocument, upper: &str, lower: &str, when: When) -> bool {
    doc.links.iter().any(|l| {
        l.kind == LinkKind::Supports
            && l.from.as_str() == upper
            && l.to.as_str() == lower
            && active(Some(l.start), l.end, when)
    })
}

/// Every unit's communication path at `when` is a shortest one up active supports links to a
/// team of the root when its chain is unbroken, and empty when it is broken; a practitioner's
/// path is its unit's.
pub fn check_paths(system: &System, when: When) -> Result<(), TestCaseError> {
    let doc = system.document();
    let brute = Brute::new(doc);
    let connected = brute.connected(when);
    let root_teams: HashSet<&str> = brute.teams_of[brute.root].iter().copied().collect();
    for u in &doc.units {
        let unit = u.id.as_str();
        let path = system
            .communication_path(&Subject::Unit(u.id.clone()), when)
            .unwrap();
        if brute.unbroken(unit, &connected) {
            let g = brute.governing(unit).unwrap();
            let up: Vec<&str> = path.up.iter().map(implsci::id::TeamId::as_str).collect();
            prop_assert!(!up.is_empty(), "unbroken {} has an empty path", unit);
            prop_assert!(
                brute.teams_of[g].contains(&up[0]),
                "path of {} starts at {}, not a team of {}",
                unit,
                up[0],
                g
            );
            prop_assert!(
                root_teams.contains(up[up.len() - 1]),
                "path of {} ends off the root: {:?}",
                unit,
                up
            );
            for w in up.windows(2) {
                prop_assert!(
                    supports(doc, w[1], w[0], when),
                    "path of {}: {} does not support {} at {:?}",
                    unit,
                    w[1],
                    w[0],
                    when
                );
            }
            prop_assert_eq!(path.hops, Some(u32::try_from(up.len() - 1).unwrap()));
            prop_assert!(path.broken.is_none());
            // Breadth first: no shorter path from a governing team to a top team exists.
            let mut level: HashSet<&str> = brute.teams_of[g].iter().copied().collect();
            let mut seen = level.clone();
            let mut dist = 0;
            while !level.iter().any(|t| root_teams.contains(t)) {
                let next: HashSet<&str> = doc
                    .links
                    .iter()
                    .filter(|l| l.kind == LinkKind::Supports && active(Some(l.start), l.end, when))
                    .filter(|l| level.contains(l.to.as_str()) && seen.insert(l.from.as_str()))
                    .map(|l| l.from.as_str())
                    .collect();
                prop_assert!(!next.is_empty(), "unbroken {} but no way up", unit);
                level = next;
                dist += 1;
            }
            prop_assert_eq!(
                up.len() - 1,
                dist,
                "path of {} is not a shortest one: {:?}",
                unit,
                up
            );
        } else {
            prop_assert!(
                path.up.is_empty(),
                "broken {} has a path {:?}",
                unit,
                path.up
            );
            prop_assert_eq!(path.hops, None);
            prop_assert!(path.broken.as_ref().is_some_and(|c| !c.is_unbroken()));
        }
    }
    // A practitioner's path is its unit's.
    for p in doc.practitioners.iter().take(10) {
        let by_p = system
            .communication_path(&Subject::Practitioner(p.id.clone()), when)
            .unwrap();
        let by_u = system
            .communication_path(&Subject::Unit(p.unit.clone()), when)
            .unwrap();
        prop_assert_eq!(&by_p.up, &by_u.up);
        prop_assert_eq!(by_p.hops, by_u.hops);
    }
    Ok(())
}
