//! `annotate`, `notes` and `export`: the headless side of notes.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::{ExportFormat, OutputFormat};
use crate::cli::commands::Env;
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

/// `demarche annotate PATH --paragraph N --note TEXT`.
pub fn annotate(
    env: &mut Env,
    path: &Path,
    paragraph: usize,
    note: &str,
) -> anyhow::Result<ExitCode> {
    let data_dir = env.require_data_dir()?.to_path_buf();
    let lib = env.library(&[path.to_path_buf()])?;
    let source = lib
        .sources
        .first()
        .with_context(|| format!("{}: no statement file found", path.display()))?;
    let st = source.load(&env.ctx)?;
    let count = st.paragraphs.len();
    if count == 0 {
        anyhow::bail!(
            "{}: the statement has no paragraphs to annotate",
            path.display()
        );
    }
    if paragraph == 0 || paragraph > count {
        anyhow::bail!(
            "{}: paragraph {paragraph} is out of range (valid: 1 to {count})",
            path.display()
        );
    }
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("{}: cannot create the data directory", data_dir.display()))?;
    let mut store = NoteStore::open(&data_dir)?.with_roots(&env.config.library.folders);
    let rel = key_path(path);
    // `add` returns only after the file is synced and renamed into place.
    let added = store.add(&st, &rel, paragraph, note)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", added.id)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `demarche notes [PATH]... [--format text|json]`.
pub fn notes(env: &mut Env, paths: &[PathBuf], format: OutputFormat) -> anyhow::Result<ExitCode> {
    let (store, statements) = load(env, paths)?;
    let stored = stored_statements(env, &store, paths);
    let items = collect(&store, paths, &statements, &stored);
    let found_how = identities(&store, &statements);
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => {
            for (source, (weak, how)) in &found_how {
                if *weak {
                    eprintln!("demarche: warning: {source}: notes {how}");
                }
            }
            serde_json::to_writer_pretty(&mut out, &export::json(&items, &Filter::default()))?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(&mut out, &items, &found_how)?,
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
    let store = NoteStore::open(&data_dir)?.with_roots(&env.config.library.folders);
    let mut statements = Vec::new();
    if !paths.is_empty() {
        let lib = env.library(paths)?;
        for source in &lib.sources {
            let st = source.load(&env.ctx)?;
            let rel = match source {
                crate::model::library::Source::File(p) => key_path(p),
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

/// How each named statement's notes were found, by source, when it is worth saying: (weak,
/// explanation).
fn identities(
    store: &NoteStore,
    statements: &[(Statement, String)],
) -> HashMap<String, (bool, String)> {
    statements
        .iter()
        .filter_map(|(st, rel)| {
            let how = store.identification(&StatementKey::of(st, rel))?;
            Some((st.source.clone(), (how.is_weak(), how.describe()?)))
        })
        .collect()
}

fn write_text(
    out: &mut impl Write,
    items: &[StatementNotes<'_>],
    found_how: &HashMap<String, (bool, String)>,
) -> std::io::Result<()> {
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
        if let Some((_, how)) = found_how.get(&item.source) {
            writeln!(out, "  (notes {how})")?;
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

/// `demarche move-notes FROM TO`: the one way notes pass from one existing file to another.
pub fn move_notes(env: &mut Env, from: &Path, to: &Path) -> anyhow::Result<ExitCode> {
    let data_dir = env.require_data_dir()?.to_path_buf();
    let (from_st, from_key) = load_one(env, from)?;
    let (to_st, to_key) = load_one(env, to)?;
    if from_key.path == to_key.path {
        anyhow::bail!(
            "{}: FROM and TO are the same file; name two different statements",
            from.display()
        );
    }
    let mut store = NoteStore::open(&data_dir)?.with_roots(&env.config.library.folders);
    let moved = store.move_notes(
        &StatementKey::of(&from_st, &from_key.path),
        &StatementKey::of(&to_st, &to_key.path),
    )?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "moved {moved} note{} from {} to {}",
        if moved == 1 { "" } else { "s" },
        from.display(),
        to.display()
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One statement file, read on its own (no site chrome from other files), with its key.
fn load_one(env: &mut Env, path: &Path) -> anyhow::Result<(Statement, StatementKey)> {
    let lib = env.library(&[path.to_path_buf()])?;
    let source = lib
        .sources
        .first()
        .with_context(|| format!("{}: no statement file found", path.display()))?;
    let st = source.load(&env.ctx)?;
    let key = StatementKey::of(&st, &key_path(path));
    Ok((st, key))
}

/// The notes store for read-only look-ups, when there is a data dir with notes in it.
#[must_use]
pub fn open_store_if_any(env: &Env) -> Option<NoteStore> {
    let dir = env.data_dir.as_deref()?;
    dir.join("notes").is_dir().then_some(())?;
    NoteStore::open(dir)
        .ok()
        .map(|s| s.with_roots(&env.config.library.folders))
}

/// What a user must be told about how a statement's notes were found: only the weak
/// title-and-date match is worth a warning.
#[must_use]
pub fn identity_warning(store: &NoteStore, st: &Statement) -> Option<String> {
    let key = StatementKey::of(st, &source_key_path(&st.source));
    let how = store.identification(&key).filter(|h| h.is_weak())?;
    how.describe().map(|d| format!("notes {d}"))
}

/// The key path of a statement's source label (`bundled:` labels are kept as they are).
fn source_key_path(source: &str) -> String {
    if source.starts_with("bundled:") {
        source.to_owned()
    } else {
        key_path(Path::new(source))
    }
}
