//! Start-up, first-run set-up, sign-in and sign-out.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::plant::{self, users, AppStatus, Session, SetupInput};
use ehs_ledger::AppError;
use tauri::State;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    let session = state.session();
    state.run(move |store| plant::status(store, session)).await
}

#[tauri::command]
pub async fn setup_plant(state: State<'_, AppState>, input: SetupInput) -> Result<Session, AppError> {
    let s = state.run(move |store| plant::setup(store, input, Utc::now())).await?;
    state.set_session(Some(s.clone()));
    Ok(s)
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, input: users::SignInInput) -> Result<Session, AppError> {
    let s = state.run(move |store| users::sign_in(store, &input, Utc::now())).await?;
    state.set_session(Some(s.clone()));
    Ok(s)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), AppError> {
    state.set_session(None);
    Ok(())
}
