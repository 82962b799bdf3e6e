//! Benchmark, not a timed test (ignored by default; BENCHMARKS.md "Start-up and memory", issue 14
//! item 6): the real app under Xvfb, side by side in one run on an empty plant and on a plant
//! with 1,000,000 audited ledger entries.
//!
//! - **Start to interactive**: from the app process's start (its start time in /proc) to the
//!   sign-in form's `performance.mark("ehs-interactive")` (set when the form is on screen).
//! - **Memory**: PSS (`/proc/PID/smaps_rollup`) summed over the app process and every process
//!   under it (WebKit's web and network processes), at the sign-in form and again with the
//!   hazardous-waste ledger open and its first page drawn.
//!
//! ```sh
//! target/release/ehs-ledger bench verify --entries 1000000 --runs 1 --out /tmp/bv.sqlite3
//! EHS_BENCH_BIG_DB=/tmp/bv.sqlite3 EHS_E2E_APP=<target>/release/ehs-ledger-desktop \
//!   xvfb-run -a -s "-screen 0 1400x900x24" \
//!   cargo test -p ehs-ledger-e2e --test startup_memory -- --ignored --nocapture
//! ```
//! Both files have the bench plant's `admin` / `bench-password`. The big file is copied first
//! (the app may write to it), so the original stays as built.

use chrono::Utc;
use ehs_ledger::plant::{self, Jurisdiction, SetupInput};
use ehs_ledger::Store;
use ehs_ledger_e2e::{app_binary, click, open_app, screenshot, sign_in, wait, Driver};
use fantoccini::{Client, Locator};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const USER: &str = "admin";
const PASSWORD: &str = "bench-password";

fn empty_plant(dir: &Path) -> PathBuf {
    let path = dir.join("empty.sqlite3");
    let mut store = Store::open(&path).unwrap();
    plant::setup(
        &mut store,
        SetupInput {
            plant_code: "EMPTY".into(),
            plant_name: "Empty plant".into(),
            segment: "bench".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: USER.into(),
            admin_display_name: "Admin".into(),
            admin_password: PASSWORD.into(),
        },
        Utc::now(),
    )
    .unwrap();
    path
}

/// (pid → parent pid) of every process now.
fn parents() -> HashMap<u32, u32> {
    let mut map = HashMap::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // The command name is in parentheses and may hold spaces: fields after the last ')'.
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        let ppid: u32 = rest.split(' ').nth(1).unwrap().parse().unwrap();
        map.insert(pid, ppid);
    }
    map
}

/// The processes whose executable is the app binary.
fn app_pids() -> Vec<u32> {
    let want = std::fs::canonicalize(app_binary()).unwrap();
    let mut pids = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        if std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_deref() == Some(want.as_path()) {
            pids.push(pid);
        }
    }
    pids
}

/// The running app process. Each run first waits for the previous run's app to exit
/// ([`wait_app_gone`]), so there is exactly one.
fn app_pid() -> u32 {
    let pids = app_pids();
    assert_eq!(pids.len(), 1, "exactly one app process runs: {pids:?}");
    pids[0]
}

/// Waits until no app process is left (a closed session's app exits on its own); one that
/// stays after 10 s gets SIGTERM, so the next run measures a start, not a leftover.
async fn wait_app_gone() {
    for i in 0..200 {
        let left = app_pids();
        if left.is_empty() {
            return;
        }
        if i == 100 {
            for p in left {
                let _ = std::process::Command::new("kill").args(["-TERM", &p.to_string()]).status();
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the app did not exit: {:?}", app_pids());
}

/// The process's start as Unix milliseconds (boot time + start ticks; 10 ms resolution).
fn started_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    // Field 22 of stat is the start time; `rest` begins at field 3.
    let ticks: f64 = rest.split(' ').nth(19).unwrap().parse().unwrap();
    let btime: f64 = std::fs::read_to_string("/proc/stat")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("btime "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Clock ticks per second (100 on Linux x86-64), asked rather than assumed.
    let tck = std::process::Command::new("getconf").arg("CLK_TCK").output().unwrap();
    let tck: f64 = String::from_utf8_lossy(&tck.stdout).trim().parse().unwrap();
    (btime + ticks / tck) * 1000.0
}

/// PSS in KiB summed over `root` and every process below it, with the processes counted.
fn pss_tree(root: u32) -> (u64, Vec<String>) {
    let parents = parents();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| **pp == p).map(|(c, _)| *c));
        i += 1;
    }
    let mut total = 0;
    let mut names = Vec::new();
    for pid in tree {
        let Ok(roll) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else { continue };
        let kib: u64 = roll
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .map(|v| v.trim().trim_end_matches("kB").trim().parse().unwrap())
            .unwrap_or(0);
        total += kib;
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        names.push(format!("{}={} MiB", comm.trim(), kib / 1024));
    }
    (total, names)
}

struct Sample {
    interactive_ms: f64,
    native_ms: f64,
    pss_signin_kib: u64,
    pss_ledger_kib: u64,
    rows: usize,
    procs: Vec<String>,
}

async fn measure(c: &Client, label: &str) -> Sample {
    wait(c, "signin-username").await;
    let marks = c
        .execute(
            "const m = performance.getEntriesByName('ehs-interactive')[0];
             return m ? [performance.timeOrigin, m.startTime] : null;",
            vec![],
        )
        .await
        .unwrap();
    let marks = marks.as_array().expect("the sign-in form set its ehs-interactive mark");
    let (origin, in_page) = (marks[0].as_f64().unwrap(), marks[1].as_f64().unwrap());
    let pid = app_pid();
    let interactive_ms = origin + in_page - started_ms(pid);
    // The split: the native part (process, GTK, WebKit's processes, the page's navigation start)
    // and the page's own part (load and run the UI, app_status, draw the form).
    let native_ms = interactive_ms - in_page;
    assert!(interactive_ms > 0.0 && interactive_ms < 60_000.0, "{label}: start to interactive {interactive_ms} ms");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (pss_signin_kib, _) = pss_tree(pid);

    sign_in(c, USER, PASSWORD).await;
    click(c, "nav-waste").await;
    // The ledger's total line is drawn with the first page (an empty plant has no rows).
    wait(c, "ledger-total").await;
    if label != "empty" {
        wait(c, "ledger-row").await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rows = c.find_all(Locator::Css("[data-testid=\"ledger-row\"]")).await.unwrap().len();
    let (pss_ledger_kib, procs) = pss_tree(pid);
    screenshot(c, &format!("bench-{label}")).await;
    assert!(pss_signin_kib > 0 && pss_ledger_kib > 0, "{label}: PSS read");
    Sample { interactive_ms, native_ms, pss_signin_kib, pss_ledger_kib, rows, procs }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark (BENCHMARKS.md): needs EHS_BENCH_BIG_DB, a 1,000,000-entry file from `bench verify`"]
async fn start_to_interactive_and_memory_empty_vs_a_million_entries() {
    let big_src = PathBuf::from(std::env::var_os("EHS_BENCH_BIG_DB").expect("EHS_BENCH_BIG_DB: the 1M-entry file"));
    let rounds: usize = std::env::var("EHS_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let empty = empty_plant(dir.path());
    let big = dir.path().join("big.sqlite3");
    std::fs::copy(&big_src, &big).unwrap();
    // Opened (and so migrated) once here, so the app's start is not a migration.
    let entries: i64 =
        Store::open(&big).unwrap().conn().query_row("SELECT count(*) FROM waste_generation", [], |r| r.get(0)).unwrap();
    assert!(entries >= 1_000_000, "{} holds {entries} entries, not 1,000,000", big_src.display());

    let mut results: HashMap<&str, Vec<Sample>> = HashMap::new();
    for round in 0..rounds {
        // Alternate which goes first, so neither always meets a warm page cache.
        let order: [(&str, &Path); 2] =
            if round % 2 == 0 { [("empty", &empty), ("1M", &big)] } else { [("1M", &big), ("empty", &empty)] };
        for (label, db) in order {
            wait_app_gone().await;
            let driver = Driver::start();
            let c = open_app(&driver, db).await;
            let s = measure(&c, label).await;
            println!(
                "round {round} {label:>5}: interactive {:.0} ms (native {:.0} + page {:.0}), PSS sign-in {:.1} MiB, ledger open {:.1} MiB ({} rows drawn) [{}]",
                s.interactive_ms,
                s.native_ms,
                s.interactive_ms - s.native_ms,
                s.pss_signin_kib as f64 / 1024.0,
                s.pss_ledger_kib as f64 / 1024.0,
                s.rows,
                s.procs.join(", ")
            );
            results.entry(label).or_default().push(s);
            c.close().await.unwrap();
            drop(driver);
        }
    }
    let summary = |label: &str| {
        let r = &results[label];
        (
            median(r.iter().map(|s| s.interactive_ms).collect()),
            median(r.iter().map(|s| s.pss_signin_kib as f64 / 1024.0).collect()),
            median(r.iter().map(|s| s.pss_ledger_kib as f64 / 1024.0).collect()),
        )
    };
    let (ei, es, el) = summary("empty");
    let (bi, bs, bl) = summary("1M");
    println!("\n| plant | start → interactive (median) | PSS at sign-in | PSS, ledger open |");
    println!("|---|---|---|---|");
    println!("| empty | {ei:.0} ms | {es:.1} MiB | {el:.1} MiB |");
    println!("| 1,000,000 entries | {bi:.0} ms | {bs:.1} MiB | {bl:.1} MiB |");
    println!("ratio 1M / empty, ledger open: {:.3}×  ({rounds} rounds each, medians)", bl / el);
    assert!(results["1M"].iter().all(|s| s.rows > 0), "every 1M run drew ledger rows");
    assert!(results["empty"].iter().all(|s| s.rows == 0), "the empty plant has no rows");
}
