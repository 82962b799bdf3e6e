//! `init`, `plant`, `user`: the plant, its headcount and its users.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::plant::{self, users, Headcount, Jurisdiction, Role, SetupInput};
use ehs_ledger::{new_id, Error};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Set up the plant and its first admin in a new database
    Init(InitArgs),
    /// Plant information and headcount
    #[command(subcommand)]
    Plant(PlantCmd),
    /// Users
    #[command(subcommand)]
    User(UserCmd),
}

#[derive(Args)]
pub struct InitArgs {
    #[arg(long)]
    plant_code: String,
    #[arg(long)]
    plant_name: String,
    #[arg(long, default_value = "")]
    segment: String,
    #[arg(long, default_value = "CN")]
    jurisdiction: String,
    #[arg(long, default_value = "Asia/Shanghai")]
    timezone: String,
    #[arg(long, default_value = "admin")]
    admin_user: String,
    /// Admin password (or env EHS_LEDGER_ADMIN_PASSWORD); a random one is printed if absent
    #[arg(long, env = "EHS_LEDGER_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
}

impl InitArgs {
    /// The setup input, and whether its admin password was generated (none was given).
    fn into_input(self) -> Result<(SetupInput, bool), Error> {
        let generated = self.admin_password.is_none();
        let admin_password = self.admin_password.unwrap_or_else(|| new_id().replace('-', "")[16..].to_string());
        let input = SetupInput {
            plant_code: self.plant_code,
            plant_name: self.plant_name,
            segment: self.segment,
            jurisdiction: Jurisdiction::parse("jurisdiction", &self.jurisdiction)?,
            timezone: self.timezone,
            admin_username: self.admin_user,
            admin_display_name: String::new(),
            admin_password,
        };
        Ok((input, generated))
    }
}

#[derive(Subcommand)]
pub enum PlantCmd {
    /// Show the plant
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set the full-time and total headcount of a calendar year
    Headcount(HeadcountArgs),
}

#[derive(Args)]
pub struct HeadcountArgs {
    #[arg(long)]
    year: i32,
    #[arg(long)]
    full_time: i64,
    #[arg(long)]
    total: i64,
}

impl From<HeadcountArgs> for Headcount {
    fn from(a: HeadcountArgs) -> Headcount {
        Headcount { year: a.year, full_time: a.full_time, total: a.total }
    }
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Add a user (admins only)
    Add(AddUserArgs),
    /// List active users
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct AddUserArgs {
    #[arg(long)]
    username: String,
    #[arg(long, default_value = "")]
    display_name: String,
    /// admin, ehs_officer, inspector, plant_manager, hq_analyst
    #[arg(long)]
    role: String,
    /// Password (≥ 8 chars) or PIN (6–12 digits); or env EHS_LEDGER_NEW_PASSWORD
    #[arg(long, env = "EHS_LEDGER_NEW_PASSWORD", hide_env_values = true)]
    password: String,
}

impl AddUserArgs {
    fn into_input(self) -> Result<users::NewUser, Error> {
        Ok(users::NewUser {
            username: self.username,
            display_name: self.display_name,
            role: Role::parse("role", &self.role)?,
            secret: self.password,
        })
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Init(a) => {
            let mut store = ctx.open()?;
            let (input, generated) = a.into_input()?;
            let password = input.admin_password.clone();
            let s = plant::setup(&mut store, input, ctx.now)?;
            println!("plant set up in {}", store.path().display());
            if generated {
                eprintln!("admin '{}' password (shown once, change it): {password}", s.username);
            }
        }
        Cmd::Plant(PlantCmd::Show { json }) => {
            let store = ctx.open()?;
            let p = plant::require(store.conn())?;
            let hc = plant::headcounts(store.conn())?;
            if json {
                print::json(&serde_json::json!({ "plant": p, "headcount": hc, "db_path": store.path() }))?;
            } else {
                println!("{} {} ({}; {}; {})", p.code, p.name, p.segment, p.jurisdiction.as_str(), p.timezone);
                for h in hc {
                    println!("  {}: {} full-time / {} total", h.year, h.full_time, h.total);
                }
            }
        }
        Cmd::Plant(PlantCmd::Headcount(a)) => {
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            plant::set_headcount(&mut store, &who, a.into(), ctx.now)?;
        }
        Cmd::User(UserCmd::Add(a)) => {
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let s = users::create(&mut store, &who, a.into_input()?, ctx.now)?;
            println!("{}", s.user_id);
        }
        Cmd::User(UserCmd::List { json }) => {
            let store = ctx.open()?;
            let list = users::list(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for u in list {
                    println!("{:<20} {:<14} {}", u.username, u.role.as_str(), u.display_name);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
