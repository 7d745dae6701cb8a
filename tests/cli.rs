//! The scriptable command line as scripts see it: the real binary, its stdout, stderr and
//! exit codes (`show`, `actors`, `check`, errors).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SEED: &str = "assets/statements/kz-mfa-2022-01-21-european-parliament.txt";

fn demarche(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(args)
        .env("DEMARCHE_DATA_DIR", dir.path().join("data"))
        .env("DEMARCHE_CONFIG", write(dir.path(), "empty.toml", b""))
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn show_json_has_the_contract_shape() {
    let v = json(&demarche(&["show", SEED, "--format", "json"], &[]));
    for key in [
        "id",
        "source",
        "format",
        "title",
        "issuer",
        "place",
        "date",
        "published",
        "paragraphs",
        "actors",
        "removed",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["source"], SEED);
    assert_eq!(v["format"], "text");
    assert_eq!(v["date"], "2022-01-21");
    assert_eq!(v["published"], "2023-06-05");
    assert_eq!(v["id"].as_str().unwrap().len(), 64);
    assert_eq!(v["actors"]["European Parliament"], 4);
    assert_eq!(v["actors"]["Ombudsperson"], 1);
    assert_eq!(v["actors"]["Ministry"], 3);
    let paragraphs = v["paragraphs"].as_array().unwrap();
    for (i, p) in paragraphs.iter().enumerate() {
        assert_eq!(p["index"], i + 1);
        let text = p["text"].as_str().unwrap();
        assert!(!text.contains('\n'), "a paragraph is one line");
        let chars: Vec<char> = text.chars().collect();
        for m in p["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(
                slice,
                m["text"].as_str().unwrap(),
                "mention offsets are chars into text"
            );
        }
    }
    // The contract's own example mention.
    let first = &paragraphs[0]["mentions"][0];
    assert_eq!(first["actor"], "Ministry");
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(0), Some(61))
    );
    let removed = v["removed"].as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|r| r["text"] == "Must read" && r["reason"] == "boilerplate" && r["line"] == 5)
    );
}

#[test]
fn show_text_is_plain_when_piped_and_under_no_color() {
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let out = demarche(&["show", SEED, "--width", "100"], env);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "no escape codes when piped");
        assert!(text.starts_with(
            "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan\n"
        ));
        assert!(text.contains("Actors:    European Parliament 4 · Ombudsperson 1 · Ministry 3"));
        assert!(
            text.contains("\n1  The Ministry of Foreign Affairs"),
            "{text}"
        );
        // Narrow: every line fits, header included.
        let narrow =
            String::from_utf8(demarche(&["show", SEED, "--width", "60"], env).stdout).unwrap();
        assert!(narrow.lines().all(|l| l.chars().count() <= 60), "{narrow}");
        assert!(
            narrow.contains("\n           Ministry 3 · Human Rights Council 1\n"),
            "{narrow}"
        );
    }
}

#[test]
fn actors_counts_per_statement_and_in_total() {
    let v = json(&demarche(
        &["actors", "assets/statements", "--format", "json"],
        &[],
    ));
    let statements = v["statements"].as_array().unwrap();
    assert!(statements.len() >= 13);
    for actor in ["European Parliament", "Ombudsperson", "Ministry"] {
        let sum: u64 = statements
            .iter()
            .map(|s| s["actors"][actor].as_u64().unwrap())
            .sum();
        assert_eq!(v["total"][actor].as_u64().unwrap(), sum, "{actor}");
    }
    let seed = statements
        .iter()
        .find(|s| {
            s["source"]
                .as_str()
                .unwrap()
                .ends_with("kz-mfa-2022-01-21-european-parliament.txt")
        })
        .unwrap();
    assert_eq!(seed["actors"]["European Parliament"], 4);
}

#[test]
fn check_tells_decoding_removed_and_hidden_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Statement of the Ministry\n\nThe Ministry said so.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(dir.path(), "a-utf16.txt", &utf16);
    write(
        dir.path(),
        "b-escapes.txt",
        b"Statement\n\nThe MFA said \x1b[2J\x1b]52;c;aGk=\x07 hello \xe2\x80\xae here.\n\nShare\n",
    );
    write(dir.path(), "c-lossy.txt", b"Caf\xe9 statement text.\n");
    let out = demarche(
        &["check", dir.path().to_str().unwrap(), "--format", "json"],
        &[],
    );
    let v = json(&out);
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["decoding"]["encoding"], "UTF-16LE");
    assert_eq!(files[0]["decoding"]["bom"], true);
    assert_eq!(files[1]["hidden"]["control"], 3);
    assert_eq!(files[1]["hidden"]["bidi"], 1);
    assert!(
        files[1]["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"] == "Share")
    );
    assert_eq!(files[2]["decoding"]["lossy"], true);
    assert!(!files[2]["warnings"].as_array().unwrap().is_empty());
    // The text report says the same in words.
    let text =
        String::from_utf8(demarche(&["check", dir.path().to_str().unwrap()], &[]).stdout).unwrap();
    assert!(text.contains("decoded:    UTF-16LE with BOM"), "{text}");
    assert!(
        text.contains("hidden:     4 (control 3, C1 0, bidi 1, invisible 0)"),
        "{text}"
    );
    assert!(text.contains("share           Share"), "{text}");
}

#[test]
fn hidden_characters_never_reach_the_output_raw() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "evil.txt", b"Short Title\n\nThe Parliament \x1b[31mred\x1b[0m and \xc2\x9b6n and \xe2\x80\xaeevil\xe2\x80\xac.\n");
    let out = demarche(&["show", f.to_str().unwrap(), "--format", "json"], &[]);
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!raw.contains('\u{1b}') && !raw.contains('\u{9b}') && !raw.contains('\u{202e}'));
    let v = json(&out);
    let text = v["paragraphs"][0]["text"].as_str().unwrap();
    assert!(text.contains("␛[31mred␛[0m"), "{text}");
    assert!(
        text.contains("⟨U+009B⟩6n") && text.contains("⟨U+202E⟩evil"),
        "{text}"
    );
    assert!(v["warnings"][0].as_str().unwrap().contains("placeholders"));
}

#[test]
fn a_binary_file_is_a_clear_error_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "scan.txt", b"%PDF-1.7\x00\x00\x01binary");
    let ok = write(dir.path(), "ok.txt", b"Statement\n\nText.\n");
    let out = demarche(&["check", f.to_str().unwrap(), ok.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("demarche: error: ") && err.contains("scan.txt") && err.contains("binary"),
        "{err}"
    );
    // The good file is still reported.
    assert!(String::from_utf8(out.stdout).unwrap().contains("ok.txt"));
    let out = demarche(&["show", f.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_files_bad_config_and_usage_errors() {
    let out = demarche(&["show", "no/such/file.txt"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));

    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "c.toml", b"[reader]\nmax_width = \"wide\"\n");
    let out = demarche(&["--config", cfg.to_str().unwrap(), "show", SEED], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.toml:2:13"), "{err}");

    let out = demarche(&["show", SEED, "--format", "yaml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = demarche(&["--version"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("demarche "));
}

#[test]
fn markdown_front_matter_error_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "bad.md",
        b"---\ntitle: Statement\ndate: 2022-13-45\n---\n\nText.\n",
    );
    let out = demarche(&["show", f.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.md:3:"), "{err}");
}

/// `show` in a terminal: actors coloured, unless `NO_COLOR` is set.
fn show_in_pty(no_color: bool) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(["show", SEED]);
    cmd.cwd(std::env::current_dir().unwrap());
    cmd.env("DEMARCHE_DATA_DIR", dir.path());
    cmd.env("DEMARCHE_CONFIG", write(dir.path(), "empty.toml", b""));
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    // Read while the child writes, so a full pty buffer can never block it.
    let collector = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let status = child.wait().unwrap();
    drop(pair.master);
    let out = collector.join().unwrap();
    assert!(status.success());
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn show_colours_actors_on_a_terminal_but_not_under_no_color() {
    let coloured = show_in_pty(false);
    // The gazetteer's colours: European Parliament blue (34), Ministry green (32).
    assert!(
        coloured.contains("\u{1b}[1;34mthe European Parliament\u{1b}[0m"),
        "{coloured:?}"
    );
    assert!(
        coloured.contains("\u{1b}[1;32mThe Ministry of Foreign Affairs"),
        "{coloured:?}"
    );
    let plain = show_in_pty(true);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert!(plain.contains("the European Parliament"));
}

#[test]
fn the_reader_without_a_terminal_is_a_clear_error() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg(SEED)
        .env("DEMARCHE_DATA_DIR", dir.path())
        .env("DEMARCHE_CONFIG", write(dir.path(), "empty.toml", b""))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Where a controlling terminal is reachable anyway, the reader would start: never wait
    // forever for it.
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break Some(st);
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let Some(status) = status else {
        eprintln!("a terminal was reachable: the reader started; nothing to check here");
        return;
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("demarche: error: cannot set up the terminal"),
        "{err}"
    );
    assert!(err.contains("demarche show"), "{err}");
}

/// Runs demarche with stdout a pipe that is closed after `lines` lines were read (0: before
/// anything was read), like `demarche ... | head -n lines`. Returns the exit code and stderr.
fn with_closed_pipe(args: &[&str], data: &Path, lines: usize) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(args)
        .env("DEMARCHE_DATA_DIR", data)
        .env_remove("DEMARCHE_CONFIG")
        .arg("--config")
        .arg(data.join("empty.toml"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..lines {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "{args:?}: output too short"
        );
    }
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    write(data, "empty.toml", b"");
    // A note long enough (~80 KB listed) that `notes` still has output to write when the
    // reader goes away: more than a pipe's buffer holds.
    let long: String = (1..=3000)
        .map(|i| format!("line {i} of a long note\n"))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["annotate", SEED, "--paragraph", "2", "--note", &long])
        .env("DEMARCHE_DATA_DIR", data)
        .arg("--config")
        .arg(data.join("empty.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let commands: [&[&str]; 14] = [
        &["show", SEED],
        &["show", SEED, "--format", "json"],
        &["search", "the", "assets/statements"],
        &["search", "the", "assets/statements", "--format", "json"],
        &["actors", "assets/statements"],
        &["actors", "assets/statements", "--format", "json"],
        &["check", "assets/statements"],
        &["check", "assets/statements", "--format", "json"],
        &["notes"],
        &["notes", "--format", "json"],
        &["export", "--format", "markdown"],
        &["export", "--format", "csv"],
        &["export", "--format", "json"],
        &["export", "--format", "w3c"],
    ];
    for args in commands {
        let (code, err) = with_closed_pipe(args, data, 0);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
    // `demarche notes | head -1`: the pipe closes in the middle of the output.
    for args in [&["notes"][..], &["notes", "--format", "json"][..]] {
        let (code, err) = with_closed_pipe(args, data, 1);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn show_on_a_folder_is_a_usage_error_that_says_what_to_run() {
    let out = demarche(&["show", "assets/statements"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("show takes one statement file"), "{err}");
    assert!(err.contains("'demarche assets/statements'"), "{err}");
    assert!(err.contains("'demarche check assets/statements'"), "{err}");
    assert!(err.contains("Usage: demarche show"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_config_file_that_was_named_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let missing = missing.to_str().unwrap();
    let out = demarche(&["--config", missing, "show", SEED], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("demarche: error: "), "{err}");
    assert!(err.contains(missing), "names the file: {err}");
    assert!(err.contains("--config"), "{err}");
    assert!(err.contains("create it"), "says what to do: {err}");
    assert!(out.stdout.is_empty());

    let out = demarche(&["show", SEED], &[("DEMARCHE_CONFIG", missing)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(missing) && err.contains("$DEMARCHE_CONFIG"),
        "{err}"
    );

    // An empty file is valid.
    let empty = write(dir.path(), "empty.toml", b"");
    let out = demarche(&["--config", empty.to_str().unwrap(), "show", SEED], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn search_gives_every_matching_paragraph_in_context() {
    let out = demarche(
        &[
            "search",
            "\"human rights defenders\"",
            "assets/statements",
            "--format",
            "json",
        ],
        &[],
    );
    let v = json(&out);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 3, "{v}");
    assert_eq!(v["total"].as_u64().unwrap() as usize, hits.len());
    for h in hits {
        assert!(
            h["match"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("human rights defenders")
        );
        assert!(h["paragraph"].as_u64().unwrap() >= 1);
        assert!(
            h["source"]
                .as_str()
                .unwrap()
                .starts_with("assets/statements/")
        );
    }
    // In library order, the same on every run (files are read in parallel).
    let again = json(&demarche(
        &[
            "search",
            "\"human rights defenders\"",
            "assets/statements",
            "--format",
            "json",
        ],
        &[],
    ));
    assert_eq!(v, again);
    let text = demarche(
        &["search", "detainees", "assets/statements"],
        &[("NO_COLOR", "1")],
    );
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("[detainees]"), "{shown}");
    assert!(
        shown.lines().last().unwrap().contains("match(es) in"),
        "{shown}"
    );
}

#[test]
fn a_search_query_that_cannot_be_read_is_a_usage_error() {
    let out = demarche(&["search", "\"human rights", "assets/statements"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("closing quote"), "{err}");
}
