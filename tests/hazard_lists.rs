//! The hazards' lists beyond the board (issue 13 items 2, 5a, 6, 7): the deadline-range filter
//! the calendar asks with, every list and the KPIs exported as xlsx and read back with calamine
//! (rows, numbers, the on-time flag and overdue days, the on-time definition's note row), the
//! KPIs per area and per grade adding up to the totals, and a wastewater exceedance carrying the
//! number of the hazard that took it up.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::hazard_plant::{hazard_plant, today};
use ehs_ledger::hazards::export::{self, HazardExport};
use ehs_ledger::hazards::hazard::{self, HazardQuery};
use ehs_ledger::hazards::kpi::{self, KpiGroup};
use ehs_ledger::report::Lang;
use ehs_ledger::ErrorKind;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn numbers(list: &[hazard::Hazard]) -> Vec<String> {
    list.iter().map(|h| h.description[..1].to_string()).collect()
}

/// Guards item 7: the calendar asks for one month only — the deadline bounds are inclusive,
/// hazards without a deadline are left out, bad bounds are refused naming their field.
#[test]
fn the_deadline_range_selects_one_month_inclusive() {
    let hp = hazard_plant();
    let conn = hp.plant.store.conn();
    let q = |from: Option<&str>, to: Option<&str>| HazardQuery {
        deadline_from: from.map(Into::into),
        deadline_to: to.map(Into::into),
        ..Default::default()
    };
    let all = hazard::list(conn, &HazardQuery::default(), today()).unwrap();
    assert_eq!(numbers(&all), ["A", "B", "C", "D", "E"], "deadline order, none last");
    let march = hazard::list(conn, &q(Some("2026-03-01"), Some("2026-03-31")), today()).unwrap();
    assert_eq!(numbers(&march), ["A", "B", "C"]);
    // Both ends inclusive.
    let edge = hazard::list(conn, &q(Some("2026-03-06"), Some("2026-03-07")), today()).unwrap();
    assert_eq!(numbers(&edge), ["B", "C"]);
    let april = hazard::list(conn, &q(Some("2026-04-01"), Some("2026-04-30")), today()).unwrap();
    assert_eq!(numbers(&april), ["D"]);
    let from_only = hazard::list(conn, &q(Some("2026-03-07"), None), today()).unwrap();
    assert_eq!(numbers(&from_only), ["C", "D"], "a lower bound alone leaves out hazards without a deadline");
    let blank = hazard::list(conn, &q(Some(" "), Some("")), today()).unwrap();
    assert_eq!(blank.len(), 5, "blank bounds are no bounds");
    let e = hazard::list(conn, &q(Some("March"), None), today()).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("deadline_from")));
    let e = hazard::list(conn, &q(Some("2026-03-31"), Some("2026-03-01")), today()).unwrap_err();
    assert_eq!(e.field(), Some("deadline_to"));
}

/// A workbook's sheets as rows of cells.
fn read_xlsx(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    assert!(bytes.starts_with(b"PK"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r.rows().map(|row| row.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The header row (its first cell is `first`) and the data rows under it, up to the first
/// blank row.
fn grid<'a>(rows: &'a [Vec<Data>], first: &str) -> (Vec<String>, Vec<&'a Vec<Data>>) {
    let at = rows.iter().position(|r| r.first().map(text).as_deref() == Some(first)).expect(first);
    let head: Vec<String> = rows[at].iter().map(text).collect();
    let data = rows[at + 1..].iter().take_while(|r| r.iter().any(|c| !matches!(c, Data::Empty))).collect();
    (head, data)
}

fn cell<'a>(head: &[String], row: &'a [Data], col: &str) -> &'a Data {
    let i = head.iter().position(|h| h == col).unwrap_or_else(|| panic!("no column {col} in {head:?}"));
    row.get(i).unwrap_or(&Data::Empty)
}

/// Guards item 6: the register exported for a query carries every column the brief names, with
/// L/E/C/D and the grade as numbers, the on-time flag and the overdue days as defined in the
/// sheet's note; my tasks, the calendar month and the KPI tables read back with their values.
#[test]
fn every_list_exports_to_xlsx_and_reads_back() {
    let hp = hazard_plant();
    let conn = hp.plant.store.conn();
    let (a, b, c, dd, e) = (&hp.numbers[0], &hp.numbers[1], &hp.numbers[2], &hp.numbers[3], &hp.numbers[4]);

    // The register (the board's export): every live hazard.
    let all = HazardExport::List { query: HazardQuery::default() };
    let sheets = read_xlsx(export::xlsx(conn, &all, &hp.worker.user_id, Lang::Zh, today()).unwrap());
    assert_eq!(sheets.len(), 1);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "隐患清单");
    assert_eq!(text(&rows[0][0]), "隐患排查治理台账");
    assert!(rows.iter().any(|r| text(&r[0]).contains("深圳工厂（SZ01）")));
    let (head, data) = grid(rows, "编号");
    assert_eq!(
        head,
        [
            "编号",
            "发现日期",
            "区域",
            "设备/部位",
            "隐患描述",
            "类别",
            "L",
            "E",
            "C",
            "D",
            "风险等级",
            "级别",
            "状态",
            "责任人",
            "责任部门",
            "整改期限",
            "销号日期",
            "按期销号",
            "逾期天数"
        ]
    );
    assert_eq!(data.len(), 5);
    let row = |n: &str| *data.iter().find(|r| text(&r[0]) == n).unwrap_or_else(|| panic!("{n}"));
    let v = |n: &str, col: &str| cell(&head, row(n), col).clone();
    // A: closed the day before its deadline.
    assert_eq!(v(a, "发现日期"), Data::String("2026-03-02".into()));
    assert_eq!(v(a, "区域"), Data::String("冲压车间".into()));
    assert_eq!(
        (v(a, "L"), v(a, "E"), v(a, "C"), v(a, "D")),
        (Data::Float(6.0), Data::Float(6.0), Data::Float(7.0), Data::Float(252.0))
    );
    assert_eq!(v(a, "风险等级"), Data::Float(2.0));
    assert_eq!((v(a, "级别"), v(a, "状态")), (Data::String("一般".into()), Data::String("已销号".into())));
    assert_eq!((v(a, "责任人"), v(a, "责任部门")), (Data::String("li.si".into()), Data::String("生产部".into())));
    assert_eq!(
        (v(a, "整改期限"), v(a, "销号日期")),
        (Data::String("2026-03-05".into()), Data::String("2026-03-04".into()))
    );
    assert_eq!((v(a, "按期销号"), v(a, "逾期天数")), (Data::String("是".into()), Data::Float(0.0)));
    // B: closed two days late.
    assert_eq!((v(b, "按期销号"), v(b, "逾期天数")), (Data::String("否".into()), Data::Float(2.0)));
    // C: open, no LEC, three days past its deadline on the 10th.
    assert_eq!((v(c, "L"), v(c, "D"), v(c, "风险等级")), (Data::Empty, Data::Empty, Data::Empty));
    assert_eq!(
        (v(c, "状态"), v(c, "按期销号"), v(c, "逾期天数")),
        (Data::String("已指派".into()), Data::String("否".into()), Data::Float(3.0))
    );
    // D: major, not yet due.
    assert_eq!(
        (v(dd, "级别"), v(dd, "D"), v(dd, "风险等级")),
        (Data::String("重大".into()), Data::Float(900.0), Data::Float(1.0))
    );
    assert_eq!((v(dd, "按期销号"), v(dd, "逾期天数")), (Data::Empty, Data::Float(0.0)));
    // E: L = 0.5 stays a number; no deadline, nothing to say about time.
    assert_eq!((v(e, "L"), v(e, "D"), v(e, "风险等级")), (Data::Float(0.5), Data::Float(21.0), Data::Float(4.0)));
    assert_eq!(
        (v(e, "状态"), v(e, "整改期限"), v(e, "逾期天数")),
        (Data::String("已登记".into()), Data::Empty, Data::Empty)
    );
    assert!(rows.iter().any(|r| text(&r[0]).starts_with("逾期天数：")), "the overdue days' definition is on the sheet");

    // A filtered list says its filter; in English the words follow.
    let open = HazardExport::List { query: HazardQuery { open_only: true, ..Default::default() } };
    let sheets = read_xlsx(export::xlsx(conn, &open, "", Lang::En, today()).unwrap());
    let rows = &sheets[0].1;
    assert!(
        rows.iter().any(|r| text(&r[0]) == "Filter: open"),
        "{:?}",
        rows.iter().map(|r| text(&r[0])).collect::<Vec<_>>()
    );
    let (head, data) = grid(rows, "Number");
    assert_eq!(data.iter().map(|r| text(&r[0])).collect::<Vec<_>>(), [c.clone(), dd.clone(), e.clone()]);
    assert_eq!(text(cell(&head, data[0], "Status")), "Assigned");
    assert_eq!(text(cell(&head, data[0], "On time")), "No");

    // My tasks: li.si's open hazards only.
    let sheets = read_xlsx(export::xlsx(conn, &HazardExport::MyTasks, &hp.worker.user_id, Lang::Zh, today()).unwrap());
    let rows = &sheets[0].1;
    assert_eq!(text(&rows[0][0]), "我的整改任务");
    assert!(rows.iter().any(|r| text(&r[0]).contains("责任人：li.si")));
    let (_, data) = grid(rows, "编号");
    assert_eq!(data.iter().map(|r| text(&r[0])).collect::<Vec<_>>(), [c.as_str()]);

    // The calendar month: deadlines in March only.
    let cal = HazardExport::Calendar { month: "2026-03".into() };
    let sheets = read_xlsx(export::xlsx(conn, &cal, "", Lang::Zh, today()).unwrap());
    let (_, data) = grid(&sheets[0].1, "编号");
    assert_eq!(data.iter().map(|r| text(&r[0])).collect::<Vec<_>>(), [a.clone(), b.clone(), c.clone()]);
    let bad = HazardExport::Calendar { month: "2026-13".into() };
    assert_eq!(export::xlsx(conn, &bad, "", Lang::Zh, today()).unwrap_err().field(), Some("month"));

    // The KPI tables: totals, by area, by grade, each with the definition in a note row.
    let k = HazardExport::Kpi { from: "2026-03-01".into(), to: "2026-03-10".into() };
    let sheets = read_xlsx(export::xlsx(conn, &k, "", Lang::Zh, today()).unwrap());
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["指标汇总", "按区域", "按风险等级"]);
    let (head, data) = grid(&sheets[0].1, "指标");
    let value = |label: &str| {
        let r = data.iter().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("{label}"));
        cell(&head, r, "数值").clone()
    };
    assert_eq!((value("发现隐患"), value("销号隐患")), (Data::Float(5.0), Data::Float(2.0)));
    assert_eq!((value("整改期限在本期内"), value("按期销号")), (Data::Float(3.0), Data::Float(1.0)));
    assert_eq!(value("按期整改完成率（%）"), Data::Float(33.33));
    assert_eq!(
        (value("期末未销号"), value("逾期未销号"), value("重大隐患未销号")),
        (Data::Float(3.0), Data::Float(1.0), Data::Float(1.0))
    );
    for (name, rows) in &sheets {
        assert!(
            rows.iter().any(|r| text(&r[0]).starts_with("按期整改完成率 = 整改期限")),
            "{name}: the on-time rate's definition in a note row"
        );
        assert!(rows.iter().any(|r| text(&r[0]).contains(kpi::ON_TIME_DEFINITION)), "{name}: the formula's version");
    }
    let (head, data) = grid(&sheets[1].1, "区域");
    let area = |a: &str, col: &str| {
        let r = data.iter().find(|r| text(&r[0]) == a).unwrap_or_else(|| panic!("{a}"));
        cell(&head, r, col).clone()
    };
    assert_eq!(
        (area("冲压车间", "发现"), area("冲压车间", "按期整改完成率（%）")),
        (Data::Float(2.0), Data::Float(50.0))
    );
    assert_eq!(
        (area("仓库", "期末未销号"), area("仓库", "逾期未销号"), area("仓库", "重大未销号")),
        (Data::Float(2.0), Data::Float(1.0), Data::Float(1.0))
    );
    assert_eq!(
        (area("配电房", "期限在本期内"), area("配电房", "按期整改完成率（%）")),
        (Data::Float(0.0), Data::Empty)
    );
    assert_eq!((area("合计", "发现"), area("合计", "按期整改完成率（%）")), (Data::Float(5.0), Data::Float(33.33)));
    let (_, data) = grid(&sheets[2].1, "风险等级");
    assert_eq!(
        data.iter().map(|r| text(&r[0])).collect::<Vec<_>>(),
        ["未评价", "1 级（红）", "2 级（橙）", "3 级（黄）", "4 级（蓝）", "合计"]
    );
    // A period the wrong way round is refused, naming the field.
    let back = HazardExport::Kpi { from: "2026-03-10".into(), to: "2026-03-01".into() };
    assert_eq!(export::xlsx(conn, &back, "", Lang::Zh, today()).unwrap_err().field(), Some("to"));
}

/// Guards the KPI tables' breakdown: every group counts with the totals' definitions, so the
/// groups add up to the plant's KPIs for any period.
#[test]
fn kpis_per_area_and_grade_add_up_to_the_totals() {
    let hp = hazard_plant();
    let conn = hp.plant.store.conn();
    for (from, to) in [("2026-03-01", "2026-03-10"), ("2026-03-02", "2026-03-06"), ("2026-03-07", "2026-04-30")] {
        let k = kpi::kpis(conn, d(from), d(to)).unwrap();
        for group in [KpiGroup::Area, KpiGroup::Grade] {
            let g = kpi::by_group(conn, d(from), d(to), group).unwrap();
            let sum = |f: fn(&kpi::GroupKpis) -> i64| g.iter().map(f).sum::<i64>();
            assert_eq!(
                (sum(|x| x.found), sum(|x| x.closed), sum(|x| x.due), sum(|x| x.closed_on_time)),
                (k.found, k.closed, k.due, k.closed_on_time),
                "{from}..{to} {group:?}"
            );
            assert_eq!(
                (sum(|x| x.open), sum(|x| x.overdue_open), sum(|x| x.major_open)),
                (k.open, k.overdue_open, k.major_open),
                "{from}..{to} {group:?}"
            );
        }
        let found: i64 = k.found_by_area.values().sum();
        assert_eq!(found, k.found);
    }
    let by_grade = kpi::by_group(conn, d("2026-03-01"), d("2026-03-10"), KpiGroup::Grade).unwrap();
    assert_eq!(by_grade.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["0", "1", "2", "3", "4"]);
    let grade2 = &by_grade[2];
    assert_eq!((grade2.due, grade2.closed_on_time, grade2.on_time_rate_pct.as_deref()), (1, 1, Some("100.00")));
    // The rows behind the report's overdue and major tiles, on 2026-03-08: C (due 03-07) and D (major).
    let ids = kpi::open_overdue_or_major(conn, d("2026-03-08")).unwrap();
    let nums: Vec<String> = ids.iter().map(|id| hazard::get(conn, id, today()).unwrap().number).collect();
    assert_eq!(nums, [hp.numbers[2].clone(), hp.numbers[3].clone()]);
}

/// Guards item 5a: the exceedance listing says which hazard took an exceedance up, so the
/// screen can show the number and offer adoption only once.
#[test]
fn an_adopted_exceedance_carries_its_hazard_number() {
    use common::water_fixture::{cod_outfall, cod_sample};
    let hp = hazard_plant();
    let mut p = hp.plant;
    let admin = p.admin.clone();
    let now = common::hazard_plant::on(10);
    cod_outfall(&mut p.store, &admin, now);
    for (at, value) in [("2026-03-08T10:00", "130"), ("2026-03-09T10:00", "120")] {
        cod_sample(&mut p.store, &admin, at, value, now);
    }
    let list = |p: &common::Plant| {
        ehs_ledger::water::loads::exceedances(p.store.conn(), d("2026-03-01"), today(), 10).unwrap()
    };
    let before = list(&p);
    assert_eq!(before.len(), 2);
    assert!(before.iter().all(|x| x.hazard_number.is_none()));
    let h = hazard::adopt_exceedance(&mut p.store, &hp.inspector, &before[1].id, now).unwrap();
    let after = list(&p);
    let adopted = after.iter().find(|x| x.id == before[1].id).unwrap();
    assert_eq!(adopted.hazard_number.as_deref(), Some(h.number.as_str()));
    assert!(after.iter().find(|x| x.id == before[0].id).unwrap().hazard_number.is_none(), "only the adopted one");
}
