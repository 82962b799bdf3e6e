//! `solid`: the general industrial solid-waste ledger (一般工业固体废物) and the GRI 306 figures.

use crate::ctx::{parse_quantity, Ctx};
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::waste::gri::{self, Route};
use ehs_ledger::waste::solid::{self, NewSwStream, SwRecordInput};
use ehs_ledger::waste::stream::PhysicalForm;
use ehs_ledger::{time, Error};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Add a general solid-waste stream (code NNN-NNN-Sxx)
    Stream(StreamArgs),
    /// Streams with their stock
    Streams {
        #[arg(long)]
        json: bool,
    },
    /// Record generated general solid waste
    Add(AddArgs),
    /// Record an outbound batch (never more than in store)
    Ship(ShipArgs),
    /// Records of a period
    List(ListArgs),
    /// Void a record with a reason
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// GRI 306-3/4/5 and both diversion rates for a period (both ledgers)
    Gri(GriArgs),
}

#[derive(Args)]
pub struct StreamArgs {
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "solid")]
    form: String,
    #[arg(long, default_value = "")]
    process: String,
}

impl TryFrom<StreamArgs> for NewSwStream {
    type Error = Error;
    fn try_from(a: StreamArgs) -> Result<NewSwStream, Error> {
        let physical_form = PhysicalForm::parse("physical_form", &a.form)?;
        Ok(NewSwStream { code: a.code, name: a.name, physical_form, process: a.process })
    }
}

#[derive(Args)]
pub struct AddArgs {
    /// Stream name, code or id
    #[arg(long)]
    stream: String,
    /// Mass with unit: 1.2t, 800kg
    #[arg(long)]
    quantity: String,
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    json: bool,
}

impl AddArgs {
    fn into_input(self) -> Result<SwRecordInput, Error> {
        Ok(SwRecordInput { storage_place: self.place, ..record(self.stream, &self.quantity, self.at)? })
    }
}

#[derive(Args)]
pub struct ShipArgs {
    #[arg(long)]
    stream: String,
    #[arg(long)]
    quantity: String,
    /// reuse | recycling | other_recovery | energy_recovery | incineration | landfill | other_disposal
    #[arg(long)]
    route: String,
    /// Used or disposed of on site (no receiver)
    #[arg(long)]
    onsite: bool,
    #[arg(long)]
    receiver: Option<String>,
    #[arg(long)]
    receiver_uscc: Option<String>,
    #[arg(long)]
    transporter: Option<String>,
    #[arg(long)]
    document: Option<String>,
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    json: bool,
}

impl ShipArgs {
    fn into_input(self) -> Result<SwRecordInput, Error> {
        Ok(SwRecordInput {
            route: Some(Route::parse("route", &self.route)?),
            onsite: self.onsite,
            receiver: self.receiver,
            receiver_uscc: self.receiver_uscc,
            transporter: self.transporter,
            document_no: self.document,
            ..record(self.stream, &self.quantity, self.at)?
        })
    }
}

/// A record of `quantity` of `stream` at `at`, with nothing else set.
fn record(stream: String, quantity: &str, at: Option<String>) -> Result<SwRecordInput, Error> {
    let (quantity, unit) = parse_quantity(quantity)?;
    Ok(SwRecordInput {
        stream,
        quantity,
        unit,
        at_local: at,
        route: None,
        onsite: false,
        receiver: None,
        receiver_uscc: None,
        transporter: None,
        document_no: None,
        storage_place: None,
    })
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long)]
    include_voided: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct GriArgs {
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Stream(a) => {
            let who = ctx.actor(&store)?;
            let s = solid::add_stream(&mut store, &who, a.try_into()?, ctx.now)?;
            println!("{} {} ({})", s.code, s.name, s.id);
        }
        Cmd::Streams { json } => {
            let list = solid::streams(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for s in list {
                    println!("{} {:<24} {:>12} t in store", s.code, s.name, s.stock_t);
                }
            }
        }
        Cmd::Add(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            print::sw_record(&solid::record_generation(&mut store, &who, a.into_input()?, ctx.now)?, json)?;
        }
        Cmd::Ship(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            print::sw_record(&solid::record_outbound(&mut store, &who, a.into_input()?, ctx.now)?, json)?;
        }
        Cmd::List(a) => {
            let from = time::parse_date("from", &a.from)?;
            let to = time::parse_date("to", &a.to)?;
            let list = solid::list(store.conn(), from, to, a.include_voided)?;
            if a.json {
                print::json(&list)?;
            } else {
                for r in &list {
                    print::sw_record(r, false)?;
                }
            }
        }
        Cmd::Void { id, reason } => {
            let who = ctx.actor(&store)?;
            let r = solid::void(&mut store, &who, &id, &reason, ctx.now)?;
            println!("voided {}", r.batch_code);
        }
        Cmd::Gri(a) => {
            let g = gri::disclosure(store.conn(), time::parse_date("from", &a.from)?, time::parse_date("to", &a.to)?)?;
            print::gri(&g, a.json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
