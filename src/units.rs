//! Exact ledger quantities. A mass is a whole number of grams ([`Grams`]); it is never a binary
//! float, so sums over years stay exact. Parsing accepts the decimal text a user typed in kg or t
//! and refuses anything more precise than one gram. Only meaningful operations are offered.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Largest mass the core accepts for one ledger entry: 1,000 t.
pub const MAX_ENTRY_G: i64 = 1_000_000_000;

/// The unit a user entered a mass in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum MassUnit {
    Kg,
    T,
}

impl MassUnit {
    /// Grams per unit.
    pub fn grams(self) -> i64 {
        match self {
            MassUnit::Kg => 1_000,
            MassUnit::T => 1_000_000,
        }
    }

    /// Decimal places that still resolve to whole grams.
    pub fn max_decimals(self) -> usize {
        match self {
            MassUnit::Kg => 3,
            MassUnit::T => 6,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MassUnit::Kg => "kg",
            MassUnit::T => "t",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kg" => Some(MassUnit::Kg),
            "t" => Some(MassUnit::T),
            _ => None,
        }
    }
}

/// A mass in whole grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Grams(pub i64);

/// Why a mass text was refused. The message is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MassParseError(pub crate::error::Msg);

impl Grams {
    /// Parses a decimal number (`"1.25"`, `"800"`, `".5"`) in `unit` into exact grams.
    /// Signs are accepted so that the caller can give the better message for ≤ 0.
    pub fn parse(text: &str, unit: MassUnit) -> Result<Grams, MassParseError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(MassParseError(crate::msg::units::quantity_required()));
        }
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !all_digits(int_part) || !all_digits(frac_part) {
            return Err(MassParseError(crate::msg::units::not_number_use_digits(&text)));
        }
        if frac_part.len() > unit.max_decimals() {
            return Err(MassParseError(crate::msg::units::too_precise(&text, &unit.as_str(), &unit.max_decimals())));
        }
        let too_big = || MassParseError(crate::msg::units::too_large(&text, &unit.as_str()));
        let int: i64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| too_big())? };
        let mut frac = frac_part.to_string();
        while frac.len() < unit.max_decimals() {
            frac.push('0');
        }
        let frac: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| too_big())? };
        // grams = int * grams_per_unit + frac * (grams_per_unit / 10^max_decimals) — the latter is 1.
        let g = int.checked_mul(unit.grams()).and_then(|g| g.checked_add(frac)).ok_or_else(too_big)?;
        Ok(Grams(if neg { -g } else { g }))
    }

    /// Parses `"1.25t"`, `"800kg"`, `"800 kg"` (CLI form: the unit is a required suffix).
    pub fn parse_with_unit(text: &str) -> Result<(Grams, MassUnit), MassParseError> {
        let (num, unit) = split_unit(text)?;
        Ok((Grams::parse(num, unit)?, unit))
    }

    /// Exact kilograms with three decimals, e.g. `"1250.000"`.
    pub fn kg_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:03}", a / 1_000, a % 1_000)
    }

    /// Exact tonnes with six decimals, e.g. `"1.250000"`.
    pub fn t_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
    }

    pub fn checked_add(self, other: Grams) -> Option<Grams> {
        self.0.checked_add(other.0).map(Grams)
    }
}

/// Splits `"1.25t"` into (`"1.25"`, t): the number as typed and its unit suffix.
pub fn split_unit(text: &str) -> Result<(&str, MassUnit), MassParseError> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let (len, unit) = if lower.ends_with("kg") {
        (t.len() - 2, MassUnit::Kg)
    } else if lower.ends_with('t') {
        (t.len() - 1, MassUnit::T)
    } else {
        return Err(MassParseError(crate::msg::units::needs_unit_suffix_kg(&text)));
    };
    Ok((t[..len].trim(), unit))
}

impl fmt::Display for Grams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kg", self.kg_string())
    }
}

impl std::iter::Sum for Grams {
    fn sum<I: Iterator<Item = Grams>>(iter: I) -> Grams {
        Grams(iter.map(|g| g.0).sum())
    }
}

/// An exact decimal with at most [`Decimal::DECIMALS`] decimals, held as a whole number of
/// millionths (`Decimal(82_500_000)` is 82.5): percentages, concentrations (mg/m³), flows
/// (Nm³/h), densities and hours typed by a user and stored as the text typed. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal(pub i64);

impl Decimal {
    /// Decimal places kept exactly.
    pub const DECIMALS: usize = 6;
    /// Millionths per unit.
    pub const ONE: i64 = 1_000_000;

    /// Parses decimal text (`"82.5"`, `"12"`, `".25"`, `"-1"`) exactly, refusing anything more
    /// precise than six decimals, exponents, commas and junk. The same digit rules as
    /// [`Grams::parse`] (a tonne is a million grams, so six decimals in t are millionths).
    pub fn parse(text: &str) -> Result<Decimal, MassParseError> {
        let t = text.trim();
        Grams::parse(t, MassUnit::T).map(|g| Decimal(g.0)).map_err(|_| {
            let digits = t.trim_start_matches(['-', '+']);
            let frac = digits.split_once('.').map_or(0, |(_, f)| f.len());
            if t.is_empty() {
                MassParseError(crate::msg::units::number_required())
            } else if frac > Self::DECIMALS && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                MassParseError(crate::msg::units::has_more_than_decimals(&t, &Self::DECIMALS))
            } else {
                MassParseError(crate::msg::units::not_number_use_digits_one(&t))
            }
        })
    }

    /// The shortest exact text: `82.5`, `12`, `0.000001`.
    pub fn text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (int, frac) = (a / Self::ONE as u64, a % Self::ONE as u64);
        if frac == 0 {
            return format!("{sign}{int}");
        }
        let f = format!("{frac:06}");
        format!("{sign}{int}.{}", f.trim_end_matches('0'))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly_and_print_shortest() {
        assert_eq!(Decimal::parse("82.5"), Ok(Decimal(82_500_000)));
        assert_eq!(Decimal::parse(" 12 "), Ok(Decimal(12_000_000)));
        assert_eq!(Decimal::parse(".000001"), Ok(Decimal(1)));
        assert_eq!(Decimal::parse("-1.5"), Ok(Decimal(-1_500_000)));
        assert_eq!(Decimal(82_500_000).text(), "82.5");
        assert_eq!(Decimal(12_000_000).text(), "12");
        assert_eq!(Decimal(1).text(), "0.000001");
        assert_eq!(Decimal(-1_500_000).text(), "-1.5");
        for bad in ["", "abc", "1e3", "1,5", "1.2.3"] {
            assert!(Decimal::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Decimal::parse("0.0000001").unwrap_err().0.english().contains("decimals"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tonnes_and_kilograms_exactly() {
        assert_eq!(Grams::parse("1.25", MassUnit::T), Ok(Grams(1_250_000)));
        assert_eq!(Grams::parse("800", MassUnit::Kg), Ok(Grams(800_000)));
        assert_eq!(Grams::parse(".5", MassUnit::Kg), Ok(Grams(500)));
        assert_eq!(Grams::parse("0.000001", MassUnit::T), Ok(Grams(1)));
        assert_eq!(Grams::parse("-2", MassUnit::Kg), Ok(Grams(-2_000)));
        // 0.1 + 0.2 is exact here, unlike f64.
        let s = Grams::parse("0.1", MassUnit::Kg).unwrap().0 + Grams::parse("0.2", MassUnit::Kg).unwrap().0;
        assert_eq!(Grams(s).kg_string(), "0.300");
    }

    #[test]
    fn refuses_sub_gram_precision_and_junk() {
        assert!(Grams::parse("1.2345", MassUnit::Kg).is_err());
        assert!(Grams::parse("1.0000001", MassUnit::T).is_err());
        for bad in ["", "abc", "1.2.3", "1,5", "1e3", ".", "--1", " "] {
            assert!(Grams::parse(bad, MassUnit::Kg).is_err(), "{bad:?} must be refused");
        }
        assert!(Grams::parse("99999999999999999999", MassUnit::T).is_err());
    }

    #[test]
    fn parses_cli_suffixes() {
        assert_eq!(Grams::parse_with_unit("1.25t"), Ok((Grams(1_250_000), MassUnit::T)));
        assert_eq!(Grams::parse_with_unit("800 KG"), Ok((Grams(800_000), MassUnit::Kg)));
        assert!(Grams::parse_with_unit("800").is_err());
        assert!(Grams::parse_with_unit("800g").is_err());
    }

    #[test]
    fn formats_exact_strings() {
        assert_eq!(Grams(1_250_000).kg_string(), "1250.000");
        assert_eq!(Grams(1).kg_string(), "0.001");
        assert_eq!(Grams(1_250_000).t_string(), "1.250000");
        assert_eq!(Grams(-1_500).kg_string(), "-1.500");
    }
}
