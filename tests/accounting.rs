//! Nothing lost: every word of a source is accounted for by the cleaned statement (a
//! paragraph, the metadata or a `removed` entry), on every sample and on generated input
//! in the shapes real statements take.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use demarche::model::accounting::{account, source_text};
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::library::Library;
use demarche::model::statement::SourceFormat;
use proptest::prelude::*;

fn lost_words(name: &str, bytes: &[u8]) -> Vec<(usize, String)> {
    let format = SourceFormat::from_path(Path::new(name)).unwrap_or(SourceFormat::Text);
    let st = ingest_bytes(bytes, name, format, &Context::default()).unwrap();
    let text = source_text(format, bytes).unwrap();
    account(&text, &st).1
}

#[test]
fn every_word_of_every_sample_is_accounted_for() {
    let lib = Library::from_paths(&[
        PathBuf::from("assets/statements"),
        PathBuf::from("tests/data/shapes"),
    ])
    .unwrap();
    assert!(lib.len() >= 30, "{}", lib.len());
    let mut failures = Vec::new();
    for src in &lib.sources {
        let bytes = src.read().unwrap();
        let lost = lost_words(&src.label(), &bytes);
        if !lost.is_empty() {
            failures.push(format!("{}: {lost:?}", src.label()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_word_the_statement_drops_is_counted_as_lost() {
    // The measure can fail: a word that is in the source and nowhere in the statement.
    let st = ingest_bytes(
        b"Short Title\n\nThe Ministry welcomes the agreement.\n",
        "a.txt",
        SourceFormat::Text,
        &Context::default(),
    )
    .unwrap();
    let (_, lost) = account(
        "Short Title\n\nThe Ministry welcomes the agreement zyxwv.\n",
        &st,
    );
    assert_eq!(lost, vec![(3, "zyxwv".to_owned())]);
}

/// Words of official prose, some of them actor names.
const WORDS: &[&str] = &[
    "the",
    "Ministry",
    "of",
    "Foreign",
    "Affairs",
    "welcomes",
    "European",
    "Parliament",
    "resolution",
    "Ombudsperson",
    "report",
    "calls",
    "on",
    "authorities",
    "to",
    "release",
    "defenders",
    "and",
    "dialogue",
    "with",
    "international",
    "organisations",
    "detention",
    "journalists",
    "Council",
    "Commission",
    "rights",
    "situation",
    "concern",
    "elections",
];

/// Lines in the shapes of site chrome and header metadata.
const CHROME: &[&str] = &[
    "Home | News | Press | Contact",
    "Share this page: Facebook | X | E-mail",
    "1810 views",
    "Search in archive",
    "Back to top button",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Privacy Preferences",
    "* *** *",
    "Not an official record",
    "Index",
    "Previous",
    "Next",
    "Procedure : 2023/2744(RSP)",
    "Last updated: 16 June 2023",
    "Page 2 of 3",
    "By Peter Holm",
    "Retrieved 2024-06-05 09:12 UTC",
    "RC\\1247000EN.docx",
    "<Depute>Anna Weber, Luis Ortega</Depute>",
];

const HEADINGS: &[&str] = &[
    "Statement of the Ministry of Foreign Affairs of Arvenia",
    "European Parliament resolution of 15 June 2023 on Arvenia",
    "Press Release",
    "Mission rejects claims in European Parliament debate",
    "",
];

const DATELINES: &[&str] = &[
    "Arvena, 12 March 2024",
    "Brussels 09.01.2022",
    "Wednesday, 4 October 2023 - Strasbourg",
    "08/10/2004",
    "date 2024-03-14 (MENAFN- Arvena Post)",
    "Brussels, July 8",
    "",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 4..20).prop_map(|w| {
        let mut s = w.join(" ");
        if let Some(f) = s.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        s.push('.');
        s
    })
}

/// A paragraph of sentences, hard-wrapped at `width` (words broken with a hyphen now and
/// then, as PDF dumps do).
fn paragraph(width: usize, hyphenate: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..4).prop_map(move |ss| {
        let text = ss.join(" ");
        let mut out = String::new();
        let mut line = String::new();
        for w in text.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > width {
                if hyphenate && w.len() > 8 && w.is_ascii() {
                    let (a, b) = w.split_at(w.len() / 2);
                    out.push_str(&format!("{line} {a}-\n"));
                    line = b.to_owned();
                    continue;
                }
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push('\n');
        out
    })
}

fn statement() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(CHROME), 0..4),
        prop::sample::select(HEADINGS),
        prop::sample::select(DATELINES),
        (40usize..100, any::<bool>())
            .prop_flat_map(|(w, h)| prop::collection::vec(paragraph(w, h), 1..5)),
        prop::collection::vec(prop::sample::select(CHROME), 0..4),
    )
        .prop_map(|(top, heading, dateline, body, bottom)| {
            let mut s = String::new();
            for c in top {
                s.push_str(c);
                s.push('\n');
            }
            s.push_str(heading);
            s.push('\n');
            s.push_str(dateline);
            s.push_str("\n\n");
            s.push_str(&body.join("\n"));
            s.push('\n');
            for c in bottom {
                s.push_str(c);
                s.push('\n');
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_source_word_of_generated_statements_is_accounted_for(text in statement()) {
        let lost = lost_words("generated.txt", text.as_bytes());
        prop_assert!(lost.is_empty(), "lost {:?} in\n{}", lost, text);
    }
}
