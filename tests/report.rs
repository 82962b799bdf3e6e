//! The management report (issue 10 item 10) on real files: its figures equal the week summary
//! and the GRI disclosure for the same days, a month spans its weeks, an empty period says so
//! instead of drawing empty charts, a running period is provisional, and the PDF read back with
//! pdftotext names the plant, the period and the figures in both languages.

mod common;

use common::week_plant::{d, gen, plant_in, receiver, ship, sw, sw_stream, week};
use ehs_ledger::docs::kg_text;
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::report::{self, Block, ChartKind, Lang, ManagementReport, Period, Value};
use ehs_ledger::sync::week::week_summary;
use ehs_ledger::waste::gri;

/// A plant with a ledger over February and March 2026: generation every week, a shipment in
/// 2026-W10 (pending confirmation), general solid waste recycled and landfilled.
fn ledger_plant() -> common::Plant {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    receiver(&mut p);
    // 2026-W06 .. W11: one container a week, more in W10.
    gen(&mut p, "C-01", "900-249-08", "120.5", "2026-02-03T09:00", true);
    gen(&mut p, "C-02", "900-249-08", "80", "2026-02-10T09:00", true);
    gen(&mut p, "C-03", "900-041-49", "35.25", "2026-02-17T09:00", true);
    gen(&mut p, "C-04", "900-249-08", "60", "2026-02-24T09:00", true);
    gen(&mut p, "C-05", "900-249-08", "200", "2026-03-03T09:00", true);
    gen(&mut p, "C-06", "900-041-49", "12.345", "2026-03-05T14:30", true);
    gen(&mut p, "C-07", "900-249-08", "90", "2026-03-12T09:00", true);
    ship(&mut p, "3201202603060001", &["C-01", "C-02"], "2026-03-06T10:00");
    sw_stream(&mut p);
    sw(&mut p, "500", "2026-03-02T08:00", None);
    sw(&mut p, "300", "2026-03-04T08:00", Some(("recycling", "再生公司")));
    sw(&mut p, "150", "2026-03-07T08:00", Some(("landfill", "填埋场")));
    p
}

fn tables(r: &ManagementReport) -> Vec<&report::Table> {
    r.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Table { table } => Some(table),
            _ => None,
        })
        .collect()
}

fn table<'a>(r: &'a ManagementReport, title_en_starts: &str) -> &'a report::Table {
    tables(r).into_iter().find(|t| t.title.en.starts_with(title_en_starts)).unwrap()
}

/// Guards item 10 (figures): a week's report carries exactly the week summary's totals (what
/// the packet sends), the previous week's too, its trend is the 12 weeks' summaries, and the
/// solid-waste routes add up to the GRI disclosure of the same days.
#[test]
fn week_report_figures_equal_the_week_summary_and_the_gri_disclosure() {
    let p = ledger_plant();
    let conn = p.store.conn();
    let w = week("2026-W10");
    let r = report::management(conn, Period::Week(w), d(2026, 3, 20)).unwrap();
    let s = week_summary(conn, w).unwrap();
    assert_eq!(r.figures, s.totals, "the report's figures are the week summary's totals");
    assert_eq!(r.previous, week_summary(conn, w.previous()).unwrap().totals);
    assert_eq!(r.figure("hw_generated_g"), Some(212_345));
    assert_eq!(r.figure("hw_shipped_disposal_g"), Some(200_500));
    assert_eq!(r.figure("hw_manifests_pending"), Some(1));
    assert_eq!((r.from.as_str(), r.to.as_str(), r.provisional, r.weekly), ("2026-03-02", "2026-03-08", false, true));
    assert_eq!(r.trend.len(), 12);
    assert_eq!(r.trend[0].period, "2025-W51");
    let mut wk = w;
    for t in r.trend.iter().rev() {
        assert_eq!(t.period, wk.to_string());
        assert_eq!(t.figures, week_summary(conn, wk).unwrap().totals, "{}", t.period);
        wk = wk.previous();
    }
    // The waste section's tiles show the registry figures.
    let tiles: Vec<&report::Kpi> = r
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Kpis { tiles } => Some(tiles),
            _ => None,
        })
        .flatten()
        .collect();
    for t in &tiles {
        if let (Some(key), Value::Mass { grams }) = (&t.key, &t.value) {
            assert_eq!(Some(*grams), s.total(key), "{key}");
        }
    }
    // Solid waste by route = the GRI disclosure's non-hazardous routes.
    let g = gri::disclosure(conn, d(2026, 3, 2), d(2026, 3, 8)).unwrap();
    let routes = table(&r, "Non-hazardous waste by route");
    let sum: i64 = routes
        .rows
        .iter()
        .map(|row| match row[3] {
            Value::Mass { grams } => grams,
            _ => panic!("a route row without a mass"),
        })
        .sum();
    let nhw_out: i64 = g.routes.iter().filter(|x| !x.hazardous).map(|x| x.grams).sum();
    assert_eq!(sum, nhw_out);
    assert_eq!(sum, s.total("nhw_diverted_g").unwrap() + s.total("nhw_disposal_g").unwrap());
    // The shipment, the pending manifest and the oldest containers are listed.
    assert_eq!(table(&r, "Shipments of the period").rows.len(), 1);
    assert_eq!(table(&r, "Manifests awaiting").rows.len(), 1);
    let oldest = table(&r, "Longest-stored containers");
    assert_eq!(oldest.rows[0][0], Value::text("C-03"), "C-01/C-02 left with the shipment");
    assert_eq!(oldest.rows[0][5], Value::Days { days: (d(2026, 3, 8) - d(2026, 2, 17)).num_days() });
    assert_eq!(
        oldest.rows[0][5],
        Value::Days { days: s.total("hw_oldest_stock_age_days").unwrap() },
        "the list agrees with the oldest-age figure"
    );
}

/// Guards item 10 (month): a month report covers its calendar days across ISO weeks, and its
/// figures equal the GRI disclosure and the per-day ledger for those days; the trend is 12 months.
#[test]
fn month_report_covers_its_days_across_weeks() {
    let p = ledger_plant();
    let conn = p.store.conn();
    let m = Period::parse_month("month", "2026-02").unwrap();
    let r = report::management(conn, m, d(2026, 3, 20)).unwrap();
    assert!(!r.weekly && !r.provisional);
    let g = gri::disclosure(conn, d(2026, 2, 1), d(2026, 2, 28)).unwrap();
    assert_eq!(r.figure("hw_generated_g"), Some(g.generated_hazardous_g));
    assert_eq!(r.figure("hw_generated_g"), Some(295_750), "four weeks of February");
    assert_eq!(r.figure("hw_closing_stock_g"), Some(295_750));
    assert_eq!(r.trend.len(), 12);
    assert_eq!((r.trend[0].period.as_str(), r.trend[11].period.as_str()), ("2025-03", "2026-02"));
    // March: the week-10 shipment and both solid-waste routes; the previous month is February.
    let r = report::management(conn, Period::parse_month("month", "2026-03").unwrap(), d(2026, 4, 2)).unwrap();
    assert_eq!(r.figure("hw_generated_g"), Some(302_345));
    assert_eq!(r.previous, report::management(conn, m, d(2026, 3, 20)).unwrap().figures);
    assert_eq!(r.figure("nhw_landfill_g"), Some(150_000));
    let charts: Vec<ChartKind> = r
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Charts { charts } => Some(charts.iter().map(|c| c.kind)),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(charts, vec![ChartKind::Bars, ChartKind::Line]);
}

/// Guards item 10 (empty period): a period with no records says so and draws no chart; a
/// period still running is marked provisional and covers the days to today; one after today
/// is refused naming the period.
#[test]
fn empty_period_says_so_instead_of_drawing_empty_charts() {
    let p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let conn = p.store.conn();
    let r = report::management(conn, Period::Week(week("2026-W10")), d(2026, 3, 20)).unwrap();
    assert_eq!(r.records, 0);
    let blocks: Vec<&Block> = r.sections.iter().flat_map(|s| &s.blocks).collect();
    assert!(!blocks.iter().any(|b| matches!(b, Block::Charts { .. })), "no chart for an empty trend");
    assert!(blocks.iter().any(|b| matches!(b, Block::Note { text } if text.en.contains("no trend to chart"))));
    let (pdf, text) = pdf_text(conn, Period::Week(week("2026-W10")), Lang::Zh, d(2026, 3, 20), "empty-zh");
    if let Some(text) = text {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains("本期没有任何台账记录"), "{text}");
        assert!(squeezed.contains("不绘制趋势图"), "{text}");
    }
    assert!(pdf.starts_with(b"%PDF"));

    let running = report::management(conn, Period::Week(week("2026-W12")), d(2026, 3, 18)).unwrap();
    assert!(running.provisional);
    assert_eq!(running.through, "2026-03-18");
    let err = report::management(conn, Period::Week(week("2026-W13")), d(2026, 3, 18)).unwrap_err();
    assert_eq!(err.field(), Some("period"));
}

fn have(tool: &str) -> bool {
    let found = std::process::Command::new(tool).arg("-v").output().is_ok();
    assert!(found || std::env::var_os("EHS_REQUIRE_TOOLS").is_none(), "{tool} is required (EHS_REQUIRE_TOOLS is set)");
    found
}

/// The report's PDF and its text per pdftotext (None when poppler is missing). With
/// `EHS_REPORT_KEEP=DIR` the PDF is also written there, to look at.
fn pdf_text(
    conn: &rusqlite::Connection,
    period: Period,
    lang: Lang,
    today: chrono::NaiveDate,
    name: &str,
) -> (Vec<u8>, Option<String>) {
    let pdf = report::management_pdf(conn, period, lang, today).unwrap();
    if let Some(dir) = std::env::var_os("EHS_REPORT_KEEP") {
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), &pdf).unwrap();
    }
    if !have("pdftotext") {
        return (pdf, None);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = std::process::Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((2..=6).contains(&pages), "{name}: {pages} pages");
    (pdf, Some(String::from_utf8(out.stdout).unwrap()))
}

/// Guards items 2–3: the PDF, read back, names the plant, the period and the figures (exact kg)
/// in Chinese and in English, with page numbers; the weekly one says it carries the HQ figures.
#[test]
fn report_pdf_names_plant_period_and_figures_in_both_languages() {
    let p = ledger_plant();
    let conn = p.store.conn();
    let w = Period::Week(week("2026-W10"));
    let (_, zh) = pdf_text(conn, w, Lang::Zh, d(2026, 3, 20), "week-zh");
    let (_, en) = pdf_text(conn, w, Lang::En, d(2026, 3, 20), "week-en");
    let m = Period::parse_month("month", "2026-03").unwrap();
    let (_, men) = pdf_text(conn, m, Lang::En, d(2026, 4, 2), "month-en");
    let (Some(zh), Some(en), Some(men)) = (zh, en, men) else { return };
    let sq = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (zh, en_sq, men_sq) = (sq(&zh), sq(&en), sq(&men));
    for (t, lang) in [(&zh, "zh"), (&en_sq, "en")] {
        assert!(t.contains("深圳工厂") && t.contains("SZ01"), "{lang}: plant");
        assert!(t.contains("2026-W10") && t.contains("2026-03-02"), "{lang}: period");
        assert!(t.contains(&kg_text(212_345)), "{lang}: HW generated 212.345 kg");
        assert!(t.contains(&kg_text(200_500)), "{lang}: shipped 200.500 kg");
        assert!(t.contains("3201202603060001"), "{lang}: manifest number");
        assert!(t.contains("C-03"), "{lang}: oldest container");
    }
    assert!(zh.contains("EHS管理周报") && zh.contains("报送总部的指标") && zh.contains("第1/"), "zh words");
    assert!(en_sq.contains("EHSweeklymanagementreport") && en_sq.contains("FiguressenttoHQ"), "en words");
    assert!(en.contains("Page 1 of"), "en page numbers");
    assert!(men_sq.contains("EHSmonthlymanagementreport") && men_sq.contains("March2026"), "month title");
    assert!(men_sq.contains(&kg_text(302_345)), "March HW generated");
}

/// Guards issue 13 item 7 (report section): the week's hazards section shows the registry's
/// figures as tiles with the on-time rate made from its numerator and denominator and its
/// definition, lists the hazards open at the week's end that were overdue or major, and charts
/// found against closed over the 12 weeks; the PDF, read back, says so in both languages. A
/// plant without hazards has no such section.
#[test]
fn hazards_section_shows_the_weeks_tiles_open_overdue_or_major_and_the_trend() {
    use common::hazard_plant::hazard_plant;
    use ehs_ledger::areas::Area;
    use ehs_ledger::report::ChartUnit;
    let none = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let r = report::management(none.store.conn(), Period::Week(week("2026-W10")), d(2026, 3, 10)).unwrap();
    assert!(!r.sections.iter().any(|s| s.area == Area::Safety), "no hazards, no section");

    let hp = hazard_plant();
    let conn = hp.plant.store.conn();
    let r = report::management(conn, Period::Week(week("2026-W10")), d(2026, 3, 10)).unwrap();
    let s = r.sections.iter().find(|s| s.area == Area::Safety).expect("the hazards section");
    assert_eq!(s.title.zh, "隐患排查治理");
    let Block::Kpis { tiles } = &s.blocks[0] else { panic!("tiles first") };
    let tile = |en: &str| tiles.iter().find(|t| t.label.en == en).unwrap_or_else(|| panic!("{en}"));
    // 2026-03-02..08: A–E found, A and B closed, A/B/C due (A on time), C overdue and D major
    // open on the 8th.
    assert_eq!(tile("Hazards found").value, Value::Count { n: 5 });
    assert_eq!(tile("Hazards closed").value, Value::Count { n: 2 });
    assert_eq!(tile("Overdue, open").value, Value::Count { n: 1 });
    assert_eq!(tile("Major hazards open").value, Value::Count { n: 1 });
    assert_eq!(tile("Hazards found").previous, Some(Value::Count { n: 0 }));
    let rate = tile("On-time rectification rate");
    assert_eq!(rate.value, Value::text("33.33 %"));
    assert_eq!(rate.hint.as_ref().unwrap().zh, "按期销号 1 / 期限在本期内 3");
    assert_eq!(rate.previous, None, "nothing was due the week before");
    assert!(
        matches!(&s.blocks[1], Block::Note { text } if text.zh.starts_with("按期整改完成率 = ") && text.en.contains("on_time_rate v1"))
    );
    let t = table(&r, "Open hazards overdue or major");
    let nums: Vec<&Value> = t.rows.iter().map(|row| &row[0]).collect();
    assert_eq!(nums, [&Value::text(&hp.numbers[2]), &Value::text(&hp.numbers[3])], "C overdue, D major");
    assert_eq!(t.rows[0][7], Value::Days { days: 1 }, "C was one day over on the 8th");
    assert_eq!(t.rows[1][7], Value::Empty, "D is not yet due");
    let Some(Block::Charts { charts }) = s.blocks.iter().find(|b| matches!(b, Block::Charts { .. })) else {
        panic!("a trend chart")
    };
    let c = &charts[0];
    assert_eq!((c.kind, c.unit, c.values.len()), (ChartKind::Bars, ChartUnit::Count, 12));
    assert_eq!((c.values[11], c.overlay.as_ref().unwrap().values[11]), (5, 2), "found against closed");
    assert!(c.values[..11].iter().all(|v| *v == 0));

    let (_, zh) = pdf_text(conn, Period::Week(week("2026-W10")), Lang::Zh, d(2026, 3, 10), "hazards-zh");
    let (_, en) = pdf_text(conn, Period::Week(week("2026-W10")), Lang::En, d(2026, 3, 10), "hazards-en");
    let (Some(zh), Some(en)) = (zh, en) else { return };
    let sq = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (zh, en) = (sq(&zh), sq(&en));
    for w in
        ["隐患排查治理", "按期整改完成率", "33.33%", "逾期或重大的未销号隐患", "隐患发现与销号（每周）", &hp.numbers[2]]
    {
        assert!(zh.contains(w), "zh: {w}");
    }
    for w in [
        "Hazards:inspectionandrectification",
        "On-timerectificationrate",
        "Hazardsfoundandclosedperweek",
        &hp.numbers[3],
    ] {
        assert!(en.contains(w), "en: {w}");
    }
}
