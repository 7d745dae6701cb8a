//! Screens of the reader drawn into ratatui's `TestBackend`: one snapshot per pane at
//! 80×24 and 200×50, colours checked cell by cell, and every size from 1×1 to 30×12
//! drawn without a panic or a control character on screen.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use common::{app, app_with, keys, type_text};
use demarche::config::Config;
use demarche::tui::app::{App, Popup};
use demarche::tui::panes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn screen(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| panes::draw(f, app)).unwrap();
    t
}

/// Draws one pane alone over the whole screen.
fn pane(
    w: u16,
    h: u16,
    draw: impl Fn(Rect, &mut ratatui::buffer::Buffer),
) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| {
        let area = f.area();
        draw(area, f.buffer_mut());
    })
    .unwrap();
    t
}

/// The MFA statement open at ¶3, with a search for "parliament".
fn reading(w: u16, h: u16) -> App {
    let mut a = app(w, h);
    keys(&mut a, "j enter j j /");
    type_text(&mut a, "parliament");
    keys(&mut a, "enter");
    keys(&mut a, "k");
    a
}

#[test]
fn list_pane() {
    for (w, h) in SIZES {
        let a = app(w, h);
        let t = pane(w, h, |r, b| panes::list::render(&a, r, b));
        insta::assert_snapshot!(format!("list_{w}x{h}"), t.backend());
    }
}

#[test]
fn reader_pane() {
    for (w, h) in SIZES {
        let a = reading(w, h);
        let t = pane(w, h, |r, b| panes::reader::render(&a, r, b));
        insta::assert_snapshot!(format!("reader_{w}x{h}"), t.backend());
    }
}

#[test]
fn reader_pane_with_removed_lines() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "j enter x");
        let t = pane(w, h, |r, b| panes::reader::render(&a, r, b));
        insta::assert_snapshot!(format!("reader_removed_{w}x{h}"), t.backend());
    }
}

#[test]
fn notes_pane() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "j enter j");
        let t = pane(w, h, |r, b| panes::notes::render(&a, r, b));
        insta::assert_snapshot!(format!("notes_{w}x{h}"), t.backend());
    }
}

#[test]
fn notes_pane_without_notes_hints_the_key() {
    let a = app(80, 24);
    let t = pane(40, 10, |r, b| panes::notes::render(&a, r, b));
    let text = t.backend().to_string();
    assert!(text.contains("Press a to add"), "{text}");
}

#[test]
fn status_bar() {
    for (w, h) in SIZES {
        let a = reading(w, h);
        let t = pane(w, 1, |r, b| panes::status::render(&a, r, b));
        insta::assert_snapshot!(format!("status_{w}x{h}"), t.backend());
    }
}

#[test]
fn help_window() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "?");
        let t = screen(&a, w, h);
        insta::assert_snapshot!(format!("help_{w}x{h}"), t.backend());
    }
}

#[test]
fn library_search_concordance() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "S");
        type_text(&mut a, "parliament");
        keys(&mut a, "enter j");
        let t = screen(&a, w, h);
        insta::assert_snapshot!(format!("concordance_{w}x{h}"), t.backend());
    }
}

#[test]
fn filter_prompt() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "f");
        type_text(&mut a, "@ombuds kaz");
        let t = screen(&a, w, h);
        insta::assert_snapshot!(format!("filter_{w}x{h}"), t.backend());
    }
}

#[test]
fn whole_screen_reading() {
    for (w, h) in SIZES {
        let a = reading(w, h);
        let t = screen(&a, w, h);
        insta::assert_snapshot!(format!("screen_{w}x{h}"), t.backend());
    }
}

#[test]
fn help_lists_remapped_keys() {
    let mut cfg = Config::default();
    cfg.keys.insert("next".into(), vec!["ctrl-n".into()]);
    let mut a = app_with(&cfg, 120, 60, true);
    keys(&mut a, "?");
    let text = screen(&a, 120, 60).backend().to_string();
    assert!(text.contains("Ctrl-n"), "{text}");
    assert!(text.contains("next item (list: statement; reader: paragraph)"));
    assert!(!text.contains("j / ↓"), "{text}");
}

#[test]
fn actors_and_matches_are_coloured() {
    let a = reading(200, 50);
    let t = screen(&a, 200, 50);
    let buf = t.backend().buffer();
    let area = buf.area;
    let mut blue = 0;
    let mut search = 0;
    let mut green = 0;
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buf[(x, y)];
            if c.fg == Color::Blue {
                blue += 1;
            }
            if c.fg == Color::Green {
                green += 1;
            }
            if c.bg == Color::Yellow {
                search += 1;
            }
        }
    }
    assert!(blue > 0, "European Parliament in blue");
    assert!(green > 0, "Ministry in green");
    assert!(search >= "parliament".len(), "search matches highlighted");
}

#[test]
fn no_color_uses_attributes_only() {
    let mut a = app_with(&Config::default(), 200, 50, false);
    keys(&mut a, "j enter /");
    type_text(&mut a, "parliament");
    keys(&mut a, "enter");
    let t = screen(&a, 200, 50);
    let buf = t.backend().buffer();
    let mut reversed = 0;
    for cell in buf.content() {
        assert!(matches!(cell.fg, Color::Reset), "{cell:?}");
        assert!(matches!(cell.bg, Color::Reset), "{cell:?}");
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(reversed > 0);
}

/// Every state worth drawing small.
fn states(w: u16, h: u16) -> Vec<App> {
    let mut out = vec![app(w, h)];
    let mut a = reading(w, h);
    keys(&mut a, "x ] c");
    out.push(a);
    let mut a = app(w, h);
    keys(&mut a, "?");
    out.push(a);
    let mut a = app(w, h);
    keys(&mut a, "f");
    type_text(&mut a, "a very long filter text that will not fit at all");
    out.push(a);
    let mut a = app(w, h);
    keys(&mut a, "enter tab t");
    out.push(a);
    out
}

#[test]
fn every_small_size_draws_cleanly() {
    // The same apps go through every size, which also exercises resizing.
    let mut apps = states(30, 12);
    let mut t = Terminal::new(TestBackend::new(30, 12)).unwrap();
    for w in 1..=30u16 {
        for h in 1..=12u16 {
            t.backend_mut().resize(w, h);
            t.autoresize().unwrap();
            for a in &mut apps {
                a.dispatch(&demarche::tui::event::AppEvent::Resize(w, h));
                t.draw(|f| panes::draw(f, a)).unwrap();
                for cell in t.backend().buffer().content() {
                    let sym = cell.symbol();
                    assert!(
                        !sym.chars().any(demarche::tui::panes::is_unsafe),
                        "{w}x{h}: unsafe char in {sym:?} (help open: {:?})",
                        a.popup.as_ref().map(|p| matches!(p, Popup::Help { .. }))
                    );
                }
                assert_eq!(t.backend().buffer().area, Rect::new(0, 0, w, h));
            }
        }
    }
}

#[test]
fn emoji_and_words_joined_by_zero_width_joiners_draw_whole() {
    let mut a = app(80, 24);
    keys(&mut a, "enter");
    let mut st = (*a.doc.as_ref().unwrap().st).clone();
    st.paragraphs[0].text = "A family 👩\u{200D}👩\u{200D}👦 and می\u{200C}خواهم here.".into();
    st.paragraphs[0].mentions.clear();
    let src = a.doc.as_ref().unwrap().source;
    a.show(src, std::sync::Arc::new(st));
    let t = screen(&a, 80, 24);
    let shown = t.backend().to_string();
    assert!(!shown.contains('\u{FFFD}'), "{shown}");
    let joiners = t
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.symbol().contains('\u{200D}') || c.symbol().contains('\u{200C}'))
        .count();
    assert!(
        joiners >= 1,
        "the joiners reach the terminal inside their clusters"
    );
}

#[test]
fn a_statement_with_control_characters_draws_inert() {
    let mut a = app(80, 24);
    keys(&mut a, "enter");
    let mut st = (*a.doc.as_ref().unwrap().st).clone();
    st.paragraphs[0].text = "Bell\u{7} and escape \u{1b}[2J and bidi \u{202e}txet".into();
    st.paragraphs[0].mentions.clear();
    st.meta.title = Some("Title\u{1b}]0;pwned\u{7}".into());
    let src = a.doc.as_ref().unwrap().source;
    a.show(src, std::sync::Arc::new(st));
    let t = screen(&a, 80, 24);
    for cell in t.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(demarche::tui::panes::is_unsafe),
            "{:?}",
            cell.symbol()
        );
    }
    assert!(t.backend().to_string().contains("escape �[2J"));
}
