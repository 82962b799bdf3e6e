//! CLI: the general solid-waste ledger, GRI 306 figures, own treatment (B.4), and documents
//! (monthly ledger export, manifest PDF, labels PDF). Parsing and printing only.

use super::{actor, open, print_json};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use ehs_ledger::units::split_unit;
use ehs_ledger::waste::export::{self, Format, Period};
use ehs_ledger::waste::{gri, own, solid};
use ehs_ledger::{docs, plant, time, Error};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum SolidCmd {
    /// Add a general solid-waste stream (code NNN-NNN-Sxx)
    Stream {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "solid")]
        form: String,
        #[arg(long, default_value = "")]
        process: String,
    },
    /// Streams with their stock
    Streams {
        #[arg(long)]
        json: bool,
    },
    /// Record generated general solid waste
    Add {
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
    },
    /// Record an outbound batch (never more than in store)
    Ship {
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
    },
    /// Records of a period
    List {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        include_voided: bool,
        #[arg(long)]
        json: bool,
    },
    /// Void a record with a reason
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// GRI 306-3/4/5 and both diversion rates for a period (both ledgers)
    Gri {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// A month's ledgers (B.1–B.5, summary, general solid waste) as xlsx or PDF; or, with
    /// --from/--to and --table (and --code), one table for any period
    Ledger {
        /// YYYY-MM
        #[arg(long, required_unless_present = "from", conflicts_with_all = ["from", "to"])]
        month: Option<String>,
        /// YYYY-MM-DD (with --to)
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// YYYY-MM-DD, included (with --from)
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// One table only: b1 … b5, summary, solid (default: every table, one sheet each)
        #[arg(long)]
        table: Option<String>,
        /// Only this waste code's records (with --table)
        #[arg(long, requires = "table")]
        code: Option<String>,
        /// xlsx | pdf
        #[arg(long, default_value = "xlsx")]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// The local copy of a transfer manifest as PDF
    Manifest {
        /// Manifest number or shipment id
        #[arg(long)]
        manifest: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// (reached as `ehs-ledger import`)
    #[command(hide = true)]
    Import {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        commit: bool,
        #[arg(long)]
        json: bool,
    },
    /// HJ 1276-2022 labels for containers as PDF (needs `settings set uscc …`)
    Labels {
        #[arg(long = "container", required = true)]
        containers: Vec<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

fn input(stream: String, quantity: &str, at: Option<String>) -> Result<solid::SwRecordInput, Error> {
    let (n, unit) = split_unit(quantity).map_err(|e| Error::invalid("quantity", e.0))?;
    Ok(solid::SwRecordInput {
        stream,
        quantity: n.to_string(),
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

fn print_record(r: &solid::SwRecord, json: bool) -> Result<(), Error> {
    if json {
        return print_json(r);
    }
    println!(
        "{} {} {} {} {} t {}{}",
        r.batch_code,
        r.at_local,
        r.code,
        r.stream_name,
        r.quantity_t,
        r.route.as_deref().unwrap_or(""),
        if r.receiver_name.is_empty() { String::new() } else { format!(" → {}", r.receiver_name) }
    );
    Ok(())
}

pub fn solid_cmd(
    db: Option<PathBuf>,
    user: Option<String>,
    cmd: SolidCmd,
    now: DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db)?;
    match cmd {
        SolidCmd::Stream { code, name, form, process } => {
            let who = actor(&store, &user)?;
            let s = solid::add_stream(
                &mut store,
                &who,
                solid::NewSwStream { code, name, physical_form: form, process },
                now,
            )?;
            println!("{} {} ({})", s.code, s.name, s.id);
        }
        SolidCmd::Streams { json } => {
            let list = solid::streams(store.conn())?;
            if json {
                print_json(&list)?;
            } else {
                for s in list {
                    println!("{} {:<24} {:>12} t in store", s.code, s.name, s.stock_t);
                }
            }
        }
        SolidCmd::Add { stream, quantity, at, place, json } => {
            let who = actor(&store, &user)?;
            let mut i = input(stream, &quantity, at)?;
            i.storage_place = place;
            print_record(&solid::record_generation(&mut store, &who, i, now)?, json)?;
        }
        SolidCmd::Ship {
            stream,
            quantity,
            route,
            onsite,
            receiver,
            receiver_uscc,
            transporter,
            document,
            at,
            json,
        } => {
            let who = actor(&store, &user)?;
            let mut i = input(stream, &quantity, at)?;
            i.route = Some(route);
            i.onsite = onsite;
            i.receiver = receiver;
            i.receiver_uscc = receiver_uscc;
            i.transporter = transporter;
            i.document_no = document;
            print_record(&solid::record_outbound(&mut store, &who, i, now)?, json)?;
        }
        SolidCmd::List { from, to, include_voided, json } => {
            let list = solid::list(
                store.conn(),
                time::parse_date("from", &from)?,
                time::parse_date("to", &to)?,
                include_voided,
            )?;
            if json {
                print_json(&list)?;
            } else {
                for r in &list {
                    print_record(r, false)?;
                }
            }
        }
        SolidCmd::Void { id, reason } => {
            let who = actor(&store, &user)?;
            let r = solid::void(&mut store, &who, &id, &reason, now)?;
            println!("voided {}", r.batch_code);
        }
        SolidCmd::Gri { from, to, json } => {
            let g = gri::disclosure(store.conn(), time::parse_date("from", &from)?, time::parse_date("to", &to)?)?;
            if json {
                print_json(&g)?;
            } else {
                let t = |g: i64| ehs_ledger::units::Grams(g).t_string();
                println!("GRI 306 waste, {} – {}", g.from, g.to);
                println!(
                    "306-3 generated: hazardous {} t, non-hazardous {} t",
                    t(g.generated_hazardous_g),
                    t(g.generated_non_hazardous_g)
                );
                println!(
                    "306-4 diverted: {} t    306-5 disposal: {} t    stock change {} t",
                    t(g.diverted_g),
                    t(g.disposal_g),
                    t(g.stock_change_g)
                );
                for r in &g.routes {
                    println!(
                        "  {:<16} {:<13} {:<8} {:>12} t",
                        r.route,
                        if r.hazardous { "hazardous" } else { "non-hazardous" },
                        if r.onsite { "onsite" } else { "offsite" },
                        r.tonnes
                    );
                }
                let pct = |b: Option<i64>| b.map(|b| format!("{} %", gri::percent(b))).unwrap_or_else(|| "n/a".into());
                println!("GRI diversion (306-4 / 306-3): {}", pct(g.gri_diversion_bp));
                println!("Zero-waste-to-landfill diversion (WtE counts as diverted): {}", pct(g.zwtl_diversion_bp));
                if !g.unmapped_methods.is_empty() {
                    println!(
                        "note: methods without a GRI mapping, counted by purpose: {}",
                        g.unmapped_methods.join(", ")
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write(out: &Path, bytes: &[u8]) -> Result<(), Error> {
    // Written to a temporary file first, so a failed export never leaves half a file.
    let tmp = out.with_extension("partial");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, out)?;
    println!("{} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

pub fn export_cmd(
    db: Option<PathBuf>,
    user: Option<String>,
    cmd: ExportCmd,
    now: DateTime<Utc>,
) -> Result<ExitCode, Error> {
    let mut store = open(&db)?;
    let today = time::local_date(now, plant::require(store.conn())?.tz()?);
    match cmd {
        ExportCmd::Ledger { month, from, to, table, code, format, out } => {
            let p = match (month, from, to) {
                (Some(m), _, _) => Period::month("month", &m)?,
                (None, Some(f), Some(t)) => Period::between(&f, &t)?,
                _ => return Err(Error::invalid("month", "give --month YYYY-MM or --from and --to")),
            };
            let f = Format::parse("format", &format)?;
            let bytes = match table {
                Some(t) => {
                    let which = export::LedgerTable::parse("table", &t)?;
                    export::table_document(store.conn(), &p, which, code.as_deref(), f, &mut |_, _| true)?
                }
                None => export::ledger(store.conn(), &p, f, &mut |_, _| true)?,
            };
            write(&out, &bytes)?;
        }
        ExportCmd::Manifest { manifest, out } => {
            let doc = export::manifest_doc(store.conn(), &manifest, today)?;
            write(&out, &docs::manifest_pdf(&doc)?)?;
        }
        ExportCmd::Import { file, commit, json } => {
            let who = actor(&store, &user)?;
            let table = ehs_ledger::waste::import::read_table(&file)?;
            let mut shown = 0;
            let mut progress = |done: usize, total: usize| {
                if total >= 1000 && done * 10 / total > shown {
                    shown = done * 10 / total;
                    eprintln!("{done} / {total}");
                }
                true
            };
            let p = if commit {
                ehs_ledger::waste::import::commit(&mut store, &who, &table, now, &mut progress)?
            } else {
                ehs_ledger::waste::import::preview(&mut store, &who, &table, now, &mut progress)?
            };
            if json {
                print_json(&p)?;
            } else {
                for e in &p.errors {
                    println!("row {:>5}  {:<14} {}", e.row, e.column, e.reason);
                }
                println!(
                    "{} rows, {} kg: {}",
                    p.rows,
                    p.total_kg,
                    match (commit, p.errors.is_empty()) {
                        (true, _) => "imported".to_string(),
                        (false, true) => "all rows pass; run again with --commit to import".to_string(),
                        (false, false) => format!("{} problem(s); nothing written", p.errors.len()),
                    }
                );
            }
            if !p.errors.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        ExportCmd::Labels { containers, out } => {
            let docs_ = export::label_docs(store.conn(), &containers)?;
            write(&out, &docs::labels_pdf(&docs_)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub struct TreatArgs {
    pub container: String,
    pub purpose: String,
    pub facility_code: String,
    pub method: String,
    pub at: Option<String>,
    pub finished_on: Option<String>,
    pub json: bool,
}

pub fn treat(
    store: &mut ehs_ledger::Store,
    user: &Option<String>,
    a: TreatArgs,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let who = actor(store, user)?;
    let t = own::treat(
        store,
        &who,
        own::OwnTreatInput {
            container_id: a.container,
            purpose: a.purpose,
            facility_code: a.facility_code,
            method: a.method,
            at_local: a.at,
            finished_on: a.finished_on,
        },
        now,
    )?;
    if a.json {
        print_json(&t)
    } else {
        println!("{} {} {} {} kg ← {} ({})", t.batch_code, t.container_id, t.code, t.quantity_kg, t.out_batch, t.id);
        Ok(())
    }
}
