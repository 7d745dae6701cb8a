//! A library of statements: files and folders given on the command line or in the config,
//! or the samples bundled in the binary. The list needs only summaries; a statement's body
//! is ingested when it is shown.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::ingest::{Context, IngestError, ingest_bytes, ingest_file};
use crate::model::sidecar::Sidecars;
use crate::model::statement::{Metadata, Provenance, SourceFormat, Statement};
use crate::model::words::folded_hash;

/// How many folders above a file or folder named on the command line are searched for
/// sidecar tables (`metadata.csv`, `metadata.json`): a collection's table at its top
/// applies to a file named deep inside it.
pub const SIDECAR_LEVELS_ABOVE: usize = 3;

/// Sample statements embedded in the binary (see `assets/statements/README.md`).
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "arv-mfa-2023-03-03-visa-facilitation-vote.txt",
        include_bytes!("../../assets/statements/arv-mfa-2023-03-03-visa-facilitation-vote.txt"),
    ),
    (
        "arv-mfa-2023-05-16-observation-report.txt",
        include_bytes!("../../assets/statements/arv-mfa-2023-05-16-observation-report.txt"),
    ),
    (
        "arv-mid-2022-10-14-rezolyutsiya-evroparlamenta.txt",
        include_bytes!(
            "../../assets/statements/arv-mid-2022-10-14-rezolyutsiya-evroparlamenta.txt"
        ),
    ),
    (
        "arv-mission-eu-2022-11-25-partnership-agreement.txt",
        include_bytes!(
            "../../assets/statements/arv-mission-eu-2022-11-25-partnership-agreement.txt"
        ),
    ),
    (
        "arv-ombudsman-ru-2023-12-10-den-prav-cheloveka.md",
        include_bytes!("../../assets/statements/arv-ombudsman-ru-2023-12-10-den-prav-cheloveka.md"),
    ),
    (
        "arv-ombudsperson-2024-04-11-detention-conditions.txt",
        include_bytes!(
            "../../assets/statements/arv-ombudsperson-2024-04-11-detention-conditions.txt"
        ),
    ),
    (
        "eeas-2024-02-20-release-of-defenders.md",
        include_bytes!("../../assets/statements/eeas-2024-02-20-release-of-defenders.md"),
    ),
    (
        "ep-2023-03-09-resolution-media-freedom.txt",
        include_bytes!("../../assets/statements/ep-2023-03-09-resolution-media-freedom.txt"),
    ),
    (
        "ep-afet-2023-02-16-detained-journalists.txt",
        include_bytes!("../../assets/statements/ep-afet-2023-02-16-detained-journalists.txt"),
    ),
    (
        "eu-delegation-2023-10-04-human-rights-defenders.html",
        include_bytes!(
            "../../assets/statements/eu-delegation-2023-10-04-human-rights-defenders.html"
        ),
    ),
    (
        "eu-ombudsman-2021-09-14-legislative-transparency.txt",
        include_bytes!(
            "../../assets/statements/eu-ombudsman-2021-09-14-legislative-transparency.txt"
        ),
    ),
    (
        "kz-mfa-2022-01-21-european-parliament.txt",
        include_bytes!("../../assets/statements/kz-mfa-2022-01-21-european-parliament.txt"),
    ),
    (
        "valdor-mae-2023-03-03-defenseur-des-droits.txt",
        include_bytes!("../../assets/statements/valdor-mae-2023-03-03-defenseur-des-droits.txt"),
    ),
];

/// Where a statement's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Bundled {
        name: &'static str,
        bytes: &'static [u8],
    },
}

impl Source {
    /// The path as given, or `bundled:<name>`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Bundled { name, .. } => format!("bundled:{name}"),
        }
    }

    #[must_use]
    pub fn format(&self) -> SourceFormat {
        match self {
            Self::File(p) => SourceFormat::from_path(p).unwrap_or(SourceFormat::Text),
            Self::Bundled { name, .. } => {
                SourceFormat::from_path(Path::new(name)).unwrap_or(SourceFormat::Text)
            }
        }
    }

    /// The raw bytes.
    pub fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            Self::File(p) => crate::model::ingest::read_capped(p)
                .map(Cow::Owned)
                .map_err(std::io::Error::other),
            Self::Bundled { bytes, .. } => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// Ingests this source from bytes already read (see [`Self::read`]).
    pub fn load_bytes(&self, bytes: &[u8], ctx: &Context) -> Result<Statement, IngestError> {
        ingest_bytes(bytes, &self.label(), self.format(), ctx)
    }

    /// Ingests this source.
    pub fn load(&self, ctx: &Context) -> Result<Statement, IngestError> {
        match self {
            Self::File(p) => ingest_file(p, ctx),
            Self::Bundled { bytes, .. } => ingest_bytes(bytes, &self.label(), self.format(), ctx),
        }
    }
}

/// What the statement list shows about a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub source: String,
    pub meta: Metadata,
    pub paragraphs: usize,
    /// Mention counts per actor (actors with no mention left out).
    pub actors: Vec<(String, usize)>,
    pub warnings: usize,
    /// Where the metadata came from (and what it was before the user's correction); boxed,
    /// as most statements have no correction and summaries travel in messages.
    pub provenance: Box<Provenance>,
    /// The first words of the first paragraph, cut at a word (with `…` when cut): what the
    /// list shows, marked as such, for a statement without a heading of its own.
    pub opening: Option<String>,
    /// The issuer's actor and country.
    pub speaker: Option<crate::model::statement::Speaker>,
    /// The classes of the actors present (`eu`, `un`...), sorted, once each.
    pub classes: Vec<String>,
    /// The countries named with the actors and the speaker (alpha-2), sorted.
    pub countries: Vec<String>,
    /// The speaker's country when the issuer's own words do not name it ("Azerbaijani
    /// Foreign Ministry": AZ), worked out once here rather than on every frame of the list.
    pub speaker_country_unsaid: Option<String>,
}

/// How many chars of the first paragraph [`Summary::opening`] keeps at most.
const OPENING_CHARS: usize = 60;

impl Summary {
    #[must_use]
    pub fn of(st: &Statement) -> Self {
        Self {
            id: st.id.clone(),
            source: st.source.clone(),
            meta: st.meta.clone(),
            paragraphs: st.paragraphs.len(),
            actors: st.actor_counts(),
            warnings: st.warnings.len(),
            provenance: Box::new(st.provenance.clone()),
            opening: st.paragraphs.first().map(|p| opening_words(&p.text)),
            speaker: st.speaker.clone(),
            classes: {
                let mut c: Vec<String> = st.actor_classes.values().cloned().collect();
                c.sort_unstable();
                c.dedup();
                c
            },
            countries: st.countries(),
            speaker_country_unsaid: st
                .speaker
                .as_ref()
                .and_then(|sp| sp.country.clone())
                .filter(|c| {
                    let issuer = st.meta.issuer.as_deref().unwrap_or_default();
                    crate::model::gazetteer::countries::country_of_mention("", issuer)
                        != Some(c.as_str())
                }),
        }
    }
}

/// The first words of a paragraph, at most [`OPENING_CHARS`] chars, cut at a word.
fn opening_words(text: &str) -> String {
    if text.chars().count() <= OPENING_CHARS {
        return text.to_owned();
    }
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.chars().count() + 1 + w.chars().count() > OPENING_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = text.chars().take(OPENING_CHARS).collect();
    }
    out.push('…');
    out
}

/// A path that could not be opened as part of a library.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A path that a walk passed over, and why (listed by `check` and the reader; never fatal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
    /// Expected, not a problem: a file that is not a statement (`README`, `LICENSE`, a
    /// hidden file). `check` lists these; other commands warn only about the rest.
    pub expected: bool,
}

/// The statements of one session.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub sources: Vec<Source>,
    /// Paths passed over while walking folders: unreadable folders, directory links, special
    /// files and sidecar rows that could not be used (`file:line`), which every command
    /// warns about; and files that are not statements (`README*`, `LICENSE*`, hidden files),
    /// which are expected and listed by `check`.
    pub skipped: Vec<Skipped>,
    /// The sidecar tables (`metadata.csv`, `metadata.json`) of the folders walked, and of the
    /// folders of files named directly.
    pub sidecars: Arc<Sidecars>,
}

impl Library {
    /// The bundled samples.
    #[must_use]
    pub fn bundled() -> Self {
        Self {
            sources: BUNDLED
                .iter()
                .map(|&(name, bytes)| Source::Bundled { name, bytes })
                .collect(),
            skipped: Vec::new(),
            sidecars: Arc::default(),
        }
    }

    /// Files and folders (walked recursively, sorted). A file given by name is taken
    /// whatever its extension; folders contribute `.txt .md .html .htm`, except files that
    /// are not statements: `README*` and `LICENSE*` (also `LICENCE*`, `COPYING*`) and hidden
    /// files and folders (`.name`), which are listed in `skipped`. Sidecar tables found in
    /// the folders walked, in the folder of each file named, and up to
    /// [`SIDECAR_LEVELS_ABOVE`] folders above each path named, are read into `sidecars`;
    /// rows that cannot be used are listed in `skipped` with their `file:line`.
    ///
    /// Walking is safe on real filesystems: directory links inside a folder are not followed
    /// (a link back up would loop, a link out would leave the library), a folder reached twice
    /// (by device and inode) is walked once, only regular files are taken (a FIFO would block,
    /// a device would never end), and a folder that cannot be read is skipped, not fatal. Only
    /// a PATH given on the command line that does not exist is an error.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Self, LibraryError> {
        let mut lib = Self::default();
        let mut visited = FxHashSet::default();
        for p in paths {
            let meta = std::fs::metadata(p).map_err(|source| LibraryError::Io {
                path: p.clone(),
                source,
            })?;
            // The tables of the folders above a path named here apply to it too.
            lib.load_sidecars_above(p, meta.is_dir());
            if meta.is_dir() {
                lib.walk(p, &meta, &mut visited);
            } else {
                // A special file named on the command line is refused when it is read, with
                // the reason, like any file that cannot be read.
                lib.sources.push(Source::File(p.clone()));
            }
        }
        Ok(lib)
    }

    /// Reads the sidecar tables of the folders above `path` (a file's own folder included),
    /// up to [`SIDECAR_LEVELS_ABOVE`] levels.
    fn load_sidecars_above(&mut self, path: &Path, is_dir: bool) {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let own = if is_dir { None } else { abs.parent() };
        if let Some(own) = own {
            self.load_sidecars(own);
        }
        let mut dir = own.unwrap_or(&abs).parent();
        for _ in 0..SIDECAR_LEVELS_ABOVE {
            let Some(d) = dir else { break };
            self.load_sidecars(d);
            dir = d.parent();
        }
    }

    /// Reads the sidecar tables of a folder, listing what could not be used.
    fn load_sidecars(&mut self, dir: &Path) {
        let problems = Arc::make_mut(&mut self.sidecars).load_folder(dir);
        for p in problems {
            let path = match p.line {
                Some(l) => PathBuf::from(format!("{}:{l}", p.file.display())),
                None => p.file.clone(),
            };
            self.skip(&path, format!("metadata table: {}", p.message));
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    fn skip(&mut self, path: &Path, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason: reason.into(),
            expected: false,
        });
    }

    fn walk(&mut self, dir: &Path, meta: &std::fs::Metadata, visited: &mut FxHashSet<(u64, u64)>) {
        if !visited.insert(dir_identity(meta)) {
            self.skip(dir, "folder already walked (reached twice)");
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => return self.skip(dir, format!("cannot read the folder: {e}")),
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        if entries.iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(crate::model::sidecar::is_sidecar_name)
        }) {
            self.load_sidecars(dir);
        }
        for p in entries {
            if let Some(reason) = not_a_statement(&p) {
                if !reason.is_empty() {
                    self.skipped.push(Skipped {
                        path: p.clone(),
                        reason: reason.to_owned(),
                        expected: true,
                    });
                }
                continue;
            }
            self.visit(&p, visited);
        }
    }

    fn visit(&mut self, p: &Path, visited: &mut FxHashSet<(u64, u64)>) {
        let link = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if link => return self.skip(p, format!("broken link: {e}")),
            Err(e) => return self.skip(p, e.to_string()),
        };
        if meta.is_dir() {
            if link {
                self.skip(p, "link to a folder, not followed");
            } else {
                self.walk(p, &meta, visited);
            }
        } else if SourceFormat::from_path(p).is_some() {
            if meta.is_file() {
                self.sources.push(Source::File(p.to_path_buf()));
            } else {
                self.skip(p, "not a regular file (a FIFO, socket or device), not read");
            }
        }
    }
}

/// Why an entry of a folder is passed over, by its name: hidden files and folders, and the
/// files that accompany collections (`README`, `LICENSE`). `None` for anything else, and for
/// entries that would not have been read anyway (files with other extensions, version
/// control folders): those are passed over silently.
fn not_a_statement(p: &Path) -> Option<&'static str> {
    let name = p.file_name()?.to_str()?;
    if name.starts_with('.') {
        if [".git", ".hg", ".svn"].contains(&name) {
            return Some("");
        }
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
            return Some("hidden folder, not walked");
        }
        return if SourceFormat::from_path(p).is_some() {
            Some("hidden file, not a statement")
        } else {
            Some("")
        };
    }
    SourceFormat::from_path(p)?;
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    let known = ["README", "LICENSE", "LICENCE", "COPYING"];
    let starts = known.iter().any(|k| {
        stem.starts_with(k)
            && stem
                .get(k.len()..)
                .is_none_or(|r| r.is_empty() || r.starts_with(['-', '_']))
    });
    starts.then_some("not a statement (a README or licence file)")
}

/// A folder's device and inode, to walk each folder once.
#[cfg(unix)]
fn dir_identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt as _;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_identity(_meta: &std::fs::Metadata) -> (u64, u64) {
    // Without inodes, a folder is never seen as walked twice; links are still not followed.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    (0, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Longest line that can count as site chrome: chrome is short (menus, site names, widgets).
const CHROME_MAX_CHARS: usize = 80;

/// Lines that occur in at least `min_statements` distinct statements of the library: site
/// chrome. Copies count once: the same file listed twice, identical files, and versions of
/// one statement (files sharing at least half of their prose lines) form one group, and a
/// line counts once per group. A line is chrome only if it looks like chrome: short, not a
/// sentence (a sign-off like "Ministry of Foreign Affairs." repeated across a ministry's
/// statements is content), not a heading or a dateline, and not continued by the next line
/// (the first line of a hard-wrapped paragraph).
#[must_use]
pub fn site_chrome(lib: &Library, min_statements: usize) -> FxHashSet<u64> {
    let min = min_statements.max(2);
    if lib.len() < min {
        return FxHashSet::default();
    }
    let mut groups = CopyGroups::default();
    let mut seen_in_group: FxHashSet<(u64, usize)> = FxHashSet::default();
    let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
    // Files are read and their lines hashed on all cores, a batch at a time; copies are
    // grouped in library order, so the result is the same as one file after another.
    for batch in lib.sources.chunks(PARALLEL_BATCH) {
        let read: Vec<Option<FileLines>> = batch.par_iter().map(file_lines).collect();
        for (digest, prose, candidates) in read.into_iter().flatten() {
            let Some(group) = groups.assign(digest, &prose) else {
                continue;
            };
            for k in candidates {
                if seen_in_group.insert((k, group)) {
                    *counts.entry(k).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= min)
        .map(|(k, _)| k)
        .collect()
}

/// How many files a pass over the library reads on all cores before it hands their results
/// on, in library order (the chrome pass, `actors`, `check`, `search`): enough to keep the
/// cores busy, few enough to bound memory and to start output at once.
pub const PARALLEL_BATCH: usize = 256;

/// A file's digest, the hashes of its prose lines and of its chrome-like lines.
type FileLines = (u64, FxHashSet<u64>, FxHashSet<u64>);

/// What the chrome pass needs of one file; `None` when it cannot be read as text.
fn file_lines(src: &Source) -> Option<FileLines> {
    let bytes = src.read().ok()?;
    let (text, _) = crate::model::decode::decode(&bytes).ok()?;
    let (text, _) = crate::model::sanitize::sanitize(&text);
    let (prose, candidates) = chrome_candidates(&text);
    Some((crate::model::words::bytes_hash(&bytes), prose, candidates))
}

/// The hashes of a text's prose lines (long or sentences: what tells statements apart) and
/// of its lines that look like chrome.
fn chrome_candidates(text: &str) -> (FxHashSet<u64>, FxHashSet<u64>) {
    let mut prose = FxHashSet::default();
    let mut candidates = FxHashSet::default();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for (i, &t) in lines.iter().enumerate() {
        if t.is_empty() {
            continue;
        }
        let sentence = t.ends_with(['.', '!', '?', '»', '"', '”']);
        if sentence || t.chars().count() > CHROME_MAX_CHARS {
            prose.insert(folded_hash(t));
            continue;
        }
        // Wrapped prose is never chrome, however often a phrase recurs ("congratulations,
        // Sir, on your election as President of the"): not a line that the next continues
        // or that continues the one before, nor a salutation ("Ladies and gentlemen,").
        let neighbour = |range: &mut dyn Iterator<Item = usize>| {
            let mut gap = false;
            for j in range {
                if lines[j].is_empty() {
                    gap = true;
                } else {
                    return Some((lines[j], gap));
                }
            }
            None
        };
        let continued = neighbour(&mut (i + 1..lines.len()))
            .is_some_and(|(n, gap)| crate::model::clean::runs_on(t, n, gap));
        let continues = neighbour(&mut (0..i).rev())
            .is_some_and(|(p, gap)| crate::model::clean::runs_on(p, t, gap));
        let addressed = t.ends_with([',', ';']) || crate::model::clean::opens_speech(t);
        // A fragment of prose ("Jeremić on his election as President of the General"):
        // many words, most of them in lower case. Menus and site names are short or
        // capitalised.
        let words = t.split_whitespace().count();
        let lower = t
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count();
        let addressed = addressed || (words >= 7 && lower * 2 > words);
        let dated = crate::model::dates::find_date(t).is_some();
        if !continued
            && !continues
            && !addressed
            && !dated
            && !crate::model::clean::is_heading_like(t)
        {
            candidates.insert(folded_hash(t));
        }
    }
    (prose, candidates)
}

/// Groups of files that are copies or versions of one statement.
#[derive(Default)]
struct CopyGroups {
    /// Content digest of each file seen → its group.
    by_bytes: FxHashMap<u64, usize>,
    /// Prose line → the group that first had it.
    owner: FxHashMap<u64, usize>,
    next: usize,
}

impl CopyGroups {
    /// The group of a file; `None` when the identical bytes were seen already (the same file
    /// listed twice, or a byte-for-byte copy): it adds nothing.
    fn assign(&mut self, digest: u64, prose: &FxHashSet<u64>) -> Option<usize> {
        if self.by_bytes.contains_key(&digest) {
            return None;
        }
        let mut votes: FxHashMap<usize, usize> = FxHashMap::default();
        for h in prose {
            if let Some(&g) = self.owner.get(h) {
                *votes.entry(g).or_default() += 1;
            }
        }
        let version_of = votes
            .into_iter()
            .filter(|&(_, n)| !prose.is_empty() && n * 2 >= prose.len())
            .max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))
            .map(|(g, _)| g);
        let group = version_of.unwrap_or_else(|| {
            self.next += 1;
            self.next - 1
        });
        self.by_bytes.insert(digest, group);
        for &h in prose {
            self.owner.entry(h).or_insert(group);
        }
        Some(group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib(texts: &[&'static str]) -> Library {
        Library {
            sources: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Source::Bundled {
                    name: ["a.txt", "b.txt", "c.txt", "d.txt"][i % 4],
                    bytes: t.as_bytes(),
                })
                .collect(),
            skipped: Vec::new(),
            sidecars: Arc::default(),
        }
    }

    const A: &str = "Home | News | Contacts\nStatement by the Spokesperson\nBrussels, 4 July 2022\n\nThe Union condemns the sentencing announced yesterday in the capital.\n";
    const B: &str = "Home | News | Contacts\nStatement by the Spokesperson\nBrussels, 9 May 2023\n\nThe Union welcomes the agreement reached this week on the crossings.\n";
    const C: &str = "Home | News | Contacts\nStatement by the Spokesperson\nBrussels, 1 June 2024\n\nThe Union calls for calm after the elections held on Sunday.\n";

    #[test]
    fn a_menu_shared_by_distinct_statements_is_chrome_but_headings_and_datelines_never() {
        let chrome = site_chrome(&lib(&[A, B, C]), 3);
        assert!(chrome.contains(&folded_hash("Home | News | Contacts")));
        assert!(!chrome.contains(&folded_hash("Statement by the Spokesperson")));
        assert_eq!(chrome.len(), 1);
    }

    #[test]
    fn copies_and_versions_of_one_statement_count_once() {
        // Counter-example to the one above: the same menu, but in one statement saved three
        // times with a different sentence corrected each time, and copied byte for byte.
        let version = |fix: usize| -> &'static str {
            let mut lines = [
                "The Union condemns the sentencing announced yesterday in the capital.",
                "The Union calls on the authorities to release all those detained for their work.",
                "The Union will continue to follow the case closely and raise it in the dialogue.",
                "The Union recalls the commitments made at the last meeting of the council.",
                "The Union stands ready to support an independent review of the proceedings.",
            ];
            let fixed = format!("{} (corrected)", lines[fix].trim_end_matches('.'));
            lines[fix] = Box::leak(fixed.into_boxed_str());
            Box::leak(
                format!(
                    "Home | News | Contacts\nStatement by the Spokesperson\n\n{}\n",
                    lines.join("\n\n")
                )
                .into_boxed_str(),
            )
        };
        let (v0, v1, v2) = (version(0), version(1), version(2));
        assert!(site_chrome(&lib(&[v0, v1, v2]), 3).is_empty());
        assert!(site_chrome(&lib(&[v0, v0, v0, v0]), 3).is_empty());
        // With a third, distinct statement beside two versions, the menu is still in only two.
        assert!(site_chrome(&lib(&[v0, v1, B]), 3).is_empty());
        assert!(!site_chrome(&lib(&[v0, B, C]), 3).is_empty());
    }

    #[test]
    fn the_first_line_of_a_wrapped_paragraph_is_not_chrome() {
        let wrapped = |rest: &str| -> &'static str {
            Box::leak(format!("Title {rest}\n\nThe Ministry of Foreign Affairs\nexpresses its concern about {rest}.\n").into_boxed_str())
        };
        let lib = lib(&[wrapped("one"), wrapped("two"), wrapped("three")]);
        assert!(!site_chrome(&lib, 3).contains(&folded_hash("The Ministry of Foreign Affairs")));
    }

    #[test]
    fn salutations_and_wrapped_prose_shared_by_speeches_are_not_chrome() {
        // Speeches open alike: the same salutation and the same wrapped phrase (ending in
        // "the", or continued by a capitalised name) recur in many of them.
        let speech = |who: &str| -> &'static str {
            Box::leak(
                format!(
                    "Mr. President,

Ladies and gentlemen,

Please accept my
                     congratulations, Sir, on your election as President of the
                     General Assembly. {who} wishes you every success in your work.
                     Menu
"
                )
                .into_boxed_str(),
            )
        };
        let chrome = site_chrome(
            &lib(&[speech("Arvenia"), speech("Valdor"), speech("Ostland")]),
            3,
        );
        for line in [
            "Mr. President,",
            "Ladies and gentlemen,",
            "Please accept my",
            "congratulations, Sir, on your election as President of the",
        ] {
            assert!(!chrome.contains(&folded_hash(line)), "{line}");
        }
        // The counter-example: a short label shared by all of them still is.
        assert!(chrome.contains(&folded_hash("Menu")));
    }
}
