//! The `ehs-ledger` CLI: argument parsing and output only. Every command calls the same core
//! functions as the desktop app. Errors go to stderr with a non-zero exit; a refused command
//! writes nothing.
//!
//! Writes are attributed to `--user NAME` (or `EHS_LEDGER_USER`), by default the first admin.
//! The CLI runs with the trust of whoever can open the database file, so it does not ask for a
//! password; the desktop app always does.
//!
//! This file parses and dispatches; each area's commands are in `cmd/<area>.rs`, the shared
//! context (store, acting user, today) in `ctx.rs`, the shared output in `print.rs`.

use chrono::Utc;
use clap::{Parser, Subcommand};
use ctx::Ctx;
use ehs_ledger::{AppError, Error};
use std::path::PathBuf;
use std::process::ExitCode;

mod cmd;
mod ctx;
mod print;

#[derive(Parser)]
#[command(name = "ehs-ledger", version, about = "EHS Ledger: the plant's offline EHS records (CLI)")]
struct Cli {
    /// Database file (default: the per-user app-data directory; env EHS_LEDGER_DB)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// User the writes are attributed to (default: the first admin)
    #[arg(long, visible_alias = "as", global = true, env = "EHS_LEDGER_USER", value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

// The areas, in the order `--help` lists them. An area that owns several top-level commands is
// flattened in (plant: init, plant, user; docs: export, import; settings: settings, calendar;
// bench: demo, bench). No doc comment here: clap would take it as the CLI's about text.
#[derive(Subcommand)]
enum Cmd {
    #[command(flatten)]
    Plant(cmd::plant::Cmd),
    /// Hazardous-waste ledger
    #[command(subcommand)]
    Waste(cmd::waste::Cmd),
    /// General industrial solid waste (一般工业固体废物) and GRI 306 figures
    #[command(subcommand)]
    Solid(cmd::solid::Cmd),
    /// VOCs (挥发性有机物): sources, material ledger, stack tests, emissions by both methods
    #[command(subcommand)]
    Voc(cmd::voc::Cmd),
    #[command(flatten)]
    Water(cmd::water::Cmd),
    /// Hidden hazards (隐患) and the rectification loop; KPIs
    #[command(subcommand)]
    Hazard(cmd::hazard::Cmd),
    /// Inspections (隐患排查): checklists, schedules, rounds due, rounds with their findings, the record PDF
    #[command(subcommand)]
    Inspection(cmd::inspection::Cmd),
    #[command(flatten)]
    Docs(cmd::docs::Cmd),
    /// Receivers (接受人) and transporters (承运人) with their licences
    #[command(subcommand)]
    Receiver(cmd::receiver::Cmd),
    #[command(flatten)]
    Settings(cmd::settings::Cmd),
    /// Audit trail
    #[command(subcommand)]
    Audit(cmd::audit::Cmd),
    /// Backups of the plant database: back up now, list and verify copies, restore from one
    #[command(subcommand)]
    Backup(cmd::backup::Cmd),
    /// Weekly packets to HQ: preview a week, the plant key, signing and verifying
    #[command(subcommand)]
    Sync(cmd::sync::Cmd),
    /// Notices (reminders, escalations) by e-mail and WeCom / DingTalk group robot, through the outbox
    #[command(subcommand)]
    Notify(cmd::notify::Cmd),
    /// The plant's weekly and monthly management report (PDF, zh/en)
    #[command(subcommand)]
    Report(cmd::report::Cmd),
    /// HQ mode: registry, packet import, review grid, KPI appendix (on an HQ database)
    #[command(subcommand)]
    Hq(cmd::hq::Cmd),
    #[command(flatten)]
    Bench(cmd::bench::Cmd),
}

fn main() -> ExitCode {
    // `ehs-ledger … | head` closes the pipe early: end quietly, as Unix tools do, instead of
    // panicking in println! (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let ctx = Ctx { db: cli.db, user: cli.user, now: Utc::now() };
    match run(&ctx, cli.cmd) {
        Ok(code) => code,
        Err(e) => {
            // Through AppError: the message is capped, so a long input is never echoed in full.
            match e.field() {
                Some(f) => eprintln!("error: {f}: {}", AppError::from(e).message),
                None => eprintln!("error: {}", AppError::from(e).message),
            }
            ExitCode::from(2)
        }
    }
}

fn run(ctx: &Ctx, area: Cmd) -> Result<ExitCode, Error> {
    match area {
        Cmd::Plant(c) => cmd::plant::run(ctx, c),
        Cmd::Waste(c) => cmd::waste::run(ctx, c),
        Cmd::Solid(c) => cmd::solid::run(ctx, c),
        Cmd::Water(c) => cmd::water::run(ctx, c),
        Cmd::Voc(c) => cmd::voc::run(ctx, c),
        Cmd::Hazard(c) => cmd::hazard::run(ctx, c),
        Cmd::Inspection(c) => cmd::inspection::run(ctx, c),
        Cmd::Docs(c) => cmd::docs::run(ctx, c),
        Cmd::Receiver(c) => cmd::receiver::run(ctx, c),
        Cmd::Settings(c) => cmd::settings::run(ctx, c),
        Cmd::Audit(c) => cmd::audit::run(ctx, c),
        Cmd::Backup(c) => cmd::backup::run(ctx, c),
        Cmd::Sync(c) => cmd::sync::run(ctx, c),
        Cmd::Notify(c) => cmd::notify::run(ctx, c),
        Cmd::Report(c) => cmd::report::run(ctx, c),
        Cmd::Hq(c) => cmd::hq::run(ctx, c),
        Cmd::Bench(c) => cmd::bench::run(ctx, c),
    }
}
