//! A plant with five hazards through the rectification loop in March 2026 (Asia/Shanghai), each
//! step on its own day, for the lists, their exports and the report section:
//!
//! | hazard | area | LEC (D, grade) | level | deadline | outcome |
//! |---|---|---|---|---|---|
//! | A found 03-02 | 冲压车间 | 6,6,7 (252, 2) | general | 03-05 | closed 03-04 (on time) |
//! | B found 03-03 | 冲压车间 | 3,6,7 (126, 3) | general | 03-06 | closed 03-08 (2 days late) |
//! | C found 03-04 | 仓库 | — | general | 03-07 | open (overdue) |
//! | D found 03-05 | 仓库 | 10,6,15 (900, 1) | major | 04-15 | open, assigned to zhang.san |
//! | E found 03-06 | 配电房 | 0.5,6,7 (21, 4) | general | — | registered |
//!
//! li.si is responsible for A, B and C; the plant's today is 2026-03-10.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ehs_ledger::hazards::hazard::{self, AssignInput, HazardLevel, HazardSource, MajorPlan, NewHazard};
use ehs_ledger::plant::{Jurisdiction, Role, Session};

/// 10:00 in Shanghai on 2026-03-`day`.
pub fn on(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 2, 0, 0).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

pub struct HazardPlant {
    pub plant: super::Plant,
    pub inspector: Session,
    pub worker: Session,
    pub manager: Session,
    /// The hazards' numbers, A to E.
    pub numbers: Vec<String>,
}

fn new(area: &str, lec: Option<[&str; 3]>, level: HazardLevel, day: u32, what: &str) -> NewHazard {
    NewHazard {
        area: area.into(),
        equipment: "设备".into(),
        description: what.into(),
        category: "机械伤害".into(),
        source: HazardSource::Daily,
        level,
        lec: lec.map(|[l, e, c]| [l.into(), e.into(), c.into()]),
        found_at: Some(format!("2026-03-{day:02}T09:00")),
    }
}

fn assign(user: &str, deadline: &str, plan: Option<MajorPlan>) -> AssignInput {
    AssignInput {
        assignee: user.into(),
        department: "生产部".into(),
        deadline: deadline.into(),
        measures: "整改".into(),
        plan,
    }
}

pub fn hazard_plant() -> HazardPlant {
    let mut p = super::week_plant::plant_in("Asia/Shanghai", Jurisdiction::CN);
    let inspector = p.add_user("zhang.san", Role::Inspector);
    let worker = p.add_user("li.si", Role::Inspector);
    let manager = p.add_user("wang.wu", Role::PlantManager);
    let s = &mut p.store;
    let reg =
        |s: &mut ehs_ledger::Store, h: NewHazard, day: u32| hazard::register(s, &inspector, h, on(day)).unwrap().number;
    let close = |s: &mut ehs_ledger::Store, n: &str, day: u32| {
        hazard::rectify(s, &worker, n, "已整改", on(day)).unwrap();
        hazard::verify(s, &inspector, n, true, "合格", on(day)).unwrap();
        hazard::close(s, &manager, n, "销号", on(day)).unwrap();
    };
    let a = reg(s, new("冲压车间", Some(["6", "6", "7"]), HazardLevel::General, 2, "A 光电保护失效"), 2);
    hazard::assign(s, &inspector, &a, assign("li.si", "2026-03-05", None), on(2)).unwrap();
    let b = reg(s, new("冲压车间", Some(["3", "6", "7"]), HazardLevel::General, 3, "B 防护罩缺失"), 3);
    hazard::assign(s, &inspector, &b, assign("li.si", "2026-03-06", None), on(3)).unwrap();
    let c = reg(s, new("仓库", None, HazardLevel::General, 4, "C 通道堵塞"), 4);
    hazard::assign(s, &inspector, &c, assign("li.si", "2026-03-07", None), on(4)).unwrap();
    close(s, &a, 4);
    let d = reg(s, new("仓库", Some(["10", "6", "15"]), HazardLevel::Major, 5, "D 货架倾斜"), 5);
    let plan = MajorPlan { funds: "5 万元".into(), contingency: "隔离并设警示".into(), goal: String::new() };
    hazard::assign(s, &inspector, &d, assign("zhang.san", "2026-04-15", Some(plan)), on(5)).unwrap();
    let e = reg(s, new("配电房", Some(["0.5", "6", "7"]), HazardLevel::General, 6, "E 配电柜未上锁"), 6);
    close(s, &b, 8);
    HazardPlant { plant: p, inspector, worker, manager, numbers: vec![a, b, c, d, e] }
}
