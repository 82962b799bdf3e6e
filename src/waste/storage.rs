//! Storage facilities and container movements (HJ 1259-2022 B.2 入库 / B.3 出库).
//!
//! Stock is never stored: a container's stock in a facility is the sum of its movements
//! (into − out). Every movement is checked against that derived stock in the same write
//! transaction, so no container, facility or stream can go negative. A wrong movement is
//! cancelled by a reversal row with a reason; nothing is edited or deleted. Alerts (storage
//! age, 贮存点 3 t cap, permitted capacity) are computed from the same sums with
//! [`super::storage_rules`].

use super::storage_rules::{self, AgeStatus, CapStatus, StorageLimits};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// 贮存库
    Store,
    /// 贮存场
    Yard,
    /// 贮存池
    Pool,
    /// 贮存罐区
    TankFarm,
    /// 贮存点 (real-time stock ≤ 3 t)
    Point,
}

impl FacilityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FacilityKind::Store => "store",
            FacilityKind::Yard => "yard",
            FacilityKind::Pool => "pool",
            FacilityKind::TankFarm => "tank_farm",
            FacilityKind::Point => "point",
        }
    }

    /// The name HJ 1259-2022 / HJ 1276-2022 use, as the official tables print it.
    pub fn name_zh(self) -> &'static str {
        match self {
            FacilityKind::Store => "贮存库",
            FacilityKind::Yard => "贮存场",
            FacilityKind::Pool => "贮存池",
            FacilityKind::TankFarm => "贮存罐区",
            FacilityKind::Point => "贮存点",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self> {
        match s.trim() {
            "store" | "贮存库" => Ok(FacilityKind::Store),
            "yard" | "贮存场" => Ok(FacilityKind::Yard),
            "pool" | "贮存池" => Ok(FacilityKind::Pool),
            "tank_farm" | "贮存罐区" => Ok(FacilityKind::TankFarm),
            "point" | "贮存点" => Ok(FacilityKind::Point),
            o => Err(Error::invalid(
                field,
                format!("'{o}' is not a facility kind (store, yard, pool, tank_farm, point)"),
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewFacility {
    pub code: String,
    pub name: String,
    pub kind: FacilityKind,
    /// Permitted / EIA capacity in tonnes (decimal text), if known.
    pub capacity_t: Option<String>,
    /// A stricter storage-time limit than the jurisdiction's (e.g. from the EIA).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub max_storage_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Facility {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: FacilityKind,
    pub capacity_kg: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub max_storage_days: Option<i64>,
}

/// The storage-time limits of a plant's jurisdiction profile. US plants default to the large
/// quantity generator's 90 days (the stricter RCRA status); EU to one year before disposal.
pub fn limits_for(j: crate::plant::Jurisdiction) -> StorageLimits {
    match j {
        crate::plant::Jurisdiction::CN | crate::plant::Jurisdiction::EU => StorageLimits::CN,
        crate::plant::Jurisdiction::US => StorageLimits::US_LQG,
    }
}

fn plant_tz(conn: &Connection) -> Result<Tz> {
    crate::plant::require(conn)?.tz()
}

/// Adds a storage facility. Admins and EHS officers.
pub fn add_facility(store: &mut Store, actor: &Session, input: NewFacility, now: DateTime<Utc>) -> Result<Facility> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let code = input.code.trim();
    if code.is_empty() || code.len() > 32 {
        return Err(Error::invalid("code", "a facility code of 1–32 characters is required (the code on the permit)"));
    }
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a facility name is required"));
    }
    let capacity = match input.capacity_t.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => {
            let g = Grams::parse(t, MassUnit::T).map_err(|e| Error::invalid("capacity_t", e.0))?;
            if g.0 <= 0 {
                return Err(Error::invalid("capacity_t", "capacity must be greater than 0"));
            }
            Some(g)
        }
    };
    if let Some(d) = input.max_storage_days {
        if !(1..=3650).contains(&d) {
            return Err(Error::invalid("max_storage_days", "a storage limit is 1 to 3650 days"));
        }
    }
    let tx = store.write_tx()?;
    crate::plant::require(&tx)?;
    let clash = tx
        .query_row("SELECT 1 FROM storage_facility WHERE code = ?1 AND voided_at IS NULL", [code], |_| Ok(()))
        .optional()?
        .is_some();
    if clash {
        return Err(Error::invalid("code", format!("a facility with code '{code}' already exists")));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO storage_facility (id, code, name, kind, capacity_g, max_storage_days, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            code,
            name,
            input.kind.as_str(),
            capacity.map(|g| g.0),
            input.max_storage_days,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "storage_facility", &id, None, None)?;
    let f = facility(&tx, "facility", &id)?;
    tx.commit()?;
    Ok(f)
}

const FACILITY_SELECT: &str =
    "SELECT id, code, name, kind, capacity_g, max_storage_days FROM storage_facility WHERE voided_at IS NULL";

/// A facility row as read: id, code, name, kind, capacity_g, max_storage_days.
type FacilityRow = (String, String, String, String, Option<i64>, Option<i64>);

fn map_facility(r: &rusqlite::Row<'_>) -> rusqlite::Result<FacilityRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn build_facility(row: FacilityRow) -> Result<Facility> {
    let (id, code, name, kind, cap, max_storage_days) = row;
    Ok(Facility {
        id,
        code,
        name,
        kind: FacilityKind::parse("kind", &kind)?,
        capacity_kg: cap.map(|g| Grams(g).kg_string()),
        max_storage_days,
    })
}

/// Active facilities by code.
pub fn facilities(conn: &Connection) -> Result<Vec<Facility>> {
    let mut stmt = conn.prepare_cached(&format!("{FACILITY_SELECT} ORDER BY code"))?;
    let rows = stmt.query_map([], map_facility)?;
    rows.map(|r| build_facility(r?)).collect()
}

/// An active facility by id or code.
pub fn facility(conn: &Connection, field: &'static str, id_or_code: &str) -> Result<Facility> {
    let mut stmt = conn.prepare_cached(&format!("{FACILITY_SELECT} AND (id = ?1 OR code = ?1)"))?;
    match stmt.query_row([id_or_code.trim()], map_facility).optional()? {
        Some(r) => build_facility(r),
        None => Err(Error::invalid(field, format!("no active storage facility '{id_or_code}'"))),
    }
}

/// Putting a container into storage (B.2 入库).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StoreInput {
    /// Facility id or code.
    pub facility: String,
    pub container_id: String,
    /// The 产生批次编码 of the container's generation entry; if absent, the newest live
    /// generation entry of `container_id` is used.
    pub generation_batch: Option<String>,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` means now.
    pub moved_at_local: Option<String>,
}

/// Taking (part of) a container out of storage (B.3 出库).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TakeOutInput {
    pub facility: String,
    pub container_id: String,
    /// Decimal text in `unit`; `None` takes the whole remaining stock.
    pub quantity: Option<String>,
    pub unit: MassUnit,
    pub moved_at_local: Option<String>,
    /// Where the waste goes (HJ 1259-2022 B.3 去向), e.g. "厂内预处理车间（压滤脱水）". Required: a
    /// take-out to a receiver goes through a shipment, one to own use/disposal through B.4.
    pub destination: String,
}

/// A posted movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Movement {
    pub id: String,
    pub batch_code: String,
    pub kind: String,
    pub facility_code: String,
    pub container_id: String,
    pub generation_batch: Option<String>,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
    pub moved_at_local: String,
    pub reverses_id: Option<String>,
    pub reason: Option<String>,
    /// B.3 去向 of a take-out posted on its own (shipments and B.4 name theirs by their link).
    pub destination: Option<String>,
}

/// Stock of one container in one facility (all movements so far).
pub fn container_stock(conn: &Connection, facility_id: &str, container_id: &str) -> Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END), 0)
         FROM waste_movement WHERE facility_id = ?1 AND container_id = ?2",
        params![facility_id, container_id],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

/// Stock of a whole facility now, from the per-day cache (a few thousand rows, not a scan of
/// the facility's movements).
fn facility_stock(conn: &Connection, facility_id: &str) -> Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(net_g), 0) FROM waste_storage_day WHERE facility_id = ?1",
        [facility_id],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

struct NewMovement<'a> {
    batch: String,
    kind: &'static str,
    facility_id: &'a str,
    container_id: &'a str,
    generation_id: Option<&'a str>,
    version: &'a str,
    code: &'a str,
    quantity: Grams,
    started_on: Option<String>,
    at: DateTime<Utc>,
    reverses_id: Option<&'a str>,
    reason: Option<&'a str>,
    /// B.3 去向 of a take-out posted on its own.
    destination: Option<&'a str>,
}

fn insert_movement(
    conn: &Connection,
    m: NewMovement<'_>,
    tz: Tz,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    conn.execute(
        "INSERT INTO waste_movement (id, batch_code, kind, facility_id, container_id, generation_id, catalogue_version, code,
            quantity_g, started_on, moved_at, local_date, reverses_id, reason, recorded_by, recorded_at, destination)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            id,
            m.batch,
            m.kind,
            m.facility_id,
            m.container_id,
            m.generation_id,
            m.version,
            m.code,
            m.quantity.0,
            m.started_on,
            time::to_db(m.at),
            time::local_date(m.at, tz).to_string(),
            m.reverses_id,
            m.reason,
            actor.user_id,
            time::to_db(now),
            m.destination
        ],
    )?;
    let action = if m.reverses_id.is_some() { Action::Void } else { Action::Insert };
    audit::record(conn, now, &actor.user_id, action, "waste_movement", &id, None, m.reason)?;
    Ok(id)
}

/// What every into/out-of-storage write starts from, checked: the write transaction, the plant's
/// zone, the facility, the container and the time of the move.
struct MoveCtx<'t> {
    tx: rusqlite::Transaction<'t>,
    tz: Tz,
    fac: Facility,
    container: String,
    at: DateTime<Utc>,
}

/// The rest of a movement, decided by the caller's own rules.
struct MovePost {
    kind: &'static str,
    prefix: &'static str,
    generation_id: Option<String>,
    version: String,
    code: String,
    quantity: Grams,
    started_on: Option<String>,
    destination: Option<String>,
}

fn begin_move<'s>(
    store: &'s mut Store,
    actor: &Session,
    facility_ref: &str,
    container: &str,
    moved_at_local: Option<&str>,
    now: DateTime<Utc>,
) -> Result<MoveCtx<'s>> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let tz = plant_tz(&tx)?;
    let fac = facility(&tx, "facility", facility_ref)?;
    let container = container.trim().to_string();
    if container.is_empty() {
        return Err(Error::invalid("container_id", "container id is required"));
    }
    let at = time::entered_or_now("moved_at", moved_at_local, tz, now)?;
    Ok(MoveCtx { tx, tz, fac, container, at })
}

impl MoveCtx<'_> {
    /// Posts the movement with its batch code and audit row, reads it back and commits.
    fn post(self, p: MovePost, actor: &Session, now: DateTime<Utc>) -> Result<Movement> {
        let m = post_in(&self.tx, self.tz, &self.fac.id, &self.container, self.at, p, actor, now)?;
        self.tx.commit()?;
        Ok(m)
    }
}

/// Posts a movement inside the caller's transaction: batch code, insert, audit row, read back.
#[allow(clippy::too_many_arguments)]
fn post_in(
    conn: &Connection,
    tz: Tz,
    facility_id: &str,
    container: &str,
    at: DateTime<Utc>,
    p: MovePost,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<Movement> {
    let batch =
        super::next_batch_code(conn, "waste_movement", "AND reverses_id IS NULL", p.prefix, time::local_date(at, tz))?;
    let new = NewMovement {
        batch,
        kind: p.kind,
        facility_id,
        container_id: container,
        generation_id: p.generation_id.as_deref(),
        version: &p.version,
        code: &p.code,
        quantity: p.quantity,
        started_on: p.started_on,
        at,
        reverses_id: None,
        reason: None,
        destination: p.destination.as_deref(),
    };
    let id = insert_movement(conn, new, tz, actor, now)?;
    movement(conn, tz, &id)
}

/// Puts a generated container into a storage facility (入库). The quantity, code and storage
/// clock start come from its generation entry. Refused if the container is already in stock
/// anywhere, or the entry is voided or later than the move.
pub fn store_container(store: &mut Store, actor: &Session, input: StoreInput, now: DateTime<Utc>) -> Result<Movement> {
    let ctx = begin_move(store, actor, &input.facility, &input.container_id, input.moved_at_local.as_deref(), now)?;
    let (tx, tz, at, container) = (&ctx.tx, ctx.tz, ctx.at, ctx.container.as_str());
    // The generation entry: by batch code, else the newest live entry of this container.
    let gen: Option<(String, String, String, String, i64, String, String)> = match input.generation_batch.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(batch) => tx
            .query_row(
                "SELECT id, batch_code, catalogue_version, code, quantity_g, generated_at, generated_local_date
                 FROM waste_generation WHERE batch_code = ?1 AND voided_at IS NULL AND container_id = ?2",
                params![batch, container],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?
            .map(Some)
            .ok_or_else(|| Error::invalid("generation_batch", format!("no live generation entry {batch} for container {container}")))?,
        None => tx
            .query_row(
                "SELECT id, batch_code, catalogue_version, code, quantity_g, generated_at, generated_local_date
                 FROM waste_generation WHERE container_id = ?1 AND voided_at IS NULL ORDER BY generated_at DESC LIMIT 1",
                [container],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?,
    };
    let Some((gen_id, gen_batch, version, code, qty, gen_at, gen_day)) = gen else {
        return Err(Error::invalid(
            "container_id",
            format!("container {container} has no live generation entry: record its generation first"),
        ));
    };
    if at < time::to_minute(time::from_db(&gen_at)?) {
        return Err(Error::invalid(
            "moved_at",
            format!(
                "container {container} cannot enter storage before it was generated ({})",
                time::utc_to_local_string(time::from_db(&gen_at)?, tz)
            ),
        ));
    }
    let stocked: Option<String> = tx
        .query_row(
            "SELECT f.code FROM waste_movement m JOIN storage_facility f ON f.id = m.facility_id
             WHERE m.container_id = ?1 GROUP BY m.facility_id
             HAVING sum(CASE m.kind WHEN 'into_storage' THEN m.quantity_g ELSE -m.quantity_g END) > 0 LIMIT 1",
            [container],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(f) = stocked {
        return Err(Error::Conflict(format!("container {container} is already in stock at {f}")));
    }
    let already: bool = tx
        .query_row(
            "SELECT 1 FROM waste_movement WHERE generation_id = ?1 AND kind = 'into_storage' GROUP BY generation_id HAVING sum(quantity_g) > 0",
            [&gen_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if already {
        return Err(Error::Conflict(format!("generation entry {gen_batch} was already put into storage")));
    }
    ctx.post(
        MovePost {
            kind: "into_storage",
            prefix: "HWRK",
            generation_id: Some(gen_id),
            version,
            code,
            quantity: Grams(qty),
            started_on: Some(gen_day),
            destination: None,
        },
        actor,
        now,
    )
}

/// Takes a container (or part of it) out of storage (出库). Never more than its stock.
pub fn take_out(store: &mut Store, actor: &Session, input: TakeOutInput, now: DateTime<Utc>) -> Result<Movement> {
    let ctx = begin_move(store, actor, &input.facility, &input.container_id, input.moved_at_local.as_deref(), now)?;
    let qty = match input.quantity.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(q) => Some(Grams::parse(q, input.unit).map_err(|e| Error::invalid("quantity", e.0))?),
    };
    let destination = input.destination.trim();
    if destination.chars().count() < 2 {
        return Err(Error::invalid("destination", "say where the waste goes (去向), e.g. the pre-treatment unit"));
    }
    if destination.chars().count() > 200 {
        return Err(Error::invalid("destination", "at most 200 characters"));
    }
    let m = take_out_in(&ctx.tx, ctx.tz, &ctx.fac, &ctx.container, qty, Some(destination), ctx.at, actor, now)?;
    ctx.tx.commit()?;
    Ok(m)
}

/// The take-out rules inside the caller's transaction (shipments and own treatment post their
/// B.3 rows through here, with no `destination`: their link names it). `None` takes the whole
/// remaining stock.
#[allow(clippy::too_many_arguments)]
pub(crate) fn take_out_in(
    tx: &Connection,
    tz: Tz,
    fac: &Facility,
    container: &str,
    quantity: Option<Grams>,
    destination: Option<&str>,
    at: DateTime<Utc>,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<Movement> {
    let stock = container_stock(tx, &fac.id, container)?;
    if stock.0 <= 0 {
        return Err(Error::invalid("container_id", format!("container {container} is not in stock at {}", fac.code)));
    }
    let qty = quantity.unwrap_or(stock);
    if qty.0 <= 0 {
        return Err(Error::invalid("quantity", "quantity must be greater than 0"));
    }
    if qty > stock {
        return Err(Error::invalid(
            "quantity",
            format!(
                "only {} kg of container {container} is in stock at {}; cannot take out {} kg",
                stock.kg_string(),
                fac.code,
                qty.kg_string()
            ),
        ));
    }
    let (gen_id, version, code, started, last_in): (Option<String>, String, String, Option<String>, String) = tx
        .query_row(
            "SELECT generation_id, catalogue_version, code, started_on, moved_at FROM waste_movement
         WHERE facility_id = ?1 AND container_id = ?2 AND kind = 'into_storage' AND reverses_id IS NULL
         ORDER BY moved_at DESC LIMIT 1",
            params![fac.id, container],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    if at < time::to_minute(time::from_db(&last_in)?) {
        return Err(Error::invalid("moved_at", format!("container {container} entered {} later than this", fac.code)));
    }
    post_in(
        tx,
        tz,
        &fac.id,
        container,
        at,
        MovePost {
            kind: "out_of_storage",
            prefix: "HWCK",
            generation_id: gen_id,
            version,
            code,
            quantity: qty,
            started_on: started,
            destination: destination.map(str::to_string),
        },
        actor,
        now,
    )
}

/// Reverses a posted movement with a reason (a negative row; the original stays). Reversing an
/// into-storage movement whose container was already taken out is refused: reverse the
/// take-out first, so stock never goes negative.
pub fn reverse(
    store: &mut Store,
    actor: &Session,
    movement_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Movement> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", "say why the movement is reversed"));
    }
    let tx = store.write_tx()?;
    let tz = plant_tz(&tx)?;
    let owner: Option<String> = tx
        .query_row(
            "SELECT s.manifest_no FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id WHERE l.movement_id = ?1
             UNION ALL SELECT t.batch_code FROM waste_own_treatment t WHERE t.movement_id = ?1",
            [movement_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(owner) = owner {
        return Err(Error::Conflict(format!(
            "this take-out belongs to {owner}; void that record instead (it reverses its take-outs)"
        )));
    }
    let m = reverse_in(&tx, tz, movement_id, reason, actor, now)?;
    tx.commit()?;
    Ok(m)
}

/// The reversal rules inside the caller's transaction.
pub(crate) fn reverse_in(
    tx: &Connection,
    tz: Tz,
    movement_id: &str,
    reason: &str,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<Movement> {
    let orig = movement(tx, tz, movement_id)?;

    if orig.reverses_id.is_some() {
        return Err(Error::Conflict(format!("{} is itself a reversal", orig.batch_code)));
    }
    let reversed: bool = tx
        .query_row("SELECT 1 FROM waste_movement WHERE reverses_id = ?1", [movement_id], |_| Ok(()))
        .optional()?
        .is_some();
    if reversed {
        return Err(Error::Conflict(format!("{} is already reversed", orig.batch_code)));
    }
    let (facility_id, gen_id, version, started): (String, Option<String>, String, Option<String>) = tx.query_row(
        "SELECT facility_id, generation_id, catalogue_version, started_on FROM waste_movement WHERE id = ?1",
        [movement_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    if orig.kind == "into_storage" {
        let stock = container_stock(tx, &facility_id, &orig.container_id)?;
        if stock.0 < orig.quantity_g {
            return Err(Error::Conflict(format!(
                "container {} has already left {} in part or whole; reverse that take-out first",
                orig.container_id, orig.facility_code
            )));
        }
    }
    let kind = if orig.kind == "into_storage" { "into_storage" } else { "out_of_storage" };
    let id = insert_movement(
        tx,
        NewMovement {
            batch: format!("{}-R", orig.batch_code),
            kind,
            facility_id: &facility_id,
            container_id: &orig.container_id,
            generation_id: gen_id.as_deref(),
            version: &version,
            code: &orig.code,
            quantity: Grams(-orig.quantity_g),
            started_on: started,
            at: now,
            reverses_id: Some(movement_id),
            reason: Some(reason),
            destination: None,
        },
        tz,
        actor,
        now,
    )?;
    movement(tx, tz, &id)
}

/// One movement by id.
pub fn movement(conn: &Connection, tz: Tz, id: &str) -> Result<Movement> {
    let row = conn
        .query_row(
            "SELECT m.id, m.batch_code, m.kind, f.code, m.container_id, g.batch_code, m.code, m.quantity_g, m.moved_at,
                    m.reverses_id, m.reason, m.destination
             FROM waste_movement m JOIN storage_facility f ON f.id = m.facility_id
             LEFT JOIN waste_generation g ON g.id = m.generation_id WHERE m.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "movement", id: id.to_string() })?;
    let (
        id,
        batch_code,
        kind,
        facility_code,
        container_id,
        generation_batch,
        code,
        q,
        at,
        reverses_id,
        reason,
        destination,
    ) = row;
    Ok(Movement {
        id,
        batch_code,
        kind,
        facility_code,
        container_id,
        generation_batch,
        code,
        quantity_g: q,
        quantity_kg: Grams(q).kg_string(),
        moved_at_local: time::utc_to_local_string(time::from_db(&at)?, tz),
        reverses_id,
        reason,
        destination,
    })
}

/// Stock per facility and code at the end of a plant-local day (or now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Balance {
    pub facility_code: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub stock_g: i64,
    pub stock_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub containers: i64,
}

/// Balances per facility and code, at the end of `at` (plant-local day) or including every
/// movement when `None`. Zero balances are left out.
pub fn balances(conn: &Connection, at: Option<NaiveDate>) -> Result<Vec<Balance>> {
    // From the per-day cache (db/0004): a few rows per facility, code and day, never a scan of
    // the movements. `storage_totals::check` proves the cache against the movements.
    let day = at.map(|d| d.to_string()).unwrap_or_else(|| "9999-12-31".into());
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, d.code, sum(d.net_g), sum(d.net_containers)
         FROM waste_storage_day d JOIN storage_facility f ON f.id = d.facility_id
         WHERE d.local_date <= ?1 GROUP BY f.code, d.code
         HAVING sum(d.net_g) <> 0 OR sum(d.net_containers) <> 0 ORDER BY f.code, d.code",
    )?;
    let rows = stmt.query_map([day], |r| {
        let g: i64 = r.get(2)?;
        Ok(Balance {
            facility_code: r.get(0)?,
            code: r.get(1)?,
            stock_g: g,
            stock_kg: Grams(g).kg_string(),
            containers: r.get(3)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// A container in stock with its storage clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockedContainer {
    pub facility_code: String,
    pub facility_kind: FacilityKind,
    pub container_id: String,
    pub code: String,
    pub stock: Grams,
    pub started_on: Option<NaiveDate>,
    pub age: AgeStatus,
}

/// Containers in stock now, oldest first, with their age on `today` under `limits` (a
/// facility's own `max_storage_days` overrides the limit).
pub fn stocked_containers(conn: &Connection, today: NaiveDate, limits: StorageLimits) -> Result<Vec<StockedContainer>> {
    containers_in_stock(conn, today, limits, None)
}

/// The `n` containers longest in store (unknown start dates first): the "must ship by" planner.
/// Read from the container-stock cache through its partial index on `started_on`.
pub fn oldest_containers(
    conn: &Connection,
    n: u32,
    today: NaiveDate,
    limits: StorageLimits,
) -> Result<Vec<StockedContainer>> {
    containers_in_stock(conn, today, limits, Some(n))
}

fn containers_in_stock(
    conn: &Connection,
    today: NaiveDate,
    limits: StorageLimits,
    limit: Option<u32>,
) -> Result<Vec<StockedContainer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, f.kind, f.max_storage_days, s.container_id, s.code, s.started_on, s.stock_g
         FROM waste_container_stock s JOIN storage_facility f ON f.id = s.facility_id
         WHERE s.stock_g > 0 ORDER BY s.started_on, f.code, s.container_id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit.map_or(-1, i64::from)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    rows.map(|r| {
        let (facility_code, kind, max_days, container_id, code, started, stock) = r?;
        let started_on = started.map(|s| time::parse_date("started_on", &s)).transpose()?;
        let lim = StorageLimits { max_days: max_days.unwrap_or(limits.max_days).min(limits.max_days), ..limits };
        Ok(StockedContainer {
            facility_code,
            facility_kind: FacilityKind::parse("kind", &kind)?,
            container_id,
            code,
            stock: Grams(stock),
            started_on,
            age: storage_rules::container_age(started_on, today, lim),
        })
    })
    .collect()
}

/// Something the EHS officer must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub severity: Severity,
    pub kind: AlertKind,
    pub subject: String,
    /// The alert as an English sentence (CLI, logs); the UI words it from `kind` and the fields.
    pub message: String,
    /// Days in store (age alerts).
    pub days: Option<i64>,
    /// Must-ship-by date (age alerts), `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Stock in kg (cap and capacity alerts).
    pub kg: Option<String>,
    /// The limit exceeded, in kg (cap and capacity alerts).
    pub limit_kg: Option<String>,
}

/// What an alert is about, so the UI can word it in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    AgeOverdue,
    AgeWarning,
    UnknownStart,
    PointOverCap,
    PointNearCap,
    OverCapacity,
}

impl Alert {
    fn new(severity: Severity, kind: AlertKind, subject: String, message: String) -> Alert {
        Alert { severity, kind, subject, message, days: None, date: None, kg: None, limit_kg: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
}

/// Storage alerts on `today`: containers near or over the storage limit or with no start date,
/// 贮存点 over (or near) 3 t, facilities over their permitted capacity. Most severe first.
pub fn alerts(conn: &Connection, today: NaiveDate, limits: StorageLimits) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for c in stocked_containers(conn, today, limits)? {
        let subject = format!("{} @ {}", c.container_id, c.facility_code);
        let aged = |sev, kind, days: i64, ship_by: NaiveDate, msg: String| Alert {
            days: Some(days),
            date: Some(ship_by.to_string()),
            ..Alert::new(sev, kind, subject.clone(), msg)
        };
        match c.age {
            AgeStatus::Overdue { age_days, ship_by } => out.push(aged(
                Severity::Critical,
                AlertKind::AgeOverdue,
                age_days,
                ship_by,
                format!("stored {age_days} days: over the limit since {ship_by}"),
            )),
            AgeStatus::Warning { age_days, ship_by } => out.push(aged(
                Severity::Warning,
                AlertKind::AgeWarning,
                age_days,
                ship_by,
                format!("stored {age_days} days: must ship by {ship_by}"),
            )),
            AgeStatus::UnknownStart => out.push(Alert::new(
                Severity::Warning,
                AlertKind::UnknownStart,
                subject.clone(),
                "no storage start date recorded: treat as urgent and record when it started".into(),
            )),
            AgeStatus::Ok { .. } => {}
        }
    }
    for f in facilities(conn)? {
        let stock = facility_stock(conn, &f.id)?;
        let massed = |sev, kind, limit: Grams, msg: String| Alert {
            kg: Some(stock.kg_string()),
            limit_kg: Some(limit.kg_string()),
            ..Alert::new(sev, kind, f.code.clone(), msg)
        };
        if f.kind == FacilityKind::Point {
            let cap = storage_rules::STORAGE_POINT_CAP;
            match storage_rules::storage_point_check(stock, Grams(0)) {
                CapStatus::OverCap => out.push(massed(
                    Severity::Critical,
                    AlertKind::PointOverCap,
                    cap,
                    format!("贮存点 holds {} kg: over the 3 t cap (GB 18597-2023 8.3.5)", stock.kg_string()),
                )),
                CapStatus::Warning => out.push(massed(
                    Severity::Warning,
                    AlertKind::PointNearCap,
                    cap,
                    format!("贮存点 holds {} kg: near the 3 t cap", stock.kg_string()),
                )),
                CapStatus::Ok => {}
            }
        }
        if let Some(cap) = f.capacity_kg.as_deref().and_then(|k| Grams::parse(k, MassUnit::Kg).ok()) {
            if stock > cap {
                out.push(massed(
                    Severity::Critical,
                    AlertKind::OverCapacity,
                    cap,
                    format!("holds {} kg, over its permitted capacity of {} kg", stock.kg_string(), cap.kg_string()),
                ));
            }
        }
    }
    out.sort_by_key(|a| a.severity);
    Ok(out)
}

/// How urgent a facility is, worst of its containers and its cap/capacity alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum FacilityStatus {
    Ok,
    Warning,
    Critical,
}

/// A container's storage clock as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ContainerStatus {
    Ok,
    Warning,
    Overdue,
    UnknownStart,
}

/// One facility with its stock now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FacilityStock {
    pub facility: Facility,
    pub stock_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub containers: i64,
    /// Age of the oldest container with a known start date.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub oldest_age_days: Option<i64>,
    pub worst: FacilityStatus,
}

/// A container in stock with its storage clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ContainerView {
    pub facility_code: String,
    pub container_id: String,
    pub code: String,
    pub stock_kg: String,
    /// `YYYY-MM-DD`, plant-local.
    pub started_on: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub age_days: Option<i64>,
    /// `YYYY-MM-DD`: the day the storage limit is reached (ship before it).
    pub ship_by: Option<String>,
    pub status: ContainerStatus,
}

/// A storage alert as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AlertView {
    pub severity: Severity,
    pub kind: AlertKind,
    pub subject: String,
    /// English fallback sentence.
    pub message: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub days: Option<i64>,
    pub date: Option<String>,
    pub kg: Option<String>,
    pub limit_kg: Option<String>,
}

/// The storage screen in one read: facilities with stock, containers oldest first, alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct InventoryOverview {
    /// The plant-local date the ages are counted to, `YYYY-MM-DD`.
    pub today: String,
    pub facilities: Vec<FacilityStock>,
    pub containers: Vec<ContainerView>,
    pub alerts: Vec<AlertView>,
}

/// Everything the inventory screen shows, on the plant-local date of `now` under the plant's
/// jurisdiction limits.
pub fn overview(conn: &Connection, now: DateTime<Utc>) -> Result<InventoryOverview> {
    let plant = crate::plant::require(conn)?;
    let today = time::local_date(now, plant.tz()?);
    let limits = limits_for(plant.jurisdiction);
    let containers: Vec<ContainerView> = stocked_containers(conn, today, limits)?
        .into_iter()
        .map(|c| {
            let (age_days, ship_by, status) = match c.age {
                AgeStatus::Ok { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Ok),
                AgeStatus::Warning { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Warning),
                AgeStatus::Overdue { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Overdue),
                AgeStatus::UnknownStart => (None, None, ContainerStatus::UnknownStart),
            };
            ContainerView {
                facility_code: c.facility_code,
                container_id: c.container_id,
                code: c.code,
                stock_kg: c.stock.kg_string(),
                started_on: c.started_on.map(|d| d.to_string()),
                age_days,
                ship_by: ship_by.map(|d| d.to_string()),
                status,
            }
        })
        .collect();
    let alerts: Vec<AlertView> = alerts(conn, today, limits)?
        .into_iter()
        .map(|a| AlertView {
            severity: a.severity,
            kind: a.kind,
            subject: a.subject,
            message: a.message,
            days: a.days,
            date: a.date,
            kg: a.kg,
            limit_kg: a.limit_kg,
        })
        .collect();
    let mut facilities_out = Vec::new();
    for f in facilities(conn)? {
        let stock = facility_stock(conn, &f.id)?;
        let mine: Vec<&ContainerView> = containers.iter().filter(|c| c.facility_code == f.code).collect();
        let from_containers = mine.iter().map(|c| match c.status {
            ContainerStatus::Ok => FacilityStatus::Ok,
            ContainerStatus::Warning | ContainerStatus::UnknownStart => FacilityStatus::Warning,
            ContainerStatus::Overdue => FacilityStatus::Critical,
        });
        let from_alerts = alerts.iter().filter(|a| a.subject == f.code).map(|a| match a.severity {
            Severity::Critical => FacilityStatus::Critical,
            Severity::Warning => FacilityStatus::Warning,
        });
        let worst = from_containers.chain(from_alerts).max().unwrap_or(FacilityStatus::Ok);
        facilities_out.push(FacilityStock {
            stock_kg: stock.kg_string(),
            containers: mine.len() as i64,
            oldest_age_days: mine.iter().filter_map(|c| c.age_days).max(),
            worst,
            facility: f,
        });
    }
    Ok(InventoryOverview { today: today.to_string(), facilities: facilities_out, containers, alerts })
}
