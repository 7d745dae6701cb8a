//! The reader's `update` without a terminal: apply keys and actions, check the state.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use common::{app, app_with, keys, type_text};
use demarche::config::Config;
use demarche::tui::action::Action;
use demarche::tui::app::Popup;
use demarche::tui::doc::Row;
use demarche::tui::event::{AppEvent, ScriptedSource};
use demarche::tui::layout::Focus;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

fn open_title(app: &demarche::tui::app::App) -> String {
    app.doc
        .as_ref()
        .and_then(|d| d.st.meta.title.clone())
        .unwrap_or_default()
}

#[test]
fn list_is_sorted_newest_first_and_previews_the_selection() {
    let mut a = app(120, 40);
    assert_eq!(a.focus, Focus::List);
    assert_eq!(open_title(&a), "Ombudsperson on the January events");
    keys(&mut a, "j");
    assert_eq!(
        open_title(&a),
        "Statement of the Ministry of Foreign Affairs"
    );
    keys(&mut a, "G");
    assert_eq!(open_title(&a), "Resolution on Kazakhstan");
    keys(&mut a, "g");
    assert_eq!(a.list.selected, 0);
    assert_eq!(a.focus, Focus::List, "previewing does not move the focus");
}

#[test]
fn sort_key_cycles_through_title_and_issuer() {
    let mut a = app(120, 40);
    keys(&mut a, "s");
    let titles: Vec<String> = a
        .list
        .order
        .iter()
        .map(|&i| a.list.entries[i].title().to_owned())
        .collect();
    assert_eq!(
        titles,
        [
            "Ombudsperson on the January events",
            "Resolution on Kazakhstan",
            "Statement of the Ministry of Foreign Affairs"
        ]
    );
    keys(&mut a, "s");
    let first = a.list.order[0];
    assert_eq!(
        a.list.entries[first]
            .summary()
            .unwrap()
            .meta
            .issuer
            .as_deref(),
        Some("European Parliament")
    );
    keys(&mut a, "s");
    assert_eq!(a.list.sort.label(), "date");
}

#[test]
fn enter_opens_and_j_moves_by_paragraph() {
    let mut a = app(120, 40);
    keys(&mut a, "j enter");
    assert_eq!(a.focus, Focus::Reader);
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.cur, 0);
    keys(&mut a, "j j");
    assert_eq!(a.doc.as_ref().unwrap().cur, 2);
    keys(&mut a, "k");
    assert_eq!(a.doc.as_ref().unwrap().cur, 1);
    keys(&mut a, "G");
    assert_eq!(a.doc.as_ref().unwrap().cur, 4);
    keys(&mut a, "j");
    assert_eq!(
        a.doc.as_ref().unwrap().cur,
        4,
        "stops at the last paragraph"
    );
    keys(&mut a, "g");
    assert_eq!(a.doc.as_ref().unwrap().cur, 0);
}

#[test]
fn site_chrome_arriving_late_keeps_the_reader_in_place() {
    // The background indexer may deliver the library's site chrome while someone reads; the
    // open statement is cleaned again but the reader stays on its paragraph.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Statement of the Ministry\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n",
    )
    .unwrap();
    let lib = demarche::model::library::Library::from_paths(&[dir.path().to_path_buf()]).unwrap();
    let ctx = demarche::model::ingest::Context::default();
    let mut a =
        demarche::tui::build_app(lib, ctx, &demarche::config::Config::default(), false).unwrap();
    a.dispatch(&demarche::tui::event::AppEvent::Resize(120, 40));
    demarche::tui::index::index_now(&mut a, 3);
    keys(&mut a, "enter j j");
    assert_eq!(a.focus, Focus::Reader);
    assert_eq!(a.doc.as_ref().unwrap().cur, 2);
    let mut chrome = rustc_hash::FxHashSet::default();
    chrome.insert(demarche::model::words::folded_hash("some site menu"));
    let fx = a.set_chrome(chrome);
    a.perform(fx);
    assert_eq!(a.focus, Focus::Reader);
    assert_eq!(open_title(&a), "Statement of the Ministry");
    assert_eq!(
        a.doc.as_ref().unwrap().cur,
        2,
        "the reader stays on its paragraph"
    );
}

#[test]
fn summaries_arriving_late_never_swap_the_open_statement() {
    // Before indexing the list is in file order (a, b); once dated, b (newer) sorts first.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Statement of the Ministry\nArvena, 3 January 2020\n\nOne.\n\nTwo.\n\nThree.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Statement of the Ombudsperson\nArvena, 5 May 2024\n\nUno.\n\nDos.\n",
    )
    .unwrap();
    let lib = demarche::model::library::Library::from_paths(&[dir.path().to_path_buf()]).unwrap();
    let ctx = demarche::model::ingest::Context::default();
    let mut a =
        demarche::tui::build_app(lib, ctx, &demarche::config::Config::default(), false).unwrap();
    a.dispatch(&demarche::tui::event::AppEvent::Resize(120, 40));
    keys(&mut a, "enter j");
    assert_eq!(open_title(&a), "Statement of the Ministry");
    assert_eq!(a.doc.as_ref().unwrap().cur, 1);
    demarche::tui::index::index_now(&mut a, 3);
    assert_eq!(
        open_title(&a),
        "Statement of the Ministry",
        "the open statement stays"
    );
    assert_eq!(
        a.doc.as_ref().unwrap().cur,
        1,
        "and so does the reader's place"
    );
    keys(&mut a, "j");
    assert_eq!(a.doc.as_ref().unwrap().cur, 2);
}

#[test]
fn paging_scrolls_a_short_window() {
    // 12 rows leave only a few text rows in the reader.
    let mut a = app(70, 12);
    keys(&mut a, "j enter");
    let h = a.page_height();
    assert!(h < 8, "{h}");
    keys(&mut a, "space");
    let d = a.doc.as_ref().unwrap();
    assert!(d.top.para > 0 || d.top.row > 0, "{:?}", d.top);
    assert!(d.cur > 0);
    keys(&mut a, "pageup pageup");
    assert_eq!(a.doc.as_ref().unwrap().cur, 0);
    keys(&mut a, "ctrl-d");
    assert!(a.doc.as_ref().unwrap().top > demarche::tui::doc::Pos::default());
    keys(&mut a, "G");
    // The last paragraph's text is on screen.
    let d = a.doc.as_ref().unwrap();
    let rows = d.visible_rows(h);
    assert!(
        rows.iter().any(|r| matches!(r, Row::Text { para: 4, .. })),
        "{rows:?}"
    );
}

#[test]
fn search_finds_every_match_and_n_cycles() {
    let mut a = app(120, 40);
    keys(&mut a, "j enter /");
    assert!(matches!(a.popup, Some(Popup::Prompt(_))));
    type_text(&mut a, "parliament");
    keys(&mut a, "enter");
    assert!(a.popup.is_none());
    let d = a.doc.as_ref().unwrap();
    let s = d.search.as_ref().unwrap();
    // ¶1, ¶3 twice ("European Parliament", "Parliament's"), ¶5.
    assert_eq!(s.matches.len(), 4);
    assert_eq!(s.current, Some(0));
    keys(&mut a, "n n");
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.search.as_ref().unwrap().current, Some(2));
    assert_eq!(d.cur, 2);
    keys(&mut a, "n");
    assert_eq!(a.doc.as_ref().unwrap().cur, 4);
    keys(&mut a, "n");
    assert_eq!(a.doc.as_ref().unwrap().cur, 0, "wraps around");
    keys(&mut a, "N");
    assert_eq!(a.doc.as_ref().unwrap().cur, 4);
    keys(&mut a, "esc");
    assert!(a.doc.as_ref().unwrap().search.is_none());
}

#[test]
fn search_without_match_says_so() {
    let mut a = app(120, 40);
    keys(&mut a, "enter /");
    type_text(&mut a, "zebra");
    keys(&mut a, "enter");
    assert!(a.message.as_ref().unwrap().text.contains("no match"));
}

#[test]
fn filter_narrows_by_class_and_country() {
    let mut a = app(120, 40);
    keys(&mut a, "f");
    type_text(&mut a, "@country:kz");
    keys(&mut a, "enter");
    // Only the Kazakh ministry's statement names an actor of Kazakhstan (its speaker).
    assert_eq!(a.list.order.len(), 1);
    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@country:kazakhstan");
    keys(&mut a, "enter");
    assert_eq!(a.list.order.len(), 1, "a country by its name");
    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@class:eu");
    keys(&mut a, "enter");
    assert_eq!(
        a.list.order.len(),
        2,
        "the statements naming the European Parliament"
    );
    // Counter-examples: no statement names a UN body or a country not there.
    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@class:un");
    keys(&mut a, "enter");
    assert_eq!(a.list.order.len(), 0);
    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@country:fr");
    keys(&mut a, "enter");
    assert_eq!(a.list.order.len(), 0);
}

#[test]
fn filter_narrows_by_word_actor_and_tag() {
    let mut a = app(120, 40);
    keys(&mut a, "/");
    assert!(
        matches!(&a.popup, Some(Popup::Prompt(p)) if p.kind == demarche::tui::app::PromptKind::Filter)
    );
    type_text(&mut a, "kazakhstan");
    assert_eq!(a.list.order.len(), 2, "filters as you type");
    keys(&mut a, "enter");
    assert_eq!(a.list.filter, "kazakhstan");

    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@ombuds");
    keys(&mut a, "enter");
    // The MFA and Ombudsperson statements mention the Ombudsperson; the EP one mentions
    // the Commissioner for Human Rights, an alias of the same actor.
    assert_eq!(a.list.order.len(), 3);

    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "@european-parliament");
    keys(&mut a, "enter");
    assert_eq!(a.list.order.len(), 2);

    keys(&mut a, "f ctrl-u");
    type_text(&mut a, "#timing");
    keys(&mut a, "enter");
    assert_eq!(a.list.order.len(), 1);
    assert_eq!(
        open_title(&a),
        "Statement of the Ministry of Foreign Affairs"
    );

    keys(&mut a, "f ctrl-u enter");
    assert_eq!(a.list.order.len(), 3);
}

#[test]
fn tab_cycles_the_panes_and_shift_tab_goes_back() {
    let mut a = app(120, 40);
    keys(&mut a, "tab");
    assert_eq!(a.focus, Focus::Reader);
    keys(&mut a, "tab");
    assert_eq!(a.focus, Focus::Notes);
    keys(&mut a, "tab");
    assert_eq!(a.focus, Focus::List);
    keys(&mut a, "shift-tab");
    assert_eq!(a.focus, Focus::Notes);
}

#[test]
fn notes_pane_folds_on_narrow_terminals_and_t_unfolds_it() {
    let mut a = app(80, 24);
    assert!(a.panes().notes.is_none());
    keys(&mut a, "tab tab");
    assert_eq!(a.focus, Focus::List, "the folded pane is skipped");
    keys(&mut a, "t");
    assert!(a.panes().notes.is_some());
    assert_eq!(a.focus, Focus::Notes);
    keys(&mut a, "t");
    assert!(a.panes().notes.is_none());
}

#[test]
fn help_opens_and_closes() {
    let mut a = app(120, 40);
    keys(&mut a, "?");
    assert!(matches!(a.popup, Some(Popup::Help { .. })));
    keys(&mut a, "j j");
    assert!(matches!(a.popup, Some(Popup::Help { scroll: 2 })));
    assert_eq!(a.list.selected, 0, "keys scroll the help, not the list");
    keys(&mut a, "esc");
    assert!(a.popup.is_none());
    keys(&mut a, "? q");
    assert!(a.popup.is_none() && !a.quit, "q closes help first");
    keys(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn help_scroll_stops_at_its_end_so_scrolling_back_answers_at_once() {
    let mut a = app(80, 24);
    keys(&mut a, "?");
    for _ in 0..100 {
        keys(&mut a, "j");
    }
    let Some(Popup::Help { scroll: bottom }) = a.popup else {
        panic!("help is open")
    };
    assert!(bottom > 0 && bottom < 100, "{bottom}");
    keys(&mut a, "k");
    assert!(matches!(a.popup, Some(Popup::Help { scroll }) if scroll == bottom - 1));
}

#[test]
fn ctrl_c_quits_even_in_a_prompt_or_help() {
    let mut a = app(120, 40);
    keys(&mut a, "/ ctrl-c");
    assert!(a.quit);
    let mut a = app(120, 40);
    keys(&mut a, "? ctrl-c");
    assert!(a.quit);
}

#[test]
fn mention_jumps_follow_the_chosen_actor() {
    let mut a = app(120, 40);
    keys(&mut a, "j enter ]");
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.mention, Some((0, 0)), "first mention: the Ministry in ¶1");
    // `c` cycles in the legend's order: grouped by class, EU bodies first.
    keys(&mut a, "c");
    let chosen = a.doc.as_ref().unwrap().chosen_actor.clone().unwrap();
    assert_eq!(chosen, "European Parliament");
    keys(&mut a, "c");
    let chosen = a.doc.as_ref().unwrap().chosen_actor.clone().unwrap();
    assert_eq!(chosen, "Ministry");
    keys(&mut a, "]");
    assert_eq!(
        a.doc.as_ref().unwrap().cur,
        4,
        "next Ministry mention is in ¶5"
    );
    keys(&mut a, "c");
    assert_eq!(
        a.doc.as_ref().unwrap().chosen_actor.as_deref(),
        Some("Ombudsperson")
    );
    keys(&mut a, "[");
    assert_eq!(a.doc.as_ref().unwrap().cur, 3);
    keys(&mut a, "[");
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .contains("no earlier mention of Ombudsperson")
    );
}

#[test]
fn removed_lines_show_in_place() {
    let mut a = app(120, 40);
    keys(&mut a, "j enter");
    let h = a.page_height();
    let before = a.doc.as_ref().unwrap().visible_rows(h);
    assert!(!before.iter().any(|r| matches!(r, Row::Removed(_))));
    keys(&mut a, "x");
    let rows = a.doc.as_ref().unwrap().visible_rows(h);
    // Lines 1 and 2 come before ¶1 (line 5); line 6 before ¶2 (line 7).
    assert_eq!(rows[0], Row::Removed(0));
    assert_eq!(rows[1], Row::Removed(1));
    let p2 = rows
        .iter()
        .position(|r| {
            matches!(
                r,
                Row::Text {
                    para: 1,
                    first: true,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(rows[p2 - 1], Row::Removed(2));
}

#[test]
fn config_keys_remap_actions() {
    let mut cfg = Config::default();
    cfg.keys.insert("next".into(), vec!["ctrl-n".into()]);
    cfg.keys.insert("quit".into(), vec!["Q".into()]);
    let mut a = app_with(&cfg, 120, 40, true);
    keys(&mut a, "j");
    assert_eq!(a.list.selected, 0, "j is no longer bound");
    keys(&mut a, "ctrl-n");
    assert_eq!(a.list.selected, 1);
    keys(&mut a, "q");
    assert!(!a.quit);
    keys(&mut a, "Q");
    assert!(a.quit);
}

#[test]
fn bad_config_is_an_error_before_the_terminal() {
    let library = demarche::model::library::Library::bundled();
    let mut cfg = Config::default();
    cfg.keys.insert("fly".into(), vec!["x".into()]);
    let err =
        demarche::tui::build_app(library.clone(), Default::default(), &cfg, false).unwrap_err();
    assert!(err.to_string().contains("unknown action `fly`"), "{err}");
    let mut cfg = Config::default();
    cfg.reader.sort = "size".into();
    let err = demarche::tui::build_app(library, Default::default(), &cfg, false).unwrap_err();
    assert!(err.to_string().contains("`size`"), "{err}");
}

#[test]
fn mouse_clicks_focus_and_select_and_wheel_scrolls() {
    let mut a = app(120, 40);
    let list = a.panes().list.unwrap();
    let click = |x, y| {
        AppEvent::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Third item: rows 1-2 are the first, 3-4 the second, 5-6 the third.
    a.dispatch(&click(list.x + 3, list.y + 5));
    assert_eq!(a.list.selected, 2);
    assert_eq!(open_title(&a), "Resolution on Kazakhstan");
    let reader = a.panes().reader.unwrap();
    a.dispatch(&click(reader.x + 10, reader.y + 5));
    assert_eq!(a.focus, Focus::Reader);
    a.dispatch(&AppEvent::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: list.x + 2,
        row: list.y + 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(
        a.list.selected, 2,
        "wheel past the end stays on the last item"
    );
    let mut cfg = Config::default();
    cfg.reader.mouse = false;
    let mut b = app_with(&cfg, 120, 40, true);
    b.dispatch(&click(list.x + 3, list.y + 5));
    assert_eq!(b.list.selected, 0, "mouse off");
}

#[test]
fn resizing_to_one_cell_and_back_keeps_the_place() {
    let mut a = app(120, 40);
    keys(&mut a, "j enter j j");
    a.dispatch(&AppEvent::Resize(1, 1));
    a.dispatch(&AppEvent::Resize(30, 8));
    a.dispatch(&AppEvent::Resize(120, 40));
    assert_eq!(a.doc.as_ref().unwrap().cur, 2);
    assert_eq!(a.focus, Focus::Reader);
}

#[test]
fn the_loop_runs_a_script_to_the_end() {
    let mut a = app(100, 30);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut script = ScriptedSource::keys("j enter j j / p a r l i a m e n t enter q");
    let stop = std::sync::atomic::AtomicBool::new(false);
    demarche::tui::run_loop(&mut term, &mut a, &mut script, None, &stop).unwrap();
    assert!(a.quit);
    assert!(script.is_empty());
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.search.as_ref().unwrap().matches.len(), 4);
    let screen = term.backend().to_string();
    assert!(screen.contains("Statement of the Ministry"), "{screen}");
}

#[test]
fn update_applies_actions_directly() {
    let mut a = app(120, 40);
    a.apply(Action::Open);
    assert_eq!(a.focus, Focus::Reader);
    a.apply(Action::Last);
    assert_eq!(a.doc.as_ref().unwrap().cur, 2);
    a.apply(Action::ToggleNotes);
    assert!(!a.notes_shown());
}

#[test]
fn the_background_indexer_fills_the_list() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = format!(
            "Statement number {i}\n\nThe European Parliament and the Ombudsperson met {i} times.\n\nShare\n"
        );
        std::fs::write(dir.path().join(format!("s{i:02}.txt")), text).unwrap();
    }
    let cfg = Config::default();
    let library =
        demarche::model::library::Library::from_paths(&[dir.path().to_path_buf()]).unwrap();
    let ctx = demarche::model::ingest::Context::from_config(&cfg).unwrap();
    let mut a = demarche::tui::build_app(library.clone(), ctx.clone(), &cfg, false).unwrap();
    assert!(
        a.list.entries.iter().all(|e| e.indexed().is_none()),
        "nothing indexed up front"
    );
    let indexer =
        demarche::tui::index::Indexer::start(library, ctx, cfg.cleaning.site_chrome_min_statements);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    // The loop runs until the indexer is done and the (empty) script is used up.
    demarche::tui::run_loop(
        &mut term,
        &mut a,
        &mut ScriptedSource::default(),
        Some(&indexer),
        &stop,
    )
    .unwrap();
    assert_eq!(a.list.indexed(), 40);
    assert!(a.progress.is_none());
    let s = a.list.entries[7].summary().unwrap();
    assert_eq!(s.actors.iter().map(|(_, n)| n).sum::<usize>(), 2);
    // "Share" repeats in every statement: site chrome, computed in the thread first.
    assert!(
        a.ctx
            .chrome
            .contains(&demarche::model::words::folded_hash("share")),
        "{:?}",
        a.ctx.chrome
    );
    assert!(a.doc.is_some(), "the first statement is previewed");
    let screen = term.backend().to_string();
    assert!(screen.contains("Statements 40"), "{screen}");
}

/// A background load the user no longer waits for (they moved on) is kept in the cache,
/// never shown over the newer choice; the newer one shows when it arrives, with the keys
/// answering meanwhile.
#[test]
fn a_late_load_never_covers_the_newer_choice() {
    use demarche::tui::app::Effect;
    use demarche::tui::loader::{Loaded, Loader};
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        let text =
            format!("Statement number {i}\n\nParagraph one of {i}.\n\nParagraph two of {i}.\n");
        std::fs::write(dir.path().join(format!("s{i}.txt")), text).unwrap();
    }
    let cfg = Config::default();
    let library =
        demarche::model::library::Library::from_paths(&[dir.path().to_path_buf()]).unwrap();
    let ctx = demarche::model::ingest::Context::from_config(&cfg).unwrap();
    let first = library.sources[0].load(&ctx).unwrap();
    let mut a = demarche::tui::build_app(library, ctx, &cfg, false).unwrap();
    a.loader = Some(Loader::new());
    a.dispatch(&AppEvent::Resize(120, 40));
    a.perform(vec![Effect::Load(0)]);
    a.perform(vec![Effect::Load(1)]);
    assert!(a.doc.is_none(), "nothing shown while loading");
    assert_eq!(a.loading.map(|l| l.src), Some(1));
    // Keys answer meanwhile.
    keys(&mut a, "?");
    assert!(matches!(a.popup, Some(Popup::Help { .. })));
    keys(&mut a, "esc");
    // Statement 0 arrives late: cached, not shown.
    a.loaded(Loaded {
        src: 0,
        epoch: 0,
        result: Ok(first),
    });
    assert!(a.doc.is_none(), "the late load is not shown");
    assert_eq!(a.loading.map(|l| l.src), Some(1));
    let start = std::time::Instant::now();
    while a.doc.is_none() {
        a.take_loads();
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
    }
    assert_eq!(a.doc.as_ref().unwrap().source, 1);
    assert!(a.loading.is_none());
    // Going back to statement 0 is immediate: the late load was cached.
    a.perform(vec![Effect::Load(0)]);
    assert_eq!(a.doc.as_ref().unwrap().source, 0);
    assert!(a.loading.is_none());
    // A failed load is said, and nothing is shown under keys meant for it.
    std::fs::remove_file(dir.path().join("s2.txt")).unwrap();
    a.perform(vec![Effect::Load(2)]);
    let start = std::time::Instant::now();
    while a.loading.is_some() {
        a.take_loads();
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
    }
    assert!(a.doc.is_none());
    assert!(
        a.message.as_ref().is_some_and(|m| m.error),
        "{:?}",
        a.message
    );
}

#[test]
fn library_search_lists_matches_and_opens_one_at_its_paragraph() {
    let mut a = app(120, 40);
    keys(&mut a, "S");
    assert!(
        matches!(&a.popup, Some(Popup::Prompt(p)) if p.kind == demarche::tui::app::PromptKind::LibrarySearch)
    );
    type_text(&mut a, "\"european parliament\"");
    keys(&mut a, "enter");
    assert!(matches!(a.popup, Some(Popup::Concordance)));
    let view = a.concordance.clone().unwrap();
    assert!(view.done && view.lines.len() >= 3, "{view:?}");
    // `s` orders the lines newest first, and back.
    keys(&mut a, "s");
    let dated = a.concordance.as_ref().unwrap();
    assert!(dated.by_date);
    assert!(
        dated
            .lines
            .windows(2)
            .all(|w| w[0].sort_date >= w[1].sort_date)
    );
    keys(&mut a, "s");
    assert!(!a.concordance.as_ref().unwrap().by_date);
    // The second line, opened: its statement at its paragraph, the match highlighted.
    keys(&mut a, "j enter");
    let line = &view.lines[1];
    assert!(a.popup.is_none());
    let d = a.doc.as_ref().unwrap();
    assert_eq!(d.source, line.src);
    assert_eq!(d.cur, line.hit.paragraph - 1);
    let search = d.search.as_ref().unwrap();
    assert!(search.query.eq_ignore_ascii_case("european parliament"));
    // `S` again offers the last query; Esc in the concordance closes it.
    keys(&mut a, "S");
    assert!(matches!(&a.popup, Some(Popup::Prompt(p)) if p.input == "\"european parliament\""));
    keys(&mut a, "enter esc");
    assert!(a.popup.is_none());
    // Counter-examples: a word in no statement, and a query that cannot be read.
    keys(&mut a, "S ctrl-u");
    type_text(&mut a, "zyxwvut");
    keys(&mut a, "enter");
    assert!(a.concordance.as_ref().unwrap().lines.is_empty());
    keys(&mut a, "esc S ctrl-u");
    type_text(&mut a, "\"open");
    keys(&mut a, "enter");
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("closing quote"))
    );
}
