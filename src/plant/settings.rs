//! Plant settings (identity printed on manifests and labels, tolerances, alert lead times) and
//! the working-day calendar (public holidays and 调休 make-up days) used for deadlines.
//!
//! Settings are a closed list of keys, each validated; every change is audited with the value
//! before and after. Calendar days are added and voided, never edited.

use super::{Role, Session};
use crate::audit::{self, Action};
use crate::calendar::WorkCalendar;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::waste::label::check_uscc;
use crate::waste::manifest::Tolerance;
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A setting the plant can change: its key, default and what it means.
pub struct SettingSpec {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

/// Every setting. Keys not listed here are refused.
pub const SETTINGS: &[SettingSpec] = &[
    SettingSpec { key: "uscc", default: "", help: "统一社会信用代码 of the plant (manifests, label IDs)" },
    SettingSpec { key: "address", default: "", help: "plant address (manifests)" },
    SettingSpec { key: "contact", default: "", help: "contact person (manifests, labels)" },
    SettingSpec { key: "phone", default: "", help: "contact phone (manifests, labels)" },
    SettingSpec { key: "emergency_phone", default: "", help: "emergency phone (manifests)" },
    SettingSpec { key: "licence_warn_days", default: "30", help: "days before a licence expires to alert" },
    SettingSpec { key: "tolerance_measured_permille", default: "20", help: "shipped vs received, weighed (‰)" },
    SettingSpec { key: "tolerance_estimated_permille", default: "100", help: "shipped vs received, estimated (‰)" },
    SettingSpec {
        key: "own_hw_facility",
        default: "no",
        help: "the site has its own HW utilisation/disposal facility (yes/no; makes it 重点)",
    },
    SettingSpec {
        key: "storage_limit_days",
        default: "",
        help: "storage clock limit override (days; empty = jurisdiction default)",
    },
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub is_default: bool,
    pub help: String,
}

fn spec(key: &str) -> Result<&'static SettingSpec> {
    SETTINGS.iter().find(|s| s.key == key).ok_or_else(|| {
        let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
        Error::invalid("key", format!("'{key}' is not a setting; known: {}", keys.join(", ")))
    })
}

fn validate(key: &str, value: &str) -> Result<String> {
    let v = value.trim();
    match key {
        "uscc" if !v.is_empty() => check_uscc("value", v),
        "licence_warn_days" | "tolerance_measured_permille" | "tolerance_estimated_permille" => {
            let n: i64 = v.parse().map_err(|_| Error::invalid("value", format!("{key} must be a whole number")))?;
            if !(0..=1000).contains(&n) {
                return Err(Error::invalid("value", format!("{key} must be between 0 and 1000")));
            }
            Ok(n.to_string())
        }
        "own_hw_facility" => match v.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "是" => Ok("yes".into()),
            "no" | "false" | "0" | "否" => Ok("no".into()),
            _ => Err(Error::invalid("value", "own_hw_facility is yes or no")),
        },
        "storage_limit_days" if !v.is_empty() => {
            let n: i64 = v.parse().map_err(|_| Error::invalid("value", "storage_limit_days must be a whole number"))?;
            if !(1..=3650).contains(&n) {
                return Err(Error::invalid("value", "storage_limit_days must be between 1 and 3650"));
            }
            Ok(n.to_string())
        }
        _ if v.chars().count() > 200 => Err(Error::invalid("value", "at most 200 characters")),
        _ => Ok(v.to_string()),
    }
}

/// The value of a setting (its default when never set).
pub fn get(conn: &Connection, key: &str) -> Result<String> {
    let s = spec(key)?;
    let v: Option<String> =
        conn.query_row("SELECT value FROM plant_setting WHERE id = ?1", [key], |r| r.get(0)).optional()?;
    Ok(v.unwrap_or_else(|| s.default.to_string()))
}

fn get_i64(conn: &Connection, key: &str) -> Result<i64> {
    get(conn, key)?.parse().map_err(|_| Error::Internal(format!("setting {key} is not a number")))
}

/// Every setting with its current value.
pub fn all(conn: &Connection) -> Result<Vec<Setting>> {
    SETTINGS
        .iter()
        .map(|s| {
            let v: Option<String> =
                conn.query_row("SELECT value FROM plant_setting WHERE id = ?1", [s.key], |r| r.get(0)).optional()?;
            Ok(Setting {
                key: s.key.into(),
                is_default: v.is_none(),
                value: v.unwrap_or_else(|| s.default.into()),
                help: s.help.into(),
            })
        })
        .collect()
}

/// Changes a setting (admins and EHS officers, who keep the ledgers these feed). Audited with
/// the value before.
pub fn set(store: &mut Store, actor: &Session, key: &str, value: &str, now: DateTime<Utc>) -> Result<Setting> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let s = spec(key)?;
    let v = validate(key, value)?;
    let tx = store.write_tx()?;
    let before = audit::snapshot::row_json(&tx, "plant_setting", key)?;
    tx.execute(
        "INSERT INTO plant_setting (id, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![key, v, time::to_db(now), actor.user_id],
    )?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    audit::record(&tx, now, &actor.user_id, action, "plant_setting", key, before, None)?;
    tx.commit()?;
    Ok(Setting { key: key.into(), value: v, is_default: false, help: s.help.into() })
}

/// Days before a licence expiry to alert.
pub fn licence_warn_days(conn: &Connection) -> Result<i64> {
    get_i64(conn, "licence_warn_days")
}

/// The plant's shipped-vs-received tolerances.
pub fn tolerance(conn: &Connection) -> Result<Tolerance> {
    Ok(Tolerance {
        measured_permille: get_i64(conn, "tolerance_measured_permille")?,
        estimated_permille: get_i64(conn, "tolerance_estimated_permille")?,
    })
}

/// A configured calendar day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CalendarDay {
    pub id: String,
    pub day: String,
    /// `holiday` (a weekday off) or `workday` (a weekend day worked, 调休).
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CalendarDayInput {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub kind: String,
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
    let kind = match input.kind.trim() {
        "holiday" => "holiday",
        "workday" => "workday",
        other => return Err(Error::invalid("kind", format!("'{other}' is not holiday or workday"))),
    };
    let tx = store.write_tx()?;
    let taken: Option<String> = tx
        .query_row("SELECT kind FROM work_calendar_day WHERE day = ?1 AND voided_at IS NULL", [day.to_string()], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(k) = taken {
        return Err(Error::invalid("day", format!("{day} is already a {k}; void it first")));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO work_calendar_day (id, day, kind, note, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, day.to_string(), kind, input.note.trim(), time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "work_calendar_day", &id, None, None)?;
    tx.commit()?;
    Ok(CalendarDay { id, day: day.to_string(), kind: kind.into(), note: input.note.trim().into() })
}

/// Voids a configured day with a reason.
pub fn void_calendar_day(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    if reason.trim().chars().count() < 2 {
        return Err(Error::invalid("reason", "say why the day is removed"));
    }
    let tx = store.write_tx()?;
    let before = audit::snapshot::row_json(&tx, "work_calendar_day", id)?
        .ok_or_else(|| Error::NotFound { what: "calendar day", id: id.into() })?;
    let n = tx.execute(
        "UPDATE work_calendar_day SET voided_at = ?2, void_reason = ?3 WHERE id = ?1 AND voided_at IS NULL",
        params![id, time::to_db(now), reason.trim()],
    )?;
    if n == 0 {
        return Err(Error::Conflict("this calendar day is already voided".into()));
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
        if d.kind == "holiday" {
            holidays.push(day);
        } else {
            makeup.push(day);
        }
    }
    Ok(WorkCalendar::with_holidays(holidays, makeup))
}
