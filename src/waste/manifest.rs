//! Transfer manifests (转移联单, 《危险废物转移管理办法》 Arts. 15–20): number validation, the
//! receiver-confirmation deadline, and shipped-vs-received weight reconciliation. Pure rules.

use crate::calendar::WorkCalendar;
use crate::error::{Error, Result};
use crate::units::Grams;
use chrono::NaiveDate;
use serde::Serialize;

/// Working days a receiver has to confirm after receipt (Art. 18).
pub const CONFIRM_WORKING_DAYS: u32 = 5;
/// Working days to back-fill a paper manifest electronically after the transfer ends (Art. 20).
pub const PAPER_BACKFILL_WORKING_DAYS: u32 = 10;

/// A checked manifest number: 14 digits = year + province + city + 6-digit serial. The number is
/// assigned by the national system; the app stores it and never makes one up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestNumber {
    pub number: String,
    pub year: Option<i32>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub serial: Option<String>,
    /// Set when the number is accepted with a warning (e.g. a 16-digit legacy number).
    pub warning: Option<String>,
}

/// Validates a manifest number. 14 digits pass; a 16-digit legacy number passes with a warning;
/// anything else is refused naming `field`.
pub fn parse_manifest_number(field: &'static str, text: &str, today: NaiveDate) -> Result<ManifestNumber> {
    let n = text.trim();
    if !n.bytes().all(|b| b.is_ascii_digit()) || n.is_empty() {
        return Err(Error::invalid(field, crate::msg::waste::not_manifest_number_digits(&n)));
    }
    match n.len() {
        14 => {
            let year: i32 = n[0..4].parse().unwrap_or(0);
            let mut warning = None;
            if year < 2022 || year > chrono::Datelike::year(&today) + 1 {
                warning = Some(format!("manifest year {year} is unusual; check the number"));
            }
            Ok(ManifestNumber {
                number: n.to_string(),
                year: Some(year),
                province: Some(n[4..6].to_string()),
                city: Some(n[6..8].to_string()),
                serial: Some(n[8..14].to_string()),
                warning,
            })
        }
        16 => Ok(ManifestNumber {
            number: n.to_string(),
            year: None,
            province: None,
            city: None,
            serial: None,
            warning: Some("16-digit legacy number: accepted, but current manifests have 14 digits".into()),
        }),
        len => Err(Error::invalid(field, crate::msg::waste::has_digits_manifest_number(&n, &len))),
    }
}

/// The last day a receiver may confirm a manifest received on `received`.
pub fn confirmation_due(received: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
    cal.add_working_days(received, CONFIRM_WORKING_DAYS)
}

/// The last day to back-fill a paper manifest whose transfer ended on `ended`.
pub fn paper_backfill_due(ended: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
    cal.add_working_days(ended, PAPER_BACKFILL_WORKING_DAYS)
}

crate::text_enum! {
    /// How a shipped weight was obtained; an estimate gets a wider tolerance than a weighbridge.
    pub enum WeightSource {
        /// Weighed at dispatch.
        Measured = "measured",
        Estimated = "estimated",
    }
}

/// Tolerances in per mille of the shipped weight (configurable per plant; defaults below).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    pub measured_permille: i64,
    pub estimated_permille: i64,
}

impl Default for Tolerance {
    fn default() -> Self {
        // 2 % between two scales; 10 % when the consignor estimated (drum counts × nominal mass).
        Tolerance { measured_permille: 20, estimated_permille: 100 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reconciliation {
    /// received − shipped.
    pub difference: Grams,
    /// |difference| in per mille of shipped, rounded up.
    pub difference_permille: i64,
    pub within_tolerance: bool,
}

/// Compares the shipped weight with the receiver-confirmed weight.
pub fn reconcile(shipped: Grams, received: Grams, source: WeightSource, tol: Tolerance) -> Reconciliation {
    let difference = Grams(received.0 - shipped.0);
    let abs = i128::from(difference.0).abs();
    let base = i128::from(shipped.0.max(1));
    let permille = ((abs * 1000 + base - 1) / base) as i64;
    let limit = match source {
        WeightSource::Measured => tol.measured_permille,
        WeightSource::Estimated => tol.estimated_permille,
    };
    Reconciliation { difference, difference_permille: permille, within_tolerance: permille <= limit }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    // domain.md §11 item 3.
    #[test]
    fn manifest_number_vectors() {
        let m = parse_manifest_number("manifest_no", "20251101000123", d(2025, 11, 20)).unwrap();
        assert_eq!(
            (m.year, m.province.as_deref(), m.city.as_deref(), m.serial.as_deref()),
            (Some(2025), Some("11"), Some("01"), Some("000123"))
        );
        assert!(m.warning.is_none());
        let legacy = parse_manifest_number("manifest_no", "2021220100047595", d(2025, 11, 20)).unwrap();
        assert!(legacy.warning.is_some());
        for bad in ["", "2025110100012", "202511010001234", "2025-11-01-000123", "2025110100012X"] {
            assert_eq!(
                parse_manifest_number("manifest_no", bad, d(2025, 11, 20)).unwrap_err().field(),
                Some("manifest_no"),
                "{bad:?}"
            );
        }
        assert!(parse_manifest_number("manifest_no", "19991101000123", d(2025, 11, 20)).unwrap().warning.is_some());
    }

    #[test]
    fn confirmation_deadline_is_five_working_days() {
        let cal = WorkCalendar::weekends_only();
        assert_eq!(confirmation_due(d(2025, 11, 21), &cal), d(2025, 11, 28), "Friday → next Friday");
        assert_eq!(paper_backfill_due(d(2025, 9, 30), &cal), d(2025, 10, 14));
    }

    #[test]
    fn reconciliation_uses_the_tolerance_of_the_weight_source() {
        let t = Tolerance::default();
        let r = reconcile(Grams(1_000_000), Grams(985_000), WeightSource::Measured, t);
        assert_eq!((r.difference, r.difference_permille, r.within_tolerance), (Grams(-15_000), 15, true));
        assert!(!reconcile(Grams(1_000_000), Grams(950_000), WeightSource::Measured, t).within_tolerance);
        assert!(reconcile(Grams(1_000_000), Grams(950_000), WeightSource::Estimated, t).within_tolerance);
        // Just over 2 % rounds up and fails.
        assert!(!reconcile(Grams(1_000_000), Grams(1_020_001), WeightSource::Measured, t).within_tolerance);
    }
}
