//! The waste area's figure source ([`crate::areas::FIGURE_SOURCES`]): the hazardous and general
//! solid-waste indicators of [`crate::indicators::INDICATORS`] for plant-local days `[from, to]`,
//! and the details HQ drills into — per HW code (generated, shipped by purpose with the manifest
//! numbers, own use/disposal, opening and closing stock) and per solid-waste code and route.
//!
//! Read-only, whole grams. What counts as shipped is the `shipment_line_outcome` view (accepted
//! lines only: a rejected line counts nothing); the solid-waste routes come from
//! [`super::gri::disclosure`], so the figures equal the GRI panel for the same days; stock from
//! the storage caches ([`super::storage::totals::balances_at`]).
//!
//! Every query reads the range, or the days between it and today: B.1 from its per-day cache
//! (`waste_generation_day`), stock and the oldest container from the storage caches, pending
//! manifests from `shipment_unconfirmed` and the confirmations dated after the range (db/0014).
//! A week's cost does not grow with the years of history (BENCHMARKS.md, "Weekly packet").

use super::gri::{self, Route};
use super::Purpose;
use crate::error::Result;
use crate::indicators::{AreaFigures, Figure, FigureMethod};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One hazardous-waste code's flows in the range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HwCodeDetail {
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub generated_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_utilisation_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_disposal_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub own_use_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub own_disposal_g: i64,
    /// In storage at the end of the day before `from`, and at the end of `to`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub opening_stock_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub closing_stock_g: i64,
    /// Manifest numbers (联单编号) with accepted lines of this code in the range, sorted.
    pub manifests: Vec<String>,
}

/// One general solid-waste code (`NNN-NNN-Sxx`) in the range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SwCodeDetail {
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub generated_g: i64,
    /// Outbound batches by route and on/off site.
    pub routes: Vec<SwRouteDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SwRouteDetail {
    pub route: Route,
    pub onsite: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub grams: i64,
}

/// The waste area's details of a range (`details.waste` in the week summary and the packet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WasteDetails {
    pub hw: Vec<HwCodeDetail>,
    pub nhw: Vec<SwCodeDetail>,
}

/// The waste figures and details for plant-local days `[from, to]`.
pub fn figures(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<AreaFigures> {
    let (f, t) = (from.to_string(), to.to_string());
    let mut hw: BTreeMap<String, HwCodeDetail> = BTreeMap::new();
    // B.1 generated (live entries by their ledger day), from the per-day cache.
    for (code, g) in grouped(
        conn,
        "SELECT code, sum(live_g) FROM waste_generation_day WHERE local_date >= ?1 AND local_date <= ?2
         GROUP BY code HAVING sum(live_count) > 0",
        &f,
        &t,
    )? {
        entry(&mut hw, &code).generated_g += g;
    }
    // B.5 accepted lines by purpose; a figure with any estimated line weight is estimated.
    let mut shipped_estimated = [false, false];
    {
        let mut stmt = conn.prepare_cached(
            "SELECT o.code, o.purpose, sum(o.accepted_g), max(l.weight_source = 'estimated'),
                    group_concat(DISTINCT s.manifest_no)
             FROM shipment_line_outcome o JOIN shipment_line l ON l.id = o.line_id JOIN shipment s ON s.id = o.shipment_id
             WHERE o.local_date >= ?1 AND o.local_date <= ?2 AND o.accepted_g > 0 GROUP BY o.code, o.purpose",
        )?;
        let rows = stmt.query_map(params![f, t], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Purpose>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (code, purpose, g, estimated, manifests) = row?;
            let d = entry(&mut hw, &code);
            match purpose {
                Purpose::Utilisation => d.shipped_utilisation_g += g,
                Purpose::Disposal => d.shipped_disposal_g += g,
            }
            shipped_estimated[usize::from(purpose == Purpose::Disposal)] |= estimated;
            d.manifests.extend(manifests.split(',').map(str::to_string));
            d.manifests.sort();
            d.manifests.dedup();
        }
    }
    // B.4 own use / disposal.
    {
        let mut stmt = conn.prepare_cached(
            "SELECT code, purpose, sum(quantity_g) FROM waste_own_treatment WHERE voided_at IS NULL
             AND local_date >= ?1 AND local_date <= ?2 GROUP BY code, purpose",
        )?;
        let rows = stmt
            .query_map(params![f, t], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Purpose>(1)?, r.get::<_, i64>(2)?)))?;
        for row in rows {
            let (code, purpose, g) = row?;
            let d = entry(&mut hw, &code);
            match purpose {
                Purpose::Utilisation => d.own_use_g += g,
                Purpose::Disposal => d.own_disposal_g += g,
            }
        }
    }
    // Stock per code at the end of the day before `from` and at the end of `to`.
    let day_before = (from - chrono::Duration::days(1)).to_string();
    for (_, code, g, _) in super::storage::totals::balances_at(conn, &day_before)? {
        entry(&mut hw, &code).opening_stock_g += g;
    }
    for (_, code, g, _) in super::storage::totals::balances_at(conn, &t)? {
        entry(&mut hw, &code).closing_stock_g += g;
    }
    let hw: Vec<HwCodeDetail> = hw.into_values().collect();
    let total = |f: fn(&HwCodeDetail) -> i64| hw.iter().map(f).sum::<i64>();
    let estimated = |e: bool, fig: Figure| if e { fig.method(FigureMethod::Estimated) } else { fig };

    // General solid waste: the GRI disclosure's non-hazardous cells, and the details by code.
    let gri = gri::disclosure(conn, from, to)?;
    let nhw_sum =
        |p: fn(Route) -> bool| gri.routes.iter().filter(|r| !r.hazardous && p(r.route)).map(|r| r.grams).sum::<i64>();
    let nhw = sw_details(conn, &f, &t)?;

    let mut figures = vec![
        Figure::of("hw_generated_g", total(|d| d.generated_g))?,
        estimated(shipped_estimated[0], Figure::of("hw_shipped_utilisation_g", total(|d| d.shipped_utilisation_g))?),
        estimated(shipped_estimated[1], Figure::of("hw_shipped_disposal_g", total(|d| d.shipped_disposal_g))?),
        Figure::of("hw_own_use_g", total(|d| d.own_use_g))?,
        Figure::of("hw_own_disposal_g", total(|d| d.own_disposal_g))?,
        Figure::of("hw_closing_stock_g", total(|d| d.closing_stock_g))?,
    ];
    if let Some(days) = oldest_stock_age_days(conn, to)? {
        figures.push(Figure::of("hw_oldest_stock_age_days", days)?);
    }
    figures.push(Figure::of("hw_manifests_pending", pending_manifests(conn, to)?.len() as i64)?);
    figures.extend([
        Figure::of("nhw_generated_g", gri.generated_non_hazardous_g)?,
        Figure::of("nhw_diverted_g", nhw_sum(Route::gri_diverted))?,
        Figure::of("nhw_disposal_g", nhw_sum(|r| !r.gri_diverted()))?,
        Figure::of("nhw_landfill_g", nhw_sum(|r| r == Route::Landfill))?,
    ]);
    let records: i64 = conn.query_row(
        "SELECT (SELECT coalesce(sum(live_count + voided_count), 0) FROM waste_generation_day
                 WHERE local_date BETWEEN ?1 AND ?2)
              + (SELECT count(*) FROM waste_movement WHERE local_date BETWEEN ?1 AND ?2)
              + (SELECT count(*) FROM shipment WHERE local_date BETWEEN ?1 AND ?2)
              + (SELECT count(*) FROM waste_own_treatment WHERE local_date BETWEEN ?1 AND ?2)
              + (SELECT count(*) FROM sw_record WHERE local_date BETWEEN ?1 AND ?2)",
        params![f, t],
        |r| r.get(0),
    )?;
    let details = serde_json::to_value(WasteDetails { hw, nhw })?;
    Ok(AreaFigures { figures, records, details })
}

fn entry<'a>(hw: &'a mut BTreeMap<String, HwCodeDetail>, code: &str) -> &'a mut HwCodeDetail {
    hw.entry(code.to_string()).or_insert_with(|| HwCodeDetail { code: code.to_string(), ..Default::default() })
}

fn grouped(conn: &Connection, sql: &str, f: &str, t: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![f, t], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn sw_details(conn: &Connection, f: &str, t: &str) -> Result<Vec<SwCodeDetail>> {
    let mut by_code: BTreeMap<String, SwCodeDetail> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT st.code, r.kind, r.route, r.onsite, sum(r.quantity_g) FROM sw_record r JOIN sw_stream st ON st.id = r.stream_id
         WHERE r.voided_at IS NULL AND r.local_date >= ?1 AND r.local_date <= ?2
         GROUP BY st.code, r.kind, r.route, r.onsite ORDER BY st.code, r.route, r.onsite",
    )?;
    let rows = stmt.query_map(params![f, t], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<Route>>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (code, kind, route, onsite, g) = row?;
        let d = by_code.entry(code.clone()).or_insert_with(|| SwCodeDetail { code, ..Default::default() });
        match route {
            Some(route) if kind == "outbound" => {
                d.routes.push(SwRouteDetail { route, onsite: onsite == Some(1), grams: g })
            }
            _ => d.generated_g += g,
        }
    }
    Ok(by_code.into_values().collect())
}

/// A container in storage at the end of a plant-local day (a positive balance of its movements
/// in a facility), with the day its storage clock started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockedAt {
    pub facility_code: String,
    /// The facility's own storage-time limit, when it has one.
    pub facility_max_days: Option<i64>,
    pub container_id: String,
    pub code: String,
    pub started_on: Option<NaiveDate>,
    pub stock_g: i64,
}

/// The containers in storage at the end of plant-local day `to`, longest stored first (unknown
/// start dates last), at most `limit`. The one definition behind `hw_oldest_stock_age_days`
/// and the management report's oldest containers.
pub fn stocked_at(conn: &Connection, to: NaiveDate, limit: Option<u32>) -> Result<Vec<StockedAt>> {
    // In stock at the end of `to` = in stock now, or moved since (`waste_container_stock` and
    // the days after `to`), so the read does not grow with history.
    let mut stmt = conn.prepare_cached(
        "WITH candidate (facility_id, container_id, code) AS (
             SELECT facility_id, container_id, code FROM waste_container_stock WHERE stock_g > 0
             UNION SELECT facility_id, container_id, code FROM waste_movement WHERE local_date > ?1),
         at_day AS (
             SELECT c.facility_id, c.container_id, c.code,
                    (SELECT min(m.started_on) FROM waste_movement m
                     WHERE m.facility_id = c.facility_id AND m.container_id = c.container_id AND m.code = c.code
                       AND m.local_date <= ?1) AS started,
                    (SELECT sum(CASE m.kind WHEN 'into_storage' THEN m.quantity_g ELSE -m.quantity_g END)
                     FROM waste_movement m
                     WHERE m.facility_id = c.facility_id AND m.container_id = c.container_id AND m.code = c.code
                       AND m.local_date <= ?1) AS g
             FROM candidate c)
         SELECT f.code, f.max_storage_days, a.container_id, a.code, a.started, a.g
         FROM at_day a JOIN storage_facility f ON f.id = a.facility_id WHERE a.g > 0
         ORDER BY a.started IS NULL, a.started, f.code, a.container_id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![to.to_string(), limit.map_or(-1, i64::from)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (facility_code, facility_max_days, container_id, code, started, stock_g) = row?;
        let started_on = started.map(|s| crate::time::parse_date("started_on", &s)).transpose()?;
        Ok(StockedAt { facility_code, facility_max_days, container_id, code, started_on, stock_g })
    })
    .collect()
}

/// The age in days, at the end of plant-local day `to`, of the oldest container then in
/// storage with a known start date; `None` when none was in storage.
fn oldest_stock_age_days(conn: &Connection, to: NaiveDate) -> Result<Option<i64>> {
    let oldest = stocked_at(conn, to, Some(1))?;
    Ok(oldest.first().and_then(|c| c.started_on).map(|s| (to - s).num_days()))
}

/// The ids of live shipments dated up to `to` with no receiver's confirmation dated up to `to`,
/// oldest first: the one definition behind `hw_manifests_pending` and the report's list. Read
/// from the days since `to`: those with no confirmation yet (`shipment_unconfirmed`) and those
/// confirmed after `to`.
pub fn pending_manifests(conn: &Connection, to: NaiveDate) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM (
             SELECT s.id, s.shipped_at FROM shipment_unconfirmed u JOIN shipment s ON s.id = u.shipment_id
             WHERE u.local_date <= ?1
             UNION
             SELECT s.id, s.shipped_at FROM shipment_receipt r JOIN shipment s ON s.id = r.shipment_id
             WHERE r.confirmed_on > ?1 AND s.local_date <= ?1 AND s.voided_at IS NULL)
         ORDER BY shipped_at, id",
    )?;
    let rows = stmt.query_map([to.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
