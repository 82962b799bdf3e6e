//! `ehs-ledger water listen` (issue 12 item 3): the real binary listens on 127.0.0.1, stores a
//! valid HJ 212 packet sent over TCP, counts a damaged one by reason, stops after `--seconds`
//! and prints the final counts; a busy port is an error (non-zero exit), never a panic.

use ehs_ledger::water::hj212;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cli(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"));
    c.arg("--db").arg(db).env_remove("EHS_LEDGER_DB").env_remove("EHS_LEDGER_USER");
    c
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o: Output = cli(db).args(args).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn frame(data: &str) -> Vec<u8> {
    format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())).into_bytes()
}

#[test]
fn water_listen_stores_packets_counts_refusals_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plant.sqlite3");
    ok(&db, &["init", "--plant-code", "SZ01", "--plant-name", "深圳工厂", "--admin-password", "correct horse battery"]);
    ok(
        &db,
        &[
            "outfall",
            "add",
            "--code",
            "DW001",
            "--name",
            "总排口",
            "--mode",
            "indirect",
            "--mn",
            "TESTMN01",
            "--param",
            "cod:online:continuous",
            "--param",
            "flow:online:continuous",
        ],
    );
    let mut child = cli(&db)
        .args(["water", "listen", "--port", "0", "--bind", "127.0.0.1", "--seconds", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let port: u16 = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));

    let data = "QN=20250301000000001;ST=32;CN=2061;PW=123456;MN=TESTMN01;Flag=4;CP=&&DataTime=20250301010000;w01018-Avg=40.5,w01018-Flag=N;w00000-Cou=800,w00000-Flag=N&&";
    let good = frame(data);
    let bad_crc = String::from_utf8(good.clone()).unwrap().replace("Avg=40.5", "Avg=41.5").into_bytes();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(&[good, bad_crc].concat()).unwrap();
    drop(s);

    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{first}{rest}");
    assert!(rest.contains("stopped, port"), "{rest}");
    assert!(rest.contains("1 accepted, 1 rejected"), "{rest}");
    assert!(rest.contains("rejected bad_crc: 1"), "{rest}");
    let readings = ok(
        &db,
        &["water", "series", "--outfall", "DW001", "--param", "cod", "--from", "2025-03-01", "--to", "2025-03-02"],
    );
    assert!(readings.contains("40.5"), "{readings}");

    // A busy port: an error naming it, and a non-zero exit.
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let busy = taken.local_addr().unwrap().port().to_string();
    let o =
        cli(&db).args(["water", "listen", "--port", &busy, "--bind", "127.0.0.1", "--seconds", "1"]).output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot listen") && err.contains(&busy), "{err}");
}
