//! Crash safety: `demarche annotate` processes are killed with SIGKILL at random points of
//! their whole life (measured first, so that kill points spread over start, ingest, lock and
//! save), alone and while other writers run. Afterwards every notes file parses and holds
//! every note whose `annotate` exited 0. The binary has no hook to slow its saves down (the
//! store reads no environment variable): the narrow window between fsync and rename is hit
//! by some of the kills, and the store's own unit tests look inside that window with
//! `Options::save_delay`.
//!
//! Temp files: a killed writer may leave its `notes/.tmp/<name>.tmp-<pid>-<nanos>` behind; the next
//! save (which holds the lock, so no writer can be using it) removes it. So at most one is
//! left after the last kill, and none after one more successful save.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use demarche::store::{NoteStore, TMP_DIR};

const TEXT: &str = "First paragraph of the statement.\n\n\
Second paragraph, with the European Parliament.\n\n\
Third paragraph about dialogue.\n";

/// The shortest life a writer is assumed to have when choosing kill points.
const MIN_LIFE_MS: u64 = 10;
/// Writers killed one at a time (the concurrent phase kills 32 more).
const KILLS: usize = 300;

/// A small deterministic xorshift generator (no dependency needed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn spawn(dir: &Path, i: usize) -> Child {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["annotate", "statement.txt", "--paragraph"])
        .arg((1 + i % 3).to_string())
        .arg("--note")
        .arg(format!("note {i} #crash"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .env_remove("DEMARCHE_DATA_DIR")
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns demarche")
}

/// Waits for a child; the printed id if it exited 0.
fn finish(child: Child) -> Option<String> {
    let out = child.wait_with_output().expect("waits");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Runs one writer, killing it after `kill_after_ms` if given.
fn run_one(dir: &Path, i: usize, kill_after_ms: Option<u64>) -> Option<String> {
    let mut child = spawn(dir, i);
    if let Some(ms) = kill_after_ms {
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL on Unix; fails harmlessly if it already exited
    }
    finish(child)
}

fn notes_dir(dir: &Path) -> PathBuf {
    dir.join("data").join("notes")
}

/// Ids in every notes file; panics if one does not parse (names the file).
fn ids_on_disk(dir: &Path) -> HashSet<String> {
    let mut ids = HashSet::new();
    let Ok(rd) = std::fs::read_dir(notes_dir(dir)) else {
        return ids;
    };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".json") || name.ends_with(".json.bak")) {
            continue;
        }
        let bytes = std::fs::read(e.path()).expect("reads");
        let doc: serde_json::Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|err| panic!("{name} does not parse: {err}"));
        if name.ends_with(".json") {
            for n in doc["notes"].as_array().expect("notes array") {
                ids.insert(n["id"].as_str().expect("id").to_owned());
            }
        }
    }
    ids
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(notes_dir(dir).join(TMP_DIR))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn killed_and_concurrent_writers_never_lose_a_saved_note() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("statement.txt"), TEXT).expect("writes");
    // `--config` must name a file that exists; an empty one means the defaults.
    std::fs::write(dir.join("config.toml"), "").expect("writes config");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("seed {seed}");
    let mut rng = Rng(seed);
    let mut saved: HashSet<String> = HashSet::new();

    // How long one save takes here, so that kill points spread over a writer's whole life.
    let started = std::time::Instant::now();
    for i in 0..3 {
        saved.extend(run_one(&dir, 500 + i, None));
    }
    let life_ms = (started.elapsed().as_millis() as u64 / 3).max(MIN_LIFE_MS) * 5 / 4;
    eprintln!("one annotate takes about {life_ms} ms");

    // One writer at a time, killed at a random point.
    let mut completed_before_kill = 0;
    let mut killed_in_save = 0;
    for i in 0..KILLS {
        let delay = rng.below(life_ms);
        if let Some(id) = run_one(&dir, i, Some(delay)) {
            completed_before_kill += 1;
            saved.insert(id);
        }
        killed_in_save += usize::from(!temp_files(&dir).is_empty());
        let on_disk = ids_on_disk(&dir);
        let missing: Vec<_> = saved.difference(&on_disk).collect();
        assert!(missing.is_empty(), "after kill {i}: lost {missing:?}");
    }
    eprintln!(
        "{completed_before_kill} of {KILLS} finished before their kill; \
         a temp file was present after {killed_in_save} kills (killed inside a save)"
    );

    // Four writers side by side; every other run of each is killed at a random point.
    let handles: Vec<_> = (0..4)
        .map(|w| {
            let dir = dir.clone();
            let mut rng = Rng(seed.wrapping_mul(w + 3) | 1);
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for j in 0..16 {
                    let i = 1000 + (w as usize) * 100 + j;
                    let kill = (j % 2 == 1).then(|| rng.below(life_ms * 2));
                    if let Some(id) = run_one(&dir, i, kill) {
                        ids.push(id);
                    }
                }
                ids
            })
        })
        .collect();
    let mut unkilled = 0;
    for h in handles {
        let ids = h.join().expect("writer thread");
        unkilled += ids.len();
        saved.extend(ids);
    }
    assert!(unkilled >= 32, "every unkilled concurrent writer succeeded");

    let on_disk = ids_on_disk(&dir);
    let missing: Vec<_> = saved.difference(&on_disk).collect();
    assert!(missing.is_empty(), "lost {missing:?}");
    let store = NoteStore::open(&dir.join("data")).expect("opens");
    assert!(store.problems().is_empty(), "{:?}", store.problems());
    assert!(temp_files(&dir).len() <= 1, "{:?}", temp_files(&dir));

    // One more save cleans up whatever the last killed writer left.
    let last = run_one(&dir, 9999, None).expect("final save succeeds");
    assert!(ids_on_disk(&dir).contains(&last));
    assert!(temp_files(&dir).is_empty(), "{:?}", temp_files(&dir));
}
