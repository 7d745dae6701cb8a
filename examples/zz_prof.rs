#[path = "../benches/support/mod.rs"]
mod support;
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::statement::SourceFormat;
fn main() {
    let lib = support::library(4 << 20, 7);
    let total: usize = lib.iter().map(String::len).sum();
    let ctx = Context::default();
    let _ = ingest_bytes(b"warm", "w", SourceFormat::Text, &ctx);
    let t = std::time::Instant::now();
    for _ in 0..5 { for s in &lib { let _ = std::hint::black_box(ingest_bytes(s.as_bytes(), "x", SourceFormat::Text, &ctx)); } }
    eprintln!("{:.1} MB/s wall", (5 * total) as f64 / t.elapsed().as_secs_f64() / 1e6);
    let st = ingest_bytes(lib[0].as_bytes(), "x", SourceFormat::Text, &ctx).unwrap();
    eprintln!("{} paragraphs, {:?}", st.paragraphs.len(), st.actor_counts());
    for p in st.paragraphs.iter().take(2) { eprintln!("{}", &p.text[..p.text.len().min(300)]); }
}
