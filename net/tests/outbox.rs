//! Issue 10 items 6 and 11: the plant's outbox drained over SMTP to a real server on 127.0.0.1
//! (aiosmtpd, tests/support): a week's packet is sent, received, and its attachment verifies with
//! the plant's public key; weeks queued while the server is down all arrive exactly once and in
//! week order when it returns; a server that never answers does not hang the drain; a 5xx stops
//! the stream and is shown until retried; a send cut off mid-way loses and duplicates nothing.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use chrono::{DateTime, Duration, Utc};
use common::week_plant::{gen, now, plant_in};
use common::Plant;
use ehs_ledger::plant::{settings, Jurisdiction};
use ehs_ledger::sync::outbox::{self, ItemState, Outcome};
use ehs_ledger::sync::{self, key, packet, BuildRequest, FlagNote, IsoWeek};
use ehs_ledger_net::outbox::{drain_once, Delivery, DrainLock};
use ehs_ledger_net::secrets::SecretStore;
use mail_parser::{MessageParser, MimeHeaders};
use std::sync::Arc;
use std::time::Instant;
use support::{closed_port, Mode, Options, SmtpServer};

/// An hour after the week-plant's `now`: the weeks below are closed.
fn later() -> DateTime<Utc> {
    now() + Duration::hours(1)
}

/// A Shanghai plant with a generation entry in each of 2027-W01 … W0n, mail to 127.0.0.1:`port`.
fn plant_with_weeks(n: u32, port: u16) -> Plant {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    for w in 1..=n {
        let monday = IsoWeek::parse("week", &format!("2027-W{w:02}")).unwrap().monday();
        gen(&mut p, &format!("C-{w:03}"), "900-249-08", &format!("{}.5", 10 + w), &format!("{monday}T09:00"), true);
    }
    set_port(&mut p, port);
    p
}

fn set_port(p: &mut Plant, port: u16) {
    let a = p.admin.clone();
    let port = port.to_string();
    let pairs = [
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", port.as_str()),
        ("smtp_security", "none"),
        ("smtp_from", "sz01@plant.example"),
        ("sync_hq_address", "esg@hq.example"),
        ("smtp_timeout_s", "5"),
    ];
    settings::set_many(&mut p.store, &a, &pairs, now()).unwrap();
}

/// Builds and queues `week` with a note for each flag it raises.
fn build(p: &mut Plant, week: &str) -> sync::Built {
    let w = IsoWeek::parse("week", week).unwrap();
    let today = later().date_naive();
    let mut kinds: Vec<_> = sync::preview(p.store.conn(), w, today).unwrap().flags.iter().map(|f| f.kind).collect();
    kinds.dedup();
    let notes = kinds.into_iter().map(|kind| FlagNote { kind, note: "checked on site".into() }).collect();
    let a = p.admin.clone();
    sync::build(&mut p.store, &a, BuildRequest { week: week.into(), reason: None, notes }, later()).unwrap()
}

fn drain(p: &Plant, send_now: bool) -> Vec<Delivery> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), later, send_now)).unwrap()
}

/// The received mails' packet attachments, in arrival order.
fn received_packets(server: &SmtpServer) -> Vec<Vec<u8>> {
    server
        .received()
        .iter()
        .map(|raw| {
            let m = MessageParser::default().parse(raw).expect("a mail");
            let bytes = m
                .attachments()
                .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".packet.json")))
                .expect("the packet attachment")
                .contents()
                .to_vec();
            bytes
        })
        .collect()
}

fn week_of(packet_bytes: &[u8], p: &Plant) -> String {
    let public = key::active(p.store.conn()).unwrap().unwrap().verifying_key();
    packet::verify(packet_bytes, &public).expect("the received packet verifies").week
}

/// Guards items 6 and 11: sent, received, verifies with the plant key; one changed byte does not.
#[test]
fn a_week_is_sent_received_and_its_attachment_verifies() {
    let server = SmtpServer::start(Mode::Accept);
    let mut p = plant_with_weeks(1, server.port);
    build(&mut p, "2027-W01");
    let d = drain(&p, false);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(matches!(&d[0].outcome, Outcome::Sent { recipients, .. } if recipients == &["esg@hq.example"]), "{d:?}");
    let got = received_packets(&server);
    assert_eq!(got.len(), 1);
    assert_eq!(week_of(&got[0], &p), "2027-W01");
    let mut bad = got[0].clone();
    let at = bad.len() / 3;
    bad[at] ^= 0x01;
    let public = key::active(p.store.conn()).unwrap().unwrap().verifying_key();
    assert!(packet::verify(&bad, &public).is_err(), "one changed byte must fail verification");
    // The week is submitted by mail, and a second drain sends nothing again.
    assert!(sync::submitted::is_submitted(p.store.conn(), "2027-W01").unwrap());
    assert!(drain(&p, true).is_empty());
    assert_eq!(server.received().len(), 1);
}

/// Guards item 11: while the server is down the weeks wait (each attempt recorded, transient);
/// when it returns all are delivered exactly once, in week order.
#[test]
fn weeks_queued_while_the_server_is_down_arrive_once_in_order_when_it_returns() {
    let port = closed_port();
    let mut p = plant_with_weeks(4, port);
    for w in 1..=4 {
        build(&mut p, &format!("2027-W{w:02}"));
    }
    for _ in 0..3 {
        let d = drain(&p, true);
        assert_eq!(d.len(), 1, "only the head of the stream is tried: {d:?}");
        assert_eq!(d[0].week.as_deref(), Some("2027-W01"));
        assert!(matches!(d[0].outcome, Outcome::Transient { .. }), "{d:?}");
    }
    let st = outbox::status(p.store.conn(), later()).unwrap();
    assert_eq!(st.pending, 4);
    assert!(st.last_attempt.is_some_and(|e| e.detail.contains("127.0.0.1")));
    let server = SmtpServer::start_with(Mode::Accept, Options { port, ..Default::default() });
    let d = drain(&p, true);
    assert_eq!(d.iter().filter(|d| matches!(d.outcome, Outcome::Sent { .. })).count(), 4, "{d:?}");
    let weeks: Vec<String> = received_packets(&server).iter().map(|b| week_of(b, &p)).collect();
    assert_eq!(weeks, ["2027-W01", "2027-W02", "2027-W03", "2027-W04"]);
    assert!(drain(&p, true).is_empty());
    assert_eq!(server.received().len(), 4, "exactly once");
    assert_eq!(outbox::status(p.store.conn(), later()).unwrap().pending, 0);
}

/// Guards item 6 (tech-notes: lettre's timeout covers only connect): a server that accepts the
/// connection and never greets ends the drain within the configured 5 s, as a transient failure.
#[test]
fn a_server_that_never_answers_does_not_hang_the_drain() {
    let server = SmtpServer::start(Mode::Silent);
    let mut p = plant_with_weeks(1, server.port);
    build(&mut p, "2027-W01");
    let t = Instant::now();
    let d = drain(&p, true);
    let took = t.elapsed();
    assert!(took < std::time::Duration::from_secs(15), "hung for {took:?}");
    assert!(matches!(&d[0].outcome, Outcome::Transient { error } if error.contains("did not finish")), "{d:?}");
}

/// Guards item 6: a 5xx is permanent — the item is failed, the stream stops (the next week is not
/// tried), the error is in the status — until the user retries.
#[test]
fn a_5xx_is_permanent_shown_and_blocks_the_stream_until_retried() {
    let server = SmtpServer::start(Mode::Reject);
    let mut p = plant_with_weeks(2, server.port);
    build(&mut p, "2027-W01");
    build(&mut p, "2027-W02");
    let d = drain(&p, true);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(matches!(&d[0].outcome, Outcome::Permanent { error } if error.contains("550")), "{d:?}");
    assert!(drain(&p, true).is_empty(), "a failed head blocks its stream");
    let st = outbox::status(p.store.conn(), later()).unwrap();
    assert_eq!(st.failed, 1);
    let failed = st.items.iter().find(|i| i.state == ItemState::Failed).unwrap();
    assert_eq!(failed.week.as_deref(), Some("2027-W01"));
    drop(server);
    let server = SmtpServer::start(Mode::Accept);
    set_port(&mut p, server.port);
    let a = p.admin.clone();
    outbox::retry(&mut p.store, &a, &failed.id, later()).unwrap();
    let d = drain(&p, true);
    assert_eq!(d.len(), 2, "{d:?}");
    let weeks: Vec<String> = received_packets(&server).iter().map(|b| week_of(b, &p)).collect();
    assert_eq!(weeks, ["2027-W01", "2027-W02"]);
}

/// Guards item 11: a drain cut off mid-send (the app closing, the process killed while the server
/// has not acknowledged) records nothing for the item; the next drain delivers it once.
#[test]
fn a_send_cut_off_mid_way_is_neither_lost_nor_duplicated() {
    let stall = SmtpServer::start(Mode::Stall);
    let mut p = plant_with_weeks(1, stall.port);
    build(&mut p, "2027-W01");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let cut = rt.block_on(async {
        tokio::time::timeout(
            std::time::Duration::from_millis(1500),
            drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), later, true),
        )
        .await
    });
    assert!(cut.is_err(), "the drain was cut off while the server stalled");
    let st = outbox::status(p.store.conn(), later()).unwrap();
    assert_eq!((st.pending, st.items[0].attempts), (1, 0), "nothing recorded for the cut-off send");
    drop(stall);
    let server = SmtpServer::start(Mode::Accept);
    set_port(&mut p, server.port);
    let d = drain(&p, true);
    assert!(matches!(d[0].outcome, Outcome::Sent { .. }), "{d:?}");
    assert!(drain(&p, true).is_empty());
    assert_eq!(server.received().len(), 1);
}

/// Guards item 13: no SMTP settings is an error naming the setting, and nothing is recorded.
#[test]
fn no_smtp_settings_is_an_error_naming_the_setting() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "C-001", "900-249-08", "3", "2027-01-04T09:00", true);
    build(&mut p, "2027-W01");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let e = rt
        .block_on(drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), later, true))
        .expect_err("no SMTP server set");
    assert_eq!(e.field(), Some("smtp_host"));
    assert_eq!(outbox::status(p.store.conn(), later()).unwrap().items[0].attempts, 0);
}

/// Guards exactly-once across processes: while another drain of the same file holds the lock
/// (the app's task while `sync send` runs, two app windows), a drain tries nothing, records
/// nothing and says why; once it is released the items go out once.
#[test]
fn a_drain_while_another_holds_the_file_sends_nothing_and_says_why() {
    let server = SmtpServer::start(Mode::Accept);
    let mut p = plant_with_weeks(2, server.port);
    build(&mut p, "2027-W01");
    build(&mut p, "2027-W02");
    let held = DrainLock::try_acquire(&p.path()).unwrap().expect("nobody else drains");
    assert!(DrainLock::try_acquire(&p.path()).unwrap().is_none(), "the lock is exclusive");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let e =
        rt.block_on(drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), later, true)).expect_err("busy");
    assert!(matches!(e, ehs_ledger::Error::Conflict(_)) && e.to_string().contains("another"), "{e}");
    let st = outbox::status(p.store.conn(), later()).unwrap();
    assert_eq!((st.pending, st.items.iter().map(|i| i.attempts).sum::<i64>()), (2, 0), "nothing tried or recorded");
    assert!(server.received().is_empty());
    drop(held);
    assert_eq!(drain(&p, true).len(), 2);
    assert_eq!(server.received().len(), 2);
}

/// Guards exactly-once with two drainers started together (threads with their own runtimes, as
/// two processes would be): every week is received once, in order, and recorded sent once.
#[test]
fn two_drains_started_together_send_each_week_once() {
    let server = SmtpServer::start(Mode::Accept);
    let mut p = plant_with_weeks(4, server.port);
    for w in 1..=4 {
        build(&mut p, &format!("2027-W{w:02}"));
    }
    let barrier = Arc::new(std::sync::Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (path, barrier) = (p.path(), barrier.clone());
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                barrier.wait();
                rt.block_on(drain_once(&path, Arc::new(SecretStore::with_keyring(None)), later, true))
            })
        })
        .collect();
    let mut sent = 0;
    for r in runs {
        match r.join().unwrap() {
            Ok(d) => sent += d.iter().filter(|d| matches!(d.outcome, Outcome::Sent { .. })).count(),
            Err(e) => assert!(matches!(e, ehs_ledger::Error::Conflict(_)), "{e}"),
        }
    }
    assert_eq!(sent, 4, "each week recorded sent once");
    let weeks: Vec<String> = received_packets(&server).iter().map(|b| week_of(b, &p)).collect();
    assert_eq!(weeks, ["2027-W01", "2027-W02", "2027-W03", "2027-W04"], "each week received once, in order");
}

/// Guards the background task's connections: a database file gone from under the app (moved,
/// deleted) is an error for a drain and for the schedule, never a new empty database.
#[test]
fn a_missing_database_file_is_an_error_not_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("moved-away.sqlite3");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    assert!(rt.block_on(drain_once(&gone, Arc::new(SecretStore::with_keyring(None)), later, true)).is_err());
    assert!(sync::schedule::prepare(&gone, later()).is_err());
    assert!(!gone.exists(), "no database was created");
}
