//! The sync area's settings: the SMTP relay the outbox delivers through (host, port, security,
//! user name, sender, timeout), HQ's address, the plant managers' addresses for the management
//! report, whether packets leave by mail or by file, the language of the management report, and
//! the weekly schedule (the close rule and the first week the plant submits; see
//! [`super::schedule`]). Registered in
//! [`crate::areas::SETTINGS`]; stored and audited by [`crate::plant::settings`]. The SMTP
//! password is never a setting: it never touches the database (`net::secrets`).
//!
//! Addresses get one simple, strict check ([`check_address`]): `local@domain`, ASCII, a dotted
//! domain of letters, digits and hyphens. A refusal names the setting and the address.

use super::IsoWeek;
use crate::error::{Error, Result};
use crate::plant::settings::{get, get_i64, text, whole_number, SettingSpec};
use crate::report::Lang;
use rusqlite::Connection;

crate::text_enum! {
    /// How the SMTP connection is secured.
    pub enum SmtpSecurity {
        /// Plain connection upgraded with STARTTLS (port 587).
        StartTls = "starttls",
        /// Implicit TLS from the first byte (port 465).
        Tls = "tls",
        /// No encryption (a relay on the plant's own network only).
        Plain = "none",
    }
}

crate::text_enum! {
    /// How packets leave the plant.
    pub enum Transport {
        /// The outbox mails them to HQ.
        Mail = "mail",
        /// The officer exports them to a folder or USB stick.
        File = "file",
    }
}

fn host(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    if !is_host(value) {
        return Err(Error::invalid("value", crate::msg::sync::not_host_name_ipv4(&crate::text::shown(value))));
    }
    Ok(value.to_ascii_lowercase())
}

fn port(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 65535)
}

fn timeout(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 5, 600)
}

fn security(_key: &str, value: &str) -> Result<String> {
    Ok(SmtpSecurity::parse("value", value)?.as_str().to_string())
}

fn transport(_key: &str, value: &str) -> Result<String> {
    Ok(Transport::parse("value", value)?.as_str().to_string())
}

fn weekday(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 7).map_err(|_| Error::invalid("value", crate::msg::sync::must_weekday_number_from()))
}

fn hour(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 23).map_err(|_| Error::invalid("value", crate::msg::sync::must_hour_from_0()))
}

fn start_week(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    IsoWeek::parse("value", value).map(|w| w.to_string())
}

fn report_lang(_key: &str, value: &str) -> Result<String> {
    Lang::parse("value", value)
        .map(|l| l.as_str().to_string())
        .map_err(|_| Error::invalid("value", crate::msg::sync::not_zh_en(&crate::text::shown(value))))
}

fn one_address(key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    check_address(key, value)
}

fn address_list(key: &str, value: &str) -> Result<String> {
    Ok(parse_addresses(key, value)?.join(", "))
}

/// The sync area's keys.
pub const SYNC_SETTINGS: &[SettingSpec] = &[
    SettingSpec { key: "smtp_host", default: "", help: "SMTP relay host name (outbox delivery)", validate: host },
    SettingSpec { key: "smtp_port", default: "587", help: "SMTP port (587 STARTTLS, 465 TLS)", validate: port },
    SettingSpec {
        key: "smtp_security",
        default: "starttls",
        help: "SMTP security: starttls, tls or none",
        validate: security,
    },
    SettingSpec { key: "smtp_username", default: "", help: "SMTP user name (password: OS keyring)", validate: text },
    SettingSpec { key: "smtp_from", default: "", help: "sender address of the plant's mail", validate: one_address },
    SettingSpec {
        key: "smtp_timeout_s",
        default: "60",
        help: "seconds one SMTP send may take (5–600)",
        validate: timeout,
    },
    SettingSpec {
        key: "sync_hq_address",
        default: "",
        help: "HQ's address(es) for the weekly packets, comma-separated",
        validate: address_list,
    },
    SettingSpec {
        key: "report_recipients",
        default: "",
        help: "plant managers' addresses for the management report, comma-separated",
        validate: address_list,
    },
    SettingSpec {
        key: "sync_transport",
        default: "mail",
        help: "how packets leave the plant: mail or file",
        validate: transport,
    },
    SettingSpec {
        key: "report_lang",
        default: "zh",
        help: "language of the management report PDF (with the packet, to managers): zh or en",
        validate: report_lang,
    },
    SettingSpec {
        key: "sync_close_weekday",
        default: "1",
        help: "a week closes on this weekday of the next week: 1 (Monday) … 7 (Sunday)",
        validate: weekday,
    },
    SettingSpec {
        key: "sync_close_hour",
        default: "9",
        help: "… at this hour, plant time (0–23); then its packet and report are made",
        validate: hour,
    },
    SettingSpec {
        key: "sync_start_week",
        default: "",
        help: "first week the plant submits (YYYY-Www); empty: the week of the plant's set-up",
        validate: start_week,
    },
];

/// `a@b.cn, c@d.com` → the addresses, each checked; refused naming `key` and the bad one.
pub fn parse_addresses(key: &str, value: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for a in value.split([',', ';']).map(str::trim).filter(|a| !a.is_empty()) {
        let a = check_address(key, a)?;
        if !out.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
            out.push(a);
        }
    }
    Ok(out)
}

/// One address, strictly: `local@domain`, ASCII only; the local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-`` without a leading, trailing or double dot (≤ 64); the domain dotted
/// labels of letters, digits and hyphens (no label starts or ends with one), ≤ 253 in all.
pub fn check_address(_key: &str, a: &str) -> Result<String> {
    let bad = |why: &str| Error::invalid("value", crate::msg::sync::not_email_address(&crate::text::shown(a), &why));
    let (local, domain) = a.rsplit_once('@').ok_or_else(|| bad("no @"))?;
    if local.is_empty() || local.len() > 64 {
        return Err(bad("the part before @ is empty or longer than 64"));
    }
    let local_ok = local.bytes().all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad("the part before @ has a character or dot that is not allowed"));
    }
    if !is_domain(domain) {
        return Err(bad("the domain is not a dotted host name"));
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

fn is_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

fn is_domain(d: &str) -> bool {
    d.len() <= 253 && d.contains('.') && d.split('.').all(is_label)
}

pub(crate) fn is_host(h: &str) -> bool {
    h.len() <= 253 && h.split('.').all(is_label)
}

/// The SMTP settings as the delivery task reads them (the password comes from its own store).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub from: String,
    pub timeout_s: u32,
}

/// The SMTP settings; a missing host or sender is refused naming the setting.
pub fn smtp(conn: &Connection) -> Result<SmtpSettings> {
    if crate::db::kind_of(conn)? == crate::db::DbKind::Hq {
        return crate::hq::settings::smtp(conn);
    }
    let host = get(conn, "smtp_host")?;
    if host.is_empty() {
        return Err(Error::invalid("smtp_host", crate::msg::sync::no_smtp_server_set()));
    }
    let from = get(conn, "smtp_from")?;
    if from.is_empty() {
        return Err(Error::invalid("smtp_from", crate::msg::sync::no_sender_address_set()));
    }
    Ok(SmtpSettings {
        host,
        port: u16::try_from(get_i64(conn, "smtp_port")?).map_err(|_| Error::Internal("smtp_port".into()))?,
        security: SmtpSecurity::parse("smtp_security", &get(conn, "smtp_security")?)?,
        username: get(conn, "smtp_username")?,
        from,
        timeout_s: u32::try_from(get_i64(conn, "smtp_timeout_s")?)
            .map_err(|_| Error::Internal("smtp_timeout_s".into()))?,
    })
}

/// The language of the management report PDFs the outbox carries.
pub fn report_lang_of(conn: &Connection) -> Result<Lang> {
    Lang::parse("report_lang", &get(conn, "report_lang")?)
}

/// How packets leave the plant.
pub fn transport_of(conn: &Connection) -> Result<Transport> {
    Transport::parse("sync_transport", &get(conn, "sync_transport")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the address rule: strict and naming the setting and the address.
    #[test]
    fn addresses_are_checked_strictly_and_named() {
        for ok in ["hq@corp.example.com", "ehs.sz01+weekly@byd-hq.cn", "A_b@x.io"] {
            assert!(check_address("sync_hq_address", ok).is_ok(), "{ok}");
        }
        for bad in [
            "hq",
            "hq@",
            "@corp.cn",
            "hq@corp",
            "h q@corp.cn",
            "hq@@corp.cn",
            ".hq@corp.cn",
            "hq..x@corp.cn",
            "hq@-corp.cn",
            "hq@corp..cn",
            "张三@corp.cn",
            "hq@corp.cn>",
            "<hq@corp.cn>",
        ] {
            let e = check_address("sync_hq_address", bad).unwrap_err();
            assert!(e.field() == Some("value") && e.to_string().contains("not an email address"), "{bad}: {e}");
        }
        assert_eq!(parse_addresses("report_recipients", " a@b.cn, c@D.CN;a@b.cn ,").unwrap(), ["a@b.cn", "c@d.cn"]);
        assert!(parse_addresses("report_recipients", "a@b.cn, oops").unwrap_err().to_string().contains("'oops'"));
        assert!(host("smtp_host", "smtp.corp.cn").is_ok() && host("smtp_host", "10.0.0.5").is_ok());
        assert!(host("smtp_host", "smtp corp").is_err() && host("smtp_host", "smtp://x").is_err());
    }
}
