//! HJ 1259-2022 §4.2 management category (重点 / 简化 / 登记) and the declaration calendar it
//! implies (§7.2). Pure rules: callers pass the annual tonnages and dates. [`for_plant`] reads
//! the inputs (the ledger's years, and the settings: EIA/permit estimate, authority-assigned
//! category with its document, operating licence, own facility) and returns the category with
//! the reason it came out that way; [`alerts`] are the filings due and the year-to-date crossing
//! of 10 t / 100 t that changes the declaration cycle.

use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::units::Grams;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// 10 t and 100 t in grams.
const T10: Grams = Grams(10_000_000);
const T100: Grams = Grams(100_000_000);

crate::text_enum! {
    /// HJ 1259-2022 §4.2 management category.
    pub enum ManagementCategory {
        /// 危险废物环境重点监管单位
        Key = "key" | "重点",
        /// 危险废物简化管理单位
        Simplified = "simplified" | "简化",
        /// 危险废物登记管理单位
        Registered = "registered" | "登记",
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

    /// How often the category declares (§7.2): 重点 monthly, 简化 quarterly, 登记 yearly only.
    pub fn declaration_cycle(self) -> Filing {
        match self {
            ManagementCategory::Key => Filing::Monthly,
            ManagementCategory::Simplified => Filing::Quarterly,
            ManagementCategory::Registered => Filing::Annual,
        }
    }
}

/// What decides the category of one production site.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    /// Hazardous waste generated per full calendar year of ledger, most recent (`last_year`)
    /// last. With three or more, only the last three count (§4.2.3: the maximum of the last 3
    /// years); with fewer, the EIA/permit estimate is used when it is set.
    pub annual_generation: Vec<Grams>,
    /// The calendar year of the last entry of `annual_generation`.
    pub last_year: i32,
    /// For sites with under three years of ledger (new, or intermittent): the larger figure of
    /// the EIA or the discharge-permit copy.
    pub permitted_estimate: Option<Grams>,
    pub has_own_utilisation_or_disposal_facility: bool,
    pub holds_hw_operating_licence: bool,
    /// A city-level or higher authority's decision overrides the computation (§4.2.2).
    pub authority_override: Option<ManagementCategory>,
    /// The authority's document reference and its date, named in the reason.
    pub authority_doc: String,
    pub authority_date: Option<String>,
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

crate::text_enum! {
    /// Where the annual generation the category is decided on comes from (§4.2.3).
    pub enum CategoryBasis {
        /// Three or more years of ledger: the maximum of the last three.
        Ledger3Years = "ledger_3_years",
        /// Under three years of ledger and no EIA/permit estimate set (or the ledger already
        /// shows more than the estimate): the maximum of the years there are.
        LedgerYears = "ledger_years",
        /// Under three years of ledger: the EIA/permit annual estimate.
        EiaEstimate = "eia_estimate",
        /// No year of ledger and no estimate: 0 t (set the EIA/permit estimate).
        NoData = "no_data",
    }
}

/// The category, the tonnage it was decided on, where that came from, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDecision {
    pub category: ManagementCategory,
    /// What the rules alone give (differs from `category` when the authority assigned it).
    pub computed: ManagementCategory,
    pub basis: Grams,
    pub basis_source: CategoryBasis,
    /// The year the basis comes from, when it is a ledger year.
    pub basis_year: Option<i32>,
    /// In English (CLI, logs).
    pub reason: String,
    /// The stable key of `reason`, which the UI translates with `reason_params`.
    pub reason_key: CategoryReason,
    /// `doc`, `date` (authority); `basis_t`, `basis`, `year`, `years_of_ledger` (tonnage).
    pub reason_params: BTreeMap<String, String>,
}

/// The annual generation the category is decided on (§4.2.3), where it comes from, and its year.
fn basis_of(input: &CategoryInput) -> (Grams, CategoryBasis, Option<i32>) {
    let n = input.annual_generation.len();
    let first = n.saturating_sub(3);
    // The largest of the last three years; the latest year on a tie.
    let ledger_max = input.annual_generation[first..]
        .iter()
        .enumerate()
        .max_by_key(|(_, g)| **g)
        .map(|(i, g)| (*g, input.last_year - (n - 1 - (first + i)) as i32));
    match (ledger_max, input.permitted_estimate) {
        (Some((max, year)), _) if n >= 3 => (max, CategoryBasis::Ledger3Years, Some(year)),
        (Some((max, year)), Some(estimate)) if max > estimate => (max, CategoryBasis::LedgerYears, Some(year)),
        (_, Some(estimate)) => (estimate, CategoryBasis::EiaEstimate, None),
        (Some((max, year)), None) => (max, CategoryBasis::LedgerYears, Some(year)),
        (None, None) => (Grams(0), CategoryBasis::NoData, None),
    }
}

/// Decides the management category (§4.2).
pub fn management_category(input: &CategoryInput) -> CategoryDecision {
    let (basis, basis_source, basis_year) = basis_of(input);
    let years = input.annual_generation.len();
    let tonnes = match basis_source {
        CategoryBasis::Ledger3Years => {
            format!("{} t, the largest of the last 3 years ({})", basis.t_string(), basis_year.unwrap_or_default())
        }
        CategoryBasis::LedgerYears => format!(
            "{} t, the largest of the {years} year(s) of ledger ({}; under 3 years)",
            basis.t_string(),
            basis_year.unwrap_or_default()
        ),
        CategoryBasis::EiaEstimate => {
            format!("{} t, the EIA/permit annual estimate ({years} year(s) of ledger, under 3)", basis.t_string())
        }
        CategoryBasis::NoData => "no year of ledger and no EIA/permit estimate set".to_string(),
    };
    let (computed, rule, reason_key) = if input.has_own_utilisation_or_disposal_facility {
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
    let mut params = BTreeMap::from([
        ("basis_t".to_string(), basis.t_string()),
        ("basis".to_string(), basis_source.as_str().to_string()),
        ("years_of_ledger".to_string(), years.to_string()),
    ]);
    if let Some(y) = basis_year {
        params.insert("year".into(), y.to_string());
    }
    let doc = input.authority_doc.trim();
    if let Some(category) = input.authority_override.filter(|_| !doc.is_empty()) {
        let mut params = BTreeMap::from([("doc".to_string(), doc.to_string())]);
        let mut reason = format!("assigned by the competent authority: {doc}");
        if let Some(date) = input.authority_date.as_deref().filter(|d| !d.is_empty()) {
            params.insert("date".into(), date.to_string());
            reason.push_str(&format!(" of {date}"));
        }
        reason.push_str(&format!(" (the rules give {computed}: {rule})"));
        return CategoryDecision {
            category,
            computed,
            basis,
            basis_source,
            basis_year,
            reason,
            reason_key: CategoryReason::Authority,
            reason_params: params,
        };
    }
    CategoryDecision {
        category: computed,
        computed,
        basis,
        basis_source,
        basis_year,
        reason: format!("{rule} — {tonnes}"),
        reason_key,
        reason_params: params,
    }
}

/// The category a year's generation so far implies when it is above the category in force:
/// the threshold crossed (10 t or 100 t) and the category it leads to (§4.2.3, domain.md §4.5
/// item 10). `None` when the category in force already matches.
pub fn threshold_crossed(ytd: Grams, in_force: ManagementCategory) -> Option<(Grams, ManagementCategory)> {
    match in_force {
        ManagementCategory::Key => None,
        _ if ytd >= T100 => Some((T100, ManagementCategory::Key)),
        ManagementCategory::Registered if ytd >= T10 => Some((T10, ManagementCategory::Simplified)),
        _ => None,
    }
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

/// The plant's category from its ledger and settings, the reason, the inputs it was decided on,
/// and its next filings — for the category strip and reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PlantCategory {
    /// The category in force (the authority's when assigned, else the computed one).
    pub category: ManagementCategory,
    pub category_zh: String,
    /// What the rules alone give from the inputs.
    pub computed: ManagementCategory,
    pub basis_t: String,
    /// Where `basis_t` comes from.
    pub basis: CategoryBasis,
    /// The ledger year `basis_t` comes from, if it is one.
    pub basis_year: Option<i32>,
    /// In English; `reason_key` is the stable key (see [`CategoryDecision::reason_key`]).
    pub reason: String,
    pub reason_key: CategoryReason,
    /// The reason's parameters: `doc`, `date` (authority); `basis_t`, `basis`, `year`,
    /// `years_of_ledger`.
    pub reason_params: BTreeMap<String, String>,
    /// The inputs as set (plant settings) and read (the ledger).
    pub inputs: CategoryInputs,
    /// (year, tonnes generated) for the last three full years.
    pub years: Vec<(i32, String)>,
    /// Generated this calendar year up to and including today (tonnes).
    pub ytd_t: String,
    pub upcoming: Vec<UpcomingFiling>,
}

/// The inputs of the category: the settings (audited) and what the ledger holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CategoryInputs {
    /// Full calendar years the ledger covers before this one (from its first live entry).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub years_of_ledger: i64,
    /// The first live ledger day, `YYYY-MM-DD`.
    pub ledger_since: Option<String>,
    /// EIA/permit annual estimate (tonnes), used with under three years of ledger.
    pub eia_estimate_t: Option<String>,
    /// The category assigned by a city-level or higher authority, its document and date.
    pub authority_category: Option<ManagementCategory>,
    pub authority_doc: String,
    pub authority_date: Option<String>,
    /// Holds a hazardous-waste operating (utilisation/disposal) licence.
    pub operating_licence: bool,
    /// Has its own utilisation/disposal facility.
    pub own_facility: bool,
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

fn generated(conn: &rusqlite::Connection, from: &str, to: &str) -> crate::error::Result<Grams> {
    let g: i64 = conn.query_row(
        "SELECT coalesce(sum(live_g), 0) FROM waste_generation_day WHERE local_date BETWEEN ?1 AND ?2",
        rusqlite::params![from, to],
        |r| r.get(0),
    )?;
    Ok(Grams(g))
}

/// Computes the category from the generation ledger of the last three full calendar years
/// before `today` and the category settings (EIA/permit estimate with under three years of
/// ledger, the authority's category, licence, own facility), and lists the filings due in the
/// next 60 days.
pub fn for_plant(conn: &rusqlite::Connection, today: NaiveDate) -> crate::error::Result<PlantCategory> {
    use rusqlite::OptionalExtension;
    let this_year = today.year();
    let mut years = Vec::new();
    for y in (this_year - 3)..this_year {
        years.push((y, generated(conn, &format!("{y}-01-01"), &format!("{y}-12-31"))?));
    }
    // The first live ledger day, through the cache's primary key (local_date first).
    let since: Option<String> = conn
        .query_row(
            "SELECT local_date FROM waste_generation_day WHERE live_count > 0 ORDER BY local_date LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let first_year = since.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok());
    let years_of_ledger = first_year.map_or(0, |y| i64::from((this_year - y).max(0)));
    let s = super::settings::category_inputs(conn)?;
    let annual = years.iter().filter(|(y, _)| first_year.is_some_and(|f| *y >= f)).map(|(_, g)| *g).collect();
    let d = management_category(&CategoryInput {
        annual_generation: annual,
        last_year: this_year - 1,
        permitted_estimate: s.eia_estimate,
        has_own_utilisation_or_disposal_facility: s.own_facility,
        holds_hw_operating_licence: s.operating_licence,
        authority_override: s.authority_category,
        authority_doc: s.authority_doc.clone(),
        authority_date: s.authority_date.clone(),
    });
    let upcoming = [this_year, this_year + 1]
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
    let ytd = generated(conn, &format!("{this_year}-01-01"), &today.to_string())?;
    Ok(PlantCategory {
        category: d.category,
        category_zh: d.category.name_zh().into(),
        computed: d.computed,
        basis_t: d.basis.t_string(),
        basis: d.basis_source,
        basis_year: d.basis_year,
        reason: d.reason,
        reason_key: d.reason_key,
        reason_params: d.reason_params,
        inputs: CategoryInputs {
            years_of_ledger,
            ledger_since: since,
            eia_estimate_t: s.eia_estimate.map(Grams::t_string),
            authority_category: s.authority_category,
            authority_doc: s.authority_doc,
            authority_date: s.authority_date,
            operating_licence: s.operating_licence,
            own_facility: s.own_facility,
        },
        years: years.into_iter().map(|(y, g)| (y, g.t_string())).collect(),
        ytd_t: ytd.t_string(),
        upcoming,
    })
}

/// The category's alerts, through the one alert model: filings falling due within
/// [`FILING_ALERT_DAYS`], and this year's generation crossing 10 t or 100 t above the category
/// in force (the declaration cycle changes).
pub fn alerts(conn: &rusqlite::Connection, today: NaiveDate) -> crate::error::Result<Vec<Alert>> {
    let c = for_plant(conn, today)?;
    let mut out: Vec<Alert> = c
        .upcoming
        .iter()
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
        .collect();
    let ytd = Grams::parse(&c.ytd_t, crate::units::MassUnit::T).unwrap_or_default();
    if let Some((threshold, implied)) = threshold_crossed(ytd, c.category) {
        let year = today.year();
        let threshold_t = threshold.0 / 1_000_000;
        let (from, to) = (c.category.declaration_cycle(), implied.declaration_cycle());
        let message = format!(
            "{year} generation so far {} t has reached {threshold_t} t, which makes the plant {} ({}) instead of {}: \
             the declaration cycle changes from {from} to {to}",
            c.ytd_t,
            implied,
            implied.name_zh(),
            c.category
        );
        out.push(
            Alert::new(
                Area::Waste,
                AlertKind::CategoryThreshold,
                Severity::Warning,
                format!("{year} ≥ {threshold_t} t"),
                message,
            )
            .param("ytd_t", &c.ytd_t)
            .param("threshold_t", threshold_t)
            .param("year", year)
            .param("category", c.category)
            .param("implied", implied)
            .param("cycle_from", from)
            .param("cycle_to", to),
        );
    }
    Ok(out)
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
        // Without its document reference the authority's category is not applied.
        assert_eq!(management_category(&overridden).category, ManagementCategory::Registered);
        let d = management_category(&CategoryInput { authority_doc: "深环函〔2025〕12号".into(), ..overridden });
        assert_eq!(
            (d.category, d.computed, d.reason_key),
            (ManagementCategory::Key, ManagementCategory::Registered, CategoryReason::Authority)
        );
        assert_eq!(d.reason_params["doc"], "深环函〔2025〕12号");
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
