//! The `sync` CLI on real files: the week preview (`sync week`), the plant key (`sync key`), signing
//! and verifying a packet (`sync sign`, `sync verify`) and their refusals of bad input.

#[path = "../../tests/common/mod.rs"]
mod common;
mod run;
#[path = "../../net/tests/support/mod.rs"]
mod support;

use common::plant;
use common::week_plant::{gen, plant_in, typical_week};
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::sync::key;
use run::cli;
use serde_json::{json, Value};

/// Guards item 13: `sync week` prints the preview (and JSON); a bad week exits 2 naming the
/// field and writes nothing.
#[test]
fn cli_sync_week_previews_and_refuses_a_bad_week() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "12.5", "2026-12-30T09:00", true);
    let db = p.path();
    drop(p.store);
    let run = |args: &[&str]| cli(&db, args);
    let out = run(&["sync", "week", "--week", "2026-W53"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[2026-12] 2026-12-28 – 2026-12-31") && text.contains("[2027-01]"), "{text}");
    assert!(text.contains("12.500 kg") && text.contains("HW 900-249-08"), "{text}");
    let out = run(&["sync", "week", "--week", "2026-W53", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["parts"].as_array().unwrap().len(), 2);
    let before = std::fs::read(&db).unwrap();
    for bad in ["2025-W53", "2026-53", "next week"] {
        let out = run(&["sync", "week", "--week", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: week: "), "{bad}: {err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused week writes nothing");
}

#[test]
fn cli_sync_key_show_export_sign_and_verify() {
    let p = plant();
    let db = p.path();
    let fp = key::active(p.store.conn()).unwrap().unwrap().info.fingerprint;
    let out = cli(&db, &["sync", "key", "show", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["fingerprint"], fp.as_str());
    let pem = p.dir.path().join("SZ01.pem");
    let out = cli(&db, &["sync", "key", "export", "--out", pem.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&pem).unwrap().contains("-----BEGIN PUBLIC KEY-----"));
    let payload = p.dir.path().join("week.json");
    let c = typical_week();
    std::fs::write(&payload, json!({"indicators": c.indicators, "details": c.details}).to_string()).unwrap();
    let pkt = p.dir.path().join("w49.packet.json");
    let out = cli(
        &db,
        &["sync", "sign", "--payload", payload.to_str().unwrap(), "--week", "2026-W49", "--out", pkt.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli(&db, &["sync", "verify", "--packet", pkt.to_str().unwrap(), "--key", pem.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["week"], "2026-W49");
    let mut bad = std::fs::read(&pkt).unwrap();
    let n = bad.len();
    bad[n / 2] ^= 1;
    std::fs::write(&pkt, bad).unwrap();
    let out = cli(&db, &["sync", "verify", "--packet", pkt.to_str().unwrap(), "--key", pem.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

/// The database file and its WAL, byte for byte.
fn files(db: &std::path::Path) -> Vec<u8> {
    let mut b = std::fs::read(db).unwrap();
    b.extend(std::fs::read(db.with_extension("sqlite3-wal")).unwrap_or_default());
    b
}

#[test]
fn cli_sync_sign_bad_input_exits_2_naming_the_field_and_writes_nothing() {
    let p = plant();
    let db = p.path();
    let payload = p.dir.path().join("week.json");
    std::fs::write(&payload, r#"{"indicators": [], "details": {}}"#).unwrap();
    let bad_payload = p.dir.path().join("bad.json");
    std::fs::write(&bad_payload, r#"{"indicators": [], "detials": {}}"#).unwrap();
    let out_file = p.dir.path().join("out.packet.json");
    let (pl, bp, of) = (payload.to_str().unwrap(), bad_payload.to_str().unwrap(), out_file.to_str().unwrap());
    for (args, field) in [
        (vec!["sync", "sign", "--payload", pl, "--week", "2026-W54", "--out", of], "week"),
        (vec!["sync", "sign", "--payload", pl, "--week", "2026-49", "--out", of], "week"),
        (vec!["sync", "sign", "--payload", bp, "--week", "2026-W49", "--out", of], "payload"),
        (vec!["sync", "sign", "--payload", "/nonexistent.json", "--week", "2026-W49", "--out", of], "payload"),
        (vec!["sync", "sign", "--payload", pl, "--week", "2026-W49", "--revision", "2", "--out", of], "reason"),
    ] {
        let before = files(&db);
        let out = cli(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("error: {field}:")), "{args:?}: {err}");
        assert!(!out_file.exists(), "{args:?} wrote a packet");
        assert_eq!(files(&db), before, "{args:?} changed the database");
    }
}

/// Guards item 13 (`sync build`, `sync status`, `sync export`, `sync smtp set`): each works on a
/// real file, and bad input — an unknown or open week, a missing or malformed note, a bad address,
/// a missing folder — exits 2 with `error: <field>: …` and leaves the database byte-identical.
#[test]
fn cli_sync_build_status_export_smtp_and_their_refusals() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "10", "2026-11-17T09:00", true);
    let db = p.path();
    let dir = p.dir.path().to_path_buf();
    drop(p.store);
    let open_week =
        ehs_ledger::sync::IsoWeek::of(chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive())
            .to_string();
    let missing = dir.join("missing");
    let (m, f_in_missing) = (missing.to_str().unwrap(), missing.join("x.packet.json"));
    for (args, field, says) in [
        (vec!["sync", "build", "--week", "2026-W54"], "week", "2026"),
        (vec!["sync", "build", "--week", open_week.as_str()], "week", "not closed"),
        (vec!["sync", "build", "--week", "2026-W46"], "notes", "no_activity"),
        (vec!["sync", "build", "--week", "2026-W46", "--note", "no activity"], "notes", "KIND=TEXT"),
        (vec!["sync", "build", "--week", "2026-W46", "--note", "quiet=x"], "notes", "not one of"),
        (vec!["sync", "build", "--week", "2026-W47", "--out", f_in_missing.to_str().unwrap()], "out", "folder"),
        (vec!["sync", "export", "--week", "2026-W47", "--out", m], "out", "cannot be used"),
        (
            vec!["sync", "smtp", "set", "--host", "smtp.corp.cn", "--to", "hq@corp.cn, bad@@x"],
            "sync_hq_address",
            "'bad@@x' is not an email address",
        ),
        (vec!["sync", "smtp", "set", "--security", "ssl"], "smtp_security", "starttls"),
    ] {
        let before = files(&db);
        let out = cli(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("error: {field}: ")) && err.contains(says), "{args:?}: {err}");
        assert_eq!(files(&db), before, "{args:?} changed the database");
    }

    let pkt = dir.join("w47.packet.json");
    let out = cli(&db, &["sync", "build", "--week", "2026-W47", "--out", pkt.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("built 2026-W47 revision 1") && text.contains("outbox #1"), "{text}");
    let pem = dir.join("k.pem");
    assert!(cli(&db, &["sync", "key", "export", "--out", pem.to_str().unwrap()]).status.success());
    let out = cli(&db, &["sync", "verify", "--packet", pkt.to_str().unwrap(), "--key", pem.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli(&db, &["sync", "build", "--week", "2026-W46", "--note", "no_activity=停产检修"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = cli(&db, &["sync", "status", "--json"]);
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (st["pending"].as_i64(), st["failed"].as_i64(), st["due_now"].as_bool()),
        (Some(2), Some(0), Some(true))
    );
    assert_eq!(st["items"][0]["week"], "2026-W46", "newest first");
    let out = cli(&db, &["sync", "status"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("outbox: 2 pending, 0 failed, due now"));

    let usb = dir.join("usb");
    std::fs::create_dir(&usb).unwrap();
    let out = cli(&db, &["sync", "export", "--week", "2026-W47", "--out", usb.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported = usb.join("SZ01_2026-W47_r1.packet.json");
    assert_eq!(std::fs::read(&exported).unwrap(), std::fs::read(&pkt).unwrap());
    let st: Value = serde_json::from_slice(&cli(&db, &["sync", "status", "--json"]).stdout).unwrap();
    assert_eq!(st["pending"], 1);
    assert_eq!(st["items"][1]["state"], "exported");

    let out = cli(
        &db,
        &[
            "sync",
            "smtp",
            "set",
            "--host",
            "SMTP.corp.cn",
            "--port",
            "465",
            "--security",
            "tls",
            "--to",
            "hq@corp.cn",
            "--report-to",
            "gm@corp.cn, ehs@corp.cn",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("smtp_host = smtp.corp.cn") && text.contains("report_recipients = gm@corp.cn, ehs@corp.cn"),
        "{text}"
    );
    let out = cli(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// Guards item 13: `sync send` with no SMTP settings exits 2 naming the setting and records
/// nothing; with a real server on 127.0.0.1 it prints each delivery, and a second run finds
/// nothing due (exactly once).
#[test]
fn cli_sync_send_refuses_without_settings_then_delivers_once() {
    let server = support::SmtpServer::start(support::Mode::Accept);
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "C-001", "900-249-08", "3", "2026-11-02T09:00", true);
    let db = p.path();
    drop(p.store);
    let out = cli(&db, &["sync", "build", "--week", "2026-W45"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = std::fs::read(&db).unwrap();
    let out = cli(&db, &["sync", "send"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: smtp_host: "));
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing recorded");
    let port = server.port.to_string();
    let set = [
        "sync",
        "smtp",
        "set",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "none",
        "--from",
        "sz01@plant.example",
        "--to",
        "esg@hq.example",
    ];
    assert!(cli(&db, &set).status.success());
    let out = cli(&db, &["sync", "send"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("sent") && text.contains("2026-W45 r1") && text.contains("esg@hq.example"), "{text}");
    assert_eq!(server.received().len(), 1);
    let out = cli(&db, &["sync", "send"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing is due"));
    assert_eq!(server.received().len(), 1);
}

/// `prepare` has the signature the app's delivery task takes (checked when this compiles).
const _PREPARE: ehs_ledger_net::outbox::Prepare = ehs_ledger::sync::schedule::prepare;

/// Guards the schedule CLI: `sync schedule set` / `settings set` refuse a bad value naming the
/// key (exit 2, nothing written); `sync schedule` shows the rule and the due weeks; `--run`
/// builds them in week order and queues the managers' reports, and a second run does nothing.
#[test]
fn cli_sync_schedule_shows_runs_once_and_refuses_a_bad_setting() {
    let tz = chrono_tz::Asia::Shanghai;
    let this_week = ehs_ledger::sync::IsoWeek::of(chrono::Utc::now().with_timezone(&tz).date_naive());
    // Four weeks ago to two weeks ago: closed whatever the time of day (last week may still be open).
    let w2 = this_week.previous().previous();
    let weeks = [w2.previous().previous(), w2.previous(), w2];
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    // Last week too (built when it has closed by the time the test runs), so no week is empty.
    for (i, w) in weeks.iter().chain([&this_week.previous()]).enumerate() {
        gen(
            &mut p,
            &format!("C{i}"),
            "900-249-08",
            "10",
            &format!("{}T09:00", w.monday() + chrono::Days::new(1)),
            true,
        );
    }
    let db = p.path();
    drop(p.store);
    // `sync schedule set` (several settings at once) names the key as the field; `settings set`
    // keeps `value` and names the key in the message.
    for (args, field, key) in [
        (vec!["sync", "schedule", "set", "--close-hour", "24"], "sync_close_hour", "sync_close_hour"),
        (vec!["sync", "schedule", "set", "--close-weekday", "0"], "sync_close_weekday", "sync_close_weekday"),
        (vec!["sync", "schedule", "set", "--start-week", "2025-W53"], "sync_start_week", "52 ISO weeks"),
        (vec!["sync", "schedule", "set", "--report-lang", "de"], "report_lang", "zh or en"),
        (vec!["settings", "set", "sync_close_weekday", "8"], "value", "sync_close_weekday"),
        (vec!["settings", "set", "sync_close_hour", "noon"], "value", "sync_close_hour"),
    ] {
        let before = files(&db);
        let out = cli(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("error: {field}: ")) && err.contains(key), "{args:?}: {err}");
        assert_eq!(files(&db), before, "{args:?} changed the database");
    }
    let start = weeks[0].to_string();
    let out = cli(&db, &["sync", "schedule", "set", "--start-week", &start, "--close-hour", "9"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("sync_start_week = {start}")));
    assert!(cli(&db, &["sync", "smtp", "set", "--report-to", "gm@plant.example.com"]).status.success());

    let out = cli(&db, &["sync", "schedule", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    let due: Vec<String> = serde_json::from_value(st["due_weeks"].clone()).unwrap();
    assert_eq!(due[..3], weeks.map(|w| w.to_string()));
    assert_eq!((st["rule"]["weekday"].as_i64(), st["rule"]["hour"].as_i64()), (Some(1), Some(9)));
    assert_eq!(st["reports_enabled"], true);
    let out = cli(&db, &["sync", "schedule"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("closes on Monday 09:00") && text.contains("next close: ") && text.contains(&start),
        "{text}"
    );

    let out = cli(&db, &["sync", "schedule", "--run"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    let at: Vec<usize> = weeks
        .iter()
        .map(|w| text.find(&format!("built {w} revision 1")).unwrap_or_else(|| panic!("{w}: {text}")))
        .collect();
    assert!(at.windows(2).all(|p| p[0] < p[1]), "built in week order: {text}");
    assert!(text.contains(&format!("queued report {start}")), "{text}");
    let out = cli(&db, &["sync", "schedule", "--run"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "nothing to do\n");
    let st: Value = serde_json::from_slice(&cli(&db, &["sync", "status", "--json"]).stdout).unwrap();
    let items = st["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["stream"] == "managers" && i["kind"] == "report"));
    assert!(items.iter().filter(|i| i["stream"] == "hq").count() >= 3);
    let out = cli(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
