//! Cuts leaked markup and embed links out of kept lines (the rest of the line stays).

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::model::statement::RemovalReason;

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // XML-ish tags leaked from a CMS (`<Depute>`, `</Orateur>`, `<Commission>{PPE}`), with an
    // optional `{GROUP}` right after an opening tag. A letter must follow `<`, so `a < b` is safe.
    RE.get_or_init(|| {
        Regex::new(r#"</?[A-Za-z][\w:.-]*(?:\s+[\w:-]+="[^"<>]*")*\s*/?>(?:\{[^{}\s]{1,30}\})?"#)
            .unwrap_or_else(|_| unreachable!("static regex"))
    })
}

fn embed_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Links of embedded posts, and the attribution that closes an embedded tweet:
        // "— MFA Arvenia (@MFA_Arvenia) March 3, 2023".
        Regex::new(r"(?:https?://)?(?:pic\.twitter\.com|t\.co)/[A-Za-z0-9_]+|\s[—–-]\s*[^()—–]{1,60}\(@\w{1,30}\)\s*\p{L}+\.? \d{1,2},? \d{4}\s*$")
            .unwrap_or_else(|_| unreachable!("static regex"))
    })
}

fn footer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A PDF page footer glued to the end of a sentence: a word-processor file name (with
    // its folder) and the document's versioned reference, `RC\1247433EN.docx
    // PE702.845v01-00`, after a space or straight after the sentence's last mark.
    RE.get_or_init(|| {
        Regex::new(r"(?:\s|[.;!?)])((?:[\w-]+\\)+[\w.-]+\.(?:docx?|pdf|odt|rtf)(?:\s+[A-Z]{1,4}\d[\d.]*v\d{2}-\d{2})?|[\w.-]*\d{5}[\w.-]*\.(?:docx?|pdf|odt|rtf)(?:\s+[A-Z]{1,4}\d[\d.]*v\d{2}-\d{2})?|[\w.-]+\.(?:docx?|pdf|odt|rtf)\s+[A-Z]{1,4}\d[\d.]*v\d{2}-\d{2})\s*$")
            .unwrap_or_else(|_| unreachable!("static regex"))
    })
}

fn wire_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A wire agency's tag opening the first paragraph: "(MENAFN- AzerNews) The ...".
    RE.get_or_init(|| {
        Regex::new(r"^\s*\((?:[A-Z]{2,10}\s*[-–—]\s*)?([^()]{2,40})\)\s*[-–—]?\s*")
            .unwrap_or_else(|_| unreachable!("static regex"))
    })
}

/// Removes leaked tags, embed links, glued PDF footers and wire tags from one line.
/// Returns the new text and what was cut.
#[must_use]
pub fn strip_inline(line: &str) -> (Cow<'_, str>, Vec<(String, RemovalReason)>) {
    let has_tag = line.contains('<');
    let has_embed =
        line.contains("t.co/") || line.contains("pic.twitter.com") || line.contains("(@");
    // Footers sit at the line's end: only its last bytes are searched.
    let has_footer = {
        let b = line.as_bytes();
        let tail = &b[b.len().saturating_sub(64)..];
        memchr::memchr_iter(b'.', tail).any(|i| {
            matches!(
                tail.get(i + 1..i + 4),
                Some(b"doc" | b"pdf" | b"odt" | b"rtf" | b"DOC" | b"PDF")
            )
        })
    };
    let has_wire = line.trim_start().starts_with('(');
    if !has_tag && !has_embed && !has_footer && !has_wire {
        return (Cow::Borrowed(line), Vec::new());
    }
    let mut cuts = Vec::new();
    let mut text: Cow<'_, str> = Cow::Borrowed(line);
    if has_wire
        && let Some(c) = wire_re().captures(line)
        && let Some(agency) = c.get(1)
        && (line.trim_start().starts_with("(MENAFN")
            || super::issuer::is_publisher_name(agency.as_str()))
        && let Some(whole) = c.get(0)
    {
        cuts.push((whole.as_str().trim().to_owned(), RemovalReason::Publisher));
        text = Cow::Owned(line[whole.end()..].to_owned());
    }
    if has_footer && let Some(m) = footer_re().captures(&text).and_then(|c| c.get(1)) {
        cuts.push((m.as_str().trim().to_owned(), RemovalReason::PageFurniture));
        let kept = text[..m.start()].trim_end().to_owned();
        text = Cow::Owned(kept);
    }
    if !has_tag && !has_embed {
        return (text, cuts);
    }
    if has_tag && tag_re().is_match(&text) {
        for m in tag_re().find_iter(&text) {
            cuts.push((m.as_str().to_owned(), RemovalReason::Markup));
        }
        text = Cow::Owned(tag_re().replace_all(&text, " ").into_owned());
    }
    if has_embed && embed_re().is_match(&text) {
        for m in embed_re().find_iter(&text) {
            cuts.push((m.as_str().trim().to_owned(), RemovalReason::Embed));
        }
        text = Cow::Owned(embed_re().replace_all(&text, " ").into_owned());
    }
    // Cutting leaves doubled or dangling spaces ("vote. — ...") behind.
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed = collapsed.replace(" .", ".").replace(" ,", ",");
    (Cow::Owned(collapsed), cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaked_tags_are_cut_and_listed() {
        let (t, cuts) =
            strip_inline("<Depute>Ms Jane Doe</Depute><Commission>{PPE} – Mr President, we");
        assert_eq!(t, "Ms Jane Doe – Mr President, we");
        assert_eq!(cuts.len(), 3);
        assert!(cuts.iter().all(|(_, r)| *r == RemovalReason::Markup));
        assert_eq!(cuts[2].0, "<Commission>{PPE}");
    }

    #[test]
    fn comparison_signs_are_not_markup() {
        let (t, cuts) = strip_inline("turnout < 40 % and > 20 %");
        assert_eq!(t, "turnout < 40 % and > 20 %");
        assert!(cuts.is_empty());
    }

    #[test]
    fn tweet_links_glued_to_words_are_cut() {
        let (t, cuts) = strip_inline(
            "against the Parliament's vote.pic.twitter.com/AbC123 and https://t.co/xYz9",
        );
        assert_eq!(t, "against the Parliament's vote. and");
        assert_eq!(cuts.len(), 2);
        assert_eq!(cuts[0].1, RemovalReason::Embed);
    }

    #[test]
    fn tweet_attribution_at_line_end_is_cut() {
        let (t, cuts) = strip_inline(
            "shorter processing times.pic.twitter.com/Vf4Q — MFA Arvenia (@MFA_Arvenia) March 3, 2023",
        );
        assert_eq!(t, "shorter processing times.");
        assert_eq!(cuts.len(), 2);
    }

    #[test]
    fn pdf_footers_glued_to_the_last_sentence_are_cut() {
        let (t, cuts) = strip_inline(
            "and instructs its President to forward this resolution. RC\\1247433EN.docx PE702.845v01-00",
        );
        assert_eq!(t, "and instructs its President to forward this resolution.");
        assert_eq!(cuts[0].1, RemovalReason::PageFurniture);
        assert_eq!(cuts[0].0, "RC\\1247433EN.docx PE702.845v01-00");
        // Glued straight to the full stop, as PDF text extraction leaves it; the stop stays.
        let (t, cuts) = strip_inline("to the Council.RC\\1247433EN.docx PE702.845v01-00");
        assert_eq!(t, "to the Council.");
        assert_eq!(cuts[0].0, "RC\\1247433EN.docx PE702.845v01-00");
        // Counter-example: a file named inside a sentence is the sentence's.
        let (t, cuts) = strip_inline("The text is in annex.docx and will be sent.");
        assert_eq!(t, "The text is in annex.docx and will be sent.");
        assert!(cuts.is_empty());
        // Counter-example: a document named in a sentence stays.
        for line in [
            "The full text is published as annex.pdf on the website.",
            "The report is available as report.pdf",
        ] {
            let (t, cuts) = strip_inline(line);
            assert_eq!(t, line);
            assert!(cuts.is_empty());
        }
    }

    #[test]
    fn a_wire_tag_opening_a_paragraph_is_the_publisher() {
        let (t, cuts) = strip_inline("(MENAFN- AzerNews) The Ministry has condemned the vote.");
        assert_eq!(t, "The Ministry has condemned the vote.");
        assert_eq!(
            cuts,
            [("(MENAFN- AzerNews)".to_owned(), RemovalReason::Publisher)]
        );
        // Counter-example: a bracketed item number or reference is text.
        for line in [
            "(a) calls on the authorities",
            "(2023/2578(RSP))",
            "(Reuters was not there) said the Minister.",
        ] {
            let (t, cuts) = strip_inline(line);
            assert_eq!(t, line);
            assert!(cuts.is_empty(), "{line}");
        }
    }

    #[test]
    fn markup_is_stripped_and_its_text_kept() {
        let (t, cuts) = strip_inline("<Depute>Jane Doe, John Roe</Depute>");
        assert_eq!(t, "Jane Doe, John Roe");
        assert_eq!(cuts.len(), 2);
        let (t, _) = strip_inline("<Commission>{S&D}on behalf of the S&D Group</Commission>");
        assert_eq!(t, "on behalf of the S&D Group");
    }

    #[test]
    fn ordinary_links_stay() {
        let (t, cuts) = strip_inline("see https://mfa.example.org/statement for the text");
        assert!(cuts.is_empty());
        assert_eq!(t, "see https://mfa.example.org/statement for the text");
    }
}
