//! The app crate: the use cases (`app`), the command line over them
//! (`cli`), and the window over them (`window`, feature `desktop`). `cli`
//! and `window` both call `app` and never each other.

pub mod app;
pub mod cli;
#[cfg(feature = "desktop")]
pub mod window;
