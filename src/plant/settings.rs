//! The plant's settings store and the working-day calendar (public holidays and 调休 make-up
//! days) used for deadlines.
//!
//! Settings are a closed list of keys. Each area declares its own keys, defaults, help and
//! validation as a `&[SettingSpec]` (this module: the plant's identity printed on manifests and
//! labels; `waste::settings`: tolerances, lead times, …) and registers it in
//! [`crate::areas::SETTINGS`]; this module stores them, refuses unknown keys and audits every
//! change with the value before and after. It imports no area. Calendar days are added and
//! voided, never edited.

use super::{Role, Session};
use crate::areas::{self, Area};
use crate::audit::{self, Action};
use crate::calendar::WorkCalendar;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A setting a plant can change: its key, default, what it means, and how a typed value is
/// checked (returns the value as stored, or an error on the field `value`).
pub struct SettingSpec {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
    pub validate: fn(key: &str, value: &str) -> Result<String>,
}

/// Free text of at most 200 characters.
pub fn text(_key: &str, value: &str) -> Result<String> {
    if value.chars().count() > 200 {
        return Err(Error::invalid("value", crate::msg::common::too_long(&200)));
    }
    Ok(value.to_string())
}

/// A whole number in `lo..=hi` (for the areas' validators).
pub(crate) fn whole_number(_key: &str, value: &str, lo: i64, hi: i64) -> Result<String> {
    let n: i64 = value.parse().map_err(|_| Error::invalid("value", crate::msg::plant::must_whole_number()))?;
    if !(lo..=hi).contains(&n) {
        return Err(Error::invalid("value", crate::msg::plant::must_between(&lo, &hi)));
    }
    Ok(n.to_string())
}

/// yes or no (also true/false, 1/0, 是/否), stored as `yes` / `no`.
pub(crate) fn yes_no(_key: &str, value: &str) -> Result<String> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "是" => Ok("yes".into()),
        "no" | "false" | "0" | "否" => Ok("no".into()),
        _ => Err(Error::invalid("value", crate::msg::plant::yes_no())),
    }
}

fn uscc(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    super::check_uscc("value", value)
}

/// The plant's own settings: its identity as manifests and labels print it.
pub const PLANT_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "uscc",
        default: "",
        help: "统一社会信用代码 of the plant (manifests, label IDs)",
        validate: uscc,
    },
    SettingSpec { key: "address", default: "", help: "plant address (manifests)", validate: text },
    SettingSpec { key: "contact", default: "", help: "contact person (manifests, labels)", validate: text },
    SettingSpec { key: "phone", default: "", help: "contact phone (manifests, labels)", validate: text },
    SettingSpec { key: "emergency_phone", default: "", help: "emergency phone (manifests)", validate: text },
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Setting {
    /// The area that owns the key.
    pub area: Area,
    pub key: String,
    pub value: String,
    pub is_default: bool,
    pub help: String,
}

fn spec(key: &str) -> Result<(Area, &'static SettingSpec)> {
    let mut all = areas::SETTINGS.iter().flat_map(|(area, specs)| specs.iter().map(move |s| (*area, s)));
    all.find(|(_, s)| s.key == key).ok_or_else(|| {
        let keys: Vec<&str> = areas::SETTINGS.iter().flat_map(|(_, s)| s.iter().map(|s| s.key)).collect();
        Error::invalid("key", crate::msg::plant::not_setting_known(&key, &keys.join(", ")))
    })
}

fn stored(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM plant_setting WHERE id = ?1", [key], |r| r.get(0)).optional()?)
}

/// The value of a setting (its default when never set).
pub fn get(conn: &Connection, key: &str) -> Result<String> {
    let (_, s) = spec(key)?;
    Ok(stored(conn, key)?.unwrap_or_else(|| s.default.to_string()))
}

/// A setting the area's validator keeps numeric, as a number.
pub(crate) fn get_i64(conn: &Connection, key: &str) -> Result<i64> {
    get(conn, key)?.parse().map_err(|_| Error::Internal(format!("setting {key} is not a number")))
}

/// Every setting of every area with its current value.
pub fn all(conn: &Connection) -> Result<Vec<Setting>> {
    let mut out = Vec::new();
    for (area, specs) in areas::SETTINGS {
        for s in *specs {
            let v = stored(conn, s.key)?;
            out.push(Setting {
                area: *area,
                key: s.key.into(),
                is_default: v.is_none(),
                value: v.unwrap_or_else(|| s.default.into()),
                help: s.help.into(),
            });
        }
    }
    Ok(out)
}

/// Changes a setting (admins and EHS officers, who keep the ledgers these feed). The key's
/// validator, then the areas' checks against the plant and the other settings
/// ([`areas::SETTING_CHECKS`]) run in the write transaction; audited with the value before.
pub fn set(store: &mut Store, actor: &Session, key: &str, value: &str, now: DateTime<Utc>) -> Result<Setting> {
    let mut out = write_many(store, actor, &[(key, value)], now, false)?;
    out.pop().ok_or_else(|| Error::Internal("set_many returned nothing".into()))
}

/// Changes several settings in one transaction: every value is validated first, then each is
/// checked and written; one refusal writes none of them. A value refused by its validator names
/// its key as the field (a form of several settings places the error under that one), where
/// [`set`] keeps `value`.
pub fn set_many(
    store: &mut Store,
    actor: &Session,
    changes: &[(&str, &str)],
    now: DateTime<Utc>,
) -> Result<Vec<Setting>> {
    write_many(store, actor, changes, now, true)
}

fn write_many(
    store: &mut Store,
    actor: &Session,
    changes: &[(&str, &str)],
    now: DateTime<Utc>,
    name_key: bool,
) -> Result<Vec<Setting>> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let mut valid = Vec::with_capacity(changes.len());
    for (key, value) in changes {
        let (area, s) = spec(key)?;
        let v = (s.validate)(key, value.trim()).map_err(|e| match e {
            // The field names the key now; else the key is said before the message (unless the
            // message names it already).
            Error::Invalid { field: "value", msg, at } if name_key => Error::Invalid { field: s.key, msg, at },
            e @ Error::Invalid { .. } if e.msg().param("key").is_none() => e.at(crate::msg::plant::ctx_setting(&s.key)),
            e => e,
        })?;
        valid.push((area, s, v));
    }
    let tx = store.write_tx()?;
    let mut out = Vec::with_capacity(valid.len());
    for (area, s, v) in valid {
        let key = s.key;
        for (_, check) in areas::SETTING_CHECKS {
            check(&tx, key, &v)?;
        }
        let before = audit::snapshot::row_json(&tx, "plant_setting", key)?;
        tx.execute(
            "INSERT INTO plant_setting (id, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![key, v, time::to_db(now), actor.user_id],
        )?;
        let action = if before.is_some() { Action::Update } else { Action::Insert };
        audit::record(&tx, now, &actor.user_id, action, "plant_setting", key, before, None)?;
        out.push(Setting { area, key: key.into(), value: v, is_default: false, help: s.help.into() });
    }
    tx.commit()?;
    Ok(out)
}

crate::text_enum! {
    /// A configured calendar day: a weekday off, or a weekend day worked (调休).
    pub enum CalendarDayKind {
        Holiday = "holiday",
        Workday = "workday",
    }
}

/// A configured calendar day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CalendarDay {
    pub id: String,
    pub day: String,
    pub kind: CalendarDayKind,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CalendarDayInput {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub kind: CalendarDayKind,
    pub note: String,
}

/// Adds a holiday or make-up working day (admins and EHS officers).
pub fn add_calendar_day(
    store: &mut Store,
    actor: &Session,
    input: CalendarDayInput,
    now: DateTime<Utc>,
) -> Result<CalendarDay> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let day = time::parse_date("day", &input.day)?;
    let kind = input.kind;
    let tx = store.write_tx()?;
    let taken: Option<CalendarDayKind> = tx
        .query_row("SELECT kind FROM work_calendar_day WHERE day = ?1 AND voided_at IS NULL", [day.to_string()], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(k) = taken {
        return Err(Error::invalid("day", crate::msg::plant::already_void_first(&day, &k)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO work_calendar_day (id, day, kind, note, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, day.to_string(), kind, input.note.trim(), time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "work_calendar_day", &id, None, None)?;
    tx.commit()?;
    Ok(CalendarDay { id, day: day.to_string(), kind, note: input.note.trim().into() })
}

/// Voids a configured day with a reason.
pub fn void_calendar_day(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    if reason.trim().chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::plant::say_why_day_removed()));
    }
    let tx = store.write_tx()?;
    let before = audit::snapshot::row_json(&tx, "work_calendar_day", id)?
        .ok_or_else(|| Error::NotFound { what: "calendar day", id: id.into() })?;
    let n = tx.execute(
        "UPDATE work_calendar_day SET voided_at = ?2, void_reason = ?3 WHERE id = ?1 AND voided_at IS NULL",
        params![id, time::to_db(now), reason.trim()],
    )?;
    if n == 0 {
        return Err(Error::Conflict(crate::msg::plant::calendar_day_already_voided()));
    }
    audit::record(&tx, now, &actor.user_id, Action::Void, "work_calendar_day", id, Some(before), Some(reason.trim()))?;
    tx.commit()?;
    Ok(())
}

/// The live configured days, by date.
pub fn calendar_days(conn: &Connection) -> Result<Vec<CalendarDay>> {
    let mut stmt =
        conn.prepare("SELECT id, day, kind, note FROM work_calendar_day WHERE voided_at IS NULL ORDER BY day")?;
    let rows =
        stmt.query_map([], |r| Ok(CalendarDay { id: r.get(0)?, day: r.get(1)?, kind: r.get(2)?, note: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The plant's working-day calendar: weekends, plus configured holidays, minus make-up days.
pub fn work_calendar(conn: &Connection) -> Result<WorkCalendar> {
    let mut holidays = Vec::new();
    let mut makeup = Vec::new();
    for d in calendar_days(conn)? {
        let day = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
        if d.kind == CalendarDayKind::Holiday {
            holidays.push(day);
        } else {
            makeup.push(day);
        }
    }
    Ok(WorkCalendar::with_holidays(holidays, makeup))
}
