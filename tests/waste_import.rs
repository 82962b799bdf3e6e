//! Import of historical generation ledgers from CSV and xlsx: preview writes nothing, commit is
//! all or nothing, every bad row is named with its row number, column and reason.

mod common;

use common::{now, plant};
use ehs_ledger::waste::generation::{self, LedgerQuery};
use ehs_ledger::waste::import;
use std::path::Path;

const GOOD: &str = "\u{feff}产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码
2024-05-06 09:30,900-249-08,180.5,kg,D-0001,机加车间,HWCS20240506001
2024/05/07,900-041-49,0.35,t,B-0002,涂装线,
2024-05-08T14:00,900-252-12,75,千克,D-0003,涂装线,
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn entries(p: &common::Plant) -> Vec<generation::GenerationEntry> {
    generation::list(p.store.conn(), &LedgerQuery { include_voided: true, ..LedgerQuery::default() }).unwrap().rows
}

#[test]
fn preview_writes_nothing_and_commit_posts_every_row_with_progress() {
    let mut p = plant();
    let admin = p.admin.clone();
    let file = write(p.dir.path(), "hist.csv", GOOD);
    let table = import::read_table(&file).unwrap();
    let before = std::fs::read(p.path()).unwrap();
    let pv = import::preview(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    assert!(pv.errors.is_empty(), "{:?}", pv.errors);
    assert_eq!((pv.rows, pv.total_kg.as_str()), (3, "605.500"));
    assert_eq!(pv.sample[0].batch_code.as_deref(), Some("HWCS20240506001"));
    assert!(entries(&p).is_empty(), "preview writes nothing");
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "file byte-identical after a preview");
    let mut seen = Vec::new();
    let done = import::commit(&mut p.store, &admin, &table, now(), &mut |d, t| {
        seen.push((d, t));
        true
    })
    .unwrap();
    assert_eq!(done.rows, 3);
    assert_eq!(seen.last(), Some(&(3, 3)), "progress reaches the end");
    let e = entries(&p);
    assert_eq!(e.len(), 3);
    assert!(e.iter().any(|x| x.batch_code == "HWCS20240506001"), "historical batch code kept");
    assert!(e.iter().any(|x| x.batch_code == "HWCS20240507001" && x.quantity_kg == "350.000"), "t converted exactly");
    assert!(ehs_ledger::audit::verify(p.store.conn()).unwrap().first_broken.is_none());
    // Importing the same file again is refused: the historical batch code exists.
    let again = import::preview(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    assert_eq!((again.errors[0].row, again.errors[0].column.as_str()), (2, "产生批次编码"));
}

#[test]
fn bad_rows_are_listed_with_row_column_and_reason_and_nothing_is_written() {
    let mut p = plant();
    let admin = p.admin.clone();
    let bad = "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码
2024-05-06 09:30,900-249-08,180.5,kg,D-0001,机加车间,HWCS20240506001
2024-05-07 10:00,900-249-41,10,kg,D-0002,机加车间,
2024-05-08 10:00,900-249-08,-3,kg,D-0003,机加车间,
2024-05-09 10:00,900-249-08,3,lb,D-0004,机加车间,
2024-05-10 10:00,900-249-08,3,kg,,机加车间,
2024-05-11 10:00,900-249-08,3,kg,D-0006,机加车间,HWCS20240506001
";
    let table = import::read_table(&write(p.dir.path(), "bad.csv", bad)).unwrap();
    let before = std::fs::read(p.path()).unwrap();
    let pv = import::preview(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    let got: Vec<(u32, &str)> = pv.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        got,
        vec![(3, "废物代码"), (4, "产生量"), (5, "单位"), (6, "容器编码"), (7, "产生批次编码")],
        "{:?}",
        pv.errors
    );
    assert!(pv.errors.iter().any(|e| e.reason.contains("HW41") || e.reason.contains("41")), "{:?}", pv.errors);
    let e = import::commit(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap_err();
    assert_eq!(e.field(), Some("file"));
    assert!(e.to_string().contains("5 problem(s), nothing imported"), "{e}");
    assert!(entries(&p).is_empty(), "all or nothing");
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "file byte-identical");
}

#[test]
fn a_missing_column_is_named_and_a_cancelled_commit_writes_nothing() {
    let mut p = plant();
    let admin = p.admin.clone();
    let table =
        import::read_table(&write(p.dir.path(), "m.csv", "产生时间,废物代码,产生量\n2024-05-06,900-249-08,1\n"))
            .unwrap();
    let pv = import::preview(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    let missing: Vec<&str> = pv.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(missing, vec!["容器编码", "产生设施/区域"]);
    let table = import::read_table(&write(p.dir.path(), "good.csv", GOOD)).unwrap();
    let e = import::commit(&mut p.store, &admin, &table, now(), &mut |d, _| d < 2).unwrap_err();
    assert!(e.to_string().contains("cancelled"));
    assert_eq!(e.kind(), ehs_ledger::ErrorKind::Cancelled, "the UI branches on the kind, never the text");
    assert!(entries(&p).is_empty(), "a cancelled import writes nothing");
}

#[test]
fn an_excel_ledger_imports_with_english_headers_and_real_dates() {
    let mut p = plant();
    let admin = p.admin.clone();
    let path = p.dir.path().join("hist.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["generated_at", "code", "quantity", "unit", "container", "area"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str("2024-06-03 08:15:00").unwrap();
    ws.write_datetime_with_format(1, 0, &dt, &fmt).unwrap();
    ws.write_string(1, 1, "900-249-08").unwrap();
    ws.write_number(1, 2, 1.25).unwrap();
    ws.write_string(1, 3, "t").unwrap();
    ws.write_string(1, 4, "T-9").unwrap();
    ws.write_string(1, 5, "Press shop").unwrap();
    wb.save(&path).unwrap();
    let table = import::read_table(&path).unwrap();
    let done = import::commit(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    assert_eq!((done.rows, done.total_kg.as_str()), (1, "1250.000"));
    let e = entries(&p);
    assert_eq!((e[0].batch_code.as_str(), e[0].generated_at_local.as_str()), ("HWCS20240603001", "2024-06-03 08:15"));
}

/// Guards issue 9 item 9 (batch codes never collide): a historical code imported with a gap in
/// the day's serials (002 with no 001) must not make the next entry of that day reuse it — the
/// serial was count + 1 and the write failed on the UNIQUE constraint.
#[test]
fn an_imported_batch_code_with_a_gap_does_not_collide_with_the_next_entry() {
    let mut p = plant();
    let admin = p.admin.clone();
    let gap = "\u{feff}产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码
2025-03-01 08:00,900-249-08,10,kg,G-0002,机加车间,HWCS20250301002
";
    let table = import::read_table(&write(p.dir.path(), "gap.csv", gap)).unwrap();
    import::commit(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    let e = generation::record(
        &mut p.store,
        &admin,
        common::input("900-249-08", "5", ehs_ledger::units::MassUnit::Kg),
        now(),
    )
    .expect("the next entry of that day gets a free serial");
    assert_eq!(e.batch_code, "HWCS20250301003");
}

// ---- Issue 9 item 10: hostile files; item 9 (rest): batch-code format; item 12: small ones ----

/// CRC-32 (IEEE) for the hand-built zip below.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A stored (uncompressed) zip of `files`.
fn zip(files: &[(&str, String)]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, body) in files {
        let (crc, len, offset) = (crc32(body.as_bytes()), body.len() as u32, out.len() as u32);
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time, date
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&len.to_le_bytes());
            v.extend_from_slice(&len.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body.as_bytes());
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0]);
        common(&mut central);
        central.extend_from_slice(&[0u8; 6]); // comment len, disk, internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A tiny hand-built xlsx: one sheet with `dimension` and the raw `<sheetData>` XML `rows`.
fn xlsx(dimension: &str, rows: &str) -> Vec<u8> {
    let ns = "http://schemas.openxmlformats.org";
    zip(&[
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Ledger" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ])
}

fn s(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row and one entry whose quantity cell is `qty` (raw XML inside `<c r="C2">`).
fn ledger_rows(qty: &str) -> String {
    let head = ["产生时间", "废物代码", "产生量", "单位", "容器编码", "产生设施/区域"];
    let cols = ["A", "B", "C", "D", "E", "F"];
    let h: String = head.iter().zip(cols).map(|(t, c)| s(&format!("{c}1"), t)).collect();
    format!(
        r#"<row r="1">{h}</row><row r="2">{}{}<c r="C2">{qty}</c>{}{}{}</row>"#,
        s("A2", "2025-03-01 08:00"),
        s("B2", "900-249-08"),
        s("D2", "kg"),
        s("E2", "X-01"),
        s("F2", "机加车间")
    )
}

/// Guards issue 9 item 10 (bound the range before reading): a 2 KB xlsx whose used range and a
/// value claim the sheet's last cell made the reader allocate the whole grid (hundreds of GB)
/// and the process abort. It is refused at once, naming the cell.
#[test]
fn a_hostile_xlsx_claiming_the_last_cell_is_refused_quickly_without_allocating_the_grid() {
    let rows = format!(r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#, ledger_rows("<v>5</v>"));
    let bytes = xlsx("A1:XFD1048576", &rows);
    assert!(bytes.len() < 4_096, "a tiny file: {} bytes", bytes.len());
    let t = std::time::Instant::now();
    let e = import::read_table_bytes("hostile.xlsx", &bytes).unwrap_err();
    assert!(t.elapsed().as_secs() < 2, "refused quickly");
    assert_eq!(e.field(), Some("file"));
    assert!(e.to_string().contains("XFD1048576"), "{e}");
    // A dimension that claims the whole sheet over real cells only reads the real cells.
    let table = import::read_table_bytes("claims.xlsx", &xlsx("A1:XFD1048576", &ledger_rows("<v>5</v>"))).unwrap();
    assert_eq!(table.len(), 2);
    assert_eq!(table[1], vec!["2025-03-01 08:00", "900-249-08", "5", "kg", "X-01", "机加车间"]);
}

/// Guards issue 9 item 12: a cell holding `=0.1+0.2` (cached as 0.30000000000000004) reads as
/// 0.3 kg, the float artefact being far within 1 g; a value really finer than 1 g is refused.
#[test]
fn an_xlsx_float_artefact_within_1_g_reads_as_the_exact_decimal() {
    let mut p = plant();
    let admin = p.admin.clone();
    let artefact = xlsx("A1:F2", &ledger_rows("<f>0.1+0.2</f><v>0.30000000000000004</v>"));
    let table = import::read_table_bytes("f.xlsx", &artefact).unwrap();
    assert_eq!(table[1][2], "0.3");
    let done = import::commit(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    assert_eq!(done.total_kg, "0.300");
    let finer = import::read_table_bytes("g.xlsx", &xlsx("A1:F2", &ledger_rows("<v>0.3004</v>"))).unwrap();
    let pv = import::preview(&mut p.store, &admin, &finer, now(), &mut |_, _| true).unwrap();
    assert_eq!((pv.errors[0].row, pv.errors[0].column.as_str()), (2, "产生量"), "{:?}", pv.errors);
    assert!(pv.errors[0].reason.contains("more precise than 1 g"), "{:?}", pv.errors);
}

fn preview_csv(p: &mut common::Plant, name: &str, text: &str) -> import::ImportPreview {
    let admin = p.admin.clone();
    let table = import::read_table(&write(p.dir.path(), name, text)).unwrap();
    import::preview(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap()
}

/// Guards issue 9 item 10: a time-zone suffix or trailing text was cut off at 16 characters.
/// An explicit offset is honoured; trailing text and a blank time are refused with row, column
/// and reason; a value without offset is plant-local.
#[test]
fn import_times_are_read_whole_offsets_honoured_and_trailing_text_refused() {
    let mut p = plant();
    let admin = p.admin.clone();
    let text = "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域
2025-03-01T08:00+00:00,900-249-08,1,kg,Z-1,A1
2025-03-01 08:00Z,900-249-08,1,kg,Z-2,A1
2025-03-01 08:00:00 UTC,900-249-08,1,kg,Z-3,A1
2025-03-01 08:00,900-249-08,1,kg,Z-4,A1
";
    let table = import::read_table(&write(p.dir.path(), "tz.csv", text)).unwrap();
    import::commit(&mut p.store, &admin, &table, now(), &mut |_, _| true).unwrap();
    let mut at: Vec<(String, String)> =
        entries(&p).into_iter().map(|e| (e.container_id, e.generated_at_local)).collect();
    at.sort();
    let local = |s: &str| s.to_string();
    assert_eq!(
        at,
        vec![
            ("Z-1".into(), local("2025-03-01 16:00")),
            ("Z-2".into(), local("2025-03-01 16:00")),
            ("Z-3".into(), local("2025-03-01 16:00")),
            ("Z-4".into(), local("2025-03-01 08:00")),
        ]
    );
    let bad = "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域
2025-03-01 08:00 garbage,900-249-08,1,kg,Y-1,A1
2025-03-01T08:00+08:00:99,900-249-08,1,kg,Y-2,A1
,900-249-08,1,kg,Y-3,A1
";
    let before = std::fs::read(p.path()).unwrap();
    let pv = preview_csv(&mut p, "bad-tz.csv", bad);
    let got: Vec<(u32, &str)> = pv.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(got, vec![(2, "产生时间"), (3, "产生时间"), (4, "产生时间")], "{:?}", pv.errors);
    assert!(pv.errors[0].reason.contains("not a date-time"), "{:?}", pv.errors);
    assert!(pv.errors[2].reason.contains("blank"), "{:?}", pv.errors);
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "nothing written");
}

/// Guards issue 9 item 10: two columns mapping to one field were resolved by taking the first.
#[test]
fn two_columns_for_one_field_are_refused_as_ambiguous() {
    let mut p = plant();
    let text = "产生时间,废物代码,quantity,产生量,unit,单位,容器编码,产生设施/区域
2025-03-01 08:00,900-249-08,1,1000,t,kg,Q-1,A1
";
    let pv = preview_csv(&mut p, "two.csv", text);
    let got: Vec<(u32, &str)> = pv.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(got, vec![(1, "产生量"), (1, "单位")], "{:?}", pv.errors);
    assert!(pv.errors[0].reason.contains("'quantity' and '产生量'"), "{:?}", pv.errors);
    assert!(entries(&p).is_empty());
}

/// Guards issue 9 item 10: control characters (escape, NUL, newline), bidirectional overrides
/// and invisible characters are refused in the container, area and batch code of an import.
#[test]
fn control_characters_in_imported_identifiers_are_refused() {
    let mut p = plant();
    let text = "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码
2025-03-01 08:00,900-249-08,1,kg,\u{1b}[2JD-1,A1,
2025-03-01 08:00,900-249-08,1,kg,D-2,\u{202e}A1,
2025-03-01 08:00,900-249-08,1,kg,D-3,A1,HWCS20250301\u{0}01
2025-03-01 08:00,900-249-08,1,kg,\"D-4\nD-5\",A1,
2025-03-01 08:00,900-249-08,1,kg,D\u{200b}-6,A1,
";
    let before = std::fs::read(p.path()).unwrap();
    let pv = preview_csv(&mut p, "ctl.csv", text);
    let got: Vec<(u32, &str)> = pv.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        got,
        vec![(2, "容器编码"), (3, "产生设施/区域"), (4, "产生批次编码"), (5, "容器编码"), (6, "容器编码")],
        "{:?}",
        pv.errors
    );
    assert!(pv.errors.iter().all(|e| e.reason.contains("U+")), "{:?}", pv.errors);
    assert!(pv.errors.iter().all(|e| !e.reason.chars().any(char::is_control)), "{:?}", pv.errors);
    assert_eq!(std::fs::read(p.path()).unwrap(), before, "nothing written");
}

/// Guards issue 9 item 9 (validate imported batch codes): an imported 产生批次编码 must have
/// the form the ledger writes — HWCS, the entry's own plant-local date (a real one), a serial
/// 001–999, 15 characters — else the row is refused naming row, column and reason.
#[test]
fn imported_batch_codes_must_have_the_ledger_prefix_length_and_the_entrys_real_date() {
    let mut p = plant();
    let rows = [
        "HWRK20250301001", // prefix of a movement
        "HWCS2025030101",  // 14 characters
        "HWCS20250230001", // 30 February
        "HWCS20250302001", // a day after the entry
        "HWCS20250301000", // serial 000
        "HWCS2025030100A", // not digits
        "HWCS20250301007", // right
    ];
    let mut text = String::from("产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码\n");
    for (i, b) in rows.iter().enumerate() {
        text.push_str(&format!("2025-03-01 23:30,900-249-08,1,kg,B-{i},A1,{b}\n"));
    }
    let pv = preview_csv(&mut p, "codes.csv", &text);
    let got: Vec<(u32, &str)> = pv.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(got, (2..=7).map(|r| (r, "产生批次编码")).collect::<Vec<_>>(), "{:?}", pv.errors);
    let reasons: Vec<&str> = pv.errors.iter().map(|e| e.reason.as_str()).collect();
    assert!(reasons[0].contains("does not start with HWCS"), "{reasons:?}");
    assert!(reasons[1].contains("15 characters"), "{reasons:?}");
    assert!(reasons[2].contains("not a real date"), "{reasons:?}");
    assert!(reasons[3].contains("generated on 2025-03-01"), "{reasons:?}");
    assert!(reasons[4].contains("001"), "{reasons:?}");
    assert_eq!(pv.sample.len(), 1);
}

/// Guards issue 9 item 12: a 5,000-character cell is never echoed back in full.
#[test]
fn an_import_error_never_echoes_a_5000_character_cell_in_full() {
    let mut p = plant();
    let long = "x".repeat(5_000);
    let digits = "9".repeat(5_000);
    let text = format!(
        "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域
2025-03-01 08:00,900-249-08,1,{long},L-1,A1
{long},900-249-08,1,kg,L-2,A1
2025-03-01 08:00,900-249-08,{digits}.5,kg,L-3,A1
2025-03-01 08:00,{long},1,kg,L-4,A1
"
    );
    let pv = preview_csv(&mut p, "long.csv", &text);
    assert_eq!(pv.errors.len(), 4, "{:?}", pv.errors.iter().map(|e| e.reason.len()).collect::<Vec<_>>());
    for e in &pv.errors {
        assert!(e.reason.chars().count() <= 400, "row {} echoes {} characters", e.row, e.reason.chars().count());
    }
}
