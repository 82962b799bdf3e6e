//! Import of historical ledgers: preview (writes nothing) and commit (all rows or none), each a
//! registered job with progress over a channel and cancel by id (`cancel_job`). The file comes
//! as the raw request body ([`crate::upload`]). Rules live in `ehs_ledger::waste::import`.
use crate::state::AppState;
use crate::upload;
use chrono::Utc;
use ehs_ledger::jobs::JobKind;
use ehs_ledger::waste::import::{self, ImportPreview};
use ehs_ledger::AppError;
use tauri::ipc::Request;
use tauri::{State, Webview};

#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    webview: Webview,
    request: Request<'_>,
) -> Result<ImportPreview, AppError> {
    let f = upload::unpack(webview, &request)?;
    let name = f.name.clone();
    state
        .run_job(JobKind::ImportPreview, f.name, f.progress, move |store, actor, progress| {
            import::preview(store, &actor, &import::read_table_bytes(&name, &f.bytes)?, Utc::now(), progress)
        })
        .await
}

#[tauri::command]
pub async fn import_commit(
    state: State<'_, AppState>,
    webview: Webview,
    request: Request<'_>,
) -> Result<ImportPreview, AppError> {
    let f = upload::unpack(webview, &request)?;
    let name = f.name.clone();
    state
        .run_job(JobKind::ImportCommit, f.name, f.progress, move |store, actor, progress| {
            import::commit(store, &actor, &import::read_table_bytes(&name, &f.bytes)?, Utc::now(), progress)
        })
        .await
}
