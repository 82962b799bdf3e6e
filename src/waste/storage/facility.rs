//! Storage facilities (贮存设施): kinds, registration and look-up, and the storage-time limits
//! of the plant's jurisdiction. Facilities are voided, never deleted.

use super::rules::StorageLimits;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// The kind of a storage facility (HJ 1259-2022 / GB 18597-2023); the Chinese names are
    /// accepted on input.
    pub enum FacilityKind {
        /// 贮存库
        Store = "store" | "贮存库",
        /// 贮存场
        Yard = "yard" | "贮存场",
        /// 贮存池
        Pool = "pool" | "贮存池",
        /// 贮存罐区
        TankFarm = "tank_farm" | "贮存罐区",
        /// 贮存点 (real-time stock ≤ 3 t)
        Point = "point" | "贮存点",
    }
}

impl FacilityKind {
    /// The name HJ 1259-2022 / HJ 1276-2022 use, as the official tables print it.
    pub fn name_zh(self) -> &'static str {
        match self {
            FacilityKind::Store => "贮存库",
            FacilityKind::Yard => "贮存场",
            FacilityKind::Pool => "贮存池",
            FacilityKind::TankFarm => "贮存罐区",
            FacilityKind::Point => "贮存点",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewFacility {
    pub code: String,
    pub name: String,
    pub kind: FacilityKind,
    /// Permitted / EIA capacity in tonnes (decimal text), if known.
    pub capacity_t: Option<String>,
    /// A stricter storage-time limit than the jurisdiction's (e.g. from the EIA).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub max_storage_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Facility {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: FacilityKind,
    pub capacity_kg: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub max_storage_days: Option<i64>,
}

/// The storage-time limits of a plant's jurisdiction profile. US plants default to the large
/// quantity generator's 90 days (the stricter RCRA status) until they choose theirs (see
/// [`plant_limits`]); EU to one year before disposal.
pub fn limits_for(j: crate::plant::Jurisdiction) -> StorageLimits {
    match j {
        crate::plant::Jurisdiction::CN | crate::plant::Jurisdiction::EU => StorageLimits::CN,
        crate::plant::Jurisdiction::US => StorageLimits::US_LQG,
    }
}

/// The storage-time limits in force at the plant: its jurisdiction's — for a US plant, those of
/// its RCRA generator status (`us_generator_status`: LQG 90 days, assumed until chosen; SQG 180;
/// SQG 270 with the TSDF over 200 miles away; VSQG no clock) —, tightened by the plant-wide
/// limit in Settings (`storage_limit_days`, e.g. an EIA-approved 180 days). The setting can only
/// shorten the legal limit; a facility's own limit shortens it further for its containers.
/// Every clock, alert and the must-ship-by planner reads this.
pub fn plant_limits(conn: &Connection) -> Result<StorageLimits> {
    use crate::waste::settings;
    let j = crate::plant::require(conn)?.jurisdiction;
    let base = match j {
        crate::plant::Jurisdiction::US => {
            settings::us_generator_status(conn)?.unwrap_or(super::rules::GeneratorStatus::Lqg).limits()
        }
        _ => limits_for(j),
    };
    Ok(base.tightened(settings::storage_limit_days(conn)?))
}

pub(super) fn plant_tz(conn: &Connection) -> Result<Tz> {
    crate::plant::require(conn)?.tz()
}

/// Adds a storage facility. Admins and EHS officers.
pub fn add_facility(store: &mut Store, actor: &Session, input: NewFacility, now: DateTime<Utc>) -> Result<Facility> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let code = input.code.trim();
    if code.is_empty() || code.len() > 32 {
        return Err(Error::invalid("code", crate::msg::waste::facility_code_1_32()));
    }
    crate::text::no_hidden_chars("code", "the facility code", code)?;
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", crate::msg::waste::facility_name_required()));
    }
    crate::text::no_hidden_chars("name", "the facility name", name)?;
    let capacity = match input.capacity_t.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => {
            let g = Grams::parse(t, MassUnit::T).map_err(|e| Error::invalid("capacity_t", e.0))?;
            if g.0 <= 0 {
                return Err(Error::invalid("capacity_t", crate::msg::common::must_be_positive()));
            }
            Some(g)
        }
    };
    if let Some(d) = input.max_storage_days {
        if !(1..=3650).contains(&d) {
            return Err(Error::invalid("max_storage_days", crate::msg::waste::storage_limit_1_3650()));
        }
    }
    let tx = store.write_tx()?;
    crate::plant::require(&tx)?;
    let clash = tx
        .query_row("SELECT 1 FROM storage_facility WHERE code = ?1 AND voided_at IS NULL", [code], |_| Ok(()))
        .optional()?
        .is_some();
    if clash {
        return Err(Error::invalid("code", crate::msg::waste::facility_code_already_exists(&code)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO storage_facility (id, code, name, kind, capacity_g, max_storage_days, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            code,
            name,
            input.kind.as_str(),
            capacity.map(|g| g.0),
            input.max_storage_days,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "storage_facility", &id, None, None)?;
    let f = facility(&tx, "facility", &id)?;
    tx.commit()?;
    Ok(f)
}

const FACILITY_SELECT: &str =
    "SELECT id, code, name, kind, capacity_g, max_storage_days FROM storage_facility WHERE voided_at IS NULL";

/// A facility row as read: id, code, name, kind, capacity_g, max_storage_days.
type FacilityRow = (String, String, String, String, Option<i64>, Option<i64>);

fn map_facility(r: &rusqlite::Row<'_>) -> rusqlite::Result<FacilityRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn build_facility(row: FacilityRow) -> Result<Facility> {
    let (id, code, name, kind, cap, max_storage_days) = row;
    Ok(Facility {
        id,
        code,
        name,
        kind: FacilityKind::parse("kind", &kind)?,
        capacity_kg: cap.map(|g| Grams(g).kg_string()),
        max_storage_days,
    })
}

/// Active facilities by code.
pub fn facilities(conn: &Connection) -> Result<Vec<Facility>> {
    let mut stmt = conn.prepare_cached(&format!("{FACILITY_SELECT} ORDER BY code"))?;
    let rows = stmt.query_map([], map_facility)?;
    rows.map(|r| build_facility(r?)).collect()
}

/// An active facility by id or code.
pub fn facility(conn: &Connection, field: &'static str, id_or_code: &str) -> Result<Facility> {
    let mut stmt = conn.prepare_cached(&format!("{FACILITY_SELECT} AND (id = ?1 OR code = ?1)"))?;
    match stmt.query_row([id_or_code.trim()], map_facility).optional()? {
        Some(r) => build_facility(r),
        None => {
            Err(Error::invalid(field, crate::msg::waste::no_active_storage_facility(&crate::text::shown(id_or_code))))
        }
    }
}
