//! Integration tests of the weekly generation trend (`waste::trend`) on a real temp database:
//! ISO weeks across a year boundary, zero-filled weeks, streams and code-only entries as
//! separate series, voided entries left out, and the range checks.

mod common;

use chrono::NaiveDate;
use common::{input, now, plant};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::generation::{self, GenerationInput, VoidInput};
use ehs_ledger::waste::stream::{self, NewStream, PhysicalForm};
use ehs_ledger::waste::trend;
use ehs_ledger::ErrorKind;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Records `qty` kg at plant-local `at` (YYYY-MM-DDTHH:MM), by code or on a stream.
fn record(p: &mut common::Plant, at: &str, qty: &str, code: &str, stream_id: Option<&str>) -> String {
    let admin = p.admin.clone();
    let g = GenerationInput {
        stream_id: stream_id.map(str::to_string),
        code: stream_id.is_none().then(|| code.to_string()),
        generated_at_local: Some(at.into()),
        ..input(code, qty, MassUnit::Kg)
    };
    generation::record(&mut p.store, &admin, g, now()).unwrap().id
}

fn add_stream(p: &mut common::Plant, name: &str, code: &str, physical_form: PhysicalForm) -> String {
    let admin = p.admin.clone();
    let s = NewStream { name: name.into(), code: code.into(), physical_form };
    stream::add(&mut p.store, &admin, s, now()).unwrap().id
}

#[test]
fn groups_by_iso_week_across_the_year_boundary_per_stream_with_voids_left_out() {
    let mut p = plant();
    let admin = p.admin.clone();
    let oil = add_stream(&mut p, "废矿物油", "900-249-08", PhysicalForm::Liquid);
    // Sunday 2024-12-29 is 2024-W52; Monday 2024-12-30 to Sunday 2025-01-05 is 2025-W01, which
    // straddles the calendar year; 2025-01-06 opens 2025-W02.
    record(&mut p, "2024-12-29T23:30", "10", "900-249-08", Some(&oil));
    record(&mut p, "2024-12-30T08:00", "20", "900-249-08", Some(&oil));
    record(&mut p, "2025-01-01T12:00", "5.5", "900-249-08", Some(&oil));
    record(&mut p, "2025-01-05T23:59", "0.001", "900-249-08", Some(&oil));
    record(&mut p, "2025-01-02T09:00", "7", "900-041-49", None);
    // Voided: counted nowhere.
    let wrong = record(&mut p, "2025-01-03T09:00", "999", "900-249-08", Some(&oil));
    generation::void(&mut p.store, &admin, VoidInput { id: wrong, reason: "录入错误".into() }, now()).unwrap();
    // A stream whose only entry in range is voided has no series at all.
    let rags = add_stream(&mut p, "含油抹布", "900-041-49", PhysicalForm::Solid);
    let gone = record(&mut p, "2025-01-04T09:00", "3", "900-041-49", Some(&rags));
    generation::void(&mut p.store, &admin, VoidInput { id: gone, reason: "重复".into() }, now()).unwrap();
    // Outside the range.
    record(&mut p, "2025-01-20T09:00", "50", "900-249-08", Some(&oil));

    let w = trend::weekly_generation(p.store.conn(), d("2024-12-23"), d("2025-01-19")).unwrap();
    let weeks: Vec<&str> = w.weeks.iter().map(|x| x.week.as_str()).collect();
    // Every week present, zero-filled (2025-W03 has nothing in range).
    assert_eq!(weeks, ["2024-W52", "2025-W01", "2025-W02", "2025-W03"]);
    assert_eq!((w.weeks[1].monday.as_str(), w.weeks[1].sunday.as_str()), ("2024-12-30", "2025-01-05"));
    assert!(w.weeks.iter().all(|x| x.days == 7));

    assert_eq!(w.series.len(), 2, "{:?}", w.series);
    let s = &w.series[0];
    assert_eq!(
        (s.stream_id.as_deref(), s.name.as_str(), s.code.as_str()),
        (Some(oil.as_str()), "废矿物油", "900-249-08")
    );
    // 2025-W01 is 20 kg + 5.5 kg + 1 g, exactly; the voided 999 kg is not in it.
    assert_eq!(s.grams, vec![10_000, 25_501, 0, 0]);
    assert_eq!(s.kg, vec!["10.000", "25.501", "0.000", "0.000"]);
    assert_eq!((s.total_g, s.total_kg.as_str()), (35_501, "35.501"));
    let c = &w.series[1];
    assert_eq!((c.stream_id.as_deref(), c.name.as_str(), c.code.as_str()), (None, "900-041-49", "900-041-49"));
    assert_eq!(c.grams, vec![0, 7_000, 0, 0]);

    assert_eq!(w.weeks.iter().map(|x| x.total_g).collect::<Vec<_>>(), vec![10_000, 32_501, 0, 0]);
    assert_eq!(w.weeks[1].total_kg, "32.501");
    assert_eq!((w.total_g, w.total_kg.as_str()), (42_501, "42.501"));
    assert_eq!((w.from.as_str(), w.to.as_str()), ("2024-12-23", "2025-01-19"));
}

#[test]
fn a_range_cut_mid_week_keeps_the_whole_iso_week_but_sums_only_days_in_range() {
    let mut p = plant();
    record(&mut p, "2024-12-30T08:00", "1", "900-249-08", None);
    record(&mut p, "2025-01-02T08:00", "2", "900-249-08", None);
    // Calendar year 2024 ends inside 2025-W01: that week is listed with its 2 days in the year.
    let w = trend::weekly_generation(p.store.conn(), d("2024-01-01"), d("2024-12-31")).unwrap();
    assert_eq!(w.weeks.len(), 53);
    assert_eq!((w.weeks[0].week.as_str(), w.weeks[0].days), ("2024-W01", 7));
    let last = w.weeks.last().unwrap();
    assert_eq!((last.week.as_str(), last.monday.as_str(), last.days), ("2025-W01", "2024-12-30", 2));
    assert_eq!(last.total_g, 1_000, "only 2024-12-30 and 31 count");
    assert_eq!(w.series[0].grams.len(), 53);
}

#[test]
fn an_empty_range_has_zero_weeks_and_no_series() {
    let p = plant();
    let w = trend::weekly_generation(p.store.conn(), d("2025-02-03"), d("2025-03-02")).unwrap();
    assert_eq!(w.weeks.len(), 4);
    assert!(w.weeks.iter().all(|x| x.total_g == 0 && x.total_kg == "0.000"));
    assert!(w.series.is_empty());
    assert_eq!(w.total_kg, "0.000");
}

#[test]
fn refuses_a_reversed_range_and_more_than_three_years() {
    let p = plant();
    let e = trend::weekly_generation(p.store.conn(), d("2025-03-02"), d("2025-03-01")).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("to")));
    let e = trend::weekly_generation(p.store.conn(), d("2022-01-01"), d("2025-01-04")).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("from")), "{e}");
    // Exactly three years of days is accepted.
    let to = d("2022-01-01") + chrono::Duration::days(trend::MAX_DAYS - 1);
    assert!(trend::weekly_generation(p.store.conn(), d("2022-01-01"), to).is_ok());
}
