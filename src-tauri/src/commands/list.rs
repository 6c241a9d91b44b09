// The commands the page calls, listed once. Each host is made from this
// list: the window (`window::run` registers one Tauri command per name) and
// the HTTP host (`http_host`, `POST /api/<name>`); `build.rs` declares each
// as a permission (a command no capability grants cannot be called), and
// `tests/window_commands.rs` holds the capability and `ui/js/api.js` to it.
// A new command is its function in an area module, a line here, its
// permission in `capabilities/main.json` and its wrapper in `api.js`.
//
// `window_commands!(then)` calls the macro `then` with the list.
macro_rules! window_commands {
    ($then:ident) => {
        $then! {
            shop::check_registration_number,
            shop::window_ready,
            shop::page_error,
            shop::store_status,
            shop::claims_list,
            shop::claim_get,
            shop::claim_save,
            shop::claim_set_status,
            shop::claim_duplicate,
            shop::claim_delete,
            shop::claim_import,
            shop::claim_export,
            shop::evidence_add,
            shop::evidence_remove,
            shop::sales_preview,
            shop::sales_put,
            shop::sales_type,
            shop::sales_paste,
            shop::order_time_type,
            shop::incident_time_type,
            shop::claims_bundle,
            shop::business_list,
            shop::business_save,
            shop::backup_now,
            shop::backup_restore,
            shop::claim_pdf,
            shop::claim_import_pdf,
            shop::claim_assess,
            shop::reference_data,
            shop::check_business,
            shop::claim_pdf_open,
            shop::claim_pdf_folder,
            shop::incidents_list,
            shop::incident_import,
            shop::claim_erase_customers,
            shop::retention_get,
            shop::retention_set,
            shop::desk_get,
            shop::desk_set,
            shop::customer_notice,
            shop::customer_notice_pdf,
            shop::keys_list,
            shop::key_trust,
            shop::reply_import,
            association::assoc_take_in,
            association::assoc_progress,
            association::assoc_cancel,
            association::assoc_table,
            association::assoc_claim,
            association::assoc_pdf_open,
            association::assoc_signing_key,
            association::assoc_signing_key_get,
            association::assoc_receipt,
            association::assoc_receipt_open,
            association::assoc_answers,
            association::assoc_review,
            association::assoc_note,
            association::assoc_stats,
            association::assoc_export,
            association::assoc_backup,
            association::assoc_erase_customers,
            association::assoc_decide_held,
            chosen::choose,
        }
    };
}
