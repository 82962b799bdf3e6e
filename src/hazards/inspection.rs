//! Inspections (隐患排查): checklists by kind (daily, weekly, special, pre-holiday, seasonal) that
//! users edit — an edit is a new version superseding the old, so a round keeps the list it was
//! done against —, recurring schedules of rounds per area with their due days, and the rounds
//! done with each item's result. A failed item is registered as a hazard found on the round.
//! Due and overdue rounds are derived from the schedules and the plant-local `today`.

use super::hazard::{self, HazardLevel, HazardSource, NewHazard};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// The kind of checklist.
    pub enum TemplateKind {
        Daily = "daily",
        Weekly = "weekly",
        Special = "special",
        Holiday = "holiday",
        Seasonal = "seasonal",
    }
}

crate::text_enum! {
    /// How often a schedule's rounds fall due.
    pub enum Every {
        Day = "day",
        Week = "week",
        Month = "month",
        Quarter = "quarter",
        Once = "once",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Template {
    pub id: String,
    pub name: String,
    pub kind: TemplateKind,
    pub items: Vec<String>,
    pub version: i64,
}

const WRITERS: &[Role] = &[Role::Admin, Role::EhsOfficer, Role::Inspector, Role::PlantManager];

fn clean_items(items: &[String]) -> Result<Vec<String>> {
    let items: Vec<String> = items.iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
    if items.is_empty() || items.len() > 200 {
        return Err(Error::invalid("items", "a checklist has 1 to 200 items"));
    }
    for (n, i) in items.iter().enumerate() {
        crate::text::no_hidden_chars("items", &format!("item {}", n + 1), i)?;
        if i.chars().count() > 300 {
            return Err(Error::invalid("items", format!("item {}: at most 300 characters", n + 1)));
        }
    }
    Ok(items)
}

/// A new checklist, or (with `supersedes`) the next version of one.
pub fn save_template(
    store: &mut Store,
    actor: &Session,
    name: &str,
    kind: TemplateKind,
    items: &[String],
    supersedes: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Template> {
    actor.require(&[Role::Admin, Role::EhsOfficer, Role::PlantManager])?;
    let name = crate::text::identifier("name", "name", name, 100)?;
    let items = clean_items(items)?;
    let tx = store.write_tx()?;
    let version = match supersedes {
        Some(old) => {
            let v: i64 = tx
                .query_row("SELECT version FROM inspection_template WHERE id = ?1 AND voided_at IS NULL", [old], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| Error::invalid("supersedes", "no live checklist to revise"))?;
            audit::void_row(&tx, now, &actor.user_id, "inspection_template", old, "superseded by a new version")?;
            v + 1
        }
        None => 1,
    };
    let id = new_id();
    tx.execute(
        "INSERT INTO inspection_template (id, name, kind, items, version, supersedes, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, name, kind, serde_json::to_string(&items)?, version, supersedes, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "inspection_template", &id, None, None)?;
    // Schedules follow the new version of their checklist.
    if let Some(old) = supersedes {
        tx.execute(
            "UPDATE inspection_schedule SET template_id = ?1 WHERE template_id = ?2 AND voided_at IS NULL",
            params![id, old],
        )?;
        let ids: Vec<String> = {
            let mut stmt =
                tx.prepare("SELECT id FROM inspection_schedule WHERE template_id = ?1 AND voided_at IS NULL")?;
            let r = stmt.query_map([&id], |r| r.get(0))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        for s in ids {
            audit::record(
                &tx,
                now,
                &actor.user_id,
                Action::Update,
                "inspection_schedule",
                &s,
                None,
                Some("checklist revised"),
            )?;
        }
    }
    let t = template(&tx, &id)?;
    tx.commit()?;
    Ok(t)
}

pub fn template(conn: &Connection, id: &str) -> Result<Template> {
    conn.query_row("SELECT id, name, kind, items, version FROM inspection_template WHERE id = ?1", [id], |r| {
        let items: String = r.get(3)?;
        Ok(Template {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            items: serde_json::from_str(&items).unwrap_or_default(),
            version: r.get(4)?,
        })
    })
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "checklist", id: id.to_string() })
}

/// The live checklists.
pub fn templates(conn: &Connection) -> Result<Vec<Template>> {
    let ids: Vec<String> = {
        let mut stmt =
            conn.prepare("SELECT id FROM inspection_template WHERE voided_at IS NULL ORDER BY kind, name")?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| template(conn, id)).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Schedule {
    pub id: String,
    pub template_id: String,
    pub template_name: String,
    pub area: String,
    pub every: Every,
    pub start_on: String,
    pub until_on: Option<String>,
    pub inspector: Option<String>,
}

/// Schedules rounds of a checklist in an area, from a day on.
#[allow(clippy::too_many_arguments)] // one schedule row
pub fn add_schedule(
    store: &mut Store,
    actor: &Session,
    template_id: &str,
    area: &str,
    every: Every,
    start_on: &str,
    until_on: Option<&str>,
    inspector: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Schedule> {
    actor.require(&[Role::Admin, Role::EhsOfficer, Role::PlantManager])?;
    let area = crate::text::identifier("area", "area", area, 100)?;
    let start = time::parse_date("start_on", start_on.trim())?;
    let until = until_on.map(|u| time::parse_date("until_on", u.trim())).transpose()?;
    if until.is_some_and(|u| u < start) {
        return Err(Error::invalid("until_on", "the schedule ends before it starts"));
    }
    let tx = store.write_tx()?;
    template(&tx, template_id).map_err(|_| Error::invalid("template", "no such checklist"))?;
    let inspector = match inspector {
        Some(k) => Some(
            tx.query_row("SELECT id FROM app_user WHERE (id = ?1 OR username = ?1) AND voided_at IS NULL", [k], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .ok_or_else(|| Error::invalid("inspector", format!("no user '{}'", crate::text::shown(k))))?,
        ),
        None => None,
    };
    let id = new_id();
    tx.execute(
        "INSERT INTO inspection_schedule (id, template_id, area, every, start_on, until_on, inspector, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, template_id, area, every, start.to_string(), until.map(|u| u.to_string()), inspector, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "inspection_schedule", &id, None, None)?;
    let s = schedules(&tx)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::Internal("schedule not read back".into()))?;
    tx.commit()?;
    Ok(s)
}

pub fn schedules(conn: &Connection) -> Result<Vec<Schedule>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.template_id, t.name, s.area, s.every, s.start_on, s.until_on, s.inspector
         FROM inspection_schedule s JOIN inspection_template t ON t.id = s.template_id
         WHERE s.voided_at IS NULL ORDER BY s.area, t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Schedule {
            id: r.get(0)?,
            template_id: r.get(1)?,
            template_name: r.get(2)?,
            area: r.get(3)?,
            every: r.get(4)?,
            start_on: r.get(5)?,
            until_on: r.get(6)?,
            inspector: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The due days of a schedule from `start` up to and including `to` (pure).
pub fn due_days(every: Every, start: NaiveDate, until: Option<NaiveDate>, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let end = until.map_or(to, |u| u.min(to));
    let mut d = start;
    let mut n = 0u32;
    while d <= end && out.len() < 5000 {
        out.push(d);
        n += 1;
        d = match every {
            Every::Once => break,
            Every::Day => start + chrono::Duration::days(i64::from(n)),
            Every::Week => start + chrono::Duration::weeks(i64::from(n)),
            Every::Month => start.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX),
            Every::Quarter => start.checked_add_months(Months::new(3 * n)).unwrap_or(NaiveDate::MAX),
        };
    }
    out
}

/// A round due (or overdue) and not yet done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DueRound {
    pub schedule_id: String,
    pub template_name: String,
    pub area: String,
    pub due_on: String,
    pub overdue: bool,
}

/// The rounds due by `today` (and within `ahead` days after it) not yet done, oldest first.
/// A daily round counts as missed only for the days before today.
pub fn due_rounds(conn: &Connection, today: NaiveDate, ahead: i64) -> Result<Vec<DueRound>> {
    let mut out = Vec::new();
    for s in schedules(conn)? {
        let start: NaiveDate = time::parse_date("start_on", &s.start_on)?;
        let until = s.until_on.as_deref().map(|u| time::parse_date("until_on", u)).transpose()?;
        // Look back a bounded window: a year of days at most.
        let horizon = today + chrono::Duration::days(ahead);
        let from = start.max(today - chrono::Duration::days(366));
        let done: std::collections::HashSet<String> = {
            let mut stmt = conn.prepare_cached(
                "SELECT due_on FROM inspection_round WHERE schedule_id = ?1 AND voided_at IS NULL AND due_on IS NOT NULL",
            )?;
            let r = stmt.query_map([&s.id], |r| r.get(0))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        for d in due_days(s.every, start, until, horizon) {
            if d < from || done.contains(&d.to_string()) {
                continue;
            }
            out.push(DueRound {
                schedule_id: s.id.clone(),
                template_name: s.template_name.clone(),
                area: s.area.clone(),
                due_on: d.to_string(),
                overdue: d < today,
            });
        }
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.area.cmp(&b.area)));
    Ok(out)
}

/// One item's result on a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemResult {
    pub item: String,
    pub ok: bool,
    pub note: String,
    /// For a failed item: registered as a hazard of this level.
    pub level: Option<HazardLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundDone {
    pub round_id: String,
    /// The hazards registered from failed items.
    pub hazards: Vec<String>,
}

/// Records a round of `schedule` (its due day) or of a checklist (`template`, unscheduled —
/// special or pre-holiday checks), with every item's result; each failed item becomes a hazard
/// found on the round. All in one transaction.
#[allow(clippy::too_many_arguments)] // the round and its results
pub fn record_round(
    store: &mut Store,
    actor: &Session,
    schedule: Option<&str>,
    due_on: Option<&str>,
    template_id: Option<&str>,
    area: Option<&str>,
    results: Vec<ItemResult>,
    now: DateTime<Utc>,
) -> Result<RoundDone> {
    actor.require(WRITERS)?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let conn = store.conn();
    let (template_id, area, due) = match schedule {
        Some(sid) => {
            let s = schedules(conn)?
                .into_iter()
                .find(|s| s.id == sid)
                .ok_or_else(|| Error::invalid("schedule", "no such schedule"))?;
            let due = time::parse_date(
                "due_on",
                due_on.ok_or_else(|| Error::invalid("due_on", "which due day the round answers"))?,
            )?;
            let start = time::parse_date("start_on", &s.start_on)?;
            let until = s.until_on.as_deref().map(|u| time::parse_date("until_on", u)).transpose()?;
            if !due_days(s.every, start, until, due).contains(&due) {
                return Err(Error::invalid("due_on", format!("{due} is not a due day of the schedule")));
            }
            (s.template_id, s.area, Some(due))
        }
        None => {
            let t =
                template_id.ok_or_else(|| Error::invalid("template", "a round needs its schedule or its checklist"))?;
            let a = area.ok_or_else(|| Error::invalid("area", "the area inspected"))?;
            (t.to_string(), crate::text::identifier("area", "area", a, 100)?, None)
        }
    };
    let tpl = template(conn, &template_id)?;
    if results.len() != tpl.items.len() || results.iter().zip(&tpl.items).any(|(r, i)| &r.item != i) {
        return Err(Error::invalid("results", "one result per checklist item, in the checklist's order"));
    }
    for (n, r) in results.iter().enumerate() {
        if !r.ok && r.note.trim().is_empty() {
            return Err(Error::invalid("results", format!("item {}: say what was found", n + 1)));
        }
        crate::text::no_hidden_chars("results", "note", &r.note)?;
    }
    let at = now;
    let tx = store.write_tx()?;
    if let (Some(sid), Some(d)) = (schedule, due) {
        if tx
            .query_row(
                "SELECT 1 FROM inspection_round WHERE schedule_id = ?1 AND due_on = ?2 AND voided_at IS NULL",
                params![sid, d.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some()
        {
            return Err(Error::Conflict(format!("the round due {d} is already recorded")));
        }
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO inspection_round (id, template_id, schedule_id, due_on, area, done_at, local_date, results, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            template_id,
            schedule,
            due.map(|d| d.to_string()),
            area,
            time::to_db(at),
            time::local_date(at, tz).to_string(),
            serde_json::to_string(&results)?,
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "inspection_round", &id, None, None)?;
    // Each failed item: a hazard found on the round, in the same transaction.
    let mut hazards = Vec::new();
    let source = match tpl.kind {
        TemplateKind::Daily => HazardSource::Daily,
        TemplateKind::Weekly => HazardSource::Weekly,
        TemplateKind::Special => HazardSource::Special,
        TemplateKind::Holiday => HazardSource::Holiday,
        TemplateKind::Seasonal => HazardSource::Seasonal,
    };
    for r in results.iter().filter(|r| !r.ok) {
        let input = NewHazard {
            area: area.clone(),
            equipment: String::new(),
            description: format!("{}：{}", r.item, r.note.trim()),
            category: String::new(),
            source,
            level: r.level.unwrap_or(HazardLevel::General),
            lec: None,
            found_at: None,
        };
        let hid = hazard::register_in(&tx, actor, input, Some(&id), now)?;
        hazards.push(tx.query_row("SELECT number FROM hazard WHERE id = ?1", [&hid], |r| r.get::<_, String>(0))?);
    }
    tx.commit()?;
    Ok(RoundDone { round_id: id, hazards })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_days_follow_the_schedule() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(due_days(Every::Week, d("2026-03-02"), None, d("2026-03-20")).len(), 3);
        assert_eq!(
            due_days(Every::Month, d("2026-01-31"), None, d("2026-04-30")),
            vec![d("2026-01-31"), d("2026-02-28"), d("2026-03-31"), d("2026-04-30")]
        );
        assert_eq!(due_days(Every::Once, d("2026-03-02"), None, d("2027-01-01")), vec![d("2026-03-02")]);
        assert_eq!(due_days(Every::Day, d("2026-03-02"), Some(d("2026-03-04")), d("2026-03-20")).len(), 3);
        assert!(due_days(Every::Quarter, d("2026-03-02"), None, d("2026-03-01")).is_empty());
    }
}
