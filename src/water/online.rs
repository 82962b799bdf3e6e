//! Online-monitor data by plant-local day (domain.md §6.3–6.4): each outfall-day's hourly values
//! of every parameter, from hourly records or, where an hour has none, from its minute records
//! (valid when at least 45 of its 60 minutes are valid — HJ 356's 75 %; concentration = mean of
//! the valid minutes, flow = their volume); a day record stands in for a day without any hours.
//! Only data flagged N are valid. The day's load of a concentration parameter is Σ Cₕ × Qₕ over the
//! hours where both the concentration and the flow are valid, kept in milligrams.
//!
//! `water_online_day` caches the result per parameter-day; [`rebuild_day`] re-derives it whenever
//! a batch touches the day (and records the exceedances of valid hours), [`check`] proves it.

use super::hj212::DataFlag;
use super::ingest::{self, Interval, ParamInfo};
use super::outfall::ParamUnit;
use super::rules;
use crate::error::{Error, Result};
use crate::time;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap};

/// Hour index of a day → (value, valid).
type Hours = BTreeMap<i64, (f64, bool)>;

/// One hour's valid values for the chart: (UTC hour start, count, min, max, sum).
pub type HourStat = (i64, i64, f64, f64, f64);

/// Minutes of an hour that must be valid for the hour to be valid.
pub const MIN_VALID_MINUTES: usize = 45;

/// One parameter's derived day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayRow {
    pub param: i64,
    pub valid_hours: i64,
    pub hours: i64,
    pub load_mg: Option<i64>,
    pub flow_l: Option<i64>,
    pub c_min: Option<f64>,
    pub c_max: Option<f64>,
    pub c_sum: Option<f64>,
    /// Valid hourly (or day) values with their UTC start and interval, for judging.
    pub values: Vec<(Interval, i64, f64)>,
    /// The chart's hourly statistics of the valid minute and hour values.
    pub hour_stats: Vec<HourStat>,
}

/// The UTC seconds of a plant-local day's start and the next day's start.
pub fn day_bounds(day: NaiveDate, tz: Tz) -> (i64, i64) {
    let s = time::local_day_start_utc(day, tz).timestamp();
    let e = day.succ_opt().map_or(s + 86_400, |n| time::local_day_start_utc(n, tz).timestamp());
    (s, e)
}

/// The live online readings of `param` in `[s, e)`: (interval, at, value, valid).
fn readings(conn: &Connection, param: i64, s: i64, e: i64) -> Result<Vec<(Interval, i64, f64, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.interval, r.at, r.value, r.flag FROM water_reading r JOIN water_batch b ON b.n = r.batch
         WHERE r.param = ?1 AND r.interval IN ('minute', 'hour', 'day') AND r.at >= ?2 AND r.at < ?3
           AND b.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq)
         ORDER BY r.at, r.rev DESC",
    )?;
    let rows = stmt.query_map(params![param, s, e], |r| {
        Ok((r.get::<_, Interval>(0)?, r.get::<_, i64>(1)?, r.get::<_, f64>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out: Vec<(Interval, i64, f64, bool)> = Vec::new();
    for row in rows {
        let (interval, at, v, flag) = row?;
        // The newest revision of a slot comes first; later ones of the same slot are older.
        if out.last().is_some_and(|(i, a, ..)| *i == interval && *a == at) {
            continue;
        }
        let valid = DataFlag::parse("flag", &flag).map(DataFlag::is_valid).unwrap_or(false);
        out.push((interval, at, v, valid));
    }
    Ok(out)
}

/// Hour index → (value, valid) of one parameter's day; `sum` adds minute values (flow) instead
/// of averaging them. `None` for a day with only a day record: (value, valid).
fn hours_of(rows: &[(Interval, i64, f64, bool)], s: i64, sum: bool) -> (Hours, Option<(f64, bool)>) {
    let mut hours: Hours = BTreeMap::new();
    let mut minutes: BTreeMap<i64, Vec<(f64, bool)>> = BTreeMap::new();
    let mut day = None;
    for (interval, at, v, valid) in rows {
        let h = (at - s).div_euclid(3600);
        match interval {
            Interval::Hour => {
                hours.insert(h, (*v, *valid));
            }
            Interval::Minute => minutes.entry(h).or_default().push((*v, *valid)),
            Interval::Day => day = Some((*v, *valid)),
            _ => {}
        }
    }
    for (h, ms) in minutes {
        if hours.contains_key(&h) {
            continue;
        }
        let valid: Vec<f64> = ms.iter().filter(|m| m.1).map(|m| m.0).collect();
        let ok = valid.len() >= MIN_VALID_MINUTES;
        let v = if valid.is_empty() {
            0.0
        } else if sum {
            valid.iter().sum()
        } else {
            valid.iter().sum::<f64>() / valid.len() as f64
        };
        hours.insert(h, (v, ok));
    }
    let day_only = if hours.is_empty() { day } else { None };
    (hours, day_only)
}

/// The chart's hourly statistics of the valid minute and hour readings (day records have none).
fn hour_stats(rows: &[(Interval, i64, f64, bool)]) -> Vec<HourStat> {
    let mut by: BTreeMap<i64, (i64, f64, f64, f64)> = BTreeMap::new();
    for (interval, at, v, valid) in rows {
        if !valid || !matches!(interval, Interval::Minute | Interval::Hour) {
            continue;
        }
        let e = by.entry(at - at.rem_euclid(3600)).or_insert((0, f64::INFINITY, f64::NEG_INFINITY, 0.0));
        e.0 += 1;
        e.1 = e.1.min(*v);
        e.2 = e.2.max(*v);
        e.3 += v;
    }
    by.into_iter().map(|(h, (n, lo, hi, sum))| (h, n, lo, hi, sum)).collect()
}

/// Derives the online day of every parameter of `outfall_id` (those with any online data).
pub(crate) fn derive_day(
    conn: &Connection,
    infos: &HashMap<i64, ParamInfo>,
    outfall_id: &str,
    day: NaiveDate,
    tz: Tz,
) -> Result<Vec<DayRow>> {
    let (s, e) = day_bounds(day, tz);
    let day_hours = (e - s) / 3600;
    let mut params: Vec<&ParamInfo> = infos.values().filter(|p| p.outfall_id == outfall_id).collect();
    params.sort_by_key(|p| p.n);
    let mut by_param = Vec::new();
    for p in &params {
        let rows = readings(conn, p.n, s, e)?;
        if rows.is_empty() {
            continue;
        }
        let (hours, day_only) = hours_of(&rows, s, p.unit == ParamUnit::M3);
        by_param.push((*p, hours, day_only, hour_stats(&rows)));
    }
    let flow = by_param.iter().find(|(p, ..)| p.unit == ParamUnit::M3).map(|(_, h, d, _)| (h.clone(), *d));
    let mut out = Vec::new();
    for (p, hours, day_only, stats) in &by_param {
        let mut row = DayRow {
            param: p.n,
            valid_hours: 0,
            hours: hours.len() as i64,
            load_mg: None,
            flow_l: None,
            c_min: None,
            c_max: None,
            c_sum: None,
            values: vec![],
            hour_stats: stats.clone(),
        };
        let valid: Vec<(i64, f64)> = match day_only {
            Some((v, ok)) => {
                row.hours = day_hours;
                if *ok {
                    row.valid_hours = day_hours;
                    row.values.push((Interval::Day, s, *v));
                    vec![(-1, *v)]
                } else {
                    vec![]
                }
            }
            None => {
                let v: Vec<(i64, f64)> = hours.iter().filter(|(_, (_, ok))| *ok).map(|(h, (v, _))| (*h, *v)).collect();
                row.valid_hours = v.len() as i64;
                row.values = v.iter().map(|(h, val)| (Interval::Hour, s + h * 3600, *val)).collect();
                v
            }
        };
        match p.unit {
            ParamUnit::M3 => {
                let m3: f64 = valid.iter().map(|(_, v)| v).sum();
                row.flow_l = Some((m3 * 1000.0).round() as i64);
                row.values.clear();
            }
            ParamUnit::MgL | ParamUnit::Ph => {
                if !valid.is_empty() {
                    row.c_min = valid.iter().map(|v| v.1).reduce(f64::min);
                    row.c_max = valid.iter().map(|v| v.1).reduce(f64::max);
                    row.c_sum = Some(valid.iter().map(|v| v.1).sum());
                }
                if p.unit == ParamUnit::MgL {
                    // Σ C × Q over the hours where both are valid (a day record pairs with a day's flow).
                    let mut mg = 0.0;
                    if let Some((fh, fday)) = &flow {
                        for (h, c) in &valid {
                            let q = if *h < 0 {
                                fday.filter(|d| d.1).map(|d| d.0).or_else(|| {
                                    let v: Vec<f64> = fh.values().filter(|x| x.1).map(|x| x.0).collect();
                                    (!v.is_empty()).then(|| v.iter().sum())
                                })
                            } else {
                                fh.get(h).filter(|x| x.1).map(|x| x.0)
                            };
                            if let Some(q) = q {
                                mg += c * q * 1000.0;
                            }
                        }
                    }
                    row.load_mg = Some(mg.round() as i64);
                }
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// Re-derives the cache of one outfall-day; with `found` = (batch id, now), records the
/// exceedances of its valid hourly values. Returns how many exceedances were new.
pub(crate) fn rebuild_day(
    tx: &Connection,
    infos: &HashMap<i64, ParamInfo>,
    outfall_id: &str,
    day: NaiveDate,
    tz: Tz,
    found: Option<(&str, DateTime<Utc>)>,
) -> Result<i64> {
    let rows = derive_day(tx, infos, outfall_id, day, tz)?;
    let (s, e) = day_bounds(day, tz);
    let mut del = tx.prepare_cached("DELETE FROM water_online_day WHERE param = ?1 AND local_date = ?2")?;
    let mut del_h = tx.prepare_cached("DELETE FROM water_series_hour WHERE param = ?1 AND hour >= ?2 AND hour < ?3")?;
    for p in infos.values().filter(|p| p.outfall_id == outfall_id) {
        del.execute(params![p.n, day.to_string()])?;
        del_h.execute(params![p.n, s, e])?;
    }
    let mut ins_h = tx.prepare_cached(
        "INSERT INTO water_series_hour (param, hour, n, vmin, vmax, vsum) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO water_online_day (param, local_date, valid_hours, hours, load_mg, flow_l, c_min, c_max, c_sum)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut new = 0;
    for r in &rows {
        ins.execute(params![
            r.param,
            day.to_string(),
            r.valid_hours,
            r.hours,
            r.load_mg,
            r.flow_l,
            r.c_min,
            r.c_max,
            r.c_sum
        ])?;
        for (h, n, lo, hi, sum) in &r.hour_stats {
            ins_h.execute(params![r.param, h, n, lo, hi, sum])?;
        }
        let (Some((batch, now)), Some(info)) = (found, infos.get(&r.param)) else { continue };
        let Some(limit) = rules::limit_on(&info.limits, day) else { continue };
        for (interval, at, v) in &r.values {
            if let Some(x) = rules::judge(limit, *v, false) {
                new += ingest::record_exceedance(tx, info, *interval, *at, day, *v, limit, &x, batch, now)?;
            }
        }
    }
    Ok(new)
}

/// Proves `water_online_day`: every cached row equals its re-derivation from the readings, and
/// every outfall-day with online readings has its rows. Names the first difference.
pub fn check(conn: &Connection) -> Result<()> {
    let tz = crate::plant::require(conn)?.tz()?;
    let infos = ingest::param_infos(conn)?;
    // Every outfall-day with online data (readings of live params) or a cache row.
    let mut days: std::collections::BTreeSet<(String, NaiveDate)> = Default::default();
    {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT r.param, r.at / 3600 FROM water_reading r WHERE r.interval IN ('minute', 'hour', 'day')",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (p, h) = row?;
            if let Some(info) = infos.get(&p) {
                days.insert((info.outfall_id.clone(), ingest::local_day(h * 3600, tz)));
                days.insert((info.outfall_id.clone(), ingest::local_day(h * 3600 + 3599, tz)));
            }
        }
        let mut stmt = conn.prepare("SELECT DISTINCT param, local_date FROM water_online_day")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (p, d) = row?;
            let info = infos.get(&p).ok_or_else(|| Error::Schema(crate::msg::schema::water_online_day_holds(&p)))?;
            days.insert((info.outfall_id.clone(), time::parse_date("local_date", &d)?));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT valid_hours, hours, load_mg, flow_l, c_min, c_max, c_sum FROM water_online_day WHERE param = ?1 AND local_date = ?2",
    )?;
    let mut hours_stmt =
        conn.prepare("SELECT hour, n, vmin, vmax, vsum FROM water_series_hour WHERE param = ?1 AND hour >= ?2 AND hour < ?3 ORDER BY hour")?;
    for (outfall_id, day) in days {
        let derived = derive_day(conn, &infos, &outfall_id, day, tz)?;
        for p in infos.values().filter(|p| p.outfall_id == outfall_id) {
            let cached = stmt
                .query_row(params![p.n, day.to_string()], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<i64>>(3)?,
                        r.get::<_, Option<f64>>(4)?,
                        r.get::<_, Option<f64>>(5)?,
                        r.get::<_, Option<f64>>(6)?,
                    ))
                })
                .ok();
            let want = derived.iter().find(|d| d.param == p.n);
            let same = match (&cached, want) {
                (None, None) => true,
                (Some(c), Some(w)) => {
                    c.0 == w.valid_hours
                        && c.1 == w.hours
                        && c.2 == w.load_mg
                        && c.3 == w.flow_l
                        && close(c.4, w.c_min)
                        && close(c.5, w.c_max)
                        && close(c.6, w.c_sum)
                }
                _ => false,
            };
            if !same {
                return Err(Error::Schema(crate::msg::schema::water_online_day_does(
                    &p.code,
                    &day,
                    &(format!("{:?}", cached)),
                )));
            }
            let (s, e) = day_bounds(day, tz);
            let stats: Vec<HourStat> = hours_stmt
                .query_map(params![p.n, s, e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let want_stats = want.map(|w| w.hour_stats.clone()).unwrap_or_default();
            let stats_same = stats.len() == want_stats.len()
                && stats.iter().zip(&want_stats).all(|(a, b)| {
                    a.0 == b.0
                        && a.1 == b.1
                        && close(Some(a.2), Some(b.2))
                        && close(Some(a.3), Some(b.3))
                        && close(Some(a.4), Some(b.4))
                });
            if !stats_same {
                return Err(Error::Schema(crate::msg::schema::water_series_hour_does(&p.code, &day)));
            }
        }
    }
    Ok(())
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => false,
    }
}
