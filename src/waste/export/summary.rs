//! The period summary per code (the C.1 columns: opening stock, generated, own use/disposal,
//! outsourced, closing stock) and the general solid-waste ledger.

use super::period::Period;
use super::tables::{col, local, num, rows, text};
use crate::docs::{Cell, Table};
use crate::error::Result;
use rusqlite::{params, Connection};

/// Per code: stock at the end of the day before the period, generated, own use/disposal,
/// outsourced, stock at the period's end (for a month: the C.1 declaration columns).
pub(super) fn summary_table(conn: &Connection, m: &Period, code: Option<&str>, mut sub: Vec<String>) -> Result<Table> {
    // The declaration (C.1–C.3) reports in tonnes: exact, six decimals.
    for line in sub.iter_mut().filter(|l| l.starts_with("计量单位")) {
        *line = "计量单位：t（吨）".into();
    }
    let month = m.is_month();
    let before = m.first.pred_opt().expect("a day before").to_string();
    let stock = |day: &str| -> Result<std::collections::BTreeMap<String, i64>> {
        let mut map = std::collections::BTreeMap::new();
        for (_, code, g, _) in super::super::storage::totals::balances_at(conn, day)? {
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
        // Only what the receiver did not reject (a rejected line came back into stock).
        "SELECT code, sum(accepted_g) FROM shipment_line_outcome WHERE local_date BETWEEN ?1 AND ?2 GROUP BY code",
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
        let g = |map: &std::collections::BTreeMap<String, i64>| Cell::Tonnes {
            grams: map.get(*code).copied().unwrap_or(0),
        };
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

pub(super) fn solid_table(
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
