//! The safety area's alert source ([`crate::areas::ALERT_SOURCES`]): hazards past their
//! deadline (critical: escalate to the manager), due within the reminder lead time, and open
//! major hazards. Derived on read from the hazard states and the plant-local `today`.

use super::hazard::{self, HazardLevel, HazardQuery};
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

pub fn all(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    let lead = super::settings::remind_days(conn)?;
    for h in hazard::list(conn, &HazardQuery { open_only: true, ..Default::default() }, today)? {
        let subject = format!("{} {}", h.number, h.area);
        let who = h.assignee_name.clone().unwrap_or_default();
        let alert = |kind, severity, message: String| {
            let a = Alert::new(Area::Safety, kind, severity, subject.clone(), message)
                .record(h.id.clone())
                .param("number", &h.number)
                .param("area", &h.area)
                .param("assignee", &who)
                .param("description", crate::text::shown(&h.description));
            match h.deadline.as_deref().and_then(|d| d.parse().ok()) {
                Some(d) => a.due(d),
                None => a,
            }
        };
        let deadline: Option<NaiveDate> = h.deadline.as_deref().and_then(|d| d.parse().ok());
        match deadline {
            Some(d) if today > d => out.push(
                alert(
                    AlertKind::HazardOverdue,
                    Severity::Critical,
                    format!("hazard {} is past its deadline {d}", h.number),
                )
                .param("days", (today - d).num_days()),
            ),
            Some(d) if (d - today).num_days() <= lead => out.push(
                alert(AlertKind::HazardDueSoon, Severity::Warning, format!("hazard {} is due {d}", h.number))
                    .param("days", (d - today).num_days()),
            ),
            _ => {}
        }
        if h.level == HazardLevel::Major && deadline.is_none_or(|d| today <= d) {
            out.push(alert(
                AlertKind::MajorHazardOpen,
                Severity::Warning,
                format!("major hazard {} is open", h.number),
            ));
        }
    }
    // Scheduled rounds: due today, or past their day and not done (the last 30 days).
    for r in super::inspection::due_rounds(conn, today, 0)? {
        let due: NaiveDate = r.due_on.parse().unwrap_or(today);
        if (today - due).num_days() > 30 {
            continue;
        }
        let (kind, severity) = if r.overdue {
            (AlertKind::InspectionOverdue, Severity::Warning)
        } else {
            (AlertKind::InspectionDue, Severity::Info)
        };
        out.push(
            Alert::new(
                Area::Safety,
                kind,
                severity,
                format!("{} {}", r.area, r.template_name),
                format!("inspection {} in {} due {due}", r.template_name, r.area),
            )
            .due(due)
            .record(r.schedule_id.clone())
            .param("area", &r.area)
            .param("checklist", &r.template_name),
        );
    }
    Ok(out)
}
