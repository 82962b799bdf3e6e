//! Issue 11 item 9: a plant database built through the core sends its weeks through a real SMTP
//! server (aiosmtpd) that delivers into a real IMAP server (Debian's dovecot, LMTP), and HQ
//! fetches them into its database: packets stored once and moved out of the inbox, a mail that
//! is not a packet left alone and listed (and skipped by the next pass), the same packet mailed
//! again counted once, a packet from an unregistered plant refused with its reason and left.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use chrono::{Duration, Utc};
use common::hq::hq;
use common::week_plant::{gen, now, plant_coded};
use ehs_ledger::hq::appendix::{self, View};
use ehs_ledger::plant::{settings, Jurisdiction};
use ehs_ledger::sync::{self, packets, BuildRequest, FlagNote, IsoWeek};
use ehs_ledger_net::hq_fetch;
use ehs_ledger_net::imap::{ImapConfig, Security};
use ehs_ledger_net::outbox::drain_once;
use ehs_ledger_net::secrets::SecretStore;
use ehs_ledger_net::smtp::{self, Mail, MailAttachment, SmtpConfig};
use std::sync::Arc;
use support::dovecot::Dovecot;
use support::{Mode, Options, SmtpServer, TestCa};

fn build(p: &mut common::Plant, week: &str) {
    let w = IsoWeek::parse("week", week).unwrap();
    let mut kinds: Vec<_> =
        sync::preview(p.store.conn(), w, now().date_naive()).unwrap().flags.iter().map(|f| f.kind).collect();
    kinds.dedup();
    let notes = kinds.into_iter().map(|kind| FlagNote { kind, note: "checked on site".into() }).collect();
    let a = p.admin.clone();
    packets::build(&mut p.store, &a, BuildRequest { week: week.into(), reason: None, notes }, now()).unwrap();
}

fn relay_cfg(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: smtp::Security::Plain,
        username: None,
        password: None,
        from: "someone@example.cn".into(),
        send_timeout: std::time::Duration::from_secs(5),
        extra_ca_pem: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plant_weeks_mailed_through_smtp_reach_hq_through_imap_once() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    let relay =
        SmtpServer::start_with(Mode::Accept, Options { lmtp: Some((&d.lmtp_socket, &d.user)), ..Default::default() });

    // The plant: two weeks of ledger, sent by its own outbox.
    let mut p = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "C-1", "900-249-08", "12.5", "2026-03-03T09:00", true);
    gen(&mut p, "C-2", "900-249-08", "7.25", "2026-03-10T09:00", true);
    let a = p.admin.clone();
    let port = relay.port.to_string();
    let pairs = [
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", port.as_str()),
        ("smtp_security", "none"),
        ("smtp_from", "sz01@plant.example"),
        ("sync_hq_address", "hq-ehs@group.example"),
        ("smtp_timeout_s", "5"),
    ];
    settings::set_many(&mut p.store, &a, &pairs, now()).unwrap();
    build(&mut p, "2026-W10");
    build(&mut p, "2026-W11");
    let sent = drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), || now() + Duration::hours(1), true)
        .await
        .unwrap();
    assert_eq!(sent.len(), 2, "{sent:?}");
    // A mail that is not a packet, and one from a plant HQ does not know.
    let lunch = Mail {
        message_id: "lunch@group.example".into(),
        to: vec!["hq-ehs@group.example".into()],
        subject: "午餐安排".into(),
        text: "12:00 食堂".into(),
        attachments: vec![],
    };
    smtp::send(&relay_cfg(relay.port), &lunch).await.unwrap();
    let stranger = plant_coded("XX99", "Asia/Shanghai", Jurisdiction::CN);
    let mut stranger = stranger;
    gen(&mut stranger, "X-1", "900-249-08", "1", "2026-03-03T09:00", true);
    build(&mut stranger, "2026-W10");
    let unknown = packets::latest_file(stranger.store.conn(), "2026-W10").unwrap().unwrap();
    let mail = |id: &str, name: &str, bytes: Vec<u8>| Mail {
        message_id: id.into(),
        to: vec!["hq-ehs@group.example".into()],
        subject: format!("weekly packet {name}"),
        text: "attached".into(),
        attachments: vec![MailAttachment { name: name.into(), media_type: "application/json".into(), bytes }],
    };
    smtp::send(&relay_cfg(relay.port), &mail("xx99@plant.example", &unknown.name, unknown.bytes)).await.unwrap();

    // HQ registers SZ01 and reads its mailbox.
    let mut q = hq();
    q.register(&p, "PHONE", "2020-01-01");
    let cfg = ImapConfig {
        host: "127.0.0.1".into(),
        port: d.imaps_port,
        security: Security::Tls,
        username: d.user.clone(),
        password: d.password.clone(),
        mailbox: "INBOX".into(),
        processed_mailbox: Some("EHS-Imported".into()),
        step_timeout: std::time::Duration::from_secs(20),
        extra_ca_pem: Some(ca.ca_pem.clone()),
        max_message_bytes: 1 << 24,
    };
    let hq_path = q.path();
    let admin = q.admin.clone();
    let first = hq_fetch::fetch_into(&hq_path, &cfg, Some(admin.clone()), false).await.unwrap();
    assert_eq!(
        (first.messages, first.accepted, first.not_packets, first.rejected),
        (4, 2, 1, 1),
        "{first:?}\n{}",
        d.log()
    );
    let items: Vec<(String, String)> = q
        .store
        .conn()
        .prepare("SELECT outcome, reason FROM hq_import_item ORDER BY rowid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        items.iter().any(|(o, r)| o == "rejected" && r.contains("XX99") && r.contains("not in the registry")),
        "{items:?}"
    );
    assert!(items.iter().any(|(o, r)| o == "not_packet" && r.contains("午餐安排")), "{items:?}");
    let received: Option<String> =
        q.store.conn().query_row("SELECT min(received_at) FROM hq_packet", [], |r| r.get(0)).unwrap();
    let received = ehs_ledger::time::from_db(&received.unwrap()).unwrap();
    assert!((Utc::now() - received).num_minutes().abs() < 5, "received_at is the mailbox's date, not the signing time");

    // The next pass: nothing new; the two left-alone mails are skipped, not re-imported.
    let second = hq_fetch::fetch_into(&hq_path, &cfg, Some(admin.clone()), false).await.unwrap();
    assert_eq!((second.messages, second.skipped_known), (0, 2), "{second:?}");

    // The plant's W10 mailed again (a resend): counted once, moved.
    let w10 = packets::latest_file(p.store.conn(), "2026-W10").unwrap().unwrap();
    smtp::send(&relay_cfg(relay.port), &mail("resend@plant.example", &w10.name, w10.bytes)).await.unwrap();
    // This pass as the app's background task does it: the system actor, audited as such.
    let third = hq_fetch::fetch_into(&hq_path, &cfg, None, false).await.unwrap();
    assert_eq!((third.messages, third.accepted, third.duplicates), (1, 0, 1), "{third:?}");
    let actor: String =
        q.store.conn().query_row("SELECT actor FROM hq_import ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(actor, "system");
    let _ = admin;

    let ap = appendix::compute(q.store.conn(), 2026, View::All).unwrap();
    let hw = ap.rows.iter().find(|r| r.key == "hw_generated_g").unwrap();
    assert_eq!(hw.group.exact, Some(19_750), "12.5 + 7.25 kg, W10 once");
    assert_eq!(ehs_ledger::hq::store::check(q.store.conn()).unwrap().first_difference, None);
}

/// Guards issue 11 item 6 over a real SMTP server: HQ's return leaves through HQ's outbox (the
/// `smtp_*` and `return_from` HQ settings, the plant's registry address), arrives as a mail, and
/// the plant imports that mail (`.eml`) as HQ's verified return of the week; a second drain
/// sends nothing.
#[test]
fn a_return_is_mailed_through_hqs_outbox_and_the_plant_imports_the_mail() {
    use ehs_ledger::hq::{review, settings as hq_settings};
    use ehs_ledger::sync::outbox::Outcome;
    use ehs_ledger::sync::returns;
    let server = SmtpServer::start(Mode::Accept);
    let mut q = hq();
    let mut a = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    q.register(&a, "PHONE", "2020-01-01");
    gen(&mut a, "C-1", "900-249-08", "100", "2026-03-03T10:00", true);
    build(&mut a, "2026-W10");
    let f = packets::latest_file(a.store.conn(), "2026-W10").unwrap().unwrap();
    assert_eq!(q.import(vec![common::hq::file("w10", f.bytes)]).accepted, 1);
    let admin = q.admin.clone();
    let port = server.port.to_string();
    for (k, v) in [
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", port.as_str()),
        ("smtp_security", "none"),
        ("return_from", "esg@hq.example"),
        ("smtp_timeout_s", "5"),
    ] {
        hq_settings::set(&mut q.store, &admin, k, v, common::hq::hq_now()).unwrap();
    }
    let r =
        review::return_week(&mut q.store, &admin, "SZ01", "2026-W10", "请核对 9 t 的称重记录", common::hq::hq_now())
            .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let secrets = Arc::new(SecretStore::with_keyring(None));
    let d = rt.block_on(drain_once(&q.path(), secrets.clone(), Utc::now, true)).unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(matches!(&d[0].outcome, Outcome::Sent { recipients, .. } if recipients == &["ehs@plant.example"]), "{d:?}");
    assert_eq!(d[0].item_id, r.outbox_id.clone().unwrap());
    assert!(rt.block_on(drain_once(&q.path(), secrets, Utc::now, true)).unwrap().is_empty());
    let mails = server.received();
    assert_eq!(mails.len(), 1);
    // The plant imports the mail as it arrived.
    let (_, pem) = review::hq_public_pem(&mut q.store, common::hq::hq_now()).unwrap();
    let pa = a.admin.clone();
    returns::register_hq_key(&mut a.store, &pa, &pem, now()).unwrap();
    let got = returns::import(&mut a.store, &pa, &mails[0], now()).unwrap();
    assert_eq!((got.received.week.as_str(), got.received.revision, got.received.via.as_str()), ("2026-W10", 1, "mail"));
    assert_eq!(got.received.comment, "请核对 9 t 的称重记录");
    let hist = review::history(q.store.conn(), "SZ01", "2026-W10").unwrap();
    assert_eq!(hist.decisions[0].delivery, Some(ehs_ledger::sync::outbox::ItemState::Sent));
}
