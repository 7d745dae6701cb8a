//! Re-anchoring: finding a note's paragraph again in the statement's current text.
//!
//! Order of attempts, for one note:
//! 1. `exact`: the paragraph with the same (whitespace-normalised) digest is at the same index;
//! 2. `moved`: the same digest is at another index (the nearest to the old index if several);
//! 3. `fuzzy`: the most similar paragraph, if its similarity is at least [`FUZZY_THRESHOLD`];
//! 4. `orphaned`: nothing similar enough (the note is kept and listed).
//!
//! Similarity (see [`similarity`]) is computed on lower-cased word multisets: the mean of the
//! Dice coefficient (how alike the two paragraphs are as a whole) and the containment of the
//! quote's words in the paragraph (so that a paragraph merged into a larger one still
//! attracts its note). Among candidates above the threshold, the prefix/suffix context and
//! then the distance to the old index break near-ties.

use std::cell::OnceCell;
use std::collections::HashMap;

use serde::Serialize;

use crate::model::notes::{Anchor, Note, QUOTE_MAX_CHARS, first_chars, paragraph_digest};
use crate::model::statement::Statement;

/// Lowest similarity for a fuzzy match. 0.5 means roughly: at least half the words shared
/// both ways, or all of the note's words found in a paragraph up to three times longer.
pub const FUZZY_THRESHOLD: f32 = 0.5;

/// Weight of the prefix/suffix context in ranking fuzzy candidates (not in the score).
const CONTEXT_WEIGHT: f32 = 0.05;

/// Where a note is anchored now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    Exact,
    Moved,
    Fuzzy,
    Orphaned,
}

impl AnchorStatus {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Moved => "moved",
            Self::Fuzzy => "fuzzy",
            Self::Orphaned => "orphaned",
        }
    }
}

/// The result of anchoring one note.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Anchoring {
    pub status: AnchorStatus,
    /// 1-based paragraph number now; `None` when orphaned.
    pub paragraph: Option<usize>,
    /// 1.0 for exact and moved; the similarity for fuzzy; the best similarity seen when orphaned.
    pub score: f32,
}

/// A note together with where it is anchored now (the store computes it; exports and the
/// reader show it).
#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredNote {
    pub note: Note,
    pub anchoring: Anchoring,
}

/// Word counts of a text: lower-cased alphanumeric runs.
#[derive(Debug, Clone, Default)]
struct Bag {
    counts: HashMap<String, u32>,
    total: u32,
}

impl Bag {
    fn of(text: &str) -> Self {
        let mut bag = Self::default();
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *bag.counts.entry(w.to_lowercase()).or_default() += 1;
            bag.total += 1;
        }
        bag
    }

    fn common(&self, other: &Self) -> u32 {
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        small
            .counts
            .iter()
            .map(|(w, &n)| n.min(large.counts.get(w).copied().unwrap_or(0)))
            .sum()
    }
}

/// Similarity of a quote to a paragraph in 0..=1: mean of Dice and containment of the
/// quote's words (see the module docs).
#[must_use]
pub fn similarity(quote: &str, paragraph: &str) -> f32 {
    bag_similarity(&Bag::of(quote), &Bag::of(paragraph))
}

#[allow(clippy::cast_precision_loss)] // word counts are far below 2^24
fn bag_similarity(q: &Bag, p: &Bag) -> f32 {
    if q.total == 0 || p.total == 0 {
        return 0.0;
    }
    let common = q.common(p) as f32;
    let dice = 2.0 * common / (q.total + p.total) as f32;
    let containment = common / q.total as f32;
    f32::midpoint(dice, containment)
}

/// A statement's paragraphs prepared for anchoring: digests up front, word bags on demand.
#[derive(Debug)]
pub struct ParagraphIndex<'a> {
    texts: Vec<&'a str>,
    by_digest: HashMap<String, Vec<usize>>,
    bags: OnceCell<Vec<Bag>>,
    /// Bags of the first chars of each paragraph, for quotes that were cut at the limit.
    head_bags: OnceCell<Vec<Bag>>,
}

impl<'a> ParagraphIndex<'a> {
    #[must_use]
    pub fn new(st: &'a Statement) -> Self {
        Self::from_texts(st.paragraphs.iter().map(|p| p.text.as_str()).collect())
    }

    /// From paragraph texts in order (index 0 is paragraph 1).
    #[must_use]
    pub fn from_texts(texts: Vec<&'a str>) -> Self {
        let mut by_digest: HashMap<String, Vec<usize>> = HashMap::with_capacity(texts.len());
        for (i, t) in texts.iter().enumerate() {
            by_digest.entry(paragraph_digest(t)).or_default().push(i);
        }
        Self {
            texts,
            by_digest,
            bags: OnceCell::new(),
            head_bags: OnceCell::new(),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Anchors `anchor`, last known at 1-based paragraph `old`.
    #[must_use]
    pub fn anchor(&self, anchor: &Anchor, old: usize) -> Anchoring {
        let old0 = old.saturating_sub(1);
        if let Some(hits) = self.by_digest.get(&anchor.paragraph_digest)
            && let Some(&best) = hits.iter().min_by_key(|&&i| (i.abs_diff(old0), i))
        {
            let status = if best == old0 {
                AnchorStatus::Exact
            } else {
                AnchorStatus::Moved
            };
            return Anchoring {
                status,
                paragraph: Some(best + 1),
                score: 1.0,
            };
        }
        self.fuzzy(anchor, old0)
    }

    fn fuzzy(&self, anchor: &Anchor, old0: usize) -> Anchoring {
        let quote = &anchor.quote;
        let truncated = quote.exact.chars().count() >= QUOTE_MAX_CHARS;
        let bags = if truncated {
            self.head_bags.get_or_init(|| {
                // A little more than the quote, so that insertions near the start still fit.
                let n = QUOTE_MAX_CHARS + QUOTE_MAX_CHARS / 2;
                self.texts
                    .iter()
                    .map(|t| Bag::of(&first_chars(t, n)))
                    .collect()
            })
        } else {
            self.bags
                .get_or_init(|| self.texts.iter().map(|t| Bag::of(t)).collect())
        };
        let qbag = Bag::of(&quote.exact);
        let mut best: Option<(f32, f32, usize)> = None; // (rank, score, index)
        let mut best_score = 0.0_f32;
        for (i, pbag) in bags.iter().enumerate() {
            let score = bag_similarity(&qbag, pbag);
            best_score = best_score.max(score);
            if score < FUZZY_THRESHOLD {
                continue;
            }
            let rank = score + CONTEXT_WEIGHT * self.context_similarity(anchor, i);
            let better = match best {
                None => true,
                Some((r, _, j)) => {
                    rank > r + f32::EPSILON
                        || ((rank - r).abs() <= f32::EPSILON && i.abs_diff(old0) < j.abs_diff(old0))
                }
            };
            if better {
                best = Some((rank, score, i));
            }
        }
        match best {
            Some((_, score, i)) => Anchoring {
                status: AnchorStatus::Fuzzy,
                paragraph: Some(i + 1),
                score,
            },
            None => Anchoring {
                status: AnchorStatus::Orphaned,
                paragraph: None,
                score: best_score,
            },
        }
    }

    /// How well the neighbours of paragraph `i` (0-based) match the stored prefix and suffix.
    fn context_similarity(&self, anchor: &Anchor, i: usize) -> f32 {
        let side = |stored: &str, neighbour: Option<String>| -> f32 {
            match (stored.is_empty(), neighbour) {
                (true, None) => 1.0,
                (true, Some(_)) | (false, None) => 0.0,
                #[allow(clippy::cast_possible_truncation)] // a ratio in 0..=1
                (false, Some(n)) => strsim::normalized_levenshtein(stored, &n) as f32,
            }
        };
        let prev = i
            .checked_sub(1)
            .and_then(|j| self.texts.get(j))
            .map(|t| crate::model::notes::last_chars(t, anchor.quote.prefix.chars().count()));
        let next = self
            .texts
            .get(i + 1)
            .map(|t| first_chars(t, anchor.quote.suffix.chars().count()));
        f32::midpoint(
            side(&anchor.quote.prefix, prev),
            side(&anchor.quote.suffix, next),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::notes::Anchor;
    use crate::model::statement::Paragraph;

    fn paras(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                index: i + 1,
                text: (*t).to_owned(),
                mentions: Vec::new(),
                line: 0,
            })
            .collect()
    }

    #[test]
    fn identical_paragraphs_pick_the_nearest_to_the_old_index() {
        let old = paras(&["x one", "same text", "y", "z", "same text"]);
        let anchor = Anchor::describe(&old, 5).expect("in range");
        let idx = ParagraphIndex::from_texts(vec!["same text", "a", "b", "same text", "c"]);
        let a = idx.anchor(&anchor, 5);
        assert_eq!(a.status, AnchorStatus::Moved);
        assert_eq!(a.paragraph, Some(4));
    }

    #[test]
    fn similarity_orders_edits() {
        let base = "The Ministry rejects the resolution adopted by the European Parliament today";
        let one =
            "The Ministry rejects the resolution adopted by the European Parliament yesterday";
        let many = "The Ministry welcomes a statement adopted by the Council yesterday";
        assert!((similarity(base, base) - 1.0).abs() < f32::EPSILON);
        assert!(similarity(base, one) > similarity(base, many));
        assert!(similarity(base, "") < FUZZY_THRESHOLD);
    }
}
