//! Document exports: ledgers and ledger tables (xlsx/PDF, registered jobs with progress and
//! cancel), the manifest copy and HJ 1276 labels. The core renders, names and saves the files
//! (`ehs_ledger::files`: the export folder, `.partial` + rename); the commands return the path.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::jobs::{JobKind, JobProgress};
use ehs_ledger::waste::export::{self, Format, LabelRequest, LedgerTable, Period};
use ehs_ledger::waste::label::LabelBand;
use ehs_ledger::{docs, files, plant, AppError};
use tauri::ipc::Channel;
use tauri::State;

fn saved(name: &str, bytes: &[u8]) -> ehs_ledger::Result<String> {
    Ok(files::save_export(name, bytes)?.display().to_string())
}

/// The month's whole ledger (B.1–B.5, summary, solid waste) as one workbook or PDF.
#[tauri::command]
pub async fn export_ledger(
    state: State<'_, AppState>,
    month: String,
    format: Format,
    on_progress: Channel<JobProgress>,
) -> Result<String, AppError> {
    let label = format!("{month} {format}");
    state
        .run_job(JobKind::Export, label, on_progress, move |store, _, progress| {
            let m = Period::month("month", &month)?;
            let bytes = export::ledger(store.conn(), &m, format, progress)?;
            saved(&export::ledger_file_name(&plant::require(store.conn())?.code, &m, format), &bytes)
        })
        .await
}

#[tauri::command]
pub async fn export_manifest_pdf(state: State<'_, AppState>, shipment: String) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let doc = export::manifest_doc(store.conn(), &shipment, plant::today(store.conn(), Utc::now())?)?;
            saved(&export::manifest_file_name(&doc.manifest_no), &docs::manifest_pdf(&doc)?)
        })
        .await
}

/// HJ 1276-2022 labels (危险废物标签) for containers, as a PDF; sized by the container volume
/// band (the run's, else the one recorded when each was first labelled). Each package gets its
/// 数字识别码 once.
#[tauri::command]
pub async fn export_labels_pdf(
    state: State<'_, AppState>,
    containers: Vec<String>,
    band: Option<LabelBand>,
) -> Result<String, AppError> {
    state
        .run_as(move |store, actor| {
            let requests: Vec<LabelRequest> =
                containers.into_iter().map(|c| LabelRequest { container_id: c, band: None }).collect();
            let labels = export::issue_labels(store, &actor, &requests, band, Utc::now())?;
            saved(&export::labels_file_name(&labels, Utc::now()), &docs::labels_pdf(&labels)?)
        })
        .await
}

/// One ledger table (B.1–B.5, summary, general solid waste) for a period, optionally one code,
/// as the ledger-tables screen shows it (the first rows; totals over all rows).
#[tauri::command]
pub async fn ledger_view(
    state: State<'_, AppState>,
    table: LedgerTable,
    from: String,
    to: String,
    code: Option<String>,
) -> Result<export::TableView, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            export::ledger_view(store.conn(), &p, table, code.as_deref(), export::VIEW_ROW_LIMIT)
        })
        .await
}

/// The ledger view's table as xlsx or PDF, every row; returns the saved file's path.
#[tauri::command]
pub async fn export_ledger_table(
    state: State<'_, AppState>,
    table: LedgerTable,
    from: String,
    to: String,
    code: Option<String>,
    format: Format,
    on_progress: Channel<JobProgress>,
) -> Result<String, AppError> {
    let label = format!("{} {from}–{to} {format}", table.as_str().to_uppercase());
    state
        .run_job(JobKind::Export, label, on_progress, move |store, _, progress| {
            let p = Period::between(&from, &to)?;
            let bytes = export::table_document(store.conn(), &p, table, code.as_deref(), format, progress)?;
            let plant = plant::require(store.conn())?.code;
            saved(&export::table_file_name(&plant, &p, table, code.as_deref(), format), &bytes)
        })
        .await
}
