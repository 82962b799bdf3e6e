//! The plant's management report (周报 / 月报 for plant managers): a [`ManagementReport`] of one
//! [`Period`] — an ISO week or a calendar month in the plant's time zone — as data the app can
//! show, the CLI can write and the outbox can mail, and [`management_pdf`] to draw it
//! ([`crate::docs::report_pdf`]).
//!
//! The figures are the registry's ([`crate::indicators`]): a week's are exactly the week
//! summary's totals that go to HQ ([`crate::sync::week::week_summary`]); any other range is split
//! into calendar-month parts, each run through every area's figure source
//! ([`crate::indicators::for_range`]) and combined as the registry says — one definition of every
//! figure. The same is done for the 11 periods before it (the trends).
//!
//! An area contributes a [`Section`] through one function registered in
//! [`crate::areas::REPORT_SECTIONS`]; a section is made of generic [`Block`]s (KPI tiles,
//! tables, charts, notes) whose labels carry both languages, so the document and a later UI view
//! draw any area's section without knowing it. The open alerts come from
//! [`crate::alerts::for_plant`] (every area). Values stay exact integers (grams, days, counts);
//! kg/t text is made only by the document. Reads the database only; no clock (`today` is passed).

use crate::alerts::{self, Alert, AlertKind, Severity};
use crate::areas::{Area, REPORT_SECTIONS};
use crate::error::{Error, Result};
use crate::indicators::{self, Figure};
use crate::sync::IsoWeek;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

/// How many periods a trend shows (this one and the 11 before it).
pub const TREND_PERIODS: usize = 12;

crate::text_enum! {
    /// The language of a rendered report.
    pub enum Lang {
        Zh = "zh" | "zh-CN",
        En = "en",
    }
}

/// A report period: an ISO week or a calendar month, plant-local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Week(IsoWeek),
    Month { year: i32, month: u32 },
}

impl Period {
    /// An ISO week `YYYY-Www` or a month `YYYY-MM`, naming `field` when refusing.
    pub fn parse(field: &'static str, text: &str) -> Result<Period> {
        if text.trim().contains('W') {
            Ok(Period::Week(IsoWeek::parse(field, text)?))
        } else {
            Period::parse_month(field, text)
        }
    }

    /// The month `YYYY-MM` (e.g. `2026-03`), naming `field` when refusing.
    pub fn parse_month(field: &'static str, text: &str) -> Result<Period> {
        let t = text.trim();
        let bad = || Error::invalid(field, crate::msg::report::not_month_yyyy_mm(&crate::text::shown(t)));
        let b = t.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !t[..4].bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if !t[5..].bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let (year, month): (i32, u32) = (t[..4].parse().map_err(|_| bad())?, t[5..].parse().map_err(|_| bad())?);
        Period::month(field, year, month)
    }

    /// The calendar month `month` of `year`; refused (naming `field`) outside 1–12 or 1900–2999.
    pub fn month(field: &'static str, year: i32, month: u32) -> Result<Period> {
        if !(1900..=2999).contains(&year) {
            return Err(Error::invalid(field, crate::msg::common::not_year_between_1900(&year)));
        }
        if !(1..=12).contains(&month) {
            return Err(Error::invalid(field, crate::msg::report::month_not_between_01(&month)));
        }
        Ok(Period::Month { year, month })
    }

    /// The first plant-local day.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.monday(),
            // Checked in `month`.
            Period::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default(),
        }
    }

    /// The last plant-local day.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Week(w) => w.sunday(),
            Period::Month { .. } => self.next().first_day() - Duration::days(1),
        }
    }

    /// The period before.
    pub fn previous(self) -> Period {
        match self {
            Period::Week(w) => Period::Week(w.previous()),
            Period::Month { year, month: 1 } => Period::Month { year: year - 1, month: 12 },
            Period::Month { year, month } => Period::Month { year, month: month - 1 },
        }
    }

    /// The period after.
    pub fn next(self) -> Period {
        match self {
            Period::Week(w) => Period::Week(IsoWeek::of(w.sunday() + Duration::days(1))),
            Period::Month { year, month: 12 } => Period::Month { year: year + 1, month: 1 },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
        }
    }

    /// A short label for a chart axis: `W10`, `3月` / `Mar`.
    pub fn short_label(self, lang: Lang) -> String {
        const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        match (self, lang) {
            (Period::Week(w), _) => format!("W{:02}", w.week()),
            (Period::Month { month, .. }, Lang::Zh) => format!("{month}月"),
            (Period::Month { month, .. }, Lang::En) => EN[(month as usize + 11) % 12].to_string(),
        }
    }

    pub fn is_week(self) -> bool {
        matches!(self, Period::Week(_))
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Week(w) => write!(f, "{w}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A label in both languages (the core words every label of the report; the document picks one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportText"))]
pub struct L10n {
    pub zh: String,
    pub en: String,
}

impl L10n {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A label in both languages.
pub fn l10n(zh: impl Into<String>, en: impl Into<String>) -> L10n {
    L10n { zh: zh.into(), en: en.into() }
}

/// One value of a tile or a cell. Masses are whole grams; the document formats them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportValue"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    Mass {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        grams: i64,
    },
    Count {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        n: i64,
    },
    Days {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
    /// A volume in whole litres; the document shows m³ with three decimals (exact).
    Volume {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        litres: i64,
    },
    /// Text shown as is in every language (codes, names, dates).
    Text { text: String },
    /// Text worded per language (a status, a route).
    Label { label: L10n },
    /// Nothing recorded (shown as "—").
    Empty,
}

impl Value {
    pub fn mass(grams: i64) -> Value {
        Value::Mass { grams }
    }
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text { text: text.into() }
    }
    pub fn label(zh: &str, en: &str) -> Value {
        Value::Label { label: l10n(zh, en) }
    }
    /// Whether the value is a number (right-aligned in tables).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Mass { .. } | Value::Count { .. } | Value::Days { .. } | Value::Volume { .. })
    }
}

/// A KPI tile: a figure of the period and, when it has one, the previous period's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportKpi"))]
pub struct Kpi {
    /// The indicator key when the tile shows a registry figure.
    pub key: Option<String>,
    pub label: L10n,
    pub value: Value,
    pub previous: Option<Value>,
    /// A line under the value (a limit, a split).
    pub hint: Option<L10n>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportColumn"))]
pub struct Column {
    pub label: L10n,
    /// Relative width (the document shares the page width in proportion).
    pub width: u16,
}

/// A table of a section; `empty` is said instead when it has no rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportTable"))]
pub struct Table {
    pub title: L10n,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    pub empty: L10n,
    pub note: Option<L10n>,
}

crate::text_enum! {
    /// How a chart draws its series.
    pub enum ChartKind {
        Bars = "bars",
        Line = "line",
    }
}

crate::text_enum! {
    /// What a chart's values are.
    pub enum ChartUnit {
        /// Whole grams, drawn as kg (t from 10 t up).
        Mass = "mass",
        /// Counts (hazards found, closed).
        Count = "count",
    }
}

/// A trend chart over the report's [`TREND_PERIODS`] periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportChart"))]
pub struct Chart {
    pub title: L10n,
    pub kind: ChartKind,
    pub unit: ChartUnit,
    /// One per period, oldest first (the periods of [`ManagementReport::trend`]): grams or
    /// counts as `unit` says.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub values: Vec<i64>,
    /// A second series drawn over the first as a line with markers (closed against found).
    pub overlay: Option<ChartOverlay>,
}

impl Chart {
    /// A chart of one series of grams.
    pub fn mass(title: L10n, kind: ChartKind, grams: Vec<i64>) -> Chart {
        Chart { title, kind, unit: ChartUnit::Mass, values: grams, overlay: None }
    }
}

/// The second series of a [`Chart`], in the same unit, with both series' names for the legend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportChartOverlay"))]
pub struct ChartOverlay {
    /// The name of the chart's own series.
    pub main: L10n,
    /// The name of this series.
    pub label: L10n,
    /// One per period, oldest first.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub values: Vec<i64>,
}

/// A part of a section, drawn in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportBlock"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Kpis {
        tiles: Vec<Kpi>,
    },
    /// Charts drawn side by side (two to a row).
    Charts {
        charts: Vec<Chart>,
    },
    Table {
        table: Table,
    },
    Note {
        text: L10n,
    },
}

/// An area's part of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportSection"))]
pub struct Section {
    pub area: Area,
    pub title: L10n,
    pub blocks: Vec<Block>,
}

/// One period of the trend: its label, days and registry figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportTrendPoint"))]
pub struct TrendPoint {
    /// `2026-W10` or `2026-03`.
    pub period: String,
    pub label_zh: String,
    pub label_en: String,
    pub from: String,
    pub to: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    pub figures: Vec<Figure>,
}

impl TrendPoint {
    /// The value of `key` in this period, 0 when it has none.
    pub fn value(&self, key: &str) -> i64 {
        figure(&self.figures, key).unwrap_or(0)
    }
}

/// The value of `key` among `figures`.
pub fn figure(figures: &[Figure], key: &str) -> Option<i64> {
    figures.iter().find(|f| f.key == key).map(|f| f.value)
}

/// What a section source gets: the period, its (and the previous period's) figures, the
/// trend, and the plant-local `today`. Sources read lists (containers, shipments) themselves;
/// they never compute a registry figure again.
pub struct SectionInput<'a> {
    pub period: Period,
    pub from: NaiveDate,
    /// The last day covered: the period's last day, or `today` while it is still running.
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub figures: &'a [Figure],
    pub previous: &'a [Figure],
    /// [`TREND_PERIODS`] periods, oldest first; the last one is this period.
    pub trend: &'a [TrendPoint],
}

/// An area's section source, registered in [`crate::areas::REPORT_SECTIONS`]; `None` when the
/// area has nothing to say for the plant.
pub type SectionSource = fn(&Connection, &SectionInput) -> Result<Option<Section>>;

/// The open alerts on the report day, counted by severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ReportAlerts"))]
pub struct AlertCounts {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub critical: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub warning: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub info: i64,
    /// Every open alert, most severe first.
    pub items: Vec<Alert>,
}

/// The management report of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ManagementReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub period: Period,
    pub weekly: bool,
    pub plant_code: String,
    pub plant_name: String,
    pub timezone: String,
    /// The period's plant-local days.
    pub from: String,
    pub to: String,
    /// The last day the figures cover: `to`, or `today` while the period is still running.
    pub through: String,
    /// The period has not ended on `today`: its figures are to date.
    pub provisional: bool,
    /// The day the report was made (plant-local).
    pub today: String,
    /// Ledger records dated in the period, all areas; 0 = an empty period.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// The period's registry figures (for a week: the totals sent to HQ), in registry order.
    pub figures: Vec<Figure>,
    /// The same for the previous period.
    pub previous: Vec<Figure>,
    /// [`TREND_PERIODS`] periods, oldest first; the last one is this period.
    pub trend: Vec<TrendPoint>,
    pub sections: Vec<Section>,
    pub alerts: AlertCounts,
}

impl ManagementReport {
    /// The period's value of `key`.
    pub fn figure(&self, key: &str) -> Option<i64> {
        figure(&self.figures, key)
    }
}

/// The figures of plant-local days `[from, to]`: a whole ISO week is its week summary's totals
/// (what the packet sends); any other range is split by calendar month, each part through
/// [`indicators::for_range`], combined as the registry says (exactly what the week summary does).
fn period_figures(conn: &Connection, period: Period, to: NaiveDate) -> Result<(Vec<Figure>, i64)> {
    if let (Period::Week(w), true) = (period, to == period.last_day()) {
        let s = crate::sync::week::week_summary(conn, w)?;
        return Ok((s.totals, s.records));
    }
    let mut parts = Vec::new();
    let mut records = 0;
    let mut from = period.first_day();
    while from <= to {
        let next_month = if from.month() == 12 {
            NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
        }
        .ok_or_else(|| Error::Internal(format!("no month after {from}")))?;
        let part_to = to.min(next_month - Duration::days(1));
        let (figures, n, _) = indicators::for_range(conn, from, part_to)?;
        records += n;
        parts.push(figures);
        from = part_to + Duration::days(1);
    }
    let refs: Vec<&[Figure]> = parts.iter().map(Vec::as_slice).collect();
    Ok((indicators::combine(&refs), records))
}

/// The management report of `period` on the plant-local day `today`. A period that has not
/// started by `today` is refused (naming `period`).
pub fn management(conn: &Connection, period: Period, today: NaiveDate) -> Result<ManagementReport> {
    let plant = crate::plant::require(conn)?;
    let (from, last) = (period.first_day(), period.last_day());
    if from > today {
        return Err(Error::invalid("period", crate::msg::report::starts_after_today(&period, &from, &today)));
    }
    let through = last.min(today);

    // The trend: this period and the 11 before it, oldest first.
    let mut periods = vec![period];
    while periods.len() < TREND_PERIODS {
        let p = periods[periods.len() - 1].previous();
        periods.push(p);
    }
    periods.reverse();
    let mut trend = Vec::with_capacity(TREND_PERIODS);
    for p in periods {
        let to = p.last_day().min(through);
        let (figures, records) = period_figures(conn, p, to)?;
        trend.push(TrendPoint {
            period: p.to_string(),
            label_zh: p.short_label(Lang::Zh),
            label_en: p.short_label(Lang::En),
            from: p.first_day().to_string(),
            to: to.to_string(),
            records,
            figures,
        });
    }
    let (figures, records) = trend.last().map(|t| (t.figures.clone(), t.records)).unwrap_or_default();
    let previous = trend.get(TREND_PERIODS - 2).map(|t| t.figures.clone()).unwrap_or_default();

    let input =
        SectionInput { period, from, to: through, today, figures: &figures, previous: &previous, trend: &trend };
    let mut sections = Vec::new();
    for (_, source) in REPORT_SECTIONS {
        sections.extend(source(conn, &input)?);
    }

    let items = alerts::for_plant(conn, today)?;
    let count = |s: Severity| items.iter().filter(|a| a.severity == s).count() as i64;
    let alerts = AlertCounts {
        critical: count(Severity::Critical),
        warning: count(Severity::Warning),
        info: count(Severity::Info),
        items,
    };

    Ok(ManagementReport {
        period,
        weekly: period.is_week(),
        plant_code: plant.code,
        plant_name: plant.name,
        timezone: plant.timezone,
        from: from.to_string(),
        to: last.to_string(),
        through: through.to_string(),
        provisional: through < last,
        today: today.to_string(),
        records,
        figures,
        previous,
        trend,
        sections,
        alerts,
    })
}

/// The management report of `period` as an A4-portrait PDF in `lang`.
pub fn management_pdf(conn: &Connection, period: Period, lang: Lang, today: NaiveDate) -> Result<Vec<u8>> {
    let report = management(conn, period, today)?;
    crate::docs::report_pdf(&report, lang)
}

/// The file name of a report: `EHS-report_SZ01_2026-W10_zh.pdf`.
pub fn file_name(plant_code: &str, period: Period, lang: Lang) -> String {
    let code: String = plant_code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    format!("EHS-report_{code}_{period}_{lang}.pdf")
}

/// An alert kind's short title in both languages.
pub fn alert_kind_label(kind: AlertKind) -> L10n {
    let (zh, en) = match kind {
        AlertKind::AgeOverdue => ("贮存超期", "Stored past the limit"),
        AlertKind::AgeWarning => ("贮存即将到期", "Storage limit near"),
        AlertKind::UnknownStart => ("贮存起始日未记录", "Storage start unknown"),
        AlertKind::PointOverCap => ("贮存点超过 3 吨", "Storage point over 3 t"),
        AlertKind::PointNearCap => ("贮存点接近 3 吨", "Storage point near 3 t"),
        AlertKind::OverCapacity => ("超过设计贮存能力", "Over permitted capacity"),
        AlertKind::LicenceExpiring => ("许可证即将到期", "Licence expiring"),
        AlertKind::LicenceExpired => ("许可证已过期", "Licence expired"),
        AlertKind::ManifestDue => ("联单待确认", "Manifest confirmation due"),
        AlertKind::ManifestOverdue => ("联单确认逾期", "Manifest confirmation overdue"),
        AlertKind::FilingDue => ("申报到期", "Filing due"),
        AlertKind::CategoryThreshold => ("管理类别变化", "Management category threshold"),
        AlertKind::GeneratorQuantityOver => ("超过产生者类别限量", "Over generator quantity limit"),
        AlertKind::WeekChangedAfterSubmission => ("已报周数据变更", "Submitted week changed"),
        AlertKind::OutboxFailed => ("周报发送失败", "Weekly packet delivery failed"),
        AlertKind::WeekNotBuilt => ("周报数据包未生成", "Weekly packet not built"),
        AlertKind::WeekNeedsNotes => ("周报待填写数据说明", "Weekly packet needs notes"),
        AlertKind::WeekReturnedByHq => ("HQ 退回周报待更正", "Week returned by HQ"),
        AlertKind::WaterExceedance => ("废水超标", "Wastewater exceedance"),
        AlertKind::PermitExpiring => ("排污许可证即将到期", "Discharge permit expiring"),
        AlertKind::PermitExpired => ("排污许可证已过期", "Discharge permit expired"),
        AlertKind::MonitoringDue => ("自行监测即将到期", "Self-monitoring due"),
        AlertKind::MonitoringMissed => ("自行监测缺测", "Self-monitoring missed"),
        AlertKind::HazardOverdue => ("隐患逾期未整改", "Hazard overdue"),
        AlertKind::HazardDueSoon => ("隐患整改即将到期", "Hazard due soon"),
        AlertKind::MajorHazardOpen => ("重大隐患未销号", "Major hazard open"),
        AlertKind::InspectionOverdue => ("排查逾期未做", "Inspection round overdue"),
        AlertKind::InspectionDue => ("今日应排查", "Inspection round due today"),
        AlertKind::BackupMissing => ("数据库尚无有效备份", "No good backup"),
        AlertKind::BackupStale => ("数据库备份过旧", "Backup out of date"),
    };
    l10n(zh, en)
}

/// A severity in both languages.
pub fn severity_label(s: Severity) -> L10n {
    match s {
        Severity::Critical => l10n("严重", "Critical"),
        Severity::Warning => l10n("警告", "Warning"),
        Severity::Info => l10n("提示", "Info"),
    }
}

/// An area's name in both languages.
pub fn area_label(a: Area) -> L10n {
    match a {
        Area::Plant => l10n("工厂", "Plant"),
        Area::Waste => l10n("固体废物", "Waste"),
        Area::Sync => l10n("周报同步", "Weekly sync"),
        Area::Water => l10n("废水", "Wastewater"),
        Area::Air => l10n("废气 VOCs", "Air: VOCs"),
        Area::Safety => l10n("安全隐患", "Safety"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Guards the month flag: `YYYY-MM` only, month 01–12, the field named.
    #[test]
    fn month_parses_and_refuses_bad_months_naming_the_field() {
        let m = Period::parse_month("month", "2026-02").unwrap();
        assert_eq!((m.first_day(), m.last_day()), (d(2026, 2, 1), d(2026, 2, 28)));
        assert_eq!(m.to_string(), "2026-02");
        assert_eq!(Period::parse_month("month", "2024-02").unwrap().last_day(), d(2024, 2, 29));
        assert_eq!(Period::parse_month("month", "2026-01").unwrap().previous().to_string(), "2025-12");
        assert_eq!(Period::parse_month("month", "2026-12").unwrap().last_day(), d(2026, 12, 31));
        for bad in ["2026-13", "2026-00", "2026-3", "2026/03", "26-03", "", "２026-03", "2026-W10"] {
            assert_eq!(Period::parse_month("month", bad).unwrap_err().field(), Some("month"), "{bad}");
        }
    }

    #[test]
    fn week_periods_and_labels() {
        let w = Period::Week(IsoWeek::parse("week", "2027-W01").unwrap());
        assert_eq!(w.previous().to_string(), "2026-W53");
        assert_eq!(w.short_label(Lang::En), "W01");
        let m = Period::parse_month("month", "2026-03").unwrap();
        assert_eq!((m.short_label(Lang::Zh), m.short_label(Lang::En)), ("3月".into(), "Mar".into()));
        assert_eq!(file_name("SZ/01", w, Lang::Zh), "EHS-report_SZ01_2027-W01_zh.pdf");
    }
}
