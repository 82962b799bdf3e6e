//! VOCs (挥发性有机物): sources, the material ledger, waste VOC contents, stack tests, the coated
//! area and a month's emissions by both methods. Rules live in `ehs_ledger::air`; these
//! commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::air::materials::{
    self, NewVocMaterial, UsageInput, VocMaterial, VocUsage, VocWasteContent, WasteContentInput,
};
use ehs_ledger::air::sources::{self, NewVocSource, VocSource};
use ehs_ledger::air::stack_tests::{self, AreaInput, CoatedArea, TestInput, VocTest};
use ehs_ledger::air::{self, VocMonth, VocRecord};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn voc_sources(state: State<'_, AppState>) -> Result<Vec<VocSource>, AppError> {
    state.run_as(|store, _| sources::list(store.conn())).await
}

#[tauri::command]
pub async fn voc_add_source(state: State<'_, AppState>, input: NewVocSource) -> Result<VocSource, AppError> {
    state.run_as(move |store, actor| sources::add_source(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn voc_materials(state: State<'_, AppState>) -> Result<Vec<VocMaterial>, AppError> {
    state.run_as(|store, _| materials::materials(store.conn())).await
}

#[tauri::command]
pub async fn voc_add_material(state: State<'_, AppState>, input: NewVocMaterial) -> Result<VocMaterial, AppError> {
    state.run_as(move |store, actor| materials::add_material(store, &actor, input, Utc::now())).await
}

/// The ledger lines of month `YYYY-MM`.
#[tauri::command]
pub async fn voc_usage(
    state: State<'_, AppState>,
    month: String,
    include_voided: bool,
) -> Result<Vec<VocUsage>, AppError> {
    state.run_as(move |store, _| materials::usage(store.conn(), &month, include_voided)).await
}

#[tauri::command]
pub async fn voc_add_usage(state: State<'_, AppState>, input: UsageInput) -> Result<VocUsage, AppError> {
    state.run_as(move |store, actor| materials::add_usage(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn voc_waste_contents(state: State<'_, AppState>) -> Result<Vec<VocWasteContent>, AppError> {
    state.run_as(|store, _| materials::waste_contents(store.conn())).await
}

#[tauri::command]
pub async fn voc_set_waste_content(
    state: State<'_, AppState>,
    input: WasteContentInput,
) -> Result<VocWasteContent, AppError> {
    state.run_as(move |store, actor| materials::set_waste_content(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn voc_tests(state: State<'_, AppState>, month: String) -> Result<Vec<VocTest>, AppError> {
    state.run_as(move |store, _| stack_tests::tests(store.conn(), &month)).await
}

#[tauri::command]
pub async fn voc_add_test(state: State<'_, AppState>, input: TestInput) -> Result<VocTest, AppError> {
    state.run_as(move |store, actor| stack_tests::add_test(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn voc_set_area(state: State<'_, AppState>, input: AreaInput) -> Result<CoatedArea, AppError> {
    state.run_as(move |store, actor| stack_tests::set_area(store, &actor, input, Utc::now())).await
}

/// Month `YYYY-MM` by material balance and by monitoring, side by side.
#[tauri::command]
pub async fn voc_emissions(state: State<'_, AppState>, month: String) -> Result<VocMonth, AppError> {
    state.run_as(move |store, _| air::emissions(store.conn(), &month)).await
}

#[tauri::command]
pub async fn voc_void(state: State<'_, AppState>, kind: VocRecord, id: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| air::void(store, &actor, kind, &id, &reason, Utc::now())).await
}
