//! Note store speed with a large store: 10,000 statements × 5 paragraphs, 50,000 notes.
//! (a) `NoteStore::open` + anchoring every note against its statement (1 in 10 statements
//! has an edited paragraph, so the fuzzy path runs too); (b) one `add` (one save).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::notes::{Note, StatementKey};
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::NoteStore;

const STATEMENTS: usize = 10_000;
const PARAGRAPHS: usize = 5;

fn text(i: usize, edited: bool) -> String {
    (1..=PARAGRAPHS)
        .map(|j| {
            let verb = if edited && j == 3 { "regrets" } else { "notes" };
            format!(
                "Statement {i}, paragraph {j}: the Ministry of Foreign Affairs {verb} the resolution \
                 of the European Parliament number {} and calls for dialogue on issue {j}.",
                i * 7 + j
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn statement(i: usize, edited: bool) -> Statement {
    let path = format!("lib/{i:05}.txt");
    ingest_bytes(
        text(i, edited).as_bytes(),
        &path,
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("ingests")
}

/// Writes the store files directly (one per statement, 5 notes each): 50,000 saves through
/// the API would take minutes of fsyncs and measure nothing of interest here.
fn build_store(data: &Path, originals: &[Statement]) {
    let dir = data.join("notes");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (i, st) in originals.iter().enumerate() {
        let path = format!("lib/{i:05}.txt");
        let notes: Vec<Note> = (1..=PARAGRAPHS)
            .map(|p| Note::new(st, &path, p, &format!("note {i}/{p} #bench")).expect("in range"))
            .collect();
        let doc = serde_json::json!({
            "version": 1,
            "statement": StatementKey::of(st, &path),
            "notes": notes,
            "reviewed": [],
        });
        std::fs::write(
            dir.join(format!("{i:016x}.json")),
            serde_json::to_vec_pretty(&doc).expect("encodes"),
        )
        .expect("writes");
    }
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let originals: Vec<Statement> = (0..STATEMENTS).map(|i| statement(i, false)).collect();
    build_store(tmp.path(), &originals);
    let current: Vec<(Statement, String)> = (0..STATEMENTS)
        .map(|i| (statement(i, i % 10 == 0), format!("lib/{i:05}.txt")))
        .collect();

    let mut group = c.benchmark_group("notes");
    group.sample_size(10);
    group.bench_function("open_and_anchor_50k_notes", |b| {
        b.iter(|| {
            let store = NoteStore::open(tmp.path()).expect("opens");
            let mut anchored = 0;
            for (st, path) in &current {
                anchored += store.notes_for(st, path).len();
            }
            assert_eq!(anchored, STATEMENTS * PARAGRAPHS);
            black_box(anchored)
        });
    });
    let store = NoteStore::open(tmp.path()).expect("opens");
    let started = std::time::Instant::now();
    let mut anchored = 0;
    for (st, path) in &current {
        anchored += black_box(store.notes_for(st, path)).len();
    }
    eprintln!(
        "anchoring alone ({anchored} notes, store already open): {:?}",
        started.elapsed()
    );

    let mut store = store;
    let mut n = 0usize;
    group.sample_size(50);
    group.bench_function("add_one_note_in_50k_store", |b| {
        b.iter(|| {
            let (st, path) = &current[n % STATEMENTS];
            n += 1;
            black_box(
                store
                    .add(st, path, 1 + n % PARAGRAPHS, "one more #bench")
                    .expect("saves"),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
