//! Weekly hazardous-waste generation per stream, for the trend chart on the waste screen.
//!
//! Read-only. It reads the per-day totals cache `waste_generation_day` (kept by triggers in the
//! entry's own transaction and proved by `generation::check_day_totals`), so a three-year range
//! costs one indexed range scan, not a pass over every entry. Days are plant-local dates; weeks
//! are ISO weeks (`%G-W%V`, Monday to Sunday) computed here from those dates — never from the
//! calendar year: 2024-12-30 belongs to 2025-W01. Every week that touches the range is listed,
//! zero-filled, so a chart's x axis has no gaps. Masses stay whole grams; each figure also
//! comes as exact kg text. Voided entries are left out (the cache's `live_g`). No clock: the
//! caller passes the range.

use crate::error::{Error, Result};
use crate::units::Grams;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest range one call may cover: three years of days (leap days included).
pub const MAX_DAYS: i64 = 3 * 366;

/// One ISO week of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TrendWeek {
    /// ISO week-numbering year and week, e.g. `"2025-W01"`.
    pub week: String,
    /// The week's Monday and Sunday (YYYY-MM-DD), whole even where the range cuts the week.
    pub monday: String,
    pub sunday: String,
    /// Days of this week inside the range: 7, fewer only for a week cut by `from` or `to`.
    pub days: u8,
    /// Every series together.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
}

/// One stream's weekly generation; entries recorded by code only form one series per code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TrendSeries {
    /// The stream's id, or null for entries recorded by code only.
    pub stream_id: Option<String>,
    /// The stream's name, or the code for entries recorded by code only.
    pub name: String,
    pub code: String,
    /// Grams per week, in the order of [`WeeklyGeneration::weeks`].
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub grams: Vec<i64>,
    /// The same figures as exact kg text (`"12.500"`).
    pub kg: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
}

/// Hazardous waste generated per ISO week and stream over plant-local days `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeeklyGeneration {
    pub from: String,
    pub to: String,
    pub weeks: Vec<TrendWeek>,
    /// Streams with any live generation in the range, the largest total first.
    pub series: Vec<TrendSeries>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
}

/// The Monday of `d`'s ISO week.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// `"2025-W01"`: the ISO week-numbering year (`%G`), not the calendar year.
pub fn iso_week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Every ISO week touching `from..=to` (from ≤ to), in order, with the days of each in range.
fn weeks_of(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u8)> {
    let mut weeks = Vec::new();
    let mut monday = monday_of(from);
    while monday <= to {
        let sunday = monday + Duration::days(6);
        let first = monday.max(from);
        let last = sunday.min(to);
        weeks.push((monday, ((last - first).num_days() + 1) as u8));
        monday += Duration::days(7);
    }
    weeks
}

/// Weekly generation per stream over plant-local days `from..=to`, at most [`MAX_DAYS`] days.
pub fn weekly_generation(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<WeeklyGeneration> {
    if to < from {
        return Err(Error::invalid("to", crate::msg::common::end_before_start(&to, &from)));
    }
    let span = (to - from).num_days() + 1;
    if span > MAX_DAYS {
        return Err(Error::invalid("from", crate::msg::waste::trend_covers_most_days(&MAX_DAYS, &from, &to, &span)));
    }
    let weeks = weeks_of(from, to);
    let first_monday = monday_of(from);
    // Series key: (stream id or "", code for code-only entries or "") → (name, code, grams per week).
    let mut series: BTreeMap<(String, String), (String, String, Vec<i64>)> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT d.local_date, d.stream_key, d.code, d.live_g, s.name, s.code
         FROM waste_generation_day d LEFT JOIN waste_stream s ON s.id = d.stream_key
         WHERE d.local_date >= ?1 AND d.local_date <= ?2 AND d.live_g <> 0",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    for row in rows {
        let (day, stream_key, code, grams, stream_name, stream_code) = row?;
        let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map_err(|_| Error::Internal(format!("waste_generation_day.local_date {day:?} is not a date")))?;
        let index = ((monday_of(date) - first_monday).num_days() / 7) as usize;
        let (key, name, code) = match (stream_key.is_empty(), stream_name) {
            (false, Some(name)) => ((stream_key, String::new()), name, stream_code.unwrap_or(code)),
            // A code-only entry (or a stream id the table does not know) is shown by its code.
            _ => ((stream_key, code.clone()), code.clone(), code),
        };
        let entry = series.entry(key).or_insert_with(|| (name, code, vec![0; weeks.len()]));
        if let Some(cell) = entry.2.get_mut(index) {
            *cell += grams;
        }
    }

    let mut series: Vec<TrendSeries> = series
        .into_iter()
        .map(|((stream_key, _), (name, code, grams))| {
            let total_g = grams.iter().sum();
            TrendSeries {
                stream_id: (!stream_key.is_empty()).then_some(stream_key),
                name,
                code,
                kg: grams.iter().map(|g| Grams(*g).kg_string()).collect(),
                grams,
                total_g,
                total_kg: Grams(total_g).kg_string(),
            }
        })
        .collect();
    series.sort_by(|a, b| b.total_g.cmp(&a.total_g).then_with(|| a.name.cmp(&b.name)));
    let weeks: Vec<TrendWeek> = weeks
        .iter()
        .enumerate()
        .map(|(i, (monday, days))| {
            let total_g = series.iter().map(|s| s.grams[i]).sum();
            TrendWeek {
                week: iso_week_label(*monday),
                monday: monday.to_string(),
                sunday: (*monday + Duration::days(6)).to_string(),
                days: *days,
                total_g,
                total_kg: Grams(total_g).kg_string(),
            }
        })
        .collect();
    let total_g = series.iter().map(|s| s.total_g).sum();
    Ok(WeeklyGeneration {
        from: from.to_string(),
        to: to.to_string(),
        weeks,
        series,
        total_g,
        total_kg: Grams(total_g).kg_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_weeks_use_the_week_numbering_year() {
        assert_eq!(iso_week_label(d("2024-12-29")), "2024-W52");
        assert_eq!(iso_week_label(d("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(d("2026-01-01")), "2026-W01");
        assert_eq!(iso_week_label(d("2021-01-03")), "2020-W53");
        assert_eq!(monday_of(d("2025-01-05")), d("2024-12-30"));
        assert_eq!(monday_of(d("2024-12-30")), d("2024-12-30"));
    }

    #[test]
    fn every_week_touching_the_range_is_listed_with_its_days_in_range() {
        // Wednesday 2024-12-25 to Tuesday 2025-01-14: a cut week, two whole weeks, a cut week.
        let w = weeks_of(d("2024-12-25"), d("2025-01-14"));
        let got: Vec<(String, u8)> = w.iter().map(|(m, n)| (iso_week_label(*m), *n)).collect();
        assert_eq!(
            got,
            vec![
                ("2024-W52".to_string(), 5),
                ("2025-W01".to_string(), 7),
                ("2025-W02".to_string(), 7),
                ("2025-W03".to_string(), 2)
            ]
        );
        assert_eq!(weeks_of(d("2025-03-03"), d("2025-03-03")), vec![(d("2025-03-03"), 1)]);
        // 52 whole weeks from a Monday.
        assert_eq!(weeks_of(d("2024-03-04"), d("2025-03-02")).len(), 52);
    }
}
