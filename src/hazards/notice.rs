//! The 隐患整改通知书 (rectification notice) of one hazard, built from the store: the record,
//! its latest assignment (responsible person, department, measures, the 五到位 plan), the
//! deadline after extensions, the before photos (downscaled copies, re-hashed on read: a
//! swapped file stops the notice) and, from the history, the rectification, verification and
//! 销号 with names and dates. Rendered by [`crate::docs::hazard_notice_pdf`].

use super::hazard::{self, HazardEventKind, HazardLevel};
use super::lec::Colour;
use super::photos::{self, PhotoStage};
use crate::db::Store;
use crate::docs::{self, DocPhoto, HazardNoticeDoc, NoticeLec, NoticePlan, NoticeStep};
use crate::error::{Error, Result};
use crate::report::Lang;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// The colour's name in `lang` and its RGB (0–1) as the documents print it.
pub(crate) fn colour(c: Colour, lang: Lang) -> (String, (f32, f32, f32)) {
    let (zh, en, rgb) = match c {
        Colour::Red => ("红色", "red", (0.86, 0.1, 0.1)),
        Colour::Orange => ("橙色", "orange", (1.0, 0.55, 0.0)),
        Colour::Yellow => ("黄色", "yellow", (1.0, 0.85, 0.0)),
        Colour::Blue => ("蓝色", "blue", (0.15, 0.4, 0.85)),
    };
    (if lang == Lang::Zh { zh } else { en }.to_string(), rgb)
}

fn name_of(store: &Store, user: &str) -> Result<String> {
    Ok(store
        .conn()
        .query_row("SELECT display_name FROM app_user WHERE id = ?1", [user], |r| r.get::<_, String>(0))
        .optional()?
        .unwrap_or_else(|| user.to_string()))
}

fn day(at_local: &str) -> String {
    at_local.get(..10).unwrap_or(at_local).to_string()
}

/// The notice of `hazard` (id or number) as of `now`.
pub fn notice_doc(store: &Store, hazard: &str, lang: Lang, now: DateTime<Utc>) -> Result<HazardNoticeDoc> {
    let conn = store.conn();
    let plant = crate::plant::require(conn)?;
    let today = crate::plant::today(conn, now)?;
    let h = hazard::get(conn, hazard, today)?;
    let history = hazard::history(conn, &h.id)?;
    let created_by: String = conn.query_row("SELECT created_by FROM hazard WHERE id = ?1", [&h.id], |r| r.get(0))?;
    let s = |d: &serde_json::Value, k: &str| d.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();

    let assigned = history.iter().rev().find(|e| e.kind == HazardEventKind::Assigned);
    let measures = assigned.map(|e| s(&e.data, "measures")).unwrap_or_default();
    let plan = assigned.and_then(|e| e.data.get("plan").filter(|p| !p.is_null())).map(|p| NoticePlan {
        measures: measures.clone(),
        funds: s(p, "funds"),
        responsible: h.assignee_name.clone().unwrap_or_default(),
        deadline: h.deadline.clone().unwrap_or_default(),
        contingency: s(p, "contingency"),
        goal: s(p, "goal"),
    });
    // The steps after the latest assignment (a failed verification sends it back).
    let since = assigned.map_or(0, |e| e.seq);
    let step = |kind: HazardEventKind| {
        history.iter().rev().find(|e| e.kind == kind && e.seq > since).map(|e| NoticeStep {
            by: e.actor_name.clone(),
            on: day(&e.at_local),
            note: s(&e.data, "note"),
        })
    };

    let mut doc_photos = Vec::new();
    for p in photos::photos(conn, &h.id)?.into_iter().filter(|p| p.stage == PhotoStage::Before) {
        let jpeg = photos::read(store, &p.id, true)?;
        let reader = image::ImageReader::with_format(std::io::Cursor::new(&jpeg), image::ImageFormat::Jpeg);
        let (w, hgt) = reader
            .into_dimensions()
            .map_err(|e| Error::Internal(format!("photo {}: downscaled copy unreadable: {e}", p.id)))?;
        doc_photos.push(DocPhoto { jpeg, width_px: w, height_px: hgt, components: 3, caption: p.caption });
    }

    Ok(HazardNoticeDoc {
        lang,
        number: h.number.clone(),
        plant_name: plant.name,
        department: h.department.clone().unwrap_or_default(),
        responsible: h.assignee_name.clone().unwrap_or_default(),
        found_on: h.local_date.clone(),
        area: h.area.clone(),
        equipment: h.equipment.clone(),
        description: h.description.clone(),
        major: h.level == HazardLevel::Major,
        lec: h.lec.as_ref().map(|l| {
            let (colour_name, colour) = colour(l.colour, lang);
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
        measures,
        deadline: h.deadline.clone().unwrap_or_default(),
        plan,
        photos: doc_photos,
        inspector: name_of(store, &created_by)?,
        issued_on: assigned.map_or_else(|| today.to_string(), |e| day(&e.at_local)),
        rectified: step(HazardEventKind::Rectified),
        verified: step(HazardEventKind::Verified),
        closed: step(HazardEventKind::Closed),
    })
}

/// The notice as PDF bytes.
pub fn notice_pdf(store: &Store, hazard: &str, lang: Lang, now: DateTime<Utc>) -> Result<Vec<u8>> {
    docs::hazard_notice_pdf(&notice_doc(store, hazard, lang, now)?)
}

/// The file name of a notice: `隐患整改通知书-YH-20260310-001.pdf` (`hazard-notice-…` in en).
pub fn notice_file_name(number: &str, lang: Lang) -> String {
    let safe: String = number.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    match lang {
        Lang::Zh => format!("隐患整改通知书-{safe}.pdf"),
        Lang::En => format!("hazard-notice-{safe}.pdf"),
    }
}
