//! The HQ caches and their check (design.md: derived state may be cached if a check proves the
//! cache equals the derivation).
//!
//! - `hq_week`: the **counted revision** of each plant-week — the revision an analyst accepted
//!   while that acceptance stands (accept locks the week for the appendix; a later restatement
//!   waits for review), else the highest revision received.
//! - `hq_plant_year`: each plant's figures of a calendar year from the counted revisions' month
//!   parts that lie wholly inside the plant's reporting boundary, aggregated as the registry
//!   says (sums of unrounded grams; `last` = the latest part's value; `max`).
//!
//! **Boundary rule**: a week's month part counts when its first day is on or after
//! `in_boundary_from` and its last day is before `out_of_boundary_from`. Parts are the finest
//! grain a packet carries, so a boundary date inside a part starts the count at the next part;
//! the appendix states this where it happens ([`boundary_note`]).

use crate::error::{Error, Result};
use crate::indicators::{self, Aggregation};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet};

/// Re-derives the counted revision of one plant-week.
pub(crate) fn refresh_week(conn: &Connection, plant_id: &str, week: &str) -> Result<()> {
    match counted(conn, plant_id, week)? {
        Some(pid) => conn.execute(
            "INSERT INTO hq_week (plant_id, week, packet_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (plant_id, week) DO UPDATE SET packet_id = excluded.packet_id",
            params![plant_id, week, pid],
        )?,
        None => conn.execute("DELETE FROM hq_week WHERE plant_id = ?1 AND week = ?2", params![plant_id, week])?,
    };
    Ok(())
}

/// The counted packet of a plant-week (derivation).
pub(crate) fn counted(conn: &Connection, plant_id: &str, week: &str) -> Result<Option<String>> {
    let last: Option<(String, String)> = conn
        .prepare_cached("SELECT action, packet_id FROM hq_review WHERE plant_id = ?1 AND week = ?2 ORDER BY at DESC, rowid DESC LIMIT 1")?
        .query_row(params![plant_id, week], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((action, pid)) = last {
        if action == "accept" {
            return Ok(Some(pid));
        }
    }
    Ok(conn
        .prepare_cached("SELECT id FROM hq_packet WHERE plant_id = ?1 AND week = ?2 ORDER BY revision DESC LIMIT 1")?
        .query_row(params![plant_id, week], |r| r.get(0))
        .optional()?)
}

/// The calendar years a week's parts fall in (one, or two across a year end).
pub(crate) fn years_of_week(week: &str) -> Result<Vec<i32>> {
    let monday = crate::sync::packet::parse_week("week", week)?;
    let sunday = monday + chrono::Duration::days(6);
    use chrono::Datelike;
    let mut ys = vec![monday.year()];
    if sunday.year() != monday.year() {
        ys.push(sunday.year());
    }
    Ok(ys)
}

/// The ISO weeks whose days can fall in `year` (`(Y-1)-W52` … `(Y+1)-W01`), as a text range.
pub(crate) fn week_range(year: i32) -> (String, String) {
    (format!("{:04}-W52", year - 1), format!("{:04}-W01", year + 1))
}

/// One plant-year's figures, derived from the counted revisions.
pub(crate) fn derive_plant_year(conn: &Connection, plant_id: &str, year: i32) -> Result<BTreeMap<String, i64>> {
    let (from_week, to_week) = week_range(year);
    let mut stmt = conn.prepare_cached(
        "SELECT pp.key, pp.last_day, pp.value FROM hq_week w
         JOIN hq_packet_part pp ON pp.packet_id = w.packet_id
         JOIN hq_plant p ON p.id = w.plant_id
         WHERE w.plant_id = ?1 AND w.week BETWEEN ?2 AND ?3 AND substr(pp.month, 1, 4) = ?4
           AND pp.first_day >= p.in_boundary_from
           AND (p.out_of_boundary_from IS NULL OR pp.last_day < p.out_of_boundary_from)
         ORDER BY pp.key, pp.last_day",
    )?;
    let rows = stmt.query_map(params![plant_id, from_week, to_week, format!("{year:04}")], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
    })?;
    let mut values: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for row in rows {
        let (key, _, v) = row?;
        values.entry(key).or_default().push(v);
    }
    let mut out = BTreeMap::new();
    for (key, vs) in values {
        let Some(ind) = indicators::get(&key) else { continue };
        let agg = match ind.aggregation {
            Aggregation::Sum => vs.iter().try_fold(0i64, |a, v| a.checked_add(*v)),
            _ => indicators::aggregate(ind.aggregation, &vs),
        };
        if let Some(v) = agg {
            out.insert(key, v);
        } else if ind.aggregation == Aggregation::Sum {
            return Err(Error::Internal(format!("{key}: the year's sum overflows")));
        }
    }
    Ok(out)
}

/// Re-derives one plant-year in the cache.
pub(crate) fn refresh_plant_year(conn: &Connection, plant_id: &str, year: i32) -> Result<()> {
    let figures = derive_plant_year(conn, plant_id, year)?;
    conn.execute("DELETE FROM hq_plant_year WHERE plant_id = ?1 AND year = ?2", params![plant_id, year])?;
    let mut ins =
        conn.prepare_cached("INSERT INTO hq_plant_year (plant_id, year, key, value) VALUES (?1, ?2, ?3, ?4)")?;
    for (k, v) in figures {
        ins.execute(params![plant_id, year, k, v])?;
    }
    Ok(())
}

/// Re-derives every year of a plant (after a boundary change).
pub(crate) fn refresh_plant_years(conn: &Connection, plant_id: &str) -> Result<()> {
    let weeks: Vec<String> = conn
        .prepare("SELECT week FROM hq_week WHERE plant_id = ?1")?
        .query_map([plant_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut years = BTreeSet::new();
    for w in weeks {
        years.extend(years_of_week(&w)?);
    }
    let cached: Vec<i32> = conn
        .prepare("SELECT DISTINCT year FROM hq_plant_year WHERE plant_id = ?1")?
        .query_map([plant_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    years.extend(cached);
    for y in years {
        refresh_plant_year(conn, plant_id, y)?;
    }
    Ok(())
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CacheCheck {
    pub weeks_checked: usize,
    pub plant_years_checked: usize,
    /// The first difference, worded; `None` when the caches equal their derivation.
    pub first_difference: Option<String>,
}

/// Re-derives both caches and compares them with what is stored; also re-derives every
/// packet's parts from its signed envelope.
pub fn check(conn: &Connection) -> Result<CacheCheck> {
    let mut report = CacheCheck { weeks_checked: 0, plant_years_checked: 0, first_difference: None };
    let pairs: Vec<(String, String)> = conn
        .prepare("SELECT DISTINCT plant_id, week FROM hq_packet UNION SELECT plant_id, week FROM hq_week")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut plant_years = BTreeSet::new();
    for (plant, week) in &pairs {
        report.weeks_checked += 1;
        let want = counted(conn, plant, week)?;
        let have: Option<String> = conn
            .query_row("SELECT packet_id FROM hq_week WHERE plant_id = ?1 AND week = ?2", params![plant, week], |r| {
                r.get(0)
            })
            .optional()?;
        if want != have && report.first_difference.is_none() {
            report.first_difference = Some(format!("hq_week {plant} {week}: cached {have:?}, derived {want:?}"));
        }
        for y in years_of_week(week)? {
            plant_years.insert((plant.clone(), y));
        }
    }
    let cached: Vec<(String, i32)> = conn
        .prepare("SELECT DISTINCT plant_id, year FROM hq_plant_year")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    plant_years.extend(cached);
    for (plant, y) in plant_years {
        report.plant_years_checked += 1;
        let want = derive_plant_year(conn, &plant, y)?;
        let have: BTreeMap<String, i64> = conn
            .prepare("SELECT key, value FROM hq_plant_year WHERE plant_id = ?1 AND year = ?2")?
            .query_map(params![plant, y], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if want != have && report.first_difference.is_none() {
            report.first_difference = Some(format!("hq_plant_year {plant} {y}: cached {have:?}, derived {want:?}"));
        }
    }
    if report.first_difference.is_none() {
        report.first_difference = super::import::check_parts(conn)?;
    }
    Ok(report)
}

/// Where a plant's boundary date falls inside a week's month part, the sentence that says
/// from which day its figures count.
pub fn boundary_note(in_boundary_from: chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::Datelike;
    let d = in_boundary_from;
    // A part starts on a Monday or on the 1st of a month.
    if d.weekday() == chrono::Weekday::Mon || d.day() == 1 {
        return None;
    }
    let next_monday = d + chrono::Duration::days(7 - d.weekday().num_days_from_monday() as i64);
    let next_first = chrono::NaiveDate::from_ymd_opt(
        if d.month() == 12 { d.year() + 1 } else { d.year() },
        if d.month() == 12 { 1 } else { d.month() + 1 },
        1,
    )
    .expect("valid date");
    Some((d, next_monday.min(next_first)))
}
