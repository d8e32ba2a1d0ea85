//! An IMPACT profile as text for a terminal and as tidy CSV.

use std::fmt;
use std::io;

use super::Component;
use super::evidence::Evidence;
use super::profile::ImpactProfile;
use crate::text::{Align, Table};

/// Units side by side in one text table; more are printed in further tables.
const UNITS_PER_TABLE: usize = 4;

impl fmt::Display for ImpactProfile {
    /// One table per few units: the components down the side with their evidence items, a
    /// column per unit, "no data" where the data holds none; the reading note and the window
    /// below.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IMPACT profile, level {}, as of {}",
            self.level, self.as_of
        )?;
        match &self.innovation {
            Some(innovation) => writeln!(f, ", innovation {innovation}")?,
            None => writeln!(f)?,
        }
        writeln!(f, "Framework: {}.", self.framework)?;
        writeln!(f, "{}.", self.reading)?;
        if self.units.is_empty() {
            writeln!(f)?;
            return writeln!(f, "  (no unit on level {})", self.level);
        }
        for chunk in self.units.chunks(UNITS_PER_TABLE) {
            writeln!(f)?;
            let mut table = Table::new().indent(2);
            for column in 1..=chunk.len() {
                table = table.align(column, Align::Right);
            }
            let header = chunk
                .iter()
                .map(|u| u.name.as_deref().unwrap_or(u.unit.as_str()).to_owned());
            table.row(std::iter::once(String::new()).chain(header));
            let counts = |label: &str, n: &dyn Fn(&super::UnitProfile) -> u64| {
                std::iter::once(label.to_owned())
                    .chain(chunk.iter().map(|u| n(u).to_string()))
                    .collect::<Vec<_>>()
            };
            table.row(counts("Units", &|u| u.units));
            table.row(counts("Active practitioners", &|u| u.practitioners));
            for (c, component) in Component::ALL.into_iter().enumerate() {
                table.row([component.label().to_owned()]);
                let first = &chunk[0].components[c];
                for (i, evidence) in first.evidence.iter().enumerate() {
                    let label = match evidence.item {
                        super::EvidenceItem::SelfAssessment => "Self-assessment (mean %)",
                        item => item.label(),
                    };
                    let cells = chunk.iter().map(|u| {
                        u.components[c]
                            .evidence
                            .get(i)
                            .map_or_else(|| "no data".to_owned(), Evidence::to_string)
                    });
                    table.row(std::iter::once(format!("  {label}")).chain(cells));
                }
            }
            write!(f, "{table}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Coaching window {} to {}; fidelity assessed: observed in the {} days before {}.",
            self.window_start, self.as_of, self.assessment_days, self.as_of
        )
    }
}

/// The columns of [`ImpactProfile::write_csv`], in order.
pub const CSV_HEADER: [&str; 13] = [
    "as_of",
    "level",
    "unit",
    "name",
    "component",
    "item",
    "value",
    "numerator",
    "denominator",
    "coverage_numerator",
    "coverage_denominator",
    "source",
    "basis",
];

impl ImpactProfile {
    /// Writes the profile as tidy CSV: one row per unit and evidence item, with the columns of
    /// [`CSV_HEADER`]. No data is an empty `value`; a share's fraction is in `value` with its
    /// numerator and denominator beside it.
    ///
    /// ```
    /// use implsci::framework::impact::{impact_profile, ImpactInputs, ImpactParams};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
    /// let profile = impact_profile(&ImpactInputs::new(&system), &params)?;
    /// let mut csv = Vec::new();
    /// profile.write_csv(&mut csv)?;
    /// let csv = String::from_utf8(csv)?;
    /// assert!(csv.starts_with("as_of,level,unit,name,component,item,value,"));
    /// assert!(csv.contains("2025-01-31,district,wake,Wake County Schools,teams,own_connected_team,1,"));
    /// assert_eq!(csv.lines().count(), 1 + 4 * 17); // four districts, 17 items each
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Writing to `out` fails.
    pub fn write_csv(&self, out: impl io::Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER)?;
        let (as_of, level) = (self.as_of.to_string(), self.level.as_str());
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        for unit in &self.units {
            let name = unit.name.as_deref().unwrap_or("");
            for e in unit.components.iter().flat_map(|c| &c.evidence) {
                let value = e.value.map(|v| v.to_string()).unwrap_or_default();
                w.write_record([
                    as_of.as_str(),
                    level,
                    unit.unit.as_str(),
                    name,
                    e.component.id(),
                    e.item.id(),
                    &value,
                    &number(e.share.map(|s| s.numerator)),
                    &number(e.share.map(|s| s.denominator)),
                    &number(e.coverage.map(|s| s.numerator)),
                    &number(e.coverage.map(|s| s.denominator)),
                    e.source.label(),
                    "by_definition",
                ])?;
            }
        }
        w.flush()?;
        Ok(())
    }
}
