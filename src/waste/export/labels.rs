//! HJ 1276-2022 label data for containers, from their newest generation entry and the USCC.

use super::super::label;
use crate::docs::{self, LabelDoc};
use crate::error::{Error, Result};
use crate::plant::settings;
use chrono::NaiveDate;
use rusqlite::Connection;

/// batch, code, category, name, characteristics, grams, day, stream form.
type LabelRow = (String, String, String, String, String, i64, String, Option<String>);

/// HJ 1276 labels for containers (by container id, their newest live generation entry). Needs
/// the plant's USCC setting. The sequence is the entry's serial within its day.
pub fn label_docs(conn: &Connection, containers: &[String]) -> Result<Vec<LabelDoc>> {
    let plant = crate::plant::require(conn)?;
    let uscc = settings::get(conn, "uscc")?;
    if uscc.is_empty() {
        return Err(Error::invalid("uscc", "set the plant's 统一社会信用代码 first (settings set uscc …)"));
    }
    let contact = [settings::get(conn, "contact")?, settings::get(conn, "phone")?]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    for c in containers {
        let row: Option<LabelRow> = conn
            .query_row(
                "SELECT g.batch_code, g.code, h.category, h.name_zh, h.characteristics, g.quantity_g, g.generated_local_date,
                        s.physical_form
                 FROM waste_generation g JOIN hw_code h ON h.catalogue_version = g.catalogue_version AND h.code = g.code
                 LEFT JOIN waste_stream s ON s.id = g.stream_id
                 WHERE g.container_id = ?1 AND g.voided_at IS NULL ORDER BY g.generated_at DESC LIMIT 1",
                [c.trim()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .ok();
        let Some((batch, code, category, name, chars, g, day, form)) = row else {
            return Err(Error::invalid("containers", format!("container {} has no live generation entry", c.trim())));
        };
        let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
        let seq: u32 = batch.get(batch.len().saturating_sub(3)..).and_then(|s| s.parse().ok()).unwrap_or(1);
        let id = label::label_id(&uscc, &code, date, seq.clamp(1, 999))?;
        let form_zh = form.map(|f| {
            match f.as_str() {
                "solid" => "固态",
                "semi_solid" => "半固态",
                "liquid" => "液态",
                "sludge" => "污泥",
                _ => "气态",
            }
            .to_string()
        });
        out.push(LabelDoc {
            qr_payload: format!("{id}|{code}|{}|{}|{}", docs::kg(g), batch, c.trim()),
            label_id: id,
            name,
            code,
            category,
            characteristics: chars,
            form: form_zh,
            main_components: None,
            precautions: Some("远离火源，防止泄漏；泄漏时用吸附材料收集并按危险废物处置".into()),
            producer: plant.name.clone(),
            contact: Some(contact.clone()).filter(|x| !x.is_empty()),
            generated_on: day,
            quantity_kg: docs::kg(g),
            size: (100.0, 100.0),
        });
    }
    Ok(out)
}
