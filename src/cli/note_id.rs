//! Note ids as people type them: the full `urn:uuid:…`, the bare uuid, or (like git's
//! abbreviated hashes) a unique prefix of the uuid of at least [`MIN_PREFIX`] hex digits.

/// Shortest prefix accepted, in hex digits: short enough to type, long enough that a
/// store of many thousands of notes rarely has two notes sharing it.
pub const MIN_PREFIX: usize = 8;

/// Why a typed id names no single note.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "'{0}' is not a note id: give the id as `demarche notes` prints it (urn:uuid:…), \
         the bare uuid, or at least {MIN_PREFIX} hex digits of its start"
    )]
    Malformed(String),
    #[error("no note has the id '{0}'; `demarche notes` lists every note with its id")]
    Unknown(String),
    #[error(
        "the id '{given}' is ambiguous: it starts {count} note ids ({}); give more digits",
        .examples.join(", ")
    )]
    Ambiguous {
        given: String,
        count: usize,
        /// A few of the matching ids.
        examples: Vec<String>,
    },
}

/// How many matching ids an ambiguity error shows.
const EXAMPLES: usize = 3;

/// The one id among `ids` that `given` names.
pub fn resolve<'a>(
    given: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<&'a str, IdError> {
    let given = given.trim();
    let ids: Vec<&str> = ids.into_iter().collect();
    // An id stored in another shape (written by another tool) still matches exactly.
    if let Some(&id) = ids.iter().find(|&&id| id == given) {
        return Ok(id);
    }
    let digits = hex_digits(given).ok_or_else(|| IdError::Malformed(given.to_owned()))?;
    if digits.len() < MIN_PREFIX {
        return Err(IdError::Malformed(given.to_owned()));
    }
    let matching: Vec<&str> = ids
        .into_iter()
        .filter(|id| hex_digits(id).is_some_and(|d| d.starts_with(&digits)))
        .collect();
    match matching.as_slice() {
        [] => Err(IdError::Unknown(given.to_owned())),
        [one] => Ok(one),
        many => Err(IdError::Ambiguous {
            given: given.to_owned(),
            count: many.len(),
            examples: many.iter().take(EXAMPLES).map(|&s| s.to_owned()).collect(),
        }),
    }
}

/// The uuid's hex digits, lower-cased, without `urn:uuid:` and hyphens (so that a prefix
/// typed with or without hyphens matches); `None` when it holds anything else.
fn hex_digits(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let bare = lower.strip_prefix("urn:uuid:").unwrap_or(&lower);
    let digits: String = bare.chars().filter(|&c| c != '-').collect();
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "urn:uuid:53891a98-5113-43af-a332-c16faaee9ed5";
    const B: &str = "urn:uuid:53891a98-77aa-4bbb-8ccc-000000000000";
    const C: &str = "urn:uuid:0f00ba11-0000-4000-8000-000000000001";

    #[test]
    fn full_bare_and_prefix_ids_resolve() {
        let ids = [A, B, C];
        assert_eq!(resolve(A, ids), Ok(A));
        assert_eq!(resolve("53891A98-5113-43AF-A332-C16FAAEE9ED5", ids), Ok(A));
        assert_eq!(resolve("0f00ba11", ids), Ok(C));
        assert_eq!(resolve("53891a98-5", ids), Ok(A), "hyphen typed");
        assert_eq!(resolve("53891a985", ids), Ok(A), "hyphen left out");
        assert_eq!(resolve("urn:uuid:0f00ba11", ids), Ok(C));
    }

    #[test]
    fn short_foreign_unknown_and_ambiguous_ids_are_refused() {
        let ids = [A, B, C];
        assert!(matches!(
            resolve("0f00ba1", ids),
            Err(IdError::Malformed(_))
        ));
        assert!(matches!(resolve("note-1", ids), Err(IdError::Malformed(_))));
        assert!(matches!(resolve("", ids), Err(IdError::Malformed(_))));
        assert_eq!(
            resolve("deadbeef", ids),
            Err(IdError::Unknown("deadbeef".into()))
        );
        let err = resolve("53891a98", ids).unwrap_err();
        assert!(matches!(&err, IdError::Ambiguous { count: 2, .. }));
        let msg = err.to_string();
        assert!(msg.contains(A) && msg.contains(B), "{msg}");
    }

    #[test]
    fn an_id_in_another_shape_matches_exactly() {
        assert_eq!(resolve("note-1", ["note-1", A]), Ok("note-1"));
    }
}
