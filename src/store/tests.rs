//! Unit tests of the store: each change as it lands on disk, anchoring after the text
//! changed, atomic saves, the lock and damaged files.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::format::default_name;
use super::{NoteStore, Options, ReadOnlyReason, StoreError, TMP_DIR};
use crate::model::anchor::AnchorStatus;
use crate::model::notes::StatementKey;
use crate::model::statement::Statement;

const PATH: &str = "/library/kz/statement.txt";
const TEXT: &str = "The Ministry of Foreign Affairs expresses its concern.\n\n\
We find it unacceptable that the European Parliament adopted the resolution.\n\n\
Kazakhstan remains open to dialogue with the European Union.";

fn statement(text: &str) -> Statement {
    crate::model::ingest::ingest_text(text, PATH)
}

/// The file holding the notes of `st` (named when first saved).
fn file_of(data: &Path, st: &Statement) -> PathBuf {
    data.join("notes")
        .join(default_name(&StatementKey::of(st, PATH)))
}

fn on_disk(data: &Path, st: &Statement) -> serde_json::Value {
    let bytes = fs::read(file_of(data, st)).expect("reads the notes file");
    serde_json::from_slice(&bytes).expect("the notes file parses")
}

fn texts_on_disk(data: &Path, st: &Statement) -> Vec<String> {
    on_disk(data, st)["notes"]
        .as_array()
        .expect("notes array")
        .iter()
        .map(|n| n["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn add_is_on_disk_with_its_paragraph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let note = store.add(&st, PATH, 2, "why now? #timing").expect("adds");
    assert_eq!(note.tags, ["timing"]);
    assert_eq!(texts_on_disk(dir.path(), &st), ["why now? #timing"]);
    assert_eq!(on_disk(dir.path(), &st)["notes"][0]["paragraph"], 2);
    let again = NoteStore::open(dir.path()).expect("reopens");
    assert_eq!(again.note(&note.id).map(|n| n.paragraph), Some(2));
}

#[test]
fn edit_replaces_text_and_tags_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let note = store.add(&st, PATH, 1, "first #a").expect("adds");
    let edited = store.edit(&note.id, "second #b").expect("edits");
    assert_eq!(
        (edited.text.as_str(), edited.tags.as_slice()),
        ("second #b", &["b".to_owned()][..])
    );
    assert_eq!(texts_on_disk(dir.path(), &st), ["second #b"]);
    assert!(matches!(
        store.edit(&note.id, "  "),
        Err(StoreError::EmptyNote)
    ));
}

#[test]
fn delete_removes_the_note_and_keeps_it_for_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let keep = store.add(&st, PATH, 1, "kept").expect("adds");
    let gone = store.add(&st, PATH, 3, "gone").expect("adds");
    let deleted = store.delete(&gone.id).expect("deletes");
    assert_eq!(deleted.id, gone.id);
    assert_eq!(texts_on_disk(dir.path(), &st), ["kept"]);
    assert!(store.note(&gone.id).is_none() && store.note(&keep.id).is_some());
    let again = NoteStore::open(dir.path()).expect("reopens");
    assert_eq!(
        again.deleted_note(&gone.id).map(|n| n.text.as_str()),
        Some("gone")
    );
    match store.delete(&gone.id) {
        Err(StoreError::NotFound { id, .. }) => assert_eq!(id, gone.id),
        other => panic!("a second delete: {other:?}"),
    }
}

#[test]
fn notes_follow_their_paragraph_when_the_text_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&before, PATH, 3, "on dialogue").expect("adds");
    // A paragraph inserted before the one annotated: the note moves to ¶4.
    let after = statement(&TEXT.replace(
        "\n\nKazakhstan",
        "\n\nA new paragraph was inserted here by the ministry.\n\nKazakhstan",
    ));
    let notes = store.notes_for(&after, PATH);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].anchoring.status, AnchorStatus::Moved);
    assert_eq!(notes[0].anchoring.paragraph, Some(4));
}

#[test]
fn a_note_whose_paragraph_is_gone_is_kept_as_an_orphan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let before = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let note = store
        .add(&before, PATH, 2, "on the resolution")
        .expect("adds");
    let after = statement(
        "The Ministry of Foreign Affairs expresses its concern.\n\n\
         Sturgeon quotas in the Caspian were discussed at length today.",
    );
    let notes = store.notes_for(&after, PATH);
    assert_eq!(notes.len(), 1, "the note is still listed");
    assert_eq!(notes[0].anchoring.status, AnchorStatus::Orphaned);
    assert_eq!(notes[0].anchoring.paragraph, None);
    assert!(notes[0].note.anchor.quote.exact.contains("unacceptable"));
    // Nothing was written by looking: the note is on disk as saved.
    assert_eq!(texts_on_disk(dir.path(), &before), ["on the resolution"]);
    assert_eq!(store.note(&note.id).map(|n| n.paragraph), Some(2));
}

#[test]
fn a_save_in_progress_never_shows_a_partial_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    NoteStore::open(dir.path())
        .expect("opens")
        .add(&st, PATH, 1, "old")
        .expect("adds");
    let before = fs::read(file_of(dir.path(), &st)).expect("reads");
    let slow = Options {
        save_delay: Duration::from_millis(400),
        ..Options::default()
    };
    let data = dir.path().to_path_buf();
    let (s, data2) = (st.clone(), data.clone());
    let writer = std::thread::spawn(move || {
        let mut store = NoteStore::open_with(&data2, slow).expect("opens");
        store.add(&s, PATH, 2, "new").map(drop)
    });
    // Inside the save (the temp file is written and synced, not yet renamed).
    std::thread::sleep(Duration::from_millis(200));
    let temps: Vec<_> = fs::read_dir(data.join("notes").join(TMP_DIR))
        .expect("temp folder")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(temps.len(), 1, "the new version waits in a temp file");
    assert_eq!(fs::read(file_of(&data, &st)).expect("reads"), before);
    writer.join().expect("writer").expect("the save succeeds");
    assert_eq!(texts_on_disk(&data, &st), ["old", "new"]);
    let left = fs::read_dir(data.join("notes").join(TMP_DIR)).expect("temp folder");
    assert_eq!(left.count(), 0, "no temp file is left");
}

#[test]
fn a_failed_save_keeps_the_old_file_and_no_temp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&st, PATH, 1, "old").expect("adds");
    let file = file_of(dir.path(), &st);
    let before = fs::read(&file).expect("reads");
    // The backup cannot be made (a non-empty folder is in its place): the save stops
    // after writing its temp file, before the rename.
    let bak = PathBuf::from(format!("{}.bak", file.display()));
    fs::remove_file(&bak).ok();
    fs::create_dir_all(bak.join("blocker")).expect("mkdir");
    let err = store.add(&st, PATH, 2, "new").expect_err("the save fails");
    assert!(
        matches!(&err, StoreError::Io { path, .. } if *path == bak),
        "{err}"
    );
    assert_eq!(fs::read(&file).expect("reads"), before);
    let temps = fs::read_dir(dir.path().join("notes").join(TMP_DIR)).expect("temp folder");
    assert_eq!(temps.count(), 0, "the temp file is removed");
    assert!(
        store
            .notes_for(&st, PATH)
            .iter()
            .all(|n| n.note.text == "old")
    );
}

#[test]
fn a_held_lock_gives_an_error_naming_the_lock_and_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let notes = dir.path().join("notes");
    fs::create_dir_all(&notes).expect("mkdir");
    // Another process saving: the lock is held on another open file.
    let held = fs::File::create(notes.join(".lock")).expect("lock file");
    held.lock().expect("locks");
    let quick = Options {
        lock_wait: Duration::from_millis(50),
        ..Options::default()
    };
    let mut store = NoteStore::open_with(dir.path(), quick).expect("opens");
    let err = store.add(&st, PATH, 1, "waits").expect_err("locked");
    assert!(matches!(&err, StoreError::Locked { path, .. } if path.ends_with("notes/.lock")));
    let text = err.to_string();
    assert!(
        text.contains(".lock") && text.contains("try again"),
        "{text}"
    );
    assert!(!file_of(dir.path(), &st).exists(), "nothing was written");
    drop(held);
    store
        .add(&st, PATH, 1, "now")
        .expect("saves once the lock is free");
}

#[test]
fn a_damaged_file_is_a_typed_error_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    NoteStore::open(dir.path())
        .expect("opens")
        .add(&st, PATH, 1, "saved")
        .expect("adds");
    let file = file_of(dir.path(), &st);
    fs::write(&file, "{\n  \"version\": 1,\n  \"notes\": [oops]\n}\n").expect("damages");
    let mut store = NoteStore::open(dir.path()).expect("opens anyway");
    let problem = store.problems().first().expect("a problem").clone();
    assert_eq!(
        (problem.path.as_path(), problem.position),
        (file.as_path(), Some((3, 13)))
    );
    let err = store.add(&st, PATH, 2, "refused").expect_err("read-only");
    match &err {
        StoreError::ReadOnly {
            reason: ReadOnlyReason::Corrupt { path, line, .. },
            ..
        } => assert_eq!((path, *line), (&file, 3)),
        other => panic!("not a corrupt file's error: {other:?}"),
    }
    assert!(
        err.to_string().contains(&format!("{}:3:", file.display())),
        "{err}"
    );
    let untouched = fs::read_to_string(&file).expect("reads");
    assert!(
        untouched.contains("[oops]"),
        "a damaged file is never written"
    );
}
