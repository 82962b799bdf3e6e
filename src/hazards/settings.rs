//! The safety area's settings: how many days before a deadline the reminder comes. Registered
//! in [`crate::areas::SETTINGS`]; stored and audited by [`crate::plant::settings`].

use crate::error::Result;
use crate::plant::settings::{get_i64, whole_number, SettingSpec};
use rusqlite::Connection;

fn days(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 90)
}

pub const SAFETY_SETTINGS: &[SettingSpec] = &[SettingSpec {
    key: "hazard_remind_days",
    default: "3",
    help: "days before a hazard's deadline to remind the responsible person",
    validate: days,
}];

pub fn remind_days(conn: &Connection) -> Result<i64> {
    get_i64(conn, "hazard_remind_days")
}
