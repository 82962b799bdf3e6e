//! The one alert list of the app: every area's alerts through `ehs_ledger::alerts`.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::alerts::{self, Alert};
use ehs_ledger::{plant, AppError};
use tauri::State;

/// Every area's alerts on the plant-local today, most urgent first.
#[tauri::command]
pub async fn list_alerts(state: State<'_, AppState>) -> Result<Vec<Alert>, AppError> {
    state.run_as(|store, _| alerts::for_plant(store.conn(), plant::today(store.conn(), Utc::now())?)).await
}
