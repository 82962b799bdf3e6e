//! The weekly hazardous-waste generation trend (the waste screen's chart). The grouping by ISO
//! week lives in `ehs_ledger::waste::trend`; this command only parses the dates and calls it.
use crate::state::AppState;
use ehs_ledger::waste::trend::{self, WeeklyGeneration};
use ehs_ledger::{time, AppError};
use tauri::State;

/// Generation per ISO week and stream over plant-local days `from..=to` (YYYY-MM-DD).
#[tauri::command]
pub async fn weekly_generation(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<WeeklyGeneration, AppError> {
    state
        .run_as(move |store, _| {
            let (f, t) = (time::parse_date("from", &from)?, time::parse_date("to", &to)?);
            trend::weekly_generation(store.conn(), f, t)
        })
        .await
}
