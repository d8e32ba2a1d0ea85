//! Property tests for CFIR construct ratings: matrices from random ratings have one row per
//! site and per construct counts that sum to the number of sites and match a count by hand;
//! faulty ratings are refused.

mod common;

use common::instruments::count;
use common::{id, shuffle};

use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating, SiteRatings};
use proptest::prelude::*;
use proptest::sample::Index;

/// A rating, or the construct left unlisted at the site.
fn cfir_cell() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        1 => Just(None),
        4 => (0usize..8).prop_map(|r| Some(Rating::ALL[r])),
    ]
}

/// A fault: a rating of a construct not listed, or a construct rated twice at a site.
#[derive(Debug, Clone, Copy)]
enum CfirJunk {
    Dangling(Index),
    RatedTwice(Index),
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// CFIR matrices from random ratings: one row per site, each cell the rating given or
    /// missing, and per construct counts that sum to the number of sites and match a count by
    /// hand; faulty ratings are refused.
    #[test]
    fn cfir_counts_sum_to_the_sites(
        (constructs, cells) in (0usize..=6, 0usize..=8).prop_flat_map(|(n, m)| {
            (Just(n), prop::collection::vec(prop::collection::vec(cfir_cell(), n), m))
        }),
        junk in prop_oneof![
            10 => Just(None),
            1 => any::<Index>().prop_map(|i| Some(CfirJunk::Dangling(i))),
            1 => any::<Index>().prop_map(|i| Some(CfirJunk::RatedTwice(i))),
        ],
        groups in prop::collection::vec(0u8..3, 8),
        order in any::<u64>(),
    ) {
        let mut ratings = CfirRatings::new();
        let construct_id = |c: usize| format!("c{c}");
        for c in 0..constructs {
            ratings.constructs.push(Construct::new(id(&construct_id(c)), format!("Construct {c}"), "Inner Setting"));
        }
        let site_id = |s: usize| format!("s{s}");
        for (s, row) in cells.iter().enumerate() {
            let mut site = SiteRatings::new(id(&site_id(s)));
            for (c, cell) in row.iter().enumerate() {
                if let Some(r) = cell {
                    site.ratings.push(implsci::score::instruments::cfir::ConstructRating::new(id(&construct_id(c)), *r));
                }
            }
            shuffle(&mut site.ratings, order ^ u64::try_from(s).unwrap());
            ratings.sites.push(site);
        }
        let faulty = match junk {
            Some(CfirJunk::Dangling(i)) if !cells.is_empty() => {
                ratings.rate(id(&site_id(i.index(cells.len()))), id("c99"), Rating::Neutral);
                true
            }
            Some(CfirJunk::RatedTwice(i)) if !cells.is_empty() && constructs > 0 => {
                let s = i.index(cells.len());
                let c = i.index(constructs);
                // Rate it twice: once more if listed, twice if not.
                if cells[s][c].is_none() {
                    ratings.rate(id(&site_id(s)), id(&construct_id(c)), Rating::Missing);
                }
                ratings.rate(id(&site_id(s)), id(&construct_id(c)), Rating::PlusOne);
                true
            }
            _ => false,
        };

        let matrix = match ratings.matrix() {
            Ok(m) => m,
            Err(errors) => {
                prop_assert!(faulty, "valid ratings were refused: {:?}", errors);
                return Ok(());
            }
        };
        prop_assert!(!faulty, "faulty ratings were accepted");
        let sites = count(cells.len());
        prop_assert_eq!(matrix.rows.len(), cells.len());
        prop_assert_eq!(matrix.counts.len(), constructs);
        for (s, (row, given)) in matrix.rows.iter().zip(&cells).enumerate() {
            prop_assert_eq!(row.site.as_str(), site_id(s));
            let expected: Vec<Rating> = given.iter().map(|r| r.unwrap_or(Rating::Missing)).collect();
            prop_assert_eq!(&row.ratings, &expected);
            let classes = matrix.classes(&row.site).unwrap();
            let codes: Vec<&str> = classes.iter().map(|c| c.class.as_str()).collect();
            prop_assert_eq!(codes, expected.iter().map(|r| r.code()).collect::<Vec<_>>());
        }
        for (c, counts) in matrix.counts.iter().enumerate() {
            prop_assert_eq!(counts.construct.as_str(), construct_id(c));
            let total: u32 = Rating::ALL.iter().map(|&r| counts.counts.count(r)).sum();
            prop_assert_eq!(total, sites, "construct {}", c);
            for r in Rating::ALL {
                let by_hand = count(cells.iter().filter(|row| row[c].unwrap_or(Rating::Missing) == r).count());
                prop_assert_eq!(counts.counts.count(r), by_hand, "construct {}, rating {}", c, r);
            }
            let rated = count(cells.iter().filter(|row| row[c].is_some_and(Rating::is_rated)).count());
            prop_assert_eq!(counts.counts.rated(), rated);
        }

        // A contrast of two random groups lists only constructs both groups rated.
        let first: Vec<implsci::id::UnitId> = (0..cells.len()).filter(|&s| groups[s] == 1).map(|s| id(&site_id(s))).collect();
        let second: Vec<implsci::id::UnitId> = (0..cells.len()).filter(|&s| groups[s] == 2).map(|s| id(&site_id(s))).collect();
        for contrast in matrix.contrast(&first, &second).unwrap() {
            prop_assert!(contrast.first.rated() > 0 && contrast.second.rated() > 0);
            prop_assert!(contrast.first.rated() <= count(first.len()));
            prop_assert!(contrast.second.rated() <= count(second.len()));
        }
    }
}
