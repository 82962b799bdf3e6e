//! The monitoring method for one source and month (监测法, domain.md §7.1):
//! `E [t] = mean over the month's tests of (C [mg/Nm³] × Q [Nm³/h]) × hours × 10⁻⁹`.
//!
//! A test may say how many hours it represents; then its C × Q counts for those hours. Tests
//! that do not share the rest of the source's operating hours for the month equally — with no
//! test giving hours this is exactly the mean × operating hours of the domain formula; with all
//! giving hours it is Σ C × Q × h. (Given hours beyond the month's operating hours leave the
//! others none.) Also each test against the regulatory limit and the internal target. Pure and
//! exact; grams as fractions (mg/h × h = mg; ÷ 1000 = g).

use super::exact::Exact;
use crate::error::Result;
use crate::units::Decimal;

/// One stack test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestIn {
    pub c_mg_m3: Decimal,
    pub q_nm3_h: Decimal,
    pub hours: Option<Decimal>,
}

/// A source's emitted VOCs in grams for the month from its tests; `None` with no test.
pub fn source_emitted_g(tests: &[TestIn], hours_per_month: Decimal) -> Result<Option<Exact>> {
    if tests.is_empty() {
        return Ok(None);
    }
    let rate = |t: &TestIn| Exact::dec(t.c_mg_m3).times(Exact::dec(t.q_nm3_h)); // mg/h
    let mut mg = Exact::ZERO;
    let mut given_hours = Exact::ZERO;
    let mut shared_rates = Exact::ZERO;
    let mut shared = 0i64;
    for t in tests {
        match t.hours {
            Some(h) => {
                mg = mg.plus(rate(t)?.times(Exact::dec(h))?)?;
                given_hours = given_hours.plus(Exact::dec(h))?;
            }
            None => {
                shared_rates = shared_rates.plus(rate(t)?)?;
                shared += 1;
            }
        }
    }
    if shared > 0 {
        let mut rest = Exact::dec(hours_per_month).minus(given_hours)?;
        if rest.is_negative() {
            rest = Exact::ZERO;
        }
        mg = mg.plus(shared_rates.over(Exact::int(shared))?.times(rest)?)?;
    }
    Ok(Some(mg.over(Exact::int(1000))?))
}

/// Whether a concentration is above a limit (`None` when there is no limit).
pub fn over(c_mg_m3: Decimal, limit: Option<Decimal>) -> Option<bool> {
    limit.map(|l| c_mg_m3 > l)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn t(c: &str, q: &str, h: Option<&str>) -> TestIn {
        TestIn { c_mg_m3: d(c), q_nm3_h: d(q), hours: h.map(d) }
    }

    #[test]
    fn mean_of_c_times_q_times_operating_hours() {
        // (10 × 20,000 + 14 × 30,000) / 2 = 310,000 mg/h × 400 h = 124,000,000 mg = 124,000 g.
        let e = source_emitted_g(&[t("10", "20000", None), t("14", "30000", None)], d("400")).unwrap().unwrap();
        assert_eq!(e.round().unwrap(), 124_000);
        // 10⁻⁹ t check: 310,000 × 400 × 10⁻⁹ t = 0.124 t.
        assert_eq!(e.over(Exact::int(1_000_000)).unwrap().fixed(3).unwrap(), "0.124");
        assert_eq!(source_emitted_g(&[], d("400")).unwrap(), None);
    }

    #[test]
    fn tests_with_their_own_hours() {
        // 12.5 × 10,000 × 100 h = 12,500,000 mg; the other shares 300 h: 5 × 10,000 × 300 = 15,000,000.
        let e = source_emitted_g(&[t("12.5", "10000", Some("100")), t("5", "10000", None)], d("400")).unwrap().unwrap();
        assert_eq!(e, Exact::int(27_500));
        // All hours given: Σ C·Q·h, the month's hours unused.
        let e = source_emitted_g(&[t("1.5", "1000", Some("3"))], d("400")).unwrap().unwrap();
        assert_eq!(e, Exact::ratio(45, 10).unwrap());
    }

    #[test]
    fn limit_and_target() {
        assert_eq!(over(d("12.6"), Some(d("12.5"))), Some(true));
        assert_eq!(over(d("12.5"), Some(d("12.5"))), Some(false), "at the limit is within it");
        assert_eq!(over(d("200"), None), None);
    }
}
