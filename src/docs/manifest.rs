//! [`manifest_pdf`]: the plant's local copy of a 危险废物转移联单 on A4 portrait — number and
//! status, the three parties, the waste lines with totals, the confirmation deadline or the
//! receiver's confirmation, notes, and signature boxes. The electronic manifest in the national
//! system stays authoritative; the page says so.

use super::layout::{Canvas, Grid, GridCol, Style, GREY_TEXT, HEADER_FILL};
use super::{cjk_font, kg, Align, ManifestDoc, Party};
use crate::error::{Error, Result};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 15.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_H - 16.0;
const LABEL_W: f32 = 30.0;
const PAD: f32 = 1.3;
const DOC_TITLE: &str = "危险废物转移联单（本地留存副本）";

struct Flow {
    c: Canvas,
    y: f32,
    cont_title: String,
}

impl Flow {
    fn new_page(c: &mut Canvas, cont_title: &str) -> f32 {
        c.add_page(PAGE_W, PAGE_H);
        let s = Style::new(8.5).color(GREY_TEXT);
        c.text(MARGIN, MARGIN, cont_title, s);
        MARGIN + s.line_mm() + 2.0
    }

    /// Starts a new page unless `h` mm still fit.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.y = Flow::new_page(&mut self.c, &self.cont_title);
        }
    }

    fn heading(&mut self, text: &str) {
        let s = Style::new(10.5).bold();
        self.room(s.line_mm() + 12.0); // keep a heading with the start of its block
        self.y += 2.0;
        self.c.text(MARGIN, self.y, text, s);
        self.y += s.line_mm() + 0.8;
    }

    /// A block of label/value rows; each row holds one pair (full width) or two.
    fn fields(&mut self, rows: &[Vec<(&str, String)>]) {
        let body = Style::new(9.0);
        for row in rows {
            let pair_w = WIDTH / row.len().max(1) as f32;
            let value_w = pair_w - LABEL_W;
            let wrapped: Vec<(Vec<String>, Vec<String>)> = row
                .iter()
                .map(|(l, v)| (self.c.wrap(l, body, LABEL_W - 2.0 * PAD), self.c.wrap(v, body, value_w - 2.0 * PAD)))
                .collect();
            let lines = wrapped.iter().map(|(l, v)| l.len().max(v.len())).max().unwrap_or(1).max(1);
            let h = lines as f32 * body.line_mm() + 2.0 * PAD;
            self.room(h);
            let y = self.y;
            let mut x = MARGIN;
            for (label, value) in &wrapped {
                self.c.fill_rect(x, y, LABEL_W, h, HEADER_FILL);
                let mut ty = y + (h - label.len() as f32 * body.line_mm()) / 2.0;
                for l in label {
                    self.c.text(x + PAD, ty, l, body);
                    ty += body.line_mm();
                }
                let mut ty = y + (h - value.len() as f32 * body.line_mm()) / 2.0;
                for v in value {
                    self.c.text(x + LABEL_W + PAD, ty, v, body);
                    ty += body.line_mm();
                }
                self.c.line(x, y, x, y + h, 0.4);
                self.c.line(x + LABEL_W, y, x + LABEL_W, y + h, 0.4);
                x += pair_w;
            }
            self.c.line(MARGIN + WIDTH, y, MARGIN + WIDTH, y + h, 0.4);
            self.c.line(MARGIN, y, MARGIN + WIDTH, y, 0.4);
            self.c.line(MARGIN, y + h, MARGIN + WIDTH, y + h, 0.4);
            self.y += h;
        }
    }

    fn para(&mut self, text: &str, style: Style) {
        for line in self.c.wrap(text, style, WIDTH) {
            self.room(style.line_mm());
            self.c.text(MARGIN, self.y, &line, style);
            self.y += style.line_mm();
        }
    }
}

fn or_blank(v: &Option<String>) -> String {
    match v {
        Some(s) if !s.trim().is_empty() => s.clone(),
        _ => "—".into(),
    }
}

fn party_rows(p: &Party) -> Vec<Vec<(&'static str, String)>> {
    vec![
        vec![("单位名称", p.name.clone())],
        vec![("统一社会信用代码", or_blank(&p.uscc)), ("联系人及电话", or_blank(&p.contact))],
        vec![("地址", or_blank(&p.address))],
    ]
}

/// Renders one manifest as an A4-portrait PDF.
pub fn manifest_pdf(m: &ManifestDoc) -> Result<Vec<u8>> {
    if m.manifest_no.trim().is_empty() {
        return Err(Error::invalid("manifest_no", crate::msg::docs::manifest_needs_number()));
    }
    let mut c = Canvas::new(&format!("危险废物转移联单 {}", m.manifest_no), cjk_font()?);
    c.add_page(PAGE_W, PAGE_H);
    let mut f = Flow { c, y: MARGIN, cont_title: format!("{DOC_TITLE}　联单编号 {}（续）", m.manifest_no) };

    let title = Style::new(16.0).bold();
    f.c.text_in(MARGIN, WIDTH, f.y, DOC_TITLE, title, Align::Center);
    f.y += title.line_mm() + 2.0;
    let meta = Style::new(10.0);
    f.c.text(MARGIN, f.y, &format!("联单编号：{}", m.manifest_no), meta);
    f.c.text_in(MARGIN, WIDTH, f.y, &format!("状态：{}", m.status), meta, Align::Right);
    f.y += meta.line_mm();
    f.c.text(MARGIN, f.y, &format!("转移（发运）时间：{}", m.shipped_at), meta);
    f.y += meta.line_mm() + 1.0;

    f.heading("一、移出人（产生单位）");
    f.fields(&party_rows(&m.consignor));

    f.heading("二、承运人（运输单位）");
    let mut rows = match &m.transporter {
        Some(t) => party_rows(t),
        None => vec![vec![("单位名称", "—（未填写）".to_string())]],
    };
    rows.push(vec![("运输车辆牌号", or_blank(&m.vehicle_plate))]);
    f.fields(&rows);

    f.heading("三、接受人（利用/处置单位）");
    let mut rows = party_rows(&m.receiver);
    rows.insert(1, vec![("经营许可证编号", m.receiver_licence_no.clone())]);
    f.fields(&rows);

    f.heading("四、转移的危险废物");
    let widths = [
        ("废物代码", 21.0, Align::Center),
        ("类别", 12.0, Align::Center),
        ("名称", 30.0, Align::Left),
        ("危险特性", 15.0, Align::Center),
        ("容器", 38.0, Align::Left),
        ("发运量 kg", 20.0, Align::Right),
        ("接收量 kg", 20.0, Align::Right),
        ("利用/处置方式", 24.0, Align::Left),
    ];
    let mut lines: Vec<Vec<String>> = m
        .lines
        .iter()
        .map(|l| {
            let name = match &l.form {
                Some(form) if !form.trim().is_empty() => format!("{}（{}）", l.name, form),
                _ => l.name.clone(),
            };
            let mut containers = l.containers.join("、");
            if let Some(p) = l.package_type.as_ref().filter(|p| !p.trim().is_empty()) {
                containers = if containers.is_empty() { p.clone() } else { format!("{p}：{containers}") };
            }
            vec![
                l.code.clone(),
                l.category.clone(),
                name,
                l.characteristics.clone(),
                containers,
                kg(l.shipped_g),
                l.received_g.map(kg).unwrap_or_default(),
                l.method.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let received_total = m
        .lines
        .iter()
        .try_fold(0i64, |acc, l| l.received_g.and_then(|g| acc.checked_add(g)))
        .filter(|_| !m.lines.is_empty());
    let mut total = vec![String::new(); widths.len()];
    total[0] = "合计".into();
    total[5] = kg(m.total_g);
    total[6] = received_total.map(kg).unwrap_or_default();
    lines.push(total);

    let cont_title = f.cont_title.clone();
    let mut new_page = |c: &mut Canvas| Flow::new_page(c, &cont_title);
    f.room(20.0);
    let mut grid = Grid {
        x: MARGIN,
        cols: widths.iter().map(|w| GridCol { width_mm: w.1, align: w.2 }).collect(),
        header: widths.iter().map(|w| w.0.to_string()).collect(),
        body: Style::new(8.5),
        head: Style::new(8.5).bold(),
        pad: PAD,
        bottom: BOTTOM,
        fresh_top: MARGIN + 8.0,
        new_page: &mut new_page,
    };
    let mut rows = lines.into_iter();
    f.y = grid.draw(&mut f.c, f.y, &mut rows, &mut || true)?.unwrap_or(f.y);
    f.y += 1.5;
    f.para(&format!("转移总量：{} kg（共 {} 项）", kg(m.total_g), m.lines.len()), Style::new(9.5));

    f.heading("五、接收确认");
    let mut rows = vec![vec![("确认期限", m.confirmation_due.clone())]];
    match &m.received {
        Some(r) => {
            rows.push(vec![("接收日期", r.received_on.clone()), ("确认时间", r.confirmed_at.clone())]);
            rows.push(vec![("接收结果", r.outcome.clone())]);
            if let Some(n) = r.note.as_ref().filter(|n| !n.trim().is_empty()) {
                rows.push(vec![("接收说明", n.clone())]);
            }
        }
        None => rows.push(vec![("接收结果", "尚未确认".to_string())]),
    }
    f.fields(&rows);

    if !m.notes.is_empty() {
        f.heading("备注");
        for n in &m.notes {
            f.para(n, Style::new(9.0));
        }
    }

    // Signature boxes: three side by side, kept together on one page.
    let box_h = 24.0;
    f.room(box_h + 8.0);
    f.y += 3.0;
    let gap = 6.0;
    let bw = (WIDTH - 2.0 * gap) / 3.0;
    let s = Style::new(9.0);
    for (i, who) in ["移出人（签字/盖章）", "承运人（签字）", "接受人（签字/盖章）"].iter().enumerate()
    {
        let x = MARGIN + i as f32 * (bw + gap);
        f.c.stroke_rect(x, f.y, bw, box_h, 0.6);
        f.c.text(x + 2.0, f.y + 1.5, who, s);
        f.c.text(x + 2.0, f.y + box_h - s.line_mm() - 1.5, "日期：______年____月____日", s);
    }
    f.y += box_h + 3.0;
    f.para(
        "本页为企业本地留存副本，由 EHS Ledger 生成；以全国固体废物管理信息系统中的电子转移联单为准。",
        Style::new(8.0).color(GREY_TEXT),
    );

    f.c.number_pages(6.0, Style::new(8.0).color(GREY_TEXT));
    f.c.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::docs::test_support::{pdfinfo_pages, pdftotext, tmp_pdf};
    use crate::docs::{ManifestLine, ReceivedInfo};

    pub fn sample() -> ManifestDoc {
        let line = |i: i64| ManifestLine {
            code: "900-249-08".into(),
            category: "HW08".into(),
            name: "废矿物油与含矿物油废物".into(),
            characteristics: "T,I".into(),
            form: Some("液态".into()),
            containers: vec![format!("C-2026-{:05}", i), format!("C-2026-{:05}", i + 1)],
            package_type: Some("200L 铁桶".into()),
            shipped_g: 412_500 + i,
            received_g: Some(412_000 + i),
            method: Some("R9 废油再提炼".into()),
        };
        ManifestDoc {
            manifest_no: "2026320500001234".into(),
            status: "已接收".into(),
            consignor: Party {
                name: "示范化工有限公司".into(),
                uscc: Some("91320500MA1XXXXX0Q".into()),
                address: Some("江苏省苏州市工业园区星湖街 1 号".into()),
                contact: Some("李四 0512-12345678".into()),
            },
            transporter: Some(Party { name: "苏州危货运输有限公司".into(), ..Party::default() }),
            vehicle_plate: Some("苏E·12345".into()),
            receiver: Party {
                name: "江苏环保处置有限公司".into(),
                uscc: Some("91320000123456789X".into()),
                address: None,
                contact: Some("王五 13800000000".into()),
            },
            receiver_licence_no: "JS3205OOI123-4".into(),
            shipped_at: "2026-03-18 09:30".into(),
            lines: (0..3).map(line).collect(),
            total_g: 1_237_503,
            confirmation_due: "2026-03-25".into(),
            received: Some(ReceivedInfo {
                received_on: "2026-03-19".into(),
                confirmed_at: "2026-03-19 15:02".into(),
                outcome: "全部接收".into(),
                note: Some("过磅差 0.1%".into()),
            }),
            notes: vec!["随车携带安全技术说明书。".into()],
        }
    }

    #[test]
    fn manifest_pdf_has_number_title_and_lines() {
        let pdf = manifest_pdf(&sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.len() < 300_000, "{} bytes", pdf.len());
        let path = tmp_pdf("manifest", &pdf);
        assert_eq!(pdfinfo_pages(&path).unwrap_or(1), 1);
        if let Some(text) = pdftotext(&path) {
            assert!(text.contains("2026320500001234"), "manifest number missing");
            assert!(text.contains("危险废物转移联单"), "title missing");
            assert!(text.contains("1237.503"), "total missing");
            assert!(text.contains("1236.003"), "received total missing");
            assert!(text.contains("江苏环保处置有限公司"));
        }
        crate::docs::test_support::cleanup(&path);
    }

    #[test]
    fn long_manifest_breaks_pages_and_unconfirmed_says_so() {
        let mut m = sample();
        m.received = None;
        m.transporter = None;
        let l = m.lines[0].clone();
        m.lines = vec![l; 60];
        let pdf = manifest_pdf(&m).unwrap();
        let path = tmp_pdf("manifest-long", &pdf);
        if let Some(n) = pdfinfo_pages(&path) {
            assert!(n >= 2, "{n} pages");
        }
        if let Some(text) = pdftotext(&path) {
            assert!(text.contains("尚未确认"));
            assert!(text.contains("（续）"), "continuation header missing");
        }
        crate::docs::test_support::cleanup(&path);
        m.manifest_no = " ".into();
        assert!(matches!(manifest_pdf(&m), Err(Error::Invalid { field: "manifest_no", .. })));
    }
}
