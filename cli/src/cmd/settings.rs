//! `settings` and `calendar`: plant settings and the working-day calendar.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::plant::settings::{self, CalendarDayInput, CalendarDayKind};
use ehs_ledger::Error;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Plant settings (USCC, tolerances, alert lead times)
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Working-day calendar: public holidays and make-up working days
    #[command(subcommand)]
    Calendar(CalendarCmd),
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
    Add(CalendarAddArgs),
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

#[derive(Args)]
pub struct CalendarAddArgs {
    day: String,
    /// holiday | workday
    #[arg(long, default_value = "holiday")]
    kind: String,
    #[arg(long, default_value = "")]
    note: String,
}

impl TryFrom<CalendarAddArgs> for CalendarDayInput {
    type Error = Error;
    fn try_from(a: CalendarAddArgs) -> Result<CalendarDayInput, Error> {
        Ok(CalendarDayInput { day: a.day, kind: CalendarDayKind::parse("kind", &a.kind)?, note: a.note })
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Settings(SettingsCmd::List { json }) => {
            let all = settings::all(store.conn())?;
            if json {
                print::json(&all)?;
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
        Cmd::Settings(SettingsCmd::Set { key, value }) => {
            let who = ctx.actor(&store)?;
            let s = settings::set(&mut store, &who, &key, &value, ctx.now)?;
            println!("{} = {}", s.key, s.value);
        }
        Cmd::Calendar(CalendarCmd::Add(a)) => {
            let who = ctx.actor(&store)?;
            let d = settings::add_calendar_day(&mut store, &who, a.try_into()?, ctx.now)?;
            println!("{} {} {} ({})", d.day, d.kind, d.note, d.id);
        }
        Cmd::Calendar(CalendarCmd::List { json }) => {
            let days = settings::calendar_days(store.conn())?;
            if json {
                print::json(&days)?;
            } else {
                for d in days {
                    println!("{} {:<8} {}  ({})", d.day, d.kind, d.note, d.id);
                }
            }
        }
        Cmd::Calendar(CalendarCmd::Void { id, reason }) => {
            let who = ctx.actor(&store)?;
            settings::void_calendar_day(&mut store, &who, &id, &reason, ctx.now)?;
            println!("voided {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
