//! The built structure of a system: positions into the document's lists.
//!
//! `u32` positions, id tables that store only positions (hashbrown's `HashTable`, hashed with
//! foldhash), compressed rows (CSR) for the teams and practitioners of each unit and for
//! caseloads, and two petgraph graphs, private to this crate: the unit tree and the team links.
//! Practitioners are not graph nodes: a million of them live in flat arrays, reached through
//! their unit.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::DiGraph;

/// "No index": the root's parent, a unit with no team at or above it.
pub(crate) const NONE: u32 = u32::MAX;

/// An id → position table that stores positions only; the ids stay in the document.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdTable {
    table: HashTable<u32>,
    pub(crate) hasher: DefaultHashBuilder,
}

impl IdTable {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            table: HashTable::with_capacity(n),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// Inserts `id` at `position`; returns the earlier position when the id is taken.
    pub(crate) fn insert<'a>(
        &mut self,
        id: &str,
        position: u32,
        key: impl Fn(u32) -> &'a str,
    ) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        match self
            .table
            .entry(hash, |&p| key(p) == id, |&p| self.hasher.hash_one(key(p)))
        {
            hashbrown::hash_table::Entry::Occupied(e) => Some(*e.get()),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(position);
                None
            }
        }
    }

    /// The position of `id` in `list`, which this table indexes, pushing `make()` onto the list
    /// when the id is new; `key` reads an item's id. Also says whether the item was added.
    pub(crate) fn find_or_push<T>(
        &mut self,
        list: &mut Vec<T>,
        id: &str,
        key: fn(&T) -> &str,
        make: impl FnOnce() -> T,
    ) -> (u32, bool) {
        // A list of 2^32 items does not fit in memory beside the table.
        let next = u32::try_from(list.len()).unwrap_or(u32::MAX);
        let items = &*list;
        if let Some(p) = self.insert(id, next, |p| key(&items[p as usize])) {
            (p, false)
        } else {
            list.push(make());
            (next, true)
        }
    }

    /// The position of `id`.
    pub(crate) fn get<'a>(&self, id: &str, key: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(id), |&p| key(p) == id)
            .copied()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        // hashbrown stores one control byte per bucket beside each `u32`.
        self.table.capacity() * (std::mem::size_of::<u32>() + 1)
    }

    pub(crate) fn shrink(&mut self, key: impl Fn(u32) -> u64) {
        self.table.shrink_to_fit(|&p| key(p));
    }
}

/// Compressed rows: the items of group `g` are `items[offsets[g]..offsets[g + 1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    pub(crate) offsets: Vec<u32>,
    pub(crate) items: Vec<u32>,
}

impl Csr {
    /// Groups `0..keys.len()` by `keys[i]` (counting sort; `NONE` keys are left out), keeping
    /// the original order within each group.
    pub(crate) fn group(groups: usize, keys: &[u32]) -> Self {
        let mut offsets = vec![0u32; groups + 1];
        for &k in keys {
            if k != NONE {
                offsets[k as usize + 1] += 1;
            }
        }
        for g in 0..groups {
            offsets[g + 1] += offsets[g];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; offsets[groups] as usize];
        for (i, &k) in keys.iter().enumerate() {
            if k != NONE {
                let slot = &mut next[k as usize];
                items[*slot as usize] = index(i);
                *slot += 1;
            }
        }
        Self { offsets, items }
    }

    /// Groups `(key, value)` pairs by key (`keys < groups`), keeping each group's values in
    /// pair order.
    pub(crate) fn from_pairs(groups: usize, pairs: &[(u32, u32)]) -> Self {
        let keys: Vec<u32> = pairs.iter().map(|&(k, _)| k).collect();
        let mut csr = Self::group(groups, &keys);
        for item in &mut csr.items {
            *item = pairs[*item as usize].1;
        }
        csr
    }

    /// The number of groups.
    pub(crate) fn groups(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The items of group `g`.
    pub(crate) fn row(&self, g: u32) -> &[u32] {
        let g = g as usize;
        &self.items[self.offsets[g] as usize..self.offsets[g + 1] as usize]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.items.capacity()) * std::mem::size_of::<u32>()
    }
}

/// A list position as `u32`. Lists longer than `u32::MAX` are refused before this is used.
pub(crate) fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// The built structure of a system: positions into the document's lists.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    pub(crate) unit_ids: IdTable,
    pub(crate) team_ids: IdTable,
    pub(crate) practitioner_ids: IdTable,
    pub(crate) coach_ids: IdTable,
    /// Level position of each unit.
    pub(crate) unit_level: Vec<u32>,
    /// Parent position of each unit; `NONE` for the root.
    pub(crate) parent: Vec<u32>,
    pub(crate) root: u32,
    /// Units in breadth-first order from the root: every parent before its children.
    pub(crate) top_down: Vec<u32>,
    /// The unit tree, parent → child; node `i` is unit `i`.
    pub(crate) unit_tree: DiGraph<(), (), u32>,
    /// Every team link, `from` → `to`, weighted by its position; node `i` is team `i`.
    pub(crate) team_graph: DiGraph<(), u32, u32>,
    pub(crate) team_unit: Vec<u32>,
    pub(crate) teams_by_unit: Csr,
    /// Practitioner positions grouped by unit (their unit is not kept per practitioner: this
    /// is the one place it lives, to keep a million practitioners small).
    pub(crate) practitioners_by_unit: Csr,
    /// The nearest unit at or above each unit that has a team; `NONE` when none has.
    pub(crate) nearest_team_unit: Vec<u32>,
    /// Whether any team records a start or an end (otherwise every team exists on every date).
    pub(crate) teams_dated: bool,
    /// Each practitioner's start and end, in document order, kept compact for the passes that
    /// ask who is active on a date; empty when no practitioner records either (then every
    /// practitioner is active on every date).
    pub(crate) practitioner_dates: Vec<(jiff::civil::Date, Option<jiff::civil::Date>)>,
    /// Each coach's caseload as practitioner positions, coach by coach.
    pub(crate) caseloads: Csr,
    /// Every coach's innovation caseloads as practitioner positions, coach after coach, list
    /// after list, in document order.
    pub(crate) innovation_caseloads: Vec<u32>,
}

impl Index {
    /// Bytes this index owns on the heap (capacities, not lengths).
    pub(crate) fn heap_bytes(&self) -> usize {
        let u32s = self.unit_level.capacity()
            + self.parent.capacity()
            + self.top_down.capacity()
            + self.team_unit.capacity()
            + self.nearest_team_unit.capacity();
        let graphs = self.unit_tree.capacity().0
            * std::mem::size_of::<petgraph::graph::Node<(), u32>>()
            + self.unit_tree.capacity().1 * std::mem::size_of::<petgraph::graph::Edge<(), u32>>()
            + self.team_graph.capacity().0 * std::mem::size_of::<petgraph::graph::Node<(), u32>>()
            + self.team_graph.capacity().1 * std::mem::size_of::<petgraph::graph::Edge<u32, u32>>();
        u32s * 4
            + graphs
            + self.unit_ids.heap_bytes()
            + self.team_ids.heap_bytes()
            + self.practitioner_ids.heap_bytes()
            + self.coach_ids.heap_bytes()
            + self.teams_by_unit.heap_bytes()
            + self.practitioners_by_unit.heap_bytes()
            + self.caseloads.heap_bytes()
            + self.innovation_caseloads.capacity() * 4
            + self.practitioner_dates.capacity()
                * std::mem::size_of::<(jiff::civil::Date, Option<jiff::civil::Date>)>()
    }

    /// The units from `unit` up to the root, `unit` first.
    pub(crate) fn up(&self, unit: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(unit), |&u| {
            let p = self.parent[u as usize];
            (p != NONE).then_some(p)
        })
    }
}
