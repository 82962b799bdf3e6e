//! What an export covers and how: a [`Period`] (a month or any from–to range of plant-local days),
//! which [`LedgerTable`], and the file [`Format`].

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};

/// A span of local calendar days, both ends included: a month (`YYYY-MM`) for the monthly
/// ledger, or any from–to range for the ledger views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The longest range a ledger view or export covers (ten years of days).
pub const MAX_PERIOD_DAYS: i64 = 3_660;

impl Period {
    /// A calendar month, `YYYY-MM`.
    pub fn month(field: &'static str, text: &str) -> Result<Period> {
        let t = text.trim();
        let first = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, crate::msg::waste::not_month_yyyy_mm(&t)))?;
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        }
        .ok_or_else(|| Error::invalid(field, crate::msg::waste::month_out_range()))?;
        Ok(Period { first, last: next.pred_opt().expect("a day before the 1st") })
    }

    /// `from` to `to` (`YYYY-MM-DD`), both included; refused when `to` is before `from` or the
    /// range is longer than [`MAX_PERIOD_DAYS`].
    pub fn between(from: &str, to: &str) -> Result<Period> {
        let first = crate::time::parse_date("from", from)?;
        let last = crate::time::parse_date("to", to)?;
        if last < first {
            return Err(Error::invalid("to", crate::msg::common::end_before_start(&last, &first)));
        }
        if (last - first).num_days() >= MAX_PERIOD_DAYS {
            return Err(Error::invalid("to", crate::msg::waste::range_most_days(&MAX_PERIOD_DAYS)));
        }
        Ok(Period { first, last })
    }

    /// A whole calendar month: from its 1st to the day before the next month's 1st.
    pub fn is_month(&self) -> bool {
        self.first.day() == 1
            && self.last.succ_opt().is_some_and(|next| next.day() == 1)
            && (self.first.year(), self.first.month()) == (self.last.year(), self.last.month())
    }

    pub(super) fn label(&self) -> String {
        if self.is_month() {
            format!("{}年{:02}月", self.first.year(), self.first.month())
        } else {
            format!("{} 至 {}", self.first, self.last)
        }
    }
}

crate::text_enum! {
    /// One table of the ledger: the five HJ 1259-2022 Appendix B record tables, the period
    /// summary and the general solid-waste ledger, in the order of the monthly workbook's sheets.
    pub enum LedgerTable {
        B1Generation = "b1" | "B1",
        B2IntoStorage = "b2" | "B2",
        B3OutOfStorage = "b3" | "B3",
        B4OwnTreatment = "b4" | "B4",
        B5Outsourced = "b5" | "B5",
        Summary = "summary",
        SolidWaste = "solid",
    }
}

crate::text_enum! {
    /// A document format.
    pub enum Format {
        Xlsx = "xlsx" | "excel" | "XLSX",
        Pdf = "pdf" | "PDF",
    }
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        self.as_str()
    }
}
