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
        std::fs::write(env.dir.path().join("empty.toml"), "").expect("writes config");
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
            .arg(self.dir.path().join("empty.toml"))
            .arg("--data-dir")
            .arg(self.data())
            .env_remove("DEMARCHE_DATA_DIR")
            .env_remove("DEMARCHE_CONFIG")
            .current_dir(self.dir.path())
            .output()
            .expect("runs demarche")
    }

    /// Runs demarche with `input` on its standard input.
    fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_demarche"))
            .args(args)
            .arg("--config")
            .arg(self.dir.path().join("empty.toml"))
            .arg("--data-dir")
            .arg(self.data())
            .env_remove("DEMARCHE_DATA_DIR")
            .env_remove("DEMARCHE_CONFIG")
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs demarche");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(input.as_bytes()).expect("writes stdin");
        drop(stdin);
        child.wait_with_output().expect("waits")
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

fn stdout_line(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(text.lines().count(), 1, "one confirmation line: {text}");
    text.trim_end().to_owned()
}

fn assert_error(out: &Output, expected: &[&str]) {
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("demarche: error: "), "{err}");
    for part in expected {
        assert!(err.contains(part), "lacks {part:?}: {err}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn a_note_can_come_from_standard_input() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &[
            "annotate",
            "statement.txt",
            "--paragraph",
            "2",
            "--note",
            "-",
        ],
        "Adopted before the findings #timing\nSecond line, \"quoted\"\n",
    );
    let id = stdout_line(&out);
    let notes = env.notes_json(&[]);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["id"], id.as_str());
    assert_eq!(
        notes[0]["note"], "Adopted before the findings #timing\nSecond line, \"quoted\"",
        "the text as sent, without the final line break"
    );
    assert_eq!(notes[0]["tags"], serde_json::json!(["timing"]));

    let out = env.run_with_stdin(&["edit-note", &id, "--note", "-"], "Rewritten #rebuttal\n");
    stdout_line(&out);
    let notes = env.notes_json(&[]);
    assert_eq!(notes[0]["note"], "Rewritten #rebuttal");
    assert_eq!(notes[0]["tags"], serde_json::json!(["rebuttal"]));
}

#[test]
fn a_blank_note_is_refused_before_anything_is_written() {
    let env = Env::new();
    for blank in ["", "   ", " \n\t "] {
        let out = env.run(&[
            "annotate",
            "statement.txt",
            "--paragraph",
            "1",
            "--note",
            blank,
        ]);
        assert_error(&out, &["note", "empty", "--note"]);
        let out = env.run_with_stdin(
            &[
                "annotate",
                "statement.txt",
                "--paragraph",
                "1",
                "--note",
                "-",
            ],
            blank,
        );
        assert_error(&out, &["standard input", "empty"]);
    }
    assert!(
        !env.data().exists(),
        "nothing was created: {:?}",
        env.data()
    );

    let id = env.annotate("1", "kept #as-is");
    let out = env.run(&["edit-note", &id, "--note", " \n "]);
    assert_error(&out, &["empty"]);
    let out = env.run_with_stdin(&["edit-note", &id, "--note", "-"], "\n\n");
    assert_error(&out, &["standard input", "empty"]);
    assert_eq!(env.notes_json(&[])[0]["note"], "kept #as-is", "unchanged");
}

#[test]
fn notes_are_edited_and_deleted_by_full_bare_or_prefix_id() {
    let env = Env::new();
    let first = env.annotate("2", "First #timing");
    let second = env.annotate("3", "Second");
    let bare = first.strip_prefix("urn:uuid:").expect("urn:uuid: id");
    let prefix = &bare[..8];

    let line = stdout_line(&env.run(&["edit-note", prefix, "--note", "Edited #rebuttal #eu"]));
    assert!(line.starts_with(&format!("edited {first}")), "{line}");
    assert!(line.contains("#rebuttal #eu"), "{line}");
    let notes = env.notes_json(&[]);
    let edited = notes
        .iter()
        .find(|n| n["id"] == first.as_str())
        .expect("kept");
    assert_eq!(edited["note"], "Edited #rebuttal #eu");
    assert_eq!(edited["tags"], serde_json::json!(["rebuttal", "eu"]));
    assert_eq!(edited["paragraph"], 2, "still on its paragraph");

    // Upper case and hyphens typed or not: the same note.
    let upper = bare.to_uppercase();
    let line = stdout_line(&env.run(&["edit-note", &upper, "--note", "Again"]));
    assert!(line.starts_with(&format!("edited {first}")), "{line}");

    let line = stdout_line(&env.run(&["delete-note", bare]));
    assert!(line.starts_with(&format!("deleted {first}")), "{line}");
    assert!(line.contains("\"Again\""), "says what was deleted: {line}");
    let ids: Vec<Value> = env
        .notes_json(&[])
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    assert_eq!(ids, vec![Value::from(second.as_str())]);

    let line = stdout_line(&env.run(&["delete-note", &second]));
    assert!(line.starts_with(&format!("deleted {second}")), "{line}");
    assert!(env.notes_json(&[]).is_empty());
}

#[test]
fn unknown_and_malformed_note_ids_are_clear_errors() {
    let env = Env::new();
    let id = env.annotate("1", "stays");
    let notes_dir = env.data().join("notes");
    let unknown = "00000000-0000-4000-8000-000000000000";
    let out = env.run(&["delete-note", unknown]);
    assert_error(
        &out,
        &[unknown, "demarche notes", &notes_dir.display().to_string()],
    );
    let out = env.run(&["edit-note", "deadbeef", "--note", "x"]);
    assert_error(&out, &["deadbeef", "demarche notes"]);
    for malformed in ["1234567", "not-an-id"] {
        let out = env.run(&["delete-note", malformed]);
        assert_error(&out, &[malformed, "at least 8 hex digits"]);
    }
    assert_eq!(env.notes_json(&[])[0]["id"], id.as_str(), "nothing deleted");
}

#[test]
fn review_marks_and_clears_a_paragraph() {
    use demarche::model::ingest::{Context, ingest_file};
    use demarche::store::{NoteStore, key_path};
    let env = Env::new();
    let reviewed = || {
        let st = ingest_file(&env.statement(), &Context::default()).expect("ingests");
        let rel = key_path(&env.statement());
        NoteStore::open(&env.data())
            .expect("opens")
            .reviewed_for(&st, &rel)
    };
    let line = stdout_line(&env.run(&["review", "statement.txt", "--paragraph", "2"]));
    assert_eq!(line, "marked paragraph 2 of statement.txt reviewed");
    assert_eq!(reviewed(), vec![2]);
    let line = stdout_line(&env.run(&["review", "statement.txt", "-p", "3"]));
    assert!(line.contains("paragraph 3"), "{line}");
    assert_eq!(reviewed(), vec![2, 3]);
    let line = stdout_line(&env.run(&["review", "statement.txt", "-p", "2", "--clear"]));
    assert_eq!(
        line,
        "cleared the review mark of paragraph 2 of statement.txt"
    );
    assert_eq!(reviewed(), vec![3]);
    let out = env.run(&["review", "statement.txt", "-p", "4"]);
    assert_error(&out, &["statement.txt", "paragraph 4", "1 to 3"]);
    assert_eq!(reviewed(), vec![3]);
}

/// A statement with a title, an issuer, a place and a date, and a paragraph longer than a
/// stored quote.
fn dated_statement(with_opening: bool) -> String {
    let long = "The Ministry recalls that the investigation is ongoing and that its findings \
                will be published in full. "
        .repeat(7);
    format!(
        "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan\n\
         Nur-Sultan 21 January 2022\n\n{}\
         We find it unacceptable that the document was adopted before the official findings.\n\n\
         The Human Rights Ombudsperson was not contacted by the authors of the resolution.\n\n\
         {}\n",
        if with_opening {
            "The Ministry of Foreign Affairs regrets the resolution of the European Parliament.\n\n"
        } else {
            ""
        },
        long.trim_end()
    )
}

const TITLE: &str = "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan";
const ISSUER: &str = "Ministry of Foreign Affairs of the Republic of Kazakhstan";

/// Exports `mfa.txt` (or, without it, every note) in a format, to stdout.
fn export_stdout(env: &Env, format: &str, with_path: bool) -> String {
    let mut args = vec!["export", "--format", format];
    if with_path {
        args.push("mfa.txt");
    }
    let out = env.run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The rows of a CSV export as header → value maps (fields without line breaks).
fn csv_rows(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = csv.split("\r\n").filter(|l| !l.is_empty());
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|line| {
            let fields = split_csv(line);
            assert_eq!(fields.len(), header.len(), "{line}");
            header.iter().cloned().zip(fields).collect()
        })
        .collect()
}

/// Splits one CSV record (RFC 4180 quoting, no line breaks inside fields).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("field").push(c),
        }
    }
    fields
}

#[test]
fn every_export_format_carries_metadata_paragraph_review_and_anchor() {
    let env = Env::new();
    let file = env.dir.path().join("mfa.txt");
    std::fs::write(&file, dated_statement(true)).expect("writes");
    let run_ok = |args: &[&str]| stdout_line(&env.run(args));
    let findings = run_ok(&[
        "annotate",
        "mfa.txt",
        "-p",
        "2",
        "--note",
        "Too early #timing",
    ]);
    let contact = run_ok(&["annotate", "mfa.txt", "-p", "3", "--note", "Not contacted"]);
    run_ok(&["annotate", "mfa.txt", "-p", "4", "--note", "Long one"]);
    run_ok(&["review", "mfa.txt", "-p", "2"]);
    // The opening paragraph goes: the notes and the review mark move up by one.
    std::fs::write(&file, dated_statement(false)).expect("edits");

    // JSON: the contract's fields, plus the statement's metadata and the review state.
    let json: Value = serde_json::from_str(&export_stdout(&env, "json", true)).expect("json");
    let by_id = |id: &str| -> Value {
        json.as_array()
            .expect("array")
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} exported"))
    };
    let f = by_id(&findings);
    for key in [
        "id",
        "source",
        "statement",
        "paragraph",
        "quote",
        "note",
        "tags",
        "created",
        "updated",
        "anchor",
    ] {
        assert!(f.get(key).is_some(), "contract field {key} kept");
    }
    assert_eq!(f["title"], TITLE);
    assert_eq!(f["issuer"], ISSUER);
    assert_eq!(f["date"], "2022-01-21");
    assert_eq!(f["place"], "Nur-Sultan");
    assert_eq!(f["source"], "mfa.txt");
    assert_eq!(f["paragraph"], 1);
    assert_eq!(f["anchor"], "moved");
    assert_eq!(
        f["reviewed"], true,
        "the review mark moved with its paragraph"
    );
    let c = by_id(&contact);
    assert_eq!(
        (c["paragraph"].clone(), c["reviewed"].clone()),
        (2.into(), false.into())
    );
    // `notes --format json` gives the same objects.
    let listed = env.notes_json(&["mfa.txt"]);
    assert!(
        listed
            .iter()
            .any(|n| n["id"] == findings.as_str() && n["reviewed"] == true)
    );

    // CSV: the same, in named columns.
    let rows = csv_rows(&export_stdout(&env, "csv", true));
    let row = rows.iter().find(|r| r["id"] == findings).expect("row");
    for (column, value) in [
        ("title", TITLE),
        ("issuer", ISSUER),
        ("date", "2022-01-21"),
        ("place", "Nur-Sultan"),
        ("source", "mfa.txt"),
        ("paragraph", "1"),
        ("reviewed", "true"),
        ("anchor", "moved"),
    ] {
        assert_eq!(row[column], value, "csv column {column}");
    }
    let row = rows.iter().find(|r| r["id"] == contact).expect("row");
    assert_eq!(row["reviewed"], "false");

    // Markdown: metadata under the title, review state per paragraph, anchor per note.
    let md = export_stdout(&env, "markdown", true);
    for line in [
        &format!("## {TITLE}"),
        &format!("- Issuer: {ISSUER}"),
        "- Place: Nur-Sultan",
        "- Date: 2022-01-21",
        "- Source: `mfa.txt`",
        "### ¶ 1 (reviewed)",
        "### ¶ 2 (not reviewed)",
        "- Too early #timing — tags: `#timing` _(anchor: moved)_",
    ] {
        assert!(md.lines().any(|l| l == line), "lacks {line:?}:\n{md}");
    }

    // W3C: on the target, Dublin Core metadata, the paragraph, review and anchor states.
    let w3c: Value = serde_json::from_str(&export_stdout(&env, "w3c", true)).expect("json");
    let anno = w3c["first"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["id"] == findings.as_str())
        .expect("annotation");
    let target = &anno["target"];
    assert_eq!(target["dcterms:title"], TITLE);
    assert_eq!(target["dcterms:creator"], ISSUER);
    assert_eq!(target["dcterms:date"], "2022-01-21");
    assert_eq!(target["dcterms:spatial"], "Nur-Sultan");
    assert_eq!(target["dcterms:source"], "mfa.txt");
    assert_eq!(target["schema:position"], 1);
    assert_eq!(target["demarche:reviewed"], true);
    assert_eq!(target["demarche:anchor"], "moved");
    assert_eq!(anno["@context"][0], "http://www.w3.org/ns/anno.jsonld");
}

#[test]
fn without_the_statement_file_exports_use_what_was_stored() {
    let env = Env::new();
    let file = env.dir.path().join("mfa.txt");
    let text = dated_statement(true);
    std::fs::write(&file, &text).expect("writes");
    let findings = stdout_line(&env.run(&["annotate", "mfa.txt", "-p", "2", "--note", "Early"]));
    stdout_line(&env.run(&["annotate", "mfa.txt", "-p", "4", "--note", "Long one"]));
    stdout_line(&env.run(&["review", "mfa.txt", "-p", "2"]));
    std::fs::remove_file(&file).expect("removes");

    let json: Value = serde_json::from_str(&export_stdout(&env, "json", false)).expect("json");
    let f = json
        .as_array()
        .expect("array")
        .iter()
        .find(|n| n["id"] == findings.as_str())
        .expect("exported");
    assert_eq!(f["paragraph"], 2, "where it was last anchored");
    assert_eq!(f["reviewed"], true, "from the stored review mark");
    assert_eq!(f["title"], TITLE, "stored with the notes");
    assert_eq!(f["date"], "2022-01-21");
    assert_eq!(f["issuer"], Value::Null, "unknown without the file");

    // The long paragraph's stored quote is cut: Markdown ends it at a whole word.
    let md = export_stdout(&env, "markdown", false);
    assert!(md.contains("- Issuer: unknown"), "{md}");
    let long = text
        .split("\n\n")
        .find(|p| p.starts_with("The Ministry recalls"))
        .expect("long paragraph");
    let quote = md
        .lines()
        .filter_map(|l| l.strip_prefix("> "))
        .find(|q| q.starts_with("The Ministry recalls"))
        .expect("quoted");
    let cut = quote.strip_suffix('…').expect("ends with an ellipsis");
    assert!(long.starts_with(cut), "{cut}");
    let next = long[cut.len()..].chars().next().expect("cut short");
    assert!(!next.is_alphanumeric(), "cut mid-word: {quote}");
    assert!(
        cut.chars().count() > 400,
        "most of the stored quote kept: {quote}"
    );
}

#[test]
fn export_filters_follow_the_list_filter_rules() {
    let env = Env::new();
    // ¶1 names the Ministry, ¶2 the European Parliament, ¶3 the European Union (no actor).
    env.annotate("1", "Opening #timing #eu");
    env.annotate("2", "Early #timing");
    env.annotate("3", "Dialogue #eu");
    let paragraphs = |extra: &[&str]| -> Vec<u64> {
        let out: Value = serde_json::from_str(&export(&env, "json", extra)).expect("json");
        let mut found: Vec<u64> = out
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|n| n["paragraph"].as_u64())
            .collect();
        found.sort_unstable();
        found
    };
    assert_eq!(paragraphs(&["--actor", "european-parliament"]), vec![2]);
    assert_eq!(paragraphs(&["--actor", "PARL"]), vec![2], "start of a word");
    assert_eq!(paragraphs(&["--actor", "min"]), vec![1]);
    assert_eq!(
        paragraphs(&["--actor", "min", "--actor", "parl"]),
        Vec::<u64>::new(),
        "repeated filters must all match"
    );
    assert_eq!(paragraphs(&["--tag", "timing"]), vec![1, 2]);
    assert_eq!(paragraphs(&["--tag", "timing", "--tag", "#EU"]), vec![1]);
    assert_eq!(
        paragraphs(&["--tag", "tim"]),
        Vec::<u64>::new(),
        "whole tags"
    );
    assert_eq!(paragraphs(&["--actor", "ministry", "--tag", "eu"]), vec![1]);
}

#[test]
fn an_unknown_actor_is_an_error_listing_the_known_actors() {
    let env = Env::new();
    env.annotate("2", "Early");
    let out = env.run(&["export", "--format", "json", "--actor", "liament"]);
    assert_error(
        &out,
        &[
            "'liament'",
            "European Parliament",
            "Ombudsperson",
            "Ministry",
            "[[actors]]",
        ],
    );
    // An actor added in the config is known.
    let config = env.dir.path().join("senate.toml");
    std::fs::write(
        &config,
        "[[actors]]\nname = \"Arvenian Senate\"\naliases = [\"Senate of Arvenia\"]\n",
    )
    .expect("writes config");
    let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["export", "--format", "json", "--actor", "arvenian-senate"])
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(env.data())
        .env_remove("DEMARCHE_CONFIG")
        .current_dir(env.dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.run(&["export", "--format", "json", "--actor", "arvenian-senate"]);
    assert_error(&out, &["'arvenian-senate'", "European Parliament"]);
}
