//! An HQ database for the HQ tests: set up, two segments, plants registered with the keys of
//! real plant databases, and packets signed by those keys (built through the plant's core, or
//! signed directly with chosen figures where a test needs exact values).

use chrono::{DateTime, TimeZone, Utc};
use ehs_ledger::hq::{self, registry};
use ehs_ledger::plant::Session;
use ehs_ledger::sync::key;
use ehs_ledger::sync::packet::{self, Body, ChainPoint, Provenance};
use ehs_ledger::Store;
use serde_json::{json, Value};
use tempfile::TempDir;

pub struct Hq {
    pub dir: TempDir,
    pub store: Store,
    pub admin: Session,
}

impl Hq {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("hq.sqlite3")
    }

    /// Registers `plant` (a plant database) in `segment`, inside the boundary from `from`.
    pub fn register(&mut self, plant: &super::Plant, segment: &str, from: &str) {
        let p = ehs_ledger::plant::require(plant.store.conn()).unwrap();
        let k = key::active(plant.store.conn()).unwrap().unwrap();
        let pem = key::export_pem(&p.code, &k.info, &k.verifying_key());
        let a = self.admin.clone();
        registry::add_plant(
            &mut self.store,
            &a,
            registry::PlantInput {
                code: p.code,
                name: p.name,
                segment_code: segment.into(),
                legal_entity: "某某科技有限公司".into(),
                timezone: p.timezone,
                email: "ehs@plant.example".into(),
                in_boundary_from: from.into(),
                public_key_pem: pem,
                key_valid_from: Some("2020-01-01".into()),
            },
            hq_now(),
        )
        .unwrap();
    }

    pub fn import(&mut self, items: Vec<hq::import::Incoming>) -> hq::import::ImportReport {
        let a = self.admin.clone();
        hq::import::import(
            &mut self.store,
            &a,
            hq::import::ImportSource::File,
            "test",
            items,
            hq::import::Verify::all_cores(),
            hq_now(),
            &mut |_, _| true,
        )
        .unwrap()
    }
}

/// HQ's clock in these tests: well after every week used.
pub fn hq_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap()
}

/// A set-up HQ database with segments PHONE (手机×AIoT) and EV (智能电动汽车).
pub fn hq() -> Hq {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_hq(&dir.path().join("hq.sqlite3")).unwrap();
    let admin = hq::setup(
        &mut store,
        hq::HqSetupInput {
            group_name: "示例集团".into(),
            timezone: "Asia/Shanghai".into(),
            admin_username: "hqadmin".into(),
            admin_display_name: "HQ Admin".into(),
            admin_password: super::ADMIN_PASSWORD.into(),
        },
        hq_now(),
    )
    .unwrap();
    registry::add_segment(&mut store, &admin, "PHONE", "手机×AIoT", "Smartphone × AIoT", hq_now()).unwrap();
    registry::add_segment(
        &mut store,
        &admin,
        "EV",
        "智能电动汽车等创新业务",
        "Smart EV and other new initiatives",
        hq_now(),
    )
    .unwrap();
    Hq { dir, store, admin }
}

/// An incoming packet file.
pub fn file(name: &str, bytes: Vec<u8>) -> hq::import::Incoming {
    hq::import::Incoming { name: name.into(), bytes, received_at: None, mail_ref: None }
}

/// One figure of a synthetic packet: `(key, unit, [(month, value)])`.
pub type SynthFigure<'a> = (&'a str, &'a str, Vec<(&'a str, i64)>);

/// A packet signed by `plant`'s key with exactly these figures: `(key, unit, [(month, value)])`;
/// the week's value is the sum of its parts (for `last` figures: the last part).
pub struct Synth<'a> {
    pub week: &'a str,
    pub revision: i64,
    pub reason: Option<&'a str>,
    pub generated_at: &'a str,
    pub figures: Vec<SynthFigure<'a>>,
    pub head: Option<(i64, &'a str)>,
    pub prev: Option<(i64, &'a str)>,
}

pub fn synth(plant: &super::Plant, s: Synth<'_>) -> Vec<u8> {
    let p = ehs_ledger::plant::require(plant.store.conn()).unwrap();
    let k = key::active(plant.store.conn()).unwrap().unwrap();
    let indicators: Vec<Value> = s
        .figures
        .iter()
        .map(|(key, unit, parts)| {
            let agg = ehs_ledger::indicators::get(key).map(|i| i.aggregation);
            let value: i64 = match agg {
                Some(ehs_ledger::indicators::Aggregation::Last) => parts.last().map(|p| p.1).unwrap_or(0),
                Some(ehs_ledger::indicators::Aggregation::Max) => parts.iter().map(|p| p.1).max().unwrap_or(0),
                _ => parts.iter().map(|p| p.1).sum(),
            };
            let ps: Vec<Value> = parts.iter().map(|(m, v)| json!({"month": m, "value": v})).collect();
            json!({"key": key, "unit": unit, "method": "measured", "value": value, "parts": ps})
        })
        .collect();
    let body = Body {
        schema_version: packet::SCHEMA_VERSION,
        plant_code: p.code,
        week: s.week.into(),
        revision: s.revision,
        reason: s.reason.map(str::to_string),
        generated_at: s.generated_at.into(),
        indicators: Value::Array(indicators),
        details: json!({}),
        provenance: Provenance {
            app_version: "test".into(),
            db_schema_version: 15,
            catalogue_editions: vec!["2025".into()],
            methods: json!({}),
            audit_head: s.head.map(|(seq, h)| ChainPoint { seq, hash: h.into() }),
            prev_anchor: s.prev.map(|(seq, h)| ChainPoint { seq, hash: h.into() }),
        },
    };
    packet::sign(&k, body).unwrap().bytes
}

/// 64 hex digits made from a short tag (a stand-in chain hash).
pub fn h(tag: &str) -> String {
    format!("{:0>64}", hex_of(tag))
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}
