//! The receiver's confirmation: received weight per line reconciled with the plant's tolerance,
//! the outcome, the method, and the 5-working-day deadline.

use super::super::manifest::{self};
use super::read::{find, get, ReceiptOutcome, Shipment, ShipmentStatus};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

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
    /// The receiver rejected the whole load (every line comes back into stock).
    pub rejected: bool,
    /// Containers the receiver rejected from a partly rejected load; each comes back into the
    /// facility it left from. A container's received weight may still be given (the receiver
    /// weighed it); accepted figures never count it.
    #[serde(default)]
    pub rejected_lines: Vec<String>,
    /// Plant-local `YYYY-MM-DDTHH:MM` the rejected containers came back; blank = now.
    #[serde(default)]
    pub returned_at_local: Option<String>,
    pub method: Option<String>,
    pub note: Option<String>,
}

/// Records the receiver's confirmation. Weights outside the tolerance make the outcome
/// `discrepancy` (a note is then required). Rejected lines (the whole load with `rejected`, or the
/// containers in `rejected_lines`) come back into stock in the same transaction as return
/// movements naming their manifest line; a partly rejected load is a `discrepancy`, a wholly
/// rejected one `rejected`, and either needs a note.
pub fn confirm(store: &mut Store, actor: &Session, input: ConfirmInput, now: DateTime<Utc>) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let today = time::local_date(now, tz);
    let s = find(&tx, "shipment", &input.shipment, today)?;
    match s.status {
        ShipmentStatus::Voided => return Err(Error::Conflict(crate::msg::waste::manifest_voided(&s.manifest_no))),
        ShipmentStatus::InTransit => {}
        _ => return Err(Error::Conflict(crate::msg::waste::manifest_already_confirmed(&s.manifest_no))),
    }
    let received_on = time::parse_date("received_on", &input.received_on)?;
    if received_on.to_string() < s.shipped_on {
        return Err(Error::invalid("received_on", crate::msg::waste::received_before_was_shipped(&s.shipped_on)));
    }
    if received_on > today {
        return Err(Error::invalid("received_on", crate::msg::waste::received_future()));
    }
    let confirmed_on = match input.confirmed_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => time::parse_date("confirmed_on", t)?,
        None => received_on,
    };
    if confirmed_on < received_on || confirmed_on > today {
        return Err(Error::invalid("confirmed_on", crate::msg::waste::confirmed_must_between_received()));
    }
    let tol = super::super::settings::tolerance(&tx)?;
    let named = input.lines.iter().map(|l| ("lines", &l.container_id));
    for (field, given) in named.chain(input.rejected_lines.iter().map(|c| ("rejected_lines", c))) {
        if !s.lines.iter().any(|l| l.container_id == given.trim()) {
            return Err(Error::invalid(
                field,
                crate::msg::waste::container_not_manifest(&given.trim(), &s.manifest_no),
            ));
        }
    }
    let rejected_line = |container: &str| input.rejected || input.rejected_lines.iter().any(|c| c.trim() == container);
    // (line id, received g, within tolerance, rejected)
    let mut received: Vec<(String, i64, bool, bool)> = Vec::new();
    for l in &s.lines {
        let rejected = rejected_line(&l.container_id);
        let g = match input.lines.iter().find(|x| x.container_id.trim() == l.container_id) {
            Some(x) => Grams::parse(&x.received, input.unit)
                .map_err(|e| Error::invalid("lines", e.0).at(crate::msg::common::ctx_container(&l.container_id)))?,
            None if rejected => Grams(0),
            None if input.as_shipped => Grams(l.quantity_g),
            None => {
                return Err(Error::invalid("lines", crate::msg::waste::give_received_weight_container(&l.container_id)))
            }
        };
        if g.0 < 0 {
            return Err(Error::invalid("lines", crate::msg::waste::received_weight_negative())
                .at(crate::msg::common::ctx_container(&l.container_id)));
        }
        let r = manifest::reconcile(Grams(l.quantity_g), g, l.weight_source, tol);
        received.push((l.id.clone(), g.0, r.within_tolerance, rejected));
    }
    let n_rejected = received.iter().filter(|r| r.3).count();
    let accepted_ok = received.iter().filter(|r| !r.3).all(|r| r.2);
    let outcome = if n_rejected == received.len() {
        ReceiptOutcome::Rejected
    } else if n_rejected == 0 && accepted_ok {
        ReceiptOutcome::Confirmed
    } else {
        ReceiptOutcome::Discrepancy
    };
    let returned_at = if n_rejected > 0 {
        Some(time::entered_or_now("returned_at", input.returned_at_local.as_deref(), tz, now)?)
    } else {
        None
    };
    let note = input.note.as_deref().map(str::trim).unwrap_or("");
    if outcome != ReceiptOutcome::Confirmed && note.chars().count() < 2 {
        return Err(Error::invalid(
            "note",
            if n_rejected > 0 {
                crate::msg::waste::say_why_rejected()
            } else {
                crate::msg::waste::weights_differ_note_reason()
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
    for (line_id, g, ok, rejected) in received {
        let id = new_id();
        tx.execute(
            "INSERT INTO shipment_receipt_line (id, receipt_id, line_id, received_g, within_tolerance, rejected)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, rid, line_id, g, ok as i64, rejected as i64],
        )?;
        audit::record(&tx, now, &actor.user_id, Action::Insert, "shipment_receipt_line", &id, None, None)?;
        if let (true, Some(at)) = (rejected, returned_at) {
            crate::waste::storage::return_in(&tx, tz, &line_id, at, actor, now)?;
        }
    }
    let s = get(&tx, &s.id, today)?;
    tx.commit()?;
    Ok(s)
}

/// Brings back a rejected line that has no return movement yet — a load rejected before returns
/// were booked (receipts recorded before migration 0008), or a container that came back later
/// than its confirmation. `returned_at_local` blank = now.
pub fn record_return(
    store: &mut Store,
    actor: &Session,
    shipment: &str,
    container: &str,
    returned_at_local: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Shipment> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let today = time::local_date(now, tz);
    let s = find(&tx, "shipment", shipment, today)?;
    let line = s.lines.iter().find(|l| l.container_id == container.trim()).ok_or_else(|| {
        Error::invalid("container_id", crate::msg::waste::container_not_manifest2(&container.trim(), &s.manifest_no))
    })?;
    if !line.rejected {
        return Err(Error::Conflict(crate::msg::waste::container_manifest_was_not(&line.container_id, &s.manifest_no)));
    }
    let at = time::entered_or_now("returned_at", returned_at_local, tz, now)?;
    crate::waste::storage::return_in(&tx, tz, &line.id, at, actor, now)?;
    let s = get(&tx, &s.id, today)?;
    tx.commit()?;
    Ok(s)
}
