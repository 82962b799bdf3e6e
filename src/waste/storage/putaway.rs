//! Storage checks at put-away, before the movement is saved (not only in the next alert list): a
//! 贮存点 going over 3 t (GB 18597-2023 8.3.5), a facility over its permitted capacity (HJ 1259
//! §5.5.2.2), and incompatible wastes in one facility (GB 18597-2023 4.3 / 6.1.2; the pairs are
//! the editable register `storage_incompatibility`, seeded with domain.md §4.4's defaults).
//!
//! [`put_away_warnings`] is the pure rule; [`check_store`] runs it (and every refusal of
//! [`super::store_container`]) without writing, for the UI's put-away form and `waste store
//! --dry-run`. Warnings never refuse: the officer sees them and decides.

use super::facility::{facility, plant_tz, FacilityKind};
use super::movement::{plan_store, StoreInput};
use super::rules::{self, CapStatus};
use super::stock::facility_stock;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A pair of wastes that must not share a facility. A side is a category (`HW34`), a code
/// (`900-401-06`), either narrowed to a hazard characteristic (`HW12:I`), or any waste with a
/// characteristic (`*:R`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Incompatibility {
    pub id: String,
    pub side_a: String,
    pub side_b: String,
    pub note: String,
    /// Shipped with the app (domain.md §4.4), not added at the plant.
    pub is_default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewIncompatibility {
    pub side_a: String,
    pub side_b: String,
    pub note: String,
}

crate::text_enum! {
    /// What a put-away would break.
    pub enum PutAwayWarningKind {
        /// A 贮存点 at or above 2.5 t after the put-away.
        PointNearCap = "point_near_cap",
        /// A 贮存点 above 3 t (GB 18597-2023 8.3.5).
        PointOverCap = "point_over_cap",
        /// A facility above its permitted / EIA capacity.
        OverCapacity = "over_capacity",
        /// A waste incompatible with one already in the facility.
        Incompatible = "incompatible",
    }
}

/// One warning of a put-away, with what the UI words it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PutAwayWarning {
    pub kind: PutAwayWarningKind,
    /// English, for the CLI and logs.
    pub message: String,
    /// The facility's stock after the put-away (cap and capacity warnings).
    pub stock_after_kg: Option<String>,
    /// The cap or capacity it is measured against.
    pub limit_kg: Option<String>,
    /// The waste already stored that the incoming one is incompatible with.
    pub other_code: Option<String>,
    /// The pair's note (why they must not meet).
    pub note: Option<String>,
}

/// What a put-away would post, and its warnings; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StoreCheck {
    pub facility_code: String,
    pub container_id: String,
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity_g: i64,
    pub quantity_kg: String,
    pub warnings: Vec<PutAwayWarning>,
}

/// A waste as the incompatibility rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasteKind {
    pub code: String,
    /// `HWnn`.
    pub category: String,
    /// `T`, `C`, `I`, `R`, `In`.
    pub characteristics: Vec<String>,
}

impl WasteKind {
    /// From a code and the catalogue's characteristic text (`T,I` or `T/C`).
    pub fn new(code: &str, characteristics: &str) -> WasteKind {
        WasteKind {
            code: code.to_string(),
            category: format!("HW{}", &code[code.len().saturating_sub(2)..]),
            characteristics: characteristics
                .split([',', '/', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }
}

/// Whether a pair side (`HW34`, `900-401-06`, `HW12:I`, `*:R`) names this waste. Pure.
pub fn side_matches(side: &str, w: &WasteKind) -> bool {
    let (what, ch) = match side.split_once(':') {
        Some((a, c)) => (a, Some(c)),
        None => (side, None),
    };
    let what_ok = what == "*" || what.eq_ignore_ascii_case(&w.category) || what == w.code;
    what_ok && ch.is_none_or(|c| w.characteristics.iter().any(|x| x == c))
}

/// Checks and normalises a pair side.
fn parse_side(field: &'static str, text: &str) -> Result<String> {
    let t = text.trim();
    let (what, ch) = match t.split_once(':') {
        Some((a, c)) => (a.trim(), Some(c.trim())),
        None => (t, None),
    };
    let what = if what == "*" {
        if ch.is_none() {
            return Err(Error::invalid(field, crate::msg::waste::needs_characteristic_r()));
        }
        "*".to_string()
    } else if what.to_ascii_uppercase().starts_with("HW") {
        let up = what.to_ascii_uppercase();
        match up[2..].parse::<u8>() {
            Ok(n) if up.len() == 4 && super::super::catalogue::category_exists(n) => up,
            _ => return Err(Error::invalid(field, crate::msg::waste::not_hw_category_hw01_hw50(&what))),
        }
    } else {
        super::super::catalogue::parse_code(field, what)?.code
    };
    match ch {
        None => Ok(what),
        Some(c) if ["T", "C", "I", "R", "In"].contains(&c) => Ok(format!("{what}:{c}")),
        Some(c) => Err(Error::invalid(field, crate::msg::waste::not_hazard_characteristic_t(&c))),
    }
}

/// The live incompatibility pairs (defaults first).
pub fn incompatibilities(conn: &Connection) -> Result<Vec<Incompatibility>> {
    let mut stmt = conn.prepare(
        "SELECT id, side_a, side_b, note, created_by IS NULL FROM storage_incompatibility WHERE voided_at IS NULL
         ORDER BY created_by IS NOT NULL, created_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Incompatibility {
            id: r.get(0)?,
            side_a: r.get(1)?,
            side_b: r.get(2)?,
            note: r.get(3)?,
            is_default: r.get(4)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(Error::from)
}

/// Adds a pair (admins and EHS officers), audited.
pub fn add_incompatibility(
    store: &mut Store,
    actor: &Session,
    input: NewIncompatibility,
    now: DateTime<Utc>,
) -> Result<Incompatibility> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let a = parse_side("side_a", &input.side_a)?;
    let b = parse_side("side_b", &input.side_b)?;
    let note = input.note.trim();
    if note.chars().count() > 200 || note.chars().any(char::is_control) {
        return Err(Error::invalid("note", crate::msg::waste::most_200_characters_without()));
    }
    let tx = store.write_tx()?;
    let dup: Option<String> = tx
        .query_row(
            "SELECT id FROM storage_incompatibility WHERE voided_at IS NULL
             AND ((side_a = ?1 AND side_b = ?2) OR (side_a = ?2 AND side_b = ?1))",
            params![a, b],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Err(Error::invalid("side_b", crate::msg::waste::already_listed_as_incompatible(&a, &b)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO storage_incompatibility (id, side_a, side_b, note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, a, b, note, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "storage_incompatibility", &id, None, None)?;
    let out = incompatibilities(&tx)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::Internal("pair vanished".into()))?;
    tx.commit()?;
    Ok(out)
}

/// Voids a pair with a reason (the plant marks the two as compatible), audited.
pub fn void_incompatibility(
    store: &mut Store,
    actor: &Session,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(Error::invalid("reason", crate::msg::waste::say_why_pair_compatible()));
    }
    let tx = store.write_tx()?;
    let live: bool = tx
        .query_row("SELECT 1 FROM storage_incompatibility WHERE id = ?1 AND voided_at IS NULL", [id.trim()], |_| Ok(()))
        .optional()?
        .is_some();
    if !live {
        return Err(Error::invalid("id", crate::msg::waste::no_live_incompatibility_pair(&id.trim())));
    }
    audit::void_row(&tx, now, &actor.user_id, "storage_incompatibility", id.trim(), reason)?;
    tx.commit()?;
    Ok(())
}

/// The warnings of putting `incoming_g` of `incoming` into a facility of `kind` (permitted
/// `capacity`, if any) that holds `stock` now, with `stored` wastes in it. Pure.
pub fn put_away_warnings(
    kind: FacilityKind,
    capacity: Option<Grams>,
    stock: Grams,
    incoming_g: Grams,
    incoming: &WasteKind,
    stored: &[WasteKind],
    pairs: &[Incompatibility],
) -> Vec<PutAwayWarning> {
    let mut out = Vec::new();
    let after = Grams(stock.0 + incoming_g.0);
    let massed = |kind, limit: Grams, message: String| PutAwayWarning {
        kind,
        message,
        stock_after_kg: Some(after.kg_string()),
        limit_kg: Some(limit.kg_string()),
        other_code: None,
        note: None,
    };
    if kind == FacilityKind::Point {
        match rules::storage_point_check(stock, incoming_g) {
            CapStatus::OverCap => out.push(massed(
                PutAwayWarningKind::PointOverCap,
                rules::STORAGE_POINT_CAP,
                format!("the 贮存点 would hold {} kg, over the 3 t cap (GB 18597-2023 8.3.5)", after.kg_string()),
            )),
            CapStatus::Warning => out.push(massed(
                PutAwayWarningKind::PointNearCap,
                rules::STORAGE_POINT_CAP,
                format!("the 贮存点 would hold {} kg, near the 3 t cap", after.kg_string()),
            )),
            CapStatus::Ok => {}
        }
    }
    if let Some(cap) = capacity.filter(|c| after > *c) {
        out.push(massed(
            PutAwayWarningKind::OverCapacity,
            cap,
            format!(
                "the facility would hold {} kg, over its permitted capacity of {} kg",
                after.kg_string(),
                cap.kg_string()
            ),
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for s in stored {
        if seen.contains(&s.code.as_str()) {
            continue;
        }
        let pair = pairs.iter().find(|p| {
            (side_matches(&p.side_a, incoming) && side_matches(&p.side_b, s))
                || (side_matches(&p.side_b, incoming) && side_matches(&p.side_a, s))
        });
        if let Some(p) = pair {
            seen.push(&s.code);
            out.push(PutAwayWarning {
                kind: PutAwayWarningKind::Incompatible,
                message: format!(
                    "{} must not be stored with {} already in the facility ({} / {}: {})",
                    incoming.code, s.code, p.side_a, p.side_b, p.note
                ),
                stock_after_kg: None,
                limit_kg: None,
                other_code: Some(s.code.clone()),
                note: Some(p.note.clone()),
            });
        }
    }
    out
}

/// What putting a container away would post and warn about, without writing. Refused exactly
/// as [`super::store_container`] would refuse it.
pub fn check_store(conn: &Connection, input: &StoreInput, now: DateTime<Utc>) -> Result<StoreCheck> {
    let tz = plant_tz(conn)?;
    let fac = facility(conn, "facility", &input.facility)?;
    let container = input.container_id.trim();
    if container.is_empty() {
        return Err(Error::invalid("container_id", crate::msg::waste::container_id_required()));
    }
    let at = time::entered_or_now("moved_at", input.moved_at_local.as_deref(), tz, now)?;
    let p = plan_store(conn, tz, container, input.generation_batch.as_deref(), at)?;
    let characteristics = |code: &str| -> Result<String> {
        Ok(conn
            .query_row(
                "SELECT characteristics FROM hw_code WHERE code = ?1 ORDER BY catalogue_version DESC LIMIT 1",
                [code],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    };
    let incoming = WasteKind::new(&p.code, &characteristics(&p.code)?);
    let stored_codes: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT code FROM waste_container_stock WHERE facility_id = ?1 AND stock_g > 0 ORDER BY code",
        )?;
        let r = stmt.query_map([&fac.id], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    let stored =
        stored_codes.iter().map(|c| Ok(WasteKind::new(c, &characteristics(c)?))).collect::<Result<Vec<_>>>()?;
    let capacity = fac.capacity_kg.as_deref().and_then(|k| Grams::parse(k, MassUnit::Kg).ok());
    let warnings = put_away_warnings(
        fac.kind,
        capacity,
        facility_stock(conn, &fac.id)?,
        p.quantity,
        &incoming,
        &stored,
        &incompatibilities(conn)?,
    );
    Ok(StoreCheck {
        facility_code: fac.code,
        container_id: container.to_string(),
        code: p.code.clone(),
        quantity_g: p.quantity.0,
        quantity_kg: p.quantity.kg_string(),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str) -> Incompatibility {
        Incompatibility { id: "p".into(), side_a: a.into(), side_b: b.into(), note: "n".into(), is_default: true }
    }

    #[test]
    fn sides_match_by_category_code_and_characteristic() {
        let acid = WasteKind::new("900-300-34", "C");
        let solvent = WasteKind::new("900-402-06", "T,I,R");
        assert!(side_matches("HW34", &acid));
        assert!(side_matches("hw34", &acid));
        assert!(!side_matches("HW35", &acid));
        assert!(side_matches("900-402-06", &solvent));
        assert!(side_matches("HW06:I", &solvent));
        assert!(!side_matches("HW06:C", &solvent));
        assert!(side_matches("*:R", &solvent));
        assert!(!side_matches("*:R", &acid));
        assert_eq!(parse_side("side_a", " hw12 : I ").unwrap(), "HW12:I");
        assert_eq!(parse_side("side_a", "HW41").unwrap_err().field(), Some("side_a"));
        assert!(parse_side("side_b", "*").is_err());
        assert!(parse_side("side_b", "HW08:X").is_err());
    }

    #[test]
    fn put_away_rule_point_cap_capacity_and_incompatibility() {
        let oil = WasteKind::new("900-249-08", "T,I");
        let acid = WasteKind::new("900-300-34", "C");
        let base = WasteKind::new("900-399-35", "C");
        let pairs = vec![pair("HW34", "HW35")];
        let kinds = |w: Vec<PutAwayWarning>| w.into_iter().map(|x| x.kind).collect::<Vec<_>>();
        // 贮存点: 2.9 t + 0.2 t is over the cap; 2.4 + 0.1 = 2.5 t is near it; 1 + 1 is fine.
        let p = |stock: i64, inc: i64| {
            kinds(put_away_warnings(FacilityKind::Point, None, Grams(stock), Grams(inc), &oil, &[], &pairs))
        };
        assert_eq!(p(2_900_000, 200_000), vec![PutAwayWarningKind::PointOverCap]);
        assert_eq!(p(2_400_000, 100_000), vec![PutAwayWarningKind::PointNearCap]);
        assert_eq!(p(1_000_000, 1_000_000), vec![]);
        // The cap is for 贮存点 only; capacity is for any facility with one.
        let store = |cap: i64, stock: i64, inc: i64| {
            kinds(put_away_warnings(FacilityKind::Store, Some(Grams(cap)), Grams(stock), Grams(inc), &oil, &[], &pairs))
        };
        assert_eq!(store(5_000_000, 4_000_000, 4_000_000), vec![PutAwayWarningKind::OverCapacity]);
        assert_eq!(store(5_000_000, 4_000_000, 1_000_000), vec![], "exactly at capacity is within");
        // An acid into a facility holding a base (either order of the pair), once per stored code.
        let w = put_away_warnings(
            FacilityKind::Store,
            None,
            Grams(0),
            Grams(1),
            &acid,
            &[oil.clone(), base.clone(), base.clone()],
            &pairs,
        );
        assert_eq!(kinds(w.clone()), vec![PutAwayWarningKind::Incompatible]);
        assert_eq!(w[0].other_code.as_deref(), Some("900-399-35"));
        let w = put_away_warnings(FacilityKind::Store, None, Grams(0), Grams(1), &base, &[acid], &pairs);
        assert_eq!(kinds(w), vec![PutAwayWarningKind::Incompatible]);
        assert!(put_away_warnings(FacilityKind::Store, None, Grams(0), Grams(1), &oil, &[base], &pairs).is_empty());
    }
}
