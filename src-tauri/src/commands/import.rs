//! Import of historical ledgers: preview (writes nothing) and commit (all rows or none), with
//! progress sent over a channel and a cancel flag. Rules live in `ehs_ledger::waste::import`.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::waste::import::{self, ImportPreview, ImportProgress};
use ehs_ledger::AppError;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;
use tauri::State;

async fn run(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
    on_progress: Channel<ImportProgress>,
    commit: bool,
) -> Result<ImportPreview, AppError> {
    let cancel = state.cancel_import.clone();
    cancel.store(false, Ordering::SeqCst);
    state
        .run_as(move |store, actor| {
            let table = import::read_table_bytes(&name, &bytes)?;
            let mut last = std::time::Instant::now();
            let mut progress = |done: usize, total: usize| {
                // At most ~20 messages a second, and always the last one.
                if done == total || last.elapsed().as_millis() >= 50 {
                    last = std::time::Instant::now();
                    let _ = on_progress.send(ImportProgress { done: done as u32, total: total as u32 });
                }
                !cancel.load(Ordering::SeqCst)
            };
            if commit {
                import::commit(store, &actor, &table, Utc::now(), &mut progress)
            } else {
                import::preview(store, &actor, &table, Utc::now(), &mut progress)
            }
        })
        .await
}

#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportPreview, AppError> {
    run(state, name, bytes, on_progress, false).await
}

#[tauri::command]
pub async fn import_commit(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportPreview, AppError> {
    run(state, name, bytes, on_progress, true).await
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::SeqCst);
}
