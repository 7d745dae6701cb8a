//! Re-anchoring against real statement edits: each row saves a note on one version of a
//! statement, reads another version, and checks where the note is found now.

use chrono::NaiveDate;
use demarche::model::anchor::AnchorStatus;
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::NoteStore;

const P1: &str = "The Ministry of Foreign Affairs of the Republic of Kazakhstan expresses its deep concern over the resolution adopted by the European Parliament on 20 January 2022 concerning the situation in Kazakhstan.";
const P2: &str = "We find it unacceptable that the European Parliament adopted this document before the official findings of the investigation into the January events were published.";
const P3A: &str =
    "The resolution contains a number of biased and one-sided assessments of the events.";
const P3B: &str = "It does not reflect the real situation in the country or the measures taken by the authorities to restore law and order and to protect the lives of citizens.";
const P4: &str = "Kazakhstan remains open to constructive dialogue with the European Union and its institutions, including the European Parliament, on all issues of mutual interest.";
const P5: &str = "We call on the members of the European Parliament to refrain from hasty conclusions and to rely on verified information from official sources of the Republic.";

fn base() -> Vec<String> {
    [P1, P2, &format!("{P3A} {P3B}"), P4, P5]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// Hard-wraps every paragraph at `width` columns (0: no wrapping), as scraped text often is.
fn source_text(paragraphs: &[String], width: usize) -> String {
    paragraphs
        .iter()
        .map(|p| {
            if width == 0 {
                return p.clone();
            }
            let mut lines: Vec<String> = vec![String::new()];
            for w in p.split(' ') {
                let last = lines.last_mut().expect("one line at least");
                if !last.is_empty() && last.chars().count() + 1 + w.chars().count() > width {
                    lines.push(w.to_owned());
                } else {
                    if !last.is_empty() {
                        last.push(' ');
                    }
                    last.push_str(w);
                }
            }
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn statement(paragraphs: &[String], width: usize, path: &str, title: Option<&str>) -> Statement {
    let text = source_text(paragraphs, width);
    let mut st = ingest_bytes(
        text.as_bytes(),
        path,
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("ingests");
    st.meta.title = title.map(str::to_owned);
    st.meta.date = title.and(NaiveDate::from_ymd_opt(2022, 1, 21));
    st
}

struct Case {
    name: &'static str,
    /// Builds the new version's paragraphs from the base ones.
    edit: fn(Vec<String>) -> Vec<String>,
    old_wrap: usize,
    new_wrap: usize,
    new_path: &'static str,
    /// Title (and a fixed date) of the old and new versions.
    title: Option<&'static str>,
    /// Notes on these old paragraphs; expected (status, paragraph now) for each.
    notes: &'static [(usize, AnchorStatus, Option<usize>)],
}

const OLD_PATH: &str = "kz/2022-01-21-statement.txt";

fn cases() -> Vec<Case> {
    use AnchorStatus::{Exact, Fuzzy, Moved, Orphaned};
    vec![
        Case {
            name: "unchanged",
            edit: |p| p,
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[
                (1, Exact, Some(1)),
                (2, Exact, Some(2)),
                (5, Exact, Some(5)),
            ],
        },
        Case {
            name: "paragraph inserted before",
            edit: |mut p| {
                p.insert(0, "Press release No. 12 of the Ministry.".to_owned());
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Moved, Some(3)), (5, Moved, Some(6))],
        },
        Case {
            name: "a word changed inside",
            edit: |mut p| {
                p[1] = p[1].replace("unacceptable", "regrettable");
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Fuzzy, Some(2)), (3, Exact, Some(3))],
        },
        Case {
            name: "paragraph split in two",
            edit: |mut p| {
                p[2] = P3A.to_owned();
                p.insert(3, P3B.to_owned());
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            // The note follows the larger (more similar) half; P4 only moved.
            notes: &[(3, Fuzzy, Some(4)), (4, Moved, Some(5))],
        },
        Case {
            name: "two paragraphs merged",
            edit: |mut p| {
                let merged = format!("{} {}", p[3], p[4]);
                p.truncate(3);
                p.push(merged);
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[
                (4, Fuzzy, Some(4)),
                (5, Fuzzy, Some(4)),
                (1, Exact, Some(1)),
            ],
        },
        Case {
            name: "source lines re-wrapped",
            edit: |p| p,
            old_wrap: 72,
            new_wrap: 41,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Exact, Some(2)), (3, Exact, Some(3))],
        },
        Case {
            name: "no-break spaces instead of spaces",
            edit: |mut p| {
                p[1] = p[1].replace("European Parliament", "European\u{a0}Parliament");
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Exact, Some(2))],
        },
        Case {
            name: "paragraph deleted",
            edit: |mut p| {
                p.remove(1);
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Orphaned, None), (3, Moved, Some(2))],
        },
        Case {
            name: "sentence rewritten",
            edit: |mut p| {
                p[1] = "Any assessment of the tragic events should wait for the conclusions of the commission.".to_owned();
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: OLD_PATH,
            title: None,
            notes: &[(2, Orphaned, None)],
        },
        Case {
            name: "file renamed",
            edit: |p| p,
            old_wrap: 0,
            new_wrap: 0,
            new_path: "archive/kz-mfa-renamed.txt",
            title: None,
            notes: &[(2, Exact, Some(2)), (4, Exact, Some(4))],
        },
        Case {
            name: "re-scraped with boilerplate above",
            edit: |mut p| {
                p.insert(0, "Share this page: Facebook Twitter Telegram".to_owned());
                p.push("Cookie settings. We use cookies to improve the site.".to_owned());
                p
            },
            old_wrap: 0,
            new_wrap: 60,
            new_path: "scrape-2/mfa.gov.kz/press/123.html.txt",
            title: Some("Statement of the Ministry of Foreign Affairs"),
            // The cleaner removes the share widget and the cookie line, so the paragraphs
            // keep their numbers: the notes stay exact.
            notes: &[(2, Exact, Some(2)), (5, Exact, Some(5))],
        },
        Case {
            name: "re-scraped with boilerplate below",
            edit: |mut p| {
                p.push("All rights reserved. Ministry website.".to_owned());
                p
            },
            old_wrap: 0,
            new_wrap: 0,
            new_path: "scrape-3/statement.txt",
            title: Some("Statement of the Ministry of Foreign Affairs"),
            notes: &[(1, Exact, Some(1)), (5, Exact, Some(5))],
        },
    ]
}

#[test]
fn every_edit_anchors_as_expected() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = statement(&base(), case.old_wrap, OLD_PATH, case.title);
        let new = statement(
            &(case.edit)(base()),
            case.new_wrap,
            case.new_path,
            case.title,
        );
        let mut store = NoteStore::open(dir.path()).expect("opens");
        let mut ids = Vec::new();
        for &(para, _, _) in case.notes {
            let note = store
                .add(&old, OLD_PATH, para, &format!("note on {para} #case"))
                .expect("saves");
            ids.push(note.id);
        }
        // Read back from disk, as a later session would.
        let store = NoteStore::open(dir.path()).expect("reopens");
        let found = store.notes_for(&new, case.new_path);
        if found.len() != case.notes.len() {
            failures.push(format!(
                "{}: found {} notes, expected {}",
                case.name,
                found.len(),
                case.notes.len()
            ));
            continue;
        }
        for (&(para, status, now), id) in case.notes.iter().zip(&ids) {
            let Some(an) = found.iter().find(|an| &an.note.id == id) else {
                failures.push(format!("{}: note on {para} missing", case.name));
                continue;
            };
            if an.anchoring.status != status || an.anchoring.paragraph != now {
                failures.push(format!(
                    "{}: note on {para}: got {:?} at {:?} (score {:.2}), expected {status:?} at {now:?}",
                    case.name, an.anchoring.status, an.anchoring.paragraph, an.anchoring.score
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn renamed_and_rescraped_files_differ_in_what_identifies_them() {
    // Guards the table above: the rename keeps the digest, the re-scrape does not.
    let old = statement(&base(), 0, OLD_PATH, Some("T"));
    let renamed = statement(&base(), 0, "x.txt", Some("T"));
    let mut more = base();
    more.push("Footer".to_owned());
    let rescraped = statement(&more, 0, "y.txt", Some("T"));
    assert_eq!(old.id, renamed.id);
    assert_ne!(old.id, rescraped.id);
}

#[test]
fn unrelated_statement_with_same_title_but_other_date_gets_no_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = statement(&base(), 0, OLD_PATH, Some("Statement"));
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&old, OLD_PATH, 1, "kept").expect("saves");
    let mut other = statement(&[P4.to_owned()], 0, "other.txt", Some("Statement"));
    other.meta.date = NaiveDate::from_ymd_opt(2023, 5, 1);
    assert!(store.notes_for(&other, "other.txt").is_empty());
    assert_eq!(store.notes_for(&old, OLD_PATH).len(), 1);
}
