//! Finding dates in a line of text, in English, French, Russian, German, Spanish, Turkish and
//! Kazakh forms.
//!
//! A hand scanner rather than regexes: the line is cut into word / number / punctuation
//! tokens (remembering which ones touch their predecessor), and each token position is
//! tried against the date shapes. Numeric forms are read day-first unless the caller knows
//! the statement writes month first ([`DateOrder`]); a numeric date that reads both ways
//! (`08/10/2004`) is marked `ambiguous`, so that the caller can say how it decided. One that
//! reads only one way (`12/25/2023`) is read that way. Two-digit years are refused
//! as too ambiguous, and only years 1900–2100 count. A date glued to other digits or
//! letters (`21.01.2022-5`, `v1.2.2022`) is not a date, except the scrape artefact of a
//! month name glued to its year (`5 April2024`).

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::NaiveDate;

/// A date found in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateHit {
    pub date: NaiveDate,
    /// Byte range of the date expression in the line (weekday included when present).
    pub start: usize,
    pub end: usize,
    /// A weekday name came with it ("Monday, June 5, 2023").
    pub weekday: bool,
    /// A time of day came with it ("12.03.2024 14:22"): typical of crawl stamps.
    pub time: bool,
    /// A numeric date that reads both day-first and month-first (`08/10/2004`): `date` is
    /// the reading in the order asked for.
    pub ambiguous: bool,
}

/// How a statement writes numeric dates: `08/10/2004` is 8 October day-first (most of the
/// world, and every statement in French, Russian, German, Spanish, Turkish or Kazakh) and
/// 10 August month-first (the United States).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// A day and a month without a year ("July 8", "8 juillet"), as datelines give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayMonth {
    pub month: u32,
    pub day: u32,
    /// Byte range in the line.
    pub start: usize,
    pub end: usize,
}

/// The first date in `line`, if any.
///
/// The range covers the date and an attached weekday and time of day; lead-in words such
/// as "on", "le" or "the" are not part of it.
#[must_use]
pub fn find_date(line: &str) -> Option<DateHit> {
    find_date_in_order(line, DateOrder::DayFirst)
}

/// The first date in `line`, numeric dates read in `order` when they read both ways.
#[must_use]
pub fn find_date_in_order(line: &str, order: DateOrder) -> Option<DateHit> {
    if !has_four_digit_run(line) {
        return None;
    }
    let toks = tokenize(line);
    let scan = Scan {
        line,
        toks: &toks,
        order,
    };
    (0..toks.len()).find_map(|i| scan.match_at(i).map(|(hit, _)| hit))
}

/// A day and month without a year that make up the whole of `text` (a dateline's date:
/// "July 8", "8 July", "8th of July", "le 8 juillet", "8 июля"), or `None`.
#[must_use]
pub fn day_month_only(text: &str) -> Option<DayMonth> {
    let toks = tokenize(text);
    let scan = Scan {
        line: text,
        toks: &toks,
        order: DateOrder::DayFirst,
    };
    let mut k = 0;
    if scan.word_is(k, "le") || scan.word_is(k, "on") || scan.word_is(k, "the") {
        k += 1;
    }
    if let Some(after) = scan.weekday_prefix(k) {
        k = after;
    }
    let start = toks.get(k)?.start;
    let (month, day, next) = if let Some(m) = scan.month(k) {
        // "July 8", "July 8th"
        let mut n = k + 1;
        if scan.glued_punct(n, '.') {
            n += 1;
        }
        let d = scan.number(n, 1..=2)?;
        n += 1;
        if scan.is_glued(n) && scan.info(n).is_some_and(|w| w.ordinal) {
            n += 1;
        }
        (m, d, n)
    } else {
        // "8 July", "8th of July", "8. Juli", "8 de julio"
        let d = scan.number(k, 1..=2)?;
        let mut n = k + 1;
        if scan.is_glued(n)
            && (scan.info(n).is_some_and(|w| w.ordinal) || scan.punct(n) == Some('.'))
        {
            n += 1;
        }
        if scan.word_is(n, "of") || scan.word_is(n, "de") {
            n += 1;
        }
        let m = scan.month(n)?;
        (m, d, n + 1)
    };
    // The whole text: nothing but a closing stop may follow.
    let rest = toks.get(next..).unwrap_or(&[]);
    if !rest
        .iter()
        .all(|t| matches!(t.kind, Kind::Punct('.' | ',' | ':')))
    {
        return None;
    }
    // Any leap year admits 29 February.
    NaiveDate::from_ymd_opt(2024, month, day)?;
    let end = toks.get(next.checked_sub(1)?)?.end;
    Some(DayMonth {
        month,
        day,
        start,
        end,
    })
}

/// Every date in `line`, left to right, without overlaps.
#[must_use]
pub fn find_all_dates(line: &str) -> Vec<DateHit> {
    let mut hits = Vec::new();
    if !has_four_digit_run(line) {
        return hits;
    }
    let toks = tokenize(line);
    let scan = Scan {
        line,
        toks: &toks,
        order: DateOrder::DayFirst,
    };
    let mut i = 0;
    while i < toks.len() {
        match scan.match_at(i) {
            Some((hit, next)) => {
                hits.push(hit);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    hits
}

/// The month number (1–12) of an English, French, Russian, German, Spanish, Turkish or
/// Kazakh month name or abbreviation, any case, accents optional, one trailing dot allowed
/// (`"Sept."`, `"févr."`, `"января"`, `"März"`, `"marzo"`, `"Mart"`, `"наурыз"`).
#[must_use]
pub fn month_from_name(word: &str) -> Option<u32> {
    let info = lookup(word.strip_suffix('.').unwrap_or(word))?;
    (info.month != 0).then_some(u32::from(info.month))
}

/// Whether `word` is a month name or abbreviation (see [`month_from_name`]).
#[must_use]
pub fn is_month_name(word: &str) -> bool {
    month_from_name(word).is_some()
}

/// Whether `word` is an English, French or Russian weekday name or common abbreviation.
#[must_use]
pub fn is_weekday_name(word: &str) -> bool {
    lookup(word.strip_suffix('.').unwrap_or(word)).is_some_and(|info| info.weekday)
}

const YEARS: RangeInclusive<i32> = 1900..=2100;

/// Every date needs a four-digit year, so lines without exactly four digits in a row are
/// skipped before any tokenising.
fn has_four_digit_run(line: &str) -> bool {
    let mut run = 0usize;
    for b in line.bytes().chain(std::iter::once(b' ')) {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            if run == 4 {
                return true;
            }
            run = 0;
        }
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of letters (and non-ASCII digits, so they glue like letters).
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single character.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// No whitespace between this token and the previous one.
    glued: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !c.is_ascii_digit()
}

fn tokenize(line: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(line.len() / 4 + 1);
    // The line start counts as whitespace, so a date opening the line is not "glued".
    let mut glued = false;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            glued = false;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if is_word_char(c) {
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            let same = match kind {
                Kind::Num => next.is_ascii_digit(),
                Kind::Word => is_word_char(next),
                Kind::Punct(_) => false,
            };
            if !same {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        toks.push(Tok {
            kind,
            start,
            end,
            glued,
        });
        glued = true;
    }
    toks
}

/// What a (lower-cased) word can be in a date expression.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    /// 1–12, or 0 when not a month.
    month: u8,
    weekday: bool,
    /// `st`, `nd`, `er`… glued to a day number.
    ordinal: bool,
    /// Russian `г.` / `года` after a year.
    year_suffix: bool,
    /// "at", "à", "в" between a date and its time.
    time_connector: bool,
    am_pm: bool,
}

const MONTHS: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "janvier",
        "janv",
        "января",
        "январь",
        "янв",
        "januar",
        "jänner",
        "jaenner",
        "enero",
        "ene",
        "ocak",
        "қаңтар",
    ],
    &[
        "february",
        "feb",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "fév",
        "fev",
        "февраля",
        "февраль",
        "фев",
        "февр",
        "februar",
        "feber",
        "febrero",
        "şubat",
        "subat",
        "ақпан",
    ],
    &[
        "march",
        "mar",
        "mars",
        "марта",
        "март",
        "мар",
        "märz",
        "maerz",
        "mär",
        "marzo",
        "mart",
        "наурыз",
    ],
    &[
        "april",
        "apr",
        "avril",
        "avr",
        "апреля",
        "апрель",
        "апр",
        "abril",
        "abr",
        "nisan",
        "сәуір",
    ],
    &[
        "may",
        "mai",
        "мая",
        "май",
        "mayo",
        "mayıs",
        "mayis",
        "мамыр",
    ],
    &[
        "june",
        "jun",
        "juin",
        "июня",
        "июнь",
        "июн",
        "juni",
        "junio",
        "haziran",
        "маусым",
    ],
    &[
        "july",
        "jul",
        "juillet",
        "juil",
        "июля",
        "июль",
        "июл",
        "juli",
        "julio",
        "temmuz",
        "шілде",
    ],
    &[
        "august",
        "aug",
        "août",
        "aout",
        "августа",
        "август",
        "авг",
        "agosto",
        "ağustos",
        "agustos",
        "тамыз",
    ],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "сентября",
        "сентябрь",
        "сен",
        "сент",
        "septiembre",
        "setiembre",
        "eylül",
        "eylul",
        "қыркүйек",
    ],
    &[
        "october",
        "oct",
        "octobre",
        "октября",
        "октябрь",
        "окт",
        "oktober",
        "okt",
        "octubre",
        "ekim",
        "қазан",
    ],
    &[
        "november",
        "nov",
        "novembre",
        "ноября",
        "ноябрь",
        "ноя",
        "нояб",
        "noviembre",
        "kasım",
        "kasim",
        "қараша",
    ],
    &[
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "декабря",
        "декабрь",
        "дек",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "aralık",
        "aralik",
        "желтоқсан",
    ],
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun", // English
    "lundi",
    "lun",
    "mardi",
    "mar",
    "mercredi",
    "mer",
    "jeudi",
    "jeu",
    "vendredi",
    "ven",
    "samedi",
    "sam",
    "dimanche",
    "dim", // French
    "понедельник",
    "вторник",
    "среда",
    "среду",
    "четверг",
    "пятница",
    "пятницу",
    "суббота",
    "субботу",
    "воскресенье",
    "пн",
    "вт",
    "ср",
    "чт",
    "пт",
    "сб",
    "вс", // Russian
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag", // German
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado", // Spanish (not "domingo": Santo Domingo is a place)
    "pazartesi",
    "salı",
    "sali",
    "çarşamba",
    "carsamba",
    "perşembe",
    "persembe",
    "cuma",
    "cumartesi", // Turkish (not "pazar": Pazar is a town)
    "дүйсенбі",
    "сейсенбі",
    "сәрсенбі",
    "бейсенбі",
    "жұма",
    "сенбі",
    "жексенбі", // Kazakh
];

const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "er", "re", "e", "ème", "eme"];
const YEAR_SUFFIXES: &[&str] = &["г", "года", "год", "гг", "ж", "жыл", "жылы", "жылғы"];
const TIME_CONNECTORS: &[&str] = &["at", "à", "a", "в", "um"];

/// The date vocabulary, built once.
fn vocabulary() -> &'static HashMap<&'static str, WordInfo> {
    static VOCABULARY: OnceLock<HashMap<&'static str, WordInfo>> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut map: HashMap<&'static str, WordInfo> = HashMap::new();
        for (month, names) in (1u8..).zip(MONTHS) {
            for &name in names {
                map.entry(name).or_default().month = month;
            }
        }
        for &name in WEEKDAYS {
            map.entry(name).or_default().weekday = true;
        }
        for &name in ORDINALS {
            map.entry(name).or_default().ordinal = true;
        }
        for &name in YEAR_SUFFIXES {
            map.entry(name).or_default().year_suffix = true;
        }
        for &name in TIME_CONNECTORS {
            map.entry(name).or_default().time_connector = true;
        }
        for name in ["am", "pm"] {
            map.entry(name).or_default().am_pm = true;
        }
        map
    })
}

/// Looks `word` up case-insensitively, lower-casing into a stack buffer (no allocation).
fn lookup(word: &str) -> Option<WordInfo> {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let width = c.len_utf8();
        let slot = buf.get_mut(len..len + width)?;
        c.encode_utf8(slot);
        len += width;
    }
    let lower = std::str::from_utf8(buf.get(..len)?).ok()?;
    vocabulary().get(lower).copied()
}

fn make_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year).ok()?;
    if !YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The date part of an expression: its value, the index of the token after it,
/// whether a time came glued to it (ISO `T10:00`), and whether it reads both ways.
#[derive(Default)]
struct Core {
    date: NaiveDate,
    next: usize,
    time: bool,
    ambiguous: bool,
}

struct Scan<'a> {
    line: &'a str,
    toks: &'a [Tok],
    order: DateOrder,
}

impl<'a> Scan<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.line.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued)
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) => Some(c),
            Kind::Word | Kind::Num => None,
        }
    }

    fn glued_punct(&self, i: usize, c: char) -> bool {
        self.is_glued(i) && self.punct(i) == Some(c)
    }

    fn is_alnum(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(Kind::Word | Kind::Num))
    }

    /// The value of a number token with a digit count in `digits`.
    fn number(&self, i: usize, digits: RangeInclusive<usize>) -> Option<u32> {
        if self.kind(i)? != Kind::Num || !digits.contains(&self.text(i).len()) {
            return None;
        }
        self.text(i).parse().ok()
    }

    fn info(&self, i: usize) -> Option<WordInfo> {
        if self.kind(i)? != Kind::Word {
            return None;
        }
        lookup(self.text(i))
    }

    fn month(&self, i: usize) -> Option<u32> {
        let month = self.info(i)?.month;
        (month != 0).then_some(u32::from(month))
    }

    fn word_is(&self, i: usize, word: &str) -> bool {
        self.kind(i) == Some(Kind::Word) && self.text(i).eq_ignore_ascii_case(word)
    }

    /// Nothing alphanumeric touches token `i` from the left. `strict` (numeric forms) also
    /// refuses a glued `.`, `/`, `-` or `_` with something alphanumeric before it, as in
    /// version strings and reference numbers (`1.2.2022.3`, `A-21.01.2022`).
    fn start_ok(&self, i: usize, strict: bool) -> bool {
        if !self.is_glued(i) || i == 0 {
            return true;
        }
        if self.is_alnum(i - 1) {
            return false;
        }
        let joiner = matches!(self.punct(i - 1), Some('.' | '/' | '-' | '_'));
        !(strict && joiner && i >= 2 && self.is_glued(i - 1) && self.is_alnum(i - 2))
    }

    /// Nothing alphanumeric touches the expression ending before token `next`, nor a
    /// `.`, `/`, `-`, `_` or `:` followed by more digits (`21.01.2022-5`, `14:22:5`).
    fn end_ok(&self, next: usize) -> bool {
        if !self.is_glued(next) {
            return true;
        }
        if self.is_alnum(next) {
            return false;
        }
        let joiner = matches!(self.punct(next), Some('.' | '/' | '-' | '_' | ':'));
        !(joiner && self.is_glued(next + 1) && self.kind(next + 1) == Some(Kind::Num))
    }

    /// A date expression starting at token `i`, and the index of the token after it.
    fn match_at(&self, i: usize) -> Option<(DateHit, usize)> {
        if let Some(after_weekday) = self.weekday_prefix(i)
            && let Some(core) = self.core(after_weekday, false)
        {
            return self.finish(i, core, true);
        }
        let core = self.core(i, true)?;
        self.finish(i, core, false)
    }

    fn core(&self, i: usize, check_start: bool) -> Option<Core> {
        self.numeric(i, check_start)
            .or_else(|| self.day_month_year(i, check_start))
            .or_else(|| self.month_day_year(i, check_start))
            .or_else(|| self.year_day_month(i, check_start))
    }

    /// Kazakh `2022 жылғы 21 қаңтар` (year, its word, day, month).
    fn year_day_month(&self, i: usize, check_start: bool) -> Option<Core> {
        if check_start && !self.start_ok(i, false) {
            return None;
        }
        let year = self.number(i, 4..=4)?;
        if !self.info(i + 1).is_some_and(|w| w.year_suffix) || self.text(i + 1).chars().count() < 3
        {
            return None;
        }
        let day = self.number(i + 2, 1..=2)?;
        let month = self.month(i + 3)?;
        let date = make_date(year, month, day)?;
        let next = i + 4;
        self.end_ok(next).then_some(Core {
            date,
            next,
            ..Core::default()
        })
    }

    /// A weekday name (optionally with a dot and a comma, and "the") starting at `i`:
    /// returns where the date itself should start.
    fn weekday_prefix(&self, i: usize) -> Option<usize> {
        if !self.info(i)?.weekday || !self.start_ok(i, false) {
            return None;
        }
        let mut k = i + 1;
        if self.glued_punct(k, '.') {
            k += 1;
        }
        if self.punct(k) == Some(',') {
            k += 1;
        }
        if self.word_is(k, "the") {
            k += 1;
        }
        Some(k)
    }

    /// `21.01.2022`, `21/01/2022`, `21-01-2022` (day first) and `2022-01-21` (ISO, with an
    /// optional glued `T10:00`).
    fn numeric(&self, i: usize, check_start: bool) -> Option<Core> {
        if check_start && !self.start_ok(i, true) {
            return None;
        }
        let first = self.number(i, 1..=4)?;
        let sep = self.punct(i + 1).filter(|c| matches!(c, '.' | '/' | '-'))?;
        if !self.is_glued(i + 1) || !self.glued_punct(i + 3, sep) {
            return None;
        }
        let middle = self.number(i + 2, 1..=2).filter(|_| self.is_glued(i + 2))?;
        let last = self.number(i + 4, 1..=4).filter(|_| self.is_glued(i + 4))?;
        let first_len = self.text(i).len();
        let last_len = self.text(i + 4).len();
        let iso = first_len == 4 && last_len <= 2;
        let mut ambiguous = false;
        let date = if iso {
            make_date(first, middle, last)?
        } else if first_len <= 2 && last_len == 4 {
            let day_first = make_date(last, middle, first);
            // Dotted dates are day-first everywhere; `/` and `-` dates may be month-first.
            let month_first = if sep == '.' {
                None
            } else {
                make_date(last, first, middle)
            };
            ambiguous = day_first.is_some() && month_first.is_some() && first != middle;
            match (self.order, day_first, month_first) {
                (DateOrder::MonthFirst, _, Some(d)) | (_, Some(d), _) | (_, None, Some(d)) => d,
                (_, None, None) => return None,
            }
        } else {
            return None;
        };
        let mut next = i + 5;
        let mut time = false;
        if iso
            && self.is_glued(next)
            && self.word_is(next, "t")
            && self.is_glued(next + 1)
            && let Some(after) = self.clock_tokens(next + 1, true)
        {
            next = self.time_zone(after);
            time = true;
        }
        next = self.year_suffix(next);
        self.end_ok(next).then_some(Core {
            date,
            next,
            time,
            ambiguous,
        })
    }

    /// `21 January 2022`, `21st of January, 2022`, `1er mars 2023`, `«21» января 2022 г.`,
    /// `21-Jan-2022`, and the glued scrape artefact `5 April2024`.
    fn day_month_year(&self, i: usize, check_start: bool) -> Option<Core> {
        if check_start && !self.start_ok(i, false) {
            return None;
        }
        let mut k = i;
        let quoted = matches!(self.punct(k), Some('«' | '"' | '“' | '„'));
        if quoted {
            k += 1;
            if !self.is_glued(k) {
                return None;
            }
        }
        let day = self.number(k, 1..=2)?;
        k += 1;
        if quoted {
            if !(self.is_glued(k) && matches!(self.punct(k), Some('»' | '"' | '”' | '“'))) {
                return None;
            }
            k += 1;
        } else if self.is_glued(k) && self.info(k).is_some_and(|w| w.ordinal) {
            k += 1;
        } else if self.glued_punct(k, '.') && self.month(k + 1).is_some() {
            // German "14. März 2024".
            k += 1;
        }
        let dashed = self.glued_punct(k, '-');
        if dashed || self.word_is(k, "of") || self.word_is(k, "de") {
            k += 1;
        }
        if dashed && !self.is_glued(k) {
            return None;
        }
        let month = self.month(k)?;
        k += 1;
        if self.glued_punct(k, '.') {
            k += 1;
        }
        if dashed {
            if !self.glued_punct(k, '-') || !self.is_glued(k + 1) {
                return None;
            }
            k += 1;
        } else if self.punct(k) == Some(',') {
            k += 1;
        } else if self.word_is(k, "de") || self.word_is(k, "del") {
            // Spanish "14 de marzo de 2024".
            k += 1;
        }
        let year = self.number(k, 4..=4)?;
        let date = make_date(year, month, day)?;
        let next = self.year_suffix(k + 1);
        self.end_ok(next).then_some(Core {
            date,
            next,
            ..Core::default()
        })
    }

    /// `January 21, 2022`, `Jan. 21 2022`, `Sept 3, 2023`, `June 5th, 2023`.
    fn month_day_year(&self, i: usize, check_start: bool) -> Option<Core> {
        if check_start && !self.start_ok(i, false) {
            return None;
        }
        let month = self.month(i)?;
        let mut k = i + 1;
        if self.glued_punct(k, '.') {
            k += 1;
        }
        let day = self.number(k, 1..=2)?;
        k += 1;
        if self.is_glued(k) && self.info(k).is_some_and(|w| w.ordinal) {
            k += 1;
        }
        if self.punct(k) == Some(',') {
            k += 1;
        }
        let year = self.number(k, 4..=4)?;
        let date = make_date(year, month, day)?;
        let next = self.year_suffix(k + 1);
        self.end_ok(next).then_some(Core {
            date,
            next,
            ..Core::default()
        })
    }

    /// Skips a Russian year word after the year (`г.`, `года`).
    fn year_suffix(&self, next: usize) -> usize {
        if !self.info(next).is_some_and(|w| w.year_suffix) {
            return next;
        }
        if self.text(next).chars().count() <= 2 && self.glued_punct(next + 1, '.') {
            next + 2
        } else {
            next + 1
        }
    }

    /// Builds the hit for an expression from token `start`, adding a time of day that
    /// follows on the line.
    fn finish(&self, start: usize, core: Core, weekday: bool) -> Option<(DateHit, usize)> {
        let mut next = core.next;
        let mut time = core.time;
        if !time && let Some(after) = self.trailing_time(next) {
            next = after;
            time = true;
        }
        let first = self.toks.get(start)?;
        let last = self.toks.get(next.checked_sub(1)?)?;
        let hit = DateHit {
            date: core.date,
            start: first.start,
            end: last.end,
            weekday,
            time,
            ambiguous: core.ambiguous,
        };
        Some((hit, next))
    }

    /// A time of day right after a date: `14:22`, `, 14h30`, `at 09:15`, `à 14h30`,
    /// `в 14:22`, `- 10:33 AM`. Returns the index of the token after it.
    fn trailing_time(&self, k: usize) -> Option<usize> {
        let mut k = k;
        if matches!(self.punct(k), Some(',' | '-' | '–' | '—' | '|' | '@' | '·')) {
            k += 1;
        }
        if self.info(k).is_some_and(|w| w.time_connector) {
            k += 1;
        }
        let after = self.clock_tokens(k, false)?;
        self.end_ok(after).then_some(after)
    }

    /// `14:22`, `14:22:05`, `14h30`, `10:33 AM`, `10 pm`, `10:33 a.m.` starting at token
    /// `k`; `iso` takes only `HH:MM[:SS[.fff]]`. Returns the index of the token after it.
    fn clock_tokens(&self, k: usize, iso: bool) -> Option<usize> {
        let hour = self.number(k, 1..=2)?;
        let mut n = k + 1;
        let mut minutes = false;
        if self.glued_punct(n, ':') && self.is_glued(n + 1) {
            let minute = self.number(n + 1, 2..=2)?;
            if minute > 59 {
                return None;
            }
            n += 2;
            minutes = true;
            if self.glued_punct(n, ':')
                && self.is_glued(n + 1)
                && self.number(n + 1, 2..=2).is_some_and(|s| s <= 60)
            {
                n += 2;
                if self.glued_punct(n, '.')
                    && self.is_glued(n + 1)
                    && self.kind(n + 1) == Some(Kind::Num)
                {
                    n += 2;
                }
            }
        } else if !iso && self.is_glued(n) && self.word_is(n, "h") {
            // French "14h30"; a bare "14h" is too easily something else ("24h").
            let minute = self.number(n + 1, 2..=2).filter(|_| self.is_glued(n + 1))?;
            if minute > 59 {
                return None;
            }
            n += 2;
            minutes = true;
        }
        if iso {
            return (minutes && hour <= 23).then_some(n);
        }
        if let Some(after) = self.am_pm(n) {
            return (1..=12).contains(&hour).then_some(after);
        }
        (minutes && hour <= 23).then_some(n)
    }

    /// `AM`, `pm`, `a.m.`, `P.M.` at token `n`.
    fn am_pm(&self, n: usize) -> Option<usize> {
        if self.info(n).is_some_and(|w| w.am_pm) {
            return Some(n + 1);
        }
        let letter = self.word_is(n, "a") || self.word_is(n, "p");
        if letter
            && self.glued_punct(n + 1, '.')
            && self.is_glued(n + 2)
            && self.word_is(n + 2, "m")
        {
            return Some(if self.glued_punct(n + 3, '.') {
                n + 4
            } else {
                n + 3
            });
        }
        None
    }

    /// An ISO time zone glued after a time: `Z`, `+01:00`, `-0500`.
    fn time_zone(&self, n: usize) -> usize {
        if !self.is_glued(n) {
            return n;
        }
        if self.word_is(n, "z") {
            return n + 1;
        }
        if matches!(self.punct(n), Some('+' | '-'))
            && self.is_glued(n + 1)
            && self.number(n + 1, 2..=4).is_some()
        {
            if self.glued_punct(n + 2, ':')
                && self.is_glued(n + 3)
                && self.number(n + 3, 2..=2).is_some()
            {
                return n + 4;
            }
            return n + 2;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (line, expected expression, year, month, day, weekday, time)
    type Case = (&'static str, &'static str, i32, u32, u32, bool, bool);

    const FOUND: &[Case] = &[
        // Numeric, day first; ISO.
        ("2022-01-21", "2022-01-21", 2022, 1, 21, false, false),
        (
            "Updated 2022-01-21T10:00 by admin",
            "2022-01-21T10:00",
            2022,
            1,
            21,
            false,
            true,
        ),
        (
            "stamp 2022-01-21T10:00:59Z.",
            "2022-01-21T10:00:59Z",
            2022,
            1,
            21,
            false,
            true,
        ),
        (
            "Brussels, 21.01.2022",
            "21.01.2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        ("(21/01/2022)", "21/01/2022", 2022, 1, 21, false, false),
        ("08/10/2004", "08/10/2004", 2004, 10, 8, false, false),
        ("date: 21-01-2022.", "21-01-2022", 2022, 1, 21, false, false),
        (
            "Published:21.01.2022",
            "21.01.2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        ("1.2.2022 and more", "1.2.2022", 2022, 2, 1, false, false),
        // English.
        (
            "21 January 2022",
            "21 January 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "the 21st January 2022",
            "21st January 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "the 2nd of March, 2023.",
            "2nd of March, 2023",
            2023,
            3,
            2,
            false,
            false,
        ),
        (
            "January 21, 2022",
            "January 21, 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "January 21 2022",
            "January 21 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        ("Jan. 21, 2022", "Jan. 21, 2022", 2022, 1, 21, false, false),
        ("Sept 3, 2023", "Sept 3, 2023", 2023, 9, 3, false, false),
        (
            "SEPTEMBER 3RD 2023",
            "SEPTEMBER 3RD 2023",
            2023,
            9,
            3,
            false,
            false,
        ),
        (
            "Monday, June 5, 2023",
            "Monday, June 5, 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        (
            "Friday 26/11/2022",
            "Friday 26/11/2022",
            2022,
            11,
            26,
            true,
            false,
        ),
        (
            "on 20 January 2022",
            "20 January 2022",
            2022,
            1,
            20,
            false,
            false,
        ),
        ("5 June, 2023", "5 June, 2023", 2023, 6, 5, false, false),
        ("21-Jan-2022", "21-Jan-2022", 2022, 1, 21, false, false),
        (
            "Mon, 5 June 2023",
            "Mon, 5 June 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        // A weekday that does not match the date still counts.
        (
            "Tuesday 5 June 2023",
            "Tuesday 5 June 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        // French.
        (
            "21 janvier 2022",
            "21 janvier 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        ("1er mars 2023", "1er mars 2023", 2023, 3, 1, false, false),
        (
            "Paris, le 3 mars 2023",
            "3 mars 2023",
            2023,
            3,
            3,
            false,
            false,
        ),
        (
            "lundi 5 juin 2023",
            "lundi 5 juin 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        (
            "lun. 5 juin 2023",
            "lun. 5 juin 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        (
            "JEUDI 5 JANVIER 2023",
            "JEUDI 5 JANVIER 2023",
            2023,
            1,
            5,
            true,
            false,
        ),
        ("3 févr. 2023", "3 févr. 2023", 2023, 2, 3, false, false),
        (
            "12 fevrier 2023",
            "12 fevrier 2023",
            2023,
            2,
            12,
            false,
            false,
        ),
        ("15 aout 2023", "15 aout 2023", 2023, 8, 15, false, false),
        ("15 Août 2023", "15 Août 2023", 2023, 8, 15, false, false),
        (
            "25 decembre 2022",
            "25 decembre 2022",
            2022,
            12,
            25,
            false,
            false,
        ),
        (
            "1er Décembre 2022",
            "1er Décembre 2022",
            2022,
            12,
            1,
            false,
            false,
        ),
        // Russian.
        (
            "21 января 2022",
            "21 января 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "Москва, 21 января 2022 г.",
            "21 января 2022 г.",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "21 января 2022 года",
            "21 января 2022 года",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "«21» января 2022 г.",
            "«21» января 2022 г.",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "понедельник, 5 июня 2023",
            "понедельник, 5 июня 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        (
            "пн, 5 июня 2023",
            "пн, 5 июня 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        ("21 янв. 2022", "21 янв. 2022", 2022, 1, 21, false, false),
        (
            "21 январь 2022",
            "21 январь 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "21 ЯНВАРЯ 2022",
            "21 ЯНВАРЯ 2022",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "21.01.2022г. в Москве",
            "21.01.2022г.",
            2022,
            1,
            21,
            false,
            false,
        ),
        // Times of day.
        (
            "12.03.2024 14:22",
            "12.03.2024 14:22",
            2024,
            3,
            12,
            false,
            true,
        ),
        (
            "le 3 mars 2023 à 14h30",
            "3 mars 2023 à 14h30",
            2023,
            3,
            3,
            false,
            true,
        ),
        (
            "June 5, 2023 10:33 AM",
            "June 5, 2023 10:33 AM",
            2023,
            6,
            5,
            false,
            true,
        ),
        (
            "June 5, 2023, 10:33 p.m. EST",
            "June 5, 2023, 10:33 p.m.",
            2023,
            6,
            5,
            false,
            true,
        ),
        (
            "5 June 2023 at 09:15",
            "5 June 2023 at 09:15",
            2023,
            6,
            5,
            false,
            true,
        ),
        (
            "21 января 2022 г. в 14:22",
            "21 января 2022 г. в 14:22",
            2022,
            1,
            21,
            false,
            true,
        ),
        (
            "2022-01-21 10:00:00",
            "2022-01-21 10:00:00",
            2022,
            1,
            21,
            false,
            true,
        ),
        (
            "Friday 26/11/2022 - 10 pm",
            "Friday 26/11/2022 - 10 pm",
            2022,
            11,
            26,
            true,
            true,
        ),
        // Not a time: the date stands alone.
        (
            "5 June 2023 at 10 people",
            "5 June 2023",
            2023,
            6,
            5,
            false,
            false,
        ),
        ("12.03.2024 25:10", "12.03.2024", 2024, 3, 12, false, false),
        (
            "12.03.2024 14:22:5x",
            "12.03.2024",
            2024,
            3,
            12,
            false,
            false,
        ),
        ("Mar. 5, 2023", "Mar. 5, 2023", 2023, 3, 5, false, false),
        (
            "Thursday the 5th of June 2023",
            "Thursday the 5th of June 2023",
            2023,
            6,
            5,
            true,
            false,
        ),
        (
            "on 5 May 2023 at 10:33am.",
            "5 May 2023 at 10:33am",
            2023,
            5,
            5,
            false,
            true,
        ),
        // Scrapes that lost their spaces.
        ("5 April2024", "5 April2024", 2024, 4, 5, false, false),
        (
            "issued 5April 2024",
            "5April 2024",
            2024,
            4,
            5,
            false,
            false,
        ),
        // Invalid dates are skipped and the search goes on.
        (
            "31.02.2022 or 01.03.2022",
            "01.03.2022",
            2022,
            3,
            1,
            false,
            false,
        ),
        (
            "31 February 2022, then 1 March 2022",
            "1 March 2022",
            2022,
            3,
            1,
            false,
            false,
        ),
        (
            "29.02.2023 or 29.02.2024",
            "29.02.2024",
            2024,
            2,
            29,
            false,
            false,
        ),
        // German, Spanish, Turkish and Kazakh.
        ("14. März 2024", "14. März 2024", 2024, 3, 14, false, false),
        (
            "Mittwoch, 4. Oktober 2023",
            "Mittwoch, 4. Oktober 2023",
            2023,
            10,
            4,
            true,
            false,
        ),
        (
            "Madrid, 14 de marzo de 2024",
            "14 de marzo de 2024",
            2024,
            3,
            14,
            false,
            false,
        ),
        (
            "miércoles, 4 de octubre de 2023",
            "miércoles, 4 de octubre de 2023",
            2023,
            10,
            4,
            true,
            false,
        ),
        (
            "Ankara, 14 Mart 2024",
            "14 Mart 2024",
            2024,
            3,
            14,
            false,
            false,
        ),
        ("5 ŞUBAT 2024", "5 ŞUBAT 2024", 2024, 2, 5, false, false),
        ("1 Aralık 2023", "1 Aralık 2023", 2023, 12, 1, false, false),
        (
            "21 қаңтар 2022 ж.",
            "21 қаңтар 2022 ж.",
            2022,
            1,
            21,
            false,
            false,
        ),
        (
            "Астана, 2022 жылғы 21 қаңтар",
            "2022 жылғы 21 қаңтар",
            2022,
            1,
            21,
            false,
            false,
        ),
        // A numeric date that reads only month-first is read so.
        ("12/25/2023", "12/25/2023", 2023, 12, 25, false, false),
        // A range: the day next to the month wins.
        (
            "21-23 January 2022",
            "23 January 2022",
            2022,
            1,
            23,
            false,
            false,
        ),
    ];

    #[test]
    fn finds_every_supported_form() {
        for &(line, expected, year, month, day, weekday, time) in FOUND {
            let hit = find_date(line).unwrap_or_else(|| panic!("no date in {line:?}"));
            assert_eq!(
                line.get(hit.start..hit.end),
                Some(expected),
                "range in {line:?}"
            );
            assert_eq!(
                Some(hit.date),
                NaiveDate::from_ymd_opt(year, month, day),
                "date in {line:?}"
            );
            assert_eq!(hit.weekday, weekday, "weekday flag in {line:?}");
            assert_eq!(hit.time, time, "time flag in {line:?}");
        }
    }

    const NOT_DATES: &[&str] = &[
        "",
        "no digits here",
        "21.01.22",
        "21/01/22 and 3-4-21",
        "Resolution 2022/2503(RSP)",
        "No. 21.01.2022-5",
        "1.2.2022.3",
        "v1.2.2022",
        "version 3.10.2022.1",
        "ab21.01.2022",
        "21.01.2022abc",
        "+7 (495) 244-16-06",
        "tel. +33 1 21 01 2022",
        "21.01.1850",
        "21.01.2150",
        "21.01.20221",
        "121.01.2022",
        "31.02.2022",
        "21.13.2022",
        "0.01.2022",
        "2022-13-01",
        "31 February 2022",
        "32 January 2022",
        "январь 2022",
        "April2024",
        "in January 2022",
        "May 2023 12 countries",
        "21 Januaryx 2022",
        "21 January 20220",
        "21.01 .2022",
        "21.01/2022",
        "2022/01-21",
        "news/2022/01/21/story",
        "the 2022 report of 21 members",
    ];

    #[test]
    fn rejects_non_dates() {
        for line in NOT_DATES {
            assert_eq!(find_date(line), None, "{line:?}");
            assert!(find_all_dates(line).is_empty(), "{line:?}");
        }
    }

    #[test]
    fn dates_that_read_both_ways_are_marked_and_read_in_the_order_asked() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let hit = find_date("08/10/2004").unwrap();
        assert!(hit.ambiguous);
        assert_eq!(Some(hit.date), d(2004, 10, 8));
        let hit = find_date_in_order("08/10/2004", DateOrder::MonthFirst).unwrap();
        assert!(hit.ambiguous);
        assert_eq!(Some(hit.date), d(2004, 8, 10));
        // Counter-examples: dotted dates are day-first everywhere; a day over 12 or the
        // same number twice reads one way only.
        for (line, want) in [
            ("08.10.2004", d(2004, 10, 8)),
            ("13/10/2004", d(2004, 10, 13)),
            ("10/10/2004", d(2004, 10, 10)),
            ("2004-08-10", d(2004, 8, 10)),
        ] {
            for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
                let hit = find_date_in_order(line, order).unwrap();
                assert!(!hit.ambiguous, "{line}");
                assert_eq!(Some(hit.date), want, "{line} {order:?}");
            }
        }
        // A month-first US date that reads only one way.
        let hit = find_date_in_order("March 14, 2024 and 12/25/2023", DateOrder::DayFirst);
        assert_eq!(hit.map(|h| h.date), d(2024, 3, 14));
        assert_eq!(
            find_all_dates("12/25/2023").first().map(|h| h.date),
            d(2023, 12, 25)
        );
    }

    #[test]
    fn a_day_and_month_without_a_year() {
        for (text, month, day) in [
            ("July 8", 7, 8),
            ("July 8th", 7, 8),
            ("8 July", 7, 8),
            ("8th of July", 7, 8),
            ("le 8 juillet", 7, 8),
            ("8 июля", 7, 8),
            ("8. Juli", 7, 8),
            ("8 de julio", 7, 8),
            ("Friday, July 8", 7, 8),
        ] {
            let dm = day_month_only(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((dm.month, dm.day), (month, day), "{text}");
        }
        for text in [
            "July 8 people",
            "8 July 2023",
            "may be",
            "July",
            "31 June",
            "the 8th",
        ] {
            assert_eq!(day_month_only(text), None, "{text}");
        }
    }

    #[test]
    fn finds_all_dates_in_order() {
        let line =
            "From 21 January 2022 to 2022-03-05, and on 31.02.2022 (no) or Friday 26/11/2022.";
        let found: Vec<(&str, bool)> = find_all_dates(line)
            .iter()
            .filter_map(|h| line.get(h.start..h.end).map(|s| (s, h.weekday)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("21 January 2022", false),
                ("2022-03-05", false),
                ("Friday 26/11/2022", true),
            ]
        );
    }

    #[test]
    fn month_and_weekday_names() {
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("FÉVRIER"), Some(2));
        assert_eq!(month_from_name("fevr"), Some(2));
        assert_eq!(month_from_name("января"), Some(1));
        assert_eq!(month_from_name("Декабрь"), Some(12));
        assert_eq!(month_from_name("aout"), Some(8));
        assert_eq!(month_from_name("Monday"), None);
        assert_eq!(month_from_name("marches"), None);
        assert!(is_month_name("May"));
        assert!(!is_month_name("the"));
        assert!(is_weekday_name("lun."));
        assert!(is_weekday_name("ПН"));
        assert!(is_weekday_name("Thursday"));
        assert!(!is_weekday_name("June"));
    }

    fn check_hits(line: &str) -> Result<(), TestCaseError> {
        let all = find_all_dates(line);
        let first = find_date(line);
        prop_assert_eq!(first, all.first().copied());
        let mut previous_end = 0;
        for hit in all {
            prop_assert!(hit.start < hit.end && hit.end <= line.len());
            prop_assert!(line.is_char_boundary(hit.start) && line.is_char_boundary(hit.end));
            prop_assert!(hit.start >= previous_end, "hits overlap in {:?}", line);
            prop_assert!(YEARS.contains(&chrono::Datelike::year(&hit.date)));
            previous_end = hit.end;
        }
        Ok(())
    }

    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const FR_MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const RU_MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];

    /// `date` written in one of the supported styles.
    fn written(date: NaiveDate, style: usize) -> String {
        use chrono::Datelike;
        let (y, m, d) = (date.year(), date.month(), date.day());
        let index = usize::try_from(m - 1).unwrap_or(0);
        match style {
            0 => format!("{d:02}.{m:02}.{y}"),
            1 => format!("{d}/{m}/{y}"),
            2 => format!("{y}-{m:02}-{d:02}"),
            3 => format!("{d} {} {y}", EN_MONTHS[index]),
            4 => format!("{} {d}, {y}", EN_MONTHS[index]),
            5 => format!("{d} {} {y}", FR_MONTHS[index]),
            _ => format!("{d} {} {y} г.", RU_MONTHS[index]),
        }
    }

    proptest! {
        #[test]
        fn written_dates_are_found_exactly(
            days in 0i64..73_000,
            style in 0usize..7,
            before in "[A-Za-z ,]{0,12}",
        ) {
            let base = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid base date");
            let date = base + chrono::Duration::days(days);
            prop_assume!(YEARS.contains(&chrono::Datelike::year(&date)));
            let expression = written(date, style);
            // "Dated:" keeps a random word that is also a weekday ("Sun") off the date.
            let line = format!("{before} Dated: {expression} text after");
            let hit = find_date(&line);
            prop_assert!(hit.is_some(), "nothing found in {:?}", line);
            let hit = hit.expect("checked above");
            prop_assert_eq!(hit.date, date);
            prop_assert_eq!(line.get(hit.start..hit.end), Some(expression.as_str()));
            prop_assert!(!hit.weekday && !hit.time);
        }

        #[test]
        fn arbitrary_text_never_panics(line in "\\PC*") {
            check_hits(&line)?;
        }

        #[test]
        fn date_like_text_keeps_ranges_on_char_boundaries(
            line in "([0-9]{1,4}|[ .,/:\\-«»T]|janvier|Août|января|г\\.|June|Mon|lundi|пн|à|h|AM|é){0,16}"
        ) {
            check_hits(&line)?;
        }
    }
}
