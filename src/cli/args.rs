//! Command-line arguments (clap derive). Kept true to the contract and the README.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A terminal reader for official statements: clean text, highlighted actors, anchored notes.
///
/// Without a subcommand, opens the reader on PATHs (files or folders, walked recursively for
/// .txt, .md, .html, .htm); without PATHs, on the config's library folders, else on the sample
/// statements bundled in the binary.
#[derive(Debug, Parser)]
// PATHs are taken as an "external subcommand": a top-level positional would swallow the
// subcommand name after a global option (`demarche --data-dir D annotate ...`).
#[command(
    name = "demarche",
    version,
    about,
    long_about,
    allow_external_subcommands = true,
    override_usage = "demarche [OPTIONS] [PATH]...\n       demarche [OPTIONS] <COMMAND>"
)]
#[command(
    after_help = "Config: --config, else $DEMARCHE_CONFIG, else <config dir>/config.toml.\n\
Data (notes): --data-dir, else $DEMARCHE_DATA_DIR, else <data dir>.\n\
NO_COLOR (any non-empty value) turns colour off.\n\
Exit codes: 0 success, 1 runtime error, 2 usage error."
)]
pub struct Cli {
    /// Config file (default: $DEMARCHE_CONFIG, else <config dir>/config.toml). A file named
    /// here or in $DEMARCHE_CONFIG must exist; only the default one may be absent
    /// (defaults)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Where notes are kept (default: $DEMARCHE_DATA_DIR, else the platform data dir)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The PATHs given to the reader (empty when none or when a command was given).
    #[must_use]
    pub fn reader_paths(&self) -> Vec<PathBuf> {
        match &self.command {
            Some(Command::Paths(p)) => p.iter().map(PathBuf::from).collect(),
            _ => Vec::new(),
        }
    }
}

/// Output format of the scriptable commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// A metadata field the user can correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetaField {
    Title,
    Issuer,
    Date,
    Place,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A brief: per statement its metadata, then each noted paragraph quoted with its notes
    Markdown,
    /// The `notes --format json` objects
    Json,
    /// One row per note
    Csv,
    /// A W3C Web Annotation AnnotationCollection (JSON-LD)
    W3c,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print one statement, cleaned, as the reader sees it
    Show {
        /// The statement file
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Wrap width for text output (default: the terminal's, else 80)
        #[arg(long)]
        width: Option<usize>,
    },
    /// Count actor mentions per statement and in total
    Actors {
        /// Files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Every matching paragraph across the library, as a concordance (keyword in context).
    ///
    /// QUERY: words (all must occur, whole words, any case), "a phrase", a prefix* and
    /// @actor, @class:un, @country:az (the paragraph mentions such an actor). Without PATHs,
    /// the config's library folders, else the bundled samples.
    Search {
        /// What to look for, e.g. '"human rights defenders" @class:eu'
        query: String,
        /// Files or folders (default: the library)
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Ingestion diagnostics per file: decoding, removed lines, hidden characters
    Check {
        /// Files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Add a note to a paragraph; prints the new note's id once it is safely on disk
    Annotate {
        /// The statement file
        path: PathBuf,
        /// Paragraph number (from 1, as `show` prints it)
        #[arg(long, short)]
        paragraph: usize,
        /// The note; `#words` become tags; `-` reads it from standard input
        #[arg(long, short)]
        note: String,
    },
    /// List notes with where each is anchored now
    Notes {
        /// Statement files or folders (default: every note in the store)
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Export notes for reports and other tools
    ///
    /// Every format gives, per note, the statement's title, issuer, date, place and source,
    /// the paragraph number, whether that paragraph is marked reviewed, and the anchor state
    /// (exact, moved, fuzzy, orphaned).
    Export {
        /// Statement files or folders (default: every note in the store)
        paths: Vec<PathBuf>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to FILE instead of stdout (`-` is stdout; only a regular file is written)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only notes with this tag: a whole tag, in any case, `#` optional. Repeated: notes
        /// with every one of them
        #[arg(long)]
        tag: Vec<String>,
        /// Only notes on paragraphs that mention this actor: its name, or the start of the name
        /// or of one of its words, in any case, `-` or `_` for spaces (`ombuds`,
        /// `european-parliament`). Repeated: paragraphs that mention every one. An actor that
        /// is not in the gazetteer is an error. Same rules as @actor and #tag in the reader's
        /// list filter
        #[arg(long)]
        actor: Vec<String>,
        /// Only notes created or updated on or after this date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Replace a note's text (its tags are read again from the new text)
    EditNote {
        /// The note's id: urn:uuid:…, the bare uuid, or its first 8 or more hex digits
        id: String,
        /// The new text; `#words` become tags; `-` reads it from standard input
        #[arg(long, short)]
        note: String,
    },
    /// Delete a note (the store keeps it in its undo history)
    DeleteNote {
        /// The note's id: urn:uuid:…, the bare uuid, or its first 8 or more hex digits
        id: String,
    },
    /// Mark a paragraph reviewed, or clear the mark
    Review {
        /// The statement file
        path: PathBuf,
        /// Paragraph number (from 1, as `show` prints it)
        #[arg(long, short)]
        paragraph: usize,
        /// Clear the mark instead of setting it
        #[arg(long)]
        clear: bool,
    },
    /// Correct a statement's title, issuer, date or place, or revert the correction
    ///
    /// The correction is kept in the data dir with the statement's notes (never beside the
    /// statement) and wins over every other source: front matter, the sidecar table
    /// (metadata.csv/.json), the file name and the text. An empty value ("") says the field
    /// is unknown. Without options, prints the metadata and where each field comes from.
    Correct {
        /// The statement file
        path: PathBuf,
        /// The statement's title
        #[arg(long)]
        title: Option<String>,
        /// Who issued it
        #[arg(long)]
        issuer: Option<String>,
        /// Its date: YYYY-MM-DD, or YYYY when only the year is known
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Where it was issued
        #[arg(long)]
        place: Option<String>,
        /// Revert: the whole correction, or only the fields named (`--clear title,date`)
        #[arg(
            long,
            value_enum,
            num_args = 0..=1,
            value_delimiter = ',',
            value_name = "FIELDS",
            conflicts_with_all = ["title", "issuer", "date", "place"]
        )]
        clear: Option<Vec<MetaField>>,
    },
    /// Move the notes and review marks of one statement to another (a copy never inherits
    /// notes by itself)
    MoveNotes {
        /// The statement whose notes move
        from: PathBuf,
        /// The statement that receives them
        to: PathBuf,
    },
    /// Files or folders to open in the reader
    #[command(external_subcommand)]
    Paths(Vec<OsString>),
}
