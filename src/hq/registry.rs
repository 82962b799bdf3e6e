//! The HQ registry (issue 11 item 2): business segments, plants (segment, legal entity, the day
//! the plant enters — and leaves — the reporting boundary, time zone, where returns go), each
//! plant's public keys with their validity, and per year the group revenue and the full-time
//! headcount the intensities divide by, plus the historical figures of years before the app.
//! Every write is audited; nothing is deleted (a key is closed, a history figure voided).

use super::{require_actor, store};
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::indicators::{self, IndicatorUnit};
use crate::plant::Session;
use crate::sync::key;
use crate::units::{Grams, MassUnit};
use crate::{new_id, time, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A business segment (one column of the appendix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Segment {
    pub id: String,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A plant as HQ registers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RegPlant {
    pub id: String,
    pub code: String,
    pub name: String,
    pub segment_code: String,
    pub legal_entity: String,
    pub timezone: String,
    pub email: String,
    /// First plant-local day whose figures count (`YYYY-MM-DD`).
    pub in_boundary_from: String,
    /// First day that no longer counts, if the plant left the boundary.
    pub out_of_boundary_from: Option<String>,
    /// The key valid today (or the newest), its fingerprint.
    pub fingerprints: Vec<String>,
}

/// A registered public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RegKey {
    pub id: String,
    pub plant_code: String,
    pub fingerprint: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub note: String,
}

/// Registering a plant.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PlantInput {
    pub code: String,
    pub name: String,
    pub segment_code: String,
    pub legal_entity: String,
    pub timezone: String,
    pub email: String,
    pub in_boundary_from: String,
    /// The plant's public key file (PEM, as the plant's Settings exports it).
    pub public_key_pem: String,
    /// First day the key is valid (default: the boundary date).
    pub key_valid_from: Option<String>,
}

/// A change to a registered plant (only what is given changes).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PlantChange {
    pub name: Option<String>,
    pub segment_code: Option<String>,
    pub legal_entity: Option<String>,
    pub email: Option<String>,
    pub in_boundary_from: Option<String>,
    /// `""` clears it (the plant is back inside the boundary).
    pub out_of_boundary_from: Option<String>,
}

/// The group's figures of a reporting year that are not plant figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct YearFacts {
    pub year: i32,
    /// Group revenue in RMB million, exact decimal text (e.g. `365906.2`), if entered.
    pub revenue_rmb_million: Option<String>,
    /// The currency the revenue was reported in (CNY, or what was converted).
    pub revenue_currency: String,
    /// The original amount, FX rate and its date when converted; the source otherwise.
    pub revenue_note: String,
    /// Group full-time employees (the per-capita denominator), if entered.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub headcount_fte: Option<i64>,
    /// How that headcount is defined (e.g. "full-time employees at 31 December").
    pub headcount_definition: String,
}

/// A historical appendix figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HistoryFigure {
    pub id: String,
    pub year: i32,
    pub indicator: String,
    /// `None` = the group total.
    pub segment_code: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub value: i64,
    pub source: String,
}

fn code(field: &'static str, label: &str, v: &str) -> Result<String> {
    let v = v.trim();
    let ok = !v.is_empty() && v.len() <= 32 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(v.to_string())
    } else {
        Err(Error::invalid(field, crate::msg::hq::must_1_32_letters(&label, &crate::text::shown(v))))
    }
}

fn free_text(field: &'static str, label: &str, v: &str, max: usize) -> Result<String> {
    let v = v.trim();
    crate::text::no_hidden_chars(field, label, v)?;
    if v.chars().count() > max {
        return Err(Error::invalid(field, crate::msg::common::too_long(&max)));
    }
    Ok(v.to_string())
}

fn email(v: &str) -> Result<String> {
    let v = free_text("email", "e-mail", v, 200)?;
    if !v.is_empty()
        && (v.matches('@').count() != 1 || v.contains(char::is_whitespace) || v.starts_with('@') || v.ends_with('@'))
    {
        return Err(Error::invalid("email", crate::msg::hq::not_mail_address(&crate::text::shown(&v))));
    }
    Ok(v)
}

// ---- segments ----

/// Adds a segment (appended to the display order).
pub fn add_segment(
    store: &mut Store,
    actor: &Session,
    code_: &str,
    name_zh: &str,
    name_en: &str,
    now: DateTime<Utc>,
) -> Result<Segment> {
    let c = code("code", "segment code", code_)?;
    let zh = crate::text::identifier("name_zh", "Chinese name", name_zh, 80)?;
    let en = crate::text::identifier("name_en", "English name", name_en, 80)?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    if segment_id(&tx, &c)?.is_some() {
        return Err(Error::Conflict(crate::msg::hq::segment_already_registered(&c)));
    }
    let ord: i64 = tx.query_row("SELECT coalesce(max(ord), 0) + 1 FROM hq_segment", [], |r| r.get(0))?;
    let id = new_id();
    tx.execute(
        "INSERT INTO hq_segment (id, code, name_zh, name_en, ord, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, c, zh, en, ord, time::to_db(now)],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "hq_segment", &id, None, None)?;
    tx.commit()?;
    Ok(Segment { id, code: c, name_zh: zh, name_en: en })
}

/// Segments in display order (voided ones left out).
pub fn segments(conn: &Connection) -> Result<Vec<Segment>> {
    let mut stmt =
        conn.prepare("SELECT id, code, name_zh, name_en FROM hq_segment WHERE voided_at IS NULL ORDER BY ord")?;
    let rows =
        stmt.query_map([], |r| Ok(Segment { id: r.get(0)?, code: r.get(1)?, name_zh: r.get(2)?, name_en: r.get(3)? }))?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

fn segment_id(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT id FROM hq_segment WHERE code = ?1 AND voided_at IS NULL", [code], |r| r.get(0))
        .optional()?)
}

fn require_segment(conn: &Connection, code: &str) -> Result<String> {
    segment_id(conn, code.trim())?.ok_or_else(|| {
        Error::invalid("segment_code", crate::msg::hq::segment_not_registered(&crate::text::shown(code)))
    })
}

// ---- plants ----

/// Registers a plant with its first public key.
pub fn add_plant(store: &mut Store, actor: &Session, input: PlantInput, now: DateTime<Utc>) -> Result<RegPlant> {
    let c = code("code", "plant code", &input.code)?;
    let name = crate::text::identifier("name", "plant name", &input.name, 120)?;
    let legal = free_text("legal_entity", "legal entity", &input.legal_entity, 200)?;
    let mail = email(&input.email)?;
    time::parse_tz("timezone", input.timezone.trim())?;
    let from = time::parse_date("in_boundary_from", input.in_boundary_from.trim())?;
    let public = key::public_from_pem(&input.public_key_pem)
        .map_err(|e| Error::invalid("public_key_pem", crate::msg::sync::plant_public_key(&e)))?;
    let key_from = match input.key_valid_from.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => time::parse_date("key_valid_from", d)?,
        None => from,
    };
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let seg = require_segment(&tx, &input.segment_code)?;
    if plant_id(&tx, &c)?.is_some() {
        return Err(Error::Conflict(crate::msg::hq::plant_already_registered(&c)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO hq_plant (id, code, name, segment_id, legal_entity, timezone, email, in_boundary_from, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![id, c, name, seg, legal, input.timezone.trim(), mail, from.to_string(), time::to_db(now)],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "hq_plant", &id, None, None)?;
    insert_key(&tx, actor, &id, &public, key_from, "registered with the plant", now)?;
    tx.commit()?;
    plant(store.conn(), &c)
}

/// Changes a registered plant (audited). A boundary change re-derives the plant's figures.
pub fn change_plant(
    store: &mut Store,
    actor: &Session,
    plant_code: &str,
    change: PlantChange,
    now: DateTime<Utc>,
) -> Result<RegPlant> {
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let id = require_plant(&tx, plant_code)?;
    let before = audit::snapshot::row_json(&tx, "hq_plant", &id)?;
    if let Some(n) = &change.name {
        let n = crate::text::identifier("name", "plant name", n, 120)?;
        tx.execute("UPDATE hq_plant SET name = ?2 WHERE id = ?1", params![id, n])?;
    }
    if let Some(s) = &change.segment_code {
        let seg = require_segment(&tx, s)?;
        tx.execute("UPDATE hq_plant SET segment_id = ?2 WHERE id = ?1", params![id, seg])?;
    }
    if let Some(l) = &change.legal_entity {
        let l = free_text("legal_entity", "legal entity", l, 200)?;
        tx.execute("UPDATE hq_plant SET legal_entity = ?2 WHERE id = ?1", params![id, l])?;
    }
    if let Some(m) = &change.email {
        tx.execute("UPDATE hq_plant SET email = ?2 WHERE id = ?1", params![id, email(m)?])?;
    }
    if let Some(d) = &change.in_boundary_from {
        let d = time::parse_date("in_boundary_from", d.trim())?;
        tx.execute("UPDATE hq_plant SET in_boundary_from = ?2 WHERE id = ?1", params![id, d.to_string()])
            .map_err(|_| Error::invalid("in_boundary_from", crate::msg::hq::boundary_start_must_come()))?;
    }
    if let Some(d) = &change.out_of_boundary_from {
        let d = match d.trim() {
            "" => None,
            t => Some(time::parse_date("out_of_boundary_from", t)?.to_string()),
        };
        tx.execute("UPDATE hq_plant SET out_of_boundary_from = ?2 WHERE id = ?1", params![id, d])
            .map_err(|_| Error::invalid("out_of_boundary_from", crate::msg::hq::boundary_end_must_come()))?;
    }
    tx.execute("UPDATE hq_plant SET updated_at = ?2 WHERE id = ?1", params![id, time::to_db(now)])?;
    audit::record(&tx, now, &actor.user_id, Action::Update, "hq_plant", &id, before, None)?;
    store::refresh_plant_years(&tx, &id)?;
    tx.commit()?;
    plant(store.conn(), plant_code.trim())
}

pub(crate) fn plant_id(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id FROM hq_plant WHERE code = ?1", [code], |r| r.get(0)).optional()?)
}

pub(crate) fn require_plant(conn: &Connection, code: &str) -> Result<String> {
    plant_id(conn, code.trim())?
        .ok_or_else(|| Error::NotFound { what: "registered plant", id: crate::text::shown(code) })
}

const PLANT_SELECT: &str =
    "SELECT p.id, p.code, p.name, s.code, p.legal_entity, p.timezone, p.email, p.in_boundary_from,
        p.out_of_boundary_from FROM hq_plant p JOIN hq_segment s ON s.id = p.segment_id";

fn plant_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegPlant> {
    Ok(RegPlant {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        segment_code: r.get(3)?,
        legal_entity: r.get(4)?,
        timezone: r.get(5)?,
        email: r.get(6)?,
        in_boundary_from: r.get(7)?,
        out_of_boundary_from: r.get(8)?,
        fingerprints: Vec::new(),
    })
}

/// Each plant's key fingerprints, oldest first, in one query (of one plant, or all).
fn fingerprints(conn: &Connection, plant_id: Option<&str>) -> Result<HashMap<String, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT plant_id, fingerprint FROM hq_plant_key WHERE ?1 IS NULL OR plant_id = ?1 ORDER BY plant_id, valid_from",
    )?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let mut rows = stmt.query([plant_id])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// One registered plant by code.
pub fn plant(conn: &Connection, code: &str) -> Result<RegPlant> {
    let p = conn
        .query_row(&format!("{PLANT_SELECT} WHERE p.code = ?1"), [code], plant_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "registered plant", id: crate::text::shown(code) })?;
    let mut keys = fingerprints(conn, Some(&p.id))?;
    Ok(RegPlant { fingerprints: keys.remove(&p.id).unwrap_or_default(), ..p })
}

/// Every registered plant, by segment order then code.
pub fn plants(conn: &Connection) -> Result<Vec<RegPlant>> {
    let mut stmt = conn.prepare(&format!("{PLANT_SELECT} ORDER BY s.ord, p.code"))?;
    let rows: Vec<RegPlant> = stmt.query_map([], plant_row)?.collect::<std::result::Result<_, _>>()?;
    let mut keys = fingerprints(conn, None)?;
    Ok(rows.into_iter().map(|p| RegPlant { fingerprints: keys.remove(&p.id).unwrap_or_default(), ..p }).collect())
}

// ---- keys ----

fn insert_key(
    tx: &Connection,
    actor: &Session,
    plant_id: &str,
    public: &ed25519_dalek::VerifyingKey,
    valid_from: NaiveDate,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let fp = key::fingerprint(public);
    let owner: Option<String> = tx
        .query_row(
            "SELECT p.code FROM hq_plant_key k JOIN hq_plant p ON p.id = k.plant_id WHERE k.fingerprint = ?1",
            [&fp],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(owner) = owner {
        return Err(Error::Conflict(crate::msg::hq::key_already_registered_plant(&fp, &owner)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO hq_plant_key (id, plant_id, algorithm, public_key, fingerprint, valid_from, note, created_at)
         VALUES (?1, ?2, 'Ed25519', ?3, ?4, ?5, ?6, ?7)",
        params![id, plant_id, public.as_bytes().to_vec(), fp, valid_from.to_string(), note, time::to_db(now)],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "hq_plant_key", &id, None, None)?;
    Ok(id)
}

/// Rotates a plant's key: the new key is valid from `valid_from`; the key valid before it is
/// closed the day before (its packets signed until then still verify). A rotation must start
/// after the newest key's start.
pub fn rotate_key(
    store: &mut Store,
    actor: &Session,
    plant_code: &str,
    public_key_pem: &str,
    valid_from: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<RegKey> {
    let public = key::public_from_pem(public_key_pem)
        .map_err(|e| Error::invalid("public_key_pem", crate::msg::sync::plant_public_key(&e)))?;
    let from = time::parse_date("valid_from", valid_from.trim())?;
    let note = free_text("note", "note", note, 200)?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let pid = require_plant(&tx, plant_code)?;
    let open: Vec<(String, String)> = {
        let mut stmt =
            tx.prepare("SELECT id, valid_from FROM hq_plant_key WHERE plant_id = ?1 AND valid_until IS NULL")?;
        let rows = stmt.query_map([&pid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let newest: Option<String> =
        tx.query_row("SELECT max(valid_from) FROM hq_plant_key WHERE plant_id = ?1", [&pid], |r| r.get(0))?;
    if let Some(n) = newest {
        if from.to_string() <= n {
            return Err(Error::invalid("valid_from", crate::msg::hq::new_key_must_start(&n)));
        }
    }
    let until = (from - Duration::days(1)).to_string();
    for (kid, _) in open {
        let before = audit::snapshot::row_json(&tx, "hq_plant_key", &kid)?;
        tx.execute("UPDATE hq_plant_key SET valid_until = ?2 WHERE id = ?1", params![kid, until])?;
        audit::record(&tx, now, &actor.user_id, Action::Update, "hq_plant_key", &kid, before, Some("key rotated"))?;
    }
    let id = insert_key(&tx, actor, &pid, &public, from, &note, now)?;
    tx.commit()?;
    keys(store.conn(), Some(plant_code.trim()))?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or_else(|| Error::Internal("the new key is missing".into()))
}

/// Closes a plant's open key on `last_day` (compromised, plant left) without a successor.
pub fn close_key(
    store: &mut Store,
    actor: &Session,
    fingerprint: &str,
    last_day: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let last = time::parse_date("last_day", last_day.trim())?;
    let reason = crate::text::identifier("reason", "reason", reason, 200)?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let row: Option<(String, String, Option<String>)> = tx
        .query_row(
            "SELECT id, valid_from, valid_until FROM hq_plant_key WHERE fingerprint = ?1",
            [fingerprint.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, from, until)) = row else {
        return Err(Error::NotFound { what: "registered key", id: crate::text::shown(fingerprint) });
    };
    if until.is_some() {
        return Err(Error::Conflict(crate::msg::hq::key_already_closed(&fingerprint)));
    }
    if last.to_string() < from {
        return Err(Error::invalid("last_day", crate::msg::hq::key_starts(&from)));
    }
    let before = audit::snapshot::row_json(&tx, "hq_plant_key", &id)?;
    tx.execute("UPDATE hq_plant_key SET valid_until = ?2 WHERE id = ?1", params![id, last.to_string()])?;
    audit::record(&tx, now, &actor.user_id, Action::Update, "hq_plant_key", &id, before, Some(&reason))?;
    tx.commit()?;
    Ok(())
}

/// Registered keys (of one plant, or all), oldest first.
pub fn keys(conn: &Connection, plant_code: Option<&str>) -> Result<Vec<RegKey>> {
    let mut stmt = conn.prepare(
        "SELECT k.id, p.code, k.fingerprint, k.valid_from, k.valid_until, k.note FROM hq_plant_key k
         JOIN hq_plant p ON p.id = k.plant_id WHERE ?1 IS NULL OR p.code = ?1 ORDER BY p.code, k.valid_from",
    )?;
    let rows = stmt.query_map([plant_code], |r| {
        Ok(RegKey {
            id: r.get(0)?,
            plant_code: r.get(1)?,
            fingerprint: r.get(2)?,
            valid_from: r.get(3)?,
            valid_until: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

// ---- years ----

/// RMB million as exact decimal text (≤ 3 decimals) → RMB thousand.
pub fn parse_rmb_million(field: &'static str, text: &str) -> Result<i64> {
    let t = text.trim().replace([',', '_'], "");
    let bad = || Error::invalid(field, crate::msg::hq::not_amount_rmb_million(&crate::text::shown(text)));
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 3 {
        return Err(Error::invalid(field, crate::msg::hq::most_3_decimals_rmb()));
    }
    let i: i64 = int.parse().map_err(|_| bad())?;
    let f: i64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
    let v = i.checked_mul(1000).and_then(|x| x.checked_add(f)).ok_or_else(bad)?;
    if v == 0 {
        return Err(Error::invalid(field, crate::msg::hq::revenue_must_above_zero()));
    }
    Ok(v)
}

/// RMB thousand → RMB million text without trailing zeros.
pub fn rmb_million_text(thousand: i64) -> String {
    let (i, f) = (thousand / 1000, thousand % 1000);
    if f == 0 {
        i.to_string()
    } else {
        format!("{i}.{f:03}").trim_end_matches('0').to_string()
    }
}

/// Sets (or corrects) a year's revenue and headcount (audited).
pub fn set_year(store: &mut Store, actor: &Session, y: YearFacts, now: DateTime<Utc>) -> Result<YearFacts> {
    if !(1900..=2999).contains(&y.year) {
        return Err(Error::invalid("year", crate::msg::common::not_calendar_year(&y.year)));
    }
    let revenue = y.revenue_rmb_million.as_deref().map(|t| parse_rmb_million("revenue_rmb_million", t)).transpose()?;
    let currency = code(
        "revenue_currency",
        "currency",
        if y.revenue_currency.trim().is_empty() { "CNY" } else { &y.revenue_currency },
    )?;
    let note = free_text("revenue_note", "revenue note", &y.revenue_note, 300)?;
    if currency != "CNY" && note.is_empty() {
        return Err(Error::invalid("revenue_note", crate::msg::hq::revenue_converted_from_give(&currency)));
    }
    if let Some(h) = y.headcount_fte {
        if h <= 0 {
            return Err(Error::invalid("headcount_fte", crate::msg::hq::full_time_headcount_must()));
        }
    }
    let definition = free_text("headcount_definition", "headcount definition", &y.headcount_definition, 300)?;
    if y.headcount_fte.is_some() && definition.is_empty() {
        return Err(Error::invalid("headcount_definition", crate::msg::hq::say_how_headcount_defined()));
    }
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let existing: Option<String> =
        tx.query_row("SELECT id FROM hq_year WHERE year = ?1", [y.year], |r| r.get(0)).optional()?;
    let id = existing.clone().unwrap_or_else(new_id);
    let before = match &existing {
        Some(id) => audit::snapshot::row_json(&tx, "hq_year", id)?,
        None => None,
    };
    tx.execute(
        "INSERT INTO hq_year (id, year, revenue_rmb_thousand, revenue_currency, revenue_note, headcount_fte, headcount_definition, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (year) DO UPDATE SET revenue_rmb_thousand = excluded.revenue_rmb_thousand,
           revenue_currency = excluded.revenue_currency, revenue_note = excluded.revenue_note,
           headcount_fte = excluded.headcount_fte, headcount_definition = excluded.headcount_definition,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![id, y.year, revenue, currency, note, y.headcount_fte, definition, time::to_db(now), actor.user_id],
    )?;
    let action = if existing.is_some() { Action::Update } else { Action::Insert };
    audit::record(&tx, now, &actor.user_id, action, "hq_year", &id, before, None)?;
    tx.commit()?;
    year(store.conn(), y.year).map(|o| o.expect("just written"))
}

/// A year's facts, if entered.
pub fn year(conn: &Connection, year: i32) -> Result<Option<YearFacts>> {
    Ok(conn
        .query_row(
            "SELECT revenue_rmb_thousand, revenue_currency, revenue_note, headcount_fte, headcount_definition FROM hq_year WHERE year = ?1",
            [year],
            |r| {
                Ok(YearFacts {
                    year,
                    revenue_rmb_million: r.get::<_, Option<i64>>(0)?.map(rmb_million_text),
                    revenue_currency: r.get(1)?,
                    revenue_note: r.get(2)?,
                    headcount_fte: r.get(3)?,
                    headcount_definition: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Every year with facts, oldest first.
pub fn years(conn: &Connection) -> Result<Vec<YearFacts>> {
    let ys: Vec<i32> = conn
        .prepare("SELECT year FROM hq_year ORDER BY year")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    ys.into_iter().filter_map(|y| year(conn, y).transpose()).collect()
}

// ---- history ----

/// A historical value in an indicator's unit from text: masses with their unit (`1655.78 t`,
/// `12 kg`, a bare number is tonnes — the appendix's unit), counts and persons as integers.
pub fn parse_history_value(field: &'static str, indicator: &str, text: &str) -> Result<i64> {
    let i = indicators::get(indicator.trim()).ok_or_else(|| {
        Error::invalid("indicator", crate::msg::hq::not_indicator_registry(&crate::text::shown(indicator)))
    })?;
    let t = text.trim().replace(',', "");
    match i.unit {
        IndicatorUnit::G => {
            let parsed = match crate::units::split_unit(&t) {
                Ok((n, unit)) => Grams::parse(n, unit),
                Err(_) => Grams::parse(&t, MassUnit::T),
            };
            parsed.map(|g| g.0).map_err(|e| Error::invalid(field, e.0).at(crate::msg::hq::ctx_indicator(&indicator)))
        }
        _ => t.parse::<i64>().map_err(|_| {
            Error::invalid(
                field,
                crate::msg::hq::not_whole_number(&indicator, &crate::text::shown(text), &i.unit.as_str()),
            )
        }),
    }
}

/// Sets a historical figure (the one before, if any, is voided with the reason "replaced").
#[allow(clippy::too_many_arguments)] // one figure: year, indicator, segment, value, source
pub fn set_history(
    store: &mut Store,
    actor: &Session,
    year: i32,
    indicator: &str,
    segment_code: Option<&str>,
    value_text: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<HistoryFigure> {
    let rows = vec![HistoryRow {
        year,
        indicator: indicator.trim().to_string(),
        segment_code: segment_code.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        value_text: value_text.to_string(),
        source: source.to_string(),
    }];
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let mut ids = write_history(&tx, actor, &rows, now).map_err(|(_, e)| e)?;
    tx.commit()?;
    let id = ids.pop().expect("one row");
    history(store.conn(), Some(year))?
        .into_iter()
        .find(|h| h.id == id)
        .ok_or_else(|| Error::Internal("history row missing".into()))
}

/// One historical figure as entered or read from a sheet.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub year: i32,
    pub indicator: String,
    pub segment_code: Option<String>,
    pub value_text: String,
    pub source: String,
}

/// Writes rows in the caller's transaction; an error names the row index.
pub(crate) fn write_history(
    tx: &Connection,
    actor: &Session,
    rows: &[HistoryRow],
    now: DateTime<Utc>,
) -> std::result::Result<Vec<String>, (usize, Error)> {
    let mut ids = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let one = || -> Result<String> {
            if !(1900..=2999).contains(&row.year) {
                return Err(Error::invalid("year", crate::msg::common::not_calendar_year(&row.year)));
            }
            let value = parse_history_value("value", &row.indicator, &row.value_text)?;
            let seg = row.segment_code.as_deref().map(|s| require_segment(tx, s)).transpose()?;
            let source = free_text("source", "source", &row.source, 300)?;
            let old: Option<String> = tx
                .query_row(
                    "SELECT id FROM hq_history WHERE year = ?1 AND indicator = ?2 AND coalesce(segment_id, '') = coalesce(?3, '') AND voided_at IS NULL",
                    params![row.year, row.indicator, seg],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(old) = old {
                audit::void_row(tx, now, &actor.user_id, "hq_history", &old, "replaced by a new figure")?;
            }
            let id = new_id();
            tx.execute(
                "INSERT INTO hq_history (id, year, indicator, segment_id, value, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, row.year, row.indicator, seg, value, source, time::to_db(now)],
            )?;
            audit::record(tx, now, &actor.user_id, Action::Insert, "hq_history", &id, None, None)?;
            Ok(id)
        };
        ids.push(one().map_err(|e| (n, e))?);
    }
    Ok(ids)
}

/// Historical figures (of one year, or all), current ones only.
pub fn history(conn: &Connection, year: Option<i32>) -> Result<Vec<HistoryFigure>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.year, h.indicator, s.code, h.value, h.source FROM hq_history h LEFT JOIN hq_segment s ON s.id = h.segment_id
         WHERE h.voided_at IS NULL AND (?1 IS NULL OR h.year = ?1) ORDER BY h.year, h.indicator, s.ord",
    )?;
    let rows = stmt.query_map([year], |r| {
        Ok(HistoryFigure {
            id: r.get(0)?,
            year: r.get(1)?,
            indicator: r.get(2)?,
            segment_code: r.get(3)?,
            value: r.get(4)?,
            source: r.get(5)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// What a history sheet import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HistoryImport {
    pub rows: usize,
}

/// Imports historical figures from an xlsx/csv sheet with the columns `year`, `indicator`,
/// `segment` (blank = group total), `value` (masses with a unit, bare = tonnes), `source`. All
/// rows or none; an error names the row (1-based, the header is row 1) and the column.
pub fn import_history(
    store: &mut Store,
    actor: &Session,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<HistoryImport> {
    let table = read_sheet(path)?;
    let mut it = table.into_iter();
    let header: Vec<String> = it
        .next()
        .ok_or_else(|| Error::invalid("file", crate::msg::hq::sheet_empty()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |name: &str| -> Result<usize> {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::invalid("file", crate::msg::hq::row_1_no_column(&name)))
    };
    let (cy, ci, cs, cv) = (col("year")?, col("indicator")?, col("segment")?, col("value")?);
    let csrc = header.iter().position(|h| h == "source");
    let mut rows = Vec::new();
    for (n, r) in it.enumerate() {
        let rowno = n + 2;
        let cell = |i: usize| r.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let year: i32 = cell(cy).trim_end_matches(".0").parse().map_err(|_| {
            Error::invalid("year", crate::msg::hq::not_year(&crate::text::shown(&cell(cy))))
                .at(crate::msg::common::ctx_row(&rowno))
        })?;
        rows.push((
            rowno,
            HistoryRow {
                year,
                indicator: cell(ci),
                segment_code: Some(cell(cs)).filter(|s| !s.is_empty()),
                value_text: cell(cv),
                source: csrc.map(cell).unwrap_or_default(),
            },
        ));
    }
    let plain: Vec<HistoryRow> = rows.iter().map(|(_, r)| r.clone()).collect();
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    write_history(&tx, actor, &plain, now).map_err(|(i, e)| e.at(crate::msg::common::ctx_row(&rows[i].0)))?;
    tx.commit()?;
    Ok(HistoryImport { rows: plain.len() })
}

/// A sheet's cells as text: xlsx (first sheet) or CSV (UTF-8).
fn read_sheet(path: &std::path::Path) -> Result<Vec<Vec<String>>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "csv" {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .map_err(|e| Error::invalid("file", crate::msg::common::file_error(&path.display(), &e)))?;
        let mut out = Vec::new();
        for (n, rec) in rd.records().enumerate() {
            let rec = rec.map_err(|e| {
                Error::invalid("file", crate::msg::common::csv_error(&e)).at(crate::msg::common::ctx_row(&(n + 1)))
            })?;
            out.push(rec.iter().map(str::to_string).collect());
            if out.len() > 100_000 {
                return Err(Error::invalid("file", crate::msg::hq::more_than_100_000()));
            }
        }
        return Ok(out);
    }
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path)
        .map_err(|e| Error::invalid("file", crate::msg::common::file_error(&path.display(), &e)))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid("file", crate::msg::common::workbook_has_no_sheet()))?
        .map_err(|e| Error::invalid("file", crate::msg::hq::first_sheet(&e)))?;
    if range.height() > 100_000 || range.width() > 50 {
        return Err(Error::invalid("file", crate::msg::hq::more_than_100_000_rows()));
    }
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}
