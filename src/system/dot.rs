//! Graphviz DOT export of units and teams, with broken links and uncovered units marked.
//!
//! Units are boxes, one rank per level; teams are ellipses beside their unit. Supports links are
//! bold arrows, reports-to links dashed, collaborations dotted and two-headed. A unit whose
//! chain of support breaks is filled red; a team not connected to a top team is red; where the
//! chain breaks, a red dashed arrow labelled "missing supports" runs from the teams that should
//! support to the teams that are not supported. Practitioners are summarized as a count on their
//! unit (a million nodes would not render).

use std::fmt::Write as _;

use super::align::{BreakReason, Chains};
use super::{LinkKind, System, TeamsAt, When};

/// Quotes a DOT identifier or label.
///
/// A double quote and a backslash are escaped, a newline becomes DOT's `\n` line break, and
/// every other control character (NUL, a carriage return, a tab, C1 controls) is written as
/// visible text, `\u{0}` for NUL, so that Graphviz reads the string whole and shows what is
/// in the name. Line and paragraph separators (U+2028, U+2029) become `\n` too.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            // An escaped backslash, then the code point: Graphviz shows `\u{d}`.
            c if c.is_control() => {
                let _ = write!(out, "\\\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl System {
    /// The system as a Graphviz DOT digraph at `when`.
    ///
    /// ```
    /// use implsci::system::{System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let dot = system.to_dot(When::Current);
    /// assert!(dot.starts_with("digraph"));
    /// assert!(dot.contains("missing supports"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_dot(&self, when: When) -> String {
        let doc = &self.doc;
        let chains = self.chains(when);
        let present = self.teams_at(when);
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "digraph {} {{", quote(doc.id.as_str()));
        let _ = writeln!(
            out,
            "  label={}; labelloc=t; rankdir=TB; newrank=true;",
            quote(&doc.name)
        );
        let _ = writeln!(
            out,
            "  node [fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", fontsize=8];"
        );
        self.dot_nodes(&mut out, &chains, &present);
        self.dot_edges(&mut out, when);
        self.dot_missing_links(&mut out, &chains, &present);
        out.push_str("}\n");
        out
    }

    fn dot_nodes(&self, out: &mut String, chains: &Chains, present: &TeamsAt<'_>) {
        let idx = &self.index;
        let doc = &self.doc;
        let per_unit: Vec<usize> = (0..idx.practitioners_by_unit.groups())
            .map(|u| {
                idx.practitioners_by_unit
                    .row(super::structure::index(u))
                    .len()
            })
            .collect();
        // The units of each level, top-down, sorted into their levels in one pass (not one
        // pass over every unit per level, which is quadratic in a deep system).
        let mut by_level: Vec<Vec<u32>> = vec![Vec::new(); doc.levels.len()];
        for &u in &idx.top_down {
            by_level[idx.unit_level[u as usize] as usize].push(u);
        }
        for (level, units) in doc.levels.iter().zip(&by_level) {
            let _ = writeln!(
                out,
                "  subgraph {} {{ rank=same;",
                quote(&format!("level:{}", level.id))
            );
            for &u in units {
                let unit = &doc.units[u as usize];
                let name = unit.name.as_deref().unwrap_or(unit.id.as_str());
                let mut label = format!("{name}\n{} · {}", level.name, unit.id);
                if per_unit[u as usize] > 0 {
                    let _ = write!(label, "\n{} practitioners", per_unit[u as usize]);
                }
                let style = if chains.breaks(u) {
                    ", style=filled, fillcolor=\"#f8d7da\", color=\"#c0392b\""
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "    {} [shape=box, label={}{style}];",
                    self.unit_node(u),
                    quote(&label)
                );
                for t in present.teams(idx, u) {
                    let team = &doc.teams[t as usize];
                    let fill = if chains.connected[t as usize] {
                        "#d4edda"
                    } else {
                        "#f8d7da"
                    };
                    let label = team.name.as_deref().unwrap_or(team.id.as_str());
                    let _ = writeln!(
                        out,
                        "    {} [shape=ellipse, style=filled, fillcolor=\"{fill}\", label={}];",
                        self.team_node(t),
                        quote(label)
                    );
                }
            }
            let _ = writeln!(out, "  }}");
        }
    }

    fn dot_edges(&self, out: &mut String, when: When) {
        let idx = &self.index;
        let doc = &self.doc;
        for (child, &p) in idx.parent.iter().enumerate() {
            if p != super::structure::NONE {
                let _ = writeln!(
                    out,
                    "  {} -> {} [color=gray60, arrowhead=none];",
                    self.unit_node(p),
                    self.unit_node(super::structure::index(child))
                );
            }
        }
        for (t, &u) in idx.team_unit.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {} -> {} [style=dotted, arrowhead=none, color=gray60];",
                self.unit_node(u),
                self.team_node(super::structure::index(t))
            );
        }
        for (l, link) in doc.links.iter().enumerate() {
            if !self.link_active(super::structure::index(l), when) {
                continue;
            }
            let (Some(from), Some(to)) = (
                self.team_position(link.from.as_str()),
                self.team_position(link.to.as_str()),
            ) else {
                continue;
            };
            let style = match link.kind {
                LinkKind::Supports => "label=\"supports\", penwidth=2",
                LinkKind::ReportsTo => "label=\"reports to\", style=dashed",
                LinkKind::CollaboratesWith => {
                    "label=\"collaborates\", style=dotted, dir=both, constraint=false"
                }
            };
            let _ = writeln!(
                out,
                "  {} -> {} [{style}];",
                self.team_node(from),
                self.team_node(to)
            );
        }
    }

    fn dot_missing_links(&self, out: &mut String, chains: &Chains, present: &TeamsAt<'_>) {
        let idx = &self.index;
        // Where a chain breaks for want of a supports link, draw the missing link.
        for &u in &idx.top_down {
            if let Some((at, BreakReason::NotSupported { expected_from })) =
                &chains.broken[u as usize]
            {
                if *at != u {
                    continue;
                }
                let Some(above) = self.unit_position(expected_from.as_str()) else {
                    continue;
                };
                for s in present.teams(idx, above) {
                    for t in present.teams(idx, u) {
                        let _ = writeln!(
                            out,
                            "  {} -> {} [label=\"missing supports\", color=\"#c0392b\", fontcolor=\"#c0392b\", style=dashed];",
                            self.team_node(s),
                            self.team_node(t)
                        );
                    }
                }
            }
        }
    }

    fn unit_node(&self, u: u32) -> String {
        quote(&format!("unit:{}", self.unit_id(u)))
    }

    fn team_node(&self, t: u32) -> String {
        quote(&format!("team:{}", self.team_id(t)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        assert_eq!(super::quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(super::quote("x\ny"), r#""x\ny""#);
        assert_eq!(super::quote("a\0b"), r#""a\\u{0}b""#);
        assert_eq!(super::quote("a\r\nb\tc"), r#""a\\u{d}\nb\\u{9}c""#);
        assert_eq!(
            super::quote("\u{1b}[31m\u{7f}\u{85}"),
            r#""\\u{1b}[31m\\u{7f}\\u{85}""#
        );
    }
}
