//! Actor and tag filters, shared by the reader's statement list (`@actor`, `#tag` in the
//! filter prompt) and `demarche export` (`--actor`, `--tag`), so that the same words select
//! the same things in both places.
//!
//! The rules:
//! - An actor filter names an actor when the actor's canonical name, or the name from one
//!   of its words on, starts with it. Case does not matter, `-` and `_` stand for spaces,
//!   runs of spaces count as one, a leading `@` is ignored: `ombuds` names the Ombudsperson;
//!   `european-parliament`, `Parliament` and `parl` name the European Parliament; `liament`
//!   names nothing.
//! - `class:` and `country:` filters name a class of actor (`class:un`, `class:national`) or
//!   the country of a national institution or of the speaker (`country:az`, or its name,
//!   `country:azerbaijan`): one actor of that class or country must be there.
//! - A tag filter names a tag exactly, whatever its case, with or without its `#`: `#eu`
//!   matches `#EU` but not `#eu-law`.
//! - Several filters narrow together: every actor filter must name an actor that is there,
//!   and every tag filter a tag that is there.

/// One filter word, as given and in the form it is compared in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Query {
    given: String,
    key: String,
}

/// The actor and tag part of a filter. Empty: everything passes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorTagFilter {
    actors: Vec<Query>,
    classes: Vec<Query>,
    countries: Vec<Query>,
    tags: Vec<Query>,
}

impl ActorTagFilter {
    /// A filter from `--actor` and `--tag` values (or `@`/`#` words).
    #[must_use]
    pub fn new<A: AsRef<str>, T: AsRef<str>>(actors: &[A], tags: &[T]) -> Self {
        let mut f = Self::default();
        for a in actors {
            f.add_actor(a.as_ref());
        }
        for t in tags {
            f.add_tag(t.as_ref());
        }
        f
    }

    pub fn add_actor(&mut self, given: &str) {
        let bare = given.trim_start_matches('@');
        let lower = bare.to_lowercase();
        if let Some(class) = lower.strip_prefix("class:") {
            self.classes.push(Query {
                given: given.to_owned(),
                key: class.trim().to_owned(),
            });
            return;
        }
        if let Some(country) = lower.strip_prefix("country:") {
            let country = country.trim().replace(['-', '_'], " ");
            let key = crate::model::gazetteer::countries::code_of(&country)
                .filter(|_| country.chars().count() > 2)
                .map_or_else(|| country.to_uppercase(), str::to_owned);
            self.countries.push(Query {
                given: given.to_owned(),
                key,
            });
            return;
        }
        self.actors.push(Query {
            given: given.to_owned(),
            key: actor_key(given.trim_start_matches('@')),
        });
    }

    pub fn add_tag(&mut self, given: &str) {
        self.tags.push(Query {
            given: given.to_owned(),
            key: tag_key(given),
        });
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
            && self.classes.is_empty()
            && self.countries.is_empty()
            && self.tags.is_empty()
    }

    /// Every class filter is one of `classes` (`eu`, `un`, `national`...).
    #[must_use]
    pub fn classes_match(&self, classes: &[&str]) -> bool {
        self.classes
            .iter()
            .all(|q| classes.iter().any(|c| c.eq_ignore_ascii_case(&q.key)))
    }

    /// Every country filter is one of `countries` (ISO 3166-1 alpha-2 codes).
    #[must_use]
    pub fn countries_match(&self, countries: &[&str]) -> bool {
        self.countries
            .iter()
            .all(|q| countries.iter().any(|c| c.eq_ignore_ascii_case(&q.key)))
    }

    /// Whether there are tag filters (finding the tags in use may cost a lookup).
    #[must_use]
    pub fn has_tags(&self) -> bool {
        !self.tags.is_empty()
    }

    /// Whether something with these actors (canonical names) and these tags passes.
    #[must_use]
    pub fn matches<T: AsRef<str>>(&self, actor_names: &[&str], tags: &[T]) -> bool {
        self.actors_match(actor_names) && self.tags_match(tags)
    }

    /// Every actor filter names one of `actor_names`.
    #[must_use]
    pub fn actors_match(&self, actor_names: &[&str]) -> bool {
        self.actors
            .iter()
            .all(|q| actor_names.iter().any(|name| names_actor(&q.key, name)))
    }

    /// Every tag filter is one of `tags`.
    #[must_use]
    pub fn tags_match<T: AsRef<str>>(&self, tags: &[T]) -> bool {
        self.tags
            .iter()
            .all(|q| tags.iter().any(|t| tag_key(t.as_ref()) == q.key))
    }

    /// The actor filters, as given, that name none of `known` (so would keep nothing).
    #[must_use]
    pub fn unknown_actors(&self, known: &[&str]) -> Vec<&str> {
        self.actors
            .iter()
            .filter(|q| !known.iter().any(|name| names_actor(&q.key, name)))
            .map(|q| q.given.as_str())
            .collect()
    }
}

/// Whether the actor filter `key` (see [`actor_key`]) names the actor called `name`.
fn names_actor(key: &str, name: &str) -> bool {
    if key.is_empty() {
        return false;
    }
    let name = actor_key(name);
    // The name itself and the name from each later word on.
    std::iter::once(0)
        .chain(name.match_indices(' ').map(|(i, _)| i + 1))
        .any(|start| name.get(start..).is_some_and(|rest| rest.starts_with(key)))
}

/// Lower case, `-` and `_` as spaces, one space between words.
fn actor_key(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case, without the leading `#`.
fn tag_key(text: &str) -> String {
    text.trim().trim_start_matches('#').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["European Parliament", "Ombudsperson", "Ministry"];

    fn actors(query: &[&str]) -> ActorTagFilter {
        ActorTagFilter::new::<&str, &str>(query, &[])
    }

    #[test]
    fn actor_filters_name_a_whole_name_or_the_start_of_one_of_its_words() {
        for q in [
            "European Parliament",
            "european-parliament",
            "EUROPEAN_PARL",
            "@european  parliament",
            "parliament",
            "Parl",
            "euro",
        ] {
            assert!(actors(&[q]).actors_match(&["European Parliament"]), "{q}");
        }
        for q in ["liament", "european parliament of", "pean", "", "@"] {
            assert!(!actors(&[q]).actors_match(&["European Parliament"]), "{q}");
        }
        assert!(actors(&["ombuds"]).actors_match(&NAMES));
    }

    #[test]
    fn repeated_filters_must_all_match() {
        let both = actors(&["ministry", "ombuds"]);
        assert!(both.actors_match(&["Ministry", "Ombudsperson"]));
        assert!(!both.actors_match(&["Ministry", "European Parliament"]));
        let tags = ActorTagFilter::new::<&str, &str>(&[], &["#timing", "EU"]);
        assert!(tags.tags_match(&["eu", "timing", "other"]));
        assert!(!tags.tags_match(&["timing"]));
        assert!(ActorTagFilter::default().matches::<&str>(&[], &[]));
    }

    #[test]
    fn tag_filters_are_whole_tags_in_any_case() {
        let f = ActorTagFilter::new::<&str, &str>(&[], &["#EU"]);
        assert!(f.tags_match(&["eu"]));
        assert!(!f.tags_match(&["eu-law"]));
        assert!(!f.tags_match(&["e"]));
    }

    #[test]
    fn class_and_country_filters_name_a_class_or_a_country() {
        let f = actors(&["@class:UN", "country:az"]);
        assert!(f.actors_match(&[]), "class and country are no actor names");
        assert!(f.classes_match(&["eu", "un"]));
        assert!(
            !f.classes_match(&["eu", "unesco"]),
            "a class is named whole"
        );
        assert!(f.countries_match(&["KZ", "AZ"]));
        assert!(!f.countries_match(&["KZ"]));
        let by_name = actors(&["@country:Azerbaijan"]);
        assert!(by_name.countries_match(&["AZ"]));
        assert!(!by_name.is_empty());
    }

    #[test]
    fn unknown_actors_are_those_naming_no_known_actor() {
        let f = actors(&["ombuds", "OSCE", "parl"]);
        assert_eq!(f.unknown_actors(&NAMES), vec!["OSCE"]);
    }
}
