//! Outbound shipments with their transfer manifests (转移联单) — HJ 1259-2022 B.5 委外利用/处置 —
//! and the receiver's confirmation.
//!
//! One shipment is one vehicle trip under one manifest number, with one line per container.
//! Shipping posts, in one transaction, the B.3 take-out of every container (never more than its
//! stock), the shipment and its B.5 lines; it is refused when the receiver's (or transporter's)
//! licence is not in force on the shipping day or does not cover a line's code, unless an admin
//! overrides with a written reason (kept on the shipment and in the audit trail). The
//! confirmation records the received weight per line, reconciled against the shipped weight
//! with the plant's tolerance; it is due 5 working days after receipt (plant calendar).
//! A shipment is never edited: voiding it reverses its take-outs.

use super::manifest::{self, WeightSource};
use super::receiver::{self, LicenceProblem};
use super::storage::{self, Facility};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{settings, Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipInput {
    /// The number the national system assigned (14 digits).
    pub manifest_no: String,
    /// Receiver id or name.
    pub receiver: String,
    /// Transporter id or name.
    pub transporter: Option<String>,
    pub vehicle_plate: Option<String>,
    /// in_province (default) | cross_province | export
    pub transfer_type: Option<String>,
    /// utilisation | disposal
    pub purpose: String,
    /// 利用/处置方式 code, e.g. R2, D10.
    pub method: String,
    /// Container ids; each leaves the facility where it is in stock, whole.
    pub containers: Vec<String>,
    /// measured (weighed at dispatch) | estimated
    pub weight_source: String,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` means now.
    pub shipped_at_local: Option<String>,
    /// An admin's written reason to ship despite a licence refusal.
    pub override_reason: Option<String>,
}

/// What shipping would do, without writing: the wizard's review step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipPreview {
    pub lines: Vec<PreviewLine>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    /// Refusals an admin may override with a reason.
    pub problems: Vec<LicenceProblem>,
    /// Accepted, but worth a look (legacy manifest number, capacity).
    pub warnings: Vec<String>,
    pub confirmation_due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewLine {
    pub container_id: String,
    pub facility_code: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipmentLine {
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line_no: i64,
    /// B.5 委外利用/处置批次编码.
    pub batch_code: String,
    /// B.3 出库批次编码 and the chain back to B.2 / B.1.
    pub out_batch: String,
    pub in_batch: Option<String>,
    pub generation_batch: Option<String>,
    pub facility_code: String,
    pub container_id: String,
    pub code: String,
    pub category: String,
    pub name: String,
    pub characteristics: String,
    pub weight_source: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub received_g: Option<i64>,
    pub received_kg: Option<String>,
    pub within_tolerance: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    InTransit,
    Confirmed,
    Discrepancy,
    Rejected,
    Voided,
}

impl ShipmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::Confirmed => "confirmed",
            ShipmentStatus::Discrepancy => "discrepancy",
            ShipmentStatus::Rejected => "rejected",
            ShipmentStatus::Voided => "voided",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Receipt {
    pub received_on: String,
    pub confirmed_on: String,
    pub outcome: String,
    pub method: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Shipment {
    pub id: String,
    pub manifest_no: String,
    pub manifest_warning: Option<String>,
    pub receiver_id: String,
    pub receiver_name: String,
    pub licence_no: Option<String>,
    pub transporter_name: Option<String>,
    pub vehicle_plate: String,
    pub transfer_type: String,
    pub purpose: String,
    pub method: String,
    pub shipped_at_local: String,
    pub shipped_on: String,
    pub status: ShipmentStatus,
    /// The receiver's confirmation deadline: 5 working days after receipt (before a receipt is
    /// recorded, counted from the shipping day — the earliest it can be).
    pub confirmation_due: String,
    /// Not confirmed and past the deadline.
    pub overdue: bool,
    pub override_reason: Option<String>,
    pub lines: Vec<ShipmentLine>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub received_total_g: Option<i64>,
    pub receipt: Option<Receipt>,
    pub void_reason: Option<String>,
}

struct Checked {
    tz: Tz,
    at: DateTime<Utc>,
    manifest: manifest::ManifestNumber,
    receiver_id: String,
    licence_id: Option<String>,
    transporter_id: Option<String>,
    transfer_type: &'static str,
    purpose: &'static str,
    weight_source: WeightSource,
    picks: Vec<(Facility, String, String, Grams)>, // facility, container, code, stock
    preview: ShipPreview,
}

fn one_of(field: &'static str, v: &str, allowed: &[&'static str]) -> Result<&'static str> {
    allowed
        .iter()
        .find(|a| **a == v.trim())
        .copied()
        .ok_or_else(|| Error::invalid(field, format!("'{}' is not one of: {}", v.trim(), allowed.join(", "))))
}

/// Every rule of shipping, read-only: used by [`preview`] and, inside the write transaction, by
/// [`ship`].
fn check(conn: &Connection, input: &ShipInput, now: DateTime<Utc>) -> Result<Checked> {
    let plant = crate::plant::require(conn)?;
    let tz = plant.tz()?;
    let at = time::entered_or_now("shipped_at", input.shipped_at_local.as_deref(), tz, now)?;
    let day = time::local_date(at, tz);
    let manifest = manifest::parse_manifest_number("manifest_no", &input.manifest_no, day)?;
    let dup: Option<String> = conn
        .query_row(
            "SELECT local_date FROM shipment WHERE manifest_no = ?1 AND voided_at IS NULL",
            [&manifest.number],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(d) = dup {
        return Err(Error::invalid(
            "manifest_no",
            format!("manifest {} was already used for the shipment of {d}", manifest.number),
        ));
    }
    let transfer_type = one_of(
        "transfer_type",
        input.transfer_type.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("in_province"),
        &["in_province", "cross_province", "export"],
    )?;
    let purpose = one_of("purpose", &input.purpose, &["utilisation", "disposal"])?;
    let weight_source = match one_of("weight_source", &input.weight_source, &["measured", "estimated"])? {
        "measured" => WeightSource::Measured,
        _ => WeightSource::Estimated,
    };
    let method = input.method.trim();
    if method.is_empty() || method.len() > 16 {
        return Err(Error::invalid("method", "give the 利用/处置方式 code (e.g. R2, D10)"));
    }
    let receiver = receiver::get(conn, "receiver", &input.receiver, day)?;
    if receiver.kind != "receiver" {
        return Err(Error::invalid("receiver", format!("{} is a transporter, not a receiver", receiver.name)));
    }
    let transporter = match input.transporter.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => {
            let c = receiver::get(conn, "transporter", t, day)?;
            if c.kind != "transporter" {
                return Err(Error::invalid("transporter", format!("{} is a receiver, not a transporter", c.name)));
            }
            Some(c)
        }
        None => None,
    };

    // The containers: each in stock in exactly one facility; shipped whole.
    if input.containers.is_empty() {
        return Err(Error::invalid("containers", "pick at least one container"));
    }
    let mut picks: Vec<(Facility, String, String, Grams)> = Vec::new();
    for raw in &input.containers {
        let c = raw.trim();
        if c.is_empty() {
            return Err(Error::invalid("containers", "a container id is blank"));
        }
        if picks.iter().any(|p| p.1 == c) {
            return Err(Error::invalid("containers", format!("container {c} is listed twice")));
        }
        let found: Option<(String, String, i64)> = conn
            .query_row(
                "SELECT facility_id, code, stock_g FROM waste_container_stock WHERE container_id = ?1 AND stock_g > 0
                 ORDER BY stock_g DESC LIMIT 1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((fac_id, code, stock)) = found else {
            return Err(Error::invalid("containers", format!("container {c} is not in stock anywhere")));
        };
        let fac = storage::facility(conn, "containers", &fac_id)?;
        let last_in: String = conn.query_row(
            "SELECT max(moved_at) FROM waste_movement WHERE facility_id = ?1 AND container_id = ?2
             AND kind = 'into_storage' AND reverses_id IS NULL",
            params![fac_id, c],
            |r| r.get(0),
        )?;
        let last_in = time::from_db(&last_in)?;
        if at < time::to_minute(last_in) {
            return Err(Error::invalid(
                "shipped_at",
                format!(
                    "container {c} entered {} at {}, later than the shipping time",
                    fac.code,
                    time::utc_to_local_string(last_in, tz)
                ),
            ));
        }
        picks.push((fac, c.to_string(), code, Grams(stock)));
    }
    let codes: Vec<String> = {
        let mut v: Vec<String> = picks.iter().map(|p| p.2.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let current = receiver.current.as_ref();
    let mut problems = receiver::check_licence(&receiver.name, current, receiver.licences.first(), day, &codes);
    if let Some(t) = &transporter {
        problems.extend(receiver::check_licence(&t.name, t.current.as_ref(), t.licences.first(), day, &[]));
    }
    let total: i64 = picks.iter().map(|p| p.3 .0).sum();
    let mut warnings = Vec::new();
    if let Some(w) = &manifest.warning {
        warnings.push(w.clone());
    }
    if let Some(cap) = current.and_then(|l| l.annual_capacity_g) {
        let year_total = receiver.shipped_this_year_g + total;
        if year_total > cap {
            warnings.push(format!(
                "{} would receive {} t from this plant this year, above its licensed annual capacity of {} t",
                receiver.name,
                Grams(year_total).t_string(),
                Grams(cap).t_string()
            ));
        }
    }
    if transfer_type == "cross_province" {
        warnings.push("cross-province transfer: it needs the provincial approval in force (Arts. 21–28)".into());
    }
    let cal = settings::work_calendar(conn)?;
    let preview = ShipPreview {
        lines: picks
            .iter()
            .map(|(f, c, code, g)| PreviewLine {
                container_id: c.clone(),
                facility_code: f.code.clone(),
                code: code.clone(),
                quantity_g: g.0,
                quantity_kg: g.kg_string(),
            })
            .collect(),
        total_g: total,
        total_kg: Grams(total).kg_string(),
        problems,
        warnings,
        confirmation_due: manifest::confirmation_due(day, &cal).to_string(),
    };
    Ok(Checked {
        tz,
        at,
        manifest,
        receiver_id: receiver.id,
        licence_id: current.map(|l| l.id.clone()),
        transporter_id: transporter.map(|t| t.id),
        transfer_type,
        purpose,
        weight_source,
        picks,
        preview,
    })
}

/// What [`ship`] would post and refuse, without writing.
pub fn preview(conn: &Connection, input: &ShipInput, now: DateTime<Utc>) -> Result<ShipPreview> {
    Ok(check(conn, input, now)?.preview)
}

fn line_prefix(transfer_type: &str, purpose: &str) -> &'static str {
    match (transfer_type, purpose) {
        ("export", "utilisation") => "HWCKLY",
        ("export", _) => "HWCKCZ",
        (_, "utilisation") => "HWWWLY",
        _ => "HWWWCZ",
    }
}

/// Ships containers under a manifest (EHS officers and admins; an override needs an admin).
pub fn ship(store: &mut Store, actor: &Session, input: ShipInput, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let override_reason = input.override_reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let tx = store.write_tx()?;
    let c = check(&tx, &input, now)?;
    if !c.preview.problems.is_empty() {
        let reasons: Vec<&str> = c.preview.problems.iter().map(|p| p.message.as_str()).collect();
        match override_reason {
            None => {
                let field = if c.preview.problems.iter().all(|p| p.message.contains("transporter")) {
                    "transporter"
                } else {
                    "receiver"
                };
                return Err(Error::invalid(field, format!("refused: {}", reasons.join("; "))));
            }
            Some(r) if r.chars().count() < 10 => {
                return Err(Error::invalid("override_reason", "an override needs a written reason (10+ characters)"));
            }
            Some(_) if actor.role != Role::Admin => {
                return Err(Error::Forbidden {
                    field: Some("override_reason"),
                    message: format!("only an admin may override a licence refusal ({})", reasons.join("; ")),
                });
            }
            Some(_) => {}
        }
    }
    let override_reason = if c.preview.problems.is_empty() { None } else { override_reason };
    let day = time::local_date(c.at, c.tz);
    let id = new_id();
    tx.execute(
        "INSERT INTO shipment (id, manifest_no, manifest_warning, receiver_id, licence_id, transporter_id, vehicle_plate,
            transfer_type, purpose, method, shipped_at, local_date, override_reason, override_by, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            id,
            c.manifest.number,
            c.manifest.warning,
            c.receiver_id,
            c.licence_id,
            c.transporter_id,
            input.vehicle_plate.as_deref().map(str::trim).unwrap_or(""),
            c.transfer_type,
            c.purpose,
            input.method.trim().to_ascii_uppercase(),
            time::to_db(c.at),
            day.to_string(),
            override_reason,
            override_reason.map(|_| actor.user_id.as_str()),
            actor.user_id,
            time::to_db(now)
        ],
    )?;
    let audit_reason = override_reason.map(|r| format!("licence override: {r}"));
    audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment", &id, None, audit_reason.as_deref())?;
    let prefix = line_prefix(c.transfer_type, c.purpose);
    let source = match c.weight_source {
        WeightSource::Measured => "measured",
        WeightSource::Estimated => "estimated",
    };
    for (i, (fac, container, _, _)) in c.picks.iter().enumerate() {
        let m = storage::take_out_in(&tx, c.tz, fac, container, None, None, c.at, actor, now)?;
        let (version, code): (String, String) =
            tx.query_row("SELECT catalogue_version, code FROM waste_movement WHERE id = ?1", [&m.id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let line_id = new_id();
        let batch = super::next_batch_code(&tx, "shipment_line", "", prefix, day)?;
        tx.execute(
            "INSERT INTO shipment_line (id, shipment_id, line_no, batch_code, movement_id, container_id, catalogue_version,
                code, quantity_g, weight_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![line_id, id, (i + 1) as i64, batch, m.id, container, version, code, m.quantity_g, source],
        )?;
        audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment_line", &line_id, None, None)?;
    }
    let s = get(&tx, &id, time::local_date(now, c.tz))?;
    tx.commit()?;
    Ok(s)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReceivedLine {
    pub container_id: String,
    /// Decimal text in `unit`.
    pub received: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ConfirmInput {
    /// Shipment id or manifest number.
    pub shipment: String,
    /// `YYYY-MM-DD` the receiver received the load.
    pub received_on: String,
    /// `YYYY-MM-DD` the receiver confirmed in the national system; default `received_on`.
    pub confirmed_on: Option<String>,
    /// Received weight per container. Empty with `as_shipped` = every line as shipped.
    pub lines: Vec<ReceivedLine>,
    pub unit: MassUnit,
    pub as_shipped: bool,
    /// The receiver rejected the load.
    pub rejected: bool,
    pub method: Option<String>,
    pub note: Option<String>,
}

/// Records the receiver's confirmation. Weights outside the tolerance make the outcome
/// `discrepancy` (a note is then required).
pub fn confirm(store: &mut Store, actor: &Session, input: ConfirmInput, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let today = time::local_date(now, tz);
    let s = find(&tx, "shipment", &input.shipment, today)?;
    match s.status {
        ShipmentStatus::Voided => return Err(Error::Conflict(format!("manifest {} is voided", s.manifest_no))),
        ShipmentStatus::InTransit => {}
        _ => return Err(Error::Conflict(format!("manifest {} is already confirmed", s.manifest_no))),
    }
    let received_on = time::parse_date("received_on", &input.received_on)?;
    if received_on.to_string() < s.shipped_on {
        return Err(Error::invalid("received_on", format!("received before it was shipped ({})", s.shipped_on)));
    }
    if received_on > today {
        return Err(Error::invalid("received_on", "received_on is in the future"));
    }
    let confirmed_on = match input.confirmed_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => time::parse_date("confirmed_on", t)?,
        None => received_on,
    };
    if confirmed_on < received_on || confirmed_on > today {
        return Err(Error::invalid("confirmed_on", "confirmed_on must be between received_on and today"));
    }
    let tol = settings::tolerance(&tx)?;
    let mut received: Vec<(String, i64, bool)> = Vec::new();
    for given in &input.lines {
        if !s.lines.iter().any(|l| l.container_id == given.container_id.trim()) {
            return Err(Error::invalid(
                "lines",
                format!("container {} is not on manifest {}", given.container_id.trim(), s.manifest_no),
            ));
        }
    }
    for l in &s.lines {
        let g = match input.lines.iter().find(|x| x.container_id.trim() == l.container_id) {
            Some(x) => Grams::parse(&x.received, input.unit)
                .map_err(|e| Error::invalid("lines", format!("container {}: {}", l.container_id, e.0)))?,
            None if input.rejected => Grams(0),
            None if input.as_shipped => Grams(l.quantity_g),
            None => {
                return Err(Error::invalid(
                    "lines",
                    format!("give the received weight of container {}", l.container_id),
                ))
            }
        };
        if g.0 < 0 {
            return Err(Error::invalid("lines", format!("container {}: received weight is negative", l.container_id)));
        }
        let source = if l.weight_source == "estimated" { WeightSource::Estimated } else { WeightSource::Measured };
        let r = manifest::reconcile(Grams(l.quantity_g), g, source, tol);
        received.push((l.id.clone(), g.0, r.within_tolerance));
    }
    let all_ok = received.iter().all(|r| r.2);
    let outcome = if input.rejected {
        "rejected"
    } else if all_ok {
        "confirmed"
    } else {
        "discrepancy"
    };
    let note = input.note.as_deref().map(str::trim).unwrap_or("");
    if outcome != "confirmed" && note.chars().count() < 2 {
        return Err(Error::invalid(
            "note",
            if input.rejected {
                "say why the receiver rejected the load".to_string()
            } else {
                "received weights differ beyond the tolerance: note the reason the receiver gave".to_string()
            },
        ));
    }
    let rid = new_id();
    tx.execute(
        "INSERT INTO shipment_receipt (id, shipment_id, received_on, confirmed_on, outcome, method, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            rid,
            s.id,
            received_on.to_string(),
            confirmed_on.to_string(),
            outcome,
            input.method.as_deref().map(str::trim).unwrap_or(""),
            note,
            actor.user_id,
            time::to_db(now)
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment_receipt", &rid, None, None)?;
    for (line_id, g, ok) in received {
        let id = new_id();
        tx.execute(
            "INSERT INTO shipment_receipt_line (id, receipt_id, line_id, received_g, within_tolerance) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, rid, line_id, g, ok as i64],
        )?;
        audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment_receipt_line", &id, None, None)?;
    }
    let s = get(&tx, &s.id, today)?;
    tx.commit()?;
    Ok(s)
}

/// Voids an unconfirmed shipment with a reason: its take-outs are reversed (the containers are
/// back in stock) and the manifest number is free again.
pub fn void(store: &mut Store, actor: &Session, shipment: &str, reason: &str, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", "say why the shipment is voided"));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let today = time::local_date(now, tz);
    let s = find(&tx, "shipment", shipment, today)?;
    match s.status {
        ShipmentStatus::Voided => return Err(Error::Conflict(format!("manifest {} is already voided", s.manifest_no))),
        ShipmentStatus::InTransit => {}
        _ => {
            return Err(Error::Conflict(format!(
                "manifest {} is confirmed by the receiver; it cannot be voided here",
                s.manifest_no
            )))
        }
    }
    audit::void_row(&tx, now, &actor.user_id, "shipment", &s.id, reason)?;
    let movements: Vec<String> = {
        let mut stmt = tx.prepare("SELECT movement_id FROM shipment_line WHERE shipment_id = ?1 ORDER BY line_no")?;
        let r = stmt.query_map([&s.id], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    for m in movements {
        storage::reverse_in(&tx, tz, &m, &format!("shipment {} voided: {reason}", s.manifest_no), actor, now)?;
    }
    let s = get(&tx, &s.id, today)?;
    tx.commit()?;
    Ok(s)
}

fn find(conn: &Connection, field: &'static str, id_or_manifest: &str, today: NaiveDate) -> Result<Shipment> {
    let key = id_or_manifest.trim();
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM shipment WHERE id = ?1 OR manifest_no = ?1 ORDER BY voided_at IS NULL DESC, recorded_at DESC LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(conn, &id, today),
        None => Err(Error::invalid(field, format!("no shipment with id or manifest number '{key}'"))),
    }
}

/// A shipment by id or manifest number.
pub fn by_ref(conn: &Connection, id_or_manifest: &str, today: NaiveDate) -> Result<Shipment> {
    find(conn, "shipment", id_or_manifest, today)
}

/// One shipment with its lines, chain and confirmation.
pub fn get(conn: &Connection, id: &str, today: NaiveDate) -> Result<Shipment> {
    let tz = crate::plant::require(conn)?.tz()?;
    get_with(conn, id, today, tz, &settings::work_calendar(conn)?)
}

/// [`get`] with the plant's zone and calendar already loaded (lists read them once).
fn get_with(
    conn: &Connection,
    id: &str,
    today: NaiveDate,
    tz: Tz,
    cal: &crate::calendar::WorkCalendar,
) -> Result<Shipment> {
    type Head = (
        String,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let h: Head = conn
        .query_row(
            "SELECT s.manifest_no, s.manifest_warning, s.receiver_id, r.name, l.licence_no, t.name, s.vehicle_plate,
                s.transfer_type, s.purpose, s.method, s.shipped_at, s.local_date, s.override_reason, s.voided_at, s.void_reason
             FROM shipment s JOIN counterparty r ON r.id = s.receiver_id
             LEFT JOIN counterparty_licence l ON l.id = s.licence_id
             LEFT JOIN counterparty t ON t.id = s.transporter_id WHERE s.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                    r.get(14)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "shipment", id: id.into() })?;
    let receipt: Option<Receipt> = conn
        .query_row(
            "SELECT received_on, confirmed_on, outcome, method, note FROM shipment_receipt WHERE shipment_id = ?1",
            [id],
            |r| {
                Ok(Receipt {
                    received_on: r.get(0)?,
                    confirmed_on: r.get(1)?,
                    outcome: r.get(2)?,
                    method: r.get(3)?,
                    note: r.get(4)?,
                })
            },
        )
        .optional()?;
    let lines: Vec<ShipmentLine> = {
        let mut stmt = conn.prepare_cached(
            "SELECT l.id, l.line_no, l.batch_code, m.batch_code,
                (SELECT i.batch_code FROM waste_movement i WHERE i.facility_id = m.facility_id AND i.container_id = m.container_id
                   AND i.kind = 'into_storage' AND i.reverses_id IS NULL AND i.moved_at <= m.moved_at ORDER BY i.moved_at DESC LIMIT 1),
                g.batch_code, f.code, l.container_id, l.code, c.category, c.name_zh, c.characteristics, l.weight_source,
                l.quantity_g, rl.received_g, rl.within_tolerance
             FROM shipment_line l JOIN waste_movement m ON m.id = l.movement_id
             JOIN storage_facility f ON f.id = m.facility_id
             JOIN hw_code c ON c.catalogue_version = l.catalogue_version AND c.code = l.code
             LEFT JOIN waste_generation g ON g.id = m.generation_id
             LEFT JOIN shipment_receipt_line rl ON rl.line_id = l.id
             WHERE l.shipment_id = ?1 ORDER BY l.line_no",
        )?;
        let rows = stmt.query_map([id], |r| {
            let q: i64 = r.get(13)?;
            let rec: Option<i64> = r.get(14)?;
            let ok: Option<i64> = r.get(15)?;
            Ok(ShipmentLine {
                id: r.get(0)?,
                line_no: r.get(1)?,
                batch_code: r.get(2)?,
                out_batch: r.get(3)?,
                in_batch: r.get(4)?,
                generation_batch: r.get(5)?,
                facility_code: r.get(6)?,
                container_id: r.get(7)?,
                code: r.get(8)?,
                category: r.get(9)?,
                name: r.get(10)?,
                characteristics: r.get(11)?,
                weight_source: r.get(12)?,
                quantity_g: q,
                quantity_kg: Grams(q).kg_string(),
                received_g: rec,
                received_kg: rec.map(|g| Grams(g).kg_string()),
                within_tolerance: ok.map(|v| v == 1),
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let (manifest_no, manifest_warning, receiver_id, receiver_name, licence_no, transporter_name, vehicle_plate) =
        (h.0, h.1, h.2, h.3, h.4, h.5, h.6);
    let (transfer_type, purpose, method, shipped_at, shipped_on, override_reason, voided_at, void_reason) =
        (h.7, h.8, h.9, h.10, h.11, h.12, h.13, h.14);
    let status = match (&voided_at, receipt.as_ref().map(|r| r.outcome.as_str())) {
        (Some(_), _) => ShipmentStatus::Voided,
        (None, None) => ShipmentStatus::InTransit,
        (None, Some("confirmed")) => ShipmentStatus::Confirmed,
        (None, Some("discrepancy")) => ShipmentStatus::Discrepancy,
        (None, Some(_)) => ShipmentStatus::Rejected,
    };
    let from = match &receipt {
        Some(r) => r.received_on.clone(),
        None => shipped_on.clone(),
    };
    let from = NaiveDate::parse_from_str(&from, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
    let due = manifest::confirmation_due(from, cal);
    let total: i64 = lines.iter().map(|l| l.quantity_g).sum();
    let received_total = receipt.as_ref().map(|_| lines.iter().filter_map(|l| l.received_g).sum());
    Ok(Shipment {
        id: id.into(),
        manifest_no,
        manifest_warning,
        receiver_id,
        receiver_name,
        licence_no,
        transporter_name,
        vehicle_plate,
        transfer_type,
        purpose,
        method,
        shipped_at_local: time::utc_to_local_string(time::from_db(&shipped_at)?, tz),
        shipped_on,
        status,
        confirmation_due: due.to_string(),
        overdue: status == ShipmentStatus::InTransit && today > due,
        override_reason,
        lines,
        total_g: total,
        total_kg: Grams(total).kg_string(),
        received_total_g: received_total,
        receipt,
        void_reason,
    })
}

/// Shipments shipped in `[from, to]` (plant-local days), newest first; voided ones only if asked.
pub fn list(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    include_voided: bool,
    today: NaiveDate,
) -> Result<Vec<Shipment>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT id FROM shipment WHERE local_date >= ?1 AND local_date <= ?2 AND (?3 OR voided_at IS NULL)
             ORDER BY shipped_at DESC",
        )?;
        let r = stmt.query_map(
            params![
                from.map(|d| d.to_string()).unwrap_or_default(),
                to.map(|d| d.to_string()).unwrap_or_else(|| "9999".into()),
                include_voided
            ],
            |r| r.get(0),
        )?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let tz = crate::plant::require(conn)?.tz()?;
    let cal = settings::work_calendar(conn)?;
    ids.iter().map(|id| get_with(conn, id, today, tz, &cal)).collect()
}

/// A manifest waiting for the receiver's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PendingAlert {
    pub shipment_id: String,
    pub manifest_no: String,
    pub receiver_name: String,
    pub shipped_on: String,
    pub confirmation_due: String,
    /// `error` when past due, `warning` on the due day or the working day before it.
    pub severity: String,
}

/// Unconfirmed manifests due within a working day, or overdue.
pub fn pending_alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<PendingAlert>> {
    let tz = crate::plant::require(conn)?.tz()?;
    let cal = settings::work_calendar(conn)?;
    let ids: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT s.id FROM shipment s WHERE s.voided_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM shipment_receipt r WHERE r.shipment_id = s.id) ORDER BY s.shipped_at",
        )?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for id in ids {
        let s = get_with(conn, &id, today, tz, &cal)?;
        let due =
            NaiveDate::parse_from_str(&s.confirmation_due, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
        let severity = if today > due {
            "error"
        } else if cal.add_working_days(today, 1) >= due {
            "warning"
        } else {
            continue;
        };
        out.push(PendingAlert {
            shipment_id: s.id,
            manifest_no: s.manifest_no,
            receiver_name: s.receiver_name,
            shipped_on: s.shipped_on,
            confirmation_due: s.confirmation_due,
            severity: severity.into(),
        });
    }
    Ok(out)
}

/// Licence and manifest alerts, shown next to the storage alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShippingAlerts {
    pub licences: Vec<receiver::LicenceAlert>,
    pub manifests: Vec<PendingAlert>,
}

pub fn shipping_alerts(conn: &Connection, today: NaiveDate) -> Result<ShippingAlerts> {
    Ok(ShippingAlerts { licences: receiver::licence_alerts(conn, today)?, manifests: pending_alerts(conn, today)? })
}
