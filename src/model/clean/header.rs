//! The header of a statement: its own title (not the publisher's headline), issuer, place,
//! the statement's date and the page's date, read from the text's own lines.

use std::cell::OnceCell;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::{Hints, Line, issuer};
use crate::model::dates::{
    DateHit, DateOrder, DayMonth, day_month_only, find_all_dates, find_date, find_date_in_order,
};
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
    title_match(line)
}

/// A heading of any kind, or "<someone> resolution/statement of|by|on ...".
fn title_match(t: &str) -> bool {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    let [kind, someones] = RE.get_or_init(|| {
        [
            compile(&format!(
                r"(?i)^{QUALIFIERS}(?:{STRONG_KINDS}|{OTHER_KINDS})\b"
            )),
            // Unanchored, so that the search starts at the literal words (a prefilter)
            // rather than walking every line from its start; the position is checked after.
            compile(
                r"(?i)\b(?:resolution|statement|declaration|résolution|déclaration)\s+(?:of|by|on|du|de|des)\b",
            ),
        ]
    });
    kind.is_match(t)
        || someones
            .find(t.get(..t.len().min(200)).unwrap_or(t))
            .is_some_and(|m| t[..m.start()].chars().count() <= 80)
}

/// Headings that open with the kind of text: "Statement of ...", "Заявление ...".
fn strong_title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(&format!(r"(?i)^{QUALIFIERS}(?:{STRONG_KINDS})\b")))
}

fn published_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(r"(?i)\b(published|posted|updated|last updated|re-?posted|republished|re-?shared|publié|mis à jour|republié|опубликовано|обновлено|дата публикации|veröffentlicht|publicado|yayınlanma)\b")
    })
}

fn crawl_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(r"(?i)\b(retrieved|crawled|accessed|fetched|scraped|downloaded|captured|archived|snapshot|дата обращения|consulté)\b")
    })
}

/// A line that is a place and a date ("Nur-Sultan 21 January 2022", "Paris, le 3 mars 2023",
/// "Wednesday, 4 October 2023 - Strasbourg") or a date alone. Returns the place (if any)
/// and the date; `None` for a sentence with a date. Numeric dates are read day-first.
#[must_use]
pub fn place_and_date(line: &str) -> Option<(Option<String>, NaiveDate)> {
    place_and_date_with(line, find_date)
}

fn place_and_date_with(
    line: &str,
    find: impl Fn(&str) -> Option<DateHit>,
) -> Option<(Option<String>, NaiveDate)> {
    let t = line.trim();
    let hit = find(t)?;
    let after = t.get(hit.end..)?.trim();
    // A place may follow the date after a dash: "4 October 2023 - Strasbourg".
    let place_after = after
        .strip_prefix(['-', '–', '—', '|'])
        .map(str::trim)
        .filter(|p| looks_like_place(p) && !title_match(p));
    let after_ok = after.is_empty()
        || place_after.is_some()
        || after.chars().count() <= 8
            && after
                .trim_matches(|c: char| c.is_whitespace() || ".,)–—-".contains(c))
                .split_whitespace()
                .all(|w| {
                    ["г", "г.", "года", "year", "ans", "utc", "gmt", "ж", "ж."]
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
        return Some((place_after.map(str::to_owned), hit.date));
    }
    if looks_like_place(place) {
        Some((Some(place.to_owned()), hit.date))
    } else {
        None
    }
}

/// A place name as datelines give it: a few capitalised words, no digits, no label.
fn looks_like_place(place: &str) -> bool {
    let words = place.split_whitespace().count();
    (1..=4).contains(&words)
        && !published_re().is_match(place)
        && !crawl_re().is_match(place)
        && place.chars().count() <= 40
        && place.chars().next().is_some_and(char::is_uppercase)
        && !place.chars().any(|c| c.is_ascii_digit())
}

/// A line that is nothing but a date, possibly with a weekday, a time or a "Published:" label.
fn bare_date_with(line: &str, find: impl Fn(&str) -> Option<DateHit>) -> Option<NaiveDate> {
    let t = line.trim();
    let hit = find(t)?;
    let rest: String = format!("{} {}", t.get(..hit.start)?, t.get(hit.end..)?);
    let rest = published_re().replace_all(&rest, "");
    let rest = crawl_re().replace_all(&rest, "");
    let leftover = rest
        .split(|c: char| c.is_whitespace() || ",:;|–—-()".contains(c))
        .filter(|w| {
            !w.is_empty()
                && !w.contains(':')
                && ![
                    "on", "at", "le", "à", "в", "am", "pm", "utc", "gmt", "г.", "г", "date",
                    "dated", "datum", "fecha", "tarih",
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
) -> Header {
    let mut meta = Metadata::default();
    let mut warnings: Vec<String> = Vec::new();
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
        // (A long heading directly above a long line stays in: the next line does not
        // continue it.)
        let body_starts = n > 60
            && next_runs_on
            && !t.ends_with(['.', '!', '?'])
            && (continued_by_next(lines, verdict, i) || !title_match(t));
        if n > 150 || region.len() >= HEADER_LINES || body_starts {
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
    // A line that the next line continues as a sentence is body text, never a heading;
    // and a heading has no such line above it (that would be the body's first sentence).
    let continued: Vec<bool> = region
        .iter()
        .map(|&i| continued_by_next(lines, verdict, i))
        .collect();
    let heading_ok = |pos: usize| !continued[..=pos].iter().any(|&c| c);
    let is_title = |pos: usize, strong: bool| {
        let t = text(region[pos]);
        let m = if strong {
            strong_title_re().is_match(t)
        } else {
            title_match(t)
        };
        m && !t.ends_with(['.', ',', ';'])
            && !is_list_item(t)
            && place_and_date(t).is_none()
            && heading_ok(pos)
    };
    let title_pos = (0..region.len())
        .rev()
        .find(|&p| is_title(p, true))
        .or_else(|| (0..region.len()).rev().find(|&p| is_title(p, false)))
        .or_else(|| {
            let hint = hints.title.as_deref().map(normalise)?;
            (0..region.len()).find(|&p| normalise(text(region[p])) == hint && heading_ok(p))
        });
    let title_pos = title_pos.or_else(|| {
        // Otherwise a short line that stands alone (a blank line or a dateline under it),
        // is neither a date, a sentence nor a salutation, and has no body text above it.
        (0..region.len()).find(|&p| {
            let i = region[p];
            let t = text(i).trim_matches(['*', '_', ' ']);
            t.chars().count() <= 150
                && !t.ends_with(['.', ',', ';', ':', '!'])
                && t.split_whitespace()
                    .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                    .count()
                    >= 2
                && !starts_numbered(t)
                && find_date(t).is_none()
                && !issuer::is_publisher_name(t)
                && (region.len() > 1 || has_text_after(lines, verdict, i))
                && !opens_speech(t)
                && stands_alone(lines, verdict, i)
                && heading_ok(p)
                && !region[..p].iter().any(|&j| opens_speech(text(j)))
        })
    });
    let dater = Dater::new(lines);
    let mut parts: Vec<(usize, Vec<(String, RemovalReason)>)> = Vec::new();
    let mut consumed: Vec<usize> = Vec::new();
    let mut take = |verdict: &mut [Option<RemovalReason>], i: usize, reason: RemovalReason| {
        verdict[i] = Some(reason);
        consumed.push(i);
    };
    // Dates standing alone above the heading, top to bottom.
    let mut above: Vec<NaiveDate> = Vec::new();
    let mut wire_date: Option<NaiveDate> = None;
    let mut yearless: Option<(Option<String>, DayMonth)> = None;
    // Institutions named around the heading: by a source line or a byline (they say who
    // issued the text), and by a line above the heading or the site's suffix (they say
    // whose page it is, for a bare "Statement by the Spokesperson").
    let mut named_issuer: Option<String> = None;
    let mut page_institution: Option<String> = None;
    let below: Vec<usize>;
    if let Some(tp) = title_pos {
        let ti = region[tp];
        let (title, suffix) = split_site_suffix(text(ti));
        let (numbered, title) = split_number_and_date(title, &dater);
        meta.title = Some(title.to_owned());
        take(verdict, ti, RemovalReason::Metadata);
        if let Some((prefix, d)) = numbered {
            meta.date = Some(d);
            let mut p = vec![
                (prefix.to_owned(), RemovalReason::Metadata),
                (title.to_owned(), RemovalReason::Metadata),
            ];
            if let Some(sfx) = suffix {
                p.push((sfx.to_owned(), RemovalReason::Publisher));
            }
            parts.push((ti, p));
        } else if let Some(sfx) = suffix {
            parts.push((
                ti,
                vec![
                    (title.to_owned(), RemovalReason::Metadata),
                    (sfx.to_owned(), RemovalReason::Publisher),
                ],
            ));
        }
        if let Some(sfx) = suffix {
            page_institution = site_institution(sfx);
        }
        for &i in &region[..tp] {
            let t = text(i);
            if published_re().is_match(t)
                && let Some(hit) = dater.hit(t).filter(|_| t.chars().count() <= 60)
            {
                // "Reposted on 3 June 2024", "Published: 05.10.2023": the page's date, never
                // the statement's, however it is phrased.
                meta.published.get_or_insert(hit.date);
                take(verdict, i, RemovalReason::Metadata);
            } else if let Some((d, agency)) = wire_line(t, &dater) {
                meta.published.get_or_insert(d);
                wire_date.get_or_insert(d);
                take(verdict, i, RemovalReason::Metadata);
                parts.push((i, wire_parts(t, agency)));
            } else if let Some(d) = dater.bare_date(t) {
                if published_re().is_match(t) {
                    meta.published.get_or_insert(d);
                } else {
                    above.push(d);
                }
                take(verdict, i, RemovalReason::Metadata);
            } else if let Some((place, d)) = dater.place_and_date(t) {
                meta.date.get_or_insert(d);
                if meta.place.is_none() {
                    meta.place = place;
                }
                take(verdict, i, RemovalReason::Metadata);
            } else if let Some(hit) = dater.hit(t).filter(|_| t.chars().count() <= 60) {
                // A dated strip above the heading ("News | 03.03.2023 | 5 min read") is the page's date.
                meta.published.get_or_insert(hit.date);
                take(verdict, i, RemovalReason::Metadata);
            } else if let Some(who) = issuer::source_line(t).or_else(|| issuer::byline(t)) {
                named_issuer.get_or_insert(who);
                take(verdict, i, RemovalReason::Metadata);
            } else if issuer::is_publisher_name(t) {
                // The site's or agency's name above the headline ("Arvena Post").
                take(verdict, i, RemovalReason::Publisher);
            } else {
                if t.chars().count() <= 80
                    && let Some(inst) = issuer::normalise_issuer(t)
                {
                    page_institution = Some(inst);
                }
                verdict[i] = Some(RemovalReason::Headline);
            }
        }
        below = region.iter().skip(tp + 1).take(4).copied().collect();
    } else {
        // No heading: only dates, bylines and source lines at the top are consumed.
        below = region.iter().take(3).copied().collect();
    }
    let mut dated = false;
    for i in below {
        let t = text(i);
        if published_re().is_match(t) {
            // "Published on 05.10.2023" under the heading: the page's date.
            if let Some(d) = dater.bare_date(t) {
                meta.published.get_or_insert(d);
                take(verdict, i, RemovalReason::Metadata);
            }
            continue;
        }
        if let Some((d, agency)) = wire_line(t, &dater) {
            meta.published.get_or_insert(d);
            wire_date.get_or_insert(d);
            take(verdict, i, RemovalReason::Metadata);
            parts.push((i, wire_parts(t, agency)));
            continue;
        }
        if let Some(who) = issuer::source_line(t).or_else(|| issuer::byline(t)) {
            named_issuer.get_or_insert(who);
            take(verdict, i, RemovalReason::Metadata);
            continue;
        }
        if meta.title.is_some()
            && named_issuer.is_none()
            && let Some(who) = issuer_line(t)
        {
            // A letterhead under a bare heading ("Press Release" / "Ministry of Foreign
            // Affairs of the République du Valdor"): who issued it.
            named_issuer = Some(who);
            take(verdict, i, RemovalReason::Metadata);
            continue;
        }
        if dated {
            continue;
        }
        if meta.title.is_some() && t.starts_with('(') && t.ends_with(')') && t.chars().count() <= 40
        {
            // A procedure reference under the heading: "(2023/2578(RSP))".
            take(verdict, i, RemovalReason::Metadata);
            continue;
        }
        if let Some((place, d)) = dater.place_and_date(t) {
            if meta.date.is_none() {
                meta.date = Some(d);
                meta.place = place;
            } else if meta.published.is_none() {
                meta.published = Some(d);
            }
            take(verdict, i, RemovalReason::Metadata);
            dated = true;
        } else if let Some((place, dm)) = place_and_day_month(t) {
            // "Brussels, July 8": the year comes from the page's date, below.
            yearless = Some((place, dm));
            take(verdict, i, RemovalReason::Metadata);
            dated = true;
        }
    }
    if meta.date.is_none() {
        // "European Parliament resolution of 9 March 2023 on ...": the heading's own date.
        meta.date = meta
            .title
            .as_deref()
            .and_then(|t| dater.hit(t))
            .map(|h| h.date);
    }
    if meta.date.is_none()
        && let Some((place, d)) =
            first_body_line(lines, verdict).and_then(|t| lead_dateline(t, &dater))
    {
        // A wire lead: "New York, 5 May 2023 (Agency) -- The spokesperson ...". The dateline
        // stays in the paragraph (it is the lead's); the date and place are read from it.
        meta.date = Some(d);
        if meta.place.is_none() {
            meta.place = place;
        }
    }
    let signed = signed_date(lines, verdict, &mut meta, &dater);
    consumed.extend(signed.lines);
    if named_issuer.is_none() {
        named_issuer = signed.issuer;
    }
    // A date alone right above the heading ("08/10/2004" over "Press Release") is the
    // statement's own when nothing else dates it; otherwise it is the page's.
    if meta.date.is_none() {
        meta.date = above.pop();
    }
    if let Some(&d) = above.first() {
        meta.published.get_or_insert(d);
    }
    if let Some((place, dm)) = yearless {
        if meta.place.is_none() {
            meta.place = place;
        }
        if meta.date.is_none() {
            meta.date = year_for(dm, meta.published.or(wire_date), lines);
            if meta.date.is_none() {
                warnings.push(format!(
                    "dateline without a year ({}): no other date gives its year",
                    dm_text(dm)
                ));
            }
        }
    }
    // A wire report's date is the statement's when nothing closer dates it.
    if meta.date.is_none() {
        meta.date = wire_date;
    }
    meta.issuer = meta.title.as_deref().and_then(issuer::issuer_from_title);
    match &meta.issuer {
        None => meta.issuer = named_issuer.or(page_institution),
        Some(i) if issuer::is_bare_office(i) => {
            if let Some(inst) = named_issuer.or(page_institution) {
                meta.issuer = Some(inst);
            }
        }
        Some(_) => {}
    }
    // Say how a date that reads both ways was read.
    consumed.sort_unstable();
    consumed.dedup();
    for &i in &consumed {
        let t = text(i);
        if let Some(hit) = dater.hit(t).filter(|h| h.ambiguous)
            && (Some(hit.date) == meta.date || Some(hit.date) == meta.published)
        {
            let (order, why) = dater.order();
            let raw = t.get(hit.start..hit.end).unwrap_or(t);
            warnings.push(format!(
                "ambiguous date \"{raw}\" (line {}) read {} as {}: {why}",
                lines[i].no,
                match order {
                    DateOrder::DayFirst => "day first",
                    DateOrder::MonthFirst => "month first",
                },
                hit.date.format("%Y-%m-%d"),
            ));
        }
    }
    Header {
        meta,
        parts,
        warnings,
    }
}

/// What the header gave: the metadata, the lines consumed in parts (a heading with the
/// site's name after it, a wire line with the agency), and warnings (how an ambiguous date
/// was read).
#[derive(Debug, Default)]
pub struct Header {
    pub meta: Metadata,
    /// Line index → its parts and their reasons, in place of the whole line's entry.
    pub parts: Vec<(usize, Vec<(String, RemovalReason)>)>,
    pub warnings: Vec<String>,
}

/// Reads dates in the order the statement writes them, deciding it only when a date that
/// reads both ways is met.
struct Dater<'l, 'a> {
    lines: &'l [Line<'a>],
    order: OnceCell<(DateOrder, &'static str)>,
}

impl<'l, 'a> Dater<'l, 'a> {
    fn new(lines: &'l [Line<'a>]) -> Self {
        Self {
            lines,
            order: OnceCell::new(),
        }
    }

    fn order(&self) -> (DateOrder, &'static str) {
        *self.order.get_or_init(|| doc_order(self.lines))
    }

    fn hit(&self, t: &str) -> Option<DateHit> {
        let hit = find_date(t)?;
        if hit.ambiguous && self.order().0 == DateOrder::MonthFirst {
            return find_date_in_order(t, DateOrder::MonthFirst);
        }
        Some(hit)
    }

    fn place_and_date(&self, t: &str) -> Option<(Option<String>, NaiveDate)> {
        place_and_date_with(t, |t| self.hit(t))
    }

    fn bare_date(&self, t: &str) -> Option<NaiveDate> {
        bare_date_with(t, |t| self.hit(t))
    }
}

/// How the statement writes numeric dates, and why: its other dates first (`13/10/2004`
/// is day-first, `October 8, 2004` month-first), then its language (statements in French,
/// Russian, German, Spanish, Turkish or Kazakh write day first), then its place (a dateline
/// in the United States: month first). Without any of these: day first, said so.
fn doc_order(lines: &[Line<'_>]) -> (DateOrder, &'static str) {
    let (mut day, mut month) = (0usize, 0usize);
    for l in lines {
        for hit in find_all_dates(l.text) {
            if hit.ambiguous {
                continue;
            }
            match l.text.get(hit.start..hit.end).and_then(date_style) {
                Some(DateOrder::DayFirst) => day += 1,
                Some(DateOrder::MonthFirst) => month += 1,
                None => {}
            }
        }
    }
    if day > month {
        return (
            DateOrder::DayFirst,
            "the statement's other dates are written day first",
        );
    }
    if month > day {
        return (
            DateOrder::MonthFirst,
            "the statement's other dates are written month first",
        );
    }
    if !in_english(lines) {
        return (
            DateOrder::DayFirst,
            "the statement is not in English, and its language writes day first",
        );
    }
    let us = lines.iter().take(40).any(|l| {
        let t = l.text.trim_start();
        ["Washington", "WASHINGTON", "New York", "NEW YORK"]
            .iter()
            .any(|p| t.starts_with(p))
    });
    if us {
        return (
            DateOrder::MonthFirst,
            "the statement is dated in the United States",
        );
    }
    (
        DateOrder::DayFirst,
        "nothing in the statement tells the order; read day first, as most statements write dates",
    )
}

/// Which order a written date shows: `13/10/2004`, `21.01.2022`, `8 October 2004` are
/// day-first, `10/13/2004` and `October 8, 2004` month-first; ISO dates show neither.
fn date_style(s: &str) -> Option<DateOrder> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut it = words.iter().skip_while(|w| {
        crate::model::dates::is_weekday_name(w) && !crate::model::dates::is_month_name(w)
    });
    let first = *it.next()?;
    if first.chars().next().is_some_and(char::is_alphabetic) {
        return crate::model::dates::is_month_name(first).then_some(DateOrder::MonthFirst);
    }
    let nums: Vec<u32> = first
        .split(['/', '-', '.'])
        .filter_map(|n| n.parse().ok())
        .collect();
    match nums.as_slice() {
        [a, _, y] if *y >= 1900 && first.contains('.') && *a <= 31 => Some(DateOrder::DayFirst),
        [a, b, y] if *y >= 1900 => {
            if *a > 12 {
                Some(DateOrder::DayFirst)
            } else if *b > 12 {
                Some(DateOrder::MonthFirst)
            } else {
                None
            }
        }
        [_] => Some(DateOrder::DayFirst),
        _ => None,
    }
}

/// Is the statement in English?
fn in_english(lines: &[Line<'_>]) -> bool {
    crate::model::words::looks_english(lines.iter().map(|l| l.text))
}

/// The heading and a site's name after it: "Press Release Regarding X / Republic of
/// Türkiye, Ministry of Foreign Affairs" → ("Press Release Regarding X", the suffix). The
/// suffix must name a publisher or an institution, in capitalised words; "Joint statement
/// - Part 2" keeps its second half.
fn split_site_suffix(title: &str) -> (&str, Option<&str>) {
    let cut = [" | ", " / ", " — ", " – ", " - "]
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len())))
        .max();
    let Some((at, len)) = cut else {
        return (title, None);
    };
    let (head, tail) = (title[..at].trim_end(), title[at + len..].trim());
    let words: Vec<&str> = tail.split_whitespace().collect();
    let capitalised = words.iter().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || ["of", "the", "for", "and", "de", "la", "du", "des", "on"].contains(w)
    });
    let site = !tail.is_empty()
        && words.len() <= 10
        && head.split_whitespace().count() >= 3
        && capitalised
        && (issuer::is_publisher_name(tail) || issuer::names_institution(tail));
    if site {
        (head, Some(tail))
    } else {
        (title, None)
    }
}

/// The institution a site's name gives: "Republic of Türkiye, Ministry of Foreign Affairs"
/// → "Ministry of Foreign Affairs of the Republic of Türkiye".
fn site_institution(suffix: &str) -> Option<String> {
    if let Some((country, inst)) = suffix.split_once(", ")
        && issuer::names_institution(inst)
        && !issuer::names_institution(country)
    {
        let country = if country.starts_with("Republic") || country.starts_with("Kingdom") {
            format!("the {country}")
        } else {
            country.to_owned()
        };
        return issuer::normalise_issuer(&format!("{inst} of {country}"));
    }
    issuer::normalise_issuer(suffix)
}

/// A wire agency's line: a date and the agency in brackets, `date 2024-03-14 (MENAFN-
/// AzerNews)`. Returns the date and the bracketed agency.
fn wire_line<'t>(t: &'t str, dater: &Dater<'_, '_>) -> Option<(NaiveDate, &'t str)> {
    if !t.ends_with(')') {
        return None;
    }
    let open = t.rfind('(')?;
    let agency = &t[open..];
    let inner = agency.trim_matches(['(', ')']).trim();
    // An aggregator's tag before the agency: "(MENAFN- AzerNews)", "(XYZ - Daily Post)".
    let tag = inner.split_once(['-', '–', '—']).filter(|(t, _)| {
        let t = t.trim();
        (2..=10).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
    });
    let name = tag.map_or(inner, |(_, r)| r.trim());
    if !(inner.starts_with("MENAFN") || issuer::is_publisher_name(name)) {
        return None;
    }
    let head = t[..open].trim();
    let head = ["date:", "Date:", "date", "Date", "DATE"]
        .iter()
        .find_map(|l| head.strip_prefix(l))
        .unwrap_or(head);
    let d = dater.bare_date(head)?;
    Some((d, agency))
}

fn wire_parts(t: &str, agency: &str) -> Vec<(String, RemovalReason)> {
    let head = t[..t.len() - agency.len()].trim();
    vec![
        (head.to_owned(), RemovalReason::Metadata),
        (agency.to_owned(), RemovalReason::Publisher),
    ]
}

/// A dateline without a year: "Brussels, July 8", "Paris, le 8 juillet".
fn place_and_day_month(t: &str) -> Option<(Option<String>, DayMonth)> {
    let t = t
        .trim()
        .trim_end_matches(['.', ':', '—', '–', '-'])
        .trim_end();
    if t.chars().count() > 50 {
        return None;
    }
    // The date is at the end; try each word start for the longest place before it.
    let starts = std::iter::once(0).chain(
        t.char_indices()
            .filter(|&(_, c)| c == ' ' || c == ',')
            .map(|(i, c)| i + c.len_utf8()),
    );
    for at in starts {
        let Some(dm) = day_month_only(t[at..].trim_start()) else {
            continue;
        };
        let place = t[..at].trim().trim_end_matches([',', '–', '—', '-']).trim();
        if place.is_empty() {
            return Some((None, dm));
        }
        return looks_like_place(place).then(|| (Some(place.to_owned()), dm));
    }
    None
}

/// The year of a dateline that gives none: the page's date's year (the dateline's date
/// cannot be later than the page), else the first full date in the statement.
fn year_for(dm: DayMonth, reference: Option<NaiveDate>, lines: &[Line<'_>]) -> Option<NaiveDate> {
    use chrono::Datelike as _;
    let reference =
        reference.or_else(|| lines.iter().find_map(|l| find_date(l.text)).map(|h| h.date))?;
    let d = NaiveDate::from_ymd_opt(reference.year(), dm.month, dm.day)?;
    if d > reference {
        NaiveDate::from_ymd_opt(reference.year() - 1, dm.month, dm.day)
    } else {
        Some(d)
    }
}

fn dm_text(dm: DayMonth) -> String {
    NaiveDate::from_ymd_opt(2024, dm.month, dm.day)
        .map_or_else(String::new, |d| d.format("%B %-d").to_string())
}

/// The next kept, non-blank line after `i`, and whether blank or removed lines stand between.
fn next_kept(
    lines: &[Line<'_>],
    verdict: &[Option<RemovalReason>],
    i: usize,
) -> Option<(usize, bool)> {
    let mut gap = false;
    for j in i + 1..lines.len() {
        if verdict[j].is_some() || lines[j].text.trim().is_empty() {
            gap = true;
            continue;
        }
        return Some((j, gap));
    }
    None
}

/// Words a sentence cannot end with: a line ending with one runs on into the next.
const OPEN_END_WORDS: &[&str] = &[
    "the", "of", "and", "or", "to", "a", "an", "in", "for", "with", "on", "at", "by", "from",
    "that", "as", "my", "our", "its", "their", "his", "her", "your", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "this", "these", "those", "which", "who", "whose", "i",
    "we", "not", "but", "than", "into", "upon", "about", "between", "under", "over", "very", "le",
    "la", "les", "des", "du", "de", "et", "en", "au", "aux", "à", "и", "в", "на", "по", "с", "о",
    "к", "от", "der", "die", "das", "und", "el", "los", "las", "y", "ve", "ile",
];

/// Does the next line continue line `i` as one sentence? It does when it starts in lower
/// case (also across a blank line: a paragraph broken mid-sentence), or, directly under
/// it, when line `i` ends open: a comma, a dash, or a word no sentence ends with ("the").
/// "My fellow leaders, today is the fourth time I've had the" + "great honor of ..." is
/// one sentence; "Statement on visa facilitation" + "Arvena, 3 March 2023" is not.
#[must_use]
pub fn continued_by_next(lines: &[Line<'_>], verdict: &[Option<RemovalReason>], i: usize) -> bool {
    next_kept(lines, verdict, i).is_some_and(|(j, gap)| runs_on(lines[i].text, lines[j].text, gap))
}

/// Does `next` continue `line` as one sentence (see [`continued_by_next`])? `gap`: blank or
/// removed lines stand between them.
#[must_use]
pub fn runs_on(line: &str, next: &str, gap: bool) -> bool {
    let t = line.trim().trim_end_matches(['*', '_']).trim_end();
    if t.is_empty() || t.ends_with(['.', '!', '?', '…']) {
        return false;
    }
    let first = next
        .trim()
        .chars()
        .find(|c| !matches!(c, '"' | '\'' | '«' | '“' | '‘' | '(' | '[' | '*' | '_'));
    if first.is_some_and(char::is_lowercase) {
        // A short dated line ("date 2024-03-14 (MENAFN- AzerNews)") is a dateline, not
        // the rest of a sentence.
        return !dateline_like(next);
    }
    if gap {
        return false;
    }
    if t.ends_with([',', ';', '-', '–', '—', '(', '/', '&']) {
        return true;
    }
    let last = t
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    OPEN_END_WORDS.contains(&last.as_str())
}

/// A short line that is mostly a date: "date 2024-03-14 (MENAFN- AzerNews)", "14.03.2024,
/// 10:42". A line of prose that holds a date ("terrorist attack of 11 September 2001. The
/// delegation") is not: at most two words stand beside the date (bracketed words aside).
fn dateline_like(line: &str) -> bool {
    let n = line.trim();
    if n.chars().count() > 60 {
        return false;
    }
    let Some(hit) = find_date(n) else {
        return false;
    };
    let mut depth = 0usize;
    let mut outside = String::new();
    for c in n[..hit.start]
        .chars()
        .chain(" ".chars())
        .chain(n[hit.end..].chars())
    {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
        <= 2
}

/// "1. Introduction", "II. The situation": a numbered section inside the text.
fn starts_numbered(t: &str) -> bool {
    let head: String = t.chars().take_while(|c| !c.is_whitespace()).collect();
    let core = head.trim_end_matches(['.', ')']);
    head.len() > core.len()
        && !core.is_empty()
        && core.len() <= 4
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))
}

/// Whether a kept, non-blank line follows line `i` (a lone heading needs a body under it).
fn has_text_after(lines: &[Line<'_>], verdict: &[Option<RemovalReason>], i: usize) -> bool {
    lines
        .iter()
        .enumerate()
        .skip(i + 1)
        .any(|(j, l)| verdict[j].is_none() && !l.text.trim().is_empty())
}

/// The first kept, non-blank line that no header rule consumed.
fn first_body_line<'a>(
    lines: &'a [Line<'_>],
    verdict: &[Option<RemovalReason>],
) -> Option<&'a str> {
    lines
        .iter()
        .enumerate()
        .find(|(j, l)| verdict[*j].is_none() && !l.text.trim().is_empty())
        .map(|(_, l)| l.text.trim())
}

/// A wire lead's dateline: place and date, an optional agency in brackets, then a dash and
/// the lead ("Arvena, 2 September 2023 -- Arvenia has ..."). A sentence that merely holds a
/// dash after a date ("On 5 May 2023 - a Friday - the ...") is no dateline: what comes
/// before the dash must be a place and a date and nothing else.
fn lead_dateline(t: &str, dater: &Dater<'_, '_>) -> Option<(Option<String>, NaiveDate)> {
    let cut = ["--", " — ", " – ", " - "]
        .iter()
        .filter_map(|s| t.find(s))
        .min()?;
    let head = t[..cut].trim();
    let head = match head.rfind('(') {
        Some(open) if head.ends_with(')') => head[..open].trim(),
        _ => head,
    };
    if head.chars().count() > 60 || t[cut..].trim_start_matches(['-', '—', '–', ' ']).is_empty()
    {
        return None;
    }
    dater.place_and_date(head)
}

/// A line that is nothing but an institution's name: short, no sentence mark, every word
/// capitalised or a connector ("Ministry of Foreign Affairs of the République du Valdor").
/// A sentence or a preamble ("The European Parliament,") is not one.
fn issuer_line(t: &str) -> Option<String> {
    if t.chars().count() > 100 || t.ends_with(['.', ',', ';', ':', '!', '?']) {
        return None;
    }
    let all_name = t
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || issuer::is_connector(w));
    if !all_name || t.split_whitespace().count() < 2 || !issuer::names_institution(t) {
        return None;
    }
    issuer::normalise_issuer(t).filter(|n| !issuer::is_bare_office(n))
}

/// A numbered release's heading: "No: 41, 14 March 2024, Press Release Regarding ..." →
/// the number and date (metadata; the date is the statement's) and the heading after them.
/// A heading that merely starts with a number ("No one left behind") is left whole.
fn split_number_and_date<'t>(
    title: &'t str,
    dater: &Dater<'_, '_>,
) -> (Option<(&'t str, NaiveDate)>, &'t str) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| compile(r"^(?i:no|nr|n°|№)\s*[:.]?\s*\d+\s*,\s*"));
    let Some(m) = re.find(title) else {
        return (None, title);
    };
    let rest = &title[m.end()..];
    let Some(hit) = dater.hit(rest).filter(|h| h.start == 0) else {
        return (None, title);
    };
    let after = &rest[hit.end..];
    let Some(heading) = after.strip_prefix(',').map(str::trim_start) else {
        return (None, title);
    };
    if heading.is_empty() {
        return (None, title);
    }
    let prefix = title[..title.len() - heading.len()]
        .trim_end()
        .trim_end_matches(',');
    (Some((prefix, hit.date)), heading)
}

/// A list item or a resolution's recital ("– having regard to ...", "- point", "• point"):
/// a heading is never one, however much it reads like one.
fn is_list_item(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some('-' | '–' | '—' | '•' | '*' | '·'))
        && chars.next().is_some_and(char::is_whitespace)
}

/// Line `i` stands alone as a heading does: a blank line or removed lines under it, or a
/// dateline, or nothing at all.
fn stands_alone(lines: &[Line<'_>], verdict: &[Option<RemovalReason>], i: usize) -> bool {
    match next_kept(lines, verdict, i) {
        None => true,
        Some((_, true)) => true,
        Some((j, false)) => {
            let n = lines[j].text.trim();
            place_and_date(n).is_some() || dateline_like(n)
        }
    }
}

/// The way speeches and letters open rather than headings: a salutation ("Mr. President",
/// "Your Excellencies", "Distinguished delegates", "Ladies and gentlemen"), thanks, an
/// invocation, or a sentence in the first person ("I wish to ...", "We are ...").
#[must_use]
pub fn opens_speech(t: &str) -> bool {
    const OPENERS: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "madam",
        "madame",
        "mister",
        "sir",
        "excellency",
        "excellencies",
        "your",
        "his",
        "her",
        "h.e",
        "distinguished",
        "honourable",
        "honorable",
        "ladies",
        "dear",
        "esteemed",
        "fellow",
        "brothers",
        "sisters",
        "friends",
        "colleagues",
        "monsieur",
        "señor",
        "señora",
        "thank",
        "thanks",
        "i",
        "we",
        "my",
        "our",
        "let",
        "allow",
        "permit",
        "bismillah",
        "peace",
        "good",
        "it",
        "majesty",
        "majesties",
        "highness",
        "highnesses",
        "heads",
        "praise",
        "assalam",
        "assalamu",
        "salam",
        "greetings",
        "since",
        "although",
        "though",
        "while",
        "when",
        "if",
        "because",
        "as",
        "whereas",
    ];
    let lower = t
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let first = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ':', '!']);
    OPENERS.contains(&first) || lower.starts_with("in the name")
}

/// What the last lines gave: the lines consumed, and an issuer named by a source line.
struct Signed {
    lines: Vec<usize>,
    issuer: Option<String>,
}

/// A closing "Brussels, 9 March 2023" line gives the date when the header did not; a closing
/// source line (`(Source: EEAS)`) names the issuer.
fn signed_date(
    lines: &[Line<'_>],
    verdict: &mut [Option<RemovalReason>],
    meta: &mut Metadata,
    dater: &Dater<'_, '_>,
) -> Signed {
    let mut signed = Signed {
        lines: Vec::new(),
        issuer: None,
    };
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
        if let Some(who) = issuer::source_line(t) {
            signed.issuer.get_or_insert(who);
            verdict[i] = Some(RemovalReason::Metadata);
            signed.lines.push(i);
            continue;
        }
        if meta.date.is_some() && meta.published.is_some() {
            continue;
        }
        if published_re().is_match(t) {
            if let Some(d) = dater.bare_date(t).filter(|_| meta.published.is_none()) {
                meta.published = Some(d);
                verdict[i] = Some(RemovalReason::Metadata);
                signed.lines.push(i);
            }
            continue;
        }
        if meta.date.is_some() {
            continue;
        }
        if let Some((place, d)) = dater.place_and_date(t) {
            meta.date = Some(d);
            if meta.place.is_none() {
                meta.place = place;
            }
            verdict[i] = Some(RemovalReason::Metadata);
            signed.lines.push(i);
        }
    }
    signed
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
    fn a_line_of_prose_with_a_date_is_no_dateline() {
        assert!(dateline_like("date 2024-03-14 (MENAFN- AzerNews)"));
        assert!(dateline_like("14.03.2024, 10:42"));
        assert!(!dateline_like(
            "terrorist attack of 11 September 2001. The delegation"
        ));
        // So a first line that the next line continues is body text, date or not.
        assert!(runs_on(
            "Assembly is being held one year after the terrible",
            "terrorist attack of 11 September 2001. The delegation",
            false
        ));
        assert!(!runs_on(
            "Statement of the Ministry",
            "date 2024-03-14 (MENAFN- AzerNews)",
            false
        ));
    }

    #[test]
    fn a_numbered_release_heading_gives_its_number_date_and_heading() {
        let lines = [Line { no: 1, text: "" }];
        let dater = Dater::new(&lines);
        let (num, heading) = split_number_and_date(
            "No: 41, 14 March 2024, Press Release Regarding the Resolution",
            &dater,
        );
        assert_eq!(heading, "Press Release Regarding the Resolution");
        let (prefix, d) = num.unwrap();
        assert_eq!(prefix, "No: 41, 14 March 2024");
        assert_eq!(d.to_string(), "2024-03-14");
        // Counter-examples: a heading that starts with "No" and a number without a date.
        assert_eq!(
            split_number_and_date("No one left behind", &dater).1,
            "No one left behind"
        );
        assert_eq!(
            split_number_and_date("No. 5, Press Release", &dater).1,
            "No. 5, Press Release"
        );
    }

    #[test]
    fn a_letterhead_under_the_heading_names_the_issuer() {
        assert_eq!(
            issuer_line("Ministry of Foreign Affairs of the République du Valdor").as_deref(),
            Some("Ministry of Foreign Affairs of the République du Valdor")
        );
        // Counter-examples: a preamble, a sentence, a bare office, a heading.
        assert_eq!(issuer_line("The European Parliament,"), None);
        assert_eq!(issuer_line("The Ministry regrets the vote."), None);
        assert_eq!(issuer_line("Press Service"), None);
        assert_eq!(issuer_line("Debate on the situation in Arvenia"), None);
    }

    #[test]
    fn what_runs_on_into_the_next_line() {
        // Continued: lower case next (also across a blank line), or an open end right above.
        assert!(runs_on(
            "today is the fourth time I have had the",
            "great honour",
            false
        ));
        assert!(runs_on("It", "is my pleasure", true));
        assert!(runs_on(
            "Allow me to congratulate the",
            "President of the Assembly",
            false
        ));
        assert!(runs_on(
            "On behalf of my country,",
            "I congratulate you",
            false
        ));
        // Not continued: a sentence's end, a capitalised line after a blank, a dateline.
        assert!(!runs_on("It will be my last.", "the end", false));
        assert!(!runs_on(
            "Statement on visa facilitation",
            "Arvena, 3 March 2023",
            false
        ));
        assert!(!runs_on(
            "Statement on visa facilitation",
            "The Ministry welcomes",
            true
        ));
        assert!(!runs_on(
            "Wire report",
            "date 2024-03-14 (MENAFN- AzerNews)",
            false
        ));
    }

    #[test]
    fn places_after_and_before_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            place_and_date("Wednesday, 4 October 2023 - Strasbourg"),
            Some((Some("Strasbourg".to_owned()), d(2023, 10, 4)))
        );
        assert_eq!(
            place_and_date("Brussels 09.01.2022"),
            Some((Some("Brussels".to_owned()), d(2022, 1, 9)))
        );
        // Counter-examples: a sentence with a date, a kind of text after the date.
        assert_eq!(place_and_date("The vote on 4 October 2023 was close"), None);
        assert_eq!(place_and_date("4 October 2023 - Statement"), None);
    }

    #[test]
    fn site_suffixes_are_names_of_sites() {
        assert_eq!(
            split_site_suffix("Statement on the report | Ministry of Foreign Affairs"),
            (
                "Statement on the report",
                Some("Ministry of Foreign Affairs")
            )
        );
        assert_eq!(
            split_site_suffix("Foreign Ministry condemns the vote - AzerNews"),
            ("Foreign Ministry condemns the vote", Some("AzerNews"))
        );
        for keep in [
            "Statement on the talks - second round",
            "Resolution on Arvenia – the way forward",
            "EU – Arvenia",
        ] {
            assert_eq!(split_site_suffix(keep), (keep, None), "{keep}");
        }
    }
}
