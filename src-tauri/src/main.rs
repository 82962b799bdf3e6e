//! EHS Ledger desktop app: start-up (open and migrate the database, manage [`state::AppState`])
//! and the command table. Commands live in `commands/`, one file per area, and stay thin:
//! pull state, call one core function off the async runtime, map the error.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;
mod upload;

fn main() {
    let db_arg = state::db_arg(std::env::args());
    let app_state = state::AppState::start(db_arg);
    let result = tauri::Builder::default()
        .manage(app_state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_status,
            commands::app::setup_plant,
            commands::hq::setup_hq,
            commands::app::sign_in,
            commands::app::sign_out,
            commands::alerts::list_alerts,
            commands::jobs::list_jobs,
            commands::jobs::cancel_job,
            commands::waste::list_hw_codes,
            commands::waste::list_streams,
            commands::waste::add_stream,
            commands::waste::record_generation,
            commands::waste::list_generation,
            commands::waste::void_generation,
            commands::waste::plant_category,
            commands::trend::weekly_generation,
            commands::sync::sync_week_preview,
            commands::sync::sync_key_info,
            commands::sync::sync_key_export,
            commands::outbox::sync_send_now,
            commands::outbox::sync_worker_state,
            commands::outbox::smtp_password_set,
            commands::outbox::smtp_password_state,
            commands::sync::sync_build,
            commands::sync::sync_status,
            commands::sync::sync_schedule_status,
            commands::sync::sync_export,
            commands::sync::sync_retry,
            commands::sync::sync_submitted_weeks,
            commands::sync::sync_week_state,
            commands::sync::sync_hq_keys,
            commands::sync::sync_hq_key_register,
            commands::sync::sync_return_import,
            commands::sync::sync_returns,
            commands::sync::sync_report_pdf,
            commands::sync::report_view,
            commands::sync::export_folder,
            commands::storage::list_facilities,
            commands::storage::add_facility,
            commands::storage::list_generation_points,
            commands::storage::add_generation_point,
            commands::storage::void_generation_point,
            commands::storage::store_container,
            commands::storage::check_store,
            commands::storage::take_out,
            commands::storage::storage_overview,
            commands::shipping::list_counterparties,
            commands::shipping::add_counterparty,
            commands::shipping::add_licence,
            commands::shipping::preview_shipment,
            commands::shipping::ship,
            commands::shipping::confirm_shipment,
            commands::shipping::void_shipment,
            commands::shipping::list_shipments,
            commands::shipping::reverse_movement,
            commands::solid::list_sw_streams,
            commands::solid::add_sw_stream,
            commands::solid::record_sw_generation,
            commands::solid::record_sw_outbound,
            commands::solid::void_sw_record,
            commands::solid::list_sw_records,
            commands::solid::gri_waste,
            commands::voc::voc_sources,
            commands::voc::voc_add_source,
            commands::voc::voc_materials,
            commands::voc::voc_add_material,
            commands::voc::voc_usage,
            commands::voc::voc_add_usage,
            commands::voc::voc_waste_contents,
            commands::voc::voc_set_waste_content,
            commands::voc::voc_tests,
            commands::voc::voc_add_test,
            commands::voc::voc_set_area,
            commands::voc::voc_emissions,
            commands::voc::voc_void,
            commands::export::export_ledger,
            commands::export::export_manifest_pdf,
            commands::export::export_labels_pdf,
            commands::export::ledger_view,
            commands::export::export_ledger_table,
            commands::import::import_preview,
            commands::import::import_commit,
            commands::plant::list_headcount,
            commands::plant::set_headcount,
            commands::plant::list_users,
            commands::plant::create_user,
            commands::settings::list_settings,
            commands::settings::set_setting,
            commands::settings::set_settings,
            commands::settings::list_calendar_days,
            commands::settings::add_calendar_day,
            commands::settings::void_calendar_day,
            commands::hq::hq_segments,
            commands::hq::hq_add_segment,
            commands::hq::hq_plants,
            commands::hq::hq_add_plant,
            commands::hq::hq_change_plant,
            commands::hq::hq_keys,
            commands::hq::hq_rotate_key,
            commands::hq::hq_import_paths,
            commands::hq::hq_import_runs,
            commands::hq::hq_import_items,
            commands::hq::hq_grid,
            commands::hq::hq_week_history,
            commands::hq::hq_accept,
            commands::hq::hq_reopen,
            commands::hq::hq_return,
            commands::hq::hq_years,
            commands::hq::hq_set_year,
            commands::hq::hq_history,
            commands::hq::hq_import_history,
            commands::hq::hq_appendix,
            commands::hq::hq_appendix_export,
            commands::hq::hq_drill,
            commands::hq::hq_dashboard,
            commands::hq::hq_settings,
            commands::hq::hq_set_setting,
            commands::hq::hq_public_key,
            commands::hq::hq_fetch_now,
            commands::hq::hq_fetch_state,
            commands::hq::hq_imap_password_set,
            commands::water_listener::water_listener_status,
            commands::water_listener::water_listener_apply,
        ])
        .build(tauri::generate_context!("../tauri.conf.json"))
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    use tauri::Manager;
                    handle.state::<state::AppState>().stop_at_exit();
                }
            })
        });
    if let Err(e) = result {
        eprintln!("EHS Ledger could not start its window: {e}");
        std::process::exit(1);
    }
}
