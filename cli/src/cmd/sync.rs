//! `sync`: the weekly packet to HQ. `sync week --week YYYY-Www` previews a week — its figures per
//! calendar-month part, the details HQ can drill into, and the plausibility flags; `sync key`
//! shows or exports the plant key; `sync sign` / `sync verify` build and check a signed packet.
//! `sync build` stores and queues a week's packet (revision n+1, notes per flag), `sync status`
//! shows the outbox, `sync export` writes a week's packet to a folder (submitted by file), and
//! `sync smtp set` changes the delivery settings (all given flags in one transaction).
//! `sync schedule` shows the weekly schedule (close rule, next close, due weeks, pending
//! reports), `sync schedule --run` does what the app does before each send (builds the due
//! weeks, queues the managers' reports), `sync schedule set` changes its settings.

use crate::ctx::Ctx;
use crate::print;
use chrono::Utc;
use clap::Subcommand;
use ehs_ledger::indicators::{self, IndicatorUnit};
use ehs_ledger::sync::{self, IsoWeek};
use ehs_ledger::sync::{key, outbox, packet, schedule};
use ehs_ledger::units::Grams;
use ehs_ledger::waste::indicators::WasteDetails;
use ehs_ledger::{files, plant, Error};
use ehs_ledger_net::secrets::SecretStore;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum Cmd {
    /// Preview a week's summary (figures per month part, details, flags) before sending
    Week {
        /// ISO week in the plant's time zone, e.g. 2026-W53
        #[arg(long)]
        week: String,
        #[arg(long)]
        json: bool,
    },
    /// The plant key that signs packets (generated on first use in an older database)
    #[command(subcommand)]
    Key(KeyCmd),
    /// Sign a content file ({"indicators", "details", "methods"?}) as a week's packet
    Sign {
        /// JSON file with the week's content
        #[arg(long, value_name = "FILE.json")]
        payload: PathBuf,
        /// ISO week in the plant's time zone, e.g. 2026-W49
        #[arg(long)]
        week: String,
        /// Revision of the week's packet (1 = first)
        #[arg(long, default_value_t = 1)]
        revision: i64,
        /// Why this revision restates the week (required from revision 2)
        #[arg(long)]
        reason: Option<String>,
        /// The audit seq the previous packet signed as its head (the anchor)
        #[arg(long, value_name = "SEQ")]
        prev_anchor_seq: Option<i64>,
        /// Packet file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Build a closed week's packet (revision n+1), store it and queue it for HQ
    Build {
        /// ISO week in the plant's time zone, e.g. 2026-W49
        #[arg(long)]
        week: String,
        /// Why the week is restated (required from revision 2)
        #[arg(long)]
        reason: Option<String>,
        /// A note answering a plausibility flag: KIND=TEXT (one per flag kind raised)
        #[arg(long = "note", value_name = "KIND=TEXT")]
        notes: Vec<String>,
        /// Also write the packet file here
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The outbox: pending and failed messages, next try, last attempt, newest items
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Write a week's latest packet into a folder (USB stick); the week counts as submitted by file
    Export {
        #[arg(long)]
        week: String,
        /// The folder to write into
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Deliver what is due in the outbox once (backoff ignored), in order; print each result.
    /// Exit 0 when nothing failed, 1 when an attempt failed, 2 when nothing was tried (bad
    /// settings, or another process is delivering the outbox now)
    Send {
        #[arg(long)]
        json: bool,
    },
    /// Give up waiting for a failed item's cause: try it again at the next send
    Retry {
        /// The outbox item id (see `sync status`)
        #[arg(long)]
        item: String,
    },
    /// Mail delivery settings
    #[command(subcommand)]
    Smtp(SmtpCmd),
    /// The weekly schedule: when weeks close, the next close, due weeks and pending reports.
    /// --run builds the due weeks and queues the due reports, as the app does before each send
    #[command(args_conflicts_with_subcommands = true)]
    Schedule {
        #[command(subcommand)]
        cmd: Option<ScheduleCmd>,
        /// Build the due weeks (in order, stopping at a week whose flags need notes) and queue
        /// the managers' reports; print what was done
        #[arg(long)]
        run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Verify a packet file against a public key file (PEM); exit 0 and print the body, 1 if it fails
    Verify {
        #[arg(long, value_name = "FILE")]
        packet: PathBuf,
        /// The plant's public key file (PEM, as `sync key export` writes it)
        #[arg(long, value_name = "FILE.pem")]
        key: PathBuf,
    },
    /// HQ's public key (registered once; returns must verify against it)
    #[command(subcommand)]
    HqKey(HqKeyCmd),
    /// HQ's returns of weeks (signed messages with the analyst's comment)
    #[command(subcommand)]
    Return(ReturnCmd),
}

#[derive(Subcommand)]
pub enum HqKeyCmd {
    /// Register HQ's public key file (`ehs-ledger hq key` prints it); an older one is retired
    Import {
        #[arg(value_name = "FILE.pem")]
        file: PathBuf,
    },
    /// The registered HQ keys
    List,
}

#[derive(Subcommand)]
pub enum ReturnCmd {
    /// Import a return: the `.return.json` file or the `.eml` mail it came in
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// The returns received (all weeks, or one)
    List {
        #[arg(long)]
        week: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum SmtpCmd {
    /// Change the SMTP and address settings given (the password is never a setting)
    Set {
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        port: Option<String>,
        /// starttls, tls or none
        #[arg(long)]
        security: Option<String>,
        #[arg(long)]
        username: Option<String>,
        /// The plant's sender address
        #[arg(long)]
        from: Option<String>,
        /// HQ's address(es) for the weekly packets (comma-separated)
        #[arg(long)]
        to: Option<String>,
        /// Plant managers' addresses for the management report (comma-separated)
        #[arg(long)]
        report_to: Option<String>,
        /// Seconds one send may take (5–600)
        #[arg(long)]
        timeout: Option<String>,
        /// mail or file
        #[arg(long)]
        transport: Option<String>,
    },
    /// Store the SMTP password in the system keyring, read from standard input (one line). Where
    /// the machine has no keyring, `sync send` reads EHS_LEDGER_SMTP_PASSWORD instead
    Password,
}

#[derive(Subcommand)]
pub enum ScheduleCmd {
    /// Change the schedule settings given (all in one transaction)
    Set {
        /// Weekday of the next week a week closes on: 1 (Monday) … 7 (Sunday)
        #[arg(long)]
        close_weekday: Option<String>,
        /// Hour it closes at, plant time (0–23)
        #[arg(long)]
        close_hour: Option<String>,
        /// The first week the plant submits (YYYY-Www); "" = the week of the plant's set-up
        #[arg(long)]
        start_week: Option<String>,
        /// Language of the report PDFs (with the packet, to managers): zh or en
        #[arg(long)]
        report_lang: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Fingerprint, algorithm and creation time of the active key
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the public key file HQ registers (PEM, SubjectPublicKeyInfo)
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn read(field: &'static str, path: &PathBuf) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::invalid(field, ehs_ledger::msg::cli::cannot_read(&path.display(), &e)))
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Week { week, json } => {
            let week = IsoWeek::parse("week", &week)?;
            let store = ctx.open()?;
            let preview = sync::preview(store.conn(), week, ctx.today(&store)?)?;
            if json {
                print::json(&preview)?;
            } else {
                show(&preview);
            }
        }
        Cmd::Key(KeyCmd::Show { json }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            if json {
                print::json(&k.info)?;
            } else {
                println!("plant key {} ({}), created {}", k.info.fingerprint, k.info.algorithm, k.info.created_at);
                println!("public key (base64): {}", k.info.public_key_b64);
            }
        }
        Cmd::Key(KeyCmd::Export { out }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            let plant = plant::require(store.conn())?;
            files::write_atomic(&out, key::export_pem(&plant.code, &k.info, &k.verifying_key()).as_bytes())?;
            println!("wrote {} (plant key {})", out.display(), k.info.fingerprint);
        }
        Cmd::Sign { payload, week, revision, reason, prev_anchor_seq, out } => {
            let bytes = read("payload", &payload)?;
            let content: packet::Content = serde_json::from_slice(&bytes)
                .map_err(|e| Error::invalid("payload", ehs_ledger::msg::common::file_error(&payload.display(), &e)))?;
            let mut store = ctx.open()?;
            let input = packet::PacketInput { week, revision, reason, prev_anchor_seq, content };
            let p = packet::build(&mut store, input, ctx.now)?;
            files::write_atomic(&out, &p.bytes)?;
            println!(
                "wrote {} ({} bytes): {} revision {}, key {}, audit head {}",
                out.display(),
                p.bytes.len(),
                p.body.week,
                p.body.revision,
                p.envelope.key_fingerprint,
                p.body.provenance.audit_head.as_ref().map_or("(empty)".into(), |h| h.seq.to_string())
            );
        }
        Cmd::Build { week, reason, notes, out } => {
            let notes = notes.iter().map(|n| parse_note(n)).collect::<Result<Vec<_>, Error>>()?;
            if let Some(out) = &out {
                check_parent(out)?;
            }
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let b = sync::build(&mut store, &who, sync::BuildRequest { week, reason, notes }, ctx.now)?;
            println!(
                "built {} revision {} ({} bytes, key {}, audit head {}; report {} {} bytes), queued for HQ as outbox #{}",
                b.week,
                b.revision,
                b.bytes,
                b.key_fingerprint,
                b.audit_head_seq.map_or("(empty)".into(), |s| s.to_string()),
                b.pdf_file_name,
                b.pdf_bytes,
                b.outbox_seq
            );
            if let Some(out) = out {
                let file = sync::packets::latest_file(store.conn(), &b.week)?
                    .ok_or_else(|| Error::Internal("the packet just built is missing".into()))?;
                files::write_atomic(&out, &file.bytes)?;
                println!("wrote {}", out.display());
            }
        }
        Cmd::Status { json } => {
            let store = ctx.open()?;
            let st = outbox::status(store.conn(), ctx.now)?;
            if json {
                print::json(&st)?;
            } else {
                show_status(&st);
            }
        }
        Cmd::Export { week, out } => {
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let e = sync::export(&mut store, &who, &week, &out, ctx.now)?;
            for p in &e.paths {
                println!("wrote {p}");
            }
            println!(
                "{} revision {} submitted by file{}",
                e.week,
                e.revision,
                if e.built { " (built now)" } else { "" }
            );
        }
        Cmd::Smtp(SmtpCmd::Set { host, port, security, username, from, to, report_to, timeout, transport }) => {
            let changes: Vec<(&str, String)> = [
                ("smtp_host", host),
                ("smtp_port", port),
                ("smtp_security", security),
                ("smtp_username", username),
                ("smtp_from", from),
                ("sync_hq_address", to),
                ("report_recipients", report_to),
                ("smtp_timeout_s", timeout),
                ("sync_transport", transport),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
            if changes.is_empty() {
                return Err(Error::invalid("smtp", ehs_ledger::msg::cli::give_least_one_setting()));
            }
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let pairs: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
            for s in plant::settings::set_many(&mut store, &who, &pairs, ctx.now)? {
                println!("{} = {}", s.key, s.value);
            }
        }
        Cmd::Send { json } => return send(ctx, json),
        Cmd::Schedule {
            cmd: Some(ScheduleCmd::Set { close_weekday, close_hour, start_week, report_lang }), ..
        } => {
            let changes: Vec<(&str, String)> = [
                ("sync_close_weekday", close_weekday),
                ("sync_close_hour", close_hour),
                ("sync_start_week", start_week),
                ("report_lang", report_lang),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
            if changes.is_empty() {
                return Err(Error::invalid("schedule", ehs_ledger::msg::cli::give_least_one_setting()));
            }
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let pairs: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (*k, v.as_str())).collect();
            for s in plant::settings::set_many(&mut store, &who, &pairs, ctx.now)? {
                println!("{} = {}", s.key, s.value);
            }
        }
        Cmd::Schedule { cmd: None, run: true, json } => return schedule_run(ctx, json),
        Cmd::Schedule { cmd: None, run: false, json } => {
            let store = ctx.open()?;
            let st = schedule::status(store.conn(), ctx.now)?;
            if json {
                print::json(&st)?;
            } else {
                show_schedule(&st);
            }
        }
        Cmd::Retry { item } => {
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let st = outbox::retry(&mut store, &who, &item, ctx.now)?;
            println!("{} {} will be tried again at the next send", st.id, st.week.as_deref().unwrap_or(""));
        }
        Cmd::Smtp(SmtpCmd::Password) => return smtp_password(ctx),
        Cmd::HqKey(HqKeyCmd::Import { file }) => {
            let pem = String::from_utf8(read("key", &file)?)
                .map_err(|_| Error::invalid("key", ehs_ledger::msg::common::not_utf8()))?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let k = sync::returns::register_hq_key(&mut store, &who, &pem, ctx.now)?;
            println!("HQ key {} registered ({})", k.fingerprint, k.label);
        }
        Cmd::HqKey(HqKeyCmd::List) => {
            let store = ctx.open()?;
            for k in sync::returns::hq_keys(store.conn())? {
                let state = k.voided_at.map(|v| format!("retired {v}")).unwrap_or_else(|| "in use".into());
                println!("{}\t{}\tregistered {}\t{state}", k.fingerprint, k.label, k.registered_at);
            }
        }
        Cmd::Return(ReturnCmd::Import { file }) => {
            let bytes = read("file", &file)?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let r = sync::returns::import(&mut store, &who, &bytes, ctx.now)?;
            let x = &r.received;
            if r.duplicate {
                println!("already imported: HQ's return of {} revision {}", x.week, x.revision);
            } else {
                println!(
                    "HQ returned {} revision {} ({} {}): {}",
                    x.week, x.revision, x.returned_by, x.returned_at, x.comment
                );
            }
        }
        Cmd::Return(ReturnCmd::List { week, json }) => {
            let store = ctx.open()?;
            if let Some(w) = &week {
                IsoWeek::parse("week", w)?;
            }
            let list = sync::returns::list(store.conn(), week.as_deref())?;
            if json {
                print::json(&list)?;
            } else if list.is_empty() {
                println!("no returns");
            }
            if !json {
                for x in &list {
                    let state =
                        x.answered_by_revision.map(|r| format!("answered by r{r}")).unwrap_or_else(|| "OPEN".into());
                    println!("{} r{}\t{state}\t{} {}\t{}", x.week, x.revision, x.returned_by, x.returned_at, x.comment);
                }
            }
        }
        Cmd::Verify { packet: file, key: key_file } => {
            let pem = String::from_utf8(read("key", &key_file)?)
                .map_err(|_| Error::invalid("key", ehs_ledger::msg::common::not_utf8()))?;
            let public = key::public_from_pem(&pem)?;
            match packet::verify(&read("packet", &file)?, &public) {
                Ok(body) => print::json(&body)?,
                Err(e) => {
                    eprintln!("packet does not verify: {}", ehs_ledger::AppError::from(e).message);
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `sync smtp password` (and `hq smtp-password`): the password from standard input into the
/// system keyring, under the account of the file's SMTP settings.
pub(crate) fn smtp_password(ctx: &Ctx) -> Result<ExitCode, Error> {
    let store = ctx.open()?;
    let account = ehs_ledger_net::outbox::password_account_of(store.conn())?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| Error::invalid("password", ehs_ledger::msg::common::io(&e)))?;
    let password = line.trim_end_matches(['\r', '\n']);
    let secrets = SecretStore::os();
    if !secrets.has_keyring() {
        return Err(Error::invalid(
            "password",
            ehs_ledger::msg::cli::machine_has_no_system(&ehs_ledger_net::outbox::PASSWORD_ENV),
        ));
    }
    secrets
        .set(&account, password)
        .map_err(|e| Error::invalid("password", ehs_ledger::msg::net::keyring(&e.message)))?;
    println!("password for {account} saved in the system keyring");
    Ok(ExitCode::SUCCESS)
}

/// `sync send` (and `hq send`): one drain on a current-thread runtime.
pub(crate) fn send(ctx: &Ctx, json: bool) -> Result<ExitCode, Error> {
    let path = ehs_ledger::db::resolve_db_path(ctx.db.as_deref())?;
    drop(ctx.open()?); // migrate (and refuse a newer file) before the runtime starts
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("runtime: {e}")))?;
    let deliveries =
        rt.block_on(ehs_ledger_net::outbox::drain_once(&path, Arc::new(SecretStore::os()), Utc::now, true))?;
    if json {
        print::json(&deliveries)?;
    } else if deliveries.is_empty() {
        println!("nothing is due");
    }
    let mut failed = false;
    for d in &deliveries {
        let what = format!(
            "#{} {} {}{}",
            d.seq,
            d.stream,
            d.week.clone().unwrap_or_else(|| d.kind.to_string()),
            d.revision.map(|r| format!(" r{r}")).unwrap_or_default()
        );
        let line = match &d.outcome {
            outbox::Outcome::Sent { reply, recipients } => {
                format!("sent     {what} to {}: {reply}", recipients.join(", "))
            }
            outbox::Outcome::Transient { error } => {
                failed = true;
                format!("retry    {what}: {error}")
            }
            outbox::Outcome::Permanent { error } => {
                failed = true;
                format!("FAILED   {what}: {error} (fix the cause, then `sync retry --item {}`)", d.item_id)
            }
        };
        if !json {
            println!("{line}");
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `sync schedule --run`: the schedule, then the reports (both run; the first error is returned).
fn schedule_run(ctx: &Ctx, json: bool) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    let weeks = schedule::run(&mut store, ctx.now);
    let reports = sync::reports::queue_due(&mut store, ctx.now);
    if json {
        let v = serde_json::json!({
            "weeks": weeks.as_ref().ok(),
            "reports": reports.as_ref().ok(),
        });
        print::json(&v)?;
    } else {
        if let Ok(run) = &weeks {
            for b in &run.built {
                println!(
                    "built {} revision {} ({} bytes + report {} bytes), queued for HQ as outbox #{}",
                    b.week, b.revision, b.bytes, b.pdf_bytes, b.outbox_seq
                );
            }
            if let Some(h) = &run.needs_notes {
                println!("stopped at {}: its flags need a person's notes (later weeks wait):", h.week);
                for f in &h.flags {
                    println!("  [{}] {}", f.kind, f.message);
                }
                println!("  build it with: ehs-ledger sync build --week {} --note KIND=TEXT …", h.week);
            }
        }
        if let Ok(q) = &reports {
            for r in q {
                println!(
                    "queued report {} ({}, {} bytes) for the managers as outbox #{}",
                    r.period, r.file_name, r.bytes, r.outbox_seq
                );
            }
        }
        let nothing = weeks.as_ref().is_ok_and(|w| w.built.is_empty() && w.needs_notes.is_none())
            && reports.as_ref().is_ok_and(|r| r.is_empty());
        if nothing {
            println!("nothing to do");
        }
    }
    weeks?;
    reports?;
    Ok(ExitCode::SUCCESS)
}

fn show_schedule(st: &schedule::ScheduleStatus) {
    let r = &st.rule;
    println!(
        "a week closes on {} {:02}:00 of the next week ({}); first week {}{}",
        schedule::weekday_name(r.weekday),
        r.hour,
        r.timezone,
        r.start_week,
        if r.start_week_is_default { " (the week of set-up)" } else { "" }
    );
    println!("a month closes on the 1st of the next month at {:02}:00", r.hour);
    println!("next close: {} at {} {} ({})", st.next_close_week, st.next_close_local, r.timezone, st.next_close_at);
    if st.due_weeks.is_empty() {
        println!("due weeks: none");
    } else {
        println!("due weeks: {}", st.due_weeks.join(" "));
    }
    if let Some(h) = &st.needs_notes {
        let kinds: Vec<&str> = h.flags.iter().map(|f| f.kind.as_str()).collect();
        println!("waiting for notes: {} ({}), held since {}", h.week, kinds.join(", "), h.held_at);
    }
    if !st.reports_enabled {
        println!("management reports: not sent (set report_recipients: `sync smtp set --report-to …`)");
    } else if st.pending_reports.is_empty() {
        println!("pending reports: none");
    } else {
        println!("pending reports: {}", st.pending_reports.join(" "));
    }
}

/// `--note KIND=TEXT`.
fn parse_note(text: &str) -> Result<sync::FlagNote, Error> {
    let (kind, note) = text
        .split_once('=')
        .ok_or_else(|| Error::invalid("notes", ehs_ledger::msg::cli::not_kind_text(&ehs_ledger::text::shown(text))))?;
    Ok(sync::FlagNote { kind: sync::FlagKind::parse("notes", kind)?, note: note.to_string() })
}

/// `--out FILE` must be in an existing folder (checked before anything is built).
fn check_parent(out: &std::path::Path) -> Result<(), Error> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !parent.is_dir() {
        return Err(Error::invalid("out", ehs_ledger::msg::cli::not_existing_folder(&parent.display())));
    }
    Ok(())
}

pub(crate) fn show_status(st: &outbox::OutboxStatus) {
    println!(
        "outbox: {} pending, {} failed{}",
        st.pending,
        st.failed,
        match (&st.next_try_at, st.due_now) {
            (_, true) => ", due now".to_string(),
            (Some(t), false) => format!(", next try {t}"),
            (None, false) => String::new(),
        }
    );
    if let Some(a) = &st.last_attempt {
        println!("last attempt {} {}: {}", a.at, a.kind, a.detail);
    }
    for i in &st.items {
        println!(
            "  #{:<4} {:<8} {:<7} {:<9} {} r{}  {} attempt(s){}",
            i.seq,
            i.stream,
            i.kind,
            i.state,
            i.week.as_deref().unwrap_or("-"),
            i.revision.map_or("-".into(), |r| r.to_string()),
            i.attempts,
            i.last_event.as_ref().map_or(String::new(), |e| format!(", last {} {}: {}", e.kind, e.at, e.detail))
        );
    }
}

fn value(v: i64, unit: IndicatorUnit) -> String {
    match unit {
        IndicatorUnit::G => format!("{} kg", Grams(v).kg_string()),
        other => format!("{v} {other}"),
    }
}

fn show(p: &sync::WeekPreview) {
    let s = &p.summary;
    println!("{} {} ({} – {}, {}), {} ledger records", s.plant_code, s.week, s.from, s.to, s.timezone, s.records);
    for part in &s.parts {
        println!("\n[{}] {} – {}, {} records", part.month, part.from, part.to, part.records);
        for f in &part.figures {
            let label = indicators::get(&f.key).map_or("", |i| i.label_zh);
            println!("  {:<28} {:>18}  {:<10} {}", f.key, value(f.value, f.unit), f.method, label);
        }
        let waste = part.details.get(&ehs_ledger::areas::Area::Waste).cloned();
        if let Some(d) = waste.and_then(|v| serde_json::from_value::<WasteDetails>(v).ok()) {
            let kg = |g: i64| Grams(g).kg_string();
            for c in &d.hw {
                println!(
                    "  HW {}: generated {} kg, shipped utilisation {} / disposal {} kg, own use {} / disposal {} kg, stock {} → {} kg{}",
                    c.code,
                    kg(c.generated_g),
                    kg(c.shipped_utilisation_g),
                    kg(c.shipped_disposal_g),
                    kg(c.own_use_g),
                    kg(c.own_disposal_g),
                    kg(c.opening_stock_g),
                    kg(c.closing_stock_g),
                    if c.manifests.is_empty() { String::new() } else { format!(", manifests {}", c.manifests.join(" ")) }
                );
            }
            for c in &d.nhw {
                let routes: Vec<String> = c
                    .routes
                    .iter()
                    .map(|r| {
                        format!("{} {} {} kg", r.route, if r.onsite { "on site" } else { "off site" }, kg(r.grams))
                    })
                    .collect();
                println!("  SW {}: generated {} kg; {}", c.code, kg(c.generated_g), routes.join("; "));
            }
        }
    }
    if p.flags.is_empty() {
        println!("\nNo flags.");
    } else {
        println!("\nFlags (each needs a note before sending):");
        for f in &p.flags {
            println!("  [{}] {}", f.kind, f.message);
        }
    }
}
