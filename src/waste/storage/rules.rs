//! Storage rules (GB 18597-2023, the jurisdiction's storage-time limit, a US plant's RCRA
//! generator status): container age and the "must ship by" date, the 贮存点 3 t cap, and liquid
//! spill containment (6.2.2). Pure: callers pass stock figures and plant-local dates.

use crate::units::Grams;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Storage-time rules of a jurisdiction profile (editable per plant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StorageLimits {
    /// The storage-time limit in days; `None`: no clock (a US VSQG with no tighter limit set).
    pub max_days: Option<i64>,
    /// Warn this many days before the limit.
    pub warn_days_before: i64,
    /// The US generator status the limits come from, named in every age alert.
    pub generator: Option<GeneratorStatus>,
}

impl StorageLimits {
    /// China: ≤ 1 year in practice (固废法 Art. 81 for operators; local rules and EIAs for
    /// generators), warned 30 days ahead.
    pub const CN: StorageLimits = StorageLimits { max_days: Some(365), warn_days_before: 30, generator: None };
    /// US RCRA large-quantity generator: 90 days (40 CFR 262.17).
    pub const US_LQG: StorageLimits =
        StorageLimits { max_days: Some(90), warn_days_before: 14, generator: Some(GeneratorStatus::Lqg) };
    /// US RCRA small-quantity generator: 180 days (40 CFR 262.16).
    pub const US_SQG: StorageLimits =
        StorageLimits { max_days: Some(180), warn_days_before: 21, generator: Some(GeneratorStatus::Sqg) };
    /// US RCRA small-quantity generator whose TSDF is over 200 miles away: 270 days (262.16(b)(2)).
    pub const US_SQG_270: StorageLimits =
        StorageLimits { max_days: Some(270), warn_days_before: 30, generator: Some(GeneratorStatus::Sqg270) };
    /// US RCRA very-small-quantity generator: no time limit, a quantity limit instead (262.14).
    pub const US_VSQG: StorageLimits =
        StorageLimits { max_days: None, warn_days_before: 14, generator: Some(GeneratorStatus::Vsqg) };

    /// These limits with a stricter limit applied (a plant-wide setting, a facility's own): the
    /// shorter of the two; a limit never loosens, and gives a clock where there was none.
    pub fn tightened(self, days: Option<i64>) -> StorageLimits {
        let max_days = match (self.max_days, days) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        StorageLimits { max_days, ..self }
    }
}

crate::text_enum! {
    /// A US plant's RCRA generator status (40 CFR 262.13–17, domain.md §10.1): it sets the
    /// storage clock and the quantity the plant may hold on site.
    pub enum GeneratorStatus {
        /// Large quantity generator: 90 days, no quantity limit.
        Lqg = "lqg" | "LQG",
        /// Small quantity generator: 180 days, ≤ 6,000 kg on site.
        Sqg = "sqg" | "SQG",
        /// Small quantity generator shipping to a TSDF over 200 miles away: 270 days.
        Sqg270 = "sqg_270" | "SQG_270",
        /// Very small quantity generator: no clock, ≤ 1,000 kg on site.
        Vsqg = "vsqg" | "VSQG",
    }
}

impl GeneratorStatus {
    /// The storage-time limits of the status.
    pub fn limits(self) -> StorageLimits {
        match self {
            GeneratorStatus::Lqg => StorageLimits::US_LQG,
            GeneratorStatus::Sqg => StorageLimits::US_SQG,
            GeneratorStatus::Sqg270 => StorageLimits::US_SQG_270,
            GeneratorStatus::Vsqg => StorageLimits::US_VSQG,
        }
    }

    /// The most the status may accumulate on site (domain.md §10.1), if limited.
    pub fn quantity_limit(self) -> Option<Grams> {
        match self {
            GeneratorStatus::Lqg => None,
            GeneratorStatus::Sqg | GeneratorStatus::Sqg270 => Some(Grams(6_000_000)),
            GeneratorStatus::Vsqg => Some(Grams(1_000_000)),
        }
    }

    /// How messages name it: `LQG`, `SQG`, `SQG (TSDF > 200 miles)`, `VSQG`.
    pub fn label(self) -> &'static str {
        match self {
            GeneratorStatus::Lqg => "LQG",
            GeneratorStatus::Sqg => "SQG",
            GeneratorStatus::Sqg270 => "SQG (TSDF > 200 miles)",
            GeneratorStatus::Vsqg => "VSQG",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeStatus {
    Ok {
        age_days: i64,
        ship_by: NaiveDate,
    },
    Warning {
        age_days: i64,
        ship_by: NaiveDate,
    },
    Overdue {
        age_days: i64,
        ship_by: NaiveDate,
    },
    /// No storage-time limit applies (a US VSQG): the age is kept, there is no ship-by date.
    NoLimit {
        age_days: i64,
    },
    /// No start date was recorded: flagged, never treated as new.
    UnknownStart,
}

/// The age of a container (from its generation or first-drop date) on `today`.
pub fn container_age(start: Option<NaiveDate>, today: NaiveDate, limits: StorageLimits) -> AgeStatus {
    let Some(start) = start else { return AgeStatus::UnknownStart };
    let age_days = (today - start).num_days();
    let Some(max_days) = limits.max_days else { return AgeStatus::NoLimit { age_days } };
    let ship_by = start + Duration::days(max_days);
    if age_days >= max_days {
        AgeStatus::Overdue { age_days, ship_by }
    } else if age_days >= max_days - limits.warn_days_before {
        AgeStatus::Warning { age_days, ship_by }
    } else {
        AgeStatus::Ok { age_days, ship_by }
    }
}

/// GB 18597-2023 8.3.5: a 贮存点's real-time stock must not exceed 3 t.
pub const STORAGE_POINT_CAP: Grams = Grams(3_000_000);
/// Warn before the cap.
pub const STORAGE_POINT_WARN: Grams = Grams(2_500_000);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapStatus {
    Ok,
    Warning,
    OverCap,
}

/// Checks a 贮存点's stock after adding `incoming`.
pub fn storage_point_check(stock: Grams, incoming: Grams) -> CapStatus {
    let after = Grams(stock.0 + incoming.0);
    if after > STORAGE_POINT_CAP {
        CapStatus::OverCap
    } else if after >= STORAGE_POINT_WARN {
        CapStatus::Warning
    } else {
        CapStatus::Ok
    }
}

/// GB 18597-2023 6.2.2: spill containment ≥ max(largest liquid container, 10 % of all liquid
/// stored). Volumes in litres (whole litres are precise enough for containment).
pub fn required_containment_l(container_volumes_l: &[i64]) -> i64 {
    let largest = container_volumes_l.iter().copied().max().unwrap_or(0);
    let total: i64 = container_volumes_l.iter().sum();
    largest.max((total + 9) / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    // domain.md §11 item 4.
    #[test]
    fn storage_vectors_from_the_domain_spec() {
        assert_eq!(storage_point_check(Grams(2_900_000), Grams(200_000)), CapStatus::OverCap);
        assert_eq!(
            container_age(Some(d(2024, 6, 1)), d(2025, 5, 20), StorageLimits::CN),
            AgeStatus::Warning { age_days: 353, ship_by: d(2025, 6, 1) }
        );
        // 1.0 m³ largest drum, 8 m³ of liquid in all → 1.0 m³.
        let mut drums = vec![1000];
        drums.extend(std::iter::repeat_n(200, 35));
        assert_eq!(drums.iter().sum::<i64>(), 8000);
        assert_eq!(required_containment_l(&drums), 1000);
    }

    #[test]
    fn age_boundaries_and_unknown_start() {
        let l = StorageLimits::CN;
        let start = d(2025, 1, 1);
        assert!(matches!(container_age(Some(start), start + Duration::days(334), l), AgeStatus::Ok { .. }));
        assert!(matches!(container_age(Some(start), start + Duration::days(335), l), AgeStatus::Warning { .. }));
        assert!(matches!(container_age(Some(start), start + Duration::days(365), l), AgeStatus::Overdue { .. }));
        assert_eq!(container_age(None, start, l), AgeStatus::UnknownStart);
        assert!(matches!(
            container_age(Some(start), start + Duration::days(90), StorageLimits::US_LQG),
            AgeStatus::Overdue { .. }
        ));
    }

    #[test]
    fn us_generator_status_limits_and_tightening() {
        let start = d(2025, 1, 1);
        let at = |days: i64, l: StorageLimits| container_age(Some(start), start + Duration::days(days), l);
        assert!(matches!(at(179, GeneratorStatus::Sqg.limits()), AgeStatus::Warning { .. }));
        assert!(matches!(at(180, GeneratorStatus::Sqg.limits()), AgeStatus::Overdue { .. }));
        assert!(matches!(at(239, GeneratorStatus::Sqg270.limits()), AgeStatus::Ok { .. }));
        assert!(matches!(at(270, GeneratorStatus::Sqg270.limits()), AgeStatus::Overdue { .. }));
        assert_eq!(at(900, GeneratorStatus::Vsqg.limits()), AgeStatus::NoLimit { age_days: 900 });
        let vsqg_120 = GeneratorStatus::Vsqg.limits().tightened(Some(120));
        assert_eq!((vsqg_120.max_days, vsqg_120.generator), (Some(120), Some(GeneratorStatus::Vsqg)));
        assert_eq!(StorageLimits::US_LQG.tightened(Some(500)).max_days, Some(90), "never loosens");
        assert_eq!(StorageLimits::CN.tightened(None), StorageLimits::CN);
        assert_eq!(GeneratorStatus::Vsqg.quantity_limit(), Some(Grams(1_000_000)));
        assert_eq!(GeneratorStatus::Lqg.quantity_limit(), None);
    }

    #[test]
    fn storage_point_cap_is_inclusive_at_three_tonnes() {
        assert_eq!(storage_point_check(Grams(2_000_000), Grams(1_000_000)), CapStatus::Warning);
        assert_eq!(storage_point_check(Grams(1_000_000), Grams(1_000_000)), CapStatus::Ok);
        assert_eq!(storage_point_check(Grams(3_000_000), Grams(1)), CapStatus::OverCap);
        assert_eq!(required_containment_l(&[]), 0);
        assert_eq!(required_containment_l(&[200; 60]), 1200, "10 % of 12 m³ beats the 200 L drum");
    }
}
