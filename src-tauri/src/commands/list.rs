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
            business::check_registration_number,
            page::window_ready,
            page::page_error,
            claims::store_status,
            claims::claims_list,
            claims::claim_get,
            claims::claim_save,
            claims::claim_set_status,
            claims::claim_duplicate,
            claims::claim_delete,
            claims::claim_import,
            claims::claim_export,
            evidence::evidence_add,
            evidence::evidence_remove,
            sales::sales_preview,
            sales::sales_put,
            sales::sales_type,
            sales::sales_paste,
            sales::order_time_type,
            sales::incident_time_type,
            claims::claims_bundle,
            business::business_list,
            business::business_save,
            backup::backup_now,
            backup::backup_restore,
            claims::claim_pdf,
            claims::claim_import_pdf,
            claims::claim_assess,
            page::reference_data,
            business::check_business,
            claims::claim_pdf_open,
            claims::claim_pdf_folder,
            incidents::incidents_list,
            incidents::incident_import,
            privacy::claim_erase_customers,
            privacy::retention_get,
            privacy::retention_set,
            page::desk_get,
            page::desk_set,
            privacy::customer_notice,
            privacy::customer_notice_pdf,
            incidents::keys_list,
            incidents::key_trust,
            replies::reply_import,
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
            association::assoc_next,
            association::assoc_stats,
            association::assoc_export,
            association::assoc_backup,
            association::assoc_erase_customers,
            association::assoc_decide_held,
            chosen::choose,
        }
    };
}
