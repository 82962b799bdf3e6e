//! The waste area's settings: receipt tolerances, the licence-expiry lead time, the storage-clock
//! override, a US plant's RCRA generator status, and the management category's inputs (EIA/permit
//! estimate, the authority's category with its document and date, operating licence, own
//! facility), with their validation and typed getters. Registered in [`crate::areas::SETTINGS`]
//! (and the checks against the plant and the other settings in
//! [`crate::areas::SETTING_CHECKS`]); stored and audited by [`crate::plant::settings`].

use super::category::ManagementCategory;
use super::manifest::Tolerance;
use super::storage::rules::GeneratorStatus;
use crate::error::{Error, Result};
use crate::plant::settings::{self, get_i64, text, whole_number, yes_no, SettingSpec};
use crate::units::{Grams, MassUnit};
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

/// Tonnes as exact decimal text (≥ 0, whole grams), or empty.
fn tonnes(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    let g = Grams::parse(value, MassUnit::T).map_err(|e| Error::invalid("value", e.0))?;
    if g.0 < 0 || g.0 > 1_000_000_000_000 {
        return Err(Error::invalid("value", crate::msg::waste::tonnage_from_0_1()));
    }
    Ok(value.to_string())
}

/// 重点 / 简化 / 登记 (key / simplified / registered), or empty.
fn category(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    Ok(ManagementCategory::parse("value", value)?.as_str().to_string())
}

fn date_or_empty(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    Ok(crate::time::parse_date("value", value)?.to_string())
}

fn generator_status(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    Ok(GeneratorStatus::parse("value", value)?.as_str().to_string())
}

fn region_code(_key: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    super::transfer::check_region_code("value", value)
        .map_err(|_| crate::Error::invalid("value", crate::msg::waste::n6_digit_administrative_division()))
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
    SettingSpec {
        key: "us_generator_status",
        default: "",
        help: "US plants: RCRA generator status lqg (90 days), sqg (180), sqg_270 (TSDF > 200 miles), vsqg (no clock, ≤ 1,000 kg); empty = LQG assumed",
        validate: generator_status,
    },
    SettingSpec {
        key: "eia_annual_estimate_t",
        default: "",
        help: "EIA/permit annual HW estimate (t): the category's basis with under 3 years of ledger",
        validate: tonnes,
    },
    SettingSpec {
        key: "authority_category",
        default: "",
        help: "category assigned by the authority (key/simplified/registered; overrides the computation; needs authority_category_doc)",
        validate: category,
    },
    SettingSpec {
        key: "authority_category_doc",
        default: "",
        help: "the authority's document reference for authority_category",
        validate: text,
    },
    SettingSpec {
        key: "authority_category_date",
        default: "",
        help: "date of the authority's document (YYYY-MM-DD)",
        validate: date_or_empty,
    },
    SettingSpec {
        key: "hw_operating_licence",
        default: "no",
        help: "the site holds a HW operating (utilisation/disposal) licence (yes/no; makes it 重点)",
        validate: yes_no,
    },
];

/// Checks a waste setting's value against the plant and the other settings, inside the write
/// transaction of [`crate::plant::settings::set`] (registered in
/// [`crate::areas::SETTING_CHECKS`]): a generator status only for a US plant; an authority's
/// category only with its document reference, which then cannot be cleared.
pub fn check_in_context(conn: &Connection, key: &str, value: &str) -> Result<()> {
    match key {
        "us_generator_status" if !value.is_empty() => {
            let j = crate::plant::require(conn)?.jurisdiction;
            if j != crate::plant::Jurisdiction::US {
                return Err(Error::invalid("value", crate::msg::waste::us_generator_status_applies(&j.as_str())));
            }
        }
        "authority_category" if !value.is_empty() && settings::get(conn, "authority_category_doc")?.is_empty() => {
            return Err(Error::invalid("value", crate::msg::waste::set_authority_category_doc()));
        }
        "authority_category_doc" if value.is_empty() && !settings::get(conn, "authority_category")?.is_empty() => {
            return Err(Error::invalid("value", crate::msg::waste::authority_category_set_clear()));
        }
        _ => {}
    }
    Ok(())
}

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

/// A US plant's chosen RCRA generator status, when one is chosen.
pub fn us_generator_status(conn: &Connection) -> Result<Option<GeneratorStatus>> {
    let v = settings::get(conn, "us_generator_status")?;
    if v.is_empty() {
        return Ok(None);
    }
    GeneratorStatus::parse("us_generator_status", &v).map(Some)
}

/// The management category's inputs as set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySettings {
    pub eia_estimate: Option<Grams>,
    pub authority_category: Option<ManagementCategory>,
    pub authority_doc: String,
    pub authority_date: Option<String>,
    pub operating_licence: bool,
    pub own_facility: bool,
}

/// The management category's inputs from the settings.
pub fn category_inputs(conn: &Connection) -> Result<CategorySettings> {
    let non_empty =
        |key: &str| -> Result<Option<String>> { Ok(Some(settings::get(conn, key)?).filter(|v| !v.is_empty())) };
    let eia_estimate = non_empty("eia_annual_estimate_t")?
        .map(|v| {
            Grams::parse(&v, MassUnit::T)
                .map_err(|e| Error::Internal(format!("setting eia_annual_estimate_t: {}", e.0)))
        })
        .transpose()?;
    let authority_category =
        non_empty("authority_category")?.map(|v| ManagementCategory::parse("authority_category", &v)).transpose()?;
    Ok(CategorySettings {
        eia_estimate,
        authority_category,
        authority_doc: settings::get(conn, "authority_category_doc")?,
        authority_date: non_empty("authority_category_date")?,
        operating_licence: settings::get(conn, "hw_operating_licence")? == "yes",
        own_facility: own_hw_facility(conn)?,
    })
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
        assert_eq!(check("us_generator_status", "VSQG").unwrap(), "vsqg");
        assert_eq!(check("authority_category", "重点").unwrap(), "key");
        assert_eq!(check("authority_category_date", "2025-1-9").unwrap(), "2025-01-09");
        assert_eq!(check("eia_annual_estimate_t", "12.5").unwrap(), "12.5");
        assert!(check("eia_annual_estimate_t", "1.0000001").is_err(), "finer than 1 g");
    }
}
