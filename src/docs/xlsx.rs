//! [`tables_to_xlsx`]: one worksheet per [`Table`] — title and subtitle rows, a bold frozen
//! header row with an autofilter, the data (masses as numbers in kg with format `0.000`), the
//! footer lines; column widths follow the PDF's, printing is A4 landscape with the header
//! repeated.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{check_table, internal, Align, Cell, Table};
use crate::error::{Error, Result};

/// Largest integer an xlsx number (an f64) holds exactly.
const EXACT_F64: i64 = 1 << 53;

/// Writes `tables` as one workbook, one worksheet each, in order.
pub fn tables_to_xlsx(tables: &[Table]) -> Result<Vec<u8>> {
    if tables.is_empty() {
        return Err(Error::invalid("tables", crate::msg::docs::nothing_export_no_tables()));
    }
    for (i, t) in tables.iter().enumerate() {
        check_table(t, i)?;
    }
    let mut wb = Workbook::new();
    let mut used: Vec<String> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let name = sheet_name(&t.sheet_name, i, &used);
        used.push(name.clone());
        let ws = wb.add_worksheet();
        sheet(ws, t, &name).map_err(|e| internal(&format!("xlsx sheet '{name}'"), e))?;
    }
    wb.save_to_buffer().map_err(|e| internal("xlsx", e))
}

fn sheet(ws: &mut Worksheet, t: &Table, name: &str) -> std::result::Result<(), XlsxError> {
    let ncols = t.columns.len().min(usize::from(u16::MAX)) as u16;
    let last_col = ncols.saturating_sub(1);
    let title_fmt = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let sub_fmt = Format::new().set_font_size(10);
    let head_fmt = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xE0E0E0))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let cell = |a: Align| {
        let f = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter).set_text_wrap();
        match a {
            Align::Left => f.set_align(FormatAlign::Left),
            Align::Right => f.set_align(FormatAlign::Right),
            Align::Center => f.set_align(FormatAlign::Center),
        }
    };

    ws.set_name(name)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);

    let mut r: u32 = 0;
    let line = |ws: &mut Worksheet, r: u32, text: &str, fmt: &Format| -> std::result::Result<(), XlsxError> {
        if ncols > 1 {
            ws.merge_range(r, 0, r, last_col, text, fmt)?;
        } else {
            ws.write_string_with_format(r, 0, text, fmt)?;
        }
        Ok(())
    };
    line(ws, r, &t.title, &title_fmt)?;
    ws.set_row_height(r, 24)?;
    r += 1;
    for s in &t.subtitle {
        line(ws, r, s, &sub_fmt)?;
        r += 1;
    }
    let header_row = r;
    for (c, col) in t.columns.iter().enumerate().take(usize::from(ncols)) {
        let c = c as u16;
        ws.write_string_with_format(header_row, c, &col.header, &head_fmt)?;
        ws.set_column_width(c, f64::from(col.width_mm / 1.9).clamp(4.0, 120.0))?;
    }
    r += 1;
    let fmts: Vec<Format> = t.columns.iter().map(|c| cell(c.align)).collect();
    let mass_fmts: Vec<Format> = fmts.iter().map(|f| f.clone().set_num_format("0.000")).collect();
    let t_fmts: Vec<Format> = fmts.iter().map(|f| f.clone().set_num_format("0.000000")).collect();
    for row in &t.rows {
        for c in 0..usize::from(ncols) {
            let (f, mf, tf) = (&fmts[c], &mass_fmts[c], &t_fmts[c]);
            let c = c as u16;
            match row.get(usize::from(c)).unwrap_or(&Cell::Empty) {
                Cell::Text(s) => ws.write_string_with_format(r, c, s, f)?,
                Cell::Mass { grams } if grams.abs() < EXACT_F64 => {
                    ws.write_number_with_format(r, c, *grams as f64 / 1000.0, mf)?
                }
                Cell::Tonnes { grams } if grams.abs() < EXACT_F64 => {
                    ws.write_number_with_format(r, c, *grams as f64 / 1_000_000.0, tf)?
                }
                Cell::Int(i) if i.abs() < EXACT_F64 => ws.write_number_with_format(r, c, *i as f64, f)?,
                other @ (Cell::Mass { .. } | Cell::Tonnes { .. } | Cell::Int(_)) => {
                    ws.write_string_with_format(r, c, other.display(), f)?
                }
                Cell::Decimal { text, decimals } => match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => {
                        let pattern = if *decimals == 0 {
                            "0".to_string()
                        } else {
                            format!("0.{}", "0".repeat(usize::from(*decimals)))
                        };
                        ws.write_number_with_format(r, c, v, &f.clone().set_num_format(&pattern))?
                    }
                    _ => ws.write_string_with_format(r, c, text, f)?,
                },
                Cell::Empty => ws.write_blank(r, c, f)?,
            };
        }
        r += 1;
    }
    let last_data = r.saturating_sub(1).max(header_row);
    ws.autofilter(header_row, 0, last_data, last_col)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    r += 1;
    for f in &t.footer {
        line(ws, r, f, &sub_fmt)?;
        r += 1;
    }
    Ok(())
}

/// A valid, unique sheet name from `wanted`: forbidden characters become `_`, at most 31
/// UTF-16 units, no leading/trailing apostrophe, not "History", unique ignoring case; an empty
/// name becomes `Sheet{n}`.
fn sheet_name(wanted: &str, index: usize, used: &[String]) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | '[' | ']' | ':' | '*' | '?') || c.is_control() { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
    let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        format!("Sheet{}", index + 1)
    } else {
        cleaned
    };
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    let mut n = 1;
    loop {
        let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
        let room = 31 - suffix.encode_utf16().count();
        let mut name = String::new();
        for ch in base.chars() {
            if name.encode_utf16().count() + ch.len_utf16() > room {
                break;
            }
            name.push(ch);
        }
        let name = format!("{}{suffix}", name.trim_end_matches('\''));
        if !taken(&name) {
            return name;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::test_support::ledger;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    #[test]
    fn xlsx_round_trip_through_calamine() {
        let a = ledger(5);
        let mut b = ledger(2);
        b.title = "危险废物贮存记录表（B.2）".into();
        b.sheet_name = "B.2 贮存: 入库/出库 [2026年3月] 危险废物贮存情况记录表".into();
        let bytes = tables_to_xlsx(&[a, b]).unwrap();
        assert!(bytes.starts_with(b"PK"), "xlsx is a zip");

        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2);
        assert_eq!(names[0], "B.1 产生环节");
        assert!(names[1].starts_with("B.2 贮存_ 入库_出库 _2026年3月_"), "{}", names[1]);
        assert!(names[1].encode_utf16().count() <= 31);

        let r = wb.worksheet_range(&names[0]).unwrap();
        let cell = |row: u32, col: u32| r.get_value((row, col)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("危险废物产生环节记录表（B.1）".into()));
        assert_eq!(cell(1, 0), Data::String("单位名称：示范化工有限公司".into()));
        // Header row after the title and two subtitle lines.
        assert_eq!(cell(3, 2), Data::String("废物名称".into()));
        assert_eq!(cell(3, 4), Data::String("产生量（kg）".into()));
        assert_eq!(cell(4, 2), Data::String("废矿物油与含矿物油废物".into()));
        match cell(4, 4) {
            Data::Float(v) => assert!((v - 1234.567).abs() < 1e-9, "{v}"),
            other => panic!("mass cell is {other:?}, not a number"),
        }
        assert_eq!(cell(4, 0), Data::Float(1.0));
        // Footer after a blank row.
        assert_eq!(cell(10, 0), Data::String("合计：…".into()));
    }

    #[test]
    fn sheet_names_are_sanitised_and_unique() {
        assert_eq!(sheet_name("a/b", 0, &[]), "a_b");
        assert_eq!(sheet_name("", 2, &[]), "Sheet3");
        assert_eq!(sheet_name("'History'", 0, &[]), "Sheet1");
        assert_eq!(sheet_name("台账", 1, &["台账".into()]), "台账 (2)");
        let long = "危".repeat(40);
        let n = sheet_name(&long, 0, &[]);
        assert_eq!(n.chars().count(), 31);
        let n2 = sheet_name(&long, 1, std::slice::from_ref(&n));
        assert!(n2.ends_with(" (2)") && n2.encode_utf16().count() <= 31, "{n2}");
    }

    #[test]
    fn empty_input_is_refused() {
        assert!(matches!(tables_to_xlsx(&[]), Err(Error::Invalid { .. })));
    }
}
