//! # EHS Ledger core
//!
//! The offline-first system of record of one plant's EHS work: hazardous-waste ledgers,
//! wastewater and VOC figures, safety hazards, and the weekly packets sent to HQ. It is a plain
//! synchronous library on one SQLite file; the desktop app (`src-tauri/`) and the `ehs-ledger`
//! CLI (`src/bin/`) are thin shells over the same functions.
//!
//! ## Codemap
//! - [`db`] — opening the file (WAL, foreign keys, `synchronous=FULL`) and the forward-only
//!   migration runner over `db/NNNN_slug.sql`.
//! - [`audit`] — the append-only, hash-chained audit trail and its verifier.
//! - [`plant`] — the plant (one per database), headcount, users, roles and local sign-in, the
//!   settings store and the working-day calendar, `today`.
//! - [`air`] — VOCs: sources, the monthly material ledger, stack tests, the material balance
//!   (O1 read off the waste shipments) and the monitoring method side by side.
//! - [`waste`] — hazardous waste (HJ 1259-2022 B.1–B.5: generation, storage, own treatment,
//!   shipments under transfer manifests, receivers and licences), general solid waste, GRI 306,
//!   documents and imports.
//! - [`areas`] — where each area registers its settings and alert source; [`alerts`] — the one
//!   alert model; [`jobs`] — the registry of long jobs; [`files`] — the export folder and atomic
//!   writes; `text_enum!` — how every closed list is declared.
//! - [`text`] — the one identifier check (no control or invisible characters) and how
//!   messages quote an input (never a long one in full).
//! - [`units`], [`time`], [`calendar`] — exact masses (whole grams), plant-local time, and
//!   working-day calendars for deadlines.
//! - [`docs`] — pure document rendering: ledger tables to PDF/xlsx, the manifest copy and
//!   HJ 1276 labels to PDF, with the bundled Noto Sans SC subset (`assets/fonts/`).
//! - [`indicators`] — the indicator registry (key, unit, aggregation, method, labels,
//!   disclosure); [`sync`] — ISO weeks in the plant's zone and the week's summary from the
//!   ledgers, split by calendar month, with the plausibility flags shown before sending.
//! - [`report`] — the plant's weekly and monthly management report: data (each area's section
//!   registered in [`areas`]) and its PDF.
//! - [`notify`] — notices (reminders, escalations) queued in the outbox inside the caller's
//!   transaction, one item per channel: e-mail, and the plant's WeCom / DingTalk group robot.
//! - [`demo`], [`bench`] — a living demo plant and the synthetic data for benchmarks.
//!
//! ## Invariants
//! - This crate never depends on tauri or an async runtime.
//! - Every write runs in one transaction with its audit row ([`audit::record`]): a refused
//!   input writes nothing, a committed change is always audited.
//! - Records are never deleted or edited in place; they are voided with a reason (triggers in
//!   the migrations refuse the rest).
//! - Masses are whole grams (`i64`), never floats; instants are UTC; days are plant-local.
//! - Rules take `now` as an argument: nothing below the CLI/app reads the clock.

#[macro_use]
mod text_enum;

pub mod air;
pub mod alerts;
pub mod areas;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod calendar;
pub mod db;
pub mod demo;
pub mod docs;
pub mod error;
pub mod files;
pub mod hazards;
pub mod hq;
pub mod indicators;
pub mod jobs;
pub mod notify;
pub mod plant;
pub mod report;
pub mod sync;
pub mod text;
pub mod time;
pub mod units;
pub mod waste;
pub mod water;

pub use db::Store;
pub use error::{msg, AppError, Error, ErrorKind, ErrorMsg, Msg, Result};

/// A new record id: UUIDv7 (time-ordered, so plants' records never collide at HQ).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
