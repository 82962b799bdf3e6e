//! Container movements (HJ 1259-2022 B.2 入库 / B.3 出库) and their reversals. Every movement is
//! checked against the derived stock inside its write transaction; a wrong movement is cancelled by
//! a reversal row with a reason, never edited.

use super::facility::{facility, plant_tz, Facility};
use super::stock::container_stock;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::waste::appendix::{valid_handlers, Handlers};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// A movement's direction: into storage (B.2 入库) or out of it (B.3 出库). A reversal has
    /// the kind of the movement it reverses, with a negative quantity.
    pub enum MovementKind {
        IntoStorage = "into_storage",
        OutOfStorage = "out_of_storage",
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
    /// 运送部门经办人 (transport side) and 贮存部门经办人 (storage side), with departments.
    #[serde(default)]
    pub handlers: Handlers,
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
    /// 出库部门经办人 (storage side) and 运送部门经办人 (transport side), with departments.
    #[serde(default)]
    pub handlers: Handlers,
}

/// A posted movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Movement {
    pub id: String,
    pub batch_code: String,
    pub kind: MovementKind,
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
    /// The step's handlers (Appendix B), where recorded.
    pub handlers: Handlers,
}

struct NewMovement<'a> {
    batch: String,
    kind: MovementKind,
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
    /// The manifest line a rejected container comes back from (a return put-away).
    return_of_line_id: Option<&'a str>,
    handlers: &'a Handlers,
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
            quantity_g, started_on, moved_at, local_date, reverses_id, reason, recorded_by, recorded_at, destination,
            return_of_line_id, handler, handler_dept, transport_handler, transport_dept)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
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
            m.destination,
            m.return_of_line_id,
            m.handlers.handler,
            m.handlers.handler_dept,
            m.handlers.transport_handler,
            m.handlers.transport_dept
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
pub(super) struct MovePost {
    kind: MovementKind,
    prefix: &'static str,
    generation_id: Option<String>,
    version: String,
    pub(super) code: String,
    pub(super) quantity: Grams,
    started_on: Option<String>,
    destination: Option<String>,
    return_of_line_id: Option<String>,
    handlers: Handlers,
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
    let container = crate::text::identifier(
        "container_id",
        "container id",
        container,
        crate::waste::generation::MAX_IDENTIFIER_CHARS,
    )?;
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
    let batch = super::super::next_batch_code(
        conn,
        "waste_movement",
        "AND reverses_id IS NULL",
        p.prefix,
        time::local_date(at, tz),
    )?;
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
        return_of_line_id: p.return_of_line_id.as_deref(),
        handlers: &p.handlers,
    };
    let id = insert_movement(conn, new, tz, actor, now)?;
    movement(conn, tz, &id)
}

/// Puts a generated container into a storage facility (入库). The quantity, code and storage
/// clock start come from its generation entry. Refused if the container is already in stock
/// anywhere, or the entry is voided or later than the move.
pub fn store_container(store: &mut Store, actor: &Session, input: StoreInput, now: DateTime<Utc>) -> Result<Movement> {
    let handlers = valid_handlers(&input.handlers)?;
    let ctx = begin_move(store, actor, &input.facility, &input.container_id, input.moved_at_local.as_deref(), now)?;
    if let Some(b) = &input.generation_batch {
        crate::text::no_hidden_chars("generation_batch", "the generation batch code", b)?;
    }
    let mut p = plan_store(&ctx.tx, ctx.tz, &ctx.container, input.generation_batch.as_deref(), ctx.at)?;
    p.handlers = handlers;
    ctx.post(p, actor, now)
}

/// The put-away rules (read-only): the container's generation entry (by batch code, else its
/// newest live one), not later than the move, not in stock anywhere, not stored before. Used by
/// [`store_container`] inside its transaction and by [`super::check_store`].
pub(super) fn plan_store(
    tx: &Connection,
    tz: Tz,
    container: &str,
    generation_batch: Option<&str>,
    at: DateTime<Utc>,
) -> Result<MovePost> {
    // The generation entry: by batch code, else the newest live entry of this container.
    let gen: Option<(String, String, String, String, i64, String, String)> = match generation_batch.map(str::trim).filter(|s| !s.is_empty()) {
        Some(batch) => tx
            .query_row(
                "SELECT id, batch_code, catalogue_version, code, quantity_g, generated_at, generated_local_date
                 FROM waste_generation WHERE batch_code = ?1 AND voided_at IS NULL AND container_id = ?2",
                params![batch, container],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?
            .map(Some)
            .ok_or_else(|| Error::invalid("generation_batch", crate::msg::waste::no_live_generation_entry(&batch, &container)))?,
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
        return Err(Error::invalid("container_id", crate::msg::waste::container_has_no_live_generation(&container)));
    };
    if at < time::to_minute(time::from_db(&gen_at)?) {
        return Err(Error::invalid(
            "moved_at",
            crate::msg::waste::container_cannot_enter_storage(
                &container,
                &time::utc_to_local_string(time::from_db(&gen_at)?, tz),
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
        return Err(Error::Conflict(crate::msg::waste::container_already_stock(&container, &f)));
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
        return Err(Error::Conflict(crate::msg::waste::generation_entry_was_already(&gen_batch)));
    }
    Ok(MovePost {
        kind: MovementKind::IntoStorage,
        prefix: "HWRK",
        generation_id: Some(gen_id),
        version,
        code,
        quantity: Grams(qty),
        started_on: Some(gen_day),
        destination: None,
        return_of_line_id: None,
        handlers: Handlers::default(),
    })
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
        return Err(Error::invalid("destination", crate::msg::waste::say_where_waste_goes()));
    }
    if destination.chars().count() > 200 {
        return Err(Error::invalid("destination", crate::msg::common::too_long(&200)));
    }
    let handlers = valid_handlers(&input.handlers)?;
    let m =
        take_out_in(&ctx.tx, ctx.tz, &ctx.fac, &ctx.container, qty, Some(destination), &handlers, ctx.at, actor, now)?;
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
    handlers: &Handlers,
    at: DateTime<Utc>,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<Movement> {
    let stock = container_stock(tx, &fac.id, container)?;
    if stock.0 <= 0 {
        return Err(Error::invalid("container_id", crate::msg::waste::container_not_stock(&container, &fac.code)));
    }
    let qty = quantity.unwrap_or(stock);
    if qty.0 <= 0 {
        return Err(Error::invalid("quantity", crate::msg::common::must_be_positive()));
    }
    if qty > stock {
        return Err(Error::invalid(
            "quantity",
            crate::msg::waste::only_kg_container_stock(&stock.kg_string(), &container, &fac.code, &qty.kg_string()),
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
        return Err(Error::invalid(
            "moved_at",
            crate::msg::waste::container_entered_later_than2(&container, &fac.code),
        ));
    }
    post_in(
        tx,
        tz,
        &fac.id,
        container,
        at,
        MovePost {
            kind: MovementKind::OutOfStorage,
            prefix: "HWCK",
            generation_id: gen_id,
            version,
            code,
            quantity: qty,
            started_on: started,
            destination: destination.map(str::to_string),
            return_of_line_id: None,
            handlers: handlers.clone(),
        },
        actor,
        now,
    )
}

/// Puts a container the receiver rejected back into the facility it left from (B.2 入库), inside
/// the caller's transaction: the return names the manifest line, brings back the mass that left
/// (the line's shipped weight) and keeps the container's original storage-clock start. Refused
/// when the line was already returned, the facility is voided, or a container of the same id is
/// in stock again (a reused id must be told apart before the return is booked).
pub(crate) fn return_in(
    tx: &Connection,
    tz: Tz,
    line_id: &str,
    at: DateTime<Utc>,
    actor: &Session,
    now: DateTime<Utc>,
) -> Result<Movement> {
    let (out_id, manifest, shipped_at): (String, String, String) = tx.query_row(
        "SELECT l.movement_id, s.manifest_no, s.shipped_at FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
         WHERE l.id = ?1",
        [line_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let returned: Option<String> = tx
        .query_row(
            "SELECT batch_code FROM waste_movement WHERE return_of_line_id = ?1 AND reverses_id IS NULL",
            [line_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(b) = returned {
        return Err(Error::Conflict(crate::msg::waste::line_manifest_already_back(&manifest, &b)));
    }
    let (facility_id, container, gen_id, version, code, qty, started): (
        String,
        String,
        Option<String>,
        String,
        String,
        i64,
        Option<String>,
    ) = tx.query_row(
        "SELECT facility_id, container_id, generation_id, catalogue_version, code, quantity_g, started_on
         FROM waste_movement WHERE id = ?1",
        [&out_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    facility(tx, "facility", &facility_id)
        .map_err(|_| Error::Conflict(crate::msg::waste::facility_container_left_from(&container, &manifest)))?;
    let stocked: Option<String> = tx
        .query_row(
            "SELECT f.code FROM waste_container_stock c JOIN storage_facility f ON f.id = c.facility_id
             WHERE c.container_id = ?1 AND c.stock_g > 0 LIMIT 1",
            [&container],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(f) = stocked {
        return Err(Error::Conflict(crate::msg::waste::container_stock_again_rejected(&container, &f, &manifest)));
    }
    if at < time::to_minute(time::from_db(&shipped_at)?) {
        return Err(Error::invalid(
            "returned_at",
            crate::msg::waste::container_cannot_come_back(&container, &manifest),
        ));
    }
    post_in(
        tx,
        tz,
        &facility_id,
        &container,
        at,
        MovePost {
            kind: MovementKind::IntoStorage,
            prefix: "HWRK",
            generation_id: gen_id,
            version,
            code,
            quantity: Grams(qty),
            started_on: started,
            destination: None,
            return_of_line_id: Some(line_id.to_string()),
            handlers: Handlers::default(),
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
        return Err(Error::invalid("reason", crate::msg::waste::say_why_movement_reversed()));
    }
    let tx = store.write_tx()?;
    let tz = plant_tz(&tx)?;
    let owner: Option<String> = tx
        .query_row(
            "SELECT s.manifest_no FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id WHERE l.movement_id = ?1
             UNION ALL SELECT t.batch_code FROM waste_own_treatment t WHERE t.movement_id = ?1
             UNION ALL SELECT s.manifest_no FROM waste_movement m JOIN shipment_line l ON l.id = m.return_of_line_id
               JOIN shipment s ON s.id = l.shipment_id WHERE m.id = ?1",
            [movement_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(owner) = owner {
        return Err(Error::Conflict(crate::msg::waste::movement_belongs_void_record(&owner)));
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
        return Err(Error::Conflict(crate::msg::waste::itself_reversal(&orig.batch_code)));
    }
    let reversed: bool = tx
        .query_row("SELECT 1 FROM waste_movement WHERE reverses_id = ?1", [movement_id], |_| Ok(()))
        .optional()?
        .is_some();
    if reversed {
        return Err(Error::Conflict(crate::msg::waste::already_reversed(&orig.batch_code)));
    }
    let (facility_id, gen_id, version, started): (String, Option<String>, String, Option<String>) = tx.query_row(
        "SELECT facility_id, generation_id, catalogue_version, started_on FROM waste_movement WHERE id = ?1",
        [movement_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    if orig.kind == MovementKind::IntoStorage {
        let stock = container_stock(tx, &facility_id, &orig.container_id)?;
        if stock.0 < orig.quantity_g {
            return Err(Error::Conflict(crate::msg::waste::container_has_already_left(
                &orig.container_id,
                &orig.facility_code,
            )));
        }
    }
    let kind = orig.kind;
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
            return_of_line_id: None,
            handlers: &Handlers::default(),
        },
        tz,
        actor,
        now,
    )?;
    movement(tx, tz, &id)
}

/// One movement by id.
pub fn movement(conn: &Connection, tz: Tz, id: &str) -> Result<Movement> {
    let mut m = conn
        .query_row(
            "SELECT m.id, m.batch_code, m.kind, f.code, m.container_id, g.batch_code, m.code, m.quantity_g, m.moved_at,
                    m.reverses_id, m.reason, m.destination, m.handler, m.handler_dept, m.transport_handler, m.transport_dept
             FROM waste_movement m JOIN storage_facility f ON f.id = m.facility_id
             LEFT JOIN waste_generation g ON g.id = m.generation_id WHERE m.id = ?1",
            [id],
            |r| {
                let q: i64 = r.get(7)?;
                Ok(Movement {
                    id: r.get(0)?,
                    batch_code: r.get(1)?,
                    kind: r.get(2)?,
                    facility_code: r.get(3)?,
                    container_id: r.get(4)?,
                    generation_batch: r.get(5)?,
                    code: r.get(6)?,
                    quantity_g: q,
                    quantity_kg: Grams(q).kg_string(),
                    // UTC as stored; made plant-local below (the conversion can fail).
                    moved_at_local: r.get(8)?,
                    reverses_id: r.get(9)?,
                    reason: r.get(10)?,
                    destination: r.get(11)?,
                    handlers: Handlers {
                        handler: r.get(12)?,
                        handler_dept: r.get(13)?,
                        transport_handler: r.get(14)?,
                        transport_dept: r.get(15)?,
                    },
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "movement", id: id.to_string() })?;
    m.moved_at_local = time::utc_to_local_string(time::from_db(&m.moved_at_local)?, tz);
    Ok(m)
}
