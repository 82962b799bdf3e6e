//! Every rule of shipping, read-only: the input, the checked plan ([`preview`]) that the
//! wizard's review step shows and that [`super::ship`] posts inside its write transaction.

use super::super::manifest::{self, WeightSource};
use super::super::receiver::{self, Counterparty, CounterpartyKind, Licence, LicenceProblem};
use super::super::storage::{self, Facility};
use super::super::Purpose;
use crate::error::{Error, Result};
use crate::plant::settings;
use crate::time;
use crate::units::Grams;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipInput {
    /// The number the national system assigned (14 digits).
    pub manifest_no: String,
    /// Receiver id or name.
    pub receiver: String,
    /// Transporter id or name.
    pub transporter: Option<String>,
    pub vehicle_plate: Option<String>,
    /// `None` means in province.
    pub transfer_type: Option<TransferType>,
    pub purpose: Purpose,
    /// 利用/处置方式 code, e.g. R2, D10.
    pub method: String,
    /// Container ids; each leaves the facility where it is in stock, whole.
    pub containers: Vec<String>,
    pub weight_source: WeightSource,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` means now.
    pub shipped_at_local: Option<String>,
    /// An admin's written reason to ship despite a licence refusal.
    pub override_reason: Option<String>,
}

/// What shipping would do, without writing: the wizard's review step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipPreview {
    pub lines: Vec<PreviewLine>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    /// Refusals an admin may override with a reason.
    pub problems: Vec<LicenceProblem>,
    /// Accepted, but worth a look (legacy manifest number, capacity).
    pub warnings: Vec<String>,
    pub confirmation_due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewLine {
    pub container_id: String,
    pub facility_code: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
}

/// A container picked for a shipment: its facility, id, code and (whole) stock.
pub(super) type Pick = (Facility, String, String, Grams);

pub(super) struct Checked {
    pub(super) tz: Tz,
    pub(super) at: DateTime<Utc>,
    pub(super) manifest: manifest::ManifestNumber,
    pub(super) receiver_id: String,
    pub(super) licence_id: Option<String>,
    pub(super) transporter_id: Option<String>,
    pub(super) transfer_type: TransferType,
    pub(super) purpose: Purpose,
    pub(super) weight_source: WeightSource,
    pub(super) picks: Vec<Pick>,
    pub(super) preview: ShipPreview,
}

crate::text_enum! {
    /// Where a shipment goes (HJ 1259-2022 B.5 转移类型).
    pub enum TransferType {
        InProvince = "in_province",
        CrossProvince = "cross_province",
        Export = "export",
    }
}

impl TransferType {
    /// As the manifest copy prints it.
    pub fn name_zh(self) -> &'static str {
        match self {
            TransferType::InProvince => "省内转移",
            TransferType::CrossProvince => "跨省转移",
            TransferType::Export => "出口",
        }
    }
}

/// Every rule of shipping, read-only: used by [`preview`] and, inside the write transaction, by
/// [`ship`].
pub(super) fn check(conn: &Connection, input: &ShipInput, now: DateTime<Utc>) -> Result<Checked> {
    let plant = crate::plant::require(conn)?;
    let tz = plant.tz()?;
    let at = time::entered_or_now("shipped_at", input.shipped_at_local.as_deref(), tz, now)?;
    let day = time::local_date(at, tz);
    let manifest = manifest::parse_manifest_number("manifest_no", &input.manifest_no, day)?;
    let dup: Option<String> = conn
        .query_row(
            "SELECT local_date FROM shipment WHERE manifest_no = ?1 AND voided_at IS NULL",
            [&manifest.number],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(d) = dup {
        return Err(Error::invalid(
            "manifest_no",
            format!("manifest {} was already used for the shipment of {d}", manifest.number),
        ));
    }
    let transfer_type = input.transfer_type.unwrap_or(TransferType::InProvince);
    let (purpose, weight_source) = (input.purpose, input.weight_source);
    let method = input.method.trim();
    if method.is_empty() || method.len() > 16 {
        return Err(Error::invalid("method", "give the 利用/处置方式 code (e.g. R2, D10)"));
    }
    let (receiver, transporter) = parties(conn, input, day)?;
    let picks = pick_containers(conn, &input.containers, at, tz)?;
    let codes: Vec<String> = {
        let mut v: Vec<String> = picks.iter().map(|p| p.2.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let current = receiver.current.as_ref();
    let mut problems = receiver::check_licence(
        CounterpartyKind::Receiver,
        &receiver.name,
        current,
        receiver.licences.first(),
        day,
        &codes,
    );
    if let Some(t) = &transporter {
        problems.extend(receiver::check_licence(
            CounterpartyKind::Transporter,
            &t.name,
            t.current.as_ref(),
            t.licences.first(),
            day,
            &[],
        ));
    }
    let total: i64 = picks.iter().map(|p| p.3 .0).sum();
    let warnings = warnings(&manifest, &receiver, current, total, transfer_type);
    let cal = settings::work_calendar(conn)?;
    let preview = ShipPreview {
        lines: picks
            .iter()
            .map(|(f, c, code, g)| PreviewLine {
                container_id: c.clone(),
                facility_code: f.code.clone(),
                code: code.clone(),
                quantity_g: g.0,
                quantity_kg: g.kg_string(),
            })
            .collect(),
        total_g: total,
        total_kg: Grams(total).kg_string(),
        problems,
        warnings,
        confirmation_due: manifest::confirmation_due(day, &cal).to_string(),
    };
    Ok(Checked {
        tz,
        at,
        manifest,
        receiver_id: receiver.id,
        licence_id: current.map(|l| l.id.clone()),
        transporter_id: transporter.map(|t| t.id),
        transfer_type,
        purpose,
        weight_source,
        picks,
        preview,
    })
}

/// The receiver, and the transporter when one is named: each registered as that kind.
fn parties(conn: &Connection, input: &ShipInput, day: NaiveDate) -> Result<(Counterparty, Option<Counterparty>)> {
    let receiver = receiver::get(conn, "receiver", &input.receiver, day)?;
    if receiver.kind != CounterpartyKind::Receiver {
        return Err(Error::invalid("receiver", format!("{} is a transporter, not a receiver", receiver.name)));
    }
    let transporter = match input.transporter.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => {
            let c = receiver::get(conn, "transporter", t, day)?;
            if c.kind != CounterpartyKind::Transporter {
                return Err(Error::invalid("transporter", format!("{} is a receiver, not a transporter", c.name)));
            }
            Some(c)
        }
        None => None,
    };
    Ok((receiver, transporter))
}

/// The containers: each in stock in exactly one facility, shipped whole, never before it entered.
fn pick_containers(conn: &Connection, containers: &[String], at: DateTime<Utc>, tz: Tz) -> Result<Vec<Pick>> {
    if containers.is_empty() {
        return Err(Error::invalid("containers", "pick at least one container"));
    }
    let mut picks: Vec<Pick> = Vec::new();
    for raw in containers {
        let c = raw.trim();
        if c.is_empty() {
            return Err(Error::invalid("containers", "a container id is blank"));
        }
        crate::text::no_hidden_chars("containers", "a container id", c)?;
        if picks.iter().any(|p| p.1 == c) {
            return Err(Error::invalid("containers", format!("container {c} is listed twice")));
        }
        let found: Option<(String, String, i64)> = conn
            .query_row(
                "SELECT facility_id, code, stock_g FROM waste_container_stock WHERE container_id = ?1 AND stock_g > 0
                 ORDER BY stock_g DESC LIMIT 1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((fac_id, code, stock)) = found else {
            return Err(Error::invalid("containers", format!("container {c} is not in stock anywhere")));
        };
        let fac = storage::facility(conn, "containers", &fac_id)?;
        let last_in: String = conn.query_row(
            "SELECT max(moved_at) FROM waste_movement WHERE facility_id = ?1 AND container_id = ?2
             AND kind = 'into_storage' AND reverses_id IS NULL",
            params![fac_id, c],
            |r| r.get(0),
        )?;
        let last_in = time::from_db(&last_in)?;
        if at < time::to_minute(last_in) {
            return Err(Error::invalid(
                "shipped_at",
                format!(
                    "container {c} entered {} at {}, later than the shipping time",
                    fac.code,
                    time::utc_to_local_string(last_in, tz)
                ),
            ));
        }
        picks.push((fac, c.to_string(), code, Grams(stock)));
    }
    Ok(picks)
}

/// Accepted, but worth a look: a legacy manifest number, the receiver's licensed annual capacity,
/// a cross-province transfer.
fn warnings(
    manifest: &manifest::ManifestNumber,
    receiver: &Counterparty,
    current: Option<&Licence>,
    total: i64,
    transfer_type: TransferType,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(w) = &manifest.warning {
        warnings.push(w.clone());
    }
    if let Some(cap) = current.and_then(|l| l.annual_capacity_g) {
        let year_total = receiver.shipped_this_year_g + total;
        if year_total > cap {
            warnings.push(format!(
                "{} would receive {} t from this plant this year, above its licensed annual capacity of {} t",
                receiver.name,
                Grams(year_total).t_string(),
                Grams(cap).t_string()
            ));
        }
    }
    if transfer_type == TransferType::CrossProvince {
        warnings.push("cross-province transfer: it needs the provincial approval in force (Arts. 21–28)".into());
    }
    warnings
}

/// What [`ship`] would post and refuse, without writing.
pub fn preview(conn: &Connection, input: &ShipInput, now: DateTime<Utc>) -> Result<ShipPreview> {
    Ok(check(conn, input, now)?.preview)
}

pub(super) fn line_prefix(transfer_type: TransferType, purpose: Purpose) -> &'static str {
    match (transfer_type, purpose) {
        (TransferType::Export, Purpose::Utilisation) => "HWCKLY",
        (TransferType::Export, Purpose::Disposal) => "HWCKCZ",
        (_, Purpose::Utilisation) => "HWWWLY",
        (_, Purpose::Disposal) => "HWWWCZ",
    }
}
