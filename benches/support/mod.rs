//! Synthetic English statements for benchmarks: deterministic, varied (no two paragraphs
//! alike, so repeated-line rules see what they see in real libraries), with actor mentions,
//! hard wraps, hyphenation across lines and a little web chrome.

#![allow(dead_code)]

/// A small deterministic generator (SplitMix64), so runs compare.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "this",
    "be",
    "are",
    "its",
    "which",
    "from",
    "at",
    "has",
    "have",
    "not",
    "all",
    "their",
    "it",
    "was",
    "will",
    "an",
    "been",
    "or",
    "our",
    "government",
    "resolution",
    "international",
    "cooperation",
    "human",
    "rights",
    "situation",
    "country",
    "authorities",
    "investigation",
    "dialogue",
    "partners",
    "statement",
    "security",
    "law",
    "citizens",
    "development",
    "institutions",
    "process",
    "political",
    "reforms",
    "community",
    "principles",
    "respect",
    "agreement",
    "delegation",
    "procedure",
    "observers",
    "elections",
    "freedom",
    "media",
    "journalists",
    "obligations",
    "commitment",
    "recommendations",
    "information",
    "transparency",
    "democratic",
    "civil",
    "society",
    "organisations",
    "concern",
    "members",
    "representatives",
    "negotiations",
    "implementation",
    "legislation",
    "assessment",
    "independent",
    "judiciary",
    "detention",
    "conditions",
    "report",
    "findings",
    "framework",
    "regional",
    "national",
    "economic",
    "humanitarian",
    "assistance",
    "measures",
    "sanctions",
    "constructive",
    "engagement",
    "mutual",
    "understanding",
    "shared",
    "responsibility",
    "continue",
    "welcome",
    "regret",
    "urge",
    "recall",
    "stress",
    "note",
    "consider",
    "support",
    "ensure",
    "adopted",
    "published",
    "unacceptable",
    "biased",
    "credible",
    "comprehensive",
    "timely",
    "appropriate",
    "relevant",
    "previous",
];

const ACTORS: &[&str] = &[
    "the European Parliament",
    "the Ministry of Foreign Affairs",
    "MEPs",
    "the Human Rights Ombudsperson",
    "the Parliament",
    "the Foreign Ministry",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 10 + rng.below(20);
    for i in 0..n {
        // About one actor mention per 40 words: the seed statement has one per 50.
        let w = if rng.below(40) == 0 {
            ACTORS[rng.below(ACTORS.len())]
        } else {
            WORDS[rng.below(WORDS.len())]
        };
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
        if rng.below(12) == 0 && i + 1 < n {
            out.push(',');
        }
    }
    out.push_str(if rng.below(10) == 0 { ";" } else { "." });
}

/// One paragraph of 2–6 sentences, as one line.
pub fn paragraph(rng: &mut Rng) -> String {
    let mut p = String::new();
    for i in 0..2 + rng.below(5) {
        if i > 0 {
            p.push(' ');
        }
        sentence(rng, &mut p);
    }
    p
}

/// Hard-wraps a paragraph at `width`, hyphenating some long words across lines.
fn wrap_into(p: &str, width: usize, rng: &mut Rng, out: &mut String) {
    let mut col = 0;
    for w in p.split(' ') {
        if col > 0 && col + 1 + w.len() > width {
            if w.len() >= 9 && rng.below(3) == 0 && col + 5 < width {
                let cut = 4;
                out.push(' ');
                out.push_str(&w[..cut]);
                out.push_str("-\n");
                out.push_str(&w[cut..]);
                col = w.len() - cut;
                continue;
            }
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out.push('\n');
}

/// A statement: a page date, a heading, a place and date line, paragraphs (hard-wrapped
/// or not), and some chrome at the end.
pub fn statement(rng: &mut Rng, paragraphs: usize) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "Monday, June {}, 2023\n\nMust read\n\n",
        1 + rng.below(28)
    ));
    s.push_str("Statement of the Ministry of Foreign Affairs of the Republic of Arvenia\n");
    s.push_str(&format!("Arvena, {} January 2022\n\n", 1 + rng.below(28)));
    let wrapped = rng.below(2) == 0;
    for _ in 0..paragraphs {
        let p = paragraph(rng);
        if wrapped {
            wrap_into(&p, 72, rng, &mut s);
        } else {
            s.push_str(&p);
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str("Share\n\n- Advertisement -\n\nMore articles\n");
    s
}

/// About `bytes` of statements, each of 5–12 paragraphs.
pub fn library(bytes: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let n = 5 + rng.below(8);
        let st = statement(&mut rng, n);
        total += st.len();
        out.push(st);
    }
    out
}

/// One long statement of about `bytes`.
pub fn long_statement(bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut s = statement(&mut rng, 1);
    while s.len() < bytes {
        let p = paragraph(&mut rng);
        wrap_into(&p, 72, &mut rng, &mut s);
        s.push('\n');
    }
    s
}
