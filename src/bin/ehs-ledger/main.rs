//! The `ehs-ledger` CLI: argument parsing and output only. Every command calls the same core
//! functions as the desktop app. Errors go to stderr with a non-zero exit; a refused command
//! writes nothing.
//!
//! Writes are attributed to `--user NAME` (or `EHS_LEDGER_USER`), by default the first admin.
//! The CLI runs with the trust of whoever can open the database file, so it does not ask for a
//! password; the desktop app always does.

use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use ehs_ledger::plant::{self, users, Headcount, Jurisdiction, Role, Session, SetupInput};
use ehs_ledger::units::split_unit;
use ehs_ledger::waste::generation::{self, GenerationInput, LedgerQuery, LedgerSort, VoidInput};
use ehs_ledger::waste::{catalogue, category, export, receiver, shipment, storage, stream};
use ehs_ledger::{audit, bench, db, demo, Error, Store};
use std::path::PathBuf;
use std::process::ExitCode;

mod shipping;
mod solid;

#[derive(Parser)]
#[command(name = "ehs-ledger", version, about = "EHS Ledger: the plant's offline EHS records (CLI)")]
struct Cli {
    /// Database file (default: the per-user app-data directory; env EHS_LEDGER_DB)
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// User the writes are attributed to (default: the first admin)
    #[arg(long, global = true, env = "EHS_LEDGER_USER", value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Set up the plant and its first admin in a new database
    Init(InitArgs),
    /// Plant information and headcount
    #[command(subcommand)]
    Plant(PlantCmd),
    /// Users
    #[command(subcommand)]
    User(UserCmd),
    /// Hazardous-waste ledger
    #[command(subcommand)]
    Waste(WasteCmd),
    /// General industrial solid waste (一般工业固体废物) and GRI 306 figures
    #[command(subcommand)]
    Solid(solid::SolidCmd),
    /// Documents: monthly ledgers (xlsx/PDF), manifest PDF, labels PDF; import of historical ledgers
    #[command(subcommand)]
    Export(solid::ExportCmd),
    /// Import a historical generation ledger (CSV UTF-8 or xlsx): checks every row and writes
    /// nothing unless --commit; with --commit all rows or none (exit 1 listing bad rows)
    Import {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        commit: bool,
        #[arg(long)]
        json: bool,
    },
    /// Receivers (接受人) and transporters (承运人) with their licences
    #[command(subcommand)]
    Receiver(shipping::ReceiverCmd),
    /// Plant settings (USCC, tolerances, alert lead times)
    #[command(subcommand)]
    Settings(shipping::SettingsCmd),
    /// Working-day calendar: public holidays and make-up working days
    #[command(subcommand)]
    Calendar(shipping::CalendarCmd),
    /// Audit trail
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Seed a realistic demo plant (a few months of entries) into an empty database
    Demo {
        #[arg(long, default_value_t = 4)]
        months: u32,
    },
    /// Benchmarks (see BENCHMARKS.md)
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Args)]
struct InitArgs {
    #[arg(long)]
    plant_code: String,
    #[arg(long)]
    plant_name: String,
    #[arg(long, default_value = "")]
    segment: String,
    #[arg(long, default_value = "CN")]
    jurisdiction: String,
    #[arg(long, default_value = "Asia/Shanghai")]
    timezone: String,
    #[arg(long, default_value = "admin")]
    admin_user: String,
    /// Admin password (or env EHS_LEDGER_ADMIN_PASSWORD); a random one is printed if absent
    #[arg(long, env = "EHS_LEDGER_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
}

#[derive(Subcommand)]
enum PlantCmd {
    /// Show the plant
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set the full-time and total headcount of a calendar year
    Headcount {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        full_time: i64,
        #[arg(long)]
        total: i64,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Add a user (admins only)
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "")]
        display_name: String,
        /// admin, ehs_officer, inspector, plant_manager, hq_analyst
        #[arg(long)]
        role: String,
        /// Password (≥ 8 chars) or PIN (6–12 digits); or env EHS_LEDGER_NEW_PASSWORD
        #[arg(long, env = "EHS_LEDGER_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List active users
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum WasteCmd {
    /// Record a generation entry (HJ 1259-2022 B.1)
    Add {
        /// Catalogue code NNN-NNN-NN (or give --stream)
        #[arg(long)]
        code: Option<String>,
        /// Waste stream name
        #[arg(long)]
        stream: Option<String>,
        /// Mass with unit: 800kg, 1.25t
        #[arg(long)]
        quantity: String,
        #[arg(long)]
        container: String,
        #[arg(long)]
        area: String,
        /// Plant-local generation time YYYY-MM-DDTHH:MM (default now)
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List generation entries
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        stream: Option<String>,
        #[arg(long)]
        include_voided: bool,
        #[arg(long, default_value_t = 0)]
        page: u32,
        #[arg(long, default_value_t = 100)]
        page_size: u32,
    },
    /// Void an entry with a reason
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// The HW catalogue loaded in this app
    Codes {
        #[arg(long, default_value = "2025")]
        edition: String,
        #[arg(long)]
        json: bool,
    },
    /// Waste streams
    #[command(subcommand)]
    Stream(StreamCmd),
    /// Storage facilities (贮存设施)
    #[command(subcommand)]
    Facility(FacilityCmd),
    /// Put a generated container into storage (入库, HJ 1259 B.2)
    Store {
        #[arg(long)]
        container: String,
        /// Facility code
        #[arg(long)]
        facility: String,
        /// 产生批次编码 of the container's generation entry (default: its newest)
        #[arg(long)]
        batch: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take a container (or part of it) out of storage (出库, HJ 1259 B.3)
    TakeOut {
        #[arg(long)]
        container: String,
        #[arg(long)]
        facility: String,
        /// Mass with unit (800kg, 0.5t); default the whole remaining stock
        #[arg(long)]
        quantity: Option<String>,
        /// Where it goes (B.3 去向), e.g. 厂内预处理车间; shipments use `waste ship`, own use `waste treat`
        #[arg(long)]
        destination: String,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Reverse a storage movement with a reason
    Reverse {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Stock per facility and code, at the end of a plant-local day (default: now)
    Balance {
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One ledger table for a period, optionally one code: b1 … b5 (HJ 1259-2022 Appendix B),
    /// summary, solid
    Table {
        #[arg(long)]
        table: String,
        /// YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// YYYY-MM-DD (included)
        #[arg(long)]
        to: String,
        /// Only this waste code (HW code, or NNN-NNN-Sxx for `solid`)
        #[arg(long)]
        code: Option<String>,
        /// Rows to print (the footer's totals always cover every row)
        #[arg(long, default_value_t = 2000)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Ship containers to a licensed receiver under a transfer manifest (出库 B.3 + 委外 B.5)
    Ship {
        /// Manifest number from the national system (14 digits)
        #[arg(long)]
        manifest: String,
        /// Receiver name or id
        #[arg(long)]
        receiver: String,
        #[arg(long)]
        transporter: Option<String>,
        /// Vehicle plate
        #[arg(long)]
        vehicle: Option<String>,
        /// in_province | cross_province | export
        #[arg(long)]
        transfer_type: Option<String>,
        /// utilisation | disposal
        #[arg(long, default_value = "disposal")]
        purpose: String,
        /// 利用/处置方式 code (R2, D10, …)
        #[arg(long)]
        method: String,
        /// Container ids (repeat or comma-separate); each ships whole from where it is stocked
        #[arg(long = "container", required = true)]
        containers: Vec<String>,
        /// Weights are estimates, not weighed at dispatch (wider tolerance)
        #[arg(long)]
        estimated: bool,
        #[arg(long)]
        at: Option<String>,
        /// Admin only: ship despite a licence refusal, with this written reason
        #[arg(long = "override")]
        override_reason: Option<String>,
        /// Check and show what would be shipped; write nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Own utilisation/disposal of a stocked container (出库 B.3 + 自行利用/处置 B.4)
    Treat {
        #[arg(long)]
        container: String,
        /// utilisation | disposal
        #[arg(long)]
        purpose: String,
        /// 自行利用/处置设施编码
        #[arg(long)]
        facility: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        at: Option<String>,
        /// 自行利用/处置完毕时间 YYYY-MM-DD
        #[arg(long)]
        finished_on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record the receiver's confirmation of a manifest (received weights)
    Confirm {
        /// Manifest number or shipment id
        #[arg(long)]
        manifest: String,
        /// YYYY-MM-DD the load arrived
        #[arg(long)]
        received_on: String,
        #[arg(long)]
        confirmed_on: Option<String>,
        /// CONTAINER=MASS, e.g. D-001=498.5kg (repeat)
        #[arg(long = "weight")]
        weights: Vec<String>,
        /// Every line not given with --weight was received as shipped
        #[arg(long)]
        as_shipped: bool,
        /// The receiver rejected the load
        #[arg(long)]
        rejected: bool,
        #[arg(long)]
        method: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Management category (重点/简化/登记) from the last three years and the filings due soon
    Category {
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Shipments (manifests), newest first
    Shipments {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        include_voided: bool,
        #[arg(long)]
        json: bool,
    },
    /// One shipment with its lines and the chain back to generation
    Shipment {
        /// Manifest number or id
        manifest: String,
        #[arg(long)]
        json: bool,
    },
    /// Void an unconfirmed shipment (its take-outs are reversed)
    VoidShipment {
        #[arg(long)]
        manifest: String,
        #[arg(long)]
        reason: String,
    },
    /// Alerts: storage (age, unknown start, 贮存点 3 t, capacity), licences, pending manifests,
    /// declarations due within 15 days
    Alerts {
        /// Plant-local day to evaluate (default: today)
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum FacilityCmd {
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// store, yard, pool, tank_farm, point
        #[arg(long, default_value = "store")]
        kind: String,
        /// Permitted capacity in tonnes
        #[arg(long)]
        capacity_t: Option<String>,
        #[arg(long)]
        max_storage_days: Option<i64>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum StreamCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        code: String,
        /// solid, semi_solid, liquid, sludge, gas
        #[arg(long, default_value = "solid")]
        form: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Walk the hash chain; exit 0 when it holds, 1 naming the first broken row otherwise
    Verify,
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Write N plant databases × Y years of entries into DIR
    Generate {
        #[arg(long, default_value_t = 1)]
        plants: u32,
        #[arg(long, default_value_t = 3)]
        years: u32,
        #[arg(long, default_value_t = 10_000)]
        per_year: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Month's ledger export: N entries in one month to xlsx, M entries to PDF, in a fresh file
    Export {
        #[arg(long, default_value_t = 10_000)]
        month_rows: u64,
        #[arg(long, default_value_t = 1_000)]
        pdf_rows: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Storage balances and the oldest-container query over N movements, in a fresh file
    Storage {
        #[arg(long, default_value_t = 1_000_000)]
        movements: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Insert rate (core vs bare) and ledger first page over a large table, in a fresh file
    Run {
        #[arg(long, default_value_t = 2_000)]
        inserts: u64,
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
        /// Where to build the bench database (must not exist)
        #[arg(long)]
        out: PathBuf,
    },
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
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            match e.field() {
                Some(f) => eprintln!("error: {f}: {}", ehs_ledger::AppError::from(e).message),
                None => eprintln!("error: {e}"),
            }
            ExitCode::from(2)
        }
    }
}

fn open(cli_db: &Option<PathBuf>) -> Result<Store, Error> {
    Store::open(&db::resolve_db_path(cli_db.as_deref())?)
}

fn actor(store: &Store, user: &Option<String>) -> Result<Session, Error> {
    match user {
        Some(u) => users::session_for(store.conn(), u),
        None => users::first_admin(store.conn()),
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), Error> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let now = Utc::now();
    match cli.cmd {
        Cmd::Init(a) => {
            let mut store = open(&cli.db)?;
            let generated = a.admin_password.is_none();
            let password = a.admin_password.unwrap_or_else(|| ehs_ledger::new_id().replace('-', "")[16..].to_string());
            let s = plant::setup(
                &mut store,
                SetupInput {
                    plant_code: a.plant_code,
                    plant_name: a.plant_name,
                    segment: a.segment,
                    jurisdiction: Jurisdiction::parse("jurisdiction", &a.jurisdiction)?,
                    timezone: a.timezone,
                    admin_username: a.admin_user,
                    admin_display_name: String::new(),
                    admin_password: password.clone(),
                },
                now,
            )?;
            println!("plant set up in {}", store.path().display());
            if generated {
                eprintln!("admin '{}' password (shown once, change it): {password}", s.username);
            }
        }
        Cmd::Plant(PlantCmd::Show { json }) => {
            let store = open(&cli.db)?;
            let p = plant::require(store.conn())?;
            let hc = plant::headcounts(store.conn())?;
            if json {
                print_json(&serde_json::json!({ "plant": p, "headcount": hc, "db_path": store.path() }))?;
            } else {
                println!("{} {} ({}; {}; {})", p.code, p.name, p.segment, p.jurisdiction.as_str(), p.timezone);
                for h in hc {
                    println!("  {}: {} full-time / {} total", h.year, h.full_time, h.total);
                }
            }
        }
        Cmd::Plant(PlantCmd::Headcount { year, full_time, total }) => {
            let mut store = open(&cli.db)?;
            let who = actor(&store, &cli.user)?;
            plant::set_headcount(&mut store, &who, Headcount { year, full_time, total }, now)?;
        }
        Cmd::User(UserCmd::Add { username, display_name, role, password }) => {
            let mut store = open(&cli.db)?;
            let who = actor(&store, &cli.user)?;
            let role = Role::parse("role", &role)?;
            let s = users::create(
                &mut store,
                &who,
                users::NewUser { username, display_name, role, secret: password },
                now,
            )?;
            println!("{}", s.user_id);
        }
        Cmd::User(UserCmd::List { json }) => {
            let store = open(&cli.db)?;
            let list = users::list(store.conn())?;
            if json {
                print_json(&list)?;
            } else {
                for u in list {
                    println!("{:<20} {:<14} {}", u.username, u.role.as_str(), u.display_name);
                }
            }
        }
        Cmd::Waste(w) => return waste(cli.db, cli.user, w, now),
        Cmd::Receiver(c) => return shipping::receiver(cli.db, cli.user, c, now),
        Cmd::Solid(c) => return solid::solid_cmd(cli.db, cli.user, c, now),
        Cmd::Export(c) => return solid::export_cmd(cli.db, cli.user, c, now),
        Cmd::Import { file, commit, json } => {
            return solid::export_cmd(cli.db, cli.user, solid::ExportCmd::Import { file, commit, json }, now)
        }
        Cmd::Settings(c) => return shipping::settings_cmd(cli.db, cli.user, c, now),
        Cmd::Calendar(c) => return shipping::calendar_cmd(cli.db, cli.user, c, now),
        Cmd::Audit(AuditCmd::Verify) => {
            let store = open(&cli.db)?;
            let r = audit::verify(store.conn())?;
            match r.first_broken {
                None => println!(
                    "audit chain holds: {} rows, head {}",
                    r.rows_checked,
                    r.head.as_deref().unwrap_or("(empty)")
                ),
                Some(b) => {
                    eprintln!(
                        "audit chain broken at row {}: {} ({} rows before it verified)",
                        b.seq, b.reason, r.rows_checked
                    );
                    return Ok(ExitCode::from(1));
                }
            }
            if let Some(diff) = generation::check_day_totals(store.conn())? {
                eprintln!("derived totals disagree with the ledger: {diff}");
                return Ok(ExitCode::from(1));
            }
            if let Some(diff) = ehs_ledger::waste::storage::totals::check(store.conn())? {
                eprintln!("derived storage totals disagree with the movements: {diff}");
                return Ok(ExitCode::from(1));
            }
            println!("derived day totals and storage totals match the ledger");
        }
        Cmd::Demo { months } => {
            let mut store = open(&cli.db)?;
            let s = demo::seed(&mut store, now, months)?;
            println!(
                "demo plant {} in {}: {} streams, {} entries ({} voided), {} containers stored, {} shipped under {} manifests ({} confirmed), {} solid-waste records",
                s.plant_code,
                store.path().display(),
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
        Cmd::Bench(BenchCmd::Generate { plants, years, per_year, out }) => {
            let t = std::time::Instant::now();
            let files = bench::generate(&out, plants, years, per_year, now)?;
            println!(
                "{} databases, {} entries each, in {:.1} s",
                files.len(),
                per_year * u64::from(years),
                t.elapsed().as_secs_f64()
            );
        }
        Cmd::Bench(BenchCmd::Export { month_rows, pdf_rows, out }) => {
            if out.exists() {
                return Err(Error::invalid("out", format!("{} exists; give a new file", out.display())));
            }
            print_json(&bench::run_export(&out, month_rows, pdf_rows, now)?)?;
        }
        Cmd::Bench(BenchCmd::Storage { movements, out }) => {
            if out.exists() {
                return Err(Error::invalid("out", format!("{} exists; give a new file", out.display())));
            }
            print_json(&bench::run_storage(&out, movements, now)?)?;
        }
        Cmd::Bench(BenchCmd::Run { inserts, entries, out }) => {
            if out.exists() {
                return Err(Error::invalid("out", format!("{} exists; give a new file", out.display())));
            }
            let r = bench::run(&out, inserts, entries, now)?;
            print_json(&r)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn waste(
    db_path: Option<PathBuf>,
    user: Option<String>,
    cmd: WasteCmd,
    now: chrono::DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db_path)?;
    match cmd {
        WasteCmd::Add { code, stream, quantity, container, area, at, json } => {
            let who = actor(&store, &user)?;
            let (number, unit) = split_unit(&quantity).map_err(|e| Error::invalid("quantity", e.0))?;
            let stream_id =
                stream.map(|n| stream::find_by_name(store.conn(), "stream", &n).map(|s| s.id)).transpose()?;
            let e = generation::record(
                &mut store,
                &who,
                GenerationInput {
                    stream_id,
                    code,
                    quantity: number.to_string(),
                    unit,
                    container_id: container,
                    storage_area: area,
                    generated_at_local: at,
                },
                now,
            )?;
            if json {
                print_json(&e)?;
            } else {
                println!("{} {} {} kg ({})", e.batch_code, e.code, e.quantity_kg, e.id);
            }
        }
        WasteCmd::List { json, from, to, code, stream, include_voided, page, page_size } => {
            let stream_id =
                stream.map(|n| stream::find_by_name(store.conn(), "stream", &n).map(|s| s.id)).transpose()?;
            let q = LedgerQuery {
                from_date: from,
                to_date: to,
                stream_id,
                code,
                include_voided,
                sort: LedgerSort::GeneratedAtDesc,
                page,
                page_size,
            };
            let p = generation::list(store.conn(), &q)?;
            if json {
                print_json(&p)?;
            } else {
                println!("{} entries (page {}, {} per page)", p.total, p.page, p.page_size);
                for e in p.rows {
                    println!(
                        "{}  {}  {}  {}  {:>12} kg  {}  {}{}",
                        e.batch_code,
                        e.generated_at_local,
                        e.code,
                        e.category,
                        e.quantity_kg,
                        e.container_id,
                        e.storage_area,
                        if e.voided {
                            format!("  [voided: {}]", e.void_reason.unwrap_or_default())
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        WasteCmd::Void { id, reason } => {
            let who = actor(&store, &user)?;
            let e = generation::void(&mut store, &who, VoidInput { id, reason }, now)?;
            println!("voided {}", e.batch_code);
        }
        WasteCmd::Codes { edition, json } => {
            let list = catalogue::list(store.conn(), &edition)?;
            if json {
                print_json(&list)?;
            } else {
                for c in list {
                    println!("{} {} {:<8} {}", c.code, c.category, c.characteristics, c.name_zh);
                }
            }
        }
        WasteCmd::Stream(StreamCmd::Add { name, code, form }) => {
            let who = actor(&store, &user)?;
            let form = stream::PhysicalForm::parse("form", &form)?;
            let s = stream::add(&mut store, &who, stream::NewStream { name, code, physical_form: form }, now)?;
            println!("{}", s.id);
        }
        WasteCmd::Facility(FacilityCmd::Add { code, name, kind, capacity_t, max_storage_days }) => {
            let who = actor(&store, &user)?;
            let kind = storage::FacilityKind::parse("kind", &kind)?;
            let f = storage::add_facility(
                &mut store,
                &who,
                storage::NewFacility { code, name, kind, capacity_t, max_storage_days },
                now,
            )?;
            println!("{}", f.id);
        }
        WasteCmd::Facility(FacilityCmd::List { json }) => {
            let list = storage::facilities(store.conn())?;
            if json {
                print_json(&list)?;
            } else {
                for f in list {
                    println!(
                        "{:<10} {:<10} {:>14} kg  {}",
                        f.code,
                        f.kind.as_str(),
                        f.capacity_kg.unwrap_or_else(|| "-".into()),
                        f.name
                    );
                }
            }
        }
        WasteCmd::Store { container, facility, batch, at, json } => {
            let who = actor(&store, &user)?;
            let input =
                storage::StoreInput { facility, container_id: container, generation_batch: batch, moved_at_local: at };
            print_movement(&storage::store_container(&mut store, &who, input, now)?, json)?;
        }
        WasteCmd::TakeOut { container, facility, quantity, destination, at, json } => {
            let who = actor(&store, &user)?;
            let (quantity, unit) = match quantity.as_deref() {
                None => (None, ehs_ledger::units::MassUnit::Kg),
                Some(q) => {
                    let (n, u) = split_unit(q).map_err(|e| Error::invalid("quantity", e.0))?;
                    (Some(n.to_string()), u)
                }
            };
            let input = storage::TakeOutInput {
                facility,
                container_id: container,
                quantity,
                unit,
                moved_at_local: at,
                destination,
            };
            print_movement(&storage::take_out(&mut store, &who, input, now)?, json)?;
        }
        WasteCmd::Reverse { id, reason } => {
            let who = actor(&store, &user)?;
            print_movement(&storage::reverse(&mut store, &who, &id, &reason, now)?, false)?;
        }
        WasteCmd::Balance { at, json } => {
            let day = at.map(|d| ehs_ledger::time::parse_date("at", &d)).transpose()?;
            let list = storage::balances(store.conn(), day)?;
            if json {
                print_json(&list)?;
            } else {
                for b in list {
                    println!("{:<10} {}  {:>14} kg  {} containers", b.facility_code, b.code, b.stock_kg, b.containers);
                }
            }
        }
        WasteCmd::Table { table, from, to, code, limit, json } => {
            let which = export::LedgerTable::parse("table", &table)?;
            let period = export::Period::between(&from, &to)?;
            let v = export::ledger_view(store.conn(), &period, which, code.as_deref(), limit)?;
            if json {
                print_json(&v)?;
            } else {
                println!("{}", v.title);
                for line in &v.subtitle {
                    println!("{line}");
                }
                println!("{}", v.columns.iter().map(|c| c.header.as_str()).collect::<Vec<_>>().join("\t"));
                for r in &v.rows {
                    println!("{}", r.join("\t"));
                }
                if (v.rows.len() as u32) < v.total_rows {
                    println!("… {} of {} rows shown", v.rows.len(), v.total_rows);
                }
                for line in &v.footer {
                    println!("{line}");
                }
            }
        }
        WasteCmd::Alerts { on, json } => {
            let p = plant::require(store.conn())?;
            let today = match on {
                Some(d) => ehs_ledger::time::parse_date("on", &d)?,
                None => ehs_ledger::time::local_date(now, p.tz()?),
            };
            let storage_alerts = storage::alerts(store.conn(), today, storage::limits_for(p.jurisdiction))?;
            let licences = receiver::licence_alerts(store.conn(), today)?;
            let manifests = shipment::pending_alerts(store.conn(), today)?;
            let cat = category::for_plant(store.conn(), today)?;
            let filings: Vec<_> =
                cat.upcoming.into_iter().filter(|f| f.days_left <= category::FILING_ALERT_DAYS).collect();
            if json {
                print_json(&serde_json::json!({
                    "storage": storage_alerts, "licences": licences, "manifests": manifests,
                    "filings": filings, "category": cat.category
                }))?;
            } else if storage_alerts.is_empty() && licences.is_empty() && manifests.is_empty() && filings.is_empty() {
                println!("no alerts on {today}");
            } else {
                for a in storage_alerts {
                    println!("{:<8} {:<24} {}", format!("{:?}", a.severity).to_uppercase(), a.subject, a.message);
                }
                for a in licences {
                    println!(
                        "{:<8} {:<24} licence {} ends {} ({} days)",
                        a.severity.to_uppercase(),
                        a.name,
                        a.licence_no,
                        a.valid_to,
                        a.days_left
                    );
                }
                for a in manifests {
                    println!(
                        "{:<8} {:<24} manifest shipped {} to {}: confirmation due {}",
                        a.severity.to_uppercase(),
                        a.manifest_no,
                        a.shipped_on,
                        a.receiver_name,
                        a.confirmation_due
                    );
                }
                for f in filings {
                    println!(
                        "{:<8} {:<24} {} filing ({}) due {} ({} days left)",
                        f.severity.to_uppercase(),
                        f.period,
                        f.filing,
                        cat.category_zh,
                        f.due,
                        f.days_left
                    );
                }
            }
        }
        WasteCmd::Ship {
            manifest,
            receiver,
            transporter,
            vehicle,
            transfer_type,
            purpose,
            method,
            containers,
            estimated,
            at,
            override_reason,
            dry_run,
            json,
        } => {
            let a = shipping::ShipArgs {
                manifest,
                receiver,
                transporter,
                vehicle,
                transfer_type,
                purpose,
                method,
                containers,
                estimated,
                at,
                override_reason,
                dry_run,
                json,
            };
            shipping::ship(&mut store, &user, a, now)?;
        }
        WasteCmd::Confirm {
            manifest,
            received_on,
            confirmed_on,
            weights,
            as_shipped,
            rejected,
            method,
            note,
            json,
        } => {
            let a = shipping::ConfirmArgs {
                manifest,
                received_on,
                confirmed_on,
                weights,
                as_shipped,
                rejected,
                method,
                note,
                json,
            };
            shipping::confirm(&mut store, &user, a, now)?;
        }
        WasteCmd::Treat { container, purpose, facility, method, at, finished_on, json } => {
            let a = solid::TreatArgs { container, purpose, facility_code: facility, method, at, finished_on, json };
            solid::treat(&mut store, &user, a, now)?;
        }
        WasteCmd::Category { on, json } => {
            let today = match on {
                Some(d) => ehs_ledger::time::parse_date("on", &d)?,
                None => ehs_ledger::time::local_date(now, plant::require(store.conn())?.tz()?),
            };
            let c = category::for_plant(store.conn(), today)?;
            if json {
                print_json(&c)?;
            } else {
                println!("{} ({}): basis {} t — {}", c.category_zh, c.category, c.basis_t, c.reason);
                for (y, t) in &c.years {
                    println!("  {y}: {t} t");
                }
                for f in &c.upcoming {
                    println!("  due {} ({} days): {} {}", f.due, f.days_left, f.filing, f.period);
                }
            }
        }
        WasteCmd::Shipments { from, to, include_voided, json } => {
            let today = ehs_ledger::time::local_date(now, plant::require(store.conn())?.tz()?);
            let from = from.map(|d| ehs_ledger::time::parse_date("from", &d)).transpose()?;
            let to = to.map(|d| ehs_ledger::time::parse_date("to", &d)).transpose()?;
            let list = shipment::list(store.conn(), from, to, include_voided, today)?;
            if json {
                print_json(&list)?;
            } else {
                for s in &list {
                    shipping::print_shipment(s, false)?;
                }
            }
        }
        WasteCmd::Shipment { manifest, json } => {
            let today = ehs_ledger::time::local_date(now, plant::require(store.conn())?.tz()?);
            shipping::print_shipment(&shipment::by_ref(store.conn(), &manifest, today)?, json)?;
        }
        WasteCmd::VoidShipment { manifest, reason } => {
            let who = actor(&store, &user)?;
            let s = shipment::void(&mut store, &who, &manifest, &reason, now)?;
            println!("voided manifest {}; {} containers back in stock", s.manifest_no, s.lines.len());
        }
        WasteCmd::Stream(StreamCmd::List { json }) => {
            let list = stream::list(store.conn())?;
            if json {
                print_json(&list)?;
            } else {
                for s in list {
                    println!("{}  {}  {}  {}", s.id, s.code, s.physical_form.as_str(), s.name);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_movement(m: &storage::Movement, json: bool) -> Result<(), Error> {
    if json {
        print_json(m)
    } else {
        println!("{} {} {} {} {} kg ({})", m.batch_code, m.kind, m.facility_code, m.container_id, m.quantity_kg, m.id);
        Ok(())
    }
}
