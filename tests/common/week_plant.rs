//! A plant with a ledger across weeks, for the weekly-summary and packet tests (core and CLI):
//! a later `now`, a plant in any zone with storage facility WH1, generation, a licensed receiver
//! and shipments, and a typical plant-week's packet content.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ehs_ledger::plant::{self, Jurisdiction, SetupInput};
use ehs_ledger::sync::packet::Content;
use ehs_ledger::sync::IsoWeek;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::waste::manifest::WeightSource;
use ehs_ledger::waste::receiver::{self, NewCounterparty, NewLicence};
use ehs_ledger::waste::shipment::{self, ShipInput};
use ehs_ledger::waste::solid::{self, NewSwStream, SwRecordInput};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use ehs_ledger::waste::stream::PhysicalForm;
use ehs_ledger::waste::Purpose;
use ehs_ledger::Store;
use serde_json::{json, Value};

/// Long after every record below: entries may lie in the past, never > 24 h ahead.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn week(s: &str) -> IsoWeek {
    IsoWeek::parse("week", s).unwrap()
}

/// A set-up plant in `tz` with storage facility WH1.
pub fn plant_in(tz: &str, j: Jurisdiction) -> super::Plant {
    plant_coded("SZ01", tz, j)
}

/// As [`plant_in`] with another plant code.
pub fn plant_coded(code: &str, tz: &str, j: Jurisdiction) -> super::Plant {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plant.sqlite3")).unwrap();
    let admin = plant::setup(
        &mut store,
        SetupInput {
            plant_code: code.into(),
            plant_name: "深圳工厂".into(),
            segment: "Smartphones".into(),
            jurisdiction: j,
            timezone: tz.into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: super::ADMIN_PASSWORD.into(),
        },
        now(),
    )
    .unwrap();
    let mut p = super::Plant { dir, store, admin };
    let a = p.admin.clone();
    let fac = NewFacility {
        code: "WH1".into(),
        name: "危废库".into(),
        kind: FacilityKind::Store,
        capacity_t: None,
        max_storage_days: None,
    };
    storage::add_facility(&mut p.store, &a, fac, now()).unwrap();
    p
}

/// B.1 generation of `kg` of `code` in `container` at plant-local `at`; stored in WH1 at once
/// when `store` (B.2).
pub fn gen(p: &mut super::Plant, container: &str, code: &str, kg: &str, at: &str, store: bool) {
    let a = p.admin.clone();
    let i = GenerationInput {
        container_id: container.into(),
        generated_at_local: Some(at.into()),
        ..super::input(code, kg, MassUnit::Kg)
    };
    generation::record(&mut p.store, &a, i, now()).unwrap();
    if store {
        let s = StoreInput {
            facility: "WH1".into(),
            container_id: container.into(),
            generation_batch: None,
            moved_at_local: Some(at.into()),
            handlers: Default::default(),
        };
        storage::store_container(&mut p.store, &a, s, now()).unwrap();
    }
}

pub const RECEIVER: &str = "东江环保处置中心";

pub fn receiver(p: &mut super::Plant) {
    let a = p.admin.clone();
    for (kind, name, ty, cats) in [
        ("receiver", RECEIVER, "comprehensive", vec!["HW08".to_string()]),
        ("transporter", "顺安危货运输", "transport", vec![]),
    ] {
        let party = NewCounterparty {
            kind: kind.parse().unwrap(),
            name: name.into(),
            uscc: Some("91350100M000100Y43".into()),
            address: "广东省".into(),
            contact: "李工".into(),
            phone: "0755-0000000".into(),
            region_code: None,
        };
        receiver::add_counterparty(&mut p.store, &a, party, now()).unwrap();
        let licence = NewLicence {
            counterparty: name.into(),
            licence_no: format!("GD-{ty}"),
            licence_type: ty.parse().unwrap(),
            valid_from: "2021-01-01".into(),
            valid_to: "2030-12-31".into(),
            categories: cats,
            codes: vec![],
            methods: vec!["D10".into()],
            annual_capacity_t: Some("5000".into()),
        };
        receiver::add_licence(&mut p.store, &a, licence, now()).unwrap();
    }
}

pub fn ship(p: &mut super::Plant, manifest: &str, containers: &[&str], at: &str) {
    let a = p.admin.clone();
    let i = ShipInput {
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
        shipped_at_local: Some(at.into()),
        override_reason: None,
        handlers: Default::default(),
    };
    shipment::ship(&mut p.store, &a, i, now()).unwrap();
}

/// A typical plant-week across a month end (two parts per figure): 16 indicators, 10 HW codes
/// with their manifests, 6 solid-waste codes by route, methods — what the summary will carry.
/// The general solid-waste stream 398-001-S17 废纸箱 (包装).
pub fn sw_stream(p: &mut super::Plant) {
    let a = p.admin.clone();
    let st = NewSwStream {
        code: "398-001-S17".into(),
        name: "废纸箱".into(),
        physical_form: PhysicalForm::Solid,
        process: "包装".into(),
    };
    solid::add_stream(&mut p.store, &a, st, now()).unwrap();
}

/// A 398-001-S17 record of `kg` at plant-local `at`: generated (`out` None) or sent out by
/// `(route, receiver)`.
pub fn sw(p: &mut super::Plant, kg: &str, at: &str, out: Option<(&str, &str)>) {
    let a = p.admin.clone();
    let rec = SwRecordInput {
        stream: "398-001-S17".into(),
        quantity: kg.into(),
        unit: MassUnit::Kg,
        at_local: Some(at.into()),
        route: out.map(|(r, _)| r.parse().unwrap()),
        onsite: false,
        receiver: out.map(|(_, to)| to.to_string()),
        receiver_uscc: None,
        transporter: None,
        document_no: None,
        storage_place: None,
    };
    match out {
        None => solid::record_generation(&mut p.store, &a, rec, now()).unwrap(),
        Some(_) => solid::record_outbound(&mut p.store, &a, rec, now()).unwrap(),
    };
}

pub fn typical_week() -> Content {
    let keys = [
        "hw_generated_measured_kg",
        "hw_shipped_utilisation_measured_kg",
        "hw_shipped_disposal_measured_kg",
        "hw_own_use_measured_kg",
        "hw_own_disposal_measured_kg",
        "hw_closing_stock_calculated_kg",
        "hw_oldest_stock_age_calculated_days",
        "hw_manifests_pending_count",
        "sw_generated_measured_kg",
        "sw_diverted_gri306_4_measured_kg",
        "sw_directed_to_disposal_gri306_5_measured_kg",
        "sw_landfill_measured_kg",
        "headcount_full_time_count",
        "headcount_total_count",
        "hw_shipped_total_measured_kg",
        "sw_stock_calculated_kg",
    ];
    let indicators: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            json!({"key": k, "method": "measured", "parts": [
                {"month": "2026-11", "value": format!("{}.{:03}", 1200 + i * 37, i * 7)},
                {"month": "2026-12", "value": format!("{}.{:03}", 800 + i * 13, i * 11)}]})
        })
        .collect();
    let hw: Vec<Value> = (0..10)
        .map(|i| {
            json!({"code": format!("900-0{:02}-49", 40 + i), "month": if i % 2 == 0 {"2026-11"} else {"2026-12"},
                "generated_g": 123_456 + i * 1_000, "shipped_g": 98_765 + i, "closing_stock_g": 54_321 * (i + 1),
                "oldest_stock_days": 30 + i, "manifests": [format!("3201{:010}", 2026110000u64 + i as u64),
                format!("3201{:010}", 2026120000u64 + i as u64)], "receiver": "东江环保股份有限公司"})
        })
        .collect();
    let sw: Vec<Value> = (0..6)
        .map(|i| {
            let route = ["recycled", "incinerated", "landfill"][i % 3];
            json!({"code": format!("SW{:02}", 10 + i), "route": route,
                "month": "2026-12", "quantity_g": 1_500_000 + i * 250_000})
        })
        .collect();
    Content {
        indicators: Value::Array(indicators),
        details: json!({"hw_codes": hw, "solid_waste": sw, "flags": [
            {"kind": "open_alert", "note": "贮存超期提醒已处理,等待转移"}]}),
        methods: Some(
            json!({"measured": "weighed on the plant scale (地磅)", "calculated": "derived from the ledgers"}),
        ),
    }
}
