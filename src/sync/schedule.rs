//! The weekly schedule (issue 10): when a week *closes* and what the app then does on its own.
//!
//! - **Close rule** ([`CloseRule`], settings `sync_close_weekday` 1 = Monday … 7 = Sunday,
//!   default 1, and `sync_close_hour` 0–23, default 9): week W closes at that plant-local weekday
//!   and hour of the week *after* W ([`closes_at`]), in the plant's IANA zone. A local hour that
//!   does not exist (DST gap) resolves forward to the first instant after the gap; an ambiguous
//!   one (DST end) to the earlier instant. A month closes on the 1st of the next month at the
//!   close hour ([`month_closes_at`]; the weekday does not apply).
//! - **Start week** (`sync_start_week`, `YYYY-Www`): the first week the plant submits; empty
//!   means the ISO week of the plant's set-up, plant-local.
//! - [`due_weeks`]: from the start week on, every week whose close has passed and which has no
//!   packet yet, in week order. [`run`] builds them in that order as the system actor
//!   ([`crate::plant::users::system_session`], audit actor `system`), each in its own
//!   transaction exactly like [`super::build`] (the packet and its report PDF, signed, stored,
//!   queued). A week whose preview raises plausibility flags is **not** built — a note per flag
//!   is a person's to write — but *held* (`sync_schedule_hold`, once per week, which raises the
//!   `week_needs_notes` alert until the week has a packet), and the run stops there: HQ receives
//!   weeks in order, so nothing later is queued ahead of it. Running again builds nothing new;
//!   once a person has built the held week, the next run carries on.
//! - [`prepare`] is what the app's delivery task runs before each outbox drain
//!   (`ehs_ledger_net::outbox::Prepare`): this schedule, then the managers' reports
//!   ([`super::reports::queue_due`]).
//!
//! Rules take `now`; nothing here reads the clock.

use super::packets::{self, BuildRequest, Built};
use super::{key, Flag, FlagKind, IsoWeek};
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::plant::{self, settings::get};
use crate::{new_id, time, Store};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// When weeks close, as the settings and the plant give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CloseRule {
    /// 1 = Monday … 7 = Sunday of the week after the one that closes.
    pub weekday: u32,
    /// Plant-local hour, 0–23.
    pub hour: u32,
    /// The plant's IANA zone.
    pub timezone: String,
    /// The first week the plant submits (`YYYY-Www`).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start_week: IsoWeek,
    /// Whether `start_week` is the default (the week of the plant's set-up).
    pub start_week_is_default: bool,
}

impl CloseRule {
    pub fn tz(&self) -> Result<Tz> {
        time::parse_tz("timezone", &self.timezone)
    }
}

/// The close rule of the plant.
pub fn rule(conn: &Connection) -> Result<CloseRule> {
    let plant = plant::require(conn)?;
    let tz = plant.tz()?;
    let number = |key: &str| -> Result<u32> {
        get(conn, key)?.parse().map_err(|_| Error::Internal(format!("setting {key} is not a number")))
    };
    let set = get(conn, "sync_start_week")?;
    let (start_week, start_week_is_default) = if set.is_empty() {
        let created: String = conn.query_row("SELECT created_at FROM plant", [], |r| r.get(0))?;
        (IsoWeek::of(time::local_date(time::from_db(&created)?, tz)), true)
    } else {
        (IsoWeek::parse("sync_start_week", &set)?, false)
    };
    Ok(CloseRule {
        weekday: number("sync_close_weekday")?,
        hour: number("sync_close_hour")?,
        timezone: plant.timezone,
        start_week,
        start_week_is_default,
    })
}

/// The instant of plant-local `day` at `hour`:00 in `tz`. A time in a DST gap resolves forward
/// to the first instant after the gap; an ambiguous time to the earlier instant.
pub fn local_instant(tz: Tz, day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let wall = day.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // The wall clock jumps over `wall`: the first minute that exists after it is the
            // instant of the jump (gaps are whole minutes and at most a day).
            (1..=24 * 60)
                .find_map(|m| tz.from_local_datetime(&(wall + Duration::minutes(m))).earliest())
                .map_or_else(|| wall.and_utc(), |t| t.with_timezone(&Utc))
        }
    }
}

/// When `week` closes under `weekday`/`hour` in `tz`: that weekday of the next week. Pure.
pub fn week_close(tz: Tz, weekday: u32, hour: u32, week: IsoWeek) -> DateTime<Utc> {
    let day = week.next().monday() + Duration::days(i64::from(weekday.clamp(1, 7)) - 1);
    local_instant(tz, day, hour)
}

/// When the calendar month `year-month` closes: the 1st of the next month at `hour`, in `tz`.
pub fn month_close(tz: Tz, hour: u32, year: i32, month: u32) -> DateTime<Utc> {
    let (y, m) = if month >= 12 { (year + 1, 1) } else { (year, month + 1) };
    local_instant(tz, NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default(), hour)
}

/// When `week` closes for the plant (see the module docs).
pub fn closes_at(conn: &Connection, week: IsoWeek) -> Result<DateTime<Utc>> {
    let r = rule(conn)?;
    Ok(week_close(r.tz()?, r.weekday, r.hour, week))
}

/// When the month `year-month` closes for the plant.
pub fn month_closes_at(conn: &Connection, year: i32, month: u32) -> Result<DateTime<Utc>> {
    let r = rule(conn)?;
    Ok(month_close(r.tz()?, r.hour, year, month))
}

/// The weeks from the start week on whose close is at or before `now`, oldest first.
pub(crate) fn closed_weeks(r: &CloseRule, now: DateTime<Utc>) -> Result<Vec<IsoWeek>> {
    let tz = r.tz()?;
    let mut out = Vec::new();
    let mut w = r.start_week;
    while week_close(tz, r.weekday, r.hour, w) <= now {
        out.push(w);
        w = w.next();
    }
    Ok(out)
}

/// The closed weeks (from the start week on) that have no packet yet, in week order.
pub fn due_weeks(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<IsoWeek>> {
    let r = rule(conn)?;
    let mut stmt = conn.prepare("SELECT DISTINCT week FROM sync_packet WHERE week >= ?1")?;
    let built: HashSet<String> =
        stmt.query_map([r.start_week.to_string()], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(closed_weeks(&r, now)?.into_iter().filter(|w| !built.contains(&w.to_string())).collect())
}

/// A flag of a held week, as the preview raised it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HeldFlag {
    pub kind: FlagKind,
    pub message: String,
}

/// A closed week the schedule did not build: its flags need a person's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HeldWeek {
    pub week: String,
    /// When the schedule first held it (UTC).
    pub held_at: String,
    pub flags: Vec<HeldFlag>,
}

/// What one [`run`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScheduleRun {
    /// The packets built, in week order.
    pub built: Vec<Built>,
    /// The week the run stopped at (flags that need notes), if it stopped.
    pub needs_notes: Option<HeldWeek>,
}

/// Packets (and, apart, managers' reports) one turn of the app's background task makes at most
/// ([`prepare`]): a plant back after months offline, upgraded long after its set-up, or whose
/// report recipients were set late catches up over a few turns, each ≈ 2 s of work, instead of
/// holding the blocking pool and the write lock for a minute.
pub const PER_TURN: usize = 8;

/// Builds every due week in week order as the system actor; stops at a week whose flags need
/// notes (held, alerted). See the module docs.
pub fn run(store: &mut Store, now: DateTime<Utc>) -> Result<ScheduleRun> {
    run_at_most(store, now, usize::MAX)
}

/// [`run`], building at most `limit` weeks (the next call carries on from the first one left).
pub fn run_at_most(store: &mut Store, now: DateTime<Utc>, limit: usize) -> Result<ScheduleRun> {
    let mut due = due_weeks(store.conn(), now)?;
    due.truncate(limit);
    let mut out = ScheduleRun::default();
    if due.is_empty() {
        return Ok(out);
    }
    let session = plant::users::system_session(store, now)?;
    let key = key::ensure(store, now)?;
    for week in due {
        let week_text = week.to_string();
        let tx = store.write_tx()?;
        if packets::latest(&tx, &week_text)?.is_some() {
            continue; // built by a person (or another run) meanwhile; nothing written
        }
        let preview = packets::preview_of(&tx, week, now)?;
        if !preview.flags.is_empty() {
            let held = hold(&tx, week, &preview.flags, now)?;
            tx.commit()?;
            out.needs_notes = Some(held);
            break;
        }
        let req = BuildRequest { week: week_text, reason: None, notes: Vec::new() };
        let built = packets::build_in(&tx, &session, &key, &preview, &req, now)?;
        tx.commit()?;
        out.built.push(built);
    }
    Ok(out)
}

/// Records that `week` waits for notes (once per week; audited as `system`).
fn hold(conn: &Connection, week: IsoWeek, flags: &[Flag], now: DateTime<Utc>) -> Result<HeldWeek> {
    let week_text = week.to_string();
    let held_flags: Vec<HeldFlag> =
        flags.iter().map(|f| HeldFlag { kind: f.kind, message: f.message.clone() }).collect();
    let before: Option<String> = conn
        .query_row("SELECT held_at FROM sync_schedule_hold WHERE week = ?1", [&week_text], |r| r.get(0))
        .optional()?;
    let held_at = match before {
        Some(at) => at,
        None => {
            let id = new_id();
            let at = time::to_db(now);
            conn.execute(
                "INSERT INTO sync_schedule_hold (id, week, flags, held_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, week_text, serde_json::to_string(&held_flags)?, at],
            )?;
            let reason = "its plausibility flags need a person's notes before it is sent";
            audit::record(
                conn,
                now,
                audit::SYSTEM_ACTOR,
                Action::Insert,
                "sync_schedule_hold",
                &id,
                None,
                Some(reason),
            )?;
            at
        }
    };
    Ok(HeldWeek { week: week_text, held_at, flags: held_flags })
}

/// The held weeks that still have no packet, oldest first (the `week_needs_notes` alerts).
pub fn held(conn: &Connection) -> Result<Vec<HeldWeek>> {
    let mut stmt = conn.prepare(
        "SELECT h.week, h.held_at, h.flags FROM sync_schedule_hold h
         WHERE NOT EXISTS (SELECT 1 FROM sync_packet p WHERE p.week = h.week) ORDER BY h.week",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (week, held_at, flags) = row?;
        let values: Vec<serde_json::Value> = serde_json::from_str(&flags)?;
        let flags = values
            .iter()
            .map(|v| {
                Ok(HeldFlag {
                    kind: FlagKind::parse("flags", v["kind"].as_str().unwrap_or_default())?,
                    message: v["message"].as_str().unwrap_or_default().to_string(),
                })
            })
            .collect::<Result<_>>()?;
        out.push(HeldWeek { week, held_at, flags });
    }
    Ok(out)
}

/// The schedule as `sync schedule` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScheduleStatus {
    pub rule: CloseRule,
    /// The next week to close after `now`, and when (UTC and plant-local `YYYY-MM-DD HH:MM`).
    pub next_close_week: String,
    pub next_close_at: String,
    pub next_close_local: String,
    /// Closed weeks without a packet, in week order (what [`run`] would build, up to a held week).
    pub due_weeks: Vec<String>,
    /// The week the schedule waits at until a person builds it with notes.
    pub needs_notes: Option<HeldWeek>,
    /// Whether `report_recipients` is set (no reports are queued without it).
    pub reports_enabled: bool,
    /// Closed periods whose management report is not queued yet, in order.
    pub pending_reports: Vec<String>,
}

/// The schedule at `now`.
pub fn status(conn: &Connection, now: DateTime<Utc>) -> Result<ScheduleStatus> {
    let r = rule(conn)?;
    let tz = r.tz()?;
    let mut next = IsoWeek::of(time::local_date(now, tz)).previous();
    while week_close(tz, r.weekday, r.hour, next) <= now {
        next = next.next();
    }
    let at = week_close(tz, r.weekday, r.hour, next);
    let due: Vec<String> = due_weeks(conn, now)?.iter().map(ToString::to_string).collect();
    let needs_notes = held(conn)?.into_iter().find(|h| due.contains(&h.week));
    Ok(ScheduleStatus {
        next_close_week: next.to_string(),
        next_close_at: time::to_db(at),
        next_close_local: time::utc_to_local_string(at, tz),
        due_weeks: due,
        needs_notes,
        reports_enabled: super::reports::enabled(conn)?,
        pending_reports: super::reports::pending(conn, now)?.iter().map(ToString::to_string).collect(),
        rule: r,
    })
}

/// What the app's delivery task runs before each drain (`ehs_ledger_net::outbox::Prepare`):
/// connects to the (already migrated) database — a missing file is an error, never a new
/// database —, builds the due weeks ([`run`]) and queues the managers' reports
/// ([`super::reports::queue_due`]). A database not set up yet is left alone. Both parts run
/// even if the other fails; the first error is returned.
pub fn prepare(db: &Path, now: DateTime<Utc>) -> Result<()> {
    let mut store = Store::connect(db)?;
    if plant::get(store.conn())?.is_none() {
        return Ok(());
    }
    let weeks = run_at_most(&mut store, now, PER_TURN);
    let reports = super::reports::queue_due_at_most(&mut store, now, PER_TURN);
    // Every area's tick (the hazards' reminders); one failing does not stop the others.
    let ticks: Vec<Result<usize>> = crate::areas::ON_TICK.iter().map(|(_, tick)| tick(&mut store, now)).collect();
    weeks?;
    reports?;
    for t in ticks {
        t?;
    }
    Ok(())
}

/// The plant-local weekday name of a close rule's `weekday` (1 = Monday).
pub fn weekday_name(weekday: u32) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(weekday.clamp(1, 7) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use chrono_tz::America::Chicago;
    use chrono_tz::Asia::Shanghai;

    fn w(s: &str) -> IsoWeek {
        IsoWeek::parse("week", s).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    /// Guards the close rule's pure part: the weekday of the next week, the zone's offset.
    #[test]
    fn a_week_closes_on_the_weekday_of_the_next_week() {
        // 2026-W10 = 2–8 March; Monday 9 March 09:00 Shanghai = 01:00 UTC.
        assert_eq!(week_close(Shanghai, 1, 9, w("2026-W10")), utc(2026, 3, 9, 1, 0));
        // Sunday 15 March 23:00 Shanghai.
        assert_eq!(week_close(Shanghai, 7, 23, w("2026-W10")), utc(2026, 3, 15, 15, 0));
        // 2026-W53 (28 Dec – 3 Jan) closes in 2027-W01.
        assert_eq!(week_close(Shanghai, 1, 9, w("2026-W53")), utc(2027, 1, 4, 1, 0));
        assert_eq!(month_close(Shanghai, 9, 2026, 12), utc(2027, 1, 1, 1, 0));
        assert_eq!(month_close(Shanghai, 0, 2026, 2), utc(2026, 2, 28, 16, 0));
    }

    /// Guards DST: a nonexistent hour resolves forward, an ambiguous one to the earlier instant.
    #[test]
    fn dst_gap_resolves_forward_and_overlap_to_the_earlier_instant() {
        // Chicago springs forward on Sunday 8 March 2026: 02:00 CST → 03:00 CDT (08:00 UTC).
        assert_eq!(local_instant(Chicago, NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(), 2), utc(2026, 3, 8, 8, 0));
        // It falls back on Sunday 1 November 2026: 01:00 happens twice; the first is CDT (06:00 UTC).
        assert_eq!(local_instant(Chicago, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), 1), utc(2026, 11, 1, 6, 0));
        assert_eq!(weekday_name(7), "Sunday");
    }

    #[test]
    fn month_after_december_is_january() {
        assert_eq!(month_close(Chicago, 9, 2026, 12).with_timezone(&Chicago).month(), 1);
    }
}
