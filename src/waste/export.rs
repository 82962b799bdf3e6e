//! Ledgers (a month, or any period and one code) in the HJ 1259-2022 Appendix B layouts (B.1 产生, B.2 入库, B.3 出库, B.4 自行
//! 利用/处置, B.5 委外利用/处置), a monthly summary per code with opening and closing stock (the
//! C.1 columns), and the general solid-waste ledger — as [`crate::docs::Table`]s, written to
//! xlsx or PDF; plus the local copy of a transfer manifest and HJ 1276 labels.

use super::{label, shipment};
use crate::docs::{self, Align, Cell, Column, LabelDoc, ManifestDoc, ManifestLine, Party, ReceivedInfo, Table};
use crate::error::{Error, Result};
use crate::plant::settings;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// A span of local calendar days, both ends included: a month (`YYYY-MM`) for the monthly
/// ledger, or any from–to range for the ledger views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The longest range a ledger view or export covers (ten years of days).
pub const MAX_PERIOD_DAYS: i64 = 3_660;

impl Period {
    /// A calendar month, `YYYY-MM`.
    pub fn month(field: &'static str, text: &str) -> Result<Period> {
        let t = text.trim();
        let first = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, format!("'{t}' is not a month YYYY-MM")))?;
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        }
        .ok_or_else(|| Error::invalid(field, "month out of range"))?;
        Ok(Period { first, last: next.pred_opt().expect("a day before the 1st") })
    }

    /// `from` to `to` (`YYYY-MM-DD`), both included; refused when `to` is before `from` or the
    /// range is longer than [`MAX_PERIOD_DAYS`].
    pub fn between(from: &str, to: &str) -> Result<Period> {
        let first = crate::time::parse_date("from", from)?;
        let last = crate::time::parse_date("to", to)?;
        if last < first {
            return Err(Error::invalid("to", format!("{last} is before the start {first}")));
        }
        if (last - first).num_days() >= MAX_PERIOD_DAYS {
            return Err(Error::invalid("to", format!("a range is at most {MAX_PERIOD_DAYS} days")));
        }
        Ok(Period { first, last })
    }

    /// A whole calendar month: from its 1st to the day before the next month's 1st.
    fn is_month(&self) -> bool {
        self.first.day() == 1
            && self.last.succ_opt().is_some_and(|next| next.day() == 1)
            && (self.first.year(), self.first.month()) == (self.last.year(), self.last.month())
    }

    fn label(&self) -> String {
        if self.is_month() {
            format!("{}年{:02}月", self.first.year(), self.first.month())
        } else {
            format!("{} 至 {}", self.first, self.last)
        }
    }
}

/// One table of the ledger: the five HJ 1259-2022 Appendix B record tables, the monthly summary
/// and the general solid-waste ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum LedgerTable {
    #[serde(rename = "b1")]
    B1Generation,
    #[serde(rename = "b2")]
    B2IntoStorage,
    #[serde(rename = "b3")]
    B3OutOfStorage,
    #[serde(rename = "b4")]
    B4OwnTreatment,
    #[serde(rename = "b5")]
    B5Outsourced,
    #[serde(rename = "summary")]
    Summary,
    #[serde(rename = "solid")]
    SolidWaste,
}

impl LedgerTable {
    /// In the order of the monthly workbook's sheets.
    pub const ALL: [LedgerTable; 7] = [
        LedgerTable::B1Generation,
        LedgerTable::B2IntoStorage,
        LedgerTable::B3OutOfStorage,
        LedgerTable::B4OwnTreatment,
        LedgerTable::B5Outsourced,
        LedgerTable::Summary,
        LedgerTable::SolidWaste,
    ];

    /// `b1` … `b5`, `summary`, `solid`.
    pub fn key(self) -> &'static str {
        match self {
            LedgerTable::B1Generation => "b1",
            LedgerTable::B2IntoStorage => "b2",
            LedgerTable::B3OutOfStorage => "b3",
            LedgerTable::B4OwnTreatment => "b4",
            LedgerTable::B5Outsourced => "b5",
            LedgerTable::Summary => "summary",
            LedgerTable::SolidWaste => "solid",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<LedgerTable> {
        let k = s.trim().to_ascii_lowercase();
        LedgerTable::ALL.into_iter().find(|t| t.key() == k).ok_or_else(|| {
            Error::invalid(field, format!("'{}' is not a ledger table (b1, b2, b3, b4, b5, summary, solid)", s.trim()))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Pdf,
}

impl Format {
    pub fn parse(field: &'static str, s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "pdf" => Ok(Format::Pdf),
            other => Err(Error::invalid(field, format!("'{other}' is not a format (xlsx or pdf)"))),
        }
    }
}

fn col(h: &str, w: f32) -> Column {
    Column::new(h, w, Align::Left)
}
fn num(h: &str, w: f32) -> Column {
    Column::new(h, w, Align::Right)
}
fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}
fn opt(s: Option<String>) -> Cell {
    s.map(Cell::Text).unwrap_or(Cell::Empty)
}

/// Runs a table's query with `?1`/`?2` the period's first and last day and `?3` the code filter
/// (`''` for every code); numbers the rows.
fn rows(
    conn: &Connection,
    sql: &str,
    m: &Period,
    code: Option<&str>,
    f: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Vec<Cell>>,
) -> Result<Vec<Vec<Cell>>> {
    let mut stmt = conn.prepare(sql)?;
    let r = stmt.query_map(params![m.first.to_string(), m.last.to_string(), code.unwrap_or("")], |r| f(r))?;
    let mut out: Vec<Vec<Cell>> = r.collect::<rusqlite::Result<_>>()?;
    for (i, row) in out.iter_mut().enumerate() {
        row.insert(0, Cell::Int(i as i64 + 1));
    }
    Ok(out)
}

fn local(at: String, tz: chrono_tz::Tz) -> String {
    crate::time::from_db(&at).map(|t| crate::time::utc_to_local_string(t, tz).replace('T', " ")).unwrap_or(at)
}

fn total_footer(rows: &[Vec<Cell>], mass_col: usize) -> Vec<String> {
    let g: i64 = rows
        .iter()
        .filter_map(|r| match r.get(mass_col) {
            Some(Cell::Mass { grams }) => Some(*grams),
            _ => None,
        })
        .sum();
    vec![format!("合计：{} 条，{} kg", rows.len(), docs::kg(g)), "记录人：__________    审核人：__________".into()]
}

/// Every table of the period's ledger, in the order of the monthly workbook's sheets.
pub fn ledger_tables(conn: &Connection, m: &Period) -> Result<Vec<Table>> {
    LedgerTable::ALL.into_iter().map(|t| ledger_table(conn, m, t, None)).collect()
}

/// One table of the ledger for a period; with `code`, only that waste code's records (the HW
/// code for B.1–B.5 and the summary, the `NNN-NNN-Sxx` code for the solid-waste ledger).
pub fn ledger_table(conn: &Connection, m: &Period, which: LedgerTable, code: Option<&str>) -> Result<Table> {
    let plant = crate::plant::require(conn)?;
    let tz = plant.tz()?;
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let mut sub = vec![
        format!("单位名称：{}（{}）", plant.name, plant.code),
        format!("记录期间：{}", m.label()),
        "计量单位：kg".into(),
    ];
    if let Some(c) = code {
        sub.push(format!("废物代码：{c}"));
    }
    match which {
        LedgerTable::B1Generation => b1_table(conn, m, code, sub, tz),
        LedgerTable::B2IntoStorage => b2_table(conn, m, code, sub, tz),
        LedgerTable::B3OutOfStorage => b3_table(conn, m, code, sub, tz),
        LedgerTable::B4OwnTreatment => b4_table(conn, m, code, sub, tz),
        LedgerTable::B5Outsourced => b5_table(conn, m, code, sub, tz),
        LedgerTable::Summary => summary_table(conn, m, code, sub),
        LedgerTable::SolidWaste => solid_table(conn, m, code, sub, tz),
    }
}

fn b1_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b1 = rows(
        conn,
        "SELECT g.batch_code, g.generated_at, coalesce(s.name, ''), c.name_zh, c.category, g.code, g.quantity_g,
                g.container_id, g.storage_area, u.display_name,
                (SELECT m.batch_code FROM waste_movement m WHERE m.generation_id = g.id AND m.kind = 'into_storage'
                   AND m.reverses_id IS NULL ORDER BY m.moved_at LIMIT 1)
         FROM waste_generation g JOIN hw_code c ON c.catalogue_version = g.catalogue_version AND c.code = g.code
         LEFT JOIN waste_stream s ON s.id = g.stream_id JOIN app_user u ON u.id = g.recorded_by
         WHERE g.voided_at IS NULL AND g.generated_local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR g.code = ?3) ORDER BY g.generated_at, g.batch_code",
        m,
        code,
        |r| {
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: r.get(6)? },
                text(r.get::<_, String>(7)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                opt(r.get::<_, Option<String>>(10)?.map(|b| format!("入库 {b}"))),
            ])
        },
    )?;
    Ok(Table {
        title: "危险废物产生环节记录表（HJ 1259-2022 表B.1）".into(),
        subtitle: sub,
        sheet_name: "B.1 产生".into(),
        columns: vec![
            num("序号", 10.0),
            col("产生批次编码", 30.0),
            col("产生时间", 26.0),
            col("名称（俗称）", 24.0),
            col("名称（名录）", 40.0),
            col("类别", 12.0),
            col("代码", 20.0),
            num("产生量", 20.0),
            col("容器编码", 20.0),
            col("产生设施/区域", 20.0),
            col("经办人", 16.0),
            col("去向", 30.0),
        ],
        footer: total_footer(&b1, 7),
        rows: b1,
    })
}

/// The facility kind as the tables print it (贮存库 …); an unknown stored value as it is.
fn facility_kind(stored: String) -> String {
    super::storage::FacilityKind::parse("kind", &stored).map(|k| k.name_zh().to_string()).unwrap_or(stored)
}

/// B.2 / B.3: movements of one kind.
fn move_sql(kind: &str) -> String {
    format!(
        "SELECT m.batch_code, m.moved_at, m.container_id, c.name_zh, c.category, m.code, m.quantity_g, f.code, f.kind,
            u.display_name, coalesce(g.batch_code, ''), m.reason,
            (SELECT i.batch_code FROM waste_movement i WHERE i.facility_id = m.facility_id AND i.container_id = m.container_id
               AND i.kind = 'into_storage' AND i.reverses_id IS NULL AND i.moved_at <= m.moved_at ORDER BY i.moved_at DESC LIMIT 1),
            coalesce((SELECT '委外 ' || s.manifest_no FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id WHERE l.movement_id = m.id),
                     (SELECT '自行 ' || t.batch_code FROM waste_own_treatment t WHERE t.movement_id = m.id),
                     m.destination, '')
         FROM waste_movement m JOIN hw_code c ON c.catalogue_version = m.catalogue_version AND c.code = m.code
         JOIN storage_facility f ON f.id = m.facility_id JOIN app_user u ON u.id = m.recorded_by
         LEFT JOIN waste_generation g ON g.id = m.generation_id
         WHERE m.kind = '{kind}' AND m.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR m.code = ?3) ORDER BY m.moved_at, m.batch_code"
    )
}

fn b2_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b2 = rows(conn, &move_sql("into_storage"), m, code, |r| {
        let reason: Option<String> = r.get(11)?;
        Ok(vec![
            text(r.get::<_, String>(0)?),
            text(local(r.get(1)?, tz)),
            text(r.get::<_, String>(2)?),
            text(r.get::<_, String>(3)?),
            text(r.get::<_, String>(4)?),
            text(r.get::<_, String>(5)?),
            Cell::Mass { grams: r.get(6)? },
            text(r.get::<_, String>(7)?),
            text(facility_kind(r.get(8)?)),
            text(r.get::<_, String>(9)?),
            text(r.get::<_, String>(10)?),
            opt(reason.map(|x| format!("冲销：{x}"))),
        ])
    })?;
    Ok(Table {
        title: "危险废物入库环节记录表（HJ 1259-2022 表B.2）".into(),
        subtitle: sub,
        sheet_name: "B.2 入库".into(),
        columns: vec![
            num("序号", 10.0),
            col("入库批次编码", 30.0),
            col("入库时间", 26.0),
            col("容器编码", 20.0),
            col("名称（名录）", 44.0),
            col("类别", 12.0),
            col("代码", 20.0),
            num("入库量", 20.0),
            col("贮存设施编码", 18.0),
            col("设施类型", 16.0),
            col("经办人", 16.0),
            col("产生批次编码", 30.0),
            col("备注", 24.0),
        ],
        footer: total_footer(&b2, 7),
        rows: b2,
    })
}

fn b3_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b3 = rows(conn, &move_sql("out_of_storage"), m, code, |r| {
        let reason: Option<String> = r.get(11)?;
        let dest: String = r.get(13)?;
        Ok(vec![
            text(r.get::<_, String>(0)?),
            text(local(r.get(1)?, tz)),
            text(r.get::<_, String>(2)?),
            text(r.get::<_, String>(3)?),
            text(r.get::<_, String>(4)?),
            text(r.get::<_, String>(5)?),
            Cell::Mass { grams: r.get(6)? },
            text(r.get::<_, String>(7)?),
            text(facility_kind(r.get(8)?)),
            text(r.get::<_, String>(9)?),
            opt(r.get::<_, Option<String>>(12)?),
            text(match reason {
                Some(x) => format!("冲销：{x}"),
                None => dest,
            }),
        ])
    })?;
    Ok(Table {
        title: "危险废物出库环节记录表（HJ 1259-2022 表B.3）".into(),
        subtitle: sub,
        sheet_name: "B.3 出库".into(),
        columns: vec![
            num("序号", 10.0),
            col("出库批次编码", 30.0),
            col("出库时间", 26.0),
            col("容器编码", 20.0),
            col("名称（名录）", 44.0),
            col("类别", 12.0),
            col("代码", 20.0),
            num("出库量", 20.0),
            col("贮存设施编码", 18.0),
            col("设施类型", 16.0),
            col("经办人", 16.0),
            col("入库批次编码", 30.0),
            col("去向", 30.0),
        ],
        footer: total_footer(&b3, 7),
        rows: b3,
    })
}

fn b4_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b4 = rows(
        conn,
        "SELECT t.batch_code, t.started_at, t.container_id, c.name_zh, c.category, t.code, t.quantity_g, t.facility_code,
                t.method, coalesce(t.finished_on, ''), u.display_name, m.batch_code
         FROM waste_own_treatment t JOIN hw_code c ON c.catalogue_version = t.catalogue_version AND c.code = t.code
         JOIN waste_movement m ON m.id = t.movement_id JOIN app_user u ON u.id = t.recorded_by
         WHERE t.voided_at IS NULL AND t.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR t.code = ?3) ORDER BY t.started_at",
        m,
        code,
        |r| {
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: r.get(6)? },
                text(r.get::<_, String>(7)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                text(r.get::<_, String>(10)?),
                text(r.get::<_, String>(11)?),
            ])
        },
    )?;
    Ok(Table {
        title: "危险废物自行利用/处置环节记录表（HJ 1259-2022 表B.4）".into(),
        subtitle: sub,
        sheet_name: "B.4 自行利用处置".into(),
        columns: vec![
            num("序号", 10.0),
            col("批次编码", 30.0),
            col("时间", 26.0),
            col("容器编码", 20.0),
            col("名称（名录）", 44.0),
            col("类别", 12.0),
            col("代码", 20.0),
            num("利用/处置量", 22.0),
            col("设施编码", 18.0),
            col("方式", 14.0),
            col("完毕时间", 20.0),
            col("经办人", 16.0),
            col("出库批次编码", 30.0),
        ],
        footer: total_footer(&b4, 7),
        rows: b4,
    })
}

fn b5_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b5 = rows(
        conn,
        "SELECT l.batch_code, s.shipped_at, l.container_id, c.name_zh, c.category, l.code, l.quantity_g, s.method,
                CASE coalesce(lic.licence_type, '') WHEN 'exempt' THEN '豁免管理单位' WHEN 'export' THEN '境外单位'
                     ELSE '经营许可证持有单位' END,
                r.name, coalesce(lic.licence_no, ''), s.manifest_no, m.batch_code, rl.received_g
         FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
         JOIN hw_code c ON c.catalogue_version = l.catalogue_version AND c.code = l.code
         JOIN counterparty r ON r.id = s.receiver_id LEFT JOIN counterparty_licence lic ON lic.id = s.licence_id
         JOIN waste_movement m ON m.id = l.movement_id LEFT JOIN shipment_receipt_line rl ON rl.line_id = l.id
         WHERE s.voided_at IS NULL AND s.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR l.code = ?3) ORDER BY s.shipped_at, l.line_no",
        m,
        code,
        |r| {
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: r.get(6)? },
                text(r.get::<_, String>(7)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                text(r.get::<_, String>(10)?),
                text(r.get::<_, String>(11)?),
                text(r.get::<_, String>(12)?),
                r.get::<_, Option<i64>>(13)?.map(|g| Cell::Mass { grams: g }).unwrap_or(Cell::Empty),
            ])
        },
    )?;
    Ok(Table {
        title: "危险废物委外利用/处置环节记录表（HJ 1259-2022 表B.5）".into(),
        subtitle: sub,
        sheet_name: "B.5 委外利用处置".into(),
        columns: vec![
            num("序号", 8.0),
            col("批次编码", 42.0),
            col("出厂时间", 24.0),
            col("容器编码", 22.0),
            col("名称（名录）", 28.0),
            col("类别", 12.0),
            col("代码", 22.0),
            num("委外量", 18.0),
            col("方式", 10.0),
            col("接收单位类型", 16.0),
            col("接收单位名称", 24.0),
            col("许可证编码", 24.0),
            col("联单编号", 34.0),
            col("出库批次编码", 38.0),
            num("接收量", 18.0),
        ],
        footer: total_footer(&b5, 7),
        rows: b5,
    })
}

/// Per code: stock at the end of the day before the period, generated, own use/disposal,
/// outsourced, stock at the period's end (for a month: the C.1 declaration columns).
fn summary_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>) -> Result<Table> {
    let month = m.is_month();
    let before = m.first.pred_opt().expect("a day before").to_string();
    let stock = |day: &str| -> Result<std::collections::BTreeMap<String, i64>> {
        let mut map = std::collections::BTreeMap::new();
        for (_, code, g, _) in super::storage_totals::balances_at(conn, day)? {
            *map.entry(code).or_insert(0) += g;
        }
        Ok(map)
    };
    let open = stock(&before)?;
    let close = stock(&m.last.to_string())?;
    let sum_by_code = |sql: &str| -> Result<std::collections::BTreeMap<String, i64>> {
        let mut stmt = conn.prepare(sql)?;
        let r = stmt.query_map(params![m.first.to_string(), m.last.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(r.collect::<rusqlite::Result<_>>()?)
    };
    let generated = sum_by_code(
        "SELECT code, sum(quantity_g) FROM waste_generation WHERE voided_at IS NULL AND generated_local_date BETWEEN ?1 AND ?2 GROUP BY code",
    )?;
    let own = sum_by_code(
        "SELECT code, sum(quantity_g) FROM waste_own_treatment WHERE voided_at IS NULL AND local_date BETWEEN ?1 AND ?2 GROUP BY code",
    )?;
    let out = sum_by_code(
        "SELECT l.code, sum(l.quantity_g) FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
         WHERE s.voided_at IS NULL AND s.local_date BETWEEN ?1 AND ?2 GROUP BY l.code",
    )?;
    let mut codes: Vec<&String> =
        open.keys().chain(close.keys()).chain(generated.keys()).chain(own.keys()).chain(out.keys()).collect();
    codes.sort();
    codes.dedup();
    codes.retain(|c| code.is_none_or(|only| c.as_str() == only));
    let mut rows_out = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let (name, category): (String, String) = conn.query_row(
            "SELECT name_zh, category FROM hw_code WHERE code = ?1 ORDER BY catalogue_version DESC LIMIT 1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let g =
            |map: &std::collections::BTreeMap<String, i64>| Cell::Mass { grams: map.get(*code).copied().unwrap_or(0) };
        rows_out.push(vec![
            Cell::Int(i as i64 + 1),
            text((*code).clone()),
            text(category),
            text(name),
            g(&open),
            g(&generated),
            g(&own),
            g(&out),
            g(&close),
        ]);
    }
    Ok(Table {
        title: format!(
            "危险废物{}汇总（期初、产生、自行利用/处置、委外利用/处置、期末贮存）",
            if month { "月度" } else { "期间" }
        ),
        subtitle: sub,
        sheet_name: if month { "月度汇总" } else { "期间汇总" }.into(),
        columns: vec![
            num("序号", 10.0),
            col("代码", 22.0),
            col("类别", 14.0),
            col("名称（名录）", 80.0),
            num(if month { "上月末贮存量" } else { "期初贮存量" }, 28.0),
            num(if month { "本月产生量" } else { "期内产生量" }, 28.0),
            num("自行利用/处置量", 30.0),
            num("委外利用/处置量", 30.0),
            num(if month { "本月末贮存量" } else { "期末贮存量" }, 28.0),
        ],
        footer: vec!["期末贮存量取自贮存台账（入库 − 出库）；产生未入库的不计入贮存。".into()],
        rows: rows_out,
    })
}

fn solid_table(
    conn: &Connection,
    m: &Period,
    code: Option<&str>,
    mut sub: Vec<String>,
    tz: chrono_tz::Tz,
) -> Result<Table> {
    let route_zh = |r: &str| match r {
        "reuse" => "再使用",
        "recycling" => "再生利用",
        "other_recovery" => "其他回收",
        "energy_recovery" => "能量回收",
        "incineration" => "焚烧",
        "landfill" => "填埋",
        "other_disposal" => "其他处置",
        _ => "",
    };
    let rows_out = rows(
        conn,
        "SELECT r.batch_code, r.at, CASE r.kind WHEN 'generation' THEN '产生' ELSE '出厂/利用处置' END, s.name, s.code,
                r.quantity_g, coalesce(r.route, ''), CASE r.onsite WHEN 1 THEN '自行' WHEN 0 THEN '委托' ELSE '' END,
                r.receiver_name, coalesce(r.receiver_uscc, ''), r.transporter, r.document_no
         FROM sw_record r JOIN sw_stream s ON s.id = r.stream_id
         WHERE r.voided_at IS NULL AND r.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR s.code = ?3) ORDER BY r.at, r.batch_code",
        m,
        code,
        |r| {
            let route: String = r.get(6)?;
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                Cell::Mass { grams: r.get(5)? },
                text(route_zh(&route)),
                text(r.get::<_, String>(7)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                text(r.get::<_, String>(10)?),
                text(r.get::<_, String>(11)?),
            ])
        },
    )?;
    sub.push("依据：《一般工业固体废物管理台账制定指南（试行）》".into());
    Ok(Table {
        title: "一般工业固体废物管理台账（产生及出厂/利用处置记录）".into(),
        subtitle: sub,
        sheet_name: "一般工业固废".into(),
        columns: vec![
            num("序号", 10.0),
            col("批次编码", 30.0),
            col("时间", 26.0),
            col("环节", 22.0),
            col("名称", 30.0),
            col("代码", 22.0),
            num("数量", 22.0),
            col("去向", 18.0),
            col("方式", 12.0),
            col("接收单位", 30.0),
            col("统一社会信用代码", 36.0),
            col("运输单位", 22.0),
            col("单据号", 22.0),
        ],
        footer: vec!["记录人：__________    审核人：__________".into()],
        rows: rows_out,
    })
}

/// A column of a [`TableView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ViewColumn {
    pub header: String,
    /// Right-aligned figures (quantities, row numbers).
    pub numeric: bool,
}

/// One ledger table as the app shows it: every cell as the documents print it (masses as kg
/// with three decimals), the first `limit` rows, and how many rows the period has in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableView {
    pub table: LedgerTable,
    pub from: String,
    pub to: String,
    pub code: Option<String>,
    pub title: String,
    pub subtitle: Vec<String>,
    pub columns: Vec<ViewColumn>,
    pub rows: Vec<Vec<String>>,
    pub total_rows: u32,
    /// Totals and signature lines, over all rows (not only the rows shown).
    pub footer: Vec<String>,
}

/// The most rows a [`TableView`] carries; the exports always hold every row.
pub const VIEW_ROW_LIMIT: usize = 2_000;

/// [`ledger_table`] for the screen: at most `limit` rows (capped at [`VIEW_ROW_LIMIT`]).
pub fn ledger_view(
    conn: &Connection,
    m: &Period,
    which: LedgerTable,
    code: Option<&str>,
    limit: usize,
) -> Result<TableView> {
    let t = ledger_table(conn, m, which, code)?;
    let total_rows = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
    let width = t.columns.len();
    Ok(TableView {
        table: which,
        from: m.first.to_string(),
        to: m.last.to_string(),
        code: code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        title: t.title,
        subtitle: t.subtitle,
        columns: t
            .columns
            .into_iter()
            .map(|c| ViewColumn { header: c.header, numeric: c.align == Align::Right })
            .collect(),
        rows: t
            .rows
            .iter()
            .take(limit.min(VIEW_ROW_LIMIT))
            .map(|r| (0..width).map(|i| r.get(i).map(Cell::display).unwrap_or_default()).collect())
            .collect(),
        total_rows,
        footer: t.footer,
    })
}

/// One table (optionally one code) as xlsx or PDF bytes: what the ledger view's export writes.
pub fn table_document(
    conn: &Connection,
    m: &Period,
    which: LedgerTable,
    code: Option<&str>,
    format: Format,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>> {
    let t = [ledger_table(conn, m, which, code)?];
    match format {
        Format::Xlsx => docs::tables_to_xlsx(&t),
        Format::Pdf => docs::tables_to_pdf(&t, progress),
    }
}

/// The file name of [`table_document`]: `SZ-LH01-B1-900-249-08-2025-02-01至2025-03-31.xlsx`.
pub fn table_file_name(plant_code: &str, m: &Period, which: LedgerTable, code: Option<&str>, format: Format) -> String {
    let only = code.map(str::trim).filter(|c| !c.is_empty()).map(|c| format!("-{c}")).unwrap_or_default();
    let ext = if format == Format::Xlsx { "xlsx" } else { "pdf" };
    format!("{plant_code}-{}{only}-{}至{}.{ext}", which.key().to_uppercase(), m.first, m.last)
}

/// The month's ledger as xlsx or PDF bytes. `progress(done, total)` returning false cancels (PDF).
pub fn ledger(
    conn: &Connection,
    m: &Period,
    format: Format,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>> {
    let tables = ledger_tables(conn, m)?;
    match format {
        Format::Xlsx => docs::tables_to_xlsx(&tables),
        Format::Pdf => docs::tables_to_pdf(&tables, progress),
    }
}

/// The local copy of a transfer manifest.
pub fn manifest_doc(conn: &Connection, shipment_ref: &str, today: NaiveDate) -> Result<ManifestDoc> {
    let s = shipment::by_ref(conn, shipment_ref, today)?;
    let plant = crate::plant::require(conn)?;
    let party = |id: Option<&str>, name: &str| -> Result<Party> {
        let (uscc, address, contact, phone): (Option<String>, String, String, String) = match id {
            Some(id) => {
                conn.query_row("SELECT uscc, address, contact, phone FROM counterparty WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
            }
            None => (None, String::new(), String::new(), String::new()),
        };
        let contact = [contact, phone].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ");
        Ok(Party {
            name: name.into(),
            uscc,
            address: Some(address).filter(|a| !a.is_empty()),
            contact: Some(contact).filter(|c| !c.is_empty()),
        })
    };
    let setting = |k: &str| settings::get(conn, k).ok().filter(|v| !v.is_empty());
    let consignor = Party {
        name: plant.name.clone(),
        uscc: setting("uscc"),
        address: setting("address"),
        contact: [setting("contact"), setting("phone")].into_iter().flatten().reduce(|a, b| format!("{a} {b}")),
    };
    let transporter_id: Option<String> =
        conn.query_row("SELECT transporter_id FROM shipment WHERE id = ?1", [&s.id], |r| r.get(0))?;
    let transporter = match (&transporter_id, &s.transporter_name) {
        (Some(id), Some(name)) => Some(party(Some(id), name)?),
        _ => None,
    };
    let status_zh = match s.status {
        shipment::ShipmentStatus::InTransit => "运输中/待接收确认",
        shipment::ShipmentStatus::Confirmed => "已确认接收",
        shipment::ShipmentStatus::Discrepancy => "接收确认（重量差异）",
        shipment::ShipmentStatus::Rejected => "拒收",
        shipment::ShipmentStatus::Voided => "已作废",
    };
    let mut notes = Vec::new();
    if let Some(w) = &s.manifest_warning {
        notes.push(w.clone());
    }
    if let Some(r) = &s.override_reason {
        notes.push(format!("许可证核验被管理员放行，理由：{r}"));
    }
    if let Some(v) = &s.void_reason {
        notes.push(format!("已作废：{v}"));
    }
    let transfer = match s.transfer_type.as_str() {
        "cross_province" => "跨省转移",
        "export" => "出口",
        _ => "省内转移",
    };
    notes.push(format!("转移类型：{transfer}；目的：{}", if s.purpose == "utilisation" { "利用" } else { "处置" }));
    Ok(ManifestDoc {
        manifest_no: s.manifest_no.clone(),
        status: status_zh.into(),
        consignor,
        transporter,
        vehicle_plate: Some(s.vehicle_plate.clone()).filter(|v| !v.is_empty()),
        receiver: party(Some(&s.receiver_id), &s.receiver_name)?,
        receiver_licence_no: s.licence_no.clone().unwrap_or_else(|| "（未核验）".into()),
        shipped_at: s.shipped_at_local.replace('T', " "),
        lines: s
            .lines
            .iter()
            .map(|l| ManifestLine {
                code: l.code.clone(),
                category: l.category.clone(),
                name: l.name.clone(),
                characteristics: l.characteristics.clone(),
                form: None,
                containers: vec![l.container_id.clone()],
                package_type: None,
                shipped_g: l.quantity_g,
                received_g: l.received_g,
                method: Some(s.method.clone()),
            })
            .collect(),
        total_g: s.total_g,
        confirmation_due: s.confirmation_due.clone(),
        received: s.receipt.as_ref().map(|r| ReceivedInfo {
            received_on: r.received_on.clone(),
            confirmed_at: r.confirmed_on.clone(),
            outcome: match r.outcome.as_str() {
                "confirmed" => "确认接收".into(),
                "discrepancy" => "接收（重量差异）".into(),
                _ => "拒收".into(),
            },
            note: Some(r.note.clone()).filter(|n| !n.is_empty()),
        }),
        notes,
    })
}

/// batch, code, category, name, characteristics, grams, day, stream form.
type LabelRow = (String, String, String, String, String, i64, String, Option<String>);

/// HJ 1276 labels for containers (by container id, their newest live generation entry). Needs
/// the plant's USCC setting. The sequence is the entry's serial within its day.
pub fn label_docs(conn: &Connection, containers: &[String]) -> Result<Vec<LabelDoc>> {
    let plant = crate::plant::require(conn)?;
    let uscc = settings::get(conn, "uscc")?;
    if uscc.is_empty() {
        return Err(Error::invalid("uscc", "set the plant's 统一社会信用代码 first (settings set uscc …)"));
    }
    let contact = [settings::get(conn, "contact")?, settings::get(conn, "phone")?]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    for c in containers {
        let row: Option<LabelRow> = conn
            .query_row(
                "SELECT g.batch_code, g.code, h.category, h.name_zh, h.characteristics, g.quantity_g, g.generated_local_date,
                        s.physical_form
                 FROM waste_generation g JOIN hw_code h ON h.catalogue_version = g.catalogue_version AND h.code = g.code
                 LEFT JOIN waste_stream s ON s.id = g.stream_id
                 WHERE g.container_id = ?1 AND g.voided_at IS NULL ORDER BY g.generated_at DESC LIMIT 1",
                [c.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .ok();
        let Some((batch, code, category, name, chars, g, day, form)) = row else {
            return Err(Error::invalid("containers", format!("container {} has no live generation entry", c.trim())));
        };
        let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
        let seq: u32 = batch.get(batch.len().saturating_sub(3)..).and_then(|s| s.parse().ok()).unwrap_or(1);
        let id = label::label_id(&uscc, &code, date, seq.clamp(1, 999))?;
        let form_zh = form.map(|f| {
            match f.as_str() {
                "solid" => "固态",
                "semi_solid" => "半固态",
                "liquid" => "液态",
                "sludge" => "污泥",
                _ => "气态",
            }
            .to_string()
        });
        out.push(LabelDoc {
            qr_payload: format!("{id}|{code}|{}|{}|{}", docs::kg(g), batch, c.trim()),
            label_id: id,
            name,
            code,
            category,
            characteristics: chars,
            form: form_zh,
            main_components: None,
            precautions: Some("远离火源，防止泄漏；泄漏时用吸附材料收集并按危险废物处置".into()),
            producer: plant.name.clone(),
            contact: Some(contact.clone()).filter(|x| !x.is_empty()),
            generated_on: day,
            quantity_kg: docs::kg(g),
            size: (100.0, 100.0),
        });
    }
    Ok(out)
}
