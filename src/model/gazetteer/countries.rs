//! The country a national institution's mention names: "the Ministry of Foreign Affairs of
//! the Republic of Kazakhstan", "the Azerbaijani Foreign Ministry", "Kazakhstan's
//! Ombudsperson", "МИД России". Country names come from ISO 3166-1 (the `rust_iso3166`
//! crate) and the issuer rules' demonyms; names in Russian, Kazakh and Turkish from the small
//! table below (the statements demarche's users read most often name these countries).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Russian (nominative and genitive), Kazakh and Turkish names of countries, with their
/// ISO 3166-1 alpha-2 code.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("россия", "RU"),
    ("россии", "RU"),
    ("российской федерации", "RU"),
    ("казахстан", "KZ"),
    ("казахстана", "KZ"),
    ("республики казахстан", "KZ"),
    ("қазақстан", "KZ"),
    ("қазақстан республикасы", "KZ"),
    ("азербайджан", "AZ"),
    ("азербайджана", "AZ"),
    ("азербайджанской республики", "AZ"),
    ("армении", "AM"),
    ("армения", "AM"),
    ("грузии", "GE"),
    ("грузия", "GE"),
    ("украины", "UA"),
    ("украина", "UA"),
    ("беларуси", "BY"),
    ("белоруссии", "BY"),
    ("турции", "TR"),
    ("узбекистана", "UZ"),
    ("кыргызстана", "KG"),
    ("киргизии", "KG"),
    ("таджикистана", "TJ"),
    ("туркменистана", "TM"),
    ("молдовы", "MD"),
    ("молдавии", "MD"),
    ("франции", "FR"),
    ("германии", "DE"),
    ("сша", "US"),
    ("türkiye", "TR"),
    ("türkiye cumhuriyeti", "TR"),
    ("azerbaycan", "AZ"),
    ("kazakistan", "KZ"),
];

/// Lower-cased country names and demonyms, to alpha-2 codes.
fn names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map: HashMap<String, &'static str> = HashMap::new();
        for c in rust_iso3166::ALL {
            let running = crate::model::country::running_order(c.name).to_lowercase();
            let short = running
                .split(" of ")
                .last()
                .unwrap_or(&running)
                .trim_start_matches("the ")
                .to_owned();
            map.insert(running, c.alpha2);
            map.entry(short).or_insert(c.alpha2);
            map.insert(c.name.to_lowercase(), c.alpha2);
        }
        for (name, code) in OTHER_NAMES {
            map.insert((*name).to_owned(), code);
        }
        for (demonym, country) in crate::model::clean::issuer::demonyms() {
            let key = country.trim_start_matches("the ").to_lowercase();
            if let Some(&code) = map.get(&key) {
                map.insert(demonym.to_lowercase(), code);
            }
        }
        // Common short forms ISO writes otherwise.
        for (name, code) in [
            ("russia", "RU"),
            ("turkey", "TR"),
            ("iran", "IR"),
            ("syria", "SY"),
            ("moldova", "MD"),
            ("the united states", "US"),
            ("the united kingdom", "GB"),
            ("united states", "US"),
            ("united kingdom", "GB"),
        ] {
            map.insert(name.to_owned(), code);
        }
        map
    })
}

/// The alpha-2 code of a country name, demonym or possessive ("Kazakhstan's"), any case.
#[must_use]
pub fn code_of(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_lowercase();
    let lower = lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(&lower);
    let lower = lower.trim_start_matches("the ");
    names().get(lower).copied()
}

/// The country a mention names: in its own text after "of" ("... of the Republic of
/// Kazakhstan") or as its last words ("МИД России"), or in the one or two words right before
/// it ("the Azerbaijani Foreign Ministry", "Kazakhstan's Ombudsperson").
#[must_use]
pub fn country_of_mention(before: &str, mention: &str) -> Option<&'static str> {
    let words: Vec<&str> = mention.split_whitespace().collect();
    // Longest tail first: "Republic of Kazakhstan" before "Kazakhstan".
    for k in (1..words.len()).rev() {
        let tail = words[words.len() - k..].join(" ");
        if let Some(code) = code_of(tail.trim_end_matches(['.', ',', ';', ':'])) {
            return Some(code);
        }
    }
    let prev: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .collect();
    prev.iter().find_map(|w| {
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
