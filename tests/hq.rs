//! HQ mode, core: the HQ database and registry, packet import with every verification, the
//! grid, accept / return, and the KPI appendix's figures (issue 11).

mod common;

use common::hq::{file, h, hq, hq_now, synth, Synth};
use common::week_plant::{gen, plant_coded, sw, sw_stream};
use ehs_ledger::db::DbKind;
use ehs_ledger::hq::appendix::{self, View};
use ehs_ledger::hq::grid::{self, CellState, GridQuery};
use ehs_ledger::hq::import::ImportOutcome;
use ehs_ledger::hq::{registry, review, store};
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::sync::packets::{self, BuildRequest};
use ehs_ledger::{audit, Store};

const G: &str = "g";

fn gen_synth<'a>(week: &'a str, at: &'a str, month: &'a str, grams: i64) -> Synth<'a> {
    Synth {
        week,
        revision: 1,
        reason: None,
        generated_at: at,
        figures: vec![("hw_generated_g", G, vec![(month, grams)])],
        head: None,
        prev: None,
    }
}

#[test]
fn an_hq_database_is_its_own_kind_and_refuses_plant_work() {
    let mut q = hq();
    assert_eq!(q.store.kind(), DbKind::Hq);
    // Reopened, it is still HQ, with its own migrations.
    let again = Store::open(&q.path()).unwrap();
    assert_eq!(again.kind(), DbKind::Hq);
    let e = ehs_ledger::plant::require(again.conn()).unwrap_err().to_string();
    assert!(e.contains("HQ database"), "{e}");
    // A plant database is refused as an HQ database (it holds records).
    let p = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let e = Store::create_hq(&p.path()).err().unwrap().to_string();
    assert!(e.contains("plant database with records"), "{e}");
    let e = ehs_ledger::hq::require(p.store.conn()).unwrap_err().to_string();
    assert!(e.contains("plant database"), "{e}");
    // The HQ trail proves its records.
    let a = q.admin.clone();
    registry::set_year(
        &mut q.store,
        &a,
        registry::YearFacts {
            year: 2026,
            revenue_rmb_million: Some("365906.2".into()),
            revenue_currency: "CNY".into(),
            revenue_note: "年报".into(),
            headcount_fte: Some(43_000),
            headcount_definition: "全职员工（12月31日）".into(),
        },
        hq_now(),
    )
    .unwrap();
    assert!(audit::verify(q.store.conn()).unwrap().first_broken.is_none());
    let r = audit::verify_records(q.store.conn()).unwrap();
    assert_eq!(r.first_difference, None);
    assert!(r.records_checked >= 4, "{r:?}");
}

#[test]
fn a_pristine_plant_file_becomes_an_hq_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    drop(Store::open(&path).unwrap()); // what a first start does before set-up
    let s = Store::create_hq(&path).unwrap();
    assert_eq!(s.kind(), DbKind::Hq);
    assert_eq!(Store::connect(&path).unwrap().kind(), DbKind::Hq);
}

#[test]
fn real_plant_weeks_import_once_and_the_appendix_adds_their_grams() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let mut b = plant_coded("BJ02", "Asia/Shanghai", Jurisdiction::CN);
    sw_stream(&mut a);
    gen(&mut a, "C-1", "900-249-08", "120.5", "2026-03-03T10:00", true);
    gen(&mut a, "C-2", "900-249-08", "80.25", "2026-03-10T10:00", true);
    sw(&mut a, "500", "2026-03-04T09:00", None);
    gen(&mut b, "C-9", "900-041-49", "1000.001", "2026-03-05T10:00", true);
    gen(&mut b, "C-10", "900-041-49", "0.5", "2026-03-11T10:00", true);
    q.register(&a, "PHONE", "2020-01-01");
    q.register(&b, "EV", "2020-01-01");
    let out = tempfile::tempdir().unwrap();
    for (p, weeks) in [(&mut a, ["2026-W10", "2026-W11"]), (&mut b, ["2026-W10", "2026-W11"])] {
        let adm = p.admin.clone();
        for w in weeks {
            packets::export(&mut p.store, &adm, w, out.path(), common::week_plant::now()).unwrap();
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
    assert_eq!((r.accepted, r.rejected, r.duplicates), (4, 0, 0), "{:?}", r.results);
    assert_eq!(r.ignored_files, 4, "the four PDF summaries are not read");
    // The same folder again: counted once.
    let r2 = ehs_ledger::hq::import::import_paths(
        &mut q.store,
        &admin,
        &[out.path().to_path_buf()],
        hq_now(),
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!((r2.accepted, r2.duplicates), (0, 4));
    let ap = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    let hw = ap.rows.iter().find(|r| r.key == "hw_generated_g").unwrap();
    assert_eq!(hw.group.exact, Some(1_201_251), "120.5 + 80.25 + 1000.001 + 0.5 kg in grams");
    assert_eq!(hw.group.text, "1.20");
    assert_eq!(hw.segments[0].exact, Some(200_750));
    assert_eq!(hw.segments[1].exact, Some(1_000_501));
    let nhw = ap.rows.iter().find(|r| r.key == "nhw_generated_g").unwrap();
    assert_eq!(nhw.group.exact, Some(500_000));
    // Every figure drills down to the plant-weeks that add up to it.
    let d = appendix::drill(q.store.conn(), 2026, "hw_generated_g", None).unwrap();
    assert_eq!(d.iter().map(|r| r.value).sum::<i64>(), 1_201_251);
    assert!(d.iter().any(|r| r.plant_code == "SZ01" && r.week == "2026-W11" && r.revision == 1));
    let check = store::check(q.store.conn()).unwrap();
    assert_eq!(check.first_difference, None, "{check:?}");
    // The grid shows them received, the weeks before as missing.
    let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    let sz = g.rows.iter().find(|r| r.plant_code == "SZ01").unwrap();
    assert_eq!(sz.cells[9].state, CellState::Received);
    assert_eq!(sz.cells[8].state, CellState::Missing);
    assert_eq!(g.counts.received, 4);
}

#[test]
fn tampered_unknown_and_wrongly_signed_packets_are_refused_with_a_reason_and_nothing_stored() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let stranger = plant_coded("XX99", "Asia/Shanghai", Jurisdiction::CN);
    let impostor = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN); // same code, other key
    q.register(&a, "PHONE", "2020-01-01");
    let good = synth(&a, gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 5_000));
    let mut tampered = good.clone();
    let at = String::from_utf8(tampered.clone()).unwrap().find("5000").unwrap();
    tampered[at] = b'6';
    let r = q.import(vec![
        file("tampered.packet.json", tampered),
        file("stranger.packet.json", synth(&stranger, gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 1))),
        file("impostor.packet.json", synth(&impostor, gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 1))),
        file("garbage.json", b"{\"not\": \"a packet\"}".to_vec()),
        file("notes.eml", b"From: a@b.c\r\nSubject: lunch\r\n\r\nhello\r\n".to_vec()),
    ]);
    assert_eq!((r.accepted, r.rejected, r.not_packets), (0, 4, 1), "{:#?}", r.results);
    let reason = |n: &str| r.results.iter().find(|x| x.name == n).unwrap().reason.clone();
    assert!(reason("tampered.packet.json").contains("altered"), "{}", reason("tampered.packet.json"));
    assert!(reason("stranger.packet.json").contains("not in the registry"));
    assert!(reason("impostor.packet.json").contains("not registered"), "{}", reason("impostor.packet.json"));
    assert!(reason("notes.eml").contains("without a packet"));
    let stored: i64 = q.store.conn().query_row("SELECT count(*) FROM hq_packet", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 0);
    let logged: i64 = q.store.conn().query_row("SELECT count(*) FROM hq_import_item", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 5, "every refusal is in the import log");
    assert_eq!(q.import(vec![file("good.packet.json", good)]).accepted, 1);
}

#[test]
fn a_packet_verifies_only_against_the_key_valid_on_the_day_it_was_signed() {
    let mut q = hq();
    let old = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let new = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN); // the plant's replacement PC
    q.register(&old, "PHONE", "2020-01-01");
    let k = ehs_ledger::sync::key::active(new.store.conn()).unwrap().unwrap();
    let pem = ehs_ledger::sync::key::export_pem("SZ01", &k.info, &k.verifying_key());
    let admin = q.admin.clone();
    registry::rotate_key(&mut q.store, &admin, "SZ01", &pem, "2026-04-01", "new PC", hq_now()).unwrap();
    // Signed on 2026-03-31 (Shanghai) with the old key: valid. On 2026-04-01 with it: expired.
    let before = synth(&old, gen_synth("2026-W13", "2026-03-31T15:59:59Z", "2026-03", 1));
    let after = synth(&old, gen_synth("2026-W14", "2026-03-31T16:00:00Z", "2026-03", 1));
    let by_new_early = synth(&new, gen_synth("2026-W12", "2026-03-30T00:00:00Z", "2026-03", 1));
    let by_new = synth(&new, gen_synth("2026-W14", "2026-04-06T00:00:00Z", "2026-04", 1));
    let r = q.import(vec![
        file("before", before),
        file("after", after),
        file("by_new_early", by_new_early),
        file("by_new", by_new),
    ]);
    let outcome = |n: &str| r.results.iter().find(|x| x.name == n).unwrap().clone();
    assert_eq!(outcome("before").outcome, ImportOutcome::Accepted);
    assert_eq!(outcome("by_new").outcome, ImportOutcome::Accepted);
    assert_eq!(outcome("after").outcome, ImportOutcome::Rejected);
    assert!(outcome("after").reason.contains("not valid on 2026-04-01"), "{}", outcome("after").reason);
    assert_eq!(outcome("by_new_early").outcome, ImportOutcome::Rejected);
}

#[test]
fn a_restatement_supersedes_and_the_history_of_revisions_is_kept() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    gen(&mut a, "C-1", "900-249-08", "100", "2026-03-03T10:00", true);
    let adm = a.admin.clone();
    let now = common::week_plant::now();
    let b1 =
        packets::build(&mut a.store, &adm, BuildRequest { week: "2026-W10".into(), reason: None, notes: vec![] }, now)
            .unwrap();
    let f1 = packets::latest_file(a.store.conn(), "2026-W10").unwrap().unwrap();
    assert_eq!(b1.revision, 1);
    gen(&mut a, "C-2", "900-249-08", "50", "2026-03-04T10:00", true);
    packets::build(
        &mut a.store,
        &adm,
        BuildRequest { week: "2026-W10".into(), reason: Some("a drum was weighed late".into()), notes: vec![] },
        now,
    )
    .unwrap();
    let f2 = packets::latest_file(a.store.conn(), "2026-W10").unwrap().unwrap();
    assert_eq!(f2.revision, 2);
    // Revision 2 arrives first (a folder read out of order), then revision 1.
    assert_eq!(q.import(vec![file("r2", f2.bytes.clone())]).accepted, 1);
    assert_eq!(q.import(vec![file("r1", f1.bytes.clone())]).accepted, 1);
    let hw = |q: &common::hq::Hq| {
        appendix::compute(q.store.conn(), 2026, View::All)
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.key == "hw_generated_g")
            .unwrap()
            .group
            .exact
    };
    assert_eq!(hw(&q), Some(150_000), "the highest revision counts");
    let hist = review::history(q.store.conn(), "SZ01", "2026-W10").unwrap();
    assert_eq!(hist.revisions.len(), 2);
    assert_eq!(hist.revisions.iter().filter(|r| r.counted).map(|r| r.revision).collect::<Vec<_>>(), vec![2]);
    assert_eq!(hist.revisions[1].reason.as_deref(), Some("a drum was weighed late"));
    let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    assert!(g.rows[0].cells[9].restated);
    // Accept locks revision 2; the ±accept cycle with a later revision is covered below.
    let admin = q.admin.clone();
    review::accept(&mut q.store, &admin, "SZ01", "2026-W10", "", hq_now()).unwrap();
    assert_eq!(hw(&q), Some(150_000));
}

#[test]
fn accept_locks_the_week_until_the_next_revision_is_accepted_and_return_is_signed() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    let admin = q.admin.clone();
    q.import(vec![file("r1", synth(&a, gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 1_000)))]);
    review::accept(&mut q.store, &admin, "SZ01", "2026-W10", "", hq_now()).unwrap();
    let mut s2 = gen_synth("2026-W10", "2026-03-20T02:00:00Z", "2026-03", 9_000);
    s2.revision = 2;
    s2.reason = Some("corrected");
    q.import(vec![file("r2", synth(&a, s2))]);
    let total = |q: &common::hq::Hq| appendix::compute(q.store.conn(), 2026, View::All).unwrap().rows[0].group.exact;
    assert_eq!(total(&q), Some(1_000), "the accepted revision stays counted");
    let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    let c = &g.rows[0].cells[9];
    assert_eq!((c.state, c.restated_after_review, c.counted_revision), (CellState::Accepted, true, Some(1)));
    // Return revision 2 with a comment: a message signed with HQ's key.
    let r = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "9 t in one week? check the scale", hq_now())
        .unwrap();
    let (d, msg) = (r.decision, r.message);
    assert_eq!(d.revision, 2);
    let (_, pem) = review::hq_public_pem(&mut q.store, hq_now()).unwrap();
    let hq_key = ehs_ledger::sync::key::public_from_pem(&pem).unwrap();
    let body = review::verify_return(&msg, &hq_key).unwrap();
    assert_eq!((body.plant_code.as_str(), body.week.as_str(), body.revision), ("SZ01", "2026-W10", 2));
    let mut bad = msg.clone();
    let i = String::from_utf8(bad.clone()).unwrap().find("scale").unwrap();
    bad[i] = b'S';
    assert!(review::verify_return(&bad, &hq_key).is_err());
    let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    assert_eq!(g.rows[0].cells[9].state, CellState::Returned);
    assert_eq!(total(&q), Some(9_000), "a return lifts the lock: the highest revision counts, flagged returned");
    let e = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "again", hq_now()).unwrap_err();
    assert!(e.to_string().contains("returned already"));
    let e = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "  ", hq_now()).unwrap_err();
    assert!(e.to_string().contains("comment"));
    assert_eq!(store::check(q.store.conn()).unwrap().first_difference, None);
}

#[test]
fn a_rewritten_plant_history_is_flagged_with_both_hashes() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    let (h10, h10_rewritten) = (h("head-at-40"), h("rewritten-40"));
    let mut w10 = gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 1);
    w10.head = Some((40, &h10));
    let mut w11 = gen_synth("2026-W11", "2026-03-16T02:00:00Z", "2026-03", 1);
    w11.head = Some((55, "x"));
    w11.prev = Some((40, &h10));
    let mut w12 = gen_synth("2026-W12", "2026-03-23T02:00:00Z", "2026-03", 1);
    w12.prev = Some((40, &h10_rewritten));
    // W12 arrives first (nothing to compare with yet), then W11 and W10: the break is found
    // when the head it contradicts arrives; W13 then contradicts W11's head on arrival.
    assert_eq!(q.import(vec![file("w12", synth(&a, w12))]).accepted, 1);
    assert_eq!(q.import(vec![file("w11", synth(&a, w11)), file("w10", synth(&a, w10))]).accepted, 2);
    let mut w13 = gen_synth("2026-W13", "2026-03-30T02:00:00Z", "2026-03", 1);
    w13.prev = Some((55, "not-x"));
    assert_eq!(q.import(vec![file("w13", synth(&a, w13))]).accepted, 1);
    assert_eq!(store::check(q.store.conn()).unwrap().first_difference, None);
    let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    let cells = &g.rows[0].cells;
    assert!(cells[10].anchor_broken.is_none(), "W11 anchors on W10's head");
    let brk = cells[11].anchor_broken.as_ref().expect("W12 names another hash at seq 40");
    assert_eq!((brk.seq, brk.held_hash.as_str(), brk.now_hash.as_str()), (40, h10.as_str(), h10_rewritten.as_str()));
    let brk13 = cells[12].anchor_broken.as_ref().expect("W13 names another hash at seq 55");
    assert_eq!((brk13.seq, brk13.held_hash.as_str(), brk13.now_hash.as_str()), (55, "x", "not-x"));
    assert_eq!(g.counts.anchor_broken, 2);
    let admin = q.admin.clone();
    let e = review::accept(&mut q.store, &admin, "SZ01", "2026-W12", "", hq_now()).unwrap_err();
    assert!(e.to_string().contains("anchor broken"), "{e}");
}

#[test]
fn the_appendix_splits_a_year_end_week_counts_from_the_boundary_and_reconciles_to_one_digit() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let b = plant_coded("BJ02", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    // The phone factory of the seed entered the boundary mid-year.
    q.register(&b, "EV", "2026-07-01");
    let w53 = Synth {
        week: "2026-W53",
        revision: 1,
        reason: None,
        generated_at: "2027-01-04T02:00:00Z",
        figures: vec![("hw_generated_g", G, vec![("2026-12", 5_000), ("2027-01", 7_000)])],
        head: None,
        prev: None,
    };
    let r = q.import(vec![
        file("a53", synth(&a, w53)),
        file("b26", synth(&b, gen_synth("2026-W26", "2026-06-29T02:00:00Z", "2026-06", 999_000))),
        file("b27", synth(&b, gen_synth("2026-W27", "2026-07-06T02:00:00Z", "2026-07", 5_000))),
    ]);
    assert_eq!(r.accepted, 3, "{:?}", r.results);
    let ap = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    let hw = &ap.rows[0];
    assert_eq!(hw.key, "hw_generated_g");
    // 2026: A's December part (5,000 g) + B's July (5,000 g); B's June is before its boundary.
    assert_eq!(hw.group.exact, Some(10_000));
    assert_eq!(
        (hw.segments[0].text.as_str(), hw.segments[1].text.as_str(), hw.group.text.as_str()),
        ("0.01", "0.01", "0.01")
    );
    let rec = hw.reconciliation.as_ref().expect("0.01 + 0.01 ≠ 0.01 is shown");
    assert_eq!((rec.difference_units, rec.within_tolerance), (-1, true));
    assert!(ap.notes_en.iter().any(|n| n.contains("difference of -1")), "{:?}", ap.notes_en);
    assert!(ap.notes_en.iter().any(|n| n.contains("BJ02") && n.contains("2026-07-01")));
    let next = appendix::compute(q.store.conn(), 2027, View::All).unwrap();
    assert_eq!(next.rows[0].group.exact, Some(7_000), "the January part of 2026-W53 is 2027's");
    assert_eq!(next.rows[0].prior[0].exact, Some(10_000), "2026 is 2027's prior year");
}

#[test]
fn intensities_have_four_significant_figures_and_print_their_headcount_definition() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    let s = Synth {
        week: "2026-W10",
        revision: 1,
        reason: None,
        generated_at: "2026-03-09T02:00:00Z",
        figures: vec![
            ("hw_generated_g", G, vec![("2026-03", 94_420_000)]),
            ("nhw_generated_g", G, vec![("2026-03", 1_234_567_890)]),
        ],
        head: None,
        prev: None,
    };
    q.import(vec![file("w10", synth(&a, s))]);
    let admin = q.admin.clone();
    registry::set_year(
        &mut q.store,
        &admin,
        registry::YearFacts {
            year: 2026,
            revenue_rmb_million: Some("365906.2".into()),
            revenue_currency: "CNY".into(),
            revenue_note: String::new(),
            headcount_fte: Some(43_000),
            headcount_definition: "full-time employees at 31 December".into(),
        },
        hq_now(),
    )
    .unwrap();
    let ap = appendix::compute(q.store.conn(), 2026, View::Hkex).unwrap();
    let get = |k: &str| ap.intensities.iter().find(|i| i.key == k).unwrap();
    // 94.42 t = 94,420 kg / 43,000 = 2.19581… kg/人.
    assert_eq!(get("hw_generated_g_per_fte").values[0], "2.196");
    assert_eq!(get("hw_generated_g_per_fte").unit, "kg/人");
    assert!(get("hw_generated_g_per_fte").denominators[0].contains("full-time employees at 31 December"));
    // 1,234.56789 t / 43,000 = 0.028710881… t/人.
    assert_eq!(get("nhw_generated_g_per_fte").values[0], "0.02871");
    // 94.42 t / 365,906.2 RMB million = 0.000258044… t per RMB million.
    assert_eq!(get("hw_generated_g_per_revenue").values[0], "0.0002580");
    assert_eq!(get("hw_generated_g_per_fte").values[1], "—", "no 2025 data");
}

#[test]
fn historical_figures_fill_the_prior_year_columns_with_their_source() {
    let mut q = hq();
    let admin = q.admin.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.csv");
    std::fs::write(
        &path,
        "year,indicator,segment,value,source\n2025,hw_generated_g,,1655.78 t,2025 ESG report p.88\n2025,hw_generated_g,PHONE,94.42,2025 ESG report\n2024,nhw_generated_g,,12000 t,2024 ESG report\n",
    )
    .unwrap();
    let r = registry::import_history(&mut q.store, &admin, &path, hq_now()).unwrap();
    assert_eq!(r.rows, 3);
    let ap = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    let hw = ap.rows.iter().find(|r| r.key == "hw_generated_g").unwrap();
    assert_eq!(hw.prior[0].exact, Some(1_655_780_000));
    assert_eq!(hw.prior[0].text, "1655.78");
    assert!(hw.prior[0].source.contains("2025 ESG report p.88"));
    let nhw = ap.rows.iter().find(|r| r.key == "nhw_generated_g").unwrap();
    assert_eq!(nhw.prior[1].text, "12000.00");
    // A bad row names its row and nothing of the file is written.
    std::fs::write(&path, "year,indicator,segment,value\n2023,hw_generated_g,,1 t\n2023,no_such_key,,1\n").unwrap();
    let e = registry::import_history(&mut q.store, &admin, &path, hq_now()).unwrap_err().to_string();
    assert!(e.contains("row 3") && e.contains("no_such_key"), "{e}");
    assert!(registry::history(q.store.conn(), Some(2023)).unwrap().is_empty());
}

#[test]
fn the_caches_are_proved_and_a_cache_or_part_changed_behind_the_app_is_named() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    let mut w10 = gen_synth("2026-W10", "2026-03-09T02:00:00Z", "2026-03", 4_000);
    w10.head = Some((10, "h10"));
    q.import(vec![file("w10", synth(&a, w10))]);
    assert_eq!(store::check(q.store.conn()).unwrap().first_difference, None);
    let c = q.store.conn();
    c.execute("UPDATE hq_plant_year SET value = value + 1", []).unwrap();
    let d = store::check(c).unwrap().first_difference.expect("a changed plant-year is named");
    assert!(d.contains("hq_plant_year"), "{d}");
    c.execute("UPDATE hq_plant_year SET value = value - 1", []).unwrap();
    // The grid's per-plant-year masks: a received week flipped is named; a row computed with
    // another deadline (as the migration leaves them, -1) reads the same grid as a fresh one.
    let g0 = grid::grid(c, &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    c.execute("UPDATE hq_week_mask SET received = received | 1", []).unwrap();
    let d = store::check(c).unwrap().first_difference.expect("a changed mask is named");
    assert!(d.contains("hq_week_mask"), "{d}");
    c.execute("UPDATE hq_week_mask SET received = received & ~1, late = 0, deadline_days = -1", []).unwrap();
    assert_eq!(store::check(c).unwrap().first_difference, None);
    let g1 = grid::grid(c, &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
    assert_eq!(g0.counts, g1.counts);
    assert_eq!(g0.rows[0].cells, g1.rows[0].cells);
    c.execute("DROP TRIGGER hq_packet_month_no_update", []).unwrap();
    c.execute("UPDATE hq_packet_month SET figures = '{\"hw_generated_g\":5000}'", []).unwrap();
    // The forger patches the plant-year cache to match: only the signed envelope tells.
    c.execute("UPDATE hq_plant_year SET value = 5000 WHERE key = 'hw_generated_g'", []).unwrap();
    let d = store::check(c).unwrap().first_difference.expect("a changed month part is named");
    assert!(d.contains("hq_packet_month"), "{d}");
}

/// Guards the grid's late flag through the per-plant-year masks: a week first received after
/// its deadline is late; a longer deadline (the HQ setting) makes it on time, for the grid and
/// its counts at once, and the caches still prove.
#[test]
fn late_follows_the_deadline_setting() {
    let mut q = hq();
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    q.import(vec![
        file("w10", synth(&a, gen_synth("2026-W10", "2026-03-20T02:00:00Z", "2026-03", 1))),
        file("w11", synth(&a, gen_synth("2026-W11", "2026-03-16T02:00:00Z", "2026-03", 1))),
    ]);
    let late = |q: &common::hq::Hq| {
        let g = grid::grid(q.store.conn(), &GridQuery { year: 2026, ..Default::default() }, hq_now()).unwrap();
        (g.counts.late, g.rows[0].cells[9].late, g.rows[0].cells[10].late)
    };
    assert_eq!(late(&q), (1, true, false), "W10 arrived 12 days after its Sunday, deadline 3 days");
    let admin = q.admin.clone();
    ehs_ledger::hq::settings::set(&mut q.store, &admin, "deadline_days", "14", hq_now()).unwrap();
    assert_eq!(late(&q), (0, false, false));
    assert_eq!(store::check(q.store.conn()).unwrap().first_difference, None);
}

/// Guards the batch verification of signatures (issue 11 item 10): in a run with good packets, a
/// packet whose signature is another packet's, and one whose R is a small-order point, are each
/// refused by name, the same in batches over the cores as strictly one by one, and the good
/// packets are kept.
#[test]
fn a_bad_signature_inside_a_batch_is_named_and_the_rest_of_the_batch_is_kept() {
    use base64::Engine as _;
    let a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let weeks: Vec<String> = (1..=40).map(|n| format!("2026-W{n:02}")).collect();
    let mut packets: Vec<Vec<u8>> = weeks
        .iter()
        .map(|w| {
            let monday = ehs_ledger::sync::IsoWeek::parse("week", w).unwrap().monday();
            let at = format!("{}T02:00:00Z", monday + chrono::Duration::days(7));
            let month = format!("{}", monday.format("%Y-%m"));
            synth(&a, gen_synth(w, &at, &month, 1_000))
        })
        .collect();
    let with_signature = |bytes: &[u8], sig: String| -> Vec<u8> {
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        v["signature"] = serde_json::Value::String(sig);
        ehs_ledger::sync::packet::canonical(&v).unwrap().into_bytes()
    };
    let sig_of = |bytes: &[u8]| -> String {
        serde_json::from_slice::<serde_json::Value>(bytes).unwrap()["signature"].as_str().unwrap().to_string()
    };
    packets[7] = with_signature(&packets[7], sig_of(&packets[8]));
    let mut small = [0u8; 64];
    small[0] = 1; // R = the identity point (small order), s = 0
    packets[20] = with_signature(&packets[20], base64::engine::general_purpose::STANDARD.encode(small));
    for verify in [ehs_ledger::hq::import::Verify::Threads(2), ehs_ledger::hq::import::Verify::OneByOne] {
        let mut q = hq();
        q.register(&a, "PHONE", "2020-01-01");
        let admin = q.admin.clone();
        let items = packets.iter().enumerate().map(|(i, p)| file(&format!("p{i}.packet.json"), p.clone())).collect();
        let r = ehs_ledger::hq::import::import(
            &mut q.store,
            &admin,
            ehs_ledger::hq::import::ImportSource::File,
            "test",
            items,
            verify,
            hq_now(),
            &mut |_, _| true,
        )
        .unwrap();
        assert_eq!((r.accepted, r.rejected), (38, 2), "{verify:?}: {:#?}", r.results);
        for bad in ["p7.packet.json", "p20.packet.json"] {
            let x = r.results.iter().find(|x| x.name == bad).unwrap();
            assert_eq!(x.outcome, ImportOutcome::Rejected, "{verify:?} {bad}");
            assert!(x.reason.contains("signature does not verify"), "{verify:?} {bad}: {}", x.reason);
        }
    }
}

/// Guards issue 12 item 7a: the wastewater figures travel in the unchanged packet to HQ and land
/// in the appendix's HKEX rows (COD in tonnes, discharge in m³), with the below-DL policy in the
/// packet's provenance.
#[test]
fn wastewater_loads_reach_the_appendix_through_the_packet() {
    use ehs_ledger::water::outfall::{
        self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
    };
    use ehs_ledger::water::readings::{self, SampleInput, SampleValue};
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let now = common::week_plant::now();
    let adm = a.admin.clone();
    let p = |code: &str, frequency| NewParam {
        code: code.into(),
        name: None,
        method: MonitoringMethod::Manual,
        frequency,
        factor_code: None,
        limits: vec![NewLimit {
            upper: Some("500".into()),
            lower: None,
            months: None,
            valid_from: "2020-01-01".into(),
            basis: String::new(),
        }],
    };
    let mut flow = p("flow", Frequency::Daily);
    flow.limits.clear();
    outfall::add(
        &mut a.store,
        &adm,
        NewOutfall {
            code: "DW001".into(),
            name: "总排口".into(),
            discharge_mode: DischargeMode::Indirect,
            unit_class: UnitClass::Key,
            receiving: String::new(),
            permit_no: String::new(),
            permit_expires_on: None,
            mn: None,
            params: vec![p("cod", Frequency::Monthly), flow],
        },
        now,
    )
    .unwrap();
    // 2026-W10 is 2 to 8 March: 100 m³ a day, one sampling at 70 mg/L → 7 × 7,000 g.
    for day in 2..=8 {
        readings::add_daily_flow(&mut a.store, &adm, "DW001", &format!("2026-03-{day:02}"), "100", now).unwrap();
    }
    readings::add_sample(
        &mut a.store,
        &adm,
        SampleInput {
            outfall: "DW001".into(),
            sampled_at: "2026-03-04T10:00".into(),
            lab: "lab".into(),
            values: vec![SampleValue { param: "cod".into(), value: "70".into(), method: String::new() }],
        },
        now,
    )
    .unwrap();
    q.register(&a, "EV", "2020-01-01");
    let out = tempfile::tempdir().unwrap();
    let exported = packets::export(&mut a.store, &adm, "2026-W10", out.path(), now).unwrap();
    let text = std::fs::read_to_string(&exported.paths[0]).unwrap();
    let packet: serde_json::Value = serde_json::from_str(&text).unwrap();
    let body: serde_json::Value = serde_json::from_str(packet["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["provenance"]["methods"]["below_dl_policy"], "zero");
    let admin = q.admin.clone();
    let r = ehs_ledger::hq::import::import_paths(
        &mut q.store,
        &admin,
        &[out.path().to_path_buf()],
        hq_now(),
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!(r.accepted, 1, "{:?}", r.results);
    let ap = appendix::compute(q.store.conn(), 2026, View::Hkex).unwrap();
    let cod = ap.rows.iter().find(|r| r.key == "ww_cod_load_g").expect("COD row in the HKEX view");
    assert_eq!(cod.group.exact, Some(49_000));
    assert_eq!(cod.unit, "t");
    let all = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    let water = all.rows.iter().find(|r| r.key == "ww_discharge_l").expect("discharge row");
    assert_eq!((water.group.exact, water.group.text.as_str(), water.unit.as_str()), (Some(700_000), "700", "m³"));
    assert!(all.rows.iter().all(|r| r.key != "ww_online_valid_hours"), "working counts are not appendix rows");
}
