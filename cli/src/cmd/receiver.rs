//! `receiver`: receivers (接受人) and transporters (承运人) with their licences.

use crate::ctx::{split_list, Ctx};
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::waste::receiver::{self, CounterpartyKind, LicenceType, NewCounterparty, NewLicence};
use ehs_ledger::Error;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Register a receiver (接受人) or transporter (承运人)
    Add(AddArgs),
    /// Add a licence or its renewal to a receiver or transporter
    Licence(LicenceArgs),
    /// Receivers and transporters with today's licence status
    List {
        #[arg(long)]
        json: bool,
    },
    /// Licences expiring within the lead time or expired
    Alerts {
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    /// receiver | transporter
    #[arg(long, default_value = "receiver")]
    kind: String,
    /// 统一社会信用代码 (18 characters, check character verified)
    #[arg(long)]
    uscc: Option<String>,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    contact: String,
    #[arg(long, default_value = "")]
    phone: String,
    /// 6-digit 行政区划代码 (e.g. 430100); its province decides cross-province transfers
    #[arg(long)]
    region_code: Option<String>,
    /// Also add its licence: number
    #[arg(long)]
    licence: Option<String>,
    /// comprehensive | collection | exempt | export | transport
    #[arg(long)]
    licence_type: Option<String>,
    #[arg(long)]
    valid_from: Option<String>,
    #[arg(long)]
    valid_to: Option<String>,
    /// Licensed HW categories, comma-separated (HW08,HW12)
    #[arg(long, default_value = "")]
    categories: String,
    /// Licensed codes where the licence lists codes (900-249-08,…)
    #[arg(long, default_value = "")]
    codes: String,
    /// Method codes (R2,D10)
    #[arg(long, default_value = "")]
    methods: String,
    /// Annual capacity in tonnes
    #[arg(long)]
    capacity_t: Option<String>,
    #[arg(long)]
    json: bool,
}

impl AddArgs {
    /// The party, and its licence when `--licence` is given (checked here, before anything is
    /// written; its `counterparty` is filled in once the party exists).
    fn into_input(self) -> Result<(NewCounterparty, Option<NewLicence>), Error> {
        let licence = match self.licence {
            Some(number) => {
                let need = |v: Option<String>, f: &'static str| {
                    v.ok_or_else(|| Error::invalid(f, ehs_ledger::msg::cli::required_licence(&f.replace('_', "-"))))
                };
                let ty = match self.licence_type.as_deref() {
                    Some(t) => LicenceType::parse("licence_type", t)?,
                    None if self.kind == "transporter" => LicenceType::Transport,
                    None => LicenceType::Comprehensive,
                };
                Some(NewLicence {
                    counterparty: String::new(),
                    licence_no: number,
                    licence_type: ty,
                    valid_from: need(self.valid_from, "valid_from")?,
                    valid_to: need(self.valid_to, "valid_to")?,
                    categories: split_list(&self.categories),
                    codes: split_list(&self.codes),
                    methods: split_list(&self.methods),
                    annual_capacity_t: self.capacity_t,
                })
            }
            None => None,
        };
        let party = NewCounterparty {
            kind: CounterpartyKind::parse("kind", &self.kind)?,
            name: self.name,
            uscc: self.uscc,
            address: self.address,
            contact: self.contact,
            phone: self.phone,
            region_code: self.region_code,
        };
        Ok((party, licence))
    }
}

#[derive(Args)]
pub struct LicenceArgs {
    /// Receiver/transporter name or id
    #[arg(long)]
    party: String,
    #[arg(long)]
    number: String,
    #[arg(long)]
    licence_type: String,
    #[arg(long)]
    valid_from: String,
    #[arg(long)]
    valid_to: String,
    #[arg(long, default_value = "")]
    categories: String,
    #[arg(long, default_value = "")]
    codes: String,
    #[arg(long, default_value = "")]
    methods: String,
    #[arg(long)]
    capacity_t: Option<String>,
    #[arg(long)]
    json: bool,
}

impl TryFrom<LicenceArgs> for NewLicence {
    type Error = Error;
    fn try_from(a: LicenceArgs) -> Result<NewLicence, Error> {
        Ok(NewLicence {
            counterparty: a.party,
            licence_no: a.number,
            licence_type: LicenceType::parse("licence_type", &a.licence_type)?,
            valid_from: a.valid_from,
            valid_to: a.valid_to,
            categories: split_list(&a.categories),
            codes: split_list(&a.codes),
            methods: split_list(&a.methods),
            annual_capacity_t: a.capacity_t,
        })
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Add(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            let (party, licence) = a.into_input()?;
            let mut c = receiver::add_counterparty(&mut store, &who, party, ctx.now)?;
            if let Some(mut l) = licence {
                l.counterparty = c.id.clone();
                c = receiver::add_licence(&mut store, &who, l, ctx.now)?;
            }
            print::party(&c, json)?;
        }
        Cmd::Licence(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            print::party(&receiver::add_licence(&mut store, &who, a.try_into()?, ctx.now)?, json)?;
        }
        Cmd::List { json } => {
            let list = receiver::list(store.conn(), ctx.today(&store)?)?;
            if json {
                print::json(&list)?;
            } else {
                for c in &list {
                    print::party(c, false)?;
                }
            }
        }
        Cmd::Alerts { on, json } => {
            let day = ctx.day_or_today(&store, "on", on)?;
            print::alerts(day, &receiver::licence_alerts(store.conn(), day)?, "no licence alerts", json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
