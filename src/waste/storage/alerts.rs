//! Storage alerts through the one alert model ([`crate::alerts`]): storage age (over or near the
//! limit, unknown start; a US plant's generator status and the limit in days named in each),
//! 贮存点 over or near 3 t, facilities over their permitted capacity, a US generator over its
//! on-site quantity limit.

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

/// How an age alert names the limit it counts to: ` (US SQG: 180-day limit)`, or nothing
/// outside the US.
fn limit_note(limits: &StorageLimits) -> String {
    match (limits.generator, limits.max_days) {
        (Some(g), Some(days)) => format!(" (US {}: {days}-day limit)", g.label()),
        _ => String::new(),
    }
}

/// Storage alerts on `today`: containers near or over the storage limit or with no start date,
/// 贮存点 over (or near) 3 t, facilities over their permitted capacity, a US generator over its
/// on-site quantity limit. Most severe first. Age alerts carry `limit_days` and, at a US plant,
/// `generator_status`.
pub fn alerts(conn: &Connection, today: NaiveDate, limits: StorageLimits) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for c in stocked_containers(conn, today, limits)? {
        let subject = format!("{} @ {}", c.container_id, c.facility_code);
        let note = limit_note(&c.limits);
        let aged = |sev, kind, days: i64, ship_by: NaiveDate, msg: String| {
            let mut a = alert(kind, sev, subject.clone(), format!("{msg}{note}")).due(ship_by).param("days", days);
            if let Some(max) = c.limits.max_days {
                a = a.param("limit_days", max);
            }
            if let Some(g) = c.limits.generator {
                a = a.param("generator_status", g);
            }
            a
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
            AgeStatus::Ok { .. } | AgeStatus::NoLimit { .. } => {}
        }
    }
    let mut on_site = Grams(0);
    for f in facilities(conn)? {
        let stock = facility_stock(conn, &f.id)?;
        on_site = Grams(on_site.0 + stock.0);
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
    if let Some((g, cap)) = limits.generator.and_then(|g| g.quantity_limit().map(|cap| (g, cap))) {
        if on_site > cap {
            out.push(
                alert(
                    AlertKind::GeneratorQuantityOver,
                    Severity::Critical,
                    format!("US {}", g.label()),
                    format!(
                        "{} kg on site: over the {} kg a US {} may accumulate (40 CFR 262.14/262.16)",
                        on_site.kg_string(),
                        cap.kg_string(),
                        g.label()
                    ),
                )
                .param("kg", on_site.kg_string())
                .param("limit_kg", cap.kg_string())
                .param("generator_status", g),
            );
        }
    }
    crate::alerts::sort(&mut out);
    Ok(out)
}
