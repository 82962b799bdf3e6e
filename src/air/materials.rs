//! The VOC material ledger (VOCs 物料管理台账; DB44/816-2010 A.4, GB 37822-2019 §7.3.1):
//! material master data (VOC content as mass %, or g/L with the density — converted to the
//! mass % the balance uses —, the SDS or test report it comes from, waterborne or not), the
//! monthly ledger lines (material, batch, source, purchased, used and recovered quantities in
//! exact grams), and the VOC content of hazardous-waste codes that carry VOCs (paint sludge,
//! spent solvent), from which O1 is read off the waste ledger's shipments.
//!
//! Every write validates first (errors name their field), then inserts and audits in one
//! transaction; records are voided with a reason ([`super::void`]), never edited.

use super::{balance, decimal, note, parse_month, percent, positive, sources, WRITERS};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::Session;
use crate::units::{Decimal, Grams, MassUnit, MAX_ENTRY_G};
use crate::{new_id, time};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// How a material's VOC content was given.
    pub enum ContentBasis {
        /// Mass percent (质量百分比).
        MassPct = "mass_pct",
        /// Grams per litre (g/L), converted with the density.
        GPerL = "g_per_l",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewVocMaterial {
    pub name: String,
    pub supplier: Option<String>,
    pub content_basis: ContentBasis,
    /// The VOC content as the SDS gives it: mass % or g/L (decimal text).
    pub content: String,
    /// Density in g/L (required for g/L).
    pub density_g_l: Option<String>,
    /// SDS / test report number.
    pub document_no: Option<String>,
    pub waterborne: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocMaterial {
    pub id: String,
    pub name: String,
    pub supplier: String,
    pub content_basis: ContentBasis,
    pub content: String,
    pub density_g_l: Option<String>,
    /// The mass % the balance uses.
    pub voc_mass_pct: String,
    pub document_no: String,
    pub waterborne: bool,
    pub voided: bool,
}

/// Adds a material to the master data.
pub fn add_material(
    store: &mut Store,
    actor: &Session,
    input: NewVocMaterial,
    now: DateTime<Utc>,
) -> Result<VocMaterial> {
    actor.require(WRITERS)?;
    let name = crate::text::identifier("name", "the material name", &input.name, 200)?;
    let supplier = note("supplier", input.supplier.as_deref(), 200)?;
    let document_no = note("document_no", input.document_no.as_deref(), 100)?;
    let (content, density, mass_pct) = match input.content_basis {
        ContentBasis::MassPct => {
            if input.density_g_l.as_deref().is_some_and(|d| !d.trim().is_empty()) {
                return Err(Error::invalid("density_g_l", crate::msg::air::density_only_given_content()));
            }
            let p = percent("content", &input.content, false)?;
            (p, None, p)
        }
        ContentBasis::GPerL => {
            let c = positive("content", &input.content, 5_000, "g/L")?;
            let Some(dt) = input.density_g_l.as_deref().filter(|d| !d.trim().is_empty()) else {
                return Err(Error::invalid("density_g_l", crate::msg::air::content_l_needs_density()));
            };
            let d = positive("density_g_l", dt, 5_000, "g/L")?;
            if c > d {
                return Err(Error::invalid("content", crate::msg::air::l_vocs_more_than(&c, &d)));
            }
            (c, Some(d), balance::mass_pct_from_g_l(c, d)?)
        }
    };
    let tx = store.write_tx()?;
    if tx
        .query_row("SELECT 1 FROM voc_material WHERE name = ?1 AND voided_at IS NULL", [&name], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("name", crate::msg::air::voc_material_named_already(&crate::text::shown(&name))));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_material (id, name, supplier, content_basis, content, density_g_l, voc_mass_pct, document_no,
            waterborne, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            name,
            supplier,
            input.content_basis,
            content.text(),
            density.map(Decimal::text),
            mass_pct.text(),
            document_no,
            input.waterborne,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_material", &id, None, None)?;
    let m = material_by_id(&tx, &id)?;
    tx.commit()?;
    Ok(m)
}

const MATERIAL_SELECT: &str = "SELECT id, name, supplier, content_basis, content, density_g_l, voc_mass_pct,
    document_no, waterborne, voided_at FROM voc_material";

fn map_material(r: &rusqlite::Row<'_>) -> rusqlite::Result<VocMaterial> {
    Ok(VocMaterial {
        id: r.get(0)?,
        name: r.get(1)?,
        supplier: r.get(2)?,
        content_basis: r.get(3)?,
        content: r.get(4)?,
        density_g_l: r.get(5)?,
        voc_mass_pct: r.get(6)?,
        document_no: r.get(7)?,
        waterborne: r.get(8)?,
        voided: r.get::<_, Option<String>>(9)?.is_some(),
    })
}

pub fn material_by_id(conn: &Connection, id: &str) -> Result<VocMaterial> {
    conn.query_row(&format!("{MATERIAL_SELECT} WHERE id = ?1"), [id], map_material)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "VOC material", id: id.into() })
}

/// A live material by id or name, naming `field` when there is none.
pub fn find_material(conn: &Connection, field: &'static str, key: &str) -> Result<VocMaterial> {
    let key = key.trim();
    conn.query_row(
        &format!("{MATERIAL_SELECT} WHERE (id = ?1 OR name = ?1) AND voided_at IS NULL"),
        [key],
        map_material,
    )
    .optional()?
    .ok_or_else(|| Error::invalid(field, crate::msg::air::no_voc_material(&crate::text::shown(key))))
}

/// Live materials by name.
pub fn materials(conn: &Connection) -> Result<Vec<VocMaterial>> {
    let mut stmt = conn.prepare(&format!("{MATERIAL_SELECT} WHERE voided_at IS NULL ORDER BY name"))?;
    let rows = stmt.query_map([], map_material)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A monthly ledger line as entered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UsageInput {
    /// `YYYY-MM`.
    pub month: String,
    /// Material id or name.
    pub material: String,
    pub batch: Option<String>,
    /// Source (coating line) id or code; `None` = no source, so no abatement.
    pub source: Option<String>,
    /// Quantities as decimal text in `unit`; blank purchased/recovered = 0.
    pub purchased: Option<String>,
    pub used: String,
    /// Material recovered (reused or returned; its VOCs = recovered × the VOC %).
    pub recovered: Option<String>,
    pub unit: MassUnit,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocUsage {
    pub id: String,
    pub month: String,
    pub material_id: String,
    pub material: String,
    pub voc_mass_pct: String,
    pub batch: String,
    pub source_id: Option<String>,
    pub source_code: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub purchased_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub used_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_g: i64,
    pub note: String,
    pub voided: bool,
    pub void_reason: Option<String>,
}

fn grams(field: &'static str, text: Option<&str>, unit: MassUnit) -> Result<i64> {
    let t = text.map(str::trim).unwrap_or("");
    if t.is_empty() {
        return Ok(0);
    }
    let g = Grams::parse(t, unit).map_err(|e| Error::invalid(field, e.0))?;
    if g.0 < 0 || g.0 > MAX_ENTRY_G {
        return Err(Error::invalid(field, crate::msg::air::kg_must_from_0(&g.kg_string())));
    }
    Ok(g.0)
}

/// Records a ledger line of a month.
pub fn add_usage(store: &mut Store, actor: &Session, input: UsageInput, now: DateTime<Utc>) -> Result<VocUsage> {
    actor.require(WRITERS)?;
    let month = parse_month("month", &input.month)?;
    let used = grams("used", Some(&input.used), input.unit)?;
    if used == 0 {
        return Err(Error::invalid("used", crate::msg::air::quantity_used_must_greater()));
    }
    let purchased = grams("purchased", input.purchased.as_deref(), input.unit)?;
    let recovered = grams("recovered", input.recovered.as_deref(), input.unit)?;
    if recovered > used {
        return Err(Error::invalid("recovered", crate::msg::air::more_recovered_than_used()));
    }
    let batch = note("batch", input.batch.as_deref(), 100)?;
    let note_text = note("note", input.note.as_deref(), 500)?;
    let tx = store.write_tx()?;
    let m = find_material(&tx, "material", &input.material)?;
    let source = match input.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(sources::find(&tx, "source", s)?),
        None => None,
    };
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_usage (id, month, material_id, batch, source_id, purchased_g, used_g, recovered_g, note,
            created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            month,
            m.id,
            batch,
            source.as_ref().map(|s| s.id.clone()),
            purchased,
            used,
            recovered,
            note_text,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_usage", &id, None, None)?;
    let u = usage_by_id(&tx, &id)?;
    tx.commit()?;
    Ok(u)
}

const USAGE_SELECT: &str = "SELECT u.id, u.month, m.id, m.name, m.voc_mass_pct, u.batch, u.source_id, s.code,
    u.purchased_g, u.used_g, u.recovered_g, u.note, u.voided_at, u.void_reason
    FROM voc_usage u JOIN voc_material m ON m.id = u.material_id LEFT JOIN voc_source s ON s.id = u.source_id";

fn map_usage(r: &rusqlite::Row<'_>) -> rusqlite::Result<VocUsage> {
    Ok(VocUsage {
        id: r.get(0)?,
        month: r.get(1)?,
        material_id: r.get(2)?,
        material: r.get(3)?,
        voc_mass_pct: r.get(4)?,
        batch: r.get(5)?,
        source_id: r.get(6)?,
        source_code: r.get(7)?,
        purchased_g: r.get(8)?,
        used_g: r.get(9)?,
        recovered_g: r.get(10)?,
        note: r.get(11)?,
        voided: r.get::<_, Option<String>>(12)?.is_some(),
        void_reason: r.get(13)?,
    })
}

pub fn usage_by_id(conn: &Connection, id: &str) -> Result<VocUsage> {
    conn.query_row(&format!("{USAGE_SELECT} WHERE u.id = ?1"), [id], map_usage)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "VOC ledger line", id: id.into() })
}

/// The ledger lines of a month, in the order entered.
pub fn usage(conn: &Connection, month: &str, include_voided: bool) -> Result<Vec<VocUsage>> {
    let month = parse_month("month", month)?;
    let mut stmt = conn.prepare(&format!(
        "{USAGE_SELECT} WHERE u.month = ?1 AND (?2 OR u.voided_at IS NULL) ORDER BY u.created_at, u.id"
    ))?;
    let rows = stmt.query_map(params![month, include_voided], map_usage)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The VOC content of a hazardous-waste code from a day on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WasteContentInput {
    /// 名录 code, e.g. 900-252-12.
    pub code: String,
    /// VOC mass % of the waste (decimal text, 0–100).
    pub voc_pct: String,
    pub document_no: Option<String>,
    /// `YYYY-MM-DD`: shipments from this plant-local day on use it.
    pub valid_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocWasteContent {
    pub id: String,
    pub code: String,
    pub voc_pct: String,
    pub document_no: String,
    pub valid_from: String,
}

/// Sets a waste code's VOC % from `valid_from` on (a later day's row takes over from then).
pub fn set_waste_content(
    store: &mut Store,
    actor: &Session,
    input: WasteContentInput,
    now: DateTime<Utc>,
) -> Result<VocWasteContent> {
    actor.require(WRITERS)?;
    let code = crate::waste::catalogue::parse_code("code", &input.code)?.code;
    let pct = percent("voc_pct", &input.voc_pct, false)?;
    let valid_from = time::parse_date("valid_from", &input.valid_from)?.to_string();
    let document_no = note("document_no", input.document_no.as_deref(), 100)?;
    let tx = store.write_tx()?;
    if tx
        .query_row(
            "SELECT 1 FROM voc_waste_content WHERE code = ?1 AND valid_from = ?2 AND voided_at IS NULL",
            params![code, valid_from],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("valid_from", crate::msg::air::already_has_voc_content(&code, &valid_from)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO voc_waste_content (id, code, voc_pct, document_no, valid_from, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, code, pct.text(), document_no, valid_from, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "voc_waste_content", &id, None, None)?;
    tx.commit()?;
    Ok(VocWasteContent { id, code, voc_pct: pct.text(), document_no, valid_from })
}

/// Live waste VOC contents by code and day.
pub fn waste_contents(conn: &Connection) -> Result<Vec<VocWasteContent>> {
    let mut stmt = conn.prepare(
        "SELECT id, code, voc_pct, document_no, valid_from FROM voc_waste_content WHERE voided_at IS NULL
         ORDER BY code, valid_from",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(VocWasteContent {
            id: r.get(0)?,
            code: r.get(1)?,
            voc_pct: r.get(2)?,
            document_no: r.get(3)?,
            valid_from: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The VOC % of `code` on plant-local day `day` (`YYYY-MM-DD`): the live row with the latest
/// `valid_from` on or before it.
pub(crate) fn waste_pct_on(contents: &[VocWasteContent], code: &str, day: &str) -> Result<Option<Decimal>> {
    contents
        .iter()
        .filter(|c| c.code == code && c.valid_from.as_str() <= day)
        .max_by(|a, b| a.valid_from.cmp(&b.valid_from))
        .map(|c| decimal("voc_pct", &c.voc_pct))
        .transpose()
}
