//! The app's delivery task and the SMTP password: "send now", where the password is kept, what
//! the last drain did. The task itself is `ehs_ledger_net::outbox::Worker`, owned by
//! [`crate::state::AppState`]; nothing is sent from inside a command (design.md "Outbox").
use crate::state::AppState;
use ehs_ledger::plant::Role;
use ehs_ledger::{AppError, Error};
use ehs_ledger_net::outbox::{password_account, password_account_of, WorkerState};
use ehs_ledger_net::secrets::SecretState;
use tauri::State;

fn state_name(s: SecretState) -> &'static str {
    match s {
        SecretState::Keyring => "keyring",
        SecretState::SessionOnly => "session_only",
        SecretState::Missing => "missing",
    }
}

/// Wakes the delivery task: it drains the outbox at once, ignoring the backoff.
#[tauri::command]
pub async fn sync_send_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.actor()?;
    state.outbox()?.wake();
    Ok(())
}

/// What the delivery task last did (last run, why it could not send, the last attempts).
#[tauri::command]
pub async fn sync_worker_state(state: State<'_, AppState>) -> Result<WorkerState, AppError> {
    state.actor()?;
    Ok(state.outbox()?.state())
}

/// Keeps the SMTP password for the account of the current settings: in the system keyring where
/// one works, else in memory until the app closes. Returns where it went. Admins (and HQ analysts on an HQ database).
#[tauri::command]
pub async fn smtp_password_set(state: State<'_, AppState>, password: String) -> Result<String, AppError> {
    let secrets = state.secrets.clone();
    state
        .run_as(move |store, actor| {
            // HQ's analysts run their returns' mail as they run its mailbox.
            match store.kind() {
                ehs_ledger::db::DbKind::Hq => actor.require(&[Role::Admin, Role::HqAnalyst])?,
                ehs_ledger::db::DbKind::Plant => actor.require(&[Role::Admin])?,
            }
            let account = password_account_of(store.conn())?;
            let where_ = secrets
                .set(&account, &password)
                .map_err(|e| Error::invalid("password", ehs_ledger::msg::net::keyring(&e.message)))?;
            Ok(state_name(where_).to_string())
        })
        .await
}

/// Where the SMTP password of the current settings is: `keyring`, `session_only`, `missing`, or
/// `not_needed` when no SMTP username is set.
#[tauri::command]
pub async fn smtp_password_state(state: State<'_, AppState>) -> Result<String, AppError> {
    let secrets = state.secrets.clone();
    state
        .run_as(move |store, _| {
            let account = match ehs_ledger::sync::settings::smtp(store.conn()) {
                // A relay without an account (a plant's internal relay, a test server) needs none.
                Ok(s) if s.username.is_empty() => return Ok("not_needed".to_string()),
                Ok(s) => password_account(&s),
                Err(_) => return Ok(state_name(SecretState::Missing).to_string()),
            };
            let s = secrets
                .state(&account)
                .map_err(|e| Error::invalid("password", ehs_ledger::msg::net::keyring(&e.message)))?;
            Ok(state_name(s).to_string())
        })
        .await
}
