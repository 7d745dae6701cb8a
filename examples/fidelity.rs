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

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use demarche::config::Config;
use demarche::model::accounting::{WordCounts, account, chrome_like, source_text, title_runs_on};
use demarche::model::ingest::Context;
use demarche::model::library::{Library, Source, site_chrome};

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
    let mut all = WordCounts::default();
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
