//! Readings entered by hand — a lab's results of one sampling at an outfall (value or `4L`,
//! method), and the outfall's daily flow — and the corrections of any reading: a void with a
//! reason (one reading, or a whole batch such as a wrong file), never an edit. Each entry is one
//! audited batch through [`super::ingest::store`].

use super::hj212::DataFlag;
use super::ingest::{self, Batch, BatchKind, BatchResult, Interval, NewReading};
use super::online;
use super::outfall::{self, ParamUnit};
use super::rules;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One parameter's result of a sampling.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SampleValue {
    /// The parameter's code (`cod`) at the outfall.
    pub param: String,
    /// `52.5`, or `4L` below the detection limit.
    pub value: String,
    /// The analysis method (`HJ 828-2017`).
    pub method: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SampleInput {
    /// Outfall id or code.
    pub outfall: String,
    /// Plant-local `YYYY-MM-DDTHH:MM` of the sampling.
    pub sampled_at: String,
    pub lab: String,
    pub values: Vec<SampleValue>,
}

/// Enters a sampling's results (one batch). Exceedances are recorded at once.
pub fn add_sample(store: &mut Store, actor: &Session, input: SampleInput, now: DateTime<Utc>) -> Result<BatchResult> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let at = time::entered_or_now("sampled_at", Some(&input.sampled_at), tz, now)?;
    let lab = input.lab.trim();
    crate::text::no_hidden_chars("lab", "lab", lab)?;
    if lab.chars().count() > 200 {
        return Err(Error::invalid("lab", crate::msg::common::too_long(&200)));
    }
    if input.values.is_empty() {
        return Err(Error::invalid("values", crate::msg::water::enter_least_one_result()));
    }
    let tx = store.write_tx()?;
    let of = outfall::outfall(&tx, &outfall::find(&tx, "outfall", &input.outfall)?)?;
    let mut readings = Vec::new();
    for (i, v) in input.values.iter().enumerate() {
        let row = |e: Error| e.at(crate::msg::water::ctx_result(&(i + 1)));
        let code = v.param.trim().to_ascii_lowercase();
        let p = of.params.iter().find(|p| p.code == code).ok_or_else(|| {
            row(Error::invalid(
                "param",
                crate::msg::water::outfall_does_not_monitor2(&of.code, &crate::text::shown(&v.param)),
            ))
        })?;
        if p.unit == ParamUnit::M3 {
            return Err(row(Error::invalid("param", crate::msg::water::flow_entered_as_daily())));
        }
        let (value, below_dl) = rules::parse_measured("value", &v.value).map_err(row)?;
        if p.unit == ParamUnit::Ph && !(0.0..=14.0).contains(&value) {
            return Err(row(Error::invalid("value", crate::msg::water::ph_between_0_14())));
        }
        if p.unit == ParamUnit::MgL && value < 0.0 {
            return Err(row(Error::invalid("value", crate::msg::water::concentration_not_negative())));
        }
        let method = v.method.trim();
        crate::text::no_hidden_chars("method", "method", method).map_err(row)?;
        if readings.iter().any(|r: &NewReading| r.param == p.n) {
            return Err(row(Error::invalid("param", crate::msg::water::entered_twice(&code))));
        }
        readings.push(NewReading {
            param: p.n,
            interval: Interval::Sample,
            at: at.timestamp(),
            value,
            below_dl,
            flag: DataFlag::Normal,
            method: (!method.is_empty()).then(|| method.chars().take(100).collect()),
        });
    }
    let batch = Batch {
        kind: Some(BatchKind::Manual),
        source: lab.to_string(),
        content_sha256: None,
        readings,
        rejected: Default::default(),
    };
    let res = ingest::store(&tx, &actor.user_id, batch, tz, now)?;
    if res.rejected > 0 {
        return Err(Error::Conflict(crate::msg::water::outfall_already_holds_different(&of.code)));
    }
    tx.commit()?;
    Ok(res)
}

/// Enters an outfall's flow (m³, exact decimal) of a plant-local day.
pub fn add_daily_flow(
    store: &mut Store,
    actor: &Session,
    outfall_key: &str,
    day: &str,
    m3: &str,
    now: DateTime<Utc>,
) -> Result<BatchResult> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let day = time::parse_date("date", day.trim())?;
    if day > crate::plant::today(store.conn(), now)? {
        return Err(Error::invalid("date", crate::msg::water::future(&day)));
    }
    let value = rules::parse_limit_value("m3", m3)?;
    let tx = store.write_tx()?;
    let of = outfall::outfall(&tx, &outfall::find(&tx, "outfall", outfall_key)?)?;
    let p = of
        .params
        .iter()
        .find(|p| p.unit == ParamUnit::M3)
        .ok_or_else(|| Error::invalid("outfall", crate::msg::water::outfall_has_no_flow(&of.code)))?;
    let (s, _) = online::day_bounds(day, tz);
    let batch = Batch {
        kind: Some(BatchKind::Manual),
        source: "daily flow".into(),
        content_sha256: None,
        readings: vec![NewReading {
            param: p.n,
            interval: Interval::Day,
            at: s,
            value,
            below_dl: false,
            flag: DataFlag::Normal,
            method: None,
        }],
        rejected: Default::default(),
    };
    let res = ingest::store(&tx, &actor.user_id, batch, tz, now)?;
    if res.rejected > 0 {
        return Err(Error::Conflict(crate::msg::water::outfall_already_has_different(&of.code, &day)));
    }
    tx.commit()?;
    Ok(res)
}

/// Voids one reading (by its sequence number) with a reason; the days it fed are re-derived.
pub fn void_reading(store: &mut Store, actor: &Session, seq: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Error::invalid("reason", crate::msg::water::reason_most_500_characters()));
    }
    let tz = crate::plant::require(store.conn())?.tz()?;
    let tx = store.write_tx()?;
    let (param, at, interval): (i64, i64, Interval) = tx
        .query_row("SELECT param, at, interval FROM water_reading WHERE seq = ?1", [seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "reading", id: seq.to_string() })?;
    if tx.query_row("SELECT 1 FROM water_reading_void WHERE seq = ?1", [seq], |_| Ok(())).optional()?.is_some() {
        return Err(Error::Conflict(crate::msg::water::reading_already_voided(&seq)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO water_reading_void (seq, id, reason, voided_at, voided_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, id, reason, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "water_reading_void", &id, None, Some(reason))?;
    let infos = ingest::param_infos(&tx)?;
    if let (Some(info), true) = (infos.get(&param), interval != Interval::Sample && interval != Interval::Rtd) {
        let day = ingest::local_day(at, tz);
        online::rebuild_day(&tx, &infos, &info.outfall_id.clone(), day, tz, None)?;
    }
    tx.commit()?;
    Ok(())
}

/// Voids a whole batch (an imported file, a listener flush) with a reason; its days are re-derived.
pub fn void_batch(store: &mut Store, actor: &Session, batch_id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let tx = store.write_tx()?;
    let n: i64 = tx
        .query_row("SELECT n FROM water_batch WHERE id = ?1", [batch_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "batch", id: batch_id.to_string() })?;
    audit::void_row(&tx, now, &actor.user_id, "water_batch", batch_id, reason)?;
    let infos = ingest::param_infos(&tx)?;
    let days: Vec<(i64, i64)> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT param, at FROM water_reading WHERE batch = ?1 AND interval IN ('minute', 'hour', 'day')",
        )?;
        let r = stmt.query_map([n], |r| Ok((r.get(0)?, r.get(1)?)))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let mut touched = std::collections::BTreeSet::new();
    for (p, at) in days {
        if let Some(info) = infos.get(&p) {
            touched.insert((info.outfall_id.clone(), ingest::local_day(at, tz)));
        }
    }
    for (o, d) in touched {
        online::rebuild_day(&tx, &infos, &o, d, tz, None)?;
    }
    tx.commit()?;
    Ok(())
}

/// A stored reading as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reading {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub outfall_code: String,
    pub param_code: String,
    pub interval: Interval,
    /// Plant-local `YYYY-MM-DD HH:MM`.
    pub at_local: String,
    pub value: f64,
    /// As written: `52.5`, or `4L` below the detection limit.
    pub shown: String,
    pub below_dl: bool,
    pub flag: String,
    pub method: Option<String>,
    pub source: String,
    pub voided: bool,
}

/// The samplings (lab results) and daily flows in plant-local days `[from, to]`, newest first,
/// at most `limit`.
pub fn manual(conn: &Connection, from: NaiveDate, to: NaiveDate, limit: u32) -> Result<Vec<Reading>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let (s, _) = online::day_bounds(from, tz);
    let (_, e) = online::day_bounds(to, tz);
    let mut stmt = conn.prepare(
        "SELECT r.seq, o.code, p.code, r.interval, r.at, r.value, r.below_dl, r.flag, r.method, b.source,
                (b.voided_at IS NOT NULL OR EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq))
         FROM water_reading r JOIN water_param p ON p.n = r.param JOIN water_outfall o ON o.id = p.outfall_id
         JOIN water_batch b ON b.n = r.batch
         WHERE b.kind = 'manual' AND r.at >= ?1 AND r.at < ?2 ORDER BY r.at DESC, o.code, p.n LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![s, e, limit], |r| {
        let at: i64 = r.get(4)?;
        let value: f64 = r.get(5)?;
        let below: bool = r.get(6)?;
        Ok(Reading {
            seq: r.get(0)?,
            outfall_code: r.get(1)?,
            param_code: r.get(2)?,
            interval: r.get(3)?,
            at_local: local_minute(at, tz),
            value,
            shown: shown(value, below),
            below_dl: below,
            flag: r.get(7)?,
            method: r.get(8)?,
            source: r.get(9)?,
            voided: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A value as the ledger writes it: `4L` below the detection limit (HJ 91.1).
pub fn shown(value: f64, below_dl: bool) -> String {
    let v = format!("{value}");
    if below_dl {
        format!("{v}L")
    } else {
        v
    }
}

/// Plant-local `YYYY-MM-DD HH:MM` of a UTC second.
pub fn local_minute(at: i64, tz: chrono_tz::Tz) -> String {
    use chrono::TimeZone;
    match Utc.timestamp_opt(at, 0).single() {
        Some(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => String::new(),
    }
}
