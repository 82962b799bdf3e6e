//! A4-portrait pages filled from the top: the [`Flow`] the form-like documents share (the
//! 隐患整改通知书, the inspection round report) — a heading, label/value rows one or two pairs
//! wide, wrapped paragraphs, photos two per row with captions — breaking onto a new page
//! (with the document's continued title) when the next block does not fit.

use super::layout::{Canvas, Style, GREY_TEXT, HEADER_FILL};
use super::{Align, DocPhoto};

pub(crate) const PAGE_W: f32 = 210.0;
pub(crate) const PAGE_H: f32 = 297.0;
pub(crate) const MARGIN: f32 = 15.0;
pub(crate) const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
pub(crate) const BOTTOM: f32 = PAGE_H - 16.0;
/// Width of a label cell, mm.
pub(crate) const LABEL_W: f32 = 30.0;
/// Cell padding, mm.
pub(crate) const PAD: f32 = 1.3;
const PHOTO_GAP: f32 = 6.0;

pub(crate) struct Flow {
    pub c: Canvas,
    pub y: f32,
    pub cont_title: String,
}

impl Flow {
    pub fn new_page(&mut self) {
        self.c.add_page(PAGE_W, PAGE_H);
        let s = Style::new(8.5).color(GREY_TEXT);
        self.c.text(MARGIN, MARGIN, &self.cont_title, s);
        self.y = MARGIN + s.line_mm() + 2.0;
    }

    /// Starts a new page unless `h` mm still fit.
    pub fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    pub fn heading(&mut self, text: &str) {
        let s = Style::new(10.5).bold();
        self.room(s.line_mm() + 12.0);
        self.y += 2.5;
        self.c.text(MARGIN, self.y, text, s);
        self.y += s.line_mm() + 0.8;
    }

    /// A block of label/value rows; each row holds one pair (full width) or two. Returns the
    /// top and height of each row.
    pub fn fields(&mut self, rows: &[Vec<(&str, String)>]) -> Vec<(f32, f32)> {
        let body = Style::new(9.0);
        let mut placed = Vec::with_capacity(rows.len());
        for row in rows {
            let pair_w = WIDTH / row.len().max(1) as f32;
            let value_w = pair_w - LABEL_W;
            let wrapped: Vec<(Vec<String>, Vec<String>)> = row
                .iter()
                .map(|(l, v)| (self.c.wrap(l, body, LABEL_W - 2.0 * PAD), self.c.wrap(v, body, value_w - 2.0 * PAD)))
                .collect();
            let lines = wrapped.iter().map(|(l, v)| l.len().max(v.len())).max().unwrap_or(1).max(1);
            let h = lines as f32 * body.line_mm() + 2.0 * PAD;
            self.room(h.min(BOTTOM - MARGIN - 10.0));
            let y = self.y;
            let mut x = MARGIN;
            for (label, value) in &wrapped {
                self.c.fill_rect(x, y, LABEL_W, h, HEADER_FILL);
                let mut ty = y + (h - label.len() as f32 * body.line_mm()) / 2.0;
                for l in label {
                    self.c.text(x + PAD, ty, l, body);
                    ty += body.line_mm();
                }
                let mut ty = y + PAD;
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
            placed.push((y, h));
            self.y += h;
        }
        placed
    }

    pub fn para(&mut self, text: &str, style: Style) {
        for line in self.c.wrap(text, style, WIDTH) {
            self.room(style.line_mm());
            self.c.text(MARGIN, self.y, &line, style);
            self.y += style.line_mm();
        }
    }

    /// Photos two per row, each fitted into its box (aspect kept) with its caption under it.
    pub fn photos(&mut self, photos: &[DocPhoto], photo_h: f32) {
        let cell_w = (WIDTH - PHOTO_GAP) / 2.0;
        let cap = Style::new(8.5);
        for pair in photos.chunks(2) {
            let cap_lines: Vec<Vec<String>> = pair
                .iter()
                .map(|p| {
                    let mut l = self.c.wrap(&p.caption, cap, cell_w);
                    l.truncate(3);
                    l
                })
                .collect();
            let cap_h = cap_lines.iter().map(Vec::len).max().unwrap_or(0) as f32 * cap.line_mm();
            self.room(photo_h + cap_h + 3.0);
            for (i, (p, lines)) in pair.iter().zip(&cap_lines).enumerate() {
                let x = MARGIN + i as f32 * (cell_w + PHOTO_GAP);
                let (pw, ph) = (p.width_px.max(1) as f32, p.height_px.max(1) as f32);
                let scale = (cell_w / pw).min(photo_h / ph);
                let (w, h) = (pw * scale, ph * scale);
                let (ix, iy) = (x + (cell_w - w) / 2.0, self.y + (photo_h - h) / 2.0);
                self.c.jpeg(&p.jpeg, p.width_px, p.height_px, p.components, ix, iy, w, h);
                self.c.stroke_rect(x, self.y, cell_w, photo_h, 0.4);
                let mut ty = self.y + photo_h + 0.8;
                for l in lines {
                    self.c.text_in(x, cell_w, ty, l, cap, Align::Center);
                    ty += cap.line_mm();
                }
            }
            self.y += photo_h + cap_h + 3.0;
        }
    }
}

pub(crate) fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}
