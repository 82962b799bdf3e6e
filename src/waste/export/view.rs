//! The ledger tables for the screen ([`ledger_view`]: the first rows, totals over all) and as
//! documents (one table or the month's whole ledger to xlsx/PDF), with their file names.

use super::period::{Format, LedgerTable, Period};
use super::tables::{ledger_table, ledger_tables};
use crate::docs::{self, Align, Cell};
use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;

/// A column of a [`TableView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ViewColumn {
    pub header: String,
    /// Right-aligned figures (quantities, row numbers).
    pub numeric: bool,
}

/// One ledger table as the app shows it: every cell as the documents print it (masses as kg
/// with three decimals), the first `limit` rows, and how many rows the period has in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableView {
    pub table: LedgerTable,
    pub from: String,
    pub to: String,
    pub code: Option<String>,
    pub title: String,
    pub subtitle: Vec<String>,
    pub columns: Vec<ViewColumn>,
    pub rows: Vec<Vec<String>>,
    pub total_rows: u32,
    /// Totals and signature lines, over all rows (not only the rows shown).
    pub footer: Vec<String>,
}

/// The most rows a [`TableView`] carries; the exports always hold every row.
pub const VIEW_ROW_LIMIT: usize = 2_000;

/// [`ledger_table`] for the screen: at most `limit` rows (capped at [`VIEW_ROW_LIMIT`]).
pub fn ledger_view(
    conn: &Connection,
    m: &Period,
    which: LedgerTable,
    code: Option<&str>,
    limit: usize,
) -> Result<TableView> {
    let t = ledger_table(conn, m, which, code)?;
    let total_rows = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
    let width = t.columns.len();
    Ok(TableView {
        table: which,
        from: m.first.to_string(),
        to: m.last.to_string(),
        code: code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        title: t.title,
        subtitle: t.subtitle,
        columns: t
            .columns
            .into_iter()
            .map(|c| ViewColumn { header: c.header, numeric: c.align == Align::Right })
            .collect(),
        rows: t
            .rows
            .iter()
            .take(limit.min(VIEW_ROW_LIMIT))
            .map(|r| (0..width).map(|i| r.get(i).map(Cell::display).unwrap_or_default()).collect())
            .collect(),
        total_rows,
        footer: t.footer,
    })
}

/// One table (optionally one code) as xlsx or PDF bytes: what the ledger view's export writes.
pub fn table_document(
    conn: &Connection,
    m: &Period,
    which: LedgerTable,
    code: Option<&str>,
    format: Format,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>> {
    let t = [ledger_table(conn, m, which, code)?];
    match format {
        Format::Xlsx => docs::tables_to_xlsx(&t),
        Format::Pdf => docs::tables_to_pdf(&t, progress),
    }
}

/// The file name of [`table_document`]: `SZ-LH01-B1-900-249-08-2025-02-01至2025-03-31.xlsx`.
pub fn table_file_name(plant_code: &str, m: &Period, which: LedgerTable, code: Option<&str>, format: Format) -> String {
    let only = code.map(str::trim).filter(|c| !c.is_empty()).map(|c| format!("-{c}")).unwrap_or_default();
    format!("{plant_code}-{}{only}-{}至{}.{}", which.as_str().to_uppercase(), m.first, m.last, format.ext())
}

/// The file name of the month's ledger ([`ledger`]): `SZ01-危废台账-2025-03.xlsx`; a range that is
/// not one month is named by its first and last day.
pub fn ledger_file_name(plant_code: &str, m: &Period, format: Format) -> String {
    let span = if m.is_month() { m.first.format("%Y-%m").to_string() } else { format!("{}至{}", m.first, m.last) };
    format!("{plant_code}-危废台账-{span}.{}", format.ext())
}

/// The file name of a manifest's local copy: `联单-{manifest number}.pdf`.
pub fn manifest_file_name(manifest_no: &str) -> String {
    format!("联单-{manifest_no}.pdf")
}

/// The file name of a labels PDF: one label by its 37-character ID, several by their count and
/// the moment (`now`, UTC) they were printed.
pub fn labels_file_name(labels: &[crate::docs::LabelDoc], now: chrono::DateTime<chrono::Utc>) -> String {
    match labels {
        [one] => format!("标签-{}.pdf", one.label_id),
        _ => format!("标签-{}个容器-{}.pdf", labels.len(), now.format("%Y%m%d%H%M%S")),
    }
}

/// The month's ledger as xlsx or PDF bytes. `progress(done, total)` returning false cancels (PDF).
pub fn ledger(
    conn: &Connection,
    m: &Period,
    format: Format,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Vec<u8>> {
    let tables = ledger_tables(conn, m)?;
    match format {
        Format::Xlsx => docs::tables_to_xlsx(&tables),
        Format::Pdf => docs::tables_to_pdf(&tables, progress),
    }
}
