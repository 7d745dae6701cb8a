//! Bytes → ingest → every renderer. The first byte picks the format (bits 0–1: text,
//! Markdown, HTML) and the width (bits 2–7); the rest is the file.
//!
//! Asserts: ingest never panics; paragraphs and metadata are terminal safe and one line;
//! mention offsets slice to the mention; `show` (text, colour and not, and JSON) and the
//! reader's screen hold nothing a terminal would act on.
#![no_main]

use demarche::model::ingest::ingest_bytes;
use demarche::model::statement::SourceFormat;
use demarche_fuzz::{
    CONTEXT, assert_rendered_safe, check_json, check_reader, check_statement, check_text_render,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let format = match sel & 3 {
        1 => SourceFormat::Markdown,
        2 => SourceFormat::Html,
        _ => SourceFormat::Text,
    };
    let width = 20 + usize::from(sel >> 2) * 3;
    let st = match ingest_bytes(bytes, "fuzz.txt", format, &CONTEXT) {
        Ok(st) => st,
        Err(e) => {
            assert_rendered_safe("ingest error", &e.to_string());
            return;
        }
    };
    check_statement(&st, &CONTEXT.gazetteer);
    check_text_render(&st, &CONTEXT.gazetteer, width);
    check_json(&st);
    let w = u16::try_from(width).unwrap_or(200).clamp(20, 200);
    check_reader(&st, w, 12 + u16::from(sel % 16));
});
