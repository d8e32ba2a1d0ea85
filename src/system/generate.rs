//! A deterministic, seeded generator of synthetic implementation systems, for tests, benches
//! and demonstrations.
//!
//! The shape is a state with regions, districts per region, schools per district and
//! practitioners per school. Each unit below the state has a team with a given probability
//! per level; each team is linked upward (a supports link from the team of the nearest unit
//! above that has one) with a given probability; schools with a team get coaches of a given
//! capacity, and each practitioner is assigned to one of their school's coaches at random, so
//! some coaches end up over capacity.
//!
//! The random numbers come from `SplitMix64` (Steele, Lea & Flood 2014, "Fast splittable
//! pseudorandom number generators", OOPSLA), written here so that a seed gives the same system
//! in every release, whatever a random-number crate changes.
//!
//! ```
//! use implsci::system::{System, generate::{generate, Shape}};
//!
//! let shape = Shape::new(2, 3, 4, 10);
//! let doc = generate(&shape, 7)?;
//! assert_eq!(doc.practitioners.len(), 2 * 3 * 4 * 10);
//! assert_eq!(doc, generate(&shape, 7)?); // same seed, same system
//! let system = System::build(doc)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use jiff::civil::Date;

use super::model::{
    Coach, CoachPerson, Level, LinkKind, Member, Practitioner, SystemDocument, Team, TeamLink, Unit,
};

/// The shape of a synthetic system.
///
/// ```
/// use implsci::system::generate::{generate, Shape};
/// let shape = Shape::default();
/// assert_eq!(shape.practitioners_per_school, 20);
/// let doc = generate(&shape, 1)?;
/// // One state, 3 regions, 3 × 4 districts and 3 × 4 × 5 schools.
/// assert_eq!(doc.units.len(), 1 + 3 + 12 + 60);
/// assert_eq!(doc.practitioners.len(), 60 * 20);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Shape {
    /// Regions under the state.
    pub regions: u32,
    /// Districts in each region.
    pub districts_per_region: u32,
    /// Schools in each district.
    pub schools_per_district: u32,
    /// Practitioners in each school.
    pub practitioners_per_school: u32,
    /// Probability that a unit has a team, per level: state, region, district, school.
    pub team_probability: [f64; 4],
    /// Probability that a team below the state is supported by the team above it.
    pub link_probability: f64,
    /// Practitioners each coach can coach.
    pub coach_capacity: u32,
    /// Fewest and most members of a generated team (inclusive).
    pub team_members: (u32, u32),
}

impl Default for Shape {
    /// A small state: 3 regions × 4 districts × 5 schools × 20 practitioners; teams at every
    /// state and region, 90% of districts, 70% of schools; 90% of teams linked; coaches of 8;
    /// teams of 2 to 6 members.
    fn default() -> Self {
        Self {
            regions: 3,
            districts_per_region: 4,
            schools_per_district: 5,
            practitioners_per_school: 20,
            team_probability: [1.0, 1.0, 0.9, 0.7],
            link_probability: 0.9,
            coach_capacity: 8,
            team_members: (2, 6),
        }
    }
}

impl Shape {
    /// A shape with the given counts and the default probabilities and capacities.
    ///
    /// ```
    /// use implsci::system::generate::{generate, Shape};
    /// let shape = Shape::new(2, 3, 4, 10);
    /// assert_eq!(shape.coach_capacity, Shape::default().coach_capacity); // defaults kept
    /// let doc = generate(&shape, 7)?;
    /// assert_eq!(doc.units.len(), 1 + 2 + 2 * 3 + 2 * 3 * 4);
    /// assert_eq!(doc.practitioners.len(), 2 * 3 * 4 * 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        regions: u32,
        districts_per_region: u32,
        schools_per_district: u32,
        practitioners_per_school: u32,
    ) -> Self {
        Self {
            regions,
            districts_per_region,
            schools_per_district,
            practitioners_per_school,
            ..Self::default()
        }
    }

    /// Sets the probability that a unit has a team, per level: state, region, district, school.
    ///
    /// ```
    /// use implsci::system::generate::{generate, Shape};
    /// // Every unit gets a team.
    /// let doc = generate(&Shape::new(2, 2, 2, 5).team_probability([1.0; 4]), 7)?;
    /// assert_eq!(doc.teams.len(), doc.units.len());
    /// // Only the state gets one.
    /// let doc = generate(&Shape::new(2, 2, 2, 5).team_probability([1.0, 0.0, 0.0, 0.0]), 7)?;
    /// assert_eq!(doc.teams.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn team_probability(mut self, p: [f64; 4]) -> Self {
        self.team_probability = p;
        self
    }

    /// Sets the probability that a team is supported by the team above it.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System, generate::{generate, Shape}};
    /// let shape = Shape::new(2, 2, 2, 5).team_probability([1.0; 4]);
    /// assert!(generate(&shape.link_probability(0.0), 7)?.links.is_empty());
    /// // Every team below the state is supported from above: all 40 practitioners are covered.
    /// let system = System::build(generate(&shape.link_probability(1.0), 7)?)?;
    /// assert_eq!(system.document().links.len(), system.document().teams.len() - 1);
    /// let report = system.alignment(&AlignmentParams::default());
    /// assert_eq!(report.practitioners_covered.numerator, 40);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn link_probability(mut self, p: f64) -> Self {
        self.link_probability = p;
        self
    }

    /// Sets the coaches' capacity.
    ///
    /// ```
    /// use implsci::system::generate::{generate, Shape};
    /// let shape = Shape::new(1, 1, 2, 10).team_probability([1.0; 4]).coach_capacity(5);
    /// let doc = generate(&shape, 1)?;
    /// // Two coaches of 5 for each school of 10; every practitioner is in one caseload.
    /// assert_eq!(doc.coaches.len(), 4);
    /// assert!(doc.coaches.iter().all(|c| c.capacity == 5));
    /// assert_eq!(doc.coaches.iter().map(|c| c.caseload.len()).sum::<usize>(), 20);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn coach_capacity(mut self, capacity: u32) -> Self {
        self.coach_capacity = capacity;
        self
    }

    /// Sets the fewest and most members of a generated team.
    ///
    /// ```
    /// use implsci::system::generate::{generate, Shape};
    /// let shape = Shape::new(1, 1, 1, 1).team_probability([1.0; 4]).team_members(4, 4);
    /// let doc = generate(&shape, 1)?;
    /// assert_eq!(doc.teams.len(), 4); // state, region, district, school
    /// assert!(doc.teams.iter().all(|t| t.members.len() == 4));
    /// assert_eq!(doc.teams[0].members[0].role.as_str(), "team lead");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn team_members(mut self, min: u32, max: u32) -> Self {
        self.team_members = (min, max);
        self
    }
}

/// A shape too large to index.
///
/// ```
/// use implsci::system::generate::{generate, Shape};
/// let err = generate(&Shape::new(1, 1, 65_536, 65_536), 1).unwrap_err();
/// assert_eq!(err.what, "practitioners"); // 65,536 × 65,536 = 2^32
/// assert_eq!(err.to_string(), "the shape has practitioners beyond the 4,294,967,294 a system can index");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the shape has {what} beyond the 4,294,967,294 a system can index")]
#[non_exhaustive]
pub struct ShapeError {
    /// What overflows: `units` or `practitioners`.
    pub what: &'static str,
}

/// `SplitMix64`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p` (clamped to 0–1).
    #[allow(clippy::cast_precision_loss)] // 53 random bits are plenty
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        let span = u64::from(hi - lo) + 1;
        lo + u32::try_from(self.next() % span).unwrap_or(0)
    }
}

fn id<T: std::str::FromStr>(s: &str) -> T {
    // Generated ids are short ASCII without control characters or edge whitespace.
    s.parse()
        .ok()
        .unwrap_or_else(|| unreachable!("generated id `{s}` is valid"))
}

/// Generates a system of the given shape from a seed.
///
/// ```
/// use implsci::system::generate::{generate, Shape};
/// let shape = Shape::new(1, 2, 3, 4);
/// let doc = generate(&shape, 42)?;
/// assert_eq!(doc.levels.len(), 4); // state, region, district, school
/// assert_eq!(doc.practitioners.len(), 2 * 3 * 4);
/// assert_eq!(doc, generate(&shape, 42)?); // same seed, same system
/// assert_ne!(doc, generate(&shape, 43)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ShapeError`] when the shape has more units or practitioners than a system can index.
#[allow(clippy::too_many_lines)] // one nested loop over the shape reads best whole
pub fn generate(shape: &Shape, seed: u64) -> Result<SystemDocument, ShapeError> {
    let count = |what, factors: &[u32]| {
        factors
            .iter()
            .try_fold(1u64, |acc, &f| acc.checked_mul(u64::from(f)))
            .filter(|&n| n < u64::from(u32::MAX))
            .ok_or(ShapeError { what })
    };
    let schools = count(
        "units",
        &[
            shape.regions,
            shape.districts_per_region,
            shape.schools_per_district,
        ],
    )?;
    let practitioners = count(
        "practitioners",
        &[
            shape.regions,
            shape.districts_per_region,
            shape.schools_per_district,
            shape.practitioners_per_school,
        ],
    )?;
    let units = count("units", &[u32::try_from(schools).unwrap_or(u32::MAX), 2])?;

    let mut rng = Rng(seed);
    let start = Date::constant(2024, 8, 1);
    let mut doc = SystemDocument::new(id("synthetic-state"), "Synthetic state");
    for (level, name) in [
        ("state", "State"),
        ("region", "Region"),
        ("district", "District"),
        ("school", "School"),
    ] {
        doc.levels.push(Level::new(id(level), name));
    }
    doc.units.reserve(usize::try_from(units).unwrap_or(0));
    doc.practitioners
        .reserve(usize::try_from(practitioners).unwrap_or(0));

    let mut next_practitioner = 0u64;
    // (unit, its level number, the team of the nearest unit above that has one)
    let add_unit = |doc: &mut SystemDocument,
                    rng: &mut Rng,
                    unit: &str,
                    level: usize,
                    parent: Option<&str>,
                    above: Option<&str>|
     -> Option<String> {
        let mut u = Unit::new(id(unit), doc.levels[level].id.clone(), parent.map(id));
        u.name = Some(format!("{} {unit}", doc.levels[level].name));
        doc.units.push(u);
        if !rng.chance(shape.team_probability[level]) {
            return None;
        }
        let team = format!("t-{unit}");
        let mut t = Team::new(id(&team), id(unit));
        for m in 0..rng.between(shape.team_members.0, shape.team_members.1) {
            let role = match m {
                0 => "team lead",
                1 => "data coordinator",
                2 => "coach",
                _ => "member",
            };
            t.members
                .push(Member::new(id(&format!("m-{unit}-{m}")), id(role), start));
        }
        doc.teams.push(t);
        if let Some(above) = above
            && rng.chance(shape.link_probability)
        {
            doc.links.push(TeamLink::new(
                id(above),
                id(&team),
                LinkKind::Supports,
                start,
            ));
        }
        Some(team)
    };

    let state_team = add_unit(&mut doc, &mut rng, "state", 0, None, None);
    for r in 1..=shape.regions {
        let region = format!("r{r}");
        let region_team = add_unit(
            &mut doc,
            &mut rng,
            &region,
            1,
            Some("state"),
            state_team.as_deref(),
        );
        let above_districts = region_team
            .as_deref()
            .or(state_team.as_deref())
            .map(str::to_string);
        for d in 1..=shape.districts_per_region {
            let district = format!("{region}-d{d}");
            let district_team = add_unit(
                &mut doc,
                &mut rng,
                &district,
                2,
                Some(&region),
                above_districts.as_deref(),
            );
            let above_schools = district_team.clone().or_else(|| above_districts.clone());
            for s in 1..=shape.schools_per_district {
                let school = format!("{district}-s{s}");
                let school_team = add_unit(
                    &mut doc,
                    &mut rng,
                    &school,
                    3,
                    Some(&district),
                    above_schools.as_deref(),
                );
                let first = doc.practitioners.len();
                for _ in 0..shape.practitioners_per_school {
                    next_practitioner += 1;
                    let mut p = Practitioner::new(
                        id(&format!("p{next_practitioner}")),
                        id(&school),
                        id("teacher"),
                    );
                    p.start = Some(start);
                    doc.practitioners.push(p);
                }
                if school_team.is_some() && shape.practitioners_per_school > 0 {
                    let capacity = shape.coach_capacity.max(1);
                    let coaches = shape.practitioners_per_school.div_ceil(capacity);
                    let base = doc.coaches.len();
                    for c in 0..coaches {
                        let person = doc.practitioners[first + c as usize].id.clone();
                        doc.coaches.push(Coach::new(
                            id(&format!("c-{school}-{c}")),
                            CoachPerson::Practitioner(person),
                            capacity,
                        ));
                    }
                    for p in first..doc.practitioners.len() {
                        let c = base + rng.between(0, coaches - 1) as usize;
                        let pid = doc.practitioners[p].id.clone();
                        doc.coaches[c].caseload.push(pid);
                    }
                }
            }
        }
    }
    Ok(doc)
}
