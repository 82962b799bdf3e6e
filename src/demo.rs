//! A living demo plant: a Shenzhen electronics/auto-parts plant with its people, waste streams
//! and a few months of generation entries, all written through the same core functions (and so
//! the same audit trail) as real use. Deterministic for a given `now`.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::settings;
use crate::plant::{self, users, Headcount, Jurisdiction, Role, Session, SetupInput};
use crate::units::MassUnit;
use crate::waste::appendix::{self, ContainerType, EntryDetails, Handlers, NewGenerationPoint};
use crate::waste::generation::{self, GenerationInput, VoidInput};
use crate::waste::gri::Route;
use crate::waste::manifest::WeightSource;
use crate::waste::receiver::{self, CounterpartyKind, LicenceType, NewCounterparty, NewLicence};
use crate::waste::shipment::{self, ConfirmInput, ShipInput};
use crate::waste::solid::{self, NewSwStream, SwRecordInput};
use crate::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use crate::waste::stream::{self, NewStream, PhysicalForm};
use crate::waste::Purpose;
use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use std::path::Path;

/// Sign-in of the demo admin (printed by `ehs-ledger demo`).
pub const DEMO_ADMIN: (&str, &str) = ("admin", "demo-admin-2025");
/// Sign-in of the demo EHS officer.
pub const DEMO_OFFICER: (&str, &str) = ("wang.li", "demo-ehs-2025");

/// What the seeding made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub plant_code: String,
    pub streams: usize,
    pub entries: usize,
    pub voided: usize,
    pub stored: usize,
    /// Containers that left under a transfer manifest (the monthly pick-ups).
    pub taken_out: usize,
    /// Transfer manifests, and how many of them the receiver has confirmed.
    pub shipments: usize,
    pub confirmed: usize,
    /// General solid-waste generation and outbound records.
    pub solid_records: usize,
    /// Wastewater readings: 90 days of the logger's hourly data and the lab's results.
    pub water_readings: usize,
    /// VOC ledger records: sources, materials, monthly usage, stack tests, coated area.
    pub voc_records: usize,
    /// Hazards (隐患) found on the inspection rounds, in every state of the loop.
    pub hazards: usize,
}

/// (name, code, form, typical kg per container, containers per working day ×10)
const STREAMS: &[(&str, &str, PhysicalForm, u32, u32)] = &[
    ("废矿物油(设备维修)", "900-249-08", PhysicalForm::Liquid, 180, 6),
    ("废液压油(压铸机)", "900-218-08", PhysicalForm::Liquid, 200, 3),
    ("废切削液", "900-006-09", PhysicalForm::Liquid, 950, 5),
    ("漆渣(喷涂线)", "900-252-12", PhysicalForm::Sludge, 400, 4),
    ("废活性炭(VOCs治理)", "900-039-49", PhysicalForm::Solid, 500, 2),
    ("沾染废包装桶/抹布", "900-041-49", PhysicalForm::Solid, 60, 8),
    ("废电路板(SMT/维修)", "900-045-49", PhysicalForm::Solid, 35, 3),
    ("废含汞灯管", "900-023-29", PhysicalForm::Solid, 12, 1),
];

/// A small deterministic generator (no external randomness in demo data).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
}

/// The demo plant's code.
pub const DEMO_PLANT_CODE: &str = "SZ-LH01";

/// Seeds the demo into the database file at `path`, which must not hold a plant yet.
///
/// The seeding takes hundreds of writes. When `path` does not exist, the plant is built in a
/// side file (`<path>.demo-partial`) and moved into place only once complete: an interrupted
/// run leaves `path` untouched and the next run starts over, removing the side file it left.
/// An existing empty database is seeded in place; if that run is interrupted, the next one
/// refuses and says how to start over (see [`seed`]).
pub fn seed_file(path: &Path, now: DateTime<Utc>, months: u32) -> Result<DemoSummary> {
    if path.exists() {
        let mut store = Store::open(path)?;
        return seed(&mut store, now, months);
    }
    let side = side_file(path, "");
    for ext in ["", "-wal", "-shm", "-journal"] {
        match std::fs::remove_file(side_file(path, ext)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    let summary = {
        let mut store = Store::open(&side)?;
        seed(&mut store, now, months)?
        // Dropping the store closes the last connection: SQLite checkpoints the WAL into the file.
    };
    if side_file(path, "-wal").exists() {
        return Err(Error::Internal(format!("{} still has a write-ahead log after closing", side.display())));
    }
    std::fs::rename(&side, path)?;
    Ok(summary)
}

fn side_file(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".demo-partial");
    name.push(ext);
    name.into()
}

/// Seeds an empty database with the demo plant and `months` of entries ending at `now`.
/// A database that already holds a plant is refused; if that plant is the demo's (a finished
/// or an interrupted run), the message says how to start over.
pub fn seed(store: &mut Store, now: DateTime<Utc>, months: u32) -> Result<DemoSummary> {
    if let Some(p) = plant::get(store.conn())? {
        if p.code == DEMO_PLANT_CODE {
            return Err(Error::Conflict(crate::msg::demo::already_holds_demo_plant(
                &store.path().display(),
                &DEMO_PLANT_CODE,
            )));
        }
        return Err(Error::Conflict(crate::msg::demo::database_already_has_plant()));
    }
    let admin = plant::setup(
        store,
        SetupInput {
            plant_code: DEMO_PLANT_CODE.into(),
            plant_name: "深圳龙华精密制造工厂".into(),
            segment: "智能手机×AIoT".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: DEMO_ADMIN.0.into(),
            admin_display_name: "系统管理员".into(),
            admin_password: DEMO_ADMIN.1.into(),
        },
        now,
    )?;
    let officer = users::create(
        store,
        &admin,
        users::NewUser {
            username: DEMO_OFFICER.0.into(),
            display_name: "王立 (EHS)".into(),
            role: Role::EhsOfficer,
            secret: DEMO_OFFICER.1.into(),
        },
        now,
    )?;
    let inspector = users::create(
        store,
        &admin,
        users::NewUser {
            username: "zhao.min".into(),
            display_name: "赵敏 (安全)".into(),
            role: Role::Inspector,
            secret: "demo-insp-2025".into(),
        },
        now,
    )?;
    // What manifests and labels print (a fictitious but check-digit-valid USCC).
    for (key, value) in [
        ("uscc", "91440300MA5F0LH01B"),
        ("address", "广东省深圳市龙华区观澜街道环观南路 88 号"),
        ("contact", "王立"),
        ("phone", "0755-2800 1234"),
        ("emergency_phone", "0755-2800 1119"),
    ] {
        settings::set(store, &admin, key, value, now)?;
    }
    let year = now.year();
    for (y, ft, total) in [(year - 2, 4210, 4630), (year - 1, 4385, 4790), (year, 4512, 4960)] {
        plant::set_headcount(store, &admin, Headcount { year: y, full_time: ft, total }, now)?;
    }
    let mut ids = Vec::new();
    for (name, code, form, _, _) in STREAMS {
        let s = stream::add(
            store,
            &officer,
            NewStream { name: (*name).into(), code: (*code).into(), physical_form: *form },
            now,
        )?;
        ids.push(s.id);
    }
    // Generation points (产生危险废物设施), one per stream, as the permit lists them.
    const POINTS: [(&str, &str, &str); 5] = [
        ("CS-MT01", "设备维修间", "设备部"),
        ("CS-DC01", "压铸车间", "压铸车间"),
        ("CS-CNC01", "机加工车间", "机加工车间"),
        ("CS-PT01", "喷涂线及废气治理", "涂装车间"),
        ("CS-SMT01", "SMT车间", "SMT车间"),
    ];
    for (code, name, dept) in POINTS {
        let p = NewGenerationPoint { code: code.into(), name: name.into(), department: Some(dept.into()) };
        appendix::add_point(store, &officer, p, now)?;
    }
    // Stream → generation point, container type and the workshop's handler.
    let detail = |i: usize| -> EntryDetails {
        let (point, kind) = match i {
            0 => (0, ContainerType::Drum),
            1 => (1, ContainerType::Drum),
            2 => (2, ContainerType::Ibc),
            3 | 4 => (3, ContainerType::Bag),
            5 => (3, ContainerType::TonBag),
            _ => (4, ContainerType::Box),
        };
        EntryDetails {
            generation_point: Some(POINTS[point].0.into()),
            container_type: Some(kind),
            container_count: Some(1),
            handler: Some(["李明", "陈刚", "周平", "吴芳", "郑涛"][point].into()),
            handler_dept: Some(POINTS[point].2.into()),
        }
    };
    let put_away_handlers = Handlers {
        handler: Some("王立".into()),
        handler_dept: Some("EHS部".into()),
        transport_handler: Some("赵强".into()),
        transport_dept: Some("物流部".into()),
    };
    let tz = plant::require(store.conn())?.tz()?;
    let mut rng = Lcg(0x5EED_2025);
    let start = now - Duration::days(i64::from(months) * 30);
    let mut day = start;
    let mut entries = Vec::new();
    let mut drum = 0u32;
    while day < now - Duration::hours(2) {
        let local = day.with_timezone(&tz);
        if !matches!(local.weekday(), Weekday::Sun) {
            for (i, (_, _, form, kg, per10)) in STREAMS.iter().enumerate() {
                // Expected `per10 / 10` containers a day.
                let n = (per10 * 10 + rng.below(10)) / 100 + u32::from(rng.below(10) < per10 % 10);
                for _ in 0..n {
                    drum += 1;
                    let kg_each = kg * (70 + rng.below(60)) / 100;
                    let grams_extra = rng.below(1000);
                    let at = local.date_naive().and_hms_opt(8 + rng.below(10), rng.below(60), 0).unwrap_or_default();
                    let prefix = if matches!(form, PhysicalForm::Liquid) { "T" } else { "B" };
                    let e = generation::record(
                        store,
                        &officer,
                        GenerationInput {
                            stream_id: Some(ids[i].clone()),
                            code: None,
                            quantity: format!("{kg_each}.{grams_extra:03}"),
                            unit: MassUnit::Kg,
                            container_id: format!("{prefix}-{}-{drum:04}", local.format("%y%m")),
                            storage_area: if i % 2 == 0 {
                                "危废暂存库A".into()
                            } else {
                                "危废暂存库B".into()
                            },
                            generated_at_local: Some(at.format("%Y-%m-%dT%H:%M").to_string()),
                            details: detail(i),
                        },
                        now,
                    )?;
                    entries.push((e.id, e.container_id, e.storage_area, e.generated_at_utc, e.category));
                }
            }
        }
        day += Duration::days(1);
    }
    // Two honest corrections, as real ledgers have.
    let mut voided = 0;
    for (k, reason) in [(7usize, "重复录入 (duplicate entry)"), (41, "称重错误, 已按复称重量重新登记 (re-weighed)")]
    {
        if let Some((id, ..)) = entries.get(k) {
            generation::void(store, &officer, VoidInput { id: id.clone(), reason: reason.into() }, now)?;
            voided += 1;
        }
    }
    // Storage: every live container goes into its store an hour after generation, and leaves
    // with the monthly pick-up under a transfer manifest (see `monthly_pickups`).
    for (code, name, kind, cap) in [
        ("TS-A", "危废暂存库A", FacilityKind::Store, "30"),
        ("TS-B", "危废暂存库B", FacilityKind::Store, "30"),
        ("PT-SMT", "SMT车间贮存点", FacilityKind::Point, "3"),
    ] {
        let f = NewFacility {
            code: code.into(),
            name: name.into(),
            kind,
            capacity_t: Some(cap.into()),
            max_storage_days: None,
        };
        storage::add_facility(store, &officer, f, now)?;
    }
    let mut stored = 0;
    let voided_ids: Vec<String> = [7usize, 41].iter().filter_map(|k| entries.get(*k).map(|e| e.0.clone())).collect();
    let mut in_store = Vec::new();
    for (id, container, area, at_utc, category) in &entries {
        if voided_ids.contains(id) {
            continue;
        }
        let at = crate::time::from_db(at_utc)?;
        let facility = if area.ends_with('A') { "TS-A" } else { "TS-B" };
        let input = StoreInput {
            facility: facility.into(),
            container_id: container.clone(),
            generation_batch: None,
            moved_at_local: Some(local_minute(at + Duration::hours(1), tz)),
            handlers: put_away_handlers.clone(),
        };
        storage::store_container(store, &officer, input, now)?;
        stored += 1;
        in_store.push((container.clone(), at, category.clone()));
    }
    let (taken_out, shipments, confirmed) = monthly_pickups(store, &officer, &in_store, start, now, tz)?;
    // Lamps fill a drum slowly: this one has been in store for 340 days and is due soon.
    let lamp_at = (now - Duration::days(340)).with_timezone(&tz).format("%Y-%m-%dT10:00").to_string();
    let lamps = GenerationInput {
        stream_id: Some(ids[7].clone()),
        code: None,
        quantity: "46.500".into(),
        unit: MassUnit::Kg,
        container_id: "L-LAMP-01".into(),
        storage_area: "危废暂存库B".into(),
        generated_at_local: Some(lamp_at.clone()),
        details: detail(7),
    };
    generation::record(store, &officer, lamps, now)?;
    let into = StoreInput {
        facility: "TS-B".into(),
        container_id: "L-LAMP-01".into(),
        generation_batch: None,
        moved_at_local: Some(lamp_at.replace("T10:00", "T11:00")),
        handlers: Default::default(),
    };
    storage::store_container(store, &officer, into, now)?;
    stored += 1;
    let solid_records = seed_solid_waste(store, &officer, &mut rng, start, now, tz)?;
    let water_readings = seed_water(store, &officer, now, tz)?;
    let voc_records = seed_voc(store, &officer, start, now, tz)?;
    let hazards = seed_hazards(store, &admin, &officer, &inspector, &mut rng, start, now, tz)?;
    Ok(DemoSummary {
        plant_code: DEMO_PLANT_CODE.into(),
        streams: ids.len(),
        entries: entries.len() + 1,
        voided,
        stored,
        taken_out,
        shipments,
        confirmed,
        solid_records,
        water_readings,
        voc_records,
        hazards,
    })
}

/// Hazards over the demo's months, each step taken on its own day by the right person: found by
/// the inspector (LEC-graded), assigned by the EHS officer to a workshop lead with a deadline,
/// rectified by the lead, verified by the inspector and closed (销号) by the officer — about one
/// in fifteen a few days late; the last three weeks' in every state, one overdue; one major
/// hazard with its 五到位 plan; the daily checklist and its schedule.
#[allow(clippy::too_many_arguments)] // the demo's people and clock
fn seed_hazards(
    store: &mut Store,
    admin: &Session,
    officer: &Session,
    inspector: &Session,
    rng: &mut Lcg,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<usize> {
    use crate::hazards::hazard::{self, AssignInput, HazardLevel, HazardSource, MajorPlan, NewHazard};
    use crate::hazards::inspection::{self, Every, TemplateKind};
    let lead = users::create(
        store,
        admin,
        users::NewUser {
            username: "chen.gang".into(),
            display_name: "陈刚 (压铸车间)".into(),
            role: Role::Inspector,
            secret: "demo-lead-2025".into(),
        },
        start,
    )?;
    let items: Vec<String> = [
        "安全通道畅通，无物品占用",
        "消防器材在位、在有效期内",
        "设备防护罩、急停装置完好",
        "危险化学品分类存放、标识清晰",
        "电气线路无破损、配电柜关闭",
        "作业人员按规定佩戴劳动防护用品",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let t = inspection::save_template(store, officer, "日常安全检查表", TemplateKind::Daily, &items, None, start)?;
    let first_day = start.with_timezone(&tz).date_naive().to_string();
    let schedule = inspection::NewSchedule {
        template_id: t.id.clone(),
        area: "压铸车间".into(),
        every: Every::Week,
        start_on: first_day,
        until_on: None,
        inspector: Some("zhao.min".into()),
    };
    inspection::add_schedule(store, officer, &schedule, start)?;
    // (area, equipment, description, category, L, E, C)
    const FINDINGS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
        ("压铸车间", "1250T 压铸机", "安全光栅被短接", "机械伤害", "3", "6", "15"),
        ("压铸车间", "熔化炉", "炉前防护屏破损", "灼烫", "1", "6", "7"),
        ("机加工车间", "CNC-07", "防护门联锁失效", "机械伤害", "3", "6", "7"),
        ("机加工车间", "切削液槽", "地面油污未清理", "其他伤害", "3", "6", "1"),
        ("涂装车间", "调漆间", "防爆灯具损坏", "火灾", "1", "6", "15"),
        ("涂装车间", "RTO", "检修平台护栏松动", "高处坠落", "1", "3", "7"),
        ("SMT车间", "回流焊", "排风管道积尘", "火灾", "0.5", "6", "7"),
        ("危废暂存库A", "防渗托盘", "托盘破损，存在泄漏风险", "环境污染", "1", "6", "3"),
        ("污水站", "加药间", "洗眼器无水", "中毒和窒息", "3", "3", "3"),
        ("配电室", "低压柜", "绝缘垫缺失", "触电", "1", "2", "15"),
    ];
    let at_local = |d: chrono::NaiveDate, h: u32| -> Result<DateTime<Utc>> {
        crate::time::local_to_utc("found_at", &format!("{d}T{h:02}:30"), tz)
    };
    let today = now.with_timezone(&tz).date_naive();
    let mut day = start.with_timezone(&tz).date_naive() + Duration::days(1);
    let mut n = 0;
    while day <= today {
        // About three findings a week, on working days.
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && rng.below(5) < 3 {
            let (area, equipment, description, category, l, e, c) = FINDINGS[rng.below(FINDINGS.len() as u32) as usize];
            let found = at_local(day, 9)?;
            if found > now {
                break;
            }
            let h = hazard::register(
                store,
                inspector,
                NewHazard {
                    area: area.into(),
                    equipment: equipment.into(),
                    description: description.into(),
                    category: category.into(),
                    source: HazardSource::Daily,
                    level: HazardLevel::General,
                    lec: Some([l.into(), e.into(), c.into()]),
                    found_at: Some(local_minute(found, tz)),
                },
                found,
            )?;
            n += 1;
            let age = (today - day).num_days();
            // Assigned the same afternoon, unless found in the last two days.
            if age < 2 && rng.below(2) == 0 {
                day += Duration::days(1);
                continue;
            }
            let days = [7, 10, 14][rng.below(3) as usize];
            let deadline = day + Duration::days(days);
            hazard::assign(
                store,
                officer,
                &h.id,
                AssignInput {
                    assignee: lead.username.clone(),
                    department: area.into(),
                    deadline: deadline.to_string(),
                    measures: format!("{description}：立即整改并复查"),
                    plan: None,
                },
                at_local(day, 14)?,
            )?;
            // Rectified a few days before the deadline, or (one in fifteen) a few days after.
            let late = rng.below(15) == 0;
            let done = if late {
                deadline + Duration::days(1 + i64::from(rng.below(4)))
            } else {
                deadline - Duration::days(i64::from(rng.below(days as u32 - 2)))
            };
            // The last three weeks' stop along the way, so every column of the board has some
            // (and one is overdue).
            let stop = if age < 21 { rng.below(4) } else { 3 };
            if done >= today || stop == 0 {
                day += Duration::days(1);
                continue;
            }
            hazard::rectify(store, &lead, &h.id, "已按措施整改，附整改后照片", at_local(done, 11)?)?;
            if done + Duration::days(1) >= today || stop == 1 {
                day += Duration::days(1);
                continue;
            }
            hazard::verify(store, inspector, &h.id, true, "现场验收合格", at_local(done + Duration::days(1), 10)?)?;
            if stop == 2 {
                day += Duration::days(1);
                continue;
            }
            hazard::close(store, officer, &h.id, "销号", at_local(done + Duration::days(1), 16)?)?;
        }
        day += Duration::days(1);
    }
    // One major hazard, with its 五到位 plan, still being rectified.
    let found = now - Duration::days(6);
    let major = hazard::register(
        store,
        inspector,
        NewHazard {
            area: "涂装车间".into(),
            equipment: "喷涂线 2# 烘房".into(),
            description: "烘房燃烧器泄爆口被封堵，可燃气体报警器失效".into(),
            category: "爆炸".into(),
            source: HazardSource::Special,
            level: HazardLevel::Major,
            lec: Some(["6".into(), "6".into(), "40".into()]),
            found_at: Some(local_minute(found, tz)),
        },
        found,
    )?;
    hazard::assign(
        store,
        officer,
        &major.id,
        AssignInput {
            assignee: lead.username.clone(),
            department: "涂装车间".into(),
            deadline: (today + Duration::days(9)).to_string(),
            measures: "停用 2# 烘房；恢复泄爆口；更换可燃气体报警器并联锁切断燃气".into(),
            plan: Some(MajorPlan {
                funds: "设备改造专项 12 万元，已批".into(),
                contingency: "停线期间 1# 烘房替代；燃气泄漏应急预案已演练".into(),
                goal: "两周内恢复本质安全状态并通过第三方检测".into(),
            }),
        },
        found + Duration::hours(3),
    )?;
    Ok(n + 1)
}

fn local_minute(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// The licensed receiver and the carrier of the monthly pick-ups (fictitious names).
const RECEIVER: &str = "深圳市绿环危废处置有限公司";
const TRANSPORTER: &str = "深圳市安运危险品运输有限公司";

/// Treatment per category at the receiver: (category, purpose, method).
const TREATMENT: &[(&str, Purpose, &str)] = &[
    ("HW08", Purpose::Utilisation, "R9"),
    ("HW09", Purpose::Disposal, "D9"),
    ("HW12", Purpose::Disposal, "D10"),
    ("HW29", Purpose::Disposal, "D10"),
    ("HW49", Purpose::Disposal, "D10"),
];

/// The monthly pick-up: on the 5th (the 6th when the 5th is a Sunday) the licensed receiver
/// collects every container stored more than a week before, one manifest per treatment method.
/// Each load is received the next day and confirmed the day after. A call-out four working days
/// ago still awaits the receiver's confirmation. Returns (containers shipped, manifests, manifests
/// confirmed).
fn monthly_pickups(
    store: &mut Store,
    officer: &Session,
    in_store: &[(String, DateTime<Utc>, String)],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<(usize, usize, usize)> {
    let party = |kind: CounterpartyKind, name: &str| NewCounterparty {
        kind,
        name: name.into(),
        uscc: None,
        address: "广东省深圳市".into(),
        contact: String::new(),
        phone: String::new(),
        region_code: None,
    };
    receiver::add_counterparty(store, officer, party(CounterpartyKind::Receiver, RECEIVER), now)?;
    receiver::add_counterparty(store, officer, party(CounterpartyKind::Transporter, TRANSPORTER), now)?;
    let year = now.with_timezone(&tz).year();
    let licence = |holder: &str, no: &str, ty: LicenceType, cats: &[&str], methods: &[&str]| NewLicence {
        counterparty: holder.into(),
        licence_no: no.into(),
        licence_type: ty,
        valid_from: format!("{}-01-01", year - 3),
        valid_to: format!("{}-12-31", year + 2),
        categories: cats.iter().map(|c| (*c).to_string()).collect(),
        codes: vec![],
        methods: methods.iter().map(|m| (*m).to_string()).collect(),
        annual_capacity_t: None,
    };
    let cats: Vec<&str> = TREATMENT.iter().map(|t| t.0).collect();
    receiver::add_licence(
        store,
        officer,
        licence(RECEIVER, "4403000081", LicenceType::Comprehensive, &cats, &["R9", "D9", "D10"]),
        now,
    )?;
    receiver::add_licence(
        store,
        officer,
        licence(TRANSPORTER, "粤交运管许可深字440300123456号", LicenceType::Transport, &[], &[]),
        now,
    )?;

    let mut shipped = vec![false; in_store.len()];
    let mut loads: Vec<(String, chrono::NaiveDate)> = Vec::new();
    let (mut taken_out, mut serial) = (0, 0u32);
    let mut month = start.with_timezone(&tz).date_naive().with_day(1).unwrap_or_default();
    let last_day = (now - Duration::days(3)).with_timezone(&tz).date_naive();
    while month <= last_day {
        let mut day = month.with_day(5).unwrap_or(month);
        if day.weekday() == Weekday::Sun {
            day = day.succ_opt().unwrap_or(day);
        }
        month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(last_day.succ_opt().unwrap_or(last_day));
        let Some(pick) = day.and_hms_opt(9, 30, 0).and_then(|t| t.and_local_timezone(tz).single()) else { continue };
        let pick = pick.with_timezone(&Utc);
        if pick <= start || day > last_day {
            continue;
        }
        for (category, purpose, method) in TREATMENT {
            let due: Vec<usize> = (0..in_store.len())
                .filter(|&i| !shipped[i] && in_store[i].1 < pick - Duration::days(7) && in_store[i].2 == *category)
                .collect();
            if due.is_empty() {
                continue;
            }
            let containers = due.iter().map(|&i| in_store[i].0.clone()).collect();
            let manifest_no = ship_load(store, officer, &mut serial, pick, tz, *purpose, method, containers, now)?;
            for i in due {
                shipped[i] = true;
                taken_out += 1;
            }
            loads.push((manifest_no, day));
        }
    }
    // Every monthly load was received the next day and confirmed the day after, as shipped.
    let manifests = loads.len();
    let mut confirmed = 0;
    for (manifest_no, day) in &loads {
        let received = day.succ_opt().unwrap_or(*day);
        let confirm = ConfirmInput {
            shipment: manifest_no.clone(),
            received_on: received.to_string(),
            confirmed_on: Some(received.succ_opt().unwrap_or(received).to_string()),
            lines: vec![],
            unit: MassUnit::Kg,
            as_shipped: true,
            rejected: false,
            rejected_lines: vec![],
            returned_at_local: None,
            method: None,
            note: None,
        };
        shipment::confirm(store, officer, confirm, now)?;
        confirmed += 1;
    }
    // Four working days ago a full-load call-out took the first category with containers
    // waiting; the receiver has not confirmed it yet, and its deadline is the next working day
    // (the amber "awaiting confirmation" alert).
    let cal = settings::work_calendar(store.conn())?;
    let today = now.with_timezone(&tz).date_naive();
    let deadline = cal.add_working_days(today, 1);
    let mut day = today.pred_opt().unwrap_or(today);
    while crate::waste::manifest::confirmation_due(day, &cal) > deadline {
        day = day.pred_opt().unwrap_or(day);
    }
    let Some(pick) = day.and_hms_opt(10, 0, 0).and_then(|t| t.and_local_timezone(tz).single()) else {
        return Ok((taken_out, manifests, confirmed));
    };
    let pick = pick.with_timezone(&Utc);
    for (category, purpose, method) in TREATMENT {
        let due: Vec<usize> = (0..in_store.len())
            .filter(|&i| !shipped[i] && in_store[i].1 < pick - Duration::days(1) && in_store[i].2 == *category)
            .collect();
        if due.is_empty() {
            continue;
        }
        let containers = due.iter().map(|&i| in_store[i].0.clone()).collect();
        ship_load(store, officer, &mut serial, pick, tz, *purpose, method, containers, now)?;
        taken_out += due.len();
        return Ok((taken_out, manifests + 1, confirmed));
    }
    Ok((taken_out, manifests, confirmed))
}

/// One load of the demo receiver, carried by the demo transporter; returns its manifest number
/// (fictitious: year + 4403 for Shenzhen + the next serial).
#[allow(clippy::too_many_arguments)]
fn ship_load(
    store: &mut Store,
    officer: &Session,
    serial: &mut u32,
    at: DateTime<Utc>,
    tz: chrono_tz::Tz,
    purpose: Purpose,
    method: &str,
    containers: Vec<String>,
    now: DateTime<Utc>,
) -> Result<String> {
    *serial += 1;
    let manifest_no = format!("{}4403{:06}", at.with_timezone(&tz).year(), serial);
    let input = ShipInput {
        manifest_no: manifest_no.clone(),
        receiver: RECEIVER.into(),
        transporter: Some(TRANSPORTER.into()),
        own_transport: false,
        vehicle_plate: Some("粤B·D3217危".into()),
        transfer_type: None,
        approval_no: None,
        purpose,
        method: method.into(),
        containers,
        weight_source: WeightSource::Measured,
        shipped_at_local: Some(local_minute(at, tz)),
        override_reason: None,
        handlers: Default::default(),
    };
    shipment::ship(store, officer, input, now)?;
    Ok(manifest_no)
}

/// General industrial solid waste: (code, name, form, process, kg a week, route, receiver).
const SOLID: &[(&str, &str, PhysicalForm, &str, u32, Route, &str)] = &[
    (
        "398-001-S17",
        "废包装材料（纸箱、塑料膜）",
        PhysicalForm::Solid,
        "来料拆包",
        1800,
        Route::Recycling,
        "深圳绿环再生资源有限公司",
    ),
    ("398-002-S07", "废金属边角料", PhysicalForm::Solid, "CNC 加工", 950, Route::Recycling, "深圳恒通金属回收有限公司"),
    (
        "398-003-S59",
        "不可回收一般工业垃圾",
        PhysicalForm::Solid,
        "车间清扫",
        600,
        Route::EnergyRecovery,
        "深圳市能源环保有限公司",
    ),
    ("398-004-S51", "污水站一般污泥", PhysicalForm::Sludge, "废水处理", 1200, Route::Landfill, "深圳市下坪固废填埋场"),
];

/// Weekly weighings (Mondays) and a collection every fourth week that takes what is in store.
fn seed_solid_waste(
    store: &mut Store,
    officer: &Session,
    rng: &mut Lcg,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<usize> {
    let mut n = 0;
    for (code, name, form, process, kg, route, receiver) in SOLID {
        let input = NewSwStream {
            code: (*code).into(),
            name: (*name).into(),
            physical_form: *form,
            process: (*process).into(),
        };
        solid::add_stream(store, officer, input, now)?;
        let mut week = 0;
        let mut day = start;
        while day < now - Duration::days(1) {
            let local = day.with_timezone(&tz).date_naive();
            if local.weekday() == Weekday::Mon {
                week += 1;
                let kg_week = kg * (80 + rng.below(40)) / 100;
                let rec = |at: String, q: String| SwRecordInput {
                    stream: (*code).into(),
                    quantity: q,
                    unit: MassUnit::Kg,
                    at_local: Some(at),
                    route: None,
                    onsite: false,
                    receiver: None,
                    receiver_uscc: None,
                    transporter: None,
                    document_no: None,
                    storage_place: Some("一般固废暂存间".into()),
                };
                solid::record_generation(store, officer, rec(format!("{local}T16:30"), kg_week.to_string()), now)?;
                n += 1;
                if week % 4 == 0 {
                    let stock = solid::stream(store.conn(), "stream", code)?.stock_g;
                    let out = SwRecordInput {
                        route: Some(*route),
                        receiver: Some((*receiver).into()),
                        transporter: Some("深圳市宝运物流有限公司".into()),
                        document_no: Some(format!("GF{}{:02}", local.format("%Y%m%d"), n % 100)),
                        storage_place: None,
                        ..rec(format!("{local}T17:30"), format!("{}.{:03}", stock / 1000, stock % 1000))
                    };
                    solid::record_outbound(store, officer, out, now)?;
                    n += 1;
                }
            }
            day += Duration::days(1);
        }
    }
    Ok(n)
}

/// The main outfall (indirect discharge to the town's sewage works, GB 39731-2020 limits) with
/// 90 days of the data logger's hourly HJ 212 packets — imported as a real log, a few hours of
/// COD over the limit two weeks ago — and the lab's monthly and quarterly results.
fn seed_water(store: &mut Store, officer: &Session, now: DateTime<Utc>, tz: chrono_tz::Tz) -> Result<usize> {
    use crate::water::{hj212, import, outfall, readings};
    use outfall::{DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass};
    let limit = |upper: Option<&str>, lower: Option<&str>| NewLimit {
        upper: upper.map(str::to_string),
        lower: lower.map(str::to_string),
        months: None,
        valid_from: "2021-07-01".into(),
        basis: "排污许可证 / GB 39731-2020 间接排放".into(),
    };
    let p = |code: &str, method, frequency, limits| NewParam {
        code: code.into(),
        name: None,
        method,
        frequency,
        factor_code: None,
        limits,
    };
    let (on, cont) = (MonitoringMethod::Online, Frequency::Continuous);
    let expires = (now + Duration::days(75)).with_timezone(&tz).date_naive().to_string();
    outfall::add(
        store,
        officer,
        NewOutfall {
            code: "DW001".into(),
            name: "废水总排口".into(),
            discharge_mode: DischargeMode::Indirect,
            unit_class: UnitClass::Key,
            receiving: "龙华水质净化厂".into(),
            permit_no: "91440300MA5DEMO01X001V".into(),
            permit_expires_on: Some(expires),
            mn: Some("DEMO-DW001".into()),
            params: vec![
                p("cod", on, cont, vec![limit(Some("500"), None)]),
                p("nh3n", on, cont, vec![limit(Some("45"), None)]),
                p("ph", on, cont, vec![limit(Some("9"), Some("6"))]),
                p("flow", on, cont, vec![]),
                p("bod5", MonitoringMethod::Manual, Frequency::Quarterly, vec![limit(Some("300"), None)]),
                p("ss", MonitoringMethod::Manual, Frequency::Monthly, vec![limit(Some("400"), None)]),
            ],
        },
        now,
    )?;
    use chrono::Datelike;
    let year = now.with_timezone(&tz).year();
    outfall::set_cap(store, officer, "cod", "60", year - 1, "排污许可证 许可排放量", now)?;
    outfall::set_cap(store, officer, "nh3n", "5", year - 1, "排污许可证 许可排放量", now)?;
    // The logger's hourly packets of the last 90 days, up to the last full hour.
    let last = now.with_timezone(&tz).date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
    let first = last - Duration::days(90);
    let mut log = String::new();
    let mut h = 0i64;
    let mut t = first;
    while t < last {
        let hour = (h % 24) as f64;
        let day = h / 24;
        let wave = (hour / 24.0 * std::f64::consts::TAU).sin();
        let mut cod = 180.0 + 60.0 * wave + ((h * 37) % 23) as f64;
        // A spill in the paint line's rinse, two weeks ago: four hours over 500 mg/L.
        if day == 76 && (10..14).contains(&(h % 24)) {
            cod = 520.0 + 30.0 * (h % 24 - 10) as f64;
        }
        let nh3n = 12.0 + 4.0 * wave + ((h * 13) % 7) as f64 * 0.3;
        let ph = 7.2 + 0.3 * wave;
        let flow = if (7..22).contains(&(h % 24)) { 42.0 + ((h * 7) % 9) as f64 } else { 12.0 };
        // The logger was serviced one morning: maintenance-flagged hours are not valid data.
        let flag = if day == 40 && (8..11).contains(&(h % 24)) { "M" } else { "N" };
        let stamp = t.format("%Y%m%d%H%M%S");
        let data = format!(
            "QN={stamp}000;ST=32;CN=2061;PW=123456;MN=DEMO-DW001;Flag=4;CP=&&DataTime={stamp};\
             w01018-Avg={cod:.1},w01018-Flag={flag};w21003-Avg={nh3n:.2},w21003-Flag={flag};\
             w01001-Avg={ph:.2},w01001-Flag={flag};w00000-Cou={flow:.1},w00000-Flag={flag}&&"
        );
        log.push_str(&format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())));
        h += 1;
        t += Duration::hours(1);
    }
    let r = import::hj212_log(store, officer, "DEMO-DW001-hourly.log", log.as_bytes(), now, &mut |_, _| true)?;
    let mut n = r.batch.accepted as usize;
    // Lab results: suspended solids monthly, BOD5 each quarter (the last one pending).
    for m in 0..3i64 {
        let at = (first + Duration::days(10 + 30 * m) + Duration::hours(9)).format("%Y-%m-%dT%H:%M").to_string();
        let mut values = vec![readings::SampleValue {
            param: "ss".into(),
            value: format!("{}", 85 + 12 * m),
            method: "GB/T 11901-1989".into(),
        }];
        if m == 0 {
            values.push(readings::SampleValue {
                param: "bod5".into(),
                value: "96".into(),
                method: "HJ 505-2009".into(),
            });
        }
        let res = readings::add_sample(
            store,
            officer,
            readings::SampleInput {
                outfall: "DW001".into(),
                sampled_at: at,
                lab: "深圳市环境监测检测有限公司".into(),
                values,
            },
            now,
        )?;
        n += res.accepted as usize;
    }
    Ok(n)
}

/// The paint line's VOCs: a coating line with RTO abatement and its stack, three materials with
/// their SDS contents, each month's usage since `start`, the paint sludge's VOC content (so O1
/// is read off the monthly pick-ups), a stack test and the primer-coated area per month.
fn seed_voc(
    store: &mut Store,
    officer: &Session,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<usize> {
    use crate::air::materials::{self, ContentBasis, NewVocMaterial, UsageInput, WasteContentInput};
    use crate::air::sources::{self, EfficiencyBasis, NewVocSource, SourceKind};
    use crate::air::stack_tests::{self, AreaInput, TestInput};
    use chrono::Datelike;
    let mut n = 0;
    sources::add_source(
        store,
        officer,
        NewVocSource {
            code: "TL-01".into(),
            name: "壳体喷涂线（RTO）".into(),
            kind: SourceKind::CoatingLine,
            limit_mg_m3: Some("50".into()),
            target_mg_m3: Some("12.5".into()),
            capture_pct: "85".into(),
            removal_pct: "95".into(),
            efficiency_basis: EfficiencyBasis::Tested,
            efficiency_note: Some("RTO 验收监测报告 2025-041".into()),
            hours_per_month: "400".into(),
        },
        now,
    )?;
    n += 1;
    for (name, basis, content, density, waterborne, sds) in [
        ("水性底漆 WB-210", ContentBasis::MassPct, "8", None, true, "SDS-WB210"),
        ("溶剂型清漆 CL-35", ContentBasis::MassPct, "42", None, false, "SDS-CL35"),
        ("稀释剂 TH-9", ContentBasis::GPerL, "820", Some("870"), false, "SDS-TH9"),
    ] {
        let m = NewVocMaterial {
            name: name.into(),
            supplier: Some("立邦工业涂料".into()),
            content_basis: basis,
            content: content.into(),
            density_g_l: density.map(Into::into),
            document_no: Some(sds.into()),
            waterborne,
        };
        materials::add_material(store, officer, m, now)?;
        n += 1;
    }
    let content = WasteContentInput {
        code: "900-252-12".into(),
        voc_pct: "1.5".into(),
        document_no: Some("漆渣成分检测报告 2025-112".into()),
        valid_from: start.with_timezone(&tz).date_naive().to_string(),
    };
    materials::set_waste_content(store, officer, content, now)?;
    n += 1;
    // Every month from the start up to the last full one, and this month so far.
    let mut month = start.with_timezone(&tz).date_naive().with_day(1).unwrap_or_default();
    let today = now.with_timezone(&tz).date_naive();
    let mut i = 0u32;
    while month <= today {
        let ym = month.format("%Y-%m").to_string();
        let scale = if month.year() == today.year() && month.month() == today.month() { 0.3 } else { 1.0 };
        for (material, kg) in [("水性底漆 WB-210", 3200.0), ("溶剂型清漆 CL-35", 900.0), ("稀释剂 TH-9", 260.0)]
        {
            let used = format!("{:.1}", (kg + f64::from(i % 3) * 35.0) * scale);
            let input = UsageInput {
                month: ym.clone(),
                material: material.into(),
                batch: Some(format!("B{}{:02}", month.year() % 100, month.month())),
                source: Some("TL-01".into()),
                purchased: Some(used.clone()),
                used,
                recovered: None,
                unit: crate::units::MassUnit::Kg,
                note: None,
            };
            materials::add_usage(store, officer, input, now)?;
            n += 1;
        }
        let test_day = month + Duration::days(14);
        if test_day < today {
            let t = TestInput {
                source: "TL-01".into(),
                sampled_at_local: format!("{test_day}T10:00"),
                c_mg_m3: format!("{}", 7 + (i * 3) % 8),
                q_nm3_h: "36000".into(),
                hours: None,
                lab: Some("深圳市环境监测检测有限公司".into()),
                report_no: Some(format!("VOC-{ym}")),
            };
            stack_tests::add_test(store, officer, t, now)?;
            n += 1;
        }
        let area = AreaInput {
            month: ym,
            area_m2: (152_000.0 * scale) as i64,
            basis: Some("壳体 380,000 件 × 0.4 m²".into()),
        };
        stack_tests::set_area(store, officer, area, now)?;
        n += 1;
        month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(today + Duration::days(1));
        i += 1;
    }
    Ok(n)
}
