//! Import of monitoring data from files, with progress and cancel:
//!
//! - **HJ 212 packet logs** (one packet per line, as loggers and gateways write them): every
//!   line is a packet or a refusal with its line and reason; refusals never stop the rest of the
//!   file. What was accepted is stored as one audited batch with the file's SHA-256.
//! - **CSV / Excel exports of monitors** (wide: a time column and one column per parameter, by
//!   code, HJ 212 factor code or name; an optional flag column per parameter `cod_flag` /
//!   `w01018-Flag`; an optional outfall column, else the outfall given): all rows or none, like
//!   the ledger importers — every problem names its row (header = row 1), column and reason.
//!
//! Times are plant-local (`YYYY-MM-DD HH:MM[:SS]`, or with an explicit offset).

use super::hj212::DataFlag;
use super::ingest::{self, Batch, BatchKind, BatchResult, Interval, NewReading};
use super::listener::{self, PacketCounts};
use super::outfall;
use super::rules;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::waste::import::RowError;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The most rows a CSV/xlsx import takes (two years of minute data for three parameters).
pub const MAX_ROWS: usize = 2_000_000;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportResult {
    pub batch: BatchResult,
    /// Packet counts (HJ 212 logs only).
    pub packets: Option<PacketCounts>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: i64,
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Imports an HJ 212 packet log. `progress(done, total)` returns false to cancel (nothing is
/// written then).
pub fn hj212_log(
    store: &mut Store,
    actor: &Session,
    name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportResult> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tz = crate::plant::require(store.conn())?.tz()?;
    let routing = listener::routing(store.conn())?;
    let lines = super::hj212::split_log(bytes);
    if lines.is_empty() {
        return Err(Error::invalid("file", crate::msg::water::no_packets_file(&crate::text::shown(name))));
    }
    let mut batch = listener::batch(BatchKind::Hj212File, name);
    batch.content_sha256 = Some(sha(bytes));
    let mut counts = PacketCounts::default();
    let total = lines.len();
    for (i, (line_no, line)) in lines.iter().enumerate() {
        if i % 4096 == 0 && !progress(i, total) {
            return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
        }
        listener::add_frame(&routing, tz, line, &format!("line {line_no}: "), &mut batch, &mut counts);
    }
    if counts.accepted == 0 {
        let first = counts.first_refusals.first().cloned().unwrap_or_default();
        return Err(Error::invalid(
            "file",
            crate::msg::water::no_packet_was_accepted(&crate::text::shown(name), &counts.rejected, &first),
        ));
    }
    for (reason, n) in &counts.by_reason {
        *batch.rejected.entry(format!("packet_{reason}")).or_insert(0) += n;
    }
    let tx = store.write_tx()?;
    let res = ingest::store(&tx, &actor.user_id, batch, tz, now)?;
    if !progress(total, total) {
        return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
    }
    tx.commit()?;
    Ok(ImportResult { batch: res, packets: Some(counts), rows: total as i64 })
}

/// One column of a wide monitor export.
enum Col {
    Time,
    Outfall,
    Value(i64, outfall::ParamUnit),
    Flag(i64),
    Ignored,
}

/// Imports a wide CSV/xlsx monitor export from its name and bytes: a CSV is streamed row by
/// row (a year of minute data is half a million rows), a spreadsheet read within the ledger
/// importer's bounds. All rows or none. `outfall` is used when the file has no outfall column.
#[allow(clippy::too_many_arguments)] // the file, where it goes, how it is timed
pub fn file(
    store: &mut Store,
    actor: &Session,
    name: &str,
    bytes: &[u8],
    outfall_key: Option<&str>,
    interval: Interval,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportResult> {
    let sha = Some(sha(bytes));
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".csv") || lower.ends_with(".txt")) {
        let t = crate::waste::import::read_table_bytes(name, bytes)?;
        return table(store, actor, name, sha, &t, outfall_key, interval, now, progress);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::invalid("file", crate::msg::common::csv_not_utf_8()))?;
    let total = bytes.iter().filter(|b| **b == b'\n').count();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = rdr.records().enumerate().map(|(i, r)| {
        r.map(|rec| rec.iter().map(|c| c.trim().to_string()).collect::<Vec<String>>()).map_err(|e| {
            Error::invalid("file", crate::msg::common::csv_error(&e)).at(crate::msg::common::ctx_row(&(i + 1)))
        })
    });
    let header = match records.next() {
        Some(h) => h?,
        None => return Err(Error::invalid("file", crate::msg::common::file_empty())),
    };
    run(store, actor, name, sha, &header, &mut records, total.saturating_sub(1), outfall_key, interval, now, progress)
}

/// The same from rows already read (header first).
#[allow(clippy::too_many_arguments)] // the file, where it goes, how it is timed
pub fn table(
    store: &mut Store,
    actor: &Session,
    name: &str,
    bytes_sha256: Option<String>,
    table: &[Vec<String>],
    outfall_key: Option<&str>,
    interval: Interval,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportResult> {
    let Some((header, rows)) = table.split_first() else {
        return Err(Error::invalid("file", crate::msg::common::file_empty()));
    };
    let mut it = rows.iter().map(|r| Ok(r.clone()));
    run(store, actor, name, bytes_sha256, header, &mut it, rows.len(), outfall_key, interval, now, progress)
}

#[allow(clippy::too_many_arguments)]
fn run(
    store: &mut Store,
    actor: &Session,
    name: &str,
    bytes_sha256: Option<String>,
    header: &[String],
    rows: &mut dyn Iterator<Item = Result<Vec<String>>>,
    total: usize,
    outfall_key: Option<&str>,
    interval: Interval,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportResult> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    if interval == Interval::Rtd {
        return Err(Error::invalid("interval", crate::msg::water::real_time_values_come()));
    }
    let tz = crate::plant::require(store.conn())?.tz()?;
    if total > MAX_ROWS {
        return Err(Error::invalid("file", crate::msg::water::rows_most_per_file(&total, &MAX_ROWS)));
    }
    let conn = store.conn();
    let default_of = match outfall_key {
        Some(k) => Some(outfall::outfall(conn, &outfall::find(conn, "outfall", k)?)?),
        None => None,
    };
    let all = outfall::list(conn)?;
    let mut errors: Vec<RowError> = Vec::new();
    let err = |errors: &mut Vec<RowError>, row: u32, column: &str, reason: crate::Msg| {
        if errors.len() < 1000 {
            errors.push(RowError::new(row, column, reason));
        }
    };
    // Columns: by header. A parameter column is resolved against the default outfall (a file
    // with an outfall column resolves per row, by code).
    let norm = |h: &str| h.trim().to_lowercase();
    let mut cols: Vec<(Col, String)> = Vec::new();
    let has_outfall_col = header.iter().any(|h| matches!(norm(h).as_str(), "排放口" | "outfall" | "排放口编号" | "mn"));
    let param_for = |of: &outfall::Outfall, h: &str| -> Option<(i64, outfall::ParamUnit)> {
        let h = norm(h);
        of.params
            .iter()
            .find(|p| p.code == h || p.factor_code.as_deref() == Some(h.as_str()) || norm(&p.name) == h)
            .map(|p| (p.n, p.unit))
    };
    let resolve_of = default_of.as_ref().or(if all.len() == 1 && !has_outfall_col { all.first() } else { None });
    for h in header {
        let n = norm(h);
        let col = match n.as_str() {
            "时间" | "监测时间" | "time" | "datatime" | "数据时间" => Col::Time,
            "排放口" | "outfall" | "排放口编号" | "mn" => Col::Outfall,
            "" => Col::Ignored,
            _ => {
                let (base, is_flag) = match n
                    .strip_suffix("_flag")
                    .or_else(|| n.strip_suffix("-flag"))
                    .or_else(|| n.strip_suffix("标记"))
                {
                    Some(b) => (b.trim().to_string(), true),
                    None => (n.clone(), false),
                };
                match resolve_of.and_then(|of| param_for(of, &base)) {
                    Some((p, unit)) if is_flag => {
                        let _ = unit;
                        Col::Flag(p)
                    }
                    Some((p, unit)) => Col::Value(p, unit),
                    None if has_outfall_col => Col::Ignored,
                    None => {
                        err(&mut errors, 1, h, crate::msg::water::import_not_a_parameter(&crate::text::shown(h)));
                        Col::Ignored
                    }
                }
            }
        };
        cols.push((col, h.clone()));
    }
    if has_outfall_col && resolve_of.is_none() {
        return Err(Error::invalid("file", crate::msg::water::files_outfall_column_read()));
    }
    let time_col = cols.iter().position(|(c, _)| matches!(c, Col::Time));
    let Some(time_col) = time_col else {
        return Err(Error::invalid("file", crate::msg::water::no_time_column_time()));
    };
    if !cols.iter().any(|(c, _)| matches!(c, Col::Value(..))) {
        return Err(Error::invalid("file", crate::msg::water::no_parameter_column_outfall()));
    }
    let mut readings = Vec::with_capacity(total * 2);
    let mut seen = 0usize;
    for (i, row) in rows.enumerate() {
        let row = row?;
        seen = i + 1;
        if seen > MAX_ROWS {
            return Err(Error::invalid("file", crate::msg::water::more_than_rows_split(&MAX_ROWS)));
        }
        if i % 8192 == 0 && !progress(i, total * 2) {
            return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
        }
        let row_no = (i + 2) as u32;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let t = row.get(time_col).map(String::as_str).unwrap_or("");
        let at = match parse_time(t, tz) {
            Ok(at) => at,
            Err(reason) => {
                err(&mut errors, row_no, &cols[time_col].1, reason);
                continue;
            }
        };
        let at = if interval == Interval::Hour { at - at.rem_euclid(3600) } else { at };
        let flag_of = |p: i64| -> std::result::Result<DataFlag, crate::Msg> {
            for (j, (c, _)) in cols.iter().enumerate() {
                if let Col::Flag(q) = c {
                    if *q == p {
                        let v = row.get(j).map(|s| s.trim()).unwrap_or("");
                        if v.is_empty() {
                            return Ok(DataFlag::Normal);
                        }
                        return DataFlag::parse("flag", v)
                            .map_err(|_| crate::msg::water::import_flag(&crate::text::shown(v)));
                    }
                }
            }
            Ok(DataFlag::Normal)
        };
        for (j, (c, h)) in cols.iter().enumerate() {
            let Col::Value(p, unit) = c else { continue };
            let v = row.get(j).map(|s| s.trim()).unwrap_or("");
            if v.is_empty() {
                continue;
            }
            let (value, below) = match rules::parse_measured("value", v) {
                Ok(x) => x,
                Err(_) => {
                    err(&mut errors, row_no, h, crate::msg::water::import_value(&crate::text::shown(v)));
                    continue;
                }
            };
            if *unit != outfall::ParamUnit::Ph && value < 0.0 {
                err(&mut errors, row_no, h, crate::msg::water::import_negative());
                continue;
            }
            let flag = match flag_of(*p) {
                Ok(f) => f,
                Err(reason) => {
                    err(&mut errors, row_no, h, reason);
                    continue;
                }
            };
            readings.push(NewReading { param: *p, interval, at, value, below_dl: below, flag, method: None });
        }
    }
    if !errors.is_empty() {
        // The first problems by row and column (the message is capped; all are counted).
        let listed: Vec<String> = errors
            .iter()
            .take(5)
            .map(|e| format!("row {}, {}: {}", e.row, crate::text::shown(&e.column), e.reason))
            .collect();
        return Err(Error::invalid(
            "file",
            crate::msg::water::problem_s_nothing_imported(&errors.len(), &listed.join("; ")),
        ));
    }
    let kind = if name.to_ascii_lowercase().ends_with(".xlsx") { BatchKind::Xlsx } else { BatchKind::Csv };
    let batch = Batch {
        kind: Some(kind),
        source: name.to_string(),
        content_sha256: bytes_sha256,
        readings,
        rejected: Default::default(),
    };
    let tx = store.write_tx()?;
    let res = ingest::store(&tx, &actor.user_id, batch, tz, now)?;
    if !progress(total * 2, total * 2) {
        return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
    }
    tx.commit()?;
    Ok(ImportResult { batch: res, packets: None, rows: seen as i64 })
}

/// A plant-local time as a file writes it (`2025-01-01 00:00[:00]`, `T` allowed, or an explicit
/// offset `…+08:00` / `…Z`) → UTC seconds.
pub fn parse_time(text: &str, tz: Tz) -> std::result::Result<i64, crate::Msg> {
    let t = text.trim();
    if t.is_empty() {
        return Err(crate::msg::water::import_no_time());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(&t.replace(' ', "T")) {
        return Ok(dt.timestamp());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return tz
                .from_local_datetime(&n)
                .earliest()
                .map(|d| d.timestamp())
                .ok_or_else(|| crate::msg::water::import_time_gap(&t));
        }
    }
    Err(crate::msg::water::import_time(&crate::text::shown(t)))
}

/// The SHA-256 of a file's bytes (the batch's content hash).
pub fn content_hash(bytes: &[u8]) -> String {
    sha(bytes)
}
