//! Hazards (issue 13, core): the state machine's invariants (no close without verification,
//! verifier ≠ rectifier, a major hazard needs its 五到位 plan, no skipped states), deadline and
//! overdue in the plant's zone (a US plant across DST), extensions with a reason, the KPIs with
//! the on-time rate as a ratio of sums, a wastewater exceedance taken up as a corrective action,
//! and the figures in the weekly summary.

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::week_plant::plant_in;
use ehs_ledger::hazards::hazard::{
    self, AssignInput, HazardLevel, HazardQuery, HazardSource, HazardStatus, MajorPlan, NewHazard,
};
use ehs_ledger::hazards::kpi;
use ehs_ledger::plant::{Jurisdiction, Role, Session};
use ehs_ledger::ErrorKind;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap() // 10:00 in Shanghai
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn new(level: HazardLevel, lec: Option<[&str; 3]>, at: &str) -> NewHazard {
    NewHazard {
        area: "冲压车间".into(),
        equipment: "200T 冲床".into(),
        description: "光电保护装置失效".into(),
        category: "机械伤害".into(),
        source: HazardSource::Daily,
        level,
        lec: lec.map(|[l, e, c]| [l.into(), e.into(), c.into()]),
        found_at: Some(at.into()),
    }
}

fn assign_to(user: &str, deadline: &str, plan: Option<MajorPlan>) -> AssignInput {
    AssignInput {
        assignee: user.into(),
        department: "冲压车间".into(),
        deadline: deadline.into(),
        measures: "更换光电保护器，加装双手按钮".into(),
        plan,
    }
}

struct People {
    inspector: Session,
    worker: Session,
    manager: Session,
}

fn people(p: &mut common::Plant) -> People {
    People {
        inspector: p.add_user("zhang.san", Role::Inspector),
        worker: p.add_user("li.si", Role::Inspector),
        manager: p.add_user("wang.wu", Role::PlantManager),
    }
}

/// Guards the state machine: each step only from its state, and the separation of duty.
#[test]
fn the_loop_moves_only_along_the_state_machine_with_separate_rectifier_and_verifier() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let h = hazard::register(
        &mut p.store,
        &u.inspector,
        new(HazardLevel::General, Some(["6", "6", "7"]), "2026-03-10T09:00"),
        now(),
    )
    .unwrap();
    assert_eq!(h.number, "YH-20260310-001");
    let lec = h.lec.clone().unwrap();
    assert_eq!((lec.d.as_str(), lec.grade, lec.colour.as_str()), ("252", 2, "orange"));
    assert_eq!(h.status, HazardStatus::Registered);
    // No skipping: nothing is rectified, verified or closed before it is assigned.
    let skip = |e: ehs_ledger::Error| assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    skip(hazard::close(&mut p.store, &u.manager, &h.number, "", now()).unwrap_err());
    skip(hazard::verify(&mut p.store, &u.manager, &h.number, true, "", now()).unwrap_err());
    let h =
        hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-03-15", None), now()).unwrap();
    assert_eq!((h.status, h.assignee_name.as_deref()), (HazardStatus::Assigned, Some("li.si")));
    skip(hazard::close(&mut p.store, &u.manager, &h.number, "", now()).unwrap_err());
    // Only the responsible person (or an admin / EHS officer) records the rectification.
    assert_eq!(
        hazard::rectify(&mut p.store, &u.manager, &h.number, "done", now()).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    let h = hazard::rectify(&mut p.store, &u.worker, &h.number, "已更换并试验合格", now()).unwrap();
    assert_eq!(h.status, HazardStatus::Rectified);
    // The rectifier cannot verify their own work — enforced in the core.
    let e = hazard::verify(&mut p.store, &u.worker, &h.number, true, "ok", now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    skip(hazard::close(&mut p.store, &u.manager, &h.number, "", now()).unwrap_err());
    // A failed verification sends it back, with the reason.
    assert_eq!(
        hazard::verify(&mut p.store, &u.inspector, &h.number, false, "", now()).unwrap_err().field(),
        Some("note")
    );
    let h = hazard::verify(&mut p.store, &u.inspector, &h.number, false, "双手按钮未接线", now()).unwrap();
    assert_eq!(h.status, HazardStatus::Assigned);
    hazard::rectify(&mut p.store, &u.worker, &h.number, "已接线", now()).unwrap();
    let h = hazard::verify(&mut p.store, &u.inspector, &h.number, true, "复查合格", now()).unwrap();
    assert_eq!(h.status, HazardStatus::Verified);
    let h = hazard::close(&mut p.store, &u.manager, &h.number, "销号", now()).unwrap();
    assert_eq!((h.status, h.closed_on.as_deref()), (HazardStatus::Closed, Some("2026-03-10")));
    skip(hazard::rectify(&mut p.store, &u.worker, &h.number, "again", now()).unwrap_err());
    let hist = hazard::history(p.store.conn(), &h.number).unwrap();
    let kinds: Vec<&str> = hist.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["assigned", "rectified", "rejected", "rectified", "verified", "closed"]);
    assert_eq!(hist[2].reason.as_deref(), Some("双手按钮未接线"));
    hazard::check(p.store.conn()).unwrap();
    ehs_ledger::audit::verify(p.store.conn()).unwrap();
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
    // A cache changed behind the app's back is named.
    p.store.conn().execute("UPDATE hazard_state SET status = 'assigned'", []).unwrap();
    assert!(hazard::check(p.store.conn()).is_err());
}

/// Guards 五到位: a major hazard (or one escalated to major) proceeds only with its plan.
#[test]
fn a_major_hazard_needs_its_five_elements() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let h =
        hazard::register(&mut p.store, &u.inspector, new(HazardLevel::Major, None, "2026-03-10T09:00"), now()).unwrap();
    let e = hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-04-30", None), now())
        .unwrap_err();
    assert_eq!(e.field(), Some("plan"));
    let half = MajorPlan { funds: "12 万元".into(), contingency: String::new(), goal: String::new() };
    assert_eq!(
        hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-04-30", Some(half)), now())
            .unwrap_err()
            .field(),
        Some("contingency")
    );
    let plan = MajorPlan {
        funds: "12 万元".into(),
        contingency: "停用该区域，设置警戒".into(),
        goal: "消除粉尘爆炸隐患".into(),
    };
    hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-04-30", Some(plan)), now()).unwrap();
    hazard::rectify(&mut p.store, &u.worker, &h.number, "done", now()).unwrap();

    // A general hazard escalated to major after assignment waits for its plan.
    let g = hazard::register(&mut p.store, &u.inspector, new(HazardLevel::General, None, "2026-03-10T09:30"), now())
        .unwrap();
    hazard::assign(&mut p.store, &u.inspector, &g.number, assign_to("li.si", "2026-03-20", None), now()).unwrap();
    assert_eq!(hazard::escalate(&mut p.store, &u.inspector, &g.number, "", now()).unwrap_err().field(), Some("reason"));
    let g = hazard::escalate(&mut p.store, &u.inspector, &g.number, "铝粉尘系统，符合重大隐患判定标准", now()).unwrap();
    assert_eq!(g.level, HazardLevel::Major);
    assert_eq!(hazard::rectify(&mut p.store, &u.worker, &g.number, "done", now()).unwrap_err().field(), Some("plan"));
    hazard::check(p.store.conn()).unwrap();
}

/// Guards the clocks: overdue is computed in the plant's zone (a US plant, across the DST
/// change), and an extension needs a reason and moves the deadline later.
#[test]
fn deadlines_overdue_and_extensions_in_the_plants_zone() {
    let mut p = plant_in("America/New_York", Jurisdiction::US);
    let u = people(&mut p);
    // 2026-03-08 is the spring-forward day in New York.
    let at = Utc.with_ymd_and_hms(2026, 3, 7, 15, 0, 0).unwrap();
    let h =
        hazard::register(&mut p.store, &u.inspector, new(HazardLevel::General, None, "2026-03-07T10:00"), at).unwrap();
    hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-03-08", None), at).unwrap();
    let today = |p: &common::Plant, utc: DateTime<Utc>| ehs_ledger::plant::today(p.store.conn(), utc).unwrap();
    // 2026-03-09 03:30 UTC is still the 8th in New York (23:30 EDT): not overdue.
    let late_evening = Utc.with_ymd_and_hms(2026, 3, 9, 3, 30, 0).unwrap();
    assert_eq!(today(&p, late_evening), d("2026-03-08"));
    assert!(!hazard::get(p.store.conn(), &h.number, today(&p, late_evening)).unwrap().overdue);
    // 04:30 UTC is the 9th (00:30 EDT): overdue; the alert says so.
    let next_day = Utc.with_ymd_and_hms(2026, 3, 9, 4, 30, 0).unwrap();
    assert!(hazard::get(p.store.conn(), &h.number, today(&p, next_day)).unwrap().overdue);
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), today(&p, next_day)).unwrap();
    assert!(alerts
        .iter()
        .any(|a| a.kind.as_str() == "hazard_overdue" && a.subject_id.as_deref() == Some(h.id.as_str())));
    // An extension: later only, with a reason, audited; not by an inspector.
    assert_eq!(
        hazard::extend(&mut p.store, &u.inspector, &h.number, "2026-03-20", "parts", next_day).unwrap_err().kind(),
        ErrorKind::Forbidden
    );
    assert_eq!(
        hazard::extend(&mut p.store, &u.manager, &h.number, "2026-03-20", " ", next_day).unwrap_err().field(),
        Some("reason")
    );
    assert_eq!(
        hazard::extend(&mut p.store, &u.manager, &h.number, "2026-03-05", "x", next_day).unwrap_err().field(),
        Some("deadline")
    );
    let h = hazard::extend(&mut p.store, &u.manager, &h.number, "2026-03-20", "备件到货延迟", next_day).unwrap();
    assert_eq!((h.deadline.as_deref(), h.overdue), (Some("2026-03-20"), false));
    let reason: String = p
        .store
        .conn()
        .query_row(
            "SELECT reason FROM audit_log WHERE table_name = 'hazard_event' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "备件到货延迟");
    // My tasks: what li.si must do.
    let mine = hazard::list(
        p.store.conn(),
        &HazardQuery { assignee: Some(u.worker.user_id.clone()), open_only: true, ..Default::default() },
        today(&p, next_day),
    )
    .unwrap();
    assert_eq!(mine.len(), 1);
}

/// Guards the on-time rate (domain.md §8.4, §11 item 10) as a ratio of sums over the period's
/// due hazards, and the KPIs beside it; the figures reach the weekly summary.
#[test]
fn kpis_and_the_on_time_rate() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let t0 = now();
    // Four hazards due 2026-03-12: three closed by then, one a day late; one major still open.
    let mut numbers = Vec::new();
    for i in 0..4 {
        let h = hazard::register(
            &mut p.store,
            &u.inspector,
            new(HazardLevel::General, Some(["3", "6", "7"]), &format!("2026-03-10T0{i}:00")),
            t0,
        )
        .unwrap();
        hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-03-12", None), t0).unwrap();
        numbers.push(h.number);
    }
    let on = |day: u32| Utc.with_ymd_and_hms(2026, 3, day, 2, 0, 0).unwrap();
    for (i, n) in numbers.iter().enumerate() {
        let at = if i == 3 { on(13) } else { on(11) };
        hazard::rectify(&mut p.store, &u.worker, n, "done", at).unwrap();
        hazard::verify(&mut p.store, &u.inspector, n, true, "ok", at).unwrap();
        hazard::close(&mut p.store, &u.manager, n, "", at).unwrap();
    }
    let plan = MajorPlan { funds: "5 万".into(), contingency: "预案".into(), goal: String::new() };
    let m = hazard::register(
        &mut p.store,
        &u.inspector,
        new(HazardLevel::Major, Some(["10", "6", "15"]), "2026-03-10T08:00"),
        t0,
    )
    .unwrap();
    hazard::assign(&mut p.store, &u.inspector, &m.number, assign_to("li.si", "2026-03-11", Some(plan)), t0).unwrap();
    let k = kpi::kpis(p.store.conn(), d("2026-03-09"), d("2026-03-15")).unwrap();
    assert_eq!((k.found, k.closed, k.due, k.closed_on_time), (5, 4, 5, 3));
    assert_eq!(k.on_time_rate_pct.as_deref(), Some("60.00"));
    assert_eq!((k.open, k.overdue_open, k.major_open), (1, 1, 1));
    assert_eq!(k.found_by_grade.get("3"), Some(&4), "3×6×7 = 126: grade 3");
    assert_eq!(k.found_by_grade.get("1"), Some(&1), "10×6×15 = 900: grade 1");
    assert!(k.on_time_definition.contains("closed_on <= deadline"));
    // The trend (the screen's charts): the week ending 2026-03-15 is the same range; the week
    // before it has nothing; periods come oldest first.
    let tr = kpi::trend_by(p.store.conn(), kpi::TrendUnit::Week, d("2026-03-15"), 2).unwrap();
    assert_eq!(
        tr.iter().map(|x| (x.from.as_str(), x.to.as_str())).collect::<Vec<_>>(),
        [("2026-03-02", "2026-03-08"), ("2026-03-09", "2026-03-15")]
    );
    assert_eq!(tr[1], k);
    assert_eq!((tr[0].found, tr[0].due, tr[0].on_time_rate_pct.as_deref()), (0, 0, None));
    // The week's figures: numerator and denominator travel, never a rate.
    let (figs, _, details) =
        ehs_ledger::indicators::for_range(p.store.conn(), d("2026-03-09"), d("2026-03-15")).unwrap();
    let f = |key: &str| figs.iter().find(|x| x.key == key).map(|x| x.value);
    assert_eq!((f("hazards_due"), f("hazards_closed_on_time"), f("hazards_major_open")), (Some(5), Some(3), Some(1)));
    assert_eq!((f("hazards_new_yellow"), f("hazards_new_red")), (Some(4), Some(1)));
    assert!(details.contains_key(&ehs_ledger::areas::Area::Safety));
}

/// Guards issue 12 item 7 / 13 item 5a: a wastewater exceedance becomes a corrective action here,
/// once, and its water alert gives way to the hazard.
#[test]
fn an_exceedance_is_taken_up_as_a_corrective_action() {
    use common::water_fixture::{cod_outfall, cod_sample};
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let admin = p.admin.clone();
    cod_outfall(&mut p.store, &admin, now());
    cod_sample(&mut p.store, &admin, "2026-03-09T10:00", "130", now());
    let today = d("2026-03-10");
    let x = ehs_ledger::water::loads::exceedances(p.store.conn(), today - chrono::Duration::days(5), today, 10)
        .unwrap()
        .remove(0);
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), today).unwrap();
    assert!(alerts.iter().any(|a| a.kind.as_str() == "water_exceedance"));
    let h = hazard::adopt_exceedance(&mut p.store, &u.inspector, &x.id, now()).unwrap();
    assert_eq!((h.source, h.exceedance_id.as_deref()), (HazardSource::Exceedance, Some(x.id.as_str())));
    assert!(h.description.contains("1.300"), "{}", h.description);
    assert_eq!(
        hazard::adopt_exceedance(&mut p.store, &u.inspector, &x.id, now()).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), today).unwrap();
    assert!(!alerts.iter().any(|a| a.kind.as_str() == "water_exceedance"), "the hazard took it over");
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
}

/// Guards item 1: a user-editable checklist, a weekly schedule with its due rounds (overdue
/// alerted), a round recorded against its due day with a failed item registered as a hazard
/// found on the round — all or nothing — and a revised checklist that the schedule follows.
#[test]
fn inspections_schedules_and_rounds() {
    use ehs_ledger::hazards::inspection::{self, Every, ItemOutcome, ItemResult, NewRound, NewSchedule, TemplateKind};
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let admin = p.admin.clone();
    let items: Vec<String> = ["消防通道畅通", "灭火器在有效期内", "电气柜门关闭"].map(String::from).to_vec();
    let t =
        inspection::save_template(&mut p.store, &admin, "车间周检", TemplateKind::Weekly, &items, None, now()).unwrap();
    assert_eq!(t.version, 1);
    let s = inspection::add_schedule(
        &mut p.store,
        &admin,
        &NewSchedule {
            template_id: t.id.clone(),
            area: "冲压车间".into(),
            every: Every::Week,
            start_on: "2026-03-02".into(),
            until_on: None,
            inspector: Some("zhang.san".into()),
        },
        now(),
    )
    .unwrap();
    assert_eq!(s.inspector_name.as_deref(), Some("zhang.san"));
    let due = inspection::due_rounds(p.store.conn(), d("2026-03-10"), 0).unwrap();
    assert_eq!(
        due.iter().map(|r| (r.due_on.as_str(), r.overdue)).collect::<Vec<_>>(),
        vec![("2026-03-02", true), ("2026-03-09", true)]
    );
    assert_eq!(due[0].template_id, t.id);
    let alerts = ehs_ledger::alerts::for_plant(p.store.conn(), d("2026-03-10")).unwrap();
    assert_eq!(alerts.iter().filter(|a| a.kind.as_str() == "inspection_overdue").count(), 2);
    let result = |r: [ItemOutcome; 3]| -> Vec<ItemResult> {
        items
            .iter()
            .zip(r)
            .map(|(i, r)| ItemResult {
                item: i.clone(),
                result: r,
                note: if r == ItemOutcome::Fail { "2 号门堆放物料".into() } else { String::new() },
                finding: None,
            })
            .collect()
    };
    let round = |due: &str, items: Vec<ItemResult>| NewRound {
        schedule_id: Some(s.id.clone()),
        due_on: Some(due.into()),
        template_id: None,
        area: None,
        items,
    };
    use ItemOutcome::{Fail, Na, Pass};
    // A failed item without a note, or results that do not match the list, write nothing.
    let mut bad = result([Fail, Pass, Pass]);
    bad[0].note.clear();
    assert_eq!(
        inspection::record_round(&mut p.store, &u.inspector, round("2026-03-02", bad), &[], now()).unwrap_err().field(),
        Some("note")
    );
    assert_eq!(
        inspection::record_round(
            &mut p.store,
            &u.inspector,
            round("2026-03-02", result([Pass; 3])[..2].to_vec()),
            &[],
            now()
        )
        .unwrap_err()
        .field(),
        Some("items")
    );
    assert_eq!(
        inspection::record_round(&mut p.store, &u.inspector, round("2026-03-03", result([Pass; 3])), &[], now())
            .unwrap_err()
            .field(),
        Some("due_on")
    );
    let done =
        inspection::record_round(&mut p.store, &u.inspector, round("2026-03-02", result([Fail, Na, Pass])), &[], now())
            .unwrap();
    assert_eq!(done.hazards.len(), 1);
    assert_eq!(done.hazards[0].item_no, 1);
    let h = hazard::get(p.store.conn(), &done.hazards[0].number, d("2026-03-10")).unwrap();
    assert_eq!((h.source, h.area.as_str()), (HazardSource::Weekly, "冲压车间"));
    assert!(h.description.contains("消防通道畅通"));
    let round_of: Option<String> =
        p.store.conn().query_row("SELECT round_id FROM hazard WHERE id = ?1", [&h.id], |r| r.get(0)).unwrap();
    assert_eq!(round_of.as_deref(), Some(done.round_id.as_str()));
    assert_eq!(
        inspection::record_round(&mut p.store, &u.inspector, round("2026-03-02", result([Pass; 3])), &[], now())
            .unwrap_err()
            .kind(),
        ErrorKind::Conflict
    );
    assert_eq!(inspection::due_rounds(p.store.conn(), d("2026-03-10"), 0).unwrap().len(), 1);
    // The round reads back with its items (pass / fail / NA) and the hazard each failed item raised.
    let detail = inspection::round(p.store.conn(), &done.round_id, d("2026-03-10")).unwrap();
    assert_eq!(
        detail.items.iter().map(|i| (i.no, i.result, i.hazard_number.clone())).collect::<Vec<_>>(),
        vec![(1, Fail, Some(h.number.clone())), (2, Na, None), (3, Pass, None)]
    );
    assert_eq!((detail.round.passed, detail.round.failed, detail.round.not_applicable), (1, 1, 1));
    assert_eq!(detail.findings.iter().map(|f| f.number.as_str()).collect::<Vec<_>>(), vec![h.number.as_str()]);
    assert_eq!(detail.round.inspector_name, "zhang.san");
    // A revised checklist supersedes the old; the schedule follows it; the old one takes no new
    // schedule or round.
    let more: Vec<String> = items.iter().cloned().chain(["安全出口指示灯完好".to_string()]).collect();
    let t2 =
        inspection::save_template(&mut p.store, &admin, "车间周检", TemplateKind::Weekly, &more, Some(&t.id), now())
            .unwrap();
    assert_eq!(t2.version, 2);
    assert_eq!(inspection::templates(p.store.conn()).unwrap().len(), 1);
    assert_eq!(inspection::schedules(p.store.conn()).unwrap()[0].template_id, t2.id);
    let e = inspection::record_round(
        &mut p.store,
        &u.inspector,
        NewRound {
            template_id: Some(t.id.clone()),
            area: Some("仓库".into()),
            items: result([Pass; 3]),
            ..NewRound::default()
        },
        &[],
        now(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("template_id"), "{e}");
    // The recorded round still shows the version it was done against.
    let r = &inspection::rounds(p.store.conn(), &Default::default()).unwrap()[0];
    assert_eq!((r.template_version, r.hazards.clone()), (1, vec![h.number.clone()]));
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
    hazard::check(p.store.conn()).unwrap();
}

/// Guards item 4: the deadline reminder goes to the group robot once per deadline, the overdue
/// escalation to the managers and the robot once; an extension's new deadline gets its own; with
/// no channel configured nothing is queued (the in-app alert stands).
#[test]
fn reminders_and_escalations_are_queued_once_per_deadline() {
    use ehs_ledger::plant::settings;
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let admin = p.admin.clone();
    let h = hazard::register(&mut p.store, &u.inspector, new(HazardLevel::General, None, "2026-03-10T09:00"), now())
        .unwrap();
    hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-03-12", None), now()).unwrap();
    let notices = |p: &common::Plant| -> Vec<(String, String)> {
        let mut stmt =
            p.store.conn().prepare("SELECT kind, subject FROM outbox WHERE stream = 'notices' ORDER BY seq").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    // No channel yet: nothing queued.
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, now()).unwrap(), 0);
    settings::set(&mut p.store, &admin, "notify_webhook_kind", "wecom", now()).unwrap();
    settings::set(&mut p.store, &admin, "notify_webhook_url", "http://127.0.0.1:9/robot", now()).unwrap();
    settings::set(&mut p.store, &admin, "notify_manager_emails", "gm@plant.example.cn", now()).unwrap();
    // Two days ahead (lead 3 days): the reminder to the robot, once.
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, now()).unwrap(), 1);
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, now()).unwrap(), 0);
    // Past the deadline: the escalation by mail to the managers and to the robot, once.
    let late = Utc.with_ymd_and_hms(2026, 3, 13, 2, 0, 0).unwrap();
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, late).unwrap(), 2);
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, late).unwrap(), 0);
    let n = notices(&p);
    assert_eq!(n.len(), 3);
    assert!(n[0].1.contains("隐患整改提醒") && n[1].1.contains("逾期") && n[2].1.contains("逾期"), "{n:?}");
    // An extension's new deadline gets its own reminder.
    hazard::extend(&mut p.store, &u.manager, &h.number, "2026-03-15", "备件", late).unwrap();
    assert_eq!(ehs_ledger::hazards::reminders::queue_due(&mut p.store, late).unwrap(), 1);
    ehs_ledger::audit::records::verify_records(p.store.conn()).unwrap();
}

/// Guards the OS notifications' selection (issue 13 item 4): the responsible person sees their
/// own hazard within the lead time and once overdue, another inspector sees nothing, a manager
/// sees it only once overdue (the escalation); the key changes with an extended deadline.
#[test]
fn desktop_notices_go_to_the_responsible_person_and_escalate_to_managers() {
    use ehs_ledger::hazards::reminders::{desktop_notices, ReminderKind};
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let h = hazard::register(&mut p.store, &u.inspector, new(HazardLevel::General, None, "2026-03-10T09:00"), now())
        .unwrap();
    hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", "2026-03-20", None), now()).unwrap();
    let c = p.store.conn();
    // Ten days ahead, lead 3: nothing yet.
    assert!(desktop_notices(c, &u.worker, d("2026-03-10")).unwrap().is_empty());
    // Three days ahead: the responsible person only.
    let n = desktop_notices(c, &u.worker, d("2026-03-17")).unwrap();
    assert_eq!(n.len(), 1);
    assert_eq!((n[0].kind, n[0].days, n[0].mine), (ReminderKind::DueSoon, 3, true));
    assert!(desktop_notices(c, &u.inspector, d("2026-03-17")).unwrap().is_empty());
    assert!(desktop_notices(c, &u.manager, d("2026-03-17")).unwrap().is_empty());
    // The deadline day itself is still due, not overdue.
    assert_eq!(desktop_notices(c, &u.worker, d("2026-03-20")).unwrap()[0].kind, ReminderKind::DueSoon);
    // Past it: overdue for the worker, escalated to the manager, still nothing for the inspector.
    let w = desktop_notices(c, &u.worker, d("2026-03-22")).unwrap();
    assert_eq!((w[0].kind, w[0].days), (ReminderKind::Overdue, 2));
    let m = desktop_notices(c, &u.manager, d("2026-03-22")).unwrap();
    assert_eq!((m.len(), m[0].kind, m[0].mine), (1, ReminderKind::Overdue, false));
    assert!(desktop_notices(c, &u.inspector, d("2026-03-22")).unwrap().is_empty());
    // An extension gives a new key, so the shell notifies again.
    let before = w[0].key.clone();
    let late = Utc.with_ymd_and_hms(2026, 3, 22, 2, 0, 0).unwrap();
    hazard::extend(&mut p.store, &u.manager, &h.number, "2026-03-24", "备件", late).unwrap();
    let again = desktop_notices(p.store.conn(), &u.worker, d("2026-03-22")).unwrap();
    assert_eq!(again[0].kind, ReminderKind::DueSoon);
    assert_ne!(again[0].key, before);
}

/// Guards the board (issue 13 item 7/9): one column per status with its count and overdue
/// count, open columns by deadline, the closed column by the latest 销号, narrowed by area and
/// assignee, and a page size.
#[test]
fn the_board_pages_each_column_in_its_order() {
    use ehs_ledger::hazards::hazard::board;
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    let u = people(&mut p);
    let mut numbers = Vec::new();
    for (i, deadline) in ["2026-03-20", "2026-03-12", "2026-03-15", "2026-03-11"].iter().enumerate() {
        let mut n = new(HazardLevel::General, Some(["3", "6", "7"]), "2026-03-10T09:00");
        if i == 3 {
            n.area = "涂装车间".into();
        }
        let h = hazard::register(&mut p.store, &u.inspector, n, now()).unwrap();
        hazard::assign(&mut p.store, &u.inspector, &h.number, assign_to("li.si", deadline, None), now()).unwrap();
        numbers.push(h.number);
    }
    // Two closed, on different days; one left registered.
    let close = |p: &mut common::Plant, n: &str, day: u32| {
        let at = Utc.with_ymd_and_hms(2026, 3, day, 3, 0, 0).unwrap();
        hazard::rectify(&mut p.store, &u.worker, n, "已整改", at).unwrap();
        hazard::verify(&mut p.store, &u.inspector, n, true, "合格", at).unwrap();
        hazard::close(&mut p.store, &u.manager, n, "销号", at).unwrap();
    };
    close(&mut p, &numbers[0], 11);
    close(&mut p, &numbers[2], 12);
    let reg = hazard::register(&mut p.store, &u.inspector, new(HazardLevel::General, None, "2026-03-10T10:00"), now())
        .unwrap();
    let b = board(p.store.conn(), &HazardQuery::default(), d("2026-03-13")).unwrap();
    let col = |s: HazardStatus| b.columns.iter().find(|c| c.status == s).unwrap();
    assert_eq!(b.columns.len(), 5);
    assert_eq!(col(HazardStatus::Registered).count, 1);
    assert_eq!(col(HazardStatus::Registered).hazards[0].number, reg.number);
    let assigned = col(HazardStatus::Assigned);
    assert_eq!(assigned.count, 2);
    // By deadline: 03-11 before 03-12, both overdue on 03-13.
    assert_eq!(assigned.hazards.iter().map(|h| h.number.as_str()).collect::<Vec<_>>(), [&numbers[3], &numbers[1]]);
    assert_eq!(assigned.overdue, 2);
    let closed = col(HazardStatus::Closed);
    assert_eq!((closed.count, closed.overdue), (2, 0));
    // The latest 销号 first.
    assert_eq!(closed.hazards[0].number, numbers[2]);
    assert_eq!(b.closed_since, "2026-02-12");
    // The closed column is a window of the last 30 days: gone from it on 04-11, still counted
    // in the KPIs.
    let later = board(p.store.conn(), &HazardQuery::default(), d("2026-04-11")).unwrap();
    let closed_later = later.columns.iter().find(|c| c.status == HazardStatus::Closed).unwrap();
    assert_eq!((closed_later.count, closed_later.hazards.len()), (0, 0));
    assert_eq!(later.columns.iter().find(|c| c.status == HazardStatus::Assigned).unwrap().count, 2);
    assert_eq!(kpi::kpis(p.store.conn(), d("2026-03-01"), d("2026-04-11")).unwrap().closed, 2);
    // Narrowed by area; a page of one.
    let paint =
        board(p.store.conn(), &HazardQuery { area: Some("涂装车间".into()), ..Default::default() }, d("2026-03-13"))
            .unwrap();
    assert_eq!(paint.columns.iter().map(|c| c.count).sum::<i64>(), 1);
    let one = board(p.store.conn(), &HazardQuery { limit: Some(1), ..Default::default() }, d("2026-03-13")).unwrap();
    assert_eq!(one.columns.iter().find(|c| c.status == HazardStatus::Assigned).unwrap().hazards.len(), 1);
    assert_eq!(one.columns.iter().find(|c| c.status == HazardStatus::Assigned).unwrap().count, 2);
}

/// Guards db/0023: hazards recorded under the schema before it keep their state, and the
/// state cache then carries the record's day, area, grade and liveness (`check` proves it).
#[test]
fn hazards_recorded_before_the_kpi_cache_migrate_with_their_state() {
    use ehs_ledger::db::{Store, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let before: Vec<_> = MIGRATIONS.iter().copied().filter(|m| m.version <= 22).collect();
    {
        let store = Store::open_with(&path, &before).unwrap();
        let c = store.conn();
        c.execute_batch(
            "INSERT INTO app_user (id, username, display_name, role, secret_kind, secret_hash, created_at)
               VALUES ('u1', 'zhang', '张三', 'inspector', 'password', 'x', '2026-03-01T00:00:00Z');
             INSERT INTO hazard (id, number, found_at, local_date, area, description, source, level,
                 lec_l, lec_e, lec_c, lec_d, lec_grade, lec_table, created_at, created_by)
               VALUES ('h1', 'YH-20260301-001', '2026-03-01T01:00:00Z', '2026-03-01', '冲压车间', '护栏缺失', 'daily',
                 'general', '3', '6', '7', '126', 3, 'v1', '2026-03-01T01:00:00Z', 'u1');
             INSERT INTO hazard_event (id, hazard_id, seq, kind, at, local_date, actor, data)
               VALUES ('e1', 'h1', 1, 'assigned', '2026-03-01T02:00:00Z', '2026-03-01', 'u1',
                 '{\"assignee\":\"u1\",\"department\":\"冲压\",\"deadline\":\"2026-03-05\",\"measures\":\"加装护栏\",\"plan\":null}');
             INSERT INTO hazard_state (hazard_id, status, level, assignee, department, deadline, rectified_by, closed_on, events)
               VALUES ('h1', 'assigned', 'general', 'u1', '冲压', '2026-03-05', NULL, NULL, 1);"
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    let row: (String, String, i64, i64) = c
        .query_row("SELECT found_on, area, grade, live FROM hazard_state WHERE hazard_id = 'h1'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(row, ("2026-03-01".into(), "冲压车间".into(), 3, 1));
    hazard::check(c).unwrap();
    let k = kpi::kpis(c, d("2026-03-01"), d("2026-03-31")).unwrap();
    assert_eq!((k.found, k.due, k.open, k.overdue_open), (1, 1, 1, 1));
}
