//! Hazard KPIs of plant-local days `[from, to]` (domain.md §8.4), one definition for the screen,
//! the CLI, the weekly figures and the report:
//!
//! - found: hazards found in the range; closed: closed (销号) in the range;
//! - **按期整改完成率** (on-time rate) = hazards whose deadline falls in the range and that were
//!   closed by that deadline ÷ hazards whose deadline falls in the range — a ratio of sums, so
//!   weeks, plants and segments combine by adding numerators and denominators, never by
//!   averaging rates ([`ON_TIME_DEFINITION`]);
//! - open, overdue-open and major-open at the end of `to`;
//! - mean days from found to closed of those closed in the range;
//! - found by area and by LEC grade; every count per area or grade ([`by_group`], the same
//!   row sets, so the groups add up to the totals).
//!
//! Read-only; the deadline is the current one (after extensions).

use super::hazard::HazardLevel;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// The formula and its version, written next to the number wherever it is shown.
pub const ON_TIME_DEFINITION: &str = "on_time_rate v1 = count(deadline in period AND closed_on <= deadline) / \
     count(deadline in period); deadline = the latest extended one";

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HazardKpis {
    pub from: String,
    pub to: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub found: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub closed: i64,
    /// Deadline in the range (the on-time rate's denominator).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub due: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub closed_on_time: i64,
    /// closed_on_time ÷ due × 100, two decimals as text; `None` when nothing was due.
    pub on_time_rate_pct: Option<String>,
    pub on_time_definition: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub open: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overdue_open: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub major_open: i64,
    pub mean_days_to_close: Option<f64>,
    /// Found in the range, per area.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub found_by_area: BTreeMap<String, i64>,
    /// Found in the range, per LEC grade (1–5; 0 = not assessed).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub found_by_grade: BTreeMap<String, i64>,
}

/// The rate as percent text with two decimals, rounded half up: 2,434 of 2,435 → "99.96".
pub fn rate_pct(num: i64, den: i64) -> Option<String> {
    if den <= 0 {
        return None;
    }
    let hundredths = (num as i128 * 10_000 * 2 + den as i128) / (2 * den as i128);
    Some(format!("{}.{:02}", hundredths / 100, hundredths % 100))
}

// The counts' row sets, shared by [`kpis`] and [`by_group`] (one definition each); `?1`/`?2`
// are the first and last day. Each reads `hazard_state` alone (db/0023: it copies the record's
// day found, area, grade and liveness) as a range of one of its covering indexes, so a month
// costs the same over 1,000 hazards or 100,000. The index is named (INDEXED BY): with the
// statistics of ANALYZE the planner re-plans per bound range and took a year's found range
// through another index: 92 ms where the named one takes 20 (bench hazards, 100,000 hazards).
const FOUND: &str =
    "FROM hazard_state s INDEXED BY hazard_state_found WHERE s.live = 1 AND s.found_on BETWEEN ?1 AND ?2";
const CLOSED: &str =
    "FROM hazard_state s INDEXED BY hazard_state_closed WHERE s.live = 1 AND s.closed_on BETWEEN ?1 AND ?2";
const DUE: &str = "FROM hazard_state s INDEXED BY hazard_state_due WHERE s.live = 1 AND s.deadline BETWEEN ?1 AND ?2";
macro_rules! on_time {
    () => {
        "s.closed_on IS NOT NULL AND s.closed_on <= s.deadline"
    };
}
const ON_TIME: &str = concat!("AND ", on_time!());
// Open at the end of `to`: found by then and not closed by then — the rows not closed at all
// plus those closed after `to` (two ranges of the closed-on index, not one scan with an OR).
const OPEN_AT: &str = "FROM (
         SELECT s.hazard_id, s.area, s.grade, s.deadline, s.level FROM hazard_state s INDEXED BY hazard_state_closed
         WHERE s.live = 1 AND s.closed_on IS NULL AND s.found_on <= ?2
         UNION ALL
         SELECT s.hazard_id, s.area, s.grade, s.deadline, s.level FROM hazard_state s INDEXED BY hazard_state_closed
         WHERE s.live = 1 AND s.closed_on > ?2 AND s.found_on <= ?2) s
     WHERE ?1 = ?1";
const OVERDUE: &str = "AND s.deadline < ?2";
const MAJOR: &str = "AND s.level = 'major'";

pub fn kpis(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<HazardKpis> {
    debug_assert_eq!(HazardLevel::Major.as_str(), "major");
    let (f, t) = (from.to_string(), to.to_string());
    // Found, by area and by grade: one range of the covering index, counted here — SQLite's
    // GROUP BY would sort every row of a long period through a temporary b-tree (45 ms over
    // 100,000 rows against 10 ms for this).
    let mut found = 0;
    let mut found_by_area: BTreeMap<String, i64> = BTreeMap::new();
    let mut found_by_grade: BTreeMap<String, i64> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(&format!("SELECT s.area, coalesce(s.grade, 0) {FOUND}"))?;
        let mut rows = stmt.query(params![f, t])?;
        let mut grades = [0i64; 6];
        // Rows come by day, areas repeat: count per area in a short list, without allocating.
        let mut areas: Vec<(String, i64)> = Vec::new();
        while let Some(r) = rows.next()? {
            let area = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let grade = r.get::<_, i64>(1)?;
            found += 1;
            match areas.iter_mut().find(|(a, _)| a == area) {
                Some((_, n)) => *n += 1,
                None => areas.push((area.to_string(), 1)),
            }
            match usize::try_from(grade).ok().and_then(|g| grades.get_mut(g)) {
                Some(n) => *n += 1,
                None => *found_by_grade.entry(grade.to_string()).or_default() += 1,
            }
        }
        found_by_area.extend(areas);
        for (g, n) in grades.iter().enumerate().filter(|(_, n)| **n > 0) {
            found_by_grade.insert(g.to_string(), *n);
        }
    }
    let (closed, mean_days_to_close): (i64, Option<f64>) = conn.query_row(
        &format!("SELECT count(*), avg(julianday(s.closed_on) - julianday(s.found_on)) {CLOSED}"),
        params![f, t],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (due, closed_on_time): (i64, i64) = conn.query_row(
        &format!(concat!("SELECT count(*), coalesce(sum(", on_time!(), "), 0) {DUE}"), DUE = DUE),
        params![f, t],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (open, overdue_open, major_open): (i64, i64, i64) = conn.query_row(
        &format!("SELECT count(*), coalesce(sum(s.deadline < ?2), 0), coalesce(sum(s.level = 'major'), 0) {OPEN_AT}"),
        params![f, t],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(HazardKpis {
        from: f.clone(),
        to: t.clone(),
        found,
        closed,
        due,
        closed_on_time,
        on_time_rate_pct: rate_pct(closed_on_time, due),
        on_time_definition: ON_TIME_DEFINITION.into(),
        open,
        overdue_open,
        major_open,
        mean_days_to_close,
        found_by_area,
        found_by_grade,
    })
}

/// The hazards open at the end of `to` (found by then, not closed by then) that were past their
/// deadline on that day or are major — the rows behind `overdue_open` and `major_open` — most
/// overdue first, ids only.
pub fn open_overdue_or_major(conn: &Connection, to: NaiveDate) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.hazard_id {OPEN_AT} AND (s.deadline < ?2 OR s.level = 'major')
         ORDER BY s.deadline IS NULL, s.deadline, s.hazard_id"
    ))?;
    let t = to.to_string();
    let rows = stmt.query_map(params![t, t], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a KPI breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiGroup {
    /// The area the hazard was found in.
    Area,
    /// The LEC grade at registration (`"0"` = not assessed).
    Grade,
}

impl KpiGroup {
    fn expr(self) -> &'static str {
        match self {
            KpiGroup::Area => "s.area",
            KpiGroup::Grade => "CAST(coalesce(s.grade, 0) AS TEXT)",
        }
    }
}

/// One group's KPIs: the counts of [`kpis`] with the same definitions, so the groups add up to
/// the plant's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupKpis {
    /// The area, or the grade `"1"`–`"5"` (`"0"` = not assessed).
    pub key: String,
    pub found: i64,
    pub closed: i64,
    pub due: i64,
    pub closed_on_time: i64,
    pub on_time_rate_pct: Option<String>,
    pub open: i64,
    pub overdue_open: i64,
    pub major_open: i64,
}

/// The KPIs of plant-local days `[from, to]` per area or per grade, every group with any count,
/// ordered by key.
pub fn by_group(conn: &Connection, from: NaiveDate, to: NaiveDate, group: KpiGroup) -> Result<Vec<GroupKpis>> {
    let (f, t) = (from.to_string(), to.to_string());
    let g = group.expr();
    let mut out: BTreeMap<String, GroupKpis> = BTreeMap::new();
    type Field = fn(&mut GroupKpis) -> &mut i64;
    let metrics: [(String, Field); 7] = [
        (format!("SELECT {g}, count(*) {FOUND} GROUP BY 1"), |k| &mut k.found),
        (format!("SELECT {g}, count(*) {CLOSED} GROUP BY 1"), |k| &mut k.closed),
        (format!("SELECT {g}, count(*) {DUE} GROUP BY 1"), |k| &mut k.due),
        (format!("SELECT {g}, count(*) {DUE} {ON_TIME} GROUP BY 1"), |k| &mut k.closed_on_time),
        (format!("SELECT {g}, count(*) {OPEN_AT} GROUP BY 1"), |k| &mut k.open),
        (format!("SELECT {g}, count(*) {OPEN_AT} {OVERDUE} GROUP BY 1"), |k| &mut k.overdue_open),
        (format!("SELECT {g}, count(*) {OPEN_AT} {MAJOR} GROUP BY 1"), |k| &mut k.major_open),
    ];
    for (sql, field) in metrics {
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![f, t], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (key, n) = row?;
            let k = out.entry(key.clone()).or_insert_with(|| GroupKpis { key, ..Default::default() });
            *field(k) = n;
        }
    }
    Ok(out
        .into_values()
        .map(|mut k| {
            k.on_time_rate_pct = rate_pct(k.closed_on_time, k.due);
            k
        })
        .collect())
}

crate::text_enum! {
    /// The length of a trend's periods.
    pub enum TrendUnit {
        Week = "week",
        Month = "month",
    }
}

/// The last `count` periods of `unit` up to and including the one holding `to`, oldest first:
/// ISO weeks (Monday to Sunday) or calendar months; the last one ends at `to`, so nothing is
/// counted as open or overdue at a day not yet reached. `count` is kept within 1..=104.
pub fn trend_periods(unit: TrendUnit, to: NaiveDate, count: u32) -> Vec<(NaiveDate, NaiveDate)> {
    use chrono::{Datelike, Days, Months};
    let count = count.clamp(1, 104);
    let first_of_last = match unit {
        TrendUnit::Week => to - Days::new(u64::from(to.weekday().num_days_from_monday())),
        TrendUnit::Month => to.with_day(1).unwrap_or(to),
    };
    let mut out: Vec<(NaiveDate, NaiveDate)> = (0..count)
        .rev()
        .filter_map(|back| {
            let start = match unit {
                TrendUnit::Week => first_of_last.checked_sub_days(Days::new(7 * u64::from(back)))?,
                TrendUnit::Month => first_of_last.checked_sub_months(Months::new(back))?,
            };
            let end = match unit {
                TrendUnit::Week => start + Days::new(6),
                TrendUnit::Month => start.checked_add_months(Months::new(1))?.pred_opt()?,
            };
            Some((start, end.min(to)))
        })
        .collect();
    out.dedup();
    out
}

/// The KPIs of each period, in the order given (the screen's trend charts).
pub fn trend(conn: &Connection, periods: &[(NaiveDate, NaiveDate)]) -> Result<Vec<HazardKpis>> {
    periods.iter().map(|(from, to)| kpis(conn, *from, *to)).collect()
}

/// The KPIs of the last `count` weeks or months up to `to` ([`trend_periods`]).
pub fn trend_by(conn: &Connection, unit: TrendUnit, to: NaiveDate, count: u32) -> Result<Vec<HazardKpis>> {
    trend(conn, &trend_periods(unit, to, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The trend's periods: whole ISO weeks / calendar months, oldest first, the last cut at `to`.
    #[test]
    fn trend_periods_are_whole_weeks_and_months_ending_at_to() {
        // 2026-03-11 is a Wednesday.
        assert_eq!(
            trend_periods(TrendUnit::Week, d("2026-03-11"), 3),
            vec![
                (d("2026-02-23"), d("2026-03-01")),
                (d("2026-03-02"), d("2026-03-08")),
                (d("2026-03-09"), d("2026-03-11")),
            ]
        );
        // Across a year end and February of a leap year.
        assert_eq!(
            trend_periods(TrendUnit::Month, d("2024-03-15"), 4),
            vec![
                (d("2023-12-01"), d("2023-12-31")),
                (d("2024-01-01"), d("2024-01-31")),
                (d("2024-02-01"), d("2024-02-29")),
                (d("2024-03-01"), d("2024-03-15")),
            ]
        );
        // A Sunday ends its own week; the count is kept within 1..=104.
        assert_eq!(trend_periods(TrendUnit::Week, d("2026-03-08"), 0), vec![(d("2026-03-02"), d("2026-03-08"))]);
        assert_eq!(trend_periods(TrendUnit::Week, d("2026-03-08"), 1000).len(), 104);
    }

    /// Guards domain.md §11 item 10: 2,435 due and all closed on time → 100 %; one a day late →
    /// 99.96 %.
    #[test]
    fn the_on_time_rate_vectors() {
        assert_eq!(rate_pct(2435, 2435).as_deref(), Some("100.00"));
        assert_eq!(rate_pct(2434, 2435).as_deref(), Some("99.96"));
        assert_eq!(rate_pct(0, 0), None);
        assert_eq!(rate_pct(1, 3).as_deref(), Some("33.33"));
        assert_eq!(rate_pct(2, 3).as_deref(), Some("66.67"));
    }
}
