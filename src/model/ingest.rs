//! The ingestion pipeline: bytes → decoded → extracted → sanitised → cleaned → statement.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::actors::Gazetteer;
use crate::model::clean::{Hints, Line, clean, issuer};
// Where ingestion's context has always been found; defined apart so that cleaning can use
// it without depending on ingestion.
pub use crate::model::context::{ConfigValueError, Context};
use crate::model::decode::{DecodeError, decode};
use crate::model::filename::read_file_name;
use crate::model::markdown::FrontMatterError;
use crate::model::metadata::{MetaLayer, MetaSource, Origins, resolve};
use crate::model::notes::StatementKey;
use crate::model::sanitize::{HiddenCounts, sanitize};
use crate::model::statement::{
    Metadata, Paragraph, Provenance, RemovalReason, Removed, SourceFormat, Statement,
};
use crate::model::{html, markdown};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a statement could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Decode { path: PathBuf, source: DecodeError },
    /// Not an error `source`: its own message would be printed a second time in the chain.
    #[error("{path}:{}:{}: {}", error.line, error.column, error.message)]
    FrontMatter {
        path: PathBuf,
        error: FrontMatterError,
    },
    #[error(
        "{path}: file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit; split it or trim it"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{path}: not a regular file (a FIFO, socket, device or folder); demarche reads statement files only"
    )]
    NotRegular { path: PathBuf },
    #[error("{path}: not a statement file (demarche reads .txt, .md, .html and .htm)")]
    UnknownFormat { path: PathBuf },
}

/// Reads and ingests one file.
pub fn ingest_file(path: &Path, ctx: &Context) -> Result<Statement, IngestError> {
    let format = SourceFormat::from_path(path).ok_or_else(|| IngestError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    let bytes = read_capped(path)?;
    ingest_bytes(&bytes, &path.display().to_string(), format, ctx)
}

/// Reads a statement file safely: the type is checked before opening (opening a FIFO would
/// block) and again on the open file, and the read stops at the size limit counted in bytes
/// actually read (a device reports a size of 0 and never ends).
pub fn read_capped(path: &Path) -> Result<Vec<u8>, IngestError> {
    use std::io::Read as _;
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_regular = || IngestError::NotRegular {
        path: path.to_path_buf(),
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    let mut bytes =
        Vec::with_capacity(usize::try_from(meta.len().min(MAX_FILE_BYTES)).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len().max(bytes.len() as u64),
        });
    }
    Ok(bytes)
}

/// Ingests bytes already in memory. `source` is the path as given (or a bundled name).
pub fn ingest_bytes(
    bytes: &[u8],
    source: &str,
    format: SourceFormat,
    ctx: &Context,
) -> Result<Statement, IngestError> {
    let (raw, decoding) = decode(bytes).map_err(|e| IngestError::Decode {
        path: PathBuf::from(source),
        source: e,
    })?;
    let mut hidden = HiddenCounts::default();
    // Every string taken from the document passes through here, and only here.
    let mut safe = |s: &str| -> String {
        let (t, h) = sanitize(s);
        hidden.control += h.control;
        hidden.c1 += h.c1;
        hidden.bidi += h.bidi;
        hidden.invisible += h.invisible;
        t
    };
    let mut removed: Vec<Removed> = Vec::new();
    let mut hints = Hints::default();
    let mut front = None;
    let mut flattened = 0;
    let (text, line_offset) = match format {
        SourceFormat::Html => {
            // Extract first: the parser decodes entities such as `&#27;`, which must be sanitised too.
            let ex = html::extract(&raw);
            flattened = ex.flattened;
            hints.title = ex.title.as_deref().map(|t| one_line(safe(t)));
            removed.extend(ex.removed.into_iter().map(|mut r| {
                r.text = one_line(safe(&r.text));
                r
            }));
            (safe(&ex.text), 0)
        }
        SourceFormat::Markdown => {
            let text = safe(&raw);
            let mut md = markdown::parse(&text).map_err(|mut e| {
                e.message = sanitize(&e.message).0;
                IngestError::FrontMatter {
                    path: PathBuf::from(source),
                    error: e,
                }
            })?;
            for (i, l) in text.lines().take(md.front_lines).enumerate() {
                removed.push(Removed {
                    line: i + 1,
                    text: l.to_owned(),
                    reason: RemovalReason::FrontMatter,
                });
            }
            removed.extend(md.removed.iter().map(|(l, t)| Removed {
                line: md.front_lines + l,
                text: t.clone(),
                reason: RemovalReason::Markup,
            }));
            if let Some(f) = &mut md.front {
                // Front-matter values are decoded (TOML and YAML escapes such as `\u001b` or
                // `\n`) after the file was sanitised: sanitise them again, as one line each
                // (found by the fuzzer's `ingest` target).
                for v in [&mut f.title, &mut f.issuer, &mut f.place]
                    .into_iter()
                    .flatten()
                    .chain(f.extra.values_mut())
                {
                    *v = one_line(safe(v));
                }
                hints.title.clone_from(&f.title);
            }
            front = md.front;
            (md.body, md.front_lines)
        }
        SourceFormat::Text => (safe(&raw), 0),
    };
    let lines: Vec<Line<'_>> = text
        .split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1 + line_offset,
            text: t,
        })
        .collect();
    let cleaned = clean(&lines, ctx, &hints);
    let text_meta = cleaned.meta;
    removed.extend(cleaned.removed);
    removed.sort_by_key(|r| r.line);
    let paragraphs: Vec<Paragraph> = cleaned
        .paragraphs
        .into_iter()
        .enumerate()
        .map(|(i, (line, text))| Paragraph {
            index: i + 1,
            mentions: ctx.gazetteer.find(&text),
            text,
            line,
        })
        .collect();
    let outside = Outside::read(source, ctx, front.as_ref(), &mut safe);
    let mut layers: Vec<(MetaSource, MetaLayer)> =
        vec![(MetaSource::Text, MetaLayer::from_text(&text_meta))];
    layers.extend(outside.layers.iter().cloned());
    let (meta, origins) = compose(&layers, &paragraphs, &ctx.gazetteer);
    let mut warnings = cleaned.warnings;
    if decoding.lossy {
        warnings.push(format!(
            "invalid {}: {} byte sequence(s) replaced with U+FFFD",
            decoding.encoding, decoding.replaced
        ));
    }
    warnings.extend(hidden.warning());
    if flattened > 0 {
        warnings.push(format!(
            "HTML nested deeper than {} elements: {flattened} tag(s) beyond that depth ignored, their text kept",
            crate::model::html_depth::MAX_DEPTH
        ));
    }
    warnings.extend(outside.warnings);
    let mut st = Statement {
        id: String::new(),
        source: source.to_owned(),
        format,
        meta,
        paragraphs,
        removed,
        warnings,
        decoding,
        hidden,
        provenance: Provenance {
            origins,
            uncorrected: None,
            correction: None,
            sidecar: outside.sidecar,
        },
        speaker: None,
        actor_classes: std::collections::BTreeMap::new(),
    };
    st.id = statement_digest(&st.paragraphs);
    apply_correction(&mut st, &layers, ctx, outside.key_path.as_deref());
    link_actors(&mut st, &ctx.gazetteer);
    Ok(st)
}

/// Links the statement's actors: the issuer to its actor (the speaker), generic names
/// ("the Council") to the actors they stand for, each actor to its class, and marks the
/// mentions that name the speaker: the same actor, of the same country or of none ("the
/// Ministry" in the Ministry's statement; not "the Azerbaijani Foreign Ministry" in
/// Kazakhstan's).
pub fn link_actors(st: &mut Statement, gazetteer: &Gazetteer) {
    let speaker = st
        .meta
        .issuer
        .as_deref()
        .and_then(|i| crate::model::statement::Speaker::of(i, gazetteer));
    crate::model::generic_names::resolve(st, speaker.as_ref(), gazetteer);
    let mut classes = std::collections::BTreeMap::new();
    let named = st
        .counted_mentions()
        .map(|m| m.actor.as_str())
        .chain(speaker.as_ref().map(|s| s.actor.as_str()));
    for actor in named {
        if !classes.contains_key(actor)
            && let Some(class) = gazetteer.actor(actor).and_then(|a| a.class.clone())
        {
            classes.insert(actor.to_owned(), class);
        }
    }
    st.actor_classes = classes;
    let Some(speaker) = speaker else {
        return;
    };
    for mention in st.paragraphs.iter_mut().flat_map(|p| &mut p.mentions) {
        mention.is_self = mention.actor == speaker.actor
            && (mention.country.is_none() || mention.country == speaker.country);
        // "The Ministry" in a Moldovan ministry's statement is Moldova's.
        if mention.is_self && mention.country.is_none() {
            mention.country.clone_from(&speaker.country);
        }
    }
    st.speaker = Some(speaker);
}

/// What the world around the file says: its name (config patterns) and the sidecar table.
#[derive(Default)]
struct Outside {
    layers: Vec<(MetaSource, MetaLayer)>,
    warnings: Vec<String>,
    /// `file:line` of the sidecar row used.
    sidecar: Option<String>,
    /// The statement's key path (canonical), when it was needed.
    key_path: Option<String>,
}

impl Outside {
    fn read(
        source: &str,
        ctx: &Context,
        front: Option<&markdown::FrontMatter>,
        safe: &mut impl FnMut(&str) -> String,
    ) -> Self {
        let mut out = Self::default();
        if let Some(f) = front {
            out.layers
                .push((MetaSource::FrontMatter, MetaLayer::from_front_matter(f)));
        }
        let bundled = source.strip_prefix("bundled:");
        let needs_key = !ctx.sidecars.is_empty() || !ctx.corrections.is_empty();
        let canonical = match bundled {
            Some(_) => None,
            None if needs_key || !ctx.patterns.is_empty() => std::fs::canonicalize(source).ok(),
            None => None,
        };
        if needs_key {
            out.key_path = Some(match (bundled, &canonical) {
                (Some(_), _) => source.to_owned(),
                (None, Some(c)) => c.to_string_lossy().into_owned(),
                (None, None) => source.to_owned(),
            });
        }
        let as_named = Path::new(bundled.unwrap_or(source));
        if !ctx.patterns.is_empty() {
            let (layer, warnings) = read_file_name(&ctx.patterns, as_named, canonical.as_deref());
            out.warnings.extend(warnings.iter().map(|w| safe(w)));
            if let Some(l) = layer {
                out.layers.push((MetaSource::FileName, safe_layer(l, safe)));
            }
        }
        if let Some(c) = &canonical
            && let Some((row, file)) = ctx.sidecars.lookup(c)
        {
            out.sidecar = Some(safe(&format!("{}:{}", file.display(), row.line)));
            out.layers
                .push((MetaSource::Sidecar, safe_layer(row.layer.clone(), safe)));
        }
        out
    }
}

/// A layer from outside the file, its text made safe like the document's and on one line
/// (a title from a table cell may hold line breaks).
fn safe_layer(mut l: MetaLayer, safe: &mut impl FnMut(&str) -> String) -> MetaLayer {
    for f in [&mut l.title, &mut l.issuer, &mut l.place, &mut l.url] {
        if let Some(v) = f.as_mut() {
            let one_line = v.split_whitespace().collect::<Vec<_>>().join(" ");
            *v = safe(&one_line);
        }
    }
    l
}

/// Resolves the layers (see [`crate::model::metadata`]); an issuer that came from the text
/// (or from nowhere) is then completed from the paragraphs.
fn compose(
    layers: &[(MetaSource, MetaLayer)],
    paragraphs: &[Paragraph],
    gazetteer: &Gazetteer,
) -> (Metadata, Origins) {
    let refs: Vec<(MetaSource, &MetaLayer)> = layers.iter().map(|(s, l)| (*s, l)).collect();
    let (mut meta, mut origins) = resolve(&refs);
    if origins.issuer.is_none_or(|o| o == MetaSource::Text) {
        let before = meta.issuer.clone();
        refine_issuer(&mut meta, paragraphs, gazetteer);
        // A news agency or newspaper is the publisher, never the issuer (unless a source
        // outside the text says so).
        if meta
            .issuer
            .as_deref()
            .is_some_and(issuer::is_publisher_name)
        {
            meta.issuer = None;
        }
        if meta.issuer != before {
            origins.issuer = Some(MetaSource::Text);
        }
    }
    (meta, origins)
}

/// Applies the user's correction of this statement, if there is one (found by the identity
/// rules of notes, with the metadata as read).
fn apply_correction(
    st: &mut Statement,
    layers: &[(MetaSource, MetaLayer)],
    ctx: &Context,
    key_path: Option<&str>,
) {
    let (Some(path), false) = (key_path, ctx.corrections.is_empty()) else {
        return;
    };
    let key = StatementKey::of(st, path);
    let Some(correction) = ctx.corrections.find(&key) else {
        return;
    };
    let mut all = layers.to_vec();
    // A notes file is untrusted text too: the correction is made safe like the document.
    let mut safe = |t: &str| crate::model::sanitize::sanitize(t).0;
    all.push((
        MetaSource::Correction,
        safe_layer(correction.layer(), &mut safe),
    ));
    let (meta, origins) = compose(&all, &st.paragraphs, &ctx.gazetteer);
    let read = std::mem::replace(&mut st.meta, meta);
    st.provenance.uncorrected = Some(Box::new(read));
    st.provenance.origins = origins;
    st.provenance.correction = Some(correction.clone());
}

/// A field that is one line by construction (a title, a removed HTML block with its HTML
/// whitespace collapsed, a front-matter value), after sanitising: the sanitiser turns VT,
/// NEL and U+2028/2029 into line breaks, which must not split it (found by the fuzzer's
/// `ingest` target: `Th\x0Be` in a removed menu gave a removed "line" of two lines).
fn one_line(s: String) -> String {
    if s.contains('\n') {
        s.replace('\n', " ")
    } else {
        s
    }
}

/// The issuer's full name as the text gives it: "Ministry of Foreign Affairs" in the heading
/// becomes "Ministry of Foreign Affairs of the Republic of Arvenia" from the first paragraph;
/// without a heading issuer, a statement that opens with an actor ("The Ministry ... has")
/// is that actor's.
fn refine_issuer(
    meta: &mut crate::model::Metadata,
    paragraphs: &[Paragraph],
    gazetteer: &Gazetteer,
) {
    let strip = |t: &str| -> String {
        let bare = ["The ", "the ", "Le ", "le ", "La ", "la ", "L’", "L'"]
            .iter()
            .find_map(|a| t.strip_prefix(a))
            .unwrap_or(t);
        let mut c = bare.chars();
        c.next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
    };
    // A heading issuer that is an actor, and a first paragraph that opens with the same
    // actor's full name: "МИД Республики Арвения" → "Министерство иностранных дел Республики Арвения".
    if let Some(issuer) = &meta.issuer
        && let Some(actor) = gazetteer.find(issuer).first().map(|m| m.actor.clone())
        && let Some(m) = paragraphs
            .first()
            .and_then(|p| p.mentions.first())
            .filter(|m| m.start == 0 && m.actor == actor && !m.unresolved)
    {
        let full = strip(&m.text);
        if full.chars().count() >= issuer.chars().count() {
            meta.issuer = Some(full);
            return;
        }
    }
    // A heading issuer that names no institution ("Local EU statement ...") or only a bare
    // office ("Statement by the Spokesperson") gives way to the institution the first
    // paragraph opens with ("The Delegation of ... to Arvenia, ..."), else the one a wire
    // report cites ("..., citing the Foreign Ministry"), else the sign-off.
    if meta
        .issuer
        .as_deref()
        .is_none_or(|i| !names_institution(i) || issuer::is_bare_office(i))
    {
        let found = paragraphs
            .first()
            .and_then(|p| opening_institution(&p.text))
            .or_else(|| {
                paragraphs
                    .iter()
                    .take(3)
                    .find_map(|p| issuer::cited_issuer(&p.text))
            })
            .or_else(|| {
                paragraphs
                    .iter()
                    .rev()
                    .take(2)
                    .find_map(|p| issuer::sign_off(&p.text))
            });
        if let Some(subject) = found {
            meta.issuer = Some(subject);
            return;
        }
    }
    // Generic names ("the Ministry") say nothing about who issued the statement.
    let mentions = paragraphs
        .iter()
        .flat_map(|p| &p.mentions)
        .filter(|m| !m.unresolved);
    match meta.issuer.clone() {
        Some(issuer) => {
            let longer = mentions
                .map(|m| strip(&m.text))
                .find(|t| t.len() > issuer.len() && t.starts_with(&issuer));
            if let Some(t) = longer {
                meta.issuer = Some(t);
            }
        }
        None => {
            if meta.title.is_some()
                && let Some(m) = paragraphs
                    .first()
                    .and_then(|p| p.mentions.first())
                    .filter(|m| m.start == 0 && !m.unresolved)
            {
                meta.issuer = Some(strip(&m.text));
            }
        }
    }
}

fn names_institution(name: &str) -> bool {
    issuer::names_institution(name)
}

/// "The Delegation of the European Union to Arvenia, in agreement ..." → the capitalised
/// name the paragraph opens with, when it names an institution.
fn opening_institution(text: &str) -> Option<String> {
    let rest = text.strip_prefix("The ").unwrap_or(text);
    let mut words: Vec<&str> = Vec::new();
    for w in rest.split(' ') {
        let bare = w.trim_end_matches([',', ';', ':']);
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        let connector = issuer::is_connector(bare);
        if !(capital || (connector && !words.is_empty())) {
            break;
        }
        words.push(bare);
        if bare.len() != w.len() {
            break;
        }
    }
    while words
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
    {
        words.pop();
    }
    let name = words.join(" ");
    if words.len() < 2 || !names_institution(&name) {
        return None;
    }
    // "The Azerbaijani Foreign Ministry ..." → "Ministry of Foreign Affairs of Azerbaijan".
    issuer::normalise_issuer(&name).or(Some(name))
}

/// The statement id: hex SHA-256 of the cleaned text (paragraphs joined by blank lines),
/// hashed piece by piece rather than joined first.
#[must_use]
pub fn statement_digest(paragraphs: &[Paragraph]) -> String {
    let mut h = Sha256::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            h.update(b"\n\n");
        }
        h.update(p.text.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex SHA-256 of a text.
#[must_use]
pub fn digest_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// A plain-text statement read with the default context, named `source`: what unit tests
/// across the model start from.
#[cfg(test)]
pub(crate) fn ingest_text(text: &str, source: &str) -> Statement {
    ingest_bytes(
        text.as_bytes(),
        source,
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("a text statement ingests")
}
