//! The counting rules of the coaching measures, each **this crate's choice** (the sources name
//! the measures, not their arithmetic; see [`coaching_report`](super::coaching_report)): the
//! days a plan is active in a window, the cycles it plans there, and when it is overdue.

use jiff::civil::Date;

use super::{OverduePlan, PlanFacts, Window};

/// Days from `a` to `b` (negative when `b` is before `a`). Civil days are 24 hours.
pub(super) fn days_between(a: Date, b: Date) -> i64 {
    b.duration_since(a).as_hours() / 24
}

/// The plan's active days inside the window, inclusive; 0 when they do not overlap.
pub(super) fn active_days(plan: &PlanFacts, window: Window) -> i64 {
    let start = plan.start.max(window.start());
    let end = plan.end.map_or(window.end(), |e| e.min(window.end()));
    (days_between(start, end) + 1).max(0)
}

/// floor(active days ÷ `every_days`); 0 for a plan with `every_days` 0.
pub(super) fn planned_cycles(plan: &PlanFacts, window: Window) -> u64 {
    if plan.every_days == 0 {
        return 0;
    }
    u64::try_from(active_days(plan, window) / i64::from(plan.every_days)).unwrap_or(0)
}

/// The plan, when it is overdue for `practitioner` as of `as_of` (see [`coaching_report`](super::coaching_report)).
pub(super) fn overdue(
    plan: &PlanFacts,
    last_step: Option<Date>,
    as_of: Date,
) -> Option<OverduePlan> {
    let every = i64::from(plan.every_days);
    let active = plan.start <= as_of && plan.end.is_none_or(|e| as_of <= e);
    if every == 0 || !active || days_between(plan.start, as_of) + 1 < every {
        return None;
    }
    last_step
        .is_none_or(|last| days_between(last, as_of) >= every)
        .then(|| OverduePlan {
            plan: plan.id.clone(),
            every_days: plan.every_days,
            last_step,
        })
}
