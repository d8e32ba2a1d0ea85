//! From a chance within a school year to a chance per step, and the thresholds a step's draw
//! is compared with.
//!
//! A yearly probability `p` is a constant hazard rate `λ = −ln(1 − p)` per year; a step of
//! `1/n` of a year then has the chance `1 − e^(−λ/n) = 1 − (1 − p)^(1/n)`, so that `n` steps
//! in a row give back `p` exactly (the conversion of `SIMULATION.md` §2: 15.8% a year is about
//! 1.42% a month). The rest of this module is this crate's rule for combining supports, stated
//! where it is used.

use crate::scenario::{ModelParameters, SupportTable};

/// The hazard rate per year of a yearly probability; infinite at 1.
pub(crate) fn rate_of(p: f64) -> f64 {
    if p >= 1.0 {
        f64::INFINITY
    } else {
        -(1.0 - p.max(0.0)).ln()
    }
}

/// The chance in one step of `1 / steps_per_year` of a year, at `rate` per year.
pub(crate) fn step_chance(rate: f64, steps_per_year: f64) -> f64 {
    if rate.is_infinite() {
        1.0
    } else {
        -(-rate / steps_per_year).exp_m1()
    }
}

/// A chance as a threshold for a `u32` draw: the draw is below it with that chance. 1 is
/// `2^32`, above every draw; 0 is 0, below none.
pub(crate) fn threshold(chance: f64) -> u64 {
    if chance >= 1.0 {
        1 << 32
    } else if chance <= 0.0 || chance.is_nan() {
        0
    } else {
        // In 0..2^32 by the guards above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let t = (chance * 4_294_967_296.0).round() as u64;
        t
    }
}

/// The yearly threshold of a yearly probability, per step.
pub(crate) fn per_step(p: f64, steps_per_year: f64) -> u64 {
    threshold(step_chance(rate_of(p), steps_per_year))
}

/// `weight × rate`, with no weight on an infinite rate giving 0 rather than NaN.
fn weighted(weight: f64, rate: f64) -> f64 {
    if weight <= 0.0 { 0.0 } else { weight * rate }
}

/// The training level of a set of components: 0 for none, then theory, demonstration,
/// practice with feedback (the highest received counts).
pub(crate) const LEVELS: usize = 4;

/// The thresholds of one support situation: dose of coaching, chain, lift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Thresholds {
    /// Not using → using, per training level (level 0: untrained, never).
    pub(crate) start_use: [u64; LEVELS],
    /// Using → at fidelity, per training level.
    pub(crate) reach_fidelity: [u64; LEVELS],
    /// At fidelity → using (drift without coaching).
    pub(crate) drift: u64,
}

/// What a practitioner's step depends on beside their own training.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Support {
    /// The share of the coaching dose received, 0 to 1.
    pub(crate) dose: f64,
    /// Whether the unit's chain of support is unbroken.
    pub(crate) chain: bool,
    /// Whether a resolved barrier lifts the unit.
    pub(crate) lifted: bool,
    /// Whether the coaching effect is attenuated at scale.
    pub(crate) attenuated: bool,
}

/// The rate per year of one row of a table, given the support.
///
/// The rule (this crate's): the rate is the dose-weighted mean of the training-only rate and
/// the coaching rate, `(1 − d)·λ_training + d·λ_coaching`, so a partial dose interpolates
/// linearly in log-survival and a full year at half dose gives the geometric mean of the two
/// survivals; at scale the coaching row's gain over training is first multiplied by the
/// attenuation factor (Kraft, Blazar & Hogan 2018); a broken chain multiplies the rate by
/// [`ModelParameters::broken_chain_effect`] and a lift by `1 + lift`.
fn rate(table: &SupportTable, level: usize, s: &Support, p: &ModelParameters) -> f64 {
    let base = match level {
        1 => table.theory,
        2 => table.demonstration,
        3 => table.practice,
        _ => return 0.0,
    };
    let mut coached = table.coaching;
    if s.attenuated
        && let Some(scale) = p.scale
    {
        coached = base + scale.factor * (coached - base);
    }
    let mut r = weighted(1.0 - s.dose, rate_of(base)) + weighted(s.dose, rate_of(coached));
    if !s.chain {
        r = weighted(p.broken_chain_effect, r);
    }
    if s.lifted {
        r *= 1.0 + p.barriers.lift;
    }
    r
}

impl Thresholds {
    /// The thresholds of a support situation.
    pub(crate) fn new(s: &Support, p: &ModelParameters, steps_per_year: f64) -> Self {
        let mut out = Self::default();
        for level in 1..LEVELS {
            out.start_use[level] =
                threshold(step_chance(rate(&p.use_given, level, s, p), steps_per_year));
            out.reach_fidelity[level] = threshold(step_chance(
                rate(&p.fidelity_given, level, s, p),
                steps_per_year,
            ));
        }
        out.drift = threshold(step_chance(
            weighted(1.0 - s.dose, rate_of(p.drift)),
            steps_per_year,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_of_steps_gives_back_the_yearly_chance() {
        for p in [0.0, 0.05, 0.158, 0.5, 0.95] {
            let h = step_chance(rate_of(p), 52.0);
            let year = 1.0 - (1.0 - h).powi(52);
            assert!((year - p).abs() < 1e-12, "{p}: {year}");
        }
        assert!(step_chance(rate_of(1.0), 52.0) >= 1.0);
        assert_eq!(threshold(1.0), 1 << 32);
        assert_eq!(threshold(0.0), 0);
    }

    #[test]
    fn half_a_dose_is_the_geometric_mean_of_survivals() {
        let p = ModelParameters::preset(crate::scenario::Preset::JoyceShowers2002);
        let s = Support {
            dose: 0.5,
            chain: true,
            lifted: false,
            attenuated: false,
        };
        let r = rate(&p.use_given, 3, &s, &p);
        let survival = (-r).exp();
        let expected = ((1.0 - 0.05_f64) * (1.0 - 0.95)).sqrt();
        assert!((survival - expected).abs() < 1e-12);
    }

    #[test]
    fn untrained_practitioners_never_start() {
        let p = ModelParameters::default();
        let s = Support {
            dose: 1.0,
            chain: true,
            lifted: true,
            attenuated: false,
        };
        let t = Thresholds::new(&s, &p, 52.0);
        assert_eq!(t.start_use[0], 0);
        assert_eq!(t.drift, 0, "a full dose of coaching holds fidelity");
        let uncoached = Thresholds::new(&Support { dose: 0.0, ..s }, &p, 52.0);
        assert!(uncoached.start_use[3] > uncoached.start_use[1]);
        assert!(uncoached.drift > 0);
    }
}
