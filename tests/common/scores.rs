//! Answers and administrations of generated capacity assessments, shared by the property tests
//! of item sums, rollups and time series. The assessment `ca` has subscales `s0`, `s1`, … of
//! items `s0-i0`, `s0-i1`, …, each answered 0–2 points in half points.

use implsci::score::instruments::capacity_assessment;
use implsci::score::{Administration, Instrument, ItemSum, Response, Scale, ScoreSubject};
use jiff::civil::Date;

use super::{id, shuffle};

/// An item's response in a generated administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Answered, in half points (0–4, so 0–2 points).
    Half(u8),
    /// Not listed among the responses.
    Omitted,
    /// Listed with `value: None`.
    Unanswered,
}

/// The id of subscale `s`.
pub fn subscale_id(s: usize) -> String {
    format!("s{s}")
}

/// The id of item `i` of subscale `s`.
pub fn item_id(s: usize, i: usize) -> String {
    format!("s{s}-i{i}")
}

/// An administration of `instrument` with no responses yet.
pub fn administration(instrument: &str, date: Date, subject: ScoreSubject) -> Administration {
    Administration::new(id(instrument), date, subject)
}

/// An administration of the capacity assessment `ca` answering `answers[s][i]` for item `i`
/// of subscale `s`, its responses listed in an order given by `seed`.
pub fn administer(
    answers: &[Vec<Answer>],
    date: Date,
    subject: ScoreSubject,
    seed: u64,
) -> Administration {
    let mut a = administration("ca", date, subject);
    for (s, sub) in answers.iter().enumerate() {
        for (i, answer) in sub.iter().enumerate() {
            let item = id(&item_id(s, i));
            match *answer {
                Answer::Half(h) => a.responses.push(Response::new(item, f64::from(h) / 2.0)),
                Answer::Unanswered => {
                    let mut r = Response::new(item, 0.0);
                    r.value = None;
                    a.responses.push(r);
                }
                Answer::Omitted => {}
            }
        }
    }
    shuffle(&mut a.responses, seed);
    a
}

/// A capacity assessment `ca` of the given subscales on a scale that takes half points (the
/// capacity shape itself takes whole points only), so that the item sum is checked in halves.
pub fn half_point_assessment(name: &str, subscales: &[(&str, &[&str])]) -> ItemSum {
    let mut def = capacity_assessment(id("ca"), name, subscales)
        .unwrap()
        .definition()
        .clone();
    def.scale = Scale::new(0.0, 2.0);
    ItemSum::new(def).unwrap()
}
