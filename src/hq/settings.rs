//! HQ settings: a small key → value store (`hq_setting`), every key registered in [`SPECS`]
//! with its default and its check, every change audited. The mailbox's password is never here
//! (the OS keyring, as the plant's SMTP password).

use super::require_actor;
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::plant::Session;
use crate::{time, Store};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// One HQ setting's registration.
pub struct Spec {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
    pub check: fn(&str) -> std::result::Result<(), crate::Msg>,
}

fn days_0_60(v: &str) -> std::result::Result<(), crate::Msg> {
    match v.parse::<i64>() {
        Ok(n) if (0..=60).contains(&n) => Ok(()),
        _ => Err(crate::msg::hq::setting_days(&crate::text::shown(v))),
    }
}

fn any_text(v: &str) -> std::result::Result<(), crate::Msg> {
    if v.chars().any(crate::text::is_hidden_char) {
        return Err(crate::msg::hq::setting_hidden_chars());
    }
    if v.chars().count() > 200 {
        return Err(crate::msg::common::too_long(&200));
    }
    Ok(())
}

fn port(v: &str) -> std::result::Result<(), crate::Msg> {
    match v.parse::<u16>() {
        Ok(n) if n > 0 => Ok(()),
        _ => Err(crate::msg::hq::setting_port(&crate::text::shown(v))),
    }
}

fn security(v: &str) -> std::result::Result<(), crate::Msg> {
    match v {
        "tls" | "starttls" | "plain" => Ok(()),
        _ => Err(crate::msg::common::not_one_of(&crate::text::shown(v), &"tls, starttls, plain")),
    }
}

/// Every HQ setting.
pub const SPECS: &[Spec] = &[
    Spec {
        key: "deadline_days",
        default: "3",
        help: "a week's packet is due by the end of this many days after its Sunday (plant-local); later is late",
        check: days_0_60,
    },
    Spec { key: "imap_host", default: "", help: "the HQ mailbox's IMAP server", check: any_text },
    Spec { key: "imap_port", default: "993", help: "its port", check: port },
    Spec { key: "imap_security", default: "tls", help: "tls, starttls or plain", check: security },
    Spec { key: "imap_username", default: "", help: "the mailbox's user name", check: any_text },
    Spec { key: "imap_mailbox", default: "INBOX", help: "the folder the plants' mails arrive in", check: any_text },
    Spec {
        key: "imap_processed_mailbox",
        default: "EHS-Imported",
        help: "imported mails are moved here (empty: flagged in place instead)",
        check: any_text,
    },
    Spec { key: "return_from", default: "", help: "the sender address of returns to plants", check: address },
    Spec { key: "smtp_host", default: "", help: "the SMTP server returns are mailed through", check: host },
    Spec { key: "smtp_port", default: "587", help: "its port", check: port },
    Spec { key: "smtp_security", default: "starttls", help: "starttls, tls or none", check: smtp_security },
    Spec { key: "smtp_username", default: "", help: "the SMTP user name (empty: no login)", check: any_text },
    Spec { key: "smtp_timeout_s", default: "60", help: "seconds before a silent server is given up", check: timeout },
];

fn address(v: &str) -> std::result::Result<(), crate::Msg> {
    if v.is_empty() {
        return Ok(());
    }
    crate::sync::settings::check_address("return_from", v).map(|_| ()).map_err(|e| e.msg())
}

fn host(v: &str) -> std::result::Result<(), crate::Msg> {
    if v.is_empty() || crate::sync::settings::is_host(v) {
        Ok(())
    } else {
        Err(crate::msg::hq::setting_host(&crate::text::shown(v)))
    }
}

fn smtp_security(v: &str) -> std::result::Result<(), crate::Msg> {
    crate::sync::settings::SmtpSecurity::parse("smtp_security", v).map(|_| ()).map_err(|e| e.msg())
}

fn timeout(v: &str) -> std::result::Result<(), crate::Msg> {
    match v.parse::<i64>() {
        Ok(n) if (5..=600).contains(&n) => Ok(()),
        _ => Err(crate::msg::hq::setting_timeout(&crate::text::shown(v))),
    }
}

/// The SMTP settings returns are mailed with (the sender is `return_from`); a missing server or
/// sender is refused naming the setting.
pub fn smtp(conn: &Connection) -> Result<crate::sync::settings::SmtpSettings> {
    use crate::sync::settings::{SmtpSecurity, SmtpSettings};
    let host = get(conn, "smtp_host")?;
    if host.is_empty() {
        return Err(Error::invalid("smtp_host", crate::msg::hq::no_smtp_server_set()));
    }
    let from = get(conn, "return_from")?;
    if from.is_empty() {
        return Err(Error::invalid("return_from", crate::msg::hq::no_sender_address_set()));
    }
    let num = |k: &str| -> Result<i64> {
        get(conn, k)?.parse::<i64>().map_err(|_| Error::Internal(format!("hq_setting {k} is not a number")))
    };
    Ok(SmtpSettings {
        host: host.to_ascii_lowercase(),
        port: u16::try_from(num("smtp_port")?).map_err(|_| Error::Internal("smtp_port".into()))?,
        security: SmtpSecurity::parse("smtp_security", &get(conn, "smtp_security")?)?,
        username: get(conn, "smtp_username")?,
        from,
        timeout_s: u32::try_from(num("smtp_timeout_s")?).map_err(|_| Error::Internal("smtp_timeout_s".into()))?,
    })
}

/// A setting as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "HqSetting"))]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub default: String,
    pub help: String,
}

fn spec(key: &str) -> Result<&'static Spec> {
    SPECS.iter().find(|s| s.key == key).ok_or_else(|| {
        let keys: Vec<&str> = SPECS.iter().map(|s| s.key).collect();
        Error::invalid("key", crate::msg::hq::not_hq_setting(&crate::text::shown(key), &keys.join(", ")))
    })
}

/// The value of `key` (its default when never set).
pub fn get(conn: &Connection, key: &str) -> Result<String> {
    let s = spec(key)?;
    let v: Option<String> =
        conn.query_row("SELECT value FROM hq_setting WHERE id = ?1", [key], |r| r.get(0)).optional()?;
    Ok(v.unwrap_or_else(|| s.default.to_string()))
}

/// The deadline in days after a week's Sunday.
pub fn deadline_days(conn: &Connection) -> Result<i64> {
    get(conn, "deadline_days")?.parse().map_err(|_| Error::Internal("hq_setting deadline_days is not a number".into()))
}

/// Every setting with its value.
pub fn all(conn: &Connection) -> Result<Vec<Setting>> {
    SPECS
        .iter()
        .map(|s| {
            Ok(Setting { key: s.key.into(), value: get(conn, s.key)?, default: s.default.into(), help: s.help.into() })
        })
        .collect()
}

/// Sets one setting (checked, audited).
pub fn set(store: &mut Store, actor: &Session, key: &str, value: &str, now: DateTime<Utc>) -> Result<Setting> {
    let s = spec(key)?;
    let value = value.trim();
    (s.check)(value).map_err(|m| Error::invalid("value", m))?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let before = audit::snapshot::row_json(&tx, "hq_setting", key)?;
    tx.execute(
        "INSERT INTO hq_setting (id, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![key, value, time::to_db(now), actor.user_id],
    )?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    audit::record(&tx, now, &actor.user_id, action, "hq_setting", key, before, None)?;
    if key == "deadline_days" {
        // The late weeks of every plant-year follow the new deadline.
        super::masks::refresh(&tx, &super::masks::all_pairs(&tx)?)?;
    }
    tx.commit()?;
    Ok(Setting { key: key.into(), value: value.into(), default: s.default.into(), help: s.help.into() })
}
