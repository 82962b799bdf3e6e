//! `waste ship`, `treat`, `confirm`, `shipments`, `shipment`, `void-shipment`: containers leaving
//! storage under a transfer manifest (出库 B.3 + 委外 B.5), the receiver's confirmation, and own
//! utilisation/disposal (B.4). Flattened into `waste`, which opens the store.

use crate::ctx::{opt_date, split_list, Ctx, HandlerArgs};
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::units::{split_unit, MassUnit};
use ehs_ledger::waste::manifest::WeightSource;
use ehs_ledger::waste::own::{self, OwnTreatInput};
use ehs_ledger::waste::shipment::{self, ConfirmInput, ReceivedLine, ShipInput, TransferType};
use ehs_ledger::waste::{transfer, Purpose};
use ehs_ledger::{Error, Store};

#[derive(Subcommand)]
pub enum Cmd {
    /// Ship containers to a licensed receiver under a transfer manifest (出库 B.3 + 委外 B.5)
    Ship(ShipArgs),
    /// Own utilisation/disposal of a stocked container (出库 B.3 + 自行利用/处置 B.4)
    Treat(TreatArgs),
    /// Record the receiver's confirmation of a manifest (received weights)
    Confirm(ConfirmArgs),
    /// Book the return of a rejected container that has none yet (a load rejected before returns
    /// were booked, or a container back later than its confirmation)
    Return {
        /// Manifest number or shipment id
        #[arg(long)]
        manifest: String,
        #[arg(long)]
        container: String,
        /// YYYY-MM-DDTHH:MM (plant-local); default now
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Shipments (manifests), newest first
    Shipments(ShipmentsArgs),
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
    /// Cross-province transfer approvals (跨省转移审批), a register
    #[command(subcommand)]
    Approval(ApprovalCmd),
    /// The annual management plan's transfer quantity per code
    #[command(subcommand)]
    Plan(PlanCmd),
}

#[derive(Subcommand)]
pub enum ApprovalCmd {
    /// Register an approval (insert-only, audited)
    Add {
        /// The approval's document number
        #[arg(long)]
        no: String,
        /// Receiver name or id
        #[arg(long)]
        receiver: String,
        /// Approved codes (repeat or comma-separate)
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
        /// Approved quantity in tonnes
        #[arg(long)]
        quantity_t: Option<String>,
        #[arg(long)]
        valid_from: String,
        #[arg(long)]
        valid_to: String,
        #[arg(long)]
        json: bool,
    },
    /// Approvals in force and past, with what shipped under each
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PlanCmd {
    /// Set (or amend) the planned transfer quantity of a code for a year
    Set {
        #[arg(long)]
        year: i64,
        #[arg(long)]
        code: String,
        /// Tonnes
        #[arg(long)]
        quantity_t: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The plan of a year with what has shipped
    List {
        #[arg(long)]
        year: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct ShipArgs {
    /// Manifest number from the national system (14 digits)
    #[arg(long)]
    manifest: String,
    /// Receiver name or id
    #[arg(long)]
    receiver: String,
    /// Transporter (承运人) name or id; or --own-transport
    #[arg(long)]
    transporter: Option<String>,
    /// The plant carries its own waste (no transporter)
    #[arg(long)]
    own_transport: bool,
    /// Vehicle plate (required)
    #[arg(long)]
    vehicle: Option<String>,
    /// in_province | cross_province | export (default: from the plant's and receiver's provinces)
    #[arg(long)]
    transfer_type: Option<String>,
    /// Cross-province approval number (default: the receiver's approval in force)
    #[arg(long)]
    approval: Option<String>,
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
    /// B.3 handlers of the take-outs (--handler = 出库部门经办人)
    #[command(flatten)]
    handlers: HandlerArgs,
    /// Check and show what would be shipped; write nothing
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

impl TryFrom<ShipArgs> for ShipInput {
    type Error = Error;
    fn try_from(a: ShipArgs) -> Result<ShipInput, Error> {
        Ok(ShipInput {
            manifest_no: a.manifest,
            receiver: a.receiver,
            transporter: a.transporter,
            own_transport: a.own_transport,
            vehicle_plate: a.vehicle,
            transfer_type: match a.transfer_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Some(TransferType::parse("transfer_type", t)?),
                None => None,
            },
            approval_no: a.approval,
            purpose: Purpose::parse("purpose", &a.purpose)?,
            method: a.method,
            containers: a.containers.iter().flat_map(|c| split_list(c)).collect(),
            weight_source: if a.estimated { WeightSource::Estimated } else { WeightSource::Measured },
            shipped_at_local: a.at,
            override_reason: a.override_reason,
            handlers: a.handlers.into(),
        })
    }
}

#[derive(Args)]
pub struct TreatArgs {
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
    #[command(flatten)]
    handlers: HandlerArgs,
    #[arg(long)]
    json: bool,
}

impl TryFrom<TreatArgs> for OwnTreatInput {
    type Error = Error;
    fn try_from(a: TreatArgs) -> Result<OwnTreatInput, Error> {
        Ok(OwnTreatInput {
            container_id: a.container,
            purpose: Purpose::parse("purpose", &a.purpose)?,
            facility_code: a.facility,
            method: a.method,
            at_local: a.at,
            finished_on: a.finished_on,
            handlers: a.handlers.into(),
        })
    }
}

#[derive(Args)]
pub struct ConfirmArgs {
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
    /// The receiver rejected the whole load (every container comes back into stock)
    #[arg(long)]
    rejected: bool,
    /// A container the receiver rejected from the load; it comes back into the facility it left
    /// (repeat)
    #[arg(long = "rejected-line", value_name = "CONTAINER")]
    rejected_lines: Vec<String>,
    /// YYYY-MM-DDTHH:MM (plant-local) the rejected containers came back; default now
    #[arg(long)]
    returned_at: Option<String>,
    /// The method (R/D code) the receiver confirmed, if it differs from the planned one
    #[arg(long)]
    method: Option<String>,
    #[arg(long)]
    note: Option<String>,
    #[arg(long)]
    json: bool,
}

impl ConfirmArgs {
    /// The confirmation, with every `--weight CONTAINER=MASS` checked (one unit for all).
    fn into_input(self) -> Result<ConfirmInput, Error> {
        let mut unit = MassUnit::Kg;
        let mut lines = Vec::new();
        for (i, w) in self.weights.iter().enumerate() {
            let Some((c, q)) = w.split_once('=') else {
                return Err(Error::invalid("lines", ehs_ledger::msg::cli::weight_not_container_mass(&(i + 1), &w)));
            };
            let (n, u) = split_unit(q.trim())
                .map_err(|e| Error::invalid("lines", e.0).at(ehs_ledger::msg::common::ctx_container(&c)))?;
            if i > 0 && u != unit {
                return Err(Error::invalid("lines", ehs_ledger::msg::cli::give_every_weight_same()));
            }
            unit = u;
            lines.push(ReceivedLine { container_id: c.trim().into(), received: n.to_string() });
        }
        Ok(ConfirmInput {
            shipment: self.manifest,
            received_on: self.received_on,
            confirmed_on: self.confirmed_on,
            lines,
            unit,
            as_shipped: self.as_shipped,
            rejected: self.rejected,
            rejected_lines: self.rejected_lines,
            returned_at_local: self.returned_at,
            method: self.method,
            note: self.note,
        })
    }
}

#[derive(Args)]
pub struct ShipmentsArgs {
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    include_voided: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, store: &mut Store, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Ship(a) => ship(ctx, store, a),
        Cmd::Treat(a) => {
            let who = ctx.actor(store)?;
            let json = a.json;
            let t = own::treat(store, &who, a.try_into()?, ctx.now)?;
            if json {
                print::json(&t)
            } else {
                println!(
                    "{} {} {} {} kg ← {} ({})",
                    t.batch_code, t.container_id, t.code, t.quantity_kg, t.out_batch, t.id
                );
                Ok(())
            }
        }
        Cmd::Confirm(a) => {
            let who = ctx.actor(store)?;
            let json = a.json;
            let s = shipment::confirm(store, &who, a.into_input()?, ctx.now)?;
            print::shipment(&s, json)
        }
        Cmd::Return { manifest, container, at, json } => {
            let who = ctx.actor(store)?;
            let s = shipment::record_return(store, &who, &manifest, &container, at.as_deref(), ctx.now)?;
            print::shipment(&s, json)
        }
        Cmd::Shipments(a) => {
            let today = ctx.today(store)?;
            let from = opt_date("from", a.from)?;
            let to = opt_date("to", a.to)?;
            let list = shipment::list(store.conn(), from, to, a.include_voided, today)?;
            if a.json {
                return print::json(&list);
            }
            for s in &list {
                print::shipment(s, false)?;
            }
            Ok(())
        }
        Cmd::Shipment { manifest, json } => {
            let today = ctx.today(store)?;
            print::shipment(&shipment::by_ref(store.conn(), &manifest, today)?, json)
        }
        Cmd::VoidShipment { manifest, reason } => {
            let who = ctx.actor(store)?;
            let s = shipment::void(store, &who, &manifest, &reason, ctx.now)?;
            println!("voided manifest {}; {} containers back in stock", s.manifest_no, s.lines.len());
            Ok(())
        }
        Cmd::Approval(ApprovalCmd::Add { no, receiver, codes, quantity_t, valid_from, valid_to, json }) => {
            let who = ctx.actor(store)?;
            let codes = codes.iter().flat_map(|c| split_list(c)).collect();
            let input = transfer::NewApproval { approval_no: no, receiver, codes, quantity_t, valid_from, valid_to };
            let a = transfer::add_approval(store, &who, input, ctx.now)?;
            if json {
                return print::json(&a);
            }
            print_approval(&a);
            Ok(())
        }
        Cmd::Approval(ApprovalCmd::List { json }) => {
            let list = transfer::approvals(store.conn(), None)?;
            if json {
                return print::json(&list);
            }
            list.iter().for_each(print_approval);
            Ok(())
        }
        Cmd::Plan(PlanCmd::Set { year, code, quantity_t, note }) => {
            let who = ctx.actor(store)?;
            let p = transfer::set_plan(store, &who, transfer::NewPlan { year, code, quantity_t, note }, ctx.now)?;
            println!("{} {}  plan {} t, shipped {} t", p.year, p.code, p.quantity_t, p.shipped_t);
            Ok(())
        }
        Cmd::Plan(PlanCmd::List { year, json }) => {
            let list = transfer::plans(store.conn(), year)?;
            if json {
                return print::json(&list);
            }
            for p in &list {
                println!("{} {}  plan {} t, shipped {} t", p.year, p.code, p.quantity_t, p.shipped_t);
            }
            Ok(())
        }
    }
}

fn print_approval(a: &transfer::Approval) {
    println!(
        "{}  → {}  {} … {}  {}  {} t{}",
        a.approval_no,
        a.receiver_name,
        a.valid_from,
        a.valid_to,
        a.codes.join(","),
        ehs_ledger::units::Grams(a.shipped_g).t_string(),
        a.quantity_t.as_deref().map(|q| format!(" of {q} t")).unwrap_or_default()
    );
}

/// `waste ship`, or with `--dry-run` what it would ship (no user needed, nothing written).
fn ship(ctx: &Ctx, store: &mut Store, a: ShipArgs) -> Result<(), Error> {
    let (dry_run, json) = (a.dry_run, a.json);
    let input = ShipInput::try_from(a)?;
    if dry_run {
        let p = shipment::preview(store.conn(), &input, ctx.now)?;
        if json {
            return print::json(&p);
        }
        for l in &p.lines {
            println!("{:<12} {:<10} {}  {:>12} kg", l.container_id, l.facility_code, l.code, l.quantity_kg);
        }
        println!("total {} kg; confirmation due {}; {}", p.total_kg, p.confirmation_due, p.transfer_type.as_str());
        for w in &p.warnings {
            println!("warning: {w}");
        }
        for pr in &p.problems {
            let how = if pr.overridable { "refused (an admin may override)" } else { "refused" };
            println!("{how}: {}", pr.message);
        }
        return Ok(());
    }
    let who = ctx.actor(store)?;
    let s = shipment::ship(store, &who, input, ctx.now)?;
    print::shipment(&s, json)
}
