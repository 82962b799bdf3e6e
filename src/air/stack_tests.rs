//! Stack test results (监测: C in mg/m³ dry at standard conditions, Q in Nm³/h, the hours a
//! test represents, the lab and its report number) and the month's primer-coated area (底涂面积)
//! for g/m². Validated first (errors name their field), inserted and audited in one
//! transaction. Setting a month's area again voids the previous one in the same transaction.

use super::{note, positive, sources, WRITERS};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::Session;
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TestInput {
    /// Source id or code.
    pub source: String,
    /// Plant-local `YYYY-MM-DDTHH:MM` the sample was taken.
    pub sampled_at_local: String,
    pub c_mg_m3: String,
    pub q_nm3_h: String,
    /// Hours the test represents; `None` = share the source's operating hours of the month.
    pub hours: Option<String>,
    pub lab: Option<String>,
    pub report_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocTest {
    pub id: String,
    pub source_id: String,
    pub source_code: String,
    pub sampled_at_local: String,
    pub local_date: String,
    pub month: String,
    pub c_mg_m3: String,
    pub q_nm3_h: String,
    pub hours: Option<String>,
    pub lab: String,
    pub report_no: String,
    pub voided: bool,
}

/// Records a stack test.
pub fn add_test(store: &mut Store, actor: &Session, input: TestInput, now: DateTime<Utc>) -> Result<VocTest> {
    actor.require(WRITERS)?;
    // A concentration may be 0 (below the detection limit, entered as 0).
    let c = super::decimal("c_mg_m3", &input.c_mg_m3)?;
    if c.0 < 0 || c.0 > 1_000_000 * crate::units::Decimal::ONE {
        return Err(Error::invalid("c_mg_m3", crate::msg::air::mg_m_must_from(&c)));
    }
    let q = positive("q_nm3_h", &input.q_nm3_h, 100_000_000, "Nm³/h")?;
    let hours = match input.hours.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => Some(positive("hours", h, sources::MAX_MONTH_HOURS, "h")?),
        None => None,
    };
    let lab = note("lab", input.lab.as_deref(), 200)?;
    let report_no = note("report_no", input.report_no.as_deref(), 100)?;
    if input.sampled_at_local.trim().is_empty() {
        return Err(Error::invalid("sampled_at_local", crate::msg::air::sampling_time_required_yyyy()));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let at = time::entered_or_now("sampled_at_local", Some(&input.sampled_at_local), tz, now)?;
    let day = time::local_date(at, tz);
    let month = day.format("%Y-%m").to_string();
    let s = sources::find(&tx, "source", &input.source)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_test (id, source_id, sampled_at, local_date, month, c_mg_m3, q_nm3_h, hours, lab, report_no,
            created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            s.id,
            time::to_db(at),
            day.to_string(),
            month,
            c.text(),
            q.text(),
            hours.map(|h| h.text()),
            lab,
            report_no,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_test", &id, None, None)?;
    let t = test_by_id(&tx, &id)?;
    tx.commit()?;
    Ok(t)
}

const TEST_SELECT: &str = "SELECT t.id, t.source_id, s.code, t.sampled_at, t.local_date, t.month, t.c_mg_m3, t.q_nm3_h,
    t.hours, t.lab, t.report_no, t.voided_at FROM voc_test t JOIN voc_source s ON s.id = t.source_id";

fn map_test(r: &rusqlite::Row<'_>, tz: chrono_tz::Tz) -> rusqlite::Result<VocTest> {
    let at: String = r.get(3)?;
    Ok(VocTest {
        id: r.get(0)?,
        source_id: r.get(1)?,
        source_code: r.get(2)?,
        sampled_at_local: time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at),
        local_date: r.get(4)?,
        month: r.get(5)?,
        c_mg_m3: r.get(6)?,
        q_nm3_h: r.get(7)?,
        hours: r.get(8)?,
        lab: r.get(9)?,
        report_no: r.get(10)?,
        voided: r.get::<_, Option<String>>(11)?.is_some(),
    })
}

pub fn test_by_id(conn: &Connection, id: &str) -> Result<VocTest> {
    let tz = crate::plant::require(conn)?.tz()?;
    conn.query_row(&format!("{TEST_SELECT} WHERE t.id = ?1"), [id], |r| map_test(r, tz))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "VOC test", id: id.into() })
}

/// The live tests of a month, by source and time.
pub fn tests(conn: &Connection, month: &str) -> Result<Vec<VocTest>> {
    let month = super::parse_month("month", month)?;
    let tz = crate::plant::require(conn)?.tz()?;
    let mut stmt = conn.prepare(&format!(
        "{TEST_SELECT} WHERE t.month = ?1 AND t.voided_at IS NULL ORDER BY s.code, t.sampled_at, t.id"
    ))?;
    let rows = stmt.query_map([month], |r| map_test(r, tz))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AreaInput {
    /// `YYYY-MM`.
    pub month: String,
    /// Whole square metres.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub area_m2: i64,
    /// How it was obtained (bodies × area per body, CAD, film weight …).
    pub basis: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CoatedArea {
    pub id: String,
    pub month: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub area_m2: i64,
    pub basis: String,
}

/// Sets the month's coated area; a previous live value is voided in the same transaction.
pub fn set_area(store: &mut Store, actor: &Session, input: AreaInput, now: DateTime<Utc>) -> Result<CoatedArea> {
    actor.require(WRITERS)?;
    let month = super::parse_month("month", &input.month)?;
    if !(1..=1_000_000_000_000).contains(&input.area_m2) {
        return Err(Error::invalid("area_m2", crate::msg::air::coated_area_must_whole()));
    }
    let basis = note("basis", input.basis.as_deref(), 500)?;
    let tx = store.write_tx()?;
    let old: Option<(String, i64)> = tx
        .query_row("SELECT id, area_m2 FROM voc_coated_area WHERE month = ?1 AND voided_at IS NULL", [&month], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((old_id, old_m2)) = old {
        let reason = format!("replaced: {old_m2} m² → {} m²", input.area_m2);
        audit::void_row(&tx, now, &actor.user_id, "voc_coated_area", &old_id, &reason)?;
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_coated_area (id, month, area_m2, basis, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, month, input.area_m2, basis, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_coated_area", &id, None, None)?;
    tx.commit()?;
    Ok(CoatedArea { id, month, area_m2: input.area_m2, basis })
}

/// The month's live coated area.
pub fn area(conn: &Connection, month: &str) -> Result<Option<CoatedArea>> {
    let month = super::parse_month("month", month)?;
    Ok(conn
        .query_row(
            "SELECT id, month, area_m2, basis FROM voc_coated_area WHERE month = ?1 AND voided_at IS NULL",
            [&month],
            |r| Ok(CoatedArea { id: r.get(0)?, month: r.get(1)?, area_m2: r.get(2)?, basis: r.get(3)? }),
        )
        .optional()?)
}
