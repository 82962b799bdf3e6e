//! Issue 11, "try to break it": the real `ehs-ledger hq import` killed with SIGKILL at several
//! points of a large folder import leaves the HQ file with all of the run or none of it, the
//! caches proved and the audit chain whole; a second writer and a reader beside a running import
//! either succeed or are told the file is busy — never a half-written run, never a wrong grid.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::hq::{hq, hq_now, synth, Synth};
use common::week_plant::plant_coded;
use ehs_ledger::hq::{grid, registry, store};
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::{audit, Store};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PLANTS: usize = 6;
const YEARS: [i32; 3] = [2024, 2025, 2026];

/// An HQ file with `PLANTS` plants registered and a folder of their 52 × 3 weekly packets.
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, usize) {
    let mut q = hq();
    let folder = dir.join("usb");
    std::fs::create_dir(&folder).unwrap();
    let mut n = 0;
    for i in 0..PLANTS {
        let p = plant_coded(&format!("P{i:02}"), "Asia/Shanghai", Jurisdiction::CN);
        q.register(&p, "PHONE", "2020-01-01");
        for y in YEARS {
            for w in 1..=52u32 {
                let week = format!("{y}-W{w:02}");
                let monday = ehs_ledger::sync::IsoWeek::parse("week", &week).unwrap().monday();
                let at = format!("{}T02:00:00Z", monday + chrono::Duration::days(8));
                let month = monday.format("%Y-%m").to_string();
                let bytes = synth(
                    &p,
                    Synth {
                        week: &week,
                        revision: 1,
                        reason: None,
                        generated_at: &at,
                        figures: vec![("hw_generated_g", "g", vec![(month.as_str(), 1_000 + i64::from(w))])],
                        head: None,
                        prev: None,
                    },
                );
                std::fs::write(folder.join(format!("P{i:02}_{week}_r1.packet.json")), bytes).unwrap();
                n += 1;
            }
        }
    }
    let path = dir.join("hq.sqlite3");
    drop(q.store);
    std::fs::copy(q.dir.path().join("hq.sqlite3"), &path).unwrap();
    (path, folder, n)
}

fn import_cmd(db: &Path, folder: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"));
    c.arg("--db").arg(db).args(["hq", "import"]).arg(folder);
    c.env_remove("EHS_LEDGER_DB").env_remove("EHS_LEDGER_USER").stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn packets(db: &Path) -> i64 {
    let s = Store::open(db).unwrap();
    s.conn().query_row("SELECT count(*) FROM hq_packet", [], |r| r.get(0)).unwrap()
}

/// The file is whole: integrity, the audit chain, every record audited, every cache proved.
fn whole(db: &Path) {
    let s = Store::open(db).unwrap();
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(audit::verify(s.conn()).unwrap().first_broken, None);
    assert_eq!(audit::records::verify_records(s.conn()).unwrap().first_difference, None);
    assert_eq!(store::check(s.conn()).unwrap().first_difference, None);
}

/// Guards the import's single transaction against a killed process: after SIGKILL at each of
/// several moments (early, during the checks, near the write), the file holds 0 or all of the
/// run's packets and is whole; the import then completes and a second one adds nothing.
#[test]
fn an_import_killed_at_any_moment_leaves_all_of_the_run_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let (db, folder, n) = setup(dir.path());
    // How long a whole import takes here, on a copy.
    let probe = dir.path().join("probe.sqlite3");
    std::fs::copy(&db, &probe).unwrap();
    let t = Instant::now();
    assert!(import_cmd(&probe, &folder).status().unwrap().success());
    let full = t.elapsed();
    assert_eq!(packets(&probe), n as i64);
    let mut saw_none = false;
    for frac in [0.05, 0.3, 0.6, 0.85, 0.95] {
        let run = dir.path().join(format!("kill-{frac}.sqlite3"));
        std::fs::copy(&db, &run).unwrap();
        let mut child = import_cmd(&run, &folder).spawn().unwrap();
        std::thread::sleep(full.mul_f64(frac));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let held = packets(&run);
        assert!(held == 0 || held == n as i64, "killed at {frac}: {held} of {n} packets held");
        saw_none |= held == 0;
        whole(&run);
        // The next import completes the run (or finds it all held) and the grid is right.
        assert!(import_cmd(&run, &folder).status().unwrap().success());
        assert_eq!(packets(&run), n as i64);
        whole(&run);
    }
    assert!(saw_none, "no kill landed before the commit (the import took {full:?})");
}

/// Guards a second writer and a reader beside a running import: the writer's change is either
/// made (before or after the import's transaction) or refused as busy, and nothing is lost; the
/// reader sees the grid before or after the run, never a part of it.
#[test]
fn a_second_writer_and_a_reader_beside_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let (db, folder, n) = setup(dir.path());
    let mut child = import_cmd(&db, &folder).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut grids = Vec::new();
    let mut wrote = 0;
    let mut busy = 0;
    let mut i = 0;
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        i += 1;
        let mut s = Store::open(&db).unwrap();
        let g = grid::grid(s.conn(), &grid::GridQuery { year: 2025, ..Default::default() }, hq_now()).unwrap();
        grids.push(g.counts.received);
        let admin = ehs_ledger::plant::users::first_admin(s.conn()).unwrap();
        match registry::add_segment(&mut s, &admin, &format!("S{i}"), "段", "Segment", hq_now()) {
            Ok(_) => wrote += 1,
            Err(e) => {
                let m = e.to_string();
                assert!(m.contains("busy") || m.contains("locked"), "a refusal other than busy: {m}");
                busy += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(child.wait().unwrap().success(), "the import beside a writer completes");
    assert!(i >= 2, "the reader and the writer ran beside the import only {i} time(s)");
    let per_year = (n / YEARS.len()) as u32;
    for r in &grids {
        assert!(*r == 0 || *r == per_year, "a reader saw {r} received weeks: part of a run");
    }
    assert_eq!(packets(&db), n as i64);
    let s = Store::open(&db).unwrap();
    let segments: i64 =
        s.conn().query_row("SELECT count(*) FROM hq_segment WHERE code GLOB 'S[0-9]*'", [], |r| r.get(0)).unwrap();
    assert_eq!(segments, wrote, "every write that succeeded is held ({busy} refused as busy)");
    drop(s);
    whole(&db);
}
