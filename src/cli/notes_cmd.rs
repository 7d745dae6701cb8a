//! `annotate`, `notes` and `export`: the headless side of notes.

use std::collections::HashMap;
use std::io::{IsTerminal as _, Read as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::{ExportFormat, OutputFormat};
use crate::cli::env::Env;
use crate::cli::note_id;
use crate::model::anchor::{AnchorStatus, Anchoring, ParagraphIndex};
use crate::model::export::{Export, Filter, StatementNotes};
use crate::model::filter::ActorTagFilter;
use crate::model::notes::StatementKey;
use crate::model::sanitize::terminal_safe;
use crate::model::statement::Statement;
use crate::store::{AnchoredNote, NoteStore, key_path, write_file_atomic};

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
    let mut store = open_for_writing(env, &data_dir)?;
    // `add` returns only after the file is synced and renamed into place.
    let added = store.add(&st, &rel, paragraph, note)?;
    print_line(&added.id)
}

/// `demarche edit-note ID --note TEXT` (the text already read, see [`note_text`]).
pub fn edit_note(env: &Env, id: &str, text: &str) -> anyhow::Result<ExitCode> {
    let mut store = open_store(env)?;
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
    let mut store = open_store(env)?;
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
    let mut store = open_for_writing(env, &data_dir)?;
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
    let (st, key) = load_one(env, path)?;
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
    Ok((st, key.path))
}

/// The store, with its data directory created if this is the first note.
fn open_for_writing(env: &Env, data_dir: &Path) -> anyhow::Result<NoteStore> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("{}: cannot create the data directory", data_dir.display()))?;
    Ok(NoteStore::open(data_dir)?.with_roots(&env.config.library.folders))
}

/// The store of the data dir, with the library folders for paths stored relative to them.
fn open_store(env: &Env) -> anyhow::Result<NoteStore> {
    Ok(NoteStore::open(env.require_data_dir()?)?.with_roots(&env.config.library.folders))
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
    let mut out = crate::cli::safe_out::stdout();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `demarche notes [PATH]... [--format text|json]`.
pub fn notes(env: &mut Env, paths: &[PathBuf], format: OutputFormat) -> anyhow::Result<ExitCode> {
    let (store, statements) = load(env, paths)?;
    let stored = stored_statements(env, &store, paths);
    let found = collect(&store, paths, &statements, &stored);
    let found_how = identities(&store, &statements);
    let mut out = crate::cli::safe_out::stdout();
    match format {
        OutputFormat::Json => {
            for (source, (weak, how)) in &found_how {
                if *weak {
                    crate::cli::safe_out::report("warning", &format!("{source}: notes {how}"));
                }
            }
            let all = Filter::default();
            crate::cli::json::write_pretty(&mut out, &found.export(&all).json())?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(&mut out, &found.items, &found_how)?,
    }
    out.flush()?;
    Ok(report_problems(&store, &statements))
}

/// `demarche export [PATH]... --format ...`.
pub fn export(env: &mut Env, paths: &[PathBuf], args: ExportArgs) -> anyhow::Result<ExitCode> {
    let filter = Filter {
        select: ActorTagFilter::new(&args.actors, &args.tags),
        since: args.since,
    };
    // Checked before the statements are read: a misspelt actor would silently keep nothing.
    check_actors(env, &filter.select)?;
    let (store, statements) = load(env, paths)?;
    let stored = stored_statements(env, &store, paths);
    let found = collect(&store, paths, &statements, &stored);
    let export = found.export(&filter);
    let mut text = match args.format {
        ExportFormat::Markdown => export.markdown(),
        ExportFormat::Csv => export.csv(),
        ExportFormat::Json => crate::cli::json::to_string_pretty(&export.json())?,
        ExportFormat::W3c => crate::cli::json::to_string_pretty(&export.w3c())?,
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    // Note text and file names are untrusted: a brief that is `cat` later is output too.
    if matches!(args.format, ExportFormat::Markdown | ExportFormat::Csv) {
        text = terminal_safe(&text).into_owned();
    }
    match args.output.as_deref().filter(|f| *f != Path::new("-")) {
        Some(file) => write_file_atomic(file, text.as_bytes())?,
        None => {
            let mut out = crate::cli::safe_out::stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(report_problems(&store, &statements))
}

/// An `--actor` that names no actor of the gazetteer (built in, or added by the config) is
/// an error that lists the actors there are.
fn check_actors(env: &Env, select: &ActorTagFilter) -> anyhow::Result<()> {
    let known: Vec<&str> = env
        .ctx
        .gazetteer
        .actors()
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let unknown = select.unknown_actors(&known);
    if unknown.is_empty() {
        return Ok(());
    }
    let quoted: Vec<String> = unknown.iter().map(|a| format!("'{a}'")).collect();
    anyhow::bail!(
        "--actor {}: no such actor; the known actors are: {} \
         (a name or the start of one of its words, in any case, with - or _ for spaces; \
         add actors in the config's [[actors]])",
        quoted.join(", "),
        known.join(", ")
    )
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

/// Without PATHs: each stored statement read again from its key path, when it can be (with
/// the sidecar tables of its folder, as when it is named).
fn stored_statements(
    env: &mut Env,
    store: &NoteStore,
    paths: &[PathBuf],
) -> Vec<Option<Statement>> {
    if !paths.is_empty() {
        return Vec::new();
    }
    let mut sidecars = crate::model::sidecar::Sidecars::default();
    for (key, _) in store.statements() {
        if let Some(dir) = Path::new(&key.path).parent().filter(|d| d.is_dir()) {
            for p in sidecars.load_folder(dir) {
                crate::cli::safe_out::report("warning", &p.to_string());
            }
        }
    }
    env.ctx.sidecars = std::sync::Arc::new(sidecars);
    let env = &*env;
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

/// The notes found, per statement, with each statement's reviewed paragraphs.
struct Found<'a> {
    items: Vec<StatementNotes<'a>>,
    /// Same order as `items`.
    reviewed: Vec<Vec<usize>>,
}

impl<'a> Found<'a> {
    fn push(&mut self, item: StatementNotes<'a>, reviewed: Vec<usize>) {
        self.items.push(item);
        self.reviewed.push(reviewed);
    }

    fn export<'i>(&'i self, filter: &'i Filter) -> Export<'i, 'a> {
        Export {
            items: &self.items,
            reviewed: &self.reviewed,
            filter,
        }
    }
}

/// Notes per statement. With PATHs: the notes of those statements. Without: every statement
/// in the store, anchored against its file when the stored path can still be read; when it
/// cannot, each note (and review mark) is reported where it was last anchored (status
/// `exact`, as saved).
fn collect<'a>(
    store: &NoteStore,
    paths: &[PathBuf],
    statements: &'a [(Statement, String)],
    stored: &'a [Option<Statement>],
) -> Found<'a> {
    let mut found = Found {
        items: Vec::new(),
        reviewed: Vec::new(),
    };
    if !paths.is_empty() {
        for (st, rel) in statements {
            let notes = store.notes_for(st, rel);
            if notes.is_empty() {
                continue;
            }
            let item = StatementNotes {
                source: st.source.clone(),
                key: StatementKey::of(st, rel),
                statement: Some(st),
                notes,
                correction: None,
            };
            found.push(item, store.reviewed_for(st, rel));
        }
        return found;
    }
    let with_files = store.statements().into_iter().zip(stored);
    for ((key, notes), read) in with_files.filter(|((_, notes), _)| !notes.is_empty()) {
        let index = read.as_ref().map(ParagraphIndex::new);
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
        let reviewed = match read {
            Some(st) => store.reviewed_for(st, &key.path),
            None => stored_review_marks(store, key),
        };
        let item = StatementNotes {
            source: key.path.clone(),
            key: key.clone(),
            statement: read.as_ref(),
            notes: anchored,
            correction: store.correction_for(key).cloned(),
        };
        found.push(item, reviewed);
    }
    found
}

/// The paragraphs marked reviewed as stored, for a statement whose file cannot be read.
fn stored_review_marks(store: &NoteStore, key: &StatementKey) -> Vec<usize> {
    let mut marks: Vec<usize> = store
        .stored_for(key)
        .map(|(_, reviews)| reviews.iter().map(|r| r.paragraph).collect())
        .unwrap_or_default();
    marks.sort_unstable();
    marks.dedup();
    marks
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

/// Reports files the store could not use. Without PATHs (the whole store), or when a file
/// could hold the notes of a statement named on the command line, it is an error and the
/// exit status is 1, so that scripts notice that notes are missing from the output; a
/// problem in an unrelated statement's file is only a warning.
fn report_problems(store: &NoteStore, statements: &[(Statement, String)]) -> ExitCode {
    let mut failed = false;
    for p in store.problems() {
        let concerns = statements.is_empty()
            || statements
                .iter()
                .any(|(st, rel)| store.problem_concerns(p, &StatementKey::of(st, rel)));
        failed |= concerns;
        let kind = if concerns { "error" } else { "warning" };
        crate::cli::safe_out::report(kind, &p.to_string());
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
    let mut out = crate::cli::safe_out::stdout();
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
