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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
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
    tz: String,
    from: NaiveDate,
    until: Option<NaiveDate>,
}

/// What the cache says of one plant-week.
#[derive(Clone, Default)]
struct WeekFacts {
    max_revision: i64,
    counted_revision: i64,
    first_received: String,
    review: Option<(String, i64)>,
    anchor: Option<AnchorBreak>,
}

/// Per time zone and week: (the instant the week closes, its deadline), as UTC text (the
/// format `received_at` is stored in, so they compare as text).
pub(crate) fn clocks(weeks: &[IsoWeek], tz: &str, deadline_days: i64) -> Result<Vec<(String, String)>> {
    let tz = time::parse_tz("timezone", tz)?;
    Ok(weeks
        .iter()
        .map(|w| {
            let closed = time::local_day_start_utc(w.sunday() + Duration::days(1), tz);
            let deadline = time::local_day_start_utc(w.sunday() + Duration::days(deadline_days + 1), tz);
            (time::to_db(closed), time::to_db(deadline))
        })
        .collect())
}

/// The grid (see the module doc). `now` decides due / missing.
pub fn grid(conn: &Connection, q: &GridQuery, now: DateTime<Utc>) -> Result<Grid> {
    grid_with(conn, q, now, true)
}

/// The counts of a year's grid over every plant, without building any row (the appendix's
/// coverage line).
pub fn counts(conn: &Connection, year: i32, now: DateTime<Utc>) -> Result<(u32, GridCounts)> {
    let g = grid_with(conn, &GridQuery { year, ..Default::default() }, now, false)?;
    Ok((g.plants_total, g.counts))
}

fn grid_with(conn: &Connection, q: &GridQuery, now: DateTime<Utc>, build_rows: bool) -> Result<Grid> {
    super::require(conn)?;
    if !(1900..=2999).contains(&q.year) {
        return Err(Error::invalid("year", crate::msg::hq::not_reporting_year(&q.year)));
    }
    let deadline_days = settings::deadline_days(conn)?;
    let weeks = weeks_of(q.year);
    let week_names: Vec<String> = weeks.iter().map(|w| w.to_string()).collect();
    let (w_from, w_to) = (week_names[0].clone(), week_names[week_names.len() - 1].clone());
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
                tz,
                from: time::parse_date("in_boundary_from", &from)?,
                until: until.map(|u| time::parse_date("out_of_boundary_from", &u)).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    let nweeks = weeks.len();
    // Every cell's state from the plant-year masks (one row per plant) and the plant's clocks.
    let ids: std::collections::HashSet<&str> = plants.iter().map(|p| p.id.as_str()).collect();
    let masks = super::masks::of_year(conn, q.year, deadline_days, &ids)?;
    let now_text = time::to_db(now);
    let mut tz_clocks: HashMap<String, Vec<(String, String)>> = HashMap::new();
    // (state, late, restated, anchor broken) per cell, plant-major.
    let mut states: Vec<(CellState, bool, bool, bool)> = Vec::with_capacity(plants.len() * nweeks);
    for p in &plants {
        if !tz_clocks.contains_key(&p.tz) {
            tz_clocks.insert(p.tz.clone(), clocks(&weeks, &p.tz, deadline_days)?);
        }
        let clk = &tz_clocks[&p.tz];
        let m = masks.get(&p.id).copied().unwrap_or_default();
        for (wi, w) in weeks.iter().enumerate() {
            let bit = super::masks::bit(w);
            let (closed, deadline) = (&clk[wi].0, &clk[wi].1);
            let inside = w.sunday() >= p.from && p.until.is_none_or(|u| w.monday() < u);
            let state = if m.received & bit != 0 {
                if m.accepted & bit != 0 {
                    CellState::Accepted
                } else if m.returned & bit != 0 {
                    CellState::Returned
                } else {
                    CellState::Received
                }
            } else if !inside || now_text < *closed {
                CellState::NotExpected
            } else if now_text < *deadline {
                CellState::Due
            } else {
                CellState::Missing
            };
            states.push((state, m.late & bit != 0, m.restated & bit != 0, m.anchor_broken & bit != 0));
        }
    }
    let flags = |pi: usize, wi: usize| -> (CellState, bool, bool, bool) { states[pi * nweeks + wi] };
    let wanted = |pi: usize| -> bool {
        q.only.is_empty()
            || (0..nweeks).any(|wi| {
                let (state, late, restated, anchor) = flags(pi, wi);
                q.only.iter().any(|o| match o.as_str() {
                    "late" => late,
                    "restated" => restated,
                    "anchor_broken" => anchor,
                    s => state.as_str() == s,
                })
            })
    };
    let selected: Vec<usize> = (0..plants.len()).filter(|&pi| wanted(pi)).collect();
    let mut counts = GridCounts::default();
    for &pi in &selected {
        for wi in 0..nweeks {
            let (state, late, restated, anchor) = flags(pi, wi);
            if state != CellState::NotExpected {
                counts.expected += 1;
            }
            match state {
                CellState::Due => counts.due += 1,
                CellState::Missing => counts.missing += 1,
                CellState::Returned => counts.returned += 1,
                CellState::Accepted => counts.accepted += 1,
                _ => {}
            }
            if matches!(state, CellState::Received | CellState::Returned | CellState::Accepted) {
                counts.received += 1;
            }
            counts.late += late as u32;
            counts.restated += restated as u32;
            counts.anchor_broken += anchor as u32;
        }
    }
    // Pass 2: the page's rows in full.
    let plants_total = selected.len() as u32;
    let start = (q.offset as usize).min(selected.len());
    let end = match (build_rows, q.limit) {
        (false, _) => start,
        (true, 0) => selected.len(),
        (true, limit) => (start + limit as usize).min(selected.len()),
    };
    let mut rows = Vec::with_capacity(end - start);
    for &pi in &selected[start..end] {
        let p = &plants[pi];
        let clk = &tz_clocks[&p.tz];
        let facts = page_facts(conn, &p.id, &w_from, &w_to, nweeks)?;
        let cells = (0..nweeks)
            .map(|wi| {
                let (state, late, restated, _) = flags(pi, wi);
                let f = facts[wi].as_ref().filter(|f| f.max_revision > 0);
                Cell {
                    week: week_names[wi].clone(),
                    state,
                    revision: f.map(|f| f.max_revision),
                    counted_revision: f.map(|f| f.counted_revision),
                    late,
                    restated,
                    restated_after_review: f
                        .is_some_and(|f| matches!(&f.review, Some((a, rev)) if a == "accept" && *rev < f.max_revision)),
                    anchor_broken: facts[wi].as_ref().and_then(|f| f.anchor.clone()),
                    first_received_at: f.map(|f| f.first_received.clone()),
                    deadline: clk[wi].1.clone(),
                }
            })
            .collect();
        rows.push(GridRow {
            plant_code: p.code.clone(),
            plant_name: p.name.clone(),
            segment_code: p.segment.clone(),
            cells,
        });
    }
    Ok(Grid { year: q.year, weeks: week_names, deadline_days, counts, plants_total, rows })
}

/// One plant's week rows and anchor breaks for weeks `[from, to]` of one ISO year (a page row).
fn page_facts(
    conn: &Connection,
    plant_id: &str,
    from: &str,
    to: &str,
    nweeks: usize,
) -> Result<Vec<Option<WeekFacts>>> {
    let mut facts: Vec<Option<WeekFacts>> = vec![None; nweeks];
    let index = |w: &str| super::masks::split(w).map(|(_, n)| n as usize - 1).filter(|&i| i < nweeks);
    let mut stmt = conn.prepare_cached(
        "SELECT week, max_revision, counted_revision, first_received_at, review_action, review_revision
         FROM hq_week WHERE plant_id = ?1 AND week BETWEEN ?2 AND ?3",
    )?;
    let mut rows = stmt.query(params![plant_id, from, to])?;
    while let Some(r) = rows.next()? {
        let week: String = r.get(0)?;
        let Some(wi) = index(&week) else { continue };
        let action: Option<String> = r.get(4)?;
        let rev: Option<i64> = r.get(5)?;
        facts[wi] = Some(WeekFacts {
            max_revision: r.get(1)?,
            counted_revision: r.get(2)?,
            first_received: r.get(3)?,
            review: action.zip(rev),
            anchor: None,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.week, p.revision, b.seq, b.held_hash, b.now_hash FROM hq_anchor_break b
         JOIN hq_packet p ON p.id = b.packet_id WHERE p.plant_id = ?1 AND p.week BETWEEN ?2 AND ?3
         ORDER BY p.revision, b.seq",
    )?;
    let mut rows = stmt.query(params![plant_id, from, to])?;
    while let Some(r) = rows.next()? {
        let week: String = r.get(0)?;
        let Some(wi) = index(&week) else { continue };
        let brk = AnchorBreak {
            seq: r.get(2)?,
            held_hash: r.get(3)?,
            now_hash: r.get(4)?,
            in_week: week,
            in_revision: r.get(1)?,
        };
        facts[wi].get_or_insert_with(WeekFacts::default).anchor.get_or_insert(brk);
    }
    Ok(facts)
}

/// Every anchor break among the packets of weeks `[from, to]`: `(plant_id, week, break)`.
pub fn anchor_breaks(conn: &Connection, from: &str, to: &str) -> Result<Vec<(String, String, AnchorBreak)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.plant_id, p.week, p.revision, b.seq, b.held_hash, b.now_hash FROM hq_anchor_break b
         JOIN hq_packet p ON p.id = b.packet_id WHERE p.week BETWEEN ?1 AND ?2 ORDER BY p.week, p.revision, b.seq",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let week: String = r.get(1)?;
        out.push((
            r.get(0)?,
            week.clone(),
            AnchorBreak {
                seq: r.get(3)?,
                held_hash: r.get(4)?,
                now_hash: r.get(5)?,
                in_week: week,
                in_revision: r.get(2)?,
            },
        ));
    }
    Ok(out)
}
