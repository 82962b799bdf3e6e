//! VOC sources: stacks (排放口) and coating lines with their regulatory limit (from the permit —
//! never hard-coded, domain.md §7.3), an internal target (e.g. 12.5 mg/m³), the abatement's
//! capture and removal efficiencies (design or tested, with a note) and the operating hours of
//! a month. A source is insert-only: a change is a void and a new source.

use super::{decimal, note, percent, positive, WRITERS};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::Session;
use crate::units::Decimal;
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// What a VOC source is.
    pub enum SourceKind {
        Stack = "stack",
        CoatingLine = "coating_line",
        Other = "other",
    }
}

crate::text_enum! {
    /// Where an abatement efficiency comes from.
    pub enum EfficiencyBasis {
        Design = "design",
        Tested = "tested",
    }
}

/// Most hours a month has (31 × 24).
pub const MAX_MONTH_HOURS: i64 = 744;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewVocSource {
    pub code: String,
    pub name: String,
    pub kind: SourceKind,
    /// Regulatory limit, mg/m³ (decimal text); `None` when the permit sets none.
    pub limit_mg_m3: Option<String>,
    /// Internal target, mg/m³.
    pub target_mg_m3: Option<String>,
    /// Capture efficiency %, 0–100 (0: no abatement).
    pub capture_pct: String,
    /// Removal efficiency %, 0–100.
    pub removal_pct: String,
    pub efficiency_basis: EfficiencyBasis,
    pub efficiency_note: Option<String>,
    /// Operating hours in a month (decimal text, above 0, at most 744).
    pub hours_per_month: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocSource {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: SourceKind,
    pub limit_mg_m3: Option<String>,
    pub target_mg_m3: Option<String>,
    pub capture_pct: String,
    pub removal_pct: String,
    pub efficiency_basis: EfficiencyBasis,
    pub efficiency_note: String,
    pub hours_per_month: String,
    pub voided: bool,
}

impl VocSource {
    pub(crate) fn capture(&self) -> Result<Decimal> {
        decimal("capture_pct", &self.capture_pct)
    }
    pub(crate) fn removal(&self) -> Result<Decimal> {
        decimal("removal_pct", &self.removal_pct)
    }
    pub(crate) fn hours(&self) -> Result<Decimal> {
        decimal("hours_per_month", &self.hours_per_month)
    }
    pub(crate) fn limit(&self) -> Result<Option<Decimal>> {
        self.limit_mg_m3.as_deref().map(|t| decimal("limit_mg_m3", t)).transpose()
    }
    pub(crate) fn target(&self) -> Result<Option<Decimal>> {
        self.target_mg_m3.as_deref().map(|t| decimal("target_mg_m3", t)).transpose()
    }
}

fn limit(field: &'static str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => Ok(Some(positive(field, t, 100_000, "mg/m³")?.text())),
    }
}

/// Adds a source (Admin or EHS officer). The code is unique among live sources.
pub fn add_source(store: &mut Store, actor: &Session, input: NewVocSource, now: DateTime<Utc>) -> Result<VocSource> {
    actor.require(WRITERS)?;
    let code = crate::text::identifier("code", "the source code", &input.code, 40)?;
    let name = crate::text::identifier("name", "the source name", &input.name, 200)?;
    let limit_mg_m3 = limit("limit_mg_m3", input.limit_mg_m3.as_deref())?;
    let target_mg_m3 = limit("target_mg_m3", input.target_mg_m3.as_deref())?;
    let capture = percent("capture_pct", &input.capture_pct, false)?;
    let removal = percent("removal_pct", &input.removal_pct, false)?;
    let hours = positive("hours_per_month", &input.hours_per_month, MAX_MONTH_HOURS, "h")?;
    let efficiency_note = note("efficiency_note", input.efficiency_note.as_deref(), 500)?;
    let tx = store.write_tx()?;
    if tx
        .query_row("SELECT 1 FROM voc_source WHERE code = ?1 AND voided_at IS NULL", [&code], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("code", crate::msg::air::voc_source_code_already(&code)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_source (id, code, name, kind, limit_mg_m3, target_mg_m3, capture_pct, removal_pct,
            efficiency_basis, efficiency_note, hours_per_month, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            code,
            name,
            input.kind,
            limit_mg_m3,
            target_mg_m3,
            capture.text(),
            removal.text(),
            input.efficiency_basis,
            efficiency_note,
            hours.text(),
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_source", &id, None, None)?;
    let s = by_id(&tx, &id)?;
    tx.commit()?;
    Ok(s)
}

const SELECT: &str = "SELECT id, code, name, kind, limit_mg_m3, target_mg_m3, capture_pct, removal_pct,
    efficiency_basis, efficiency_note, hours_per_month, voided_at FROM voc_source";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<VocSource> {
    Ok(VocSource {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        limit_mg_m3: r.get(4)?,
        target_mg_m3: r.get(5)?,
        capture_pct: r.get(6)?,
        removal_pct: r.get(7)?,
        efficiency_basis: r.get(8)?,
        efficiency_note: r.get(9)?,
        hours_per_month: r.get(10)?,
        voided: r.get::<_, Option<String>>(11)?.is_some(),
    })
}

/// A source by id (live or voided: old ledger lines keep theirs).
pub fn by_id(conn: &Connection, id: &str) -> Result<VocSource> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], map)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "VOC source", id: id.into() })
}

/// A live source by id or code, naming `field` when there is none.
pub fn find(conn: &Connection, field: &'static str, key: &str) -> Result<VocSource> {
    let key = key.trim();
    conn.query_row(&format!("{SELECT} WHERE (id = ?1 OR code = ?1) AND voided_at IS NULL"), [key], map)
        .optional()?
        .ok_or_else(|| Error::invalid(field, crate::msg::air::no_voc_source(&crate::text::shown(key))))
}

/// Live sources by code.
pub fn list(conn: &Connection) -> Result<Vec<VocSource>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE voided_at IS NULL ORDER BY code"))?;
    let rows = stmt.query_map([], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
