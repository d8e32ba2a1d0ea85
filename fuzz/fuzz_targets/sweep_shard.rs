//! Bytes read as `implsci merge` reads a shard folder: up to the first NUL its
//! `manifest.json`, after it its `runs.jsonl`; the manifest merged with itself and with a
//! copy of another shard's number.
#![no_main]

use implsci::sim::{ShardManifest, merge_shards, read_runs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (manifest, runs) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let manifest = match ShardManifest::from_slice(manifest, "manifest.json".as_ref()) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match read_runs(&manifest, runs, "runs.jsonl".as_ref()) {
        Ok(records) => {
            let _ = records.len();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let given = vec![("a".into(), manifest.clone()), ("b".into(), manifest)];
    if let Err(e) = merge_shards(&given) {
        let _ = e.to_string();
    }
});
