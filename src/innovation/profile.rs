//! Practice profiles: the operational definition of each essential function.
//!
//! Source: NIRN Active Implementation Hub, "Practice Profile" handout and module 1: each
//! essential function is described at three levels, *expected* (proficient) use,
//! *developmental* use, and *unacceptable variation*; the form comes from Hall & Hord's
//! innovation configuration maps. Some adaptations use a fourth level; since the literature
//! names no single fourth level, a profile that uses one declares its name and where it sits
//! ([`FourthLevel`]), and then every row must describe it.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::error::{Problem, ProblemKind, Problems};
use crate::id::EssentialFunctionId;

/// The three practice-profile levels (NIRN practice profile handout).
///
/// ```
/// use implsci::innovation::ProfileLevel;
/// assert!(ProfileLevel::Expected.meets_expectation());
/// assert!(!ProfileLevel::Developmental.meets_expectation());
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProfileLevel {
    /// Expected (proficient) use.
    Expected,
    /// Developmental use: on the way to proficiency.
    Developmental,
    /// Unacceptable variation.
    Unacceptable,
}

impl ProfileLevel {
    /// True only for [`ProfileLevel::Expected`].
    ///
    /// ```
    /// use implsci::innovation::ProfileLevel;
    /// let levels = [ProfileLevel::Expected, ProfileLevel::Developmental, ProfileLevel::Unacceptable];
    /// let meeting: Vec<_> = levels.into_iter().filter(|l| l.meets_expectation()).collect();
    /// assert_eq!(meeting, [ProfileLevel::Expected]);
    /// ```
    #[must_use]
    pub fn meets_expectation(self) -> bool {
        self == Self::Expected
    }
}

/// Where a profile's fourth level sits among the three standard ones.
///
/// ```
/// use implsci::innovation::FourthLevelPosition;
/// let p = FourthLevelPosition::AboveExpected;
/// assert_eq!(serde_json::to_string(&p)?, "\"above_expected\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FourthLevelPosition {
    /// Above expected use (for example an "exemplary" level).
    AboveExpected,
    /// Between expected and developmental use.
    BetweenExpectedAndDevelopmental,
    /// Between developmental use and unacceptable variation.
    BetweenDevelopmentalAndUnacceptable,
}

/// The declaration of a fourth level in an adapted practice profile.
///
/// ```
/// use implsci::innovation::{FourthLevel, FourthLevelPosition};
/// let level = FourthLevel { name: "Exemplary".into(), position: FourthLevelPosition::AboveExpected };
/// assert_eq!(level.name, "Exemplary");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FourthLevel {
    /// The level's name as the profile uses it.
    pub name: String,
    /// Where it sits.
    pub position: FourthLevelPosition,
}

/// A practice profile: one row per essential function.
///
/// ```
/// use implsci::innovation::{PracticeProfile, ProfileRow};
/// let mut profile = PracticeProfile::default();
/// profile.rows.push(ProfileRow::new(
///     "ef-1".parse()?,
///     "Feedback given daily, specific and positive",
///     "Feedback given most days",
///     "No feedback, or feedback that shames",
/// ));
/// assert!(profile.row("ef-1").is_some());
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PracticeProfile {
    /// A fourth level, where an adaptation of the profile uses one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fourth_level: Option<FourthLevel>,
    /// One row per essential function.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<ProfileRow>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl PracticeProfile {
    /// The row that defines this essential function, if any.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let profile = innovation.practice_profile.as_ref().ok_or("no profile")?;
    /// assert_eq!(profile.row("ef-checkout").map(|r| r.unacceptable.as_str()), Some("No check-out."));
    /// assert!(profile.row("ef-home").is_none()); // the home connection has no row
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn row(&self, function: &str) -> Option<&ProfileRow> {
        self.rows.iter().find(|r| r.function.as_str() == function)
    }

    pub(crate) fn check(&self, functions: &super::FunctionIds<'_>, problems: &mut Problems) {
        let mut seen = HashSet::new();
        if let Some(level) = &self.fourth_level {
            problems.text(
                || "$.practice_profile.fourth_level.name".into(),
                &level.name,
            );
        }
        for (i, row) in self.rows.iter().enumerate() {
            let at = |field: &str| format!("$.practice_profile.rows[{i}].{field}");
            super::check_function_ref(functions, &row.function, || at("function"), problems);
            problems.unique(
                &mut seen,
                row.function.as_str(),
                || at("function"),
                "this essential function already has a profile row",
            );
            problems.text(|| at("expected"), &row.expected);
            problems.text(|| at("developmental"), &row.developmental);
            problems.text(|| at("unacceptable"), &row.unacceptable);
            match (&self.fourth_level, &row.fourth) {
                (Some(_), Some(text)) => problems.text(|| at("fourth"), text),
                (None, None) => {}
                (Some(level), None) => problems.push(
                    Problem::new(
                        at("fourth"),
                        ProblemKind::ProfileLevelMismatch,
                        format!("the profile declares a fourth level `{}` that this row does not describe", level.name),
                    )
                    .with_id(row.function.as_str()),
                ),
                (None, Some(_)) => problems.push(
                    Problem::new(
                        at("fourth"),
                        ProblemKind::ProfileLevelMismatch,
                        "this row describes a fourth level that the profile does not declare",
                    )
                    .with_id(row.function.as_str()),
                ),
            }
        }
    }
}

/// The operational definition of one essential function at each level.
///
/// ```
/// use implsci::innovation::{ProfileLevel, ProfileRow};
/// let row = ProfileRow::new("ef-1".parse()?, "daily", "weekly", "never");
/// assert_eq!(row.descriptor(ProfileLevel::Developmental), "weekly");
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ProfileRow {
    /// The essential function this row defines.
    pub function: EssentialFunctionId,
    /// What expected (proficient) use looks like.
    pub expected: String,
    /// What developmental use looks like.
    pub developmental: String,
    /// What unacceptable variation looks like.
    pub unacceptable: String,
    /// The fourth level's descriptor, when the profile declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fourth: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl ProfileRow {
    /// A three-level row.
    ///
    /// ```
    /// use implsci::innovation::ProfileRow;
    /// let row = ProfileRow::new("ef-checkout".parse()?, "Every day", "Some days", "Never");
    /// assert_eq!(row.function.as_str(), "ef-checkout");
    /// assert!(row.fourth.is_none());
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(
        function: EssentialFunctionId,
        expected: impl Into<String>,
        developmental: impl Into<String>,
        unacceptable: impl Into<String>,
    ) -> Self {
        Self {
            function,
            expected: expected.into(),
            developmental: developmental.into(),
            unacceptable: unacceptable.into(),
            fourth: None,
            extensions: Extensions::new(),
        }
    }

    /// The descriptor of one of the three standard levels.
    ///
    /// ```
    /// use implsci::{Document, Innovation, innovation::ProfileLevel};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let row = innovation.practice_profile.as_ref().and_then(|p| p.row("ef-checkout")).ok_or("no row")?;
    /// assert_eq!(row.descriptor(ProfileLevel::Developmental), "Check-out happens on some days.");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn descriptor(&self, level: ProfileLevel) -> &str {
        match level {
            ProfileLevel::Expected => &self.expected,
            ProfileLevel::Developmental => &self.developmental,
            ProfileLevel::Unacceptable => &self.unacceptable,
        }
    }
}

/// One essential function's rating in an observation.
///
/// ```
/// use implsci::innovation::ProfileLevel;
/// use implsci::innovation::FunctionRating;
/// let r = FunctionRating::new("ef-checkin".parse()?, ProfileLevel::Developmental);
/// assert_eq!(serde_json::to_string(&r)?, r#"{"function":"ef-checkin","level":"developmental"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FunctionRating {
    /// The essential function observed.
    pub function: EssentialFunctionId,
    /// Its practice-profile level.
    pub level: ProfileLevel,
}

impl FunctionRating {
    /// A rating.
    ///
    /// ```
    /// use implsci::innovation::ProfileLevel;
    /// use implsci::innovation::FunctionRating;
    /// let r = FunctionRating::new("ef-checkin".parse()?, ProfileLevel::Expected);
    /// assert_eq!((r.function.as_str(), r.level), ("ef-checkin", ProfileLevel::Expected));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(function: EssentialFunctionId, level: ProfileLevel) -> Self {
        Self { function, level }
    }
}
