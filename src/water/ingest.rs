//! The one way readings enter the database: a batch (a lab result entered by hand, an imported
//! file, a flush of the listener) written inside the caller's transaction — the batch row, its
//! readings, the per-day online cache of every outfall-day it touched, the exceedances found, and
//! one audit row for the batch with its content hash and counts (design.md, bulk ingestion).
//!
//! A reading whose slot (parameter, interval, start) already holds the same value is a duplicate
//! (a logger resending, a file imported twice) and is counted, not stored; a different value for
//! a held slot is refused as a conflict — a reading is never silently overwritten.

use super::hj212::DataFlag;
use super::outfall::{self, ParamUnit};
use super::rules;
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

crate::text_enum! {
    /// How a batch came in.
    pub enum BatchKind {
        Manual = "manual",
        Csv = "csv",
        Xlsx = "xlsx",
        Hj212File = "hj212_file",
        Listener = "listener",
    }
}

crate::text_enum! {
    /// The interval a reading covers: a lab sample, or an online record.
    pub enum Interval {
        Sample = "sample",
        Rtd = "rtd",
        Minute = "minute",
        Hour = "hour",
        Day = "day",
    }
}

impl Interval {
    /// Seconds an online record covers (a sample and a real-time value cover none).
    pub fn seconds(self) -> i64 {
        match self {
            Interval::Minute => 60,
            Interval::Hour => 3600,
            Interval::Day => 86_400,
            Interval::Sample | Interval::Rtd => 0,
        }
    }
}

/// One reading to store: the parameter (its compact key), interval, UTC start in seconds, value
/// (mg/L, pH, or m³ over the interval), below-DL flag, data flag and the lab's method.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReading {
    pub param: i64,
    pub interval: Interval,
    pub at: i64,
    pub value: f64,
    pub below_dl: bool,
    pub flag: DataFlag,
    pub method: Option<String>,
}

/// What a batch brings: its kind and source, the hash of its content, its readings, and the
/// inputs already refused (by reason) before they became readings.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub kind: Option<BatchKind>,
    pub source: String,
    pub content_sha256: Option<String>,
    pub readings: Vec<NewReading>,
    pub rejected: BTreeMap<String, i64>,
}

/// What a stored batch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BatchResult {
    pub batch_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duplicates: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rejected: i64,
    /// Refusals counted by reason (`bad_crc`, `unknown_mn`, `conflict`, …).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub rejections: BTreeMap<String, i64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub exceedances: i64,
}

/// A live parameter as the ingestion sees it.
#[derive(Debug, Clone)]
pub(crate) struct ParamInfo {
    pub n: i64,
    pub id: String,
    pub outfall_id: String,
    pub code: String,
    pub unit: ParamUnit,
    pub limits: Vec<rules::Limit>,
}

/// Every live parameter by its compact key.
pub(crate) fn param_infos(conn: &Connection) -> Result<HashMap<i64, ParamInfo>> {
    let mut out = HashMap::new();
    for p in outfall::all_params(conn)? {
        out.insert(
            p.n,
            ParamInfo {
                n: p.n,
                limits: outfall::limits_of(conn, &p.id)?,
                id: p.id,
                outfall_id: p.outfall_id,
                code: p.code,
                unit: p.unit,
            },
        );
    }
    Ok(out)
}

/// Stores `batch` inside `tx` as `actor`: readings, caches of the touched days, exceedances and
/// the batch's audit row. A batch with nothing accepted and nothing refused is refused.
pub fn store(tx: &Connection, actor: &str, batch: Batch, tz: Tz, now: DateTime<Utc>) -> Result<BatchResult> {
    let kind = batch.kind.ok_or_else(|| Error::Internal("a batch without its kind".into()))?;
    if batch.readings.is_empty() && batch.rejected.values().sum::<i64>() == 0 {
        return Err(Error::invalid("file", crate::msg::water::nothing_store_no_readings()));
    }
    let infos = param_infos(tx)?;
    let id = new_id();
    let n: i64 = tx.query_row("SELECT coalesce(max(n), 0) + 1 FROM water_batch", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO water_batch (id, n, kind, source, content_sha256, accepted, rejected, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7)",
        params![id, n, kind, batch.source, batch.content_sha256, time::to_db(now), actor],
    )?;
    let mut rejections = batch.rejected;
    let (mut accepted, mut duplicates, mut exceedances) = (0i64, 0i64, 0i64);
    let mut touched: BTreeSet<(String, NaiveDate)> = BTreeSet::new();
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO water_reading (batch, param, interval, at, value, below_dl, flag, method)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        )?;
        let mut held = tx.prepare_cached(
            "SELECT r.value, r.below_dl, r.flag FROM water_reading r JOIN water_batch b ON b.n = r.batch
             WHERE r.param = ?1 AND r.interval = ?2 AND r.at = ?3 AND b.voided_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq)
             ORDER BY r.rev DESC LIMIT 1",
        )?;
        let mut slot_rev =
            tx.prepare_cached("SELECT max(rev) FROM water_reading WHERE param = ?1 AND interval = ?2 AND at = ?3")?;
        let mut reject = |reason: &str| *rejections.entry(reason.to_string()).or_insert(0) += 1;
        for r in &batch.readings {
            let Some(info) = infos.get(&r.param) else {
                reject("unknown_parameter");
                continue;
            };
            if !r.value.is_finite() || r.value.abs() > 1e12 || (info.unit != ParamUnit::Ph && r.value < 0.0) {
                reject("bad_value");
                continue;
            }
            let n_ins = insert.execute(params![
                n,
                r.param,
                r.interval,
                r.at,
                r.value,
                r.below_dl,
                r.flag.as_str(),
                r.method
            ])?;
            if n_ins == 0 {
                let live: Option<(f64, bool, String)> = held
                    .query_row(params![r.param, r.interval, r.at], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)))
                    .optional()?;
                match live {
                    Some((v, b, f)) if same(v, r.value) && b == r.below_dl && f == r.flag.as_str() => {
                        duplicates += 1;
                        continue;
                    }
                    Some(_) => {
                        reject("conflict");
                        continue;
                    }
                    None => {
                        // Every reading of the slot was voided: this one is the next revision.
                        let rev: i64 = slot_rev.query_row(params![r.param, r.interval, r.at], |x| x.get(0))?;
                        tx.execute(
                            "INSERT INTO water_reading (batch, param, interval, at, rev, value, below_dl, flag, method)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            params![
                                n,
                                r.param,
                                r.interval,
                                r.at,
                                rev + 1,
                                r.value,
                                r.below_dl,
                                r.flag.as_str(),
                                r.method
                            ],
                        )?;
                    }
                }
            }
            accepted += 1;
            let day = local_day(r.at, tz);
            match r.interval {
                Interval::Sample => {
                    if let Some(limit) = rules::limit_on(&info.limits, day) {
                        if let Some(x) = rules::judge(limit, r.value, r.below_dl) {
                            exceedances +=
                                record_exceedance(tx, info, Interval::Sample, r.at, day, r.value, limit, &x, &id, now)?;
                        }
                    }
                }
                Interval::Minute | Interval::Hour | Interval::Day => {
                    touched.insert((info.outfall_id.clone(), day));
                }
                Interval::Rtd => {}
            }
        }
    }
    for (outfall_id, day) in &touched {
        exceedances += super::online::rebuild_day(tx, &infos, outfall_id, *day, tz, Some((&id, now)))?;
    }
    let rejected: i64 = rejections.values().sum();
    tx.execute(
        "UPDATE water_batch SET accepted = ?2, duplicates = ?3, rejected = ?4, rejections = ?5 WHERE id = ?1",
        params![id, accepted, duplicates, rejected, serde_json::to_string(&rejections)?],
    )?;
    audit::record(tx, now, actor, Action::Insert, "water_batch", &id, None, None)?;
    Ok(BatchResult { batch_id: id, accepted, duplicates, rejected, rejections, exceedances })
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The plant-local day of a UTC second.
pub fn local_day(at: i64, tz: Tz) -> NaiveDate {
    let t = Utc.timestamp_opt(at, 0).single().unwrap_or_default();
    time::local_date(t, tz)
}

#[allow(clippy::too_many_arguments)] // one exceedance row, its fields
pub(crate) fn record_exceedance(
    tx: &Connection,
    info: &ParamInfo,
    interval: Interval,
    at: i64,
    day: NaiveDate,
    value: f64,
    limit: &rules::Limit,
    x: &rules::Exceed,
    batch_id: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let n = tx.execute(
        "INSERT INTO water_exceedance (id, param_id, interval, at, local_date, value, limit_id, bound, limit_value,
             ratio_permille, batch_id, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING",
        params![
            new_id(),
            info.id,
            interval,
            at,
            day.to_string(),
            value,
            limit.id,
            x.bound,
            x.limit_text,
            x.ratio_permille,
            batch_id,
            time::to_db(now)
        ],
    )?;
    Ok(n as i64)
}
