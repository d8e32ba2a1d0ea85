//! Property tests for dates that cannot be written as `YYYY-MM-DD`: whatever a random valid
//! system with a date anywhere in jiff's range writes reads back.

mod common;

use common::id;
use common::systems::small_system_doc;

use implsci::Document;
use implsci::system::{Level, Practitioner, SystemDocument, Unit};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

/// Whatever `to_json` writes reads back. jiff dates run from year -9999 to 9999, but the wire
/// format is exactly `YYYY-MM-DD`, so a year outside 0000–9999 must be refused on writing
/// (as `Innovation` and `SiteRecord` do with `out_of_range`), not written and then refused on
/// reading.
fn check_written_reads_back(doc: &SystemDocument) -> Result<(), TestCaseError> {
    if let Ok(json) = doc.to_json() {
        match SystemDocument::from_json(&json) {
            Ok(read) => prop_assert_eq!(&read, doc),
            Err(e) => prop_assert!(
                false,
                "to_json wrote a system it cannot read: {:?}",
                e.problems()
            ),
        }
    }
    Ok(())
}

#[test]
fn a_negative_year_is_refused_or_reads_back() {
    let mut doc = SystemDocument::new(id("s"), "S");
    doc.levels.push(Level::new(id("l"), "L"));
    doc.units.push(Unit::new(id("u"), id("l"), None));
    let mut p = Practitioner::new(id("p"), id("u"), id("teacher"));
    p.start = Some(Date::new(-1, 1, 1).unwrap());
    doc.practitioners.push(p);
    check_written_reads_back(&doc).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_date_written_reads_back(
        doc in small_system_doc(),
        year in prop_oneof![-9999i16..=9999, -9999i16..0, Just(-9999i16), Just(0i16), Just(9999i16)],
        field in 0u8..4,
        at in any::<Index>(),
    ) {
        let mut doc = doc;
        let day = Date::new(year, 6, 15).unwrap();
        match field {
            0 if !doc.practitioners.is_empty() => {
                let n = doc.practitioners.len();
                let p = &mut doc.practitioners[at.index(n)];
                p.start = Some(day);
                p.end = p.end.map(|e| e.max(day));
            }
            1 if !doc.links.is_empty() => {
                let n = doc.links.len();
                let l = &mut doc.links[at.index(n)];
                l.start = day;
                l.end = l.end.map(|e| e.max(day));
            }
            2 if doc.teams.iter().any(|t| !t.members.is_empty()) => {
                let t = doc.teams.iter_mut().find(|t| !t.members.is_empty()).unwrap();
                let n = t.members.len();
                let m = &mut t.members[at.index(n)];
                m.start = day;
                m.end = m.end.map(|e| e.max(day));
            }
            _ => {
                let u = doc.units[0].id.clone();
                let mut p = Practitioner::new(id("p-dated"), u, id("teacher"));
                p.end = Some(day);
                doc.practitioners.push(p);
            }
        }
        check_written_reads_back(&doc)?;
    }
}
