//! Hazardous-waste storage commands: facilities, putting containers in and taking them out,
//! and the inventory overview. Rules live in `ehs_ledger::waste::storage`.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::waste::appendix::{self, GenerationPoint, NewGenerationPoint};
use ehs_ledger::waste::storage::{
    self, Facility, InventoryOverview, Movement, NewFacility, StoreCheck, StoreInput, TakeOutInput,
};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn list_facilities(state: State<'_, AppState>) -> Result<Vec<Facility>, AppError> {
    state.run_as(|store, _| storage::facilities(store.conn())).await
}

#[tauri::command]
pub async fn add_facility(state: State<'_, AppState>, input: NewFacility) -> Result<Facility, AppError> {
    state.run_as(move |store, actor| storage::add_facility(store, &actor, input, Utc::now())).await
}

/// The put-away's warnings (贮存点 3 t, capacity, incompatible wastes) before it is saved.
#[tauri::command]
pub async fn check_store(state: State<'_, AppState>, input: StoreInput) -> Result<StoreCheck, AppError> {
    state.run_as(move |store, _| storage::check_store(store.conn(), &input, Utc::now())).await
}

#[tauri::command]
pub async fn list_generation_points(state: State<'_, AppState>) -> Result<Vec<GenerationPoint>, AppError> {
    state.run_as(|store, _| appendix::points(store.conn())).await
}

#[tauri::command]
pub async fn add_generation_point(
    state: State<'_, AppState>,
    input: NewGenerationPoint,
) -> Result<GenerationPoint, AppError> {
    state.run_as(move |store, actor| appendix::add_point(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn void_generation_point(state: State<'_, AppState>, point: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| appendix::void_point(store, &actor, &point, &reason, Utc::now())).await
}

#[tauri::command]
pub async fn store_container(state: State<'_, AppState>, input: StoreInput) -> Result<Movement, AppError> {
    state.run_as(move |store, actor| storage::store_container(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn take_out(state: State<'_, AppState>, input: TakeOutInput) -> Result<Movement, AppError> {
    state.run_as(move |store, actor| storage::take_out(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn storage_overview(state: State<'_, AppState>) -> Result<InventoryOverview, AppError> {
    state.run_as(|store, _| storage::overview(store.conn(), Utc::now())).await
}
