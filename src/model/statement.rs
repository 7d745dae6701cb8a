//! The statement as the reader sees it: cleaned paragraphs, metadata, mentions, and
//! the record of everything the cleaning removed or hid.

use chrono::NaiveDate;
use serde::Serialize;

/// What kind of file a statement came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Markdown,
    Html,
}

impl SourceFormat {
    /// Picks the format from a file name's extension; `None` for files we do not read.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }
}

/// Metadata read from the statement's own lines (or front matter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    /// The statement's own date.
    pub date: Option<NaiveDate>,
    /// The date of the page the statement was taken from.
    pub published: Option<NaiveDate>,
    /// The statement's year: the year of `date`, or the year alone when only the year is
    /// known (a file name such as `FRA_45_1990.txt`; `date` is then `None`). Sorting by date
    /// uses it.
    pub year: Option<i32>,
    /// Where the statement was published online (from a sidecar table or front matter).
    pub url: Option<String>,
}

impl Metadata {
    /// The key the list sorts by date with: (year, day of the year), the day 0 when only the
    /// year is known; `None` when neither is.
    #[must_use]
    pub fn sort_date(&self) -> Option<(i32, u32)> {
        use chrono::Datelike as _;
        self.date
            .map(|d| (d.year(), d.ordinal()))
            .or(self.year.map(|y| (y, 0)))
    }

    /// The date as shown: `YYYY-MM-DD`, else the year alone, else `None`.
    #[must_use]
    pub fn date_text(&self) -> Option<String> {
        self.date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or(self.year.map(|y| y.to_string()))
    }
}

/// Where the metadata came from: which source gave each field, and the user's correction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub origins: crate::model::metadata::Origins,
    /// The metadata as read from the file and around it, before the user's correction;
    /// `None` when nothing is corrected. The notes store recognises statements by it.
    pub uncorrected: Option<Box<Metadata>>,
    /// The correction applied, if any.
    pub correction: Option<crate::model::corrections::Correction>,
    /// The sidecar row that gave metadata, as `file:line`.
    pub sidecar: Option<String>,
}

impl Provenance {
    /// The metadata before the user's correction.
    #[must_use]
    pub fn read<'a>(&'a self, meta: &'a Metadata) -> &'a Metadata {
        self.uncorrected.as_deref().unwrap_or(meta)
    }
}

/// One actor mention inside a paragraph. Offsets count chars (Unicode scalar values),
/// end exclusive, and `text` is exactly that slice of the paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub actor: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The country of a national institution, ISO 3166-1 alpha-2, where the text names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The mention names the statement's own issuer (its speaker).
    #[serde(rename = "self", skip_serializing_if = "std::ops::Not::not")]
    pub is_self: bool,
    /// A bare generic name ("the Council") that names no actor of the statement: `actor`
    /// holds its head word; shown, never counted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unresolved: bool,
}

/// A paragraph of cleaned text: one line, hard wraps joined, broken words repaired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// 1-based position in the statement.
    pub index: usize,
    pub text: String,
    pub mentions: Vec<Mention>,
    /// 1-based number of the first source line this paragraph came from (after decoding
    /// and, for HTML, after extraction); lets the reader put removed lines back in place.
    #[serde(skip)]
    pub line: usize,
}

/// Why the cleaning dropped a source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalReason {
    /// Web boilerplate matched by a built-in rule ("Must read", "Share", adverts...).
    Boilerplate,
    /// Matched a pattern from the user's config.
    ConfigPattern,
    /// Repeats across many statements of the same library (site chrome).
    SiteChrome,
    /// The publisher's own name or blurb.
    Publisher,
    /// The publisher's headline above the statement's own heading.
    Headline,
    /// Cookie-consent text.
    Cookie,
    /// Share buttons and social widgets.
    Share,
    /// Navigation menus and breadcrumbs.
    Navigation,
    /// Photo credits and captions.
    Caption,
    /// Leaked markup such as `<Depute>` tags.
    Markup,
    /// Embedded posts of others: their links, attributions (`pic.twitter.com/...`,
    /// `— Name (@handle) date`) and bodies, quoted third-party content.
    Embed,
    /// An author's byline ("By Jane Doe") or a name under a photo.
    Byline,
    /// A comment form and readers' comments ("Leave a Reply", "Your email address will not be
    /// published").
    CommentForm,
    /// PDF page headers, footers and page numbers.
    PageFurniture,
    /// The date the page was crawled, not a date of the statement.
    CrawlDate,
    /// Consumed into the metadata (title, date line, page date).
    Metadata,
    /// Front matter of a Markdown file.
    FrontMatter,
}

impl RemovalReason {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Boilerplate => "boilerplate",
            Self::ConfigPattern => "config-pattern",
            Self::SiteChrome => "site-chrome",
            Self::Publisher => "publisher",
            Self::Headline => "headline",
            Self::Cookie => "cookie",
            Self::Share => "share",
            Self::Navigation => "navigation",
            Self::Caption => "caption",
            Self::Markup => "markup",
            Self::Embed => "embed",
            Self::Byline => "byline",
            Self::CommentForm => "comment-form",
            Self::PageFurniture => "page-furniture",
            Self::CrawlDate => "crawl-date",
            Self::Metadata => "metadata",
            Self::FrontMatter => "front-matter",
        }
    }
}

/// A source line the cleaning removed, kept so that nothing disappears silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// 1-based source line number.
    pub line: usize,
    pub text: String,
    pub reason: RemovalReason,
}

/// How the bytes were turned into text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoding {
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`.
    pub encoding: &'static str,
    pub bom: bool,
    /// Invalid sequences were replaced with U+FFFD.
    pub lossy: bool,
    /// How many invalid sequences were replaced.
    pub replaced: usize,
}

/// A cleaned, understood statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Hex digest of the cleaned text (paragraphs joined by blank lines).
    pub id: String,
    /// The path as given.
    pub source: String,
    pub format: SourceFormat,
    pub meta: Metadata,
    pub paragraphs: Vec<Paragraph>,
    pub removed: Vec<Removed>,
    /// Human-readable warnings: lossy decoding, hidden characters, ...
    pub warnings: Vec<String>,
    pub decoding: Decoding,
    /// Characters the sanitiser made visible, by kind.
    pub hidden: crate::model::sanitize::HiddenCounts,
    /// Where the metadata came from.
    pub provenance: Provenance,
    /// The issuer's actor (and country), when the gazetteer knows it.
    pub speaker: Option<Speaker>,
    /// The class (`eu`, `un`, `national`...) of each actor mentioned and of the speaker, as
    /// the gazetteer the statement was read with gives it.
    pub actor_classes: std::collections::BTreeMap<String, String>,
}

/// Who speaks in a statement: its issuer as an actor of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    pub actor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Speaker {
    /// The issuer's actor and country, when the gazetteer names an actor in it.
    #[must_use]
    pub fn of(issuer: &str, gazetteer: &crate::model::actors::Gazetteer) -> Option<Self> {
        let m = gazetteer.find(issuer).into_iter().next()?;
        Some(Self {
            actor: m.actor,
            country: m.country,
        })
    }
}

impl Statement {
    /// Mention counts per actor and country, for the mentions whose country is known.
    #[must_use]
    pub fn actors_by_country(
        &self,
    ) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>> {
        let mut out: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>> =
            std::collections::BTreeMap::new();
        for m in self.counted_mentions() {
            if let Some(c) = &m.country {
                *out.entry(m.actor.clone())
                    .or_default()
                    .entry(c.clone())
                    .or_default() += 1;
            }
        }
        out
    }

    /// Mention counts per actor, in gazetteer order of first appearance.
    #[must_use]
    pub fn actor_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for m in self.counted_mentions() {
            match counts.iter_mut().find(|(name, _)| *name == m.actor) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.actor.clone(), 1)),
            }
        }
        counts
    }

    /// The countries named with the statement's actors and its speaker, sorted, once each.
    #[must_use]
    pub fn countries(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .counted_mentions()
            .filter_map(|m| m.country.clone())
            .chain(self.speaker.as_ref().and_then(|s| s.country.clone()))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The mentions that count: all but the unresolved generic names.
    pub fn counted_mentions(&self) -> impl Iterator<Item = &Mention> {
        self.paragraphs
            .iter()
            .flat_map(|p| &p.mentions)
            .filter(|m| !m.unresolved)
    }

    /// The cleaned text the id is computed from.
    #[must_use]
    pub fn cleaned_text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&p.text);
        }
        out
    }
}
