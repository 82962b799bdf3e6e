//! The registers behind the transfer rules of 《危险废物转移管理办法》 (domain.md §3) that a
//! shipment checks: cross-province approvals (跨省转移审批, Arts. 21–28) and the annual plan's
//! transfer quantity per code (管理计划, HJ 1259 §5), both insert-only and audited; and the
//! pure rules over them — which province a party is in (行政区划代码 or the address), whether an
//! approval allows a shipment, whether a shipment takes the year above the plan. The shipment
//! check ([`super::shipment`]) runs these; nothing here ships.

use super::catalogue;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Province-level divisions (GB/T 2260 first two digits) and the names an address starts with.
const PROVINCES: &[(&str, &str)] = &[
    ("11", "北京"),
    ("12", "天津"),
    ("13", "河北"),
    ("14", "山西"),
    ("15", "内蒙古"),
    ("21", "辽宁"),
    ("22", "吉林"),
    ("23", "黑龙江"),
    ("31", "上海"),
    ("32", "江苏"),
    ("33", "浙江"),
    ("34", "安徽"),
    ("35", "福建"),
    ("36", "江西"),
    ("37", "山东"),
    ("41", "河南"),
    ("42", "湖北"),
    ("43", "湖南"),
    ("44", "广东"),
    ("45", "广西"),
    ("46", "海南"),
    ("50", "重庆"),
    ("51", "四川"),
    ("52", "贵州"),
    ("53", "云南"),
    ("54", "西藏"),
    ("61", "陕西"),
    ("62", "甘肃"),
    ("63", "青海"),
    ("64", "宁夏"),
    ("65", "新疆"),
    ("71", "台湾"),
    ("81", "香港"),
    ("82", "澳门"),
];

/// The province name for a two-digit code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Checks a 6-digit administrative division code (行政区划代码) whose province exists.
pub fn check_region_code(field: &'static str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) && province_name(&t[..2]).is_some() {
        Ok(t.to_string())
    } else {
        Err(Error::invalid(field, crate::msg::waste::not_6_digit_administrative(&t)))
    }
}

/// The two-digit province of a party: from its region code when recorded, else from the
/// province its address starts with (`广东省深圳市…`, `中国上海市…`). `None`: not known. Pure.
pub fn province_of(region_code: Option<&str>, address: &str) -> Option<&'static str> {
    if let Some(rc) = region_code.map(str::trim).filter(|r| r.len() >= 2) {
        if let Some((c, _)) = PROVINCES.iter().find(|(c, _)| rc.starts_with(c)) {
            return Some(c);
        }
    }
    let a = address.trim();
    let a = a.strip_prefix("中国").unwrap_or(a).trim_start();
    PROVINCES.iter().find(|(_, n)| a.starts_with(n)).map(|(c, _)| *c)
}

/// Registering a cross-province transfer approval.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewApproval {
    /// The approval's document number (批准文号).
    pub approval_no: String,
    /// Receiver id or name.
    pub receiver: String,
    /// Waste codes the approval allows (NNN-NNN-NN).
    pub codes: Vec<String>,
    /// Approved quantity in tonnes (decimal text); empty = not stated.
    pub quantity_t: Option<String>,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    pub valid_to: String,
}

/// A cross-province transfer approval with what has been shipped under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Approval {
    pub id: String,
    pub approval_no: String,
    pub receiver_id: String,
    pub receiver_name: String,
    pub codes: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub quantity_g: Option<i64>,
    pub quantity_t: Option<String>,
    pub valid_from: String,
    pub valid_to: String,
    /// Live shipments that ran under it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_g: i64,
}

/// Registers an approval (admins and EHS officers). Its validity is at most 12 months (Art. 24).
pub fn add_approval(store: &mut Store, actor: &Session, input: NewApproval, now: DateTime<Utc>) -> Result<Approval> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let no = input.approval_no.trim();
    if no.is_empty() || no.chars().count() > 64 || no.chars().any(char::is_control) {
        return Err(Error::invalid("approval_no", crate::msg::waste::approval_number_required_most()));
    }
    let from = time::parse_date("valid_from", &input.valid_from)?;
    let to = time::parse_date("valid_to", &input.valid_to)?;
    if to < from {
        return Err(Error::invalid("valid_to", crate::msg::waste::approval_ends_before_starts(&to, &from)));
    }
    if from.checked_add_months(Months::new(12)).is_some_and(|end| to >= end) {
        return Err(Error::invalid("valid_to", crate::msg::waste::approval_valid_most_12(&from, &to)));
    }
    let mut codes: Vec<String> = Vec::new();
    for raw in input.codes.iter().flat_map(|s| s.split([',', ' ', '，', '、'])) {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let c = catalogue::parse_code("codes", t)?.code;
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    if codes.is_empty() {
        return Err(Error::invalid("codes", crate::msg::waste::list_waste_codes_approval()));
    }
    let quantity = match input.quantity_t.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => {
            let g = Grams::parse(t, MassUnit::T).map_err(|e| Error::invalid("quantity_t", e.0))?;
            if g.0 <= 0 {
                return Err(Error::invalid("quantity_t", crate::msg::waste::approved_quantity_must_greater()));
            }
            Some(g.0)
        }
        None => None,
    };
    let tx = store.write_tx()?;
    let today = time::local_date(now, crate::plant::require(&tx)?.tz()?);
    let r = super::receiver::get(&tx, "receiver", &input.receiver, today)?;
    if r.kind != super::receiver::CounterpartyKind::Receiver {
        return Err(Error::invalid("receiver", crate::msg::waste::transporter_not_receiver(&r.name)));
    }
    let dup: bool = tx
        .query_row("SELECT 1 FROM transfer_approval WHERE approval_no = ?1 AND voided_at IS NULL", [no], |_| Ok(()))
        .optional()?
        .is_some();
    if dup {
        return Err(Error::invalid("approval_no", crate::msg::waste::approval_already_registered(&no)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO transfer_approval (id, approval_no, receiver_id, codes, quantity_g, valid_from, valid_to,
            created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            no,
            r.id,
            serde_json::to_string(&codes)?,
            quantity,
            from.to_string(),
            to.to_string(),
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "transfer_approval", &id, None, None)?;
    let a = approval(&tx, &id)?.ok_or_else(|| Error::Internal("approval vanished".into()))?;
    tx.commit()?;
    Ok(a)
}

const APPROVAL_SELECT: &str = "SELECT a.id, a.approval_no, a.receiver_id, r.name, a.codes, a.quantity_g, a.valid_from,
    a.valid_to, (SELECT coalesce(sum(l.quantity_g), 0) FROM shipment s JOIN shipment_line l ON l.shipment_id = s.id
                 WHERE s.approval_id = a.id AND s.voided_at IS NULL)
    FROM transfer_approval a JOIN counterparty r ON r.id = a.receiver_id WHERE a.voided_at IS NULL";

fn map_approval(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Approval, String)> {
    let q: Option<i64> = r.get(5)?;
    Ok((
        Approval {
            id: r.get(0)?,
            approval_no: r.get(1)?,
            receiver_id: r.get(2)?,
            receiver_name: r.get(3)?,
            codes: Vec::new(),
            quantity_g: q,
            quantity_t: q.map(|g| Grams(g).t_string()),
            valid_from: r.get(6)?,
            valid_to: r.get(7)?,
            shipped_g: r.get(8)?,
        },
        r.get(4)?,
    ))
}

fn with_codes((mut a, codes): (Approval, String)) -> Result<Approval> {
    a.codes = serde_json::from_str(&codes)?;
    Ok(a)
}

fn approval(conn: &Connection, id: &str) -> Result<Option<Approval>> {
    let row = conn.query_row(&format!("{APPROVAL_SELECT} AND a.id = ?1"), [id], map_approval).optional()?;
    row.map(with_codes).transpose()
}

/// A live approval by its number.
pub fn approval_by_no(conn: &Connection, approval_no: &str) -> Result<Option<Approval>> {
    let row = conn
        .query_row(&format!("{APPROVAL_SELECT} AND a.approval_no = ?1"), [approval_no.trim()], map_approval)
        .optional()?;
    row.map(with_codes).transpose()
}

/// Live approvals, optionally of one receiver (id), newest validity first.
pub fn approvals(conn: &Connection, receiver_id: Option<&str>) -> Result<Vec<Approval>> {
    let mut stmt = conn.prepare(&format!(
        "{APPROVAL_SELECT} AND (?1 IS NULL OR a.receiver_id = ?1) ORDER BY a.valid_to DESC, a.created_at DESC"
    ))?;
    let rows = stmt.query_map([receiver_id], map_approval)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(with_codes).collect()
}

/// Why an approval does not allow a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalProblem {
    Missing,
    OutsideValidity,
    OtherReceiver,
    CodeNotCovered,
    QuantityExceeded,
}

/// Checks a cross-province shipment of `lines` (code, grams) to `receiver_id` on `day` against
/// the approval it runs under (`None`: none found). Pure; returns each problem with its message.
pub fn check_approval(
    approval: Option<&Approval>,
    receiver_id: &str,
    day: NaiveDate,
    lines: &[(String, i64)],
) -> Vec<(ApprovalProblem, String)> {
    let Some(a) = approval else {
        return vec![(
            ApprovalProblem::Missing,
            "cross-province transfer without an approval in force: register the provincial approval (Arts. 21–28)"
                .into(),
        )];
    };
    let mut out = Vec::new();
    let d = day.to_string();
    if d < a.valid_from || d > a.valid_to {
        out.push((
            ApprovalProblem::OutsideValidity,
            format!("approval {} is valid {} … {}; shipping day {day}", a.approval_no, a.valid_from, a.valid_to),
        ));
    }
    if a.receiver_id != receiver_id {
        out.push((
            ApprovalProblem::OtherReceiver,
            format!("approval {} is for {}, not this receiver", a.approval_no, a.receiver_name),
        ));
    }
    let mut uncovered: Vec<&str> =
        lines.iter().map(|l| l.0.as_str()).filter(|c| !a.codes.iter().any(|x| x == c)).collect();
    uncovered.dedup();
    if !uncovered.is_empty() {
        out.push((
            ApprovalProblem::CodeNotCovered,
            format!("approval {} does not cover {}", a.approval_no, uncovered.join(", ")),
        ));
    }
    if let Some(q) = a.quantity_g {
        let this: i64 = lines.iter().map(|l| l.1).sum();
        if a.shipped_g + this > q {
            out.push((
                ApprovalProblem::QuantityExceeded,
                format!(
                    "approval {} allows {} t; {} t shipped under it plus {} t now is more (re-apply, Art. 27)",
                    a.approval_no,
                    Grams(q).t_string(),
                    Grams(a.shipped_g).t_string(),
                    Grams(this).t_string()
                ),
            ));
        }
    }
    out
}

/// Registering (or amending) the annual plan's transfer quantity for one code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewPlan {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub year: i64,
    pub code: String,
    /// Planned transfer quantity in tonnes (decimal text).
    pub quantity_t: String,
    pub note: Option<String>,
}

/// The plan in force for a year and code, with what has been shipped so far that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Plan {
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub year: i64,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_t: String,
    pub note: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_g: i64,
    pub shipped_t: String,
}

/// Registers the plan quantity of a code for a year; a later row for the same year and code is
/// the amended plan (the earlier one stays in the register and the audit trail).
pub fn set_plan(store: &mut Store, actor: &Session, input: NewPlan, now: DateTime<Utc>) -> Result<Plan> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    if !(2000..=2200).contains(&input.year) {
        return Err(Error::invalid("year", crate::msg::waste::not_plan_year(&input.year)));
    }
    let code = catalogue::parse_code("code", &input.code)?.code;
    let g = Grams::parse(input.quantity_t.trim(), MassUnit::T).map_err(|e| Error::invalid("quantity_t", e.0))?;
    if g.0 <= 0 {
        return Err(Error::invalid("quantity_t", crate::msg::waste::planned_quantity_must_greater()));
    }
    let note = input.note.as_deref().map(str::trim).unwrap_or("");
    if note.chars().count() > 200 {
        return Err(Error::invalid("note", crate::msg::common::too_long(&200)));
    }
    let tx = store.write_tx()?;
    crate::plant::require(&tx)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO transfer_plan (id, year, code, quantity_g, note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, input.year, code, g.0, note, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "transfer_plan", &id, None, None)?;
    let p = plans(&tx, input.year)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::Internal("plan row vanished".into()))?;
    tx.commit()?;
    Ok(p)
}

/// The plan in force per code for `year` (the newest live row of each code), with the year's
/// shipped total (live shipments).
pub fn plans(conn: &Connection, year: i64) -> Result<Vec<Plan>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.year, p.code, p.quantity_g, p.note FROM transfer_plan p
         WHERE p.year = ?1 AND p.voided_at IS NULL AND p.id = (
            SELECT q.id FROM transfer_plan q WHERE q.year = p.year AND q.code = p.code AND q.voided_at IS NULL
            ORDER BY q.created_at DESC, q.id DESC LIMIT 1)
         ORDER BY p.code",
    )?;
    let rows = stmt
        .query_map([year], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64, String, i64, String)>>>()?;
    rows.into_iter()
        .map(|(id, year, code, q, note)| {
            let shipped = shipped_in_year(conn, year, &code)?;
            Ok(Plan {
                id,
                year,
                code,
                quantity_g: q,
                quantity_t: Grams(q).t_string(),
                note,
                shipped_g: shipped,
                shipped_t: Grams(shipped).t_string(),
            })
        })
        .collect()
}

/// Mass of `code` shipped in calendar `year` (plant-local shipping day), live shipments.
pub fn shipped_in_year(conn: &Connection, year: i64, code: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(l.quantity_g), 0) FROM shipment s JOIN shipment_line l ON l.shipment_id = s.id
         WHERE s.voided_at IS NULL AND substr(s.local_date, 1, 4) = ?1 AND l.code = ?2",
        params![format!("{year:04}"), code],
        |r| r.get(0),
    )?)
}

/// The plan warning for one code: `None` when the year's total stays within the plan. `plan_g`
/// `None` with `year_has_plan` means the code is missing from a filed plan. Pure.
pub fn plan_warning(
    code: &str,
    year: i64,
    plan_g: Option<i64>,
    year_has_plan: bool,
    shipped_g: i64,
    this_g: i64,
) -> Option<String> {
    match plan_g {
        Some(p) if shipped_g + this_g > p => Some(format!(
            "{code}: {} t shipped in {year} plus {} t now is above the annual plan of {} t",
            Grams(shipped_g).t_string(),
            Grams(this_g).t_string(),
            Grams(p).t_string()
        )),
        None if year_has_plan => Some(format!("{code} is not in the {year} management plan's transfers")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(valid: (&str, &str), codes: &[&str], q: Option<i64>, shipped: i64) -> Approval {
        Approval {
            id: "a".into(),
            approval_no: "粤环审〔2025〕1号".into(),
            receiver_id: "r".into(),
            receiver_name: "R".into(),
            codes: codes.iter().map(|s| s.to_string()).collect(),
            quantity_g: q,
            quantity_t: None,
            valid_from: valid.0.into(),
            valid_to: valid.1.into(),
            shipped_g: shipped,
        }
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn province_comes_from_the_region_code_else_the_address() {
        assert_eq!(province_of(Some("440300"), "湖南省长沙市"), Some("44"), "the code wins");
        assert_eq!(province_of(None, "湖南省长沙市雨花区"), Some("43"));
        assert_eq!(province_of(None, "中国 上海市浦东新区"), Some("31"));
        assert_eq!(province_of(Some(""), "深圳市宝安区"), None, "a city alone is not a province");
        assert_eq!(province_of(None, ""), None);
        assert!(check_region_code("region_code", "440300").is_ok());
        assert_eq!(check_region_code("region_code", "990000").unwrap_err().field(), Some("region_code"));
        assert!(check_region_code("region_code", "4403").is_err());
    }

    #[test]
    fn approval_rule_validity_receiver_codes_and_quantity() {
        let lines = vec![("900-249-08".to_string(), 600_000)];
        let ok = a(("2025-01-01", "2025-12-31"), &["900-249-08"], Some(1_000_000), 300_000);
        assert!(check_approval(Some(&ok), "r", d("2025-03-03"), &lines).is_empty());
        let kinds = |p: Vec<(ApprovalProblem, String)>| p.into_iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(kinds(check_approval(None, "r", d("2025-03-03"), &lines)), vec![ApprovalProblem::Missing]);
        assert_eq!(
            kinds(check_approval(Some(&ok), "r", d("2026-01-01"), &lines)),
            vec![ApprovalProblem::OutsideValidity]
        );
        assert_eq!(
            kinds(check_approval(Some(&ok), "x", d("2025-03-03"), &lines)),
            vec![ApprovalProblem::OtherReceiver]
        );
        let more = vec![("900-249-08".to_string(), 800_000)];
        assert_eq!(
            kinds(check_approval(Some(&ok), "r", d("2025-03-03"), &more)),
            vec![ApprovalProblem::QuantityExceeded]
        );
        let other = vec![("900-041-49".to_string(), 1)];
        assert_eq!(
            kinds(check_approval(Some(&ok), "r", d("2025-03-03"), &other)),
            vec![ApprovalProblem::CodeNotCovered]
        );
    }

    #[test]
    fn plan_rule_warns_only_above_the_plan() {
        assert_eq!(plan_warning("900-249-08", 2025, Some(1_000_000), true, 600_000, 400_000), None, "equal is within");
        let w = plan_warning("900-249-08", 2025, Some(1_000_000), true, 600_000, 400_001).unwrap();
        assert!(w.contains("above the annual plan of 1.000000 t"), "{w}");
        assert!(plan_warning("900-041-49", 2025, None, true, 0, 1).unwrap().contains("not in the 2025"));
        assert_eq!(plan_warning("900-041-49", 2025, None, false, 0, 1), None, "no plan registered: no warning");
    }
}
