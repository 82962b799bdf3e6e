//! The append-only, hash-chained audit trail.
//!
//! Every insert, update and void of any record calls [`append`] inside the same transaction as
//! the change, so a rolled-back change leaves no audit row and a committed one always has one.
//! Each row's hash covers its own fields and the previous row's hash; [`verify`] walks the chain
//! and names the first row where it breaks. Triggers in `db/0001_core.sql` refuse UPDATE and
//! DELETE on `audit_log`, so the app cannot rewrite history; the chain catches anyone who edits
//! the file by other means. (Truncating the newest rows is caught once a weekly packet has
//! signed the chain head.) [`verify_records`] then proves the records themselves against the
//! trail: each row equals its latest audit snapshot, and no record is missing or unaudited.

use crate::error::{Error, Result};
use crate::time;

pub mod records;
pub mod snapshot;
use chrono::{DateTime, Utc};
pub use records::{
    verify_recent_records, verify_records, FieldChange, Problem, RecordDifference, RecordsReport, RECORD_TABLES,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
pub(crate) use snapshot::{require_row_json, row_json};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many of the newest audit rows (and newest rows per record table) the start-up check
/// ([`verify_tail`] + [`verify_recent_records`]) covers; the whole proof is scheduled apart.
pub const STARTUP_RECENT: u32 = 10_000;

/// Who made a change: a user id, or `system` for migrations and start-up.
pub const SYSTEM_ACTOR: &str = "system";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Insert,
    Update,
    Void,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Void => "void",
        }
    }
}

/// One change to record.
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: Action,
    pub table: &'a str,
    pub record_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

/// A stored audit row.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at_utc: String,
    pub actor: String,
    pub action: String,
    pub table_name: String,
    pub record_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The hash this row must carry given its fields and `prev_hash`.
    pub fn expected_hash(&self) -> String {
        chain_hash(
            &self.prev_hash,
            self.seq,
            &self.at_utc,
            &self.actor,
            &self.action,
            &self.table_name,
            &self.record_id,
            self.before_json.as_deref(),
            self.after_json.as_deref(),
            self.reason.as_deref(),
        )
    }
}

/// SHA-256 over length-prefixed fields (so no two field lists share an encoding).
#[allow(clippy::too_many_arguments)]
fn chain_hash(
    prev_hash: &str,
    seq: i64,
    at_utc: &str,
    actor: &str,
    action: &str,
    table: &str,
    record_id: &str,
    before: Option<&str>,
    after: Option<&str>,
    reason: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    let seq = seq.to_string();
    let fields: [Option<&str>; 10] = [
        Some(prev_hash),
        Some(&seq),
        Some(at_utc),
        Some(actor),
        Some(action),
        Some(table),
        Some(record_id),
        before,
        after,
        reason,
    ];
    for f in fields {
        match f {
            // 0xFF marks NULL; otherwise 8-byte big-endian length, then the bytes.
            None => h.update([0xFF]),
            Some(s) => {
                h.update([0x00]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}

/// Appends one audit row; call it inside the transaction that makes the change.
pub fn append(conn: &Connection, now: DateTime<Utc>, change: Change<'_>) -> Result<i64> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let before = change.before.as_ref().map(serde_json::to_string).transpose()?;
    let after = change.after.as_ref().map(serde_json::to_string).transpose()?;
    let row = AuditRow {
        seq,
        at_utc: time::to_db_millis(now),
        actor: change.actor.to_string(),
        action: change.action.as_str().to_string(),
        table_name: change.table.to_string(),
        record_id: change.record_id.to_string(),
        before_json: before,
        after_json: after,
        reason: change.reason.map(str::to_string),
        prev_hash,
        hash: String::new(),
    };
    let hash = row.expected_hash();
    conn.execute(
        "INSERT INTO audit_log (seq, at_utc, actor, action, table_name, record_id, before_json, after_json, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            row.seq, row.at_utc, row.actor, row.action, row.table_name, row.record_id,
            row.before_json, row.after_json, row.reason, row.prev_hash, hash
        ],
    )?;
    Ok(seq)
}

/// Audits a change to row `id` of `table` that was just written in `conn`'s transaction: the
/// row is read back as the audit's `after`; `before` is the snapshot taken before the write
/// (`None` for an insert). Every store function ends its write with this call.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &str,
    action: Action,
    table: &'static str,
    id: &str,
    before: Option<serde_json::Value>,
    reason: Option<&str>,
) -> Result<i64> {
    let after = require_row_json(conn, table, id)?;
    append(conn, now, Change { actor, action, table, record_id: id, before, after: Some(after), reason })
}

/// Voids row `id` of `table` (a record table with `voided_at`, `voided_by`, `void_reason`) once,
/// and audits it with the row before and after. The caller has checked its own rules; a row
/// that is missing or already voided is refused here too.
pub(crate) fn void_row(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &str,
    table: &'static str,
    id: &str,
    reason: &str,
) -> Result<()> {
    let before = row_json(conn, table, id)?;
    let n = conn.execute(
        &format!(
            "UPDATE {table} SET voided_at = ?2, voided_by = ?3, void_reason = ?4 WHERE id = ?1 AND voided_at IS NULL"
        ),
        params![id, time::to_db(now), actor, reason],
    )?;
    if n == 0 {
        return Err(Error::Conflict(crate::msg::audit::missing_already_voided(&table, &id)));
    }
    record(conn, now, actor, Action::Void, table, id, before, Some(reason))?;
    Ok(())
}

/// Result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub rows_checked: i64,
    /// The newest hash (the chain head), if any rows exist.
    pub head: Option<String>,
    pub first_broken: Option<BrokenRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenRow {
    pub seq: i64,
    pub reason: String,
}

/// Walks the whole chain in order and reports the first row where it breaks.
pub fn verify(conn: &Connection) -> Result<VerifyReport> {
    walk(conn, 0, GENESIS.to_string())
}

/// The start-up check of the chain: the newest `n` rows only (seq, links and hashes), anchored
/// at the stored hash of the row before them. O(n) whatever the trail's length; the whole chain
/// is proved by [`verify`].
pub fn verify_tail(conn: &Connection, n: i64) -> Result<VerifyReport> {
    let last: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0))?;
    let from = (last - n.max(0)).max(0);
    let anchor = if from == 0 {
        Some(GENESIS.to_string())
    } else {
        conn.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [from], |r| r.get(0)).optional()?
    };
    match anchor {
        Some(hash) => walk(conn, from, hash),
        None => Ok(VerifyReport {
            rows_checked: 0,
            head: None,
            first_broken: Some(BrokenRow {
                seq: from,
                reason: "row is missing: rows are missing or renumbered".into(),
            }),
        }),
    }
}

/// Checks the rows after `from` in order, the first linking to `expected_prev`.
fn walk(conn: &Connection, from: i64, mut expected_prev: String) -> Result<VerifyReport> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log WHERE seq > ?1 ORDER BY seq"))?;
    let mut rows = stmt.query([from])?;
    let mut expected_seq = from + 1;
    let mut checked = 0;
    while let Some(r) = rows.next()? {
        let row = map_row(r)?;
        let broken = |reason: String| VerifyReport {
            rows_checked: checked,
            head: None,
            first_broken: Some(BrokenRow { seq: row.seq, reason }),
        };
        if row.seq != expected_seq {
            return Ok(broken(format!("expected row {expected_seq} here: rows are missing or renumbered")));
        }
        if row.prev_hash != expected_prev {
            return Ok(broken("prev_hash does not match the previous row's hash".into()));
        }
        if row.expected_hash() != row.hash {
            return Ok(broken(format!(
                "content does not match its hash (row {} {} {} {} was altered)",
                row.seq, row.action, row.table_name, row.record_id
            )));
        }
        checked += 1;
        expected_seq += 1;
        expected_prev = row.hash;
    }
    Ok(VerifyReport { rows_checked: checked, head: (checked > 0).then_some(expected_prev), first_broken: None })
}

const COLUMNS: &str =
    "seq, at_utc, actor, action, table_name, record_id, before_json, after_json, reason, prev_hash, hash";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at_utc: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        table_name: r.get(4)?,
        record_id: r.get(5)?,
        before_json: r.get(6)?,
        after_json: r.get(7)?,
        reason: r.get(8)?,
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

/// The audit rows of one record, oldest first (for the record's history view).
pub fn history(conn: &Connection, table: &str, record_id: &str) -> Result<Vec<AuditRow>> {
    let mut stmt = conn
        .prepare(&format!("SELECT {COLUMNS} FROM audit_log WHERE table_name = ?1 AND record_id = ?2 ORDER BY seq"))?;
    let rows = stmt.query_map(params![table, record_id], map_row)?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_encoding_separates_null_from_empty_and_field_boundaries() {
        let a = chain_hash(GENESIS, 1, "t", "u", "insert", "x", "1", None, Some("{}"), None);
        let b = chain_hash(GENESIS, 1, "t", "u", "insert", "x", "1", Some(""), Some("{}"), None);
        let c = chain_hash(GENESIS, 1, "t", "u", "insert", "x1", "", None, Some("{}"), None);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }
}
