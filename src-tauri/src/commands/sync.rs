//! The weekly sync to HQ: the week preview (`ehs_ledger::sync::view`, the figures per month part,
//! details and plausibility flags computed by the core) and the plant key (fingerprint, and the
//! public key file HQ registers, saved into the export folder). Nothing is computed here.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::sync::key::{self, PublicKeyInfo};
use ehs_ledger::sync::{view, IsoWeek};
use ehs_ledger::{files, plant, AppError};
use tauri::State;

/// The preview of an ISO week (`YYYY-Www`) in the plant's time zone, open alerts as of today.
#[tauri::command]
pub async fn sync_week_preview(state: State<'_, AppState>, week: String) -> Result<view::WeekView, AppError> {
    state
        .run_as(move |store, _| {
            let w = IsoWeek::parse("week", &week)?;
            view::week_view(store.conn(), w, plant::today(store.conn(), Utc::now())?)
        })
        .await
}

/// The active plant key (generated now in a database that predates it).
#[tauri::command]
pub async fn sync_key_info(state: State<'_, AppState>) -> Result<PublicKeyInfo, AppError> {
    state.run_as(|store, _| Ok(key::ensure(store, Utc::now())?.info)).await
}

/// Saves the public key file (PEM) into the export folder; returns its path.
#[tauri::command]
pub async fn sync_key_export(state: State<'_, AppState>) -> Result<String, AppError> {
    state
        .run_as(|store, _| {
            let k = key::ensure(store, Utc::now())?;
            let code = plant::require(store.conn())?.code;
            let pem = key::export_pem(&code, &k.info, &k.verifying_key());
            Ok(files::save_export(&key::pem_file_name(&code, &k.info), pem.as_bytes())?.display().to_string())
        })
        .await
}
