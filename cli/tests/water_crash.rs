//! Issue 12, "try to break it": the real `ehs-ledger water import` of a large HJ 212 log killed
//! with SIGKILL at several moments leaves the plant file with all of the file's readings or none,
//! integrity, the audit chain, every record and the water caches whole; the import then completes
//! once and a second run only counts duplicates.

#[path = "../../tests/common/mod.rs"]
mod common;

use ehs_ledger::water::hj212;
use ehs_ledger::water::outfall::{self, DischargeMode, Frequency, MonitoringMethod, NewOutfall, NewParam, UnitClass};
use ehs_ledger::{audit, Store};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn param(code: &str) -> NewParam {
    NewParam {
        code: code.into(),
        name: None,
        method: MonitoringMethod::Online,
        frequency: Frequency::Continuous,
        factor_code: None,
        limits: vec![],
    }
}

/// A plant with an online outfall, and a log of 30 days of minute packets (COD and flow).
fn setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, i64) {
    let mut p = common::plant();
    let admin = p.admin.clone();
    outfall::add(
        &mut p.store,
        &admin,
        NewOutfall {
            code: "DW001".into(),
            name: "总排口".into(),
            discharge_mode: DischargeMode::Indirect,
            unit_class: UnitClass::Key,
            receiving: String::new(),
            permit_no: String::new(),
            permit_expires_on: None,
            mn: Some("CRASHMN".into()),
            params: vec![param("cod"), param("flow")],
        },
        common::now(),
    )
    .unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let mut log = String::new();
    let minutes = 30 * 1440;
    for i in 0..minutes {
        let t = (start + chrono::Duration::minutes(i)).format("%Y%m%d%H%M%S");
        let data = format!(
            "QN={t}000;ST=32;CN=2051;PW=123456;MN=CRASHMN;Flag=4;CP=&&DataTime={t};w01018-Avg={},w01018-Flag=N;w00000-Cou=8.5,w00000-Flag=N&&",
            40 + i % 30
        );
        log.push_str(&format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())));
    }
    let file = dir.join("minutes.log");
    std::fs::write(&file, log).unwrap();
    let db = dir.join("plant.sqlite3");
    drop(p.store);
    std::fs::copy(p.dir.path().join("plant.sqlite3"), &db).unwrap();
    (db, file, minutes * 2)
}

fn import_cmd(db: &Path, file: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"));
    c.arg("--db").arg(db).args(["--user", "admin", "water", "import", "--format", "hj212"]).arg(file);
    c.env_remove("EHS_LEDGER_DB").env_remove("EHS_LEDGER_USER").stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn readings(db: &Path) -> i64 {
    let s = Store::open(db).unwrap();
    s.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get(0)).unwrap()
}

fn whole(db: &Path) {
    let s = Store::open(db).unwrap();
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(audit::verify(s.conn()).unwrap().first_broken, None);
    assert_eq!(audit::records::verify_records(s.conn()).unwrap().first_difference, None);
    ehs_ledger::water::online::check(s.conn()).unwrap();
}

/// Guards the import's one transaction (readings, caches, exceedances and the batch's audit row)
/// against a killed process.
#[test]
fn a_water_import_killed_at_any_moment_leaves_all_of_the_file_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file, n) = setup(dir.path());
    let probe = dir.path().join("probe.sqlite3");
    std::fs::copy(&db, &probe).unwrap();
    let t = Instant::now();
    assert!(import_cmd(&probe, &file).status().unwrap().success());
    let full = t.elapsed();
    assert_eq!(readings(&probe), n);
    let mut saw_none = false;
    for frac in [0.1, 0.4, 0.7, 0.9, 0.97] {
        let run = dir.path().join(format!("kill-{frac}.sqlite3"));
        std::fs::copy(&db, &run).unwrap();
        let mut child = import_cmd(&run, &file).spawn().unwrap();
        std::thread::sleep(full.mul_f64(frac));
        let _ = child.kill();
        let _ = child.wait();
        let held = readings(&run);
        assert!(held == 0 || held == n, "killed at {frac}: {held} of {n} readings held");
        saw_none |= held == 0;
        whole(&run);
        assert!(import_cmd(&run, &file).status().unwrap().success());
        assert_eq!(readings(&run), n);
        whole(&run);
    }
    assert!(saw_none, "no kill landed before the commit (the import took {full:?})");
    // The same file again: duplicates only.
    let out = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(&probe)
        .args(["--user", "admin", "water", "import", "--format", "hj212", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["batch"]["accepted"].as_i64(), v["batch"]["duplicates"].as_i64()), (Some(0), Some(n)));
}
