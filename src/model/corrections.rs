//! The user's corrections of a statement's metadata (title, issuer, date, place).
//!
//! A correction is stored in the data dir, never beside the statement: in the statement's
//! notes file, as its `corrections` object (see [`crate::store`]), so that it is found
//! by the same identity rules as the notes ([`crate::model::identity`]): same path, else same
//! content at a new path when the old one is gone, else the same title and date. It is the
//! strongest metadata source (see [`crate::model::metadata`]) and is removed by clearing it.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::identity::identify;
use crate::model::metadata::{DateValue, MetaLayer};
use crate::model::notes::StatementKey;

/// What the user set. A field left out is not corrected; a field set to `""` is corrected
/// to *unknown*.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// `YYYY-MM-DD`, `YYYY` (only the year is known) or `""` (unknown).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "date_value_text"
    )]
    pub date: Option<DateValue>,
    /// When the correction was last changed.
    #[serde(default = "epoch")]
    pub updated: DateTime<Utc>,
    /// Fields a newer demarche wrote, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

impl Correction {
    /// Whether nothing is corrected.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.issuer.is_none() && self.place.is_none() && self.date.is_none()
    }

    /// The correction as a metadata source.
    #[must_use]
    pub fn layer(&self) -> MetaLayer {
        MetaLayer {
            title: self.title.clone(),
            issuer: self.issuer.clone(),
            place: self.place.clone(),
            date: self.date,
            published: None,
            url: None,
        }
    }

    /// `self` with the fields that `other` sets replaced (a field set to `None` in `other`
    /// is kept as it is).
    #[must_use]
    pub fn merged(mut self, other: &Self) -> Self {
        if other.title.is_some() {
            self.title.clone_from(&other.title);
        }
        if other.issuer.is_some() {
            self.issuer.clone_from(&other.issuer);
        }
        if other.place.is_some() {
            self.place.clone_from(&other.place);
        }
        if other.date.is_some() {
            self.date = other.date;
        }
        self
    }

    /// One line saying what is corrected: `title "X", date 1990`.
    #[must_use]
    pub fn describe(&self) -> String {
        let text = |v: &str| {
            if v.is_empty() {
                "unknown".to_owned()
            } else {
                format!("{v:?}")
            }
        };
        let mut parts = Vec::new();
        for (name, v) in [
            ("title", &self.title),
            ("issuer", &self.issuer),
            ("place", &self.place),
        ] {
            if let Some(v) = v {
                parts.push(format!("{name} {}", text(v)));
            }
        }
        match self.date {
            Some(DateValue::Unknown) => parts.push("date unknown".into()),
            Some(d) => parts.push(format!("date {d}")),
            None => {}
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

/// `DateValue` as its text in the notes file.
mod date_value_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::metadata::DateValue;

    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(v: &Option<DateValue>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateValue>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            DateValue::parse(&t).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "corrected date {t:?} is not YYYY-MM-DD, YYYY or empty"
                ))
            })
        })
        .transpose()
    }
}

/// Every stored correction with the key of its statement, looked up by the notes' identity
/// rules. A snapshot: the reader takes a new one after each change.
#[derive(Debug, Clone, Default)]
pub struct CorrectionTable {
    entries: Vec<(StatementKey, Correction)>,
    by_path: HashMap<String, Vec<usize>>,
    by_digest: HashMap<String, Vec<usize>>,
}

impl CorrectionTable {
    #[must_use]
    pub fn new(entries: Vec<(StatementKey, Correction)>) -> Self {
        let mut t = Self {
            entries: entries.into_iter().filter(|(_, c)| !c.is_empty()).collect(),
            ..Self::default()
        };
        for (i, (key, _)) in t.entries.iter().enumerate() {
            t.by_path.entry(key.path.clone()).or_default().push(i);
            t.by_digest.entry(key.id.clone()).or_default().push(i);
        }
        t
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The stored paths whose correction differs between `self` and `other` (added,
    /// removed or changed), to know which statements to read again.
    #[must_use]
    pub fn changed_paths(&self, other: &Self) -> std::collections::HashSet<String> {
        let map = |t: &Self| -> HashMap<String, Correction> {
            t.entries
                .iter()
                .map(|(k, c)| {
                    let mut c = c.clone();
                    c.updated = epoch();
                    (k.path.clone(), c)
                })
                .collect()
        };
        let (a, b) = (map(self), map(other));
        a.keys()
            .chain(b.keys())
            .filter(|p| a.get(*p) != b.get(*p))
            .cloned()
            .collect()
    }

    /// The correction of the statement with this key (its metadata as read, before any
    /// correction), by the identity rules of notes.
    #[must_use]
    pub fn find(&self, key: &StatementKey) -> Option<&Correction> {
        let mut seen: Vec<usize> = Vec::new();
        for &i in [self.by_path.get(&key.path), self.by_digest.get(&key.id)]
            .into_iter()
            .flatten()
            .flatten()
        {
            if !seen.contains(&i) {
                seen.push(i);
            }
        }
        if let Some(td) = key.title_date() {
            for (i, (k, _)) in self.entries.iter().enumerate() {
                if k.title_date().as_ref() == Some(&td) && !seen.contains(&i) {
                    seen.push(i);
                }
            }
        }
        let candidates = seen
            .into_iter()
            .filter_map(|i| self.entries.get(i).map(|(k, _)| (i, k)));
        let (i, _) = identify(
            key,
            candidates,
            |stored| stored == key.path,
            |stored| stored.starts_with("bundled:") || Path::new(stored).exists(),
        )?;
        self.entries.get(i).map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_with_unknown_fields() {
        let json = r#"{"title":"T","date":"1990","updated":"2024-01-02T03:04:05Z","mood":"x"}"#;
        let c: Correction = serde_json::from_str(json).unwrap();
        assert_eq!(c.date, Some(DateValue::Year(1990)));
        assert_eq!(c.issuer, None);
        let back = serde_json::to_string(&c).unwrap();
        assert!(
            back.contains(r#""date":"1990""#) && back.contains(r#""mood":"x""#),
            "{back}"
        );
        let bad: Result<Correction, _> = serde_json::from_str(r#"{"date":"25/09/1990"}"#);
        assert!(bad.unwrap_err().to_string().contains("YYYY-MM-DD"));
    }

    #[test]
    fn found_by_path_or_by_content_when_the_old_path_is_gone() {
        let key = |id: &str, path: &str| StatementKey {
            id: id.into(),
            path: path.into(),
            title: None,
            date: None,
        };
        let fix = Correction {
            title: Some("Fixed".into()),
            ..Correction::default()
        };
        let table = CorrectionTable::new(vec![(key("d1", "/nowhere/gone.txt"), fix.clone())]);
        assert_eq!(table.find(&key("d2", "/nowhere/gone.txt")), Some(&fix));
        assert_eq!(table.find(&key("d1", "/elsewhere/new.txt")), Some(&fix));
        // Counter-example: another statement at another path.
        assert_eq!(table.find(&key("d3", "/elsewhere/other.txt")), None);
    }
}
