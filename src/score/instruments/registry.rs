//! Every built-in instrument with fixed items, by name, and the shapes that take the user's
//! parts.
//!
//! An instrument with fixed items (the TFI tiers, the two Hexagon Tools, the drivers
//! assessment) is listed in [`BUILTINS`] and made by [`builtin`]; its id is its name, so an
//! administration of `tfi-3.0-tier-1` names instrument `tfi-3.0-tier-1`. The shapes in
//! [`SHAPES`] (capacity assessments, practice-profile fidelity, SIC, RE-AIM, CFIR) are built
//! from the user's own items, functions, activities, counts or constructs, so they have no
//! fixed definition to look up by name; each says how to use it.
//!
//! ```
//! use implsci::score::Instrument;
//! use implsci::score::instruments::{builtin, BUILTINS};
//!
//! let tier1 = builtin("tfi-3.0-tier-1").ok_or("not built in")?;
//! assert_eq!(tier1.definition().id.as_str(), "tfi-3.0-tier-1");
//! assert_eq!(tier1.definition().items.len(), 20);
//! assert!(BUILTINS.iter().all(|b| builtin(b.name).is_some()));
//! assert!(builtin("tfi-4.0-tier-1").is_none());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::tfi::{self, TfiVersion, Tier};
use super::{drivers, hexagon};
use crate::score::Instrument;

/// A built-in instrument with fixed items: its name (which is also its id), title, version
/// and source, one line each.
///
/// ```
/// use implsci::score::instruments::BUILTINS;
/// let hexagon = BUILTINS.iter().find(|b| b.name == "hexagon-2013").ok_or("listed")?;
/// assert_eq!((hexagon.title, hexagon.version), ("The Hexagon Tool", "2013"));
/// let tier = hexagon.instrument();
/// assert_eq!(tier.definition().id.as_str(), "hexagon-2013");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Builtin {
    /// The name, as `implsci score NAME` takes it; the instrument's id.
    pub name: &'static str,
    /// The definition's name.
    pub title: &'static str,
    /// The version (the start of the definition's version, which for the drivers assessment
    /// goes on to say how it scores).
    pub version: &'static str,
    /// Where its rules come from, in one line; the definition's `source` says more.
    pub source: &'static str,
}

impl Builtin {
    /// The instrument.
    ///
    /// ```
    /// use implsci::score::instruments::BUILTINS;
    /// assert!(BUILTINS.iter().all(|b| b.instrument().definition().id.as_str() == b.name));
    /// ```
    ///
    /// # Panics
    ///
    /// Never: a `Builtin` is one of [`BUILTINS`], and every one of them is made (a unit test
    /// builds each).
    #[must_use]
    pub fn instrument(&self) -> Box<dyn Instrument> {
        // A `Builtin` exists only in `BUILTINS` (`non_exhaustive`: no other crate builds one),
        // and `make` builds every name listed there (the `every_listed_name_is_built…` test).
        make(self.name).expect("every listed built-in is made")
    }
}

/// The TFI sources, one line.
const TFI_2_1_SOURCE: &str = "Algozzine et al. (2014); PBISApps TFI page and conversion tables \
                              (article 151000209971); item ids are this crate's";
/// The TFI sources, one line.
const TFI_3_0_SOURCE: &str = "Center on PBIS (2025) TFI Manual; PBISApps TFI page and \
                              conversion tables (article 151000209971); item ids are this crate's";

/// Every built-in instrument with fixed items, in the order `implsci instruments` lists them.
///
/// The TFI tiers are [`tfi::tier_instrument`] over [`tfi::builtin_item_ids`] (this crate's
/// ids `t1-1` …, since no published numbering was confirmed); the Hexagon Tools are
/// [`hexagon::hexagon_2013`] and [`hexagon::hexagon_2018`]; the drivers assessment is
/// [`drivers::drivers_instrument`]. Each cites its sources in its own module.
///
/// ```
/// use implsci::score::instruments::BUILTINS;
/// let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
/// assert_eq!(names.len(), 9);
/// assert!(names.contains(&"tfi-2.1-tier-3") && names.contains(&"drivers"));
/// ```
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "tfi-2.1-tier-1",
        title: "PBIS Tiered Fidelity Inventory 2.1, Tier 1",
        version: "2.1",
        source: TFI_2_1_SOURCE,
    },
    Builtin {
        name: "tfi-2.1-tier-2",
        title: "PBIS Tiered Fidelity Inventory 2.1, Tier 2",
        version: "2.1",
        source: TFI_2_1_SOURCE,
    },
    Builtin {
        name: "tfi-2.1-tier-3",
        title: "PBIS Tiered Fidelity Inventory 2.1, Tier 3",
        version: "2.1",
        source: TFI_2_1_SOURCE,
    },
    Builtin {
        name: "tfi-3.0-tier-1",
        title: "PBIS Tiered Fidelity Inventory 3.0, Tier 1",
        version: "3.0",
        source: TFI_3_0_SOURCE,
    },
    Builtin {
        name: "tfi-3.0-tier-2",
        title: "PBIS Tiered Fidelity Inventory 3.0, Tier 2",
        version: "3.0",
        source: TFI_3_0_SOURCE,
    },
    Builtin {
        name: "tfi-3.0-tier-3",
        title: "PBIS Tiered Fidelity Inventory 3.0, Tier 3",
        version: "3.0",
        source: TFI_3_0_SOURCE,
    },
    Builtin {
        name: "hexagon-2013",
        title: "The Hexagon Tool",
        version: "2013",
        source: "Blase, Kiser & Van Dyke (2013), The Hexagon Tool: Exploring Context, NIRN",
    },
    Builtin {
        name: "hexagon-2018",
        title: "The Hexagon: An Exploration Tool",
        version: "2018",
        source: "Metz & Louison (2018), The Hexagon: An Exploration Tool, NIRN",
    },
    Builtin {
        name: "drivers",
        title: "Implementation Drivers assessment",
        version: "implsci per-driver model",
        source: "NIRN module 2; Fixsen, Blase et al. (2015); points 2/1/0 are this crate's model",
    },
];

/// The built-in instrument of this name, with the name as its id; `None` for a name not in
/// [`BUILTINS`].
///
/// ```
/// use implsci::score::{Administration, Instrument, Response, ScoreSubject};
/// use implsci::score::instruments::builtin;
///
/// let tier2 = builtin("tfi-2.1-tier-2").ok_or("not built in")?;
/// let mut admin = Administration::new("tfi-2.1-tier-2".parse()?, "2025-10-01".parse()?, ScoreSubject::Unit("lincoln-es".parse()?));
/// for item in &tier2.definition().items {
///     admin.responses.push(Response::new(item.id.clone(), 2.0));
/// }
/// let score = tier2.score(&admin)?;
/// assert_eq!((score.points, score.percent, score.criterion_met), (Some(26.0), Some(100.0), Some(true)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn builtin(name: &str) -> Option<Box<dyn Instrument>> {
    BUILTINS.iter().any(|b| b.name == name).then_some(())?;
    make(name)
}

/// Makes the instrument of a listed name.
fn make(name: &str) -> Option<Box<dyn Instrument>> {
    let instrument_id: crate::id::InstrumentId = name.parse().ok()?;
    let tfi_tier = |version: TfiVersion, tier: Tier| -> Option<Box<dyn Instrument>> {
        let instrument_id = instrument_id.clone();
        let ids = tfi::builtin_item_ids(version, tier);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        // The ids number exactly `item_count` items, which is what `tier_instrument` checks;
        // the `every_listed_name_is_built` test builds every tier.
        let tier = tfi::tier_instrument(version, tier, instrument_id, &ids).ok()?;
        Some(Box::new(tier))
    };
    match name {
        "tfi-2.1-tier-1" => tfi_tier(TfiVersion::V2_1, Tier::Tier1),
        "tfi-2.1-tier-2" => tfi_tier(TfiVersion::V2_1, Tier::Tier2),
        "tfi-2.1-tier-3" => tfi_tier(TfiVersion::V2_1, Tier::Tier3),
        "tfi-3.0-tier-1" => tfi_tier(TfiVersion::V3_0, Tier::Tier1),
        "tfi-3.0-tier-2" => tfi_tier(TfiVersion::V3_0, Tier::Tier2),
        "tfi-3.0-tier-3" => tfi_tier(TfiVersion::V3_0, Tier::Tier3),
        "hexagon-2013" => Some(Box::new(hexagon::hexagon_2013(instrument_id))),
        "hexagon-2018" => Some(Box::new(hexagon::hexagon_2018(instrument_id))),
        "drivers" => Some(Box::new(drivers::drivers_instrument(instrument_id))),
        _ => None,
    }
}

/// A built-in shape: an instrument or measure whose items (or functions, activities, counts,
/// constructs) the user supplies, so it has no fixed definition by name.
///
/// ```
/// use implsci::score::instruments::SHAPES;
/// let dca = SHAPES.iter().find(|s| s.name == "capacity-assessment").ok_or("listed")?;
/// assert!(dca.usage.contains("capacity_assessment"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Shape {
    /// A short name for the list (not an instrument id).
    pub name: &'static str,
    /// What it measures.
    pub title: &'static str,
    /// Where its rules come from, in one line.
    pub source: &'static str,
    /// How to use it, in one line.
    pub usage: &'static str,
}

/// The shapes that take the user's parts, in the order `implsci instruments` lists them.
///
/// ```
/// use implsci::score::instruments::{builtin, SHAPES};
/// assert_eq!(SHAPES.len(), 6);
/// assert!(SHAPES.iter().all(|s| builtin(s.name).is_none())); // no fixed items
/// ```
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "capacity-assessment",
        title: "Capacity assessment (DCA, RCA, SCA shape)",
        source: "NIRN / SISEP capacity assessments (Ward et al. 2015 for the DCA)",
        usage: "your items in an instrument document (see examples/data/dca_instrument.json), \
                or score::instruments::capacity_assessment",
    },
    Shape {
        name: "fidelity",
        title: "Practice-profile fidelity",
        source: "NIRN Practice Profile handout; Fixsen, Blase, Metz & Van Dyke (2013)",
        usage: "an innovation's essential functions and fidelity criterion: \
                score::instruments::fidelity::fidelity_score, or implsci coaching --innovation",
    },
    Shape {
        name: "sic",
        title: "Stages of Implementation Completion",
        source: "Chamberlain, Brown & Saldana (2011); Saldana (2014)",
        usage: "your program's activities per stage: score::instruments::sic::SicRecord",
    },
    Shape {
        name: "re-aim",
        title: "RE-AIM rates and Proctor's penetration",
        source: "re-aim.org; Glasgow et al. (2019); Proctor et al. (2011)",
        usage: "your counts: score::instruments::reaim (reach, adoption, fidelity, penetration)",
    },
    Shape {
        name: "cfir",
        title: "CFIR construct ratings",
        source: "Damschroder & Lowery (2013); Damschroder et al. (2009, 2022)",
        usage: "your constructs and site ratings: score::instruments::cfir::CfirRatings",
    },
    Shape {
        name: "impact-self-assessment",
        title: "IMPACT Framework self-assessment (one subscale per component)",
        source: "IMPACT Learning and Leading Group; Pizzuto & Carney (2024); no published items",
        usage: "your items by component: framework::impact::self_assessment \
                (illustrative: examples/data/impact_self_assessment.json), implsci impact",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Administration, Response, ScoreSubject};

    #[test]
    fn every_listed_name_is_built_with_its_name_title_and_version() {
        for b in BUILTINS {
            let instrument = make(b.name).unwrap_or_else(|| panic!("{} is not built", b.name));
            let def = instrument.definition();
            assert_eq!(def.id.as_str(), b.name);
            assert_eq!(def.name, b.title, "{}", b.name);
            assert!(def.version.starts_with(b.version), "{}", b.name);
            assert!(!b.source.contains('\n'), "{}", b.name);
        }
    }

    #[test]
    fn names_are_unique_and_unknown_names_are_none() {
        let mut names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), BUILTINS.len());
        assert!(builtin("tfi").is_none());
        assert!(builtin("capacity-assessment").is_none());
    }

    #[test]
    fn every_builtin_scores_an_administration_of_its_own_items() {
        for b in BUILTINS {
            let instrument = b.instrument();
            let def = instrument.definition();
            let mut admin = Administration::new(
                def.id.clone(),
                "2025-10-01".parse().unwrap(),
                ScoreSubject::Unit("lincoln-es".parse().unwrap()),
            );
            for item in &def.items {
                admin
                    .responses
                    .push(Response::new(item.id.clone(), def.scale.max));
            }
            let score = instrument
                .score(&admin)
                .unwrap_or_else(|e| panic!("{}: {e}", b.name));
            assert_eq!(score.not_computable, None, "{}", b.name);
            if b.name.starts_with("tfi-") {
                assert_eq!(score.percent, Some(100.0), "{}", b.name);
                assert_eq!(score.criterion_met, Some(true), "{}", b.name);
                assert_eq!(def.sustained_after, Some(tfi::SUSTAINED_AFTER_MEETINGS));
            }
        }
    }

    #[test]
    fn tfi_tiers_have_the_published_points_possible() {
        for (name, points) in [
            ("tfi-2.1-tier-1", 30.0),
            ("tfi-2.1-tier-2", 26.0),
            ("tfi-2.1-tier-3", 34.0),
            ("tfi-3.0-tier-1", 80.0),
            ("tfi-3.0-tier-2", 60.0),
            ("tfi-3.0-tier-3", 76.0),
        ] {
            let def = builtin(name).unwrap().definition().clone();
            let max: f64 = def.items.iter().map(|_| def.scale.max).sum();
            assert!((max - points).abs() < 1e-9, "{name}: {max}");
        }
    }
}
