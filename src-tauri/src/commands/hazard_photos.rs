//! Hazard photos and the rectification notice: add a photo (the file is the raw request body,
//! as for an import; the hazard, stage, caption and the before photo it answers in headers),
//! or a file dropped on the window by its path; check a photo not yet attached (a hazard still
//! being captured); list a hazard's photos, read a photo's downscaled JPEG or its original as
//! raw bytes (the UI shows it through a blob URL), void one with the reason, and write the
//! 隐患整改通知书 PDF to the export folder. Rules live in
//! `ehs_ledger::hazards::{photos, notice}`.
use crate::state::AppState;
use crate::upload;
use chrono::Utc;
use ehs_ledger::hazards::notice;
use ehs_ledger::hazards::photos::{self, HazardPhoto, PhotoCheck, PhotoStage};
use ehs_ledger::report::Lang;
use ehs_ledger::{files, AppError, Error};
use tauri::ipc::{Request, Response};
use tauri::State;

/// The hazard (id or number) the photo belongs to.
pub const HAZARD: &str = "x-hazard";
/// `before` or `after`.
pub const STAGE: &str = "x-photo-stage";
/// The caption (percent-encoded UTF-8), optional.
pub const CAPTION: &str = "x-photo-caption";
/// The id of the before photo an after photo answers, optional.
pub const PAIRS_WITH: &str = "x-photo-pairs-with";

/// Adds a photo to a hazard; the body is the image file's bytes.
#[tauri::command]
pub async fn hazard_photo_add(state: State<'_, AppState>, request: Request<'_>) -> Result<HazardPhoto, AppError> {
    let bytes = upload::body(&request)?;
    let hazard = upload::optional(&request, HAZARD)
        .ok_or_else(|| AppError::from(Error::invalid("hazard", ehs_ledger::msg::app::request_names_no_hazard())))?;
    let stage = PhotoStage::parse("stage", &upload::optional(&request, STAGE).unwrap_or_default())?;
    let caption = upload::optional(&request, CAPTION).unwrap_or_default();
    let pairs_with = upload::optional(&request, PAIRS_WITH).filter(|p| !p.trim().is_empty());
    state
        .run_as(move |store, actor| {
            photos::add_photo(store, &actor, &hazard, stage, &bytes, &caption, pairs_with.as_deref(), Utc::now())
        })
        .await
}

/// A hazard's live photos, before photos first, with their pairs.
#[tauri::command]
pub async fn hazard_photos(state: State<'_, AppState>, hazard: String) -> Result<Vec<HazardPhoto>, AppError> {
    state.run_as(move |store, _| photos::photos(store.conn(), &hazard)).await
}

/// Adds a photo from a file on this machine (a file dropped on the window: the webview's own
/// drop gives no bytes in the app); the same checks and headers' fields as `hazard_photo_add`.
#[tauri::command]
pub async fn hazard_photo_add_path(
    state: State<'_, AppState>,
    hazard: String,
    stage: PhotoStage,
    path: String,
    caption: Option<String>,
    pairs_with: Option<String>,
) -> Result<HazardPhoto, AppError> {
    state
        .run_as(move |store, actor| {
            let bytes = photos::read_photo_file(std::path::Path::new(&path))?;
            let pairs = pairs_with.filter(|p| !p.trim().is_empty());
            let caption = caption.unwrap_or_default();
            photos::add_photo(store, &actor, &hazard, stage, &bytes, &caption, pairs.as_deref(), Utc::now())
        })
        .await
}

/// Runs the capture checks on a photo not yet attached (the body is the image file's bytes);
/// stores nothing. The refusal is the one `hazard_photo_add` would give.
#[tauri::command]
pub async fn hazard_photo_check(state: State<'_, AppState>, request: Request<'_>) -> Result<PhotoCheck, AppError> {
    let bytes = upload::body(&request)?;
    state.run_as(move |_, _| photos::check_photo(&bytes)).await
}

/// Voids a photo with the reason (the record and its files stay; the audit names who and why).
#[tauri::command]
pub async fn hazard_photo_void(state: State<'_, AppState>, photo: String, reason: String) -> Result<(), AppError> {
    state.run_as(move |store, actor| photos::void_photo(store, &actor, &photo, &reason, Utc::now())).await
}

/// A photo as raw bytes (an ArrayBuffer in the UI): the downscaled JPEG, or the original as
/// captured with `original`; a file changed outside the app is refused (Conflict).
#[tauri::command]
pub async fn hazard_photo_read(
    state: State<'_, AppState>,
    photo: String,
    original: Option<bool>,
) -> Result<Response, AppError> {
    let downscaled = !original.unwrap_or(false);
    let bytes = state.run_as(move |store, _| photos::read(store, &photo, downscaled)).await?;
    Ok(Response::new(bytes))
}

/// Writes the hazard's rectification notice (zh or en) to the export folder; returns the path.
#[tauri::command]
pub async fn hazard_notice_pdf(state: State<'_, AppState>, hazard: String, lang: Lang) -> Result<String, AppError> {
    state
        .run_as(move |store, _| {
            let now = Utc::now();
            let doc = notice::notice_doc(store, &hazard, lang, now)?;
            let pdf = ehs_ledger::docs::hazard_notice_pdf(&doc)?;
            Ok(files::save_export(&notice::notice_file_name(&doc.number, lang), &pdf)?.display().to_string())
        })
        .await
}
