//! `implsci simulate` of a sweep, whole and in shards, and `implsci merge`: the shards of 3
//! and of 7, run in any order, merge into the bytes of the unsharded run; merge refuses a
//! missing shard, a duplicate and a shard of another seed, each said; `--shard slurm` reads
//! the job array's task.

mod run;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use run::stdout;

fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_sweep-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small sweep of the example state: 2 plans × 2 × 2 values, 5 replicates a cell, two
/// years; its system beside it.
fn small_sweep(dir: &Path) -> PathBuf {
    std::fs::copy(
        "examples/data/state_system.json",
        dir.join("state_system.json"),
    )
    .unwrap();
    let mut scenario: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/data/sweep_scenario.json").unwrap(),
    )
    .unwrap();
    scenario["horizon"] = "2027-07-01".into();
    scenario["sweep"] = serde_json::json!({
        "parameters": [
            {"parameter": "turnover.practitioners", "values": [0.14, 0.30]},
            {"parameter": "use_given.coaching", "range": {"from": 0.75, "to": 0.95, "count": 2}}
        ],
        "plans": ["form the missing teams", "current plan"],
        "replicates": 5
    });
    let path = dir.join("scenario.json");
    std::fs::write(&path, serde_json::to_string_pretty(&scenario).unwrap()).unwrap();
    path
}

fn implsci(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_implsci"));
    c.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
    ] {
        c.env_remove(var);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the implsci binary runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(o)
}

/// A usage error's message (status 2).
fn usage_error(args: &[&str], env: &[(&str, &str)]) -> String {
    let o = implsci(args, env);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    String::from_utf8(o.stderr).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file of a folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn shards_of_3_and_of_7_in_any_order_merge_into_the_unsharded_bytes() {
    let dir = scratch("identical");
    let scenario = small_sweep(&dir);
    let whole = dir.join("whole");
    let table = ok(&implsci(
        &["simulate", s(&scenario), "--out", s(&whole)],
        &[],
    ));
    assert!(table.contains("8 cells (2 plans × 2 values of turnover.practitioners × 2 values of use_given.coaching), 5 replicates each"), "{table}");
    let expected = files(&whole);
    let names: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "cells.csv",
            "level_series.csv",
            "levels.csv",
            "sensitivity.csv",
            "series.csv",
            "sweep.json",
            "units.csv"
        ]
    );
    for (n, order) in [(3u64, vec![2u64, 3, 1]), (7, vec![7, 1, 4, 2, 6, 3, 5])] {
        let shards = dir.join(format!("shards-{n}"));
        for i in order {
            let said = ok(&implsci(
                &[
                    "simulate",
                    s(&scenario),
                    "--shard",
                    &format!("{i}/{n}"),
                    "--out",
                    s(&shards),
                ],
                &[],
            ));
            assert!(said.starts_with(&format!("Shard {i} of {n}: ")), "{said}");
        }
        let merged = dir.join(format!("merged-{n}"));
        let merged_table = ok(&implsci(&["merge", s(&shards), "--out", s(&merged)], &[]));
        assert_eq!(merged_table, table, "{n} shards: the table");
        let got = files(&merged);
        assert_eq!(got.len(), expected.len());
        for ((name, bytes), (_, want)) in got.iter().zip(&expected) {
            assert!(bytes == want, "{n} shards: {name} differs");
        }
    }
    // The long series: one row per cell × quantile × period × unit × measure.
    let series = String::from_utf8(std::fs::read(whole.join("series.csv")).unwrap()).unwrap();
    let header = series.lines().next().unwrap();
    assert!(
        header
            .starts_with("cell,plan,turnover.practitioners,use_given.coaching,quantile,date,unit,"),
        "{header}"
    );
    assert!(header.ends_with(",innovation,measure,value"), "{header}");
}

#[test]
fn merge_refuses_a_missing_shard_a_duplicate_and_a_shard_of_another_seed() {
    let dir = scratch("refusals");
    let scenario = small_sweep(&dir);
    let shards = dir.join("shards");
    for i in 1..=3 {
        ok(&implsci(
            &[
                "simulate",
                s(&scenario),
                "--shard",
                &format!("{i}/3"),
                "--out",
                s(&shards),
            ],
            &[],
        ));
    }
    let one = shards.join("shard=1-of-3");
    let two = shards.join("shard=2-of-3");
    let three = shards.join("shard=3-of-3");
    let refused = |dirs: &[&Path]| {
        let mut args = vec!["merge"];
        args.extend(dirs.iter().map(|d| s(d)));
        let o = implsci(&args, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(o.stdout.is_empty());
        String::from_utf8(o.stderr).unwrap()
    };
    let missing = refused(&[&one, &three]);
    assert!(missing.contains("shard 2 of 3 is missing"), "{missing}");

    let copy = dir.join("copy-of-one");
    std::fs::create_dir_all(&copy).unwrap();
    for f in ["manifest.json", "runs.jsonl"] {
        std::fs::copy(one.join(f), copy.join(f)).unwrap();
    }
    let twice = refused(&[&one, &two, &three, &copy]);
    assert!(twice.contains("shard 1 of 3 is given twice"), "{twice}");
    assert!(twice.contains("copy-of-one"), "{twice}");

    let other = dir.join("other-seed");
    ok(&implsci(
        &[
            "simulate",
            s(&scenario),
            "--seed",
            "99",
            "--shard",
            "3/3",
            "--out",
            s(&other),
        ],
        &[],
    ));
    let foreign = refused(&[&one, &two, &other.join("shard=3-of-3")]);
    assert!(
        foreign.contains("a shard of another run: seed 99, not 2025"),
        "{foreign}"
    );
    assert!(foreign.contains("shard 3 of 3 is missing"), "{foreign}");

    // A shard whose runs were cut short is refused, naming its file.
    let runs = std::fs::read_to_string(two.join("runs.jsonl")).unwrap();
    let cut = runs.split_inclusive('\n').skip(1).collect::<String>();
    std::fs::write(two.join("runs.jsonl"), cut).unwrap();
    let short = refused(&[&one, &two, &three]);
    assert!(
        short.contains("runs.jsonl: holds 12 runs; its manifest says 13, and shard 2 of 3 of a sweep of 40 runs has 13"),
        "{short}"
    );

    // The scenario changed since the shards ran.
    std::fs::write(two.join("runs.jsonl"), runs).unwrap();
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, format!("{text}\n")).unwrap();
    let changed = refused(&[&shards]);
    assert!(
        changed.contains("is not the scenario the shards ran"),
        "{changed}"
    );
}

#[test]
fn shard_slurm_reads_the_array_task_and_says_what_is_missing() {
    let dir = scratch("slurm");
    let scenario = small_sweep(&dir);
    let out = dir.join("out");
    let said = ok(&implsci(
        &[
            "simulate",
            s(&scenario),
            "--shard",
            "slurm",
            "--out",
            s(&out),
        ],
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ],
    ));
    assert!(
        said.starts_with("Shard 2 of 4: 10 of the sweep's 40 runs"),
        "{said}"
    );
    assert!(out.join("shard=2-of-4/manifest.json").exists());
    // An array split in two for a site's cap: the second array's task 0 is shard 6 of 8.
    let said = ok(&implsci(
        &[
            "simulate",
            s(&scenario),
            "--shard",
            "slurm",
            "--shard-offset",
            "5",
            "--shard-count",
            "8",
            "--out",
            s(&out),
        ],
        &[
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ],
    ));
    assert!(
        said.starts_with("Shard 6 of 8: 5 of the sweep's 40 runs"),
        "{said}"
    );
    let err = usage_error(
        &[
            "simulate",
            s(&scenario),
            "--shard",
            "slurm",
            "--out",
            s(&out),
        ],
        &[],
    );
    assert!(err.contains("SLURM_ARRAY_TASK_ID is not set"), "{err}");
}

#[test]
fn a_bad_shard_or_a_scenario_without_a_sweep_is_a_usage_error() {
    let dir = scratch("usage");
    let run = |shard: &str| {
        usage_error(
            &[
                "simulate",
                "examples/data/scenario.json",
                "--shard",
                shard,
                "--out",
                s(&dir),
            ],
            &[],
        )
    };
    let err = run("4/3");
    assert!(
        err.contains("`4/3` is not a shard: write i/n, with i from 1 to n"),
        "{err}"
    );
    let err = run("1/3");
    assert!(err.contains("has no `sweep`"), "{err}");
}

#[test]
fn an_invalid_sweep_is_refused_with_every_problem_and_its_path() {
    let dir = scratch("invalid");
    let scenario = small_sweep(&dir);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&scenario).unwrap()).unwrap();
    doc["sweep"] = serde_json::json!({
        "parameters": [
            {"parameter": "turnover.practitioners", "values": [0.14, 1.5]},
            {"parameter": "turnover.practitioners", "values": [0.2]},
            {"parameter": "vacancy_weeks", "values": [4.5]},
            {"parameter": "drift", "range": {"from": 0.1, "to": 0.3, "count": 1}},
            {"parameter": "barriers.lift"}
        ],
        "plans": ["no such plan"],
        "replicates": 0
    });
    std::fs::write(&scenario, doc.to_string()).unwrap();
    let o = implsci(&["simulate", s(&scenario)], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    for expected in [
        "$.sweep.parameters[0].values[1]",
        "$.sweep.parameters[1].parameter",
        "$.sweep.parameters[2].values[0]",
        "$.sweep.parameters[3].range.count",
        "$.sweep.parameters[4]",
        "$.sweep.plans[0]",
        "$.sweep.replicates",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // A sweep too large to keep a record of each run is refused before it runs.
    doc["sweep"] = serde_json::json!({
        "parameters": [
            {"parameter": "drift", "range": {"from": 0.0, "to": 1.0, "count": 10000}},
            {"parameter": "barriers.lift", "range": {"from": 0.0, "to": 1.0, "count": 50}}
        ],
        "plans": ["current plan"],
        "replicates": 100
    });
    std::fs::write(&scenario, doc.to_string()).unwrap();
    let o = implsci(&["simulate", s(&scenario)], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "$.sweep: out_of_range: has 50000000 runs (cells × replicates): at most 10000000"
        ),
        "{err}"
    );
}

#[test]
fn the_slurm_scripts_parse_and_play_a_job_array_and_its_merge() {
    let scripts = ["sweep.sbatch", "merge.sbatch", "submit.sh"];
    for f in scripts {
        let o = Command::new("bash")
            .args(["-n", &format!("examples/slurm/{f}")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let dir = scratch("slurm-scripts");
    let scenario = small_sweep(&dir);
    let (out, result, whole) = (dir.join("out"), dir.join("result"), dir.join("whole"));
    ok(&implsci(
        &["simulate", s(&scenario), "--out", s(&whole)],
        &[],
    ));

    // A fake sbatch on PATH records its arguments and answers with a job id.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let calls = dir.join("calls");
    let fake = bin.join("sbatch");
    std::fs::write(
        &fake,
        format!(
            "#!/usr/bin/env bash\necho \"$*\" >> '{}'\necho '4242;cluster'\n",
            s(&calls)
        ),
    )
    .unwrap();
    let made = Command::new("chmod")
        .args(["+x", s(&fake)])
        .status()
        .unwrap();
    assert!(made.success());
    let path = format!("{}:{}", s(&bin), std::env::var("PATH").unwrap_or_default());
    let bash = |script: &str, args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new("bash");
        c.arg(format!("examples/slurm/{script}"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("PATH", &path)
            .env("IMPLSCI", env!("CARGO_BIN_EXE_implsci"));
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let said = ok(&bash(
        "submit.sh",
        &[s(&scenario), "3", s(&out), s(&result)],
        &[],
    ));
    assert!(
        said.contains("job array 4242 (3 tasks) and its merge as job 4242"),
        "{said}"
    );
    let calls = std::fs::read_to_string(&calls).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[0].starts_with("--parsable --array=0-2 "),
        "{}",
        calls[0]
    );
    assert!(calls[0].ends_with(&format!("sweep.sbatch {} {}", s(&scenario), s(&out))));
    assert!(
        calls[1].starts_with("--parsable --dependency=afterok:4242 "),
        "{}",
        calls[1]
    );
    assert!(calls[1].ends_with(&format!("merge.sbatch {} {}", s(&out), s(&result))));

    // What Slurm would then run: the array's tasks, in any order, then the merge.
    for task in ["2", "0", "1"] {
        ok(&bash(
            "sweep.sbatch",
            &[s(&scenario), s(&out)],
            &[
                ("SLURM_ARRAY_TASK_ID", task),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
                ("SLURM_ARRAY_TASK_MIN", "0"),
                ("SLURM_CPUS_PER_TASK", "2"),
            ],
        ));
    }
    ok(&bash("merge.sbatch", &[s(&out), s(&result)], &[]));
    assert_eq!(files(&result), files(&whole));
}
