//! The HQ dashboard (issue 11 item 8): year-to-date per indicator against the prior year, per
//! segment, by month (drawn as charts), and which plants are missing weeks. Derived from the
//! counted revisions inside each plant's boundary, as the appendix is.

use super::grid::{self, CellState, GridQuery};
use crate::error::Result;
use crate::indicators::{self, Aggregation, IndicatorUnit};
use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// One indicator's months for one segment (or the group): this year and the year before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SegmentSeries {
    /// `None` = the group.
    pub segment_code: Option<String>,
    /// Exact values by month 1–12 (grams for masses); 0 where nothing was reported.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub this_year: Vec<i64>,
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub prior_year: Vec<i64>,
    /// Year to date (months up to the dashboard's month), exact.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ytd: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub prior_ytd: i64,
}

/// One indicator on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IndicatorSeries {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// `g` (shown in t) or the count's unit.
    pub unit: String,
    pub series: Vec<SegmentSeries>,
}

/// A plant with missing weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MissingPlant {
    pub plant_code: String,
    pub plant_name: String,
    pub segment_code: String,
    pub missing_weeks: Vec<String>,
}

/// The dashboard of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Dashboard {
    pub year: i32,
    /// Year to date runs through this month (1–12).
    pub through_month: u32,
    pub indicators: Vec<IndicatorSeries>,
    pub missing: Vec<MissingPlant>,
    pub counts: grid::GridCounts,
}

fn monthly(conn: &Connection, year: i32) -> Result<BTreeMap<(String, String), [i64; 12]>> {
    let (from_week, to_week) = super::store::week_range(year);
    let mut stmt = conn.prepare_cached(
        "SELECT s.code, m.month, m.figures FROM hq_week w
         JOIN hq_packet_month m ON m.packet_id = w.packet_id
         JOIN hq_plant p ON p.id = w.plant_id JOIN hq_segment s ON s.id = p.segment_id
         WHERE w.week BETWEEN ?1 AND ?2 AND substr(m.month, 1, 4) = ?3
           AND m.first_day >= p.in_boundary_from AND (p.out_of_boundary_from IS NULL OR m.last_day < p.out_of_boundary_from)",
    )?;
    let mut out: BTreeMap<(String, String), [i64; 12]> = BTreeMap::new();
    let mut rows = stmt.query(params![from_week, to_week, format!("{year:04}")])?;
    while let Some(r) = rows.next()? {
        let (seg, month, figures): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let m: usize = month[5..].parse().unwrap_or(1);
        for (key, v) in super::store::parse_figures(&figures)? {
            if indicators::get(&key).is_some_and(|i| i.aggregation == Aggregation::Sum) {
                out.entry((key, seg.clone())).or_insert([0; 12])[(m - 1).min(11)] += v;
            }
        }
    }
    Ok(out)
}

/// The dashboard of `year` as of `now` (months up to now's month when `year` is this year).
pub fn compute(conn: &Connection, year: i32, now: DateTime<Utc>) -> Result<Dashboard> {
    super::require(conn)?;
    let through_month = if year == now.year() { now.month() } else { 12 };
    let this = monthly(conn, year)?;
    let prior = monthly(conn, year - 1)?;
    let segments = super::registry::segments(conn)?;
    let mut out = Vec::new();
    for i in indicators::INDICATORS.iter().filter(|i| i.aggregation == Aggregation::Sum) {
        let has = this.keys().chain(prior.keys()).any(|(k, _)| k == i.key);
        if !has && !matches!(i.key, "hw_generated_g" | "nhw_generated_g") {
            continue;
        }
        let mut series = Vec::new();
        let mut group_this = [0i64; 12];
        let mut group_prior = [0i64; 12];
        for s in &segments {
            let t = this.get(&(i.key.to_string(), s.code.clone())).copied().unwrap_or([0; 12]);
            let p = prior.get(&(i.key.to_string(), s.code.clone())).copied().unwrap_or([0; 12]);
            for m in 0..12 {
                group_this[m] += t[m];
                group_prior[m] += p[m];
            }
            series.push(seg_series(Some(s.code.clone()), t, p, through_month));
        }
        series.insert(0, seg_series(None, group_this, group_prior, through_month));
        out.push(IndicatorSeries {
            key: i.key.into(),
            label_zh: i.label_zh.into(),
            label_en: i.label_en.into(),
            unit: if i.unit == IndicatorUnit::G { "g".into() } else { i.unit.as_str().into() },
            series,
        });
    }
    let g = grid::grid(conn, &GridQuery { year, ..Default::default() }, now)?;
    let mut missing: Vec<MissingPlant> = g
        .rows
        .iter()
        .filter_map(|r| {
            let weeks: Vec<String> =
                r.cells.iter().filter(|c| c.state == CellState::Missing).map(|c| c.week.clone()).collect();
            (!weeks.is_empty()).then(|| MissingPlant {
                plant_code: r.plant_code.clone(),
                plant_name: r.plant_name.clone(),
                segment_code: r.segment_code.clone(),
                missing_weeks: weeks,
            })
        })
        .collect();
    missing.sort_by(|a, b| b.missing_weeks.len().cmp(&a.missing_weeks.len()).then(a.plant_code.cmp(&b.plant_code)));
    Ok(Dashboard { year, through_month, indicators: out, missing, counts: g.counts })
}

fn seg_series(segment_code: Option<String>, t: [i64; 12], p: [i64; 12], through: u32) -> SegmentSeries {
    let n = through as usize;
    SegmentSeries {
        segment_code,
        ytd: t[..n].iter().sum(),
        prior_ytd: p[..n].iter().sum(),
        this_year: t.to_vec(),
        prior_year: p.to_vec(),
    }
}
