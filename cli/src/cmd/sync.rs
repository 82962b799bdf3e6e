//! `sync`: the weekly packet to HQ. `sync week --week YYYY-Www` previews a week — its figures per
//! calendar-month part, the details HQ can drill into, and the plausibility flags; `sync key`
//! shows or exports the plant key; `sync sign` / `sync verify` build and check a signed packet.

use crate::ctx::Ctx;
use crate::print;
use clap::Subcommand;
use ehs_ledger::indicators::{self, IndicatorUnit};
use ehs_ledger::sync::{self, IsoWeek};
use ehs_ledger::sync::{key, packet};
use ehs_ledger::units::Grams;
use ehs_ledger::waste::indicators::WasteDetails;
use ehs_ledger::{files, plant, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Preview a week's summary (figures per month part, details, flags) before sending
    Week {
        /// ISO week in the plant's time zone, e.g. 2026-W53
        #[arg(long)]
        week: String,
        #[arg(long)]
        json: bool,
    },
    /// The plant key that signs packets (generated on first use in an older database)
    #[command(subcommand)]
    Key(KeyCmd),
    /// Sign a content file ({"indicators", "details", "methods"?}) as a week's packet
    Sign {
        /// JSON file with the week's content
        #[arg(long, value_name = "FILE.json")]
        payload: PathBuf,
        /// ISO week in the plant's time zone, e.g. 2026-W49
        #[arg(long)]
        week: String,
        /// Revision of the week's packet (1 = first)
        #[arg(long, default_value_t = 1)]
        revision: i64,
        /// Why this revision restates the week (required from revision 2)
        #[arg(long)]
        reason: Option<String>,
        /// The audit seq the previous packet signed as its head (the anchor)
        #[arg(long, value_name = "SEQ")]
        prev_anchor_seq: Option<i64>,
        /// Packet file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify a packet file against a public key file (PEM); exit 0 and print the body, 1 if it fails
    Verify {
        #[arg(long, value_name = "FILE")]
        packet: PathBuf,
        /// The plant's public key file (PEM, as `sync key export` writes it)
        #[arg(long, value_name = "FILE.pem")]
        key: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Fingerprint, algorithm and creation time of the active key
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the public key file HQ registers (PEM, SubjectPublicKeyInfo)
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn read(field: &'static str, path: &PathBuf) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::invalid(field, format!("cannot read {}: {e}", path.display())))
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Week { week, json } => {
            let week = IsoWeek::parse("week", &week)?;
            let store = ctx.open()?;
            let preview = sync::preview(store.conn(), week, ctx.today(&store)?)?;
            if json {
                print::json(&preview)?;
            } else {
                show(&preview);
            }
        }
        Cmd::Key(KeyCmd::Show { json }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            if json {
                print::json(&k.info)?;
            } else {
                println!("plant key {} ({}), created {}", k.info.fingerprint, k.info.algorithm, k.info.created_at);
                println!("public key (base64): {}", k.info.public_key_b64);
            }
        }
        Cmd::Key(KeyCmd::Export { out }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            let plant = plant::require(store.conn())?;
            files::write_atomic(&out, key::export_pem(&plant.code, &k.info, &k.verifying_key()).as_bytes())?;
            println!("wrote {} (plant key {})", out.display(), k.info.fingerprint);
        }
        Cmd::Sign { payload, week, revision, reason, prev_anchor_seq, out } => {
            let bytes = read("payload", &payload)?;
            let content: packet::Content = serde_json::from_slice(&bytes)
                .map_err(|e| Error::invalid("payload", format!("{}: {e}", payload.display())))?;
            let mut store = ctx.open()?;
            let input = packet::PacketInput { week, revision, reason, prev_anchor_seq, content };
            let p = packet::build(&mut store, input, ctx.now)?;
            files::write_atomic(&out, &p.bytes)?;
            println!(
                "wrote {} ({} bytes): {} revision {}, key {}, audit head {}",
                out.display(),
                p.bytes.len(),
                p.body.week,
                p.body.revision,
                p.envelope.key_fingerprint,
                p.body.provenance.audit_head.as_ref().map_or("(empty)".into(), |h| h.seq.to_string())
            );
        }
        Cmd::Verify { packet: file, key: key_file } => {
            let pem =
                String::from_utf8(read("key", &key_file)?).map_err(|_| Error::invalid("key", "not UTF-8 text"))?;
            let public = key::public_from_pem(&pem)?;
            match packet::verify(&read("packet", &file)?, &public) {
                Ok(body) => print::json(&body)?,
                Err(e) => {
                    eprintln!("packet does not verify: {}", ehs_ledger::AppError::from(e).message);
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn value(v: i64, unit: IndicatorUnit) -> String {
    match unit {
        IndicatorUnit::G => format!("{} kg", Grams(v).kg_string()),
        other => format!("{v} {other}"),
    }
}

fn show(p: &sync::WeekPreview) {
    let s = &p.summary;
    println!("{} {} ({} – {}, {}), {} ledger records", s.plant_code, s.week, s.from, s.to, s.timezone, s.records);
    for part in &s.parts {
        println!("\n[{}] {} – {}, {} records", part.month, part.from, part.to, part.records);
        for f in &part.figures {
            let label = indicators::get(&f.key).map_or("", |i| i.label_zh);
            println!("  {:<28} {:>18}  {:<10} {}", f.key, value(f.value, f.unit), f.method, label);
        }
        let waste = part.details.get(&ehs_ledger::areas::Area::Waste).cloned();
        if let Some(d) = waste.and_then(|v| serde_json::from_value::<WasteDetails>(v).ok()) {
            let kg = |g: i64| Grams(g).kg_string();
            for c in &d.hw {
                println!(
                    "  HW {}: generated {} kg, shipped utilisation {} / disposal {} kg, own use {} / disposal {} kg, stock {} → {} kg{}",
                    c.code,
                    kg(c.generated_g),
                    kg(c.shipped_utilisation_g),
                    kg(c.shipped_disposal_g),
                    kg(c.own_use_g),
                    kg(c.own_disposal_g),
                    kg(c.opening_stock_g),
                    kg(c.closing_stock_g),
                    if c.manifests.is_empty() { String::new() } else { format!(", manifests {}", c.manifests.join(" ")) }
                );
            }
            for c in &d.nhw {
                let routes: Vec<String> = c
                    .routes
                    .iter()
                    .map(|r| {
                        format!("{} {} {} kg", r.route, if r.onsite { "on site" } else { "off site" }, kg(r.grams))
                    })
                    .collect();
                println!("  SW {}: generated {} kg; {}", c.code, kg(c.generated_g), routes.join("; "));
            }
        }
    }
    if p.flags.is_empty() {
        println!("\nNo flags.");
    } else {
        println!("\nFlags (each needs a note before sending):");
        for f in &p.flags {
            println!("  [{}] {}", f.kind, f.message);
        }
    }
}
