//! The composition root of the areas: the one place where an area registers what the whole
//! app reads across areas — its settings (and their checks) and its alerts. The plant module imports no area;
//! an area never imports another area's internals to be listed. A new area (wastewater, VOCs,
//! hazards, sync) adds its variant to [`Area`] and one line to each list below.

use crate::alerts::Alert;
use crate::error::Result;
use crate::plant::settings::SettingSpec;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

crate::text_enum! {
    /// The areas of the app, as settings, alerts and (later) indicators name them.
    pub enum Area {
        /// The plant itself: identity, people, calendar.
        Plant = "plant",
        /// Hazardous and general industrial solid waste.
        Waste = "waste",
        /// Wastewater: outfalls, permits, readings, loads.
        Water = "water",
        /// Air: VOCs sources, material balance, monitoring.
        Air = "air",
        /// Safety: inspections, hidden hazards and their rectification.
        Safety = "safety",
        /// The weekly packets to HQ and the outbox.
        Sync = "sync",
    }
}

/// Every area's settings, in the order the settings screen lists them. Keys are unique across
/// areas (a test checks it).
pub(crate) const SETTINGS: &[(Area, &[SettingSpec])] = &[
    (Area::Plant, crate::plant::settings::PLANT_SETTINGS),
    (Area::Plant, crate::backup::BACKUP_SETTINGS),
    (Area::Waste, crate::waste::settings::WASTE_SETTINGS),
    (Area::Water, crate::water::settings::WATER_SETTINGS),
    (Area::Safety, crate::hazards::settings::SAFETY_SETTINGS),
    (Area::Sync, crate::sync::settings::SYNC_SETTINGS),
    (Area::Sync, crate::notify::NOTIFY_SETTINGS),
];

/// A check of a setting's validated value against the plant and the other settings, run inside
/// the write transaction of [`crate::plant::settings::set`] (a check ignores keys it does not own).
pub(crate) type SettingCheck = fn(&Connection, key: &str, value: &str) -> Result<()>;

/// Every area's setting check (the validators of [`SETTINGS`] see only the value).
pub(crate) const SETTING_CHECKS: &[(Area, SettingCheck)] = &[(Area::Waste, crate::waste::settings::check_in_context)];

/// What an area's alert source is: its alerts on the plant-local day `today`.
pub(crate) type AlertSource = fn(&Connection, NaiveDate) -> Result<Vec<Alert>>;

/// Every area's alert source; [`crate::alerts::for_plant`] runs them all.
pub(crate) const ALERT_SOURCES: &[(Area, AlertSource)] = &[
    (Area::Plant, crate::backup::alerts),
    (Area::Waste, crate::waste::alerts::all),
    (Area::Water, crate::water::alerts::all),
    (Area::Safety, crate::hazards::alerts::all),
    (Area::Sync, crate::sync::submitted::alerts),
];

/// Every area's figure source for the week summary and the packet
/// ([`crate::sync::week::week_summary`]); its figures' keys are rows of
/// [`crate::indicators::INDICATORS`] (a test checks that every source emits only registered keys
/// of its own area).
pub(crate) const FIGURE_SOURCES: &[(Area, crate::indicators::FigureSource)] = &[
    (Area::Plant, crate::plant::figures),
    (Area::Waste, crate::waste::indicators::figures),
    (Area::Water, crate::water::figures::figures),
    (Area::Safety, crate::hazards::figures::figures),
    (Area::Air, crate::air::figures::figures),
];

/// Every area's section of the management report ([`crate::report::management`]), in the
/// order the report shows them; wastewater, VOCs and hazards add theirs here.
pub(crate) const REPORT_SECTIONS: &[(Area, crate::report::SectionSource)] = &[
    (Area::Waste, crate::waste::report::section),
    (Area::Water, crate::water::report::section),
    (Area::Air, crate::air::report::section),
    (Area::Safety, crate::hazards::report::section),
];

/// What an area does on each turn of the app's outbox worker (before the drain): queue what is
/// due to leave the plant; returns how many items it queued.
pub(crate) type Tick = fn(&mut crate::db::Store, DateTime<Utc>) -> Result<usize>;

/// Every area's tick: the hazards' deadline reminders and escalations; the plant database's
/// scheduled backup (`backup::tick`, when one is due).
pub(crate) const ON_TICK: &[(Area, Tick)] =
    &[(Area::Safety, crate::hazards::reminders::queue_due), (Area::Plant, crate::backup::tick)];

/// What runs inside the first-run set-up transaction, after the plant and before the first admin
/// (a failure rolls the set-up back).
pub(crate) type SetupHook = fn(&Connection, DateTime<Utc>) -> Result<()>;

/// Every set-up hook: the plant key that signs the weekly packets (`sync::key`).
pub(crate) const ON_SETUP: &[SetupHook] = &[crate::sync::key::on_setup];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_keys_are_unique_across_areas() {
        let mut keys: Vec<&str> = SETTINGS.iter().flat_map(|(_, s)| s.iter().map(|s| s.key)).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a setting key is registered twice");
    }
}
