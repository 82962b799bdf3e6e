//! Plausibility before sending (issue 10 item 4a): what an HQ analyst would query in a week's
//! figures. Pure: it reads the week's summary, the previous weeks' summaries and the open
//! alerts, never the database. Each flag names its indicator (or code) and carries its numbers
//! as params so the UI can word it; `message` is English for the CLI and logs.
//!
//! - `figure_high` / `figure_low`: a week total ≥ 10× or ≤ 0.1× the median of the previous
//!   weeks' totals, only when that median is > 0 (integer arithmetic: the median of four is the
//!   mean of the middle two, compared without dividing);
//! - `no_activity`: no ledger record at all is dated in the week;
//! - `stock_mismatch`: per HW code, closing stock ≠ opening + generated − shipped (accepted) −
//!   own use/disposal over the week;
//! - `storage_overdue` / `manifest_overdue`: such alerts are open.

use crate::alerts::{Alert, AlertKind};
use crate::units::Grams;
use crate::waste::indicators::WasteDetails;
use serde::Serialize;
use std::collections::BTreeMap;

use super::week::WeekSummary;

crate::text_enum! {
    /// What a plausibility flag is about.
    pub enum FlagKind {
        /// A figure at least ten times the plant's own median of the previous weeks.
        FigureHigh = "figure_high",
        /// A figure at most a tenth of that median.
        FigureLow = "figure_low",
        /// No ledger record at all dated in the week.
        NoActivity = "no_activity",
        /// A code's closing stock does not follow from opening + generated − out.
        StockMismatch = "stock_mismatch",
        /// Containers stored past their storage-time limit (open alerts).
        StorageOverdue = "storage_overdue",
        /// Manifests past their confirmation deadline (open alerts).
        ManifestOverdue = "manifest_overdue",
    }
}

/// Something HQ would query; sending a flagged week needs a note per flag (item 4a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Flag {
    pub kind: FlagKind,
    /// The indicator key it is about, when it is about one.
    pub indicator: Option<String>,
    pub params: BTreeMap<String, String>,
    /// English, for the CLI and logs; the UI words it from `kind` and `params`.
    pub message: String,
}

fn flag(kind: FlagKind, indicator: Option<&str>, params: &[(&str, String)], message: String) -> Flag {
    Flag {
        kind,
        indicator: indicator.map(str::to_string),
        params: params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        message,
    }
}

/// The median of `values` as a fraction `num / 2` (exact for integers). `None` when empty.
fn median_x2(values: &[i64]) -> Option<i128> {
    let mut v: Vec<i128> = values.iter().map(|&x| i128::from(x)).collect();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] * 2),
        _ => Some(v[n / 2 - 1] + v[n / 2]),
    }
}

/// The flags of `week`, given the previous weeks' summaries (any order) and the open alerts.
pub fn plausibility(week: &WeekSummary, previous: &[WeekSummary], open_alerts: &[Alert]) -> Vec<Flag> {
    let mut out = Vec::new();
    // Each figure against the plant's own median of the previous weeks.
    for f in &week.totals {
        let history: Vec<i64> = previous.iter().filter_map(|w| w.total(&f.key)).collect();
        let Some(m2) = median_x2(&history).filter(|m| *m > 0) else { continue };
        let v2 = i128::from(f.value) * 2;
        let median = if m2 % 2 == 0 { (m2 / 2).to_string() } else { format!("{}.5", m2 / 2) };
        let params = [("value", f.value.to_string()), ("median", median.clone()), ("weeks", history.len().to_string())];
        if v2 >= 10 * m2 {
            out.push(flag(
                FlagKind::FigureHigh,
                Some(&f.key),
                &params,
                format!(
                    "{} is {} ({}), at least 10× the median {} of the previous weeks",
                    f.key, f.value, f.unit, median
                ),
            ));
        } else if v2 * 10 <= m2 {
            out.push(flag(
                FlagKind::FigureLow,
                Some(&f.key),
                &params,
                format!(
                    "{} is {} ({}), at most a tenth of the median {} of the previous weeks",
                    f.key, f.value, f.unit, median
                ),
            ));
        }
    }
    if week.records == 0 {
        out.push(flag(
            FlagKind::NoActivity,
            None,
            &[],
            format!("no ledger record at all is dated in {} ({} – {})", week.week, week.from, week.to),
        ));
    }
    // Per HW code: closing = opening + generated − out, over the whole week.
    let parts: Vec<WasteDetails> = week
        .parts
        .iter()
        .filter_map(|p| p.details.get(&crate::areas::Area::Waste))
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect();
    let mut codes: BTreeMap<&str, [i64; 4]> = BTreeMap::new(); // opening, in, out, closing
    for (i, part) in parts.iter().enumerate() {
        for d in &part.hw {
            let c = codes.entry(&d.code).or_default();
            if i == 0 {
                c[0] = d.opening_stock_g;
            }
            c[1] += d.generated_g;
            c[2] += d.shipped_utilisation_g + d.shipped_disposal_g + d.own_use_g + d.own_disposal_g;
            if i == parts.len() - 1 {
                c[3] = d.closing_stock_g;
            }
        }
    }
    for (code, [opening, gen, out_g, closing]) in codes {
        let expected = opening + gen - out_g;
        if expected != closing {
            let kg = |g: i64| Grams(g).kg_string();
            out.push(flag(
                FlagKind::StockMismatch,
                Some("hw_closing_stock_g"),
                &[
                    ("code", code.to_string()),
                    ("opening_kg", kg(opening)),
                    ("generated_kg", kg(gen)),
                    ("out_kg", kg(out_g)),
                    ("expected_kg", kg(expected)),
                    ("closing_kg", kg(closing)),
                ],
                format!(
                    "{code}: closing stock {} kg ≠ opening {} + generated {} − out {} = {} kg",
                    kg(closing),
                    kg(opening),
                    kg(gen),
                    kg(out_g),
                    kg(expected)
                ),
            ));
        }
    }
    for (alert_kind, kind, indicator, what) in [
        (
            AlertKind::AgeOverdue,
            FlagKind::StorageOverdue,
            "hw_oldest_stock_age_days",
            "containers stored past their limit",
        ),
        (
            AlertKind::ManifestOverdue,
            FlagKind::ManifestOverdue,
            "hw_manifests_pending",
            "manifests past their confirmation deadline",
        ),
    ] {
        let open: Vec<&Alert> = open_alerts.iter().filter(|a| a.kind == alert_kind).collect();
        if !open.is_empty() {
            let subjects: Vec<&str> = open.iter().map(|a| a.subject.as_str()).collect();
            out.push(flag(
                kind,
                Some(indicator),
                &[("count", open.len().to_string()), ("subjects", subjects.join(", "))],
                format!("{} open alert(s): {what} ({})", open.len(), subjects.join(", ")),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_four_is_the_mean_of_the_middle_two_times_two() {
        assert_eq!(median_x2(&[4, 1, 3, 2]), Some(5));
        assert_eq!(median_x2(&[7]), Some(14));
        assert_eq!(median_x2(&[]), None);
    }
}
