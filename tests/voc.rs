//! Issue 12 item 6: the VOCs area on real files through the real ledger functions — the
//! DB44/816 test vector (domain.md §11 item 8: I 12,000 kg, O1 1,500 kg, O2 9,900 kg → 600 kg,
//! 1.0 g/m²) with O1 partly read off a hazardous-waste shipment, the monitoring method beside it,
//! a voided line leaving the figures, refused input writing nothing, and the figures in the
//! week summary (pro-rated by days) and the management report.

mod common;

use common::week_plant::{gen, now, plant_in, receiver, ship, week, RECEIVER};
use ehs_ledger::air::materials::{self, ContentBasis, NewVocMaterial, UsageInput, WasteContentInput};
use ehs_ledger::air::sources::{self, EfficiencyBasis, NewVocSource, SourceKind};
use ehs_ledger::air::stack_tests::{self, AreaInput, TestInput};
use ehs_ledger::air::{self, VocRecord};
use ehs_ledger::indicators::FigureMethod;
use ehs_ledger::plant::{Jurisdiction, Role};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::receiver::{self as recv, NewLicence};
use ehs_ledger::{sync, ErrorKind};

fn audits(p: &common::Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

fn voc_rows(p: &common::Plant) -> i64 {
    p.store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM voc_source) + (SELECT count(*) FROM voc_material)
                  + (SELECT count(*) FROM voc_usage) + (SELECT count(*) FROM voc_waste_content)
                  + (SELECT count(*) FROM voc_test) + (SELECT count(*) FROM voc_coated_area)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn source_input(code: &str, capture: &str, removal: &str) -> NewVocSource {
    NewVocSource {
        code: code.into(),
        name: "底漆喷涂线".into(),
        kind: SourceKind::CoatingLine,
        limit_mg_m3: Some("50".into()),
        target_mg_m3: Some("12.5".into()),
        capture_pct: capture.into(),
        removal_pct: removal.into(),
        efficiency_basis: EfficiencyBasis::Tested,
        efficiency_note: Some("RTO 2026 年验收监测".into()),
        hours_per_month: "400".into(),
    }
}

fn material(name: &str, basis: ContentBasis, content: &str, density: Option<&str>) -> NewVocMaterial {
    NewVocMaterial {
        name: name.into(),
        supplier: Some("涂料供应商".into()),
        content_basis: basis,
        content: content.into(),
        density_g_l: density.map(Into::into),
        document_no: Some("SDS-2026-01".into()),
        waterborne: false,
    }
}

fn usage(material: &str, used_kg: &str, recovered_kg: Option<&str>, source: Option<&str>) -> UsageInput {
    UsageInput {
        month: "2027-01".into(),
        material: material.into(),
        batch: Some("B240101".into()),
        source: source.map(Into::into),
        purchased: Some(used_kg.into()),
        used: used_kg.into(),
        recovered: recovered_kg.map(Into::into),
        unit: MassUnit::Kg,
        note: None,
    }
}

/// The vector's plant: line L1 with η_c·η_r = 0.88 × 0.9375 = 0.825; 16,000 kg of a 50 %
/// primer (1,000 kg of it recovered → 500 kg VOCs) and 8,000 kg of a thinner given as 440 g/L
/// at 880 g/L (= 50 %) → I = 12,000 kg; paint sludge 900-252-12 at 25 % VOCs, 4,000 kg shipped
/// in January → 1,000 kg; O1 = 1,500 kg; area 600,000 m².
fn vector_plant() -> common::Plant {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let a = p.admin.clone();
    sources::add_source(&mut p.store, &a, source_input("L1", "88", "93.75"), now()).unwrap();
    materials::add_material(&mut p.store, &a, material("溶剂型底漆", ContentBasis::MassPct, "50", None), now())
        .unwrap();
    let thinner =
        materials::add_material(&mut p.store, &a, material("稀释剂", ContentBasis::GPerL, "440", Some("880")), now())
            .unwrap();
    assert_eq!(thinner.voc_mass_pct, "50", "440 g/L ÷ 880 g/L");
    materials::add_usage(&mut p.store, &a, usage("溶剂型底漆", "16000", Some("1000"), Some("L1")), now()).unwrap();
    materials::add_usage(&mut p.store, &a, usage("稀释剂", "8000", None, Some("L1")), now()).unwrap();
    // The waste ledger: paint sludge generated, stored and shipped under a manifest.
    receiver(&mut p);
    let licence = NewLicence {
        counterparty: RECEIVER.into(),
        licence_no: "GD-HW12".into(),
        licence_type: "comprehensive".parse().unwrap(),
        valid_from: "2021-01-01".into(),
        valid_to: "2030-12-31".into(),
        categories: vec!["HW12".into()],
        codes: vec![],
        methods: vec!["D10".into()],
        annual_capacity_t: Some("5000".into()),
    };
    recv::add_licence(&mut p.store, &a, licence, now()).unwrap();
    gen(&mut p, "S1", "900-252-12", "2000", "2027-01-05T09:00", true);
    gen(&mut p, "S2", "900-252-12", "2000", "2027-01-06T09:00", true);
    ship(&mut p, "20274403000001", &["S1", "S2"], "2027-01-20T09:00");
    let content = WasteContentInput {
        code: "900-252-12".into(),
        voc_pct: "25".into(),
        document_no: Some("检测报告 2026-088".into()),
        valid_from: "2026-12-01".into(),
    };
    materials::set_waste_content(&mut p.store, &a, content, now()).unwrap();
    let area = AreaInput { month: "2027-01".into(), area_m2: 600_000, basis: Some("10,000 台 × 60 m²".into()) };
    stack_tests::set_area(&mut p.store, &a, area, now()).unwrap();
    p
}

/// domain.md §11 item 8 through the real ledger, with O1 read off the waste shipment.
#[test]
fn the_db44_vector_through_the_ledger_with_o1_from_a_shipment() {
    let p = vector_plant();
    let m = air::emissions(p.store.conn(), "2027-01").unwrap();
    let b = &m.balance;
    assert_eq!(b.input_g, 12_000_000);
    assert_eq!(b.recovered_ledger_g, 500_000);
    assert_eq!(b.recovered_waste_g, 1_000_000);
    assert_eq!(b.recovered_g, 1_500_000);
    assert_eq!(b.abated_g, 9_900_000);
    assert_eq!(b.emitted_g, 600_000, "E = I − O1 − O2 = 600 kg/month");
    assert_eq!(b.g_per_m2.as_deref(), Some("1.000"));
    assert!(!b.inconsistent);
    // O1 from waste is visible per code: shipped t, VOC %, O1 kg, manifest numbers.
    assert_eq!(b.waste.len(), 1);
    let w = &b.waste[0];
    assert_eq!(
        (w.code.as_str(), w.shipped_t.as_str(), w.voc_pct.as_str(), w.recovered_kg.as_str()),
        ("900-252-12", "4.000000", "25", "1000.000")
    );
    assert_eq!(w.manifests, vec!["20274403000001".to_string()]);
    // No test: the reported figure is the balance, and says so.
    assert_eq!((m.emitted_g, m.emitted_method), (600_000, FigureMethod::MaterialBalance));
    assert_eq!(m.monitoring.emitted_g, None);
    assert_eq!(m.monitoring.unmonitored, vec!["L1".to_string()]);
    // The audit trail proves every VOC record.
    let proof = ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
    assert_eq!(proof.first_difference, None, "every VOC record audited");
}

/// A waste VOC content valid only from a later day does not apply to an earlier shipment, and a
/// month takes only its own shipments.
#[test]
fn o1_from_waste_uses_the_content_valid_on_the_shipping_day() {
    let mut p = vector_plant();
    let a = p.admin.clone();
    let later = WasteContentInput {
        code: "900-252-12".into(),
        voc_pct: "30".into(),
        document_no: None,
        valid_from: "2027-01-21".into(),
    };
    materials::set_waste_content(&mut p.store, &a, later, now()).unwrap();
    let m = air::emissions(p.store.conn(), "2027-01").unwrap();
    assert_eq!(m.balance.recovered_waste_g, 1_000_000, "shipped on the 20th: still 25 %");
    // Shipments of February are not in January.
    assert_eq!(air::emissions(p.store.conn(), "2027-02").unwrap().balance.waste, vec![]);
}

#[test]
fn monitoring_beside_the_balance_and_the_reported_method() {
    let mut p = vector_plant();
    let a = p.admin.clone();
    for (c, at) in [("10", "2027-01-10T10:00"), ("14", "2027-01-24T10:00")] {
        let t = TestInput {
            source: "L1".into(),
            sampled_at_local: at.into(),
            c_mg_m3: c.into(),
            q_nm3_h: "20000".into(),
            hours: None,
            lab: Some("华测检测".into()),
            report_no: Some(format!("R-{c}")),
        };
        stack_tests::add_test(&mut p.store, &a, t, now()).unwrap();
    }
    let m = air::emissions(p.store.conn(), "2027-01").unwrap();
    // mean(10, 14) × 20,000 Nm³/h × 400 h = 96,000,000 mg = 96 kg.
    let expected = (10 + 14) * 20_000 / 2 * 400 / 1_000;
    assert_eq!(m.monitoring.emitted_g, Some(expected));
    assert_eq!((m.emitted_g, m.emitted_method), (expected, FigureMethod::Monitored));
    assert_eq!(m.balance.emitted_g, 600_000, "the balance stays beside it");
    assert!(m.monitoring.unmonitored.is_empty());
    let tests = &m.monitoring.sources[0].tests;
    let checks: Vec<(Option<bool>, Option<bool>)> = tests.iter().map(|t| (t.over_limit, t.over_target)).collect();
    assert_eq!(checks, vec![(Some(false), Some(false)), (Some(false), Some(true))], "14 > target 12.5, < limit 50");
}

#[test]
fn a_voided_line_leaves_the_figures() {
    let mut p = vector_plant();
    let a = p.admin.clone();
    let wrong = materials::add_usage(&mut p.store, &a, usage("稀释剂", "500", None, None), now()).unwrap();
    assert_eq!(air::emissions(p.store.conn(), "2027-01").unwrap().balance.input_g, 12_250_000);
    // The material is in use: it cannot be voided from under the line.
    let m = materials::find_material(p.store.conn(), "material", "稀释剂").unwrap();
    let e = air::void(&mut p.store, &a, VocRecord::Material, &m.id, "录入错误", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    air::void(&mut p.store, &a, VocRecord::Usage, &wrong.id, "重复录入", now()).unwrap();
    let month = air::emissions(p.store.conn(), "2027-01").unwrap();
    assert_eq!(month.balance.input_g, 12_000_000);
    assert_eq!(month.balance.emitted_g, 600_000);
    let lines = materials::usage(p.store.conn(), "2027-01", true).unwrap();
    assert!(lines.iter().any(|l| l.voided && l.void_reason.as_deref() == Some("重复录入")), "kept, voided");
    assert_eq!(materials::usage(p.store.conn(), "2027-01", false).unwrap().len(), 2);
    let e = air::void(&mut p.store, &a, VocRecord::Usage, &wrong.id, "again", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
}

#[test]
fn bad_input_is_refused_with_its_field_and_writes_nothing() {
    let mut p = vector_plant();
    let a = p.admin.clone();
    let before = (audits(&p), voc_rows(&p));
    let field = |r: ehs_ledger::Result<()>| r.unwrap_err().field().map(str::to_string);
    let s = &mut p.store;
    let add_usage = |s: &mut ehs_ledger::Store, u: UsageInput| materials::add_usage(s, &a, u, now()).map(|_| ());
    assert_eq!(field(add_usage(s, usage("溶剂型底漆", "abc", None, None))).as_deref(), Some("used"));
    assert_eq!(field(add_usage(s, usage("溶剂型底漆", "0", None, None))).as_deref(), Some("used"));
    assert_eq!(field(add_usage(s, usage("溶剂型底漆", "1.2345", None, None))).as_deref(), Some("used"));
    assert_eq!(field(add_usage(s, usage("溶剂型底漆", "10", Some("11"), None))).as_deref(), Some("recovered"));
    assert_eq!(field(add_usage(s, usage("无此材料", "10", None, None))).as_deref(), Some("material"));
    assert_eq!(field(add_usage(s, usage("溶剂型底漆", "10", None, Some("L9")))).as_deref(), Some("source"));
    assert_eq!(
        field(add_usage(s, UsageInput { month: "2027-13".into(), ..usage("溶剂型底漆", "10", None, None) })).as_deref(),
        Some("month")
    );
    let add_mat = |s: &mut ehs_ledger::Store, m: NewVocMaterial| materials::add_material(s, &a, m, now()).map(|_| ());
    assert_eq!(field(add_mat(s, material("X", ContentBasis::MassPct, "120", None))).as_deref(), Some("content"));
    assert_eq!(field(add_mat(s, material("X", ContentBasis::GPerL, "420", None))).as_deref(), Some("density_g_l"));
    assert_eq!(field(add_mat(s, material("X", ContentBasis::GPerL, "900", Some("880")))).as_deref(), Some("content"));
    assert_eq!(field(add_mat(s, material("溶剂型底漆", ContentBasis::MassPct, "5", None))).as_deref(), Some("name"));
    let add_src = |s: &mut ehs_ledger::Store, n: NewVocSource| sources::add_source(s, &a, n, now()).map(|_| ());
    assert_eq!(field(add_src(s, source_input("L2", "101", "90"))).as_deref(), Some("capture_pct"));
    assert_eq!(field(add_src(s, source_input("L1", "90", "90"))).as_deref(), Some("code"));
    assert_eq!(
        field(add_src(s, NewVocSource { hours_per_month: "800".into(), ..source_input("L2", "90", "90") })).as_deref(),
        Some("hours_per_month")
    );
    let wc = |code: &str, pct: &str| WasteContentInput {
        code: code.into(),
        voc_pct: pct.into(),
        document_no: None,
        valid_from: "2027-01-01".into(),
    };
    let set = |s: &mut ehs_ledger::Store, w| materials::set_waste_content(s, &a, w, now()).map(|_| ());
    assert_eq!(field(set(s, wc("900-252-41", "10"))).as_deref(), Some("code"));
    assert_eq!(field(set(s, wc("900-252-12", "-1"))).as_deref(), Some("voc_pct"));
    let test = |c: &str, q: &str, at: &str| TestInput {
        source: "L1".into(),
        sampled_at_local: at.into(),
        c_mg_m3: c.into(),
        q_nm3_h: q.into(),
        hours: None,
        lab: None,
        report_no: None,
    };
    let add_test = |s: &mut ehs_ledger::Store, t| stack_tests::add_test(s, &a, t, now()).map(|_| ());
    assert_eq!(field(add_test(s, test("1e3", "100", "2027-01-10T10:00"))).as_deref(), Some("c_mg_m3"));
    assert_eq!(field(add_test(s, test("10", "0", "2027-01-10T10:00"))).as_deref(), Some("q_nm3_h"));
    assert_eq!(field(add_test(s, test("10", "100", "2030-01-10T10:00"))).as_deref(), Some("sampled_at_local"));
    let area = AreaInput { month: "2027-01".into(), area_m2: 0, basis: None };
    assert_eq!(field(stack_tests::set_area(s, &a, area, now()).map(|_| ())).as_deref(), Some("area_m2"));
    assert_eq!((audits(&p), voc_rows(&p)), before, "nothing written, nothing audited");

    // An inspector may read but not write.
    let inspector = p.add_user("inspector", Role::Inspector);
    let e = materials::add_usage(&mut p.store, &inspector, usage("溶剂型底漆", "10", None, None), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
}

/// The figures reach the week summary, pro-rated by the days of the month the week covers.
#[test]
fn figures_appear_in_the_week_summary_pro_rated_by_days() {
    let p = vector_plant();
    // 2027-W02 = Jan 11–17: 7 of January's 31 days.
    let s = sync::week_summary(p.store.conn(), week("2027-W02")).unwrap();
    let share = |g: i64| {
        let n = i128::from(g) * 7;
        i64::try_from((n + 15) / 31).unwrap() // half away from zero for positive values
    };
    for (key, month_g) in [
        ("voc_input_g", 12_000_000),
        ("voc_recovered_g", 1_500_000),
        ("voc_abated_g", 9_900_000),
        ("voc_emitted_balance_g", 600_000),
        ("voc_emitted_g", 600_000),
        ("voc_coated_area_m2", 600_000),
    ] {
        assert_eq!(s.total(key), Some(share(month_g)), "{key}");
    }
    assert_eq!(s.total("voc_emitted_monitored_g"), None, "no test: no monitored figure");
    let f = s.totals.iter().find(|f| f.key == "voc_emitted_g").unwrap();
    assert_eq!(f.method, FigureMethod::MaterialBalance);
    let details = &s.parts[0].details[&ehs_ledger::areas::Area::Air];
    assert_eq!(details["months"][0]["days_covered"], 7);
    assert_eq!(details["months"][0]["waste"][0]["manifests"][0], "20274403000001");
    // The weeks of January add up to the month within rounding (one gram per week part).
    let weeks = ["2026-W53", "2027-W01", "2027-W02", "2027-W03", "2027-W04", "2027-W05"];
    let jan: i64 = weeks
        .iter()
        .map(|w| {
            let s = sync::week_summary(p.store.conn(), week(w)).unwrap();
            s.parts.iter().filter(|x| x.month == "2027-01").filter_map(|x| part(x, "voc_emitted_g")).sum::<i64>()
        })
        .sum();
    assert!((jan - 600_000).abs() <= weeks.len() as i64, "{jan}");
    // A plant with no VOC data reports no VOC figure at all.
    let empty = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let s = sync::week_summary(empty.store.conn(), week("2027-W02")).unwrap();
    assert!(s.totals.iter().all(|f| !f.key.starts_with("voc_")), "{:?}", s.totals);
}

fn part(p: &sync::week::MonthPart, key: &str) -> Option<i64> {
    p.figures.iter().find(|f| f.key == key).map(|f| f.value)
}

#[test]
fn the_management_report_has_a_voc_section() {
    let p = vector_plant();
    let period = ehs_ledger::report::Period::parse_month("period", "2027-01").unwrap();
    let r =
        ehs_ledger::report::management(p.store.conn(), period, chrono::NaiveDate::from_ymd_opt(2027, 2, 10).unwrap())
            .unwrap();
    assert_eq!(r.figure("voc_emitted_g"), Some(600_000));
    assert!(r.sections.iter().any(|s| s.area == ehs_ledger::areas::Area::Air));
    let empty = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let r = ehs_ledger::report::management(
        empty.store.conn(),
        period,
        chrono::NaiveDate::from_ymd_opt(2027, 2, 10).unwrap(),
    )
    .unwrap();
    assert!(r.sections.iter().all(|s| s.area != ehs_ledger::areas::Area::Air));
}

/// Regression guard: a month where only one of two sources that used VOC materials was tested
/// reports the balance (which covers both), not the partial monitored total (which would leave
/// the untested line out and report too little); the monitored total stays beside it.
#[test]
fn partial_monitoring_is_not_reported_as_the_plants_emissions() {
    let mut p = vector_plant();
    let a = p.admin.clone();
    sources::add_source(&mut p.store, &a, source_input("L2", "0", "0"), now()).unwrap();
    materials::add_usage(&mut p.store, &a, usage("稀释剂", "1000", None, Some("L2")), now()).unwrap();
    let t = TestInput {
        source: "L1".into(),
        sampled_at_local: "2027-01-10T10:00".into(),
        c_mg_m3: "10".into(),
        q_nm3_h: "20000".into(),
        hours: None,
        lab: None,
        report_no: None,
    };
    stack_tests::add_test(&mut p.store, &a, t, now()).unwrap();
    let m = air::emissions(p.store.conn(), "2027-01").unwrap();
    assert_eq!(m.monitoring.unmonitored, vec!["L2".to_string()]);
    assert!(m.monitoring.emitted_g.is_some());
    assert_eq!((m.emitted_g, m.emitted_method), (m.balance.emitted_g, FigureMethod::MaterialBalance));
    // The week's figures say the same.
    let (figs, _, _) =
        ehs_ledger::indicators::for_range(p.store.conn(), "2027-01-01".parse().unwrap(), "2027-01-31".parse().unwrap())
            .unwrap();
    let reported = figs.iter().find(|f| f.key == "voc_emitted_g").unwrap();
    assert_eq!((reported.value, reported.method), (m.balance.emitted_g, FigureMethod::MaterialBalance));
    assert!(figs.iter().any(|f| f.key == "voc_emitted_monitored_g"));
}
