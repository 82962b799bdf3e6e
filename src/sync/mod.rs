//! The weekly sync to HQ: what leaves the plant.
//! - [`week`]: the period (the ISO week in the plant's time zone) and the week's summary computed
//!   from the ledgers, split by calendar month; [`plausibility`]: the flags an HQ analyst would
//!   query, shown before sending. Read-only.
//! - [`key`]: the plant's Ed25519 signing key (generated at set-up, or on first use in a database
//!   that predates it); [`packet`]: the signed envelope around a week's content (RFC 8785
//!   canonical JSON, SHA-256, Ed25519), with the audit-chain head and the previous packet's
//!   anchor in its provenance. No network here.
//! - [`view`]: the preview typed for the app's Sync screen (details typed, registry rows attached).
//! - [`packets`]: a week turned into a stored packet ([`build`]: revision n+1, notes per flag,
//!   signed, stored and queued in one transaction) and written to a folder ([`export`]);
//!   [`outbox`]: the queue a delivery task outside the core drains in order, with each attempt
//!   recorded; [`submitted`]: which weeks reached HQ, which changed since, and the area's
//!   alerts; [`settings`]: SMTP, HQ and report addresses, transport, report language, schedule.
//! - [`schedule`]: when a week closes, which closed weeks have no packet, and the unattended run
//!   that builds them in order (stopping at a week whose flags need a person's notes);
//!   [`reports`]: each closed week's and month's management report queued once for the plant's
//!   managers; [`schedule::prepare`] runs both before each outbox drain (the app's worker).
//! - [`returns`]: HQ's signed returns of a week, imported (file or mail), verified against HQ's
//!   registered key and shown on the week until a restatement is built.

pub mod key;
pub mod outbox;
pub mod packet;
pub mod packets;
pub mod plausibility;
pub mod reports;
pub mod returns;
pub mod schedule;
pub mod settings;
pub mod submitted;
pub mod view;
pub mod week;

pub use packets::{build, export, BuildRequest, Built, Exported, FlagNote};

pub use plausibility::{plausibility, Flag, FlagKind};
pub use week::{preview, week_summary, IsoWeek, MonthPart, WeekPreview, WeekSummary};
