//! The pure rules of the wastewater area — no I/O, no clock: limit values and seasons, which
//! limit is in force on a day, whether a reading exceeds it and by what multiple, the
//! below-detection-limit policy, the manual-monitoring load formula, the monitoring periods of a
//! required frequency, and the checks of HJ 212 identifiers an outfall is keyed by.

use super::outfall::Frequency;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

crate::text_enum! {
    /// What a reading below the detection limit counts as in a load (domain.md §6.5): 0 (HJ/T 92,
    /// the default), half the DL, or the DL. Stamped on every computed load.
    pub enum DlPolicy {
        Zero = "zero",
        Half = "half",
        Full = "full",
    }
}

impl DlPolicy {
    /// The concentration a reading contributes to a load.
    pub fn load_value(self, value: f64, below_dl: bool) -> f64 {
        match (below_dl, self) {
            (false, _) => value,
            (true, DlPolicy::Zero) => 0.0,
            (true, DlPolicy::Half) => value / 2.0,
            (true, DlPolicy::Full) => value,
        }
    }
}

/// Checks an exact non-negative decimal (`500`, `1.5`, `0.05`) and returns its value.
pub fn parse_limit_value(field: &'static str, text: &str) -> Result<f64> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !int.is_empty()
        && int.len() <= 9
        && int.bytes().all(|b| b.is_ascii_digit())
        && (!t.contains('.') || (!frac.is_empty() && frac.len() <= 6 && frac.bytes().all(|b| b.is_ascii_digit())));
    if !ok {
        return Err(Error::invalid(field, crate::msg::water::not_decimal_number_such(&crate::text::shown(t))));
    }
    t.parse::<f64>().map_err(|_| Error::invalid(field, crate::msg::common::not_a_number()))
}

/// A measured value as typed: a decimal, or a result below the detection limit written as the
/// DL followed by `L` (`4L`, HJ 91.1). Returns the value (the DL) and whether it is below the DL.
pub fn parse_measured(field: &'static str, text: &str) -> Result<(f64, bool)> {
    let t = text.trim();
    let (num, below) = match t.strip_suffix(['L', 'l']) {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let neg = num.starts_with('-');
    let v = parse_limit_value(field, num.trim_start_matches('-'))
        .map_err(|_| Error::invalid(field, crate::msg::water::not_value_such_as(&crate::text::shown(t))))?;
    if neg && below {
        return Err(Error::invalid(field, crate::msg::water::detection_limit_not_negative()));
    }
    Ok((if neg { -v } else { v }, below))
}

/// Months as typed (`12-3` wraps the year; `6,7,8`; empty = all year) → bit m−1 for month m.
pub fn parse_months(field: &'static str, text: &str) -> Result<u16> {
    let t = text.trim();
    if t.is_empty() || t == "*" {
        return Ok(4095);
    }
    let month = |s: &str| -> Result<u32> {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| Error::invalid(field, crate::msg::water::not_month_1_12(&crate::text::shown(s))))
    };
    let mut mask = 0u16;
    for part in t.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (month(a)?, month(b)?);
                let mut m = a;
                loop {
                    mask |= 1 << (m - 1);
                    if m == b {
                        break;
                    }
                    m = m % 12 + 1;
                }
            }
            None => mask |= 1 << (month(part)? - 1),
        }
    }
    Ok(mask)
}

/// `1,2,3,12`, or empty for the whole year.
pub fn months_text(mask: u16) -> String {
    if mask & 4095 == 4095 {
        return String::new();
    }
    (1..=12u16).filter(|m| mask & (1 << (m - 1)) != 0).map(|m| m.to_string()).collect::<Vec<_>>().join(",")
}

/// A limit of a permit entry, as the rules use it.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    pub id: String,
    pub upper: Option<f64>,
    pub lower: Option<f64>,
    pub upper_text: Option<String>,
    pub lower_text: Option<String>,
    pub months: u16,
    pub valid_from: NaiveDate,
    pub basis: String,
}

impl Limit {
    pub fn new(
        id: String,
        upper: Option<String>,
        lower: Option<String>,
        months: u16,
        valid_from: NaiveDate,
        basis: String,
    ) -> Result<Limit> {
        Ok(Limit {
            id,
            upper: upper.as_deref().map(|u| parse_limit_value("upper", u)).transpose()?,
            lower: lower.as_deref().map(|l| parse_limit_value("lower", l)).transpose()?,
            upper_text: upper,
            lower_text: lower,
            months,
            valid_from,
            basis,
        })
    }

    fn applies(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.months & (1 << (day.month() - 1)) != 0
    }
}

/// The limit in force on `day`: among those started by then and covering its month, the latest
/// start; among equal starts, the one with fewer months (the seasonal variant over the all-year).
pub fn limit_on(limits: &[Limit], day: NaiveDate) -> Option<&Limit> {
    limits
        .iter()
        .filter(|l| l.applies(day))
        .max_by(|a, b| a.valid_from.cmp(&b.valid_from).then(b.months.count_ones().cmp(&a.months.count_ones())))
}

crate::text_enum! {
    /// Which bound a reading broke.
    pub enum Bound {
        Upper = "upper",
        Lower = "lower",
    }
}

/// A reading outside its limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exceed {
    pub bound: Bound,
    pub limit_text: String,
    /// value ÷ upper limit in thousandths (1500 = 1.5 ×, i.e. 超标 0.5 倍); none for a lower bound.
    pub ratio_permille: Option<i64>,
}

/// Whether `value` breaks `limit`. A result below the detection limit breaks no upper limit (the
/// true value is below the DL); a value on the limit is within it.
pub fn judge(limit: &Limit, value: f64, below_dl: bool) -> Option<Exceed> {
    if let (Some(u), Some(text)) = (limit.upper, &limit.upper_text) {
        if !below_dl && value > u {
            let ratio = if u > 0.0 { Some((value / u * 1000.0).round() as i64) } else { None };
            return Some(Exceed { bound: Bound::Upper, limit_text: text.clone(), ratio_permille: ratio });
        }
    }
    if let (Some(l), Some(text)) = (limit.lower, &limit.lower_text) {
        if value < l {
            return Some(Exceed { bound: Bound::Lower, limit_text: text.clone(), ratio_permille: None });
        }
    }
    None
}

/// Manual-monitoring load (domain.md §6.4): mean of (cᵢ [mg/L] × qᵢ [m³/d]) over the samplings ×
/// h discharge days, in grams (1 mg/L × 1 m³ = 1 g). `None` without a sampling.
pub fn manual_load_g(samplings: &[(f64, f64)], discharge_days: u32) -> Option<f64> {
    if samplings.is_empty() {
        return None;
    }
    let mean = samplings.iter().map(|(c, q)| c * q).sum::<f64>() / samplings.len() as f64;
    Some(mean * f64::from(discharge_days))
}

/// Grams of a computed load, rounded once, half away from zero.
pub fn whole_grams(g: f64) -> i64 {
    g.round() as i64
}

/// The monitoring period of `freq` that holds `day` (first and last day): the day itself for
/// daily and continuous monitoring, the ISO week, the month, the quarter, the half-year, the year.
pub fn period_of(freq: Frequency, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(day);
    let month_end = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        ymd(ny, nm, 1).pred_opt().unwrap_or(day)
    };
    let (y, m) = (day.year(), day.month());
    match freq {
        Frequency::Continuous | Frequency::Daily => (day, day),
        Frequency::Weekly => {
            let start = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
            (start, start + chrono::Duration::days(6))
        }
        Frequency::Monthly => (ymd(y, m, 1), month_end(y, m)),
        Frequency::Quarterly => {
            let q0 = (m - 1) / 3 * 3 + 1;
            (ymd(y, q0, 1), month_end(y, q0 + 2))
        }
        Frequency::HalfYearly => {
            let h0 = if m <= 6 { 1 } else { 7 };
            (ymd(y, h0, 1), month_end(y, h0 + 5))
        }
        Frequency::Yearly => (ymd(y, 1, 1), ymd(y, 12, 31)),
    }
}

/// The monitoring periods of `freq` that overlap `[from, to]`, in order.
pub fn periods(freq: Frequency, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let p = period_of(freq, day);
        out.push(p);
        match p.1.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// An HJ 212 MN (设备唯一标识): 1–24 letters, digits, `_` or `-`.
pub fn check_mn(field: &'static str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() || t.len() > 24 || !t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(Error::invalid(field, crate::msg::water::not_mn_1_24(&crate::text::shown(t))));
    }
    Ok(t.to_string())
}

/// An HJ 212-2017 factor code: a lower-case letter and five digits (`w01018`, `a21026`).
pub fn check_factor_code(field: &'static str, text: &str) -> Result<String> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() != 6 || !b[0].is_ascii_lowercase() || !b[1..].iter().all(u8::is_ascii_digit) {
        return Err(Error::invalid(field, crate::msg::water::not_hj_212_2017(&crate::text::shown(t))));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn limit(id: &str, upper: &str, months: &str, from: &str) -> Limit {
        Limit::new(id.into(), Some(upper.into()), None, parse_months("m", months).unwrap(), d(from), String::new())
            .unwrap()
    }

    /// Guards §6.6: DB11/307's winter NH3-N limit (Dec–Mar) beats the all-year one of the same
    /// start in its months only; a later permit revision beats both.
    #[test]
    fn the_seasonal_variant_and_the_latest_revision_win() {
        let ls = vec![
            limit("all", "1.0", "", "2024-01-01"),
            limit("winter", "1.5", "12-3", "2024-01-01"),
            limit("rev", "0.8", "", "2026-01-01"),
        ];
        assert_eq!(limit_on(&ls, d("2025-01-15")).unwrap().id, "winter");
        assert_eq!(limit_on(&ls, d("2025-12-01")).unwrap().id, "winter");
        assert_eq!(limit_on(&ls, d("2025-04-01")).unwrap().id, "all");
        assert_eq!(limit_on(&ls, d("2026-01-15")).unwrap().id, "rev");
        assert!(limit_on(&ls, d("2023-12-31")).is_none());
        assert_eq!(parse_months("m", "12-3").unwrap(), 0b1000_0000_0111);
        assert_eq!(months_text(parse_months("m", "12-3").unwrap()), "1,2,3,12");
        assert!(parse_months("m", "13").is_err());
    }

    #[test]
    fn judging_gives_the_multiple_of_the_limit_and_spares_below_dl() {
        let l = limit("x", "100", "", "2020-01-01");
        assert_eq!(judge(&l, 150.0, false).unwrap().ratio_permille, Some(1500));
        assert!(judge(&l, 100.0, false).is_none(), "on the limit is within it");
        assert!(judge(&l, 150.0, true).is_none(), "below the DL is not over the limit");
        let ph =
            Limit::new("ph".into(), Some("9".into()), Some("6".into()), 4095, d("2020-01-01"), String::new()).unwrap();
        let low = judge(&ph, 5.5, false).unwrap();
        assert_eq!((low.bound, low.ratio_permille), (Bound::Lower, None));
    }

    /// Guards domain.md §11 items 6 and 7.
    #[test]
    fn manual_load_and_the_below_dl_policy() {
        // 12 monthly samples whose c·q mean is 52.5 mg/L × 547.95 m³/d = 28,767 g/d, h = 365.
        let s = vec![(52.5, 547.95); 12];
        let g = manual_load_g(&s, 365).unwrap();
        // 52.5 × 547.95 = 28,767.375 g/d (domain.md rounds it to 28,767) × 365 d.
        assert_eq!(whole_grams(g), 10_500_092);
        assert_eq!((whole_grams(g) as f64 / 10_000.0).round() / 100.0, 10.50, "10.50 t");
        let (v, below) = parse_measured("value", "4L").unwrap();
        assert!(below);
        assert_eq!(DlPolicy::Zero.load_value(v, below), 0.0);
        assert_eq!(DlPolicy::Half.load_value(v, below), 2.0);
        assert_eq!(DlPolicy::Full.load_value(v, below), 4.0);
        assert!(parse_measured("value", "4 mg").is_err());
        assert!(parse_measured("value", "-4L").is_err());
    }

    #[test]
    fn periods_follow_the_frequency() {
        assert_eq!(period_of(Frequency::Quarterly, d("2025-05-20")), (d("2025-04-01"), d("2025-06-30")));
        assert_eq!(period_of(Frequency::Weekly, d("2025-05-21")), (d("2025-05-19"), d("2025-05-25")));
        assert_eq!(period_of(Frequency::Monthly, d("2024-02-10")), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(periods(Frequency::Monthly, d("2025-01-15"), d("2025-03-01")).len(), 3);
        assert!(check_factor_code("f", "w01018").is_ok());
        assert!(check_factor_code("f", "011").is_err());
    }
}
