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
//! 容器编码/container, 产生设施/区域/area; optional 废物名称/stream, 产生批次编码/batch_code. Two
//! columns for one field are refused as ambiguous. Times are read whole (an explicit offset is
//! honoured, trailing text refused); a historical batch code must have the form the ledger
//! writes ([`super::generation::check_batch_code`]). Spreadsheets are streamed cell by cell
//! within fixed bounds ([`MAX_ROWS`], [`MAX_COLUMNS`], [`MAX_CELLS`]).

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
    /// In English (CLI, logs); the UI words `message`.
    pub reason: String,
    pub message: crate::ErrorMsg,
}

impl RowError {
    /// A problem at `row`, `column`, said by `msg`.
    pub fn new(row: u32, column: impl Into<String>, msg: crate::Msg) -> Self {
        RowError { row, column: column.into(), reason: crate::text::capped(&msg.english()), message: msg.ipc() }
    }
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

/// Most rows a file may hold (the header and 200,000 entries): a historical ledger larger than
/// that is imported in parts.
pub const MAX_ROWS: usize = 200_001;
/// Most columns read. A value further right is refused, never silently dropped.
pub const MAX_COLUMNS: usize = 64;
/// Most cells (rows × the width of each row) held in memory while reading.
pub const MAX_CELLS: usize = 6_000_000;

/// The same from a file's name and bytes (the app sends the file the user picked).
///
/// A spreadsheet is read cell by cell, never as its declared used range: a hostile 2 KB file
/// whose range claims the sheet's last cell (`XFD1048576`) would otherwise make the reader
/// allocate the whole grid. A value beyond [`MAX_ROWS`] or [`MAX_COLUMNS`], or more than
/// [`MAX_CELLS`] in all, is refused naming the cell.
pub fn read_table_bytes(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                .map_err(|_| Error::invalid("file", crate::msg::common::csv_not_utf_8()))?;
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut out = Vec::new();
            let mut cells = 0usize;
            for (i, rec) in rdr.records().enumerate() {
                let rec = rec.map_err(|e| {
                    Error::invalid("file", crate::msg::common::csv_error(&e)).at(crate::msg::common::ctx_row(&(i + 1)))
                })?;
                cells += rec.len();
                if i >= MAX_ROWS || cells > MAX_CELLS {
                    return Err(too_large(i + 1));
                }
                out.push(rec.iter().map(|c| c.trim().to_string()).collect());
            }
            Ok(out)
        }
        "xlsx" | "xlsm" => read_xlsx(bytes),
        other => Err(Error::invalid("file", crate::msg::waste::files_not_read_use(&crate::text::shown(other)))),
    }
}

fn too_large(row: usize) -> Error {
    Error::invalid("file", crate::msg::waste::file_too_large_import(&row, &(MAX_ROWS - 1), &MAX_COLUMNS, &MAX_CELLS))
}

/// `A`, `B`, … `XFD` for a 0-based column.
fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The first sheet's non-empty cells, streamed, as rows of text from the first used row and
/// column (like a used range, but built only from cells that exist).
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::invalid("file", crate::msg::waste::cannot_read_workbook(&e)))?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Error::invalid("file", crate::msg::common::workbook_has_no_sheet()))?;
    let sheet_err =
        |e: calamine::XlsxError| Error::invalid("file", crate::msg::waste::sheet(&crate::text::shown(&first), &e));
    let mut reader = wb.worksheet_cells_reader(&first).map_err(sheet_err)?;
    let mut cells: Vec<((u32, u32), String)> = Vec::new();
    let mut held = 0usize;
    while let Some(cell) = reader.next_cell().map_err(sheet_err)? {
        let (row, col) = cell.get_position();
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) => s.trim().to_string(),
            DataRef::SharedString(s) => s.trim().to_string(),
            DataRef::Float(f) => decimal_text(*f),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => excel_datetime(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::Error(e) => format!("#ERR {e:?}"),
        };
        if row as usize >= MAX_ROWS || col as usize >= MAX_COLUMNS {
            return Err(Error::invalid(
                "file",
                crate::msg::waste::cell_holds_value_beyond(
                    &column_letters(col),
                    &(row + 1),
                    &MAX_ROWS,
                    &column_letters(MAX_COLUMNS as u32 - 1),
                ),
            ));
        }
        held += 1;
        if held > MAX_CELLS {
            return Err(too_large(row as usize + 1));
        }
        cells.push(((row, col), text));
    }
    drop(reader);
    let (Some(r0), Some(c0)) = (cells.iter().map(|c| c.0 .0).min(), cells.iter().map(|c| c.0 .1).min()) else {
        return Ok(Vec::new());
    };
    let rows = cells.iter().map(|c| c.0 .0).max().unwrap_or(r0) - r0 + 1;
    let mut out: Vec<Vec<String>> = vec![Vec::new(); rows as usize];
    let mut slots = 0usize;
    for ((row, col), text) in cells {
        let r = &mut out[(row - r0) as usize];
        let c = (col - c0) as usize;
        if r.len() <= c {
            slots += c + 1 - r.len();
            if slots > MAX_CELLS {
                return Err(too_large(row as usize + 1));
            }
            r.resize(c + 1, String::new());
        }
        r[c] = text;
    }
    Ok(out)
}

/// A number cell as decimal text. Binary floats carry artefacts (`=0.1+0.2` is cached as
/// 0.30000000000000004): the shortest decimal (at most 9 places) within a relative 1e-12 of the
/// value is taken, so 0.3 reads as `0.3`; a value that really has more places keeps them all and
/// the quantity rule then refuses it as finer than 1 g.
fn decimal_text(f: f64) -> String {
    if !f.is_finite() {
        return format!("{f}");
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let tol = f.abs() * 1e-12;
    for k in 0..=9usize {
        let scale = 10f64.powi(k as i32);
        let r = (f * scale).round() / scale;
        if (f - r).abs() <= tol {
            let s = format!("{r:.k$}");
            return s;
        }
    }
    format!("{f}")
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
        return Err(Error::invalid("file", crate::msg::common::file_empty()));
    };
    let mut col: Vec<Option<usize>> = Vec::new();
    for (field, names, required) in FIELDS {
        let found: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                let h = h.trim().trim_start_matches('\u{feff}');
                names.iter().any(|n| n.eq_ignore_ascii_case(h))
            })
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() && *required {
            errors.push(RowError::new(1, names[0], crate::msg::waste::import_column_missing(field)));
        }
        // Two columns for one field: which one holds the truth is not ours to guess.
        if found.len() > 1 {
            let both: Vec<String> =
                found.iter().map(|&i| format!("'{}'", crate::text::shown(header[i].trim()))).collect();
            errors.push(RowError::new(
                1,
                header[found[1]].trim(),
                crate::msg::waste::import_columns_repeat(&both.join(" and "), field),
            ));
        }
        col.push(found.first().copied());
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
                errors.push(RowError::new(
                    row,
                    header_of(3),
                    crate::msg::waste::import_unit(&crate::text::shown(other)),
                ));
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
        let at = match entered_time(&get(r, 0)) {
            Ok(at) => at,
            Err(reason) => {
                errors.push(RowError::new(row, header_of(0), reason));
                continue;
            }
        };
        let batch = Some(get(r, 7)).filter(|b| !b.is_empty());
        if let Some(b) = &batch {
            if let Some(first) = seen_batches.insert(b.clone(), row) {
                errors.push(RowError::new(row, header_of(7), crate::msg::waste::import_batch_repeats(b, &first)));
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
        errors.push(RowError::new(2, "", crate::msg::common::no_data_rows()));
    }
    Ok(out)
}

/// A date-time cell as the entry's time text: `YYYY/MM/DD` is read as `YYYY-MM-DD`, a date alone
/// as its midnight; the rest is passed whole to the entry's rule ([`crate::time::local_to_utc`]:
/// plant-local, or an explicit offset honoured, trailing text refused). A blank cell is refused:
/// an imported entry never takes the time of the import.
fn entered_time(cell: &str) -> std::result::Result<String, crate::Msg> {
    let t = cell.trim();
    if t.is_empty() {
        return Err(crate::msg::waste::import_time_blank());
    }
    // Only the date part may use '/'.
    let (date, rest) = t.split_at(t.find([' ', 'T']).unwrap_or(t.len()));
    let date = date.replace('/', "-");
    if rest.is_empty() && chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_ok() {
        return Ok(format!("{date}T00:00"));
    }
    Ok(format!("{date}{rest}"))
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
            crate::msg::waste::problem_s_nothing_imported(&p.errors.len(), &first.row, &first.column, &first.reason),
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
            return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
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
            Err(e @ Error::Invalid { .. }) => {
                let field = e.field().unwrap_or("");
                errors.push(RowError::new(p.row, column_for(field, &header), e.msg()))
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
