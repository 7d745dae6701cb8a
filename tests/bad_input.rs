//! The bad-input checklist of the project's reliability notes, row by row: each input is
//! ingested, shown in the reader (drawn into a `TestBackend`) and, where it matters, printed
//! by the command line, and its expected behaviour is asserted. Rows covered elsewhere name
//! their test at the end of this file.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use demarche::config::Config;
use demarche::model::ingest::{Context, IngestError, ingest_bytes, read_capped};
use demarche::model::library::{Library, Source};
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::NoteStore;
use demarche::tui::build_app;
use demarche::tui::event::AppEvent;
use demarche::tui::panes;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ingest(bytes: &[u8]) -> Statement {
    ingest_bytes(bytes, "input.txt", SourceFormat::Text, &Context::default()).unwrap()
}

/// Characters that must never be in a cell or in printed text: controls (a cell never holds
/// a line break) and bidi or other format characters, except a joiner inside an emoji.
fn acting(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            let emoji_joiner = c == '\u{200D}'
                && i > 0
                && chars.get(i - 1).is_some_and(|p| *p as u32 >= 0x1F000)
                && chars.get(i + 1).is_some_and(|n| *n as u32 >= 0x1F000);
            let format = unicode_general_category::get_general_category(c)
                == unicode_general_category::GeneralCategory::Format;
            c.is_control() || (format && !emoji_joiner)
        })
        .map(|(_, &c)| c)
        .collect()
}

/// The statement open in the reader at `w`×`h`, drawn; the screen's text, row by row.
fn screen(st: Statement, w: u16, h: u16) -> Vec<String> {
    cells(st, w, h)
        .into_iter()
        .map(|row| row.concat())
        .collect()
}

/// The statement open in the reader at `w`×`h`, drawn; each cell's symbol.
fn cells(st: Statement, w: u16, h: u16) -> Vec<Vec<String>> {
    let library = Library {
        sources: vec![Source::Bundled {
            name: "input.txt",
            bytes: b"",
        }],
        ..Library::default()
    };
    let config = Config::default();
    let ctx = Context::from_config(&config).unwrap();
    let mut app = build_app(library, ctx, &config, true).unwrap();
    app.dispatch(&AppEvent::Resize(w, h));
    app.show(0, Arc::new(st));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| panes::draw(f, &app)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_owned()).collect())
        .collect()
}

/// Row 29 for every other row: no cell holds an acting character, at two sizes.
fn assert_screen_inert(st: &Statement) {
    for (w, h) in [(80, 24), (33, 9)] {
        for (y, row) in screen(st.clone(), w, h).iter().enumerate() {
            assert!(acting(row).is_empty(), "{w}x{h} row {y}: {row:?}");
        }
    }
}

fn all_text(st: &Statement) -> String {
    let mut s: Vec<String> = st.paragraphs.iter().map(|p| p.text.clone()).collect();
    s.extend(st.meta.title.clone());
    s.join("\n")
}

fn shows(bytes: &[u8], expected: &[&str]) -> Statement {
    let st = ingest(bytes);
    let text = all_text(&st);
    for e in expected {
        assert!(text.contains(e), "{e:?} not in {text:?}");
    }
    assert!(acting(&text.replace('\n', " ")).is_empty(), "{text:?}");
    assert_screen_inert(&st);
    st
}

const HEAD: &[u8] = b"Statement of the Ministry\n\nThe Ministry said ";

fn with(payload: &[u8]) -> Vec<u8> {
    let mut v = HEAD.to_vec();
    v.extend_from_slice(payload);
    v.extend_from_slice(b" and more.\n");
    v
}

#[test]
fn row_1_csi_sequences_are_shown_inert() {
    shows(
        &with(b"\x1b[2J\x1b[H\x1b[31mred\x1b[8mhidden\x1b[0m"),
        &["␛[2J", "␛[H", "␛[31mred", "␛[8mhidden"],
    );
}

#[test]
fn row_2_osc_52_clipboard_writes_are_inert() {
    shows(
        &with(b"\x1b]52;c;ZWNobyBwd25lZA==\x07 and \x1b]52;c;eA==\x1b\\"),
        &["␛]52;c;ZWNobyBwd25lZA==␇", "␛]52;c;eA==␛\\"],
    );
}

#[test]
fn row_3_osc_8_links_are_text_only() {
    shows(
        &with(b"\x1b]8;;https://example.org/\x07evil\x1b[2J\x1b]8;;\x07"),
        &["␛]8;;https://example.org/␇evil␛[2J"],
    );
}

#[test]
fn row_4_queries_and_title_sets_are_inert() {
    shows(
        &with(b"\x1b]0;TITLE\x07 \x1b[21t \x1bP$qm\x1b\\ \x1b[c \x1b[6n \x1bZ"),
        &["␛]0;TITLE␇", "␛[21t", "␛P$qm␛\\", "␛[c", "␛[6n", "␛Z"],
    );
}

#[test]
fn row_5_c1_controls_in_utf8_are_placeholders() {
    let st = shows(
        &with("\u{9b}31m \u{9d}52;c;x\u{9c} \u{9a} \u{90}".as_bytes()),
        &[
            "⟨U+009B⟩31m",
            "⟨U+009D⟩52;c;x⟨U+009C⟩",
            "⟨U+009A⟩",
            "⟨U+0090⟩",
        ],
    );
    assert_eq!(st.hidden.c1, 5);
}

#[test]
fn row_6_raw_c1_bytes_are_replaced_and_warned() {
    let st = shows(&with(b"\x9b31m \x9d"), &["\u{FFFD}31m"]);
    assert!(st.decoding.lossy);
    assert!(
        st.warnings.iter().any(|w| w.contains("U+FFFD")),
        "{:?}",
        st.warnings
    );
}

#[test]
fn row_7_c0_controls_are_control_pictures_and_cr_breaks_no_line() {
    let st = shows(
        &with(b"nul\x00 bel\x07 bs\x08 del\x7f"),
        &["nul␀", "bel␇", "bs␈", "del␡"],
    );
    assert_eq!(st.hidden.control, 4);
    // A lone CR, VT or FF is a line break, never an overwrite of the line.
    let st = ingest(b"Short Title\n\nfirst half\rsecond half\x0bthird\x0cfourth.\n");
    assert!(st.paragraphs.iter().all(|p| !p.text.contains('\r')));
    assert!(all_text(&st).contains("second half"));
}

#[test]
fn row_8_bidi_controls_are_visible_in_logical_order() {
    let st = shows(
        &with("a\u{202E}cba\u{202C} \u{2066}x\u{2069} \u{200E}\u{200F}\u{061C}".as_bytes()),
        &[
            "a⟨U+202E⟩cba⟨U+202C⟩",
            "⟨U+2066⟩x⟨U+2069⟩",
            "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩",
        ],
    );
    assert_eq!(st.hidden.bidi, 7);
}

#[test]
fn row_9_zero_width_characters_are_shown_and_a_leading_bom_dropped() {
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend(with(
        "zero\u{200B}width word\u{2060}joiner in\u{FEFF}side".as_bytes(),
    ));
    let st = shows(
        &bytes,
        &["zero⟨U+200B⟩width", "word⟨U+2060⟩joiner", "in⟨U+FEFF⟩side"],
    );
    assert_eq!(st.meta.title.as_deref(), Some("Statement of the Ministry"));
}

#[test]
fn row_10_a_title_with_escapes_is_inert() {
    let st = ingest(b"Statement \x1b]2;pwned\x07 of the Ministry\n\nThe Ministry said so.\n");
    let title = st.meta.title.clone().unwrap_or_default();
    assert!(acting(&title).is_empty(), "{title:?}");
    assert!(title.contains("␛]2;pwned␇"), "{title:?}");
    assert_screen_inert(&st);
}

#[test]
fn row_11_tabs_expand_to_tab_stops() {
    // Expanded, then (inside a paragraph) folded like any run of spaces.
    let st = shows(&with(b"a\tb\tc"), &["a b c"]);
    assert!(!all_text(&st).contains('\t'));
}

#[test]
fn row_12_line_breaks_of_every_kind_make_no_extra_paragraphs() {
    let crlf = ingest(b"Short Title\r\n\r\nOne line\r\nwrapped.\r\n\r\nTwo.\r\n");
    let nel =
        ingest("Short Title\u{85}\u{85}One line\u{2028}wrapped.\u{2029}\u{2029}Two.".as_bytes());
    for st in [&crlf, &nel] {
        let texts: Vec<&str> = st.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One line wrapped.", "Two."]);
    }
}

#[test]
fn row_13_a_megabyte_line_without_spaces_is_hard_wrapped() {
    let mut bytes = b"Short Title\n\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1_000_000));
    let st = ingest(&bytes);
    assert!(st.paragraphs[0].text.contains(&"x".repeat(1_000_000)));
    let rows = screen(st, 80, 24);
    assert!(
        rows.iter().filter(|r| r.contains("xxxxxxxxxx")).count() > 10,
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r.chars().count() == 80));
}

#[test]
fn row_14_a_file_over_the_cap_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Sparse: 65 MiB that take no disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let err = read_capped(&big).unwrap_err();
    assert!(matches!(err, IngestError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("limit"));
    // 100k short lines are fine.
    let lines = "A line of the statement that goes on.\n".repeat(100_000);
    let st = ingest(format!("Short Title\n\n{lines}").as_bytes());
    assert!(!st.paragraphs.is_empty());
}

#[test]
fn row_15_complex_scripts_never_split_a_wide_glyph() {
    let text = "Заявление 上一個聲明 👩‍👩‍👦 ❤️ 👍🏽 e\u{301}\u{301} ".to_owned()
        + &"e\u{301}".repeat(50)
        + " Z\u{351}\u{35b}\u{346}a\u{336}l\u{32e}g\u{315}o";
    let st = shows(&with(text.as_bytes()), &["上一個聲明", "👩‍👩‍👦"]);
    for (w, h) in [(80, 24), (41, 10), (23, 7)] {
        // A wide glyph must never start in the last column, where half of it is cut.
        for row in cells(st.clone(), w, h) {
            let last = row.last().map(String::as_str).unwrap_or_default();
            let width = unicode_width::UnicodeWidthStr::width(last);
            assert!(width <= 1, "{w}: {row:?}");
        }
    }
}

#[test]
fn row_16_and_17_tiny_and_odd_sizes_never_panic() {
    let st = ingest("Short Title\n\n上一個聲明 wide glyphs 上一個 everywhere.".as_bytes());
    for (w, h) in [(1, 1), (2, 1), (1, 2), (3, 3), (1, 40), (250, 2)] {
        let rows = screen(st.clone(), w, h);
        assert_eq!(rows.len(), usize::from(h));
    }
}

#[test]
fn row_18_encodings_decode_and_binary_is_refused_with_why() {
    let text = "Short Title\n\nЗаявление МИД.\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [le, be, bare] {
        assert_eq!(ingest(&bytes).paragraphs[0].text, "Заявление МИД.");
    }
    let err = ingest_bytes(
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00",
        "a.out.txt",
        SourceFormat::Text,
        &Context::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("binary"), "{err}");
}

#[test]
fn row_20_a_note_whose_paragraph_is_gone_is_orphaned_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let old = ingest(b"Short Title\n\nA paragraph about sturgeon quotas.\n\nAnother.\n");
    let new = ingest(b"Short Title\n\nSomething else entirely now.\n");
    let mut store = NoteStore::open(dir.path()).unwrap();
    store.add(&old, "s.txt", 1, "on sturgeon").unwrap();
    let found = store.notes_for(&new, "s.txt");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].anchoring.paragraph, None);
    assert_eq!(NoteStore::open(dir.path()).unwrap().all_notes().len(), 1);
}

#[test]
fn row_21_broken_notes_files_are_read_only_with_a_position_and_never_overwritten() {
    let st = ingest(b"Short Title\n\nThe Ministry said so.\n");
    let cases: [&[u8]; 7] = [
        b"{\"version\": 1, \"statement\": {\"id\": \"",
        b"{",
        b"{\"version\": \"one\", \"statement\": 5}",
        b"",
        b"\xEF\xBB\xBF{\"version\": 1}",
        b"{\"version\": 1, \"statement\": {\"id\": \"x\", \"path\": \"s.txt\"}, \"notes\": [NaN]}",
        b"[1, 2, 3]",
    ];
    for bytes in cases {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir_all(&notes).unwrap();
        // The name `s.txt`'s notes would get, so that a write would go to this very file.
        let digest = demarche::model::ingest::digest_hex("s.txt");
        let file = notes.join(format!("{}.json", &digest[..16]));
        std::fs::write(&file, bytes).unwrap();
        let mut store = NoteStore::open(dir.path()).unwrap();
        let problem = store.problems().first().cloned().expect("a problem");
        assert!(problem.position.is_some(), "{problem}");
        assert!(store.add(&st, "s.txt", 1, "new").is_err());
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "overwritten");
        let copies = std::fs::read_dir(&notes)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .count();
        assert_eq!(copies, 1, "a copy is kept aside");
    }
}

#[test]
fn row_22_a_newer_format_is_read_only_and_unknown_fields_survive() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    let digest = demarche::model::ingest::digest_hex("s.txt");
    let file = notes.join(format!("{}.json", &digest[..16]));
    let newer = br#"{"version": 99, "statement": {"id": "x", "path": "s.txt"}, "notes": []}"#;
    std::fs::write(&file, newer).unwrap();
    let st = ingest(b"Short Title\n\nThe Ministry said so.\n");
    let mut store = NoteStore::open(dir.path()).unwrap();
    assert!(store.problems()[0].message.contains("newer"));
    assert!(store.add(&st, "s.txt", 1, "x").is_err());
    assert_eq!(std::fs::read(&file).unwrap(), newer);
}

// Rows covered by other tests:
// - 19 (truncation at multibyte boundaries): `tests/robustness.rs` proptests and the
//   sanitiser's all-Unicode test.
// - 23 (SIGKILL during saves): `tests/crash.rs`.
// - 24 (read-only folder, failed saves): `tests/store.rs`
//   `read_only_folder_gives_an_error_and_keeps_the_old_file`.
// - 25 (notes path is a link): `tests/hostile.rs` `the_notes_store_follows_no_link_in_its_folder`.
// - 26, 27 (a second writer, a file changed between load and save): `tests/store.rs`.
// - 28 (panic, SIGTERM, SIGHUP): `tests/e2e_reader.rs`.
