//! The group safety view (issue 13 item 5a; domain.md §8.4, §1.2): hidden hazards (隐患) of a
//! calendar year as the group total, one column per business segment and the two prior years —
//! found, closed, due, closed on time, the on-time rate 按期整改完成率, overdue-open,
//! major-open and the new hazards by LEC grade — with each plant's figures behind them.
//!
//! - **Sources** as in the appendix ([`super::appendix`]): the plant-year cache (the counted
//!   revisions' month parts inside each plant's boundary), summed over the plants of a segment;
//!   for the prior years the figures entered at HQ (`hq_history`) where there are any, else the
//!   packets of that year.
//! - **The on-time rate is a ratio of sums**: the closed-on-time and due counts are added over
//!   weeks, plants and segments first and divided once ([`kpi::rate_pct`], two decimals half up,
//!   `—` when nothing was due) — never an average of plant or segment rates. For a prior year both
//!   counts come from one source (history or packets), never one from each. Its written definition
//!   ([`DEFINITION_ZH`], [`DEFINITION_EN`], [`kpi::ON_TIME_DEFINITION`]) travels with the view.
//! - **Overdue-open and major-open are stocks** (`last` in the registry): each plant's value at
//!   its latest month part of the year (the store's `last`), added over the plants — never added
//!   over weeks. Each plant's row says the day its value stands at, and a note lists the plants
//!   whose values stand at different days.
//! - The figures are HQ's: counts never rounded; only the rate is.

use super::appendix::{self, Coverage, Figure, YearData};
use super::registry::{self, Segment};
use crate::error::{Error, Result};
use crate::hazards::kpi;
use crate::indicators::{self, Aggregation, IndicatorUnit};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// The count rows, in the order shown (the rate row follows `hazards_closed_on_time`).
pub const COUNT_KEYS: &[&str] = &[
    "hazards_found",
    "hazards_closed",
    "hazards_due",
    "hazards_closed_on_time",
    "hazards_overdue_open",
    "hazards_major_open",
    "hazards_new_red",
    "hazards_new_orange",
    "hazards_new_yellow",
    "hazards_new_blue",
];
const NUMERATOR: &str = "hazards_closed_on_time";
const DENOMINATOR: &str = "hazards_due";
/// The stocks: their year figure is the plant's value at its latest month part.
const LAST_KEYS: &[&str] = &["hazards_overdue_open", "hazards_major_open"];

/// The on-time rate's definition, written next to the number (zh).
pub const DEFINITION_ZH: &str = "按期整改完成率 = 整改期限在期内且于期限当日或之前销号的隐患数 ÷ 整改期限在期内的隐患数 × 100%；\
     期限以最后一次批准延期后的期限为准。各周、各工厂、各分部先分别加总分子和分母，再相除（比率之和，不是各比率的平均），\
     结果保留两位小数、四舍五入；期内没有到期隐患时记为“—”。";
/// The on-time rate's definition, written next to the number (en).
pub const DEFINITION_EN: &str =
    "On-time rectification rate = hazards whose deadline falls in the period and that were closed \
     on or before it ÷ hazards whose deadline falls in the period × 100 %; the deadline is the latest approved one. \
     Numerators and denominators are added over weeks, plants and segments first and divided once (a ratio of sums, \
     never an average of rates); two decimals, rounded half up; \"—\" when nothing was due in the period.";

/// One count row: group, segments, prior years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SafetyRow {
    /// Registry key (`hazards_found` …).
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// `sum` (added over weeks and plants) or `last` (each plant's value at its latest part,
    /// added over plants).
    pub aggregation: Aggregation,
    pub group: Figure,
    /// One per segment, in the view's segment order.
    pub segments: Vec<Figure>,
    /// The two prior years (year − 1, year − 2).
    pub prior: Vec<Figure>,
}

/// The on-time rate of one column, with the sums it divides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RateFigure {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub closed_on_time: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub due: Option<i64>,
    /// Percent with two decimals (`"99.96"`), `"—"` when nothing was due or no data.
    pub text: String,
    /// `packets` or the history source; empty without data.
    pub source: String,
}

/// The on-time rate row with its definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SafetyRate {
    pub label_zh: String,
    pub label_en: String,
    pub group: RateFigure,
    pub segments: Vec<RateFigure>,
    pub prior: Vec<RateFigure>,
    pub definition_zh: String,
    pub definition_en: String,
    /// The plant formula and its version, as the plants' packets carry it.
    pub formula: String,
}

/// One plant's figures of the year (the drill-down behind a segment's column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SafetyPlant {
    pub plant_code: String,
    pub plant_name: String,
    pub segment_code: String,
    /// The plant's hazard figures of the year by registry key (absent: not reported).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub figures: BTreeMap<String, i64>,
    pub rate: RateFigure,
    /// The last day of the month part its overdue-open and major-open values stand at.
    pub as_of: Option<String>,
}

/// How many plants report hazard figures, of those inside the boundary during the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reporting {
    pub plants: u32,
    pub reporting: u32,
}

/// The safety view of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Safety {
    pub group: String,
    pub year: i32,
    pub segments: Vec<Segment>,
    pub rows: Vec<SafetyRow>,
    pub rate: SafetyRate,
    /// In segment order, then plant code.
    pub plants: Vec<SafetyPlant>,
    /// Plants reporting hazard figures: the group, then one per segment.
    pub reporting: Reporting,
    pub reporting_segments: Vec<Reporting>,
    /// Plant-weeks expected, received, accepted … (as the appendix).
    pub coverage: Coverage,
    pub notes_zh: Vec<String>,
    pub notes_en: Vec<String>,
}

fn rate_of(num: Option<i64>, den: Option<i64>, source: &str) -> RateFigure {
    let text = match (num, den) {
        (Some(n), Some(d)) => kpi::rate_pct(n, d),
        _ => None,
    };
    let any = num.is_some() || den.is_some();
    RateFigure {
        closed_on_time: num,
        due: den,
        text: text.unwrap_or_else(|| "—".into()),
        source: if any { source.into() } else { String::new() },
    }
}

/// Computes the safety view of `year`.
pub fn compute(conn: &Connection, year: i32) -> Result<Safety> {
    let org = super::require(conn)?;
    if !(1901..=2999).contains(&year) {
        return Err(Error::invalid("year", crate::msg::hq::not_reporting_year(&year)));
    }
    let segments = registry::segments(conn)?;
    let years = [year, year - 1, year - 2];
    let data: Vec<YearData> = years.iter().map(|y| YearData::load(conn, *y)).collect::<Result<_>>()?;
    let (mut notes_zh, mut notes_en) = (Vec::new(), Vec::new());

    let mut rows = Vec::new();
    for key in COUNT_KEYS {
        let ind = indicators::get(key).ok_or_else(|| Error::Internal(format!("{key} is not in the registry")))?;
        let (group_v, _) = data[0].group(&[key], false);
        rows.push(SafetyRow {
            key: ind.key.into(),
            label_zh: ind.label_zh.into(),
            label_en: ind.label_en.into(),
            aggregation: ind.aggregation,
            group: appendix::fig(IndicatorUnit::Count, group_v, "packets"),
            segments: segments
                .iter()
                .map(|s| appendix::fig(IndicatorUnit::Count, data[0].segment(&s.id, &[key]), "packets"))
                .collect(),
            prior: data[1..]
                .iter()
                .map(|d| {
                    let (v, src) = d.group(&[key], true);
                    appendix::fig(IndicatorUnit::Count, v, &src)
                })
                .collect(),
        });
    }
    let pair = [NUMERATOR, DENOMINATOR];
    let group_rate = |d: &YearData, prefer_history: bool| {
        let (vs, src) = d.group_each(&pair, prefer_history);
        rate_of(vs[0], vs[1], &src)
    };
    let rate = SafetyRate {
        label_zh: "按期整改完成率".into(),
        label_en: "On-time rectification rate".into(),
        group: group_rate(&data[0], false),
        segments: segments
            .iter()
            .map(|s| rate_of(data[0].segment(&s.id, &[NUMERATOR]), data[0].segment(&s.id, &[DENOMINATOR]), "packets"))
            .collect(),
        prior: data[1..].iter().map(|d| group_rate(d, true)).collect(),
        definition_zh: DEFINITION_ZH.into(),
        definition_en: DEFINITION_EN.into(),
        formula: kpi::ON_TIME_DEFINITION.into(),
    };

    let plants = plants(conn, year)?;
    let in_year: Vec<&PlantInYear> = plants.iter().filter(|p| p.in_boundary).collect();
    let reporting_of = |seg: Option<&str>| Reporting {
        plants: in_year.iter().filter(|p| seg.is_none_or(|s| p.row.segment_code == s)).count() as u32,
        reporting: plants
            .iter()
            .filter(|p| !p.row.figures.is_empty() && seg.is_none_or(|s| p.row.segment_code == s))
            .count() as u32,
    };
    let reporting = reporting_of(None);
    let reporting_segments: Vec<Reporting> = segments.iter().map(|s| reporting_of(Some(&s.code))).collect();

    // Notes: the stocks' rule and the days they stand at, the grades, the boundary, history.
    notes_zh.push(
        "逾期未整改隐患数、未销号重大隐患数为时点数：取各工厂当年最后一期（周内月段）数据，再按工厂相加，不按周累加。"
            .into(),
    );
    notes_en.push(
        "Overdue open and open major hazards are stocks: each plant's value at its latest week part of the year, added over the plants, never over weeks.".into(),
    );
    let dates: Vec<(&str, &str)> =
        plants.iter().filter_map(|p| p.row.as_of.as_deref().map(|d| (p.row.plant_code.as_str(), d))).collect();
    if dates.windows(2).any(|w| w[0].1 != w[1].1) {
        let list: Vec<String> = dates.iter().map(|(c, d)| format!("{c} {d}")).collect();
        notes_zh.push(format!("各工厂时点数的截至日期不同：{}。", list.join("，")));
        notes_en.push(format!("The plants' stock figures stand at different days: {}.", list.join(", ")));
    }
    notes_zh.push(
        "新增隐患按 LEC 风险等级计：红 1 级、橙 2 级、黄 3 级、蓝 4–5 级；未作 LEC 评价的隐患只计入发现数。".into(),
    );
    notes_en.push(
        "New hazards by LEC grade: red 1, orange 2, yellow 3, blue 4–5; a hazard without an LEC assessment counts only as found."
            .into(),
    );
    appendix::boundary_notes(conn, year, &mut notes_zh, &mut notes_en)?;
    appendix::history_notes(&years, &data, Some(COUNT_KEYS), &mut notes_zh, &mut notes_en);
    if reporting.reporting < reporting.plants {
        notes_zh.push(format!(
            "{} 家边界内工厂中有 {} 家报送了隐患数据（从未登记隐患的工厂不报送）。",
            reporting.plants, reporting.reporting
        ));
        notes_en.push(format!(
            "{} of {} plants inside the boundary report hazard figures (a plant that never registered a hazard sends none).",
            reporting.reporting, reporting.plants
        ));
    }
    let coverage = appendix::coverage(conn, year, &mut notes_zh, &mut notes_en)?;
    Ok(Safety {
        group: org.name,
        year,
        segments,
        rows,
        rate,
        plants: plants.into_iter().filter(|p| p.in_boundary || !p.row.figures.is_empty()).map(|p| p.row).collect(),
        reporting,
        reporting_segments,
        coverage,
        notes_zh,
        notes_en,
    })
}

struct PlantInYear {
    row: SafetyPlant,
    in_boundary: bool,
}

/// Every registered plant with its hazard figures of `year` (from the plant-year cache) and the
/// day its stocks stand at.
fn plants(conn: &Connection, year: i32) -> Result<Vec<PlantInYear>> {
    let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.code, p.name, s.code,
                p.in_boundary_from <= ?2 AND (p.out_of_boundary_from IS NULL OR p.out_of_boundary_from > ?1)
         FROM hq_plant p JOIN hq_segment s ON s.id = p.segment_id ORDER BY s.ord, p.code",
    )?;
    let list: Vec<(String, String, String, String, bool)> = stmt
        .query_map(params![first, last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut figures: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut q = conn.prepare_cached("SELECT plant_id, key, value FROM hq_plant_year WHERE year = ?1")?;
    let mut rows = q.query([year])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(1)?;
        if COUNT_KEYS.contains(&key.as_str()) {
            figures.entry(r.get(0)?).or_default().insert(key, r.get(2)?);
        }
    }
    // The day each plant's stocks stand at: the last part (of the counted revisions, inside the
    // boundary — the store's selection) that carries one of them.
    let (from_week, to_week) = super::store::week_range(year);
    let carries = LAST_KEYS.iter().map(|k| format!("instr(m.figures, '\"{k}\"') > 0")).collect::<Vec<_>>().join(" OR ");
    let mut q = conn.prepare_cached(&format!(
        "SELECT w.plant_id, max(m.last_day) FROM hq_week w
         JOIN hq_packet_month m ON m.packet_id = w.packet_id JOIN hq_plant p ON p.id = w.plant_id
         WHERE w.week BETWEEN ?1 AND ?2 AND substr(m.month, 1, 4) = ?3
           AND m.first_day >= p.in_boundary_from AND (p.out_of_boundary_from IS NULL OR m.last_day < p.out_of_boundary_from)
           AND ({carries})
         GROUP BY w.plant_id"
    ))?;
    let as_of: BTreeMap<String, String> = q
        .query_map(params![from_week, to_week, format!("{year:04}")], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(list
        .into_iter()
        .map(|(id, code, name, segment, in_boundary)| {
            let f = figures.remove(&id).unwrap_or_default();
            let rate = rate_of(f.get(NUMERATOR).copied(), f.get(DENOMINATOR).copied(), "packets");
            PlantInYear {
                row: SafetyPlant {
                    plant_code: code,
                    plant_name: name,
                    segment_code: segment,
                    as_of: if f.keys().any(|k| LAST_KEYS.contains(&k.as_str())) {
                        as_of.get(&id).cloned()
                    } else {
                        None
                    },
                    figures: f,
                    rate,
                },
                in_boundary,
            }
        })
        .collect())
}

/// The view as report tables (zh or en): the group table (counts and the rate, group total,
/// segment columns, two prior years) with the rate's definition and the notes under it, and each
/// plant's figures behind the segment columns.
pub fn tables(sv: &Safety, lang: crate::report::Lang) -> Vec<crate::docs::Table> {
    use crate::docs::{Align, Cell, Column, Table};
    use crate::report::Lang;
    let zh = lang == Lang::Zh;
    let t = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let colon = if zh { "：" } else { ": " };
    let seg_name = |s: &Segment| if zh { s.name_zh.clone() } else { s.name_en.clone() };
    let mut columns = vec![
        Column::new(t("指标", "Indicator"), 64.0, Align::Left),
        Column::new(t("单位", "Unit"), 14.0, Align::Center),
        Column::new(t("汇总方式", "Aggregation"), 34.0, Align::Left),
        Column::new(format!("{} {}", sv.year, t("集团合计", "Group total")), 26.0, Align::Right),
    ];
    for s in &sv.segments {
        columns.push(Column::new(format!("{} {}", sv.year, seg_name(s)), 28.0, Align::Right));
    }
    columns.push(Column::new(format!("{}", sv.year - 1), 22.0, Align::Right));
    columns.push(Column::new(format!("{}", sv.year - 2), 22.0, Align::Right));
    let count = |f: &Figure| match f.exact {
        Some(v) => Cell::Int(v),
        None => Cell::Text("—".into()),
    };
    let pct = |r: &RateFigure| {
        if r.text == "—" {
            Cell::Text("—".into())
        } else {
            Cell::Decimal { text: r.text.clone(), decimals: 2 }
        }
    };
    let agg = |a: Aggregation| match a {
        Aggregation::Last => t("期末时点数之和", "Sum of period-end values"),
        _ => t("期内累计", "Period total"),
    };
    let mut rows = Vec::new();
    for r in &sv.rows {
        let mut row = vec![
            Cell::Text(if zh { r.label_zh.clone() } else { r.label_en.clone() }),
            Cell::Text(t("个", "count")),
            Cell::Text(agg(r.aggregation)),
            count(&r.group),
        ];
        row.extend(r.segments.iter().map(count));
        row.extend(r.prior.iter().map(count));
        rows.push(row);
        if r.key == NUMERATOR {
            let mut row = vec![
                Cell::Text(if zh { sv.rate.label_zh.clone() } else { sv.rate.label_en.clone() }),
                Cell::Text("%".into()),
                Cell::Text(t("比率之和", "Ratio of sums")),
                pct(&sv.rate.group),
            ];
            row.extend(sv.rate.segments.iter().map(pct));
            row.extend(sv.rate.prior.iter().map(pct));
            rows.push(row);
        }
    }
    let mut footer = vec![format!(
        "{}{}",
        t("按期整改完成率的定义：", "On-time rate, definition: "),
        if zh { &sv.rate.definition_zh } else { &sv.rate.definition_en }
    )];
    footer.push(format!("{}{}", t("工厂端公式：", "Plant formula: "), sv.rate.formula));
    let notes = if zh { &sv.notes_zh } else { &sv.notes_en };
    footer.extend(notes.iter().enumerate().map(|(n, s)| format!("{}. {s}", n + 1)));
    let sources: Vec<String> = sv
        .rows
        .iter()
        .flat_map(|r| r.prior.iter().zip([sv.year - 1, sv.year - 2]))
        .filter(|(f, _)| f.source.starts_with("history"))
        .map(|(f, y)| format!("{y}: {}", f.source.trim_start_matches("history").trim_start_matches(": ")))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !sources.is_empty() {
        footer.push(format!("{}{}", t("以往年度数据来源：", "Prior-year sources: "), sources.join("; ")));
    }
    let main = Table {
        title: format!("{} {} {}", sv.group, sv.year, t("安全隐患排查治理", "Hazard identification and rectification")),
        subtitle: vec![
            format!("{}{colon}{}-01-01 – {}-12-31", t("报告期", "Reporting period"), sv.year, sv.year),
            format!(
                "{}{colon}{} / {} · {}{colon}{} / {} / {}",
                t("报送隐患数据的工厂 / 边界内工厂", "Plants reporting hazard figures / inside the boundary"),
                sv.reporting.reporting,
                sv.reporting.plants,
                t("工厂周：应报 / 已收 / 已接受", "plant-weeks expected / received / accepted"),
                sv.coverage.expected,
                sv.coverage.received,
                sv.coverage.accepted
            ),
        ],
        sheet_name: t("安全隐患", "Hazards"),
        columns,
        rows,
        footer,
    };
    let mut plant_columns = vec![
        Column::new(t("工厂代码", "Plant"), 20.0, Align::Left),
        Column::new(t("工厂名称", "Name"), 34.0, Align::Left),
        Column::new(t("分部", "Segment"), 18.0, Align::Left),
    ];
    let short: &[(&str, &str, &str)] = &[
        ("hazards_found", "发现", "Found"),
        ("hazards_closed", "销号", "Closed"),
        ("hazards_due", "到期", "Due"),
        ("hazards_closed_on_time", "按期", "On time"),
        ("rate", "完成率 %", "Rate %"),
        ("hazards_overdue_open", "逾期未改", "Overdue open"),
        ("hazards_major_open", "重大未销号", "Major open"),
        ("hazards_new_red", "红", "Red"),
        ("hazards_new_orange", "橙", "Orange"),
        ("hazards_new_yellow", "黄", "Yellow"),
        ("hazards_new_blue", "蓝", "Blue"),
    ];
    for (_, a, b) in short {
        plant_columns.push(Column::new(t(a, b), 17.0, Align::Right));
    }
    plant_columns.push(Column::new(t("时点数截至", "Stocks as of"), 24.0, Align::Center));
    let plant_rows = sv
        .plants
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::Text(p.plant_code.clone()),
                Cell::Text(p.plant_name.clone()),
                Cell::Text(p.segment_code.clone()),
            ];
            for (k, _, _) in short {
                row.push(if *k == "rate" {
                    pct(&p.rate)
                } else {
                    p.figures.get(*k).map(|v| Cell::Int(*v)).unwrap_or_else(|| Cell::Text("—".into()))
                });
            }
            row.push(Cell::Text(p.as_of.clone().unwrap_or_else(|| "—".into())));
            row
        })
        .collect();
    let plants = Table {
        title: t("各工厂隐患数据（分部与合计的来源）", "Plant figures behind the segments"),
        subtitle: vec![t(
            "“—”：该工厂未报送该项数据；完成率为该工厂自身的按期整改完成率。",
            "\"—\": the plant reported no such figure; the rate is the plant's own on-time rate.",
        )],
        sheet_name: t("工厂明细", "Plants"),
        columns: plant_columns,
        rows: plant_rows,
        footer: vec![],
    };
    vec![main, plants]
}

/// The view as an xlsx workbook.
pub fn xlsx(sv: &Safety, lang: crate::report::Lang) -> Result<Vec<u8>> {
    crate::docs::tables_to_xlsx(&tables(sv, lang))
}

/// The view as a PDF (A4 landscape).
pub fn pdf(sv: &Safety, lang: crate::report::Lang) -> Result<Vec<u8>> {
    crate::docs::tables_to_pdf(&tables(sv, lang), &mut |_, _| true)
}
