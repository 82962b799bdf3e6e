//! The indicator registry: the ONE table, in code, of every figure a plant reports to HQ — its
//! key (the unit is part of the name: `_g` grams, `_days` days), unit, how it aggregates over
//! weeks, months and years, the method that produced it, its zh/en label and the HKEX / GRI
//! disclosure it feeds. The week summary ([`crate::sync::week`]), the packet and the HQ appendix
//! all read this table, so a new figure is one row here plus its computation in the area's
//! figure source (registered in [`crate::areas::FIGURE_SOURCES`]) — no change to the packet
//! format or the HQ store.
//!
//! Values are exact integers (`i64`): grams, days, counts, persons. Nothing here reads the
//! database or the clock.

use crate::areas::Area;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// The unit of an indicator's value. Masses are whole grams.
    pub enum IndicatorUnit {
        G = "g",
        Days = "days",
        Count = "count",
        Persons = "persons",
        /// Volumes in whole litres (shown as m³ with three decimals; 1 m³ of wastewater ≈ 1 t).
        L = "l",
        /// Areas in whole square metres.
        M2 = "m2",
        /// Whole hours.
        Hours = "h",
        /// A ratio in thousandths (1500 = 1.5 ×).
        Permille = "permille",
    }
}

crate::text_enum! {
    /// How an indicator's values combine over periods (weeks → months → years, plants → group).
    pub enum Aggregation {
        /// Added up (masses moved, generated).
        Sum = "sum",
        /// The largest value of the period (e.g. the oldest stock age reached).
        Max = "max",
        /// The value at the end of the period (stocks, counts pending, headcount).
        Last = "last",
        /// A ratio whose numerator and denominator are summed separately, then divided.
        RatioOfSums = "ratio_of_sums",
    }
}

crate::text_enum! {
    /// How a figure was obtained (domain.md §9.4 provenance: monitored / material balance / estimate).
    pub enum FigureMethod {
        /// Weighed, counted or metered and recorded in a ledger.
        Measured = "measured",
        /// Derived from recorded figures (a balance, an age, a count of open items).
        Calculated = "calculated",
        /// At least one input was an estimate (e.g. a manifest line with an estimated weight).
        Estimated = "estimated",
        /// From monitoring data: online monitors or lab results of samples (loads = C × Q).
        Monitored = "monitored",
        /// By material balance (VOCs: input − recovered/waste − abated).
        MaterialBalance = "material_balance",
    }
}

/// One row of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub key: &'static str,
    pub area: Area,
    pub unit: IndicatorUnit,
    pub aggregation: Aggregation,
    /// The method a figure carries unless its source says otherwise (see [`FigureMethod`]).
    pub method: FigureMethod,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// The disclosure(s) it feeds, e.g. `HKEX A1.3 / GRI 306-3`; empty when none.
    pub disclosure: &'static str,
}

#[allow(clippy::too_many_arguments)] // one registry row, read as a table line
const fn row(
    key: &'static str,
    area: Area,
    unit: IndicatorUnit,
    aggregation: Aggregation,
    method: FigureMethod,
    label_zh: &'static str,
    label_en: &'static str,
    disclosure: &'static str,
) -> Indicator {
    Indicator { key, area, unit, aggregation, method, label_zh, label_en, disclosure }
}

use Aggregation::{Last, Max, Sum};
use FigureMethod::{Calculated, MaterialBalance, Measured, Monitored};
use IndicatorUnit::{Count, Days, Hours, Permille, Persons, G, L, M2};

/// Every indicator, grouped by area. Later areas (wastewater, VOCs, hazards) add rows here and
/// their figure source in [`crate::areas::FIGURE_SOURCES`].
pub const INDICATORS: &[Indicator] = &[
    // Hazardous waste (HJ 1259 ledgers B.1–B.5).
    row(
        "hw_generated_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "危险废物产生量",
        "Hazardous waste generated",
        "HKEX A1.3 / GRI 306-3",
    ),
    row(
        "hw_shipped_utilisation_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "危险废物委外利用量",
        "Hazardous waste shipped for utilisation",
        "GRI 306-4",
    ),
    row(
        "hw_shipped_disposal_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "危险废物委外处置量",
        "Hazardous waste shipped for disposal",
        "GRI 306-5",
    ),
    row(
        "hw_own_use_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "危险废物自行利用量",
        "Hazardous waste used on site",
        "GRI 306-4",
    ),
    row(
        "hw_own_disposal_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "危险废物自行处置量",
        "Hazardous waste disposed of on site",
        "GRI 306-5",
    ),
    row(
        "hw_closing_stock_g",
        Area::Waste,
        G,
        Last,
        Calculated,
        "危险废物期末贮存量",
        "Hazardous waste in storage at period end",
        "GRI 306-3 (stock change)",
    ),
    row(
        "hw_oldest_stock_age_days",
        Area::Waste,
        Days,
        Max,
        Calculated,
        "最久贮存天数",
        "Oldest container in storage (days)",
        "GB 18597-2023",
    ),
    row(
        "hw_manifests_pending",
        Area::Waste,
        Count,
        Last,
        Calculated,
        "待接收单位确认的联单数",
        "Manifests awaiting the receiver's confirmation",
        "",
    ),
    // General industrial solid waste.
    row(
        "nhw_generated_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "一般工业固体废物产生量",
        "Non-hazardous waste generated",
        "HKEX A1.4 / GRI 306-3",
    ),
    row(
        "nhw_diverted_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "一般固废转移至再利用/回收量",
        "Non-hazardous waste diverted from disposal",
        "GRI 306-4",
    ),
    row(
        "nhw_disposal_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "一般固废处置量",
        "Non-hazardous waste directed to disposal",
        "GRI 306-5",
    ),
    row(
        "nhw_landfill_g",
        Area::Waste,
        G,
        Sum,
        Measured,
        "一般固废填埋量",
        "Non-hazardous waste landfilled",
        "GRI 306-5 (landfilling)",
    ),
    // Wastewater (domain.md §6, §9.4): loads from monitoring, with the below-DL policy in the
    // packet's provenance; the validity % is valid ÷ expected hours, a ratio of sums.
    row("ww_discharge_l", Area::Water, L, Sum, Measured, "废水排放量", "Wastewater discharged", "GRI 303-4"),
    row("ww_cod_load_g", Area::Water, G, Sum, Monitored, "化学需氧量（COD）排放量", "COD discharged", "HKEX A1.1"),
    row(
        "ww_bod5_load_g",
        Area::Water,
        G,
        Sum,
        Monitored,
        "五日生化需氧量（BOD5）排放量",
        "BOD5 discharged",
        "HKEX A1.1",
    ),
    row(
        "ww_nh3n_load_g",
        Area::Water,
        G,
        Sum,
        Monitored,
        "氨氮排放量",
        "Ammonia nitrogen (NH3-N) discharged",
        "HKEX A1.1",
    ),
    row(
        "ww_exceedances",
        Area::Water,
        Count,
        Sum,
        Monitored,
        "废水超标次数",
        "Wastewater readings over the permit limit",
        "",
    ),
    row(
        "ww_max_limit_ratio_permille",
        Area::Water,
        Permille,
        Max,
        Monitored,
        "最高超标读数与限值之比（‰）",
        "Largest exceeding reading as a multiple of its limit (‰)",
        "",
    ),
    row(
        "ww_monitoring_missed",
        Area::Water,
        Count,
        Sum,
        Calculated,
        "废水缺测次数",
        "Required wastewater monitoring missed",
        "",
    ),
    row(
        "ww_online_valid_hours",
        Area::Water,
        Hours,
        Sum,
        Monitored,
        "在线监测有效小时数",
        "Online monitoring: valid hours",
        "",
    ),
    row(
        "ww_online_expected_hours",
        Area::Water,
        Hours,
        Sum,
        Calculated,
        "在线监测应有小时数",
        "Online monitoring: expected hours",
        "",
    ),
    // VOCs (domain.md §7): the material balance E = I − O1 − O2 and stack monitoring, each with
    // its method; `voc_emitted_g` is the figure reported (monitoring where a source has it).
    row("voc_input_g", Area::Air, G, Sum, MaterialBalance, "VOCs 投入量", "VOCs in materials used", ""),
    row(
        "voc_recovered_g",
        Area::Air,
        G,
        Sum,
        MaterialBalance,
        "VOCs 回收及随废物转移量",
        "VOCs recovered or sent out in waste",
        "",
    ),
    row("voc_abated_g", Area::Air, G, Sum, MaterialBalance, "VOCs 治理设施去除量", "VOCs destroyed by abatement", ""),
    row(
        "voc_emitted_balance_g",
        Area::Air,
        G,
        Sum,
        MaterialBalance,
        "VOCs 排放量（物料衡算法）",
        "VOCs emitted (material balance)",
        "",
    ),
    row(
        "voc_emitted_monitored_g",
        Area::Air,
        G,
        Sum,
        Monitored,
        "VOCs 排放量（监测法）",
        "VOCs emitted (monitoring)",
        "",
    ),
    row("voc_emitted_g", Area::Air, G, Sum, Monitored, "VOCs 排放量", "VOCs emitted", "HKEX A1.1"),
    row("voc_coated_area_m2", Area::Air, M2, Sum, Measured, "底涂面积", "Primer-coated area", ""),
    // Safety (domain.md §8.4): the on-time rate is closed_on_time ÷ due, a ratio of sums (the
    // formula's version in the packet's provenance).
    row("hazards_found", Area::Safety, Count, Sum, Measured, "发现隐患数", "Hazards found", ""),
    row("hazards_closed", Area::Safety, Count, Sum, Measured, "销号隐患数", "Hazards closed", ""),
    row("hazards_due", Area::Safety, Count, Sum, Calculated, "到期应整改隐患数", "Hazards due for rectification", ""),
    row(
        "hazards_closed_on_time",
        Area::Safety,
        Count,
        Sum,
        Calculated,
        "按期整改完成数",
        "Hazards rectified by their deadline",
        "",
    ),
    row("hazards_overdue_open", Area::Safety, Count, Last, Calculated, "逾期未整改隐患数", "Overdue open hazards", ""),
    row("hazards_major_open", Area::Safety, Count, Last, Calculated, "未销号重大隐患数", "Open major hazards", ""),
    row(
        "hazards_new_red",
        Area::Safety,
        Count,
        Sum,
        Calculated,
        "新增红色（1 级）隐患",
        "New hazards, red (grade 1)",
        "",
    ),
    row(
        "hazards_new_orange",
        Area::Safety,
        Count,
        Sum,
        Calculated,
        "新增橙色（2 级）隐患",
        "New hazards, orange (grade 2)",
        "",
    ),
    row(
        "hazards_new_yellow",
        Area::Safety,
        Count,
        Sum,
        Calculated,
        "新增黄色（3 级）隐患",
        "New hazards, yellow (grade 3)",
        "",
    ),
    row(
        "hazards_new_blue",
        Area::Safety,
        Count,
        Sum,
        Calculated,
        "新增蓝色（4–5 级）隐患",
        "New hazards, blue (grades 4–5)",
        "",
    ),
    // The plant: intensity denominators (full-time for per-capita figures, domain.md §1.3).
    row(
        "headcount_full_time",
        Area::Plant,
        Persons,
        Last,
        Measured,
        "全职员工人数",
        "Full-time employees",
        "HKEX intensity denominator",
    ),
    row("headcount_total", Area::Plant, Persons, Last, Measured, "员工总数", "Total employees", "HKEX B1.1"),
];

/// The registry row of `key`.
pub fn get(key: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.key == key)
}

/// One figure of a period: the registry key, its exact value, unit and method. The value is a
/// JSON integer (every value stays far below 2^53: 9 × 10^15 g is 9 billion tonnes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Figure {
    pub key: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub value: i64,
    pub unit: IndicatorUnit,
    pub method: FigureMethod,
}

impl Figure {
    /// A figure of a registered indicator, with the registry's unit and method.
    pub fn of(key: &str, value: i64) -> Result<Figure> {
        let i = get(key).ok_or_else(|| Error::Internal(format!("indicator '{key}' is not in the registry")))?;
        Ok(Figure { key: i.key.to_string(), value, unit: i.unit, method: i.method })
    }

    /// The same figure under another method (e.g. estimated when an input was estimated).
    pub fn method(mut self, method: FigureMethod) -> Figure {
        self.method = method;
        self
    }
}

/// Combines a figure's values over consecutive periods (oldest first) the way the registry says.
/// `None` for an empty list or a ratio (its numerator and denominator are combined instead).
pub fn aggregate(aggregation: Aggregation, values: &[i64]) -> Option<i64> {
    match aggregation {
        Aggregation::Sum => (!values.is_empty()).then(|| values.iter().sum()),
        Aggregation::Max => values.iter().copied().max(),
        Aggregation::Last => values.last().copied(),
        Aggregation::RatioOfSums => None,
    }
}

/// What an area's figure source returns for plant-local days `[from, to]`: its figures (keys
/// from [`INDICATORS`]), how many ledger records are dated in the range (a range with none at
/// all is flagged before sending), and the details HQ can drill into (the area's own JSON object).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaFigures {
    pub figures: Vec<Figure>,
    pub records: i64,
    pub details: serde_json::Value,
}

/// An area's figure source: its figures for plant-local days `[from, to]`, registered in
/// [`crate::areas::FIGURE_SOURCES`].
pub type FigureSource = fn(&rusqlite::Connection, chrono::NaiveDate, chrono::NaiveDate) -> Result<AreaFigures>;

/// Every area's figures for plant-local days `[from, to]`: each source of
/// [`crate::areas::FIGURE_SOURCES`] called once, figures in registry order, records summed,
/// non-null details per area. The week summary calls it once per calendar-month part; the
/// management report ([`crate::report`]) the same way, so a figure has one definition.
pub fn for_range(
    conn: &rusqlite::Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(Vec<Figure>, i64, std::collections::BTreeMap<Area, serde_json::Value>)> {
    let (mut figures, mut details, mut records) = (Vec::new(), std::collections::BTreeMap::new(), 0);
    for (area, source) in crate::areas::FIGURE_SOURCES {
        let got = source(conn, from, to)?;
        records += got.records;
        figures.extend(got.figures);
        if !got.details.is_null() {
            details.insert(*area, got.details);
        }
    }
    figures.sort_by_key(|f| INDICATORS.iter().position(|i| i.key == f.key));
    Ok((figures, records, details))
}

/// Each registered figure over consecutive parts (oldest first), aggregated as the registry
/// says; estimated when any part's figure is estimated; left out when no part has it.
pub fn combine(parts: &[&[Figure]]) -> Vec<Figure> {
    INDICATORS
        .iter()
        .filter_map(|i| {
            let found: Vec<&Figure> = parts.iter().filter_map(|p| p.iter().find(|f| f.key == i.key)).collect();
            let values: Vec<i64> = found.iter().map(|f| f.value).collect();
            let value = aggregate(i.aggregation, &values)?;
            let method = if found.iter().any(|f| f.method == FigureMethod::Estimated) {
                FigureMethod::Estimated
            } else {
                found.first()?.method
            };
            Some(Figure { key: i.key.to_string(), value, unit: i.unit, method })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards item 1: keys are unique and carry their unit in the name.
    #[test]
    fn registry_keys_are_unique_and_name_their_unit() {
        let mut keys: Vec<&str> = INDICATORS.iter().map(|i| i.key).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "an indicator key is registered twice");
        for i in INDICATORS {
            assert_eq!(i.key.ends_with("_g"), i.unit == IndicatorUnit::G, "{}: `_g` iff grams", i.key);
            assert_eq!(i.key.ends_with("_days"), i.unit == IndicatorUnit::Days, "{}: `_days` iff days", i.key);
            assert!(!i.label_zh.is_empty() && !i.label_en.is_empty(), "{} needs both labels", i.key);
        }
    }

    #[test]
    fn aggregation_follows_the_registry() {
        assert_eq!(aggregate(Aggregation::Sum, &[1, 2, 3]), Some(6));
        assert_eq!(aggregate(Aggregation::Max, &[1, 5, 3]), Some(5));
        assert_eq!(aggregate(Aggregation::Last, &[1, 5, 3]), Some(3));
        assert_eq!(aggregate(Aggregation::Sum, &[]), None);
        assert!(Figure::of("no_such_g", 1).is_err());
    }
}
