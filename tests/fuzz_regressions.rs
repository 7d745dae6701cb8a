//! Every finding of the fuzz targets in `fuzz/`, kept as a test (see README, Development).
//! The inputs are generated here or embedded as bytes; all are our own.
//!
//! Slow-input findings are checked against a deadline far above what the fixed code needs
//! (well under a second in a release build) and far below what the quadratic code needed
//! (minutes in a debug build), so that a loaded machine does not make them flaky.

use std::sync::mpsc;
use std::time::Duration;

use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::statement::{SourceFormat, Statement};

/// Deadline for a slow-input regression, in a debug build on a busy machine.
const DEADLINE: Duration = Duration::from_secs(30);

/// Ingests `bytes` on another thread and fails if that takes longer than [`DEADLINE`].
fn ingest_within_deadline(name: &str, bytes: Vec<u8>, format: SourceFormat) -> Statement {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let st = ingest_bytes(&bytes, "fuzz", format, &Context::default());
        let _ = tx.send(st);
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(st) => st.expect("ingests"),
        Err(_) => panic!("{name}: ingest still running after {DEADLINE:?} (super-linear again?)"),
    }
}

/// Everything the statement kept: title and paragraphs.
fn words(st: &Statement) -> String {
    format!(
        "{}\n{}",
        st.meta.title.as_deref().unwrap_or_default(),
        st.cleaned_text()
    )
}

/// slow_input, finding 4 again: `'<div>'*100000`. The depth pre-pass that was meant to fix
/// it counted the kept open elements by walking its whole stack for every tag: quadratic in
/// the nesting, 40 s under the fuzzer.
#[test]
fn slow_input_deeply_nested_divs_are_flattened_in_linear_time() {
    let html = "<div>".repeat(100_000) + "deep text";
    let st = ingest_within_deadline("nested divs", html.into_bytes(), SourceFormat::Html);
    assert!(words(&st).contains("deep text"));
    assert!(st.warnings.iter().any(|w| w.contains("nested deeper")));
}

/// slow_input: end tags that match nothing under a deep stack of open elements each walked
/// the whole stack to look for their element.
#[test]
fn slow_input_stray_end_tags_under_deep_nesting_are_linear() {
    let html = "<b>".repeat(60_000) + "kept words" + &"</i>".repeat(60_000);
    let st = ingest_within_deadline("stray end tags", html.into_bytes(), SourceFormat::Html);
    assert!(words(&st).contains("kept words"));
}

/// slow_input: every raw-text element (`<script>`, `<style>`, `<title>`...) lower-cased a
/// copy of the whole rest of the page to find its end tag.
#[test]
fn slow_input_many_raw_text_elements_are_linear() {
    let html = "<p>before</p>".to_owned()
        + &"<script>var a = 1;</SCRIPT><style>p{}</style>".repeat(15_000)
        + "<p>after</p>";
    let st = ingest_within_deadline("raw text elements", html.into_bytes(), SourceFormat::Html);
    let text = words(&st);
    assert!(
        text.contains("before") && text.contains("after"),
        "{text:?}"
    );
    assert!(!text.contains("var a"), "script text is not statement text");
}

/// slow_input: tables nested in cells. The depth pre-pass let each `<tr>` close the row of
/// the table outside, so it counted three levels where the parser built four per repetition
/// and 60,000 of them reached the parser unflattened: 34 s in a release build.
#[test]
fn slow_input_tables_nested_in_cells_are_flattened() {
    let html = "<div>a</div><table><tr><td>".repeat(40_000) + "innermost cell";
    let st = ingest_within_deadline("nested tables", html.into_bytes(), SourceFormat::Html);
    assert!(words(&st).contains("innermost cell"));
    assert!(st.warnings.iter().any(|w| w.contains("nested deeper")));
}

/// slow_input: end tags that the parser ignores (a `</div>` outside the table cell it is
/// in) closed everything in the depth pre-pass, which then counted no depth at all.
#[test]
fn slow_input_end_tags_the_parser_ignores_do_not_hide_depth() {
    let html = "<div><table><tr><td></div>".repeat(40_000) + "innermost cell";
    let st = ingest_within_deadline("ignored end tags", html.into_bytes(), SourceFormat::Html);
    assert!(words(&st).contains("innermost cell"));
    assert!(st.warnings.iter().any(|w| w.contains("nested deeper")));
}

/// slow_input: Markdown front matter with many keys. Each key's position (kept for error
/// messages) was searched for through every line: quadratic, minutes for 80,000 keys.
#[test]
fn slow_input_front_matter_with_many_keys_is_linear() {
    let mut md = String::from("+++\ntitle = \"Many keys\"\n");
    for i in 0..40_000 {
        md.push_str(&format!("key{i} = \"value {i}\"\n"));
    }
    md.push_str("date = \"tomorrow\"\n+++\n\nBody text of the statement.\n");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = ingest_bytes(
            md.as_bytes(),
            "fuzz.md",
            SourceFormat::Markdown,
            &Context::default(),
        );
        let _ = tx.send(r.map(|_| ()).map_err(|e| e.to_string()));
    });
    let err = rx
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("front matter still parsing after {DEADLINE:?}"))
        .expect_err("the bad date is reported");
    // The position of the bad value is still found: line 40,003 (fence, title, 40,000 keys).
    assert!(err.contains(":40003:8:"), "{err}");
}

/// config: an actor alias that matches inside the case fold of one char (`i` in `İ`, which
/// lower-cases to `i` + U+0307) gave an empty mention, `start == end`, text "". The config
/// is the minimised finding (the fuzzer's had more aliases); the text is our sample's line.
#[test]
fn config_alias_matching_inside_a_folded_char_gives_a_whole_char_mention() {
    let toml = b"[[actors]]\nname = \"A\"\naliases = [\" i\"]\n";
    let cfg = demarche::config::Config::from_toml(
        std::str::from_utf8(toml).expect("utf-8"),
        std::path::Path::new("fuzz.toml"),
    )
    .expect("config parses");
    let ctx = Context::from_config(&cfg).expect("context");
    let text = "Statement\n\nThe office in İSTANBUL and in Ankara.\n";
    let st = ingest_bytes(text.as_bytes(), "fuzz.txt", SourceFormat::Text, &ctx).expect("ingests");
    let mut found = 0;
    for p in &st.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        for m in &p.mentions {
            assert!(m.start < m.end, "empty mention {m:?} in {:?}", p.text);
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(slice, m.text);
            found += usize::from(m.actor == "A");
        }
    }
    assert!(found > 0, "the alias matches İ: {:?}", st.paragraphs);
}

/// Finding 7, the case slow_input exists for: `show` of a statement that is one huge
/// paragraph. Each wrapped line's char offset was counted from the start of the paragraph
/// (and the whole paragraph was wrapped optimal-fit): quadratic. Checked on `show`'s own
/// renderer, colour on (mention colouring walks the offsets too).
#[test]
fn slow_input_show_of_one_huge_paragraph_is_linear() {
    let mut text = String::with_capacity(1_100_000);
    let mut i = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!(
            "The European Parliament and the Ministry, clause {i}. "
        ));
        i += 1;
    }
    let st = ingest_bytes(
        text.as_bytes(),
        "big.txt",
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("ingests");
    assert_eq!(st.paragraphs.len(), 1, "one paragraph");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let g = demarche::model::actors::Gazetteer::new(demarche::model::actors::default_actors());
        let mut out = Vec::new();
        demarche::cli::render::write_statement_text(&mut out, &st, &g, 80, true)
            .expect("writes to a Vec");
        let _ = tx.send(out.len());
    });
    let written = rx
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("show still wrapping after {DEADLINE:?} (quadratic again?)"));
    assert!(written > 1_000_000);
}

/// slow_input (minimised from a mutated seed): a raw-text start tag (`<style>`, `<script>`)
/// beyond the depth cap was dropped, so the parser read its content as markup, which the
/// depth pre-pass had skipped as raw text and never flattened: `<div>` * 300, `<style>` and
/// 15,000 `<div>`s took 19 s; a dropped `<script>` also showed its code as statement text.
#[test]
fn slow_input_raw_text_elements_beyond_the_depth_cap_stay_raw_text() {
    let html = "<div>".repeat(300) + "<style>" + &"x<div>".repeat(40_000);
    let st = ingest_within_deadline("deep unclosed style", html.into_bytes(), SourceFormat::Html);
    assert!(!words(&st).contains("x x"), "style content is not text");
    let html = "<div>".repeat(300) + "<p>Deep words.</p><script>var secret = 1;</script>";
    let st = ingest_within_deadline("deep script", html.into_bytes(), SourceFormat::Html);
    let text = words(&st);
    assert!(text.contains("Deep words"), "{text:?}");
    assert!(
        !text.contains("secret"),
        "script code leaked into the text: {text:?}"
    );
}

/// Found by reading the depth pre-pass after the fuzzer's findings (same family): `<iframe>`
/// (like `noembed`, `noframes`, `noscript`) holds raw text for the parser but was markup to
/// the pre-pass, so the `</div>` inside it closed the `<div>` there and not in the parser.
#[test]
fn slow_input_end_tags_inside_iframes_do_not_hide_depth() {
    let html = "<div><iframe></div></iframe>".repeat(40_000) + "innermost words";
    let st = ingest_within_deadline("iframes", html.into_bytes(), SourceFormat::Html);
    assert!(words(&st).contains("innermost words"));
}

/// ingest (minimised from the fuzzer's crash, bytes our own): a vertical tab inside an HTML
/// block that the cleaning removes. HTML whitespace does not include VT, so it survived the
/// block's collapsing to one line, and the sanitiser then made it a line break: a removed
/// "line" of two lines, which `demarche check` prints as two.
#[test]
fn ingest_removed_html_block_with_a_vertical_tab_stays_one_line() {
    let html = b"<html><body><nav><a href=\"/\">Home</a> Must read Th\x0be menu</nav>\
<article><h1>Title of the statement</h1><p>The Ministry of Foreign Affairs issued a statement.</p>\
</article><footer>Share on\x0bTwitter</footer></body></html>";
    let st =
        ingest_bytes(html, "fuzz.html", SourceFormat::Html, &Context::default()).expect("ingests");
    assert!(!st.removed.is_empty(), "the menu is removed");
    for r in &st.removed {
        assert!(
            !r.text.contains('\n'),
            "removed line {}: {:?}",
            r.line,
            r.text
        );
    }
}

/// Found while fixing the above: TOML escapes in Markdown front matter (`\n`, `\u001b`) are
/// decoded after the file was sanitised, so the title could carry a line break or an ESC.
#[test]
fn ingest_front_matter_escapes_are_sanitised_and_one_line() {
    let md = "+++\ntitle = \"Bold \\u001b[1mtitle\\nsecond line\"\nplace = \"A\\u202eB\"\n+++\n\nBody of the statement.\n";
    let st = ingest_bytes(
        md.as_bytes(),
        "fuzz.md",
        SourceFormat::Markdown,
        &Context::default(),
    )
    .expect("ingests");
    for v in [&st.meta.title, &st.meta.place, &st.meta.issuer]
        .into_iter()
        .flatten()
    {
        assert!(demarche::model::sanitize::is_terminal_safe(v), "{v:?}");
        assert!(!v.contains('\n'), "{v:?}");
    }
    assert!(
        st.meta
            .title
            .as_deref()
            .is_some_and(|t| t.contains("title"))
    );
}
