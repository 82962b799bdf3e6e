//! `export` and `import`: documents (monthly ledgers as xlsx/PDF, one table for any period, the
//! manifest PDF, container labels) and the import of historical generation ledgers.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::waste::export::LabelRequest;
use ehs_ledger::waste::export::{self, Format, LedgerTable, Period};
use ehs_ledger::waste::import;
use ehs_ledger::waste::label::LabelBand;
use ehs_ledger::{docs, files, plant, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Documents: monthly ledgers (xlsx/PDF), manifest PDF, labels PDF; import of historical ledgers
    #[command(subcommand)]
    Export(ExportCmd),
    /// Import a historical generation ledger (CSV UTF-8 or xlsx): checks every row and writes
    /// nothing unless --commit; with --commit all rows or none (exit 1 listing bad rows)
    Import(ImportArgs),
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// A month's ledgers (B.1–B.5, summary, general solid waste) as xlsx or PDF; or, with
    /// --from/--to and --table (and --code), one table for any period
    Ledger(LedgerArgs),
    /// The local copy of a transfer manifest as PDF
    Manifest {
        /// Manifest number or shipment id
        #[arg(long)]
        manifest: String,
        /// File to write (default: the export folder, under the name the app gives it)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// (reached as `ehs-ledger import`)
    #[command(hide = true)]
    Import(ImportArgs),
    /// HJ 1276-2022 labels for containers as PDF (needs `settings set uscc …`)
    /// HJ 1276-2022 labels; each package gets its 数字识别码 once (reprints reuse it)
    Labels {
        #[arg(long = "container", required = true)]
        containers: Vec<String>,
        /// Container volume in litres for this run: sets the label size (≤ 50 L: 100 mm,
        /// ≤ 450 L: 150 mm, > 450 L: 200 mm, printed twice for two opposite sides). Without
        /// it, a container labelled before keeps its recorded size
        #[arg(long = "volume-l", value_name = "LITRES")]
        volume_l: Option<u32>,
        /// One container's volume, overriding --volume-l (repeatable)
        #[arg(long = "volume", value_name = "CONTAINER=LITRES")]
        volumes: Vec<String>,
        /// File to write (default: the export folder, under the name the app gives it)
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct LedgerArgs {
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
    /// File to write (default: the export folder, under the name the app gives it)
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(long)]
    file: PathBuf,
    #[arg(long)]
    commit: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    let today = ctx.today(&store)?;
    match cmd {
        Cmd::Export(ExportCmd::Ledger(a)) => {
            let p = match (a.month, a.from, a.to) {
                (Some(m), _, _) => Period::month("month", &m)?,
                (None, Some(f), Some(t)) => Period::between(&f, &t)?,
                _ => return Err(Error::invalid("month", ehs_ledger::msg::cli::give_month_yyyy_mm_from())),
            };
            let f = Format::parse("format", &a.format)?;
            let plant = plant::require(store.conn())?.code;
            let (bytes, name) = match a.table {
                Some(t) => {
                    let which = LedgerTable::parse("table", &t)?;
                    let code = a.code.as_deref();
                    let bytes = export::table_document(store.conn(), &p, which, code, f, &mut |_, _| true)?;
                    (bytes, export::table_file_name(&plant, &p, which, code, f))
                }
                None => {
                    (export::ledger(store.conn(), &p, f, &mut |_, _| true)?, export::ledger_file_name(&plant, &p, f))
                }
            };
            write(a.out, &name, &bytes)?;
        }
        Cmd::Export(ExportCmd::Manifest { manifest, out }) => {
            let doc = export::manifest_doc(store.conn(), &manifest, today)?;
            write(out, &export::manifest_file_name(&doc.manifest_no), &docs::manifest_pdf(&doc)?)?;
        }
        Cmd::Export(ExportCmd::Import(a)) | Cmd::Import(a) => {
            let who = ctx.actor(&store)?;
            let table = import::read_table(&a.file)?;
            let mut shown = 0;
            let mut progress = |done: usize, total: usize| {
                if total >= 1000 && done * 10 / total > shown {
                    shown = done * 10 / total;
                    eprintln!("{done} / {total}");
                }
                true
            };
            let p = if a.commit {
                import::commit(&mut store, &who, &table, ctx.now, &mut progress)?
            } else {
                import::preview(&mut store, &who, &table, ctx.now, &mut progress)?
            };
            if a.json {
                print::json(&p)?;
            } else {
                for e in &p.errors {
                    println!("row {:>5}  {:<14} {}", e.row, e.column, e.reason);
                }
                println!(
                    "{} rows, {} kg: {}",
                    p.rows,
                    p.total_kg,
                    match (a.commit, p.errors.is_empty()) {
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
        Cmd::Export(ExportCmd::Labels { containers, volume_l, volumes, out }) => {
            let who = ctx.actor(&store)?;
            let mut own = std::collections::HashMap::new();
            for v in &volumes {
                let parsed =
                    v.rsplit_once('=').and_then(|(c, l)| Some((c.trim().to_string(), l.trim().parse::<u32>().ok()?)));
                let Some((c, litres)) = parsed.filter(|(c, _)| containers.iter().any(|x| x.trim() == c)) else {
                    return Err(Error::invalid("volume", ehs_ledger::msg::cli::volume_expected_container_litres(&v)));
                };
                own.insert(c, LabelBand::of_volume(litres));
            }
            let requests: Vec<LabelRequest> = containers
                .iter()
                .map(|c| LabelRequest { container_id: c.clone(), band: own.get(c.trim()).copied() })
                .collect();
            let labels =
                export::issue_labels(&mut store, &who, &requests, volume_l.map(LabelBand::of_volume), ctx.now)?;
            write(out, &export::labels_file_name(&labels, ctx.now), &docs::labels_pdf(&labels)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a document atomically (the core's `.partial` + rename): to `--out`, else into the
/// export folder under the core's file name, as the app saves it. Prints the path and size.
fn write(out: Option<PathBuf>, name: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = match out {
        Some(p) => {
            files::write_atomic(&p, bytes)?;
            p
        }
        None => files::save_export(name, bytes)?,
    };
    println!("{} ({} bytes)", path.display(), bytes.len());
    Ok(())
}
