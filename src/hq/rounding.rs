//! How the group KPI appendix prints a figure (domain.md §1.3, §9.3; issue 11 item 7), without a
//! float anywhere: totals are sums of unrounded grams, a published figure is rounded once, half
//! away from zero, to its displayed decimals; segment columns are reconciled with the total to
//! one unit of the last displayed digit; intensities keep 4 significant figures (two that print
//! as 0.02 at two decimals can differ by a factor of 1.3).
//!
//! Pure functions over exact integers (`i128`, so a group's grams times a scale never overflow);
//! `None` where the arithmetic would overflow or divide by zero.

/// 10^n, or `None` past `i128`.
fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `num / den` rounded half away from zero (`den` ≠ 0).
fn div_round(num: i128, den: i128) -> Option<i128> {
    if den == 0 {
        return None;
    }
    let negative = (num < 0) != (den < 0);
    let (n, d) = (num.checked_abs()?, den.checked_abs()?);
    let q = n.checked_mul(2)?.checked_add(d)?.checked_div(d.checked_mul(2)?)?;
    Some(if negative { -q } else { q })
}

/// Grams as a count of the last displayed digit of tonnes with `decimals` decimals (0–6):
/// 1,244,000 g at 2 decimals → 124 (1.24 t).
pub fn tonne_units(grams: i128, decimals: u32) -> Option<i128> {
    if decimals > 6 {
        return None;
    }
    div_round(grams, pow10(6 - decimals)?)
}

/// `units` of 10^-decimals as decimal text: (124, 2) → "1.24", (-5, 3) → "-0.005".
pub fn units_text(units: i128, decimals: u32) -> String {
    let digits = units.unsigned_abs().to_string();
    let sign = if units < 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{digits}");
    }
    let d = decimals as usize;
    let padded = format!("{digits:0>width$}", width = d + 1);
    let (whole, frac) = padded.split_at(padded.len() - d);
    format!("{sign}{whole}.{frac}")
}

/// Grams as tonnes text rounded to `decimals` (0–6): 1,244,999 g at 2 → "1.24".
pub fn tonnes(grams: i128, decimals: u32) -> Option<String> {
    Some(units_text(tonne_units(grams, decimals)?, decimals))
}

/// The published total against the sum of the published segment columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// The total: the unrounded sum of the parts, rounded once.
    pub total: String,
    /// Each part as published.
    pub parts: Vec<String>,
    /// The sum of the published parts.
    pub parts_sum: String,
    /// Published total − sum of published parts, in units of the last displayed digit.
    pub difference_units: i128,
    /// |difference| ≤ 1 unit: the reconciliation a reader may see (shown where it occurs).
    pub within_tolerance: bool,
}

/// Reconciles segment columns (unrounded grams each) with their total at `decimals` tonnes.
pub fn reconcile(parts_grams: &[i128], decimals: u32) -> Option<Reconciliation> {
    let mut total_g: i128 = 0;
    let mut parts_units: i128 = 0;
    let mut parts = Vec::with_capacity(parts_grams.len());
    for &g in parts_grams {
        total_g = total_g.checked_add(g)?;
        let u = tonne_units(g, decimals)?;
        parts_units = parts_units.checked_add(u)?;
        parts.push(units_text(u, decimals));
    }
    let total_units = tonne_units(total_g, decimals)?;
    let difference_units = total_units - parts_units;
    Some(Reconciliation {
        total: units_text(total_units, decimals),
        parts,
        parts_sum: units_text(parts_units, decimals),
        difference_units,
        within_tolerance: difference_units.abs() <= 1,
    })
}

/// `num / den` to `sig` significant figures (1–30), half away from zero, as decimal text with
/// its trailing zeros (they are significant): (174, 10_000, 4) → "0.01740".
pub fn ratio_sig(num: i128, den: i128, sig: u32) -> Option<String> {
    if den == 0 || !(1..=30).contains(&sig) {
        return None;
    }
    if num == 0 {
        return Some("0".into());
    }
    let negative = (num < 0) != (den < 0);
    let (n, d) = (num.checked_abs()?, den.checked_abs()?);
    // e: 10^e ≤ n/d < 10^(e+1).
    let digits = |v: i128| v.to_string().len() as i64;
    let mut e = digits(n) - digits(d);
    let at_least = |e: i64| -> Option<bool> {
        // n/d ≥ 10^e ?
        Some(if e >= 0 { n >= d.checked_mul(pow10(e as u32)?)? } else { n.checked_mul(pow10((-e) as u32)?)? >= d })
    };
    if !at_least(e)? {
        e -= 1;
    }
    // m = round(n/d × 10^(sig−1−e)): sig digits (or 10^sig after rounding up).
    let shift = i64::from(sig) - 1 - e;
    let mut m = if shift >= 0 {
        div_round(n.checked_mul(pow10(shift as u32)?)?, d)?
    } else {
        div_round(n, d.checked_mul(pow10((-shift) as u32)?)?)?
    };
    if m == pow10(sig)? {
        m /= 10;
        e += 1;
    }
    // value = m × 10^(e − sig + 1)
    let p = e - i64::from(sig) + 1;
    let body = if p >= 0 { format!("{m}{}", "0".repeat(p as usize)) } else { units_text(m, (-p) as u32) };
    Some(if negative { format!("-{body}") } else { body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tonnes_round_half_away_from_zero_once() {
        assert_eq!(tonnes(1_244_999, 2).unwrap(), "1.24");
        assert_eq!(tonnes(1_245_000, 2).unwrap(), "1.25");
        assert_eq!(tonnes(-1_245_000, 2).unwrap(), "-1.25");
        assert_eq!(tonnes(94_420_000, 2).unwrap(), "94.42");
        assert_eq!(tonnes(5, 6).unwrap(), "0.000005");
        assert_eq!(tonnes(499_999, 0).unwrap(), "0");
        assert_eq!(tonnes(1, 7), None);
    }

    /// Guards the ±1-last-digit rule: the total is the unrounded sum rounded once, so it can
    /// differ from the sum of the printed columns by one unit (shown), or more (flagged).
    #[test]
    fn segment_columns_reconcile_with_the_total_to_one_unit_or_are_flagged() {
        let r = reconcile(&[1_244_000, 2_244_000], 2).unwrap();
        assert_eq!((r.total.as_str(), r.parts_sum.as_str()), ("3.49", "3.48"));
        assert_eq!((r.difference_units, r.within_tolerance), (1, true));
        let r = reconcile(&[335_000, 335_000, 335_000], 2).unwrap();
        assert_eq!(
            (r.total.as_str(), r.parts.join("+").as_str(), r.parts_sum.as_str()),
            ("1.01", "0.34+0.34+0.34", "1.02")
        );
        assert_eq!(r.difference_units, -1);
        // Five small plants that each print as 0.00 but add up to 0.02: two units off.
        let r = reconcile(&[4_900; 5], 2).unwrap();
        assert_eq!((r.total.as_str(), r.parts_sum.as_str(), r.within_tolerance), ("0.02", "0.00", false));
        let r = reconcile(&[1_000_000, 2_000_000], 3).unwrap();
        assert_eq!((r.difference_units, r.within_tolerance), (0, true));
    }

    /// Guards 4 significant figures: intensities that print alike at two decimals stay apart.
    #[test]
    fn intensities_keep_four_significant_figures() {
        // domain.md §1.3: two that print as 0.02 can differ by a factor of 1.3.
        assert_eq!(ratio_sig(174, 10_000, 4).unwrap(), "0.01740");
        assert_eq!(ratio_sig(226, 10_000, 4).unwrap(), "0.02260");
        // 94.42 t of HW over 4,512 full-time employees, in kg per person: 94,420 kg / 4,512.
        assert_eq!(ratio_sig(94_420_000, 4_512 * 1_000, 4).unwrap(), "20.93");
        // Rounding that carries into a new digit: 9.9996 → 10.00.
        assert_eq!(ratio_sig(99_996, 10_000, 4).unwrap(), "10.00");
        assert_eq!(ratio_sig(2, 3, 4).unwrap(), "0.6667");
        assert_eq!(ratio_sig(-2, 3, 4).unwrap(), "-0.6667");
        assert_eq!(ratio_sig(123_456_789, 1, 4).unwrap(), "123500000");
        assert_eq!(ratio_sig(1, 1, 4).unwrap(), "1.000");
        assert_eq!(ratio_sig(0, 7, 4).unwrap(), "0");
        assert_eq!(ratio_sig(1, 0, 4), None);
        assert_eq!(ratio_sig(i128::MAX, 1, 30), None, "overflow is None, never a panic");
    }

    /// Against floating point over many generated pairs: 4 significant figures, within half a
    /// unit of the fourth digit.
    #[test]
    fn ratio_sig_agrees_with_the_quotient_over_generated_pairs() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let num = i128::from(next() % 10_000_000_000_000) - 5_000_000_000_000;
            let den = i128::from(next() % 1_000_000_000 + 1);
            let text = ratio_sig(num, den, 4).unwrap();
            let q = num as f64 / den as f64;
            if num == 0 {
                assert_eq!(text, "0");
                continue;
            }
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let significant = digits.trim_start_matches('0');
            if text.contains('.') {
                assert_eq!(significant.len(), 4, "{num}/{den} → {text}: 4 significant digits");
            } else {
                // A whole number of 5+ digits: the places past the fourth are zeros.
                assert!(significant.len() >= 4 && significant[4..].bytes().all(|b| b == b'0'), "{num}/{den} → {text}");
            }
            let got: f64 = text.parse().unwrap();
            let unit = 10f64.powi(q.abs().log10().floor() as i32 - 3);
            assert!((got - q).abs() <= unit * 0.5 + q.abs() * 1e-12, "{num}/{den} = {q} → {text}");
        }
    }

    #[test]
    fn units_text_places_the_point() {
        assert_eq!(units_text(124, 2), "1.24");
        assert_eq!(units_text(-5, 3), "-0.005");
        assert_eq!(units_text(7, 0), "7");
        assert_eq!(units_text(0, 2), "0.00");
    }
}
