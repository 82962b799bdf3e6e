//! The job registry as the UI sees it: the running jobs, and cancelling one by id.
use crate::state::AppState;
use ehs_ledger::jobs::JobInfo;
use tauri::State;

#[tauri::command]
pub fn list_jobs(state: State<'_, AppState>) -> Vec<JobInfo> {
    state.jobs.list()
}

/// Asks a running job to stop; false when it has already ended.
#[tauri::command]
pub fn cancel_job(state: State<'_, AppState>, id: u64) -> bool {
    state.jobs.cancel(id)
}
