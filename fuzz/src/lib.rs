//! Checks shared by the fuzz targets: what "terminal safe" means for a statement and for
//! rendered output, written independently of `demarche::model::sanitize` so that the fuzzer
//! checks the sanitiser rather than trusting it.

use std::sync::{Arc, LazyLock};

use demarche::config::Config;
use demarche::model::actors::Gazetteer;
use demarche::model::ingest::Context;
use demarche::model::library::{Library, Source, Summary};
use demarche::model::statement::Statement;
use demarche::tui::event::{AppEvent, key};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use unicode_general_category::{GeneralCategory, get_general_category};

/// The default config's context, compiled once.
pub static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    Context::from_config(&Config::default()).expect("the default config compiles")
});

const fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{FE0F}')
}

fn is_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
    )
}

/// A ZWJ/ZWNJ between these two shapes a glyph or a word (the sanitiser's documented rule).
fn joins(prev: Option<char>, next: Option<char>) -> bool {
    match (prev, next) {
        (Some(p), Some(n)) => {
            (is_emoji(p) && is_emoji(n))
                || (p.is_alphabetic() && n.is_alphabetic())
                || (is_mark(p) && n.is_alphabetic())
        }
        _ => false,
    }
}

const fn is_tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

/// The first character of `s` that must not reach a terminal, with its char index: any
/// control (Cc) but `\n` if `newline_ok`, any format character (Cf: bidi controls,
/// zero-width characters...) except joiners inside words or emoji and tag characters of a
/// flag, and the line/paragraph separators.
#[must_use]
pub fn offending_strict(s: &str, newline_ok: bool) -> Option<(usize, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let allowed = match c {
            '\n' => newline_ok,
            '\u{2028}' | '\u{2029}' => false,
            '\u{200C}' | '\u{200D}' => joins(prev, next),
            '\u{E0020}'..='\u{E007F}' => prev.is_some_and(|p| p == '\u{1F3F4}' || is_tag(p)),
            _ => !matches!(
                get_general_category(c),
                GeneralCategory::Format | GeneralCategory::Control
            ),
        };
        (!allowed).then_some((i, c))
    })
}

/// Like [`offending_strict`] for rendered output, where wrapping or a cell grid may separate
/// a joiner from one of its neighbours: joiners and tag characters are allowed anywhere
/// there (the statement itself is checked strictly, and renderers add none).
#[must_use]
pub fn offending_rendered(s: &str) -> Option<(usize, char)> {
    s.chars().enumerate().find_map(|(i, c)| {
        let allowed = match c {
            '\n' => true,
            '\u{2028}' | '\u{2029}' => false,
            '\u{200C}' | '\u{200D}' => true,
            c if is_tag(c) => true,
            _ => !matches!(
                get_general_category(c),
                GeneralCategory::Format | GeneralCategory::Control
            ),
        };
        (!allowed).then_some((i, c))
    })
}

/// Removes the SGR sequences (`ESC [ digits/semicolons m`) a colour renderer writes; any
/// other escape is left in place for the checks to find.
#[must_use]
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let params = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b';')
            .count();
        if after.as_bytes().get(params) == Some(&b'm') {
            rest = &after[params + 1..];
        } else {
            // Not ours: keep the ESC so that it is reported.
            out.push('\x1b');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// Panics with a readable message if `s` holds something a terminal would act on.
pub fn assert_rendered_safe(what: &str, s: &str) {
    if let Some((i, c)) = offending_rendered(s) {
        let ctx: String = s.chars().skip(i.saturating_sub(20)).take(40).collect();
        panic!(
            "{what}: U+{:04X} at char {i} reaches the terminal: {ctx:?}",
            c as u32
        );
    }
}

/// The statement's invariants: every string taken from the document is terminal safe, a
/// paragraph is one line, mentions are in order, inside the paragraph, not overlapping, and
/// each one's char offsets slice to exactly its text.
pub fn check_statement(st: &Statement, gazetteer: &Gazetteer) {
    for (i, p) in st.paragraphs.iter().enumerate() {
        assert_eq!(p.index, i + 1, "paragraph numbering");
        assert!(
            !p.text.contains('\n'),
            "newline inside paragraph {}: {:?}",
            p.index,
            p.text
        );
        if let Some((at, c)) = offending_strict(&p.text, false) {
            panic!(
                "paragraph {}: U+{:04X} at char {at} is not terminal safe: {:?}",
                p.index, c as u32, p.text
            );
        }
        let chars: Vec<char> = p.text.chars().collect();
        let mut prev_end = 0;
        for m in &p.mentions {
            assert!(
                m.start < m.end && m.end <= chars.len(),
                "mention {m:?} outside paragraph {} ({} chars)",
                p.index,
                chars.len()
            );
            assert!(
                m.start >= prev_end,
                "mentions overlap or are out of order: {:?}",
                p.mentions
            );
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(
                slice, m.text,
                "mention offsets do not slice to the mention text in {:?}",
                p.text
            );
            assert!(
                gazetteer.actor(&m.actor).is_some(),
                "mention of unknown actor {m:?}"
            );
            prev_end = m.end;
        }
    }
    let m = &st.meta;
    for (what, v) in [
        ("title", &m.title),
        ("issuer", &m.issuer),
        ("place", &m.place),
    ] {
        if let Some(v) = v
            && let Some((at, c)) = offending_strict(v, false)
        {
            panic!(
                "{what}: U+{:04X} at char {at} is not terminal safe: {v:?}",
                c as u32
            );
        }
    }
    for r in &st.removed {
        if let Some((at, c)) = offending_strict(&r.text, false) {
            panic!(
                "removed line {}: U+{:04X} at {at}: {:?}",
                r.line, c as u32, r.text
            );
        }
    }
    for w in &st.warnings {
        assert_rendered_safe("warning", w);
    }
}

/// `show` as text, with colour (SGR sequences stripped) and without, at `width`.
pub fn check_text_render(st: &Statement, gazetteer: &Gazetteer, width: usize) {
    for color in [false, true] {
        let mut out = Vec::new();
        demarche::cli::render::write_statement_text(&mut out, st, gazetteer, width, color)
            .expect("writing to a Vec cannot fail");
        let text = String::from_utf8(out).expect("the text renderer writes UTF-8");
        let text = if color { strip_sgr(&text) } else { text };
        assert_rendered_safe(if color { "show (colour)" } else { "show" }, &text);
    }
    // Wrapped lines carry char offsets used to colour mentions: each must point at its line.
    for p in &st.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        for (start, line) in demarche::cli::render::wrap_with_offsets(&p.text, width) {
            let n = line.chars().count();
            let at: String = chars
                .get(start..start + n)
                .unwrap_or_default()
                .iter()
                .collect();
            assert_eq!(
                at, line,
                "wrap offset {start} does not point at its line in {:?}",
                p.text
            );
        }
    }
}

/// `show --format json`, exactly as the command writes it, and read back.
pub fn check_json(st: &Statement) {
    let mut out = Vec::new();
    serde_json::to_writer_pretty(&mut out, &demarche::cli::render::statement_json(st))
        .expect("statement JSON serialises");
    let text = String::from_utf8(out).expect("JSON is UTF-8");
    assert_rendered_safe("show --format json", &text);
    let back: serde_json::Value = serde_json::from_str(&text).expect("our JSON parses");
    let paras = back["paragraphs"].as_array().expect("paragraphs array");
    assert_eq!(paras.len(), st.paragraphs.len());
    for (j, p) in paras.iter().zip(&st.paragraphs) {
        assert_eq!(j["text"].as_str(), Some(p.text.as_str()));
    }
}

/// The reader: the statement drawn in the list and opened, at `w`×`h`, with and without
/// colour, then scrolled to the end. No cell may hold anything a terminal would act on.
pub fn check_reader(st: &Statement, w: u16, h: u16) {
    check_reader_with(st, &CONTEXT, &Config::default(), w, h);
}

/// [`check_reader`] with a given context and config.
pub fn check_reader_with(st: &Statement, ctx: &Context, config: &Config, w: u16, h: u16) {
    for color in [true, false] {
        let library = Library {
            sources: vec![Source::Bundled {
                name: "fuzz.txt",
                bytes: b"",
            }],
            ..Library::default()
        };
        let Ok(mut app) = demarche::tui::build_app(library, ctx.clone(), config, color) else {
            return;
        };
        app.set_summary(0, Ok(Summary::of(st)));
        let _ = app.summaries_changed();
        app.preload(0, Arc::new(st.clone()));
        app.dispatch(&AppEvent::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        draw_and_check(&mut term, &app, "list");
        app.dispatch(&key(KeyCode::Enter));
        draw_and_check(&mut term, &app, "reading view");
        app.dispatch(&key(KeyCode::Char('G')));
        app.dispatch(&key(KeyCode::Char('j')));
        draw_and_check(&mut term, &app, "reading view, end");
    }
}

fn draw_and_check(term: &mut Terminal<TestBackend>, app: &demarche::tui::app::App, what: &str) {
    term.draw(|f| demarche::tui::panes::draw(f, app))
        .expect("draw");
    let buf = term.backend().buffer();
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        assert_rendered_safe(&format!("reader {what}, row {y}"), &row);
    }
}
