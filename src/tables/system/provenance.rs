//! Where each part of an imported system came from, so that a problem the document's
//! validation finds (at a JSON path) is reported at the row and column of its table.

use std::collections::HashMap;

use crate::Problem;
use crate::tables::{Table, TableProblem, TableSpec};

/// A table's file and where its columns sit.
#[derive(Debug, Default)]
struct Layout {
    file: String,
    /// (column, number from 1, header)
    columns: Vec<(&'static str, usize, String)>,
}

/// The rows each part of the document came from.
#[derive(Debug, Default)]
pub(super) struct Provenance {
    layouts: HashMap<&'static str, Layout>,
    rows: HashMap<&'static str, Vec<u64>>,
    /// The rows of the table being read.
    current: Vec<u64>,
    /// Per team (by index), the members' rows.
    members: Vec<Vec<u64>>,
    /// Per coach (by index), the caseload's rows.
    caseloads: Vec<Vec<u64>>,
    /// Per coach (by index), per innovation caseload (by index), its rows.
    innovation_caseloads: Vec<Vec<Vec<u64>>>,
}

impl Provenance {
    /// A table has been opened.
    pub(super) fn file(&mut self, table: &'static str, read: &Table, spec: &TableSpec) {
        let columns = spec
            .columns
            .iter()
            .filter_map(|c| {
                read.column(c.name())
                    .map(|(at, header)| (c.name(), at, header.to_string()))
            })
            .collect();
        self.layouts.insert(
            table,
            Layout {
                file: read.file().to_string(),
                columns,
            },
        );
    }

    /// A table was given on the command line rather than read (`--levels`).
    pub(super) fn given(&mut self, table: &'static str, how: &str) {
        self.layouts.insert(
            table,
            Layout {
                file: how.to_string(),
                columns: Vec::new(),
            },
        );
    }

    /// The file a table was read from.
    pub(super) fn file_of(&self, table: &str) -> String {
        self.layouts
            .get(table)
            .map_or_else(|| format!("{table}.csv"), |l| l.file.clone())
    }

    /// The next entity of the table being read came from row `number`.
    pub(super) fn row(&mut self, number: u64) {
        self.current.push(number);
    }

    /// The table being read is read: its rows are `table`'s.
    pub(super) fn done(&mut self, table: &'static str) {
        let rows = std::mem::take(&mut self.current);
        self.rows.entry(table).or_default().extend(rows);
    }

    /// The next member of team `team` came from row `number` of the members table.
    pub(super) fn member(&mut self, team: usize, number: u64) {
        push_at(&mut self.members, team, number);
    }

    /// The next entry of coach `coach`'s caseload for innovation `k` came from row `number`.
    pub(super) fn innovation_caseload(&mut self, coach: usize, k: usize, number: u64) {
        if self.innovation_caseloads.len() <= coach {
            self.innovation_caseloads.resize_with(coach + 1, Vec::new);
        }
        push_at(&mut self.innovation_caseloads[coach], k, number);
    }

    /// The next caseload entry of coach `coach` came from row `number`.
    pub(super) fn caseload(&mut self, coach: usize, number: u64) {
        push_at(&mut self.caseloads, coach, number);
    }

    /// A problem of the document, at the row and column it came from; at the table's header
    /// when the problem is of the whole table (no root), and at the path when nothing maps.
    pub(super) fn locate(&self, problem: &Problem) -> TableProblem {
        let path = problem.path.strip_prefix("$.").unwrap_or(&problem.path);
        let (table, row, field) = self.place(path).unwrap_or(("", None, ""));
        let Some(layout) = self.layouts.get(table) else {
            return TableProblem::at_row(
                &self.file_of("system"),
                1,
                format!("{}: {}", problem.path, problem.message),
            );
        };
        let message = match &problem.id {
            Some(id) => format!("{} (`{id}`)", problem.message),
            None => problem.message.clone(),
        };
        let mut located = TableProblem::at_row(&layout.file, row.unwrap_or(1), message);
        if let Some((_, at, header)) = layout.columns.iter().find(|(c, _, _)| *c == field) {
            located.column = Some(*at);
            located.header = Some(header.clone());
        }
        located
    }

    /// The table, row and column of a path below `$.`.
    fn place<'p>(&self, path: &'p str) -> Option<(&'static str, Option<u64>, &'p str)> {
        let (first, rest) = segment(path);
        let (name, index) = first;
        let rows = |table: &'static str, i: Option<usize>| {
            i.and_then(|i| self.rows.get(table)?.get(i).copied())
        };
        match name {
            "settings" => {
                let (field, _) = segment(rest).0;
                Some(("system", rows("system", Some(0)), field))
            }
            "teams" => {
                let ((next, j), after) = segment(rest);
                if next == "members" {
                    let row = index
                        .zip(j)
                        .and_then(|(i, j)| self.members.get(i)?.get(j).copied());
                    Some(("members", row, segment(after).0.0))
                } else {
                    Some(("teams", rows("teams", index), next))
                }
            }
            "coaches" => {
                let ((next, j), after) = segment(rest);
                match next {
                    "caseload" => {
                        let row = index
                            .zip(j)
                            .and_then(|(i, j)| self.caseloads.get(i)?.get(j).copied());
                        Some(("caseloads", row, "practitioner"))
                    }
                    "innovation_caseloads" => {
                        // `[k].practitioners[j]`, or `[k].innovation`: the list's first row.
                        let ((field, m), _) = segment(after);
                        let row = index.zip(j).and_then(|(i, k)| {
                            let rows = self.innovation_caseloads.get(i)?.get(k)?;
                            rows.get(m.unwrap_or(0)).copied()
                        });
                        let column = if field == "innovation" {
                            "innovation"
                        } else {
                            "practitioner"
                        };
                        Some(("caseloads", row, column))
                    }
                    "person" => {
                        let field = match after.rsplit('.').next() {
                            Some("team") => "team",
                            _ => "person",
                        };
                        Some(("coaches", rows("coaches", index), field))
                    }
                    other => Some(("coaches", rows("coaches", index), other)),
                }
            }
            "levels" | "units" | "links" | "practitioners" => {
                let table = match name {
                    "levels" => "levels",
                    "units" => "units",
                    "links" => "links",
                    _ => "practitioners",
                };
                Some((table, rows(table, index), segment(rest).0.0))
            }
            "id" | "name" => Some(("system", rows("system", Some(0)), name)),
            _ => None,
        }
    }
}

/// Pushes `number` onto the list at `at`, making the lists up to it.
fn push_at(lists: &mut Vec<Vec<u64>>, at: usize, number: u64) {
    if lists.len() <= at {
        lists.resize_with(at + 1, Vec::new);
    }
    lists[at].push(number);
}

/// The first segment of a path (`units[3]` as `("units", Some(3))`) and the rest after its dot.
fn segment(path: &str) -> ((&str, Option<usize>), &str) {
    let end = path.find('.').unwrap_or(path.len());
    let (head, rest) = path.split_at(end);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    match head.split_once('[') {
        Some((name, index)) => {
            let i = index.trim_end_matches(']').parse().ok();
            ((name, i), rest)
        }
        None => ((head, None), rest),
    }
}
