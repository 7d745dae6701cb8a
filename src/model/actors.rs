//! The actor gazetteer and mention matching: one Aho-Corasick pass per paragraph,
//! case-insensitive and Unicode-aware, whole words only, longest alias first.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::model::statement::Mention;

/// One actor: a canonical name, the ways texts refer to it, and how to show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
    pub name: String,
    /// A short name for narrow places ("EP", "MFA").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// Names matched as written (whole words, any case; acronyms in capitals only).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Russian names in the nominative: their case forms are matched too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ru: Vec<String>,
    /// Names matched at a word's start with any ending (Kazakh, Turkish).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stems: Vec<String>,
    /// A colour name (`red`, `light-blue`...) or `#rrggbb`; empty: the class's colour.
    #[serde(default)]
    pub color: String,
    /// A class such as `eu`, `un`, `coe`, `osce`, `regional`, `national`, `group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The canonical name of the body this one belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// The actors demarche knows without any configuration (`assets/actors/*.toml`).
#[must_use]
pub fn default_actors() -> Vec<ActorSpec> {
    crate::model::gazetteer::default_actors()
}

/// Merges user actors into the defaults: same name (case-insensitive) replaces, new names add.
#[must_use]
pub fn merge_actors(defaults: Vec<ActorSpec>, user: &[ActorSpec]) -> Vec<ActorSpec> {
    let mut out = defaults;
    for u in user {
        match out
            .iter_mut()
            .find(|a| a.name.to_lowercase() == u.name.to_lowercase())
        {
            Some(slot) => *slot = u.clone(),
            None => out.push(u.clone()),
        }
    }
    crate::model::gazetteer::fill_colors(&mut out);
    out
}

/// A compiled gazetteer. Build once, match many paragraphs.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    actors: Vec<ActorSpec>,
    /// Canonical name → index in `actors`.
    by_name: std::collections::HashMap<String, usize>,
    /// Bare generic names; pattern actor `actors.len() + k` is generic `k`.
    generics: &'static [crate::model::gazetteer::GenericSpec],
    /// For each automaton pattern, the index of its actor.
    pattern_actor: Vec<usize>,
    /// For each pattern, an article the text must have right before it: "the Parliament" is
    /// searched as "parliament" preceded by "the ", so the automaton's prefilter keys on the
    /// rare word, not on "the".
    pattern_article: Vec<Option<&'static str>>,
    /// For each pattern: it may end inside a word (a stem of an agglutinating language).
    pattern_open_end: Vec<bool>,
    /// For each pattern that is an acronym, matched in capitals only ("UN", not French
    /// "un"): how many small letters it has ("MEPs": 1).
    pattern_exact_case: Vec<Option<usize>>,
    /// Pattern lengths in chars, to prefer the longest alias.
    /// Two automata, so that text in Latin script never walks the states of the Cyrillic
    /// case forms: the patterns written in Latin letters, and the others. Each with the
    /// global index of its patterns.
    latin: Option<Automaton>,
    other: Option<Automaton>,
    /// Acronyms and generic names apart: lower-cased, "un" and "ep" would stop the search
    /// inside every "country" and "report", and "council" at every council. Searched as
    /// written (and capitalised) in text that needs no case folding; lower-cased in text
    /// that does.
    as_written: Option<Automaton>,
    /// The heads of generic names as written ("Council", "COUNCIL"), their article checked
    /// around the match, for text that needs no case folding.
    generic_heads: Option<Automaton>,
    as_written_folded: Option<Automaton>,
}

/// One automaton and, for each of its patterns, the gazetteer's pattern index.
#[derive(Debug, Clone)]
struct Automaton {
    ac: AhoCorasick,
    ids: Vec<usize>,
    /// Its patterns are the aliases as written, article and capitals included (no article
    /// or capital to check around a match).
    as_written: bool,
}

/// The automata a gazetteer searches with (see [`Gazetteer`]'s fields).
struct Automata {
    latin: Option<Automaton>,
    other: Option<Automaton>,
    as_written: Option<Automaton>,
    generic_heads: Option<Automaton>,
    as_written_folded: Option<Automaton>,
}

/// The automaton's patterns and what each needs around it.
#[derive(Default)]
struct Patterns {
    cores: Vec<String>,
    /// Each pattern as the alias writes it (acronyms are also searched case-sensitively).
    written: Vec<String>,
    actor: Vec<usize>,
    article: Vec<Option<&'static str>>,
    open_end: Vec<bool>,
    exact_case: Vec<Option<usize>>,
}

impl Patterns {
    /// Adds an alias (and its curly- or straight-quote twin): lower-cased, a leading article
    /// kept aside (so the automaton keys on the rare word, not on "the").
    fn add(&mut self, alias: &str, actor: usize, open_end: bool) {
        let straight = crate::model::words::fold_quotes(alias).into_owned();
        let curly = straight.replace('\'', "\u{2019}");
        let exact_case =
            is_acronym(alias).then(|| alias.chars().filter(|c| c.is_lowercase()).count());
        // A hyphenated name is also written with a non-breaking or a Unicode hyphen.
        let hyphens: Vec<String> = if alias.contains('-') {
            vec![
                alias.replace('-', "\u{2011}"),
                alias.replace('-', "\u{2010}"),
            ]
        } else {
            Vec::new()
        };
        for variant in [alias.to_owned(), straight, curly]
            .into_iter()
            .chain(hyphens)
        {
            let folded = fold(variant.trim());
            let article = ARTICLES
                .iter()
                .copied()
                .find(|a| folded.len() > a.len() + 2 && folded.starts_with(a));
            let core = article
                .map_or(folded.as_str(), |a| &folded[a.len()..])
                .to_owned();
            if core.is_empty() || self.cores.contains(&core) {
                continue;
            }
            self.cores.push(core);
            self.written.push(variant.trim().to_owned());
            self.actor.push(actor);
            self.article.push(article);
            self.open_end.push(open_end);
            self.exact_case.push(exact_case);
        }
    }

    /// Every alias, case form, stem and generic name of the actors, as patterns.
    fn gather(actors: &[ActorSpec], generics: &[crate::model::gazetteer::GenericSpec]) -> Self {
        let mut patterns = Self::default();
        for (i, a) in actors.iter().enumerate() {
            let names: &[String] = if a.aliases.is_empty() && a.ru.is_empty() && a.stems.is_empty()
            {
                std::slice::from_ref(&a.name)
            } else {
                &a.aliases
            };
            for alias in names {
                patterns.add(alias, i, false);
            }
            for nominative in &a.ru {
                for form in crate::model::gazetteer::russian::case_forms(nominative) {
                    // Acronyms among the forms keep their capitals.
                    let form = if is_acronym(nominative) {
                        nominative.clone()
                    } else {
                        form
                    };
                    patterns.add(&form, i, false);
                }
            }
            for stem in &a.stems {
                patterns.add(stem, i, true);
            }
        }
        for (k, g) in generics.iter().enumerate() {
            for alias in &g.aliases {
                patterns.add(alias, actors.len() + k, false);
            }
        }
        patterns
    }

    /// The automata over the patterns: Latin words, Cyrillic words, acronyms and generic
    /// heads as written, and acronyms and generics folded.
    fn automata(&self, actor_count: usize) -> Automata {
        let patterns = self;
        let (acronym_ids, word_ids): (Vec<usize>, Vec<usize>) = (0..patterns.cores.len())
            .partition(|&k| patterns.exact_case[k].is_some() || patterns.actor[k] >= actor_count);
        let (latin_ids, other_ids): (Vec<usize>, Vec<usize>) = word_ids
            .into_iter()
            .partition(|&k| is_latin(&patterns.cores[k]));
        let build = |names: Vec<&String>, ids: Vec<usize>, as_written: bool| {
            if ids.is_empty() {
                return None;
            }
            let ac = AhoCorasickBuilder::new()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .match_kind(MatchKind::LeftmostLongest)
                .build(names)
                .ok()?;
            Some(Automaton {
                ac,
                ids,
                as_written,
            })
        };
        let cores = |ids: Vec<usize>| (ids.iter().map(|&k| &patterns.cores[k]).collect(), ids);
        let (names, ids) = cores(latin_ids);
        let latin = build(names, ids, false);
        let (names, ids) = cores(other_ids);
        let other = build(names, ids, false);
        let (names, ids) = cores(acronym_ids.clone());
        let as_written_folded = build(names, ids, false);
        // Acronyms as written and in capitals; generic names' heads likewise, without their
        // article (checked around the match): two small automata, each with a fast
        // prefilter, where one with "the " in every generic pattern would have none.
        let (generic_ids, acronym_ids): (Vec<usize>, Vec<usize>) = acronym_ids
            .into_iter()
            .partition(|&k| patterns.actor[k] >= actor_count);
        let written = |ids: &[usize], strip_article: bool| {
            let mut out: Vec<(String, usize)> = Vec::new();
            for &k in ids {
                let w = patterns.written[k].as_str();
                let w = match patterns.article[k] {
                    Some(a) if strip_article => w.get(a.len()..).unwrap_or(w),
                    _ => w,
                };
                for form in [w.to_owned(), w.to_uppercase()] {
                    if !out.iter().any(|(f, j)| *f == form && *j == k) {
                        out.push((form, k));
                    }
                }
            }
            out
        };
        let acronyms = written(&acronym_ids, false);
        let as_written = build(
            acronyms.iter().map(|(f, _)| f).collect(),
            acronyms.iter().map(|&(_, k)| k).collect(),
            true,
        );
        let heads = written(&generic_ids, true);
        let generic_heads = build(
            heads.iter().map(|(f, _)| f).collect(),
            heads.iter().map(|&(_, k)| k).collect(),
            false,
        );
        Automata {
            latin,
            other,
            as_written,
            generic_heads,
            as_written_folded,
        }
    }
}

/// An acronym: two or more capitals and at most one small letter ("UN", "MEPs", "ECtHR").
fn is_acronym(alias: &str) -> bool {
    let upper = alias.chars().filter(|c| c.is_uppercase()).count();
    let lower = alias.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && lower <= 1 && !alias.contains(' ')
}

impl Default for Gazetteer {
    /// The default gazetteer, compiled once per process (its automata take a while to
    /// build; cloning shares them).
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(|| Self::new(default_actors())).clone()
    }
}

impl Gazetteer {
    /// Compiles the actors. The aliases are what is matched; the canonical name only when an
    /// actor has no aliases (a bare "Ministry" would also catch "Ministry of Justice").
    #[must_use]
    pub fn new(actors: Vec<ActorSpec>) -> Self {
        let generics = crate::model::gazetteer::generics();
        let patterns = Patterns::gather(&actors, generics);
        let Automata {
            latin,
            other,
            as_written,
            generic_heads,
            as_written_folded,
        } = patterns.automata(actors.len());
        let by_name = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        Self {
            actors,
            by_name,
            generics,
            pattern_actor: patterns.actor,
            pattern_article: patterns.article,
            pattern_open_end: patterns.open_end,
            pattern_exact_case: patterns.exact_case,
            latin,
            other,
            as_written,
            generic_heads,
            as_written_folded,
        }
    }

    #[must_use]
    pub fn actors(&self) -> &[ActorSpec] {
        &self.actors
    }

    /// The spec of the actor with this canonical name.
    #[must_use]
    pub fn actor(&self, name: &str) -> Option<&ActorSpec> {
        self.by_name.get(name).map(|&i| &self.actors[i])
    }

    /// All mentions in one paragraph, in text order, not overlapping.
    #[must_use]
    pub fn find(&self, text: &str) -> Vec<Mention> {
        // ASCII text can be searched as is (the automaton folds ASCII case); other text is
        // lower-cased first, keeping a map from folded bytes back to original chars.
        let folded_buf;
        // Text whose only non-ASCII characters have no case (’, —, «) needs no folding
        // either: the automaton folds ASCII case itself.
        // (Capitals of Latin-1/Extended, Greek and Cyrillic start with the lead bytes looked
        // for here; punctuation such as ’ starts with 0xE2, so English text skips the walk.)
        let b = text.as_bytes();
        let needs_fold = !text.is_ascii()
            && (memchr::memchr3(0xC3, 0xC4, 0xC5, b).is_some()
                || memchr::memchr3(0xCE, 0xCF, 0xD0, b).is_some()
                || memchr::memchr(0xE1, b).is_some())
            && text.chars().any(|c| !c.is_ascii() && c.is_uppercase());
        // The automaton is case-sensitive over folded aliases: searching an ASCII-lower-cased
        // copy (same byte offsets) is faster than folding case inside the automaton.
        let lowered;
        let (hay, map): (&str, Option<Vec<u32>>) = if !needs_fold {
            lowered = text.to_ascii_lowercase();
            (&lowered, None)
        } else {
            let (f, m) = fold_with_map(text);
            folded_buf = f;
            (&folded_buf, Some(m))
        };
        let cands = self.candidates(text, hay, map.as_ref());
        if cands.is_empty() {
            return Vec::new();
        }
        let (mut out, mut actors) = match &map {
            Some(m) => self.mentions_folded(text, m, cands),
            None => self.mentions_plain(text, cands),
        };
        if out.len() > 1 && memchr::memchr(b'(', text.as_bytes()).is_some() {
            merge_parenthesised(text, &mut out, &mut actors);
        }
        self.add_countries(text, &mut out, &actors);
        out
    }

    /// The matches of every automaton that applies, as `(start, end, actor)` byte ranges of
    /// `hay`, leftmost-longest, a specific name before a generic one it overlaps.
    fn candidates(
        &self,
        text: &str,
        hay: &str,
        map: Option<&Vec<u32>>,
    ) -> Vec<(usize, usize, usize)> {
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        // How many automata found something: their candidates are merged if more than one.
        let mut sources = 0;
        let mut search = |automaton: &Automaton, hay: &str, map| {
            let before = cands.len();
            self.collect(automaton, hay, text, map, &mut cands);
            sources += usize::from(cands.len() > before);
        };
        if let Some(latin) = &self.latin {
            search(latin, hay, map);
        }
        // The other patterns are Cyrillic (Russian, Kazakh), whose letters start with the
        // lead bytes 0xD0 to 0xD4: English text never walks their states.
        let b = hay.as_bytes();
        if let Some(other) = &self.other
            && (memchr::memchr3(0xD0, 0xD1, 0xD2, b).is_some()
                || memchr::memchr2(0xD3, 0xD4, b).is_some())
        {
            search(other, hay, map);
        }
        if map.is_none() {
            for automaton in [&self.as_written, &self.generic_heads]
                .into_iter()
                .flatten()
            {
                search(automaton, text, None);
            }
        } else if let Some(folded) = &self.as_written_folded {
            search(folded, hay, map);
        }
        if sources > 1 {
            // A specific name always beats a generic one it overlaps ("The Ministry of
            // Foreign Affairs" is no "The Ministry" whose article starts first).
            let specific: Vec<(usize, usize)> = cands
                .iter()
                .filter(|c| c.2 < self.actors.len())
                .map(|c| (c.0, c.1))
                .collect();
            cands.retain(|c| {
                c.2 < self.actors.len() || !specific.iter().any(|s| s.0 < c.1 && c.0 < s.1)
            });
            cands = leftmost_longest(cands);
        }
        cands
    }

    /// Mentions from candidates in folded text (`m` maps folded bytes to chars): the whole
    /// paragraph as chars. Each with its actor's index.
    fn mentions_folded(
        &self,
        text: &str,
        m: &[u32],
        cands: Vec<(usize, usize, usize)>,
    ) -> (Vec<Mention>, Vec<usize>) {
        let mut out: Vec<Mention> = Vec::with_capacity(cands.len());
        let mut actors: Vec<usize> = Vec::with_capacity(cands.len());
        let mut next_free = 0;
        // Folded text: map back to chars and work on the whole paragraph.
        let chars: Vec<char> = text.chars().collect();
        let starts: Vec<Option<usize>> = (0..cands.len())
            .map(|k| self.stop_at(&cands, k).map(|b| m[b] as usize))
            .collect();
        for (k, (bs, be, actor)) in cands.into_iter().enumerate() {
            // A match may end inside the fold of one char: alias `i` in "İSTANBUL",
            // whose `İ` folds to `i` + U+0307. Its end is then the end of that whole
            // char (`m[be]` would be its start, giving an empty mention; found by the
            // fuzzer's `config` target). Elsewhere `m[be - 1] + 1 == m[be]`.
            let start = m[bs] as usize;
            let end = m[be.saturating_sub(1).max(bs)] as usize + 1;
            // A widened mention ("The Ministry ... of the Republic of X") may swallow the next.
            if start < next_free {
                continue;
            }
            let (s, e) = extend_english(&chars, start, end);
            // Widening never swallows the next actor's name (but a parent's
            // name completes its body's: "Committee ... of the European Parliament").
            let e = match starts[k] {
                Some(n) if n < e => end,
                _ => e,
            };
            next_free = e;
            if self.is_named_generic(actor, e, end) {
                continue;
            }
            out.push(self.make(actor, s, e, chars[s..e].iter().collect()));
            actors.push(actor);
        }
        (out, actors)
    }

    /// Mentions from candidates in unfolded text, each with its actor's index.
    fn mentions_plain(
        &self,
        text: &str,
        cands: Vec<(usize, usize, usize)>,
    ) -> (Vec<Mention>, Vec<usize>) {
        let mut out: Vec<Mention> = Vec::with_capacity(cands.len());
        let mut actors: Vec<usize> = Vec::with_capacity(cands.len());
        let mut next_free = 0;
        // Unfolded text: only a window of chars around each match is needed, so a
        // long paragraph is never turned into a `Vec<char>` per mention.
        // Char offsets are counted incrementally: matches come in text order.
        let (mut counted_bytes, mut counted_chars) = (0, 0);
        let stops: Vec<Option<usize>> = (0..cands.len()).map(|k| self.stop_at(&cands, k)).collect();
        for (k, (bs, be, actor)) in cands.into_iter().enumerate() {
            let ws = text[..bs].char_indices().rev().nth(7).map_or(0, |(i, _)| i);
            if ws < counted_bytes {
                counted_bytes = 0;
                counted_chars = 0;
            }
            counted_chars += text[counted_bytes..ws].chars().count();
            counted_bytes = ws;
            let we = text[be..]
                .char_indices()
                .nth(120)
                .map_or(text.len(), |(i, _)| be + i);
            let window: Vec<char> = text[ws..we].chars().collect();
            let base = counted_chars;
            let ls = text[ws..bs].chars().count();
            let le = ls + text[bs..be].chars().count();
            if base + ls < next_free {
                continue;
            }
            let (s, e) = extend_english(&window, ls, le);
            // Widening never swallows the next actor's name (but a parent's
            // name completes its body's).
            let e = match stops[k] {
                Some(n) if ls + text[bs..n.max(be)].chars().count() < e => le,
                _ => e,
            };
            next_free = base + e;
            if self.is_named_generic(actor, e, le) {
                continue;
            }
            out.push(self.make(actor, base + s, base + e, window[s..e].iter().collect()));
            actors.push(actor);
        }
        (out, actors)
    }

    /// A match of the automaton over `ids` as a candidate `(start, end, actor)`, if it stands
    /// on word boundaries, has its article, and has an acronym's capitals.
    fn accept(
        &self,
        automaton: &Automaton,
        m: aho_corasick::Match,
        hay: &str,
        text: &str,
        map: Option<&Vec<u32>>,
    ) -> Option<(usize, usize, usize)> {
        let p = automaton.ids[m.pattern().as_usize()];
        let start = match self.pattern_article[p] {
            _ if automaton.as_written => m.start(),
            // Any case: the generic heads are searched in the original text ("The Council").
            Some(a)
                if m.start() >= a.len()
                    && hay
                        .as_bytes()
                        .get(m.start() - a.len()..m.start())
                        .is_some_and(|b| b.eq_ignore_ascii_case(a.as_bytes())) =>
            {
                m.start() - a.len()
            }
            Some(_) => return None,
            None => m.start(),
        };
        let before = hay[..start].chars().next_back();
        let after = hay[m.end()..].chars().next();
        let open_end = self.pattern_open_end[p];
        let end = if open_end {
            hay[m.end()..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c) && c != '\'' && c != '\u{2019}')
                .map_or(hay.len(), |(k, _)| m.end() + k)
        } else {
            m.end()
        };
        // An acronym may take a case ending after a hyphen (Kazakh "СІМ-і", "ЕО-ның"); a
        // hyphen before capitals is a compound name ("EU-Parlament"), no acronym mention.
        let suffixed = self.pattern_exact_case[p].is_some()
            && after == Some('-')
            && hay[m.end() + 1..]
                .chars()
                .next()
                .is_some_and(|_| char_at(text, map, m.end() + 1).is_some_and(char::is_lowercase));
        // A generic name counts only capitalised, as texts write a body they mean ("the
        // Ministry"; not "the ministry of justice").
        let generic_ok = automaton.as_written
            || self.pattern_actor[p] < self.actors.len()
            || char_at(text, map, m.start()).is_some_and(char::is_uppercase);
        let ok = generic_ok
            && !before.is_some_and(is_word_char)
            && (open_end || suffixed || !after.is_some_and(is_word_char))
            && self.pattern_exact_case[p]
                .is_none_or(|small| small_letters(text, map, start, m.end()) <= small);
        ok.then_some((start, end, self.pattern_actor[p]))
    }

    /// Leftmost-longest matches of one automaton on word boundaries, as byte offsets into
    /// `hay`. A match inside a longer word is skipped and the search goes on from its next
    /// char.
    fn collect(
        &self,
        automaton: &Automaton,
        hay: &str,
        text: &str,
        map: Option<&Vec<u32>>,
        cands: &mut Vec<(usize, usize, usize)>,
    ) {
        let mut pos = 0;
        while pos < hay.len() {
            let input = aho_corasick::Input::new(hay).span(pos..hay.len());
            let Some(m) = automaton.ac.find(input) else {
                break;
            };
            match self.accept(automaton, m, hay, text, map) {
                Some(c) => {
                    pos = c.1.max(m.start() + 1);
                    cands.push(c);
                }
                None => {
                    pos = m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }

    /// Where the widening of candidate `k` must stop: the start of the next candidate,
    /// unless that one is the parent of `k`'s actor (its name completes this one's).
    fn stop_at(&self, cands: &[(usize, usize, usize)], k: usize) -> Option<usize> {
        let (_, _, actor) = cands[k];
        let (next_start, _, next_actor) = *cands.get(k + 1)?;
        let parent = self.actors.get(actor).and_then(|a| a.parent.as_deref());
        let next_name = self.actors.get(next_actor).map(|a| a.name.as_str());
        (parent.is_none() || parent != next_name).then_some(next_start)
    }

    /// Gives each mention of a national institution the country the text names with it.
    /// `actors` holds each mention's actor index.
    fn add_countries(&self, text: &str, mentions: &mut [Mention], actors: &[usize]) {
        // Mentions come in text order: one cursor turns their char offsets into bytes.
        let (mut at_byte, mut at_char) = (0, 0);
        for (m, &actor) in mentions.iter_mut().zip(actors) {
            if self.actors.get(actor).and_then(|a| a.class.as_deref()) != Some("national") {
                continue;
            }
            let rest = &text[at_byte..];
            let start_byte = rest
                .char_indices()
                .nth(m.start - at_char)
                .map_or(text.len(), |(b, _)| at_byte + b);
            (at_byte, at_char) = (start_byte, m.start);
            // The few words before the mention ("the Azerbaijani Foreign Ministry").
            let from = text[..start_byte]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(b, _)| b);
            m.country = crate::model::gazetteer::countries::country_of_mention(
                &text[from..start_byte],
                &m.text,
            )
            .map(str::to_owned);
        }
    }

    /// A generic name that the text completes into a specific one the gazetteer does not
    /// know ("the Ministry of Justice"): no mention at all (it is not "the Ministry").
    fn is_named_generic(&self, actor: usize, widened_end: usize, end: usize) -> bool {
        actor >= self.actors.len() && widened_end > end
    }

    fn make(&self, actor: usize, start: usize, end: usize, text: String) -> Mention {
        // A generic name is unresolved until the statement is read: its head stands in.
        let generic = actor
            .checked_sub(self.actors.len())
            .map(|k| &self.generics[k]);
        Mention {
            unresolved: generic.is_some(),
            actor: generic.map_or_else(|| self.actors[actor].name.clone(), |g| g.head.clone()),
            start,
            end,
            text,
            country: None,
            is_self: false,
        }
    }
}

/// A name followed by its own short name in brackets is one mention: "European Parliament
/// (EP)", "Office for Democratic Institutions and Human Rights (ODIHR)". The bracket's
/// mention joins the one before when both name the same actor and only " (" is between.
fn merge_parenthesised(text: &str, out: &mut Vec<Mention>, actors: &mut Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let mut k = 1;
    while k < out.len() {
        let (prev, next) = (&out[k - 1], &out[k]);
        let opens = chars.get(prev.end..next.start).is_some_and(|between| {
            let between: String = between.iter().collect();
            between.trim_end() == " (" || between == "("
        });
        if actors[k - 1] == actors[k] && opens && chars.get(next.end) == Some(&')') {
            let end = next.end + 1;
            let merged = &mut out[k - 1];
            merged.end = end;
            merged.text = chars[merged.start..end].iter().collect();
            out.remove(k);
            actors.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Whether a pattern belongs to the automaton searched in every paragraph: it has no
/// Cyrillic letter (U+0400 to U+052F, whose UTF-8 lead bytes 0xD0 to 0xD4 tell when the
/// other automaton must run too). Curly apostrophes and other punctuation do not make a
/// name Cyrillic: "Conseil de l’Europe" is searched in every paragraph.
fn is_latin(pattern: &str) -> bool {
    !pattern
        .chars()
        .any(|c| ('\u{0400}'..='\u{052F}').contains(&c))
}

/// Candidates of two automata merged: sorted by start, the longest at a start kept, and
/// none overlapping one kept before it.
fn leftmost_longest(mut cands: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    cands.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(cands.len());
    for c in cands {
        if out.last().is_none_or(|l| c.0 >= l.1) {
            out.push(c);
        }
    }
    out
}

/// How many small letters the text has at folded byte range `start..end` (an acronym
/// written as one has none, or as many as the alias). `map` takes folded bytes to chars
/// when the text was folded.
fn small_letters(text: &str, map: Option<&Vec<u32>>, start: usize, end: usize) -> usize {
    match map {
        None => text.get(start..end).map_or(usize::MAX, |t| {
            t.chars().filter(|c| c.is_lowercase()).count()
        }),
        Some(m) => {
            let (s, e) = (
                m[start] as usize,
                m[end.saturating_sub(1).max(start)] as usize + 1,
            );
            text.chars()
                .skip(s)
                .take(e - s)
                .filter(|c| c.is_lowercase())
                .count()
        }
    }
}

/// Widens a mention to the full name the text gives: a leading "The" and a trailing
/// "of the Republic of Kazakhstan"-style complement of capitalised words.
fn extend_english(all: &[char], start: usize, end: usize) -> (usize, usize) {
    let mut new_start = start;
    let mut new_end = end;
    // Leading article, unless the alias already has one.
    let has_article = ARTICLES.iter().any(|a| starts_with_at_ci(all, start, a));
    if !has_article {
        for a in ARTICLES {
            let n = a.chars().count();
            if start >= n
                && starts_with_at_ci(all, start - n, a)
                && (start == n || !is_word_char(all[start - n - 1]))
            {
                new_start = start - n;
                break;
            }
        }
    }
    // Trailing complements: (" of" [" the"] (" " Capitalised)+)+, and the French forms.
    loop {
        let mut i = new_end;
        let Some(conn) = CONNECTORS.iter().find(|c| starts_with_at(all, i, c)) else {
            // Russian names continue with capitalised genitives: "МИД Республики Арвения".
            if all
                .get(new_end.wrapping_sub(1))
                .is_some_and(|c| is_cyrillic(*c))
            {
                let e = capitalised_run(all, new_end + 1);
                if all.get(new_end) == Some(&' ') && e > new_end + 1 {
                    new_end = e;
                }
            }
            break;
        };
        i += conn.chars().count();
        let e = capitalised_run(all, i);
        if e > i {
            new_end = e;
        } else {
            break;
        }
    }
    (new_start, new_end)
}

/// Articles folded into a mention: "The Ministry ...", "Le ministère ...".
const ARTICLES: &[&str] = &["the ", "le ", "la ", "l’", "l'"];

/// Connectors of a name's complement: "of the Republic of X", "de la République du Valdor".
const CONNECTORS: &[&str] = &[
    " of the ", " of ", " de la ", " du ", " des ", " de l’", " de l'", " de ",
];

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// End of a run of capitalised words starting at `i` (joined by single spaces or by
/// "of"/"de"-style connectors); `i` itself when no capitalised word starts there.
fn capitalised_run(all: &[char], i: usize) -> usize {
    let mut i = i;
    let mut end = i;
    loop {
        if !all.get(i).is_some_and(|c| c.is_uppercase()) {
            return end;
        }
        let mut j = i;
        while all.get(j).copied().is_some_and(is_word_char) {
            j += 1;
        }
        end = j;
        if all.get(j) == Some(&' ') && all.get(j + 1).is_some_and(|c| c.is_uppercase()) {
            i = j + 1;
        } else if let Some(conn) = CONNECTORS.iter().find(|c| starts_with_at(all, j, c)) {
            let k = j + conn.chars().count();
            if all.get(k).is_some_and(|c| c.is_uppercase()) {
                i = k;
            } else {
                return end;
            }
        } else {
            return end;
        }
    }
}

/// `pat` (lower case) stands at `at`, ignoring case.
fn starts_with_at_ci(all: &[char], at: usize, pat: &str) -> bool {
    (at..).zip(pat.chars()).all(|(i, p)| {
        all.get(i).is_some_and(|&c| {
            c == p
                || (c.is_ascii() && c.to_ascii_lowercase() == p)
                || (!c.is_ascii() && c.to_lowercase().eq(std::iter::once(p)))
        })
    })
}

fn starts_with_at(all: &[char], at: usize, pat: &str) -> bool {
    (at..).zip(pat.chars()).all(|(i, p)| all.get(i) == Some(&p))
}

/// Letters, digits and joiners that glue a word: an alias inside such a run is not a mention.
/// The original text's char at byte `at` of the searched text (`map` takes folded bytes to
/// chars when the text was folded).
fn char_at(text: &str, map: Option<&Vec<u32>>, at: usize) -> Option<char> {
    match map {
        None => text.get(at..)?.chars().next(),
        Some(m) => text.chars().nth(*m.get(at)? as usize),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Case folding used on both sides: per-char lower case.
fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Lower-cases `text` and maps every byte of the result (plus one past the end) to the
/// index of the original char it came from.
fn fold_with_map(text: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut n = 0u32;
    for c in text.chars() {
        for l in c.to_lowercase() {
            out.push(l);
            map.extend(std::iter::repeat_n(n, l.len_utf8()));
        }
        n += 1;
    }
    map.push(n);
    (out, map)
}

/// Counts per actor, in gazetteer order, zero counts included.
#[must_use]
pub fn count_by_actor<'a>(
    gazetteer: &Gazetteer,
    mentions: impl IntoIterator<Item = &'a Mention>,
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = gazetteer
        .actors()
        .iter()
        .map(|a| (a.name.clone(), 0))
        .collect();
    for m in mentions.into_iter().filter(|m| !m.unresolved) {
        if let Some(slot) = counts.iter_mut().find(|(n, _)| *n == m.actor) {
            slot.1 += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        Gazetteer::default()
            .find(text)
            .into_iter()
            .map(|m| (m.actor, m.text))
            .collect()
    }

    #[test]
    fn contract_example_mention_spans_the_full_name() {
        let t = "The Ministry of Foreign Affairs of the Republic of Kazakhstan believes that";
        let m = Gazetteer::default().find(t);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].end), (0, 61));
        assert_eq!(
            m[0].text,
            "The Ministry of Foreign Affairs of the Republic of Kazakhstan"
        );
    }

    #[test]
    fn case_insensitive_and_possessive() {
        let got =
            names("neither MEPS nor any of the Parliament’s groups asked the EUROPEAN parliament.");
        // The bare "the Parliament" is a generic name, resolved per statement
        // (`generic_names`): here it carries its head word.
        assert_eq!(
            got.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
            ["European Parliament", "Parliament", "European Parliament"]
        );
        assert_eq!(got[1].1, "the Parliament");
    }

    #[test]
    fn a_specific_name_beats_a_generic_one_whose_article_starts_first() {
        // "The Ministry" (generic, searched as written) starts at "The"; the specific name
        // starts at "Ministry" in another automaton: the specific one is the mention.
        assert_eq!(
            names("The Ministry of Foreign Affairs regrets it; the Ministry will reply."),
            [
                (
                    "Ministry".to_owned(),
                    "The Ministry of Foreign Affairs".to_owned()
                ),
                ("Ministry".to_owned(), "the Ministry".to_owned()),
            ]
        );
        // Counter-example: a generic name in lower case is no mention.
        assert!(names("the ministry will reply").is_empty());
    }

    #[test]
    fn curly_apostrophes_and_non_breaking_hyphens_in_latin_names() {
        // Found by trying French text: a curly apostrophe once sent a name to the Cyrillic
        // automaton, which Latin text never runs.
        let got =
            names("Le Conseil de l’Europe et l’Assemblée parlementaire du Conseil de l’Europe.");
        assert_eq!(
            got.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
            ["Council of Europe", "PACE"]
        );
        assert_eq!(names("The Euro\u{2011}Parliament voted.").len(), 1);
        // Counter-example: a dash between two words is no hyphenated name.
        assert!(names("the Euro \u{2013} Parliament").is_empty());
    }

    #[test]
    fn ukrainian_case_forms() {
        let got = names(
            "Міністерство закордонних справ України висловлює протест Європейському парламенту; \
             Уповноважений Верховної Ради України з прав людини звернувся до Європейського \
             парламенту, а МЗС підтримало Уповноваженого з прав людини.",
        );
        assert_eq!(
            got.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
            [
                "Ministry",
                "European Parliament",
                "Ombudsperson",
                "European Parliament",
                "Ministry",
                "Ombudsperson"
            ],
            "{got:?}"
        );
        // Counter-example: a word sharing the stem that is another word.
        assert!(names("Європейські парламентарі зустрілися.").is_empty());
    }

    #[test]
    fn a_name_and_its_short_name_in_brackets_are_one_mention() {
        assert_eq!(
            names("The European Parliament (EP) adopted it."),
            [(
                "European Parliament".to_owned(),
                "The European Parliament (EP)".to_owned()
            )]
        );
        // Counter-examples: another actor in the brackets, or the short name elsewhere.
        assert_eq!(names("The European Parliament (OSCE) met.").len(), 2);
        assert_eq!(
            names("The European Parliament met; the EP agreed.").len(),
            2
        );
    }

    #[test]
    fn alias_inside_another_word_is_not_matched() {
        assert!(names("The MFAs and the Parliamentarians met; see MEPsX.").is_empty());
        assert!(names("non-MFA staff").is_empty());
    }

    #[test]
    fn commissioner_for_human_rights_in_three_institutions() {
        let actors = |t: &str| -> Vec<String> {
            Gazetteer::default()
                .find(t)
                .into_iter()
                .map(|m| m.actor)
                .collect()
        };
        assert_eq!(
            actors("the UN High Commissioner for Human Rights said"),
            ["UN High Commissioner for Human Rights"]
        );
        assert_eq!(
            actors("the Commissioner for Human Rights of the Council of Europe said"),
            ["CoE Commissioner for Human Rights"]
        );
        assert_eq!(
            actors("the Council of Europe Commissioner for Human Rights said"),
            ["CoE Commissioner for Human Rights"]
        );
        // A national ombudsperson written with its title counts once.
        assert_eq!(
            actors("the Commissioner for Human Rights (Ombudsman) of Arvenia said"),
            ["Ombudsperson"]
        );
    }

    #[test]
    fn words_and_codes_that_contain_an_alias_are_no_mention() {
        let g = Gazetteer::default();
        // "EP" inside a document code, "UN" in French and inside words, "MFA" in a word.
        for t in [
            "PE702.845v01-00 and RC-B9-0123/2023",
            "un accord a été signé",
            "the UNESCO report and the unanimous vote",
            "a NATOesque posture",
            "the Parliamentarians of the region",
        ] {
            assert!(g.find(t).is_empty(), "{t}: {:?}", g.find(t));
        }
        // The acronym itself counts.
        assert_eq!(g.find("the EP and the UN").len(), 2);
    }

    #[test]
    fn russian_case_forms_count_but_a_word_sharing_a_stem_does_not() {
        let g = Gazetteer::default();
        let m = g.find("Резолюция Европейского парламента и заявление Европарламентом.");
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m.iter().all(|m| m.actor == "European Parliament"));
        // "парламентский" shares the stem but is an adjective of another phrase.
        assert!(
            g.find("парламентский контроль и европейская интеграция")
                .is_empty()
        );
    }

    #[test]
    fn widening_never_swallows_the_next_name() {
        let m = Gazetteer::default().find(
            "Қазақстан Республикасы Сыртқы істер министрлігі Еуропалық парламенттің қарарына",
        );
        let actors: Vec<&str> = m.iter().map(|m| m.actor.as_str()).collect();
        assert_eq!(actors, ["Ministry", "European Parliament"]);
        assert_eq!(m[1].text, "Еуропалық парламенттің");
    }

    #[test]
    fn longest_alias_wins() {
        let got = names("The Human Rights Ombudsperson said");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "The Human Rights Ombudsperson");
    }

    #[test]
    fn cyrillic_case_folding_and_char_offsets() {
        let text = "Заявление: МИД России и УПОЛНОМОЧЕННОГО по правам человека.";
        let m = Gazetteer::default().find(text);
        assert_eq!(m.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        for mention in &m {
            let slice: String = chars[mention.start..mention.end].iter().collect();
            assert_eq!(slice, mention.text);
        }
        assert_eq!(m[0].text, "МИД России");
        assert_eq!(m[1].actor, "Ombudsperson");
        assert_eq!(m[1].text, "УПОЛНОМОЧЕННОГО по правам человека");
    }

    #[test]
    fn user_actor_overrides_and_adds() {
        let user = vec![
            ActorSpec {
                name: "ministry".into(),
                aliases: vec!["Foreign Office".into()],
                color: "red".into(),
                ..ActorSpec::default()
            },
            ActorSpec {
                name: "Arvenian Senate".into(),
                aliases: vec![],
                color: "cyan".into(),
                ..ActorSpec::default()
            },
        ];
        let g = Gazetteer::new(merge_actors(default_actors(), &user));
        assert_eq!(g.actors().len(), default_actors().len() + 1);
        let m = g.find(
            "The Foreign Office and the arvenian senate; the MFA and the ministry of justice",
        );
        assert_eq!(
            m.iter().map(|m| m.actor.as_str()).collect::<Vec<_>>(),
            ["ministry", "Arvenian Senate"]
        );
    }
}
