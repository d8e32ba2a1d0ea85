//! "Did you mean": for a reference that names no id of its kind, the id of that kind closest
//! to it, so that a problem about `alder-oak-ess` can point at `alder-oak-es`.
//!
//! Closeness is the optimal string alignment distance (Damerau–Levenshtein with adjacent
//! transpositions; no character edited twice), counted in characters. An id is suggested
//! when it is at most `max(2, n / 3)` edits away from the reference, `n` the reference's
//! length in characters, and fewer edits away than the longer of the two is long (so `ab` is
//! never offered for `cd`); of the closest, the first in the candidates' order wins.
//!
//! The search is bounded, so that a document with many dangling references costs about what
//! its validation already costs:
//!
//! - a candidate whose length differs from the reference's by more than the bound is skipped
//!   unread, and the distance stops as soon as it exceeds the bound (or the best so far);
//! - one reference looks at no more than [`SCAN_PER_REFERENCE`] candidates (the first ones, in
//!   document order);
//! - one check (a validation, a reference check of a log) looks at no more than
//!   [`SCAN_PER_CHECK`] candidates over all its references, and then suggests nothing more;
//! - a reference already looked up in the same set is answered from memory (up to
//!   [`REMEMBERED`] of them), so a thousand practitioners naming one renamed unit cost one
//!   search.

use std::collections::HashMap;

/// The most candidates one reference's suggestion looks at.
pub(crate) const SCAN_PER_REFERENCE: usize = 10_000;

/// The most candidates one check looks at, over all its suggestions.
pub(crate) const SCAN_PER_CHECK: usize = 1_000_000;

/// The most lookups remembered by one check.
pub(crate) const REMEMBERED: usize = 4096;

/// The most edits a suggestion may be from a reference of `len` characters.
fn bound(len: usize) -> usize {
    (len / 3).max(2)
}

/// The optimal string alignment distance between `a` and `b`, when it is at most `limit`.
///
/// `rows` is scratch space, reused between calls.
fn distance_within(
    a: &[char],
    b: &[char],
    limit: usize,
    rows: &mut [Vec<usize>; 3],
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    for row in rows.iter_mut() {
        row.clear();
        row.resize(width, 0);
    }
    let [before, previous, current] = rows;
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut smallest = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            smallest = smallest.min(d);
        }
        if smallest > limit {
            return None;
        }
        std::mem::swap(before, previous);
        std::mem::swap(previous, current);
    }
    let d = previous[b.len()];
    (d <= limit).then_some(d)
}

/// The candidate closest to `wanted` (see the module), looking at no more than `scan`
/// candidates; returns it and how many candidates were looked at.
fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    scan: usize,
) -> (Option<&'a str>, usize) {
    let wanted: Vec<char> = wanted.chars().collect();
    let bound = bound(wanted.len());
    let mut rows = [Vec::new(), Vec::new(), Vec::new()];
    let mut chars = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    let mut scanned = 0;
    for candidate in candidates.into_iter().take(scan) {
        scanned += 1;
        let limit = best.map_or(bound, |(d, _)| d - 1);
        // A cheap filter first: `len()` counts bytes, at least the characters and at most
        // four times as many.
        let bytes = candidate.len();
        if bytes + limit < wanted.len() || bytes.div_ceil(4) > wanted.len() + limit {
            continue;
        }
        chars.clear();
        chars.extend(candidate.chars());
        let longest = wanted.len().max(chars.len());
        match distance_within(&wanted, &chars, limit, &mut rows) {
            Some(d) if d > 0 && d < longest => {
                best = Some((d, candidate));
                if d == 1 {
                    break; // nothing closer than one edit is a different id
                }
            }
            _ => {}
        }
    }
    (best.map(|(_, c)| c), scanned)
}

/// The suggestions found for references of one set, by the reference.
type Answers = HashMap<Box<str>, Option<Box<str>>>;

/// Suggestions for the dangling references of one check, within the check's budget (see the
/// module).
#[derive(Debug, Clone)]
pub(crate) struct Suggest {
    /// Candidates this check may still look at.
    left: usize,
    /// Each set's remembered answers, by the reference looked up.
    remembered: Vec<(&'static str, Answers)>,
    /// How many answers are remembered, over all sets.
    count: usize,
}

impl Default for Suggest {
    fn default() -> Self {
        Self {
            left: SCAN_PER_CHECK,
            remembered: Vec::new(),
            count: 0,
        }
    }
}

impl Suggest {
    /// The id of `set` (a name for the kind of id, such as `"unit"`) closest to `wanted`, if
    /// one is close enough. `candidates` lists the set's ids in document order; it is called
    /// only when the answer is not remembered.
    pub(crate) fn closest<'a, I>(
        &mut self,
        set: &'static str,
        wanted: &str,
        candidates: impl FnOnce() -> I,
    ) -> Option<Box<str>>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let at = if let Some(at) = self.remembered.iter().position(|(s, _)| *s == set) {
            at
        } else {
            self.remembered.push((set, HashMap::new()));
            self.remembered.len() - 1
        };
        if let Some(answer) = self.remembered[at].1.get(wanted) {
            return answer.clone();
        }
        let found = self.closest_among(wanted, candidates());
        if self.count < REMEMBERED {
            self.count += 1;
            self.remembered[at]
                .1
                .insert(Box::from(wanted), found.clone());
        }
        found
    }

    /// The id of `candidates` closest to `wanted`, if one is close enough, without
    /// remembering the answer: for candidates that differ from one reference to the next
    /// (the members of the team a reference names).
    pub(crate) fn closest_among<'a>(
        &mut self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<Box<str>> {
        let (found, scanned) = closest(wanted, candidates, SCAN_PER_REFERENCE.min(self.left));
        self.left -= scanned;
        found.map(Box::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance_within(&a, &b, 10, &mut [Vec::new(), Vec::new(), Vec::new()])
    }

    #[test]
    fn distances() {
        assert_eq!(distance("alder-oak-es", "alder-oak-es"), Some(0));
        assert_eq!(distance("alder-oak-ess", "alder-oak-es"), Some(1));
        assert_eq!(distance("alder-oka-es", "alder-oak-es"), Some(1)); // a transposition
        assert_eq!(distance("kitten", "sitting"), Some(3));
        assert_eq!(distance("", "abc"), Some(3));
        assert_eq!(distance("école", "ecole"), Some(1));
        let (a, b): (Vec<char>, Vec<char>) =
            ("abcdef".chars().collect(), "uvwxyz".chars().collect());
        assert_eq!(distance_within(&a, &b, 2, &mut Default::default()), None);
    }

    #[test]
    fn the_closest_within_the_bound_first_in_order() {
        let ids = ["alder-elm-es", "alder-oak-ms", "alder-oak-es", "birch-es"];
        assert_eq!(closest("alder-oak-ess", ids, 100).0, Some("alder-oak-es"));
        // two at two edits: the first listed wins
        assert_eq!(closest("alder-oak-xx", ids, 100).0, Some("alder-oak-ms"));
        // a bound of max(2, 12 / 3) = 4 edits: `birch-es` is four away, within it
        assert_eq!(
            closest("birch-elm-es", ["birch-es"], 100).0,
            Some("birch-es")
        );
        assert_eq!(closest("birch-elm-xx", ["birch-es"], 100).0, None);
        assert_eq!(closest("maple-hs", ids, 100).0, None);
        // short ids: at most two edits, and never every character
        assert_eq!(closest("ef-9", ["ef-1", "ef-2"], 100).0, Some("ef-1"));
        assert_eq!(closest("ab", ["cd"], 100).0, None);
        assert_eq!(closest("x", ["y", "xy"], 100).0, Some("xy"));
        // an exact match is not a suggestion
        assert_eq!(closest("birch-es", ["birch-es"], 100).0, None);
    }

    #[test]
    fn the_scan_is_capped() {
        let ids: Vec<String> = (0..50).map(|i| format!("unit-{i:03}")).collect();
        let (found, scanned) = closest("unit-049x", ids.iter().map(String::as_str), 10);
        assert_eq!((found, scanned), (Some("unit-009"), 10)); // 2 edits; unit-049 is not reached
        let (found, scanned) = closest("unit-049x", ids.iter().map(String::as_str), 100);
        assert_eq!((found, scanned), (Some("unit-049"), 50));
        // one edit is as close as a different id gets: the scan stops there
        assert_eq!(closest("unit-00", ids.iter().map(String::as_str), 100).1, 1);
    }

    #[test]
    fn a_check_remembers_and_keeps_to_its_budget() {
        let ids = ["lincoln-es", "roosevelt-es"];
        let mut suggest = Suggest::default();
        let mut calls = 0;
        let mut ask = |suggest: &mut Suggest, set: &'static str, wanted: &str| {
            suggest.closest(set, wanted, || {
                calls += 1;
                ids
            })
        };
        assert_eq!(
            ask(&mut suggest, "unit", "lincon-es").as_deref(),
            Some("lincoln-es")
        );
        assert_eq!(
            ask(&mut suggest, "unit", "lincon-es").as_deref(),
            Some("lincoln-es")
        );
        assert_eq!(
            ask(&mut suggest, "team", "lincon-es").as_deref(),
            Some("lincoln-es")
        );
        assert_eq!(calls, 2, "the second lookup in one set is remembered");
        let mut spent = Suggest {
            left: 0,
            ..Suggest::default()
        };
        assert_eq!(spent.closest("unit", "lincon-es", || ids), None);
    }
}
