//! Reading shipments back: one by id or manifest number with its lines, chain (B.5 ← B.3 ← B.2
//! ← B.1) and confirmation, and the list for a period.

use super::super::manifest::{self, WeightSource};
use super::super::Purpose;
use super::check::TransferType;
use crate::error::{Error, Result};
use crate::plant::settings;
use crate::time;
use crate::units::Grams;
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

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
    pub weight_source: WeightSource,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub received_g: Option<i64>,
    pub received_kg: Option<String>,
    pub within_tolerance: Option<bool>,
    /// The receiver rejected this line (by itself or with the whole load): it counts as nothing
    /// outsourced and comes back into stock.
    pub rejected: bool,
    /// The 入库批次编码 of the return movement that brought the rejected container back.
    pub return_batch: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ShipmentStatus {
    InTransit,
    Confirmed,
    Discrepancy,
    /// Some lines rejected and back in stock, the rest accepted.
    PartlyRejected,
    Rejected,
    Voided,
}

impl ShipmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::Confirmed => "confirmed",
            ShipmentStatus::Discrepancy => "discrepancy",
            ShipmentStatus::PartlyRejected => "partly_rejected",
            ShipmentStatus::Rejected => "rejected",
            ShipmentStatus::Voided => "voided",
        }
    }
}

crate::text_enum! {
    /// What the receiver confirmed.
    pub enum ReceiptOutcome {
        /// Received within the weight tolerance.
        Confirmed = "confirmed",
        /// Received, but weights differ beyond the tolerance or some lines were rejected (a note
        /// says why; the lines say which).
        Discrepancy = "discrepancy",
        /// The receiver refused the load.
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Receipt {
    pub received_on: String,
    pub confirmed_on: String,
    pub outcome: ReceiptOutcome,
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
    /// The plant carried its own waste; `None`: recorded before this was asked.
    pub own_transport: Option<bool>,
    pub vehicle_plate: String,
    pub transfer_type: TransferType,
    /// The cross-province approval it ran under.
    pub approval_no: Option<String>,
    pub purpose: Purpose,
    pub method: String,
    pub shipped_at_local: String,
    pub shipped_on: String,
    pub status: ShipmentStatus,
    /// The receiver's confirmation deadline: 5 working days after receipt (before a receipt is
    /// recorded, counted from the shipping day — the earliest it can be).
    pub confirmation_due: String,
    /// Not confirmed and past the deadline.
    pub overdue: bool,
    /// Confirmed after its deadline (5 working days after receipt).
    pub confirmed_late: bool,
    pub override_reason: Option<String>,
    pub lines: Vec<ShipmentLine>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    /// What counts as outsourced: the shipped weight of every line the receiver did not reject.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted_total_g: i64,
    pub accepted_total_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub received_total_g: Option<i64>,
    pub receipt: Option<Receipt>,
    pub void_reason: Option<String>,
}

pub(super) fn find(conn: &Connection, field: &'static str, id_or_manifest: &str, today: NaiveDate) -> Result<Shipment> {
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
        None => Err(Error::invalid(field, crate::msg::waste::no_shipment_id_manifest(&key))),
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
pub(super) fn get_with(
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
        TransferType,
        Purpose,
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
    let (own_transport, approval_no): (Option<bool>, Option<String>) = conn.query_row(
        "SELECT s.own_transport, a.approval_no FROM shipment s LEFT JOIN transfer_approval a ON a.id = s.approval_id
         WHERE s.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let receipt = receipt(conn, id)?;
    let lines = lines(conn, id)?;
    let (manifest_no, manifest_warning, receiver_id, receiver_name, licence_no, transporter_name, vehicle_plate) =
        (h.0, h.1, h.2, h.3, h.4, h.5, h.6);
    let (transfer_type, purpose, method, shipped_at, shipped_on, override_reason, voided_at, void_reason) =
        (h.7, h.8, h.9, h.10, h.11, h.12, h.13, h.14);
    let status = match (&voided_at, receipt.as_ref().map(|r| r.outcome)) {
        (Some(_), _) => ShipmentStatus::Voided,
        (None, None) => ShipmentStatus::InTransit,
        (None, Some(ReceiptOutcome::Confirmed)) => ShipmentStatus::Confirmed,
        (None, Some(ReceiptOutcome::Discrepancy)) if lines.iter().any(|l| l.rejected) => ShipmentStatus::PartlyRejected,
        (None, Some(ReceiptOutcome::Discrepancy)) => ShipmentStatus::Discrepancy,
        (None, Some(ReceiptOutcome::Rejected)) => ShipmentStatus::Rejected,
    };
    let from = match &receipt {
        Some(r) => r.received_on.clone(),
        None => shipped_on.clone(),
    };
    let from = NaiveDate::parse_from_str(&from, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
    let due = manifest::confirmation_due(from, cal);
    let total: i64 = lines.iter().map(|l| l.quantity_g).sum();
    let accepted: i64 = lines.iter().filter(|l| !l.rejected).map(|l| l.quantity_g).sum();
    let confirmed_late = receipt.as_ref().is_some_and(|r| r.confirmed_on > due.to_string());
    let received_total = receipt.as_ref().map(|_| lines.iter().filter_map(|l| l.received_g).sum());
    Ok(Shipment {
        id: id.into(),
        manifest_no,
        manifest_warning,
        receiver_id,
        receiver_name,
        licence_no,
        transporter_name,
        own_transport,
        vehicle_plate,
        transfer_type,
        approval_no,
        purpose,
        method,
        shipped_at_local: time::utc_to_local_string(time::from_db(&shipped_at)?, tz),
        shipped_on,
        status,
        confirmation_due: due.to_string(),
        overdue: status == ShipmentStatus::InTransit && today > due,
        confirmed_late,
        override_reason,
        lines,
        total_g: total,
        total_kg: Grams(total).kg_string(),
        accepted_total_g: accepted,
        accepted_total_kg: Grams(accepted).kg_string(),
        received_total_g: received_total,
        receipt,
        void_reason,
    })
}

/// The receiver's confirmation of a shipment, if recorded.
fn receipt(conn: &Connection, id: &str) -> Result<Option<Receipt>> {
    Ok(conn
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
        .optional()?)
}

/// A shipment's lines with each line's chain (B.5 ← B.3 ← B.2 ← B.1) and received weight.
/// The line's outcome is read from the view per line (a correlated subquery the view folds into):
/// a LEFT JOIN to the view made SQLite materialise it over every line ever shipped, each read.
fn lines(conn: &Connection, id: &str) -> Result<Vec<ShipmentLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.line_no, l.batch_code, m.batch_code,
            (SELECT i.batch_code FROM waste_movement i WHERE i.facility_id = m.facility_id AND i.container_id = m.container_id
               AND i.kind = 'into_storage' AND i.reverses_id IS NULL AND i.rowid < m.rowid ORDER BY i.rowid DESC LIMIT 1),
            g.batch_code, f.code, l.container_id, l.code, c.category, c.name_zh, c.characteristics, l.weight_source,
            l.quantity_g, rl.received_g, rl.within_tolerance,
            coalesce((SELECT o.rejected FROM shipment_line_outcome o WHERE o.line_id = l.id), 0),
            (SELECT o.return_batch FROM shipment_line_outcome o WHERE o.line_id = l.id)
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
            rejected: r.get::<_, i64>(16)? == 1,
            return_batch: r.get(17)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// Compares the `shipment_unconfirmed` cache (db/0014: live shipments with no receiver's
/// confirmation yet, kept by triggers) with the shipments and receipts; `None` when they agree.
pub fn check_unconfirmed(conn: &Connection) -> Result<Option<String>> {
    const DERIVED: &str = "SELECT s.id, s.local_date FROM shipment s WHERE s.voided_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM shipment_receipt r WHERE r.shipment_id = s.id)";
    const CACHED: &str = "SELECT shipment_id, local_date FROM shipment_unconfirmed";
    for (a, b) in [(DERIVED, CACHED), (CACHED, DERIVED)] {
        let diff: Option<(String, String)> =
            conn.query_row(&format!("{a} EXCEPT {b} LIMIT 1"), [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        if let Some((id, day)) = diff {
            return Ok(Some(format!(
                "unconfirmed-shipment cache disagrees with the shipments and receipts at ({id}, {day})"
            )));
        }
    }
    Ok(None)
}
