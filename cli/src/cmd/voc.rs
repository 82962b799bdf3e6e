//! `voc`: the VOCs area — sources (stacks, coating lines), the material master data and the
//! monthly material ledger, the VOC content of waste codes, stack tests, the coated area, and a
//! month's emissions by both methods side by side.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::air::materials::{self, ContentBasis, NewVocMaterial, UsageInput, WasteContentInput};
use ehs_ledger::air::sources::{self, EfficiencyBasis, NewVocSource, SourceKind};
use ehs_ledger::air::stack_tests::{self, AreaInput, TestInput};
use ehs_ledger::air::{self, VocMonth, VocRecord};
use ehs_ledger::units::{Grams, MassUnit};
use ehs_ledger::Error;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Sources: stacks and coating lines with limits and abatement efficiencies
    #[command(subcommand)]
    Source(SourceCmd),
    /// VOC-containing materials (master data: VOC content from the SDS)
    #[command(subcommand)]
    Material(MaterialCmd),
    /// The monthly material ledger (used, purchased, recovered per material and batch)
    #[command(subcommand)]
    Usage(UsageCmd),
    /// VOC content of hazardous-waste codes (O1 from the waste shipments)
    #[command(subcommand, name = "waste-content")]
    WasteContent(WasteContentCmd),
    /// Stack test results (monitoring method)
    #[command(subcommand)]
    Test(TestCmd),
    /// The month's primer-coated area (for g/m²)
    #[command(subcommand)]
    Area(AreaCmd),
    /// A month's VOCs by material balance and by monitoring, side by side
    Emissions {
        /// YYYY-MM
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    /// Void a VOC record with a reason
    Void {
        /// source | material | usage | waste_content | test | area
        #[arg(long)]
        kind: VocRecord,
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum SourceCmd {
    /// Add a source
    Add(SourceArgs),
    /// Live sources
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct SourceArgs {
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// stack | coating_line | other
    #[arg(long, default_value = "stack")]
    kind: SourceKind,
    /// Regulatory limit, mg/m³ (from the permit)
    #[arg(long)]
    limit: Option<String>,
    /// Internal target, mg/m³ (e.g. 12.5)
    #[arg(long)]
    target: Option<String>,
    /// Capture efficiency, %
    #[arg(long)]
    capture: String,
    /// Removal efficiency, %
    #[arg(long)]
    removal: String,
    /// design | tested
    #[arg(long, default_value = "design")]
    basis: EfficiencyBasis,
    #[arg(long)]
    note: Option<String>,
    /// Operating hours in a month
    #[arg(long)]
    hours: String,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum MaterialCmd {
    /// Add a material: --voc-pct 45, or --voc-g-l 420 --density 1200
    Add(MaterialArgs),
    /// Live materials
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct MaterialArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    supplier: Option<String>,
    /// VOC content, mass %
    #[arg(long, conflicts_with = "voc_g_l")]
    voc_pct: Option<String>,
    /// VOC content, g/L (needs --density)
    #[arg(long)]
    voc_g_l: Option<String>,
    /// Density, g/L
    #[arg(long)]
    density: Option<String>,
    /// SDS / test report number
    #[arg(long)]
    document: Option<String>,
    #[arg(long)]
    waterborne: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum UsageCmd {
    /// Record a ledger line of a month
    Add(UsageArgs),
    /// The ledger lines of a month
    List {
        #[arg(long)]
        month: String,
        #[arg(long)]
        include_voided: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct UsageArgs {
    /// YYYY-MM
    #[arg(long)]
    month: String,
    /// Material name or id
    #[arg(long)]
    material: String,
    #[arg(long)]
    batch: Option<String>,
    /// Source code (coating line); none = no abatement
    #[arg(long)]
    source: Option<String>,
    /// Mass used with unit: 800kg, 1.2t
    #[arg(long)]
    used: String,
    #[arg(long)]
    purchased: Option<String>,
    /// Material recovered (reused or returned), with unit
    #[arg(long)]
    recovered: Option<String>,
    #[arg(long)]
    note: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum WasteContentCmd {
    /// Set a waste code's VOC mass % from a day on
    Set {
        /// 名录 code, e.g. 900-252-12
        #[arg(long)]
        code: String,
        #[arg(long)]
        voc_pct: String,
        /// YYYY-MM-DD
        #[arg(long)]
        valid_from: String,
        #[arg(long)]
        document: Option<String>,
    },
    /// Live waste VOC contents
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum TestCmd {
    /// Record a stack test
    Add {
        /// Source code or id
        #[arg(long)]
        source: String,
        /// Plant-local YYYY-MM-DDTHH:MM
        #[arg(long)]
        at: String,
        /// Concentration, mg/m³
        #[arg(long)]
        c: String,
        /// Flow, Nm³/h
        #[arg(long)]
        q: String,
        /// Hours the test represents (default: share the month's operating hours)
        #[arg(long)]
        hours: Option<String>,
        #[arg(long)]
        lab: Option<String>,
        #[arg(long)]
        report: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The tests of a month
    List {
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum AreaCmd {
    /// Set the month's coated area (replaces an earlier value)
    Set {
        #[arg(long)]
        month: String,
        /// Whole m²
        #[arg(long)]
        m2: i64,
        #[arg(long)]
        basis: Option<String>,
    },
}

/// `--used 800kg`, `--recovered 0.1t`: each with its own unit, passed on as exact kg text.
fn quantities(used: &str, purchased: Option<&str>, recovered: Option<&str>) -> Result<UsageQuantities, Error> {
    let one = |field: &'static str, t: &str| -> Result<String, Error> {
        let (g, _) = Grams::parse_with_unit(t).map_err(|e| Error::invalid(field, e.0))?;
        Ok(g.kg_string())
    };
    Ok(UsageQuantities {
        used: one("used", used)?,
        purchased: purchased.map(|t| one("purchased", t)).transpose()?,
        recovered: recovered.map(|t| one("recovered", t)).transpose()?,
    })
}

struct UsageQuantities {
    used: String,
    purchased: Option<String>,
    recovered: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Source(SourceCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let input = NewVocSource {
                code: a.code,
                name: a.name,
                kind: a.kind,
                limit_mg_m3: a.limit,
                target_mg_m3: a.target,
                capture_pct: a.capture,
                removal_pct: a.removal,
                efficiency_basis: a.basis,
                efficiency_note: a.note,
                hours_per_month: a.hours,
            };
            let s = sources::add_source(&mut store, &who, input, ctx.now)?;
            if a.json {
                print::json(&s)?;
            } else {
                println!("{} {} ({})", s.code, s.name, s.id);
            }
        }
        Cmd::Source(SourceCmd::List { json }) => {
            let list = sources::list(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for s in list {
                    println!(
                        "{:<10} {:<24} {:<12} capture {} % removal {} % limit {} target {} mg/m³ {} h/month",
                        s.code,
                        s.name,
                        s.kind,
                        s.capture_pct,
                        s.removal_pct,
                        s.limit_mg_m3.as_deref().unwrap_or("—"),
                        s.target_mg_m3.as_deref().unwrap_or("—"),
                        s.hours_per_month
                    );
                }
            }
        }
        Cmd::Material(MaterialCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let (basis, content) = match (a.voc_pct, a.voc_g_l) {
                (Some(p), None) => (ContentBasis::MassPct, p),
                (None, Some(g)) => (ContentBasis::GPerL, g),
                _ => return Err(Error::invalid("content", ehs_ledger::msg::cli::give_voc_content_voc())),
            };
            let input = NewVocMaterial {
                name: a.name,
                supplier: a.supplier,
                content_basis: basis,
                content,
                density_g_l: a.density,
                document_no: a.document,
                waterborne: a.waterborne,
            };
            let m = materials::add_material(&mut store, &who, input, ctx.now)?;
            if a.json {
                print::json(&m)?;
            } else {
                println!("{} VOC {} % ({})", m.name, m.voc_mass_pct, m.id);
            }
        }
        Cmd::Material(MaterialCmd::List { json }) => {
            let list = materials::materials(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for m in list {
                    println!("{:<24} VOC {:>10} % {:<16} {}", m.name, m.voc_mass_pct, m.document_no, m.supplier);
                }
            }
        }
        Cmd::Usage(UsageCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let q = quantities(&a.used, a.purchased.as_deref(), a.recovered.as_deref())?;
            let input = UsageInput {
                month: a.month,
                material: a.material,
                batch: a.batch,
                source: a.source,
                purchased: q.purchased,
                used: q.used,
                recovered: q.recovered,
                unit: MassUnit::Kg,
                note: a.note,
            };
            let u = materials::add_usage(&mut store, &who, input, ctx.now)?;
            if a.json {
                print::json(&u)?;
            } else {
                println!("{} {} used {} kg ({})", u.month, u.material, Grams(u.used_g).kg_string(), u.id);
            }
        }
        Cmd::Usage(UsageCmd::List { month, include_voided, json }) => {
            let list = materials::usage(store.conn(), &month, include_voided)?;
            if json {
                print::json(&list)?;
            } else {
                for u in list {
                    println!(
                        "{} {:<24} {:<10} {:<8} used {:>14} kg recovered {:>12} kg{}",
                        u.month,
                        u.material,
                        u.batch,
                        u.source_code.as_deref().unwrap_or("—"),
                        Grams(u.used_g).kg_string(),
                        Grams(u.recovered_g).kg_string(),
                        if u.voided { " (voided)" } else { "" }
                    );
                }
            }
        }
        Cmd::WasteContent(WasteContentCmd::Set { code, voc_pct, valid_from, document }) => {
            let who = ctx.actor(&store)?;
            let input = WasteContentInput { code, voc_pct, document_no: document, valid_from };
            let w = materials::set_waste_content(&mut store, &who, input, ctx.now)?;
            println!("{} VOC {} % from {} ({})", w.code, w.voc_pct, w.valid_from, w.id);
        }
        Cmd::WasteContent(WasteContentCmd::List { json }) => {
            let list = materials::waste_contents(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for w in list {
                    println!("{} VOC {:>10} % from {} {}", w.code, w.voc_pct, w.valid_from, w.document_no);
                }
            }
        }
        Cmd::Test(TestCmd::Add { source, at, c, q, hours, lab, report, json }) => {
            let who = ctx.actor(&store)?;
            let input =
                TestInput { source, sampled_at_local: at, c_mg_m3: c, q_nm3_h: q, hours, lab, report_no: report };
            let t = stack_tests::add_test(&mut store, &who, input, ctx.now)?;
            if json {
                print::json(&t)?;
            } else {
                println!(
                    "{} {} C {} mg/m³ Q {} Nm³/h ({})",
                    t.source_code, t.sampled_at_local, t.c_mg_m3, t.q_nm3_h, t.id
                );
            }
        }
        Cmd::Test(TestCmd::List { month, json }) => {
            let list = stack_tests::tests(store.conn(), &month)?;
            if json {
                print::json(&list)?;
            } else {
                for t in list {
                    println!(
                        "{:<10} {} C {:>10} mg/m³ Q {:>12} Nm³/h {}",
                        t.source_code, t.sampled_at_local, t.c_mg_m3, t.q_nm3_h, t.report_no
                    );
                }
            }
        }
        Cmd::Area(AreaCmd::Set { month, m2, basis }) => {
            let who = ctx.actor(&store)?;
            let a = stack_tests::set_area(&mut store, &who, AreaInput { month, area_m2: m2, basis }, ctx.now)?;
            println!("{} coated area {} m² ({})", a.month, a.area_m2, a.id);
        }
        Cmd::Emissions { month, json } => {
            let m = air::emissions(store.conn(), &month)?;
            if json {
                print::json(&m)?;
            } else {
                emissions(&m);
            }
        }
        Cmd::Void { kind, id, reason } => {
            let who = ctx.actor(&store)?;
            air::void(&mut store, &who, kind, &id, &reason, ctx.now)?;
            println!("voided {kind} {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn kg(g: i64) -> String {
    Grams(g).kg_string()
}

/// `voc emissions`: both methods side by side, with their inputs.
fn emissions(m: &VocMonth) {
    let b = &m.balance;
    println!("VOCs {} — reported {} kg ({})", m.month, kg(m.emitted_g), m.emitted_method);
    println!("Material balance (物料衡算)");
    println!("  I  input                 {:>16} kg", kg(b.input_g));
    println!("  O1 recovered (ledger)    {:>16} kg", kg(b.recovered_ledger_g));
    println!("  O1 in hazardous waste    {:>16} kg", kg(b.recovered_waste_g));
    for w in &b.waste {
        println!(
            "       {} {} t × {} % = {} kg  manifests {}",
            w.code,
            w.shipped_t,
            w.voc_pct,
            w.recovered_kg,
            w.manifests.join(", ")
        );
    }
    println!("  O2 abated                {:>16} kg", kg(b.abated_g));
    for s in &b.sources {
        println!(
            "       {} input {} kg × {} % × {} % = {} kg",
            s.code,
            kg(s.input_g),
            s.capture_pct,
            s.removal_pct,
            kg(s.abated_g)
        );
    }
    println!("  E = I − O1 − O2          {:>16} kg", kg(b.emitted_g));
    if let (Some(g), Some(a)) = (&b.g_per_m2, m.area_m2) {
        println!("  per coated area          {g} g/m² ({a} m²)");
    }
    if b.inconsistent {
        println!("  WARNING: E < 0 — more recovered and abated than used; check the ledger");
    }
    println!("Monitoring (监测法)");
    match m.monitoring.emitted_g {
        Some(g) => println!("  E                        {:>16} kg", kg(g)),
        None => println!("  no stack test this month"),
    }
    for s in &m.monitoring.sources {
        for t in &s.tests {
            let flag = match (t.over_limit, t.over_target) {
                (Some(true), _) => " OVER LIMIT",
                (_, Some(true)) => " over target",
                _ => "",
            };
            println!("  {} {} C {} mg/m³ Q {} Nm³/h{flag}", s.code, t.sampled_at_local, t.c_mg_m3, t.q_nm3_h);
        }
    }
    if !m.monitoring.unmonitored.is_empty() {
        println!("  sources without a test: {}", m.monitoring.unmonitored.join(", "));
    }
}
