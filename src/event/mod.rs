//! The event log: one JSON object per line, each an event with a `kind`, an `id`, a `date` and
//! references, appended by the teams' data systems.
//!
//! Coaching plans and cycle steps, trainings, PDSA phases, usability-test cycles,
//! practice–policy loop items (raised, hops, resolved) and stage changes are all events
//! ([`Event`]). The log is read with the [`jsonl`](crate::jsonl) reader: a malformed line is
//! reported with its line number and the rest is still read, and the result counts every line.
//!
//! ```
//! use implsci::event::{parse_log, Event};
//!
//! let log = parse_log(concat!(
//!     r#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "CICO coordinators", "attendees": ["lincoln-t1"]}"#, "\n",
//!     r#"{"kind": "rumour", "id": "e-2", "date": "2024-08-21"}"#, "\n",
//! ).as_bytes());
//! assert!(matches!(log.records[0].value, Event::Training(_)));
//! assert_eq!(log.refused[0].line, 2);
//! ```

use std::borrow::Cow;
use std::io::Read;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::coaching::{CoachingPlan, CoachingStep, Training};
use crate::document::{Tagged, parse_value as parse};
use crate::error::{Problem, ProblemKind};
use crate::improvement::{LoopHop, LoopRaised, LoopResolved, PdsaStep, UsabilityCycle};
use crate::jsonl::{JsonLines, JsonLinesReader};
use crate::measure::{AsKind, FromJsonLine};
use crate::stage::StageChange;

pub mod measure;
pub mod references;

pub use crate::id::EventId;

/// Each kind's struct is an `AsKind` of the event, so the domain's measures read the log
/// without naming [`Event`].
macro_rules! event_kinds {
    ($($variant:ident),* $(,)?) => {
        $(
            impl AsKind<$variant> for Event {
                #[inline]
                fn as_kind(&self) -> Option<&$variant> {
                    match self {
                        Self::$variant(e) => Some(e),
                        _ => None,
                    }
                }
            }
        )*
    };
}

event_kinds! {
    CoachingPlan,
    CoachingStep,
    Training,
    PdsaStep,
    UsabilityCycle,
    LoopRaised,
    LoopHop,
    LoopResolved,
    StageChange,
}

/// The log reader's rule for a line: [`Event::from_json_line`].
impl FromJsonLine for Event {
    fn from_json_line(line: &[u8]) -> Result<Self, Problem> {
        Event::from_json_line(line)
    }
}

/// One event of the log, tagged by its `kind`.
///
/// On the wire an event is its struct, whose `kind` field names it; the enum adds no wrapper.
///
/// ```
/// use implsci::coaching::Training;
/// use implsci::event::Event;
///
/// let training = Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec![]);
/// let json = serde_json::to_value(Event::Training(training.clone()))?;
/// assert_eq!(json, serde_json::to_value(&training)?); // no wrapper
/// assert_eq!(json["kind"], "training");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Event {
    /// A coaching service delivery plan.
    CoachingPlan(CoachingPlan),
    /// A step of a coaching cycle.
    CoachingStep(CoachingStep),
    /// A training, with its attendees.
    Training(Training),
    /// A phase of a PDSA cycle.
    PdsaStep(PdsaStep),
    /// A cycle of a usability test.
    UsabilityCycle(UsabilityCycle),
    /// A barrier or success raised at a unit.
    LoopRaised(LoopRaised),
    /// A loop item passed from one team to the next.
    LoopHop(LoopHop),
    /// A loop item resolved.
    LoopResolved(LoopResolved),
    /// A site's move to a stage.
    StageChange(StageChange),
}

/// The event kinds, in the order [`Event`] lists them.
///
/// ```
/// use implsci::event::{Event, KINDS};
///
/// assert_eq!((KINDS[0], KINDS[8]), ("coaching_plan", "stage_change"));
/// // A line of any other kind is refused, with the kinds listed.
/// let problem = Event::from_json_line(br#"{"kind": "rumour"}"#).unwrap_err();
/// assert!(problem.message.ends_with(&KINDS.join(", ")));
/// ```
pub const KINDS: [&str; 9] = [
    CoachingPlan::KIND,
    CoachingStep::KIND,
    Training::KIND,
    PdsaStep::KIND,
    UsabilityCycle::KIND,
    LoopRaised::KIND,
    LoopHop::KIND,
    LoopResolved::KIND,
    StageChange::KIND,
];

impl Event {
    /// Reads one line of a log: the `kind` picks the event type, then the line is read as that
    /// type alone, so a problem comes back with its exact path.
    ///
    /// ```
    /// use implsci::event::Event;
    /// let err = Event::from_json_line(br#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "T", "attendees": [], "room": 4}"#).unwrap_err();
    /// assert_eq!(err.path, "$.room");
    /// ```
    ///
    /// # Errors
    ///
    /// The line's problem: syntax, an unknown or missing `kind`, or the shape of the event.
    pub fn from_json_line(line: &[u8]) -> Result<Self, Problem> {
        #[derive(Deserialize)]
        struct Peek<'a> {
            #[serde(borrow)]
            kind: Option<Cow<'a, str>>,
        }
        let kind = match leading_kind(line) {
            Some(kind) => Some(Cow::Borrowed(kind)),
            None => match serde_json::from_slice::<Peek<'_>>(line) {
                Ok(peek) => peek.kind,
                // Not an object with a string `kind`: let the full reader say what is wrong.
                Err(_) => None,
            },
        };
        match kind.as_deref() {
            Some(CoachingPlan::KIND) => parse(line).map(Self::CoachingPlan),
            Some(CoachingStep::KIND) => parse(line).map(Self::CoachingStep),
            Some(Training::KIND) => parse(line).map(Self::Training),
            Some(PdsaStep::KIND) => parse(line).map(Self::PdsaStep),
            Some(UsabilityCycle::KIND) => parse(line).map(Self::UsabilityCycle),
            Some(LoopRaised::KIND) => parse(line).map(Self::LoopRaised),
            Some(LoopHop::KIND) => parse(line).map(Self::LoopHop),
            Some(LoopResolved::KIND) => parse(line).map(Self::LoopResolved),
            Some(StageChange::KIND) => parse(line).map(Self::StageChange),
            other => {
                // A syntax problem outranks the kind.
                parse::<serde::de::IgnoredAny>(line)?;
                let message = match other {
                    Some(k) => format!(
                        "unknown event kind `{k}`; expected one of: {}",
                        KINDS.join(", ")
                    ),
                    None => format!(
                        "an event needs a string `kind`, one of: {}",
                        KINDS.join(", ")
                    ),
                };
                let problem = Problem::new("$.kind", ProblemKind::UnknownKind, message);
                Err(match other {
                    Some(k) => problem.with_id(k),
                    None => problem,
                })
            }
        }
    }

    /// The event's id.
    ///
    /// ```
    /// use implsci::coaching::Training;
    /// use implsci::event::Event;
    ///
    /// let event = Event::Training(Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec![]));
    /// assert_eq!(event.id().as_str(), "e-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn id(&self) -> &EventId {
        match self {
            Self::CoachingPlan(e) => &e.id,
            Self::CoachingStep(e) => &e.id,
            Self::Training(e) => &e.id,
            Self::PdsaStep(e) => &e.id,
            Self::UsabilityCycle(e) => &e.id,
            Self::LoopRaised(e) => &e.id,
            Self::LoopHop(e) => &e.id,
            Self::LoopResolved(e) => &e.id,
            Self::StageChange(e) => &e.id,
        }
    }

    /// The event's date.
    ///
    /// ```
    /// use implsci::coaching::Training;
    /// use implsci::event::Event;
    ///
    /// let event = Event::Training(Training::new("e-1".parse()?, "2024-08-20".parse()?, "CICO", vec![]));
    /// assert_eq!(event.date(), jiff::civil::date(2024, 8, 20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn date(&self) -> Date {
        match self {
            Self::CoachingPlan(e) => e.date,
            Self::CoachingStep(e) => e.date,
            Self::Training(e) => e.date,
            Self::PdsaStep(e) => e.date,
            Self::UsabilityCycle(e) => e.date,
            Self::LoopRaised(e) => e.date,
            Self::LoopHop(e) => e.date,
            Self::LoopResolved(e) => e.date,
            Self::StageChange(e) => e.date,
        }
    }

    /// The `kind` on the wire.
    ///
    /// ```
    /// use implsci::event::{parse_log, KINDS};
    ///
    /// let log = parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?);
    /// assert_eq!(log.records[0].value.kind(), "coaching_plan");
    /// assert!(log.records.iter().all(|r| KINDS.contains(&r.value.kind())));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CoachingPlan(_) => CoachingPlan::KIND,
            Self::CoachingStep(_) => CoachingStep::KIND,
            Self::Training(_) => Training::KIND,
            Self::PdsaStep(_) => PdsaStep::KIND,
            Self::UsabilityCycle(_) => UsabilityCycle::KIND,
            Self::LoopRaised(_) => LoopRaised::KIND,
            Self::LoopHop(_) => LoopHop::KIND,
            Self::LoopResolved(_) => LoopResolved::KIND,
            Self::StageChange(_) => StageChange::KIND,
        }
    }
}

/// The `kind` of a line that starts with it (`{"kind": "training", ...`, the form data systems
/// write), read without parsing the rest; `None` when the line starts otherwise, or the value
/// holds an escape, and the line is then peeked with serde. The full typed read that follows
/// checks the whole line either way, a second `kind` included.
fn leading_kind(line: &[u8]) -> Option<&str> {
    fn skip_ws(bytes: &[u8]) -> &[u8] {
        let n = bytes
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(bytes.len());
        &bytes[n..]
    }
    let rest = skip_ws(line).strip_prefix(b"{")?;
    let rest = skip_ws(rest).strip_prefix(b"\"kind\"")?;
    let rest = skip_ws(rest).strip_prefix(b":")?;
    let rest = skip_ws(rest).strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::CoachingPlan(e) => e.serialize(serializer),
            Self::CoachingStep(e) => e.serialize(serializer),
            Self::Training(e) => e.serialize(serializer),
            Self::PdsaStep(e) => e.serialize(serializer),
            Self::UsabilityCycle(e) => e.serialize(serializer),
            Self::LoopRaised(e) => e.serialize(serializer),
            Self::LoopHop(e) => e.serialize(serializer),
            Self::LoopResolved(e) => e.serialize(serializer),
            Self::StageChange(e) => e.serialize(serializer),
        }
    }
}

/// Reads an event from any deserializer, by way of a JSON value (the log reader takes the
/// faster path of [`Event::from_json_line`]).
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = serde_json::Value::deserialize(deserializer)?;
        let bytes = serde_json::to_vec(&value).map_err(D::Error::custom)?;
        Self::from_json_line(&bytes).map_err(|p| D::Error::custom(p.to_string()))
    }
}

/// A read event log: the events with their line numbers, the refused lines, the counts.
///
/// ```
/// use implsci::event::{parse_log, EventLog};
///
/// let log: EventLog = parse_log(b"{\"kind\": \"rumour\"}\n\n");
/// assert!(log.records.is_empty());
/// assert_eq!((log.refused[0].line, log.blank, log.lines), (1, 1, 2));
/// ```
pub type EventLog = JsonLines<Event>;

/// Reads an event log already in memory.
///
/// ```
/// use implsci::event::parse_log;
///
/// let log = parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?);
/// assert_eq!((log.records.len(), log.refused.len(), log.lines), (14, 0, 14));
/// assert_eq!(log.records[13].line, 14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn parse_log(bytes: &[u8]) -> EventLog {
    let mut reader = reader();
    reader.feed(bytes);
    reader.finish()
}

/// A reader for an event log fed in chunks of any size.
///
/// ```
/// use implsci::event::{parse_log, reader};
///
/// let bytes = std::fs::read("examples/data/state_events.jsonl")?;
/// let mut events = reader();
/// for chunk in bytes.chunks(100) {
///     events.feed(chunk);
/// }
/// assert_eq!(events.finish(), parse_log(&bytes)); // whatever the chunking
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn reader() -> JsonLinesReader<Event> {
    JsonLinesReader::with_parser(Event::from_json_line)
}

/// Reads an event log from a reader (a file, a pipe), 64 KiB at a time.
///
/// ```
/// use implsci::event::read_log;
///
/// let log = read_log(std::fs::File::open("examples/data/state_events.jsonl")?)?;
/// assert_eq!((log.records.len(), log.refused.len()), (52, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The reader's I/O errors; malformed lines are in [`JsonLines::refused`], not errors.
pub fn read_log(input: impl Read) -> std::io::Result<EventLog> {
    read_log_within(input, &crate::limits::Limits::default())
}

/// As [`read_log`], within `limits`: a line longer than [`Limits::line_bytes`] is refused (as
/// `too_large`) and reading goes on; a log longer than [`Limits::log_bytes`] is an error.
///
/// [`Limits::line_bytes`]: crate::limits::Limits::line_bytes
/// [`Limits::log_bytes`]: crate::limits::Limits::log_bytes
///
/// ```
/// use implsci::event::read_log_within;
/// use implsci::limits::Limits;
///
/// let limits = Limits::default().line_bytes(64);
/// let log = read_log_within(std::fs::File::open("examples/data/state_events.jsonl")?, &limits)?;
/// assert!(log.refused.iter().all(|p| p.problem.kind == implsci::ProblemKind::TooLarge));
/// let err = read_log_within(std::io::repeat(b'x'), &Limits::default().log_bytes(1 << 20)).unwrap_err();
/// assert!(err.to_string().contains("the log is larger than the limit of 1048576 bytes"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The reader's I/O errors, and a log larger than the limit.
pub fn read_log_within(
    input: impl Read,
    limits: &crate::limits::Limits,
) -> std::io::Result<EventLog> {
    crate::jsonl::read_within(
        reader().max_line_bytes(limits.line_bytes),
        input,
        limits.log_bytes,
    )
}

/// The example state's event log, every line read: for the measures' tests.
#[cfg(test)]
pub(crate) fn example_log() -> Vec<Event> {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/state_events.jsonl"
    ))
    .unwrap();
    let log = parse_log(&bytes);
    assert!(log.refused.is_empty(), "{:?}", log.refused);
    log.records.into_iter().map(|r| r.value).collect()
}

/// A step of the xorshift64 generator: a small deterministic source for tests that interleave
/// or shuffle events reproducibly.
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_kind_is_read_without_a_parse_and_anything_else_falls_back() {
        assert_eq!(
            leading_kind(br#" { "kind" : "training", "id": "e-1"}"#),
            Some("training")
        );
        assert_eq!(leading_kind(br#"{"id": "e-1", "kind": "training"}"#), None);
        assert_eq!(leading_kind(br#"{"kind": "train\"ing"}"#), None);
        assert_eq!(leading_kind(br#"{"kind": 4}"#), None);
        assert_eq!(leading_kind(br#"{"kind": "unterminated"#), None);
        assert_eq!(leading_kind(b"[]"), None);
    }

    #[test]
    fn a_kind_anywhere_reads_the_same_as_a_leading_kind() {
        let leading = br#"{"kind": "stage_change", "id": "e-1", "date": "2024-04-01", "site": "s", "innovation": "i", "stage": "installation"}"#;
        let trailing = br#"{"id": "e-1", "date": "2024-04-01", "site": "s", "innovation": "i", "stage": "installation", "kind": "stage_change"}"#;
        assert_eq!(
            Event::from_json_line(leading).unwrap(),
            Event::from_json_line(trailing).unwrap()
        );
        // A second `kind` after a leading one is refused by the typed read.
        let twice = br#"{"kind": "stage_change", "kind": "training", "id": "e-1", "date": "2024-04-01", "site": "s", "innovation": "i", "stage": "installation"}"#;
        let problem = Event::from_json_line(twice).unwrap_err();
        assert!(
            problem.message.contains("duplicate field `kind`"),
            "{problem}"
        );
        // So is a leading kind whose line then breaks off.
        let broken = br#"{"kind": "training", "id": "e-1", "date": "#;
        assert_eq!(
            Event::from_json_line(broken).unwrap_err().kind,
            ProblemKind::Syntax
        );
    }
}
