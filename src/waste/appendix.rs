//! The HJ 1259-2022 Appendix B fields every step records beside its quantity: the container or
//! packaging type and count, the generating facility (a registry of generation points, 产生危险
//! 废物设施, not free text), and the handler (经办人) with the department of each step — kept
//! apart from the user who typed the record. All are optional on input: records without them
//! (and every record posted before migration 0009) print 未记录 in the tables, never a guess.

use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// What the tables print for a field the record does not carry.
pub const NOT_RECORDED: &str = "未记录";

crate::text_enum! {
    /// 容器/包装类型; the Chinese names are accepted on input.
    pub enum ContainerType {
        /// 桶 (steel or plastic drum)
        Drum = "drum" | "桶",
        /// 吨桶 (IBC)
        Ibc = "ibc" | "吨桶",
        /// 袋
        Bag = "bag" | "袋",
        /// 吨袋
        TonBag = "ton_bag" | "吨袋",
        /// 箱
        Box = "box" | "箱",
        /// 罐 / 槽
        Tank = "tank" | "罐",
        /// 散装 (no packaging, e.g. piped or in bulk)
        Bulk = "bulk" | "散装",
        /// 其他
        Other = "other" | "其他",
    }
}

impl ContainerType {
    /// The name the official tables print.
    pub fn name_zh(self) -> &'static str {
        match self {
            ContainerType::Drum => "桶",
            ContainerType::Ibc => "吨桶",
            ContainerType::Bag => "袋",
            ContainerType::TonBag => "吨袋",
            ContainerType::Box => "箱",
            ContainerType::Tank => "罐",
            ContainerType::Bulk => "散装",
            ContainerType::Other => "其他",
        }
    }
}

/// The handler (经办人) of a step and their department. A movement has two: the storage side
/// (入库: 贮存部门; 出库: 出库部门) and the transport side (运送部门).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Handlers {
    #[serde(default)]
    pub handler: Option<String>,
    #[serde(default)]
    pub handler_dept: Option<String>,
    #[serde(default)]
    pub transport_handler: Option<String>,
    #[serde(default)]
    pub transport_dept: Option<String>,
}

/// The Appendix B fields of a generation entry (B.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EntryDetails {
    /// The generation point's code or id (产生危险废物设施编码).
    #[serde(default)]
    pub generation_point: Option<String>,
    #[serde(default)]
    pub container_type: Option<ContainerType>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    #[serde(default)]
    pub container_count: Option<i64>,
    /// 产生部门经办人 and the department.
    #[serde(default)]
    pub handler: Option<String>,
    #[serde(default)]
    pub handler_dept: Option<String>,
}

/// A person's or department's name: trimmed, blank = not recorded, 1–50 characters, no control
/// characters (they would forge table cells and log lines).
pub fn name_field(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > 50 {
        return Err(Error::invalid(field, crate::msg::common::too_long(&50)));
    }
    crate::text::no_hidden_chars(field, field, v)?;
    Ok(Some(v.to_string()))
}

/// Handlers, checked.
pub fn valid_handlers(h: &Handlers) -> Result<Handlers> {
    Ok(Handlers {
        handler: name_field("handler", h.handler.as_deref())?,
        handler_dept: name_field("handler_dept", h.handler_dept.as_deref())?,
        transport_handler: name_field("transport_handler", h.transport_handler.as_deref())?,
        transport_dept: name_field("transport_dept", h.transport_dept.as_deref())?,
    })
}

/// Entry details checked against the registry: (generation point id, type, count, handler, dept).
pub(crate) struct ValidDetails {
    pub point_id: Option<String>,
    pub container_type: Option<ContainerType>,
    pub container_count: Option<i64>,
    pub handler: Option<String>,
    pub handler_dept: Option<String>,
}

pub(crate) fn valid_details(conn: &Connection, d: &EntryDetails) -> Result<ValidDetails> {
    let point_id = match d.generation_point.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(point(conn, "generation_point", p)?.id),
    };
    if let Some(n) = d.container_count {
        if !(1..=100_000).contains(&n) {
            return Err(Error::invalid("container_count", crate::msg::waste::container_count_1_100000()));
        }
    }
    Ok(ValidDetails {
        point_id,
        container_type: d.container_type,
        container_count: d.container_count,
        handler: name_field("handler", d.handler.as_deref())?,
        handler_dept: name_field("handler_dept", d.handler_dept.as_deref())?,
    })
}

/// A generation point (产生危险废物设施): a process, line or workshop that generates waste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GenerationPoint {
    pub id: String,
    pub code: String,
    pub name: String,
    pub department: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewGenerationPoint {
    /// The facility code on the permit (HJ 608), 1–32 characters.
    pub code: String,
    pub name: String,
    pub department: Option<String>,
}

/// Registers a generation point. Admins and EHS officers; a live code is unique.
pub fn add_point(
    store: &mut Store,
    actor: &Session,
    input: NewGenerationPoint,
    now: DateTime<Utc>,
) -> Result<GenerationPoint> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let code = crate::text::identifier("code", "generation point code", &input.code, 32)?;
    let code = code.as_str();
    if code.chars().any(char::is_whitespace) {
        return Err(Error::invalid("code", crate::msg::waste::generation_point_code_1()));
    }
    let name = input.name.trim();
    crate::text::no_hidden_chars("name", "name", name)?;
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid("name", crate::msg::waste::name_1_100_characters()));
    }
    let department = name_field("department", input.department.as_deref())?;
    let tx = store.write_tx()?;
    crate::plant::require(&tx)?;
    let clash = tx
        .query_row("SELECT 1 FROM generation_point WHERE code = ?1 AND voided_at IS NULL", [code], |_| Ok(()))
        .optional()?
        .is_some();
    if clash {
        return Err(Error::invalid("code", crate::msg::waste::generation_point_code_already(&code)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO generation_point (id, code, name, department, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, code, name, department, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "generation_point", &id, None, None)?;
    let p = point(&tx, "generation_point", &id)?;
    tx.commit()?;
    Ok(p)
}

/// Voids a generation point with a reason; entries that name it keep it.
pub fn void_point(
    store: &mut Store,
    actor: &Session,
    id_or_code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::waste::say_why_generation_point()));
    }
    let tx = store.write_tx()?;
    let p = point(&tx, "generation_point", id_or_code)?;
    audit::void_row(&tx, now, &actor.user_id, "generation_point", &p.id, reason)?;
    tx.commit()?;
    Ok(())
}

/// An active generation point by id or code.
pub fn point(conn: &Connection, field: &'static str, id_or_code: &str) -> Result<GenerationPoint> {
    conn.query_row(
        "SELECT id, code, name, department FROM generation_point WHERE voided_at IS NULL AND (id = ?1 OR code = ?1)",
        [id_or_code.trim()],
        |r| Ok(GenerationPoint { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, department: r.get(3)? }),
    )
    .optional()?
    .ok_or_else(|| Error::invalid(field, crate::msg::waste::no_active_generation_point(&id_or_code.trim())))
}

/// Active generation points by code.
pub fn points(conn: &Connection) -> Result<Vec<GenerationPoint>> {
    let mut stmt =
        conn.prepare("SELECT id, code, name, department FROM generation_point WHERE voided_at IS NULL ORDER BY code")?;
    let rows = stmt.query_map([], |r| {
        Ok(GenerationPoint { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, department: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// "张三（危废库）", "张三", "（危废库）" or 未记录: a handler with their department, as the tables print it.
pub fn handler_cell(handler: Option<String>, dept: Option<String>) -> String {
    match (handler, dept) {
        (Some(h), Some(d)) => format!("{h}（{d}）"),
        (Some(h), None) => h,
        (None, Some(d)) => format!("（{d}）"),
        (None, None) => NOT_RECORDED.to_string(),
    }
}
