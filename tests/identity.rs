//! Statement identity through the real binary: which statement a note belongs to when files
//! are re-scraped, renamed, copied, or share a title and a date (README, "Which statement a
//! note belongs to").

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Two different statements that share their heading and dateline, as real spokesperson
/// statements often do.
const HEAD: &str = "Statement by the Spokesperson\n\nBrussels, 4 July 2022\n\n";
const BODY_A: [&str; 3] = [
    "The European Union condemns the sentencing of the human rights defender announced yesterday.",
    "The European Union calls on the authorities to release all those detained for their work.",
    "The European Union will continue to follow the case closely.",
];
const BODY_B: [&str; 3] = [
    "The European Union welcomes the agreement on the border crossings reached this week.",
    "Both parties now need to implement the agreement in good faith and without delay.",
    "The European Union stands ready to support the monitoring mission.",
];

fn text(body: &[&str]) -> String {
    format!("{HEAD}{}\n", body.join("\n\n"))
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::write(env.path("config.toml"), "").expect("writes config");
        env
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, body: &str) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, body).expect("writes statement");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_demarche"))
            .args(args)
            .arg("--config")
            .arg(self.path("config.toml"))
            .arg("--data-dir")
            .arg(self.path("data"))
            .env_remove("DEMARCHE_DATA_DIR")
            .env_remove("DEMARCHE_CONFIG")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .output()
            .expect("runs demarche")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn annotate(&self, file: &str, paragraph: usize, note: &str) -> String {
        let p = paragraph.to_string();
        self.ok(&["annotate", file, "--paragraph", &p, "--note", note])
            .trim()
            .to_owned()
    }

    /// `notes FILE --format json`: (note text, anchor state, paragraph).
    fn notes_of(&self, file: &str) -> Vec<(String, String, u64)> {
        let out = self.ok(&["notes", file, "--format", "json"]);
        let v: Value = serde_json::from_str(&out).expect("json");
        v.as_array()
            .expect("array")
            .iter()
            .map(|n| {
                (
                    n["note"].as_str().unwrap_or_default().to_owned(),
                    n["anchor"].as_str().unwrap_or_default().to_owned(),
                    n["paragraph"].as_u64().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The one notes file of the store, parsed.
    fn store_files(&self) -> Vec<Value> {
        let dir = self.path("data").join("notes");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("notes dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).expect("reads")).expect("json"))
            .collect()
    }
}

fn canonical(p: &Path) -> String {
    std::fs::canonicalize(p)
        .expect("canonical")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn two_files_sharing_title_and_date_never_share_notes() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.write("b.txt", &text(&BODY_B));
    env.annotate("a.txt", 1, "X on the sentencing");

    assert!(
        env.notes_of("b.txt").is_empty(),
        "b.txt must not get a's note"
    );
    let brief = env.ok(&["export", "b.txt", "--format", "markdown"]);
    assert!(!brief.contains("X on the sentencing"), "{brief}");
    assert_eq!(env.notes_of("a.txt").len(), 1);
    // The stored file still names a.txt, and only a.txt.
    let files = env.store_files();
    assert_eq!(files.len(), 1);
    let a = canonical(&env.path("a.txt"));
    assert_eq!(files[0]["statement"]["path"], Value::from(a.clone()));
    let bound: Vec<&str> = files[0]["paths"]
        .as_array()
        .expect("paths recorded")
        .iter()
        .filter_map(|b| b["path"].as_str())
        .collect();
    assert_eq!(bound, vec![a.as_str()]);
}

#[test]
fn a_rescrape_at_the_same_path_keeps_and_reanchors_its_notes() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.annotate("a.txt", 2, "calls for release");
    // The site re-published the statement with a new first paragraph.
    let mut body: Vec<&str> =
        vec!["Update: the statement was revised on 5 July to add the paragraph below."];
    body.extend(BODY_A);
    env.write("a.txt", &text(&body));
    let notes = env.notes_of("a.txt");
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].1.as_str(), notes[0].2), ("moved", 3));
    let listing = env.ok(&["notes", "a.txt"]);
    assert!(!listing.contains("re-identified"), "{listing}");
}

#[test]
fn a_renamed_file_keeps_its_notes_and_the_store_records_both_paths() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.annotate("a.txt", 1, "first");
    std::fs::create_dir_all(env.path("archive")).expect("mkdir");
    std::fs::rename(env.path("a.txt"), env.path("archive/2022-07-04.txt")).expect("mv");

    let notes = env.notes_of("archive/2022-07-04.txt");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].1, "exact");
    let listing = env.ok(&["notes", "archive/2022-07-04.txt"]);
    assert!(listing.contains("moved with the file from"), "{listing}");

    // A write binds the notes to the new path; the old one stays in the history.
    env.annotate("archive/2022-07-04.txt", 2, "second");
    let files = env.store_files();
    assert_eq!(files.len(), 1, "one statement, one file");
    let hows: Vec<(&str, &str)> = files[0]["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|b| {
            (
                b["path"].as_str().unwrap_or(""),
                b["how"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(hows.len(), 2, "{hows:?}");
    assert!(hows[0].0.ends_with("a.txt") && hows[0].1 == "first saved");
    assert!(hows[1].0.ends_with("2022-07-04.txt") && hows[1].1 == "moved");
    assert!(files[0]["paths"][1]["since"].is_string());
}

#[test]
fn a_copy_in_another_folder_starts_without_notes_until_moved_on_purpose() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.annotate("a.txt", 3, "follow the case");
    env.write("rescraped/a.txt", &text(&BODY_A));
    assert!(env.notes_of("rescraped/a.txt").is_empty());
    assert_eq!(env.notes_of("a.txt").len(), 1);

    let said = env.ok(&["move-notes", "a.txt", "rescraped/a.txt"]);
    assert!(said.contains("moved 1 note"), "{said}");
    assert!(env.notes_of("a.txt").is_empty());
    let moved = env.notes_of("rescraped/a.txt");
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0].0.as_str(), moved[0].2), ("follow the case", 3));
    let files = env.store_files();
    let how_bound: Vec<&str> = files
        .iter()
        .flat_map(|f| f["paths"].as_array().into_iter().flatten())
        .filter_map(|b| b["how"].as_str())
        .collect();
    assert!(how_bound.contains(&"move-notes"), "{how_bound:?}");
    // Nothing left to move is an error, not a silent no-op.
    let again = env.run(&["move-notes", "a.txt", "rescraped/a.txt"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("no notes to move"));
}

#[test]
fn title_and_date_match_only_when_the_original_is_gone_and_it_says_so() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.annotate("a.txt", 1, "X");
    // The same statement re-scraped elsewhere, with a changed body.
    let mut edited = BODY_A.to_vec();
    edited[2] = "The European Union will continue to follow the case and raise it in the dialogue.";
    env.write("new/a-v2.txt", &text(&edited));
    assert!(
        env.notes_of("new/a-v2.txt").is_empty(),
        "the original still exists: no title+date match"
    );

    std::fs::remove_file(env.path("a.txt")).expect("rm");
    let notes = env.notes_of("new/a-v2.txt");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].1, "exact");
    let listing = env.ok(&["notes", "new/a-v2.txt"]);
    assert!(
        listing.contains("re-identified by title and date"),
        "{listing}"
    );
    let json = env.run(&["notes", "new/a-v2.txt", "--format", "json"]);
    assert!(String::from_utf8_lossy(&json.stderr).contains("re-identified by title and date"));
    let check = env.ok(&["check", "new/a-v2.txt"]);
    assert!(check.contains("re-identified by title and date"), "{check}");
}

#[test]
fn move_notes_refuses_the_same_file_twice() {
    let env = Env::new();
    env.write("a.txt", &text(&BODY_A));
    env.annotate("a.txt", 1, "X");
    let out = env.run(&["move-notes", "a.txt", "./a.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("same file"));
    assert_eq!(env.notes_of("a.txt").len(), 1);
}
