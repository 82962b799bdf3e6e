//! The waste area's section of the management report ([`crate::areas::REPORT_SECTIONS`]):
//! hazardous waste generated, shipped (utilisation / disposal), own use and disposal, closing
//! stock, the oldest containers in stock, the period's shipments and the manifests awaiting
//! confirmation, general solid waste by route, and the trends.
//!
//! Every figure is the registry's, handed in by [`crate::report::management`] (this period, the
//! previous one, the trend); this file only reads the lists behind them — the containers in
//! stock ([`super::indicators::stocked_at`], the definition of the oldest-age figure), the
//! pending manifests ([`super::indicators::pending_manifests`], the definition of the count),
//! shipments ([`super::shipment::list`]) and the GRI routes ([`super::gri::disclosure`], the
//! definition of the solid-waste figures). Read-only.

use super::gri::{self, Route};
use super::shipment::{self, ShipmentStatus};
use super::storage::{self, rules};
use super::Purpose;
use crate::areas::Area;
use crate::error::Result;
use crate::report::{figure, l10n, Block, Chart, ChartKind, Column, Kpi, L10n, Section, SectionInput, Table, Value};
use rusqlite::Connection;

/// How many of the longest-stored containers the report lists.
pub const OLDEST_CONTAINERS: u32 = 10;

/// The waste section of the report described by `input`.
pub fn section(conn: &Connection, input: &SectionInput) -> Result<Option<Section>> {
    let mut blocks = vec![Block::Kpis { tiles: tiles(input) }];
    blocks.push(trend_charts(input));
    blocks.push(Block::Table { table: oldest_containers(conn, input)? });
    blocks.push(Block::Table { table: shipments(conn, input)? });
    blocks.push(Block::Table { table: pending(conn, input)? });
    blocks.push(Block::Table { table: solid_routes(conn, input)? });
    // The numbers behind the charts, unless every one of them is zero.
    let table = trend_table(input);
    if table.rows.iter().flatten().any(|v| matches!(v, Value::Mass { grams } if *grams != 0)) {
        blocks.push(Block::Table { table });
    }
    Ok(Some(Section { area: Area::Waste, title: l10n("固体废物", "Solid waste"), blocks }))
}

fn tile(input: &SectionInput, key: &str, zh: &str, en: &str) -> Kpi {
    let value = |figures: &[crate::indicators::Figure]| {
        figure(figures, key).map(|v| if key.ends_with("_g") { Value::mass(v) } else { Value::Count { n: v } })
    };
    Kpi {
        key: Some(key.to_string()),
        label: l10n(zh, en),
        value: value(input.figures).unwrap_or(Value::Empty),
        previous: value(input.previous),
        hint: None,
    }
}

fn tiles(input: &SectionInput) -> Vec<Kpi> {
    let mut own = tile(input, "hw_own_use_g", "危险废物自行利用", "Hazardous waste used on site");
    let own_disposal = figure(input.figures, "hw_own_disposal_g").unwrap_or(0);
    own.hint = Some(l10n(
        format!("自行处置 {} kg", crate::units::Grams(own_disposal).kg_string()),
        format!("Disposed of on site {} kg", crate::units::Grams(own_disposal).kg_string()),
    ));
    let mut oldest = tile(input, "hw_oldest_stock_age_days", "最久贮存天数", "Oldest container in storage");
    oldest.value = figure(input.figures, "hw_oldest_stock_age_days").map_or(Value::Empty, |days| Value::Days { days });
    oldest.previous = figure(input.previous, "hw_oldest_stock_age_days").map(|days| Value::Days { days });
    let mut pending = tile(input, "hw_manifests_pending", "待确认联单", "Manifests awaiting confirmation");
    pending.hint = Some(l10n("截至期末", "at period end"));
    let mut stock = tile(input, "hw_closing_stock_g", "危险废物期末贮存量", "Hazardous waste in storage");
    stock.hint = Some(l10n("期末", "at period end"));
    vec![
        tile(input, "hw_generated_g", "危险废物产生量", "Hazardous waste generated"),
        tile(input, "hw_shipped_utilisation_g", "委外利用量", "Shipped for utilisation"),
        tile(input, "hw_shipped_disposal_g", "委外处置量", "Shipped for disposal"),
        own,
        stock,
        oldest,
        pending,
        tile(input, "nhw_generated_g", "一般工业固废产生量", "Non-hazardous waste generated"),
        tile(input, "nhw_diverted_g", "一般固废回收利用量", "Non-hazardous waste diverted"),
    ]
}

fn trend_charts(input: &SectionInput) -> Block {
    let generated: Vec<i64> = input.trend.iter().map(|t| t.value("hw_generated_g")).collect();
    let stock: Vec<i64> = input.trend.iter().map(|t| t.value("hw_closing_stock_g")).collect();
    if generated.iter().chain(&stock).all(|g| *g == 0) {
        let n = input.trend.len();
        let unit = if input.period.is_week() { ("周", "weeks") } else { ("个月", "months") };
        return Block::Note {
            text: l10n(
                format!("近 {n} {}没有危险废物产生或贮存，不绘制趋势图。", unit.0),
                format!("No hazardous waste generated or stored in the last {n} {}: no trend to chart.", unit.1),
            ),
        };
    }
    let per = if input.period.is_week() { ("每周", "per week") } else { ("每月", "per month") };
    Block::Charts {
        charts: vec![
            Chart::mass(
                l10n(format!("危险废物产生量（{}）", per.0), format!("Hazardous waste generated {}", per.1)),
                ChartKind::Bars,
                generated,
            ),
            Chart::mass(l10n("危险废物期末贮存量", "Hazardous waste in storage at period end"), ChartKind::Line, stock),
        ],
    }
}

fn col(zh: &str, en: &str, width: u16) -> Column {
    Column { label: l10n(zh, en), width }
}

fn oldest_containers(conn: &Connection, input: &SectionInput) -> Result<Table> {
    let limits = storage::plant_limits(conn)?;
    let rows = super::indicators::stocked_at(conn, input.to, Some(OLDEST_CONTAINERS))?
        .into_iter()
        .map(|c| {
            let lim = limits.tightened(c.facility_max_days);
            let age = rules::container_age(c.started_on, input.to, lim);
            let (days, status) = match age {
                rules::AgeStatus::Ok { age_days, .. } => (Value::Days { days: age_days }, Value::label("正常", "OK")),
                rules::AgeStatus::Warning { age_days, .. } => {
                    (Value::Days { days: age_days }, Value::label("即将到期", "Near limit"))
                }
                rules::AgeStatus::Overdue { age_days, .. } => {
                    (Value::Days { days: age_days }, Value::label("已超期", "Overdue"))
                }
                rules::AgeStatus::NoLimit { age_days } => {
                    (Value::Days { days: age_days }, Value::label("无期限", "No limit"))
                }
                rules::AgeStatus::UnknownStart => (Value::Empty, Value::label("起始日未记录", "Start unknown")),
            };
            vec![
                Value::text(c.container_id),
                Value::text(c.code),
                Value::text(c.facility_code),
                c.started_on.map_or(Value::Empty, |d| Value::text(d.to_string())),
                Value::mass(c.stock_g),
                days,
                lim.max_days.map_or(Value::Empty, |days| Value::Days { days }),
                status,
            ]
        })
        .collect();
    Ok(Table {
        title: l10n(
            format!("贮存时间最长的容器（前 {OLDEST_CONTAINERS} 个，截至 {}）", input.to),
            format!("Longest-stored containers (top {OLDEST_CONTAINERS}, at {})", input.to),
        ),
        columns: vec![
            col("容器", "Container", 16),
            col("废物代码", "Code", 14),
            col("贮存设施", "Facility", 10),
            col("贮存起始", "Stored since", 14),
            col("数量（kg）", "Quantity (kg)", 14),
            col("贮存天数", "Age (days)", 10),
            col("期限（天）", "Limit (days)", 10),
            col("状态", "Status", 12),
        ],
        rows,
        empty: l10n("期末无在库危险废物。", "No hazardous waste in storage at period end."),
        note: None,
    })
}

fn status_label(s: ShipmentStatus) -> Value {
    match s {
        ShipmentStatus::InTransit => Value::label("待接收确认", "Awaiting confirmation"),
        ShipmentStatus::Confirmed => Value::label("已确认", "Confirmed"),
        ShipmentStatus::Discrepancy => Value::label("数量差异", "Discrepancy"),
        ShipmentStatus::PartlyRejected => Value::label("部分拒收", "Partly rejected"),
        ShipmentStatus::Rejected => Value::label("拒收", "Rejected"),
        ShipmentStatus::Voided => Value::label("已作废", "Voided"),
    }
}

fn purpose_label(p: Purpose) -> Value {
    match p {
        Purpose::Utilisation => Value::label("利用", "Utilisation"),
        Purpose::Disposal => Value::label("处置", "Disposal"),
    }
}

fn shipments(conn: &Connection, input: &SectionInput) -> Result<Table> {
    let mut list = shipment::list(conn, Some(input.from), Some(input.to), false, input.today)?;
    list.reverse(); // oldest first
    let rows = list
        .into_iter()
        .map(|s| {
            vec![
                Value::text(s.manifest_no),
                Value::text(s.shipped_on),
                Value::text(s.receiver_name),
                purpose_label(s.purpose),
                Value::mass(s.total_g),
                s.received_total_g.map_or(Value::Empty, Value::mass),
                status_label(s.status),
            ]
        })
        .collect();
    Ok(Table {
        title: l10n("本期转移（联单）", "Shipments of the period (manifests)"),
        columns: vec![
            col("联单编号", "Manifest no.", 20),
            col("运出日期", "Shipped", 12),
            col("接收单位", "Receiver", 24),
            col("方式", "Purpose", 9),
            col("运出量（kg）", "Shipped (kg)", 13),
            col("接收量（kg）", "Received (kg)", 13),
            col("状态", "Status", 13),
        ],
        rows,
        empty: l10n("本期没有危险废物转移。", "No shipments in this period."),
        note: None,
    })
}

fn pending(conn: &Connection, input: &SectionInput) -> Result<Table> {
    let ids = super::indicators::pending_manifests(conn, input.to)?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let s = shipment::get(conn, &id, input.today)?;
        let state = if s.status != ShipmentStatus::InTransit {
            Value::label("期末后已确认", "Confirmed after period end")
        } else if s.overdue {
            Value::label("已逾期", "Overdue")
        } else {
            Value::label("待确认", "Awaiting")
        };
        rows.push(vec![
            Value::text(s.manifest_no),
            Value::text(s.shipped_on),
            Value::text(s.receiver_name),
            Value::mass(s.total_g),
            Value::text(s.confirmation_due),
            state,
        ]);
    }
    Ok(Table {
        title: l10n(
            format!("待接收单位确认的联单（截至 {}）", input.to),
            format!("Manifests awaiting the receiver's confirmation (at {})", input.to),
        ),
        columns: vec![
            col("联单编号", "Manifest no.", 20),
            col("运出日期", "Shipped", 12),
            col("接收单位", "Receiver", 26),
            col("运出量（kg）", "Shipped (kg)", 14),
            col("确认期限", "Due", 12),
            col("状态", "Status", 16),
        ],
        rows,
        empty: l10n("没有待确认的联单。", "No manifests awaiting confirmation."),
        note: None,
    })
}

/// A route in both languages.
pub fn route_label(r: Route) -> L10n {
    match r {
        Route::Reuse => l10n("再使用", "Reuse"),
        Route::Recycling => l10n("再生利用", "Recycling"),
        Route::OtherRecovery => l10n("其他回收", "Other recovery"),
        Route::EnergyRecovery => l10n("焚烧（能量回收）", "Incineration with energy recovery"),
        Route::Incineration => l10n("焚烧（无能量回收）", "Incineration"),
        Route::Landfill => l10n("填埋", "Landfill"),
        Route::OtherDisposal => l10n("其他处置", "Other disposal"),
    }
}

fn solid_routes(conn: &Connection, input: &SectionInput) -> Result<Table> {
    let gri = gri::disclosure(conn, input.from, input.to)?;
    let rows = gri
        .routes
        .iter()
        .filter(|r| !r.hazardous && r.grams != 0)
        .map(|r| {
            vec![
                Value::Label { label: route_label(r.route) },
                if r.route.gri_diverted() {
                    Value::label("回收利用（GRI 306-4）", "Diverted (GRI 306-4)")
                } else {
                    Value::label("处置（GRI 306-5）", "Disposal (GRI 306-5)")
                },
                if r.onsite { Value::label("厂内", "On site") } else { Value::label("厂外", "Off site") },
                Value::mass(r.grams),
            ]
        })
        .collect();
    Ok(Table {
        title: l10n("一般工业固体废物去向", "Non-hazardous waste by route"),
        columns: vec![
            col("去向", "Route", 30),
            col("GRI 分类", "GRI", 26),
            col("厂内/厂外", "On/off site", 14),
            col("数量（kg）", "Quantity (kg)", 18),
        ],
        rows,
        empty: l10n("本期没有一般工业固体废物转移或处理。", "No non-hazardous waste sent anywhere in this period."),
        note: Some(l10n(
            format!(
                "本期产生 {} kg，期间 {} 至 {}。",
                crate::units::Grams(gri.generated_non_hazardous_g).kg_string(),
                input.from,
                input.to
            ),
            format!(
                "Generated {} kg, {} to {}.",
                crate::units::Grams(gri.generated_non_hazardous_g).kg_string(),
                input.from,
                input.to
            ),
        )),
    })
}

fn trend_table(input: &SectionInput) -> Table {
    let keys = [
        "hw_generated_g",
        "hw_closing_stock_g",
        "nhw_generated_g",
        "nhw_diverted_g",
        "nhw_disposal_g",
        "nhw_landfill_g",
    ];
    let rows = input
        .trend
        .iter()
        .map(|t| {
            let mut row = vec![Value::text(&t.period)];
            row.extend(keys.iter().map(|k| Value::mass(t.value(k))));
            row
        })
        .collect();
    let n = input.trend.len();
    Table {
        title: if input.period.is_week() {
            l10n(format!("近 {n} 周趋势（kg）"), format!("Last {n} weeks (kg)"))
        } else {
            l10n(format!("近 {n} 个月趋势（kg）"), format!("Last {n} months (kg)"))
        },
        columns: vec![
            col("期间", "Period", 14),
            col("危废产生", "HW generated", 15),
            col("危废期末贮存", "HW in storage", 15),
            col("一般固废产生", "NHW generated", 15),
            col("回收利用", "NHW diverted", 15),
            col("处置", "NHW disposal", 15),
            col("其中填埋", "of which landfill", 15),
        ],
        rows,
        empty: l10n("无数据。", "No data."),
        note: None,
    }
}
