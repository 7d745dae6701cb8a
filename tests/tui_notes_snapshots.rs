//! Screens of the notes features: the notes pane over a real store (notes on the current
//! paragraph, elsewhere, orphaned) and the editor popup with a tag suggestion and an error.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use common::{app_with_store, keys, press, statements, type_text};
use demarche::store::NoteStore;
use demarche::tui::app::App;
use demarche::tui::panes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn screen(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| panes::draw(f, app)).unwrap();
    t
}

/// A store with two notes on the MFA statement (¶2, ¶4), one orphan, ¶2 reviewed; the
/// statement open at ¶2 with the notes pane focused.
fn with_notes(dir: &std::path::Path, w: u16, h: u16) -> App {
    let st = statements().remove(0);
    let mut old = st.clone();
    old.paragraphs[2].text = "Fishing quotas for the Caspian sturgeon season.".into();
    let mut store = NoteStore::open(dir).unwrap();
    store
        .add(
            &st,
            "mfa.txt",
            2,
            "Adopted before the official findings #timing",
        )
        .unwrap();
    store
        .add(
            &st,
            "mfa.txt",
            4,
            "Ombudsperson not contacted\nsee the letter #process",
        )
        .unwrap();
    store.add(&old, "mfa.txt", 3, "About sturgeon").unwrap();
    store.set_reviewed(&st, "mfa.txt", 2, true).unwrap();
    drop(store);
    let mut a = app_with_store(dir, w, h);
    keys(&mut a, "j enter j");
    // Narrow screens fold the notes pane: `t` unfolds it (and focuses it).
    let unfold = if a.notes_shown() { "tab" } else { "t" };
    keys(&mut a, unfold);
    assert_eq!(a.focus, demarche::tui::layout::Focus::Notes);
    a
}

#[test]
fn notes_pane_with_store_notes() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut a = with_notes(dir.path(), w, h);
        keys(&mut a, "G"); // select the orphan: the re-attach hint shows
        let t = screen(&a, w, h);
        let text = t.backend().to_string();
        assert!(text.contains("Orphaned"), "{text}");
        assert!(text.contains("sturgeon"), "{text}");
        assert!(text.contains("2✎✓"), "gutter marks ¶2: {text}");
        insta::assert_snapshot!(format!("notes_store_{w}x{h}"), t.backend());
    }
}

#[test]
fn editor_popup() {
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut a = with_notes(dir.path(), w, h);
        keys(&mut a, "a");
        type_text(&mut a, "Second thoughts on");
        keys(&mut a, "alt-enter");
        type_text(&mut a, "the timing #ti");
        let t = screen(&a, w, h);
        let text = t.backend().to_string();
        assert!(text.contains("New note on ¶2"), "{text}");
        assert!(text.contains("Tab: #timing"), "{text}");
        insta::assert_snapshot!(format!("editor_{w}x{h}"), t.backend());
    }
}

#[test]
fn editor_popup_after_a_failed_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = with_notes(dir.path(), 80, 24);
    keys(&mut a, "a");
    type_text(&mut a, "kept text");
    // Make the statement's notes file unwritable for the store: replace it by a folder.
    let notes = dir.path().join("notes");
    let file = std::fs::read_dir(&notes)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    let fx = press(&mut a, "enter");
    a.perform(fx);
    let t = screen(&a, 80, 24);
    let text = t.backend().to_string();
    assert!(text.contains("not saved:"), "{text}");
    assert!(text.contains("kept text"), "{text}");
    assert!(text.contains("error:"), "status bar says so: {text}");
}

/// Drawing the list never asks the filesystem: the paths notes are keyed by were resolved
/// when the statements were indexed. Here the links the library was read through are
/// removed after indexing: a path resolved while drawing would no longer lead to the
/// statements' files, their notes would not be found, and the rows would count none.
#[test]
fn drawing_the_list_resolves_no_path() {
    use demarche::config::Config;
    use demarche::model::ingest::{Context, ingest_file};
    use demarche::model::library::Library;
    use demarche::store::key_path;
    use demarche::tui::event::AppEvent;

    let tmp = tempfile::tempdir().unwrap();
    let (real, lib, data) = (
        tmp.path().join("real"),
        tmp.path().join("lib"),
        tmp.path().join("data"),
    );
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(&lib).unwrap();
    let names = ["first.txt", "second.txt"];
    let mut store = NoteStore::open(&data).unwrap();
    for (i, name) in names.iter().enumerate() {
        let text = format!("Statement number {i} on the harbour.\n\nThe ministry met on day {i}.");
        std::fs::write(real.join(name), text).unwrap();
        std::os::unix::fs::symlink(real.join(name), lib.join(name)).unwrap();
        let st = ingest_file(&lib.join(name), &Context::default()).unwrap();
        store
            .add(&st, &key_path(&lib.join(name)), 1, "noted")
            .unwrap();
    }
    drop(store);
    let library = Library::from_paths(std::slice::from_ref(&lib)).unwrap();
    let mut app =
        demarche::tui::build_app(library, Context::default(), &Config::default(), false).unwrap();
    let notes = demarche::tui::store_notes::StoreNotes::open(&data, Vec::new()).unwrap();
    app.set_notes(Box::new(notes));
    app.dispatch(&AppEvent::Resize(100, 30));
    demarche::tui::index::index_now(&mut app, 3);
    let before = screen(&app, 100, 30).backend().to_string();
    assert_eq!(before.matches("2¶ · 1✎").count(), 2, "{before}");
    for name in names {
        std::fs::remove_file(lib.join(name)).unwrap();
    }
    let after = screen(&app, 100, 30).backend().to_string();
    assert_eq!(after.matches("2¶ · 1✎").count(), 2, "{after}");
}
