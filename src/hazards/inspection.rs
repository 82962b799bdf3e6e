//! Inspections (隐患排查): checklists by kind (daily, weekly, special, pre-holiday, seasonal) that
//! users edit — an edit is a new version superseding the old, so a round keeps the list it was
//! done against —, recurring schedules of rounds per area with their due days, and the rounds
//! done with each item's result. A failed item is registered as a hazard found on the round.
//! Due and overdue rounds are derived from the schedules and the plant-local `today`.
//!
//! A round records each item as pass, fail or not applicable with a note. Each failed item is
//! registered as a hazard found on the round (its location, description, 一般/重大 and LEC), with
//! its photos, in the round's transaction; the round's stored results name the hazard of each
//! failed item. [`rounds`] lists rounds with their findings, [`round`] reads one back with its
//! items and the hazards as they stand now; the round's report PDF is built in
//! [`super::inspection_report`].

use super::hazard::{self, Hazard, HazardLevel, HazardSource, NewHazard};
use super::photos::{self, PhotoStage};
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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: i64,
}

const WRITERS: &[Role] = &[Role::Admin, Role::EhsOfficer, Role::Inspector, Role::PlantManager];

fn clean_items(items: &[String]) -> Result<Vec<String>> {
    let items: Vec<String> = items.iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
    if items.is_empty() || items.len() > 200 {
        return Err(Error::invalid("items", crate::msg::hazards::checklist_has_1_200()));
    }
    for (n, i) in items.iter().enumerate() {
        crate::text::no_hidden_chars("items", &format!("item {}", n + 1), i)?;
        if i.chars().count() > 300 {
            return Err(
                Error::invalid("items", crate::msg::common::too_long(&300)).at(crate::msg::common::ctx_item(&(n + 1)))
            );
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
                .ok_or_else(|| Error::invalid("supersedes", crate::msg::hazards::no_live_checklist_revise()))?;
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

/// A live checklist (the latest version): the others are superseded.
fn live_template(conn: &Connection, field: &'static str, id: &str) -> Result<Template> {
    let live: Option<bool> = conn
        .query_row("SELECT voided_at IS NULL FROM inspection_template WHERE id = ?1", [id.trim()], |r| r.get(0))
        .optional()?;
    match live {
        Some(true) => template(conn, id.trim()),
        Some(false) => Err(Error::invalid(field, crate::msg::hazards::checklist_was_superseded_newer())),
        None => Err(Error::invalid(field, crate::msg::common::no_such_checklist())),
    }
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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub template_version: i64,
    pub kind: TemplateKind,
    pub area: String,
    pub every: Every,
    pub start_on: String,
    pub until_on: Option<String>,
    /// The user who does the rounds (id), if one is named.
    pub inspector: Option<String>,
    pub inspector_name: Option<String>,
}

/// A schedule as entered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewSchedule {
    pub template_id: String,
    pub area: String,
    pub every: Every,
    /// Plant-local `YYYY-MM-DD` of the first round.
    pub start_on: String,
    pub until_on: Option<String>,
    /// A user's name or id.
    pub inspector: Option<String>,
}

/// Schedules rounds of a (live) checklist in an area, from a day on.
pub fn add_schedule(store: &mut Store, actor: &Session, input: &NewSchedule, now: DateTime<Utc>) -> Result<Schedule> {
    actor.require(&[Role::Admin, Role::EhsOfficer, Role::PlantManager])?;
    let area = crate::text::identifier("area", "area", &input.area, 100)?;
    let start = time::parse_date("start_on", input.start_on.trim())?;
    let until = input
        .until_on
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| time::parse_date("until_on", u.trim()))
        .transpose()?;
    if until.is_some_and(|u| u < start) {
        return Err(Error::invalid("until_on", crate::msg::hazards::schedule_ends_before_starts()));
    }
    let tx = store.write_tx()?;
    let tpl = live_template(&tx, "template_id", &input.template_id)?;
    let inspector = match input.inspector.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(
            tx.query_row("SELECT id FROM app_user WHERE (id = ?1 OR username = ?1) AND voided_at IS NULL", [k], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .ok_or_else(|| Error::invalid("inspector", crate::msg::common::no_user(&crate::text::shown(k))))?,
        ),
        None => None,
    };
    let id = new_id();
    tx.execute(
        "INSERT INTO inspection_schedule (id, template_id, area, every, start_on, until_on, inspector, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, tpl.id, area, input.every, start.to_string(), until.map(|u| u.to_string()), inspector, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "inspection_schedule", &id, None, None)?;
    let s = schedules(&tx)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::Internal("schedule not read back".into()))?;
    tx.commit()?;
    Ok(s)
}

/// The live schedules, by area and checklist.
pub fn schedules(conn: &Connection) -> Result<Vec<Schedule>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.template_id, t.name, t.version, t.kind, s.area, s.every, s.start_on, s.until_on, s.inspector,
                u.display_name
         FROM inspection_schedule s JOIN inspection_template t ON t.id = s.template_id
         LEFT JOIN app_user u ON u.id = s.inspector
         WHERE s.voided_at IS NULL ORDER BY s.area, t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Schedule {
            id: r.get(0)?,
            template_id: r.get(1)?,
            template_name: r.get(2)?,
            template_version: r.get(3)?,
            kind: r.get(4)?,
            area: r.get(5)?,
            every: r.get(6)?,
            start_on: r.get(7)?,
            until_on: r.get(8)?,
            inspector: r.get(9)?,
            inspector_name: r.get(10)?,
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
    /// The checklist the round is done against (the schedule's current version).
    pub template_id: String,
    pub template_name: String,
    pub kind: TemplateKind,
    pub area: String,
    pub due_on: String,
    /// Past its day and not done.
    pub overdue: bool,
    pub inspector_name: Option<String>,
}

/// The rounds due by `today` (and within `ahead` days after it) not yet done, oldest first.
/// A daily round counts as missed only for the days before today.
pub fn due_rounds(conn: &Connection, today: NaiveDate, ahead: i64) -> Result<Vec<DueRound>> {
    let mut out = Vec::new();
    for s in schedules(conn)? {
        let start: NaiveDate = time::parse_date("start_on", &s.start_on)?;
        let until = s.until_on.as_deref().map(|u| time::parse_date("until_on", u)).transpose()?;
        // Look back a bounded window: a year of days at most.
        let horizon = today + chrono::Duration::days(ahead.clamp(0, 366));
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
                template_id: s.template_id.clone(),
                template_name: s.template_name.clone(),
                kind: s.kind,
                area: s.area.clone(),
                due_on: d.to_string(),
                overdue: d < today,
                inspector_name: s.inspector_name.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.area.cmp(&b.area)));
    Ok(out)
}

crate::text_enum! {
    /// One checklist item's result on a round (kept in the round's results JSON, no column).
    pub enum ItemOutcome {
        Pass = "pass",
        Fail = "fail",
        /// Not applicable this time (the machine is stopped, the area is empty …).
        Na = "na",
    }
}

/// What a failed item registers as a hazard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Finding {
    /// Where exactly (部位, equipment, spot), kept as the hazard's equipment; the hazard's area is
    /// the round's.
    pub location: String,
    /// Blank: the item and the note (`消防通道畅通：2 号门堆放物料`).
    pub description: String,
    pub category: String,
    pub level: HazardLevel,
    /// L, E, C from their scales (all three or none).
    pub lec: Option<[String; 3]>,
}

impl Default for Finding {
    fn default() -> Self {
        Finding {
            location: String::new(),
            description: String::new(),
            category: String::new(),
            level: HazardLevel::General,
            lec: None,
        }
    }
}

/// One item's result on a round, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ItemResult {
    /// The item's text, as in the checklist (checked against it).
    pub item: String,
    pub result: ItemOutcome,
    /// What was seen; required for a failed item unless the finding has a description.
    pub note: String,
    /// A failed item's hazard (none: a general hazard at the round's area, described by the item
    /// and the note).
    pub finding: Option<Finding>,
}

/// A round as entered: of a schedule for one of its due days, or of a checklist in an area
/// (unscheduled — special or pre-holiday checks).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewRound {
    pub schedule_id: Option<String>,
    /// The schedule's due day the round answers (`YYYY-MM-DD`).
    pub due_on: Option<String>,
    pub template_id: Option<String>,
    pub area: Option<String>,
    /// One result per checklist item, in the checklist's order.
    pub items: Vec<ItemResult>,
}

/// A photo of a failed item, added to its hazard as a before photo with the round.
#[derive(Debug, Clone)]
pub struct RoundPhoto {
    /// The item's number on the checklist, from 1.
    pub item: usize,
    pub bytes: Vec<u8>,
    pub caption: String,
}

/// A hazard registered from a failed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RaisedHazard {
    /// The item's number on the checklist, from 1.
    pub item_no: u32,
    pub hazard_id: String,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundDone {
    pub round_id: String,
    /// The hazards registered from failed items, in the checklist's order.
    pub hazards: Vec<RaisedHazard>,
}

/// An item as the round's `results` JSON keeps it. Rounds recorded before pass/fail/NA kept
/// `ok` (true/false) instead of `result`; both read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredItem {
    item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result: Option<ItemOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ok: Option<bool>,
    #[serde(default)]
    note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hazard_id: Option<String>,
}

impl StoredItem {
    fn outcome(&self) -> ItemOutcome {
        match (self.result, self.ok) {
            (Some(r), _) => r,
            (None, Some(false)) => ItemOutcome::Fail,
            (None, _) => ItemOutcome::Pass,
        }
    }
}

/// Most photos one failed item may carry on the round (more can be added to the hazard later).
pub const MAX_ITEM_PHOTOS: usize = 6;

fn note_text(n: usize, note: &str) -> Result<String> {
    let t = note.trim();
    crate::text::no_hidden_chars("note", &format!("item {n}: note"), t)?;
    if t.chars().count() > 500 {
        return Err(
            Error::invalid("note", crate::msg::hazards::note_has_most_500()).at(crate::msg::common::ctx_item(&n))
        );
    }
    Ok(t.to_string())
}

/// Records a round with every item's result; each failed item becomes a hazard found on the
/// round, with its photos. All in one transaction (the photos' files are stored by hash first:
/// a refused round leaves at most files named by no row).
pub fn record_round(
    store: &mut Store,
    actor: &Session,
    input: NewRound,
    photos_in: &[RoundPhoto],
    now: DateTime<Utc>,
) -> Result<RoundDone> {
    actor.require(WRITERS)?;
    let conn = store.conn();
    let schedule = input.schedule_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (template_id, area, due) = match schedule {
        Some(sid) => {
            let s = schedules(conn)?
                .into_iter()
                .find(|s| s.id == sid)
                .ok_or_else(|| Error::invalid("schedule_id", crate::msg::common::no_such_schedule()))?;
            let due = time::parse_date(
                "due_on",
                input
                    .due_on
                    .as_deref()
                    .ok_or_else(|| Error::invalid("due_on", crate::msg::hazards::which_due_day_round()))?,
            )?;
            let start = time::parse_date("start_on", &s.start_on)?;
            let until = s.until_on.as_deref().map(|u| time::parse_date("until_on", u)).transpose()?;
            if !due_days(s.every, start, until, due).contains(&due) {
                return Err(Error::invalid("due_on", crate::msg::hazards::not_due_day_schedule(&due)));
            }
            (s.template_id, s.area, Some(due))
        }
        None => {
            let t =
                input.template_id.as_deref().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
                    Error::invalid("template_id", crate::msg::hazards::round_needs_schedule_checklist())
                })?;
            let a = input.area.as_deref().unwrap_or_default();
            (live_template(conn, "template_id", t)?.id, crate::text::identifier("area", "area", a, 100)?, None)
        }
    };
    let tpl = template(conn, &template_id)?;
    let items = &input.items;
    if items.len() != tpl.items.len() || items.iter().zip(&tpl.items).any(|(r, i)| r.item.trim() != i) {
        return Err(Error::invalid("items", crate::msg::hazards::one_result_per_checklist(&tpl.items.len())));
    }
    let mut notes = Vec::with_capacity(items.len());
    for (i, r) in items.iter().enumerate() {
        let n = i + 1;
        let note = note_text(n, &r.note)?;
        match (r.result, &r.finding) {
            (ItemOutcome::Fail, f) => {
                let described = f.as_ref().is_some_and(|f| !f.description.trim().is_empty());
                if note.is_empty() && !described {
                    return Err(Error::invalid("note", crate::msg::hazards::say_what_was_found())
                        .at(crate::msg::common::ctx_item(&n)));
                }
                if let Some(Finding { lec: Some([l, e, c]), .. }) = f {
                    super::lec::assess(l, e, c).map_err(|e| e.at(crate::msg::common::ctx_item(&n)))?;
                }
            }
            (_, Some(_)) => {
                return Err(Error::invalid("finding", crate::msg::common::only_failed_item_raises())
                    .at(crate::msg::common::ctx_item(&n)));
            }
            _ => {}
        }
        notes.push(note);
    }
    // Photos: each of a failed item, checked and stored by hash before the write.
    let mut per_item: Vec<Vec<(photos::Prepared, String)>> = vec![Vec::new(); items.len()];
    for (k, p) in photos_in.iter().enumerate() {
        let ctx = || crate::msg::hazards::ctx_photo(&(k + 1), &p.item);
        let slot = p
            .item
            .checked_sub(1)
            .filter(|i| *i < items.len())
            .ok_or_else(|| Error::invalid("photos", crate::msg::hazards::checklist_has_no_such()).at(ctx()))?;
        if items[slot].result != ItemOutcome::Fail {
            return Err(Error::invalid("photos", crate::msg::hazards::only_failed_items_photos()).at(ctx()));
        }
        if per_item[slot].len() >= MAX_ITEM_PHOTOS {
            return Err(Error::invalid("photos", crate::msg::hazards::most_photos_per_item(&MAX_ITEM_PHOTOS)).at(ctx()));
        }
        let caption = photos::check_caption(&p.caption).map_err(|e| e.at(ctx()))?;
        let prepared = photos::prepare(store, &p.bytes).map_err(|e| e.at(ctx()))?;
        per_item[slot].push((prepared, caption));
    }
    let tz = crate::plant::require(store.conn())?.tz()?;
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
            return Err(Error::Conflict(crate::msg::hazards::round_due_already_recorded(&d)));
        }
    }
    let mut stored: Vec<StoredItem> = items
        .iter()
        .zip(&notes)
        .map(|(r, note)| StoredItem {
            item: r.item.trim().to_string(),
            result: Some(r.result),
            ok: None,
            note: note.clone(),
            hazard_id: None,
        })
        .collect();
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
            time::to_db(now),
            time::local_date(now, tz).to_string(),
            serde_json::to_string(&stored)?,
            actor.user_id
        ],
    )?;
    // Each failed item: a hazard found on the round, with its photos, in the same transaction.
    let source = match tpl.kind {
        TemplateKind::Daily => HazardSource::Daily,
        TemplateKind::Weekly => HazardSource::Weekly,
        TemplateKind::Special => HazardSource::Special,
        TemplateKind::Holiday => HazardSource::Holiday,
        TemplateKind::Seasonal => HazardSource::Seasonal,
    };
    let mut hazards = Vec::new();
    for (i, r) in items.iter().enumerate().filter(|(_, r)| r.result == ItemOutcome::Fail) {
        let n = i + 1;
        let f = r.finding.clone().unwrap_or_default();
        let description = if f.description.trim().is_empty() {
            format!("{}：{}", r.item.trim(), notes[i])
        } else {
            f.description.trim().to_string()
        };
        let input = NewHazard {
            area: area.clone(),
            equipment: f.location,
            description,
            category: f.category,
            source,
            level: f.level,
            lec: f.lec,
            found_at: None,
        };
        let hid = hazard::register_in(&tx, actor, input, Some(&id), now)
            .map_err(|e| e.at(crate::msg::common::ctx_item(&n)))?;
        for (p, caption) in &per_item[i] {
            photos::insert_prepared(&tx, actor, &hid, PhotoStage::Before, p, caption, None, now)?;
        }
        let number = tx.query_row("SELECT number FROM hazard WHERE id = ?1", [&hid], |r| r.get::<_, String>(0))?;
        stored[i].hazard_id = Some(hid.clone());
        hazards.push(RaisedHazard { item_no: n as u32, hazard_id: hid, number });
    }
    // The results name each failed item's hazard; the round is audited as it now stands.
    tx.execute("UPDATE inspection_round SET results = ?2 WHERE id = ?1", params![id, serde_json::to_string(&stored)?])?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "inspection_round", &id, None, None)?;
    tx.commit()?;
    Ok(RoundDone { round_id: id, hazards })
}

/// A round as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundSummary {
    pub id: String,
    pub template_id: String,
    pub template_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub template_version: i64,
    pub kind: TemplateKind,
    pub schedule_id: Option<String>,
    pub due_on: Option<String>,
    pub area: String,
    /// Plant-local `YYYY-MM-DD HH:MM`.
    pub done_at_local: String,
    pub local_date: String,
    pub inspector: String,
    pub inspector_name: String,
    pub items: u32,
    pub passed: u32,
    pub failed: u32,
    pub not_applicable: u32,
    /// The numbers of the hazards found on the round.
    pub hazards: Vec<String>,
}

/// One item of a recorded round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundItem {
    /// From 1, in the checklist's order.
    pub no: u32,
    pub item: String,
    pub result: ItemOutcome,
    pub note: String,
    /// The hazard registered from a failed item.
    pub hazard_id: Option<String>,
    pub hazard_number: Option<String>,
}

/// A round with its items and the hazards found on it as they stand on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundDetail {
    pub round: RoundSummary,
    pub items: Vec<RoundItem>,
    pub findings: Vec<Hazard>,
}

/// Which rounds a list shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoundQuery {
    /// Plant-local days, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub area: Option<String>,
    pub schedule_id: Option<String>,
    /// Only rounds that found something.
    pub with_findings: bool,
    pub limit: Option<u32>,
}

const ROUND_SELECT: &str = "SELECT r.id, r.template_id, t.name, t.version, t.kind, r.schedule_id, r.due_on, r.area,
        r.done_at, r.local_date, r.created_by, coalesce(u.display_name, r.created_by), r.results,
        (SELECT group_concat(number, ',') FROM (SELECT h.number FROM hazard h
             WHERE h.round_id = r.id AND h.voided_at IS NULL ORDER BY h.number))
     FROM inspection_round r JOIN inspection_template t ON t.id = r.template_id
     LEFT JOIN app_user u ON u.id = r.created_by";

fn stored_items(json: &str) -> Vec<StoredItem> {
    serde_json::from_str(json).unwrap_or_default()
}

fn summary_of(r: &rusqlite::Row, tz: chrono_tz::Tz) -> rusqlite::Result<(RoundSummary, Vec<StoredItem>)> {
    let at: String = r.get(8)?;
    let results: String = r.get(12)?;
    let items = stored_items(&results);
    let count = |o: ItemOutcome| items.iter().filter(|i| i.outcome() == o).count() as u32;
    let hazards: Option<String> = r.get(13)?;
    let summary = RoundSummary {
        id: r.get(0)?,
        template_id: r.get(1)?,
        template_name: r.get(2)?,
        template_version: r.get(3)?,
        kind: r.get(4)?,
        schedule_id: r.get(5)?,
        due_on: r.get(6)?,
        area: r.get(7)?,
        done_at_local: time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at),
        local_date: r.get(9)?,
        inspector: r.get(10)?,
        inspector_name: r.get(11)?,
        items: items.len() as u32,
        passed: count(ItemOutcome::Pass),
        failed: count(ItemOutcome::Fail),
        not_applicable: count(ItemOutcome::Na),
        hazards: hazards.map(|h| h.split(',').map(str::to_string).collect()).unwrap_or_default(),
    };
    Ok((summary, items))
}

/// Live rounds, the newest first.
pub fn rounds(conn: &Connection, q: &RoundQuery) -> Result<Vec<RoundSummary>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let day = |field: &'static str, v: &Option<String>| -> Result<Option<String>> {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| time::parse_date(field, v).map(|d| d.to_string()))
            .transpose()
    };
    let (from, to) = (day("from", &q.from)?, day("to", &q.to)?);
    if let (Some(f), Some(t)) = (&from, &to) {
        if f > t {
            return Err(Error::invalid("to", crate::msg::common::ends_before_it_starts()));
        }
    }
    let area = q.area.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let schedule = q.schedule_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut stmt = conn.prepare(&format!(
        "{ROUND_SELECT} WHERE r.voided_at IS NULL AND (?1 IS NULL OR r.local_date >= ?1) AND (?2 IS NULL OR r.local_date <= ?2)
           AND (?3 IS NULL OR r.area = ?3) AND (?4 IS NULL OR r.schedule_id = ?4)
           AND (?5 = 0 OR EXISTS (SELECT 1 FROM hazard h WHERE h.round_id = r.id AND h.voided_at IS NULL))
         ORDER BY r.done_at DESC, r.id DESC LIMIT ?6"
    ))?;
    let rows = stmt
        .query_map(params![from, to, area, schedule, q.with_findings, q.limit.map_or(-1, i64::from)], |r| {
            summary_of(r, tz).map(|(s, _)| s)
        })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One live round with its items and the hazards found on it as of plant-local `today`.
pub fn round(conn: &Connection, id: &str, today: NaiveDate) -> Result<RoundDetail> {
    let tz = crate::plant::require(conn)?.tz()?;
    let (summary, stored) = conn
        .query_row(&format!("{ROUND_SELECT} WHERE r.id = ?1 AND r.voided_at IS NULL"), [id.trim()], |r| {
            summary_of(r, tz)
        })
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "inspection round", id: id.to_string() })?;
    let ids: Vec<String> = {
        let mut stmt =
            conn.prepare("SELECT id FROM hazard WHERE round_id = ?1 AND voided_at IS NULL ORDER BY number")?;
        let r = stmt.query_map([&summary.id], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let findings: Vec<Hazard> = ids.iter().map(|h| hazard::get(conn, h, today)).collect::<Result<_>>()?;
    let items = stored
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let h = s.hazard_id.as_deref().and_then(|hid| findings.iter().find(|h| h.id == hid));
            RoundItem {
                no: i as u32 + 1,
                result: s.outcome(),
                item: s.item,
                note: s.note,
                hazard_id: h.map(|h| h.id.clone()),
                hazard_number: h.map(|h| h.number.clone()),
            }
        })
        .collect();
    Ok(RoundDetail { round: summary, items, findings })
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
