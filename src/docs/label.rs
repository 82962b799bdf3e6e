//! [`labels_pdf`]: HJ 1276-2022 hazardous-waste labels (危险废物标签). One label per page and
//! the page is the label's own size, so label printers and pre-cut sticker sheets print 1:1.
//! Layout scales with the size: a "危险废物" header band, the fields with hanging indents, and
//! the QR code (drawn as filled squares from the `qrcode` module matrix) at the top right on a
//! white quiet zone. The whole label is the standard's orange-yellow; the font shrinks until
//! every field fits.

use qrcode::{EcLevel, QrCode};

use super::layout::{mm_to_pt, pt_to_mm, Canvas, Style, BLACK, WHITE};
use super::{cjk_font, Align, LabelDoc};
use crate::error::{Error, Result};

/// Background of the label: 醒目的橘黄色 (RGB 255, 150, 0).
const ORANGE: (f32, f32, f32) = (1.0, 150.0 / 255.0, 0.0);
/// QR quiet zone, in modules.
const QUIET: usize = 2;

/// Renders one page per label, each page `label.size` millimetres.
pub fn labels_pdf(labels: &[LabelDoc]) -> Result<Vec<u8>> {
    if labels.is_empty() {
        return Err(Error::invalid("labels", "nothing to print: no labels"));
    }
    let mut c = Canvas::new("危险废物标签", cjk_font()?);
    for (i, l) in labels.iter().enumerate() {
        let (w, h) = l.size;
        if !(50.0..=600.0).contains(&w) || !(50.0..=600.0).contains(&h) {
            return Err(Error::invalid(
                "size",
                format!("label {} ({}): size {w} × {h} mm is outside 50–600 mm", i + 1, l.label_id),
            ));
        }
        if l.qr_payload.is_empty() {
            return Err(Error::invalid("qr_payload", format!("label {} ({}) has no QR payload", i + 1, l.label_id)));
        }
        let qr = QrCode::with_error_correction_level(l.qr_payload.as_bytes(), EcLevel::M).map_err(|e| {
            Error::invalid("qr_payload", format!("label {} ({}): cannot encode the QR code: {e}", i + 1, l.label_id))
        })?;
        label(&mut c, l, &qr);
    }
    c.finish()
}

/// Text placed by a layout pass, drawn only once the pass fits.
struct Placed {
    x: f32,
    y: f32,
    text: String,
    style: Style,
}

fn fields(l: &LabelDoc) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("—").to_string();
    vec![
        ("废物名称", l.name.clone()),
        ("废物类别", l.category.clone()),
        ("废物代码", l.code.clone()),
        ("废物形态", opt(&l.form)),
        ("危险特性", l.characteristics.clone()),
        ("主要成分", opt(&l.main_components)),
        ("注意事项", opt(&l.precautions)),
        ("数字识别码", l.label_id.clone()),
        ("产生/收集单位", l.producer.clone()),
        ("联系人和联系方式", opt(&l.contact)),
        ("产生日期", l.generated_on.clone()),
        ("废物重量", format!("{} kg", l.quantity_kg)),
    ]
}

fn label(c: &mut Canvas, l: &LabelDoc, qr: &QrCode) {
    let (w, h) = l.size;
    let side = w.min(h);
    let m = (side * 0.04).max(2.5);
    c.add_page(w, h);
    c.fill_rect(0.0, 0.0, w, h, ORANGE);
    c.stroke_rect(m / 2.0, m / 2.0, w - m, h - m, (side / 100.0).clamp(0.8, 2.5));

    // Header band.
    let band = (h * 0.13).min(w * 0.2);
    let inner = w - 2.0 * m;
    let head_size = mm_to_pt(band * 0.6).min(mm_to_pt(inner * 0.7) / 4.0);
    let head = Style::new(head_size).bold();
    c.text_in(m, inner, m + (band - head.line_mm()) / 2.0, "危险废物", head, Align::Center);
    c.line(m / 2.0, m + band, w - m / 2.0, m + band, (side / 120.0).clamp(0.6, 2.0));

    // QR code, top right under the band.
    let top = m + band + m * 0.6;
    let q = side * 0.3;
    let qx = w - m - q;
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

    // Fields: shrink the font until they fit above the bottom margin.
    let list = fields(l);
    let bottom = h - m;
    let mut size = (side / 100.0 * 9.0).clamp(6.0, 16.0);
    let placed = loop {
        let (placed, end) = layout_fields(c, &list, m, top, inner, qx - m * 0.6, top + q + m * 0.4, size);
        if end <= bottom || size <= 4.5 {
            break placed.into_iter().filter(|p| p.y + p.style.line_mm() <= bottom + 0.5).collect::<Vec<_>>();
        }
        size *= 0.93;
    };
    for p in placed {
        c.text(p.x, p.y, &p.text, p.style);
    }
}

/// Places the fields from `top`: beside the QR code (right edge `narrow_right`) until
/// `qr_bottom`, full width below. Returns the texts and the y where they end.
#[allow(clippy::too_many_arguments)]
fn layout_fields(
    c: &Canvas,
    list: &[(&str, String)],
    x0: f32,
    top: f32,
    inner: f32,
    narrow_right: f32,
    qr_bottom: f32,
    size: f32,
) -> (Vec<Placed>, f32) {
    let label_style = Style::new(size).bold();
    let value_style = Style::new(size);
    let lh = value_style.line_mm();
    let gap = lh * 0.25;
    let mut y = top;
    let mut out = Vec::new();
    for (name, value) in list {
        let right = |y: f32| if y < qr_bottom { narrow_right } else { x0 + inner };
        let label = format!("{name}：");
        let lw = c.width_mm(&label, label_style);
        out.push(Placed { x: x0, y, text: label, style: label_style });
        // Hanging indent after the label; if the value starts beside the QR code but would
        // continue below it, wrap for the narrow width (simple and never overlaps).
        let avail = (right(y) - x0 - lw).max(pt_to_mm(size) * 2.0);
        let lines = c.wrap(value, value_style, avail);
        for line in lines {
            out.push(Placed { x: x0 + lw, y, text: line, style: value_style });
            y += lh;
        }
        y += gap;
    }
    (out, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::test_support::{pdfinfo_pages, pdftotext, qr_payloads, tmp_pdf};

    pub fn sample(size: (f32, f32)) -> LabelDoc {
        LabelDoc {
            label_id: "91320500MA1XXXXX0Q900249080120260318".chars().chain(['7']).collect(),
            name: "废矿物油与含矿物油废物".into(),
            code: "900-249-08".into(),
            category: "HW08".into(),
            characteristics: "毒性（T），易燃性（I）".into(),
            form: Some("液态".into()),
            main_components: Some("矿物油、水、少量金属颗粒".into()),
            precautions: Some("远离火源；防止泄漏；佩戴防护手套和护目镜。".into()),
            producer: "示范化工有限公司".into(),
            contact: Some("李四 0512-12345678".into()),
            generated_on: "2026-03-18".into(),
            quantity_kg: "180.500".into(),
            qr_payload: "https://example.invalid/hw/91320500MA1XXXXX0Q9002490801202603187".into(),
            size,
        }
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
        }
        // The QR code on each label reads back as its payload (zbar's decoder, not ours).
        if let Some(found) = qr_payloads(&path) {
            assert_eq!(found, [a.qr_payload.clone(), b.qr_payload.clone()]);
        }
        crate::docs::test_support::cleanup(&path);
    }

    #[test]
    fn bad_labels_are_refused() {
        assert!(matches!(labels_pdf(&[]), Err(Error::Invalid { field: "labels", .. })));
        assert!(matches!(labels_pdf(&[sample((10.0, 100.0))]), Err(Error::Invalid { field: "size", .. })));
        assert!(matches!(labels_pdf(&[sample((f32::NAN, 100.0))]), Err(Error::Invalid { field: "size", .. })));
        let mut l = sample((100.0, 100.0));
        l.qr_payload = "x".repeat(5000);
        assert!(matches!(labels_pdf(&[l]), Err(Error::Invalid { field: "qr_payload", .. })));
    }
}
