//! 国家危险废物名录: code format and category rules (pure), hazard characteristics, and look-ups
//! in the `hw_code` reference table. The edition in force on the generation date decides which
//! dictionary a record is checked against (2021 before 2025-01-01, 2025 from then on).

use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// A parsed, well-formed HW code (`NNN-NNN-NN`) and its category (`HWxx`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeParts {
    pub code: String,
    pub category: String,
}

/// Checks the format `NNN-NNN-NN` and that digits 7–8 name a category that exists
/// (HW01–HW40, HW45–HW50; there is no HW41–HW44).
pub fn parse_code(field: &'static str, text: &str) -> Result<CodeParts> {
    let code = text.trim();
    let b = code.as_bytes();
    let well_formed = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 3 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !well_formed {
        return Err(Error::invalid(field, crate::msg::waste::not_waste_code_form(&code)));
    }
    let n: u8 = code[8..10].parse().map_err(|_| Error::Internal("digits checked above".into()))?;
    if !category_exists(n) {
        return Err(Error::invalid(field, crate::msg::waste::names_category_hw_which(&code, &(format!("{:02}", n)))));
    }
    Ok(CodeParts { code: code.to_string(), category: format!("HW{n:02}") })
}

/// Whether `HWnn` is a category of the catalogue.
pub fn category_exists(n: u8) -> bool {
    (1..=40).contains(&n) || (45..=50).contains(&n)
}

/// Hazard characteristics: T 毒性, C 腐蚀性, I 易燃性, R 反应性, In 感染性.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Characteristic {
    T,
    C,
    I,
    R,
    In,
}

/// How a characteristics string lists its members: "T,I" = has the first and may have the
/// others; "T/In" = has one or more of those listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Notation {
    Single,
    Comma,
    Slash,
}

/// Parses the raw notation of the catalogue (`"T,I"`, `"T/C"`, `"T/In"`, `"T，I"`).
pub fn parse_characteristics(raw: &str) -> Result<(Vec<Characteristic>, Notation)> {
    let raw = raw.trim().replace('，', ",");
    let (parts, notation): (Vec<&str>, Notation) = if raw.contains('/') {
        (raw.split('/').collect(), Notation::Slash)
    } else if raw.contains(',') {
        (raw.split(',').collect(), Notation::Comma)
    } else {
        (vec![raw.as_str()], Notation::Single)
    };
    let mut out = Vec::new();
    for p in parts {
        let c = match p.trim() {
            "T" => Characteristic::T,
            "C" => Characteristic::C,
            "I" => Characteristic::I,
            "R" => Characteristic::R,
            "In" => Characteristic::In,
            other => {
                return Err(Error::invalid("characteristics", crate::msg::waste::not_hazard_characteristic(&other)))
            }
        };
        out.push(c);
    }
    Ok((out, notation))
}

/// The catalogue edition in force on a date.
pub fn edition_for(date: NaiveDate) -> &'static str {
    if date < NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(NaiveDate::MIN) {
        "2021"
    } else {
        "2025"
    }
}

/// A catalogue entry as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HwCode {
    pub code: String,
    pub category: String,
    pub category_name_zh: String,
    pub category_name_en: String,
    pub name_zh: String,
    pub characteristics: String,
    pub catalogue_version: String,
}

const SELECT: &str =
    "SELECT c.code, c.category, k.name_zh, k.name_en, c.name_zh, c.characteristics, c.catalogue_version
     FROM hw_code c JOIN hw_category k ON k.category = c.category";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<HwCode> {
    Ok(HwCode {
        code: r.get(0)?,
        category: r.get(1)?,
        category_name_zh: r.get(2)?,
        category_name_en: r.get(3)?,
        name_zh: r.get(4)?,
        characteristics: r.get(5)?,
        catalogue_version: r.get(6)?,
    })
}

/// All codes of one edition, by code.
pub fn list(conn: &Connection, version: &str) -> Result<Vec<HwCode>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.catalogue_version = ?1 ORDER BY c.code"))?;
    let rows = stmt.query_map([version], map)?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// The codes of the edition in force today at the plant (for pickers).
pub fn list_in_force(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<HwCode>> {
    let tz = crate::plant::require(conn)?.tz()?;
    list(conn, edition_for(crate::time::local_date(now, tz)))
}

/// Checks `text` is well formed and listed in edition `version`.
pub fn lookup(conn: &Connection, field: &'static str, text: &str, version: &str) -> Result<HwCode> {
    let parts = parse_code(field, text)?;
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.catalogue_version = ?1 AND c.code = ?2"))?;
    stmt.query_row([version, parts.code.as_str()], map).optional()?.ok_or_else(|| {
        Error::invalid(field, crate::msg::waste::not_loaded_app_category(&parts.code, &version, &parts.category))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // domain.md §11 item 1: HW code validation vectors.
    #[test]
    fn code_vectors_from_the_domain_spec() {
        assert_eq!(parse_code("code", "900-249-08").unwrap().category, "HW08");
        let e = parse_code("code", "900-249-41").unwrap_err();
        assert_eq!(e.field(), Some("code"));
        assert!(e.to_string().contains("HW41"), "{e}");
        assert_eq!(
            parse_characteristics("T/C").unwrap(),
            (vec![Characteristic::T, Characteristic::C], Notation::Slash)
        );
        assert_eq!(
            parse_characteristics("T/In").unwrap(),
            (vec![Characteristic::T, Characteristic::In], Notation::Slash)
        );
        assert_eq!(
            parse_characteristics("T，I").unwrap(),
            (vec![Characteristic::T, Characteristic::I], Notation::Comma)
        );
    }

    #[test]
    fn category_boundaries() {
        for n in [1u8, 40, 45, 50] {
            assert!(category_exists(n), "HW{n:02}");
        }
        for n in [0u8, 41, 44, 51, 99] {
            assert!(!category_exists(n), "HW{n:02}");
            assert!(parse_code("code", &format!("900-000-{n:02}")).is_err());
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "90024908", "900-249-8", "900_249_08", "A00-249-08", "900-249-080", "９００-249-08"] {
            assert!(parse_code("code", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn edition_switches_on_2025_01_01() {
        assert_eq!(edition_for(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()), "2021");
        assert_eq!(edition_for(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()), "2025");
    }
}
