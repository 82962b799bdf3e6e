//! Storage alerts through the one alert model ([`crate::alerts`]): storage age (over or near the
//! limit, unknown start), 贮存点 over or near 3 t, facilities over their permitted capacity.

use super::rules::{self, AgeStatus, CapStatus, StorageLimits};
use super::{facilities, facility_stock, stocked_containers, FacilityKind};
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::error::Result;
use crate::units::{Grams, MassUnit};
use chrono::NaiveDate;
use rusqlite::Connection;

fn alert(kind: AlertKind, severity: Severity, subject: String, message: String) -> Alert {
    Alert::new(Area::Waste, kind, severity, subject, message)
}

/// Storage alerts on `today`: containers near or over the storage limit or with no start date,
/// 贮存点 over (or near) 3 t, facilities over their permitted capacity. Most severe first.
pub fn alerts(conn: &Connection, today: NaiveDate, limits: StorageLimits) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for c in stocked_containers(conn, today, limits)? {
        let subject = format!("{} @ {}", c.container_id, c.facility_code);
        let aged = |sev, kind, days: i64, ship_by: NaiveDate, msg: String| {
            alert(kind, sev, subject.clone(), msg).due(ship_by).param("days", days)
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
            AgeStatus::UnknownStart => out.push(alert(
                AlertKind::UnknownStart,
                Severity::Warning,
                subject.clone(),
                "no storage start date recorded: treat as urgent and record when it started".into(),
            )),
            AgeStatus::Ok { .. } => {}
        }
    }
    for f in facilities(conn)? {
        let stock = facility_stock(conn, &f.id)?;
        let massed = |sev, kind, limit: Grams, msg: String| {
            alert(kind, sev, f.code.clone(), msg)
                .record(f.id.clone())
                .param("kg", stock.kg_string())
                .param("limit_kg", limit.kg_string())
        };
        if f.kind == FacilityKind::Point {
            let cap = rules::STORAGE_POINT_CAP;
            match rules::storage_point_check(stock, Grams(0)) {
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
    crate::alerts::sort(&mut out);
    Ok(out)
}
