//! The scriptable command line: `show`, `actors`, `check`, `search`, `annotate`, `notes`, `export`,
//! `edit-note`, `delete-note`, `review`, `move-notes`, `correct`, and the terminal reader
//! when no subcommand is given.

pub mod args;
pub mod color;
pub mod commands;
pub mod correct;
pub mod env;
pub mod json;
pub mod note_id;
pub mod notes_cmd;
pub mod render;
pub mod safe_out;
pub mod search_cmd;

pub use args::{Cli, Command, OutputFormat};
