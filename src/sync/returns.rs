//! HQ's returns as the plant receives them (issue 11 item 6). HQ reviews, never edits: its
//! analyst returns a plant-week with a comment as a message signed with HQ's own key
//! (`ehs-ledger-return/1`, [`crate::hq::review`]), mailed to the plant or handed over as a file.
//! Here the plant
//! - registers HQ's public key once ([`register_hq_key`]; a rotated key voids the old one);
//! - imports a return ([`import`]): the `.json` file, or the `.eml` mail it came in. It must
//!   verify against a registered HQ key, name this plant, and concern a packet this plant built
//!   (same week, revision and body hash) — anything else is refused with the reason and nothing
//!   is stored; the same message twice is one row;
//! - sees it on the week ([`for_week`]) and as an alert until a later revision of that week is
//!   built (the restatement the return asks for).

use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::hq::review::{self, ReturnBody, RETURN_FORMAT};
use crate::plant::{self, Role, Session};
use crate::sync::key;
use crate::{new_id, time, Store};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// An HQ key the plant trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HqKey {
    pub id: String,
    pub fingerprint: String,
    pub label: String,
    pub registered_at: String,
    pub voided_at: Option<String>,
}

/// A return as the plant shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReceivedReturn {
    pub id: String,
    pub week: String,
    /// The revision HQ returned.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub group_name: String,
    pub comment: String,
    /// UTC, as HQ signed it.
    pub returned_at: String,
    pub returned_by: String,
    pub received_at: String,
    /// `file` or `mail` (an `.eml`).
    pub via: String,
    pub hq_fingerprint: String,
    /// A later revision of the week has been built since (the restatement): the return is answered.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub answered_by_revision: Option<i64>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReturnImport {
    pub received: ReceivedReturn,
    /// The same message was imported before: nothing was written.
    pub duplicate: bool,
}

const FIELD: &str = "return";

fn require_officer(session: &Session) -> Result<()> {
    session.require(&[Role::Admin, Role::EhsOfficer])
}

/// The `# group:` (or `# plant:`) comment line of a key file, for the label.
fn label_of(pem: &str) -> String {
    pem.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .find_map(|l| l.strip_prefix("group:").or_else(|| l.strip_prefix("plant:")))
        .map(|s| s.trim().chars().filter(|c| !c.is_control()).take(100).collect())
        .unwrap_or_default()
}

/// Registers HQ's public key (the PEM file `ehs-ledger hq key` prints). A key already registered
/// is refused; any other key still in use is voided ("rotated"), so returns signed with it are no
/// longer accepted.
pub fn register_hq_key(store: &mut Store, session: &Session, pem: &str, now: DateTime<Utc>) -> Result<HqKey> {
    require_officer(session)?;
    let public = key::public_from_pem(pem)?;
    let fingerprint = key::fingerprint(&public);
    let tx = store.write_tx()?;
    plant::require(&tx)?;
    let exists: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM sync_hq_key WHERE fingerprint = ?1)", [&fingerprint], |r| r.get(0))?;
    if exists {
        return Err(Error::Conflict(crate::msg::sync::hq_key_registered_already(&fingerprint)));
    }
    let old: Vec<String> = tx
        .prepare("SELECT id FROM sync_hq_key WHERE voided_at IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in old {
        audit::void_row(&tx, now, &session.user_id, "sync_hq_key", &id, &format!("rotated: HQ key {fingerprint}"))?;
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO sync_hq_key (id, fingerprint, public_key, label, registered_at, registered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, fingerprint, key::public_pem(&public), label_of(pem), time::to_db(now), session.user_id],
    )?;
    audit::record(&tx, now, &session.user_id, Action::Insert, "sync_hq_key", &id, None, None)?;
    let k = hq_key(&tx, &id)?;
    tx.commit()?;
    Ok(k)
}

fn hq_key(conn: &Connection, id: &str) -> Result<HqKey> {
    Ok(conn.query_row(
        "SELECT id, fingerprint, label, registered_at, voided_at FROM sync_hq_key WHERE id = ?1",
        [id],
        |r| {
            Ok(HqKey {
                id: r.get(0)?,
                fingerprint: r.get(1)?,
                label: r.get(2)?,
                registered_at: r.get(3)?,
                voided_at: r.get(4)?,
            })
        },
    )?)
}

/// Every HQ key, newest first.
pub fn hq_keys(conn: &Connection) -> Result<Vec<HqKey>> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM sync_hq_key ORDER BY registered_at DESC, rowid DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| hq_key(conn, id)).collect()
}

/// The return message in `bytes`: itself when it is JSON, else the return attachment of a mail.
/// Returns the message and how it came (`file` / `mail`).
fn message_of(bytes: &[u8]) -> Result<(Vec<u8>, &'static str)> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        return Ok((bytes.to_vec(), "file"));
    }
    use mail_parser::MimeHeaders;
    let msg = mail_parser::MessageParser::default()
        .parse(bytes)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| Error::invalid(FIELD, crate::msg::sync::neither_return_file_json()))?;
    for att in msg.attachments() {
        let name = att.attachment_name().unwrap_or("");
        let c = att.contents();
        let is_return = name.ends_with(".return.json")
            || (c.first() == Some(&b'{') && std::str::from_utf8(c).is_ok_and(|t| t.contains(RETURN_FORMAT)));
        if is_return {
            return Ok((c.to_vec(), "mail"));
        }
    }
    Err(Error::invalid(
        FIELD,
        crate::msg::sync::mail_has_no_hq(&crate::text::shown(msg.subject().unwrap_or("(no subject)"))),
    ))
}

/// Imports a return (a `.return.json` file or the `.eml` mail it came in): verified against a
/// registered HQ key, for this plant, about a packet it built. All or nothing; the same message
/// again writes nothing and says so.
pub fn import(store: &mut Store, session: &Session, bytes: &[u8], now: DateTime<Utc>) -> Result<ReturnImport> {
    require_officer(session)?;
    if bytes.len() > 8 * 1024 * 1024 {
        return Err(Error::invalid(FIELD, crate::msg::sync::larger_than_8_mb()));
    }
    let (message, via) = message_of(bytes)?;
    let text =
        std::str::from_utf8(&message).map_err(|_| Error::invalid(FIELD, crate::msg::sync::message_not_utf_8()))?;
    let env: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(FIELD, crate::msg::common::not_json(&e)))?;
    if env.get("format").and_then(|f| f.as_str()) != Some(RETURN_FORMAT) {
        return Err(Error::invalid(FIELD, crate::msg::sync::not_hq_return_format(&RETURN_FORMAT)));
    }
    let fp = env
        .get("key_fingerprint")
        .and_then(|f| f.as_str())
        .ok_or_else(|| Error::invalid(FIELD, crate::msg::sync::no_key_fingerprint()))?
        .to_string();
    let sha = hex::encode(Sha256::digest(&message));
    let tx = store.write_tx()?;
    let plant = plant::require(&tx)?;
    if let Some(id) = tx
        .query_row("SELECT id FROM sync_return WHERE message_sha256 = ?1", [&sha], |r| r.get::<_, String>(0))
        .optional()?
    {
        let received = received(&tx, &id)?;
        return Ok(ReturnImport { received, duplicate: true });
    }
    let key_row: Option<(String, String, Option<String>)> = tx
        .query_row("SELECT id, public_key, voided_at FROM sync_hq_key WHERE fingerprint = ?1", [&fp], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (key_id, pem) = match key_row {
        None => return Err(Error::invalid(FIELD, crate::msg::sync::signed_key_which_plant(&crate::text::shown(&fp)))),
        Some((_, _, Some(voided))) => {
            return Err(Error::invalid(FIELD, crate::msg::sync::signed_hq_key_retired(&fp, &voided)))
        }
        Some((id, pem, None)) => (id, pem),
    };
    let body: ReturnBody = review::verify_return(&message, &key::public_from_pem(&pem)?)?;
    if body.plant_code != plant.code {
        return Err(Error::invalid(
            FIELD,
            crate::msg::sync::return_plant_not_plant(&crate::text::shown(&body.plant_code), &plant.code),
        ));
    }
    let packet: Option<(String, String)> = tx
        .query_row(
            "SELECT id, body_sha256 FROM sync_packet WHERE week = ?1 AND revision = ?2",
            params![body.week, body.revision],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let packet_id = match packet {
        None => {
            return Err(Error::invalid(
                FIELD,
                crate::msg::sync::returns_revision_which_plant(&body.week, &body.revision),
            ))
        }
        Some((_, sha)) if sha != body.packet_body_sha256 => {
            return Err(Error::invalid(
                FIELD,
                crate::msg::sync::returns_revision_whose_hash(&body.week, &body.revision),
            ))
        }
        Some((id, _)) => id,
    };
    let returned_at =
        time::from_db(&body.returned_at).map_err(|_| Error::invalid(FIELD, crate::msg::sync::returned_not_time()))?;
    let id = new_id();
    tx.execute(
        "INSERT INTO sync_return (id, message_sha256, packet_id, week, revision, hq_key_id, group_name, comment,
             returned_at, returned_by, message, received_at, received_by, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            id,
            sha,
            packet_id,
            body.week,
            body.revision,
            key_id,
            body.group,
            body.comment,
            time::to_db(returned_at),
            body.returned_by,
            text,
            time::to_db(now),
            session.user_id,
            via
        ],
    )?;
    audit::record(&tx, now, &session.user_id, Action::Insert, "sync_return", &id, None, None)?;
    let received = received(&tx, &id)?;
    tx.commit()?;
    Ok(ReturnImport { received, duplicate: false })
}

const COLUMNS: &str = "r.id, r.week, r.revision, r.group_name, r.comment, r.returned_at, r.returned_by, r.received_at,
     r.via, k.fingerprint,
     (SELECT min(p.revision) FROM sync_packet p WHERE p.week = r.week AND p.revision > r.revision)";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReceivedReturn> {
    Ok(ReceivedReturn {
        id: r.get(0)?,
        week: r.get(1)?,
        revision: r.get(2)?,
        group_name: r.get(3)?,
        comment: r.get(4)?,
        returned_at: r.get(5)?,
        returned_by: r.get(6)?,
        received_at: r.get(7)?,
        via: r.get(8)?,
        hq_fingerprint: r.get(9)?,
        answered_by_revision: r.get(10)?,
    })
}

fn received(conn: &Connection, id: &str) -> Result<ReceivedReturn> {
    let sql = format!("SELECT {COLUMNS} FROM sync_return r JOIN sync_hq_key k ON k.id = r.hq_key_id WHERE r.id = ?1");
    Ok(conn.query_row(&sql, [id], row)?)
}

/// The returns of `week` (all weeks when `None`), newest week and revision first.
pub fn list(conn: &Connection, week: Option<&str>) -> Result<Vec<ReceivedReturn>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sync_return r JOIN sync_hq_key k ON k.id = r.hq_key_id
         WHERE ?1 IS NULL OR r.week = ?1 ORDER BY r.week DESC, r.revision DESC, r.received_at DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([week], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The returns of one week (the Sync screen's week).
pub fn for_week(conn: &Connection, week: &str) -> Result<Vec<ReceivedReturn>> {
    list(conn, Some(week))
}

/// The returns not answered by a restatement yet (for the alerts), oldest week first.
pub fn open(conn: &Connection) -> Result<Vec<ReceivedReturn>> {
    let mut v: Vec<ReceivedReturn> =
        list(conn, None)?.into_iter().filter(|r| r.answered_by_revision.is_none()).collect();
    v.reverse();
    Ok(v)
}
