//! HJ 1259-2022 Appendix B completeness (issue 9 item 4): every table carries the 俗称 beside
//! the 名录 name, the container/packaging type and count, the generating facility's code from a
//! registry of generation points, and each step's handler (经办人) and department apart from the
//! user who typed the record. Records without them print 未记录 — never an invented value.

mod common;

use common::{input, now, plant};
use ehs_ledger::docs::Table;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::appendix::{self, ContainerType, EntryDetails, Handlers, NewGenerationPoint};
use ehs_ledger::waste::export::{self, LedgerTable, Period};
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use ehs_ledger::waste::stream::{self, NewStream, PhysicalForm};

fn cell(t: &Table, row: usize, header: &str) -> String {
    let i =
        t.columns.iter().position(|c| c.header == header).unwrap_or_else(|| panic!("{}: no column {header}", t.title));
    t.rows[row][i].display()
}

fn march(p: &common::Plant, which: LedgerTable) -> Table {
    export::ledger_table(p.store.conn(), &Period::month("month", "2025-03").unwrap(), which, None).unwrap()
}

#[test]
fn the_record_tables_carry_every_appendix_b_field_and_say_when_one_was_not_recorded() {
    let mut p = plant();
    let a = p.admin.clone();
    let officer = p.add_user("王立", ehs_ledger::plant::Role::EhsOfficer);
    appendix::add_point(
        &mut p.store,
        &a,
        NewGenerationPoint {
            code: "CS-PT01".into(), name: "喷涂线".into(), department: Some("涂装车间".into())
        },
        now(),
    )
    .unwrap();
    let s = stream::add(
        &mut p.store,
        &a,
        NewStream { name: "漆渣(喷涂线)".into(), code: "900-252-12".into(), physical_form: PhysicalForm::Sludge },
        now(),
    )
    .unwrap();
    storage::add_facility(
        &mut p.store,
        &a,
        NewFacility {
            code: "WH1".into(),
            name: "危废库".into(),
            kind: FacilityKind::Store,
            capacity_t: None,
            max_storage_days: None,
        },
        now(),
    )
    .unwrap();
    // D1: every field recorded, typed by the officer on behalf of the line's handler.
    let full = GenerationInput {
        stream_id: Some(s.id.clone()),
        code: None,
        container_id: "D1".into(),
        details: EntryDetails {
            generation_point: Some("CS-PT01".into()),
            container_type: Some(ContainerType::Drum),
            container_count: Some(2),
            handler: Some("吴芳".into()),
            handler_dept: Some("涂装车间".into()),
        },
        ..input("900-252-12", "400", MassUnit::Kg)
    };
    let e = generation::record(&mut p.store, &officer, full, now()).unwrap();
    assert_eq!(e.generation_point_code.as_deref(), Some("CS-PT01"));
    assert_eq!((e.container_type, e.container_count), (Some(ContainerType::Drum), Some(2)));
    // D2: an entry as every entry before migration 0009 was: none of the new fields.
    let bare = GenerationInput { container_id: "D2".into(), ..input("900-252-12", "100", MassUnit::Kg) };
    generation::record(&mut p.store, &a, bare, now()).unwrap();
    let handlers = Handlers {
        handler: Some("王立".into()),
        handler_dept: Some("EHS部".into()),
        transport_handler: Some("赵强".into()),
        transport_dept: Some("物流部".into()),
    };
    for (c, h) in [("D1", handlers.clone()), ("D2", Handlers::default())] {
        let i = StoreInput {
            facility: "WH1".into(),
            container_id: c.into(),
            generation_batch: None,
            moved_at_local: Some("2025-03-02T10:00".into()),
            handlers: h,
        };
        storage::store_container(&mut p.store, &officer, i, now()).unwrap();
    }

    let b1 = march(&p, LedgerTable::B1Generation);
    assert_eq!(cell(&b1, 0, "名称（俗称）"), "漆渣(喷涂线)");
    assert_eq!(cell(&b1, 0, "容器/包装类型及数量"), "桶 × 2");
    assert_eq!(cell(&b1, 0, "产生危险废物设施编码"), "CS-PT01");
    assert_eq!(cell(&b1, 0, "产生部门经办人"), "吴芳（涂装车间）");
    assert_eq!(cell(&b1, 0, "录入人"), "王立", "who typed it is a column of its own");
    for h in ["名称（俗称）", "容器/包装类型及数量", "产生危险废物设施编码", "产生部门经办人"]
    {
        assert_eq!(cell(&b1, 1, h), "未记录", "D2 {h}: not recorded, never guessed");
    }
    let b2 = march(&p, LedgerTable::B2IntoStorage);
    assert_eq!(cell(&b2, 0, "名称（俗称）"), "漆渣(喷涂线)");
    assert_eq!(cell(&b2, 0, "容器/包装类型及数量"), "桶 × 2", "the container's type follows it");
    assert_eq!(cell(&b2, 0, "运送部门经办人"), "赵强（物流部）");
    assert_eq!(cell(&b2, 0, "贮存部门经办人"), "王立（EHS部）");
    assert_eq!(cell(&b2, 1, "贮存部门经办人"), "未记录");
    assert!(b2.footer[0].contains("500.000 kg"), "{:?}", b2.footer);
    // The summary reports in tonnes.
    let sum = march(&p, LedgerTable::Summary);
    assert!(sum.subtitle.iter().any(|l| l == "计量单位：t（吨）"), "{:?}", sum.subtitle);
    assert_eq!(cell(&sum, 0, "本月产生量"), "0.500000");
}

#[test]
fn a_generation_point_comes_from_the_registry_and_names_are_checked() {
    let mut p = plant();
    let a = p.admin.clone();
    let unknown = GenerationInput {
        details: EntryDetails { generation_point: Some("NOPE".into()), ..Default::default() },
        ..input("900-249-08", "1", MassUnit::Kg)
    };
    let e = generation::record(&mut p.store, &a, unknown, now()).unwrap_err();
    assert_eq!(e.field(), Some("generation_point"), "{e}");
    appendix::add_point(
        &mut p.store,
        &a,
        NewGenerationPoint { code: "CS-1".into(), name: "车间".into(), department: None },
        now(),
    )
    .unwrap();
    let dup = appendix::add_point(
        &mut p.store,
        &a,
        NewGenerationPoint { code: "CS-1".into(), name: "x".into(), department: None },
        now(),
    );
    assert_eq!(dup.unwrap_err().field(), Some("code"));
    appendix::void_point(&mut p.store, &a, "CS-1", "停用", now()).unwrap();
    let voided = GenerationInput {
        details: EntryDetails { generation_point: Some("CS-1".into()), ..Default::default() },
        ..input("900-249-08", "1", MassUnit::Kg)
    };
    assert_eq!(generation::record(&mut p.store, &a, voided, now()).unwrap_err().field(), Some("generation_point"));
    for (field, details) in [
        ("handler", EntryDetails { handler: Some("张\u{202E}三".into()), ..Default::default() }),
        ("handler_dept", EntryDetails { handler_dept: Some("x".repeat(51)), ..Default::default() }),
        ("container_count", EntryDetails { container_count: Some(0), ..Default::default() }),
    ] {
        let i = GenerationInput { details, ..input("900-249-08", "1", MassUnit::Kg) };
        assert_eq!(generation::record(&mut p.store, &a, i, now()).unwrap_err().field(), Some(field));
    }
}

#[test]
fn the_new_fields_of_a_posted_entry_cannot_be_changed() {
    let mut p = plant();
    let a = p.admin.clone();
    let e = generation::record(&mut p.store, &a, input("900-249-08", "1", MassUnit::Kg), now()).unwrap();
    let err = p
        .store
        .conn()
        .execute("UPDATE waste_generation SET handler = '改过' WHERE id = ?1", [&e.id])
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot be changed"), "{err}");
}
