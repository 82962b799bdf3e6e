//! `report`: the plant's management report. `report build (--week YYYY-Www | --month YYYY-MM)
//! [--lang zh|en] --out FILE.pdf` writes the weekly or monthly report as a PDF (atomically); a
//! bad period writes nothing.

use crate::ctx::Ctx;
use clap::Subcommand;
use ehs_ledger::report::{self, Lang, Period};
use ehs_ledger::sync::IsoWeek;
use ehs_ledger::{files, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Write the weekly or monthly management report (PDF, A4) for plant managers
    Build {
        /// ISO week in the plant's time zone, e.g. 2026-W10
        #[arg(long)]
        week: Option<String>,
        /// Calendar month, e.g. 2026-03
        #[arg(long)]
        month: Option<String>,
        /// Language of the report: zh (default) or en
        #[arg(long, default_value = "zh")]
        lang: String,
        /// PDF file to write
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

/// `--week` or `--month`, exactly one.
fn period(week: Option<String>, month: Option<String>) -> Result<Period, Error> {
    match (week, month) {
        (Some(w), None) => Ok(Period::Week(IsoWeek::parse("week", &w)?)),
        (None, Some(m)) => Period::parse_month("month", &m),
        (Some(_), Some(_)) => Err(Error::invalid("period", ehs_ledger::msg::cli::give_week_month_not())),
        (None, None) => Err(Error::invalid("period", ehs_ledger::msg::cli::give_week_yyyy_www())),
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Build { week, month, lang, out } => {
            let period = period(week, month)?;
            let lang = Lang::parse("lang", &lang)?;
            let store = ctx.open()?;
            let today = ctx.today(&store)?;
            let pdf = report::management_pdf(store.conn(), period, lang, today)?;
            files::write_atomic(&out, &pdf)?;
            println!("wrote {} ({} bytes): management report {period} ({lang})", out.display(), pdf.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
