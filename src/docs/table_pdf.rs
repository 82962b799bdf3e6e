//! [`tables_to_pdf`]: ledgers as A4-landscape PDF pages — title block, a grid whose header row
//! repeats on every page, wrapped cells, footer lines, "第 n / N 页". Each table starts on a new
//! page; page numbers run through the whole document.

use super::layout::{Canvas, Grid, GridCol, Style, GREY_TEXT};
use super::{cancelled, check_table, cjk_font, Align, Cell, Table};
use crate::error::{Error, Result};

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;
const MARGIN: f32 = 12.0;
/// Rows stop this far above the bottom edge; the page number sits below.
const BOTTOM: f32 = PAGE_H - 14.0;

/// Renders `tables` to one PDF (A4 landscape). `progress(done_rows, total_rows)` is called
/// before the first row and after every row; returning `false` stops the export with
/// `Error::Cancelled(crate::msg::common::export_cancelled())`.
pub fn tables_to_pdf(tables: &[Table], progress: &mut dyn FnMut(usize, usize) -> bool) -> Result<Vec<u8>> {
    render(tables, progress).map(|(bytes, _)| bytes)
}

/// The PDF and its page count.
pub(crate) fn render(tables: &[Table], progress: &mut dyn FnMut(usize, usize) -> bool) -> Result<(Vec<u8>, usize)> {
    if tables.is_empty() {
        return Err(Error::invalid("tables", crate::msg::docs::nothing_export_no_tables()));
    }
    for (i, t) in tables.iter().enumerate() {
        check_table(t, i)?;
    }
    let total: usize = tables.iter().map(|t| t.rows.len()).sum();
    if !progress(0, total) {
        return Err(cancelled());
    }
    let title = tables.first().map(|t| t.title.as_str()).unwrap_or("");
    let mut c = Canvas::new(title, cjk_font()?);
    let mut done = 0usize;
    for t in tables {
        if !table(&mut c, t, &mut done, total, progress)? {
            return Err(cancelled());
        }
    }
    c.number_pages(5.0, Style::new(8.0).color(GREY_TEXT));
    let pages = c.page_count();
    Ok((c.finish()?, pages))
}

/// Lays out one table from a fresh page. Returns false when `progress` cancelled.
fn table(
    c: &mut Canvas,
    t: &Table,
    done: &mut usize,
    total: usize,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<bool> {
    let avail = PAGE_W - 2.0 * MARGIN;
    c.add_page(PAGE_W, PAGE_H);
    // Columns as given, scaled down together when wider than the page; centred.
    let sum: f32 = t.columns.iter().map(|col| col.width_mm).sum();
    let scale = if sum > avail { avail / sum } else { 1.0 };
    let cols: Vec<GridCol> =
        t.columns.iter().map(|col| GridCol { width_mm: col.width_mm * scale, align: col.align }).collect();
    let x = MARGIN + (avail - sum * scale) / 2.0;

    let mut y = MARGIN;
    let title_style = Style::new(14.0).bold();
    for line in c.wrap(&t.title, title_style, avail) {
        c.text_in(MARGIN, avail, y, &line, title_style, Align::Center);
        y += title_style.line_mm();
    }
    y += 1.5;
    let sub = Style::new(9.0);
    for s in &t.subtitle {
        for line in c.wrap(s, sub, MARGIN + avail - x) {
            c.text(x, y, &line, sub);
            y += sub.line_mm();
        }
    }
    y += 2.0;

    let cont = Style::new(8.5).color(GREY_TEXT);
    let cont_title = format!("{}（续）", t.title);
    let fresh_top = MARGIN + cont.line_mm() + 1.5;
    let mut new_page = |c: &mut Canvas| {
        c.add_page(PAGE_W, PAGE_H);
        c.text(MARGIN, MARGIN, &cont_title, cont);
        fresh_top
    };
    let n = t.columns.len();
    let mut rows = t.rows.iter().map(|r| (0..n).map(|i| r.get(i).map(Cell::display).unwrap_or_default()).collect());
    let mut each = || {
        *done += 1;
        progress(*done, total)
    };
    let mut grid = Grid {
        x,
        cols,
        header: t.columns.iter().map(|col| col.header.clone()).collect(),
        // Text shrinks with the columns (down to 6 pt) so codes keep fitting on one line.
        body: Style::new((8.5 * scale).max(6.0)),
        head: Style::new((9.0 * scale).max(6.0)).bold(),
        pad: 1.3,
        bottom: BOTTOM,
        fresh_top,
        new_page: &mut new_page,
    };
    let Some(mut y) = grid.draw(c, y, &mut rows, &mut each)? else {
        return Ok(false);
    };

    y += 3.0;
    let foot = Style::new(9.5);
    for f in &t.footer {
        for line in c.wrap(f, foot, avail) {
            if y + foot.line_mm() > BOTTOM {
                y = (grid.new_page)(c);
            }
            c.text(x.max(MARGIN), y, &line, foot);
            y += foot.line_mm();
        }
        y += 1.0;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::test_support::{ledger, pdfinfo_pages, pdftotext, tmp_pdf};
    use crate::docs::Column;

    #[test]
    fn ledger_pdf_has_cjk_text_pages_and_stays_small() {
        let mut t = ledger(200);
        t.rows[41][5] = Cell::Text("C-2026-CHECK-41".into());
        let mut calls = 0;
        let (pdf, pages) = render(&[t], &mut |_, _| {
            calls += 1;
            true
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(pdf.len() < 1_000_000, "PDF is {} bytes", pdf.len());
        assert!(pages > 1, "200 rows on {pages} page(s)");
        assert_eq!(calls, 201, "progress before the first row and after each row");
        let path = tmp_pdf("ledger200", &pdf);
        if let Some(n) = pdfinfo_pages(&path) {
            assert_eq!(n, pages);
        }
        if let Some(text) = pdftotext(&path) {
            assert!(text.contains("危险废物产生环节记录表"), "title missing");
            assert!(text.contains("废物名称"), "Chinese header missing");
            assert!(text.contains("C-2026-CHECK-41"), "cell value missing");
            assert!(text.contains("1234.608"), "mass 1234.567 + 41 g missing");
            let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(squeezed.contains(&format!("第{pages}/{pages}页")), "page number missing");
            // The header row repeats: once per page.
            assert_eq!(text.matches("产生环节说明").count(), pages);
        }
        crate::docs::test_support::cleanup(&path);
    }

    #[test]
    fn each_table_starts_a_page() {
        let mut a = ledger(3);
        a.title = "表甲".into();
        let mut b = ledger(3);
        b.title = "表乙".into();
        let (_, pages) = render(&[a, b], &mut |_, _| true).unwrap();
        assert_eq!(pages, 2);
    }

    #[test]
    fn cancel_stops_with_the_cancel_error() {
        let t = ledger(50);
        let err = tables_to_pdf(std::slice::from_ref(&t), &mut |_, _| false).unwrap_err();
        assert!(matches!(&err, Error::Cancelled(m) if m.key() == "common.export_cancelled"), "{err:?}");
        let mut seen = 0;
        let err = tables_to_pdf(&[t], &mut |done, total| {
            assert_eq!(total, 50);
            seen = done;
            done < 10
        })
        .unwrap_err();
        assert!(matches!(&err, Error::Cancelled(_)), "{err:?}");
        assert_eq!(seen, 10, "stopped right after the refused row");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(tables_to_pdf(&[], &mut |_, _| true), Err(Error::Invalid { .. })));
        let mut t = ledger(1);
        t.columns.push(Column::new("x", -1.0, Align::Left));
        t.rows[0].push(Cell::Empty);
        assert!(matches!(tables_to_pdf(&[t], &mut |_, _| true), Err(Error::Invalid { field: "columns", .. })));
        // A cell taller than a page is cut, not looped on; too-wide columns are scaled.
        let mut t = ledger(2);
        t.rows[0][6] = Cell::Text("很长的说明".repeat(3000));
        t.columns[6].width_mm = 900.0;
        let (pdf, pages) = render(&[t], &mut |_, _| true).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pages <= 3, "{pages} pages");
    }

    /// 1,000 ledger rows. Measured in the debug test build (deps at opt-level 1) on the 2-core
    /// box: ≈ 190 KB, 42 pages, ≈ 0.2 s. Time is printed (--nocapture), not asserted.
    #[test]
    fn thousand_row_ledger_is_under_a_megabyte() {
        let t = ledger(1000);
        let start = std::time::Instant::now();
        let (pdf, pages) = render(&[t], &mut |_, _| true).unwrap();
        eprintln!("1000 rows: {} bytes, {pages} pages, {:?}", pdf.len(), start.elapsed());
        assert!(pdf.len() < 1_000_000, "PDF is {} bytes", pdf.len());
    }
}
