//! The default gazetteer, kept as data in `assets/actors/*.toml` and embedded in the binary,
//! and the generated forms of its names. The matcher itself is [`crate::model::actors`].

pub mod countries;
pub mod russian;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::actors::ActorSpec;

/// The gazetteer files, in the order their actors are listed (the brief's three first).
const FILES: &[(&str, &str)] = &[
    (
        "brief.toml",
        include_str!("../../../assets/actors/brief.toml"),
    ),
    ("eu.toml", include_str!("../../../assets/actors/eu.toml")),
    ("un.toml", include_str!("../../../assets/actors/un.toml")),
    ("coe.toml", include_str!("../../../assets/actors/coe.toml")),
    (
        "osce.toml",
        include_str!("../../../assets/actors/osce.toml"),
    ),
    (
        "regional.toml",
        include_str!("../../../assets/actors/regional.toml"),
    ),
    (
        "national.toml",
        include_str!("../../../assets/actors/national.toml"),
    ),
];

const CLASSES: &str = include_str!("../../../assets/actors/classes.toml");
const GENERIC: &str = include_str!("../../../assets/actors/generic.toml");

/// The colour of an actor that names none and whose class has none.
const FALLBACK_COLOR: &str = "yellow";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorFile {
    actor: Vec<ActorSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassFile {
    classes: BTreeMap<String, String>,
}

/// A bare generic name and the word an actor's name must contain for it to stand for that
/// actor (`assets/actors/generic.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericSpec {
    pub head: String,
    pub aliases: Vec<String>,
    /// Speaker class → the actor the name stands for in that class's statements.
    #[serde(default)]
    pub in_class: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenericFile {
    generic: Vec<GenericSpec>,
}

/// The generic names demarche resolves.
#[must_use]
pub fn generics() -> &'static [GenericSpec] {
    static GENERICS: OnceLock<Vec<GenericSpec>> = OnceLock::new();
    GENERICS.get_or_init(|| {
        toml::from_str::<GenericFile>(GENERIC)
            .map(|f| f.generic)
            .unwrap_or_else(|e| unreachable!("assets/actors/generic.toml: {e}"))
    })
}

/// The colour of each class of actor.
#[must_use]
pub fn class_colors() -> &'static BTreeMap<String, String> {
    static COLORS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    COLORS.get_or_init(|| {
        toml::from_str::<ClassFile>(CLASSES)
            .map(|f| f.classes)
            .unwrap_or_else(|e| unreachable!("assets/actors/classes.toml: {e}"))
    })
}

/// The actors demarche knows without any configuration.
#[must_use]
pub fn default_actors() -> Vec<ActorSpec> {
    static ACTORS: OnceLock<Vec<ActorSpec>> = OnceLock::new();
    ACTORS
        .get_or_init(|| {
            let mut all: Vec<ActorSpec> = FILES
                .iter()
                .flat_map(|(name, text)| {
                    toml::from_str::<ActorFile>(text)
                        .unwrap_or_else(|e| unreachable!("assets/actors/{name}: {e}"))
                        .actor
                })
                .collect();
            fill_colors(&mut all);
            all
        })
        .clone()
}

/// The order classes are shown in (the reader's legend groups actors by class).
pub const CLASS_ORDER: &[&str] = &["eu", "un", "coe", "osce", "regional", "national", "group"];

/// Actor counts grouped by class in [`CLASS_ORDER`] (unknown classes last, then actors
/// without one), keeping the order of first mention within a class.
#[must_use]
pub fn by_class(
    mut counts: Vec<(String, usize)>,
    classes: &BTreeMap<String, String>,
) -> Vec<(String, usize)> {
    let rank = |name: &str| {
        classes.get(name).map_or(CLASS_ORDER.len() + 1, |c| {
            CLASS_ORDER
                .iter()
                .position(|k| k == c)
                .unwrap_or(CLASS_ORDER.len())
        })
    };
    counts.sort_by_key(|(name, _)| rank(name));
    counts
}

/// Gives every actor without a colour its class's colour (or the fallback).
pub fn fill_colors(actors: &mut [ActorSpec]) {
    for a in actors {
        if a.color.trim().is_empty() {
            a.color = a
                .class
                .as_ref()
                .and_then(|c| class_colors().get(c))
                .map_or(FALLBACK_COLOR, String::as_str)
                .to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_conventions_name_known_actors() {
        let actors = default_actors();
        for g in generics() {
            for (class, actor) in &g.in_class {
                assert!(
                    class_colors().contains_key(class),
                    "{}: class {class}",
                    g.head
                );
                assert!(
                    actors.iter().any(|a| &a.name == actor),
                    "{}: {actor}",
                    g.head
                );
            }
        }
    }

    #[test]
    fn every_file_parses_and_names_are_unique() {
        let actors = default_actors();
        assert!(actors.len() >= 35, "{}", actors.len());
        let mut names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate actor names");
    }

    #[test]
    fn the_brief_actors_keep_their_names_and_colours() {
        let actors = default_actors();
        for (name, color) in [
            ("European Parliament", "blue"),
            ("Ombudsperson", "magenta"),
            ("Ministry", "green"),
        ] {
            let a = actors.iter().find(|a| a.name == name).unwrap();
            assert_eq!(a.color, color, "{name}");
        }
        assert_eq!(actors[0].name, "European Parliament");
    }

    #[test]
    fn parents_name_known_actors_and_classes_have_colours() {
        let actors = default_actors();
        for a in &actors {
            if let Some(p) = &a.parent {
                assert!(
                    actors.iter().any(|b| &b.name == p),
                    "{}: parent {p}",
                    a.name
                );
            }
            let class = a.class.as_deref().unwrap_or_default();
            assert!(
                class_colors().contains_key(class),
                "{}: class {class}",
                a.name
            );
            assert!(!a.color.is_empty());
        }
    }
}
