//! The plant (one per database) and its yearly headcount, plus first-run set-up, which creates
//! the plant and its first admin in one transaction. Users and sign-in are in [`users`].

pub mod settings;
pub mod uscc;
pub mod users;

use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::indicators::{AreaFigures, Figure};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
pub use uscc::check_uscc;
pub use users::{Role, Session};

/// The regulatory regime a plant works under (storage clocks, code systems, calendars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Jurisdiction {
    #[default]
    CN,
    /// US RCRA: the generator status (setting `us_generator_status`) sets the storage clock.
    US,
    /// Reserved: EU rules arrive in a later release.
    EU,
}

impl Jurisdiction {
    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::CN => "CN",
            Jurisdiction::US => "US",
            Jurisdiction::EU => "EU",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "CN" => Ok(Jurisdiction::CN),
            "US" => Ok(Jurisdiction::US),
            "EU" => Ok(Jurisdiction::EU),
            _ => Err(Error::invalid(field, crate::msg::plant::not_jurisdiction_cn_us(&s))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Plant {
    pub id: String,
    pub code: String,
    pub name: String,
    pub segment: String,
    pub jurisdiction: Jurisdiction,
    pub timezone: String,
}

impl Plant {
    pub fn tz(&self) -> Result<Tz> {
        time::parse_tz("timezone", &self.timezone)
    }
}

/// First-run set-up: the plant and its first admin.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SetupInput {
    pub plant_code: String,
    pub plant_name: String,
    pub segment: String,
    pub jurisdiction: Jurisdiction,
    pub timezone: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

impl std::fmt::Debug for SetupInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupInput")
            .field("plant_code", &self.plant_code)
            .field("admin_username", &self.admin_username)
            .finish_non_exhaustive()
    }
}

/// What the app shows at start-up.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppStatus {
    pub initialized: bool,
    /// Plant or HQ: which app the window shows.
    pub mode: crate::db::DbKind,
    pub plant: Option<Plant>,
    /// The HQ group (HQ mode).
    pub group: Option<crate::hq::HqOrg>,
    pub session: Option<Session>,
    pub db_path: String,
}

/// Full-time and total headcount of one calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Headcount {
    pub year: i32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub full_time: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
}

/// The plant of this database, if set up.
pub fn get(conn: &Connection) -> Result<Option<Plant>> {
    crate::db::require_kind(conn, crate::db::DbKind::Plant)?;
    conn.query_row("SELECT id, code, name, segment, jurisdiction, timezone FROM plant", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get(5)?))
    })
    .optional()?
    .map(|(id, code, name, segment, j, timezone)| {
        Ok(Plant { id, code, name, segment, jurisdiction: Jurisdiction::parse("jurisdiction", &j)?, timezone })
    })
    .transpose()
}

/// The plant, or an error saying the database is not set up yet.
pub fn require(conn: &Connection) -> Result<Plant> {
    get(conn)?.ok_or_else(|| Error::Conflict(crate::msg::plant::plant_not_set_up()))
}

/// The plant-local calendar day of `now`: the one "today" that ages, deadlines and alerts are
/// counted to. Both shells call this instead of converting the clock themselves.
pub fn today(conn: &Connection, now: DateTime<Utc>) -> Result<chrono::NaiveDate> {
    Ok(time::local_date(now, require(conn)?.tz()?))
}

/// Start-up status for the app.
/// Start-up status for the app, for either kind of database.
pub fn status(store: &Store, session: Option<Session>) -> Result<AppStatus> {
    let db_path = store.path().display().to_string();
    if store.kind() == crate::db::DbKind::Hq {
        let group = crate::hq::org(store.conn())?;
        return Ok(AppStatus {
            initialized: group.is_some(),
            mode: store.kind(),
            plant: None,
            group,
            session,
            db_path,
        });
    }
    let plant = get(store.conn())?;
    Ok(AppStatus { initialized: plant.is_some(), mode: store.kind(), plant, group: None, session, db_path })
}

fn check_plant_code(code: &str) -> Result<()> {
    let ok = !code.is_empty()
        && code.len() <= 32
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid("plant_code", crate::msg::plant::must_1_32_letters(&code)))
    }
}

/// Creates the plant and its first admin, and signs the admin in. Refused once set up.
pub fn setup(store: &mut Store, input: SetupInput, now: DateTime<Utc>) -> Result<Session> {
    let code = input.plant_code.trim();
    check_plant_code(code)?;
    let name = input.plant_name.trim();
    if name.is_empty() {
        return Err(Error::invalid("plant_name", crate::msg::plant::plant_name_required()));
    }
    time::parse_tz("timezone", &input.timezone)?;
    let admin = users::NewUser {
        username: input.admin_username,
        display_name: input.admin_display_name,
        role: Role::Admin,
        secret: input.admin_password,
    };
    let admin = users::validate_new(admin)?;
    let tx = store.write_tx()?;
    if get(&tx)?.is_some() {
        return Err(Error::Conflict(crate::msg::plant::database_already_has_plant()));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO plant (id, code, name, segment, jurisdiction, timezone, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, code, name, input.segment.trim(), input.jurisdiction.as_str(), input.timezone.trim(), time::to_db(now)],
    )?;
    audit::record(&tx, now, audit::SYSTEM_ACTOR, Action::Insert, "plant", &id, None, Some("first-run set-up"))?;
    for hook in crate::areas::ON_SETUP {
        hook(&tx, now)?;
    }
    let session = users::insert(&tx, audit::SYSTEM_ACTOR, admin, now)?;
    tx.commit()?;
    Ok(session)
}

/// Sets (or corrects) the headcount of a calendar year. Admins and plant managers only.
pub fn set_headcount(store: &mut Store, actor: &Session, hc: Headcount, now: DateTime<Utc>) -> Result<Headcount> {
    actor.require(&[Role::Admin, Role::PlantManager])?;
    if !(1900..=2999).contains(&hc.year) {
        return Err(Error::invalid("year", crate::msg::common::not_calendar_year(&hc.year)));
    }
    if hc.full_time < 0 {
        return Err(Error::invalid("full_time", crate::msg::plant::full_time_headcount_cannot()));
    }
    if hc.total < hc.full_time {
        return Err(Error::invalid("total", crate::msg::plant::total_headcount_below_full(&hc.total, &hc.full_time)));
    }
    let tx = store.write_tx()?;
    require(&tx)?;
    let existing: Option<String> =
        tx.query_row("SELECT id FROM plant_headcount WHERE year = ?1", [hc.year], |r| r.get(0)).optional()?;
    let (id, action, before) = match existing {
        Some(id) => {
            let before = audit::row_json(&tx, "plant_headcount", &id)?;
            tx.execute(
                "UPDATE plant_headcount SET full_time = ?2, total = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, hc.full_time, hc.total, time::to_db(now)],
            )?;
            (id, Action::Update, before)
        }
        None => {
            let id = new_id();
            tx.execute(
                "INSERT INTO plant_headcount (id, year, full_time, total, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, hc.year, hc.full_time, hc.total, time::to_db(now)],
            )?;
            (id, Action::Insert, None)
        }
    };
    audit::record(&tx, now, &actor.user_id, action, "plant_headcount", &id, before, None)?;
    tx.commit()?;
    Ok(hc)
}

/// Headcounts by year, oldest first.
pub fn headcounts(conn: &Connection) -> Result<Vec<Headcount>> {
    let mut stmt = conn.prepare("SELECT year, full_time, total FROM plant_headcount ORDER BY year")?;
    let rows = stmt.query_map([], |r| Ok(Headcount { year: r.get(0)?, full_time: r.get(1)?, total: r.get(2)? }))?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// The plant's figure source ([`crate::areas::FIGURE_SOURCES`]): full-time and total headcount
/// of the calendar year of `to`. No figure when that year has no headcount recorded (never an
/// invented value); a range spanning two years is split by the week summary before it gets here.
pub fn figures(conn: &Connection, _from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<AreaFigures> {
    use chrono::Datelike;
    let hc: Option<(i64, i64)> = conn
        .query_row("SELECT full_time, total FROM plant_headcount WHERE year = ?1", [to.year()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let figures = match hc {
        Some((full_time, total)) => {
            vec![Figure::of("headcount_full_time", full_time)?, Figure::of("headcount_total", total)?]
        }
        None => Vec::new(),
    };
    // The headcount is a yearly setting, not a ledger record: it counts as no activity.
    Ok(AreaFigures { figures, records: 0, details: serde_json::Value::Null })
}
