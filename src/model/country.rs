//! Country names for the codes file names carry (`AFG_01_1946.txt`): ISO 3166-1 alpha-3 and
//! alpha-2 codes from the `rust_iso3166` crate, plus a small table of our own for codes that
//! are no longer (or never were) in ISO 3166-1 but that real collections use: the codes of
//! states that have ceased to exist (`CSK`, `YUG`, `DDR`, `SUN`, ...) and `EU`, which the UN
//! General Debate Corpus uses for the European Union.

/// A country (or union) as a file name names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// English short name in running-text order: ISO's "Korea (Republic of)" becomes
    /// "Republic of Korea", "Bolivia (Plurinational State of)" "Plurinational State of Bolivia".
    pub name: String,
    /// Who issues a statement in its name: "Government of the Republic of Korea"; for a
    /// union, the union itself ("European Union").
    pub issuer: String,
}

/// Codes outside ISO 3166-1 that collections of statements still use: (alpha-3, alpha-2,
/// name, issuer when it is not "Government of <name>").
const FALLBACK: &[(&str, &str, &str, Option<&str>)] = &[
    ("CSK", "CS", "Czechoslovakia", None),
    ("YUG", "YU", "Yugoslavia", None),
    ("DDR", "DD", "German Democratic Republic", None),
    ("SUN", "SU", "Union of Soviet Socialist Republics", None),
    ("YMD", "YD", "Democratic Yemen", None),
    ("YAR", "", "Yemen Arab Republic", None),
    ("ZAR", "ZR", "Zaire", None),
    ("BUR", "BU", "Burma", None),
    ("DHY", "DY", "Dahomey", None),
    ("HVO", "HV", "Upper Volta", None),
    ("TMP", "TP", "East Timor", None),
    ("SCG", "", "Serbia and Montenegro", None),
    ("ANT", "AN", "Netherlands Antilles", None),
    ("XKX", "XK", "Kosovo", None),
    ("EU", "EU", "European Union", Some("European Union")),
    ("EUR", "", "European Union", Some("European Union")),
];

/// The country of an alpha-3 code (any case), from ISO 3166-1 or the fallback table. Also
/// takes the two-letter `EU` that some collections put where an alpha-3 code goes.
#[must_use]
pub fn from_alpha3(code: &str) -> Option<Country> {
    let upper = code.trim().to_ascii_uppercase();
    if let Some(c) = rust_iso3166::from_alpha3(&upper) {
        return Some(from_iso_name(c.name));
    }
    FALLBACK
        .iter()
        .find(|(a3, ..)| *a3 == upper)
        .map(|&(_, _, name, issuer)| fallback(name, issuer))
}

/// The country of an alpha-2 code (any case), from ISO 3166-1 or the fallback table.
#[must_use]
pub fn from_alpha2(code: &str) -> Option<Country> {
    let upper = code.trim().to_ascii_uppercase();
    if let Some(c) = rust_iso3166::from_alpha2(&upper) {
        return Some(from_iso_name(c.name));
    }
    FALLBACK
        .iter()
        .find(|(_, a2, ..)| !a2.is_empty() && *a2 == upper)
        .map(|&(_, _, name, issuer)| fallback(name, issuer))
}

/// A country named in full by a file name (`{country}`): its words as written, `_` and `-`
/// read as spaces.
#[must_use]
pub fn from_name(text: &str) -> Option<Country> {
    let name = text
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then(|| from_iso_name(&name))
}

fn fallback(name: &str, issuer: Option<&str>) -> Country {
    Country {
        name: name.to_owned(),
        issuer: issuer.map_or_else(|| government_of(name), str::to_owned),
    }
}

fn from_iso_name(iso: &str) -> Country {
    let name = running_order(iso);
    Country {
        issuer: government_of(&name),
        name,
    }
}

/// "Korea (Republic of)" → "Republic of Korea"; "Congo (Democratic Republic of the)" →
/// "Democratic Republic of the Congo"; "Saint Martin (French part)" stays as it is.
#[must_use]
pub fn running_order(iso: &str) -> String {
    let iso = iso.trim();
    if let Some(open) = iso.find(" (")
        && let Some(inner) = iso.get(open + 2..).and_then(|r| r.strip_suffix(')'))
        && (inner.ends_with(" of") || inner.ends_with(" of the"))
    {
        let head = iso.get(..open).unwrap_or(iso);
        return format!("{inner} {head}");
    }
    iso.to_owned()
}

/// "Government of Afghanistan", "Government of the Russian Federation".
#[must_use]
pub fn government_of(name: &str) -> String {
    if takes_article(name) {
        format!("Government of the {name}")
    } else {
        format!("Government of {name}")
    }
}

/// Whether English puts "the" before the name: republics, kingdoms, federations, unions,
/// island groups and plural names ("the Netherlands", "the Philippines").
fn takes_article(name: &str) -> bool {
    const STARTS: &[&str] = &[
        "United ",
        "Republic ",
        "Kingdom ",
        "Federated ",
        "Plurinational ",
        "Bolivarian ",
        "Islamic Republic",
        "Democratic ",
        "State of ",
        "Union of ",
        "Holy See",
        "Russian Federation",
    ];
    const ENDS: &[&str] = &[
        " Republic",
        " Islands",
        " Federation",
        " Emirates",
        " Kingdom",
        " Antilles",
    ];
    const PLURAL: &[&str] = &[
        "Bahamas",
        "Comoros",
        "Gambia",
        "Maldives",
        "Netherlands",
        "Philippines",
        "Seychelles",
    ];
    STARTS.iter().any(|s| name.starts_with(s))
        || ENDS.iter().any(|e| name.ends_with(e))
        || PLURAL.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer(code: &str) -> Option<String> {
        from_alpha3(code).map(|c| c.issuer)
    }

    #[test]
    fn iso_codes_give_governments() {
        assert_eq!(issuer("AFG").as_deref(), Some("Government of Afghanistan"));
        assert_eq!(issuer("afg").as_deref(), Some("Government of Afghanistan"));
        assert_eq!(
            issuer("KOR").as_deref(),
            Some("Government of the Republic of Korea")
        );
        assert_eq!(
            issuer("RUS").as_deref(),
            Some("Government of the Russian Federation")
        );
        assert_eq!(
            issuer("NLD").as_deref(),
            Some("Government of the Kingdom of the Netherlands")
        );
        assert_eq!(
            from_alpha3("COD").map(|c| c.name).as_deref(),
            Some("Democratic Republic of the Congo")
        );
        assert_eq!(
            from_alpha2("fr").map(|c| c.issuer).as_deref(),
            Some("Government of France")
        );
    }

    #[test]
    fn former_codes_and_the_eu_come_from_our_table() {
        assert_eq!(
            issuer("CSK").as_deref(),
            Some("Government of Czechoslovakia")
        );
        assert_eq!(
            issuer("SUN").as_deref(),
            Some("Government of the Union of Soviet Socialist Republics")
        );
        assert_eq!(
            issuer("DDR").as_deref(),
            Some("Government of the German Democratic Republic")
        );
        assert_eq!(issuer("YUG").as_deref(), Some("Government of Yugoslavia"));
        assert_eq!(issuer("EU").as_deref(), Some("European Union"));
        // Counter-examples: codes nobody uses give nothing.
        assert_eq!(issuer("QQQ"), None);
        assert_eq!(issuer("ZZ"), None);
        assert_eq!(from_alpha2("QQ"), None);
    }

    #[test]
    fn names_in_running_order() {
        assert_eq!(
            running_order("Bolivia (Plurinational State of)"),
            "Plurinational State of Bolivia"
        );
        assert_eq!(
            running_order("Saint Martin (French part)"),
            "Saint Martin (French part)"
        );
        assert_eq!(
            from_name("Cote_d'Ivoire").map(|c| c.issuer).as_deref(),
            Some("Government of Cote d'Ivoire")
        );
    }
}
