//! Bytes read as a system document; when it builds, every system report.
#![no_main]

use implsci::system::System;
use libfuzzer_sys::fuzz_target;

#[path = "common/reports.rs"]
mod reports;

fuzz_target!(|data: &[u8]| {
    match System::from_json_slice(data) {
        Ok(system) => {
            let dates = [
                "2024-10-01".parse().expect("a date"),
                implsci::jiff::civil::Date::MIN,
            ];
            reports::every_report(&system, &dates);
        }
        Err(e) => {
            let _ = e.to_string();
            for p in e.problems() {
                let _ = p.to_string();
            }
        }
    }
});
