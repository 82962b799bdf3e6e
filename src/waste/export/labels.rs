//! HJ 1276-2022 labels for containers: [`issue_labels`] finds each container's newest live
//! generation entry, gives that package its 数字识别码 once (allocated from the database,
//! audited, reused by every reprint), and builds the [`LabelDoc`]s: size and minimum text
//! height from the container volume band, one pictogram and one 注意事项 line per hazard
//! characteristic, 有害成分 from the stream where recorded (else 未记录, never invented).
//!
//! Serials: the date segment is the entry's generation day and the serial is unique within
//! that day across every code (`waste_label UNIQUE (id_date, serial)`). An entry whose batch
//! code is `HWCS{day}{NNN}` keeps NNN when free (a label printed before ids were stored reads
//! the same); anything else takes one past the day's highest allocated serial and batch
//! serial. Past 999 the serial continues as `A00`… (see [`label::serial_text`]).

use super::super::catalogue::{parse_characteristics, Characteristic};
use super::super::label::{self, LabelBand};
use crate::audit::{self, Action};
use crate::docs::{self, LabelDoc, Pictogram};
use crate::error::{Error, Result};
use crate::plant::{settings, Role, Session};
use crate::{new_id, time, Store};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One container to label, with its volume band when this run sets one for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LabelRequest {
    pub container_id: String,
    pub band: Option<LabelBand>,
}

/// generation id, batch, code, category, name, characteristics, grams, day, stream form.
type EntryRow = (String, String, String, String, String, String, i64, String, Option<String>);

/// Labels for `requests`, each container's band being its own, else `band` (the run's), else
/// the band recorded when the package was first labelled; none of these is an error naming
/// the container. Issues (and audits) a 数字识别码 for each package not labelled before, all in
/// one transaction: a refused request writes nothing. Issuing needs an admin or EHS officer;
/// reprinting an issued id needs no write right.
pub fn issue_labels(
    store: &mut Store,
    actor: &Session,
    requests: &[LabelRequest],
    band: Option<LabelBand>,
    now: DateTime<Utc>,
) -> Result<Vec<LabelDoc>> {
    if requests.is_empty() {
        return Err(Error::invalid("containers", crate::msg::waste::choose_least_one_container()));
    }
    let tx = store.write_tx()?;
    let plant = crate::plant::require(&tx)?;
    let uscc = settings::get(&tx, "uscc")?;
    if uscc.is_empty() {
        return Err(Error::invalid("uscc", crate::msg::waste::set_plants_first_settings()));
    }
    let contact = [settings::get(&tx, "contact")?, settings::get(&tx, "phone")?]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in requests {
        let container = r.container_id.trim();
        if !seen.insert(container.to_string()) {
            continue;
        }
        let row: Option<EntryRow> = tx
            .query_row(
                "SELECT g.id, g.batch_code, g.code, h.category, h.name_zh, h.characteristics, g.quantity_g,
                        g.generated_local_date, s.physical_form
                 FROM waste_generation g JOIN hw_code h ON h.catalogue_version = g.catalogue_version AND h.code = g.code
                 LEFT JOIN waste_stream s ON s.id = g.stream_id
                 WHERE g.container_id = ?1 AND g.voided_at IS NULL ORDER BY g.generated_at DESC, g.rowid DESC LIMIT 1",
                [container],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                },
            )
            .optional()?;
        let Some((generation, batch, code, category, name, raw_chars, g, day, form)) = row else {
            return Err(Error::invalid("containers", crate::msg::waste::container_has_no_live(&container)));
        };
        let issued: Option<(String, String)> = tx
            .query_row("SELECT label_id, band FROM waste_label WHERE generation_id = ?1", [&generation], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let recorded = issued.as_ref().map(|(_, b)| LabelBand::parse("band", b)).transpose()?;
        let Some(chosen) = r.band.or(band).or(recorded) else {
            return Err(Error::invalid("band", crate::msg::waste::choose_volume_50_l())
                .at(crate::msg::common::ctx_container(&container)));
        };
        let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| Error::Internal(e.to_string()))?;
        let label_id = match issued {
            Some((id, _)) => id,
            None => allocate(&tx, actor, now, &uscc, &generation, container, &code, &batch, date, chosen)?,
        };
        let chars = parse_characteristics(&raw_chars).map(|(c, _)| c).unwrap_or_default();
        let size = chosen.size();
        out.push(LabelDoc {
            qr_payload: format!("{label_id}|{code}|{}|{batch}|{container}", docs::kg(g)),
            label_id,
            name,
            code,
            category,
            characteristics: if chars.is_empty() {
                raw_chars
            } else {
                chars.iter().map(|&c| label::characteristic_name(c).0).collect::<Vec<_>>().join("、")
            },
            pictograms: chars.iter().map(|&c| pictogram(c)).collect(),
            form: form.map(|f| form_zh(&f).to_string()),
            main_components: None,
            // The stream records no composition yet: 未记录 on the label, never a guess.
            harmful_components: None,
            precautions: Some(label::precautions_zh(&chars)).filter(|p| !p.is_empty()),
            producer: plant.name.clone(),
            contact: Some(contact.clone()).filter(|x| !x.is_empty()),
            generated_on: day,
            quantity_kg: docs::kg(g),
            // The batch code travels in the QR payload; the remark names the container.
            remark: Some(format!("容器 {container}")),
            size: (size.side_mm as f32, size.side_mm as f32),
            min_text_mm: size.text_mm as f32,
            copies: size.copies(),
        });
    }
    tx.commit()?;
    Ok(out)
}

/// Gives generation entry `generation` its serial for `date` and stores the 数字识别码.
#[allow(clippy::too_many_arguments)]
fn allocate(
    tx: &Connection,
    actor: &Session,
    now: DateTime<Utc>,
    uscc: &str,
    generation: &str,
    container: &str,
    code: &str,
    batch: &str,
    date: NaiveDate,
    band: LabelBand,
) -> Result<String> {
    // Issuing an id is a write; reprinting one is not (read-only roles reprint too).
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let day = date.format("%Y-%m-%d").to_string();
    let prefix = format!("{}{}", super::super::generation::BATCH_PREFIX, date.format("%Y%m%d"));
    let free = |n: i64| -> Result<bool> {
        Ok(tx
            .query_row("SELECT 1 FROM waste_label WHERE id_date = ?1 AND serial = ?2", params![day, n], |_| Ok(()))
            .optional()?
            .is_none())
    };
    // The entry's own batch serial when its code is HWCS{day}{NNN} and NNN is still free.
    let own = batch
        .strip_prefix(&prefix)
        .filter(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|&n| n >= 1);
    let serial = match own {
        Some(n) if free(n)? => n,
        _ => {
            let allocated: i64 =
                tx.query_row("SELECT coalesce(max(serial), 0) FROM waste_label WHERE id_date = ?1", [&day], |r| {
                    r.get(0)
                })?;
            let batches: i64 = tx.query_row(
                "SELECT coalesce(max(CAST(substr(batch_code, ?2) AS INTEGER)), 0) FROM waste_generation
                 WHERE batch_code > ?1 AND batch_code < ?1 || '~' AND length(batch_code) = ?3
                   AND substr(batch_code, ?2) GLOB '[0-9][0-9][0-9]'",
                params![prefix, prefix.len() as i64 + 1, prefix.len() as i64 + 3],
                |r| r.get(0),
            )?;
            allocated.max(batches) + 1
        }
    };
    let serial = u32::try_from(serial).map_err(|_| Error::Internal(format!("label serial {serial}")))?;
    if serial > label::MAX_SERIAL {
        return Err(Error::invalid("containers", crate::msg::waste::already_has_labels_most(&day, &label::MAX_SERIAL)));
    }
    let label_id = label::label_id(uscc, code, date, serial)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO waste_label (id, generation_id, container_id, code, id_date, serial, label_id, band, issued_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, generation, container, code, day, serial, label_id, band.as_str(), time::to_db(now), actor.user_id],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "waste_label", &id, None, None)?;
    Ok(label_id)
}

fn pictogram(c: Characteristic) -> Pictogram {
    match c {
        Characteristic::T => Pictogram::Toxic,
        Characteristic::C => Pictogram::Corrosive,
        Characteristic::I => Pictogram::Flammable,
        Characteristic::R => Pictogram::Reactive,
        Characteristic::In => Pictogram::Infectious,
    }
}

fn form_zh(f: &str) -> &'static str {
    match f {
        "solid" => "固态",
        "semi_solid" => "半固态",
        "liquid" => "液态",
        "sludge" => "污泥",
        _ => "气态",
    }
}
