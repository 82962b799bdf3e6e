//! Manifest alerts: confirmations due within a working day, or overdue.

use super::read::get_with;
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::error::{Error, Result};
use crate::plant::settings;
use chrono::NaiveDate;
use rusqlite::Connection;

/// Unconfirmed manifests due within a working day (warning), or overdue (critical).
pub fn pending_alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
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
        let (kind, severity) = if today > due {
            (AlertKind::ManifestOverdue, Severity::Critical)
        } else if cal.add_working_days(today, 1) >= due {
            (AlertKind::ManifestDue, Severity::Warning)
        } else {
            continue;
        };
        let message = format!("manifest shipped {} to {}: confirmation due {due}", s.shipped_on, s.receiver_name);
        out.push(
            Alert::new(Area::Waste, kind, severity, s.manifest_no.clone(), message)
                .record(s.id)
                .due(due)
                .param("manifest_no", s.manifest_no)
                .param("receiver", s.receiver_name)
                .param("shipped_on", s.shipped_on),
        );
    }
    Ok(out)
}
