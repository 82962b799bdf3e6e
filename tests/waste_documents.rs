//! General solid waste, own treatment (B.4), GRI 306 figures, and the documents: the month's
//! ledger exported to xlsx (read back with calamine) and PDF (read back with pdftotext), the
//! manifest PDF.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{input, now, plant};
use ehs_ledger::alerts::Severity;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::export::{self, Format, Period};
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::waste::gri::Route;
use ehs_ledger::waste::manifest::WeightSource;
use ehs_ledger::waste::receiver::{self, NewCounterparty, NewLicence};
use ehs_ledger::waste::receiver::{CounterpartyKind, LicenceType};
use ehs_ledger::waste::shipment::{self, ShipInput};
use ehs_ledger::waste::solid::{self, NewSwStream, SwRecordInput};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use ehs_ledger::waste::stream::PhysicalForm;
use ehs_ledger::waste::Purpose;
use ehs_ledger::waste::{gri, own};
use ehs_ledger::{docs, ErrorKind};

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// D1 (500 kg) shipped to a licensed receiver for D10 incineration, D2 (200 kg) recycled on
/// site (R4), D3 (100 kg) left in store; 3 t of cardboard generated, 2 t recycled, 0.5 t landfilled.
fn month_of_records() -> common::Plant {
    let mut p = plant();
    let a = p.admin.clone();
    storage::add_facility(
        &mut p.store,
        &a,
        NewFacility {
            code: "WH1".into(),
            name: "危废库".into(),
            kind: FacilityKind::Store,
            capacity_t: None,
            max_storage_days: None,
        },
        now(),
    )
    .unwrap();
    for (c, kg) in [("D1", "500"), ("D2", "200"), ("D3", "100")] {
        let i = GenerationInput {
            container_id: c.into(),
            generated_at_local: Some("2025-03-01T09:00".into()),
            ..input("900-249-08", kg, MassUnit::Kg)
        };
        generation::record(&mut p.store, &a, i, now()).unwrap();
        let s = StoreInput {
            facility: "WH1".into(),
            container_id: c.into(),
            generation_batch: None,
            moved_at_local: Some("2025-03-01T10:00".into()),
            handlers: Default::default(),
        };
        storage::store_container(&mut p.store, &a, s, now()).unwrap();
    }
    receiver::add_counterparty(
        &mut p.store,
        &a,
        NewCounterparty {
            kind: CounterpartyKind::Receiver,
            name: "东江环保".into(),
            uscc: None,
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            region_code: None,
        },
        now(),
    )
    .unwrap();
    receiver::add_licence(
        &mut p.store,
        &a,
        NewLicence {
            counterparty: "东江环保".into(),
            licence_no: "GD-HW-001".into(),
            licence_type: LicenceType::Comprehensive,
            valid_from: "2024-01-01".into(),
            valid_to: "2028-12-31".into(),
            categories: vec!["HW08".into()],
            codes: vec![],
            methods: vec!["D10".into()],
            annual_capacity_t: None,
        },
        now(),
    )
    .unwrap();
    shipment::ship(
        &mut p.store,
        &a,
        ShipInput {
            manifest_no: "20254403000123".into(),
            receiver: "东江环保".into(),
            transporter: None,
            own_transport: true,
            vehicle_plate: Some("粤B12345".into()),
            transfer_type: None,
            approval_no: None,
            purpose: Purpose::Disposal,
            method: "D10".into(),
            containers: vec!["D1".into()],
            weight_source: WeightSource::Measured,
            shipped_at_local: Some("2025-03-02T09:00".into()),
            override_reason: None,
            handlers: Default::default(),
        },
        now(),
    )
    .unwrap();
    own::treat(
        &mut p.store,
        &a,
        own::OwnTreatInput {
            container_id: "D2".into(),
            purpose: Purpose::Utilisation,
            facility_code: "RX-01".into(),
            method: "R4".into(),
            at_local: Some("2025-03-02T11:00".into()),
            finished_on: None,
            handlers: Default::default(),
        },
        now(),
    )
    .unwrap();
    solid::add_stream(
        &mut p.store,
        &a,
        NewSwStream {
            code: "398-001-S17".into(),
            name: "废纸箱".into(),
            physical_form: PhysicalForm::Solid,
            process: "包装".into(),
        },
        now(),
    )
    .unwrap();
    let rec = |q: &str, route: Option<&str>, receiver: Option<&str>| SwRecordInput {
        stream: "废纸箱".into(),
        quantity: q.into(),
        unit: MassUnit::T,
        at_local: Some("2025-03-02T12:00".into()),
        route: route.map(|r| Route::parse("route", r).unwrap()),
        onsite: false,
        receiver: receiver.map(str::to_string),
        receiver_uscc: None,
        transporter: None,
        document_no: None,
        storage_place: None,
    };
    solid::record_generation(&mut p.store, &a, rec("3", None, None), now()).unwrap();
    solid::record_outbound(&mut p.store, &a, rec("2", Some("recycling"), Some("再生资源公司")), now()).unwrap();
    solid::record_outbound(&mut p.store, &a, rec("0.5", Some("landfill"), Some("市填埋场")), now()).unwrap();
    p
}

#[test]
fn solid_waste_outbound_never_exceeds_stock_and_names_its_receiver() {
    let mut p = month_of_records();
    let a = p.admin.clone();
    let base = SwRecordInput {
        stream: "398-001-S17".into(),
        quantity: "0.6".into(),
        unit: MassUnit::T,
        at_local: None,
        route: Some(Route::Recycling),
        onsite: false,
        receiver: Some("再生资源公司".into()),
        receiver_uscc: None,
        transporter: None,
        document_no: None,
        storage_place: None,
    };
    let (_, audits) = p.counts();
    let e = solid::record_outbound(&mut p.store, &a, base.clone(), now()).unwrap_err();
    assert_eq!(e.field(), Some("quantity"), "0.5 t in store: {e}");
    let e = solid::record_outbound(
        &mut p.store,
        &a,
        SwRecordInput { receiver: None, quantity: "0.1".into(), ..base.clone() },
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("receiver"));
    // An unknown route cannot even be typed: the IPC/CLI parse refuses it, naming the field.
    assert_eq!(Route::parse("route", "burn").unwrap_err().field(), Some("route"));
    let e = solid::record_outbound(&mut p.store, &a, SwRecordInput { route: None, ..base.clone() }, now()).unwrap_err();
    assert_eq!(e.field(), Some("route"), "an outbound batch without its route is refused");
    assert_eq!(p.counts().1, audits, "refusals write nothing");
    // Voiding the generation that was already sent out is refused.
    let gen_id: String =
        p.store.conn().query_row("SELECT id FROM sw_record WHERE kind = 'generation'", [], |r| r.get(0)).unwrap();
    assert_eq!(solid::void(&mut p.store, &a, &gen_id, "录错", now()).unwrap_err().kind(), ErrorKind::Conflict);
    assert_eq!(solid::stream(p.store.conn(), "stream", "废纸箱").unwrap().stock_t, "0.500000");
}

#[test]
fn gri_306_splits_diverted_and_disposal_and_gives_both_diversion_rates() {
    let p = month_of_records();
    let g = gri::disclosure(p.store.conn(), d("2025-03-01"), d("2025-03-31")).unwrap();
    assert_eq!(g.generated_hazardous_g, 800_000);
    assert_eq!(g.generated_non_hazardous_g, 3_000_000);
    // 306-4: D2 recycled on site (R4) 200 kg + cardboard recycled 2 t.
    assert_eq!(g.diverted_g, 2_200_000);
    // 306-5: D1 incinerated (D10) 500 kg + 0.5 t landfilled.
    assert_eq!(g.disposal_g, 1_000_000);
    // Identity: generated = diverted + disposal + Δstock (D3 100 kg + cardboard 0.5 t still held).
    assert_eq!(g.generated_hazardous_g + g.generated_non_hazardous_g, g.diverted_g + g.disposal_g + g.stock_change_g);
    assert_eq!(g.gri_diversion_bp, Some(5789), "2.2 / 3.8 = 57.89 %");
    // ZWtL: (3.2 handled − 0.5 landfill − 0.5 incineration w/o ER) / 3.2 = 68.75 %.
    assert_eq!(g.zwtl_diversion_bp, Some(6875));
    let onsite = g.routes.iter().find(|r| r.route == Route::Recycling && r.hazardous).unwrap();
    assert!(onsite.onsite, "own treatment is on site");
    assert!(g.unmapped_methods.is_empty());
}

#[test]
fn energy_recovery_is_disposal_under_gri_but_diverted_under_zwtl() {
    let mut p = month_of_records();
    let a = p.admin.clone();
    let i = SwRecordInput {
        stream: "废纸箱".into(),
        quantity: "0.5".into(),
        unit: MassUnit::T,
        at_local: Some("2025-03-02T15:00".into()),
        route: Some(Route::EnergyRecovery),
        onsite: false,
        receiver: Some("垃圾焚烧发电厂".into()),
        receiver_uscc: None,
        transporter: None,
        document_no: None,
        storage_place: None,
    };
    solid::record_outbound(&mut p.store, &a, i, now()).unwrap();
    let g = gri::disclosure(p.store.conn(), d("2025-03-01"), d("2025-03-31")).unwrap();
    assert_eq!((g.diverted_g, g.disposal_g), (2_200_000, 1_500_000), "WtE is 306-5");
    // ZWtL: (3.7 − 0.5 − 0.5) / 3.7 = 72.97 % — WtE counts as diverted.
    assert_eq!(g.zwtl_diversion_bp, Some(7297));
}

fn cell(sheet: &calamine::Range<Data>, text: &str) -> Option<(u32, u32)> {
    sheet.cells().find(|(_, _, v)| matches!(v, Data::String(s) if s == text)).map(|(r, c, _)| (r as u32, c as u32))
}

#[test]
fn the_month_exports_to_xlsx_with_every_table_and_exact_numbers() {
    let p = month_of_records();
    let m = Period::month("month", "2025-03").unwrap();
    let bytes = export::ledger(p.store.conn(), &m, Format::Xlsx, &mut |_, _| true).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    for s in ["B.1 产生", "B.2 入库", "B.3 出库", "B.4 自行利用处置", "B.5 委外利用处置", "月度汇总", "一般工业固废"]
    {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    let b5 = wb.worksheet_range("B.5 委外利用处置").unwrap();
    let (r, _) = cell(&b5, "HWWWCZ20250302001").expect("the B.5 batch code");
    let row: Vec<&Data> = (0..b5.width() as u32).filter_map(|c| b5.get_value((r, c))).collect();
    assert!(row.iter().any(|v| matches!(v, Data::String(s) if s == "20254403000123")), "manifest number on the line");
    assert!(row.iter().any(|v| matches!(v, Data::Float(f) if (*f - 500.0).abs() < 1e-9)), "500.000 kg as a number");
    let b1 = wb.worksheet_range("B.1 产生").unwrap();
    assert_eq!(b1.cells().filter(|(_, _, v)| matches!(v, Data::String(s) if s.starts_with("HWCS2025"))).count(), 3);
    let summary = wb.worksheet_range("月度汇总").unwrap();
    let (r, _) = cell(&summary, "900-249-08").unwrap();
    let nums: Vec<f64> = (0..summary.width() as u32)
        .filter_map(|c| match summary.get_value((r, c)) {
            Some(Data::Float(f)) => Some(*f),
            _ => None,
        })
        .collect();
    // serial no., opening 0, generated 0.8 t, own 0.2 t, outsourced 0.5 t, closing 0.1 t: the
    // summary reports in tonnes (issue 9 item 4).
    assert_eq!(&nums[nums.len() - 5..], &[0.0, 0.8, 0.2, 0.5, 0.1]);
    let sw = wb.worksheet_range("一般工业固废").unwrap();
    assert!(cell(&sw, "市填埋场").is_some());
}

#[test]
fn a_ledger_view_covers_any_period_and_one_code_with_totals_over_every_row() {
    use export::LedgerTable::{B1Generation, SolidWaste, Summary};
    let mut p = month_of_records();
    let a = p.admin.clone();
    // A second code in February: outside March, inside February–March.
    let e1 = GenerationInput {
        container_id: "E1".into(),
        generated_at_local: Some("2025-02-20T08:00".into()),
        ..input("900-041-49", "12.5", MassUnit::Kg)
    };
    generation::record(&mut p.store, &a, e1, now()).unwrap();
    let c = p.store.conn();
    let march = Period::month("month", "2025-03").unwrap();
    let spring = Period::between("2025-02-01", "2025-03-31").unwrap();

    let v = export::ledger_view(c, &march, B1Generation, None, 100).unwrap();
    assert_eq!((v.total_rows, v.rows.len()), (3, 3), "March: D1–D3 only");
    assert_eq!(v.columns[6].header, "代码");
    assert!(v.columns[7].numeric && !v.columns[6].numeric, "the quantity column is numeric");
    assert!(v.rows.iter().all(|r| r[6] == "900-249-08" && r.len() == v.columns.len()));
    assert!(v.subtitle.iter().any(|l| l == "记录期间：2025年03月"), "{:?}", v.subtitle);

    let all = export::ledger_view(c, &spring, B1Generation, None, 100).unwrap();
    assert_eq!(all.total_rows, 4);
    assert!(all.subtitle.iter().any(|l| l == "记录期间：2025-02-01 至 2025-03-31"), "{:?}", all.subtitle);
    let only = export::ledger_view(c, &spring, B1Generation, Some(" 900-041-49 "), 100).unwrap();
    assert_eq!((only.total_rows, only.rows[0][8].as_str(), only.rows[0][7].as_str()), (1, "E1", "12.500"));
    assert_eq!(only.code.as_deref(), Some("900-041-49"));
    assert!(only.footer[0].contains("1 条，12.500 kg"), "{:?}", only.footer);
    assert!(only.subtitle.iter().any(|l| l == "废物代码：900-041-49"));

    // Regression: B.2/B.3 printed the facility kind's key ("store") instead of 贮存库.
    let b2 = export::ledger_view(c, &march, export::LedgerTable::B2IntoStorage, None, 100).unwrap();
    let kind = b2.columns.iter().position(|c| c.header == "设施类型").expect("B.2 has 设施类型");
    assert!(b2.total_rows == 3 && b2.rows.iter().all(|r| r[kind] == "贮存库"), "{:?}", b2.rows);

    // The screen gets the first rows; the count and the totals cover every row.
    let cut = export::ledger_view(c, &spring, B1Generation, None, 2).unwrap();
    assert_eq!((cut.rows.len(), cut.total_rows), (2, 4));
    assert!(cut.footer[0].contains("4 条，812.500 kg"), "{:?}", cut.footer);

    // The summary over a range says 期初/期末 and narrows to one code.
    let s = export::ledger_view(c, &spring, Summary, Some("900-249-08"), 100).unwrap();
    assert!(s.title.contains("期间汇总") && s.columns.iter().any(|h| h.header == "期初贮存量"), "{s:?}");
    assert_eq!(s.rows.len(), 1);
    assert_eq!(&s.rows[0][4..], &["0.000000", "0.800000", "0.200000", "0.500000", "0.100000"], "in tonnes");
    let sm = export::ledger_view(c, &march, Summary, None, 100).unwrap();
    assert!(sm.title.contains("月度汇总") && sm.columns.iter().any(|h| h.header == "上月末贮存量"));
    assert_eq!(sm.rows.len(), 1, "E1's code has nothing in March");

    // General solid waste filters by its own code.
    assert_eq!(export::ledger_view(c, &march, SolidWaste, Some("398-001-S17"), 100).unwrap().total_rows, 3);
    assert_eq!(export::ledger_view(c, &march, SolidWaste, Some("398-001-S99"), 100).unwrap().total_rows, 0);

    // Bad input names its field.
    assert_eq!(Period::between("2025-04-30", "2025-03-01").unwrap_err().field(), Some("to"));
    assert_eq!(Period::between("2025-13-01", "2025-03-01").unwrap_err().field(), Some("from"));
    assert_eq!(Period::between("2015-01-01", "2025-03-01").unwrap_err().field(), Some("to"), "over ten years");
    assert_eq!(export::LedgerTable::parse("table", "b9").unwrap_err().field(), Some("table"));

    // The view's export: one sheet, every row of that code, read back.
    let bytes =
        export::table_document(c, &spring, B1Generation, Some("900-041-49"), Format::Xlsx, &mut |_, _| true).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["B.1 产生".to_string()]);
    let b1 = wb.worksheet_range("B.1 产生").unwrap();
    assert!(cell(&b1, "E1").is_some() && cell(&b1, "D1").is_none(), "only the filtered code");
    assert_eq!(
        export::table_file_name("T-01", &spring, B1Generation, Some("900-041-49"), Format::Xlsx),
        "T-01-B1-900-041-49-2025-02-01至2025-03-31.xlsx"
    );
}

#[test]
fn the_month_and_the_manifest_export_to_pdf_with_their_text() {
    let p = month_of_records();
    let m = Period::month("month", "2025-03").unwrap();
    let mut calls = 0;
    let pdf = export::ledger(p.store.conn(), &m, Format::Pdf, &mut |_, _| {
        calls += 1;
        true
    })
    .unwrap();
    assert!(pdf.starts_with(b"%PDF") && calls > 1, "progress reported");
    let cancelled = export::ledger(p.store.conn(), &m, Format::Pdf, &mut |_, _| false).unwrap_err();
    assert!(cancelled.to_string().contains("cancelled"));
    assert_eq!(cancelled.kind(), ehs_ledger::ErrorKind::Cancelled, "the UI branches on the kind, never the text");
    let manifest =
        docs::manifest_pdf(&export::manifest_doc(p.store.conn(), "20254403000123", d("2025-03-03")).unwrap()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    assert!(text.contains("危险废物委外利用/处置环节记录表"), "B.5 title");
    // Long codes may wrap inside their cell; the characters are all there, in order.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("HWWWCZ20250302001"),
        "B.5 batch code: {}",
        text.lines().filter(|l| l.contains("HWWW") || l.contains("0302")).collect::<Vec<_>>().join("\n")
    );
    assert!(text.contains("一般工业固体废物管理台账"));
    let mt = pdftotext(&manifest).unwrap();
    assert!(mt.contains("20254403000123") && mt.contains("危险废物转移联单") && mt.contains("东江环保"), "{mt}");
    assert!(mt.contains("GD-HW-001"), "receiver licence on the manifest");
}

/// The text of a PDF via poppler's pdftotext (installed by scripts/setup.sh), or None if absent.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => {
            eprintln!("pdftotext not available; PDF text not checked");
            None
        }
    }
}

#[test]
fn the_management_category_comes_from_the_ledger_and_lists_the_filings_due() {
    let mut p = plant();
    let a = p.admin.clone();
    let i = GenerationInput {
        container_id: "Y1".into(),
        generated_at_local: Some("2024-06-01T09:00".into()),
        ..input("900-249-08", "12", MassUnit::T)
    };
    generation::record(&mut p.store, &a, i, now()).unwrap();
    let c = ehs_ledger::waste::category::for_plant(p.store.conn(), d("2025-03-03")).unwrap();
    assert_eq!((c.category.as_str(), c.basis_t.as_str(), c.reason_key.as_str()), ("simplified", "12.000000", "ge10"));
    let due: Vec<(&str, &str, &str)> =
        c.upcoming.iter().map(|f| (f.filing.as_str(), f.period.as_str(), f.due.as_str())).collect();
    assert_eq!(
        due,
        vec![("plan", "2025", "2025-03-31"), ("annual", "2024", "2025-03-31"), ("quarterly", "2025-Q1", "2025-04-15")]
    );
    // 28, 28 and 43 days ahead: reminders, not yet warnings.
    assert!(c.upcoming.iter().all(|f| f.severity == Severity::Info), "{:?}", c.upcoming);
    let c = ehs_ledger::waste::category::for_plant(p.store.conn(), d("2025-03-30")).unwrap();
    assert_eq!((c.upcoming[0].days_left, c.upcoming[0].severity.as_str()), (1, "critical"));
    let c = ehs_ledger::waste::category::for_plant(p.store.conn(), d("2025-04-10")).unwrap();
    assert_eq!((c.upcoming[0].period.as_str(), c.upcoming[0].severity.as_str()), ("2025-Q1", "warning"));
    ehs_ledger::plant::settings::set(&mut p.store, &a, "own_hw_facility", "yes", now()).unwrap();
    let c = ehs_ledger::waste::category::for_plant(p.store.conn(), d("2025-03-03")).unwrap();
    assert_eq!(
        (c.category.as_str(), c.reason_key.as_str()),
        ("key", "own_facility"),
        "an own HW facility makes the site 重点"
    );
}
