//! The inventory screen in one read: facilities with their stock and worst status, containers
//! oldest first with their clocks, and the storage alerts.

use super::rules::AgeStatus;
use super::{alerts, facilities, facility_stock, plant_limits, stocked_containers, Facility};
use crate::alerts::{Alert, Severity};
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

/// How urgent a facility is, worst of its containers and its cap/capacity alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum FacilityStatus {
    Ok,
    Warning,
    Critical,
}

/// A container's storage clock as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ContainerStatus {
    Ok,
    Warning,
    Overdue,
    UnknownStart,
}

/// One facility with its stock now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FacilityStock {
    pub facility: Facility,
    pub stock_kg: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub containers: i64,
    /// Age of the oldest container with a known start date.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub oldest_age_days: Option<i64>,
    pub worst: FacilityStatus,
}

/// A container in stock with its storage clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ContainerView {
    pub facility_code: String,
    pub container_id: String,
    pub code: String,
    pub stock_kg: String,
    /// `YYYY-MM-DD`, plant-local.
    pub started_on: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub age_days: Option<i64>,
    /// `YYYY-MM-DD`: the day the storage limit is reached (ship before it); none without a
    /// clock (a US VSQG) or a start date.
    pub ship_by: Option<String>,
    pub status: ContainerStatus,
}

/// The storage screen in one read: facilities with stock, containers oldest first, alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct InventoryOverview {
    /// The plant-local date the ages are counted to, `YYYY-MM-DD`.
    pub today: String,
    pub facilities: Vec<FacilityStock>,
    pub containers: Vec<ContainerView>,
    pub alerts: Vec<Alert>,
}

/// Everything the inventory screen shows, on the plant-local date of `now` under the plant's
/// storage limits ([`plant_limits`]).
pub fn overview(conn: &Connection, now: DateTime<Utc>) -> Result<InventoryOverview> {
    let today = crate::plant::today(conn, now)?;
    let limits = plant_limits(conn)?;
    let containers: Vec<ContainerView> = stocked_containers(conn, today, limits)?
        .into_iter()
        .map(|c| {
            let (age_days, ship_by, status) = match c.age {
                AgeStatus::Ok { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Ok),
                AgeStatus::Warning { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Warning),
                AgeStatus::Overdue { age_days, ship_by } => (Some(age_days), Some(ship_by), ContainerStatus::Overdue),
                AgeStatus::NoLimit { age_days } => (Some(age_days), None, ContainerStatus::Ok),
                AgeStatus::UnknownStart => (None, None, ContainerStatus::UnknownStart),
            };
            ContainerView {
                facility_code: c.facility_code,
                container_id: c.container_id,
                code: c.code,
                stock_kg: c.stock.kg_string(),
                started_on: c.started_on.map(|d| d.to_string()),
                age_days,
                ship_by: ship_by.map(|d| d.to_string()),
                status,
            }
        })
        .collect();
    let alerts = alerts(conn, today, limits)?;
    let mut facilities_out = Vec::new();
    for f in facilities(conn)? {
        let stock = facility_stock(conn, &f.id)?;
        let mine: Vec<&ContainerView> = containers.iter().filter(|c| c.facility_code == f.code).collect();
        let from_containers = mine.iter().map(|c| match c.status {
            ContainerStatus::Ok => FacilityStatus::Ok,
            ContainerStatus::Warning | ContainerStatus::UnknownStart => FacilityStatus::Warning,
            ContainerStatus::Overdue => FacilityStatus::Critical,
        });
        let from_alerts =
            alerts.iter().filter(|a| a.subject_id.as_deref() == Some(f.id.as_str())).map(|a| match a.severity {
                Severity::Critical => FacilityStatus::Critical,
                Severity::Warning | Severity::Info => FacilityStatus::Warning,
            });
        let worst = from_containers.chain(from_alerts).max().unwrap_or(FacilityStatus::Ok);
        facilities_out.push(FacilityStock {
            stock_kg: stock.kg_string(),
            containers: mine.len() as i64,
            oldest_age_days: mine.iter().filter_map(|c| c.age_days).max(),
            worst,
            facility: f,
        });
    }
    Ok(InventoryOverview { today: today.to_string(), facilities: facilities_out, containers, alerts })
}
