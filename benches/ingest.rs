//! Ingestion speed (filled in with the pipeline).
fn main() {}
