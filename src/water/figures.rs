//! The wastewater area's figure source ([`crate::areas::FIGURE_SOURCES`]): the `ww_*` indicators
//! of [`crate::indicators::INDICATORS`] for plant-local days `[from, to]`, from
//! [`super::loads::compute`], with the per-outfall and per-parameter details (and the below-DL
//! policy) as `details.water`. A plant with no outfall reports no wastewater figures at all.

use super::loads::{self, LoadNote};
use super::outfall;
use crate::error::Result;
use crate::indicators::{AreaFigures, Figure, FigureMethod};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

pub fn figures(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<AreaFigures> {
    let w = loads::compute(conn, from, to)?;
    if w.outfalls.is_empty() {
        return Ok(AreaFigures { figures: vec![], records: 0, details: serde_json::Value::Null });
    }
    let params = || w.outfalls.iter().flat_map(|o| &o.params);
    let mut figures = vec![Figure::of("ww_discharge_l", w.outfalls.iter().map(|o| o.discharge_l).sum())?];
    for k in outfall::KNOWN_PARAMS {
        let Some(key) = k.load_key else { continue };
        let ps: Vec<_> = params().filter(|p| p.code == k.code).collect();
        if ps.is_empty() {
            continue;
        }
        let g: i64 = ps.iter().filter_map(|p| p.load_g).sum();
        let estimated = ps.iter().any(|p| {
            p.load_g.is_none()
                || p.notes.iter().any(|n| {
                    matches!(n, LoadNote::ValidityBelowThreshold | LoadNote::NoSampling | LoadNote::NoFlowOnSamplingDay)
                })
        });
        let f = Figure::of(key, g)?;
        figures.push(if estimated { f.method(FigureMethod::Estimated) } else { f });
    }
    figures.push(Figure::of("ww_exceedances", params().map(|p| p.exceedances).sum())?);
    if let Some(max) = params().filter_map(|p| p.max_ratio_permille).max() {
        figures.push(Figure::of("ww_max_limit_ratio_permille", max)?);
    }
    figures.push(Figure::of("ww_monitoring_missed", params().map(|p| p.missed).sum())?);
    if params().any(|p| p.expected_hours > 0) {
        let online = || params().filter(|p| p.expected_hours > 0);
        figures.push(Figure::of("ww_online_valid_hours", online().map(|p| p.valid_hours).sum())?);
        figures.push(Figure::of("ww_online_expected_hours", online().map(|p| p.expected_hours).sum())?);
    }
    let tz = crate::plant::require(conn)?.tz()?;
    let (s, _) = super::online::day_bounds(from, tz);
    let (_, e) = super::online::day_bounds(to, tz);
    let records: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM water_reading WHERE interval = 'sample' AND at >= ?1 AND at < ?2)
              + (SELECT count(*) FROM water_online_day WHERE local_date BETWEEN ?3 AND ?4)",
        params![s, e, from.to_string(), to.to_string()],
        |r| r.get(0),
    )?;
    Ok(AreaFigures { figures, records, details: serde_json::to_value(&w)? })
}
