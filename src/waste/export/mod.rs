//! Ledgers (a month, or any period and one code) in the HJ 1259-2022 Appendix B layouts (B.1 产生, B.2 入库, B.3 出库, B.4 自行
//! 利用/处置, B.5 委外利用/处置), a monthly summary per code with opening and closing stock (the
//! C.1 columns), and the general solid-waste ledger — as [`crate::docs::Table`]s, written to
//! xlsx or PDF; plus the local copy of a transfer manifest and HJ 1276 labels.
//!
//! By concern: `period` (what a ledger covers and the file format), `tables` (B.1–B.5),
//! `summary` (the period summary and the solid-waste ledger), `view` (screen view, documents,
//! file names), `manifest` (the manifest copy), `labels` (HJ 1276 label data).

mod labels;
mod manifest;
mod period;
mod summary;
mod tables;
mod view;

pub use labels::*;
pub use manifest::*;
pub use period::*;
pub use tables::*;
pub use view::*;
