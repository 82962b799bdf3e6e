//! `audit`: the hash-chained audit trail and the derived totals.

use crate::ctx::Ctx;
use clap::Subcommand;
use ehs_ledger::waste::{generation, storage::totals};
use ehs_ledger::{audit, Error};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Prove the hash chain, every record against its latest audit row, and the derived
    /// totals; exit 0 when all hold, 1 naming the first broken row or differing record
    Verify {
        /// Only the start-up check: the newest N audit rows' chain and records, and the newest
        /// N rows of each record table (seconds → milliseconds on a large file)
        #[arg(long, value_name = "N")]
        recent: Option<u32>,
    },
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Verify { recent: Some(n) } => {
            let store = ctx.open()?;
            let r = audit::verify_tail(store.conn(), i64::from(n))?;
            if let Some(b) = r.first_broken {
                eprintln!("audit chain broken at row {}: {} (newest {n} rows checked)", b.seq, b.reason);
                return Ok(ExitCode::from(1));
            }
            let rec = audit::verify_recent_records(store.conn(), i64::from(n))?;
            if let Some(d) = rec.first_difference {
                eprintln!("records differ from the audit trail ({} records): first {d}", rec.records_differing);
                return Ok(ExitCode::from(1));
            }
            println!(
                "newest {} audit rows hold and their {} records match; the newest {n} rows of each table are audited \
                 (start-up check; `audit verify` proves everything)",
                r.rows_checked, rec.records_checked
            );
        }
        Cmd::Verify { recent: None } => {
            let store = ctx.open()?;
            let r = audit::verify(store.conn())?;
            if let Some(b) = r.first_broken {
                eprintln!(
                    "audit chain broken at row {}: {} ({} rows before it verified)",
                    b.seq, b.reason, r.rows_checked
                );
                return Ok(ExitCode::from(1));
            }
            println!("audit chain holds: {} rows, head {}", r.rows_checked, r.head.as_deref().unwrap_or("(empty)"));
            let rec = audit::verify_records(store.conn())?;
            if let Some(d) = rec.first_difference {
                eprintln!("records differ from the audit trail ({} records): first {d}", rec.records_differing);
                return Ok(ExitCode::from(1));
            }
            println!(
                "records match the audit trail: {} records in {} tables, each equal to its latest audit row",
                rec.records_checked, rec.tables_checked
            );
            if let Some(diff) = generation::check_day_totals(store.conn())? {
                eprintln!("derived totals disagree with the ledger: {diff}");
                return Ok(ExitCode::from(1));
            }
            if let Some(diff) = totals::check(store.conn())? {
                eprintln!("derived storage totals disagree with the movements: {diff}");
                return Ok(ExitCode::from(1));
            }
            if let Some(diff) = ehs_ledger::waste::shipment::check_unconfirmed(store.conn())? {
                eprintln!("derived shipment cache disagrees with the shipments: {diff}");
                return Ok(ExitCode::from(1));
            }
            println!("derived day totals and storage totals match the ledger");
        }
    }
    Ok(ExitCode::SUCCESS)
}
