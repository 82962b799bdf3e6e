//! The air area's section of the management report ([`crate::areas::REPORT_SECTIONS`]): the
//! VOC figures of the period (the reported one with its method, both methods, I, O1, O2, the
//! coated area), the 12-period trend of emitted VOCs, the O1 read off the waste shipments per
//! code with manifests, and the month's stack tests against limit and target. No section for
//! a plant with no VOC figures in the whole trend. Figures come from the registry (handed in);
//! the lists from [`super::emissions`] for the months the period touches. Read-only.

use super::emissions;
use crate::areas::Area;
use crate::error::Result;
use crate::indicators::FigureMethod;
use crate::report::{figure, l10n, Block, Chart, ChartKind, Column, Kpi, Section, SectionInput, Table, Value};
use chrono::Datelike;
use rusqlite::Connection;

const KEYS: &[&str] = &[
    "voc_emitted_g",
    "voc_emitted_balance_g",
    "voc_emitted_monitored_g",
    "voc_input_g",
    "voc_recovered_g",
    "voc_abated_g",
    "voc_coated_area_m2",
];

fn tile(input: &SectionInput, key: &str, zh: &str, en: &str) -> Kpi {
    let value = |figures: &[crate::indicators::Figure]| {
        figure(figures, key).map(|v| if key.ends_with("_g") { Value::mass(v) } else { Value::Count { n: v } })
    };
    Kpi {
        key: Some(key.to_string()),
        label: l10n(zh, en),
        value: value(input.figures).unwrap_or(Value::Empty),
        previous: value(input.previous),
        hint: None,
    }
}

/// The VOC section of the report described by `input`.
pub fn section(conn: &Connection, input: &SectionInput) -> Result<Option<Section>> {
    let any = input.trend.iter().any(|t| t.figures.iter().any(|f| KEYS.contains(&f.key.as_str())));
    if !any {
        return Ok(None);
    }
    let mut reported = tile(input, "voc_emitted_g", "VOCs 排放量", "VOCs emitted");
    reported.hint = input.figures.iter().find(|f| f.key == "voc_emitted_g").map(|f| match f.method {
        FigureMethod::Monitored => l10n("监测法", "monitoring method"),
        _ => l10n("物料衡算法", "material balance"),
    });
    let mut area = tile(input, "voc_coated_area_m2", "底涂面积（m²）", "Primer-coated area (m²)");
    area.hint = Some(l10n("按月数据按天数折算", "monthly data pro-rated by days"));
    let tiles = vec![
        reported,
        tile(input, "voc_emitted_balance_g", "排放量（物料衡算）", "Emitted (material balance)"),
        tile(input, "voc_emitted_monitored_g", "排放量（监测）", "Emitted (monitoring)"),
        tile(input, "voc_input_g", "VOCs 投入量 I", "VOCs input I"),
        tile(input, "voc_recovered_g", "回收及随废物转移 O1", "Recovered / in waste O1"),
        tile(input, "voc_abated_g", "治理设施去除 O2", "Abated O2"),
        area,
    ];
    let per = if input.period.is_week() { ("每周", "per week") } else { ("每月", "per month") };
    let mut blocks = vec![
        Block::Kpis { tiles },
        Block::Charts {
            charts: vec![Chart::mass(
                l10n(format!("VOCs 排放量（{}）", per.0), format!("VOCs emitted {}", per.1)),
                ChartKind::Bars,
                input.trend.iter().map(|t| t.value("voc_emitted_g")).collect(),
            )],
        },
    ];
    // The months the period touches.
    let mut months = Vec::new();
    let mut d = input.from.with_day(1).unwrap_or(input.from);
    while d <= input.to {
        months.push(emissions::emissions(conn, &d.format("%Y-%m").to_string())?);
        d = if d.month() == 12 {
            chrono::NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
        }
        .unwrap_or(input.to + chrono::Duration::days(1));
    }
    let col = |zh: &str, en: &str, width: u16| Column { label: l10n(zh, en), width };
    let waste_rows = months
        .iter()
        .flat_map(|m| {
            m.balance.waste.iter().map(move |w| {
                vec![
                    Value::text(&m.month),
                    Value::text(&w.code),
                    Value::mass(w.shipped_g),
                    Value::text(format!("{} %", w.voc_pct)),
                    Value::mass(w.recovered_g),
                    Value::text(w.manifests.join(", ")),
                ]
            })
        })
        .collect();
    blocks.push(Block::Table {
        table: Table {
            title: l10n(
                "随危险废物转移的 VOCs（O1，取自危废台账）",
                "VOCs sent out in hazardous waste (O1, from the waste ledger)",
            ),
            columns: vec![
                col("月份", "Month", 8),
                col("废物代码", "Code", 12),
                col("接收量（kg）", "Accepted (kg)", 12),
                col("VOCs 含量", "VOC content", 10),
                col("O1（kg）", "O1 (kg)", 12),
                col("联单编号", "Manifests", 30),
            ],
            rows: waste_rows,
            empty: l10n("本期无含 VOCs 危险废物转移。", "No VOC-carrying hazardous waste shipped."),
            note: Some(l10n("整月数据。", "Whole-month values.")),
        },
    });
    let yes_no = |b: Option<bool>| match b {
        Some(true) => Value::label("超出", "Over"),
        Some(false) => Value::label("达标", "Within"),
        None => Value::Empty,
    };
    let test_rows = months
        .iter()
        .flat_map(|m| {
            m.monitoring.sources.iter().flat_map(move |s| {
                s.tests.iter().map(move |t| {
                    vec![
                        Value::text(&s.code),
                        Value::text(&t.sampled_at_local),
                        Value::text(&t.c_mg_m3),
                        Value::text(s.limit_mg_m3.clone().unwrap_or_default()),
                        yes_no(t.over_limit),
                        Value::text(s.target_mg_m3.clone().unwrap_or_default()),
                        yes_no(t.over_target),
                    ]
                })
            })
        })
        .collect();
    blocks.push(Block::Table {
        table: Table {
            title: l10n("排气筒监测结果", "Stack tests"),
            columns: vec![
                col("排放源", "Source", 10),
                col("采样时间", "Sampled", 16),
                col("浓度（mg/m³）", "C (mg/m³)", 10),
                col("限值", "Limit", 8),
                col("对限值", "vs limit", 8),
                col("内控目标", "Target", 8),
                col("对目标", "vs target", 8),
            ],
            rows: test_rows,
            empty: l10n("本期无监测结果。", "No stack tests in the period."),
            note: None,
        },
    });
    Ok(Some(Section {
        area: Area::Air,
        title: l10n("挥发性有机物（VOCs）", "Volatile organic compounds (VOCs)"),
        blocks,
    }))
}
