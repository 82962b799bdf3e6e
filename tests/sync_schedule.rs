//! Issue 10, the weekly schedule: when a week closes (the plant's zone, both DST changes, week
//! 53), the unattended run that builds the closed weeks in order as the system actor (catch-up
//! after weeks offline, idempotent, stopping at a week whose flags need a person's notes), the
//! report PDF that travels with each packet (and is exported beside it), and the managers'
//! reports queued once per week and month after they close, only with recipients.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::week_plant::{d, gen, plant_in, week};
use common::Plant;
use ehs_ledger::alerts::{self, AlertKind};
use ehs_ledger::plant::{settings, users, Jurisdiction};
use ehs_ledger::sync::outbox::{self, OutboxKind, Stream};
use ehs_ledger::sync::{self, packet, reports, schedule, BuildRequest, FlagKind, FlagNote, IsoWeek};
use ehs_ledger::{audit, Error};

fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
}

/// The database file and its WAL, byte for byte.
fn bytes(p: &Plant) -> Vec<u8> {
    let db = p.path();
    let mut b = std::fs::read(&db).unwrap();
    b.extend(std::fs::read(db.with_extension("sqlite3-wal")).unwrap_or_default());
    b
}

fn set(p: &mut Plant, key: &str, value: &str) {
    let a = p.admin.clone();
    settings::set(&mut p.store, &a, key, value, utc(2026, 1, 1, 0, 0)).unwrap();
}

/// 10 kg of 900-249-08 generated and stored on the Tuesday of each week.
fn weekly_entries(p: &mut Plant, weeks: &[&str]) {
    for (i, w) in weeks.iter().enumerate() {
        let tuesday = week(w).monday() + Duration::days(1);
        gen(p, &format!("C{i}"), "900-249-08", "10", &format!("{tuesday}T09:00"), true);
    }
}

fn strings(weeks: &[IsoWeek]) -> Vec<String> {
    weeks.iter().map(ToString::to_string).collect()
}

/// The text of a PDF per pdftotext (None when it is missing and EHS_REQUIRE_TOOLS is not set).
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let found = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(found || std::env::var_os("EHS_REQUIRE_TOOLS").is_none(), "pdftotext is required (EHS_REQUIRE_TOOLS)");
    if !found {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Guards the close rule: the plant's zone, Monday 09:00 by default, DST-correct in a US plant
/// across both changes of 2026 (a nonexistent hour forward, an ambiguous one the earlier), and
/// 2026-W53 closing in 2027-W01.
#[test]
fn closes_at_follows_the_plant_zone_across_both_dst_changes_and_week_53() {
    let sh = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let c = sh.store.conn();
    assert_eq!(schedule::closes_at(c, week("2026-W10")).unwrap(), utc(2026, 3, 9, 1, 0), "Mon 9 Mar 09:00 +08");
    assert_eq!(schedule::closes_at(c, week("2026-W53")).unwrap(), utc(2027, 1, 4, 1, 0), "Mon 4 Jan 2027 = 2027-W01");
    assert_eq!(IsoWeek::of(d(2027, 1, 4)).to_string(), "2027-W01");
    assert_eq!(schedule::month_closes_at(c, 2026, 12).unwrap(), utc(2027, 1, 1, 1, 0));

    let mut us = plant_in("America/Chicago", Jurisdiction::US);
    let c = us.store.conn();
    // Spring forward on Sunday 8 March 2026: the Monday before is CST (−6), the Monday after CDT (−5).
    assert_eq!(schedule::closes_at(c, week("2026-W09")).unwrap(), utc(2026, 3, 2, 15, 0));
    assert_eq!(schedule::closes_at(c, week("2026-W10")).unwrap(), utc(2026, 3, 9, 14, 0));
    // Fall back on Sunday 1 November 2026.
    assert_eq!(schedule::closes_at(c, week("2026-W43")).unwrap(), utc(2026, 10, 26, 14, 0));
    assert_eq!(schedule::closes_at(c, week("2026-W44")).unwrap(), utc(2026, 11, 2, 15, 0));
    // Sunday 02:00 on 8 March does not exist: forward to 03:00 CDT. Sunday 01:00 on 1 November
    // happens twice: the first (CDT).
    set(&mut us, "sync_close_weekday", "7");
    set(&mut us, "sync_close_hour", "2");
    assert_eq!(schedule::closes_at(us.store.conn(), week("2026-W09")).unwrap(), utc(2026, 3, 8, 8, 0));
    set(&mut us, "sync_close_hour", "1");
    assert_eq!(schedule::closes_at(us.store.conn(), week("2026-W43")).unwrap(), utc(2026, 11, 1, 6, 0));
    assert_eq!(schedule::closes_at(us.store.conn(), week("2026-W42")).unwrap(), utc(2026, 10, 25, 6, 0));
    assert_eq!(schedule::closes_at(us.store.conn(), week("2026-W44")).unwrap(), utc(2026, 11, 8, 7, 0), "CST");
}

/// Guards the settings: weekday 1–7, hour 0–23, an ISO week, zh|en — each refusal names its
/// key and writes nothing; the default start week is the week of the plant's set-up.
#[test]
fn schedule_settings_are_validated_naming_the_key() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let a = p.admin.clone();
    let rule = schedule::rule(p.store.conn()).unwrap();
    // plant_in sets up on 2027-03-01 00:00 UTC = Monday 08:00 Shanghai: 2027-W09.
    assert_eq!((rule.weekday, rule.hour, rule.start_week.to_string()), (1, 9, "2027-W09".into()));
    assert!(rule.start_week_is_default);
    let before = bytes(&p);
    for (key, value) in [
        ("sync_close_weekday", "0"),
        ("sync_close_weekday", "8"),
        ("sync_close_weekday", "Mon"),
        ("sync_close_hour", "24"),
        ("sync_close_hour", "-1"),
        ("sync_close_hour", "9am"),
        ("sync_start_week", "2025-W53"),
        ("sync_start_week", "2026-10"),
        ("report_lang", "fr"),
    ] {
        let e = settings::set(&mut p.store, &a, key, value, utc(2026, 1, 1, 0, 0)).unwrap_err();
        assert_eq!(e.field(), Some("value"), "{key}={value}: {e}");
        assert!(e.to_string().contains(key), "{key}={value}: {e}");
    }
    assert_eq!(bytes(&p), before, "refused settings write nothing");
    let s = settings::set(&mut p.store, &a, "sync_start_week", " 2026-w10 ", utc(2026, 1, 1, 0, 0)).unwrap();
    assert_eq!(s.value, "2026-W10");
    assert_eq!(settings::set(&mut p.store, &a, "report_lang", "zh-CN", utc(2026, 1, 1, 0, 0)).unwrap().value, "zh");
    let rule = schedule::rule(p.store.conn()).unwrap();
    assert_eq!((rule.start_week.to_string(), rule.start_week_is_default), ("2026-W10".into(), false));
}

/// Guards catch-up: a plant offline for six weeks gets six packets, built in week order as the
/// system actor, revision 1 each, queued in week order, each with its report PDF; a second run
/// writes nothing; the packet stays ≤ 16 KB; the system actor cannot sign in.
#[test]
fn six_weeks_offline_build_six_packets_in_week_order_and_a_second_run_builds_nothing() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let weeks = ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14", "2026-W15"];
    weekly_entries(&mut p, &weeks);
    set(&mut p, "sync_start_week", "2026-W10");
    // Monday 13 April 2026 (2026-W16), 08:59 and 09:00 Shanghai.
    let before_close = utc(2026, 4, 13, 0, 59);
    let at_close = utc(2026, 4, 13, 1, 0);
    assert_eq!(strings(&schedule::due_weeks(p.store.conn(), before_close).unwrap()), weeks[..5]);
    assert_eq!(strings(&schedule::due_weeks(p.store.conn(), at_close).unwrap()), weeks);

    let run = schedule::run(&mut p.store, at_close).unwrap();
    assert_eq!(run.needs_notes, None);
    let built: Vec<&str> = run.built.iter().map(|b| b.week.as_str()).collect();
    assert_eq!(built, weeks);
    assert!(run.built.iter().all(|b| b.revision == 1 && b.reason.is_none() && b.notes.is_empty()));
    let seqs: Vec<i64> = run.built.iter().map(|b| b.outbox_seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "outbox in week order: {seqs:?}");
    assert!(run.built.iter().all(|b| b.bytes <= 16 * 1024), "the packet JSON stays within 16 KB");
    assert!(schedule::due_weeks(p.store.conn(), at_close).unwrap().is_empty());

    // Built by the system actor; its user row cannot be signed into or listed.
    let c = p.store.conn();
    let by: Vec<String> = c
        .prepare("SELECT DISTINCT built_by FROM sync_packet")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(by, [audit::SYSTEM_ACTOR]);
    let actor: String = c
        .query_row("SELECT actor FROM audit_log WHERE table_name = 'sync_packet' ORDER BY seq LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(actor, audit::SYSTEM_ACTOR);
    assert!(users::list(c).unwrap().iter().all(|u| u.user_id != audit::SYSTEM_ACTOR));
    assert!(users::session_for(c, users::SYSTEM_USERNAME).is_err());
    let signin = users::SignInInput { username: users::SYSTEM_USERNAME.into(), password: "!".into() };
    assert!(matches!(users::sign_in(&mut p.store, &signin, at_close), Err(Error::Forbidden { .. })));

    // Each HQ item carries the packet and the week's report PDF (the plant and week in it).
    let c = p.store.conn();
    let key = sync::key::active(c).unwrap().unwrap().verifying_key();
    for b in &run.built {
        let item = outbox::item(c, &b.outbox_id).unwrap();
        assert_eq!(
            (item.stream, item.kind, item.week.as_deref()),
            (Stream::Hq, OutboxKind::Packet, Some(b.week.as_str()))
        );
        assert_eq!(item.attachments.len(), 2);
        assert_eq!(item.attachments[0].name, b.file_name);
        packet::verify(&item.attachments[0].bytes, &key).unwrap();
        let pdf = &item.attachments[1];
        assert_eq!(pdf.media_type, "application/pdf");
        assert_eq!(pdf.name, format!("SZ01_{}_r1.report-zh.pdf", b.week));
        assert!(pdf.bytes.starts_with(b"%PDF-"), "a real PDF");
        assert_eq!(pdf.bytes.len() as i64, b.pdf_bytes);
        assert!(item.body_text.contains("PDF"));
    }
    let first = outbox::item(c, &run.built[0].outbox_id).unwrap();
    if let Some(text) = pdf_text(&first.attachments[1].bytes) {
        assert!(text.contains("SZ01") && text.contains("2026-W10"), "{text}");
    }

    // Again, and again later the same week: nothing new, not a byte written.
    let before = bytes(&p);
    let again = schedule::run(&mut p.store, at_close + Duration::hours(3)).unwrap();
    assert!(again.built.is_empty() && again.needs_notes.is_none());
    assert_eq!(bytes(&p), before, "a second run writes nothing");
    let c = p.store.conn();
    assert!(audit::verify(c).unwrap().first_broken.is_none());
    let proof = audit::records::verify_records(c).unwrap();
    assert_eq!(proof.first_difference, None, "{proof:?}");
}

/// Guards the stop: a week whose preview raises flags is not built (a note per flag is a
/// person's), the `week_needs_notes` alert says so, later weeks are not queued ahead of it, a
/// rerun writes nothing; once a person builds it with notes, the next run carries on in order.
#[test]
fn a_flagged_week_stops_the_run_until_a_person_builds_it_with_notes() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    // 2026-W12 has no record at all: no_activity, and generation far below the weeks before.
    weekly_entries(&mut p, &["2026-W10", "2026-W11", "2026-W13", "2026-W14"]);
    set(&mut p, "sync_start_week", "2026-W10");
    let now = utc(2026, 4, 6, 2, 0); // Monday 6 April 10:00 Shanghai: W14 closed at 09:00
    let run = schedule::run(&mut p.store, now).unwrap();
    let built: Vec<&str> = run.built.iter().map(|b| b.week.as_str()).collect();
    assert_eq!(built, ["2026-W10", "2026-W11"]);
    let held = run.needs_notes.clone().expect("stopped at W12");
    assert_eq!(held.week, "2026-W12");
    assert_eq!(held.flags.iter().map(|f| f.kind).collect::<Vec<_>>(), [FlagKind::FigureLow, FlagKind::NoActivity]);
    let c = p.store.conn();
    let packets: i64 = c.query_row("SELECT count(*) FROM sync_packet", [], |r| r.get(0)).unwrap();
    assert_eq!(packets, 2, "W12, W13, W14 not built");
    assert_eq!(strings(&schedule::due_weeks(c, now).unwrap()), ["2026-W12", "2026-W13", "2026-W14"]);
    let today = d(2026, 4, 6);
    let sync_alerts = |c: &rusqlite::Connection| {
        alerts::for_plant(c, today)
            .unwrap()
            .into_iter()
            .filter(|a| a.area == ehs_ledger::areas::Area::Sync)
            .collect::<Vec<_>>()
    };
    let a = sync_alerts(c);
    let needs: Vec<&alerts::Alert> = a.iter().filter(|a| a.kind == AlertKind::WeekNeedsNotes).collect();
    assert_eq!(needs.len(), 1);
    assert_eq!(
        (needs[0].params["week"].as_str(), needs[0].params["flags"].as_str()),
        ("2026-W12", "figure_low, no_activity")
    );
    assert_eq!(needs[0].message_key, "alerts.week_needs_notes");
    assert!(
        !a.iter().any(|a| a.kind == AlertKind::WeekNotBuilt && a.params["week"] == "2026-W12"),
        "the held week is not alerted twice"
    );
    let st = schedule::status(c, now).unwrap();
    assert_eq!(st.needs_notes.as_ref().map(|h| h.week.as_str()), Some("2026-W12"));
    assert_eq!((st.next_close_week.as_str(), st.next_close_local.as_str()), ("2026-W15", "2026-04-13 09:00"));

    let before = bytes(&p);
    let again = schedule::run(&mut p.store, now + Duration::hours(1)).unwrap();
    assert!(again.built.is_empty());
    assert_eq!(again.needs_notes.map(|h| h.held_at), Some(held.held_at.clone()), "held once");
    assert_eq!(bytes(&p), before, "a rerun writes nothing");

    // A person writes the note and builds W12; the alert goes, the schedule carries on.
    let admin = p.admin.clone();
    let req = BuildRequest {
        week: "2026-W12".into(),
        reason: None,
        notes: vec![
            FlagNote { kind: FlagKind::NoActivity, note: "清明前停产检修".into() },
            FlagNote { kind: FlagKind::FigureLow, note: "停产,无危废产生".into() },
        ],
    };
    let w12 = sync::build(&mut p.store, &admin, req, now + Duration::hours(2)).unwrap();
    assert!(!sync_alerts(p.store.conn()).iter().any(|a| a.kind == AlertKind::WeekNeedsNotes));
    let run = schedule::run(&mut p.store, now + Duration::hours(3)).unwrap();
    let built: Vec<&str> = run.built.iter().map(|b| b.week.as_str()).collect();
    assert_eq!(built, ["2026-W13", "2026-W14"]);
    assert!(run.needs_notes.is_none());
    assert!(w12.outbox_seq < run.built[0].outbox_seq && run.built[0].outbox_seq < run.built[1].outbox_seq);
    let order: Vec<String> = outbox::status(p.store.conn(), now)
        .unwrap()
        .items
        .iter()
        .rev()
        .filter(|i| i.stream == Stream::Hq)
        .map(|i| i.week.clone().unwrap())
        .collect();
    assert_eq!(order, ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"], "HQ gets the weeks in order");
    let c = p.store.conn();
    assert!(audit::verify(c).unwrap().first_broken.is_none());
    assert_eq!(audit::records::verify_records(c).unwrap().first_difference, None);
}

/// Guards export: the packet file and its report PDF, both written atomically, both named.
#[test]
fn export_writes_the_packet_and_its_report_pdf() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    weekly_entries(&mut p, &["2026-W10"]);
    set(&mut p, "report_lang", "en");
    let a = p.admin.clone();
    let usb = tempfile::tempdir().unwrap();
    let x = sync::export(&mut p.store, &a, "2026-W10", usb.path(), utc(2026, 3, 9, 2, 0)).unwrap();
    let packet_path = usb.path().join("SZ01_2026-W10_r1.packet.json");
    let pdf_path = usb.path().join("SZ01_2026-W10_r1.report-en.pdf");
    assert_eq!(x.paths, [packet_path.display().to_string(), pdf_path.display().to_string()]);
    let mut names: Vec<String> =
        std::fs::read_dir(usb.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["SZ01_2026-W10_r1.packet.json", "SZ01_2026-W10_r1.report-en.pdf"], "no .partial left");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("SZ01") && text.contains("2026-W10") && text.contains("management report"), "{text}");
    }
    let item = outbox::item(p.store.conn(), &x.outbox_id).unwrap();
    assert_eq!(std::fs::read(&packet_path).unwrap(), item.attachments[0].bytes);
    assert_eq!(pdf, item.attachments[1].bytes);
}

fn periods(p: &Plant) -> Vec<(String, Option<String>, String)> {
    p.store
        .conn()
        .prepare(
            "SELECT o.period, o.week, a.name FROM outbox o JOIN outbox_attachment a ON a.outbox_id = o.id
             WHERE o.stream = 'managers' AND o.kind = 'report' ORDER BY o.seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Guards the managers' reports: nothing without recipients; then each closed week and month
/// once, in the order they close, never before the close; the language from `report_lang`.
#[test]
fn reports_are_queued_once_per_closed_week_and_month_and_only_with_recipients() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    weekly_entries(&mut p, &["2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13"]);
    set(&mut p, "sync_start_week", "2026-W09"); // Mon 23 Feb: the months start with February
    let t1 = utc(2026, 3, 9, 0, 30); // Monday 9 March 08:30 Shanghai: W10 not closed yet
    let before = bytes(&p);
    assert!(reports::pending(p.store.conn(), t1).unwrap().is_empty());
    assert!(reports::queue_due(&mut p.store, t1).unwrap().is_empty());
    assert_eq!(bytes(&p), before, "no recipients: nothing queued");

    set(&mut p, "report_recipients", "gm@plant.example.com, ehs@plant.example.com");
    let pending: Vec<String> = reports::pending(p.store.conn(), t1).unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(pending, ["2026-02", "2026-W09"], "February closed on 1 March 09:00, W09 on 2 March");
    let q = reports::queue_due(&mut p.store, t1).unwrap();
    assert_eq!(q.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(), ["2026-02", "2026-W09"]);
    assert!(q[0].outbox_seq < q[1].outbox_seq);
    let before = bytes(&p);
    assert!(reports::queue_due(&mut p.store, t1 + Duration::minutes(29)).unwrap().is_empty(), "W10 closes at 09:00");
    assert_eq!(bytes(&p), before, "queued once");

    set(&mut p, "report_lang", "en");
    let t2 = utc(2026, 4, 6, 2, 0); // Monday 6 April 10:00
    let q = reports::queue_due(&mut p.store, t2).unwrap();
    assert_eq!(
        q.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(),
        ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-03", "2026-W14"]
    );
    assert!(reports::queue_due(&mut p.store, t2).unwrap().is_empty());
    let all = periods(&p);
    assert_eq!(all.len(), 8);
    assert_eq!(all[0], ("2026-02".into(), None, "EHS-report_SZ01_2026-02_zh.pdf".into()));
    assert_eq!(all[1], ("2026-W09".into(), Some("2026-W09".into()), "EHS-report_SZ01_2026-W09_zh.pdf".into()));
    assert_eq!(all[6].2, "EHS-report_SZ01_2026-03_en.pdf");
    let item = outbox::item(p.store.conn(), &q[4].outbox_id).unwrap();
    assert_eq!((item.stream, item.kind), (Stream::Managers, OutboxKind::Report));
    assert!(item.subject.contains("2026-03") && item.subject.contains("管理月报"), "{}", item.subject);
    assert!(item.body_text.contains("主要数据") && item.body_text.contains("Main figures"));
    assert!(item.attachments[0].bytes.starts_with(b"%PDF-"));
    if let Some(text) = pdf_text(&item.attachments[0].bytes) {
        assert!(text.contains("SZ01") && text.contains("2026-03"), "{text}");
    }
    assert_eq!(outbox::recipients(p.store.conn(), Stream::Managers).unwrap().len(), 2);
    // Queuing reports builds no packet.
    let packets: i64 = p.store.conn().query_row("SELECT count(*) FROM sync_packet", [], |r| r.get(0)).unwrap();
    assert_eq!(packets, 0);
    let c = p.store.conn();
    assert_eq!(audit::records::verify_records(c).unwrap().first_difference, None);
}

/// Guards `prepare` (the app's worker before each drain): the schedule and the reports on the
/// file at `db`; a file not set up yet is left alone.
#[test]
fn prepare_builds_the_due_weeks_and_queues_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite3");
    drop(ehs_ledger::Store::open(&empty).unwrap());
    schedule::prepare(&empty, utc(2026, 4, 6, 2, 0)).unwrap();

    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    weekly_entries(&mut p, &["2026-W13", "2026-W14"]);
    set(&mut p, "sync_start_week", "2026-W13");
    set(&mut p, "report_recipients", "gm@plant.example.com");
    schedule::prepare(&p.path(), utc(2026, 4, 6, 2, 0)).unwrap();
    let c = p.store.conn();
    let hq: Vec<(String, String)> = c
        .prepare("SELECT stream, coalesce(period, week) FROM outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        hq,
        [
            s("hq", "2026-W13"),
            s("hq", "2026-W14"),
            s("managers", "2026-W13"),
            s("managers", "2026-03"),
            s("managers", "2026-W14")
        ]
    );
    let before = bytes(&p);
    schedule::prepare(&p.path(), utc(2026, 4, 6, 3, 0)).unwrap();
    assert_eq!(bytes(&p), before);
}

/// Guards the background task's turn: `prepare` (what the app runs before each drain) builds at
/// most `PER_TURN` weeks, the oldest first, and the next turn carries on where it stopped,
/// so a long catch-up never holds the write lock for minutes; `run` (the CLI) builds them all.
#[test]
fn a_long_catch_up_is_built_over_several_turns_in_week_order() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let weeks: Vec<String> = (1..=11).map(|w| format!("2026-W{w:02}")).collect();
    let refs: Vec<&str> = weeks.iter().map(String::as_str).collect();
    weekly_entries(&mut p, &refs);
    set(&mut p, "sync_start_week", "2026-W01");
    let now = utc(2026, 3, 16, 2, 0); // Monday 16 March 10:00 Shanghai: W11 closed at 09:00
    let built = |p: &Plant| -> Vec<String> {
        let mut st = p.store.conn().prepare("SELECT week FROM sync_packet ORDER BY week").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    schedule::prepare(&p.path(), now).unwrap();
    assert_eq!(built(&p), weeks[..schedule::PER_TURN], "one turn builds the oldest 8");
    schedule::prepare(&p.path(), now).unwrap();
    assert_eq!(built(&p), weeks, "the next turn carries on");
    let seqs: Vec<i64> = {
        let mut st = p.store.conn().prepare("SELECT seq FROM outbox WHERE kind = 'packet' ORDER BY week").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "queued in week order across turns: {seqs:?}");
}

/// Guards the turn for reports: recipients set long after the start week queue the backlog of
/// reports `PER_TURN` at a time through `prepare`, in the order the periods close.
#[test]
fn a_backlog_of_reports_is_queued_over_several_turns_in_order() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    set(&mut p, "sync_start_week", "2026-W01");
    set(&mut p, "report_recipients", "gm@plant.example.com");
    // Monday 16 March 10:00 Shanghai: W01…W11 closed, and December (W01 began on 29 December
    // 2025), January and February.
    let now = utc(2026, 3, 16, 2, 0);
    let all: Vec<String> = reports::pending(p.store.conn(), now).unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(all.len(), 14);
    schedule::prepare(&p.path(), now).ok(); // empty weeks are held for notes; reports go on
    let first: Vec<String> = periods(&p).into_iter().map(|(period, _, _)| period).collect();
    assert_eq!(first, all[..schedule::PER_TURN], "one turn queues the first 8, in close order");
    schedule::prepare(&p.path(), now).ok();
    let both: Vec<String> = periods(&p).into_iter().map(|(period, _, _)| period).collect();
    assert_eq!(both, all, "the next turn queues the rest");
}
