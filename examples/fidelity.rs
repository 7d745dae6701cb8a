//! How well demarche reads a folder of statements: a measurement anyone can run.
//!
//! ```sh
//! cargo run --release --example fidelity -- DIR... [--config FILE] [--lost N]
//! ```
//!
//! For the statements under DIR (read as the reader reads them: the config's file-name
//! patterns, the folders' sidecar tables, site chrome across the library), it prints:
//!
//! - how many have a **title**, an **issuer**, a **date** (the day), a **year** (the day or the
//!   year alone);
//! - **titles that end mid-sentence with the body continuing**: the title's last character
//!   (closing quotes and brackets aside) is not `.` `!` `?` `…`, and the first paragraph
//!   starts with a lower-case letter;
//! - **words accounted for**: the decoded source is cut into words (maximal runs of letters
//!   and digits, lower-cased; for HTML the source is the page's text as the HTML parser
//!   gives it); a source word is accounted for when it is found in the multiset of the words
//!   of the paragraphs, the metadata (title, issuer, place, URL) and the removed lines (each
//!   found word is used up). Two repairs the cleaning makes count too: two source words
//!   joined into one (a word broken across lines, also across a page number: `in-` +
//!   `stitutions`; a line-end pair is taken as joined first when the statement has the
//!   joined word more often than the source has it whole), and a source word that is two
//!   consecutive words there (glued words split: `ofForeign`). The figure is accounted /
//!   all source words;
//! - **chrome-like paragraphs left**: paragraphs of at most six words that do not end a
//!   sentence (`.` `!` `?` `…` `:` `;` or a closing quote) and look like site furniture: a
//!   navigation or widget word (`share`, `print`, `comments`, `menu`, `home`, `login`,
//!   `subscribe`, `cookies`, `tags`, `related`, `next`, `previous`, `back to top`,
//!   `read more`, `all rights reserved`, `©`), a counter (`12 comments`, `1,234 views`, a
//!   bare number), or items separated by `|`, `•`, `·` or `>`.
//!
//! `--lost N` also prints up to N source words that were not accounted for (with their file
//! and line), titles that run on and chrome-like paragraphs, to see which shapes are read
//! wrong. Progress goes to stderr.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use demarche::config::Config;
use demarche::model::Statement;
use demarche::model::ingest::Context;
use demarche::model::library::{Library, Source, site_chrome};
use demarche::model::statement::SourceFormat;

struct Args {
    dirs: Vec<PathBuf>,
    config: Option<PathBuf>,
    lost: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut out = Args {
        dirs: Vec::new(),
        config: None,
        lost: 0,
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--config") => {
                out.config = Some(
                    it.next()
                        .map(PathBuf::from)
                        .ok_or_else(|| anyhow::anyhow!("--config needs a FILE"))?,
                );
            }
            Some("--lost") => {
                out.lost = it
                    .next()
                    .and_then(|n| n.to_str().and_then(|n| n.parse().ok()))
                    .ok_or_else(|| anyhow::anyhow!("--lost needs a number"))?;
            }
            Some("-h" | "--help") => {
                println!("usage: fidelity DIR... [--config FILE] [--lost N]");
                std::process::exit(0);
            }
            _ => out.dirs.push(PathBuf::from(a)),
        }
    }
    if out.dirs.is_empty() {
        anyhow::bail!("usage: fidelity DIR... [--config FILE] [--lost N]");
    }
    Ok(out)
}

/// Lower-cased words: maximal runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The counts of one statement's word accounting.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Words {
    total: usize,
    exact: usize,
    rejoined: usize,
    split: usize,
}

impl Words {
    fn accounted(self) -> usize {
        self.exact + self.rejoined + self.split
    }

    fn add(&mut self, o: Self) {
        self.total += o.total;
        self.exact += o.exact;
        self.rejoined += o.rejoined;
        self.split += o.split;
    }
}

/// The text whose words the statement must account for: the decoded source (for HTML, the
/// page's text as parsed).
fn source_text(format: SourceFormat, bytes: &[u8]) -> Option<String> {
    let (raw, _) = demarche::model::decode::decode(bytes).ok()?;
    Some(match format {
        SourceFormat::Html => demarche::model::html::extract(&raw).text,
        _ => raw.into_owned(),
    })
}

/// Accounts for the source's words (see the module's documentation); returns the counts and
/// the 1-based lines of the words not accounted for.
fn account(source: &str, st: &Statement) -> (Words, Vec<(usize, String)>) {
    let mut have: HashMap<String, usize> = HashMap::new();
    let mut target_seq: Vec<String> = Vec::new();
    let m = &st.meta;
    let meta = [&m.title, &m.issuer, &m.place, &m.url];
    let texts = st
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .chain(meta.into_iter().flatten().map(String::as_str))
        .chain(st.removed.iter().map(|r| r.text.as_str()));
    for t in texts {
        for w in words(t) {
            *have.entry(w.clone()).or_default() += 1;
            target_seq.push(w);
        }
    }
    let pairs: std::collections::HashSet<String> = target_seq
        .windows(2)
        .map(|p| format!("{}{}", p[0], p[1]))
        .collect();
    fn take(have: &mut HashMap<String, usize>, w: &str) -> bool {
        match have.get_mut(w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
    let src: Vec<(usize, String)> = source
        .lines()
        .enumerate()
        .flat_map(|(i, l)| words(l).map(move |w| (i + 1, w)).collect::<Vec<_>>())
        .collect();
    let mut found = vec![false; src.len()];
    let mut counts = Words {
        total: src.len(),
        ..Words::default()
    };
    // First, words broken across a line end and rejoined by the cleaning (`in-` /
    // `ternational` → `international`, also across a page number): a pair of source words
    // at the end of a line and the start of the next line with words, whose joined form
    // the statement has more often than the source has it whole. Done before the exact
    // pass, so that the pieces do not use up words that belong elsewhere.
    let mut whole: HashMap<&str, usize> = HashMap::new();
    for (_, w) in &src {
        *whole.entry(w.as_str()).or_default() += 1;
    }
    let mut surplus: HashMap<String, usize> = HashMap::new();
    let mut starts: Vec<usize> = Vec::new(); // index in `src` of each line's first word
    for k in 0..src.len() {
        if k == 0 || src[k].0 != src[k - 1].0 {
            starts.push(k);
        }
    }
    for pair in starts.windows(2) {
        let (first_next, end_prev) = (pair[1], pair[1] - 1);
        // Lines of digits only between (page numbers) are skipped.
        let mut b = first_next;
        while src
            .get(b)
            .is_some_and(|(_, w)| w.chars().all(|c| c.is_ascii_digit()))
            && src.get(b + 1).is_some()
        {
            b += 1;
        }
        let (a, bw) = (&src[end_prev], &src[b]);
        if bw.0 == a.0 || found[end_prev] || found[b] {
            continue;
        }
        let joined = format!("{}{}", a.1, bw.1);
        let left = surplus.entry(joined.clone()).or_insert_with(|| {
            have.get(&joined)
                .copied()
                .unwrap_or(0)
                .saturating_sub(whole.get(joined.as_str()).copied().unwrap_or(0))
        });
        if *left > 0 && take(&mut have, &joined) {
            *left -= 1;
            found[end_prev] = true;
            found[b] = true;
            counts.rejoined += 2;
        }
    }
    for (k, (_, w)) in src.iter().enumerate() {
        if found[k] {
            continue;
        }
        if take(&mut have, w) {
            found[k] = true;
            counts.exact += 1;
        }
    }
    for k in 0..src.len().saturating_sub(1) {
        if !found[k] && !found[k + 1] && take(&mut have, &format!("{}{}", src[k].1, src[k + 1].1)) {
            found[k] = true;
            found[k + 1] = true;
            counts.rejoined += 2;
        }
    }
    for (k, (_, w)) in src.iter().enumerate() {
        if !found[k] && pairs.contains(w) {
            found[k] = true;
            counts.split += 1;
        }
    }
    let lost = src
        .into_iter()
        .zip(found)
        .filter(|(_, f)| !f)
        .map(|(w, _)| w)
        .collect();
    (counts, lost)
}

/// Whether a title ends mid-sentence and the body goes on with it.
fn title_runs_on(st: &Statement) -> bool {
    let Some(title) = &st.meta.title else {
        return false;
    };
    let last = title
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .chars()
        .next_back();
    let ends = last.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'));
    let continues = st
        .paragraphs
        .first()
        .and_then(|p| p.text.chars().next())
        .is_some_and(char::is_lowercase);
    !ends && continues
}

/// Whether a paragraph looks like site furniture left in the text (see the module's docs).
fn chrome_like(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "share",
        "print",
        "email",
        "e-mail",
        "comment",
        "comments",
        "reply",
        "menu",
        "home",
        "login",
        "log in",
        "sign in",
        "subscribe",
        "newsletter",
        "cookie",
        "cookies",
        "tags",
        "related",
        "next",
        "previous",
        "back to top",
        "read more",
        "all rights reserved",
        "©",
        "facebook",
        "twitter",
        "telegram",
        "views",
        "likes",
    ];
    let t = text.trim();
    let n = t.split_whitespace().count();
    if n == 0 || n > 6 {
        return false;
    }
    let sentence = t
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | '"' | '”' | '»'));
    if sentence {
        return false;
    }
    let lower = t.to_lowercase();
    let word_hit = WORDS.iter().any(|w| {
        if w.contains(' ') || !w.chars().all(char::is_alphabetic) {
            lower.contains(w)
        } else {
            words(&lower).any(|x| x == *w)
        }
    });
    let counter = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' '))
        || (n <= 3 && t.starts_with(|c: char| c.is_ascii_digit()) && word_hit);
    // Items side by side (a menu, a breadcrumb); a leading bullet is a list item, not that.
    let separated = n >= 2
        && ["|", "•", "·", " > "]
            .iter()
            .any(|s| t.trim_start_matches(*s).trim_start().contains(s));
    word_hit || counter || separated
}

fn pct(n: usize, of: usize) -> String {
    pct_to(n, of, 2)
}

fn pct_to(n: usize, of: usize, decimals: usize) -> String {
    if of == 0 {
        return "-".into();
    }
    #[allow(clippy::cast_precision_loss)]
    let p = n as f64 * 100.0 / of as f64;
    format!("{p:.decimals$}%")
}

fn main() -> anyhow::Result<()> {
    let args = args()?;
    let config = match &args.config {
        Some(p) if !p.exists() => anyhow::bail!("{}: no such config file", p.display()),
        Some(p) => Config::load(Some(p))?,
        None => Config::default(),
    };
    let mut ctx = Context::from_config(&config)?;
    let lib = Library::from_paths(&args.dirs)?;
    ctx.sidecars = Arc::clone(&lib.sidecars);
    let total = lib.len();
    eprintln!("fidelity: {total} statements; computing site chrome…");
    ctx.chrome = site_chrome(&lib, config.cleaning.site_chrome_min_statements);
    let (mut title, mut issuer, mut date, mut year, mut runs_on) = (0, 0, 0, 0, 0);
    let (mut paragraphs, mut chrome, mut chrome_statements, mut failed) = (0, 0, 0, 0);
    let mut all = Words::default();
    let mut lost_shown = Vec::new();
    let mut chrome_shown = Vec::new();
    let mut runs_on_shown = Vec::new();
    let mut err = std::io::stderr();
    for (i, src) in lib.sources.iter().enumerate() {
        if i % 250 == 0 || i + 1 == total {
            let _ = write!(err, "\rfidelity: {}/{total}", i + 1);
            let _ = err.flush();
        }
        let (Ok(st), Ok(bytes)) = (src.load(&ctx), src.read()) else {
            failed += 1;
            continue;
        };
        let m = &st.meta;
        title += usize::from(m.title.is_some());
        issuer += usize::from(m.issuer.is_some());
        date += usize::from(m.date.is_some());
        year += usize::from(m.year.is_some());
        if title_runs_on(&st) {
            runs_on += 1;
            if runs_on_shown.len() < args.lost {
                let first = st.paragraphs.first().map_or("", |p| p.text.as_str());
                let start: String = first.chars().take(40).collect();
                runs_on_shown.push(format!(
                    "{}: {:?} / {start:?}…",
                    src.label(),
                    m.title.as_deref().unwrap_or_default()
                ));
            }
        }
        paragraphs += st.paragraphs.len();
        let left: Vec<&str> = st
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| chrome_like(t))
            .collect();
        chrome += left.len();
        chrome_statements += usize::from(!left.is_empty());
        for t in left {
            if chrome_shown.len() < args.lost {
                chrome_shown.push(format!("{}: {t}", src.label()));
            }
        }
        if let Some(text) = source_text(src.format(), &bytes) {
            let (counts, lost) = account(&text, &st);
            all.add(counts);
            for (line, w) in lost {
                if lost_shown.len() < args.lost {
                    let path = match src {
                        Source::File(p) => p.display().to_string(),
                        Source::Bundled { .. } => src.label(),
                    };
                    lost_shown.push(format!("{path}:{line}: {w}"));
                }
            }
        }
    }
    eprintln!();
    let read = total - failed;
    println!(
        "statements                 {total} ({failed} could not be read; {} paths skipped)",
        lib.skipped.len()
    );
    println!("with a title               {title} ({})", pct(title, read));
    println!(
        "with an issuer             {issuer} ({})",
        pct(issuer, read)
    );
    println!("with a date (the day)      {date} ({})", pct(date, read));
    println!("with a year                {year} ({})", pct(year, read));
    println!("titles ending mid-sentence, body continuing: {runs_on}");
    println!(
        "words accounted for        {} ({} of {}: {} found as they are, {} rejoined across lines, {} split where glued; {} not found)",
        pct_to(all.accounted(), all.total, 4),
        all.accounted(),
        all.total,
        all.exact,
        all.rejoined,
        all.split,
        all.total - all.accounted()
    );
    println!(
        "chrome-like paragraphs left: {chrome} of {paragraphs} paragraphs ({}), in {chrome_statements} statements",
        pct(chrome, paragraphs)
    );
    if args.lost > 0 {
        println!("\nwords not accounted for (first {}):", args.lost);
        for l in &lost_shown {
            println!("  {l}");
        }
        println!("\ntitles ending mid-sentence (first {}):", args.lost);
        for t in &runs_on_shown {
            println!("  {t}");
        }
        println!("\nchrome-like paragraphs (first {}):", args.lost);
        for c in &chrome_shown {
            println!("  {c}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use demarche::model::ingest::ingest_bytes;

    fn statement(text: &str) -> Statement {
        ingest_bytes(
            text.as_bytes(),
            "t.txt",
            SourceFormat::Text,
            &Context::default(),
        )
        .unwrap()
    }

    #[test]
    fn words_are_accounted_for_with_repairs_and_losses_counted() {
        let text = "A statement on the agreement\n\nThe Ministry of Foreign Affairs welcomes the in-\nstitutions and the agreement signed today.\n";
        let (w, lost) = account(text, &statement(text));
        assert_eq!(w.total, w.accounted(), "{lost:?}");
        assert_eq!(w.rejoined, 2);
        // Counter-example: a word the statement does not have is lost.
        let (w, lost) = account(&format!("{text}\nzyxwv"), &statement(text));
        assert_eq!(w.total - w.accounted(), 1);
        assert_eq!(lost, vec![(6, "zyxwv".to_owned())]);
    }

    #[test]
    fn chrome_like_paragraphs() {
        for yes in [
            "Share | Print",
            "12 comments",
            "Home > News > Statements",
            "1,234",
            "Read more",
        ] {
            assert!(chrome_like(yes), "{yes}");
        }
        for no in [
            "The Ministry will share its findings.",
            "Statement by the Spokesperson",
            "The Union calls on all sides to respect the ceasefire and to return to talks",
        ] {
            assert!(!chrome_like(no), "{no}");
        }
    }

    #[test]
    fn titles_that_run_on() {
        let mut st = statement("Statement on the talks.\n\nThe Ministry welcomes them.\n");
        assert!(!title_runs_on(&st));
        st.meta.title = Some("Statement on the talks held in".into());
        st.paragraphs[0].text = "the capital this week, which the Ministry welcomes.".into();
        assert!(title_runs_on(&st));
        st.meta.title = Some("Statement on the talks held in the capital.".into());
        assert!(!title_runs_on(&st), "a title that ends a sentence");
    }
}
