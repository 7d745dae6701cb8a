//! The statement list: entries (a summary once indexed), sorting, filtering and selection.

use crate::model::filter::ActorTagFilter;
use crate::model::library::{Library, Summary};
use crate::model::notes::StatementKey;
use crate::tui::notes_source::NotesSource;

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Newest first; undated last.
    Date,
    Title,
    Issuer,
}

impl SortKey {
    /// Reads the config's `reader.sort`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "date" => Some(Self::Date),
            "title" => Some(Self::Title),
            "issuer" => Some(Self::Issuer),
            _ => None,
        }
    }

    #[must_use]
    pub const fn next(self) -> Self {
        match self {
            Self::Date => Self::Title,
            Self::Title => Self::Issuer,
            Self::Issuer => Self::Date,
        }
    }

    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Title => "title",
            Self::Issuer => "issuer",
        }
    }
}

/// One statement of the library as the list knows it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file name, shown until the summary is ready.
    pub label: String,
    /// `None` while indexing; `Err` with the reason when the file could not be read. Set
    /// only through [`Entry::set_summary`], which keeps the sort keys in step.
    summary: Option<Result<Summary, String>>,
    /// The path the statement's notes are stored under, resolved on the filesystem when
    /// the summary was made (see [`crate::store::source_key_path`]), so that drawing the
    /// list never asks the filesystem.
    pub key_path: Option<String>,
    /// What sorting and the word filter compare, computed once when the summary arrives
    /// (not on every comparison or keystroke: a list of 100,000 re-sorts after each batch).
    keys: SortKeys,
}

/// An entry's precomputed sort and filter keys.
#[derive(Debug, Clone, Default)]
struct SortKeys {
    date: Option<(i32, u32)>,
    title: String,
    issuer: Option<String>,
    /// File name, title, issuer, place and date, lower-cased, quotes folded.
    haystack: String,
}

impl SortKeys {
    fn of(label: &str, summary: Option<&Summary>) -> Self {
        let title = summary
            .and_then(|s| s.meta.title.as_deref())
            .unwrap_or(label)
            .to_lowercase();
        let mut hay = label.to_lowercase();
        if let Some(s) = summary {
            for part in [&s.meta.title, &s.meta.issuer, &s.meta.place]
                .into_iter()
                .flatten()
            {
                hay.push('\n');
                hay.push_str(&part.to_lowercase());
            }
            if let Some(d) = s.meta.date_text() {
                hay.push('\n');
                hay.push_str(&d);
            }
        }
        Self {
            date: summary.and_then(|s| s.meta.sort_date()),
            title,
            issuer: summary.and_then(|s| s.meta.issuer.as_ref().map(|i| i.to_lowercase())),
            haystack: crate::model::words::fold_quotes(&hay).into_owned(),
        }
    }
}

impl Entry {
    /// An entry not indexed yet, known by its file name.
    #[must_use]
    pub fn new(label: String) -> Self {
        Self {
            keys: SortKeys::of(&label, None),
            label,
            summary: None,
            key_path: None,
        }
    }

    /// Records the summary (or why the file could not be read) and the notes' key path,
    /// and recomputes the sort and filter keys.
    pub fn set_summary(&mut self, summary: Result<Summary, String>, key_path: String) {
        self.keys = SortKeys::of(&self.label, summary.as_ref().ok());
        self.summary = Some(summary);
        self.key_path = Some(key_path);
    }

    /// `None` while indexing; `Err` with the reason when the file could not be read.
    #[must_use]
    pub fn indexed(&self) -> Option<&Result<Summary, String>> {
        self.summary.as_ref()
    }

    #[must_use]
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref().and_then(|s| s.as_ref().ok())
    }

    /// The key of the statement's notes, once indexed: its metadata as read (before the
    /// user's correction, as in [`StatementKey::of`]) and its resolved path.
    #[must_use]
    pub fn key(&self) -> Option<StatementKey> {
        let (s, path) = (self.summary()?, self.key_path.as_ref()?);
        let meta = s.provenance.read(&s.meta);
        Some(StatementKey {
            id: s.id.clone(),
            path: path.clone(),
            title: meta.title.clone().filter(|t| !t.trim().is_empty()),
            date: meta.date,
        })
    }

    /// The title, else the file name.
    #[must_use]
    pub fn title(&self) -> &str {
        self.summary()
            .and_then(|s| s.meta.title.as_deref())
            .unwrap_or(&self.label)
    }
}

/// The list pane's state.
#[derive(Debug, Clone)]
pub struct ListView {
    /// One per library source, same index.
    pub entries: Vec<Entry>,
    /// Visible entries (indices into `entries`), filtered and sorted.
    pub order: Vec<usize>,
    /// Index into `order`.
    pub selected: usize,
    /// First visible item.
    pub offset: usize,
    pub sort: SortKey,
    pub filter: String,
    /// Whether the user chose the selection; until then it stays on the first item while
    /// summaries arrive and the order settles.
    pub chosen: bool,
}

impl ListView {
    #[must_use]
    pub fn new(library: &Library, sort: SortKey) -> Self {
        let entries = library
            .sources
            .iter()
            .map(|s| {
                let label = s.label();
                let name = label
                    .rsplit(['/', '\\', ':'])
                    .next()
                    .unwrap_or(&label)
                    .to_owned();
                Entry::new(name)
            })
            .collect();
        let mut list = Self {
            entries,
            order: Vec::new(),
            selected: 0,
            offset: 0,
            sort,
            filter: String::new(),
            chosen: false,
        };
        list.order = (0..list.entries.len()).collect();
        list
    }

    /// The library index of the selected statement.
    #[must_use]
    pub fn selected_source(&self) -> Option<usize> {
        self.order.get(self.selected).copied()
    }

    /// Re-applies the filter and the sort, keeping the selected statement selected.
    pub fn refresh(&mut self, notes: &dyn NotesSource) {
        let keep = self.selected_source().filter(|_| self.chosen);
        let filter = Filter::parse(&self.filter);
        let mut order: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                self.entries
                    .get(i)
                    .is_some_and(|e| filter.matches(e, notes))
            })
            .collect();
        let keys = |i: &usize| &self.entries[*i].keys;
        match self.sort {
            // Newest first, undated last, then by title. A year alone sorts by its year
            // (after the dated statements of that year in this newest-first order).
            SortKey::Date => order.sort_by(|a, b| {
                let (ka, kb) = (keys(a), keys(b));
                kb.date
                    .cmp(&ka.date)
                    .then_with(|| ka.date.is_none().cmp(&kb.date.is_none()))
                    .then_with(|| ka.title.cmp(&kb.title))
            }),
            SortKey::Title => order.sort_by(|a, b| keys(a).title.cmp(&keys(b).title)),
            SortKey::Issuer => order.sort_by(|a, b| {
                let (ka, kb) = (keys(a), keys(b));
                (ka.issuer.is_none(), &ka.issuer, &ka.title).cmp(&(
                    kb.issuer.is_none(),
                    &kb.issuer,
                    &kb.title,
                ))
            }),
        }
        self.order = order;
        self.selected = keep
            .and_then(|k| self.order.iter().position(|&i| i == k))
            .unwrap_or(0);
    }

    /// Like [`Self::refresh`], but keeps the selected statement even before the user chose
    /// it: notes changing (counts, `#tag` filters) must not move the list under the user.
    pub fn refresh_keeping(&mut self, notes: &dyn NotesSource) {
        let chosen = self.chosen;
        self.chosen = true;
        self.refresh(notes);
        self.chosen = chosen;
    }

    /// Moves the selection by `delta` items, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.order.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.chosen = true;
    }

    pub fn select(&mut self, i: usize) {
        self.chosen = true;
        self.selected = i.min(self.order.len().saturating_sub(1));
    }

    /// Scrolls so the selection is among the `visible` items shown.
    pub fn ensure_visible(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(self.order.len().saturating_sub(1));
    }

    /// (indexed, total) while indexing runs.
    #[must_use]
    pub fn indexed(&self) -> usize {
        self.entries.iter().filter(|e| e.summary.is_some()).count()
    }
}

/// A parsed filter: plain words, `@actor` and `#tag`, all of which must match. Actors and
/// tags follow the rules shared with `demarche export` ([`ActorTagFilter`]).
#[derive(Debug, Default)]
pub struct Filter {
    pub words: Vec<String>,
    pub select: ActorTagFilter,
    /// A searcher per word, built once per filter, not once per entry.
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Filter {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let mut f = Self::default();
        for tok in text.split_whitespace() {
            let lower = crate::model::words::fold_quotes(&tok.to_lowercase()).into_owned();
            if let Some(a) = lower.strip_prefix('@').filter(|a| !a.is_empty()) {
                f.select.add_actor(a);
            } else if let Some(t) = lower.strip_prefix('#').filter(|t| !t.is_empty()) {
                f.select.add_tag(t);
            } else {
                f.finders
                    .push(memchr::memmem::Finder::new(lower.as_bytes()).into_owned());
                f.words.push(lower);
            }
        }
        f
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.select.is_empty()
    }

    /// Whether an entry passes. Entries not yet indexed only match on their file name.
    #[must_use]
    pub fn matches(&self, e: &Entry, notes: &dyn NotesSource) -> bool {
        if self.is_empty() {
            return true;
        }
        let s = e.summary();
        let hay = &e.keys.haystack;
        if !self
            .finders
            .iter()
            .all(|f| f.find(hay.as_bytes()).is_some())
        {
            return false;
        }
        if self.select.is_empty() {
            return true;
        }
        // Actors and tags are known once the statement is indexed.
        let Some(s) = s else { return false };
        let actors: Vec<&str> = s
            .actors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, _)| name.as_str())
            .collect();
        let tags = if self.select.has_tags() {
            e.key().map(|k| notes.tags(&k)).unwrap_or_default()
        } else {
            Vec::new()
        };
        let classes: Vec<&str> = s.classes.iter().map(String::as_str).collect();
        let countries: Vec<&str> = s.countries.iter().map(String::as_str).collect();
        self.select.matches(&actors, &tags)
            && self.select.classes_match(&classes)
            && self.select.countries_match(&countries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::library::Source;
    use crate::model::statement::Metadata;
    use crate::tui::notes_source::NoNotes;

    fn list(n: usize, sort: SortKey) -> ListView {
        let library = Library {
            sources: (0..n)
                .map(|i| Source::Bundled {
                    name: Box::leak(format!("file{i}.txt").into_boxed_str()),
                    bytes: b"",
                })
                .collect(),
            ..Library::default()
        };
        ListView::new(&library, sort)
    }

    fn summary(title: &str, date: Option<&str>) -> Summary {
        Summary {
            id: title.to_owned(),
            source: title.to_owned(),
            meta: Metadata {
                title: Some(title.to_owned()),
                date: date.and_then(|d| d.parse().ok()),
                ..Metadata::default()
            },
            paragraphs: 1,
            actors: Vec::new(),
            warnings: 0,
            provenance: Box::default(),
            opening: None,
            speaker: None,
            classes: Vec::new(),
            countries: Vec::new(),
            speaker_country_unsaid: None,
        }
    }

    fn titles(l: &ListView) -> Vec<&str> {
        l.order.iter().map(|&i| l.entries[i].title()).collect()
    }

    #[test]
    fn by_date_newest_first_ties_by_title_in_any_case_undated_last() {
        let mut l = list(4, SortKey::Date);
        for (i, (t, d)) in [
            ("beta", Some("2024-01-02")),
            ("Alpha", Some("2024-01-02")),
            ("undated", None),
            ("older", Some("2023-05-01")),
        ]
        .into_iter()
        .enumerate()
        {
            l.entries[i].set_summary(Ok(summary(t, d)), String::new());
        }
        l.refresh(&NoNotes);
        assert_eq!(titles(&l), ["Alpha", "beta", "older", "undated"]);
    }

    #[test]
    fn a_later_summary_moves_its_entry_and_the_filter_sees_it() {
        let mut l = list(2, SortKey::Title);
        l.refresh(&NoNotes);
        // Before indexing, entries are known by their file names.
        assert_eq!(titles(&l), ["file0.txt", "file1.txt"]);
        l.entries[1].set_summary(Ok(summary("Aaa first", None)), String::new());
        l.refresh(&NoNotes);
        assert_eq!(titles(&l), ["Aaa first", "file0.txt"]);
        l.filter = "first".to_owned();
        l.refresh(&NoNotes);
        assert_eq!(titles(&l), ["Aaa first"]);
        // Counter-example: a word in no entry keeps nothing.
        l.filter = "absent".to_owned();
        l.refresh(&NoNotes);
        assert!(l.order.is_empty());
    }
}
