//! HQ mode: set-up, registry, packet import (paths from a drop or a typed folder; a registered
//! job with progress and cancel), the grid, a plant-week's history, accept / return / reopen,
//! the year's facts, history import, the appendix (view, export, drill-down), the safety view
//! (view, export), the dashboard and the settings. Rules live in `ehs_ledger::hq`.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::hq::appendix::{self, Appendix, DrillRow, View};
use ehs_ledger::hq::dashboard::{self, Dashboard};
use ehs_ledger::hq::grid::{self, Grid, GridQuery};
use ehs_ledger::hq::import::{self, ImportReport, ImportRun, ItemResult};
use ehs_ledger::hq::registry::{
    self, HistoryFigure, HistoryImport, PlantChange, PlantInput, RegKey, RegPlant, Segment, YearFacts,
};
use ehs_ledger::hq::review::{self, Decision, WeekHistory};
use ehs_ledger::hq::safety::{self, Safety};
use ehs_ledger::hq::settings::{self, Setting};
use ehs_ledger::hq::HqSetupInput;
use ehs_ledger::jobs::{JobKind, JobProgress};
use ehs_ledger::plant::Session;
use ehs_ledger::report::Lang;
use ehs_ledger::{files, AppError};
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::State;

/// First-run set-up in HQ mode: the database becomes an HQ database (a new or pristine file).
#[tauri::command]
pub async fn setup_hq(state: State<'_, AppState>, input: HqSetupInput) -> Result<Session, AppError> {
    let s = state.setup_hq(input).await?;
    state.set_session(Some(s.clone()));
    Ok(s)
}

#[tauri::command]
pub async fn hq_segments(state: State<'_, AppState>) -> Result<Vec<Segment>, AppError> {
    state.run_as(|store, _| registry::segments(store.conn())).await
}

#[tauri::command]
pub async fn hq_add_segment(
    state: State<'_, AppState>,
    code: String,
    name_zh: String,
    name_en: String,
) -> Result<Segment, AppError> {
    state.run_as(move |store, a| registry::add_segment(store, &a, &code, &name_zh, &name_en, Utc::now())).await
}

#[tauri::command]
pub async fn hq_plants(state: State<'_, AppState>) -> Result<Vec<RegPlant>, AppError> {
    state.run_as(|store, _| registry::plants(store.conn())).await
}

#[tauri::command]
pub async fn hq_add_plant(state: State<'_, AppState>, input: PlantInput) -> Result<RegPlant, AppError> {
    state.run_as(move |store, a| registry::add_plant(store, &a, input, Utc::now())).await
}

#[tauri::command]
pub async fn hq_change_plant(
    state: State<'_, AppState>,
    code: String,
    change: PlantChange,
) -> Result<RegPlant, AppError> {
    state.run_as(move |store, a| registry::change_plant(store, &a, &code, change, Utc::now())).await
}

#[tauri::command]
pub async fn hq_keys(state: State<'_, AppState>, code: Option<String>) -> Result<Vec<RegKey>, AppError> {
    state.run_as(move |store, _| registry::keys(store.conn(), code.as_deref())).await
}

#[tauri::command]
pub async fn hq_rotate_key(
    state: State<'_, AppState>,
    code: String,
    pem: String,
    valid_from: String,
    note: String,
) -> Result<RegKey, AppError> {
    state.run_as(move |store, a| registry::rotate_key(store, &a, &code, &pem, &valid_from, &note, Utc::now())).await
}

/// Imports files and folders (dropped on the window, or a typed path) as one run.
#[tauri::command]
pub async fn hq_import_paths(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<JobProgress>,
) -> Result<ImportReport, AppError> {
    let label = paths.join(", ");
    state
        .run_job(JobKind::HqImport, label, on_progress, move |store, actor, progress| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            import::import_paths(store, &actor, &paths, Utc::now(), progress)
        })
        .await
}

#[tauri::command]
pub async fn hq_import_runs(state: State<'_, AppState>) -> Result<Vec<ImportRun>, AppError> {
    state.run_as(|store, _| import::runs(store.conn(), 50)).await
}

#[tauri::command]
pub async fn hq_import_items(state: State<'_, AppState>, run: String) -> Result<Vec<ItemResult>, AppError> {
    state.run_as(move |store, _| import::run_items(store.conn(), &run)).await
}

#[tauri::command]
pub async fn hq_grid(state: State<'_, AppState>, query: GridQuery) -> Result<Grid, AppError> {
    state.run_as(move |store, _| grid::grid(store.conn(), &query, Utc::now())).await
}

#[tauri::command]
pub async fn hq_week_history(state: State<'_, AppState>, plant: String, week: String) -> Result<WeekHistory, AppError> {
    state.run_as(move |store, _| review::history(store.conn(), &plant, &week)).await
}

#[tauri::command]
pub async fn hq_accept(
    state: State<'_, AppState>,
    plant: String,
    week: String,
    comment: String,
) -> Result<Decision, AppError> {
    state.run_as(move |store, a| review::accept(store, &a, &plant, &week, &comment, Utc::now())).await
}

#[tauri::command]
pub async fn hq_reopen(
    state: State<'_, AppState>,
    plant: String,
    week: String,
    reason: String,
) -> Result<Decision, AppError> {
    state.run_as(move |store, a| review::reopen(store, &a, &plant, &week, &reason, Utc::now())).await
}

/// Returns a plant-week; the signed message is also saved to the export folder (for a plant
/// without mail). Returns the decision and the file's path.
#[tauri::command]
pub async fn hq_return(
    state: State<'_, AppState>,
    plant: String,
    week: String,
    comment: String,
) -> Result<(Decision, String), AppError> {
    state
        .run_as(move |store, a| {
            let r = review::return_week(store, &a, &plant, &week, &comment, Utc::now())?;
            let path = files::save_export(&r.file_name, &r.message)?;
            Ok((r.decision, path.display().to_string()))
        })
        .await
}

#[tauri::command]
pub async fn hq_years(state: State<'_, AppState>) -> Result<Vec<YearFacts>, AppError> {
    state.run_as(|store, _| registry::years(store.conn())).await
}

#[tauri::command]
pub async fn hq_set_year(state: State<'_, AppState>, facts: YearFacts) -> Result<YearFacts, AppError> {
    state.run_as(move |store, a| registry::set_year(store, &a, facts, Utc::now())).await
}

#[tauri::command]
pub async fn hq_history(state: State<'_, AppState>, year: Option<i32>) -> Result<Vec<HistoryFigure>, AppError> {
    state.run_as(move |store, _| registry::history(store.conn(), year)).await
}

#[tauri::command]
pub async fn hq_import_history(state: State<'_, AppState>, path: String) -> Result<HistoryImport, AppError> {
    state.run_as(move |store, a| registry::import_history(store, &a, &PathBuf::from(path), Utc::now())).await
}

#[tauri::command]
pub async fn hq_appendix(state: State<'_, AppState>, year: i32, view: View) -> Result<Appendix, AppError> {
    state.run_as(move |store, _| appendix::compute(store.conn(), year, view)).await
}

/// The appendix as xlsx or PDF in the export folder; returns the path.
#[tauri::command]
pub async fn hq_appendix_export(
    state: State<'_, AppState>,
    year: i32,
    view: View,
    lang: Lang,
    format: String,
) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let ap = appendix::compute(store.conn(), year, view)?;
            let (bytes, ext) = match format.as_str() {
                "xlsx" => (appendix::xlsx(store.conn(), &ap, lang)?, "xlsx"),
                "pdf" => (appendix::pdf(store.conn(), &ap, lang)?, "pdf"),
                other => return Err(ehs_ledger::Error::invalid("format", ehs_ledger::msg::app::not_xlsx_pdf(&other))),
            };
            let name = format!("KPI-appendix_{year}_{}_{}.{ext}", view.as_str(), lang.as_str());
            Ok(files::save_export(&name, &bytes)?.display().to_string())
        })
        .await
}

#[tauri::command]
pub async fn hq_drill(
    state: State<'_, AppState>,
    year: i32,
    key: String,
    segment: Option<String>,
) -> Result<Vec<DrillRow>, AppError> {
    state.run_as(move |store, _| appendix::drill(store.conn(), year, &key, segment.as_deref())).await
}

/// The group safety view of a year (hazards per segment, the on-time rate, prior years).
#[tauri::command]
pub async fn hq_safety(state: State<'_, AppState>, year: i32) -> Result<Safety, AppError> {
    state.run_as(move |store, _| safety::compute(store.conn(), year)).await
}

/// The safety view as xlsx or PDF in the export folder; returns the path.
#[tauri::command]
pub async fn hq_safety_export(
    state: State<'_, AppState>,
    year: i32,
    lang: Lang,
    format: String,
) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let sv = safety::compute(store.conn(), year)?;
            let (bytes, ext) = match format.as_str() {
                "xlsx" => (safety::xlsx(&sv, lang)?, "xlsx"),
                "pdf" => (safety::pdf(&sv, lang)?, "pdf"),
                other => return Err(ehs_ledger::Error::invalid("format", ehs_ledger::msg::app::not_xlsx_pdf(&other))),
            };
            let name = format!("safety_{year}_{}.{ext}", lang.as_str());
            Ok(files::save_export(&name, &bytes)?.display().to_string())
        })
        .await
}

#[tauri::command]
pub async fn hq_dashboard(state: State<'_, AppState>, year: i32) -> Result<Dashboard, AppError> {
    state.run_as(move |store, _| dashboard::compute(store.conn(), year, Utc::now())).await
}

#[tauri::command]
pub async fn hq_settings(state: State<'_, AppState>) -> Result<Vec<Setting>, AppError> {
    state.run_as(|store, _| settings::all(store.conn())).await
}

#[tauri::command]
pub async fn hq_set_setting(state: State<'_, AppState>, key: String, value: String) -> Result<Setting, AppError> {
    state.run_as(move |store, a| settings::set(store, &a, &key, &value, Utc::now())).await
}

/// HQ's public key file (plants register it to verify returns).
#[tauri::command]
pub async fn hq_public_key(state: State<'_, AppState>) -> Result<(String, String), AppError> {
    state.run_as(|store, _| review::hq_public_pem(store, Utc::now())).await
}

/// Reads the HQ mailbox now, as the signed-in analyst; returns what the pass did.
#[tauri::command]
pub async fn hq_fetch_now(state: State<'_, AppState>) -> Result<ehs_ledger_net::hq_fetch::FetchSummary, AppError> {
    let actor = state.actor()?;
    let path = state.db_path()?;
    ehs_ledger_net::hq_fetch::fetch_with_settings(&path, &state.secrets, Some(actor), false)
        .await
        .map_err(AppError::from)
}

/// What the background mailbox task last did.
#[tauri::command]
pub async fn hq_fetch_state(state: State<'_, AppState>) -> Result<ehs_ledger_net::hq_fetch::FetchState, AppError> {
    state.actor()?;
    Ok(state.hq_fetcher()?.state())
}

/// Stores the mailbox password (OS keyring, else this session's memory); never in the database.
#[tauri::command]
pub async fn hq_imap_password_set(state: State<'_, AppState>, password: String) -> Result<(), AppError> {
    let secrets = state.secrets.clone();
    let account = state.run_as(|store, _| ehs_ledger_net::hq_fetch::password_account(store.conn())).await?;
    if password.is_empty() {
        return Err(AppError::from(ehs_ledger::Error::invalid(
            "password",
            ehs_ledger::msg::app::enter_mailbox_password(),
        )));
    }
    secrets.set(&account, &password).map_err(|e| {
        AppError::from(ehs_ledger::Error::invalid("password", ehs_ledger::msg::net::keyring(&e.message)))
    })?;
    if let Ok(f) = state.hq_fetcher() {
        f.wake();
    }
    Ok(())
}
