//! Import of historical ledgers: preview (writes nothing) and commit (all rows or none), each a
//! registered job with progress over a channel and cancel by id (`cancel_job`). Rules live in
//! `ehs_ledger::waste::import`.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::jobs::{JobKind, JobProgress};
use ehs_ledger::waste::import::{self, ImportPreview};
use ehs_ledger::AppError;
use tauri::ipc::Channel;
use tauri::State;

#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
    on_progress: Channel<JobProgress>,
) -> Result<ImportPreview, AppError> {
    state
        .run_job(JobKind::ImportPreview, name.clone(), on_progress, move |store, actor, progress| {
            import::preview(store, &actor, &import::read_table_bytes(&name, &bytes)?, Utc::now(), progress)
        })
        .await
}

#[tauri::command]
pub async fn import_commit(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
    on_progress: Channel<JobProgress>,
) -> Result<ImportPreview, AppError> {
    state
        .run_job(JobKind::ImportCommit, name.clone(), on_progress, move |store, actor, progress| {
            import::commit(store, &actor, &import::read_table_bytes(&name, &bytes)?, Utc::now(), progress)
        })
        .await
}
