//! The site × construct matrix of CFIR ratings, its counts, and the descriptive contrast.

use std::io;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Construct, InnovationSource, Rating};
use crate::id::{ItemId, UnitId};
use crate::score::ItemClass;

/// How many sites gave a construct each rating.
///
/// Serialized with the rating codes as keys: `{"-2": 0, "-1": 1, "0": 0, "X": 2, …}`.
///
/// ```
/// use implsci::score::instruments::cfir::{Rating, RatingCounts};
/// let counts = RatingCounts::from_ratings([Rating::PlusOne, Rating::PlusOne, Rating::Missing]);
/// assert_eq!(counts.count(Rating::PlusOne), 2);
/// assert_eq!(counts.rated(), 2);
/// assert_eq!(serde_json::to_value(counts)?["+1"], 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RatingCounts {
    /// Sites rating −2.
    #[serde(rename = "-2")]
    pub minus_two: u32,
    /// Sites rating −1.
    #[serde(rename = "-1")]
    pub minus_one: u32,
    /// Sites rating 0 (neutral).
    #[serde(rename = "0")]
    pub neutral: u32,
    /// Sites rating X (mixed).
    #[serde(rename = "X")]
    pub mixed: u32,
    /// Sites rating +1.
    #[serde(rename = "+1")]
    pub plus_one: u32,
    /// Sites rating +2.
    #[serde(rename = "+2")]
    pub plus_two: u32,
    /// Sites where the construct is missing.
    #[serde(rename = "M")]
    pub missing: u32,
    /// Sites where it does not apply.
    #[serde(rename = "NA")]
    pub not_applicable: u32,
}

impl RatingCounts {
    /// Counts of a list of ratings.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{Rating, RatingCounts};
    /// let c = RatingCounts::from_ratings([Rating::MinusOne, Rating::PlusTwo, Rating::MinusOne]);
    /// assert_eq!((c.minus_one, c.plus_two, c.neutral), (2, 1, 0));
    /// ```
    #[must_use]
    pub fn from_ratings(ratings: impl IntoIterator<Item = Rating>) -> Self {
        let mut c = Self::default();
        for r in ratings {
            c.add(r);
        }
        c
    }

    /// Counts one more rating.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{Rating, RatingCounts};
    /// let mut c = RatingCounts::default();
    /// c.add(Rating::Mixed);
    /// assert_eq!(c.mixed, 1);
    /// ```
    pub fn add(&mut self, rating: Rating) {
        let n = self.slot(rating);
        *n = n.saturating_add(1);
    }

    /// How many sites gave `rating`.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{Rating, RatingCounts};
    /// let c = RatingCounts::from_ratings([Rating::NotApplicable, Rating::Neutral, Rating::Neutral]);
    /// assert_eq!(c.count(Rating::Neutral), 2);
    /// assert_eq!(c.count(Rating::Mixed), 0);
    /// ```
    #[must_use]
    pub fn count(&self, rating: Rating) -> u32 {
        let mut copy = *self;
        *copy.slot(rating)
    }

    /// How many sites rated the construct (all but missing and not applicable).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{Rating, RatingCounts};
    /// let c = RatingCounts::from_ratings([Rating::PlusOne, Rating::Mixed, Rating::Missing, Rating::NotApplicable]);
    /// assert_eq!(c.rated(), 2); // +1 and X; missing and not applicable are not counted
    /// ```
    #[must_use]
    pub fn rated(&self) -> u32 {
        Rating::ALL
            .into_iter()
            .filter(|r| r.is_rated())
            .map(|r| self.count(r))
            .fold(0, u32::saturating_add)
    }

    fn slot(&mut self, rating: Rating) -> &mut u32 {
        match rating {
            Rating::MinusTwo => &mut self.minus_two,
            Rating::MinusOne => &mut self.minus_one,
            Rating::Neutral => &mut self.neutral,
            Rating::Mixed => &mut self.mixed,
            Rating::PlusOne => &mut self.plus_one,
            Rating::PlusTwo => &mut self.plus_two,
            Rating::Missing => &mut self.missing,
            Rating::NotApplicable => &mut self.not_applicable,
        }
    }
}

/// One construct's counts of each rating across the sites.
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
/// let mut r = CfirRatings::new();
/// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
/// r.rate("a".parse()?, "culture".parse()?, Rating::MinusOne);
/// let m = r.matrix()?;
/// assert_eq!(m.counts[0].construct.as_str(), "culture");
/// assert_eq!(m.counts[0].counts.minus_one, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ConstructCounts {
    /// The construct.
    pub construct: ItemId,
    /// Sites per rating.
    pub counts: RatingCounts,
}

/// One site's row of the matrix: a rating per construct, in the matrix's column order.
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
/// let mut r = CfirRatings::new();
/// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
/// r.sites.push(implsci::score::instruments::cfir::SiteRatings::new("a".parse()?));
/// let m = r.matrix()?;
/// assert_eq!(m.rows[0].site.as_str(), "a");
/// assert_eq!(m.rows[0].ratings, vec![Rating::Missing]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CfirRow {
    /// The site.
    pub site: UnitId,
    /// Its rating of each construct, one per column.
    pub ratings: Vec<Rating>,
    /// Its Innovation (Intervention) Source code for each construct, one per column: the
    /// site's own code, else the construct's [`Construct::source`], else `None` (not coded).
    pub sources: Vec<Option<InnovationSource>>,
}

/// The site × construct matrix: rows are sites, columns constructs, cells ratings; with each
/// construct's count of every rating and no total (see the module documentation).
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
/// let mut r = CfirRatings::new();
/// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
/// r.rate("a".parse()?, "culture".parse()?, Rating::PlusOne);
/// let json = serde_json::to_value(r.matrix()?)?;
/// assert_eq!(json["rows"][0]["ratings"][0], "+1");
/// assert_eq!(json["counts"][0]["counts"]["+1"], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CfirMatrix {
    /// The columns.
    pub constructs: Vec<Construct>,
    /// One row per site.
    pub rows: Vec<CfirRow>,
    /// One entry per construct, in column order.
    pub counts: Vec<ConstructCounts>,
}

impl CfirMatrix {
    /// A site's rating of a construct; `None` when the site or the construct is not in the
    /// matrix.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
    /// r.rate("a".parse()?, "culture".parse()?, Rating::PlusOne);
    /// let m = r.matrix()?;
    /// assert_eq!(m.rating(&"a".parse()?, &"culture".parse()?), Some(Rating::PlusOne));
    /// assert_eq!(m.rating(&"z".parse()?, &"culture".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn rating(&self, site: &UnitId, construct: &ItemId) -> Option<Rating> {
        let column = self.constructs.iter().position(|c| &c.id == construct)?;
        let row = self.rows.iter().find(|r| &r.site == site)?;
        row.ratings.get(column).copied()
    }

    /// A site's Innovation (Intervention) Source code for a construct (see
    /// [`CfirRow::sources`]); `None` when it is not coded, or the site or the construct is not
    /// in the matrix.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, InnovationSource};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("source".parse()?, "Intervention Source", "Intervention Characteristics"));
    /// r.code_source("a".parse()?, "source".parse()?, InnovationSource::External);
    /// r.sites.push(implsci::score::instruments::cfir::SiteRatings::new("b".parse()?));
    /// let m = r.matrix()?;
    /// assert_eq!(m.source(&"a".parse()?, &"source".parse()?), Some(InnovationSource::External));
    /// assert_eq!(m.source(&"b".parse()?, &"source".parse()?), None); // not coded at b
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn source(&self, site: &UnitId, construct: &ItemId) -> Option<InnovationSource> {
        let column = self.constructs.iter().position(|c| &c.id == construct)?;
        let row = self.rows.iter().find(|r| &r.site == site)?;
        row.sources.get(column).copied().flatten()
    }

    /// A site's ratings as item-level classes (construct id and rating code), the form
    /// [`Score::classes`](crate::score::Score::classes) takes for instruments without a total;
    /// `None` when the site is not in the matrix.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
    /// r.rate("a".parse()?, "culture".parse()?, Rating::Mixed);
    /// let classes = r.matrix()?.classes(&"a".parse()?).unwrap();
    /// assert_eq!(classes[0].class, "X");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn classes(&self, site: &UnitId) -> Option<Vec<ItemClass>> {
        let row = self.rows.iter().find(|r| &r.site == site)?;
        Some(
            self.constructs
                .iter()
                .zip(&row.ratings)
                .map(|(c, r)| ItemClass::new(c.id.clone(), r.code()))
                .collect(),
        )
    }

    /// Writes tidy CSV: one row per site × construct, sites in row order and constructs in
    /// column order. Columns: `site, construct, domain, rating`; `rating` is the wire code
    /// (read it as text; see [`Rating`]). Innovation Source codes are not written here (they
    /// are in [`CfirRow::sources`] of the JSON matrix).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting, Culture"));
    /// r.rate("a".parse()?, "culture".parse()?, Rating::NotApplicable);
    /// let mut out = Vec::new();
    /// r.matrix()?.write_csv(&mut out)?;
    /// assert_eq!(String::from_utf8(out)?, "site,construct,domain,rating\na,culture,\"Inner Setting, Culture\",NA\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_csv(&self, out: impl io::Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["site", "construct", "domain", "rating"])?;
        for row in &self.rows {
            for (c, r) in self.constructs.iter().zip(&row.ratings) {
                w.write_record([row.site.as_str(), c.id.as_str(), &c.domain, r.code()])?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Lists the constructs rated differently in two groups of sites (say, high and low
    /// implementers), with both groups' counts: a **descriptive aid** for the analyst's
    /// judgement of which constructs distinguish the groups, **not** Damschroder & Lowery's
    /// "strongly" or "weakly distinguishing" verdict, whose decision rule was not found.
    ///
    /// This crate's rule: a construct is listed when both groups have at least one rated site
    /// (missing and not applicable set aside) and the sets of rating codes the two groups gave
    /// differ. Each entry says whether every rated site of one group is rated above every rated
    /// site of the other ([`Separation`], on [`Rating::valence`], where 0 and X are equal).
    /// Constructs come in column order.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating, Separation};
    /// let mut r = CfirRatings::new();
    /// r.constructs.push(Construct::new("leadership".parse()?, "Leadership Engagement", "Inner Setting"));
    /// r.constructs.push(Construct::new("cost".parse()?, "Cost", "Innovation"));
    /// for (site, lead, cost) in [("h1", Rating::PlusTwo, Rating::Neutral), ("h2", Rating::PlusOne, Rating::Neutral),
    ///                            ("l1", Rating::MinusOne, Rating::Neutral), ("l2", Rating::Neutral, Rating::Neutral)] {
    ///     r.rate(site.parse()?, "leadership".parse()?, lead);
    ///     r.rate(site.parse()?, "cost".parse()?, cost);
    /// }
    /// let m = r.matrix()?;
    /// let high = ["h1".parse()?, "h2".parse()?];
    /// let low = ["l1".parse()?, "l2".parse()?];
    /// let differing = m.contrast(&high, &low)?;
    /// assert_eq!(differing.len(), 1); // cost is rated 0 everywhere
    /// assert_eq!(differing[0].construct.as_str(), "leadership");
    /// assert_eq!(differing[0].separation, Separation::FirstHigher);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ContrastError`] when a site is not in the matrix or is in both groups.
    pub fn contrast(
        &self,
        first: &[UnitId],
        second: &[UnitId],
    ) -> Result<Vec<ConstructContrast>, ContrastError> {
        let row_of = |site: &UnitId| {
            self.rows
                .iter()
                .find(|r| &r.site == site)
                .ok_or_else(|| ContrastError::UnknownSite(site.clone()))
        };
        if let Some(both) = first.iter().find(|s| second.contains(s)) {
            return Err(ContrastError::InBothGroups(both.clone()));
        }
        let first_rows = first.iter().map(row_of).collect::<Result<Vec<_>, _>>()?;
        let second_rows = second.iter().map(row_of).collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for (i, construct) in self.constructs.iter().enumerate() {
            let a = RatingCounts::from_ratings(first_rows.iter().map(|r| r.ratings[i]));
            let b = RatingCounts::from_ratings(second_rows.iter().map(|r| r.ratings[i]));
            if a.rated() == 0 || b.rated() == 0 {
                continue;
            }
            let same_codes = Rating::ALL
                .into_iter()
                .filter(|r| r.is_rated())
                .all(|r| (a.count(r) > 0) == (b.count(r) > 0));
            if same_codes {
                continue;
            }
            out.push(ConstructContrast {
                construct: construct.id.clone(),
                first: a,
                second: b,
                separation: Separation::of(&a, &b),
            });
        }
        Ok(out)
    }
}

/// A construct rated differently in two groups of sites (see [`CfirMatrix::contrast`]).
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating, Separation};
/// let mut r = CfirRatings::new();
/// r.constructs.push(Construct::new("culture".parse()?, "Culture", "Inner Setting"));
/// r.rate("a".parse()?, "culture".parse()?, Rating::PlusOne);
/// r.rate("b".parse()?, "culture".parse()?, Rating::Mixed);
/// let c = &r.matrix()?.contrast(&["a".parse()?], &["b".parse()?])?[0];
/// assert_eq!((c.first.plus_one, c.second.mixed), (1, 1));
/// assert_eq!(c.separation, Separation::FirstHigher);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ConstructContrast {
    /// The construct.
    pub construct: ItemId,
    /// The first group's counts.
    pub first: RatingCounts,
    /// The second group's counts.
    pub second: RatingCounts,
    /// Whether one group's rated sites are all above the other's.
    pub separation: Separation,
}

/// How two groups' ratings of a construct lie relative to each other, on
/// [`Rating::valence`] (missing and not applicable set aside). Descriptive only.
///
/// ```
/// use implsci::score::instruments::cfir::Separation;
/// assert_eq!(serde_json::to_string(&Separation::Overlapping)?, r#""overlapping""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Separation {
    /// Every rated site of the first group is rated above every rated site of the second.
    FirstHigher,
    /// Every rated site of the second group is rated above every rated site of the first.
    SecondHigher,
    /// Neither: the ranges meet or overlap.
    Overlapping,
}

impl Separation {
    /// Compares two groups' counts; both must have a rated site.
    fn of(a: &RatingCounts, b: &RatingCounts) -> Self {
        let range = |c: &RatingCounts| {
            let valences = Rating::ALL
                .into_iter()
                .filter(|&r| c.count(r) > 0)
                .filter_map(Rating::valence);
            (valences.clone().min(), valences.max())
        };
        match (range(a), range(b)) {
            ((Some(a_min), Some(a_max)), (Some(b_min), Some(b_max))) => {
                if a_min > b_max {
                    Self::FirstHigher
                } else if b_min > a_max {
                    Self::SecondHigher
                } else {
                    Self::Overlapping
                }
            }
            _ => Self::Overlapping,
        }
    }
}

/// Groups of sites that cannot be contrasted.
///
/// ```
/// use implsci::score::instruments::cfir::{CfirRatings, ContrastError};
/// let m = CfirRatings::new().matrix()?;
/// let err = m.contrast(&["a".parse()?], &[]).unwrap_err();
/// assert_eq!(err, ContrastError::UnknownSite("a".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContrastError {
    /// A site is not a row of the matrix.
    #[error("site `{0}` is not in the matrix")]
    UnknownSite(UnitId),
    /// A site is in both groups.
    #[error("site `{0}` is in both groups")]
    InBothGroups(UnitId),
}
