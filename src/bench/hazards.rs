//! The hazards benchmark (issue 13 item 9), in one run on a fresh file:
//!
//! - a plant with N hazards (default 100,000) found over the three years before `now`, each
//!   with its events and its `hazard_state` row written by bare prepared inserts (a fixture:
//!   the rows carry no audit rows), a few hundred through the real `register` + `assign` for
//!   the insert rate; `hazard::check` proves the fixture's state cache equals its events;
//! - the KPIs (`kpi::kpis`) of the last month, the last year and all three years;
//! - the board's first page (`hazard::board`: each status column's first page and counts)
//!   next to what the board loaded before it (every open hazard, plus the first 500 closed by
//!   deadline), and "my tasks" of one assignee;
//! - every hazard as one list (the calendar's former load), for comparison.

use super::{timing, Timing};
use crate::error::Result;
use crate::hazards::hazard::{self, AssignInput, HazardLevel, HazardQuery, HazardSource, HazardStatus, NewHazard};
use crate::hazards::kpi;
use crate::plant::users::{self, NewUser, Role};
use crate::plant::{self, Jurisdiction, SetupInput};
use crate::{new_id, time, Store};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct HazardBenchReport {
    pub hazards: u64,
    pub open: u64,
    pub overdue_open: u64,
    pub fill_seconds: f64,
    pub db_bytes: u64,
    /// `hazard::check` over every hazard (the state cache against its events).
    pub check_ms: f64,
    /// The real register + assign (validation, events, state, audit), per hazard.
    pub register_assign_per_s: f64,
    pub kpis_month: Timing,
    pub kpis_year: Timing,
    pub kpis_three_years: Timing,
    /// `hazard::board`: the first page of each status column and the counts.
    pub board_first_page: Timing,
    pub board_rows: usize,
    /// The board's former load: every open hazard + the first 500 closed.
    pub board_before: Timing,
    pub board_before_rows: usize,
    pub my_tasks: Timing,
    pub my_tasks_rows: usize,
    /// Every hazard as one list.
    pub list_all: Timing,
}

const AREAS: &[&str] = &[
    "冲压车间",
    "焊装车间",
    "涂装车间",
    "总装车间",
    "压铸车间",
    "机加工车间",
    "电池车间",
    "危废暂存间",
    "污水站",
    "空压站",
    "配电室",
    "仓库A",
    "仓库B",
    "食堂",
    "办公楼",
    "试验室",
    "锅炉房",
    "RTO 区域",
    "停车场",
    "厂区道路",
];
const USERS: usize = 40;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// A cheap deterministic generator (xorshift), so runs compare like for like.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn measure<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Timing, T)> {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f()?);
        samples.push(ms(t));
    }
    Ok((timing(samples), last.expect("runs ≥ 1")))
}

pub fn run_hazards(dir: &Path, n: u64, now: DateTime<Utc>) -> Result<HazardBenchReport> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("hazards.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path)?;
    let admin = plant::setup(
        &mut store,
        SetupInput {
            plant_code: "HZ01".into(),
            plant_name: "Hazard bench".into(),
            segment: "Bench".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: "correct horse battery".into(),
        },
        now,
    )?;
    let mut people = Vec::new();
    for i in 0..USERS {
        people.push(users::create(
            &mut store,
            &admin,
            NewUser {
                username: format!("worker{i:02}"),
                display_name: format!("整改人{i:02}"),
                role: Role::Inspector,
                secret: "correct horse battery".into(),
            },
            now,
        )?);
    }
    let tz = chrono_tz::Asia::Shanghai;
    let today = plant::today(store.conn(), now)?;
    let first = today - Duration::days(3 * 365);

    // The fixture: bare prepared inserts of records, events and state.
    let t = Instant::now();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    {
        let tx = store.write_tx()?;
        let mut ins_h = tx.prepare(
            "INSERT INTO hazard (id, number, found_at, local_date, area, equipment, description, category, source, level,
                 lec_l, lec_e, lec_c, lec_d, lec_grade, lec_table, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, '设备', ?6, '机械伤害', 'daily', ?7, ?8, ?9, ?10, ?11, ?12, 'v1', ?3, ?13)",
        )?;
        let mut ins_e = tx.prepare(
            "INSERT INTO hazard_event (id, hazard_id, seq, kind, at, local_date, actor, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut ins_s = tx.prepare(
            "INSERT INTO hazard_state (hazard_id, status, level, assignee, department, deadline, rectified_by, closed_on, events,
                 found_on, area, grade, live)
             SELECT ?1, ?2, ?3, ?4, CASE WHEN ?4 IS NULL THEN NULL ELSE '车间' END, ?5, ?6, ?7, ?8, local_date, area, lec_grade, 1
             FROM hazard WHERE id = ?1",
        )?;
        // (L, E, C, D, grade) samples across the bands.
        const LEC: &[(&str, &str, &str, &str, u8)] = &[
            ("1", "6", "7", "42", 4),
            ("3", "6", "7", "126", 3),
            ("0.5", "6", "3", "9", 5),
            ("3", "6", "15", "270", 2),
            ("6", "6", "15", "540", 1),
            ("1", "3", "3", "9", 5),
        ];
        let days = (today - first).num_days() as u64;
        let mut per_day: std::collections::HashMap<NaiveDate, u32> = std::collections::HashMap::new();
        for i in 0..n {
            // Found days spread over the span, denser towards today (a growing plant).
            let r = rng.below(days * days);
            let day = first + Duration::days((r as f64).sqrt() as i64);
            let seq_of_day = per_day.entry(day).and_modify(|c| *c += 1).or_insert(1);
            let number = format!("YH-{}-{:04}", day.format("%Y%m%d"), seq_of_day);
            let at_local = day.and_hms_opt(8 + (i % 9) as u32, (i % 60) as u32, 0).expect("time");
            let at = tz.from_local_datetime(&at_local).earliest().expect("no gap in Shanghai").with_timezone(&Utc);
            let id = new_id();
            let (l, e, c, d, grade) = LEC[rng.below(LEC.len() as u64) as usize];
            let level = if grade == 1 || rng.below(100) < 2 { HazardLevel::Major } else { HazardLevel::General };
            let actor = &admin.user_id;
            ins_h.execute(params![
                id,
                number,
                time::to_db(at),
                day.to_string(),
                AREAS[rng.below(AREAS.len() as u64) as usize],
                format!("隐患描述 {i}"),
                level,
                l,
                e,
                c,
                d,
                grade,
                actor
            ])?;
            let assignee = &people[rng.below(USERS as u64) as usize];
            let deadline = day + Duration::days(7 + rng.below(24) as i64);
            let age = (today - day).num_days();
            // How far along: older ones are closed (93 % on time), recent ones in every state.
            let stage = if age > 45 { 4 } else { rng.below(5) };
            let on_time = rng.below(100) < 93;
            let closed_on = if on_time {
                deadline - Duration::days(rng.below(5) as i64)
            } else {
                deadline + Duration::days(1 + rng.below(10) as i64)
            };
            let closed_on = closed_on.max(day);
            let closed = stage == 4 && closed_on <= today;
            let stage = if stage == 4 && !closed { 3 } else { stage };
            let mut ev = 0i64;
            let mut event = |kind: &str, on: NaiveDate, data: String| -> Result<()> {
                ev += 1;
                let at_local = on.and_hms_opt(16, 0, 0).expect("time");
                let at = tz.from_local_datetime(&at_local).earliest().expect("no gap").with_timezone(&Utc);
                ins_e.execute(params![new_id(), id, ev, kind, time::to_db(at), on.to_string(), actor, data])?;
                Ok(())
            };
            let rect_on = closed_on.min(today);
            if stage >= 1 {
                event(
                    "assigned",
                    day,
                    serde_json::json!({"assignee": assignee.user_id, "department": "车间", "deadline": deadline.to_string(),
                        "measures": "整改措施", "plan": null})
                    .to_string(),
                )?;
            }
            if stage >= 2 {
                event("rectified", rect_on, r#"{"note":"已整改"}"#.into())?;
            }
            if stage >= 3 {
                event("verified", rect_on, r#"{"note":"验收合格"}"#.into())?;
            }
            if closed {
                event("closed", closed_on, r#"{"note":"销号"}"#.into())?;
            }
            let status = match (stage, closed) {
                (_, true) => HazardStatus::Closed,
                (0, _) => HazardStatus::Registered,
                (1, _) => HazardStatus::Assigned,
                (2, _) => HazardStatus::Rectified,
                _ => HazardStatus::Verified,
            };
            ins_s.execute(params![
                id,
                status,
                level,
                (stage >= 1).then_some(&assignee.user_id),
                (stage >= 1).then(|| deadline.to_string()),
                (stage >= 2).then_some(actor),
                closed.then(|| closed_on.to_string()),
                ev
            ])?;
        }
        drop((ins_h, ins_e, ins_s));
        tx.commit()?;
    }
    store.conn().execute_batch("ANALYZE")?;
    let fill_seconds = t.elapsed().as_secs_f64();

    let t = Instant::now();
    hazard::check(store.conn())?;
    let check_ms = ms(t);

    // The real path, for the insert rate.
    let real = 200u32;
    let t = Instant::now();
    for i in 0..real {
        let h = hazard::register(
            &mut store,
            &admin,
            NewHazard {
                area: "冲压车间".into(),
                equipment: "200T 冲床".into(),
                description: format!("光电保护装置失效 {i}"),
                category: "机械伤害".into(),
                source: HazardSource::Daily,
                level: HazardLevel::General,
                lec: Some(["3".into(), "6".into(), "7".into()]),
                found_at: None,
            },
            now,
        )?;
        hazard::assign(
            &mut store,
            &admin,
            &h.id,
            AssignInput {
                assignee: people[0].username.clone(),
                department: "冲压车间".into(),
                deadline: (today + Duration::days(10)).to_string(),
                measures: "更换光电保护器".into(),
                plan: None,
            },
            now,
        )?;
    }
    let register_assign_per_s = f64::from(real) / t.elapsed().as_secs_f64();

    let conn = store.conn();
    let runs = 20;
    let month_start = today.with_day0(0).unwrap_or(today);
    let (kpis_month, _) = measure(runs, || kpi::kpis(conn, month_start, today))?;
    let (kpis_year, _) = measure(runs, || kpi::kpis(conn, today - Duration::days(364), today))?;
    let (kpis_three_years, all) = measure(runs, || kpi::kpis(conn, first, today))?;
    let (board_first_page, board) = measure(runs, || hazard::board(conn, &HazardQuery::default(), today))?;
    let board_rows = board.columns.iter().map(|c| c.hazards.len()).sum();
    let (board_before, before_rows) = measure(runs, || {
        let open = hazard::list(conn, &HazardQuery { open_only: true, ..Default::default() }, today)?;
        let closed = hazard::list(
            conn,
            &HazardQuery { status: Some(HazardStatus::Closed), limit: Some(500), ..Default::default() },
            today,
        )?;
        Ok(open.len() + closed.len())
    })?;
    let mine = HazardQuery { assignee: Some(people[1].user_id.clone()), open_only: true, ..Default::default() };
    let (my_tasks, my_rows) = measure(runs, || hazard::list(conn, &mine, today).map(|v| v.len()))?;
    let (list_all, _) = measure(5, || hazard::list(conn, &HazardQuery::default(), today).map(|v| v.len()))?;
    drop(store);
    Ok(HazardBenchReport {
        hazards: n + u64::from(real),
        open: all.open as u64,
        overdue_open: all.overdue_open as u64,
        fill_seconds,
        db_bytes: std::fs::metadata(&path)?.len(),
        check_ms,
        register_assign_per_s,
        kpis_month,
        kpis_year,
        kpis_three_years,
        board_first_page,
        board_rows,
        board_before,
        board_before_rows: before_rows,
        my_tasks,
        my_tasks_rows: my_rows,
        list_all,
    })
}
