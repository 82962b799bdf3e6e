//! `inspection`: inspections (隐患排查) — checklists (`template add|list`; `--supersedes` makes
//! the next version), schedules (`schedule add|list`), the rounds due (`due`), recording a round
//! (`round`: every item `--item N:pass|fail|na`, a failed item's hazard with `--note`,
//! `--location`, `--description`, `--level`, `--lec`, `--category`, `--photo`, each as `N:…`),
//! the rounds (`rounds`), one round (`show`), its record PDF (`report`) and the rounds workbook
//! (`export`). Who acts is `--user` / `--as`.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::hazards::hazard::HazardLevel;
use ehs_ledger::hazards::inspection::{
    self, Every, Finding, ItemOutcome, ItemResult, NewRound, NewSchedule, RoundDetail, RoundPhoto, RoundQuery,
    RoundSummary, TemplateKind,
};
use ehs_ledger::hazards::inspection_report as report;
use ehs_ledger::hazards::photos;
use ehs_ledger::report::Lang;
use ehs_ledger::{files, Error};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Checklists: add (or revise with --supersedes) and list
    #[command(subcommand)]
    Template(TemplateCmd),
    /// Schedules of rounds: add and list
    #[command(subcommand)]
    Schedule(ScheduleCmd),
    /// The rounds due today (and --ahead days) and overdue, not yet done
    Due {
        #[arg(long, default_value_t = 0)]
        ahead: u32,
        #[arg(long)]
        json: bool,
    },
    /// Record a round: every item as --item N:pass|fail|na; a failed item becomes a hazard
    Round(RoundArgs),
    /// The rounds recorded, the newest first, with the hazards they found
    Rounds(RoundsArgs),
    /// One round with its items and the hazards found on it
    Show {
        round: String,
        #[arg(long)]
        json: bool,
    },
    /// The round's record (隐患排查记录) as a PDF, with the findings and their photos
    Report {
        round: String,
        #[arg(long)]
        out: PathBuf,
        /// zh | en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
    /// The rounds as an xlsx workbook
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        area: Option<String>,
        /// zh | en
        #[arg(long, default_value = "zh")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum TemplateCmd {
    /// A new checklist, or with --supersedes the next version of one
    Add {
        #[arg(long)]
        name: String,
        /// daily | weekly | special | holiday | seasonal
        #[arg(long)]
        kind: String,
        /// One item, in order; repeat for each
        #[arg(long = "item", required = true)]
        items: Vec<String>,
        /// The checklist this one revises
        #[arg(long)]
        supersedes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The live checklists (the latest version of each)
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ScheduleCmd {
    /// Schedule rounds of a checklist in an area
    Add {
        #[arg(long)]
        template: String,
        #[arg(long)]
        area: String,
        /// day | week | month | quarter | once
        #[arg(long)]
        every: String,
        /// YYYY-MM-DD of the first round
        #[arg(long)]
        start: String,
        #[arg(long)]
        until: Option<String>,
        /// The user who does the rounds
        #[arg(long)]
        inspector: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The live schedules
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct RoundArgs {
    /// The schedule the round answers (with --due)
    #[arg(long, conflicts_with_all = ["template", "area"])]
    schedule: Option<String>,
    /// The schedule's due day (YYYY-MM-DD)
    #[arg(long, requires = "schedule")]
    due: Option<String>,
    /// An unscheduled round of this checklist (with --area)
    #[arg(long, requires = "area")]
    template: Option<String>,
    #[arg(long)]
    area: Option<String>,
    /// N:pass|fail|na, one per checklist item
    #[arg(long = "item")]
    items: Vec<String>,
    /// N:text — what was seen (required for a failed item without --description)
    #[arg(long = "note")]
    notes: Vec<String>,
    /// N:text — where exactly (部位, equipment)
    #[arg(long = "location")]
    locations: Vec<String>,
    /// N:text — the hazard's description (default: the item and the note)
    #[arg(long = "description")]
    descriptions: Vec<String>,
    /// N:general|major
    #[arg(long = "level")]
    levels: Vec<String>,
    /// N:L,E,C from the scales, e.g. 2:6,6,7
    #[arg(long = "lec")]
    lecs: Vec<String>,
    /// N:text
    #[arg(long = "category")]
    categories: Vec<String>,
    /// N:path — a photo of the failed item (JPEG, PNG or WebP); repeat for more
    #[arg(long = "photo")]
    photos: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RoundsArgs {
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    area: Option<String>,
    /// Only rounds that found hazards
    #[arg(long)]
    findings: bool,
    #[arg(long)]
    json: bool,
}

/// `N:value` → (N, value); the error names `field`.
fn numbered(field: &'static str, spec: &str, items: usize) -> Result<(usize, String), Error> {
    let (n, v) = spec
        .split_once(':')
        .ok_or_else(|| Error::invalid(field, ehs_ledger::msg::cli::give_n_value(&ehs_ledger::text::shown(spec))))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| Error::invalid(field, ehs_ledger::msg::cli::n_items_number(&ehs_ledger::text::shown(spec))))?;
    if n == 0 || n > items {
        return Err(Error::invalid(field, ehs_ledger::msg::cli::checklist_has_items_1(&items))
            .at(ehs_ledger::msg::common::ctx_item(&n)));
    }
    Ok((n, v.to_string()))
}

/// The `N:…` values of one option, at most one per item.
fn by_item(field: &'static str, specs: &[String], items: usize) -> Result<BTreeMap<usize, String>, Error> {
    let mut out = BTreeMap::new();
    for s in specs {
        let (n, v) = numbered(field, s, items)?;
        if out.insert(n, v).is_some() {
            return Err(Error::invalid(field, ehs_ledger::msg::cli::item_given_twice(&n)));
        }
    }
    Ok(out)
}

fn round_input(store: &ehs_ledger::Store, a: &RoundArgs) -> Result<(NewRound, Vec<RoundPhoto>), Error> {
    let conn = store.conn();
    let template_id = match (&a.schedule, &a.template) {
        (Some(s), _) => {
            inspection::schedules(conn)?
                .into_iter()
                .find(|x| x.id == s.trim())
                .ok_or_else(|| Error::invalid("schedule_id", ehs_ledger::msg::common::no_such_schedule()))?
                .template_id
        }
        (None, Some(t)) => t.trim().to_string(),
        (None, None) => return Err(Error::invalid("template_id", ehs_ledger::msg::cli::give_schedule_due_template())),
    };
    let tpl = inspection::template(conn, &template_id)
        .map_err(|_| Error::invalid("template_id", ehs_ledger::msg::common::no_such_checklist()))?;
    let n = tpl.items.len();
    let results = by_item("item", &a.items, n)?;
    let mut notes = by_item("note", &a.notes, n)?;
    let mut locations = by_item("location", &a.locations, n)?;
    let mut descriptions = by_item("description", &a.descriptions, n)?;
    let mut levels = by_item("level", &a.levels, n)?;
    let mut lecs = by_item("lec", &a.lecs, n)?;
    let mut categories = by_item("category", &a.categories, n)?;
    let missing: Vec<String> = (1..=n).filter(|k| !results.contains_key(k)).map(|k| k.to_string()).collect();
    if !missing.is_empty() {
        return Err(Error::invalid("item", ehs_ledger::msg::cli::item_s_have_no(&missing.join(", "))));
    }
    let mut items = Vec::with_capacity(n);
    for (k, text) in tpl.items.iter().enumerate() {
        let no = k + 1;
        let result =
            ItemOutcome::parse("item", &results[&no]).map_err(|e| e.at(ehs_ledger::msg::common::ctx_item(&no)))?;
        let note = notes.remove(&no).unwrap_or_default();
        let finding = if result == ItemOutcome::Fail {
            let lec = match lecs.remove(&no) {
                Some(t) => {
                    let v: Vec<String> = t.split(',').map(|s| s.trim().to_string()).collect();
                    let arr: [String; 3] = v.try_into().map_err(|_| {
                        Error::invalid("lec", ehs_ledger::msg::cli::give_l_c_6(&no))
                            .at(ehs_ledger::msg::common::ctx_item(&no))
                    })?;
                    Some(arr)
                }
                None => None,
            };
            let level = match levels.remove(&no) {
                Some(l) => HazardLevel::parse("level", &l).map_err(|e| e.at(ehs_ledger::msg::common::ctx_item(&no)))?,
                None => HazardLevel::General,
            };
            Some(Finding {
                location: locations.remove(&no).unwrap_or_default(),
                description: descriptions.remove(&no).unwrap_or_default(),
                category: categories.remove(&no).unwrap_or_default(),
                level,
                lec,
            })
        } else {
            None
        };
        items.push(ItemResult { item: text.clone(), result, note, finding });
    }
    // What only a failed item takes, given for another.
    for (field, left) in [
        ("location", &locations),
        ("description", &descriptions),
        ("level", &levels),
        ("lec", &lecs),
        ("category", &categories),
    ] {
        if let Some(k) = left.keys().next() {
            return Err(Error::invalid(field, ehs_ledger::msg::common::only_failed_item_raises())
                .at(ehs_ledger::msg::common::ctx_item(&k)));
        }
    }
    let mut photos_in = Vec::new();
    for spec in &a.photos {
        let (no, path) = numbered("photos", spec, n)?;
        let bytes = files::read_input("photos", &PathBuf::from(path), photos::MAX_BYTES as u64)?;
        photos_in.push(RoundPhoto { item: no, bytes, caption: String::new() });
    }
    let input = NewRound {
        schedule_id: a.schedule.clone(),
        due_on: a.due.clone(),
        template_id: a.template.clone(),
        area: a.area.clone(),
        items,
    };
    Ok((input, photos_in))
}

fn show_round(r: &RoundSummary) {
    println!(
        "{} {} {} v{} ({}) {} — {} items: {} pass, {} fail, {} n/a{}{}",
        r.done_at_local,
        r.area,
        r.template_name,
        r.template_version,
        r.kind,
        r.inspector_name,
        r.items,
        r.passed,
        r.failed,
        r.not_applicable,
        r.due_on.as_deref().map(|d| format!(" | due {d}")).unwrap_or_default(),
        if r.hazards.is_empty() { String::new() } else { format!(" | hazards {}", r.hazards.join(", ")) }
    );
    println!("  {}", r.id);
}

fn show_detail(d: &RoundDetail) {
    show_round(&d.round);
    for i in &d.items {
        println!(
            "  {:>3}. [{}] {}{}{}",
            i.no,
            i.result,
            i.item,
            if i.note.is_empty() { String::new() } else { format!(" — {}", i.note) },
            i.hazard_number.as_deref().map(|h| format!(" → {h}")).unwrap_or_default()
        );
    }
    for h in &d.findings {
        let lec = h.lec.as_ref().map_or(String::new(), |l| format!(" D={} grade {} {}", l.d, l.grade, l.colour));
        println!("  {} [{}] {} {}{lec}", h.number, h.level, h.status, h.description);
    }
}

fn query(from: Option<String>, to: Option<String>, area: Option<String>, findings: bool) -> RoundQuery {
    RoundQuery { from, to, area, schedule_id: None, with_findings: findings, limit: None }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        Cmd::Template(TemplateCmd::Add { name, kind, items, supersedes, json }) => {
            let who = ctx.actor(&store)?;
            let kind = TemplateKind::parse("kind", &kind)?;
            let t = inspection::save_template(&mut store, &who, &name, kind, &items, supersedes.as_deref(), ctx.now)?;
            if json {
                print::json(&t)?;
            } else {
                println!("{} {} v{} ({}), {} items", t.id, t.name, t.version, t.kind, t.items.len());
            }
        }
        Cmd::Template(TemplateCmd::List { json }) => {
            let list = inspection::templates(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for t in &list {
                    println!("{} {} v{} ({})", t.id, t.name, t.version, t.kind);
                    for (k, i) in t.items.iter().enumerate() {
                        println!("  {:>3}. {i}", k + 1);
                    }
                }
            }
        }
        Cmd::Schedule(ScheduleCmd::Add { template, area, every, start, until, inspector, json }) => {
            let who = ctx.actor(&store)?;
            let input = NewSchedule {
                template_id: template,
                area,
                every: Every::parse("every", &every)?,
                start_on: start,
                until_on: until,
                inspector,
            };
            let s = inspection::add_schedule(&mut store, &who, &input, ctx.now)?;
            if json {
                print::json(&s)?;
            } else {
                println!("{} {} {} every {} from {}", s.id, s.area, s.template_name, s.every, s.start_on);
            }
        }
        Cmd::Schedule(ScheduleCmd::List { json }) => {
            let list = inspection::schedules(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for s in &list {
                    println!(
                        "{} {} {} v{} every {} from {}{}{}",
                        s.id,
                        s.area,
                        s.template_name,
                        s.template_version,
                        s.every,
                        s.start_on,
                        s.until_on.as_deref().map(|u| format!(" until {u}")).unwrap_or_default(),
                        s.inspector_name.as_deref().map(|i| format!(" by {i}")).unwrap_or_default()
                    );
                }
            }
        }
        Cmd::Due { ahead, json } => {
            let list = inspection::due_rounds(store.conn(), ctx.today(&store)?, i64::from(ahead))?;
            if json {
                print::json(&list)?;
            } else if list.is_empty() {
                println!("no rounds due");
            } else {
                for r in &list {
                    println!(
                        "{} {} {} ({}){} schedule {}",
                        r.due_on,
                        r.area,
                        r.template_name,
                        r.kind,
                        if r.overdue { " OVERDUE" } else { "" },
                        r.schedule_id
                    );
                }
            }
        }
        Cmd::Round(a) => {
            let who = ctx.actor(&store)?;
            let (input, photos_in) = round_input(&store, &a)?;
            let done = inspection::record_round(&mut store, &who, input, &photos_in, ctx.now)?;
            if a.json {
                print::json(&done)?;
            } else {
                println!("round {}", done.round_id);
                for h in &done.hazards {
                    println!("  item {} → hazard {}", h.item_no, h.number);
                }
            }
        }
        Cmd::Rounds(a) => {
            let list = inspection::rounds(store.conn(), &query(a.from, a.to, a.area, a.findings))?;
            if a.json {
                print::json(&list)?;
            } else {
                for r in &list {
                    show_round(r);
                }
            }
        }
        Cmd::Show { round, json } => {
            let d = inspection::round(store.conn(), &round, ctx.today(&store)?)?;
            if json {
                print::json(&d)?;
            } else {
                show_detail(&d);
            }
        }
        Cmd::Report { round, out, lang } => {
            let lang = Lang::parse("lang", &lang)?;
            let pdf = report::report_pdf(&store, &round, lang, ctx.now)?;
            files::write_atomic(&out, &pdf)?;
            println!("{}", out.display());
        }
        Cmd::Export { out, from, to, area, lang } => {
            let lang = Lang::parse("lang", &lang)?;
            let bytes = report::rounds_xlsx(store.conn(), &query(from, to, area, false), lang)?;
            files::write_atomic(&out, &bytes)?;
            println!("{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
