//! Every closed list is declared twice on purpose: as a `text_enum!` in the core (what the code,
//! the UI and the HQ packet may hold) and as a CHECK constraint in the migrations (what the file
//! may hold). This test reads the CHECK lists of the schema as SQLite stores it and compares
//! them with the enums, so adding a value to one and not the other fails here, not at a plant.

use ehs_ledger::air::materials::ContentBasis;
use ehs_ledger::air::sources::{EfficiencyBasis, SourceKind};
use ehs_ledger::backup::{BackupEvent, BackupOutcome};
use ehs_ledger::hazards::hazard::{HazardEventKind, HazardLevel, HazardSource, HazardStatus};
use ehs_ledger::hazards::inspection::{Every, TemplateKind};
use ehs_ledger::hazards::photos::{PhotoMime, PhotoStage};
use ehs_ledger::hazards::reminders::ReminderKind;
use ehs_ledger::plant::settings::CalendarDayKind;
use ehs_ledger::waste::appendix::ContainerType;
use ehs_ledger::waste::gri::Route;
use ehs_ledger::waste::manifest::WeightSource;
use ehs_ledger::waste::receiver::{CounterpartyKind, LicenceType};
use ehs_ledger::waste::shipment::{ReceiptOutcome, TransferType};
use ehs_ledger::waste::solid::SwRecordKind;
use ehs_ledger::waste::storage::{FacilityKind, MovementKind};
use ehs_ledger::waste::stream::PhysicalForm;
use ehs_ledger::waste::Purpose;
use ehs_ledger::water::hj212::DataFlag;
use ehs_ledger::water::ingest::{BatchKind, Interval};
use ehs_ledger::water::outfall::{DischargeMode, Frequency, MonitoringMethod, ParamUnit, UnitClass};
use ehs_ledger::water::rules::Bound;
use ehs_ledger::Store;
use std::collections::BTreeSet;

/// The values of `CHECK (column IN ('a', 'b', …))` in the stored `CREATE TABLE` of `table`.
fn check_values(store: &Store, table: &str, column: &str) -> BTreeSet<String> {
    let sql: String = store
        .conn()
        .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    // A column added later is nullable: `CHECK (column IS NULL OR column IN (…))`.
    let (start, len) = [format!("CHECK ({column} IN ("), format!("CHECK ({column} IS NULL OR {column} IN (")]
        .iter()
        .find_map(|m| sql.find(m.as_str()).map(|i| (i, m.len())))
        .unwrap_or_else(|| panic!("{table}.{column} has no CHECK list"));
    let start = start + len;
    let end = sql[start..].find(')').unwrap() + start;
    sql[start..end].split(',').map(|v| v.trim().trim_matches('\'').to_string()).filter(|v| !v.is_empty()).collect()
}

fn texts<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|v| as_str(*v).to_string()).collect()
}

#[test]
fn every_text_enum_matches_the_check_constraint_of_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lists.sqlite3")).unwrap();
    use ehs_ledger::sync::outbox::{EventKind, OutboxKind, Stream};
    // The outbox's lists span both kinds of file: a plant's streams and kinds, and HQ's returns.
    let hq = Store::create_hq(&dir.path().join("hq-lists.sqlite3")).unwrap();
    for (column, enum_values) in
        [("stream", texts(Stream::ALL, Stream::as_str)), ("kind", texts(OutboxKind::ALL, OutboxKind::as_str))]
    {
        let both: BTreeSet<String> =
            check_values(&store, "outbox", column).union(&check_values(&hq, "outbox", column)).cloned().collect();
        assert_eq!(both, enum_values, "outbox.{column} (plant ∪ HQ)");
    }
    assert_eq!(check_values(&hq, "outbox_event", "kind"), texts(EventKind::ALL, EventKind::as_str));
    let cases: Vec<(&str, &str, BTreeSet<String>)> = vec![
        ("outbox_event", "kind", texts(EventKind::ALL, EventKind::as_str)),
        ("backup_log", "event", texts(BackupEvent::ALL, BackupEvent::as_str)),
        ("backup_log", "outcome", texts(BackupOutcome::ALL, BackupOutcome::as_str)),
        ("storage_facility", "kind", texts(FacilityKind::ALL, FacilityKind::as_str)),
        ("waste_generation", "container_type", texts(ContainerType::ALL, ContainerType::as_str)),
        ("waste_movement", "kind", texts(MovementKind::ALL, MovementKind::as_str)),
        ("work_calendar_day", "kind", texts(CalendarDayKind::ALL, CalendarDayKind::as_str)),
        ("counterparty", "kind", texts(CounterpartyKind::ALL, CounterpartyKind::as_str)),
        ("counterparty_licence", "licence_type", texts(LicenceType::ALL, LicenceType::as_str)),
        ("shipment", "transfer_type", texts(TransferType::ALL, TransferType::as_str)),
        ("shipment", "purpose", texts(Purpose::ALL, Purpose::as_str)),
        ("shipment_line", "weight_source", texts(WeightSource::ALL, WeightSource::as_str)),
        ("shipment_receipt", "outcome", texts(ReceiptOutcome::ALL, ReceiptOutcome::as_str)),
        ("waste_own_treatment", "purpose", texts(Purpose::ALL, Purpose::as_str)),
        ("waste_stream", "physical_form", texts(PhysicalForm::ALL, PhysicalForm::as_str)),
        ("sw_stream", "physical_form", texts(PhysicalForm::ALL, PhysicalForm::as_str)),
        ("sw_record", "kind", texts(SwRecordKind::ALL, SwRecordKind::as_str)),
        ("sw_record", "route", texts(Route::ALL, Route::as_str)),
        ("waste_method_route", "route", texts(Route::ALL, Route::as_str)),
        ("water_outfall", "discharge_mode", texts(DischargeMode::ALL, DischargeMode::as_str)),
        ("water_outfall", "unit_class", texts(UnitClass::ALL, UnitClass::as_str)),
        ("water_param", "unit", texts(ParamUnit::ALL, ParamUnit::as_str)),
        ("water_param", "method", texts(MonitoringMethod::ALL, MonitoringMethod::as_str)),
        ("water_param", "frequency", texts(Frequency::ALL, Frequency::as_str)),
        ("water_batch", "kind", texts(BatchKind::ALL, BatchKind::as_str)),
        ("water_reading", "interval", texts(Interval::ALL, Interval::as_str)),
        ("water_reading", "flag", texts(DataFlag::ALL, DataFlag::as_str)),
        ("water_exceedance", "bound", texts(Bound::ALL, Bound::as_str)),
        ("hazard", "source", texts(HazardSource::ALL, HazardSource::as_str)),
        ("inspection_template", "kind", texts(TemplateKind::ALL, TemplateKind::as_str)),
        ("inspection_schedule", "every", texts(Every::ALL, Every::as_str)),
        ("hazard", "level", texts(HazardLevel::ALL, HazardLevel::as_str)),
        ("hazard_event", "kind", texts(HazardEventKind::ALL, HazardEventKind::as_str)),
        ("hazard_state", "status", texts(HazardStatus::ALL, HazardStatus::as_str)),
        ("hazard_state", "level", texts(HazardLevel::ALL, HazardLevel::as_str)),
        ("hazard_photo", "stage", texts(PhotoStage::ALL, PhotoStage::as_str)),
        ("hazard_reminder", "kind", texts(ReminderKind::ALL, ReminderKind::as_str)),
        ("hazard_photo", "mime", texts(PhotoMime::ALL, PhotoMime::as_str)),
        ("voc_source", "kind", texts(SourceKind::ALL, SourceKind::as_str)),
        ("voc_source", "efficiency_basis", texts(EfficiencyBasis::ALL, EfficiencyBasis::as_str)),
        ("voc_material", "content_basis", texts(ContentBasis::ALL, ContentBasis::as_str)),
    ];
    for (table, column, enum_values) in cases {
        assert_eq!(check_values(&store, table, column), enum_values, "{table}.{column}");
    }
}

/// Every plant setting has a label in both UI languages (regression: `region_code` showed its
/// English help text as the label on the Chinese settings screen).
#[test]
fn every_setting_has_a_label_in_both_ui_languages() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("settings.sqlite3")).unwrap();
    let keys: Vec<String> =
        ehs_ledger::plant::settings::all(store.conn()).unwrap().into_iter().map(|s| s.key).collect();
    assert!(keys.len() > 10, "{keys:?}");
    for lang in ["zh-CN", "en"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/src/i18n/{lang}.json"));
        let i18n: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for k in &keys {
            assert!(i18n["plantSettings"]["keys"][k].is_string(), "{lang}: plantSettings.keys.{k} is missing");
        }
    }
}
