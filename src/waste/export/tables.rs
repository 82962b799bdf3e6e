//! The HJ 1259-2022 Appendix B record tables (B.1 产生, B.2 入库, B.3 出库, B.4 自行利用/处置, B.5
//! 委外利用/处置) as [`crate::docs::Table`]s, for a period and optionally one code, plus the
//! shared cell and query helpers the summary and solid-waste tables use.

use super::period::{LedgerTable, Period};
use super::summary::{solid_table, summary_table};
use crate::docs::{self, Align, Cell, Column, Table};
use crate::error::Result;
use crate::waste::appendix;
use rusqlite::{params, Connection};

pub(super) fn col(h: &str, w: f32) -> Column {
    Column::new(h, w, Align::Left)
}
pub(super) fn num(h: &str, w: f32) -> Column {
    Column::new(h, w, Align::Right)
}
pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}
fn opt(s: Option<String>) -> Cell {
    s.map(Cell::Text).unwrap_or(Cell::Empty)
}

/// Runs a table's query with `?1`/`?2` the period's first and last day and `?3` the code filter
/// (`''` for every code); numbers the rows.
pub(super) fn rows(
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

pub(super) fn local(at: String, tz: chrono_tz::Tz) -> String {
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
    LedgerTable::ALL.iter().map(|t| ledger_table(conn, m, *t, None)).collect()
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
        "SELECT g.batch_code, g.generated_at, s.name, c.name_zh, c.category, g.code, g.quantity_g,
                g.container_id, g.container_type, g.container_count, p.code, g.handler, g.handler_dept, u.display_name,
                (SELECT m.batch_code FROM waste_movement m WHERE m.generation_id = g.id AND m.kind = 'into_storage'
                   AND m.reverses_id IS NULL ORDER BY m.moved_at LIMIT 1)
         FROM waste_generation g JOIN hw_code c ON c.catalogue_version = g.catalogue_version AND c.code = g.code
         LEFT JOIN waste_stream s ON s.id = g.stream_id JOIN app_user u ON u.id = g.recorded_by
         LEFT JOIN generation_point p ON p.id = g.generation_point_id
         WHERE g.voided_at IS NULL AND g.generated_local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR g.code = ?3) ORDER BY g.generated_at, g.batch_code",
        m,
        code,
        |r| {
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                recorded(r.get(2)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: r.get(6)? },
                text(r.get::<_, String>(7)?),
                container(r.get(8)?, r.get(9)?),
                recorded(r.get(10)?),
                text(appendix::handler_cell(r.get(11)?, r.get(12)?)),
                text(r.get::<_, String>(13)?),
                opt(r.get::<_, Option<String>>(14)?.map(|b| format!("入库 {b}"))),
            ])
        },
    )?;
    Ok(Table {
        title: "危险废物产生环节记录表（HJ 1259-2022 表B.1）".into(),
        subtitle: sub,
        sheet_name: "B.1 产生".into(),
        columns: vec![
            num("序号", 7.0),
            col("产生批次编码", 30.0),
            col("产生时间", 21.0),
            col("名称（俗称）", 18.0),
            col("名称（名录）", 30.0),
            col("类别", 13.0),
            col("代码", 20.0),
            num("产生量", 17.0),
            col("容器/包装编码", 20.0),
            col("容器/包装类型及数量", 16.0),
            col("产生危险废物设施编码", 17.0),
            col("产生部门经办人", 18.0),
            col("录入人", 13.0),
            col("去向", 30.0),
        ],
        footer: total_footer(&b1, 7),
        rows: b1,
    })
}

/// A field an older record does not carry prints 未记录 (never a guess).
fn recorded(v: Option<String>) -> Cell {
    text(v.unwrap_or_else(|| appendix::NOT_RECORDED.to_string()))
}

/// 容器/包装类型及数量 in one cell: "桶 × 2"; a part not recorded says so, both missing = 未记录.
fn container(stored_type: Option<String>, n: Option<i64>) -> Cell {
    let kind = stored_type
        .map(|t| appendix::ContainerType::parse("container_type", &t).map(|c| c.name_zh().to_string()).unwrap_or(t));
    match (kind, n) {
        (None, None) => recorded(None),
        (Some(k), Some(n)) => text(format!("{k} × {n}")),
        (Some(k), None) => text(format!("{k} × 数量未记录")),
        (None, Some(n)) => text(format!("类型未记录 × {n}")),
    }
}

/// The facility kind as the tables print it (贮存库 …); an unknown stored value as it is.
fn facility_kind(stored: String) -> String {
    super::super::storage::FacilityKind::parse("kind", &stored).map(|k| k.name_zh().to_string()).unwrap_or(stored)
}

/// B.2 / B.3: movements of one kind. Columns: 0 batch, 1 moved_at, 2 container, 3 名录 name,
/// 4 category, 5 code, 6 grams, 7 facility code, 8 facility kind, 9 recorded by, 10 generation
/// batch, 11 reversal reason, 12 the in-batch before it, 13 去向 / return note, 14 俗称,
/// 15 container type, 16 count, 17–20 handler, dept, transport handler, dept.
fn move_sql(kind: &str) -> String {
    format!(
        "SELECT m.batch_code, m.moved_at, m.container_id, c.name_zh, c.category, m.code, m.quantity_g, f.code, f.kind,
            u.display_name, coalesce(g.batch_code, ''), m.reason,
            (SELECT i.batch_code FROM waste_movement i WHERE i.facility_id = m.facility_id AND i.container_id = m.container_id
               AND i.kind = 'into_storage' AND i.reverses_id IS NULL AND i.rowid < m.rowid ORDER BY i.rowid DESC LIMIT 1),
            coalesce((SELECT '委外 ' || s.manifest_no || CASE WHEN o.rejected = 1 THEN '（拒收' || coalesce('，退回 ' ||
                        o.return_batch, '') || '）' ELSE '' END
                      FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
                      LEFT JOIN shipment_line_outcome o ON o.line_id = l.id WHERE l.movement_id = m.id),
                     (SELECT '拒收退回：联单 ' || s.manifest_no FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
                      WHERE l.id = m.return_of_line_id),
                     (SELECT '自行 ' || t.batch_code FROM waste_own_treatment t WHERE t.movement_id = m.id),
                     m.destination, ''),
            st.name, g.container_type, g.container_count, m.handler, m.handler_dept, m.transport_handler, m.transport_dept
         FROM waste_movement m JOIN hw_code c ON c.catalogue_version = m.catalogue_version AND c.code = m.code
         JOIN storage_facility f ON f.id = m.facility_id JOIN app_user u ON u.id = m.recorded_by
         LEFT JOIN waste_generation g ON g.id = m.generation_id LEFT JOIN waste_stream st ON st.id = g.stream_id
         WHERE m.kind = '{kind}' AND m.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR m.code = ?3) ORDER BY m.moved_at, m.batch_code"
    )
}

/// The columns B.2 and B.3 share up to the facility type: batch, time, container code / type /
/// count, the two names, category, code, mass, facility code and type.
fn move_head(r: &rusqlite::Row<'_>, tz: chrono_tz::Tz) -> rusqlite::Result<Vec<Cell>> {
    Ok(vec![
        text(r.get::<_, String>(0)?),
        text(local(r.get(1)?, tz)),
        text(r.get::<_, String>(2)?),
        container(r.get(15)?, r.get(16)?),
        recorded(r.get(14)?),
        text(r.get::<_, String>(3)?),
        text(r.get::<_, String>(4)?),
        text(r.get::<_, String>(5)?),
        Cell::Mass { grams: r.get(6)? },
        text(r.get::<_, String>(7)?),
        text(facility_kind(r.get(8)?)),
    ])
}

fn move_columns(batch: &str, time: &str, qty: &str) -> Vec<Column> {
    vec![
        num("序号", 7.0),
        col(batch, 33.0),
        col(time, 21.0),
        col("容器/包装编码", 20.0),
        col("容器/包装类型及数量", 16.0),
        col("名称（俗称）", 18.0),
        col("名称（名录）", 24.0),
        col("类别", 13.0),
        col("代码", 20.0),
        num(qty, 17.0),
        col("贮存设施编码", 14.0),
        col("设施类型", 13.0),
    ]
}

/// Index of the mass column in B.2 / B.3 rows (after the row number).
const MOVE_MASS_COL: usize = 9;

fn b2_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b2 = rows(conn, &move_sql("into_storage"), m, code, |r| {
        let reason: Option<String> = r.get(11)?;
        let mut row = move_head(r, tz)?;
        row.extend([
            text(appendix::handler_cell(r.get(19)?, r.get(20)?)),
            text(appendix::handler_cell(r.get(17)?, r.get(18)?)),
            text(r.get::<_, String>(9)?),
            text(r.get::<_, String>(10)?),
            match (reason, r.get::<_, String>(13)?) {
                (Some(x), _) => text(format!("冲销：{x}")),
                (None, returned) if !returned.is_empty() => text(returned),
                _ => Cell::Empty,
            },
        ]);
        Ok(row)
    })?;
    let mut columns = move_columns("入库批次编码", "入库时间", "入库量");
    columns.extend([
        col("运送部门经办人", 18.0),
        col("贮存部门经办人", 18.0),
        col("录入人", 13.0),
        col("产生批次编码", 33.0),
        col("备注", 24.0),
    ]);
    Ok(Table {
        title: "危险废物入库环节记录表（HJ 1259-2022 表B.2）".into(),
        subtitle: sub,
        sheet_name: "B.2 入库".into(),
        columns,
        footer: total_footer(&b2, MOVE_MASS_COL),
        rows: b2,
    })
}

fn b3_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b3 = rows(conn, &move_sql("out_of_storage"), m, code, |r| {
        let reason: Option<String> = r.get(11)?;
        let dest: String = r.get(13)?;
        let mut row = move_head(r, tz)?;
        row.extend([
            text(appendix::handler_cell(r.get(17)?, r.get(18)?)),
            text(appendix::handler_cell(r.get(19)?, r.get(20)?)),
            text(r.get::<_, String>(9)?),
            opt(r.get::<_, Option<String>>(12)?),
            text(match reason {
                Some(x) => format!("冲销：{x}"),
                None => dest,
            }),
        ]);
        Ok(row)
    })?;
    let mut columns = move_columns("出库批次编码", "出库时间", "出库量");
    columns.extend([
        col("出库部门经办人", 18.0),
        col("运送部门经办人", 18.0),
        col("录入人", 13.0),
        col("入库批次编码", 33.0),
        col("去向", 30.0),
    ]);
    Ok(Table {
        title: "危险废物出库环节记录表（HJ 1259-2022 表B.3）".into(),
        subtitle: sub,
        sheet_name: "B.3 出库".into(),
        columns,
        footer: total_footer(&b3, MOVE_MASS_COL),
        rows: b3,
    })
}

fn b4_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b4 = rows(
        conn,
        "SELECT t.batch_code, t.started_at, t.container_id, c.name_zh, c.category, t.code, t.quantity_g, t.facility_code,
                t.method, coalesce(t.finished_on, ''), u.display_name, m.batch_code,
                st.name, g.container_type, g.container_count, t.handler, t.handler_dept
         FROM waste_own_treatment t JOIN hw_code c ON c.catalogue_version = t.catalogue_version AND c.code = t.code
         JOIN waste_movement m ON m.id = t.movement_id JOIN app_user u ON u.id = t.recorded_by
         LEFT JOIN waste_generation g ON g.id = m.generation_id LEFT JOIN waste_stream st ON st.id = g.stream_id
         WHERE t.voided_at IS NULL AND t.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR t.code = ?3) ORDER BY t.started_at",
        m,
        code,
        |r| {
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                container(r.get(13)?, r.get(14)?),
                recorded(r.get(12)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: r.get(6)? },
                text(r.get::<_, String>(7)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                text(appendix::handler_cell(r.get(15)?, r.get(16)?)),
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
            num("序号", 8.0),
            col("批次编码", 28.0),
            col("时间", 24.0),
            col("容器/包装编码", 18.0),
            col("容器/包装类型及数量", 16.0),
            col("名称（俗称）", 22.0),
            col("名称（名录）", 36.0),
            col("类别", 10.0),
            col("代码", 18.0),
            num("利用/处置量", 20.0),
            col("设施编码", 16.0),
            col("方式", 12.0),
            col("完毕时间", 18.0),
            col("部门经办人", 22.0),
            col("录入人", 14.0),
            col("出库批次编码", 28.0),
        ],
        footer: total_footer(&b4, 9),
        rows: b4,
    })
}

fn b5_table(conn: &Connection, m: &Period, code: Option<&str>, sub: Vec<String>, tz: chrono_tz::Tz) -> Result<Table> {
    let b5 = rows(
        conn,
        "SELECT l.batch_code, s.shipped_at, l.container_id, c.name_zh, c.category, l.code, l.quantity_g, s.method,
                CASE coalesce(lic.licence_type, '') WHEN 'exempt' THEN '豁免管理单位' WHEN 'export' THEN '境外单位'
                     ELSE '经营许可证持有单位' END,
                r.name, coalesce(lic.licence_no, ''), s.manifest_no, m.batch_code, rl.received_g, o.rejected,
                o.return_batch, o.method, st.name, g.container_type, g.container_count
         FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id JOIN shipment_line_outcome o ON o.line_id = l.id
         JOIN hw_code c ON c.catalogue_version = l.catalogue_version AND c.code = l.code
         JOIN counterparty r ON r.id = s.receiver_id LEFT JOIN counterparty_licence lic ON lic.id = s.licence_id
         JOIN waste_movement m ON m.id = l.movement_id LEFT JOIN shipment_receipt_line rl ON rl.line_id = l.id
         LEFT JOIN waste_generation g ON g.id = m.generation_id LEFT JOIN waste_stream st ON st.id = g.stream_id
         WHERE s.voided_at IS NULL AND s.local_date BETWEEN ?1 AND ?2 AND (?3 = '' OR l.code = ?3) ORDER BY s.shipped_at, l.line_no",
        m,
        code,
        |r| {
            // A rejected line counts nothing outsourced; it says where the container went back.
            let rejected = r.get::<_, i64>(14)? == 1;
            let note = match (rejected, r.get::<_, Option<String>>(15)?) {
                (false, _) => Cell::Empty,
                (true, Some(b)) => text(format!("拒收，已退回入库 {b}（委外量不计）")),
                (true, None) => text("拒收，尚未登记退回入库（委外量不计）".to_string()),
            };
            Ok(vec![
                text(r.get::<_, String>(0)?),
                text(local(r.get(1)?, tz)),
                text(r.get::<_, String>(2)?),
                container(r.get(18)?, r.get(19)?),
                recorded(r.get(17)?),
                text(r.get::<_, String>(3)?),
                text(r.get::<_, String>(4)?),
                text(r.get::<_, String>(5)?),
                Cell::Mass { grams: if rejected { 0 } else { r.get(6)? } },
                text(r.get::<_, String>(16)?),
                text(r.get::<_, String>(8)?),
                text(r.get::<_, String>(9)?),
                text(r.get::<_, String>(10)?),
                text(r.get::<_, String>(11)?),
                text(r.get::<_, String>(12)?),
                r.get::<_, Option<i64>>(13)?.map(|g| Cell::Mass { grams: g }).unwrap_or(Cell::Empty),
                note,
            ])
        },
    )?;
    Ok(Table {
        title: "危险废物委外利用/处置环节记录表（HJ 1259-2022 表B.5）".into(),
        subtitle: sub,
        sheet_name: "B.5 委外利用处置".into(),
        columns: vec![
            num("序号", 7.0),
            col("批次编码", 40.0),
            col("出厂时间", 21.0),
            col("容器/包装编码", 20.0),
            col("容器/包装类型及数量", 16.0),
            col("名称（俗称）", 14.0),
            col("名称（名录）", 20.0),
            col("类别", 13.0),
            col("代码", 20.0),
            num("委外量", 17.0),
            col("方式", 9.0),
            col("接收单位类型", 12.0),
            col("接收单位名称", 20.0),
            col("许可证编码", 18.0),
            col("联单编号", 25.0),
            col("出库批次编码", 34.0),
            num("接收量", 17.0),
            col("备注", 18.0),
        ],
        footer: total_footer(&b5, 9),
        rows: b5,
    })
}
