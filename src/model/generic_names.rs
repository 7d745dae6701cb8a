//! Bare generic names resolved within a statement: "the Council" stands for the most recent
//! actor named before it whose name (or the words that named it) contains the generic's head
//! word ("Council of the European Union", "Human Rights Council"), else for the speaker when
//! the issuer contains it ("the Ministry" in a ministry's statement); with neither it stays
//! unresolved: shown, not counted. The head words come from `assets/actors/generic.toml`.

use crate::model::actors::Gazetteer;
use crate::model::statement::{Mention, Speaker, Statement};

/// How many mentions back a generic name looks for its referent: "the most recent" is near,
/// and a huge paragraph of unresolved names must stay linear.
const LOOK_BACK: usize = 64;

/// Resolves the statement's generic mentions in text order, in place.
pub fn resolve(st: &mut Statement, speaker: Option<&Speaker>, gazetteer: &Gazetteer) {
    if !st
        .paragraphs
        .iter()
        .flat_map(|p| &p.mentions)
        .any(|m| m.unresolved)
    {
        return;
    }
    let generics = crate::model::gazetteer::generics();
    let heads: Vec<String> = generics.iter().map(|g| g.head.to_lowercase()).collect();
    // The conventions of the speaker's class ("the Commission" in an EU text).
    let speaker_class = speaker
        .and_then(|s| gazetteer.actor(&s.actor))
        .and_then(|a| a.class.clone());
    let issuer = st.meta.issuer.as_deref().unwrap_or_default().to_lowercase();
    let mut mentions: Vec<&mut Mention> = st
        .paragraphs
        .iter_mut()
        .flat_map(|p| &mut p.mentions)
        .collect();
    for i in 0..mentions.len() {
        if !mentions[i].unresolved {
            continue;
        }
        let Some(k) = heads
            .iter()
            .position(|h| *h == mentions[i].actor.to_lowercase())
        else {
            continue;
        };
        let head = &heads[k];
        let convention = speaker_class
            .as_deref()
            .and_then(|c| generics[k].in_class.get(c))
            .map(|actor| (actor.clone(), None));
        let referent = convention
            .or_else(|| recent(&mentions[i.saturating_sub(LOOK_BACK)..i], head, gazetteer))
            .or_else(|| {
                speaker
                    .filter(|s| has_word(&issuer, head) || has_word(&s.actor.to_lowercase(), head))
                    .map(|s| (s.actor.clone(), s.country.clone()))
            });
        if let Some((actor, country)) = referent {
            resolve_to(mentions[i], actor, country);
        }
    }
}

/// The most recent of `before` that a generic name with this head stands for: one named for
/// the head, or whose parent is ("the Parliament" after "the Committee on Foreign Affairs of
/// the European Parliament" is the parliament); else one whose words have the head.
fn recent(before: &[&mut Mention], head: &str, gazetteer: &Gazetteer) -> Option<Referent> {
    let mut by_words = None;
    for m in before.iter().rev().filter(|m| !m.unresolved) {
        if has_word(&m.actor.to_lowercase(), head) {
            return Some((m.actor.clone(), m.country.clone()));
        }
        if let Some(parent) = gazetteer.actor(&m.actor).and_then(|a| a.parent.as_ref())
            && has_word(&parent.to_lowercase(), head)
        {
            return Some((parent.clone(), None));
        }
        if by_words.is_none() && has_word(&m.text.to_lowercase(), head) {
            by_words = Some((m.actor.clone(), m.country.clone()));
        }
    }
    by_words
}

/// An actor and its country.
type Referent = (String, Option<String>);

fn resolve_to(m: &mut Mention, actor: String, country: Option<String>) {
    m.actor = actor;
    m.country = country;
    m.unresolved = false;
}

/// Whether `text` has a word starting with `head` (both lower case): "ministry" in
/// "ministry of foreign affairs", the Kazakh stem "министрлі" in "министрлігі".
fn has_word(text: &str, head: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(head))
}

#[cfg(test)]
mod tests {
    use crate::model::statement::Statement;

    fn read(text: &str) -> Statement {
        crate::model::ingest::ingest_text(text, "t.txt")
    }

    /// (actor, text, unresolved) of every mention.
    fn mentions(st: &Statement) -> Vec<(String, String, bool)> {
        st.paragraphs
            .iter()
            .flat_map(|p| &p.mentions)
            .map(|m| (m.actor.clone(), m.text.clone(), m.unresolved))
            .collect()
    }

    #[test]
    fn a_generic_name_stands_for_the_last_actor_of_its_kind() {
        let st = read(
            "Statement\n\nThe Human Rights Council met, and so did the Council of the European Union.\n\nThe Council adopted conclusions.\n",
        );
        let m = mentions(&st);
        assert_eq!(
            m.last().unwrap().0,
            "Council of the European Union",
            "{m:?}"
        );
        assert!(!m.last().unwrap().2);
    }

    #[test]
    fn with_no_referent_it_stays_unresolved_and_is_not_counted() {
        let st = read("Statement\n\nThe Council adopted conclusions on the matter.\n");
        let m = mentions(&st);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].2, "{m:?}");
        assert!(st.actor_counts().is_empty());
    }

    #[test]
    fn the_speaker_is_the_referent_when_nothing_came_before() {
        let st = read(
            "Statement of the Ministry of Foreign Affairs of Moldova\n\nThe Ministry welcomes the decision.\n",
        );
        let last = st.paragraphs.last().unwrap().mentions.last().unwrap();
        assert_eq!(last.actor, "Ministry");
        assert!(last.is_self && !last.unresolved);
    }

    #[test]
    fn a_generic_completed_into_another_name_is_no_mention() {
        // Counter-example: "the Ministry of Justice" is not the foreign ministry.
        let st = read(
            "Statement of the Ministry of Foreign Affairs\n\nThe Ministry of Justice opened an inquiry.\n",
        );
        assert!(
            st.paragraphs.iter().all(|p| p.mentions.is_empty()),
            "{:?}",
            mentions(&st)
        );
    }

    #[test]
    fn a_class_convention_beats_recency() {
        // In an EU body's statement "the Commission" is the European Commission, even right
        // after the Venice Commission; in a national ministry's it is the last commission named.
        let eu = read(
            "Statement by the European External Action Service\n\nThe EEAS thanks the Venice Commission. The Commission will follow up.\n",
        );
        assert_eq!(mentions(&eu).last().unwrap().0, "European Commission");
        let national = read(
            "Statement of the Ministry of Foreign Affairs\n\nWe thank the Venice Commission. The Commission will follow up.\n",
        );
        assert_eq!(mentions(&national).last().unwrap().0, "Venice Commission");
    }

    #[test]
    fn a_specific_name_beats_the_generic_one() {
        let st = read("Statement\n\nWe thank the Council of Europe for its opinion.\n");
        let m = mentions(&st);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].0, "Council of Europe");
    }
}
