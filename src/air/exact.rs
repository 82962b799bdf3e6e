//! Exact rational arithmetic for the VOC figures: every input (grams, decimal percentages,
//! concentrations, flows, hours, days of a month) is a ratio of integers, so a month's balance
//! and a week's pro-rated share are computed without a float and rounded once, half away from
//! zero, at the end. Overflow is an error, never a wrap. Pure; no I/O.

use crate::error::{Error, Result};
use crate::units::Decimal;

/// A fraction `num / den` in lowest terms with `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    num: i128,
    den: i128,
}

fn overflow() -> Error {
    Error::Internal("VOC arithmetic overflow (a quantity is far beyond any plant's)".into())
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Default for Exact {
    fn default() -> Self {
        Exact::ZERO
    }
}

impl Exact {
    pub const ZERO: Exact = Exact { num: 0, den: 1 };

    /// `num / den`; a zero denominator is an error.
    pub fn ratio(num: i128, den: i128) -> Result<Exact> {
        if den == 0 {
            return Err(Error::Internal("division by zero in a VOC figure".into()));
        }
        let g = gcd(num, den).max(1);
        let (mut n, mut d) = (num / g, den / g);
        if d < 0 {
            n = n.checked_neg().ok_or_else(overflow)?;
            d = d.checked_neg().ok_or_else(overflow)?;
        }
        Ok(Exact { num: n, den: d })
    }

    /// A whole number.
    pub fn int(n: i64) -> Exact {
        Exact { num: i128::from(n), den: 1 }
    }

    /// A decimal's value (`82.5` → 82.5).
    pub fn dec(d: Decimal) -> Exact {
        // ONE is a power of ten; `ratio` only fails on a zero denominator.
        Exact::ratio(i128::from(d.0), i128::from(Decimal::ONE)).unwrap_or(Exact::ZERO)
    }

    /// A percentage as a fraction (`82.5` → 0.825).
    pub fn pct(d: Decimal) -> Exact {
        Exact::ratio(i128::from(d.0), 100 * i128::from(Decimal::ONE)).unwrap_or(Exact::ZERO)
    }

    pub fn plus(self, o: Exact) -> Result<Exact> {
        let g = gcd(self.den, o.den).max(1);
        let l = (self.den / g).checked_mul(o.den).ok_or_else(overflow)?;
        let a = self.num.checked_mul(l / self.den).ok_or_else(overflow)?;
        let b = o.num.checked_mul(l / o.den).ok_or_else(overflow)?;
        Exact::ratio(a.checked_add(b).ok_or_else(overflow)?, l)
    }

    pub fn minus(self, o: Exact) -> Result<Exact> {
        self.plus(Exact { num: o.num.checked_neg().ok_or_else(overflow)?, den: o.den })
    }

    pub fn times(self, o: Exact) -> Result<Exact> {
        // Cross-reduce first to keep the numbers small.
        let g1 = gcd(self.num, o.den).max(1);
        let g2 = gcd(o.num, self.den).max(1);
        let n = (self.num / g1).checked_mul(o.num / g2).ok_or_else(overflow)?;
        let d = (self.den / g2).checked_mul(o.den / g1).ok_or_else(overflow)?;
        Exact::ratio(n, d)
    }

    /// `self / o`; dividing by zero is an error.
    pub fn over(self, o: Exact) -> Result<Exact> {
        if o.num == 0 {
            return Err(Error::Internal("division by zero in a VOC figure".into()));
        }
        self.times(Exact { num: o.den, den: o.num }.normalised()?)
    }

    fn normalised(self) -> Result<Exact> {
        Exact::ratio(self.num, self.den)
    }

    /// The sum of `items`.
    pub fn sum<I: IntoIterator<Item = Exact>>(items: I) -> Result<Exact> {
        items.into_iter().try_fold(Exact::ZERO, Exact::plus)
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    /// Rounded to a whole number, half away from zero.
    pub fn round(self) -> Result<i64> {
        let q = self.num / self.den;
        let r = self.num % self.den;
        // |r| / den ≥ 1/2  ⇔  2|r| ≥ den.
        let away = r.abs().checked_mul(2).ok_or_else(overflow)? >= self.den;
        let q = if away { q + self.num.signum() } else { q };
        i64::try_from(q).map_err(|_| overflow())
    }

    /// Decimal text rounded (half away from zero) to `decimals` places: `1.000`.
    pub fn fixed(self, decimals: u32) -> Result<String> {
        let scale = 10i128.checked_pow(decimals).ok_or_else(overflow)?;
        let units = self.times(Exact { num: scale, den: 1 })?.round()?;
        let sign = if units < 0 { "-" } else { "" };
        let a = i128::from(units).abs();
        if decimals == 0 {
            return Ok(format!("{sign}{a}"));
        }
        Ok(format!("{sign}{}.{:0width$}", a / scale, a % scale, width = decimals as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: i128, d: i128) -> Exact {
        Exact::ratio(n, d).unwrap()
    }

    #[test]
    fn fractions_stay_exact_where_floats_do_not() {
        // 0.1 + 0.2 = 0.3 exactly.
        assert_eq!(e(1, 10).plus(e(2, 10)).unwrap(), e(3, 10));
        // A third of a gram three times is one gram.
        let third = e(1, 3);
        assert_eq!(Exact::sum([third, third, third]).unwrap(), Exact::int(1));
        assert_eq!(e(6, -4), e(-3, 2));
        assert_eq!(e(3, 4).times(e(8, 9)).unwrap(), e(2, 3));
        assert_eq!(e(3, 4).over(e(3, 8)).unwrap(), Exact::int(2));
        assert!(e(1, 2).over(Exact::ZERO).is_err());
        assert!(Exact::ratio(1, 0).is_err());
    }

    #[test]
    fn rounds_once_half_away_from_zero() {
        assert_eq!(e(5, 2).round().unwrap(), 3);
        assert_eq!(e(-5, 2).round().unwrap(), -3);
        assert_eq!(e(7, 3).round().unwrap(), 2);
        assert_eq!(e(-7, 3).round().unwrap(), -2);
        assert_eq!(e(1, 2).fixed(0).unwrap(), "1");
        assert_eq!(Exact::int(1).fixed(3).unwrap(), "1.000");
        assert_eq!(e(-1, 8).fixed(2).unwrap(), "-0.13");
        assert_eq!(e(1, 3000).fixed(3).unwrap(), "0.000");
        assert_eq!(Exact::pct(Decimal(82_500_000)), e(33, 40));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let big = Exact::ratio(i128::MAX / 2, 1).unwrap();
        assert!(big.times(Exact::int(4)).is_err());
        assert!(big.plus(big).and_then(|b| b.plus(big)).is_err());
    }
}
