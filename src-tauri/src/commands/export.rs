//! Document exports: the month's ledgers (xlsx/PDF) and the manifest PDF. Files go to the export
//! folder (`EHS_LEDGER_EXPORT_DIR`, else Documents/EHS Ledger); the command returns the path.
//! Writes go to a `.partial` file first and are renamed, so a failure never leaves half a file.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::waste::export::{self, Format, Period};
use ehs_ledger::{docs, plant, time, AppError, Error};
use std::path::PathBuf;
use tauri::State;

fn export_dir() -> ehs_ledger::Result<PathBuf> {
    let dir = match std::env::var_os("EHS_LEDGER_EXPORT_DIR") {
        Some(d) => PathBuf::from(d),
        None => directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(|d| d.join("EHS Ledger")))
            .or_else(|| directories::ProjectDirs::from("", "", "EHS Ledger").map(|p| p.data_dir().join("exports")))
            .ok_or_else(|| Error::Internal("no documents folder for exports".into()))?,
    };
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn save(name: &str, bytes: &[u8]) -> ehs_ledger::Result<String> {
    let path = export_dir()?.join(name);
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn export_ledger(state: State<'_, AppState>, month: String, format: String) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let m = Period::month("month", &month)?;
            let f = Format::parse("format", &format)?;
            let bytes = export::ledger(store.conn(), &m, f, &mut |_, _| true)?;
            let code = plant::require(store.conn())?.code;
            let ext = if f == Format::Xlsx { "xlsx" } else { "pdf" };
            save(&format!("{code}-危废台账-{}.{ext}", month.trim()), &bytes)
        })
        .await
}

#[tauri::command]
pub async fn export_manifest_pdf(state: State<'_, AppState>, shipment: String) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let today = time::local_date(Utc::now(), plant::require(store.conn())?.tz()?);
            let doc = export::manifest_doc(store.conn(), &shipment, today)?;
            let bytes = docs::manifest_pdf(&doc)?;
            save(&format!("联单-{}.pdf", doc.manifest_no), &bytes)
        })
        .await
}

/// HJ 1276-2022 labels (危险废物标签) for containers, one label per page, as a PDF.
#[tauri::command]
pub async fn export_labels_pdf(state: State<'_, AppState>, containers: Vec<String>) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let labels = export::label_docs(store.conn(), &containers)?;
            let bytes = docs::labels_pdf(&labels)?;
            let name = match labels.as_slice() {
                [one] => format!("标签-{}.pdf", one.label_id),
                _ => format!("标签-{}个容器-{}.pdf", labels.len(), Utc::now().format("%Y%m%d%H%M%S")),
            };
            save(&name, &bytes)
        })
        .await
}

/// One ledger table (B.1–B.5, summary, general solid waste) for a period, optionally one code,
/// as the ledger-tables screen shows it (the first rows; totals over all rows).
#[tauri::command]
pub async fn ledger_view(
    state: State<'_, AppState>,
    table: String,
    from: String,
    to: String,
    code: Option<String>,
) -> Result<export::TableView, AppError> {
    state
        .run_as(move |store, _| {
            let which = export::LedgerTable::parse("table", &table)?;
            let p = Period::between(&from, &to)?;
            export::ledger_view(store.conn(), &p, which, code.as_deref(), export::VIEW_ROW_LIMIT)
        })
        .await
}

/// The ledger view's table as xlsx or PDF, every row; returns the saved file's path.
#[tauri::command]
pub async fn export_ledger_table(
    state: State<'_, AppState>,
    table: String,
    from: String,
    to: String,
    code: Option<String>,
    format: String,
) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let which = export::LedgerTable::parse("table", &table)?;
            let p = Period::between(&from, &to)?;
            let f = Format::parse("format", &format)?;
            let bytes = export::table_document(store.conn(), &p, which, code.as_deref(), f, &mut |_, _| true)?;
            let plant = plant::require(store.conn())?.code;
            save(&export::table_file_name(&plant, &p, which, code.as_deref(), f), &bytes)
        })
        .await
}
