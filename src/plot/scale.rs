//! Scales: numbers to pixels (linear, with "nice" ticks in steps of 1, 2 or 5 times a power of
//! ten) and categories to bands.
//!
//! Source: the 1-2-5 tick steps follow Heckbert, "Nice numbers for graph labels", Graphics
//! Gems (1990), as most chart libraries do.

/// A linear map from a domain of values to a range of pixels, with ticks.
///
/// ```
/// use implsci::plot::LinearScale;
///
/// // Values 0–100 drawn from y = 300 (bottom) up to y = 50 (top).
/// let y = LinearScale::new(0.0, 100.0, 300.0, 50.0);
/// assert_eq!(y.map(70.0), 125.0);
/// assert_eq!(y.ticks(), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearScale {
    domain: (f64, f64),
    range: (f64, f64),
    step: f64,
}

/// The target number of intervals between ticks.
const TARGET_TICKS: f64 = 5.0;

/// The smallest step of the form 1, 2 or 5 × 10^k that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A domain that is not empty: equal ends are widened by one on each side.
fn widen(min: f64, max: f64) -> (f64, f64) {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    if (max - min).abs() < f64::EPSILON * max.abs().max(1.0) {
        (min - 1.0, max + 1.0)
    } else {
        (min, max)
    }
}

impl LinearScale {
    /// A scale over exactly `min..=max` (swapped if given backwards; widened by one each side
    /// if equal), drawn from `start` to `end` pixels, its ticks at the multiples of a 1-2-5
    /// step inside the domain, about five intervals.
    ///
    /// ```
    /// use implsci::plot::LinearScale;
    /// let x = LinearScale::new(0.0, 10.0, 0.0, 100.0);
    /// assert_eq!(x.ticks(), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    /// ```
    #[must_use]
    pub fn new(min: f64, max: f64, start: f64, end: f64) -> Self {
        let domain = widen(min, max);
        let step = nice_step((domain.1 - domain.0) / TARGET_TICKS);
        LinearScale {
            domain,
            range: (start, end),
            step,
        }
    }

    /// A scale whose domain is `min..=max` widened outwards to the nearest multiples of a
    /// 1-2-5 step, so the axis starts and ends on a tick.
    ///
    /// ```
    /// use implsci::plot::LinearScale;
    /// let y = LinearScale::nice(3.0, 47.0, 200.0, 0.0);
    /// assert_eq!(y.domain(), (0.0, 50.0));
    /// assert_eq!(y.ticks(), [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
    /// ```
    #[must_use]
    pub fn nice(min: f64, max: f64, start: f64, end: f64) -> Self {
        let (min, max) = widen(min, max);
        let step = nice_step((max - min) / TARGET_TICKS);
        let lo = (min / step).floor() * step;
        let hi = (max / step).ceil() * step;
        LinearScale::new(lo, hi, start, end)
    }

    /// The domain's ends, lowest first.
    ///
    /// ```
    /// use implsci::plot::LinearScale;
    /// assert_eq!(LinearScale::new(5.0, 5.0, 0.0, 1.0).domain(), (4.0, 6.0));
    /// ```
    #[must_use]
    pub fn domain(&self) -> (f64, f64) {
        self.domain
    }

    /// The pixel position of `value` (values outside the domain map outside the range).
    ///
    /// ```
    /// use implsci::plot::LinearScale;
    /// assert_eq!(LinearScale::new(0.0, 100.0, 400.0, 0.0).map(25.0), 300.0);
    /// ```
    #[must_use]
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }

    /// The tick values, lowest first: every multiple of the step within the domain.
    ///
    /// ```
    /// use implsci::plot::LinearScale;
    /// assert_eq!(LinearScale::new(0.0, 1.0, 0.0, 1.0).ticks(), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    /// ```
    #[must_use]
    pub fn ticks(&self) -> Vec<f64> {
        let (d0, d1) = self.domain;
        let first = (d0 / self.step - 1e-9).ceil();
        let last = (d1 / self.step + 1e-9).floor();
        let count = last - first;
        // A domain too wide or too far from zero for its step (values near f64's limits)
        // gets its two ends as ticks rather than a loop that would not end.
        if !(0.0..=MAX_TICKS).contains(&count) {
            return [d0, d1].into_iter().filter(|v| v.is_finite()).collect();
        }
        // Rounded to the step's decimals so 0.6 is 0.6, not 0.6000000000000001.
        let decimals = (-self.step.log10().floor()).clamp(0.0, 15.0);
        let factor = 10f64.powf(decimals);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "count is a whole number from 0 to MAX_TICKS"
        )]
        let count = count as u32;
        (0..=count)
            .map(|k| ((first + f64::from(k)) * self.step * factor).round() / factor)
            .collect()
    }
}

/// The most ticks an axis gets.
const MAX_TICKS: f64 = 100.0;

/// Categories laid out as equal bands across a pixel range, with padding between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BandScale {
    start: f64,
    band: f64,
    padding: f64,
}

impl BandScale {
    /// `count` bands across `start..end`, `padding` (a fraction of a band) left empty around
    /// the inner part of each.
    pub(crate) fn new(count: usize, start: f64, end: f64, padding: f64) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "a chart has few categories")]
        let band = (end - start) / count.max(1) as f64;
        BandScale {
            start,
            band,
            padding,
        }
    }

    /// The left edge and width of the inner part of band `index`.
    pub(crate) fn inner(&self, index: usize) -> (f64, f64) {
        #[expect(clippy::cast_precision_loss, reason = "a chart has few categories")]
        let left = self.start + self.band * index as f64;
        let pad = self.band * self.padding / 2.0;
        (left + pad, self.band - 2.0 * pad)
    }

    /// The centre of band `index`.
    pub(crate) fn centre(&self, index: usize) -> f64 {
        let (left, width) = self.inner(index);
        left + width / 2.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::float_cmp,
        reason = "1-2-5 steps and band edges here are exact"
    )]
    use super::*;

    #[test]
    fn nice_steps_are_one_two_five() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.5), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(nice_step(-1.0), 1.0);
    }

    #[test]
    fn nice_domain_starts_and_ends_on_ticks() {
        let s = LinearScale::nice(-3.2, 18.0, 0.0, 1.0);
        assert_eq!(s.domain(), (-5.0, 20.0));
        assert_eq!(s.ticks(), [-5.0, 0.0, 5.0, 10.0, 15.0, 20.0]);
    }

    #[test]
    fn extreme_domains_end_with_two_ticks() {
        let s = LinearScale::new(-f64::MAX, f64::MAX, 0.0, 1.0);
        assert_eq!(s.ticks(), [-f64::MAX, f64::MAX]);
        let far = LinearScale::new(1e40, 1e40 * (1.0 + 1e-15), 0.0, 1.0);
        assert!(far.ticks().len() <= 101);
    }

    #[test]
    fn bands_split_the_range() {
        let b = BandScale::new(4, 0.0, 400.0, 0.2);
        assert_eq!(b.inner(0), (10.0, 80.0));
        assert_eq!(b.centre(3), 350.0);
    }
}
