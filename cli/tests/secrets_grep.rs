//! Issue 14 item 7 (security review, part): no secret leaves in what the plant writes out. The
//! demo plant's sign-in passwords and its packet-signing secret key must not appear — as text,
//! hex or base64 — in the weekly packet, the report PDF, the ledger, hazard and inspection
//! exports (xlsx read back cell by cell, PDFs as their text), the audit trail's snapshots, or
//! anything the CLI printed while producing them.

use base64::Engine;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORDS: &[&str] = &["demo-admin-2025", "demo-ehs-2025", "demo-insp-2025", "demo-lead-2025"];

fn run(db: &Path, args: &[&str]) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("EHS_LEDGER_DB")
        .env_remove("EHS_LEDGER_USER")
        .output()
        .unwrap();
    (o.status.success(), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

/// The text a person or a program reads out of a file: xlsx cells, PDF text, else the bytes.
fn readable(path: &Path) -> String {
    let name = path.to_string_lossy().to_string();
    if name.ends_with(".xlsx") {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let mut out = String::new();
        for sheet in wb.sheet_names().to_vec() {
            let range = wb.worksheet_range(&sheet).unwrap();
            for row in range.rows() {
                for cell in row {
                    out.push_str(&cell.to_string());
                    out.push('\t');
                }
                out.push('\n');
            }
        }
        assert!(out.len() > 100, "{name} read back");
        out
    } else if name.ends_with(".pdf") {
        let o = Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(text.len() > 100, "{name} read back as text");
        // The raw bytes too: an embedded secret need not be in the text layer.
        format!("{text}{}", String::from_utf8_lossy(&std::fs::read(path).unwrap()))
    } else {
        String::from_utf8_lossy(&std::fs::read(path).unwrap()).to_string()
    }
}

#[test]
fn no_password_or_signing_key_in_packets_exports_reports_audit_or_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plant.sqlite3");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut printed = String::new();
    // `demo` prints the demo users' sign-in on purpose (they are published demo credentials);
    // its output is the one place they belong, so it is not searched.
    let (ok, text) = run(&db, &["demo"]);
    assert!(ok && text.contains(PASSWORDS[0]), "{text}");

    // The last closed ISO week: build it (answering any flag that asks for a note), export it.
    let week = (chrono::Utc::now() - chrono::Duration::days(8)).format("%G-W%V").to_string();
    let mut notes: Vec<String> = Vec::new();
    for _ in 0..8 {
        let mut args = vec!["--as", "wang.li", "sync", "build", "--week", week.as_str()];
        for n in &notes {
            args.extend(["--note", n.as_str()]);
        }
        let (ok, text) = run(&db, &args);
        printed.push_str(&text);
        if ok {
            break;
        }
        let flag = text
            .split("flag ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_else(|| panic!("sync build refused for another reason: {text}"));
        notes.push(format!("{flag}=演示数据"));
    }
    let (ok, text) = run(&db, &["--as", "wang.li", "sync", "export", "--week", &week, "--out", out.to_str().unwrap()]);
    assert!(ok, "{text}");
    printed.push_str(&text);
    let month = (chrono::Utc::now() - chrono::Duration::days(31)).format("%Y-%m").to_string();
    let o = |f: &str| out.join(f).to_str().unwrap().to_string();
    for args in [
        vec!["export".to_string(), "ledger".into(), "--month".into(), month.clone(), "--out".into(), o("ledger.xlsx")],
        vec!["hazard".into(), "list".into(), "--xlsx".into(), o("hazards.xlsx")],
        vec!["report".into(), "build".into(), "--month".into(), month.clone(), "--out".into(), o("report.pdf")],
        vec!["inspection".into(), "rounds".into(), "--json".into()],
        vec!["audit".into(), "verify".into()],
        vec!["sync".into(), "key".into(), "show".into()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, text) = run(&db, &args);
        assert!(ok, "{args:?}: {text}");
        printed.push_str(&text);
    }

    // The secrets: the passwords, and the signing key as hex and base64.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let key: Vec<u8> =
        conn.query_row("SELECT secret_key FROM plant_key WHERE retired_at IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(key.len(), 32);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut secrets: Vec<String> = PASSWORDS.iter().map(|p| (*p).to_string()).collect();
    secrets.push(hex.clone());
    secrets.push(hex.to_uppercase());
    secrets.push(base64::engine::general_purpose::STANDARD.encode(&key));
    secrets.push(base64::engine::general_purpose::STANDARD_NO_PAD.encode(&key));

    // What was written: every file in the out folder, the audit trail's text, what was printed.
    let mut places: Vec<(String, String)> = Vec::new();
    let files: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.iter().any(|p| p.to_string_lossy().ends_with(".packet.json")), "{files:?}");
    assert!(files.len() >= 5, "{files:?}");
    for f in &files {
        places.push((f.display().to_string(), readable(f)));
    }
    let audit: String = {
        let mut stmt = conn.prepare("SELECT * FROM audit_log").unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    if let Ok(v) = r.get::<_, Option<String>>(i) {
                        s.push_str(&v.unwrap_or_default());
                        s.push('|');
                    }
                }
                Ok(s)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    };
    assert!(audit.contains("plant_key"), "the audit trail was read");
    places.push(("audit_log".into(), audit));
    places.push(("CLI output".into(), printed));
    for (place, text) in &places {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "a secret ({}…) is in {place}", &s[..6]);
        }
    }
    // The search sees what is there: the packet names its public key's fingerprint.
    let fingerprint: String =
        conn.query_row("SELECT fingerprint FROM plant_key WHERE retired_at IS NULL", [], |r| r.get(0)).unwrap();
    let packet = places.iter().find(|(p, _)| p.ends_with(".packet.json")).unwrap();
    assert!(packet.1.contains(&fingerprint), "the packet was searched");
}
