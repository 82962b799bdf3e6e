//! The local copy of a transfer manifest (转移联单) from a shipment and its receipt.

use super::super::shipment;
use crate::docs::{ManifestDoc, ManifestLine, Party, ReceivedInfo};
use crate::error::Result;
use crate::plant::settings;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The local copy of a transfer manifest.
pub fn manifest_doc(conn: &Connection, shipment_ref: &str, today: NaiveDate) -> Result<ManifestDoc> {
    let s = shipment::by_ref(conn, shipment_ref, today)?;
    let plant = crate::plant::require(conn)?;
    let party = |id: Option<&str>, name: &str| -> Result<Party> {
        let (uscc, address, contact, phone): (Option<String>, String, String, String) = match id {
            Some(id) => {
                conn.query_row("SELECT uscc, address, contact, phone FROM counterparty WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
            }
            None => (None, String::new(), String::new(), String::new()),
        };
        let contact = [contact, phone].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ");
        Ok(Party {
            name: name.into(),
            uscc,
            address: Some(address).filter(|a| !a.is_empty()),
            contact: Some(contact).filter(|c| !c.is_empty()),
        })
    };
    let setting = |k: &str| settings::get(conn, k).ok().filter(|v| !v.is_empty());
    let consignor = Party {
        name: plant.name.clone(),
        uscc: setting("uscc"),
        address: setting("address"),
        contact: [setting("contact"), setting("phone")].into_iter().flatten().reduce(|a, b| format!("{a} {b}")),
    };
    let transporter_id: Option<String> =
        conn.query_row("SELECT transporter_id FROM shipment WHERE id = ?1", [&s.id], |r| r.get(0))?;
    let transporter = match (&transporter_id, &s.transporter_name) {
        (Some(id), Some(name)) => Some(party(Some(id), name)?),
        _ => None,
    };
    let status_zh = match s.status {
        shipment::ShipmentStatus::InTransit => "运输中/待接收确认",
        shipment::ShipmentStatus::Confirmed => "已确认接收",
        shipment::ShipmentStatus::Discrepancy => "接收确认（重量差异）",
        shipment::ShipmentStatus::PartlyRejected => "部分拒收（拒收容器已退回入库）",
        shipment::ShipmentStatus::Rejected => "拒收",
        shipment::ShipmentStatus::Voided => "已作废",
    };
    let mut notes = Vec::new();
    if let Some(w) = &s.manifest_warning {
        notes.push(w.clone());
    }
    if let Some(r) = &s.override_reason {
        notes.push(format!("许可证核验被管理员放行，理由：{r}"));
    }
    if let Some(v) = &s.void_reason {
        notes.push(format!("已作废：{v}"));
    }
    for l in s.lines.iter().filter(|l| l.rejected) {
        notes.push(match &l.return_batch {
            Some(b) => format!("容器 {} 被接收单位拒收，已退回入库（{b}）", l.container_id),
            None => format!("容器 {} 被接收单位拒收，尚未登记退回入库", l.container_id),
        });
    }
    if s.confirmed_late {
        notes.push(format!("接收确认晚于期限（{}）", s.confirmation_due));
    }
    notes.push(format!("转移类型：{}；目的：{}", s.transfer_type.name_zh(), s.purpose.name_zh()));
    Ok(ManifestDoc {
        manifest_no: s.manifest_no.clone(),
        status: status_zh.into(),
        consignor,
        transporter,
        vehicle_plate: Some(s.vehicle_plate.clone()).filter(|v| !v.is_empty()),
        receiver: party(Some(&s.receiver_id), &s.receiver_name)?,
        receiver_licence_no: s.licence_no.clone().unwrap_or_else(|| "（未核验）".into()),
        shipped_at: s.shipped_at_local.replace('T', " "),
        lines: s
            .lines
            .iter()
            .map(|l| ManifestLine {
                code: l.code.clone(),
                category: l.category.clone(),
                name: l.name.clone(),
                characteristics: l.characteristics.clone(),
                form: None,
                containers: vec![l.container_id.clone()],
                package_type: None,
                shipped_g: l.quantity_g,
                received_g: l.received_g,
                method: Some(s.method.clone()),
            })
            .collect(),
        total_g: s.total_g,
        confirmation_due: s.confirmation_due.clone(),
        received: s.receipt.as_ref().map(|r| ReceivedInfo {
            received_on: r.received_on.clone(),
            confirmed_at: r.confirmed_on.clone(),
            outcome: match (r.outcome, s.status) {
                (shipment::ReceiptOutcome::Confirmed, _) => "确认接收".into(),
                (_, shipment::ShipmentStatus::PartlyRejected) => "部分拒收".into(),
                (shipment::ReceiptOutcome::Discrepancy, _) => "接收（重量差异）".into(),
                (shipment::ReceiptOutcome::Rejected, _) => "拒收".into(),
            },
            note: Some(r.note.clone()).filter(|n| !n.is_empty()),
        }),
        notes,
    })
}
