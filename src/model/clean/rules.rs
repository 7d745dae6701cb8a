//! Line rules: which source lines are web boilerplate, site chrome, page furniture, cookie
//! banners, share widgets, navigation, captions or embeds. Content is never removed here
//! by guesswork alone: every rule looks at a short line's whole text.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use regex::{RegexSet, RegexSetBuilder};

use super::Line;
use crate::model::ingest::Context;
use crate::model::statement::RemovalReason;
use crate::model::words::folded_hash;

/// Lines longer than this are prose; only the cookie and publisher rules look at them.
const SHORT_LINE: usize = 160;

/// Built-in whole-line rules, each with its reason.
const RULES: &[(&str, RemovalReason)] = &[
    // Web boilerplate.
    (
        r"^[-–—\s]*(advertisement|advert|sponsored( content)?|реклама|publicité)[-–—\s]*(spot_img)?$",
        RemovalReason::Boilerplate,
    ),
    (
        r"^(must read|more articles|latest articles?|related( articles| posts| news)?|read (more|also|next)|you may also like|recommended( for you)?|popular( posts)?|trending( now)?|most read|editor'?s picks?|previous article|next article|more from .+|leave a (comment|reply)|\d+ comments?|comments|no comments|print( this)?( page| article)?|email|subscribe( now)?|newsletter|sign up( for .+)?|sign in|log ?in|register|back to top|top|search|menu|close|loading\.*|tags?:.*|categories:.*|filed under:?.*|posted in:?.*|all rights reserved\.?|© ?\d{4}.*|copyright ©?.*|читайте (также|еще|ещё)|также читайте|смотрите также|новости партнеров|lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|partager( cet article)?|imprimer( cette page| la page)?|версия для печати|распечатать|print version|printer-friendly version|legal notice|privacy policy|terms of use|accessibility|contact us|subscribe to .+|(read more|read also|see also|читайте также|lire aussi|à lire aussi)\s*:.*)[:.!\s]*$",
        RemovalReason::Boilerplate,
    ),
    // End marks of press releases.
    (
        r"^(#{3}|-\s*30\s*-|\*{3}|- ?ends ?-|ends|end|конец|fin)$",
        RemovalReason::Boilerplate,
    ),
    // Share widgets.
    (
        r"^(share|share this( article| page| post)?|share on .+|tweet|поделиться|partager sur .+)\s*:?\s*((facebook|twitter|x|linkedin|whatsapp|telegram|email|e-mail|vk|вконтакте|одноклассники|ok|viber|reddit|pinterest|print|copy link)[\s,|/•·]*)*$",
        RemovalReason::Share,
    ),
    (
        r"^((facebook|twitter|x|linkedin|whatsapp|telegram|email|e-mail|vk|вконтакте|одноклассники|viber|reddit|pinterest|copy link|мой мир|livejournal)[\s,|/•·]*){1,12}$",
        RemovalReason::Share,
    ),
    // Footer link rows: "Legal notice - Privacy policy", "Mentions légales · Plan du site".
    (
        r"^((legal notice|privacy( policy)?|cookies?( policy)?|accessibility|contact( us)?|terms( of use)?|sitemap|imprint|impressum|faq|rss|mentions légales|politique de confidentialité|plan du site|accessibilité|контакты|карта сайта|политика конфиденциальности)\s*[-–|•·/]?\s*){2,}$",
        RemovalReason::Navigation,
    ),
    // Photo credits and captions.
    (
        r"^(photo|photos|picture|image|credit|credits|source|фото|фотография|источник|crédit( photo)?|©)\s*(by|:|©|–|-)\s*.+$",
        RemovalReason::Caption,
    ),
    (r"^©\s*.+$", RemovalReason::Caption),
    // Navigation: skip links, menus of 3+ short items, breadcrumbs.
    (
        r"^(skip to (main )?content|skip navigation|main menu|navigation|toggle navigation|перейти к (основному )?содержанию|aller au contenu( principal)?|menu principal)$",
        RemovalReason::Navigation,
    ),
    (
        r"^[^.!?|›»>]+(\s*[|›»•·>]\s*[^.!?|›»>]+){2,}$",
        RemovalReason::Navigation,
    ),
    // Cookie-consent buttons (the banner text itself is caught by the cookie rule).
    (
        r"^(accept( all)?( cookies)?|reject( all)?|decline|manage (preferences|settings|cookies)|cookie settings|i agree|got it|ok|принять( все)?|отклонить|настройки|accepter|tout accepter|refuser|tout refuser|paramétrer)$",
        RemovalReason::Cookie,
    ),
    // Embedded posts: "— MFA Press (@MFA_Press) March 3, 2023".
    (r"^[—–-]\s*[^()]+\(@\w+\)\s*.*$", RemovalReason::Embed),
    // Page numbers of PDF dumps.
    (
        r"^(page|p\.|стр\.|страница|seite)?\s*[-–—]?\s*\d{1,4}\s*([-–—]|(of|/|из|sur|von)\s*\d{1,4})?\s*$",
        RemovalReason::PageFurniture,
    ),
    (
        r"^(page|стр\.|страница)\s+\d{1,4}.*$",
        RemovalReason::PageFurniture,
    ),
    // Crawl stamps.
    (
        r"^(retrieved|crawled|accessed|fetched|scraped|downloaded|captured|archived|snapshot)( on| at)?(\s|:).*$",
        RemovalReason::CrawlDate,
    ),
];

/// Markers after which the rest of a page is lists of other articles.
const TAIL_RULE: &str = r"^(more articles|latest articles?|related( articles| posts| news)?|read (also|next)|you may also like|most read|читайте (также|еще|ещё)|также читайте|lire aussi|à lire aussi|voir aussi|sur le même sujet)[:.!\s]*$";

struct Compiled {
    set: RegexSet,
    tail: RegexSet,
}

fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| {
        let build = |pats: &[&str]| {
            RegexSetBuilder::new(pats)
                .case_insensitive(true)
                // A roomy lazy-DFA cache keeps the set off the slow PikeVM path.
                .dfa_size_limit(32 << 20)
                .build()
                .unwrap_or_else(|e| unreachable!("static rules compile: {e}"))
        };
        Compiled {
            set: build(&RULES.iter().map(|(p, _)| *p).collect::<Vec<_>>()),
            tail: build(&[TAIL_RULE]),
        }
    })
}

/// How many leading lines make the preamble, where site names and blurbs live.
const PREAMBLE_LINES: usize = 25;

/// Classifies every line: `None` keeps it, `Some(reason)` removes it.
#[must_use]
pub fn classify(lines: &[Line<'_>], ctx: &Context) -> Vec<Option<RemovalReason>> {
    let c = compiled();
    let mut verdict: Vec<Option<RemovalReason>> = vec![None; lines.len()];
    let furniture = repeated_lines(lines);
    let site_names = site_names(lines);
    let tail_from = lines.len() * 6 / 10;
    let mut in_tail = false;
    let mut cookie_near: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if in_tail {
            verdict[i] = Some(RemovalReason::Boilerplate);
            continue;
        }
        // Bytes bound chars from above: count chars only when the bytes say it matters.
        let n = if t.len() <= SHORT_LINE {
            t.len()
        } else {
            t.chars().count()
        };
        if let Some(re) = ctx.boilerplate.iter().find(|re| re.is_match(t)) {
            let _ = re;
            verdict[i] = Some(RemovalReason::ConfigPattern);
            continue;
        }
        if i < PREAMBLE_LINES
            && site_names
                .iter()
                .any(|s| t.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
        {
            verdict[i] = Some(RemovalReason::Publisher);
            continue;
        }
        if n <= 400 && mentions_cookie(t) {
            verdict[i] = Some(RemovalReason::Cookie);
            cookie_near = Some(i);
            continue;
        }
        if n > SHORT_LINE {
            continue;
        }
        if !ctx.chrome.is_empty() && ctx.chrome.contains(&folded_hash(t)) {
            verdict[i] = Some(RemovalReason::SiteChrome);
            continue;
        }
        let maybe_rule = may_match_rule(t);
        if i >= tail_from && maybe_rule && c.tail.is_match(t) {
            verdict[i] = Some(RemovalReason::Boilerplate);
            in_tail = true;
            continue;
        }
        // `is_match` runs a DFA; asking *which* rule matched is slower and rarely needed.
        let matched = if maybe_rule && c.set.is_match(t) {
            c.set.matches(t).iter().next()
        } else {
            None
        };
        if let Some(k) = matched {
            let reason = RULES[k].1;
            // A bare number is a page number only in documents that have page furniture or
            // when it stands alone between blank lines.
            verdict[i] = Some(reason);
            if reason == RemovalReason::Cookie && cookie_near.is_none_or(|c| i > c + 4) {
                // Button words far from any cookie banner are still chrome, not content.
                verdict[i] = Some(RemovalReason::Boilerplate);
            }
            continue;
        }
        if !furniture.is_empty()
            && furniture_candidate(t)
            && furniture.contains_key(&folded_hash(t))
        {
            verdict[i] = Some(RemovalReason::PageFurniture);
        }
    }
    verdict
}

/// Words a built-in rule can start with (lower case, ASCII); prose lines start otherwise.
const RULE_STARTS: &[&str] = &[
    "advertisement",
    "advert",
    "sponsored",
    "must",
    "more",
    "latest",
    "related",
    "read",
    "you",
    "recommended",
    "popular",
    "trending",
    "most",
    "editor",
    "editor's",
    "editors",
    "previous",
    "next",
    "leave",
    "comments",
    "comment",
    "no",
    "print",
    "email",
    "e-mail",
    "subscribe",
    "newsletter",
    "sign",
    "log",
    "login",
    "register",
    "back",
    "top",
    "search",
    "menu",
    "close",
    "loading",
    "tags",
    "tags:",
    "tag",
    "tag:",
    "categories",
    "categories:",
    "filed",
    "posted",
    "all",
    "copyright",
    "lire",
    "a",
    "voir",
    "sur",
    "partager",
    "imprimer",
    "printer-friendly",
    "legal",
    "privacy",
    "terms",
    "accessibility",
    "contact",
    "see",
    "share",
    "share:",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "vk",
    "viber",
    "reddit",
    "pinterest",
    "copy",
    "skip",
    "main",
    "navigation",
    "toggle",
    "aller",
    "photo",
    "photo:",
    "photos",
    "picture",
    "image",
    "credit",
    "credit:",
    "credits",
    "source",
    "source:",
    "crédit",
    "accept",
    "reject",
    "decline",
    "manage",
    "cookie",
    "cookies",
    "i",
    "got",
    "ok",
    "accepter",
    "tout",
    "refuser",
    "paramétrer",
    "page",
    "p.",
    "seite",
    "retrieved",
    "crawled",
    "accessed",
    "fetched",
    "scraped",
    "downloaded",
    "captured",
    "archived",
    "snapshot",
    "end",
    "ends",
    "fin",
    "mentions",
    "politique",
    "plan",
    "sitemap",
    "imprint",
    "impressum",
    "faq",
    "rss",
    "home",
    "livejournal",
    "à",
];

/// Menu separators and marks of chrome: `|` `>` `@` and `›` `»` `•` `·` `©`, found by
/// byte scans (a char-set `contains` is several times slower on every prose line).
fn has_separator(b: &[u8]) -> bool {
    if memchr::memchr3(b'|', b'>', b'@', b).is_some() {
        return true;
    }
    memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| {
        matches!(
            (b[i], b.get(i + 1), b.get(i + 2)),
            (0xC2, Some(0xBB | 0xB7 | 0xA9), _) | (0xE2, Some(0x80), Some(0xBA | 0xA2))
        )
    })
}

/// Cheap test before the rule set: could any built-in rule match this line? Lines that start
/// with an ordinary word and hold no menu separators are prose, and most lines are prose.
fn may_match_rule(t: &str) -> bool {
    if t.len() < 12 || has_separator(t.as_bytes()) {
        return true;
    }
    let first = t.split_whitespace().next().unwrap_or("");
    let Some(c) = first.chars().next() else {
        return true;
    };
    if !c.is_ascii_alphabetic() {
        // Digits, dashes, quotes, non-Latin scripts: let the rules decide.
        return true;
    }
    let mut buf = [0u8; 24];
    let n = first.len();
    if n > buf.len() {
        return false;
    }
    buf[..n].copy_from_slice(first.as_bytes());
    buf[..n].make_ascii_lowercase();
    let word = std::str::from_utf8(&buf[..n]).unwrap_or("");
    static STARTS: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    STARTS
        .get_or_init(|| RULE_STARTS.iter().copied().collect())
        .contains(word)
}

/// Does the line speak of cookies? Searches for "ookie"/"OOKIE" with a vectorised finder
/// (rare in prose), then checks the letter before.
fn mentions_cookie(hay: &str) -> bool {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 2]> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new(b"ookie"),
            memchr::memmem::Finder::new(b"OOKIE"),
        ]
    });
    let h = hay.as_bytes();
    finders.iter().any(|f| {
        f.find_iter(h)
            .any(|i| i >= 1 && h[i - 1].eq_ignore_ascii_case(&b'c'))
    })
}

/// Short non-sentence lines that repeat at least three times: running headers and footers.
/// Counted first by a quick key (length and the bytes at both ends), then by `folded_hash`
/// only for lines whose quick key repeats: most lines are hashed once, cheaply.
fn repeated_lines(lines: &[Line<'_>]) -> FxHashMap<u64, usize> {
    let quick = |t: &str| -> u64 {
        let b = t.as_bytes();
        let head = &b[..b.len().min(8)];
        let tail = &b[b.len().saturating_sub(8)..];
        let mut k = b.len() as u64;
        for &x in head.iter().chain(tail) {
            k = (k.rotate_left(5) ^ u64::from(x.to_ascii_lowercase()))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        k
    };
    let mut quick_counts: FxHashMap<u64, usize> = FxHashMap::default();
    for l in lines {
        let t = l.text.trim();
        if furniture_candidate(t) {
            *quick_counts.entry(quick(t)).or_default() += 1;
        }
    }
    quick_counts.retain(|_, n| *n >= 3);
    let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
    if quick_counts.is_empty() {
        return counts;
    }
    for l in lines {
        let t = l.text.trim();
        if furniture_candidate(t) && quick_counts.contains_key(&quick(t)) {
            *counts.entry(folded_hash(t)).or_default() += 1;
        }
    }
    counts.retain(|_, n| *n >= 3);
    counts
}

/// Running headers and footers are short, start with a capital, a digit or a mark, and
/// end no sentence or clause; a wrapped prose fragment ("international;") is none of that.
fn furniture_candidate(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 100
        && !t.ends_with(['.', '!', '?', ',', ';', ':'])
        && !t.chars().next().is_some_and(char::is_lowercase)
}

/// A short line that occurs twice in the preamble is the site's name ("Diplomat Magazine"):
/// it, and any preamble line starting with it (the publisher's blurb), is the publisher's.
fn site_names(lines: &[Line<'_>]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in lines.iter().take(PREAMBLE_LINES) {
        let t = l.text.trim();
        // A site name is a short capitalised name, not a clause ("international;").
        // (Length first: most preamble lines are prose and must not be walked char by char.)
        if t.is_empty()
            || t.len() > 160
            || t.chars().count() > 40
            || t.split_whitespace().count() > 4
            || t.ends_with(['.', '!', '?', ':', ';', ','])
            || !t.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        *seen.entry(t.to_owned()).or_default() += 1;
    }
    seen.into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Option<RemovalReason>> {
        let lines: Vec<Line<'_>> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect();
        classify(&lines, &Context::default())
    }

    fn reason_of(line: &str) -> Option<RemovalReason> {
        run(&format!(
            "{line}\n\nThe Ministry said that the talks would go on for as long as it takes to agree.\n"
        ))[0]
    }

    #[test]
    fn web_boilerplate_lines() {
        for l in [
            "Must read",
            "More articles",
            "- Advertisement -spot_img",
            "Read more",
            "Читайте также:",
            "Lire aussi",
        ] {
            assert!(reason_of(l).is_some(), "{l}");
        }
    }

    #[test]
    fn counter_examples_are_kept() {
        for l in [
            "Ministry of Foreign Affairs of the Republic of Kazakhstan.",
            "The Ministry must read the report before it comments.",
            "Share of women in parliament rose to 40 per cent.",
            "2. Calls on the Commission to act",
            "Photographs of the events were published by the Ministry.",
        ] {
            assert_eq!(reason_of(l), None, "{l}");
        }
    }

    #[test]
    fn share_widgets() {
        assert_eq!(reason_of("Поделиться:"), Some(RemovalReason::Share));
        assert_eq!(
            reason_of("ВКонтакте Telegram Одноклассники"),
            Some(RemovalReason::Share)
        );
        assert_eq!(reason_of("Share on Facebook"), Some(RemovalReason::Share));
    }

    #[test]
    fn navigation_menus_and_breadcrumbs() {
        assert_eq!(
            reason_of("Home | News | Press | Contact"),
            Some(RemovalReason::Navigation)
        );
        assert_eq!(
            reason_of("Home > Press > Statements"),
            Some(RemovalReason::Navigation)
        );
        assert_eq!(
            reason_of("Skip to main content"),
            Some(RemovalReason::Navigation)
        );
    }

    #[test]
    fn captions_and_credits() {
        assert_eq!(
            reason_of("Photo: John Smith / Ministry press service"),
            Some(RemovalReason::Caption)
        );
        assert_eq!(
            reason_of("© EU 2023 – Source: EP"),
            Some(RemovalReason::Caption)
        );
    }

    #[test]
    fn cookie_banner_and_its_buttons() {
        let v = run(
            "We use cookies to improve your experience. By continuing you agree.\nAccept all\nReject\n\nText of the statement goes here and it is long enough to be prose.",
        );
        assert_eq!(v[0], Some(RemovalReason::Cookie));
        assert_eq!(v[1], Some(RemovalReason::Cookie));
        assert_eq!(v[2], Some(RemovalReason::Cookie));
        assert_eq!(v[4], None);
    }

    #[test]
    fn page_furniture_repeats_and_numbers() {
        let text = "MFA PRESS RELEASE No. 14/2023\nFirst page text goes on\nPage 1 of 3\nMFA PRESS RELEASE No. 14/2023\nmore text\n- 2 -\nMFA PRESS RELEASE No. 14/2023\nend";
        let v = run(text);
        assert_eq!(v[0], Some(RemovalReason::PageFurniture));
        assert_eq!(v[2], Some(RemovalReason::PageFurniture));
        assert_eq!(v[5], Some(RemovalReason::PageFurniture));
        assert_eq!(v[1], None);
    }

    #[test]
    fn repeated_prose_fragments_are_not_furniture() {
        let text = "the parties agreed that\ninternational;\nmore text here\ninternational;\nand more\ninternational;\nthe last words";
        assert!(run(text).iter().all(Option::is_none));
    }

    #[test]
    fn publisher_name_and_blurb() {
        let text = "Diplomat Magazine\nDiplomat Magazine\nDIPLOMAT MAGAZINE “For diplomats, by diplomats” Reaching out the world.\n\nStatement of the Ministry";
        let v = run(text);
        assert_eq!(&v[..3], &[Some(RemovalReason::Publisher); 3]);
        assert_eq!(v[4], None);
    }

    #[test]
    fn everything_after_a_late_more_articles_marker_is_chrome() {
        let mut text = String::new();
        for _ in 0..8 {
            text.push_str(
                "A long sentence of the statement that is prose and not chrome at all.\n",
            );
        }
        text.push_str(
            "More articles\nEU envoy visits Astana\nNew ambassador presents credentials\n",
        );
        let v = run(&text);
        assert_eq!(v[8..], [Some(RemovalReason::Boilerplate); 3]);
        assert_eq!(v[7], None);
    }

    #[test]
    fn config_patterns_and_site_chrome() {
        let mut ctx = Context::default();
        ctx.boilerplate.push(
            regex::RegexBuilder::new("^(?:subscribe to .*)$")
                .case_insensitive(true)
                .build()
                .unwrap(),
        );
        ctx.chrome.insert(folded_hash("diplomatic newsroom"));
        let lines = [
            Line {
                no: 1,
                text: "Subscribe to our Telegram channel",
            },
            Line {
                no: 2,
                text: "Diplomatic  Newsroom",
            },
            Line {
                no: 3,
                text: "The statement text.",
            },
        ];
        let v = classify(&lines, &ctx);
        assert_eq!(
            v,
            [
                Some(RemovalReason::ConfigPattern),
                Some(RemovalReason::SiteChrome),
                None
            ]
        );
    }
}
