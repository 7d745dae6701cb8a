//! The note store never loses notes: unknown fields, corrupt files, backups, I/O errors,
//! two writers.

use std::fs;
use std::path::{Path, PathBuf};

use demarche::model::anchor::AnchorStatus;
use demarche::model::ingest::{Context, digest_hex, ingest_bytes};
use demarche::model::notes::StatementKey;
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::{NoteStore, StoreError};
use serde_json::Value;

const TEXT: &str = "The Ministry of Foreign Affairs expresses its concern.\n\n\
We find it unacceptable that the European Parliament adopted the resolution.\n\n\
Kazakhstan remains open to dialogue with the European Union.";
const PATH: &str = "kz/statement.txt";

fn statement(text: &str) -> Statement {
    ingest_bytes(
        text.as_bytes(),
        PATH,
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("ingests")
}

/// The file a statement's notes get when first saved (see `src/store/format.rs`).
fn notes_file(data: &Path, rel_path: &str) -> PathBuf {
    let d = digest_hex(rel_path);
    data.join("notes").join(format!("{}.json", &d[..16]))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("reads")).expect("parses")
}

#[test]
fn unknown_fields_survive_load_and_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&st, PATH, 2, "first #timing").expect("saves");
    let file = notes_file(dir.path(), PATH);
    // A newer demarche added fields at the top level and inside notes.
    let mut doc = read_json(&file);
    doc["sync"] = serde_json::json!({"peer": "laptop", "rev": 7});
    doc["notes"][0]["colour"] = Value::from("amber");
    doc["reviewed"] = serde_json::json!([]);
    fs::write(&file, serde_json::to_vec_pretty(&doc).expect("encodes")).expect("writes");

    let mut store = NoteStore::open(dir.path()).expect("reopens");
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    store.add(&st, PATH, 3, "second").expect("saves");
    let after = read_json(&file);
    assert_eq!(after["sync"]["rev"], 7);
    assert_eq!(after["notes"][0]["colour"], "amber");
    assert_eq!(after["notes"].as_array().map(Vec::len), Some(2));
    assert_eq!(after["version"], 1);
}

#[test]
fn corrupt_file_is_never_overwritten_and_reports_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let file = notes_file(dir.path(), PATH);
    fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    let broken = b"{\n  \"version\": 1,\n  \"statement\": {\"id\": \"x\", \"path\": \"kz/statement.txt\"},\n  \"notes\": [ {\"id\": 3,, }\n";
    fs::write(&file, broken).expect("writes");

    let mut store = NoteStore::open(dir.path()).expect("open succeeds despite the corrupt file");
    assert_eq!(store.problems().len(), 1);
    let problem = store.problems()[0].to_string();
    assert!(
        problem.contains(&format!("{}:4:", file.display())),
        "{problem}"
    );
    assert_eq!(store.problems()[0].position.map(|p| p.0), Some(4));
    assert!(store.is_read_only(&StatementKey::of(&st, PATH)));
    let err = store.add(&st, PATH, 1, "lost?").expect_err("read-only");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains(&file.display().to_string()));
    assert_eq!(fs::read(&file).expect("reads"), broken);

    // Other statements stay writable.
    let other = statement("Another statement entirely.");
    store
        .add(&other, "other.txt", 1, "fine")
        .expect("other file writable");

    // The corrupt copy is made once, however often the store is opened.
    let _again = NoteStore::open(dir.path()).expect("reopens");
    let copies: Vec<_> = fs::read_dir(file.parent().expect("parent"))
        .expect("lists")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(copies.len(), 1);
    assert_eq!(fs::read(copies[0].path()).expect("reads"), broken);
    assert_eq!(fs::read(&file).expect("reads"), broken);
}

#[test]
fn newer_format_version_is_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&st, PATH, 1, "x").expect("saves");
    let file = notes_file(dir.path(), PATH);
    let mut doc = read_json(&file);
    doc["version"] = Value::from(2);
    fs::write(&file, serde_json::to_vec(&doc).expect("encodes")).expect("writes");
    let before = fs::read(&file).expect("reads");

    let mut store = NoteStore::open(dir.path()).expect("reopens");
    assert_eq!(store.problems().len(), 1);
    assert!(store.is_read_only(&StatementKey::of(&st, PATH)));
    assert_eq!(store.notes_for(&st, PATH).len(), 1, "still readable");
    assert!(store.add(&st, PATH, 2, "y").is_err());
    assert_eq!(fs::read(&file).expect("reads"), before);
}

#[test]
fn backup_exists_after_the_second_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&st, PATH, 1, "one").expect("saves");
    let file = notes_file(dir.path(), PATH);
    let bak = file.with_file_name(format!(
        "{}.bak",
        file.file_name().expect("name").to_string_lossy()
    ));
    assert!(!bak.exists());
    store.add(&st, PATH, 2, "two").expect("saves");
    assert_eq!(read_json(&bak)["notes"].as_array().map(Vec::len), Some(1));
    assert_eq!(read_json(&file)["notes"].as_array().map(Vec::len), Some(2));
}

/// True when the folder really refuses writes (not the case for root, who ignores modes).
fn refuses_writes(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let refused = fs::write(&probe, b"x").is_err();
    let _ = fs::remove_file(&probe);
    refused
}

#[test]
fn read_only_folder_gives_an_error_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store.add(&st, PATH, 1, "kept").expect("saves");
    let file = notes_file(dir.path(), PATH);
    let notes_dir = file.parent().expect("parent").to_path_buf();
    let before = fs::read(&file).expect("reads");
    fs::set_permissions(&notes_dir, fs::Permissions::from_mode(0o555)).expect("chmod");
    if refuses_writes(&notes_dir) {
        let err = store.add(&st, PATH, 2, "unsaved").expect_err("cannot save");
        assert!(
            err.to_string().contains(&notes_dir.display().to_string()),
            "{err}"
        );
        assert_eq!(fs::read(&file).expect("reads"), before);
        assert_eq!(
            store.notes_for(&st, PATH).len(),
            1,
            "in-memory change rolled back"
        );
    } else {
        eprintln!("skipped: running as a user who can write into a read-only folder");
    }
    fs::set_permissions(&notes_dir, fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn failed_save_rolls_back_and_keeps_the_old_file() {
    // Works for root too: a directory where the backup must go makes the save fail.
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let first = store.add(&st, PATH, 1, "kept").expect("saves");
    let file = notes_file(dir.path(), PATH);
    let bak = PathBuf::from(format!("{}.bak", file.display()));
    fs::create_dir_all(bak.join("blocker")).expect("mkdir");
    let before = fs::read(&file).expect("reads");

    let err = store.add(&st, PATH, 2, "unsaved").expect_err("fails");
    assert!(
        err.to_string().contains(&bak.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&file).expect("reads"), before);
    let now = store.notes_for(&st, PATH);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].note.id, first.id);
    let err = store.delete(&first.id).expect_err("fails too");
    assert!(matches!(err, StoreError::Io { .. }));
    assert_eq!(store.notes_for(&st, PATH).len(), 1, "delete rolled back");
    let leftovers: Vec<_> = fs::read_dir(file.parent().expect("parent").join(".tmp"))
        .expect("lists")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temp files removed after a failed save"
    );
}

#[test]
fn two_stores_adding_alternately_keep_every_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut a = NoteStore::open(dir.path()).expect("opens");
    let mut b = NoteStore::open(dir.path()).expect("opens");
    let mut ids = Vec::new();
    for i in 0..6 {
        let store = if i % 2 == 0 { &mut a } else { &mut b };
        ids.push(
            store
                .add(&st, PATH, 1 + i % 3, &format!("note {i}"))
                .expect("saves")
                .id,
        );
    }
    // b deletes one of a's notes; a edits one of b's notes it has seen.
    b.delete(&ids[0]).expect("deletes");
    a.edit(&ids[3], "note 3 edited #merged").expect("edits");
    let fresh = NoteStore::open(dir.path()).expect("reopens");
    let mut found: Vec<String> = fresh.all_notes().iter().map(|n| n.id.clone()).collect();
    found.sort();
    let mut expected: Vec<String> = ids[1..].to_vec();
    expected.sort();
    assert_eq!(found, expected, "every note except the deleted one");
    let edited = fresh.note(&ids[3]).expect("present");
    assert_eq!(edited.tags, vec!["merged"]);
    // Each store's own view includes what the other wrote before its last save.
    assert_eq!(a.all_notes().len(), 5);
    assert!(a.note(&ids[0]).is_none(), "a saw b's delete when it saved");
}

#[test]
fn delete_restore_edit_reattach_and_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let note = store.add(&st, PATH, 2, "See #Timing").expect("saves");
    assert_eq!(note.tags, vec!["timing"]);
    let gone = store.delete(&note.id).expect("deletes");
    assert!(store.notes_for(&st, PATH).is_empty());
    store.restore(gone).expect("undoes");
    let back = NoteStore::open(dir.path()).expect("reopens");
    assert_eq!(back.notes_for(&st, PATH)[0].note, {
        let mut n = note.clone();
        n.statement = back.notes_for(&st, PATH)[0].note.statement.clone();
        n
    });

    let edited = store.edit(&note.id, "Now #rebuttal").expect("edits");
    assert_eq!(edited.tags, vec!["rebuttal"]);
    assert!(edited.updated >= edited.created);

    store.set_reviewed(&st, PATH, 3, true).expect("marks");
    assert_eq!(store.reviewed_for(&st, PATH), vec![3]);

    // A paragraph is inserted at the top: the note moves, the review follows.
    let edited_text = format!("Press release.\n\n{TEXT}");
    let st2 = statement(&edited_text);
    let now = store.notes_for(&st2, PATH);
    assert_eq!(now[0].anchoring.status, AnchorStatus::Moved);
    assert_eq!(now[0].anchoring.paragraph, Some(3));
    assert_eq!(store.reviewed_for(&st2, PATH), vec![4]);
    store.set_reviewed(&st2, PATH, 4, false).expect("unmarks");
    assert!(store.reviewed_for(&st2, PATH).is_empty());

    // Re-attaching makes the anchor exact again on the new text.
    store.reattach(&note.id, &st2, PATH, 1).expect("reattaches");
    let now = store.notes_for(&st2, PATH);
    assert_eq!(now[0].anchoring.status, AnchorStatus::Exact);
    assert_eq!(now[0].anchoring.paragraph, Some(1));

    let out_of_range = store.add(&st2, PATH, 9, "nope").expect_err("out of range");
    assert!(out_of_range.to_string().contains(PATH));
}

/// A real file for statements whose identity depends on which files exist.
fn file_statement(dir: &Path, name: &str, text: &str) -> (Statement, String) {
    let path = dir.join(name);
    fs::write(&path, text).expect("writes");
    let st = statement(text);
    (st, demarche::store::key_path(&path))
}

#[test]
fn reattach_in_a_copy_leaves_the_original_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (orig, orig_path) = file_statement(dir.path(), "orig.txt", TEXT);
    let (copy, copy_path) = file_statement(dir.path(), "copy.txt", TEXT);
    let mut store = NoteStore::open(&dir.path().join("data")).expect("opens");
    let note = store
        .add(&orig, &orig_path, 3, "on the original")
        .expect("saves");
    assert!(
        store.notes_for(&copy, &copy_path).is_empty(),
        "a copy has no notes"
    );
    let before = store.all_notes().into_iter().cloned().collect::<Vec<_>>();

    let err = store
        .reattach(&note.id, &copy, &copy_path, 1)
        .expect_err("another statement's note");
    assert!(matches!(err, StoreError::OtherStatement { .. }), "{err}");
    let after = store.all_notes().into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(before, after);
    let reread = NoteStore::open(&dir.path().join("data")).expect("reopens");
    let on_orig = reread.notes_for(&orig, &orig_path);
    assert_eq!(on_orig.len(), 1);
    assert_eq!(on_orig[0].anchoring.paragraph, Some(3));
    assert_eq!(on_orig[0].anchoring.status, AnchorStatus::Exact);
}

#[test]
fn blank_notes_are_refused_on_add_and_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    for blank in ["", "   ", "\n\t \n"] {
        assert!(matches!(
            store.add(&st, PATH, 1, blank),
            Err(StoreError::EmptyNote)
        ));
    }
    let note = store.add(&st, PATH, 1, "kept").expect("saves");
    assert!(matches!(
        store.edit(&note.id, " "),
        Err(StoreError::EmptyNote)
    ));
    assert_eq!(store.note(&note.id).map(|n| n.text.as_str()), Some("kept"));
}

#[test]
fn a_deleted_note_stays_in_the_file_and_another_process_can_restore_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let st = statement(TEXT);
    let mut store = NoteStore::open(dir.path()).expect("opens");
    let note = store.add(&st, PATH, 2, "to delete").expect("saves");
    store.delete(&note.id).expect("deletes");
    let file = read_json(&notes_file(dir.path(), PATH));
    assert_eq!(file["notes"].as_array().map(Vec::len), Some(0));
    assert_eq!(file["deleted"][0]["note"]["text"], "to delete");
    assert!(file["deleted"][0]["deleted_at"].is_string());

    // A later run finds it among the deleted notes and puts it back where it was.
    let mut later = NoteStore::open(dir.path()).expect("reopens");
    let gone = later
        .deleted_note(&note.id)
        .cloned()
        .expect("kept for undo");
    later.restore(gone).expect("restores");
    let file = read_json(&notes_file(dir.path(), PATH));
    assert_eq!(file["notes"][0]["text"], "to delete");
    assert!(
        file.get("deleted").is_none(),
        "restored notes leave the trash"
    );
    assert_eq!(later.notes_for(&st, PATH).len(), 1);
}
