//! Builds the Tauri context from the root-level `tauri.conf.json` (the repo keeps the config at
//! the root, next to `icons/` and `ui/`). The app manifest lists every command so that each
//! gets an `allow-…` permission: a window may call only what `capabilities/` grants it.

/// Every `#[tauri::command]` of the app, in the order of `generate_handler!` in main.rs
/// (`tests/command_lists.rs` checks this list, the handler table, the capability and the UI agree).
const COMMANDS: &[&str] = &[
    "app_status",
    "setup_plant",
    "sign_in",
    "sign_out",
    "list_alerts",
    "list_jobs",
    "cancel_job",
    "list_hw_codes",
    "list_streams",
    "add_stream",
    "record_generation",
    "list_generation",
    "void_generation",
    "plant_category",
    "weekly_generation",
    "sync_week_preview",
    "sync_key_info",
    "sync_key_export",
    "sync_send_now",
    "sync_worker_state",
    "smtp_password_set",
    "smtp_password_state",
    "sync_build",
    "sync_status",
    "sync_schedule_status",
    "sync_export",
    "sync_retry",
    "sync_submitted_weeks",
    "sync_week_state",
    "sync_report_pdf",
    "report_view",
    "export_folder",
    "list_facilities",
    "add_facility",
    "list_generation_points",
    "add_generation_point",
    "void_generation_point",
    "store_container",
    "check_store",
    "take_out",
    "storage_overview",
    "list_counterparties",
    "add_counterparty",
    "add_licence",
    "preview_shipment",
    "ship",
    "confirm_shipment",
    "void_shipment",
    "list_shipments",
    "reverse_movement",
    "list_sw_streams",
    "add_sw_stream",
    "record_sw_generation",
    "record_sw_outbound",
    "void_sw_record",
    "list_sw_records",
    "gri_waste",
    "export_ledger",
    "export_manifest_pdf",
    "export_labels_pdf",
    "ledger_view",
    "export_ledger_table",
    "import_preview",
    "import_commit",
    "list_headcount",
    "set_headcount",
    "list_users",
    "create_user",
    "list_settings",
    "set_setting",
    "set_settings",
    "list_calendar_days",
    "add_calendar_day",
    "void_calendar_day",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
