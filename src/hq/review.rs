//! The analyst's decisions on a plant-week (issue 11 item 6), insert-only in `hq_review`:
//!
//! - **accept** locks the highest revision received for the appendix: a later restatement is
//!   kept and shown ("restated after review") but counts only once accepted in its turn;
//! - **return** sends the week back to the plant with a comment, as a message signed with HQ's
//!   own Ed25519 key (`hq_key`, made on first use) — HQ never edits a plant's figures; the plant
//!   corrects its ledger and sends a restatement;
//! - **reopen** lifts an accept (with a reason).
//!
//! **Return message** (`ehs-ledger-return/1`): the same envelope layout as a packet — canonical
//! JSON `{algorithm, body, body_sha256, format, key_fingerprint, signature}` whose `body` is the
//! RFC 8785 text of [`ReturnBody`].

use super::{require_actor, store};
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::plant::Session;
use crate::sync::key::{self, PlantKey};
use crate::sync::packet;
use crate::{new_id, time, Store};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, VerifyingKey};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The return message's `format`.
pub const RETURN_FORMAT: &str = "ehs-ledger-return/1";

/// What a return says, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    pub schema_version: i64,
    /// The HQ group's name.
    pub group: String,
    pub plant_code: String,
    pub week: String,
    /// The revision HQ reviewed.
    pub revision: i64,
    /// SHA-256 of that revision's body (which packet exactly).
    pub packet_body_sha256: String,
    pub comment: String,
    /// UTC.
    pub returned_at: String,
    /// The analyst's display name.
    pub returned_by: String,
}

/// A decision as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Decision {
    pub id: String,
    pub action: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub comment: String,
    pub at: String,
    pub by: String,
    /// A return's delivery by mail: `pending`, `failed`, `sent`, `exported`; `None` when it was
    /// not mailed (the plant has no e-mail address: the analyst hands over the file).
    pub delivery: Option<crate::sync::outbox::ItemState>,
}

/// A return as made: the decision, the signed message and where it is mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub decision: Decision,
    /// The signed message's bytes (`<plant>_<week>_r<revision>.return.json`).
    pub message: Vec<u8>,
    pub file_name: String,
    /// The outbox item that mails it to the plant's registry address, when it has one.
    pub outbox_id: Option<String>,
}

/// One received revision of a plant-week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Revision {
    pub packet_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub reason: Option<String>,
    pub generated_at: String,
    pub received_at: String,
    pub body_sha256: String,
    pub key_fingerprint: String,
    /// Counted in the appendix now.
    pub counted: bool,
}

/// A plant-week's history: every revision and decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeekHistory {
    pub plant_code: String,
    pub week: String,
    pub revisions: Vec<Revision>,
    pub decisions: Vec<Decision>,
}

fn latest_packet(conn: &Connection, plant_id: &str, week: &str) -> Result<(String, i64, String)> {
    conn.query_row(
        "SELECT id, revision, body_sha256 FROM hq_packet WHERE plant_id = ?1 AND week = ?2 ORDER BY revision DESC LIMIT 1",
        params![plant_id, week],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| Error::Conflict(crate::msg::hq::nothing_has_been_received(&week)))
}

fn last_decision(conn: &Connection, plant_id: &str, week: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT action, packet_id FROM hq_review WHERE plant_id = ?1 AND week = ?2 ORDER BY at DESC, rowid DESC LIMIT 1",
            params![plant_id, week],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn comment_text(field: &'static str, c: &str, required: bool) -> Result<String> {
    let c = c.trim();
    if required && c.is_empty() {
        return Err(Error::invalid(field, crate::msg::hq::say_what_plant_should()));
    }
    crate::text::no_hidden_chars(field, "comment", c)?;
    if c.chars().count() > 2000 {
        return Err(Error::invalid(field, crate::msg::hq::comment_has_most_2()));
    }
    Ok(c.to_string())
}

#[allow(clippy::too_many_arguments)] // one decision row, every column named
fn insert(
    tx: &Connection,
    actor: &Session,
    plant_id: &str,
    week: &str,
    packet_id: &str,
    action: &str,
    comment: &str,
    message: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    tx.execute(
        "INSERT INTO hq_review (id, plant_id, week, packet_id, action, comment, at, actor, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, plant_id, week, packet_id, action, comment, time::to_db_millis(now), actor.user_id, message],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "hq_review", &id, None, None)?;
    store::refresh_week(tx, plant_id, week)?;
    super::masks::refresh_week(tx, plant_id, week)?;
    for y in store::years_of_week(week)? {
        store::refresh_plant_year(tx, plant_id, y)?;
    }
    Ok(id)
}

fn week_arg(week: &str) -> Result<String> {
    let w = week.trim();
    packet::parse_week("week", w)?;
    Ok(w.to_string())
}

/// Accepts the highest revision of a plant-week: it is locked for the appendix. A week whose
/// anchor is broken needs a comment saying why it is accepted anyway.
pub fn accept(
    store: &mut Store,
    actor: &Session,
    plant_code: &str,
    week: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<Decision> {
    let week = week_arg(week)?;
    let comment = comment_text("comment", comment, false)?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let plant_id = super::registry::require_plant(&tx, plant_code)?;
    let (packet_id, revision, _) = latest_packet(&tx, &plant_id, &week)?;
    if let Some((a, pid)) = last_decision(&tx, &plant_id, &week)? {
        if a == "accept" && pid == packet_id {
            return Err(Error::Conflict(crate::msg::hq::revision_already_accepted(
                &plant_code.trim(),
                &week,
                &revision,
            )));
        }
    }
    let broken = super::grid::anchor_breaks(&tx, &week, &week)?.into_iter().any(|(p, ..)| p == plant_id);
    if broken && comment.is_empty() {
        return Err(Error::invalid("comment", crate::msg::hq::weeks_packet_shows_rewritten()));
    }
    let id = insert(&tx, actor, &plant_id, &week, &packet_id, "accept", &comment, None, now)?;
    tx.commit()?;
    Ok(Decision {
        id,
        action: "accept".into(),
        revision,
        comment,
        at: time::to_db_millis(now),
        by: actor.display_name.clone(),
        delivery: None,
    })
}

/// Lifts an accept (the week counts its highest revision again, and can be reviewed anew).
pub fn reopen(
    store: &mut Store,
    actor: &Session,
    plant_code: &str,
    week: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Decision> {
    let week = week_arg(week)?;
    let reason = comment_text("reason", reason, true)?;
    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let plant_id = super::registry::require_plant(&tx, plant_code)?;
    let Some((a, pid)) = last_decision(&tx, &plant_id, &week)? else {
        return Err(Error::Conflict(crate::msg::hq::has_not_been_accepted(&plant_code.trim(), &week)));
    };
    if a != "accept" {
        return Err(Error::Conflict(crate::msg::hq::not_accepted_last_decision(&plant_code.trim(), &week, &a)));
    }
    let revision: i64 = tx.query_row("SELECT revision FROM hq_packet WHERE id = ?1", [&pid], |r| r.get(0))?;
    let id = insert(&tx, actor, &plant_id, &week, &pid, "reopen", &reason, None, now)?;
    tx.commit()?;
    Ok(Decision {
        id,
        action: "reopen".into(),
        revision,
        comment: reason,
        at: time::to_db_millis(now),
        by: actor.display_name.clone(),
        delivery: None,
    })
}

/// HQ's signing key, made on first use.
fn hq_key(conn: &Connection, now: DateTime<Utc>) -> Result<PlantKey> {
    if let Some(k) = key::active_in(conn, "hq_key")? {
        return Ok(k);
    }
    key::create_in(conn, "hq_key", now)?;
    key::active_in(conn, "hq_key")?.ok_or_else(|| Error::Internal("HQ key vanished".into()))
}

/// HQ's public key as PEM (plants register it to verify returns), made on first use.
pub fn hq_public_pem(store: &mut Store, now: DateTime<Utc>) -> Result<(String, String)> {
    let tx = store.write_tx()?;
    let org = super::require(&tx)?;
    let k = hq_key(&tx, now)?;
    tx.commit()?;
    let pem = key::export_pem(&format!("HQ {}", org.name), &k.info, &k.verifying_key());
    Ok((k.info.fingerprint.clone(), pem))
}

/// Returns a plant-week with a comment: a signed message (kept in the decision) for the plant,
/// queued in HQ's outbox to the plant's registry e-mail in the same transaction (a plant without
/// an address gets the file by hand).
pub fn return_week(
    store: &mut Store,
    actor: &Session,
    plant_code: &str,
    week: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<Returned> {
    let week = week_arg(week)?;
    let comment = comment_text("comment", comment, true)?;
    let tx = store.write_tx()?;
    let org = require_actor(&tx, actor)?;
    let plant_id = super::registry::require_plant(&tx, plant_code)?;
    let (code, email): (String, String) =
        tx.query_row("SELECT code, email FROM hq_plant WHERE id = ?1", [&plant_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (packet_id, revision, body_sha) = latest_packet(&tx, &plant_id, &week)?;
    if let Some((a, pid)) = last_decision(&tx, &plant_id, &week)? {
        if a == "return" && pid == packet_id {
            return Err(Error::Conflict(crate::msg::hq::revision_was_returned_already(&code, &week, &revision)));
        }
    }
    let key = hq_key(&tx, now)?;
    let body = ReturnBody {
        schema_version: 1,
        group: org.name.clone(),
        plant_code: code.clone(),
        week: week.clone(),
        revision,
        packet_body_sha256: body_sha,
        comment: comment.clone(),
        returned_at: time::to_db(now),
        returned_by: actor.display_name.clone(),
    };
    let bytes = sign_return(&key, &body)?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| Error::Internal("return message is not UTF-8".into()))?;
    let id = insert(&tx, actor, &plant_id, &week, &packet_id, "return", &comment, Some(&text), now)?;
    let file_name = format!("{code}_{week}_r{revision}.return.json");
    let outbox_id = if email.trim().is_empty() {
        None
    } else {
        let subject = format!("[EHS Ledger] HQ 退回 / returned: {code} {week} r{revision}");
        let body_text = format!(
            "{group} HQ 退回了 {code} {week} 第 {revision} 版周报数据包，意见如下：\n\n{comment}\n\n\
             请核对并更正台账后重新报送（更正版）。附件为 HQ 签名的退回单：在 EHS Ledger「报送」中导入以在该周显示。\n\n\
             {group} HQ returned revision {revision} of {code}'s packet for {week}:\n\n{comment}\n\n\
             Check and correct the ledger, then send a restatement. The attachment is HQ's signed return: import it in \
             EHS Ledger (Submissions) to see it on the week.\n\n— {by}",
            group = org.name,
            by = actor.display_name,
        );
        let attachment = crate::sync::outbox::Attachment {
            name: file_name.clone(),
            media_type: "application/json".into(),
            bytes: bytes.clone(),
        };
        Some(crate::sync::outbox::enqueue(
            &tx,
            &actor.user_id,
            crate::sync::outbox::NewItem {
                plant_code: &code,
                stream: crate::sync::outbox::Stream::Plants,
                kind: crate::sync::outbox::OutboxKind::Return,
                packet_id: Some(&packet_id),
                week: Some(&week),
                period: None,
                review_id: Some(&id),
                subject: &subject,
                body_text: &body_text,
                attachments: std::slice::from_ref(&attachment),
                to: &[],
                source_area: None,
                source_id: None,
            },
            now,
        )?)
    };
    tx.commit()?;
    Ok(Returned {
        decision: Decision {
            id,
            action: "return".into(),
            revision,
            comment,
            at: time::to_db_millis(now),
            by: actor.display_name.clone(),
            delivery: outbox_id.as_ref().map(|_| crate::sync::outbox::ItemState::Pending),
        },
        message: bytes,
        file_name,
        outbox_id,
    })
}

/// The signed return message's file bytes.
fn sign_return(key: &PlantKey, body: &ReturnBody) -> Result<Vec<u8>> {
    let text = packet::canonical(&serde_json::to_value(body)?)?;
    let signature = key.signing.sign(text.as_bytes());
    let env = serde_json::json!({
        "algorithm": key::ALGORITHM,
        "body": text,
        "body_sha256": hex::encode(Sha256::digest(text.as_bytes())),
        "format": RETURN_FORMAT,
        "key_fingerprint": key.info.fingerprint,
        "signature": base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
    });
    Ok(packet::canonical(&env)?.into_bytes())
}

/// Verifies a return message against HQ's public key (the plant side) and returns its body.
pub fn verify_return(bytes: &[u8], hq_public: &VerifyingKey) -> Result<ReturnBody> {
    const F: &str = "return";
    let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid(F, crate::msg::common::not_utf8()))?;
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(F, crate::msg::common::not_json(&e)))?;
    if packet::canonical(&v)? != text {
        return Err(Error::invalid(F, crate::msg::hq::not_canonical_form_file()));
    }
    let get =
        |k: &str| v.get(k).and_then(|x| x.as_str()).ok_or_else(|| Error::invalid(F, crate::msg::hq::no_member(&k)));
    if get("format")? != RETURN_FORMAT {
        return Err(Error::invalid(F, crate::msg::hq::format_not(&RETURN_FORMAT)));
    }
    // The envelope is exactly its six members, the algorithm the one signed with: an added or
    // changed unsigned member would make the same return a new message.
    if get("algorithm")? != key::ALGORITHM {
        return Err(Error::invalid(F, crate::msg::hq::algorithm_not(&key::ALGORITHM)));
    }
    if v.as_object().map_or(0, |m| m.len()) != 6 {
        return Err(Error::invalid(F, crate::msg::hq::envelope_extra_members()));
    }
    if get("key_fingerprint")? != key::fingerprint(hq_public) {
        return Err(Error::invalid(F, crate::msg::hq::signed_another_key_than()));
    }
    let body = get("body")?;
    if hex::encode(Sha256::digest(body.as_bytes())) != get("body_sha256")? {
        return Err(Error::invalid(F, crate::msg::hq::body_sha256_does_not()));
    }
    let sig = base64::engine::general_purpose::STANDARD
        .decode(get("signature")?)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .ok_or_else(|| Error::invalid(F, crate::msg::common::signature_not_base64_64()))?;
    hq_public
        .verify_strict(body.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| Error::invalid(F, crate::msg::hq::signature_does_not_verify()))?;
    serde_json::from_str(body).map_err(|e| Error::invalid(F, crate::msg::common::body(&e)))
}

/// Every revision and decision of a plant-week.
pub fn history(conn: &Connection, plant_code: &str, week: &str) -> Result<WeekHistory> {
    let week = week_arg(week)?;
    let plant_id = super::registry::require_plant(conn, plant_code)?;
    let counted: Option<String> = conn
        .query_row("SELECT packet_id FROM hq_week WHERE plant_id = ?1 AND week = ?2", params![plant_id, week], |r| {
            r.get(0)
        })
        .optional()?;
    let mut stmt = conn.prepare(
        "SELECT p.id, p.revision, p.reason, p.generated_at, p.received_at, p.body_sha256, k.fingerprint FROM hq_packet p
         JOIN hq_plant_key k ON k.id = p.key_id WHERE p.plant_id = ?1 AND p.week = ?2 ORDER BY p.revision",
    )?;
    let revisions = stmt
        .query_map(params![plant_id, week], |r| {
            let id: String = r.get(0)?;
            Ok(Revision {
                counted: counted.as_deref() == Some(id.as_str()),
                packet_id: id,
                revision: r.get(1)?,
                reason: r.get(2)?,
                generated_at: r.get(3)?,
                received_at: r.get(4)?,
                body_sha256: r.get(5)?,
                key_fingerprint: r.get(6)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT v.id, v.action, p.revision, v.comment, v.at, coalesce(u.display_name, v.actor), o.id FROM hq_review v
         JOIN hq_packet p ON p.id = v.packet_id LEFT JOIN app_user u ON u.id = v.actor
         LEFT JOIN outbox o ON o.review_id = v.id
         WHERE v.plant_id = ?1 AND v.week = ?2 ORDER BY v.at, v.rowid",
    )?;
    let rows: Vec<(Decision, Option<String>)> = stmt
        .query_map(params![plant_id, week], |r| {
            Ok((
                Decision {
                    id: r.get(0)?,
                    action: r.get(1)?,
                    revision: r.get(2)?,
                    comment: r.get(3)?,
                    at: r.get(4)?,
                    by: r.get(5)?,
                    delivery: None,
                },
                r.get(6)?,
            ))
        })?
        .collect::<std::result::Result<_, _>>()?;
    let mut decisions = Vec::with_capacity(rows.len());
    for (mut d, outbox_id) in rows {
        if let Some(o) = outbox_id {
            d.delivery = Some(crate::sync::outbox::item_status(conn, &o)?.state);
        }
        decisions.push(d);
    }
    Ok(WeekHistory { plant_code: plant_code.trim().to_string(), week, revisions, decisions })
}

/// The signed return message of a decision (to save as a file for a plant without mail).
pub fn return_message(conn: &Connection, decision_id: &str) -> Result<Vec<u8>> {
    let m: Option<Option<String>> =
        conn.query_row("SELECT message FROM hq_review WHERE id = ?1", [decision_id], |r| r.get(0)).optional()?;
    m.flatten()
        .map(String::into_bytes)
        .ok_or_else(|| Error::NotFound { what: "return message", id: decision_id.to_string() })
}
