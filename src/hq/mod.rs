//! HQ mode (issue 11): the group's HQ ESG team runs the same app on an HQ database — a file of
//! its own kind ([`crate::db::DbKind::Hq`], migrations in `db/hq/`) with its own users and
//! audit trail. HQ is a reviewer, never a co-editor (design.md): it keeps its registry, the
//! packets the plants signed, an import log and its review outcomes, never a plant record.
//!
//! - `registry`: segments, plants (boundary dates, keys with rotation), years (revenue,
//!   headcount definition) and historical figures;
//! - `import`: packets in from files, folders, `.eml` and the mailbox — verified against the
//!   plant key valid on the packet's day, schema and week checked, duplicates counted once,
//!   revisions kept; the import log says why anything was refused;
//! - `store`: the caches (counted revision per plant-week, plant-year figures) and their check;
//! - `grid`: week × plant review states; `review`: accept (locks) and return (signed message);
//! - `appendix`: the KPI appendix; `rounding`: its exact arithmetic.
//! - `safety`: the group safety view (hidden hazards per segment, the on-time rate as a ratio of
//!   sums, prior years), with its xlsx and PDF.
pub mod appendix;
pub mod dashboard;
pub mod grid;
pub mod import;
pub(crate) mod masks;
pub mod registry;
pub mod review;
pub mod rounding;
pub mod safety;
pub mod settings;
pub mod store;

use crate::audit::{self, Action};
use crate::db::{self, DbKind};
use crate::error::{Error, Result};
use crate::plant::users::{self, Role, Session};
use crate::{new_id, time, Store};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The roles that work in an HQ database.
pub const HQ_ROLES: &[Role] = &[Role::Admin, Role::HqAnalyst];

/// The group an HQ database reports for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HqOrg {
    pub id: String,
    pub name: String,
    pub timezone: String,
}

/// First-run set-up in HQ mode.
#[derive(Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HqSetupInput {
    pub group_name: String,
    pub timezone: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

impl std::fmt::Debug for HqSetupInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HqSetupInput").field("group_name", &self.group_name).finish_non_exhaustive()
    }
}

/// The group of this HQ database, if set up.
pub fn org(conn: &Connection) -> Result<Option<HqOrg>> {
    db::require_kind(conn, DbKind::Hq)?;
    Ok(conn
        .query_row("SELECT id, name, timezone FROM hq_org", [], |r| {
            Ok(HqOrg { id: r.get(0)?, name: r.get(1)?, timezone: r.get(2)? })
        })
        .optional()?)
}

/// The group, or an error saying the HQ database is not set up.
pub fn require(conn: &Connection) -> Result<HqOrg> {
    org(conn)?.ok_or_else(|| Error::Conflict(crate::msg::hq::hq_database_not_set()))
}

/// Creates the group and its first admin in a new HQ database (see [`Store::create_hq`]).
pub fn setup(store: &mut Store, input: HqSetupInput, now: DateTime<Utc>) -> Result<Session> {
    store.require_kind(DbKind::Hq)?;
    let name = input.group_name.trim();
    if name.is_empty() {
        return Err(Error::invalid("group_name", crate::msg::hq::groups_name_required()));
    }
    let name = &crate::text::identifier("group_name", "group name", name, 120)?;
    time::parse_tz("timezone", &input.timezone)?;
    let admin = users::validate_new(users::NewUser {
        username: input.admin_username,
        display_name: input.admin_display_name,
        role: Role::Admin,
        secret: input.admin_password,
    })?;
    let tx = store.write_tx()?;
    if org(&tx)?.is_some() {
        return Err(Error::Conflict(crate::msg::hq::hq_database_already_set()));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO hq_org (id, name, timezone, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, name, input.timezone.trim(), time::to_db(now)],
    )?;
    audit::record(&tx, now, audit::SYSTEM_ACTOR, Action::Insert, "hq_org", &id, None, Some("first-run set-up (HQ)"))?;
    let session = users::insert(&tx, audit::SYSTEM_ACTOR, admin, now)?;
    tx.commit()?;
    Ok(session)
}

/// Refuses unless `actor` may work at HQ and the file is a set-up HQ database.
pub(crate) fn require_actor(conn: &Connection, actor: &Session) -> Result<HqOrg> {
    actor.require(HQ_ROLES)?;
    require(conn)
}
