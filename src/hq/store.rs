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

/// What `hq_week` holds of a plant-week (derivation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WeekRow {
    pub packet_id: String,
    pub counted_revision: i64,
    pub max_revision: i64,
    pub first_received_at: String,
    pub review_action: Option<String>,
    pub review_revision: Option<i64>,
}

pub(crate) fn derive_week(conn: &Connection, plant_id: &str, week: &str) -> Result<Option<WeekRow>> {
    // The highest revision, with the week's first receipt and highest revision number.
    let top: Option<(String, i64, String)> = conn
        .prepare_cached(
            "SELECT id, revision, (SELECT min(received_at) FROM hq_packet WHERE plant_id = ?1 AND week = ?2)
             FROM hq_packet WHERE plant_id = ?1 AND week = ?2 ORDER BY revision DESC LIMIT 1",
        )?
        .query_row(params![plant_id, week], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((top_id, max_revision, first_received_at)) = top else { return Ok(None) };
    // The latest decision, and the revision it was about.
    let review: Option<(String, String, i64)> = conn
        .prepare_cached(
            "SELECT v.action, v.packet_id, p.revision FROM hq_review v JOIN hq_packet p ON p.id = v.packet_id
             WHERE v.plant_id = ?1 AND v.week = ?2 ORDER BY v.at DESC, v.rowid DESC LIMIT 1",
        )?
        .query_row(params![plant_id, week], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (packet_id, counted_revision) = match &review {
        Some((a, pid, rev)) if a == "accept" => (pid.clone(), *rev),
        _ => (top_id, max_revision),
    };
    Ok(Some(WeekRow {
        packet_id,
        counted_revision,
        max_revision,
        first_received_at,
        review_action: review.as_ref().map(|r| r.0.clone()),
        review_revision: review.map(|r| r.2),
    }))
}

/// Re-derives one plant-week's row of the cache.
pub(crate) fn refresh_week(conn: &Connection, plant_id: &str, week: &str) -> Result<()> {
    match derive_week(conn, plant_id, week)? {
        Some(w) => conn.prepare_cached(
            "INSERT INTO hq_week (plant_id, week, packet_id, counted_revision, max_revision, first_received_at, review_action, review_revision)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (plant_id, week) DO UPDATE SET packet_id = excluded.packet_id,
               counted_revision = excluded.counted_revision, max_revision = excluded.max_revision,
               first_received_at = excluded.first_received_at, review_action = excluded.review_action,
               review_revision = excluded.review_revision",
        )?
        .execute(params![
            plant_id,
            week,
            w.packet_id,
            w.counted_revision,
            w.max_revision,
            w.first_received_at,
            w.review_action,
            w.review_revision
        ])?,
        None => conn.execute("DELETE FROM hq_week WHERE plant_id = ?1 AND week = ?2", params![plant_id, week])?,
    };
    Ok(())
}

/// Re-derives the cache rows of every plant-week an import run touched. The common case — a
/// week's first packet, no decision yet — is one set-based insert; every other touched week
/// (a restatement, a week under review) goes through [`refresh_week`].
pub(crate) fn refresh_weeks_of_run(conn: &Connection, import_id: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO hq_week (plant_id, week, packet_id, counted_revision, max_revision, first_received_at, review_action, review_revision)
         SELECT p.plant_id, p.week, p.id, p.revision, p.revision, p.received_at, NULL, NULL FROM hq_packet p
         WHERE p.import_id = ?1
           AND NOT EXISTS (SELECT 1 FROM hq_packet o WHERE o.plant_id = p.plant_id AND o.week = p.week AND o.id <> p.id)
           AND NOT EXISTS (SELECT 1 FROM hq_review v WHERE v.plant_id = p.plant_id AND v.week = p.week)
           AND NOT EXISTS (SELECT 1 FROM hq_week w WHERE w.plant_id = p.plant_id AND w.week = p.week)",
        [import_id],
    )?;
    let rest: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT DISTINCT p.plant_id, p.week FROM hq_packet p WHERE p.import_id = ?1
             AND NOT EXISTS (SELECT 1 FROM hq_week w WHERE w.plant_id = p.plant_id AND w.week = p.week AND w.packet_id = p.id
                             AND NOT EXISTS (SELECT 1 FROM hq_packet o WHERE o.plant_id = p.plant_id AND o.week = p.week AND o.id <> p.id))",
        )?
        .query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for (plant, week) in rest {
        refresh_week(conn, &plant, &week)?;
    }
    Ok(())
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
        "SELECT m.figures FROM hq_week w
         JOIN hq_packet_month m ON m.packet_id = w.packet_id
         JOIN hq_plant p ON p.id = w.plant_id
         WHERE w.plant_id = ?1 AND w.week BETWEEN ?2 AND ?3 AND substr(m.month, 1, 4) = ?4
           AND m.first_day >= p.in_boundary_from
           AND (p.out_of_boundary_from IS NULL OR m.last_day < p.out_of_boundary_from)
         ORDER BY m.last_day",
    )?;
    let mut rows = stmt.query(params![plant_id, from_week, to_week, format!("{year:04}")])?;
    let mut values: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(0)?;
        for (k, v) in parse_figures(&text)? {
            values.entry(k).or_default().push(v);
        }
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

/// A month part's `{key: value}` JSON.
pub(crate) fn parse_figures(text: &str) -> Result<BTreeMap<String, i64>> {
    serde_json::from_str(text).map_err(|e| Error::Internal(format!("hq_packet_month figures: {e}")))
}

/// Records the anchor breaks the packets of an import run show against every packet held, in
/// both directions and set-based: each new packet's `prev_anchor` against the head held at that
/// seq; held packets' anchors against each new packet's head; another packet naming a different
/// head at a new packet's head seq.
pub(crate) fn detect_anchor_breaks_of_run(conn: &Connection, import_id: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO hq_anchor_break (packet_id, seq, held_hash, now_hash)
         SELECT p.id, p.prev_seq, q.head_hash, p.prev_hash FROM hq_packet p
         JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.prev_seq
         WHERE p.import_id = ?1 AND p.prev_seq IS NOT NULL AND q.head_hash <> p.prev_hash",
        [import_id],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO hq_anchor_break (packet_id, seq, held_hash, now_hash)
         SELECT r.id, r.prev_seq, p.head_hash, r.prev_hash FROM hq_packet p
         JOIN hq_packet r ON r.plant_id = p.plant_id AND r.prev_seq = p.head_seq
         WHERE p.import_id = ?1 AND p.head_seq IS NOT NULL AND r.prev_hash <> p.head_hash",
        [import_id],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO hq_anchor_break (packet_id, seq, held_hash, now_hash)
         SELECT p.id, p.head_seq, q.head_hash, p.head_hash FROM hq_packet p
         JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.head_seq AND q.id <> p.id
         WHERE p.import_id = ?1 AND p.head_seq IS NOT NULL AND q.head_hash <> p.head_hash",
        [import_id],
    )?;
    Ok(())
}

/// Every anchor break of every packet, derived from scratch: `(packet_id, seq, held, now)`.
fn derive_anchor_breaks(conn: &Connection) -> Result<BTreeSet<(String, i64, String, String)>> {
    let mut out = BTreeSet::new();
    let q1 = "SELECT p.id, p.prev_seq, q.head_hash, p.prev_hash FROM hq_packet p
              JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.prev_seq WHERE q.head_hash <> p.prev_hash";
    let q2 = "SELECT p.id, p.head_seq, q.head_hash, p.head_hash FROM hq_packet p
              JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.head_seq AND q.id <> p.id WHERE q.head_hash <> p.head_hash";
    for q in [q1, q2] {
        let mut stmt = conn.prepare(q)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.insert((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
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
        let want = derive_week(conn, plant, week)?;
        let have: Option<WeekRow> = conn
            .query_row(
                "SELECT packet_id, counted_revision, max_revision, first_received_at, review_action, review_revision
                 FROM hq_week WHERE plant_id = ?1 AND week = ?2",
                params![plant, week],
                |r| {
                    Ok(WeekRow {
                        packet_id: r.get(0)?,
                        counted_revision: r.get(1)?,
                        max_revision: r.get(2)?,
                        first_received_at: r.get(3)?,
                        review_action: r.get(4)?,
                        review_revision: r.get(5)?,
                    })
                },
            )
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
        let want = derive_anchor_breaks(conn)?;
        let have: BTreeSet<(String, i64, String, String)> = conn
            .prepare("SELECT packet_id, seq, held_hash, now_hash FROM hq_anchor_break")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if want != have {
            report.first_difference =
                Some(format!("hq_anchor_break: cached {} break(s), derived {}", have.len(), want.len()));
        }
    }
    if report.first_difference.is_none() {
        let dd = super::settings::deadline_days(conn)?;
        for (plant, y) in super::masks::all_pairs(conn)? {
            let want = super::masks::derive(conn, &plant, y, dd)?;
            let mut have = super::masks::stored(conn, &plant, y)?;
            // A row computed with another deadline is read with its late weeks recomputed.
            if let (Some(h), Some(w)) = (have.as_mut(), want.as_ref()) {
                if h.deadline_days != dd {
                    h.late = w.late;
                    h.deadline_days = dd;
                }
            }
            if want != have {
                report.first_difference = Some(format!("hq_week_mask {plant} {y}: cached {have:?}, derived {want:?}"));
                break;
            }
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
