//! Working-day calendars for deadlines ("within 5 working days of receipt", "back-filled within
//! 10 working days"). A calendar is weekends plus configured public holidays, minus configured
//! make-up working days (China's 调休: a Saturday or Sunday that is a working day). Pure: the
//! caller supplies the dates; the jurisdiction profile supplies the holiday lists.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Holidays and make-up working days of a jurisdiction (or a plant's override).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Days off that would otherwise be working days.
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days.
    pub makeup_workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    /// Weekends only.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    pub fn with_holidays(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        WorkCalendar { holidays: holidays.into_iter().collect(), makeup_workdays: makeup.into_iter().collect() }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.makeup_workdays.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `from` (`from` itself does not count, whatever it is).
    /// `n = 0` returns `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days strictly after `from` up to and including `to` (0 if `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// China 2025 National Day + Mid-Autumn: 10-01..10-08 off, 09-28 (Sun) and 10-11 (Sat) worked.
    fn cn_golden_week_2025() -> WorkCalendar {
        WorkCalendar::with_holidays((1..=8).map(|x| d(2025, 10, x)), [d(2025, 9, 28), d(2025, 10, 11)])
    }

    // domain.md §11 item 3: receipt on a Friday → confirmation due the next Friday.
    #[test]
    fn five_working_days_from_a_friday_is_the_next_friday() {
        let cal = WorkCalendar::weekends_only();
        assert_eq!(cal.add_working_days(d(2025, 11, 7), 5), d(2025, 11, 14));
        assert_eq!(cal.working_days_between(d(2025, 11, 7), d(2025, 11, 14)), 5);
    }

    #[test]
    fn holidays_are_skipped_and_makeup_days_count() {
        let cal = cn_golden_week_2025();
        // Paper fallback ended Tue 2025-09-30: 10 WD later skips the golden week but counts Sat 10-11.
        assert_eq!(cal.add_working_days(d(2025, 9, 30), 10), d(2025, 10, 21));
        assert_eq!(WorkCalendar::weekends_only().add_working_days(d(2025, 9, 30), 10), d(2025, 10, 14));
        assert!(cal.is_working_day(d(2025, 9, 28)), "make-up Sunday");
        assert!(!cal.is_working_day(d(2025, 10, 3)), "holiday Friday");
    }

    #[test]
    fn zero_days_and_weekend_starts() {
        let cal = WorkCalendar::weekends_only();
        assert_eq!(cal.add_working_days(d(2025, 11, 8), 0), d(2025, 11, 8));
        assert_eq!(cal.add_working_days(d(2025, 11, 8), 1), d(2025, 11, 10), "Saturday + 1 WD = Monday");
        assert_eq!(cal.working_days_between(d(2025, 11, 14), d(2025, 11, 7)), 0);
    }
}
