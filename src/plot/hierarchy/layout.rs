//! Where each box of the hierarchy chart stands: levels top to bottom, each level's boxes in
//! the order of their parents, wrapped into rows when a level is wider than the page, and
//! the levels past the cap of drawn boxes folded into one summary box per parent. Every pass
//! is a loop over the report's units (breadth first, every parent before its children): no
//! recursion, linear in the units.

use std::collections::HashMap;

use super::Category;
use crate::system::AlignmentReport;

/// Box sizes and gaps, in pixels.
pub(super) const SLOT: f64 = 76.0;
pub(super) const GAP: f64 = 8.0;
pub(super) const BOX_HEIGHT: f64 = 42.0;
/// The widest a unit's box grows on a level that fits one row.
pub(super) const WIDE_SLOT: f64 = 150.0;
/// Room above a level for the connectors from the level above.
pub(super) const LEVEL_GAP: f64 = 34.0;
/// Room above a wrapped row for its groups' labels.
pub(super) const GROUP_LABEL: f64 = 14.0;
/// The width of a summary box.
pub(super) const SUMMARY_SLOT: f64 = 1.5 * SLOT + GAP / 2.0;
/// The most levels a summary box names (the last of them standing for every level below).
pub(super) const SUMMARY_LEVELS: usize = 3;
/// The height of one line of a summary box.
pub(super) const SUMMARY_LINE: f64 = 12.0;

/// "No node".
pub(super) const NONE: usize = usize::MAX;

/// What a box shows.
pub(super) enum Kind {
    /// A unit: its row in the report.
    Unit(usize),
    /// The units folded under a drawn unit (the node index of that unit): per folded level,
    /// (level, units, unbroken, broken).
    Summary(Vec<(usize, u64, u64, u64)>),
}

/// One box.
pub(super) struct Node {
    pub(super) kind: Kind,
    /// The node it hangs from; `NONE` for the top.
    pub(super) parent: usize,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    /// Whether its band wraps into rows (then it gets a stub, not a connector).
    pub(super) wrapped: bool,
}

/// A frame around the run of siblings that share a wrapped row.
pub(super) struct Group {
    pub(super) parent: usize,
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
}

/// The laid-out chart.
pub(super) struct Layout {
    pub(super) nodes: Vec<Node>,
    pub(super) groups: Vec<Group>,
    /// The levels drawn (top first), by their index in the report's levels, with the band's
    /// top y.
    pub(super) bands: Vec<(usize, f64)>,
    /// Where the boxes end.
    pub(super) bottom: f64,
    /// Units folded into summaries, and the first level folded.
    pub(super) folded: u64,
    pub(super) folded_from: Option<usize>,
}

/// Lays out the report's units (those under `root`, a row of the report, when given) between
/// `left` and `right` from `top`, drawing at most `max_nodes` unit boxes.
#[allow(clippy::too_many_lines)] // one pass per level, in order, then the summaries
pub(super) fn layout(
    report: &AlignmentReport,
    categories: &[Category],
    root: Option<usize>,
    max_nodes: usize,
    (left, right, top): (f64, f64, f64),
) -> Layout {
    let units = &report.units;
    let level_count = report.levels.len().max(1);
    let level_of: HashMap<&str, usize> = report
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.level.as_str(), i))
        .collect();
    let row_of: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.unit.as_str(), i))
        .collect();
    // Each unit's level, parent row and whether it is drawn at all (under the root).
    let level: Vec<usize> = units
        .iter()
        .map(|u| {
            level_of
                .get(u.level.as_str())
                .copied()
                .unwrap_or(level_count - 1)
        })
        .collect();
    let parent: Vec<usize> = units
        .iter()
        .map(|u| {
            u.parent
                .as_ref()
                .and_then(|p| row_of.get(p.as_str()).copied())
                .unwrap_or(NONE)
        })
        .collect();
    let mut inside = vec![false; units.len()];
    for i in 0..units.len() {
        inside[i] = match root {
            Some(r) => i == r || (parent[i] != NONE && parent[i] < i && inside[parent[i]]),
            None => true,
        };
    }
    // Units per level, in the report's (top-down) order.
    let mut per_level: Vec<Vec<usize>> = vec![Vec::new(); level_count];
    for i in (0..units.len()).filter(|&i| inside[i]) {
        per_level[level[i]].push(i);
    }
    // The levels drawn: top-down while the boxes stay within the cap; the root's level always.
    let mut drawn_levels = 0;
    let mut boxes = 0;
    for (l, members) in per_level.iter().enumerate() {
        if members.is_empty() && boxes == 0 {
            drawn_levels = l + 1;
            continue;
        }
        if boxes > 0 && boxes + members.len() > max_nodes {
            break;
        }
        boxes += members.len();
        drawn_levels = l + 1;
    }

    let mut nodes: Vec<Node> = Vec::new();
    let mut node_of = vec![NONE; units.len()];
    let mut groups = Vec::new();
    let mut bands = Vec::new();
    let mut y = top;
    for (l, members) in per_level.iter().enumerate().take(drawn_levels) {
        if members.is_empty() {
            continue;
        }
        bands.push((l, y));
        let first = nodes.len();
        // A level that fits one row gets wider boxes, up to WIDE_SLOT, for longer names.
        let runs = 1 + members
            .windows(2)
            .filter(|pair| parent[pair[0]] != parent[pair[1]])
            .count();
        let free = right - left - GAP * count(members.len() - 1) - 2.0 * GAP * count(runs - 1);
        let width = (free / count(members.len())).clamp(SLOT, WIDE_SLOT);
        for &i in members {
            node_of[i] = nodes.len();
            nodes.push(Node {
                kind: Kind::Unit(i),
                parent: hanging(i, &parent, &node_of),
                x: 0.0,
                y: 0.0,
                width,
                height: BOX_HEIGHT,
                wrapped: false,
            });
        }
        y = place(
            &mut nodes,
            first,
            &mut groups,
            GROUP_LABEL,
            (left, right, y),
        );
    }

    let (folded, summaries) =
        folded_counts(&inside, &node_of, &parent, &level, categories, nodes.len());
    if !summaries.is_empty() {
        let first = nodes.len();
        for (a, counts) in summaries {
            let height = 8.0 + SUMMARY_LINE * count(2 * counts.len() + 1);
            nodes.push(Node {
                kind: Kind::Summary(counts),
                parent: a,
                x: 0.0,
                y: 0.0,
                width: SUMMARY_SLOT,
                height,
                wrapped: false,
            });
        }
        bands.push((drawn_levels, y));
        // Each summary says whose it is: no frames.
        y = place(&mut nodes, first, &mut Vec::new(), 0.0, (left, right, y));
    }
    Layout {
        nodes,
        groups,
        bands,
        bottom: y,
        folded,
        folded_from: (folded > 0).then_some(drawn_levels),
    }
}

/// Per folded level: the level (`NONE` for the levels below those named), its units,
/// unbroken and broken.
type Counts = Vec<(usize, u64, u64, u64)>;

/// The units not drawn (under the root, `inside`), each counted in the summary of its
/// nearest drawn ancestor: how many, and per drawn unit that has any (by node, in the page's
/// order) its counts, levels top first. One pass, parents before children.
fn folded_counts(
    inside: &[bool],
    node_of: &[usize],
    parent: &[usize],
    level: &[usize],
    categories: &[Category],
    nodes: usize,
) -> (u64, Vec<(usize, Counts)>) {
    let mut anchor = vec![NONE; inside.len()];
    let mut folded = 0;
    let mut summaries: Vec<Counts> = Vec::new();
    let mut summary_of: Vec<usize> = vec![NONE; nodes];
    let mut order: Vec<usize> = Vec::new();
    // Each (summary, level)'s place in its counts.
    let mut slot: HashMap<(usize, usize), usize> = HashMap::new();
    for i in (0..inside.len()).filter(|&i| inside[i] && node_of[i] == NONE) {
        let p = parent[i];
        anchor[i] = if p == NONE {
            NONE
        } else if node_of[p] != NONE {
            node_of[p]
        } else {
            anchor[p]
        };
        let a = anchor[i];
        if a == NONE {
            continue; // not under a drawn unit: cannot happen under a drawn root
        }
        folded += 1;
        if summary_of[a] == NONE {
            summary_of[a] = summaries.len();
            summaries.push(Vec::new());
            order.push(a);
        }
        let counts = &mut summaries[summary_of[a]];
        let k = *slot.entry((a, level[i])).or_insert_with(|| {
            counts.push((level[i], 0, 0, 0));
            counts.len() - 1
        });
        counts[k].1 += 1;
        if categories[i].is_unbroken() {
            counts[k].2 += 1;
        } else {
            counts[k].3 += 1;
        }
    }
    // In the order of their anchors on the page (met in the report's order; the page's
    // order is by node).
    order.sort_unstable();
    let summaries = order
        .into_iter()
        .map(|a| {
            let mut counts = std::mem::take(&mut summaries[summary_of[a]]);
            counts.sort_unstable_by_key(|c| c.0);
            // A summary names its first levels; the rest are added up under `NONE`, so that a
            // system deeper than a page folds into a box of a few lines.
            if counts.len() > SUMMARY_LEVELS {
                let rest = counts.split_off(SUMMARY_LEVELS - 1);
                let total = rest.iter().fold((NONE, 0, 0, 0), |t, c| {
                    (NONE, t.1 + c.1, t.2 + c.2, t.3 + c.3)
                });
                counts.push(total);
            }
            (a, counts)
        })
        .collect();
    (folded, summaries)
}

/// The node a unit hangs from: its parent's node, if drawn.
fn hanging(i: usize, parent: &[usize], node_of: &[usize]) -> usize {
    match parent[i] {
        NONE => NONE,
        p => node_of[p],
    }
}

/// Places the band of boxes `nodes[first..]` from `top` (their parents are earlier nodes);
/// returns where the band ends. A band that fits one row puts each run of siblings under its
/// parent as near as the others allow; a wider band is wrapped into rows, each run of
/// siblings kept together where it fits, each run's part of a row framed (in `groups`) and
/// labelled with its parent in the `label` pixels above the row.
fn place(
    nodes: &mut [Node],
    first: usize,
    groups: &mut Vec<Group>,
    label: f64,
    (left, right, top): (f64, f64, f64),
) -> f64 {
    let (above, band) = nodes.split_at_mut(first);
    if band.is_empty() {
        return top;
    }
    // Runs of siblings: [start, end) within the band.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for k in 0..band.len() {
        match runs.last_mut() {
            Some(run) if band[run.0].parent == band[k].parent => run.1 = k + 1,
            _ => runs.push((k, k + 1)),
        }
    }
    let run_width = |run: (usize, usize), band: &[Node]| -> f64 {
        band[run.0..run.1].iter().map(|n| n.width).sum::<f64>() + GAP * count(run.1 - run.0 - 1)
    };
    let widths: Vec<f64> = runs.iter().map(|&r| run_width(r, band)).collect();
    let total = widths.iter().sum::<f64>() + 2.0 * GAP * count(runs.len() - 1);
    let tallest = band.iter().map(|n| n.height).fold(BOX_HEIGHT, f64::max);
    let centre = |p: usize| -> Option<f64> { above.get(p).map(|n| n.x + n.width / 2.0) };
    if total <= right - left {
        let y = top + LEVEL_GAP;
        // Forward: each run at its parent's centre, or right of the run before.
        let mut lefts = Vec::with_capacity(runs.len());
        let mut cursor = left;
        let page_centre = f64::midpoint(left, right);
        for (r, &run) in runs.iter().enumerate() {
            let want = centre(band[run.0].parent).unwrap_or(page_centre) - widths[r] / 2.0;
            let at = want.max(cursor);
            lefts.push(at);
            cursor = at + widths[r] + 2.0 * GAP;
        }
        // Backward: pulled back inside the right edge, keeping the runs apart.
        let mut limit = right;
        for r in (0..runs.len()).rev() {
            if lefts[r] + widths[r] > limit {
                lefts[r] = limit - widths[r];
            }
            limit = lefts[r] - 2.0 * GAP;
        }
        for (r, &(start, end)) in runs.iter().enumerate() {
            let mut x = lefts[r].max(left);
            for node in &mut band[start..end] {
                node.x = x;
                node.y = y;
                x += node.width + GAP;
            }
        }
        return y + tallest;
    }
    place_wrapped(
        band,
        &runs,
        &widths,
        groups,
        label,
        (left, right, top),
        tallest,
    )
}

/// A band wider than the page: runs packed into rows, a run split only when it is wider
/// than a row, each row centred.
fn place_wrapped(
    band: &mut [Node],
    runs: &[(usize, usize)],
    widths: &[f64],
    groups: &mut Vec<Group>,
    label: f64,
    (left, right, top): (f64, f64, f64),
    tallest: f64,
) -> f64 {
    let row_height = label + tallest + GAP;
    let avail = right - left;
    let mut row = 0usize;
    let mut x = 0.0;
    let mut row_start = groups.len();
    let mut row_nodes: Vec<usize> = Vec::new();
    let finish_row = |row_nodes: &mut Vec<usize>,
                      row_start: usize,
                      used: f64,
                      band: &mut [Node],
                      groups: &mut [Group]| {
        let shift = left + ((avail - used) / 2.0).max(0.0);
        for &k in row_nodes.iter() {
            band[k].x += shift;
        }
        for g in &mut groups[row_start..] {
            g.left += shift;
            g.right += shift;
        }
        row_nodes.clear();
    };
    for (r, &(start, end)) in runs.iter().enumerate() {
        // A run that fits a row but not what is left of this one starts the next; a run
        // longer than a row starts where it is, as it is split anyway.
        if x > 0.0 && x + widths[r] > avail && widths[r] <= avail {
            finish_row(&mut row_nodes, row_start, x - 2.0 * GAP, band, groups);
            row += 1;
            x = 0.0;
            row_start = groups.len();
        }
        let parent = band[start].parent;
        let mut group_left = x;
        for k in start..end {
            let w = band[k].width;
            if x > 0.0 && x + w > avail {
                let row_top = top + LEVEL_GAP + count(row) * row_height;
                if k > start && x > group_left {
                    groups.push(Group {
                        parent,
                        left: group_left,
                        right: x - GAP,
                        top: row_top,
                    });
                }
                finish_row(&mut row_nodes, row_start, x - GAP, band, groups);
                row += 1;
                x = 0.0;
                group_left = 0.0;
                row_start = groups.len();
            }
            let row_top = top + LEVEL_GAP + count(row) * row_height;
            band[k].x = x;
            band[k].y = row_top + label;
            band[k].wrapped = true;
            row_nodes.push(k);
            x += w + GAP;
        }
        let row_top = top + LEVEL_GAP + count(row) * row_height;
        groups.push(Group {
            parent,
            left: group_left,
            right: x - GAP,
            top: row_top,
        });
        x += GAP;
    }
    finish_row(&mut row_nodes, row_start, x - 2.0 * GAP, band, groups);
    top + LEVEL_GAP + count(row + 1) * row_height
}

fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}
