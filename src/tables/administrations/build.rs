//! The rows of an administrations table gathered into administrations: by date and subject,
//! then by respondent, with every problem at its cell.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde_json::Value;

use super::import::Form;
use super::items::{Items, Named};
use super::{AdministrationsOptions, SubjectKind, VOTES};
use crate::Extensions;
use crate::id::{ItemId, PersonId};
use crate::score::{Administration, ExplorationDecision, Response, ScoreSubject};
use crate::tables::write::{extension_key, read_extensions, read_extensions_where};
use crate::tables::{DateFormat, Row, Table, TableProblem, normalize_header};

/// Whose ratings a row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    /// The respondent cell is blank (or there is no such column).
    Nobody,
    /// The consensus marker.
    Consensus,
    /// A member.
    Member(PersonId),
}

/// The rows of one administration by one respondent (or the consensus, or no one).
struct Group {
    /// The respondent's cell of the group's first row, for its problems.
    at: TableProblem,
    /// Rows read.
    rows: u64,
    /// The ratings, in row (long) or column (wide) order.
    responses: Vec<Response>,
    /// Item position → the row it was rated in.
    seen: HashMap<usize, u64>,
}

/// One administration as its rows are read.
struct Admin {
    date: Date,
    subject: ScoreSubject,
    listed: Vec<PersonId>,
    /// The decision, with the row that first gave it.
    decision: Option<(ExplorationDecision, u64)>,
    nobody: Option<Group>,
    consensus: Option<Group>,
    members: Vec<(PersonId, Group)>,
    extensions: Extensions,
    /// Extension key → its cell where first given, for its problems.
    extension_at: HashMap<String, (u64, TableProblem)>,
}

impl Admin {
    fn group(&mut self, who: &Who, at: TableProblem) -> &mut Group {
        let new = || Group {
            at,
            rows: 0,
            responses: Vec::new(),
            seen: HashMap::new(),
        };
        match who {
            Who::Nobody => self.nobody.get_or_insert_with(new),
            Who::Consensus => self.consensus.get_or_insert_with(new),
            Who::Member(person) => {
                let k = if let Some(k) = self.members.iter().position(|(p, _)| p == person) {
                    k
                } else {
                    self.members.push((person.clone(), new()));
                    self.members.len() - 1
                };
                &mut self.members[k].1
            }
        }
    }

    /// Records the decision a row gives; a different one from an earlier row's is a problem at
    /// this row's cell.
    fn decide(
        &mut self,
        decision: ExplorationDecision,
        table: &Table,
        row: &Row,
        problems: &mut Vec<TableProblem>,
    ) {
        match self.decision {
            None => self.decision = Some((decision, row.number())),
            Some((first, _)) if first == decision => {}
            Some((first, at)) => {
                let message = format!(
                    "the decision `{decision}` for {}, whose decision is `{first}` at row {at}; \
                     an administration has one decision",
                    self.name()
                );
                problems.push(table.problem(row, "decision", message));
            }
        }
    }

    /// The administration's name in messages: ``unit `wake` on 2024-10-01``.
    fn name(&self) -> String {
        format!("{} on {}", self.subject, self.date)
    }
}

/// The administrations read so far.
pub(super) struct Build<'a> {
    items: &'a Items<'a>,
    how: &'a AdministrationsOptions,
    date_format: &'a DateFormat,
    form: Form,
    administrations: Vec<Admin>,
    index: HashMap<(Date, ScoreSubject), usize>,
    /// The rows refused as they were read.
    pub(super) refused: HashSet<u64>,
}

impl<'a> Build<'a> {
    /// Nothing read yet.
    pub(super) fn new(
        items: &'a Items<'a>,
        how: &'a AdministrationsOptions,
        date_format: &'a DateFormat,
        form: Form,
    ) -> Self {
        Self {
            items,
            how,
            date_format,
            form,
            administrations: Vec::new(),
            index: HashMap::new(),
            refused: HashSet::new(),
        }
    }

    /// Reads one row into its administration, or records its problems.
    pub(super) fn row(&mut self, table: &Table, row: &Row, problems: &mut Vec<TableProblem>) {
        let date = self.date(table, row, problems);
        let subject = self.subject(table, row, problems);
        let who = self.who(table, row, problems);
        let listed = listed(table, row, problems);
        let decision = decision(table, row, problems);
        let ratings = self.ratings(table, row, problems);
        let keep = |header: &str| match &self.form {
            Form::Long => true,
            Form::Wide { not_extensions, .. } => !not_extensions.contains(header),
        };
        let extensions = match &self.form {
            Form::Long => read_extensions(table, row),
            Form::Wide { .. } => read_extensions_where(table, row, keep),
        }
        .map_err(|p| problems.push(p))
        .ok()
        .map(|e| located(e, table, row, keep));
        let (Some(date), Some(subject), Some(who)) = (date, subject, who) else {
            return;
        };
        let k = *self
            .index
            .entry((date, subject.clone()))
            .or_insert_with(|| {
                self.administrations.push(Admin {
                    date,
                    subject,
                    listed: Vec::new(),
                    decision: None,
                    nobody: None,
                    consensus: None,
                    members: Vec::new(),
                    extensions: Extensions::new(),
                    extension_at: HashMap::new(),
                });
                self.administrations.len() - 1
            });
        let admin = &mut self.administrations[k];
        for person in listed {
            if !admin.listed.contains(&person) {
                admin.listed.push(person);
            }
        }
        if let Some(decision) = decision {
            admin.decide(decision, table, row, problems);
        }
        let whose = if table.has("respondent") {
            "respondent"
        } else {
            "subject"
        };
        let name = admin.name();
        let wide = matches!(self.form, Form::Wide { .. });
        let group = admin.group(&who, table.problem(row, whose, String::new()));
        if wide && group.rows > 0 {
            let by = match &who {
                Who::Nobody if whose == "subject" => String::new(),
                Who::Nobody => " with no respondent".to_string(),
                Who::Consensus => format!(" of the consensus (`{}`)", self.how.consensus),
                Who::Member(p) => format!(" of respondent `{p}`"),
            };
            problems.push(table.problem(
                row,
                whose,
                format!(
                    "a second row{by} for {name} (first at row {}); one row per administration{}",
                    group.at.row,
                    if whose == "subject" {
                        ""
                    } else {
                        " and respondent"
                    }
                ),
            ));
            return;
        }
        group.rows += 1;
        for (k, value, cell) in ratings {
            if let Some(first) = group.seen.get(&k) {
                let id = &self.items.definition().items[k].id;
                let message =
                    format!("item `{id}` is answered twice for {name} (first at row {first})");
                problems.push(cell.problem(table, row, message));
                continue;
            }
            group.seen.insert(k, row.number());
            if let Rated::Value(value) = value {
                group.responses.push(Response {
                    item: self.items.definition().items[k].id.clone(),
                    value,
                });
            }
        }
        if let Some(extensions) = extensions {
            merge(admin, extensions, row, problems);
        }
    }

    fn date(&self, table: &Table, row: &Row, problems: &mut Vec<TableProblem>) -> Option<Date> {
        match table.date(row, "date", self.date_format) {
            Ok(Some(d)) if crate::date::is_writable(d) => Some(d),
            Ok(Some(d)) => {
                let message = format!("the year of {d} is outside 0000-9999");
                problems.push(table.problem(row, "date", message));
                None
            }
            Ok(None) => {
                let message = "no date: each administration has one".to_string();
                problems.push(table.problem(row, "date", message));
                None
            }
            Err(p) => {
                problems.push(p);
                None
            }
        }
    }

    fn subject(
        &self,
        table: &Table,
        row: &Row,
        problems: &mut Vec<TableProblem>,
    ) -> Option<ScoreSubject> {
        let kind: SubjectKind = self.how.subject;
        let Some(id) = table.get(row, "subject") else {
            let message = format!("no subject: the {kind} the administration is about");
            problems.push(table.problem(row, "subject", message));
            return None;
        };
        kind.subject(id)
            .map_err(|e| {
                problems.push(table.problem(
                    row,
                    "subject",
                    format!("{id:?} is not a {kind} id: {e}"),
                ));
            })
            .ok()
    }

    fn who(&self, table: &Table, row: &Row, problems: &mut Vec<TableProblem>) -> Option<Who> {
        match table.get(row, "respondent") {
            None => Some(Who::Nobody),
            Some(s) if self.how.is_consensus(s) => Some(Who::Consensus),
            Some(s) => PersonId::new(s)
                .map(Who::Member)
                .map_err(|e| {
                    let message = format!("{s:?} is not a person id: {e}");
                    problems.push(table.problem(row, "respondent", message));
                })
                .ok(),
        }
    }

    /// The row's ratings: (item position, value, column position), each checked.
    fn ratings(
        &self,
        table: &Table,
        row: &Row,
        problems: &mut Vec<TableProblem>,
    ) -> Vec<(usize, Rated, Cell)> {
        let mut out = Vec::new();
        match &self.form {
            Form::Long => {
                let value = table.get(row, "value");
                let Some(name) = table.get(row, "item") else {
                    if value.is_some() {
                        let message = "a rating without an item".to_string();
                        problems.push(table.problem(row, "value", message));
                    }
                    return out; // a row naming the administration (and respondent) alone
                };
                match self.items.name(name) {
                    Named::Item(k) => {
                        let checked = self.rating(k, value).map_err(|m| {
                            problems.push(table.problem(row, "value", m));
                        });
                        out.push((k, Rated::of(checked), Cell::Known("item")));
                    }
                    Named::Ambiguous(several) => {
                        problems.push(table.problem(
                            row,
                            "item",
                            self.items.ambiguous(name, &several),
                        ));
                    }
                    Named::LooksLikeAnItem | Named::Other => {
                        problems.push(table.problem(row, "item", self.items.no_such_item(name)));
                    }
                }
            }
            Form::Wide { columns, .. } => {
                for &(at, k) in columns {
                    let cell = row.cells.get(at).map(str::trim).filter(|s| !s.is_empty());
                    let checked = self.rating(k, cell).map_err(|m| {
                        problems.push(Cell::At(at).problem(table, row, m));
                    });
                    out.push((k, Rated::of(checked), Cell::At(at)));
                }
            }
        }
        out
    }

    /// A rating of item `k`: blank is unanswered; otherwise a number the scale takes.
    fn rating(&self, k: usize, cell: Option<&str>) -> Result<Option<f64>, String> {
        let Some(s) = cell else {
            return Ok(None);
        };
        let definition = self.items.definition();
        let scale = definition.scale;
        let value = s
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                format!(
                    "{s:?} is not a number (a rating from {} to {})",
                    scale.min, scale.max
                )
            })?;
        let item: &ItemId = &definition.items[k].id;
        match scale.refuse(item, value) {
            Some(refused) => Err(refused.to_string()),
            None => Ok(Some(value)),
        }
    }

    /// The administrations, once every row is read, each with the first row it came from;
    /// `refuse` is told each row a problem found now refuses.
    pub(super) fn finish(
        self,
        problems: &mut Vec<TableProblem>,
        mut refuse: impl FnMut(u64),
    ) -> Vec<(Administration, u64)> {
        let instrument = &self.items.definition().id;
        let marker = &self.how.consensus;
        let mut out = Vec::with_capacity(self.administrations.len());
        for admin in self.administrations {
            let first = [admin.nobody.as_ref(), admin.consensus.as_ref()]
                .into_iter()
                .flatten()
                .chain(admin.members.iter().map(|(_, g)| g))
                .map(|g| g.at.row)
                .min()
                .unwrap_or(1);
            let mut late = |at: &TableProblem, message: String| {
                refuse(at.row);
                problems.push(TableProblem {
                    message,
                    ..at.clone()
                });
            };
            let name = admin.name();
            let mut a = Administration::new(instrument.clone(), admin.date, admin.subject);
            a.respondents = admin.listed;
            a.decision = admin.decision.map(|(d, _)| d);
            for (person, _) in &admin.members {
                if !a.respondents.contains(person) {
                    a.respondents.push(person.clone());
                }
            }
            a.extensions = admin.extensions;
            if let Some(consensus) = admin.consensus {
                if let Some(nobody) = &admin.nobody {
                    let message = format!(
                        "a row with no respondent among the rows of {name}, which has a \
                         `{marker}` row: name the member, or mark the row `{marker}`"
                    );
                    late(&nobody.at, message);
                }
                a.responses = consensus.responses;
                let votes: Vec<Value> = admin
                    .members
                    .iter()
                    .filter(|(_, g)| !g.responses.is_empty())
                    .map(|(p, g)| vote(p, &g.responses))
                    .collect();
                if !votes.is_empty() {
                    if let Some((_, at)) = admin.extension_at.get(VOTES) {
                        let message = format!(
                            "the extension `{VOTES}` of {name} is where its members' ratings are \
                             kept; rename this column"
                        );
                        late(at, message);
                    }
                    a.extensions.insert(VOTES.to_string(), Value::Array(votes));
                }
            } else if let [(first, _), (second, group), ..] = admin.members.as_slice() {
                let message = format!(
                    "rows of {} respondents (`{first}`, `{second}`, …) for {name} and no \
                     `{marker}` row: add one with the agreed ratings",
                    admin.members.len()
                );
                late(&group.at, message);
            } else if let ([(person, _)], Some(nobody)) = (admin.members.as_slice(), &admin.nobody)
            {
                let message = format!(
                    "a row with no respondent among the rows of respondent `{person}` for {name}"
                );
                late(&nobody.at, message);
            } else if let Some((_, group)) = admin.members.into_iter().next() {
                a.responses = group.responses;
            } else if let Some(group) = admin.nobody {
                a.responses = group.responses;
            }
            out.push((a, first));
        }
        out
    }
}

/// The respondents listed in a row's `respondents` cell, separated by `;`.
fn listed(table: &Table, row: &Row, problems: &mut Vec<TableProblem>) -> Vec<PersonId> {
    let Some(cell) = table.get(row, "respondents") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for id in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        match PersonId::new(id) {
            Ok(p) => out.push(p),
            Err(e) => {
                let message = format!("{id:?} is not a person id: {e}");
                problems.push(table.problem(row, "respondents", message));
            }
        }
    }
    out
}

/// The decision in a row's `decision` cell, matched as headers are (`De-implement`); blank
/// says nothing.
fn decision(
    table: &Table,
    row: &Row,
    problems: &mut Vec<TableProblem>,
) -> Option<ExplorationDecision> {
    let cell = table.get(row, "decision")?;
    let wanted = normalize_header(cell);
    let found = ExplorationDecision::ALL
        .into_iter()
        .find(|d| normalize_header(d.as_str()) == wanted);
    if found.is_none() {
        let names: Vec<&str> = ExplorationDecision::ALL
            .map(ExplorationDecision::as_str)
            .into();
        let message = format!(
            "{cell:?} is not a decision; expected one of: {}",
            names.join(", ")
        );
        problems.push(table.problem(row, "decision", message));
    }
    found
}

/// A row's extensions, each with its cell (for its problems).
fn located(
    extensions: Extensions,
    table: &Table,
    row: &Row,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, Value, TableProblem)> {
    let extra = table.extra(row);
    extensions
        .into_iter()
        .map(|(key, value)| {
            let header = extra
                .iter()
                .map(|(h, _)| *h)
                .find(|h| keep(h) && extension_key(h).0 == key)
                .unwrap_or(key.as_str())
                .to_string();
            let at = table.problem_at_header(row, &header, String::new());
            (key, value, at)
        })
        .collect()
}

/// Adds a row's extensions to its administration's; a key given two values is a problem.
fn merge(
    admin: &mut Admin,
    extensions: Vec<(String, Value, TableProblem)>,
    row: &Row,
    problems: &mut Vec<TableProblem>,
) {
    for (key, value, at) in extensions {
        match admin.extensions.get(&key) {
            None => {
                admin.extension_at.insert(key.clone(), (row.number(), at));
                admin.extensions.insert(key, value);
            }
            Some(first) if *first == value => {}
            Some(first) => {
                let first_row = admin.extension_at.get(&key).map_or(0, |(r, _)| *r);
                problems.push(TableProblem {
                    message: format!(
                        "the extension `{key}` of {} is {first} at row {first_row}; an \
                         administration has one value",
                        admin.name()
                    ),
                    ..at
                });
            }
        }
    }
}

/// A member's ratings as kept under `votes`: `{"respondent": …, "responses": [{"item": …,
/// "value": …}, …]}`, in the order rated, a whole rating as a JSON integer (as documents
/// write them), an unanswered one as `null`.
pub(super) fn vote(person: &PersonId, responses: &[Response]) -> Value {
    let responses: Vec<Value> = responses
        .iter()
        .map(|r| serde_json::json!({"item": r.item.as_str(), "value": r.value.map(number)}))
        .collect();
    serde_json::json!({"respondent": person.as_str(), "responses": responses})
}

/// A rating as JSON: an integer when it is whole (and exact as one), else a float.
fn number(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "whole and below 2^53: exact"
        )]
        let whole = value as i64;
        Value::from(whole)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

/// A rating cell, read.
#[derive(Debug, Clone, Copy)]
enum Rated {
    /// Refused (its problem recorded).
    Refused,
    /// A rating, or `None` when unanswered.
    Value(Option<f64>),
}

impl Rated {
    fn of(checked: Result<Option<f64>, ()>) -> Self {
        checked.map_or(Self::Refused, Self::Value)
    }
}

/// Where a rating's cell is: a known column, or a column by position.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Known(&'static str),
    At(usize),
}

impl Cell {
    /// A problem at the cell.
    fn problem(self, table: &Table, row: &Row, message: String) -> TableProblem {
        match self {
            Self::Known(column) => table.problem(row, column, message),
            Self::At(position) => TableProblem {
                column: Some(position + 1),
                header: table.headers().get(position).cloned(),
                ..TableProblem::at_row(table.file(), row.number(), message)
            },
        }
    }
}
