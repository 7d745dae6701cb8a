//! `demarche correct PATH [--title T] [--issuer I] [--date D] [--place P] [--clear [FIELDS]]`:
//! the user's corrections of a statement's metadata, stored with its notes.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::args::MetaField;
use crate::cli::env::Env;
use crate::model::corrections::Correction;
use crate::model::metadata::DateValue;
use crate::model::notes::StatementKey;
use crate::model::statement::Statement;
use crate::store::{NoteStore, key_path};

/// What the command line asks to change.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub title: Option<String>,
    pub issuer: Option<String>,
    /// Checked by `prepare`: `YYYY-MM-DD`, `YYYY` or empty.
    pub date: Option<String>,
    pub place: Option<String>,
    /// `Some([])`: the whole correction; `Some(fields)`: those fields.
    pub clear: Option<Vec<MetaField>>,
}

impl Change {
    fn sets_something(&self) -> bool {
        self.title.is_some() || self.issuer.is_some() || self.date.is_some() || self.place.is_some()
    }

    /// The correction as given (values trimmed; `""` is "unknown").
    fn correction(&self) -> anyhow::Result<Correction> {
        let text = |v: &Option<String>| v.as_ref().map(|t| t.trim().to_owned());
        let date = match self.date.as_deref() {
            Some(d) => Some(
                DateValue::parse(d)
                    .with_context(|| format!("--date {d:?}: expected YYYY-MM-DD, YYYY or \"\""))?,
            ),
            None => None,
        };
        Ok(Correction {
            title: text(&self.title),
            issuer: text(&self.issuer),
            place: text(&self.place),
            date,
            ..Correction::default()
        })
    }
}

/// Runs `correct`.
pub fn correct(env: &mut Env, path: &Path, change: Change) -> anyhow::Result<ExitCode> {
    let lib = env.library(&[path.to_path_buf()])?;
    let source = lib
        .sources
        .first()
        .with_context(|| format!("{}: no statement file found", path.display()))?;
    let st = source.load(&env.ctx)?;
    let rel = key_path(path);
    if !change.sets_something() && change.clear.is_none() {
        return print(&describe(&st));
    }
    let data_dir = env.require_data_dir()?.to_path_buf();
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("{}: cannot create the data directory", data_dir.display()))?;
    let mut store = NoteStore::open(&data_dir)?.with_roots(&env.config.library.folders);
    let key = StatementKey::of(&st, &rel);
    let before = store.correction_for(&key).cloned();
    let after = match &change.clear {
        Some(fields) if fields.is_empty() => None,
        Some(fields) => before.clone().map(|mut c| {
            for f in fields {
                match f {
                    MetaField::Title => c.title = None,
                    MetaField::Issuer => c.issuer = None,
                    MetaField::Date => c.date = None,
                    MetaField::Place => c.place = None,
                }
            }
            c
        }),
        None => Some(
            before
                .clone()
                .unwrap_or_default()
                .merged(&change.correction()?),
        ),
    };
    let after = after.filter(|c| !c.is_empty());
    let shown = path.display();
    if after.as_ref().map(Correction::layer) == before.as_ref().map(Correction::layer) {
        return print(&match &before {
            Some(c) => format!("{shown}: already corrected: {}", c.describe()),
            None => format!("{shown}: no correction to clear"),
        });
    }
    store.set_correction(&st, &rel, after.clone())?;
    print(&match after {
        Some(c) => format!("corrected {shown}: {}", c.describe()),
        None => format!("cleared the correction of {shown}"),
    })
}

/// The metadata and where each field comes from.
fn describe(st: &Statement) -> String {
    let o = &st.provenance.origins;
    let m = &st.meta;
    let date = match (m.date, m.year) {
        (Some(d), _) => Some(d.format("%Y-%m-%d").to_string()),
        (None, Some(y)) => Some(format!("{y} (year only)")),
        (None, None) => None,
    };
    let mut out = String::new();
    for (name, value, origin) in [
        ("title", m.title.clone(), o.title),
        ("issuer", m.issuer.clone(), o.issuer),
        ("date", date, o.date),
        ("place", m.place.clone(), o.place),
        ("url", m.url.clone(), o.url),
    ] {
        let value = value.unwrap_or_else(|| "(unknown)".into());
        let from = origin.map_or(String::new(), |s| format!("  [{}]", s.as_str()));
        out.push_str(&format!("{name:<7} {value}{from}\n"));
    }
    if let Some(row) = &st.provenance.sidecar {
        out.push_str(&format!("sidecar {row}\n"));
    }
    out.trim_end().to_owned()
}

fn print(text: &str) -> anyhow::Result<ExitCode> {
    let mut out = crate::cli::safe_out::stdout();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
