//! Slow inputs: bytes → ingest → `show` text wrapped at 80 → `show` JSON → the reader's wrap
//! at 80. No assertion beyond finishing: run it with `-max_len=2000000 -timeout=2` so that
//! anything super-linear on a large input is a timeout (it would have caught
//! `'<div>'*100000` HTML and the quadratic `show` wrap).
//!
//! The format is the one the content looks like (HTML if it starts with `<`, Markdown if it
//! starts with front matter or Markdown markup, else text), one per input so that a large
//! linear input stays inside the timeout even in this instrumented build; every format is
//! reached, by the seeds and by mutation.
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

static TIMING: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("DEMARCHE_FUZZ_TIMING").is_some());

fn stage<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let t = Instant::now();
    let r = f();
    if *TIMING {
        eprintln!("{name}: {:?}", t.elapsed());
    }
    r
}

/// The format a file with this content would most likely have.
fn sniff(data: &[u8]) -> SourceFormat {
    let start = data.trim_ascii_start();
    match start.first() {
        Some(b'<') => SourceFormat::Html,
        Some(b'+' | b'-' | b'#' | b'>' | b'*' | b'`') => SourceFormat::Markdown,
        _ => SourceFormat::Text,
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = &*CONTEXT;
    {
        let format = sniff(data);
        let Ok(st) = stage(&format!("{format:?} ingest"), || {
            ingest_bytes(data, "slow.txt", format, &CONTEXT)
        }) else {
            return;
        };
        stage("  show text", || {
            let mut out = Vec::new();
            demarche::cli::render::write_statement_text(
                &mut out,
                &st,
                &CONTEXT.gazetteer,
                80,
                true,
            )
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
