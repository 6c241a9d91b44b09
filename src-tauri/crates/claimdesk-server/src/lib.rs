//! ClaimDesk's association server: several staff, one PostgreSQL. This
//! crate holds what is the server's own: its schema and its commands. The
//! association's rules stay in `claim-assoc`, written once for both stores.

pub mod accounts;
pub mod asking;
pub mod desk;
pub mod export;
pub mod import;
pub mod incidents;
pub mod schema;
pub mod serve;
pub mod session;
pub mod staff;
pub mod store;
pub mod tls;
