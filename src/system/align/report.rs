//! The alignment report as text and tidy CSV.

use std::fmt;
use std::io;

use super::{AlignmentReport, BreakReason, Chain, SizeFlag};
use crate::id::{LevelId, UnitId};
use crate::text::{Align, Table};

impl AlignmentReport {
    /// Writes one CSV row per unit (tidy: one observation per row, one variable per column).
    ///
    /// Columns: `unit, level, teams, ancestor_team_unit, linked_from_ancestor, skipped_levels,
    /// chain, break_at, break_reason, expected_from, practitioners`; lists are `;`-separated,
    /// absent values are empty.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let mut csv = Vec::new();
    /// report.write_units_csv(&mut csv)?;
    /// let csv = String::from_utf8(csv)?;
    /// assert!(csv.starts_with("unit,level,teams,ancestor_team_unit,"));
    /// assert!(csv.contains("\nleland-ms,school,0,brunswick,,school;region,broken,brunswick,not_supported,state,5\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_units_csv(&self, out: impl io::Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "unit",
            "level",
            "teams",
            "ancestor_team_unit",
            "linked_from_ancestor",
            "skipped_levels",
            "chain",
            "break_at",
            "break_reason",
            "expected_from",
            "practitioners",
        ])?;
        let join = |ids: &mut dyn Iterator<Item = &str>| ids.collect::<Vec<_>>().join(";");
        for u in &self.units {
            let (chain, at, reason, from) = match &u.chain {
                Chain::Unbroken => ("unbroken", "", "", ""),
                Chain::Broken { at, reason } => {
                    let (r, from) = match reason {
                        BreakReason::NoTeamAtOrAbove => ("no_team_at_or_above", ""),
                        BreakReason::NoTopTeam => ("no_top_team", ""),
                        BreakReason::NotSupported { expected_from } => {
                            ("not_supported", expected_from.as_str())
                        }
                    };
                    ("broken", at.as_str(), r, from)
                }
            };
            w.write_record([
                u.unit.as_str(),
                u.level.as_str(),
                &u.teams.to_string(),
                u.ancestor_team_unit.as_ref().map_or("", UnitId::as_str),
                u.linked_from_ancestor
                    .map_or("", |b| if b { "true" } else { "false" }),
                &join(&mut u.skipped_levels.iter().map(LevelId::as_str)),
                chain,
                at,
                reason,
                from,
                &u.practitioners.to_string(),
            ])?;
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
        totals.row([
            "practitioners with an unbroken chain of support:".to_string(),
            self.practitioners_covered.to_string(),
        ]);
        totals.row([
            "practitioners in a coach's caseload:".to_string(),
            self.practitioners_coached.to_string(),
        ]);
        write!(f, "{totals}")?;
        writeln!(f)?;
        let mut levels = Table::new()
            .indent(2)
            .align(1, Align::Right)
            .align(2, Align::Right)
            .align(3, Align::Right)
            .align(4, Align::Right);
        levels.row([
            "level",
            "units with a team",
            "linked from above",
            "unbroken chain",
            "practitioners covered",
        ]);
        for l in &self.levels {
            levels.row([
                l.level.to_string(),
                l.units_with_team.to_string(),
                l.units_linked.to_string(),
                l.units_unbroken.to_string(),
                l.practitioners_covered.to_string(),
            ]);
        }
        write!(f, "{levels}")?;
        self.write_breaks(f)?;
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
        write!(f, "{coaches}")
    }
}

impl AlignmentReport {
    fn write_breaks(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let broken: Vec<_> = self.broken_units().collect();
        writeln!(f)?;
        writeln!(f, "  units whose chain breaks: {}", broken.len())?;
        let mut breaks = Table::new().indent(4);
        for u in broken {
            if let Chain::Broken { at, reason } = &u.chain {
                let skipped: Vec<_> = u.skipped_levels.iter().map(LevelId::as_str).collect();
                let mut why = reason.to_string();
                if !skipped.is_empty() {
                    why.push_str("; no team on: ");
                    why.push_str(&skipped.join(", "));
                }
                breaks.row([u.unit.to_string(), format!("breaks at {at}"), why]);
            }
        }
        write!(f, "{breaks}")
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
            "  teams to look at (size {}–{}): {}",
            self.team_size.min,
            self.team_size.max,
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
