//! The alignment report as text and tidy CSV.

use std::collections::HashMap;
use std::fmt;
use std::io;

use super::{AlignmentReport, BreakReason, Chain, SizeFlag, UnitAlignment};
use crate::id::{LevelId, UnitId};
use crate::system::{MAX_ANCESTOR_LEVELS, Place, System};
use crate::text::{Align, Table};

/// The report's own columns of the units CSV, after the hierarchy columns.
const UNIT_COLUMNS: [&str; 10] = [
    "teams",
    "ancestor_team_unit",
    "linked_from_ancestor",
    "skipped_levels",
    "chain",
    "covered_levels",
    "break_at",
    "break_reason",
    "expected_from",
    "practitioners",
];

impl AlignmentReport {
    /// Writes one CSV row per unit (tidy: one observation per row, one variable per column),
    /// with the unit's place in `system`, the system the report was made from.
    ///
    /// Columns: the hierarchy columns `unit, name, level, parent`, then one per level above
    /// the lowest holding the unit above on it (as [`System::hierarchy_columns`] names them),
    /// then `teams, ancestor_team_unit, linked_from_ancestor, skipped_levels, chain`
    /// (`own_team`, `covered_from_above` or `broken`), `covered_levels` (for a unit covered
    /// from above), `break_at, break_reason` (`no_team_at_or_above`, `no_top_team`,
    /// `not_supported` or `no_required_team`), `expected_from, practitioners`. Lists are
    /// `;`-separated, absent values are empty.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let mut csv = Vec::new();
    /// report.write_units_csv(&system, &mut csv)?;
    /// let csv = String::from_utf8(csv)?;
    /// assert!(csv.starts_with("unit,name,level,parent,state,region,district,teams,ancestor_team_unit,"));
    /// assert!(csv.contains(
    ///     "\njefferson-ms,Jefferson Middle,school,wake,state,central,wake,\
    ///      0,wake,,school,covered_from_above,1,,,,6\n"
    /// ));
    /// assert!(csv.contains(
    ///     "\nleland-ms,Leland Middle,school,brunswick,state,coastal,brunswick,\
    ///      0,brunswick,,school;region,broken,,brunswick,not_supported,state,5\n"
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_units_csv(&self, system: &System, out: impl io::Write) -> Result<(), csv::Error> {
        let columns = system.hierarchy_columns(&UNIT_COLUMNS);
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<&str> = columns.header().iter().map(String::as_str).collect();
        header.extend(UNIT_COLUMNS);
        w.write_record(&header)?;
        let join = |ids: &mut dyn Iterator<Item = &str>| ids.collect::<Vec<_>>().join(";");
        for u in &self.units {
            let (mut covered, mut at, mut reason, mut from) = (String::new(), "", "", "");
            let chain = match &u.chain {
                Chain::OwnTeam => "own_team",
                Chain::CoveredFromAbove { levels, .. } => {
                    covered = levels.to_string();
                    "covered_from_above"
                }
                Chain::Broken { at: a, reason: r } => {
                    at = a.as_str();
                    reason = match r {
                        BreakReason::NoTeamAtOrAbove => "no_team_at_or_above",
                        BreakReason::NoTopTeam => "no_top_team",
                        BreakReason::NotSupported { expected_from } => {
                            from = expected_from.as_str();
                            "not_supported"
                        }
                        BreakReason::NoRequiredTeam { .. } => "no_required_team",
                    };
                    "broken"
                }
            };
            let place = Place {
                unit: u.unit.clone(),
                name: u.name.as_deref().map(str::to_string),
                level: u.level.clone(),
                parent: u.parent.clone(),
                ancestors: u.ancestors.clone(),
            };
            let (teams, practitioners) = (u.teams.to_string(), u.practitioners.to_string());
            let skipped = join(&mut u.skipped_levels.iter().map(LevelId::as_str));
            let mut record = columns.record(&place);
            record.extend([
                teams.as_str(),
                u.ancestor_team_unit.as_ref().map_or("", UnitId::as_str),
                u.linked_from_ancestor
                    .map_or("", |b| if b { "true" } else { "false" }),
                &skipped,
                chain,
                &covered,
                at,
                reason,
                from,
                &practitioners,
            ]);
            w.write_record(&record)?;
        }
        w.flush()?;
        Ok(())
    }
}

impl fmt::Display for AlignmentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_of {
            Some(d) => writeln!(f, "Alignment as of {d}")?,
            None => writeln!(f, "Alignment (current links and memberships)")?,
        }
        let mut totals = Table::new().indent(2);
        let listed = self.practitioners_covered.denominator > 0;
        if !listed {
            totals.row([
                "practitioners:",
                "none active (the system lists none on the date)",
            ]);
        }
        let practitioners = [
            (
                "practitioners with an unbroken chain of support:",
                self.practitioners_covered,
            ),
            (
                "practitioners in a coach's caseload:",
                self.practitioners_coached,
            ),
        ];
        for (what, share) in practitioners.into_iter().filter(|_| listed).chain([
            ("units with their own connected team:", self.units_own_team),
            (
                "units without a team, covered from above:",
                self.units_covered_from_above,
            ),
            ("units whose chain breaks:", self.units_broken),
        ]) {
            totals.row([what.to_string(), share.to_string()]);
        }
        write!(f, "{totals}")?;
        if self.levels.len() > MAX_ANCESTOR_LEVELS + 1 {
            writeln!(
                f,
                "  note: each unit's ancestors cover the first {m} of the system's {} levels, \
                 and its skipped levels the nearest {m} (MAX_ANCESTOR_LEVELS); its parent \
                 links the rest",
                self.levels.len(),
                m = MAX_ANCESTOR_LEVELS,
            )?;
        }
        self.write_levels(f)?;
        self.write_units(f)?;
        self.write_teams(f)?;
        let overloaded: Vec<_> = self.overloaded_coaches().collect();
        writeln!(f)?;
        writeln!(f, "  overloaded coaches: {}", overloaded.len())?;
        let mut coaches = Table::new().indent(4).align(1, Align::Right);
        for c in overloaded {
            coaches.row([
                c.coach.to_string(),
                format!("{} practitioners", c.load.numerator),
                format!("capacity {}", c.load.denominator),
            ]);
        }
        write!(f, "{coaches}")?;
        self.write_innovation_loads(f)
    }
}

impl AlignmentReport {
    /// The coaches with caseloads for single innovations: each innovation's part of the one
    /// load, and the load of de-implemented innovations apart.
    fn write_innovation_loads(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let split: Vec<_> = self
            .coaches
            .iter()
            .filter(|c| !c.by_innovation.is_empty())
            .collect();
        if split.is_empty() {
            return Ok(());
        }
        writeln!(f, "  coach loads by innovation (one capacity for all):")?;
        let mut table = Table::new().indent(4);
        for column in 2..=4 {
            table = table.align(column, Align::Right);
        }
        table.row(["coach", "innovation", "load", "de-implemented", ""]);
        for c in split {
            table.row([
                c.coach.to_string(),
                "every innovation".to_string(),
                c.all_innovations.unwrap_or(0).to_string(),
                String::new(),
                String::new(),
            ]);
            for part in &c.by_innovation {
                table.row([
                    c.coach.to_string(),
                    part.innovation.to_string(),
                    part.practitioners.to_string(),
                    part.de_implemented.to_string(),
                    String::new(),
                ]);
            }
            table.row([
                c.coach.to_string(),
                "combined".to_string(),
                c.load.numerator.to_string(),
                String::new(),
                format!("capacity {}", c.load.denominator),
            ]);
        }
        write!(f, "{table}")
    }

    /// Two tables by level: the units' chains, then their teams and links.
    fn write_levels(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let right = |mut t: Table, columns: usize| {
            for c in 1..=columns {
                t = t.align(c, Align::Right);
            }
            t
        };
        // Without practitioners on the date, there is no one to count as covered.
        let listed = self.practitioners_covered.denominator > 0;
        let mut chains = right(Table::new().indent(2), 4);
        let header = [
            "level",
            "own connected team",
            "covered from above",
            "chain broken",
            "practitioners covered",
        ];
        chains.row(header.into_iter().take(if listed { 5 } else { 4 }));
        let mut teams = right(Table::new().indent(2), 2);
        teams.row(["level", "units with a team", "linked from above"]);
        for l in &self.levels {
            chains.row(
                [
                    l.level.to_string(),
                    l.units_own_team.to_string(),
                    l.units_covered_from_above.to_string(),
                    l.units_broken.to_string(),
                    l.practitioners_covered.to_string(),
                ]
                .into_iter()
                .take(if listed { 5 } else { 4 }),
            );
            teams.row([
                l.level.to_string(),
                l.units_with_team.to_string(),
                // No unit on the level has a team above it to be linked from (the top).
                if l.units_linked.denominator == 0 {
                    "none above".to_string()
                } else {
                    l.units_linked.to_string()
                },
            ]);
        }
        writeln!(f)?;
        write!(f, "{chains}")?;
        writeln!(f)?;
        write!(f, "{teams}")
    }

    /// Every unit as a tree, each under its parent, with its chain.
    fn write_units(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f)?;
        writeln!(f, "  units, each under its parent:")?;
        let mut table = Table::new()
            .indent(4)
            .align(2, Align::Right)
            .align(3, Align::Right);
        table.row(["unit", "level", "teams", "practitioners", "chain"]);
        for (depth, u) in self.tree() {
            table.row([
                // Indented up to MAX_ANCESTOR_LEVELS deep, so a chain of units as long as the
                // input does not print the square of it in spaces; deeper, the depth is shown.
                if depth <= MAX_ANCESTOR_LEVELS {
                    format!("{:indent$}{}", "", u.unit, indent = 2 * depth)
                } else {
                    let indent = 2 * MAX_ANCESTOR_LEVELS;
                    format!("{:indent$}[depth {depth}] {}", "", u.unit)
                },
                u.level.to_string(),
                u.teams.to_string(),
                u.practitioners.to_string(),
                u.chain.to_string(),
            ]);
        }
        write!(f, "{table}")
    }

    /// The units depth first, each with its depth: a unit's children follow it, in the
    /// report's order. A unit whose parent the report lacks starts a tree of its own.
    fn tree(&self) -> Vec<(usize, &UnitAlignment)> {
        let position: HashMap<&UnitId, usize> = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (&u.unit, i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.units.len()];
        let mut roots = Vec::new();
        for (i, u) in self.units.iter().enumerate() {
            match u.parent.as_ref().and_then(|p| position.get(p)) {
                Some(&p) if p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut out = Vec::with_capacity(self.units.len());
        let mut seen = vec![false; self.units.len()];
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (0, r)).collect();
        while let Some((depth, i)) = stack.pop() {
            // A report whose parents form a circle (edited by hand) prints each unit once.
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push((depth, &self.units[i]));
            stack.extend(children[i].iter().rev().map(|&c| (depth + 1, c)));
        }
        // Units on a circle of parents, reached from no root.
        for (i, u) in self.units.iter().enumerate() {
            if !seen[i] {
                out.push((0, u));
            }
        }
        out
    }

    fn write_teams(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flagged: Vec<_> = self
            .teams
            .iter()
            .filter(|t| t.size_flag.is_some() || t.no_one_to_support || !t.connected)
            .collect();
        writeln!(f)?;
        writeln!(
            f,
            "  teams to look at (size {}): {}",
            self.team_size,
            flagged.len()
        )?;
        let mut teams = Table::new().indent(4);
        for t in flagged {
            let mut notes = Vec::new();
            match t.size_flag {
                Some(SizeFlag::TooSmall) => notes.push(format!("{} members, too few", t.members)),
                Some(SizeFlag::TooLarge) => notes.push(format!("{} members, too many", t.members)),
                None => {}
            }
            if !t.connected {
                notes.push("not connected to a top team".to_string());
            }
            if t.no_one_to_support {
                notes.push("no one to support".to_string());
            }
            teams.row([
                t.team.to_string(),
                format!("({})", t.unit),
                notes.join("; "),
            ]);
        }
        write!(f, "{teams}")
    }
}
