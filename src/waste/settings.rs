//! The waste area's settings: receipt tolerances, the licence-expiry lead time, the own
//! utilisation/disposal facility flag (it makes a plant 重点) and the storage-clock override,
//! with their validation and typed getters. Registered in [`crate::areas::SETTINGS`]; stored by
//! [`crate::plant::settings`].

use super::manifest::Tolerance;
use crate::error::Result;
use crate::plant::settings::{self, get_i64, whole_number, yes_no, SettingSpec};
use rusqlite::Connection;

fn zero_to_1000(key: &str, value: &str) -> Result<String> {
    whole_number(key, value, 0, 1000)
}

fn storage_days(key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    whole_number(key, value, 1, 3650)
}

fn region_code(key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    super::transfer::check_region_code("value", value).map_err(|_| {
        crate::Error::invalid("value", format!("{key} is a 6-digit administrative division code (e.g. 440300)"))
    })
}

/// The waste area's keys.
pub const WASTE_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "licence_warn_days",
        default: "30",
        help: "days before a licence expires to alert",
        validate: zero_to_1000,
    },
    SettingSpec {
        key: "tolerance_measured_permille",
        default: "20",
        help: "shipped vs received, weighed (‰)",
        validate: zero_to_1000,
    },
    SettingSpec {
        key: "tolerance_estimated_permille",
        default: "100",
        help: "shipped vs received, estimated (‰)",
        validate: zero_to_1000,
    },
    SettingSpec {
        key: "own_hw_facility",
        default: "no",
        help: "the site has its own HW utilisation/disposal facility (yes/no; makes it 重点)",
        validate: yes_no,
    },
    SettingSpec {
        key: "region_code",
        default: "",
        help:
            "the plant's 6-digit 行政区划代码 (its province decides cross-province transfers; empty = from the address)",
        validate: region_code,
    },
    SettingSpec {
        key: "storage_limit_days",
        default: "",
        help: "storage clock limit override (days; empty = jurisdiction default)",
        validate: storage_days,
    },
];

/// Days before a licence expiry to alert.
pub fn licence_warn_days(conn: &Connection) -> Result<i64> {
    get_i64(conn, "licence_warn_days")
}

/// The plant's shipped-vs-received tolerances.
pub fn tolerance(conn: &Connection) -> Result<Tolerance> {
    Ok(Tolerance {
        measured_permille: get_i64(conn, "tolerance_measured_permille")?,
        estimated_permille: get_i64(conn, "tolerance_estimated_permille")?,
    })
}

/// The plant-wide storage-time limit in days, when one is set (see `storage::plant_limits`).
pub fn storage_limit_days(conn: &Connection) -> Result<Option<i64>> {
    let v = settings::get(conn, "storage_limit_days")?;
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| crate::Error::Internal(format!("setting storage_limit_days is not a number: {v}")))
}

/// The plant's two-digit province: from the `region_code` setting, else the `address` setting.
pub fn plant_province(conn: &Connection) -> Result<Option<&'static str>> {
    let rc = settings::get(conn, "region_code")?;
    let address = settings::get(conn, "address")?;
    Ok(super::transfer::province_of(Some(&rc), &address))
}

/// Whether the site has its own HW utilisation/disposal facility.
pub fn own_hw_facility(conn: &Connection) -> Result<bool> {
    Ok(settings::get(conn, "own_hw_facility")? == "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, value: &str) -> Result<String> {
        let spec = WASTE_SETTINGS.iter().find(|s| s.key == key).expect("a waste key");
        (spec.validate)(key, value)
    }

    #[test]
    fn the_waste_area_validates_its_own_keys() {
        assert_eq!(check("tolerance_measured_permille", "25").unwrap(), "25");
        let e = check("tolerance_measured_permille", "1001").unwrap_err();
        assert_eq!(e.field(), Some("value"));
        assert!(e.to_string().contains("between 0 and 1000"), "{e}");
        assert_eq!(check("own_hw_facility", "是").unwrap(), "yes");
        assert!(check("own_hw_facility", "maybe").is_err());
        assert_eq!(check("storage_limit_days", "").unwrap(), "", "empty = jurisdiction default");
        assert!(check("storage_limit_days", "0").is_err());
        assert!(check("licence_warn_days", "thirty").is_err());
    }
}
