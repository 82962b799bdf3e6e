//! The wastewater section of the management report ([`crate::areas::REPORT_SECTIONS`]): the
//! registry's `ww_*` tiles, then per outfall and parameter the period's load, concentrations,
//! validity, exceedances and missed monitoring (from [`super::loads::compute`], the definition of
//! the figures), the exceedances themselves, and the caps with their forecast. Read-only.

use super::loads;
use crate::areas::Area;
use crate::error::Result;
use crate::report::{figure, l10n, Block, Column, Kpi, Section, SectionInput, Table, Value};
use rusqlite::Connection;

fn tile(input: &SectionInput, key: &str, zh: &str, en: &str) -> Kpi {
    let v = |f: &[crate::indicators::Figure]| {
        figure(f, key).map(|v| {
            if key.ends_with("_g") || key.ends_with("_l") {
                Value::mass(v)
            } else {
                Value::Count { n: v }
            }
        })
    };
    Kpi {
        key: Some(key.into()),
        label: l10n(zh, en),
        value: v(input.figures).unwrap_or(Value::Empty),
        previous: v(input.previous),
        hint: None,
    }
}

fn col(zh: &str, en: &str, width: u16) -> Column {
    Column { label: l10n(zh, en), width }
}

fn num(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, |x| Value::text(format!("{}", (x * 1000.0).round() / 1000.0)))
}

pub fn section(conn: &Connection, input: &SectionInput) -> Result<Option<Section>> {
    let w = loads::compute(conn, input.from, input.to)?;
    if w.outfalls.is_empty() {
        return Ok(None);
    }
    let mut blocks = vec![Block::Kpis {
        tiles: vec![
            tile(input, "ww_discharge_l", "废水排放量", "Wastewater discharged"),
            tile(input, "ww_cod_load_g", "COD 排放量", "COD discharged"),
            tile(input, "ww_nh3n_load_g", "氨氮排放量", "NH3-N discharged"),
            tile(input, "ww_exceedances", "超标次数", "Exceedances"),
            tile(input, "ww_monitoring_missed", "缺测", "Monitoring missed"),
        ],
    }];
    let mut rows = Vec::new();
    for o in &w.outfalls {
        for p in &o.params {
            let validity = if p.expected_hours > 0 {
                Value::text(format!("{:.1} %", p.valid_hours as f64 * 100.0 / p.expected_hours as f64))
            } else {
                Value::Empty
            };
            rows.push(vec![
                Value::text(&o.code),
                Value::text(&p.name),
                Value::Label {
                    label: if p.basis == super::outfall::MonitoringMethod::Online {
                        l10n("在线", "online")
                    } else {
                        l10n("手工", "manual")
                    },
                },
                p.load_g.map_or(Value::Empty, Value::mass),
                num(p.c_mean),
                num(p.c_max),
                validity,
                Value::Count { n: p.exceedances },
                Value::Count { n: p.missed },
            ]);
        }
    }
    let policy = match w.dl_policy {
        super::rules::DlPolicy::Zero => ("0", "0"),
        super::rules::DlPolicy::Half => ("½ 检出限", "½ DL"),
        super::rules::DlPolicy::Full => ("检出限", "DL"),
    };
    blocks.push(Block::Table {
        table: Table {
            title: l10n("各排放口监测与排放量", "Outfalls: monitoring and loads"),
            columns: vec![
                col("排放口", "Outfall", 10),
                col("项目", "Parameter", 14),
                col("方式", "Basis", 8),
                col("排放量 kg", "Load kg", 12),
                col("均值 mg/L", "Mean mg/L", 10),
                col("最大 mg/L", "Max mg/L", 10),
                col("有效率", "Valid", 9),
                col("超标", "Over", 7),
                col("缺测", "Missed", 7),
            ],
            rows,
            empty: l10n("无监测项目", "No parameters"),
            note: Some(l10n(
                format!("低于检出限的结果按 {} 计入排放量。", policy.0),
                format!("Results below the detection limit count as {} in loads.", policy.1),
            )),
        },
    });
    let xs = loads::exceedances(conn, input.from, input.to, 50)?;
    let xrows = xs
        .iter()
        .map(|x| {
            vec![
                Value::text(&x.at_local),
                Value::text(format!("{} {}", x.outfall_code, x.param_code)),
                Value::text(format!("{}", x.value)),
                Value::text(&x.limit),
                x.ratio_permille.map_or(Value::Empty, |r| Value::text(format!("{}.{:03} ×", r / 1000, r % 1000))),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        table: Table {
            title: l10n("超标记录", "Exceedances"),
            columns: vec![
                col("时间", "Time", 14),
                col("排放口/项目", "Outfall / parameter", 16),
                col("实测", "Value", 9),
                col("限值", "Limit", 9),
                col("倍数", "Multiple", 9),
            ],
            rows: xrows,
            empty: l10n("本期无超标。", "No exceedance in the period."),
            note: None,
        },
    });
    use chrono::Datelike;
    let caps = loads::cap_progress(conn, input.to.year(), input.to)?;
    if !caps.is_empty() {
        let rows = caps
            .iter()
            .map(|c| {
                vec![
                    Value::text(&c.param_code),
                    Value::mass(c.load_g),
                    Value::mass(c.cap_g),
                    Value::text(format!("{:.1} %", c.used_permille as f64 / 10.0)),
                    Value::mass(c.forecast_g),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            table: Table {
                title: l10n("年度许可排放量进度", "Annual permitted loads"),
                columns: vec![
                    col("项目", "Parameter", 10),
                    col("年累计 kg", "Year to date kg", 12),
                    col("许可量 kg", "Cap kg", 12),
                    col("已用", "Used", 8),
                    col("全年预测 kg", "Forecast kg", 12),
                ],
                rows,
                empty: l10n("", ""),
                note: None,
            },
        });
    }
    Ok(Some(Section { area: Area::Water, title: l10n("废水", "Wastewater"), blocks }))
}
