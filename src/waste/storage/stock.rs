//! Stock derived from the movements (never stored as a record): per container, per facility,
//! balances at a date and the containers in stock with their storage clocks, read from the
//! trigger-kept caches that [`super::totals::check`] proves.

use super::facility::FacilityKind;
use super::rules::{self, AgeStatus, StorageLimits};
use crate::error::{Error, Result};
use crate::time;
use crate::units::Grams;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

/// Stock of one container in one facility (all movements so far).
pub fn container_stock(conn: &Connection, facility_id: &str, container_id: &str) -> Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END), 0)
         FROM waste_movement WHERE facility_id = ?1 AND container_id = ?2",
        params![facility_id, container_id],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

/// Stock of a whole facility now, from the per-day cache (a few thousand rows, not a scan of
/// the facility's movements).
pub(super) fn facility_stock(conn: &Connection, facility_id: &str) -> Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(net_g), 0) FROM waste_storage_day WHERE facility_id = ?1",
        [facility_id],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

/// Stock per facility and code at the end of a plant-local day (or now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Balance {
    pub facility_code: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub stock_g: i64,
    pub stock_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub containers: i64,
}

/// Balances per facility and code, at the end of `at` (plant-local day) or including every
/// movement when `None`. Zero balances are left out.
pub fn balances(conn: &Connection, at: Option<NaiveDate>) -> Result<Vec<Balance>> {
    // From the per-day cache (db/0004): a few rows per facility, code and day, never a scan of
    // the movements. `storage::totals::check` proves the cache against the movements.
    let day = at.map(|d| d.to_string()).unwrap_or_else(|| "9999-12-31".into());
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, d.code, sum(d.net_g), sum(d.net_containers)
         FROM waste_storage_day d JOIN storage_facility f ON f.id = d.facility_id
         WHERE d.local_date <= ?1 GROUP BY f.code, d.code
         HAVING sum(d.net_g) <> 0 OR sum(d.net_containers) <> 0 ORDER BY f.code, d.code",
    )?;
    let rows = stmt.query_map([day], |r| {
        let g: i64 = r.get(2)?;
        Ok(Balance {
            facility_code: r.get(0)?,
            code: r.get(1)?,
            stock_g: g,
            stock_kg: Grams(g).kg_string(),
            containers: r.get(3)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// A container in stock with its storage clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockedContainer {
    pub facility_code: String,
    pub facility_kind: FacilityKind,
    pub container_id: String,
    pub code: String,
    pub stock: Grams,
    pub started_on: Option<NaiveDate>,
    pub age: AgeStatus,
    /// The limits its clock runs under: the plant's, tightened by its facility's own.
    pub limits: StorageLimits,
}

/// Containers in stock now, oldest first, with their age on `today` under `limits` (a
/// facility's own `max_storage_days` overrides the limit).
pub fn stocked_containers(conn: &Connection, today: NaiveDate, limits: StorageLimits) -> Result<Vec<StockedContainer>> {
    containers_in_stock(conn, today, limits, None)
}

/// The `n` containers longest in store (unknown start dates first): the "must ship by" planner.
/// Read from the container-stock cache through its partial index on `started_on`.
pub fn oldest_containers(
    conn: &Connection,
    n: u32,
    today: NaiveDate,
    limits: StorageLimits,
) -> Result<Vec<StockedContainer>> {
    containers_in_stock(conn, today, limits, Some(n))
}

fn containers_in_stock(
    conn: &Connection,
    today: NaiveDate,
    limits: StorageLimits,
    limit: Option<u32>,
) -> Result<Vec<StockedContainer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, f.kind, f.max_storage_days, s.container_id, s.code, s.started_on, s.stock_g
         FROM waste_container_stock s JOIN storage_facility f ON f.id = s.facility_id
         WHERE s.stock_g > 0 ORDER BY s.started_on, f.code, s.container_id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit.map_or(-1, i64::from)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    rows.map(|r| {
        let (facility_code, kind, max_days, container_id, code, started, stock) = r?;
        let started_on = started.map(|s| time::parse_date("started_on", &s)).transpose()?;
        let lim = limits.tightened(max_days);
        Ok(StockedContainer {
            facility_code,
            facility_kind: FacilityKind::parse("kind", &kind)?,
            container_id,
            code,
            stock: Grams(stock),
            started_on,
            age: rules::container_age(started_on, today, lim),
            limits: lim,
        })
    })
    .collect()
}
