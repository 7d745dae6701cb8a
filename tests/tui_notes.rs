//! Notes in the reader, without a terminal: keys go through `update`, the effects run
//! against a real store in a temp folder, and the state is checked after each step.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use common::{MFA, app_with_store, keys, press, statements, type_text};
use demarche::model::store::NoteStore;
use demarche::tui::app::{App, Confirm, Effect, Popup, SaveState};
use demarche::tui::editor::EditTarget;
use demarche::tui::layout::Focus;

/// The MFA statement open in the reader at ¶2 (`cur` 1), with a store in `dir`.
fn mfa_at_2(dir: &std::path::Path) -> App {
    let mut a = app_with_store(dir, 120, 40);
    keys(&mut a, "j enter j");
    assert_eq!(a.doc.as_ref().unwrap().cur, 1);
    a
}

fn texts(a: &App) -> Vec<String> {
    a.doc
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .map(|n| n.text.clone())
        .collect()
}

fn mfa_counts(a: &App) -> (usize, usize) {
    let s = a.list.entries[0].summary().unwrap();
    a.notes.counts(s)
}

/// Adds a note with the editor: `a`, the text, Enter, then the effect.
fn add_note(a: &mut App, text: &str) {
    keys(a, "a");
    type_text(a, text);
    let fx = press(a, "enter");
    a.perform(fx);
}

#[test]
fn add_emits_a_save_effect_and_the_note_appears_once_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "a");
    assert!(a.editor.is_some());
    type_text(&mut a, "Adopted before the findings #Timing");
    let fx = press(&mut a, "enter");
    assert_eq!(
        fx,
        vec![Effect::SaveNote {
            target: EditTarget::New {
                source: 0,
                paragraph: 2
            },
            text: "Adopted before the findings #Timing".into()
        }]
    );
    assert_eq!(a.save, SaveState::Saving);
    assert!(texts(&a).is_empty(), "nothing is saved inside update");
    a.perform(fx);
    assert!(a.editor.is_none());
    assert_eq!(a.save, SaveState::Saved);
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].paragraph, Some(2));
    assert_eq!(d.notes[0].tags, vec!["timing"]);
    assert_eq!(mfa_counts(&a), (1, 0));
    // On disk: a fresh store sees it.
    let store = NoteStore::open(dir.path()).unwrap();
    assert_eq!(store.all_notes().len(), 1);
    // The list's #tag filter uses the store's tags.
    keys(&mut a, "f");
    type_text(&mut a, "#timing");
    keys(&mut a, "enter");
    assert_eq!(a.list.order, vec![0]);
}

#[test]
fn alt_enter_makes_a_new_line_and_esc_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "a");
    type_text(&mut a, "first");
    keys(&mut a, "alt-enter");
    type_text(&mut a, "second");
    assert_eq!(a.editor.as_ref().unwrap().text(), "first\nsecond");
    keys(&mut a, "esc");
    assert_eq!(a.popup, Some(Popup::Confirm(Confirm::Discard)));
    keys(&mut a, "n");
    assert_eq!(a.editor.as_ref().unwrap().text(), "first\nsecond", "kept");
    keys(&mut a, "esc y");
    assert!(a.editor.is_none());
    assert!(texts(&a).is_empty());
    // An empty editor closes without asking.
    keys(&mut a, "a esc");
    assert!(a.editor.is_none() && a.popup.is_none());
}

#[test]
fn edit_changes_the_selected_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    add_note(&mut a, "draft");
    // From the reader, `e` edits the first note on the current paragraph.
    keys(&mut a, "e");
    assert_eq!(a.editor.as_ref().unwrap().text(), "draft");
    type_text(&mut a, " text");
    let fx = press(&mut a, "enter");
    a.perform(fx);
    assert_eq!(texts(&a), vec!["draft text"]);
    // From the notes pane, `e` edits the selection.
    keys(&mut a, "tab");
    assert_eq!(a.focus, Focus::Notes);
    keys(&mut a, "e");
    type_text(&mut a, "!");
    keys(&mut a, "enter");
    assert_eq!(texts(&a), vec!["draft text!"]);
    let store = NoteStore::open(dir.path()).unwrap();
    assert_eq!(store.all_notes()[0].text, "draft text!");
}

#[test]
fn delete_asks_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    add_note(&mut a, "keep me #x");
    keys(&mut a, "tab d");
    assert!(matches!(
        a.popup,
        Some(Popup::Confirm(Confirm::Delete { .. }))
    ));
    keys(&mut a, "n");
    assert_eq!(texts(&a).len(), 1, "n keeps the note");
    keys(&mut a, "d y");
    assert!(texts(&a).is_empty());
    assert!(a.message.as_ref().unwrap().text.contains("u undoes"));
    assert_eq!(NoteStore::open(dir.path()).unwrap().all_notes().len(), 0);
    keys(&mut a, "u");
    assert_eq!(texts(&a), vec!["keep me #x"]);
    assert_eq!(NoteStore::open(dir.path()).unwrap().all_notes().len(), 1);
    assert_eq!(
        a.message.as_ref().unwrap().text,
        "undid: note deleted on ¶2"
    );
    // The addition was a change too.
    keys(&mut a, "u");
    assert!(texts(&a).is_empty());
    keys(&mut a, "u");
    assert_eq!(a.message.as_ref().unwrap().text, "nothing to undo");
}

#[test]
fn r_toggles_reviewed_and_the_list_progress_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "r");
    assert_eq!(a.doc.as_ref().unwrap().reviewed, vec![2]);
    assert_eq!(mfa_counts(&a), (0, 1));
    keys(&mut a, "j r");
    assert_eq!(a.doc.as_ref().unwrap().reviewed, vec![2, 3]);
    keys(&mut a, "r");
    assert_eq!(a.doc.as_ref().unwrap().reviewed, vec![2]);
    assert_eq!(mfa_counts(&a), (0, 1));
}

#[test]
fn a_failed_save_keeps_the_editor_and_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    // The notes folder cannot be created: a file is in the way.
    let notes = dir.path().join("notes");
    std::fs::write(&notes, "in the way").unwrap();
    add_note(&mut a, "precious words");
    let ed = a.editor.as_ref().expect("the editor stays open");
    assert_eq!(ed.text(), "precious words");
    let err = ed.error.clone().unwrap();
    assert!(err.contains("notes"), "{err}");
    assert!(matches!(a.save, SaveState::Error(_)));
    assert!(a.message.as_ref().unwrap().error);
    assert!(texts(&a).is_empty());
    // Fix the cause and press Enter again: saved, nothing retyped.
    std::fs::remove_file(&notes).unwrap();
    let fx = press(&mut a, "enter");
    a.perform(fx);
    assert!(a.editor.is_none());
    assert_eq!(a.save, SaveState::Saved);
    assert_eq!(texts(&a), vec!["precious words"]);
}

#[test]
fn hash_offers_tags_in_use_and_tab_completes() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    add_note(&mut a, "one #timing #procedure");
    keys(&mut a, "j a");
    type_text(&mut a, "again #ti");
    let ed = a.editor.as_ref().unwrap();
    assert_eq!(ed.suggestions(), vec!["timing"]);
    keys(&mut a, "tab");
    assert_eq!(a.editor.as_ref().unwrap().text(), "again #timing");
    assert!(a.editor.as_ref().unwrap().suggestions().is_empty());
    type_text(&mut a, " #p");
    assert_eq!(a.editor.as_ref().unwrap().suggestions(), vec!["procedure"]);
    type_text(&mut a, "x");
    assert!(a.editor.as_ref().unwrap().suggestions().is_empty());
    // No `#` before the cursor: Tab does nothing.
    type_text(&mut a, " plain");
    keys(&mut a, "tab");
    assert_eq!(a.editor.as_ref().unwrap().text(), "again #timing #px plain");
}

#[test]
fn semicolon_jumps_to_the_next_paragraph_without_note_or_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "g r j");
    add_note(&mut a, "on two");
    keys(&mut a, "j r j");
    // ¶1 reviewed, ¶2 noted, ¶3 reviewed; now at ¶4.
    assert_eq!(a.doc.as_ref().unwrap().cur, 3);
    keys(&mut a, "r ;");
    assert_eq!(a.doc.as_ref().unwrap().cur, 4, "¶5 is the only one left");
    keys(&mut a, "r ;");
    assert_eq!(a.doc.as_ref().unwrap().cur, 4);
    assert!(a.message.as_ref().unwrap().text.contains("every paragraph"));
    keys(&mut a, "k k r ;");
    assert_eq!(a.doc.as_ref().unwrap().cur, 2, "wraps around to ¶3");
}

#[test]
fn an_orphaned_note_is_listed_and_r_reattaches_it() {
    let dir = tempfile::tempdir().unwrap();
    // A note written on a paragraph that the statement no longer has.
    let mut old = statements().remove(0);
    old.paragraphs[2].text = "Fishing quotas for the Caspian sturgeon season.".into();
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&old, "mfa.txt", 3, "about sturgeon").unwrap();
    drop(store);
    let mut a = mfa_at_2(dir.path());
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].paragraph, None);
    assert_eq!(d.notes[0].anchor, "orphaned");
    assert!(d.notes[0].quote.contains("sturgeon"));
    keys(&mut a, "j j j tab");
    assert_eq!(a.selected_note().unwrap().text, "about sturgeon");
    keys(&mut a, "R");
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.notes[0].paragraph, Some(5));
    assert_eq!(d.notes[0].anchor, "exact");
    assert!(a.message.as_ref().unwrap().text.contains("¶5"));
    assert_eq!(MFA.len(), 5);
}

#[test]
fn a_corrupt_notes_file_is_shown_and_its_statement_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let st = statements().remove(0);
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&st, "mfa.txt", 1, "old note").unwrap();
    let file = std::fs::read_dir(dir.path().join("notes"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    std::fs::write(&file, "{\n  \"version\": 1,\n  oops\n}").unwrap();
    let mut a = app_with_store(dir.path(), 120, 40);
    let banner = a.banner.clone().unwrap();
    assert!(banner.contains(":3:3:"), "{banner}");
    keys(&mut a, "j enter");
    assert!(a.read_only.is_some());
    keys(&mut a, "a");
    assert!(a.editor.is_none());
    assert!(a.message.as_ref().unwrap().text.starts_with("read-only"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\n  \"version\": 1,\n  oops\n}"
    );
}
