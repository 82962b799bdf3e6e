//! HJ 1259-2022 B.4 自行利用/处置: a container taken out of storage (its B.3 row, posted here in
//! the same transaction) and used or disposed of in the plant's own facility. Voiding the record
//! reverses the take-out.

use super::{storage, Purpose};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::Grams;
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OwnTreatInput {
    pub container_id: String,
    pub purpose: Purpose,
    /// 自行利用/处置设施编码.
    pub facility_code: String,
    /// 自行利用/处置方式 (R/D code or description).
    pub method: String,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` = now.
    pub at_local: Option<String>,
    /// 自行利用/处置完毕时间 (`YYYY-MM-DD`), if already finished.
    pub finished_on: Option<String>,
    /// 部门经办人 (and department) of the own use/disposal; also the storage side of its take-out.
    #[serde(default)]
    pub handlers: crate::waste::appendix::Handlers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OwnTreatment {
    pub id: String,
    pub batch_code: String,
    pub purpose: Purpose,
    pub out_batch: String,
    pub container_id: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
    pub facility_code: String,
    pub method: String,
    pub at_local: String,
    pub local_date: String,
    pub finished_on: Option<String>,
    pub voided: bool,
}

/// Takes a stocked container out and records its own use or disposal.
pub fn treat(store: &mut Store, actor: &Session, input: OwnTreatInput, now: DateTime<Utc>) -> Result<OwnTreatment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let purpose = input.purpose;
    let fac_code = input.facility_code.trim();
    if fac_code.is_empty() {
        return Err(Error::invalid("facility_code", crate::msg::waste::give_code_own_utilisation()));
    }
    let method = input.method.trim();
    if method.is_empty() {
        return Err(Error::invalid("method", crate::msg::waste::give_utilisation_disposal_method()));
    }
    let finished = input
        .finished_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| time::parse_date("finished_on", s))
        .transpose()?;
    crate::text::no_hidden_chars("facility_code", "the facility code", fac_code)?;
    let container = crate::text::identifier(
        "container_id",
        "container id",
        &input.container_id,
        crate::waste::generation::MAX_IDENTIFIER_CHARS,
    )?;
    let container = container.as_str();
    let handlers = crate::waste::appendix::valid_handlers(&input.handlers)?;
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let at = time::entered_or_now("at", input.at_local.as_deref(), tz, now)?;
    let day = time::local_date(at, tz);
    if finished.is_some_and(|f| f < day) {
        return Err(Error::invalid("finished_on", crate::msg::waste::finished_before_started()));
    }
    let fac_id: Option<String> = tx
        .query_row(
            "SELECT facility_id FROM waste_container_stock WHERE container_id = ?1 AND stock_g > 0 LIMIT 1",
            [container],
            |r| r.get(0),
        )
        .optional()?;
    let Some(fac_id) = fac_id else {
        return Err(Error::invalid("container_id", crate::msg::waste::container_not_stock_anywhere(&container)));
    };
    let fac = storage::facility(&tx, "container_id", &fac_id)?;
    let m = storage::take_out_in(&tx, tz, &fac, container, None, None, &handlers, at, actor, now)?;
    let version: String =
        tx.query_row("SELECT catalogue_version FROM waste_movement WHERE id = ?1", [&m.id], |r| r.get(0))?;
    let prefix = if purpose == Purpose::Utilisation { "HWZXLY" } else { "HWZXCZ" };
    let batch = super::next_batch_code(&tx, "waste_own_treatment", "", prefix, day)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO waste_own_treatment (id, batch_code, purpose, movement_id, container_id, catalogue_version, code,
            quantity_g, facility_code, method, started_at, local_date, finished_on, recorded_by, recorded_at, handler, handler_dept)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            id,
            batch,
            purpose,
            m.id,
            container,
            version,
            m.code,
            m.quantity_g,
            fac_code,
            method.to_ascii_uppercase(),
            time::to_db(at),
            day.to_string(),
            finished.map(|d| d.to_string()),
            actor.user_id,
            time::to_db(now),
            handlers.handler,
            handlers.handler_dept
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "waste_own_treatment", &id, None, None)?;
    let t = get(&tx, &id)?;
    tx.commit()?;
    Ok(t)
}

/// Voids a record with a reason; its take-out is reversed (the container is back in stock).
pub fn void(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<OwnTreatment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::common::say_why_record_voided()));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let t = get(&tx, id)?;
    if t.voided {
        return Err(Error::Conflict(crate::msg::common::already_voided(&t.batch_code)));
    }
    let id = t.id.as_str();
    audit::void_row(&tx, now, &actor.user_id, "waste_own_treatment", id, reason)?;
    let movement: String =
        tx.query_row("SELECT movement_id FROM waste_own_treatment WHERE id = ?1", [id], |r| r.get(0))?;
    storage::reverse_in(&tx, tz, &movement, &format!("{} voided: {reason}", t.batch_code), actor, now)?;
    let t = get(&tx, id)?;
    tx.commit()?;
    Ok(t)
}

const SELECT: &str = "SELECT t.id, t.batch_code, t.purpose, m.batch_code, t.container_id, t.code, t.quantity_g,
    t.facility_code, t.method, t.started_at, t.local_date, t.finished_on, t.voided_at
    FROM waste_own_treatment t JOIN waste_movement m ON m.id = t.movement_id";

fn map(r: &rusqlite::Row<'_>, tz: chrono_tz::Tz) -> rusqlite::Result<OwnTreatment> {
    let q: i64 = r.get(6)?;
    let at: String = r.get(9)?;
    Ok(OwnTreatment {
        id: r.get(0)?,
        batch_code: r.get(1)?,
        purpose: r.get(2)?,
        out_batch: r.get(3)?,
        container_id: r.get(4)?,
        code: r.get(5)?,
        quantity_g: q,
        quantity_kg: Grams(q).kg_string(),
        facility_code: r.get(7)?,
        method: r.get(8)?,
        at_local: time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at),
        local_date: r.get(10)?,
        finished_on: r.get(11)?,
        voided: r.get::<_, Option<String>>(12)?.is_some(),
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<OwnTreatment> {
    let tz = crate::plant::require(conn)?.tz()?;
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1 OR t.batch_code = ?1"), [id], |r| map(r, tz))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "own-treatment record", id: id.into() })
}

/// Live records of plant-local days `[from, to]`.
pub fn list(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<OwnTreatment>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE t.local_date >= ?1 AND t.local_date <= ?2 AND t.voided_at IS NULL ORDER BY t.started_at"
    ))?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| map(r, tz))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
