//! CFIR construct ratings: each construct rated per site for the valence and strength of its
//! influence on implementation, laid out as a site × construct matrix. No total.
//!
//! Sources: Damschroder & Lowery (2013), "Evaluation of a large-scale weight management program
//! using the consolidated framework for implementation research (CFIR)", *Implementation
//! Science* 8:51, Table 2 (rating criteria: valence, the sign, and strength, 1 or 2); the
//! constructs are the user's, from the original CFIR (Damschroder et al. 2009) or CFIR 2.0
//! (Damschroder, Reardon, Opra Widerquist & Lowery 2022, "The updated Consolidated Framework for
//! Implementation Research based on user feedback", *Implementation Science* 17:75).
//!
//! **No total, no verdict.** Damschroder & Lowery 2013 compare ratings across high- and
//! low-implementation sites and judge which constructs "strongly" or "weakly" distinguish
//! them; that is the analysts' judgement over the qualitative data, not a formula (no decision
//! rule was found in the retrieved text). So [`CfirMatrix`] has per-construct counts of each
//! rating and nothing summed across constructs, and [`CfirMatrix::contrast`] only lists where
//! two groups of sites were rated differently, as an aid to that judgement.
//!
//! ```
//! use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
//!
//! let mut ratings = CfirRatings::new();
//! ratings.constructs.push(Construct::new("relative-advantage".parse()?, "Relative Advantage", "Innovation"));
//! ratings.constructs.push(Construct::new("tension-for-change".parse()?, "Tension for Change", "Inner Setting"));
//! ratings.rate("clinic-a".parse()?, "relative-advantage".parse()?, Rating::PlusTwo);
//! ratings.rate("clinic-a".parse()?, "tension-for-change".parse()?, Rating::Mixed);
//! ratings.rate("clinic-b".parse()?, "relative-advantage".parse()?, Rating::MinusOne);
//!
//! let matrix = ratings.matrix()?;
//! assert_eq!(matrix.rating(&"clinic-b".parse()?, &"tension-for-change".parse()?), Some(Rating::Missing));
//! assert_eq!(matrix.counts[0].counts.count(Rating::PlusTwo), 1);
//!
//! let mut csv = Vec::new();
//! matrix.write_csv(&mut csv)?;
//! assert!(String::from_utf8(csv)?.starts_with("site,construct,domain,rating\nclinic-a,relative-advantage,Innovation,+2\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::error::{Problem, ProblemKind, ValidationErrors};
use crate::id::{ItemId, UnitId};

/// Whether a construct's ratings read directly, or are marked "reverse rated".
///
/// Ratings always express the construct's influence on implementation. A construct is marked
/// "reverse rated" when more of it is a negative influence. Complexity is one: Damschroder &
/// Lowery 2013, Table 3, lists it as "Complexity (reverse rated)" (a complex innovation is a
/// negative influence, rated below zero), and the CFIR construct rating guidelines
/// (cfirguide.org, "Qualitative Data", CFIR Construct Rating Guidelines) rate it the same way;
/// JMIR 2015, 17(11):e262, Table 2 labels it likewise. Which constructs of the user's list are
/// reverse rated is the user's setting (the crate ships no construct list). The flag is
/// carried into the matrix for readers; no rating is ever flipped (see [`Rating::reversed`]).
///
/// ```
/// use implsci::score::instruments::cfir::RatingDirection;
/// assert_eq!(RatingDirection::default(), RatingDirection::Direct);
/// assert_eq!(serde_json::to_string(&RatingDirection::Reverse)?, r#""reverse""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RatingDirection {
    /// Read as rated.
    #[default]
    Direct,
    /// Marked reverse rated: more of the construct is a negative influence.
    Reverse,
}

impl RatingDirection {
    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
    fn is_direct(&self) -> bool {
        *self == Self::Direct
    }
}

/// Where the innovation came from, as coded at a site for the original CFIR's Intervention
/// Source construct: "perception of key stakeholders about whether the intervention is
/// externally or internally developed" (Damschroder et al. 2009). The code is **per site**:
/// Damschroder & Lowery 2013, Table 3, codes Intervention Source E (external) or I (internal)
/// in each site's column, and other studies code it "Missing" where it did not come up (JMIR
/// 2015, 17(11):e262, Table 2). A site's code is [`ConstructRating::source`]; not coded is
/// `None`. CFIR 2.0's Innovation Source is instead about the reputation of the group that
/// developed or sponsored the innovation; use this only where your construct list codes
/// internal/external.
///
/// On the wire, `"external"` or `"internal"`; [`InnovationSource::code`] gives the letters of
/// the published tables.
///
/// ```
/// use implsci::score::instruments::cfir::InnovationSource;
/// assert_eq!(serde_json::to_string(&InnovationSource::External)?, r#""external""#);
/// assert_eq!(InnovationSource::Internal.code(), "I");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InnovationSource {
    /// Developed inside the organization (I).
    Internal,
    /// Developed outside it (E).
    External,
}

impl InnovationSource {
    /// The letter Damschroder & Lowery 2013, Table 3, print: `"E"` (external) or `"I"`
    /// (internal).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::InnovationSource;
    /// assert_eq!(InnovationSource::External.code(), "E");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Internal => "I",
            Self::External => "E",
        }
    }
}

/// A construct rated in a study: id, name, domain, whether it is marked reverse rated, and,
/// for documents written before the source was coded per site, one Innovation (Intervention)
/// Source code for every site.
///
/// The domain is free text, since construct lists follow either the original CFIR (domains
/// Intervention Characteristics, Outer Setting, Inner Setting, Characteristics of Individuals,
/// Process) or CFIR 2.0 (Innovation, Outer Setting, and the others as the user's list names
/// them).
///
/// ```
/// use implsci::score::instruments::cfir::{Construct, RatingDirection};
/// let c: Construct = serde_json::from_str(
///     r#"{"id": "complexity", "name": "Complexity", "domain": "Innovation", "direction": "reverse"}"#,
/// )?;
/// assert_eq!(c.direction, RatingDirection::Reverse);
/// assert_eq!(c.source, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Construct {
    /// The construct's id, unique within the ratings.
    pub id: ItemId,
    /// Its name.
    pub name: String,
    /// Its domain.
    pub domain: String,
    /// Direct (the default) or marked reverse rated.
    #[serde(default, skip_serializing_if = "RatingDirection::is_direct")]
    pub direction: RatingDirection,
    /// For Innovation (Intervention) Source, a code that stands for every site that codes
    /// none of its own. This was the only place for the source before it was coded per site
    /// ([`ConstructRating::source`]); documents that set it here still read and mean what they
    /// meant: the same source at every site. Leave it `None` to code each site apart, as
    /// Damschroder & Lowery 2013, Table 3, do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<InnovationSource>,
}

impl Construct {
    /// A construct read directly, without a source.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{Construct, RatingDirection};
    /// let mut c = Construct::new("complexity".parse()?, "Complexity", "Innovation");
    /// c.direction = RatingDirection::Reverse;
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(id: ItemId, name: impl Into<String>, domain: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            domain: domain.into(),
            direction: RatingDirection::Direct,
            source: None,
        }
    }
}

/// One construct's rating at a site and, for Innovation (Intervention) Source, the site's code.
///
/// The rating may be left out, and then reads as [`Rating::Missing`]: the 2013 table gives the
/// source construct a code (E or I), not a valence, so a source entry is written
/// `{"construct": "intervention-source", "source": "external"}`. A site that does not code the
/// source (Table 3's "Missing") leaves `source` out; the construct's own
/// [`Construct::source`], when set, then stands for the site.
///
/// ```
/// use implsci::score::instruments::cfir::{ConstructRating, InnovationSource, Rating};
/// let r: ConstructRating = serde_json::from_str(r#"{"construct": "culture", "rating": "-1"}"#)?;
/// assert_eq!((r.rating, r.source), (Rating::MinusOne, None));
/// let s: ConstructRating = serde_json::from_str(r#"{"construct": "source", "source": "internal"}"#)?;
/// assert_eq!((s.rating, s.source), (Rating::Missing, Some(InnovationSource::Internal)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ConstructRating {
    /// The construct.
    pub construct: ItemId,
    /// Its rating; [`Rating::Missing`] when left out.
    #[serde(default = "missing")]
    pub rating: Rating,
    /// For Innovation (Intervention) Source: the site's code, external or internal; `None`
    /// when the site does not code it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<InnovationSource>,
}

/// The rating of an entry that gives none.
fn missing() -> Rating {
    Rating::Missing
}

impl ConstructRating {
    /// A construct's rating.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{ConstructRating, Rating};
    /// let r = ConstructRating::new("culture".parse()?, Rating::PlusTwo);
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"construct":"culture","rating":"+2"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(construct: ItemId, rating: Rating) -> Self {
        Self {
            construct,
            rating,
            source: None,
        }
    }

    /// A site's Innovation (Intervention) Source code, with no rating ([`Rating::Missing`]).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{ConstructRating, InnovationSource};
    /// let r = ConstructRating::source("source".parse()?, InnovationSource::External);
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"construct":"source","rating":"M","source":"external"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn source(construct: ItemId, source: InnovationSource) -> Self {
        Self {
            construct,
            rating: Rating::Missing,
            source: Some(source),
        }
    }
}

/// One site's construct ratings.
///
/// ```
/// use implsci::score::instruments::cfir::SiteRatings;
/// let s = SiteRatings::new("clinic-a".parse()?);
/// assert!(s.ratings.is_empty());
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SiteRatings {
    /// The site.
    pub site: UnitId,
    /// Its ratings, at most one per construct; a construct not listed is missing.
    #[serde(default)]
    pub ratings: Vec<ConstructRating>,
}

impl SiteRatings {
    /// A site with no ratings yet.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating, SiteRatings};
    /// let mut ratings = CfirRatings::new();
    /// ratings.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
    /// ratings.sites.push(SiteRatings::new("clinic-a".parse()?)); // listed, nothing rated yet
    /// assert_eq!(ratings.matrix()?.rows[0].ratings, vec![Rating::Missing]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(site: UnitId) -> Self {
        Self {
            site,
            ratings: Vec::new(),
        }
    }
}

/// CFIR construct ratings of a study: the constructs, and each site's ratings.
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, Rating};
/// let ratings: CfirRatings = serde_json::from_str(r#"{
///     "constructs": [{"id": "culture", "name": "Culture", "domain": "Inner Setting"}],
///     "sites": [{"site": "clinic-a", "ratings": [{"construct": "culture", "rating": "+2"}]}]
/// }"#)?;
/// let matrix = ratings.matrix()?;
/// assert_eq!(matrix.rows[0].ratings, vec![Rating::PlusTwo]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CfirRatings {
    /// The constructs rated, in the order of the matrix's columns.
    pub constructs: Vec<Construct>,
    /// The sites, in the order of the matrix's rows.
    #[serde(default)]
    pub sites: Vec<SiteRatings>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl CfirRatings {
    /// No constructs and no sites yet.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::CfirRatings;
    /// let r = CfirRatings::new();
    /// assert!(r.constructs.is_empty() && r.sites.is_empty());
    /// assert_eq!(serde_json::to_string(&r)?, r#"{"constructs":[],"sites":[]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a rating, adding the site (after the others) if it is not listed yet.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Rating};
    /// let mut r = CfirRatings::new();
    /// r.rate("a".parse()?, "culture".parse()?, Rating::Neutral);
    /// r.rate("a".parse()?, "climate".parse()?, Rating::PlusOne);
    /// assert_eq!(r.sites.len(), 1);
    /// assert_eq!(r.sites[0].ratings.len(), 2);
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    pub fn rate(&mut self, site: UnitId, construct: ItemId, rating: Rating) {
        self.push(site, ConstructRating::new(construct, rating));
    }

    /// Records a site's Innovation (Intervention) Source code (with no rating), adding the site
    /// if it is not listed yet. Source: Damschroder & Lowery 2013, Table 3 (E or I per site).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, InnovationSource};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("source".parse()?, "Intervention Source", "Intervention Characteristics"));
    /// r.code_source("200".parse()?, "source".parse()?, InnovationSource::External);
    /// r.code_source("400".parse()?, "source".parse()?, InnovationSource::Internal);
    /// let m = r.matrix()?;
    /// assert_eq!(m.source(&"400".parse()?, &"source".parse()?), Some(InnovationSource::Internal));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_source(&mut self, site: UnitId, construct: ItemId, source: InnovationSource) {
        self.push(site, ConstructRating::source(construct, source));
    }

    fn push(&mut self, site: UnitId, rating: ConstructRating) {
        if let Some(s) = self.sites.iter_mut().find(|s| s.site == site) {
            s.ratings.push(rating);
        } else {
            let mut s = SiteRatings::new(site);
            s.ratings.push(rating);
            self.sites.push(s);
        }
    }

    /// Checks the ratings: construct ids unique, names and domains not blank, sites unique,
    /// every rating of a listed construct, no construct rated twice at a site. Reports every
    /// problem, each with its JSON path.
    ///
    /// ```
    /// use implsci::error::ProblemKind;
    /// use implsci::score::instruments::cfir::{CfirRatings, Rating};
    /// let mut r = CfirRatings::new();
    /// r.rate("a".parse()?, "culture".parse()?, Rating::Neutral);
    /// let problems = r.validate().unwrap_err().into_problems();
    /// assert_eq!(problems[0].path, "$.sites[0].ratings[0].construct");
    /// assert_eq!(problems[0].kind, ProblemKind::DanglingReference);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] listing every problem found.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut problems = Vec::new();
        let mut suggest = crate::id::Suggest::default();
        let mut constructs: HashSet<&ItemId> = HashSet::new();
        for (i, c) in self.constructs.iter().enumerate() {
            if !constructs.insert(&c.id) {
                problems.push(
                    Problem::new(
                        format!("$.constructs[{i}].id"),
                        ProblemKind::DuplicateId,
                        format!("construct `{}` is listed twice", c.id),
                    )
                    .with_id(c.id.as_str()),
                );
            }
            for (field, text) in [("name", &c.name), ("domain", &c.domain)] {
                if text.trim().is_empty() {
                    problems.push(
                        Problem::new(
                            format!("$.constructs[{i}].{field}"),
                            ProblemKind::EmptyText,
                            format!("construct `{}` has a blank {field}", c.id),
                        )
                        .with_id(c.id.as_str()),
                    );
                }
            }
        }
        let mut sites: HashSet<&UnitId> = HashSet::new();
        for (i, s) in self.sites.iter().enumerate() {
            if !sites.insert(&s.site) {
                problems.push(
                    Problem::new(
                        format!("$.sites[{i}].site"),
                        ProblemKind::DuplicateId,
                        format!("site `{}` is listed twice", s.site),
                    )
                    .with_id(s.site.as_str()),
                );
            }
            let mut rated: HashSet<&ItemId> = HashSet::new();
            for (j, r) in s.ratings.iter().enumerate() {
                let path = format!("$.sites[{i}].ratings[{j}].construct");
                if !constructs.contains(&r.construct) {
                    let suggestion = suggest.closest("construct", r.construct.as_str(), || {
                        self.constructs.iter().map(|c| c.id.as_str())
                    });
                    problems.push(
                        Problem::new(
                            path,
                            ProblemKind::DanglingReference,
                            crate::error::did_you_mean(
                                format!("no construct `{}` is listed", r.construct),
                                suggestion.as_deref(),
                            ),
                        )
                        .with_id(r.construct.as_str()),
                    );
                } else if !rated.insert(&r.construct) {
                    problems.push(
                        Problem::new(
                            path,
                            ProblemKind::DuplicateId,
                            format!(
                                "construct `{}` is rated twice at site `{}`",
                                r.construct, s.site
                            ),
                        )
                        .with_id(r.construct.as_str()),
                    );
                }
            }
        }
        ValidationErrors::from_problems(problems).map_or(Ok(()), Err)
    }

    /// The site × construct matrix, with each construct's count of every rating. A construct
    /// a site's ratings do not list is [`Rating::Missing`] in the matrix.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
    /// r.rate("a".parse()?, "culture".parse()?, Rating::Neutral);
    /// r.rate("b".parse()?, "culture".parse()?, Rating::Neutral);
    /// let m = r.matrix()?;
    /// assert_eq!(m.counts[0].counts.count(Rating::Neutral), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] when the ratings do not [validate](CfirRatings::validate).
    pub fn matrix(&self) -> Result<CfirMatrix, ValidationErrors> {
        self.validate()?;
        let column: HashMap<&ItemId, usize> = self
            .constructs
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.id, i))
            .collect();
        let mut counts: Vec<ConstructCounts> = self
            .constructs
            .iter()
            .map(|c| ConstructCounts {
                construct: c.id.clone(),
                counts: RatingCounts::default(),
            })
            .collect();
        let rows = self
            .sites
            .iter()
            .map(|s| {
                let mut ratings = vec![Rating::Missing; self.constructs.len()];
                // A site that codes no source of its own takes the construct's, if any.
                let mut sources: Vec<Option<InnovationSource>> =
                    self.constructs.iter().map(|c| c.source).collect();
                for r in &s.ratings {
                    // Validation proved every rated construct is listed.
                    if let Some(&i) = column.get(&r.construct) {
                        ratings[i] = r.rating;
                        if r.source.is_some() {
                            sources[i] = r.source;
                        }
                    }
                }
                for (c, &r) in counts.iter_mut().zip(&ratings) {
                    c.counts.add(r);
                }
                CfirRow {
                    site: s.site.clone(),
                    ratings,
                    sources,
                }
            })
            .collect();
        Ok(CfirMatrix {
            constructs: self.constructs.clone(),
            rows,
            counts,
        })
    }
}

mod matrix;
mod rating;

pub use rating::{ParseRatingError, Rating};

pub use matrix::{
    CfirMatrix, CfirRow, ConstructContrast, ConstructCounts, ContrastError, RatingCounts,
    Separation,
};

#[cfg(test)]
mod tests;
