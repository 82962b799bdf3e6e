//! Page drawing shared by the PDF renderers: a [`Canvas`] of pages in millimetres from the
//! top-left corner (PDF's bottom-left points stay in here), text placement and measurement,
//! line wrapping, and a grid table that breaks across pages repeating its header row.
//! Knows nothing about ledgers, manifests or labels.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextRenderingMode, WindingOrder,
};
use printpdf::{DictItem, ExternalStream, ExternalXObject, XObjectTransform};
use std::collections::BTreeMap;

use super::font::Font;
use super::{internal, Align};
use crate::error::Result;

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

pub(crate) fn mm_to_pt(mm: f32) -> f32 {
    mm * PT_PER_MM
}

pub(crate) fn pt_to_mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}

pub const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
pub const GREY_TEXT: (f32, f32, f32) = (0.35, 0.35, 0.35);
pub const HEADER_FILL: (f32, f32, f32) = (0.88, 0.88, 0.88);
pub const WHITE: (f32, f32, f32) = (1.0, 1.0, 1.0);

fn rgb(c: (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

struct Page {
    w_mm: f32,
    h_mm: f32,
    ops: Vec<Op>,
}

/// Pages under construction, all drawing in one font.
pub struct Canvas {
    pub font: &'static Font,
    doc: PdfDocument,
    font_id: FontId,
    pages: Vec<Page>,
}

/// Text style: size in points, colour, and whether to embolden (fill + thin stroke; the
/// bundled font has one weight).
#[derive(Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: (f32, f32, f32),
}

impl Style {
    pub fn new(size: f32) -> Self {
        Style { size, bold: false, color: BLACK }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn color(mut self, c: (f32, f32, f32)) -> Self {
        self.color = c;
        self
    }
    /// Line box height in mm (1.3 × the font size).
    pub fn line_mm(&self) -> f32 {
        pt_to_mm(self.size * 1.3)
    }
}

impl Canvas {
    pub fn new(title: &str, font: &'static Font) -> Self {
        let mut doc = PdfDocument::new(title);
        let font_id = doc.add_font(&font.parsed);
        Canvas { font, doc, font_id, pages: Vec::new() }
    }

    pub fn add_page(&mut self, w_mm: f32, h_mm: f32) {
        self.pages.push(Page { w_mm, h_mm, ops: Vec::new() });
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.add_page(210.0, 297.0);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn point(&mut self, x_mm: f32, y_mm: f32) -> Point {
        let h = self.page().h_mm;
        Point { x: Pt(mm_to_pt(x_mm)), y: Pt(mm_to_pt(h - y_mm)) }
    }

    /// Width of `text` in mm.
    pub fn width_mm(&self, text: &str, style: Style) -> f32 {
        pt_to_mm(self.font.text_width_pt(text, style.size))
    }

    /// Draws one line of text whose line box (height [`Style::line_mm`]) starts at `y_top`.
    pub fn text(&mut self, x_mm: f32, y_top_mm: f32, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        let f = self.font;
        let lh = style.size * 1.3;
        let (asc, desc) = (f.ascent_pt(style.size), f.descent_pt(style.size));
        let baseline_mm = y_top_mm + pt_to_mm((lh - (asc + desc)) / 2.0 + asc);
        let pos = self.point(x_mm, baseline_mm);
        let font = PdfFontHandle::External(self.font_id.clone());
        let mut ops = vec![Op::StartTextSection, Op::SetFont { font, size: Pt(style.size) }];
        ops.push(Op::SetFillColor { col: rgb(style.color) });
        if style.bold {
            ops.push(Op::SetOutlineColor { col: rgb(style.color) });
            ops.push(Op::SetOutlineThickness { pt: Pt(style.size * 0.035) });
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
        }
        ops.push(Op::SetTextCursor { pos });
        ops.push(Op::ShowText { items: vec![TextItem::Text(text.to_string())] });
        if style.bold {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
        }
        ops.push(Op::EndTextSection);
        self.page().ops.extend(ops);
    }

    /// One line aligned within `[x, x + w]`.
    pub fn text_in(&mut self, x_mm: f32, w_mm: f32, y_top_mm: f32, text: &str, style: Style, align: Align) {
        let tw = self.width_mm(text, style);
        let x = match align {
            Align::Left => x_mm,
            Align::Right => x_mm + w_mm - tw,
            Align::Center => x_mm + (w_mm - tw) / 2.0,
        };
        self.text(x, y_top_mm, text, style);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        let (p1, p2) = (self.point(x1, y1), self.point(x2, y2));
        let ops = [
            Op::SetOutlineColor { col: rgb(BLACK) },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![LinePoint { p: p1, bezier: false }, LinePoint { p: p2, bezier: false }],
                    is_closed: false,
                },
            },
        ];
        self.page().ops.extend(ops);
    }

    fn rect(&mut self, x: f32, y_top: f32, w: f32, h: f32, mode: PaintMode) -> Op {
        let ll = self.point(x, y_top + h);
        Op::DrawRectangle {
            rectangle: Rect {
                x: ll.x,
                y: ll.y,
                width: Pt(mm_to_pt(w)),
                height: Pt(mm_to_pt(h)),
                mode: Some(mode),
                winding_order: None,
            },
        }
    }

    pub fn fill_rect(&mut self, x: f32, y_top: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        let r = self.rect(x, y_top, w, h, PaintMode::Fill);
        self.page().ops.extend([Op::SetFillColor { col: rgb(color) }, r]);
    }

    pub fn stroke_rect(&mut self, x: f32, y_top: f32, w: f32, h: f32, thickness_pt: f32) {
        let r = self.rect(x, y_top, w, h, PaintMode::Stroke);
        self.page().ops.extend([
            Op::SetOutlineColor { col: rgb(BLACK) },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            r,
        ]);
    }

    /// A closed shape through `points` (mm from the top-left): filled with `fill`, outlined
    /// `stroke_pt` thick in `stroke` when given. A point flagged `true` is a cubic Bézier
    /// control point (two in a row between two plain points), so curves need no extra API.
    pub fn shape(
        &mut self,
        points: &[(f32, f32, bool)],
        fill: Option<(f32, f32, f32)>,
        stroke: Option<((f32, f32, f32), f32)>,
    ) {
        if points.len() < 2 || (fill.is_none() && stroke.is_none()) {
            return;
        }
        let pts: Vec<LinePoint> =
            points.iter().map(|&(x, y, bezier)| LinePoint { p: self.point(x, y), bezier }).collect();
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            _ => PaintMode::Stroke,
        };
        let mut ops = Vec::with_capacity(4);
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: rgb(f) });
        }
        if let Some((c, t)) = stroke {
            ops.push(Op::SetOutlineColor { col: rgb(c) });
            ops.push(Op::SetOutlineThickness { pt: Pt(t) });
        }
        ops.push(Op::DrawPolygon {
            polygon: Polygon { rings: vec![PolygonRing { points: pts }], mode, winding_order: WindingOrder::NonZero },
        });
        self.page().ops.extend(ops);
    }

    /// Places a baseline JPEG (`components` 3 = RGB, 1 = grey) of `w_px` × `h_px` into the box
    /// at (`x`, `y_top`) of `w` × `h` mm. The JPEG bytes are embedded as they are (DCTDecode):
    /// no decoding, no re-compression, so a photo costs its file size.
    #[allow(clippy::too_many_arguments)] // the image and its box
    pub fn jpeg(&mut self, jpeg: &[u8], w_px: u32, h_px: u32, components: u8, x: f32, y_top: f32, w: f32, h: f32) {
        let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
        let mut dict = BTreeMap::new();
        dict.insert("Type".to_string(), name("XObject"));
        dict.insert("Subtype".to_string(), name("Image"));
        dict.insert("Width".to_string(), DictItem::Int(i64::from(w_px)));
        dict.insert("Height".to_string(), DictItem::Int(i64::from(h_px)));
        dict.insert("ColorSpace".to_string(), name(if components == 1 { "DeviceGray" } else { "DeviceRGB" }));
        dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
        dict.insert("Filter".to_string(), name("DCTDecode"));
        let xobj = ExternalXObject {
            stream: ExternalStream { dict, content: jpeg.to_vec(), compress: false },
            width: None,
            height: None,
            dpi: None,
        };
        let id = self.doc.add_xobject(&xobj);
        let ll = self.point(x, y_top + h);
        let transform = XObjectTransform {
            translate_x: Some(ll.x),
            translate_y: Some(ll.y),
            scale_x: Some(mm_to_pt(w)),
            scale_y: Some(mm_to_pt(h)),
            ..XObjectTransform::default()
        };
        self.page().ops.push(Op::UseXobject { id, transform });
    }

    /// A filled circle (four Bézier quarter arcs).
    pub fn fill_circle(&mut self, cx: f32, cy: f32, r: f32, color: (f32, f32, f32)) {
        let pts = circle_points(cx, cy, r);
        self.shape(&pts, Some(color), None);
    }

    /// A line in any colour with round-ish ends (a thin filled quadrilateral would do too, but a
    /// stroked line keeps the op count low).
    pub fn line_color(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32, color: (f32, f32, f32)) {
        let (p1, p2) = (self.point(x1, y1), self.point(x2, y2));
        let ops = [
            Op::SetOutlineColor { col: rgb(color) },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![LinePoint { p: p1, bezier: false }, LinePoint { p: p2, bezier: false }],
                    is_closed: false,
                },
            },
        ];
        self.page().ops.extend(ops);
    }

    /// Breaks `text` into lines no wider than `max_w_mm`: at explicit newlines, at spaces between
    /// Latin words, and between any two CJK characters (not before closing punctuation). A word
    /// wider than the line is cut by characters.
    pub fn wrap(&self, text: &str, style: Style, max_w_mm: f32) -> Vec<String> {
        let max_pt = mm_to_pt(max_w_mm.max(1.0));
        let f = self.font;
        let mut out = Vec::new();
        for para in text.split('\n') {
            let para = para.trim_end_matches('\r');
            let mut line = Filling::default();
            for ch in para.chars() {
                let cw = f.char_width_pt(ch, style.size);
                if line.width + cw > max_pt && !line.text.is_empty() {
                    if ch == ' ' {
                        out.push(line.text.trim_end().to_string());
                        line = Filling::default();
                        continue;
                    }
                    // The last allowed break: not at the end when `ch` may not start a line.
                    let at =
                        line.breaks.iter().rev().copied().find(|&b| b > 0 && (b < line.text.len() || !is_closing(ch)));
                    let tail = match at {
                        Some(b) => {
                            let tail = line.text[b..].trim_start().to_string();
                            out.push(line.text[..b].trim_end().to_string());
                            tail
                        }
                        None => {
                            out.push(std::mem::take(&mut line.text));
                            String::new()
                        }
                    };
                    line = Filling::default();
                    for t in tail.chars() {
                        line.push(t, f.char_width_pt(t, style.size));
                    }
                    // The carried-over tail may itself still be too wide with `ch`: cut it.
                    if line.width + cw > max_pt && !line.text.is_empty() {
                        out.push(std::mem::take(&mut line.text));
                        line = Filling::default();
                    }
                }
                if line.text.is_empty() && ch == ' ' && !out.is_empty() {
                    continue; // no leading space on a continuation line
                }
                line.push(ch, cw);
            }
            out.push(line.text);
        }
        out
    }

    /// Appends "第 n / N 页" centred `from_bottom_mm` above the bottom edge of every page.
    pub fn number_pages(&mut self, from_bottom_mm: f32, style: Style) {
        self.number_pages_with(from_bottom_mm, style, &|i, n| format!("第 {i} / {n} 页"));
    }

    /// Appends `label(n, N)` centred `from_bottom_mm` above the bottom edge of every page.
    pub fn number_pages_with(&mut self, from_bottom_mm: f32, style: Style, label: &dyn Fn(usize, usize) -> String) {
        let n = self.pages.len();
        let saved = std::mem::take(&mut self.pages);
        let mut done = Vec::with_capacity(n);
        for (i, p) in saved.into_iter().enumerate() {
            let (w, h) = (p.w_mm, p.h_mm);
            self.pages.push(p);
            let text = label(i + 1, n);
            self.text_in(0.0, w, h - from_bottom_mm - style.line_mm(), &text, style, Align::Center);
            if let Some(p) = self.pages.pop() {
                done.push(p);
            }
        }
        self.pages = done;
    }

    /// Serialises the document with font subsetting.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        let pages: Vec<PdfPage> = self.pages.into_iter().map(|p| PdfPage::new(Mm(p.w_mm), Mm(p.h_mm), p.ops)).collect();
        if pages.is_empty() {
            return Err(internal("pdf", "no pages"));
        }
        let opts = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
        let mut warnings = Vec::new();
        let bytes = self.doc.with_pages(pages).save(&opts, &mut warnings);
        if !bytes.starts_with(b"%PDF") {
            let w: Vec<String> = warnings.iter().take(3).map(|w| w.msg.clone()).collect();
            return Err(internal("pdf", format!("serialisation produced no PDF ({})", w.join("; "))));
        }
        Ok(bytes)
    }
}

/// The points of a circle for [`Canvas::shape`]: four cubic arcs (κ = 0.5523).
pub(crate) fn circle_points(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32, bool)> {
    let k = 0.552_284_8 * r;
    vec![
        (cx + r, cy, false),
        (cx + r, cy + k, true),
        (cx + k, cy + r, true),
        (cx, cy + r, false),
        (cx - k, cy + r, true),
        (cx - r, cy + k, true),
        (cx - r, cy, false),
        (cx - r, cy - k, true),
        (cx - k, cy - r, true),
        (cx, cy - r, false),
        (cx + k, cy - r, true),
        (cx + r, cy - k, true),
        (cx + r, cy, false),
    ]
}

/// A line being filled: its text, width in points, and the byte offsets where it may break.
#[derive(Default)]
struct Filling {
    text: String,
    width: f32,
    breaks: Vec<usize>,
}

impl Filling {
    fn push(&mut self, ch: char, width_pt: f32) {
        // Break before an ideograph unless it is closing punctuation or follows an opening one.
        let after_opening = self.text.chars().next_back().is_some_and(is_opening);
        if breaks_anywhere(ch) && !is_closing(ch) && !after_opening && !self.text.is_empty() {
            self.breaks.push(self.text.len());
        }
        self.text.push(ch);
        self.width += width_pt;
        // Break after a space or slash (not a hyphen: ids like C-2026-00001 stay whole), or after an ideograph (unless opening punctuation).
        if matches!(ch, ' ' | '/') || (breaks_anywhere(ch) && !is_opening(ch)) {
            self.breaks.push(self.text.len());
        }
    }
}

/// Characters between which a line may break without a space (ideographs, kana, CJK and
/// full-width punctuation).
fn breaks_anywhere(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF | 0xAC00..=0xD7AF)
}

/// Punctuation that must not start a line.
fn is_closing(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’…％·．,.;:!?)]}%".contains(c)
}

/// Punctuation that must not end a line.
fn is_opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

/// One column of a [`Grid`].
pub struct GridCol {
    pub width_mm: f32,
    pub align: Align,
}

/// A table drawn row by row from `y`, breaking onto new pages (made by `new_page`, which
/// draws the page chrome and returns where the table may continue) and repeating the header.
pub struct Grid<'a> {
    pub x: f32,
    pub cols: Vec<GridCol>,
    pub header: Vec<String>,
    pub body: Style,
    pub head: Style,
    /// Cell padding in mm.
    pub pad: f32,
    /// The lowest y a row may reach on a page.
    pub bottom: f32,
    /// Where the table continues on a fresh page (what `new_page` returns); rows taller than a
    /// page are cut to fit with "…".
    pub fresh_top: f32,
    pub new_page: &'a mut dyn FnMut(&mut Canvas) -> f32,
}

impl Grid<'_> {
    fn width(&self) -> f32 {
        self.cols.iter().map(|c| c.width_mm).sum()
    }

    fn wrap_row(&self, c: &Canvas, cells: &[String], style: Style, max_lines: usize) -> (Vec<Vec<String>>, f32) {
        let mut lines: Vec<Vec<String>> = Vec::with_capacity(self.cols.len());
        for (i, col) in self.cols.iter().enumerate() {
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            let avail = col.width_mm - 2.0 * self.pad;
            let mut l = c.wrap(text, style, avail);
            if l.len() > max_lines {
                l.truncate(max_lines.max(1));
                if let Some(last) = l.last_mut() {
                    while !last.is_empty() && c.width_mm(&format!("{last}…"), style) > avail {
                        last.pop();
                    }
                    last.push('…');
                }
            }
            lines.push(l);
        }
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (lines, n as f32 * style.line_mm() + 2.0 * self.pad)
    }

    fn draw_row(&self, c: &mut Canvas, y: f32, lines: &[Vec<String>], h: f32, style: Style, header: bool) {
        let w = self.width();
        if header {
            c.fill_rect(self.x, y, w, h, HEADER_FILL);
        }
        let mut x = self.x;
        for (i, col) in self.cols.iter().enumerate() {
            let cell = &lines[i];
            let text_h = cell.len() as f32 * style.line_mm();
            let mut ty = y + (h - text_h) / 2.0;
            let align = if header { Align::Center } else { col.align };
            for l in cell {
                c.text_in(x + self.pad, col.width_mm - 2.0 * self.pad, ty, l, style, align);
                ty += style.line_mm();
            }
            x += col.width_mm;
        }
        // Grid: top and bottom rules, verticals.
        c.line(self.x, y, self.x + w, y, 0.4);
        c.line(self.x, y + h, self.x + w, y + h, 0.4);
        let mut x = self.x;
        c.line(x, y, x, y + h, 0.4);
        for col in &self.cols {
            x += col.width_mm;
            c.line(x, y, x, y + h, 0.4);
        }
    }

    /// Draws the header at `y`, returns the y below it.
    fn draw_header(&self, c: &mut Canvas, y: f32) -> f32 {
        let (lines, h) = self.wrap_row(c, &self.header, self.head, 4);
        self.draw_row(c, y, &lines, h, self.head, true);
        y + h
    }

    /// Draws the header and then every row, calling `each` after each row (false stops with
    /// `Ok(None)`). Returns the y below the table.
    pub fn draw(
        &mut self,
        c: &mut Canvas,
        mut y: f32,
        rows: &mut dyn Iterator<Item = Vec<String>>,
        each: &mut dyn FnMut() -> bool,
    ) -> Result<Option<f32>> {
        let (_, header_h) = self.wrap_row(c, &self.header, self.head, 4);
        let room = self.bottom - self.fresh_top - header_h - 2.0 * self.pad;
        let max_lines = ((room / self.body.line_mm()).floor() as usize).max(1);
        if y + header_h + self.body.line_mm() + 2.0 * self.pad > self.bottom {
            y = (self.new_page)(c);
        }
        y = self.draw_header(c, y);
        for cells in rows {
            let (lines, h) = self.wrap_row(c, &cells, self.body, max_lines);
            if y + h > self.bottom {
                y = (self.new_page)(c);
                y = self.draw_header(c, y);
            }
            self.draw_row(c, y, &lines, h, self.body, false);
            y += h;
            if !each() {
                return Ok(None);
            }
        }
        Ok(Some(y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::cjk_font;

    fn canvas() -> Canvas {
        Canvas::new("t", cjk_font().unwrap())
    }

    #[test]
    fn wrap_breaks_cjk_anywhere_and_latin_at_spaces() {
        let c = canvas();
        let s = Style::new(10.0);
        // 10 pt ideographs are 3.53 mm wide: 5 fit in 18 mm.
        let l = c.wrap("危险废物产生环节记录表", s, 18.0);
        assert_eq!(l, vec!["危险废物产", "生环节记录", "表"]);
        let l = c.wrap("North warehouse bay", s, 25.0);
        assert!(l.iter().all(|x| !x.starts_with(' ') && !x.ends_with(' ')), "{l:?}");
        assert_eq!(l.join(" "), "North warehouse bay");
        for line in &l {
            assert!(c.width_mm(line, s) <= 25.0, "{line} too wide");
        }
        // No line starts with closing punctuation.
        let l = c.wrap("危险废物，产生环节", s, 14.5);
        assert!(l.iter().all(|x| !x.starts_with('，')), "{l:?}");
        // A long word is cut rather than overflowing, and explicit newlines are kept.
        let l = c.wrap("C-2026-000000000000000000000000", s, 20.0);
        assert!(l.len() > 1 && l.iter().all(|x| c.width_mm(x, s) <= 20.0), "{l:?}");
        assert_eq!(c.wrap("甲\n乙", s, 100.0), vec!["甲", "乙"]);
        assert_eq!(c.wrap("", s, 100.0), vec![""]);
    }
}
