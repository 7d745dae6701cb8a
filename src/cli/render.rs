//! Output of `show`, `actors` and `check`: JSON shapes from the contract and readable text.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::cli::args::OutputFormat;
use crate::model::actors::{Gazetteer, count_by_actor};
use crate::model::ingest::Context;
use crate::model::library::Library;
use crate::model::statement::Statement;

/// The terminal's width for wrapping, else `$COLUMNS`, else 80.
#[must_use]
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
        && w > 0
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w > 0)
        .unwrap_or(80)
}

fn date_value(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%d").to_string())
    })
}

/// Actor counts as a JSON object in gazetteer order (zero counts included, so keys are stable).
fn actor_object(counts: &[(String, usize)]) -> Value {
    Value::Object(counts.iter().map(|(n, c)| (n.clone(), json!(c))).collect())
}

/// `show --format json`: the contract's shape, plus `year` (known also when only the year
/// is), `url` and `sources` (which source gave each metadata field: `text`, `file-name`,
/// `sidecar`, `front-matter` or `correction`); `actors` counts the actors that occur.
#[must_use]
pub fn statement_json(st: &Statement) -> Value {
    let mut v = json!({
        "id": st.id,
        "source": st.source,
        "format": st.format,
        "title": st.meta.title,
        "issuer": st.meta.issuer,
        "place": st.meta.place,
        "date": date_value(st.meta.date),
        "published": date_value(st.meta.published),
        "year": st.meta.year,
        "url": st.meta.url,
        "sources": st.provenance.origins,
        "paragraphs": st.paragraphs,
        "actors": actor_object(&st.actor_counts()),
        "removed": st.removed,
        "warnings": st.warnings,
    });
    let by_country = st.actors_by_country();
    if let Some(obj) = v.as_object_mut() {
        if let Some(speaker) = &st.speaker {
            obj.insert("speaker".into(), json!(speaker));
        }
        if !by_country.is_empty() {
            obj.insert("actors_by_country".into(), json!(by_country));
        }
    }
    v
}

/// SGR parameters for a colour name or `#rrggbb` (the one parser of [`crate::color`]); an
/// unknown name is yellow, as in the reader's fallback.
#[must_use]
pub fn sgr_color(name: &str) -> String {
    crate::color::parse(name).map_or_else(|| "33".to_owned(), crate::color::Colour::sgr_foreground)
}

/// `show` as text: a metadata header, then numbered paragraphs wrapped to `width`.
pub fn write_statement_text(
    out: &mut impl Write,
    st: &Statement,
    gazetteer: &Gazetteer,
    width: usize,
    color: bool,
) -> std::io::Result<()> {
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let m = &st.meta;
    let title = m.title.as_deref().unwrap_or("(untitled statement)");
    for line in textwrap::wrap(title, width.max(20)) {
        writeln!(out, "{}", bold(&line))?;
    }
    // Header fields wrap with a hanging indent under their value.
    let field = |out: &mut dyn Write, k: &str, v: &str| -> std::io::Result<()> {
        let opts = textwrap::Options::new(width.max(30))
            .subsequent_indent("           ")
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for line in textwrap::wrap(&format!("{k:<10} {v}"), &opts) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    };
    let o = &st.provenance.origins;
    let mark = |v: Option<String>, origin| {
        v.map(|v| {
            if origin == Some(crate::model::metadata::MetaSource::Correction) {
                format!("{v} (corrected)")
            } else {
                v
            }
        })
    };
    let date = match (m.date, m.year) {
        (Some(d), _) => Some(d.to_string()),
        (None, Some(y)) => Some(format!("{y} (year only)")),
        (None, None) => None,
    };
    let corrected = o.corrected();
    let correction = (!corrected.is_empty()).then(|| {
        format!(
            "{} (by you; `demarche correct {} --clear` reverts)",
            corrected.join(", "),
            crate::model::sanitize::terminal_safe_line(&st.source)
        )
    });
    for (k, v) in [
        ("Issuer:", mark(m.issuer.clone(), o.issuer)),
        ("Place:", mark(m.place.clone(), o.place)),
        ("Date:", mark(date, o.date)),
        ("Published:", m.published.map(|d| d.to_string())),
        ("URL:", m.url.clone()),
        ("Corrected:", correction),
        (
            "Source:",
            Some(crate::model::sanitize::terminal_safe_line(&st.source).into_owned()),
        ),
    ] {
        if let Some(v) = v {
            field(out, k, &v)?;
        }
    }
    let counts = count_by_actor(gazetteer, st.paragraphs.iter().flat_map(|p| &p.mentions));
    let labels: Vec<(String, String)> = counts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(n, c)| (n.clone(), format!("{n} {c}")))
        .collect();
    if !labels.is_empty() {
        // No-break spaces keep "Ministry 3" on one line; they turn back into spaces below.
        let plain = labels
            .iter()
            .map(|(_, l)| l.replace(' ', "\u{a0}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let opts = textwrap::Options::new(width.max(30)).subsequent_indent("           ");
        for line in textwrap::wrap(&format!("{:<10} {plain}", "Actors:"), &opts) {
            let mut line = line.replace('\u{a0}', " ");
            if color {
                for (name, label) in &labels {
                    if let Some(a) = gazetteer.actor(name) {
                        let coloured = format!("\x1b[{}m{label}\x1b[0m", sgr_color(&a.color));
                        line = line.replace(label, &coloured);
                    }
                }
            }
            writeln!(out, "{line}")?;
        }
    }
    if !st.removed.is_empty() {
        let n = st.removed.len();
        field(
            out,
            "Cleaned:",
            &format!("{n} line(s) removed (see `demarche check`)"),
        )?;
    }
    for w in &st.warnings {
        field(out, "Warning:", w)?;
    }
    let digits = st.paragraphs.len().to_string().len();
    let indent = " ".repeat(digits + 2);
    let text_width = width.saturating_sub(digits + 2).max(20);
    for p in &st.paragraphs {
        writeln!(out)?;
        let lines = wrap_with_offsets(&p.text, text_width);
        for (i, (start, line)) in lines.iter().enumerate() {
            if i == 0 {
                write!(out, "{:>digits$}  ", p.index)?;
            } else {
                write!(out, "{indent}")?;
            }
            if color {
                writeln!(out, "{}", colour_line(line, *start, &p.mentions, gazetteer))?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

/// Wraps `text` and returns each line with its start offset (in chars) in `text`.
#[must_use]
pub fn wrap_with_offsets(text: &str, width: usize) -> Vec<(usize, String)> {
    let mut opts = textwrap::Options::new(width.max(1)).break_words(true);
    if text.len() > OPTIMAL_FIT_MAX_BYTES {
        // Optimal fit costs more than linear time on huge paragraphs; first fit does not.
        opts = opts.wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    }
    let mut out = Vec::new();
    // Offsets are counted from the previous line on, never from the start: linear overall.
    let (mut cursor_byte, mut cursor_char) = (0, 0);
    for line in textwrap::wrap(text, &opts) {
        let line = line.into_owned();
        let rest = text.get(cursor_byte..).unwrap_or_default();
        let skip = rest.find(line.as_str()).unwrap_or(0);
        let start_char = cursor_char + rest.get(..skip).unwrap_or_default().chars().count();
        cursor_byte = (cursor_byte + skip + line.len()).min(text.len());
        cursor_char = start_char + line.chars().count();
        out.push((start_char, line));
    }
    out
}

/// Paragraphs longer than this are wrapped first-fit.
const OPTIMAL_FIT_MAX_BYTES: usize = 64 * 1024;

fn colour_line(
    line: &str,
    start: usize,
    mentions: &[crate::model::Mention],
    gazetteer: &Gazetteer,
) -> String {
    let mut out = String::new();
    let mut open = false;
    // Mentions are sorted by start: walk them with the line instead of searching each time.
    let mut next = mentions.partition_point(|m| m.end <= start);
    for (i, c) in line.chars().enumerate() {
        let pos = start + i;
        while mentions.get(next).is_some_and(|m| m.end <= pos) {
            next += 1;
        }
        let here = mentions.get(next).filter(|m| m.start <= pos && pos < m.end);
        let starts = here.is_some_and(|m| m.start == pos || i == 0);
        if let Some(m) = here.filter(|_| starts && !open) {
            let colour = gazetteer
                .actor(&m.actor)
                .map_or_else(|| "33".to_owned(), |a| sgr_color(&a.color));
            out.push_str(&format!("\x1b[1;{colour}m"));
            open = true;
        }
        if open && here.is_none() {
            out.push_str("\x1b[0m");
            open = false;
        }
        out.push(c);
        if open && here.is_some_and(|m| m.end == pos + 1) {
            out.push_str("\x1b[0m");
            open = false;
        }
    }
    if open {
        out.push_str("\x1b[0m");
    }
    out
}

/// `actors`: mention counts per statement and in total.
pub fn actors(lib: &Library, ctx: &Context, format: OutputFormat) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;
    let mut failed = false;
    let mut total: Vec<(String, usize)> = ctx
        .gazetteer
        .actors()
        .iter()
        .map(|a| (a.name.clone(), 0))
        .collect();
    let name_w = total
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    // Buffered under the safe writer, which must see whole strings, never a split char.
    let mut out =
        crate::cli::safe_out::SafeWriter::new(std::io::BufWriter::new(std::io::stdout().lock()));
    if format == OutputFormat::Json {
        write!(out, "{{\n  \"statements\": [")?;
    }
    let mut rows = 0usize;
    // Statements are read on all cores a batch at a time, and written in library order as
    // each batch is done: output starts at once, memory stays bounded.
    for batch in lib.sources.chunks(crate::model::library::PARALLEL_BATCH) {
        let read: Vec<_> = batch
            .par_iter()
            .map(|src| {
                src.load(ctx).map(|st| {
                    let counts = count_by_actor(
                        &ctx.gazetteer,
                        st.paragraphs.iter().flat_map(|p| &p.mentions),
                    );
                    (st.source, st.meta.title, counts)
                })
            })
            .collect();
        for result in read {
            let (source, title, counts) = match result {
                Ok(row) => row,
                Err(e) => {
                    crate::cli::safe_out::report("error", &e.to_string());
                    failed = true;
                    continue;
                }
            };
            for (slot, (_, c)) in total.iter_mut().zip(&counts) {
                slot.1 += c;
            }
            match format {
                OutputFormat::Json => {
                    let row =
                        json!({"source": source, "title": title, "actors": actor_object(&counts)});
                    let text = crate::cli::json::to_string_pretty(&row)?.replace('\n', "\n    ");
                    write!(out, "{}\n    {text}", if rows == 0 { "" } else { "," })?;
                }
                OutputFormat::Text => {
                    writeln!(out, "{source}")?;
                    if let Some(t) = title {
                        writeln!(out, "  {t}")?;
                    }
                    // The actors the statement mentions (JSON lists every actor, zeros too).
                    let mentioned: Vec<_> = counts.iter().filter(|(_, c)| *c > 0).collect();
                    if mentioned.is_empty() {
                        writeln!(out, "  (no actor mentioned)")?;
                    }
                    for (n, c) in mentioned {
                        writeln!(out, "  {n:<name_w$}  {c:>5}")?;
                    }
                }
            }
            rows += 1;
        }
    }
    match format {
        OutputFormat::Json => {
            let total =
                crate::cli::json::to_string_pretty(&actor_object(&total))?.replace('\n', "\n  ");
            writeln!(out, "\n  ],\n  \"total\": {total}\n}}")?;
        }
        OutputFormat::Text => {
            writeln!(out, "Total ({rows} statement(s))")?;
            for (n, c) in total.iter().filter(|(_, c)| *c > 0) {
                writeln!(out, "  {n:<name_w$}  {c:>5}")?;
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Which fields are known and where each came from: `title (text), issuer (file-name), year
/// 1990 (file-name)`.
fn metadata_line(st: &Statement) -> String {
    let o = &st.provenance.origins;
    let m = &st.meta;
    let mut parts = Vec::new();
    let field = |name: &str, known: bool, origin: Option<crate::model::metadata::MetaSource>| match (
        known, origin,
    ) {
        (true, Some(s)) => Some(format!("{name} ({})", s.as_str())),
        (true, None) => Some(name.to_owned()),
        (false, _) => None,
    };
    parts.extend(field("title", m.title.is_some(), o.title));
    parts.extend(field("issuer", m.issuer.is_some(), o.issuer));
    parts.extend(field("place", m.place.is_some(), o.place));
    let date = match (m.date, m.year) {
        (Some(_), _) => "date".to_owned(),
        (None, Some(y)) => format!("year {y}"),
        (None, None) => String::new(),
    };
    parts.extend(field(&date, !date.is_empty(), o.date));
    let mut line = if parts.is_empty() {
        "none found".to_owned()
    } else {
        parts.join(", ")
    };
    if let Some(row) = &st.provenance.sidecar {
        line.push_str(&format!("; sidecar row {row}"));
    }
    line
}

/// `check`: per file, how it was decoded, what was removed and what was hidden.
/// `notes_warning` adds, per statement, what a user must know about its notes (e.g. that
/// they were re-identified by title and date).
pub fn check(
    lib: &Library,
    ctx: &Context,
    format: OutputFormat,
    notes_warning: &dyn Fn(&Statement) -> Option<String>,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let mut out = crate::cli::safe_out::stdout();
    let mut reports = Vec::new();
    // Read and cleaned on all cores a batch at a time; reported in library order.
    for batch in lib.sources.chunks(crate::model::library::PARALLEL_BATCH) {
        use rayon::prelude::*;
        let loaded: Vec<_> = batch.par_iter().map(|src| src.load(ctx)).collect();
        for (src, result) in batch.iter().zip(loaded) {
            match result {
                Ok(mut st) => {
                    st.warnings.extend(notes_warning(&st));
                    let d = &st.decoding;
                    let decoding = format!(
                        "{}{}{}",
                        d.encoding,
                        if d.bom { " with BOM" } else { "" },
                        if d.lossy {
                            format!(", {} invalid sequence(s) replaced with U+FFFD", d.replaced)
                        } else {
                            String::new()
                        }
                    );
                    match format {
                        OutputFormat::Json => reports.push(json!({
                            "source": st.source,
                            "ok": true,
                            "format": st.format,
                            "decoding": st.decoding,
                            "paragraphs": st.paragraphs.len(),
                            "title": st.meta.title,
                            "issuer": st.meta.issuer,
                            "date": date_value(st.meta.date),
                            "year": st.meta.year,
                            "published": date_value(st.meta.published),
                            "sources": st.provenance.origins,
                            "sidecar": st.provenance.sidecar,
                            "removed": st.removed,
                            "hidden": st.hidden,
                            "warnings": st.warnings,
                        })),
                        OutputFormat::Text => {
                            writeln!(out, "{}", st.source)?;
                            writeln!(out, "  decoded:    {decoding}")?;
                            writeln!(
                                out,
                                "  format:     {}",
                                serde_json::to_value(st.format)?.as_str().unwrap_or("?")
                            )?;
                            writeln!(out, "  paragraphs: {}", st.paragraphs.len())?;
                            writeln!(out, "  metadata:   {}", metadata_line(&st))?;
                            let h = &st.hidden;
                            writeln!(
                                out,
                                "  hidden:     {} (control {}, C1 {}, bidi {}, invisible {})",
                                h.total(),
                                h.control,
                                h.c1,
                                h.bidi,
                                h.invisible
                            )?;
                            writeln!(out, "  removed:    {} line(s)", st.removed.len())?;
                            for r in &st.removed {
                                let text: String = r.text.chars().take(70).collect();
                                let more = if r.text.chars().count() > 70 {
                                    "…"
                                } else {
                                    ""
                                };
                                writeln!(
                                    out,
                                    "    {:>5}  {:<15} {text}{more}",
                                    r.line,
                                    r.reason.as_str()
                                )?;
                            }
                            for w in &st.warnings {
                                writeln!(out, "  warning:    {w}")?;
                            }
                        }
                    }
                }
                Err(e) => {
                    failed = true;
                    match format {
                        OutputFormat::Json => reports.push(
                            json!({"source": src.label(), "ok": false, "error": e.to_string()}),
                        ),
                        OutputFormat::Text => writeln!(out, "{}\n  error:      {e}", src.label())?,
                    }
                    crate::cli::safe_out::report("error", &e.to_string());
                }
            }
        }
    }
    match format {
        OutputFormat::Json => {
            crate::cli::json::write_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            // Also said on stderr as warnings, like every command; here in the report too.
            for sk in &lib.skipped {
                writeln!(
                    out,
                    "{}
  skipped:    {}",
                    sk.path.display(),
                    sk.reason
                )?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
