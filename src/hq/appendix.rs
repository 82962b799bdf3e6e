//! The group environmental KPI appendix (issue 11 item 7; domain.md §1.3, §9).
//!
//! For a calendar year: every summed registry indicator with data — hazardous waste, non-
//! hazardous waste and the rest (COD/BOD/NH3-N/VOCs join when their areas do) — as the group
//! total, one column per business segment, and the two prior years; intensities per full-time
//! employee (hazardous in kg/人, non-hazardous in t/人) and per revenue (t per RMB million), to 4
//! significant figures with the headcount definition printed beside each.
//!
//! - **Totals** are sums of unrounded grams of the plants' counted revisions inside their
//!   boundary (`store`: months inside weeks, never averages); rounded once for display
//!   (`rounding`), tonnes to [`T_DECIMALS`] decimals.
//! - **Reconciliation**: where the rounded segment columns do not add up to the rounded total,
//!   the row says so (±1 in the last digit is rounding; more is flagged).
//! - **Prior years**: the published figures entered at HQ (`hq_history`) where there are any,
//!   else the packets of that year; the source is printed.
//! - **Views**: all rows, HKEX (A1.3 / A1.4 and the intensities), GRI 306-3/4/5 (with the three
//!   GRI totals derived from the registry rows).
//! - **Drill-down**: [`drill`] lists the plant-week month parts (packet revision, accepted or
//!   not) a figure adds up.

use super::registry::{self, Segment};
use super::rounding;
use crate::error::{Error, Result};
use crate::indicators::{self, Aggregation, IndicatorUnit};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// Decimals of a published tonne figure (the seed report prints 94.42 t).
pub const T_DECIMALS: u32 = 2;
/// Significant figures of an intensity.
pub const INTENSITY_SIG: u32 = 4;

crate::text_enum! {
    /// Which rows the appendix shows.
    pub enum View {
        All = "all",
        Hkex = "hkex",
        Gri = "gri",
    }
}

/// One published figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AppendixFigure"))]
pub struct Figure {
    /// Exact, in the indicator's unit (grams for masses): `None` = no data.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub exact: Option<i64>,
    /// As published (tonnes rounded to 2 decimals for masses); `"—"` when no data.
    pub text: String,
    /// Where it comes from: `packets` or the history source.
    pub source: String,
}

/// Rounded segment columns against the rounded total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowReconciliation {
    pub segments_sum: String,
    pub total: String,
    /// Total − sum of the columns, in units of the last digit.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub difference_units: i64,
    pub within_tolerance: bool,
}

/// One indicator row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppendixRow {
    /// Registry key (or `gri_306_3_g` … for a derived GRI total).
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// Display unit: `t`, or the count's unit.
    pub unit: String,
    pub disclosure: String,
    pub group: Figure,
    /// One per segment, in the appendix's segment order.
    pub segments: Vec<Figure>,
    /// The two prior years (year − 1, year − 2).
    pub prior: Vec<Figure>,
    /// Present where the rounded columns do not add up to the rounded total.
    pub reconciliation: Option<RowReconciliation>,
}

/// One intensity row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IntensityRow {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// `kg/人`, `t/人`, `t/百万元`.
    pub unit: String,
    pub disclosure: String,
    /// This year, then the two prior years: 4 significant figures, `"—"` without data.
    pub values: Vec<String>,
    /// The denominator and its definition, per year (printed beside the figure).
    pub denominators: Vec<String>,
}

/// How complete the year's data are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Coverage {
    pub plants: u32,
    pub expected: u32,
    pub received: u32,
    pub accepted: u32,
    pub missing: u32,
    pub returned: u32,
    pub anchor_broken: u32,
}

/// The appendix of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Appendix {
    pub group: String,
    pub year: i32,
    pub view: View,
    pub segments: Vec<Segment>,
    pub rows: Vec<AppendixRow>,
    pub intensities: Vec<IntensityRow>,
    pub coverage: Coverage,
    /// Boundary dates, reconciliations, sources, definitions — printed under the table.
    pub notes_zh: Vec<String>,
    pub notes_en: Vec<String>,
}

/// The GRI totals derived from registry rows: (key, zh, en, disclosure, parts).
const GRI_TOTALS: &[(&str, &str, &str, &str, &[&str])] = &[
    ("gri_306_3_g", "废弃物产生总量", "Total waste generated", "GRI 306-3", &["hw_generated_g", "nhw_generated_g"]),
    (
        "gri_306_4_g",
        "转移至再利用/回收的废弃物",
        "Waste diverted from disposal",
        "GRI 306-4",
        &["hw_shipped_utilisation_g", "hw_own_use_g", "nhw_diverted_g"],
    ),
    (
        "gri_306_5_g",
        "转移至处置的废弃物",
        "Waste directed to disposal",
        "GRI 306-5",
        &["hw_shipped_disposal_g", "hw_own_disposal_g", "nhw_disposal_g"],
    ),
];

/// Per segment id → per key → exact sum, for a year (from the plant-year cache): each plant's
/// year figure as the store aggregated it (a `last` figure is the plant's value at its latest
/// month part), added over the segment's plants.
fn sums(conn: &Connection, year: i32) -> Result<BTreeMap<String, BTreeMap<String, i64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.segment_id, y.key, sum(y.value) FROM hq_plant_year y JOIN hq_plant p ON p.id = y.plant_id
         WHERE y.year = ?1 GROUP BY p.segment_id, y.key",
    )?;
    let mut out: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut rows = stmt.query([year])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().insert(r.get(1)?, r.get(2)?);
    }
    Ok(out)
}

/// Historical figures of a year: (indicator, segment id or None) → (value, source).
type HistoryMap = BTreeMap<(String, Option<String>), (i64, String)>;

fn history_map(conn: &Connection, year: i32) -> Result<HistoryMap> {
    let mut stmt = conn.prepare_cached(
        "SELECT indicator, segment_id, value, source FROM hq_history WHERE year = ?1 AND voided_at IS NULL",
    )?;
    let mut out = BTreeMap::new();
    let mut rows = stmt.query([year])?;
    while let Some(r) = rows.next()? {
        out.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?));
    }
    Ok(out)
}

fn text_of(unit: IndicatorUnit, v: Option<i64>) -> String {
    match v {
        None => "—".into(),
        Some(g) if unit == IndicatorUnit::G => {
            rounding::tonnes(i128::from(g), T_DECIMALS).unwrap_or_else(|| "—".into())
        }
        // Litres as whole m³ (litres × 1000 read as grams is m³ read as tonnes).
        Some(l) if unit == IndicatorUnit::L => rounding::tonnes(i128::from(l) * 1000, 0).unwrap_or_else(|| "—".into()),
        Some(n) => n.to_string(),
    }
}

pub(super) fn fig(unit: IndicatorUnit, v: Option<i64>, source: &str) -> Figure {
    Figure { exact: v, text: text_of(unit, v), source: if v.is_some() { source.into() } else { String::new() } }
}

/// One year's figures as the appendix and the safety view read them: the plant-year cache summed
/// per segment, and the historical figures entered at HQ.
pub(super) struct YearData {
    by_segment: BTreeMap<String, BTreeMap<String, i64>>,
    history: HistoryMap,
}

impl YearData {
    pub(super) fn load(conn: &Connection, year: i32) -> Result<YearData> {
        Ok(YearData { by_segment: sums(conn, year)?, history: history_map(conn, year)? })
    }

    /// The group value of `keys` summed: history first for a prior year, else packets.
    pub(super) fn group(&self, keys: &[&str], prefer_history: bool) -> (Option<i64>, String) {
        let (vs, src) = self.group_each(keys, prefer_history);
        let present: Vec<i64> = vs.into_iter().flatten().collect();
        ((!present.is_empty()).then(|| present.iter().sum()), src)
    }

    /// The group value of each of `keys`, all from one source: the historical figures when
    /// `prefer_history` and every key has one, else the packets (a key without data is `None`).
    /// A ratio's numerator and denominator come from here, so they are never mixed sources.
    pub(super) fn group_each(&self, keys: &[&str], prefer_history: bool) -> (Vec<Option<i64>>, String) {
        if prefer_history {
            let hs: Vec<&(i64, String)> =
                keys.iter().filter_map(|k| self.history.get(&(k.to_string(), None))).collect();
            if hs.len() == keys.len() && !hs.is_empty() {
                let mut src: Vec<&str> = hs.iter().map(|h| h.1.as_str()).filter(|s| !s.is_empty()).collect();
                src.dedup();
                let src = if src.is_empty() { "history".to_string() } else { format!("history: {}", src.join("; ")) };
                return (hs.iter().map(|h| Some(h.0)).collect(), src);
            }
        }
        let vs = keys
            .iter()
            .map(|k| {
                let present: Vec<i64> = self.by_segment.values().filter_map(|seg| seg.get(*k).copied()).collect();
                (!present.is_empty()).then(|| present.iter().sum())
            })
            .collect();
        (vs, "packets".into())
    }

    /// Whether a group-level historical figure is held for any of `keys` (`None`: any key).
    pub(super) fn has_history(&self, keys: Option<&[&str]>) -> bool {
        self.history.keys().any(|(k, s)| s.is_none() && keys.is_none_or(|ks| ks.contains(&k.as_str())))
    }

    pub(super) fn segment(&self, seg_id: &str, keys: &[&str]) -> Option<i64> {
        let seg = self.by_segment.get(seg_id)?;
        let vs: Vec<i64> = keys.iter().filter_map(|k| seg.get(*k).copied()).collect();
        (!vs.is_empty()).then(|| vs.iter().sum())
    }
}

/// Computes the appendix of `year` in `view`.
pub fn compute(conn: &Connection, year: i32, view: View) -> Result<Appendix> {
    let org = super::require(conn)?;
    if !(1901..=2999).contains(&year) {
        return Err(Error::invalid("year", crate::msg::hq::not_reporting_year(&year)));
    }
    let segments = registry::segments(conn)?;
    let years = [year, year - 1, year - 2];
    let data: Vec<YearData> = years.iter().map(|y| YearData::load(conn, *y)).collect::<Result<_>>()?;
    let (mut notes_zh, mut notes_en) = (Vec::new(), Vec::new());

    // The rows: summed registry indicators (and the GRI totals in the GRI view).
    // (key, zh, en, unit, disclosure, the registry keys summed)
    type RowSpec<'a> = (String, String, String, IndicatorUnit, String, Vec<&'a str>);
    let mut specs: Vec<RowSpec> = Vec::new();
    for i in indicators::INDICATORS.iter().filter(|i| i.aggregation == Aggregation::Sum) {
        let keep = match view {
            // Every summed figure that feeds a disclosure (not the working counts such as
            // online-monitoring hours, which are inputs of a ratio).
            View::All => !i.disclosure.is_empty(),
            View::Hkex => i.disclosure.contains("HKEX"),
            View::Gri => i.disclosure.contains("GRI 306"),
        };
        if keep {
            specs.push((i.key.into(), i.label_zh.into(), i.label_en.into(), i.unit, i.disclosure.into(), vec![i.key]));
        }
    }
    if view == View::Gri {
        for (key, zh, en, disc, parts) in GRI_TOTALS.iter().rev() {
            specs.insert(
                0,
                (key.to_string(), zh.to_string(), en.to_string(), IndicatorUnit::G, disc.to_string(), parts.to_vec()),
            );
        }
    }
    let mut rows = Vec::new();
    for (key, zh, en, unit, disclosure, parts) in specs {
        let (group_v, _) = data[0].group(&parts, false);
        let prior: Vec<Figure> = data[1..]
            .iter()
            .map(|d| {
                let (v, src) = d.group(&parts, true);
                fig(unit, v, &src)
            })
            .collect();
        let always = matches!(key.as_str(), "hw_generated_g" | "nhw_generated_g");
        if group_v.is_none() && prior.iter().all(|p| p.exact.is_none()) && !always {
            continue;
        }
        let seg_values: Vec<Option<i64>> = segments.iter().map(|s| data[0].segment(&s.id, &parts)).collect();
        let reconciliation = if unit == IndicatorUnit::G && group_v.is_some() {
            let grams: Vec<i128> = seg_values.iter().map(|v| i128::from(v.unwrap_or(0))).collect();
            rounding::reconcile(&grams, T_DECIMALS).and_then(|r| {
                (r.difference_units != 0).then(|| RowReconciliation {
                    segments_sum: r.parts_sum.clone(),
                    total: r.total.clone(),
                    difference_units: r.difference_units as i64,
                    within_tolerance: r.within_tolerance,
                })
            })
        } else {
            None
        };
        if let Some(r) = &reconciliation {
            notes_zh.push(format!(
                "{zh}：各业务分部数据相加为 {} 吨，合计为 {} 吨，差额 {} 个末位单位，系四舍五入所致{}。",
                r.segments_sum,
                r.total,
                r.difference_units,
                if r.within_tolerance { "" } else { "（超出 ±1 容差，需核查）" }
            ));
            notes_en.push(format!(
                "{en}: the segment columns add up to {} t against a total of {} t, a difference of {} in the last digit{}.",
                r.segments_sum,
                r.total,
                r.difference_units,
                if r.within_tolerance { " due to rounding" } else { " — beyond the ±1 tolerance: check" }
            ));
        }
        rows.push(AppendixRow {
            key,
            label_zh: zh,
            label_en: en,
            unit: match unit {
                IndicatorUnit::G => "t".into(),
                IndicatorUnit::L => "m³".into(),
                IndicatorUnit::M2 => "m²".into(),
                other => other.as_str().into(),
            },
            disclosure,
            group: fig(unit, group_v, "packets"),
            segments: seg_values.into_iter().map(|v| fig(unit, v, "packets")).collect(),
            prior,
            reconciliation,
        });
    }

    // Intensities.
    let mut intensities = Vec::new();
    let denominators: Vec<(Option<i64>, String, String)> =
        years.iter().zip(&data).map(|(y, d)| fte(conn, *y, d)).collect::<Result<_>>()?;
    let revenues: Vec<Option<i64>> = years
        .iter()
        .map(|y| {
            registry::year(conn, *y)?
                .and_then(|f| f.revenue_rmb_million.map(|t| registry::parse_rmb_million("revenue", &t)))
                .transpose()
        })
        .collect::<Result<_>>()?;
    let per_capita: &[(&str, &str, &str, &str, &str, i128)] = &[
        ("hw_generated_g", "人均有害废弃物", "Hazardous waste per full-time employee", "kg/人", "HKEX A1.3", 1_000),
        (
            "nhw_generated_g",
            "人均无害废弃物",
            "Non-hazardous waste per full-time employee",
            "t/人",
            "HKEX A1.4",
            1_000_000,
        ),
    ];
    for (key, zh, en, unit, disc, grams_per_unit) in per_capita {
        let mut values = Vec::new();
        let mut dens = Vec::new();
        for (i, d) in data.iter().enumerate() {
            let (num, _) = d.group(&[key], i > 0);
            let (den, def_zh, _def_en) = &denominators[i];
            values.push(match (num, den) {
                (Some(n), Some(h)) => {
                    rounding::ratio_sig(i128::from(n), grams_per_unit * i128::from(*h), INTENSITY_SIG)
                        .unwrap_or_else(|| "—".into())
                }
                _ => "—".into(),
            });
            dens.push(match den {
                Some(h) => format!("{h} ({def_zh})"),
                None => "—".into(),
            });
        }
        intensities.push(IntensityRow {
            key: format!("{key}_per_fte"),
            label_zh: zh.to_string(),
            label_en: en.to_string(),
            unit: unit.to_string(),
            disclosure: disc.to_string(),
            values,
            denominators: dens,
        });
    }
    for (key, zh, en, disc) in [
        ("hw_generated_g", "有害废弃物密度（每百万元收入）", "Hazardous waste per RMB million revenue", "HKEX A1.3"),
        (
            "nhw_generated_g",
            "无害废弃物密度（每百万元收入）",
            "Non-hazardous waste per RMB million revenue",
            "HKEX A1.4",
        ),
    ] {
        let mut values = Vec::new();
        let mut dens = Vec::new();
        for (i, d) in data.iter().enumerate() {
            let (num, _) = d.group(&[key], i > 0);
            // t / (RMB thousand / 1000) = g / 1e6 × 1000 / thousand = g / (thousand × 1000).
            values.push(match (num, revenues[i]) {
                (Some(n), Some(r)) => rounding::ratio_sig(i128::from(n), i128::from(r) * 1000, INTENSITY_SIG)
                    .unwrap_or_else(|| "—".into()),
                _ => "—".into(),
            });
            dens.push(match revenues[i] {
                Some(r) => format!("RMB {} million", registry::rmb_million_text(r)),
                None => "—".into(),
            });
        }
        intensities.push(IntensityRow {
            key: format!("{key}_per_revenue"),
            label_zh: zh.into(),
            label_en: en.into(),
            unit: "t/百万元".into(),
            disclosure: disc.into(),
            values,
            denominators: dens,
        });
    }
    if view == View::Gri {
        intensities.clear();
    }
    for (i, (den, def_zh, def_en)) in denominators.iter().enumerate() {
        if den.is_some() {
            notes_zh.push(format!("{} 年人均强度的分母：{def_zh}。", years[i]));
            notes_en.push(format!("{} per-capita intensities divide by: {def_en}.", years[i]));
        }
    }

    boundary_notes(conn, year, &mut notes_zh, &mut notes_en)?;
    history_notes(&years, &data, None, &mut notes_zh, &mut notes_en);
    let coverage = coverage(conn, year, &mut notes_zh, &mut notes_en)?;
    Ok(Appendix { group: org.name, year, view, segments, rows, intensities, coverage, notes_zh, notes_en })
}

/// The notes on plants entering or leaving the reporting boundary in `year` (and where a boundary
/// date falls inside a week's month part).
pub(super) fn boundary_notes(
    conn: &Connection,
    year: i32,
    notes_zh: &mut Vec<String>,
    notes_en: &mut Vec<String>,
) -> Result<()> {
    let boundary: Vec<(String, String, String, Option<String>)> = conn
        .prepare_cached("SELECT code, name, in_boundary_from, out_of_boundary_from FROM hq_plant ORDER BY code")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    struct B {
        code: String,
        name: String,
        in_boundary_from: String,
        out_of_boundary_from: Option<String>,
    }
    for p in boundary.into_iter().map(|(code, name, in_boundary_from, out_of_boundary_from)| B {
        code,
        name,
        in_boundary_from,
        out_of_boundary_from,
    }) {
        let from = crate::time::parse_date("in_boundary_from", &p.in_boundary_from)?;
        use chrono::Datelike;
        if from.year() == year {
            notes_zh.push(format!("{}（{}）自 {} 起纳入报告边界。", p.name, p.code, p.in_boundary_from));
            notes_en.push(format!("{} ({}) entered the reporting boundary on {}.", p.name, p.code, p.in_boundary_from));
            if let Some((d, counted)) = super::store::boundary_note(from) {
                notes_zh.push(format!("{}：{d} 位于一周的月内分段之中，其数据自 {counted} 起计入。", p.code));
                notes_en.push(format!(
                    "{}: {d} falls inside a week's month part; its figures count from {counted}.",
                    p.code
                ));
            }
        }
        if let Some(out) = &p.out_of_boundary_from {
            if out.starts_with(&format!("{year:04}")) {
                notes_zh.push(format!("{}（{}）自 {out} 起不再纳入报告边界。", p.name, p.code));
                notes_en.push(format!("{} ({}) left the reporting boundary on {out}.", p.name, p.code));
            }
        }
    }
    Ok(())
}

/// "Prior-year figures are the published ones entered at HQ", for each prior year holding
/// group-level history for `keys` (`None`: any indicator).
pub(super) fn history_notes(
    years: &[i32],
    data: &[YearData],
    keys: Option<&[&str]>,
    notes_zh: &mut Vec<String>,
    notes_en: &mut Vec<String>,
) {
    for (i, y) in years.iter().enumerate().skip(1) {
        if data[i].has_history(keys) {
            notes_zh.push(format!("{y} 年数据取自以往报告（HQ 录入的历史数据）。"));
            notes_en.push(format!("{y} figures are the published figures entered at HQ."));
        }
    }
}

/// The year's coverage from the grid's counts (plant-weeks expected, received, accepted …), with
/// the data-status note when anything is missing or not yet accepted.
pub(super) fn coverage(
    conn: &Connection,
    year: i32,
    notes_zh: &mut Vec<String>,
    notes_en: &mut Vec<String>,
) -> Result<Coverage> {
    let (plants, counts) = super::grid::counts(conn, year, chrono::Utc::now())?;
    let coverage = Coverage {
        plants,
        expected: counts.expected,
        received: counts.received,
        accepted: counts.accepted,
        missing: counts.missing,
        returned: counts.returned,
        anchor_broken: counts.anchor_broken,
    };
    if coverage.accepted < coverage.received || coverage.missing > 0 {
        notes_zh.push(format!(
            "数据状态：应报 {} 个工厂周，已收 {}，已接受 {}，缺报 {}，退回待更正 {}。",
            coverage.expected, coverage.received, coverage.accepted, coverage.missing, coverage.returned
        ));
        notes_en.push(format!(
            "Data status: {} plant-weeks expected, {} received, {} accepted, {} missing, {} returned for correction.",
            coverage.expected, coverage.received, coverage.accepted, coverage.missing, coverage.returned
        ));
    }
    Ok(coverage)
}

/// The per-capita denominator of a year: HQ's entered group FTE with its definition, else the
/// sum of the plants' reported full-time headcount (their latest packet of the year).
fn fte(conn: &Connection, year: i32, d: &YearData) -> Result<(Option<i64>, String, String)> {
    if let Some(f) = registry::year(conn, year)? {
        if let Some(h) = f.headcount_fte {
            return Ok((Some(h), f.headcount_definition.clone(), f.headcount_definition));
        }
    }
    let (v, _) = d.group(&["headcount_full_time"], false);
    let v = v.or_else(|| {
        let mut s: Option<i64> = None;
        for seg in d.by_segment.values() {
            if let Some(x) = seg.get("headcount_full_time") {
                s = Some(s.unwrap_or(0) + x);
            }
        }
        s
    });
    Ok((
        v,
        "各工厂上报的全职员工人数之和（当年最后一期数据），不含非工厂员工".into(),
        "the sum of the plants' reported full-time employees (their last figure of the year); employees outside the plants are not included".into(),
    ))
}

/// One plant-week month part behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DrillRow {
    pub plant_code: String,
    pub segment_code: String,
    pub week: String,
    pub month: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub accepted: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub value: i64,
    pub text: String,
    pub body_sha256: String,
}

/// The plant-week parts a figure adds up (`segment_code` None = the group), in plant and week
/// order. Their values sum to the figure exactly (a test holds this).
pub fn drill(conn: &Connection, year: i32, key: &str, segment_code: Option<&str>) -> Result<Vec<DrillRow>> {
    super::require(conn)?;
    let keys: Vec<String> = match GRI_TOTALS.iter().find(|g| g.0 == key) {
        Some(g) => g.4.iter().map(|k| k.to_string()).collect(),
        None => {
            indicators::get(key)
                .ok_or_else(|| Error::invalid("key", crate::msg::hq::not_indicator(&crate::text::shown(key))))?;
            vec![key.to_string()]
        }
    };
    let (from_week, to_week) = super::store::week_range(year);
    let unit = indicators::get(&keys[0]).map(|i| i.unit).unwrap_or(IndicatorUnit::G);
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.code, s.code, w.week, m.month, w.counted_revision, m.figures, k.body_sha256, w.review_action
         FROM hq_week w JOIN hq_packet k ON k.id = w.packet_id JOIN hq_packet_month m ON m.packet_id = w.packet_id
         JOIN hq_plant p ON p.id = w.plant_id JOIN hq_segment s ON s.id = p.segment_id
         WHERE w.week BETWEEN ?1 AND ?2 AND substr(m.month, 1, 4) = ?3
           AND m.first_day >= p.in_boundary_from AND (p.out_of_boundary_from IS NULL OR m.last_day < p.out_of_boundary_from)
           AND (?4 IS NULL OR s.code = ?4)
         ORDER BY s.ord, p.code, w.week, m.month",
    )?;
    let mut rows = stmt.query(params![from_week, to_week, format!("{year:04}"), segment_code])?;
    while let Some(r) = rows.next()? {
        let figures = super::store::parse_figures(&r.get::<_, String>(5)?)?;
        for k in &keys {
            let Some(&value) = figures.get(k) else { continue };
            out.push(DrillRow {
                plant_code: r.get(0)?,
                segment_code: r.get(1)?,
                week: r.get(2)?,
                month: r.get(3)?,
                revision: r.get(4)?,
                value,
                text: if unit == IndicatorUnit::G { crate::units::Grams(value).t_string() } else { value.to_string() },
                body_sha256: r.get(6)?,
                accepted: r.get::<_, Option<String>>(7)?.as_deref() == Some("accept"),
            });
        }
    }
    Ok(out)
}

/// The appendix as report tables (zh or en): the KPI table (indicators then intensities, group
/// total, segment columns, two prior years) with the notes under it, the intensities'
/// denominators, and each plant's year figure behind the totals.
pub fn tables(conn: &Connection, ap: &Appendix, lang: crate::report::Lang) -> Result<Vec<crate::docs::Table>> {
    use crate::docs::{Align, Cell, Column, Table};
    use crate::report::Lang;
    let zh = lang == Lang::Zh;
    let t = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let seg_name = |s: &Segment| if zh { s.name_zh.clone() } else { s.name_en.clone() };
    let mut columns = vec![
        Column::new(t("指标", "Indicator"), 62.0, Align::Left),
        Column::new(t("单位", "Unit"), 18.0, Align::Center),
        Column::new(t("披露索引", "Disclosure"), 30.0, Align::Left),
        Column::new(format!("{} {}", ap.year, t("集团合计", "Group total")), 26.0, Align::Right),
    ];
    for s in &ap.segments {
        columns.push(Column::new(format!("{} {}", ap.year, seg_name(s)), 28.0, Align::Right));
    }
    columns.push(Column::new(format!("{}", ap.year - 1), 24.0, Align::Right));
    columns.push(Column::new(format!("{}", ap.year - 2), 24.0, Align::Right));
    let dec = |f: &Figure, unit: &str| -> Cell {
        match f.exact {
            None => Cell::Text("—".into()),
            Some(_) if unit == "t" => Cell::Decimal { text: f.text.clone(), decimals: T_DECIMALS as u8 },
            Some(v) => Cell::Int(v),
        }
    };
    let mut rows = Vec::new();
    for r in &ap.rows {
        let mut row = vec![
            Cell::Text(if zh { r.label_zh.clone() } else { r.label_en.clone() }),
            Cell::Text(if zh && r.unit == "t" { "吨".into() } else { r.unit.clone() }),
            Cell::Text(r.disclosure.clone()),
            dec(&r.group, &r.unit),
        ];
        row.extend(r.segments.iter().map(|f| dec(f, &r.unit)));
        row.extend(r.prior.iter().map(|f| dec(f, &r.unit)));
        rows.push(row);
    }
    let sig = |v: &str| -> Cell {
        if v == "—" {
            return Cell::Text(v.into());
        }
        let decimals = v.split_once('.').map(|(_, f)| f.len()).unwrap_or(0) as u8;
        Cell::Decimal { text: v.into(), decimals }
    };
    for i in &ap.intensities {
        let unit = if zh { i.unit.clone() } else { i.unit.replace("人", "FTE").replace("百万元", "RMB million") };
        let mut row = vec![
            Cell::Text(if zh { i.label_zh.clone() } else { i.label_en.clone() }),
            Cell::Text(unit),
            Cell::Text(i.disclosure.clone()),
            sig(&i.values[0]),
        ];
        row.extend(ap.segments.iter().map(|_| Cell::Empty));
        row.extend(i.values[1..].iter().map(|v| sig(v)));
        rows.push(row);
    }
    let notes = if zh { &ap.notes_zh } else { &ap.notes_en };
    let mut footer: Vec<String> = notes.iter().enumerate().map(|(n, s)| format!("{}. {s}", n + 1)).collect();
    footer.push(t(
        "合计为各工厂未经修约数值之和（按月汇总周数据），仅在披露时修约；分部数据相加与合计可能存在末位 ±1 的差异。",
        "Totals are sums of the plants' unrounded values (weeks summed by month), rounded only for publication; segment columns may differ from the total by ±1 in the last digit.",
    ));
    let view = match ap.view {
        View::All => t("全部指标", "all indicators"),
        View::Hkex => "HKEX A1.3 / A1.4".to_string(),
        View::Gri => "GRI 306-3 / 306-4 / 306-5".to_string(),
    };
    let main = Table {
        title: format!(
            "{} {} {}",
            ap.group,
            ap.year,
            t("环境关键绩效指标", "Environmental key performance indicators")
        ),
        subtitle: vec![
            format!("{}：{}-01-01 – {}-12-31 · {}", t("报告期", "Reporting period"), ap.year, ap.year, view),
            format!(
                "{}：{} / {} / {}",
                t("数据覆盖（工厂周：应报 / 已收 / 已接受）", "Coverage (plant-weeks expected / received / accepted)"),
                ap.coverage.expected,
                ap.coverage.received,
                ap.coverage.accepted
            ),
        ],
        sheet_name: t("环境KPI", "Environmental KPIs"),
        columns,
        rows,
        footer,
    };
    let mut den_rows = Vec::new();
    for i in &ap.intensities {
        for (n, d) in i.denominators.iter().enumerate() {
            den_rows.push(vec![
                Cell::Text(if zh { i.label_zh.clone() } else { i.label_en.clone() }),
                Cell::Int(i64::from(ap.year) - n as i64),
                sig(&i.values[n]),
                Cell::Text(d.clone()),
            ]);
        }
    }
    let dens = Table {
        title: t("强度指标的分母", "Intensity denominators"),
        subtitle: vec![t(
            "人均强度使用全职员工人数；收入强度使用集团收入（百万元人民币）。",
            "Per-capita intensities use full-time employees; per-revenue intensities use group revenue in RMB million.",
        )],
        sheet_name: t("强度分母", "Denominators"),
        columns: vec![
            Column::new(t("强度指标", "Intensity"), 80.0, Align::Left),
            Column::new(t("年度", "Year"), 16.0, Align::Center),
            Column::new(t("数值", "Value"), 26.0, Align::Right),
            Column::new(t("分母及定义", "Denominator and definition"), 140.0, Align::Left),
        ],
        rows: den_rows,
        footer: vec![],
    };
    // Each plant's year figure behind the totals.
    let mut stmt = conn.prepare(
        "SELECT p.code, p.name, s.code, y.key, y.value FROM hq_plant_year y JOIN hq_plant p ON p.id = y.plant_id
         JOIN hq_segment s ON s.id = p.segment_id WHERE y.year = ?1 ORDER BY s.ord, p.code, y.key",
    )?;
    let keys: Vec<&str> = ap.rows.iter().map(|r| r.key.as_str()).collect();
    let mut plant_rows = Vec::new();
    let mut q = stmt.query([ap.year])?;
    while let Some(r) = q.next()? {
        let key: String = r.get(3)?;
        if !keys.contains(&key.as_str()) {
            continue;
        }
        let v: i64 = r.get(4)?;
        let unit = indicators::get(&key).map(|i| i.unit).unwrap_or(IndicatorUnit::Count);
        let label = indicators::get(&key).map(|i| if zh { i.label_zh } else { i.label_en }).unwrap_or("");
        plant_rows.push(vec![
            Cell::Text(r.get(0)?),
            Cell::Text(r.get(1)?),
            Cell::Text(r.get(2)?),
            Cell::Text(label.to_string()),
            match unit {
                IndicatorUnit::G => Cell::Tonnes { grams: v },
                // litres as m³ with six decimals (the same exact ÷ 10^6 of litres × 1000)
                IndicatorUnit::L => Cell::Tonnes { grams: v.saturating_mul(1000) },
                _ => Cell::Int(v),
            },
        ]);
    }
    let plants = Table {
        title: t("各工厂年度数据（合计的来源）", "Plant figures behind the totals"),
        subtitle: vec![t("质量单位：吨（未修约，6 位小数）", "Masses in tonnes, unrounded (6 decimals)")],
        sheet_name: t("工厂明细", "Plants"),
        columns: vec![
            Column::new(t("工厂代码", "Plant"), 24.0, Align::Left),
            Column::new(t("工厂名称", "Name"), 50.0, Align::Left),
            Column::new(t("分部", "Segment"), 24.0, Align::Left),
            Column::new(t("指标", "Indicator"), 70.0, Align::Left),
            Column::new(t("数值", "Value"), 34.0, Align::Right),
        ],
        rows: plant_rows,
        footer: vec![],
    };
    Ok(vec![main, dens, plants])
}

/// The appendix as an xlsx workbook.
pub fn xlsx(conn: &Connection, ap: &Appendix, lang: crate::report::Lang) -> Result<Vec<u8>> {
    crate::docs::tables_to_xlsx(&tables(conn, ap, lang)?)
}

/// The appendix as a PDF (A4 landscape).
pub fn pdf(conn: &Connection, ap: &Appendix, lang: crate::report::Lang) -> Result<Vec<u8>> {
    crate::docs::tables_to_pdf(&tables(conn, ap, lang)?, &mut |_, _| true)
}
