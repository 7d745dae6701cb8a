//! Metadata from the statement's own lines.
