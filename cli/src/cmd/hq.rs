//! `hq`: HQ mode on an HQ database. `hq init` creates one; `hq segment add|list`,
//! `hq plant add|list|change|key` keep the registry; `hq import FILE|DIR…` reads packet files,
//! mails and folders; `hq fetch` reads the mailbox once; `hq grid` shows week × plant;
//! `hq history` / `hq week` show a plant-week's revisions and decisions; `hq accept`,
//! `hq return`, `hq reopen` decide; `hq revenue set`, `hq headcount set`, `hq history import`
//! enter the year's facts; `hq appendix` computes and exports the KPI appendix; `hq safety` the
//! group safety view (hazards per segment, the on-time rate as a ratio of sums); `hq check`
//! proves the caches; `hq key` prints HQ's public key (plants register it for returns).

use crate::ctx::Ctx;
use crate::print;
use clap::Subcommand;
use ehs_ledger::hq::appendix::{self, View};
use ehs_ledger::hq::grid::{self, CellState, GridQuery};
use ehs_ledger::hq::{self, import, registry, review, safety, settings, store};
use ehs_ledger::report::Lang;
use ehs_ledger::{db, files, Error, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Create an HQ database (first-run set-up in HQ mode) and its first admin
    Init {
        #[arg(long)]
        group: String,
        #[arg(long, default_value = "Asia/Shanghai")]
        timezone: String,
        #[arg(long, default_value = "admin")]
        admin: String,
        #[arg(long, default_value = "Administrator")]
        admin_name: String,
        /// The admin's password (≥ 8 characters); EHS_LEDGER_PASSWORD works too
        #[arg(long, env = "EHS_LEDGER_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Business segments (the appendix's columns)
    #[command(subcommand)]
    Segment(SegmentCmd),
    /// Plants in the registry
    #[command(subcommand)]
    Plant(PlantCmd),
    /// Import packet files (.json), mails (.eml) and folders
    Import {
        #[arg(required = true, value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Read the HQ mailbox once (IMAP, the `imap_*` settings; the password from the system
    /// keyring or EHS_LEDGER_IMAP_PASSWORD)
    Fetch {
        /// Read again the messages earlier passes left alone (after the registry is fixed)
        #[arg(long)]
        retry_rejected: bool,
        #[arg(long)]
        json: bool,
    },
    /// The week × plant review grid of a year
    Grid {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        segment: Option<String>,
        /// Only plants with a cell in this state or flag (missing, late, returned, anchor_broken, …)
        #[arg(long)]
        only: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// A plant-week's revisions and decisions
    Week {
        #[arg(long)]
        plant: String,
        #[arg(long)]
        week: String,
        #[arg(long)]
        json: bool,
    },
    /// Accept a plant-week (locks its highest revision for the appendix)
    Accept {
        #[arg(long)]
        plant: String,
        #[arg(long)]
        week: String,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Return a plant-week to the plant with a comment (a signed message)
    Return {
        #[arg(long)]
        plant: String,
        #[arg(long)]
        week: String,
        #[arg(long)]
        comment: String,
        /// Also write the signed message to this folder (for a plant without mail)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Lift an accept
    Reopen {
        #[arg(long)]
        plant: String,
        #[arg(long)]
        week: String,
        #[arg(long)]
        reason: String,
    },
    /// Group revenue of a year (the per-revenue intensities' denominator)
    #[command(subcommand)]
    Revenue(RevenueCmd),
    /// Group full-time headcount of a year (the per-capita intensities' denominator)
    #[command(subcommand)]
    Headcount(HeadcountCmd),
    /// Historical appendix figures (years before the app)
    #[command(subcommand)]
    History(HistoryCmd),
    /// The KPI appendix of a year: on screen, as JSON, or exported
    Appendix {
        #[arg(long)]
        year: i32,
        /// all, hkex or gri
        #[arg(long, default_value = "all")]
        view: View,
        #[arg(long, default_value = "zh")]
        lang: Lang,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        /// List the plant-week parts behind one indicator instead
        #[arg(long, value_name = "KEY")]
        drill: Option<String>,
        #[arg(long, value_name = "SEGMENT")]
        segment: Option<String>,
    },
    /// The group safety view of a year (hidden hazards per segment and prior years, the on-time
    /// rate as a ratio of sums): on screen, as JSON, or exported
    Safety {
        #[arg(long)]
        year: i32,
        #[arg(long, default_value = "zh")]
        lang: Lang,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
    },
    /// HQ settings (deadline_days, imap_*, smtp_*, return_from)
    Settings {
        /// KEY=VALUE pairs to set; none = list
        set: Vec<String>,
    },
    /// The import runs (newest first), or one run's items
    Log {
        #[arg(long)]
        run: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Prove the caches (counted revisions, plant-year figures, packet parts) against the packets
    Check,
    /// HQ's public key (PEM): plants register it to verify returns
    Key,
    /// The outbox of returns to plants: what waits, what failed, what was sent
    Outbox {
        #[arg(long)]
        json: bool,
    },
    /// Mail the returns that are due now (the smtp_* settings and return_from; the password from
    /// the system keyring or EHS_LEDGER_SMTP_PASSWORD)
    Send {
        #[arg(long)]
        json: bool,
    },
    /// Try a failed return again (after fixing the plant's e-mail or the server)
    Retry {
        #[arg(long)]
        item: String,
    },
    /// Save the SMTP password (read from standard input) in the system keyring
    SmtpPassword,
}

#[derive(Subcommand)]
pub enum SegmentCmd {
    Add {
        code: String,
        #[arg(long)]
        zh: String,
        #[arg(long)]
        en: String,
    },
    List,
}

#[derive(Subcommand)]
pub enum PlantCmd {
    /// Register a plant with its public key file (the plant's Settings exports it)
    Add {
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        segment: String,
        #[arg(long, default_value = "")]
        legal_entity: String,
        #[arg(long, default_value = "Asia/Shanghai")]
        timezone: String,
        #[arg(long, default_value = "")]
        email: String,
        /// First day whose figures count for the group (YYYY-MM-DD)
        #[arg(long)]
        boundary_from: String,
        #[arg(long, value_name = "FILE.pem")]
        key: PathBuf,
        /// First day the key is valid (default: the boundary date)
        #[arg(long)]
        key_valid_from: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a plant's segment, boundary, e-mail, name or legal entity
    Change {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        segment: Option<String>,
        #[arg(long)]
        legal_entity: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        boundary_from: Option<String>,
        /// First day outside the boundary ("" = back inside)
        #[arg(long)]
        boundary_until: Option<String>,
    },
    /// A plant's keys, or a rotation to a new key (`--pem FILE --valid-from DAY`)
    Key {
        code: String,
        #[arg(long, value_name = "FILE.pem")]
        pem: Option<PathBuf>,
        #[arg(long)]
        valid_from: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
pub enum RevenueCmd {
    Set {
        #[arg(long)]
        year: i32,
        /// Revenue in RMB million (exact decimal, ≤ 3 decimals)
        #[arg(long)]
        rmb_million: String,
        #[arg(long, default_value = "CNY")]
        currency: String,
        /// Original amount, FX rate and its date (required for another currency)
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
pub enum HeadcountCmd {
    Set {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        fte: i64,
        /// How it is defined, printed with every intensity
        #[arg(long)]
        definition: String,
    },
}

#[derive(Subcommand)]
pub enum HistoryCmd {
    /// Import an xlsx/csv sheet: year, indicator, segment, value, source
    Import { file: PathBuf },
    /// Set one figure (segment omitted = group total)
    Set {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        segment: Option<String>,
        /// With a unit for masses (1655.78 t); bare = tonnes
        #[arg(long)]
        value: String,
        #[arg(long, default_value = "")]
        source: String,
    },
    List {
        #[arg(long)]
        year: Option<i32>,
    },
}

fn open_hq(ctx: &Ctx) -> Result<Store, Error> {
    let s = ctx.open()?;
    s.require_kind(db::DbKind::Hq)?;
    Ok(s)
}

fn mark(c: &grid::Cell) -> char {
    if c.anchor_broken.is_some() {
        return '!';
    }
    match c.state {
        CellState::NotExpected => '·',
        CellState::Due => '…',
        CellState::Missing => 'x',
        CellState::Returned => 'R',
        CellState::Accepted if c.restated_after_review => 'a',
        CellState::Accepted => 'A',
        CellState::Received if c.late => 'L',
        CellState::Received if c.restated => 'r',
        CellState::Received => '+',
    }
}

fn year_facts(store: &Store, year: i32) -> Result<registry::YearFacts, Error> {
    Ok(registry::year(store.conn(), year)?.unwrap_or(registry::YearFacts {
        year,
        revenue_rmb_million: None,
        revenue_currency: "CNY".into(),
        revenue_note: String::new(),
        headcount_fte: None,
        headcount_definition: String::new(),
    }))
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Init { group, timezone, admin, admin_name, password } => {
            let path = db::resolve_db_path(ctx.db.as_deref())?;
            let mut store = Store::create_hq(&path)?;
            let s = hq::setup(
                &mut store,
                hq::HqSetupInput {
                    group_name: group,
                    timezone,
                    admin_username: admin,
                    admin_display_name: admin_name,
                    admin_password: password,
                },
                ctx.now,
            )?;
            println!("HQ database {} set up; admin {}", path.display(), s.username);
        }
        Cmd::Segment(SegmentCmd::Add { code, zh, en }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let seg = registry::add_segment(&mut s, &a, &code, &zh, &en, ctx.now)?;
            println!("segment {} {} / {}", seg.code, seg.name_zh, seg.name_en);
        }
        Cmd::Segment(SegmentCmd::List) => {
            let s = open_hq(ctx)?;
            for seg in registry::segments(s.conn())? {
                println!("{}\t{}\t{}", seg.code, seg.name_zh, seg.name_en);
            }
        }
        Cmd::Plant(PlantCmd::Add {
            code,
            name,
            segment,
            legal_entity,
            timezone,
            email,
            boundary_from,
            key,
            key_valid_from,
        }) => {
            let pem = std::fs::read_to_string(&key)
                .map_err(|e| Error::invalid("key", ehs_ledger::msg::common::file_error(&key.display(), &e)))?;
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let p = registry::add_plant(
                &mut s,
                &a,
                registry::PlantInput {
                    code,
                    name,
                    segment_code: segment,
                    legal_entity,
                    timezone,
                    email,
                    in_boundary_from: boundary_from,
                    public_key_pem: pem,
                    key_valid_from,
                },
                ctx.now,
            )?;
            println!("plant {} registered in {} (key {})", p.code, p.segment_code, p.fingerprints.join(", "));
        }
        Cmd::Plant(PlantCmd::List { json }) => {
            let s = open_hq(ctx)?;
            let ps = registry::plants(s.conn())?;
            if json {
                print::json(&ps)?;
            } else {
                for p in ps {
                    let until = p.out_of_boundary_from.map(|u| format!(" until {u}")).unwrap_or_default();
                    println!(
                        "{}\t{}\t{}\tfrom {}{until}\tkeys {}",
                        p.code,
                        p.name,
                        p.segment_code,
                        p.in_boundary_from,
                        p.fingerprints.join(",")
                    );
                }
            }
        }
        Cmd::Plant(PlantCmd::Change { code, name, segment, legal_entity, email, boundary_from, boundary_until }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let change = registry::PlantChange {
                name,
                segment_code: segment,
                legal_entity,
                email,
                in_boundary_from: boundary_from,
                out_of_boundary_from: boundary_until,
            };
            let p = registry::change_plant(&mut s, &a, &code, change, ctx.now)?;
            println!("plant {} changed: {} from {}", p.code, p.segment_code, p.in_boundary_from);
        }
        Cmd::Plant(PlantCmd::Key { code, pem, valid_from, note }) => {
            let mut s = open_hq(ctx)?;
            match (pem, valid_from) {
                (Some(pem), Some(from)) => {
                    let text = std::fs::read_to_string(&pem)
                        .map_err(|e| Error::invalid("pem", ehs_ledger::msg::common::file_error(&pem.display(), &e)))?;
                    let a = ctx.actor(&s)?;
                    let k = registry::rotate_key(&mut s, &a, &code, &text, &from, &note, ctx.now)?;
                    println!("key {} valid from {} for {}", k.fingerprint, k.valid_from, k.plant_code);
                }
                (None, None) => {
                    for k in registry::keys(s.conn(), Some(&code))? {
                        println!(
                            "{}\t{} – {}\t{}",
                            k.fingerprint,
                            k.valid_from,
                            k.valid_until.unwrap_or_else(|| "open".into()),
                            k.note
                        );
                    }
                }
                _ => return Err(Error::invalid("pem", ehs_ledger::msg::cli::rotation_needs_both_pem())),
            }
        }
        Cmd::Import { paths, json } => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let r = import::import_paths(&mut s, &a, &paths, ctx.now, &mut |_, _| true)?;
            if json {
                print::json(&r)?;
            } else {
                println!(
                    "{} item(s): {} accepted, {} duplicate, {} rejected, {} not a packet; {} other file(s) not read",
                    r.items, r.accepted, r.duplicates, r.rejected, r.not_packets, r.ignored_files
                );
                for i in r
                    .results
                    .iter()
                    .filter(|i| matches!(i.outcome, import::ImportOutcome::Rejected | import::ImportOutcome::NotPacket))
                {
                    println!("  {}\t{}\t{}", i.outcome.as_str(), i.name, i.reason);
                }
            }
            if r.rejected > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Fetch { retry_rejected, json } => {
            let s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let path = s.path().to_path_buf();
            drop(s);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Internal(format!("runtime: {e}")))?;
            let secrets = ehs_ledger_net::secrets::SecretStore::os();
            let r =
                rt.block_on(ehs_ledger_net::hq_fetch::fetch_with_settings(&path, &secrets, Some(a), retry_rejected))?;
            if json {
                print::json(&r)?;
            } else {
                println!(
                    "{} message(s): {} packet(s) stored, {} duplicate, {} refused, {} not a packet (left in the mailbox), {} skipped as listed before, {} to retry, {} too large",
                    r.messages, r.accepted, r.duplicates, r.rejected, r.not_packets, r.skipped_known, r.retried, r.too_large
                );
            }
            if r.rejected > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::Grid { year, segment, only, json } => {
            let s = open_hq(ctx)?;
            let g =
                grid::grid(s.conn(), &GridQuery { year, segment_code: segment, only, offset: 0, limit: 0 }, ctx.now)?;
            if json {
                print::json(&g)?;
            } else {
                let c = &g.counts;
                println!(
                    "{year}: {} plant(s); expected {}, received {}, due {}, missing {}, late {}, restated {}, returned {}, accepted {}, anchor broken {}",
                    g.plants_total, c.expected, c.received, c.due, c.missing, c.late, c.restated, c.returned, c.accepted, c.anchor_broken
                );
                println!("legend: + received · L late · r restated · A accepted · a restated after accept · R returned · x missing · … due · ! anchor broken");
                for r in &g.rows {
                    let marks: String = r.cells.iter().map(mark).collect();
                    println!("{:<10} {:<8} {marks}", r.plant_code, r.segment_code);
                }
                for r in &g.rows {
                    for c in r.cells.iter().filter(|c| c.anchor_broken.is_some()) {
                        let b = c.anchor_broken.as_ref().expect("filtered");
                        println!(
                            "anchor broken: {} {} r{}: seq {} was {} and is now {}",
                            r.plant_code, b.in_week, b.in_revision, b.seq, b.held_hash, b.now_hash
                        );
                    }
                }
            }
        }
        Cmd::Week { plant, week, json } => {
            let s = open_hq(ctx)?;
            let h = review::history(s.conn(), &plant, &week)?;
            if json {
                print::json(&h)?;
            } else {
                for r in &h.revisions {
                    println!(
                        "r{}{}\tsigned {}\treceived {}\tbody {}…\tkey {}{}",
                        r.revision,
                        if r.counted { " (counted)" } else { "" },
                        r.generated_at,
                        r.received_at,
                        &r.body_sha256[..12],
                        r.key_fingerprint,
                        r.reason.as_ref().map(|x| format!("\treason: {x}")).unwrap_or_default()
                    );
                }
                for d in &h.decisions {
                    println!("{}\t{} r{}\tby {}\t{}", d.at, d.action, d.revision, d.by, d.comment);
                }
            }
        }
        Cmd::Accept { plant, week, comment } => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let d = review::accept(&mut s, &a, &plant, &week, &comment, ctx.now)?;
            println!("{plant} {week} revision {} accepted", d.revision);
        }
        Cmd::Return { plant, week, comment, out } => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let r = review::return_week(&mut s, &a, &plant, &week, &comment, ctx.now)?;
            println!("{plant} {week} revision {} returned", r.decision.revision);
            match &r.outbox_id {
                Some(id) => println!(
                    "queued in the outbox to the plant's e-mail (item {id}; `ehs-ledger sync send` delivers it)"
                ),
                None => println!("not mailed: the plant has no e-mail address in the registry; hand over the file"),
            }
            if let Some(dir) = out {
                let path = dir.join(&r.file_name);
                files::write_atomic(&path, &r.message)?;
                println!("signed return written to {}", path.display());
            }
        }
        Cmd::Reopen { plant, week, reason } => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let d = review::reopen(&mut s, &a, &plant, &week, &reason, ctx.now)?;
            println!("{plant} {week} revision {} reopened", d.revision);
        }
        Cmd::Revenue(RevenueCmd::Set { year, rmb_million, currency, note }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let mut f = year_facts(&s, year)?;
            f.revenue_rmb_million = Some(rmb_million);
            f.revenue_currency = currency;
            f.revenue_note = note;
            let f = registry::set_year(&mut s, &a, f, ctx.now)?;
            println!("{year}: revenue RMB {} million", f.revenue_rmb_million.unwrap_or_default());
        }
        Cmd::Headcount(HeadcountCmd::Set { year, fte, definition }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let mut f = year_facts(&s, year)?;
            f.headcount_fte = Some(fte);
            f.headcount_definition = definition;
            registry::set_year(&mut s, &a, f, ctx.now)?;
            println!("{year}: {fte} full-time employees");
        }
        Cmd::History(HistoryCmd::Import { file }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let r = registry::import_history(&mut s, &a, &file, ctx.now)?;
            println!("{} historical figure(s) imported", r.rows);
        }
        Cmd::History(HistoryCmd::Set { year, indicator, segment, value, source }) => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let h = registry::set_history(&mut s, &a, year, &indicator, segment.as_deref(), &value, &source, ctx.now)?;
            println!("{} {} {}: {}", h.year, h.indicator, h.segment_code.unwrap_or_else(|| "group".into()), h.value);
        }
        Cmd::History(HistoryCmd::List { year }) => {
            let s = open_hq(ctx)?;
            for h in registry::history(s.conn(), year)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    h.year,
                    h.indicator,
                    h.segment_code.unwrap_or_else(|| "group".into()),
                    h.value,
                    h.source
                );
            }
        }
        Cmd::Appendix { year, view, lang, json, xlsx, pdf, drill, segment } => {
            let s = open_hq(ctx)?;
            if let Some(key) = drill {
                let rows = appendix::drill(s.conn(), year, &key, segment.as_deref())?;
                if json {
                    print::json(&rows)?;
                } else {
                    for r in &rows {
                        println!(
                            "{}\t{}\t{}\t{}\tr{}{}\t{}",
                            r.plant_code,
                            r.segment_code,
                            r.week,
                            r.month,
                            r.revision,
                            if r.accepted { " accepted" } else { "" },
                            r.text
                        );
                    }
                    println!("{} part(s)", rows.len());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let ap = appendix::compute(s.conn(), year, view)?;
            if let Some(path) = &xlsx {
                files::write_atomic(path, &appendix::xlsx(s.conn(), &ap, lang)?)?;
                println!("appendix written to {}", path.display());
            }
            if let Some(path) = &pdf {
                files::write_atomic(path, &appendix::pdf(s.conn(), &ap, lang)?)?;
                println!("appendix written to {}", path.display());
            }
            if json {
                print::json(&ap)?;
            } else if xlsx.is_none() && pdf.is_none() {
                let segs: Vec<String> = ap.segments.iter().map(|x| x.code.clone()).collect();
                println!("{} {} — group | {} | {} | {}", ap.group, ap.year, segs.join(" | "), ap.year - 1, ap.year - 2);
                for r in &ap.rows {
                    let cols: Vec<&str> = r.segments.iter().map(|f| f.text.as_str()).collect();
                    let prior: Vec<&str> = r.prior.iter().map(|f| f.text.as_str()).collect();
                    println!(
                        "{} ({}) [{}]: {} | {} | {}",
                        r.label_en,
                        r.unit,
                        r.disclosure,
                        r.group.text,
                        cols.join(" | "),
                        prior.join(" | ")
                    );
                }
                for i in &ap.intensities {
                    println!("{} ({}): {}", i.label_en, i.unit, i.values.join(" | "));
                }
                for n in &ap.notes_en {
                    println!("note: {n}");
                }
            }
        }
        Cmd::Safety { year, lang, json, xlsx, pdf } => {
            let s = open_hq(ctx)?;
            let sv = safety::compute(s.conn(), year)?;
            if let Some(path) = &xlsx {
                files::write_atomic(path, &safety::xlsx(&sv, lang)?)?;
                println!("safety view written to {}", path.display());
            }
            if let Some(path) = &pdf {
                files::write_atomic(path, &safety::pdf(&sv, lang)?)?;
                println!("safety view written to {}", path.display());
            }
            if json {
                print::json(&sv)?;
            } else if xlsx.is_none() && pdf.is_none() {
                let segs: Vec<String> = sv.segments.iter().map(|x| x.code.clone()).collect();
                println!("{} {} — group | {} | {} | {}", sv.group, sv.year, segs.join(" | "), sv.year - 1, sv.year - 2);
                for r in &sv.rows {
                    let cols: Vec<&str> = r.segments.iter().map(|f| f.text.as_str()).collect();
                    let prior: Vec<&str> = r.prior.iter().map(|f| f.text.as_str()).collect();
                    println!(
                        "{} [{}]: {} | {} | {}",
                        r.label_en,
                        r.aggregation,
                        r.group.text,
                        cols.join(" | "),
                        prior.join(" | ")
                    );
                    if r.key == "hazards_closed_on_time" {
                        let rate = &sv.rate;
                        let cols: Vec<&str> = rate.segments.iter().map(|f| f.text.as_str()).collect();
                        let prior: Vec<&str> = rate.prior.iter().map(|f| f.text.as_str()).collect();
                        println!(
                            "{} (%) [ratio of sums]: {} | {} | {}",
                            rate.label_en,
                            rate.group.text,
                            cols.join(" | "),
                            prior.join(" | ")
                        );
                    }
                }
                println!("definition: {}", sv.rate.definition_en);
                println!("plants reporting hazard figures: {} of {}", sv.reporting.reporting, sv.reporting.plants);
                for n in &sv.notes_en {
                    println!("note: {n}");
                }
            }
        }
        Cmd::Settings { set } => {
            let mut s = open_hq(ctx)?;
            if set.is_empty() {
                for x in settings::all(s.conn())? {
                    println!("{}={}\t# {}", x.key, x.value, x.help);
                }
            } else {
                let a = ctx.actor(&s)?;
                for kv in set {
                    let (k, v) = kv
                        .split_once('=')
                        .ok_or_else(|| Error::invalid("set", ehs_ledger::msg::cli::not_key_value(&kv)))?;
                    let x = settings::set(&mut s, &a, k, v, ctx.now)?;
                    println!("{}={}", x.key, x.value);
                }
            }
        }
        Cmd::Log { run, limit } => {
            let s = open_hq(ctx)?;
            match run {
                Some(id) => {
                    for i in import::run_items(s.conn(), &id)? {
                        println!("{}\t{}\t{}", i.outcome.as_str(), i.name, i.reason);
                    }
                }
                None => {
                    for r in import::runs(s.conn(), limit)? {
                        println!(
                            "{}\t{}\t{}\t{} item(s): {} accepted, {} duplicate, {} rejected, {} not a packet\t{}",
                            r.id,
                            r.at,
                            r.source.as_str(),
                            r.items,
                            r.accepted,
                            r.duplicates,
                            r.rejected,
                            r.not_packets,
                            r.label
                        );
                    }
                }
            }
        }
        Cmd::Check => {
            let s = open_hq(ctx)?;
            let c = store::check(s.conn())?;
            match c.first_difference {
                None => println!(
                    "caches proved: {} plant-week(s), {} plant-year(s)",
                    c.weeks_checked, c.plant_years_checked
                ),
                Some(d) => {
                    println!("DIFFERENCE: {d}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Cmd::Outbox { json } => {
            let s = open_hq(ctx)?;
            let st = ehs_ledger::sync::outbox::status(s.conn(), ctx.now)?;
            if json {
                crate::print::json(&st)?;
            } else {
                super::sync::show_status(&st);
            }
        }
        Cmd::Send { json } => {
            drop(open_hq(ctx)?);
            return super::sync::send(ctx, json);
        }
        Cmd::Retry { item } => {
            let mut s = open_hq(ctx)?;
            let a = ctx.actor(&s)?;
            let st = ehs_ledger::sync::outbox::retry(&mut s, &a, &item, ctx.now)?;
            println!("{} {} will be tried again at the next send", st.id, st.week.as_deref().unwrap_or(""));
        }
        Cmd::SmtpPassword => {
            drop(open_hq(ctx)?);
            return super::sync::smtp_password(ctx);
        }
        Cmd::Key => {
            let mut s = open_hq(ctx)?;
            let (fp, pem) = review::hq_public_pem(&mut s, ctx.now)?;
            eprintln!("HQ key {fp}");
            print!("{pem}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
