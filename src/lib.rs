//! demarche: a terminal reader for official statements.
//!
//! The crate is split into a model with no terminal code (`model`), the configuration
//! (`config`), the notes store (`store`, files on disk), the scriptable command line (`cli`)
//! and the terminal reader (`tui`).

pub mod cli;
pub mod color;
pub mod config;
pub mod model;
pub mod paths;
pub mod store;
pub mod tui;
