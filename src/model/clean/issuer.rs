//! Who issued a statement, from every place statements name it: the heading ("Statement of
//! the Ministry of ..."), a headline's subject ("Azerbaijani Foreign Ministry condemns ..."),
//! a source line (`(Source: EEAS)`), a byline, the opening phrase ("The Ministry of Foreign
//! Affairs of X has ..."), a "citing ..." clause of a wire report, and the sign-off.
//!
//! An issuer is an institution or an office, written as the institution writes its own
//! name: "Azerbaijani Foreign Ministry" becomes "Ministry of Foreign Affairs of Azerbaijan".
//! A fragment of a headline ("European Parliament's", "... condemns") is never an issuer,
//! and neither is a news agency or a newspaper: those are the publisher.

use std::sync::OnceLock;

use regex::Regex;

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex: {e}"))
}

/// Words that make a name an institution's or an office's.
const INSTITUTION_WORDS: &[&str] = &[
    "ministry",
    "ministère",
    "ministerio",
    "ministerium",
    "bakanlığı",
    "delegation",
    "délégation",
    "mission",
    "embassy",
    "ambassade",
    "consulate",
    "parliament",
    "parlement",
    "parlamento",
    "parlament",
    "assembly",
    "senate",
    "congress",
    "commission",
    "council",
    "conseil",
    "service",
    "office",
    "ombudsperson",
    "ombudsman",
    "government",
    "gouvernement",
    "committee",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "presidency",
    "president",
    "minister",
    "union",
    "court",
    "commissioner",
    "defender",
    "défenseur",
    "médiateur",
    "secretariat",
    "department",
    "administration",
    "cabinet",
    "chancellery",
    "representative",
    "representation",
    "organization",
    "organisation",
    "nations",
    "министерство",
    "мид",
    "уполномоченный",
    "посольство",
    "правительство",
    "парламент",
    "представительство",
];

/// Offices that do not say whose they are without an institution: "Statement by the
/// Spokesperson" is the spokesperson of whatever institution the page is from.
const BARE_OFFICES: &[&str] = &[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "press office",
    "press service",
    "press secretary",
    "press team",
    "press and information team",
    "high representative",
    // A generic institution with nothing to say whose ("Mission rejects claims ...").
    "mission",
    "embassy",
    "consulate",
    "delegation",
    "ministry",
    "government",
];

/// Does this name name an institution or an office?
#[must_use]
pub fn names_institution(name: &str) -> bool {
    name.split(|c: char| !c.is_alphabetic())
        .any(|w| INSTITUTION_WORDS.contains(&w.to_lowercase().as_str()))
        || expand_acronym(name.trim()).is_some()
}

/// An office that needs its institution ("Spokesperson", "the Press Office").
#[must_use]
pub fn is_bare_office(name: &str) -> bool {
    let lower = name.trim().trim_start_matches("the ").to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    BARE_OFFICES.contains(&lower)
}

/// Acronyms statements use for their issuers, and the institutions' own names.
const ACRONYMS: &[(&str, &str)] = &[
    ("EEAS", "European External Action Service"),
    ("EP", "European Parliament"),
    ("EC", "European Commission"),
    ("EU", "European Union"),
    ("MFA", "Ministry of Foreign Affairs"),
    ("UN", "United Nations"),
    (
        "OSCE",
        "Organization for Security and Co-operation in Europe",
    ),
    ("PACE", "Parliamentary Assembly of the Council of Europe"),
    (
        "OHCHR",
        "Office of the United Nations High Commissioner for Human Rights",
    ),
];

fn expand_acronym(name: &str) -> Option<&'static str> {
    ACRONYMS.iter().find(|(a, _)| *a == name).map(|(_, n)| *n)
}

/// Country adjectives (and the few nouns used as adjectives) with the country's name.
#[must_use]
pub fn demonyms() -> &'static [(&'static str, &'static str)] {
    DEMONYMS
}

/// Country adjectives (and the few nouns used as adjectives) with the country's name as its
/// institutions write it after "of".
const DEMONYMS: &[(&str, &str)] = &[
    ("Afghan", "Afghanistan"),
    ("Albanian", "Albania"),
    ("Algerian", "Algeria"),
    ("American", "the United States"),
    ("Angolan", "Angola"),
    ("Argentine", "Argentina"),
    ("Argentinian", "Argentina"),
    ("Armenian", "Armenia"),
    ("Australian", "Australia"),
    ("Austrian", "Austria"),
    ("Azerbaijani", "Azerbaijan"),
    ("Azeri", "Azerbaijan"),
    ("Bahraini", "Bahrain"),
    ("Bangladeshi", "Bangladesh"),
    ("Belarusian", "Belarus"),
    ("Belgian", "Belgium"),
    ("Bolivian", "Bolivia"),
    ("Bosnian", "Bosnia and Herzegovina"),
    ("Brazilian", "Brazil"),
    ("British", "the United Kingdom"),
    ("Bulgarian", "Bulgaria"),
    ("Cambodian", "Cambodia"),
    ("Cameroonian", "Cameroon"),
    ("Canadian", "Canada"),
    ("Chilean", "Chile"),
    ("Chinese", "China"),
    ("Colombian", "Colombia"),
    ("Croatian", "Croatia"),
    ("Cuban", "Cuba"),
    ("Cypriot", "Cyprus"),
    ("Czech", "the Czech Republic"),
    ("Danish", "Denmark"),
    ("Dutch", "the Netherlands"),
    ("Egyptian", "Egypt"),
    ("Emirati", "the United Arab Emirates"),
    ("Estonian", "Estonia"),
    ("Ethiopian", "Ethiopia"),
    ("Finnish", "Finland"),
    ("French", "France"),
    ("Georgian", "Georgia"),
    ("German", "Germany"),
    ("Ghanaian", "Ghana"),
    ("Greek", "Greece"),
    ("Hungarian", "Hungary"),
    ("Icelandic", "Iceland"),
    ("Indian", "India"),
    ("Indonesian", "Indonesia"),
    ("Iranian", "Iran"),
    ("Iraqi", "Iraq"),
    ("Irish", "Ireland"),
    ("Israeli", "Israel"),
    ("Italian", "Italy"),
    ("Japanese", "Japan"),
    ("Jordanian", "Jordan"),
    ("Kazakh", "Kazakhstan"),
    ("Kazakhstani", "Kazakhstan"),
    ("Kenyan", "Kenya"),
    ("Kosovar", "Kosovo"),
    ("Kuwaiti", "Kuwait"),
    ("Kyrgyz", "Kyrgyzstan"),
    ("Latvian", "Latvia"),
    ("Lebanese", "Lebanon"),
    ("Libyan", "Libya"),
    ("Lithuanian", "Lithuania"),
    ("Luxembourgish", "Luxembourg"),
    ("Malaysian", "Malaysia"),
    ("Maltese", "Malta"),
    ("Mexican", "Mexico"),
    ("Moldovan", "Moldova"),
    ("Mongolian", "Mongolia"),
    ("Montenegrin", "Montenegro"),
    ("Moroccan", "Morocco"),
    ("Nigerian", "Nigeria"),
    ("Norwegian", "Norway"),
    ("Omani", "Oman"),
    ("Pakistani", "Pakistan"),
    ("Palestinian", "Palestine"),
    ("Peruvian", "Peru"),
    ("Philippine", "the Philippines"),
    ("Polish", "Poland"),
    ("Portuguese", "Portugal"),
    ("Qatari", "Qatar"),
    ("Romanian", "Romania"),
    ("Russian", "Russia"),
    ("Saudi", "Saudi Arabia"),
    ("Serbian", "Serbia"),
    ("Slovak", "Slovakia"),
    ("Slovenian", "Slovenia"),
    ("Somali", "Somalia"),
    ("Spanish", "Spain"),
    ("Sudanese", "Sudan"),
    ("Swedish", "Sweden"),
    ("Swiss", "Switzerland"),
    ("Syrian", "Syria"),
    ("Tajik", "Tajikistan"),
    ("Thai", "Thailand"),
    ("Tunisian", "Tunisia"),
    ("Turkish", "Türkiye"),
    ("Turkmen", "Turkmenistan"),
    ("Ugandan", "Uganda"),
    ("Ukrainian", "Ukraine"),
    ("Uzbek", "Uzbekistan"),
    ("Venezuelan", "Venezuela"),
    ("Vietnamese", "Viet Nam"),
    ("Yemeni", "Yemen"),
    ("Zimbabwean", "Zimbabwe"),
];

/// The country of an adjective ("Azerbaijani") or of a country name in the possessive
/// ("Azerbaijan's", "Türkiye’s").
fn country_of(word: &str) -> Option<&'static str> {
    if let Some((_, c)) = DEMONYMS.iter().find(|(a, _)| *a == word) {
        return Some(c);
    }
    let bare = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))?;
    DEMONYMS
        .iter()
        .map(|(_, c)| *c)
        .find(|c| c.trim_start_matches("the ") == bare)
}

/// Words that join a name's parts ("Ministry *of* Foreign Affairs *of the* Republic").
const CONNECTORS: &[&str] = &[
    "of", "the", "for", "and", "on", "in", "to", "at", "de", "la", "le", "du", "des", "d'", "l'",
    "della", "del", "y", "et", "und", "der", "für",
];

/// Kazakh and Turkish headings name their issuer first and the kind of text last:
/// "Қазақстан Республикасы Сыртқы істер министрлігінің мәлімдемесі" → "Қазақстан
/// Республикасы Сыртқы істер министрлігі" (the issuer in the genitive), "Valdor Dışişleri
/// Bakanlığı Açıklaması" → "Valdor Dışişleri Bakanlığı". Only when what comes before the
/// kind names an institution (a heading "Мәлімдеме" or "Basın Açıklaması" names nobody).
fn head_final_issuer(title: &str) -> Option<String> {
    struct Language {
        kinds: &'static [&'static str],
        genitive: &'static [&'static str],
        institutions: &'static [&'static str],
    }
    const LANGUAGES: &[Language] = &[
        Language {
            kinds: &["мәлімдемесі", "хабарламасы", "үндеуі", "түсініктемесі"],
            genitive: &["ның", "нің", "дың", "дің", "тың", "тің"],
            institutions: &[
                "министрлі",
                "парламент",
                "мәжіліс",
                "сенат",
                "үкімет",
                "омбудсмен",
                "уәкіл",
                "елшілі",
            ],
        },
        Language {
            kinds: &["açıklaması", "bildirisi", "duyurusu"],
            genitive: &["nın", "nin", "nun", "nün"],
            institutions: &[
                "bakanlığı",
                "meclisi",
                "büyükelçiliği",
                "başkanlığı",
                "hükümeti",
                "kurumu",
                "temsilciliği",
                "sözcüsü",
            ],
        },
    ];
    let t = title.trim().trim_end_matches('.');
    let (who, kind) = t.rsplit_once(' ')?;
    let kind = kind.to_lowercase();
    let lang = LANGUAGES
        .iter()
        .find(|l| l.kinds.contains(&kind.as_str()))?;
    let who = who.trim_end_matches(" Basın").trim_end_matches(" basın");
    let (head, last) = who.rsplit_once(' ').unwrap_or(("", who));
    let last = lang
        .genitive
        .iter()
        .find_map(|g| last.strip_suffix(g))
        .unwrap_or(last);
    let name = if head.is_empty() {
        last.to_owned()
    } else {
        format!("{head} {last}")
    };
    let lower = name.to_lowercase();
    lang.institutions
        .iter()
        .any(|w| lower.contains(w))
        .then_some(name)
}

/// A word that joins the parts of an institution's name ("of", "du", "für").
#[must_use]
pub fn is_connector(word: &str) -> bool {
    CONNECTORS.contains(&word)
}

/// Publishers that are not issuers: news agencies, newspapers, aggregators.
const PUBLISHERS: &[&str] = &[
    "menafn",
    "azernews",
    "trend",
    "apa",
    "reuters",
    "afp",
    "agence france-presse",
    "ap",
    "associated press",
    "tass",
    "ria novosti",
    "interfax",
    "xinhua",
    "anadolu agency",
    "anadolu",
    "kazinform",
    "bloomberg",
    "dpa",
    "efe",
    "ansa",
    "sputnik",
    "yonhap",
    "kyodo",
    "pti",
    "ians",
    "irna",
    "wafa",
    "kuna",
    "wam",
    "qna",
    "sana",
    "mena",
    "daily sabah",
    "report.az",
];

/// A news agency, newspaper or news site: the publisher of a statement, never its issuer.
#[must_use]
pub fn is_publisher_name(name: &str) -> bool {
    let lower = name.trim().trim_start_matches("The ").to_lowercase();
    let lower = lower.trim_end_matches(['.', ',']);
    PUBLISHERS.contains(&lower)
        || [
            " news",
            " news agency",
            " press agency",
            " times",
            " post",
            " daily",
            " gazette",
            " herald",
            " tribune",
            " magazine",
            " journal",
            " online",
            ".com",
            ".az",
            ".kz",
            ".ru",
            ".tr",
        ]
        .iter()
        .any(|s| lower.ends_with(s))
        || lower.ends_with("news")
        || lower.contains("news agency")
}

/// An issuer as the institution writes its name, or `None` for what is no issuer: a
/// fragment of a headline, a publisher, a person's name. Handles "the", possessives of
/// countries and country adjectives ("Azerbaijani Foreign Ministry" → "Ministry of Foreign
/// Affairs of Azerbaijan"), abbreviations ("parl't") and acronyms ("EEAS").
#[must_use]
pub fn normalise_issuer(name: &str) -> Option<String> {
    let name = name
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '"' | '“' | '”'))
        .trim_end_matches('.');
    let name = ["The ", "the "]
        .iter()
        .find_map(|a| name.strip_prefix(a))
        .unwrap_or(name)
        .trim();
    if name.is_empty() || name.chars().count() > 120 || is_publisher_name(name) {
        return None;
    }
    if let Some(full) = expand_acronym(name) {
        return Some(full.to_owned());
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    // A possessive at the end is someone else's thing ("European Parliament's [resolution]").
    if words
        .last()
        .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"))
    {
        return None;
    }
    let possessive = |w: &str| -> Option<String> {
        let bare = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s"))?;
        bare.chars()
            .next()
            .is_some_and(char::is_uppercase)
            .then(|| bare.to_owned())
    };
    let (country, rest) = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() => {
            match country_of(first)
                .map(str::to_owned)
                .or_else(|| possessive(first))
            {
                Some(c) => (Some(c), rest.to_vec()),
                None => (None, words.clone()),
            }
        }
        _ => (None, words.clone()),
    };
    // Every word is capitalised, a connector, or an abbreviation of an institution word.
    let rest: Vec<String> = rest.iter().map(|w| expand_word(w)).collect();
    let fragment = rest.iter().any(|w| {
        let first = w.chars().next();
        first.is_some_and(char::is_lowercase) && !CONNECTORS.contains(&w.as_str())
    });
    if fragment {
        return None;
    }
    let body = rest.join(" ");
    if !names_institution(&body) {
        return None;
    }
    let body = institution_form(&body);
    Some(match country {
        Some(c) => with_country(&body, &c),
        None => capitalise(&body),
    })
}

/// Abbreviations of institution words in headlines: "parl't" → "Parliament".
fn expand_word(w: &str) -> String {
    match w.to_lowercase().as_str() {
        "parl't" | "parl’t" | "parlt" | "parl." => "Parliament".to_owned(),
        "govt" | "gov't" | "gov’t" | "govt." => "Government".to_owned(),
        "min." => "Ministry".to_owned(),
        "mfa" => "Ministry of Foreign Affairs".to_owned(),
        "parliament" => "Parliament".to_owned(),
        "government" => "Government".to_owned(),
        "ministry" => "Ministry".to_owned(),
        _ => w.to_owned(),
    }
}

/// "Foreign Ministry" → "Ministry of Foreign Affairs", "Defence Ministry" → "Ministry of
/// Defence", "Foreign Minister" → "Minister of Foreign Affairs"; other names unchanged.
fn institution_form(body: &str) -> String {
    for (kind, of) in [("Ministry", "Ministry of"), ("Minister", "Minister of")] {
        if let Some(field) = body.strip_suffix(kind).map(str::trim)
            && !field.is_empty()
            && !field.contains(" of ")
        {
            let field = match field {
                "Foreign" | "Foreign Affairs" => "Foreign Affairs",
                f => f,
            };
            return format!("{of} {field}");
        }
    }
    body.to_owned()
}

/// "Ministry of Foreign Affairs" + "Azerbaijan" → "Ministry of Foreign Affairs of Azerbaijan";
/// "Embassy in Paris" + "Türkiye" → "Embassy of Türkiye in Paris".
fn with_country(body: &str, country: &str) -> String {
    for kind in ["Embassy", "Consulate", "Mission", "Delegation"] {
        if let Some(rest) = body.strip_prefix(kind)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            return format!("{kind} of {country}{rest}");
        }
    }
    format!("{} of {country}", capitalise(body))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Verbs (and adverbs before them) that end a headline's subject: "Azerbaijani Foreign
/// Ministry *condemns* ...", "Egyptian parl't *categorically* rejects ...".
const HEADLINE_VERBS: &[&str] = &[
    "condemns",
    "condemned",
    "rejects",
    "rejected",
    "welcomes",
    "welcomed",
    "comments",
    "commented",
    "says",
    "said",
    "calls",
    "urges",
    "expresses",
    "slams",
    "denounces",
    "issues",
    "issued",
    "responds",
    "responded",
    "reacts",
    "reacted",
    "regrets",
    "deplores",
    "notes",
    "states",
    "voices",
    "protests",
    "criticises",
    "criticizes",
    "denies",
    "refutes",
    "dismisses",
    "hails",
    "praises",
    "warns",
    "summons",
    "accuses",
    "demands",
    "announces",
    "reiterates",
    "reaffirms",
    "supports",
    "congratulates",
    "strongly",
    "categorically",
    "firmly",
    "sharply",
];

/// The subject of a headline-shaped heading, when it is an institution: "Azerbaijani Foreign
/// Ministry condemns European Parliament's resolution" → "Ministry of Foreign Affairs of
/// Azerbaijan".
#[must_use]
pub fn headline_subject(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let end = words.iter().position(|w| {
        let bare = w.trim_end_matches([',', ':']);
        HEADLINE_VERBS.contains(&bare) || w.ends_with(':')
    })?;
    let end = if words
        .get(end)
        .is_some_and(|w| w.ends_with(':') && w.len() > 1)
    {
        end + 1
    } else {
        end
    };
    if end == 0 || end > 8 {
        return None;
    }
    let subject = words[..end].join(" ");
    normalise_issuer(subject.trim_end_matches(':'))
}

/// The issuer named by a heading: "Statement of the Ministry of ..." → "Ministry of ...",
/// "European Parliament resolution of ..." → "European Parliament", "Заявление МИД России" → "МИД России".
#[must_use]
pub fn issuer_from_title(title: &str) -> Option<String> {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    let res = RE.get_or_init(|| {
        let r = compile;
        [
            r(r"(?i)^(?:(?:joint|press|official)\s+)?(?:statement|declaration|communiqu[ée]|comment|press release|message|appeal|address|speech|remarks)\s+(?:of|by|from)\s+(?:the\s+)?(.+?)\s*$"),
            r(r"(?i)^(?:déclaration|communiqu[ée])\s+(?:du|de la|de l'|de l’|des)\s*(.+?)$"),
            r(r"(?i)^(?:заявление|комментарий|сообщение|совместное заявление)\s+(?:для сми\s+)?(.+?)$"),
        ]
    });
    for re in &res[..] {
        if let Some(c) = re.captures(title.trim()) {
            let issuer = c.get(1)?.as_str();
            // Stop at a topic clause: "... of Kazakhstan on the resolution ..." → "... of Kazakhstan".
            let issuer = topic_cut(issuer);
            let issuer = issuer.trim_end_matches(['.', ':', ',']).trim();
            // "Address by Mr. X, Minister of ...": the office, not the person.
            if let Some((who, office)) = issuer.split_once(", ")
                && who.split_whitespace().next().is_some_and(|w| {
                    HONORIFICS.contains(&w.trim_end_matches('.').to_lowercase().as_str())
                })
                && names_institution(office)
            {
                return Some(capitalise(office.trim()));
            }
            if !issuer.is_empty() {
                return Some(capitalise(issuer));
            }
        }
    }
    if let Some(who) = head_final_issuer(title) {
        return Some(who);
    }
    let lower = title.to_lowercase();
    for kw in [" resolution", " statement", " declaration"] {
        if let Some(i) = lower.find(kw)
            && i > 0
            && title.is_char_boundary(i)
        {
            // "European Parliament resolution of ...": the words before are the issuer only
            // when they are a name ("Egyptian parl't categorically rejects European
            // Parliament's resolution" is a headline, and its subject is the issuer).
            let who = title[..i].trim();
            if who.split_whitespace().count() <= 8
                && let Some(name) = normalise_issuer(who)
            {
                return Some(name);
            }
        }
    }
    headline_subject(title)
}

/// Titles before a person's name.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "h.e", "his", "her", "prof", "sir", "madam", "mme", "m",
];

/// Cuts a topic clause off a name: "Ministry of X on the resolution" → "Ministry of X", but
/// "Committee on Foreign Affairs" stays whole (a capital after "on" continues the name).
fn topic_cut(name: &str) -> &str {
    const KEYS: &[&str] = &[
        " on ",
        " regarding ",
        " concerning ",
        " in connection ",
        " about ",
        " at ",
        " по ",
        " о ",
        " в связи ",
        " sur ",
        " concernant ",
    ];
    let mut best = name.len();
    for k in KEYS {
        for (i, _) in name.match_indices(k) {
            let after = name[i + k.len()..].chars().next();
            if after.is_some_and(char::is_lowercase) && i < best {
                best = i;
            }
        }
    }
    &name[..best]
}

/// A source line naming the institution a text comes from: `(Source: EEAS)`,
/// `(Source: Ministry of Foreign Affairs)`. A bare "Source: EP" under a photo is a credit,
/// not this.
#[must_use]
pub fn source_line(line: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        compile(r"(?i)^\(\s*(?:source|источник|source\s*:\s*)\s*:?\s*([^()]{2,100})\)\.?$")
    });
    let c = re.captures(line.trim())?;
    normalise_issuer(c.get(1)?.as_str())
}

/// A byline naming an institution: "By the Press Service of the President", "Press Office
/// of the Ministry of ...". A person's byline ("By Jane Doe") names no issuer.
#[must_use]
pub fn byline(line: &str) -> Option<String> {
    let t = line.trim();
    let rest = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .or_else(|| t.strip_prefix("From "))?;
    if rest.chars().count() > 100 || rest.ends_with('.') && rest.split_whitespace().count() > 12 {
        return None;
    }
    normalise_issuer(rest)
}

/// The institution a wire report attributes the statement to: "..., citing the Foreign
/// Ministry of Azerbaijan", "the Azerbaijani Foreign Ministry said in a statement",
/// "according to a statement by the Ministry of ...".
#[must_use]
pub fn cited_issuer(text: &str) -> Option<String> {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    // A name: capitalised words, possibly joined by "of", "the", "for", "and", and a
    // possessive country before it.
    const NAME: &str =
        r"((?:[A-ZÀ-ÖØ-Þ][\w’'.-]*)(?:\s+(?:of|the|for|and|on|[A-ZÀ-ÖØ-Þ][\w’'.-]*))*)";
    let res = RE.get_or_init(|| {
        [
            compile(&format!(
                r"\b(?:citing|according to|quoting)\s+(?:a\s+statement\s+(?:by|of|from)\s+|the\s+press\s+service\s+of\s+)?(?:the\s+)?{NAME}"
            )),
            compile(&format!(
                r"(?:^|[,.;]\s+|\b[Tt]he\s+){NAME}\s+(?:said|stated|noted|declared|announced)\s+in\s+(?:a|its)\s+statement"
            )),
            // "The spokesperson of the Permanent Mission of X to the United Nations said":
            // the office speaks for the institution, which is the issuer.
            compile(&format!(
                r"(?i:\b(?:spokesperson|spokesman|spokeswoman|press service|press office)\s+(?:of|for)\s+)(?:the\s+)?{NAME}(\s+to\s+the\s+(?:United\s+Nations|UN|European\s+Union|EU|OSCE|Council\s+of\s+Europe))?"
            )),
        ]
    });
    for re in &res[..] {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            // Trailing connectors belong to the sentence, not the name.
            let mut name = m.as_str().trim();
            loop {
                let cut = CONNECTORS
                    .iter()
                    .find_map(|w| name.strip_suffix(w).filter(|r| r.ends_with(' ')));
                match cut {
                    Some(r) => name = r.trim_end(),
                    None => break,
                }
            }
            let to = c.get(2).map_or("", |m| m.as_str());
            if let Some(n) = normalise_issuer(&format!("{name}{to}")) {
                return Some(n);
            }
        }
    }
    None
}

/// A sign-off: a short last line that is an institution's name ("Ministry of Foreign
/// Affairs of the Republic of Kazakhstan.", "Press Service of the Ombudsperson").
#[must_use]
pub fn sign_off(line: &str) -> Option<String> {
    let t = line.trim();
    if t.chars().count() > 120 || t.split_whitespace().count() > 14 {
        return None;
    }
    normalise_issuer(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_and_turkish_headings_name_their_issuer_first() {
        assert_eq!(
            issuer_from_title("Қазақстан Республикасы Сыртқы істер министрлігінің мәлімдемесі")
                .as_deref(),
            Some("Қазақстан Республикасы Сыртқы істер министрлігі")
        );
        assert_eq!(
            head_final_issuer("Valdor Dışişleri Bakanlığı Açıklaması").as_deref(),
            Some("Valdor Dışişleri Bakanlığı")
        );
        assert_eq!(
            head_final_issuer("Dışişleri Bakanlığının Basın Açıklaması").as_deref(),
            Some("Dışişleri Bakanlığı")
        );
        // Counter-examples: the kind alone, and a genitive that is no institution.
        assert_eq!(head_final_issuer("Мәлімдеме"), None);
        assert_eq!(head_final_issuer("Қаңтар оқиғаларының мәлімдемесі"), None);
        assert_eq!(head_final_issuer("Seçim Sonuçları Açıklaması"), None);
    }

    #[test]
    fn issuer_from_statement_headings() {
        assert_eq!(
            issuer_from_title(
                "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan"
            )
            .as_deref(),
            Some("Ministry of Foreign Affairs of the Republic of Kazakhstan")
        );
        assert_eq!(
            issuer_from_title("European Parliament resolution of 9 March 2023 on media freedom")
                .as_deref(),
            Some("European Parliament")
        );
        assert_eq!(
            issuer_from_title(
                "Statement by the Human Rights Ombudsperson on the events of January"
            )
            .as_deref(),
            Some("Human Rights Ombudsperson")
        );
        assert_eq!(
            issuer_from_title("Заявление МИД России").as_deref(),
            Some("МИД России")
        );
        assert_eq!(issuer_from_title("Weather report").as_deref(), None);
    }

    #[test]
    fn headline_subjects_and_country_adjectives() {
        for (title, want) in [
            (
                "Azerbaijani Foreign Ministry condemns European Parliament's resolution",
                Some("Ministry of Foreign Affairs of Azerbaijan"),
            ),
            (
                "Egyptian parl't categorically rejects European Parliament's resolution",
                Some("Parliament of Egypt"),
            ),
            (
                "Turkish Foreign Ministry: the report is biased",
                Some("Ministry of Foreign Affairs of Türkiye"),
            ),
            (
                "Foreign Ministry comments on the European Parliament vote",
                Some("Ministry of Foreign Affairs"),
            ),
            (
                "Arvenia's Ombudsperson welcomes the release of the defenders",
                Some("Ombudsperson of Arvenia"),
            ),
            // An office named after a person: the office.
            (
                "Address by Mr. Dan Ionescu, Minister of Foreign Affairs of Arvenia",
                Some("Minister of Foreign Affairs of Arvenia"),
            ),
            // Counter-examples: a headline with no institution as its subject, and a
            // possessive fragment, name no issuer.
            ("Thousands protest against the new law", None),
            ("Tensions rise after the vote", None),
        ] {
            assert_eq!(issuer_from_title(title).as_deref(), want, "{title}");
        }
        assert_eq!(normalise_issuer("European Parliament's"), None);
        assert_eq!(
            normalise_issuer("Azerbaijani Foreign Ministry condemns"),
            None
        );
        assert_eq!(
            normalise_issuer("Turkish Embassy in Paris").as_deref(),
            Some("Embassy of Türkiye in Paris")
        );
        assert_eq!(
            normalise_issuer("Azerbaijan's Foreign Ministry").as_deref(),
            Some("Ministry of Foreign Affairs of Azerbaijan")
        );
    }

    #[test]
    fn publishers_are_never_issuers() {
        for name in [
            "AzerNews",
            "MENAFN",
            "Trend News Agency",
            "Reuters",
            "Diplomat Magazine",
        ] {
            assert!(is_publisher_name(name), "{name}");
            assert_eq!(normalise_issuer(name), None, "{name}");
        }
        // Counter-example: an institution whose name has "Agency" in it is one.
        assert!(!is_publisher_name(
            "European Union Agency for Fundamental Rights"
        ));
    }

    #[test]
    fn source_lines_bylines_citing_clauses_and_sign_offs() {
        assert_eq!(
            source_line("(Source: EEAS)").as_deref(),
            Some("European External Action Service")
        );
        assert_eq!(source_line("Source: EP"), None);
        assert_eq!(
            byline("By the Press Service of the President of Arvenia").as_deref(),
            Some("Press Service of the President of Arvenia")
        );
        assert_eq!(byline("By Jane Doe"), None);
        assert_eq!(
            cited_issuer(
                "Baku has rejected the resolution, the agency reports, citing the Azerbaijani Foreign Ministry."
            )
            .as_deref(),
            Some("Ministry of Foreign Affairs of Azerbaijan")
        );
        assert_eq!(
            cited_issuer("The Ministry of Foreign Affairs of Arvenia said in a statement that the vote was biased.")
                .as_deref(),
            Some("Ministry of Foreign Affairs of Arvenia")
        );
        assert_eq!(cited_issuer("AzerNews reports, citing Trend."), None);
        assert_eq!(
            cited_issuer("The spokesperson of the Permanent Mission of Arvenia to the United Nations on Friday rejected the claims.").as_deref(),
            Some("Permanent Mission of Arvenia to the United Nations")
        );
        // Counter-example: a spokesperson with no institution named.
        assert_eq!(cited_issuer("A spokesperson for the family said so."), None);
        assert_eq!(
            sign_off("Ministry of Foreign Affairs of the Republic of Kazakhstan.").as_deref(),
            Some("Ministry of Foreign Affairs of the Republic of Kazakhstan")
        );
        assert_eq!(sign_off("We will continue to follow the case."), None);
    }
}
