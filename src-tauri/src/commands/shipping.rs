//! Receivers, licences, shipments under transfer manifests and confirmations. Rules live in
//! `ehs_ledger::waste::{receiver, shipment}`; these commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::waste::receiver::{self, Counterparty, NewCounterparty, NewLicence};
use ehs_ledger::waste::shipment::{self, ConfirmInput, ShipInput, ShipPreview, Shipment};
use ehs_ledger::waste::storage::{self, Movement};
use ehs_ledger::{plant, AppError};
use tauri::State;

#[tauri::command]
pub async fn list_counterparties(state: State<'_, AppState>) -> Result<Vec<Counterparty>, AppError> {
    state.run_as(|store, _| receiver::list(store.conn(), plant::today(store.conn(), Utc::now())?)).await
}

#[tauri::command]
pub async fn add_counterparty(state: State<'_, AppState>, input: NewCounterparty) -> Result<Counterparty, AppError> {
    state.run_as(move |store, actor| receiver::add_counterparty(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn add_licence(state: State<'_, AppState>, input: NewLicence) -> Result<Counterparty, AppError> {
    state.run_as(move |store, actor| receiver::add_licence(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn preview_shipment(state: State<'_, AppState>, input: ShipInput) -> Result<ShipPreview, AppError> {
    state.run_as(move |store, _| shipment::preview(store.conn(), &input, Utc::now())).await
}

#[tauri::command]
pub async fn ship(state: State<'_, AppState>, input: ShipInput) -> Result<Shipment, AppError> {
    state.run_as(move |store, actor| shipment::ship(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn confirm_shipment(state: State<'_, AppState>, input: ConfirmInput) -> Result<Shipment, AppError> {
    state.run_as(move |store, actor| shipment::confirm(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn void_shipment(state: State<'_, AppState>, shipment: String, reason: String) -> Result<Shipment, AppError> {
    state.run_as(move |store, actor| shipment::void(store, &actor, &shipment, &reason, Utc::now())).await
}

#[tauri::command]
pub async fn list_shipments(state: State<'_, AppState>, include_voided: bool) -> Result<Vec<Shipment>, AppError> {
    state
        .run_as(move |store, _| {
            shipment::list(store.conn(), None, None, include_voided, plant::today(store.conn(), Utc::now())?)
        })
        .await
}

#[tauri::command]
pub async fn reverse_movement(state: State<'_, AppState>, id: String, reason: String) -> Result<Movement, AppError> {
    state.run_as(move |store, actor| storage::reverse(store, &actor, &id, &reason, Utc::now())).await
}
