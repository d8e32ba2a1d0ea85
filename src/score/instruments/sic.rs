//! Stages of Implementation Completion (SIC): dated activities in eight stages, scored per
//! stage as the proportion of activities completed and the time spent, plus the final stage
//! reached.
//!
//! Sources: Chamberlain, Brown & Saldana (2011), "Observational measure of implementation
//! progress in community based settings: The Stages of implementation completion (SIC)",
//! *Implementation Science* 6:116: "Progress through eight implementation stages was tracked
//! by noting dates of completion of specific activities in each stage", scored as "duration
//! scores per stage and … the proportion of activities that were completed in each stage";
//! Saldana (2014), *Implementation Science* 9:43: eight stages spanning three phases
//! (pre-implementation, implementation, sustainability), yielding "duration (time to complete a
//! stage), proportion (of stage activities completed), and a general measure of how far a site
//! moved in the implementation process". The stages and phases are
//! [`SicStage`] and [`SicPhase`].
//!
//! **The activities are the program's.** The SIC's activity lists are tailored to each
//! evidence-based program, so their number per stage varies: a [`SicRecord`] lists the
//! program's activities, and may state how many each stage defines
//! ([`SicRecord::defined`]) when it lists only those completed. (For illustration only: the
//! MTFC version in Chamberlain et al. 2011, Table 1, has 3, 3, 8, 6, 2 and 4 activities in
//! stages 1–6; how stages 7 and 8 are counted there was not confirmed.)
//!
//! **Rules this crate chose where the sources are silent.**
//!
//! - *Proportion*: activities with a completion date ÷ activities defined for the stage (the
//!   count in [`SicRecord::defined`] when given, otherwise the activities listed for the stage).
//!   A stage with no activity defined is not computable. The sources' wording is "proportion
//!   (of stage activities completed)"; their handling of the denominator was not confirmed.
//! - *Duration*: whole days from the first to the last completion date within the stage
//!   (jiff's civil date arithmetic); 0 when one activity, or several on one day, are completed;
//!   none when none is. The sources say "time to complete a stage"; which dates anchor it was
//!   not confirmed.
//! - *Final stage*: the highest stage with any completed activity. Stages may overlap and
//!   earlier stages may be left incomplete; the final stage says how far the site got, not that
//!   every earlier stage is complete.
//!
//! ```
//! use implsci::score::instruments::sic::SicRecord;
//! use implsci::stage::{SicPhase, SicStage};
//!
//! let mut record = SicRecord::new();
//! record.record(SicStage::Engagement, "1.1".parse()?, Some("2024-01-10".parse()?));
//! record.record(SicStage::Engagement, "1.2".parse()?, Some("2024-02-09".parse()?));
//! record.record(SicStage::Engagement, "1.3".parse()?, None);
//! record.record(SicStage::ConsiderationOfFeasibility, "2.1".parse()?, Some("2024-03-01".parse()?));
//!
//! let report = record.report()?;
//! let engagement = report.stage(SicStage::Engagement);
//! assert_eq!((engagement.proportion.numerator, engagement.proportion.denominator), (2, 3));
//! assert_eq!(engagement.duration_days, Some(30));
//! assert_eq!(report.final_stage, Some(SicStage::ConsiderationOfFeasibility));
//! assert_eq!(report.final_phase, Some(SicPhase::PreImplementation));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::error::{Problem, ProblemKind, ValidationErrors};
use crate::id::ItemId;
use crate::share::Share;
use crate::stage::{SicPhase, SicStage, days_between};

/// One SIC activity of a site: its stage, its id in the program's list (`"3.4"`), and the date
/// it was completed, if it was.
///
/// Source: Chamberlain, Brown & Saldana 2011 (dates of completion of specific activities in
/// each stage).
///
/// ```
/// use implsci::score::instruments::sic::SicActivity;
/// use implsci::stage::SicStage;
///
/// let a: SicActivity = serde_json::from_str(
///     r#"{"stage": "readiness_planning", "activity": "3.1", "completed": "2024-04-02"}"#,
/// )?;
/// assert_eq!(a.stage, SicStage::ReadinessPlanning);
/// assert_eq!(a.completed, Some("2024-04-02".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SicActivity {
    /// The stage the activity belongs to.
    pub stage: SicStage,
    /// The activity's id in the program's SIC (unique within a record).
    pub activity: ItemId,
    /// When it was completed; absent or `null` when it was not (yet).
    #[serde(
        default,
        deserialize_with = "crate::date::deserialize_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub completed: Option<Date>,
}

impl SicActivity {
    /// An activity, completed on `completed` or not completed (`None`).
    ///
    /// ```
    /// use implsci::score::instruments::sic::SicActivity;
    /// use implsci::stage::SicStage;
    /// let a = SicActivity::new(SicStage::Competency, "8.1".parse()?, None);
    /// assert_eq!(a.completed, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(stage: SicStage, activity: ItemId, completed: Option<Date>) -> Self {
        Self {
            stage,
            activity,
            completed,
        }
    }
}

/// How many activities the program's SIC defines for a stage: the denominator of the stage's
/// proportion when the record does not list every activity.
///
/// ```
/// use implsci::score::instruments::sic::StageActivityCount;
/// use implsci::stage::SicStage;
/// let c = StageActivityCount::new(SicStage::ReadinessPlanning, 8);
/// assert_eq!(c.activities, 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StageActivityCount {
    /// The stage.
    pub stage: SicStage,
    /// Activities the program defines for it.
    pub activities: u32,
}

impl StageActivityCount {
    /// `activities` activities defined for `stage`.
    ///
    /// ```
    /// use implsci::score::instruments::sic::StageActivityCount;
    /// use implsci::stage::SicStage;
    /// let c = StageActivityCount::new(SicStage::Engagement, 3);
    /// assert_eq!((c.stage, c.activities), (SicStage::Engagement, 3));
    /// ```
    #[must_use]
    pub fn new(stage: SicStage, activities: u32) -> Self {
        Self { stage, activities }
    }
}

/// One site's SIC record: its activities, and optionally how many activities each stage
/// defines.
///
/// ```
/// use implsci::score::instruments::sic::SicRecord;
///
/// let record: SicRecord = serde_json::from_str(r#"{
///     "activities": [
///         {"stage": "engagement", "activity": "1.1", "completed": "2024-01-10"},
///         {"stage": "engagement", "activity": "1.2", "completed": "2024-01-20"}
///     ],
///     "defined": [{"stage": "engagement", "activities": 3}]
/// }"#)?;
/// let report = record.report()?;
/// assert_eq!(report.stages[0].proportion.denominator, 3);
/// assert_eq!(report.stages[0].duration_days, Some(10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SicRecord {
    /// The program's activities, completed or not. Activity ids are unique within the record
    /// (repeated events, such as three site visits, get an id each).
    #[serde(default)]
    pub activities: Vec<SicActivity>,
    /// Activities defined per stage, for stages whose activities are not all listed. A stage
    /// named here uses this count as its denominator; a stage not named uses the number of
    /// activities listed for it. Each stage at most once; the count is at least the activities
    /// listed for the stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defined: Vec<StageActivityCount>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl SicRecord {
    /// An empty record.
    ///
    /// ```
    /// use implsci::score::instruments::sic::SicRecord;
    /// let report = SicRecord::new().report()?;
    /// assert_eq!(report.final_stage, None);
    /// # Ok::<(), implsci::error::ValidationErrors>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends an activity, completed on `completed` or not completed (`None`).
    ///
    /// ```
    /// use implsci::score::instruments::sic::SicRecord;
    /// use implsci::stage::SicStage;
    /// let mut record = SicRecord::new();
    /// record.record(SicStage::Engagement, "1.1".parse()?, None);
    /// assert_eq!(record.activities.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&mut self, stage: SicStage, activity: ItemId, completed: Option<Date>) {
        self.activities
            .push(SicActivity::new(stage, activity, completed));
    }

    /// Checks the record: activity ids unique, each stage defined at most once, no stage with
    /// more activities listed than defined. Reports every problem, each with its JSON path.
    ///
    /// ```
    /// use implsci::score::instruments::sic::{SicRecord, StageActivityCount};
    /// use implsci::stage::SicStage;
    /// let mut record = SicRecord::new();
    /// record.record(SicStage::Engagement, "1.1".parse()?, None);
    /// record.record(SicStage::Engagement, "1.1".parse()?, None);
    /// record.defined.push(StageActivityCount::new(SicStage::Engagement, 1));
    /// let problems = record.validate().unwrap_err().into_problems();
    /// assert_eq!(problems[0].path, "$.activities[1].activity");
    /// assert_eq!(problems[1].path, "$.defined[0].activities");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] listing every problem found.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut problems = Vec::new();
        let mut seen: HashMap<&ItemId, usize> = HashMap::new();
        for (i, a) in self.activities.iter().enumerate() {
            if let Some(first) = seen.insert(&a.activity, i) {
                problems.push(
                    Problem::new(
                        format!("$.activities[{i}].activity"),
                        ProblemKind::DuplicateId,
                        format!(
                            "activity `{}` is listed again (first at $.activities[{first}])",
                            a.activity
                        ),
                    )
                    .with_id(a.activity.as_str()),
                );
            }
        }
        let listed = self.listed_per_stage();
        let mut defined_at: [Option<usize>; 8] = [None; 8];
        for (i, c) in self.defined.iter().enumerate() {
            let slot = &mut defined_at[index(c.stage)];
            if let Some(first) = *slot {
                problems.push(Problem::new(
                    format!("$.defined[{i}].stage"),
                    ProblemKind::DuplicateId,
                    format!(
                        "stage {} is defined again (first at $.defined[{first}])",
                        c.stage.number()
                    ),
                ));
                continue;
            }
            *slot = Some(i);
            let n = listed[index(c.stage)];
            if u64::from(c.activities) < n {
                problems.push(Problem::new(
                    format!("$.defined[{i}].activities"),
                    ProblemKind::OutOfRange,
                    format!(
                        "stage {} defines {} activities but the record lists {n}",
                        c.stage.number(),
                        c.activities
                    ),
                ));
            }
        }
        ValidationErrors::from_problems(problems).map_or(Ok(()), Err)
    }

    /// Scores the record: for each of the eight stages its proportion of activities completed,
    /// first and last completion dates and duration in days, then the final stage reached and
    /// its phase. See the module documentation for the rules and which of them are this
    /// crate's choice.
    ///
    /// ```
    /// use implsci::score::instruments::sic::SicRecord;
    /// use implsci::stage::SicStage;
    /// let mut record = SicRecord::new();
    /// record.record(SicStage::StaffHiredAndTrained, "4.1".parse()?, Some("2024-05-01".parse()?));
    /// let report = record.report()?;
    /// assert_eq!(report.stages.len(), 8);
    /// assert_eq!(report.stage(SicStage::Engagement).proportion.value(), None); // nothing defined
    /// assert_eq!(report.final_stage, Some(SicStage::StaffHiredAndTrained));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] when the record does not [validate](SicRecord::validate).
    pub fn report(&self) -> Result<SicReport, ValidationErrors> {
        self.validate()?;
        let mut denominators = self.listed_per_stage();
        for c in &self.defined {
            denominators[index(c.stage)] = u64::from(c.activities);
        }
        let mut completed = [0_u64; 8];
        let mut spans: [Option<(Date, Date)>; 8] = [None; 8];
        for a in &self.activities {
            let Some(date) = a.completed else { continue };
            let i = index(a.stage);
            completed[i] += 1;
            spans[i] = Some(match spans[i] {
                None => (date, date),
                Some((first, last)) => (first.min(date), last.max(date)),
            });
        }
        let stages: Vec<SicStageRow> = SicStage::ALL
            .iter()
            .map(|&stage| {
                let i = index(stage);
                SicStageRow {
                    stage,
                    number: stage.number(),
                    phase: stage.phase(),
                    proportion: Share::new(completed[i], denominators[i]),
                    first_completed: spans[i].map(|(first, _)| first),
                    last_completed: spans[i].map(|(_, last)| last),
                    duration_days: spans[i].map(|(first, last)| days_between(first, last)),
                }
            })
            .collect();
        let final_stage = stages
            .iter()
            .rev()
            .find(|row| row.proportion.numerator > 0)
            .map(|row| row.stage);
        Ok(SicReport {
            stages,
            final_stage,
            final_phase: final_stage.map(SicStage::phase),
        })
    }

    /// Activities listed per stage, by stage index.
    fn listed_per_stage(&self) -> [u64; 8] {
        let mut listed = [0_u64; 8];
        for a in &self.activities {
            listed[index(a.stage)] += 1;
        }
        listed
    }
}

/// The stage's index, 0–7.
fn index(stage: SicStage) -> usize {
    usize::from(stage.number() - 1)
}

/// One stage's scores.
///
/// ```
/// use implsci::score::instruments::sic::SicRecord;
/// use implsci::stage::{SicPhase, SicStage};
/// let report = SicRecord::new().report()?;
/// let row = report.stage(SicStage::Competency);
/// assert_eq!((row.number, row.phase), (8, SicPhase::Sustainability));
/// assert_eq!(row.duration_days, None);
/// # Ok::<(), implsci::error::ValidationErrors>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SicStageRow {
    /// The stage.
    pub stage: SicStage,
    /// Its number, 1–8.
    pub number: u8,
    /// Its phase.
    pub phase: SicPhase,
    /// Activities completed ÷ activities defined; not computable when none is defined.
    pub proportion: Share,
    /// The earliest completion date in the stage.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub first_completed: Option<Date>,
    /// The latest completion date in the stage.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub last_completed: Option<Date>,
    /// Days from the first to the last completion date (this crate's anchor; see the module
    /// documentation); `None` when no activity of the stage is completed.
    pub duration_days: Option<i32>,
}

/// A site's SIC scores: eight stage rows in order, the final stage reached and its phase.
///
/// ```
/// use implsci::score::instruments::sic::SicRecord;
/// use implsci::stage::SicStage;
/// let mut record = SicRecord::new();
/// record.record(SicStage::Engagement, "1.1".parse()?, Some("2024-01-10".parse()?));
/// let json = serde_json::to_value(record.report()?)?;
/// assert_eq!(json["final_stage"], "engagement");
/// assert_eq!(json["stages"][0]["first_completed"], "2024-01-10");
/// assert_eq!(json["stages"][1]["proportion"]["value"], serde_json::Value::Null);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SicReport {
    /// One row per stage, stage 1 first.
    pub stages: Vec<SicStageRow>,
    /// The highest stage with any completed activity; `None` when none is completed.
    pub final_stage: Option<SicStage>,
    /// The final stage's phase.
    pub final_phase: Option<SicPhase>,
}

impl SicReport {
    /// The row of a stage.
    ///
    /// ```
    /// use implsci::score::instruments::sic::SicRecord;
    /// use implsci::stage::SicStage;
    /// let report = SicRecord::new().report()?;
    /// assert_eq!(report.stage(SicStage::ReadinessPlanning).number, 3);
    /// # Ok::<(), implsci::error::ValidationErrors>(())
    /// ```
    #[must_use]
    pub fn stage(&self, stage: SicStage) -> &SicStageRow {
        // `report` builds exactly one row per stage, in `SicStage::ALL` order.
        &self.stages[index(stage)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn id(s: &str) -> ItemId {
        s.parse().unwrap()
    }

    #[test]
    fn hand_computed_example() {
        use SicStage as S;
        let mut r = SicRecord::new();
        // Stage 1: 3 of 3, 2024-01-05 .. 2024-03-05 = 26 + 29 + 5 = 60 days (2024 is a leap year).
        r.record(S::Engagement, id("1.1"), Some(d("2024-01-05")));
        r.record(S::Engagement, id("1.3"), Some(d("2024-03-05")));
        r.record(S::Engagement, id("1.2"), Some(d("2024-02-01")));
        // Stage 2: 1 of 3 listed, one day.
        r.record(
            S::ConsiderationOfFeasibility,
            id("2.1"),
            Some(d("2024-03-20")),
        );
        r.record(S::ConsiderationOfFeasibility, id("2.2"), None);
        r.record(S::ConsiderationOfFeasibility, id("2.3"), None);
        // Stage 3: 2 completed, 8 defined by the program; 2024-04-01 .. 2024-05-01 = 30 days.
        r.record(S::ReadinessPlanning, id("3.1"), Some(d("2024-05-01")));
        r.record(S::ReadinessPlanning, id("3.2"), Some(d("2024-04-01")));
        r.defined
            .push(StageActivityCount::new(S::ReadinessPlanning, 8));
        // Stage 5 started out of order, stage 4 untouched.
        r.record(
            S::AdherenceMonitoringInPlace,
            id("5.1"),
            Some(d("2024-04-15")),
        );
        r.record(S::AdherenceMonitoringInPlace, id("5.2"), None);

        let rep = r.report().unwrap();
        let row = |s| rep.stage(s);
        let p = |s| {
            let sh = row(s).proportion;
            (sh.numerator, sh.denominator)
        };
        assert_eq!(p(S::Engagement), (3, 3));
        assert_eq!(row(S::Engagement).duration_days, Some(60));
        assert_eq!(row(S::Engagement).first_completed, Some(d("2024-01-05")));
        assert_eq!(row(S::Engagement).last_completed, Some(d("2024-03-05")));
        assert_eq!(p(S::ConsiderationOfFeasibility), (1, 3));
        assert_eq!(row(S::ConsiderationOfFeasibility).duration_days, Some(0));
        assert_eq!(p(S::ReadinessPlanning), (2, 8));
        assert_eq!(row(S::ReadinessPlanning).proportion.value(), Some(0.25));
        assert_eq!(row(S::ReadinessPlanning).duration_days, Some(30));
        assert_eq!(p(S::StaffHiredAndTrained), (0, 0));
        assert_eq!(row(S::StaffHiredAndTrained).proportion.value(), None);
        assert_eq!(row(S::StaffHiredAndTrained).duration_days, None);
        assert_eq!(p(S::AdherenceMonitoringInPlace), (1, 2));
        // The highest stage with a completed activity, though stage 4 was skipped.
        assert_eq!(rep.final_stage, Some(S::AdherenceMonitoringInPlace));
        assert_eq!(rep.final_phase, Some(SicPhase::Implementation));
        // Eight rows in order with their phases.
        let numbers: Vec<u8> = rep.stages.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(rep.stages[2].phase, SicPhase::PreImplementation);
        assert_eq!(rep.stages[7].phase, SicPhase::Sustainability);
    }

    #[test]
    fn stages_without_activities_are_not_computable() {
        let rep = SicRecord::new().report().unwrap();
        assert_eq!(rep.stages.len(), 8);
        for row in &rep.stages {
            assert_eq!(row.proportion.value(), None);
            assert_eq!(row.duration_days, None);
        }
        // A defined count of zero is not computable either.
        let mut r = SicRecord::new();
        r.defined
            .push(StageActivityCount::new(SicStage::Competency, 0));
        assert_eq!(r.report().unwrap().stages[7].proportion.value(), None);
    }

    #[test]
    fn no_completed_activity_means_no_final_stage() {
        let mut r = SicRecord::new();
        r.record(SicStage::Engagement, id("1.1"), None);
        r.record(SicStage::Competency, id("8.1"), None);
        let rep = r.report().unwrap();
        assert_eq!(rep.final_stage, None);
        assert_eq!(rep.final_phase, None);
        assert_eq!(rep.stages[0].proportion.value(), Some(0.0));
    }

    #[test]
    fn competency_is_the_sustainability_phase() {
        let mut r = SicRecord::new();
        r.record(SicStage::Competency, id("8.2"), Some(d("2026-01-31")));
        let rep = r.report().unwrap();
        assert_eq!(rep.final_stage, Some(SicStage::Competency));
        assert_eq!(rep.final_phase, Some(SicPhase::Sustainability));
    }

    #[test]
    fn every_problem_is_reported() {
        let mut r = SicRecord::new();
        r.record(SicStage::Engagement, id("1.1"), None);
        r.record(SicStage::Engagement, id("1.2"), None);
        r.record(SicStage::Engagement, id("1.1"), None);
        r.defined
            .push(StageActivityCount::new(SicStage::Engagement, 2));
        r.defined
            .push(StageActivityCount::new(SicStage::Engagement, 5));
        let problems = r.report().unwrap_err().into_problems();
        let got: Vec<(&str, ProblemKind)> =
            problems.iter().map(|p| (p.path.as_str(), p.kind)).collect();
        assert_eq!(
            got,
            [
                ("$.activities[2].activity", ProblemKind::DuplicateId),
                ("$.defined[0].activities", ProblemKind::OutOfRange),
                ("$.defined[1].stage", ProblemKind::DuplicateId),
            ]
        );
        assert_eq!(problems[0].id.as_deref(), Some("1.1"));
    }

    #[test]
    fn reads_strictly_and_round_trips() {
        let json = r#"{"activities":[{"stage":"engagement","activity":"1.1","completed":"2024-01-10"},{"stage":"engagement","activity":"1.2"}],"defined":[{"stage":"competency","activities":2}]}"#;
        let r: SicRecord = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
        let null: SicActivity =
            serde_json::from_str(r#"{"stage":"engagement","activity":"1.1","completed":null}"#)
                .unwrap();
        assert_eq!(null.completed, None);
        for bad in [
            r#"{"stage":"engagement","activity":"1.1","completed":"2024-01-10T00:00:00"}"#,
            r#"{"stage":"engagement","activity":"1.1","done":true}"#,
            r#"{"stage":"stage_9","activity":"1.1"}"#,
        ] {
            assert!(serde_json::from_str::<SicActivity>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn report_matches_its_schema() {
        let mut r = SicRecord::new();
        r.record(SicStage::Engagement, id("1.1"), Some(d("2024-01-10")));
        r.record(SicStage::Engagement, id("1.2"), None);
        let schema = serde_json::to_value(schemars::schema_for!(SicReport)).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let report = serde_json::to_value(r.report().unwrap()).unwrap();
        assert!(validator.is_valid(&report), "{report}");
        let input = serde_json::to_value(schemars::schema_for!(SicRecord)).unwrap();
        let input = jsonschema::validator_for(&input).unwrap();
        assert!(input.is_valid(&serde_json::to_value(&r).unwrap()));
        assert!(!input.is_valid(&serde_json::json!({"activities": [{"stage": "engagement", "activity": "1.1", "completed": "2024-01-10T00:00"}]})));
    }
}
