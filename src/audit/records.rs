//! Proves the records against the audit trail, not only the trail against itself.
//!
//! The chain ([`super::verify`]) proves the audit rows were not edited; this module proves the
//! record tables still hold what the audit rows say: every row of every record table equals the
//! `after` of its latest audit row (encoded by the same [`super::snapshot::row_value`] the
//! writer used, so redacted secrets compare as redacted), every record the trail names is
//! present, and every row has at least one audit row. A change made behind the app's back —
//! raw SQL after dropping a trigger, a deleted row, a row inserted without an audit row, a
//! quantity changed with the day totals patched to match — is named here by table, record id
//! and field.
//!
//! It streams: one pass per table over the rows in `id` order (the primary-key index) merged
//! with one pass over that table's audit rows in `(record_id, seq)` order (the `audit_log_record`
//! index, whose entries end in `seq`), so memory stays at one row of each whatever the size.
//! It reads and writes nothing else and never changes the database.

use super::snapshot::row_value;
use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

/// Every table whose rows are records written through `audit::record` (keyed by `id`). A new
/// record table goes here; a test fails while a table of the schema is in neither list.
pub const RECORD_TABLES: &[&str] = &[
    "plant",
    "plant_headcount",
    "app_user",
    "plant_setting",
    "work_calendar_day",
    "waste_stream",
    "waste_generation",
    "storage_facility",
    "waste_movement",
    "counterparty",
    "counterparty_licence",
    "shipment",
    "shipment_line",
    "shipment_receipt",
    "shipment_receipt_line",
    "waste_own_treatment",
    "sw_stream",
    "sw_record",
    "generation_point",
    "storage_incompatibility",
    "transfer_approval",
    "transfer_plan",
    "waste_label",
    "plant_key",
    "sync_packet",
    "water_outfall",
    "water_param",
    "water_limit",
    "water_cap",
    "water_batch",
    "water_reading_void",
    "hazard",
    "hazard_event",
    "inspection_template",
    "inspection_schedule",
    "inspection_round",
    "hazard_photo",
    "outbox",
    "outbox_attachment",
    "outbox_event",
    "sync_hq_key",
    "sync_return",
    "sync_schedule_hold",
    "voc_source",
    "voc_material",
    "voc_usage",
    "voc_waste_content",
    "voc_test",
    "voc_coated_area",
    "backup_log",
];

/// The record tables of an HQ database (`db/hq/`).
pub const HQ_RECORD_TABLES: &[&str] = &[
    "app_user",
    "hq_org",
    "hq_setting",
    "hq_segment",
    "hq_plant",
    "hq_plant_key",
    "hq_year",
    "hq_history",
    "hq_import",
    "hq_review",
    "hq_key",
    "outbox",
    "outbox_attachment",
    "outbox_event",
];

/// The HQ tables that hold no audited records, and what proves them instead.
pub const HQ_UNAUDITED_TABLES: &[(&str, &str)] = &[
    ("audit_log", "the trail itself: proved by the hash chain (`audit::verify`)"),
    ("schema_migrations", "the migration runner's checksums, checked at every open"),
    (
        "hq_packet",
        "bulk ingestion: insert-only, each body's hash in its audited import's content hash (`hq::store::check`)",
    ),
    ("hq_packet_month", "derived from each packet's signed envelope, re-derived by `hq::store::check`"),
    ("hq_anchor_break", "derived from the packets' anchors, re-derived by `hq::store::check`"),
    ("hq_import_item", "insert-only log of an audited import run (its counts are in the run's audit row)"),
    ("hq_week", "cache, re-derived by `hq::store::check`"),
    ("hq_week_mask", "cache of hq_week per plant and ISO year, re-derived by `hq::store::check`"),
    ("hq_plant_year", "cache, re-derived by `hq::store::check`"),
];

/// The record tables of the database `conn` is open on (plant or HQ).
pub fn record_tables(conn: &Connection) -> Result<&'static [&'static str]> {
    let id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    Ok(if id == crate::db::HQ_APPLICATION_ID { HQ_RECORD_TABLES } else { RECORD_TABLES })
}

/// Records a migration ships (defaults a plant may void but that no user wrote): they have no
/// audit row; the migration's checksum, checked at every open, proves them. Listed by exact id,
/// so a row slipped in behind the app's back under a look-alike id is still "not audited".
pub const SEEDED_RECORDS: &[(&str, &str)] = &[
    ("storage_incompatibility", "incompat-default-1"),
    ("storage_incompatibility", "incompat-default-2"),
    ("storage_incompatibility", "incompat-default-3"),
    ("storage_incompatibility", "incompat-default-4"),
    ("storage_incompatibility", "incompat-default-5"),
];

fn seeded(table: &str, id: &str) -> bool {
    SEEDED_RECORDS.iter().any(|(t, i)| *t == table && *i == id)
}

/// The tables that hold no audited records, and what proves them instead.
pub const UNAUDITED_TABLES: &[(&str, &str)] = &[
    ("audit_log", "the trail itself: proved by the hash chain (`audit::verify`)"),
    ("schema_migrations", "the migration runner's checksums, checked at every open"),
    ("hw_category", "reference data loaded by migration 0003"),
    ("hw_code", "reference data loaded by migration 0003"),
    ("waste_method_route", "reference data loaded by migration 0006"),
    ("waste_generation_day", "trigger-kept cache, re-derived by `generation::check_day_totals`"),
    (
        "water_reading",
        "bulk ingestion: insert-only rows of an audited water_batch (its counts and content hash in the batch's audit row)",
    ),
    ("hazard_reminder", "marker of the notices queued per hazard deadline; the outbox rows it names are audited"),
    ("hazard_state", "cache of each hazard's events, re-derived by `hazards::hazard::check`"),
    ("water_online_day", "cache of the online readings per day, re-derived by `water::online::check`"),
    ("water_series_hour", "cache of the valid readings per hour for the chart, re-derived by `water::online::check`"),
    ("water_exceedance", "insert-only findings of an audited water_batch's readings (each names its batch)"),
    ("waste_container_stock", "trigger-kept cache, re-derived by `storage::totals::check`"),
    ("waste_storage_day", "trigger-kept cache, re-derived by `storage::totals::check`"),
    ("waste_storage_balance", "trigger-kept cache, re-derived by `storage::totals::check`"),
    ("shipment_unconfirmed", "trigger-kept cache, re-derived by `shipment::check_unconfirmed`"),
];

/// What [`verify_records`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordsReport {
    pub tables_checked: usize,
    /// Rows of the record tables read.
    pub records_checked: i64,
    /// Audit rows read (every row of the trail when nothing names an unknown table).
    pub audit_rows_read: i64,
    /// How many records differ in any way (0 when the records are proved).
    pub records_differing: i64,
    /// The first record that differs: tables in [`RECORD_TABLES`] order, then record id.
    pub first_difference: Option<RecordDifference>,
}

/// One record that does not match the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordDifference {
    pub table: String,
    pub record_id: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The row differs from the `after` of its latest audit row `seq`, in these fields.
    Changed { seq: i64, fields: Vec<FieldChange> },
    /// The trail records the record (latest audit row `seq`) but the table has no such row.
    Missing { seq: i64 },
    /// The table has the row but no audit row names it (inserted behind the app's back).
    NotAudited,
    /// Audit row `seq` names a table that holds no audited records.
    UnknownTable { seq: i64 },
}

/// One field of a changed record: the audited value (`None`: the snapshot has no such field)
/// and the value stored now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub audited: Option<Value>,
    pub stored: Value,
}

impl fmt::Display for RecordDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (table, id) = (&self.table, &self.record_id);
        match &self.problem {
            Problem::Changed { seq, fields } => {
                write!(f, "{table} {id} differs from its latest audit row (#{seq}): ")?;
                for (i, c) in fields.iter().enumerate() {
                    let old = c.audited.as_ref().map_or_else(|| "(not in the snapshot)".to_string(), Value::to_string);
                    write!(f, "{}{} {old} → {}", if i > 0 { ", " } else { "" }, c.field, c.stored)?;
                }
                Ok(())
            }
            Problem::Missing { seq } => {
                write!(f, "{table} {id} is missing: the audit trail records it (latest row #{seq}), the table has no such row")
            }
            Problem::NotAudited => {
                write!(f, "{table} {id} is not in the audit trail: the row was written without an audit row")
            }
            Problem::UnknownTable { seq } => {
                write!(f, "audit row #{seq} names {table} {id}, but {table} is not a record table")
            }
        }
    }
}

/// Proves every record table against the audit trail (see the module docs). Read-only; run it
/// after [`super::verify`] has proved the chain, since it trusts the audit rows it reads.
pub fn verify_records(conn: &Connection) -> Result<RecordsReport> {
    let mut report = RecordsReport {
        tables_checked: 0,
        records_checked: 0,
        audit_rows_read: 0,
        records_differing: 0,
        first_difference: None,
    };
    let tables = record_tables(conn)?;
    for table in tables {
        check_table(conn, table, &mut report)?;
        report.tables_checked += 1;
    }
    // Every audit row was read above unless one names a table outside the list. The chain makes
    // seq run 1..n, so max(seq) is the row count without a scan; only a mismatch looks further.
    let rows: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0))?;
    if rows != report.audit_rows_read {
        let known = tables.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT seq, table_name, record_id FROM audit_log WHERE table_name NOT IN ({known}) ORDER BY seq"
        ))?;
        let mut unknown = stmt.query([])?;
        while let Some(r) = unknown.next()? {
            report.audit_rows_read += 1;
            note(
                &mut report,
                RecordDifference {
                    table: r.get(1)?,
                    record_id: r.get(2)?,
                    problem: Problem::UnknownTable { seq: r.get(0)? },
                },
            );
        }
    }
    Ok(report)
}

/// The start-up check of the records, O(n log N) however large the file: each record named by
/// the newest `n` audit rows equals its latest audit row (or is reported missing), and the
/// newest `n` rows of each record table by rowid — where an insert lands — have an audit row.
/// A change to an older record is left to [`verify_records`], the whole proof.
pub fn verify_recent_records(conn: &Connection, n: i64) -> Result<RecordsReport> {
    let mut report = RecordsReport {
        tables_checked: 0,
        records_checked: 0,
        audit_rows_read: 0,
        records_differing: 0,
        first_difference: None,
    };
    let tables = record_tables(conn)?;
    let mut comparers: HashMap<&'static str, Comparer<'_>> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT seq, table_name, record_id, after_json FROM audit_log
         WHERE seq > (SELECT coalesce(max(seq), 0) FROM audit_log) - ?1 ORDER BY seq DESC",
    )?;
    let mut rows = stmt.query([n.max(0)])?;
    while let Some(r) = rows.next()? {
        report.audit_rows_read += 1;
        let (seq, table, record_id): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if !seen.insert((table.clone(), record_id.clone())) {
            continue; // an older audit row of a record already compared with its latest
        }
        let Some(table) = tables.iter().copied().find(|t| *t == table) else {
            note(&mut report, RecordDifference { table, record_id, problem: Problem::UnknownTable { seq } });
            continue;
        };
        report.records_checked += 1;
        let problem = match super::row_json(conn, table, &record_id)? {
            None => Some(Problem::Missing { seq }),
            Some(stored) => {
                let after: Option<String> = r.get(3)?;
                let cmp = comparers.entry(table).or_insert_with(|| Comparer::new(conn, table));
                let fields = cmp.differences(&stored, after.as_deref())?;
                (!fields.is_empty()).then_some(Problem::Changed { seq, fields })
            }
        };
        if let Some(problem) = problem {
            note(&mut report, RecordDifference { table: table.into(), record_id, problem });
        }
    }
    for table in tables {
        let mut newest = conn.prepare(&format!(
            "SELECT t.id FROM {table} t WHERE NOT EXISTS
                 (SELECT 1 FROM audit_log a WHERE a.table_name = ?1 AND a.record_id = t.id)
             AND t.rowid > (SELECT coalesce(max(rowid), 0) FROM {table}) - ?2 ORDER BY t.rowid"
        ))?;
        let mut rows = newest.query(rusqlite::params![table, n.max(0)])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if !seeded(table, &id) {
                note(
                    &mut report,
                    RecordDifference { table: (*table).into(), record_id: id, problem: Problem::NotAudited },
                );
            }
        }
        report.tables_checked += 1;
    }
    Ok(report)
}

fn note(report: &mut RecordsReport, d: RecordDifference) {
    report.records_differing += 1;
    if report.first_difference.is_none() {
        report.first_difference = Some(d);
    }
}

/// The latest audit row of one record: (record id, seq, after_json).
type Latest = (String, i64, Option<String>);

/// Merges the table's rows (by id) with the latest audit row of each record (by record id).
fn check_table(conn: &Connection, table: &'static str, report: &mut RecordsReport) -> Result<()> {
    let mut row_stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
    let names: Vec<String> = row_stmt.column_names().map(str::to_owned).collect();
    let id_col = names.iter().position(|n| n == "id").unwrap_or(0);
    let mut rows = row_stmt.query([])?;
    let mut next_row = || -> Result<Option<(String, Value)>> {
        match rows.next()? {
            None => Ok(None),
            Some(r) => Ok(Some((r.get(id_col)?, row_value(&names, r)?))),
        }
    };
    let mut audit_stmt =
        conn.prepare("SELECT record_id, seq, after_json FROM audit_log WHERE table_name = ?1 ORDER BY record_id, seq")?;
    let mut audits = audit_stmt.query([table])?;
    let mut ahead: Option<Latest> = None;
    let mut audit_rows = 0i64;
    let mut next_latest = || -> Result<Option<Latest>> {
        let mut latest = ahead.take();
        while let Some(r) = audits.next()? {
            audit_rows += 1;
            let row: Latest = (r.get(0)?, r.get(1)?, r.get(2)?);
            match &latest {
                Some(l) if l.0 != row.0 => {
                    ahead = Some(row);
                    return Ok(latest);
                }
                _ => latest = Some(row),
            }
        }
        Ok(latest)
    };
    let mut cmp = Comparer::new(conn, table);
    let mut row = next_row()?;
    let mut latest = next_latest()?;
    loop {
        let order = match (&row, &latest) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((id, _)), Some((rid, _, _))) => id.as_str().cmp(rid.as_str()),
        };
        match order {
            Ordering::Less => {
                let (id, _) = row.take().unwrap_or_default();
                report.records_checked += 1;
                if !seeded(table, &id) {
                    note(report, RecordDifference { table: table.into(), record_id: id, problem: Problem::NotAudited });
                }
                row = next_row()?;
            }
            Ordering::Greater => {
                let (rid, seq, _) = latest.take().unwrap_or_default();
                note(
                    report,
                    RecordDifference { table: table.into(), record_id: rid, problem: Problem::Missing { seq } },
                );
                latest = next_latest()?;
            }
            Ordering::Equal => {
                let (id, stored) = row.take().unwrap_or_default();
                let (_, seq, after) = latest.take().unwrap_or_default();
                report.records_checked += 1;
                let fields = cmp.differences(&stored, after.as_deref())?;
                if !fields.is_empty() {
                    let problem = Problem::Changed { seq, fields };
                    note(report, RecordDifference { table: table.into(), record_id: id, problem });
                }
                row = next_row()?;
                latest = next_latest()?;
            }
        }
    }
    report.audit_rows_read += audit_rows;
    Ok(())
}

/// Compares a stored row with an audited snapshot. The fast path is byte equality of the
/// writer's encoding; otherwise the snapshot is parsed and compared field by field, where a
/// column the snapshot lacks (added by a later migration: existing records keep it empty) must
/// hold NULL or its declared default. Such columns are remembered, so the records written
/// before that migration take a second fast path instead of a parse each.
struct Comparer<'c> {
    conn: &'c Connection,
    table: &'static str,
    defaults: Option<HashMap<String, Value>>,
    late: Vec<String>,
}

impl<'c> Comparer<'c> {
    fn new(conn: &'c Connection, table: &'static str) -> Self {
        Comparer { conn, table, defaults: None, late: Vec::new() }
    }

    fn differences(&mut self, stored: &Value, after: Option<&str>) -> Result<Vec<FieldChange>> {
        let Some(after) = after else { return Ok(self.diff(stored, &Map::new())?.0) };
        if serde_json::to_string(stored)? == after {
            return Ok(Vec::new());
        }
        if !self.late.is_empty() {
            if let Value::Object(obj) = stored {
                let mut trimmed = obj.clone();
                for k in &self.late {
                    if trimmed.get(k).is_some_and(|v| self.is_empty_value(k, v)) {
                        trimmed.remove(k);
                    }
                }
                if serde_json::to_string(&trimmed)? == after {
                    return Ok(Vec::new());
                }
            }
        }
        let audited = match serde_json::from_str::<Value>(after) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let (fields, absent) = self.diff(stored, &audited)?;
        if fields.is_empty() && !absent.is_empty() {
            self.late = absent;
        }
        Ok(fields)
    }

    /// (fields that differ, columns absent from the snapshot and empty in the row).
    fn diff(&mut self, stored: &Value, audited: &Map<String, Value>) -> Result<(Vec<FieldChange>, Vec<String>)> {
        self.load_defaults()?;
        let mut fields = Vec::new();
        let mut absent = Vec::new();
        let Value::Object(stored) = stored else { return Ok((fields, absent)) };
        for (k, v) in stored {
            match audited.get(k) {
                Some(a) if a == v => {}
                Some(a) => fields.push(FieldChange { field: k.clone(), audited: Some(a.clone()), stored: v.clone() }),
                None if self.is_empty_value(k, v) => absent.push(k.clone()),
                None => fields.push(FieldChange { field: k.clone(), audited: None, stored: v.clone() }),
            }
        }
        // A snapshot field that is no longer a column of the table is a schema matter (the
        // migrations are checksummed), not a record that changed: it is not compared.
        Ok((fields, absent))
    }

    fn is_empty_value(&self, column: &str, v: &Value) -> bool {
        v.is_null() || self.defaults.as_ref().and_then(|d| d.get(column)).is_some_and(|d| d == v)
    }

    /// Each column's declared default, evaluated (once per table, on the first slow path).
    fn load_defaults(&mut self) -> Result<()> {
        if self.defaults.is_some() {
            return Ok(());
        }
        let mut stmt =
            self.conn.prepare(&format!("SELECT name, dflt_value FROM pragma_table_info('{}')", self.table))?;
        let cols: Vec<(String, Option<String>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut defaults = HashMap::new();
        for (name, dflt) in cols {
            let Some(expr) = dflt else { continue };
            let names = vec![name.clone()];
            if let Ok(Value::Object(mut m)) =
                self.conn.query_row(&format!("SELECT {expr} AS \"{name}\""), [], |r| row_value(&names, r))
            {
                if let Some(v) = m.remove(&name) {
                    defaults.insert(name, v);
                }
            }
        }
        self.defaults = Some(defaults);
        Ok(())
    }
}
