//! The safety area's figure source ([`crate::areas::FIGURE_SOURCES`]): the `hazards_*` indicators
//! for plant-local days `[from, to]` from [`super::kpi::kpis`] — the on-time rate travels as its
//! numerator and denominator (a ratio of sums at HQ), with the formula's version in the details
//! (and so in the packet's provenance). A plant that never registered a hazard reports none.

use super::kpi;
use crate::error::Result;
use crate::indicators::{AreaFigures, Figure};
use chrono::NaiveDate;
use rusqlite::{params, Connection};

pub fn figures(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<AreaFigures> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM hazard WHERE voided_at IS NULL)", [], |r| r.get(0))?;
    if !any {
        return Ok(AreaFigures { figures: vec![], records: 0, details: serde_json::Value::Null });
    }
    let k = kpi::kpis(conn, from, to)?;
    let grade = |g: &str| k.found_by_grade.get(g).copied().unwrap_or(0);
    let figures = vec![
        Figure::of("hazards_found", k.found)?,
        Figure::of("hazards_closed", k.closed)?,
        Figure::of("hazards_due", k.due)?,
        Figure::of("hazards_closed_on_time", k.closed_on_time)?,
        Figure::of("hazards_overdue_open", k.overdue_open)?,
        Figure::of("hazards_major_open", k.major_open)?,
        Figure::of("hazards_new_red", grade("1"))?,
        Figure::of("hazards_new_orange", grade("2"))?,
        Figure::of("hazards_new_yellow", grade("3"))?,
        Figure::of("hazards_new_blue", grade("4") + grade("5"))?,
    ];
    let records: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM hazard WHERE local_date BETWEEN ?1 AND ?2)
              + (SELECT count(*) FROM hazard_event WHERE local_date BETWEEN ?1 AND ?2)",
        params![from.to_string(), to.to_string()],
        |r| r.get(0),
    )?;
    Ok(AreaFigures { figures, records, details: serde_json::to_value(&k)? })
}
