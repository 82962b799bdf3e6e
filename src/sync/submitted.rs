//! Submitted weeks and restatements (issue 10 item 5). A week is *submitted* once one of its
//! packets was sent or exported (the `sync_submission` view). A submitted week whose figures,
//! recomputed from the ledgers now, differ from its latest revision's (`content_sha256`) is
//! *changed*: it needs a reason and a new [`super::build`] (revision n+1, which supersedes).
//!
//! [`week_state`] is one week as the Sync screen shows it: not built, its latest revision and
//! where that revision is in the outbox, the newest revision delivered, and whether the ledgers
//! changed since the latest revision (then a new build needs a reason).
//!
//! The sync area's alerts ([`alerts`], registered in `areas::ALERT_SOURCES`): a changed week
//! (`week_changed_after_submission`, over the newest [`CHANGED_WEEKS`] submitted weeks and only
//! recomputed when a ledger write came after that revision's audit head), a failed outbox item
//! (`outbox_failed`), and a closed week not built yet (`week_not_built`: of the last
//! [`UNBUILT_WEEKS`] closed weeks, those after the first week ever built; before any packet, the
//! last closed week once HQ's address is set), and a week the schedule held because its flags
//! need a person's notes (`week_needs_notes`, until it has a packet; it replaces that week's
//! `week_not_built`).

use super::outbox::{self, EventKind};
use super::IsoWeek;
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// How many of the newest submitted weeks the changed-week alert recomputes.
pub const CHANGED_WEEKS: usize = 26;
/// How many closed weeks back the not-built alert looks.
pub const UNBUILT_WEEKS: usize = 8;

/// A submitted week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SubmittedWeek {
    pub week: String,
    /// The newest revision delivered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    /// When that revision was first delivered (UTC).
    pub submitted_at: String,
    /// `sent` (mail) or `exported` (file).
    pub via: EventKind,
    /// The newest revision built (may be newer than the one delivered).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub latest_revision: i64,
}

/// A submitted week whose ledgers changed since its latest revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChangedWeek {
    pub week: String,
    /// The latest revision built, which the ledgers no longer match.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub submitted_at: String,
    pub content_sha256_then: String,
    pub content_sha256_now: String,
}

/// One week's submission state (see [`week_state`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeekState {
    pub week: String,
    /// The newest revision built and its outbox item (`None`: not built yet).
    pub latest: Option<outbox::ItemStatus>,
    /// The newest revision delivered (mail or file), if any.
    pub submitted: Option<SubmittedWeek>,
    /// The ledgers no longer give the latest revision's figures: the next build is revision
    /// n+1 and needs a reason. False when nothing is built.
    pub changed: bool,
    /// HQ's returns of this week (newest revision first).
    pub returns: Vec<super::returns::ReceivedReturn>,
}

/// `week` as the Sync screen shows it: its latest revision's outbox status, the newest revision
/// delivered, and whether the week changed since its latest revision (recomputed from the
/// ledgers, as [`super::build`] will).
pub fn week_state(conn: &Connection, week: IsoWeek) -> Result<WeekState> {
    let text = week.to_string();
    let latest: Option<(String, String)> = conn
        .query_row(
            "SELECT o.id, p.content_sha256 FROM sync_packet p JOIN outbox o ON o.packet_id = p.id
             WHERE p.week = ?1 ORDER BY p.revision DESC LIMIT 1",
            [&text],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let submitted = conn
        .query_row(
            "SELECT s.week, s.revision, s.submitted_at, s.via, (SELECT max(p.revision) FROM sync_packet p WHERE p.week = s.week)
             FROM sync_submission s WHERE s.week = ?1 ORDER BY s.revision DESC LIMIT 1",
            [&text],
            |r| {
                Ok(SubmittedWeek {
                    week: r.get(0)?,
                    revision: r.get(1)?,
                    submitted_at: r.get(2)?,
                    via: r.get(3)?,
                    latest_revision: r.get(4)?,
                })
            },
        )
        .optional()?;
    let (latest, changed) = match latest {
        None => (None, false),
        Some((item, sha)) => {
            let now = super::packets::current_content_sha256(conn, week)?;
            (Some(outbox::item_status(conn, &item)?), now != sha)
        }
    };
    let returns = super::returns::for_week(conn, &text)?;
    Ok(WeekState { week: text, latest, submitted, changed, returns })
}

/// Every submitted week, newest week first.
pub fn weeks(conn: &Connection) -> Result<Vec<SubmittedWeek>> {
    let mut stmt = conn.prepare(
        "SELECT s.week, s.revision, s.submitted_at, s.via,
                (SELECT max(p.revision) FROM sync_packet p WHERE p.week = s.week)
         FROM sync_submission s
         WHERE s.revision = (SELECT max(s2.revision) FROM sync_submission s2 WHERE s2.week = s.week)
         ORDER BY s.week DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SubmittedWeek {
            week: r.get(0)?,
            revision: r.get(1)?,
            submitted_at: r.get(2)?,
            via: r.get(3)?,
            latest_revision: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `week` is submitted.
pub fn is_submitted(conn: &Connection, week: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_submission WHERE week = ?1)", [week], |r| r.get(0))?)
}

/// The newest audit seq written by anything but the sync area itself (its packets, outbox and
/// key do not change a week's figures). Scans back from the end of the trail.
fn last_ledger_seq(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT seq FROM audit_log
             WHERE table_name NOT IN ('sync_packet', 'outbox', 'outbox_attachment', 'outbox_event', 'plant_key', 'app_user',
                                      'sync_schedule_hold')
             ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// The submitted weeks (the newest `limit`) whose ledgers no longer give their latest
/// revision's figures. A week is recomputed only when a ledger write came after the audit head
/// that revision signed.
pub fn changed(conn: &Connection, limit: usize) -> Result<Vec<ChangedWeek>> {
    let last = last_ledger_seq(conn)?.unwrap_or(0);
    let mut out = Vec::new();
    for w in weeks(conn)?.into_iter().take(limit) {
        let (sha, head): (String, Option<i64>) = conn.query_row(
            "SELECT content_sha256, audit_head_seq FROM sync_packet WHERE week = ?1 ORDER BY revision DESC LIMIT 1",
            [&w.week],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if head.unwrap_or(0) >= last {
            continue;
        }
        let now = super::packets::current_content_sha256(conn, IsoWeek::parse("week", &w.week)?)?;
        if now != sha {
            out.push(ChangedWeek {
                week: w.week,
                revision: w.latest_revision,
                submitted_at: w.submitted_at,
                content_sha256_then: sha,
                content_sha256_now: now,
            });
        }
    }
    Ok(out)
}

/// The submitted week a plant-local day falls in: `(week, newest revision delivered,
/// submitted_at)`, so a form can warn before saving a change dated inside it.
pub fn of_day(conn: &Connection, day: NaiveDate) -> Result<Option<(String, i64, String)>> {
    let week = IsoWeek::of(day).to_string();
    Ok(conn
        .query_row(
            "SELECT week, revision, submitted_at FROM sync_submission WHERE week = ?1 ORDER BY revision DESC LIMIT 1",
            [&week],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The sync area's alerts on the plant-local day `today`.
pub fn alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for c in changed(conn, CHANGED_WEEKS)? {
        out.push(
            Alert::new(
                Area::Sync,
                AlertKind::WeekChangedAfterSubmission,
                Severity::Warning,
                c.week.clone(),
                format!(
                    "{}: the ledgers changed after revision {} was submitted; give a reason and build revision {}",
                    c.week,
                    c.revision,
                    c.revision + 1
                ),
            )
            .param("week", &c.week)
            .param("revision", c.revision),
        );
    }
    for f in outbox::failed(conn)? {
        let error = f.last_event.as_ref().map(|e| e.detail.clone()).unwrap_or_default();
        out.push(
            Alert::new(
                Area::Sync,
                AlertKind::OutboxFailed,
                Severity::Critical,
                f.subject.clone(),
                format!("delivery stopped: {} ({error}); fix the cause and retry", f.subject),
            )
            .record(&f.id)
            .param("week", f.week.as_deref().unwrap_or(""))
            .param("error", crate::text::shown(&error)),
        );
    }
    for r in super::returns::open(conn)? {
        out.push(
            Alert::new(
                Area::Sync,
                AlertKind::WeekReturnedByHq,
                Severity::Warning,
                r.week.clone(),
                format!(
                    "HQ returned {} revision {}: {} — correct the ledgers and build revision {}",
                    r.week,
                    r.revision,
                    crate::text::shown(&r.comment),
                    r.revision + 1
                ),
            )
            .record(&r.id)
            .param("week", &r.week)
            .param("revision", r.revision)
            .param("comment", crate::text::shown(&r.comment)),
        );
    }
    let held = super::schedule::held(conn)?;
    for h in &held {
        let kinds: Vec<&str> = h.flags.iter().map(|f| f.kind.as_str()).collect();
        let week = IsoWeek::parse("week", &h.week)?;
        out.push(
            Alert::new(
                Area::Sync,
                AlertKind::WeekNeedsNotes,
                Severity::Warning,
                h.week.clone(),
                format!(
                    "{} was not sent: its figures raise {} — write a note per flag and build it; later weeks wait for it",
                    h.week,
                    kinds.join(", ")
                ),
            )
            .due(week.sunday() + chrono::Duration::days(1))
            .param("week", &h.week)
            .param("flags", kinds.join(", ")),
        );
    }
    let held_weeks: Vec<&str> = held.iter().map(|h| h.week.as_str()).collect();
    out.extend(unbuilt(conn, today)?.into_iter().filter(|a| !held_weeks.contains(&a.subject.as_str())));
    Ok(out)
}

fn unbuilt(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let first: Option<String> = conn.query_row("SELECT min(week) FROM sync_packet", [], |r| r.get(0))?;
    let last_closed = IsoWeek::of(today).previous();
    let first = match first {
        Some(f) => IsoWeek::parse("week", &f)?,
        // No packet yet: only once HQ's address is set, and only the last closed week.
        None if !crate::plant::settings::get(conn, "sync_hq_address")?.is_empty() => last_closed,
        None => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    let mut w = IsoWeek::of(today).previous();
    for _ in 0..UNBUILT_WEEKS {
        if w < first {
            break;
        }
        let text = w.to_string();
        let built: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_packet WHERE week = ?1)", [&text], |r| r.get(0))?;
        if !built {
            out.push(
                Alert::new(
                    Area::Sync,
                    AlertKind::WeekNotBuilt,
                    Severity::Warning,
                    text.clone(),
                    format!("{text} is closed but its packet to HQ is not built"),
                )
                .due(w.sunday() + chrono::Duration::days(1))
                .param("week", &text),
            );
        }
        w = w.previous();
    }
    Ok(out)
}
