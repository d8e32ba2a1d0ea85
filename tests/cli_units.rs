//! `implsci units`: the units with their place in the hierarchy, as tables people and pandas
//! read.

use std::process::Command;

fn units(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_implsci"))
        .arg("units")
        .arg("examples/data/state_system.json")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_csv_has_a_column_per_level_above_and_one_row_per_unit() {
    let csv = units(&["--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("unit,name,level,parent,state,region,district,teams,practitioners")
    );
    let southport = csv
        .lines()
        .find(|l| l.starts_with("southport-es,"))
        .unwrap();
    // A school of the Brunswick district, in the coastal region.
    assert!(
        southport.contains(",school,brunswick,state,coastal,brunswick,"),
        "{southport}"
    );
    assert_eq!(csv.lines().count(), 1 + 17);
}

#[test]
fn as_of_counts_the_practitioners_of_that_date() {
    // lincoln-t1 started on 2022-08-15: before that, Lincoln has fewer practitioners.
    let now = units(&["--format", "csv"]);
    let then = units(&["--format", "csv", "--as-of", "2022-08-14"]);
    let lincoln = |csv: &str| {
        csv.lines()
            .find(|l| l.starts_with("lincoln-es,"))
            .and_then(|l| l.rsplit(',').next())
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert!(lincoln(&then) < lincoln(&now), "{then}");
}
