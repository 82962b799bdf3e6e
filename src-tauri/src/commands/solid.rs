//! General industrial solid waste (一般工业固体废物) and the GRI 306 waste figures. Rules live in
//! `ehs_ledger::waste::{solid, gri}`; these commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::waste::export::Period;
use ehs_ledger::waste::gri::{self, GriWaste};
use ehs_ledger::waste::solid::{self, NewSwStream, SwRecord, SwRecordInput, SwStream};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn list_sw_streams(state: State<'_, AppState>) -> Result<Vec<SwStream>, AppError> {
    state.run_as(|store, _| solid::streams(store.conn())).await
}

#[tauri::command]
pub async fn add_sw_stream(state: State<'_, AppState>, input: NewSwStream) -> Result<SwStream, AppError> {
    state.run_as(move |store, actor| solid::add_stream(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn record_sw_generation(state: State<'_, AppState>, input: SwRecordInput) -> Result<SwRecord, AppError> {
    state.run_as(move |store, actor| solid::record_generation(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn record_sw_outbound(state: State<'_, AppState>, input: SwRecordInput) -> Result<SwRecord, AppError> {
    state.run_as(move |store, actor| solid::record_outbound(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn void_sw_record(state: State<'_, AppState>, id: String, reason: String) -> Result<SwRecord, AppError> {
    state.run_as(move |store, actor| solid::void(store, &actor, &id, &reason, Utc::now())).await
}

/// Records of plant-local days `from..=to` (YYYY-MM-DD), oldest first.
#[tauri::command]
pub async fn list_sw_records(
    state: State<'_, AppState>,
    from: String,
    to: String,
    include_voided: bool,
) -> Result<Vec<SwRecord>, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            solid::list(store.conn(), p.first, p.last, include_voided)
        })
        .await
}

/// GRI 306-3/4/5 for plant-local days `from..=to`, hazardous and general solid waste together.
#[tauri::command]
pub async fn gri_waste(state: State<'_, AppState>, from: String, to: String) -> Result<GriWaste, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            gri::disclosure(store.conn(), p.first, p.last)
        })
        .await
}
