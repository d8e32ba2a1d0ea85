//! Reading a system's tables into a document.

use std::collections::{HashMap, HashSet};

use super::provenance::Provenance;
use super::{CASELOADS, COACHES, LEVELS, LINKS, MEMBERS, PRACTITIONERS, SYSTEM, TEAMS, UNITS};
use crate::Document;
use crate::id::{InnovationId, LevelId, Role, SystemId, TeamId};
use crate::system::{
    Coach, CoachPerson, InnovationCaseload, Level, LinkKind, Member, Practitioner, SizeRange,
    SystemDocument, Team, TeamLink, Unit,
};
use crate::tables::cells::Cells;
use crate::tables::source::{Reading, missing_table};
use crate::tables::{ImportError, Imported, ReadOptions, Source, TableProblem, TableSpec, Tally};

/// What the tables may leave to the command line: the system's id and name when there is no
/// `system` table, and the levels when there is no `levels` table. Given both ways, the two
/// are a problem to settle, not a silent choice.
///
/// ```
/// use implsci::tables::SystemOptions;
/// let options = SystemOptions::default().id("nc-dpi".parse()?).levels(vec!["state".parse()?, "school".parse()?]);
/// assert_eq!(options.levels.as_ref().map(Vec::len), Some(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SystemOptions {
    /// The system's id, when there is no `system` table.
    pub id: Option<SystemId>,
    /// Its name, when there is no `system` table (the id when neither says).
    pub name: Option<String>,
    /// The id when neither a `system` table nor [`SystemOptions::id`] gives one: the command
    /// line passes the name of the folder or workbook.
    pub default_id: Option<SystemId>,
    /// The levels, top to bottom, when there is no `levels` table; each named by its id
    /// capitalized (`district` is `District`).
    pub levels: Option<Vec<LevelId>>,
}

impl SystemOptions {
    /// With this id.
    ///
    /// ```
    /// let o = implsci::tables::SystemOptions::default().id("nc".parse()?);
    /// assert_eq!(o.id.map(|i| i.to_string()).as_deref(), Some("nc"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn id(mut self, id: SystemId) -> Self {
        self.id = Some(id);
        self
    }

    /// With this name.
    ///
    /// ```
    /// let o = implsci::tables::SystemOptions::default().name("North Carolina");
    /// assert_eq!(o.name.as_deref(), Some("North Carolina"));
    /// ```
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// With this id when nothing else gives one.
    ///
    /// ```
    /// let o = implsci::tables::SystemOptions::default().default_id("state-tables".parse()?);
    /// assert!(o.id.is_none() && o.default_id.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn default_id(mut self, id: SystemId) -> Self {
        self.default_id = Some(id);
        self
    }

    /// With these levels, top to bottom.
    ///
    /// ```
    /// let o = implsci::tables::SystemOptions::default().levels(vec!["state".parse()?]);
    /// assert!(o.levels.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn levels(mut self, levels: Vec<LevelId>) -> Self {
        self.levels = Some(levels);
        self
    }
}

/// Reads an implementation system from its tables ([`SYSTEM_TABLES`](super::SYSTEM_TABLES)):
/// every problem of every table at once, each at its file, row and column; then the document
/// is validated as any document is, each problem of meaning (a dangling parent, a duplicate
/// id) mapped back to the row and column it came from.
///
/// ```
/// use implsci::tables::{Folder, ReadOptions, SystemOptions, import_system};
/// let imported = import_system(&mut Folder::new("examples/data/tables"), &ReadOptions::default(), &SystemOptions::default())?;
/// let doc = &imported.document;
/// assert_eq!(doc.levels.len(), 4);
/// assert!(implsci::system::System::build(doc.clone()).is_ok());
/// let units = imported.tallies.iter().find(|t| t.table == "units").unwrap();
/// assert_eq!(units.used as usize, doc.units.len());
/// # Ok::<(), implsci::tables::ImportError>(())
/// ```
///
/// # Errors
///
/// [`ImportError`]: every problem, and the account of every table read.
pub fn import_system(
    source: &mut dyn Source,
    options: &ReadOptions,
    system: &SystemOptions,
) -> Result<Imported<SystemDocument>, ImportError> {
    let mut r = SystemReader {
        problems: Vec::new(),
        refused_teams: HashSet::new(),
        refused_coaches: HashSet::new(),
        refused_tables: HashSet::new(),
        tallies: Vec::new(),
        prov: Provenance::default(),
        options,
    };
    let mut doc = r.system(source, system);
    doc.levels = r.levels(source, system);
    doc.units = r.units(source);
    doc.teams = r.teams(source);
    r.members(source, &mut doc.teams);
    doc.links = r.links(source, &doc.teams);
    doc.practitioners = r.practitioners(source);
    doc.coaches = r.coaches(source);
    r.caseloads(source, &mut doc.coaches);
    let SystemReader {
        mut problems,
        tallies,
        prov,
        ..
    } = r;
    if problems.is_empty()
        && let Err(e) = doc.validate()
    {
        problems.extend(e.problems().iter().map(|p| prov.locate(p)));
    }
    if problems.is_empty() {
        Ok(Imported {
            document: doc,
            tallies,
        })
    } else {
        Err(ImportError { problems, tallies })
    }
}

struct SystemReader<'o> {
    problems: Vec<TableProblem>,
    /// The teams and coaches whose own rows were refused: rows that name them say nothing
    /// more, their problem being said once.
    refused_teams: HashSet<TeamId>,
    refused_coaches: HashSet<String>,
    refused_tables: HashSet<&'static str>,
    tallies: Vec<Tally>,
    prov: Provenance,
    options: &'o ReadOptions,
}

impl SystemReader<'_> {
    /// Reads every row of a table with `each`; `false` when the source has no such table.
    fn table(
        &mut self,
        source: &mut dyn Source,
        spec: &TableSpec,
        mut each: impl FnMut(&mut Cells<'_>, &mut Provenance),
    ) -> bool {
        let before = self.problems.len();
        let Some(reading) = Reading::open(
            source,
            spec.name,
            spec.columns,
            self.options,
            &mut self.problems,
        ) else {
            // A table whose header is refused is there, its problem said; rows that name its
            // entities say nothing more.
            let refused = self.problems.len() > before;
            if refused {
                self.refused_tables.insert(spec.name);
            }
            return refused;
        };
        self.prov.file(spec.name, reading.reader.table(), spec);
        let dates = &self.options.date_format;
        let prov = &mut self.prov;
        let tally = reading.each(&mut self.problems, |table, row, problems| {
            let mut cells = Cells {
                table,
                row,
                problems,
                dates,
            };
            each(&mut cells, prov);
        });
        self.prov.done(spec.name);
        self.tallies.push(tally);
        true
    }

    fn system(&mut self, source: &mut dyn Source, options: &SystemOptions) -> SystemDocument {
        let mut found: Vec<SystemDocument> = Vec::new();
        let mut rows = 0;
        let present = self.table(source, &SYSTEM, |c, prov| {
            rows += 1;
            let id = c.required_id::<SystemId>("id");
            let name = c.text("name").map(str::to_string);
            let min = c.count("team_size_min");
            // `none`: no upper bound (the bound is this crate's choice; see `SizeRange`).
            let no_max = c
                .text("team_size_max")
                .is_some_and(|t| t.eq_ignore_ascii_case("none"));
            let max = if no_max {
                None
            } else {
                c.count("team_size_max")
            };
            let mut require = Vec::new();
            for level in c.text("require_team_at").unwrap_or_default().split(';') {
                let level = level.trim();
                if level.is_empty() {
                    continue;
                }
                match level.parse::<LevelId>() {
                    Ok(l) => require.push(l),
                    Err(e) => c.problem(
                        "require_team_at",
                        format!("{level:?} is not a level id: {e}"),
                    ),
                }
            }
            let extensions = c.extensions();
            if rows > 1 {
                c.problem("id", "a second row; the `system` table has one".into());
                return;
            }
            prov.row(c.row.number());
            let Some(id) = id else { return };
            let name = name.unwrap_or_else(|| id.to_string());
            let mut doc = SystemDocument::new(id, name);
            let default = SizeRange::default();
            doc.settings.team_size = SizeRange {
                min: min.unwrap_or(default.min),
                max: if no_max { None } else { max.or(default.max) },
            };
            doc.settings.require_team_at = require;
            doc.extensions = extensions;
            found.push(doc);
        });
        if let Some(doc) = found.pop() {
            if options.id.is_some() || options.name.is_some() {
                self.problems.push(TableProblem::at_row(
                    &self.prov.file_of("system"),
                    1,
                    "the system's id or name is given twice, by this table and by `--id` or `--name`; keep one".into(),
                ));
            }
            return doc;
        }
        // An empty `system` table (as the template writes it) is no table.
        let id = options.id.clone().or_else(|| options.default_id.clone());
        if let Some(id) = id {
            let name = options.name.clone().unwrap_or_else(|| id.to_string());
            return SystemDocument::new(id, name);
        }
        let problem = if present {
            TableProblem::at_row(
                &self.prov.file_of("system"),
                2,
                "the `system` table has no row, and no id is given (`--id`); it needs one: id, name".into(),
            )
        } else {
            TableProblem::at_row(
                &source.describe(),
                1,
                "no table `system` and no id given (`--id`)".into(),
            )
        };
        self.problems.push(problem);
        SystemDocument::new("system".parse().expect("a valid id"), "")
    }

    fn levels(&mut self, source: &mut dyn Source, options: &SystemOptions) -> Vec<Level> {
        let mut levels = Vec::new();
        let present = self.table(source, &LEVELS, |c, prov| {
            let id = c.required_id::<LevelId>("id");
            let name = c.text("name").map(str::to_string);
            let extensions = c.extensions();
            if let Some(id) = id {
                prov.row(c.row.number());
                let name = name.unwrap_or_else(|| capitalized(id.as_str()));
                let mut level = Level::new(id, name);
                level.extensions = extensions;
                levels.push(level);
            }
        });
        match (&options.levels, present) {
            (Some(_), true) => self.problems.push(TableProblem::at_row(
                &self.prov.file_of("levels"),
                1,
                "the levels are given twice, by this table and by `--levels`; keep one".into(),
            )),
            (Some(given), false) => {
                self.prov.given("levels", "--levels");
                for id in given {
                    self.prov.row(1);
                    levels.push(Level::new(id.clone(), capitalized(id.as_str())));
                }
                self.prov.done("levels");
            }
            (None, true) => {}
            (None, false) => self.problems.push(TableProblem::at_row(
                &source.describe(),
                1,
                "no table `levels` and no `--levels state,region,district,school`".into(),
            )),
        }
        levels
    }

    fn units(&mut self, source: &mut dyn Source) -> Vec<Unit> {
        let mut units = Vec::new();
        let present = self.table(source, &UNITS, |c, prov| {
            let (id, level, parent) = (c.required_id("id"), c.required_id("level"), c.id("parent"));
            let name = c.text("name").map(str::to_string);
            let extensions = c.extensions();
            if let (Some(id), Some(level)) = (id, level) {
                prov.row(c.row.number());
                let mut unit = Unit::new(id, level, parent);
                unit.name = name;
                unit.extensions = extensions;
                units.push(unit);
            }
        });
        if !present {
            self.problems.push(missing_table(source, "units"));
        }
        units
    }

    fn teams(&mut self, source: &mut dyn Source) -> Vec<Team> {
        let mut teams = Vec::new();
        let mut refused = HashSet::new();
        self.table(source, &TEAMS, |c, prov| {
            let before = c.problems.len();
            let (id, unit) = (c.required_id::<TeamId>("id"), c.required_id("unit"));
            let name = c.text("name").map(str::to_string);
            let (start, end) = (c.date("start"), c.date("end"));
            let innovations = innovation_list(c);
            let extensions = c.extensions();
            if c.problems.len() > before {
                refused.extend(id);
                return;
            }
            if let (Some(id), Some(unit)) = (id, unit) {
                prov.row(c.row.number());
                let mut team = Team::new(id, unit);
                team.name = name;
                team.start = start;
                team.end = end;
                team.innovations = innovations;
                team.extensions = extensions;
                teams.push(team);
            }
        });
        self.refused_teams = refused;
        teams
    }

    fn members(&mut self, source: &mut dyn Source, teams: &mut [Team]) {
        let index: HashMap<TeamId, usize> = teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let default_role: Role = "member".parse().expect("a valid role");
        let refused = std::mem::take(&mut self.refused_teams);
        let teams_refused = self.refused_tables.contains("teams");
        self.table(source, &MEMBERS, |c, prov| {
            let (team, person) = (c.required_id::<TeamId>("team"), c.required_id("person"));
            let role = c.id::<Role>("role");
            let (start, end) = (c.date("start"), c.date("end"));
            let extensions = c.extensions();
            let Some(team) = team else { return };
            let Some(&t) = index.get(&team) else {
                // A team whose own row was refused has said its problem already.
                if !refused.contains(&team) && !teams_refused {
                    c.problem("team", format!("no team `{team}` in the teams table"));
                }
                return;
            };
            let Some(start) = start.or(teams[t].start) else {
                c.problem(
                    "start",
                    format!("the start is blank and the team `{team}` has no start to take"),
                );
                return;
            };
            let Some(person) = person else { return };
            let mut member =
                Member::new(person, role.unwrap_or_else(|| default_role.clone()), start);
            member.end = end;
            member.extensions = extensions;
            prov.member(t, c.row.number());
            teams[t].members.push(member);
        });
        self.refused_teams = refused;
    }

    fn links(&mut self, source: &mut dyn Source, teams: &[Team]) -> Vec<TeamLink> {
        let starts: HashMap<&TeamId, Option<jiff::civil::Date>> =
            teams.iter().map(|t| (&t.id, t.start)).collect();
        let mut links = Vec::new();
        let refused = std::mem::take(&mut self.refused_teams);
        let teams_refused = self.refused_tables.contains("teams");
        self.table(source, &LINKS, |c, prov| {
            let (from, to) = (c.required_id::<TeamId>("from"), c.required_id::<TeamId>("to"));
            let kind = match c.text("kind") {
                None => Some(LinkKind::Supports),
                Some(k) => {
                    let kind = link_kind(k);
                    if kind.is_none() {
                        c.problem(
                            "kind",
                            format!("{k:?} is not a link kind: supports, reports_to or collaborates_with"),
                        );
                    }
                    kind
                }
            };
            let (start, end) = (c.date("start"), c.date("end"));
            let extensions = c.extensions();
            let (Some(from), Some(to), Some(kind)) = (from, to, kind) else { return };
            let mut known = true;
            for (column, team) in [("from", &from), ("to", &to)] {
                if !starts.contains_key(team) {
                    known = false;
                    if !refused.contains(team) && !teams_refused {
                        c.problem(column, format!("no team `{team}` in the teams table"));
                    }
                }
            }
            if !known {
                return;
            }
            let start = start.or_else(|| {
                let a = starts.get(&from).copied().flatten()?;
                let b = starts.get(&to).copied().flatten()?;
                Some(a.max(b))
            });
            let Some(start) = start else {
                if refused.contains(&from) || refused.contains(&to) {
                    return;
                }
                c.problem(
                    "start",
                    format!("the start is blank, and `{from}` and `{to}` do not both have a start to take the later of"),
                );
                return;
            };
            prov.row(c.row.number());
            let mut link = TeamLink::new(from, to, kind, start);
            link.end = end;
            link.extensions = extensions;
            links.push(link);
        });
        self.refused_teams = refused;
        links
    }

    fn practitioners(&mut self, source: &mut dyn Source) -> Vec<Practitioner> {
        let default_role: Role = "practitioner".parse().expect("a valid role");
        let mut out = Vec::new();
        self.table(source, &PRACTITIONERS, |c, prov| {
            let (id, unit) = (c.required_id("id"), c.required_id("unit"));
            let role = c.id::<Role>("role");
            let (start, end) = (c.date("start"), c.date("end"));
            let extensions = c.extensions();
            if let (Some(id), Some(unit)) = (id, unit) {
                prov.row(c.row.number());
                let mut p =
                    Practitioner::new(id, unit, role.unwrap_or_else(|| default_role.clone()));
                p.start = start;
                p.end = end;
                p.extensions = extensions;
                out.push(p);
            }
        });
        out
    }

    fn coaches(&mut self, source: &mut dyn Source) -> Vec<Coach> {
        let mut coaches = Vec::new();
        let mut refused = HashSet::new();
        self.table(source, &COACHES, |c, prov| {
            let before = c.problems.len();
            let id = c.required_id::<crate::id::CoachId>("id");
            let team = c.id::<TeamId>("team");
            let person = match team {
                Some(team) => c
                    .required_id("person")
                    .map(|person| CoachPerson::TeamMember { team, person }),
                None => c.required_id("person").map(CoachPerson::Practitioner),
            };
            let capacity = match c.required("capacity") {
                Some(_) => c.count("capacity"),
                None => None,
            };
            let extensions = c.extensions();
            if c.problems.len() > before {
                refused.extend(id.map(|i| i.to_string()));
                return;
            }
            if let (Some(id), Some(person), Some(capacity)) = (id, person, capacity) {
                prov.row(c.row.number());
                let mut coach = Coach::new(id, person, capacity);
                coach.extensions = extensions;
                coaches.push(coach);
            }
        });
        self.refused_coaches = refused;
        coaches
    }

    fn caseloads(&mut self, source: &mut dyn Source, coaches: &mut [Coach]) {
        let index: HashMap<String, usize> = coaches
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.to_string(), i))
            .collect();
        let refused = std::mem::take(&mut self.refused_coaches);
        let coaches_refused = self.refused_tables.contains("coaches");
        let mut last: Option<(String, usize)> = None;
        self.table(source, &CASELOADS, |c, prov| {
            let coach = c.required("coach");
            let practitioner = c.required_id("practitioner");
            let innovation = c.id::<InnovationId>("innovation");
            // A caseload row is an entry of the coach's list, which has no place for more.
            if c.table.has_unknown() {
                for (header, _) in c.table.extra(c.row) {
                    let p = c.table.problem_at_header(
                        c.row,
                        header,
                        "a caseload has no place for other columns: a coach's caseload is the list of whom they coach now".into(),
                    );
                    c.problems.push(p);
                }
            }
            let Some(coach) = coach else { return };
            // Rows of one coach usually follow each other: the last one found is tried first.
            let i = match &last {
                Some((id, i)) if id == coach => *i,
                _ => {
                    let Some(&i) = index.get(coach) else {
                        if !refused.contains(coach) && !coaches_refused {
                            c.problem("coach", format!("no coach `{coach}` in the coaches table"));
                        }
                        return;
                    };
                    last = Some((coach.to_string(), i));
                    i
                }
            };
            let Some(p) = practitioner else { return };
            match innovation {
                None => {
                    prov.caseload(i, c.row.number());
                    coaches[i].caseload.push(p);
                }
                Some(innovation) => {
                    let loads = &mut coaches[i].innovation_caseloads;
                    let k = loads
                        .iter()
                        .position(|l| l.innovation == innovation)
                        .unwrap_or_else(|| {
                            loads.push(InnovationCaseload::new(innovation));
                            loads.len() - 1
                        });
                    prov.innovation_caseload(i, k, c.row.number());
                    loads[k].practitioners.push(p);
                }
            }
        });
        self.refused_coaches = refused;
    }
}

/// A team's focus innovations: a `;`-separated list of innovation ids, blank for every
/// innovation; each id that is not one is a problem of the cell.
fn innovation_list(c: &mut Cells<'_>) -> Vec<InnovationId> {
    let Some(cell) = c.text("innovations").map(str::to_string) else {
        return Vec::new();
    };
    let mut list = Vec::new();
    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<InnovationId>() {
            Ok(id) if !list.contains(&id) => list.push(id),
            Ok(id) => c.problem("innovations", format!("innovation `{id}` is listed twice")),
            Err(e) => c.problem(
                "innovations",
                format!("`{part}` is not an innovation id: {e}"),
            ),
        }
    }
    list
}

/// A link kind as a cell writes it: `supports`, `reports_to`, `Reports to`, `collaborates-with`.
fn link_kind(text: &str) -> Option<LinkKind> {
    match crate::tables::normalize_header(text).as_str() {
        "supports" => Some(LinkKind::Supports),
        "reportsto" => Some(LinkKind::ReportsTo),
        "collaborateswith" => Some(LinkKind::CollaboratesWith),
        _ => None,
    }
}

/// `district` as `District`, `charter-network` as `Charter-network`.
fn capitalized(id: &str) -> String {
    let mut chars = id.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
