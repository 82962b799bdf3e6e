//! The air area's figure source ([`crate::areas::FIGURE_SOURCES`]): the VOC indicators of
//! [`crate::indicators::INDICATORS`] for plant-local days `[from, to]`, and the details HQ
//! drills into (per month: the balance, each source's input, abatement and monitored VOCs, each
//! material's VOC input, each VOC-carrying waste code with its manifests).
//!
//! **Pro-rating rule.** The VOC ledger is monthly (DB44/816 A.4), so a range that covers part of
//! a month gets that month's figures × days covered ÷ days in the month (the week summary calls
//! once per calendar-month part, so a week straddling a month end takes its share of each).
//! This holds for every figure — input, O1 (including the waste shipments, which belong to the
//! month's balance), O2, both emitted figures and the coated area — so the weeks of a month add
//! up to the month (each week rounded once, half away from zero). The details carry the whole
//! month's values with `days_covered` / `days_in_month`.
//!
//! `voc_emitted_g` is the monitored figure for a month whose tests cover every source, else the balance
//! ([`super::emissions`]); its method says which (a range with both kinds of month says
//! `material_balance`). A month with no VOC data contributes nothing; a range with none
//! returns no figures at all (a plant without VOC sources reports no zero VOC figures).

use super::emissions::{self, VocWasteLine};
use super::exact::Exact;
use crate::error::{Error, Result};
use crate::indicators::{AreaFigures, Figure, FigureMethod};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One source's month in the details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AirSourceDetail {
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub abated_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub monitored_g: Option<i64>,
}

/// One material's VOC input of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AirMaterialDetail {
    pub material: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub used_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_voc_g: i64,
}

/// A month (whole-month values) of the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AirMonthDetail {
    pub month: String,
    pub days_covered: u32,
    pub days_in_month: u32,
    pub method: FigureMethod,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub abated_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub emitted_balance_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub emitted_monitored_g: Option<i64>,
    pub g_per_m2: Option<String>,
    pub inconsistent: bool,
    pub sources: Vec<AirSourceDetail>,
    pub materials: Vec<AirMaterialDetail>,
    pub waste: Vec<VocWasteLine>,
}

/// `details.air` in the week summary and the packet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AirDetails {
    pub months: Vec<AirMonthDetail>,
}

#[derive(Default)]
struct Totals {
    input: Exact,
    recovered: Exact,
    abated: Exact,
    balance: Exact,
    monitored: Exact,
    reported: Exact,
    area: Exact,
    any_balance: bool,
    any_monitored: bool,
    any_area: bool,
    any_unmonitored_month: bool,
}

fn first_of_next_month(d: NaiveDate) -> Result<NaiveDate> {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| Error::Internal(format!("no month after {d}")))
}

/// The VOC figures and details for plant-local days `[from, to]`.
pub fn figures(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<AreaFigures> {
    let mut t = Totals::default();
    let mut details = AirDetails::default();
    let mut records = 0i64;
    let mut day = from;
    while day <= to {
        let month_first = day.with_day(1).ok_or_else(|| Error::Internal(format!("no first day for {day}")))?;
        let next = first_of_next_month(day)?;
        let part_to = to.min(next - Duration::days(1));
        let days_in_month = (next - month_first).num_days();
        let covered = (part_to - day).num_days() + 1;
        let month = day.format("%Y-%m").to_string();
        records += records_in(conn, &month, day, part_to)?;
        let (m, x) = emissions::compute(conn, &month)?;
        day = part_to + Duration::days(1);
        if !m.has_data {
            continue;
        }
        let share = Exact::ratio(i128::from(covered), i128::from(days_in_month))?;
        let part = |v: Exact| v.times(share);
        if x.has_balance {
            t.any_balance = true;
            t.input = t.input.plus(part(x.input)?)?;
            t.recovered = t.recovered.plus(part(x.recovered)?)?;
            t.abated = t.abated.plus(part(x.abated)?)?;
            t.balance = t.balance.plus(part(x.emitted_balance)?)?;
        }
        if let Some(e) = x.emitted_monitored {
            t.any_monitored = true;
            t.monitored = t.monitored.plus(part(e)?)?;
        }
        // The reported figure: monitoring when it covers the month (or is all there is), else
        // the balance (see `emissions`).
        match x.emitted_monitored {
            Some(e) if x.monitoring_complete || !x.has_balance => t.reported = t.reported.plus(part(e)?)?,
            _ => {
                t.any_unmonitored_month |= x.has_balance;
                t.reported = t.reported.plus(part(x.emitted_balance)?)?;
            }
        }
        if let Some(a) = x.area_m2 {
            t.any_area = true;
            t.area = t.area.plus(part(Exact::int(a))?)?;
        }
        details.months.push(month_detail(&m, covered, days_in_month)?);
    }
    if details.months.is_empty() {
        return Ok(AreaFigures { figures: vec![], records, details: serde_json::Value::Null });
    }
    let mut figures = Vec::new();
    if t.any_balance {
        figures.extend([
            Figure::of("voc_input_g", t.input.round()?)?,
            Figure::of("voc_recovered_g", t.recovered.round()?)?,
            Figure::of("voc_abated_g", t.abated.round()?)?,
            Figure::of("voc_emitted_balance_g", t.balance.round()?)?,
        ]);
    }
    if t.any_monitored {
        figures.push(Figure::of("voc_emitted_monitored_g", t.monitored.round()?)?);
    }
    if t.any_balance || t.any_monitored {
        let method = if t.any_monitored && !t.any_unmonitored_month {
            FigureMethod::Monitored
        } else {
            FigureMethod::MaterialBalance
        };
        figures.push(Figure::of("voc_emitted_g", t.reported.round()?)?.method(method));
    }
    if t.any_area {
        figures.push(Figure::of("voc_coated_area_m2", t.area.round()?)?);
    }
    Ok(AreaFigures { figures, records, details: serde_json::to_value(details)? })
}

/// VOC records of a month part: the month's ledger lines and area (monthly records) and the
/// tests sampled on the days `[from, to]`, voided ones included.
fn records_in(conn: &Connection, month: &str, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM voc_usage WHERE month = ?1)
              + (SELECT count(*) FROM voc_coated_area WHERE month = ?1)
              + (SELECT count(*) FROM voc_test WHERE local_date >= ?2 AND local_date <= ?3)",
        params![month, from.to_string(), to.to_string()],
        |r| r.get(0),
    )?)
}

fn month_detail(m: &emissions::VocMonth, covered: i64, days: i64) -> Result<AirMonthDetail> {
    let mut materials: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for l in &m.balance.lines {
        let e = materials.entry(l.material.as_str()).or_default();
        e.0 += l.used_g;
        e.1 += l.input_voc_g;
    }
    let mut sources: Vec<AirSourceDetail> = m
        .balance
        .sources
        .iter()
        .map(|s| AirSourceDetail { code: s.code.clone(), input_g: s.input_g, abated_g: s.abated_g, monitored_g: None })
        .collect();
    for s in &m.monitoring.sources {
        let Some(e) = s.emitted_g else { continue };
        match sources.iter_mut().find(|d| d.code == s.code) {
            Some(d) => d.monitored_g = Some(e),
            None => {
                sources.push(AirSourceDetail { code: s.code.clone(), input_g: 0, abated_g: 0, monitored_g: Some(e) })
            }
        }
    }
    let n = |v: i64| u32::try_from(v).map_err(|_| Error::Internal("day count out of range".into()));
    Ok(AirMonthDetail {
        month: m.month.clone(),
        days_covered: n(covered)?,
        days_in_month: n(days)?,
        method: m.emitted_method,
        input_g: m.balance.input_g,
        recovered_g: m.balance.recovered_g,
        abated_g: m.balance.abated_g,
        emitted_balance_g: m.balance.emitted_g,
        emitted_monitored_g: m.monitoring.emitted_g,
        g_per_m2: m.balance.g_per_m2.clone(),
        inconsistent: m.balance.inconsistent,
        sources,
        materials: materials
            .into_iter()
            .map(|(k, (used_g, input_voc_g))| AirMaterialDetail { material: k.to_string(), used_g, input_voc_g })
            .collect(),
        waste: m.balance.waste.clone(),
    })
}
