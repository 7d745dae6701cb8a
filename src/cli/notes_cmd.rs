//! `annotate`, `notes` and `export`: the headless side of notes.

use std::io::{IsTerminal as _, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::{ExportFormat, OutputFormat};
use crate::cli::commands::Env;
use crate::cli::note_id;
use crate::model::anchor::{AnchorStatus, Anchoring, ParagraphIndex};
use crate::model::export::{self, Filter, StatementNotes};
use crate::model::notes::StatementKey;
use crate::model::statement::Statement;
use crate::model::store::{AnchoredNote, NoteStore, key_path, write_file_atomic};

/// Options of `export`.
#[derive(Debug, Clone)]
pub struct ExportArgs {
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub since: Option<chrono::NaiveDate>,
}

/// The text of a `--note` argument: standard input when it is `-`. A blank note (nothing
/// but whitespace) is refused: it would be an invisible note that nothing can find.
pub fn note_text(arg: &str) -> anyhow::Result<String> {
    let (text, origin) = if arg == "-" {
        (read_stdin_note()?, "read from standard input")
    } else {
        (arg.to_owned(), "given with --note")
    };
    if text.trim().is_empty() {
        anyhow::bail!(
            "the note {origin} is empty; write its text with --note TEXT, \
             or pass --note - and send the text on standard input"
        );
    }
    Ok(text)
}

/// Reads a whole note from standard input, without the line break that ends the input.
fn read_stdin_note() -> anyhow::Result<String> {
    let mut stdin = std::io::stdin().lock();
    if stdin.is_terminal() {
        eprintln!("demarche: reading the note from standard input (end it with Ctrl-D)");
    }
    let mut bytes = Vec::new();
    stdin
        .read_to_end(&mut bytes)
        .context("standard input: cannot read the note")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("standard input: the note is not valid UTF-8"))?;
    // `echo TEXT | demarche ...` ends with a line break that is not part of the note.
    Ok(text.trim_end().to_owned())
}

/// `demarche annotate PATH --paragraph N --note TEXT` (the text already read, see [`note_text`]).
pub fn annotate(
    env: &mut Env,
    path: &Path,
    paragraph: usize,
    note: &str,
) -> anyhow::Result<ExitCode> {
    let data_dir = env.require_data_dir()?.to_path_buf();
    let (st, rel) = statement_paragraph(env, path, paragraph)?;
    let mut store = open_for_writing(&data_dir)?;
    // `add` returns only after the file is synced and renamed into place.
    let added = store.add(&st, &rel, paragraph, note)?;
    print_line(&added.id)
}

/// `demarche edit-note ID --note TEXT` (the text already read, see [`note_text`]).
pub fn edit_note(env: &Env, id: &str, text: &str) -> anyhow::Result<ExitCode> {
    let mut store = NoteStore::open(env.require_data_dir()?)?;
    let id = resolve_id(&store, id)?;
    let note = store.edit(&id, text)?;
    let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
    let tags = if tags.is_empty() {
        "no tags".to_owned()
    } else {
        format!("tags {}", tags.join(" "))
    };
    print_line(&format!(
        "edited {} on {} ({tags})",
        note.id, note.statement.path
    ))
}

/// `demarche delete-note ID`.
pub fn delete_note(env: &Env, id: &str) -> anyhow::Result<ExitCode> {
    let mut store = NoteStore::open(env.require_data_dir()?)?;
    let id = resolve_id(&store, id)?;
    let note = store.delete(&id)?;
    print_line(&format!(
        "deleted {} on {}: \"{}\"",
        note.id,
        note.statement.path,
        first_line_excerpt(&note.text)
    ))
}

/// `demarche review PATH --paragraph N [--clear]`.
pub fn review(
    env: &mut Env,
    path: &Path,
    paragraph: usize,
    clear: bool,
) -> anyhow::Result<ExitCode> {
    let data_dir = env.require_data_dir()?.to_path_buf();
    let (st, rel) = statement_paragraph(env, path, paragraph)?;
    let mut store = open_for_writing(&data_dir)?;
    let was = store.reviewed_for(&st, &rel).contains(&paragraph);
    store.set_reviewed(&st, &rel, paragraph, !clear)?;
    let place = format!("paragraph {paragraph} of {}", path.display());
    let message = match (clear, was) {
        (false, false) => format!("marked {place} reviewed"),
        (false, true) => format!("{place} was already marked reviewed"),
        (true, true) => format!("cleared the review mark of {place}"),
        (true, false) => format!("{place} was not marked reviewed"),
    };
    print_line(&message)
}

/// The statement at `path`, read now, with its key path; `paragraph` must be one of its own.
fn statement_paragraph(
    env: &mut Env,
    path: &Path,
    paragraph: usize,
) -> anyhow::Result<(Statement, String)> {
    let lib = env.library(&[path.to_path_buf()])?;
    let source = lib
        .sources
        .first()
        .with_context(|| format!("{}: no statement file found", path.display()))?;
    let st = source.load(&env.ctx)?;
    let count = st.paragraphs.len();
    if count == 0 {
        anyhow::bail!("{}: the statement has no paragraphs", path.display());
    }
    if paragraph == 0 || paragraph > count {
        anyhow::bail!(
            "{}: paragraph {paragraph} is out of range (valid: 1 to {count})",
            path.display()
        );
    }
    let rel = key_path(&env.config.library.folders, path);
    Ok((st, rel))
}

/// The store, with its data directory created if this is the first note.
fn open_for_writing(data_dir: &Path) -> anyhow::Result<NoteStore> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("{}: cannot create the data directory", data_dir.display()))?;
    Ok(NoteStore::open(data_dir)?)
}

/// The full id of the note that `given` names (see [`note_id`]).
fn resolve_id(store: &NoteStore, given: &str) -> anyhow::Result<String> {
    let notes = store.all_notes();
    match note_id::resolve(given, notes.iter().map(|n| n.id.as_str())) {
        Ok(id) => Ok(id.to_owned()),
        Err(e @ note_id::IdError::Malformed(_)) => Err(e.into()),
        // Name the store searched: with several data dirs, the note may be in another one.
        Err(e) => Err(anyhow::anyhow!("{}: {e}", store.dir().display())),
    }
}

/// The first line of a note, cut at a word boundary, to confirm which note was meant.
fn first_line_excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let line = text.lines().next().unwrap_or_default();
    let more = text.lines().nth(1).is_some();
    match crate::model::excerpt::cut_at_word(line, MAX_CHARS) {
        Some(cut) => cut,
        None if more => format!("{line} …"),
        None => line.to_owned(),
    }
}

/// Prints one line to stdout and flushes it (a confirmation scripts may wait for).
fn print_line(line: &str) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `demarche notes [PATH]... [--format text|json]`.
pub fn notes(env: &mut Env, paths: &[PathBuf], format: OutputFormat) -> anyhow::Result<ExitCode> {
    let (store, statements) = load(env, paths)?;
    let stored = stored_statements(env, &store, paths);
    let items = collect(&store, paths, &statements, &stored);
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &export::json(&items, &Filter::default()))?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(&mut out, &items)?,
    }
    out.flush()?;
    Ok(report_problems(&store))
}

/// `demarche export [PATH]... --format ...`.
pub fn export(env: &mut Env, paths: &[PathBuf], args: ExportArgs) -> anyhow::Result<ExitCode> {
    let (store, statements) = load(env, paths)?;
    let stored = stored_statements(env, &store, paths);
    let items = collect(&store, paths, &statements, &stored);
    let filter = Filter {
        tags: args.tags,
        actors: args.actors,
        since: args.since,
    };
    let mut text = match args.format {
        ExportFormat::Markdown => export::markdown(&items, &filter),
        ExportFormat::Csv => export::csv(&items, &filter),
        ExportFormat::Json => serde_json::to_string_pretty(&export::json(&items, &filter))?,
        ExportFormat::W3c => serde_json::to_string_pretty(&export::w3c(&items, &filter))?,
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.output {
        Some(file) => write_file_atomic(file, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(report_problems(&store))
}

/// The store, and the statements named on the command line (read now) with their key paths.
fn load(env: &mut Env, paths: &[PathBuf]) -> anyhow::Result<(NoteStore, Vec<(Statement, String)>)> {
    let data_dir = env.require_data_dir()?.to_path_buf();
    let store = NoteStore::open(&data_dir)?;
    let mut statements = Vec::new();
    if !paths.is_empty() {
        let lib = env.library(paths)?;
        for source in &lib.sources {
            let st = source.load(&env.ctx)?;
            let rel = match source {
                crate::model::library::Source::File(p) => key_path(&env.config.library.folders, p),
                crate::model::library::Source::Bundled { .. } => source.label(),
            };
            statements.push((st, rel));
        }
    }
    Ok((store, statements))
}

/// Without PATHs: each stored statement read again from its key path, when it can be.
fn stored_statements(env: &Env, store: &NoteStore, paths: &[PathBuf]) -> Vec<Option<Statement>> {
    if !paths.is_empty() {
        return Vec::new();
    }
    store
        .statements()
        .into_iter()
        .map(|(key, notes)| {
            if notes.is_empty() {
                None
            } else {
                find_stored(env, key)
            }
        })
        .collect()
}

/// Notes per statement. With PATHs: the notes of those statements. Without: every statement
/// in the store, anchored against its file when the stored path can still be read; when it
/// cannot, each note is reported where it was last anchored (status `exact`, as saved).
fn collect<'a>(
    store: &NoteStore,
    paths: &[PathBuf],
    statements: &'a [(Statement, String)],
    stored: &'a [Option<Statement>],
) -> Vec<StatementNotes<'a>> {
    if !paths.is_empty() {
        return statements
            .iter()
            .filter_map(|(st, rel)| {
                let notes = store.notes_for(st, rel);
                (!notes.is_empty()).then(|| StatementNotes {
                    source: st.source.clone(),
                    key: StatementKey::of(st, rel),
                    statement: Some(st),
                    notes,
                })
            })
            .collect();
    }
    store
        .statements()
        .into_iter()
        .zip(stored)
        .filter(|((_, notes), _)| !notes.is_empty())
        .map(|((key, notes), found)| {
            let index = found.as_ref().map(ParagraphIndex::new);
            let anchored = notes
                .iter()
                .map(|n| AnchoredNote {
                    anchoring: index.as_ref().map_or(
                        Anchoring {
                            status: AnchorStatus::Exact,
                            paragraph: Some(n.paragraph),
                            score: 1.0,
                        },
                        |ix| ix.anchor(&n.anchor, n.paragraph),
                    ),
                    note: n.clone(),
                })
                .collect();
            StatementNotes {
                source: key.path.clone(),
                key: key.clone(),
                statement: found.as_ref(),
                notes: anchored,
            }
        })
        .collect()
}

/// Reads a stored statement again from its key path (absolute, or under a library folder).
fn find_stored(env: &Env, key: &StatementKey) -> Option<Statement> {
    let stored = Path::new(&key.path);
    let candidates: Vec<PathBuf> = if stored.is_absolute() {
        vec![stored.to_path_buf()]
    } else {
        env.config
            .library
            .folders
            .iter()
            .map(|root| root.join(stored))
            .collect()
    };
    candidates
        .into_iter()
        .filter(|p| p.is_file())
        .find_map(|p| crate::model::ingest::ingest_file(&p, &env.ctx).ok())
}

fn write_text(out: &mut impl Write, items: &[StatementNotes<'_>]) -> std::io::Result<()> {
    if items.is_empty() {
        writeln!(out, "No notes.")?;
    }
    for item in items {
        let title = item
            .statement
            .and_then(|s| s.meta.title.clone())
            .or_else(|| item.key.title.clone());
        match title {
            Some(t) => writeln!(out, "{} — {t}", item.source)?,
            None => writeln!(out, "{}", item.source)?,
        }
        for an in &item.notes {
            let n = StatementNotes::paragraph_number(an);
            let status = an.anchoring.status.as_str();
            let place = if an.anchoring.status == AnchorStatus::Orphaned {
                format!("(was ¶{n})")
            } else {
                format!("¶{n}")
            };
            let tags: Vec<String> = an.note.tags.iter().map(|t| format!("#{t}")).collect();
            writeln!(
                out,
                "  {place} [{status}] {}  {}",
                tags.join(" "),
                an.note.id
            )?;
            for line in an.note.text.lines() {
                writeln!(out, "      {line}")?;
            }
        }
    }
    Ok(())
}

/// Reports files the store could not use; the exit status is 1 when there are any, so
/// that scripts notice that some notes are missing from the output.
fn report_problems(store: &NoteStore) -> ExitCode {
    for p in store.problems() {
        eprintln!("demarche: error: {p}");
    }
    if store.problems().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
