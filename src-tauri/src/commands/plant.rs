//! The plant's yearly headcount and its users. Role checks are the core's (`set_headcount`:
//! admins and plant managers; `create_user`: admins).
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::plant::users::{self, NewUserInput};
use ehs_ledger::plant::{self, Headcount, Session};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn list_headcount(state: State<'_, AppState>) -> Result<Vec<Headcount>, AppError> {
    state.run_as(|store, _| plant::headcounts(store.conn())).await
}

#[tauri::command]
pub async fn set_headcount(state: State<'_, AppState>, input: Headcount) -> Result<Headcount, AppError> {
    state.run_as(move |store, actor| plant::set_headcount(store, &actor, input, Utc::now())).await
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<Session>, AppError> {
    state.run_as(|store, _| users::list(store.conn())).await
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, input: NewUserInput) -> Result<Session, AppError> {
    state.run_as(move |store, actor| users::create(store, &actor, input.into(), Utc::now())).await
}
