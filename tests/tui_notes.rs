//! Notes in the reader, without a terminal: keys go through `update`, the effects run
//! against a real store in a temp folder, and the state is checked after each step.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use common::{MFA, app_with_store, keys, press, statements, type_text};
use demarche::model::anchor::AnchorStatus;
use demarche::store::NoteStore;
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
    let e = &a.list.entries[0];
    let paragraphs = e.summary().unwrap().paragraphs;
    a.notes.counts(&e.key().unwrap(), paragraphs)
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
    assert_eq!(d.notes[0].anchor, AnchorStatus::Orphaned);
    assert!(d.notes[0].quote.contains("sturgeon"));
    keys(&mut a, "j j j tab");
    assert_eq!(a.selected_note().unwrap().text, "about sturgeon");
    keys(&mut a, "R");
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.notes[0].paragraph, Some(5));
    assert_eq!(d.notes[0].anchor, AnchorStatus::Exact);
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

/// The paragraphs (0-based) the reading view shows now.
fn shown_paragraphs(a: &App) -> Vec<usize> {
    let d = a.doc.as_ref().unwrap();
    let mut ps: Vec<usize> = d
        .visible_rows(a.page_height())
        .into_iter()
        .filter_map(|r| match r {
            demarche::tui::doc::Row::Text { para, .. } => Some(para),
            _ => None,
        })
        .collect();
    ps.dedup();
    ps
}

#[test]
fn enter_on_a_note_takes_the_reader_to_its_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let st = statements().remove(0);
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&st, "mfa.txt", 1, "on the first").unwrap();
    store.add(&st, "mfa.txt", 5, "on the last").unwrap();
    drop(store);
    // Short enough that ¶5 is off screen while reading ¶1.
    let mut a = app_with_store(dir.path(), 120, 14);
    keys(&mut a, "j enter");
    assert!(!shown_paragraphs(&a).contains(&4), "¶5 starts off screen");
    keys(&mut a, "tab j");
    assert_eq!(a.focus, Focus::Notes);
    assert_eq!(a.selected_note().unwrap().text, "on the last");
    keys(&mut a, "enter");
    assert_eq!(a.focus, Focus::Reader, "like Enter in the list");
    assert_eq!(
        a.doc.as_ref().unwrap().cur,
        4,
        "¶5 is the current paragraph"
    );
    assert!(shown_paragraphs(&a).contains(&4), "and it is in view");
    // Back in the notes pane, the same note is still the selected one.
    keys(&mut a, "tab");
    assert_eq!(a.selected_note().unwrap().text, "on the last");
    keys(&mut a, "j enter");
    assert_eq!(a.doc.as_ref().unwrap().cur, 0);
    assert_eq!(shown_paragraphs(&a)[0], 0);
}

#[test]
fn enter_on_an_orphaned_note_says_why_it_cannot_go_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = statements().remove(0);
    old.paragraphs[2].text = "Fishing quotas for the Caspian sturgeon season.".into();
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&old, "mfa.txt", 3, "about sturgeon").unwrap();
    drop(store);
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "tab enter");
    assert_eq!(a.focus, Focus::Notes, "nowhere to go");
    assert_eq!(a.doc.as_ref().unwrap().cur, 1);
    let m = a.message.clone().unwrap().text;
    assert!(m.contains("orphaned") && m.contains("R re-attaches"), "{m}");
}

/// Notes whose words are each longer than half a wide notes pane: every word takes a row,
/// more rows than counting characters predicts. The first word still fits on a narrow
/// pane's first row, after `▸ ¶4 `.
fn long_word_notes(dir: &std::path::Path, n: usize) -> Vec<String> {
    let st = statements().remove(0);
    let mut store = NoteStore::open(dir).unwrap();
    let (first, word) = ("x".repeat(17), "y".repeat(24));
    let texts: Vec<String> = (0..n)
        .map(|i| format!("note{i:02}{first} {word} {word} {word}"))
        .collect();
    for t in &texts {
        store.add(&st, "mfa.txt", 4, t).unwrap();
    }
    texts
}

/// The selected note as drawn: the text on the row with the `▸` marker.
fn drawn_selection(a: &App, w: u16, h: u16) -> Option<String> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| demarche::tui::panes::draw(f, a)).unwrap();
    let notes = a.panes().notes.unwrap();
    let buf = t.backend().buffer();
    (notes.y..notes.y + notes.height).find_map(|y| {
        let row: String = (notes.x..notes.x + notes.width)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect();
        let at = row.find('▸')?;
        let text: String = row[at..]
            .chars()
            .skip(2)
            .take_while(|c| *c != '│')
            .collect();
        // Notes elsewhere start with their paragraph: `¶4 `.
        let text = match text.strip_prefix('¶') {
            Some(rest) => rest.split_once(' ').map_or("", |(_, t)| t).to_owned(),
            None => text,
        };
        Some(text.trim().to_owned())
    })
}

#[test]
fn the_selected_note_is_always_drawn_and_e_d_act_on_it() {
    for (w, h) in [(200, 30), (120, 24)] {
        let dir = tempfile::tempdir().unwrap();
        let texts = long_word_notes(dir.path(), 10);
        let mut a = app_with_store(dir.path(), w, h);
        keys(&mut a, "j enter j");
        let unfold = if a.notes_shown() { "tab" } else { "t" };
        keys(&mut a, unfold);
        assert_eq!(a.focus, Focus::Notes);
        for step in 0..texts.len() {
            let selected = a.selected_note().unwrap().text.clone();
            let drawn = drawn_selection(&a, w, h)
                .unwrap_or_else(|| panic!("{w}x{h} step {step}: the selection is off screen"));
            assert!(
                selected.starts_with(&drawn[..10]),
                "{w}x{h}: drawn {drawn:?}, selected {selected:?}"
            );
            keys(&mut a, "j");
        }
        // The last note is selected and drawn: `e` edits it, `d` names it and deletes it.
        let last = texts.last().unwrap();
        assert_eq!(&a.selected_note().unwrap().text, last);
        keys(&mut a, "e");
        assert_eq!(&a.editor.as_ref().unwrap().text(), last);
        keys(&mut a, "esc d");
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        t.draw(|f| demarche::tui::panes::draw(f, &a)).unwrap();
        let screen = t.backend().to_string();
        assert!(screen.contains("delete the note “note09"), "{screen}");
        keys(&mut a, "y");
        let left: Vec<String> = NoteStore::open(dir.path())
            .unwrap()
            .all_notes()
            .iter()
            .map(|n| n.text.clone())
            .collect();
        assert_eq!(left.len(), texts.len() - 1);
        assert!(!left.contains(last), "the note drawn selected was deleted");
    }
}

#[test]
fn a_notes_pane_with_no_room_refuses_instead_of_guessing() {
    let dir = tempfile::tempdir().unwrap();
    long_word_notes(dir.path(), 2);
    // 80×6: the unfolded notes pane is only its two borders.
    let mut a = app_with_store(dir.path(), 80, 6);
    keys(&mut a, "j enter t");
    assert_eq!(a.focus, Focus::Notes);
    keys(&mut a, "d");
    assert!(a.popup.is_none(), "nothing to confirm");
    let m = a.message.clone().unwrap();
    assert!(m.error && m.text.contains("no room"), "{m:?}");
    keys(&mut a, "e");
    assert!(a.editor.is_none());
    assert_eq!(NoteStore::open(dir.path()).unwrap().all_notes().len(), 2);
}

/// What the store holds on disk, read by a fresh store: (text, stored paragraph) of every
/// note sorted by text, and the reviewed paragraphs of the MFA statement.
fn disk(dir: &std::path::Path) -> (Vec<(String, usize)>, Vec<usize>) {
    let store = NoteStore::open(dir).unwrap();
    let mut notes: Vec<(String, usize)> = store
        .all_notes()
        .iter()
        .map(|n| (n.text.clone(), n.paragraph))
        .collect();
    notes.sort();
    let reviewed = store.reviewed_for(&statements().remove(0), "mfa.txt");
    (notes, reviewed)
}

fn said(a: &App) -> String {
    a.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Runs the external editor step as the run loop does, with `text` as what was written.
fn finish_outside(a: &mut App, text: &str) {
    let req = a.external.take().expect("an external edit was asked for");
    a.external_done(req.target, Ok(Some(text.to_owned())));
}

#[test]
fn undo_and_redo_every_kind_of_change_at_any_depth() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = statements().remove(0);
    old.paragraphs[2].text = "Fishing quotas for the Caspian sturgeon season.".into();
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&old, "mfa.txt", 3, "orphan").unwrap();
    drop(store);
    let mut a = mfa_at_2(dir.path());
    a.suspend_terminal = true; // external edits go through `external_done`, as in the loop
    let s = |notes: &[(&str, usize)], reviewed: &[usize]| {
        let notes = notes.iter().map(|(t, p)| ((*t).to_owned(), *p)).collect();
        (notes, reviewed.to_vec())
    };
    // Six changes, one of each kind.
    let mut states = vec![s(&[("orphan", 3)], &[])];
    add_note(&mut a, "first");
    states.push(s(&[("first", 2), ("orphan", 3)], &[]));
    keys(&mut a, "e");
    type_text(&mut a, " edited");
    keys(&mut a, "enter");
    states.push(s(&[("first edited", 2), ("orphan", 3)], &[]));
    keys(&mut a, "E");
    finish_outside(&mut a, "first edited outside");
    states.push(s(&[("first edited outside", 2), ("orphan", 3)], &[]));
    keys(&mut a, "r");
    states.push(s(&[("first edited outside", 2), ("orphan", 3)], &[2]));
    keys(&mut a, "j j j tab G R");
    states.push(s(&[("first edited outside", 2), ("orphan", 5)], &[2]));
    // `g`: the first note listed, the one now on the current paragraph ¶5.
    keys(&mut a, "g d y");
    states.push(s(&[("first edited outside", 2)], &[2]));
    assert_eq!(disk(dir.path()), *states.last().unwrap());
    let whats = [
        "note added on ¶2",
        "note edited on ¶2",
        "note edited on ¶2",
        "¶2 marked reviewed",
        "note re-attached to ¶5",
        "note deleted on ¶5",
    ];
    // Undo all six, newest first, checking the disk after each.
    for k in (0..6).rev() {
        keys(&mut a, "u");
        assert_eq!(said(&a), format!("undid: {}", whats[k]));
        assert_eq!(disk(dir.path()), states[k], "after undoing {}", whats[k]);
    }
    keys(&mut a, "u");
    assert_eq!(said(&a), "nothing to undo");
    let orphan = a
        .doc
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .find(|v| v.text == "orphan");
    assert_eq!(
        orphan.unwrap().anchor,
        AnchorStatus::Orphaned,
        "the re-attachment is undone"
    );
    // Redo all six, oldest first.
    for k in 0..6 {
        keys(&mut a, "ctrl-r");
        assert_eq!(said(&a), format!("redid: {}", whats[k]));
        assert_eq!(
            disk(dir.path()),
            states[k + 1],
            "after redoing {}",
            whats[k]
        );
    }
    keys(&mut a, "ctrl-r");
    assert_eq!(said(&a), "nothing to redo");
    // A new change after an undo: the undone change can no longer be redone.
    keys(&mut a, "u");
    assert_eq!(disk(dir.path()), states[5]);
    keys(&mut a, "k r");
    keys(&mut a, "ctrl-r");
    assert_eq!(said(&a), "nothing to redo");
    keys(&mut a, "u");
    assert_eq!(disk(dir.path()), states[5]);
}

#[test]
fn a_failed_undo_keeps_the_change_for_another_try() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    add_note(&mut a, "keep me");
    keys(&mut a, "tab d y");
    assert_eq!(disk(dir.path()).0, vec![]);
    // The notes folder goes away and a file takes its place: nothing can be written.
    let notes = dir.path().join("notes");
    let aside = dir.path().join("notes-aside");
    std::fs::rename(&notes, &aside).unwrap();
    std::fs::write(&notes, "in the way").unwrap();
    keys(&mut a, "u");
    let m = a.message.clone().unwrap();
    assert!(m.error && m.text.starts_with("cannot undo"), "{m:?}");
    assert_eq!(a.history.undo.len(), 2, "both changes still undoable");
    assert!(a.history.redo.is_empty());
    std::fs::remove_file(&notes).unwrap();
    std::fs::rename(&aside, &notes).unwrap();
    keys(&mut a, "u");
    assert_eq!(said(&a), "undid: note deleted on ¶2");
    assert_eq!(disk(dir.path()).0, vec![("keep me".to_owned(), 2)]);
}

#[test]
fn capital_e_on_a_paragraph_without_a_note_writes_a_new_one_outside() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = mfa_at_2(dir.path());
    keys(&mut a, "j");
    let fx = press(&mut a, "E");
    assert_eq!(
        fx,
        vec![Effect::ExternalEdit(
            demarche::tui::external::ExternalRequest {
                target: EditTarget::New {
                    source: 0,
                    paragraph: 3
                },
                text: String::new(),
            }
        )]
    );
    a.suspend_terminal = true;
    a.perform(fx);
    finish_outside(&mut a, "Written outside #ext");
    assert_eq!(said(&a), "note saved");
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].paragraph, Some(3));
    assert_eq!(d.notes[0].tags, vec!["ext"]);
    assert_eq!(
        disk(dir.path()).0,
        vec![("Written outside #ext".to_owned(), 3)]
    );
    // With a note there, `E` edits it instead.
    let fx = press(&mut a, "E");
    assert!(
        matches!(&fx[..], [Effect::ExternalEdit(r)] if matches!(r.target, EditTarget::Existing { .. })),
        "{fx:?}"
    );
    // An editor closed without writing anything adds no note.
    keys(&mut a, "j E");
    finish_outside(&mut a, "  \n");
    assert_eq!(said(&a), "empty note not saved");
    assert_eq!(disk(dir.path()).0.len(), 1);
    // Undo takes the new note away like any addition.
    keys(&mut a, "u");
    assert_eq!(said(&a), "undid: note added on ¶3");
    assert!(disk(dir.path()).0.is_empty());
}

/// Lets the watcher deliver until `ok` holds; fails after `limit`. Returns how long it took.
fn wait_for_reload(
    w: &demarche::tui::watch::NotesWatcher,
    a: &mut App,
    limit: std::time::Duration,
    ok: impl Fn(&App) -> bool,
) -> std::time::Duration {
    let start = std::time::Instant::now();
    loop {
        w.apply(a);
        if ok(a) {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "not seen within {limit:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn notes_saved_by_another_writer_appear_and_the_reader_keeps_its_place() {
    use demarche::tui::watch::NotesWatcher;
    for polling in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let st = statements().remove(0);
        let mut store = NoteStore::open(dir.path()).unwrap();
        store.add(&st, "mfa.txt", 2, "mine on two").unwrap();
        store.add(&st, "mfa.txt", 4, "mine on four").unwrap();
        drop(store);
        let mut a = mfa_at_2(dir.path());
        keys(&mut a, "tab j");
        assert_eq!(a.selected_note().unwrap().text, "mine on four");
        let top = a.doc.as_ref().unwrap().top;
        let w = if polling {
            NotesWatcher::start_polling(dir.path(), "test")
        } else {
            NotesWatcher::start(dir.path())
        };
        // Another writer (`demarche annotate`, a second reader) adds a note on ¶2, which
        // the notes pane lists before the selected one.
        let mut other = NoteStore::open(dir.path()).unwrap();
        other.add(&st, "mfa.txt", 2, "from elsewhere").unwrap();
        let took = wait_for_reload(&w, &mut a, std::time::Duration::from_secs(5), |a| {
            texts(a).contains(&"from elsewhere".to_owned())
        });
        assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
        if polling {
            assert!(said(&a).contains("polling"), "says so once: {}", said(&a));
        }
        assert_eq!(mfa_counts(&a), (3, 0), "the list counts follow");
        let d = a.doc.as_ref().unwrap();
        assert_eq!((d.cur, d.top), (1, top), "same place");
        assert_eq!(a.focus, Focus::Notes);
        assert_eq!(a.selected_note().unwrap().text, "mine on four", "same note");
        // A deletion elsewhere is seen too, and the reader's own saves still work.
        let id = other
            .all_notes()
            .iter()
            .find(|n| n.text == "mine on two")
            .map(|n| n.id.clone())
            .unwrap();
        other.delete(&id).unwrap();
        wait_for_reload(&w, &mut a, std::time::Duration::from_secs(5), |a| {
            !texts(a).contains(&"mine on two".to_owned())
        });
        assert_eq!(a.selected_note().unwrap().text, "mine on four");
        keys(&mut a, "r");
        assert_eq!(disk(dir.path()).1, vec![2]);
    }
}

#[test]
fn a_click_selects_the_note_under_the_pointer() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let dir = tempfile::tempdir().unwrap();
    let texts = long_word_notes(dir.path(), 6);
    let (w, h) = (200, 30);
    let mut a = app_with_store(dir.path(), w, h);
    keys(&mut a, "j enter");
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| demarche::tui::panes::draw(f, &a)).unwrap();
    let notes = a.panes().notes.unwrap();
    let buf = t.backend().buffer().clone();
    let row_of = |needle: &str| {
        (notes.y..notes.y + notes.height)
            .find(|&y| {
                let row: String = (notes.x..notes.x + notes.width)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect();
                row.contains(needle)
            })
            .unwrap()
    };
    // A click on a continuation row of the fourth note selects it and focuses the pane.
    let y = row_of("note03") + 1;
    a.dispatch(&demarche::tui::event::AppEvent::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: notes.x + 3,
        row: y,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(a.focus, Focus::Notes);
    assert_eq!(a.selected_note().unwrap().text, texts[3]);
    keys(&mut a, "enter");
    assert_eq!(a.doc.as_ref().unwrap().cur, 3);
}

#[test]
fn notes_found_only_by_title_and_date_say_so_in_the_status() {
    let dir = tempfile::tempdir().unwrap();
    // Written on an earlier version of the statement, kept at a path that is gone now.
    let mut old = statements().remove(0);
    old.paragraphs[4].text = "An earlier wording of the last paragraph.".into();
    old.id = "an-earlier-digest".into();
    let mut store = NoteStore::open(dir.path()).unwrap();
    store
        .add(&old, "gone/mfa.txt", 1, "kept across the re-scrape")
        .unwrap();
    drop(store);
    let mut a = app_with_store(dir.path(), 120, 40);
    keys(&mut a, "j enter");
    let msg = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("re-identified by title and date"), "{msg}");
    assert!(msg.contains("gone/mfa.txt"), "{msg}");
    assert_eq!(texts(&a), ["kept across the re-scrape"]);
}

#[test]
fn notes_on_the_same_path_open_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let st = statements().remove(0);
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&st, "mfa.txt", 1, "plain").unwrap();
    drop(store);
    let mut a = app_with_store(dir.path(), 120, 40);
    keys(&mut a, "j enter");
    let msg = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(!msg.contains("re-identified"), "{msg}");
    assert_eq!(texts(&a), ["plain"]);
}
