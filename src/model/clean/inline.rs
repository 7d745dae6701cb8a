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

/// Removes leaked tags and embed links from one line. Returns the new text and what was cut.
#[must_use]
pub fn strip_inline(line: &str) -> (Cow<'_, str>, Vec<(String, RemovalReason)>) {
    let has_tag = line.contains('<');
    let has_embed =
        line.contains("t.co/") || line.contains("pic.twitter.com") || line.contains("(@");
    if !has_tag && !has_embed {
        return (Cow::Borrowed(line), Vec::new());
    }
    let mut cuts = Vec::new();
    let mut text: Cow<'_, str> = Cow::Borrowed(line);
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
    fn ordinary_links_stay() {
        let (t, cuts) = strip_inline("see https://mfa.example.org/statement for the text");
        assert!(cuts.is_empty());
        assert_eq!(t, "see https://mfa.example.org/statement for the text");
    }
}
