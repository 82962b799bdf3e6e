//! `hazard`: hidden hazards (隐患) and the rectification loop — add with LEC, assign, rectify,
//! verify (pass/fail), close, extend, escalate, adopt a wastewater exceedance, list, history and
//! the KPIs (`list --xlsx F` and `kpi --xlsx F` write them as a workbook), photos
//! (`photo add|list`) and the rectification notice PDF (`notice`). Who acts is
//! `--user` / `--as`: the core enforces the separation of duty here too.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::hazards::export::{self, HazardExport};
use ehs_ledger::hazards::hazard::{
    self, AssignInput, HazardLevel, HazardQuery, HazardSource, HazardStatus, MajorPlan, NewHazard,
};
use ehs_ledger::hazards::photos::{self, PhotoStage};
use ehs_ledger::hazards::{kpi, notice};
use ehs_ledger::report::Lang;
use ehs_ledger::{files, time, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Register a hazard (LEC as `--lec 6,6,7`)
    Add(AddArgs),
    /// Assign the responsible person, department, deadline and measures (major: --funds --contingency)
    Assign(AssignArgs),
    /// Record the rectification (by the responsible person)
    Rectify {
        hazard: String,
        #[arg(long)]
        note: String,
    },
    /// Verification (验收): --pass, or --fail with the reason
    Verify {
        hazard: String,
        #[arg(long, conflicts_with = "fail")]
        pass: bool,
        #[arg(long)]
        fail: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Close-out (销号) after a passed verification
    Close {
        hazard: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Extend the deadline, with the reason
    Extend {
        hazard: String,
        #[arg(long)]
        deadline: String,
        #[arg(long)]
        reason: String,
    },
    /// Raise to 重大 with the reason
    Escalate {
        hazard: String,
        #[arg(long)]
        reason: String,
    },
    /// Take up a wastewater exceedance as a corrective action
    Adopt {
        #[arg(long)]
        exceedance: String,
    },
    /// Hazards (open, overdue, mine, by status)
    List(ListArgs),
    /// One hazard's history
    History {
        hazard: String,
        #[arg(long)]
        json: bool,
    },
    /// KPIs of a period: found, closed, on-time rate (with its definition), open, overdue, major
    Kpi {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
        /// Write the KPI tables (totals, by area, by grade, with the on-time definition) to this xlsx
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// zh | en (the workbook's words)
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// Queue the deadline reminders and overdue escalations due now (the app does it on its own)
    Remind,
    /// Prove the hazard states against their events, and every photo's files
    Check,
    /// Photos before and after (stored once by SHA-256 beside the database)
    #[command(subcommand)]
    Photo(PhotoCmd),
    /// The rectification notice (隐患整改通知书) as a PDF
    Notice {
        hazard: String,
        #[arg(long)]
        out: PathBuf,
        /// zh | en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum PhotoCmd {
    /// Add a photo (JPEG, PNG or WebP; at most 15 MB)
    Add {
        hazard: String,
        #[arg(long)]
        file: PathBuf,
        /// before | after
        #[arg(long)]
        stage: String,
        #[arg(long, default_value = "")]
        caption: String,
        /// An after photo: the before photo it answers
        #[arg(long)]
        pairs_with: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A hazard's photos with their pairs
    List {
        hazard: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    area: String,
    #[arg(long, default_value = "")]
    equipment: String,
    #[arg(long)]
    description: String,
    #[arg(long, default_value = "")]
    category: String,
    /// daily | weekly | special | holiday | seasonal | audit | employee
    #[arg(long, default_value = "daily")]
    source: String,
    /// general | major (一般 / 重大)
    #[arg(long, default_value = "general")]
    level: String,
    /// L,E,C from the scales, e.g. 6,6,7
    #[arg(long)]
    lec: Option<String>,
    /// Plant-local YYYY-MM-DDTHH:MM (default now)
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct AssignArgs {
    hazard: String,
    /// The responsible person (user name)
    #[arg(long)]
    to: String,
    #[arg(long)]
    department: String,
    #[arg(long)]
    deadline: String,
    #[arg(long)]
    measures: String,
    #[arg(long)]
    funds: Option<String>,
    #[arg(long)]
    contingency: Option<String>,
    #[arg(long)]
    goal: Option<String>,
}

#[derive(Args)]
pub struct ListArgs {
    /// registered | assigned | rectified | verified | closed
    #[arg(long)]
    status: Option<String>,
    /// Only mine (the --user's tasks)
    #[arg(long)]
    mine: bool,
    #[arg(long)]
    overdue: bool,
    #[arg(long)]
    open: bool,
    /// Only deadlines on or after this day (YYYY-MM-DD)
    #[arg(long)]
    deadline_from: Option<String>,
    /// Only deadlines on or before this day (YYYY-MM-DD)
    #[arg(long)]
    deadline_to: Option<String>,
    #[arg(long)]
    json: bool,
    /// Write the list to this xlsx (the hazard register's columns) instead of printing it
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
    /// zh | en (the workbook's words)
    #[arg(long, default_value = "zh")]
    lang: String,
}

fn show(h: &hazard::Hazard) {
    let lec = h.lec.as_ref().map_or(String::new(), |l| format!(" D={} grade {} {}", l.d, l.grade, l.colour));
    println!(
        "{} [{}] {} {} — {}{lec} | {} {} {}{}",
        h.number,
        h.level,
        h.status,
        h.area,
        h.description,
        h.assignee_name.as_deref().unwrap_or("—"),
        h.deadline.as_deref().map(|d| format!("by {d}")).unwrap_or_default(),
        h.closed_on.as_deref().map(|d| format!("closed {d}")).unwrap_or_default(),
        if h.overdue { " OVERDUE" } else { "" }
    );
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Add(a) => {
            let who = ctx.actor(&store)?;
            let lec = match &a.lec {
                Some(t) => {
                    let v: Vec<String> = t.split(',').map(|s| s.trim().to_string()).collect();
                    let arr: [String; 3] =
                        v.try_into().map_err(|_| Error::invalid("lec", ehs_ledger::msg::cli::give_l_c_6_6()))?;
                    Some(arr)
                }
                None => None,
            };
            let input = NewHazard {
                area: a.area,
                equipment: a.equipment,
                description: a.description,
                category: a.category,
                source: HazardSource::parse("source", &a.source)?,
                level: HazardLevel::parse("level", &a.level)?,
                lec,
                found_at: a.at,
            };
            let h = hazard::register(&mut store, &who, input, ctx.now)?;
            if a.json {
                print::json(&h)?;
            } else {
                show(&h);
            }
        }
        Cmd::Assign(a) => {
            let who = ctx.actor(&store)?;
            let plan = (a.funds.is_some() || a.contingency.is_some()).then(|| MajorPlan {
                funds: a.funds.unwrap_or_default(),
                contingency: a.contingency.unwrap_or_default(),
                goal: a.goal.unwrap_or_default(),
            });
            let input = AssignInput {
                assignee: a.to,
                department: a.department,
                deadline: a.deadline,
                measures: a.measures,
                plan,
            };
            show(&hazard::assign(&mut store, &who, &a.hazard, input, ctx.now)?);
        }
        Cmd::Rectify { hazard: h, note } => {
            let who = ctx.actor(&store)?;
            show(&hazard::rectify(&mut store, &who, &h, &note, ctx.now)?);
        }
        Cmd::Verify { hazard: h, pass, fail, note } => {
            if pass == fail {
                return Err(Error::invalid("pass", ehs_ledger::msg::cli::give_pass_fail()));
            }
            let who = ctx.actor(&store)?;
            show(&hazard::verify(&mut store, &who, &h, pass, &note, ctx.now)?);
        }
        Cmd::Close { hazard: h, note } => {
            let who = ctx.actor(&store)?;
            show(&hazard::close(&mut store, &who, &h, &note, ctx.now)?);
        }
        Cmd::Extend { hazard: h, deadline, reason } => {
            let who = ctx.actor(&store)?;
            show(&hazard::extend(&mut store, &who, &h, &deadline, &reason, ctx.now)?);
        }
        Cmd::Escalate { hazard: h, reason } => {
            let who = ctx.actor(&store)?;
            show(&hazard::escalate(&mut store, &who, &h, &reason, ctx.now)?);
        }
        Cmd::Adopt { exceedance } => {
            let who = ctx.actor(&store)?;
            show(&hazard::adopt_exceedance(&mut store, &who, &exceedance, ctx.now)?);
        }
        Cmd::List(a) => {
            let today = ctx.today(&store)?;
            let assignee = if a.mine { Some(ctx.actor(&store)?.user_id) } else { None };
            let q = HazardQuery {
                status: a.status.as_deref().map(|s| HazardStatus::parse("status", s)).transpose()?,
                assignee,
                area: None,
                overdue_only: a.overdue,
                open_only: a.open,
                deadline_from: a.deadline_from,
                deadline_to: a.deadline_to,
                limit: None,
            };
            if let Some(out) = a.xlsx {
                let lang = Lang::parse("lang", &a.lang)?;
                let bytes = export::xlsx(store.conn(), &HazardExport::List { query: q }, "", lang, today)?;
                files::write_atomic(&out, &bytes)?;
                println!("{}", out.display());
                return Ok(ExitCode::SUCCESS);
            }
            let list = hazard::list(store.conn(), &q, today)?;
            if a.json {
                print::json(&list)?;
            } else {
                for h in &list {
                    show(h);
                }
            }
        }
        Cmd::History { hazard: h, json } => {
            let list = hazard::history(store.conn(), &h)?;
            if json {
                print::json(&list)?;
            } else {
                for e in &list {
                    println!(
                        "{} {} by {}{} {}",
                        e.at_local,
                        e.kind,
                        e.actor_name,
                        e.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
                        e.data
                    );
                }
            }
        }
        Cmd::Kpi { from, to, json, xlsx: Some(out), lang } => {
            let lang = Lang::parse("lang", &lang)?;
            let today = ctx.today(&store)?;
            let bytes = export::xlsx(store.conn(), &HazardExport::Kpi { from, to }, "", lang, today)?;
            files::write_atomic(&out, &bytes)?;
            if !json {
                println!("{}", out.display());
            }
        }
        Cmd::Kpi { from, to, json, xlsx: None, .. } => {
            let k = kpi::kpis(store.conn(), time::parse_date("from", &from)?, time::parse_date("to", &to)?)?;
            if json {
                print::json(&k)?;
            } else {
                println!(
                    "{} to {}: found {}, closed {}, open {} (overdue {}, major {})",
                    k.from, k.to, k.found, k.closed, k.open, k.overdue_open, k.major_open
                );
                println!(
                    "按期整改完成率 on-time rate: {} ({} of {} due) — {}",
                    k.on_time_rate_pct.as_deref().map_or("—".to_string(), |r| format!("{r} %")),
                    k.closed_on_time,
                    k.due,
                    k.on_time_definition
                );
                if let Some(m) = k.mean_days_to_close {
                    println!("mean days to close: {m:.1}");
                }
            }
        }
        Cmd::Remind => {
            let n = ehs_ledger::hazards::reminders::queue_due(&mut store, ctx.now)?;
            println!("{n} notice(s) queued; `ehs-ledger sync send` delivers them");
        }
        Cmd::Check => {
            hazard::check(store.conn())?;
            println!("hazard states: ok");
            photos::check(&store)?;
            println!("hazard photo files: ok");
        }
        Cmd::Photo(PhotoCmd::Add { hazard: h, file, stage, caption, pairs_with, json }) => {
            let who = ctx.actor(&store)?;
            let stage = PhotoStage::parse("stage", &stage)?;
            let bytes = files::read_input("file", &file, photos::MAX_BYTES as u64)?;
            let p = photos::add_photo(&mut store, &who, &h, stage, &bytes, &caption, pairs_with.as_deref(), ctx.now)?;
            if json {
                print::json(&p)?;
            } else {
                println!("{} {} {}×{} {} {}", p.id, p.stage, p.width, p.height, p.mime, p.sha256);
            }
        }
        Cmd::Photo(PhotoCmd::List { hazard: h, json }) => {
            let list = photos::photos(store.conn(), &h)?;
            if json {
                print::json(&list)?;
            } else {
                for p in &list {
                    let pair = match (&p.pairs_with, p.answered_by.is_empty()) {
                        (Some(b), _) => format!(" answers {b}"),
                        (None, false) => format!(" answered by {}", p.answered_by.join(", ")),
                        _ => String::new(),
                    };
                    println!(
                        "{} {} {} {}×{} {}{}",
                        p.id, p.stage, p.created_at_local, p.width, p.height, p.caption, pair
                    );
                }
            }
        }
        Cmd::Notice { hazard: h, out, lang } => {
            let lang = Lang::parse("lang", &lang)?;
            let pdf = notice::notice_pdf(&store, &h, lang, ctx.now)?;
            files::write_atomic(&out, &pdf)?;
            println!("{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
