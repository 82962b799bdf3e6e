//! An inspection round's record (隐患排查记录) built from the store — the round, each item's
//! result and note, the hazards found on it as they stand now with their before photos
//! (downscaled copies, re-hashed on read: a swapped file stops the report) — rendered by
//! [`crate::docs::inspection_report_pdf`]; and the rounds list as a table for the workbook.

use super::hazard::{HazardLevel, HazardStatus};
use super::inspection::{self, ItemOutcome, RoundQuery, RoundSummary, TemplateKind};
use super::notice;
use super::photos::{self, PhotoStage};
use crate::db::Store;
use crate::docs::{
    self, Align, Cell, CheckResult, Column, DocPhoto, InspectionReportDoc, NoticeLec, ReportCheck, ReportFinding, Table,
};
use crate::error::{Error, Result};
use crate::report::Lang;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// A checklist kind in `lang`.
pub fn kind_text(k: TemplateKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (TemplateKind::Daily, Lang::Zh) => "日常检查",
        (TemplateKind::Weekly, Lang::Zh) => "周检",
        (TemplateKind::Special, Lang::Zh) => "专项检查",
        (TemplateKind::Holiday, Lang::Zh) => "节假日前检查",
        (TemplateKind::Seasonal, Lang::Zh) => "季节性检查",
        (TemplateKind::Daily, Lang::En) => "daily",
        (TemplateKind::Weekly, Lang::En) => "weekly",
        (TemplateKind::Special, Lang::En) => "special",
        (TemplateKind::Holiday, Lang::En) => "pre-holiday",
        (TemplateKind::Seasonal, Lang::En) => "seasonal",
    }
}

/// A hazard's status in `lang`, as the round's record prints it.
fn status_text(s: HazardStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (HazardStatus::Registered, Lang::Zh) => "已登记，待指派",
        (HazardStatus::Assigned, Lang::Zh) => "整改中",
        (HazardStatus::Rectified, Lang::Zh) => "已整改，待验收",
        (HazardStatus::Verified, Lang::Zh) => "已验收，待销号",
        (HazardStatus::Closed, Lang::Zh) => "已销号",
        (HazardStatus::Registered, Lang::En) => "registered, not yet assigned",
        (HazardStatus::Assigned, Lang::En) => "being rectified",
        (HazardStatus::Rectified, Lang::En) => "rectified, awaiting verification",
        (HazardStatus::Verified, Lang::En) => "verified, awaiting close-out",
        (HazardStatus::Closed, Lang::En) => "closed out",
    }
}

fn doc_photo(store: &Store, photo_id: &str, caption: String) -> Result<DocPhoto> {
    let jpeg = photos::read(store, photo_id, true)?;
    let reader = image::ImageReader::with_format(std::io::Cursor::new(&jpeg), image::ImageFormat::Jpeg);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| Error::Internal(format!("photo {photo_id}: downscaled copy unreadable: {e}")))?;
    Ok(DocPhoto { jpeg, width_px: w, height_px: h, components: 3, caption })
}

/// The record of round `round_id` as of `now`.
pub fn report_doc(store: &Store, round_id: &str, lang: Lang, now: DateTime<Utc>) -> Result<InspectionReportDoc> {
    let conn = store.conn();
    let plant = crate::plant::require(conn)?;
    let today = crate::plant::today(conn, now)?;
    let d = inspection::round(conn, round_id, today)?;
    let checks = d
        .items
        .iter()
        .map(|i| ReportCheck {
            no: i.no,
            item: i.item.clone(),
            result: match i.result {
                ItemOutcome::Pass => CheckResult::Pass,
                ItemOutcome::Fail => CheckResult::Fail,
                ItemOutcome::Na => CheckResult::NotApplicable,
            },
            note: i.note.clone(),
            hazard: i.hazard_number.clone().unwrap_or_default(),
        })
        .collect();
    let mut findings = Vec::with_capacity(d.findings.len());
    for h in &d.findings {
        let mut pics = Vec::new();
        for p in photos::photos(conn, &h.id)?.into_iter().filter(|p| p.stage == PhotoStage::Before) {
            pics.push(doc_photo(store, &p.id, p.caption)?);
        }
        findings.push(ReportFinding {
            number: h.number.clone(),
            item_no: d.items.iter().find(|i| i.hazard_id.as_deref() == Some(h.id.as_str())).map(|i| i.no),
            area: h.area.clone(),
            location: h.equipment.clone(),
            description: h.description.clone(),
            major: h.level == HazardLevel::Major,
            lec: h.lec.as_ref().map(|l| {
                let (colour_name, colour) = notice::colour(l.colour, lang);
                NoticeLec {
                    l: l.l.clone(),
                    e: l.e.clone(),
                    c: l.c.clone(),
                    d: l.d.clone(),
                    grade: l.grade,
                    colour_name,
                    colour,
                }
            }),
            deadline: h.deadline.clone().unwrap_or_default(),
            status: status_text(h.status, lang).to_string(),
            responsible: h.assignee_name.clone().unwrap_or_default(),
            photos: pics,
        });
    }
    let r = d.round;
    Ok(InspectionReportDoc {
        lang,
        plant_name: plant.name,
        template_name: r.template_name.clone(),
        template_version: r.template_version,
        kind: kind_text(r.kind, lang).to_string(),
        area: r.area.clone(),
        due_on: r.due_on.clone().unwrap_or_default(),
        done_at: r.done_at_local.clone(),
        inspector: r.inspector_name.clone(),
        checks,
        findings,
        printed_on: today.to_string(),
    })
}

/// The record of a round as PDF bytes.
pub fn report_pdf(store: &Store, round_id: &str, lang: Lang, now: DateTime<Utc>) -> Result<Vec<u8>> {
    docs::inspection_report_pdf(&report_doc(store, round_id, lang, now)?)
}

fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

/// The file name of a round's record: `隐患排查记录-冲压车间-2026-03-10-1000.pdf`
/// (`inspection-round-…` in en).
pub fn report_file_name(r: &RoundSummary, lang: Lang) -> String {
    let when: String = r.done_at_local.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
    let when = match when.len() {
        n if n > 10 => format!("{}-{}", &when[..10], &when[10..]),
        _ => when,
    };
    match lang {
        Lang::Zh => format!("隐患排查记录-{}-{}.pdf", safe(&r.area), when),
        Lang::En => format!("inspection-round-{}-{}.pdf", safe(&r.area), when),
    }
}

/// The rounds of `q` as one table (the history's workbook): day and time, checklist and
/// version, kind, area, due day, inspector, the counts and the hazards' numbers.
pub fn rounds_table(conn: &Connection, q: &RoundQuery, lang: Lang) -> Result<Table> {
    let plant = crate::plant::require(conn)?;
    let list = inspection::rounds(conn, &RoundQuery { limit: None, ..q.clone() })?;
    let zh = lang == Lang::Zh;
    let col = |zh_h: &str, en_h: &str, w: f32, a: Align| Column::new(if zh { zh_h } else { en_h }, w, a);
    let columns = vec![
        col("检查时间", "Done at", 30.0, Align::Left),
        col("检查表", "Checklist", 36.0, Align::Left),
        col("版本", "Version", 12.0, Align::Right),
        col("类型", "Kind", 20.0, Align::Left),
        col("区域", "Area", 30.0, Align::Left),
        col("计划日期", "Due on", 22.0, Align::Center),
        col("检查人", "Inspector", 20.0, Align::Left),
        col("项目数", "Items", 14.0, Align::Right),
        col("合格", "Passed", 14.0, Align::Right),
        col("不合格", "Failed", 14.0, Align::Right),
        col("不适用", "N/A", 14.0, Align::Right),
        col("发现隐患", "Hazards found", 44.0, Align::Left),
    ];
    let rows = list
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.done_at_local.clone()),
                Cell::Text(r.template_name.clone()),
                Cell::Int(r.template_version),
                Cell::Text(kind_text(r.kind, lang).into()),
                Cell::Text(r.area.clone()),
                r.due_on.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Text(r.inspector_name.clone()),
                Cell::Int(i64::from(r.items)),
                Cell::Int(i64::from(r.passed)),
                Cell::Int(i64::from(r.failed)),
                Cell::Int(i64::from(r.not_applicable)),
                Cell::Text(r.hazards.join(", ")),
            ]
        })
        .collect();
    let period = match (q.from.as_deref().filter(|s| !s.is_empty()), q.to.as_deref().filter(|s| !s.is_empty())) {
        (None, None) => if zh { "全部" } else { "all" }.to_string(),
        (f, t) => format!("{} – {}", f.unwrap_or("…"), t.unwrap_or("…")),
    };
    let found: usize = list.iter().map(|r| r.hazards.len()).sum();
    Ok(Table {
        title: if zh { "隐患排查（巡检）记录汇总" } else { "Inspection rounds" }.into(),
        subtitle: vec![
            format!("{}：{}", if zh { "单位" } else { "Plant" }, plant.name),
            format!("{}：{period}", if zh { "期间" } else { "Period" }),
        ],
        sheet_name: if zh { "巡检记录" } else { "Rounds" }.into(),
        columns,
        rows,
        footer: vec![if zh {
            format!("共 {} 次检查，发现隐患 {found} 项。", list.len())
        } else {
            format!("{} rounds, {found} hazard(s) found.", list.len())
        }],
    })
}

/// The rounds of `q` as an xlsx workbook.
pub fn rounds_xlsx(conn: &Connection, q: &RoundQuery, lang: Lang) -> Result<Vec<u8>> {
    docs::tables_to_xlsx(&[rounds_table(conn, q, lang)?])
}

/// `巡检记录-SZ01-2026-03-10.xlsx` (`inspection-rounds-…` in en), dated the day exported.
pub fn rounds_file_name(plant_code: &str, today: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("巡检记录-{}-{today}.xlsx", safe(plant_code)),
        Lang::En => format!("inspection-rounds-{}-{today}.xlsx", safe(plant_code)),
    }
}
