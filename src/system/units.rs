//! The units of a system with their place in the hierarchy: name, level, parent, and the unit
//! above them on every level, so that a table of per-unit results can be grouped by region or
//! district without a join back to the system.
//!
//! ```
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let lincoln = system.unit_row(&"lincoln-es".parse()?).ok_or("no such unit")?;
//! assert_eq!(lincoln.ancestor(&"district".parse()?).map(|u| u.as_str()), Some("wake"));
//! assert_eq!(lincoln.ancestor(&"region".parse()?).map(|u| u.as_str()), Some("central"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io;

use schemars::JsonSchema;
use serde::Serialize;

use super::{System, When};
use crate::id::{LevelId, UnitId};

/// One unit and its place in the hierarchy, with its teams and practitioners on a date.
///
/// ```
/// use implsci::system::{System, When};
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let rows = system.units(When::Current);
/// assert_eq!(rows.len(), system.document().units.len());
/// assert_eq!(rows[0].parent, None); // the root comes first
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnitRow {
    /// The unit.
    pub unit: UnitId,
    /// Its name, if the system gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its level.
    pub level: LevelId,
    /// Its parent; `None` for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
    /// The unit above it on each higher level, highest first (a level the tree skips between
    /// the unit and the root is absent).
    pub ancestors: Vec<Ancestor>,
    /// Its own teams on the date.
    pub teams: u32,
    /// Its own practitioners active on the date (not those of the units below it).
    pub practitioners: u32,
}

/// The unit above another on one level.
///
/// ```
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let row = system.unit_row(&"wake".parse()?).ok_or("no such unit")?;
/// let levels: Vec<&str> = row.ancestors.iter().map(|a| a.level.as_str()).collect();
/// assert_eq!(levels, ["state", "region"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Ancestor {
    /// The level.
    pub level: LevelId,
    /// The unit on it.
    pub unit: UnitId,
}

impl UnitRow {
    /// The unit above on `level`, if any.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let row = system.unit_row(&"wake".parse()?).ok_or("no such unit")?;
    /// assert_eq!(row.ancestor(&"state".parse()?).map(|u| u.as_str()), Some("state"));
    /// assert_eq!(row.ancestor(&"school".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn ancestor(&self, level: &LevelId) -> Option<&UnitId> {
        self.ancestors
            .iter()
            .find(|a| &a.level == level)
            .map(|a| &a.unit)
    }
}

impl System {
    /// Every unit with its place in the hierarchy, in document order: one walk up per unit,
    /// so the cost is the units times the depth of the tree.
    ///
    /// ```
    /// use implsci::system::{System, When};
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let schools = system.units(When::Current).into_iter().filter(|r| r.level.as_str() == "school").count();
    /// assert_eq!(schools, 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn units(&self, when: When) -> Vec<UnitRow> {
        (0..self.doc.units.len())
            .map(|u| self.row_of(u32::try_from(u).unwrap_or(u32::MAX), when))
            .collect()
    }

    /// One unit with its place in the hierarchy (practitioners as of today's records:
    /// [`When::Current`]); `None` for an id the system does not have.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(system.unit_row(&"atlantis".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unit_row(&self, unit: &UnitId) -> Option<UnitRow> {
        self.unit_position(unit.as_str())
            .map(|u| self.row_of(u, When::Current))
    }

    fn row_of(&self, u: u32, when: When) -> UnitRow {
        let idx = &self.index;
        let unit = &self.doc.units[u as usize];
        let mut ancestors: Vec<Ancestor> = idx
            .up(u)
            .skip(1)
            .map(|a| {
                let above = &self.doc.units[a as usize];
                Ancestor {
                    level: above.level.clone(),
                    unit: above.id.clone(),
                }
            })
            .collect();
        ancestors.reverse();
        let practitioners = idx
            .practitioners_by_unit
            .row(u)
            .iter()
            .filter(|&&p| {
                let p = &self.doc.practitioners[p as usize];
                match (when, p.start) {
                    (When::Current, _) => p.end.is_none(),
                    (When::On(_), None) => when.includes(jiff::civil::Date::MIN, p.end),
                    (When::On(_), Some(start)) => when.includes(start, p.end),
                }
            })
            .count();
        UnitRow {
            unit: unit.id.clone(),
            name: unit.name.clone(),
            level: unit.level.clone(),
            parent: unit.parent.clone(),
            ancestors,
            teams: u32::try_from(
                idx.teams_by_unit
                    .row(u)
                    .iter()
                    .filter(|&&t| self.doc.teams[t as usize].active(when))
                    .count(),
            )
            .unwrap_or(u32::MAX),
            practitioners: u32::try_from(practitioners).unwrap_or(u32::MAX),
        }
    }

    /// The units as tidy CSV: `unit, name, level, parent`, then one column per level of the
    /// system above the lowest, named by the level's id and holding the unit above on it,
    /// then `teams` and `practitioners`. pandas and R read it with no options and group by
    /// any level.
    ///
    /// ```
    /// use implsci::system::{System, When};
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let mut csv = Vec::new();
    /// system.write_units_csv(&system.units(When::Current), &mut csv)?;
    /// let text = String::from_utf8(csv)?;
    /// assert_eq!(text.lines().next(), Some("unit,name,level,parent,state,region,district,teams,practitioners"));
    /// assert!(text.contains("\nlincoln-es,Lincoln Elementary,school,wake,state,central,wake,1,6\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The writer's errors.
    pub fn write_units_csv(&self, rows: &[UnitRow], out: impl io::Write) -> Result<(), csv::Error> {
        let levels = self.ancestor_levels();
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["unit", "name", "level", "parent"];
        header.extend(levels.iter().map(LevelId::as_str));
        header.extend(["teams", "practitioners"]);
        w.write_record(&header)?;
        for row in rows {
            let mut record = vec![
                row.unit.to_string(),
                row.name.clone().unwrap_or_default(),
                row.level.to_string(),
                row.parent
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ];
            record.extend(
                levels
                    .iter()
                    .map(|l| row.ancestor(l).map(ToString::to_string).unwrap_or_default()),
            );
            record.extend([row.teams.to_string(), row.practitioners.to_string()]);
            w.write_record(&record)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The levels a unit can have above it: every level but the lowest, highest first.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let levels = system.ancestor_levels();
    /// let names: Vec<&str> = levels.iter().map(|l| l.as_str()).collect();
    /// assert_eq!(names, ["state", "region", "district"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn ancestor_levels(&self) -> Vec<LevelId> {
        let levels = &self.doc.levels;
        levels
            .iter()
            .take(levels.len().saturating_sub(1))
            .map(|l| l.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::SystemDocument;

    #[test]
    fn a_skipped_level_leaves_its_column_empty() {
        // A school straight under the state: no region, no district above it.
        let doc: SystemDocument = serde_json::from_str(
            r#"{"kind": "implementation_system", "schema_version": "1.0.0", "id": "s", "name": "S",
                "levels": [{"id": "state", "name": "State"}, {"id": "district", "name": "District"},
                           {"id": "school", "name": "School"}],
                "units": [{"id": "st", "level": "state"},
                          {"id": "d1", "level": "district", "parent": "st"},
                          {"id": "lab", "level": "school", "parent": "st", "name": "Lab, \"the\" school"}]}"#,
        )
        .unwrap();
        let system = System::build(doc).unwrap();
        let rows = system.units(When::Current);
        let lab = rows.iter().find(|r| r.unit.as_str() == "lab").unwrap();
        assert_eq!(lab.ancestors.len(), 1);
        assert_eq!(lab.ancestor(&"district".parse().unwrap()), None);
        let mut csv = Vec::new();
        system.write_units_csv(&rows, &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(
            text,
            "unit,name,level,parent,state,district,teams,practitioners\n\
             st,,state,,,,0,0\n\
             d1,,district,st,st,,0,0\n\
             lab,\"Lab, \"\"the\"\" school\",school,st,st,,0,0\n"
        );
    }
}
