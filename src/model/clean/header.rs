//! The header of a statement: its own title (not the publisher's headline), issuer, place,
//! the statement's date and the page's date, read from the text's own lines.

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::{Hints, Line};
use crate::model::dates::find_date;
use crate::model::statement::{Metadata, RemovalReason};

/// How many kept lines from the top can belong to the header.
const HEADER_LINES: usize = 14;

/// Words that may open a heading before its kind: "Joint statement", "Press release".
const QUALIFIERS: &str = r"(?:(?:joint|press|official|public|written|oral|final)\s+)?";
/// Kinds of text that name their issuer right after: "Statement of ...", "Заявление ...".
const STRONG_KINDS: &str = r"statement|declaration|communiqu[ée]|press release|comment|commentary|note verbale|message|appeal|заявление|совместное заявление|комментарий|сообщение|обращение|déclaration|communiqu[ée] de presse|press statement";
/// Other kinds a heading can start with.
const OTHER_KINDS: &str =
    r"resolution|address|remarks|briefing|information|резолюция|résolution|avis";

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex: {e}"))
}

/// Whether a line reads like a statement's heading ("Statement by the Spokesperson"): such
/// a line is never site chrome, however many statements share it.
#[must_use]
pub fn is_heading_like(line: &str) -> bool {
    title_re().is_match(line)
}

/// A heading of any kind, or "<someone> resolution/statement of|by|on ...".
fn title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(&format!(
            r"(?i)^{QUALIFIERS}(?:{STRONG_KINDS}|{OTHER_KINDS})\b|^.{{0,80}}\b(?:resolution|statement|declaration|résolution|déclaration)\s+(?:of|by|on|du|de|des)\b"
        ))
    })
}

/// Headings that open with the kind of text: "Statement of ...", "Заявление ...".
fn strong_title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(&format!(r"(?i)^{QUALIFIERS}(?:{STRONG_KINDS})\b")))
}

fn published_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(r"(?i)\b(published|posted|updated|last updated|publié|mis à jour|опубликовано|обновлено|дата публикации)\b")
    })
}

fn crawl_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(r"(?i)\b(retrieved|crawled|accessed|fetched|scraped|downloaded|captured|archived|snapshot|дата обращения|consulté)\b")
    })
}

/// The issuer named by a heading: "Statement of the Ministry of ..." → "Ministry of ...",
/// "European Parliament resolution of ..." → "European Parliament", "Заявление МИД России" → "МИД России".
#[must_use]
pub fn issuer_from_title(title: &str) -> Option<String> {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    let res = RE.get_or_init(|| {
        let r = compile;
        [
            r(r"(?i)^(?:(?:joint|press|official)\s+)?(?:statement|declaration|communiqu[ée]|comment|press release|message|appeal)\s+(?:of|by|from)\s+(?:the\s+)?(.+?)\s*$"),
            r(r"(?i)^(?:déclaration|communiqu[ée])\s+(?:du|de la|de l'|de l’|des)\s*(.+?)$"),
            r(r"(?i)^(?:заявление|комментарий|сообщение|совместное заявление)\s+(?:для сми\s+)?(.+?)$"),
        ]
    });
    for re in &res[..] {
        if let Some(c) = re.captures(title.trim()) {
            let issuer = c.get(1)?.as_str();
            // Stop at a topic clause: "... of Kazakhstan on the resolution ..." → "... of Kazakhstan".
            let issuer = topic_cut(issuer);
            let issuer = issuer.trim_end_matches(['.', ':', ',']).trim();
            if !issuer.is_empty() {
                return Some(capitalise(issuer));
            }
        }
    }
    let lower = title.to_lowercase();
    for kw in [" resolution", " statement", " declaration"] {
        if let Some(i) = lower.find(kw)
            && i > 0
            && title.is_char_boundary(i)
        {
            let who = title[..i].trim();
            if who.chars().next().is_some_and(char::is_uppercase)
                && who.split_whitespace().count() <= 8
            {
                return Some(who.to_owned());
            }
        }
    }
    None
}

/// Upper-cases the first letter: "ministère des Affaires étrangères" → "Ministère ...".
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Cuts a topic clause off a name: "Ministry of X on the resolution" → "Ministry of X", but
/// "Committee on Foreign Affairs" stays whole (a capital after "on" continues the name).
fn topic_cut(name: &str) -> &str {
    const KEYS: &[&str] = &[
        " on ",
        " regarding ",
        " concerning ",
        " in connection ",
        " about ",
        " по ",
        " о ",
        " в связи ",
        " sur ",
        " concernant ",
    ];
    let mut best = name.len();
    for k in KEYS {
        for (i, _) in name.match_indices(k) {
            let after = name[i + k.len()..].chars().next();
            if after.is_some_and(char::is_lowercase) && i < best {
                best = i;
            }
        }
    }
    &name[..best]
}

/// A line that is a place and a date ("Nur-Sultan 21 January 2022", "Paris, le 3 mars 2023")
/// or a date alone. Returns the place (if any) and the date; `None` for a sentence with a date.
#[must_use]
pub fn place_and_date(line: &str) -> Option<(Option<String>, NaiveDate)> {
    let t = line.trim();
    let hit = find_date(t)?;
    let after = t.get(hit.end..)?.trim();
    let after_ok = after.is_empty()
        || after.chars().count() <= 8
            && after
                .trim_matches(|c: char| c.is_whitespace() || ".,)–—-".contains(c))
                .split_whitespace()
                .all(|w| {
                    ["г", "г.", "года", "year", "ans", "utc", "gmt"]
                        .contains(&w.to_lowercase().as_str())
                        || w.contains(':')
                });
    if !after_ok {
        return None;
    }
    let before = t.get(..hit.start)?;
    let mut place = before.trim();
    loop {
        let next = place
            .trim_end_matches(|c: char| c.is_whitespace() || ",–—-:".contains(c))
            .trim_end_matches(" le")
            .trim_end_matches(" on")
            .trim_end_matches(" в");
        if next == place {
            break;
        }
        place = next;
    }
    if place.is_empty() {
        return Some((None, hit.date));
    }
    let words = place.split_whitespace().count();
    let looks_like_place = words <= 4
        && !published_re().is_match(place)
        && !crawl_re().is_match(place)
        && place.chars().count() <= 40
        && place.chars().next().is_some_and(char::is_uppercase)
        && !place.chars().any(|c| c.is_ascii_digit());
    if looks_like_place {
        Some((Some(place.to_owned()), hit.date))
    } else {
        None
    }
}

/// A line that is nothing but a date, possibly with a weekday, a time or a "Published:" label.
fn bare_date(line: &str) -> Option<NaiveDate> {
    let t = line.trim();
    let hit = find_date(t)?;
    let rest: String = format!("{} {}", t.get(..hit.start)?, t.get(hit.end..)?);
    let rest = published_re().replace_all(&rest, "");
    let rest = crawl_re().replace_all(&rest, "");
    let leftover = rest
        .split(|c: char| c.is_whitespace() || ",:;|–—-()".contains(c))
        .filter(|w| {
            !w.is_empty()
                && !w.contains(':')
                && ![
                    "on", "at", "le", "à", "в", "am", "pm", "utc", "gmt", "г.", "г",
                ]
                .contains(&w.to_lowercase().as_str())
        })
        .count();
    (leftover == 0).then_some(hit.date)
}

/// Reads title, issuer, place and dates from the top lines, marking the lines it consumes
/// (and the publisher's headlines above the statement's own heading) in `verdict`.
pub fn read_header(
    lines: &[Line<'_>],
    verdict: &mut [Option<RemovalReason>],
    hints: &Hints,
) -> Metadata {
    let mut meta = Metadata::default();
    // Indices of kept, non-blank lines in the header region.
    let mut region: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if verdict[i].is_some() || l.text.trim().is_empty() {
            continue;
        }
        let t = l.text.trim();
        let n = t.chars().count();
        // The body begins at a long line, or at a hard-wrapped block (a long line run on by
        // the next one).
        let next_runs_on = lines
            .get(i + 1)
            .is_some_and(|nl| verdict[i + 1].is_none() && nl.text.trim().chars().count() > 40);
        if n > 150
            || region.len() >= HEADER_LINES
            || (n > 60 && next_runs_on && !t.ends_with(['.', '!', '?']))
        {
            break;
        }
        region.push(i);
        if n > 60 && t.ends_with(['.', '!', '?']) && find_date(t).is_none() {
            break;
        }
    }
    let text = |i: usize| lines[i].text.trim();
    // Crawl stamps are never the statement's or the page's date.
    for &i in &region {
        if crawl_re().is_match(text(i)) && find_date(text(i)).is_some() {
            verdict[i] = Some(RemovalReason::CrawlDate);
        }
    }
    region.retain(|&i| verdict[i].is_none());
    let is_title = |i: usize, strong: bool| {
        let t = text(i);
        let m = if strong {
            strong_title_re().is_match(t)
        } else {
            title_re().is_match(t)
        };
        m && !t.ends_with('.') && place_and_date(t).is_none()
    };
    let title_pos = region
        .iter()
        .rposition(|&i| is_title(i, true))
        .or_else(|| region.iter().rposition(|&i| is_title(i, false)))
        .or_else(|| {
            let hint = hints.title.as_deref().map(normalise)?;
            region.iter().position(|&i| normalise(text(i)) == hint)
        });
    let title_pos = title_pos.or_else(|| {
        // Otherwise the first short line that is neither a date nor a sentence.
        region.iter().position(|&i| {
            let t = text(i);
            t.chars().count() <= 150
                && !t.ends_with(['.', ',', ';'])
                && find_date(t).is_none()
                && region.len() > 1
        })
    });
    if let Some(tp) = title_pos {
        let ti = region[tp];
        meta.title = Some(text(ti).to_owned());
        verdict[ti] = Some(RemovalReason::Metadata);
        for &i in &region[..tp] {
            let t = text(i);
            if let Some(d) = bare_date(t) {
                if meta.published.is_none() {
                    meta.published = Some(d);
                }
                verdict[i] = Some(RemovalReason::Metadata);
            } else if let Some((place, d)) = place_and_date(t) {
                meta.date.get_or_insert(d);
                if meta.place.is_none() {
                    meta.place = place;
                }
                verdict[i] = Some(RemovalReason::Metadata);
            } else if let Some(hit) =
                find_date(t).filter(|_| t.chars().count() <= 60 && meta.published.is_none())
            {
                // A dated strip above the heading ("News | 03.03.2023 | 5 min read") is the page's date.
                meta.published = Some(hit.date);
                verdict[i] = Some(RemovalReason::Metadata);
            } else {
                verdict[i] = Some(RemovalReason::Headline);
            }
        }
        let mut dated = false;
        for &i in region.iter().skip(tp + 1).take(3) {
            let t = text(i);
            if published_re().is_match(t) {
                // "Published on 05.10.2023" under the heading: the page's date.
                if let Some(d) = bare_date(t) {
                    meta.published.get_or_insert(d);
                    verdict[i] = Some(RemovalReason::Metadata);
                }
                continue;
            }
            if dated {
                continue;
            }
            if t.starts_with('(') && t.ends_with(')') && t.chars().count() <= 40 {
                // A procedure reference under the heading: "(2023/2578(RSP))".
                verdict[i] = Some(RemovalReason::Metadata);
                continue;
            }
            if let Some((place, d)) = place_and_date(t) {
                if meta.date.is_none() {
                    meta.date = Some(d);
                    meta.place = place;
                } else if meta.published.is_none() {
                    meta.published = Some(d);
                }
                verdict[i] = Some(RemovalReason::Metadata);
                dated = true;
            }
        }
    } else {
        // No heading: a leading place+date line is the statement's date, a bare date the page's.
        for &i in region.iter().take(3) {
            let t = text(i);
            if let Some(d) = bare_date(t).filter(|_| published_re().is_match(t)) {
                meta.published.get_or_insert(d);
                verdict[i] = Some(RemovalReason::Metadata);
            } else if let Some((place, d)) = place_and_date(t)
                && meta.date.is_none()
            {
                meta.date = Some(d);
                meta.place = place;
                verdict[i] = Some(RemovalReason::Metadata);
            }
        }
    }
    if meta.date.is_none() {
        // "European Parliament resolution of 9 March 2023 on ...": the heading's own date.
        meta.date = meta.title.as_deref().and_then(find_date).map(|h| h.date);
    }
    if meta.date.is_none() || meta.published.is_none() {
        signed_date(lines, verdict, &mut meta);
    }
    meta.issuer = meta.title.as_deref().and_then(issuer_from_title);
    meta
}

/// A closing "Brussels, 9 March 2023" line gives the date when the header did not.
fn signed_date(lines: &[Line<'_>], verdict: &mut [Option<RemovalReason>], meta: &mut Metadata) {
    let tail: Vec<usize> = (0..lines.len())
        .rev()
        .filter(|&i| verdict[i].is_none() && !lines[i].text.trim().is_empty())
        .take(4)
        .collect();
    for i in tail {
        let t = lines[i].text.trim();
        if t.chars().count() > 60 {
            continue;
        }
        if published_re().is_match(t) {
            if let Some(d) = bare_date(t).filter(|_| meta.published.is_none()) {
                meta.published = Some(d);
                verdict[i] = Some(RemovalReason::Metadata);
            }
            continue;
        }
        if meta.date.is_some() {
            continue;
        }
        if let Some((place, d)) = place_and_date(t) {
            meta.date = Some(d);
            if meta.place.is_none() {
                meta.place = place;
            }
            verdict[i] = Some(RemovalReason::Metadata);
        }
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_from_statement_headings() {
        assert_eq!(
            issuer_from_title(
                "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan"
            )
            .as_deref(),
            Some("Ministry of Foreign Affairs of the Republic of Kazakhstan")
        );
        assert_eq!(
            issuer_from_title("European Parliament resolution of 9 March 2023 on media freedom")
                .as_deref(),
            Some("European Parliament")
        );
        assert_eq!(
            issuer_from_title(
                "Statement by the Human Rights Ombudsperson on the events of January"
            )
            .as_deref(),
            Some("Human Rights Ombudsperson")
        );
        assert_eq!(
            issuer_from_title("Заявление МИД России").as_deref(),
            Some("МИД России")
        );
        assert_eq!(issuer_from_title("Weather report").as_deref(), None);
    }
}
