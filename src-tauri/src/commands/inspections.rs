//! Inspections (隐患排查): checklists (a save with `supersedes` is the next version), schedules,
//! the rounds due, recording a round (a failed item becomes a hazard found on the round; its
//! photos go to that hazard with `hazard_photo_add`), the rounds with their findings, one round
//! with its items, its record PDF and the rounds workbook in the export folder. Rules live in
//! `ehs_ledger::hazards::{inspection, inspection_report}`; these commands only pass inputs through.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::hazards::inspection::{
    self, DueRound, NewRound, NewSchedule, RoundDetail, RoundDone, RoundQuery, RoundSummary, Schedule, Template,
    TemplateKind,
};
use ehs_ledger::hazards::inspection_report as report;
use ehs_ledger::report::Lang;
use ehs_ledger::{files, plant, AppError};
use tauri::State;

/// The live checklists (the latest version of each).
#[tauri::command]
pub async fn inspection_templates(state: State<'_, AppState>) -> Result<Vec<Template>, AppError> {
    state.run_as(move |store, _| inspection::templates(store.conn())).await
}

/// A new checklist, or with `supersedes` the next version of one.
#[tauri::command]
pub async fn inspection_template_save(
    state: State<'_, AppState>,
    name: String,
    kind: TemplateKind,
    items: Vec<String>,
    supersedes: Option<String>,
) -> Result<Template, AppError> {
    state
        .run_as(move |store, actor| {
            inspection::save_template(store, &actor, &name, kind, &items, supersedes.as_deref(), Utc::now())
        })
        .await
}

#[tauri::command]
pub async fn inspection_schedules(state: State<'_, AppState>) -> Result<Vec<Schedule>, AppError> {
    state.run_as(move |store, _| inspection::schedules(store.conn())).await
}

#[tauri::command]
pub async fn inspection_schedule_add(state: State<'_, AppState>, input: NewSchedule) -> Result<Schedule, AppError> {
    state.run_as(move |store, actor| inspection::add_schedule(store, &actor, &input, Utc::now())).await
}

/// The rounds due by the plant's today and `ahead` days after it, not yet done, oldest first.
#[tauri::command]
pub async fn inspection_due(state: State<'_, AppState>, ahead: u32) -> Result<Vec<DueRound>, AppError> {
    state
        .run_as(move |store, _| {
            let today = plant::today(store.conn(), Utc::now())?;
            inspection::due_rounds(store.conn(), today, i64::from(ahead))
        })
        .await
}

/// Records a round; each failed item becomes a hazard found on the round.
#[tauri::command]
pub async fn inspection_round_record(state: State<'_, AppState>, input: NewRound) -> Result<RoundDone, AppError> {
    state.run_as(move |store, actor| inspection::record_round(store, &actor, input, &[], Utc::now())).await
}

#[tauri::command]
pub async fn inspection_rounds(state: State<'_, AppState>, query: RoundQuery) -> Result<Vec<RoundSummary>, AppError> {
    state.run_as(move |store, _| inspection::rounds(store.conn(), &query)).await
}

/// One round with its items and the hazards found on it as they stand today.
#[tauri::command]
pub async fn inspection_round(state: State<'_, AppState>, round: String) -> Result<RoundDetail, AppError> {
    state
        .run_as(move |store, _| {
            let today = plant::today(store.conn(), Utc::now())?;
            inspection::round(store.conn(), &round, today)
        })
        .await
}

/// Writes the round's record (zh or en) with its findings' photos to the export folder; the path.
#[tauri::command]
pub async fn inspection_report_pdf(state: State<'_, AppState>, round: String, lang: Lang) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let now = Utc::now();
            let summary = inspection::round(store.conn(), &round, plant::today(store.conn(), now)?)?.round;
            let pdf = report::report_pdf(store, &round, lang, now)?;
            Ok(files::save_export(&report::report_file_name(&summary, lang), &pdf)?.display().to_string())
        })
        .await
}

/// Writes the rounds of `query` as an xlsx workbook to the export folder; the path.
#[tauri::command]
pub async fn inspection_rounds_xlsx(
    state: State<'_, AppState>,
    query: RoundQuery,
    lang: Lang,
) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let conn = store.conn();
            let bytes = report::rounds_xlsx(conn, &query, lang)?;
            let name = report::rounds_file_name(&plant::require(conn)?.code, plant::today(conn, Utc::now())?, lang);
            Ok(files::save_export(&name, &bytes)?.display().to_string())
        })
        .await
}
