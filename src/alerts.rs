//! The one alert model of the app. Every area reports what someone must act on as an [`Alert`]:
//! its area, kind, [`Severity`] (one scale for the whole app), subject, due date, and a message
//! key with named parameters that the UI words in the user's language (the English `message`
//! is for the CLI and logs). [`for_plant`] gathers every area's alerts (registered in
//! [`crate::areas::ALERT_SOURCES`]) into the one list of the app's home screen.
//!
//! Alerts are derived on read from the records and the plant-local `today`; nothing here is
//! stored, so an alert can never disagree with the ledger it comes from.

use crate::areas::Area;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

crate::text_enum! {
    /// How urgent an alert is, most urgent first (the derived order sorts that way).
    pub enum Severity {
        /// Over a legal limit or a deadline now (overdue storage, expired licence, …).
        Critical = "critical",
        /// Act soon (near a limit, due within days).
        Warning = "warning",
        /// A reminder ahead of time.
        Info = "info",
    }
}

crate::text_enum! {
    /// What an alert is about. The UI's message key is `alerts.<kind>`.
    pub enum AlertKind {
        /// A container stored past its storage-time limit.
        AgeOverdue = "age_overdue",
        /// A container near its storage-time limit.
        AgeWarning = "age_warning",
        /// A container in stock with no storage start date.
        UnknownStart = "unknown_start",
        /// A 贮存点 holding more than 3 t.
        PointOverCap = "point_over_cap",
        /// A 贮存点 near 3 t.
        PointNearCap = "point_near_cap",
        /// A facility over its permitted capacity.
        OverCapacity = "over_capacity",
        /// A receiver's or transporter's licence ending within the lead time.
        LicenceExpiring = "licence_expiring",
        /// A receiver's or transporter's licence ended with no renewal on record.
        LicenceExpired = "licence_expired",
        /// A transfer manifest awaiting the receiver's confirmation, due within a working day.
        ManifestDue = "manifest_due",
        /// A transfer manifest past its confirmation deadline.
        ManifestOverdue = "manifest_overdue",
        /// A management-plan or declaration filing falling due.
        FilingDue = "filing_due",
        /// This year's generation crossed 10 t or 100 t above the category in force: the
        /// management category and its declaration cycle change (HJ 1259-2022 §4.2.3).
        CategoryThreshold = "category_threshold",
        /// A US generator holds more on site than its status allows (VSQG 1,000 kg, SQG
        /// 6,000 kg; 40 CFR 262.14/262.16).
        GeneratorQuantityOver = "generator_quantity_over",
        /// A week submitted to HQ whose ledgers changed since: a restatement is needed.
        WeekChangedAfterSubmission = "week_changed_after_submission",
        /// An outbox message stopped by a permanent failure (its stream waits for a retry).
        OutboxFailed = "outbox_failed",
        /// A closed week whose packet to HQ is not built yet.
        WeekNotBuilt = "week_not_built",
        /// A closed week the weekly schedule did not build: its plausibility flags need a
        /// person's notes (and later weeks wait behind it).
        WeekNeedsNotes = "week_needs_notes",
        /// HQ returned a week with a comment; no restatement is built yet.
        WeekReturnedByHq = "week_returned_by_hq",
        /// A wastewater reading over its permit limit, not yet taken up as a corrective action.
        WaterExceedance = "water_exceedance",
        /// A discharge permit lapsing within the lead time.
        PermitExpiring = "permit_expiring",
        /// A discharge permit past its expiry date.
        PermitExpired = "permit_expired",
        /// A required manual monitoring whose period ends soon without a sampling.
        MonitoringDue = "monitoring_due",
        /// A required manual monitoring whose period ended without a sampling.
        MonitoringMissed = "monitoring_missed",
        /// A hazard past its rectification deadline (escalated to the manager).
        HazardOverdue = "hazard_overdue",
        /// A hazard due within the reminder lead time.
        HazardDueSoon = "hazard_due_soon",
        /// A major hazard (重大事故隐患) not yet closed.
        MajorHazardOpen = "major_hazard_open",
        /// A scheduled inspection round past its due day and not done.
        InspectionOverdue = "inspection_overdue",
        /// A scheduled inspection round due today.
        InspectionDue = "inspection_due",
        /// The plant database has no good backup (and the plant is older than
        /// `backup_stale_days`).
        BackupMissing = "backup_missing",
        /// The last good backup of the plant database is older than `backup_stale_days`.
        BackupStale = "backup_stale",
    }
}

/// Something someone must act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Alert {
    pub area: Area,
    pub kind: AlertKind,
    pub severity: Severity,
    /// What it is about, as the user knows it: `D-001 @ TS001`, a facility code, a receiver's
    /// name, a manifest number, a filing and its period.
    pub subject: String,
    /// The record the alert points at (counterparty id, shipment id), when there is one.
    pub subject_id: Option<String>,
    /// The date that matters, `YYYY-MM-DD`: ship by, licence end, confirmation due, filing due.
    pub due: Option<String>,
    /// The UI's message key: `alerts.<kind>`.
    pub message_key: String,
    /// Named parameters of the message (`days`, `kg`, `limit_kg`, `licence_no`, …), as text. The
    /// due date is not repeated here: messages read it from `due`.
    pub params: BTreeMap<String, String>,
    /// The alert as an English sentence (CLI, logs).
    pub message: String,
}

impl Alert {
    /// A new alert; add the due date, the record and parameters with the builder methods.
    pub fn new(area: Area, kind: AlertKind, severity: Severity, subject: impl Into<String>, message: String) -> Alert {
        Alert {
            area,
            kind,
            severity,
            subject: subject.into(),
            subject_id: None,
            due: None,
            message_key: format!("alerts.{}", kind.as_str()),
            params: BTreeMap::new(),
            message,
        }
    }

    pub fn due(mut self, day: NaiveDate) -> Alert {
        self.due = Some(day.to_string());
        self
    }

    pub fn record(mut self, id: impl Into<String>) -> Alert {
        self.subject_id = Some(id.into());
        self
    }

    pub fn param(mut self, name: &str, value: impl ToString) -> Alert {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

/// Sorts alerts the way every list shows them: most severe first, then the earliest due date
/// (undated last), then by subject.
pub fn sort(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| {
        (a.severity, a.due.is_none(), &a.due, &a.subject).cmp(&(b.severity, b.due.is_none(), &b.due, &b.subject))
    });
}

/// Every area's alerts on the plant-local day `today`, sorted by [`sort`].
pub fn for_plant(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for (_, source) in crate::areas::ALERT_SOURCES {
        out.extend(source(conn, today)?);
    }
    sort(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn sorts_by_severity_then_due_date_with_undated_last() {
        let a = |sev, due: Option<&str>, subj: &str| {
            let x = Alert::new(Area::Waste, AlertKind::AgeWarning, sev, subj, String::new());
            match due {
                Some(s) => x.due(d(s)),
                None => x,
            }
        };
        let mut v = vec![
            a(Severity::Info, Some("2026-01-01"), "i"),
            a(Severity::Warning, None, "w-undated"),
            a(Severity::Warning, Some("2026-03-01"), "w-late"),
            a(Severity::Critical, Some("2026-05-01"), "c"),
            a(Severity::Warning, Some("2026-02-01"), "w-early"),
        ];
        sort(&mut v);
        let order: Vec<&str> = v.iter().map(|a| a.subject.as_str()).collect();
        assert_eq!(order, ["c", "w-early", "w-late", "w-undated", "i"]);
    }

    #[test]
    fn message_key_follows_the_kind_and_params_are_named() {
        let a = Alert::new(Area::Waste, AlertKind::PointOverCap, Severity::Critical, "P1", "x".into())
            .param("kg", "3001.000")
            .record("id-1");
        assert_eq!(a.message_key, "alerts.point_over_cap");
        assert_eq!(a.params.get("kg").map(String::as_str), Some("3001.000"));
        assert_eq!(a.subject_id.as_deref(), Some("id-1"));
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["severity"], "critical");
        assert_eq!(json["area"], "waste");
    }
}
