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
2024-05-06 09:30,900-249-08,180.5,kg,D-0001,机加车间,X1
2024-05-07 10:00,900-249-41,10,kg,D-0002,机加车间,
2024-05-08 10:00,900-249-08,-3,kg,D-0003,机加车间,
2024-05-09 10:00,900-249-08,3,lb,D-0004,机加车间,
2024-05-10 10:00,900-249-08,3,kg,,机加车间,
2024-05-11 10:00,900-249-08,3,kg,D-0006,机加车间,X1
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
