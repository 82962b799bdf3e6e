//! A week turned into a *stored* packet (issue 10 items 5, 6, 8): [`build`] computes the week
//! from the ledgers, checks the plausibility notes, signs revision n+1 and, in the same
//! transaction, stores it (`sync_packet`) and queues it for HQ (`outbox`, stream `hq`);
//! [`export`] writes a week's latest packet to a folder and records the delivery by file.
//!
//! - **The readable summary travels with it**: the item carries two attachments, the packet
//!   (`….packet.json`) and the week's management report as a PDF (`….report-<lang>.pdf`,
//!   [`crate::report::management_pdf`], language `report_lang`), rendered inside the same
//!   transaction from the same snapshot, so both or neither are stored; [`export`] writes both
//!   files (the PDF first). The ≤ 16 KB size target is the packet's; the PDF is apart from it.
//!
//! - **Content**: [`content_of`] turns a [`WeekSummary`] into the packet's `indicators` (each
//!   registered figure: key, unit, method, the week's value and one value per calendar-month
//!   part) and `details` (per part, each area's drill-down). `content_sha256` = SHA-256 of the
//!   RFC 8785 text of `{details, indicators}` — without the flag notes, which [`build`] adds to
//!   `details.flags` — so recomputing it later tells whether the ledgers of the week changed.
//! - **Rules** of [`build`]: the week is closed (its plant-local Sunday is over); every
//!   plausibility flag has a note (one per flag kind; field `notes`); from revision 2 a reason
//!   (field `reason`); an unchanged week is not built again (field `week`) unless HQ returned
//!   its latest revision (the answer "checked, the figures stand", with its reason); the
//!   previous anchor is the audit head of the newest packet built (any week).

use super::outbox::{self, Attachment, NewItem, OutboxKind, Stream};
use super::packet::{self, Content, PacketInput};
use super::{week, FlagKind, IsoWeek, WeekSummary};
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::indicators::{self, IndicatorUnit};
use crate::plant::{self, Role, Session};
use crate::report::{self, Lang, Period};
use crate::units::Grams;
use crate::{new_id, time, Store};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The note that answers every plausibility flag of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FlagNote {
    pub kind: FlagKind,
    pub note: String,
}

/// What the officer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BuildRequest {
    /// `YYYY-Www`, plant-local.
    pub week: String,
    /// Why the week is restated (required from revision 2).
    pub reason: Option<String>,
    /// One note per plausibility flag kind raised this week.
    #[serde(default)]
    pub notes: Vec<FlagNote>,
}

/// A built and queued packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Built {
    pub packet_id: String,
    pub week: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    pub reason: Option<String>,
    /// `<PLANT>_<YYYY-Www>_r<N>.packet.json`.
    pub file_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: i64,
    pub body_sha256: String,
    pub content_sha256: String,
    pub key_fingerprint: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub audit_head_seq: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub prev_anchor_seq: Option<i64>,
    /// The week's management report that travels with it (second attachment):
    /// `<PLANT>_<YYYY-Www>_r<N>.report-<lang>.pdf`.
    pub pdf_file_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pdf_bytes: i64,
    /// The outbox item that carries it to HQ.
    pub outbox_id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub outbox_seq: i64,
    /// The flags answered and their notes, as the packet carries them.
    pub notes: Vec<FlagNote>,
    pub built_at: String,
}

/// A week's packet written to a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Exported {
    pub week: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub revision: i64,
    /// Whether revision 1 was built for this export.
    pub built: bool,
    /// The packet file, then the report PDF that travels with it (when the packet has one).
    pub paths: Vec<String>,
    pub outbox_id: String,
}

/// The file name of a packet: `<PLANT>_<YYYY-Www>_r<N>.packet.json` (the plant code kept to
/// letters, digits, `-` and `_`).
pub fn file_name(plant_code: &str, week: &str, revision: i64) -> String {
    let code: String =
        plant_code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("{code}_{week}_r{revision}.packet.json")
}

/// The file name of the report PDF that travels with a packet:
/// `<PLANT>_<YYYY-Www>_r<N>.report-<lang>.pdf`, beside the packet's own name.
pub fn pdf_file_name(plant_code: &str, week: &str, revision: i64, lang: Lang) -> String {
    let packet = file_name(plant_code, week, revision);
    format!("{}.report-{lang}.pdf", packet.trim_end_matches(".packet.json"))
}

/// The packet's content from a week's summary: `(indicators, details, methods)`.
pub fn content_of(s: &WeekSummary) -> (Value, Value, Value) {
    let indicators: Vec<Value> = s
        .totals
        .iter()
        .map(|t| {
            let parts: Vec<Value> = s
                .parts
                .iter()
                .filter_map(|p| {
                    p.figures.iter().find(|f| f.key == t.key).map(|f| json!({"month": p.month, "value": f.value}))
                })
                .collect();
            json!({"key": t.key, "unit": t.unit, "method": t.method, "value": t.value, "parts": parts})
        })
        .collect();
    let parts: Vec<Value> = s
        .parts
        .iter()
        .map(|p| {
            let mut o = Map::new();
            o.insert("month".into(), json!(p.month));
            o.insert("from".into(), json!(p.from));
            o.insert("to".into(), json!(p.to));
            o.insert("records".into(), json!(p.records));
            for (area, d) in &p.details {
                o.insert(area.as_str().into(), d.clone());
            }
            Value::Object(o)
        })
        .collect();
    let details = json!({"timezone": s.timezone, "from": s.from, "to": s.to, "records": s.records, "parts": parts});
    let mut methods: Map<String, Value> = s.totals.iter().map(|t| (t.key.clone(), json!(t.method))).collect();
    // The wastewater loads' below-detection-limit policy (domain.md §6.5, §9.4 provenance).
    if let Some(policy) =
        s.parts.iter().filter_map(|p| p.details.get(&crate::areas::Area::Water)?.get("dl_policy")).next_back()
    {
        methods.insert("below_dl_policy".into(), policy.clone());
    }
    // The hazards' on-time rate formula and its version.
    if let Some(def) =
        s.parts.iter().filter_map(|p| p.details.get(&crate::areas::Area::Safety)?.get("on_time_definition")).next_back()
    {
        methods.insert("on_time_rate".into(), def.clone());
    }
    (Value::Array(indicators), details, Value::Object(methods))
}

/// SHA-256 (hex) of the canonical `{details, indicators}`.
pub fn content_sha256(indicators: &Value, details: &Value) -> Result<String> {
    let text = packet::canonical(&json!({"indicators": indicators, "details": details}))?;
    Ok(hex::encode(Sha256::digest(text.as_bytes())))
}

/// The content hash of `week` as the ledgers give it now.
pub fn current_content_sha256(conn: &Connection, week: IsoWeek) -> Result<String> {
    let s = super::week_summary(conn, week)?;
    let (i, d, _) = content_of(&s);
    content_sha256(&i, &d)
}

/// The newest revision of a week: `(revision, content_sha256, packet id)`.
pub(crate) fn latest(conn: &Connection, week: &str) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT revision, content_sha256, id FROM sync_packet WHERE week = ?1 ORDER BY revision DESC LIMIT 1",
            [week],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Refuses a week that is not over in the plant's zone.
pub(crate) fn require_closed(conn: &Connection, week: IsoWeek, now: DateTime<Utc>) -> Result<()> {
    let today = plant::today(conn, now)?;
    if today <= week.sunday() {
        return Err(Error::invalid(
            "week",
            crate::msg::sync::not_closed_yet_ends(&week, &week.sunday(), &(week.sunday() + chrono::Duration::days(1))),
        ));
    }
    Ok(())
}

/// Matches the notes to the flags: each flag kind raised needs one non-blank note; a note for a
/// kind not raised, or twice for one kind, is refused (field `notes`).
fn check_notes(flags: &[super::Flag], notes: &[FlagNote]) -> Result<Vec<FlagNote>> {
    let mut out: Vec<FlagNote> = Vec::new();
    for n in notes {
        let note = n.note.trim();
        if note.is_empty() {
            return Err(Error::invalid("notes", crate::msg::sync::note_blank(&n.kind)));
        }
        if note.chars().count() > 2000 {
            return Err(Error::invalid("notes", crate::msg::sync::note_longer_than_2000(&n.kind)));
        }
        if out.iter().any(|o| o.kind == n.kind) {
            return Err(Error::invalid("notes", crate::msg::sync::two_notes_give_one(&n.kind)));
        }
        if !flags.iter().any(|f| f.kind == n.kind) {
            return Err(Error::invalid("notes", crate::msg::sync::week_raises_no_flag(&n.kind)));
        }
        out.push(FlagNote { kind: n.kind, note: note.to_string() });
    }
    for f in flags {
        if !out.iter().any(|n| n.kind == f.kind) {
            return Err(Error::invalid("notes", crate::msg::sync::flag_needs_note_before(&f.kind, &f.message)));
        }
    }
    out.sort_by_key(|n| n.kind);
    Ok(out)
}

/// Builds, signs, stores and queues the next revision of a week's packet (admins and EHS
/// officers), all in one transaction. See the module docs for the rules.
pub fn build(store: &mut Store, session: &Session, req: BuildRequest, now: DateTime<Utc>) -> Result<Built> {
    session.require(&[Role::Admin, Role::EhsOfficer])?;
    let week = IsoWeek::parse("week", &req.week)?;
    require_closed(store.conn(), week, now)?;
    let key = super::key::ensure(store, now)?;
    let tx = store.write_tx()?;
    let preview = preview_of(&tx, week, now)?;
    let built = build_in(&tx, session, &key, &preview, &req, now)?;
    tx.commit()?;
    Ok(built)
}

/// The preview `build` checks and signs: `week` (closed) on the plant-local day of `now`.
pub(crate) fn preview_of(conn: &Connection, week: IsoWeek, now: DateTime<Utc>) -> Result<week::WeekPreview> {
    require_closed(conn, week, now)?;
    week::preview(conn, week, plant::today(conn, now)?)
}

/// The rules, the packet and its report, stored and queued, inside the caller's transaction
/// (the benchmark times it and rolls back).
pub(crate) fn build_in(
    conn: &Connection,
    session: &Session,
    key: &super::key::PlantKey,
    preview: &week::WeekPreview,
    req: &BuildRequest,
    now: DateTime<Utc>,
) -> Result<Built> {
    let plant = plant::require(conn)?;
    let week = preview.summary.week;
    let today = plant::today(conn, now)?;
    let notes = check_notes(&preview.flags, &req.notes)?;
    let (indicators, details, methods) = content_of(&preview.summary);
    let content_sha = content_sha256(&indicators, &details)?;
    let week_text = week.to_string();
    let last = latest(conn, &week_text)?;
    if let Some((rev, sha, _)) = &last {
        // HQ returned this revision and the plant found its figures right: it may answer with a
        // revision of the same figures and a reason (what was checked), else nothing to restate.
        let returned: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_return WHERE week = ?1 AND revision = ?2)",
            rusqlite::params![week_text, rev],
            |r| r.get(0),
        )?;
        if *sha == content_sha && !returned {
            return Err(Error::invalid("week", crate::msg::sync::unchanged_since_revision_figures(&week_text, &rev)));
        }
    }
    let revision = last.as_ref().map_or(1, |l| l.0 + 1);
    let reason = req.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    if revision > 1 && reason.is_none() {
        return Err(Error::invalid(
            "reason",
            crate::msg::sync::changed_after_revision_say(&week_text, &(revision - 1), &revision),
        ));
    }
    if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(Error::invalid("reason", crate::msg::common::too_long(&2000)));
    }
    let prev_anchor_seq: Option<i64> =
        conn.query_row("SELECT max(audit_head_seq) FROM sync_packet", [], |r| r.get(0))?;
    let flags: Vec<Value> = preview
        .flags
        .iter()
        .map(|f| {
            let note = notes.iter().find(|n| n.kind == f.kind).map(|n| n.note.clone());
            json!({"kind": f.kind, "indicator": f.indicator, "params": f.params, "message": f.message, "note": note})
        })
        .collect();
    let mut packet_details = details.clone();
    if let Value::Object(o) = &mut packet_details {
        o.insert("flags".into(), Value::Array(flags));
    }
    let p = packet::build_with(
        conn,
        key,
        PacketInput {
            week: week_text.clone(),
            revision,
            reason: reason.clone(),
            prev_anchor_seq,
            content: Content { indicators, details: packet_details, methods: Some(methods) },
        },
        now,
    )?;
    let envelope = String::from_utf8(p.bytes.clone()).map_err(|_| Error::Internal("packet is not UTF-8".into()))?;
    let audit_head_seq = p.body.provenance.audit_head.as_ref().map(|h| h.seq);
    let id = new_id();
    conn.execute(
        "INSERT INTO sync_packet (id, week, revision, reason, built_at, built_by, key_fingerprint, body_sha256,
            content_sha256, audit_head_seq, prev_anchor_seq, envelope, flag_notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            week_text,
            revision,
            reason,
            time::to_db(now),
            session.user_id,
            p.envelope.key_fingerprint,
            p.envelope.body_sha256,
            content_sha,
            audit_head_seq,
            prev_anchor_seq,
            envelope,
            serde_json::to_string(&notes)?,
        ],
    )?;
    audit::record(conn, now, &session.user_id, Action::Insert, "sync_packet", &id, None, reason.as_deref())?;
    let name = file_name(&plant.code, &week_text, revision);
    let lang = super::settings::report_lang_of(conn)?;
    let pdf_name = pdf_file_name(&plant.code, &week_text, revision, lang);
    let pdf = report::management_pdf(conn, Period::Week(week), lang, today)?;
    let (subject, body_text) =
        message(&plant, &preview.summary, revision, reason.as_deref(), &p.envelope.key_fingerprint, &notes);
    let attachments = [
        Attachment { name: name.clone(), media_type: "application/json".into(), bytes: p.bytes.clone() },
        Attachment { name: pdf_name.clone(), media_type: "application/pdf".into(), bytes: pdf },
    ];
    let outbox_id = outbox::enqueue(
        conn,
        &session.user_id,
        NewItem {
            plant_code: &plant.code,
            stream: Stream::Hq,
            kind: OutboxKind::Packet,
            packet_id: Some(&id),
            week: Some(&week_text),
            period: None,
            review_id: None,
            subject: &subject,
            body_text: &body_text,
            attachments: &attachments,
            to: &[],
            source_area: None,
            source_id: None,
        },
        now,
    )?;
    let outbox_seq: i64 = conn.query_row("SELECT seq FROM outbox WHERE id = ?1", [&outbox_id], |r| r.get(0))?;
    Ok(Built {
        packet_id: id,
        week: week_text,
        revision,
        reason,
        file_name: name,
        bytes: p.bytes.len() as i64,
        body_sha256: p.envelope.body_sha256,
        content_sha256: content_sha,
        key_fingerprint: p.envelope.key_fingerprint,
        audit_head_seq,
        prev_anchor_seq,
        pdf_file_name: pdf_name,
        pdf_bytes: attachments[1].bytes.len() as i64,
        outbox_id,
        outbox_seq,
        notes,
        built_at: time::to_db(now),
    })
}

/// One line per registered figure, in Chinese and in English (`  危险废物产生量：10.000 kg（0.010000 t）`).
pub(crate) fn figure_lines(figures: &[indicators::Figure]) -> (Vec<String>, Vec<String>) {
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for t in figures {
        let Some(i) = indicators::get(&t.key) else { continue };
        let (v_zh, v_en) = match t.unit {
            IndicatorUnit::G => {
                let (kg, tonnes) = (Grams(t.value).kg_string(), Grams(t.value).t_string());
                (format!("{kg} kg（{tonnes} t）"), format!("{kg} kg ({tonnes} t)"))
            }
            IndicatorUnit::L => {
                let m3 = Grams(t.value).kg_string(); // litres ÷ 1000, three decimals, exact
                (format!("{m3} m³"), format!("{m3} m³"))
            }
            other => (format!("{} {other}", t.value), format!("{} {other}", t.value)),
        };
        zh.push(format!("  {}：{v_zh}", i.label_zh));
        en.push(format!("  {}: {v_en}", i.label_en));
    }
    (zh, en)
}

/// The subject and text body (Chinese, then English) of a packet's mail.
fn message(
    plant: &plant::Plant,
    s: &WeekSummary,
    revision: i64,
    reason: Option<&str>,
    fingerprint: &str,
    notes: &[FlagNote],
) -> (String, String) {
    let subject =
        format!("[EHS Ledger] {} {} 周报数据包 第{revision}版 / weekly packet r{revision}", plant.code, s.week);
    let mut zh = vec![
        format!("工厂:{} {}", plant.code, plant.name),
        format!("周:{}({} 至 {},{})", s.week, s.from, s.to, s.timezone),
        format!("版本:第 {revision} 版"),
    ];
    let mut en = vec![
        format!("Plant: {} {}", plant.code, plant.name),
        format!("Week: {} ({} to {}, {})", s.week, s.from, s.to, s.timezone),
        format!("Revision: {revision}"),
    ];
    if let Some(r) = reason {
        zh.push(format!("更正原因:{r}"));
        en.push(format!("Reason for the restatement: {r}"));
    }
    zh.push("主要数据:".into());
    en.push("Main figures:".into());
    let (fz, fe) = figure_lines(&s.totals);
    zh.extend(fz);
    en.extend(fe);
    if !notes.is_empty() {
        zh.push("数据说明:".into());
        en.push("Notes on flagged figures:".into());
        for n in notes {
            zh.push(format!("  [{}] {}", n.kind, n.note));
            en.push(format!("  [{}] {}", n.kind, n.note));
        }
    }
    zh.push(format!("附件为签名数据包（JSON）及本周管理报告（PDF，便于阅读）;密钥指纹 {fingerprint}。"));
    en.push(format!(
        "Attached: the signed packet (JSON) and the week's management report (PDF, for reading); key fingerprint {fingerprint}."
    ));
    (subject, format!("{}\n\n{}\n", zh.join("\n"), en.join("\n")))
}

/// A stored packet as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketFile {
    pub revision: i64,
    pub name: String,
    pub bytes: Vec<u8>,
    /// The outbox item that carries it.
    pub outbox_id: String,
    /// The report PDF the item carries beside it (`None` for packets built before it did).
    pub report: Option<Attachment>,
}

/// The packet file of `week`'s latest revision.
pub fn latest_file(conn: &Connection, week: &str) -> Result<Option<PacketFile>> {
    let plant = plant::require(conn)?;
    let row: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT p.revision, p.envelope, o.id FROM sync_packet p JOIN outbox o ON o.packet_id = p.id
             WHERE p.week = ?1 ORDER BY p.revision DESC LIMIT 1",
            [week],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((revision, env, outbox_id)) = row else { return Ok(None) };
    let report = outbox::item(conn, &outbox_id)?.attachments.into_iter().find(|a| a.media_type == "application/pdf");
    Ok(Some(PacketFile {
        revision,
        name: file_name(&plant.code, week, revision),
        bytes: env.into_bytes(),
        outbox_id,
        report,
    }))
}

/// Refuses a folder that is missing, not a folder or not writable (field `out`).
fn check_dir(dir: &Path) -> Result<()> {
    let md = std::fs::metadata(dir)
        .map_err(|e| Error::invalid("out", crate::msg::sync::folder_cannot_used(&dir.display(), &e)))?;
    if !md.is_dir() {
        return Err(Error::invalid("out", crate::msg::sync::not_folder(&dir.display())));
    }
    let probe = dir.join(format!(".ehs-ledger-probe-{}", new_id()));
    std::fs::File::create(&probe)
        .and_then(|_| std::fs::remove_file(&probe))
        .map_err(|e| Error::invalid("out", crate::msg::sync::folder_not_writable(&dir.display(), &e)))
}

/// Writes `week`'s latest packet into `dir` atomically (building revision 1 first when the week
/// has none, with the same rules as [`build`] and no notes), and records the delivery by file on
/// its outbox item: the week counts as submitted. Admins and EHS officers.
pub fn export(store: &mut Store, session: &Session, week: &str, dir: &Path, now: DateTime<Utc>) -> Result<Exported> {
    session.require(&[Role::Admin, Role::EhsOfficer])?;
    let w = IsoWeek::parse("week", week)?;
    check_dir(dir)?;
    let week_text = w.to_string();
    let mut built = false;
    if latest(store.conn(), &week_text)?.is_none() {
        build(store, session, BuildRequest { week: week_text.clone(), reason: None, notes: Vec::new() }, now)?;
        built = true;
    }
    let PacketFile { revision, name, bytes, outbox_id, report } = latest_file(store.conn(), &week_text)?
        .ok_or_else(|| Error::Internal(format!("{week_text} has no packet after it was built")))?;
    // The report first: a packet file in the folder means its report is there too.
    let mut paths = Vec::with_capacity(2);
    if let Some(pdf) = report {
        let pdf_path: PathBuf = dir.join(&pdf.name);
        crate::files::write_atomic(&pdf_path, &pdf.bytes)
            .map_err(|e| Error::invalid("out", crate::msg::sync::cannot_write_report(&pdf_path.display(), &e)))?;
        paths.push(pdf_path.display().to_string());
    }
    let path: PathBuf = dir.join(&name);
    crate::files::write_atomic(&path, &bytes)
        .map_err(|e| Error::invalid("out", crate::msg::sync::cannot_write_packet(&path.display(), &e)))?;
    paths.insert(0, path.display().to_string());
    let tx = store.write_tx()?;
    outbox::insert_event(
        &tx,
        &outbox_id,
        outbox::EventKind::Exported,
        &path.display().to_string(),
        "",
        &session.user_id,
        now,
    )?;
    tx.commit()?;
    Ok(Exported { week: week_text, revision, built, paths, outbox_id })
}
