//! [`report_pdf`]: the plant's management report ([`crate::report::ManagementReport`]) on A4
//! portrait, in Chinese or English — title block (plant, period, days, time zone), open alerts
//! by severity, each area's section (KPI tiles with the previous period, trend charts drawn as
//! vector graphics, tables whose header repeats after a page break), the open alerts and the
//! period's registry figures (for a week: the figures sent to HQ), page numbers.
//!
//! Charts are drawn for print in black and white: grey bars with black outlines (this period's
//! bar dark), a black line with white markers (this period's filled), light grid lines, ticks at
//! round values, the unit on the axis and this period's value written at its bar or point.
//! Masses come in as whole grams and are printed as exact kg text (`1,234.567`); only the axis
//! scale uses floating point. A count chart (hazards) ticks at whole numbers; a chart with an
//! overlay (closed against found) draws it as a line over the bars and names both series with
//! this period's values in a legend. No database, no clock, no I/O.

use super::layout::{Canvas, Grid, GridCol, Style, BLACK, GREY_TEXT, HEADER_FILL, WHITE};
use super::{cjk_font, Align};
use crate::alerts::Severity;
use crate::error::Result;
use crate::indicators::{self, FigureMethod, IndicatorUnit};
use crate::report::{
    alert_kind_label, area_label, severity_label, Block, Chart, ChartKind, ChartUnit, Kpi, Lang, ManagementReport,
    Period, Table, Value,
};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 15.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_H - 16.0;
/// How many open alerts are listed (the counts cover all of them).
const MAX_ALERT_ROWS: usize = 30;

const BAR: (f32, f32, f32) = (0.68, 0.68, 0.68);
const BAR_CURRENT: (f32, f32, f32) = (0.25, 0.25, 0.25);
const GRID: (f32, f32, f32) = (0.82, 0.82, 0.82);

fn w(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Exact kg text with thousands separators: `1234567` g → `1,234.567`.
pub fn kg_text(grams: i64) -> String {
    let sign = if grams < 0 { "-" } else { "" };
    let a = grams.unsigned_abs();
    format!("{sign}{}.{:03}", thousands(a / 1_000), a % 1_000)
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A value as a table cell (units are in the column header).
fn cell(v: &Value, lang: Lang) -> String {
    match v {
        Value::Mass { grams } => kg_text(*grams),
        Value::Count { n } => n.to_string(),
        Value::Days { days } => days.to_string(),
        // litres ÷ 1000 with three decimals: the same exact text as grams → kg
        Value::Volume { litres } => kg_text(*litres),
        Value::Text { text } => text.clone(),
        Value::Label { label } => label.get(lang).to_string(),
        Value::Empty => "—".into(),
    }
}

/// A value with its unit (tiles).
fn with_unit(v: &Value, lang: Lang) -> String {
    match v {
        Value::Mass { grams } => format!("{} kg", kg_text(*grams)),
        Value::Days { days } => format!("{days} {}", w(lang, "天", "days")),
        Value::Volume { litres } => format!("{} m³", kg_text(*litres)),
        other => cell(other, lang),
    }
}

fn number(v: &Value) -> Option<i64> {
    match v {
        Value::Mass { grams } => Some(*grams),
        Value::Count { n } => Some(*n),
        Value::Days { days } => Some(*days),
        Value::Volume { litres } => Some(*litres),
        _ => None,
    }
}

fn period_text(p: Period, lang: Lang) -> String {
    match (p, lang) {
        (Period::Week(wk), Lang::Zh) => format!("{} 年第 {} 周（{wk}）", wk.year(), wk.week()),
        (Period::Week(wk), Lang::En) => format!("week {} of {} ({wk})", wk.week(), wk.year()),
        (Period::Month { year, month }, Lang::Zh) => format!("{year} 年 {month} 月"),
        (Period::Month { year, month }, Lang::En) => {
            const M: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!("{} {year}", M[(month as usize + 11) % 12])
        }
    }
}

struct Flow {
    c: Canvas,
    y: f32,
    lang: Lang,
    running_head: String,
}

impl Flow {
    fn new_page(c: &mut Canvas, head: &str) -> f32 {
        c.add_page(PAGE_W, PAGE_H);
        let s = Style::new(8.0).color(GREY_TEXT);
        c.text(MARGIN, MARGIN - 4.0, head, s);
        c.line_color(
            MARGIN,
            MARGIN - 4.0 + s.line_mm() + 0.8,
            MARGIN + WIDTH,
            MARGIN - 4.0 + s.line_mm() + 0.8,
            0.4,
            GREY_TEXT,
        );
        MARGIN + s.line_mm() + 2.0
    }

    /// Starts a new page unless `h` mm still fit.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.y = Flow::new_page(&mut self.c, &self.running_head);
        }
    }

    fn para(&mut self, text: &str, style: Style, indent: f32) {
        for line in self.c.wrap(text, style, WIDTH - indent) {
            self.room(style.line_mm());
            self.c.text(MARGIN + indent, self.y, &line, style);
            self.y += style.line_mm();
        }
    }

    fn section_heading(&mut self, text: &str) {
        let s = Style::new(13.0).bold();
        self.room(s.line_mm() + 30.0);
        self.y += 3.0;
        self.c.text(MARGIN, self.y, text, s);
        self.y += s.line_mm() + 0.5;
        self.c.line(MARGIN, self.y, MARGIN + WIDTH, self.y, 1.2);
        self.y += 2.5;
    }

    fn sub_heading(&mut self, text: &str, keep_mm: f32) {
        let s = Style::new(10.0).bold();
        self.room(s.line_mm() + keep_mm);
        self.y += 2.0;
        self.para(text, s, 0.0);
        self.y += 0.8;
    }

    /// A boxed notice (provisional period, empty period).
    fn notice(&mut self, text: &str) {
        let s = Style::new(9.5).bold();
        let lines = self.c.wrap(text, s, WIDTH - 6.0);
        let h = lines.len() as f32 * s.line_mm() + 4.0;
        self.room(h + 2.0);
        self.c.stroke_rect(MARGIN, self.y, WIDTH, h, 1.0);
        let mut ty = self.y + 2.0;
        for l in &lines {
            self.c.text(MARGIN + 3.0, ty, l, s);
            ty += s.line_mm();
        }
        self.y += h + 2.5;
    }

    fn kpis(&mut self, tiles: &[Kpi]) {
        const PER_ROW: usize = 3;
        const GAP: f32 = 4.0;
        const H: f32 = 23.0;
        let tw = (WIDTH - GAP * (PER_ROW as f32 - 1.0)) / PER_ROW as f32;
        let lang = self.lang;
        for row in tiles.chunks(PER_ROW) {
            self.room(H + GAP);
            for (i, t) in row.iter().enumerate() {
                let x = MARGIN + i as f32 * (tw + GAP);
                let y = self.y;
                self.c.stroke_rect(x, y, tw, H, 0.6);
                self.c.fill_rect(x, y, 1.6, H, BAR_CURRENT);
                let label = Style::new(8.0).color(GREY_TEXT);
                let lines = self.c.wrap(t.label.get(lang), label, tw - 6.0);
                self.c.text(x + 4.0, y + 1.5, lines.first().map_or("", String::as_str), label);
                let value = with_unit(&t.value, lang);
                let mut vs = Style::new(14.0).bold();
                while self.c.width_mm(&value, vs) > tw - 6.0 && vs.size > 8.0 {
                    vs.size -= 0.5;
                }
                self.c.text(x + 4.0, y + 6.5, &value, vs);
                let small = Style::new(7.0).color(GREY_TEXT);
                let mut ly = y + 14.0;
                if let Some(prev) = &t.previous {
                    let change = match (number(&t.value), number(prev)) {
                        (Some(a), Some(b)) if b != 0 => {
                            let pct = (a - b) as f64 * 100.0 / b.abs() as f64;
                            let sign = if pct > 0.0 { "+" } else { "" };
                            match lang {
                                Lang::Zh => format!("（{sign}{pct:.1}%）"),
                                Lang::En => format!(" ({sign}{pct:.1}%)"),
                            }
                        }
                        _ => String::new(),
                    };
                    let text = format!("{} {}{change}", w(lang, "上期", "Previous"), with_unit(prev, lang));
                    self.c.text(x + 4.0, ly, &text, small);
                    ly += small.line_mm();
                }
                if let Some(h) = &t.hint {
                    self.c.text(x + 4.0, ly, h.get(lang), small);
                }
            }
            self.y += H + GAP;
        }
    }

    fn table(&mut self, t: &Table) -> Result<()> {
        let lang = self.lang;
        self.sub_heading(t.title.get(lang), 14.0);
        if t.rows.is_empty() {
            self.para(t.empty.get(lang), Style::new(9.0).color(GREY_TEXT), 2.0);
        } else {
            let total: f32 = t.columns.iter().map(|c| f32::from(c.width.max(1))).sum();
            let cols: Vec<GridCol> = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| GridCol {
                    width_mm: WIDTH * f32::from(c.width.max(1)) / total,
                    align: if t.rows.iter().any(|r| r.get(i).is_some_and(Value::is_number)) {
                        Align::Right
                    } else {
                        Align::Left
                    },
                })
                .collect();
            let head = self.running_head.clone();
            let mut np = |c: &mut Canvas| Flow::new_page(c, &head);
            let mut grid = Grid {
                x: MARGIN,
                cols,
                header: t.columns.iter().map(|c| c.label.get(lang).to_string()).collect(),
                body: Style::new(8.0),
                head: Style::new(8.0).bold(),
                pad: 1.2,
                bottom: BOTTOM,
                fresh_top: MARGIN + Style::new(8.0).line_mm() + 2.0,
                new_page: &mut np,
            };
            let n = t.columns.len();
            let mut rows =
                t.rows.iter().map(|r| (0..n).map(|i| r.get(i).map(|v| cell(v, lang)).unwrap_or_default()).collect());
            if let Some(y) = grid.draw(&mut self.c, self.y, &mut rows, &mut || true)? {
                self.y = y;
            }
        }
        if let Some(note) = &t.note {
            self.y += 1.0;
            self.para(note.get(lang), Style::new(8.0).color(GREY_TEXT), 0.0);
        }
        self.y += 2.0;
        Ok(())
    }

    fn charts(&mut self, charts: &[Chart], r: &ManagementReport) {
        const GAP: f32 = 6.0;
        const H: f32 = 64.0;
        let cw = (WIDTH - GAP) / 2.0;
        let labels: Vec<&str> = r
            .trend
            .iter()
            .map(|t| if self.lang == Lang::Zh { t.label_zh.as_str() } else { t.label_en.as_str() })
            .collect();
        let range = match (r.trend.first(), r.trend.last()) {
            (Some(a), Some(b)) => format!("{} {} {}", a.period, w(self.lang, "至", "to"), b.period),
            _ => String::new(),
        };
        for pair in charts.chunks(2) {
            self.room(H + 3.0);
            for (i, ch) in pair.iter().enumerate() {
                let x = MARGIN + i as f32 * (cw + GAP);
                draw_chart(&mut self.c, x, self.y, cw, H, ch, &labels, &range, self.lang);
            }
            self.y += H + 3.0;
        }
    }
}

/// Round tick step for an axis reaching `max` with about four intervals.
fn nice_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let f = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|f| *f >= norm - 1e-9).unwrap_or(10.0);
    f * mag
}

fn tick_text(v: f64, step: f64) -> String {
    if step >= 1.0 {
        thousands(v.round() as u64)
    } else {
        let decimals = (-step.log10().floor()) as usize
            + usize::from((step * 10f64.powi(-step.log10().floor() as i32) - 2.5).abs() < 1e-6);
        format!("{v:.decimals$}")
    }
}

/// A chart value with its unit: `1,234.5 kg` (trailing zeros dropped) or `12 项` / `12`.
fn chart_value(v: i64, unit: ChartUnit, lang: Lang) -> String {
    match unit {
        ChartUnit::Mass => kg_text(v).trim_end_matches('0').trim_end_matches('.').to_string() + " kg",
        ChartUnit::Count => match lang {
            Lang::Zh => format!("{v} 项"),
            Lang::En => v.to_string(),
        },
    }
}

#[allow(clippy::too_many_arguments)] // one chart: its box, its data and its words
fn draw_chart(c: &mut Canvas, x: f32, y: f32, cw: f32, h: f32, ch: &Chart, labels: &[&str], range: &str, lang: Lang) {
    let title = Style::new(9.0).bold();
    c.text(x, y, ch.title.get(lang), title);
    let overlay = ch.overlay.as_ref();
    let max_v = ch.values.iter().chain(overlay.map_or(&[][..], |o| &o.values[..])).copied().max().unwrap_or(0).max(0);
    let (div, unit) = match ch.unit {
        // Tonnes from 10 t up, else kg.
        ChartUnit::Mass if max_v >= 10_000_000 => (1_000_000.0, "t"),
        ChartUnit::Mass => (1_000.0, "kg"),
        ChartUnit::Count => (1.0, w(lang, "项", "count")),
    };
    let max = max_v as f64 / div;
    let mut step = if max > 0.0 { nice_step(max) } else { 1.0 };
    if ch.unit == ChartUnit::Count {
        step = step.max(1.0).ceil(); // whole hazards
    }
    let mut top = (max / step).ceil().max(1.0) * step;
    if max > top - step * 0.4 {
        top += step; // headroom for this period's value label
    }
    let axis = Style::new(6.5);
    let (px, pr) = (x + 15.0, x + cw - 2.0);
    let (pt, pb) = (y + title.line_mm() + 5.0, y + h - 10.0);
    c.text(x, pt - axis.line_mm() - 1.0, &format!("({unit})"), axis.color(GREY_TEXT));
    let to_y = |v: f64| pb - ((v / top) as f32) * (pb - pt);
    let mut v = 0.0;
    while v <= top + step * 1e-6 {
        let ty = to_y(v);
        if v > 0.0 {
            c.line_color(px, ty, pr, ty, 0.3, GRID);
        }
        c.line(px - 1.2, ty, px, ty, 0.5);
        c.text_in(x, px - x - 2.0, ty - axis.line_mm() / 2.0, &tick_text(v, step), axis, Align::Right);
        v += step;
    }
    let n = ch.values.len().max(1);
    let slot = (pr - px) / n as f32;
    let cx = |i: usize| px + slot * (i as f32 + 0.5);
    let val_style = Style::new(6.5).bold();
    let line = |c: &mut Canvas, values: &[i64], last_fill: (f32, f32, f32)| {
        for i in 1..values.len() {
            let (a, b) = (values[i - 1] as f64 / div, values[i] as f64 / div);
            c.line_color(cx(i - 1), to_y(a), cx(i), to_y(b), 1.2, BLACK);
        }
        for (i, g) in values.iter().enumerate() {
            let pts = super::layout::circle_points(cx(i), to_y(*g as f64 / div), 1.0);
            let fill = if i + 1 == n { last_fill } else { WHITE };
            c.shape(&pts, Some(fill), Some((BLACK, 0.6)));
        }
    };
    match ch.kind {
        ChartKind::Bars => {
            for (i, g) in ch.values.iter().enumerate() {
                let top_y = to_y(*g as f64 / div);
                let bw = slot * 0.62;
                if *g > 0 {
                    let fill = if i + 1 == n { BAR_CURRENT } else { BAR };
                    let pts = [
                        (cx(i) - bw / 2.0, pb, false),
                        (cx(i) - bw / 2.0, top_y, false),
                        (cx(i) + bw / 2.0, top_y, false),
                        (cx(i) + bw / 2.0, pb, false),
                    ];
                    c.shape(&pts, Some(fill), Some((BLACK, 0.5)));
                }
            }
        }
        ChartKind::Line => line(c, &ch.values, BLACK),
    }
    match overlay {
        // The second series as a line with white markers; the legend names both with this
        // period's values (no label over the bars: two would collide).
        Some(o) => {
            line(c, &o.values, WHITE);
            let last = |v: &[i64]| v.last().copied().unwrap_or(0);
            let main_text = format!("{} {}", o.main.get(lang), chart_value(last(&ch.values), ch.unit, lang));
            let over_text = format!("{} {}", o.label.get(lang), chart_value(last(&o.values), ch.unit, lang));
            let ly = pt - axis.line_mm() - 1.0;
            let over_w = c.width_mm(&over_text, val_style);
            let main_w = c.width_mm(&main_text, val_style);
            let mut lx = pr - over_w;
            c.text(lx, ly, &over_text, val_style);
            let my = ly + val_style.line_mm() / 2.0;
            lx -= 5.0;
            c.line_color(lx - 1.5, my, lx + 3.5, my, 1.2, BLACK);
            c.shape(&super::layout::circle_points(lx + 1.0, my, 0.9), Some(WHITE), Some((BLACK, 0.6)));
            lx -= 4.0 + main_w;
            c.text(lx, ly, &main_text, val_style);
            lx -= 4.0;
            let sym = match ch.kind {
                ChartKind::Bars => [
                    (lx, my + 1.2, false),
                    (lx, my - 1.2, false),
                    (lx + 2.6, my - 1.2, false),
                    (lx + 2.6, my + 1.2, false),
                ],
                ChartKind::Line => [
                    (lx, my + 0.3, false),
                    (lx, my - 0.3, false),
                    (lx + 2.6, my - 0.3, false),
                    (lx + 2.6, my + 0.3, false),
                ],
            };
            c.shape(&sym, Some(BAR_CURRENT), Some((BLACK, 0.5)));
        }
        // This period's value over its bar or point.
        None => {
            if let Some(last) = ch.values.last() {
                let text = chart_value(*last, ch.unit, lang);
                let ty = to_y(*last as f64 / div) - val_style.line_mm() - 0.8;
                let tw = c.width_mm(&text, val_style);
                let tx = (cx(n - 1) - tw / 2.0).min(x + cw - tw).max(px);
                c.fill_rect(tx - 0.5, ty, tw + 1.0, val_style.line_mm(), WHITE);
                c.text(tx, ty.max(pt - 3.0), &text, val_style);
            }
        }
    }
    // Axes.
    c.line(px, pt - 1.0, px, pb, 0.6);
    c.line(px, pb, pr, pb, 0.6);
    // X labels: every one that fits, else every other.
    let every = if labels.iter().any(|l| c.width_mm(l, axis) > slot - 0.5) { 2 } else { 1 };
    for (i, l) in labels.iter().enumerate().take(n) {
        c.line(cx(i), pb, cx(i), pb + 1.0, 0.5);
        if (n - 1 - i).is_multiple_of(every) {
            c.text_in(cx(i) - slot, slot * 2.0, pb + 1.3, l, axis, Align::Center);
        }
    }
    c.text_in(px, pr - px, pb + 1.3 + axis.line_mm(), range, axis.color(GREY_TEXT), Align::Center);
}

fn method_label(m: FigureMethod, lang: Lang) -> &'static str {
    match m {
        FigureMethod::Measured => w(lang, "实测", "measured"),
        FigureMethod::Calculated => w(lang, "计算", "calculated"),
        FigureMethod::Estimated => w(lang, "估算", "estimated"),
        FigureMethod::Monitored => w(lang, "监测", "monitored"),
        FigureMethod::MaterialBalance => w(lang, "物料衡算", "material balance"),
    }
}

fn unit_label(u: IndicatorUnit, lang: Lang) -> &'static str {
    match u {
        IndicatorUnit::G => "kg",
        IndicatorUnit::Days => w(lang, "天", "days"),
        IndicatorUnit::Count => w(lang, "份", "count"),
        IndicatorUnit::Persons => w(lang, "人", "persons"),
        IndicatorUnit::L => "m³",
        IndicatorUnit::M2 => "m²",
        IndicatorUnit::Hours => w(lang, "小时", "hours"),
        IndicatorUnit::Permille => "‰",
    }
}

/// Renders the report as an A4-portrait PDF in `lang`.
pub fn report_pdf(r: &ManagementReport, lang: Lang) -> Result<Vec<u8>> {
    render(r, lang).map(|(bytes, _)| bytes)
}

/// The PDF and its page count.
pub(crate) fn render(r: &ManagementReport, lang: Lang) -> Result<(Vec<u8>, usize)> {
    let kind = match (r.weekly, lang) {
        (true, Lang::Zh) => "EHS 管理周报",
        (false, Lang::Zh) => "EHS 管理月报",
        (true, Lang::En) => "EHS weekly management report",
        (false, Lang::En) => "EHS monthly management report",
    };
    let plant = match lang {
        Lang::Zh => format!("{}（{}）", r.plant_name, r.plant_code),
        Lang::En => format!("{} ({})", r.plant_name, r.plant_code),
    };
    let mut c = Canvas::new(&format!("{kind} {} {}", r.plant_code, r.period), cjk_font()?);
    c.add_page(PAGE_W, PAGE_H);
    let running_head = format!("{kind} · {plant} · {}", r.period);
    let mut f = Flow { c, y: MARGIN, lang, running_head };

    // Title block.
    let title = Style::new(18.0).bold();
    f.c.text(MARGIN, f.y, kind, title);
    f.y += title.line_mm() + 1.0;
    f.para(&plant, Style::new(12.0).bold(), 0.0);
    f.y += 0.5;
    let period = period_text(r.period, lang);
    let line = match lang {
        Lang::Zh => format!("报告期：{period}，{} 至 {}", r.from, r.to),
        Lang::En => format!("Period: {period}, {} to {}", r.from, r.to),
    };
    f.para(&line, Style::new(10.5), 0.0);
    let meta = match lang {
        Lang::Zh => format!("时区 {} · 生成日期 {} · 数据来自本厂 EHS Ledger 台账", r.timezone, r.today),
        Lang::En => {
            format!("Time zone {} · made on {} · figures from the plant's EHS Ledger records", r.timezone, r.today)
        }
    };
    f.para(&meta, Style::new(8.5).color(GREY_TEXT), 0.0);
    if r.weekly {
        let sent = match lang {
            Lang::Zh => format!("本报告的指标即本周报送总部的周数据包（{}）中的数值。", r.period),
            Lang::En => format!("The figures are those of the weekly packet to HQ for {}.", r.period),
        };
        f.para(&sent, Style::new(8.5).color(GREY_TEXT), 0.0);
    }
    f.y += 2.0;
    f.c.line(MARGIN, f.y, MARGIN + WIDTH, f.y, 0.8);
    f.y += 3.0;
    if r.provisional {
        f.notice(&match lang {
            Lang::Zh => format!("本期尚未结束：数据截至 {}，期末数为当日数。", r.through),
            Lang::En => {
                format!("This period has not ended: figures to {}; period-end figures are that day's.", r.through)
            }
        });
    }
    if r.records == 0 {
        f.notice(w(
            lang,
            "本期没有任何台账记录（产生、入库、出库、转移、自行利用处置、一般固废）。",
            "No ledger records in this period (generation, storage, shipments, own treatment, solid waste).",
        ));
    }

    // Open alerts by severity.
    alert_strip(&mut f, r);

    for s in &r.sections {
        f.section_heading(s.title.get(lang));
        for b in &s.blocks {
            match b {
                Block::Kpis { tiles } => f.kpis(tiles),
                Block::Charts { charts } => f.charts(charts, r),
                Block::Table { table } => f.table(table)?,
                Block::Note { text } => {
                    f.room(12.0);
                    f.para(text.get(lang), Style::new(9.0).color(GREY_TEXT), 0.0);
                    f.y += 2.0;
                }
            }
        }
    }

    // Every open alert.
    f.section_heading(w(lang, "待处理提醒", "Open alerts"));
    let rows: Vec<Vec<Value>> = r
        .alerts
        .items
        .iter()
        .take(MAX_ALERT_ROWS)
        .map(|a| {
            vec![
                Value::Label { label: severity_label(a.severity) },
                Value::Label { label: area_label(a.area) },
                Value::Label { label: alert_kind_label(a.kind) },
                Value::text(&a.subject),
                a.due.as_ref().map_or(Value::Empty, Value::text),
            ]
        })
        .collect();
    let more = r.alerts.items.len().saturating_sub(MAX_ALERT_ROWS);
    let col = |zh: &str, en: &str, width| crate::report::Column { label: crate::report::l10n(zh, en), width };
    f.table(&Table {
        title: crate::report::l10n(format!("截至 {}", r.today), format!("On {}", r.today)),
        columns: vec![
            col("级别", "Severity", 10),
            col("领域", "Area", 10),
            col("事项", "What", 26),
            col("对象", "Subject", 34),
            col("期限", "Due", 14),
        ],
        rows,
        empty: crate::report::l10n("没有待处理的提醒。", "No open alerts."),
        note: (more > 0).then(|| {
            crate::report::l10n(format!("另有 {more} 条提醒未列出。"), format!("{more} more alerts not listed."))
        }),
    })?;

    // The period's registry figures.
    f.section_heading(&match (r.weekly, lang) {
        (true, Lang::Zh) => format!("报送总部的指标（{}）", r.period),
        (true, Lang::En) => format!("Figures sent to HQ ({})", r.period),
        (false, Lang::Zh) => format!("本月指标（{}）", r.period),
        (false, Lang::En) => format!("Figures of the month ({})", r.period),
    });
    let rows: Vec<Vec<Value>> = r
        .figures
        .iter()
        .filter_map(|fig| {
            let i = indicators::get(&fig.key)?;
            let label = crate::report::l10n(i.label_zh, i.label_en);
            let value = match fig.unit {
                // Grams as kg and litres as m³: both thousandths with three decimals.
                IndicatorUnit::G | IndicatorUnit::L => Value::mass(fig.value),
                _ => Value::Count { n: fig.value },
            };
            Some(vec![
                Value::Label { label },
                value,
                Value::text(unit_label(fig.unit, lang)),
                Value::text(method_label(fig.method, lang)),
                Value::text(i.disclosure),
            ])
        })
        .collect();
    f.table(&Table {
        title: crate::report::l10n(
            format!("{} 至 {}（截至 {}）", r.from, r.to, r.through),
            format!("{} to {} (through {})", r.from, r.to, r.through),
        ),
        columns: vec![
            col("指标", "Indicator", 44),
            col("数值", "Value", 18),
            col("单位", "Unit", 8),
            col("方法", "Method", 10),
            col("披露", "Disclosure", 22),
        ],
        rows,
        empty: crate::report::l10n("本期没有指标。", "No figures for this period."),
        note: Some(crate::report::l10n(
            "数值为台账精确值（kg 保留三位小数，即精确到克）。",
            "Values are exact ledger figures (kg with three decimals: to the gram).",
        )),
    })?;

    let mut c = f.c;
    let page = move |i: usize, n: usize| match lang {
        Lang::Zh => format!("第 {i} / {n} 页"),
        Lang::En => format!("Page {i} of {n}"),
    };
    c.number_pages_with(6.0, Style::new(8.0).color(GREY_TEXT), &page);
    let pages = c.page_count();
    Ok((c.finish()?, pages))
}

fn alert_strip(f: &mut Flow, r: &ManagementReport) {
    let lang = f.lang;
    let s = Style::new(9.0).bold();
    f.room(14.0);
    f.c.text(MARGIN, f.y + 2.6, w(lang, "待处理提醒", "Open alerts"), s);
    let bw = 38.0;
    let x0 = MARGIN + WIDTH - 3.0 * bw - 2.0 * 3.0;
    for (i, (sev, n)) in [
        (Severity::Critical, r.alerts.critical),
        (Severity::Warning, r.alerts.warning),
        (Severity::Info, r.alerts.info),
    ]
    .into_iter()
    .enumerate()
    {
        let x = x0 + i as f32 * (bw + 3.0);
        let heavy = sev == Severity::Critical && n > 0;
        if heavy {
            f.c.fill_rect(x, f.y, bw, 10.0, BAR_CURRENT);
        } else {
            f.c.fill_rect(x, f.y, bw, 10.0, HEADER_FILL);
        }
        f.c.stroke_rect(x, f.y, bw, 10.0, if heavy { 1.2 } else { 0.5 });
        let color = if heavy { WHITE } else { BLACK };
        let text = format!("{} {n}", severity_label(sev).get(lang));
        f.c.text_in(x, bw, f.y + 2.2, &text, Style::new(11.0).bold().color(color), Align::Center);
    }
    f.y += 13.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kg_text_is_exact_with_separators() {
        assert_eq!(kg_text(1_234_567_890), "1,234,567.890");
        assert_eq!(kg_text(999_999), "999.999");
        assert_eq!(kg_text(-1_000_001), "-1,000.001");
        assert_eq!(kg_text(0), "0.000");
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(100.0), 25.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.9), 0.25);
        assert_eq!(tick_text(1500.0, 500.0), "1,500");
        assert_eq!(tick_text(0.5, 0.25), "0.50");
    }
}
