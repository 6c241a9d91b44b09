// The association's review commands (and the labels they are shown with) the
// association's server serves too,
// over its PostgreSQL and as the member of staff signed in: each is written
// against `association::DeskAt`, and each is in `list.rs` as well (the
// window serves them over its own SQLite desk).
macro_rules! desk_commands {
    ($then:ident) => {
        $then! {
            page::reference_data,
            association::assoc_table,
            association::assoc_claim,
            association::assoc_review,
            association::assoc_note,
            association::assoc_next,
            association::assoc_stats,
            association::assoc_decide_held,
            association::assoc_erase_customers,
        }
    };
}
