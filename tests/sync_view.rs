//! Issue 10 item 2 in the window: the typed week preview the app's Sync screen reads
//! (`sync::view::week_view`) carries exactly the core's week summary — every month part's
//! figures, the totals, the typed per-code details with the manifest numbers — plus the flags and
//! the registry rows; and the plant key's public file is named after plant and fingerprint.

mod common;

use common::week_plant::{d, gen, now, plant_in, receiver, ship, week};
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::sync::{self, key, view, FlagKind};
use ehs_ledger::waste::indicators::WasteDetails;

/// Guards the Sync screen's preview: the view equals `sync::week_summary` part by part (a week
/// across a month end), its details are the summary's, typed, and it keeps the preview's flags.
#[test]
fn week_view_equals_the_week_summary_with_typed_details_per_month_part() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    receiver(&mut p);
    // 2026-W05: Mon 26 Jan – Sun 1 Feb. Generated on both sides of the month end, shipped in January.
    gen(&mut p, "A", "900-249-08", "120.5", "2026-01-27T09:00", true);
    gen(&mut p, "B", "900-249-08", "6", "2026-02-01T01:00", true);
    gen(&mut p, "C", "900-041-49", "2.5", "2026-01-28T09:00", false); // never put away: a flag
    ship(&mut p, "20264403000123", &["A"], "2026-01-29T09:00");

    let w = week("2026-W05");
    let summary = sync::week_summary(p.store.conn(), w).unwrap();
    let v = view::week_view(p.store.conn(), w, d(2026, 2, 2)).unwrap();

    assert_eq!((v.week.as_str(), v.from.as_str(), v.to.as_str()), ("2026-W05", "2026-01-26", "2026-02-01"));
    assert_eq!(v.records, summary.records);
    assert_eq!(v.totals, summary.totals);
    assert_eq!(v.parts.len(), 2);
    for (vp, sp) in v.parts.iter().zip(&summary.parts) {
        assert_eq!((&vp.month, &vp.from, &vp.to, vp.records), (&sp.month, &sp.from, &sp.to, sp.records));
        assert_eq!(vp.figures, sp.figures);
        let details: WasteDetails =
            serde_json::from_value(sp.details[&ehs_ledger::areas::Area::Waste].clone()).unwrap();
        assert_eq!(vp.waste, details);
    }
    let jan = &v.parts[0].waste;
    let hw = jan.hw.iter().find(|h| h.code == "900-249-08").expect("900-249-08 in January");
    assert_eq!((hw.generated_g, hw.manifests.clone()), (120_500, vec!["20264403000123".to_string()]));
    assert_eq!(v.parts[1].waste.hw.iter().find(|h| h.code == "900-249-08").unwrap().generated_g, 6_000);

    let preview = sync::preview(p.store.conn(), w, d(2026, 2, 2)).unwrap();
    assert_eq!(v.flags, preview.flags);
    assert!(v.flags.iter().any(|f| f.kind == FlagKind::StockMismatch), "{:?}", v.flags);
    // Every figure's registry row is in the view, with both labels.
    for f in &v.totals {
        let i = v.indicators.iter().find(|i| i.key == f.key).unwrap_or_else(|| panic!("{} in the registry", f.key));
        assert!(!i.label_zh.is_empty() && !i.label_en.is_empty());
    }
}

/// Guards the "no figures this week" state: a week without records has zero records, empty
/// typed details in its part and the no-activity flag.
#[test]
fn week_view_of_an_empty_week_has_no_records_and_the_no_activity_flag() {
    let p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let v = view::week_view(p.store.conn(), week("2026-W10"), d(2026, 3, 20)).unwrap();
    assert_eq!((v.records, v.parts.len()), (0, 1));
    assert!(v.parts[0].waste.hw.is_empty() && v.parts[0].waste.nhw.is_empty());
    assert_eq!(v.flags.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![FlagKind::NoActivity]);
}

/// Guards the exported key file's name: plant code and fingerprint, so two keys of one plant differ.
#[test]
fn the_public_key_file_is_named_after_plant_and_fingerprint_and_reads_back() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let k = key::ensure(&mut p.store, now()).unwrap();
    let code = ehs_ledger::plant::require(p.store.conn()).unwrap().code;
    assert_eq!(key::pem_file_name(&code, &k.info), format!("{code}_plant_key_{}.pem", k.info.fingerprint));
    let pem = key::export_pem(&code, &k.info, &k.verifying_key());
    assert_eq!(key::public_from_pem(&pem).unwrap(), k.verifying_key());
}
