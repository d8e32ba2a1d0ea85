//! The run-chart signals, found without drawing anything: shifts and trends in a sequence of
//! values, with the median they are read against.
//!
//! Source: Perla, Provost & Murray (2011), "The run chart: a simple analytical tool for
//! learning from variation in healthcare processes", BMJ Quality & Safety 20:46–51, rules 1
//! and 2: a **shift** is six or more consecutive points all above or all below the median,
//! points on the median neither breaking nor adding to it; a **trend** is five or more
//! consecutive points all going up or all going down, a value equal to the one before it
//! neither adding to nor breaking it. Both count *points*, not intervals (a trend of five
//! points rises four times). Other texts use other lengths (a trend of six or seven points,
//! a shift of eight for control charts), so the lengths are parameters ([`RunRules`]) whose
//! defaults are Perla et al.'s.
//!
//! Points with no data are skipped: they neither break nor add to a run, and the signal's
//! first and last indices are of points with data. The median is of the points with data.

/// The run lengths that make a signal.
///
/// ```
/// use implsci::plot::run_chart::RunRules;
/// let rules = RunRules::default();
/// assert_eq!((rules.shift, rules.trend), (6, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunRules {
    /// Points on one side of the median that make a shift (Perla et al. 2011: 6).
    pub shift: usize,
    /// Points going one way that make a trend (Perla et al. 2011: 5).
    pub trend: usize,
}

impl Default for RunRules {
    fn default() -> Self {
        RunRules { shift: 6, trend: 5 }
    }
}

impl RunRules {
    /// Rules with these lengths (each at least 2).
    ///
    /// ```
    /// use implsci::plot::run_chart::RunRules;
    /// assert_eq!(RunRules::new(8, 6).shift, 8);
    /// assert_eq!(RunRules::new(0, 1).trend, 2);
    /// ```
    #[must_use]
    pub fn new(shift: usize, trend: usize) -> Self {
        RunRules {
            shift: shift.max(2),
            trend: trend.max(2),
        }
    }
}

/// Which way a signal goes.
///
/// ```
/// use implsci::plot::run_chart::Direction;
/// assert_eq!(Direction::Up.as_str(), "up");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Above the median (a shift) or rising (a trend).
    Up,
    /// Below the median (a shift) or falling (a trend).
    Down,
}

impl Direction {
    /// `"up"` or `"down"`.
    ///
    /// ```
    /// use implsci::plot::run_chart::Direction;
    /// assert_eq!(Direction::Down.as_str(), "down");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// The kind of a signal.
///
/// ```
/// use implsci::plot::run_chart::SignalKind;
/// assert_eq!(SignalKind::Shift.as_str(), "shift");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum SignalKind {
    /// Points all on one side of the median.
    Shift,
    /// Points all going one way.
    Trend,
}

impl SignalKind {
    /// `"shift"` or `"trend"`.
    ///
    /// ```
    /// use implsci::plot::run_chart::SignalKind;
    /// assert_eq!(SignalKind::Trend.as_str(), "trend");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Shift => "shift",
            SignalKind::Trend => "trend",
        }
    }
}

/// A signal found: its kind, its direction, the indices of its first and last points in the
/// input (inclusive), and how many points count towards it (points on the median, equal
/// repeated values and points with no data between the ends do not count).
///
/// ```
/// use implsci::plot::run_chart::{find_signals, RunRules, SignalKind};
/// let values = [Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)];
/// let found = find_signals(&values, 3.0, RunRules::default());
/// assert_eq!(found[0].kind, SignalKind::Trend);
/// assert_eq!((found[0].first, found[0].last, found[0].points), (0, 4, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signal {
    /// Shift or trend.
    pub kind: SignalKind,
    /// Up or down.
    pub direction: Direction,
    /// The index of the first point of the run.
    pub first: usize,
    /// The index of the last point of the run.
    pub last: usize,
    /// How many points count towards the run.
    pub points: usize,
}

/// The median of the values with data (the mean of the middle two when their number is even);
/// `None` when no value has data. Values that are not finite count as no data.
///
/// ```
/// use implsci::plot::run_chart::median;
/// assert_eq!(median(&[Some(3.0), None, Some(1.0), Some(2.0)]), Some(2.0));
/// assert_eq!(median(&[Some(4.0), Some(1.0)]), Some(2.5));
/// assert_eq!(median(&[None]), None);
/// ```
#[must_use]
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .filter_map(|x| x.filter(|f| f.is_finite()))
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    })
}

/// The shifts and trends in `values` read against `median`, shifts first, each kind in order
/// of its first point.
///
/// ```
/// use implsci::plot::run_chart::{find_signals, median, Direction, RunRules, SignalKind};
///
/// // Six points below the median, then six above: two shifts (Perla et al. 2011, rule 1).
/// let values: Vec<Option<f64>> = [3.0, 2.0, 3.0, 2.0, 3.0, 2.0, 8.0, 9.0, 8.0, 9.0, 8.0, 9.0]
///     .iter().map(|&v| Some(v)).collect();
/// let m = median(&values).unwrap();
/// let shifts: Vec<_> = find_signals(&values, m, RunRules::default())
///     .into_iter().filter(|s| s.kind == SignalKind::Shift).collect();
/// assert_eq!(shifts.len(), 2);
/// assert_eq!((shifts[1].direction, shifts[1].first, shifts[1].last), (Direction::Up, 6, 11));
/// ```
#[must_use]
pub fn find_signals(values: &[Option<f64>], median: f64, rules: RunRules) -> Vec<Signal> {
    let mut out = shifts(values, median, rules.shift);
    out.extend(trends(values, rules.trend));
    out
}

/// The points with data, with their indices.
fn with_data(values: &[Option<f64>]) -> impl Iterator<Item = (usize, f64)> + '_ {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|f| f.is_finite()).map(|f| (i, f)))
}

/// A run being counted: its direction, first and last index, and its points.
#[derive(Clone, Copy)]
struct Run {
    direction: Direction,
    first: usize,
    last: usize,
    points: usize,
}

fn close(run: Option<Run>, kind: SignalKind, length: usize, out: &mut Vec<Signal>) {
    if let Some(r) = run.filter(|r| r.points >= length) {
        out.push(Signal {
            kind,
            direction: r.direction,
            first: r.first,
            last: r.last,
            points: r.points,
        });
    }
}

fn shifts(values: &[Option<f64>], median: f64, length: usize) -> Vec<Signal> {
    let mut out = Vec::new();
    let mut run: Option<Run> = None;
    for (i, v) in with_data(values) {
        let side = if v > median {
            Direction::Up
        } else if v < median {
            Direction::Down
        } else {
            continue; // on the median: neither breaks nor adds
        };
        match &mut run {
            Some(r) if r.direction == side => {
                r.last = i;
                r.points += 1;
            }
            _ => {
                close(run, SignalKind::Shift, length, &mut out);
                run = Some(Run {
                    direction: side,
                    first: i,
                    last: i,
                    points: 1,
                });
            }
        }
    }
    close(run, SignalKind::Shift, length, &mut out);
    out
}

fn trends(values: &[Option<f64>], length: usize) -> Vec<Signal> {
    let mut out = Vec::new();
    let mut run: Option<Run> = None;
    let mut previous: Option<(usize, f64)> = None;
    for (i, v) in with_data(values) {
        let Some((p, pv)) = previous else {
            previous = Some((i, v));
            continue;
        };
        let way = if v > pv {
            Direction::Up
        } else if v < pv {
            Direction::Down
        } else {
            continue; // equal to the point before: neither adds nor breaks
        };
        match &mut run {
            Some(r) if r.direction == way => {
                r.last = i;
                r.points += 1;
            }
            _ => {
                close(run, SignalKind::Trend, length, &mut out);
                // A new run starts at the point where the direction turned.
                run = Some(Run {
                    direction: way,
                    first: p,
                    last: i,
                    points: 2,
                });
            }
        }
        previous = Some((i, v));
    }
    close(run, SignalKind::Trend, length, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn five_points_below_are_no_shift_six_are() {
        let five = some(&[1.0, 1.0, 1.0, 1.0, 1.0, 9.0, 9.0, 9.0, 9.0, 9.0]);
        assert!(shifts(&five, 5.0, 6).is_empty());
        let six = some(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 9.0]);
        let s = shifts(&six, 5.0, 6);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].first, s[0].last, s[0].points), (0, 5, 6));
    }

    #[test]
    fn points_on_the_median_neither_break_nor_add() {
        let v = some(&[1.0, 1.0, 5.0, 1.0, 1.0, 1.0, 5.0, 1.0, 9.0]);
        let s = shifts(&v, 5.0, 6);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].first, s[0].last, s[0].points), (0, 7, 6));
        // Without the last low point, five below: no shift.
        assert!(shifts(&v[..7], 5.0, 6).is_empty());
    }

    #[test]
    fn missing_points_are_skipped() {
        let mut v = some(&[1.0; 6]);
        v.insert(3, None);
        let s = shifts(&v, 5.0, 6);
        assert_eq!((s[0].first, s[0].last, s[0].points), (0, 6, 6));
    }

    #[test]
    fn trend_counts_points_and_ignores_ties() {
        assert!(trends(&some(&[1.0, 2.0, 3.0, 4.0]), 5).is_empty());
        let t = trends(&some(&[1.0, 2.0, 2.0, 3.0, 4.0, 5.0]), 5);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].first, t[0].last, t[0].points), (0, 5, 5));
        assert_eq!(t[0].direction, Direction::Up);
    }

    #[test]
    fn a_turn_starts_a_new_trend_at_the_turning_point() {
        let t = trends(&some(&[1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.0]), 5);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[1].direction, t[1].first, t[1].last, t[1].points),
            (Direction::Down, 4, 8, 5)
        );
    }

    #[test]
    fn rules_are_parameters() {
        let v = some(&[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 9.0]);
        assert!(find_signals(&v, 5.0, RunRules::new(8, 6)).is_empty());
    }
}
