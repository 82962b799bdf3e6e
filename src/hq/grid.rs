//! The review grid (issue 11 item 5): week × plant for a reporting year, each cell with its
//! state and flags — received, late (first packet after the deadline), missing (deadline passed,
//! nothing received), restated, returned, accepted, anchor broken — filterable by segment, with
//! counts. Derived on every read from the packets and the review decisions.
//!
//! **Deadline**: the end of the plant-local day `deadline_days` (HQ setting) after the week's
//! Sunday. **Received** is the mailbox's date for mail, the signing time for a packet file.
//! **Anchor broken**: a packet's `prev_anchor` (the plant's chain at the seq its previous packet
//! signed as head) differs from the head HQ holds at that seq — the plant's trail up to there
//! was rewritten since; both hashes are shown. Two packets naming different heads at one seq
//! are the same proof.

use super::settings;
use crate::error::{Error, Result};
use crate::sync::week::IsoWeek;
use crate::time;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;

crate::text_enum! {
    /// A cell's headline state (the flags say the rest).
    pub enum CellState {
        /// Before the plant's boundary (or after it), or the week has not closed: nothing expected.
        NotExpected = "not_expected",
        /// Closed, deadline not passed, nothing yet.
        Due = "due",
        Missing = "missing",
        /// Received, waiting for review.
        Received = "received",
        /// Returned to the plant; waiting for its restatement.
        Returned = "returned",
        Accepted = "accepted",
    }
}

/// A rewritten plant history: the head HQ holds and what a later packet says it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AnchorBreak {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// The head hash at `seq` in the packet received before.
    pub held_hash: String,
    /// The hash at `seq` the later packet signed.
    pub now_hash: String,
    /// The later packet's week and revision.
    pub in_week: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub in_revision: i64,
}

/// One plant-week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Cell {
    pub week: String,
    pub state: CellState,
    /// The highest revision received.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub revision: Option<i64>,
    /// The revision counted in the appendix (the accepted one while accepted).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub counted_revision: Option<i64>,
    pub late: bool,
    pub restated: bool,
    /// A revision newer than the accepted one arrived: it waits for review.
    pub restated_after_review: bool,
    pub anchor_broken: Option<AnchorBreak>,
    /// UTC of the first packet received.
    pub first_received_at: Option<String>,
    pub deadline: String,
}

/// One plant's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridRow {
    pub plant_code: String,
    pub plant_name: String,
    pub segment_code: String,
    pub cells: Vec<Cell>,
}

/// Counts over the whole filtered grid (not only the page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridCounts {
    pub expected: u32,
    pub received: u32,
    pub due: u32,
    pub missing: u32,
    pub late: u32,
    pub restated: u32,
    pub returned: u32,
    pub accepted: u32,
    pub anchor_broken: u32,
}

/// The grid of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Grid {
    pub year: i32,
    pub weeks: Vec<String>,
    pub deadline_days: i64,
    pub counts: GridCounts,
    /// Plants in the filter (all pages).
    pub plants_total: u32,
    pub rows: Vec<GridRow>,
}

/// What to show.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridQuery {
    pub year: i32,
    pub segment_code: Option<String>,
    /// Only plants with a cell in one of these states or flags (`late`, `restated`,
    /// `anchor_broken`, or a state name); empty = all.
    #[serde(default)]
    pub only: Vec<String>,
    pub offset: u32,
    /// 0 = every plant.
    pub limit: u32,
}

/// The ISO weeks of an ISO year (52 or 53).
pub fn weeks_of(year: i32) -> Vec<IsoWeek> {
    let mut out = Vec::new();
    let mut w = match IsoWeek::parse("year", &format!("{year:04}-W01")) {
        Ok(w) => w,
        Err(_) => return out,
    };
    while w.year() == year {
        out.push(w);
        w = w.next();
    }
    out
}

struct PlantMeta {
    id: String,
    code: String,
    name: String,
    segment: String,
    tz: chrono_tz::Tz,
    from: NaiveDate,
    until: Option<NaiveDate>,
}

#[derive(Default)]
struct WeekFacts {
    first_received: Option<String>,
    max_revision: i64,
    /// (action, revision reviewed) of the latest decision.
    review: Option<(String, i64)>,
    counted_revision: Option<i64>,
    anchor: Option<AnchorBreak>,
}

/// The grid (see the module doc). `now` decides due / missing.
pub fn grid(conn: &Connection, q: &GridQuery, now: DateTime<Utc>) -> Result<Grid> {
    super::require(conn)?;
    if !(1900..=2999).contains(&q.year) {
        return Err(Error::invalid("year", format!("{} is not a reporting year", q.year)));
    }
    let deadline_days = settings::deadline_days(conn)?;
    let weeks = weeks_of(q.year);
    let (w_from, w_to) = (weeks[0].to_string(), weeks[weeks.len() - 1].to_string());
    let seg = q.segment_code.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.code, p.name, s.code, p.timezone, p.in_boundary_from, p.out_of_boundary_from
         FROM hq_plant p JOIN hq_segment s ON s.id = p.segment_id WHERE ?1 IS NULL OR s.code = ?1 ORDER BY s.ord, p.code",
    )?;
    let plants: Vec<PlantMeta> = stmt
        .query_map([seg], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .map(|row| {
            let (id, code, name, segment, tz, from, until) = row?;
            Ok(PlantMeta {
                id,
                code,
                name,
                segment,
                tz: time::parse_tz("timezone", &tz)?,
                from: time::parse_date("in_boundary_from", &from)?,
                until: until.map(|u| time::parse_date("out_of_boundary_from", &u)).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    // Facts per plant-week of the year.
    let mut facts: HashMap<(String, String), WeekFacts> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT plant_id, week, min(received_at), max(revision) FROM hq_packet WHERE week BETWEEN ?1 AND ?2 GROUP BY plant_id, week",
    )?;
    let mut rows = stmt.query(params![w_from, w_to])?;
    while let Some(r) = rows.next()? {
        let f = facts.entry((r.get(0)?, r.get(1)?)).or_default();
        f.first_received = r.get(2)?;
        f.max_revision = r.get(3)?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT v.plant_id, v.week, v.action, p.revision FROM hq_review v JOIN hq_packet p ON p.id = v.packet_id
         WHERE v.week BETWEEN ?1 AND ?2 ORDER BY v.at, v.rowid",
    )?;
    let mut rows = stmt.query(params![w_from, w_to])?;
    while let Some(r) = rows.next()? {
        let f = facts.entry((r.get(0)?, r.get(1)?)).or_default();
        f.review = Some((r.get(2)?, r.get(3)?));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT w.plant_id, w.week, p.revision FROM hq_week w JOIN hq_packet p ON p.id = w.packet_id WHERE w.week BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![w_from, w_to])?;
    while let Some(r) = rows.next()? {
        let f = facts.entry((r.get(0)?, r.get(1)?)).or_default();
        f.counted_revision = Some(r.get(2)?);
    }
    for b in anchor_breaks(conn, &w_from, &w_to)? {
        let (plant, week, brk) = b;
        facts.entry((plant, week)).or_default().anchor.get_or_insert(brk);
    }

    let mut counts = GridCounts::default();
    let mut all_rows = Vec::with_capacity(plants.len());
    for p in &plants {
        let mut cells = Vec::with_capacity(weeks.len());
        for w in &weeks {
            let key = (p.id.clone(), w.to_string());
            let f = facts.get(&key);
            let deadline_day = w.sunday() + Duration::days(deadline_days);
            let deadline = time::local_day_start_utc(deadline_day + Duration::days(1), p.tz);
            let closed = now >= time::local_day_start_utc(w.sunday() + Duration::days(1), p.tz);
            let inside = w.sunday() >= p.from && p.until.is_none_or(|u| w.monday() < u);
            let received = f.is_some_and(|f| f.max_revision > 0);
            let late = f
                .and_then(|f| f.first_received.as_deref())
                .and_then(|t| time::from_db(t).ok())
                .is_some_and(|t| t >= deadline);
            let review = f.and_then(|f| f.review.clone());
            let max_rev = f.map(|f| f.max_revision).unwrap_or(0);
            let state = if received {
                match &review {
                    Some((a, rev)) if a == "accept" => {
                        let _ = rev;
                        CellState::Accepted
                    }
                    Some((a, rev)) if a == "return" && *rev >= max_rev => CellState::Returned,
                    _ => CellState::Received,
                }
            } else if !inside || !closed {
                CellState::NotExpected
            } else if now < deadline {
                CellState::Due
            } else {
                CellState::Missing
            };
            let restated_after_review = matches!(&review, Some((a, rev)) if a == "accept" && *rev < max_rev);
            let cell = Cell {
                week: w.to_string(),
                state,
                revision: received.then_some(max_rev),
                counted_revision: f.and_then(|f| f.counted_revision),
                late,
                restated: max_rev > 1,
                restated_after_review,
                anchor_broken: f.and_then(|f| f.anchor.clone()),
                first_received_at: f.and_then(|f| f.first_received.clone()),
                deadline: time::to_db(deadline),
            };
            cells.push(cell);
        }
        all_rows.push(GridRow {
            plant_code: p.code.clone(),
            plant_name: p.name.clone(),
            segment_code: p.segment.clone(),
            cells,
        });
    }
    let wanted = |c: &Cell| -> bool {
        q.only.is_empty()
            || q.only.iter().any(|o| match o.as_str() {
                "late" => c.late,
                "restated" => c.restated,
                "anchor_broken" => c.anchor_broken.is_some(),
                s => c.state.as_str() == s,
            })
    };
    let mut filtered: Vec<GridRow> = all_rows.into_iter().filter(|r| r.cells.iter().any(wanted)).collect();
    for r in &filtered {
        for c in &r.cells {
            if c.state != CellState::NotExpected {
                counts.expected += 1;
            }
            match c.state {
                CellState::Due => counts.due += 1,
                CellState::Missing => counts.missing += 1,
                CellState::Returned => counts.returned += 1,
                CellState::Accepted => counts.accepted += 1,
                _ => {}
            }
            if c.revision.is_some() {
                counts.received += 1;
            }
            counts.late += c.late as u32;
            counts.restated += c.restated as u32;
            counts.anchor_broken += c.anchor_broken.is_some() as u32;
        }
    }
    let plants_total = filtered.len() as u32;
    let start = (q.offset as usize).min(filtered.len());
    let end = if q.limit == 0 { filtered.len() } else { (start + q.limit as usize).min(filtered.len()) };
    let rows: Vec<GridRow> = filtered.drain(start..end).collect();
    Ok(Grid {
        year: q.year,
        weeks: weeks.iter().map(|w| w.to_string()).collect(),
        deadline_days,
        counts,
        plants_total,
        rows,
    })
}

/// Every anchor break among the packets of weeks `[from, to]`: `(plant_id, week, break)`.
pub fn anchor_breaks(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, String, AnchorBreak)>> {
    let mut out = Vec::new();
    // A later packet's prev_anchor against the head HQ holds at that seq.
    let mut stmt = conn.prepare_cached(
        "SELECT p.plant_id, p.week, p.revision, p.prev_seq, p.prev_hash, q.head_hash FROM hq_packet p
         JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.prev_seq
         WHERE p.week BETWEEN ?1 AND ?2 AND p.prev_seq IS NOT NULL AND q.head_hash <> p.prev_hash",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        out.push((
            r.get(0)?,
            r.get(1)?,
            AnchorBreak {
                seq: r.get(3)?,
                held_hash: r.get(5)?,
                now_hash: r.get(4)?,
                in_week: r.get(1)?,
                in_revision: r.get(2)?,
            },
        ));
    }
    // Two packets naming different heads at one seq.
    let mut stmt = conn.prepare_cached(
        "SELECT p.plant_id, p.week, p.revision, p.head_seq, q.head_hash, p.head_hash FROM hq_packet p
         JOIN hq_packet q ON q.plant_id = p.plant_id AND q.head_seq = p.head_seq AND q.id < p.id
         WHERE p.week BETWEEN ?1 AND ?2 AND q.head_hash <> p.head_hash",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        out.push((
            r.get(0)?,
            r.get(1)?,
            AnchorBreak {
                seq: r.get(3)?,
                held_hash: r.get(4)?,
                now_hash: r.get(5)?,
                in_week: r.get(1)?,
                in_revision: r.get(2)?,
            },
        ));
    }
    Ok(out)
}
