//! Bad input never panics and never puts anything a terminal could act on into the output.

use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::sanitize::is_terminal_safe;
use demarche::model::statement::SourceFormat;
use proptest::prelude::*;

fn check(bytes: &[u8], format: SourceFormat) {
    let ctx = Context::default();
    if let Ok(st) = ingest_bytes(bytes, "fuzz", format, &ctx) {
        for p in &st.paragraphs {
            assert!(is_terminal_safe(&p.text), "{:?}", p.text);
            let chars: Vec<char> = p.text.chars().collect();
            for m in &p.mentions {
                assert!(m.start < m.end && m.end <= chars.len());
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            }
        }
        for r in &st.removed {
            assert!(is_terminal_safe(&r.text), "{:?}", r.text);
        }
        for t in [&st.meta.title, &st.meta.issuer, &st.meta.place]
            .into_iter()
            .flatten()
        {
            assert!(is_terminal_safe(t), "{t:?}");
        }
    }
}

/// Text-like input: statement words, actor names, chrome, dates, controls, odd Unicode.
fn statementish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The Ministry of Foreign Affairs ".to_owned()),
        Just("the European Parliament’s ".to_owned()),
        Just("MEPs ".to_owned()),
        Just("Ombudsperson".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("in-\nstitutions ".to_owned()),
        Just("Must read\n".to_owned()),
        Just("21 January 2022".to_owned()),
        Just("<Depute>".to_owned()),
        Just("\u{1b}[2J".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\r".to_owned()),
        Just("МИД России ".to_owned()),
        "[a-zA-Z ,.]{0,30}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        for f in [SourceFormat::Text, SourceFormat::Markdown, SourceFormat::Html] {
            check(&bytes, f);
        }
    }

    #[test]
    fn statement_like_text_is_safe_and_consistent(text in statementish()) {
        for f in [SourceFormat::Text, SourceFormat::Markdown, SourceFormat::Html] {
            check(text.as_bytes(), f);
        }
    }
}
