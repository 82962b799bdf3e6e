//! The outbox (design.md "Outbox"): every message that must leave the plant is a row here first,
//! written in the same transaction as what caused it (a built packet, a report); a delivery task
//! outside the core (`net/`, async) asks [`due`] what to send, sends it, and records each
//! attempt with [`record_attempt`]. Nothing here touches the network.
//!
//! - **Order**: per stream (`hq`, `managers`) only the oldest unfinished item is ever due, so
//!   nothing overtakes a failing item and HQ receives weeks in order.
//! - **State is derived** from the item's insert-only events (`outbox_event`): a `sent` or
//!   `exported` event = done; the last event `permanent` = failed (its stream is blocked until
//!   the user asks to [`retry`]); otherwise pending, due at once when it has no events or after
//!   a `retry`, else at the last `transient` + [`backoff`] (30 s × 2^(n−1), at most 30 min, n =
//!   transient failures since the last retry).
//! - **Exactly once**: a second `sent` for an item is refused (here and by a unique index), and
//!   every item carries a stable Message-ID, the same on every retry, so a receiver can drop a
//!   duplicate that a crash between the server's reply and [`record_attempt`] would cause.
//! - **Recipients** are not stored on the item: [`recipients`] reads them from the settings at
//!   send time — except a notice's e-mail (`notice_mail`, stream `notices`, [`crate::notify`]),
//!   which carries the addresses its cause named. In the `notices` stream each kind (channel) is
//!   its own lane.
//! - **Both kinds of file**: an HQ database has the same tables (HQ migration 0002) for the
//!   returns it mails to plants (stream `plants`, kind `return`); there order is kept per plant
//!   (a *lane*), so one plant's bouncing address never holds up another plant's returns, and the
//!   recipient is the plant's registry e-mail at send time.

use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time, Store};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// A delivery stream: items of one stream leave in order, one at a time.
    pub enum Stream {
        /// The weekly packets to HQ.
        Hq = "hq",
        /// The management report to the plant's managers.
        Managers = "managers",
        /// HQ's returns to the plants (an HQ database only; in order per plant).
        Plants = "plants",
        /// Short notices (reminders, escalations) by e-mail and group-robot webhook
        /// ([`crate::notify`]); each channel is its own lane.
        Notices = "notices",
    }
}

crate::text_enum! {
    /// What an outbox item carries.
    pub enum OutboxKind {
        Packet = "packet",
        Report = "report",
        /// HQ's signed return of a plant-week (an HQ database only).
        Return = "return",
        /// A notice by e-mail, to the addresses it carries.
        NoticeMail = "notice_mail",
        /// A notice to the plant's WeCom or DingTalk group robot (the settings at send time).
        NoticeWebhook = "notice_webhook",
    }
}

crate::text_enum! {
    /// What happened to an item.
    pub enum EventKind {
        /// The server accepted the message.
        Sent = "sent",
        /// A failure worth trying again (4xx, no connection, timeout).
        Transient = "transient",
        /// A failure that needs the user (5xx, authentication): the stream stops.
        Permanent = "permanent",
        /// The user asked to try again after a permanent failure.
        Retry = "retry",
        /// Delivered by file (USB stick, shared folder).
        Exported = "exported",
    }
}

crate::text_enum! {
    /// An item's derived state.
    pub enum ItemState {
        /// Waiting for its turn or its next try.
        Pending = "pending",
        /// Stopped by a permanent failure until the user retries.
        Failed = "failed",
        /// Accepted by the mail server.
        Sent = "sent",
        /// Delivered by file.
        Exported = "exported",
    }
}

/// One attachment of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// An item the delivery task sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: String,
    pub seq: i64,
    pub stream: Stream,
    pub kind: OutboxKind,
    /// `YYYY-Www` of a packet or weekly report.
    pub week: Option<String>,
    /// The packet's revision (packets only).
    pub revision: Option<i64>,
    /// RFC 5322 Message-ID with its angle brackets; the same on every retry.
    pub message_id: String,
    pub subject: String,
    pub body_text: String,
    /// The plant an HQ return goes to (`None` in a plant's own outbox).
    pub plant_code: Option<String>,
    /// The addresses a `notice_mail` carries (empty for every other kind: theirs come from the
    /// settings at send time).
    pub to: Vec<String>,
    pub attachments: Vec<Attachment>,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The server's final reply and the addresses it accepted.
    Sent {
        reply: String,
        recipients: Vec<String>,
    },
    Transient {
        error: String,
    },
    Permanent {
        error: String,
    },
}

/// The last event of an item (or of the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LastEvent {
    pub item_id: String,
    /// UTC.
    pub at: String,
    pub kind: EventKind,
    /// The server's reply or the error.
    pub detail: String,
}

/// One item as the status screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemStatus {
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub stream: Stream,
    pub kind: OutboxKind,
    pub week: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub revision: Option<i64>,
    pub subject: String,
    /// The plant an HQ return goes to (`None` in a plant's own outbox).
    pub plant_code: Option<String>,
    pub created_at: String,
    pub state: ItemState,
    /// Delivery attempts so far (sent, transient, permanent).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attempts: i64,
    /// When a pending item is tried next (UTC; `None`: at once or not pending).
    pub next_try_at: Option<String>,
    pub last_event: Option<LastEvent>,
}

/// What the outbox looks like now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct OutboxStatus {
    /// Items waiting (not sent, exported or failed).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pending: i64,
    /// Items stopped by a permanent failure.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub failed: i64,
    /// The earliest next try of a stream's head (UTC; `None` when nothing waits, or it is due now).
    pub next_try_at: Option<String>,
    /// Whether a stream's head is due now.
    pub due_now: bool,
    /// The newest delivery attempt of any item.
    pub last_attempt: Option<LastEvent>,
    /// The newest items first, at most [`STATUS_ITEMS`].
    pub items: Vec<ItemStatus>,
}

/// How many items [`status`] lists.
pub const STATUS_ITEMS: usize = 50;

/// Delay before try n+1 after the n-th transient failure in a row: 30 s × 2^(n−1), at most 30 min.
pub fn backoff(n: i64) -> Duration {
    let n = n.clamp(1, 32);
    Duration::seconds((30_i64 << (n - 1).min(6)).min(1800))
}

struct Event {
    at: String,
    kind: EventKind,
    detail: String,
}

fn events(conn: &Connection, item_id: &str) -> Result<Vec<Event>> {
    let mut stmt =
        conn.prepare_cached("SELECT at, kind, detail FROM outbox_event WHERE outbox_id = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map([item_id], |r| Ok(Event { at: r.get(0)?, kind: r.get(1)?, detail: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The state and next try of an item from its events (oldest first).
fn derive(ev: &[Event]) -> Result<(ItemState, Option<DateTime<Utc>>)> {
    if ev.iter().any(|e| e.kind == EventKind::Sent) {
        return Ok((ItemState::Sent, None));
    }
    if ev.iter().any(|e| e.kind == EventKind::Exported) {
        return Ok((ItemState::Exported, None));
    }
    match ev.last().map(|e| e.kind) {
        None | Some(EventKind::Retry) => Ok((ItemState::Pending, None)),
        Some(EventKind::Permanent) => Ok((ItemState::Failed, None)),
        _ => {
            let since_retry = ev.iter().rposition(|e| e.kind == EventKind::Retry).map_or(0, |i| i + 1);
            let n = ev[since_retry..].iter().filter(|e| e.kind == EventKind::Transient).count() as i64;
            let last = ev.last().map(|e| time::from_db(&e.at)).transpose()?;
            Ok((ItemState::Pending, last.map(|t| t + backoff(n))))
        }
    }
}

/// The item rows of this kind of file: the columns [`item_head`] reads (the plant of an HQ
/// return, then a notice's addresses), `FROM` with the packet joined (for its revision), and the
/// lane expression (the unit of delivery order: a plant's stream, and within `notices` each
/// channel — `hq` and `managers` have one kind each — or HQ's plant).
struct Shape {
    columns: &'static str,
    from: &'static str,
    lane: &'static str,
    hq: bool,
}

fn shape(conn: &Connection) -> Result<Shape> {
    Ok(match crate::db::kind_of(conn)? {
        crate::db::DbKind::Plant => Shape {
            columns: "o.id, o.seq, o.stream, o.kind, o.week, p.revision, o.message_id, o.subject, o.body_text, o.created_at, NULL, o.to_addresses",
            from: "outbox o LEFT JOIN sync_packet p ON p.id = o.packet_id",
            lane: "o.stream, o.kind",
            hq: false,
        },
        crate::db::DbKind::Hq => Shape {
            columns: "o.id, o.seq, o.stream, o.kind, o.week, p.revision, o.message_id, o.subject, o.body_text, o.created_at, pl.code, NULL",
            from: "outbox o LEFT JOIN hq_packet p ON p.id = o.packet_id LEFT JOIN hq_plant pl ON pl.id = p.plant_id",
            lane: "p.plant_id",
            hq: true,
        },
    })
}

const NOT_DONE: &str =
    "NOT EXISTS (SELECT 1 FROM outbox_event e WHERE e.outbox_id = o.id AND e.kind IN ('sent', 'exported'))";

fn item_head(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxItem> {
    Ok(OutboxItem {
        id: r.get(0)?,
        seq: r.get(1)?,
        stream: r.get(2)?,
        kind: r.get(3)?,
        week: r.get(4)?,
        revision: r.get(5)?,
        message_id: r.get(6)?,
        subject: r.get(7)?,
        body_text: r.get(8)?,
        plant_code: r.get(10)?,
        to: r
            .get::<_, Option<String>>(11)?
            .map(|t| t.split(',').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect())
            .unwrap_or_default(),
        attachments: Vec::new(),
    })
}

fn attachments(conn: &Connection, item_id: &str) -> Result<Vec<Attachment>> {
    let mut stmt = conn
        .prepare_cached("SELECT name, media_type, content FROM outbox_attachment WHERE outbox_id = ?1 ORDER BY ord")?;
    let rows =
        stmt.query_map([item_id], |r| Ok(Attachment { name: r.get(0)?, media_type: r.get(1)?, bytes: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The item `id` with its attachments.
pub fn item(conn: &Connection, id: &str) -> Result<OutboxItem> {
    let Shape { columns, from, .. } = shape(conn)?;
    let sql = format!("SELECT {columns} FROM {from} WHERE o.id = ?1");
    let mut it = conn
        .query_row(&sql, [id], item_head)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "outbox item", id: id.into() })?;
    it.attachments = attachments(conn, id)?;
    Ok(it)
}

/// The oldest unfinished item (not sent or exported) of every lane, in `seq` order.
fn heads(conn: &Connection) -> Result<Vec<OutboxItem>> {
    let Shape { columns, from, lane, .. } = shape(conn)?;
    let sql = format!(
        "SELECT {columns} FROM {from} WHERE o.seq IN (SELECT min(o.seq) FROM {from} WHERE {NOT_DONE} GROUP BY {lane})
         ORDER BY o.seq"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], item_head)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What to send now: per lane, the oldest unfinished item when it is due (`ignore_backoff`:
/// the user's "send now" — a failed head still blocks its lane until [`retry`]).
pub fn due(conn: &Connection, now: DateTime<Utc>, ignore_backoff: bool) -> Result<Vec<OutboxItem>> {
    let mut out = Vec::new();
    for mut it in heads(conn)? {
        let (state, next) = derive(&events(conn, &it.id)?)?;
        let due = state == ItemState::Pending && (ignore_backoff || next.is_none_or(|t| t <= now));
        if due {
            it.attachments = attachments(conn, &it.id)?;
            out.push(it);
        }
    }
    Ok(out)
}

/// Inserts an event and audits it (inside the caller's transaction).
pub(crate) fn insert_event(
    conn: &Connection,
    item_id: &str,
    kind: EventKind,
    detail: &str,
    recipients: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    conn.execute(
        "INSERT INTO outbox_event (id, outbox_id, at, kind, detail, recipients, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, item_id, time::to_db(now), kind, crate::text::capped(detail), recipients, actor],
    )?;
    audit::record(conn, now, actor, Action::Insert, "outbox_event", &id, None, None)?;
    Ok(id)
}

/// Records one delivery attempt of item `item_id` (by the delivery task: audited as `system`).
/// A second `Sent` for the same item is refused (exactly once), and so is any attempt on an
/// item already sent. Returns the item's state after it.
pub fn record_attempt(store: &mut Store, item_id: &str, outcome: Outcome, now: DateTime<Utc>) -> Result<ItemStatus> {
    let tx = store.write_tx()?;
    let ev = {
        item(&tx, item_id)?;
        events(&tx, item_id)?
    };
    if ev.iter().any(|e| e.kind == EventKind::Sent) {
        return Err(Error::Conflict(crate::msg::sync::outbox_item_was_already(&item_id)));
    }
    let (kind, detail, recipients) = match &outcome {
        Outcome::Sent { reply, recipients } => (EventKind::Sent, reply.clone(), recipients.join(", ")),
        Outcome::Transient { error } => (EventKind::Transient, error.clone(), String::new()),
        Outcome::Permanent { error } => (EventKind::Permanent, error.clone(), String::new()),
    };
    insert_event(&tx, item_id, kind, &detail, &recipients, audit::SYSTEM_ACTOR, now)?;
    let st = item_status(&tx, item_id)?;
    tx.commit()?;
    Ok(st)
}

/// The user asks to try a failed item again (admins and EHS officers): its stream moves again,
/// starting with this item. Refused unless the item's last event is a permanent failure.
pub fn retry(store: &mut Store, session: &Session, item_id: &str, now: DateTime<Utc>) -> Result<ItemStatus> {
    let tx = store.write_tx()?;
    if shape(&tx)?.hq {
        session.require(&[Role::Admin, Role::HqAnalyst])?;
        crate::hq::require_actor(&tx, session)?;
    } else {
        session.require(&[Role::Admin, Role::EhsOfficer])?;
    }
    item(&tx, item_id)?;
    let (state, _) = derive(&events(&tx, item_id)?)?;
    if state != ItemState::Failed {
        return Err(Error::Conflict(crate::msg::sync::outbox_item_not_failed(&item_id, &state)));
    }
    insert_event(&tx, item_id, EventKind::Retry, "", "", &session.user_id, now)?;
    let st = item_status(&tx, item_id)?;
    tx.commit()?;
    Ok(st)
}

fn last_event(ev: &[Event], item_id: &str, attempts_only: bool) -> Option<LastEvent> {
    ev.iter()
        .rev()
        .find(|e| !attempts_only || matches!(e.kind, EventKind::Sent | EventKind::Transient | EventKind::Permanent))
        .map(|e| LastEvent { item_id: item_id.into(), at: e.at.clone(), kind: e.kind, detail: e.detail.clone() })
}

fn status_of(it: &OutboxItem, created_at: String, ev: &[Event]) -> Result<ItemStatus> {
    let (state, next) = derive(ev)?;
    Ok(ItemStatus {
        id: it.id.clone(),
        seq: it.seq,
        stream: it.stream,
        kind: it.kind,
        week: it.week.clone(),
        revision: it.revision,
        subject: it.subject.clone(),
        plant_code: it.plant_code.clone(),
        created_at,
        state,
        attempts: ev
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Sent | EventKind::Transient | EventKind::Permanent))
            .count() as i64,
        next_try_at: next.map(time::to_db),
        last_event: last_event(ev, &it.id, false),
    })
}

/// One item's status.
pub fn item_status(conn: &Connection, item_id: &str) -> Result<ItemStatus> {
    let it = item(conn, item_id)?;
    let created: String = conn.query_row("SELECT created_at FROM outbox WHERE id = ?1", [item_id], |r| r.get(0))?;
    status_of(&it, created, &events(conn, item_id)?)
}

/// The outbox now: counts, the next try, the last attempt and the newest items.
pub fn status(conn: &Connection, now: DateTime<Utc>) -> Result<OutboxStatus> {
    // Unfinished items (few: done items are excluded by the index-backed NOT EXISTS).
    let Shape { columns, from, .. } = shape(conn)?;
    let sql = format!("SELECT {columns} FROM {from} WHERE {NOT_DONE} ORDER BY o.seq");
    let mut stmt = conn.prepare(&sql)?;
    let open: Vec<OutboxItem> = stmt.query_map([], item_head)?.collect::<rusqlite::Result<_>>()?;
    let (mut pending, mut failed, mut next_try, mut due_now) = (0, 0, None::<DateTime<Utc>>, false);
    let heads: std::collections::HashSet<String> = heads(conn)?.into_iter().map(|i| i.id).collect();
    for it in &open {
        let (state, next) = derive(&events(conn, &it.id)?)?;
        match state {
            ItemState::Failed => failed += 1,
            ItemState::Pending => pending += 1,
            _ => {}
        }
        if heads.contains(&it.id) && state == ItemState::Pending {
            match next {
                Some(t) if t > now => next_try = Some(next_try.map_or(t, |n| n.min(t))),
                _ => due_now = true,
            }
        }
    }
    let last_attempt = conn
        .query_row(
            "SELECT outbox_id, at, kind, detail FROM outbox_event WHERE kind IN ('sent', 'transient', 'permanent')
             ORDER BY rowid DESC LIMIT 1",
            [],
            |r| Ok(LastEvent { item_id: r.get(0)?, at: r.get(1)?, kind: r.get(2)?, detail: r.get(3)? }),
        )
        .optional()?;
    let sql = format!("SELECT {columns} FROM {from} ORDER BY o.seq DESC LIMIT ?1");
    let mut stmt = conn.prepare(&sql)?;
    let newest: Vec<(OutboxItem, String)> = stmt
        .query_map([STATUS_ITEMS as i64], |r| Ok((item_head(r)?, r.get::<_, String>(9)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let items = newest
        .into_iter()
        .map(|(it, created)| status_of(&it, created, &events(conn, &it.id)?))
        .collect::<Result<Vec<_>>>()?;
    Ok(OutboxStatus { pending, failed, next_try_at: next_try.map(time::to_db), due_now, last_attempt, items })
}

/// The failed items (for the alert), oldest first.
pub fn failed(conn: &Connection) -> Result<Vec<ItemStatus>> {
    let mut stmt = conn.prepare(
        "SELECT o.id FROM outbox o
         WHERE NOT EXISTS (SELECT 1 FROM outbox_event e WHERE e.outbox_id = o.id AND e.kind IN ('sent', 'exported'))
         ORDER BY o.seq",
    )?;
    let ids: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for id in ids {
        let s = item_status(conn, &id)?;
        if s.state == ItemState::Failed {
            out.push(s);
        }
    }
    Ok(out)
}

/// The addresses of an item, read at send time: a plant's streams from its settings
/// ([`recipients`]); an HQ return from the plant's registry e-mail. An item with no address is
/// refused naming where to set it.
pub fn item_recipients(conn: &Connection, item: &OutboxItem) -> Result<Vec<String>> {
    match item.kind {
        OutboxKind::NoticeMail if !item.to.is_empty() => return Ok(item.to.clone()),
        OutboxKind::NoticeMail => return Err(Error::invalid("to", crate::msg::sync::notice_carries_no_mail())),
        OutboxKind::NoticeWebhook => return Err(Error::invalid("kind", crate::msg::sync::webhook_notice_has_no())),
        _ => {}
    }
    if item.stream != Stream::Plants {
        return recipients(conn, item.stream);
    }
    let (code, email): (String, String) = conn.query_row(
        "SELECT pl.code, pl.email FROM outbox o JOIN hq_packet p ON p.id = o.packet_id
         JOIN hq_plant pl ON pl.id = p.plant_id WHERE o.id = ?1",
        [&item.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let list = super::settings::parse_addresses("email", &email)?;
    if list.is_empty() {
        return Err(Error::invalid("email", crate::msg::sync::plant_has_no_mail(&code)));
    }
    Ok(list)
}

/// The addresses of a plant's `stream`, from the settings at send time (`sync_hq_address`,
/// `report_recipients`). A stream with no address is refused naming its setting.
pub fn recipients(conn: &Connection, stream: Stream) -> Result<Vec<String>> {
    let (key, field): (&str, &'static str) = match stream {
        Stream::Hq => ("sync_hq_address", "sync_hq_address"),
        Stream::Managers => ("report_recipients", "report_recipients"),
        Stream::Plants => return Err(Error::invalid("stream", crate::msg::sync::returns_address_plants_use())),
        Stream::Notices => return Err(Error::invalid("stream", crate::msg::sync::notice_carries_own_addresses())),
    };
    let list = super::settings::parse_addresses(key, &crate::plant::settings::get(conn, key)?)?;
    if list.is_empty() {
        return Err(Error::invalid(field, crate::msg::sync::no_address_set_stream(&stream, &key)));
    }
    Ok(list)
}

/// A new item in the outbox (inside the caller's transaction), after every earlier one; audited.
/// Returns its id.
pub(crate) fn enqueue(conn: &Connection, actor: &str, new: NewItem<'_>, now: DateTime<Utc>) -> Result<String> {
    let id = new_id();
    let seq: i64 = conn.query_row("SELECT coalesce(max(seq), 0) + 1 FROM outbox", [], |r| r.get(0))?;
    let message_id = format!("<{id}@{}.ehs-ledger.invalid>", host_part(new.plant_code));
    let created = time::to_db(now);
    let to: Option<String> = (!new.to.is_empty()).then(|| new.to.join(", "));
    let source_area: Option<&str> = new.source_area.map(|a| a.as_str());
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![
        &id,
        &seq,
        &new.stream,
        &new.kind,
        &new.packet_id,
        &new.week,
        &message_id,
        &new.subject,
        &new.body_text,
        &created,
        &new.period,
    ];
    let sql = if shape(conn)?.hq {
        values.push(&new.review_id);
        "INSERT INTO outbox (id, seq, stream, kind, packet_id, week, message_id, subject, body_text, created_at, period, review_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    } else {
        values.extend([&to as &dyn rusqlite::ToSql, &source_area, &new.source_id]);
        "INSERT INTO outbox (id, seq, stream, kind, packet_id, week, message_id, subject, body_text, created_at, period,
                             to_addresses, source_area, source_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    };
    conn.execute(sql, values.as_slice())?;
    audit::record(conn, now, actor, Action::Insert, "outbox", &id, None, None)?;
    for (i, a) in new.attachments.iter().enumerate() {
        let aid = new_id();
        conn.execute(
            "INSERT INTO outbox_attachment (id, outbox_id, ord, name, media_type, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![aid, id, i as i64 + 1, a.name, a.media_type, a.bytes],
        )?;
        audit::record(conn, now, actor, Action::Insert, "outbox_attachment", &aid, None, None)?;
    }
    Ok(id)
}

/// What [`enqueue`] stores.
pub(crate) struct NewItem<'a> {
    pub plant_code: &'a str,
    pub stream: Stream,
    pub kind: OutboxKind,
    pub packet_id: Option<&'a str>,
    pub week: Option<&'a str>,
    /// The period of a report (`2026-W10`, `2026-03`): one report per period (unique index).
    pub period: Option<&'a str>,
    /// The HQ return decision an HQ item carries (HQ files only).
    pub review_id: Option<&'a str>,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub attachments: &'a [Attachment],
    /// The addresses of a `notice_mail` (empty for every other kind).
    pub to: &'a [String],
    /// The area and record that caused a notice (plant files only).
    pub source_area: Option<crate::areas::Area>,
    pub source_id: Option<&'a str>,
}

/// The plant code as a host label for Message-IDs (lower case, letters, digits, hyphens).
fn host_part(code: &str) -> String {
    let s: String =
        code.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "plant".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the backoff rule: 30 s × 2^(n−1), capped at 30 min.
    #[test]
    fn backoff_doubles_from_30_seconds_and_stops_at_30_minutes() {
        let secs: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
        assert_eq!(backoff(1000).num_seconds(), 1800);
    }

    #[test]
    fn message_id_host_part_is_a_clean_label() {
        assert_eq!(host_part("SZ01"), "sz01");
        assert_eq!(host_part("深圳 01"), "01");
        assert_eq!(host_part("——"), "plant");
    }
}
