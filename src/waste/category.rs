//! HJ 1259-2022 §4.2 management category (重点 / 简化 / 登记) and the declaration calendar it
//! implies (§7.2). Pure rules: callers pass the annual tonnages and dates.

use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::units::Grams;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// 10 t and 100 t in grams.
const T10: Grams = Grams(10_000_000);
const T100: Grams = Grams(100_000_000);

crate::text_enum! {
    /// HJ 1259-2022 §4.2 management category.
    pub enum ManagementCategory {
        /// 危险废物环境重点监管单位
        Key = "key",
        /// 危险废物简化管理单位
        Simplified = "simplified",
        /// 危险废物登记管理单位
        Registered = "registered",
    }
}

impl ManagementCategory {
    pub fn name_zh(self) -> &'static str {
        match self {
            ManagementCategory::Key => "危险废物环境重点监管单位",
            ManagementCategory::Simplified => "危险废物简化管理单位",
            ManagementCategory::Registered => "危险废物登记管理单位",
        }
    }
}

/// What decides the category of one production site.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    /// Hazardous waste generated per full calendar year of operation, most recent last.
    /// Only the last three count (§4.2.3: the maximum of the last 3 years).
    pub annual_generation: Vec<Grams>,
    /// For sites operating < 1 year (or intermittently): the larger figure of the EIA or the
    /// discharge-permit copy.
    pub permitted_estimate: Option<Grams>,
    pub has_own_utilisation_or_disposal_facility: bool,
    pub holds_hw_operating_licence: bool,
    /// A city-level or higher authority's decision overrides the computation (§4.2.2).
    pub authority_override: Option<ManagementCategory>,
}

crate::text_enum! {
    /// Why a plant has its category (HJ 1259-2022 §4.2); the UI words it by this key.
    pub enum CategoryReason {
        /// Set by a city-level or higher authority (§4.2.2).
        Authority = "authority",
        /// Has its own utilisation/disposal facility.
        OwnFacility = "own_facility",
        /// Holds a hazardous-waste operating licence.
        Licence = "licence",
        /// Annual generation ≥ 100 t.
        Ge100 = "ge100",
        /// 10 t ≤ annual generation < 100 t.
        Ge10 = "ge10",
        /// Annual generation < 10 t.
        Lt10 = "lt10",
    }
}

/// The category and the tonnage it was decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryDecision {
    pub category: ManagementCategory,
    pub basis: Grams,
    pub reason: &'static str,
    /// The stable key of `reason`, which the UI translates.
    pub reason_key: CategoryReason,
}

/// Decides the management category (§4.2).
pub fn management_category(input: &CategoryInput) -> CategoryDecision {
    let recent = &input.annual_generation[input.annual_generation.len().saturating_sub(3)..];
    let basis = match recent.iter().max() {
        Some(max) => *max,
        None => input.permitted_estimate.unwrap_or_default(),
    };
    if let Some(category) = input.authority_override {
        return CategoryDecision {
            category,
            basis,
            reason: "set by the competent authority",
            reason_key: CategoryReason::Authority,
        };
    }
    let (category, reason, reason_key) = if input.has_own_utilisation_or_disposal_facility {
        (ManagementCategory::Key, "has its own utilisation/disposal facility", CategoryReason::OwnFacility)
    } else if input.holds_hw_operating_licence {
        (ManagementCategory::Key, "holds a hazardous-waste operating licence", CategoryReason::Licence)
    } else if basis >= T100 {
        (ManagementCategory::Key, "annual generation ≥ 100 t", CategoryReason::Ge100)
    } else if basis >= T10 {
        (ManagementCategory::Simplified, "10 t ≤ annual generation < 100 t", CategoryReason::Ge10)
    } else {
        (ManagementCategory::Registered, "annual generation < 10 t", CategoryReason::Lt10)
    };
    CategoryDecision { category, basis, reason, reason_key }
}

crate::text_enum! {
    /// A filing the management category implies.
    pub enum Filing {
        /// The yearly management plan (due 31 March of its year).
        Plan = "plan",
        Monthly = "monthly",
        Quarterly = "quarterly",
        Annual = "annual",
    }
}

/// One filing obligation: what, which period, and the due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub filing: Filing,
    /// `2025`, `2025-Q1`, `2025-03`.
    pub period: String,
    pub due: NaiveDate,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The filings of a category falling due in calendar `year` (§5.1 plan, §7.2 declarations):
/// monthly by the 15th of the next month; quarterly by the 15th of the first month of the next
/// quarter; the annual declaration and the plan by 31 March.
pub fn filings_due_in(category: ManagementCategory, year: i32) -> Vec<Deadline> {
    let mut out = vec![
        Deadline { filing: Filing::Plan, period: year.to_string(), due: date(year, 3, 31) },
        Deadline { filing: Filing::Annual, period: (year - 1).to_string(), due: date(year, 3, 31) },
    ];
    match category {
        ManagementCategory::Key => {
            for m in 1..=12u32 {
                // The declaration due on the 15th of month m covers the month before it.
                let (py, pm) = if m == 1 { (year - 1, 12) } else { (year, m - 1) };
                out.push(Deadline { filing: Filing::Monthly, period: format!("{py}-{pm:02}"), due: date(year, m, 15) });
            }
        }
        ManagementCategory::Simplified => {
            for (q, m) in [(4, 1u32), (1, 4), (2, 7), (3, 10)] {
                let py = if q == 4 { year - 1 } else { year };
                out.push(Deadline { filing: Filing::Quarterly, period: format!("{py}-Q{q}"), due: date(year, m, 15) });
            }
        }
        ManagementCategory::Registered => {}
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then((a.filing as u8).cmp(&(b.filing as u8))));
    out
}

/// The next filing due on or after `today`.
pub fn next_filing(category: ManagementCategory, today: NaiveDate) -> Option<Deadline> {
    [today.year(), today.year() + 1].into_iter().flat_map(|y| filings_due_in(category, y)).find(|d| d.due >= today)
}

/// The plant's category from its ledger, and its next filings — for reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PlantCategory {
    pub category: ManagementCategory,
    pub category_zh: String,
    pub basis_t: String,
    /// In English; `reason_key` is the stable key (see [`CategoryDecision::reason_key`]).
    pub reason: String,
    pub reason_key: CategoryReason,
    /// (year, tonnes generated) for the last three full years.
    pub years: Vec<(i32, String)>,
    pub upcoming: Vec<UpcomingFiling>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UpcomingFiling {
    pub filing: Filing,
    pub period: String,
    pub due: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// info (8–15 days left or more), warning (3–7), critical (0–2): see [`filing_severity`].
    pub severity: Severity,
}

/// How loudly a filing due in `days_left` days is announced. Monthly filings fall due on the
/// 15th, so a reminder from the 1st (15 days) gives the whole first half of the month.
pub fn filing_severity(days_left: i64) -> Severity {
    match days_left {
        ..=2 => Severity::Critical,
        3..=7 => Severity::Warning,
        _ => Severity::Info,
    }
}

/// Filings are listed by `waste alerts` from this many days before they fall due.
pub const FILING_ALERT_DAYS: i64 = 15;

/// Computes the category from the generation ledger of the last three full calendar years
/// before `today` (and the own-facility setting), and lists the filings due in the next 60 days.
pub fn for_plant(conn: &rusqlite::Connection, today: NaiveDate) -> crate::error::Result<PlantCategory> {
    let mut years = Vec::new();
    let mut annual = Vec::new();
    for y in (today.year() - 3)..today.year() {
        let g: i64 = conn.query_row(
            "SELECT coalesce(sum(live_g), 0) FROM waste_generation_day WHERE local_date BETWEEN ?1 AND ?2",
            rusqlite::params![format!("{y}-01-01"), format!("{y}-12-31")],
            |r| r.get(0),
        )?;
        years.push((y, Grams(g).t_string()));
        annual.push(Grams(g));
    }
    let own = super::settings::own_hw_facility(conn)?;
    let d = management_category(&CategoryInput {
        annual_generation: annual,
        has_own_utilisation_or_disposal_facility: own,
        ..CategoryInput::default()
    });
    let upcoming = [today.year(), today.year() + 1]
        .into_iter()
        .flat_map(|y| filings_due_in(d.category, y))
        .filter(|f| f.due >= today && (f.due - today).num_days() <= 60)
        .map(|f| UpcomingFiling {
            filing: f.filing,
            period: f.period,
            due: f.due.to_string(),
            days_left: (f.due - today).num_days(),
            severity: filing_severity((f.due - today).num_days()),
        })
        .collect();
    Ok(PlantCategory {
        category: d.category,
        category_zh: d.category.name_zh().into(),
        basis_t: d.basis.t_string(),
        reason: d.reason.into(),
        reason_key: d.reason_key,
        years,
        upcoming,
    })
}

/// Filings falling due within [`FILING_ALERT_DAYS`], through the one alert model.
pub fn filing_alerts(conn: &rusqlite::Connection, today: NaiveDate) -> crate::error::Result<Vec<Alert>> {
    Ok(for_plant(conn, today)?
        .upcoming
        .into_iter()
        .filter(|f| f.days_left <= FILING_ALERT_DAYS)
        .map(|f| {
            let message = format!("{} filing ({}) due {} ({} days left)", f.period, f.filing, f.due, f.days_left);
            let mut a = Alert::new(
                Area::Waste,
                AlertKind::FilingDue,
                f.severity,
                format!("{} {}", f.filing, f.period),
                message,
            )
            .param("filing", f.filing)
            .param("period", &f.period)
            .param("days_left", f.days_left);
            if let Ok(due) = NaiveDate::parse_from_str(&f.due, "%Y-%m-%d") {
                a = a.due(due);
            }
            a
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::MassUnit;

    fn t(s: &str) -> Grams {
        Grams::parse(s, MassUnit::T).unwrap()
    }

    // domain.md §11 item 2.
    #[test]
    fn category_vectors_from_the_domain_spec() {
        let by = |years: &[&str]| {
            management_category(&CategoryInput {
                annual_generation: years.iter().map(|s| t(s)).collect(),
                ..Default::default()
            })
            .category
        };
        assert_eq!(by(&["800", "1655.78", "1200"]), ManagementCategory::Key);
        assert_eq!(by(&["94.42"]), ManagementCategory::Simplified);
        assert_eq!(by(&["9.9"]), ManagementCategory::Registered);
        let incinerator = CategoryInput {
            annual_generation: vec![t("5")],
            has_own_utilisation_or_disposal_facility: true,
            ..Default::default()
        };
        assert_eq!(management_category(&incinerator).category, ManagementCategory::Key);
    }

    #[test]
    fn only_the_last_three_years_count_and_thresholds_are_inclusive() {
        let d = management_category(&CategoryInput {
            annual_generation: vec![t("500"), t("20"), t("30"), t("40")],
            ..Default::default()
        });
        assert_eq!((d.category, d.basis), (ManagementCategory::Simplified, t("40")));
        let at = |s: &str| {
            management_category(&CategoryInput { annual_generation: vec![t(s)], ..Default::default() }).category
        };
        assert_eq!(at("100"), ManagementCategory::Key);
        assert_eq!(at("99.999999"), ManagementCategory::Simplified);
        assert_eq!(at("10"), ManagementCategory::Simplified);
        assert_eq!(at("9.999999"), ManagementCategory::Registered);
    }

    #[test]
    fn new_sites_use_the_permitted_estimate_and_authorities_override() {
        let new_site = CategoryInput { permitted_estimate: Some(t("150")), ..Default::default() };
        assert_eq!(management_category(&new_site).category, ManagementCategory::Key);
        let overridden = CategoryInput {
            annual_generation: vec![t("5")],
            authority_override: Some(ManagementCategory::Key),
            ..Default::default()
        };
        assert_eq!(management_category(&overridden).reason, "set by the competent authority");
    }

    #[test]
    fn declaration_calendar_by_category() {
        let key = filings_due_in(ManagementCategory::Key, 2025);
        assert_eq!(key.iter().filter(|d| d.filing == Filing::Monthly).count(), 12);
        assert!(key.contains(&Deadline { filing: Filing::Monthly, period: "2024-12".into(), due: date(2025, 1, 15) }));
        let simp = filings_due_in(ManagementCategory::Simplified, 2025);
        assert!(simp.contains(&Deadline {
            filing: Filing::Quarterly,
            period: "2025-Q1".into(),
            due: date(2025, 4, 15)
        }));
        let reg = filings_due_in(ManagementCategory::Registered, 2025);
        assert_eq!(reg.iter().map(|d| d.filing).collect::<Vec<_>>(), [Filing::Plan, Filing::Annual]);
        assert!(reg.iter().all(|d| d.due == date(2025, 3, 31)));
        let next = next_filing(ManagementCategory::Simplified, date(2025, 4, 16)).unwrap();
        assert_eq!((next.period.as_str(), next.due), ("2025-Q2", date(2025, 7, 15)));
        let next = next_filing(ManagementCategory::Registered, date(2025, 4, 1)).unwrap();
        assert_eq!(next.due, date(2026, 3, 31));
    }

    #[test]
    fn filings_get_louder_as_the_due_day_nears() {
        let by_day: Vec<&str> = [0, 2, 3, 7, 8, 15, 40].into_iter().map(|d| filing_severity(d).as_str()).collect();
        assert_eq!(by_day, ["critical", "critical", "warning", "warning", "info", "info", "info"]);
    }
}
