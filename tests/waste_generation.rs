//! Integration tests of the generation ledger: validation by field, all-or-nothing writes,
//! batch codes, voids, listing by plant-local period, and role checks.

mod common;

use common::{input, now, plant};
use ehs_ledger::plant::Role;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::{self, GenerationInput, LedgerQuery, LedgerSort, VoidInput};
use ehs_ledger::waste::stream::{self, NewStream, PhysicalForm};
use ehs_ledger::{audit, ErrorKind};

fn file_bytes(p: &common::Plant) -> (Vec<u8>, i64, i64) {
    // Checkpoint so the main file holds everything, then read it.
    p.store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let (r, a) = p.counts();
    (std::fs::read(p.path()).unwrap(), r, a)
}

#[test]
fn records_an_entry_with_exact_grams_utc_time_and_an_audit_row() {
    let mut p = plant();
    let e =
        generation::record(&mut p.store, &p.admin.clone(), input("900-249-08", "1.25", MassUnit::T), now()).unwrap();
    assert_eq!(e.quantity_g, 1_250_000);
    assert_eq!(e.quantity_kg, "1250.000");
    assert_eq!(e.category, "HW08");
    assert_eq!(e.generated_at_utc, "2025-03-01T01:00:00Z", "09:00 Shanghai is 01:00 UTC");
    assert_eq!(e.generated_at_local, "2025-03-01 09:00");
    assert_eq!(e.batch_code, "HWCS20250301001");
    assert_eq!(e.recorded_by, p.admin.user_id);
    let h = audit::history(p.store.conn(), "waste_generation", &e.id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, "insert");
    assert!(h[0].after_json.as_deref().unwrap().contains("\"quantity_g\":1250000"));
}

// Regression guard for the foundation rule: a rejected entry leaves the file byte-for-byte as
// it was, with the same record and audit counts.
#[test]
fn every_rejection_names_its_field_and_writes_nothing() {
    let mut p = plant();
    let admin = p.admin.clone();
    generation::record(&mut p.store, &admin, input("900-249-08", "5", MassUnit::Kg), now()).unwrap();
    let before = file_bytes(&p);
    let base = input("900-249-08", "5", MassUnit::Kg);
    let cases: Vec<(&str, GenerationInput)> = vec![
        ("code", GenerationInput { code: Some("900-249-41".into()), ..base.clone() }), // HW41 does not exist
        ("code", GenerationInput { code: Some("900-249-51".into()), ..base.clone() }), // > HW50
        ("code", GenerationInput { code: Some("90024908".into()), ..base.clone() }),   // malformed
        ("code", GenerationInput { code: Some("900-999-08".into()), ..base.clone() }), // well formed, not listed
        ("code", GenerationInput { code: None, ..base.clone() }),
        ("quantity", GenerationInput { quantity: "0".into(), ..base.clone() }),
        ("quantity", GenerationInput { quantity: "-3".into(), ..base.clone() }),
        ("quantity", GenerationInput { quantity: "1000.000001".into(), unit: MassUnit::T, ..base.clone() }),
        ("quantity", GenerationInput { quantity: "1000001".into(), unit: MassUnit::Kg, ..base.clone() }),
        ("quantity", GenerationInput { quantity: "1.2345".into(), ..base.clone() }),
        ("quantity", GenerationInput { quantity: "twelve".into(), ..base.clone() }),
        ("generated_at", GenerationInput { generated_at_local: Some("2025-03-04T10:01".into()), ..base.clone() }), // > now + 24 h
        ("generated_at", GenerationInput { generated_at_local: Some("03/01/2025".into()), ..base.clone() }),
        ("stream_id", GenerationInput { stream_id: Some("no-such-stream".into()), ..base.clone() }),
        ("container_id", GenerationInput { container_id: "  ".into(), ..base.clone() }),
        ("storage_area", GenerationInput { storage_area: String::new(), ..base.clone() }),
    ];
    for (field, bad) in cases {
        let e = generation::record(&mut p.store, &admin, bad.clone(), now()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Invalid, "{bad:?}: {e}");
        assert_eq!(e.field(), Some(field), "{bad:?}: {e}");
    }
    assert_eq!(file_bytes(&p), before, "rejected entries changed the database");
}

#[test]
fn limits_are_inclusive_at_the_edges() {
    let mut p = plant();
    let admin = p.admin.clone();
    // Exactly 1,000 t and exactly now + 24 h are accepted.
    let max = GenerationInput { quantity: "1000".into(), unit: MassUnit::T, ..input("900-249-08", "1", MassUnit::Kg) };
    assert!(generation::record(&mut p.store, &admin, max, now()).is_ok());
    let edge = GenerationInput {
        generated_at_local: Some("2025-03-04T10:00".into()),
        ..input("900-249-08", "1", MassUnit::Kg)
    };
    assert!(generation::record(&mut p.store, &admin, edge, now()).is_ok());
    let one_gram = input("900-249-08", "0.001", MassUnit::Kg);
    assert_eq!(generation::record(&mut p.store, &admin, one_gram, now()).unwrap().quantity_g, 1);
}

#[test]
fn batch_codes_count_per_plant_local_day() {
    let mut p = plant();
    let admin = p.admin.clone();
    let at = |t: &str| GenerationInput { generated_at_local: Some(t.into()), ..input("900-249-08", "1", MassUnit::Kg) };
    let a = generation::record(&mut p.store, &admin, at("2025-03-02T00:10"), now()).unwrap();
    let b = generation::record(&mut p.store, &admin, at("2025-03-02T23:50"), now()).unwrap();
    let c = generation::record(&mut p.store, &admin, at("2025-03-01T23:59"), now()).unwrap();
    assert_eq!((a.batch_code.as_str(), b.batch_code.as_str()), ("HWCS20250302001", "HWCS20250302002"));
    assert_eq!(c.batch_code, "HWCS20250301001");
    // A voided entry keeps its number: the next one does not reuse it.
    generation::void(&mut p.store, &admin, VoidInput { id: b.id, reason: "duplicate".into() }, now()).unwrap();
    assert_eq!(
        generation::record(&mut p.store, &admin, at("2025-03-02T12:00"), now()).unwrap().batch_code,
        "HWCS20250302003"
    );
}

#[test]
fn streams_supply_the_code_and_must_agree_with_a_given_code() {
    let mut p = plant();
    let admin = p.admin.clone();
    let s = stream::add(
        &mut p.store,
        &admin,
        NewStream { name: "废切削液".into(), code: "900-006-09".into(), physical_form: PhysicalForm::Liquid },
        now(),
    )
    .unwrap();
    let by_stream = GenerationInput { stream_id: Some(s.id.clone()), code: None, ..input("x", "950", MassUnit::Kg) };
    let e = generation::record(&mut p.store, &admin, by_stream, now()).unwrap();
    assert_eq!((e.code.as_str(), e.stream_name.as_deref()), ("900-006-09", Some("废切削液")));
    let clash = GenerationInput {
        stream_id: Some(s.id.clone()),
        code: Some("900-249-08".into()),
        ..input("x", "1", MassUnit::Kg)
    };
    assert_eq!(generation::record(&mut p.store, &admin, clash, now()).unwrap_err().field(), Some("code"));
    let dup = stream::add(
        &mut p.store,
        &admin,
        NewStream { name: "废切削液".into(), code: "900-006-09".into(), physical_form: PhysicalForm::Liquid },
        now(),
    );
    assert_eq!(dup.unwrap_err().field(), Some("name"));
    let bad = stream::add(
        &mut p.store,
        &admin,
        NewStream { name: "x".into(), code: "900-249-41".into(), physical_form: PhysicalForm::Solid },
        now(),
    );
    assert_eq!(bad.unwrap_err().field(), Some("code"));
}

#[test]
fn void_keeps_the_entry_with_reason_and_refuses_a_second_void() {
    let mut p = plant();
    let admin = p.admin.clone();
    let e = generation::record(&mut p.store, &admin, input("900-249-08", "12", MassUnit::Kg), now()).unwrap();
    let no_reason = generation::void(&mut p.store, &admin, VoidInput { id: e.id.clone(), reason: " ".into() }, now());
    assert_eq!(no_reason.unwrap_err().field(), Some("reason"));
    let v = generation::void(&mut p.store, &admin, VoidInput { id: e.id.clone(), reason: "wrong scale".into() }, now())
        .unwrap();
    assert!(v.voided);
    assert_eq!(v.void_reason.as_deref(), Some("wrong scale"));
    let again = generation::void(&mut p.store, &admin, VoidInput { id: e.id.clone(), reason: "again".into() }, now());
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);
    // Still there, hidden by default, shown on request.
    let q = LedgerQuery::default();
    assert_eq!(generation::list(p.store.conn(), &q).unwrap().total, 0);
    let q = LedgerQuery { include_voided: true, ..LedgerQuery::default() };
    assert_eq!(generation::list(p.store.conn(), &q).unwrap().rows[0].id, e.id);
    let h = audit::history(p.store.conn(), "waste_generation", &e.id).unwrap();
    assert_eq!(h[1].action, "void");
    assert_eq!(h[1].reason.as_deref(), Some("wrong scale"));
}

#[test]
fn a_posted_quantity_cannot_be_edited_even_with_sql() {
    let mut p = plant();
    let e = generation::record(&mut p.store, &p.admin.clone(), input("900-249-08", "12", MassUnit::Kg), now()).unwrap();
    let err = p.store.conn().execute("UPDATE waste_generation SET quantity_g = 1 WHERE id = ?1", [&e.id]).unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");
}

#[test]
fn list_filters_by_plant_local_days_and_pages() {
    let mut p = plant();
    let admin = p.admin.clone();
    // 2025-03-01 00:30 Shanghai is 2025-02-28 in UTC, but belongs to March 1 locally.
    for (t, q) in
        [("2025-02-28T23:30", "1"), ("2025-03-01T00:30", "2"), ("2025-03-01T12:00", "3"), ("2025-03-02T08:00", "4")]
    {
        let i = GenerationInput { generated_at_local: Some(t.into()), ..input("900-249-08", q, MassUnit::Kg) };
        generation::record(&mut p.store, &admin, i, now()).unwrap();
    }
    let day = LedgerQuery {
        from_date: Some("2025-03-01".into()),
        to_date: Some("2025-03-01".into()),
        ..LedgerQuery::default()
    };
    let page = generation::list(p.store.conn(), &day).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows.iter().map(|r| r.quantity_kg.as_str()).collect::<Vec<_>>(), ["3.000", "2.000"]);
    let by_qty = LedgerQuery { sort: LedgerSort::QuantityDesc, page_size: 3, ..LedgerQuery::default() };
    let first = generation::list(p.store.conn(), &by_qty).unwrap();
    assert_eq!((first.total, first.rows.len(), first.rows[0].quantity_g), (4, 3, 4000));
    let second = generation::list(p.store.conn(), &LedgerQuery { page: 1, ..by_qty }).unwrap();
    assert_eq!(second.rows.iter().map(|r| r.quantity_g).collect::<Vec<_>>(), [1000]);
    let backwards = LedgerQuery {
        from_date: Some("2025-03-02".into()),
        to_date: Some("2025-03-01".into()),
        ..LedgerQuery::default()
    };
    assert_eq!(generation::list(p.store.conn(), &backwards).unwrap_err().field(), Some("to_date"));
}

#[test]
fn only_admins_and_ehs_officers_record() {
    let mut p = plant();
    let inspector = p.add_user("li", Role::Inspector);
    let officer = p.add_user("wang", Role::EhsOfficer);
    let before = p.counts();
    let e = generation::record(&mut p.store, &inspector, input("900-249-08", "1", MassUnit::Kg), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    assert_eq!(p.counts(), before);
    assert!(generation::record(&mut p.store, &officer, input("900-249-08", "1", MassUnit::Kg), now()).is_ok());
}

#[test]
fn entries_before_2025_are_checked_against_the_2021_catalogue() {
    let mut p = plant();
    let old = GenerationInput {
        generated_at_local: Some("2024-12-31T10:00".into()),
        ..input("900-041-49", "3", MassUnit::Kg)
    };
    let e = generation::record(&mut p.store, &p.admin.clone(), old, now()).unwrap();
    let v: String = p
        .store
        .conn()
        .query_row("SELECT catalogue_version FROM waste_generation WHERE id = ?1", [&e.id], |r| r.get(0))
        .unwrap();
    assert_eq!(v, "2021");
}

#[test]
fn day_totals_match_the_entries_through_records_and_voids_and_a_bad_cache_is_caught() {
    let mut p = plant();
    let admin = p.admin.clone();
    let s = stream::add(
        &mut p.store,
        &admin,
        NewStream { name: "漆渣".into(), code: "900-252-12".into(), physical_form: PhysicalForm::Sludge },
        now(),
    )
    .unwrap();
    let mut ids = Vec::new();
    for (t, q, by_stream) in
        [("2025-03-01T00:30", "1.5", false), ("2025-03-01T12:00", "2.25", true), ("2025-03-02T08:00", "4", true)]
    {
        let i = GenerationInput {
            stream_id: by_stream.then(|| s.id.clone()),
            code: (!by_stream).then(|| "900-249-08".to_string()),
            generated_at_local: Some(t.into()),
            ..input("x", q, MassUnit::Kg)
        };
        ids.push(generation::record(&mut p.store, &admin, i, now()).unwrap().id);
    }
    generation::void(&mut p.store, &admin, VoidInput { id: ids[1].clone(), reason: "duplicate".into() }, now())
        .unwrap();
    assert_eq!(generation::check_day_totals(p.store.conn()).unwrap(), None);

    let page = generation::list(p.store.conn(), &LedgerQuery::default()).unwrap();
    assert_eq!((page.total, page.total_kg.as_str()), (2, "5.500"));
    let all =
        generation::list(p.store.conn(), &LedgerQuery { include_voided: true, ..LedgerQuery::default() }).unwrap();
    assert_eq!((all.total, all.total_kg.as_str()), (3, "7.750"));
    let stream_q = LedgerQuery { stream_id: Some(s.id.clone()), include_voided: true, ..LedgerQuery::default() };
    assert_eq!(generation::list(p.store.conn(), &stream_q).unwrap().total_kg, "6.250");
    let march1 = LedgerQuery {
        from_date: Some("2025-03-01".into()),
        to_date: Some("2025-03-01".into()),
        ..LedgerQuery::default()
    };
    assert_eq!(generation::list(p.store.conn(), &march1).unwrap().total_kg, "1.500");

    p.store
        .conn()
        .execute("UPDATE waste_generation_day SET live_g = live_g + 1 WHERE local_date = '2025-03-02'", [])
        .unwrap();
    let diff = generation::check_day_totals(p.store.conn()).unwrap().expect("a tampered cache is reported");
    assert!(diff.contains("2025-03-02"), "{diff}");
}

/// Guards issue 9 item 10 (control characters refused in identifiers from every path): direct
/// entry refuses an escape sequence, NUL, a newline, a bidirectional override or a zero-width
/// space in the container or the area, naming the field, and writes nothing.
#[test]
fn control_characters_in_container_and_area_are_refused_on_direct_entry() {
    let mut p = plant();
    let admin = p.admin.clone();
    let before = file_bytes(&p);
    let bad = ["D-\u{1b}[31m01", "D\u{0}1", "D-01\nD-02", "D-\u{202e}10", "D\u{200b}1", "D\u{2067}1"];
    for v in bad {
        let i = GenerationInput { container_id: v.into(), ..input("900-249-08", "5", MassUnit::Kg) };
        let e = generation::record(&mut p.store, &admin, i, now()).unwrap_err();
        assert_eq!(e.field(), Some("container_id"), "{v:?}: {e}");
        assert!(!e.to_string().chars().any(char::is_control), "the value is not echoed: {e}");
        let i = GenerationInput { storage_area: v.into(), ..input("900-249-08", "5", MassUnit::Kg) };
        assert_eq!(generation::record(&mut p.store, &admin, i, now()).unwrap_err().field(), Some("storage_area"));
    }
    assert_eq!(file_bytes(&p), before, "nothing written");
}

/// Guards the keyed error the UI words (ui/src/lib/errors.test.ts renders this very AppError
/// in zh-CN and en): a quantity of "1.2345" kg is refused with a catalog key and its
/// parameters, not only an English sentence.
#[test]
fn a_bad_quantity_crosses_ipc_as_a_key_with_parameters() {
    let mut p = plant();
    let admin = p.admin.clone();
    let e = generation::record(&mut p.store, &admin, input("900-249-08", "1.2345", MassUnit::Kg), now()).unwrap_err();
    let a = ehs_ledger::AppError::from(e);
    assert_eq!(a.field.as_deref(), Some("quantity"));
    assert_eq!(a.key, "units.too_precise");
    let params: Vec<(&str, &str)> = a.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(params, [("decimals", "3"), ("unit", "kg"), ("value", "1.2345")]);
    assert_eq!(a.message, "'1.2345' kg is more precise than 1 g (at most 3 decimals in kg)");
    assert!(a.context.is_empty());
}
