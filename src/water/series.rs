//! A parameter's time series for the chart, decimated in the core so the UI draws at most a few
//! thousand points whatever the range (a year of minute data is half a million readings): the
//! range is cut into equal buckets and each keeps the min, max and mean of its valid values
//! (min/max keep every peak an exceedance could hide in). With the series: the limit in force
//! as steps (seasonal variants and revisions), the exceedances as marks, and the lab results.
//! Read-only; buckets of an hour or more come from the hourly statistics kept with the day cache
//! (`water_series_hour`), shorter ones from the readings over their index.

use super::ingest::Interval;
use super::online;
use super::outfall::{self, ParamUnit};
use super::rules;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

/// The most buckets a series is cut into.
pub const MAX_BUCKETS: u32 = 5000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LimitStep {
    /// UTC seconds: the step holds from `from` to `to`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub from: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub to: i64,
    pub upper: Option<f64>,
    pub lower: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Series {
    pub outfall_code: String,
    pub param_code: String,
    pub param_name: String,
    pub unit: ParamUnit,
    /// The online interval drawn (the finest with data in the range), if any.
    pub interval: Option<Interval>,
    /// Bucket width in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bucket_s: i64,
    /// Bucket starts (UTC seconds) of buckets with valid data, and their min, max, mean.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub x: Vec<i64>,
    pub min: Vec<f64>,
    pub max: Vec<f64>,
    pub mean: Vec<f64>,
    /// Readings behind the buckets.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub readings: i64,
    pub limits: Vec<LimitStep>,
    /// Exceedances: (UTC seconds, value).
    #[cfg_attr(feature = "ts", ts(type = "Array<[number, number]>"))]
    pub exceedances: Vec<(i64, f64)>,
    /// Lab results: (UTC seconds, value, below DL).
    #[cfg_attr(feature = "ts", ts(type = "Array<[number, number, boolean]>"))]
    pub samples: Vec<(i64, f64, bool)>,
}

/// The series of parameter `param_id` over plant-local days `[from, to]` in at most `buckets`.
pub fn series(conn: &Connection, param_id: &str, from: NaiveDate, to: NaiveDate, buckets: u32) -> Result<Series> {
    if to < from {
        return Err(Error::invalid("to", crate::msg::common::ends_before_it_starts()));
    }
    if (to - from).num_days() > 3660 {
        return Err(Error::invalid("to", crate::msg::water::most_ten_years_time()));
    }
    let buckets = i64::from(buckets.clamp(10, MAX_BUCKETS));
    let tz = crate::plant::require(conn)?.tz()?;
    let p = outfall::param(conn, param_id)?;
    let outfall_code: String =
        conn.query_row("SELECT code FROM water_outfall WHERE id = ?1", [&p.outfall_id], |r| r.get(0))?;
    let (s, _) = online::day_bounds(from, tz);
    let (_, e) = online::day_bounds(to, tz);
    let bucket_s = (((e - s) + buckets - 1) / buckets).max(60);
    // Buckets of an hour or more are whole hours, read from the hourly statistics.
    let bucket_s = if bucket_s >= 3600 { (bucket_s + 3599) / 3600 * 3600 } else { bucket_s };
    let mut interval = None;
    for i in [Interval::Minute, Interval::Hour, Interval::Day] {
        let any: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM water_reading WHERE param = ?1 AND interval = ?2 AND at >= ?3 AND at < ?4)",
            params![p.n, i, s, e],
            |r| r.get(0),
        )?;
        if any {
            interval = Some(i);
            break;
        }
    }
    let (mut x, mut min, mut max, mut mean, mut readings) = (vec![], vec![], vec![], vec![], 0);
    if let Some(i) = interval {
        // Hourly statistics carry the valid minute and hour values; day records are read as they are.
        let from_hours = i != Interval::Day && bucket_s >= 3600;
        let sql = if from_hours {
            "SELECT (hour - ?3) / ?5 AS b, min(vmin), max(vmax), sum(vsum) / sum(n), sum(n)
             FROM water_series_hour WHERE param = ?1 AND ?2 IS NOT NULL AND hour >= ?3 AND hour < ?4
             GROUP BY b ORDER BY b"
        } else {
            "SELECT (r.at - ?3) / ?5 AS b, min(r.value), max(r.value), avg(r.value), count(*)
             FROM water_reading r
             WHERE r.param = ?1 AND r.interval = ?2 AND r.at >= ?3 AND r.at < ?4 AND r.flag = 'N'
               AND r.batch NOT IN (SELECT n FROM water_batch WHERE voided_at IS NOT NULL)
               AND r.seq NOT IN (SELECT seq FROM water_reading_void)
             GROUP BY b ORDER BY b"
        };
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![p.n, i, s, e, bucket_s], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (b, lo, hi, avg, n) = row?;
            x.push(s + b * bucket_s);
            min.push(lo);
            max.push(hi);
            mean.push(avg);
            readings += n;
        }
    }
    // The limit in force, as steps over the days.
    let limits_all = outfall::limits_of(conn, param_id)?;
    let mut limits: Vec<LimitStep> = Vec::new();
    let mut day = from;
    while day <= to {
        let l = rules::limit_on(&limits_all, day);
        let (ds, de) = online::day_bounds(day, tz);
        let (upper, lower) = (l.and_then(|l| l.upper), l.and_then(|l| l.lower));
        match limits.last_mut() {
            Some(last) if last.upper == upper && last.lower == lower && last.to == ds => last.to = de,
            _ => {
                if upper.is_some() || lower.is_some() {
                    limits.push(LimitStep { from: ds, to: de, upper, lower });
                }
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT x.at, x.value FROM water_exceedance_live x
         WHERE x.param_id = ?1 AND x.local_date BETWEEN ?2 AND ?3 ORDER BY x.at LIMIT 10000",
    )?;
    let exceedances = stmt
        .query_map(params![param_id, from.to_string(), to.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT r.at, r.value, r.below_dl FROM water_reading r JOIN water_batch b ON b.n = r.batch
         WHERE r.param = ?1 AND r.interval = 'sample' AND r.at >= ?2 AND r.at < ?3 AND b.voided_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq) ORDER BY r.at LIMIT 10000",
    )?;
    let samples = stmt
        .query_map(params![p.n, s, e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Series {
        outfall_code,
        param_code: p.code,
        param_name: p.name,
        unit: p.unit,
        interval,
        bucket_s,
        x,
        min,
        max,
        mean,
        readings,
        limits,
        exceedances,
        samples,
    })
}
