//! The reader's metadata form (`M`): a correction is stored in the data dir, shown at once
//! in the reader and the list (row, sort, filter), kept for the next session, and reverted.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use demarche::config::Config;
use demarche::model::ingest::Context;
use demarche::model::library::Library;
use demarche::model::notes::StatementKey;
use demarche::store::{NoteStore, key_path};
use demarche::tui::app::{App, Popup};
use demarche::tui::build_app;
use demarche::tui::event::AppEvent;
use demarche::tui::store_notes::StoreNotes;

use common::{keys, type_text};

const A: &str = "Statement on the water agreement\n\nArvena, 3 March 2023\n\n\
The Ministry welcomes the signature of the water agreement with its neighbours.\n";
const B: &str = "Statement on the election observers\n\nArvena, 16 May 2023\n\n\
The Ministry takes note of the report of the election observers and will study it.\n";

/// An app over two statement files, with a real store in `data`, as `demarche` starts one.
fn app(dir: &std::path::Path) -> App {
    std::fs::write(dir.join("a.txt"), A).unwrap();
    std::fs::write(dir.join("b.txt"), B).unwrap();
    let data = dir.join("data");
    let library = Library::from_paths(&[dir.join("a.txt"), dir.join("b.txt")]).unwrap();
    let mut ctx = Context::from_config(&Config::default()).unwrap();
    if let Ok(store) = NoteStore::open(&data) {
        ctx.corrections = Arc::new(store.corrections());
    }
    let mut app = build_app(library, ctx, &Config::default(), false).unwrap();
    app.set_notes(Box::new(StoreNotes::open(&data, Vec::new()).unwrap()));
    app.dispatch(&AppEvent::Resize(120, 40));
    demarche::tui::index::index_now(&mut app, 3);
    app
}

fn listed_titles(app: &App) -> Vec<String> {
    app.list
        .order
        .iter()
        .map(|&i| app.list.entries[i].title().to_owned())
        .collect()
}

fn open_title(app: &App) -> Option<String> {
    app.doc.as_ref().and_then(|d| d.st.meta.title.clone())
}

#[test]
fn m_corrects_the_open_statement_everywhere_and_ctrl_r_reverts() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    // Newest first: b (16 May) before a (3 March).
    assert_eq!(
        listed_titles(&app),
        vec![
            "Statement on the election observers",
            "Statement on the water agreement"
        ]
    );
    keys(&mut app, "j enter");
    assert_eq!(
        open_title(&app).as_deref(),
        Some("Statement on the water agreement")
    );

    keys(&mut app, "M");
    let Some(Popup::Metadata(form)) = &app.popup else {
        panic!("M opens the form: {:?}", app.popup);
    };
    assert_eq!(form.values[2], "2023-03-03");
    // A bad date is refused in the form, which stays open.
    keys(&mut app, "tab tab ctrl-u");
    type_text(&mut app, "03/03/2024");
    keys(&mut app, "enter");
    let Some(Popup::Metadata(form)) = &app.popup else {
        panic!("the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("YYYY-MM-DD"))
    );
    keys(&mut app, "ctrl-u");
    type_text(&mut app, "2024-03-03");
    keys(&mut app, "tab tab ctrl-u");
    type_text(&mut app, "Water agreement signed");
    keys(&mut app, "enter");
    assert!(app.popup.is_none());

    // The reader, the list row, the sort and the filter use it.
    assert_eq!(open_title(&app).as_deref(), Some("Water agreement signed"));
    let d = app.doc.as_ref().unwrap();
    assert_eq!(d.st.provenance.origins.corrected(), vec!["title", "date"]);
    assert_eq!(
        listed_titles(&app),
        vec![
            "Water agreement signed",
            "Statement on the election observers"
        ],
        "the corrected date (2024) sorts it first"
    );
    keys(&mut app, "f");
    type_text(&mut app, "signed");
    keys(&mut app, "enter");
    assert_eq!(listed_titles(&app), vec!["Water agreement signed"]);
    keys(&mut app, "f ctrl-u enter");

    // Stored in the data dir, keyed like notes, and read by the next session.
    let store = NoteStore::open(&dir.path().join("data")).unwrap();
    let a = dir.path().join("a.txt");
    let plain = demarche::model::ingest::ingest_file(&a, &Context::default()).unwrap();
    let stored = store
        .correction_for(&StatementKey::of(&plain, &key_path(&a)))
        .cloned()
        .unwrap();
    assert_eq!(stored.title.as_deref(), Some("Water agreement signed"));
    let mut next = app_again(dir.path());
    assert_eq!(listed_titles(&next)[0], "Water agreement signed");

    // Reverted: each field back as read (Ctrl-r), saved.
    keys(&mut next, "enter M ctrl-r tab tab ctrl-r enter");
    assert_eq!(
        listed_titles(&next),
        vec![
            "Statement on the election observers",
            "Statement on the water agreement"
        ]
    );
    assert_eq!(
        open_title(&next).as_deref(),
        Some("Statement on the water agreement")
    );
    let store = NoteStore::open(&dir.path().join("data")).unwrap();
    assert!(
        store
            .correction_for(&StatementKey::of(&plain, &key_path(&a)))
            .is_none()
    );
}

/// A second session over the same files and data dir.
fn app_again(dir: &std::path::Path) -> App {
    app(dir)
}

#[test]
fn esc_cancels_and_without_a_statement_m_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    keys(&mut app, "enter M");
    type_text(&mut app, " (typed)");
    keys(&mut app, "esc");
    assert!(app.popup.is_none());
    assert_eq!(
        open_title(&app).as_deref(),
        Some("Statement on the election observers")
    );
    assert!(!dir.path().join("data/notes").exists(), "nothing written");
    app.doc = None;
    keys(&mut app, "M");
    assert!(app.popup.is_none());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("open a statement"))
    );
}
