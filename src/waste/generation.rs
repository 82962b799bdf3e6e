//! The hazardous-waste generation ledger (HJ 1259-2022 Appendix B.1 产生环节): one entry per
//! container (or per day for piped waste). Entries are validated in full before anything is
//! written; a posted entry is never edited — a wrong one is voided with a reason (a trigger in
//! `db/0002` refuses any other update) and a new one recorded.

use super::appendix::{self, ContainerType, EntryDetails};
use super::{catalogue, stream};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit, MAX_ENTRY_G};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Batch-code prefix of generation entries (产生 → CS), as in HJ 1259-2022's example.
pub const BATCH_PREFIX: &str = "HWCS";

/// A generation entry as the user enters it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GenerationInput {
    /// The waste stream; or give `code` alone.
    pub stream_id: Option<String>,
    /// The catalogue code (`NNN-NNN-NN`); must match the stream's if both are given.
    pub code: Option<String>,
    /// The decimal text the user typed, in `unit`.
    pub quantity: String,
    pub unit: MassUnit,
    pub container_id: String,
    pub storage_area: String,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` means now.
    pub generated_at_local: Option<String>,
    /// The Appendix B fields: generation point, container type and count, handler.
    #[serde(default)]
    pub details: EntryDetails,
}

/// A stored generation entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GenerationEntry {
    pub id: String,
    pub batch_code: String,
    pub stream_id: Option<String>,
    pub stream_name: Option<String>,
    pub code: String,
    pub category: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    /// Exact kilograms, three decimals.
    pub quantity_kg: String,
    pub container_id: String,
    pub storage_area: String,
    pub generated_at_utc: String,
    /// Plant-local `YYYY-MM-DD HH:MM`.
    pub generated_at_local: String,
    pub recorded_by: String,
    pub recorded_by_name: String,
    pub voided: bool,
    pub void_reason: Option<String>,
    /// 产生危险废物设施编码, if recorded.
    pub generation_point_code: Option<String>,
    pub container_type: Option<ContainerType>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub container_count: Option<i64>,
    /// 产生部门经办人 and department, if recorded (apart from `recorded_by`, who typed it).
    pub handler: Option<String>,
    pub handler_dept: Option<String>,
}

/// Validated values, ready to insert.
struct Valid {
    stream_id: Option<String>,
    version: &'static str,
    code: String,
    quantity: Grams,
    unit: MassUnit,
    container_id: String,
    storage_area: String,
    generated_at: DateTime<Utc>,
    details: appendix::ValidDetails,
}

/// Longest container id or storage area, in characters.
pub const MAX_IDENTIFIER_CHARS: usize = 64;

fn text_field(field: &'static str, label: &str, value: &str) -> Result<String> {
    crate::text::identifier(field, label, value, MAX_IDENTIFIER_CHARS)
}

/// Checks a historical 产生批次编码 (the importer keeps them): the form [`next_batch_code`]
/// writes — `HWCS`, the plant-local generation date as `YYYYMMDD` (a real date, the entry's
/// own), a serial `001`–`999` — 15 characters. Anything else is refused saying what is wrong.
///
/// [`next_batch_code`]: super::next_batch_code
pub fn check_batch_code(code: &str, generated_on: NaiveDate) -> Result<()> {
    let bad = |why| Error::invalid("batch_code", why);
    crate::text::no_hidden_chars("batch_code", "the batch code", code)?;
    let shown = crate::text::shown(code);
    let expected = format!("{BATCH_PREFIX}{}", generated_on.format("%Y%m%d"));
    if !code.starts_with(BATCH_PREFIX) {
        return Err(bad(crate::msg::waste::batch_code_prefix(&shown, &BATCH_PREFIX, &expected)));
    }
    if code.chars().count() != 15 || !code[BATCH_PREFIX.len()..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(crate::msg::waste::batch_code_form(&shown, &BATCH_PREFIX, &expected)));
    }
    let date = &code[4..12];
    let Ok(day) = NaiveDate::parse_from_str(date, "%Y%m%d") else {
        return Err(bad(crate::msg::waste::batch_code_date(&shown, &date)));
    };
    if day != generated_on {
        return Err(bad(crate::msg::waste::batch_code_other_day(&shown, &day, &generated_on)));
    }
    if &code[12..] == "000" {
        return Err(bad(crate::msg::waste::batch_code_serial(&shown)));
    }
    Ok(())
}

/// Checks every field (in form order) against the database; writes nothing.
fn validate(conn: &Connection, tz: Tz, input: &GenerationInput, now: DateTime<Utc>) -> Result<Valid> {
    let generated_at = time::entered_or_now("generated_at", input.generated_at_local.as_deref(), tz, now)?;
    if generated_at
        < NaiveDate::from_ymd_opt(1990, 1, 1)
            .unwrap_or(NaiveDate::MIN)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
    {
        return Err(Error::invalid("generated_at", crate::msg::waste::dates_before_1990_not()));
    }
    let version = catalogue::edition_for(time::local_date(generated_at, tz));
    let stream = match input.stream_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => Some(stream::get(conn, "stream_id", id)?),
        _ => None,
    };
    let code_text = input.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let code = match (&stream, code_text) {
        (None, None) => return Err(Error::invalid("code", crate::msg::waste::choose_waste_stream_waste())),
        (Some(s), Some(c)) if catalogue::parse_code("code", c)?.code != s.code => {
            return Err(Error::invalid("code", crate::msg::waste::code_differs_from_streams(&c, &s.code)))
        }
        (Some(s), _) => catalogue::lookup(conn, "stream_id", &s.code, version)?,
        (None, Some(c)) => catalogue::lookup(conn, "code", c, version)?,
    };
    let quantity = Grams::parse(&input.quantity, input.unit).map_err(|e| Error::invalid("quantity", e.0))?;
    if quantity.0 <= 0 {
        return Err(Error::invalid("quantity", crate::msg::common::must_be_positive()));
    }
    if quantity.0 > MAX_ENTRY_G {
        return Err(Error::invalid(
            "quantity",
            crate::msg::waste::over_1_000_t(&input.quantity.trim(), &input.unit.as_str()),
        ));
    }
    let container_id = text_field("container_id", "container id", &input.container_id)?;
    let storage_area = text_field("storage_area", "storage area", &input.storage_area)?;
    let details = appendix::valid_details(conn, &input.details)?;
    Ok(Valid {
        stream_id: stream.map(|s| s.id),
        version,
        code: code.code,
        quantity,
        unit: input.unit,
        container_id,
        storage_area,
        generated_at,
        details,
    })
}

/// Records a generation entry. Admins and EHS officers. All or nothing: a refused entry writes
/// neither a record nor an audit row.
pub fn record(
    store: &mut Store,
    actor: &Session,
    input: GenerationInput,
    now: DateTime<Utc>,
) -> Result<GenerationEntry> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let plant = crate::plant::require(&tx)?;
    let tz = plant.tz()?;
    let id = record_in(&tx, tz, actor, &input, None, now)?;
    let entry = get(&tx, tz, &id)?;
    tx.commit()?;
    Ok(entry)
}

/// Validates and inserts one entry inside the caller's transaction (the importer posts many
/// this way, all or none). `batch_code` keeps a historical code; `None` assigns the next one.
pub(crate) fn record_in(
    tx: &Connection,
    tz: Tz,
    actor: &Session,
    input: &GenerationInput,
    batch_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    let v = validate(tx, tz, input, now)?;
    let id = new_id();
    let batch = match batch_code {
        Some(b) => {
            check_batch_code(b, time::local_date(v.generated_at, tz))?;
            let taken: bool = tx
                .query_row("SELECT 1 FROM waste_generation WHERE batch_code = ?1", [b], |_| Ok(()))
                .optional()?
                .is_some();
            if taken {
                return Err(Error::invalid("batch_code", crate::msg::waste::batch_code_already_ledger(&b)));
            }
            b.to_string()
        }
        None => super::next_batch_code(tx, "waste_generation", "", BATCH_PREFIX, time::local_date(v.generated_at, tz))?,
    };
    tx.execute(
        "INSERT INTO waste_generation (id, batch_code, stream_id, catalogue_version, code, quantity_g, entered_unit,
            container_id, storage_area, generated_at, generated_local_date, recorded_by, recorded_at,
            generation_point_id, container_type, container_count, handler, handler_dept)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            id,
            batch,
            v.stream_id,
            v.version,
            v.code,
            v.quantity.0,
            v.unit.as_str(),
            v.container_id,
            v.storage_area,
            time::to_db(v.generated_at),
            time::local_date(v.generated_at, tz).to_string(),
            actor.user_id,
            time::to_db(now),
            v.details.point_id,
            v.details.container_type,
            v.details.container_count,
            v.details.handler,
            v.details.handler_dept
        ],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "waste_generation", &id, None, None)?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VoidInput {
    pub id: String,
    pub reason: String,
}

/// Voids an entry with a reason. The entry stays, struck through, with who and why.
pub fn void(store: &mut Store, actor: &Session, input: VoidInput, now: DateTime<Utc>) -> Result<GenerationEntry> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = input.reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::waste::say_why_entry_voided()));
    }
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let current = get(&tx, tz, &input.id)?;
    if current.voided {
        return Err(Error::Conflict(crate::msg::common::already_voided(&current.batch_code)));
    }
    audit::void_row(&tx, now, &actor.user_id, "waste_generation", &input.id, reason)?;
    let entry = get(&tx, tz, &input.id)?;
    tx.commit()?;
    Ok(entry)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum LedgerSort {
    #[default]
    GeneratedAtDesc,
    GeneratedAtAsc,
    QuantityDesc,
    QuantityAsc,
}

impl LedgerSort {
    fn order_by(self) -> &'static str {
        match self {
            // rowid breaks ties: every index ends in it, so the order comes from the index.
            LedgerSort::GeneratedAtDesc => "g.generated_at DESC, g.rowid DESC",
            LedgerSort::GeneratedAtAsc => "g.generated_at ASC, g.rowid ASC",
            LedgerSort::QuantityDesc => "g.quantity_g DESC, g.rowid DESC",
            LedgerSort::QuantityAsc => "g.quantity_g ASC, g.rowid ASC",
        }
    }
}

/// A page of the ledger: filters by plant-local period, stream and code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LedgerQuery {
    /// First plant-local day, inclusive (`YYYY-MM-DD`).
    pub from_date: Option<String>,
    /// Last plant-local day, inclusive.
    pub to_date: Option<String>,
    pub stream_id: Option<String>,
    pub code: Option<String>,
    pub include_voided: bool,
    pub sort: LedgerSort,
    /// 0-based.
    pub page: u32,
    pub page_size: u32,
}

impl Default for LedgerQuery {
    fn default() -> Self {
        LedgerQuery {
            from_date: None,
            to_date: None,
            stream_id: None,
            code: None,
            include_voided: false,
            sort: LedgerSort::default(),
            page: 0,
            page_size: 50,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LedgerPage {
    pub rows: Vec<GenerationEntry>,
    /// Entries matching the filters (all pages).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
    /// Their mass, exact kilograms with three decimals.
    pub total_kg: String,
    pub page: u32,
    pub page_size: u32,
}

/// Largest page the list returns.
pub const MAX_PAGE_SIZE: u32 = 500;

const SELECT: &str = "SELECT g.id, g.batch_code, g.stream_id, s.name, g.code, 'HW' || substr(g.code, 9, 2), g.quantity_g,
        g.container_id, g.storage_area, g.generated_at, g.recorded_by, u.display_name, g.voided_at IS NOT NULL, g.void_reason,
        p.code, g.container_type, g.container_count, g.handler, g.handler_dept
    FROM waste_generation g
    LEFT JOIN waste_stream s ON s.id = g.stream_id
    LEFT JOIN generation_point p ON p.id = g.generation_point_id
    JOIN app_user u ON u.id = g.recorded_by";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<(GenerationEntry, String)> {
    let at: String = r.get(9)?;
    let q: i64 = r.get(6)?;
    Ok((
        GenerationEntry {
            id: r.get(0)?,
            batch_code: r.get(1)?,
            stream_id: r.get(2)?,
            stream_name: r.get(3)?,
            code: r.get(4)?,
            category: r.get(5)?,
            quantity_g: q,
            quantity_kg: Grams(q).kg_string(),
            container_id: r.get(7)?,
            storage_area: r.get(8)?,
            generated_at_utc: at.clone(),
            generated_at_local: String::new(), // filled by `finish`, which may fail
            recorded_by: r.get(10)?,
            recorded_by_name: r.get(11)?,
            voided: r.get(12)?,
            void_reason: r.get(13)?,
            generation_point_code: r.get(14)?,
            container_type: r.get(15)?,
            container_count: r.get(16)?,
            handler: r.get(17)?,
            handler_dept: r.get(18)?,
        },
        at,
    ))
}

fn finish(tz: Tz, (mut e, at): (GenerationEntry, String)) -> Result<GenerationEntry> {
    e.generated_at_local = time::utc_to_local_string(time::from_db(&at)?, tz);
    Ok(e)
}

/// One entry by id.
pub fn get(conn: &Connection, tz: Tz, id: &str) -> Result<GenerationEntry> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE g.id = ?1"))?;
    let row = stmt.query_row([id], map).optional()?;
    finish(tz, row.ok_or_else(|| Error::NotFound { what: "generation entry", id: id.to_string() })?)
}

/// A page of the ledger.
pub fn list(conn: &Connection, q: &LedgerQuery) -> Result<LedgerPage> {
    let tz = crate::plant::require(conn)?.tz()?;
    let mut wheres: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if !q.include_voided {
        wheres.push("g.voided_at IS NULL");
    }
    let from = q
        .from_date
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|d| time::parse_date("from_date", d))
        .transpose()?;
    let to =
        q.to_date.as_deref().filter(|s| !s.trim().is_empty()).map(|d| time::parse_date("to_date", d)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Error::invalid("to_date", crate::msg::common::end_before_start(&t, &f)));
        }
    }
    if let Some(f) = from {
        wheres.push("g.generated_at >= ?");
        args.push(SqlValue::Text(time::to_db(time::local_day_start_utc(f, tz))));
    }
    if let Some(t) = to {
        let next = t.succ_opt().ok_or_else(|| Error::invalid("to_date", crate::msg::waste::date_out_range()))?;
        wheres.push("g.generated_at < ?");
        args.push(SqlValue::Text(time::to_db(time::local_day_start_utc(next, tz))));
    }
    if let Some(s) = q.stream_id.as_deref().filter(|s| !s.trim().is_empty()) {
        wheres.push("g.stream_id = ?");
        args.push(SqlValue::Text(s.trim().to_string()));
    }
    if let Some(c) = q.code.as_deref().filter(|s| !s.trim().is_empty()) {
        let parts = catalogue::parse_code("code", c)?;
        wheres.push("g.code = ?");
        args.push(SqlValue::Text(parts.code));
    }
    let where_sql = if wheres.is_empty() { String::new() } else { format!(" WHERE {}", wheres.join(" AND ")) };
    let (total, total_g) = day_totals(conn, from, to, q)?;
    let page_size = q.page_size.clamp(1, MAX_PAGE_SIZE);
    let sql = format!(
        "{SELECT}{where_sql} ORDER BY {} LIMIT {} OFFSET {}",
        q.sort.order_by(),
        page_size,
        u64::from(q.page) * u64::from(page_size)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), map)?;
    let rows = rows.map(|r| finish(tz, r?)).collect::<Result<Vec<_>>>()?;
    Ok(LedgerPage { rows, total, total_kg: Grams(total_g).kg_string(), page: q.page, page_size })
}

/// Count and mass of the entries matching `q`, from the per-day totals (never a scan of the
/// entries: a period of ten years is a few thousand day rows).
fn day_totals(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    q: &LedgerQuery,
) -> Result<(i64, i64)> {
    let mut wheres: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(f) = from {
        wheres.push("local_date >= ?");
        args.push(SqlValue::Text(f.to_string()));
    }
    if let Some(t) = to {
        wheres.push("local_date <= ?");
        args.push(SqlValue::Text(t.to_string()));
    }
    if let Some(s) = q.stream_id.as_deref().filter(|s| !s.trim().is_empty()) {
        wheres.push("stream_key = ?");
        args.push(SqlValue::Text(s.trim().to_string()));
    }
    if let Some(c) = q.code.as_deref().filter(|s| !s.trim().is_empty()) {
        wheres.push("code = ?");
        args.push(SqlValue::Text(catalogue::parse_code("code", c)?.code));
    }
    let (count, grams) =
        if q.include_voided { ("live_count + voided_count", "live_g + voided_g") } else { ("live_count", "live_g") };
    let where_sql = if wheres.is_empty() { String::new() } else { format!(" WHERE {}", wheres.join(" AND ")) };
    let sql =
        format!("SELECT coalesce(sum({count}), 0), coalesce(sum({grams}), 0) FROM waste_generation_day{where_sql}");
    Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(args.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Checks the per-day totals cache against the entries themselves. Returns the first
/// disagreeing (day, stream, code) or `None` when they agree.
pub fn check_day_totals(conn: &Connection) -> Result<Option<String>> {
    const DERIVED: &str = "SELECT generated_local_date, coalesce(stream_id, ''), code,
            sum(voided_at IS NULL), sum(CASE WHEN voided_at IS NULL THEN quantity_g ELSE 0 END),
            sum(voided_at IS NOT NULL), sum(CASE WHEN voided_at IS NULL THEN 0 ELSE quantity_g END)
        FROM waste_generation GROUP BY 1, 2, 3";
    const CACHED: &str = "SELECT local_date, stream_key, code, live_count, live_g, voided_count, voided_g
        FROM waste_generation_day WHERE live_count <> 0 OR voided_count <> 0";
    for (a, b, what) in [(DERIVED, CACHED, "missing from"), (CACHED, DERIVED, "wrong in")] {
        let diff: Option<(String, String, String)> = conn
            .query_row(&format!("{a} EXCEPT {b} LIMIT 1"), [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((day, stream, code)) = diff {
            return Ok(Some(format!("day totals {what} the cache for {day} stream '{stream}' code {code}")));
        }
    }
    Ok(None)
}
