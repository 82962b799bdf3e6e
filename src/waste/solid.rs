//! The general industrial solid-waste ledger (一般工业固体废物管理台账, MEE Announcement 2021
//! No. 82): streams with their 9-character codes of the 2024 《固体废物分类与代码目录》
//! (`NNN-NNN-Sxx`), generation records, and outbound batches with receiver and route (reuse,
//! recycling, other recovery, energy recovery, incineration, landfill, other disposal).
//!
//! Stock of a stream is derived: generated − outbound, checked in the write transaction, so an
//! outbound batch can never take more than is in store. Records are voided, never edited.

use super::gri::Route;
use super::stream::PhysicalForm;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// A solid-waste record: generated into store, or out (with a route).
    pub enum SwRecordKind {
        Generation = "generation",
        Outbound = "outbound",
    }
}

/// Checks a general solid-waste code `NNN-NNN-Sxx`: industrial classes are S01–S59 except S08.
pub fn parse_code(field: &'static str, text: &str) -> Result<String> {
    let t = text.trim().to_ascii_uppercase();
    let b = t.as_bytes();
    let shape = b.len() == 11
        && b[..3].iter().all(u8::is_ascii_digit)
        && b[3] == b'-'
        && b[4..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8] == b'S'
        && b[9..].iter().all(u8::is_ascii_digit);
    if !shape {
        return Err(Error::invalid(field, crate::msg::waste::not_solid_waste_code(&t)));
    }
    let class: u8 = t[9..].parse().map_err(|_| Error::invalid(field, crate::msg::waste::bad_class_digits()))?;
    match class {
        1..=59 if class != 8 => Ok(t),
        8 => Err(Error::invalid(field, crate::msg::waste::s08_not_industrial_solid(&t))),
        60..=69 => Err(Error::invalid(field, crate::msg::waste::s60_s69_household_waste(&t))),
        70..=79 => Err(Error::invalid(field, crate::msg::waste::s70_s79_construction_waste(&t))),
        80..=89 => Err(Error::invalid(field, crate::msg::waste::s80_s89_agricultural_waste(&t))),
        _ => Err(Error::invalid(field, crate::msg::waste::class_s_not_industrial(&t, &(format!("{:02}", class))))),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewSwStream {
    pub code: String,
    pub name: String,
    pub physical_form: PhysicalForm,
    pub process: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SwStream {
    pub id: String,
    pub code: String,
    pub name: String,
    pub physical_form: PhysicalForm,
    pub process: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub stock_g: i64,
    pub stock_t: String,
}

pub fn add_stream(store: &mut Store, actor: &Session, input: NewSwStream, now: DateTime<Utc>) -> Result<SwStream> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let code = parse_code("code", &input.code)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid("name", crate::msg::waste::name_required_most_200()));
    }
    let form = input.physical_form;
    let tx = store.write_tx()?;
    if tx
        .query_row("SELECT 1 FROM sw_stream WHERE name = ?1 AND voided_at IS NULL", [name], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("name", crate::msg::waste::solid_waste_stream_named(&name)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO sw_stream (id, code, name, physical_form, process, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, code, name, form, input.process.trim(), time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "sw_stream", &id, None, None)?;
    let s = stream(&tx, "stream", &id)?;
    tx.commit()?;
    Ok(s)
}

fn stock_of(conn: &Connection, stream_id: &str) -> Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'generation' THEN quantity_g ELSE -quantity_g END), 0)
         FROM sw_record WHERE stream_id = ?1 AND voided_at IS NULL",
        [stream_id],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

/// A live stream by id, name or code (a code must name exactly one stream).
pub fn stream(conn: &Connection, field: &'static str, key: &str) -> Result<SwStream> {
    let key = key.trim();
    let rows: Vec<(String, String, String, PhysicalForm, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, code, name, physical_form, process FROM sw_stream
             WHERE (id = ?1 OR name = ?1 OR code = ?1) AND voided_at IS NULL",
        )?;
        let r = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let (id, code, name, physical_form, process) = match rows.len() {
        0 => return Err(Error::invalid(field, crate::msg::waste::no_solid_waste_stream(&key))),
        1 => rows.into_iter().next().expect("one row"),
        _ => return Err(Error::invalid(field, crate::msg::waste::matches_several_streams_use(&key))),
    };
    let stock = stock_of(conn, &id)?;
    Ok(SwStream { id, code, name, physical_form, process, stock_g: stock.0, stock_t: stock.t_string() })
}

pub fn streams(conn: &Connection) -> Result<Vec<SwStream>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare("SELECT id FROM sw_stream WHERE voided_at IS NULL ORDER BY code, name")?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| stream(conn, "stream", id)).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SwRecordInput {
    /// Stream id, name or code.
    pub stream: String,
    /// Decimal text in `unit`.
    pub quantity: String,
    pub unit: MassUnit,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` = now.
    pub at_local: Option<String>,
    /// Outbound only: where it goes.
    pub route: Option<Route>,
    /// Outbound only: used or disposed of on site (no receiver).
    pub onsite: bool,
    /// Outbound off site: receiver name (or a registered receiver's name/id).
    pub receiver: Option<String>,
    pub receiver_uscc: Option<String>,
    pub transporter: Option<String>,
    pub document_no: Option<String>,
    pub storage_place: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SwRecord {
    pub id: String,
    pub batch_code: String,
    pub kind: SwRecordKind,
    pub stream_name: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_t: String,
    pub route: Option<Route>,
    pub onsite: Option<bool>,
    pub receiver_name: String,
    pub receiver_uscc: Option<String>,
    pub transporter: String,
    pub document_no: String,
    pub storage_place: String,
    pub at_local: String,
    pub local_date: String,
    pub voided: bool,
    pub void_reason: Option<String>,
}

fn post(
    store: &mut Store,
    actor: &Session,
    kind: SwRecordKind,
    input: SwRecordInput,
    now: DateTime<Utc>,
) -> Result<SwRecord> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let q = Grams::parse(&input.quantity, input.unit).map_err(|e| Error::invalid("quantity", e.0))?;
    if q.0 <= 0 {
        return Err(Error::invalid("quantity", crate::msg::common::must_be_positive()));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let at = time::entered_or_now("at", input.at_local.as_deref(), tz, now)?;
    let s = stream(&tx, "stream", &input.stream)?;
    let (route, onsite, receiver_id, receiver_name, receiver_uscc) = if kind == SwRecordKind::Outbound {
        let Some(route) = input.route else {
            return Err(Error::invalid("route", crate::msg::waste::outbound_batch_needs_route(&Route::list())));
        };
        let stock = stock_of(&tx, &s.id)?;
        if q > stock {
            return Err(Error::invalid(
                "quantity",
                crate::msg::waste::only_t_store_cannot(&stock.t_string(), &s.name, &q.t_string()),
            ));
        }
        let name = input.receiver.as_deref().map(str::trim).unwrap_or("");
        if !input.onsite && name.is_empty() {
            return Err(Error::invalid("receiver", crate::msg::waste::off_site_batch_names()));
        }
        // A registered receiver is linked; otherwise the name is kept as written.
        let registered: Option<(String, String, Option<String>)> = if name.is_empty() {
            None
        } else {
            tx.query_row(
                "SELECT id, name, uscc FROM counterparty WHERE (id = ?1 OR name = ?1) AND kind = 'receiver' AND voided_at IS NULL",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
        };
        let uscc = match input.receiver_uscc.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => Some(crate::plant::check_uscc("receiver_uscc", u)?),
            None => registered.as_ref().and_then(|r| r.2.clone()),
        };
        let (rid, rname) = match registered {
            Some((id, n, _)) => (Some(id), n),
            None => (None, name.to_string()),
        };
        (Some(route), Some(input.onsite as i64), rid, rname, uscc)
    } else {
        (None, None, None, String::new(), None)
    };
    let day = time::local_date(at, tz);
    let prefix = if kind == SwRecordKind::Generation { "GFCS" } else { "GFCK" };
    let batch = super::next_batch_code(&tx, "sw_record", "", prefix, day)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO sw_record (id, batch_code, kind, stream_id, quantity_g, route, onsite, receiver_id, receiver_name,
            receiver_uscc, transporter, document_no, storage_place, at, local_date, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            id,
            batch,
            kind,
            s.id,
            q.0,
            route,
            onsite,
            receiver_id,
            receiver_name,
            receiver_uscc,
            input.transporter.as_deref().map(str::trim).unwrap_or(""),
            input.document_no.as_deref().map(str::trim).unwrap_or(""),
            input.storage_place.as_deref().map(str::trim).unwrap_or(""),
            time::to_db(at),
            day.to_string(),
            actor.user_id,
            time::to_db(now)
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "sw_record", &id, None, None)?;
    let r = record(&tx, &id)?;
    tx.commit()?;
    Ok(r)
}

/// Records generated general solid waste (into the plant's store).
pub fn record_generation(
    store: &mut Store,
    actor: &Session,
    input: SwRecordInput,
    now: DateTime<Utc>,
) -> Result<SwRecord> {
    post(store, actor, SwRecordKind::Generation, input, now)
}

/// Records an outbound batch (own use/disposal on site, or to a receiver). Never more than the stock.
pub fn record_outbound(
    store: &mut Store,
    actor: &Session,
    input: SwRecordInput,
    now: DateTime<Utc>,
) -> Result<SwRecord> {
    post(store, actor, SwRecordKind::Outbound, input, now)
}

/// Voids a record with a reason. Voiding a generation record that later batches already took
/// out is refused (stock would go negative): void those first.
pub fn void(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<SwRecord> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::common::say_why_record_voided()));
    }
    let tx = store.write_tx()?;
    let r = record(&tx, id)?;
    if r.voided {
        return Err(Error::Conflict(crate::msg::common::already_voided(&r.batch_code)));
    }
    let stream_id: String = tx.query_row("SELECT stream_id FROM sw_record WHERE id = ?1", [id], |x| x.get(0))?;
    if r.kind == SwRecordKind::Generation && stock_of(&tx, &stream_id)?.0 < r.quantity_g {
        return Err(Error::Conflict(crate::msg::waste::was_already_partly_sent(&r.batch_code)));
    }
    audit::void_row(&tx, now, &actor.user_id, "sw_record", id, reason)?;
    let r = record(&tx, id)?;
    tx.commit()?;
    Ok(r)
}

const RECORD_SELECT: &str = "SELECT r.id, r.batch_code, r.kind, s.name, s.code, r.quantity_g, r.route, r.onsite,
    r.receiver_name, r.receiver_uscc, r.transporter, r.document_no, r.storage_place, r.at, r.local_date, r.voided_at,
    r.void_reason FROM sw_record r JOIN sw_stream s ON s.id = r.stream_id";

fn map_record(r: &rusqlite::Row<'_>, tz: chrono_tz::Tz) -> rusqlite::Result<SwRecord> {
    let q: i64 = r.get(5)?;
    let at: String = r.get(13)?;
    let at_local = time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at);
    Ok(SwRecord {
        id: r.get(0)?,
        batch_code: r.get(1)?,
        kind: r.get(2)?,
        stream_name: r.get(3)?,
        code: r.get(4)?,
        quantity_g: q,
        quantity_t: Grams(q).t_string(),
        route: r.get(6)?,
        onsite: r.get::<_, Option<i64>>(7)?.map(|v| v == 1),
        receiver_name: r.get(8)?,
        receiver_uscc: r.get(9)?,
        transporter: r.get(10)?,
        document_no: r.get(11)?,
        storage_place: r.get(12)?,
        at_local,
        local_date: r.get(14)?,
        voided: r.get::<_, Option<String>>(15)?.is_some(),
        void_reason: r.get(16)?,
    })
}

pub fn record(conn: &Connection, id: &str) -> Result<SwRecord> {
    let tz = crate::plant::require(conn)?.tz()?;
    conn.query_row(&format!("{RECORD_SELECT} WHERE r.id = ?1"), [id], |r| map_record(r, tz))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "solid-waste record", id: id.into() })
}

/// Records of plant-local days `[from, to]`, oldest first.
pub fn list(conn: &Connection, from: NaiveDate, to: NaiveDate, include_voided: bool) -> Result<Vec<SwRecord>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let mut stmt = conn.prepare(&format!(
        "{RECORD_SELECT} WHERE r.local_date >= ?1 AND r.local_date <= ?2 AND (?3 OR r.voided_at IS NULL) ORDER BY r.at, r.batch_code"
    ))?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string(), include_voided], |r| map_record(r, tz))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solid_waste_codes_accept_industrial_classes_only() {
        assert_eq!(parse_code("code", "398-001-s17").unwrap(), "398-001-S17");
        assert_eq!(parse_code("code", "900-099-S59").unwrap(), "900-099-S59");
        for (bad, why) in [
            ("398-001-S08", "S08"),
            ("398-001-S61", "household"),
            ("398-001-S75", "construction"),
            ("398-001-S85", "agricultural"),
            ("398-001-S95", "S95"),
            ("398001S17", "NNN-NNN-Sxx"),
            ("398-001-17", "NNN-NNN-Sxx"),
            ("SW17", "NNN-NNN-Sxx"),
        ] {
            let e = parse_code("code", bad).unwrap_err();
            assert_eq!(e.field(), Some("code"));
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn gri_diversion_excludes_energy_recovery() {
        let d = |r: &str| Route::parse("route", r).unwrap().gri_diverted();
        assert!(d("recycling") && d("reuse") && d("other_recovery"));
        assert!(!d("energy_recovery") && !d("landfill") && !d("incineration") && !d("other_disposal"));
    }
}
