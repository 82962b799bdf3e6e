//! The plant key and the signed packet envelope (issue 10 items 3–4): key generation at set-up
//! and on upgrade, the insert-only key table with its secret redacted, sign → verify, one byte
//! changed anywhere fails, the anchor, size and speed, an independent verifier (Python
//! `cryptography` + its own RFC 8785), and the `sync` CLI.

mod common;

use chrono::Duration;
use common::week_plant::typical_week;
use common::{now, plant};
use ehs_ledger::audit::{self, AuditRow};
use ehs_ledger::db::MIGRATIONS;
use ehs_ledger::sync::key;
use ehs_ledger::sync::packet::{self, Content, PacketInput};
use ehs_ledger::Store;
use serde_json::{json, Value};
use std::process::Command;
use std::time::Instant;

fn input(week: &str, content: Content) -> PacketInput {
    PacketInput { week: week.into(), revision: 1, reason: None, prev_anchor_seq: None, content }
}

fn small() -> Content {
    Content {
        indicators: json!([{"key": "hw_generated_measured_kg", "value": "12.5", "unit": "kg"}]),
        details: json!({"hw_codes": {"900-041-49": {"generated_g": 12500}}}),
        methods: None,
    }
}

#[test]
fn setup_generates_the_plant_key_audited_with_its_secret_redacted() {
    let p = plant();
    let c = p.store.conn();
    let k = key::active(c).unwrap().expect("set-up made a key");
    assert_eq!(k.info.fingerprint.len(), 16);
    let after: String =
        c.query_row("SELECT after_json FROM audit_log WHERE table_name = 'plant_key'", [], |r| r.get(0)).unwrap();
    let after: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["secret_key"], "[redacted]");
    let secret: Vec<u8> = c.query_row("SELECT secret_key FROM plant_key", [], |r| r.get(0)).unwrap();
    assert!(!after.to_string().contains(&hex::encode(&secret)), "the secret must not reach the audit trail");
    assert_eq!(after["fingerprint"], k.info.fingerprint.as_str());
    let rec = audit::verify_records(c).unwrap();
    assert!(rec.first_difference.is_none(), "{:?}", rec.first_difference);
}

#[test]
fn fingerprint_is_the_first_16_hex_of_sha256_of_the_raw_public_key() {
    use sha2::{Digest, Sha256};
    let p = plant();
    let k = key::active(p.store.conn()).unwrap().unwrap();
    let raw = k.verifying_key().to_bytes();
    assert_eq!(k.info.fingerprint, hex::encode(Sha256::digest(raw))[..16]);
    // The PEM round-trips to the same key.
    let pem = key::export_pem("SZ01", &k.info, &k.verifying_key());
    assert_eq!(key::public_from_pem(&pem).unwrap(), k.verifying_key());
}

#[test]
fn an_older_database_gets_its_plant_key_on_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        // A database set up before migration 0012 (written as set-up wrote it then).
        let mut store = Store::open_with(&path, &MIGRATIONS[..11]).unwrap();
        let tx = store.write_tx().unwrap();
        tx.execute(
            "INSERT INTO plant (id, code, name, created_at) VALUES ('p1', 'OLD1', '老厂', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        audit::record(&tx, now(), "system", audit::Action::Insert, "plant", "p1", None, None).unwrap();
        tx.commit().unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert!(key::active(store.conn()).unwrap().is_none(), "the upgrade invents no key by itself");
    let k = key::ensure(&mut store, now()).unwrap();
    let again = key::ensure(&mut store, now() + Duration::hours(1)).unwrap();
    assert_eq!(k.info, again.info, "one key, made once");
    let n: i64 = store.conn().query_row("SELECT count(*) FROM plant_key", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    assert!(audit::verify_records(store.conn()).unwrap().first_difference.is_none());
}

#[test]
fn plant_key_rows_cannot_be_changed_or_deleted_only_retired_once() {
    let p = plant();
    let c = p.store.conn();
    assert!(c.execute("UPDATE plant_key SET secret_key = zeroblob(32)", []).is_err());
    assert!(c.execute("UPDATE plant_key SET fingerprint = '0000000000000000'", []).is_err());
    assert!(c.execute("DELETE FROM plant_key", []).is_err());
    c.execute("UPDATE plant_key SET retired_at = '2026-01-01T00:00:00Z'", []).unwrap();
    assert!(c.execute("UPDATE plant_key SET retired_at = '2026-02-01T00:00:00Z'", []).is_err(), "retired once");
}

#[test]
fn a_signed_packet_verifies_and_returns_its_body() {
    let mut p = plant();
    let pk = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap();
    let k = key::active(p.store.conn()).unwrap().unwrap();
    let body = packet::verify(&pk.bytes, &k.verifying_key()).unwrap();
    assert_eq!(body, pk.body);
    assert_eq!(body.plant_code, "SZ01");
    assert_eq!(body.provenance.db_schema_version, MIGRATIONS.last().unwrap().version);
    assert_eq!(body.provenance.catalogue_editions, ["2025"]);
    let head = packet::chain_head(p.store.conn()).unwrap();
    assert_eq!(body.provenance.audit_head, head);
    // The bytes signed are the canonical body, carried verbatim.
    let env: Value = serde_json::from_slice(&pk.bytes).unwrap();
    assert_eq!(env["body"].as_str().unwrap(), packet::canonical(&serde_json::to_value(&body).unwrap()).unwrap());
    assert_eq!(env["format"], "ehs-ledger-packet/1");
}

#[test]
fn every_single_byte_change_of_a_packet_fails_verification() {
    let mut p = plant();
    let pk = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap();
    let public = key::active(p.store.conn()).unwrap().unwrap().verifying_key();
    for i in 0..pk.bytes.len() {
        for flip in [0x01u8, 0x20] {
            let mut bad = pk.bytes.clone();
            bad[i] ^= flip;
            assert!(packet::verify(&bad, &public).is_err(), "byte {i} ^ {flip:#x} still verifies");
        }
    }
    let mut longer = pk.bytes.clone();
    longer.push(b' ');
    assert!(packet::verify(&longer, &public).is_err(), "a trailing byte still verifies");
}

#[test]
fn a_packet_checked_with_another_plants_key_names_both_fingerprints() {
    let mut p = plant();
    let pk = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap();
    let other = plant();
    let other_key = key::active(other.store.conn()).unwrap().unwrap();
    let e = packet::verify(&pk.bytes, &other_key.verifying_key()).unwrap_err();
    assert_eq!(e.field(), Some("packet"));
    assert!(e.to_string().contains(&other_key.info.fingerprint), "{e}");
    assert!(e.to_string().contains(&pk.envelope.key_fingerprint), "{e}");
}

#[test]
fn the_anchor_is_the_chain_hash_at_the_previous_packets_head() {
    let mut p = plant();
    let first = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap();
    let head1 = first.body.provenance.audit_head.clone().unwrap();
    assert_eq!(first.body.provenance.prev_anchor, None);
    p.add_user("clerk", ehs_ledger::plant::Role::Inspector);
    let mut next = input("2026-W50", small());
    next.prev_anchor_seq = Some(head1.seq);
    let second = packet::build(&mut p.store, next, now()).unwrap();
    assert_eq!(second.body.provenance.prev_anchor.as_ref(), Some(&head1), "untouched history: HQ sees the same hash");
    assert!(second.body.provenance.audit_head.as_ref().unwrap().seq > head1.seq);
}

/// Rewrites audit row `seq`'s reason and re-links every later row: a consistent forgery that
/// `audit verify` alone cannot see.
fn rewrite_history(c: &rusqlite::Connection, seq: i64) {
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    let rows: Vec<AuditRow> = {
        let mut st = c
            .prepare("SELECT seq, at_utc, actor, action, table_name, record_id, before_json, after_json, reason, prev_hash, hash FROM audit_log ORDER BY seq")
            .unwrap();
        st.query_map([], |r| {
            Ok(AuditRow {
                seq: r.get(0)?,
                at_utc: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                table_name: r.get(4)?,
                record_id: r.get(5)?,
                before_json: r.get(6)?,
                after_json: r.get(7)?,
                reason: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let mut prev = audit::GENESIS.to_string();
    for mut row in rows {
        if row.seq == seq {
            row.reason = Some("rewritten".into());
        }
        row.prev_hash = prev;
        row.hash = row.expected_hash();
        c.execute(
            "UPDATE audit_log SET reason = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![row.seq, row.reason, row.prev_hash, row.hash],
        )
        .unwrap();
        prev = row.hash;
    }
}

#[test]
fn the_anchor_detects_history_rewritten_before_the_last_packet() {
    let mut p = plant();
    let first = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap();
    let head1 = first.body.provenance.audit_head.clone().unwrap();
    rewrite_history(p.store.conn(), 1);
    assert!(audit::verify(p.store.conn()).unwrap().first_broken.is_none(), "the forgery is self-consistent");
    let mut next = input("2026-W50", small());
    next.prev_anchor_seq = Some(head1.seq);
    let second = packet::build(&mut p.store, next, now()).unwrap();
    let anchor = second.body.provenance.prev_anchor.unwrap();
    assert_eq!(anchor.seq, head1.seq);
    assert_ne!(anchor.hash, head1.hash, "HQ compares this with the head it holds and sees the rewrite");
}

#[test]
fn a_broken_chain_after_the_anchor_is_not_signed() {
    let mut p = plant();
    let c = p.store.conn();
    c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    c.execute("UPDATE audit_log SET reason = 'edited' WHERE seq = 2", []).unwrap();
    let e = packet::build(&mut p.store, input("2026-W49", small()), now()).unwrap_err();
    assert!(e.to_string().contains("broken at row 2"), "{e}");
}

#[test]
fn an_anchor_seq_the_trail_does_not_have_is_refused_naming_prev_anchor_seq() {
    let mut p = plant();
    let mut i = input("2026-W49", small());
    i.prev_anchor_seq = Some(10_000);
    let e = packet::build(&mut p.store, i, now()).unwrap_err();
    assert_eq!(e.field(), Some("prev_anchor_seq"), "{e}");
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let mut p = plant();
    let e = packet::build(&mut p.store, input("2025-W53", small()), now()).unwrap_err();
    assert_eq!(e.field(), Some("week"), "2025 has 52 weeks: {e}");
    let mut i = input("2026-W49", small());
    i.revision = 2;
    assert_eq!(
        packet::build(&mut p.store, i, now()).unwrap_err().field(),
        Some("reason"),
        "a restatement needs a reason"
    );
    let mut i = input("2026-W49", small());
    i.revision = 0;
    assert_eq!(packet::build(&mut p.store, i, now()).unwrap_err().field(), Some("revision"));
    let mut c = small();
    c.details = json!({"total_g": 9_007_199_254_740_993_u64});
    assert_eq!(packet::build(&mut p.store, input("2026-W49", c), now()).unwrap_err().field(), Some("details"));
    assert!(packet::build(&mut p.store, input("2026-W53", small()), now()).is_ok(), "2026 has 53 weeks");
}

#[test]
fn a_typical_plant_week_packet_is_at_most_16_kb_and_signs_in_microseconds() {
    let mut p = plant();
    let k = key::ensure(&mut p.store, now()).unwrap();
    let pk = packet::build_with(p.store.conn(), &k, input("2026-W49", typical_week()), now()).unwrap();
    let public = k.verifying_key();
    let n = 200u32;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(packet::sign(&k, pk.body.clone()).unwrap());
    }
    let sign = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(packet::verify(&pk.bytes, &public).unwrap());
    }
    let verify = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(packet::build_with(p.store.conn(), &k, input("2026-W49", typical_week()), now()).unwrap());
    }
    let build = t.elapsed() / 20;
    eprintln!(
        "typical plant-week packet: {} bytes (body {} bytes); canonicalise+hash+sign {sign:?}, verify {verify:?}, build incl. DB reads {build:?}",
        pk.bytes.len(),
        pk.envelope.body.len()
    );
    assert!(pk.bytes.len() <= 16 * 1024, "{} bytes", pk.bytes.len());
}

#[test]
fn an_independent_python_implementation_verifies_the_packet_and_refuses_a_changed_byte() {
    let mut p = plant();
    let pk = packet::build(&mut p.store, input("2026-W49", typical_week()), now()).unwrap();
    let k = key::active(p.store.conn()).unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (pkt, pem) = (dir.path().join("SZ01-2026-W49.r1.packet.json"), dir.path().join("SZ01.pem"));
    std::fs::write(&pkt, &pk.bytes).unwrap();
    std::fs::write(&pem, key::export_pem("SZ01", &k.info, &k.verifying_key())).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/verify_packet.py");
    let run = |file: &std::path::Path| {
        let out = Command::new("python3").arg(script).arg(file).arg(&pem).output().expect("python3 (scripts/setup.sh)");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, text) = run(&pkt);
    assert!(ok, "python verifier refused a good packet: {text}");
    assert!(text.starts_with("OK 2026-W49 rev 1"), "{text}");
    // A digit inside the signed body (the envelope is still canonical): the signature fails.
    let s = String::from_utf8(pk.bytes.clone()).unwrap();
    let at = s.find("123456").unwrap();
    let mut bad = pk.bytes.clone();
    bad[at] = b'9';
    std::fs::write(&pkt, &bad).unwrap();
    let (ok, text) = run(&pkt);
    assert!(!ok && text.contains("body_sha256"), "{text}");
    assert!(packet::verify(&bad, &k.verifying_key()).is_err());
    // The signature changed in one byte (still base64).
    let at = s.find("\"signature\":\"").unwrap() + 14;
    let mut bad = pk.bytes.clone();
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&pkt, &bad).unwrap();
    let (ok, text) = run(&pkt);
    assert!(!ok && text.contains("signature"), "{text}");
}
