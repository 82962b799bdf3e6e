//! `demo` and `bench`: a demo plant in an empty database, and the benchmarks (BENCHMARKS.md).

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::{bench, demo, Error};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Seed a realistic demo plant (a few months of entries) into an empty database
    Demo {
        #[arg(long, default_value_t = 4)]
        months: u32,
    },
    /// Benchmarks (see BENCHMARKS.md)
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Subcommand)]
pub enum BenchCmd {
    /// Write N plant databases × Y years of entries into DIR
    Generate(GenerateArgs),
    /// Month's ledger export: N entries in one month to xlsx, M entries to PDF, in a fresh file
    Export(ExportArgs),
    /// Storage balances and the oldest-container query over N movements, in a fresh file
    Storage {
        #[arg(long, default_value_t = 1_000_000)]
        movements: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Insert rate (core vs bare) and ledger first page over a large table, in a fresh file
    Run(RunArgs),
    /// `audit verify` over N audited entries: chain, records, caches and the start-up check
    Verify(VerifyArgs),
    /// The weekly packet: plants with 1 year and N years of history, the last week summarised,
    /// checked against the four before it and signed (fresh files in DIR)
    Sync(SyncArgs),
    /// The outbox: a 1-year plant's last N weeks built with `sync::build`, then drained in one go
    /// to an SMTP server on 127.0.0.1 (start one first, e.g. net/tests/support/smtp_server.py)
    Outbox(OutboxArgs),
    /// Wastewater: a year of minute data imported from CSV and from an HJ 212 log against a bare
    /// insert and sqlite3's .import; monthly loads over ten years; a year's chart series
    Water {
        #[arg(long)]
        out: PathBuf,
    },
    /// Hazards: N hazards over three years; the KPIs, the board's first page, my tasks and the
    /// whole list over them; the real register + assign rate (a fresh file in DIR)
    Hazards {
        #[arg(long, default_value_t = 100_000)]
        hazards: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// The crash workload: a seeded mix of real writes (generation entries, voids, put-aways,
    /// shipments, receipts, notices and delivery attempts), each its own transaction, with one
    /// line per committed write on stdout (flushed), for the kill test (cli/tests/crash_kill.rs)
    Workload {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Writes after the set-up
        #[arg(long, default_value_t = 200)]
        ops: u64,
        /// Checkpoint the write-ahead log every N pages (SQLite's default: 1000)
        #[arg(long, value_name = "PAGES")]
        wal_autocheckpoint: Option<u32>,
    },
    /// HQ: N plants × W signed weekly packets imported and verified (one by one vs every core),
    /// the appendix and the grid's first page over them (fresh files in DIR)
    Hq {
        #[arg(long, default_value_t = 1000)]
        plants: u32,
        #[arg(long, default_value_t = 52)]
        weeks: u32,
        #[arg(long, default_value_t = 2025)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct OutboxArgs {
    /// Weeks to build and send (oldest first)
    #[arg(long, default_value_t = 52)]
    weeks: u32,
    /// Hazardous-waste containers generated a week
    #[arg(long, default_value_t = 100)]
    per_week: u32,
    /// The port of the SMTP server on 127.0.0.1 (plain SMTP, no account)
    #[arg(long)]
    smtp_port: u16,
    /// A new directory for the plant file
    #[arg(long)]
    out: PathBuf,
}

/// `bench outbox`: what was built and how long the drain took.
#[derive(serde::Serialize)]
struct OutboxBench {
    history: bench::HistoryCounts,
    builds: bench::BuildWeeksReport,
    drain_ms: f64,
    sent: usize,
    failed: usize,
    per_mail_ms: f64,
    /// A second drain right after: nothing is left to send (exactly once).
    second_drain_sent: usize,
}

#[derive(Args)]
pub struct SyncArgs {
    /// The longer history, in years (a 1-year plant is always built beside it)
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Hazardous-waste containers generated a week
    #[arg(long, default_value_t = 100)]
    per_week: u32,
    /// Runs per measure (the median and p95 are reported)
    #[arg(long, default_value_t = 21)]
    runs: usize,
    /// A new directory for the plant files
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Newest audit rows (and rows per table) the start-up check covers
    #[arg(long, default_value_t = ehs_ledger::audit::STARTUP_RECENT)]
    recent: u32,
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// The bench database: built if it does not exist, else measured as it is
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 1)]
    plants: u32,
    #[arg(long, default_value_t = 3)]
    years: u32,
    #[arg(long, default_value_t = 10_000)]
    per_year: u64,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, default_value_t = 10_000)]
    month_rows: u64,
    #[arg(long, default_value_t = 1_000)]
    pdf_rows: u64,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct RunArgs {
    #[arg(long, default_value_t = 2_000)]
    inserts: u64,
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Where to build the bench database (must not exist)
    #[arg(long)]
    out: PathBuf,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        Cmd::Demo { months } => {
            let path = ehs_ledger::db::resolve_db_path(ctx.db.as_deref())?;
            let s = demo::seed_file(&path, now, months)?;
            println!(
                "demo plant {} in {}: {} streams, {} entries ({} voided), {} containers stored, {} shipped under {} manifests ({} confirmed), {} solid-waste records",
                s.plant_code,
                path.display(),
                s.streams,
                s.entries,
                s.voided,
                s.stored,
                s.taken_out,
                s.shipments,
                s.confirmed,
                s.solid_records
            );
            println!(
                "sign in as {} / {} (admin) or {} / {} (EHS officer)",
                demo::DEMO_ADMIN.0,
                demo::DEMO_ADMIN.1,
                demo::DEMO_OFFICER.0,
                demo::DEMO_OFFICER.1
            );
        }
        Cmd::Bench(BenchCmd::Generate(a)) => {
            let t = std::time::Instant::now();
            let files = bench::generate(&a.out, a.plants, a.years, a.per_year, now)?;
            println!(
                "{} databases, {} entries each, in {:.1} s",
                files.len(),
                a.per_year * u64::from(a.years),
                t.elapsed().as_secs_f64()
            );
        }
        Cmd::Bench(BenchCmd::Export(a)) => {
            fresh(&a.out)?;
            print::json(&bench::run_export(&a.out, a.month_rows, a.pdf_rows, now)?)?;
        }
        Cmd::Bench(BenchCmd::Storage { movements, out }) => {
            fresh(&out)?;
            print::json(&bench::run_storage(&out, movements, now)?)?;
        }
        Cmd::Bench(BenchCmd::Verify(a)) => {
            print::json(&bench::run_verify(&a.out, a.entries, a.recent, a.runs, now)?)?;
        }
        Cmd::Bench(BenchCmd::Water { out }) => {
            print::json(&bench::run_water(&out, ctx.now)?)?;
        }
        Cmd::Bench(BenchCmd::Hazards { hazards, out }) => {
            if hazards < 1 {
                return Err(Error::invalid("hazards", ehs_ledger::msg::cli::hazards_must_least_1()));
            }
            print::json(&bench::run_hazards(&out, hazards, ctx.now)?)?;
        }
        Cmd::Bench(BenchCmd::Workload { seed, ops, wal_autocheckpoint }) => {
            use std::io::Write;
            let mut store = ctx.open()?;
            store.require_kind(ehs_ledger::db::DbKind::Plant)?;
            let actor = ctx.actor(&store)?;
            let out = std::io::stdout();
            // One line per committed write, flushed before the next write begins: a line the
            // reader got is a write that is in the file.
            let mut ack = |a: &bench::workload::Ack| -> Result<(), Error> {
                let mut o = out.lock();
                writeln!(o, "{a}")?;
                o.flush()?;
                Ok(())
            };
            let opts = bench::workload::WorkloadOptions { seed, ops, wal_autocheckpoint };
            bench::workload::run_workload(&mut store, &actor, opts, &mut chrono::Utc::now, &mut ack)?;
        }
        Cmd::Bench(BenchCmd::Hq { plants, weeks, year, out }) => {
            print::json(&bench::run_hq(&out, plants, weeks, year, ctx.now)?)?;
        }
        Cmd::Bench(BenchCmd::Sync(a)) => {
            fresh(&a.out)?;
            if a.years < 1 || a.runs < 1 || a.per_week < 1 {
                return Err(Error::invalid("years", ehs_ledger::msg::cli::years_per_week_runs()));
            }
            let years: Vec<u32> = if a.years == 1 { vec![1] } else { vec![1, a.years] };
            print::json(&bench::run_sync(&a.out, &years, a.per_week, a.runs, now)?)?;
        }
        Cmd::Bench(BenchCmd::Outbox(a)) => {
            fresh(&a.out)?;
            if a.weeks < 1 || a.weeks > 520 || a.per_week < 1 {
                return Err(Error::invalid("weeks", ehs_ledger::msg::cli::weeks_must_1_520()));
            }
            print::json(&outbox_bench(&a, now)?)?;
        }
        Cmd::Bench(BenchCmd::Run(a)) => {
            fresh(&a.out)?;
            print::json(&bench::run(&a.out, a.inserts, a.entries, now)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn outbox_bench(a: &OutboxArgs, now: chrono::DateTime<chrono::Utc>) -> Result<OutboxBench, Error> {
    use ehs_ledger::sync::outbox::Outcome;
    use ehs_ledger_net::{outbox::drain_once, secrets::SecretStore};
    std::fs::create_dir_all(&a.out).map_err(|e| Error::invalid("out", ehs_ledger::msg::common::io(&e)))?;
    let path = a.out.join("outbox.sqlite3");
    let history = bench::history(&path, a.weeks.div_ceil(52), a.per_week, now)?;
    let builds = bench::build_weeks(&path, a.weeks, now)?;
    {
        let mut store = ehs_ledger::Store::open(&path)?;
        let admin = ehs_ledger::plant::users::session_for(store.conn(), "admin")?;
        let port = a.smtp_port.to_string();
        let pairs = [
            ("smtp_host", "127.0.0.1"),
            ("smtp_port", port.as_str()),
            ("smtp_security", "none"),
            ("smtp_from", "bench@plant.example.cn"),
            ("sync_hq_address", "esg@hq.example.cn"),
        ];
        ehs_ledger::plant::settings::set_many(&mut store, &admin, &pairs, now)?;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("runtime: {e}")))?;
    let secrets = std::sync::Arc::new(SecretStore::with_keyring(None));
    let t = std::time::Instant::now();
    let done = rt.block_on(drain_once(&path, secrets.clone(), chrono::Utc::now, true))?;
    let drain_ms = t.elapsed().as_secs_f64() * 1e3;
    let sent = done.iter().filter(|d| matches!(d.outcome, Outcome::Sent { .. })).count();
    let again = rt.block_on(drain_once(&path, secrets, chrono::Utc::now, true))?;
    Ok(OutboxBench {
        history,
        builds,
        drain_ms,
        sent,
        failed: done.len() - sent,
        per_mail_ms: drain_ms / done.len().max(1) as f64,
        second_drain_sent: again.len(),
    })
}

/// The benchmarks build their database in a new file, never over an existing one.
fn fresh(out: &Path) -> Result<(), Error> {
    if out.exists() {
        return Err(Error::invalid("out", ehs_ledger::msg::cli::exists_give_new_file(&out.display())));
    }
    Ok(())
}
