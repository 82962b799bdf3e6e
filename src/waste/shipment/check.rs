//! Every rule of shipping, read-only: the input, the checked plan ([`preview`]) that the
//! wizard's review step shows and that [`super::ship`] posts inside its write transaction.
//!
//! The rules (《危险废物转移管理办法》, domain.md §3): a transporter and a vehicle on every shipment
//! (or the plant says it carries its own waste); the receiver's (and transporter's) licence in
//! force and covering every code, and its 经营方式 covering the R/D method; weighed weights at a
//! 重点 plant; a cross-province transfer under a provincial approval in force that covers it.
//! Each is a [`ShipProblem`]: some an admin may override with a written reason, the others refuse.
//! The annual plan and the receiver's licensed capacity only warn.

use super::super::category::{self, ManagementCategory};
use super::super::manifest::{self, WeightSource};
use super::super::receiver::{self, Counterparty, CounterpartyKind, Licence, LicenceProblem, LicenceProblemKind};
use super::super::storage::{self, Facility};
use super::super::transfer::{self, ApprovalProblem};
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
    /// The plant carries its own waste (no transporter named): said explicitly.
    #[serde(default)]
    pub own_transport: bool,
    /// Required: the vehicle's plate.
    pub vehicle_plate: Option<String>,
    /// `None`: in province, unless the plant's and receiver's provinces differ (then cross-province).
    pub transfer_type: Option<TransferType>,
    /// A cross-province transfer's approval number; `None` picks the receiver's approval in force.
    #[serde(default)]
    pub approval_no: Option<String>,
    pub purpose: Purpose,
    /// 利用/处置方式 code, e.g. R2, D10.
    pub method: String,
    /// Container ids; each leaves the facility where it is in stock, whole.
    pub containers: Vec<String>,
    pub weight_source: WeightSource,
    /// Plant-local `YYYY-MM-DDTHH:MM`; `None` means now.
    pub shipped_at_local: Option<String>,
    /// An admin's written reason to ship despite an overridable refusal (licence, method,
    /// estimated weight at a 重点 plant).
    pub override_reason: Option<String>,
    /// The B.3 handlers of the take-outs: 出库部门经办人 and 运送部门经办人 with departments.
    #[serde(default)]
    pub handlers: crate::waste::appendix::Handlers,
}

crate::text_enum! {
    /// Why a shipment is refused (or needs an admin override).
    pub enum ShipProblemKind {
        NoLicence = "no_licence",
        Expired = "expired",
        NotYetValid = "not_yet_valid",
        CodeNotCovered = "code_not_covered",
        CollectionOnly = "collection_only",
        /// The receiver licence's 经营方式 does not cover the R/D method.
        MethodNotCovered = "method_not_covered",
        /// An estimated weight at a 重点 plant (GB 18597-2023 4.7, Art. 10: weigh every transfer).
        EstimatedWeight = "estimated_weight",
        /// No transporter named and own transport not declared.
        NoTransporter = "no_transporter",
        NoVehicle = "no_vehicle",
        /// Cross-province without an approval on record.
        NoApproval = "no_approval",
        ApprovalOutsideValidity = "approval_outside_validity",
        ApprovalOtherReceiver = "approval_other_receiver",
        ApprovalCodeNotCovered = "approval_code_not_covered",
        ApprovalQuantityExceeded = "approval_quantity_exceeded",
    }
}

/// A rule a shipment breaks. `overridable` ones an admin may ship past with a written reason
/// (audited); the others refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipProblem {
    pub kind: ShipProblemKind,
    /// The [`ShipInput`] field it blames.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub field: &'static str,
    /// Whose licence, for a licence problem.
    pub party: Option<CounterpartyKind>,
    pub code: Option<String>,
    pub message: String,
    pub overridable: bool,
}

impl ShipProblem {
    fn refusal(kind: ShipProblemKind, field: &'static str, message: String) -> ShipProblem {
        ShipProblem { kind, field, party: None, code: None, message, overridable: false }
    }

    /// A licence problem: overridable, blamed on the party's field (the method's for 经营方式).
    fn licence(p: LicenceProblem) -> ShipProblem {
        let kind = match p.kind {
            LicenceProblemKind::NoLicence => ShipProblemKind::NoLicence,
            LicenceProblemKind::Expired => ShipProblemKind::Expired,
            LicenceProblemKind::NotYetValid => ShipProblemKind::NotYetValid,
            LicenceProblemKind::CodeNotCovered => ShipProblemKind::CodeNotCovered,
            LicenceProblemKind::CollectionOnly => ShipProblemKind::CollectionOnly,
            LicenceProblemKind::MethodNotCovered => ShipProblemKind::MethodNotCovered,
        };
        let field = match (p.kind, p.party) {
            (LicenceProblemKind::MethodNotCovered, _) => "method",
            (_, CounterpartyKind::Transporter) => "transporter",
            (_, CounterpartyKind::Receiver) => "receiver",
        };
        ShipProblem { kind, field, party: Some(p.party), code: p.code, message: p.message, overridable: true }
    }

    /// A problem of the licence or its 经营方式 (the override is a "licence override").
    pub fn is_licence(&self) -> bool {
        self.party.is_some()
    }
}

/// What shipping would do, without writing: the wizard's review step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ShipPreview {
    pub lines: Vec<PreviewLine>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total_g: i64,
    pub total_kg: String,
    /// Every rule broken: refusals, and those an admin may override with a reason.
    pub problems: Vec<ShipProblem>,
    /// Accepted, but worth a look (legacy manifest number, capacity, annual plan).
    pub warnings: Vec<String>,
    pub confirmation_due: String,
    /// The transfer type the shipment will carry (cross-province when the provinces differ).
    pub transfer_type: TransferType,
    /// The cross-province approval it runs under, when one is found.
    pub approval_no: Option<String>,
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
    pub(super) own_transport: bool,
    pub(super) vehicle_plate: String,
    pub(super) approval_id: Option<String>,
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
        return Err(Error::invalid("manifest_no", crate::msg::waste::manifest_was_already_used(&manifest.number, &d)));
    }
    let (purpose, weight_source) = (input.purpose, input.weight_source);
    let method = input.method.trim();
    if method.is_empty() || method.len() > 16 {
        return Err(Error::invalid("method", crate::msg::waste::give_code_r2_d10()));
    }
    let vehicle_plate = input.vehicle_plate.as_deref().map(str::trim).unwrap_or("").to_string();
    if vehicle_plate.chars().count() > 16 || vehicle_plate.chars().any(char::is_control) {
        return Err(Error::invalid("vehicle_plate", crate::msg::waste::vehicle_plate_most_16()));
    }
    let (receiver, transporter) = parties(conn, input, day)?;
    if input.own_transport && transporter.is_some() {
        return Err(Error::invalid("transporter", crate::msg::waste::own_transport_declared_plant()));
    }
    let picks = pick_containers(conn, &input.containers, at, tz)?;
    let codes: Vec<String> = {
        let mut v: Vec<String> = picks.iter().map(|p| p.2.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let current = receiver.current.as_ref();
    let mut problems: Vec<ShipProblem> = Vec::new();
    // Art. 11: the carrier and its vehicle are on every manifest; a plant carrying its own waste
    // says so.
    if transporter.is_none() && !input.own_transport {
        problems.push(ShipProblem::refusal(
            ShipProblemKind::NoTransporter,
            "transporter",
            "name the transporter (承运人), or declare that the plant carries its own waste".into(),
        ));
    }
    if vehicle_plate.is_empty() {
        problems.push(ShipProblem::refusal(
            ShipProblemKind::NoVehicle,
            "vehicle_plate",
            "give the vehicle's plate (Art. 11: the carrier fills the vehicle on the manifest)".into(),
        ));
    }
    problems.extend(
        receiver::check_licence(
            CounterpartyKind::Receiver,
            &receiver.name,
            current,
            receiver.licences.first(),
            day,
            &codes,
        )
        .into_iter()
        .map(ShipProblem::licence),
    );
    problems.extend(
        receiver::check_method(CounterpartyKind::Receiver, &receiver.name, current, method).map(ShipProblem::licence),
    );
    if let Some(t) = &transporter {
        problems.extend(
            receiver::check_licence(
                CounterpartyKind::Transporter,
                &t.name,
                t.current.as_ref(),
                t.licences.first(),
                day,
                &[],
            )
            .into_iter()
            .map(ShipProblem::licence),
        );
    }
    // Art. 10-3 and GB 18597-2023 4.7: a 重点 plant weighs every transfer.
    if weight_source == WeightSource::Estimated && category::for_plant(conn, day)?.category == ManagementCategory::Key {
        problems.push(ShipProblem {
            kind: ShipProblemKind::EstimatedWeight,
            field: "weight_source",
            party: None,
            code: None,
            message: "a 重点监管单位 weighs every transfer: an estimated weight needs an admin override with a reason"
                .into(),
            overridable: true,
        });
    }
    let lines: Vec<(String, i64)> = picks.iter().map(|p| (p.2.clone(), p.3 .0)).collect();
    let (transfer_type, approval) = cross_province(conn, input, &manifest, &receiver, day, &lines, &mut problems)?;
    let total: i64 = picks.iter().map(|p| p.3 .0).sum();
    let mut warnings = warnings(&manifest, &receiver, current, total);
    warnings.extend(plan_warnings(conn, day, &lines)?);
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
        transfer_type,
        approval_no: approval.as_ref().map(|a| a.approval_no.clone()),
    };
    Ok(Checked {
        tz,
        at,
        manifest,
        receiver_id: receiver.id,
        licence_id: current.map(|l| l.id.clone()),
        transporter_id: transporter.map(|t| t.id),
        own_transport: input.own_transport,
        vehicle_plate,
        approval_id: approval.map(|a| a.id),
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
        return Err(Error::invalid("receiver", crate::msg::waste::transporter_not_receiver(&receiver.name)));
    }
    let transporter = match input.transporter.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => {
            let c = receiver::get(conn, "transporter", t, day)?;
            if c.kind != CounterpartyKind::Transporter {
                return Err(Error::invalid("transporter", crate::msg::waste::receiver_not_transporter(&c.name)));
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
        return Err(Error::invalid("containers", crate::msg::waste::pick_least_one_container()));
    }
    let mut picks: Vec<Pick> = Vec::new();
    for raw in containers {
        let c = raw.trim();
        if c.is_empty() {
            return Err(Error::invalid("containers", crate::msg::waste::container_id_blank()));
        }
        crate::text::no_hidden_chars("containers", "a container id", c)?;
        if picks.iter().any(|p| p.1 == c) {
            return Err(Error::invalid("containers", crate::msg::waste::container_listed_twice(&c)));
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
            return Err(Error::invalid("containers", crate::msg::waste::container_not_stock_anywhere2(&c)));
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
                crate::msg::waste::container_entered_later_than(&c, &fac.code, &time::utc_to_local_string(last_in, tz)),
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
    warnings
}

/// The transfer type, from the input and the plant's and receiver's provinces, and for a
/// cross-province transfer the approval it runs under (checked: refusals go into `problems`).
fn cross_province(
    conn: &Connection,
    input: &ShipInput,
    manifest: &manifest::ManifestNumber,
    receiver: &Counterparty,
    day: NaiveDate,
    lines: &[(String, i64)],
    problems: &mut Vec<ShipProblem>,
) -> Result<(TransferType, Option<transfer::Approval>)> {
    // The consignor's province: the plant's region code or address, else the manifest number's
    // province digits (the national system numbers by the consignor's province).
    let plant = match super::super::settings::plant_province(conn)? {
        Some(p) => Some(p),
        None => manifest.province.as_deref().and_then(|p| transfer::province_of(Some(p), "")),
    };
    let differ = match (plant, receiver.province.as_deref()) {
        (Some(a), Some(b)) => Some((a, b)).filter(|(a, b)| a != b),
        _ => None,
    };
    let transfer_type = match (input.transfer_type, differ) {
        (Some(TransferType::InProvince), Some((a, b))) => {
            return Err(Error::invalid(
                "transfer_type",
                crate::msg::waste::plant_cross_province_transfer(
                    &transfer::province_name(a).unwrap_or(a),
                    &receiver.name,
                    &transfer::province_name(b).unwrap_or(b),
                ),
            ))
        }
        (Some(t), _) => t,
        (None, Some(_)) => TransferType::CrossProvince,
        (None, None) => TransferType::InProvince,
    };
    if transfer_type != TransferType::CrossProvince {
        if input.approval_no.as_deref().is_some_and(|a| !a.trim().is_empty()) {
            return Err(Error::invalid("approval_no", crate::msg::waste::approval_number_belongs_cross()));
        }
        return Ok((transfer_type, None));
    }
    let approval =
        match input.approval_no.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(no) => Some(transfer::approval_by_no(conn, no)?.ok_or_else(|| {
                Error::invalid("approval_no", crate::msg::waste::no_approval_registered_register(&no))
            })?),
            // The receiver's approvals: one that allows this shipment, else the newest (to say why not).
            None => {
                let all = transfer::approvals(conn, Some(&receiver.id))?;
                let fits = all.iter().find(|a| transfer::check_approval(Some(a), &receiver.id, day, lines).is_empty());
                fits.or(all.first()).cloned()
            }
        };
    for (p, message) in transfer::check_approval(approval.as_ref(), &receiver.id, day, lines) {
        let kind = match p {
            ApprovalProblem::Missing => ShipProblemKind::NoApproval,
            ApprovalProblem::OutsideValidity => ShipProblemKind::ApprovalOutsideValidity,
            ApprovalProblem::OtherReceiver => ShipProblemKind::ApprovalOtherReceiver,
            ApprovalProblem::CodeNotCovered => ShipProblemKind::ApprovalCodeNotCovered,
            ApprovalProblem::QuantityExceeded => ShipProblemKind::ApprovalQuantityExceeded,
        };
        problems.push(ShipProblem::refusal(kind, "approval_no", message));
    }
    Ok((transfer_type, approval))
}

/// The annual plan: a warning per code whose year total this shipment takes above the plan.
fn plan_warnings(conn: &Connection, day: NaiveDate, lines: &[(String, i64)]) -> Result<Vec<String>> {
    let year = i64::from(chrono::Datelike::year(&day));
    let plans = transfer::plans(conn, year)?;
    let mut by_code: Vec<(&str, i64)> = Vec::new();
    for (code, g) in lines {
        match by_code.iter_mut().find(|(c, _)| c == code) {
            Some(e) => e.1 += g,
            None => by_code.push((code, *g)),
        }
    }
    let mut out = Vec::new();
    for (code, g) in by_code {
        let plan = plans.iter().find(|p| p.code == code);
        let shipped = plan.map_or(0, |p| p.shipped_g);
        if let Some(w) = transfer::plan_warning(code, year, plan.map(|p| p.quantity_g), !plans.is_empty(), shipped, g) {
            out.push(w);
        }
    }
    Ok(out)
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
