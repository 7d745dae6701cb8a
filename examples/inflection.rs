//! Russian inflection: generated case forms (what demarche does) against a Snowball stemmer
//! (`rust-stemmers`) on alias and text tokens, measured on precision, recall and speed.
//!
//! `cargo run --release --example inflection`
//!
//! The labelled sentences are our own, in the shapes Russian statements take: every case of
//! the three brief actors' names, and words that share a stem with an alias but are other
//! words ("парламентский", "министр", "европейский суд"). Each sentence lists the actors it
//! names, in order.

use std::time::Instant;

use demarche::model::actors::Gazetteer;
use rust_stemmers::{Algorithm, Stemmer};

/// (sentence, the actors it names, in order).
const LABELLED: &[(&str, &[&str])] = &[
    (
        "Европейский парламент принял резолюцию.",
        &["European Parliament"],
    ),
    (
        "Резолюция Европейского парламента предвзята.",
        &["European Parliament"],
    ),
    (
        "Мы направили ответ Европейскому парламенту.",
        &["European Parliament"],
    ),
    (
        "Документ подготовлен Европейским парламентом.",
        &["European Parliament"],
    ),
    (
        "В Европейском парламенте прошли дебаты.",
        &["European Parliament"],
    ),
    ("Европарламент снова вмешивается.", &["European Parliament"]),
    (
        "Депутаты Европарламента не запрашивали разъяснений.",
        &["European Parliament"],
    ),
    (
        "Министерство иностранных дел выражает сожаление.",
        &["Ministry"],
    ),
    (
        "Позиция Министерства иностранных дел неизменна.",
        &["Ministry"],
    ),
    (
        "Письмо направлено Министерству иностранных дел.",
        &["Ministry"],
    ),
    (
        "Заявление подписано Министерством иностранных дел.",
        &["Ministry"],
    ),
    (
        "В Министерстве иностранных дел состоялась встреча.",
        &["Ministry"],
    ),
    ("МИД напоминает о договорённостях.", &["Ministry"]),
    (
        "Уполномоченный по правам человека посетил учреждение.",
        &["Ombudsperson"],
    ),
    (
        "Доклад Уполномоченного по правам человека опубликован.",
        &["Ombudsperson"],
    ),
    (
        "Мы встретились с Уполномоченным по правам человека.",
        &["Ombudsperson"],
    ),
    ("Омбудсмен выступил с заявлением.", &["Ombudsperson"]),
    (
        "Европейский парламент и Министерство иностранных дел обменялись письмами.",
        &["European Parliament", "Ministry"],
    ),
    // Counter-examples: a shared stem, another word.
    ("Парламентские слушания прошли спокойно.", &[]),
    ("Парламентарии обсудили бюджет.", &[]),
    ("Министр выступил в парламенте страны.", &[]),
    ("Министерский уровень встречи подтверждён.", &[]),
    ("Европейский суд вынес решение.", &[]),
    ("Европейская комиссия промолчала.", &[]),
    ("Иностранные дела страны ведёт правительство.", &[]),
    // Plurals: parliaments of European countries, not the European Parliament.
    ("Европейские парламенты обсуждают миграцию.", &[]),
    ("Делегации европейских парламентов прибыли.", &[]),
];

/// The aliases the stemmer method matches: the Russian nominatives of the gazetteer.
fn russian_aliases(g: &Gazetteer) -> Vec<(String, Vec<String>)> {
    let stemmer = Stemmer::create(Algorithm::Russian);
    let mut out = Vec::new();
    for a in g.actors() {
        let names =
            a.ru.iter()
                .chain(a.aliases.iter().filter(|n| is_cyrillic(n)));
        for name in names {
            out.push((a.name.clone(), stems(&stemmer, name)));
        }
    }
    out
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{400}'..='\u{4FF}').contains(&c))
}

fn stems(stemmer: &Stemmer, text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stemmer.stem(&w.to_lowercase()).into_owned())
        .collect()
}

/// The stemmer method: each alias as a sequence of stems, found in the text's stems (longest
/// alias first at each token).
fn find_by_stems(stemmer: &Stemmer, aliases: &[(String, Vec<String>)], text: &str) -> Vec<String> {
    let tokens = stems(stemmer, text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let best = aliases
            .iter()
            .filter(|(_, a)| !a.is_empty() && tokens[i..].starts_with(a))
            .max_by_key(|(_, a)| a.len());
        match best {
            Some((actor, a)) => {
                out.push(actor.clone());
                i += a.len();
            }
            None => i += 1,
        }
    }
    out
}

/// (true positives, false positives, false negatives) of found against wanted, in order.
fn score(found: &[String], wanted: &[&str]) -> (usize, usize, usize) {
    let mut left: Vec<&str> = wanted.to_vec();
    let mut tp = 0;
    let mut fp = 0;
    for f in found {
        match left.iter().position(|w| w == f) {
            Some(k) => {
                left.remove(k);
                tp += 1;
            }
            None => fp += 1,
        }
    }
    (tp, fp, left.len())
}

fn report(name: &str, (tp, fp, fn_): (usize, usize, usize), secs: f64, bytes: usize) {
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "{name:<18} precision {:>5.1}%  recall {:>5.1}%  ({tp} right, {fp} wrong, {fn_} missed)  {:>7.1} MiB/s",
        precision * 100.0,
        recall * 100.0,
        bytes as f64 / secs / (1 << 20) as f64,
    );
}

fn main() {
    let g = Gazetteer::default();
    let stemmer = Stemmer::create(Algorithm::Russian);
    let aliases = russian_aliases(&g);

    let only_brief = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .filter(|a| ["European Parliament", "Ministry", "Ombudsperson"].contains(&a.as_str()))
            .collect()
    };
    let (mut generated, mut stemmed) = ((0, 0, 0), (0, 0, 0));
    for (text, wanted) in LABELLED {
        let a = only_brief(g.find(text).into_iter().map(|m| m.actor).collect());
        let b = only_brief(find_by_stems(&stemmer, &aliases, text));
        for (total, s) in [
            (&mut generated, score(&a, wanted)),
            (&mut stemmed, score(&b, wanted)),
        ] {
            total.0 += s.0;
            total.1 += s.1;
            total.2 += s.2;
        }
        if a.len() != b.len() || a.iter().zip(b.iter()).any(|(x, y)| x != y) {
            println!(
                "differ: {text}\n  generated {a:?}\n  stemmer   {b:?}\n  wanted    {wanted:?}"
            );
        }
    }

    // Speed: the labelled sentences repeated to about 4 MiB, one paragraph per sentence.
    let paragraphs: Vec<&str> = LABELLED
        .iter()
        .map(|(t, _)| *t)
        .cycle()
        .take((4 << 20) / 60)
        .collect();
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let t = Instant::now();
    let n: usize = paragraphs.iter().map(|p| g.find(p).len()).sum();
    let generated_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let m: usize = paragraphs
        .iter()
        .map(|p| find_by_stems(&stemmer, &aliases, p).len())
        .sum();
    let stemmed_secs = t.elapsed().as_secs_f64();
    std::hint::black_box((n, m));

    println!(
        "{} labelled sentences, {} KiB of Russian text timed",
        LABELLED.len(),
        bytes / 1024
    );
    report("generated forms", generated, generated_secs, bytes);
    report("Snowball stemmer", stemmed, stemmed_secs, bytes);
}
