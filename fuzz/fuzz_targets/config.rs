//! Bytes as a config file → `Config::from_toml` → the ingest context (actors, boilerplate
//! patterns) → the keymap, theme and reader built from it → a small statement ingested and
//! drawn with that context.
//!
//! Asserts: nothing panics; a parse error's line:column lies inside the text; the actors of
//! any config give mentions whose offsets slice to the mention; the reader draws safely.
#![no_main]

use std::path::Path;

use demarche::config::{Config, ConfigError};
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::statement::SourceFormat;
use demarche::tui::keymap::Keymap;
use demarche_fuzz::{assert_rendered_safe, check_reader_with, check_statement};
use libfuzzer_sys::fuzz_target;

/// Text written for this target (not third-party): actor names and aliases of the default
/// gazetteer and of typical configs occur in it, in several scripts and cases.
const SAMPLE: &str = "Statement of the Ministry of Foreign Affairs\n\n\
21 January 2022\n\n\
The Ministry of Foreign Affairs of the Republic of Arvenia notes the resolution of the \
European Parliament. MEPs, the EU Delegation and the Ombudsperson were informed.\n\n\
МИД Республики Арвения и Уполномоченный по правам человека. İSTANBUL ΑΘΗΝΑ Straße.\n\n\
Le Défenseur des droits et le ministère de l’Europe et des Affaires étrangères.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cfg = match Config::from_toml(text, Path::new("fuzz.toml")) {
        Ok(cfg) => cfg,
        Err(e) => {
            let ConfigError::Parse { line, column, .. } = &e else {
                panic!("parsing text gave a non-parse error: {e}");
            };
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(
                *line >= 1 && *line <= lines.len(),
                "error line {line} outside the text ({} lines)",
                lines.len()
            );
            let len = lines[line - 1].chars().count();
            assert!(
                *column >= 1 && *column <= len + 1,
                "error column {column} outside line {line} ({len} chars)"
            );
            let _ = e.to_string();
            return;
        }
    };
    let _ = Keymap::from_config(&cfg.keys).map(|k| {
        for (action, _) in k.bindings() {
            assert_rendered_safe("keymap", &k.keys_text(action));
        }
    });
    let Ok(ctx) = Context::from_config(&cfg) else {
        return;
    };
    // The actors of this config on a small statement, then the reader (keymap, theme, sort
    // order and width all come from the config) showing it.
    let st = ingest_bytes(SAMPLE.as_bytes(), "sample.txt", SourceFormat::Text, &ctx)
        .expect("plain UTF-8 text ingests");
    check_statement(&st, &ctx.gazetteer);
    check_reader_with(&st, &ctx, &cfg, 60, 16);
});
