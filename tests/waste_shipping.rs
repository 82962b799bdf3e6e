//! Integration tests of receivers, licences, shipments under transfer manifests and the
//! receiver's confirmation: generation → storage → shipment → confirmation end to end, every
//! refusal (licence expired / not covering a code, container not in stock, bad or reused
//! manifest number), the admin override, voiding, and the pending-confirmation and licence alerts.

mod common;

use chrono::{Duration, NaiveDate};
use common::{input, now, plant};
use ehs_ledger::alerts::{AlertKind, Severity};
use ehs_ledger::plant::{settings, Role};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::waste::manifest::WeightSource;
use ehs_ledger::waste::receiver::{self, LicenceStatus, NewCounterparty, NewLicence};
use ehs_ledger::waste::receiver::{CounterpartyKind, LicenceProblemKind, LicenceType};
use ehs_ledger::waste::shipment::TransferType;
use ehs_ledger::waste::shipment::{self, ConfirmInput, ReceivedLine, ShipInput, ShipProblemKind, ShipmentStatus};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use ehs_ledger::waste::transfer::{self, Approval, NewApproval, NewPlan};
use ehs_ledger::waste::Purpose;
use ehs_ledger::{audit, ErrorKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const RECEIVER: &str = "东江环保处置中心";

/// A plant with facility WH1, two stored 900-249-08 drums (D1 500 kg, D2 320.5 kg), a stored
/// 900-041-49 drum (D3 80 kg), a receiver licensed for HW08 until `valid_to`, and a transporter.
fn setup(valid_to: &str) -> common::Plant {
    let mut p = plant();
    let admin = p.admin.clone();
    storage::add_facility(
        &mut p.store,
        &admin,
        NewFacility {
            code: "WH1".into(),
            name: "危废库".into(),
            kind: FacilityKind::Store,
            capacity_t: None,
            max_storage_days: None,
        },
        now(),
    )
    .unwrap();
    for (c, code, kg) in [("D1", "900-249-08", "500"), ("D2", "900-249-08", "320.5"), ("D3", "900-041-49", "80")] {
        let i = GenerationInput {
            container_id: c.into(),
            generated_at_local: Some("2025-03-01T09:00".into()),
            ..input(code, kg, MassUnit::Kg)
        };
        generation::record(&mut p.store, &admin, i, now()).unwrap();
        storage::store_container(
            &mut p.store,
            &admin,
            StoreInput {
                facility: "WH1".into(),
                container_id: c.into(),
                generation_batch: None,
                moved_at_local: Some("2025-03-02T10:00".into()),
                handlers: Default::default(),
            },
            now(),
        )
        .unwrap();
    }
    party(&mut p, "receiver", RECEIVER);
    licence(&mut p, RECEIVER, "comprehensive", "2021-01-01", valid_to, &["HW08"]);
    party(&mut p, "transporter", "顺安危货运输");
    licence(&mut p, "顺安危货运输", "transport", "2024-01-01", "2027-12-31", &[]);
    p
}

fn party(p: &mut common::Plant, kind: &str, name: &str) {
    let admin = p.admin.clone();
    receiver::add_counterparty(
        &mut p.store,
        &admin,
        NewCounterparty {
            kind: kind.parse().unwrap(),
            name: name.into(),
            uscc: Some("91350100M000100Y43".into()),
            address: "广东省".into(),
            contact: "李工".into(),
            phone: "0755-0000000".into(),
            region_code: None,
        },
        now(),
    )
    .unwrap();
}

fn licence(p: &mut common::Plant, who: &str, ty: &str, from: &str, to: &str, cats: &[&str]) {
    let admin = p.admin.clone();
    receiver::add_licence(
        &mut p.store,
        &admin,
        NewLicence {
            counterparty: who.into(),
            licence_no: format!("GD-{ty}-{to}"),
            licence_type: ty.parse().unwrap(),
            valid_from: from.into(),
            valid_to: to.into(),
            categories: cats.iter().map(|s| s.to_string()).collect(),
            codes: vec![],
            methods: vec!["D10".into()],
            annual_capacity_t: Some("5000".into()),
        },
        now(),
    )
    .unwrap();
}

fn ship_input(manifest: &str, containers: &[&str]) -> ShipInput {
    ShipInput {
        manifest_no: manifest.into(),
        receiver: RECEIVER.into(),
        transporter: Some("顺安危货运输".into()),
        own_transport: false,
        vehicle_plate: Some("粤B12345".into()),
        transfer_type: None,
        approval_no: None,
        purpose: Purpose::Disposal,
        method: "D10".into(),
        containers: containers.iter().map(|s| s.to_string()).collect(),
        weight_source: WeightSource::Measured,
        shipped_at_local: Some("2025-03-03T09:00".into()),
        override_reason: None,
        handlers: Default::default(),
    }
}

fn stock_kg(p: &common::Plant) -> Vec<(String, String)> {
    storage::balances(p.store.conn(), None).unwrap().into_iter().map(|b| (b.code, b.stock_kg)).collect()
}

#[test]
fn generation_to_confirmation_end_to_end() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let s = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1", "D2"]), now()).unwrap();
    assert_eq!(s.status, ShipmentStatus::InTransit);
    assert_eq!(s.total_kg, "820.500");
    assert_eq!(s.lines.len(), 2);
    assert_eq!(s.lines[0].batch_code, "HWWWCZ20250303001", "B.5 batch code (委外处置)");
    assert_eq!(s.lines[1].batch_code, "HWWWCZ20250303002");
    // The chain: B.5 ← B.3 ← B.2 ← B.1, per container.
    let l = &s.lines[0];
    assert!(l.out_batch.starts_with("HWCK20250303"), "{}", l.out_batch);
    assert!(l.in_batch.as_deref().unwrap().starts_with("HWRK20250302"));
    assert!(l.generation_batch.as_deref().unwrap().starts_with("HWCS20250301"));
    // Monday 2025-03-03 + 5 working days = Monday 2025-03-10.
    assert_eq!(s.confirmation_due, "2025-03-10");
    // The shipped containers left stock; D3 stays.
    assert_eq!(stock_kg(&p), vec![("900-041-49".to_string(), "80.000".to_string())]);

    // Confirmation within tolerance (2 % weighed): D1 496 kg (−0.8 %), D2 as shipped.
    let later = now() + Duration::days(2);
    let c = shipment::confirm(
        &mut p.store,
        &admin,
        ConfirmInput {
            shipment: "20254403000123".into(),
            received_on: "2025-03-04".into(),
            confirmed_on: Some("2025-03-05".into()),
            lines: vec![ReceivedLine { container_id: "D1".into(), received: "496".into() }],
            unit: MassUnit::Kg,
            as_shipped: true,
            rejected: false,
            rejected_lines: vec![],
            returned_at_local: None,
            method: Some("D10".into()),
            note: None,
        },
        later,
    )
    .unwrap();
    assert_eq!(c.status, ShipmentStatus::Confirmed);
    assert_eq!(c.received_total_g, Some(496_000 + 320_500));
    assert_eq!(c.confirmation_due, "2025-03-11", "5 working days after receipt");
    assert!(!c.overdue);
    // A second confirmation is refused.
    let again = shipment::confirm(
        &mut p.store,
        &admin,
        ConfirmInput {
            shipment: c.id.clone(),
            received_on: "2025-03-04".into(),
            confirmed_on: None,
            lines: vec![],
            unit: MassUnit::Kg,
            as_shipped: true,
            rejected: false,
            rejected_lines: vec![],
            returned_at_local: None,
            method: None,
            note: None,
        },
        later,
    );
    assert_eq!(again.unwrap_err().kind(), ErrorKind::Conflict);

    // Audit: every record of the trip is in the chain, and the chain verifies.
    let conn = p.store.conn();
    for (table, n) in [("shipment", 1), ("shipment_line", 2), ("shipment_receipt", 1), ("shipment_receipt_line", 2)] {
        let got: i64 =
            conn.query_row("SELECT count(*) FROM audit_log WHERE table_name = ?1", [table], |r| r.get(0)).unwrap();
        assert_eq!(got, n, "{table} audited");
    }
    assert!(audit::verify(conn).unwrap().first_broken.is_none());
    // The receiver's yearly total counts the shipment.
    let r = receiver::get(conn, "receiver", RECEIVER, d(2025, 3, 5)).unwrap();
    assert_eq!(r.shipped_this_year_g, 820_500);
}

#[test]
fn an_expired_licence_refuses_and_writes_nothing() {
    let mut p = setup("2025-02-28");
    let admin = p.admin.clone();
    let before = std::fs::read(p.path()).unwrap();
    let (records, audits) = p.counts();
    let err = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap_err();
    assert_eq!(err.field(), Some("receiver"));
    assert!(err.to_string().contains("expired on 2025-02-28"), "{err}");
    assert_eq!(p.counts(), (records, audits));
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "file byte-identical after the refusal");
    assert_eq!(stock_kg(&p).len(), 2, "stock untouched");
}

#[test]
fn a_code_outside_the_licence_is_refused_naming_the_code() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let err = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1", "D3"]), now()).unwrap_err();
    assert!(err.to_string().contains("does not cover 900-041-49 (HW49)"), "{err}");
    // The preview shows the same refusal without writing.
    let pv = shipment::preview(p.store.conn(), &ship_input("20254403000123", &["D1", "D3"]), now()).unwrap();
    assert_eq!(pv.problems.len(), 1);
    assert_eq!(pv.problems[0].kind, ShipProblemKind::CodeNotCovered);
    assert_eq!(pv.problems[0].party, Some(CounterpartyKind::Receiver), "the problem names whose licence it is");
    assert_eq!(pv.total_kg, "580.000");
}

#[test]
fn an_admin_override_needs_a_written_reason_and_is_audited() {
    let mut p = setup("2025-02-28");
    let officer = p.add_user("wang.li", Role::EhsOfficer);
    let admin = p.admin.clone();
    let mut i = ship_input("20254403000123", &["D1"]);
    i.override_reason = Some("短".into());
    assert_eq!(shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err().field(), Some("override_reason"));
    i.override_reason = Some("许可证已续期，新证书扫描件待录入（见合同附件 3）".into());
    let e = shipment::ship(&mut p.store, &officer, i.clone(), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden, "only an admin overrides");
    let s = shipment::ship(&mut p.store, &admin, i, now()).unwrap();
    assert!(s.override_reason.as_deref().unwrap().contains("续期"));
    let reason: String = p
        .store
        .conn()
        .query_row("SELECT reason FROM audit_log WHERE table_name = 'shipment'", [], |r| r.get(0))
        .unwrap();
    assert!(reason.starts_with("licence override:"), "{reason}");
}

#[test]
fn bad_and_reused_manifest_numbers_and_unstocked_containers_are_refused() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let e = shipment::ship(&mut p.store, &admin, ship_input("2025440300012", &["D1"]), now()).unwrap_err();
    assert_eq!(e.field(), Some("manifest_no"));
    let e = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["NOPE"]), now()).unwrap_err();
    assert_eq!(e.field(), Some("containers"));
    assert!(e.to_string().contains("not in stock"));
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    let e = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D2"]), now()).unwrap_err();
    assert!(e.to_string().contains("already used"), "{e}");
    // The same container cannot ship twice: it is no longer in stock (never negative).
    let e = shipment::ship(&mut p.store, &admin, ship_input("20254403000124", &["D1"]), now()).unwrap_err();
    assert!(e.to_string().contains("D1 is not in stock"), "{e}");
    // A 16-digit legacy number is accepted with a warning.
    let s = shipment::ship(&mut p.store, &admin, ship_input("2021220100047595", &["D2"]), now()).unwrap();
    assert!(s.manifest_warning.is_some());
}

#[test]
fn voiding_a_shipment_puts_its_containers_back_and_frees_the_number() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let s = shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    // Its take-out cannot be reversed on its own.
    let out_id: String = p
        .store
        .conn()
        .query_row("SELECT movement_id FROM shipment_line WHERE shipment_id = ?1", [&s.id], |r| r.get(0))
        .unwrap();
    let e = storage::reverse(&mut p.store, &admin, &out_id, "wrong drum", now()).unwrap_err();
    assert!(e.to_string().contains("void that record"), "{e}");
    let v = shipment::void(&mut p.store, &admin, "20254403000123", "司机未到，改日运输", now()).unwrap();
    assert_eq!(v.status, ShipmentStatus::Voided);
    assert_eq!(stock_kg(&p), vec![("900-041-49".into(), "80.000".into()), ("900-249-08".into(), "820.500".into())]);
    // The number can be used again, and the drum ships.
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    assert!(ehs_ledger::waste::storage::totals::check(p.store.conn()).unwrap().is_none(), "caches agree");
}

#[test]
fn weights_beyond_tolerance_are_a_discrepancy_that_needs_a_note() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    let mut c = ConfirmInput {
        shipment: "20254403000123".into(),
        received_on: "2025-03-03".into(),
        confirmed_on: None,
        lines: vec![ReceivedLine { container_id: "D1".into(), received: "0.45".into() }],
        unit: MassUnit::T,
        as_shipped: false,
        rejected: false,
        rejected_lines: vec![],
        returned_at_local: None,
        method: None,
        note: None,
    };
    let e = shipment::confirm(&mut p.store, &admin, c.clone(), now()).unwrap_err();
    assert_eq!(e.field(), Some("note"), "−10 % on a weighed drum needs the receiver's reason");
    c.note = Some("接收方地磅称重 450 kg，桶内含水蒸发".into());
    let s = shipment::confirm(&mut p.store, &admin, c, now()).unwrap();
    assert_eq!(s.status, ShipmentStatus::Discrepancy);
    assert_eq!(s.lines[0].within_tolerance, Some(false));
    // The tolerance is a plant setting, which the EHS officer may change and an inspector not.
    let officer = p.add_user("wang", Role::EhsOfficer);
    let inspector = p.add_user("zhao", Role::Inspector);
    let e = settings::set(&mut p.store, &inspector, "tolerance_measured_permille", "200", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    settings::set(&mut p.store, &officer, "tolerance_measured_permille", "120", now()).unwrap();
    assert_eq!(ehs_ledger::waste::settings::tolerance(p.store.conn()).unwrap().measured_permille, 120);
}

#[test]
fn pending_confirmation_alert_counts_working_days_with_the_holiday_calendar() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    // Shipped Friday 2025-03-07. Weekends only: due Friday 2025-03-14.
    let mut i = ship_input("20254403000123", &["D1"]);
    i.shipped_at_local = Some("2025-03-07T09:00".into());
    let later = now() + Duration::days(5);
    let s = shipment::ship(&mut p.store, &admin, i, later).unwrap();
    assert_eq!(s.confirmation_due, "2025-03-14");
    // A holiday on Wednesday moves it to Monday.
    settings::add_calendar_day(
        &mut p.store,
        &admin,
        settings::CalendarDayInput {
            day: "2025-03-12".into(),
            kind: settings::CalendarDayKind::Holiday,
            note: "test".into(),
        },
        later,
    )
    .unwrap();
    let conn = p.store.conn();
    assert_eq!(shipment::by_ref(conn, "20254403000123", d(2025, 3, 10)).unwrap().confirmation_due, "2025-03-17");
    assert!(shipment::pending_alerts(conn, d(2025, 3, 10)).unwrap().is_empty(), "not due yet");
    let w = shipment::pending_alerts(conn, d(2025, 3, 14)).unwrap();
    assert_eq!((w.len(), w[0].severity.as_str()), (1, "warning"), "due next working day");
    assert_eq!(w[0].due.as_deref(), Some("2025-03-17"));
    let e = shipment::pending_alerts(conn, d(2025, 3, 18)).unwrap();
    assert_eq!((e[0].severity, e[0].kind), (Severity::Critical, AlertKind::ManifestOverdue));
    assert!(shipment::by_ref(conn, "20254403000123", d(2025, 3, 18)).unwrap().overdue);
}

#[test]
fn licences_expiring_within_30_days_raise_alerts_and_renewals_clear_them() {
    let mut p = setup("2025-03-31");
    let conn = p.store.conn();
    let r = receiver::get(conn, "receiver", RECEIVER, d(2025, 3, 3)).unwrap();
    assert_eq!((r.status, r.days_left), (LicenceStatus::Expiring, Some(28)));
    let a = receiver::licence_alerts(conn, d(2025, 3, 3)).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!((a[0].subject.as_str(), a[0].severity.as_str()), (RECEIVER, "warning"));
    assert_eq!((a[0].kind, a[0].due.as_deref()), (AlertKind::LicenceExpiring, Some("2025-03-31")));
    assert_eq!(receiver::licence_alerts(conn, d(2025, 4, 1)).unwrap()[0].severity, Severity::Critical);
    assert!(receiver::licence_alerts(conn, d(2025, 2, 1)).unwrap().is_empty(), "58 days out: quiet");
    licence(&mut p, RECEIVER, "comprehensive", "2025-04-01", "2030-03-31", &["HW08"]);
    // A renewal on record that starts when the old licence ends clears the alert at once.
    assert!(receiver::licence_alerts(p.store.conn(), d(2025, 3, 3)).unwrap().is_empty());
    let r = receiver::get(p.store.conn(), "receiver", RECEIVER, d(2025, 3, 3)).unwrap();
    assert_eq!((r.status, r.current.as_ref().unwrap().valid_to.as_str()), (LicenceStatus::Valid, "2025-03-31"));
    // After the renewal starts, the new licence is in force.
    assert!(receiver::licence_alerts(p.store.conn(), d(2025, 4, 2)).unwrap().is_empty());
    let r = receiver::get(p.store.conn(), "receiver", RECEIVER, d(2025, 4, 2)).unwrap();
    assert_eq!(r.current.unwrap().valid_to, "2030-03-31");
}

#[test]
fn licence_input_is_checked_field_by_field() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let base = NewLicence {
        counterparty: RECEIVER.into(),
        licence_no: "X-1".into(),
        licence_type: LicenceType::Comprehensive,
        valid_from: "2025-01-01".into(),
        valid_to: "2029-12-31".into(),
        categories: vec!["HW08".into()],
        codes: vec![],
        methods: vec![],
        annual_capacity_t: None,
    };
    let cases: Vec<(NewLicence, &str)> = vec![
        (NewLicence { valid_to: "2024-12-31".into(), ..base.clone() }, "valid_to"),
        (NewLicence { categories: vec!["HW41".into()], ..base.clone() }, "categories"),
        (NewLicence { categories: vec![], ..base.clone() }, "categories"),
        (NewLicence { codes: vec!["900-249-41".into()], ..base.clone() }, "codes"),
        (NewLicence { annual_capacity_t: Some("-3".into()), ..base.clone() }, "annual_capacity_t"),
        (NewLicence { counterparty: "无此单位".into(), ..base.clone() }, "counterparty"),
        (
            NewLicence { licence_type: LicenceType::Collection, codes: vec!["900-249-08".into()], ..base.clone() },
            "codes",
        ),
        (NewLicence { licence_type: LicenceType::Transport, ..base.clone() }, "licence_type"),
    ];
    // An unknown licence type cannot be typed: the IPC/CLI parse refuses it, naming the field.
    assert_eq!(LicenceType::parse("licence_type", "dealer").unwrap_err().field(), Some("licence_type"));
    let (_, audits) = p.counts();
    for (input, field) in cases {
        let e = receiver::add_licence(&mut p.store, &admin, input, now()).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    assert_eq!(p.counts().1, audits, "nothing written");
    let e = receiver::add_counterparty(
        &mut p.store,
        &admin,
        NewCounterparty {
            kind: CounterpartyKind::Receiver,
            name: "坏代码单位".into(),
            uscc: Some("91350100M000100Y44".into()),
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            region_code: None,
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("uscc"));
}

/// Regression (found by the real-window E2E): a container stored "now" (with seconds) could not
/// be shipped in the same minute, because the form's minute-precision time compared as earlier.
#[test]
fn a_container_stored_this_minute_can_ship_this_minute_but_not_before() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let i = GenerationInput {
        container_id: "D9".into(),
        generated_at_local: None,
        ..input("900-249-08", "10", MassUnit::Kg)
    };
    let seconds = now() + Duration::seconds(30); // 10:00:30 plant time
    generation::record(&mut p.store, &admin, i, seconds).unwrap();
    let s = StoreInput {
        facility: "WH1".into(),
        container_id: "D9".into(),
        generation_batch: None,
        moved_at_local: None,
        handlers: Default::default(),
    };
    storage::store_container(&mut p.store, &admin, s, seconds).unwrap();
    let mut early = ship_input("20254403000125", &["D9"]);
    early.shipped_at_local = Some("2025-03-03T09:59".into());
    assert_eq!(shipment::preview(p.store.conn(), &early, seconds).unwrap_err().field(), Some("shipped_at"));
    assert_eq!(shipment::ship(&mut p.store, &admin, early, seconds).unwrap_err().field(), Some("shipped_at"));
    let mut same = ship_input("20254403000125", &["D9"]);
    same.shipped_at_local = Some("2025-03-03T10:00".into());
    let s = shipment::ship(&mut p.store, &admin, same, seconds).unwrap();
    // Regression (E2E screenshot, issue 9): the chain looked for a put-away no later than the
    // take-out to the second, so one stored at 10:00:35 and shipped at 10:00 lost its B.2 link.
    assert!(s.lines[0].in_batch.as_deref().is_some_and(|b| b.starts_with("HWRK")), "{:?}", s.lines[0]);
}

/// A week after the trips: receipts and returns in early March are in the past.
fn later() -> chrono::DateTime<chrono::Utc> {
    now() + Duration::days(7)
}

fn confirm_input(manifest: &str, received_on: &str, confirmed_on: &str) -> ConfirmInput {
    ConfirmInput {
        shipment: manifest.into(),
        received_on: received_on.into(),
        confirmed_on: Some(confirmed_on.into()),
        lines: vec![],
        unit: MassUnit::Kg,
        as_shipped: true,
        rejected: false,
        rejected_lines: vec![],
        returned_at_local: None,
        method: None,
        note: None,
    }
}

/// The mass cells of one column of a ledger table, and the text of another, per row.
fn column(t: &ehs_ledger::docs::Table, name: &str) -> Vec<String> {
    let i =
        t.columns.iter().position(|c| c.header == name).unwrap_or_else(|| panic!("{} has no column {name}", t.title));
    t.rows.iter().map(|r| r.get(i).map(|c| c.display()).unwrap_or_default()).collect()
}

fn table(p: &common::Plant, which: ehs_ledger::waste::export::LedgerTable) -> ehs_ledger::docs::Table {
    let m = ehs_ledger::waste::export::Period::month("month", "2025-03").unwrap();
    ehs_ledger::waste::export::ledger_table(p.store.conn(), &m, which, None).unwrap()
}

// Guards issue 9 item 1: a rejected line comes back into stock as a return movement naming its
// manifest, keeps its storage clock, counts nothing outsourced in B.5 / the summary / GRI 306,
// and can ship again; the whole path keeps the caches and the audit chain sound.
#[test]
fn a_partly_rejected_load_returns_the_rejected_container_and_counts_only_what_was_accepted() {
    use ehs_ledger::waste::export::LedgerTable;
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1", "D2"]), now()).unwrap();
    let mut c = confirm_input("20254403000123", "2025-03-04", "2025-03-05");
    c.rejected_lines = vec!["D2".into()];
    c.returned_at_local = Some("2025-03-05T15:00".into());
    // A partly rejected load needs the receiver's reason.
    assert_eq!(shipment::confirm(&mut p.store, &admin, c.clone(), later()).unwrap_err().field(), Some("note"));
    c.note = Some("D2 桶体破损渗漏，接收单位拒收".into());
    let s = shipment::confirm(&mut p.store, &admin, c, later()).unwrap();
    assert_eq!(s.status, ShipmentStatus::PartlyRejected);
    assert_eq!(s.accepted_total_g, 500_000, "only D1 was accepted");
    assert_eq!(s.total_g, 820_500, "the manifest still says what left");
    let d2 = s.lines.iter().find(|l| l.container_id == "D2").unwrap();
    assert!(d2.rejected);
    let back = d2.return_batch.clone().expect("a return movement was booked");
    assert!(back.starts_with("HWRK"), "{back}");
    assert!(!s.lines.iter().find(|l| l.container_id == "D1").unwrap().rejected);

    // Stock: D2 is back in WH1 with its original storage-clock start (generated 2025-03-01).
    assert_eq!(stock_kg(&p), vec![("900-041-49".into(), "80.000".into()), ("900-249-08".into(), "320.500".into())]);
    let limits = storage::plant_limits(p.store.conn()).unwrap();
    let stocked = storage::stocked_containers(p.store.conn(), d(2025, 3, 6), limits).unwrap();
    let d2s = stocked.iter().find(|c| c.container_id == "D2").expect("D2 in stock");
    assert_eq!(d2s.facility_code, "WH1");
    assert_eq!(d2s.started_on, Some(d(2025, 3, 1)), "the clock runs from generation, not from the return");

    // B.2 shows the return naming the manifest; B.3 says the take-out was rejected.
    let b2 = table(&p, LedgerTable::B2IntoStorage);
    let ret = b2
        .rows
        .iter()
        .position(|r| r[1].display() == back)
        .unwrap_or_else(|| panic!("the return is a B.2 row: {:?}", b2.rows));
    assert!(column(&b2, "备注")[ret].contains("拒收退回：联单 20254403000123"), "{:?}", column(&b2, "备注"));
    let b3 = table(&p, LedgerTable::B3OutOfStorage);
    assert!(
        column(&b3, "去向").iter().any(|d| d.contains("20254403000123（拒收，退回 HWRK")),
        "{:?}",
        column(&b3, "去向")
    );
    // B.5 counts D1 only; the D2 line says it was rejected and where it went back.
    let b5 = table(&p, LedgerTable::B5Outsourced);
    assert_eq!(column(&b5, "委外量"), vec!["500.000", "0.000"]);
    assert!(column(&b5, "备注")[1].contains(&back), "{:?}", column(&b5, "备注"));
    assert!(b5.footer.iter().any(|f| f.contains("500.000")), "{:?}", b5.footer);
    // The period summary (in tonnes) balances: generated 0.8205 t = outsourced 0.5 t + closing 0.3205 t.
    let sum = table(&p, LedgerTable::Summary);
    let row = sum.rows.iter().position(|r| r[1].display() == "900-249-08").unwrap();
    assert_eq!(column(&sum, "委外利用/处置量")[row], "0.500000");
    assert_eq!(column(&sum, "本月产生量")[row], "0.820500");
    assert_eq!(
        column(&sum, "本月末贮存量")[row],
        "0.320500",
        "{:?}",
        sum.columns.iter().map(|c| &c.header).collect::<Vec<_>>()
    );
    // GRI 306-5: only the accepted 500 kg was directed to disposal (D10 incineration).
    let gri = ehs_ledger::waste::gri::disclosure(p.store.conn(), d(2025, 3, 1), d(2025, 3, 31)).unwrap();
    assert_eq!(gri.disposal_g, 500_000);

    // The rejected drum ships again on a new manifest and is accepted.
    let mut again = ship_input("20254403000124", &["D2"]);
    again.shipped_at_local = Some("2025-03-06T09:00".into());
    let s2 = shipment::ship(&mut p.store, &admin, again, later()).unwrap();
    assert_eq!(s2.lines[0].in_batch.as_deref(), Some(back.as_str()), "the chain runs through the return");
    shipment::confirm(&mut p.store, &admin, confirm_input("20254403000124", "2025-03-07", "2025-03-07"), later())
        .unwrap();
    let sum = table(&p, LedgerTable::Summary);
    let row = sum.rows.iter().position(|r| r[1].display() == "900-249-08").unwrap();
    assert_eq!(column(&sum, "委外利用/处置量")[row], "0.820500");
    assert_eq!(column(&sum, "本月末贮存量")[row], "0.000000");
    let gri = ehs_ledger::waste::gri::disclosure(p.store.conn(), d(2025, 3, 1), d(2025, 3, 31)).unwrap();
    assert_eq!(gri.disposal_g, 820_500);
    // The caches match the movements and the chain verifies; the return cannot be reversed alone.
    assert_eq!(storage::totals::check(p.store.conn()).unwrap(), None);
    assert!(audit::verify(p.store.conn()).unwrap().first_broken.is_none());
    let ret_id: String =
        p.store.conn().query_row("SELECT id FROM waste_movement WHERE batch_code = ?1", [&back], |r| r.get(0)).unwrap();
    let e = storage::reverse(&mut p.store, &admin, &ret_id, "误操作", later()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
}

// Guards issue 9 item 1: a wholly rejected load brings every container back and counts nothing.
#[test]
fn a_wholly_rejected_load_brings_every_container_back() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1", "D2"]), now()).unwrap();
    let mut c = confirm_input("20254403000123", "2025-03-04", "2025-03-04");
    c.rejected = true;
    c.as_shipped = false;
    c.note = Some("接收单位停产检修，整车退回".into());
    let s = shipment::confirm(&mut p.store, &admin, c, later()).unwrap();
    assert_eq!(s.status, ShipmentStatus::Rejected);
    assert_eq!(s.accepted_total_g, 0);
    assert!(s.lines.iter().all(|l| l.rejected && l.return_batch.is_some()));
    assert_eq!(stock_kg(&p), vec![("900-041-49".into(), "80.000".into()), ("900-249-08".into(), "820.500".into())]);
    let gri = ehs_ledger::waste::gri::disclosure(p.store.conn(), d(2025, 3, 1), d(2025, 3, 31)).unwrap();
    assert_eq!(gri.disposal_g + gri.diverted_g, 0, "a rejected load is neither diverted nor disposed of");
    let r = receiver::list(p.store.conn(), d(2025, 3, 6)).unwrap();
    assert_eq!(r.iter().find(|c| c.name == RECEIVER).unwrap().shipped_this_year_g, 0);
    // Booking the return again is refused; a line that was accepted cannot be "returned".
    let e = shipment::record_return(&mut p.store, &admin, "20254403000123", "D1", None, later()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
}

// Guards issue 9 item 1: a rejected container named on the confirmation must be on the manifest.
#[test]
fn a_rejected_line_must_be_on_the_manifest() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    let mut c = confirm_input("20254403000123", "2025-03-04", "2025-03-04");
    c.rejected_lines = vec!["D3".into()];
    c.note = Some("拒收".into());
    let e = shipment::confirm(&mut p.store, &admin, c, later()).unwrap_err();
    assert_eq!(e.field(), Some("rejected_lines"), "{e}");
    // An accepted line cannot be booked back.
    shipment::confirm(&mut p.store, &admin, confirm_input("20254403000123", "2025-03-04", "2025-03-04"), later())
        .unwrap();
    let e = shipment::record_return(&mut p.store, &admin, "20254403000123", "D1", None, later()).unwrap_err();
    assert!(e.to_string().contains("was not rejected"), "{e}");
}

// Guards issue 9 item 1: GRI 306 routes a shipment under the method the receiver confirmed.
#[test]
fn gri_routes_use_the_method_the_receiver_confirmed() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000124", &["D2"]), now()).unwrap();
    // D1: planned D10 incineration, the receiver confirmed R9 re-refining (diverted).
    let mut c = confirm_input("20254403000123", "2025-03-04", "2025-03-04");
    c.method = Some("R9".into());
    shipment::confirm(&mut p.store, &admin, c, later()).unwrap();
    // D2: no method on the confirmation, so the planned D10 counts.
    shipment::confirm(&mut p.store, &admin, confirm_input("20254403000124", "2025-03-04", "2025-03-04"), later())
        .unwrap();
    let gri = ehs_ledger::waste::gri::disclosure(p.store.conn(), d(2025, 3, 1), d(2025, 3, 31)).unwrap();
    assert_eq!(gri.diverted_g, 500_000);
    assert_eq!(gri.disposal_g, 320_500);
}

// Guards issue 9 item 1: a confirmation recorded after its 5-working-day deadline is flagged late.
#[test]
fn a_confirmation_after_its_deadline_is_flagged_late() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    shipment::ship(&mut p.store, &admin, ship_input("20254403000124", &["D2"]), now()).unwrap();
    // Received Tue 2025-03-04: due Tue 2025-03-11.
    let on_time = shipment::confirm(
        &mut p.store,
        &admin,
        confirm_input("20254403000123", "2025-03-04", "2025-03-11"),
        now() + Duration::days(30),
    )
    .unwrap();
    assert_eq!(on_time.confirmation_due, "2025-03-11");
    assert!(!on_time.confirmed_late);
    let late = shipment::confirm(
        &mut p.store,
        &admin,
        confirm_input("20254403000124", "2025-03-04", "2025-03-12"),
        now() + Duration::days(30),
    )
    .unwrap();
    assert!(late.confirmed_late, "confirmed 2025-03-12, due 2025-03-11");
}

/// Guards issue 9 item 10 (control characters refused in identifiers from every path): a
/// container id of a shipment holding an escape or a bidirectional override is refused by name.
#[test]
fn control_characters_in_shipped_container_ids_are_refused() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    for c in ["C-1\u{1b}[0m", "\u{202e}1-C"] {
        let e = shipment::ship(&mut p.store, &admin, ship_input("20250000000001", &[c]), now()).unwrap_err();
        assert_eq!(e.field(), Some("containers"), "{e}");
        assert!(e.to_string().contains("U+"), "{e}");
    }
}

// --- issue 9 item 5: the transfer rules of 《危险废物转移管理办法》 (domain.md §3)

fn audit_reason(p: &common::Plant, table: &str) -> String {
    p.store
        .conn()
        .query_row("SELECT reason FROM audit_log WHERE table_name = ?1 ORDER BY seq DESC LIMIT 1", [table], |r| {
            r.get::<_, Option<String>>(0)
        })
        .unwrap()
        .unwrap_or_default()
}

#[test]
fn transfer_rule_transporter_and_vehicle_are_required_unless_own_transport_is_declared() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let before = std::fs::read(p.path()).unwrap();
    let mut i = ship_input("20254403000123", &["D1"]);
    i.transporter = None;
    let e = shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err();
    assert_eq!(e.field(), Some("transporter"), "{e}");
    // An override cannot ship past it: it is not a licence matter.
    i.override_reason = Some("司机为本厂员工，车辆自有".into());
    assert_eq!(shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err().field(), Some("transporter"));
    let mut no_vehicle = ship_input("20254403000123", &["D1"]);
    no_vehicle.vehicle_plate = Some("  ".into());
    let pv = shipment::preview(p.store.conn(), &no_vehicle, now()).unwrap();
    assert_eq!(pv.problems.len(), 1);
    assert_eq!((pv.problems[0].kind, pv.problems[0].overridable), (ShipProblemKind::NoVehicle, false));
    let e = shipment::ship(&mut p.store, &admin, no_vehicle, now()).unwrap_err();
    assert_eq!(e.field(), Some("vehicle_plate"), "{e}");
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "nothing written by the refusals");
    // Own transport and a transporter contradict each other.
    let mut both = ship_input("20254403000123", &["D1"]);
    both.own_transport = true;
    assert_eq!(shipment::ship(&mut p.store, &admin, both, now()).unwrap_err().field(), Some("transporter"));
    // Declared own transport with a vehicle ships, and says so.
    let mut own = ship_input("20254403000123", &["D1"]);
    own.transporter = None;
    own.own_transport = true;
    let s = shipment::ship(&mut p.store, &admin, own, now()).unwrap();
    assert_eq!(
        (s.own_transport, s.transporter_name.as_deref(), s.vehicle_plate.as_str()),
        (Some(true), None, "粤B12345")
    );
    let s = shipment::ship(&mut p.store, &admin, ship_input("20254403000124", &["D2"]), now()).unwrap();
    assert_eq!(s.own_transport, Some(false));
}

#[test]
fn transfer_rule_a_key_plant_weighs_every_transfer_estimates_need_an_admin_override() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let officer = p.add_user("wang.li", Role::EhsOfficer);
    let mut i = ship_input("20254403000123", &["D1"]);
    i.weight_source = WeightSource::Estimated;
    // Not 重点 (a few hundred kg a year): an estimate is accepted.
    assert!(shipment::preview(p.store.conn(), &i, now()).unwrap().problems.is_empty());
    // Its own disposal facility makes the plant 重点 (HJ 1259 §4.2).
    settings::set(&mut p.store, &admin, "own_hw_facility", "yes", now()).unwrap();
    let pv = shipment::preview(p.store.conn(), &i, now()).unwrap();
    assert_eq!(pv.problems.len(), 1);
    assert_eq!((pv.problems[0].kind, pv.problems[0].overridable), (ShipProblemKind::EstimatedWeight, true));
    assert_eq!(shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err().field(), Some("weight_source"));
    i.override_reason = Some("地磅检修，按桶标称容量估算，次日复核".into());
    assert_eq!(shipment::ship(&mut p.store, &officer, i.clone(), now()).unwrap_err().kind(), ErrorKind::Forbidden);
    let s = shipment::ship(&mut p.store, &admin, i, now()).unwrap();
    assert!(s.override_reason.is_some());
    assert_eq!(audit_reason(&p, "shipment"), "override (estimated_weight): 地磅检修，按桶标称容量估算，次日复核");
    // Weighed, the 重点 plant ships without an override.
    assert!(shipment::preview(p.store.conn(), &ship_input("20254403000124", &["D2"]), now())
        .unwrap()
        .problems
        .is_empty());
}

#[test]
fn transfer_rule_the_receiver_licence_operating_mode_must_cover_the_method() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let mut i = ship_input("20254403000123", &["D1"]);
    i.method = "R9".into(); // the licence's 经营方式 is D10 only
    let pv = shipment::preview(p.store.conn(), &i, now()).unwrap();
    assert_eq!(pv.problems.len(), 1);
    assert_eq!((pv.problems[0].kind, pv.problems[0].field), (ShipProblemKind::MethodNotCovered, "method"));
    assert!(pv.problems[0].message.contains("covers methods D10, not R9"), "{}", pv.problems[0].message);
    let (_, audits) = p.counts();
    let e = shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err();
    assert_eq!(e.field(), Some("method"), "{e}");
    assert_eq!(p.counts().1, audits, "nothing written");
    i.override_reason = Some("许可证副本已增加 R9，新证待录入".into());
    shipment::ship(&mut p.store, &admin, i, now()).unwrap();
    assert_eq!(audit_reason(&p, "shipment"), "licence override: 许可证副本已增加 R9，新证待录入");
    // A licence that records no 经营方式 cannot be shown to cover a method.
    let l = receiver::check_method(
        CounterpartyKind::Receiver,
        "R",
        receiver::get(p.store.conn(), "receiver", RECEIVER, d(2025, 3, 3))
            .unwrap()
            .current
            .as_ref()
            .map(|l| {
                let mut l = l.clone();
                l.methods.clear();
                l
            })
            .as_ref(),
        "D10",
    );
    assert_eq!(l.unwrap().kind, LicenceProblemKind::MethodNotCovered);
}

/// A receiver in 湖南 licensed for HW08 (D10), for the cross-province rules.
fn hunan_receiver(p: &mut common::Plant) {
    let admin = p.admin.clone();
    receiver::add_counterparty(
        &mut p.store,
        &admin,
        NewCounterparty {
            kind: CounterpartyKind::Receiver,
            name: "湖南瀚洋环保".into(),
            uscc: None,
            address: "湖南省长沙市".into(),
            contact: String::new(),
            phone: String::new(),
            region_code: Some("430100".into()),
        },
        now(),
    )
    .unwrap();
    licence(p, "湖南瀚洋环保", "comprehensive", "2024-01-01", "2028-12-31", &["HW08"]);
}

fn approval(
    p: &mut common::Plant,
    no: &str,
    from: &str,
    to: &str,
    qty_t: Option<&str>,
) -> ehs_ledger::Result<Approval> {
    let admin = p.admin.clone();
    transfer::add_approval(
        &mut p.store,
        &admin,
        NewApproval {
            approval_no: no.into(),
            receiver: "湖南瀚洋环保".into(),
            codes: vec!["900-249-08".into()],
            quantity_t: qty_t.map(str::to_string),
            valid_from: from.into(),
            valid_to: to.into(),
        },
        now(),
    )
}

#[test]
fn transfer_rule_cross_province_needs_an_approval_in_force_and_refuses_outside_it() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, "region_code", "440300", now()).unwrap();
    hunan_receiver(&mut p);
    let mut i = ship_input("20254403000123", &["D1"]);
    i.receiver = "湖南瀚洋环保".into();
    // The provinces differ (44 vs 43): cross-province, and without an approval it is refused.
    let pv = shipment::preview(p.store.conn(), &i, now()).unwrap();
    assert_eq!(pv.transfer_type, TransferType::CrossProvince);
    assert_eq!(
        pv.problems.iter().map(|x| (x.kind, x.overridable)).collect::<Vec<_>>(),
        vec![(ShipProblemKind::NoApproval, false)]
    );
    let before = std::fs::read(p.path()).unwrap();
    i.override_reason = Some("省厅口头同意，批复文件在途".into());
    assert_eq!(shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err().field(), Some("approval_no"));
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "no override past a missing approval; nothing written");
    i.override_reason = None;
    // Saying "in province" does not make it so.
    let mut wrong = i.clone();
    wrong.transfer_type = Some(TransferType::InProvince);
    let e = shipment::preview(p.store.conn(), &wrong, now()).unwrap_err();
    assert_eq!(e.field(), Some("transfer_type"));
    assert!(e.to_string().contains("广东") && e.to_string().contains("湖南"), "{e}");
    // An approval that ended before the shipping day refuses it.
    approval(&mut p, "粤环审〔2024〕88号", "2024-03-01", "2025-02-28", None).unwrap();
    let e = shipment::ship(&mut p.store, &admin, i.clone(), now()).unwrap_err();
    assert_eq!(e.field(), Some("approval_no"));
    assert!(e.to_string().contains("valid 2024-03-01 … 2025-02-28; shipping day 2025-03-03"), "{e}");
    // One in force (0.6 t) is picked by itself, stored with the shipment and counted.
    approval(&mut p, "粤环审〔2025〕12号", "2025-03-01", "2026-02-28", Some("0.6")).unwrap();
    let s = shipment::ship(&mut p.store, &admin, i, now()).unwrap();
    assert_eq!((s.transfer_type, s.approval_no.as_deref()), (TransferType::CrossProvince, Some("粤环审〔2025〕12号")));
    let list = transfer::approvals(p.store.conn(), None).unwrap();
    assert_eq!(list.iter().find(|a| a.approval_no == "粤环审〔2025〕12号").unwrap().shipped_g, 500_000);
    // Beyond the approved quantity: refused (re-apply).
    let mut more = ship_input("20254403000124", &["D2"]);
    more.receiver = "湖南瀚洋环保".into();
    more.approval_no = Some("粤环审〔2025〕12号".into());
    let pv = shipment::preview(p.store.conn(), &more, now()).unwrap();
    assert_eq!(pv.problems[0].kind, ShipProblemKind::ApprovalQuantityExceeded);
    assert_eq!(shipment::ship(&mut p.store, &admin, more, now()).unwrap_err().field(), Some("approval_no"));
    // In province (same receiver as before, 广东): no approval asked for, none accepted.
    let mut local = ship_input("20254403000125", &["D2"]);
    assert_eq!(shipment::preview(p.store.conn(), &local, now()).unwrap().transfer_type, TransferType::InProvince);
    local.approval_no = Some("粤环审〔2025〕12号".into());
    assert_eq!(shipment::preview(p.store.conn(), &local, now()).unwrap_err().field(), Some("approval_no"));
}

#[test]
fn transfer_rule_approval_register_is_checked_insert_only_and_audited() {
    let mut p = setup("2027-12-31");
    hunan_receiver(&mut p);
    let (_, audits) = p.counts();
    let e = approval(&mut p, "X-1", "2025-01-01", "2026-01-01", None).unwrap_err();
    assert_eq!(e.field(), Some("valid_to"), "longer than 12 months: {e}");
    assert_eq!(approval(&mut p, "X-1", "2025-01-01", "2024-12-31", None).unwrap_err().field(), Some("valid_to"));
    assert_eq!(approval(&mut p, "X-1", "2025-01-01", "2025-12-31", Some("0")).unwrap_err().field(), Some("quantity_t"));
    assert_eq!(p.counts().1, audits, "nothing written");
    let a = approval(&mut p, "X-1", "2025-01-01", "2025-12-31", Some("12.5")).unwrap();
    assert_eq!((a.quantity_g, a.codes.clone()), (Some(12_500_000), vec!["900-249-08".to_string()]));
    assert_eq!(p.counts().1, audits + 1, "audited");
    assert_eq!(approval(&mut p, "X-1", "2025-01-01", "2025-12-31", None).unwrap_err().field(), Some("approval_no"));
    let e = p.store.conn().execute("UPDATE transfer_approval SET valid_to = '2026-12-31'", []).unwrap_err();
    assert!(e.to_string().contains("never edited"), "{e}");
}

#[test]
fn transfer_rule_a_shipment_above_the_annual_plan_for_its_code_warns() {
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let plan = |p: &mut common::Plant, t: &str| {
        let a = p.admin.clone();
        transfer::set_plan(
            &mut p.store,
            &a,
            NewPlan { year: 2025, code: "900-249-08".into(), quantity_t: t.into(), note: None },
            now(),
        )
        .unwrap()
    };
    plan(&mut p, "0.5");
    plan(&mut p, "0.8"); // the amended plan is the one in force
    let first = shipment::preview(p.store.conn(), &ship_input("20254403000123", &["D1"]), now()).unwrap();
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    shipment::ship(&mut p.store, &admin, ship_input("20254403000123", &["D1"]), now()).unwrap();
    // 0.5 t shipped + 0.3205 t is above 0.8 t: a warning, not a refusal.
    let pv = shipment::preview(p.store.conn(), &ship_input("20254403000124", &["D2"]), now()).unwrap();
    assert_eq!(
        pv.warnings,
        vec!["900-249-08: 0.500000 t shipped in 2025 plus 0.320500 t now is above the annual plan of 0.800000 t"]
    );
    assert!(pv.problems.is_empty());
    shipment::ship(&mut p.store, &admin, ship_input("20254403000124", &["D2"]), now()).unwrap();
    let plans = transfer::plans(p.store.conn(), 2025).unwrap();
    assert_eq!((plans.len(), plans[0].quantity_g, plans[0].shipped_g), (1, 800_000, 820_500));
}

// Guards issue 9 item 4: a shipment's B.3 take-outs carry the handlers given with it
// (出库部门经办人, 运送部门经办人), apart from who typed the shipment.
#[test]
fn a_shipments_take_outs_carry_their_handlers_into_b3() {
    use ehs_ledger::waste::appendix::Handlers;
    use ehs_ledger::waste::export::LedgerTable;
    let mut p = setup("2027-12-31");
    let admin = p.admin.clone();
    let mut i = ship_input("20254403000123", &["D1"]);
    i.handlers = Handlers {
        handler: Some("王立".into()),
        handler_dept: Some("EHS部".into()),
        transport_handler: Some("张师傅".into()),
        transport_dept: None,
    };
    shipment::ship(&mut p.store, &admin, i, now()).unwrap();
    let b3 = table(&p, LedgerTable::B3OutOfStorage);
    assert_eq!(column(&b3, "出库部门经办人"), vec!["王立（EHS部）"]);
    assert_eq!(column(&b3, "运送部门经办人"), vec!["张师傅"]);
    assert_eq!(column(&b3, "录入人"), vec!["Admin"]);
}
