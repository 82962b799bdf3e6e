//! The management report to the plant's managers (issue 10): once `report_recipients` is set,
//! every closed week's and every closed month's report ([`crate::report::management`], as a PDF
//! in `report_lang`) is queued on the outbox's `managers` stream, kind `report`, by the system
//! actor — each period **exactly once** (the outbox's `period` is unique among reports, and
//! [`queue_due`] checks it inside the write transaction), in the order the periods close,
//! starting with the schedule's start week (weeks) and the month of its Monday (months).
//!
//! - A week's report is due at the week's close ([`super::schedule::closes_at`]); a month's on
//!   the 1st of the next month at `sync_close_hour`, plant-local
//!   ([`super::schedule::month_closes_at`]). When a week and a month close at the same instant,
//!   the week goes first.
//! - Without recipients nothing is queued (and nothing is remembered: setting them later
//!   queues every closed period from the start week on, in order).
//! - The report is made on the plant-local day of `now` (its open alerts are that day's).

use super::outbox::{self, Attachment, NewItem, OutboxKind, Stream};
use super::schedule::{self, CloseRule};
use crate::error::Result;
use crate::plant;
use crate::report::{self, ManagementReport, Period};
use crate::{audit, Store};
use chrono::{DateTime, Datelike, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashSet;

/// A report put in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QueuedReport {
    /// `2026-W10` or `2026-03`.
    pub period: String,
    pub file_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    pub outbox_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub outbox_seq: i64,
}

/// Whether managers' reports are sent (`report_recipients` set).
pub fn enabled(conn: &Connection) -> Result<bool> {
    let v = plant::settings::get(conn, "report_recipients")?;
    Ok(!super::settings::parse_addresses("report_recipients", &v)?.is_empty())
}

fn queued(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT period FROM outbox WHERE kind = 'report' AND period IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every closed period from the start on, in the order they close (weeks first on a tie).
fn closed_periods(r: &CloseRule, now: DateTime<Utc>) -> Result<Vec<Period>> {
    let tz = r.tz()?;
    let mut due: Vec<(DateTime<Utc>, u8, Period)> = schedule::closed_weeks(r, now)?
        .into_iter()
        .map(|w| (schedule::week_close(tz, r.weekday, r.hour, w), 0, Period::Week(w)))
        .collect();
    let first = r.start_week.monday();
    let mut month = Period::month("sync_start_week", first.year(), first.month())?;
    while let Period::Month { year, month: m } = month {
        let at = schedule::month_close(tz, r.hour, year, m);
        if at > now {
            break;
        }
        due.push((at, 1, month));
        month = month.next();
    }
    due.sort_by_key(|(at, order, _)| (*at, *order));
    Ok(due.into_iter().map(|(_, _, p)| p).collect())
}

/// The closed periods whose report is not queued yet, in order; empty without recipients.
pub fn pending(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Period>> {
    if !enabled(conn)? {
        return Ok(Vec::new());
    }
    let done = queued(conn)?;
    Ok(closed_periods(&schedule::rule(conn)?, now)?.into_iter().filter(|p| !done.contains(&p.to_string())).collect())
}

/// Queues the report of every pending period, in order, each in its own transaction (checked
/// again inside it, so two runs at once still queue a period once).
pub fn queue_due(store: &mut Store, now: DateTime<Utc>) -> Result<Vec<QueuedReport>> {
    queue_due_at_most(store, now, usize::MAX)
}

/// [`queue_due`], queuing at most `limit` reports (the next call carries on in order).
pub fn queue_due_at_most(store: &mut Store, now: DateTime<Utc>, limit: usize) -> Result<Vec<QueuedReport>> {
    let mut out = Vec::new();
    for period in pending(store.conn(), now)?.into_iter().take(limit) {
        let tx = store.write_tx()?;
        if queued(&tx)?.contains(&period.to_string()) {
            continue;
        }
        let q = queue_in(&tx, period, now)?;
        tx.commit()?;
        out.push(q);
    }
    Ok(out)
}

fn queue_in(conn: &Connection, period: Period, now: DateTime<Utc>) -> Result<QueuedReport> {
    let plant = plant::require(conn)?;
    let lang = super::settings::report_lang_of(conn)?;
    let today = plant::today(conn, now)?;
    let r = report::management(conn, period, today)?;
    let pdf = crate::docs::report_pdf(&r, lang)?;
    let name = report::file_name(&plant.code, period, lang);
    let (subject, body_text) = message(&r);
    let period_text = period.to_string();
    let week: Option<String> = match period {
        Period::Week(w) => Some(w.to_string()),
        Period::Month { .. } => None,
    };
    let bytes = pdf.len() as i64;
    let attachment = Attachment { name: name.clone(), media_type: "application/pdf".into(), bytes: pdf };
    let outbox_id = outbox::enqueue(
        conn,
        audit::SYSTEM_ACTOR,
        NewItem {
            plant_code: &plant.code,
            stream: Stream::Managers,
            kind: OutboxKind::Report,
            packet_id: None,
            week: week.as_deref(),
            period: Some(&period_text),
            review_id: None,
            subject: &subject,
            body_text: &body_text,
            attachments: std::slice::from_ref(&attachment),
            to: &[],
            source_area: None,
            source_id: None,
        },
        now,
    )?;
    let outbox_seq: i64 = conn.query_row("SELECT seq FROM outbox WHERE id = ?1", [&outbox_id], |r| r.get(0))?;
    Ok(QueuedReport { period: period_text, file_name: name, bytes, outbox_id, outbox_seq })
}

/// The subject and text body (Chinese, then English) of a report's mail.
fn message(r: &ManagementReport) -> (String, String) {
    let (zh_kind, en_kind) = if r.weekly { ("管理周报", "weekly") } else { ("管理月报", "monthly") };
    let subject = format!("[EHS Ledger] {} {} {zh_kind} / {en_kind} management report", r.plant_code, r.period);
    let mut zh = vec![
        format!("工厂:{} {}", r.plant_code, r.plant_name),
        format!("期间:{}({} 至 {},{})", r.period, r.from, r.to, r.timezone),
        format!("记录数:{}", r.records),
        "主要数据:".into(),
    ];
    let mut en = vec![
        format!("Plant: {} {}", r.plant_code, r.plant_name),
        format!("Period: {} ({} to {}, {})", r.period, r.from, r.to, r.timezone),
        format!("Ledger records: {}", r.records),
        "Main figures:".into(),
    ];
    let (fz, fe) = super::packets::figure_lines(&r.figures);
    zh.extend(fz);
    en.extend(fe);
    let a = &r.alerts;
    zh.push(format!("{} 的待处理提醒:严重 {},警告 {},提示 {}", r.today, a.critical, a.warning, a.info));
    en.push(format!("Open alerts on {}: {} critical, {} warning, {} info", r.today, a.critical, a.warning, a.info));
    zh.push("附件为管理报告（PDF）。".into());
    en.push("The management report is attached (PDF).".into());
    (subject, format!("{}\n\n{}\n", zh.join("\n"), en.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::IsoWeek;
    use chrono::TimeZone;

    /// Guards the order: weeks and months by close time, a week before a month on a tie.
    #[test]
    fn periods_close_in_order_weeks_before_months_on_a_tie() {
        // 2026-06-01 is a Monday: W22 (25–31 May) and May both close then at 09:00.
        let r = CloseRule {
            weekday: 1,
            hour: 9,
            timezone: "Asia/Shanghai".into(),
            start_week: IsoWeek::parse("week", "2026-W21").unwrap(),
            start_week_is_default: false,
        };
        let now = Utc.with_ymd_and_hms(2026, 6, 8, 1, 0, 0).unwrap(); // Monday 8 June 09:00
        let got: Vec<String> = closed_periods(&r, now).unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["2026-W21", "2026-W22", "2026-05", "2026-W23"]);
        let just_before = now - chrono::Duration::seconds(1);
        let got: Vec<String> = closed_periods(&r, just_before).unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(got, ["2026-W21", "2026-W22", "2026-05"]);
    }
}
