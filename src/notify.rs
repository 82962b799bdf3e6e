//! Notices: short messages (a reminder before a deadline, an escalation to the manager after it)
//! that must leave the plant — by e-mail and, where the plant configures one, to a WeCom (企业微信)
//! or DingTalk (钉钉) group robot. A notice is queued with [`queue`] **inside the caller's
//! transaction** (design.md "Outbox": the change that causes it and the message commit or roll
//! back together); the delivery task in `net` (`net::outbox`, `net::webhook`) sends it later and
//! records every attempt. Nothing here touches the network.
//!
//! Why here (a top-level module, not `sync/`): `sync` is the weekly exchange with HQ; notices are
//! a service every area calls (hazards first, then storage limits, licences, permits), and they
//! only borrow the outbox's store.
//!
//! - **One outbox item per channel**, on stream `notices`: kind `notice_mail` (carrying its
//!   addresses) and kind `notice_webhook` (the robot is read from the settings at send time). Each
//!   channel keeps its own attempts and state, and each is its own delivery lane, so a robot that
//!   refuses never holds the e-mails back, and no notice ever waits behind a weekly packet.
//! - **Nothing is lost**: the item carries the full subject and body; the drain needs no other
//!   table. A channel that applies to nothing (no address given, no robot configured) makes no
//!   item: the notice then stays in the app (the caller's own record and alerts).
//! - **Settings** (area `sync`, the outbox's): `notify_webhook_kind` (none | wecom | dingtalk),
//!   `notify_webhook_url` (https only; http only to 127.0.0.1 / localhost, for tests),
//!   `notify_webhook_timeout_s`, `notify_manager_emails` (the escalation list, [`manager_emails`]).
//!   The DingTalk signing secret is **never a setting**: like the SMTP password it lives in the
//!   OS keyring or the session's memory (`net::secrets`, account `net::webhook::secret_account`).

use crate::areas::Area;
use crate::error::{Error, Result};
use crate::plant::settings::{get, get_i64, whole_number, SettingSpec};
use crate::sync::outbox::{self, NewItem, OutboxKind, Stream};
use crate::sync::settings::parse_addresses;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

crate::text_enum! {
    /// Which group robot the plant's notices go to.
    pub enum WebhookKind {
        /// No robot: notices go by e-mail only.
        None = "none",
        /// A WeCom (企业微信) group robot (`qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`).
        Wecom = "wecom",
        /// A DingTalk (钉钉) custom robot (`oapi.dingtalk.com/robot/send?access_token=…`),
        /// signed when a secret is stored.
        Dingtalk = "dingtalk",
    }
}

/// The longest subject a notice may have (characters).
pub const MAX_SUBJECT: usize = 200;
/// The longest body a notice may have (characters).
pub const MAX_BODY: usize = 10_000;

/// A notice to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub subject: String,
    pub body_text: String,
    /// E-mail recipients (each checked); empty: no e-mail.
    pub to_emails: Vec<String>,
    /// Also to the plant's group robot, if one is configured.
    pub webhook: bool,
    /// The area whose record caused it.
    pub source_area: Area,
    /// That record's id, if any.
    pub source_id: Option<String>,
}

/// What [`queue`] put in the outbox: one item per channel (`None`: that channel did not apply).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QueuedNotice {
    pub mail: Option<String>,
    pub webhook: Option<String>,
}

impl QueuedNotice {
    /// The outbox ids, e-mail first.
    pub fn ids(&self) -> Vec<String> {
        self.mail.iter().chain(self.webhook.iter()).cloned().collect()
    }
}

/// Queues `notice` in the outbox inside the caller's transaction (`conn` is that transaction):
/// an e-mail item when it has addresses, a webhook item when it asks for one and the plant has
/// a robot configured. Each item is audited as inserted by `actor`, as every outbox row is.
/// Refused (nothing written): an empty or too long subject, a too long body, a bad address.
pub fn queue(conn: &Connection, actor: &str, notice: &Notice, now: DateTime<Utc>) -> Result<QueuedNotice> {
    let subject = notice.subject.trim();
    if subject.is_empty() {
        return Err(Error::invalid("subject", crate::msg::notify::notice_needs_subject()));
    }
    if subject.chars().count() > MAX_SUBJECT || subject.chars().any(char::is_control) {
        return Err(Error::invalid("subject", crate::msg::notify::notices_subject_one_line(&MAX_SUBJECT)));
    }
    if notice.body_text.chars().count() > MAX_BODY {
        return Err(Error::invalid("body_text", crate::msg::notify::notices_text_most_characters(&MAX_BODY)));
    }
    let to = parse_addresses("to_emails", &notice.to_emails.join(", "))?;
    if let Some(id) = &notice.source_id {
        if id.trim().is_empty() {
            return Err(Error::invalid("source_id", crate::msg::common::required()));
        }
    }
    let plant = crate::plant::require(conn)?;
    let item = |kind: OutboxKind, to: &[String]| {
        outbox::enqueue(
            conn,
            actor,
            NewItem {
                plant_code: &plant.code,
                stream: Stream::Notices,
                kind,
                packet_id: None,
                week: None,
                period: None,
                review_id: None,
                subject,
                body_text: &notice.body_text,
                attachments: &[],
                to,
                source_area: Some(notice.source_area),
                source_id: notice.source_id.as_deref(),
            },
            now,
        )
    };
    let mut out = QueuedNotice::default();
    if !to.is_empty() {
        out.mail = Some(item(OutboxKind::NoticeMail, &to)?);
    }
    if notice.webhook && webhook_kind(conn)? != WebhookKind::None {
        out.webhook = Some(item(OutboxKind::NoticeWebhook, &[])?);
    }
    Ok(out)
}

/// A test notice (`ehs-ledger notify test`, admins and EHS officers): queued to `to` (empty: the
/// managers' addresses, `notify_manager_emails`) and to the robot, in its own transaction; the
/// next drain delivers it. Refused, writing nothing, when no channel applies.
pub fn queue_test(
    store: &mut crate::Store,
    session: &crate::plant::Session,
    subject: &str,
    body_text: &str,
    to: &[String],
    now: DateTime<Utc>,
) -> Result<QueuedNotice> {
    session.require(&[crate::plant::Role::Admin, crate::plant::Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let to_emails = if to.is_empty() { manager_emails(&tx)? } else { to.to_vec() };
    let notice = Notice {
        subject: subject.into(),
        body_text: body_text.into(),
        to_emails,
        webhook: true,
        source_area: Area::Sync,
        source_id: None,
    };
    let q = queue(&tx, &session.user_id, &notice, now)?;
    if q.ids().is_empty() {
        return Err(Error::invalid("to", crate::msg::notify::no_channel_send_give()));
    }
    tx.commit()?;
    Ok(q)
}

/// The plant's group robot as the delivery task reads it at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    pub kind: WebhookKind,
    pub url: String,
    pub timeout_s: u32,
}

/// Which robot is configured.
pub fn webhook_kind(conn: &Connection) -> Result<WebhookKind> {
    WebhookKind::parse("notify_webhook_kind", &get(conn, "notify_webhook_kind")?)
}

/// The robot to send to; refused naming the setting when none is configured or it has no URL.
pub fn webhook(conn: &Connection) -> Result<WebhookTarget> {
    let kind = webhook_kind(conn)?;
    if kind == WebhookKind::None {
        return Err(Error::invalid("notify_webhook_kind", crate::msg::notify::no_group_robot_configured()));
    }
    let url = get(conn, "notify_webhook_url")?;
    if url.is_empty() {
        return Err(Error::invalid("notify_webhook_url", crate::msg::notify::group_robot_has_no()));
    }
    let timeout_s = u32::try_from(get_i64(conn, "notify_webhook_timeout_s")?)
        .map_err(|_| Error::Internal("notify_webhook_timeout_s".into()))?;
    Ok(WebhookTarget { kind, url, timeout_s })
}

/// The managers' addresses for escalations (`notify_manager_emails`), each checked.
pub fn manager_emails(conn: &Connection) -> Result<Vec<String>> {
    parse_addresses("notify_manager_emails", &get(conn, "notify_manager_emails")?)
}

fn webhook_kind_setting(_key: &str, value: &str) -> Result<String> {
    Ok(WebhookKind::parse("value", value)?.as_str().to_string())
}

fn address_list(key: &str, value: &str) -> Result<String> {
    Ok(parse_addresses(key, value)?.join(", "))
}

fn timeout(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 120)
}

/// `https://host[:port]/…`; `http://` only to 127.0.0.1 or localhost (a test server). No user
/// info, no spaces or control characters, at most 2000 characters. Empty: not set.
pub fn check_webhook_url(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    let bad =
        |why: &str| Error::invalid("value", crate::msg::notify::not_webhook_url(&crate::text::shown(value), &why));
    if value.len() > 2000 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("at most 2000 characters, no spaces"));
    }
    let lower = value.to_ascii_lowercase();
    let (https, rest) = if let Some(r) = lower.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(bad("it must start with https://"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(bad("no user name or password in the URL"));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port {
        if p.parse::<u16>().map_or(true, |p| p == 0) {
            return Err(bad("the port is not a number from 1 to 65535"));
        }
    }
    if host.is_empty() || !crate::sync::settings::is_host(host) {
        return Err(bad("no host name"));
    }
    if !https && !matches!(host, "127.0.0.1" | "localhost") {
        return Err(bad("http:// is allowed only to 127.0.0.1 or localhost: use https://"));
    }
    // The scheme and host in lower case; the path and query (the robot's token) as given
    // (ASCII lower-casing keeps every byte offset).
    let head = lower.len() - rest.len() + authority.len();
    Ok(format!("{}{}", &lower[..head], &value[head..]))
}

/// The notice keys (registered with the sync area in [`crate::areas::SETTINGS`]).
pub const NOTIFY_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "notify_webhook_kind",
        default: "none",
        help: "group robot for notices: none, wecom (企业微信) or dingtalk (钉钉)",
        validate: webhook_kind_setting,
    },
    SettingSpec {
        key: "notify_webhook_url",
        default: "",
        help: "the group robot's webhook URL (https://…); the DingTalk secret is kept apart (`notify secret`)",
        validate: check_webhook_url,
    },
    SettingSpec {
        key: "notify_webhook_timeout_s",
        default: "15",
        help: "seconds one webhook request may take (1–120)",
        validate: timeout,
    },
    SettingSpec {
        key: "notify_manager_emails",
        default: "",
        help: "managers' addresses for escalation notices, comma-separated",
        validate: address_list,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the URL rule: https, or http only to the local test server; the token kept as typed.
    #[test]
    fn webhook_urls_are_https_except_to_localhost() {
        let k = "notify_webhook_url";
        for ok in [
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx",
            "https://oapi.dingtalk.com/robot/send?access_token=AbC123",
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "HTTPS://Example.COM:8443/x?Token=AbC",
        ] {
            assert!(check_webhook_url(k, ok).is_ok(), "{ok}");
        }
        assert_eq!(
            check_webhook_url(k, "HTTPS://Example.COM:8443/x?Token=AbC").unwrap(),
            "https://example.com:8443/x?Token=AbC"
        );
        for bad in [
            "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
            "http://10.0.0.5/hook",
            "ftp://example.com/x",
            "qyapi.weixin.qq.com/x",
            "https://",
            "https://user:pw@example.com/x",
            "https://example.com:0/x",
            "https://example.com:99999/x",
            "https://exa mple.com/x",
            "https://example.com/x y",
        ] {
            let e = check_webhook_url(k, bad).unwrap_err();
            assert!(e.to_string().contains("not a webhook URL"), "{bad}: {e}");
        }
        assert_eq!(check_webhook_url(k, "").unwrap(), "");
    }
}
