//! Real-window E2E of sending a week to HQ (issue 10 item 11, the window part): on the demo plant
//! with a real SMTP server on 127.0.0.1 (aiosmtpd), the admin types the mail settings into the
//! Settings card, opens 周报同步 on the last closed week, writes a note for every flag, builds and
//! queues the packet, presses "send now", and sees the outbox row and the week turn "sent" — and the
//! server holds exactly one mail whose packet attachment verifies with the plant's public key and
//! is that week, revision 1, with the notes the officer typed.

#[path = "../../../net/tests/support/mod.rs"]
mod support;

use chrono::Utc;
use ehs_ledger::sync::{key, packet, IsoWeek};
use ehs_ledger::Store;
use ehs_ledger_e2e::{attr, choose, click, open_app, screenshot, sign_in, texts, wait, wait_attr, wait_text, Driver};
use fantoccini::elements::Element;
use fantoccini::Locator;
use mail_parser::{MessageParser, MimeHeaders};
use support::{Mode, SmtpServer};

const BACKSPACE: &str = "\u{e003}";

/// Replaces the text of an input (React sees every keystroke).
async fn retype(el: &Element, text: &str) {
    let old = el.prop("value").await.unwrap().unwrap_or_default();
    for _ in 0..old.chars().count() {
        el.send_keys(BACKSPACE).await.unwrap();
    }
    el.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_week_previewed_built_and_sent_from_the_window_reaches_the_smtp_server_and_verifies() {
    let server = SmtpServer::start(Mode::Accept);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let now = Utc::now();
    let (week, public) = {
        let mut store = Store::open(&db).unwrap();
        ehs_ledger::demo::seed(&mut store, now, 3).unwrap();
        let today = ehs_ledger::plant::today(store.conn(), now).unwrap();
        let public = key::active(store.conn()).unwrap().expect("the demo plant has a key").verifying_key();
        (IsoWeek::of(today).previous(), public)
    };

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    sign_in(&c, ehs_ledger::demo::DEMO_ADMIN.0, ehs_ledger::demo::DEMO_ADMIN.1).await;

    // Settings: mail to HQ through the local relay (no TLS, no account on a test server).
    click(&c, "nav-settings").await;
    wait(&c, "smtp-panel").await;
    choose(&c, "smtp-sync_transport", "mail").await;
    retype(&wait(&c, "smtp-smtp_host").await, "127.0.0.1").await;
    retype(&wait(&c, "smtp-smtp_port").await, &server.port.to_string()).await;
    choose(&c, "smtp-smtp_security", "none").await;
    retype(&wait(&c, "smtp-smtp_from").await, "ehs@plant.example.cn").await;
    retype(&wait(&c, "smtp-sync_hq_address").await, "esg@hq.example.cn").await;
    click(&c, "smtp-save").await;
    wait(&c, "smtp-saved").await;
    wait_attr(&c, "smtp-password-state", "data-state", "not_needed", 10).await;
    let scroll = "document.querySelector('[data-testid=\"smtp-panel\"]').scrollIntoView(); return true;";
    let _ = c.execute(scroll, vec![]).await;
    screenshot(&c, "send-smtp-settings").await;

    // 周报同步: the last closed week, a note for every flag, build and queue.
    click(&c, "nav-sync").await;
    wait(&c, "sync-preview").await;
    wait_attr(&c, "sync-preview", "data-week", &week.to_string(), 10).await;
    wait_attr(&c, "sync-state", "data-state", "not_built", 10).await;
    let flags = texts(&c, "sync-flag").await;
    let notes = c.find_all(Locator::Css("[data-testid=\"sync-flag-note\"]")).await.unwrap();
    assert_eq!(notes.len(), flags.len(), "one note box per flag");
    for (i, n) in notes.iter().enumerate() {
        n.send_keys(&format!("E2E 说明 {i}")).await.unwrap();
    }
    click(&c, "sync-build").await;
    wait(&c, "sync-built").await;
    wait_attr(&c, "sync-state", "data-state", "queued", 10).await;
    wait_attr(&c, "sync-outbox-row", "data-state", "pending", 10).await;
    assert!(server.received().is_empty(), "nothing is mailed from inside a command");

    // Send now: the app's delivery task drains the outbox; the panels read it back.
    click(&c, "sync-send-now").await;
    wait_attr(&c, "sync-outbox-row", "data-state", "sent", 30).await;
    wait_attr(&c, "sync-state", "data-state", "sent", 30).await;
    let last = wait_text(&c, "sync-outbox-last", |t| !t.is_empty()).await;
    assert_eq!(attr(&c, "sync-outbox-last", "data-kind").await, "sent", "{last}");
    wait_attr(&c, "sync-worker", "data-error", "0", 10).await;
    for (panel, shot) in [("sync-outbox", "send-delivered-outbox"), ("sync-submit", "send-delivered-week")] {
        let scroll = format!("document.querySelector('[data-testid=\"{panel}\"]').scrollIntoView(); return true;");
        let _ = c.execute(&scroll, vec![]).await;
        screenshot(&c, shot).await;
    }

    // The server got exactly one mail; its packet verifies and is this week, revision 1, with notes.
    let mails = server.received();
    assert_eq!(mails.len(), 1, "exactly one mail");
    let m = MessageParser::default().parse(&mails[0]).expect("a mail");
    let to: Vec<String> = m.to().unwrap().iter().filter_map(|a| a.address().map(str::to_string)).collect();
    assert_eq!(to, vec!["esg@hq.example.cn".to_string()]);
    let attachment = m
        .attachments()
        .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".packet.json")))
        .expect("the packet attachment");
    let body = packet::verify(attachment.contents(), &public).expect("the received packet verifies");
    assert_eq!((body.week.as_str(), body.revision), (week.to_string().as_str(), 1));
    let text = String::from_utf8_lossy(attachment.contents()).into_owned();
    for i in 0..flags.len() {
        assert!(text.contains(&format!("E2E 说明 {i}")), "note {i} travels in the packet");
    }
}
