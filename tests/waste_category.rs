//! Integration tests of the management category's inputs (HJ 1259-2022 §4.2, issue 9 item 2):
//! the EIA/permit estimate for a site with under three years of ledger, the authority-assigned
//! category with its document, the disposal licence and own facility, the reason the category
//! came out as it did, and the alert when the year's generation crosses 10 t or 100 t.

mod common;

use chrono::NaiveDate;
use common::{input, now, plant};
use ehs_ledger::plant::settings;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::{category, generation};
use ehs_ledger::ErrorKind;
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 2025-03-03, the tests' plant-local day.
fn today() -> NaiveDate {
    d(2025, 3, 3)
}

fn generate(p: &mut common::Plant, container: &str, tonnes: &str, at: &str) {
    let i = generation::GenerationInput {
        container_id: container.into(),
        generated_at_local: Some(at.into()),
        ..input("900-249-08", tonnes, MassUnit::T)
    };
    generation::record(&mut p.store, &p.admin.clone(), i, now()).unwrap();
}

fn set(p: &mut common::Plant, key: &str, value: &str) -> ehs_ledger::Result<settings::Setting> {
    let admin = p.admin.clone();
    settings::set(&mut p.store, &admin, key, value, now())
}

fn cat(p: &common::Plant) -> Value {
    serde_json::to_value(category::for_plant(p.store.conn(), today()).unwrap()).unwrap()
}

fn audit_rows(p: &common::Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// Refused as Invalid on the setting's value, and nothing is written.
fn refused(p: &mut common::Plant, key: &str, value: &str) -> String {
    let before = audit_rows(p);
    let e = set(p, key, value).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid, "{key}={value}: {e}");
    assert_eq!(e.field(), Some("value"), "{key}={value}: {e}");
    assert_eq!(audit_rows(p), before, "{key}={value} wrote something");
    e.to_string()
}

/// Guards issue 9 item 2 (HJ 1259 §4.2.3): a site with under three years of ledger takes its
/// annual generation from the EIA/permit estimate, and says so; with three years the ledger's
/// maximum (and its year) decides and the estimate is only shown.
#[test]
fn a_site_with_under_three_years_of_ledger_uses_the_eia_estimate() {
    let mut p = plant();
    generate(&mut p, "D-1", "5", "2024-06-01T09:00");
    let c = cat(&p);
    assert_eq!(c["category"], "registered", "{c}");
    assert_eq!(c["basis"], "ledger_years", "under three years, no estimate: the years there are: {c}");
    assert_eq!(c["inputs"]["years_of_ledger"], 1, "{c}");

    for bad in ["abc", "-5", "0.0000001", "12 t"] {
        let e = refused(&mut p, "eia_annual_estimate_t", bad);
        assert!(e.contains("eia_annual_estimate_t"), "{bad}: {e}");
    }
    let s = set(&mut p, "eia_annual_estimate_t", "150").unwrap();
    assert_eq!(s.value, "150");
    let c = cat(&p);
    assert_eq!(c["category"], "key", "{c}");
    assert_eq!(c["reason_key"], "ge100", "{c}");
    assert_eq!(c["basis"], "eia_estimate", "{c}");
    assert_eq!(c["basis_t"], "150.000000", "{c}");
    assert_eq!(c["inputs"]["eia_estimate_t"], "150.000000", "{c}");
    assert_eq!(c["reason_params"]["years_of_ledger"], "1", "{c}");
    assert!(c["reason"].as_str().unwrap().contains("EIA"), "{c}");

    // A smaller estimate never hides what the ledger already shows.
    set(&mut p, "eia_annual_estimate_t", "2").unwrap();
    let c = cat(&p);
    assert_eq!((c["category"].as_str(), c["basis"].as_str()), (Some("registered"), Some("ledger_years")), "{c}");
    assert_eq!(c["basis_t"], "5.000000", "{c}");

    // Three years of ledger: the maximum of the last three decides, the estimate is not used.
    set(&mut p, "eia_annual_estimate_t", "150").unwrap();
    generate(&mut p, "D-2", "20", "2022-05-01T09:00");
    generate(&mut p, "D-3", "30", "2023-05-01T09:00");
    let c = cat(&p);
    assert_eq!(c["inputs"]["years_of_ledger"], 3, "{c}");
    assert_eq!(c["category"], "simplified", "{c}");
    assert_eq!(c["basis"], "ledger_3_years", "{c}");
    assert_eq!(c["basis_t"], "30.000000", "{c}");
    assert_eq!(c["basis_year"], 2023, "{c}");
    assert_eq!(c["reason_params"]["year"], "2023", "{c}");
    assert_eq!(c["inputs"]["eia_estimate_t"], "150.000000", "shown, not used: {c}");
}

/// Guards issue 9 item 2 (HJ 1259 §4.2.2): a category assigned by the authority overrides the
/// computation only with its document reference; the result names the document and keeps
/// what the rules alone would give. Every input change is audited.
#[test]
fn an_authority_assigned_category_overrides_the_computation_with_its_document() {
    let mut p = plant();
    generate(&mut p, "D-1", "150", "2024-06-01T09:00");
    assert_eq!(cat(&p)["category"], "key");

    let e = refused(&mut p, "authority_category", "simplified");
    assert!(e.contains("authority_category_doc"), "the document first: {e}");
    refused(&mut p, "authority_category", "medium");
    refused(&mut p, "authority_category_date", "2025-13-01");

    let before = audit_rows(&p);
    set(&mut p, "authority_category_doc", "深环函〔2025〕12号").unwrap();
    set(&mut p, "authority_category_date", "2025-01-10").unwrap();
    set(&mut p, "authority_category", "简化").unwrap();
    assert_eq!(audit_rows(&p), before + 3, "one audit row per input changed");
    let c = cat(&p);
    assert_eq!(c["category"], "simplified", "{c}");
    assert_eq!(c["reason_key"], "authority", "{c}");
    assert_eq!(c["reason_params"]["doc"], "深环函〔2025〕12号", "{c}");
    assert_eq!(c["reason_params"]["date"], "2025-01-10", "{c}");
    assert_eq!(c["computed"], "key", "what the rules alone give: {c}");
    assert_eq!(c["inputs"]["authority_category"], "simplified", "{c}");
    assert!(c["reason"].as_str().unwrap().contains("深环函〔2025〕12号"), "{c}");

    let e = refused(&mut p, "authority_category_doc", "");
    assert!(e.contains("authority_category"), "{e}");
    set(&mut p, "authority_category", "").unwrap();
    let c = cat(&p);
    assert_eq!((c["category"].as_str(), c["reason_key"].as_str()), (Some("key"), Some("ge100")), "{c}");
}

/// Guards issue 9 item 2 (HJ 1259 §4.2.1): holding a hazardous-waste operating (disposal)
/// licence makes the plant 重点 whatever it generates, as its own facility does.
#[test]
fn a_disposal_licence_or_own_facility_makes_the_plant_key() {
    let mut p = plant();
    generate(&mut p, "D-1", "1", "2024-06-01T09:00");
    assert_eq!(cat(&p)["category"], "registered");
    refused(&mut p, "hw_operating_licence", "maybe");
    set(&mut p, "hw_operating_licence", "yes").unwrap();
    let c = cat(&p);
    assert_eq!((c["category"].as_str(), c["reason_key"].as_str()), (Some("key"), Some("licence")), "{c}");
    assert_eq!(c["inputs"]["operating_licence"], true, "{c}");
    set(&mut p, "hw_operating_licence", "no").unwrap();
    set(&mut p, "own_hw_facility", "yes").unwrap();
    let c = cat(&p);
    assert_eq!((c["category"].as_str(), c["reason_key"].as_str()), (Some("key"), Some("own_facility")), "{c}");
    assert_eq!(c["inputs"]["own_facility"], true, "{c}");
}

fn threshold_alerts(p: &common::Plant) -> Vec<ehs_ledger::alerts::Alert> {
    ehs_ledger::alerts::for_plant(p.store.conn(), today())
        .unwrap()
        .into_iter()
        .filter(|a| a.kind.as_str() == "category_threshold")
        .collect()
}

/// Guards issue 9 item 2 (domain.md §4.5 item 10): when this year's generation so far crosses
/// 10 t or 100 t and the category in force is lower, an alert says the declaration cycle
/// changes; it is quiet when the category already matches.
#[test]
fn ytd_generation_crossing_10_t_or_100_t_alerts_that_the_declaration_cycle_changes() {
    let mut p = plant();
    generate(&mut p, "D-1", "9", "2025-01-10T09:00");
    assert!(threshold_alerts(&p).is_empty(), "9 t so far");
    generate(&mut p, "D-2", "2", "2025-02-10T09:00");
    let a = threshold_alerts(&p);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].severity.as_str(), "warning");
    assert_eq!(a[0].params["ytd_t"], "11.000000");
    assert_eq!(a[0].params["threshold_t"], "10");
    assert_eq!(a[0].params["category"], "registered");
    assert_eq!(a[0].params["implied"], "simplified");
    assert!(a[0].message.contains("quarterly"), "{}", a[0].message);

    generate(&mut p, "D-3", "90", "2025-02-20T09:00");
    let a = threshold_alerts(&p);
    assert_eq!(a.len(), 1, "only the highest crossing: {a:?}");
    assert_eq!((a[0].params["threshold_t"].as_str(), a[0].params["implied"].as_str()), ("100", "key"));
    assert!(a[0].message.contains("monthly"), "{}", a[0].message);

    set(&mut p, "authority_category_doc", "深环函〔2025〕12号").unwrap();
    set(&mut p, "authority_category", "key").unwrap();
    assert!(threshold_alerts(&p).is_empty(), "already 重点");
}
