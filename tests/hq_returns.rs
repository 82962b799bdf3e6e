//! Issue 11 item 6, both ends of a return: HQ returns a plant-week with a comment; the signed
//! message is queued in HQ's outbox to the plant's registry address in the same transaction
//! (in order per plant: one plant's bouncing address holds up no other plant); the plant
//! registers HQ's key, imports the message, sees it on the week and as an alert until it builds
//! the restatement. Refusals (unregistered key, altered message, another plant's return) store
//! nothing.

mod common;

use common::hq::{hq, hq_now};
use common::week_plant::{gen, plant_coded};
use ehs_ledger::hq::review;
use ehs_ledger::plant::Jurisdiction;
use ehs_ledger::sync::outbox::{self, ItemState, OutboxKind, Outcome, Stream};
use ehs_ledger::sync::packets::{self, BuildRequest};
use ehs_ledger::sync::{returns, submitted, IsoWeek};
use ehs_ledger::{alerts::AlertKind, audit};

fn build(p: &mut common::Plant, week: &str, reason: Option<&str>) -> Vec<u8> {
    let adm = p.admin.clone();
    let now = common::week_plant::now();
    packets::build(
        &mut p.store,
        &adm,
        BuildRequest { week: week.into(), reason: reason.map(Into::into), notes: vec![] },
        now,
    )
    .unwrap();
    packets::latest_file(p.store.conn(), week).unwrap().unwrap().bytes
}

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Guards item 6 end to end in the core: the outbox row, the plant's import and the week's view,
/// the restatement answering the return, and both audit trails.
#[test]
fn a_return_is_queued_to_the_plant_imported_there_and_answered_by_a_restatement() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    gen(&mut a, "C-1", "900-249-08", "9000", "2026-03-03T10:00", true);
    let r1 = build(&mut a, "2026-W10", None);
    assert_eq!(q.import(vec![common::hq::file("r1", r1)]).accepted, 1);
    let admin = q.admin.clone();
    let ret =
        review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "9 t in one week? check the scale", hq_now())
            .unwrap();
    // Queued in HQ's outbox, to the registry address, with the signed message attached.
    let due = outbox::due(q.store.conn(), hq_now(), false).unwrap();
    assert_eq!(due.len(), 1);
    let item = &due[0];
    assert_eq!(Some(&item.id), ret.outbox_id.as_ref());
    assert_eq!(
        (item.stream, item.kind, item.week.as_deref(), item.revision),
        (Stream::Plants, OutboxKind::Return, Some("2026-W10"), Some(1))
    );
    assert_eq!(outbox::item_recipients(q.store.conn(), item).unwrap(), ["ehs@plant.example"]);
    assert_eq!(item.plant_code.as_deref(), Some("SZ01"));
    assert_eq!(outbox::status(q.store.conn(), hq_now()).unwrap().items[0].plant_code.as_deref(), Some("SZ01"));
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(item.attachments[0].name, "SZ01_2026-W10_r1.return.json");
    assert_eq!(item.attachments[0].bytes, ret.message);
    assert!(item.body_text.contains("check the scale") && item.subject.contains("SZ01 2026-W10 r1"));
    let hist = review::history(q.store.conn(), "SZ01", "2026-W10").unwrap();
    assert_eq!(hist.decisions.last().unwrap().delivery, Some(ItemState::Pending));

    // The plant: without HQ's key the message is refused and nothing is stored.
    let plant_admin = a.admin.clone();
    let now = common::week_plant::now();
    let e = returns::import(&mut a.store, &plant_admin, &ret.message, now).unwrap_err();
    assert!(e.to_string().contains("register HQ's public key"), "{e}");
    assert_eq!(count(a.store.conn(), "sync_return"), 0);
    let (fp, pem) = review::hq_public_pem(&mut q.store, hq_now()).unwrap();
    let k = returns::register_hq_key(&mut a.store, &plant_admin, &pem, now).unwrap();
    assert_eq!(k.fingerprint, fp);
    assert!(k.label.contains("HQ"), "{}", k.label);
    // An altered message is refused.
    let mut bad = ret.message.clone();
    let i = String::from_utf8(bad.clone()).unwrap().find("scale").unwrap();
    bad[i] = b'S';
    assert!(returns::import(&mut a.store, &plant_admin, &bad, now).is_err());
    assert_eq!(count(a.store.conn(), "sync_return"), 0);
    // The real message is stored once; the second import says so and writes nothing.
    let got = returns::import(&mut a.store, &plant_admin, &ret.message, now).unwrap();
    assert!(!got.duplicate);
    assert_eq!((got.received.week.as_str(), got.received.revision), ("2026-W10", 1));
    assert_eq!(got.received.comment, "9 t in one week? check the scale");
    assert_eq!(got.received.via, "file");
    let again = returns::import(&mut a.store, &plant_admin, &ret.message, now).unwrap();
    assert!(again.duplicate);
    assert_eq!(count(a.store.conn(), "sync_return"), 1);
    // Shown on the week and as an alert until the restatement is built.
    let w10 = IsoWeek::parse("week", "2026-W10").unwrap();
    let st = submitted::week_state(a.store.conn(), w10).unwrap();
    assert_eq!(st.returns.len(), 1);
    assert_eq!(st.returns[0].answered_by_revision, None);
    let today = now.date_naive();
    let alerts = submitted::alerts(a.store.conn(), today).unwrap();
    assert!(alerts.iter().any(|x| x.kind == AlertKind::WeekReturnedByHq && x.subject == "2026-W10"), "{alerts:?}");
    // The plant corrects the ledger (a reversal would be the real fix; a second entry is enough
    // to change the week) and builds revision 2: the return is answered and the alert goes.
    gen(&mut a, "C-2", "900-249-08", "1", "2026-03-04T10:00", true);
    let r2 = build(&mut a, "2026-W10", Some("scale checked: 9 t was 9 kg, corrected"));
    let st = submitted::week_state(a.store.conn(), w10).unwrap();
    assert_eq!(st.returns[0].answered_by_revision, Some(2));
    let alerts = submitted::alerts(a.store.conn(), today).unwrap();
    assert!(!alerts.iter().any(|x| x.kind == AlertKind::WeekReturnedByHq), "{alerts:?}");
    // HQ receives the restatement: the week is no longer "returned".
    assert_eq!(q.import(vec![common::hq::file("r2", r2)]).accepted, 1);
    let g = ehs_ledger::hq::grid::grid(
        q.store.conn(),
        &ehs_ledger::hq::grid::GridQuery { year: 2026, ..Default::default() },
        hq_now(),
    )
    .unwrap();
    assert_ne!(g.rows[0].cells[9].state, ehs_ledger::hq::grid::CellState::Returned);
    // Both trails verify, with the new tables audited.
    for conn in [a.store.conn(), q.store.conn()] {
        assert_eq!(audit::verify(conn).unwrap().first_broken, None, "audit chain");
        assert_eq!(audit::records::verify_records(conn).unwrap().first_difference, None, "every record audited");
    }
}

/// Guards the per-plant lanes: a permanent failure on one plant's return blocks that plant's
/// later returns (order per plant) but not another plant's; retry by an HQ analyst moves it again.
/// A plant without an address gets no outbox item (the file is handed over).
#[test]
fn one_plants_bouncing_address_holds_up_no_other_plant() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    let mut b = plant_coded("DG02", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    q.register(&b, "PHONE", "2020-01-01");
    for p in [&mut a, &mut b] {
        gen(p, "C-1", "900-249-08", "100", "2026-03-03T10:00", true);
        gen(p, "C-2", "900-249-08", "100", "2026-03-10T10:00", true);
        let w10 = build(p, "2026-W10", None);
        let w11 = build(p, "2026-W11", None);
        assert_eq!(q.import(vec![common::hq::file("w10", w10), common::hq::file("w11", w11)]).accepted, 2);
    }
    let admin = q.admin.clone();
    let rb10 = review::return_week(&mut q.store, &admin, "DG02", "2026-W10", "why?", hq_now()).unwrap();
    let rb11 = review::return_week(&mut q.store, &admin, "DG02", "2026-W11", "and this?", hq_now()).unwrap();
    let ra10 = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "check", hq_now()).unwrap();
    let ids = |q: &common::hq::Hq| -> Vec<String> {
        outbox::due(q.store.conn(), hq_now(), true).unwrap().into_iter().map(|i| i.id).collect()
    };
    let b10 = rb10.outbox_id.clone().unwrap();
    assert_eq!(ids(&q), vec![b10.clone(), ra10.outbox_id.clone().unwrap()], "one head per plant, in seq order");
    outbox::record_attempt(&mut q.store, &b10, Outcome::Permanent { error: "550 no such user".into() }, hq_now())
        .unwrap();
    assert_eq!(ids(&q), vec![ra10.outbox_id.clone().unwrap()], "DG02 waits; SZ01 does not");
    let st = outbox::status(q.store.conn(), hq_now()).unwrap();
    assert_eq!((st.failed, st.pending), (1, 2));
    outbox::retry(&mut q.store, &admin, &b10, hq_now()).unwrap();
    assert_eq!(ids(&q)[0], b10);
    outbox::record_attempt(
        &mut q.store,
        &b10,
        Outcome::Sent { reply: "250 ok".into(), recipients: vec!["ehs@plant.example".into()] },
        hq_now(),
    )
    .unwrap();
    assert!(ids(&q).contains(&rb11.outbox_id.clone().unwrap()), "DG02's next return follows");
    // A plant without an address: the return is made, signed and kept, but not queued.
    let mut c = plant_coded("HZ03", "Asia/Shanghai", Jurisdiction::CN);
    gen(&mut c, "C-1", "900-249-08", "100", "2026-03-03T10:00", true);
    let hz = build(&mut c, "2026-W10", None);
    let p = ehs_ledger::plant::require(c.store.conn()).unwrap();
    let k = ehs_ledger::sync::key::active(c.store.conn()).unwrap().unwrap();
    ehs_ledger::hq::registry::add_plant(
        &mut q.store,
        &admin,
        ehs_ledger::hq::registry::PlantInput {
            code: p.code,
            name: p.name,
            segment_code: "PHONE".into(),
            legal_entity: String::new(),
            timezone: p.timezone,
            email: String::new(),
            in_boundary_from: "2020-01-01".into(),
            public_key_pem: ehs_ledger::sync::key::export_pem("HZ03", &k.info, &k.verifying_key()),
            key_valid_from: Some("2020-01-01".into()),
        },
        hq_now(),
    )
    .unwrap();
    assert_eq!(q.import(vec![common::hq::file("hz", hz)]).accepted, 1);
    let n_before = count(q.store.conn(), "outbox");
    let r = review::return_week(&mut q.store, &admin, "HZ03", "2026-W10", "hand-delivered", hq_now()).unwrap();
    assert_eq!(r.outbox_id, None);
    assert_eq!(count(q.store.conn(), "outbox"), n_before);
    assert_eq!(review::history(q.store.conn(), "HZ03", "2026-W10").unwrap().decisions[0].delivery, None);
    // Another plant's return is refused at SZ01, naming both plants; nothing is stored.
    let (_, pem) = review::hq_public_pem(&mut q.store, hq_now()).unwrap();
    let pa = a.admin.clone();
    let now = common::week_plant::now();
    returns::register_hq_key(&mut a.store, &pa, &pem, now).unwrap();
    let e = returns::import(&mut a.store, &pa, &rb10.message, now).unwrap_err();
    assert!(e.to_string().contains("for plant DG02") && e.to_string().contains("SZ01"), "{e}");
    assert_eq!(count(a.store.conn(), "sync_return"), 0);
    // Registering the same key twice is refused; a new HQ key retires the old one.
    assert!(returns::register_hq_key(&mut a.store, &pa, &pem, now).is_err());
}

/// Guards the answer to a return whose figures are right: an unchanged week cannot be built
/// again, unless HQ returned its latest revision — then revision n+1 with the same figures and
/// a reason (what was checked) answers it.
#[test]
fn a_returned_week_whose_figures_stand_is_answered_by_a_revision_with_a_reason() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    gen(&mut a, "C-1", "900-249-08", "9000", "2026-03-03T10:00", true);
    let r1 = build(&mut a, "2026-W10", None);
    assert_eq!(q.import(vec![common::hq::file("r1", r1)]).accepted, 1);
    let adm = a.admin.clone();
    let now = common::week_plant::now();
    let again = |a: &mut common::Plant| {
        packets::build(
            &mut a.store,
            &adm,
            BuildRequest {
                week: "2026-W10".into(), reason: Some("称重记录已核对：9 t 属实".into()), notes: vec![]
            },
            now,
        )
    };
    let e = again(&mut a).unwrap_err();
    assert!(e.to_string().contains("unchanged"), "{e}");
    let admin = q.admin.clone();
    let ret = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "9 t?", hq_now()).unwrap();
    let (_, pem) = review::hq_public_pem(&mut q.store, hq_now()).unwrap();
    returns::register_hq_key(&mut a.store, &adm, &pem, now).unwrap();
    returns::import(&mut a.store, &adm, &ret.message, now).unwrap();
    let b = again(&mut a).unwrap();
    assert_eq!(b.revision, 2);
    let w10 = IsoWeek::parse("week", "2026-W10").unwrap();
    assert_eq!(submitted::week_state(a.store.conn(), w10).unwrap().returns[0].answered_by_revision, Some(2));
    let e = again(&mut a).unwrap_err();
    assert!(e.to_string().contains("unchanged"), "revision 2 was not returned: {e}");
}

/// Regression (fuzz_parsers, plant_return_import): a return whose envelope's unsigned
/// `algorithm` member was changed (`"algorithm": "𛅕@¥}=H"`), or which carries a member the
/// format does not have, verified — and, being other bytes, was stored as a second return.
/// Both are refused now, naming the return, and nothing is stored.
#[test]
fn a_return_with_a_changed_algorithm_or_an_extra_envelope_member_is_refused() {
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    gen(&mut a, "C-1", "900-249-08", "9000", "2026-03-03T10:00", true);
    let r1 = build(&mut a, "2026-W10", None);
    assert_eq!(q.import(vec![common::hq::file("r1", r1)]).accepted, 1);
    let admin = q.admin.clone();
    let ret = review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "9 t?", hq_now()).unwrap();
    let (_, pem) = review::hq_public_pem(&mut q.store, hq_now()).unwrap();
    let adm = a.admin.clone();
    let now = common::week_plant::now();
    returns::register_hq_key(&mut a.store, &adm, &pem, now).unwrap();
    let env: serde_json::Value = serde_json::from_slice(&ret.message).unwrap();
    let mut algorithm = env.clone();
    algorithm["algorithm"] = serde_json::json!("𛅕@¥}=H");
    let mut extra = env.clone();
    extra["6x"] = serde_json::json!(null);
    for (what, v) in [("algorithm", algorithm), ("member", extra)] {
        let bytes = ehs_ledger::sync::packet::canonical(&v).unwrap().into_bytes();
        let e = returns::import(&mut a.store, &adm, &bytes, now).unwrap_err();
        assert_eq!(e.field(), Some("return"), "{e}");
        assert!(e.to_string().contains(what), "{e}");
        assert_eq!(count(a.store.conn(), "sync_return"), 0);
    }
    assert!(!returns::import(&mut a.store, &adm, &ret.message, now).unwrap().duplicate);
    assert_eq!(count(a.store.conn(), "sync_return"), 1);
}
