//! The weekly sync to HQ: the week preview (`ehs_ledger::sync::view`, the figures per month part,
//! details and plausibility flags computed by the core) and the plant key (fingerprint, and the
//! public key file HQ registers, saved into the export folder), building and queueing a week's
//! packet, the outbox's status and retry, the export to a folder (USB stick), the submitted
//! weeks and one week's submission state, and the management report PDF. Nothing is computed
//! here.
use crate::state::AppState;
use chrono::Utc;
use ehs_ledger::report::{self, Lang, Period};
use ehs_ledger::sync::key::{self, PublicKeyInfo};
use ehs_ledger::sync::outbox::{self, ItemStatus, OutboxStatus};
use ehs_ledger::sync::returns::{self, HqKey, ReceivedReturn, ReturnImport};
use ehs_ledger::sync::schedule::ScheduleStatus;
use ehs_ledger::sync::submitted::{self, SubmittedWeek, WeekState};
use ehs_ledger::sync::{self, view, BuildRequest, Built, Exported, IsoWeek};
use ehs_ledger::{files, plant, AppError};
use std::path::PathBuf;
use tauri::State;

/// The preview of an ISO week (`YYYY-Www`) in the plant's time zone, open alerts as of today.
#[tauri::command]
pub async fn sync_week_preview(state: State<'_, AppState>, week: String) -> Result<view::WeekView, AppError> {
    state
        .run_as(move |store, _| {
            let w = IsoWeek::parse("week", &week)?;
            view::week_view(store.conn(), w, plant::today(store.conn(), Utc::now())?)
        })
        .await
}

/// The active plant key (generated now in a database that predates it).
#[tauri::command]
pub async fn sync_key_info(state: State<'_, AppState>) -> Result<PublicKeyInfo, AppError> {
    state.run_as(|store, _| Ok(key::ensure(store, Utc::now())?.info)).await
}

/// Saves the public key file (PEM) into the export folder; returns its path.
#[tauri::command]
pub async fn sync_key_export(state: State<'_, AppState>) -> Result<String, AppError> {
    state
        .run_as(|store, _| {
            let k = key::ensure(store, Utc::now())?;
            let code = plant::require(store.conn())?.code;
            let pem = key::export_pem(&code, &k.info, &k.verifying_key());
            Ok(files::save_export(&key::pem_file_name(&code, &k.info), pem.as_bytes())?.display().to_string())
        })
        .await
}

/// Builds, signs and queues the next revision of a week's packet (notes per flag, a reason from
/// revision 2); refusals name the field (`week`, `notes`, `reason`).
#[tauri::command]
pub async fn sync_build(state: State<'_, AppState>, request: BuildRequest) -> Result<Built, AppError> {
    state.run_as(move |store, actor| sync::build(store, &actor, request, Utc::now())).await
}

/// The outbox now: pending and failed counts, next try, last attempt, the newest items.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<OutboxStatus, AppError> {
    state.run_as(|store, _| outbox::status(store.conn(), Utc::now())).await
}

/// The weekly schedule: the close rule, the next close, the weeks due and a week held for notes.
#[tauri::command]
pub async fn sync_schedule_status(state: State<'_, AppState>) -> Result<ScheduleStatus, AppError> {
    state.run_as(|store, _| sync::schedule::status(store.conn(), Utc::now())).await
}

/// Writes the week's latest packet into `dir` (empty: the export folder); the week counts as
/// submitted by file. A bad folder is refused on the field `out`.
#[tauri::command]
pub async fn sync_export(state: State<'_, AppState>, week: String, dir: String) -> Result<Exported, AppError> {
    state
        .run_as(move |store, actor| {
            let dir = if dir.trim().is_empty() { files::export_dir()? } else { PathBuf::from(dir.trim()) };
            sync::export(store, &actor, &week, &dir, Utc::now())
        })
        .await
}

/// Tries a failed outbox item again (its stream moves again, starting with it).
#[tauri::command]
pub async fn sync_retry(state: State<'_, AppState>, item_id: String) -> Result<ItemStatus, AppError> {
    state.run_as(move |store, actor| outbox::retry(store, &actor, &item_id, Utc::now())).await
}

/// Every submitted week (newest first), with the revision delivered and how.
#[tauri::command]
pub async fn sync_submitted_weeks(state: State<'_, AppState>) -> Result<Vec<SubmittedWeek>, AppError> {
    state.run_as(|store, _| submitted::weeks(store.conn())).await
}

/// One week's submission state: latest revision in the outbox, delivered revision, changed since.
#[tauri::command]
pub async fn sync_week_state(state: State<'_, AppState>, week: String) -> Result<WeekState, AppError> {
    state.run_as(move |store, _| submitted::week_state(store.conn(), IsoWeek::parse("week", &week)?)).await
}

/// The HQ keys this plant trusts for returns (newest first).
#[tauri::command]
pub async fn sync_hq_keys(state: State<'_, AppState>) -> Result<Vec<HqKey>, AppError> {
    state.run_as(|store, _| returns::hq_keys(store.conn())).await
}

/// Registers HQ's public key file (PEM, as `ehs-ledger hq key` prints it); an older key is retired.
#[tauri::command]
pub async fn sync_hq_key_register(state: State<'_, AppState>, path: String) -> Result<HqKey, AppError> {
    state
        .run_as(move |store, actor| {
            let pem = files::read_input("path", &PathBuf::from(&path), 64 * 1024)?;
            let pem = String::from_utf8(pem)
                .map_err(|_| ehs_ledger::Error::invalid("path", ehs_ledger::msg::app::not_text_pem_file()))?;
            returns::register_hq_key(store, &actor, &pem, Utc::now())
        })
        .await
}

/// Imports HQ's return of a week: the `.return.json` file or the `.eml` mail it came in.
#[tauri::command]
pub async fn sync_return_import(state: State<'_, AppState>, path: String) -> Result<ReturnImport, AppError> {
    state
        .run_as(move |store, actor| {
            let bytes = files::read_input("path", &PathBuf::from(&path), 8 * 1024 * 1024)?;
            returns::import(store, &actor, &bytes, Utc::now())
        })
        .await
}

/// Every return received, newest week first.
#[tauri::command]
pub async fn sync_returns(state: State<'_, AppState>) -> Result<Vec<ReceivedReturn>, AppError> {
    state.run_as(|store, _| returns::list(store.conn(), None)).await
}

/// Saves the management report of `period` (`YYYY-Www` or `YYYY-MM`) in `lang` (zh/en) into the
/// export folder; returns its path.
#[tauri::command]
pub async fn sync_report_pdf(state: State<'_, AppState>, period: String, lang: String) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let (period, lang) = (Period::parse("period", &period)?, Lang::parse("lang", &lang)?);
            let pdf = report::management_pdf(store.conn(), period, lang, plant::today(store.conn(), Utc::now())?)?;
            let name = report::file_name(&plant::require(store.conn())?.code, period, lang);
            Ok(files::save_export(&name, &pdf)?.display().to_string())
        })
        .await
}

/// The management report of `period` ("2026-W05" or "2026-02") as data, for the in-app view
/// (the same figures, sections and trend the PDF draws).
#[tauri::command]
pub async fn report_view(state: State<'_, AppState>, period: String) -> Result<report::ManagementReport, AppError> {
    state
        .run_as(move |store, _| {
            let period = Period::parse("period", &period)?;
            report::management(store.conn(), period, plant::today(store.conn(), Utc::now())?)
        })
        .await
}

/// The export folder (where documents are saved; the default folder of a packet export).
#[tauri::command]
pub async fn export_folder(state: State<'_, AppState>) -> Result<String, AppError> {
    state.run(|_| Ok(files::export_dir()?.display().to_string())).await
}
