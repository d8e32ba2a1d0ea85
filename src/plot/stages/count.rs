//! The counting behind the stages chart, apart from any drawing: how many units of each group
//! are in each stage on each period's last day.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::SiteRecord;
use crate::id::{InnovationId, LevelId, UnitId};
use crate::measure::AsKind;
use crate::period::{Calendar, Period, PeriodKind};
use crate::stage::{Stage, StageChange, StageHistory};
use crate::system::System;

/// Where a unit stands on a date, as the chart draws it: one of the four stages, the
/// innovation de-implemented, or no stage recorded.
///
/// A de-implemented innovation is its own segment rather than left out, so that every unit
/// counted is drawn (this crate's choice; the de-implementation itself is the Hexagon 2018's
/// decision, Metz & Louison 2018, see [`DeImplementation`](crate::stage::DeImplementation)).
///
/// ```
/// use implsci::plot::stages::Segment;
/// use implsci::stage::Stage;
/// assert_eq!(Segment::ALL.len(), 6);
/// assert_eq!(Segment::Stage(Stage::Installation).as_str(), "installation");
/// assert_eq!(Segment::NoStage.label(), "No stage recorded");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Segment {
    /// In a stage (NIRN module 4).
    Stage(Stage),
    /// The innovation was de-implemented at the unit on or before the date.
    DeImplemented,
    /// The unit is in the system but has no stage of the innovation on the date: no history,
    /// or a history that begins later.
    NoStage,
}

impl Segment {
    /// The segments bottom-up as they are stacked: the four stages in order, then
    /// de-implemented, then no stage recorded.
    ///
    /// ```
    /// use implsci::plot::stages::Segment;
    /// assert_eq!(Segment::ALL[5], Segment::NoStage);
    /// ```
    pub const ALL: [Segment; 6] = [
        Segment::Stage(Stage::Exploration),
        Segment::Stage(Stage::Installation),
        Segment::Stage(Stage::InitialImplementation),
        Segment::Stage(Stage::FullImplementation),
        Segment::DeImplemented,
        Segment::NoStage,
    ];

    /// The name written in `data-segment`: the stage's wire name, `de_implemented` or
    /// `no_stage`.
    ///
    /// ```
    /// use implsci::plot::stages::Segment;
    /// assert_eq!(Segment::DeImplemented.as_str(), "de_implemented");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Stage(Stage::Exploration) => "exploration",
            Segment::Stage(Stage::Installation) => "installation",
            Segment::Stage(Stage::InitialImplementation) => "initial_implementation",
            Segment::Stage(Stage::FullImplementation) => "full_implementation",
            Segment::DeImplemented => "de_implemented",
            Segment::NoStage => "no_stage",
        }
    }

    /// The label in the legend: the stage's name as NIRN writes it, "De-implemented" or "No
    /// stage recorded".
    ///
    /// ```
    /// use implsci::plot::stages::Segment;
    /// use implsci::stage::Stage;
    /// assert_eq!(Segment::Stage(Stage::FullImplementation).label(), "Full Implementation");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Segment::Stage(s) => s.label(),
            Segment::DeImplemented => "De-implemented",
            Segment::NoStage => "No stage recorded",
        }
    }

    fn index(self) -> usize {
        match self {
            Segment::Stage(Stage::Exploration) => 0,
            Segment::Stage(Stage::Installation) => 1,
            Segment::Stage(Stage::InitialImplementation) => 2,
            Segment::Stage(Stage::FullImplementation) => 3,
            Segment::DeImplemented => 4,
            Segment::NoStage => 5,
        }
    }
}

/// The units of one group in one period, by segment.
///
/// ```
/// use implsci::plot::stages::{Segment, StageTally};
/// let tally = StageTally::default();
/// assert_eq!((tally.get(Segment::NoStage), tally.total()), (0, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTally {
    counts: [u64; 6],
}

impl StageTally {
    /// The units in `segment`.
    ///
    /// ```
    /// use implsci::plot::stages::{Segment, StageTally};
    /// assert_eq!(StageTally::default().get(Segment::DeImplemented), 0);
    /// ```
    #[must_use]
    pub fn get(&self, segment: Segment) -> u64 {
        self.counts[segment.index()]
    }

    /// Every unit counted: the sum over the segments, the group's units.
    ///
    /// ```
    /// use implsci::plot::stages::StageTally;
    /// assert_eq!(StageTally::default().total(), 0);
    /// ```
    #[must_use]
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    fn add(&mut self, segment: Segment) {
        self.counts[segment.index()] += 1;
    }
}

/// One group (a unit of the group level) and its tallies, one per period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StageGroup {
    /// The group's unit.
    pub id: UnitId,
    /// Its name, or its id when it has none.
    pub label: String,
    /// The units it counts: those of the count level at or below it.
    pub units: u64,
    /// One tally per period of [`StageTable::periods`], in order.
    pub tallies: Vec<StageTally>,
}

/// The counts a stages chart draws: per group, per period, the units in each segment.
///
/// ```
/// use implsci::plot::stages::{Segment, StageHistories, StageQuery, count_stages};
/// use implsci::period::{Calendar, PeriodKind};
/// use implsci::stage::Stage;
/// use implsci::system::System;
/// use implsci::{Document, SiteRecord};
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = std::fs::read("examples/data/state_events.jsonl")?;
/// let events: Vec<_> = implsci::event::parse_log(&log).records.into_iter().map(|r| r.value).collect();
/// let cico = "check-in-check-out".parse()?;
/// let histories = StageHistories::from_events(&events, &cico);
/// let query = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::SchoolYear),
///     "2023-07-01".parse()?, "2025-06-30".parse()?).count_level("school".parse()?);
/// let table = count_stages(&system, &histories, &query)?;
/// assert_eq!(table.periods.len(), 2); // 2023-24 and 2024-25
/// let wake = &table.groups[0];
/// assert_eq!((wake.id.as_str(), wake.units), ("wake", 3));
/// // On 30 June 2024 Lincoln Elementary is in Initial Implementation; the other two have no stage.
/// assert_eq!(wake.tallies[0].get(Segment::Stage(Stage::InitialImplementation)), 1);
/// assert_eq!(wake.tallies[0].get(Segment::NoStage), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StageTable {
    /// The innovation counted.
    pub innovation: InnovationId,
    /// The level whose units are the groups (a panel each).
    pub group_level: LevelId,
    /// The level whose units are counted.
    pub count_level: LevelId,
    /// The count level's name, as the system names it (`School`).
    pub count_level_name: String,
    /// The kind of period.
    pub period_kind: PeriodKind,
    /// The periods, in order.
    pub periods: Vec<Period>,
    /// The date each period is looked at: its last day, or the query's `to` when that comes
    /// first. One per period.
    pub dates: Vec<Date>,
    /// The groups, in the system's order.
    pub groups: Vec<StageGroup>,
    /// Sites with a history of the innovation that are not units of the system, or not on
    /// the count level: not counted, listed so nothing is dropped unsaid. Sorted.
    pub not_counted: Vec<UnitId>,
}

/// The stage histories of one innovation, by site: from site records, or rebuilt from the
/// stage changes of an event log.
///
/// ```
/// use implsci::plot::stages::StageHistories;
/// use implsci::{Document, SiteRecord};
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// let histories = StageHistories::from_sites(&[record], &"check-in-check-out".parse()?);
/// assert_eq!(histories.len(), 1);
/// assert!(histories.get(&"lincoln-elementary".parse()?).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StageHistories {
    innovation: InnovationId,
    by_site: BTreeMap<UnitId, StageHistory>,
}

impl StageHistories {
    /// An empty set for `innovation`.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert!(StageHistories::new("cico".parse()?).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(innovation: InnovationId) -> Self {
        StageHistories {
            innovation,
            by_site: BTreeMap::new(),
        }
    }

    /// Sets a site's history (its innovation need not match: the set's innovation is what the
    /// chart names). A second history for the same site replaces the first.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// use implsci::stage::{Stage, StageHistory};
    /// let mut h = StageHistory::new("cico".parse()?);
    /// h.record(Stage::Exploration, "2024-01-08".parse()?);
    /// let mut set = StageHistories::new("cico".parse()?);
    /// set.insert("lincoln-es".parse()?, h);
    /// assert_eq!(set.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, site: UnitId, history: StageHistory) {
        self.by_site.insert(site, history);
    }

    /// The histories of `innovation` in the site records (a site given twice: the later
    /// record's).
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert!(StageHistories::from_sites(&[], &"cico".parse()?).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_sites(sites: &[SiteRecord], innovation: &InnovationId) -> Self {
        let mut set = StageHistories::new(innovation.clone());
        for site in sites {
            if let Some(h) = site.stage_history(innovation) {
                set.insert(site.site.clone(), h.clone());
            }
        }
        set
    }

    /// The histories rebuilt from the log's stage changes of `innovation`: each site's changes
    /// in date order, two on the same date in log order, so that a history's stage on a date
    /// is what [`stages_as_of`](crate::stage::stages_as_of) gives (the later in the log of two
    /// on one date). A log has no de-implementations, so none is de-implemented.
    ///
    /// ```
    /// use implsci::event::Event;
    /// use implsci::plot::stages::StageHistories;
    /// use implsci::stage::{Stage, StageChange};
    /// let cico: implsci::id::InnovationId = "cico".parse()?;
    /// let events = [Event::StageChange(StageChange::new("e-1".parse()?, "2024-01-08".parse()?,
    ///     "lincoln-es".parse()?, cico.clone(), Stage::Installation))];
    /// let set = StageHistories::from_events(&events, &cico);
    /// let h = set.get(&"lincoln-es".parse()?).ok_or("rebuilt")?;
    /// assert_eq!(h.stage_on("2024-02-01".parse()?), Some(Stage::Installation));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_events<E: AsKind<StageChange>>(events: &[E], innovation: &InnovationId) -> Self {
        let mut set = StageHistories::new(innovation.clone());
        for change in events.iter().filter_map(AsKind::<StageChange>::as_kind) {
            if &change.innovation != innovation {
                continue;
            }
            set.by_site
                .entry(change.site.clone())
                .or_insert_with(|| StageHistory::new(innovation.clone()))
                .record(change.stage, change.date);
        }
        for h in set.by_site.values_mut() {
            // Stable: changes on one date keep their log order.
            h.entries.sort_by_key(|e| e.date);
        }
        set
    }

    /// The innovation.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert_eq!(StageHistories::new("cico".parse()?).innovation().as_str(), "cico");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn innovation(&self) -> &InnovationId {
        &self.innovation
    }

    /// A site's history.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert!(StageHistories::new("cico".parse()?).get(&"x".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn get(&self, site: &UnitId) -> Option<&StageHistory> {
        self.by_site.get(site)
    }

    /// How many sites have a history.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert_eq!(StageHistories::new("cico".parse()?).len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_site.len()
    }

    /// Whether no site has a history.
    ///
    /// ```
    /// use implsci::plot::stages::StageHistories;
    /// assert!(StageHistories::new("cico".parse()?).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_site.is_empty()
    }
}

/// What to count: the group level, the count level (the group level itself by default), the
/// calendar and the dates.
///
/// ```
/// use implsci::plot::stages::StageQuery;
/// use implsci::period::{Calendar, PeriodKind};
/// let q = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::Quarter),
///     "2024-07-01".parse()?, "2025-06-30".parse()?);
/// assert_eq!(q.count_level, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StageQuery {
    /// The level whose units are the groups.
    pub group_level: LevelId,
    /// The level whose units are counted; `None`: the group level (each group counts itself).
    pub count_level: Option<LevelId>,
    /// How time is cut into periods.
    pub calendar: Calendar,
    /// The first day looked at (its period is the first).
    pub from: Date,
    /// The last day looked at (its period is the last; nothing after it is counted).
    pub to: Date,
}

impl StageQuery {
    /// A query of the units of `group_level` themselves, per period of `calendar` from the
    /// one `from` is in to the one `to` is in.
    ///
    /// ```
    /// use implsci::plot::stages::StageQuery;
    /// use implsci::period::{Calendar, PeriodKind};
    /// let q = StageQuery::new("school".parse()?, Calendar::new(PeriodKind::Month),
    ///     "2024-01-01".parse()?, "2024-03-31".parse()?);
    /// assert_eq!(q.group_level.as_str(), "school");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(group_level: LevelId, calendar: Calendar, from: Date, to: Date) -> Self {
        StageQuery {
            group_level,
            count_level: None,
            calendar,
            from,
            to,
        }
    }

    /// Counts the units of `level`, at or below each group, instead of the groups themselves.
    ///
    /// ```
    /// use implsci::plot::stages::StageQuery;
    /// use implsci::period::{Calendar, PeriodKind};
    /// let q = StageQuery::new("district".parse()?, Calendar::new(PeriodKind::Month),
    ///     "2024-01-01".parse()?, "2024-03-31".parse()?).count_level("school".parse()?);
    /// assert_eq!(q.count_level.map(|l| l.to_string()), Some("school".to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn count_level(mut self, level: LevelId) -> Self {
        self.count_level = Some(level);
        self
    }
}

/// Why the stages could not be counted.
///
/// ```
/// use implsci::plot::stages::{StageCountError, StageHistories, StageQuery, count_stages};
/// use implsci::period::{Calendar, PeriodKind};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let q = StageQuery::new("county".parse()?, Calendar::new(PeriodKind::Month),
///     "2024-01-01".parse()?, "2024-03-31".parse()?);
/// let err = count_stages(&system, &StageHistories::new("cico".parse()?), &q).unwrap_err();
/// assert!(matches!(err, StageCountError::UnknownLevel { .. }));
/// assert_eq!(err.to_string(), "the system has no level `county`; its levels are state, region, district, school");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StageCountError {
    /// A level the system does not have.
    #[error("the system has no level `{level}`; its levels are {levels}")]
    UnknownLevel {
        /// The level asked for.
        level: LevelId,
        /// The system's levels, comma-separated, top first.
        levels: String,
    },
    /// The count level is above the group level, so no group has units of it below.
    #[error(
        "the count level `{count}` is above the group level `{group}`: count a level at or below it"
    )]
    CountLevelAbove {
        /// The group level.
        group: LevelId,
        /// The count level.
        count: LevelId,
    },
}

/// Counts, per unit of the group level (in the system's order) and per period, its units of
/// the count level by [`Segment`] on the period's last day (or on `to`, for a period that
/// ends after it): a unit whose history is de-implemented by then is
/// [`Segment::DeImplemented`], one with a stage [`Segment::Stage`], any other
/// [`Segment::NoStage`]. Every unit of the count level in a group is in exactly one segment of
/// each period, so a tally's total is the group's units.
///
/// The cost is one walk of the unit tree and one look-up per unit and period: linear in the
/// units times the periods, whatever the practitioners.
///
/// ```
/// use implsci::plot::stages::{Segment, StageHistories, StageQuery, count_stages};
/// use implsci::period::{Calendar, PeriodKind};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let q = StageQuery::new("school".parse()?, Calendar::new(PeriodKind::Quarter),
///     "2024-07-01".parse()?, "2024-12-31".parse()?);
/// let table = count_stages(&system, &StageHistories::new("cico".parse()?), &q)?;
/// assert_eq!((table.groups.len(), table.periods.len()), (9, 2));
/// assert!(table.groups.iter().all(|g| g.tallies.iter().all(|t| t.get(Segment::NoStage) == 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`StageCountError`] for a level the system lacks, or a count level above the group level.
pub fn count_stages<'a>(
    system: &'a System,
    histories: &StageHistories,
    query: &StageQuery,
) -> Result<StageTable, StageCountError> {
    let levels = &system.document().levels;
    let position = |level: &LevelId| {
        levels
            .iter()
            .position(|l| &l.id == level)
            .ok_or_else(|| StageCountError::UnknownLevel {
                level: level.clone(),
                levels: levels
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    };
    let group_at = position(&query.group_level)?;
    let count_level = query
        .count_level
        .clone()
        .unwrap_or_else(|| query.group_level.clone());
    let count_at = position(&count_level)?;
    if count_at < group_at {
        return Err(StageCountError::CountLevelAbove {
            group: query.group_level.clone(),
            count: count_level,
        });
    }
    let periods: Vec<Period> = query.calendar.periods(query.from, query.to).collect();
    let dates: Vec<Date> = periods.iter().map(|p| p.end.min(query.to)).collect();
    let mut counted: std::collections::BTreeSet<&'a UnitId> = std::collections::BTreeSet::new();
    let mut groups = Vec::new();
    for unit in system
        .document()
        .units
        .iter()
        .filter(|u| u.level == query.group_level)
    {
        let mut group = StageGroup {
            id: unit.id.clone(),
            label: unit.name.clone().unwrap_or_else(|| unit.id.to_string()),
            units: 0,
            tallies: vec![StageTally::default(); periods.len()],
        };
        let mut tally = |id: &'a UnitId| {
            group.units += 1;
            let history = histories.get(id);
            if history.is_some() {
                counted.insert(id);
            }
            for (t, &date) in group.tallies.iter_mut().zip(&dates) {
                t.add(segment_on(history, date));
            }
        };
        if count_at == group_at {
            tally(&unit.id);
        } else if let Ok(below) = system.descendants(&unit.id) {
            for d in below.filter(|d| d.level == count_level) {
                tally(&d.id);
            }
        }
        groups.push(group);
    }
    let not_counted = histories
        .by_site
        .keys()
        .filter(|id| !counted.contains(id))
        .cloned()
        .collect();
    let count_level_name = levels[count_at].name.clone();
    Ok(StageTable {
        innovation: histories.innovation.clone(),
        group_level: query.group_level.clone(),
        count_level,
        count_level_name,
        period_kind: query.calendar.kind,
        periods,
        dates,
        groups,
        not_counted,
    })
}

/// The segment of a unit with `history` on `date`.
fn segment_on(history: Option<&StageHistory>, date: Date) -> Segment {
    match history {
        Some(h) if h.de_implemented_on(date) => Segment::DeImplemented,
        Some(h) => h.stage_on(date).map_or(Segment::NoStage, Segment::Stage),
        None => Segment::NoStage,
    }
}
