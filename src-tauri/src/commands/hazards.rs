//! Hidden hazards (隐患): register (with LEC), the rectification loop (assign with the 五到位
//! plan for a major hazard, rectify, verify pass/fail, close 销号, extend, escalate), a wastewater
//! exceedance adopted as a corrective action, lists, history, KPIs with their trend, every list
//! and the KPIs as a workbook in the export folder, and the LEC scales for the pickers. Rules (who may, which step from which state) live in
//! `ehs_ledger::hazards`; these commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::hazards::export::{self, HazardExport};
use ehs_ledger::hazards::hazard::{self, AssignInput, Board, Hazard, HazardEvent, HazardQuery, NewHazard};
use ehs_ledger::hazards::kpi::{self, HazardKpis, TrendUnit};
use ehs_ledger::hazards::lec::{self, LecScales};
use ehs_ledger::hazards::reminders::{self, DesktopNotice};
use ehs_ledger::report::Lang;
use ehs_ledger::time::parse_date;
use ehs_ledger::{files, plant, AppError};
use tauri::State;

#[tauri::command]
pub async fn hazard_register(state: State<'_, AppState>, input: NewHazard) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::register(store, &actor, input, Utc::now())).await
}

/// Assigns (or re-assigns) hazard `hazard` (id or number).
#[tauri::command]
pub async fn hazard_assign(state: State<'_, AppState>, hazard: String, input: AssignInput) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::assign(store, &actor, &hazard, input, Utc::now())).await
}

#[tauri::command]
pub async fn hazard_rectify(state: State<'_, AppState>, hazard: String, note: String) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::rectify(store, &actor, &hazard, &note, Utc::now())).await
}

/// Passed, or failed with the reason in `note`.
#[tauri::command]
pub async fn hazard_verify(
    state: State<'_, AppState>,
    hazard: String,
    pass: bool,
    note: String,
) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::verify(store, &actor, &hazard, pass, &note, Utc::now())).await
}

#[tauri::command]
pub async fn hazard_close(state: State<'_, AppState>, hazard: String, note: String) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::close(store, &actor, &hazard, &note, Utc::now())).await
}

/// A later deadline (YYYY-MM-DD) with the reason.
#[tauri::command]
pub async fn hazard_extend(
    state: State<'_, AppState>,
    hazard: String,
    deadline: String,
    reason: String,
) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::extend(store, &actor, &hazard, &deadline, &reason, Utc::now())).await
}

#[tauri::command]
pub async fn hazard_escalate(state: State<'_, AppState>, hazard: String, reason: String) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::escalate(store, &actor, &hazard, &reason, Utc::now())).await
}

#[tauri::command]
pub async fn hazard_adopt_exceedance(state: State<'_, AppState>, exceedance_id: String) -> Result<Hazard, AppError> {
    state.run_as(move |store, actor| hazard::adopt_exceedance(store, &actor, &exceedance_id, Utc::now())).await
}

/// One hazard (id or number) as of the plant's today.
#[tauri::command]
pub async fn hazard_get(state: State<'_, AppState>, hazard: String) -> Result<Hazard, AppError> {
    state
        .run_as(move |store, _| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            hazard::get(store.conn(), &hazard, today)
        })
        .await
}

#[tauri::command]
pub async fn hazard_list(state: State<'_, AppState>, query: HazardQuery) -> Result<Vec<Hazard>, AppError> {
    state
        .run_as(move |store, _| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            hazard::list(store.conn(), &query, today)
        })
        .await
}

#[tauri::command]
pub async fn hazard_history(state: State<'_, AppState>, hazard: String) -> Result<Vec<HazardEvent>, AppError> {
    state.run_as(move |store, _| hazard::history(store.conn(), &hazard)).await
}

/// The KPIs of plant-local days `from..=to` (YYYY-MM-DD), the on-time rate with its definition.
#[tauri::command]
pub async fn hazard_kpis(state: State<'_, AppState>, from: String, to: String) -> Result<HazardKpis, AppError> {
    state.run_as(move |store, _| kpi::kpis(store.conn(), parse_date("from", &from)?, parse_date("to", &to)?)).await
}

/// The KPIs of the last `count` weeks or months up to `to`, oldest first (the trend charts).
#[tauri::command]
pub async fn hazard_kpi_trend(
    state: State<'_, AppState>,
    unit: TrendUnit,
    to: String,
    count: u32,
) -> Result<Vec<HazardKpis>, AppError> {
    state.run_as(move |store, _| kpi::trend_by(store.conn(), unit, parse_date("to", &to)?, count)).await
}

/// The L, E and C scales with their wording and the grade bands in force.
#[tauri::command]
pub async fn hazard_lec_scales() -> Result<LecScales, AppError> {
    Ok(lec::scales())
}

/// The signed-in user's hazard clocks to show as OS notifications (their own due soon or
/// overdue; every overdue one for a manager): the UI shows each `key` once.
#[tauri::command]
pub async fn hazard_desktop_notices(state: State<'_, AppState>) -> Result<Vec<DesktopNotice>, AppError> {
    state
        .run_as(move |store, actor| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            reminders::desktop_notices(store.conn(), &actor, today)
        })
        .await
}

/// The board: each status column's count and first page (`query.limit` per column), narrowed by
/// the query's area and assignee.
#[tauri::command]
pub async fn hazard_board(state: State<'_, AppState>, query: HazardQuery) -> Result<Board, AppError> {
    state
        .run_as(move |store, _| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            hazard::board(store.conn(), &query, today)
        })
        .await
}

/// Writes a list (the register for a query, my tasks, a calendar month) or the KPI tables as
/// an xlsx workbook to the export folder; returns the path.
#[tauri::command]
pub async fn hazard_export_xlsx(
    state: State<'_, AppState>,
    what: HazardExport,
    lang: Lang,
) -> Result<String, AppError> {
    state
        .run_as(move |store, actor| {
            let today = plant::today(store.conn(), Utc::now())?;
            let bytes = export::xlsx(store.conn(), &what, &actor.user_id, lang, today)?;
            let name = export::file_name(&plant::require(store.conn())?.code, &what, lang, today);
            Ok(files::save_export(&name, &bytes)?.display().to_string())
        })
        .await
}
