//! Hazardous waste (HJ 1259-2022) and general industrial solid waste. Stored: the catalogue
//! ([`catalogue`]), waste streams ([`stream`]), the five record kinds — generation B.1
//! ([`generation`]), into/out of storage B.2/B.3 ([`storage`]), own use/disposal B.4 ([`own`]),
//! outsourced B.5 under transfer manifests ([`shipment`]) — receivers and their licences
//! ([`receiver`]), the general solid-waste ledger ([`solid`]); derived: GRI 306 ([`gri`]),
//! documents ([`export`]), import of history ([`import`]). Pure rules: management category and
//! declaration calendar ([`category`]), manifest numbers, deadlines and reconciliation
//! ([`manifest`]), storage clocks and caps ([`storage::rules`]), HJ 1276 label IDs ([`label`]).

pub mod alerts;
pub mod appendix;
pub mod catalogue;
pub mod category;
pub mod export;
pub mod generation;
pub mod gri;
pub mod import;
pub mod indicators;
pub mod label;
pub mod manifest;
pub mod own;
pub mod receiver;
pub mod report;
pub mod settings;
pub mod shipment;
pub mod solid;
pub mod storage;
pub mod stream;
pub mod transfer;
pub mod trend;

use crate::error::Result;

crate::text_enum! {
    /// Why waste leaves storage for treatment (B.4 自行, B.5 委外): 利用 or 处置.
    pub enum Purpose {
        Utilisation = "utilisation",
        Disposal = "disposal",
    }
}

impl Purpose {
    /// 利用 or 处置, as the tables and the manifest copy print it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Purpose::Utilisation => "利用",
            Purpose::Disposal => "处置",
        }
    }
}
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// The next batch code `prefix` + `YYYYMMDD` + serial (001, 002…) of plant-local `day`, counted
/// over `table.batch_code` (HJ 1259 suggests this pattern for every record kind). `only` narrows
/// the rows counted (e.g. reversals, whose codes carry a suffix, are not batches of their own).
pub(crate) fn next_batch_code(
    conn: &Connection,
    table: &'static str,
    only: &'static str,
    prefix: &str,
    day: NaiveDate,
) -> Result<String> {
    let lo = format!("{prefix}{}", day.format("%Y%m%d"));
    // The next free serial: one past the highest of the day's codes of this exact form (prefix,
    // date, a serial of 3 to 6 digits), not count + 1, which collides with a code imported with
    // a gap. Past 999 the serial grows a digit (…1000) rather than wrapping or colliding.
    let max: Option<i64> = conn.query_row(
        // '~' sorts after every digit.
        &format!(
            "SELECT max(CAST(substr(batch_code, ?3) AS INTEGER)) FROM {table}
             WHERE batch_code > ?1 AND batch_code < ?2 AND length(batch_code) BETWEEN ?4 AND ?4 + 3
               AND substr(batch_code, ?3) NOT GLOB '*[^0-9]*' {only}"
        ),
        params![lo, format!("{lo}~"), lo.len() as i64 + 1, lo.len() as i64 + 3],
        |r| r.get(0),
    )?;
    Ok(format!("{lo}{:03}", max.unwrap_or(0) + 1))
}
