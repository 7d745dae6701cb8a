//! The country a national institution's mention names: "the Ministry of Foreign Affairs of
//! the Republic of Kazakhstan", "the Azerbaijani Foreign Ministry", "Kazakhstan's
//! Ombudsperson", "МИД России". Country names, long names, other names, nationalities and
//! translations come from the maintained `keshvar` crate (ISO 3166-1 with CLDR translations);
//! Russian and Ukrainian names also in their case forms ("России", "Казахстана"), generated
//! by the gazetteer's Russian declension.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The languages whose country names are looked for, beside English.
const LANGUAGES: [&str; 7] = ["ru", "uk", "kk", "tr", "de", "fr", "es"];

/// Short forms texts use that the data writes otherwise.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("russia", "RU"),
    ("россия", "RU"),
    ("turkey", "TR"),
    ("iran", "IR"),
    ("syria", "SY"),
    ("moldova", "MD"),
    ("молдова", "MD"),
    ("united states", "US"),
    ("сша", "US"),
    ("united kingdom", "GB"),
];

/// Lower-cased country names and demonyms, to alpha-2 codes.
fn names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map: HashMap<String, &'static str> = HashMap::new();
        for c in keshvar::CountryIterator::new() {
            // The same code as a `&'static str`, from the ISO table the rest of demarche uses.
            let Some(code) = rust_iso3166::from_alpha2(&c.alpha2().to_string()).map(|i| i.alpha2)
            else {
                continue;
            };
            let mut add = |name: &str| {
                let key = name.trim().trim_start_matches("The ").to_lowercase();
                if !key.is_empty() {
                    map.entry(key).or_insert(code);
                }
            };
            add(c.iso_short_name());
            add(c.iso_long_name());
            add(&crate::model::country::running_order(c.iso_short_name()));
            for name in c.unofficial_name_list() {
                add(name);
                if name.chars().any(|ch| matches!(ch, 'а'..='я' | 'А'..='Я')) {
                    for form in crate::model::gazetteer::russian::case_forms(name) {
                        add(&form);
                    }
                }
            }
            if let Some(nationality) = c.maybe_nationality() {
                add(nationality);
            }
            for lang in LANGUAGES {
                let Some(name) = c.translations().get(lang) else {
                    continue;
                };
                add(name);
                if matches!(lang, "ru" | "uk") {
                    for form in crate::model::gazetteer::russian::case_forms(name) {
                        add(&form);
                    }
                }
            }
        }
        for (demonym, country) in crate::model::clean::issuer::demonyms() {
            let key = country.trim_start_matches("the ").to_lowercase();
            if let Some(&code) = map.get(&key) {
                map.entry(demonym.to_lowercase()).or_insert(code);
            }
        }
        for (name, code) in SHORT_FORMS {
            map.insert((*name).to_owned(), code);
        }
        map
    })
}

/// The alpha-2 code of a country name, demonym or possessive ("Kazakhstan's"), any case.
#[must_use]
pub fn code_of(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let name = name
        .strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name);
    // Most names looked up are short words: lower-case them without allocating.
    let mut buf = [0u8; 64];
    let lower: std::borrow::Cow<'_, str> = if name.is_ascii() && name.len() <= buf.len() {
        buf[..name.len()].copy_from_slice(name.as_bytes());
        buf[..name.len()].make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(&buf[..name.len()]).unwrap_or_default())
    } else {
        std::borrow::Cow::Owned(name.to_lowercase())
    };
    let lower = lower.trim_start_matches("the ");
    names().get(lower).copied()
}

/// How many words of a mention's end may name its country ("... of the Republic of
/// Kazakhstan" is four).
const MAX_TAIL_WORDS: usize = 4;

/// The country a mention names: in its own text after "of" ("... of the Republic of
/// Kazakhstan") or as its last words ("МИД России"), or in the one or two words right before
/// it ("the Azerbaijani Foreign Ministry", "Kazakhstan's Ombudsperson").
#[must_use]
pub fn country_of_mention(before: &str, mention: &str) -> Option<&'static str> {
    // Byte offsets where the mention's words start, the last few only.
    let mut starts: Vec<usize> = Vec::with_capacity(MAX_TAIL_WORDS + 1);
    let mut prev_space = true;
    for (i, c) in mention.char_indices() {
        if prev_space && !c.is_whitespace() {
            starts.push(i);
        }
        prev_space = c.is_whitespace();
    }
    // Longest tail first (but not the whole mention): "Republic of Kazakhstan" before
    // "Kazakhstan".
    for &start in starts.iter().skip(1).rev().take(MAX_TAIL_WORDS).rev() {
        let tail = mention[start..].trim_end_matches(['.', ',', ';', ':']);
        let odd_spaces = tail.contains("  ") || tail.chars().any(|c| c.is_whitespace() && c != ' ');
        let found = if odd_spaces {
            code_of(&tail.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            code_of(tail)
        };
        if found.is_some() {
            return found;
        }
    }
    before
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .find_map(|w| {
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            cap.then(|| code_of(w)).flatten()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_demonyms_possessives_and_other_languages() {
        assert_eq!(
            country_of_mention(
                "",
                "The Ministry of Foreign Affairs of the Republic of Kazakhstan"
            ),
            Some("KZ")
        );
        assert_eq!(
            country_of_mention("the Azerbaijani", "Foreign Ministry"),
            Some("AZ")
        );
        assert_eq!(
            country_of_mention("welcomed by Kazakhstan's", "Ombudsperson"),
            Some("KZ")
        );
        assert_eq!(country_of_mention("in a reply", "МИД России"), Some("RU"));
        assert_eq!(country_of_mention("the Turkish", "MFA"), Some("TR"));
    }

    #[test]
    fn no_country_is_guessed() {
        // Counter-examples: a bare institution, a capitalised word that is no country, and a
        // country far before the mention.
        assert_eq!(
            country_of_mention("We asked the", "Ministry of Foreign Affairs"),
            None
        );
        assert_eq!(country_of_mention("In Brussels the", "Ombudsperson"), None);
        assert_eq!(
            country_of_mention("France said that yesterday the", "Foreign Ministry"),
            None
        );
    }
}
