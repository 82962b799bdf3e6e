//! Hazards (隐患) and the rectification loop, fully offline (domain.md §8.2):
//! register (with LEC and 一般/重大) → assign (person, department, deadline, measures; a major
//! hazard needs the 五到位 plan — measures, funds, responsible person, deadline, contingency plan)
//! → rectified (by the assignee) → verified (验收, by someone other than who rectified) → closed
//! (销号). A failed verification sends it back to assigned; deadline extensions need a reason;
//! escalation to major needs a new plan before work goes on. Every step is an insert-only event
//! checked against [`next`], the one state machine; the cached state is re-derived in the same
//! transaction and proved by [`check`].

use super::lec;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

crate::text_enum! {
    /// Where a hazard stands.
    pub enum HazardStatus {
        Registered = "registered",
        Assigned = "assigned",
        Rectified = "rectified",
        Verified = "verified",
        Closed = "closed",
    }
}

crate::text_enum! {
    /// 一般 / 重大 (Art. 3).
    pub enum HazardLevel {
        General = "general",
        Major = "major",
    }
}

crate::text_enum! {
    /// How it was found.
    pub enum HazardSource {
        Daily = "daily",
        Weekly = "weekly",
        Special = "special",
        Holiday = "holiday",
        Seasonal = "seasonal",
        Audit = "audit",
        Employee = "employee",
        /// A wastewater exceedance taken up as a corrective action.
        Exceedance = "exceedance",
    }
}

crate::text_enum! {
    /// A step of the loop.
    pub enum HazardEventKind {
        Assigned = "assigned",
        Rectified = "rectified",
        Verified = "verified",
        Rejected = "rejected",
        Closed = "closed",
        Extended = "extended",
        Escalated = "escalated",
    }
}

/// The state machine: the status after `kind` from `status`, or `None` when the step is not
/// allowed there. No state is skipped: nothing closes without a passed verification.
pub fn next(status: HazardStatus, kind: HazardEventKind) -> Option<HazardStatus> {
    use HazardEventKind as K;
    use HazardStatus as S;
    match (status, kind) {
        (S::Registered | S::Assigned, K::Assigned) => Some(S::Assigned),
        (S::Assigned, K::Rectified) => Some(S::Rectified),
        (S::Rectified, K::Verified) => Some(S::Verified),
        (S::Rectified, K::Rejected) => Some(S::Assigned),
        (S::Verified, K::Closed) => Some(S::Closed),
        (S::Assigned | S::Rectified, K::Extended) => Some(status),
        (S::Registered | S::Assigned | S::Rectified | S::Verified, K::Escalated) => Some(status),
        _ => None,
    }
}

/// The 五到位 elements of a major hazard's plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MajorPlan {
    /// 经费和物资的落实.
    pub funds: String,
    /// 安全措施和应急预案.
    pub contingency: String,
    /// 治理的目标和任务 (optional wording of the goal).
    pub goal: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewHazard {
    pub area: String,
    pub equipment: String,
    pub description: String,
    pub category: String,
    pub source: HazardSource,
    pub level: HazardLevel,
    /// L, E, C from their scales (all three or none).
    pub lec: Option<[String; 3]>,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` = now.
    pub found_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AssignInput {
    /// The responsible person: a user's name or id.
    pub assignee: String,
    pub department: String,
    /// Plant-local `YYYY-MM-DD`: rectified by the end of that day.
    pub deadline: String,
    /// 整改措施.
    pub measures: String,
    /// Required for a major hazard.
    pub plan: Option<MajorPlan>,
}

/// A hazard as lists and boards show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Hazard {
    pub id: String,
    pub number: String,
    pub found_at_local: String,
    pub local_date: String,
    pub area: String,
    pub equipment: String,
    pub description: String,
    pub category: String,
    pub source: HazardSource,
    pub level: HazardLevel,
    pub lec: Option<lec::Lec>,
    pub status: HazardStatus,
    pub assignee: Option<String>,
    pub assignee_name: Option<String>,
    pub department: Option<String>,
    pub deadline: Option<String>,
    pub closed_on: Option<String>,
    /// Past its deadline on `today` and not closed.
    pub overdue: bool,
    pub exceedance_id: Option<String>,
}

/// One step of a hazard's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HazardEvent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub kind: HazardEventKind,
    pub at_local: String,
    pub actor: String,
    pub actor_name: String,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub data: serde_json::Value,
    pub reason: Option<String>,
}

const WRITERS: &[Role] = &[Role::Admin, Role::EhsOfficer, Role::Inspector, Role::PlantManager];

fn text(field: &'static str, v: &str, max: usize, required: bool) -> Result<String> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(Error::invalid(field, crate::msg::common::required()));
    }
    if t.chars().count() > max {
        return Err(Error::invalid(field, crate::msg::common::too_long(&max)));
    }
    crate::text::no_hidden_chars(field, field, t)?;
    Ok(t.to_string())
}

/// Registers a hazard; returns it.
pub fn register(store: &mut Store, actor: &Session, input: NewHazard, now: DateTime<Utc>) -> Result<Hazard> {
    let tx = store.write_tx()?;
    let id = register_in(&tx, actor, input, None, now)?;
    commit_read(tx, &id, now)
}

/// Registers a hazard inside the caller's transaction (an inspection round's failed item names
/// its round); returns its id.
pub(crate) fn register_in(
    tx: &Connection,
    actor: &Session,
    input: NewHazard,
    round: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    actor.require(WRITERS)?;
    let tz = crate::plant::require(tx)?.tz()?;
    let area = text("area", &input.area, 100, true)?;
    let equipment = text("equipment", &input.equipment, 100, false)?;
    let description = text("description", &input.description, 2000, true)?;
    let category = text("category", &input.category, 100, false)?;
    if input.source == HazardSource::Exceedance {
        return Err(Error::invalid("source", crate::msg::hazards::exceedances_taken_up_adopt()));
    }
    let lec = match &input.lec {
        Some([l, e, c]) => Some(lec::assess(l, e, c)?),
        None => None,
    };
    let at = time::entered_or_now("found_at", input.found_at.as_deref(), tz, now)?;
    let id = insert(
        tx,
        actor,
        &area,
        &equipment,
        &description,
        &category,
        input.source,
        input.level,
        lec.as_ref(),
        at,
        None,
        tz,
        now,
    )?;
    if let Some(r) = round {
        tx.execute("UPDATE hazard SET round_id = ?2 WHERE id = ?1", params![id, r])?;
        audit::record(
            tx,
            now,
            &actor.user_id,
            Action::Update,
            "hazard",
            &id,
            None,
            Some("found on an inspection round"),
        )?;
    }
    Ok(id)
}

#[allow(clippy::too_many_arguments)] // one hazard row
fn insert(
    tx: &Connection,
    actor: &Session,
    area: &str,
    equipment: &str,
    description: &str,
    category: &str,
    source: HazardSource,
    level: HazardLevel,
    lec: Option<&lec::Lec>,
    at: DateTime<Utc>,
    exceedance: Option<&str>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<String> {
    let day = time::local_date(at, tz);
    let prefix = format!("YH-{}-", day.format("%Y%m%d"));
    let n: i64 = tx.query_row(
        "SELECT coalesce(max(CAST(substr(number, 13) AS INTEGER)), 0) + 1 FROM hazard WHERE number LIKE ?1 || '%'",
        [&prefix],
        |r| r.get(0),
    )?;
    let number = format!("{prefix}{n:03}");
    let id = new_id();
    tx.execute(
        "INSERT INTO hazard (id, number, found_at, local_date, area, equipment, description, category, source, level,
             lec_l, lec_e, lec_c, lec_d, lec_grade, lec_table, exceedance_id, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            id,
            number,
            time::to_db(at),
            day.to_string(),
            area,
            equipment,
            description,
            category,
            source,
            level,
            lec.map(|x| x.l.clone()),
            lec.map(|x| x.e.clone()),
            lec.map(|x| x.c.clone()),
            lec.map(|x| x.d.clone()),
            lec.map(|x| x.grade),
            lec.map(|x| x.table.clone()),
            exceedance,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "hazard", &id, None, None)?;
    refresh_state(tx, &id)?;
    Ok(id)
}

/// Takes up a wastewater exceedance as a corrective action (a general hazard at the outfall),
/// once: the exceedance's alert gives way to the hazard's.
pub fn adopt_exceedance(store: &mut Store, actor: &Session, exceedance_id: &str, now: DateTime<Utc>) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let tx = store.write_tx()?;
    let x = crate::water::loads::exceedance(&tx, exceedance_id)?
        .ok_or_else(|| Error::NotFound { what: "standing exceedance", id: exceedance_id.to_string() })?;
    if let Some(n) = tx
        .query_row("SELECT number FROM hazard WHERE exceedance_id = ?1", [exceedance_id], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Err(Error::Conflict(crate::msg::hazards::exceedance_already_hazard(&n)));
    }
    let ratio = x.ratio_permille.map_or(String::new(), |r| format!("，为限值的 {}.{:03} 倍", r / 1000, r % 1000));
    let description = format!(
        "{} {} {} 超过许可限值 {}{}（{}）：调查原因，采取纠正措施",
        x.outfall_code, x.param_code, x.value, x.limit, ratio, x.at_local
    );
    let at = time::local_to_utc("at", &x.at_local.replace(' ', "T"), tz).unwrap_or(now);
    let id = insert(
        &tx,
        actor,
        &format!("废水排放口 {}", x.outfall_code),
        "",
        &description,
        "环保超标",
        HazardSource::Exceedance,
        HazardLevel::General,
        None,
        at,
        Some(exceedance_id),
        tz,
        now,
    )?;
    commit_read(tx, &id, now)
}

fn user_id(conn: &Connection, key: &str) -> Result<(String, String)> {
    conn.query_row(
        "SELECT id, display_name FROM app_user WHERE (id = ?1 OR username = ?1) AND voided_at IS NULL",
        [key.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::invalid("assignee", crate::msg::common::no_user(&crate::text::shown(key))))
}

/// Commits a step's transaction and returns the hazard as it now stands (as of the plant-local
/// day of `now`), read inside the transaction.
fn commit_read(tx: rusqlite::Transaction<'_>, id: &str, now: DateTime<Utc>) -> Result<Hazard> {
    let h = get(&tx, id, crate::plant::today(&tx, now)?)?;
    tx.commit()?;
    Ok(h)
}

/// Appends an event after checking the state machine; re-derives the state.
fn step(
    tx: &Connection,
    actor: &Session,
    hazard_id: &str,
    kind: HazardEventKind,
    data: serde_json::Value,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let st = derive(tx, hazard_id)?;
    if next(st.status, kind).is_none() {
        return Err(Error::Conflict(crate::msg::hazards::hazard_cannot(&st.status, &kind)));
    }
    let tz = crate::plant::require(tx)?.tz()?;
    let id = new_id();
    tx.execute(
        "INSERT INTO hazard_event (id, hazard_id, seq, kind, at, local_date, actor, data, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            hazard_id,
            st.events + 1,
            kind,
            time::to_db(now),
            time::local_date(now, tz).to_string(),
            actor.user_id,
            data.to_string(),
            reason
        ],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "hazard_event", &id, None, reason)?;
    refresh_state(tx, hazard_id)?;
    Ok(())
}

fn live_hazard(conn: &Connection, key: &str) -> Result<String> {
    conn.query_row("SELECT id FROM hazard WHERE (id = ?1 OR number = ?1) AND voided_at IS NULL", [key.trim()], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::invalid("hazard", crate::msg::hazards::no_hazard(&crate::text::shown(key))))
}

/// Assigns (or re-assigns) a hazard. A major hazard needs every 五到位 element.
pub fn assign(
    store: &mut Store,
    actor: &Session,
    hazard: &str,
    input: AssignInput,
    now: DateTime<Utc>,
) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    let today = crate::plant::today(&tx, now)?;
    let (assignee, _) = user_id(&tx, &input.assignee)?;
    let department = text("department", &input.department, 100, true)?;
    let measures = text("measures", &input.measures, 2000, true)?;
    let deadline = time::parse_date("deadline", input.deadline.trim())?;
    if deadline < today {
        return Err(Error::invalid("deadline", crate::msg::hazards::already_past(&deadline)));
    }
    let st = derive(&tx, &id)?;
    let plan = match (st.level, &input.plan) {
        (HazardLevel::Major, None) => {
            return Err(Error::invalid("plan", crate::msg::hazards::major_hazard_needs_plan()))
        }
        (_, Some(p)) => {
            let funds = text("funds", &p.funds, 500, st.level == HazardLevel::Major)?;
            let contingency = text("contingency", &p.contingency, 2000, st.level == HazardLevel::Major)?;
            let goal = text("goal", &p.goal, 500, false)?;
            Some(json!({"funds": funds, "contingency": contingency, "goal": goal}))
        }
        (_, None) => None,
    };
    let data = json!({"assignee": assignee, "department": department, "deadline": deadline.to_string(),
                      "measures": measures, "plan": plan});
    step(&tx, actor, &id, HazardEventKind::Assigned, data, None, now)?;
    let h = get(&tx, &id, today)?;
    tx.commit()?;
    Ok(h)
}

/// Records the rectification (整改完成): by the assignee, or an admin / EHS officer for them.
pub fn rectify(store: &mut Store, actor: &Session, hazard: &str, note: &str, now: DateTime<Utc>) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    let st = derive(&tx, &id)?;
    if st.assignee.as_deref() != Some(actor.user_id.as_str()) && !matches!(actor.role, Role::Admin | Role::EhsOfficer) {
        return Err(Error::forbidden(crate::msg::hazards::only_responsible_person_admin()));
    }
    if st.level == HazardLevel::Major && !st.plan_complete {
        return Err(Error::invalid("plan", crate::msg::hazards::major_hazard_proceeds_only()));
    }
    let note = text("note", note, 2000, true)?;
    step(&tx, actor, &id, HazardEventKind::Rectified, json!({"note": note}), None, now)?;
    commit_read(tx, &id, now)
}

/// Verification (验收): passed, or failed with the reason (back to the responsible person). Never
/// by the user who recorded the rectification.
pub fn verify(
    store: &mut Store,
    actor: &Session,
    hazard: &str,
    pass: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    let st = derive(&tx, &id)?;
    if st.rectified_by.as_deref() == Some(actor.user_id.as_str()) {
        return Err(Error::forbidden(crate::msg::hazards::rectification_verified_someone_other()));
    }
    let note = text("note", note, 2000, !pass)?;
    let (kind, reason) =
        if pass { (HazardEventKind::Verified, None) } else { (HazardEventKind::Rejected, Some(note.as_str())) };
    step(&tx, actor, &id, kind, json!({"note": note}), reason, now)?;
    commit_read(tx, &id, now)
}

/// Close-out (销号) after a passed verification.
pub fn close(store: &mut Store, actor: &Session, hazard: &str, note: &str, now: DateTime<Utc>) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    let note = text("note", note, 2000, false)?;
    step(&tx, actor, &id, HazardEventKind::Closed, json!({"note": note}), None, now)?;
    commit_read(tx, &id, now)
}

/// Extends the deadline to a later day, with the reason (audited).
pub fn extend(
    store: &mut Store,
    actor: &Session,
    hazard: &str,
    deadline: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Hazard> {
    actor.require(&[Role::Admin, Role::EhsOfficer, Role::PlantManager])?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    let st = derive(&tx, &id)?;
    let d = time::parse_date("deadline", deadline.trim())?;
    if st.deadline.is_some_and(|cur| d <= cur) {
        return Err(Error::invalid("deadline", crate::msg::hazards::extension_moves_deadline_later()));
    }
    let reason = text("reason", reason, 500, true)?;
    step(&tx, actor, &id, HazardEventKind::Extended, json!({"deadline": d.to_string()}), Some(&reason), now)?;
    commit_read(tx, &id, now)
}

/// Raises a hazard to 重大 with the reason; it needs its 五到位 plan before work goes on.
pub fn escalate(store: &mut Store, actor: &Session, hazard: &str, reason: &str, now: DateTime<Utc>) -> Result<Hazard> {
    actor.require(WRITERS)?;
    let tx = store.write_tx()?;
    let id = live_hazard(&tx, hazard)?;
    if derive(&tx, &id)?.level == HazardLevel::Major {
        return Err(Error::Conflict(crate::msg::hazards::hazard_already_major()));
    }
    let reason = text("reason", reason, 500, true)?;
    step(&tx, actor, &id, HazardEventKind::Escalated, json!({"level": "major"}), Some(&reason), now)?;
    commit_read(tx, &id, now)
}

/// A hazard's derived state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: HazardStatus,
    pub level: HazardLevel,
    pub assignee: Option<String>,
    pub department: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub rectified_by: Option<String>,
    pub closed_on: Option<NaiveDate>,
    /// The latest assignment carries a complete 五到位 plan.
    pub plan_complete: bool,
    pub events: i64,
}

/// Derives a hazard's state from its record and events (the definition `hazard_state` caches).
pub fn derive(conn: &Connection, hazard_id: &str) -> Result<State> {
    let level: HazardLevel = conn.query_row("SELECT level FROM hazard WHERE id = ?1", [hazard_id], |r| r.get(0))?;
    let mut s = State {
        status: HazardStatus::Registered,
        level,
        assignee: None,
        department: None,
        deadline: None,
        rectified_by: None,
        closed_on: None,
        plan_complete: false,
        events: 0,
    };
    let mut stmt = conn
        .prepare_cached("SELECT kind, actor, data, local_date FROM hazard_event WHERE hazard_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([hazard_id], |r| {
        Ok((r.get::<_, HazardEventKind>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (kind, actor, data, day) = row?;
        let data: serde_json::Value = serde_json::from_str(&data)?;
        let s_str = |k: &str| data.get(k).and_then(|v| v.as_str()).map(str::to_string);
        s.status = next(s.status, kind)
            .ok_or_else(|| Error::Schema(crate::msg::schema::hazard_event_out_order(&hazard_id, &kind)))?;
        s.events += 1;
        match kind {
            HazardEventKind::Assigned => {
                s.assignee = s_str("assignee");
                s.department = s_str("department");
                s.deadline = s_str("deadline").and_then(|d| d.parse().ok());
                let plan = data.get("plan").filter(|p| !p.is_null());
                let filled =
                    |k: &str| plan.and_then(|p| p.get(k)).and_then(|v| v.as_str()).is_some_and(|v| !v.is_empty());
                s.plan_complete = filled("funds") && filled("contingency");
                s.rectified_by = None;
            }
            HazardEventKind::Rectified => s.rectified_by = Some(actor),
            HazardEventKind::Extended => s.deadline = s_str("deadline").and_then(|d| d.parse().ok()),
            HazardEventKind::Escalated => {
                s.level = HazardLevel::Major;
                s.plan_complete = false;
            }
            HazardEventKind::Closed => s.closed_on = day.parse().ok(),
            HazardEventKind::Verified | HazardEventKind::Rejected => {}
        }
    }
    Ok(s)
}

/// The record's fields `hazard_state` copies for the KPIs and the board (db/0023): the day
/// found, the area, the LEC grade and whether it is live.
fn record_fields(conn: &Connection, hazard_id: &str) -> Result<(String, String, Option<i64>, bool)> {
    Ok(conn.query_row(
        "SELECT local_date, area, lec_grade, voided_at IS NULL FROM hazard WHERE id = ?1",
        [hazard_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?)
}

fn refresh_state(tx: &Connection, hazard_id: &str) -> Result<()> {
    let s = derive(tx, hazard_id)?;
    let (found_on, area, grade, live) = record_fields(tx, hazard_id)?;
    tx.execute(
        "INSERT INTO hazard_state (hazard_id, status, level, assignee, department, deadline, rectified_by, closed_on, events,
             found_on, area, grade, live)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (hazard_id) DO UPDATE SET status = ?2, level = ?3, assignee = ?4, department = ?5, deadline = ?6,
             rectified_by = ?7, closed_on = ?8, events = ?9, found_on = ?10, area = ?11, grade = ?12, live = ?13",
        params![
            hazard_id,
            s.status,
            s.level,
            s.assignee,
            s.department,
            s.deadline.map(|d| d.to_string()),
            s.rectified_by,
            s.closed_on.map(|d| d.to_string()),
            s.events,
            found_on,
            area,
            grade,
            live
        ],
    )?;
    Ok(())
}

/// Proves `hazard_state`: every live hazard's row equals its derivation. Names the first
/// difference.
pub fn check(conn: &Connection) -> Result<()> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare("SELECT id FROM hazard ORDER BY id")?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        let s = derive(conn, &id)?;
        let record = record_fields(conn, &id)?;
        let row = conn
            .query_row(
                "SELECT status, level, assignee, department, deadline, rectified_by, closed_on, events,
                     found_on, area, grade, live FROM hazard_state WHERE hazard_id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get::<_, HazardStatus>(0)?,
                        r.get::<_, HazardLevel>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, i64>(7)?,
                        (
                            r.get::<_, String>(8)?,
                            r.get::<_, String>(9)?,
                            r.get::<_, Option<i64>>(10)?,
                            r.get::<_, bool>(11)?,
                        ),
                    ))
                },
            )
            .optional()?;
        let want = (
            s.status,
            s.level,
            s.assignee,
            s.department,
            s.deadline.map(|d| d.to_string()),
            s.rectified_by,
            s.closed_on.map(|d| d.to_string()),
            s.events,
            record,
        );
        if row.as_ref() != Some(&want) {
            return Err(Error::Schema(crate::msg::schema::hazard_state_events_give(
                &id,
                &(format!("{:?}", row)),
                &(format!("{:?}", want)),
            )));
        }
    }
    Ok(())
}

const SELECT: &str = "SELECT h.id, h.number, h.found_at, h.local_date, h.area, h.equipment, h.description, h.category,
        h.source, s.level, h.lec_l, h.lec_e, h.lec_c, h.lec_d, h.lec_grade, h.lec_table, s.status, s.assignee,
        u.display_name, s.department, s.deadline, s.closed_on, h.exceedance_id
     FROM hazard h JOIN hazard_state s ON s.hazard_id = h.id LEFT JOIN app_user u ON u.id = s.assignee";

fn row_of(r: &rusqlite::Row, tz: chrono_tz::Tz, today: NaiveDate) -> rusqlite::Result<Hazard> {
    let found: String = r.get(2)?;
    let found_at_local = time::from_db(&found).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(found);
    let lec = match (r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(13)?) {
        (Some(l), Some(d)) => {
            let grade: u8 = r.get(14)?;
            Some(lec::Lec {
                l,
                e: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                c: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                d,
                grade,
                colour: lec::colour(grade),
                table: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
            })
        }
        _ => None,
    };
    let status: HazardStatus = r.get(16)?;
    let deadline: Option<String> = r.get(20)?;
    let overdue = status != HazardStatus::Closed
        && deadline.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()).is_some_and(|d| today > d);
    Ok(Hazard {
        id: r.get(0)?,
        number: r.get(1)?,
        found_at_local,
        local_date: r.get(3)?,
        area: r.get(4)?,
        equipment: r.get(5)?,
        description: r.get(6)?,
        category: r.get(7)?,
        source: r.get(8)?,
        level: r.get(9)?,
        lec,
        status,
        assignee: r.get(17)?,
        assignee_name: r.get(18)?,
        department: r.get(19)?,
        deadline,
        closed_on: r.get(21)?,
        overdue,
        exceedance_id: r.get(22)?,
    })
}

/// One hazard (by id or number) as of plant-local `today`.
pub fn get(conn: &Connection, key: &str, today: NaiveDate) -> Result<Hazard> {
    let tz = crate::plant::require(conn)?.tz()?;
    let id = live_hazard(conn, key)?;
    Ok(conn.query_row(&format!("{SELECT} WHERE h.id = ?1"), [&id], |r| row_of(r, tz, today))?)
}

/// What a list asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(default)]
pub struct HazardQuery {
    pub status: Option<HazardStatus>,
    /// A user's id: "my tasks".
    pub assignee: Option<String>,
    pub area: Option<String>,
    pub overdue_only: bool,
    pub open_only: bool,
    /// Plant-local `YYYY-MM-DD`: only hazards whose current deadline is on or after this day
    /// (hazards without a deadline are left out once either bound is given).
    pub deadline_from: Option<String>,
    /// Plant-local `YYYY-MM-DD`: only hazards whose current deadline is on or before this day.
    pub deadline_to: Option<String>,
    pub limit: Option<u32>,
}

/// A deadline bound of a query, checked (naming its field); blank is no bound.
fn bound(field: &'static str, v: Option<&str>) -> Result<Option<String>> {
    match v.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(Some(time::parse_date(field, t)?.to_string())),
        None => Ok(None),
    }
}

/// Live hazards, the earliest deadline first (none last), then the newest found.
pub fn list(conn: &Connection, q: &HazardQuery, today: NaiveDate) -> Result<Vec<Hazard>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let from = bound("deadline_from", q.deadline_from.as_deref())?;
    let to = bound("deadline_to", q.deadline_to.as_deref())?;
    if let (Some(f), Some(t)) = (&from, &to) {
        if f > t {
            return Err(Error::invalid("deadline_to", crate::msg::common::end_before_start(&t, &f)));
        }
    }
    // Only the filters in use go into the SQL, on `hazard_state`'s own columns, so the planner
    // can take the index that fits (assignee for my tasks, deadline for the calendar, status for
    // a column) rather than scan every hazard behind `?n IS NULL OR …` guards. An open hazard is
    // one without a 销号 day (closed_on is set by the close, the last step, and only by it).
    let mut conds = vec!["s.live = 1".to_string()];
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut arg = |cond: &str, v: Box<dyn rusqlite::ToSql>, conds: &mut Vec<String>| {
        args.push(v);
        conds.push(cond.replace('?', &format!("?{}", args.len())));
    };
    if let Some(st) = q.status {
        arg("s.status = ?", Box::new(st), &mut conds);
    }
    if let Some(a) = &q.assignee {
        arg("s.assignee = ?", Box::new(a.clone()), &mut conds);
    }
    if let Some(a) = &q.area {
        arg("s.area = ?", Box::new(a.clone()), &mut conds);
    }
    if q.overdue_only {
        arg("s.closed_on IS NULL AND s.deadline < ?", Box::new(today.to_string()), &mut conds);
    }
    if q.open_only {
        conds.push("s.closed_on IS NULL".into());
    }
    if let Some(f) = from {
        arg("s.deadline >= ?", Box::new(f), &mut conds);
    }
    if let Some(t) = to {
        arg("s.deadline <= ?", Box::new(t), &mut conds);
    }
    args.push(Box::new(q.limit.map_or(-1, i64::from)));
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY s.deadline IS NULL, s.deadline, h.found_at DESC LIMIT ?{}",
        conds.join(" AND "),
        args.len()
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| row_of(r, tz, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The board's default column page.
pub const BOARD_PAGE: u32 = 50;
/// The board's closed column holds what was closed (销号) in this many days up to today; all
/// closed hazards are in the KPIs and the register.
pub const BOARD_CLOSED_DAYS: i64 = 30;

/// One column of the board: a status with its count and first hazards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BoardColumn {
    pub status: HazardStatus,
    /// All live hazards in this status (that match the query's area and assignee); for the
    /// closed column, those closed since [`Board::closed_since`].
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// Of them, past their deadline (never for the closed column).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overdue: i64,
    /// The first `per_column`: open columns by deadline (overdue first; none yet = registered:
    /// the longest waiting first), closed by the latest 销号.
    pub hazards: Vec<Hazard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Board {
    pub columns: Vec<BoardColumn>,
    /// The first day of the closed column's window ([`BOARD_CLOSED_DAYS`] up to today).
    pub closed_since: String,
}

/// The hazard board's page: one column per status in the loop's order, each with its count,
/// its overdue count and its first `q.limit` hazards (default [`BOARD_PAGE`]); the closed
/// column holds the last [`BOARD_CLOSED_DAYS`] days' 销号. The query's area and assignee narrow
/// every column; its status and flags are ignored. Each column is one range of the index
/// `hazard_state_board` (db/0023) read in its order, so the page costs the same over 100 hazards
/// or 100,000.
pub fn board(conn: &Connection, q: &HazardQuery, today: NaiveDate) -> Result<Board> {
    let tz = crate::plant::require(conn)?.tz()?;
    let per = i64::from(q.limit.unwrap_or(BOARD_PAGE));
    let since = (today - chrono::Duration::days(BOARD_CLOSED_DAYS - 1)).to_string();
    let filter = "s.live = 1 AND s.status = ?1 AND (?2 IS NULL OR s.assignee = ?2) AND (?3 IS NULL OR s.area = ?3)";
    let mut columns = Vec::new();
    for status in [
        HazardStatus::Registered,
        HazardStatus::Assigned,
        HazardStatus::Rectified,
        HazardStatus::Verified,
        HazardStatus::Closed,
    ] {
        let closed = status == HazardStatus::Closed;
        // Index order of `hazard_state_board` (db/0023), so the page is read, never sorted: an
        // open column has no closed_on and runs by deadline; the closed one by the latest 销号.
        let (state, order) = if closed {
            ("s.closed_on >= ?5", "s.closed_on DESC, s.hazard_id DESC")
        } else {
            ("s.closed_on IS NULL AND ?5 = ?5", "s.deadline, s.hazard_id")
        };
        let (count, overdue): (i64, i64) = conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(s.closed_on IS NULL AND s.deadline < ?4), 0) FROM hazard_state s
                 WHERE {filter} AND {state}"
            ),
            params![status, q.assignee, q.area, today.to_string(), since],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt =
            conn.prepare_cached(&format!("{SELECT} WHERE {filter} AND {state} ORDER BY {order} LIMIT ?4"))?;
        let hazards = stmt
            .query_map(params![status, q.assignee, q.area, per, since], |r| row_of(r, tz, today))?
            .collect::<rusqlite::Result<_>>()?;
        columns.push(BoardColumn { status, count, overdue, hazards });
    }
    Ok(Board { columns, closed_since: since })
}

/// A hazard's history.
pub fn history(conn: &Connection, key: &str) -> Result<Vec<HazardEvent>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let id = live_hazard(conn, key)?;
    let mut stmt = conn.prepare(
        "SELECT e.seq, e.kind, e.at, e.actor, coalesce(u.display_name, e.actor), e.data, e.reason
         FROM hazard_event e LEFT JOIN app_user u ON u.id = e.actor WHERE e.hazard_id = ?1 ORDER BY e.seq",
    )?;
    let rows = stmt.query_map([&id], |r| {
        let at: String = r.get(2)?;
        let data: String = r.get(5)?;
        Ok(HazardEvent {
            seq: r.get(0)?,
            kind: r.get(1)?,
            at_local: time::from_db(&at).map(|t| time::utc_to_local_string(t, tz)).unwrap_or(at),
            actor: r.get(3)?,
            actor_name: r.get(4)?,
            data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
            reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
