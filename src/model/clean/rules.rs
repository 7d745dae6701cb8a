//! Line rules: which source lines are web boilerplate, site chrome, page furniture, cookie
//! banners, share widgets, navigation, captions or embeds. Content is never removed here
//! by guesswork alone: every rule looks at a short line's whole text.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use regex::{RegexSet, RegexSetBuilder};

use super::Line;
use crate::model::context::Context;
use crate::model::statement::RemovalReason;
use crate::model::words::folded_hash;

/// Lines longer than this are prose; only the cookie and publisher rules look at them.
const SHORT_LINE: usize = 160;

/// Built-in whole-line rules, each with its reason.
const RULES: &[(&str, RemovalReason)] = &[
    // Comment forms under an article: the form's labels and buttons, and the heading of
    // readers' comments.
    (
        r"^(leave a (comment|reply)( cancel reply)?|cancel reply|your email address will not be published\.?.*|required fields are marked.*|(name|email|e-mail|website|comment)\s*\*|post (a )?comment|save my name, email,? and website in this browser for the next time i comment\.?|comments are closed\.?|\d+ (thoughts|responses|replies|comments) (on|to) .+|add a comment|join the discussion|you must be logged in to post a comment\.?)$",
        RemovalReason::CommentForm,
    ),
    // View counters: "1810 views", "11564x gelesen", "Views: 1 810", "Просмотров: 312".
    (
        r"^((views?|reads?|просмотров|просмотры|прочтений|vues|lectures|aufrufe|visitas|görüntülenme)\s*:?\s*\d[\d\s,.]*|\d[\d\s,.]*\s*(x\s*)?(views?|reads?|times read|просмотр(ов|а)?|прочтени[йя]|vues|lectures|aufrufe|gelesen|visitas|görüntülenme|kez okundu))$",
        RemovalReason::Boilerplate,
    ),
    // Ornaments between sections: `* * *`, `* *** *`, `# #`, `~~~`, `o0o`.
    (
        r"^([*#~=_•·∙◦○●■□◆◇]+|o0o|-{3,})(\s*([*#~=_•·∙◦○●■□◆◇]+|o0o|-{3,}))*$",
        RemovalReason::Boilerplate,
    ),
    // A parliament's page navigation: labels of a document's pages and stages.
    (
        r"^(index|previous|next|full text|texts adopted|texts tabled|document stages in plenary|stage reached in plenary|procedure\s*:.*|document selected\s*:.*|top of page|go to top)$",
        RemovalReason::Navigation,
    ),
    // Author bylines: "By Jane Doe", "Written by J. Doe" (institutions' bylines are metadata).
    (
        r"^((written|posted|reported|text|story|photos?) by|by|par|von|por|автор:?)\s+(?-i:[A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*(\s+[A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*){1,3})$",
        RemovalReason::Byline,
    ),
    // Document file names and version references of PDF footers: `RC\1247433EN.docx`,
    // `PE702.845v01-00`.
    (
        r"^(([\w-]+\\)*[\w.-]+\.(docx?|pdf|odt|rtf)(\s+\S+){0,3}|[a-z]{2}\d{3}\.\d{3}v\d{2}-\d{2}(\s+\S+){0,3})$",
        RemovalReason::PageFurniture,
    ),
    // Web boilerplate.
    (
        r"^[-–—\s]*(advertisement|advert|sponsored( content)?|реклама|publicité)[-–—\s]*(spot_img)?$",
        RemovalReason::Boilerplate,
    ),
    (
        r"^(must read|more articles|latest articles?|related( articles| posts| news)?|read (more|also|next)|you may also like|recommended( for you)?|popular( posts)?|trending( now)?|most read|editor['’]?s picks?|previous article|next article|more from .+|\d+ comments?|comments|no comments|print( this)?( page| article)?|email|subscribe( now)?|newsletter|sign up( for .+)?|sign in|log ?in|register|back to top( button)?|top|search|search in (the )?(archive|site|news)|menu|close|not an official record|loading\.*|tags?:.*|categories:.*|filed under:?.*|posted in:?.*|all rights reserved\.?|© ?\d{4}.*|copyright ©?.*|читайте (также|еще|ещё)|также читайте|смотрите также|новости партнеров|lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|partager( cet article)?|imprimer( cette page| la page)?|версия для печати|распечатать|print version|printer-friendly version|legal notice|privacy policy|terms of use|accessibility|contact us|subscribe to .+|(read more|read also|see also|читайте также|lire aussi|à lire aussi)\s*:.*)[:.!\s]*$",
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
        r"^(accept( all)?( cookies)?|reject( all)?|decline|manage (preferences|settings|cookies)|cookie settings|(privacy|cookie) (preferences|settings|overview|center|centre)|i agree|got it|ok|принять( все)?|отклонить|настройки|accepter|tout accepter|refuser|tout refuser|paramétrer)$",
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
    // A page number beside a document or job reference made of digits and dashes only
    // ("11 09-52598", "09-52598 12"): the footer of an official document's pages.
    (
        r"^(\d{1,4}\s+\d[\d./-]{4,}\d|\d[\d./-]{4,}\d\s+\d{1,4})$",
        RemovalReason::PageFurniture,
    ),
    // Crawl stamps.
    (
        r"^(retrieved|crawled|accessed|fetched|scraped|downloaded|captured|archived|snapshot)( on| at)?(\s|:).*$",
        RemovalReason::CrawlDate,
    ),
];

/// Markers after which the rest of a page is a comment form and readers' comments.
const COMMENT_TAIL_RULE: &str = r"^(leave a (comment|reply)|your email address will not be published.*|\d+ (thoughts|responses|comments) (on|to) .+|comments are closed)[:.!\s]*$";

/// Markers after which the rest of a page is lists of other articles.
const TAIL_RULE: &str = r"^(more articles|latest articles?|related( articles| posts| news)?|read (also|next)|you may also like|most read|читайте (также|еще|ещё)|также читайте|lire aussi|à lire aussi|voir aussi|sur le même sujet)[:.!\s]*$";

struct Compiled {
    set: RegexSet,
    /// [comment-form markers, lists-of-articles markers].
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
            tail: build(&[COMMENT_TAIL_RULE, TAIL_RULE]),
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
    let mut in_tail: Option<RemovalReason> = None;
    let mut cookie_near: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(reason) = in_tail {
            verdict[i] = Some(reason);
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
            let reason = if c.tail.matches(t).matched(0) {
                RemovalReason::CommentForm
            } else {
                RemovalReason::Boilerplate
            };
            verdict[i] = Some(reason);
            in_tail = Some(reason);
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
            // An institution's byline ("By the Press Service of ...") names the issuer: the
            // header reads it.
            if reason == RemovalReason::Byline && super::issuer::names_institution(t) {
                continue;
            }
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
    // (Both look only near lines already removed for their reason: most documents have none.)
    if verdict.contains(&Some(RemovalReason::Navigation)) {
        navigation_blocks(lines, &mut verdict);
    }
    if verdict.contains(&Some(RemovalReason::Caption)) {
        caption_names(lines, &mut verdict);
    }
    verdict
}

/// A label: a short line of a few words that ends no sentence ("Debates", "Texts tabled").
fn label_like(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 40
        && t.split_whitespace().count() <= 4
        && !t.ends_with(['.', '!', '?', ',', ';'])
        && !t.chars().next().is_some_and(char::is_lowercase)
}

/// A block of short navigation labels: in a run of consecutive lines (no blank between)
/// where at least two are navigation already, the other labels are navigation too. A list
/// of short items with no navigation in it (country names, a signature) is kept.
fn navigation_blocks(lines: &[Line<'_>], verdict: &mut [Option<RemovalReason>]) {
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && !lines[end].text.trim().is_empty() {
            end += 1;
        }
        let block = start..end;
        if block.len() >= 3 {
            let nav = block
                .clone()
                .filter(|&i| verdict[i] == Some(RemovalReason::Navigation))
                .count();
            let kept_labels = block
                .clone()
                .filter(|&i| verdict[i].is_none())
                .all(|i| label_like(lines[i].text.trim()));
            if nav >= 2 && nav * 2 >= block.len() && kept_labels {
                for i in block {
                    if verdict[i].is_none() {
                        verdict[i] = Some(RemovalReason::Navigation);
                    }
                }
            }
        }
        start = end + 1;
    }
}

/// A person's name alone on a line, as under a photo: two to four capitalised words, no
/// digits, no institution.
fn name_only(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && t.len() <= 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
        && !super::issuer::names_institution(t)
        && !super::header::is_heading_like(t)
}

/// Names next to a photo credit or caption are the caption's: "Jane Doe" right above
/// "Photo: Ministry press service". A name elsewhere (a signature) is kept.
fn caption_names(lines: &[Line<'_>], verdict: &mut [Option<RemovalReason>]) {
    let neighbour = |i: usize, up: bool| -> Option<usize> {
        let mut j = i;
        loop {
            j = if up { j.checked_sub(1)? } else { j + 1 };
            let t = lines.get(j)?.text.trim();
            if !t.is_empty() {
                return Some(j);
            }
        }
    };
    for i in 0..lines.len() {
        if verdict[i].is_some() || !name_only(lines[i].text.trim()) {
            continue;
        }
        let by_caption = [true, false].iter().any(|&up| {
            neighbour(i, up).is_some_and(|j| verdict[j] == Some(RemovalReason::Caption))
        });
        if by_caption {
            verdict[i] = Some(RemovalReason::Caption);
        }
    }
}

/// A person's name alone between the header (heading, dateline) and the body is a byline
/// or the caption of a photo that was not scraped: "Elena Markova" under "Arvena, 12 March
/// 2024". A name after the body (a signature) is kept, and so is a name with no body below.
pub fn name_under_header(lines: &[Line<'_>], verdict: &mut [Option<RemovalReason>]) {
    let filled = |j: usize| !lines[j].text.trim().is_empty();
    let Some(first) = (0..lines.len()).find(|&j| verdict[j].is_none() && filled(j)) else {
        return;
    };
    let after_header = (0..first)
        .rev()
        .find(|&j| filled(j))
        .is_some_and(|j| verdict[j] == Some(RemovalReason::Metadata));
    let body_below = (first + 1..lines.len()).any(|j| verdict[j].is_none() && filled(j));
    if after_header && body_below && name_only(lines[first].text.trim()) {
        verdict[first] = Some(RemovalReason::Caption);
    }
}

/// Embedded posts of others: a short block (a post is at most a few hundred characters)
/// that ends with a post's attribution ("— Jane Doe (@janedoe) March 3, 2023") by someone
/// other than the statement's issuer is quoted third-party content, removed whole. A long
/// paragraph with a post's link glued to its end, or a post by the issuer's own account,
/// stays the issuer's text.
pub fn embedded_posts(lines: &[Line<'_>], verdict: &mut [Option<RemovalReason>], own: &[&str]) {
    for i in 0..lines.len() {
        let t = lines[i].text;
        if !t.contains("(@") {
            continue;
        }
        let Some(author) = attribution(t) else {
            continue;
        };
        let own_post = own_account(author, own);
        if own_post {
            continue;
        }
        // The block: this line and the lines right above it, up to a blank line.
        let mut first = i;
        while first > 0
            && !lines[first - 1].text.trim().is_empty()
            && verdict[first - 1].is_none()
            && i - first < 6
        {
            first -= 1;
        }
        let body: usize = (first..=i)
            .map(|j| lines[j].text.trim().chars().count())
            .sum();
        if body <= 400 {
            for v in &mut verdict[first..=i] {
                if v.is_none() {
                    *v = Some(RemovalReason::Embed);
                }
            }
        }
    }
}

/// The author's name in a post's attribution at a line's end: "— Jane Doe (@janedoe) March
/// 3, 2023" → "Jane Doe (@janedoe)".
fn attribution(t: &str) -> Option<&str> {
    let at = t.rfind("(@")?;
    let close = at + t[at..].find(')')?;
    let dash = t[..at].rfind(['—', '–'])?;
    let name = t[dash..=close].trim_start_matches(['—', '–']).trim();
    (name.chars().count() <= 80).then_some(name)
}

/// Is the post's author the issuer? A distinctive word of the issuer's name ("Arvenia", not
/// "Ministry") or its acronym ("MFA" for a ministry of foreign affairs) in the author's name
/// or handle.
fn own_account(author: &str, own: &[&str]) -> bool {
    let lower = author.to_lowercase();
    own.iter().any(|w| {
        let w = w.to_lowercase();
        w.chars().count() >= 3 && lower.contains(&w)
    })
}

/// The words of an issuer's name that tell its posts: "Ministry of Foreign Affairs of the
/// Republic of Arvenia" → ["Arvenia", "MFA"].
#[must_use]
pub fn own_words(issuer: &str) -> Vec<&str> {
    const GENERIC: &[&str] = &[
        "the",
        "and",
        "for",
        "republic",
        "ministry",
        "affairs",
        "foreign",
        "european",
        "union",
        "office",
        "service",
        "national",
        "state",
        "government",
        "press",
        "department",
        "committee",
        "council",
        "human",
        "rights",
        "people's",
        "democratic",
        "federal",
        "kingdom",
        "united",
    ];
    let mut out: Vec<&str> = issuer
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| {
            w.chars().count() >= 3
                && w.chars().next().is_some_and(char::is_uppercase)
                && !GENERIC.contains(&w.to_lowercase().as_str())
        })
        .collect();
    let lower = issuer.to_lowercase();
    if lower.contains("foreign affairs") || lower.contains("foreign ministry") {
        out.push("MFA");
    }
    out
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
    "cancel",
    "your",
    "required",
    "name",
    "website",
    "post",
    "save",
    "add",
    "join",
    "views",
    "view",
    "reads",
    "vues",
    "lectures",
    "aufrufe",
    "visitas",
    "görüntülenme",
    "o0o",
    "index",
    "full",
    "texts",
    "document",
    "stage",
    "procedure",
    "go",
    "by",
    "written",
    "reported",
    "text",
    "story",
    "par",
    "von",
    "por",
    "not",
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
    let first = first.strip_suffix(':').unwrap_or(first);
    // A file name or a versioned reference ("RC\1247433EN.docx", "PE702.845v01-00").
    if first.contains('.') && first.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
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
    // Per line: how often it occurs, the lines around its first occurrence, and how many
    // of its occurrences stand among other lines. Running headers and footers recur with
    // new text around them on every page; a paragraph that the statement repeats (or a
    // statement pasted twice) recurs with its neighbours.
    let mut seen: FxHashMap<u64, usize> = FxHashMap::default();
    let mut in_context: FxHashMap<(u64, u64), usize> = FxHashMap::default();
    // The nearest lines that do not recur themselves (a header block's other lines do),
    // looked for a few lines away at most.
    let own_line = |t: &&str| !t.is_empty() && !quick_counts.contains_key(&quick(t));
    let context = |i: usize| -> u64 {
        let prev = lines[i.saturating_sub(6)..i]
            .iter()
            .rev()
            .map(|l| l.text.trim())
            .find(own_line)
            .map_or(0, folded_hash);
        let next = lines[i + 1..lines.len().min(i + 7)]
            .iter()
            .map(|l| l.text.trim())
            .find(own_line)
            .map_or(0, folded_hash);
        prev.rotate_left(17) ^ next
    };
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if furniture_candidate(t) && quick_counts.contains_key(&quick(t)) {
            let k = folded_hash(t);
            *seen.entry(k).or_default() += 1;
            *in_context.entry((k, context(i))).or_default() += 1;
        }
    }
    // Furniture: no one context holds half of the line's occurrences.
    let mut most: FxHashMap<u64, usize> = FxHashMap::default();
    for ((k, _), n) in in_context {
        let m = most.entry(k).or_default();
        *m = (*m).max(n);
    }
    for (k, n) in seen {
        if n >= 3 && most.get(&k).is_some_and(|&m| m * 2 < n) {
            counts.insert(k, n);
        }
    }
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
    let mut seen: HashMap<String, (usize, Vec<&str>)> = HashMap::new();
    for (i, l) in lines.iter().enumerate().take(PREAMBLE_LINES) {
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
        // The line after each occurrence: a site's name recurs in new company (the
        // masthead, then the footer); a heading repeated with its statement recurs with
        // the same line under it.
        let next = lines[i + 1..]
            .iter()
            .map(|n| n.text.trim())
            .find(|n| !n.is_empty())
            .unwrap_or("");
        let e = seen.entry(t.to_owned()).or_default();
        e.0 += 1;
        if !e.1.contains(&next) {
            e.1.push(next);
        }
    }
    seen.into_iter()
        .filter(|(_, (n, nexts))| *n >= 2 && nexts.len() >= 2)
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
    fn a_name_between_the_header_and_the_body_is_a_caption() {
        let text = [
            "Statement of the Ministry",
            "Arvena, 12 March 2024",
            "",
            "Elena Markova",
            "",
            "The Ministry regrets the vote.",
            "",
            "Jan Novak",
        ];
        let lines: Vec<Line<'_>> = text
            .iter()
            .enumerate()
            .map(|(k, t)| Line { no: k + 1, text: t })
            .collect();
        let mut verdict = vec![None; lines.len()];
        verdict[0] = Some(RemovalReason::Metadata);
        verdict[1] = Some(RemovalReason::Metadata);
        name_under_header(&lines, &mut verdict);
        assert_eq!(verdict[3], Some(RemovalReason::Caption));
        // Counter-example: the signature under the body stays.
        assert_eq!(verdict[7], None);
        // Counter-example: with no header above, a name opening the text stays.
        let mut verdict = vec![None; lines.len()];
        verdict[0] = Some(RemovalReason::Headline);
        verdict[1] = Some(RemovalReason::Headline);
        name_under_header(&lines, &mut verdict);
        assert_eq!(verdict[3], None);
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
    fn comment_forms_counters_ornaments_and_page_labels() {
        for (line, reason) in [
            ("Leave a Reply", RemovalReason::CommentForm),
            (
                "Your email address will not be published. Required fields are marked *",
                RemovalReason::CommentForm,
            ),
            ("Name *", RemovalReason::CommentForm),
            (
                "Save my name, email, and website in this browser for the next time I comment.",
                RemovalReason::CommentForm,
            ),
            ("1810 views", RemovalReason::Boilerplate),
            ("11564x gelesen", RemovalReason::Boilerplate),
            ("Views: 1 810", RemovalReason::Boilerplate),
            ("Просмотров: 312", RemovalReason::Boilerplate),
            ("* *** *", RemovalReason::Boilerplate),
            ("# #", RemovalReason::Boilerplate),
            ("Back to top button", RemovalReason::Boilerplate),
            ("Search in archive", RemovalReason::Boilerplate),
            ("Not an official record", RemovalReason::Boilerplate),
            ("Privacy Preferences", RemovalReason::Boilerplate),
            ("Previous", RemovalReason::Navigation),
            ("Full text", RemovalReason::Navigation),
            ("Procedure : 2023/2578(RSP)", RemovalReason::Navigation),
            ("Document stages in plenary", RemovalReason::Navigation),
            ("By Jane Doe", RemovalReason::Byline),
            ("RC\\1247433EN.docx", RemovalReason::PageFurniture),
            ("PE702.845v01-00", RemovalReason::PageFurniture),
            (
                "PE702.845v01-00 3/3 RC\\1247433EN.docx",
                RemovalReason::PageFurniture,
            ),
        ] {
            assert_eq!(reason_of(line), Some(reason), "{line}");
        }
    }

    #[test]
    fn one_line_paragraphs_that_look_like_chrome_are_kept() {
        for line in [
            "1810 people were detained after the protest.",
            "In 2023 views differed on the reform.",
            "* The Ministry recalls its earlier statement.",
            "Next steps",
            "By the Press Service of the President",
            "By 2030 the programme will cover every region.",
            "Your Excellency, Mr. President",
            "The report is published as annex.pdf today.",
            "Leave to appeal was refused by the court.",
        ] {
            assert_eq!(reason_of(line), None, "{line}");
        }
    }

    #[test]
    fn a_block_of_navigation_labels_goes_whole_but_a_list_of_names_stays() {
        let v = run(
            "Index\nPrevious\nNext\nDebates\nVotes\n\nThe Parliament adopted the text by a large majority today.",
        );
        assert_eq!(&v[..5], &[Some(RemovalReason::Navigation); 5]);
        assert_eq!(v[6], None);
        let v = run(
            "Armenia\nAzerbaijan\nGeorgia\n\nThe three states signed the declaration together today.",
        );
        assert!(v.iter().all(Option::is_none));
    }

    #[test]
    fn a_name_under_a_photo_is_the_caption_but_a_signature_stays() {
        let v = run(
            "The Minister met the delegation on Monday and discussed the report.\n\nJane Doe\nPhoto: Ministry press service\n\nThe talks will continue in May.\n\nJohn Roe",
        );
        assert_eq!(v[2], Some(RemovalReason::Caption));
        assert_eq!(v[3], Some(RemovalReason::Caption));
        assert_eq!(v[7], None);
    }

    #[test]
    fn comment_tail() {
        let mut text = String::new();
        for _ in 0..8 {
            text.push_str(
                "A long sentence of the statement that is prose and not chrome at all.\n",
            );
        }
        text.push_str("Leave a Reply\nGreat statement, thank you!\nPost Comment\n");
        let v = run(&text);
        assert_eq!(v[8..], [Some(RemovalReason::CommentForm); 3]);
        assert_eq!(v[7], None);
    }

    #[test]
    fn embedded_posts_of_others_go_but_the_issuers_own_stay() {
        let text = "The Ministry welcomes the vote held yesterday in the Parliament.\n\nWe call for the release of the journalists now. pic.twitter.com/AbC — Jane Doe MEP (@janedoe) March 3, 2023\n\nOur visa rules change today. pic.twitter.com/XyZ — MFA Arvenia (@MFA_Arvenia) March 3, 2023";
        let lines: Vec<Line<'_>> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect();
        let mut v = classify(&lines, &Context::default());
        embedded_posts(
            &lines,
            &mut v,
            &own_words("Ministry of Foreign Affairs of the Republic of Arvenia"),
        );
        assert_eq!(v[0], None);
        assert_eq!(v[2], Some(RemovalReason::Embed));
        assert_eq!(v[4], None, "the issuer's own post");
    }

    #[test]
    fn a_statement_repeated_whole_keeps_its_repeats() {
        // The same statement pasted three times: its headings recur, but always with the
        // same lines around them, so they are text, not running headers.
        let one = "Statement on the elections\nArvena, 3 May 2024\n\nThe Ministry welcomes the conduct of the elections.\n\nNext Steps\n\nThe Ministry will follow the count.\n";
        let text = one.repeat(3);
        let v = run(&text);
        assert!(v.iter().all(Option::is_none), "{v:?}");
        // Counter-example: a running header among new text on every page is furniture.
        let text = "ARVENIA MFA BULLETIN\nFirst page text goes on\nARVENIA MFA BULLETIN\nsecond page text\nARVENIA MFA BULLETIN\nthird page text";
        let lines: Vec<Line<'_>> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t })
            .collect();
        assert!(repeated_lines(&lines).contains_key(&folded_hash("ARVENIA MFA BULLETIN")));
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
