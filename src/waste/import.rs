//! Import of historical generation ledgers (HJ 1259-2022 B.1) from CSV or Excel.
//!
//! Two steps, like the UI: [`preview`] reads and checks every row against the rules of a manual
//! entry (and against the other rows: duplicate batch codes) and writes nothing; [`commit`]
//! re-checks and posts all rows in ONE transaction, or none. Every problem names its row (as the
//! spreadsheet numbers it, header = row 1), its column and the reason. Progress is reported per
//! row and the commit can be cancelled (the transaction is rolled back).
//!
//! Columns are found by header, Chinese or English, in any order:
//! 产生时间/generated_at, 废物代码/code, 产生量/quantity, 单位/unit (kg or t; default kg),
//! 容器编码/container, 产生设施/区域/area; optional 废物名称/stream, 产生批次编码/batch_code.

use super::generation::{self, GenerationInput};
use super::stream;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::path::Path;

/// One problem in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RowError {
    /// Spreadsheet row number (the header is row 1).
    pub row: u32,
    /// The column's header as written in the file (or the field name when the column is missing).
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewRow {
    pub row: u32,
    pub batch_code: Option<String>,
    pub generated_at: String,
    pub code: String,
    pub quantity_kg: String,
    pub container_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportPreview {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    /// The first rows as they will be posted.
    pub sample: Vec<PreviewRow>,
    /// Every problem; the import is refused while there is any.
    pub errors: Vec<RowError>,
}

const FIELDS: &[(&str, &[&str], bool)] = &[
    ("generated_at", &["产生时间", "generated_at", "时间", "date"], true),
    ("code", &["废物代码", "危险废物代码", "代码", "code"], true),
    ("quantity", &["产生量", "数量", "quantity"], true),
    ("unit", &["计量单位", "单位", "unit"], false),
    ("container_id", &["容器编码", "容器/包装编码", "container", "container_id"], true),
    ("storage_area", &["产生设施/区域", "产生设施", "区域", "area", "storage_area"], true),
    ("stream", &["废物名称", "名称", "stream"], false),
    ("batch_code", &["产生批次编码", "批次编码", "batch_code"], false),
];

/// Reads a CSV (UTF-8, with or without BOM) or xlsx file into rows of text cells.
pub fn read_table(path: &Path) -> Result<Vec<Vec<String>>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Refuse an unreadable kind before touching the file.
    if !matches!(
        Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("csv" | "txt" | "xlsx" | "xlsm")
    ) {
        return read_table_bytes(name, &[]);
    }
    read_table_bytes(name, &std::fs::read(path)?)
}

/// The same from a file's name and bytes (the app sends the file the user picked).
pub fn read_table_bytes(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                .map_err(|_| Error::invalid("file", "the CSV is not UTF-8: save it as “CSV UTF-8”"))?;
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut out = Vec::new();
            for (i, rec) in rdr.records().enumerate() {
                let rec = rec.map_err(|e| Error::invalid("file", format!("row {}: {e}", i + 1)))?;
                out.push(rec.iter().map(|c| c.trim().to_string()).collect());
            }
            Ok(out)
        }
        "xlsx" | "xlsm" => {
            use calamine::{Data, Reader, Xlsx};
            let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
                .map_err(|e| Error::invalid("file", format!("cannot read the workbook: {e}")))?;
            let first =
                wb.sheet_names().first().cloned().ok_or_else(|| Error::invalid("file", "the workbook has no sheet"))?;
            let range =
                wb.worksheet_range(&first).map_err(|e| Error::invalid("file", format!("sheet {first}: {e}")))?;
            Ok(range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::String(s) => s.trim().to_string(),
                            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                            Data::Float(f) => format!("{f}"),
                            Data::Int(i) => i.to_string(),
                            Data::Bool(b) => b.to_string(),
                            Data::DateTime(d) => excel_datetime(d.as_f64()),
                            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                            Data::Error(e) => format!("#ERR {e:?}"),
                        })
                        .collect()
                })
                .collect())
        }
        other => Err(Error::invalid("file", format!("'.{other}' files are not read: use .csv or .xlsx"))),
    }
}

/// An Excel serial date-time (days since 1899-12-30, 1900 system) as `YYYY-MM-DDTHH:MM`.
fn excel_datetime(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0));
    match base {
        Some(b) if serial.is_finite() && (0.0..3_000_000.0).contains(&serial) => {
            let t = b + chrono::Duration::seconds((serial * 86_400.0).round() as i64);
            t.format("%Y-%m-%dT%H:%M").to_string()
        }
        _ => format!("{serial}"),
    }
}

struct Parsed {
    row: u32,
    input: GenerationInput,
    batch: Option<String>,
}

/// Maps the header and turns every data row into an entry input; problems are collected.
fn parse(conn: &Connection, table: &[Vec<String>], errors: &mut Vec<RowError>) -> Result<Vec<Parsed>> {
    let Some(header) = table.first() else {
        return Err(Error::invalid("file", "the file is empty"));
    };
    let mut col: Vec<Option<usize>> = Vec::new();
    for (field, names, required) in FIELDS {
        let found = header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}');
            names.iter().any(|n| n.eq_ignore_ascii_case(h))
        });
        if found.is_none() && *required {
            errors.push(RowError { row: 1, column: names[0].to_string(), reason: format!("column missing ({field})") });
        }
        col.push(found);
    }
    if !errors.is_empty() {
        return Ok(Vec::new());
    }
    let get =
        |r: &Vec<String>, i: usize| col[i].and_then(|c| r.get(c)).map(|s| s.trim().to_string()).unwrap_or_default();
    let header_of = |i: usize| col[i].and_then(|c| header.get(c)).cloned().unwrap_or_else(|| FIELDS[i].0.to_string());
    let mut out = Vec::new();
    let mut seen_batches: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (i, r) in table.iter().enumerate().skip(1) {
        let row = (i + 1) as u32;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let unit = match get(r, 3).to_ascii_lowercase().as_str() {
            "" | "kg" | "千克" | "公斤" => MassUnit::Kg,
            "t" | "吨" => MassUnit::T,
            other => {
                errors.push(RowError { row, column: header_of(3), reason: format!("'{other}' is not kg or t") });
                continue;
            }
        };
        let stream_id = match get(r, 6) {
            s if s.is_empty() => None,
            s => match stream::find_by_name(conn, "stream", &s) {
                Ok(st) => Some(st.id),
                Err(_) => None, // a name that is not a registered stream is kept out; the code decides
            },
        };
        let at = get(r, 0).replace(' ', "T").replace('/', "-");
        let at = if at.len() == 10 { format!("{at}T00:00") } else { at.chars().take(16).collect() };
        let batch = Some(get(r, 7)).filter(|b| !b.is_empty());
        if let Some(b) = &batch {
            if let Some(first) = seen_batches.insert(b.clone(), row) {
                errors.push(RowError {
                    row,
                    column: header_of(7),
                    reason: format!("batch code {b} repeats row {first}"),
                });
                continue;
            }
        }
        out.push(Parsed {
            row,
            input: GenerationInput {
                stream_id,
                code: Some(get(r, 1)),
                quantity: get(r, 2),
                unit,
                container_id: get(r, 4),
                storage_area: get(r, 5),
                generated_at_local: Some(at),
                details: Default::default(),
            },
            batch,
        });
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(RowError { row: 2, column: String::new(), reason: "no data rows under the header".into() });
    }
    Ok(out)
}

fn column_for(field: &str, header: &[String]) -> String {
    let key = match field {
        "generated_at" => 0,
        "code" | "stream_id" => 1,
        "quantity" => 2,
        "container_id" => 4,
        "storage_area" => 5,
        "batch_code" => 7,
        _ => return field.to_string(),
    };
    let (_, names, _) = FIELDS[key];
    header
        .iter()
        .find(|h| names.iter().any(|n| n.eq_ignore_ascii_case(h.trim())))
        .cloned()
        .unwrap_or_else(|| names[0].to_string())
}

/// Checks the whole file; writes nothing. Rows are checked inside a transaction that is rolled
/// back, so the rules are exactly those of a manual entry (including batch codes between rows).
pub fn preview(
    store: &mut Store,
    actor: &Session,
    table: &[Vec<String>],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportPreview> {
    run(store, actor, table, now, progress, false).map(|(p, _)| p)
}

/// Posts every row in one transaction, or nothing if any row is refused (the errors are the
/// preview's). Returns the preview of what was posted.
pub fn commit(
    store: &mut Store,
    actor: &Session,
    table: &[Vec<String>],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportPreview> {
    let (p, _) = run(store, actor, table, now, progress, true)?;
    if !p.errors.is_empty() {
        let first = &p.errors[0];
        return Err(Error::invalid(
            "file",
            format!(
                "{} problem(s), nothing imported; first: row {}, {}: {}",
                p.errors.len(),
                first.row,
                first.column,
                first.reason
            ),
        ));
    }
    Ok(p)
}

fn run(
    store: &mut Store,
    actor: &Session,
    table: &[Vec<String>],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
    write: bool,
) -> Result<(ImportPreview, ())> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let tx = store.write_tx()?;
    let tz = crate::plant::require(&tx)?.tz()?;
    let mut errors = Vec::new();
    let parsed = parse(&tx, table, &mut errors)?;
    let header = table.first().cloned().unwrap_or_default();
    let total = parsed.len();
    let mut sum = Grams(0);
    let mut sample = Vec::new();
    for (n, p) in parsed.iter().enumerate() {
        if !progress(n, total) {
            return Err(Error::Cancelled("import cancelled; nothing was written".into()));
        }
        match generation::record_in(&tx, tz, actor, &p.input, p.batch.as_deref(), now) {
            Ok(id) => {
                let e = generation::get(&tx, tz, &id)?;
                sum = Grams(sum.0 + e.quantity_g);
                if sample.len() < 20 {
                    sample.push(PreviewRow {
                        row: p.row,
                        batch_code: p.batch.clone(),
                        generated_at: e.generated_at_local.clone(),
                        code: e.code.clone(),
                        quantity_kg: e.quantity_kg.clone(),
                        container_id: e.container_id.clone(),
                    });
                }
            }
            Err(Error::Invalid { field, message }) => {
                errors.push(RowError { row: p.row, column: column_for(field, &header), reason: message })
            }
            Err(e) => return Err(e),
        }
    }
    progress(total, total);
    errors.sort_by_key(|e| e.row);
    let preview = ImportPreview { rows: total as u32, total_g: sum.0, total_kg: sum.kg_string(), sample, errors };
    if write && preview.errors.is_empty() {
        tx.commit()?;
    }
    // Otherwise the transaction is dropped: rolled back, nothing written.
    Ok((preview, ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates_convert() {
        assert_eq!(excel_datetime(45717.375), "2025-03-01T09:00");
        assert_eq!(excel_datetime(f64::NAN), "NaN");
    }

    #[test]
    fn unreadable_files_are_refused_by_extension() {
        let e = read_table(Path::new("/tmp/ledger.pdf")).unwrap_err();
        assert_eq!(e.field(), Some("file"));
        assert!(e.to_string().contains(".pdf"));
    }
}
