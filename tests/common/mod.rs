//! A small hand-made library for the reader's tests: three statements built directly (not
//! through the cleaning), so the screens depend only on the reader.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use chrono::NaiveDate;
use demarche::config::Config;
use demarche::model::actors::Gazetteer;
use demarche::model::anchor::AnchorStatus;
use demarche::model::ingest::{Context, digest_hex};
use demarche::model::library::{Library, Source, Summary};
use demarche::model::notes::StatementKey;
use demarche::model::statement::{
    Decoding, Metadata, Paragraph, RemovalReason, Removed, SourceFormat, Statement,
};
use demarche::tui::app::App;
use demarche::tui::build_app;
use demarche::tui::event::AppEvent;
use demarche::tui::keymap::Key;
use demarche::tui::notes_source::{NoteView, NotesSource};
use ratatui::crossterm::event::KeyEvent;

pub const MFA: [&str; 5] = [
    "The Ministry of Foreign Affairs of the Republic of Kazakhstan believes that the resolution adopted by the European Parliament on 20 January 2022 is biased.",
    "We find it unacceptable that a document of this nature has been adopted before the publication of the findings of the official investigation.",
    "Neither members of the European Parliament nor any of the Parliament's political groups had requested any clarification from Kazakh officials.",
    "The Human Rights Ombudsperson of the Republic of Kazakhstan also informed us that the authors of the resolution did not contact them.",
    "The Ministry of Foreign Affairs remains open to dialogue with the European Parliament.",
];

pub const OMBUDS: [&str; 3] = [
    "The Ombudsperson welcomes the dialogue between the Ministry and civil society.",
    "The Ombudsperson will publish a report on the January events.",
    "Complaints can be sent to the office at any time.",
];

pub const EP: [&str; 2] = [
    "The European Parliament calls for an independent investigation.",
    "MEPs ask the Commissioner for Human Rights to follow the trials closely.",
];

fn statement(
    source: &str,
    title: &str,
    issuer: &str,
    date: (i32, u32, u32),
    paras: &[&str],
) -> Statement {
    let g = Gazetteer::default();
    let paragraphs: Vec<Paragraph> = paras
        .iter()
        .enumerate()
        .map(|(i, t)| Paragraph {
            index: i + 1,
            text: (*t).to_owned(),
            mentions: g.find(t),
            line: 5 + i * 2,
        })
        .collect();
    let mut st = Statement {
        id: String::new(),
        source: source.to_owned(),
        format: SourceFormat::Text,
        meta: Metadata {
            title: Some(title.to_owned()),
            issuer: Some(issuer.to_owned()),
            place: None,
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
            published: None,
            year: Some(date.0),
            url: None,
        },
        paragraphs,
        removed: vec![
            Removed {
                line: 1,
                text: "Monday, June 5, 2023".to_owned(),
                reason: RemovalReason::CrawlDate,
            },
            Removed {
                line: 2,
                text: "Must read".to_owned(),
                reason: RemovalReason::Boilerplate,
            },
            Removed {
                line: 6,
                text: "Share on Facebook".to_owned(),
                reason: RemovalReason::Share,
            },
        ],
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
    demarche::model::ingest::link_actors(&mut st, &g);
    st.id = digest_hex(&st.cleaned_text());
    st
}

/// The three statements, in library order.
pub fn statements() -> Vec<Statement> {
    vec![
        statement(
            "mfa.txt",
            "Statement of the Ministry of Foreign Affairs",
            "Ministry of Foreign Affairs of Kazakhstan",
            (2022, 1, 21),
            &MFA,
        ),
        statement(
            "ombudsperson.txt",
            "Ombudsperson on the January events",
            "Human Rights Ombudsperson",
            (2022, 2, 3),
            &OMBUDS,
        ),
        statement(
            "ep.txt",
            "Resolution on Kazakhstan",
            "European Parliament",
            (2022, 1, 20),
            &EP,
        ),
    ]
}

/// Notes for tests: two on the MFA statement (¶2 and ¶4), ¶1 and ¶2 reviewed.
#[derive(Debug, Clone)]
pub struct FakeNotes {
    pub mfa_id: String,
}

impl NotesSource for FakeNotes {
    fn notes_for(&self, st: &Statement) -> Vec<NoteView> {
        if st.id != self.mfa_id {
            return Vec::new();
        }
        vec![
            NoteView {
                id: "n1".into(),
                paragraph: Some(2),
                text: "Adopted before the official findings #timing".into(),
                tags: vec!["timing".into()],
                anchor: AnchorStatus::Exact,
                quote: String::new(),
            },
            NoteView {
                id: "n2".into(),
                paragraph: Some(4),
                text: "The Ombudsperson was not contacted".into(),
                tags: vec!["process".into()],
                anchor: AnchorStatus::Moved,
                quote: String::new(),
            },
        ]
    }
    fn reviewed_for(&self, st: &Statement) -> Vec<usize> {
        if st.id == self.mfa_id {
            vec![1, 2]
        } else {
            Vec::new()
        }
    }
    fn counts(&self, key: &StatementKey, _paragraphs: usize) -> (usize, usize) {
        if key.id == self.mfa_id {
            (2, 2)
        } else {
            (0, 0)
        }
    }
    fn tags(&self, key: &StatementKey) -> Vec<String> {
        if key.id == self.mfa_id {
            vec!["timing".into(), "process".into()]
        } else {
            Vec::new()
        }
    }
}

/// An app over the fixture library, indexed, with the statements preloaded.
pub fn app_with(config: &Config, w: u16, h: u16, color: bool) -> App {
    let sts = statements();
    let library = Library {
        sources: sts
            .iter()
            .map(|s| Source::Bundled {
                name: leak(&s.source),
                bytes: b"",
            })
            .collect(),
        ..Library::default()
    };
    let ctx = Context::from_config(config).expect("config compiles");
    let mut app = build_app(library, ctx, config, color).expect("app builds");
    let mfa_id = sts[0].id.clone();
    for (i, st) in sts.into_iter().enumerate() {
        // As the indexer resolves it.
        let key_path = demarche::store::source_key_path(&st.source);
        app.set_summary(i, Ok(Summary::of(&st)), key_path);
        app.preload(i, Arc::new(st));
    }
    app.set_notes(Box::new(FakeNotes { mfa_id }));
    app.dispatch(&AppEvent::Resize(w, h));
    let fx = app.summaries_changed();
    app.perform(fx);
    app
}

pub fn app(w: u16, h: u16) -> App {
    app_with(&Config::default(), w, h, true)
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// Types keys written as in the config (`"j j enter / w o r d enter"`).
pub fn keys(app: &mut App, script: &str) {
    for k in script.split_whitespace() {
        let key = Key::parse(k).unwrap_or_else(|| panic!("bad key in test script: {k}"));
        app.dispatch(&AppEvent::Key(KeyEvent::new(key.code, key.mods)));
    }
}

/// Types text into a prompt.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.dispatch(&demarche::tui::event::key(
            ratatui::crossterm::event::KeyCode::Char(c),
        ));
    }
}

/// An app over the fixture library with a real notes store in `data_dir`.
pub fn app_with_store(data_dir: &std::path::Path, w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let store = demarche::tui::store_notes::StoreNotes::open(data_dir, Vec::new()).unwrap();
    app.set_notes(Box::new(store));
    app
}

/// Presses one key (written as in the config) and returns the effects, without performing them.
pub fn press(app: &mut App, k: &str) -> Vec<demarche::tui::app::Effect> {
    let key = Key::parse(k).unwrap_or_else(|| panic!("bad key in test: {k}"));
    app.handle_event(&AppEvent::Key(KeyEvent::new(key.code, key.mods)))
}
