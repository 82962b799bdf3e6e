//! Waste streams of the plant: a named, recurring waste (行业俗称/单位内部名称) tied to its
//! catalogue code (名录名称) and physical form. Ledger entries usually pick a stream.

use super::catalogue;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// The physical form of a waste (物理性状).
    pub enum PhysicalForm {
        Solid = "solid",
        SemiSolid = "semi_solid",
        Liquid = "liquid",
        Sludge = "sludge",
        Gas = "gas",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WasteStream {
    pub id: String,
    pub name: String,
    pub code: String,
    pub category: String,
    pub physical_form: PhysicalForm,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewStream {
    pub name: String,
    pub code: String,
    pub physical_form: PhysicalForm,
}

/// Adds a stream. Admins and EHS officers.
pub fn add(store: &mut Store, actor: &Session, input: NewStream, now: DateTime<Utc>) -> Result<WasteStream> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid("name", crate::msg::waste::stream_name_1_200()));
    }
    let tx = store.write_tx()?;
    let plant = crate::plant::require(&tx)?;
    let version = catalogue::edition_for(time::local_date(now, plant.tz()?));
    let code = catalogue::lookup(&tx, "code", &input.code, version)?;
    let clash: bool = tx
        .query_row("SELECT 1 FROM waste_stream WHERE name = ?1 AND voided_at IS NULL", [name], |_| Ok(()))
        .optional()?
        .is_some();
    if clash {
        return Err(Error::invalid("name", crate::msg::waste::stream_named_already_exists(&name)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO waste_stream (id, name, catalogue_version, code, physical_form, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, name, version, code.code, input.physical_form.as_str(), time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "waste_stream", &id, None, None)?;
    tx.commit()?;
    Ok(WasteStream {
        id,
        name: name.to_string(),
        code: code.code,
        category: code.category,
        physical_form: input.physical_form,
    })
}

const SELECT: &str = "SELECT s.id, s.name, s.code, c.category, s.physical_form
    FROM waste_stream s JOIN hw_code c ON c.catalogue_version = s.catalogue_version AND c.code = s.code";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn build((id, name, code, category, form): (String, String, String, String, String)) -> Result<WasteStream> {
    Ok(WasteStream { id, name, code, category, physical_form: PhysicalForm::parse("physical_form", &form)? })
}

/// Active streams by name.
pub fn list(conn: &Connection) -> Result<Vec<WasteStream>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE s.voided_at IS NULL ORDER BY s.name"))?;
    let rows = stmt.query_map([], map)?;
    rows.map(|r| build(r?)).collect()
}

/// An active stream by id.
pub fn get(conn: &Connection, field: &'static str, id: &str) -> Result<WasteStream> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE s.id = ?1 AND s.voided_at IS NULL"))?;
    match stmt.query_row([id], map).optional()? {
        Some(row) => build(row),
        None => Err(Error::invalid(field, crate::msg::waste::no_active_waste_stream(&id))),
    }
}

/// An active stream by name (the CLI's `--stream NAME`).
pub fn find_by_name(conn: &Connection, field: &'static str, name: &str) -> Result<WasteStream> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE s.name = ?1 AND s.voided_at IS NULL"))?;
    match stmt.query_row([name.trim()], map).optional()? {
        Some(row) => build(row),
        None => Err(Error::invalid(field, crate::msg::waste::no_active_waste_stream_named(&name))),
    }
}
