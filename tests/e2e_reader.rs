//! End to end: the real binary in a pseudo-terminal, driven by keys as a person would type
//! them, with the screen read back through a vt100 parser. Every wait polls the screen
//! until the expected text appears (or a generous timeout fails the test with the screen).
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(30);

const MFA: &str = "Statement of the Ministry of Foreign Affairs of the Republic of Kazakhstan
Nur-Sultan, 21 January 2022

The Ministry of Foreign Affairs of the Republic of Kazakhstan believes that the
resolution adopted by the European Parliament on 20 January 2022 is biased.

We find it unacceptable that a document of this nature has been adopted before
the publication of the findings of the official investigation.

Neither members of the European Parliament nor any of the Parliament's political
groups had requested any clarification from Kazakh officials.

The Human Rights Ombudsperson of the Republic of Kazakhstan also informed us that
the authors of the resolution did not contact them.
";

const OMBUDS: &str = "Statement of the Human Rights Ombudsperson
Astana, 3 February 2022

The Ombudsperson welcomes the dialogue between the Ministry and civil society.

The Ombudsperson will publish a report on the January events.
";

const EP: &str = "European Parliament resolution on Kazakhstan
Strasbourg, 20 January 2022

The European Parliament calls for an independent investigation into the events.

MEPs ask the authorities to release peaceful protesters.
";

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Kept alive (and shared with later sessions) until the last one ends.
    _dir: Arc<tempfile::TempDir>,
}

impl Drop for Session {
    /// A failed test must not leave a reader running.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

fn write_library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("library");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(lib.join("mfa-2022-01-21.txt"), MFA).unwrap();
    std::fs::write(lib.join("ombudsperson-2022-02-03.txt"), OMBUDS).unwrap();
    std::fs::write(lib.join("ep-2022-01-20.txt"), EP).unwrap();
    lib
}

impl Session {
    fn start(cols: u16, rows: u16, config: &str) -> Self {
        Self::start_in(
            Arc::new(tempfile::tempdir().unwrap()),
            cols,
            rows,
            config,
            &[],
        )
    }

    /// Starts the reader with `dir` as its home (library, config, `--data-dir dir/data`),
    /// so that a second session can reopen the same notes; `env` is added to its environment.
    fn start_in(
        dir: Arc<tempfile::TempDir>,
        cols: u16,
        rows: u16,
        config: &str,
        env: &[(&str, &Path)],
    ) -> Self {
        let lib = write_library(dir.path());
        Self::start_on(dir, (cols, rows), config, env, &[lib])
    }

    /// Starts the reader on `paths` (files or folders), with `dir` as its home.
    fn start_on(
        dir: Arc<tempfile::TempDir>,
        (cols, rows): (u16, u16),
        config: &str,
        env: &[(&str, &Path)],
        paths: &[std::path::PathBuf],
    ) -> Self {
        let cfg = dir.path().join("config.toml");
        std::fs::write(&cfg, config).unwrap();
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
        cmd.arg("--data-dir");
        cmd.arg(dir.path().join("data"));
        cmd.arg("--config");
        cmd.arg(&cfg);
        for p in paths {
            cmd.arg(p);
        }
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("VISUAL");
        cmd.env_remove("EDITOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(dir.path());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Self {
            parser,
            writer,
            child,
            master: pair.master,
            _dir: dir,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types each char as its own key press.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits for `text` at most `limit`; returns the screen and how long it took.
    fn wait_within(&self, text: &str, limit: Duration) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return (s, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "{text:?} did not show within {limit:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master.resize(size(cols, rows)).unwrap();
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the reader did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn alternate_screen(&self) -> bool {
        // Give the reader thread a moment to process the last bytes: poll, don't assume.
        let start = Instant::now();
        loop {
            let alt = self.parser.lock().unwrap().screen().alternate_screen();
            if !alt || start.elapsed() > Duration::from_secs(5) {
                return alt;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_person_reads_searches_filters_resizes_and_quits() {
    let mut s = Session::start(110, 30, "");
    s.wait_for("Statements 3");
    s.wait_for("LIST");

    // Open the selected statement: the reader takes the focus.
    s.send("\r");
    s.wait_for("READER");
    // Statements load in the background: wait for the text.
    s.wait_for("¶ 1/");

    // Move by paragraph.
    s.send("j");
    s.wait_for("¶ 2/");
    s.send("k");
    s.wait_for("¶ 1/");

    // Open the MFA statement (whatever its place in the list) through the filter.
    s.send("\t\t"); // reader → notes → list
    s.wait_for("LIST");
    s.send("f");
    s.wait_for("filter (words, @actor, #tag):");
    s.type_text("mfa");
    s.wait_for("1/3");
    s.send("\r");
    s.wait_for("1 statement matches");
    s.send("f");
    s.wait_for("filter (words");
    s.send("\x15"); // Ctrl-u clears the prompt
    s.type_text("@ombuds");
    s.wait_for("2/3");
    s.type_text(" mfa");
    s.wait_for("1/3");
    s.send("\r");
    s.send("\r");
    s.wait_for("READER");
    s.wait_for("The Ministry of Foreign Affairs");

    // Search, with n stepping through the matches.
    s.send("/");
    s.wait_for("search:");
    s.type_text("parliament");
    s.send("\r");
    s.wait_for("3 matches for “parliament”");
    s.send("n");
    s.wait_for("match 2/3");
    s.send("N");
    s.wait_for("match 1/3");

    // Help, closed with Esc.
    s.send("?");
    s.wait_for("focus the next pane");
    s.send("\x1b");
    s.wait_gone("focus the next pane");

    // Resize down to a single cell and back: no crash, same place.
    s.send("g");
    s.wait_for("¶ 1/");
    s.send("j");
    s.wait_for("¶ 2/");
    s.resize(30, 4);
    s.wait_for("terminal too small");
    s.resize(1, 1);
    s.resize(12, 3);
    s.resize(110, 30);
    let screen = s.wait_for("¶ 2/");
    assert!(screen.contains("READER"), "{screen}");

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen(), "the alternate screen was left");
}

#[test]
fn ctrl_c_quits_cleanly() {
    let mut s = Session::start(90, 24, "");
    s.wait_for("Statements 3");
    s.send("\x03");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
}

/// A signal (the window manager's SIGTERM, a hang-up) ends the reader with the terminal
/// restored.
fn signal_restores_the_terminal(signal: &str) {
    let mut s = Session::start(90, 24, "");
    s.wait_for("Statements 3");
    let pid = s.child.process_id().expect("child pid");
    let st = std::process::Command::new("kill")
        .arg(signal)
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(st.success());
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("-TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("-HUP");
}

/// A closed terminal window: every master side of the pty is gone. The reader must end
/// (crossterm's poll can spin on a dead tty; a watchdog ends the process).
#[test]
fn closing_the_terminal_ends_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let lib = write_library(dir.path());
    let pair = native_pty_system().openpty(size(80, 24)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.arg("--data-dir");
    cmd.arg(dir.path().join("data"));
    cmd.arg(&lib);
    cmd.env("NO_COLOR", "1");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // Let it start and draw (nobody reads: the output just fills the pty buffer).
    std::thread::sleep(Duration::from_millis(800));
    drop(pair.master);
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("the reader kept running after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn remapped_keys_work_and_show_in_help() {
    let mut s = Session::start(
        110,
        40,
        "[keys]\nquit = [\"ctrl-q\"]\nnext = [\"ctrl-n\", \"down\"]\n",
    );
    s.wait_for("Statements 3");
    s.send("?");
    // The frame may arrive in pieces: wait for the remapped line itself.
    let screen = s.wait_for("Ctrl-n / ↓");
    assert!(screen.contains("Ctrl-q"), "{screen}");
    s.send("\x1b");
    s.wait_gone("Ctrl-q");
    s.send("q");
    s.send("\x11"); // Ctrl-q
    assert!(s.wait_exit().success());
}

#[test]
fn bad_key_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let lib = write_library(dir.path());
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[keys]\njump = [\"j\"]\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--config")
        .arg(&cfg)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg(&lib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("demarche: error: ")
            && err.contains("config.toml:2:8: config [keys]: unknown action `jump`"),
        "{err}"
    );
    assert!(err.contains("next_mention"), "lists the valid names: {err}");
    std::fs::write(&cfg, "[keys]\nquit = [\"ctrl-\"]\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--config")
        .arg(&cfg)
        .arg(&lib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read key `ctrl-`"), "{err}");
}

/// Opens the MFA statement through the filter and moves to paragraph 2.
fn open_mfa_at_2(s: &mut Session) {
    s.wait_for("Statements 3");
    s.send("f");
    s.wait_for("filter (words");
    s.type_text("mfa");
    s.wait_for("1/3");
    s.send("\r");
    s.wait_for("1 statement matches");
    s.send("\r");
    s.wait_for("READER");
    // Statements load in the background: keys act once the text is there.
    s.wait_for("¶ 1/");
    s.send("j");
    s.wait_for("¶ 2/");
}

#[test]
fn a_note_written_in_the_reader_is_there_next_time() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", &[]);
    open_mfa_at_2(&mut s);
    s.send("a");
    s.wait_for("New note on ¶2");
    s.type_text("Adopted too early #timing");
    s.send("\r");
    s.wait_for("note saved");
    let screen = s.wait_for("• Adopted too early #timing");
    assert!(screen.contains("On ¶2"), "{screen}");
    assert!(screen.contains("2✎"), "gutter marker: {screen}");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());

    // Again, same data directory: the note is beside paragraph 2.
    let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", &[]);
    open_mfa_at_2(&mut s);
    let screen = s.wait_for("• Adopted too early #timing");
    assert!(screen.contains("On ¶2"), "{screen}");
    assert!(screen.contains("2✎"), "gutter marker: {screen}");
    assert!(screen.contains("saved"), "{screen}");

    // `E` with an editor that appends to the file: the edited text shows and is saved.
    s.send("q");
    assert!(s.wait_exit().success());
    let script = dir.path().join("append.sh");
    std::fs::write(&script, "#!/bin/sh\nprintf ' and biased' >> \"$1\"\n").unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", &[("EDITOR", &script)]);
    open_mfa_at_2(&mut s);
    s.wait_for("• Adopted too early #timing");
    s.send("E");
    s.wait_for("note saved");
    s.wait_for("and biased");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
    let saved = std::fs::read_dir(dir.path().join("data/notes"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<String>();
    assert!(
        saved.contains("Adopted too early #timing and biased"),
        "{saved}"
    );
}

#[test]
fn an_editor_that_cannot_start_leaves_a_working_reader() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let missing = dir.path().join("no-such-editor");
    let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", &[("EDITOR", &missing)]);
    open_mfa_at_2(&mut s);
    s.send("a");
    s.wait_for("New note on ¶2");
    s.type_text("first");
    s.send("\r");
    s.wait_for("• first");
    s.send("E");
    s.wait_for("failed");
    // Still in the reader, keys still work.
    s.send("j");
    s.wait_for("¶ 3/");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(!s.alternate_screen());
}

#[test]
fn a_note_added_from_the_command_line_appears_in_the_open_reader() {
    // Watched with inotify, then with the polling fallback forced.
    let poll = Path::new("1");
    for env in [&[][..], &[("DEMARCHE_TEST_POLL_NOTES", poll)][..]] {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", env);
        open_mfa_at_2(&mut s);
        s.wait_for("No note on ¶2");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("--config")
            .arg(dir.path().join("config.toml"))
            .arg("annotate")
            .arg(dir.path().join("library/mfa-2022-01-21.txt"))
            .args([
                "--paragraph",
                "2",
                "--note",
                "Seen from the command line #cli",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // No key is sent: the reader notices the new note by itself.
        let (screen, took) = s.wait_within("• Seen from the command", Duration::from_secs(2));
        assert!(screen.contains("On ¶2"), "{screen}");
        assert!(screen.contains("2✎"), "gutter marker: {screen}");
        assert!(screen.contains("¶ 2/"), "the reader stayed on ¶2: {screen}");
        eprintln!("{env:?}: the note showed {took:?} after `annotate` returned");
        s.send("q");
        assert!(s.wait_exit().success());
        assert!(!s.alternate_screen());
    }
}

// ----- hostile files, signals (issue 8) ----------------------------------------------------

/// How soon a quit key or signal must end the reader, even with a hostile file open.
const PROMPT: Duration = Duration::from_secs(2);

fn kill(signal: &str, pid: u32) {
    let st = std::process::Command::new("kill")
        .arg(signal)
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(st.success(), "kill {signal} {pid}");
}

/// The state letter of a process (`R`, `S`, `T` stopped, `Z` zombie), None when gone.
fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

fn alive(pid: u32) -> bool {
    proc_state(pid).is_some_and(|c| c != 'Z' && c != 'X')
}

fn wait_state(pid: u32, what: &str, ok: impl Fn(Option<char>) -> bool) {
    let start = Instant::now();
    while !ok(proc_state(pid)) {
        assert!(
            start.elapsed() < TIMEOUT,
            "process {pid} never got {what}: {:?}",
            proc_state(pid)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Session {
    fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Sends `key` and asserts that the reader exits, successfully, within [`PROMPT`], with
    /// the terminal restored.
    fn quits_promptly(&mut self, key: &str) {
        self.send(key);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < PROMPT,
                "{key:?} did not end the reader within {PROMPT:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status:?}");
        assert!(!self.alternate_screen(), "the alternate screen was left");
    }
}

/// Finding 3: a FIFO named `f.txt` given on the command line. The list shows why it cannot
/// be read, opening it says so, and `q` and Ctrl-c answer at once.
#[test]
fn a_fifo_named_like_a_statement_never_freezes_the_reader() {
    for quit in ["q", "\x03"] {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let lib = write_library(dir.path());
        let fifo = dir.path().join("f.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let mut s = Session::start_on(Arc::clone(&dir), (120, 30), "", &[], &[lib, fifo]);
        s.wait_for("Statements 4");
        s.wait_for("cannot read:"); // indexed
        s.send("G"); // the FIFO sorts last (no date)
        s.wait_for("not a regular file");
        s.send("\r");
        s.send("?");
        s.wait_for("focus the next pane");
        s.send("\x1b");
        s.wait_gone("focus the next pane");
        s.quits_promptly(quit);
    }
}

/// Finding 4: `'<div>' * 100000` as a statement: the keys answer while it loads, and `q`
/// quits at once.
#[test]
fn a_deeply_nested_html_file_never_freezes_the_reader() {
    for quit in ["q", "\x03"] {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let lib = dir.path().join("library");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::write(lib.join("divs.html"), "<div>".repeat(100_000)).unwrap();
        std::fs::write(lib.join("ep-2022-01-20.txt"), EP).unwrap();
        let mut s = Session::start_on(Arc::clone(&dir), (120, 30), "", &[], &[lib]);
        s.wait_for("Statements 2");
        s.send("G");
        s.send("g");
        s.quits_promptly(quit);
    }
}

/// A statement that takes long to load (a slow disk, simulated): the reader says
/// `loading…`, keys answer meanwhile, choosing another statement shows that one (never the
/// late one over it), and `q` quits at once.
#[test]
fn a_slow_load_leaves_the_keys_answering() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let slow = Path::new("3000");
    let mut s = Session::start_in(
        Arc::clone(&dir),
        120,
        30,
        "",
        &[("DEMARCHE_TEST_SLOW_LOAD_MS", slow)],
    );
    s.wait_for("Statements 3");
    s.wait_for("loading");
    s.send("?");
    s.wait_for("focus the next pane");
    s.send("\x1b");
    s.wait_gone("focus the next pane");
    // Once indexed (sorted by date: Ombudsperson, MFA, EP), move on to the MFA statement
    // while the Ombudsperson's is still loading.
    s.wait_for("2022-01-20 ·");
    s.send("j");
    // The Ombudsperson's load, begun first, ends first: it is not shown over the MFA's.
    let (screen, _) = s.wait_within("¶ 1/4 · Statement of the Ministry", Duration::from_secs(10));
    assert!(!screen.contains("Ombudsperson welcomes"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
    // `q` while a statement is loading.
    let mut s = Session::start_in(dir, 120, 30, "", &[("DEMARCHE_TEST_SLOW_LOAD_MS", slow)]);
    s.wait_for("loading");
    s.quits_promptly("q");
}

/// Opens the MFA statement at ¶2 and types a note, then presses Enter while the test holds
/// the store's lock (as another demarche saving would): the save starts and waits for the
/// lock until the returned guard is dropped. The binary has no test hook to slow saves down.
fn start_a_held_save(dir: &Arc<tempfile::TempDir>, text: &str) -> (Session, std::fs::File) {
    let notes = dir.path().join("data/notes");
    std::fs::create_dir_all(&notes).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(notes.join(".lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut s = Session::start_in(Arc::clone(dir), 120, 40, "", &[]);
    open_mfa_at_2(&mut s);
    s.send("a");
    s.wait_for("New note on ¶2");
    s.type_text(text);
    s.send("\r");
    s.wait_for("saving…");
    (s, lock)
}

/// The notes on disk (every notes file's text), and the temp files left in `.tmp/`.
fn notes_on_disk(dir: &Path) -> (String, Vec<std::path::PathBuf>) {
    let notes = dir.join("data/notes");
    let saved = std::fs::read_dir(&notes)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<String>();
    let temps = std::fs::read_dir(notes.join(".tmp"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    (saved, temps)
}

/// Finding 6: a quit signal (or Ctrl-c) during a save that waits (here for the lock, held
/// for a second): the save completes, then the reader exits with the terminal restored; no
/// temp file is left.
#[test]
fn a_signal_during_a_save_waits_for_it() {
    for how in ["-TERM", "-HUP", "-INT", "ctrl-c"] {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let text = format!("Saved despite {how}");
        let (mut s, lock) = start_a_held_save(&dir, &text);
        if how == "ctrl-c" {
            s.send("\x03");
        } else {
            kill(how, s.pid());
        }
        std::thread::sleep(Duration::from_secs(1));
        assert!(
            proc_state(s.pid()).is_some_and(|c| c != 'Z'),
            "{how}: quit before its save"
        );
        drop(lock);
        let status = s.wait_exit();
        assert!(status.success(), "{how}: {status:?}");
        assert!(
            !s.alternate_screen(),
            "{how}: the alternate screen was left"
        );
        let (saved, temps) = notes_on_disk(dir.path());
        assert!(saved.contains(&text), "{how}: note not on disk: {saved}");
        assert!(temps.is_empty(), "{how}: temp files left: {temps:?}");
    }
}

/// An `$EDITOR` that writes text, then waits (in a child of its own, as wrapper scripts
/// do); it records its pid and its child's.
fn sleepy_editor(dir: &Path, writes: &str) -> std::path::PathBuf {
    let script = dir.join("sleepy-editor.sh");
    let body = format!(
        "#!/bin/sh\necho $$ > '{pids}/editor.pid'\n{writes}\nsleep 60 &\necho $! > '{pids}/child.pid'\nwait $!\n",
        pids = dir.display()
    );
    std::fs::write(&script, body).unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    script
}

fn read_pid(path: &Path) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(path)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "{} never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Scratch files (`note-*.md`) in the data directory.
fn scratch_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join("data"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect()
}

/// SIGTERM or SIGHUP while `$EDITOR` is open.
fn signal_with_the_editor_open(signal: &str, writes: &str) -> (Arc<tempfile::TempDir>, String) {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let editor = sleepy_editor(dir.path(), writes);
    let mut s = Session::start_in(Arc::clone(&dir), 220, 40, "", &[("EDITOR", &editor)]);
    open_mfa_at_2(&mut s);
    s.send("E");
    let editor_pid = read_pid(&dir.path().join("editor.pid"));
    let child_pid = read_pid(&dir.path().join("child.pid"));
    kill(signal, s.pid());
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen(), "the alternate screen was left");
    wait_state(editor_pid, "ended", |st| st.is_none_or(|c| c == 'Z'));
    wait_state(child_pid, "ended", |st| st.is_none_or(|c| c == 'Z'));
    assert!(!alive(editor_pid) && !alive(child_pid));
    let screen = s.wait_for("demarche: the external editor was ended");
    (dir, screen)
}

/// Finding 6: SIGTERM/SIGHUP while `$EDITOR` is open end the editor (and what it started);
/// text typed in it is kept in a recovery file named on stderr, and no note is saved.
#[test]
fn a_signal_ends_the_external_editor_and_keeps_its_text() {
    for signal in ["-TERM", "-HUP"] {
        let (dir, screen) =
            signal_with_the_editor_open(signal, "printf 'Typed before the signal' > \"$1\"");
        let kept = scratch_files(dir.path());
        assert_eq!(kept.len(), 1, "{signal}: {kept:?}");
        assert_eq!(
            std::fs::read_to_string(&kept[0]).unwrap(),
            "Typed before the signal"
        );
        assert!(
            screen.contains(&format!("its text is kept in {}", kept[0].display())),
            "{signal}: the recovery file is named: {screen}"
        );
        let (saved, _) = notes_on_disk(dir.path());
        assert!(!saved.contains("Typed before"), "{saved}");
    }
    // Nothing typed: nothing kept.
    let (dir, screen) = signal_with_the_editor_open("-TERM", ":");
    assert!(scratch_files(dir.path()).is_empty());
    assert!(screen.contains("the note was not changed"), "{screen}");
}

/// Finding 6: SIGTSTP hands the terminal back before the reader stops; after SIGCONT it
/// takes it again, repaints, and keys work at once (no Enter needed).
#[test]
fn sigtstp_hands_the_terminal_back_and_sigcont_takes_it_again() {
    let mut s = Session::start(110, 30, "");
    open_mfa_at_2(&mut s);
    let pid = s.pid();
    kill("-TSTP", pid);
    wait_state(pid, "stopped", |st| st == Some('T'));
    assert!(!s.alternate_screen(), "the terminal was handed back");
    assert!(
        !s.parser.lock().unwrap().screen().hide_cursor(),
        "cursor shown"
    );
    kill("-CONT", pid);
    wait_state(pid, "running again", |st| st != Some('T'));
    s.wait_until("the reader's screen again", |_| {
        s.parser.lock().unwrap().screen().alternate_screen()
    });
    s.wait_for("¶ 2/");
    s.send("j");
    s.wait_for("¶ 3/");
    s.send("?");
    s.wait_for("focus the next pane");
    s.send("\x1b");
    s.wait_gone("focus the next pane");
    s.quits_promptly("q");
}

/// An `$EDITOR` running `body` (a shell script; `$1` is the note's file).
fn script_editor(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let script = dir.join(name);
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    script
}

/// `Ctrl-z` in an editor stops its whole job (vi sends SIGTSTP to its process group): the
/// reader stops beside it, and after `fg` the edit completes and is saved.
#[test]
fn a_stop_sent_by_the_editor_stops_the_reader_beside_it() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let editor = script_editor(
        dir.path(),
        "suspending-editor.sh",
        "kill -TSTP 0\nsleep 1\nprintf 'Written after fg' > \"$1\"",
    );
    let mut s = Session::start_in(Arc::clone(&dir), 120, 40, "", &[("EDITOR", &editor)]);
    open_mfa_at_2(&mut s);
    s.send("E");
    let pid = s.pid();
    wait_state(pid, "stopped", |st| st == Some('T'));
    kill("-CONT", pid);
    s.wait_for("note saved");
    s.wait_for("Written after fg");
    s.quits_promptly("q");
}

/// `Ctrl-c` in an editor interrupts its whole job: the editor's, not the reader's, which
/// stays open (and says the edit failed).
#[test]
fn an_interrupt_sent_by_the_editor_leaves_the_reader_open() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let editor = script_editor(dir.path(), "interrupted-editor.sh", "kill -INT 0\nsleep 5");
    let mut s = Session::start_in(Arc::clone(&dir), 200, 40, "", &[("EDITOR", &editor)]);
    open_mfa_at_2(&mut s);
    s.send("E");
    s.wait_for("failed");
    s.send("j");
    s.wait_for("¶ 3/");
    assert!(matches!(s.child.try_wait(), Ok(None)), "the reader stayed");
    s.quits_promptly("q");
}

/// The settings of the pseudo-terminal (`stty -a`), read from its slave side by path.
fn stty(s: &Session) -> String {
    let tty = s.master.tty_name().expect("the pty's name");
    let out = std::process::Command::new("stty")
        .arg("-F")
        .arg(&tty)
        .arg("-a")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An editor that ignores SIGTERM after putting the terminal in raw mode without echo is
/// killed, and the terminal's modes are put back as they were before the reader started.
#[test]
fn an_editor_that_ignores_sigterm_is_killed_and_the_modes_come_back() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let editor = script_editor(
        dir.path(),
        "stubborn-editor.sh",
        &format!(
            "trap '' TERM\nstty raw -echo\necho $$ > '{}/editor.pid'\nwhile :; do sleep 1; done",
            dir.path().display()
        ),
    );
    let mut s = Session::start_in(Arc::clone(&dir), 200, 40, "", &[("EDITOR", &editor)]);
    open_mfa_at_2(&mut s);
    s.send("E");
    let editor_pid = read_pid(&dir.path().join("editor.pid"));
    kill("-TERM", s.pid());
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    wait_state(editor_pid, "killed", |st| st.is_none_or(|c| c == 'Z'));
    let after = stty(&s);
    // A new pty starts in cooked mode with echo, as the reader found it.
    let modes: Vec<&str> = after.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(modes.contains(&mode), "{mode} not restored: {after}");
    }
    s.wait_for("the note was not changed");
}
