//! `sync`: the weekly figures for HQ. `sync week --week YYYY-Www` previews a week — its figures
//! per calendar-month part, the details HQ can drill into, and the plausibility flags.

use crate::ctx::Ctx;
use crate::print;
use clap::Subcommand;
use ehs_ledger::indicators::{self, IndicatorUnit};
use ehs_ledger::sync::{self, IsoWeek};
use ehs_ledger::units::Grams;
use ehs_ledger::waste::indicators::WasteDetails;
use ehs_ledger::Error;
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
