//! Case forms of Russian institution names, generated from the nominative so that
//! "Европейский парламент" also finds "Европейского парламента", "Европейским парламентом".
//! Only the head of the name declines: the adjectives before the first noun and that noun;
//! what follows (a genitive complement, "иностранных дел", "по правам человека", "ООН")
//! stays as it is. Acronyms ("МИД", "ООН") do not decline.

/// The nominative and its genitive, dative, accusative, instrumental and prepositional
/// singular forms, lower-cased, without duplicates.
#[must_use]
pub fn case_forms(nominative: &str) -> Vec<String> {
    let lower = nominative.to_lowercase();
    let words: Vec<&str> = lower.split(' ').collect();
    let orig: Vec<&str> = nominative.split(' ').collect();
    // How many leading words decline: adjectives, then one noun.
    let mut head = 0;
    for (k, w) in words.iter().enumerate() {
        if is_acronym(orig[k]) || PREPOSITIONS.contains(w) {
            break;
        }
        head = k + 1;
        if adjective_endings(w).is_none() {
            break;
        }
    }
    let mut out = vec![lower.clone()];
    for case in 0..5 {
        let mut form: Vec<String> = Vec::with_capacity(words.len());
        for (k, w) in words.iter().enumerate() {
            if k >= head {
                form.push((*w).to_owned());
                continue;
            }
            let declined = match adjective_endings(w) {
                Some((stem, endings)) => format!("{stem}{}", endings[case]),
                None => noun_form(w, case),
            };
            form.push(declined);
        }
        let f = form.join(" ");
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

const PREPOSITIONS: &[&str] = &[
    "по", "в", "на", "о", "об", "при", "для", "с", "со", "за", "и",
];

fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// For an adjective: its stem and its endings in the genitive, dative, accusative
/// (inanimate), instrumental and prepositional.
fn adjective_endings(w: &str) -> Option<(&str, [&'static str; 5])> {
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    if n < 4 {
        return None;
    }
    let ending: String = chars[n - 2..].iter().collect();
    let stem_end = w.char_indices().nth(n - 2).map_or(w.len(), |(i, _)| i);
    let stem = &w[..stem_end];
    let before = chars[n - 3];
    let velar = matches!(before, 'к' | 'г' | 'х' | 'ж' | 'ш' | 'ч' | 'щ');
    let endings = match ending.as_str() {
        "ый" => ["ого", "ому", "ый", "ым", "ом"],
        "ой" => ["ого", "ому", "ой", "ым", "ом"],
        "ий" if velar => ["ого", "ому", "ий", "им", "ом"],
        "ий" => ["его", "ему", "ий", "им", "ем"],
        "ая" => ["ой", "ой", "ую", "ой", "ой"],
        "яя" => ["ей", "ей", "юю", "ей", "ей"],
        "ое" => ["ого", "ому", "ое", "ым", "ом"],
        "ее" => ["его", "ему", "ее", "им", "ем"],
        _ => return None,
    };
    Some((stem, endings))
}

/// A singular noun in case `case` (0 genitive, 1 dative, 2 accusative, 3 instrumental,
/// 4 prepositional).
fn noun_form(w: &str, case: usize) -> String {
    let Some(last) = w.chars().next_back() else {
        return String::new();
    };
    let stem = &w[..w.len() - last.len_utf8()];
    let prev = stem.chars().next_back().unwrap_or(' ');
    let velar = matches!(prev, 'к' | 'г' | 'х' | 'ж' | 'ш' | 'ч' | 'щ');
    let vowel_before = matches!(prev, 'и' | 'е' | 'у' | 'а' | 'о');
    let (base, endings): (&str, [&str; 5]) = match last {
        'а' if velar => (stem, ["и", "е", "у", "ой", "е"]),
        'а' => (stem, ["ы", "е", "у", "ой", "е"]),
        'я' if prev == 'и' => (stem, ["и", "и", "ю", "ей", "и"]),
        'я' if vowel_before => (stem, ["и", "е", "ю", "ей", "е"]),
        'я' => (stem, ["и", "е", "ю", "ей", "е"]),
        'о' => (stem, ["а", "у", "о", "ом", "е"]),
        'е' if prev == 'и' => (stem, ["я", "ю", "е", "ем", "и"]),
        'е' => (stem, ["я", "ю", "е", "ем", "е"]),
        'ь' => (stem, ["я", "ю", "ь", "ем", "е"]),
        'й' => (stem, ["я", "ю", "й", "ем", "е"]),
        c if c.is_alphabetic() => (w, ["а", "у", "", "ом", "е"]),
        _ => (w, ["", "", "", "", ""]),
    };
    format!("{base}{}", endings[case])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjective_and_noun_decline_together() {
        let forms = case_forms("Европейский парламент");
        for f in [
            "европейский парламент",
            "европейского парламента",
            "европейскому парламенту",
            "европейским парламентом",
            "европейском парламенте",
        ] {
            assert!(forms.contains(&f.to_owned()), "{f}: {forms:?}");
        }
    }

    #[test]
    fn the_complement_stays_and_acronyms_do_not_decline() {
        let forms = case_forms("Министерство иностранных дел");
        assert!(forms.contains(&"министерства иностранных дел".to_owned()));
        assert!(forms.contains(&"министерством иностранных дел".to_owned()));
        let forms = case_forms("Совет Безопасности ООН");
        assert!(forms.contains(&"совета безопасности оон".to_owned()));
        assert_eq!(case_forms("МИД"), ["мид"]);
        let forms = case_forms("Уполномоченный по правам человека");
        assert!(forms.contains(&"уполномоченного по правам человека".to_owned()));
        // Counter-example: the preposition and what follows never decline.
        assert!(!forms.iter().any(|f| f.contains("поа")));
    }

    #[test]
    fn feminine_names() {
        let forms = case_forms("Генеральная Ассамблея");
        assert!(
            forms.contains(&"генеральной ассамблеи".to_owned()),
            "{forms:?}"
        );
        assert!(
            forms.contains(&"генеральную ассамблею".to_owned()),
            "{forms:?}"
        );
        let forms = case_forms("Европейская комиссия");
        assert!(
            forms.contains(&"европейской комиссии".to_owned()),
            "{forms:?}"
        );
    }
}
