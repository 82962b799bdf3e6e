//! Shared helpers for the integration tests: temp databases built by the real migrations.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use ehs_ledger::plant::{self, users, Jurisdiction, Role, Session, SetupInput};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::GenerationInput;
use ehs_ledger::Store;
use tempfile::TempDir;

pub const ADMIN_PASSWORD: &str = "correct horse battery";

/// 2025-03-03 10:00 Asia/Shanghai, a Monday.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap()
}

pub struct Plant {
    pub dir: TempDir,
    pub store: Store,
    pub admin: Session,
}

impl Plant {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("plant.sqlite3")
    }

    pub fn counts(&self) -> (i64, i64) {
        let c = self.store.conn();
        let records: i64 = c.query_row("SELECT count(*) FROM waste_generation", [], |r| r.get(0)).unwrap();
        let audits: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
        (records, audits)
    }

    pub fn add_user(&mut self, name: &str, role: Role) -> Session {
        users::create(
            &mut self.store,
            &self.admin.clone(),
            users::NewUser { username: name.into(), display_name: name.into(), role, secret: "password-123".into() },
            now(),
        )
        .unwrap()
    }
}

/// A set-up plant (Asia/Shanghai) in a fresh temp file.
pub fn plant() -> Plant {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plant.sqlite3")).unwrap();
    let admin = plant::setup(
        &mut store,
        SetupInput {
            plant_code: "SZ01".into(),
            plant_name: "深圳工厂".into(),
            segment: "Smartphones".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: ADMIN_PASSWORD.into(),
        },
        now(),
    )
    .unwrap();
    Plant { dir, store, admin }
}

/// A valid generation input by code.
pub fn input(code: &str, qty: &str, unit: MassUnit) -> GenerationInput {
    GenerationInput {
        stream_id: None,
        code: Some(code.into()),
        quantity: qty.into(),
        unit,
        container_id: "C-001".into(),
        storage_area: "A1".into(),
        generated_at_local: Some("2025-03-01T09:00".into()),
        details: Default::default(),
    }
}
pub mod hazard_plant;
pub mod hq;
pub mod water_fixture;
pub mod week_plant;

/// Every file below `dir` (recursively), sorted; none when it does not exist.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else { return out };
    for e in rd {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
