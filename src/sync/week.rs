//! The sync period and its summary. [`IsoWeek`] is an ISO 8601 week (`2026-W53`; Monday to
//! Sunday, numbered by the ISO week-numbering year, so 2024-12-30 is in 2025-W01); its days are
//! plant-local dates, its instants come from the plant's IANA zone ([`IsoWeek::bounds_utc`]).
//!
//! [`week_summary`] computes the week's figures from the ledgers through every area's figure
//! source ([`crate::areas::FIGURE_SOURCES`]), one call per calendar month inside the week: a
//! week across a month or year end carries two [`MonthPart`]s, so HQ's monthly and annual sums
//! of sum-aggregated figures are exact. Values are JSON integers (grams, days, counts); never floats.

use crate::alerts;
use crate::areas::Area;
use crate::error::{Error, Result};
use crate::indicators::Figure;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An ISO week: its week-numbering year and number (1–52 or 53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week `week` of ISO year `year`; refused (naming `field`) when that year has no such week.
    pub fn new(field: &'static str, year: i32, week: u32) -> Result<IsoWeek> {
        if !(1900..=2999).contains(&year) {
            return Err(Error::invalid(field, crate::msg::common::not_year_between_1900(&year)));
        }
        if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
            let weeks = NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
            return Err(Error::invalid(field, crate::msg::sync::has_iso_weeks_not(&year, &weeks, &week)));
        }
        Ok(IsoWeek { year, week })
    }

    /// Parses `YYYY-Www` (e.g. `2026-W53`), naming `field` when refusing.
    pub fn parse(field: &'static str, text: &str) -> Result<IsoWeek> {
        let t = text.trim();
        let bad = || Error::invalid(field, crate::msg::sync::not_iso_week_yyyy(&crate::text::shown(t)));
        let b = t.as_bytes();
        if b.len() != 8 || b[4] != b'-' || !matches!(b[5], b'W' | b'w') {
            return Err(bad());
        }
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        let (y, w) = (&t[..4], &t[6..]);
        if !digits(y) || !digits(w) {
            return Err(bad());
        }
        IsoWeek::new(field, y.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?)
    }

    /// The week a plant-local day belongs to.
    pub fn of(day: NaiveDate) -> IsoWeek {
        let w = day.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn week(self) -> u32 {
        self.week
    }

    /// The week's Monday (plant-local date).
    pub fn monday(self) -> NaiveDate {
        // Checked in `new`; `of` takes it from a real date.
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    /// The week's Sunday (plant-local date).
    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    /// The week before.
    pub fn previous(self) -> IsoWeek {
        IsoWeek::of(self.monday() - Duration::days(7))
    }

    /// The week after (2026-W53 → 2027-W01).
    pub fn next(self) -> IsoWeek {
        IsoWeek::of(self.monday() + Duration::days(7))
    }

    /// The week's instants in the plant's zone: `[start, end)` in UTC, from Monday 00:00 to the
    /// next Monday 00:00 plant-local (167 or 169 hours across a DST change).
    pub fn bounds_utc(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            crate::time::local_day_start_utc(self.monday(), tz),
            crate::time::local_day_start_utc(self.sunday() + Duration::days(1), tz),
        )
    }

    /// The week's days split by calendar month: `(YYYY-MM, from, to)`, one or two parts.
    pub fn month_parts(self) -> Vec<(String, NaiveDate, NaiveDate)> {
        let (mut from, sunday) = (self.monday(), self.sunday());
        let mut parts = Vec::new();
        while from <= sunday {
            let mut to = from;
            while to < sunday && (to + Duration::days(1)).month() == from.month() {
                to += Duration::days(1);
            }
            parts.push((format!("{:04}-{:02}", from.year(), from.month()), from, to));
            from = to + Duration::days(1);
        }
        parts
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl std::str::FromStr for IsoWeek {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        IsoWeek::parse("week", s).map_err(|e| e.to_string())
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IsoWeek::parse("week", &s).map_err(serde::de::Error::custom)
    }
}

/// The days of one calendar month inside a week, with their figures and details.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MonthPart {
    /// `YYYY-MM`.
    pub month: String,
    /// Plant-local days `from..=to` (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    /// Ledger records dated in these days (live or voided), all areas together.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// In registry order; a figure with no recorded basis (e.g. no headcount for the year) is left out.
    pub figures: Vec<Figure>,
    /// Per area (`waste`: [`crate::waste::indicators::WasteDetails`]), what HQ can drill into.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub details: BTreeMap<Area, serde_json::Value>,
}

/// A week's summary from the ledgers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeekSummary {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub week: IsoWeek,
    pub plant_code: String,
    pub timezone: String,
    /// Monday and Sunday, plant-local.
    pub from: String,
    pub to: String,
    /// `[starts_at, ends_at)` in UTC (`YYYY-MM-DDTHH:MM:SSZ`).
    pub starts_at: String,
    pub ends_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// One part per calendar month inside the week, in order.
    pub parts: Vec<MonthPart>,
    /// The week as a whole, each figure aggregated over the parts as the registry says.
    pub totals: Vec<Figure>,
}

impl WeekSummary {
    /// The week's total of `key`, if the week has one.
    pub fn total(&self, key: &str) -> Option<i64> {
        self.totals.iter().find(|f| f.key == key).map(|f| f.value)
    }
}

/// The summary of `week` from the ledgers, in the plant's time zone.
pub fn week_summary(conn: &Connection, week: IsoWeek) -> Result<WeekSummary> {
    let plant = crate::plant::require(conn)?;
    let tz = plant.tz()?;
    let mut parts = Vec::new();
    for (month, from, to) in week.month_parts() {
        let (figures, records, details) = crate::indicators::for_range(conn, from, to)?;
        parts.push(MonthPart { month, from: from.to_string(), to: to.to_string(), records, figures, details });
    }
    let totals = totals(&parts);
    let (start, end) = week.bounds_utc(tz);
    Ok(WeekSummary {
        week,
        plant_code: plant.code,
        timezone: plant.timezone,
        from: week.monday().to_string(),
        to: week.sunday().to_string(),
        starts_at: crate::time::to_db(start),
        ends_at: crate::time::to_db(end),
        records: parts.iter().map(|p| p.records).sum(),
        parts,
        totals,
    })
}

/// Each registered figure over the parts (oldest first), aggregated as the registry says.
fn totals(parts: &[MonthPart]) -> Vec<Figure> {
    let figures: Vec<&[Figure]> = parts.iter().map(|p| p.figures.as_slice()).collect();
    crate::indicators::combine(&figures)
}

/// How many earlier weeks the plausibility check compares with.
pub const PREVIOUS_WEEKS: usize = 4;

/// What the plant sees before sending a week: its summary and the flags an HQ analyst would query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeekPreview {
    pub summary: WeekSummary,
    pub flags: Vec<super::Flag>,
}

/// The preview of `week`: its summary, the previous [`PREVIOUS_WEEKS`] weeks' summaries for
/// the median check, and the open alerts on the plant-local day `today`.
pub fn preview(conn: &Connection, week: IsoWeek, today: NaiveDate) -> Result<WeekPreview> {
    let summary = week_summary(conn, week)?;
    let mut previous = Vec::with_capacity(PREVIOUS_WEEKS);
    let mut w = week;
    for _ in 0..PREVIOUS_WEEKS {
        w = w.previous();
        previous.push(week_summary(conn, w)?);
    }
    let open = alerts::for_plant(conn, today)?;
    let flags = super::plausibility(&summary, &previous, &open);
    Ok(WeekPreview { summary, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Guards item 2: 2026 has 53 ISO weeks, 2025 has 52; garbage is refused naming the field.
    #[test]
    fn iso_week_parses_w53_of_2026_and_refuses_w53_of_2025_and_garbage() {
        let w = IsoWeek::parse("week", "2026-W53").unwrap();
        assert_eq!(w.to_string(), "2026-W53");
        assert_eq!((w.monday(), w.sunday()), (d(2026, 12, 28), d(2027, 1, 3)));
        for bad in ["2025-W53", "2026-W00", "2026-W54", "2026W01", "2026-01", "26-W01", "2026-W1", "２026-W01", ""] {
            assert_eq!(IsoWeek::parse("week", bad).unwrap_err().field(), Some("week"), "{bad}");
        }
        assert!(IsoWeek::parse("week", "2025-W53").unwrap_err().to_string().contains("52 ISO weeks"));
        assert_eq!(IsoWeek::of(d(2024, 12, 30)).to_string(), "2025-W01");
        assert_eq!(IsoWeek::parse("week", "2027-W01").unwrap().previous().to_string(), "2026-W53");
        assert_eq!(IsoWeek::parse("week", "2026-W52").unwrap().next().to_string(), "2026-W53");
        assert_eq!(IsoWeek::parse("week", "2026-W53").unwrap().next().to_string(), "2027-W01");
        assert_eq!(IsoWeek::parse("week", "2025-W52").unwrap().next().to_string(), "2026-W01");
    }

    #[test]
    fn a_week_splits_at_month_and_year_ends() {
        let parts = |s: &str| IsoWeek::parse("week", s).unwrap().month_parts();
        assert_eq!(
            parts("2026-W53"),
            vec![
                ("2026-12".into(), d(2026, 12, 28), d(2026, 12, 31)),
                ("2027-01".into(), d(2027, 1, 1), d(2027, 1, 3)),
            ]
        );
        assert_eq!(parts("2026-W10"), vec![("2026-03".into(), d(2026, 3, 2), d(2026, 3, 8))]);
        // 2026-W05: Mon 26 Jan – Sun 1 Feb.
        assert_eq!(parts("2026-W05").len(), 2);
    }
}
