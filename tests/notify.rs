//! Notices (issue 13 item 4's delivery): queued in the outbox inside the caller's transaction —
//! gone with it when it rolls back —, one item per channel on the `notices` stream, audited like
//! every outbox row, each channel its own lane; the settings validated; migration 0020 keeps an
//! older file's outbox rows and their links.

mod common;

use common::{now, plant, Plant};
use ehs_ledger::areas::Area;
use ehs_ledger::notify::{self, Notice, WebhookKind};
use ehs_ledger::plant::settings;
use ehs_ledger::sync::outbox::{self, OutboxKind, Outcome, Stream};
use ehs_ledger::{audit, Store};

fn notice(to: &[&str], webhook: bool) -> Notice {
    Notice {
        subject: "隐患整改到期提醒 / Hazard due in 3 days".into(),
        body_text: "H-2025-014: 二楼喷涂线 guard missing\nDue 2025-03-06".into(),
        to_emails: to.iter().map(|s| s.to_string()).collect(),
        webhook,
        source_area: Area::Plant,
        source_id: Some("0195f0c2-hazard".into()),
    }
}

fn with_robot(p: &mut Plant, kind: &str) {
    let a = p.admin.clone();
    let url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc";
    settings::set_many(&mut p.store, &a, &[("notify_webhook_kind", kind), ("notify_webhook_url", url)], now()).unwrap();
}

fn outbox_rows(p: &Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM outbox", [], |r| r.get(0)).unwrap()
}

/// Guards design.md "Outbox": the notice is written by the caller's transaction, so a rolled-back
/// change leaves no message behind, and a committed one leaves one item per channel.
#[test]
fn a_notice_is_queued_in_the_callers_transaction_one_item_per_channel() {
    let mut p = plant();
    with_robot(&mut p, "wecom");
    let actor = p.admin.user_id.clone();
    {
        let tx = p.store.write_tx().unwrap();
        let q = notify::queue(&tx, &actor, &notice(&["owner@plant.example"], true), now()).unwrap();
        assert!(q.mail.is_some() && q.webhook.is_some(), "{q:?}");
        // dropped: rolled back
    }
    assert_eq!(outbox_rows(&p), 0, "a rolled-back transaction leaves no notice");

    let tx = p.store.write_tx().unwrap();
    let q = notify::queue(&tx, &actor, &notice(&["owner@plant.example", "Boss@Plant.Example"], true), now()).unwrap();
    tx.commit().unwrap();
    let conn = p.store.conn();
    let mail = outbox::item(conn, q.mail.as_deref().unwrap()).unwrap();
    assert_eq!((mail.stream, mail.kind), (Stream::Notices, OutboxKind::NoticeMail));
    assert_eq!(mail.to, ["owner@plant.example", "Boss@plant.example"]);
    assert_eq!(mail.subject, "隐患整改到期提醒 / Hazard due in 3 days");
    assert!(mail.body_text.contains("guard missing"), "the item carries the whole text");
    assert_eq!(outbox::item_recipients(conn, &mail).unwrap(), mail.to);
    let hook = outbox::item(conn, q.webhook.as_deref().unwrap()).unwrap();
    assert_eq!((hook.stream, hook.kind), (Stream::Notices, OutboxKind::NoticeWebhook));
    assert!(hook.to.is_empty());
    assert_ne!(mail.message_id, hook.message_id);
    let (area, source): (String, String) = conn
        .query_row("SELECT source_area, source_id FROM outbox WHERE id = ?1", [&mail.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((area.as_str(), source.as_str()), ("plant", "0195f0c2-hazard"));

    // Audited like every outbox row: one insert row each, by the caller's actor; records proved.
    for id in q.ids() {
        let (n, by): (i64, String) = conn
            .query_row(
                "SELECT count(*), max(actor) FROM audit_log WHERE table_name = 'outbox' AND record_id = ?1 AND action = 'insert'",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((n, by.as_str()), (1, actor.as_str()));
    }
    assert!(audit::verify(conn).unwrap().first_broken.is_none());
    let records = audit::records::verify_records(conn).unwrap();
    assert_eq!(records.records_differing, 0, "{:?}", records.first_difference);
}

/// Guards "where the plant configures one": no robot → no webhook item; no address → no mail
/// item; a bad address or an empty subject writes nothing.
#[test]
fn channels_apply_only_where_configured_and_bad_notices_write_nothing() {
    let mut p = plant();
    let actor = p.admin.user_id.clone();
    assert_eq!(notify::webhook_kind(p.store.conn()).unwrap(), WebhookKind::None);
    let tx = p.store.write_tx().unwrap();
    let q = notify::queue(&tx, &actor, &notice(&["a@plant.example"], true), now()).unwrap();
    assert!(q.mail.is_some() && q.webhook.is_none(), "no robot configured: {q:?}");
    let q = notify::queue(&tx, &actor, &notice(&[], false), now()).unwrap();
    assert!(q.ids().is_empty(), "nothing applies: nothing queued");
    tx.commit().unwrap();
    assert_eq!(outbox_rows(&p), 1);

    let tx = p.store.write_tx().unwrap();
    let e = notify::queue(&tx, &actor, &notice(&["a@plant.example", "not an address"], false), now()).unwrap_err();
    assert!(e.to_string().contains("not an email address"), "{e}");
    let mut blank = notice(&["a@plant.example"], false);
    blank.subject = "  ".into();
    assert_eq!(notify::queue(&tx, &actor, &blank, now()).unwrap_err().field(), Some("subject"));
    drop(tx);
    assert_eq!(outbox_rows(&p), 1);
}

/// Guards the lanes: each channel of the notices stream is its own lane, apart from HQ's packets,
/// so a robot that refuses (permanent) holds back later robot notices only, never the e-mails.
#[test]
fn a_failed_webhook_notice_never_holds_back_the_mail_notices() {
    let mut p = plant();
    with_robot(&mut p, "dingtalk");
    let actor = p.admin.user_id.clone();
    let tx = p.store.write_tx().unwrap();
    let first = notify::queue(&tx, &actor, &notice(&["a@plant.example"], true), now()).unwrap();
    let second = notify::queue(&tx, &actor, &notice(&["a@plant.example"], true), now()).unwrap();
    tx.commit().unwrap();
    let due: Vec<String> = outbox::due(p.store.conn(), now(), false).unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(due, [first.mail.clone().unwrap(), first.webhook.clone().unwrap()], "one head per channel");
    let hook = first.webhook.unwrap();
    outbox::record_attempt(
        &mut p.store,
        &hook,
        Outcome::Permanent { error: "errcode 310000: sign not match".into() },
        now(),
    )
    .unwrap();
    outbox::record_attempt(
        &mut p.store,
        first.mail.as_deref().unwrap(),
        Outcome::Sent { reply: "250 OK".into(), recipients: vec!["a@plant.example".into()] },
        now(),
    )
    .unwrap();
    let due: Vec<String> = outbox::due(p.store.conn(), now(), true).unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(due, [second.mail.unwrap()], "the mail lane moves on; the robot's lane waits for a retry");
    let failed = outbox::failed(p.store.conn()).unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].last_event.as_ref().unwrap().detail.contains("sign not match"));
}

/// Guards the settings: the robot URL is https (http only to a local test server), the kind a
/// closed list, the managers' list checked addresses; each with a label in both UI languages
/// (`closed_lists.rs` checks every key).
#[test]
fn notice_settings_are_validated() {
    let mut p = plant();
    let a = p.admin.clone();
    let now = now();
    for (key, bad) in [
        ("notify_webhook_url", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1"),
        ("notify_webhook_url", "https://user:pw@oapi.dingtalk.com/robot/send"),
        ("notify_webhook_kind", "slack"),
        ("notify_manager_emails", "boss@plant.example, nobody"),
        ("notify_webhook_timeout_s", "0"),
    ] {
        assert!(settings::set(&mut p.store, &a, key, bad, now).is_err(), "{key} = {bad}");
    }
    settings::set(&mut p.store, &a, "notify_webhook_url", "http://127.0.0.1:9/hook", now).unwrap();
    settings::set(&mut p.store, &a, "notify_manager_emails", "Boss@Plant.Example; hse@plant.example", now).unwrap();
    assert_eq!(notify::manager_emails(p.store.conn()).unwrap(), ["Boss@plant.example", "hse@plant.example"]);
    let e = notify::webhook(p.store.conn()).unwrap_err();
    assert_eq!(e.field(), Some("notify_webhook_kind"), "no robot chosen yet");
    settings::set(&mut p.store, &a, "notify_webhook_kind", "wecom", now).unwrap();
    let t = notify::webhook(p.store.conn()).unwrap();
    assert_eq!((t.kind, t.url.as_str(), t.timeout_s), (WebhookKind::Wecom, "http://127.0.0.1:9/hook", 15));
}

/// Guards migration 0020 (the outbox rebuilt for the new CHECK lists): a file written before it
/// keeps every outbox row, attachment and event, their links hold, and the view still answers.
#[test]
fn migration_0020_keeps_an_older_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let before: Vec<_> = ehs_ledger::db::migrate::MIGRATIONS.iter().copied().filter(|m| m.version < 20).collect();
    {
        let store = Store::open_with(&path, &before).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO outbox (id, seq, stream, kind, week, message_id, subject, body_text, created_at, period)
                 VALUES ('r1', 1, 'managers', 'report', '2025-W09', '<r1@sz01.ehs-ledger.invalid>', 'report', 'text',
                         '2025-03-03T01:00:00Z', '2025-W09');
                 INSERT INTO outbox_attachment (id, outbox_id, ord, name, media_type, content)
                 VALUES ('a1', 'r1', 1, 'r.pdf', 'application/pdf', x'25504446');
                 INSERT INTO outbox_event (id, outbox_id, at, kind, detail, actor)
                 VALUES ('e1', 'r1', '2025-03-03T01:01:00Z', 'transient', '421', 'system');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    let row: (String, String, Option<String>, Option<String>) = c
        .query_row("SELECT kind, period, to_addresses, source_area FROM outbox WHERE id = 'r1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(row, ("report".into(), "2025-W09".into(), None, None));
    let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    let it = outbox::item(c, "r1").unwrap();
    assert_eq!(it.attachments.len(), 1);
    assert!(c.execute("UPDATE outbox SET subject = 'x' WHERE id = 'r1'", []).is_err(), "still insert-only");
    assert!(c.execute("DELETE FROM outbox WHERE id = 'r1'", []).is_err(), "still insert-only");
    let n: i64 = c.query_row("SELECT count(*) FROM sync_submission", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
    // The report period stays unique among reports.
    assert!(c
        .execute(
            "INSERT INTO outbox (id, seq, stream, kind, message_id, subject, body_text, created_at, period)
             VALUES ('r2', 2, 'managers', 'report', '<r2@x.invalid>', 's', 'b', '2025-03-03T01:00:00Z', '2025-W09')",
            [],
        )
        .is_err());
}
