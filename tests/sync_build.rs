//! Issue 10 items 5, 6 (store side), 8: a week turned into a stored, queued packet
//! (`sync::build`), revisions and reasons, notes per flag, the anchor chain, the outbox's order,
//! backoff, blocking and exactly-once, changed weeks after submission, file export, and the
//! audit proof after all of it. Every refusal leaves the file byte-identical.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::week_plant::{d, gen, plant_in};
use common::Plant;
use ehs_ledger::alerts::{self, AlertKind};
use ehs_ledger::plant::{settings, Jurisdiction};
use ehs_ledger::sync::outbox::{self, ItemState, Outcome, Stream};
use ehs_ledger::sync::{self, key, packet, submitted, BuildRequest, FlagKind, FlagNote};
use ehs_ledger::{audit, Error};

/// Monday 2026-03-09 10:00 in Shanghai: 2026-W10 (2–8 March) has just closed.
fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 23, 2, 0, 0).unwrap()
}

/// The database file and its WAL, byte for byte.
fn bytes(p: &Plant) -> Vec<u8> {
    let db = p.path();
    let mut b = std::fs::read(&db).unwrap();
    b.extend(std::fs::read(db.with_extension("sqlite3-wal")).unwrap_or_default());
    b
}

fn req(week: &str, reason: Option<&str>, notes: &[(FlagKind, &str)]) -> BuildRequest {
    BuildRequest {
        week: week.into(),
        reason: reason.map(str::to_string),
        notes: notes.iter().map(|(k, n)| FlagNote { kind: *k, note: n.to_string() }).collect(),
    }
}

fn build(p: &mut Plant, r: BuildRequest) -> ehs_ledger::Result<sync::Built> {
    let a = p.admin.clone();
    sync::build(&mut p.store, &a, r, t())
}

/// Refused with `field` named; the file unchanged.
fn refused(p: &mut Plant, r: BuildRequest, field: &str, says: &str) {
    let before = bytes(p);
    let e = build(p, r).unwrap_err();
    assert_eq!(e.field(), Some(field), "{e}");
    assert!(e.to_string().contains(says), "{e}");
    assert_eq!(bytes(p), before, "a refused build writes nothing");
}

/// A Shanghai plant with ledger activity in 2026-W10, W11 and W12 (W09 and W13 empty).
fn plant() -> Plant {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "10", "2026-03-03T09:00", true);
    gen(&mut p, "B", "900-249-08", "12", "2026-03-10T09:00", true);
    gen(&mut p, "C", "900-249-08", "11", "2026-03-17T09:00", true);
    p
}

fn public(p: &Plant) -> ed25519_dalek::VerifyingKey {
    key::active(p.store.conn()).unwrap().unwrap().verifying_key()
}

fn envelope(p: &Plant, week: &str, revision: i64) -> Vec<u8> {
    let s: String = p
        .store
        .conn()
        .query_row("SELECT envelope FROM sync_packet WHERE week = ?1 AND revision = ?2", (week, revision), |r| r.get(0))
        .unwrap();
    s.into_bytes()
}

/// Guards item 5: a week is built only once closed; revision n+1 needs a reason and a changed
/// week; the reason travels in the signed packet.
#[test]
fn build_refuses_an_open_or_unchanged_week_and_needs_a_reason_from_revision_2() {
    let mut p = plant();
    let a = p.admin.clone();
    let sunday_night = Utc.with_ymd_and_hms(2026, 3, 8, 15, 59, 0).unwrap(); // 23:59 Shanghai
    let before = bytes(&p);
    let e = sync::build(&mut p.store, &a, req("2026-W10", None, &[]), sunday_night).unwrap_err();
    assert_eq!(e.field(), Some("week"));
    assert!(e.to_string().contains("not closed"), "{e}");
    assert_eq!(bytes(&p), before);
    refused(&mut p, req("2026-W54", None, &[]), "week", "2026");

    let b1 = build(&mut p, req("2026-W10", None, &[])).unwrap();
    assert_eq!((b1.revision, b1.reason.as_deref(), b1.outbox_seq), (1, None, 1));
    assert_eq!(b1.file_name, "SZ01_2026-W10_r1.packet.json");
    refused(&mut p, req("2026-W10", Some("again"), &[]), "week", "unchanged since revision 1");

    gen(&mut p, "A2", "900-249-08", "0.5", "2026-03-05T09:00", true);
    refused(&mut p, req("2026-W10", None, &[]), "reason", "revision 2");
    refused(&mut p, req("2026-W10", Some("  "), &[]), "reason", "revision 2");
    let b2 = build(&mut p, req("2026-W10", Some("漏记 0.5 kg 废矿物油"), &[])).unwrap();
    assert_eq!((b2.revision, b2.reason.as_deref()), (2, Some("漏记 0.5 kg 废矿物油")));
    assert_ne!(b2.content_sha256, b1.content_sha256);
    let body = packet::verify(&envelope(&p, "2026-W10", 2), &public(&p)).unwrap();
    assert_eq!(
        (body.week.as_str(), body.revision, body.reason.as_deref()),
        ("2026-W10", 2, Some("漏记 0.5 kg 废矿物油"))
    );
    let gen_g = body.indicators.as_array().unwrap().iter().find(|i| i["key"] == "hw_generated_g").unwrap();
    assert_eq!(gen_g["value"], 10_500, "grams");
    // An inspector may not build.
    let insp = p.add_user("insp", ehs_ledger::plant::Role::Inspector);
    let before = bytes(&p);
    let e = sync::build(&mut p.store, &insp, req("2026-W11", None, &[]), t()).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }));
    assert_eq!(bytes(&p), before);
}

/// Guards item 4a: every flag kind raised needs a note (field `notes`, naming the kind); notes
/// for flags not raised, twice, or blank are refused; the notes travel in the packet's details.
#[test]
fn every_flag_needs_a_note_and_the_notes_travel_in_the_signed_packet() {
    let mut p = plant();
    // 2026-W09 has no ledger record at all: no_activity.
    refused(&mut p, req("2026-W09", None, &[]), "notes", "no_activity");
    refused(&mut p, req("2026-W09", None, &[(FlagKind::FigureHigh, "x")]), "notes", "figure_high");
    refused(&mut p, req("2026-W09", None, &[(FlagKind::NoActivity, "  ")]), "notes", "blank");
    refused(
        &mut p,
        req("2026-W09", None, &[(FlagKind::NoActivity, "停产检修"), (FlagKind::NoActivity, "again")]),
        "notes",
        "two notes",
    );
    // A week without flags takes no note.
    refused(&mut p, req("2026-W10", None, &[(FlagKind::NoActivity, "x")]), "notes", "no no_activity flag");
    let b = build(&mut p, req("2026-W09", None, &[(FlagKind::NoActivity, " 停产检修,无危废产生 ")])).unwrap();
    assert_eq!(b.notes, vec![FlagNote { kind: FlagKind::NoActivity, note: "停产检修,无危废产生".into() }]);
    let body = packet::verify(&envelope(&p, "2026-W09", 1), &public(&p)).unwrap();
    let flags = body.details["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (flags[0]["kind"].as_str(), flags[0]["note"].as_str()),
        (Some("no_activity"), Some("停产检修,无危废产生"))
    );
    let stored: String = p
        .store
        .conn()
        .query_row("SELECT flag_notes FROM sync_packet WHERE id = ?1", [&b.packet_id], |r| r.get(0))
        .unwrap();
    assert!(stored.contains("停产检修"), "{stored}");
    // The content hash leaves the notes out: it is the ledgers' figures only.
    let now = sync::packets::current_content_sha256(p.store.conn(), common::week_plant::week("2026-W09")).unwrap();
    assert_eq!(now, b.content_sha256);
}

/// Guards item 4: each packet's prev_anchor is the chain at the audit head the newest earlier
/// packet (any week) signed; the first has none.
#[test]
fn each_packet_anchors_the_audit_head_of_the_packet_before() {
    let mut p = plant();
    let b1 = build(&mut p, req("2026-W11", None, &[])).unwrap();
    let b2 = build(&mut p, req("2026-W10", None, &[])).unwrap();
    let b3 = build(&mut p, req("2026-W12", None, &[])).unwrap();
    let body1 = packet::verify(&envelope(&p, "2026-W11", 1), &public(&p)).unwrap();
    let body2 = packet::verify(&envelope(&p, "2026-W10", 1), &public(&p)).unwrap();
    let body3 = packet::verify(&envelope(&p, "2026-W12", 1), &public(&p)).unwrap();
    assert_eq!(body1.provenance.prev_anchor, None);
    assert_eq!(b1.prev_anchor_seq, None);
    let head1 = body1.provenance.audit_head.clone().unwrap();
    assert_eq!(body2.provenance.prev_anchor, Some(head1.clone()), "anchored on packet 1's head");
    assert_eq!(b2.prev_anchor_seq, Some(head1.seq));
    assert_eq!(body3.provenance.prev_anchor, body2.provenance.audit_head, "anchored on packet 2's head");
    assert_eq!(b3.prev_anchor_seq, b2.audit_head_seq);
    assert!(b3.audit_head_seq > b2.audit_head_seq && b2.audit_head_seq > b1.audit_head_seq);
}

fn item_of(p: &Plant, week: &str) -> String {
    p.store
        .conn()
        .query_row("SELECT o.id FROM outbox o WHERE o.week = ?1 ORDER BY seq DESC LIMIT 1", [week], |r| r.get(0))
        .unwrap()
}

fn due_weeks(p: &Plant, at: DateTime<Utc>, ignore_backoff: bool) -> Vec<String> {
    outbox::due(p.store.conn(), at, ignore_backoff).unwrap().into_iter().map(|i| i.week.unwrap()).collect()
}

fn attempt(p: &mut Plant, week: &str, o: Outcome, at: DateTime<Utc>) -> ehs_ledger::Result<outbox::ItemStatus> {
    let id = item_of(p, week);
    outbox::record_attempt(&mut p.store, &id, o, at)
}

fn transient(e: &str) -> Outcome {
    Outcome::Transient { error: e.into() }
}

fn sent() -> Outcome {
    Outcome::Sent { reply: "250 2.0.0 Ok: queued".into(), recipients: vec!["hq@corp.example.com".into()] }
}

/// Guards item 6: one stream delivers in order, one item at a time; a transient failure waits
/// 30 s × 2^(n−1) (30 min at most); "send now" skips the wait; a permanent failure blocks the
/// stream (nothing overtakes it, not even "send now") until the user retries.
#[test]
fn outbox_keeps_week_order_backs_off_and_a_failed_head_blocks_until_retry() {
    let mut p = plant();
    for w in ["2026-W10", "2026-W11", "2026-W12"] {
        build(&mut p, req(w, None, &[])).unwrap();
    }
    let t0 = t();
    assert_eq!(due_weeks(&p, t0, false), ["2026-W10"], "only the oldest item of the stream");
    let item = &outbox::due(p.store.conn(), t0, false).unwrap()[0];
    assert_eq!(item.stream, Stream::Hq);
    assert_eq!(item.revision, Some(1));
    assert!(item.message_id.starts_with('<') && item.message_id.ends_with("@sz01.ehs-ledger.invalid>"));
    assert!(item.subject.contains("SZ01") && item.subject.contains("2026-W10"), "{}", item.subject);
    assert!(item.body_text.contains("危险废物产生量") && item.body_text.contains("Hazardous waste generated"));
    assert!(item.body_text.contains("10.000 kg") && item.body_text.contains("0.010000 t"), "{}", item.body_text);
    let fp = key::active(p.store.conn()).unwrap().unwrap().info.fingerprint;
    assert!(item.body_text.contains(&fp));
    assert_eq!(item.attachments.len(), 2, "the packet and the week's report PDF");
    assert_eq!(item.attachments[0].name, "SZ01_2026-W10_r1.packet.json");
    assert_eq!(item.attachments[0].media_type, "application/json");
    assert_eq!(item.attachments[0].bytes, envelope(&p, "2026-W10", 1), "the exact packet bytes");
    assert_eq!(item.attachments[1].name, "SZ01_2026-W10_r1.report-zh.pdf");
    assert_eq!(item.attachments[1].media_type, "application/pdf");
    assert!(item.attachments[1].bytes.starts_with(b"%PDF-"));

    // Backoff: 30 s, then 60 s, … capped at 30 min.
    let st = attempt(&mut p, "2026-W10", transient("421 try later"), t0).unwrap();
    assert_eq!(st.next_try_at.as_deref(), Some(ehs_ledger::time::to_db(t0 + Duration::seconds(30)).as_str()));
    assert!(due_weeks(&p, t0 + Duration::seconds(29), false).is_empty(), "W11 does not overtake a waiting W10");
    assert_eq!(due_weeks(&p, t0 + Duration::seconds(30), false), ["2026-W10"]);
    assert_eq!(due_weeks(&p, t0 + Duration::seconds(1), true), ["2026-W10"], "send now skips the wait");
    let t1 = t0 + Duration::seconds(30);
    let st = attempt(&mut p, "2026-W10", transient("connection refused"), t1).unwrap();
    assert_eq!(st.next_try_at.as_deref(), Some(ehs_ledger::time::to_db(t1 + Duration::seconds(60)).as_str()));
    let mut at = t1;
    for _ in 0..8 {
        at += Duration::hours(1);
        attempt(&mut p, "2026-W10", transient("timeout"), at).unwrap();
    }
    let st = outbox::item_status(p.store.conn(), &item_of(&p, "2026-W10")).unwrap();
    assert_eq!(st.next_try_at.as_deref(), Some(ehs_ledger::time::to_db(at + Duration::minutes(30)).as_str()));
    assert_eq!(st.attempts, 10);
    let status = outbox::status(p.store.conn(), at).unwrap();
    assert_eq!((status.pending, status.failed, status.due_now), (3, 0, false));
    assert_eq!(status.next_try_at, st.next_try_at);
    assert_eq!(status.last_attempt.as_ref().map(|a| a.detail.as_str()), Some("timeout"));

    attempt(&mut p, "2026-W10", sent(), at + Duration::hours(1)).unwrap();
    assert_eq!(due_weeks(&p, at + Duration::hours(1), false), ["2026-W11"]);

    // A permanent failure stops the stream; W12 waits behind it, even on "send now".
    let tp = at + Duration::hours(2);
    let st = attempt(&mut p, "2026-W11", Outcome::Permanent { error: "550 5.1.1 mailbox unknown".into() }, tp).unwrap();
    assert_eq!(st.state, ItemState::Failed);
    assert!(due_weeks(&p, tp + Duration::days(7), false).is_empty());
    assert!(due_weeks(&p, tp + Duration::days(7), true).is_empty(), "send now does not pass a failed head");
    let status = outbox::status(p.store.conn(), tp).unwrap();
    assert_eq!((status.pending, status.failed), (1, 1));
    let last = status.last_attempt.unwrap();
    assert_eq!((last.kind, last.detail.as_str()), (outbox::EventKind::Permanent, "550 5.1.1 mailbox unknown"));
    assert_eq!(status.items[0].week.as_deref(), Some("2026-W12"), "newest first");
    let al = alerts::for_plant(p.store.conn(), d(2026, 3, 30)).unwrap();
    let failed = al.iter().find(|a| a.kind == AlertKind::OutboxFailed).expect("a failed item is alerted");
    assert_eq!(failed.params["week"], "2026-W11");
    assert!(failed.params["error"].contains("550"));

    // Retry: only a failed item, by an officer; then the stream moves from that item.
    let a = p.admin.clone();
    let w12 = item_of(&p, "2026-W12");
    let before = bytes(&p);
    assert!(matches!(outbox::retry(&mut p.store, &a, &w12, tp).unwrap_err(), Error::Conflict(_)));
    assert_eq!(bytes(&p), before, "a refused retry writes nothing");
    let w11 = item_of(&p, "2026-W11");
    let st = outbox::retry(&mut p.store, &a, &w11, tp + Duration::minutes(5)).unwrap();
    assert_eq!((st.state, st.next_try_at.as_deref()), (ItemState::Pending, None));
    assert_eq!(due_weeks(&p, tp + Duration::minutes(5), false), ["2026-W11"]);
    attempt(&mut p, "2026-W11", sent(), tp + Duration::minutes(6)).unwrap();
    assert_eq!(due_weeks(&p, tp + Duration::minutes(6), false), ["2026-W12"]);
}

/// Guards item 6 "exactly once per revision": a second Sent for an item is refused (and any
/// attempt after it), leaving the file unchanged; a restatement is a new item with its own id.
#[test]
fn a_second_sent_for_the_same_item_is_refused() {
    let mut p = plant();
    build(&mut p, req("2026-W10", None, &[])).unwrap();
    attempt(&mut p, "2026-W10", sent(), t()).unwrap();
    for o in [sent(), transient("late")] {
        let before = bytes(&p);
        let e = attempt(&mut p, "2026-W10", o, t() + Duration::minutes(1)).unwrap_err();
        assert!(matches!(e, Error::Conflict(_)), "{e}");
        assert!(e.to_string().contains("already sent"), "{e}");
        assert_eq!(bytes(&p), before);
    }
    // The database refuses it too, behind the core's back.
    let id = item_of(&p, "2026-W10");
    let raw = p.store.conn().execute(
        "INSERT INTO outbox_event (id, outbox_id, at, kind, actor) VALUES ('x', ?1, '2026-03-09T00:00:00Z', 'sent', 'system')",
        [&id],
    );
    assert!(raw.is_err(), "the unique index refuses a second sent");
    assert!(outbox::due(p.store.conn(), t() + Duration::days(1), true).unwrap().is_empty());
}

/// Guards item 5: a submitted week whose ledgers change is detected (and alerted, with week and
/// revision) until revision n+1 is built; `of_day` names the submitted week of a day.
#[test]
fn a_week_changed_after_submission_is_detected_alerted_and_cleared_by_a_restatement() {
    let mut p = plant();
    let c = |p: &Plant| submitted::changed(p.store.conn(), 26).unwrap();
    let alerted = |p: &Plant| {
        alerts::for_plant(p.store.conn(), d(2026, 3, 23))
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == AlertKind::WeekChangedAfterSubmission)
            .collect::<Vec<_>>()
    };
    build(&mut p, req("2026-W10", None, &[])).unwrap();
    assert!(submitted::of_day(p.store.conn(), d(2026, 3, 4)).unwrap().is_none(), "built is not submitted");
    gen(&mut p, "A2", "900-249-08", "1", "2026-03-04T09:00", true);
    assert!(c(&p).is_empty(), "not submitted yet: nothing to restate");
    build(&mut p, req("2026-W10", Some("补录"), &[])).unwrap();
    build(&mut p, req("2026-W11", None, &[])).unwrap();
    attempt(&mut p, "2026-W10", sent(), t()).unwrap();
    attempt(&mut p, "2026-W11", sent(), t()).unwrap();
    let (week, rev, at) = submitted::of_day(p.store.conn(), d(2026, 3, 4)).unwrap().unwrap();
    assert_eq!((week.as_str(), rev, at.as_str()), ("2026-W10", 2, ehs_ledger::time::to_db(t()).as_str()));
    assert!(submitted::is_submitted(p.store.conn(), "2026-W11").unwrap());
    assert!(c(&p).is_empty() && alerted(&p).is_empty());

    // A change dated in W12 (not submitted) flags nothing. One in W10 flags W10 — and W11, whose
    // opening and closing stock follow from it.
    gen(&mut p, "C2", "900-249-08", "1", "2026-03-18T09:00", true);
    assert!(c(&p).is_empty());
    gen(&mut p, "A3", "900-249-08", "2", "2026-03-06T09:00", true);
    let changed: Vec<(String, i64)> = c(&p).into_iter().map(|c| (c.week, c.revision)).collect();
    assert_eq!(changed, [("2026-W11".to_string(), 1), ("2026-W10".to_string(), 2)]);
    let al = alerted(&p);
    let w10 = al.iter().find(|a| a.params["week"] == "2026-W10").expect("W10 alerted");
    assert_eq!(w10.params["revision"], "2");
    assert_eq!(w10.severity, ehs_ledger::alerts::Severity::Warning);
    assert_eq!(al.len(), 2);

    let b3 = build(&mut p, req("2026-W10", Some("补录 2 kg"), &[])).unwrap();
    assert_eq!(b3.revision, 3);
    let changed: Vec<String> = c(&p).into_iter().map(|c| c.week).collect();
    assert_eq!(changed, ["2026-W11"], "W10's restatement supersedes (its figures match the ledgers)");
    let weeks = submitted::weeks(p.store.conn()).unwrap();
    let w10 = weeks.iter().find(|w| w.week == "2026-W10").unwrap();
    assert_eq!((w10.revision, w10.latest_revision), (2, 3), "r3 built, r2 the newest delivered");
}

/// Guards the not-built alert: once the plant sends packets, a closed week with no packet is
/// alerted (newest closed weeks, not before set-up).
#[test]
fn a_closed_week_not_built_is_alerted_once_the_plant_sends_packets() {
    let mut p = plant();
    let not_built = |p: &Plant| {
        alerts::for_plant(p.store.conn(), d(2026, 3, 23))
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == AlertKind::WeekNotBuilt)
            .map(|a| a.params["week"].clone())
            .collect::<Vec<_>>()
    };
    assert!(not_built(&p).is_empty(), "a plant that sends nothing is not nagged");
    let a = p.admin.clone();
    settings::set(&mut p.store, &a, "sync_hq_address", "hq@corp.example.com", t()).unwrap();
    assert_eq!(not_built(&p), ["2026-W12"], "HQ address set: the last closed week");
    build(&mut p, req("2026-W11", None, &[])).unwrap();
    assert_eq!(not_built(&p), ["2026-W12"], "after the first week built; W13 is still open on 2026-03-23");
    build(&mut p, req("2026-W12", None, &[])).unwrap();
    assert!(not_built(&p).is_empty());
}

/// Guards item 8: export writes the week's latest packet atomically (building revision 1 when
/// none exists), marks the week submitted by file, takes the item out of the mail queue, and
/// refuses a missing or unusable folder (field `out`) writing nothing.
#[test]
fn export_writes_the_packet_atomically_and_marks_the_week_submitted_by_file() {
    let mut p = plant();
    let a = p.admin.clone();
    let usb = tempfile::tempdir().unwrap();
    let before = bytes(&p);
    for bad in [usb.path().join("missing"), p.path()] {
        let e = sync::export(&mut p.store, &a, "2026-W10", &bad, t()).unwrap_err();
        assert_eq!(e.field(), Some("out"), "{e}");
    }
    let e = sync::export(&mut p.store, &a, "2026-W99", usb.path(), t()).unwrap_err();
    assert_eq!(e.field(), Some("week"));
    assert_eq!(bytes(&p), before, "a refused export writes nothing");
    assert_eq!(std::fs::read_dir(usb.path()).unwrap().count(), 0);

    let x = sync::export(&mut p.store, &a, "2026-W10", usb.path(), t()).unwrap();
    assert!(x.built && x.revision == 1);
    let path = usb.path().join("SZ01_2026-W10_r1.packet.json");
    let pdf = usb.path().join("SZ01_2026-W10_r1.report-zh.pdf");
    assert_eq!(x.paths, vec![path.display().to_string(), pdf.display().to_string()]);
    let mut names: Vec<String> =
        std::fs::read_dir(usb.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["SZ01_2026-W10_r1.packet.json", "SZ01_2026-W10_r1.report-zh.pdf"],
        "the packet and its report; no .partial or probe file left"
    );
    let file = std::fs::read(&path).unwrap();
    assert_eq!(file, envelope(&p, "2026-W10", 1));
    packet::verify(&file, &public(&p)).unwrap();
    assert!(submitted::is_submitted(p.store.conn(), "2026-W10").unwrap());
    let w = &submitted::weeks(p.store.conn()).unwrap()[0];
    assert_eq!((w.week.as_str(), w.via), ("2026-W10", outbox::EventKind::Exported));
    assert!(outbox::due(p.store.conn(), t(), true).unwrap().is_empty(), "delivered by file: not mailed too");
    let st = outbox::item_status(p.store.conn(), &x.outbox_id).unwrap();
    assert_eq!(st.state, ItemState::Exported);

    // A restated week exports its latest revision.
    gen(&mut p, "A2", "900-249-08", "1", "2026-03-04T09:00", true);
    build(&mut p, req("2026-W10", Some("补录"), &[])).unwrap();
    let x2 = sync::export(&mut p.store, &a, "2026-W10", usb.path(), t()).unwrap();
    assert_eq!((x2.revision, x2.built), (2, false));
    assert!(usb.path().join("SZ01_2026-W10_r2.packet.json").exists());
}

/// Guards items 6/8 settings: recipients come from the settings at send time; a stream with no
/// address names its setting; a bad address is refused naming the setting and the address.
#[test]
fn recipients_come_from_validated_settings() {
    let mut p = plant();
    let a = p.admin.clone();
    let e = outbox::recipients(p.store.conn(), Stream::Hq).unwrap_err();
    assert_eq!(e.field(), Some("sync_hq_address"));
    let before = bytes(&p);
    let e = settings::set_many(
        &mut p.store,
        &a,
        &[("smtp_host", "smtp.corp.example.com"), ("sync_hq_address", "hq@corp.example.com, bad@@x")],
        t(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("sync_hq_address") && e.to_string().contains("bad@@x"), "{e}");
    let e = settings::set(&mut p.store, &a, "smtp_timeout_s", "3", t()).unwrap_err();
    assert!(e.to_string().contains("between 5 and 600"), "{e}");
    let e = settings::set(&mut p.store, &a, "smtp_security", "ssl", t()).unwrap_err();
    assert!(e.to_string().contains("starttls, tls, none"), "{e}");
    assert_eq!(bytes(&p), before, "one refusal writes none of the settings");
    settings::set(&mut p.store, &a, "sync_hq_address", "hq@corp.example.com;  EHS@Corp.Example.com", t()).unwrap();
    assert_eq!(
        outbox::recipients(p.store.conn(), Stream::Hq).unwrap(),
        ["hq@corp.example.com", "EHS@corp.example.com"]
    );
    let e = outbox::recipients(p.store.conn(), Stream::Managers).unwrap_err();
    assert_eq!(e.field(), Some("report_recipients"));
    assert_eq!(settings::get(p.store.conn(), "smtp_port").unwrap(), "587");
    assert_eq!(settings::get(p.store.conn(), "smtp_timeout_s").unwrap(), "60");
    let e = sync::settings::smtp(p.store.conn()).unwrap_err();
    assert_eq!(e.field(), Some("smtp_host"));
}

/// Guards the compliance rule: packets, outbox items, attachments and events are insert-only
/// (triggers refuse UPDATE and DELETE), and after building, sending, failing, retrying and
/// exporting, `audit verify` and the records proof both pass.
#[test]
fn sync_records_are_insert_only_and_the_audit_proof_passes_after_all_of_it() {
    let mut p = plant();
    let a = p.admin.clone();
    build(&mut p, req("2026-W10", None, &[])).unwrap();
    build(&mut p, req("2026-W11", None, &[])).unwrap();
    attempt(&mut p, "2026-W10", transient("421"), t()).unwrap();
    attempt(&mut p, "2026-W10", sent(), t() + Duration::minutes(1)).unwrap();
    attempt(&mut p, "2026-W11", Outcome::Permanent { error: "535 auth".into() }, t()).unwrap();
    let w11 = item_of(&p, "2026-W11");
    outbox::retry(&mut p.store, &a, &w11, t()).unwrap();
    let usb = tempfile::tempdir().unwrap();
    sync::export(&mut p.store, &a, "2026-W12", usb.path(), t()).unwrap();
    gen(&mut p, "A2", "900-249-08", "1", "2026-03-04T09:00", true);
    build(&mut p, req("2026-W10", Some("补录"), &[])).unwrap();

    let c = p.store.conn();
    assert!(audit::verify(c).unwrap().first_broken.is_none());
    let proof = audit::records::verify_records(c).unwrap();
    assert_eq!(proof.first_difference, None, "{proof:?}");
    let n: i64 = c.query_row("SELECT count(*) FROM outbox_event", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 5);
    for sql in [
        "UPDATE sync_packet SET reason = 'x'",
        "DELETE FROM sync_packet",
        "UPDATE outbox SET subject = 'x'",
        "DELETE FROM outbox",
        "UPDATE outbox_attachment SET content = x'00'",
        "DELETE FROM outbox_attachment",
        "UPDATE outbox_event SET detail = 'x'",
        "DELETE FROM outbox_event",
    ] {
        assert!(c.execute(sql, []).is_err(), "{sql} must be refused");
    }
}

/// Guards the audit size of stored files: an outbox attachment (the packet, its PDF) is in the
/// trail as the SHA-256 of its bytes, not as hex of them, and a changed byte of a stored
/// attachment still breaks the record proof.
#[test]
fn attachments_are_audited_by_their_sha256_and_a_changed_byte_is_still_detected() {
    let mut p = plant();
    let b = build(&mut p, req("2026-W10", None, &[])).unwrap();
    let conn = p.store.conn();
    let afters: Vec<String> = {
        let mut st = conn.prepare("SELECT after_json FROM audit_log WHERE table_name = 'outbox_attachment'").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(afters.len() >= 2, "the packet and its PDF: {}", afters.len());
    let sizes: Vec<i64> = {
        let mut st = conn.prepare("SELECT length(content) FROM outbox_attachment WHERE outbox_id = ?1").unwrap();
        st.query_map([&b.outbox_id], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(sizes.iter().any(|s| *s > 20_000), "the PDF is tens of KB: {sizes:?}");
    for a in &afters {
        let v: serde_json::Value = serde_json::from_str(a).unwrap();
        let content = v["content"].as_str().unwrap();
        assert!(content.starts_with("sha256:") && content.len() == 71, "{content:.80}");
        assert!(a.len() < 2_000, "an attachment's audit row stays small: {} chars", a.len());
    }
    assert_eq!(audit::verify_records(conn).unwrap().records_differing, 0);
    conn.execute_batch(
        "DROP TRIGGER outbox_attachment_no_update;
         UPDATE outbox_attachment SET content = CAST(replace(CAST(content AS TEXT), '2026-W10', '2026-W11') AS BLOB)
          WHERE media_type = 'application/json';",
    )
    .unwrap();
    let r = audit::verify_records(conn).unwrap();
    assert_eq!(r.records_differing, 1, "the edited packet attachment is caught: {r:?}");
}
