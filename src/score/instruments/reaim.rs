//! RE-AIM (Reach, Effectiveness, Adoption, Implementation, Maintenance) and Proctor's
//! penetration, as counts out of counts and dated rules.
//!
//! Sources: re-aim.org (the site's FAQ asks to cite it together with Glasgow, Harden, Gaglio,
//! Rabin, Smith, Porter, Ory & Estabrooks 2019, "RE-AIM Planning and Evaluation Framework:
//! Adapting to New Science and Practice With a 20-Year Review", *Frontiers in Public Health*
//! 7:64, and says Glasgow, Vogt & Boles 1999, *American Journal of Public Health* 89(9), is no
//! longer the authoritative source); Proctor et al. 2011, "Outcomes for implementation
//! research", *Administration and Policy in Mental Health* 38. The rules below follow the
//! wording on re-aim.org ("Steps for Calculating and Reporting on Reach", "Assessing
//! Maintenance", "Improving maintenance") and Proctor et al. 2011 as quoted by secondary
//! sources; the exact wording of the 1999 and 2019 papers was not checked.
//!
//! Every rate is a [`Share`]: a zero denominator gives a share that is *not computable*
//! (`value() == None`), never NaN and never 0%. Counts are taken as given: a numerator larger
//! than its denominator (more participants than people offered) is a counting error upstream,
//! and shows as a value above 1 rather than being hidden.
//!
//! Effectiveness is an outcome analysis, outside this module. Of the Implementation dimension
//! only fidelity is a rate ([`implementation_fidelity`]); adaptations are recorded with FRAME in
//! [`crate::innovation`], and cost is the user's own accounting.
//!
//! ```
//! use implsci::score::instruments::reaim::{reach, reach_sensitivity, MaintenanceWindow};
//!
//! // 120 of 400 eligible people offered the program came to the first session; 50 more were
//! // lost or could not be determined.
//! assert_eq!(reach(120, 400).percent(), Some(30.0));
//! assert_eq!(reach_sensitivity(120, 400, 50).value(), Some(120.0 / 450.0));
//!
//! // An outcome measured 6 months after the last contact counts as maintenance.
//! let window = MaintenanceWindow::default();
//! assert_eq!(window.individual(&["2024-03-15".parse()?], "2024-09-15".parse()?), Some(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use jiff::Span;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::share::Share;

/// Reach as percent participation: participants ÷ known eligible individuals who were offered
/// participation.
///
/// Participants are those who began the program (came to the first session).
///
/// Source: re-aim.org, "Steps for Calculating and Reporting on Reach", step 5 ("Percent
/// Participation"). The absolute number and the representativeness of participants, also part
/// of Reach, are not a rate and are left to the analyst.
///
/// ```
/// use implsci::score::instruments::reaim::reach;
/// assert_eq!(reach(30, 120).percent(), Some(25.0));
/// assert_eq!(reach(0, 0).value(), None); // no one offered: not computable
/// ```
#[must_use]
pub fn reach(participants: u64, eligible_offered: u64) -> Share {
    Share::new(participants, eligible_offered)
}

/// Reach, conservative sensitivity version: participants ÷ (eligible individuals offered +
/// lost or indeterminate cases).
///
/// Source: re-aim.org, "Steps for Calculating and Reporting on Reach", step 6: "A sensitivity
/// analysis can be conservatively calculated by adding #3 [lost or indeterminate cases] and 4
/// [known eligible participants offered participation] in the denominator."
///
/// ```
/// use implsci::score::instruments::reaim::reach_sensitivity;
/// // 30 participants, 120 offered, 30 lost or indeterminate: 30 / 150.
/// assert_eq!(reach_sensitivity(30, 120, 30).percent(), Some(20.0));
/// assert_eq!(reach_sensitivity(0, 0, 0).value(), None);
/// ```
#[must_use]
pub fn reach_sensitivity(
    participants: u64,
    eligible_offered: u64,
    lost_or_indeterminate: u64,
) -> Share {
    Share::new(
        participants,
        eligible_offered.saturating_add(lost_or_indeterminate),
    )
}

/// Adoption at the setting level: settings that participate out of settings approached, and
/// staff (intervention agents, the people who deliver the program) who participate out of staff
/// approached.
///
/// Source: re-aim.org FAQ, Adoption: "the absolute number, proportion, and representativeness
/// of settings and intervention agents … who are willing to initiate a program"; the RE-AIM
/// checklist items "% of settings approached that participate" and "% of staff invited who
/// participate". Exclusions and representativeness are reported beside these shares.
///
/// ```
/// use implsci::score::instruments::reaim::Adoption;
/// use implsci::share::Share;
///
/// // 6 of 8 clinics approached joined; 45 of 60 clinicians invited took part.
/// let adoption = Adoption::new(Share::new(6, 8), Share::new(45, 60));
/// assert_eq!(adoption.settings.percent(), Some(75.0));
/// assert_eq!(adoption.staff.percent(), Some(75.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Adoption {
    /// Settings that participate ÷ settings approached.
    pub settings: Share,
    /// Staff who participate ÷ staff approached (invited).
    pub staff: Share,
}

impl Adoption {
    /// Adoption from the settings' share and the staff's share (each `participating` out of
    /// `approached`: [`Share::new`]`(participating, approached)`).
    ///
    /// ```
    /// use implsci::score::instruments::reaim::Adoption;
    /// use implsci::share::Share;
    /// let a = Adoption::new(Share::new(0, 0), Share::new(3, 4));
    /// assert_eq!(a.settings.value(), None); // no setting approached: not computable
    /// assert_eq!(a.staff.value(), Some(0.75));
    /// ```
    #[must_use]
    pub fn new(settings: Share, staff: Share) -> Self {
        Self { settings, staff }
    }
}

/// Implementation as fidelity: deliveries as intended ÷ deliveries (sessions, components or
/// contacts, whichever the program counts).
///
/// Source: re-aim.org FAQ, Implementation: fidelity to the program's key functions or
/// components, including consistency of delivery as intended, adaptations made, and cost.
/// Only fidelity is a rate; adaptations are recorded with FRAME
/// ([`crate::innovation::Adaptation`]) and cost is the user's own accounting, so neither is
/// computed here. For fidelity scored with an instrument, see [`crate::score`].
///
/// ```
/// use implsci::score::instruments::reaim::implementation_fidelity;
/// assert_eq!(implementation_fidelity(18, 24).percent(), Some(75.0));
/// assert_eq!(implementation_fidelity(0, 0).value(), None);
/// ```
#[must_use]
pub fn implementation_fidelity(delivered_as_intended: u64, delivered: u64) -> Share {
    Share::new(delivered_as_intended, delivered)
}

/// Penetration (Proctor et al. 2011), provider level: providers who deliver the service or
/// treatment ÷ providers trained in or expected to deliver it.
///
/// Source: Proctor et al. 2011, *Administration and Policy in Mental Health* 38: "Penetration
/// also can be calculated in terms of the number of providers who deliver a given service or
/// treatment, divided by the total number of providers trained in or expected to deliver the
/// service."
///
/// ```
/// use implsci::score::instruments::reaim::penetration;
/// assert_eq!(penetration(12, 16).percent(), Some(75.0));
/// assert_eq!(penetration(0, 0).value(), None);
/// ```
#[must_use]
pub fn penetration(providers_delivering: u64, providers_trained_or_expected: u64) -> Share {
    Share::new(providers_delivering, providers_trained_or_expected)
}

/// Penetration (Proctor et al. 2011), service level: eligible persons who use the service ÷
/// persons eligible for it.
///
/// Source: Proctor et al. 2011, following Stiles et al. 2002: "the number of eligible persons
/// who use a service, divided by the total number of persons eligible for the service".
///
/// ```
/// use implsci::score::instruments::reaim::service_penetration;
/// assert_eq!(service_penetration(40, 200).percent(), Some(20.0));
/// assert_eq!(service_penetration(0, 0).value(), None);
/// ```
#[must_use]
pub fn service_penetration(persons_using: u64, persons_eligible: u64) -> Share {
    Share::new(persons_using, persons_eligible)
}

/// The RE-AIM maintenance time frame: how many calendar months after the reference date
/// (the most recent intervention contact, or the end of support) a measure must be taken to
/// count as maintenance. The default is 6 months.
///
/// Source: re-aim.org. Individual level, "Improving maintenance": "the long-term effects of a
/// program on outcomes after 6 or more months after the most recent intervention contact";
/// setting level, "Assessing Maintenance": "whether the setting continues to deliver the
/// intervention (usually focusing on at least 6 months after research funding or support ends,
/// but time frames of interest may vary)". Six months is therefore the default, not a fixed
/// rule: [`MaintenanceWindow::months`] sets another.
///
/// **Month arithmetic (this crate's choice, done by jiff).** The window opens on the
/// reference date plus `months` calendar months, as [`Date::checked_add`] computes it; a day
/// past the end of the target month is clamped to its last day. A measure on or after that
/// date counts ("6 or more", inclusive). So a contact on 2024-08-31 opens the window on
/// 2025-02-28, and a measure that day counts, although jiff's `until` would call the gap
/// 5 months 28 days: the window is read as "the 6-month anniversary has come", not as "6 whole
/// months of days have elapsed".
///
/// ```
/// use implsci::score::instruments::reaim::MaintenanceWindow;
///
/// let six = MaintenanceWindow::default();
/// assert_eq!(six.opens("2024-08-31".parse()?), Some("2025-02-28".parse()?));
/// assert!(six.setting("2024-06-30".parse()?, "2024-12-30".parse()?));
/// assert!(!six.setting("2024-06-30".parse()?, "2024-12-29".parse()?));
///
/// let twelve = MaintenanceWindow::months(12);
/// assert_eq!(twelve.opens("2024-02-29".parse()?), Some("2025-02-28".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MaintenanceWindow {
    /// Calendar months after the reference date; re-aim.org's usual frame is 6.
    pub months: u16,
}

/// The usual RE-AIM maintenance time frame, in months (re-aim.org: "6 or more months").
///
/// ```
/// use implsci::score::instruments::reaim::{MaintenanceWindow, MAINTENANCE_MONTHS};
/// assert_eq!(MAINTENANCE_MONTHS, 6);
/// assert_eq!(MaintenanceWindow::default().months, MAINTENANCE_MONTHS);
/// ```
pub const MAINTENANCE_MONTHS: u16 = 6;

impl Default for MaintenanceWindow {
    /// Six months (re-aim.org).
    fn default() -> Self {
        Self::months(MAINTENANCE_MONTHS)
    }
}

impl MaintenanceWindow {
    /// A window of `months` calendar months (0 counts any measure on or after the reference
    /// date).
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// assert_eq!(MaintenanceWindow::months(6), MaintenanceWindow::default());
    /// ```
    #[must_use]
    pub fn months(months: u16) -> Self {
        Self { months }
    }

    /// The same window as [`MaintenanceWindow::months`] (the constructor every JSON-read type
    /// has).
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// assert_eq!(MaintenanceWindow::new(12).months, 12);
    /// ```
    #[must_use]
    pub fn new(months: u16) -> Self {
        Self::months(months)
    }

    /// The first date that counts as maintenance: `from` plus the window's calendar months,
    /// clamped to the end of a shorter month (jiff). `None` when that date lies beyond the
    /// calendar jiff supports (after 9999-12-31), so that no date can count.
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// let six = MaintenanceWindow::default();
    /// assert_eq!(six.opens("2024-03-31".parse()?), Some("2024-09-30".parse()?));
    /// assert_eq!(six.opens("9999-12-01".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn opens(self, from: Date) -> Option<Date> {
        let span = Span::new().try_months(i64::from(self.months)).ok()?;
        from.checked_add(span).ok()
    }

    /// Whether a measure taken on `measured` falls in the window that opens `months` after
    /// `from` (inclusive).
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// let six = MaintenanceWindow::default();
    /// assert!(six.counts("2024-01-15".parse()?, "2024-07-15".parse()?));
    /// assert!(!six.counts("2024-01-15".parse()?, "2024-07-14".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn counts(self, from: Date, measured: Date) -> bool {
        self.opens(from).is_some_and(|opens| measured >= opens)
    }

    /// Individual-level maintenance: whether an outcome assessed on `assessed` counts as
    /// maintenance, given the dates of a participant's intervention contacts. It counts when
    /// it is at least the window's months after the **most recent** contact (the latest date
    /// given, whether or not it precedes the assessment: an assessment before the last contact
    /// was taken during the intervention).
    ///
    /// Source: re-aim.org, "Improving maintenance" ("6 or more months after the most recent
    /// intervention contact") and the "Assessing Maintenance" checklist ("≥ 6mo follow-up
    /// after final intervention contact").
    ///
    /// Returns `None` when no contact is recorded: the rule has no reference date.
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// let six = MaintenanceWindow::default();
    /// let contacts = ["2024-01-10".parse()?, "2024-02-14".parse()?];
    /// assert_eq!(six.individual(&contacts, "2024-08-14".parse()?), Some(true));
    /// assert_eq!(six.individual(&contacts, "2024-08-13".parse()?), Some(false));
    /// assert_eq!(six.individual(&[], "2024-08-13".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn individual(self, contacts: &[Date], assessed: Date) -> Option<bool> {
        let last = contacts.iter().max()?;
        Some(self.counts(*last, assessed))
    }

    /// Setting-level maintenance: whether an observation on `observed` that the setting still
    /// delivers the intervention counts as maintenance, given the date research funding or
    /// support ended. It counts when it is at least the window's months after that date.
    ///
    /// Source: re-aim.org, "Assessing Maintenance" ("usually focusing on at least 6 months
    /// after research funding or support ends, but time frames of interest may vary").
    ///
    /// ```
    /// use implsci::score::instruments::reaim::MaintenanceWindow;
    /// let twelve = MaintenanceWindow::months(12);
    /// assert!(twelve.setting("2023-06-30".parse()?, "2024-06-30".parse()?));
    /// assert!(!twelve.setting("2023-06-30".parse()?, "2024-06-29".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn setting(self, support_ended: Date, observed: Date) -> bool {
        self.counts(support_ended, observed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn reach_by_hand() {
        // 57 of 190 offered: 0.3 exactly.
        assert_eq!(reach(57, 190).value(), Some(0.3));
        // Sensitivity: 57 / (190 + 10) = 0.285.
        let s = reach_sensitivity(57, 190, 10);
        assert_eq!((s.numerator, s.denominator), (57, 200));
        assert_eq!(s.value(), Some(0.285));
        // The sensitivity version is never above the plain one.
        assert!(s.value() <= reach(57, 190).value());
    }

    #[test]
    fn zero_denominators_are_not_computable() {
        assert_eq!(reach(0, 0).value(), None);
        assert_eq!(reach(5, 0).percent(), None);
        assert_eq!(reach_sensitivity(0, 0, 0).value(), None);
        // Only lost cases in the denominator: computable, 0 of 3.
        assert_eq!(reach_sensitivity(0, 0, 3).value(), Some(0.0));
        assert_eq!(implementation_fidelity(0, 0).value(), None);
        assert_eq!(penetration(0, 0).value(), None);
        assert_eq!(service_penetration(0, 0).value(), None);
        let a = Adoption::new(Share::new(0, 0), Share::new(0, 0));
        assert_eq!((a.settings.value(), a.staff.value()), (None, None));
    }

    #[test]
    fn sensitivity_denominator_saturates_instead_of_overflowing() {
        let s = reach_sensitivity(1, u64::MAX, 5);
        assert_eq!(s.denominator, u64::MAX);
    }

    #[test]
    fn adoption_penetration_fidelity_by_hand() {
        let a = Adoption::new(Share::new(3, 12), Share::new(14, 40));
        assert_eq!(a.settings.percent(), Some(25.0));
        assert_eq!(a.staff.percent(), Some(35.0));
        assert_eq!(penetration(9, 12).percent(), Some(75.0));
        assert_eq!(implementation_fidelity(7, 8).value(), Some(0.875));
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            serde_json::json!({
                "settings": {"numerator": 3, "denominator": 12, "value": 0.25},
                "staff": {"numerator": 14, "denominator": 40, "value": 0.35},
            })
        );
    }

    #[test]
    fn six_months_is_inclusive() {
        let six = MaintenanceWindow::default();
        assert!(six.counts(d("2024-01-15"), d("2024-07-15")));
        assert!(six.counts(d("2024-01-15"), d("2025-01-01")));
        assert!(!six.counts(d("2024-01-15"), d("2024-07-14")));
        // A measure before the reference date never counts.
        assert!(!six.counts(d("2024-01-15"), d("2023-07-15")));
    }

    #[test]
    fn month_ends_clamp_to_the_shorter_month() {
        let six = MaintenanceWindow::default();
        // 31 August + 6 months = 28 February (2025 is not a leap year): counts.
        assert_eq!(six.opens(d("2024-08-31")), Some(d("2025-02-28")));
        assert!(six.counts(d("2024-08-31"), d("2025-02-28")));
        assert!(!six.counts(d("2024-08-31"), d("2025-02-27")));
        // In a leap year the anniversary is 29 February.
        assert_eq!(six.opens(d("2023-08-31")), Some(d("2024-02-29")));
        assert!(!six.counts(d("2023-08-31"), d("2024-02-28")));
        // 31 March + 6 months = 30 September.
        assert_eq!(six.opens(d("2024-03-31")), Some(d("2024-09-30")));
        // 29 February + 12 months = 28 February.
        assert_eq!(
            MaintenanceWindow::months(12).opens(d("2024-02-29")),
            Some(d("2025-02-28"))
        );
        // jiff's `until` reads the same gap as short of 6 months; the window uses addition.
        let gap = d("2024-08-31")
            .until((jiff::Unit::Month, d("2025-02-28")))
            .unwrap();
        assert_eq!((gap.get_months(), gap.get_days()), (5, 28));
    }

    #[test]
    fn months_are_a_parameter() {
        let three = MaintenanceWindow::months(3);
        assert!(three.setting(d("2024-06-30"), d("2024-09-30")));
        assert!(!MaintenanceWindow::default().setting(d("2024-06-30"), d("2024-09-30")));
        let zero = MaintenanceWindow::months(0);
        assert!(zero.setting(d("2024-06-30"), d("2024-06-30")));
        assert!(!zero.setting(d("2024-06-30"), d("2024-06-29")));
    }

    #[test]
    fn individual_uses_the_most_recent_contact() {
        let six = MaintenanceWindow::default();
        // Unordered contacts: the latest is 2024-05-31, so the window opens 2024-11-30.
        let contacts = [d("2024-05-31"), d("2024-01-02"), d("2024-03-03")];
        assert_eq!(six.individual(&contacts, d("2024-11-30")), Some(true));
        assert_eq!(six.individual(&contacts, d("2024-11-29")), Some(false));
        assert_eq!(six.individual(&[], d("2024-11-30")), None);
    }

    #[test]
    fn the_end_of_the_calendar_never_counts() {
        let six = MaintenanceWindow::default();
        assert_eq!(six.opens(d("9999-07-01")), None);
        assert!(!six.counts(d("9999-07-01"), d("9999-12-31")));
        assert_eq!(six.opens(d("9999-06-30")), Some(d("9999-12-30")));
        assert_eq!(
            MaintenanceWindow::months(u16::MAX).opens(d("5000-01-01")),
            None
        );
    }

    #[test]
    fn window_reads_from_json() {
        let w: MaintenanceWindow = serde_json::from_str(r#"{"months": 12}"#).unwrap();
        assert_eq!(w, MaintenanceWindow::months(12));
        assert!(serde_json::from_str::<MaintenanceWindow>(r#"{"months": 12, "x": 1}"#).is_err());
    }
}
