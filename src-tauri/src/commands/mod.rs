//! Tauri commands, one file per area. Each pulls state and arguments, calls one core function
//! through [`crate::state::AppState::run`], and returns `Result<T, AppError>`.
pub mod alerts;
pub mod app;
pub mod backup;
pub mod export;
pub mod hazard_photos;
pub mod hazards;
pub mod hq;
pub mod import;
pub mod inspections;
pub mod jobs;
pub mod outbox;
pub mod plant;
pub mod settings;
pub mod shipping;
pub mod solid;
pub mod storage;
pub mod sync;
pub mod trend;
pub mod voc;
pub mod waste;
pub mod water;
pub mod water_listener;
