//! Who coaches each post, for one innovation in one epoch, in 2 bytes a post: each post holds
//! the place of its coach among its own unit's coaches, and each unit lists its coaches.
//!
//! A replicate reads this for every post every step, so it is kept small: a unit's posts are
//! walked together and a unit has few coaches, so the coach's support class is looked up in a
//! list of the unit's own, a handful of entries, rather than in one of every coach.

use super::world::{NONE, index};

/// The most coaches one unit's posts can have for one innovation: a post's place among them
/// is a `u16`, 0 meaning none.
pub(crate) const MAX_UNIT_COACHES: usize = u16::MAX as usize;

/// Who coaches each post, by unit.
#[derive(Debug, Clone, Default)]
pub(crate) struct Caseloads {
    /// Per post: 0 for no coach, `j` for its unit's `j`-th coach (from 1).
    pub(crate) local: Vec<u16>,
    /// Per unit: its coaches' slots are `slots[start[u]..start[u + 1]]`.
    start: Vec<u32>,
    slots: Vec<u32>,
}

impl Caseloads {
    /// From each post's coach slot (`NONE` for none), posts grouped by unit as
    /// `unit_posts` says, among `coach_slots` slots.
    ///
    /// # Errors
    ///
    /// The unit whose posts have more than [`MAX_UNIT_COACHES`] coaches.
    pub(crate) fn new(
        coach_of: &[u32],
        unit_posts: &[u32],
        coach_slots: usize,
    ) -> Result<Self, usize> {
        let units = unit_posts.len().saturating_sub(1);
        let mut local = vec![0u16; coach_of.len()];
        let mut start = Vec::with_capacity(units + 1);
        let mut slots = Vec::new();
        // Per coach slot: the last unit that listed it, and its place there.
        let mut seen = vec![NONE; coach_slots];
        let mut place = vec![0u16; coach_slots];
        for u in 0..units {
            start.push(index(slots.len()));
            let first = slots.len();
            for post in unit_posts[u] as usize..unit_posts[u + 1] as usize {
                let c = coach_of[post];
                if c == NONE {
                    continue;
                }
                let c = c as usize;
                if seen[c] != index(u) {
                    if slots.len() - first >= MAX_UNIT_COACHES {
                        return Err(u);
                    }
                    seen[c] = index(u);
                    slots.push(index(c));
                    place[c] = u16::try_from(slots.len() - first).unwrap_or(u16::MAX);
                }
                local[post] = place[c];
            }
        }
        start.push(index(slots.len()));
        Ok(Self {
            local,
            start,
            slots,
        })
    }

    /// The coach slots of unit `u`'s posts, in the order first met.
    pub(crate) fn unit(&self, u: usize) -> &[u32] {
        match (self.start.get(u), self.start.get(u + 1)) {
            (Some(&a), Some(&b)) => &self.slots[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The coach slot of `post` in unit `u`, or `NONE`.
    pub(crate) fn coach(&self, u: usize, post: usize) -> u32 {
        match self.local.get(post).copied() {
            None | Some(0) => NONE,
            Some(j) => self
                .unit(u)
                .get(usize::from(j) - 1)
                .copied()
                .unwrap_or(NONE),
        }
    }

    /// Bytes of its lists.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.local.capacity() * 2 + (self.start.capacity() + self.slots.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_post_finds_its_coach_through_its_unit() {
        // Unit 0: posts 0-2; unit 1: posts 3-4. Coaches 7 and 2 in unit 0, 2 again in unit 1.
        let of = [7, NONE, 2, 2, NONE];
        let c = Caseloads::new(&of, &[0, 3, 5], 8).unwrap();
        assert_eq!(c.local, [1, 0, 2, 1, 0]);
        assert_eq!((c.unit(0), c.unit(1)), (&[7, 2][..], &[2][..]));
        let back: Vec<u32> = [(0, 0), (0, 1), (0, 2), (1, 3), (1, 4)]
            .iter()
            .map(|&(u, p)| c.coach(u, p))
            .collect();
        assert_eq!(back, of);
    }

    #[test]
    fn a_unit_with_too_many_coaches_is_named() {
        let posts = MAX_UNIT_COACHES + 1;
        let of: Vec<u32> = (0..index(posts)).collect();
        let unit_posts = [0, 1, index(posts) + 1];
        let mut with_first = vec![NONE];
        with_first.extend(&of);
        assert_eq!(
            Caseloads::new(&with_first, &unit_posts, posts).unwrap_err(),
            1
        );
    }
}
