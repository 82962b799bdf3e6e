//! Inspection rounds above the core (issue 13 items 1 and 6): a round with pass / fail / NA, each
//! failed item registered as a hazard with its location, description, level, LEC and photos in
//! the round's one transaction (a refused photo or LEC writes nothing); unscheduled rounds;
//! the rounds list with its filters and as a workbook read back; the round's record PDF with
//! the checklist, the findings and their photos as JPEG images; and rounds stored before
//! pass/fail/NA (`ok: true|false`) still read.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use ehs_ledger::hazards::hazard::{self, HazardLevel};
use ehs_ledger::hazards::inspection::{
    self, Every, Finding, ItemOutcome, ItemResult, NewRound, NewSchedule, RoundPhoto, RoundQuery, TemplateKind,
};
use ehs_ledger::hazards::inspection_report;
use ehs_ledger::hazards::photos::{self, PhotoStage};
use ehs_ledger::plant::Role;
use ehs_ledger::report::Lang;
use ehs_ledger::{Error, ErrorKind};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap() // 10:00 in Shanghai
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 140]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    out
}

const ITEMS: [&str; 4] = ["消防通道畅通", "灭火器在有效期内", "电气柜门关闭", "叉车充电区通风良好"];

struct Setup {
    p: common::Plant,
    inspector: ehs_ledger::plant::Session,
    template_id: String,
    schedule_id: String,
}

fn setup() -> Setup {
    let mut p = common::plant();
    let inspector = p.add_user("zhang.san", Role::Inspector);
    let admin = p.admin.clone();
    let items: Vec<String> = ITEMS.map(String::from).to_vec();
    let t =
        inspection::save_template(&mut p.store, &admin, "车间周检", TemplateKind::Weekly, &items, None, now()).unwrap();
    let s = inspection::add_schedule(
        &mut p.store,
        &admin,
        &NewSchedule {
            template_id: t.id.clone(),
            area: "冲压车间".into(),
            every: Every::Week,
            start_on: "2026-03-02".into(),
            until_on: None,
            inspector: None,
        },
        now(),
    )
    .unwrap();
    Setup { p, inspector, template_id: t.id, schedule_id: s.id }
}

fn item(n: usize, result: ItemOutcome, note: &str, finding: Option<Finding>) -> ItemResult {
    ItemResult { item: ITEMS[n].into(), result, note: note.into(), finding }
}

fn finding(location: &str, description: &str, level: HazardLevel, lec: Option<[&str; 3]>) -> Finding {
    Finding {
        location: location.into(),
        description: description.into(),
        category: "消防".into(),
        level,
        lec: lec.map(|[l, e, c]| [l.into(), e.into(), c.into()]),
    }
}

fn rows(p: &common::Plant) -> (i64, i64, i64, i64) {
    let c = p.store.conn();
    let n = |t: &str| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).unwrap();
    (n("inspection_round"), n("hazard"), n("hazard_photo"), n("audit_log"))
}

fn results(lec2: [&str; 3]) -> Vec<ItemResult> {
    use ItemOutcome::*;
    vec![
        item(
            0,
            Fail,
            "2 号门内侧堆放纸箱",
            Some(finding("2 号门", "消防通道被纸箱堵塞约 3 m³", HazardLevel::General, Some(["3", "6", "7"]))),
        ),
        item(1, Pass, "", None),
        item(2, Fail, "配电柜 P-3 门锁损坏", Some(finding("配电柜 P-3", "", HazardLevel::Major, Some(lec2)))),
        item(3, Na, "叉车外修", None),
    ]
}

/// Guards item 1: each failed item is a hazard with its own location, description, level and
/// LEC, and its photos, written with the round or not at all.
#[test]
fn failed_items_become_hazards_with_location_lec_and_photos_all_or_nothing() {
    let mut s = setup();
    let photo = |item: usize, bytes: Vec<u8>, caption: &str| RoundPhoto { item, bytes, caption: caption.into() };
    let round = |items: Vec<ItemResult>| NewRound {
        schedule_id: Some(s.schedule_id.clone()),
        due_on: Some("2026-03-09".into()),
        items,
        ..NewRound::default()
    };
    let before = rows(&s.p);
    // A bad LEC on item 3, a photo that is no image, a photo of a passed item, a finding on a
    // passed item: each refused, naming the field and the item, nothing written.
    let e = inspection::record_round(&mut s.p.store, &s.inspector, round(results(["5", "6", "7"])), &[], now())
        .unwrap_err();
    assert!(matches!(&e, Error::Invalid { field: "lec_l", .. } if e.to_string().starts_with("lec_l: item 3")), "{e}");
    let e = inspection::record_round(
        &mut s.p.store,
        &s.inspector,
        round(results(["6", "6", "7"])),
        &[photo(1, jpeg(64, 48), ""), photo(3, b"GIF89a not a photo".to_vec(), "")],
        now(),
    )
    .unwrap_err();
    assert!(matches!(&e, Error::Invalid { field: "file", .. } if e.to_string().contains("item 3")), "{e}");
    let e = inspection::record_round(
        &mut s.p.store,
        &s.inspector,
        round(results(["6", "6", "7"])),
        &[photo(2, jpeg(64, 48), "")],
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("photos"), "{e}");
    let mut on_pass = results(["6", "6", "7"]);
    on_pass[1].finding = Some(Finding::default());
    let e = inspection::record_round(&mut s.p.store, &s.inspector, round(on_pass), &[], now()).unwrap_err();
    assert_eq!(e.field(), Some("finding"), "{e}");
    assert_eq!(rows(&s.p), before, "refusals write nothing");

    let done = inspection::record_round(
        &mut s.p.store,
        &s.inspector,
        round(results(["6", "6", "7"])),
        &[photo(1, jpeg(2000, 1500), "2 号门内侧"), photo(1, jpeg(300, 400), ""), photo(3, jpeg(640, 480), "P-3")],
        now(),
    )
    .unwrap();
    assert_eq!(done.hazards.iter().map(|h| h.item_no).collect::<Vec<_>>(), vec![1, 3]);
    let today = "2026-03-10".parse().unwrap();
    let h1 = hazard::get(s.p.store.conn(), &done.hazards[0].hazard_id, today).unwrap();
    assert_eq!(
        (h1.area.as_str(), h1.equipment.as_str(), h1.description.as_str()),
        ("冲压车间", "2 号门", "消防通道被纸箱堵塞约 3 m³")
    );
    assert_eq!((h1.level, h1.lec.as_ref().map(|l| l.d.as_str())), (HazardLevel::General, Some("126")));
    let h3 = hazard::get(s.p.store.conn(), &done.hazards[1].hazard_id, today).unwrap();
    assert_eq!(h3.description, "电气柜门关闭：配电柜 P-3 门锁损坏", "a blank description is the item and the note");
    assert_eq!((h3.level, h3.lec.as_ref().map(|l| l.grade)), (HazardLevel::Major, Some(2)));
    let p1 = photos::photos(s.p.store.conn(), &h1.id).unwrap();
    assert_eq!(
        p1.iter().map(|p| (p.stage, p.width)).collect::<Vec<_>>(),
        vec![(PhotoStage::Before, 2000), (PhotoStage::Before, 300)]
    );
    assert_eq!(photos::photos(s.p.store.conn(), &h3.id).unwrap().len(), 1);

    // Read back: items, counts, findings; the list and its filters.
    let d = inspection::round(s.p.store.conn(), &done.round_id, today).unwrap();
    assert_eq!((d.round.items, d.round.passed, d.round.failed, d.round.not_applicable), (4, 1, 2, 1));
    assert_eq!(d.items[3].note, "叉车外修");
    assert_eq!(d.items[2].hazard_number.as_deref(), Some(h3.number.as_str()));
    assert_eq!(d.findings.len(), 2);
    assert_eq!(d.round.due_on.as_deref(), Some("2026-03-09"));

    // An unscheduled (special) round of the same checklist elsewhere, all passed.
    use ItemOutcome::Pass;
    let special = inspection::record_round(
        &mut s.p.store,
        &s.inspector,
        NewRound {
            template_id: Some(s.template_id.clone()),
            area: Some("仓库".into()),
            items: (0..4).map(|n| item(n, Pass, "", None)).collect(),
            ..NewRound::default()
        },
        &[],
        now(),
    )
    .unwrap();
    assert!(special.hazards.is_empty());
    let all = inspection::rounds(s.p.store.conn(), &RoundQuery::default()).unwrap();
    assert_eq!(all.len(), 2);
    let only =
        |q: RoundQuery| inspection::rounds(s.p.store.conn(), &q).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(only(RoundQuery { with_findings: true, ..Default::default() }), vec![done.round_id.clone()]);
    assert_eq!(only(RoundQuery { area: Some("仓库".into()), ..Default::default() }), vec![special.round_id.clone()]);
    assert_eq!(only(RoundQuery { from: Some("2026-03-11".into()), ..Default::default() }), Vec::<String>::new());
    assert_eq!(
        inspection::rounds(
            s.p.store.conn(),
            &RoundQuery { from: Some("2026-03-11".into()), to: Some("2026-03-01".into()), ..Default::default() }
        )
        .unwrap_err()
        .field(),
        Some("to")
    );

    let report = ehs_ledger::audit::records::verify_records(s.p.store.conn()).unwrap();
    assert_eq!(report.records_differing, 0, "{:?}", report.first_difference);
    hazard::check(s.p.store.conn()).unwrap();
    photos::check(&s.p.store).unwrap();

    // The round's record: the checklist, both findings with their photos as JPEG images.
    for lang in [Lang::Zh, Lang::En] {
        let pdf = inspection_report::report_pdf(&s.p.store, &done.round_id, lang, now()).unwrap();
        let path = s.p.dir.path().join(inspection_report::report_file_name(&d.round, lang));
        std::fs::write(&path, &pdf).unwrap();
        if let Ok(out) = std::process::Command::new("pdfimages").arg("-list").arg(&path).output() {
            let list = String::from_utf8_lossy(&out.stdout);
            let images: Vec<&str> = list.lines().skip(2).collect();
            assert_eq!(images.len(), 3, "three photos:\n{list}");
            assert!(images.iter().all(|l| l.split_whitespace().nth(8) == Some("jpeg")), "{list}");
            assert!(images.iter().any(|l| l.split_whitespace().nth(3) == Some("1280")), "the downscaled copy:\n{list}");
        }
        if let Ok(out) = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output() {
            let text = String::from_utf8_lossy(&out.stdout);
            let wants: &[&str] = match lang {
                Lang::Zh => &[
                    "隐患排查（巡检）记录",
                    "深圳工厂",
                    "车间周检（第 1 版）",
                    "不合格",
                    "不适用",
                    "重大隐患",
                    "126",
                    "2 号门内侧",
                    "待指派",
                ],
                Lang::En => &["Inspection Round Record", "version 1", "Fail", "N/A", "Major hazard"],
            };
            for want in wants.iter().copied().chain([h1.number.as_str(), h3.number.as_str(), "2026-03-09"]) {
                assert!(text.contains(want), "{lang}: {want} missing:\n{text}");
            }
        }
        if let Some(keep) = std::env::var_os("EHS_DOCS_KEEP") {
            std::fs::write(std::path::Path::new(&keep).join(format!("inspection-round-{lang}.pdf")), &pdf).unwrap();
        }
    }
    assert_eq!(inspection_report::report_file_name(&d.round, Lang::Zh), "隐患排查记录-冲压车间-2026-03-10-1000.pdf");
}

/// Guards the rounds workbook: one row per round with its counts and the hazards' numbers,
/// read back with calamine.
#[test]
fn the_rounds_list_exports_to_xlsx() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut s = setup();
    let done = inspection::record_round(
        &mut s.p.store,
        &s.inspector,
        NewRound {
            schedule_id: Some(s.schedule_id.clone()),
            due_on: Some("2026-03-02".into()),
            items: results(["6", "6", "7"]),
            ..NewRound::default()
        },
        &[],
        now(),
    )
    .unwrap();
    let bytes = inspection_report::rounds_xlsx(s.p.store.conn(), &RoundQuery::default(), Lang::Zh).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("巡检记录").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| if let Data::Float(f) = c { f.to_string() } else { c.to_string() }).collect())
        .collect();
    let header = cells.iter().position(|r| r.first().map(String::as_str) == Some("检查时间")).expect("header row");
    let row = &cells[header + 1];
    let numbers: Vec<String> = done.hazards.iter().map(|h| h.number.clone()).collect();
    assert_eq!(row[0], "2026-03-10 10:00");
    assert_eq!(&row[1..8], &["车间周检", "1", "周检", "冲压车间", "2026-03-02", "zhang.san", "4"]);
    assert_eq!(&row[8..11], &["1", "2", "1"]);
    assert_eq!(row[11], numbers.join(", "));
    assert!(cells.iter().flatten().any(|c| c.contains("共 1 次检查，发现隐患 2 项")));
    assert_eq!(
        inspection_report::rounds_file_name("SZ01", "2026-03-10".parse().unwrap(), Lang::Zh),
        "巡检记录-SZ01-2026-03-10.xlsx"
    );
}

/// Rounds stored before pass/fail/NA kept `ok: true|false` per item: they still list and read.
#[test]
fn rounds_stored_with_ok_flags_still_read() {
    let s = setup();
    let c = s.p.store.conn();
    c.execute(
        "INSERT INTO inspection_round (id, template_id, schedule_id, due_on, area, done_at, local_date, results, created_by)
         VALUES ('r-old', ?1, NULL, NULL, '冲压车间', '2026-03-01T02:00:00Z', '2026-03-01', ?2, ?3)",
        rusqlite::params![
            s.template_id,
            r#"[{"item":"消防通道畅通","ok":false,"note":"堵塞","level":null},{"item":"灭火器在有效期内","ok":true,"note":"","level":null}]"#,
            s.inspector.user_id
        ],
    )
    .unwrap();
    let d = inspection::round(c, "r-old", "2026-03-10".parse().unwrap()).unwrap();
    assert_eq!(d.items.iter().map(|i| i.result).collect::<Vec<_>>(), vec![ItemOutcome::Fail, ItemOutcome::Pass]);
    assert_eq!((d.round.passed, d.round.failed), (1, 1));
    assert_eq!(inspection::round(c, "r-none", "2026-03-10".parse().unwrap()).unwrap_err().kind(), ErrorKind::NotFound);
}
