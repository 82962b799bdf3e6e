//! The HQ safety view (issue 13 item 5a): hidden hazards per segment and for the group, the
//! on-time rate 按期整改完成率 as a ratio of sums, the stocks (overdue-open, major-open) as each
//! plant's latest value added over plants, the prior years from HQ's history, and the xlsx / PDF.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone, Utc};
use common::hq::{file, hq, hq_now, synth, Synth};
use common::week_plant::plant_coded;
use ehs_ledger::hazards::hazard::{self, AssignInput, HazardLevel, HazardSource, MajorPlan, NewHazard};
use ehs_ledger::hq::safety::{self, Safety};
use ehs_ledger::hq::{registry, store};
use ehs_ledger::indicators::Aggregation;
use ehs_ledger::plant::{Jurisdiction, Role};
use ehs_ledger::report::Lang;
use ehs_ledger::sync::packets;

const N: &str = "count";

fn row<'a>(sv: &'a Safety, key: &str) -> &'a safety::SafetyRow {
    sv.rows.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("row {key}"))
}

/// (group, [segments]) of a count row, exact.
fn cols(sv: &Safety, key: &str) -> (Option<i64>, Vec<Option<i64>>) {
    let r = row(sv, key);
    (r.group.exact, r.segments.iter().map(|f| f.exact).collect())
}

fn history(q: &mut common::hq::Hq, year: i32, key: &str, value: &str, source: &str) {
    let a = q.admin.clone();
    registry::set_history(&mut q.store, &a, year, key, None, value, source, hq_now()).unwrap();
}

/// Guards domain.md §1.2 / §11 item 10 through HQ's history: the group's published 2,435
/// hazards, all rectified on time, show as 2,435 and 100.00 % in the prior-year column; 2,434 of
/// 2,435 shows 99.96; a year with only the denominator entered does not divide a history figure by
/// nothing from the packets (both counts come from one source).
#[test]
fn the_seed_groups_2435_hazards_at_100_percent_from_history_and_one_late_at_99_96() {
    let mut q = hq();
    for key in ["hazards_found", "hazards_due", "hazards_closed_on_time"] {
        history(&mut q, 2025, key, "2,435", "2025 ESG 报告");
    }
    let sv = safety::compute(q.store.conn(), 2026).unwrap();
    let found = row(&sv, "hazards_found");
    assert_eq!((found.prior[0].exact, found.prior[0].text.as_str()), (Some(2435), "2435"));
    assert!(found.prior[0].source.contains("2025 ESG 报告"), "{}", found.prior[0].source);
    let r = &sv.rate.prior[0];
    assert_eq!((r.closed_on_time, r.due, r.text.as_str()), (Some(2435), Some(2435), "100.00"));
    assert_eq!(r.source, "history: 2025 ESG 报告", "one source, named once");
    assert_eq!(sv.rate.group.text, "—", "2026 has no packets");
    assert!(sv.notes_zh.iter().any(|n| n.contains("2025 年数据取自以往报告")), "{:?}", sv.notes_zh);
    assert!(sv.rate.definition_zh.contains("比率之和") && sv.rate.definition_en.contains("ratio of sums"));
    assert!(sv.rate.formula.contains("closed_on <= deadline"));
    // Two years on, 2025 is the second prior year.
    assert_eq!(safety::compute(q.store.conn(), 2027).unwrap().rate.prior[1].text, "100.00");

    // One of them closed a day late.
    history(&mut q, 2025, "hazards_closed_on_time", "2434", "2025 ESG 报告（更正）");
    let sv = safety::compute(q.store.conn(), 2026).unwrap();
    assert_eq!(sv.rate.prior[0].text, "99.96");
    assert_eq!(sv.rate.prior[0].source, "history: 2025 ESG 报告（更正）; 2025 ESG 报告");

    // Only the denominator entered for 2024: the rate is not 0 / 2,435 against empty packets.
    history(&mut q, 2024, "hazards_due", "2435", "2024 ESG 报告");
    let sv = safety::compute(q.store.conn(), 2026).unwrap();
    assert_eq!(row(&sv, "hazards_due").prior[1].exact, Some(2435));
    let r = &sv.rate.prior[1];
    assert_eq!((r.closed_on_time, r.due, r.text.as_str(), r.source.as_str()), (None, None, "—", ""));
}

/// Guards the ratio of sums at the domain vector through signed packets: 2,000 of 2,000 in one
/// segment and 434 of 435 in the other are 2,434 of 2,435 = 99.96 % for the group — the average
/// of the segment rates would print 99.89.
#[test]
fn packets_of_two_segments_add_numerators_and_denominators_to_99_96() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let b = plant_coded("BJ02", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    q.register(&b, "EV", "2020-01-01");
    let packet = |figs: Vec<(&'static str, i64)>| Synth {
        week: "2026-W11",
        revision: 1,
        reason: None,
        generated_at: "2026-03-16T02:00:00Z",
        figures: figs.into_iter().map(|(k, v)| (k, N, vec![("2026-03", v)])).collect(),
        head: None,
        prev: None,
    };
    let r = q.import(vec![
        file("a", synth(&a, packet(vec![("hazards_due", 2000), ("hazards_closed_on_time", 2000)]))),
        file("b", synth(&b, packet(vec![("hazards_due", 435), ("hazards_closed_on_time", 434)]))),
    ]);
    assert_eq!(r.accepted, 2, "{:?}", r.results);
    let sv = safety::compute(q.store.conn(), 2026).unwrap();
    let seg: Vec<&str> = sv.rate.segments.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(seg, ["100.00", "99.77"]);
    assert_eq!((sv.rate.group.closed_on_time, sv.rate.group.due), (Some(2434), Some(2435)));
    assert_eq!(sv.rate.group.text, "99.96");
    assert_ne!(sv.rate.group.text, "99.89", "not the average of the segment rates");
    // The plant rows carry their own rates; found was not reported, so it reads as no data.
    assert_eq!(sv.plants.iter().map(|p| p.rate.text.as_str()).collect::<Vec<_>>(), ["100.00", "99.77"]);
    assert_eq!(cols(&sv, "hazards_found"), (None, vec![None, None]));
}

struct People {
    inspector: ehs_ledger::plant::Session,
    worker: ehs_ledger::plant::Session,
    manager: ehs_ledger::plant::Session,
}

fn people(p: &mut common::Plant) -> People {
    People {
        inspector: p.add_user("zhang.san", Role::Inspector),
        worker: p.add_user("li.si", Role::Inspector),
        manager: p.add_user("wang.wu", Role::PlantManager),
    }
}

/// 10:00 in Shanghai on a day of March 2026.
fn on(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 2, 0, 0).unwrap()
}

/// Registers a hazard on 10 March and assigns it with `deadline`; returns its number.
fn hazard_due(p: &mut common::Plant, u: &People, level: HazardLevel, lec: [&str; 3], deadline: &str) -> String {
    let h = hazard::register(
        &mut p.store,
        &u.inspector,
        NewHazard {
            area: "冲压车间".into(),
            equipment: "200T 冲床".into(),
            description: "光电保护装置失效".into(),
            category: "机械伤害".into(),
            source: HazardSource::Daily,
            level,
            lec: Some(lec.map(String::from)),
            found_at: Some("2026-03-10T09:00".into()),
        },
        on(10),
    )
    .unwrap();
    let plan = (level == HazardLevel::Major).then(|| MajorPlan {
        funds: "5 万元".into(),
        contingency: "应急预案".into(),
        goal: String::new(),
    });
    hazard::assign(
        &mut p.store,
        &u.inspector,
        &h.number,
        AssignInput {
            assignee: "li.si".into(),
            department: "冲压车间".into(),
            deadline: deadline.into(),
            measures: "更换光电保护器".into(),
            plan,
        },
        on(10),
    )
    .unwrap();
    h.number
}

fn close_on(p: &mut common::Plant, u: &People, number: &str, day: u32) {
    hazard::rectify(&mut p.store, &u.worker, number, "done", on(day)).unwrap();
    hazard::verify(&mut p.store, &u.inspector, number, true, "ok", on(day)).unwrap();
    hazard::close(&mut p.store, &u.manager, number, "", on(day)).unwrap();
}

/// Guards the view on real packets built by two plants' cores (two segments): segment columns
/// and the group total add the plants' counts; the on-time rate is the ratio of the sums (4 of 5
/// = 80.00 %, where the average of the plants' 75 % and 100 % would be 87.50 %); the stocks are
/// each plant's latest week, added over plants — a hazard overdue at the end of one week and
/// closed the next is not overdue for the year, a major hazard open in two weeks counts once.
/// The xlsx holds the same figures and the PDF says the definition.
#[test]
fn real_packets_of_two_plants_make_segment_columns_and_a_group_ratio_of_sums() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let mut b = plant_coded("BJ02", "Asia/Shanghai", Jurisdiction::CN);
    let ua = people(&mut a);
    let ub = people(&mut b);
    // SZ01 (PHONE), week 2026-W11 (9–15 March): four due on the 12th, three closed on the 11th,
    // one on the 16th (late, in W12); a major hazard open all along; grades yellow × 3, blue, red.
    for _ in 0..3 {
        let n = hazard_due(&mut a, &ua, HazardLevel::General, ["3", "6", "7"], "2026-03-12");
        close_on(&mut a, &ua, &n, 11);
    }
    let late = hazard_due(&mut a, &ua, HazardLevel::General, ["1", "6", "7"], "2026-03-12");
    close_on(&mut a, &ua, &late, 16);
    hazard_due(&mut a, &ua, HazardLevel::Major, ["10", "6", "15"], "2026-04-30");
    // BJ02 (EV), W11: one due on the 13th closed on the 12th (orange); a major hazard open.
    let n = hazard_due(&mut b, &ub, HazardLevel::General, ["6", "6", "7"], "2026-03-13");
    close_on(&mut b, &ub, &n, 12);
    hazard_due(&mut b, &ub, HazardLevel::Major, ["10", "6", "15"], "2026-05-31");
    q.register(&a, "PHONE", "2020-01-01");
    q.register(&b, "EV", "2020-01-01");
    let out = tempfile::tempdir().unwrap();
    let now = common::week_plant::now();
    for (p, weeks) in [(&mut a, &["2026-W11", "2026-W12"][..]), (&mut b, &["2026-W11"][..])] {
        let adm = p.admin.clone();
        for w in weeks {
            packets::export(&mut p.store, &adm, w, out.path(), now).unwrap();
        }
    }
    let admin = q.admin.clone();
    let r = ehs_ledger::hq::import::import_paths(
        &mut q.store,
        &admin,
        &[out.path().to_path_buf()],
        hq_now(),
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!((r.accepted, r.rejected), (3, 0), "{:?}", r.results);
    assert_eq!(store::check(q.store.conn()).unwrap().first_difference, None);

    let sv = safety::compute(q.store.conn(), 2026).unwrap();
    assert_eq!(sv.segments.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["PHONE", "EV"]);
    assert_eq!(cols(&sv, "hazards_found"), (Some(7), vec![Some(5), Some(2)]));
    assert_eq!(cols(&sv, "hazards_closed"), (Some(5), vec![Some(4), Some(1)]));
    assert_eq!(cols(&sv, "hazards_due"), (Some(5), vec![Some(4), Some(1)]));
    assert_eq!(cols(&sv, "hazards_closed_on_time"), (Some(4), vec![Some(3), Some(1)]));
    // The rate: ratio of sums.
    let seg: Vec<&str> = sv.rate.segments.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(seg, ["75.00", "100.00"]);
    assert_eq!(
        (sv.rate.group.closed_on_time, sv.rate.group.due, sv.rate.group.text.as_str()),
        (Some(4), Some(5), "80.00")
    );
    assert_ne!(sv.rate.group.text, "87.50", "the average of the rates is not the group's rate");
    // Stocks: SZ01's W12 value (the late one closed, the major still open), BJ02's W11.
    assert_eq!(row(&sv, "hazards_overdue_open").aggregation, Aggregation::Last);
    assert_eq!(cols(&sv, "hazards_overdue_open"), (Some(0), vec![Some(0), Some(0)]), "not W11's 1 carried over");
    assert_eq!(cols(&sv, "hazards_major_open"), (Some(2), vec![Some(1), Some(1)]), "not 1 per week");
    // Grades.
    assert_eq!(cols(&sv, "hazards_new_red"), (Some(2), vec![Some(1), Some(1)]));
    assert_eq!(cols(&sv, "hazards_new_orange"), (Some(1), vec![Some(0), Some(1)]));
    assert_eq!(cols(&sv, "hazards_new_yellow"), (Some(3), vec![Some(3), Some(0)]));
    assert_eq!(cols(&sv, "hazards_new_blue"), (Some(1), vec![Some(1), Some(0)]));
    assert_eq!(row(&sv, "hazards_found").prior[0].text, "—");
    // The plants behind the columns, with the day their stocks stand at.
    let plants: Vec<(&str, &str, Option<&str>, &str)> = sv
        .plants
        .iter()
        .map(|p| (p.plant_code.as_str(), p.segment_code.as_str(), p.as_of.as_deref(), p.rate.text.as_str()))
        .collect();
    assert_eq!(plants, [("SZ01", "PHONE", Some("2026-03-22"), "75.00"), ("BJ02", "EV", Some("2026-03-15"), "100.00")]);
    assert_eq!(sv.plants[0].figures.get("hazards_overdue_open"), Some(&0));
    assert!(
        sv.notes_en.iter().any(|n| n.contains("SZ01 2026-03-22") && n.contains("BJ02 2026-03-15")),
        "{:?}",
        sv.notes_en
    );
    assert_eq!((sv.reporting.plants, sv.reporting.reporting), (2, 2));
    assert_eq!(sv.reporting_segments.iter().map(|r| r.reporting).collect::<Vec<_>>(), [1, 1]);
    // The segment columns and the group are the plants' sums, key by key.
    for key in safety::COUNT_KEYS {
        let sum: i64 = sv.plants.iter().filter_map(|p| p.figures.get(*key)).sum();
        assert_eq!(row(&sv, key).group.exact, Some(sum), "{key}");
    }

    // The xlsx, read back: the same figures as numbers.
    let bytes = safety::xlsx(&sv, Lang::Zh).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["安全隐患", "工厂明细"]);
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let find = |label: &str| -> Vec<Data> {
        sheet.rows().find(|r| r.first().map(|c| c.to_string()) == Some(label.into())).unwrap().to_vec()
    };
    let rate = find("按期整改完成率");
    assert_eq!(rate[1], Data::String("%".into()));
    assert_eq!(&rate[3..6], &[Data::Float(80.0), Data::Float(75.0), Data::Float(100.0)]);
    assert_eq!(&rate[6..8], &[Data::String("—".into()), Data::String("—".into())]);
    let found = find("发现隐患数");
    assert_eq!(&found[3..6], &[Data::Float(7.0), Data::Float(5.0), Data::Float(2.0)]);
    assert_eq!(find("未销号重大隐患数")[2], Data::String("期末时点数之和".into()));
    let header = sheet.rows().find(|r| r.iter().any(|c| *c == "2026 集团合计")).expect("header row");
    assert_eq!(header[4].to_string(), "2026 手机×AIoT");
    assert!(
        sheet.rows().any(|r| r.first().is_some_and(|c| c.to_string().contains("比率之和，不是各比率的平均"))),
        "the definition is under the table"
    );
    let plants_sheet = wb.worksheet_range_at(1).unwrap().unwrap();
    let sz = plants_sheet.rows().find(|r| r.first().map(|c| c.to_string()) == Some("SZ01".into())).unwrap();
    assert_eq!(sz[3], Data::Float(5.0), "found");
    assert_eq!(sz[7], Data::Float(75.0), "the plant's rate");
    assert_eq!(sz.last().unwrap().to_string(), "2026-03-22");

    // The PDF (en): the rate and its definition. Written for a look when EHS_LEDGER_KEEP_PDF names a folder.
    let pdf = safety::pdf(&sv, Lang::En).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if let Ok(dir) = std::env::var("EHS_LEDGER_KEEP_PDF") {
        std::fs::write(std::path::Path::new(&dir).join("hq_safety_en.pdf"), &pdf).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("hq_safety_zh.pdf"), safety::pdf(&sv, Lang::Zh).unwrap())
            .unwrap();
    }
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("On-time rectification rate"), "{text}");
        assert!(text.contains("80.00") && text.contains("75.00"), "{text}");
        assert!(text.contains("ratio of sums"), "{text}");
    }
}

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
