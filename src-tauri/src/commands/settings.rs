//! Every area's settings (stored by `ehs_ledger::plant::settings`, keys registered per area) and
//! the plant's working-day calendar.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::plant::settings::{self, CalendarDay, CalendarDayInput, Setting};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn list_settings(state: State<'_, AppState>) -> Result<Vec<Setting>, AppError> {
    state.run_as(|store, _| settings::all(store.conn())).await
}

#[tauri::command]
pub async fn set_setting(state: State<'_, AppState>, key: String, value: String) -> Result<Setting, AppError> {
    state.run_as(move |store, actor| settings::set(store, &actor, &key, &value, Utc::now())).await
}

/// Changes several settings in one transaction (`[[key, value], …]`); one refusal writes none,
/// and names the refused key as the field.
#[tauri::command]
pub async fn set_settings(
    state: State<'_, AppState>,
    changes: Vec<(String, String)>,
) -> Result<Vec<Setting>, AppError> {
    state
        .run_as(move |store, actor| {
            let pairs: Vec<(&str, &str)> = changes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            settings::set_many(store, &actor, &pairs, Utc::now())
        })
        .await
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
