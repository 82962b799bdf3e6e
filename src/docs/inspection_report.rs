//! [`inspection_report_pdf`]: the record of one inspection round (隐患排查记录) on A4 portrait,
//! zh or en — the plant, the round (checklist and version, kind, area, due day, when, who), the
//! counts, the checklist with each item's result and note (a failed item tinted, with the number
//! of the hazard it raised; the header row repeated on a new page), then each hazard found with
//! its 一般/重大 level, LEC D with the grade's colour, deadline, status and its before photos two
//! per row, and the signature boxes. Text never goes below [`MIN_PT`].

use super::flow::{or_dash, Flow, BOTTOM, MARGIN, PAD, PAGE_H, PAGE_W, WIDTH};
use super::layout::{Canvas, Style, GREY_TEXT, HEADER_FILL};
use super::{cjk_font, Align, CheckResult, InspectionReportDoc, NoticeLec, ReportCheck, ReportFinding};
use crate::error::{Error, Result};
use crate::report::Lang;

/// The smallest text on the report, in points.
pub(crate) const MIN_PT: f32 = 8.0;
/// Height of a finding's photo box, mm.
const PHOTO_H: f32 = 55.0;
/// The checklist's columns: 序号, item, result, note, hazard number (sum = WIDTH).
const COLS: [f32; 5] = [11.0, 64.0, 19.0, 56.0, 30.0];
const FAIL_FILL: (f32, f32, f32) = (0.99, 0.86, 0.86);
const FAIL_TEXT: (f32, f32, f32) = (0.7, 0.05, 0.05);

/// The report's words in one language.
struct Words {
    title: &'static str,
    plant: &'static str,
    printed: &'static str,
    /// Between a label and its value on the meta lines.
    sep: &'static str,
    checklist: &'static str,
    version: fn(&str, i64) -> String,
    kind: &'static str,
    area: &'static str,
    due_on: &'static str,
    unscheduled: &'static str,
    done_at: &'static str,
    inspector: &'static str,
    outcome: &'static str,
    counts: fn(usize, usize, usize, usize, usize) -> String,
    checks: &'static str,
    head: [&'static str; 5],
    pass: &'static str,
    fail: &'static str,
    na: &'static str,
    findings: fn(usize) -> String,
    none_found: &'static str,
    finding_title: fn(usize, &str, Option<u32>) -> String,
    number: &'static str,
    level: &'static str,
    general: &'static str,
    major: &'static str,
    location: &'static str,
    description: &'static str,
    lec: &'static str,
    lec_text: fn(&NoticeLec) -> String,
    deadline: &'static str,
    not_assigned: &'static str,
    status: &'static str,
    responsible: &'static str,
    no_photos: &'static str,
    sign: [&'static str; 3],
    date_line: &'static str,
    cont: &'static str,
    footer: &'static str,
    page: fn(usize, usize) -> String,
}

const ZH: Words = Words {
    title: "隐患排查（巡检）记录",
    plant: "单位",
    printed: "打印日期",
    sep: "：",
    checklist: "检查表",
    version: |n, v| format!("{n}（第 {v} 版）"),
    kind: "检查类型",
    area: "检查区域",
    due_on: "计划日期",
    unscheduled: "计划外检查",
    done_at: "检查时间",
    inspector: "检查人",
    outcome: "检查结果",
    counts: |n, p, f, na, h| format!("共 {n} 项：合格 {p} 项，不合格 {f} 项，不适用 {na} 项；发现隐患 {h} 项"),
    checks: "检查项目及结果",
    head: ["序号", "检查项目", "结果", "情况说明", "隐患编号"],
    pass: "合格",
    fail: "不合格",
    na: "不适用",
    findings: |n| format!("发现的隐患（{n} 项）"),
    none_found: "本次检查未发现隐患。",
    finding_title: |i, number, item| match item {
        Some(k) => format!("{i}. {number}（第 {k} 项）"),
        None => format!("{i}. {number}"),
    },
    number: "隐患编号",
    level: "隐患等级",
    general: "一般隐患",
    major: "重大隐患",
    location: "区域/部位",
    description: "隐患描述",
    lec: "风险评价（LEC）",
    lec_text: |l| format!("L = {}　E = {}　C = {}　D = {}　{} 级（{}）", l.l, l.e, l.c, l.d, l.grade, l.colour_name),
    deadline: "整改期限",
    not_assigned: "待指派",
    status: "当前状态",
    responsible: "整改责任人",
    no_photos: "（无照片）",
    sign: ["检查人（签字）", "受检区域负责人（签字）", "安全环保部门（签字）"],
    date_line: "日期：______年____月____日",
    cont: "（续）",
    footer: "本记录由 EHS Ledger 生成；隐患的整改、验收与销号见各隐患整改通知书。",
    page: |i, n| format!("第 {i} / {n} 页"),
};

const EN: Words = Words {
    title: "Inspection Round Record",
    plant: "Plant",
    printed: "Printed",
    sep: ": ",
    checklist: "Checklist",
    version: |n, v| format!("{n} (version {v})"),
    kind: "Kind",
    area: "Area",
    due_on: "Due on",
    unscheduled: "unscheduled",
    done_at: "Done at",
    inspector: "Inspector",
    outcome: "Outcome",
    counts: |n, p, f, na, h| format!("{n} items: {p} passed, {f} failed, {na} not applicable; {h} hazard(s) found"),
    checks: "Checklist and results",
    head: ["No.", "Item", "Result", "Note", "Hazard"],
    pass: "Pass",
    fail: "Fail",
    na: "N/A",
    findings: |n| format!("Hazards found ({n})"),
    none_found: "No hazards were found on this round.",
    finding_title: |i, number, item| match item {
        Some(k) => format!("{i}. {number} (item {k})"),
        None => format!("{i}. {number}"),
    },
    number: "Hazard no.",
    level: "Level",
    general: "General hazard",
    major: "Major hazard",
    location: "Area / spot",
    description: "Description",
    lec: "Risk (LEC)",
    lec_text: |l| {
        format!("L = {}   E = {}   C = {}   D = {}   grade {} ({})", l.l, l.e, l.c, l.d, l.grade, l.colour_name)
    },
    deadline: "Deadline",
    not_assigned: "not yet assigned",
    status: "Status",
    responsible: "Responsible",
    no_photos: "(no photos)",
    sign: ["Inspector (signature)", "Area supervisor (signature)", "EHS department (signature)"],
    date_line: "Date: ____-____-____",
    cont: " (continued)",
    footer: "Generated by EHS Ledger; each hazard's rectification and close-out are on its rectification notice.",
    page: |i, n| format!("Page {i} of {n}"),
};

/// The checklist's header row at `f.y`.
fn check_header(f: &mut Flow, w: &Words, s: Style) {
    let h = s.line_mm() + 2.0 * PAD;
    f.c.fill_rect(MARGIN, f.y, WIDTH, h, HEADER_FILL);
    let mut x = MARGIN;
    for (cw, t) in COLS.iter().zip(w.head) {
        f.c.text_in(x + PAD, cw - 2.0 * PAD, f.y + PAD, t, s, Align::Center);
        x += cw;
    }
    grid_lines(&mut f.c, f.y, h);
    f.y += h;
}

fn grid_lines(c: &mut Canvas, y: f32, h: f32) {
    c.line(MARGIN, y, MARGIN + WIDTH, y, 0.4);
    c.line(MARGIN, y + h, MARGIN + WIDTH, y + h, 0.4);
    let mut x = MARGIN;
    c.line(x, y, x, y + h, 0.4);
    for cw in COLS {
        x += cw;
        c.line(x, y, x, y + h, 0.4);
    }
}

/// The checklist, one row per item, the header repeated on each new page.
fn checklist(f: &mut Flow, w: &Words, checks: &[ReportCheck]) {
    let body = Style::new(9.0);
    let head = Style::new(9.0).bold();
    f.room(2.0 * (body.line_mm() + 2.0 * PAD) + 2.0);
    check_header(f, w, head);
    for ch in checks {
        let (word, style) = match ch.result {
            CheckResult::Pass => (w.pass, body),
            CheckResult::Fail => (w.fail, Style::new(9.0).bold().color(FAIL_TEXT)),
            CheckResult::NotApplicable => (w.na, body.color(GREY_TEXT)),
        };
        let cells = [ch.no.to_string(), ch.item.clone(), word.to_string(), ch.note.clone(), ch.hazard.clone()];
        let lines: Vec<Vec<String>> = cells.iter().zip(COLS).map(|(t, cw)| f.c.wrap(t, body, cw - 2.0 * PAD)).collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * body.line_mm() + 2.0 * PAD;
        if f.y + h > BOTTOM {
            f.new_page();
            check_header(f, w, head);
        }
        let mut x = MARGIN;
        for (i, (cell, cw)) in lines.iter().zip(COLS).enumerate() {
            if i == 2 && ch.result == CheckResult::Fail {
                f.c.fill_rect(x, f.y, cw, h, FAIL_FILL);
            }
            let s = if i == 2 { style } else { body };
            let align = if i == 0 || i == 2 { Align::Center } else { Align::Left };
            let mut ty = f.y + PAD;
            for l in cell {
                f.c.text_in(x + PAD, cw - 2.0 * PAD, ty, l, s, align);
                ty += body.line_mm();
            }
            x += cw;
        }
        grid_lines(&mut f.c, f.y, h);
        f.y += h;
    }
}

/// The height a finding keeps together — its title, its rows and its first row of photos —
/// when a page can hold it (an estimate: a long description may wrap further).
fn keep_together(h: &ReportFinding) -> f32 {
    let row = Style::new(9.0).line_mm() + 2.0 * PAD;
    let photos_h = if h.photos.is_empty() { row } else { PHOTO_H + 8.0 };
    (Style::new(10.0).bold().line_mm() + 6.0 * row + photos_h + 4.0).min(BOTTOM - MARGIN - 10.0)
}

fn finding(f: &mut Flow, w: &Words, i: usize, h: &ReportFinding) {
    let title = Style::new(10.0).bold();
    f.room(keep_together(h));
    f.y += 2.0;
    f.c.text(MARGIN, f.y, &(w.finding_title)(i, &h.number, h.item_no), title);
    f.y += title.line_mm() + 0.8;
    let level = if h.major { w.major } else { w.general };
    let place = match (h.area.trim(), h.location.trim()) {
        (a, "") => or_dash(a),
        (a, l) => format!("{a} · {l}"),
    };
    let deadline = if h.deadline.trim().is_empty() { w.not_assigned.to_string() } else { h.deadline.clone() };
    let mut rows = vec![
        vec![(w.number, h.number.clone()), (w.level, level.to_string())],
        vec![(w.location, place)],
        vec![(w.description, or_dash(&h.description))],
    ];
    let lec_row = h.lec.as_ref().map(|l| {
        rows.push(vec![(w.lec, (w.lec_text)(l))]);
        rows.len() - 1
    });
    rows.push(vec![(w.deadline, deadline), (w.status, or_dash(&h.status))]);
    rows.push(vec![(w.responsible, or_dash(&h.responsible))]);
    let placed = f.fields(&rows);
    if let (Some(l), Some(&(y, rh))) = (&h.lec, lec_row.and_then(|k| placed.get(k))) {
        // The grade's colour as a swatch at the end of the LEC row.
        let s = (rh - 2.0 * PAD).max(3.0);
        f.c.fill_rect(MARGIN + WIDTH - PAD - 2.0 * s, y + (rh - s) / 2.0, 2.0 * s, s, l.colour);
        f.c.stroke_rect(MARGIN + WIDTH - PAD - 2.0 * s, y + (rh - s) / 2.0, 2.0 * s, s, 0.3);
    }
    f.y += 1.5;
    if h.photos.is_empty() {
        f.para(w.no_photos, Style::new(9.0).color(GREY_TEXT));
    } else {
        f.photos(&h.photos, PHOTO_H);
    }
}

/// Renders the record of one inspection round as an A4-portrait PDF.
pub fn inspection_report_pdf(r: &InspectionReportDoc) -> Result<Vec<u8>> {
    if r.template_name.trim().is_empty() {
        return Err(Error::invalid("template", crate::msg::docs::round_report_needs_checklist()));
    }
    for (k, h) in r.findings.iter().enumerate() {
        for (i, p) in h.photos.iter().enumerate() {
            if !p.jpeg.starts_with(&[0xFF, 0xD8])
                || p.width_px == 0
                || p.height_px == 0
                || !matches!(p.components, 1 | 3)
            {
                return Err(Error::invalid("photos", crate::msg::docs::hazard_photo_not_baseline(&(k + 1), &(i + 1))));
            }
        }
    }
    let w = match r.lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let label = format!("{} {} {}", r.area, r.template_name, r.done_at);
    let mut c = Canvas::new(&format!("{} {label}", w.title), cjk_font()?);
    c.add_page(PAGE_W, PAGE_H);
    let mut f = Flow { c, y: MARGIN, cont_title: format!("{}{}　{label}", w.title, w.cont) };

    let title = Style::new(18.0).bold();
    f.c.text_in(MARGIN, WIDTH, f.y, w.title, title, Align::Center);
    f.y += title.line_mm() + 2.0;
    let meta = Style::new(10.0);
    f.c.text(MARGIN, f.y, &format!("{}{}{}", w.plant, w.sep, or_dash(&r.plant_name)), meta);
    let printed = format!("{}{}{}", w.printed, w.sep, or_dash(&r.printed_on));
    f.c.text_in(MARGIN, WIDTH, f.y, &printed, meta, Align::Right);
    f.y += meta.line_mm() + 1.5;

    let count = |x: CheckResult| r.checks.iter().filter(|c| c.result == x).count();
    let due = if r.due_on.trim().is_empty() { w.unscheduled.to_string() } else { r.due_on.clone() };
    f.fields(&[
        vec![(w.checklist, (w.version)(&r.template_name, r.template_version)), (w.kind, or_dash(&r.kind))],
        vec![(w.area, or_dash(&r.area)), (w.due_on, due)],
        vec![(w.done_at, or_dash(&r.done_at)), (w.inspector, or_dash(&r.inspector))],
        vec![(
            w.outcome,
            (w.counts)(
                r.checks.len(),
                count(CheckResult::Pass),
                count(CheckResult::Fail),
                count(CheckResult::NotApplicable),
                r.findings.len(),
            ),
        )],
    ]);

    f.heading(w.checks);
    checklist(&mut f, w, &r.checks);

    // The heading goes with the first finding.
    if let Some(first) = r.findings.first() {
        f.room(Style::new(10.5).line_mm() + 3.3 + keep_together(first));
    }
    f.heading(&(w.findings)(r.findings.len()));
    if r.findings.is_empty() {
        f.para(w.none_found, Style::new(9.5));
    }
    for (i, h) in r.findings.iter().enumerate() {
        finding(&mut f, w, i + 1, h);
    }

    // Signature boxes, kept together; the inspector's name printed in the first.
    let box_h = 22.0;
    f.room(box_h + 8.0);
    f.y += 4.0;
    let gap = 6.0;
    let bw = (WIDTH - 2.0 * gap) / 3.0;
    let s = Style::new(9.0);
    for (i, who) in w.sign.iter().enumerate() {
        let x = MARGIN + i as f32 * (bw + gap);
        f.c.stroke_rect(x, f.y, bw, box_h, 0.6);
        f.c.text(x + 2.0, f.y + 1.5, who, s);
        if i == 0 && !r.inspector.trim().is_empty() {
            f.c.text(x + 2.0, f.y + 1.5 + s.line_mm() + 1.0, &r.inspector, Style::new(9.0).color(GREY_TEXT));
        }
        f.c.text(x + 2.0, f.y + box_h - s.line_mm() - 1.5, w.date_line, s);
    }
    f.y += box_h + 3.0;
    f.para(w.footer, Style::new(MIN_PT).color(GREY_TEXT));
    let page = w.page;
    f.c.number_pages_with(6.0, Style::new(MIN_PT).color(GREY_TEXT), &|i, total| page(i, total));
    f.c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::test_support::{cleanup, pdfinfo_pages, pdftotext, tmp_pdf};
    use crate::docs::DocPhoto;
    use std::process::Command;

    fn photo(w: u32, h: u32, caption: &str) -> DocPhoto {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(&img).unwrap();
        DocPhoto { jpeg, width_px: w, height_px: h, components: 3, caption: caption.into() }
    }

    fn check(no: u32, item: &str, result: CheckResult, note: &str, hazard: &str) -> ReportCheck {
        ReportCheck { no, item: item.into(), result, note: note.into(), hazard: hazard.into() }
    }

    pub fn sample(lang: Lang, extra_items: usize) -> InspectionReportDoc {
        let mut checks = vec![
            check(1, "消防通道畅通，无物料堆放", CheckResult::Fail, "2 号门内侧堆放纸箱约 3 m³", "YH-20260310-001"),
            check(2, "灭火器在有效期内，压力表指针在绿区", CheckResult::Pass, "", ""),
            check(3, "电气柜门关闭，无裸露带电部位", CheckResult::Fail, "配电柜 P-3 门锁损坏", "YH-20260310-002"),
            check(4, "叉车充电区通风良好", CheckResult::NotApplicable, "本周叉车外修", ""),
        ];
        for k in 0..extra_items {
            checks.push(check(5 + k as u32, "安全出口指示灯完好，应急照明可用", CheckResult::Pass, "", ""));
        }
        InspectionReportDoc {
            lang,
            plant_name: "示范化工有限公司".into(),
            template_name: "车间周检".into(),
            template_version: 2,
            kind: if lang == Lang::Zh { "周检" } else { "weekly" }.into(),
            area: "冲压车间".into(),
            due_on: "2026-03-09".into(),
            done_at: "2026-03-10 10:00".into(),
            inspector: "张三".into(),
            checks,
            findings: vec![
                ReportFinding {
                    number: "YH-20260310-001".into(),
                    item_no: Some(1),
                    area: "冲压车间".into(),
                    location: "2 号门".into(),
                    description: "消防通道畅通，无物料堆放：2 号门内侧堆放纸箱约 3 m³".into(),
                    major: false,
                    lec: Some(NoticeLec {
                        l: "3".into(),
                        e: "6".into(),
                        c: "7".into(),
                        d: "126".into(),
                        grade: 3,
                        colour_name: if lang == Lang::Zh { "黄色" } else { "yellow" }.into(),
                        colour: (1.0, 0.85, 0.0),
                    }),
                    deadline: String::new(),
                    status: "已登记".into(),
                    responsible: String::new(),
                    photos: vec![photo(400, 300, "2 号门内侧"), photo(300, 400, "")],
                },
                ReportFinding {
                    number: "YH-20260310-002".into(),
                    item_no: Some(3),
                    area: "冲压车间".into(),
                    location: "配电柜 P-3".into(),
                    description: "配电柜门锁损坏，柜门无法关闭".into(),
                    major: true,
                    lec: None,
                    deadline: "2026-03-12".into(),
                    status: "整改中".into(),
                    responsible: "李四".into(),
                    photos: vec![photo(320, 240, "P-3 柜门")],
                },
            ],
            printed_on: "2026-03-10".into(),
        }
    }

    /// The image XObjects of a PDF per `pdfimages -list` (width × height, type), or None
    /// without poppler.
    fn pdfimages(path: &std::path::Path) -> Option<Vec<(u32, u32, String)>> {
        let out = Command::new("pdfimages").arg("-list").arg(path).output().ok()?;
        assert!(out.status.success(), "pdfimages failed");
        let text = String::from_utf8(out.stdout).unwrap();
        Some(
            text.lines()
                .skip(2)
                .map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    (f[3].parse().unwrap(), f[4].parse().unwrap(), f[8].to_string())
                })
                .collect(),
        )
    }

    /// Guards item 6: the round, every item's result, each finding with its level, D and
    /// status, and its photos embedded as JPEG images — in both languages.
    #[test]
    fn report_has_round_checklist_findings_and_photos() {
        for lang in [Lang::Zh, Lang::En] {
            let pdf = inspection_report_pdf(&sample(lang, 0)).unwrap();
            let path = tmp_pdf(&format!("inspection-report-{lang}"), &pdf);
            if let Some(images) = pdfimages(&path) {
                let mut got: Vec<(u32, u32)> = images.iter().map(|(w, h, _)| (*w, *h)).collect();
                got.sort();
                assert_eq!(got, vec![(300, 400), (320, 240), (400, 300)], "{images:?}");
                assert!(images.iter().all(|(_, _, enc)| enc == "jpeg"), "{images:?}");
            }
            if let Some(text) = pdftotext(&path) {
                let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                for want in ["YH-20260310-001", "YH-20260310-002", "冲压车间", "2026-03-10 10:00", "张三", "126"]
                {
                    assert!(flat.contains(want), "{lang}: {want} missing in {flat}");
                }
                let wants: &[&str] = if lang == Lang::Zh {
                    &[
                        "隐患排查（巡检）记录",
                        "车间周检（第 2 版）",
                        "不合格",
                        "不适用",
                        "重大隐患",
                        "黄色",
                        "整改中",
                        "待指派",
                        "受检区域负责人",
                    ]
                } else {
                    &[
                        "Inspection Round Record",
                        "车间周检 (version 2)",
                        "grade 3 (yellow)",
                        "Fail",
                        "N/A",
                        "Major hazard",
                        "not yet assigned",
                        "(item 3)",
                    ]
                };
                for want in wants {
                    assert!(flat.contains(want), "{lang}: {want} missing in {flat}");
                }
            }
            cleanup(&path);
        }
    }

    /// A long checklist continues on the next page with its header row repeated.
    #[test]
    fn a_long_checklist_breaks_pages_repeating_its_header() {
        let pdf = inspection_report_pdf(&sample(Lang::Zh, 60)).unwrap();
        let path = tmp_pdf("inspection-report-long", &pdf);
        if let Some(pages) = pdfinfo_pages(&path) {
            assert!(pages >= 3, "{pages} pages");
        }
        if let Some(text) = pdftotext(&path) {
            assert!(text.matches("情况说明").count() >= 2, "header repeated");
            assert!(text.contains("（续）"));
        }
        cleanup(&path);
        let mut bad = sample(Lang::En, 0);
        bad.findings[1].photos[0].jpeg = b"not a jpeg".to_vec();
        assert!(matches!(inspection_report_pdf(&bad), Err(Error::Invalid { field: "photos", .. })));
    }
}
