//! Issue 10, the Sync screen's reads and writes beside the week preview: one week's submission
//! state (not built → built and queued → sent / exported → changed since), the settings form
//! saved in one go with a refusal placed under its key, and the report period typed as a week
//! or a month.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::week_plant::{gen, plant_in};
use common::Plant;
use ehs_ledger::plant::{settings, Jurisdiction};
use ehs_ledger::report::Period;
use ehs_ledger::sync::outbox::{self, EventKind, ItemState, Outcome};
use ehs_ledger::sync::{self, submitted, BuildRequest, IsoWeek};

/// Monday 2026-03-23 10:00 in Shanghai: 2026-W10 … W12 are closed.
fn t() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 23, 2, 0, 0).unwrap()
}

fn plant() -> Plant {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "10", "2026-03-03T09:00", true);
    gen(&mut p, "B", "900-249-08", "12", "2026-03-10T09:00", true);
    p
}

fn state(p: &Plant, week: &str) -> submitted::WeekState {
    submitted::week_state(p.store.conn(), IsoWeek::parse("week", week).unwrap()).unwrap()
}

fn build(p: &mut Plant, week: &str, reason: Option<&str>) -> sync::Built {
    let a = p.admin.clone();
    sync::build(
        &mut p.store,
        &a,
        BuildRequest { week: week.into(), reason: reason.map(Into::into), notes: vec![] },
        t(),
    )
    .unwrap()
}

/// Guards the Sync screen's state line: a week is not built, then built rN and queued (its
/// outbox item pending), then sent rN at …; a ledger change dated inside it makes it changed
/// (the next build needs a reason) until revision n+1 is built, which is queued while r1 stays
/// the revision delivered.
#[test]
fn week_state_follows_a_week_from_not_built_to_sent_to_changed_to_restated() {
    let mut p = plant();
    let s = state(&p, "2026-W10");
    assert_eq!(
        (s.week.as_str(), s.latest.is_none(), s.submitted.is_none(), s.changed),
        ("2026-W10", true, true, false)
    );

    let b1 = build(&mut p, "2026-W10", None);
    let s = state(&p, "2026-W10");
    let latest = s.latest.as_ref().unwrap();
    assert_eq!(
        (latest.revision, latest.state, latest.id.as_str()),
        (Some(1), ItemState::Pending, b1.outbox_id.as_str())
    );
    assert!(s.submitted.is_none() && !s.changed);

    outbox::record_attempt(
        &mut p.store,
        &b1.outbox_id,
        Outcome::Sent { reply: "250 OK".into(), recipients: vec!["hq@corp.example.com".into()] },
        t(),
    )
    .unwrap();
    let s = state(&p, "2026-W10");
    assert_eq!(s.latest.as_ref().unwrap().state, ItemState::Sent);
    let sub = s.submitted.as_ref().unwrap();
    assert_eq!((sub.revision, sub.via, sub.submitted_at.as_str()), (1, EventKind::Sent, "2026-03-23T02:00:00Z"));
    assert!(!s.changed);
    assert!(!state(&p, "2026-W11").changed, "another week is not affected");

    gen(&mut p, "A2", "900-249-08", "0.5", "2026-03-05T09:00", true);
    let s = state(&p, "2026-W10");
    assert!(s.changed, "a ledger change dated inside the week changes it");
    assert!(!state(&p, "2026-W11").changed);

    build(&mut p, "2026-W10", Some("漏记"));
    let s = state(&p, "2026-W10");
    let latest = s.latest.as_ref().unwrap();
    assert_eq!((latest.revision, latest.state), (Some(2), ItemState::Pending));
    assert_eq!((s.submitted.as_ref().unwrap().revision, s.submitted.as_ref().unwrap().latest_revision), (1, 2));
    assert!(!s.changed, "the new revision matches the ledgers");
}

/// Guards the week state of an export: the week counts as submitted by file.
#[test]
fn week_state_shows_a_week_exported_to_a_folder() {
    let mut p = plant();
    let a = p.admin.clone();
    let usb = tempfile::tempdir().unwrap();
    sync::export(&mut p.store, &a, "2026-W11", usb.path(), t()).unwrap();
    let s = state(&p, "2026-W11");
    assert_eq!(s.latest.as_ref().unwrap().state, ItemState::Exported);
    assert_eq!(s.submitted.as_ref().map(|x| (x.revision, x.via)), Some((1, EventKind::Exported)));
}

/// Guards the SMTP card's one-go save: a refused value names its own key as the field (the form
/// places it under that input) and nothing is written; a single `set` keeps the field `value`.
#[test]
fn set_many_names_the_refused_key_and_writes_none() {
    let mut p = plant();
    let a = p.admin.clone();
    let e = settings::set_many(
        &mut p.store,
        &a,
        &[("smtp_host", "smtp.corp.example.com"), ("smtp_port", "99999"), ("sync_hq_address", "hq@corp.example.com")],
        t(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("smtp_port"), "{e}");
    let e = settings::set_many(&mut p.store, &a, &[("smtp_host", "smtp.corp.example.com"), ("smtp_from", "x@@y")], t())
        .unwrap_err();
    assert_eq!(e.field(), Some("smtp_from"), "{e}");
    assert!(e.to_string().starts_with("smtp_from: 'x@@y'"), "the key is said once: {e}");
    let e = settings::set_many(&mut p.store, &a, &[("smtp_port", "0")], t()).unwrap_err();
    assert_eq!(e.to_string(), "smtp_port: must be between 1 and 65535", "the key is said once");
    assert_eq!(settings::get(p.store.conn(), "smtp_host").unwrap(), "", "one refusal writes none");
    let e = settings::set(&mut p.store, &a, "smtp_port", "0", t()).unwrap_err();
    assert_eq!(e.field(), Some("value"));
    let saved = settings::set_many(
        &mut p.store,
        &a,
        &[("smtp_host", "SMTP.corp.example.com"), ("smtp_port", "465"), ("smtp_security", "tls")],
        t(),
    )
    .unwrap();
    assert_eq!(saved.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(), ["smtp.corp.example.com", "465", "tls"]);
}

/// Guards the report button's period: a week or a month, anything else refused on `period`.
#[test]
fn report_period_parses_a_week_or_a_month() {
    assert_eq!(Period::parse("period", "2026-W10").unwrap(), Period::Week(IsoWeek::parse("w", "2026-W10").unwrap()));
    assert_eq!(Period::parse("period", "2026-03").unwrap(), Period::Month { year: 2026, month: 3 });
    for bad in ["2026-W54", "2026-13", "march", ""] {
        assert_eq!(Period::parse("period", bad).unwrap_err().field(), Some("period"), "{bad}");
    }
}
