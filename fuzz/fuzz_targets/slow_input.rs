//! Slow inputs: bytes → ingest (as text, Markdown and HTML) → `show` text wrapped at 80 →
//! `show` JSON → the reader's wrap at 80. No assertion beyond finishing: run it with
//! `-max_len=2000000 -timeout=2` so that anything super-linear on a large input is a timeout
//! (it would have caught `'<div>'*100000` HTML and the quadratic `show` wrap).
//!
//! With `DEMARCHE_FUZZ_TIMING=1` in the environment, each stage's time is printed, to tell
//! which one a timeout comes from (`fuzz/target/.../slow_input FILE`).
#![no_main]

use std::sync::LazyLock;
use std::time::Instant;

use demarche::model::ingest::ingest_bytes;
use demarche::model::statement::SourceFormat;
use demarche_fuzz::CONTEXT;
use libfuzzer_sys::fuzz_target;

static TIMING: LazyLock<bool> = LazyLock::new(|| std::env::var_os("DEMARCHE_FUZZ_TIMING").is_some());

fn stage<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let t = Instant::now();
    let r = f();
    if *TIMING {
        eprintln!("{name}: {:?}", t.elapsed());
    }
    r
}

fuzz_target!(|data: &[u8]| {
    let _ = &*CONTEXT;
    for format in [SourceFormat::Text, SourceFormat::Markdown, SourceFormat::Html] {
        let Ok(st) = stage(&format!("{format:?} ingest"), || {
            ingest_bytes(data, "slow.txt", format, &CONTEXT)
        }) else {
            continue;
        };
        stage("  show text", || {
            let mut out = Vec::new();
            demarche::cli::render::write_statement_text(&mut out, &st, &CONTEXT.gazetteer, 80, true)
                .expect("writing to a Vec cannot fail");
        });
        stage("  show json", || {
            let mut json = Vec::new();
            serde_json::to_writer_pretty(&mut json, &demarche::cli::render::statement_json(&st))
                .expect("statement JSON serialises");
        });
        stage("  reader wrap", || {
            for p in &st.paragraphs {
                std::hint::black_box(demarche::tui::wrap::wrap_offsets(&p.text, 80));
            }
        });
    }
});
