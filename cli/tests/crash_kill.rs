//! Issue 14 item 3, "crash proof": the real `ehs-ledger bench workload` — a seeded mix of
//! generation entries, voids, put-aways, shipments, receipts, notices queued in the outbox and
//! delivery attempts, each its own transaction, one ack line per commit — is killed with SIGKILL
//! at `EHS_CRASH_KILLS` (default 200) random moments. After every kill the file must hold every
//! acknowledged write, whole (a shipment with all its lines, a receipt with its shipment), at
//! most one committed write without its ack (the one between its commit and its line), pass
//! `PRAGMA integrity_check` and `foreign_key_check`, verify its audit chain, match every record
//! to its latest audit row, and agree with its derived totals (the checks of `audit verify`).
//!
//! Runs are chained: a file that survived a kill is often handed, as it is (its write-ahead log
//! not yet recovered), to the next run; the checks then run on a copy of the file and its log,
//! so the next run's own start does the recovery. Half the runs checkpoint every few pages, so
//! kills land in checkpoints as well as in transactions. Kill delays are spread from before the
//! store is open to well inside the write loop.
//!
//! Replay: the seed is printed (`EHS_CRASH_SEED=N` runs the same sequence of runs and delays;
//! where a kill lands still depends on the machine). A failing file is kept and its path printed.

use ehs_ledger::bench::workload::{container_prefix, subject_prefix, Ack, SplitMix};
use ehs_ledger::waste::{generation, shipment, storage::totals};
use ehs_ledger::{audit, Store};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"));
    c.env_remove("EHS_LEDGER_DB").env_remove("EHS_LEDGER_USER").env_remove("EHS_LEDGER_ADMIN_PASSWORD");
    c
}

fn ok(args: &[&str], db: &Path) -> String {
    let o = cli().arg("--db").arg(db).args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Two templates, closed cleanly: a plant with its admin only (the workload's first run makes
/// its fixture, so kills land in the set-up too) and one with the fixture already made.
fn templates(dir: &Path) -> (PathBuf, PathBuf) {
    let bare = dir.join("bare.sqlite3");
    ok(
        &[
            "init",
            "--plant-code",
            "SZ01",
            "--plant-name",
            "深圳工厂",
            "--segment",
            "EV",
            "--admin-password",
            "correct horse battery",
        ],
        &bare,
    );
    let fixture = dir.join("fixture.sqlite3");
    std::fs::copy(&bare, &fixture).unwrap();
    let out = ok(&["bench", "workload", "--seed", "0", "--ops", "0"], &fixture);
    assert!(out.lines().filter(|l| l.starts_with("setup ")).count() == 5, "{out}");
    for t in [&bare, &fixture] {
        assert!(!wal(t).exists(), "{} was not closed cleanly", t.display());
    }
    (bare, fixture)
}

fn wal(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", db.display()))
}

fn shm(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", db.display()))
}

/// Replaces `to` (and its log files) with a copy of `from`.
fn copy_db(from: &Path, to: &Path, with_log: bool) {
    for p in [to.to_path_buf(), wal(to), shm(to)] {
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(from, to).unwrap();
    if with_log && wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).unwrap();
    }
}

/// One run: what it was asked, what it acknowledged, how it ended.
struct Run {
    seed: u64,
    tag: Option<String>,
    acks: Vec<Ack>,
    killed: bool,
}

/// Spawns the workload, kills it after `delay` (unless it ended), and returns every complete
/// ack line it wrote. The lines are read on a thread as they come, so the pipe never fills.
fn run_and_kill(db: &Path, seed: u64, ops: u64, checkpoint: Option<u32>, delay: Duration) -> Run {
    let mut c = cli();
    c.arg("--db").arg(db).args(["bench", "workload", "--seed", &seed.to_string(), "--ops", &ops.to_string()]);
    if let Some(p) = checkpoint {
        c.args(["--wal-autocheckpoint", &p.to_string()]);
    }
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut r = BufReader::new(stdout);
        loop {
            let mut line = String::new();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                // A line without its newline was cut by the kill: not acknowledged.
                Ok(_) if line.ends_with('\n') => lines.push(line.trim_end().to_string()),
                Ok(_) => break,
            }
        }
        lines
    });
    let start = Instant::now();
    let mut ended = None;
    while start.elapsed() < delay {
        if let Some(s) = child.try_wait().unwrap() {
            ended = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(1).min(delay.saturating_sub(start.elapsed())));
    }
    let killed = ended.is_none();
    if killed {
        child.kill().unwrap(); // SIGKILL on Unix
    }
    let status = child.wait().unwrap();
    let lines = reader.join().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    // A run may have ended by itself just before the kill.
    let killed = killed && !status.success();
    if !killed {
        assert!(status.success(), "workload seed {seed} failed on its own ({status}): {err}");
    }
    let acks: Vec<Ack> = lines.iter().map(|l| l.parse().unwrap_or_else(|e| panic!("{l:?}: {e}"))).collect();
    if !killed {
        assert_eq!(acks.last(), Some(&Ack::Done { ops }), "seed {seed} ended without its last ack");
    }
    let tag = acks.iter().find_map(|a| match a {
        Ack::Ready { tag } => Some(tag.clone()),
        _ => None,
    });
    Run { seed, tag, acks, killed }
}

fn count(s: &Store, sql: &str, p: &str) -> i64 {
    s.conn().query_row(sql, [p], |r| r.get(0)).unwrap()
}

/// The file is whole and holds what `runs` acknowledged. `Err` names the first problem; `Ok`
/// says whether the last run's write in flight (begun, not acknowledged) is in the file.
fn check(db: &Path, runs: &[Run]) -> Result<bool, String> {
    let s = Store::open(db).map_err(|e| format!("open: {e}"))?;
    let c = s.conn();
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    let fk: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    if fk != 0 {
        return Err(format!("{fk} foreign key violations"));
    }
    let chain = audit::verify(c).unwrap();
    if let Some(b) = chain.first_broken {
        return Err(format!("audit chain broken at row {}: {}", b.seq, b.reason));
    }
    if let Some(d) = audit::records::verify_records(c).unwrap().first_difference {
        return Err(format!("records differ from the audit trail: {d}"));
    }
    for (what, diff) in [
        ("day totals", generation::check_day_totals(c).unwrap()),
        ("storage totals", totals::check(c).unwrap()),
        ("unconfirmed shipments", shipment::check_unconfirmed(c).unwrap()),
    ] {
        if let Some(d) = diff {
            return Err(format!("derived {what} disagree: {d}"));
        }
    }
    let lineless: i64 = c
        .query_row(
            "SELECT count(*) FROM shipment s WHERE NOT EXISTS (SELECT 1 FROM shipment_line l WHERE l.shipment_id = s.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if lineless != 0 {
        return Err(format!("{lineless} shipments without lines"));
    }
    let mut committed = false;
    for run in runs {
        for a in &run.acks {
            present(&s, a).map_err(|e| format!("seed {}: acknowledged but {e}: {a}", run.seed))?;
        }
        committed = match &run.tag {
            Some(tag) => unacknowledged(&s, tag, &run.acks).map_err(|e| format!("seed {}: {e}", run.seed))?,
            None => false,
        };
    }
    Ok(committed)
}

/// One acknowledged write is in the file, whole.
fn present(s: &Store, a: &Ack) -> Result<(), String> {
    let c = s.conn();
    let one = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> bool {
        c.query_row(sql, params, |r| r.get::<_, i64>(0)).unwrap() == 1
    };
    let held = match a {
        Ack::Setup { what, id } => match what.as_str() {
            "facility" => one("SELECT count(*) FROM storage_facility WHERE id = ?1", &[id]),
            "receiver" | "transporter" => one("SELECT count(*) FROM counterparty WHERE id = ?1", &[id]),
            _ => one("SELECT count(*) > 0 FROM counterparty_licence WHERE counterparty_id = ?1", &[id]),
        },
        Ack::Ready { .. } | Ack::Done { .. } | Ack::Begin { .. } => true,
        Ack::Generated { id, container } => {
            one("SELECT count(*) FROM waste_generation WHERE id = ?1 AND container_id = ?2", &[id, container])
        }
        Ack::Voided { id, container } => one(
            "SELECT count(*) FROM waste_generation WHERE id = ?1 AND container_id = ?2 AND voided_at IS NOT NULL",
            &[id, container],
        ),
        Ack::Stored { id, container } => one(
            "SELECT count(*) FROM waste_movement WHERE id = ?1 AND container_id = ?2 AND kind = 'into_storage'",
            &[id, container],
        ),
        Ack::Shipped { id, manifest, containers } => {
            let mut stmt = c
                .prepare(
                    "SELECT l.container_id FROM shipment s JOIN shipment_line l ON l.shipment_id = s.id
                     JOIN waste_movement m ON m.id = l.movement_id AND m.kind = 'out_of_storage'
                     WHERE s.id = ?1 AND s.manifest_no = ?2 ORDER BY l.line_no",
                )
                .unwrap();
            let lines: Vec<String> =
                stmt.query_map([id, manifest], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
            if &lines != containers {
                return Err(format!("the shipment's lines are {lines:?}"));
            }
            true
        }
        Ack::Confirmed { id, .. } => one("SELECT count(*) FROM shipment_receipt WHERE shipment_id = ?1", &[id]),
        Ack::Queued { id } => one("SELECT count(*) FROM outbox WHERE id = ?1", &[id]),
        Ack::Attempt { item, sent, attempts } => {
            let n: i64 = c
                .query_row(
                    "SELECT count(*) FROM outbox_event WHERE outbox_id = ?1 AND kind IN ('sent', 'transient', 'permanent')",
                    [item],
                    |r| r.get(0),
                )
                .unwrap();
            let sent_held = one("SELECT count(*) FROM outbox_event WHERE outbox_id = ?1 AND kind = 'sent'", &[item]);
            n >= *attempts && (!sent || sent_held)
        }
    };
    if held {
        Ok(())
    } else {
        Err("missing".into())
    }
}

/// The write a run began and did not acknowledge (its last line is a `begin`), if any.
fn in_flight(acks: &[Ack]) -> Option<(&str, &str)> {
    match acks.last() {
        Some(Ack::Begin { what, key }) => Some((what.as_str(), key.as_str())),
        _ => None,
    }
}

/// The write in flight at the kill is in the file whole or not at all: a shipment with every
/// line it was to have (or none of its take-outs), a receipt with a line per shipped line.
fn all_or_nothing(s: &Store, acks: &[Ack]) -> Result<(), String> {
    let c = s.conn();
    let q = |sql: &str, p: &str| -> i64 { c.query_row(sql, [p], |r| r.get(0)).unwrap() };
    match in_flight(acks) {
        Some(("ship", key)) => {
            let (manifest, list) = key.split_once('=').unwrap();
            let want: Vec<&str> = list.split(',').collect();
            // Found by its containers (only this run ships them): a later run may take the
            // manifest number a killed shipment never committed.
            let mut stmt = c
                .prepare(
                    "SELECT s.manifest_no, l.container_id FROM shipment s JOIN shipment_line l ON l.shipment_id = s.id
                     WHERE s.id IN (SELECT shipment_id FROM shipment_line WHERE container_id = ?1) ORDER BY l.line_no",
                )
                .unwrap();
            let lines: Vec<(String, String)> =
                stmt.query_map([want[0]], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
            let held: Vec<&str> = lines.iter().map(|l| l.1.as_str()).collect();
            let shipped = !lines.is_empty();
            if shipped && (held != want || lines.iter().any(|l| l.0 != manifest)) {
                return Err(format!("shipment {manifest} in flight holds lines {lines:?} of {want:?}"));
            }
            if !shipped {
                for cid in want {
                    let stock = q(
                        "SELECT coalesce(sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END), 0)
                         FROM waste_movement WHERE container_id = ?1",
                        cid,
                    );
                    if stock <= 0 {
                        return Err(format!(
                            "shipment {manifest} is not in the file, but container {cid} left the store"
                        ));
                    }
                }
            }
        }
        Some(("confirm", manifest)) => {
            let receipts = q(
                "SELECT count(*) FROM shipment_receipt r JOIN shipment s ON s.id = r.shipment_id WHERE s.manifest_no = ?1",
                manifest,
            );
            let (lines, received) = (
                q("SELECT count(*) FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id WHERE s.manifest_no = ?1", manifest),
                q(
                    "SELECT count(*) FROM shipment_receipt_line rl JOIN shipment_receipt r ON r.id = rl.receipt_id
                     JOIN shipment s ON s.id = r.shipment_id WHERE s.manifest_no = ?1",
                    manifest,
                ),
            );
            if received != receipts * lines {
                return Err(format!("receipt of {manifest} in flight: {received} received lines of {lines}"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// A run's own rows number its acks — plus one, of the kind of the write in flight at the kill
/// (its commit done, its line not yet out). Any other row is a write nobody acknowledged.
/// Returns whether that write in flight is in the file.
fn unacknowledged(s: &Store, tag: &str, acks: &[Ack]) -> Result<bool, String> {
    let like = format!("{}%", container_prefix(tag));
    let subject = format!("{}%", subject_prefix(tag));
    let n = |f: fn(&Ack) -> bool| acks.iter().filter(|a| f(a)).count() as i64;
    let kinds = [
        (
            "gen",
            count(s, "SELECT count(*) FROM waste_generation WHERE container_id LIKE ?1", &like),
            n(|a| matches!(a, Ack::Generated { .. })),
        ),
        (
            "void",
            count(
                s,
                "SELECT count(*) FROM waste_generation WHERE container_id LIKE ?1 AND voided_at IS NOT NULL",
                &like,
            ),
            n(|a| matches!(a, Ack::Voided { .. })),
        ),
        (
            "store",
            count(s, "SELECT count(*) FROM waste_movement WHERE container_id LIKE ?1 AND kind = 'into_storage'", &like),
            n(|a| matches!(a, Ack::Stored { .. })),
        ),
        (
            "ship",
            count(s, "SELECT count(DISTINCT shipment_id) FROM shipment_line WHERE container_id LIKE ?1", &like),
            n(|a| matches!(a, Ack::Shipped { .. })),
        ),
        (
            "confirm",
            count(
                s,
                "SELECT count(*) FROM shipment_receipt WHERE shipment_id IN
                   (SELECT shipment_id FROM shipment_line WHERE container_id LIKE ?1)",
                &like,
            ),
            n(|a| matches!(a, Ack::Confirmed { .. })),
        ),
        (
            "outbox",
            count(s, "SELECT count(*) FROM outbox WHERE subject LIKE ?1", &subject),
            n(|a| matches!(a, Ack::Queued { .. })),
        ),
        (
            "attempt",
            count(
                s,
                "SELECT count(*) FROM outbox_event WHERE kind IN ('sent', 'transient')
                   AND outbox_id IN (SELECT id FROM outbox WHERE subject LIKE ?1)",
                &subject,
            ),
            n(|a| matches!(a, Ack::Attempt { .. })),
        ),
    ];
    let flying = in_flight(acks).map(|(what, _)| what);
    let mut committed = false;
    for (what, held, acked) in kinds {
        if held < acked {
            return Err(format!("{held} `{what}` writes held, {acked} acknowledged"));
        }
        if held > acked && (held > acked + 1 || flying != Some(what)) {
            return Err(format!("{held} `{what}` writes held, {acked} acknowledged, the write in flight: {flying:?}"));
        }
        committed |= held > acked;
    }
    all_or_nothing(s, acks)?;
    Ok(committed)
}

/// An ack of a committed write (not `ready`, `begin` or `done`).
fn is_write(a: &Ack) -> bool {
    !matches!(a, Ack::Ready { .. } | Ack::Begin { .. } | Ack::Done { .. })
}

/// Where a kill landed, by what the run had acknowledged.
#[derive(Default, Debug)]
struct Phases {
    before_ready: u32,
    no_write: u32,
    writes_1_10: u32,
    writes_11_plus: u32,
    ended_by_itself: u32,
}

#[test]
fn kills_at_random_moments_of_a_mixed_workload_lose_no_acknowledged_write() {
    let kills: u32 = std::env::var("EHS_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("EHS_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    println!("crash_kill: EHS_CRASH_SEED={seed} EHS_CRASH_KILLS={kills}");
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (bare, fixture) = templates(dir.path());
    let db = dir.path().join("run.sqlite3");
    let copy = dir.path().join("check.sqlite3");
    let mut rng = SplitMix(seed);
    let mut chain: Vec<Run> = Vec::new();
    let (mut done, mut iterations, mut chains, mut chained, mut checkpointing) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let (mut acked, mut ack_checks, mut in_flight_kills, mut in_flight_committed) = (0u64, 0u64, 0u32, 0u32);
    let mut phases = Phases::default();
    while done < kills {
        iterations += 1;
        assert!(iterations < kills * 2 + 20, "too few runs were killed: {phases:?}");
        // A new chain from a template, or the next run on the file the last kill left.
        if chain.is_empty() || chain.len() >= 12 || rng.below(10) < 4 {
            copy_db(if rng.below(8) == 0 { &bare } else { &fixture }, &db, false);
            chain.clear();
            chains += 1;
        } else {
            chained += 1;
        }
        let run_seed = rng.next_u64();
        let ops = 10 + rng.below(300);
        let checkpoint = (rng.below(2) == 0).then(|| 1 + rng.below(16) as u32);
        checkpointing += u32::from(checkpoint.is_some());
        // Before the store is open (≈ 10 ms), early in the writes, or well inside them.
        let delay_us = match rng.below(10) {
            0 => rng.below(12_000),
            1 | 2 => 10_000 + rng.below(40_000),
            _ => 20_000 + rng.below(400_000),
        };
        let run = run_and_kill(&db, run_seed, ops, checkpoint, Duration::from_micros(delay_us));
        let writes = run.acks.iter().filter(|a| is_write(a) && !matches!(a, Ack::Setup { .. })).count();
        acked += run.acks.iter().filter(|a| is_write(a)).count() as u64;
        ack_checks +=
            chain.iter().chain([&run]).map(|r| r.acks.iter().filter(|a| is_write(a)).count() as u64).sum::<u64>();
        in_flight_kills += u32::from(run.killed && in_flight(&run.acks).is_some());
        if run.killed {
            done += 1;
            match (run.tag.is_some(), writes) {
                (false, _) => phases.before_ready += 1,
                (true, 0) => phases.no_write += 1,
                (true, 1..=10) => phases.writes_1_10 += 1,
                _ => phases.writes_11_plus += 1,
            }
        } else {
            phases.ended_by_itself += 1;
        }
        chain.push(run);
        // Check a copy (file and log as the kill left them; the next run recovers the original
        // itself), or the file in place (recovered and checkpointed by the check's close).
        let in_place = rng.below(2) == 0;
        let target = if in_place {
            &db
        } else {
            copy_db(&db, &copy, true);
            &copy
        };
        match check(target, &chain) {
            Ok(committed) => in_flight_committed += u32::from(committed && chain.last().is_some_and(|r| r.killed)),
            Err(e) => {
                let keep = dir.keep();
                panic!(
                "EHS_CRASH_SEED={seed}, run {iterations} (workload seed {run_seed}, {ops} ops, checkpoint {checkpoint:?}, \
                 kill after {delay_us} µs, run {} of its chain): {e}; files kept in {}",
                chain.len(),
                keep.display()
            );
            }
        }
        // Now and then the real command agrees.
        if iterations % 25 == 0 {
            let out = cli().arg("--db").arg(target).args(["audit", "verify"]).output().unwrap();
            assert!(out.status.success(), "audit verify: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    println!(
        "crash_kill: {done} kills in {iterations} runs ({chains} chains, {chained} runs on a file a kill left, \
         {checkpointing} checkpointing every few pages), {acked} acknowledged writes ({ack_checks} ack checks: a chain's earlier acks are checked again after every later kill), failures 0, {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    println!(
        "crash_kill: where the kills landed: {phases:?}; {in_flight_kills} with a write begun and not acknowledged \
         ({in_flight_committed} of them committed: killed between the commit and its line)"
    );
    assert!(phases.writes_1_10 + phases.writes_11_plus > done / 2, "most kills must land in the writes: {phases:?}");
    assert!(phases.before_ready > 0 || kills < 50, "no kill landed before the writes began: {phases:?}");
}

/// The first start killed: `init` (create the file, apply every migration in one transaction,
/// set up the plant and its admin in another) killed at random moments leaves a file that opens,
/// is whole, and holds either no plant — and then `init` again sets it up — or the whole plant
/// with its admin; either way the workload then runs on it.
#[test]
fn a_killed_first_start_leaves_no_plant_or_the_whole_plant() {
    let kills: u32 = std::env::var("EHS_CRASH_INIT_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::var("EHS_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    println!("crash_kill init: EHS_CRASH_SEED={seed} EHS_CRASH_INIT_KILLS={kills}");
    let dir = tempfile::tempdir().unwrap();
    let mut rng = SplitMix(seed);
    let init = [
        "init",
        "--plant-code",
        "SZ01",
        "--plant-name",
        "深圳工厂",
        "--segment",
        "EV",
        "--admin-password",
        "correct horse battery",
    ];
    let (mut with_plant, mut without) = (0, 0);
    for i in 0..kills {
        let db = dir.path().join(format!("first-{i}.sqlite3"));
        let mut child =
            cli().arg("--db").arg(&db).args(init).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let delay_us = rng.below(300_000);
        std::thread::sleep(Duration::from_micros(delay_us));
        let _ = child.kill();
        let _ = child.wait();
        let whole = || -> Result<bool, String> {
            let s = Store::open(&db).map_err(|e| format!("open: {e}"))?;
            let c = s.conn();
            let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            if integrity != "ok" {
                return Err(format!("integrity_check: {integrity}"));
            }
            if let Some(b) = audit::verify(c).unwrap().first_broken {
                return Err(format!("audit chain broken at row {}: {}", b.seq, b.reason));
            }
            if let Some(d) = audit::records::verify_records(c).unwrap().first_difference {
                return Err(format!("records differ from the audit trail: {d}"));
            }
            let plant = ehs_ledger::plant::get(c).unwrap().is_some();
            if plant {
                ehs_ledger::plant::users::first_admin(c).map_err(|e| format!("a plant without its admin: {e}"))?;
            }
            Ok(plant)
        };
        let plant = whole().unwrap_or_else(|e| panic!("EHS_CRASH_SEED={seed}, init killed after {delay_us} µs: {e}"));
        if plant {
            with_plant += 1;
        } else {
            without += 1;
            ok(&init, &db);
        }
        let out = ok(&["bench", "workload", "--seed", &i.to_string(), "--ops", "5"], &db);
        assert!(out.ends_with("done 5\n"), "{out}");
        assert!(whole().unwrap());
    }
    println!("crash_kill init: {kills} kills of a first start: {without} left no plant (init again), {with_plant} the whole plant");
    assert!(without > 0 || kills < 10, "no kill landed before the plant was set up");
}
