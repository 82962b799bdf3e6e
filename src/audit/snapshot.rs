//! Row snapshots for the audit trail: the stored row of a record as a JSON object, read back
//! from the table itself so the audit's before/after are exactly what the database holds.
//! Secret columns are redacted; large file contents are kept as their SHA-256.

use crate::error::{Error, Result};
use rusqlite::{types::ValueRef, Connection, OptionalExtension};
use serde_json::{Map, Value};

/// Columns never copied into the audit trail.
const REDACTED: &[&str] = &["secret_hash", "secret_key"];

/// BLOB columns holding whole files (an outbox attachment: the packet, its PDF): the trail keeps
/// `sha256:<hex>` of the bytes, not the bytes as hex — a changed byte still breaks the record's
/// proof (`verify_records`), and a 46 KB PDF costs 71 characters instead of 92 KB.
const DIGESTED: &[&str] = &["content"];

/// The row `id` of `table` as a JSON object (`None` if there is no such row).
/// `table` must be a literal table name of the schema (it is not user input).
pub(crate) fn row_json(conn: &Connection, table: &'static str, id: &str) -> Result<Option<Value>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    stmt.query_row([id], |r| row_value(&names, r)).optional().map_err(Error::from)
}

/// The current row `r` (whose columns are `names`, as `SELECT *` gives them) as the JSON object
/// the audit trail stores. The one encoding: the writer's `after` and `verify_records` use it.
pub(crate) fn row_value(names: &[String], r: &rusqlite::Row<'_>) -> rusqlite::Result<Value> {
    let mut obj = Map::new();
    for (i, name) in names.iter().enumerate() {
        let v = if REDACTED.contains(&name.as_str()) {
            Value::String("[redacted]".into())
        } else {
            match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(f) => Value::from(f),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) if DIGESTED.contains(&name.as_str()) => {
                    use sha2::{Digest, Sha256};
                    Value::String(format!("sha256:{}", hex::encode(Sha256::digest(b))))
                }
                ValueRef::Blob(b) => Value::String(hex::encode(b)),
            }
        };
        obj.insert(name.clone(), v);
    }
    Ok(Value::Object(obj))
}

/// As [`row_json`] but the row must exist.
pub(crate) fn require_row_json(conn: &Connection, table: &'static str, id: &str) -> Result<Value> {
    row_json(conn, table, id)?.ok_or_else(|| Error::Internal(format!("{table} {id} vanished inside its transaction")))
}
