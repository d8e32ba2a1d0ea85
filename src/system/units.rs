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

use std::borrow::Cow;
use std::io;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;
use serde::ser::SerializeMap;

use super::{System, When};
use crate::id::{LevelId, UnitId};

/// How many levels, from the top, the ancestors of a unit and the level columns of every
/// per-unit table cover: the crate's own choice, so that a report costs memory and output
/// linear in its input however deep the system is.
///
/// Real systems have a handful of levels (state, region, district, school; ministry, province,
/// district, facility), far under the limit, and are never affected. In a system with more
/// levels, [`Ancestors`] holds the units on the first `MAX_ANCESTOR_LEVELS` levels only,
/// [`System::ancestor_levels`] and [`HierarchyColumns`] have a column for each of those
/// levels only, and the `parent` column still links every unit to the unit above it, so the
/// whole tree can be rebuilt from any table. Without the limit, a chain of 20,000 levels
/// would repeat every level above each unit in its row: 200 million cells.
///
/// ```
/// use implsci::system::{MAX_ANCESTOR_LEVELS, System};
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// assert!(system.ancestor_levels().len() < MAX_ANCESTOR_LEVELS); // three: not limited
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_ANCESTOR_LEVELS: usize = 16;

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
    /// the unit and the root is absent), on the first [`MAX_ANCESTOR_LEVELS`] levels.
    pub ancestors: Ancestors,
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

/// The units above a unit, one per higher level, highest first: in JSON an object from level
/// id to unit id (`{"state": "state", "region": "central", "district": "wake"}`), so that
/// `pandas.json_normalize` gives one column per level; a level the tree skips is absent.
/// Only the first [`MAX_ANCESTOR_LEVELS`] levels of the system are covered.
///
/// ```
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let row = system.unit_row(&"lincoln-es".parse()?).ok_or("no such unit")?;
/// assert_eq!(row.ancestors.get(&"district".parse()?).map(|u| u.as_str()), Some("wake"));
/// assert_eq!(
///     serde_json::to_string(&row.ancestors)?,
///     r#"{"state":"state","region":"central","district":"wake"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ancestors(Arc<[Ancestor]>);

impl Ancestors {
    /// The unit above on `level`, if any.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let row = system.unit_row(&"central".parse()?).ok_or("no such unit")?;
    /// assert_eq!(row.ancestors.get(&"state".parse()?).map(|u| u.as_str()), Some("state"));
    /// assert_eq!(row.ancestors.get(&"district".parse()?), None); // below it, not above
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn get(&self, level: &LevelId) -> Option<&UnitId> {
        self.0.iter().find(|a| &a.level == level).map(|a| &a.unit)
    }

    /// The ancestors, highest first.
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
    pub fn iter(&self) -> std::slice::Iter<'_, Ancestor> {
        self.0.iter()
    }

    /// How many levels have a unit above.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert_eq!(system.unit_row(&"state".parse()?).ok_or("no such unit")?.ancestors.len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for the root, which has nothing above it.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert!(system.unit_row(&"state".parse()?).ok_or("no such unit")?.ancestors.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Ancestors {
    /// These ancestors and `unit` below them: the ancestors of each of `unit`'s children.
    pub(crate) fn and(&self, unit: Ancestor) -> Self {
        Self(self.0.iter().cloned().chain([unit]).collect())
    }
}

impl<'a> IntoIterator for &'a Ancestors {
    type Item = &'a Ancestor;
    type IntoIter = std::slice::Iter<'a, Ancestor>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for Ancestors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for a in self.0.iter() {
            map.serialize_entry(a.level.as_str(), a.unit.as_str())?;
        }
        map.end()
    }
}

impl JsonSchema for Ancestors {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Ancestors")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "The unit above on each higher level: level id to unit id, highest level first; a level the tree skips is absent. Only the system's first 16 levels are covered (MAX_ANCESTOR_LEVELS).",
            "additionalProperties": { "type": "string" },
        })
    }
}

/// A unit's place in the hierarchy, as every per-unit row of every report carries it: the
/// unit, its name, level and parent, and the unit above it on each higher level.
///
/// ```
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let place = system.place(&"roosevelt-es".parse()?).ok_or("no such unit")?;
/// assert_eq!(place.name.as_deref(), Some("Roosevelt Elementary"));
/// assert_eq!(place.parent.as_ref().map(|u| u.as_str()), Some("wake"));
/// assert_eq!(place.ancestors.get(&"region".parse()?).map(|u| u.as_str()), Some("central"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Place {
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
    /// The unit above it on each higher level, on the first [`MAX_ANCESTOR_LEVELS`] levels.
    pub ancestors: Ancestors,
}

/// The hierarchy columns of a tidy table, `unit, name, level, parent`, then one column per level
/// above the lowest, named by the level's id: the same in every per-unit CSV the crate writes,
/// so tables from different reports join and stack. Made by [`System::hierarchy_columns`].
/// A system with more levels has a column for each of its first [`MAX_ANCESTOR_LEVELS`] only
/// (see there); `parent` still links each unit to the one above.
///
/// A level whose id is the name of another column of the table (a level called `value`) is
/// written as `value_unit`, so no two columns share a name.
///
/// ```
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let columns = system.hierarchy_columns(&["value"]);
/// assert_eq!(columns.header(), ["unit", "name", "level", "parent", "state", "region", "district"]);
/// let place = system.place(&"lincoln-es".parse()?).ok_or("no such unit")?;
/// assert_eq!(columns.record(&place), ["lincoln-es", "Lincoln Elementary", "school", "wake", "state", "central", "wake"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HierarchyColumns {
    levels: Vec<LevelId>,
    header: Vec<String>,
}

impl HierarchyColumns {
    /// The column names.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // A table with a column called `district` of its own gets `district_unit` for the level.
    /// assert_eq!(system.hierarchy_columns(&["district"]).header()[6], "district_unit");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The values of the columns for one unit; an absent name, parent or ancestor is empty.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let place = system.place(&"state".parse()?).ok_or("no such unit")?;
    /// assert_eq!(system.hierarchy_columns(&[]).record(&place)[3..], ["", "", "", ""]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn record<'a>(&self, place: &'a Place) -> Vec<&'a str> {
        self.record_of(
            &place.unit,
            place.name.as_deref(),
            &place.level,
            place.parent.as_ref(),
            &place.ancestors,
        )
    }

    /// [`HierarchyColumns::record`] of a row that holds the place's fields itself.
    pub(crate) fn record_of<'a>(
        &self,
        unit: &'a UnitId,
        name: Option<&'a str>,
        level: &'a LevelId,
        parent: Option<&'a UnitId>,
        ancestors: &'a Ancestors,
    ) -> Vec<&'a str> {
        let mut record = Vec::with_capacity(self.header.len());
        record.extend([
            unit.as_str(),
            name.unwrap_or_default(),
            level.as_str(),
            parent.map_or("", UnitId::as_str),
        ]);
        record.extend(
            self.levels
                .iter()
                .map(|l| ancestors.get(l).map_or("", UnitId::as_str)),
        );
        record
    }
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
        self.ancestors.get(level)
    }
}

impl System {
    /// Every unit with its place in the hierarchy, in document order, made in one pass down
    /// the tree: the cost is linear in the units, and siblings share one list of ancestors.
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
        self.shared_ancestors()
            .into_iter()
            .enumerate()
            .map(|(u, ancestors)| self.row_with(super::structure::index(u), when, ancestors))
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

    /// One unit's place in the hierarchy; `None` for an id the system does not have.
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let wake = system.place(&"wake".parse()?).ok_or("no such unit")?;
    /// assert_eq!((wake.level.as_str(), wake.ancestors.len()), ("district", 2));
    /// assert!(system.place(&"atlantis".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn place(&self, unit: &UnitId) -> Option<Place> {
        self.unit_position(unit.as_str()).map(|u| self.place_of(u))
    }

    /// Every unit's ancestors, by unit position, made in one pass top-down: the children of a
    /// unit share one list (an `Arc`), so a report's rows copy no list of their own, and a unit
    /// below the first [`MAX_ANCESTOR_LEVELS`] levels shares its parent's list, so no list is
    /// longer than that.
    pub(crate) fn shared_ancestors(&self) -> Vec<Ancestors> {
        let idx = &self.index;
        let units = &self.doc.units;
        let mut ancestors = vec![Ancestors::default(); units.len()];
        let mut children: Vec<Option<Ancestors>> = vec![None; units.len()];
        for &u in &idx.top_down {
            let parent = idx.parent[u as usize];
            if parent != super::NO_POSITION {
                let p = parent as usize;
                if idx.unit_level[p] as usize >= MAX_ANCESTOR_LEVELS {
                    ancestors[u as usize] = ancestors[p].clone();
                    continue;
                }
                let shared = children[p]
                    .get_or_insert_with(|| {
                        ancestors[p].and(Ancestor {
                            level: units[p].level.clone(),
                            unit: units[p].id.clone(),
                        })
                    })
                    .clone();
                ancestors[u as usize] = shared;
            }
        }
        ancestors
    }

    /// The place of the unit at position `u`: one walk up, as long as the unit is deep.
    pub(crate) fn place_of(&self, u: u32) -> Place {
        let unit = &self.doc.units[u as usize];
        Place {
            unit: unit.id.clone(),
            name: unit.name.clone(),
            level: unit.level.clone(),
            parent: unit.parent.clone(),
            ancestors: self.ancestors_of(u),
        }
    }

    fn ancestors_of(&self, u: u32) -> Ancestors {
        let mut ancestors: Vec<Ancestor> = self
            .index
            .up(u)
            .skip(1)
            .filter(|&a| (self.index.unit_level[a as usize] as usize) < MAX_ANCESTOR_LEVELS)
            .map(|a| {
                let above = &self.doc.units[a as usize];
                Ancestor {
                    level: above.level.clone(),
                    unit: above.id.clone(),
                }
            })
            .collect();
        ancestors.reverse();
        Ancestors(ancestors.into())
    }

    /// The hierarchy columns of a tidy table whose other columns are `others` (see
    /// [`HierarchyColumns`]).
    ///
    /// ```
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert_eq!(system.hierarchy_columns(&[]).header().len(), 4 + 3); // three levels above schools
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn hierarchy_columns(&self, others: &[&str]) -> HierarchyColumns {
        let levels = self.ancestor_levels();
        let fixed = ["unit", "name", "level", "parent"];
        let mut header: Vec<String> = fixed.iter().map(ToString::to_string).collect();
        header.extend(levels.iter().map(|l| {
            let id = l.as_str();
            if fixed.contains(&id) || others.contains(&id) {
                format!("{id}_unit")
            } else {
                id.to_string()
            }
        }));
        HierarchyColumns { levels, header }
    }

    fn row_of(&self, u: u32, when: When) -> UnitRow {
        self.row_with(u, when, self.ancestors_of(u))
    }

    fn row_with(&self, u: u32, when: When, ancestors: Ancestors) -> UnitRow {
        let idx = &self.index;
        let unit = &self.doc.units[u as usize];
        let practitioners = idx
            .practitioners_by_unit
            .row(u)
            .iter()
            .filter(|&&p| self.practitioner_active(p as usize, when))
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
        let columns = self.hierarchy_columns(&["teams", "practitioners"]);
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<&str> = columns.header().iter().map(String::as_str).collect();
        header.extend(["teams", "practitioners"]);
        w.write_record(&header)?;
        for row in rows {
            let place = Place {
                unit: row.unit.clone(),
                name: row.name.clone(),
                level: row.level.clone(),
                parent: row.parent.clone(),
                ancestors: row.ancestors.clone(),
            };
            let (teams, practitioners) = (row.teams.to_string(), row.practitioners.to_string());
            let mut record = columns.record(&place);
            record.extend([teams.as_str(), practitioners.as_str()]);
            w.write_record(&record)?;
        }
        w.flush()?;
        Ok(())
    }

    /// The levels a unit can have above it: every level but the lowest, highest first, and
    /// at most the first [`MAX_ANCESTOR_LEVELS`], the levels [`Ancestors`] covers.
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
            .take(levels.len().saturating_sub(1).min(MAX_ANCESTOR_LEVELS))
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
