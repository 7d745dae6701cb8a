//! Hostile files, hostile names, real filesystems (issue "nothing leaks to the terminal,
//! nothing hangs, nothing is clobbered"): one regression test per finding, through the real
//! binary. The reader's own findings (loading off the main thread, signals) are in the
//! pseudo-terminal tests.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const STATEMENT: &str = "Statement of the Ministry of Foreign Affairs\n\nAstana, 4 July 2022\n\n\
The Ministry of Foreign Affairs regrets the resolution adopted by the European Parliament.\n\n\
The Ministry remains open to dialogue with the European Parliament and the Ombudsperson.\n";

/// A file name that retitles a terminal, asks it for its attributes (so that it types the
/// answer into the shell) and writes the clipboard.
const HOSTILE_NAME: &str = "da-\x1b[c-\x1b]2;RETITLED\x07-\u{9d}52;c;aGk=\u{9c}-\u{202E}txt.txt";
const HOSTILE_NOTE: &str =
    "copy \x1b]52;c;ZWNobyBwd25lZA==\x07 now \u{9b}31m red \u{202E}desrever #tag\x1b[2J";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Self {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::write(env.path("config.toml"), "").expect("config");
        env
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_demarche"));
        c.args(args)
            .arg("--config")
            .arg(self.path("config.toml"))
            .arg("--data-dir")
            .arg(self.path("data"))
            .env_remove("DEMARCHE_DATA_DIR")
            .env_remove("DEMARCHE_CONFIG")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        run_bounded(self.cmd(args))
    }
}

/// Runs a command, failing the test if it has not finished in two minutes: a hang fails
/// instead of blocking the suite. (The bound is a safety net, not a speed assertion.)
fn run_bounded(mut cmd: Command) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    // The output is read while the command runs: a full pipe would block it.
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("command hung: {cmd:?}");
        }
    }
}

/// Bytes a terminal would act on, other than line breaks (`\n`, and `\r\n`, which ends CSV
/// records): ESC, C1 controls (as UTF-8), other C0 controls (a lone `\r` too), bidi and
/// other format characters.
fn acting_bytes(bytes: &[u8]) -> Vec<char> {
    // A CR that ends a CSV record with its LF overwrites nothing.
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
        })
        .collect()
}

fn assert_inert(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad = acting_bytes(bytes);
        assert!(
            bad.is_empty(),
            "{what} {stream} carries {bad:?}: {}",
            String::from_utf8_lossy(bytes)
        );
    }
}

fn file_type(p: &Path) -> String {
    let m = std::fs::symlink_metadata(p).expect("exists");
    let t = m.file_type();
    if t.is_symlink() {
        "link".into()
    } else if t.is_file() {
        "file".into()
    } else {
        "special".into()
    }
}

// Finding 1: `export --output` replaced devices, FIFOs and links by rename.
#[test]
fn export_output_never_replaces_a_device_fifo_link_or_folder() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), STATEMENT).expect("writes");
    let ok = env.run(&["annotate", "a.txt", "--paragraph", "1", "--note", "x"]);
    assert!(ok.status.success());
    let fifo = env.path("f");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    symlink("/proc/self/fd/1", env.path("o")).expect("link");
    std::fs::create_dir(env.path("folder")).expect("mkdir");
    // A character device like /dev/null, made in the temp folder; only root may do this.
    let node = env.path("n");
    let made_node = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let mut targets = vec![("f", "special"), ("o", "link"), ("folder", "special")];
    if made_node {
        targets.push(("n", "special"));
    }
    for (name, kind) in targets {
        let out = env.run(&["export", "a.txt", "--format", "csv", "--output", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains("regular file"), "{err}");
        let now = if name == "folder" {
            "special".to_owned()
        } else {
            file_type(&env.path(name))
        };
        assert_eq!(now, kind, "{name} was replaced");
    }
    // `-` is standard output; a regular file is written as before.
    let out = env.run(&["export", "a.txt", "--format", "csv", "--output", "-"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("x"));
    let out = env.run(&[
        "export",
        "a.txt",
        "--format",
        "csv",
        "--output",
        "brief.csv",
    ]);
    assert!(out.status.success());
    assert_eq!(file_type(&env.path("brief.csv")), "file");
}

// Finding 2: file names, note text, tags and config names reached stdout and stderr raw.
#[test]
fn hostile_names_and_notes_never_reach_the_output_raw() {
    let env = Env::new();
    std::fs::write(env.path(HOSTILE_NAME), STATEMENT).expect("writes");
    std::fs::write(
        env.path("config.toml"),
        "[[actors]]\nname = \"Evil\\u001b]2;T\\u0007 Actor\"\naliases = [\"dialogue\"]\n",
    )
    .expect("config");
    let add = env.run(&[
        "annotate",
        HOSTILE_NAME,
        "--paragraph",
        "1",
        "--note",
        HOSTILE_NOTE,
    ]);
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    for args in [
        vec!["check", "."],
        vec!["check", ".", "--format", "json"],
        vec!["actors", "."],
        vec!["actors", ".", "--format", "json"],
        vec!["show", HOSTILE_NAME],
        vec!["show", HOSTILE_NAME, "--format", "json"],
        vec!["notes"],
        vec!["notes", "--format", "json"],
        vec!["export", "--format", "markdown"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "w3c"],
        vec!["show", "missing-\x1b]2;X\x07.txt"],
    ] {
        let out = env.run(&args);
        assert_inert(&format!("{args:?}"), &out);
    }
    // The note is shown, inert, and the JSON still carries it exactly.
    let notes = env.run(&["notes"]);
    assert!(String::from_utf8_lossy(&notes.stdout).contains("␛]52;c;"));
    let json = env.run(&["notes", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v[0]["note"], HOSTILE_NOTE);
}

// Finding 3: a directory link loop, a FIFO, /dev/zero and an unreadable folder.
#[test]
fn real_filesystems_neither_hang_nor_fail_the_library() {
    let env = Env::new();
    let lib = env.path("lib");
    std::fs::create_dir_all(lib.join("a/b")).expect("mkdir");
    std::fs::write(lib.join("a/one.txt"), STATEMENT).expect("writes");
    symlink("..", lib.join("a/b/up")).expect("loop link");
    symlink(".", lib.join("self")).expect("self link");
    assert!(
        Command::new("mkfifo")
            .arg(lib.join("f.txt"))
            .status()
            .expect("mkfifo")
            .success()
    );
    symlink("/dev/zero", lib.join("z.txt")).expect("zero link");
    std::fs::create_dir(lib.join("locked")).expect("mkdir");
    std::fs::write(lib.join("locked/two.txt"), STATEMENT).expect("writes");
    let locked = lib.join("locked");
    let mut perms = std::fs::metadata(&locked).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    std::fs::set_permissions(&locked, perms).expect("chmod");
    // Root reads any folder: then the unreadable case cannot be made here.
    let really_locked = std::fs::read_dir(&locked).is_err();

    let out = env.run(&["check", "lib"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout.matches("one.txt").count(),
        1,
        "walked once: {stdout}"
    );
    for skipped in ["up", "self", "f.txt", "z.txt"] {
        assert!(stderr.contains(skipped), "{skipped} not reported: {stderr}");
    }
    if really_locked {
        assert!(
            stderr.contains("locked") && stderr.contains("cannot read"),
            "{stderr}"
        );
    }
    let out = env.run(&["actors", "lib", "--format", "json"]);
    assert!(out.status.success());
    // A FIFO or device named on the command line is refused with the reason, never read.
    for name in ["lib/f.txt", "lib/z.txt"] {
        let out = env.run(&["show", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    }
    let mut perms = std::fs::metadata(&locked).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&locked, perms).expect("chmod back");
}

// Finding 4: deeply nested HTML was quadratic in the parser.
#[test]
fn absurdly_nested_html_is_flattened_keeping_its_text() {
    let env = Env::new();
    let page = format!(
        "<html><body>{}<p>The Ministry of Foreign Affairs regrets the resolution.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(env.path("deep.html"), page).expect("writes");
    let out = env.run(&["show", "deep.html", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["paragraphs"][0]["text"],
        "The Ministry of Foreign Affairs regrets the resolution."
    );
    let warned = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| w.as_str().is_some_and(|w| w.contains("nested deeper")));
    assert!(warned, "{v}");
}

// Finding 5: copies counted as site chrome and took the title, dateline and first lines.
#[test]
fn copies_of_one_statement_are_not_site_chrome() {
    let env = Env::new();
    let lib = env.path("lib");
    std::fs::create_dir_all(&lib).expect("mkdir");
    // Three versions: identical, and one with a corrected last paragraph.
    std::fs::write(lib.join("v1.txt"), STATEMENT).expect("writes");
    std::fs::write(lib.join("v2.txt"), STATEMENT).expect("writes");
    let v3 = STATEMENT.replace("and the Ombudsperson", "and with the Ombudsperson");
    std::fs::write(lib.join("v3.txt"), v3).expect("writes");
    symlink(".", lib.join("self")).expect("self link");
    let file = lib.join("v1.txt");
    let file = file.to_str().expect("utf-8 path");
    for args in [
        vec!["check", "lib", "--format", "json"],
        vec!["check", file, file, file, "--format", "json"],
    ] {
        let out = env.run(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        for report in v.as_array().expect("reports") {
            let chrome: Vec<&serde_json::Value> = report["removed"]
                .as_array()
                .expect("removed")
                .iter()
                .filter(|r| r["reason"] == "site_chrome")
                .collect();
            assert!(chrome.is_empty(), "{args:?}: {chrome:?}");
            assert_eq!(
                report["title"], "Statement of the Ministry of Foreign Affairs",
                "{args:?}"
            );
            assert_eq!(report["date"], "2022-07-04");
        }
    }
}

// Finding 7: `show` was quadratic in paragraph length; the offsets must stay right.
#[test]
fn a_huge_paragraph_is_shown_whole_with_every_mention_coloured_in_place() {
    let env = Env::new();
    let sentence = "The European Parliament adopted a text on the Ministry again. ";
    let body = sentence.repeat(20_000);
    std::fs::write(env.path("long.txt"), format!("Long statement\n\n{body}\n")).expect("writes");
    let out = env.run(&["show", "long.txt", "--width", "70"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Every sentence of the paragraph is there (the header's legend names the actors too).
    assert_eq!(text.matches("Parliament adopted").count(), 20_000);
    assert_eq!(text.matches("Ministry again").count(), 20_000);
    assert!(
        text.contains("European Parliament 20000"),
        "the legend counts them all"
    );
}

// Finding 8: unclear or missing errors.
#[test]
fn reader_only_config_errors_name_the_file_and_place_for_every_command() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), STATEMENT).expect("writes");
    for (config, place, words) in [
        (
            "[reader]\nmax_width = 80\nsort = \"nope\"\n",
            ":3:8:",
            "sort",
        ),
        ("[colors]\naccent = \"purplish\"\n", ":2:10:", "purplish"),
        ("[keys]\nfly = [\"x\"]\n", ":2:7:", "unknown action"),
        ("[reader]\n# caf\u{e9}\n", ":2:6:", "UTF-8"),
    ] {
        let bytes: Vec<u8> = if words == "UTF-8" {
            // The same text with a Latin-1 é: not UTF-8.
            b"[reader]\n# caf\xE9\n".to_vec()
        } else {
            config.as_bytes().to_vec()
        };
        std::fs::write(env.path("config.toml"), bytes).expect("config");
        for cmd in [
            vec!["show", "a.txt"],
            vec!["check", "a.txt"],
            vec!["actors", "a.txt"],
        ] {
            let out = env.run(&cmd);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{cmd:?} {config}");
            assert!(
                err.contains(&format!("config.toml{place}")) && err.contains(words),
                "{cmd:?} {config}: {err}"
            );
        }
    }
}

#[test]
fn other_errors_name_the_file_and_use_the_right_exit_code() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), STATEMENT).expect("writes");
    // A front-matter error is printed once.
    std::fs::write(
        env.path("fm.md"),
        "---\ntitle: [unclosed\n---\nBody text.\n",
    )
    .expect("w");
    let out = env.run(&["show", "fm.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("fm.md:2:"), "{err}");
    assert_eq!(err.matches("unclosed").count(), 1, "{err}");
    // A data dir that is a regular file.
    std::fs::write(env.path("datafile"), "x").expect("w");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(["notes", "--data-dir"])
        .arg(env.path("datafile"))
        .arg("--config")
        .arg(env.path("config.toml"));
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
    // `check` on a folder with no statements says so.
    std::fs::create_dir(env.path("empty")).expect("mkdir");
    let out = env.run(&["check", "empty"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no statement files"));
}

#[test]
fn a_corrupt_notes_file_of_one_statement_does_not_fail_another() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), STATEMENT).expect("writes");
    std::fs::write(env.path("b.txt"), STATEMENT.replace("regrets", "welcomes")).expect("w");
    for f in ["a.txt", "b.txt"] {
        let out = env.run(&["annotate", f, "--paragraph", "1", "--note", "n"]);
        assert!(out.status.success());
    }
    // Break a's file (the store names it after the path's digest; find it by content).
    let notes = env.path("data/notes");
    let a_file = std::fs::read_dir(&notes)
        .expect("notes")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| t.contains("a.txt") && !t.contains("b.txt"))
        })
        .expect("a's notes file");
    std::fs::write(&a_file, "{ broken").expect("w");
    let b = env.run(&["notes", "b.txt"]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert!(String::from_utf8_lossy(&b.stderr).contains("warning"));
    let a = env.run(&["notes", "a.txt"]);
    assert_eq!(
        a.status.code(),
        Some(1),
        "a's own notes are missing: an error"
    );
    let all = env.run(&["notes"]);
    assert_eq!(all.status.code(), Some(1));
}

#[test]
fn text_with_a_few_nuls_is_read_and_mostly_binary_is_refused_with_why() {
    let env = Env::new();
    let mut bytes = b"Statement\n\nThe Ministry\0 regrets the resolution.\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 100));
    std::fs::write(env.path("nul.txt"), &bytes).expect("w");
    let out = env.run(&["show", "nul.txt", "--format", "json"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ministry␀"));
    let mut binary = vec![0u8; 600];
    binary.extend(b"%PDF");
    std::fs::write(env.path("scan.txt"), &binary).expect("w");
    let out = env.run(&["show", "scan.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("binary") && err.contains('%'), "{err}");
    // UTF-16 without a BOM and UTF-32 with one are decoded, not called binary.
    let utf16: Vec<u8> = STATEMENT
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(env.path("u16.txt"), utf16).expect("w");
    let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain(STATEMENT.chars().flat_map(|c| u32::from(c).to_le_bytes()))
        .collect();
    std::fs::write(env.path("u32.txt"), utf32).expect("w");
    for f in ["u16.txt", "u32.txt"] {
        let out = env.run(&["show", f, "--format", "json"]);
        assert!(out.status.success(), "{f}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            v["title"], "Statement of the Ministry of Foreign Affairs",
            "{f}"
        );
    }
}

#[test]
fn the_notes_store_follows_no_link_in_its_folder() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), STATEMENT).expect("writes");
    let notes = env.path("data/notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    // A lock file linked out of the data dir must not create its target.
    let outside = env.path("outside-target");
    symlink(&outside, notes.join(".lock")).expect("link");
    let out = env.run(&["annotate", "a.txt", "--paragraph", "1", "--note", "n"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lock file"));
    assert!(
        !outside.exists(),
        "the lock created a file outside the data dir"
    );
    std::fs::remove_file(notes.join(".lock")).expect("rm");

    // A notes file that is a link is neither followed into a write nor replaced.
    let out = env.run(&["annotate", "a.txt", "--paragraph", "1", "--note", "n"]);
    assert!(out.status.success());
    let file = std::fs::read_dir(&notes)
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("notes file");
    let real = env.path("elsewhere.json");
    std::fs::rename(&file, &real).expect("mv");
    symlink(&real, &file).expect("link");
    let out = env.run(&["annotate", "a.txt", "--paragraph", "2", "--note", "m"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(file_type(&file), "link", "the link was replaced");
}

/// Runs a command in a pseudo-terminal (so `show` colours and nothing is piped) and returns
/// every byte it wrote to the terminal.
fn pty_bytes(env: &Env, args: &[&str]) -> Vec<u8> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read as _;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(args);
    cmd.arg("--config");
    cmd.arg(env.path("config.toml"));
    cmd.arg("--data-dir");
    cmd.arg(env.path("data"));
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("DEMARCHE_DATA_DIR");
    cmd.env_remove("DEMARCHE_CONFIG");
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(env.dir.path());
    let mut child = pair.slave.spawn_command(cmd).expect("spawns");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = Vec::new();
        // Ends with an error (EIO) once the command has exited and the pty is drained.
        let _ = reader.read_to_end(&mut all);
        let _ = tx.send(all);
    });
    let status = child.wait().expect("waits");
    drop(pair.master);
    let bytes = rx.recv_timeout(Duration::from_secs(60)).expect("output");
    assert!(status.success() || !args.is_empty(), "{args:?}");
    bytes
}

/// Every escape sequence in `bytes` is one of our colour sequences (`ESC [ digits ; m`), and
/// no C1 control, OSC, DCS, APC, PM or SOS is there.
fn only_our_colours(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|c| ('\u{80}'..='\u{9F}').contains(c)) {
        return Err(format!("C1 control {c:?}"));
    }
    let mut rest = text.as_ref();
    while let Some(i) = rest.find('\x1b') {
        let seq = rest.get(i + 1..).unwrap_or_default();
        let body = seq
            .strip_prefix('[')
            .ok_or_else(|| format!("non-CSI escape at {seq:.20?}"))?;
        let end = body
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .ok_or("unterminated CSI")?;
        if body.get(end..end + 1) != Some("m") {
            return Err(format!("CSI other than colour: {body:.20?}"));
        }
        rest = body.get(end + 1..).unwrap_or_default();
    }
    Ok(())
}

#[test]
fn on_a_terminal_no_escape_from_a_name_or_note_reaches_the_byte_stream() {
    let env = Env::new();
    std::fs::write(env.path(HOSTILE_NAME), STATEMENT).expect("writes");
    let add = env.run(&[
        "annotate",
        HOSTILE_NAME,
        "--paragraph",
        "1",
        "--note",
        HOSTILE_NOTE,
    ]);
    assert!(add.status.success());
    for args in [
        vec!["check", "."],
        vec!["notes"],
        vec!["show", HOSTILE_NAME],
        vec!["export", "--format", "markdown"],
        vec!["show", "missing-\x1b]2;X\x07.txt"],
    ] {
        let bytes = pty_bytes(&env, &args);
        assert!(!bytes.is_empty(), "{args:?} printed nothing");
        if let Err(why) = only_our_colours(&bytes) {
            panic!("{args:?}: {why}: {}", String::from_utf8_lossy(&bytes));
        }
    }
    // The checker itself catches what it must.
    for bad in [
        &b"\x1b]2;x\x07"[..],
        b"\x1bP$q\x1b\\",
        b"\x1b[2J",
        b"\xc2\x9d52;",
        b"\x1b_x",
    ] {
        assert!(only_our_colours(bad).is_err(), "{bad:?}");
    }
    assert!(only_our_colours(b"\x1b[1;31mred\x1b[0m").is_ok());
    // The control: `show` on a terminal does colour (so the check above saw real output).
    let shown = pty_bytes(&env, &["show", HOSTILE_NAME]);
    assert!(
        String::from_utf8_lossy(&shown).contains("\x1b["),
        "no colour on a terminal"
    );
}
