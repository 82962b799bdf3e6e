//! The weekly sync to HQ: what leaves the plant.
//! - [`week`]: the period (the ISO week in the plant's time zone) and the week's summary computed
//!   from the ledgers, split by calendar month; [`plausibility`]: the flags an HQ analyst would
//!   query, shown before sending. Read-only.
//! - [`key`]: the plant's Ed25519 signing key (generated at set-up, or on first use in a database
//!   that predates it); [`packet`]: the signed envelope around a week's content (RFC 8785
//!   canonical JSON, SHA-256, Ed25519), with the audit-chain head and the previous packet's
//!   anchor in its provenance. No network here.
//! - [`view`]: the preview typed for the app's Sync screen (details typed, registry rows attached).

pub mod key;
pub mod packet;
pub mod plausibility;
pub mod view;
pub mod week;

pub use plausibility::{plausibility, Flag, FlagKind};
pub use week::{preview, week_summary, IsoWeek, MonthPart, WeekPreview, WeekSummary};
