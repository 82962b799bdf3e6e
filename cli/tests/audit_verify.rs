//! `audit verify` proves the records, not only the chain (issue 9 item 8): a record changed,
//! deleted or inserted in the file behind the app's back — with the guarding trigger dropped and
//! the caches patched to match, as a tamperer would — is named by table, record id and field.
//! Each tamper test runs the real `ehs-ledger audit verify` on a real file (the verdict a user
//! sees) and checks the core report too.

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{now, plant, Plant};
use ehs_ledger::audit::{self, Problem};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation;
use std::process::Command;

/// `ehs-ledger --db FILE audit verify`: (exit code, stdout, stderr).
fn cli_verify(p: &Plant) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(p.path())
        .args(["audit", "verify"])
        .env_remove("EHS_LEDGER_DB")
        .env_remove("EHS_LEDGER_USER")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code().unwrap_or(-1), text(&o.stdout), text(&o.stderr))
}

/// A plant with three audited entries (C-001 … C-003, 1 / 2 / 3 kg on 2025-03-01); their ids.
fn plant_with_entries() -> (Plant, Vec<String>) {
    let mut p = plant();
    let mut ids = Vec::new();
    for (i, q) in ["1", "2", "3"].iter().enumerate() {
        let mut input = common::input("900-249-08", q, MassUnit::Kg);
        input.container_id = format!("C-00{}", i + 1);
        ids.push(generation::record(&mut p.store, &p.admin.clone(), input, now()).unwrap().id);
    }
    (p, ids)
}

/// What `audit verify` proved before this rule — the chain and the derived caches — still holds:
/// the tamper is one only the record proof can see.
fn assert_chain_and_caches_hold(c: &rusqlite::Connection) {
    assert_eq!(audit::verify(c).unwrap().first_broken, None, "the chain holds");
    assert_eq!(generation::check_day_totals(c).unwrap(), None, "the day totals agree");
    assert_eq!(ehs_ledger::waste::storage::totals::check(c).unwrap(), None, "the storage totals agree");
}

/// The CLI refuses with exit 1 and names every fragment in its message.
fn assert_cli_names(p: &Plant, fragments: &[&str]) {
    let (code, out, err) = cli_verify(p);
    assert_eq!(code, 1, "verify must fail\nstdout: {out}\nstderr: {err}");
    for f in fragments {
        assert!(err.contains(f), "stderr must name {f:?}: {err}");
    }
}

#[test]
fn verify_rule_a_generation_entry_whose_container_was_rewritten_is_named_with_old_and_new() {
    let (p, ids) = plant_with_entries();
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER waste_generation_posted_is_final").unwrap();
    c.execute("UPDATE waste_generation SET container_id = 'C-666' WHERE id = ?1", [&ids[1]]).unwrap();
    assert_chain_and_caches_hold(c);

    assert_cli_names(&p, &["waste_generation", &ids[1], "container_id", "\"C-002\" → \"C-666\""]);
    let r = audit::verify_records(c).unwrap();
    let d = r.first_difference.expect("reported");
    assert_eq!((d.table.as_str(), d.record_id.as_str(), r.records_differing), ("waste_generation", ids[1].as_str(), 1));
    let Problem::Changed { fields, .. } = d.problem else { panic!("{d:?}") };
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "container_id");
    assert_eq!(fields[0].audited, Some("C-002".into()));
    assert_eq!(fields[0].stored, "C-666");
}

#[test]
fn verify_rule_a_generation_entry_whose_storage_area_was_rewritten_is_named() {
    let (p, ids) = plant_with_entries();
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER waste_generation_posted_is_final").unwrap();
    c.execute("UPDATE waste_generation SET storage_area = 'B9' WHERE id = ?1", [&ids[2]]).unwrap();
    assert_chain_and_caches_hold(c);
    assert_cli_names(&p, &["waste_generation", &ids[2], "storage_area \"A1\" → \"B9\""]);
}

#[test]
fn verify_rule_a_quantity_changed_with_the_day_totals_patched_to_match_is_named() {
    let (p, ids) = plant_with_entries();
    let c = p.store.conn();
    c.execute_batch(
        "DROP TRIGGER waste_generation_posted_is_final;
         UPDATE waste_generation_day SET live_g = live_g + 9000 WHERE local_date = '2025-03-01';",
    )
    .unwrap();
    c.execute("UPDATE waste_generation SET quantity_g = quantity_g + 9000 WHERE id = ?1", [&ids[0]]).unwrap();
    assert_chain_and_caches_hold(c);
    assert_cli_names(&p, &["waste_generation", &ids[0], "quantity_g 1000 → 10000"]);
}

#[test]
fn verify_rule_a_deleted_record_is_reported_missing() {
    let (p, ids) = plant_with_entries();
    let c = p.store.conn();
    c.execute_batch(
        "DROP TRIGGER waste_generation_no_delete;
         UPDATE waste_generation_day SET live_count = live_count - 1, live_g = live_g - 2000 WHERE local_date = '2025-03-01';",
    )
    .unwrap();
    c.execute("DELETE FROM waste_generation WHERE id = ?1", [&ids[1]]).unwrap();
    assert_chain_and_caches_hold(c);
    assert_cli_names(&p, &["waste_generation", &ids[1], "is missing"]);
    let d = audit::verify_records(c).unwrap().first_difference.unwrap();
    assert!(matches!(d.problem, Problem::Missing { seq: 5 }), "{d:?}");
}

#[test]
fn verify_rule_a_row_inserted_without_an_audit_row_is_reported() {
    let (p, _) = plant_with_entries();
    let c = p.store.conn();
    // A bare insert, as the bench fixtures do: the cache triggers fire, so the totals agree.
    c.execute(
        "INSERT INTO waste_generation (id, batch_code, catalogue_version, code, quantity_g, entered_unit,
            container_id, storage_area, generated_at, generated_local_date, recorded_by, recorded_at)
         VALUES ('zz-planted', 'HWCS20250301999', '2025', '900-249-08', 5000, 'kg', 'C-999', 'A1',
                 '2025-03-01T01:00:00Z', '2025-03-01', ?1, '2025-03-01T01:00:00Z')",
        [&p.admin.user_id],
    )
    .unwrap();
    assert_chain_and_caches_hold(c);
    assert_cli_names(&p, &["waste_generation", "zz-planted", "not in the audit trail"]);
    let d = audit::verify_records(c).unwrap().first_difference.unwrap();
    assert_eq!(d.problem, Problem::NotAudited);
}

#[test]
fn verify_rule_an_untouched_demo_plant_verifies_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let mut store = ehs_ledger::Store::open(&db).unwrap();
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 24, 2, 0, 0).unwrap();
    ehs_ledger::demo::seed(&mut store, at, 4).unwrap();
    // Writes that update a record in place are audited too: a wrong sign-in, a setting changed again.
    let wrong = ehs_ledger::plant::users::SignInInput {
        username: ehs_ledger::demo::DEMO_ADMIN.0.into(),
        password: "wrong".into(),
    };
    assert!(ehs_ledger::plant::users::sign_in(&mut store, &wrong, at).is_err());
    let admin = ehs_ledger::plant::users::first_admin(store.conn()).unwrap();
    let key = "contact";
    ehs_ledger::plant::settings::set(&mut store, &admin, key, "李明", at).unwrap();
    let c = store.conn();
    let r = audit::verify_records(c).unwrap();
    assert_eq!(r.first_difference, None, "{r:?}");
    let rows: i64 = audit::RECORD_TABLES
        .iter()
        .map(|t| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).unwrap())
        .sum();
    let audit_rows: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert_eq!((r.records_checked, r.audit_rows_read), (rows, audit_rows), "every row and every audit row read");
    assert!(rows > 300, "{rows}");
    let o =
        Command::new(env!("CARGO_BIN_EXE_ehs-ledger")).arg("--db").arg(&db).args(["audit", "verify"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains(&format!("records match the audit trail: {rows} records")), "{out}");
}

#[test]
fn verify_rule_a_column_added_by_a_later_migration_must_stay_empty_on_older_records() {
    let (p, ids) = plant_with_entries();
    let c = p.store.conn();
    // As a migration would: existing records keep the new field empty, and still verify.
    c.execute_batch(
        "ALTER TABLE waste_generation ADD COLUMN future_note TEXT;
         ALTER TABLE waste_generation ADD COLUMN packages INTEGER NOT NULL DEFAULT 0;",
    )
    .unwrap();
    assert_eq!(audit::verify_records(c).unwrap().first_difference, None);
    // A value invented for an old record behind the app's back is not.
    c.execute_batch("DROP TRIGGER waste_generation_posted_is_final").unwrap();
    c.execute("UPDATE waste_generation SET future_note = '张三' WHERE id = ?1", [&ids[2]]).unwrap();
    assert_chain_and_caches_hold(c);
    assert_cli_names(&p, &[&ids[2], "future_note (not in the snapshot) → \"张三\""]);
}

#[test]
fn verify_rule_an_audit_row_naming_a_table_without_records_is_reported() {
    let (p, _) = plant_with_entries();
    let c = p.store.conn();
    audit::append(
        c,
        now(),
        audit::Change {
            actor: "system",
            action: audit::Action::Insert,
            table: "ghost_table",
            record_id: "g-1",
            before: None,
            after: Some(serde_json::json!({"id": "g-1"})),
            reason: None,
        },
    )
    .unwrap();
    assert_eq!(audit::verify(c).unwrap().first_broken, None);
    let d = audit::verify_records(c).unwrap().first_difference.unwrap();
    assert_eq!(
        (d.table.as_str(), d.record_id.as_str(), d.problem),
        ("ghost_table", "g-1", Problem::UnknownTable { seq: 7 })
    );
}

#[test]
fn every_table_of_the_schema_is_a_record_table_or_declared_unaudited() {
    let p = plant();
    let mut stmt = p
        .store
        .conn()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    for t in &tables {
        let known =
            audit::RECORD_TABLES.contains(&t.as_str()) || audit::records::UNAUDITED_TABLES.iter().any(|(u, _)| u == t);
        assert!(
            known,
            "table {t}: add it to audit::RECORD_TABLES (audited records) or UNAUDITED_TABLES (with what proves it)"
        );
    }
    for t in audit::RECORD_TABLES {
        assert!(tables.iter().any(|x| x == t), "{t} is listed but not in the schema");
    }
}

/// `ehs-ledger --db FILE audit verify --recent N`: (exit code, stdout, stderr).
fn cli_verify_recent(p: &Plant, n: u32) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(p.path())
        .args(["audit", "verify", "--recent", &n.to_string()])
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (o.status.code().unwrap_or(-1), text(&o.stdout), text(&o.stderr))
}

#[test]
fn startup_check_rule_recent_records_and_recent_rows_are_proved_older_ones_left_to_the_full_proof() {
    let (mut p, ids) = plant_with_entries();
    // Ten more entries: the newest 10 audit rows are theirs, the first three entries are older.
    for i in 0..10 {
        let mut input = common::input("900-249-08", "1", MassUnit::Kg);
        input.container_id = format!("N-{i:02}");
        generation::record(&mut p.store, &p.admin.clone(), input, now()).unwrap();
    }
    let (code, out, err) = cli_verify_recent(&p, 10);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("newest 10 audit rows hold and their 10 records match"), "{out}");
    let c = p.store.conn();
    let newest: String =
        c.query_row("SELECT id FROM waste_generation ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    c.execute_batch("DROP TRIGGER waste_generation_posted_is_final").unwrap();

    // An older record changed: outside the window, only the full proof sees it.
    c.execute("UPDATE waste_generation SET storage_area = 'Z' WHERE id = ?1", [&ids[0]]).unwrap();
    assert_eq!(audit::verify_recent_records(c, 10).unwrap().first_difference, None);
    assert!(audit::verify_records(c).unwrap().first_difference.is_some());
    c.execute("UPDATE waste_generation SET storage_area = 'A1' WHERE id = ?1", [&ids[0]]).unwrap();

    // A recent record changed: named by the start-up check.
    c.execute("UPDATE waste_generation SET container_id = 'X' WHERE id = ?1", [&newest]).unwrap();
    let (code, _, err) = cli_verify_recent(&p, 10);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&newest) && err.contains("container_id \"N-09\" → \"X\""), "{err}");
    c.execute("UPDATE waste_generation SET container_id = 'N-09' WHERE id = ?1", [&newest]).unwrap();

    // A row inserted behind the app's back lands at the newest rowid: named.
    c.execute(
        "INSERT INTO waste_generation (id, batch_code, catalogue_version, code, quantity_g, entered_unit,
            container_id, storage_area, generated_at, generated_local_date, recorded_by, recorded_at)
         VALUES ('zz-planted', 'HWCS20250301999', '2025', '900-249-08', 5000, 'kg', 'C-999', 'A1',
                 '2025-03-01T01:00:00Z', '2025-03-01', ?1, '2025-03-01T01:00:00Z')",
        [&p.admin.user_id],
    )
    .unwrap();
    let (code, _, err) = cli_verify_recent(&p, 10);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("waste_generation zz-planted is not in the audit trail"), "{err}");
}

#[test]
fn startup_check_rule_a_tampered_recent_audit_row_breaks_the_tail_of_the_chain() {
    let (p, _) = plant_with_entries();
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    c.execute("UPDATE audit_log SET after_json = replace(after_json, 'C-003', 'C-333') WHERE seq = 6", []).unwrap();
    let r = audit::verify_tail(c, 2).unwrap();
    assert_eq!(r.first_broken.map(|b| b.seq), Some(6));
    assert_eq!(audit::verify_tail(c, 0).unwrap().first_broken, None, "an empty window checks nothing");
}
