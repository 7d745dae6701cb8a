//! The model: everything about statements and notes, with no terminal code in it. The
//! notes store, which reads and writes files, is [`crate::store`].

pub mod accounting;
pub mod actors;
pub mod anchor;
pub mod clean;
pub mod concordance;
pub mod context;
pub mod corrections;
pub mod country;
pub mod dates;
pub mod decode;
pub mod excerpt;
pub mod export;
pub mod filename;
pub mod filter;
pub mod gazetteer;
pub mod generic_names;
pub mod html;
pub mod html_depth;
pub mod identity;
pub mod ingest;
pub mod library;
pub mod markdown;
pub mod metadata;
pub mod notes;
pub mod sanitize;
pub mod sidecar;
pub mod statement;
pub mod words;

pub use statement::{
    Mention, Metadata, Paragraph, Provenance, RemovalReason, Removed, SourceFormat, Statement,
};
