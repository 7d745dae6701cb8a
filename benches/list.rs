//! The statement list of a 100,000-statement library: re-sorting after a batch of summaries
//! arrives (the indexer's cadence) and re-filtering on a keystroke (target: both well under
//! a frame's 16 ms, so keys answer while indexing runs).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use demarche::model::library::{Library, Source, Summary};
use demarche::model::statement::Metadata;
use demarche::tui::list_view::{ListView, SortKey};
use demarche::tui::notes_source::NoNotes;

const STATEMENTS: usize = 100_000;

/// A list of `STATEMENTS` indexed entries with varied titles, issuers and dates (several
/// statements per day, so that ties are broken by title).
fn list(sort: SortKey) -> ListView {
    let library = Library {
        sources: (0..STATEMENTS)
            .map(|i| Source::Bundled {
                name: Box::leak(format!("s{i}.txt").into_boxed_str()),
                bytes: b"",
            })
            .collect(),
        ..Library::default()
    };
    let mut list = ListView::new(&library, sort);
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    for (i, e) in list.entries.iter_mut().enumerate() {
        let meta = Metadata {
            title: Some(format!(
                "Statement {} on the situation in region {}",
                i % 977,
                i % 31
            )),
            issuer: Some(format!(
                "Ministry of Foreign Affairs of Country {}",
                i % 193
            )),
            date: start.checked_add_days(chrono::Days::new((i / 7) as u64)),
            ..Metadata::default()
        };
        let summary = Summary {
            id: format!("{i:064x}"),
            source: format!("s{i}.txt"),
            meta,
            paragraphs: 10,
            actors: vec![("Ministry".to_owned(), 2)],
            warnings: 0,
            provenance: Box::default(),
            opening: None,
            speaker: None,
            classes: vec!["national".to_owned()],
            countries: Vec::new(),
            speaker_country_unsaid: None,
        };
        e.set_summary(Ok(summary), format!("s{i}.txt"));
    }
    list
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("list");
    let mut by_date = list(SortKey::Date);
    g.bench_function("re-sort 100k by date", |b| {
        b.iter(|| {
            by_date.refresh(&NoNotes);
            black_box(by_date.order.len())
        });
    });
    let mut filtered = list(SortKey::Date);
    filtered.filter = "region 7".to_owned();
    g.bench_function("filter keystroke over 100k", |b| {
        b.iter(|| {
            filtered.refresh(&NoNotes);
            black_box(filtered.order.len())
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
