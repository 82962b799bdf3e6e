//! The demo plant seeds through the real core functions: guards that it keeps working (and
//! stays consistent) as the rules it goes through evolve.

use chrono::{TimeZone, Utc};
use ehs_ledger::alerts::{AlertKind, Severity};
use ehs_ledger::waste::{generation, storage};
use ehs_ledger::{audit, demo, plant, Store};

#[test]
fn demo_seeds_a_consistent_living_plant() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).unwrap();
    let s = demo::seed(&mut store, now, 4).unwrap();
    assert!(s.entries > 200 && s.voided == 2 && s.stored > s.taken_out && s.taken_out > 0, "{s:?}");
    let c = store.conn();
    assert!(audit::verify(c).unwrap().first_broken.is_none());
    assert_eq!(generation::check_day_totals(c).unwrap(), None);
    let balances = storage::balances(c, None).unwrap();
    let stocked: i64 = balances.iter().map(|b| b.containers).sum();
    assert_eq!(stocked as usize, s.stored - s.taken_out);
    let p = plant::require(c).unwrap();
    let today = ehs_ledger::time::local_date(now, p.tz().unwrap());
    let alerts = storage::alerts(c, today, storage::limits_for(p.jurisdiction)).unwrap();
    assert_eq!(alerts.len(), 1, "the lamp drum near its limit: {alerts:?}");
    assert!(alerts[0].message.contains("must ship by"));
    // The storage caches agree with the movements, and give the same balances as the movements.
    assert_eq!(storage::totals::check(c).unwrap(), None);
    let cached = storage::totals::balances_at(c, &today.to_string()).unwrap();
    let cached_g: i64 = cached.iter().map(|b| b.2).sum();
    let cached_n: i64 = cached.iter().map(|b| b.3).sum();
    assert_eq!(cached_g, balances.iter().map(|b| b.stock_g).sum::<i64>());
    assert_eq!(cached_n, stocked);
    // Past dates: the day before the lamp drum came in holds one container fewer.
    let lamp_day = (today - chrono::Duration::days(341)).to_string();
    let before_lamp: i64 = storage::totals::balances_at(c, &lamp_day).unwrap().iter().map(|b| b.3).sum();
    assert_eq!(before_lamp, 0, "nothing else was stored that long ago");
    c.execute_batch("UPDATE waste_storage_day SET net_g = net_g + 1 WHERE local_date = (SELECT max(local_date) FROM waste_storage_day)").unwrap();
    assert!(storage::totals::check(c).unwrap().is_some(), "a tampered cache is reported");
    // General solid waste with every kind of route, so the GRI 306 panel has something to show.
    assert!(s.solid_records > 40, "{s:?}");
    let g = ehs_ledger::waste::gri::disclosure(c, today - chrono::Duration::days(130), today).unwrap();
    assert!(g.generated_non_hazardous_g > 0 && g.diverted_g > 0 && g.disposal_g > 0, "{g:?}");
    let (gri, zwtl) = (g.gri_diversion_bp.unwrap(), g.zwtl_diversion_bp.unwrap());
    assert_ne!(gri, zwtl, "energy recovery makes the two rates differ");
    // The monthly pick-ups: every container that left went under a manifest to a licensed
    // receiver; the monthly loads are confirmed, a call-out two days ago awaits confirmation.
    assert!(s.shipments >= 6 && s.confirmed == s.shipments - 1, "{s:?}");
    let pending = ehs_ledger::waste::shipment::pending_alerts(c, today).unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].severity, Severity::Warning, "awaiting, not yet overdue: {pending:?}");
    assert_eq!(pending[0].kind, AlertKind::ManifestDue);
    // The home screen's one list carries it too, worded by key and parameters, sorted.
    let all = ehs_ledger::alerts::for_plant(c, today).unwrap();
    let manifest = all.iter().find(|a| a.kind == AlertKind::ManifestDue).expect("in the one list");
    assert_eq!(manifest.message_key, "alerts.manifest_due");
    assert!(manifest.params.contains_key("manifest_no") && manifest.subject_id.is_some(), "{manifest:?}");
    assert!(all.windows(2).all(|w| w[0].severity <= w[1].severity), "most severe first: {all:?}");
    let shipped_lines: i64 = c.query_row("SELECT count(*) FROM shipment_line", [], |r| r.get(0)).unwrap();
    assert_eq!(shipped_lines as usize, s.taken_out);
    // B.3 names where every take-out went (HJ 1259-2022 去向), over the whole demo period.
    let all = ehs_ledger::waste::export::Period::between(
        &(today - chrono::Duration::days(130)).to_string(),
        &today.to_string(),
    )
    .unwrap();
    let b3 = ehs_ledger::waste::export::ledger_view(
        c,
        &all,
        ehs_ledger::waste::export::LedgerTable::B3OutOfStorage,
        None,
        5000,
    )
    .unwrap();
    assert_eq!(b3.total_rows as usize, s.taken_out);
    let dest = b3.columns.iter().position(|c| c.header == "去向").expect("B.3 has 去向");
    assert!(
        b3.rows.iter().all(|r| r[dest].starts_with("委外 ")),
        "{:?}",
        b3.rows.iter().find(|r| !r[dest].starts_with("委外 "))
    );
    // The plant's USCC is set, so its containers can be labelled.
    let sign_in = ehs_ledger::plant::users::SignInInput {
        username: demo::DEMO_ADMIN.0.into(),
        password: demo::DEMO_ADMIN.1.into(),
    };
    let who = ehs_ledger::plant::users::sign_in(&mut store, &sign_in, now).unwrap();
    let req = [ehs_ledger::waste::export::LabelRequest { container_id: "L-LAMP-01".into(), band: None }];
    let small = Some(ehs_ledger::waste::label::LabelBand::UpTo50L);
    let labels = ehs_ledger::waste::export::issue_labels(&mut store, &who, &req, small, now).unwrap();
    assert!(labels[0].label_id.starts_with("91440300MA5F0LH01B") && labels[0].label_id.len() == 37);
    // A second seed into the same file is refused.
    assert!(demo::seed(&mut store, now, 4).is_err());
}

/// Whatever the day the demo is seeded (weekends, the start of a month), it seeds, and shows
/// exactly one manifest awaiting confirmation with its deadline the next working day.
#[test]
fn demo_seeds_on_every_day_of_the_week_with_one_manifest_awaiting_confirmation() {
    for d in 0..7 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap() + chrono::Duration::days(d);
        let s = demo::seed(&mut store, now, 1).unwrap_or_else(|e| panic!("{now}: {e}"));
        let c = store.conn();
        let today = ehs_ledger::time::local_date(now, plant::require(c).unwrap().tz().unwrap());
        let pending = ehs_ledger::waste::shipment::pending_alerts(c, today).unwrap();
        assert_eq!(pending.len(), 1, "{now}: {s:?} {pending:?}");
        assert_eq!(pending[0].severity, Severity::Warning, "{now}: {pending:?}");
        assert_eq!(s.confirmed, s.shipments - 1, "{now}: {s:?}");
    }
}
