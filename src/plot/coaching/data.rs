//! What the coaching chart draws, gathered from the system, the coaching report and the
//! alignment report: coaching cycles planned and delivered per unit of a level, and coach
//! loads against capacity, per coach or per unit of the level.

use crate::coaching::measures::CoachingReport;
use crate::id::LevelId;
use crate::system::{AlignmentReport, CoachPerson, NO_POSITION as NONE, System, When};

/// The default most coaches drawn one bar each; above it, coaches are drawn per unit of the
/// level ([`coaching_data`]). This crate's choice: forty bars of 18 pixels fill about half a
/// printed page.
///
/// ```
/// assert_eq!(implsci::plot::coaching::DEFAULT_MAX_COACHES, 40);
/// ```
pub const DEFAULT_MAX_COACHES: usize = 40;

/// One unit's coaching cycles in the window, pooled over the active practitioners at or below
/// it: the cycles their plans call for and the complete cycles delivered (the IMPACT profile's
/// "coaching cycles delivered against plans", counted as [`coaching_report`] counts them).
///
/// [`coaching_report`]: crate::coaching::measures::coaching_report
///
/// ```
/// use implsci::plot::coaching::DeliveryRow;
/// let row = DeliveryRow::new("wake", "Wake County Schools", 8, 3);
/// assert_eq!(row.share(), Some(0.375));
/// assert_eq!(DeliveryRow::new("durham", "Durham", 0, 0).share(), None); // no plan
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryRow {
    /// The unit's id, as written in `data-unit`.
    pub id: String,
    /// The label beside its bar.
    pub label: String,
    /// Cycles planned in the window.
    pub planned: u64,
    /// Complete cycles delivered in the window.
    pub delivered: u64,
}

impl DeliveryRow {
    /// A row.
    ///
    /// ```
    /// use implsci::plot::coaching::DeliveryRow;
    /// assert_eq!(DeliveryRow::new("a", "A", 4, 1).planned, 4);
    /// ```
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        planned: u64,
        delivered: u64,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            planned,
            delivered,
        }
    }

    /// Delivered out of planned, as a fraction; `None` when nothing is planned (not
    /// computable: drawn "no plan", never as a zero bar).
    ///
    /// ```
    /// use implsci::plot::coaching::DeliveryRow;
    /// assert_eq!(DeliveryRow::new("a", "A", 2, 3).share(), Some(1.5)); // more than planned
    /// ```
    #[must_use]
    pub fn share(&self) -> Option<f64> {
        crate::share::Share::new(self.delivered, self.planned).value()
    }
}

/// A coach's caseload against capacity, or, per unit of the level, the total of its coaches.
///
/// ```
/// use implsci::plot::coaching::LoadRow;
/// let coach = LoadRow::coach("coach-wake-1", 11, 8);
/// assert_eq!((coach.coaches, coach.over_capacity), (1, 1));
/// assert!(!LoadRow::coach("c", 0, 0).over());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadRow {
    /// The coach's id, or the unit's id, as written in `data-coach` or `data-unit`.
    pub id: String,
    /// The label beside its bar.
    pub label: String,
    /// Coaches counted: 1 for a coach's own bar.
    pub coaches: u64,
    /// Active practitioners in their caseloads.
    pub load: u64,
    /// Their capacity.
    pub capacity: u64,
    /// Coaches with more practitioners than capacity.
    pub over_capacity: u64,
}

impl LoadRow {
    /// One coach's row: over capacity when the load exceeds it (as
    /// [`CoachLoad::overloaded`](crate::system::CoachLoad::overloaded)).
    ///
    /// ```
    /// use implsci::plot::coaching::LoadRow;
    /// assert_eq!(LoadRow::coach("c", 5, 8).over_capacity, 0);
    /// ```
    #[must_use]
    pub fn coach(id: impl Into<String>, load: u64, capacity: u64) -> Self {
        let id = id.into();
        Self {
            label: id.clone(),
            id,
            coaches: 1,
            load,
            capacity,
            over_capacity: u64::from(load > capacity),
        }
    }

    /// Whether the bar is drawn over capacity: its load (a coach's, or a group's total)
    /// exceeds its capacity. A group within its total capacity may still hold coaches over
    /// theirs ([`over_capacity`](Self::over_capacity)); the chart marks them apart.
    ///
    /// ```
    /// use implsci::plot::coaching::LoadRow;
    /// assert!(LoadRow::coach("c", 9, 8).over());
    /// let mut group = LoadRow::coach("wake", 16, 16);
    /// group.coaches = 2;
    /// group.over_capacity = 1; // 10 of 8 and 6 of 8
    /// assert!(!group.over());
    /// ```
    #[must_use]
    pub fn over(&self) -> bool {
        self.load > self.capacity
    }
}

/// How coach loads are drawn.
///
/// ```
/// use implsci::plot::coaching::LoadGrouping;
/// assert_ne!(LoadGrouping::PerCoach, LoadGrouping::PerUnit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadGrouping {
    /// One bar per coach.
    PerCoach,
    /// One bar per unit of the level: its coaches' total load against their total capacity.
    PerUnit,
}

/// What the coaching chart draws. Made by [`coaching_data`], or by hand.
///
/// ```
/// use implsci::plot::coaching::{CoachingData, DeliveryRow, LoadGrouping};
/// let mut data = CoachingData::new("District", LoadGrouping::PerCoach);
/// data.delivery.push(DeliveryRow::new("wake", "Wake", 8, 2));
/// assert_eq!(data.left_out, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CoachingData {
    /// The level's name, for the titles ("District").
    pub level_name: String,
    /// One row per unit of the level, top-down (each under its parent's order).
    pub delivery: Vec<DeliveryRow>,
    /// How `loads` is grouped.
    pub grouping: LoadGrouping,
    /// Coach loads: per coach in the system's order, or per unit with coaches, top-down.
    pub loads: Vec<LoadRow>,
    /// Practitioners of the coaching report the system does not have, or not active on the
    /// alignment's date: left out of the delivery bars, counted here.
    pub left_out: u64,
}

/// Gathers the coaching chart's data for the units of `level`.
///
/// - **Delivery**: for each unit of the level, the planned and complete cycles of the coaching
///   report's practitioners at or below it who are active on the alignment's date, summed: a
///   pooled share, as the IMPACT profile's "cycles delivered against plans" counts it (not
///   the mean of the practitioners' shares that `implsci coaching --rollup` gives).
/// - **Loads**: each coach of the alignment report, with its load and capacity. A coach
///   belongs to the unit of the level at or above their home unit (a coaching practitioner's
///   unit, a team member's team's unit); a coach whose home is above the level belongs to that
///   home unit, listed among the groups in its top-down place. With at most `max_coaches`
///   coaches (e.g. [`DEFAULT_MAX_COACHES`]) each gets a bar ([`LoadGrouping::PerCoach`]);
///   with more, each group does ([`LoadGrouping::PerUnit`]), with its coaches, total load,
///   total capacity and coaches over capacity, so that no coach is dropped and the chart stays
///   a page. The cap is this crate's choice.
///
/// `None` when the system has no level `level`. Linear in the units, the report's rows and
/// the coaches.
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::event::{parse_log, Event};
/// use implsci::plot::coaching::{coaching_data, LoadGrouping};
/// use implsci::system::{AlignmentParams, System, When};
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let window = Window::new("2024-09-01".parse()?, "2024-10-31".parse()?).ok_or("empty")?;
/// let report = coaching_report(&events, window, window.end());
/// let alignment = system.alignment(&AlignmentParams::default().when(When::On(window.end())));
///
/// let data = coaching_data(&system, &report, &alignment, &"district".parse()?, 40).ok_or("a level")?;
/// let wake = &data.delivery[0];
/// // lincoln-t1 2 of 4 planned, roosevelt-t1 0 of 4.
/// assert_eq!((wake.id.as_str(), wake.planned, wake.delivered), ("wake", 8, 2));
/// assert_eq!(data.grouping, LoadGrouping::PerCoach);
/// assert_eq!(data.loads.len(), 3);
///
/// // Above the cap, coaches are drawn per district.
/// let grouped = coaching_data(&system, &report, &alignment, &"district".parse()?, 2).ok_or("a level")?;
/// assert_eq!(grouped.grouping, LoadGrouping::PerUnit);
/// assert_eq!(grouped.loads.iter().map(|l| l.coaches).sum::<u64>(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn coaching_data(
    system: &System,
    report: &CoachingReport,
    alignment: &AlignmentReport,
    level: &LevelId,
    max_coaches: usize,
) -> Option<CoachingData> {
    let doc = system.document();
    let level_at = doc.levels.iter().position(|l| &l.id == level)?;
    let level_name = doc.levels[level_at].name.clone();
    let idx = &system.index;
    let when = alignment.as_of.map_or(When::Current, When::On);
    // Each unit's group: the unit of the level at or above it; NONE above the level. One
    // top-down pass (every parent before its children).
    let mut group = vec![NONE; doc.units.len()];
    let mut order = vec![NONE; doc.units.len()];
    let mut groups: Vec<u32> = Vec::new();
    for (k, &u) in idx.top_down.iter().enumerate() {
        order[u as usize] = crate::system::position(k);
        if idx.unit_level[u as usize] as usize == level_at {
            group[u as usize] = u;
            groups.push(u);
        } else if let Some(&p) = idx.parent.get(u as usize).filter(|&&p| p != NONE) {
            group[u as usize] = group[p as usize];
        }
    }
    let label = |u: u32| {
        let unit = &doc.units[u as usize];
        unit.name.clone().unwrap_or_else(|| unit.id.to_string())
    };

    let mut row_of = vec![NONE; doc.units.len()];
    let mut delivery: Vec<DeliveryRow> = Vec::with_capacity(groups.len());
    for &g in &groups {
        row_of[g as usize] = crate::system::position(delivery.len());
        let id = doc.units[g as usize].id.to_string();
        delivery.push(DeliveryRow::new(id, label(g), 0, 0));
    }
    let mut left_out = 0;
    for p in &report.practitioners {
        let at = system.practitioner_position(p.practitioner.as_str());
        let Some(at) = at.filter(|&at| system.practitioner_active(at as usize, when)) else {
            left_out += 1;
            continue;
        };
        let unit = system.unit_position(doc.practitioners[at as usize].unit.as_str());
        let row = unit.map_or(NONE, |u| match group[u as usize] {
            NONE => NONE,
            g => row_of[g as usize],
        });
        if let Some(row) = delivery.get_mut(row as usize) {
            row.planned += p.planned_cycles;
            row.delivered += p.delivered.numerator;
        }
    }

    let (grouping, loads) = coach_loads(system, alignment, &group, &order, max_coaches);
    Some(CoachingData {
        level_name,
        delivery,
        grouping,
        loads,
        left_out,
    })
}

/// The coach loads, per coach or, past `max_coaches`, per group (see [`coaching_data`]);
/// `group` is each unit's group, `order` its top-down place.
fn coach_loads(
    system: &System,
    alignment: &AlignmentReport,
    group: &[u32],
    order: &[u32],
    max_coaches: usize,
) -> (LoadGrouping, Vec<LoadRow>) {
    let doc = system.document();
    let idx = &system.index;
    let label = |u: u32| {
        let unit = &doc.units[u as usize];
        unit.name.clone().unwrap_or_else(|| unit.id.to_string())
    };
    if alignment.coaches.len() <= max_coaches {
        let loads = alignment
            .coaches
            .iter()
            .map(|c| LoadRow::coach(c.coach.as_str(), c.load.numerator, c.load.denominator))
            .collect();
        (LoadGrouping::PerCoach, loads)
    } else {
        // Per group, in top-down order of the group's unit.
        let mut by_unit: Vec<Option<LoadRow>> = vec![None; doc.units.len()];
        for c in &alignment.coaches {
            let home = system
                .coach(c.coach.as_str())
                .and_then(|coach| match &coach.person {
                    CoachPerson::Practitioner(p) => {
                        system.practitioner_position(p.as_str()).and_then(|p| {
                            system.unit_position(doc.practitioners[p as usize].unit.as_str())
                        })
                    }
                    CoachPerson::TeamMember { team, .. } => system
                        .team_position(team.as_str())
                        .map(|t| idx.team_unit[t as usize]),
                });
            // A validated system resolves every coach's home; the root stands in otherwise.
            let home = home.unwrap_or(idx.root);
            let g = match group[home as usize] {
                NONE => home,
                g => g,
            };
            let row = by_unit[g as usize].get_or_insert_with(|| LoadRow {
                id: doc.units[g as usize].id.to_string(),
                label: label(g),
                coaches: 0,
                load: 0,
                capacity: 0,
                over_capacity: 0,
            });
            row.coaches += 1;
            row.load += c.load.numerator;
            row.capacity += c.load.denominator;
            row.over_capacity += u64::from(c.overloaded);
        }
        let mut units: Vec<u32> = (0..crate::system::position(doc.units.len()))
            .filter(|&u| by_unit[u as usize].is_some())
            .collect();
        units.sort_unstable_by_key(|&u| order[u as usize]);
        let loads = units
            .into_iter()
            .filter_map(|u| by_unit[u as usize].take())
            .collect();
        (LoadGrouping::PerUnit, loads)
    }
}
