//! Backups of the plant database (`ehs_ledger::backup`): the status with the copies in the
//! folder, back up now, verify a copy, the preview of a restore and the restore itself (which
//! stops the background tasks, swaps the file, signs out and starts them again:
//! [`AppState::restore_backup`]).
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::backup::{self, BackupReport, BackupStatus, CopyCheck, RestorePreview, RestoreReport};
use ehs_ledger::AppError;
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
pub async fn backup_list(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    state.run_as(|store, _| backup::status(store.conn(), Utc::now())).await
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupReport, AppError> {
    state.run_as(|store, actor| backup::backup_now(store, &actor, Utc::now())).await
}

#[tauri::command]
pub async fn backup_verify(state: State<'_, AppState>, path: String) -> Result<CopyCheck, AppError> {
    state.run_as(move |store, actor| backup::verify(store, &actor, &PathBuf::from(path), Utc::now())).await
}

#[tauri::command]
pub async fn backup_preview(state: State<'_, AppState>, path: String) -> Result<RestorePreview, AppError> {
    state.run_as(move |store, _| backup::preview(store, &PathBuf::from(path))).await
}

/// Restores the database from the copy at `path` (admins; `confirm` = the copy's plant code).
/// Everyone is signed out afterwards: the restored file has its own users.
#[tauri::command]
pub async fn backup_restore(
    state: State<'_, AppState>,
    path: String,
    confirm: String,
) -> Result<RestoreReport, AppError> {
    state.restore_backup(PathBuf::from(path), confirm).await
}
