//! An implementation system's tables: levels, units, teams, members, links, practitioners,
//! coaches and caseloads, read into a [`SystemDocument`] and written back.
//!
//! The tables mirror the document (source: NIRN Active Implementation Hub, module 3
//! "Implementation Teams", on linked State, Regional, District and Building teams; see
//! [`crate::system`]). Where a column is commonly absent from the sheets users keep, a
//! default fills it, each the crate's own convention and said in the column's description:
//! a member's role is `member`, a practitioner's `practitioner`; a member starts when the
//! team does; a link is `supports` and starts when the later of its two teams does.

mod export;
mod provenance;
mod read;

pub use export::export_system;
pub use read::{SystemOptions, import_system};

use super::{Column, TableSpec};

/// The system itself: one row.
pub const SYSTEM: TableSpec = TableSpec::optional(
    "system",
    "One row: the system's id and name, and its settings. Without it, `--id` and `--name` say them.",
    &[
        Column::required("id").about("The system's identifier (`nc-dpi`)."),
        Column::optional("name").about("Its name; the id when blank."),
        Column::optional("team_size_min")
            .about("The smallest team the team-size check accepts (3 when blank)."),
        Column::optional("team_size_max")
            .about("The largest team the team-size check accepts (5 when blank; `none` for no upper bound)."),
        Column::optional("require_team_at")
            .about("Levels whose every unit must have its own team, separated by `;`."),
    ],
);

/// The levels, top to bottom.
pub const LEVELS: TableSpec = TableSpec::optional(
    "levels",
    "One row per level, top (state) to bottom (school), in order. Without it, `--levels state,region,district,school` lists them.",
    &[
        Column::required("id").about("The level's identifier (`district`)."),
        Column::optional("name").about("Its name (`District`); the id, capitalized, when blank."),
    ],
);

/// The organizational units.
pub const UNITS: TableSpec = TableSpec::required(
    "units",
    "One row per organizational unit: the state agency, each region, district and school.",
    &[
        Column::required("id").about("The unit's identifier."),
        Column::required("level").about("Its level's id."),
        Column::optional("parent")
            .about("The unit it belongs to; blank only for the root (the state)."),
        Column::optional("name").about("Its name."),
    ],
);

/// The implementation teams.
pub const TEAMS: TableSpec = TableSpec::optional(
    "teams",
    "One row per implementation team.",
    &[
        Column::required("id").about("The team's identifier."),
        Column::required("unit").about("The unit it belongs to."),
        Column::optional("name").about("Its name."),
        Column::optional("start")
            .about("The day it was formed; before it, the team does not count."),
        Column::optional("end").about("The day it ended (its first day gone), if it has."),
        Column::optional("innovations").about(
            "The innovations the team focuses on, separated by `;`; blank: every innovation.",
        ),
    ],
);

/// The teams' members.
pub const MEMBERS: TableSpec = TableSpec::optional(
    "members",
    "One row per person on a team.",
    &[
        Column::required("team").about("The team."),
        Column::required("person").about("The person's identifier."),
        Column::optional("role")
            .about("Their role on the team (`team lead`, `coach`); `member` when blank."),
        Column::optional("start")
            .about("Their first day on the team; the team's start when blank."),
        Column::optional("end").about("Their first day off the team, if they have left."),
    ],
);

/// The links between teams.
pub const LINKS: TableSpec = TableSpec::optional(
    "links",
    "One row per link between two teams: who supports, reports to or collaborates with whom.",
    &[
        Column::required("from").about("The team the link starts from."),
        Column::required("to").about("The team it goes to."),
        Column::optional("kind")
            .about("`supports` (from builds the capacity of to, below it), `reports_to` or `collaborates_with`; `supports` when blank."),
        Column::optional("start")
            .about("Its first day; when blank, the later of the two teams' starts."),
        Column::optional("end").about("Its first day gone, if it has ended."),
    ],
);

/// The practitioners.
pub const PRACTITIONERS: TableSpec = TableSpec::optional(
    "practitioners",
    "One row per practitioner: the people who use the innovation with those it serves.",
    &[
        Column::required("id").about("The practitioner's identifier."),
        Column::required("unit").about("The unit they work in."),
        Column::optional("role")
            .about("Their role (`teacher`, `nurse`); `practitioner` when blank."),
        Column::optional("start").about("Their first day in the unit, if recorded."),
        Column::optional("end").about("Their first day gone, if they have left."),
    ],
);

/// The coaches.
pub const COACHES: TableSpec = TableSpec::optional(
    "coaches",
    "One row per coach.",
    &[
        Column::required("id").about("The coach's identifier."),
        Column::required("person")
            .about("Who the coach is: a practitioner's id, or with `team`, a member of that team."),
        Column::optional("team")
            .about("The team the coach is a member of; blank for a practitioner."),
        Column::required("capacity").about("How many practitioners the coach can coach."),
    ],
);

/// The coaches' caseloads.
pub const CASELOADS: TableSpec = TableSpec::optional(
    "caseloads",
    "One row per practitioner a coach coaches now, in the order of the coach's list.",
    &[
        Column::required("coach").about("The coach."),
        Column::required("practitioner").about("A practitioner on their caseload."),
        Column::optional("innovation").about(
            "The innovation they are coached in; blank: every innovation the coach supports.",
        ),
    ],
);

/// The tables of an implementation system, in the order they are read.
///
/// ```
/// use implsci::tables::SYSTEM_TABLES;
/// let names: Vec<_> = SYSTEM_TABLES.iter().map(|t| t.name).collect();
/// assert_eq!(names, ["system", "levels", "units", "teams", "members", "links", "practitioners", "coaches", "caseloads"]);
/// ```
pub const SYSTEM_TABLES: &[TableSpec] = &[
    SYSTEM,
    LEVELS,
    UNITS,
    TEAMS,
    MEMBERS,
    LINKS,
    PRACTITIONERS,
    COACHES,
    CASELOADS,
];
