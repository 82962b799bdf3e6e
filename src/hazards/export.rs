//! The hazards' lists as spreadsheets (issue 13 item 6): every list the screens show — the
//! register for a [`HazardQuery`] (the board), my tasks, the deadline calendar's month — and the
//! KPI tables (the totals, by area and by grade, with the on-time rate's written definition in
//! a note row), as [`crate::docs::Table`]s worded in Chinese or English, then one workbook via
//! [`crate::docs::tables_to_xlsx`]. The rows come from [`hazard::list`] and [`kpi`], the one
//! definition of what the screens show; nothing is computed here but the row's on-time flag
//! and overdue days (defined in the sheet's note). Reads only; the shells save the bytes
//! (`files::save_export` in the app, the path given to the CLI).

use super::hazard::{self, Hazard, HazardLevel, HazardQuery, HazardStatus};
use super::kpi::{self, GroupKpis, KpiGroup};
use crate::docs::{Align, Cell, Column, Table};
use crate::error::{Error, Result};
use crate::report::Lang;
use crate::time;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Which list to export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HazardExport {
    /// The hazards a query selects (the board exports every live hazard).
    List { query: HazardQuery },
    /// The open hazards assigned to the signed-in user.
    MyTasks,
    /// The hazards whose deadline falls in the month `YYYY-MM`.
    Calendar { month: String },
    /// The KPIs of plant-local days `from..=to`: totals, by area, by grade.
    Kpi { from: String, to: String },
}

fn w(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A status in words.
pub fn status_label(s: HazardStatus, lang: Lang) -> &'static str {
    match s {
        HazardStatus::Registered => w(lang, "已登记", "Registered"),
        HazardStatus::Assigned => w(lang, "已指派", "Assigned"),
        HazardStatus::Rectified => w(lang, "已整改", "Rectified"),
        HazardStatus::Verified => w(lang, "已验收", "Verified"),
        HazardStatus::Closed => w(lang, "已销号", "Closed"),
    }
}

/// 一般 / 重大 in words.
pub fn level_label(l: HazardLevel, lang: Lang) -> &'static str {
    match l {
        HazardLevel::General => w(lang, "一般", "General"),
        HazardLevel::Major => w(lang, "重大", "Major"),
    }
}

/// A grade in words: `2 级（橙）` / `Grade 2 (orange)`; 0 = not assessed.
pub fn grade_label(grade: &str, lang: Lang) -> String {
    let colour = match grade {
        "1" => w(lang, "红", "red"),
        "2" => w(lang, "橙", "orange"),
        "3" => w(lang, "黄", "yellow"),
        "4" | "5" => w(lang, "蓝", "blue"),
        _ => return w(lang, "未评价", "Not assessed").to_string(),
    };
    match lang {
        Lang::Zh => format!("{grade} 级（{colour}）"),
        Lang::En => format!("Grade {grade} ({colour})"),
    }
}

/// A number as typed (`6`, `0.5`, `25.2`) as a numeric cell with its decimals.
fn decimal(text: &str) -> Cell {
    match text.split_once('.') {
        _ if text.parse::<f64>().is_err() => Cell::Text(text.to_string()),
        Some((_, frac)) => Cell::Decimal { text: text.to_string(), decimals: frac.len().min(6) as u8 },
        None => text.parse::<i64>().map_or_else(|_| Cell::Text(text.to_string()), Cell::Int),
    }
}

fn opt_text(v: Option<&str>) -> Cell {
    v.filter(|s| !s.is_empty()).map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

/// Closed by its deadline: `Some(true)` closed on or before it; `Some(false)` closed after it,
/// or open past it on `today`; `None` without a deadline, or open and not yet due.
pub fn on_time(h: &Hazard, today: NaiveDate) -> Option<bool> {
    let deadline: NaiveDate = h.deadline.as_deref()?.parse().ok()?;
    match h.closed_on.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
        Some(closed) => Some(closed <= deadline),
        None if today > deadline => Some(false),
        None => None,
    }
}

/// Days past the deadline: up to the close-out day for a closed hazard, up to `today` for an
/// open one; 0 when not past it; `None` without a deadline.
pub fn overdue_days(h: &Hazard, today: NaiveDate) -> Option<i64> {
    let deadline: NaiveDate = h.deadline.as_deref()?.parse().ok()?;
    let end = h.closed_on.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()).unwrap_or(today);
    Some((end - deadline).num_days().max(0))
}

fn list_columns(lang: Lang) -> Vec<Column> {
    let c = |zh: &str, en: &str, mm: f32, a: Align| Column::new(if lang == Lang::Zh { zh } else { en }, mm, a);
    vec![
        c("编号", "Number", 30.0, Align::Left),
        c("发现日期", "Found on", 20.0, Align::Center),
        c("区域", "Area", 22.0, Align::Left),
        c("设备/部位", "Equipment / spot", 22.0, Align::Left),
        c("隐患描述", "Description", 60.0, Align::Left),
        c("类别", "Category", 18.0, Align::Left),
        c("L", "L", 8.0, Align::Right),
        c("E", "E", 8.0, Align::Right),
        c("C", "C", 8.0, Align::Right),
        c("D", "D", 10.0, Align::Right),
        c("风险等级", "Risk grade", 12.0, Align::Right),
        c("级别", "Level", 10.0, Align::Center),
        c("状态", "Status", 14.0, Align::Center),
        c("责任人", "Responsible person", 18.0, Align::Left),
        c("责任部门", "Department", 18.0, Align::Left),
        c("整改期限", "Deadline", 20.0, Align::Center),
        c("销号日期", "Closed on", 20.0, Align::Center),
        c("按期销号", "On time", 12.0, Align::Center),
        c("逾期天数", "Days overdue", 12.0, Align::Right),
    ]
}

fn list_row(h: &Hazard, today: NaiveDate, lang: Lang) -> Vec<Cell> {
    let lec = h.lec.as_ref();
    vec![
        Cell::Text(h.number.clone()),
        Cell::Text(h.local_date.clone()),
        Cell::Text(h.area.clone()),
        opt_text(Some(&h.equipment)),
        Cell::Text(h.description.clone()),
        opt_text(Some(&h.category)),
        lec.map_or(Cell::Empty, |l| decimal(&l.l)),
        lec.map_or(Cell::Empty, |l| decimal(&l.e)),
        lec.map_or(Cell::Empty, |l| decimal(&l.c)),
        lec.map_or(Cell::Empty, |l| decimal(&l.d)),
        lec.map_or(Cell::Empty, |l| Cell::Int(i64::from(l.grade))),
        Cell::Text(level_label(h.level, lang).into()),
        Cell::Text(status_label(h.status, lang).into()),
        opt_text(h.assignee_name.as_deref()),
        opt_text(h.department.as_deref()),
        opt_text(h.deadline.as_deref()),
        opt_text(h.closed_on.as_deref()),
        match on_time(h, today) {
            Some(true) => Cell::Text(w(lang, "是", "Yes").into()),
            Some(false) => Cell::Text(w(lang, "否", "No").into()),
            None => Cell::Empty,
        },
        overdue_days(h, today).map_or(Cell::Empty, Cell::Int),
    ]
}

fn list_notes(lang: Lang) -> Vec<String> {
    vec![
        w(
            lang,
            "整改期限为当前期限（含延期）。按期销号：在期限当日或之前销号为“是”；期限后销号、或至今未销号且已过期限为“否”；无期限或未到期为空。",
            "The deadline is the current one (after extensions). On time: Yes = closed on or before the deadline; No = closed after it, or still open past it; blank = no deadline or not yet due.",
        )
        .to_string(),
        w(
            lang,
            "逾期天数：已销号的为销号日期减整改期限，未销号的为报表日期减整改期限；未超过期限为 0。D = L × E × C，风险等级 1 级（红）至 5 级（蓝）。",
            "Days overdue: the close-out day minus the deadline for a closed hazard, the report day minus the deadline for an open one; 0 when not past it. D = L × E × C; grades 1 (red) to 5 (blue).",
        )
        .to_string(),
    ]
}

fn plant_line(conn: &Connection, lang: Lang) -> Result<String> {
    let p = crate::plant::require(conn)?;
    Ok(match lang {
        Lang::Zh => format!("单位名称：{}（{}）", p.name, p.code),
        Lang::En => format!("Plant: {} ({})", p.name, p.code),
    })
}

/// The list of `hazards` as one table.
fn list_table(
    conn: &Connection,
    title: String,
    sheet: &str,
    lines: Vec<String>,
    hazards: &[Hazard],
    today: NaiveDate,
    lang: Lang,
) -> Result<Table> {
    let mut subtitle = vec![plant_line(conn, lang)?];
    subtitle.extend(lines);
    subtitle.push(match lang {
        Lang::Zh => format!("报表日期：{today}　共 {} 项", hazards.len()),
        Lang::En => format!("As of {today}: {} hazards", hazards.len()),
    });
    Ok(Table {
        title,
        subtitle,
        sheet_name: sheet.into(),
        columns: list_columns(lang),
        rows: hazards.iter().map(|h| list_row(h, today, lang)).collect(),
        footer: list_notes(lang),
    })
}

/// What a query selects, in words (the sheet's subtitle).
fn query_words(q: &HazardQuery, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(s) = q.status {
        parts.push(status_label(s, lang).to_string());
    }
    if q.open_only {
        parts.push(w(lang, "未销号", "open").into());
    }
    if q.overdue_only {
        parts.push(w(lang, "逾期", "overdue").into());
    }
    if let Some(a) = q.area.as_deref().filter(|a| !a.is_empty()) {
        parts.push(a.to_string());
    }
    match (q.deadline_from.as_deref(), q.deadline_to.as_deref()) {
        (Some(f), Some(t)) => parts.push(format!("{} {f}–{t}", w(lang, "整改期限", "deadline"))),
        (Some(f), None) => parts.push(format!("{} ≥ {f}", w(lang, "整改期限", "deadline"))),
        (None, Some(t)) => parts.push(format!("{} ≤ {t}", w(lang, "整改期限", "deadline"))),
        (None, None) => {}
    }
    (!parts.is_empty()).then(|| format!("{}{}", w(lang, "筛选：", "Filter: "), parts.join(w(lang, "，", ", "))))
}

/// The month `YYYY-MM` as its first and last day, naming `month` when refusing.
pub fn month_days(month: &str) -> Result<(NaiveDate, NaiveDate)> {
    let p = crate::report::Period::parse_month("month", month)?;
    Ok((p.first_day(), p.last_day()))
}

fn kpi_columns(first_zh: &str, first_en: &str, lang: Lang) -> Vec<Column> {
    let c = |zh: &str, en: &str, mm: f32, a: Align| Column::new(if lang == Lang::Zh { zh } else { en }, mm, a);
    vec![
        c(first_zh, first_en, 34.0, Align::Left),
        c("发现", "Found", 14.0, Align::Right),
        c("销号", "Closed", 14.0, Align::Right),
        c("期限在本期内", "Due in period", 18.0, Align::Right),
        c("按期销号", "Closed on time", 18.0, Align::Right),
        c("按期整改完成率（%）", "On-time rate (%)", 22.0, Align::Right),
        c("期末未销号", "Open at end", 16.0, Align::Right),
        c("逾期未销号", "Overdue open", 16.0, Align::Right),
        c("重大未销号", "Major open", 16.0, Align::Right),
    ]
}

fn rate_cell(pct: Option<&str>) -> Cell {
    pct.map_or(Cell::Empty, |p| Cell::Decimal { text: p.to_string(), decimals: 2 })
}

fn group_row(label: String, k: &GroupKpis) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::Int(k.found),
        Cell::Int(k.closed),
        Cell::Int(k.due),
        Cell::Int(k.closed_on_time),
        rate_cell(k.on_time_rate_pct.as_deref()),
        Cell::Int(k.open),
        Cell::Int(k.overdue_open),
        Cell::Int(k.major_open),
    ]
}

/// The on-time rate's definition, worded, with the formula and its version.
pub fn on_time_note(lang: Lang) -> Vec<String> {
    vec![
        w(
            lang,
            "按期整改完成率 = 整改期限（含延期后的期限）落在本期内、且在期限当日或之前销号的隐患数 ÷ 整改期限落在本期内的隐患数。合并各期或各组时分子、分母分别相加，不对比率求平均。",
            "On-time rectification rate = hazards whose deadline (the extended one, if extended) falls in the period and that were closed on or before it ÷ hazards whose deadline falls in the period. Periods and groups combine by adding numerators and denominators, never by averaging rates.",
        )
        .to_string(),
        format!("{}{}", w(lang, "公式：", "Formula: "), kpi::ON_TIME_DEFINITION),
        w(
            lang,
            "期末未销号、逾期未销号、重大未销号为期末当日的数；按区域为发现区域，按风险等级为登记时的 LEC 等级。",
            "Open, overdue open and major open are counted at the end of the period; areas are where hazards were found, grades the LEC grade at registration.",
        )
        .to_string(),
    ]
}

/// The KPI tables of `[from, to]`: the totals, by area, by grade.
fn kpi_tables(conn: &Connection, from: NaiveDate, to: NaiveDate, lang: Lang) -> Result<Vec<Table>> {
    if from > to {
        return Err(Error::invalid("to", crate::msg::common::end_before_start(&to, &from)));
    }
    let k = kpi::kpis(conn, from, to)?;
    let plant = plant_line(conn, lang)?;
    let period = match lang {
        Lang::Zh => format!("统计期：{from} 至 {to}"),
        Lang::En => format!("Period: {from} to {to}"),
    };
    let c = |zh: &str, en: &str, mm: f32, a: Align| Column::new(if lang == Lang::Zh { zh } else { en }, mm, a);
    let row =
        |zh: &str, en: &str, v: Cell, note: &str| vec![Cell::Text(w_owned(lang, zh, en)), v, Cell::Text(note.into())];
    let of = match lang {
        Lang::Zh => format!("{} / {}", k.closed_on_time, k.due),
        Lang::En => format!("{} of {}", k.closed_on_time, k.due),
    };
    let mean = k.mean_days_to_close.map_or(Cell::Empty, |m| Cell::Decimal { text: format!("{m:.1}"), decimals: 1 });
    let totals = Table {
        title: w(lang, "隐患排查治理指标", "Hazard KPIs").into(),
        subtitle: vec![plant.clone(), period.clone()],
        sheet_name: w(lang, "指标汇总", "KPIs").into(),
        columns: vec![
            c("指标", "Indicator", 50.0, Align::Left),
            c("数值", "Value", 20.0, Align::Right),
            c("说明", "Note", 60.0, Align::Left),
        ],
        rows: vec![
            row("发现隐患", "Hazards found", Cell::Int(k.found), ""),
            row("销号隐患", "Hazards closed", Cell::Int(k.closed), ""),
            row(
                "整改期限在本期内",
                "Due in the period",
                Cell::Int(k.due),
                w(lang, "按期整改完成率的分母", "the rate's denominator"),
            ),
            row(
                "按期销号",
                "Closed on time",
                Cell::Int(k.closed_on_time),
                w(lang, "按期整改完成率的分子", "the rate's numerator"),
            ),
            row("按期整改完成率（%）", "On-time rectification rate (%)", rate_cell(k.on_time_rate_pct.as_deref()), &of),
            row("期末未销号", "Open at period end", Cell::Int(k.open), ""),
            row("逾期未销号", "Overdue open", Cell::Int(k.overdue_open), ""),
            row("重大隐患未销号", "Major hazards open", Cell::Int(k.major_open), ""),
            row("平均销号天数", "Mean days to close", mean, w(lang, "本期销号的隐患", "of those closed in the period")),
        ],
        footer: on_time_note(lang),
    };
    let total_row = |label: &str| {
        group_row(
            label.to_string(),
            &GroupKpis {
                key: String::new(),
                found: k.found,
                closed: k.closed,
                due: k.due,
                closed_on_time: k.closed_on_time,
                on_time_rate_pct: k.on_time_rate_pct.clone(),
                open: k.open,
                overdue_open: k.overdue_open,
                major_open: k.major_open,
            },
        )
    };
    let mut by_area: Vec<Vec<Cell>> =
        kpi::by_group(conn, from, to, KpiGroup::Area)?.iter().map(|g| group_row(g.key.clone(), g)).collect();
    by_area.push(total_row(w(lang, "合计", "Total")));
    let mut by_grade: Vec<Vec<Cell>> = kpi::by_group(conn, from, to, KpiGroup::Grade)?
        .iter()
        .map(|g| group_row(grade_label(&g.key, lang), g))
        .collect();
    by_grade.push(total_row(w(lang, "合计", "Total")));
    let group_table = |title: &str, sheet: &str, first: (&str, &str), rows| Table {
        title: title.into(),
        subtitle: vec![plant.clone(), period.clone()],
        sheet_name: sheet.into(),
        columns: kpi_columns(first.0, first.1, lang),
        rows,
        footer: on_time_note(lang),
    };
    Ok(vec![
        totals,
        group_table(
            w(lang, "隐患指标（按区域）", "Hazard KPIs by area"),
            w(lang, "按区域", "By area"),
            ("区域", "Area"),
            by_area,
        ),
        group_table(
            w(lang, "隐患指标（按风险等级）", "Hazard KPIs by risk grade"),
            w(lang, "按风险等级", "By grade"),
            ("风险等级", "Risk grade"),
            by_grade,
        ),
    ])
}

fn w_owned(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The tables of `what` on the plant-local `today`; `me` is the signed-in user's id (my tasks).
pub fn tables(conn: &Connection, what: &HazardExport, me: &str, lang: Lang, today: NaiveDate) -> Result<Vec<Table>> {
    match what {
        HazardExport::List { query } => {
            let list = hazard::list(conn, query, today)?;
            let title = w(lang, "隐患排查治理台账", "Hazard register").to_string();
            let lines = query_words(query, lang).into_iter().collect();
            Ok(vec![list_table(conn, title, w(lang, "隐患清单", "Hazards"), lines, &list, today, lang)?])
        }
        HazardExport::MyTasks => {
            let name: String = conn
                .query_row("SELECT display_name FROM app_user WHERE id = ?1", [me], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::invalid("user", crate::msg::hazards::no_signed_user()))?;
            let q = HazardQuery { assignee: Some(me.to_string()), open_only: true, ..Default::default() };
            let list = hazard::list(conn, &q, today)?;
            let line = match lang {
                Lang::Zh => format!("责任人：{name}（未销号）"),
                Lang::En => format!("Responsible person: {name} (open)"),
            };
            let title = w(lang, "我的整改任务", "My rectification tasks").to_string();
            Ok(vec![list_table(conn, title, w(lang, "我的任务", "My tasks"), vec![line], &list, today, lang)?])
        }
        HazardExport::Calendar { month } => {
            let (first, last) = month_days(month)?;
            let q = HazardQuery {
                deadline_from: Some(first.to_string()),
                deadline_to: Some(last.to_string()),
                ..Default::default()
            };
            let list = hazard::list(conn, &q, today)?;
            let (title, line) = match lang {
                Lang::Zh => (
                    format!("隐患整改期限日历（{}年{}月）", first.year(), first.month()),
                    format!("整改期限在 {first} 至 {last} 之间"),
                ),
                Lang::En => (format!("Hazard deadlines {month}"), format!("Deadline from {first} to {last}")),
            };
            let sheet = format!("{} {}", w(lang, "期限", "Deadlines"), month.trim());
            Ok(vec![list_table(conn, title, &sheet, vec![line], &list, today, lang)?])
        }
        HazardExport::Kpi { from, to } => {
            kpi_tables(conn, time::parse_date("from", from.trim())?, time::parse_date("to", to.trim())?, lang)
        }
    }
}

/// `what` as an xlsx workbook.
pub fn xlsx(conn: &Connection, what: &HazardExport, me: &str, lang: Lang, today: NaiveDate) -> Result<Vec<u8>> {
    crate::docs::tables_to_xlsx(&tables(conn, what, me, lang, today)?)
}

/// The file name of an export: `hazards-list_SZ01_2026-03-10_zh.xlsx`,
/// `hazards-calendar_SZ01_2026-03_zh.xlsx`, `hazards-kpi_SZ01_2026-03-01_2026-03-31_en.xlsx`.
pub fn file_name(plant_code: &str, what: &HazardExport, lang: Lang, today: NaiveDate) -> String {
    let safe = |s: &str| -> String {
        s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(40).collect()
    };
    let code = safe(plant_code);
    let part = match what {
        HazardExport::List { .. } => format!("list_{code}_{today}"),
        HazardExport::MyTasks => format!("tasks_{code}_{today}"),
        HazardExport::Calendar { month } => format!("calendar_{code}_{}", safe(month)),
        HazardExport::Kpi { from, to } => format!("kpi_{code}_{}_{}", safe(from), safe(to)),
    };
    format!("hazards-{part}_{lang}.xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed_become_numeric_cells() {
        assert_eq!(decimal("6"), Cell::Int(6));
        assert_eq!(decimal("0.5"), Cell::Decimal { text: "0.5".into(), decimals: 1 });
        assert_eq!(decimal("25.2"), Cell::Decimal { text: "25.2".into(), decimals: 1 });
        assert_eq!(decimal("x"), Cell::Text("x".into()));
    }

    #[test]
    fn file_names_are_plain_ascii() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let q = HazardExport::List { query: HazardQuery::default() };
        assert_eq!(file_name("SZ/01", &q, Lang::Zh, today), "hazards-list_SZ01_2026-03-10_zh.xlsx");
        let c = HazardExport::Calendar { month: "2026-03".into() };
        assert_eq!(file_name("SZ01", &c, Lang::En, today), "hazards-calendar_SZ01_2026-03_en.xlsx");
        let k = HazardExport::Kpi { from: "2026-03-01".into(), to: "../2026-03-31".into() };
        assert_eq!(file_name("SZ01", &k, Lang::Zh, today), "hazards-kpi_SZ01_2026-03-01_2026-03-31_zh.xlsx");
    }
}
