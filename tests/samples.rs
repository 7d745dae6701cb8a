//! Every bundled sample statement against its ground truth in `tests/data/expected.toml`,
//! plus a golden snapshot of its cleaned output.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use demarche::model::ingest::{Context, ingest_file};
use demarche::model::library::{Library, site_chrome};
use demarche::model::statement::Statement;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    statement: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    /// The folder the file is in (default: the bundled statements).
    folder: Option<String>,
    title: Option<String>,
    issuer: Option<String>,
    place: Option<String>,
    date: Option<String>,
    published: Option<String>,
    paragraphs: Option<usize>,
    #[serde(default)]
    actors: BTreeMap<String, usize>,
    /// Mentions per actor and country (ISO 3166-1 alpha-2), for the actors listed.
    #[serde(default)]
    by_country: BTreeMap<String, BTreeMap<String, usize>>,
    /// The actor of the statement's issuer.
    speaker: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string("tests/data/expected.toml").unwrap();
    toml::from_str::<Expected>(&text).unwrap().statement
}

fn load(file: &str) -> Statement {
    load_from("assets/statements", file)
}

fn load_case(case: &Case) -> Statement {
    load_from(
        case.folder.as_deref().unwrap_or("assets/statements"),
        &case.file,
    )
}

fn load_from(folder: &str, file: &str) -> Statement {
    let path = Path::new(folder).join(file);
    ingest_file(&path, &Context::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn iso(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// A readable rendering of what the reader sees, for golden snapshots.
fn render(st: &Statement) -> String {
    let mut out = String::new();
    let m = &st.meta;
    out.push_str(&format!(
        "title: {:?}\nissuer: {:?}\nplace: {:?}\ndate: {:?}\npublished: {:?}\nactors: {:?}\nwarnings: {:?}\n",
        m.title,
        m.issuer,
        m.place,
        iso(m.date),
        iso(m.published),
        st.actor_counts(),
        st.warnings
    ));
    for p in &st.paragraphs {
        out.push_str(&format!("\n[{}] {}\n", p.index, p.text));
    }
    out.push_str("\n--- removed\n");
    for r in &st.removed {
        out.push_str(&format!(
            "{:>4} {:<15} {}\n",
            r.line,
            r.reason.as_str(),
            r.text
        ));
    }
    out
}

#[test]
fn every_sample_meets_its_ground_truth() {
    let mut failures = Vec::new();
    for case in cases() {
        let st = load_case(&case);
        let mut fail = |what: String| failures.push(format!("{}: {what}", case.file));
        let m = &st.meta;
        for (name, want, got) in [
            ("title", &case.title, &m.title),
            ("issuer", &case.issuer, &m.issuer),
            ("place", &case.place, &m.place),
            ("date", &case.date, &iso(m.date)),
            ("published", &case.published, &iso(m.published)),
        ] {
            if want.is_some() && want != got {
                fail(format!("{name}: want {want:?}, got {got:?}"));
            }
        }
        if let Some(n) = case.paragraphs
            && n != st.paragraphs.len()
        {
            fail(format!("paragraphs: want {n}, got {}", st.paragraphs.len()));
        }
        let counts: BTreeMap<String, usize> = st.actor_counts().into_iter().collect();
        for (actor, n) in &case.actors {
            let got = counts.get(actor).copied().unwrap_or(0);
            if got != *n {
                fail(format!("actor {actor}: want {n}, got {got}"));
            }
        }
        let by_country = st.actors_by_country();
        for (actor, want) in &case.by_country {
            let got = by_country.get(actor).cloned().unwrap_or_default();
            if &got != want {
                fail(format!("countries of {actor}: want {want:?}, got {got:?}"));
            }
        }
        if let Some(want) = &case.speaker {
            let got = st.speaker.as_ref().map(|s| s.actor.as_str());
            if got != Some(want.as_str()) {
                fail(format!("speaker: want {want:?}, got {got:?}"));
            }
        }
        for s in &case.contains {
            if !st.paragraphs.iter().any(|p| p.text.contains(s.as_str())) {
                fail(format!("no paragraph contains {s:?}"));
            }
        }
        for s in &case.absent {
            if let Some(p) = st.paragraphs.iter().find(|p| p.text.contains(s.as_str())) {
                fail(format!("paragraph {} contains {s:?}", p.index));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn seed_statement_from_the_issue() {
    let st = load("kz-mfa-2022-01-21-european-parliament.txt");
    let m = &st.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan")
    );
    assert_eq!(
        m.issuer.as_deref(),
        Some("Ministry of Foreign Affairs of the Republic of Kazakhstan")
    );
    assert_eq!(m.place.as_deref(), Some("Nur-Sultan"));
    assert_eq!(iso(m.date).as_deref(), Some("2022-01-21"));
    assert_eq!(iso(m.published).as_deref(), Some("2023-06-05"));
    let all: String = st
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for chrome in [
        "Must read",
        "Advertisement",
        "Diplomat Magazine",
        "DIPLOMAT MAGAZINE",
        "More articles",
        "Latest article",
        "Ministerial Statement from Kazakhstan",
        "For diplomats",
    ] {
        assert!(!all.contains(chrome), "{chrome:?} leaked into a paragraph");
    }
    assert!(all.contains("consolidating democratic institutions and development"));
    assert!(
        st.paragraphs
            .iter()
            .any(|p| p.text == "Ministry of Foreign Affairs of the Republic of Kazakhstan."),
        "the sign-off line is content and stays a paragraph"
    );
    let counts = st.actor_counts();
    let count = |a: &str| counts.iter().find(|(n, _)| n == a).map_or(0, |c| c.1);
    assert_eq!(count("European Parliament"), 4);
    assert_eq!(count("Ombudsperson"), 1);
    assert_eq!(count("Ministry"), 3);
    let speaker = st.speaker.as_ref().expect("the seed's issuer is an actor");
    assert_eq!(
        (speaker.actor.as_str(), speaker.country.as_deref()),
        ("Ministry", Some("KZ"))
    );
    let own: Vec<bool> = st
        .paragraphs
        .iter()
        .flat_map(|p| &p.mentions)
        .filter(|m| m.actor == "Ministry")
        .map(|m| m.is_self)
        .collect();
    assert_eq!(
        own,
        [true, true, true],
        "each mention of the speaker is marked"
    );
    // Nothing dropped silently: every non-blank source line is in a paragraph, the metadata or `removed`.
    let removed_lines: Vec<usize> = st.removed.iter().map(|r| r.line).collect();
    for want in [1, 3, 5, 7, 8, 9, 11, 12] {
        assert!(
            removed_lines.contains(&want),
            "line {want} should be listed in removed"
        );
    }
}

#[test]
fn golden_cleaned_output_of_every_sample() {
    for case in cases() {
        let st = load_case(&case);
        insta::assert_snapshot!(case.file.clone(), render(&st));
    }
}

#[test]
fn bundled_library_matches_the_assets_folder() {
    let lib = Library::bundled();
    let on_disk = std::fs::read_dir("assets/statements")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "README.md")
        .count();
    assert_eq!(lib.len(), on_disk);
    let ctx = Context::default();
    for src in &lib.sources {
        let st = src.load(&ctx).unwrap();
        assert!(!st.paragraphs.is_empty(), "{}", src.label());
    }
    // No line repeats across three bundled statements except real site chrome, if any.
    let chrome = site_chrome(&lib, 3);
    assert!(chrome.len() < 10, "{chrome:?}");
}

#[test]
fn the_id_is_the_digest_of_the_cleaned_text() {
    let st = load("kz-mfa-2022-01-21-european-parliament.txt");
    assert_eq!(
        st.id,
        demarche::model::ingest::digest_hex(&st.cleaned_text())
    );
}

#[test]
fn a_folder_of_statements_skips_its_readme() {
    let lib = Library::from_paths(&[std::path::PathBuf::from("tests/data/shapes")]).unwrap();
    let shapes = cases()
        .iter()
        .filter(|c| c.folder.as_deref() == Some("tests/data/shapes"))
        .count();
    assert_eq!(lib.len(), shapes);
    assert!(
        lib.skipped
            .iter()
            .any(|s| s.expected && s.path.ends_with("README.md")),
        "{:?}",
        lib.skipped
    );
}
