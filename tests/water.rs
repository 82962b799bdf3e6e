//! Wastewater: outfalls and permits, lab results and online data (HJ 212 logs, CSV), loads
//! against domain.md §11 items 6–8, the below-DL policy, exceedances with their multiple, missed
//! monitoring, the online cache and its check, and the figures in the weekly summary.

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ehs_ledger::plant::settings;
use ehs_ledger::water::hj212;
use ehs_ledger::water::import;
use ehs_ledger::water::ingest::Interval;
use ehs_ledger::water::loads::{self, LoadNote};
use ehs_ledger::water::outfall::{
    self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
};
use ehs_ledger::water::readings::{self, SampleInput, SampleValue};
use ehs_ledger::water::{online, series};

/// 2026-01-10 10:00 Asia/Shanghai: the whole of 2025 is past.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 10, 2, 0, 0).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn limit(upper: &str) -> NewLimit {
    NewLimit {
        upper: Some(upper.into()),
        lower: None,
        months: None,
        valid_from: "2024-01-01".into(),
        basis: "permit".into(),
    }
}

fn param(code: &str, method: MonitoringMethod, frequency: Frequency, limits: Vec<NewLimit>) -> NewParam {
    NewParam { code: code.into(), name: None, method, frequency, factor_code: None, limits }
}

fn outfall_input(code: &str, mn: Option<&str>, params: Vec<NewParam>) -> NewOutfall {
    NewOutfall {
        code: code.into(),
        name: "总排口".into(),
        discharge_mode: DischargeMode::Indirect,
        unit_class: UnitClass::Key,
        receiving: "市政污水处理厂".into(),
        permit_no: "91440300MA5XXXXX01001V".into(),
        permit_expires_on: Some("2026-03-01".into()),
        mn: mn.map(str::to_string),
        params,
    }
}

/// A well-formed HJ 212 frame around `data` (the data segment).
fn frame(data: &str) -> String {
    format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes()))
}

fn hour_packet(mn: &str, at: &str, cod: f64, flow_m3: f64) -> String {
    frame(&format!(
        "QN=20250101000000001;ST=32;CN=2061;PW=123456;MN={mn};Flag=4;CP=&&DataTime={at};w01018-Avg={cod},w01018-Flag=N;w00000-Cou={flow_m3},w00000-Flag=N&&"
    ))
}

fn no_progress() -> impl FnMut(usize, usize) -> bool {
    |_, _| true
}

/// Guards domain.md §11 item 6 (online): 200,000 m³ at a flow-weighted 52.5 mg/L → 10.500 t,
/// Σ C × Q over valid hours; hours over the 50 mg/L limit are exceedances at 1.3 × the limit.
#[test]
fn online_load_from_an_hj212_log_is_sum_of_c_times_q() {
    let mut p = common::plant();
    outfall::add(
        &mut p.store,
        &p.admin,
        outfall_input(
            "DW001",
            Some("TESTMN01"),
            vec![
                param("cod", MonitoringMethod::Online, Frequency::Continuous, vec![limit("50")]),
                param("flow", MonitoringMethod::Online, Frequency::Continuous, vec![]),
            ],
        ),
        now(),
    )
    .unwrap();
    // 250 hours of 800 m³: 125 at 40 mg/L, 125 at 65 mg/L, from 2025-03-01 00:00 local.
    let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let mut log = String::new();
    for h in 0..250 {
        let t = start + chrono::Duration::hours(h);
        let cod = if h % 2 == 0 { 40.0 } else { 65.0 };
        log.push_str(&hour_packet("TESTMN01", &t.format("%Y%m%d%H%M%S").to_string(), cod, 800.0));
    }
    // A damaged packet and an unknown logger in the same file do not stop the rest.
    log.push_str(&hour_packet("TESTMN01", "20250320000000", 40.0, 800.0).replace("w01018-Avg=40", "w01018-Avg=41"));
    log.push_str(&hour_packet("OTHER", "20250320000000", 40.0, 800.0));
    let res =
        import::hj212_log(&mut p.store, &p.admin, "dw001.log", log.as_bytes(), now(), &mut no_progress()).unwrap();
    let counts = res.packets.unwrap();
    assert_eq!(counts.accepted, 250);
    assert_eq!(counts.by_reason.get("bad_crc"), Some(&1));
    assert_eq!(counts.by_reason.get("unknown_mn"), Some(&1));
    assert_eq!(res.batch.accepted, 500);
    assert_eq!(res.batch.exceedances, 125, "every hour at 65 mg/L is over 50");

    let w = loads::compute(p.store.conn(), d("2025-03-01"), d("2025-03-31")).unwrap();
    let of = &w.outfalls[0];
    assert_eq!(of.discharge_l, 200_000_000, "200,000 m³");
    let cod = &of.params[0];
    assert_eq!(cod.load_g, Some(10_500_000), "10.500 t");
    assert_eq!(cod.valid_hours, 250);
    assert_eq!(cod.exceedances, 125);
    assert_eq!(cod.max_ratio_permille, Some(1300));
    assert!((cod.c_mean.unwrap() - 52.5).abs() < 1e-9);
    // The same file again: every reading a duplicate, nothing doubled.
    let again =
        import::hj212_log(&mut p.store, &p.admin, "dw001.log", log.as_bytes(), now(), &mut no_progress()).unwrap();
    assert_eq!((again.batch.accepted, again.batch.duplicates), (0, 500));
    let w2 = loads::compute(p.store.conn(), d("2025-03-01"), d("2025-03-31")).unwrap();
    assert_eq!(w2.outfalls[0].params[0].load_g, Some(10_500_000));
    online::check(p.store.conn()).unwrap();
    ehs_ledger::audit::verify(p.store.conn()).unwrap();

    // The chart: a month decimated into 100 buckets keeps the peaks; the limit is one step.
    let s = series::series(p.store.conn(), &param_id(&p, "cod"), d("2025-03-01"), d("2025-03-31"), 100).unwrap();
    assert!(s.x.len() <= 100 && !s.x.is_empty());
    assert_eq!(s.readings, 250);
    assert_eq!(s.max.iter().cloned().fold(f64::MIN, f64::max), 65.0);
    assert_eq!(s.limits.len(), 1);
    assert_eq!(s.exceedances.len(), 125);
    // A day in 100 buckets is read from the readings themselves (buckets under an hour).
    let day = series::series(p.store.conn(), &param_id(&p, "cod"), d("2025-03-02"), d("2025-03-02"), 100).unwrap();
    assert!(day.bucket_s < 3600);
    assert_eq!((day.readings, day.x.len()), (24, 24));
    assert_eq!(day.min.iter().cloned().fold(f64::MAX, f64::min), 40.0);

    // A cache changed behind the app's back is named by the check.
    p.store
        .conn()
        .execute(
            "UPDATE water_online_day SET load_mg = load_mg + 1 WHERE local_date = '2025-03-02' AND load_mg IS NOT NULL",
            [],
        )
        .unwrap();
    assert!(online::check(p.store.conn()).is_err());
}

fn param_id(p: &common::Plant, code: &str) -> String {
    p.store.conn().query_row("SELECT id FROM water_param WHERE code = ?1", [code], |r| r.get(0)).unwrap()
}

/// Guards domain.md §11 item 6 (manual): 12 monthly samples whose mean c·q is 52.5 mg/L ×
/// 547.95 m³/d, over 365 discharge days → 10.50 t; and item 7: `4L` counts 0 or ½ DL by policy.
#[test]
fn manual_load_and_the_below_dl_policy() {
    let mut p = common::plant();
    outfall::add(
        &mut p.store,
        &p.admin,
        outfall_input(
            "DW002",
            None,
            vec![
                param("cod", MonitoringMethod::Manual, Frequency::Monthly, vec![limit("500")]),
                param("nh3n", MonitoringMethod::Manual, Frequency::Monthly, vec![limit("45")]),
                param("flow", MonitoringMethod::Manual, Frequency::Daily, vec![]),
            ],
        ),
        now(),
    )
    .unwrap();
    // Daily flows for 2025 from a CSV (the importer, interval day).
    let mut csv = String::from("时间,flow\n");
    let mut day = d("2025-01-01");
    while day <= d("2025-12-31") {
        csv.push_str(&format!("{day} 00:00,547.95\n"));
        day = day.succ_opt().unwrap();
    }
    let table = ehs_ledger::waste::import::read_table_bytes("flows.csv", csv.as_bytes()).unwrap();
    let r = import::table(
        &mut p.store,
        &p.admin,
        "flows.csv",
        None,
        &table,
        Some("DW002"),
        Interval::Day,
        now(),
        &mut no_progress(),
    )
    .unwrap();
    assert_eq!(r.batch.accepted, 365);
    for m in 1..=12 {
        readings::add_sample(
            &mut p.store,
            &p.admin,
            SampleInput {
                outfall: "DW002".into(),
                sampled_at: format!("2025-{m:02}-15T09:30"),
                lab: "第三方检测公司".into(),
                values: vec![
                    SampleValue { param: "cod".into(), value: "52.5".into(), method: "HJ 828-2017".into() },
                    SampleValue { param: "nh3n".into(), value: "4L".into(), method: "HJ 535-2009".into() },
                ],
            },
            now(),
        )
        .unwrap();
    }
    let year = loads::compute(p.store.conn(), d("2025-01-01"), d("2025-12-31")).unwrap();
    let of = &year.outfalls[0];
    let cod = of.params.iter().find(|x| x.code == "cod").unwrap();
    let g = cod.load_g.unwrap();
    assert_eq!((g as f64 / 10_000.0).round() / 100.0, 10.50, "10.50 t (got {g} g)");
    assert_eq!(cod.readings, 12);
    assert_eq!(cod.missed, 0);
    let nh3n = of.params.iter().find(|x| x.code == "nh3n").unwrap();
    assert_eq!(nh3n.load_g, Some(0), "policy 0 (HJ/T 92): below the DL adds nothing");
    assert_eq!(year.dl_policy.as_str(), "zero");
    // Months add up to the year (the loads table), within the rounding of each month to a gram.
    let months = loads::monthly(p.store.conn(), 2025, None, None).unwrap();
    assert!((months.iter().map(|m| m.loads_g["cod"]).sum::<i64>() - g).abs() <= 12);
    // Half the DL: 2 mg/L × 547.95 m³/d × 365 d.
    settings::set(&mut p.store, &p.admin, "water_below_dl_policy", "half", now()).unwrap();
    let half = loads::compute(p.store.conn(), d("2025-01-01"), d("2025-12-31")).unwrap();
    let nh3n = half.outfalls[0].params.iter().find(|x| x.code == "nh3n").unwrap();
    assert_eq!(nh3n.load_g, Some((2.0f64 * 547.95 * 365.0).round() as i64));
    assert_eq!(half.dl_policy.as_str(), "half");

    // A month without a sampling is missed monitoring and adds no load.
    let jan26 = loads::compute(p.store.conn(), d("2026-01-01"), d("2026-01-09")).unwrap();
    let cod = jan26.outfalls[0].params.iter().find(|x| x.code == "cod").unwrap();
    assert!(cod.notes.contains(&LoadNote::NoSampling));

    // The figures reach the weekly summary through the registry (week 2025-W11, with a sample).
    let (figs, _, details) =
        ehs_ledger::indicators::for_range(p.store.conn(), d("2025-03-10"), d("2025-03-16")).unwrap();
    let cod_w = figs.iter().find(|f| f.key == "ww_cod_load_g").expect("COD load in the week");
    assert_eq!(cod_w.value, (52.5f64 * 547.95 * 7.0).round() as i64);
    assert!(figs.iter().any(|f| f.key == "ww_discharge_l" && f.value == 547_950 * 7));
    assert!(details.contains_key(&ehs_ledger::areas::Area::Water));
}

/// Guards item 1: the limit comes from the outfall's permit entry, with its winter variant;
/// a sample over it is an exceedance with its multiple; bad input is refused with its field.
#[test]
fn permit_limits_exceedances_and_refusals() {
    let mut p = common::plant();
    let winter = NewLimit {
        upper: Some("2.5".into()),
        lower: None,
        months: Some("12-3".into()),
        valid_from: "2024-01-01".into(),
        basis: "DB11/307 冬季".into(),
    };
    outfall::add(
        &mut p.store,
        &p.admin,
        outfall_input(
            "DW003",
            None,
            vec![
                param("nh3n", MonitoringMethod::Manual, Frequency::Monthly, vec![limit("1.5"), winter]),
                NewParam {
                    code: "ph".into(),
                    name: None,
                    method: MonitoringMethod::Manual,
                    frequency: Frequency::Monthly,
                    factor_code: None,
                    limits: vec![NewLimit {
                        upper: Some("9".into()),
                        lower: Some("6".into()),
                        months: None,
                        valid_from: "2024-01-01".into(),
                        basis: String::new(),
                    }],
                },
            ],
        ),
        now(),
    )
    .unwrap();
    let sample = |at: &str, nh3n: &str| SampleInput {
        outfall: "DW003".into(),
        sampled_at: at.into(),
        lab: "lab".into(),
        values: vec![SampleValue { param: "nh3n".into(), value: nh3n.into(), method: String::new() }],
    };
    // 2.0 in January is within the winter 2.5; in May it is over 1.5 (1.333 ×).
    assert_eq!(
        readings::add_sample(&mut p.store, &p.admin, sample("2025-01-15T10:00", "2.0"), now()).unwrap().exceedances,
        0
    );
    assert_eq!(
        readings::add_sample(&mut p.store, &p.admin, sample("2025-05-15T10:00", "2.0"), now()).unwrap().exceedances,
        1
    );
    let xs = loads::exceedances(p.store.conn(), d("2025-01-01"), d("2025-12-31"), 10).unwrap();
    assert_eq!(xs.len(), 1);
    assert_eq!((xs[0].limit.as_str(), xs[0].ratio_permille), ("1.5", Some(1333)));
    // The alert stands for the hazards module to adopt.
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), d("2025-05-20")).unwrap();
    assert!(alerts
        .iter()
        .any(|a| a.kind.as_str() == "water_exceedance" && a.subject_id.as_deref() == Some(xs[0].id.as_str())));
    assert!(alerts.iter().any(|a| a.kind.as_str() == "monitoring_missed"), "April had no sampling");

    // Refusals name the field and write nothing.
    let before: i64 = p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    let e = readings::add_sample(&mut p.store, &p.admin, sample("2025-06-15T10:00", "abc"), now()).unwrap_err();
    assert_eq!(e.field(), Some("value"));
    let e = readings::add_sample(&mut p.store, &p.admin, sample("2025-05-15T10:00", "3.0"), now()).unwrap_err();
    assert!(e.to_string().contains("void them first"), "{e}");
    let e = outfall::add(&mut p.store, &p.admin, outfall_input("DW003", None, vec![]), now()).unwrap_err();
    assert_eq!(e.field(), Some("code"));
    let mut bad = outfall_input(
        "DW009",
        None,
        vec![param("cod", MonitoringMethod::Manual, Frequency::Monthly, vec![limit("1e5")])],
    );
    assert_eq!(outfall::add(&mut p.store, &p.admin, bad.clone(), now()).unwrap_err().field(), Some("upper"));
    bad.params[0].limits.clear();
    bad.params[0].method = MonitoringMethod::Online;
    assert_eq!(outfall::add(&mut p.store, &p.admin, bad, now()).unwrap_err().field(), Some("frequency"));
    let after: i64 = p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after, "refused input wrote nothing");
    // A voided lab result takes its exceedance with it (the record stays, the alert goes).
    let may = readings::manual(p.store.conn(), d("2025-05-15"), d("2025-05-15"), 10).unwrap();
    readings::void_reading(&mut p.store, &p.admin.clone(), may[0].seq, "sample bottle mislabelled", now()).unwrap();
    assert!(loads::exceedances(p.store.conn(), d("2025-01-01"), d("2025-12-31"), 10).unwrap().is_empty());
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), d("2025-05-20")).unwrap();
    assert!(!alerts.iter().any(|a| a.kind.as_str() == "water_exceedance"));
    let kept: i64 = p.store.conn().query_row("SELECT count(*) FROM water_exceedance", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 1, "nothing is deleted");
    // Permit expiry alert (2026-03-01, 90 days ahead by default).
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), d("2026-01-10")).unwrap();
    assert!(alerts.iter().any(|a| a.kind.as_str() == "permit_expiring"));
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
}

/// Guards items 3 and 9: the fixtures' hourly packet lands in the outfall of its MN; a
/// 2005-coded packet maps its codes; the bad-length fixture is refused with its reason; a CSV
/// with one bad row imports nothing and names the row.
#[test]
fn fixtures_legacy_codes_and_all_or_nothing_csv() {
    let mut p = common::plant();
    outfall::add(
        &mut p.store,
        &p.admin,
        outfall_input(
            "DW004",
            Some("NM100000_0005"),
            vec![
                param(
                    "nh3n",
                    MonitoringMethod::Online,
                    Frequency::Continuous,
                    vec![NewLimit { valid_from: "2020-01-01".into(), ..limit("0.1") }],
                ),
                param("ph", MonitoringMethod::Online, Frequency::Continuous, vec![]),
            ],
        ),
        now(),
    )
    .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/hj212");
    let mut log = std::fs::read(dir.join("wastewater-hour-2061.txt")).unwrap();
    log.extend(std::fs::read(dir.join("flue-gas-bad-length.txt")).unwrap());
    // An old logger's 2005 code for NH3-N (060).
    log.extend(frame("QN=20201129220001001;ST=32;CN=2061;PW=123456;MN=NM100000_0005;Flag=4;CP=&&DataTime=20201129220000;060-Avg=0.2,060-Flag=N&&").as_bytes());
    let r = import::hj212_log(&mut p.store, &p.admin, "fixtures.log", &log, now(), &mut no_progress()).unwrap();
    let c = r.packets.unwrap();
    assert_eq!((c.accepted, c.rejected), (2, 1));
    assert_eq!(c.by_reason.get("bad_length"), Some(&1));
    assert_eq!(r.batch.accepted, 3, "pH and NH3-N of the hour, NH3-N of the 2005 packet");
    assert!(r.batch.rejections.get("unconfigured_factor").copied().unwrap_or(0) >= 13);
    assert_eq!(r.batch.exceedances, 2, "0.16 and 0.2 over 0.1");

    let bad = "时间,nh3n,ph\n2025-02-01 00:00,0.05,7.1\n2025-02-01 01:00,x,7.2\n2025-02-01 02:00,0.05,7.3\n";
    let table = ehs_ledger::waste::import::read_table_bytes("bad.csv", bad.as_bytes()).unwrap();
    let before: i64 = p.store.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get(0)).unwrap();
    let e = import::table(
        &mut p.store,
        &p.admin,
        "bad.csv",
        None,
        &table,
        Some("DW004"),
        Interval::Hour,
        now(),
        &mut no_progress(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("row 3"), "{e}");
    let after: i64 = p.store.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after);
    // Cancelled: nothing written.
    let good = bad.replace(",x,", ",0.05,");
    let table = ehs_ledger::waste::import::read_table_bytes("good.csv", good.as_bytes()).unwrap();
    let e = import::table(
        &mut p.store,
        &p.admin,
        "good.csv",
        None,
        &table,
        Some("DW004"),
        Interval::Hour,
        now(),
        &mut |d, t| d < t,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ehs_ledger::error::ErrorKind::Cancelled);
    assert_eq!(
        p.store.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get::<_, i64>(0)).unwrap(),
        before
    );
    let ok = import::table(
        &mut p.store,
        &p.admin,
        "good.csv",
        None,
        &table,
        Some("DW004"),
        Interval::Hour,
        now(),
        &mut no_progress(),
    )
    .unwrap();
    assert_eq!(ok.batch.accepted, 6);
    // Voiding the batch takes its hours out of the cache.
    readings::void_batch(&mut p.store, &p.admin, &ok.batch.batch_id, "wrong outfall", now()).unwrap();
    let feb: i64 = p
        .store
        .conn()
        .query_row("SELECT count(*) FROM water_online_day WHERE local_date = '2025-02-01'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(feb, 0);
    online::check(p.store.conn()).unwrap();
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
}

/// Hostile files: a CSV in GBK, times with offsets, a time that does not exist in the zone,
/// exponents, NaN and control characters — each refused with its row and column or honoured,
/// and nothing written by a refused file.
#[test]
fn hostile_monitor_files_are_refused_with_row_and_reason() {
    let mut p = common::plant();
    outfall::add(
        &mut p.store,
        &p.admin,
        outfall_input(
            "DW005",
            None,
            vec![param("cod", MonitoringMethod::Online, Frequency::Continuous, vec![limit("100")])],
        ),
        now(),
    )
    .unwrap();
    let run = |p: &mut common::Plant, name: &str, bytes: &[u8]| {
        import::file(
            &mut p.store,
            &p.admin.clone(),
            name,
            bytes,
            Some("DW005"),
            Interval::Hour,
            now(),
            &mut no_progress(),
        )
    };
    let count = |p: &common::Plant| {
        p.store.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    // "时间" in GBK is not UTF-8.
    let gbk: &[u8] = b"\xca\xb1\xbc\xe4,cod\n2025-01-01 00:00,50\n";
    assert!(run(&mut p, "gbk.csv", gbk).unwrap_err().to_string().contains("UTF-8"));
    for (body, row_hint) in [
        ("时间,cod\n2025-01-01 00:00,1e5\n", "row 2"),
        ("时间,cod\n2025-01-01 00:00,50\n2025-01-01 01:00,NaN\n", "row 3"),
        ("时间,cod\n2025-01-01 00:00,5\u{7}0\n", "row 2"),
        ("时间,cod\n2025-13-01 00:00,50\n", "row 2"),
        ("时间,cod\n2025-01-01 00:00+08:00 trailing,50\n", "row 2"),
    ] {
        let e = run(&mut p, "bad.csv", body.as_bytes()).unwrap_err();
        assert!(e.to_string().contains(row_hint), "{body:?}: {e}");
        assert_eq!(count(&p), 0, "{body:?} wrote nothing");
    }
    // An explicit offset is honoured: 00:00Z is 08:00 in Shanghai.
    let r = run(&mut p, "z.csv", "时间,cod\n2025-01-01T00:00:00Z,150\n".as_bytes()).unwrap();
    assert_eq!((r.batch.accepted, r.batch.exceedances), (1, 1));
    let xs = loads::exceedances(p.store.conn(), d("2025-01-01"), d("2025-01-01"), 10).unwrap();
    assert_eq!(xs[0].at_local, "2025-01-01 08:00");
    // A US plant's spring-forward gap: 02:30 does not exist on 2025-03-09 in New York.
    assert!(import::parse_time("2025-03-09 02:30", chrono_tz::America::New_York)
        .unwrap_err()
        .english()
        .contains("does not exist"));
    // A log of binary junk: every line refused and counted, nothing stored, no panic.
    let junk: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let e =
        import::hj212_log(&mut p.store, &p.admin.clone(), "junk.log", &junk, now(), &mut no_progress()).unwrap_err();
    assert!(e.to_string().contains("no packet"), "{e}");
    online::check(p.store.conn()).unwrap();
}
