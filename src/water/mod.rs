//! Wastewater (domain.md §6): outfalls and their permit entries ([`outfall`]), the pure rules
//! ([`rules`]), readings entered by hand ([`readings`]) and ingested in audited batches
//! ([`ingest`]) from lab results, files ([`import`]) and the HJ 212-2017 data logger ([`hj212`],
//! the parser; the listener is the app's background task over [`listener`]), the online per-day
//! cache ([`online`]), loads, exceedances and missed monitoring ([`loads`]), chart series
//! decimated in the core ([`series`]), the area's figures for the weekly packet ([`figures`]),
//! alerts ([`alerts`]), report section ([`report`]) and settings ([`settings`]).

pub mod alerts;
pub mod figures;
pub mod hj212;
pub mod import;
pub mod ingest;
pub mod listener;
pub mod loads;
pub mod online;
pub mod outfall;
pub mod readings;
pub mod report;
pub mod rules;
pub mod series;
pub mod settings;
