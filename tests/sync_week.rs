//! Issue 10 items 1, 2, 4a, 13: the week summary from real ledgers (built through the core
//! functions on real files), its ISO week boundaries in the plant's zone (Shanghai; Chicago
//! across DST; 2026-W53 across the year end), exact month parts equal to the GRI disclosure,
//! rejected manifest lines counting nothing, each plausibility flag firing and staying quiet,
//! and the `sync week` CLI preview and its refusal of a bad week.

mod common;

use common::week_plant::{d, gen, now, plant_in, receiver, ship, sw, sw_stream, week, RECEIVER};

use ehs_ledger::alerts::{Alert, AlertKind, Severity};
use ehs_ledger::areas::Area;
use ehs_ledger::plant::{self, Jurisdiction};
use ehs_ledger::sync::{self, FlagKind, WeekSummary};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::gri;
use ehs_ledger::waste::indicators::WasteDetails;
use ehs_ledger::waste::shipment::{self, ConfirmInput};

fn summary(p: &common::Plant, w: &str) -> WeekSummary {
    sync::week_summary(p.store.conn(), week(w)).unwrap()
}

fn part_value(s: &WeekSummary, part: usize, key: &str) -> i64 {
    s.parts[part].figures.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("{key} in part {part}")).value
}

fn kinds(flags: &[sync::Flag]) -> Vec<FlagKind> {
    flags.iter().map(|f| f.kind).collect()
}

/// Guards item 2: days are plant-local in Shanghai — Sunday 23:30 belongs to its week, Monday
/// 00:30 (still Sunday in UTC) to the next.
#[test]
fn shanghai_week_takes_its_plant_local_days() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "10", "2026-03-08T23:30", true);
    gen(&mut p, "B", "900-249-08", "2", "2026-03-09T00:30", true);
    let (w10, w11) = (summary(&p, "2026-W10"), summary(&p, "2026-W11"));
    assert_eq!((w10.starts_at.as_str(), w10.ends_at.as_str()), ("2026-03-01T16:00:00Z", "2026-03-08T16:00:00Z"));
    assert_eq!(w10.total("hw_generated_g"), Some(10_000));
    assert_eq!(w11.total("hw_generated_g"), Some(2_000), "Monday 00:30 Shanghai is Sunday 16:30 UTC: next week");
}

/// Guards item 11/2: a US plant across the DST change (2026-03-08 in Chicago): the week is 167
/// hours, and Sunday 23:30 CDT (Monday 04:30 UTC) still belongs to it.
#[test]
fn chicago_week_across_dst_is_167_hours_and_keeps_its_sunday_night() {
    let mut p = plant_in("America/Chicago", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "7", "2026-03-08T23:30", true);
    gen(&mut p, "B", "900-249-08", "3", "2026-03-02T00:10", true);
    let w = summary(&p, "2026-W10");
    assert_eq!((w.starts_at.as_str(), w.ends_at.as_str()), ("2026-03-02T06:00:00Z", "2026-03-09T05:00:00Z"));
    let (s, e) = week("2026-W10").bounds_utc("America/Chicago".parse().unwrap());
    assert_eq!((e - s).num_hours(), 167);
    assert_eq!(w.total("hw_generated_g"), Some(10_000));
    assert_eq!(summary(&p, "2026-W11").total("hw_generated_g"), Some(0));
    // The autumn change: 2026-W44 (Nov 1, clocks back) is 169 hours.
    let (s, e) = week("2026-W44").bounds_utc("America/Chicago".parse().unwrap());
    assert_eq!((e - s).num_hours(), 169);
}

/// Guards item 2: 2026-W53 spans the year end as two parts whose sums equal the GRI
/// disclosure for the same days, part by part and for the week.
#[test]
fn week_53_of_2026_has_two_month_parts_whose_sums_equal_the_gri_disclosure() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "100.5", "2026-12-30T10:00", true);
    gen(&mut p, "B", "900-249-08", "40", "2027-01-02T10:00", true);
    gen(&mut p, "C", "900-041-49", "0.001", "2026-12-31T23:59", true);
    sw_stream(&mut p);
    sw(&mut p, "500", "2026-12-29T08:00", None);
    sw(&mut p, "300", "2026-12-31T08:00", Some(("recycling", "再生公司")));
    sw(&mut p, "150", "2027-01-03T08:00", Some(("landfill", "填埋场")));

    let s = summary(&p, "2026-W53");
    let months: Vec<(&str, &str, &str)> =
        s.parts.iter().map(|x| (x.month.as_str(), x.from.as_str(), x.to.as_str())).collect();
    assert_eq!(months, vec![("2026-12", "2026-12-28", "2026-12-31"), ("2027-01", "2027-01-01", "2027-01-03")]);
    for (i, (from, to)) in [(d(2026, 12, 28), d(2026, 12, 31)), (d(2027, 1, 1), d(2027, 1, 3))].into_iter().enumerate()
    {
        let g = gri::disclosure(p.store.conn(), from, to).unwrap();
        assert_eq!(part_value(&s, i, "hw_generated_g"), g.generated_hazardous_g, "part {i}");
        assert_eq!(part_value(&s, i, "nhw_generated_g"), g.generated_non_hazardous_g, "part {i}");
        let nhw = |p: fn(gri::Route) -> bool| {
            g.routes.iter().filter(|r| !r.hazardous && p(r.route)).map(|r| r.grams).sum::<i64>()
        };
        assert_eq!(part_value(&s, i, "nhw_diverted_g"), nhw(gri::Route::gri_diverted), "part {i}");
        assert_eq!(part_value(&s, i, "nhw_disposal_g"), nhw(|r| !r.gri_diverted()), "part {i}");
    }
    assert_eq!((part_value(&s, 0, "hw_generated_g"), part_value(&s, 1, "hw_generated_g")), (100_501, 40_000));
    let week_gri = gri::disclosure(p.store.conn(), d(2026, 12, 28), d(2027, 1, 3)).unwrap();
    assert_eq!(s.total("hw_generated_g"), Some(week_gri.generated_hazardous_g));
    assert_eq!(s.total("nhw_generated_g"), Some(500_000));
    assert_eq!(s.total("nhw_diverted_g"), Some(300_000));
    assert_eq!(s.total("nhw_landfill_g"), Some(150_000));
    assert_eq!(s.total("hw_closing_stock_g"), Some(140_501), "closing stock is the last part's");
    // Details: per solid-waste code and route.
    let dec: WasteDetails = serde_json::from_value(s.parts[0].details[&Area::Waste].clone()).unwrap();
    assert_eq!(dec.nhw[0].code, "398-001-S17");
    assert_eq!((dec.nhw[0].generated_g, dec.nhw[0].routes[0].grams), (500_000, 300_000));
    // Grams are JSON integers.
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["totals"][0]["value"], serde_json::json!(140_501));
    assert_eq!(json["week"], "2026-W53");
}

/// Guards item 2: a week across a month end (2026-W05: Mon 26 Jan – Sun 1 Feb) has two parts.
#[test]
fn a_week_across_a_month_end_splits_its_figures_by_month() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "5", "2026-01-31T23:00", true);
    gen(&mut p, "B", "900-249-08", "6", "2026-02-01T01:00", true);
    let s = summary(&p, "2026-W05");
    assert_eq!(s.parts.iter().map(|x| x.month.as_str()).collect::<Vec<_>>(), vec!["2026-01", "2026-02"]);
    assert_eq!((part_value(&s, 0, "hw_generated_g"), part_value(&s, 1, "hw_generated_g")), (5_000, 6_000));
    assert_eq!(s.total("hw_generated_g"), Some(11_000));
}

/// Guards item 2: only accepted manifest lines count as shipped; a rejected line counts
/// nothing and comes back into the closing stock; the manifest number is in the details.
#[test]
fn a_rejected_manifest_line_counts_nothing() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    receiver(&mut p);
    gen(&mut p, "D1", "900-249-08", "500", "2026-03-02T09:00", true);
    gen(&mut p, "D2", "900-249-08", "320.5", "2026-03-02T09:30", true);
    ship(&mut p, "20264403000123", &["D1", "D2"], "2026-03-03T09:00");
    let a = p.admin.clone();
    let c = ConfirmInput {
        shipment: "20264403000123".into(),
        received_on: "2026-03-04".into(),
        confirmed_on: None,
        lines: vec![],
        unit: MassUnit::Kg,
        as_shipped: true,
        rejected: false,
        rejected_lines: vec!["D2".into()],
        returned_at_local: Some("2026-03-05T10:00".into()),
        method: None,
        note: Some("D2 标签不符，退回".into()),
    };
    shipment::confirm(&mut p.store, &a, c, now()).unwrap();
    let s = summary(&p, "2026-W10");
    assert_eq!(s.total("hw_shipped_disposal_g"), Some(500_000), "the rejected 320.5 kg counts nothing");
    assert_eq!(s.total("hw_closing_stock_g"), Some(320_500), "the rejected drum is back in stock");
    assert_eq!(s.total("hw_manifests_pending"), Some(0));
    let det: WasteDetails = serde_json::from_value(s.parts[0].details[&Area::Waste].clone()).unwrap();
    assert_eq!(det.hw[0].manifests, vec!["20264403000123".to_string()]);
    let flags = sync::plausibility(&s, &[], &[]);
    assert!(!kinds(&flags).contains(&FlagKind::StockMismatch), "rejection and return keep the balance: {flags:?}");
}

/// Guards item 4a: a figure ≥ 10× the median of the previous four weeks is flagged, 9.9× is not.
#[test]
fn plausibility_flags_a_figure_ten_times_its_four_week_median_and_not_below() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    // 2026-W06..W09: 10, 10, 12, 8 kg → median 10 kg.
    for (i, (kg, at)) in
        [("10", "2026-02-03T09:00"), ("10", "2026-02-10T09:00"), ("12", "2026-02-17T09:00"), ("8", "2026-02-24T09:00")]
            .into_iter()
            .enumerate()
    {
        gen(&mut p, &format!("P{i}"), "900-249-08", kg, at, true);
    }
    gen(&mut p, "W10", "900-249-08", "99", "2026-03-03T09:00", true);
    let today = d(2026, 3, 9);
    let quiet = sync::preview(p.store.conn(), week("2026-W10"), today).unwrap();
    assert!(!quiet.flags.iter().any(|f| f.indicator.as_deref() == Some("hw_generated_g")), "9.9×: {:?}", quiet.flags);
    gen(&mut p, "W10b", "900-249-08", "1", "2026-03-04T09:00", true);
    let loud = sync::preview(p.store.conn(), week("2026-W10"), today).unwrap();
    let f = loud.flags.iter().find(|f| f.indicator.as_deref() == Some("hw_generated_g")).expect("10× flagged");
    assert_eq!(f.kind, FlagKind::FigureHigh);
    assert_eq!((f.params["value"].as_str(), f.params["median"].as_str()), ("100000", "10000"));
    // A tenth: W11 with 1 kg against W07..W10 (10, 12, 8, 100 → median 11) is low.
    gen(&mut p, "W11", "900-249-08", "1", "2026-03-10T09:00", true);
    let low = sync::preview(p.store.conn(), week("2026-W11"), today).unwrap();
    assert!(low
        .flags
        .iter()
        .any(|f| f.kind == FlagKind::FigureLow && f.indicator.as_deref() == Some("hw_generated_g")));
    // A median of zero flags nothing (shipments every few weeks are normal).
    assert!(!loud.flags.iter().any(|f| f.indicator.as_deref() == Some("hw_shipped_disposal_g")));
}

/// Guards item 4a: a week with no ledger record at all is flagged; one record silences it.
#[test]
fn plausibility_flags_a_week_with_no_ledger_activity_only() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let empty = summary(&p, "2026-W10");
    assert_eq!(kinds(&sync::plausibility(&empty, &[], &[])), vec![FlagKind::NoActivity]);
    gen(&mut p, "A", "900-249-08", "1", "2026-03-04T09:00", true);
    assert!(!kinds(&sync::plausibility(&summary(&p, "2026-W10"), &[], &[])).contains(&FlagKind::NoActivity));
}

/// Guards item 4a: a code whose closing stock does not follow from opening + generated − out
/// (here: generated but never put away) is flagged with the code; stored waste is quiet.
#[test]
fn plausibility_flags_a_closing_stock_that_does_not_follow_per_code() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "10", "2026-03-03T09:00", true);
    assert!(sync::plausibility(&summary(&p, "2026-W10"), &[], &[]).is_empty());
    gen(&mut p, "B", "900-041-49", "2.5", "2026-03-04T09:00", false);
    let flags = sync::plausibility(&summary(&p, "2026-W10"), &[], &[]);
    assert_eq!(kinds(&flags), vec![FlagKind::StockMismatch]);
    assert_eq!(flags[0].params["code"], "900-041-49");
    assert_eq!((flags[0].params["expected_kg"].as_str(), flags[0].params["closing_kg"].as_str()), ("2.500", "0.000"));
}

/// Guards item 4a: open overdue-storage and overdue-manifest alerts are flagged; others are not.
#[test]
fn plausibility_flags_open_overdue_storage_and_manifest_alerts_only() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "1", "2026-03-04T09:00", true);
    let s = summary(&p, "2026-W10");
    let alert = |k: AlertKind, subject: &str| Alert::new(Area::Waste, k, Severity::Critical, subject, String::new());
    let open = [
        alert(AlertKind::AgeOverdue, "D-001 @ WH1"),
        alert(AlertKind::ManifestOverdue, "20264403000999"),
        alert(AlertKind::LicenceExpiring, RECEIVER),
    ];
    let flags = sync::plausibility(&s, &[], &open);
    assert_eq!(kinds(&flags), vec![FlagKind::StorageOverdue, FlagKind::ManifestOverdue]);
    assert_eq!(flags[1].params["subjects"], "20264403000999");
    assert!(sync::plausibility(&s, &[], &open[2..]).is_empty());
}

/// Guards item 1: every figure a source emits is a registered key of that source's area.
#[test]
fn every_figure_of_the_week_is_a_registered_indicator() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let a = p.admin.clone();
    plant::set_headcount(&mut p.store, &a, plant::Headcount { year: 2026, full_time: 900, total: 1000 }, now())
        .unwrap();
    gen(&mut p, "A", "900-249-08", "1", "2026-03-04T09:00", true);
    let s = summary(&p, "2026-W10");
    for f in &s.parts[0].figures {
        let i = ehs_ledger::indicators::get(&f.key).unwrap_or_else(|| panic!("{} is not registered", f.key));
        assert_eq!(i.unit, f.unit, "{}", f.key);
    }
    assert_eq!(s.total("headcount_full_time"), Some(900));
    assert_eq!(s.total("hw_oldest_stock_age_days"), Some(4), "stored 2026-03-04, week ends 2026-03-08");
    // No headcount recorded for 2027: the figure is left out, never invented.
    assert_eq!(summary(&p, "2027-W02").total("headcount_total"), None);
}
