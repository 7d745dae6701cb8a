//! `annotate`, `notes` and `export` through the real binary, with a data dir in a tempdir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const TEXT: &str = "The Ministry of Foreign Affairs expresses its concern over the resolution.\n\n\
We find it unacceptable that the European Parliament adopted the document\n\
before the official findings were published.\n\n\
Kazakhstan remains open to dialogue with the European Union.\n";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::write(env.statement(), TEXT).expect("writes statement");
        env
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn statement(&self) -> PathBuf {
        self.dir.path().join("statement.txt")
    }

    fn run(&self, args: &[&str]) -> Output {
        // Global options go after the subcommand: the CLI skeleton's
        // `args_conflicts_with_subcommands` reads a subcommand after them as a PATH.
        Command::new(env!("CARGO_BIN_EXE_demarche"))
            .args(args)
            .arg("--config")
            .arg(self.dir.path().join("no-config.toml"))
            .arg("--data-dir")
            .arg(self.data())
            .env_remove("DEMARCHE_DATA_DIR")
            .env_remove("DEMARCHE_CONFIG")
            .current_dir(self.dir.path())
            .output()
            .expect("runs demarche")
    }

    fn annotate(&self, paragraph: &str, note: &str) -> String {
        let out = self.run(&[
            "annotate",
            "statement.txt",
            "--paragraph",
            paragraph,
            "--note",
            note,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .trim()
            .to_owned()
    }

    fn notes_json(&self, paths: &[&str]) -> Vec<Value> {
        let mut args = vec!["notes", "--format", "json"];
        args.extend_from_slice(paths);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout)
            .expect("json")
            .as_array()
            .expect("array")
            .clone()
    }
}

#[test]
fn annotate_then_list_with_exact_anchor() {
    let env = Env::new();
    let id = env.annotate("2", "Adopted before the official findings #timing");
    assert!(id.starts_with("urn:uuid:"), "{id}");
    assert_eq!(id.lines().count(), 1);

    let notes = env.notes_json(&["statement.txt"]);
    assert_eq!(notes.len(), 1);
    let n = &notes[0];
    assert_eq!(n["id"], id.as_str());
    assert_eq!(n["anchor"], "exact");
    assert_eq!(n["paragraph"], 2);
    assert_eq!(n["tags"], serde_json::json!(["timing"]));
    assert_eq!(n["source"], "statement.txt");
    assert_eq!(
        n["quote"],
        "We find it unacceptable that the European Parliament adopted the document before the official findings were published."
    );
    for key in ["statement", "note", "created", "updated"] {
        assert!(n[key].is_string(), "{key}");
    }

    // Without PATHs: every note in the store, anchored through the stored path.
    let all = env.notes_json(&[]);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["anchor"], "exact");

    let text = env.run(&["notes", "statement.txt"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("¶2 [exact] #timing"), "{text}");
}

#[test]
fn edited_statement_moves_the_note() {
    let env = Env::new();
    let id = env.annotate("2", "moves");
    std::fs::write(env.statement(), format!("Press release No. 5.\n\n{TEXT}")).expect("edits");
    let notes = env.notes_json(&["statement.txt"]);
    assert_eq!(notes[0]["id"], id.as_str());
    assert_eq!(notes[0]["anchor"], "moved");
    assert_eq!(notes[0]["paragraph"], 3);
}

#[test]
fn paragraph_out_of_range_is_an_error_naming_the_file() {
    let env = Env::new();
    let out = env.run(&[
        "annotate",
        "statement.txt",
        "--paragraph",
        "9",
        "--note",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("demarche: error: "), "{err}");
    assert!(err.contains("statement.txt"), "{err}");
    assert!(err.contains("1 to 3"), "{err}");
    assert!(out.stdout.is_empty());
    let out = env.run(&[
        "annotate",
        "statement.txt",
        "--paragraph",
        "0",
        "--note",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

fn export(env: &Env, format: &str, extra: &[&str]) -> String {
    let file = env.dir.path().join(format!("out.{format}"));
    let mut args = vec![
        "export",
        "statement.txt",
        "--format",
        format,
        "--output",
        file.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    let out = env.run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "written to the file, not stdout");
    std::fs::read_to_string(file).expect("output written")
}

#[test]
fn export_every_format_to_a_file() {
    let env = Env::new();
    let id = env.annotate("2", "Adopted early, \"before\" the findings #timing");
    env.annotate("3", "Dialogue offer #EU");

    let md = export(&env, "markdown", &[]);
    assert!(md.contains("### ¶ 2"), "{md}");
    assert!(md.contains("> We find it unacceptable"), "{md}");
    assert!(md.contains("`#timing`"), "{md}");

    let csv = export(&env, "csv", &[]);
    let mut lines = csv.split("\r\n");
    assert!(
        lines
            .next()
            .expect("header")
            .starts_with("id,source,statement,paragraph")
    );
    assert_eq!(csv.matches("urn:uuid:").count(), 2);
    assert!(
        csv.contains("\"Adopted early, \"\"before\"\" the findings #timing\""),
        "{csv}"
    );

    let json: Value = serde_json::from_str(&export(&env, "json", &[])).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(2));

    let w3c: Value = serde_json::from_str(&export(&env, "w3c", &[])).expect("json");
    assert_eq!(w3c["type"], "AnnotationCollection");
    assert_eq!(w3c["total"], 2);
    assert_eq!(w3c["first"]["items"][0]["id"], id.as_str());

    // Filters: by tag, by actor mentioned in the paragraph, by date.
    let only: Value = serde_json::from_str(&export(&env, "json", &["--tag", "#eu"])).expect("json");
    assert_eq!(only.as_array().map(Vec::len), Some(1));
    assert_eq!(only[0]["paragraph"], 3);
    let none: Value =
        serde_json::from_str(&export(&env, "json", &["--tag", "nothing"])).expect("json");
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let later: Value =
        serde_json::from_str(&export(&env, "json", &["--since", "2999-01-01"])).expect("json");
    assert_eq!(later.as_array().map(Vec::len), Some(0));
    let actor: Value =
        serde_json::from_str(&export(&env, "json", &["--actor", "European Parliament"]))
            .expect("json");
    let paragraphs: Vec<&Value> = actor
        .as_array()
        .expect("array")
        .iter()
        .map(|n| &n["paragraph"])
        .collect();
    assert_eq!(
        paragraphs,
        vec![&Value::from(2)],
        "only paragraph 2 names the Parliament"
    );
}

#[test]
fn corrupt_store_file_is_reported_with_line_and_column() {
    let env = Env::new();
    env.annotate("1", "fine");
    let notes_dir = env.data().join("notes");
    let broken = notes_dir.join("0000000000000000.json");
    std::fs::write(&broken, "{\n  \"version\": 1,\n  oops\n}").expect("writes");
    let out = env.run(&["notes", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:3:", Path::new(&broken).display())),
        "{err}"
    );
    // The good notes are still listed.
    let listed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(
        std::fs::read_to_string(&broken).expect("reads"),
        "{\n  \"version\": 1,\n  oops\n}"
    );
}
