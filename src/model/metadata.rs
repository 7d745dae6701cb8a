//! Where a statement's metadata comes from, and which source wins.
//!
//! Five sources can say what a statement's title, issuer, place and date are. They are
//! applied field by field, strongest first:
//!
//! 1. **the user's correction** (`demarche correct`, `M` in the reader): the reader of the
//!    statement looked and decided; nothing overrides that, and it is reversible;
//! 2. **front matter** of a Markdown file: written into the file by whoever produced it, and
//!    it travels with the file;
//! 3. **the sidecar table** (`metadata.csv` / `metadata.json` beside the statements): a
//!    collection's catalogue, explicit per file, but kept apart from the file (a renamed file
//!    loses its row);
//! 4. **the file name**, read with a pattern from the config (`{iso3}_{session}_{year}`):
//!    terse codes, true for a whole collection but giving little (a country, a year);
//! 5. **the text** itself: guessed by the cleaning from headings and datelines, and so the
//!    weakest.
//!
//! A source that does not know a field leaves it to the next. A correction can also say
//! that a field is *unknown* (an empty value), which hides what weaker sources say.
//!
//! Dates have one more rule, because a source may know only the year (a file name such as
//! `FRA_45_1990`): a year-only value is kept as [`Metadata::year`] with `date` left null,
//! and a weaker source's full date **of the same year** refines it (the text's dateline
//! "New York, 25 September 1990" gives the day); a weaker full date of another year is a
//! date the text mentions, not the statement's, and is dropped.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::markdown::FrontMatter;
use crate::model::statement::Metadata;

/// Where a metadata value came from, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaSource {
    Text,
    FileName,
    Sidecar,
    FrontMatter,
    Correction,
}

impl MetaSource {
    /// Strongest first: the order in which sources are applied.
    pub const PRECEDENCE: [Self; 5] = [
        Self::Correction,
        Self::FrontMatter,
        Self::Sidecar,
        Self::FileName,
        Self::Text,
    ];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::FileName => "file-name",
            Self::Sidecar => "sidecar",
            Self::FrontMatter => "front-matter",
            Self::Correction => "correction",
        }
    }
}

/// A date as a source knows it: the day, only the year, or (in a correction) unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateValue {
    Day(NaiveDate),
    Year(i32),
    /// Set by a correction: the statement's date is not known, whatever other sources say.
    Unknown,
}

impl DateValue {
    /// `YYYY-MM-DD` or `YYYY` (a year from 1000 to 2999); an empty text is `Unknown`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.is_empty() {
            return Some(Self::Unknown);
        }
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = t.parse().ok()?;
            return (1000..=2999).contains(&y).then_some(Self::Year(y));
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .filter(|_| t.len() == 10)
            .map(Self::Day)
    }

    /// The year, when known.
    #[must_use]
    pub fn year(self) -> Option<i32> {
        match self {
            Self::Day(d) => Some(d.year()),
            Self::Year(y) => Some(y),
            Self::Unknown => None,
        }
    }
}

impl std::fmt::Display for DateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::Year(y) => write!(f, "{y}"),
            Self::Unknown => Ok(()),
        }
    }
}

/// What one source says about a statement. Text fields set to an empty string (only a
/// correction does that) mean "unknown".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaLayer {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<DateValue>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
}

impl MetaLayer {
    /// Whether the source says nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What the text said, as the cleaning read it.
    #[must_use]
    pub fn from_text(meta: &Metadata) -> Self {
        Self {
            title: meta.title.clone(),
            issuer: meta.issuer.clone(),
            place: meta.place.clone(),
            date: meta
                .date
                .map(DateValue::Day)
                .or(meta.year.map(DateValue::Year)),
            published: meta.published,
            url: meta.url.clone(),
        }
    }

    /// What front matter says (`url` and `source_url` keys give the URL).
    #[must_use]
    pub fn from_front_matter(front: &FrontMatter) -> Self {
        let url = ["url", "source_url"].iter().find_map(|k| {
            front
                .extra
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        });
        Self {
            title: front.title.clone(),
            issuer: front.issuer.clone(),
            place: front.place.clone(),
            date: front
                .date
                .map(DateValue::Day)
                .or(front.year.map(DateValue::Year)),
            published: front.published,
            url,
        }
    }
}

/// Which source gave each field of the final metadata (`None`: no source knew it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Origins {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<MetaSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<MetaSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<MetaSource>,
    /// The source of the date (or of the year when only the year is known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<MetaSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<MetaSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<MetaSource>,
}

impl Origins {
    /// The fields a correction set, as names (`title`, `issuer`, `place`, `date`).
    #[must_use]
    pub fn corrected(&self) -> Vec<&'static str> {
        [
            ("title", self.title),
            ("issuer", self.issuer),
            ("place", self.place),
            ("date", self.date),
        ]
        .into_iter()
        .filter(|(_, o)| *o == Some(MetaSource::Correction))
        .map(|(n, _)| n)
        .collect()
    }
}

/// Applies the layers (any order; each with its source) by [`MetaSource::PRECEDENCE`].
#[must_use]
pub fn resolve(layers: &[(MetaSource, &MetaLayer)]) -> (Metadata, Origins) {
    let mut ordered: Vec<(MetaSource, &MetaLayer)> = layers.to_vec();
    ordered.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
    let mut meta = Metadata::default();
    let mut origins = Origins::default();
    let text = |pick: fn(&MetaLayer) -> &Option<String>| {
        ordered.iter().find_map(|(s, l)| {
            pick(l)
                .as_ref()
                .map(|v| (*s, Some(v.trim().to_owned()).filter(|v| !v.is_empty())))
        })
    };
    if let Some((s, v)) = text(|l| &l.title) {
        (meta.title, origins.title) = (v, Some(s));
    }
    if let Some((s, v)) = text(|l| &l.issuer) {
        (meta.issuer, origins.issuer) = (v, Some(s));
    }
    if let Some((s, v)) = text(|l| &l.place) {
        (meta.place, origins.place) = (v, Some(s));
    }
    if let Some((s, v)) = text(|l| &l.url) {
        (meta.url, origins.url) = (v, Some(s));
    }
    if let Some((s, d)) = ordered
        .iter()
        .find_map(|(s, l)| l.published.map(|d| (*s, d)))
    {
        (meta.published, origins.published) = (Some(d), Some(s));
    }
    let mut dates = ordered.iter().filter_map(|(s, l)| l.date.map(|d| (*s, d)));
    match dates.next() {
        Some((s, DateValue::Day(d))) => {
            (meta.date, meta.year, origins.date) = (Some(d), Some(d.year()), Some(s));
        }
        Some((s, DateValue::Year(y))) => {
            (meta.year, origins.date) = (Some(y), Some(s));
            // A weaker source's day of the same year refines it; another year's is dropped.
            if let Some((ws, d)) = dates.find_map(|(ws, d)| match d {
                DateValue::Day(day) if day.year() == y => Some((ws, day)),
                _ => None,
            }) {
                (meta.date, origins.date) = (Some(d), Some(ws));
            }
        }
        Some((s, DateValue::Unknown)) => origins.date = Some(s),
        None => {}
    }
    (meta, origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> DateValue {
        DateValue::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn date_values_parse() {
        assert_eq!(DateValue::parse("1990"), Some(DateValue::Year(1990)));
        assert_eq!(DateValue::parse("1990-09-25"), Some(day(1990, 9, 25)));
        assert_eq!(DateValue::parse(" "), Some(DateValue::Unknown));
        assert_eq!(DateValue::parse("1990-02-30"), None);
        assert_eq!(DateValue::parse("25.09.1990"), None);
        assert_eq!(DateValue::parse("199"), None);
        assert_eq!(DateValue::parse("0999"), None);
    }

    #[test]
    fn a_year_is_refined_by_a_day_of_the_same_year_only() {
        let name = MetaLayer {
            date: Some(DateValue::Year(1990)),
            ..MetaLayer::default()
        };
        let same = MetaLayer {
            date: Some(day(1990, 9, 25)),
            ..MetaLayer::default()
        };
        let (m, o) = resolve(&[(MetaSource::Text, &same), (MetaSource::FileName, &name)]);
        assert_eq!(
            (m.date, m.year),
            (
                Some(NaiveDate::from_ymd_opt(1990, 9, 25).unwrap()),
                Some(1990)
            )
        );
        assert_eq!(o.date, Some(MetaSource::Text));
        // Counter-example: the text's date is of another year (a date the speech mentions).
        let other = MetaLayer {
            date: Some(day(1945, 10, 24)),
            ..MetaLayer::default()
        };
        let (m, o) = resolve(&[(MetaSource::Text, &other), (MetaSource::FileName, &name)]);
        assert_eq!((m.date, m.year), (None, Some(1990)));
        assert_eq!(o.date, Some(MetaSource::FileName));
    }

    #[test]
    fn an_empty_correction_means_unknown() {
        let text = MetaLayer {
            title: Some("Heading".into()),
            date: Some(day(2020, 1, 2)),
            ..MetaLayer::default()
        };
        let fix = MetaLayer {
            title: Some(String::new()),
            date: Some(DateValue::Unknown),
            ..MetaLayer::default()
        };
        let (m, o) = resolve(&[(MetaSource::Text, &text), (MetaSource::Correction, &fix)]);
        assert_eq!((m.title, m.date, m.year), (None, None, None));
        assert_eq!(o.corrected(), vec!["title", "date"]);
    }
}
