//! `demarche search QUERY [PATH]...`: every matching paragraph of the library as a
//! concordance (see [`crate::model::concordance`]). Files are read on all cores, a batch at
//! a time, and written in library order as each batch is done, so output starts at once and
//! memory stays bounded whatever the library's size.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde_json::json;

use crate::cli::args::OutputFormat;
use crate::cli::env::Env;
use crate::model::concordance::{Hit, Query};
use crate::model::library::{Library, PARALLEL_BATCH};
use crate::model::sanitize::terminal_safe_line;
use crate::model::statement::Statement;

/// Runs the search.
///
/// # Errors
/// A query that cannot be parsed, a path that cannot be listed, or output that fails.
pub fn search(
    env: &mut Env,
    query: &str,
    paths: &[PathBuf],
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    let query = Query::parse(query).map_err(|e| anyhow::anyhow!("search: {e}"))?;
    let lib = if !paths.is_empty() {
        env.library(paths)?
    } else if !env.config.library.folders.is_empty() {
        let folders = env.config.library.folders.clone();
        env.library(&folders)?
    } else {
        let lib = Library::bundled();
        env.ctx.sidecars = std::sync::Arc::clone(&lib.sidecars);
        lib
    };
    let color = crate::cli::color::stdout_color();
    let progress = std::io::stderr().is_terminal() && lib.sources.len() > PARALLEL_BATCH;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut statements, mut total, mut failed) = (0usize, 0usize, false);
    if format == OutputFormat::Json {
        write!(
            out,
            "{{\n  \"query\": {},\n  \"hits\": [",
            json_string(query.text())?
        )?;
    }
    for (k, batch) in lib.sources.chunks(PARALLEL_BATCH).enumerate() {
        let found: Vec<_> = batch
            .par_iter()
            .map(|src| query.search_source(src, &env.ctx))
            .collect();
        for result in found {
            match result {
                Ok(None) => {}
                Ok(Some((st, hits))) => {
                    statements += 1;
                    for hit in &hits {
                        match format {
                            OutputFormat::Text => write_text(&mut out, &st, hit, color)?,
                            OutputFormat::Json => write_json(&mut out, &st, hit, total == 0)?,
                        }
                        total += 1;
                    }
                }
                Err(e) => {
                    crate::cli::safe_out::report("error", &e);
                    failed = true;
                }
            }
        }
        out.flush()?;
        if progress {
            let done = ((k + 1) * PARALLEL_BATCH).min(lib.sources.len());
            eprint!("\rsearching: {done}/{} files", lib.sources.len());
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    match format {
        OutputFormat::Json => writeln!(
            out,
            "\n  ],\n  \"statements\": {statements},\n  \"total\": {total}\n}}"
        )?,
        OutputFormat::Text => writeln!(out, "{total} match(es) in {statements} statement(s)")?,
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn json_string(s: &str) -> anyhow::Result<String> {
    Ok(crate::cli::json::to_string_pretty(s)?)
}

/// `path ¶N · date · issuer · title`, then the match in its context, indented; the match
/// in bold on a terminal with colour. Every field is made terminal-safe.
fn write_text(out: &mut impl Write, st: &Statement, hit: &Hit, color: bool) -> std::io::Result<()> {
    let mut head = vec![format!("{} ¶{}", st.source, hit.paragraph)];
    head.extend(crate::model::concordance::about(st));
    writeln!(out, "{}", terminal_safe_line(&head.join(" · ")))?;
    let (on, off) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    writeln!(
        out,
        "    {}{on}{}{off}{}",
        terminal_safe_line(&hit.before),
        terminal_safe_line(&hit.matched),
        terminal_safe_line(&hit.after)
    )
}

/// One hit as a JSON object (after a comma unless it is the first).
fn write_json(out: &mut impl Write, st: &Statement, hit: &Hit, first: bool) -> anyhow::Result<()> {
    let value = json!({
        "source": st.source,
        "id": st.id,
        "title": st.meta.title,
        "issuer": st.meta.issuer,
        "date": st.meta.date.map(|d| d.to_string()),
        "paragraph": hit.paragraph,
        "start": hit.start,
        "end": hit.end,
        "before": hit.before,
        "match": hit.matched,
        "after": hit.after,
    });
    let text = crate::cli::json::to_string_pretty(&value)?;
    let indented = text.replace('\n', "\n    ");
    write!(out, "{}\n    {indented}", if first { "" } else { "," })?;
    Ok(())
}
