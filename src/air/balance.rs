//! The material balance of one month (物料衡算, DB44/816-2010 Appendix B; domain.md §7.1):
//!
//! - `I`  = Σ used × VOC mass % over the month's ledger lines;
//! - `O1` = Σ recovered × VOC mass % (the ledger's recovered material) + Σ accepted shipped
//!   grams of a VOC-carrying waste code × that code's VOC % (from the waste ledger);
//! - `O2` = Σ per source of the input used there × capture efficiency × removal efficiency —
//!   a line without a source has no abatement;
//! - `E = I − O1 − O2`; `g/m² = E ÷ coated area`.
//!
//! An `E < 0` is an inconsistency (recovered or abated more than was used) and is flagged,
//! never clamped. Pure and exact ([`super::exact`]); values in grams, rounded by the caller.

use super::exact::Exact;
use crate::error::Result;
use crate::units::Decimal;

/// One ledger line as the balance needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIn {
    /// Index into [`BalanceIn::sources`], `None` when the line names no source.
    pub source: Option<usize>,
    pub used_g: i64,
    pub recovered_g: i64,
    /// The material's VOC mass %.
    pub voc_pct: Decimal,
}

/// A source's abatement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceIn {
    pub capture_pct: Decimal,
    pub removal_pct: Decimal,
}

/// One waste code's accepted shipments in the month with its VOC %.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasteIn {
    pub shipped_g: i64,
    pub voc_pct: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BalanceIn {
    pub lines: Vec<LineIn>,
    pub sources: Vec<SourceIn>,
    pub waste: Vec<WasteIn>,
    pub area_m2: Option<i64>,
}

/// The exact balance (grams as fractions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balance {
    /// Per line: its VOC input and its recovered VOCs.
    pub line_input: Vec<Exact>,
    pub line_recovered: Vec<Exact>,
    /// Per source: input used there and VOCs abated.
    pub source_input: Vec<Exact>,
    pub source_abated: Vec<Exact>,
    /// Per waste code: O1 from waste.
    pub waste_recovered: Vec<Exact>,
    pub input: Exact,
    /// Input of lines without a source (no abatement).
    pub unsourced_input: Exact,
    pub recovered_ledger: Exact,
    pub recovered_waste: Exact,
    /// O1 = ledger + waste.
    pub recovered: Exact,
    /// O2.
    pub abated: Exact,
    /// E = I − O1 − O2.
    pub emitted: Exact,
    /// E per m² of coated area (g/m²), when an area is known.
    pub g_per_m2: Option<Exact>,
    /// E < 0: flagged, never clamped.
    pub inconsistent: bool,
}

/// The month's balance.
pub fn balance(input: &BalanceIn) -> Result<Balance> {
    let mut b = Balance {
        source_input: vec![Exact::ZERO; input.sources.len()],
        source_abated: vec![Exact::ZERO; input.sources.len()],
        ..Default::default()
    };
    for l in &input.lines {
        let w = Exact::pct(l.voc_pct);
        let i = Exact::int(l.used_g).times(w)?;
        let r = Exact::int(l.recovered_g).times(w)?;
        b.line_input.push(i);
        b.line_recovered.push(r);
        b.input = b.input.plus(i)?;
        b.recovered_ledger = b.recovered_ledger.plus(r)?;
        match l.source.and_then(|s| b.source_input.get_mut(s)) {
            Some(slot) => *slot = slot.plus(i)?,
            None => b.unsourced_input = b.unsourced_input.plus(i)?,
        }
    }
    for (k, s) in input.sources.iter().enumerate() {
        let eta = Exact::pct(s.capture_pct).times(Exact::pct(s.removal_pct))?;
        b.source_abated[k] = b.source_input[k].times(eta)?;
    }
    b.abated = Exact::sum(b.source_abated.iter().copied())?;
    for w in &input.waste {
        let r = Exact::int(w.shipped_g).times(Exact::pct(w.voc_pct))?;
        b.waste_recovered.push(r);
        b.recovered_waste = b.recovered_waste.plus(r)?;
    }
    b.recovered = b.recovered_ledger.plus(b.recovered_waste)?;
    b.emitted = b.input.minus(b.recovered)?.minus(b.abated)?;
    b.inconsistent = b.emitted.is_negative();
    b.g_per_m2 = match input.area_m2 {
        Some(a) if a > 0 => Some(b.emitted.over(Exact::int(a))?),
        _ => None,
    };
    Ok(b)
}

/// Mass % from a content in g/L and the density in g/L: `g/L ÷ density × 100`, rounded half
/// away from zero to six decimals (the stored mass % the balance uses; the g/L and density stay
/// on the record).
pub fn mass_pct_from_g_l(content_g_l: Decimal, density_g_l: Decimal) -> Result<Decimal> {
    let pct = Exact::dec(content_g_l).over(Exact::dec(density_g_l))?.times(Exact::int(100 * Decimal::ONE))?;
    Ok(Decimal(pct.round()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    /// domain.md §11 item 8 in the compact form: 12,000 kg in, η_c·η_r = 0.825 → O2 = 9,900 kg;
    /// O1 = 1,500 kg → E = 600 kg; 600,000 m² → 1.0 g/m².
    #[test]
    fn the_db44_vector() {
        let input = BalanceIn {
            // 24,000 kg of a 50 % coating at the line, 3,000 kg of it recovered.
            lines: vec![LineIn { source: Some(0), used_g: 24_000_000, recovered_g: 3_000_000, voc_pct: d("50") }],
            // η_c · η_r = 0.88 × 0.9375 = 0.825.
            sources: vec![SourceIn { capture_pct: d("88"), removal_pct: d("93.75") }],
            waste: vec![],
            area_m2: Some(600_000),
        };
        let b = balance(&input).unwrap();
        assert_eq!(b.input.round().unwrap(), 12_000_000);
        assert_eq!(b.recovered.round().unwrap(), 1_500_000);
        assert_eq!(b.abated.round().unwrap(), 9_900_000);
        assert_eq!(b.emitted.round().unwrap(), 600_000);
        assert_eq!(b.g_per_m2.unwrap().fixed(1).unwrap(), "1.0");
        assert!(!b.inconsistent);
    }

    #[test]
    fn waste_recovery_and_unsourced_lines() {
        let input = BalanceIn {
            lines: vec![
                LineIn { source: Some(0), used_g: 1_000, recovered_g: 0, voc_pct: d("40") },
                LineIn { source: None, used_g: 1_000, recovered_g: 0, voc_pct: d("10") },
            ],
            sources: vec![SourceIn { capture_pct: d("90"), removal_pct: d("95") }],
            waste: vec![WasteIn { shipped_g: 500, voc_pct: d("12.5") }],
            area_m2: None,
        };
        let b = balance(&input).unwrap();
        assert_eq!(b.input, Exact::int(500));
        assert_eq!(b.unsourced_input, Exact::int(100), "no source: no abatement");
        assert_eq!(b.abated, Exact::ratio(342, 1).unwrap(), "400 × 0.9 × 0.95");
        assert_eq!(b.recovered_waste, Exact::ratio(125, 2).unwrap());
        assert_eq!(b.emitted, Exact::ratio(500 * 2 - 684 - 125, 2).unwrap());
        assert_eq!(b.emitted.round().unwrap(), 96, "95.5 rounds away from zero once");
        assert!(b.g_per_m2.is_none());
    }

    #[test]
    fn more_out_than_in_is_flagged_not_clamped() {
        let input = BalanceIn {
            lines: vec![LineIn { source: None, used_g: 1_000, recovered_g: 0, voc_pct: d("10") }],
            waste: vec![WasteIn { shipped_g: 10_000, voc_pct: d("5") }],
            ..Default::default()
        };
        let b = balance(&input).unwrap();
        assert!(b.inconsistent);
        assert_eq!(b.emitted.round().unwrap(), -400);
    }

    #[test]
    fn g_per_l_converts_with_the_density() {
        assert_eq!(mass_pct_from_g_l(d("420"), d("1200")).unwrap(), d("35"));
        assert_eq!(mass_pct_from_g_l(d("100"), d("300")).unwrap(), d("33.333333"));
    }
}
