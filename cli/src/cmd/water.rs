//! `outfall` and `water`: outfalls with their permit entries, lab results and daily flows, file
//! imports (HJ 212 logs, CSV/xlsx), loads, exceedances, the chart series and the listener.

use crate::ctx::Ctx;
use crate::print;
use clap::{Args, Subcommand};
use ehs_ledger::water::ingest::Interval;
use ehs_ledger::water::listener::ListenerStatus;
use ehs_ledger::water::outfall::{
    self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
};
use ehs_ledger::water::readings::{self, SampleInput, SampleValue};
use ehs_ledger::water::{import, loads, series};
use ehs_ledger::{time, Error};
use ehs_ledger_net::water_listener::{Listener, ListenerConfig};
use std::net::IpAddr;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Outfalls (排放口) and their permit entries
    #[command(subcommand)]
    Outfall(OutfallCmd),
    /// Wastewater readings, imports, loads and exceedances
    #[command(subcommand)]
    Water(WaterCmd),
}

#[derive(Subcommand)]
pub enum OutfallCmd {
    /// Add an outfall with its parameters and limits
    Add(OutfallArgs),
    /// Add a limit to a parameter (a revised permit, a seasonal variant)
    Limit {
        #[arg(long)]
        outfall: String,
        #[arg(long)]
        param: String,
        /// `500`, `6-9` (lower-upper), `>=6`
        #[arg(long)]
        value: String,
        /// `12-3` or `6,7,8`; all year when left out
        #[arg(long)]
        months: Option<String>,
        #[arg(long)]
        from: String,
        #[arg(long, default_value = "")]
        basis: String,
    },
    /// Set the plant's annual permitted load of a parameter (t/a)
    Cap {
        #[arg(long)]
        param: String,
        #[arg(long)]
        tonnes: String,
        #[arg(long)]
        from_year: i32,
        #[arg(long, default_value = "")]
        basis: String,
    },
    /// Outfalls with their parameters and limits
    List {
        #[arg(long)]
        json: bool,
    },
    /// Void an outfall, parameter, limit or cap by id
    Void {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Args)]
pub struct OutfallArgs {
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// direct | indirect
    #[arg(long)]
    mode: String,
    /// key | non_key (重点 / 非重点排污单位)
    #[arg(long, default_value = "key")]
    class: String,
    #[arg(long, default_value = "")]
    receiving: String,
    #[arg(long, default_value = "")]
    permit_no: String,
    #[arg(long)]
    permit_expires: Option<String>,
    /// The HJ 212 MN of the outfall's data logger
    #[arg(long)]
    mn: Option<String>,
    /// `code:method:frequency[:factor]`, e.g. `cod:online:continuous`, `bod5:manual:quarterly`
    #[arg(long = "param")]
    params: Vec<String>,
    /// `code=value[@months][#from]`, e.g. `cod=500`, `ph=6-9`, `nh3n=2.5@12-3#2024-01-01`
    #[arg(long = "limit")]
    limits: Vec<String>,
    #[arg(long)]
    json: bool,
}

/// The start of a limit given without one.
const ALL_HISTORY: &str = "2000-01-01";

/// `500` → upper; `6-9` → lower and upper; `>=6` → lower.
fn bounds(text: &str) -> (Option<String>, Option<String>) {
    let t = text.trim();
    if let Some(l) = t.strip_prefix(">=").or_else(|| t.strip_prefix('>')) {
        return (None, Some(l.trim().to_string()));
    }
    match t.split_once('-') {
        Some((lo, hi)) if !lo.is_empty() => (Some(hi.trim().to_string()), Some(lo.trim().to_string())),
        _ => (Some(t.to_string()), None),
    }
}

fn limit_of(text: &str, default_from: &str) -> Result<(String, NewLimit), Error> {
    let (code, rest) = text
        .split_once('=')
        .ok_or_else(|| Error::invalid("limit", ehs_ledger::msg::cli::not_code_value_months(&text)))?;
    let (rest, from) = rest.split_once('#').map_or((rest, default_from), |(a, b)| (a, b));
    let (value, months) = rest.split_once('@').map_or((rest, None), |(a, b)| (a, Some(b.to_string())));
    let (upper, lower) = bounds(value);
    Ok((
        code.trim().to_ascii_lowercase(),
        NewLimit { upper, lower, months, valid_from: from.to_string(), basis: "permit".into() },
    ))
}

impl OutfallArgs {
    fn into_input(self, default_from: &str) -> Result<NewOutfall, Error> {
        let mut params = Vec::new();
        for p in &self.params {
            let parts: Vec<&str> = p.split(':').collect();
            if !(3..=4).contains(&parts.len()) {
                return Err(Error::invalid("param", ehs_ledger::msg::cli::not_code_method_frequency(&p)));
            }
            params.push(NewParam {
                code: parts[0].to_string(),
                name: None,
                method: MonitoringMethod::parse("method", parts[1])?,
                frequency: Frequency::parse("frequency", parts[2])?,
                factor_code: parts.get(3).map(|s| s.to_string()),
                limits: vec![],
            });
        }
        for l in &self.limits {
            let (code, limit) = limit_of(l, default_from)?;
            let p = params
                .iter_mut()
                .find(|p| p.code.to_ascii_lowercase() == code)
                .ok_or_else(|| Error::invalid("limit", ehs_ledger::msg::cli::add_parameter_param_first(&code)))?;
            p.limits.push(limit);
        }
        Ok(NewOutfall {
            code: self.code,
            name: self.name,
            discharge_mode: DischargeMode::parse("mode", &self.mode)?,
            unit_class: UnitClass::parse("class", &self.class)?,
            receiving: self.receiving,
            permit_no: self.permit_no,
            permit_expires_on: self.permit_expires,
            mn: self.mn,
            params,
        })
    }
}

#[derive(Subcommand)]
pub enum WaterCmd {
    /// Lab results and daily flows entered by hand
    #[command(subcommand)]
    Reading(ReadingCmd),
    /// Import an HJ 212 packet log or a CSV/xlsx monitor export
    Import {
        /// hj212 | csv (xlsx files are read as tables too)
        #[arg(long)]
        format: String,
        file: std::path::PathBuf,
        /// The outfall of a CSV/xlsx file
        #[arg(long)]
        outfall: Option<String>,
        /// minute | hour | day | sample (CSV/xlsx)
        #[arg(long, default_value = "hour")]
        interval: String,
        #[arg(long)]
        json: bool,
    },
    /// Loads of a month or a year, per outfall and parameter
    Loads {
        #[arg(long)]
        outfall: Option<String>,
        #[arg(long, conflicts_with = "year")]
        month: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Exceedances of a period (default: the last 90 days)
    Exceedances {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The annual caps with the year's load so far and its forecast
    Caps {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// A parameter's decimated series (what the chart draws)
    Series {
        #[arg(long)]
        outfall: String,
        #[arg(long)]
        param: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value_t = 2000)]
        buckets: u32,
    },
    /// Void a batch (an imported file) with a reason
    VoidBatch {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Prove the online per-day cache against the readings
    Check,
    /// Receive HJ 212 packets from the data logger over TCP in the foreground (Ctrl-C stops)
    Listen {
        /// The TCP port (default: the `water_listener_port` setting; 0 = any free port)
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on (0.0.0.0 = every interface; the logger is on the LAN)
        #[arg(long, default_value = "0.0.0.0")]
        bind: String,
        /// Stop after this many seconds
        #[arg(long)]
        seconds: Option<u64>,
    },
}

#[derive(Subcommand)]
pub enum ReadingCmd {
    /// A sampling's lab results: `--value cod=52.5 --value nh3n=4L`
    Add {
        #[arg(long)]
        outfall: String,
        /// Plant-local YYYY-MM-DDTHH:MM
        #[arg(long)]
        at: String,
        #[arg(long, default_value = "")]
        lab: String,
        /// `code=value[:method]`
        #[arg(long = "value", required = true)]
        values: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// An outfall's flow of a day (m³)
    Flow {
        #[arg(long)]
        outfall: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        m3: String,
    },
    /// Lab results and daily flows of a period
    List {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Void one reading by its number, with a reason
    Void {
        #[arg(long)]
        seq: i64,
        #[arg(long)]
        reason: String,
    },
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Outfall(c) => run_outfall(ctx, c),
        Cmd::Water(c) => run_water(ctx, c),
    }
}

fn run_outfall(ctx: &Ctx, cmd: OutfallCmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        OutfallCmd::Add(a) => {
            let who = ctx.actor(&store)?;
            let json = a.json;
            // A limit without `#from` holds for all the outfall's data, earlier imports included.
            let o = outfall::add(&mut store, &who, a.into_input(ALL_HISTORY)?, ctx.now)?;
            if json {
                print::json(&o)?;
            } else {
                println!("outfall {} {} ({}), {} parameter(s)", o.code, o.name, o.id, o.params.len());
            }
        }
        OutfallCmd::Limit { outfall, param, value, months, from, basis } => {
            let who = ctx.actor(&store)?;
            let (upper, lower) = bounds(&value);
            let p = outfall::add_limit(
                &mut store,
                &who,
                &outfall,
                &param,
                NewLimit { upper, lower, months, valid_from: from, basis },
                ctx.now,
            )?;
            println!("{} has {} limit(s)", p.code, p.limits.len());
        }
        OutfallCmd::Cap { param, tonnes, from_year, basis } => {
            let who = ctx.actor(&store)?;
            let c = outfall::set_cap(&mut store, &who, &param, &tonnes, from_year, &basis, ctx.now)?;
            println!("cap {} {} t/a from {}", c.param_code, ehs_ledger::units::Grams(c.cap_g).t_string(), c.from_year);
        }
        OutfallCmd::List { json } => {
            let list = outfall::list(store.conn())?;
            if json {
                print::json(&list)?;
            } else {
                for o in &list {
                    println!(
                        "{} {} [{} {}] permit {} until {}{}",
                        o.code,
                        o.name,
                        o.discharge_mode,
                        o.unit_class,
                        o.permit_no,
                        o.permit_expires_on.as_deref().unwrap_or("—"),
                        o.mn.as_deref().map(|m| format!(" MN {m}")).unwrap_or_default()
                    );
                    for p in &o.params {
                        let ls: Vec<String> = p
                            .limits
                            .iter()
                            .map(|l| {
                                let v = match (&l.lower, &l.upper) {
                                    (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                                    (None, Some(hi)) => format!("≤{hi}"),
                                    (Some(lo), None) => format!("≥{lo}"),
                                    (None, None) => String::new(),
                                };
                                let m = if l.months_text.is_empty() {
                                    String::new()
                                } else {
                                    format!(" in {}", l.months_text)
                                };
                                format!("{v}{m} from {}", l.valid_from)
                            })
                            .collect();
                        println!("  {:<6} {:<10} {:<10} {}", p.code, p.method, p.frequency, ls.join("; "));
                    }
                }
            }
        }
        OutfallCmd::Void { id, reason } => {
            let who = ctx.actor(&store)?;
            outfall::void(&mut store, &who, &id, &reason, ctx.now)?;
            println!("voided {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_water(ctx: &Ctx, cmd: WaterCmd) -> Result<ExitCode, Error> {
    let mut store = ctx.open()?;
    match cmd {
        WaterCmd::Reading(ReadingCmd::Add { outfall, at, lab, values, json }) => {
            let who = ctx.actor(&store)?;
            let mut vs = Vec::new();
            for v in &values {
                let (code, rest) = v
                    .split_once('=')
                    .ok_or_else(|| Error::invalid("value", ehs_ledger::msg::cli::not_code_value_method(&v)))?;
                let (value, method) = rest.split_once(':').map_or((rest, ""), |(a, b)| (a, b));
                vs.push(SampleValue { param: code.into(), value: value.into(), method: method.into() });
            }
            let r = readings::add_sample(
                &mut store,
                &who,
                SampleInput { outfall, sampled_at: at, lab, values: vs },
                ctx.now,
            )?;
            if json {
                print::json(&r)?;
            } else {
                println!("{} result(s) stored, {} exceedance(s)", r.accepted, r.exceedances);
            }
        }
        WaterCmd::Reading(ReadingCmd::Flow { outfall, date, m3 }) => {
            let who = ctx.actor(&store)?;
            readings::add_daily_flow(&mut store, &who, &outfall, &date, &m3, ctx.now)?;
            println!("flow {m3} m³ on {date}");
        }
        WaterCmd::Reading(ReadingCmd::List { from, to, json }) => {
            let list =
                readings::manual(store.conn(), time::parse_date("from", &from)?, time::parse_date("to", &to)?, 10_000)?;
            if json {
                print::json(&list)?;
            } else {
                for r in &list {
                    println!(
                        "#{:<8} {} {} {:<6} {:>10} {}{}",
                        r.seq,
                        r.at_local,
                        r.outfall_code,
                        r.param_code,
                        r.shown,
                        r.method.as_deref().unwrap_or(""),
                        if r.voided { " (voided)" } else { "" }
                    );
                }
            }
        }
        WaterCmd::Reading(ReadingCmd::Void { seq, reason }) => {
            let who = ctx.actor(&store)?;
            readings::void_reading(&mut store, &who, seq, &reason, ctx.now)?;
            println!("voided reading {seq}");
        }
        WaterCmd::Import { format, file, outfall, interval, json } => {
            let who = ctx.actor(&store)?;
            let bytes = std::fs::read(&file)
                .map_err(|e| Error::invalid("file", ehs_ledger::msg::common::file_error(&file.display(), &e)))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let mut progress = |_: usize, _: usize| true;
            let r = match format.as_str() {
                "hj212" => import::hj212_log(&mut store, &who, &name, &bytes, ctx.now, &mut progress)?,
                "csv" | "xlsx" => {
                    let interval = Interval::parse("interval", &interval)?;
                    import::file(&mut store, &who, &name, &bytes, outfall.as_deref(), interval, ctx.now, &mut progress)?
                }
                other => return Err(Error::invalid("format", ehs_ledger::msg::cli::not_hj212_csv(&other))),
            };
            if json {
                print::json(&r)?;
            } else {
                if let Some(p) = &r.packets {
                    println!("packets: {} accepted, {} rejected, {} not data", p.accepted, p.rejected, p.not_data);
                    for (reason, n) in &p.by_reason {
                        println!("  rejected {reason}: {n}");
                    }
                    for line in p.first_refusals.iter().take(10) {
                        println!("  {line}");
                    }
                }
                println!(
                    "readings: {} accepted, {} duplicate(s), {} rejected; {} exceedance(s); batch {}",
                    r.batch.accepted, r.batch.duplicates, r.batch.rejected, r.batch.exceedances, r.batch.batch_id
                );
                for (reason, n) in &r.batch.rejections {
                    println!("  {reason}: {n}");
                }
            }
        }
        WaterCmd::Loads { outfall, month, year, json } => {
            let (from, to) = match (month, year) {
                (Some(m), _) => {
                    let first = time::parse_date("month", &format!("{m}-01"))?;
                    (first, ehs_ledger::water::rules::period_of(Frequency::Monthly, first).1)
                }
                (None, Some(y)) => (
                    chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                        .ok_or_else(|| Error::invalid("year", ehs_ledger::msg::common::not_a_year()))?,
                    chrono::NaiveDate::from_ymd_opt(y, 12, 31)
                        .ok_or_else(|| Error::invalid("year", ehs_ledger::msg::common::not_a_year()))?,
                ),
                (None, None) => return Err(Error::invalid("month", ehs_ledger::msg::cli::give_month_yyyy_mm())),
            };
            let mut w = loads::compute(store.conn(), from, to)?;
            if let Some(o) = &outfall {
                w.outfalls.retain(|x| {
                    &x.code == o || outfall::find(store.conn(), "outfall", o).ok().is_some_and(|_| &x.code == o)
                });
                if w.outfalls.is_empty() {
                    return Err(Error::invalid("outfall", ehs_ledger::msg::cli::no_outfall(&o)));
                }
            }
            if json {
                print::json(&w)?;
            } else {
                println!("{} to {} (below DL counted as {})", w.from, w.to, w.dl_policy);
                for o in &w.outfalls {
                    println!(
                        "{} {}: {} m³ over {} discharge day(s)",
                        o.code,
                        o.name,
                        ehs_ledger::units::Grams(o.discharge_l).kg_string(),
                        o.discharge_days
                    );
                    for p in &o.params {
                        let load =
                            p.load_g.map_or("—".into(), |g| format!("{} t", ehs_ledger::units::Grams(g).t_string()));
                        let validity = if p.expected_hours > 0 {
                            format!(" valid {:.1} %", p.valid_hours as f64 * 100.0 / p.expected_hours as f64)
                        } else {
                            String::new()
                        };
                        let notes: Vec<&str> = p.notes.iter().map(|n| n.as_str()).collect();
                        println!(
                            "  {:<6} {:<7} load {:>14}  mean {:>8}  max {:>8}  over {}  missed {}{validity}{}",
                            p.code,
                            p.basis,
                            load,
                            p.c_mean.map_or("—".into(), |c| format!("{c:.3}")),
                            p.c_max.map_or("—".into(), |c| format!("{c:.3}")),
                            p.exceedances,
                            p.missed,
                            if notes.is_empty() { String::new() } else { format!("  [{}]", notes.join(", ")) }
                        );
                    }
                }
            }
        }
        WaterCmd::Exceedances { from, to, json } => {
            let today = ctx.today(&store)?;
            let to = match to {
                Some(t) => time::parse_date("to", &t)?,
                None => today,
            };
            let from = match from {
                Some(f) => time::parse_date("from", &f)?,
                None => to - chrono::Duration::days(90),
            };
            let list = loads::exceedances(store.conn(), from, to, 100_000)?;
            if json {
                print::json(&list)?;
            } else {
                for x in &list {
                    let ratio = x
                        .ratio_permille
                        .map_or(String::new(), |r| format!(" = {}.{:03} × the limit", r / 1000, r % 1000));
                    println!(
                        "{} {} {} {} over {} ({}){ratio}",
                        x.at_local, x.outfall_code, x.param_code, x.value, x.limit, x.bound
                    );
                }
                println!("{} exceedance(s) from {from} to {to}", list.len());
            }
        }
        WaterCmd::Caps { year, json } => {
            let today = ctx.today(&store)?;
            use chrono::Datelike;
            let list = loads::cap_progress(store.conn(), year.unwrap_or(today.year()), today)?;
            if json {
                print::json(&list)?;
            } else {
                for c in &list {
                    println!(
                        "{:<6} {} t of {} t ({:.1} %), forecast {} t{}",
                        c.param_code,
                        ehs_ledger::units::Grams(c.load_g).t_string(),
                        ehs_ledger::units::Grams(c.cap_g).t_string(),
                        c.used_permille as f64 / 10.0,
                        ehs_ledger::units::Grams(c.forecast_g).t_string(),
                        if c.forecast_over { " — OVER THE CAP" } else { "" }
                    );
                }
            }
        }
        WaterCmd::Series { outfall: of, param, from, to, buckets } => {
            let o = outfall::outfall(store.conn(), &outfall::find(store.conn(), "outfall", &of)?)?;
            let p =
                o.params.iter().find(|p| p.code == param.to_ascii_lowercase()).ok_or_else(|| {
                    Error::invalid("param", ehs_ledger::msg::cli::outfall_does_not_monitor(&of, &param))
                })?;
            let s = series::series(
                store.conn(),
                &p.id,
                time::parse_date("from", &from)?,
                time::parse_date("to", &to)?,
                buckets,
            )?;
            print::json(&s)?;
        }
        WaterCmd::VoidBatch { id, reason } => {
            let who = ctx.actor(&store)?;
            readings::void_batch(&mut store, &who, &id, &reason, ctx.now)?;
            println!("voided batch {id}");
        }
        WaterCmd::Check => {
            ehs_ledger::water::online::check(store.conn())?;
            println!("water caches: ok");
        }
        WaterCmd::Listen { port, bind, seconds } => {
            let (_, configured) = ehs_ledger::water::settings::listener(store.conn())?;
            drop(store);
            return listen(ctx, port.unwrap_or(configured), &bind, seconds);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How often `water listen` prints its status line.
const STATUS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

fn status_line(s: &ListenerStatus) -> String {
    format!(
        "{} port {}: {} accepted, {} rejected, {} not data; last packet {}{}",
        if s.running { "listening," } else { "stopped," },
        s.port,
        s.counts.accepted,
        s.counts.rejected,
        s.counts.not_data,
        s.last_packet_at.as_deref().unwrap_or("none"),
        s.last_peer.as_deref().map(|p| format!(" from {p}")).unwrap_or_default()
    )
}

/// `water listen`: the app's listener in the foreground until Ctrl-C or `seconds`, then the
/// counts by reason. Exits 1 when packets could not be stored.
fn listen(ctx: &Ctx, port: u16, bind: &str, seconds: Option<u64>) -> Result<ExitCode, Error> {
    let path = ehs_ledger::db::resolve_db_path(ctx.db.as_deref())?;
    let bind: IpAddr = bind.parse().map_err(|_| Error::invalid("bind", ehs_ledger::msg::cli::not_ip_address(&bind)))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("runtime: {e}")))?;
    let s = rt.block_on(async {
        let (listener, task) = Listener::new(ListenerConfig { bind, ..ListenerConfig::new(path, port) });
        let s = listener.status();
        if let Some(e) = s.error {
            return Err(Error::Conflict(ehs_ledger::msg::cli::listener_failed(&e)));
        }
        println!("listening on {bind}:{} (Ctrl-C stops)", s.port);
        let task = tokio::spawn(task);
        let until = async {
            match seconds {
                Some(n) => tokio::time::sleep(std::time::Duration::from_secs(n)).await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(until);
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + STATUS_EVERY, STATUS_EVERY);
        loop {
            tokio::select! {
                _ = &mut until => break,
                _ = &mut ctrl_c => break,
                _ = every.tick() => println!("{}", status_line(&listener.status())),
            }
        }
        listener.stop();
        let _ = task.await;
        Ok(listener.status())
    })?;
    println!("{}", status_line(&s));
    for (reason, n) in &s.counts.by_reason {
        println!("  rejected {reason}: {n}");
    }
    for line in s.counts.first_refusals.iter().take(10) {
        println!("  {line}");
    }
    if let Some(e) = &s.error {
        eprintln!("error: {e}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
