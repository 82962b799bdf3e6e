//! The wastewater area's settings: the below-detection-limit policy of loads (stamped on every
//! load), the online validity threshold, the permit-expiry lead time, and the HJ 212 listener
//! (on/off, port). Registered in [`crate::areas::SETTINGS`]; stored and audited by
//! [`crate::plant::settings`].

use super::rules::DlPolicy;
use crate::error::{Error, Result};
use crate::plant::settings::{self, get_i64, whole_number, yes_no, SettingSpec};
use rusqlite::Connection;

fn dl_policy(_key: &str, value: &str) -> Result<String> {
    DlPolicy::parse("value", value.trim()).map(|p| p.as_str().to_string())
}

fn percent(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 100)
}

fn days(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 1000)
}

fn port(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 1, 65535)
}

pub const WATER_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "water_below_dl_policy",
        default: "zero",
        help: "a result below the detection limit counts in loads as: zero (HJ/T 92), half, full",
        validate: dl_policy,
    },
    SettingSpec {
        key: "water_min_validity_pct",
        default: "75",
        help: "online data: a day below this valid-hour share is flagged (HJ 356; > 25 % missing)",
        validate: percent,
    },
    SettingSpec {
        key: "water_permit_warn_days",
        default: "90",
        help: "days before a discharge permit lapses to alert",
        validate: days,
    },
    SettingSpec {
        key: "water_listener_enabled",
        default: "no",
        help: "receive HJ 212 packets from the data logger over TCP",
        validate: yes_no,
    },
    SettingSpec { key: "water_listener_port", default: "9212", help: "the listener's TCP port", validate: port },
];

/// The load policy for readings below the detection limit.
pub fn dl(conn: &Connection) -> Result<DlPolicy> {
    DlPolicy::parse("water_below_dl_policy", &settings::get(conn, "water_below_dl_policy")?)
        .map_err(|e| Error::Internal(e.to_string()))
}

pub fn min_validity_pct(conn: &Connection) -> Result<i64> {
    get_i64(conn, "water_min_validity_pct")
}

pub fn permit_warn_days(conn: &Connection) -> Result<i64> {
    get_i64(conn, "water_permit_warn_days")
}

/// Whether the listener is on, and its port.
pub fn listener(conn: &Connection) -> Result<(bool, u16)> {
    let on = settings::get(conn, "water_listener_enabled")? == "yes";
    let port = u16::try_from(get_i64(conn, "water_listener_port")?).map_err(|_| Error::Internal("port".into()))?;
    Ok((on, port))
}
