//! Wastewater (废水): outfalls and their permit entries, lab results and daily flows, the import
//! of monitor files (a registered job with progress and cancel), loads, cap progress,
//! exceedances and the chart's decimated series. Rules live in `ehs_ledger::water`; these
//! commands only pass inputs through.
use crate::state::AppState;
use crate::upload;
use chrono::{Datelike, Utc};
use ehs_ledger::jobs::JobKind;
use ehs_ledger::time::parse_date;
use ehs_ledger::waste::export::Period;
use ehs_ledger::water::import::{self, ImportResult};
use ehs_ledger::water::ingest::{BatchResult, Interval};
use ehs_ledger::water::loads::{self, CapProgress, Exceedance, MonthLoads, WaterFigures};
use ehs_ledger::water::outfall::{self, Cap, NewLimit, NewOutfall, NewParam, Outfall, Param};
use ehs_ledger::water::readings::{self, Reading, SampleInput};
use ehs_ledger::water::series::{self, Series};
use ehs_ledger::{AppError, Error};
use tauri::ipc::Request;
use tauri::{State, Webview};

/// The most rows a list of readings or exceedances returns (the UI virtualises them).
const LIST_LIMIT: u32 = 20_000;

#[tauri::command]
pub async fn water_outfalls(state: State<'_, AppState>) -> Result<Vec<Outfall>, AppError> {
    state.run_as(|store, _| outfall::list(store.conn())).await
}

#[tauri::command]
pub async fn water_outfall_add(state: State<'_, AppState>, input: NewOutfall) -> Result<Outfall, AppError> {
    state.run_as(move |store, actor| outfall::add(store, &actor, input, Utc::now())).await
}

/// Adds a parameter (with its limits) to the outfall given by id or code.
#[tauri::command]
pub async fn water_param_add(state: State<'_, AppState>, outfall: String, input: NewParam) -> Result<Param, AppError> {
    state.run_as(move |store, actor| outfall::add_param(store, &actor, &outfall, input, Utc::now())).await
}

/// A revised permit: a new limit of parameter `code` from its date.
#[tauri::command]
pub async fn water_limit_add(
    state: State<'_, AppState>,
    outfall: String,
    code: String,
    input: NewLimit,
) -> Result<Param, AppError> {
    state.run_as(move |store, actor| outfall::add_limit(store, &actor, &outfall, &code, input, Utc::now())).await
}

/// The plant's annual cap of a parameter (t/a, exact decimal text) from a year on.
#[tauri::command]
pub async fn water_cap_set(
    state: State<'_, AppState>,
    param_code: String,
    tonnes: String,
    from_year: i32,
    basis: String,
) -> Result<Cap, AppError> {
    state
        .run_as(move |store, actor| {
            outfall::set_cap(store, &actor, &param_code, &tonnes, from_year, &basis, Utc::now())
        })
        .await
}

#[tauri::command]
pub async fn water_caps(state: State<'_, AppState>) -> Result<Vec<Cap>, AppError> {
    state.run_as(|store, _| outfall::caps(store.conn())).await
}

/// Voids an outfall, a parameter, a limit or a cap (by its id) with a reason.
#[tauri::command]
pub async fn water_permit_void(state: State<'_, AppState>, id: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| outfall::void(store, &actor, &id, &reason, Utc::now())).await
}

/// A sampling's lab results (value or `4L`), one batch.
#[tauri::command]
pub async fn water_sample_add(state: State<'_, AppState>, input: SampleInput) -> Result<BatchResult, AppError> {
    state.run_as(move |store, actor| readings::add_sample(store, &actor, input, Utc::now())).await
}

/// An outfall's flow (m³, exact decimal text) of a plant-local day (YYYY-MM-DD).
#[tauri::command]
pub async fn water_flow_add(
    state: State<'_, AppState>,
    outfall: String,
    date: String,
    m3: String,
) -> Result<BatchResult, AppError> {
    state.run_as(move |store, actor| readings::add_daily_flow(store, &actor, &outfall, &date, &m3, Utc::now())).await
}

/// Lab results and daily flows of plant-local days `from..=to`, newest first.
#[tauri::command]
pub async fn water_readings(state: State<'_, AppState>, from: String, to: String) -> Result<Vec<Reading>, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            readings::manual(store.conn(), p.first, p.last, LIST_LIMIT)
        })
        .await
}

#[tauri::command]
pub async fn water_reading_void(state: State<'_, AppState>, seq: i64, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| readings::void_reading(store, &actor, seq, &reason, Utc::now())).await
}

/// Voids a whole batch (an imported file, a listener flush) with a reason.
#[tauri::command]
pub async fn water_batch_void(state: State<'_, AppState>, batch_id: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| readings::void_batch(store, &actor, &batch_id, &reason, Utc::now())).await
}

/// Imports a monitor file sent as the raw body ([`crate::upload`]): `x-water-format` is `hj212`
/// (a packet log) or `table` (CSV/xlsx, with `x-outfall` and `x-interval`). A registered job.
#[tauri::command]
pub async fn water_import(
    state: State<'_, AppState>,
    webview: Webview,
    request: Request<'_>,
) -> Result<ImportResult, AppError> {
    let f = upload::unpack(webview, &request)?;
    let format = upload::optional(&request, "x-water-format");
    let (outfall, interval) = (upload::optional(&request, "x-outfall"), upload::optional(&request, "x-interval"));
    let name = f.name.clone();
    state
        .run_job(JobKind::WaterImport, f.name, f.progress, move |store, actor, progress| match format.as_deref() {
            Some("hj212") => import::hj212_log(store, &actor, &name, &f.bytes, Utc::now(), progress),
            Some("table") => {
                let interval = Interval::parse("interval", interval.as_deref().unwrap_or(""))?;
                import::file(store, &actor, &name, &f.bytes, outfall.as_deref(), interval, Utc::now(), progress)
            }
            _ => Err(Error::invalid("format", ehs_ledger::msg::app::format_hj212_table())),
        })
        .await
}

/// Loads, concentrations, validity, exceedances and missed monitoring of days `from..=to`.
#[tauri::command]
pub async fn water_loads(state: State<'_, AppState>, from: String, to: String) -> Result<WaterFigures, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            loads::compute(store.conn(), p.first, p.last)
        })
        .await
}

/// The monthly loads of `year` up to today, of one outfall (by code) or all.
#[tauri::command]
pub async fn water_monthly(
    state: State<'_, AppState>,
    year: i32,
    outfall: Option<String>,
) -> Result<Vec<MonthLoads>, AppError> {
    state
        .run_as(move |store, _| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            loads::monthly(store.conn(), year, outfall.as_deref(), Some(today))
        })
        .await
}

/// Each capped parameter's load of `year` to date against its cap, with the year's forecast.
#[tauri::command]
pub async fn water_cap_progress(state: State<'_, AppState>, year: Option<i32>) -> Result<Vec<CapProgress>, AppError> {
    state
        .run_as(move |store, _| {
            let today = ehs_ledger::plant::today(store.conn(), Utc::now())?;
            loads::cap_progress(store.conn(), year.unwrap_or(today.year()), today)
        })
        .await
}

/// Exceedances of days `from..=to`, newest first.
#[tauri::command]
pub async fn water_exceedances(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<Exceedance>, AppError> {
    state
        .run_as(move |store, _| {
            let p = Period::between(&from, &to)?;
            loads::exceedances(store.conn(), p.first, p.last, LIST_LIMIT)
        })
        .await
}

/// A parameter's series over days `from..=to` in at most `buckets` (≈ the chart's pixel width).
#[tauri::command]
pub async fn water_series(
    state: State<'_, AppState>,
    param_id: String,
    from: String,
    to: String,
    buckets: u32,
) -> Result<Series, AppError> {
    state
        .run_as(move |store, _| {
            series::series(store.conn(), &param_id, parse_date("from", &from)?, parse_date("to", &to)?, buckets)
        })
        .await
}
