//! The HJ 212 listener of the online wastewater monitors: its status (on/off, port, packets
//! accepted and rejected by reason, the last packet) and "apply" after its settings changed. The
//! task itself is `ehs_ledger_net::water_listener::Listener`, owned by [`crate::state::AppState`].
use crate::state::AppState;
use ehs_ledger::plant::Role;
use ehs_ledger::water::listener::ListenerStatus;
use ehs_ledger::AppError;
use tauri::State;

/// The listener's status; `running: false` with the configured port when it is off.
#[tauri::command]
pub async fn water_listener_status(state: State<'_, AppState>) -> Result<ListenerStatus, AppError> {
    state.actor()?;
    if let Some(s) = state.water_listener_status() {
        return Ok(s);
    }
    state
        .run(|store| {
            let (_, port) = ehs_ledger::water::settings::listener(store.conn())?;
            Ok(ListenerStatus { port, ..Default::default() })
        })
        .await
}

/// Stops the listener and starts it again per the current settings (on/off, port); returns its
/// status. Admins and EHS officers (who change the settings).
#[tauri::command]
pub async fn water_listener_apply(state: State<'_, AppState>) -> Result<ListenerStatus, AppError> {
    state.actor()?.require(&[Role::Admin, Role::EhsOfficer])?;
    state.apply_water_listener().await?;
    water_listener_status(state).await
}
