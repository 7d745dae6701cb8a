//! Cleaning, reversible and visible: every source line either ends up in a paragraph, or in
//! the metadata, or in `removed` with its reason. Nothing disappears silently.
//!
//! Steps: classify lines (boilerplate, chrome, furniture...), read the header (title, dates,
//! place), then join the remaining lines into paragraphs, repairing broken and glued words.

mod glue_check;
mod header;
mod inline;
pub mod issuer;
mod paragraphs;
mod rules;

use crate::model::context::Context;
use crate::model::statement::{Metadata, RemovalReason, Removed};

pub use header::{is_heading_like, opens_speech, place_and_date, runs_on};
pub use inline::strip_inline;
pub use issuer::issuer_from_title;
pub use paragraphs::Vocabulary;

/// One source line after decoding (and extraction for HTML), before cleaning.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based source line number.
    pub no: usize,
    pub text: &'a str,
}

/// What cleaning made of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// (first source line, paragraph text).
    pub paragraphs: Vec<(usize, String)>,
    pub meta: Metadata,
    pub removed: Vec<Removed>,
    /// What the reader should know about how the text was read (an ambiguous date...).
    pub warnings: Vec<String>,
}

/// Hints from the container format (HTML `<h1>`, Markdown front matter).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub title: Option<String>,
}

/// Cleans a document given as lines.
#[must_use]
pub fn clean(lines: &[Line<'_>], ctx: &Context, hints: &Hints) -> Cleaned {
    let mut removed: Vec<Removed> = Vec::new();
    // Per line: None = kept, Some(reason) = removed.
    let mut verdict: Vec<Option<RemovalReason>> = rules::classify(lines, ctx);
    let header = header::read_header(lines, &mut verdict, hints);
    rules::name_under_header(lines, &mut verdict);
    if lines
        .iter()
        .any(|l| memchr::memchr(b'@', l.text.as_bytes()).is_some() && l.text.contains("(@"))
    {
        let own = header
            .meta
            .issuer
            .as_deref()
            .map(rules::own_words)
            .unwrap_or_default();
        rules::embedded_posts(lines, &mut verdict, &own);
    }
    let mut pieces: Vec<paragraphs::Piece<'_>> = Vec::with_capacity(lines.len());
    for (i, (l, v)) in lines.iter().zip(&verdict).enumerate() {
        if let Some(reason) = v {
            // A line consumed in parts (a heading and the site's name after it) is listed
            // part by part.
            match header.parts.iter().find(|(at, _)| *at == i) {
                Some((_, parts)) => removed.extend(parts.iter().map(|(text, reason)| Removed {
                    line: l.no,
                    text: text.clone(),
                    reason: *reason,
                })),
                None => removed.push(Removed {
                    line: l.no,
                    text: l.text.trim().to_owned(),
                    reason: *reason,
                }),
            }
            if !matches!(pieces.last(), Some(paragraphs::Piece::Gap)) {
                pieces.push(paragraphs::Piece::Gap);
            }
            continue;
        }
        if l.text.trim().is_empty() {
            pieces.push(paragraphs::Piece::Blank);
            continue;
        }
        // Leaked markup, embed links, glued PDF footers and wire tags inside kept lines
        // are cut out, and listed too; the text between tags stays (a speaker's name, a
        // list of authors and their group).
        let (t, cuts) = inline::strip_inline(l.text);
        for (text, reason) in cuts {
            removed.push(Removed {
                line: l.no,
                text,
                reason,
            });
        }
        if t.trim().is_empty() {
            pieces.push(paragraphs::Piece::Gap);
        } else {
            let t = match t {
                std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(b.trim_end()),
                std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o.trim_end().to_owned()),
            };
            pieces.push(paragraphs::Piece::Text(l.no, t));
        }
    }
    removed.sort_by_key(|r| r.line);
    let paragraphs = paragraphs::build(&pieces);
    Cleaned {
        paragraphs,
        meta: header.meta,
        removed,
        warnings: header.warnings,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Cleans a text given as one string, with default rules.
    pub(crate) fn clean_text(text: &str) -> Cleaned {
        let lines: Vec<Line<'_>> = text
            .split('\n')
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect();
        clean(&lines, &Context::default(), &Hints::default())
    }

    #[test]
    fn a_first_line_the_next_line_continues_is_body_text() {
        let c = clean_text(
            "My fellow delegates, today is the third time I have had the\n\
             great honour of speaking to this Assembly. It will be my last.\n\n\
             We meet at a difficult time for the Organization.",
        );
        assert_eq!(c.meta.title, None);
        assert!(c.paragraphs[0].1.starts_with(
            "My fellow delegates, today is the third time I have had the great honour"
        ));
        // A drop-cap first word across a blank line, and a capitalised name wrapped after
        // "the": body text too.
        for text in [
            "It\n\nis my pleasure to congratulate you, Sir, on your election.",
            "Allow me to congratulate the\nPresident of the Assembly on his election.\n\nNext.",
        ] {
            let c = clean_text(text);
            assert_eq!(c.meta.title, None, "{text}");
            assert_eq!(c.removed, [], "{text}");
        }
    }

    #[test]
    fn a_heading_that_reads_like_a_sentence_is_still_a_heading() {
        let c = clean_text(
            "Foreign Ministry welcomes the vote on visa facilitation\n\n\
             The Ministry of Foreign Affairs welcomes the vote held yesterday.",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Foreign Ministry welcomes the vote on visa facilitation")
        );
        let c = clean_text(
            "Address by the Minister of Foreign Affairs of the Republic of Arvenia at the General Assembly\n\
             The Minister began by thanking the President of the Assembly for the invitation to speak.",
        );
        assert!(
            c.meta
                .title
                .as_deref()
                .is_some_and(|t| t.starts_with("Address by"))
        );
    }

    #[test]
    fn salutations_and_invocations_are_body_text() {
        for text in [
            "Mr. President\n\nIt is an honour to address the Assembly.",
            "Your Majesties, Excellencies, Ladies and Gentlemen\n\nIt is an honour to speak.",
            "In the name of God, the Compassionate, the Merciful\n\nIt is an honour to speak.",
            "1. Introduction and overview\n\nThe Republic has taken part in every session.",
        ] {
            let c = clean_text(text);
            assert_eq!(c.meta.title, None, "{text}");
            assert!(c.removed.is_empty(), "{text}");
        }
    }

    fn date(c: &Cleaned) -> Option<String> {
        c.meta.date.map(|d| d.format("%Y-%m-%d").to_string())
    }

    fn published(c: &Cleaned) -> Option<String> {
        c.meta.published.map(|d| d.format("%Y-%m-%d").to_string())
    }

    const BODY: &str =
        "\n\nThe Ministry of Foreign Affairs has taken note of the report adopted this week.";

    #[test]
    fn datelines_in_every_shape() {
        for (head, place, want) in [
            (
                "Statement on the report\nBrussels 09.01.2022",
                Some("Brussels"),
                "2022-01-09",
            ),
            (
                "Statement on the report\nWednesday, 4 October 2023 - Strasbourg",
                Some("Strasbourg"),
                "2023-10-04",
            ),
            (
                "Statement on the report\nАстана, 2022 жылғы 21 қаңтар",
                Some("Астана"),
                "2022-01-21",
            ),
            (
                "Statement on the report\nAnkara, 14 Mart 2024",
                Some("Ankara"),
                "2024-03-14",
            ),
            (
                "Erklärung zum Bericht\nBerlin, 14. März 2024",
                Some("Berlin"),
                "2024-03-14",
            ),
            (
                "Declaración sobre el informe\nMadrid, 14 de marzo de 2024",
                Some("Madrid"),
                "2024-03-14",
            ),
        ] {
            let c = clean_text(&format!("{head}{BODY}"));
            assert_eq!(c.meta.place.as_deref(), place, "{head}");
            assert_eq!(date(&c).as_deref(), Some(want), "{head}");
        }
    }

    #[test]
    fn a_date_above_the_heading_dates_the_statement_when_nothing_else_does() {
        let c = clean_text(&format!(
            "08/10/2004\nPress Release\nStatement on the report{BODY}"
        ));
        assert_eq!(date(&c).as_deref(), Some("2004-10-08"));
        assert_eq!(published(&c), None);
        // It reads both ways, and nothing tells: flagged.
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].contains("08/10/2004") && c.warnings[0].contains("day first"));
        // Counter-example: with the statement's own dateline under the heading, the date
        // above is the page's.
        let c = clean_text(&format!(
            "08/10/2004\nStatement on the report\nArvena, 6 October 2004{BODY}"
        ));
        assert_eq!(date(&c).as_deref(), Some("2004-10-06"));
        assert_eq!(published(&c).as_deref(), Some("2004-10-08"));
    }

    #[test]
    fn a_month_first_statement_reads_its_numeric_dates_month_first() {
        // The statement's other dates are written month first (a US statement).
        let c = clean_text(
            "08/10/2004\nPress Statement\n\nWASHINGTON — On August 9, 2004, the Department met the delegation.",
        );
        assert_eq!(date(&c).as_deref(), Some("2004-08-10"));
        assert!(c.warnings[0].contains("month first"), "{:?}", c.warnings);
        // Counter-example: the same line in a day-first statement.
        let c = clean_text(
            "08/10/2004\nPress Statement\n\nOn 9 October 2004, the Ministry met the delegation.",
        );
        assert_eq!(date(&c).as_deref(), Some("2004-10-08"));
        assert!(c.warnings[0].contains("day first"), "{:?}", c.warnings);
        // A date that reads one way only is not flagged.
        let c = clean_text(&format!("25/10/2004\nPress Statement{BODY}"));
        assert_eq!(date(&c).as_deref(), Some("2004-10-25"));
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn a_wire_line_gives_the_date_and_its_agency_is_the_publisher() {
        let c = clean_text(
            "Azerbaijani Foreign Ministry condemns the resolution\ndate 2024-03-14 (MENAFN- AzerNews)\n\nThe Foreign Ministry of Azerbaijan has condemned the resolution adopted today.",
        );
        assert_eq!(date(&c).as_deref(), Some("2024-03-14"));
        assert_eq!(published(&c).as_deref(), Some("2024-03-14"));
        assert_eq!(
            c.meta.issuer.as_deref(),
            Some("Ministry of Foreign Affairs of Azerbaijan")
        );
        assert!(
            c.removed
                .iter()
                .any(|r| r.text == "(MENAFN- AzerNews)" && r.reason == RemovalReason::Publisher)
        );
    }

    #[test]
    fn a_dateline_without_a_year_takes_the_page_year() {
        let c = clean_text(
            "Published: 10 July 2024\nStatement by the Spokesperson on the elections\nBrussels, July 8\n\nThe European Union takes note of the results announced on the 8th.",
        );
        assert_eq!(date(&c).as_deref(), Some("2024-07-08"));
        assert_eq!(c.meta.place.as_deref(), Some("Brussels"));
        assert_eq!(published(&c).as_deref(), Some("2024-07-10"));
    }

    #[test]
    fn site_suffix_and_source_line() {
        let c = clean_text(&format!(
            "Press Release Regarding the Report of the European Parliament / Republic of Türkiye, Ministry of Foreign Affairs{BODY}"
        ));
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Press Release Regarding the Report of the European Parliament")
        );
        assert_eq!(
            c.meta.issuer.as_deref(),
            Some("Ministry of Foreign Affairs of the Republic of Türkiye")
        );
        assert!(
            c.removed
                .iter()
                .any(|r| r.reason == RemovalReason::Publisher
                    && r.text == "Republic of Türkiye, Ministry of Foreign Affairs")
        );
        // A bare spokesperson's statement takes its institution from the source line.
        let c = clean_text(
            "Statement by the Spokesperson on the release of the defenders\n\nThe release of the three defenders is a welcome step.\n\n(Source: EEAS)",
        );
        assert_eq!(
            c.meta.issuer.as_deref(),
            Some("European External Action Service")
        );
        assert_eq!(c.paragraphs.len(), 1);
        // Counter-example: a heading with a dash and no site after it keeps it all.
        let c = clean_text(&format!(
            "Joint statement on the talks - second round{BODY}"
        ));
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Joint statement on the talks - second round")
        );
    }
}
