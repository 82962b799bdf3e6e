//! Receivers, licences, shipments under transfer manifests and confirmations. Rules live in
//! `ehs_ledger::waste::{receiver, shipment}`; these commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::plant::settings::{self, CalendarDay, CalendarDayInput, Setting};
use ehs_ledger::waste::category::{self, PlantCategory};
use ehs_ledger::waste::receiver::{self, Counterparty, NewCounterparty, NewLicence};
use ehs_ledger::waste::shipment::{self, ConfirmInput, ShipInput, ShipPreview, Shipment, ShippingAlerts};
use ehs_ledger::waste::storage::{self, Movement};
use ehs_ledger::{plant, time, AppError, Store};
use tauri::State;

fn today(store: &Store) -> ehs_ledger::Result<chrono::NaiveDate> {
    Ok(time::local_date(Utc::now(), plant::require(store.conn())?.tz()?))
}

#[tauri::command]
pub async fn list_counterparties(state: State<'_, AppState>) -> Result<Vec<Counterparty>, AppError> {
    state.run_as(|store, _| receiver::list(store.conn(), today(store)?)).await
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
    state.run_as(move |store, _| shipment::list(store.conn(), None, None, include_voided, today(store)?)).await
}

#[tauri::command]
pub async fn reverse_movement(state: State<'_, AppState>, id: String, reason: String) -> Result<Movement, AppError> {
    state.run_as(move |store, actor| storage::reverse(store, &actor, &id, &reason, Utc::now())).await
}

#[tauri::command]
pub async fn shipping_alerts(state: State<'_, AppState>) -> Result<ShippingAlerts, AppError> {
    state.run_as(|store, _| shipment::shipping_alerts(store.conn(), today(store)?)).await
}

#[tauri::command]
pub async fn list_settings(state: State<'_, AppState>) -> Result<Vec<Setting>, AppError> {
    state.run_as(|store, _| settings::all(store.conn())).await
}

#[tauri::command]
pub async fn set_setting(state: State<'_, AppState>, key: String, value: String) -> Result<Setting, AppError> {
    state.run_as(move |store, actor| settings::set(store, &actor, &key, &value, Utc::now())).await
}

#[tauri::command]
pub async fn list_calendar_days(state: State<'_, AppState>) -> Result<Vec<CalendarDay>, AppError> {
    state.run_as(|store, _| settings::calendar_days(store.conn())).await
}

#[tauri::command]
pub async fn add_calendar_day(state: State<'_, AppState>, input: CalendarDayInput) -> Result<CalendarDay, AppError> {
    state.run_as(move |store, actor| settings::add_calendar_day(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn void_calendar_day(state: State<'_, AppState>, id: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| settings::void_calendar_day(store, &actor, &id, &reason, Utc::now())).await
}

/// The management category (重点 / 简化 / 登记) from the ledger, and filings due in 60 days.
#[tauri::command]
pub async fn plant_category(state: State<'_, AppState>) -> Result<PlantCategory, AppError> {
    state.run_as(|store, _| category::for_plant(store.conn(), today(store)?)).await
}
