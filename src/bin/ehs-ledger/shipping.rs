//! CLI: receivers and transporters, shipments under transfer manifests, confirmations, plant
//! settings and the working-day calendar. Parsing and printing only.

use super::{actor, open, print_json};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use ehs_ledger::plant::settings;
use ehs_ledger::units::split_unit;
use ehs_ledger::waste::receiver::{self, NewCounterparty, NewLicence};
use ehs_ledger::waste::shipment::{self, ConfirmInput, ReceivedLine, ShipInput};
use ehs_ledger::{plant, time, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ReceiverCmd {
    /// Register a receiver (接受人) or transporter (承运人)
    Add {
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
    },
    /// Add a licence or its renewal to a receiver or transporter
    Licence {
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
    },
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

#[derive(Subcommand)]
pub enum SettingsCmd {
    /// Every setting with its value
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a setting (admins)
    Set { key: String, value: String },
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Add a public holiday or a make-up working day (调休)
    Add {
        day: String,
        /// holiday | workday
        #[arg(long, default_value = "holiday")]
        kind: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The configured days
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a configured day (voided with a reason)
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

fn today(store: &ehs_ledger::Store, now: DateTime<Utc>) -> Result<chrono::NaiveDate, Error> {
    Ok(time::local_date(now, plant::require(store.conn())?.tz()?))
}

fn print_party(c: &receiver::Counterparty, json: bool) -> Result<(), Error> {
    if json {
        return print_json(c);
    }
    let lic = c
        .current
        .as_ref()
        .map(|l| format!("{} {} → {} [{}]", l.licence_no, l.licence_type, l.valid_to, l.categories.join(",")))
        .unwrap_or_else(|| "no licence in force".into());
    println!("{:<12} {:<30} {:?}  {lic}  ({})", c.kind, c.name, c.status, c.id);
    Ok(())
}

pub fn receiver(
    db: Option<PathBuf>,
    user: Option<String>,
    cmd: ReceiverCmd,
    now: DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db)?;
    match cmd {
        ReceiverCmd::Add {
            name,
            kind,
            uscc,
            address,
            contact,
            phone,
            licence,
            licence_type,
            valid_from,
            valid_to,
            categories,
            codes,
            methods,
            capacity_t,
            json,
        } => {
            let who = actor(&store, &user)?;
            // Check the licence arguments before writing anything.
            let lic = match licence {
                Some(number) => {
                    let need = |v: Option<String>, f: &'static str| {
                        v.ok_or_else(|| {
                            Error::invalid(f, format!("--{} is required with --licence", f.replace('_', "-")))
                        })
                    };
                    let ty = licence_type.unwrap_or_else(|| {
                        if kind == "transporter" {
                            "transport".into()
                        } else {
                            "comprehensive".into()
                        }
                    });
                    Some(NewLicence {
                        counterparty: String::new(),
                        licence_no: number,
                        licence_type: ty,
                        valid_from: need(valid_from, "valid_from")?,
                        valid_to: need(valid_to, "valid_to")?,
                        categories: split_list(&categories),
                        codes: split_list(&codes),
                        methods: split_list(&methods),
                        annual_capacity_t: capacity_t,
                    })
                }
                None => None,
            };
            let mut c = receiver::add_counterparty(
                &mut store,
                &who,
                NewCounterparty { kind, name, uscc, address, contact, phone },
                now,
            )?;
            if let Some(mut l) = lic {
                l.counterparty = c.id.clone();
                c = receiver::add_licence(&mut store, &who, l, now)?;
            }
            print_party(&c, json)?;
        }
        ReceiverCmd::Licence {
            party,
            number,
            licence_type,
            valid_from,
            valid_to,
            categories,
            codes,
            methods,
            capacity_t,
            json,
        } => {
            let who = actor(&store, &user)?;
            let c = receiver::add_licence(
                &mut store,
                &who,
                NewLicence {
                    counterparty: party,
                    licence_no: number,
                    licence_type,
                    valid_from,
                    valid_to,
                    categories: split_list(&categories),
                    codes: split_list(&codes),
                    methods: split_list(&methods),
                    annual_capacity_t: capacity_t,
                },
                now,
            )?;
            print_party(&c, json)?;
        }
        ReceiverCmd::List { json } => {
            let list = receiver::list(store.conn(), today(&store, now)?)?;
            if json {
                print_json(&list)?;
            } else {
                for c in &list {
                    print_party(c, false)?;
                }
            }
        }
        ReceiverCmd::Alerts { on, json } => {
            let day = match on {
                Some(d) => time::parse_date("on", &d)?,
                None => today(&store, now)?,
            };
            let list = receiver::licence_alerts(store.conn(), day)?;
            if json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("no licence alerts on {day}");
            } else {
                for a in list {
                    println!(
                        "{:<8} {} licence {} ends {} ({} days)",
                        a.severity.to_uppercase(),
                        a.name,
                        a.licence_no,
                        a.valid_to,
                        a.days_left
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub struct ShipArgs {
    pub manifest: String,
    pub receiver: String,
    pub transporter: Option<String>,
    pub vehicle: Option<String>,
    pub transfer_type: Option<String>,
    pub purpose: String,
    pub method: String,
    pub containers: Vec<String>,
    pub estimated: bool,
    pub at: Option<String>,
    pub override_reason: Option<String>,
    pub dry_run: bool,
    pub json: bool,
}

pub fn ship(
    store: &mut ehs_ledger::Store,
    user: &Option<String>,
    a: ShipArgs,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let input = ShipInput {
        manifest_no: a.manifest,
        receiver: a.receiver,
        transporter: a.transporter,
        vehicle_plate: a.vehicle,
        transfer_type: a.transfer_type,
        purpose: a.purpose,
        method: a.method,
        containers: a.containers.iter().flat_map(|c| split_list(c)).collect(),
        weight_source: if a.estimated { "estimated".into() } else { "measured".into() },
        shipped_at_local: a.at,
        override_reason: a.override_reason,
    };
    if a.dry_run {
        let p = shipment::preview(store.conn(), &input, now)?;
        if a.json {
            return print_json(&p);
        }
        for l in &p.lines {
            println!("{:<12} {:<10} {}  {:>12} kg", l.container_id, l.facility_code, l.code, l.quantity_kg);
        }
        println!("total {} kg; confirmation due {}", p.total_kg, p.confirmation_due);
        for w in &p.warnings {
            println!("warning: {w}");
        }
        for pr in &p.problems {
            println!("refused: {}", pr.message);
        }
        return Ok(());
    }
    let who = actor(store, user)?;
    let s = shipment::ship(store, &who, input, now)?;
    print_shipment(&s, a.json)
}

pub fn print_shipment(s: &shipment::Shipment, json: bool) -> Result<(), Error> {
    if json {
        return print_json(s);
    }
    println!(
        "manifest {}  {}  {} → {}  {} kg  {}  due {}{}",
        s.manifest_no,
        s.status.as_str(),
        s.shipped_at_local,
        s.receiver_name,
        s.total_kg,
        s.purpose,
        s.confirmation_due,
        if s.overdue { "  OVERDUE" } else { "" }
    );
    for l in &s.lines {
        println!(
            "  {:>2} {} {:<12} {} {:>12} kg{}  chain {} ← {} ← {}",
            l.line_no,
            l.batch_code,
            l.container_id,
            l.code,
            l.quantity_kg,
            l.received_kg.as_ref().map(|r| format!(" / received {r} kg")).unwrap_or_default(),
            l.out_batch,
            l.in_batch.as_deref().unwrap_or("-"),
            l.generation_batch.as_deref().unwrap_or("-"),
        );
    }
    if let Some(w) = &s.manifest_warning {
        println!("  warning: {w}");
    }
    if let Some(r) = &s.override_reason {
        println!("  licence override: {r}");
    }
    Ok(())
}

pub struct ConfirmArgs {
    pub manifest: String,
    pub received_on: String,
    pub confirmed_on: Option<String>,
    pub weights: Vec<String>,
    pub as_shipped: bool,
    pub rejected: bool,
    pub method: Option<String>,
    pub note: Option<String>,
    pub json: bool,
}

pub fn confirm(
    store: &mut ehs_ledger::Store,
    user: &Option<String>,
    a: ConfirmArgs,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let who = actor(store, user)?;
    let mut unit = ehs_ledger::units::MassUnit::Kg;
    let mut lines = Vec::new();
    for (i, w) in a.weights.iter().enumerate() {
        let Some((c, q)) = w.split_once('=') else {
            return Err(Error::invalid(
                "lines",
                format!("--weight #{}: '{w}' is not CONTAINER=MASS (e.g. D-001=498.5kg)", i + 1),
            ));
        };
        let (n, u) = split_unit(q.trim()).map_err(|e| Error::invalid("lines", format!("container {c}: {}", e.0)))?;
        if i > 0 && u != unit {
            return Err(Error::invalid("lines", "give every --weight in the same unit"));
        }
        unit = u;
        lines.push(ReceivedLine { container_id: c.trim().into(), received: n.to_string() });
    }
    let s = shipment::confirm(
        store,
        &who,
        ConfirmInput {
            shipment: a.manifest,
            received_on: a.received_on,
            confirmed_on: a.confirmed_on,
            lines,
            unit,
            as_shipped: a.as_shipped,
            rejected: a.rejected,
            method: a.method,
            note: a.note,
        },
        now,
    )?;
    print_shipment(&s, a.json)
}

pub fn settings_cmd(
    db: Option<PathBuf>,
    user: Option<String>,
    cmd: SettingsCmd,
    now: DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db)?;
    match cmd {
        SettingsCmd::List { json } => {
            let all = settings::all(store.conn())?;
            if json {
                print_json(&all)?;
            } else {
                for s in all {
                    println!(
                        "{:<30} {:<24} {}{}",
                        s.key,
                        s.value,
                        s.help,
                        if s.is_default { " (default)" } else { "" }
                    );
                }
            }
        }
        SettingsCmd::Set { key, value } => {
            let who = actor(&store, &user)?;
            let s = settings::set(&mut store, &who, &key, &value, now)?;
            println!("{} = {}", s.key, s.value);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn calendar_cmd(
    db: Option<PathBuf>,
    user: Option<String>,
    cmd: CalendarCmd,
    now: DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db)?;
    match cmd {
        CalendarCmd::Add { day, kind, note } => {
            let who = actor(&store, &user)?;
            let d = settings::add_calendar_day(&mut store, &who, settings::CalendarDayInput { day, kind, note }, now)?;
            println!("{} {} {} ({})", d.day, d.kind, d.note, d.id);
        }
        CalendarCmd::List { json } => {
            let days = settings::calendar_days(store.conn())?;
            if json {
                print_json(&days)?;
            } else {
                for d in days {
                    println!("{} {:<8} {}  ({})", d.day, d.kind, d.note, d.id);
                }
            }
        }
        CalendarCmd::Void { id, reason } => {
            let who = actor(&store, &user)?;
            settings::void_calendar_day(&mut store, &who, &id, &reason, now)?;
            println!("voided {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
