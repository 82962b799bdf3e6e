//! `waste`: the hazardous-waste ledger (HJ 1259-2022) — generation entries (B.1), streams, the
//! catalogue, storage facilities and movements (B.2, B.3), balances, ledger tables, the
//! management category and the alerts. The shipping commands (`waste ship`, `confirm`, `treat`,
//! `shipments`, …) are in [`super::shipping`].

use super::shipping;
use crate::ctx::{opt_date, parse_quantity, Ctx, HandlerArgs};
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::appendix::{self, ContainerType, EntryDetails, NewGenerationPoint};
use ehs_ledger::waste::export::{self, LedgerTable, Period};
use ehs_ledger::waste::generation::{self, GenerationInput, LedgerQuery, LedgerSort, VoidInput};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput, TakeOutInput};
use ehs_ledger::waste::stream::{self, NewStream, PhysicalForm};
use ehs_ledger::waste::{self, catalogue, category};
use ehs_ledger::{Error, Store};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Record a generation entry (HJ 1259-2022 B.1)
    Add(AddArgs),
    /// List generation entries
    List(ListArgs),
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
    /// Generation points (产生危险废物设施): the B.1 facility codes entries choose from
    #[command(subcommand)]
    Point(PointCmd),
    /// Put a generated container into storage (入库, HJ 1259 B.2); warns first (贮存点 3 t,
    /// capacity, incompatible wastes)
    Store(StoreArgs),
    /// Take a container (or part of it) out of storage (出库, HJ 1259 B.3)
    TakeOut(TakeOutArgs),
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
    Table(TableArgs),
    // ship, treat, confirm, shipments, shipment, void-shipment.
    #[command(flatten)]
    Shipping(shipping::Cmd),
    /// Management category (重点/简化/登记) from the last three years and the filings due soon
    // `waste --help` lists it between `confirm` and `shipments`: it shares `shipments`' place
    // and clap orders a tie by name.
    #[command(display_order = 14)]
    Category {
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
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
    /// Incompatible wastes that must not share a facility (checked at put-away)
    #[command(subcommand)]
    Incompat(IncompatCmd),
}

#[derive(Args)]
pub struct AddArgs {
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
    /// 产生危险废物设施编码: a registered generation point (waste point add)
    #[arg(long)]
    point: Option<String>,
    /// 容器/包装类型: drum, ibc, bag, ton_bag, box, tank, bulk, other (or 桶, 吨桶, 袋 …)
    #[arg(long)]
    container_type: Option<ContainerType>,
    /// 容器/包装数量
    #[arg(long)]
    container_count: Option<i64>,
    /// 产生部门经办人
    #[arg(long)]
    handler: Option<String>,
    /// The handler's department
    #[arg(long)]
    handler_dept: Option<String>,
    #[arg(long)]
    json: bool,
}

impl AddArgs {
    fn into_input(self, store: &Store) -> Result<GenerationInput, Error> {
        let (quantity, unit) = parse_quantity(&self.quantity)?;
        Ok(GenerationInput {
            stream_id: stream_id(store, self.stream)?,
            code: self.code,
            quantity,
            unit,
            container_id: self.container,
            storage_area: self.area,
            generated_at_local: self.at,
            details: EntryDetails {
                generation_point: self.point,
                container_type: self.container_type,
                container_count: self.container_count,
                handler: self.handler,
                handler_dept: self.handler_dept,
            },
        })
    }
}

#[derive(Args)]
pub struct ListArgs {
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
}

impl ListArgs {
    fn into_query(self, store: &Store) -> Result<LedgerQuery, Error> {
        Ok(LedgerQuery {
            from_date: self.from,
            to_date: self.to,
            stream_id: stream_id(store, self.stream)?,
            code: self.code,
            include_voided: self.include_voided,
            sort: LedgerSort::GeneratedAtDesc,
            page: self.page,
            page_size: self.page_size,
        })
    }
}

/// The id of the stream named `--stream`, if given.
fn stream_id(store: &Store, name: Option<String>) -> Result<Option<String>, Error> {
    name.map(|n| stream::find_by_name(store.conn(), "stream", &n).map(|s| s.id)).transpose()
}

#[derive(Subcommand)]
pub enum StreamCmd {
    Add(StreamAddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct StreamAddArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    code: String,
    /// solid, semi_solid, liquid, sludge, gas
    #[arg(long, default_value = "solid")]
    form: String,
}

impl StreamAddArgs {
    fn into_input(self) -> Result<NewStream, Error> {
        let physical_form = PhysicalForm::parse("form", &self.form)?;
        Ok(NewStream { name: self.name, code: self.code, physical_form })
    }
}

#[derive(Subcommand)]
pub enum PointCmd {
    Add {
        /// The facility code on the permit
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        department: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Void {
        /// Code or id
        point: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum FacilityCmd {
    Add(FacilityAddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum IncompatCmd {
    /// The pairs in force (defaults from domain.md §4.4 and the plant's own)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a pair: a side is HW34, 900-401-06, HW12:I or *:R
    Add {
        #[arg(long)]
        a: String,
        #[arg(long)]
        b: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Void a pair with a reason (the two are compatible at this plant)
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Args)]
pub struct FacilityAddArgs {
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
}

impl FacilityAddArgs {
    fn into_input(self) -> Result<NewFacility, Error> {
        let kind = FacilityKind::parse("kind", &self.kind)?;
        Ok(NewFacility {
            code: self.code,
            name: self.name,
            kind,
            capacity_t: self.capacity_t,
            max_storage_days: self.max_storage_days,
        })
    }
}

#[derive(Args)]
pub struct StoreArgs {
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
    #[command(flatten)]
    handlers: HandlerArgs,
    /// Check and show the warnings; write nothing
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

impl From<StoreArgs> for StoreInput {
    fn from(a: StoreArgs) -> StoreInput {
        StoreInput {
            facility: a.facility,
            container_id: a.container,
            generation_batch: a.batch,
            moved_at_local: a.at,
            handlers: a.handlers.into(),
        }
    }
}

#[derive(Args)]
pub struct TakeOutArgs {
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
    #[command(flatten)]
    handlers: HandlerArgs,
    #[arg(long)]
    json: bool,
}

impl TakeOutArgs {
    fn into_input(self) -> Result<TakeOutInput, Error> {
        let (quantity, unit) = match self.quantity.as_deref() {
            None => (None, MassUnit::Kg),
            Some(q) => {
                let (n, u) = parse_quantity(q)?;
                (Some(n), u)
            }
        };
        Ok(TakeOutInput {
            facility: self.facility,
            container_id: self.container,
            quantity,
            unit,
            moved_at_local: self.at,
            destination: self.destination,
            handlers: self.handlers.into(),
        })
    }
}

#[derive(Args)]
pub struct TableArgs {
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
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Add(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            let input = a.into_input(&store)?;
            let e = generation::record(&mut store, &who, input, ctx.now)?;
            if json {
                print::json(&e)?;
            } else {
                println!("{} {} {} kg ({})", e.batch_code, e.code, e.quantity_kg, e.id);
            }
        }
        Cmd::List(a) => {
            let json = a.json;
            let p = generation::list(store.conn(), &a.into_query(&store)?)?;
            if json {
                print::json(&p)?;
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
        Cmd::Void { id, reason } => {
            let who = ctx.actor(&store)?;
            let e = generation::void(&mut store, &who, VoidInput { id, reason }, ctx.now)?;
            println!("voided {}", e.batch_code);
        }
        Cmd::Codes { edition, json } => {
            let list = catalogue::list(store.conn(), &edition)?;
            if json {
                print::json(&list)?;
            } else {
                for c in list {
                    println!("{} {} {:<8} {}", c.code, c.category, c.characteristics, c.name_zh);
                }
            }
        }
        Cmd::Stream(StreamCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let s = stream::add(&mut store, &who, a.into_input()?, ctx.now)?;
            println!("{}", s.id);
        }
        Cmd::Stream(StreamCmd::List { json }) => {
            let list = stream::list(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for s in list {
                    println!("{}  {}  {}  {}", s.id, s.code, s.physical_form.as_str(), s.name);
                }
            }
        }
        Cmd::Point(PointCmd::Add { code, name, department }) => {
            let who = ctx.actor(&store)?;
            let p = appendix::add_point(&mut store, &who, NewGenerationPoint { code, name, department }, ctx.now)?;
            println!("{}", p.id);
        }
        Cmd::Point(PointCmd::List { json }) => {
            let list = appendix::points(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for p in list {
                    println!("{:<12} {}  {}", p.code, p.name, p.department.unwrap_or_default());
                }
            }
        }
        Cmd::Point(PointCmd::Void { point, reason }) => {
            let who = ctx.actor(&store)?;
            appendix::void_point(&mut store, &who, &point, &reason, ctx.now)?;
            println!("voided generation point {point}");
        }
        Cmd::Facility(FacilityCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let f = storage::add_facility(&mut store, &who, a.into_input()?, ctx.now)?;
            println!("{}", f.id);
        }
        Cmd::Facility(FacilityCmd::List { json }) => {
            let list = storage::facilities(store.conn())?;
            if json {
                print::json(&list)?;
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
        Cmd::Incompat(IncompatCmd::List { json }) => {
            let list = storage::incompatibilities(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for p in list {
                    let origin = if p.is_default { "default" } else { "plant" };
                    println!("{:<12} {:<12} {:<8} {}  {}", p.side_a, p.side_b, origin, p.note, p.id);
                }
            }
        }
        Cmd::Incompat(IncompatCmd::Add { a, b, note }) => {
            let who = ctx.actor(&store)?;
            let input = storage::NewIncompatibility { side_a: a, side_b: b, note };
            let p = storage::add_incompatibility(&mut store, &who, input, ctx.now)?;
            println!("{} ✕ {}  {}", p.side_a, p.side_b, p.id);
        }
        Cmd::Incompat(IncompatCmd::Void { id, reason }) => {
            let who = ctx.actor(&store)?;
            storage::void_incompatibility(&mut store, &who, &id, &reason, ctx.now)?;
            println!("voided {id}");
        }
        Cmd::Store(a) => {
            let (json, dry_run) = (a.json, a.dry_run);
            let input: StoreInput = a.into();
            // The checks before saving: a dry run shows them (stdout); a real run warns on
            // stderr, so --json output stays one document.
            let check = storage::check_store(store.conn(), &input, ctx.now)?;
            if dry_run {
                if json {
                    print::json(&check)?;
                } else {
                    println!(
                        "{} → {}  {}  {} kg",
                        check.container_id, check.facility_code, check.code, check.quantity_kg
                    );
                    for w in &check.warnings {
                        println!("warning: {}", w.message);
                    }
                }
            } else {
                let who = ctx.actor(&store)?;
                for w in &check.warnings {
                    eprintln!("warning: {}", w.message);
                }
                print::movement(&storage::store_container(&mut store, &who, input, ctx.now)?, json)?;
            }
        }
        Cmd::TakeOut(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            print::movement(&storage::take_out(&mut store, &who, a.into_input()?, ctx.now)?, json)?;
        }
        Cmd::Reverse { id, reason } => {
            let who = ctx.actor(&store)?;
            print::movement(&storage::reverse(&mut store, &who, &id, &reason, ctx.now)?, false)?;
        }
        Cmd::Balance { at, json } => {
            let day = opt_date("at", at)?;
            let list = storage::balances(store.conn(), day)?;
            if json {
                print::json(&list)?;
            } else {
                for b in list {
                    println!("{:<10} {}  {:>14} kg  {} containers", b.facility_code, b.code, b.stock_kg, b.containers);
                }
            }
        }
        Cmd::Table(a) => {
            let which = LedgerTable::parse("table", &a.table)?;
            let period = Period::between(&a.from, &a.to)?;
            print::table(&export::ledger_view(store.conn(), &period, which, a.code.as_deref(), a.limit)?, a.json)?;
        }
        Cmd::Shipping(c) => shipping::run(ctx, &mut store, c)?,
        Cmd::Category { on, json } => {
            let today = ctx.day_or_today(&store, "on", on)?;
            print::category(&category::for_plant(store.conn(), today)?, json)?;
        }
        Cmd::Alerts { on, json } => alerts(ctx, &store, on, json)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `waste alerts`: the waste area's alerts (storage, licences, pending manifests, filings due)
/// on one day, through the one alert model.
fn alerts(ctx: &Ctx, store: &Store, on: Option<String>, json: bool) -> Result<(), Error> {
    let today = ctx.day_or_today(store, "on", on)?;
    print::alerts(today, &waste::alerts::all(store.conn(), today)?, "no alerts", json)
}
