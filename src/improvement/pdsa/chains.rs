//! PDSA cycles linked into chains (ramps) by each Act phase's next cycle.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;

use super::PdsaCycle;
use crate::id::EventId;

/// How a chain of cycles ends.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::pdsa::{pdsa_chains, pdsa_cycles, ChainEnd};
/// use implsci::improvement::{PdsaPhase, PdsaStep};
///
/// let mut act = PdsaStep::new("e-1".parse()?, "2025-01-20".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Act);
/// act.next = Some("pdsa-9".parse()?);
/// let chains = pdsa_chains(&pdsa_cycles(&[Event::PdsaStep(act)]));
/// assert_eq!(chains[0].end, ChainEnd::UnknownNext { next: "pdsa-9".parse()? });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "end", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChainEnd {
    /// The last cycle names no next cycle.
    NoNext,
    /// The last cycle names a next cycle the log does not know.
    UnknownNext {
        /// The cycle named.
        next: EventId,
    },
    /// The last cycle names a cycle already in the chain.
    Loops {
        /// The cycle named, already in the chain.
        to: EventId,
    },
}

/// A sequence of cycles linked by `next`: each cycle names the following one.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{pdsa_chains, ChainEnd, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let chains = pdsa_chains(&cycles);
/// let ids: Vec<&str> = chains[0].cycles.iter().map(|c| c.as_str()).collect();
/// assert_eq!((ids, &chains[0].end), (vec!["pdsa-1", "pdsa-2"], &ChainEnd::NoNext));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PdsaChain {
    /// The cycle ids, first to last.
    pub cycles: Vec<EventId>,
    /// How the chain ends.
    #[serde(flatten)]
    pub end: ChainEnd,
}

/// The chains of cycles linked by `next`, in order of their first cycle's appearance.
///
/// A chain starts at each cycle no cycle names as next, and follows `next` until a cycle names
/// none, names a cycle the log does not know, or names one already in the chain. Two cycles
/// naming the same next give two chains sharing their tail. Cycles that only form a loop (every
/// one named by another) are reported as a chain starting at the first of them to appear, so
/// every cycle is in some chain.
///
/// Each cycle names at most one next, so a chain is a walk along single links; no graph search
/// is needed.
///
/// Source: NIRN module 5: the Act phase leads into the next cycle (PDSA(C)).
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::{PdsaPhase, PdsaStep};
/// use implsci::improvement::pdsa::{pdsa_chains, pdsa_cycles, ChainEnd};
///
/// let step = |id: &str, cycle: &str, next: Option<&str>| -> Result<Event, Box<dyn std::error::Error>> {
///     let mut s = PdsaStep::new(id.parse()?, "2025-01-06".parse()?, cycle.parse()?, "wake".parse()?, PdsaPhase::Act);
///     s.next = next.map(str::parse).transpose()?;
///     Ok(Event::PdsaStep(s))
/// };
/// let events = [step("e-1", "c-1", Some("c-2"))?, step("e-2", "c-2", Some("c-3"))?, step("e-3", "c-3", None)?];
/// let chains = pdsa_chains(&pdsa_cycles(&events));
/// assert_eq!(chains.len(), 1);
/// let ids: Vec<&str> = chains[0].cycles.iter().map(|c| c.as_str()).collect();
/// assert_eq!(ids, ["c-1", "c-2", "c-3"]);
/// assert_eq!(chains[0].end, ChainEnd::NoNext);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pdsa_chains(cycles: &[PdsaCycle]) -> Vec<PdsaChain> {
    let position: HashMap<&EventId, usize> = cycles
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.cycle, i))
        .collect();
    let named: HashSet<&EventId> = cycles
        .iter()
        .filter_map(|c| c.next.as_ref().map(|n| &n.cycle))
        .collect();
    let walk = |start: usize, covered: &mut [bool]| {
        let mut in_chain = vec![false; cycles.len()];
        let mut ids = Vec::new();
        let mut at = start;
        loop {
            in_chain[at] = true;
            covered[at] = true;
            ids.push(cycles[at].cycle.clone());
            let end = match &cycles[at].next {
                None => ChainEnd::NoNext,
                Some(next) => match position.get(&next.cycle) {
                    None => ChainEnd::UnknownNext {
                        next: next.cycle.clone(),
                    },
                    Some(&i) if in_chain[i] => ChainEnd::Loops {
                        to: next.cycle.clone(),
                    },
                    Some(&i) => {
                        at = i;
                        continue;
                    }
                },
            };
            return PdsaChain { cycles: ids, end };
        }
    };
    let mut covered = vec![false; cycles.len()];
    let mut chains: Vec<PdsaChain> = (0..cycles.len())
        .filter(|&i| !named.contains(&cycles[i].cycle))
        .map(|i| walk(i, &mut covered))
        .collect();
    // Pure loops: no cycle of theirs starts a chain above.
    for i in 0..cycles.len() {
        if !covered[i] {
            chains.push(walk(i, &mut covered));
        }
    }
    chains
}
