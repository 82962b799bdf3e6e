//! Posting a shipment (B.3 take-outs + the shipment + its B.5 lines, one transaction) and voiding
//! one (its take-outs are reversed; the manifest number is free again).

use super::super::storage::{self};
use super::check::{check, line_prefix, ShipInput};
use super::read::{find, get, Shipment, ShipmentStatus};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::params;

/// Ships containers under a manifest (EHS officers and admins). A problem that is not
/// overridable refuses; the others need an admin's written reason, kept on the shipment and in
/// the audit trail.
pub fn ship(store: &mut Store, actor: &Session, input: ShipInput, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let override_reason = input.override_reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let handlers = crate::waste::appendix::valid_handlers(&input.handlers)?;
    let tx = store.write_tx()?;
    let c = check(&tx, &input, now)?;
    let refusals: Vec<_> = c.preview.problems.iter().filter(|p| !p.overridable).collect();
    if let Some(first) = refusals.first() {
        let reasons: Vec<&str> = refusals.iter().map(|p| p.message.as_str()).collect();
        return Err(Error::invalid(first.field, crate::msg::waste::refused(&reasons.join("; "))));
    }
    let problems = &c.preview.problems;
    if let Some(first) = problems.first() {
        let reasons: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        match override_reason {
            None => return Err(Error::invalid(first.field, crate::msg::waste::refused(&reasons.join("; ")))),
            Some(r) if r.chars().count() < 10 => {
                return Err(Error::invalid("override_reason", crate::msg::waste::override_needs_written_reason()));
            }
            Some(_) if actor.role != Role::Admin => {
                return Err(Error::Forbidden {
                    field: Some("override_reason"),
                    msg: crate::msg::waste::only_admin_may_override(&reasons.join("; ")),
                });
            }
            Some(_) => {}
        }
    }
    let override_reason = if problems.is_empty() { None } else { override_reason };
    let day = time::local_date(c.at, c.tz);
    let id = new_id();
    tx.execute(
        "INSERT INTO shipment (id, manifest_no, manifest_warning, receiver_id, licence_id, transporter_id, vehicle_plate,
            transfer_type, purpose, method, shipped_at, local_date, override_reason, override_by, recorded_by, recorded_at,
            own_transport, approval_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            id,
            c.manifest.number,
            c.manifest.warning,
            c.receiver_id,
            c.licence_id,
            c.transporter_id,
            c.vehicle_plate,
            c.transfer_type,
            c.purpose,
            input.method.trim().to_ascii_uppercase(),
            time::to_db(c.at),
            day.to_string(),
            override_reason,
            override_reason.map(|_| actor.user_id.as_str()),
            actor.user_id,
            time::to_db(now),
            c.own_transport,
            c.approval_id
        ],
    )?;
    // The audit names what was overridden: a licence (or its 经营方式), an estimated weight.
    let audit_reason = override_reason.map(|r| {
        if problems.iter().all(|p| p.is_licence()) {
            format!("licence override: {r}")
        } else {
            let mut kinds: Vec<&str> = Vec::new();
            for k in problems.iter().map(|p| p.kind.as_str()) {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            format!("override ({}): {r}", kinds.join(", "))
        }
    });
    audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment", &id, None, audit_reason.as_deref())?;
    let prefix = line_prefix(c.transfer_type, c.purpose);
    let source = c.weight_source;
    for (i, (fac, container, _, _)) in c.picks.iter().enumerate() {
        let m = storage::take_out_in(&tx, c.tz, fac, container, None, None, &handlers, c.at, actor, now)?;
        let (version, code): (String, String) =
            tx.query_row("SELECT catalogue_version, code FROM waste_movement WHERE id = ?1", [&m.id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let line_id = new_id();
        let batch = super::super::next_batch_code(&tx, "shipment_line", "", prefix, day)?;
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

/// Voids an unconfirmed shipment with a reason: its take-outs are reversed (the containers are
/// back in stock) and the manifest number is free again.
pub fn void(store: &mut Store, actor: &Session, shipment: &str, reason: &str, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::waste::say_why_shipment_voided()));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let today = time::local_date(now, tz);
    let s = find(&tx, "shipment", shipment, today)?;
    match s.status {
        ShipmentStatus::Voided => {
            return Err(Error::Conflict(crate::msg::waste::manifest_already_voided(&s.manifest_no)))
        }
        ShipmentStatus::InTransit => {}
        _ => return Err(Error::Conflict(crate::msg::waste::manifest_confirmed_receiver_cannot(&s.manifest_no))),
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
