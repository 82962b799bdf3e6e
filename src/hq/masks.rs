//! The week cache summarised per plant and ISO year as bit masks (`hq_week_mask`; bit n−1 =
//! ISO week n): which weeks are received, late, restated, returned, accepted, anchor-broken.
//! The grid derives every cell's state and its counts from these rows and the plant's clocks,
//! and reads the week rows only for the plants on its page. Kept in the transactions that change
//! `hq_week` ([`refresh`]); proved by `hq::store::check` ([`derive`]).

use super::grid::clocks;
use super::settings;
use crate::error::Result;
use crate::sync::week::IsoWeek;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One plant-year's masks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Masks {
    pub received: u64,
    pub late: u64,
    pub restated: u64,
    pub returned: u64,
    pub accepted: u64,
    pub anchor_broken: u64,
    /// The `deadline_days` `late` was computed with (−1: not computed).
    pub deadline_days: i64,
}

/// The ISO year and week number of `YYYY-Www`.
pub(crate) fn split(week: &str) -> Option<(i32, u32)> {
    let y: i32 = week.get(..4)?.parse().ok()?;
    let n: u32 = week.get(6..8)?.parse().ok()?;
    (1..=53).contains(&n).then_some((y, n))
}

/// The first and last week text of ISO year `y` (for a range over `hq_week`'s key).
fn range(y: i32) -> (String, String) {
    (format!("{y:04}-W01"), format!("{y:04}-W53"))
}

/// One plant-year's masks derived from `hq_week` and `hq_anchor_break` (`None`: no week held),
/// in one pass over the plant-year's week rows.
pub(crate) fn derive(conn: &Connection, plant_id: &str, year: i32, deadline_days: i64) -> Result<Option<Masks>> {
    let (from, to) = range(year);
    let mut m = Masks { deadline_days, ..Masks::default() };
    let mut stmt = conn.prepare_cached(
        "SELECT w.week, w.max_revision, w.review_action, w.review_revision, w.first_received_at, pl.timezone,
                EXISTS (SELECT 1 FROM hq_anchor_break b JOIN hq_packet p ON p.id = b.packet_id
                        WHERE p.plant_id = w.plant_id AND p.week = w.week)
         FROM hq_week w JOIN hq_plant pl ON pl.id = w.plant_id
         WHERE w.plant_id = ?1 AND w.week BETWEEN ?2 AND ?3",
    )?;
    let mut rows = stmt.query(params![plant_id, from, to])?;
    let mut clk: Option<Vec<(String, String)>> = None;
    let mut any = false;
    while let Some(r) = rows.next()? {
        let week: String = r.get(0)?;
        let Some((_, n)) = split(&week) else { continue };
        let bit = 1u64 << (n - 1);
        let max: i64 = r.get(1)?;
        if max <= 0 {
            continue;
        }
        any = true;
        let action: Option<String> = r.get(2)?;
        let rev: Option<i64> = r.get(3)?;
        m.received |= bit;
        if max > 1 {
            m.restated |= bit;
        }
        match (action.as_deref(), rev) {
            (Some("accept"), _) => m.accepted |= bit,
            (Some("return"), Some(rv)) if rv >= max => m.returned |= bit,
            _ => {}
        }
        if clk.is_none() {
            let tz: String = r.get(5)?;
            clk = Some(clocks(&super::grid::weeks_of(year), &tz, deadline_days)?);
        }
        let first: String = r.get(4)?;
        if clk.as_ref().and_then(|c| c.get(n as usize - 1)).is_some_and(|c| first >= c.1) {
            m.late |= bit;
        }
        if r.get::<_, bool>(6)? {
            m.anchor_broken |= bit;
        }
    }
    Ok(any.then_some(m))
}

/// Re-derives the masks of the given plant-years (inside the caller's transaction).
pub(crate) fn refresh(conn: &Connection, pairs: &BTreeSet<(String, i32)>) -> Result<()> {
    let dd = settings::deadline_days(conn)?;
    for (plant, year) in pairs {
        match derive(conn, plant, *year, dd)? {
            Some(m) => {
                conn.prepare_cached(
                    "INSERT INTO hq_week_mask (plant_id, iso_year, received, late, restated, returned, accepted, anchor_broken, deadline_days)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (plant_id, iso_year) DO UPDATE SET received = excluded.received, late = excluded.late,
                       restated = excluded.restated, returned = excluded.returned, accepted = excluded.accepted,
                       anchor_broken = excluded.anchor_broken, deadline_days = excluded.deadline_days",
                )?
                .execute(params![
                    plant,
                    year,
                    m.received as i64,
                    m.late as i64,
                    m.restated as i64,
                    m.returned as i64,
                    m.accepted as i64,
                    m.anchor_broken as i64,
                    m.deadline_days
                ])?;
            }
            None => {
                conn.execute("DELETE FROM hq_week_mask WHERE plant_id = ?1 AND iso_year = ?2", params![plant, year])?;
            }
        }
    }
    Ok(())
}

/// The masks of one plant-week's year.
pub(crate) fn refresh_week(conn: &Connection, plant_id: &str, week: &str) -> Result<()> {
    if let Some((y, _)) = split(week) {
        refresh(conn, &BTreeSet::from([(plant_id.to_string(), y)]))?;
    }
    Ok(())
}

/// Every plant-year with a week held or a mask row (for `check` and a deadline change).
pub(crate) fn all_pairs(conn: &Connection) -> Result<BTreeSet<(String, i32)>> {
    let mut out: BTreeSet<(String, i32)> = conn
        .prepare("SELECT plant_id, iso_year FROM hq_week_mask")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let weeks: Vec<(String, i32)> = conn
        .prepare("SELECT DISTINCT plant_id, CAST(substr(week, 1, 4) AS INTEGER) FROM hq_week")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    out.extend(weeks);
    Ok(out)
}

/// The plant-years that hold a packet with an anchor break (a new packet can flag an older one).
pub(crate) fn anchor_pairs(conn: &Connection) -> Result<BTreeSet<(String, i32)>> {
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT DISTINCT p.plant_id, p.week FROM hq_anchor_break b JOIN hq_packet p ON p.id = b.packet_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(rows.into_iter().filter_map(|(p, w)| split(&w).map(|(y, _)| (p, y))).collect())
}

/// The columns [`from_row`] reads, in order.
const COLUMNS: &str = "received, late, restated, returned, accepted, anchor_broken, deadline_days";

/// A stored row's masks, its columns from index `at` on.
fn from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Masks> {
    let mask = |i: usize| r.get::<_, i64>(at + i).map(|v| v as u64);
    Ok(Masks {
        received: mask(0)?,
        late: mask(1)?,
        restated: mask(2)?,
        returned: mask(3)?,
        accepted: mask(4)?,
        anchor_broken: mask(5)?,
        deadline_days: r.get(at + 6)?,
    })
}

/// The stored masks of `year` per plant id; a row of one of `plants` computed with another
/// `deadline_days` than `deadline_days` is derived afresh here (not stored: reads never write).
pub(crate) fn of_year(
    conn: &Connection,
    year: i32,
    deadline_days: i64,
    plants: &HashSet<&str>,
) -> Result<HashMap<String, Masks>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT plant_id, {COLUMNS} FROM hq_week_mask WHERE iso_year = ?1"))?;
    let rows: Vec<(String, Masks)> =
        stmt.query_map([year], |r| Ok((r.get(0)?, from_row(r, 1)?)))?.collect::<std::result::Result<_, _>>()?;
    let mut out = HashMap::with_capacity(rows.len());
    for (plant, mut m) in rows {
        if m.deadline_days != deadline_days && plants.contains(plant.as_str()) {
            m = derive(conn, &plant, year, deadline_days)?.unwrap_or(m);
        }
        out.insert(plant, m);
    }
    Ok(out)
}

/// The stored row of one plant-year (for `check`).
pub(crate) fn stored(conn: &Connection, plant_id: &str, year: i32) -> Result<Option<Masks>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM hq_week_mask WHERE plant_id = ?1 AND iso_year = ?2"),
            params![plant_id, year],
            |r| from_row(r, 0),
        )
        .optional()?)
}

/// The bit of `week` in its ISO year's masks.
pub(crate) fn bit(week: &IsoWeek) -> u64 {
    1u64 << (week.week() - 1)
}
