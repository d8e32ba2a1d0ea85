//! The simulation's parameters: a named preset with overrides on the wire, resolved into
//! [`ModelParameters`] with every value filled.
//!
//! Sources (`SIMULATION.md` in the project's reference notes holds the numbers with their
//! marks):
//!
//! - Joyce & Showers (2002), *Student Achievement Through Staff Development*, 3rd ed.: the
//!   share of practitioners who use a practice in the classroom, and who show the skill, after
//!   theory, demonstration, practice with feedback, and coaching in the classroom (secondary,
//!   via the *Coaching Toolkit for Child Welfare Practice*, Table 2.1).
//! - Joyce & Showers (1982), "The Coaching of Teaching": 75–90% classroom use with coaching,
//!   5% without.
//! - Kraft, Blazar & Hogan (2018), *Review of Educational Research* 88(4): programs of 100
//!   teachers or more show about half the effect of small ones.
//! - NCES Teacher Follow-up Survey 2012–13: 15.8% of public school teachers leave their school
//!   in a year (8.1% move, 7.7% leave teaching); NCES Condition of Education: 16–18% of
//!   principals leave their school in a year.
//! - NIRN module 4: Full Implementation is 50% or more of the intended practitioners using the
//!   innovation with fidelity.
//!
//! Where no source gives a number (drift, vacancy lag, the effect of a broken chain, barrier
//! rates) the default is this crate's assumption and says so.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Problem, ProblemKind, Problems};

/// A named set of defaults.
///
/// ```
/// use implsci::scenario::{ModelParameters, Preset};
/// let js = ModelParameters::preset(Preset::JoyceShowers2002);
/// assert_eq!(js.use_given.practice, 0.05);
/// assert_eq!(js.use_given.coaching, 0.95);
/// assert!(js.scale.is_none());
/// assert!(ModelParameters::preset(Preset::Realistic).scale.is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Preset {
    /// Joyce & Showers (2002): classroom use 0% after theory, 0% with demonstration, 5% with
    /// practice and feedback, 95% with coaching in the classroom; skill 5%, 30%, 60%, 95%.
    #[serde(rename = "joyce-showers-2002")]
    JoyceShowers2002,
    /// Joyce & Showers (1982): classroom use 5% without coaching and 75–90% with it, read as
    /// 82.5%, the middle of the range (derived); the skill column is the 2002 one, which the
    /// 1982 figures do not give.
    #[serde(rename = "joyce-showers-1982")]
    JoyceShowers1982,
    /// The default: [`Preset::JoyceShowers2002`] with the coaching effect of programs at scale,
    /// about half that of small ones (Kraft, Blazar & Hogan 2018, working paper: programs of
    /// 100 teachers or more). A state's scale-up is a program at scale whatever part of it a
    /// system document holds, so the preset halves the effect at every size
    /// ([`ScaleAttenuation::AT_SCALE`]); [`ScaleAttenuation::KRAFT_2018`] applies the size rule
    /// to the practitioners coached in the document instead.
    #[default]
    Realistic,
}

/// A workforce's yearly turnover.
///
/// ```
/// use implsci::scenario::{Turnover, Workforce};
/// assert_eq!(Turnover::of(Workforce::Teachers).practitioners, 0.158);
/// assert_eq!(Turnover::of(Workforce::ChildWelfare).practitioners, 0.30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Workforce {
    /// US public school teachers: 15.8% leave their school in a year (NCES TFS 2012–13).
    #[default]
    Teachers,
    /// Child-welfare caseworkers: about 30% a year nationally (Casey Family Programs).
    ChildWelfare,
    /// Community mental-health clinicians: 25%–50% a year (Psychiatric Services 2008 review);
    /// 27%, the Los Angeles County figure of 58.3% over 33 months as a yearly rate (derived).
    MentalHealth,
}

/// The chance of a step within a school year, by the supports received (Joyce & Showers'
/// cumulative training components, then coaching in the practitioner's own setting).
///
/// A practitioner's row is the highest component received: practice with feedback counts as
/// `practice` whatever else was given (this crate's reading of the cumulative table).
///
/// ```
/// use implsci::scenario::SupportTable;
/// let table = SupportTable { theory: 0.0, demonstration: 0.0, practice: 0.05, coaching: 0.95 };
/// assert!(table.is_monotone());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportTable {
    /// After theory alone.
    pub theory: f64,
    /// After theory and demonstration.
    pub demonstration: f64,
    /// After practice with feedback in training.
    pub practice: f64,
    /// With coaching in the practitioner's own setting, at dose.
    pub coaching: f64,
}

impl SupportTable {
    /// Whether each row is at least the one before: more support never lowers the chance.
    ///
    /// ```
    /// use implsci::scenario::SupportTable;
    /// let odd = SupportTable { theory: 0.5, demonstration: 0.1, practice: 0.2, coaching: 0.9 };
    /// assert!(!odd.is_monotone());
    /// ```
    #[must_use]
    pub fn is_monotone(&self) -> bool {
        self.theory <= self.demonstration
            && self.demonstration <= self.practice
            && self.practice <= self.coaching
    }

    fn check(&self, path: &str, problems: &mut Problems) {
        for (name, value) in [
            ("theory", self.theory),
            ("demonstration", self.demonstration),
            ("practice", self.practice),
            ("coaching", self.coaching),
        ] {
            probability(problems, format!("{path}.{name}"), value);
        }
    }
}

/// The coaching effect at scale: in a program of `program_size` coached practitioners or more,
/// the coaching row's gain over training alone is multiplied by `factor`.
///
/// Source: Kraft, Blazar & Hogan (2018), working paper: programs of 100 teachers or more show
/// about half the effect of small ones.
///
/// ```
/// use implsci::scenario::ScaleAttenuation;
/// let kraft = ScaleAttenuation::KRAFT_2018;
/// assert_eq!((kraft.program_size, kraft.factor), (100, 0.5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleAttenuation {
    /// Coached practitioners of one innovation, system-wide, from which the effect shrinks.
    pub program_size: u32,
    /// What is left of the coaching gain: 0.5 keeps half.
    pub factor: f64,
}

impl ScaleAttenuation {
    /// Kraft, Blazar & Hogan (2018): about half the effect from 100 practitioners.
    pub const KRAFT_2018: Self = Self {
        program_size: 100,
        factor: 0.5,
    };

    /// Kraft, Blazar & Hogan's halved effect at every size: the program is a state's, at scale.
    ///
    /// ```
    /// use implsci::scenario::ScaleAttenuation;
    /// assert_eq!(ScaleAttenuation::AT_SCALE.program_size, 0);
    /// ```
    pub const AT_SCALE: Self = Self {
        program_size: 0,
        factor: 0.5,
    };
}

/// Yearly turnover rates: the share who leave their post in a year.
///
/// ```
/// use implsci::scenario::{Turnover, Workforce};
/// let t = Turnover::of(Workforce::Teachers);
/// assert_eq!((t.coaches, t.team_members), (0.17, 0.17)); // principals as the stand-in
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Turnover {
    /// Practitioners.
    pub practitioners: f64,
    /// Coaches. No rate is published; principals' 16–18% (NCES) is the stand-in, read as
    /// 17% (derived), and marked as such.
    pub coaches: f64,
    /// Implementation-team members; no rate is published, principals' stand-in as for coaches.
    pub team_members: f64,
}

impl Turnover {
    /// Principals' yearly turnover, 16–18% (NCES Condition of Education), read as the middle:
    /// the stand-in for coaches and team members, for whom no rate is published.
    pub const PRINCIPALS: f64 = 0.17;

    /// The rates of a workforce, with the principals' stand-in for coaches and team members.
    ///
    /// ```
    /// use implsci::scenario::{Turnover, Workforce};
    /// assert_eq!(Turnover::of(Workforce::MentalHealth).practitioners, 0.27);
    /// ```
    #[must_use]
    pub fn of(workforce: Workforce) -> Self {
        let practitioners = match workforce {
            Workforce::Teachers => 0.158,
            Workforce::ChildWelfare => 0.30,
            Workforce::MentalHealth => 0.27,
        };
        Self {
            practitioners,
            coaches: Self::PRINCIPALS,
            team_members: Self::PRINCIPALS,
        }
    }
}

/// Barriers raised in practice and carried up the communication path (NIRN's practice–policy
/// communication loops). Every number is this crate's assumption: no source gives one.
///
/// ```
/// use implsci::scenario::Barriers;
/// let b = Barriers::default();
/// assert_eq!((b.per_year, b.lift, b.lift_weeks), (2.0, 0.25, 26));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Barriers {
    /// Barriers a practice unit raises in a year (at most one open at a time).
    pub per_year: f64,
    /// How much a resolved barrier raises the unit's chances: the hazard rate times
    /// `1 + lift`.
    pub lift: f64,
    /// For how many weeks the lift holds.
    pub lift_weeks: u32,
}

impl Default for Barriers {
    fn default() -> Self {
        Self {
            per_year: 2.0,
            lift: 0.25,
            lift_weeks: 26,
        }
    }
}

/// Every value the simulation uses, filled.
///
/// ```
/// use implsci::scenario::ModelParameters;
/// let p = ModelParameters::default();
/// assert_eq!(p.full_implementation, 0.5); // NIRN module 4
/// assert_eq!(p.turnover.practitioners, 0.158); // NCES
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ModelParameters {
    /// The chance of reaching routine use within a school year, by supports (Joyce &
    /// Showers' classroom use).
    pub use_given: SupportTable,
    /// The chance of reaching fidelity within a school year once in use, by supports (Joyce &
    /// Showers' skill column, read as skill shown in use: this crate's reading).
    pub fidelity_given: SupportTable,
    /// The chance in a year that a practitioner at fidelity without coaching drifts back to
    /// use without fidelity. This crate's assumption: 0.2.
    pub drift: f64,
    /// The coaching effect at scale; `None`: the same at every size.
    pub scale: Option<ScaleAttenuation>,
    /// Yearly turnover.
    pub turnover: Turnover,
    /// Weeks a post stays empty before a hire fills it. This crate's assumption: 8.
    pub vacancy_weeks: u32,
    /// Whether a hire into a unit whose chain of support is unbroken is trained to the level
    /// of the unit's latest cohort, as an implementation team keeps the Training driver running
    /// for new staff (NIRN module 2; the rule is this crate's). Otherwise, and behind a broken
    /// chain, hires arrive untrained. Default: true.
    pub train_hires: bool,
    /// What is left of training's and coaching's effect on a unit whose chain of support is
    /// broken: the hazard rate times this. This crate's assumption: 0.5.
    pub broken_chain_effect: f64,
    /// Practice–policy loops.
    pub barriers: Barriers,
    /// The share of intended practitioners at fidelity that is Full Implementation (NIRN
    /// module 4: 50%).
    pub full_implementation: f64,
}

impl Default for ModelParameters {
    fn default() -> Self {
        Self::preset(Preset::default())
    }
}

/// Joyce & Showers (2002), the skill column: 5%, 30%, 60%, 95%.
const SKILL_2002: SupportTable = SupportTable {
    theory: 0.05,
    demonstration: 0.30,
    practice: 0.60,
    coaching: 0.95,
};

impl ModelParameters {
    /// A preset's values, with teachers' turnover.
    ///
    /// ```
    /// use implsci::scenario::{ModelParameters, Preset};
    /// assert_eq!(ModelParameters::preset(Preset::JoyceShowers1982).use_given.coaching, 0.825);
    /// ```
    #[must_use]
    pub fn preset(preset: Preset) -> Self {
        let use_given = match preset {
            Preset::JoyceShowers2002 | Preset::Realistic => SupportTable {
                theory: 0.0,
                demonstration: 0.0,
                practice: 0.05,
                coaching: 0.95,
            },
            Preset::JoyceShowers1982 => SupportTable {
                theory: 0.0,
                demonstration: 0.0,
                practice: 0.05,
                coaching: 0.825,
            },
        };
        Self {
            use_given,
            fidelity_given: SKILL_2002,
            drift: 0.2,
            scale: (preset == Preset::Realistic).then_some(ScaleAttenuation::AT_SCALE),
            turnover: Turnover::of(Workforce::Teachers),
            vacancy_weeks: 8,
            train_hires: true,
            broken_chain_effect: 0.5,
            barriers: Barriers::default(),
            full_implementation: 0.5,
        }
    }
}

/// The parameters as a scenario gives them: a preset and a workforce, with any value
/// overridden.
///
/// ```
/// use implsci::scenario::{Parameters, Preset};
/// let p: Parameters = serde_json::from_str(r#"{"preset": "joyce-showers-2002", "drift": 0.1}"#)?;
/// let resolved = p.resolve();
/// assert_eq!(resolved.drift, 0.1);
/// assert_eq!(resolved.use_given.coaching, 0.95);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Parameters {
    /// The named defaults; absent: [`Preset::Realistic`].
    #[serde(default)]
    pub preset: Preset,
    /// Whose turnover; absent: teachers.
    #[serde(default)]
    pub workforce: Workforce,
    /// Overrides [`ModelParameters::use_given`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_given: Option<SupportTable>,
    /// Overrides [`ModelParameters::fidelity_given`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity_given: Option<SupportTable>,
    /// Overrides [`ModelParameters::drift`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<f64>,
    /// Overrides [`ModelParameters::scale`]; a factor of 1 turns attenuation off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<ScaleAttenuation>,
    /// Overrides [`ModelParameters::turnover`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnover: Option<Turnover>,
    /// Overrides [`ModelParameters::vacancy_weeks`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacancy_weeks: Option<u32>,
    /// Overrides [`ModelParameters::train_hires`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub train_hires: Option<bool>,
    /// Overrides [`ModelParameters::broken_chain_effect`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_chain_effect: Option<f64>,
    /// Overrides [`ModelParameters::barriers`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barriers: Option<Barriers>,
    /// Overrides [`ModelParameters::full_implementation`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_implementation: Option<f64>,
}

impl Parameters {
    /// The preset's values with every override applied.
    ///
    /// ```
    /// use implsci::scenario::{Parameters, Workforce};
    /// let mut p = Parameters::default();
    /// p.workforce = Workforce::ChildWelfare;
    /// assert_eq!(p.resolve().turnover.practitioners, 0.30);
    /// ```
    #[must_use]
    pub fn resolve(&self) -> ModelParameters {
        let mut m = ModelParameters::preset(self.preset);
        m.turnover = Turnover::of(self.workforce);
        if let Some(t) = self.use_given {
            m.use_given = t;
        }
        if let Some(t) = self.fidelity_given {
            m.fidelity_given = t;
        }
        if let Some(d) = self.drift {
            m.drift = d;
        }
        if let Some(s) = self.scale {
            m.scale = Some(s);
        }
        if let Some(t) = self.turnover {
            m.turnover = t;
        }
        if let Some(v) = self.vacancy_weeks {
            m.vacancy_weeks = v;
        }
        if let Some(t) = self.train_hires {
            m.train_hires = t;
        }
        if let Some(e) = self.broken_chain_effect {
            m.broken_chain_effect = e;
        }
        if let Some(b) = self.barriers {
            m.barriers = b;
        }
        if let Some(f) = self.full_implementation {
            m.full_implementation = f;
        }
        m
    }

    /// Every value out of range, each with its path under `path` (`$.parameters`).
    pub(crate) fn check(&self, path: &str, problems: &mut Problems) {
        if let Some(t) = &self.use_given {
            t.check(&format!("{path}.use_given"), problems);
        }
        if let Some(t) = &self.fidelity_given {
            t.check(&format!("{path}.fidelity_given"), problems);
        }
        if let Some(d) = self.drift {
            probability(problems, format!("{path}.drift"), d);
        }
        if let Some(s) = &self.scale {
            probability(problems, format!("{path}.scale.factor"), s.factor);
        }
        if let Some(t) = &self.turnover {
            for (name, value) in [
                ("practitioners", t.practitioners),
                ("coaches", t.coaches),
                ("team_members", t.team_members),
            ] {
                probability(problems, format!("{path}.turnover.{name}"), value);
            }
        }
        if let Some(e) = self.broken_chain_effect {
            probability(problems, format!("{path}.broken_chain_effect"), e);
        }
        if let Some(b) = &self.barriers {
            rate(problems, format!("{path}.barriers.per_year"), b.per_year);
            rate(problems, format!("{path}.barriers.lift"), b.lift);
        }
        if let Some(f) = self.full_implementation {
            probability(problems, format!("{path}.full_implementation"), f);
        }
    }
}

/// A probability: finite, from 0 to 1.
pub(crate) fn probability(problems: &mut Problems, path: String, value: f64) {
    if !value.is_finite() {
        problems.push(Problem::new(
            path,
            ProblemKind::NonFiniteNumber,
            "must be a finite number",
        ));
    } else if !(0.0..=1.0).contains(&value) {
        problems.push(Problem::new(
            path,
            ProblemKind::OutOfRange,
            format!("{value} is not a probability: it must be from 0 to 1"),
        ));
    }
}

/// A rate: finite and not negative.
pub(crate) fn rate(problems: &mut Problems, path: String, value: f64) {
    if !value.is_finite() {
        problems.push(Problem::new(
            path,
            ProblemKind::NonFiniteNumber,
            "must be a finite number",
        ));
    } else if value < 0.0 {
        problems.push(Problem::new(
            path,
            ProblemKind::OutOfRange,
            format!("{value} is negative: a rate must be 0 or more"),
        ));
    }
}
