//! [`labels_pdf`]: HJ 1276-2022 hazardous-waste labels (危险废物标签). One label per page and
//! the page is the label's own size, so label printers and pre-cut sticker sheets print 1:1.
//! On the standard's orange-yellow: a "危险废物" header band; a row with the hazard pictograms
//! (one per characteristic, drawn by [`super::pictogram`]) and the QR code (filled squares from
//! the `qrcode` module matrix, on a white quiet zone); then every field with a hanging indent.
//!
//! Text never goes below the label's `min_text_mm` (HJ 1276 §4.3: 3 / 5 / 6 mm by size): the
//! fields start a little larger and shrink at most to that height; what still does not fit
//! continues on a continuation page of the same size (header "危险废物（续）", the 数字识别码
//! repeated, each page numbered), so no field is ever dropped or cut. A label for a container
//! over 450 L is printed twice, each copy saying "相对两侧各贴一张：第 n/2 张".

use qrcode::{EcLevel, QrCode};

use super::layout::{mm_to_pt, Canvas, Style, BLACK, WHITE};
use super::{cjk_font, pictogram, Align, LabelDoc};
use crate::error::{Error, Result};

/// Background of the label: 醒目的橘黄色 (RGB 255, 150, 0).
const ORANGE: (f32, f32, f32) = (1.0, 150.0 / 255.0, 0.0);
/// QR quiet zone, in modules.
const QUIET: usize = 2;
/// Line advance as a multiple of the text height (the em).
const LINE: f32 = 1.15;
/// What a field with nothing recorded prints.
const NOT_RECORDED: &str = "未记录";

/// Renders one page per label (plus continuation pages when the fields need them), each page
/// `label.size` millimetres, `label.copies` times.
pub fn labels_pdf(labels: &[LabelDoc]) -> Result<Vec<u8>> {
    if labels.is_empty() {
        return Err(Error::invalid("labels", crate::msg::docs::nothing_print_no_labels()));
    }
    let mut c = Canvas::new("危险废物标签", cjk_font()?);
    for (i, l) in labels.iter().enumerate() {
        let which = || format!("label {} ({})", i + 1, l.label_id);
        let (w, h) = l.size;
        if !(50.0..=600.0).contains(&w) || !(50.0..=600.0).contains(&h) {
            return Err(Error::invalid("size", crate::msg::docs::size_mm_outside_50(&which(), &w, &h)));
        }
        if !(1.0..=20.0).contains(&l.min_text_mm) || l.min_text_mm * 25.0 > w.min(h) {
            return Err(Error::invalid(
                "min_text_mm",
                crate::msg::docs::minimum_text_height_mm(&which(), &l.min_text_mm, &w, &h),
            ));
        }
        if !(1..=2).contains(&l.copies) {
            return Err(Error::invalid("copies", crate::msg::docs::copies_1_2_two(&which(), &l.copies)));
        }
        if l.qr_payload.is_empty() {
            return Err(Error::invalid("qr_payload", crate::msg::docs::has_no_qr_payload(&which())));
        }
        let qr = QrCode::with_error_correction_level(l.qr_payload.as_bytes(), EcLevel::M)
            .map_err(|e| Error::invalid("qr_payload", crate::msg::docs::cannot_encode_qr_code(&which(), &e)))?;
        let plan = plan(&c, l);
        for copy in 1..=l.copies {
            draw(&mut c, l, &qr, &plan, copy);
        }
    }
    c.finish()
}

/// Text placed by the layout, drawn once the pages are planned.
struct Placed {
    x: f32,
    y: f32,
    text: String,
    style: Style,
}

/// The fixed geometry of one label at text height `em` (mm).
struct Geo {
    w: f32,
    h: f32,
    m: f32,
    band: f32,
    inner: f32,
    /// Top of the pictogram / QR row, the QR side and left edge, the pictogram side.
    row_top: f32,
    q: f32,
    qx: f32,
    d: f32,
    /// Where the fields start on the first page and on a continuation page; their lowest y.
    first_top: f32,
    cont_top: f32,
    bottom: f32,
}

fn geo(l: &LabelDoc, em: f32, footer: bool) -> Geo {
    let (w, h) = l.size;
    let side = w.min(h);
    let m = (side * 0.04).max(2.5);
    let band = (side * 0.08).max(l.min_text_mm * 2.0);
    let inner = w - 2.0 * m;
    let row_top = m + band + m * 0.5;
    let q = side * 0.2;
    let qx = w - m - q;
    let lh = em * LINE;
    let n = l.pictograms.len().max(1) as f32;
    let gap = m * 0.6;
    let area = qx - m - gap;
    let d = (side * 0.2).min((area - (n - 1.0) * gap) / n).min(q - 2.0 * lh).max(em * 2.0);
    let row_h = q.max(lh + d * 1.02 + lh);
    Geo {
        w,
        h,
        m,
        band,
        inner,
        row_top,
        q,
        qx,
        d,
        first_top: row_top + row_h + m * 0.5,
        cont_top: m + band + m * 0.5 + lh + m * 0.5,
        bottom: h - m - if footer { lh + m * 0.3 } else { 0.0 },
    }
}

/// One row of fields: a field alone, or two short ones side by side.
enum Row {
    One(&'static str, String),
    Pair((&'static str, String), (&'static str, String)),
}

fn rows(l: &LabelDoc) -> Vec<Row> {
    let opt =
        |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(NOT_RECORDED).to_string();
    vec![
        Row::One("废物名称", l.name.clone()),
        Row::Pair(("废物类别", l.category.clone()), ("废物代码", l.code.clone())),
        Row::Pair(("废物形态", opt(&l.form)), ("废物重量", format!("{} kg", l.quantity_kg))),
        Row::One("主要成分", opt(&l.main_components)),
        Row::One("有害成分", opt(&l.harmful_components)),
        Row::One("注意事项", opt(&l.precautions)),
        Row::One("数字识别码", l.label_id.clone()),
        Row::One("产生/收集单位", l.producer.clone()),
        Row::One("联系人和联系方式", opt(&l.contact)),
        Row::Pair(("产生日期", l.generated_on.clone()), ("备注", opt(&l.remark))),
    ]
}

/// The planned pages of one label: the text size and each page's field texts.
struct Plan {
    em: f32,
    footer: bool,
    pages: Vec<Vec<Placed>>,
}

/// Lays the fields out at the largest text height from 1.2 × the minimum down to the minimum
/// that fits one page (with the 数字识别码 on one line); at the minimum, what does not fit
/// continues on further pages. The text never goes below the minimum.
fn plan(c: &Canvas, l: &LabelDoc) -> Plan {
    let t = l.min_text_mm;
    let two = l.copies > 1;
    for k in [1.2, 1.1, 1.0] {
        let em = t * k;
        let g = geo(l, em, two);
        let id_fits = c.width_mm(&format!("数字识别码：{}", l.label_id), Style::new(mm_to_pt(em))) <= g.inner;
        let pages = paginate(c, l, &g, em);
        if pages.len() == 1 && id_fits {
            return Plan { em, footer: two, pages };
        }
    }
    let g = geo(l, t, true);
    Plan { em: t, footer: true, pages: paginate(c, l, &g, t) }
}

/// Places the rows from the first page's field top down, opening continuation pages as needed.
/// A field whose lines run onto a new page repeats its name there.
fn paginate(c: &Canvas, l: &LabelDoc, g: &Geo, em: f32) -> Vec<Vec<Placed>> {
    let label_style = Style::new(mm_to_pt(em)).bold();
    let value_style = Style::new(mm_to_pt(em));
    let lh = em * LINE;
    let gap = em * 0.2;
    let x0 = g.m;
    let width = g.inner;
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = g.first_top;
    let one_line =
        |name: &str, value: &str| c.width_mm(&format!("{name}："), label_style) + c.width_mm(value, value_style);
    for row in rows(l) {
        let fields: Vec<(&str, String, f32, f32)> = match row {
            Row::Pair((n1, v1), (n2, v2))
                if one_line(n1, &v1) <= width / 2.0 - em && one_line(n2, &v2) <= width / 2.0 =>
            {
                // Side by side: one line, two fields.
                if y + lh > g.bottom {
                    pages.push(Vec::new());
                    y = g.cont_top;
                }
                let page = pages.last_mut().expect("a page");
                for (i, (n, v)) in [(n1, v1), (n2, v2)].into_iter().enumerate() {
                    let x = x0 + i as f32 * width / 2.0;
                    let label = format!("{n}：");
                    let lw = c.width_mm(&label, label_style);
                    page.push(Placed { x, y, text: label, style: label_style });
                    page.push(Placed { x: x + lw, y, text: v, style: value_style });
                }
                y += lh + gap;
                continue;
            }
            Row::Pair((n1, v1), (n2, v2)) => vec![(n1, v1, x0, width), (n2, v2, x0, width)],
            Row::One(n, v) => vec![(n, v, x0, width)],
        };
        for (name, value, x, w) in fields {
            let label = format!("{name}：");
            let lw = c.width_mm(&label, label_style);
            let lines = c.wrap(&value, value_style, w - lw);
            for (i, line) in lines.into_iter().enumerate() {
                let mut named = i == 0;
                if y + lh > g.bottom {
                    pages.push(Vec::new());
                    y = g.cont_top;
                    named = true;
                }
                let page = pages.last_mut().expect("a page");
                if named {
                    page.push(Placed { x, y, text: label.clone(), style: label_style });
                }
                page.push(Placed { x: x + lw, y, text: line, style: value_style });
                y += lh;
            }
            y += gap;
        }
    }
    pages
}

fn draw(c: &mut Canvas, l: &LabelDoc, qr: &QrCode, plan: &Plan, copy: u8) {
    let em = plan.em;
    let g = geo(l, em, plan.footer);
    let n = plan.pages.len();
    let text = Style::new(mm_to_pt(em));
    for (p, placed) in plan.pages.iter().enumerate() {
        c.add_page(g.w, g.h);
        c.fill_rect(0.0, 0.0, g.w, g.h, ORANGE);
        let side = g.w.min(g.h);
        c.stroke_rect(g.m / 2.0, g.m / 2.0, g.w - g.m, g.h - g.m, (side / 100.0).clamp(0.8, 2.5));
        // Header band.
        let title = if p == 0 { "危险废物" } else { "危险废物（续）" };
        let head =
            Style::new(mm_to_pt(g.band * 0.62).min(mm_to_pt(g.inner * 0.9) / title.chars().count() as f32)).bold();
        c.text_in(g.m, g.inner, g.m + (g.band - head.line_mm()) / 2.0, title, head, Align::Center);
        c.line(g.m / 2.0, g.m + g.band, g.w - g.m / 2.0, g.m + g.band, (side / 120.0).clamp(0.6, 2.0));
        if p == 0 {
            pictograms(c, l, &g, em);
            qr_code(c, qr, g.qx, g.row_top, g.q);
        } else {
            let label = "数字识别码：";
            c.text(g.m, g.m + g.band + g.m * 0.5, label, text.bold());
            let lw = c.width_mm(label, text.bold());
            c.text(g.m + lw, g.m + g.band + g.m * 0.5, &l.label_id, text);
        }
        for t in placed {
            c.text(t.x, t.y, &t.text, t.style);
        }
        if plan.footer {
            let mut parts = Vec::new();
            if l.copies > 1 {
                parts.push(format!("相对两侧各贴一张：第 {copy}/{} 张", l.copies));
            }
            if n > 1 {
                parts.push(format!("本标签共 {n} 页：第 {}/{n} 页", p + 1));
            }
            let y = g.h - g.m - em * LINE;
            c.text_in(g.m, g.inner, y, &parts.join("　"), text, Align::Center);
        }
    }
}

/// The 危险特性 caption and one pictogram per characteristic (or the characteristics as text
/// when there is none to draw).
fn pictograms(c: &mut Canvas, l: &LabelDoc, g: &Geo, em: f32) {
    let style = Style::new(mm_to_pt(em));
    c.text(g.m, g.row_top, "危险特性", style.bold());
    let top = g.row_top + em * LINE;
    if l.pictograms.is_empty() {
        let mut y = top;
        for line in c.wrap(&l.characteristics, style, g.qx - 2.0 * g.m) {
            c.text(g.m, y, &line, style);
            y += em * LINE;
        }
        return;
    }
    let gap = g.m * 0.6;
    for (i, &p) in l.pictograms.iter().enumerate() {
        let x = g.m + i as f32 * (g.d + gap);
        pictogram::draw(c, p, x, top, g.d, style);
    }
}

fn qr_code(c: &mut Canvas, qr: &QrCode, qx: f32, top: f32, q: f32) {
    c.fill_rect(qx, top, q, q, WHITE);
    let n = qr.width();
    let module = q / (n + 2 * QUIET) as f32;
    let colors = qr.to_colors();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors.get(row * n + col) == Some(&qrcode::Color::Dark) {
                let start = col;
                while col < n && colors.get(row * n + col) == Some(&qrcode::Color::Dark) {
                    col += 1;
                }
                let x = qx + (QUIET + start) as f32 * module;
                let y = top + (QUIET + row) as f32 * module;
                // A hair of overlap so adjacent rows print without seams.
                c.fill_rect(x, y, (col - start) as f32 * module, module * 1.02, BLACK);
            } else {
                col += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::test_support::{cleanup, pdfinfo_pages, pdftotext, qr_payloads, tmp_pdf};
    use crate::docs::Pictogram;

    pub fn sample(size: (f32, f32)) -> LabelDoc {
        LabelDoc {
            label_id: "91320500MA1XXXXX0Q900249080120260318".chars().chain(['7']).collect(),
            name: "废矿物油与含矿物油废物".into(),
            code: "900-249-08".into(),
            category: "HW08".into(),
            characteristics: "T,I".into(),
            pictograms: vec![Pictogram::Toxic, Pictogram::Flammable],
            form: Some("液态".into()),
            main_components: Some("矿物油、水、少量金属颗粒".into()),
            harmful_components: None,
            precautions: Some("毒性：防止吸入和皮肤接触。\n易燃性：远离火源。".into()),
            producer: "示范化工有限公司".into(),
            contact: Some("李四 0512-12345678".into()),
            generated_on: "2026-03-18".into(),
            quantity_kg: "180.500".into(),
            remark: Some("容器 D-001".into()),
            qr_payload: "https://example.invalid/hw/91320500MA1XXXXX0Q9002490801202603187".into(),
            size,
            min_text_mm: (size.0 / 100.0 * 3.0).min(6.0),
            copies: 1,
        }
    }

    /// The font sizes (pt) of every text run in the PDF, read back from its content streams.
    pub fn font_sizes(pdf: &[u8]) -> Vec<f32> {
        let mut warnings = Vec::new();
        let doc = printpdf::PdfDocument::parse(pdf, &printpdf::PdfParseOptions::default(), &mut warnings).unwrap();
        doc.pages
            .iter()
            .flat_map(|p| p.ops.iter())
            .filter_map(|op| match op {
                printpdf::Op::SetFont { size, .. } => Some(size.0),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn labels_pdf_has_one_page_per_label_and_the_id() {
        let a = sample((100.0, 100.0));
        assert_eq!(a.label_id.chars().count(), 37);
        let b = sample((150.0, 150.0));
        let pdf = labels_pdf(&[a.clone(), b.clone()]).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.len() < 300_000, "{} bytes", pdf.len());
        let path = tmp_pdf("labels", &pdf);
        if let Some(n) = pdfinfo_pages(&path) {
            assert_eq!(n, 2);
        }
        if let Some(text) = pdftotext(&path) {
            assert!(text.contains(&a.label_id), "37-character id missing:\n{text}");
            assert!(text.contains("危险废物"));
            assert!(text.contains("180.500 kg"));
            assert!(text.contains("有害成分：未记录"), "an unrecorded field says so:\n{text}");
            for word in ["毒性", "易燃性"] {
                assert!(text.contains(word), "pictogram word {word} missing:\n{text}");
            }
        }
        // The QR code on each label reads back as its payload (zbar's decoder, not ours).
        if let Some(found) = qr_payloads(&path) {
            assert_eq!(found, [a.qr_payload.clone(), b.qr_payload.clone()]);
        }
        cleanup(&path);
    }

    #[test]
    fn label_text_never_shrinks_below_the_minimum_and_a_long_waste_keeps_every_field() {
        for (side, min_mm) in [(100.0f32, 3.0f32), (150.0, 5.0), (200.0, 6.0)] {
            let mut l = sample((side, side));
            l.min_text_mm = min_mm;
            l.name = "含多种有机溶剂、矿物油、重金属污泥及废过滤介质的混合废物（喷涂线、压铸线与机加工线检修期间集中清理产生）".repeat(2);
            l.main_components = Some(
                "二甲苯、乙酸丁酯、正丁醇、矿物油、乳化液、氧化铝粉尘、铜屑、镍、铬、锌、铅、油漆渣、废过滤棉、废活性炭、废抹布"
                    .repeat(3),
            );
            l.harmful_components = Some("二甲苯、铅、镍、六价铬".into());
            l.precautions = Some(crate::waste::label::precautions_zh(&[
                crate::waste::catalogue::Characteristic::T,
                crate::waste::catalogue::Characteristic::C,
                crate::waste::catalogue::Characteristic::I,
                crate::waste::catalogue::Characteristic::R,
            ]));
            l.pictograms = vec![Pictogram::Toxic, Pictogram::Corrosive, Pictogram::Flammable, Pictogram::Reactive];
            l.remark = Some("容器 D-LONG-001".into());
            let pdf = labels_pdf(std::slice::from_ref(&l)).unwrap();
            let sizes = font_sizes(&pdf);
            let min_pt = mm_to_pt(min_mm);
            assert!(!sizes.is_empty());
            for s in &sizes {
                assert!(
                    *s >= min_pt - 0.01,
                    "{side} mm label: text at {s} pt is below the {min_mm} mm minimum ({min_pt} pt)"
                );
            }
            let path = tmp_pdf(&format!("long-{side}"), &pdf);
            if let Some(n) = pdfinfo_pages(&path) {
                assert!(n >= 2, "{side} mm: a waste this long continues on a second page, got {n}");
            }
            if let Some(text) = pdftotext(&path) {
                let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                for (name, value) in [
                    ("废物名称", l.name.as_str()),
                    ("主要成分", l.main_components.as_deref().unwrap()),
                    ("有害成分", l.harmful_components.as_deref().unwrap()),
                ] {
                    assert!(flat.contains(name), "{side} mm: field {name} missing");
                    // Every character of the value is printed (lines may break anywhere).
                    let printed: usize = value.chars().filter(|c| flat.contains(*c)).count();
                    assert_eq!(printed, value.chars().count(), "{side} mm: part of {name} dropped");
                }
                for name in [
                    "注意事项",
                    "数字识别码",
                    "产生/收集单位",
                    "联系人和联系方式",
                    "产生日期",
                    "废物重量",
                    "备注",
                    "反应性",
                ] {
                    assert!(flat.contains(name), "{side} mm: field {name} missing:\n{text}");
                }
                assert!(flat.contains("危险废物（续）") && flat.contains("第2/"), "{side} mm: continuation marked");
                // The long value is printed whole, in order, across the pages.
                let body: String = flat.replace("主要成分：", "");
                assert!(body.contains(&l.main_components.as_deref().unwrap()[..60]), "{side} mm: value out of order");
            }
            cleanup(&path);
        }
    }

    #[test]
    fn a_label_over_450_litres_prints_twice_and_says_two_sides() {
        let mut l = sample((200.0, 200.0));
        l.min_text_mm = 6.0;
        l.copies = 2;
        let pdf = labels_pdf(&[l.clone()]).unwrap();
        let path = tmp_pdf("two-sides", &pdf);
        if let Some(n) = pdfinfo_pages(&path) {
            assert_eq!(n, 2, "one page per side");
        }
        if let Some(text) = pdftotext(&path) {
            assert!(text.contains("相对两侧各贴一张：第 1/2 张") && text.contains("第 2/2 张"), "{text}");
            assert_eq!(text.matches(&l.label_id).count(), 2);
        }
        cleanup(&path);
    }

    #[test]
    fn every_pictogram_renders_with_its_word() {
        let mut l = sample((150.0, 150.0));
        l.pictograms = vec![
            Pictogram::Toxic,
            Pictogram::Corrosive,
            Pictogram::Flammable,
            Pictogram::Reactive,
            Pictogram::Infectious,
        ];
        let pdf = labels_pdf(&[l]).unwrap();
        let path = tmp_pdf("pictograms", &pdf);
        if let Some(text) = pdftotext(&path) {
            for w in ["毒性", "腐蚀性", "易燃性", "反应性", "感染性"] {
                assert!(text.contains(w), "{w} missing:\n{text}");
            }
        }
        cleanup(&path);
    }

    #[test]
    fn bad_labels_are_refused() {
        assert!(matches!(labels_pdf(&[]), Err(Error::Invalid { field: "labels", .. })));
        assert!(matches!(labels_pdf(&[sample((10.0, 100.0))]), Err(Error::Invalid { field: "size", .. })));
        assert!(matches!(labels_pdf(&[sample((f32::NAN, 100.0))]), Err(Error::Invalid { field: "size", .. })));
        let mut l = sample((100.0, 100.0));
        l.min_text_mm = 0.5;
        assert!(matches!(labels_pdf(&[l]), Err(Error::Invalid { field: "min_text_mm", .. })));
        let mut l = sample((100.0, 100.0));
        l.copies = 3;
        assert!(matches!(labels_pdf(&[l]), Err(Error::Invalid { field: "copies", .. })));
        let mut l = sample((100.0, 100.0));
        l.qr_payload = "x".repeat(5000);
        assert!(matches!(labels_pdf(&[l]), Err(Error::Invalid { field: "qr_payload", .. })));
    }
}
