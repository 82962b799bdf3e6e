//! The weekly sync to HQ: the period (the ISO week in the plant's time zone), the week's
//! summary computed from the ledgers and split by calendar month ([`week`]), and the
//! plausibility flags an HQ analyst would query, shown before sending ([`plausibility`]).
//! Read-only: nothing here writes or reads the clock.

pub mod plausibility;
pub mod week;

pub use plausibility::{plausibility, Flag, FlagKind};
pub use week::{preview, week_summary, IsoWeek, MonthPart, WeekPreview, WeekSummary};
