//! The event log measured in one pass: the [`measure`](crate::measure) machinery with its
//! record fixed to [`Event`].
//!
//! Each event is read, handed to every measure, and dropped, so a log of any length is
//! measured in memory that grows with what the measures keep, not with the number of events.
//! A tuple of measures is a measure, so the coaching report, time to fidelity, the loop report,
//! the PDSA cycles and the stages are all derived in the same pass:
//!
//! ```
//! use implsci::coaching::measures::{CoachingMeasure, Window};
//! use implsci::event::measure::measure_log_bytes;
//! use implsci::stage::StagesMeasure;
//!
//! let log = concat!(
//!     r#"{"kind": "coaching_plan", "id": "plan-1", "date": "2024-09-02", "coach": "c-1", "practitioners": ["p-1"], "format": "in_person", "every_days": 14, "start": "2024-09-02"}"#, "\n",
//!     r#"{"kind": "stage_change", "id": "st-1", "date": "2024-04-01", "site": "lincoln", "innovation": "cico", "stage": "initial_implementation"}"#, "\n",
//! );
//! let as_of = "2024-09-30".parse()?;
//! let window = Window::new("2024-09-01".parse()?, as_of).unwrap();
//! let measured = measure_log_bytes(
//!     log.as_bytes(),
//!     (CoachingMeasure::new(window, as_of), StagesMeasure::new(as_of)),
//! );
//! let (coaching, stages) = measured.report;
//! assert_eq!((coaching.practitioners.len(), stages.len()), (1, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Read};

use super::Event;
pub use crate::measure::{AsKind, Measure, Measured};

/// A log fed in chunks of any size, each event measured as soon as its line is complete and
/// then dropped. The result does not depend on the chunking.
///
/// ```
/// use implsci::event::measure::Measuring;
/// use implsci::stage::StagesMeasure;
///
/// let mut measuring = Measuring::new(StagesMeasure::new("2024-12-31".parse()?));
/// measuring.feed(br#"{"kind": "stage_change", "id": "st-1", "date": "2024-04-01", "si"#);
/// measuring.feed(br#"te": "lincoln", "innovation": "cico", "stage": "installation"}"#);
/// let measured = measuring.finish(); // the last line needs no newline
/// assert_eq!((measured.events, measured.report.len()), (1, 1));
/// # Ok::<(), jiff::Error>(())
/// ```
pub type Measuring<M> = crate::measure::Measuring<Event, M>;

/// Folds a measure over events already in memory.
///
/// ```
/// use implsci::event::measure::fold;
/// use implsci::stage::StagesMeasure;
///
/// assert!(fold(&[], StagesMeasure::new("2024-09-30".parse()?)).is_empty());
/// # Ok::<(), jiff::Error>(())
/// ```
pub fn fold<M: Measure<Event>>(events: &[Event], measure: M) -> M::Report {
    crate::measure::fold(events, measure)
}

/// Reads a log from `input` 64 KiB at a time and derives `measure` in the same pass; no event
/// is kept once it has been measured.
///
/// Where the machine has a second core, lines are parsed on a second thread while this one
/// reads and measures, with a few chunks in flight at most; the reports are the same either
/// way.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::stage::StagesMeasure;
///
/// let log = std::fs::File::open("tests/fixtures/events/valid.jsonl")?;
/// let measured = measure_log(log, StagesMeasure::new("2024-12-31".parse()?))?;
/// assert_eq!((measured.events, measured.refused.len()), (14, 0));
/// assert_eq!(measured.report[0].site.as_str(), "lincoln-es");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The reader's I/O errors; malformed lines are in [`Measured::refused`], not errors.
pub fn measure_log<M: Measure<Event>>(
    input: impl Read,
    measure: M,
) -> io::Result<Measured<M::Report>> {
    crate::measure::measure_reader::<Event, M>(input, measure)
}

/// Reads a log already in memory and derives `measure` in the same pass, 64 KiB of input at a
/// time, so no more than a few chunks' events are held at once. Parses on a second thread
/// where the machine has one, as [`measure_log`] does.
///
/// ```
/// use implsci::event::measure::{measure_log, measure_log_bytes};
/// use implsci::stage::StagesMeasure;
///
/// let bytes = std::fs::read("examples/data/state_events.jsonl")?;
/// let as_of = "2024-11-01".parse()?;
/// let measured = measure_log_bytes(&bytes, StagesMeasure::new(as_of));
/// assert_eq!(measured, measure_log(&bytes[..], StagesMeasure::new(as_of))?);
/// assert_eq!(measured.events, 52);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn measure_log_bytes<M: Measure<Event>>(bytes: &[u8], measure: M) -> Measured<M::Report> {
    crate::measure::measure_bytes::<Event, M>(bytes, measure)
}
