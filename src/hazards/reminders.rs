//! The hazard clocks' notices (issue 13 item 4): a reminder to the plant's group robot when a
//! hazard's deadline is within the lead time (`hazard_remind_days`), and an escalation to the
//! managers (`notify_manager_emails`) and the robot once it is past — each queued once per
//! deadline through [`crate::notify`] (the outbox), by the system actor, in one transaction with
//! its marker. The app's outbox worker runs [`queue_due`] on every turn (registered in
//! [`crate::areas::ON_TICK`]); `ehs-ledger hazard remind` runs it by hand.

use super::hazard::{self, HazardQuery};
use crate::areas::Area;
use crate::db::Store;
use crate::error::Result;
use crate::notify::{self, Notice};
use crate::time;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};

crate::text_enum! {
    /// Which notice of a hazard's clock.
    pub enum ReminderKind {
        DueSoon = "due_soon",
        Overdue = "overdue",
    }
}

/// One OS notification the app shows a signed-in user (issue 13 item 4): a hazard of theirs
/// due within the lead time or past its deadline, and — for those who answer for closing
/// hazards (admin, plant manager, EHS officer) — every overdue hazard, as the escalation.
/// `key` is stable per hazard, kind and deadline, so the shell shows each once and an
/// extension's new deadline notifies again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DesktopNotice {
    pub key: String,
    pub kind: ReminderKind,
    pub hazard_id: String,
    pub number: String,
    pub area: String,
    pub description: String,
    pub deadline: String,
    /// Days to the deadline (≥ 0) for `due_soon`, days past it for `overdue`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days: i64,
    /// The user is the responsible person (else: escalated to them as a manager).
    pub mine: bool,
}

/// Roles that get every overdue hazard as an escalation.
const ESCALATION_ROLES: &[crate::plant::users::Role] =
    &[crate::plant::users::Role::Admin, crate::plant::users::Role::PlantManager, crate::plant::users::Role::EhsOfficer];

/// The notices for `user` on the plant-local day `today`: their own hazards due within
/// `hazard_remind_days` or overdue, then (for the escalation roles) the others' overdue ones.
/// The earliest deadline first. Reads only.
pub fn desktop_notices(
    conn: &rusqlite::Connection,
    user: &crate::plant::users::Session,
    today: NaiveDate,
) -> Result<Vec<DesktopNotice>> {
    let lead = super::settings::remind_days(conn)?;
    let escalated = ESCALATION_ROLES.contains(&user.role);
    let q = HazardQuery { open_only: true, assignee: (!escalated).then(|| user.user_id.clone()), ..Default::default() };
    let mut out = Vec::new();
    for h in hazard::list(conn, &q, today)? {
        let Some(deadline) = h.deadline.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) else { continue };
        let mine = h.assignee.as_deref() == Some(user.user_id.as_str());
        let (kind, days) = if today > deadline {
            (ReminderKind::Overdue, (today - deadline).num_days())
        } else if mine && (deadline - today).num_days() <= lead {
            (ReminderKind::DueSoon, (deadline - today).num_days())
        } else {
            continue;
        };
        out.push(DesktopNotice {
            key: format!("{}|{}|{deadline}", h.id, kind.as_str()),
            kind,
            hazard_id: h.id,
            number: h.number,
            area: h.area,
            description: h.description,
            deadline: deadline.to_string(),
            days,
            mine,
        });
    }
    Ok(out)
}

/// Queues the reminders and escalations due on the plant-local day of `now`; returns how many
/// notices were queued. Nothing is queued where no channel applies.
pub fn queue_due(store: &mut Store, now: DateTime<Utc>) -> Result<usize> {
    if crate::plant::get(store.conn())?.is_none() {
        return Ok(0);
    }
    let today = crate::plant::today(store.conn(), now)?;
    let lead = super::settings::remind_days(store.conn())?;
    let open = hazard::list(store.conn(), &HazardQuery { open_only: true, ..Default::default() }, today)?;
    let mut due = Vec::new();
    for h in open {
        let Some(deadline) = h.deadline.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) else { continue };
        let kind = if today > deadline {
            ReminderKind::Overdue
        } else if (deadline - today).num_days() <= lead {
            ReminderKind::DueSoon
        } else {
            continue;
        };
        due.push((h, deadline, kind));
    }
    if due.is_empty() {
        return Ok(0);
    }
    let actor = crate::plant::users::system_session(store, now)?;
    let tx = store.write_tx()?;
    let mut n = 0;
    for (h, deadline, kind) in due {
        let done = tx
            .query_row(
                "SELECT 1 FROM hazard_reminder WHERE hazard_id = ?1 AND kind = ?2 AND deadline = ?3",
                params![h.id, kind, deadline.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if done {
            continue;
        }
        let who = h.assignee_name.clone().unwrap_or_else(|| "—".into());
        let (subject, body, to) = match kind {
            ReminderKind::DueSoon => (
                format!("【隐患整改提醒】{} {} 将于 {deadline} 到期", h.number, h.area),
                format!(
                    "隐患 {}（{}）：{}\n责任人：{who}　整改期限：{deadline}\n请按期完成整改并提交验收。\n\nHazard {} due {deadline}; responsible: {who}.",
                    h.number, h.area, h.description, h.number
                ),
                Vec::new(),
            ),
            ReminderKind::Overdue => (
                format!("【隐患逾期升级】{} {} 已逾期（期限 {deadline}）", h.number, h.area),
                format!(
                    "隐患 {}（{}）：{}\n责任人：{who}　整改期限：{deadline}，已逾期 {} 天未整改。请督办。\n\nHazard {} is {} days past its deadline {deadline}; responsible: {who}. Escalated to the managers.",
                    h.number,
                    h.area,
                    h.description,
                    (today - deadline).num_days(),
                    h.number,
                    (today - deadline).num_days()
                ),
                notify::manager_emails(&tx)?,
            ),
        };
        let notice = Notice {
            subject,
            body_text: body,
            to_emails: to,
            webhook: true,
            source_area: Area::Safety,
            source_id: Some(h.id.clone()),
        };
        let q = notify::queue(&tx, &actor.user_id, &notice, now)?;
        if q.mail.is_none() && q.webhook.is_none() {
            continue; // no channel: the in-app alert is all there is
        }
        tx.execute(
            "INSERT INTO hazard_reminder (hazard_id, kind, deadline, queued_at, mail_outbox_id, webhook_outbox_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![h.id, kind, deadline.to_string(), time::to_db(now), q.mail, q.webhook],
        )?;
        n += usize::from(q.mail.is_some()) + usize::from(q.webhook.is_some());
    }
    tx.commit()?;
    Ok(n)
}
