//! `@actor` / `#tag` in the reader's list filter and `--actor` / `--tag` in `export` make the
//! same decisions on the same statements: one implementation (`model::filter`), two callers.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use demarche::model::actors::Gazetteer;
use demarche::model::export::{Export, Filter, StatementNotes};
use demarche::model::filter::ActorTagFilter;
use demarche::model::ingest::digest_hex;
use demarche::model::library::{Library, Source, Summary};
use demarche::model::notes::StatementKey;
use demarche::model::statement::{Decoding, Metadata, Paragraph, SourceFormat, Statement};
use demarche::store::NoteStore;
use demarche::tui::list_view::{Filter as ListFilter, ListView, SortKey};
use demarche::tui::store_notes::StoreNotes;

/// One-paragraph statements with one note each, so that the actors of a statement (what
/// the list filters on) are those of the noted paragraph (what export filters on), and its
/// tags those of its note.
const CASES: [(&str, &str); 5] = [
    (
        "The European Parliament and the Ombudsperson met.",
        "first #timing #EU",
    ),
    (
        "The Ministry of Foreign Affairs answered the European Parliament.",
        "second #timing",
    ),
    ("The Ombudsperson spoke.", "third #process"),
    ("Nothing about anyone.", "fourth"),
    ("MEPs asked the Foreign Ministry.", "fifth #eu"),
];

/// Filter text (as typed in the reader) and the statements (1-based) it must keep.
const QUERIES: [(&str, &[usize]); 16] = [
    ("@european-parliament", &[1, 2, 5]),
    ("@EUROPEAN_PARLIAMENT", &[1, 2, 5]),
    ("@parl", &[1, 2, 5]),
    ("@liament", &[]),
    ("@ombuds", &[1, 3]),
    ("@ministry @ombuds", &[]),
    ("@ministry @parl", &[2, 5]),
    ("#timing", &[1, 2]),
    ("#TIMING", &[1, 2]),
    ("#tim", &[]),
    ("#timing #eu", &[1]),
    ("#eu", &[1, 5]),
    ("@parl #timing", &[1, 2]),
    ("@ombuds #process", &[3]),
    ("@min #eu", &[5]),
    ("", &[1, 2, 3, 4, 5]),
];

fn statement(i: usize, text: &str) -> Statement {
    let mut st = Statement {
        id: String::new(),
        source: format!("filters-test/{i}.txt"),
        format: SourceFormat::Text,
        meta: Metadata::default(),
        paragraphs: vec![Paragraph {
            index: 1,
            text: text.to_owned(),
            mentions: Gazetteer::default().find(text),
            line: 1,
        }],
        removed: Vec::new(),
        warnings: Vec::new(),
        decoding: Decoding {
            encoding: "UTF-8",
            bom: false,
            lossy: false,
            replaced: 0,
        },
        hidden: Default::default(),
        provenance: Default::default(),
        speaker: None,
        actor_classes: std::collections::BTreeMap::new(),
    };
    st.id = digest_hex(&st.cleaned_text());
    st
}

/// The same filter as `--actor`/`--tag` values: the words after `@` and after `#`.
fn as_export_args(query: &str) -> (Vec<&str>, Vec<&str>) {
    let words: Vec<&str> = query.split_whitespace().collect();
    let actors = words.iter().filter_map(|w| w.strip_prefix('@')).collect();
    let tags = words.iter().filter_map(|w| w.strip_prefix('#')).collect();
    (actors, tags)
}

#[test]
fn the_list_filter_and_export_agree() {
    let dir = tempfile::tempdir().unwrap();
    let statements: Vec<Statement> = CASES
        .iter()
        .enumerate()
        .map(|(i, (text, _))| statement(i + 1, text))
        .collect();
    let mut store = NoteStore::open(dir.path()).unwrap();
    for (st, (_, note)) in statements.iter().zip(CASES) {
        store.add(st, &st.source, 1, note).unwrap();
    }

    // The reader's list, over the real store.
    let library = Library {
        sources: statements
            .iter()
            .map(|s| Source::Bundled {
                name: Box::leak(s.source.clone().into_boxed_str()),
                bytes: b"",
            })
            .collect(),
        ..Library::default()
    };
    let mut list = ListView::new(&library, SortKey::Title);
    for (entry, st) in list.entries.iter_mut().zip(&statements) {
        // The notes' key path as the indexer resolves it.
        entry.set_summary(
            Ok(Summary::of(st)),
            demarche::store::source_key_path(&st.source),
        );
    }
    let notes = StoreNotes::open(dir.path(), Vec::new()).unwrap();

    // Export's items, from the same store.
    let items: Vec<StatementNotes<'_>> = statements
        .iter()
        .map(|st| StatementNotes {
            source: st.source.clone(),
            key: StatementKey::of(st, &st.source),
            statement: Some(st),
            notes: notes.store().notes_for(st, &st.source),
            correction: None,
        })
        .collect();

    for (query, expected) in QUERIES {
        list.filter = query.to_owned();
        list.refresh(&notes);
        let listed: BTreeSet<usize> = list.order.iter().map(|i| i + 1).collect();

        let (actors, tags) = as_export_args(query);
        let filter = Filter {
            select: ActorTagFilter::new(&actors, &tags),
            since: None,
        };
        let exported: BTreeSet<usize> = Export::unreviewed(&items, &filter)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let source = n["source"].as_str().unwrap();
                1 + statements.iter().position(|s| s.source == source).unwrap()
            })
            .collect();

        assert_eq!(listed, exported, "{query:?}: list and export disagree");
        let expected: BTreeSet<usize> = expected.iter().copied().collect();
        assert_eq!(listed, expected, "{query:?}");
    }
}

#[test]
fn the_list_parses_actor_and_tag_words_into_the_shared_filter() {
    let parsed = ListFilter::parse("kazakhstan @Ombuds #Timing");
    assert_eq!(parsed.words, vec!["kazakhstan"]);
    assert!(parsed.select.matches(&["Ombudsperson"], &["timing"]));
    assert!(!parsed.select.matches(&["Ombudsperson"], &["other"]));
    assert!(!parsed.select.matches(&["Ministry"], &["timing"]));
}
