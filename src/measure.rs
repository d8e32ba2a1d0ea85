//! Measures derived from a stream of records in one pass: each record is read, handed to every
//! measure, and dropped, so a stream of any length is measured in memory that grows with what
//! the measures keep (practitioners, cycles, loop items), not with the number of records.
//!
//! A [`Measure`] takes records one at a time ([`Measure::add`]) and gives its report at the end
//! ([`Measure::finish`]). A tuple of measures is a measure, so several reports come out of the
//! same pass. A measure that reads only some kinds of a stream of several (the coaching
//! measures read plans, steps and trainings from the event log) asks for them through
//! [`AsKind`], so it names its own kinds and never the enum that gathers them: the domain
//! modules define their measures here, below the event log that lists every kind.
//!
//! This module knows no record type. The event log ([`event`](crate::event)) fixes the record
//! to its `Event` and gives the readers a log is measured with
//! ([`measure_log`](crate::event::measure::measure_log) and the others):
//!
//! ```
//! use implsci::coaching::measures::{CoachingMeasure, Window};
//! use implsci::event::measure::measure_log_bytes;
//! use implsci::stage::StagesMeasure;
//!
//! let log = concat!(
//!     r#"{"kind": "coaching_plan", "id": "plan-1", "date": "2024-09-02", "coach": "c-1", "practitioners": ["p-1"], "format": "in_person", "every_days": 14, "start": "2024-09-02"}"#, "\n",
//!     r#"{"kind": "coaching_step", "id": "s-1", "date": "2024-09-09", "plan": "plan-1", "cycle": "cy-1", "practitioner": "p-1", "step": "plan"}"#, "\n",
//!     r#"{"kind": "stage_change", "id": "st-1", "date": "2024-04-01", "site": "lincoln", "innovation": "cico", "stage": "initial_implementation"}"#, "\n",
//!     "not json\n",
//! );
//! let as_of = "2024-09-30".parse()?;
//! let window = Window::new("2024-09-01".parse()?, as_of).unwrap();
//! let measured = measure_log_bytes(
//!     log.as_bytes(),
//!     (CoachingMeasure::new(window, as_of), StagesMeasure::new(as_of)),
//! );
//! let (coaching, stages) = measured.report;
//! assert_eq!(coaching.practitioners[0].cycles, 1);
//! assert_eq!(stages[0].site.as_str(), "lincoln");
//! assert_eq!((measured.events, measured.refused.len()), (3, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The slice functions ([`coaching_report`](crate::coaching::measures::coaching_report) and the
//! others) are these measures folded over a slice, so both paths give the same reports.

use std::io::{self, Read};

use crate::error::Problem;
use crate::jsonl::{JsonLines, JsonLinesReader, LineProblem, Record};

/// A measure derived from records taken one at a time, in stream order.
///
/// `E` is the record: for the event log, [`Event`](crate::event::Event). Implementations keep
/// only what their report needs; a record's position in the order of [`add`](Self::add) calls
/// (from 0) is its index, which problems name as `$.events[i]`.
///
/// ```
/// use implsci::event::{Event, measure::{Measure, fold}};
///
/// /// Counts trainings: a measure defined outside the crate.
/// #[derive(Default)]
/// struct Trainings(u32);
///
/// impl Measure<Event> for Trainings {
///     type Report = u32;
///     fn add(&mut self, event: &Event) {
///         if matches!(event, Event::Training(_)) {
///             self.0 += 1;
///         }
///     }
///     fn finish(self) -> u32 {
///         self.0
///     }
/// }
///
/// assert_eq!(fold(&[], Trainings::default()), 0);
/// ```
pub trait Measure<E: ?Sized> {
    /// What the measure gives at the end.
    type Report;

    /// Takes the next record of the stream.
    fn add(&mut self, record: &E);

    /// Gives the report over every record added.
    fn finish(self) -> Self::Report;
}

/// A record that may be of kind `T`: a stream of several kinds (the event log's `Event`) is
/// `AsKind<T>` for each of them, so a measure asks for the kinds it reads and names no other.
///
/// ```
/// use implsci::coaching::Training;
/// use implsci::event::Event;
/// use implsci::measure::AsKind;
/// use implsci::stage::StageChange;
///
/// let event = Event::Training(Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec![]));
/// assert!(AsKind::<Training>::as_kind(&event).is_some());
/// assert!(AsKind::<StageChange>::as_kind(&event).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AsKind<T> {
    /// The record as a `T`, when it is one.
    fn as_kind(&self) -> Option<&T>;
}

/// A record read from one line of JSON Lines by rules of its own (events are read by their
/// `kind`): what the one-pass readers parse each line with.
///
/// ```
/// use implsci::event::Event;
/// use implsci::measure::FromJsonLine;
///
/// let line = br#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "T", "attendees": []}"#;
/// assert!(matches!(<Event as FromJsonLine>::from_json_line(line), Ok(Event::Training(_))));
/// ```
pub trait FromJsonLine: Sized {
    /// Reads one line, without its line ending.
    ///
    /// # Errors
    ///
    /// The line's problem, with its JSON path.
    fn from_json_line(line: &[u8]) -> Result<Self, Problem>;
}

macro_rules! tuple_measure {
    ($($name:ident),+) => {
        impl<Rec: ?Sized, $($name: Measure<Rec>),+> Measure<Rec> for ($($name,)+) {
            type Report = ($($name::Report,)+);

            #[allow(non_snake_case)]
            fn add(&mut self, record: &Rec) {
                let ($($name,)+) = self;
                $($name.add(record);)+
            }

            #[allow(non_snake_case)]
            fn finish(self) -> Self::Report {
                let ($($name,)+) = self;
                ($($name.finish(),)+)
            }
        }
    };
}

/// Measures nothing: reading a log with `()` only counts its events and refused lines.
impl<E: ?Sized> Measure<E> for () {
    type Report = ();

    fn add(&mut self, _: &E) {}

    fn finish(self) {}
}

/// A measure that may be switched off: `None` measures nothing and reports `None`.
///
/// ```
/// use implsci::event::measure::fold;
/// use implsci::stage::StagesMeasure;
///
/// let wanted = false;
/// let stages = fold(&[], wanted.then(|| StagesMeasure::new("2024-09-30".parse().unwrap())));
/// assert!(stages.is_none());
/// ```
impl<E: ?Sized, M: Measure<E>> Measure<E> for Option<M> {
    type Report = Option<M::Report>;

    fn add(&mut self, record: &E) {
        if let Some(measure) = self {
            measure.add(record);
        }
    }

    fn finish(self) -> Option<M::Report> {
        self.map(Measure::finish)
    }
}

tuple_measure!(A);
tuple_measure!(A, B);
tuple_measure!(A, B, C);
tuple_measure!(A, B, C, D);
tuple_measure!(A, B, C, D, E);
tuple_measure!(A, B, C, D, E, F);
tuple_measure!(A, B, C, D, E, F, G);
tuple_measure!(A, B, C, D, E, F, G, H);

/// Folds a measure over records already in memory.
///
/// ```
/// use implsci::event::Event;
/// use implsci::measure::fold;
/// use implsci::stage::StagesMeasure;
///
/// let none: &[Event] = &[];
/// assert!(fold(none, StagesMeasure::new("2024-09-30".parse()?)).is_empty());
/// # Ok::<(), jiff::Error>(())
/// ```
pub fn fold<E, M: Measure<E>>(records: &[E], mut measure: M) -> M::Report {
    for record in records {
        measure.add(record);
    }
    measure.finish()
}

/// A measure's report over a stream of JSON Lines, with what the stream held besides: the
/// records measured (`events`, as the event log calls them), the refused lines, and the line
/// counts.
///
/// ```
/// use implsci::event::measure::measure_log_bytes;
///
/// let measured = measure_log_bytes(b"{\"kind\": \"rumour\"}\n\n", ()); // `()` measures nothing
/// assert_eq!((measured.events, measured.refused.len(), measured.blank), (0, 1, 1));
/// assert_eq!(measured.lines, 2); // events + refused + blank
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Measured<R> {
    /// The measure's report.
    pub report: R,
    /// Records read and measured.
    pub events: u64,
    /// The lines refused, in line order, each with its problem.
    pub refused: Vec<LineProblem>,
    /// Lines seen, blank ones included: `events + refused + blank`.
    pub lines: u64,
    /// Blank lines.
    pub blank: u64,
}

/// A stream of JSON Lines fed in chunks of any size (from a socket, a file, a pipe), each
/// record measured as soon as its line is complete and then dropped. The result does not depend
/// on the chunking. [`event::measure::Measuring`](crate::event::measure::Measuring) is this,
/// for the event log.
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
#[derive(Debug)]
pub struct Measuring<E, M> {
    reader: JsonLinesReader<E>,
    measure: M,
    events: u64,
}

impl<E: FromJsonLine, M: Measure<E>> Measuring<E, M> {
    /// Starts measuring a log with `measure`.
    ///
    /// ```
    /// use implsci::event::measure::Measuring;
    /// use implsci::stage::StagesMeasure;
    ///
    /// let measured = Measuring::new(StagesMeasure::new("2024-12-31".parse()?)).finish();
    /// assert_eq!((measured.events, measured.lines), (0, 0));
    /// assert!(measured.report.is_empty());
    /// # Ok::<(), jiff::Error>(())
    /// ```
    #[must_use]
    pub fn new(measure: M) -> Self {
        Self {
            reader: JsonLinesReader::with_parser(E::from_json_line),
            measure,
            events: 0,
        }
    }

    /// Reads the complete lines in `chunk` and measures their events, keeping the start of an
    /// unfinished line.
    ///
    /// ```
    /// use implsci::event::measure::Measuring;
    ///
    /// let mut measuring = Measuring::new(());
    /// for chunk in std::fs::read("tests/fixtures/events/valid.jsonl")?.chunks(7) {
    ///     measuring.feed(chunk);
    /// }
    /// assert_eq!(measuring.finish().events, 14);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn feed(&mut self, chunk: &[u8]) {
        self.reader.feed(chunk);
        for record in self.reader.drain() {
            self.measure.add(&record.value);
            self.events += 1;
        }
    }

    /// Reads the last line (if the input did not end with a newline) and gives the report.
    ///
    /// ```
    /// use implsci::event::measure::Measuring;
    ///
    /// let mut measuring = Measuring::new(());
    /// measuring.feed(br#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "T", "attendees": []}"#);
    /// let measured = measuring.finish(); // no newline: the line is still read
    /// assert_eq!((measured.events, measured.lines), (1, 1));
    /// ```
    #[must_use]
    pub fn finish(self) -> Measured<M::Report> {
        let Self {
            reader,
            mut measure,
            mut events,
        } = self;
        let read = reader.finish();
        for record in &read.records {
            measure.add(&record.value);
            events += 1;
        }
        Measured {
            report: measure.finish(),
            events,
            refused: read.refused,
            lines: read.lines,
            blank: read.blank,
        }
    }
}

/// Reads JSON Lines from `input` 64 KiB at a time, each line as an `E`, and derives `measure`
/// in the same pass; no record is kept once it has been measured.
///
/// Where the machine has a second core, lines are parsed on a second thread while this one
/// reads and measures, with a few chunks in flight at most; the reports are the same either
/// way. [`event::measure::measure_log`](crate::event::measure::measure_log) is this, for the
/// event log.
///
/// ```
/// use implsci::event::Event;
/// use implsci::measure::measure_reader;
/// use implsci::stage::StagesMeasure;
///
/// let log = std::fs::File::open("tests/fixtures/events/valid.jsonl")?;
/// let measured = measure_reader::<Event, _>(log, StagesMeasure::new("2024-12-31".parse()?))?;
/// assert_eq!((measured.events, measured.refused.len()), (14, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The reader's I/O errors; malformed lines are in [`Measured::refused`], not errors.
pub fn measure_reader<E: FromJsonLine + Send, M: Measure<E>>(
    mut input: impl Read,
    measure: M,
) -> io::Result<Measured<M::Report>> {
    let mut read_chunk = || -> Option<io::Result<Vec<u8>>> {
        let mut buf = vec![0u8; CHUNK];
        loop {
            match input.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => {
                    buf.truncate(n);
                    return Some(Ok(buf));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Err(e)),
            }
        }
    };
    if !two_cores() {
        let mut measuring = Measuring::<E, M>::new(measure);
        while let Some(chunk) = read_chunk() {
            measuring.feed(&chunk?);
        }
        return Ok(measuring.finish());
    }
    pipeline::<E, M, _>(measure, std::iter::from_fn(read_chunk))
}

/// Reads JSON Lines already in memory, each line as an `E`, and derives `measure` in the same
/// pass, 64 KiB of input at a time, so no more than a few chunks' records are held at once.
/// Parses on a second thread where the machine has one, as [`measure_reader`] does.
///
/// ```
/// use implsci::event::Event;
/// use implsci::measure::{measure_bytes, measure_reader};
/// use implsci::stage::StagesMeasure;
///
/// let bytes = std::fs::read("examples/data/state_events.jsonl")?;
/// let as_of = "2024-11-01".parse()?;
/// let measured = measure_bytes::<Event, _>(&bytes, StagesMeasure::new(as_of));
/// assert_eq!(measured, measure_reader::<Event, _>(&bytes[..], StagesMeasure::new(as_of))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn measure_bytes<E: FromJsonLine + Send, M: Measure<E>>(
    bytes: &[u8],
    measure: M,
) -> Measured<M::Report> {
    if bytes.len() <= CHUNK || !two_cores() {
        let mut measuring = Measuring::<E, M>::new(measure);
        for chunk in bytes.chunks(CHUNK) {
            measuring.feed(chunk);
        }
        return measuring.finish();
    }
    let chunks = bytes.chunks(CHUNK).map(Ok);
    match pipeline::<E, M, _>(measure, chunks) {
        Ok(measured) => measured,
        Err(_) => unreachable!("chunks of memory cannot fail to read"),
    }
}

fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Chunks in flight between the reading thread and the parsing one.
const IN_FLIGHT: usize = 4;

/// What the parsing thread sends back: a chunk's records, or at the end, what the reader held.
enum Parsed<E> {
    Batch(Vec<Record<E>>),
    Done(JsonLines<E>),
}

/// Parses on a second thread while this one reads chunks and measures their events, in order.
///
/// At most [`IN_FLIGHT`] chunks are on their way at once: this thread sends a chunk only after
/// the events of the one [`IN_FLIGHT`] back have come, so neither channel ever fills and
/// neither thread waits on the other for long.
fn pipeline<E: FromJsonLine + Send, M: Measure<E>, C: AsRef<[u8]> + Send>(
    mut measure: M,
    chunks: impl Iterator<Item = io::Result<C>>,
) -> io::Result<Measured<M::Report>> {
    use std::sync::mpsc::sync_channel;

    let (to_parser, from_reader) = sync_channel::<C>(IN_FLIGHT);
    let (to_measurer, from_parser) = sync_channel::<Parsed<E>>(IN_FLIGHT + 1);
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            let mut reader = JsonLinesReader::with_parser(E::from_json_line);
            for chunk in from_reader {
                reader.feed(chunk.as_ref());
                let batch: Vec<_> = reader.drain().collect();
                if to_measurer.send(Parsed::Batch(batch)).is_err() {
                    return;
                }
            }
            // The reading thread is done (or stopped on an error): the last line, and counts.
            let _ = to_measurer.send(Parsed::Done(reader.finish()));
        });
        let mut events = 0u64;
        let mut measure_batch = |batch: Vec<Record<E>>, measure: &mut M| {
            for record in &batch {
                measure.add(&record.value);
            }
            events += u64::try_from(batch.len()).unwrap_or(u64::MAX);
        };
        let mut in_flight = 0usize;
        let mut failed = None;
        for chunk in chunks {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            if in_flight == IN_FLIGHT {
                match from_parser.recv() {
                    Ok(Parsed::Batch(batch)) => measure_batch(batch, &mut measure),
                    // The parser sends `Done` only after this thread drops its sender.
                    Ok(Parsed::Done(_)) | Err(_) => break,
                }
                in_flight -= 1;
            }
            if to_parser.send(chunk).is_err() {
                break;
            }
            in_flight += 1;
        }
        drop(to_parser);
        let mut read = None;
        for parsed in &from_parser {
            match parsed {
                Parsed::Batch(batch) => measure_batch(batch, &mut measure),
                Parsed::Done(rest) => read = Some(rest),
            }
        }
        if let Err(panic) = parser.join() {
            std::panic::resume_unwind(panic);
        }
        if let Some(e) = failed {
            return Err(e);
        }
        let read = read.unwrap_or_default();
        measure_batch(read.records, &mut measure);
        Ok(Measured {
            report: measure.finish(),
            events,
            refused: read.refused,
            lines: read.lines,
            blank: read.blank,
        })
    })
}

/// How much input is read before its events are measured.
const CHUNK: usize = 64 * 1024;
