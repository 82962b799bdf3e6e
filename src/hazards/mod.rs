//! Inspections and hidden hazards (隐患排查治理, domain.md §8; issue 13): checklists, schedules
//! and rounds ([`inspection`]), LEC assessment
//! ([`lec`], pure), hazards and the rectification loop as events along one state machine
//! ([`hazard`]), KPIs with the on-time rate as a ratio of sums ([`kpi`]), the area's figures for
//! the weekly packet ([`figures`]), alerts ([`alerts`]) and settings ([`settings`]). A wastewater
//! exceedance is taken up here as a corrective action ([`hazard::adopt_exceedance`]). Photos
//! before and after, stored once by SHA-256 beside the database ([`photos`]), and the
//! 隐患整改通知书 with them ([`notice`]). A round's record as a PDF with the hazards it found
//! and their photos, and the rounds as a workbook ([`inspection_report`]). Every list and the
//! KPIs as spreadsheets ([`export`]); the management report's section ([`report`]).

pub mod alerts;
pub mod export;
pub mod figures;
pub mod hazard;
pub mod inspection;
pub mod inspection_report;
pub mod kpi;
pub mod lec;
pub mod notice;
pub mod photos;
pub mod reminders;
pub mod report;
pub mod settings;
