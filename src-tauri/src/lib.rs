//! The app crate: the use cases (`app`), the command line over them
//! (`cli`), and the window over them (`window`, feature `desktop`). `cli`
//! and `window` both call `app` and never each other.

pub mod app;
pub mod cli;
pub mod commands;
#[cfg(feature = "http-host")]
pub mod http_host;
#[cfg(feature = "desktop")]
pub mod window;
