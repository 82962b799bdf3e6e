//! Integration tests of storage: facilities, into/out-of-storage movements derived into stock,
//! no negative stock, reversals with reasons, balances at a date, storage alerts, audit.

mod common;

use chrono::NaiveDate;
use common::{input, now, plant};
use ehs_ledger::alerts::AlertKind;
use ehs_ledger::alerts::Severity;
use ehs_ledger::plant::settings;
use ehs_ledger::units::{Grams, MassUnit};
use ehs_ledger::waste::generation::{self, GenerationInput, VoidInput};
use ehs_ledger::waste::storage::rules::{container_age, AgeStatus, StorageLimits};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, PutAwayWarningKind, StoreInput, TakeOutInput};
use ehs_ledger::{audit, ErrorKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn facility(p: &mut common::Plant, code: &str, kind: FacilityKind, cap: Option<&str>) {
    let admin = p.admin.clone();
    storage::add_facility(
        &mut p.store,
        &admin,
        NewFacility {
            code: code.into(),
            name: format!("{code} 危废库"),
            kind,
            capacity_t: cap.map(str::to_string),
            max_storage_days: None,
        },
        now(),
    )
    .unwrap();
}

fn generate(p: &mut common::Plant, container: &str, qty_kg: &str, at: &str) -> String {
    let i = GenerationInput {
        container_id: container.into(),
        generated_at_local: Some(at.into()),
        ..input("900-249-08", qty_kg, MassUnit::Kg)
    };
    generation::record(&mut p.store, &p.admin.clone(), i, now()).unwrap().batch_code
}

fn put(p: &mut common::Plant, fac: &str, container: &str, at: &str) -> ehs_ledger::Result<storage::Movement> {
    let admin = p.admin.clone();
    storage::store_container(
        &mut p.store,
        &admin,
        StoreInput {
            facility: fac.into(),
            container_id: container.into(),
            generation_batch: None,
            moved_at_local: Some(at.into()),
            handlers: Default::default(),
        },
        now(),
    )
}

fn take(
    p: &mut common::Plant,
    fac: &str,
    container: &str,
    kg: Option<&str>,
    at: &str,
) -> ehs_ledger::Result<storage::Movement> {
    let admin = p.admin.clone();
    storage::take_out(
        &mut p.store,
        &admin,
        TakeOutInput {
            facility: fac.into(),
            container_id: container.into(),
            quantity: kg.map(str::to_string),
            unit: MassUnit::Kg,
            moved_at_local: Some(at.into()),
            destination: "厂内预处理车间（压滤脱水）".into(),
            handlers: Default::default(),
        },
        now(),
    )
}

#[test]
fn generation_to_storage_to_take_out_keeps_balances_and_the_chain() {
    let mut p = plant();
    facility(&mut p, "TS001", FacilityKind::Store, Some("50"));
    let gen_batch = generate(&mut p, "D-001", "180", "2025-02-20T09:00");
    generate(&mut p, "D-002", "200.5", "2025-02-21T09:00");
    let into = put(&mut p, "TS001", "D-001", "2025-02-20T10:00").unwrap();
    assert_eq!(
        (into.batch_code.as_str(), into.generation_batch.as_deref()),
        ("HWRK20250220001", Some(gen_batch.as_str()))
    );
    assert_eq!(into.quantity_g, 180_000, "quantity comes from the generation entry");
    put(&mut p, "TS001", "D-002", "2025-02-21T10:00").unwrap();

    let b = storage::balances(p.store.conn(), None).unwrap();
    assert_eq!((b[0].stock_kg.as_str(), b[0].containers), ("380.500", 2));
    // Partial take-out, then the rest.
    let out = take(&mut p, "TS001", "D-002", Some("100"), "2025-02-25T08:00").unwrap();
    assert_eq!(out.batch_code, "HWCK20250225001");
    take(&mut p, "TS001", "D-002", None, "2025-02-26T08:00").unwrap();
    assert_eq!(storage::container_stock(p.store.conn(), &facility_id(&p, "TS001"), "D-002").unwrap(), Grams(0));
    // Balance at a past date sees only what had happened by then.
    let then = storage::balances(p.store.conn(), Some(d(2025, 2, 24))).unwrap();
    assert_eq!(then[0].stock_kg, "380.500");
    let later = storage::balances(p.store.conn(), Some(d(2025, 2, 25))).unwrap();
    assert_eq!(later[0].stock_kg, "280.500");
    let now_b = storage::balances(p.store.conn(), None).unwrap();
    assert_eq!((now_b[0].stock_kg.as_str(), now_b[0].containers), ("180.000", 1));
    // Every movement is audited.
    let n: i64 = p
        .store
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE table_name = 'waste_movement'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 4);
    assert!(audit::verify(p.store.conn()).unwrap().first_broken.is_none());
}

fn facility_id(p: &common::Plant, code: &str) -> String {
    storage::facility(p.store.conn(), "facility", code).unwrap().id
}

#[test]
fn stock_never_goes_negative_and_refusals_write_nothing() {
    let mut p = plant();
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "D-001", "180", "2025-02-20T09:00");
    put(&mut p, "TS001", "D-001", "2025-02-20T10:00").unwrap();
    let before = p.counts();
    let audits = |p: &common::Plant| -> i64 {
        p.store.conn().query_row("SELECT count(*) FROM waste_movement", [], |r| r.get(0)).unwrap()
    };
    let moves = audits(&p);
    let e = take(&mut p, "TS001", "D-001", Some("180.001"), "2025-02-21T08:00").unwrap_err();
    assert_eq!(e.field(), Some("quantity"), "{e}");
    assert!(e.to_string().contains("only 180.000 kg"), "{e}");
    assert_eq!(take(&mut p, "TS001", "D-404", None, "2025-02-21T08:00").unwrap_err().field(), Some("container_id"));
    assert_eq!(
        take(&mut p, "TS001", "  ", None, "2025-02-21T08:00").unwrap_err().field(),
        Some("container_id"),
        "blank id"
    );
    assert_eq!(
        take(&mut p, "TS001", "D-001", None, "2025-02-20T09:30").unwrap_err().field(),
        Some("moved_at"),
        "before it entered"
    );
    // A take-out on its own must say where the waste goes (HJ 1259-2022 B.3 去向).
    let admin = p.admin.clone();
    let bare = |dest: &str| TakeOutInput {
        facility: "TS001".into(),
        container_id: "D-001".into(),
        quantity: None,
        unit: MassUnit::Kg,
        moved_at_local: Some("2025-02-21T08:00".into()),
        destination: dest.into(),
        handlers: Default::default(),
    };
    for dest in ["", " 。", &"长".repeat(201)] {
        let e = storage::take_out(&mut p.store, &admin, bare(dest), now()).unwrap_err();
        assert_eq!(e.field(), Some("destination"), "{dest:?}: {e}");
    }
    // Storing the same container twice, or a container never generated, or before generation.
    assert_eq!(put(&mut p, "TS001", "D-001", "2025-02-21T10:00").unwrap_err().kind(), ErrorKind::Conflict);
    assert_eq!(put(&mut p, "TS001", "NOPE", "2025-02-21T10:00").unwrap_err().field(), Some("container_id"));
    generate(&mut p, "D-002", "5", "2025-02-22T09:00");
    assert_eq!(put(&mut p, "TS001", "D-002", "2025-02-22T08:00").unwrap_err().field(), Some("moved_at"));
    assert_eq!(put(&mut p, "NO-SUCH", "D-002", "2025-02-22T10:00").unwrap_err().field(), Some("facility"));
    assert_eq!(audits(&p), moves, "no movement written");
    assert_eq!(p.counts().0, before.0 + 1, "only the new generation entry");
    // A take-out that states it is posted with it, and the B.3 table prints it as 去向.
    let m = storage::take_out(&mut p.store, &admin, bare(" 厂内预处理车间（压滤脱水） "), now()).unwrap();
    assert_eq!(m.destination.as_deref(), Some("厂内预处理车间（压滤脱水）"));
    let feb = ehs_ledger::waste::export::Period::month("month", "2025-02").unwrap();
    let b3 = ehs_ledger::waste::export::ledger_view(
        p.store.conn(),
        &feb,
        ehs_ledger::waste::export::LedgerTable::B3OutOfStorage,
        None,
        10,
    )
    .unwrap();
    let dest = b3.columns.iter().position(|c| c.header == "去向").expect("B.3 has 去向");
    assert_eq!(b3.rows[0][dest].as_str(), "厂内预处理车间（压滤脱水）");
}

#[test]
fn reversals_cancel_movements_in_order_and_keep_the_originals() {
    let mut p = plant();
    let admin = p.admin.clone();
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "D-001", "180", "2025-02-20T09:00");
    let into = put(&mut p, "TS001", "D-001", "2025-02-20T10:00").unwrap();
    let out = take(&mut p, "TS001", "D-001", Some("80"), "2025-02-21T08:00").unwrap();
    // The into-storage cannot be reversed while part of the container has left.
    let e = storage::reverse(&mut p.store, &admin, &into.id, "wrong facility", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(storage::reverse(&mut p.store, &admin, &out.id, " ", now()).unwrap_err().field(), Some("reason"));
    let r = storage::reverse(&mut p.store, &admin, &out.id, "scale error", now()).unwrap();
    assert_eq!(
        (r.batch_code.as_str(), r.quantity_g, r.reason.as_deref()),
        ("HWCK20250221001-R", -80_000, Some("scale error"))
    );
    assert_eq!(
        storage::reverse(&mut p.store, &admin, &out.id, "again", now()).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    storage::reverse(&mut p.store, &admin, &into.id, "wrong facility", now()).unwrap();
    assert!(storage::balances(p.store.conn(), None).unwrap().is_empty(), "all cancelled");
    let rows: i64 = p.store.conn().query_row("SELECT count(*) FROM waste_movement", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4, "originals stay beside their reversals");
    // After the reversal the container can be stored again (in the right place).
    facility(&mut p, "TS002", FacilityKind::Store, None);
    assert!(put(&mut p, "TS002", "D-001", "2025-02-22T10:00").is_ok());
    let e = p.store.conn().execute("UPDATE waste_movement SET quantity_g = 1", []).unwrap_err();
    assert!(e.to_string().contains("reversal"), "{e}");
}

#[test]
fn storage_alerts_for_age_unknown_start_point_cap_and_capacity() {
    let mut p = plant();
    facility(&mut p, "PT01", FacilityKind::Point, None);
    facility(&mut p, "TS001", FacilityKind::Store, Some("0.5"));
    generate(&mut p, "OLD-1", "900", "2024-03-20T09:00");
    generate(&mut p, "NEW-1", "1700", "2025-02-27T09:00");
    generate(&mut p, "NEW-2", "1400", "2025-02-28T09:00");
    put(&mut p, "PT01", "OLD-1", "2024-03-20T10:00").unwrap();
    put(&mut p, "PT01", "NEW-1", "2025-02-27T10:00").unwrap();
    put(&mut p, "TS001", "NEW-2", "2025-02-28T10:00").unwrap();
    // A voided generation entry can no longer be stored.
    let i = GenerationInput { container_id: "VOID-1".into(), ..input("900-249-08", "1", MassUnit::Kg) };
    let g = generation::record(&mut p.store, &p.admin.clone(), i, now()).unwrap();
    generation::void(&mut p.store, &p.admin.clone(), VoidInput { id: g.id, reason: "duplicate".into() }, now())
        .unwrap();
    assert!(put(&mut p, "PT01", "VOID-1", "2025-03-01T10:00").is_err());

    let today = d(2025, 3, 3);
    let stocked = storage::stocked_containers(p.store.conn(), today, StorageLimits::CN).unwrap();
    assert_eq!(stocked[0].container_id, "OLD-1", "oldest first");
    let oldest = storage::oldest_containers(p.store.conn(), 1, today, StorageLimits::CN).unwrap();
    assert_eq!((oldest.len(), oldest[0].container_id.as_str()), (1, "OLD-1"));
    assert_eq!(stocked[0].age, AgeStatus::Warning { age_days: 348, ship_by: d(2025, 3, 20) });
    let alerts = storage::alerts(p.store.conn(), today, StorageLimits::CN).unwrap();
    let text: Vec<String> = alerts.iter().map(|a| format!("{:?} {} {}", a.severity, a.subject, a.message)).collect();
    assert!(
        text.iter().any(|t| t.starts_with("Warning OLD-1 @ PT01") && t.contains("must ship by 2025-03-20")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.starts_with("Warning PT01") && t.contains("near the 3 t cap")), "2.6 t: {text:?}");
    assert!(
        text.iter().any(|t| t.starts_with("Critical TS001") && t.contains("over its permitted capacity")),
        "{text:?}"
    );
    assert_eq!(alerts[0].severity, Severity::Critical, "most severe first");
    // Past the limit it becomes critical.
    let later = storage::alerts(p.store.conn(), d(2025, 3, 21), StorageLimits::CN).unwrap();
    assert!(later.iter().any(|a| a.severity == Severity::Critical && a.subject == "OLD-1 @ PT01"));
    // Another 0.5 t drum takes the 贮存点 over 3 t: critical (recorded, not refused: the ledger
    // must show what is there).
    generate(&mut p, "NEW-3", "500", "2025-03-01T09:00");
    put(&mut p, "PT01", "NEW-3", "2025-03-01T10:00").unwrap();
    let over = storage::alerts(p.store.conn(), today, StorageLimits::CN).unwrap();
    assert!(
        over.iter()
            .any(|a| a.severity == Severity::Critical && a.subject == "PT01" && a.message.contains("3100.000 kg")),
        "{over:?}"
    );
    // US LQG: 90 days.
    let us = storage::stocked_containers(p.store.conn(), today, StorageLimits::US_LQG).unwrap();
    assert!(matches!(us[0].age, AgeStatus::Overdue { .. }));
}

#[test]
fn facility_fields_are_validated_by_name() {
    let mut p = plant();
    let admin = p.admin.clone();
    let base = NewFacility {
        code: "TS001".into(),
        name: "危废库".into(),
        kind: FacilityKind::Store,
        capacity_t: None,
        max_storage_days: None,
    };
    storage::add_facility(&mut p.store, &admin, base.clone(), now()).unwrap();
    for (field, bad) in [
        ("code", NewFacility { code: "TS001".into(), ..base.clone() }),
        ("code", NewFacility { code: " ".into(), ..base.clone() }),
        ("name", NewFacility { code: "X".into(), name: "".into(), ..base.clone() }),
        ("capacity_t", NewFacility { code: "X".into(), capacity_t: Some("-1".into()), ..base.clone() }),
        ("max_storage_days", NewFacility { code: "X".into(), max_storage_days: Some(0), ..base.clone() }),
    ] {
        assert_eq!(storage::add_facility(&mut p.store, &admin, bad, now()).unwrap_err().field(), Some(field));
    }
    assert_eq!(storage::facilities(p.store.conn()).unwrap().len(), 1);
}

#[test]
fn overview_counts_ages_on_the_plant_local_date_and_rolls_up_per_facility() {
    let mut p = plant();
    facility(&mut p, "PT01", FacilityKind::Point, None);
    facility(&mut p, "TS001", FacilityKind::Store, Some("0.5"));
    facility(&mut p, "TS002", FacilityKind::Store, None);
    generate(&mut p, "OLD-1", "900", "2024-03-20T09:00");
    generate(&mut p, "NEW-1", "1700", "2025-02-27T09:00");
    generate(&mut p, "NEW-2", "1400", "2025-02-28T09:00");
    put(&mut p, "PT01", "OLD-1", "2024-03-20T10:00").unwrap();
    put(&mut p, "PT01", "NEW-1", "2025-02-27T10:00").unwrap();
    put(&mut p, "TS001", "NEW-2", "2025-02-28T10:00").unwrap();

    let o = storage::overview(p.store.conn(), now()).unwrap();
    // now() is 2025-03-03T02:00Z: already 10:00 on 3 March in Shanghai.
    assert_eq!(o.today, "2025-03-03");
    let codes: Vec<&str> = o.facilities.iter().map(|f| f.facility.code.as_str()).collect();
    assert_eq!(codes, ["PT01", "TS001", "TS002"]);
    let pt = &o.facilities[0];
    assert_eq!((pt.stock_kg.as_str(), pt.containers, pt.oldest_age_days), ("2600.000", 2, Some(348)));
    assert_eq!(pt.worst, storage::FacilityStatus::Warning, "OLD-1 near the limit, 2.6 t near the cap");
    assert_eq!(o.facilities[1].worst, storage::FacilityStatus::Critical, "over its permitted capacity");
    let empty = &o.facilities[2];
    assert_eq!((empty.containers, empty.oldest_age_days, empty.worst), (0, None, storage::FacilityStatus::Ok));

    assert_eq!(o.containers[0].container_id, "OLD-1", "oldest first");
    assert_eq!(o.containers[0].status, storage::ContainerStatus::Warning);
    assert_eq!(o.containers[0].started_on.as_deref(), Some("2024-03-20"));
    assert_eq!(o.containers[0].ship_by.as_deref(), Some("2025-03-20"));
    let new2 = o.containers.iter().find(|c| c.container_id == "NEW-2").unwrap();
    assert_eq!(
        (new2.status, new2.age_days, new2.stock_kg.as_str()),
        (storage::ContainerStatus::Ok, Some(3), "1400.000")
    );

    assert_eq!(o.alerts[0].severity, Severity::Critical, "most severe first");
    assert!(o.alerts.iter().any(|a| a.subject == "OLD-1 @ PT01"));
    // The JSON the UI reads.
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["facilities"][0]["worst"], "warning");
    assert_eq!(json["containers"][0]["status"], "warning");
    assert_eq!(json["alerts"][0]["severity"], "critical");
}

/// Guards issue 9 item 3 (storage-time limits that are honoured): the plant-wide limit in
/// Settings (an EIA-approved 180 days) drives the clocks, the alerts and the inventory's ship-by
/// dates, and can only tighten the legal year, never loosen it. It used to be stored and ignored.
#[test]
fn the_plant_wide_storage_limit_drives_every_clock_and_only_tightens_the_legal_one() {
    let mut p = plant();
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "OLD-9", "50", "2024-07-01T09:00");
    put(&mut p, "TS001", "OLD-9", "2024-07-01T10:00").unwrap();
    let today = d(2025, 3, 3);
    let age_alerts = |p: &common::Plant| -> Vec<AlertKind> {
        let all = ehs_ledger::waste::alerts::all(p.store.conn(), today).unwrap();
        all.into_iter().filter(|a| a.subject.starts_with("OLD-9")).map(|a| a.kind).collect()
    };
    let ship_by = |p: &common::Plant| storage::overview(p.store.conn(), now()).unwrap().containers[0].ship_by.clone();
    let expected = |days: i64| match container_age(
        Some(d(2024, 7, 1)),
        today,
        StorageLimits { max_days: Some(days), ..StorageLimits::CN },
    ) {
        AgeStatus::Ok { ship_by, .. } | AgeStatus::Warning { ship_by, .. } | AgeStatus::Overdue { ship_by, .. } => {
            Some(ship_by.to_string())
        }
        AgeStatus::NoLimit { .. } | AgeStatus::UnknownStart => None,
    };
    assert!(age_alerts(&p).is_empty(), "245 days is within the legal year");
    assert_eq!(ship_by(&p), expected(365));

    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, "storage_limit_days", "180", now()).unwrap();
    assert_eq!(age_alerts(&p), [AlertKind::AgeOverdue], "over the plant's 180 days");
    assert_eq!(ship_by(&p), expected(180));

    settings::set(&mut p.store, &admin, "storage_limit_days", "500", now()).unwrap();
    assert!(age_alerts(&p).is_empty());
    assert_eq!(ship_by(&p), expected(365), "a setting never loosens the legal limit");
}

/// Guards issue 9 item 10 (control characters refused in identifiers from every path): a
/// facility code or name, and the container or batch code of a movement.
#[test]
fn control_characters_are_refused_in_facilities_and_movements() {
    let mut p = plant();
    let admin = p.admin.clone();
    let base = NewFacility {
        code: "TS001".into(),
        name: "危废库".into(),
        kind: FacilityKind::Store,
        capacity_t: None,
        max_storage_days: None,
    };
    for (field, f) in [
        ("code", NewFacility { code: "TS\u{1b}[2J1".into(), ..base.clone() }),
        ("code", NewFacility { code: "TS\u{202e}100".into(), ..base.clone() }),
        ("name", NewFacility { name: "危废库\n二号".into(), ..base.clone() }),
    ] {
        let e = storage::add_facility(&mut p.store, &admin, f, now()).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains("U+"), "{e}");
    }
    assert!(storage::facilities(p.store.conn()).unwrap().is_empty());
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "C-1", "10", "2025-03-01T09:00");
    let e = put(&mut p, "TS001", "C-1\u{0}", "2025-03-01T10:00").unwrap_err();
    assert_eq!(e.field(), Some("container_id"), "{e}");
    let e = storage::store_container(
        &mut p.store,
        &admin,
        StoreInput {
            facility: "TS001".into(),
            container_id: "C-1".into(),
            generation_batch: Some("HWCS20250301001\u{202e}".into()),
            moved_at_local: Some("2025-03-01T10:00".into()),
            handlers: Default::default(),
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("generation_batch"), "{e}");
    assert!(storage::balances(p.store.conn(), None).unwrap().is_empty(), "nothing stored");
}

/// A set-up US plant (America/Chicago) in a fresh temp file; `now()` is 2025-03-02 there.
fn us_plant() -> common::Plant {
    use ehs_ledger::plant::{Jurisdiction, SetupInput};
    let dir = tempfile::tempdir().unwrap();
    let mut store = ehs_ledger::Store::open(&dir.path().join("plant.sqlite3")).unwrap();
    let admin = ehs_ledger::plant::setup(
        &mut store,
        SetupInput {
            plant_code: "US01".into(),
            plant_name: "Austin plant".into(),
            segment: "Smartphones".into(),
            jurisdiction: Jurisdiction::US,
            timezone: "America/Chicago".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: common::ADMIN_PASSWORD.into(),
        },
        now(),
    )
    .unwrap();
    common::Plant { dir, store, admin }
}

fn audit_rows(p: &common::Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// Guards issue 9 item 3 (40 CFR 262.16/262.17, domain.md §10.1): a US plant's generator status
/// sets its storage clock (LQG 90 days — assumed until chosen —, SQG 180, SQG 270 with the TSDF
/// over 200 miles away, VSQG no clock), the plant-wide limit still only tightens it, and the
/// status with its limit is in every age alert's params and message and in the inventory.
#[test]
fn us_generator_status_sets_the_storage_clock_and_is_named_in_every_age_alert() {
    let mut p = us_plant();
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "A-1", "50", "2024-09-01T09:00");
    put(&mut p, "TS001", "A-1", "2024-09-01T10:00").unwrap();
    let today = d(2025, 3, 2);
    assert_eq!(ehs_ledger::plant::today(p.store.conn(), now()).unwrap(), today);
    let age_alerts = |p: &common::Plant| -> Vec<ehs_ledger::alerts::Alert> {
        let all = ehs_ledger::waste::alerts::all(p.store.conn(), today).unwrap();
        all.into_iter().filter(|a| a.kind == AlertKind::AgeOverdue || a.kind == AlertKind::AgeWarning).collect()
    };
    let inventory = |p: &common::Plant| storage::overview(p.store.conn(), now()).unwrap();
    let start = d(2024, 9, 1);
    let plus = |days: i64| Some((start + chrono::Duration::days(days)).to_string());

    // Not chosen yet: the strictest (LQG, 90 days) is assumed and said.
    let a = age_alerts(&p);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].kind, AlertKind::AgeOverdue);
    assert_eq!(a[0].params["generator_status"], "lqg");
    assert_eq!(a[0].params["limit_days"], "90");
    assert!(a[0].message.contains("LQG") && a[0].message.contains("90-day limit"), "{}", a[0].message);
    assert_eq!(inventory(&p).containers[0].ship_by, plus(90));
    assert!(inventory(&p).alerts.iter().any(|x| x.params.get("generator_status").map(String::as_str) == Some("lqg")));

    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, "us_generator_status", "sqg", now()).unwrap();
    let a = age_alerts(&p);
    assert_eq!(a.len(), 1, "182 days is past the SQG's 180: {a:?}");
    assert_eq!((a[0].params["generator_status"].as_str(), a[0].params["limit_days"].as_str()), ("sqg", "180"));
    assert!(a[0].message.contains("SQG"), "{}", a[0].message);
    assert_eq!(inventory(&p).containers[0].ship_by, plus(180));

    settings::set(&mut p.store, &admin, "us_generator_status", "sqg_270", now()).unwrap();
    assert!(age_alerts(&p).is_empty(), "TSDF over 200 miles away: 270 days");
    assert_eq!(inventory(&p).containers[0].ship_by, plus(270));

    settings::set(&mut p.store, &admin, "us_generator_status", "vsqg", now()).unwrap();
    assert!(age_alerts(&p).is_empty(), "a VSQG has no clock");
    let inv = inventory(&p);
    assert_eq!((inv.containers[0].ship_by.as_deref(), inv.containers[0].age_days), (None, Some(182)));

    // The plant-wide limit still tightens, whatever the status.
    settings::set(&mut p.store, &admin, "storage_limit_days", "120", now()).unwrap();
    let a = age_alerts(&p);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!((a[0].params["generator_status"].as_str(), a[0].params["limit_days"].as_str()), ("vsqg", "120"));
    assert_eq!(inventory(&p).containers[0].ship_by, plus(120));
}

/// Guards issue 9 item 3: the generator status is a closed list, and only a US plant has one;
/// a refusal writes nothing.
#[test]
fn us_generator_status_is_a_closed_list_for_us_plants_only() {
    let mut p = us_plant();
    let admin = p.admin.clone();
    assert_eq!(settings::set(&mut p.store, &admin, "us_generator_status", "SQG", now()).unwrap().value, "sqg");
    let before = audit_rows(&p);
    let e = settings::set(&mut p.store, &admin, "us_generator_status", "medium", now()).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("value")));
    assert!(e.to_string().contains("lqg, sqg, sqg_270, vsqg"), "{e}");
    assert_eq!(audit_rows(&p), before);

    let mut cn = plant();
    let admin = cn.admin.clone();
    let before = audit_rows(&cn);
    let e = settings::set(&mut cn.store, &admin, "us_generator_status", "sqg", now()).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("value")));
    assert!(e.to_string().contains("US"), "{e}");
    assert_eq!(audit_rows(&cn), before, "nothing written");
    assert_eq!(settings::set(&mut cn.store, &admin, "us_generator_status", "", now()).unwrap().value, "");
}

/// Guards issue 9 item 3 (domain.md §10.1): a VSQG may hold at most 1,000 kg on site and an SQG
/// 6,000 kg; more is a critical alert naming the status. An LQG has no quantity limit.
#[test]
fn us_generator_quantity_limit_on_site_alerts() {
    let mut p = us_plant();
    facility(&mut p, "TS001", FacilityKind::Store, None);
    generate(&mut p, "A-1", "600", "2025-02-20T09:00");
    put(&mut p, "TS001", "A-1", "2025-02-20T10:00").unwrap();
    let today = d(2025, 3, 2);
    let over = |p: &common::Plant| -> Vec<ehs_ledger::alerts::Alert> {
        let all = ehs_ledger::waste::alerts::all(p.store.conn(), today).unwrap();
        all.into_iter().filter(|a| a.kind.as_str() == "generator_quantity_over").collect()
    };
    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, "us_generator_status", "vsqg", now()).unwrap();
    assert!(over(&p).is_empty(), "600 kg");
    generate(&mut p, "A-2", "500", "2025-02-21T09:00");
    put(&mut p, "TS001", "A-2", "2025-02-21T10:00").unwrap();
    let a = over(&p);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].severity, Severity::Critical);
    assert_eq!(a[0].params["generator_status"], "vsqg");
    assert_eq!((a[0].params["kg"].as_str(), a[0].params["limit_kg"].as_str()), ("1100.000", "1000.000"));
    assert!(a[0].message.contains("VSQG"), "{}", a[0].message);
    settings::set(&mut p.store, &admin, "us_generator_status", "sqg", now()).unwrap();
    assert!(over(&p).is_empty(), "an SQG may hold 6,000 kg");
    settings::set(&mut p.store, &admin, "us_generator_status", "lqg", now()).unwrap();
    assert!(over(&p).is_empty());
}

// --- issue 9 item 7: storage checks at put-away, before the movement is saved

fn generate_code(p: &mut common::Plant, container: &str, code: &str, qty_kg: &str) {
    let i = GenerationInput {
        container_id: container.into(),
        generated_at_local: Some("2025-03-01T09:00".into()),
        ..input(code, qty_kg, MassUnit::Kg)
    };
    generation::record(&mut p.store, &p.admin.clone(), i, now()).unwrap();
}

fn store_input(fac: &str, container: &str) -> StoreInput {
    StoreInput {
        facility: fac.into(),
        container_id: container.into(),
        generation_batch: None,
        moved_at_local: Some("2025-03-02T10:00".into()),
        handlers: Default::default(),
    }
}

fn warning_kinds(c: &storage::StoreCheck) -> Vec<PutAwayWarningKind> {
    c.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn put_away_rule_a_storage_point_going_over_3t_warns_before_saving() {
    let mut p = plant();
    facility(&mut p, "P1", FacilityKind::Point, None);
    generate_code(&mut p, "B1", "900-249-08", "2900");
    generate_code(&mut p, "B2", "900-249-08", "200");
    put(&mut p, "P1", "B1", "2025-03-02T10:00").unwrap();
    let before = std::fs::read(p.path()).unwrap();
    let c = storage::check_store(p.store.conn(), &store_input("P1", "B2"), now()).unwrap();
    assert_eq!(warning_kinds(&c), vec![PutAwayWarningKind::PointOverCap]);
    assert_eq!(
        (c.warnings[0].stock_after_kg.as_deref(), c.warnings[0].limit_kg.as_deref()),
        (Some("3100.000"), Some("3000.000"))
    );
    assert_eq!((c.code.as_str(), c.quantity_kg.as_str()), ("900-249-08", "200.000"));
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "the check writes nothing");
    // The check refuses what the put-away refuses.
    let e = storage::check_store(p.store.conn(), &store_input("P1", "B1"), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    assert_eq!(
        storage::check_store(p.store.conn(), &store_input("P1", "NOPE"), now()).unwrap_err().field(),
        Some("container_id")
    );
}

#[test]
fn put_away_rule_a_facility_over_its_permitted_capacity_warns_before_saving() {
    let mut p = plant();
    facility(&mut p, "WH1", FacilityKind::Store, Some("1"));
    generate_code(&mut p, "B1", "900-249-08", "800");
    generate_code(&mut p, "B2", "900-249-08", "200");
    generate_code(&mut p, "B3", "900-249-08", "0.001");
    put(&mut p, "WH1", "B1", "2025-03-02T10:00").unwrap();
    let c = storage::check_store(p.store.conn(), &store_input("WH1", "B2"), now()).unwrap();
    assert!(c.warnings.is_empty(), "exactly at capacity: {:?}", c.warnings);
    put(&mut p, "WH1", "B2", "2025-03-02T10:00").unwrap();
    let c = storage::check_store(p.store.conn(), &store_input("WH1", "B3"), now()).unwrap();
    assert_eq!(warning_kinds(&c), vec![PutAwayWarningKind::OverCapacity]);
    assert!(
        c.warnings[0].message.contains("1000.001 kg, over its permitted capacity of 1000.000 kg"),
        "{}",
        c.warnings[0].message
    );
}

#[test]
fn put_away_rule_incompatible_wastes_in_one_facility_warn_and_the_pairs_are_editable_and_audited() {
    let mut p = plant();
    let admin = p.admin.clone();
    facility(&mut p, "WH1", FacilityKind::Store, None);
    generate_code(&mut p, "ACID", "900-300-34", "100");
    generate_code(&mut p, "BASE", "900-352-35", "100");
    generate_code(&mut p, "OIL", "900-249-08", "100");
    put(&mut p, "WH1", "ACID", "2025-03-02T10:00").unwrap();
    // The default pair HW34 / HW35 (domain.md §4.4 rule 1).
    let c = storage::check_store(p.store.conn(), &store_input("WH1", "BASE"), now()).unwrap();
    assert_eq!(warning_kinds(&c), vec![PutAwayWarningKind::Incompatible]);
    assert_eq!(c.warnings[0].other_code.as_deref(), Some("900-300-34"));
    assert!(storage::check_store(p.store.conn(), &store_input("WH1", "OIL"), now()).unwrap().warnings.is_empty());
    // The plant marks acid and base compatible here (void with a reason, audited) …
    let pairs = storage::incompatibilities(p.store.conn()).unwrap();
    assert_eq!(pairs.len(), 5);
    let acid_base = pairs.iter().find(|x| x.side_a == "HW34" && x.side_b == "HW35").unwrap().id.clone();
    let officer = p.add_user("wang", ehs_ledger::plant::Role::EhsOfficer);
    let inspector = p.add_user("zhao", ehs_ledger::plant::Role::Inspector);
    let e = storage::void_incompatibility(&mut p.store, &inspector, &acid_base, "中和后贮存", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    storage::void_incompatibility(&mut p.store, &officer, &acid_base, "废碱液已中和至 pH 7，分区隔离", now()).unwrap();
    assert!(storage::check_store(p.store.conn(), &store_input("WH1", "BASE"), now()).unwrap().warnings.is_empty());
    // … and adds its own pair: mineral oil (I) with acids.
    let e = storage::add_incompatibility(
        &mut p.store,
        &admin,
        storage::NewIncompatibility { side_a: "HW08:X".into(), side_b: "HW34".into(), note: String::new() },
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("side_a"));
    let added = storage::add_incompatibility(
        &mut p.store,
        &admin,
        storage::NewIncompatibility {
            side_a: "hw08:I".into(), side_b: "HW34".into(), note: "易燃废油与酸".into()
        },
        now(),
    )
    .unwrap();
    assert_eq!((added.side_a.as_str(), added.is_default), ("HW08:I", false));
    let c = storage::check_store(p.store.conn(), &store_input("WH1", "OIL"), now()).unwrap();
    assert_eq!(warning_kinds(&c), vec![PutAwayWarningKind::Incompatible]);
    let conn = p.store.conn();
    let audited: Vec<(String, Option<String>)> = conn
        .prepare("SELECT action, reason FROM audit_log WHERE table_name = 'storage_incompatibility' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert_eq!(audited[0].1.as_deref(), Some("废碱液已中和至 pH 7，分区隔离"));
    let e = conn.execute("DELETE FROM storage_incompatibility", []).unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    assert!(audit::verify(conn).unwrap().first_broken.is_none());
}
