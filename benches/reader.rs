//! Responsiveness of the reader on a 5 MB statement at 200×50: a frame after `j`, and a
//! frame after a resize (which re-lays out the text).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use demarche::config::Config;
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::library::{Library, Source};
use demarche::model::statement::SourceFormat;
use demarche::tui::event::{AppEvent, key};
use demarche::tui::panes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const SENTENCES: [&str; 8] = [
    "The Ministry of Foreign Affairs of the Republic of Kazakhstan believes that the resolution is biased.",
    "Members of the European Parliament had not requested any clarification from Kazakh officials.",
    "The Human Rights Ombudsperson informed us that the authors of the resolution did not contact them.",
    "We find it unacceptable that a document of this nature has been adopted before the findings.",
    "The results of the official investigation will be openly shared with the international community.",
    "MEPs and the Parliament's political groups are invited to a direct dialogue with civil society.",
    "The Foreign Ministry reiterates its commitment to human rights and the rule of law.",
    "Der Ombudsman und das Europäische Parlament — Уполномоченный по правам человека — МИД.",
];

/// About 5 MB of text: paragraphs of 3 to 9 varied sentences.
fn big_statement() -> String {
    let mut text = String::with_capacity(5_300_000);
    let mut i = 0usize;
    while text.len() < 5_000_000 {
        let n = 3 + (i * 7) % 7;
        for k in 0..n {
            text.push_str(SENTENCES[(i * 3 + k * 5) % SENTENCES.len()]);
            text.push(if k % 4 == 3 { '\n' } else { ' ' });
        }
        text.push_str(&format!("(paragraph {i})\n\n"));
        i += 1;
    }
    text
}

fn setup() -> (demarche::tui::app::App, Terminal<TestBackend>) {
    let config = Config::default();
    let ctx = Context::from_config(&config).expect("default config compiles");
    let text = big_statement();
    let st = ingest_bytes(text.as_bytes(), "big.txt", SourceFormat::Text, &ctx).expect("ingests");
    let bytes: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
    let library = Library {
        sources: vec![Source::Bundled {
            name: "big.txt",
            bytes,
        }],
        ..Library::default()
    };
    let mut app = demarche::tui::build_app(library, ctx, &config, true).expect("app");
    app.preload(0, Arc::new(st));
    app.dispatch(&AppEvent::Resize(200, 50));
    app.dispatch(&key(KeyCode::Enter));
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    term.draw(|f| panes::draw(f, &app)).expect("draw");
    (app, term)
}

fn bench(c: &mut Criterion) {
    let (mut app, mut term) = setup();
    let paragraphs = app.doc.as_ref().map_or(0, |d| d.len());
    eprintln!("statement: {paragraphs} paragraphs");
    c.bench_function("key_j_then_frame_200x50", |b| {
        b.iter(|| {
            if app.doc.as_ref().is_some_and(|d| d.cur + 1 >= d.len()) {
                app.dispatch(&key(KeyCode::Char('g')));
            }
            app.dispatch(&key(KeyCode::Char('j')));
            term.draw(|f| panes::draw(f, black_box(&app)))
                .expect("draw");
        });
    });
    // Somewhere in the middle, then alternate between two widths so every resize re-wraps.
    app.dispatch(&key(KeyCode::Char('G')));
    let mut wide = false;
    c.bench_function("resize_rewrap_then_frame_200x50", |b| {
        b.iter(|| {
            wide = !wide;
            let w = if wide { 200 } else { 160 };
            app.dispatch(&AppEvent::Resize(w, 50));
            term.backend_mut().resize(w, 50);
            term.autoresize().expect("resize");
            term.draw(|f| panes::draw(f, black_box(&app)))
                .expect("draw");
        });
    });
    let doc = app.doc.as_ref().expect("open");
    c.bench_function("wrap_whole_statement_for_reference", |b| {
        b.iter(|| {
            let n: usize = doc
                .st
                .paragraphs
                .iter()
                .map(|p| demarche::tui::wrap::wrap_offsets(&p.text, 88).len())
                .sum();
            black_box(n)
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
