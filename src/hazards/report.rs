//! The hazards section of the management report (隐患排查治理; [`crate::areas::REPORT_SECTIONS`]):
//! the registry's `hazards_*` tiles — found, closed, overdue open, major open — and the
//! 按期整改完成率 made from its numerator and denominator (a ratio of sums) with its written
//! definition beside it; the hazards open at the period's end that were overdue or major (the
//! rows behind those two tiles); and the found-against-closed trend over the report's periods.
//! A plant that never registered a hazard gets no section. Read-only.

use super::export::{grade_label, level_label};
use super::{hazard, kpi};
use crate::areas::Area;
use crate::error::Result;
use crate::indicators::Figure;
use crate::report::{
    figure, l10n, Block, Chart, ChartKind, ChartOverlay, ChartUnit, Column, Kpi, L10n, Lang, Section, SectionInput,
    Table, Value,
};
use rusqlite::Connection;

/// How many hazards the list shows (the tiles count all of them).
pub const MAX_LISTED: usize = 30;

fn tile(input: &SectionInput, key: &str, zh: &str, en: &str) -> Kpi {
    let v = |f: &[Figure]| figure(f, key).map(|n| Value::Count { n });
    Kpi {
        key: Some(key.into()),
        label: l10n(zh, en),
        value: v(input.figures).unwrap_or(Value::Empty),
        previous: v(input.previous),
        hint: None,
    }
}

/// The on-time rate of a period's figures as `60.00 %`, or nothing when none was due.
fn rate(figures: &[Figure]) -> Option<Value> {
    let due = figure(figures, "hazards_due")?;
    let on_time = figure(figures, "hazards_closed_on_time")?;
    kpi::rate_pct(on_time, due).map(|p| Value::text(format!("{p} %")))
}

fn col(zh: &str, en: &str, width: u16) -> Column {
    Column { label: l10n(zh, en), width }
}

fn both(f: impl Fn(Lang) -> String) -> L10n {
    l10n(f(Lang::Zh), f(Lang::En))
}

pub fn section(conn: &Connection, input: &SectionInput) -> Result<Option<Section>> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM hazard WHERE voided_at IS NULL)", [], |r| r.get(0))?;
    if !any {
        return Ok(None);
    }
    let due = figure(input.figures, "hazards_due").unwrap_or(0);
    let on_time = figure(input.figures, "hazards_closed_on_time").unwrap_or(0);
    let on_time_tile = Kpi {
        key: None,
        label: l10n("按期整改完成率", "On-time rectification rate"),
        value: rate(input.figures).unwrap_or(Value::Empty),
        previous: rate(input.previous),
        hint: Some(l10n(
            format!("按期销号 {on_time} / 期限在本期内 {due}"),
            format!("{on_time} closed on time of {due} due"),
        )),
    };
    let mut blocks = vec![
        Block::Kpis {
            tiles: vec![
                tile(input, "hazards_found", "发现隐患", "Hazards found"),
                tile(input, "hazards_closed", "销号隐患", "Hazards closed"),
                on_time_tile,
                tile(input, "hazards_overdue_open", "逾期未销号", "Overdue, open"),
                tile(input, "hazards_major_open", "重大隐患未销号", "Major hazards open"),
            ],
        },
        Block::Note {
            text: l10n(
                format!(
                    "按期整改完成率 = 整改期限（含延期后的期限）落在本期内、且在期限当日或之前销号的隐患数 ÷ 整改期限落在本期内的隐患数；合并各期时分子、分母分别相加。逾期与重大未销号为 {} 当日的数。（{}）",
                    input.to,
                    kpi::ON_TIME_DEFINITION
                ),
                format!(
                    "On-time rate = hazards whose deadline (the extended one, if extended) falls in the period and that were closed on or before it ÷ hazards whose deadline falls in the period; periods combine by adding numerators and denominators. Overdue and major open are counted on {}. ({})",
                    input.to,
                    kpi::ON_TIME_DEFINITION
                ),
            ),
        },
    ];

    // The hazards behind the overdue and major tiles.
    let ids = kpi::open_overdue_or_major(conn, input.to)?;
    let mut rows = Vec::new();
    for id in ids.iter().take(MAX_LISTED) {
        let h = hazard::get(conn, id, input.to)?;
        let days = h
            .deadline
            .as_deref()
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
            .map(|d| (input.to - d).num_days())
            .filter(|d| *d > 0);
        let grade = h.lec.as_ref().map(|l| l.grade.to_string()).unwrap_or_else(|| "0".into());
        rows.push(vec![
            Value::text(&h.number),
            Value::text(&h.area),
            Value::text(crate::text::shown(&h.description)),
            Value::Label { label: both(|lang| level_label(h.level, lang).to_string()) },
            Value::Label { label: both(|lang| grade_label(&grade, lang)) },
            h.assignee_name.as_deref().map_or(Value::Empty, Value::text),
            h.deadline.as_deref().map_or(Value::Empty, Value::text),
            days.map_or(Value::Empty, |days| Value::Days { days }),
        ]);
    }
    let more = ids.len().saturating_sub(MAX_LISTED);
    blocks.push(Block::Table {
        table: Table {
            title: l10n(
                format!("逾期或重大的未销号隐患（截至 {}）", input.to),
                format!("Open hazards overdue or major (on {})", input.to),
            ),
            columns: vec![
                col("编号", "Number", 17),
                col("区域", "Area", 11),
                col("隐患描述", "Description", 26),
                col("级别", "Level", 8),
                col("风险等级", "Grade", 11),
                col("责任人", "Responsible", 12),
                col("整改期限", "Deadline", 11),
                col("逾期天数", "Days over", 8),
            ],
            rows,
            empty: l10n("没有逾期或重大的未销号隐患。", "No open hazard is overdue or major."),
            note: (more > 0).then(|| l10n(format!("另有 {more} 项未列出。"), format!("{more} more not listed."))),
        },
    });

    // Found against closed over the report's periods.
    let found: Vec<i64> = input.trend.iter().map(|t| t.value("hazards_found")).collect();
    let closed: Vec<i64> = input.trend.iter().map(|t| t.value("hazards_closed")).collect();
    let n = input.trend.len();
    let (per_zh, per_en) = if input.period.is_week() { ("每周", "per week") } else { ("每月", "per month") };
    if found.iter().chain(&closed).all(|v| *v == 0) {
        let unit = if input.period.is_week() { ("周", "weeks") } else { ("个月", "months") };
        blocks.push(Block::Note {
            text: l10n(
                format!("近 {n} {}没有发现或销号隐患，不绘制趋势图。", unit.0),
                format!("No hazard found or closed in the last {n} {}: no trend to chart.", unit.1),
            ),
        });
    } else {
        blocks.push(Block::Charts {
            charts: vec![Chart {
                title: l10n(format!("隐患发现与销号（{per_zh}）"), format!("Hazards found and closed {per_en}")),
                kind: ChartKind::Bars,
                unit: ChartUnit::Count,
                values: found,
                overlay: Some(ChartOverlay {
                    main: l10n("发现", "Found"),
                    label: l10n("销号", "Closed"),
                    values: closed,
                }),
            }],
        });
    }
    Ok(Some(Section {
        area: Area::Safety,
        title: l10n("隐患排查治理", "Hazards: inspection and rectification"),
        blocks,
    }))
}
