//! Metadata from file names: the config's `[[library.patterns]]`.
//!
//! A pattern is the file name without its extension, with placeholders for the parts that
//! carry metadata: `{iso3}_{session}_{year}` reads `AFG_01_1946.txt` as Afghanistan, session
//! 1, 1946. A pattern with `/` also reads the last folders of the path
//! (`{year}/{iso2}-{title}`). Placeholders:
//!
//! | placeholder | matches | gives |
//! | --- | --- | --- |
//! | `{iso3}` | an ISO 3166-1 alpha-3 code (any case), a former code such as `CSK`, `YUG`, `DDR`, `SUN`, or `EU` | the country, and so the issuer |
//! | `{iso2}` | an ISO 3166-1 alpha-2 code | the country, and so the issuer |
//! | `{country}` | a country's name, `_` for spaces | the country, and so the issuer |
//! | `{year}` | four digits | the year |
//! | `{month}` | 1–12, or an English month name or its first three letters | with `{year}` and `{day}`, the date |
//! | `{day}` | 1–31 | with `{year}` and `{month}`, the date |
//! | `{date}` | `YYYY-MM-DD`, `YYYY_MM_DD` or `YYYYMMDD` | the date |
//! | `{session}` | a number | nothing by itself; templates can use it |
//! | `{title}`, `{issuer}`, `{place}` | any text, `_` and `-` for spaces | that field |
//! | `{*}` | anything (also nothing) | nothing |
//!
//! A file name that does not fit a pattern, or whose code names no country, gets nothing
//! from it. The entry's `title`, `issuer` and `place` templates fill fields from the parts
//! (`issuer = "Permanent Mission of {country}"`); without an issuer, a country gives
//! "Government of <country>" (the European Union: "European Union").

use std::path::{Path, PathBuf};

use regex::Regex;

use crate::config::PatternConfig;
use crate::model::country::{self, Country};
use crate::model::metadata::{DateValue, MetaLayer};

/// The placeholders and the text each matches (free text never crosses a `/`).
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("iso3", "[A-Za-z]{2,3}"),
    ("iso2", "[A-Za-z]{2}"),
    ("country", "[^/]+?"),
    ("year", "[0-9]{4}"),
    ("month", "[0-9]{1,2}|[A-Za-z]{3,9}"),
    ("day", "[0-9]{1,2}"),
    (
        "date",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}_[0-9]{2}_[0-9]{2}|[0-9]{8}",
    ),
    ("session", "[0-9]{1,4}"),
    ("title", "[^/]+?"),
    ("issuer", "[^/]+?"),
    ("place", "[^/]+?"),
];

/// A compiled `[[library.patterns]]` entry.
#[derive(Debug, Clone)]
pub struct FilePattern {
    /// The pattern as written, for messages.
    pub pattern: String,
    folder: Option<PathBuf>,
    regex: Regex,
    /// How many path components the pattern reads (1: the file name only).
    components: usize,
    title: Option<String>,
    issuer: Option<String>,
    place: Option<String>,
}

/// A pattern entry that cannot be used: which key, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PatternError {
    /// `pattern`, `title`, `issuer` or `place`.
    pub key: &'static str,
    pub message: String,
}

/// The parts of a pattern or template: literal text and placeholder names.
fn parts(text: &str, key: &'static str) -> Result<Vec<(bool, String)>, PatternError> {
    let err = |message: String| PatternError { key, message };
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.get(open..).is_some_and(|r| r.starts_with('}')) {
            return Err(err(format!(
                "`{text}`: a `}}` without its `{{`; placeholders look like {{year}}"
            )));
        }
        let (lit, after) = rest.split_at(open);
        if !lit.is_empty() {
            out.push((false, lit.to_owned()));
        }
        let Some(close) = after.find('}') else {
            return Err(err(format!(
                "`{text}`: a `{{` without its `}}`; placeholders look like {{year}}"
            )));
        };
        let name = after.get(1..close).unwrap_or_default().trim();
        out.push((true, name.to_ascii_lowercase()));
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push((false, rest.to_owned()));
    }
    Ok(out)
}

fn known_names() -> String {
    PLACEHOLDERS
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .chain(std::iter::once("{*}".to_owned()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FilePattern {
    /// Compiles an entry; `folder` is made absolute when it exists.
    pub fn compile(cfg: &PatternConfig) -> Result<Self, PatternError> {
        let err = |message: String| PatternError {
            key: "pattern",
            message,
        };
        let pattern = cfg.pattern.trim().trim_matches('/');
        if pattern.is_empty() {
            return Err(err(
                "the pattern is empty; e.g. \"{iso3}_{session}_{year}\"".into(),
            ));
        }
        let mut re = String::from("(?i)^");
        let mut captured: Vec<String> = Vec::new();
        for (placeholder, text) in parts(pattern, "pattern")? {
            if !placeholder {
                re.push_str(&regex::escape(&text));
            } else if text == "*" {
                re.push_str("[^/]*?");
            } else {
                let Some((_, body)) = PLACEHOLDERS.iter().find(|(n, _)| *n == text) else {
                    return Err(err(format!(
                        "`{pattern}`: unknown placeholder {{{text}}}; known: {}",
                        known_names()
                    )));
                };
                if captured.contains(&text) {
                    return Err(err(format!(
                        "`{pattern}`: {{{text}}} appears twice; use {{*}} for a part to skip"
                    )));
                }
                re.push_str(&format!("(?P<{text}>{body})"));
                captured.push(text);
            }
        }
        re.push('$');
        let regex = Regex::new(&re).map_err(|e| err(format!("`{pattern}`: {e}")))?;
        let has_country = ["iso3", "iso2", "country"]
            .iter()
            .any(|c| captured.iter().any(|n| n == c));
        let template =
            |key: &'static str, t: &Option<String>| -> Result<Option<String>, PatternError> {
                let Some(t) = t else { return Ok(None) };
                for (placeholder, name) in parts(t, key)? {
                    let ok = captured.contains(&name) || (name == "country" && has_country);
                    if placeholder && !ok {
                        return Err(PatternError {
                            key,
                            message: format!(
                                "`{t}`: {{{name}}} is not a part of the pattern `{pattern}`"
                            ),
                        });
                    }
                }
                Ok(Some(t.clone()))
            };
        Ok(Self {
            pattern: pattern.to_owned(),
            folder: cfg
                .folder
                .as_ref()
                .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())),
            regex,
            components: pattern.split('/').count(),
            title: template("title", &cfg.title)?,
            issuer: template("issuer", &cfg.issuer)?,
            place: template("place", &cfg.place)?,
        })
    }

    /// Whether the pattern is meant for this file (its `folder`).
    fn applies_to(&self, path: &Path, canonical: Option<&Path>) -> bool {
        self.folder
            .as_ref()
            .is_none_or(|f| canonical.is_some_and(|c| c.starts_with(f)) || path.starts_with(f))
    }

    /// The text the pattern is matched against: the last `components` parts of the path,
    /// joined with `/`, the extension taken off the file name.
    fn subject(&self, path: &Path) -> Option<String> {
        let stem = path.file_stem()?.to_str()?;
        let mut parts = vec![stem.to_owned()];
        let mut dir = path.parent();
        while parts.len() < self.components {
            let d = dir?;
            parts.push(d.file_name()?.to_str()?.to_owned());
            dir = d.parent();
        }
        parts.reverse();
        Some(parts.join("/"))
    }

    /// What the file name gives: `Ok(None)` when it does not fit; `Err` with a warning when
    /// it fits but a code names no country (it then gives nothing either).
    pub fn read(&self, path: &Path, canonical: Option<&Path>) -> Result<Option<MetaLayer>, String> {
        if !self.applies_to(path, canonical) {
            return Ok(None);
        }
        let Some(subject) = self.subject(path) else {
            return Ok(None);
        };
        let Some(caps) = self.regex.captures(&subject) else {
            return Ok(None);
        };
        let get = |n: &str| caps.name(n).map(|m| m.as_str().to_owned());
        let country: Option<Country> = if let Some(code) = get("iso3") {
            Some(country::from_alpha3(&code).ok_or_else(|| {
                format!(
                    "file name `{subject}` fits the pattern `{}` but `{code}` is not a known country code (ISO 3166-1 alpha-3, a former code or EU); nothing taken from it",
                    self.pattern
                )
            })?)
        } else if let Some(code) = get("iso2") {
            Some(country::from_alpha2(&code).ok_or_else(|| {
                format!(
                    "file name `{subject}` fits the pattern `{}` but `{code}` is not a known country code (ISO 3166-1 alpha-2); nothing taken from it",
                    self.pattern
                )
            })?)
        } else {
            get("country").and_then(|c| country::from_name(&c))
        };
        let value = |name: &str| -> Option<String> {
            match name {
                "country" => country.as_ref().map(|c| c.name.clone()),
                "iso3" | "iso2" => get(name).map(|c| c.to_ascii_uppercase()),
                "title" | "issuer" | "place" => get(name).map(|t| spaced(&t)),
                "session" => get(name).map(|s| s.trim_start_matches('0').to_owned()),
                other => get(other),
            }
        };
        let fill = |t: &Option<String>| -> Option<String> {
            let t = t.as_ref()?;
            let mut out = String::new();
            for (placeholder, text) in parts(t, "title").ok()? {
                if placeholder {
                    out.push_str(&value(&text).unwrap_or_default());
                } else {
                    out.push_str(&text);
                }
            }
            Some(out.trim().to_owned()).filter(|s| !s.is_empty())
        };
        let layer = MetaLayer {
            title: fill(&self.title).or_else(|| value("title")),
            issuer: fill(&self.issuer)
                .or_else(|| value("issuer"))
                .or_else(|| country.as_ref().map(|c| c.issuer.clone())),
            place: fill(&self.place).or_else(|| value("place")),
            date: date_of(get("date"), get("year"), get("month"), get("day")),
            published: None,
            url: None,
        };
        Ok(Some(layer))
    }
}

/// Reads a path with the first pattern that fits it; the warnings say why a path that fit a
/// pattern's shape gave nothing.
#[must_use]
pub fn read_file_name(
    patterns: &[FilePattern],
    path: &Path,
    canonical: Option<&Path>,
) -> (Option<MetaLayer>, Vec<String>) {
    let mut warnings = Vec::new();
    for p in patterns {
        match p.read(path, canonical) {
            Ok(Some(layer)) => return (Some(layer), Vec::new()),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    }
    (None, warnings)
}

/// `my_statement-title` → `My statement title`.
fn spaced(text: &str) -> String {
    let words: Vec<&str> = text
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn date_of(
    date: Option<String>,
    year: Option<String>,
    month: Option<String>,
    day: Option<String>,
) -> Option<DateValue> {
    if let Some(d) = date {
        let digits: String = d.chars().filter(char::is_ascii_digit).collect();
        let (y, m, dd) = (
            digits.get(..4)?.parse().ok()?,
            digits.get(4..6)?.parse().ok()?,
            digits.get(6..8)?.parse().ok()?,
        );
        return Some(
            chrono::NaiveDate::from_ymd_opt(y, m, dd).map_or(DateValue::Year(y), DateValue::Day),
        );
    }
    let y: i32 = year?.parse().ok()?;
    let day = month
        .and_then(|m| month_number(&m))
        .zip(day.and_then(|d| d.parse::<u32>().ok()))
        .and_then(|(m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d));
    Some(day.map_or(DateValue::Year(y), DateValue::Day))
}

fn month_number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let t = text.to_ascii_lowercase();
    (t.len() >= 3)
        .then(|| MONTHS.iter().position(|m| m.starts_with(&t)))
        .flatten()
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(p: &str) -> FilePattern {
        FilePattern::compile(&PatternConfig {
            folder: None,
            pattern: p.into(),
            title: None,
            issuer: None,
            place: None,
        })
        .unwrap()
    }

    fn read(p: &FilePattern, path: &str) -> Result<Option<MetaLayer>, String> {
        p.read(Path::new(path), None)
    }

    #[test]
    fn un_general_debate_names_give_country_issuer_and_year() {
        let p = pattern("{iso3}_{session}_{year}");
        let l = read(&p, "Session 45 - 1990/FRA_45_1990.txt")
            .unwrap()
            .unwrap();
        assert_eq!(l.issuer.as_deref(), Some("Government of France"));
        assert_eq!(l.date, Some(DateValue::Year(1990)));
        assert_eq!(l.title, None);
        let l = read(&p, "x/CSK_24_1969.txt").unwrap().unwrap();
        assert_eq!(l.issuer.as_deref(), Some("Government of Czechoslovakia"));
        let l = read(&p, "x/EU_79_2024.txt").unwrap().unwrap();
        assert_eq!(l.issuer.as_deref(), Some("European Union"));
    }

    #[test]
    fn names_that_do_not_fit_give_nothing() {
        let p = pattern("{iso3}_{session}_{year}");
        assert_eq!(read(&p, "x/statement.txt"), Ok(None));
        assert_eq!(read(&p, "x/FRA_45_90.txt"), Ok(None));
        assert_eq!(read(&p, "x/FRA-45-1990.txt"), Ok(None));
        // It fits the shape, but QQQ is no country: nothing, and a warning.
        let w = read(&p, "x/QQQ_45_1990.txt").unwrap_err();
        assert!(
            w.contains("QQQ") && w.contains("not a known country code"),
            "{w}"
        );
    }

    #[test]
    fn templates_dates_and_folders() {
        let p = FilePattern::compile(&PatternConfig {
            folder: None,
            pattern: "{year}/{iso2}-{month}-{day}-{title}".into(),
            title: None,
            issuer: Some("Ministry of Foreign Affairs of {country}".into()),
            place: Some("{country}".into()),
        })
        .unwrap();
        let l = read(&p, "lib/2022/kz-jan-21-on_the_resolution.md")
            .unwrap()
            .unwrap();
        assert_eq!(l.title.as_deref(), Some("On the resolution"));
        assert_eq!(
            l.issuer.as_deref(),
            Some("Ministry of Foreign Affairs of Kazakhstan")
        );
        assert_eq!(l.place.as_deref(), Some("Kazakhstan"));
        assert_eq!(
            l.date,
            Some(DateValue::Day(
                chrono::NaiveDate::from_ymd_opt(2022, 1, 21).unwrap()
            ))
        );
        let d = pattern("{date}_{*}");
        assert_eq!(
            read(&d, "a/20230303_note.txt").unwrap().unwrap().date,
            Some(DateValue::Day(
                chrono::NaiveDate::from_ymd_opt(2023, 3, 3).unwrap()
            ))
        );
        let only = FilePattern::compile(&PatternConfig {
            folder: Some("/no/such/library".into()),
            pattern: "{iso3}_{session}_{year}".into(),
            title: None,
            issuer: None,
            place: None,
        })
        .unwrap();
        assert_eq!(read(&only, "/elsewhere/FRA_45_1990.txt"), Ok(None));
        assert!(
            read(&only, "/no/such/library/FRA_45_1990.txt")
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn mistakes_in_patterns_are_errors() {
        let bad = |p: &str, title: Option<&str>| {
            FilePattern::compile(&PatternConfig {
                folder: None,
                pattern: p.into(),
                title: title.map(Into::into),
                issuer: None,
                place: None,
            })
            .unwrap_err()
        };
        assert!(
            bad("{iso4}_{year}", None)
                .message
                .contains("unknown placeholder {iso4}")
        );
        assert!(bad("{year}_{year}", None).message.contains("twice"));
        assert!(bad("{year", None).message.contains("without its"));
        let e = bad("{year}", Some("Session {session}"));
        assert_eq!(e.key, "title");
        assert!(
            e.message.contains("{session} is not a part"),
            "{}",
            e.message
        );
    }
}
