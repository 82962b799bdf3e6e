//! Loads, concentrations, validity, exceedances and missed monitoring of plant-local days
//! `[from, to]`, per outfall and parameter (domain.md §6.4–6.5, §9.4) — the one computation behind
//! the weekly figures, the management report, the loads screen and `water loads`.
//!
//! - **Online** parameters: Σ of the per-day cache (Σ Cₕ × Qₕ over valid hours, [`super::online`]);
//!   validity = valid ÷ expected hours (24 a day from the day the parameter was registered); a day
//!   under the validity threshold counts as missed monitoring and makes the load *estimated*.
//!   Without any online data in the range, lab results are used (automatic > manual, §6.4) and
//!   noted.
//! - **Manual** parameters: per monitoring period of the required frequency (the month of a
//!   monthly parameter), mean(cᵢ × qᵢ) over the period's samplings × the discharge days (days with
//!   flow) of the period that fall in the range — so weeks add up to months and months to the
//!   year. qᵢ is the outfall's flow on the sampling day; a sampling without it is left out and
//!   noted. A result below the DL counts as the policy says ([`super::settings::dl`]), stamped on
//!   the result. A period without a sampling adds nothing and is noted (and, once it has ended
//!   inside the range, counted as missed monitoring).
//! - Loads are rounded once to whole grams; discharge to whole litres.

use super::ingest::{self, Interval};
use super::online;
use super::outfall::{self, Frequency, MonitoringMethod, Outfall, Param, ParamUnit};
use super::rules::{self, DlPolicy};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

crate::text_enum! {
    /// Something a reader of a figure must know about how it was reached.
    pub enum LoadNote {
        /// Online parameter without online data in the range: lab results used instead.
        ManualInsteadOfOnline = "manual_instead_of_online",
        /// Days with online data below the validity threshold.
        ValidityBelowThreshold = "validity_below_threshold",
        /// A monitoring period in the range has no sampling: it adds no load.
        NoSampling = "no_sampling",
        /// A sampling day has no flow recorded: that sampling is left out of the load.
        NoFlowOnSamplingDay = "no_flow_on_sampling_day",
        /// The outfall has no flow data in the range: no load can be computed.
        NoFlow = "no_flow",
    }
}

/// One parameter of one outfall over the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ParamFigures {
    pub code: String,
    pub name: String,
    pub unit: ParamUnit,
    /// The basis actually used: online data or lab results.
    pub basis: MonitoringMethod,
    /// Whole grams (concentration parameters with flow); `None` when no load could be computed.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub load_g: Option<i64>,
    /// Samplings, or valid hours of online data.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub readings: i64,
    pub c_min: Option<f64>,
    pub c_mean: Option<f64>,
    pub c_max: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub valid_hours: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expected_hours: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub exceedances: i64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub max_ratio_permille: Option<i64>,
    /// Periods (manual) or days (online) of required monitoring missed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub missed: i64,
    pub notes: Vec<LoadNote>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OutfallFigures {
    pub code: String,
    pub name: String,
    /// Whole litres discharged in the range (shown as m³).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub discharge_l: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub discharge_days: i64,
    pub params: Vec<ParamFigures>,
}

/// The wastewater figures of a range (`details.water` of the week summary and the packet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WaterFigures {
    pub from: String,
    pub to: String,
    /// The below-DL policy every load here was computed with.
    pub dl_policy: DlPolicy,
    pub outfalls: Vec<OutfallFigures>,
}

/// Everything per outfall and parameter for plant-local days `[from, to]`.
pub fn compute(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<WaterFigures> {
    let policy = super::settings::dl(conn)?;
    let min_pct = super::settings::min_validity_pct(conn)?;
    let tz = crate::plant::require(conn)?.tz()?;
    let mut outfalls = Vec::new();
    for of in outfall::list(conn)? {
        outfalls.push(outfall_figures(conn, &of, from, to, policy, min_pct, tz)?);
    }
    Ok(WaterFigures { from: from.to_string(), to: to.to_string(), dl_policy: policy, outfalls })
}

/// Days of `[from, to]` as a count (0 when empty).
fn days_in(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() + 1).max(0)
}

/// From when a parameter's monitoring is expected: the day it was registered, or its first data
/// if history was imported from before.
pub(crate) fn created_day(conn: &Connection, param_id: &str, tz: chrono_tz::Tz) -> Result<NaiveDate> {
    let (at, n): (String, i64) =
        conn.query_row("SELECT created_at, n FROM water_param WHERE id = ?1", [param_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let created = crate::time::local_date(crate::time::from_db(&at)?, tz);
    // One index probe per interval (the index is (param, interval, at)).
    let first: Option<i64> = conn.query_row(
        "SELECT min(m) FROM (SELECT (SELECT min(at) FROM water_reading WHERE param = ?1 AND interval = i.v) AS m
         FROM (SELECT 'sample' AS v UNION ALL SELECT 'rtd' UNION ALL SELECT 'minute' UNION ALL SELECT 'hour'
               UNION ALL SELECT 'day') i)",
        [n],
        |r| r.get(0),
    )?;
    Ok(first.map_or(created, |f| created.min(ingest::local_day(f, tz))))
}

fn outfall_figures(
    conn: &Connection,
    of: &Outfall,
    from: NaiveDate,
    to: NaiveDate,
    policy: DlPolicy,
    min_pct: i64,
    tz: chrono_tz::Tz,
) -> Result<OutfallFigures> {
    // The outfall's flow per day, over the range widened to the monitoring periods it touches.
    let (wide_from, wide_to) = of.params.iter().fold((from, to), |(a, b), p| {
        let (s, _) = rules::period_of(p.frequency, from);
        let (_, e) = rules::period_of(p.frequency, to);
        (a.min(s), b.max(e))
    });
    let flow: BTreeMap<NaiveDate, f64> = match of.params.iter().find(|p| p.unit == ParamUnit::M3) {
        Some(fp) => {
            let mut stmt = conn.prepare_cached(
                "SELECT local_date, flow_l FROM water_online_day WHERE param = ?1 AND local_date BETWEEN ?2 AND ?3",
            )?;
            let rows = stmt.query_map(params![fp.n, wide_from.to_string(), wide_to.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?;
            let mut m = BTreeMap::new();
            for row in rows {
                let (d, l) = row?;
                if let (Ok(d), Some(l)) = (d.parse::<NaiveDate>(), l) {
                    m.insert(d, l as f64 / 1000.0);
                }
            }
            m
        }
        None => BTreeMap::new(),
    };
    let in_range = |d: &NaiveDate| *d >= from && *d <= to;
    let discharge_l: f64 = flow.iter().filter(|(d, _)| in_range(d)).map(|(_, m3)| m3 * 1000.0).sum();
    let discharge_days = flow.iter().filter(|(d, q)| in_range(d) && **q > 0.0).count() as i64;
    let mut params_out = Vec::new();
    for p in of.params.iter().filter(|p| p.unit != ParamUnit::M3) {
        params_out.push(param_figures(conn, p, from, to, policy, min_pct, tz, &flow)?);
    }
    Ok(OutfallFigures {
        code: of.code.clone(),
        name: of.name.clone(),
        discharge_l: discharge_l.round() as i64,
        discharge_days,
        params: params_out,
    })
}

/// An online parameter's day cache summed over a range.
struct OnlineSums {
    rows: i64,
    valid: i64,
    load_mg: Option<i64>,
    c_sum: Option<f64>,
    c_min: Option<f64>,
    c_max: Option<f64>,
    /// Days under the validity threshold.
    low_days: i64,
}

#[allow(clippy::too_many_arguments)] // the range, the policy and the outfall's flow
fn param_figures(
    conn: &Connection,
    p: &Param,
    from: NaiveDate,
    to: NaiveDate,
    policy: DlPolicy,
    min_pct: i64,
    tz: chrono_tz::Tz,
    flow: &BTreeMap<NaiveDate, f64>,
) -> Result<ParamFigures> {
    let created = created_day(conn, &p.id, tz)?;
    let mut f = ParamFigures {
        code: p.code.clone(),
        name: p.name.clone(),
        unit: p.unit,
        basis: p.method,
        load_g: None,
        readings: 0,
        c_min: None,
        c_mean: None,
        c_max: None,
        valid_hours: 0,
        expected_hours: 0,
        exceedances: 0,
        max_ratio_permille: None,
        missed: 0,
        notes: vec![],
    };
    // Exceedances of live batches in the range.
    let (n, max): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), max(x.ratio_permille) FROM water_exceedance_live x
         WHERE x.param_id = ?1 AND x.local_date BETWEEN ?2 AND ?3",
        params![p.id, from.to_string(), to.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    f.exceedances = n;
    f.max_ratio_permille = max;

    let mut use_manual = p.method == MonitoringMethod::Manual;
    if p.method == MonitoringMethod::Online {
        let OnlineSums { rows, valid, load_mg, c_sum, c_min, c_max, low_days } =
            conn.query_row(
                "SELECT count(*), coalesce(sum(valid_hours), 0), sum(load_mg), sum(c_sum), min(c_min), max(c_max),
                        sum(valid_hours * 100 < ?4 * hours_of_day)
                 FROM (SELECT *, 24 AS hours_of_day FROM water_online_day WHERE param = ?1 AND local_date BETWEEN ?2 AND ?3)",
                params![p.n, from.to_string(), to.to_string(), min_pct],
                |r| {
                    Ok(OnlineSums {
                        rows: r.get(0)?,
                        valid: r.get(1)?,
                        load_mg: r.get(2)?,
                        c_sum: r.get(3)?,
                        c_min: r.get(4)?,
                        c_max: r.get(5)?,
                        low_days: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
                    })
                },
            )?;
        let start = from.max(created);
        let expected_days = days_in(start, to);
        f.expected_hours = 24 * expected_days;
        f.valid_hours = valid;
        if rows == 0 {
            f.missed = expected_days;
            f.notes.push(LoadNote::ManualInsteadOfOnline);
            use_manual = true;
        } else {
            f.readings = valid;
            f.c_min = c_min;
            f.c_max = c_max;
            f.c_mean = c_sum.filter(|_| valid > 0).map(|s| s / valid as f64);
            // Days with data under the threshold, and expected days with no data at all.
            let days_with_rows: i64 = conn.query_row(
                "SELECT count(*) FROM water_online_day WHERE param = ?1 AND local_date BETWEEN ?2 AND ?3",
                params![p.n, start.to_string(), to.to_string()],
                |r| r.get(0),
            )?;
            f.missed = low_days + (expected_days - days_with_rows).max(0);
            if f.missed > 0 {
                f.notes.push(LoadNote::ValidityBelowThreshold);
            }
            if p.unit == ParamUnit::MgL {
                f.load_g = Some(rules::whole_grams(load_mg.unwrap_or(0) as f64 / 1000.0));
                if flow.is_empty() {
                    f.notes.push(LoadNote::NoFlow);
                    f.load_g = None;
                }
            }
        }
    }
    if use_manual {
        f.basis = MonitoringMethod::Manual;
        manual_figures(conn, p, from, to, policy, tz, flow, created, &mut f)?;
    }
    Ok(f)
}

#[allow(clippy::too_many_arguments)]
fn manual_figures(
    conn: &Connection,
    p: &Param,
    from: NaiveDate,
    to: NaiveDate,
    policy: DlPolicy,
    tz: chrono_tz::Tz,
    flow: &BTreeMap<NaiveDate, f64>,
    created: NaiveDate,
    f: &mut ParamFigures,
) -> Result<()> {
    let freq = if p.frequency == Frequency::Continuous { Frequency::Monthly } else { p.frequency };
    let mut load = 0.0;
    let mut any_load = false;
    let (mut c_sum, mut c_n) = (0.0, 0);
    for (ps, pe) in rules::periods(freq, from, to) {
        let samples = samples(conn, p.n, ps, pe, tz)?;
        let in_range: Vec<&(NaiveDate, f64, bool)> = samples.iter().filter(|s| s.0 >= from && s.0 <= to).collect();
        f.readings += in_range.len() as i64;
        for (_, v, below) in &in_range {
            // The average concentration counts a below-DL result as half its DL (domain.md §6.5).
            let c = if *below { v / 2.0 } else { *v };
            f.c_min = Some(f.c_min.map_or(c, |m| m.min(c)));
            f.c_max = Some(f.c_max.map_or(c, |m| m.max(c)));
            c_sum += c;
            c_n += 1;
        }
        if samples.is_empty() {
            if pe >= created && pe >= from && pe <= to {
                f.missed += 1;
            }
            if pe >= created && !f.notes.contains(&LoadNote::NoSampling) {
                f.notes.push(LoadNote::NoSampling);
            }
            continue;
        }
        if p.unit != ParamUnit::MgL {
            continue;
        }
        if flow.is_empty() {
            if !f.notes.contains(&LoadNote::NoFlow) {
                f.notes.push(LoadNote::NoFlow);
            }
            continue;
        }
        let mut pairs = Vec::new();
        for (day, v, below) in &samples {
            match flow.get(day) {
                Some(q) => pairs.push((policy.load_value(*v, *below), *q)),
                None => {
                    if !f.notes.contains(&LoadNote::NoFlowOnSamplingDay) {
                        f.notes.push(LoadNote::NoFlowOnSamplingDay);
                    }
                }
            }
        }
        let lo = ps.max(from);
        let hi = pe.min(to);
        let h = flow.iter().filter(|(d, q)| **d >= lo && **d <= hi && **q > 0.0).count() as u32;
        if let Some(g) = rules::manual_load_g(&pairs, h) {
            load += g;
            any_load = true;
        }
    }
    if c_n > 0 {
        f.c_mean = Some(c_sum / f64::from(c_n));
    }
    if p.unit == ParamUnit::MgL && any_load {
        f.load_g = Some(rules::whole_grams(load));
    }
    Ok(())
}

/// The live samplings of parameter `n` in plant-local days `[from, to]`: (day, value, below DL).
fn samples(
    conn: &Connection,
    n: i64,
    from: NaiveDate,
    to: NaiveDate,
    tz: chrono_tz::Tz,
) -> Result<Vec<(NaiveDate, f64, bool)>> {
    let (s, _) = online::day_bounds(from, tz);
    let (_, e) = online::day_bounds(to, tz);
    let mut stmt = conn.prepare_cached(
        "SELECT r.at, r.value, r.below_dl FROM water_reading r JOIN water_batch b ON b.n = r.batch
         WHERE r.param = ?1 AND r.interval = 'sample' AND r.at >= ?2 AND r.at < ?3 AND b.voided_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq) ORDER BY r.at",
    )?;
    let rows =
        stmt.query_map(params![n, s, e], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?, r.get::<_, bool>(2)?)))?;
    rows.map(|row| {
        let (at, v, b) = row?;
        Ok((ingest::local_day(at, tz), v, b))
    })
    .collect()
}

/// One month's loads of a year per parameter code (the loads table).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthLoads {
    /// `YYYY-MM`.
    pub month: String,
    /// Parameter code → whole grams, over the outfalls asked for.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub loads_g: BTreeMap<String, i64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub discharge_l: i64,
}

/// The monthly loads of `year` (months up to `through`, when given), of one outfall or all.
pub fn monthly(
    conn: &Connection,
    year: i32,
    outfall: Option<&str>,
    through: Option<NaiveDate>,
) -> Result<Vec<MonthLoads>> {
    let mut out = Vec::new();
    for m in 1..=12u32 {
        let Some(first) = NaiveDate::from_ymd_opt(year, m, 1) else { continue };
        if through.is_some_and(|t| first > t) {
            break;
        }
        let last = rules::period_of(Frequency::Monthly, first).1;
        let last = through.map_or(last, |t| last.min(t));
        let fig = compute(conn, first, last)?;
        let mut ml = MonthLoads { month: format!("{year}-{m:02}"), loads_g: BTreeMap::new(), discharge_l: 0 };
        for of in fig.outfalls.iter().filter(|o| outfall.is_none_or(|k| k == o.code)) {
            ml.discharge_l += of.discharge_l;
            for p in &of.params {
                if let Some(g) = p.load_g {
                    *ml.loads_g.entry(p.code.clone()).or_insert(0) += g;
                }
            }
        }
        out.push(ml);
    }
    Ok(out)
}

/// The plant's load of each capped parameter in `year` up to `today`, against its cap, with a
/// straight-line forecast for the year: the load so far plus the rest of the year at the daily
/// rate of the days monitored so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CapProgress {
    pub param_code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cap_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub load_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub forecast_g: i64,
    /// load ÷ cap in ‰.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub used_permille: i64,
    pub forecast_over: bool,
}

pub fn cap_progress(conn: &Connection, year: i32, today: NaiveDate) -> Result<Vec<CapProgress>> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { return Ok(vec![]) };
    let last = rules::period_of(Frequency::Yearly, first).1;
    let through = today.min(last);
    if through < first {
        return Ok(vec![]);
    }
    let fig = compute(conn, first, through)?;
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for p in fig.outfalls.iter().flat_map(|o| &o.params) {
        if let Some(g) = p.load_g {
            *totals.entry(p.code.clone()).or_insert(0) += g;
        }
    }
    // The rate is that of the days monitored so far this year (a plant that began recording in
    // September is not averaged over January to August); the rest of the year at that rate.
    let mut monitored_from = through;
    for of in outfall::list(conn)? {
        for p in &of.params {
            monitored_from = monitored_from.min(created_day(conn, &p.id, fig_tz(conn)?)?);
        }
    }
    let monitored_from = monitored_from.max(first);
    let elapsed = days_in(monitored_from, through) as f64;
    let remaining = (last - through).num_days().max(0) as f64;
    let mut out = Vec::new();
    let codes: std::collections::BTreeSet<String> = outfall::caps(conn)?.into_iter().map(|c| c.param_code).collect();
    for code in codes {
        let Some(cap) = outfall::cap_for(conn, &code, year)? else { continue };
        let load = totals.get(&code).copied().unwrap_or(0);
        let forecast = (load as f64 + load as f64 / elapsed * remaining).round() as i64;
        out.push(CapProgress {
            param_code: code,
            cap_g: cap.cap_g,
            load_g: load,
            forecast_g: forecast,
            used_permille: (load as f64 * 1000.0 / cap.cap_g as f64).round() as i64,
            forecast_over: forecast > cap.cap_g,
        });
    }
    Ok(out)
}

fn fig_tz(conn: &Connection) -> Result<chrono_tz::Tz> {
    crate::plant::require(conn)?.tz()
}

/// An exceedance as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Exceedance {
    pub id: String,
    pub outfall_code: String,
    pub param_code: String,
    pub interval: Interval,
    pub at_local: String,
    pub local_date: String,
    pub value: f64,
    pub bound: rules::Bound,
    pub limit: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ratio_permille: Option<i64>,
    pub found_at: String,
    /// The number of the hazard that took it up as a corrective action (issue 13), if any.
    pub hazard_number: Option<String>,
}

/// One standing exceedance by id (`None` when there is none or it no longer stands).
pub fn exceedance(conn: &Connection, id: &str) -> Result<Option<Exceedance>> {
    let day: Option<String> =
        conn.query_row("SELECT local_date FROM water_exceedance_live WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    let Some(day) = day.and_then(|d| d.parse::<NaiveDate>().ok()) else { return Ok(None) };
    Ok(exceedances(conn, day, day, 100_000)?.into_iter().find(|x| x.id == id))
}

/// Exceedances of live batches in plant-local days `[from, to]`, newest first.
pub fn exceedances(conn: &Connection, from: NaiveDate, to: NaiveDate, limit: u32) -> Result<Vec<Exceedance>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let mut stmt = conn.prepare(
        "SELECT x.id, o.code, p.code, x.interval, x.at, x.local_date, x.value, x.bound, x.limit_value, x.ratio_permille, x.found_at,
             (SELECT h.number FROM hazard h WHERE h.exceedance_id = x.id AND h.voided_at IS NULL)
         FROM water_exceedance_live x JOIN water_param p ON p.id = x.param_id JOIN water_outfall o ON o.id = p.outfall_id
         WHERE x.local_date BETWEEN ?1 AND ?2 ORDER BY x.at DESC, o.code, p.code LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string(), limit], |r| {
        Ok(Exceedance {
            id: r.get(0)?,
            outfall_code: r.get(1)?,
            param_code: r.get(2)?,
            interval: r.get(3)?,
            at_local: super::readings::local_minute(r.get(4)?, tz),
            local_date: r.get(5)?,
            value: r.get(6)?,
            bound: r.get(7)?,
            limit: r.get(8)?,
            ratio_permille: r.get(9)?,
            found_at: r.get(10)?,
            hazard_number: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
