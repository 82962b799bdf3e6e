//! Hazardous-waste commands: catalogue, streams, the generation ledger, the management category.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::plant;
use ehs_ledger::waste::catalogue::{self, HwCode};
use ehs_ledger::waste::category::{self, PlantCategory};
use ehs_ledger::waste::generation::{self, GenerationEntry, GenerationInput, LedgerPage, LedgerQuery, VoidInput};
use ehs_ledger::waste::stream::{self, NewStream, WasteStream};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn list_hw_codes(state: State<'_, AppState>) -> Result<Vec<HwCode>, AppError> {
    state.run_as(|store, _| catalogue::list_in_force(store.conn(), Utc::now())).await
}

#[tauri::command]
pub async fn list_streams(state: State<'_, AppState>) -> Result<Vec<WasteStream>, AppError> {
    state.run_as(|store, _| stream::list(store.conn())).await
}

#[tauri::command]
pub async fn add_stream(state: State<'_, AppState>, input: NewStream) -> Result<WasteStream, AppError> {
    state.run_as(move |store, actor| stream::add(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn record_generation(
    state: State<'_, AppState>,
    input: GenerationInput,
) -> Result<GenerationEntry, AppError> {
    state.run_as(move |store, actor| generation::record(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn list_generation(state: State<'_, AppState>, query: LedgerQuery) -> Result<LedgerPage, AppError> {
    state.run_as(move |store, _| generation::list(store.conn(), &query)).await
}

#[tauri::command]
pub async fn void_generation(state: State<'_, AppState>, input: VoidInput) -> Result<GenerationEntry, AppError> {
    state.run_as(move |store, actor| generation::void(store, &actor, input, Utc::now())).await
}

/// The management category (重点 / 简化 / 登记) from the ledger, and filings due in 60 days.
#[tauri::command]
pub async fn plant_category(state: State<'_, AppState>) -> Result<PlantCategory, AppError> {
    state.run_as(|store, _| category::for_plant(store.conn(), plant::today(store.conn(), Utc::now())?)).await
}
