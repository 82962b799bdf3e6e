//! `audit`: the hash-chained audit trail and the derived totals.

use crate::ctx::Ctx;
use clap::Subcommand;
use ehs_ledger::waste::{generation, storage::totals};
use ehs_ledger::{audit, Error};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Walk the hash chain; exit 0 when it holds, 1 naming the first broken row otherwise
    Verify,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Verify => {
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
            if let Some(diff) = generation::check_day_totals(store.conn())? {
                eprintln!("derived totals disagree with the ledger: {diff}");
                return Ok(ExitCode::from(1));
            }
            if let Some(diff) = totals::check(store.conn())? {
                eprintln!("derived storage totals disagree with the movements: {diff}");
                return Ok(ExitCode::from(1));
            }
            println!("derived day totals and storage totals match the ledger");
        }
    }
    Ok(ExitCode::SUCCESS)
}
