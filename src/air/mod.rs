//! Air: the VOCs (挥发性有机物) area (domain.md §7; issue 12 item 6). Two ways to a month's
//! emitted VOCs, each figure keeping the method that produced it:
//!
//! - **Material balance** (物料衡算, DB44/816-2010 Appendix B): `E = I − O1 − O2` from the monthly
//!   material ledger — `I` the VOCs in the materials used (usage × VOC mass %), `O1` the VOCs
//!   recovered (the ledger's recovered quantities, plus the VOCs that left in hazardous waste,
//!   read automatically from the accepted shipments of the waste ledger by code ×
//!   [`materials::set_waste_content`]'s VOC %), `O2` the VOCs destroyed by abatement (per source,
//!   the input used there × capture × removal efficiency). g/m² = E ÷ the month's coated area.
//! - **Monitoring** (监测法): per source, the mean of C × Q over the month's stack tests × the
//!   operating hours × 10⁻⁹ t.
//!
//! Files: [`sources`] (stacks and coating lines, limits, efficiencies), [`materials`] (material
//! master data, the monthly ledger, the VOC content of waste codes), [`stack_tests`] (test
//! results and the coated area), [`balance`] and [`monitoring`] (pure rules), [`exact`] (exact
//! rational arithmetic: no float is ever summed into a figure), [`emissions`] (a month with both
//! methods side by side and every input), [`figures`] (the figure source for the week summary),
//! [`report`] (the management report's section). Writes are audited in their transaction and
//! voided with a reason ([`void`]); nothing here reads the clock (`now` is passed).

pub mod balance;
pub mod emissions;
pub mod exact;
pub mod figures;
pub mod materials;
pub mod monitoring;
pub mod report;
pub mod sources;
pub mod stack_tests;

pub use emissions::{emissions, VocMonth};

use crate::audit;
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::Decimal;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

/// Who may write the VOC ledgers.
pub(crate) const WRITERS: &[Role] = &[Role::Admin, Role::EhsOfficer];

crate::text_enum! {
    /// The kinds of VOC record, as `void` names them.
    pub enum VocRecord {
        Source = "source",
        Material = "material",
        Usage = "usage",
        WasteContent = "waste_content",
        Test = "test",
        Area = "area",
    }
}

impl VocRecord {
    fn table(self) -> &'static str {
        match self {
            VocRecord::Source => "voc_source",
            VocRecord::Material => "voc_material",
            VocRecord::Usage => "voc_usage",
            VocRecord::WasteContent => "voc_waste_content",
            VocRecord::Test => "voc_test",
            VocRecord::Area => "voc_coated_area",
        }
    }
}

/// Voids a VOC record with a reason. A source or material that live ledger lines or tests
/// still use is refused (void those first), so no live figure loses its master data.
pub fn void(
    store: &mut Store,
    actor: &Session,
    kind: VocRecord,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    actor.require(WRITERS)?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::common::say_why_record_voided()));
    }
    let tx = store.write_tx()?;
    let table = kind.table();
    let voided: Option<Option<String>> =
        tx.query_row(&format!("SELECT voided_at FROM {table} WHERE id = ?1"), [id.trim()], |r| r.get(0)).optional()?;
    match voided {
        None => return Err(Error::NotFound { what: "VOC record", id: id.trim().to_string() }),
        Some(Some(_)) => return Err(Error::Conflict(crate::msg::air::already_voided(&kind, &id.trim()))),
        Some(None) => {}
    }
    let in_use = match kind {
        VocRecord::Source => Some(
            "SELECT (SELECT count(*) FROM voc_usage WHERE source_id = ?1 AND voided_at IS NULL)
                  + (SELECT count(*) FROM voc_test WHERE source_id = ?1 AND voided_at IS NULL)",
        ),
        VocRecord::Material => Some("SELECT count(*) FROM voc_usage WHERE material_id = ?1 AND voided_at IS NULL"),
        _ => None,
    };
    if let Some(sql) = in_use {
        let n: i64 = tx.query_row(sql, [id.trim()], |r| r.get(0))?;
        if n > 0 {
            return Err(Error::Conflict(crate::msg::air::used_live_ledger_line(&kind, &id.trim(), &n)));
        }
    }
    audit::void_row(&tx, now, &actor.user_id, table, id.trim(), reason)?;
    tx.commit()?;
    Ok(())
}

/// A month `YYYY-MM` (as stored), naming `field` when refusing.
pub fn parse_month(field: &'static str, text: &str) -> Result<String> {
    Ok(crate::report::Period::parse_month(field, text)?.to_string())
}

/// The first and last plant-local day of month `YYYY-MM`.
pub fn month_days(field: &'static str, month: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    let p = crate::report::Period::parse_month(field, month)?;
    Ok((p.first_day(), p.last_day()))
}

/// Exact decimal text, naming `field` when refusing.
pub(crate) fn decimal(field: &'static str, text: &str) -> Result<Decimal> {
    Decimal::parse(text).map_err(|e| Error::invalid(field, e.0))
}

/// A percentage 0–100 (`min_exclusive`: above 0).
pub(crate) fn percent(field: &'static str, text: &str, above_zero: bool) -> Result<Decimal> {
    let d = decimal(field, text)?;
    if d.0 < 0 || d.0 > 100 * Decimal::ONE || (above_zero && d.0 == 0) {
        let low = if above_zero { "above 0" } else { "from 0" };
        return Err(Error::invalid(field, crate::msg::air::not_percentage_up_100(&d, &low)));
    }
    Ok(d)
}

/// A decimal above 0 and at most `max`.
pub(crate) fn positive(field: &'static str, text: &str, max: i64, unit: &str) -> Result<Decimal> {
    let d = decimal(field, text)?;
    if d.0 <= 0 || d.0 > max * Decimal::ONE {
        return Err(Error::invalid(field, crate::msg::air::must_above_0_most(&d, &unit, &max)));
    }
    Ok(d)
}

/// An optional free text, trimmed, at most `max` characters, without hidden characters.
pub(crate) fn note(field: &'static str, text: Option<&str>, max: usize) -> Result<String> {
    let t = text.map(str::trim).unwrap_or("");
    if t.chars().count() > max {
        return Err(Error::invalid(field, crate::msg::common::too_long(&max)));
    }
    crate::text::no_hidden_chars(field, field, t)?;
    Ok(t.to_string())
}
