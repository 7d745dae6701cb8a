//! The notes store under a sequence of operations decoded from the input: add, edit,
//! delete, restore (undo of a delete or an edit), re-attach, review marks, move-notes,
//! every export, reopen, and foreign bytes dropped into the notes folder as a notes file.
//!
//! Asserts: nothing panics; blank notes are refused; a note that an operation acknowledged
//! is found with its text, in memory and after reopening, until it is deleted; a deleted
//! note stays deleted; a notes file that is not JSON is reported with a position in
//! `problems()` and never overwritten; exports are valid JSON and list only stored notes.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use arbitrary::Arbitrary;
use demarche::model::anchor::{AnchorStatus, Anchoring, ParagraphIndex};
use demarche::model::export::{Export, Filter, StatementNotes};
use demarche::model::filter::ActorTagFilter;
use demarche::model::ingest::{digest_hex, ingest_bytes};
use demarche::model::notes::{Note, StatementKey};
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::{AnchoredNote, NoteStore, StoreError};
use demarche_fuzz::CONTEXT;
use libfuzzer_sys::fuzz_target;

/// Statements of our own making, at paths that exercise every way of identifying one:
/// the same text at two paths, a changed text at the same path, the same title and date
/// with another text, a bundled label, and one with neither title nor date.
const A: &str = "+++\ntitle = \"Statement on the visa facilitation vote\"\ndate = 2023-03-03\n+++\n\n\
The Ministry of Foreign Affairs of Arvenia welcomes the vote of the European Parliament.\n\n\
The agreement will make travel easier for students, researchers and families.\n\n\
The Ministry thanks the MEPs who supported it. #visa\n";
const A_EDITED: &str = "+++\ntitle = \"Statement on the visa facilitation vote\"\ndate = 2023-03-03\n+++\n\n\
The Ministry of Foreign Affairs of Arvenia welcomes the vote of the European Parliament.\n\n\
The agreement will make travel easier for students, researchers, journalists and families.\n\n\
The Ministry thanks the MEPs who supported it. #visa\n";
const B: &str = "+++\ntitle = \"Human Rights Day\"\ndate = 2023-12-10\n+++\n\n\
The Ombudsperson reminds the authorities of their obligations.\n\n\
Complaints can be sent to the office at any time.\n";
const B_OTHER: &str = "+++\ntitle = \"Human Rights Day\"\ndate = 2023-12-10\n+++\n\n\
A different text under the same title and date.\n";
const C: &str = "A short note from the press office, with no title and no date.\n";

static STATEMENTS: LazyLock<Vec<(Statement, &'static str)>> = LazyLock::new(|| {
    let st = |text: &str| {
        ingest_bytes(text.as_bytes(), "fz.md", SourceFormat::Markdown, &CONTEXT)
            .expect("our statements ingest")
    };
    vec![
        (st(A), "/fz-nonexistent/lib/a.md"),
        (st(A), "/fz-nonexistent/lib/moved-a.md"),
        (st(A_EDITED), "/fz-nonexistent/lib/a.md"),
        (st(B), "bundled:b.md"),
        (st(B_OTHER), "/fz-nonexistent/lib/b-copy.md"),
        (st(C), "/fz-nonexistent/lib/c.md"),
    ]
});

#[derive(Arbitrary, Debug)]
enum Op {
    Add {
        st: u8,
        paragraph: u8,
        text: String,
    },
    Edit {
        note: u8,
        text: String,
    },
    Delete {
        note: u8,
    },
    /// Puts back a note as returned by an earlier operation (undo of delete, edit, re-attach).
    Restore {
        version: u8,
    },
    /// Restores the store's own copy of a deleted note (undo from another process).
    RestoreKept {
        note: u8,
    },
    Reattach {
        note: u8,
        st: u8,
        paragraph: u8,
    },
    Review {
        st: u8,
        paragraph: u8,
        on: bool,
    },
    Move {
        from: u8,
        to: u8,
    },
    Export {
        tag: Option<String>,
        actor: Option<String>,
    },
    Reopen,
    /// Drops foreign bytes into the notes folder under a name not yet used: `fz-<n>.json`
    /// or, if `default_name`, the name the store would give statement `n`'s notes.
    Foreign {
        n: u8,
        default_name: bool,
        bytes: Vec<u8>,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// A file present before the store is first opened.
    before: Option<(bool, Vec<u8>)>,
    ops: Vec<Op>,
}

/// What the store acknowledged: live notes by id with their text, deleted ids, and every
/// version of a note an operation returned.
#[derive(Default)]
struct Model {
    live: BTreeMap<String, String>,
    deleted: BTreeSet<String>,
    versions: Vec<Note>,
    /// Foreign files that are not JSON at all: name → bytes, which must never change.
    corrupt: BTreeMap<PathBuf, Vec<u8>>,
}

fn pick<T>(v: &[T], i: u8) -> Option<&T> {
    (!v.is_empty()).then(|| &v[usize::from(i) % v.len()])
}

fn default_name(key: &StatementKey) -> String {
    let basis = if key.path.is_empty() {
        &key.id
    } else {
        &key.path
    };
    format!("{}.json", &digest_hex(basis)[..16])
}

fn drop_foreign(dir: &Path, name: &str, bytes: &[u8], model: &mut Model) {
    let notes = dir.join("notes");
    let path = notes.join(name);
    if path.exists() {
        return;
    }
    std::fs::create_dir_all(&notes).expect("notes folder");
    std::fs::write(&path, bytes).expect("write foreign file");
    if serde_json::from_slice::<serde_json::Value>(bytes).is_err() {
        model.corrupt.insert(path, bytes.to_vec());
    }
}

fn check(store: &NoteStore, model: &Model, after_open: bool) {
    for (id, text) in &model.live {
        let note = store
            .note(id)
            .unwrap_or_else(|| panic!("acknowledged note {id} lost (after open: {after_open})"));
        assert_eq!(&note.text, text, "note {id} has another text");
    }
    if after_open {
        let all: BTreeSet<&str> = store.all_notes().iter().map(|n| n.id.as_str()).collect();
        for id in &model.deleted {
            if !model.live.contains_key(id) {
                assert!(!all.contains(id.as_str()), "deleted note {id} came back");
            }
        }
        for path in model.corrupt.keys() {
            let p = store
                .problems()
                .iter()
                .find(|p| &p.path == path)
                .unwrap_or_else(|| {
                    panic!(
                        "corrupt {} not reported: {:?}",
                        path.display(),
                        store.problems()
                    )
                });
            assert!(
                p.position.is_some(),
                "a parse problem has a position: {p:?}"
            );
        }
    }
    for (path, bytes) in &model.corrupt {
        assert_eq!(
            &std::fs::read(path).expect("corrupt file kept"),
            bytes,
            "{} overwritten",
            path.display()
        );
    }
}

fn export(store: &NoteStore, filter: &Filter) {
    // As `demarche notes`/`export` with paths: statements read now.
    let mut items = Vec::new();
    let mut reviewed = Vec::new();
    for (st, rel) in STATEMENTS.iter() {
        let notes = store.notes_for(st, rel);
        if notes.is_empty() {
            continue;
        }
        items.push(StatementNotes {
            source: st.source.clone(),
            key: StatementKey::of(st, rel),
            statement: Some(st),
            notes,
        });
        reviewed.push(store.reviewed_for(st, rel));
    }
    // As without paths: every stored statement, read when we know it.
    for (key, notes) in store.statements() {
        let read = STATEMENTS
            .iter()
            .find(|(_, rel)| *rel == key.path)
            .map(|(st, _)| st);
        let index = read.map(ParagraphIndex::new);
        let anchored = notes
            .iter()
            .map(|n| AnchoredNote {
                anchoring: index.as_ref().map_or(
                    Anchoring {
                        status: AnchorStatus::Exact,
                        paragraph: Some(n.paragraph),
                        score: 1.0,
                    },
                    |ix| ix.anchor(&n.anchor, n.paragraph),
                ),
                note: n.clone(),
            })
            .collect();
        items.push(StatementNotes {
            source: key.path.clone(),
            key: key.clone(),
            statement: read,
            notes: anchored,
        });
        reviewed.push(Vec::new());
    }
    let ex = Export {
        items: &items,
        reviewed: &reviewed,
        filter,
    };
    let stored: BTreeSet<&str> = store.all_notes().iter().map(|n| n.id.as_str()).collect();
    let json = ex.json();
    for n in json.as_array().expect("notes JSON is an array") {
        let id = n["id"].as_str().expect("note id");
        assert!(
            stored.contains(id),
            "export lists a note the store does not hold: {id}"
        );
    }
    let _ = serde_json::to_string_pretty(&json).expect("JSON export serialises");
    let _ = serde_json::to_string_pretty(&ex.w3c()).expect("W3C export serialises");
    let _ = ex.csv();
    let _ = ex.markdown();
}

fuzz_target!(|input: Input| {
    let Ok(tmp) = tempfile::Builder::new()
        .prefix("demarche-fuzz-store")
        .tempdir_in(if Path::new("/dev/shm").is_dir() {
            "/dev/shm"
        } else {
            "/tmp"
        })
    else {
        return;
    };
    let dir = tmp.path();
    let mut model = Model::default();
    let statements = &*STATEMENTS;
    if let Some((as_default, bytes)) = &input.before {
        let name = if *as_default {
            default_name(&StatementKey::of(&statements[0].0, statements[0].1))
        } else {
            "fz-before.json".to_owned()
        };
        drop_foreign(dir, &name, bytes, &mut model);
    }
    let mut store = NoteStore::open(dir).expect("opening a readable folder succeeds");
    check(&store, &model, true);
    for op in input.ops.iter().take(48) {
        let ids: Vec<String> = model.live.keys().cloned().collect();
        match op {
            Op::Add {
                st,
                paragraph,
                text,
            } => {
                let (st, rel) = pick(statements, *st).expect("statements");
                let p = usize::from(*paragraph % 6);
                match store.add(st, rel, p, text) {
                    Ok(n) => {
                        assert!(!text.trim().is_empty(), "a blank note was accepted");
                        assert_eq!(&n.text, text);
                        model.live.insert(n.id.clone(), n.text.clone());
                        model.versions.push(n);
                    }
                    Err(StoreError::EmptyNote) => assert!(text.trim().is_empty()),
                    Err(e) => assert!(!text.trim().is_empty(), "blank note gave {e}"),
                }
            }
            Op::Edit { note, text } => {
                let Some(id) = pick(&ids, *note) else {
                    continue;
                };
                match store.edit(id, text) {
                    Ok(n) => {
                        assert!(!text.trim().is_empty(), "a blank edit was accepted");
                        assert_eq!(&n.text, text);
                        model.live.insert(n.id.clone(), n.text.clone());
                        model.versions.push(n);
                    }
                    Err(StoreError::EmptyNote) => assert!(text.trim().is_empty()),
                    Err(_) => {}
                }
            }
            Op::Delete { note } => {
                let Some(id) = pick(&ids, *note) else {
                    continue;
                };
                if let Ok(n) = store.delete(id) {
                    assert_eq!(&n.id, id);
                    model.live.remove(id);
                    model.deleted.insert(id.clone());
                    model.versions.push(n);
                }
            }
            Op::Restore { version } => {
                let Some(n) = pick(&model.versions, *version).cloned() else {
                    continue;
                };
                let (id, text) = (n.id.clone(), n.text.clone());
                if store.restore(n).is_ok() {
                    model.live.insert(id.clone(), text);
                    model.deleted.remove(&id);
                }
            }
            Op::RestoreKept { note } => {
                let gone: Vec<&String> = model.deleted.iter().collect();
                let Some(id) = pick(&gone, *note).map(|s| (*s).clone()) else {
                    continue;
                };
                let Some(n) = store.deleted_note(&id).cloned() else {
                    continue;
                };
                let text = n.text.clone();
                if store.restore(n).is_ok() {
                    model.live.insert(id.clone(), text);
                    model.deleted.remove(&id);
                }
            }
            Op::Reattach {
                note,
                st,
                paragraph,
            } => {
                let Some(id) = pick(&ids, *note) else {
                    continue;
                };
                let (st, rel) = pick(statements, *st).expect("statements");
                if let Ok(n) = store.reattach(id, st, rel, usize::from(*paragraph % 6)) {
                    assert_eq!(
                        Some(&n.text),
                        model.live.get(id),
                        "re-attach changed the text"
                    );
                    model.versions.push(n);
                }
            }
            Op::Review { st, paragraph, on } => {
                let (st, rel) = pick(statements, *st).expect("statements");
                let p = usize::from(*paragraph % 6);
                if store.set_reviewed(st, rel, p, *on).is_ok() {
                    assert_eq!(
                        store.reviewed_for(st, rel).contains(&p),
                        *on,
                        "review mark not applied"
                    );
                }
            }
            Op::Move { from, to } => {
                let (a, ra) = pick(statements, *from).expect("statements");
                let (b, rb) = pick(statements, *to).expect("statements");
                let _ = store.move_notes(&StatementKey::of(a, ra), &StatementKey::of(b, rb));
            }
            Op::Export { tag, actor } => {
                let tags: Vec<&str> = tag.as_deref().into_iter().collect();
                let actors: Vec<&str> = actor.as_deref().into_iter().collect();
                export(
                    &store,
                    &Filter {
                        select: ActorTagFilter::new(&actors, &tags),
                        since: None,
                    },
                );
                export(&store, &Filter::default());
            }
            Op::Reopen => {
                store = NoteStore::open(dir).expect("reopening succeeds");
                check(&store, &model, true);
            }
            Op::Foreign {
                n,
                default_name: as_default,
                bytes,
            } => {
                let name = if *as_default {
                    let (st, rel) = pick(statements, *n).expect("statements");
                    default_name(&StatementKey::of(st, rel))
                } else {
                    format!("fz-{}.json", n % 4)
                };
                drop_foreign(dir, &name, bytes, &mut model);
            }
        }
        check(&store, &model, false);
    }
    let store = NoteStore::open(dir).expect("reopening succeeds");
    check(&store, &model, true);
});
