//! Metadata from outside the text, through the real binary and the library API: file-name
//! patterns, sidecar tables, the user's corrections (set, shown, used by every command,
//! reverted), the order in which sources win, and files that are not statements.
//!
//! Every statement here is an illustrative text written for these tests, in the shapes of
//! real collections (the UN General Debate Corpus names its files `FRA_45_1990.txt`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use demarche::config::Config;
use demarche::model::corrections::{Correction, CorrectionTable};
use demarche::model::ingest::Context;
use demarche::model::library::Library;
use demarche::model::metadata::{DateValue, MetaSource};
use demarche::model::notes::StatementKey;
use demarche::store::key_path;
use serde_json::Value;

/// A speech without heading or dateline: the text gives no metadata.
const SPEECH: &str = "It is an honour to speak once more before this Assembly, and I thank the President for the warm words of welcome.\n\n\
The questions before us this year are old ones: peace, development and the rule of law among nations.\n\n\
My delegation will work with every member to find answers that last.\n";

/// A statement whose text gives a title and a dateline.
const HEADED: &str = "Statement by the Ministry on the partnership talks\n\nParis, 25 September 1990\n\n\
The Ministry welcomes the progress made in the talks held this week and hopes for an agreement soon.\n\n\
It thanks the negotiators for their patience and their work.\n";

const PATTERN: &str = "[[library.patterns]]\npattern = \"{iso3}_{session}_{year}\"\n";

struct Lib {
    dir: tempfile::TempDir,
}

impl Lib {
    fn new(config: &str) -> Self {
        let lib = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(lib.dir.path().join("config.toml"), config).unwrap();
        lib
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
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
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn show(&self, rel: &str) -> Value {
        self.json(&["show", rel, "--format", "json"])
    }
}

#[test]
fn file_names_give_country_issuer_and_year_and_names_that_do_not_fit_give_nothing() {
    let lib = Lib::new(PATTERN);
    lib.write("lib/Session 45 - 1990/FRA_45_1990.txt", SPEECH);
    lib.write("lib/Session 24 - 1969/CSK_24_1969.txt", SPEECH);
    lib.write("lib/Session 79 - 2024/EU_79_2024.txt", SPEECH);
    lib.write("lib/other/speech-on-trade.txt", SPEECH);
    lib.write("lib/other/QQQ_45_1990.txt", SPEECH);

    let v = lib.show("lib/Session 45 - 1990/FRA_45_1990.txt");
    assert_eq!(v["issuer"], "Government of France");
    assert_eq!(v["year"], 1990);
    assert_eq!(v["date"], Value::Null, "a year alone is not a date");
    assert_eq!(v["sources"]["issuer"], "file-name");
    assert_eq!(v["sources"]["date"], "file-name");
    // A former code, from our own table.
    let v = lib.show("lib/Session 24 - 1969/CSK_24_1969.txt");
    assert_eq!(v["issuer"], "Government of Czechoslovakia");
    assert_eq!(v["year"], 1969);
    assert_eq!(
        lib.show("lib/Session 79 - 2024/EU_79_2024.txt")["issuer"],
        "European Union"
    );
    // Counter-examples: a name of another shape, and a code that names no country.
    for rel in ["lib/other/speech-on-trade.txt", "lib/other/QQQ_45_1990.txt"] {
        let v = lib.show(rel);
        assert_eq!(
            (&v["issuer"], &v["year"]),
            (&Value::Null, &Value::Null),
            "{rel}"
        );
    }
    let warned = lib.show("lib/other/QQQ_45_1990.txt")["warnings"].to_string();
    assert!(
        warned.contains("`QQQ` is not a known country code"),
        "{warned}"
    );

    let check = lib.ok(&["check", "lib/Session 45 - 1990"]);
    assert!(
        check.contains("metadata:   issuer (file-name), year 1990 (file-name)"),
        "{check}"
    );
    // Without the pattern in the config, the same file gives nothing.
    let bare = Lib::new("");
    bare.write("FRA_45_1990.txt", SPEECH);
    assert_eq!(bare.show("FRA_45_1990.txt")["issuer"], Value::Null);
}

#[test]
fn a_bad_pattern_is_a_config_error_at_its_line() {
    let lib = Lib::new("[[library.patterns]]\npattern = \"{iso3}_{sesion}_{year}\"\n");
    lib.write("a.txt", SPEECH);
    let out = lib.run(&["show", "a.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml:2:11: [[library.patterns]] pattern: ")
            && err.contains("{sesion}"),
        "{err}"
    );
}

#[test]
fn a_csv_sidecar_fills_metadata_and_a_bad_row_is_reported_with_its_line() {
    let lib = Lib::new("");
    lib.write("lib/a.txt", SPEECH);
    lib.write("lib/sub/b.txt", SPEECH);
    lib.write("lib/c.txt", SPEECH);
    lib.write(
        "lib/metadata.csv",
        "path,title,date,issuer\n\
         a.txt,\"Address to the Assembly, \"\"in full\"\"\",1990-09-25,Permanent Mission of Arvenia\n\
         b.txt,Second address,1991\n\
         c.txt,Third address,25/09/1992,Someone\n",
    );
    let out = lib.run(&["check", "lib"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a bad row does not fail the library"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "metadata.csv:4: skipped: metadata table: date \"25/09/1992\" is not YYYY-MM-DD or YYYY"
        ),
        "{err}"
    );
    let a = lib.show("lib/a.txt");
    assert_eq!(a["title"], "Address to the Assembly, \"in full\"");
    assert_eq!(a["date"], "1990-09-25");
    assert_eq!(a["issuer"], "Permanent Mission of Arvenia");
    assert_eq!(a["sources"]["title"], "sidecar");
    // A bare file name finds the file in a subfolder; a missing cell says nothing.
    let b = lib.show("lib/sub/b.txt");
    assert_eq!(
        (&b["title"], &b["year"], &b["issuer"]),
        (&"Second address".into(), &1991.into(), &Value::Null)
    );
    // The bad row gave nothing.
    assert_eq!(lib.show("lib/c.txt")["title"], Value::Null);
    let check = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(check.contains("; sidecar row "), "{check}");
}

#[test]
fn a_json_sidecar_by_path_and_a_broken_one_that_only_warns() {
    let lib = Lib::new("");
    lib.write("lib/a.txt", SPEECH);
    lib.write(
        "lib/metadata.json",
        "{\n  \"a.txt\": {\"title\": \"Address \\\"quoted\\\"\", \"place\": \"New York\", \"url\": \"https://example.org/a\"},\n  \"b.txt\": {\"issuer\": 7}\n}\n",
    );
    let a = lib.show("lib/a.txt");
    assert_eq!(a["title"], "Address \"quoted\"");
    assert_eq!(a["place"], "New York");
    assert_eq!(a["url"], "https://example.org/a");
    let out = lib.run(&["check", "lib"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("metadata.json:3: skipped: metadata table: `issuer` is 7, not text"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let broken = Lib::new("");
    broken.write("lib/a.txt", SPEECH);
    broken.write("lib/metadata.json", "[\n {\"path\": \"a.txt\",}\n]\n");
    let out = broken.run(&["check", "lib"]);
    assert!(out.status.success(), "the library opens anyway");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("metadata.json:2: skipped: metadata table: column"),
        "{err}"
    );
}

#[test]
fn readme_licence_and_hidden_files_are_skipped_and_check_says_so() {
    let lib = Lib::new("");
    for rel in [
        "lib/statement.txt",
        "lib/README.md",
        "lib/LICENSE.txt",
        "lib/readme_fr.txt",
        "lib/.draft.txt",
        "lib/.hidden/inside.txt",
        // Counter-example: a statement whose name only starts like one.
        "lib/Readmission-agreement.txt",
    ] {
        lib.write(rel, SPEECH);
    }
    let out = lib.run(&["check", "lib"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, reason) in [
        ("README.md", "not a statement (a README or licence file)"),
        ("LICENSE.txt", "not a statement (a README or licence file)"),
        (
            "readme_fr.txt",
            "not a statement (a README or licence file)",
        ),
        (".draft.txt", "hidden file, not a statement"),
        (".hidden", "hidden folder, not walked"),
    ] {
        assert!(
            stdout.contains(&format!("{name}\n  skipped:    {reason}")),
            "{name}:\n{stdout}"
        );
    }
    // Expected, not a problem: other commands do not warn about them.
    assert!(!stderr.contains("skipped"), "{stderr}");
    let actors = lib.run(&["actors", "lib"]);
    assert!(actors.status.success() && actors.stderr.is_empty());
    assert!(stdout.contains("statement.txt\n  decoded:"));
    assert!(stdout.contains("Readmission-agreement.txt\n  decoded:"));
    assert!(!stdout.contains("inside.txt"));
    // A file named on the command line is taken whatever its name.
    assert!(
        lib.ok(&["check", "lib/README.md"])
            .contains("README.md\n  decoded:")
    );
}

#[test]
fn front_matter_errors_keep_line_and_column() {
    let lib = Lib::new("");
    lib.write(
        "bad.md",
        "---\ntitle: \"never closed\nissuer: x\n---\nBody text.\n",
    );
    lib.write(
        "date.md",
        "---\ntitle: x\ndate:   21.01.2024\n---\nBody text.\n",
    );
    for (file, at, what) in [
        ("bad.md", "bad.md:2:8:", "unclosed quote"),
        ("date.md", "date.md:3:9:", "is not a date"),
    ] {
        let out = lib.run(&["show", file]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(at) && err.contains(what), "{err}");
    }
}

/// Writes a statement with notes, and returns its path.
fn annotated(lib: &Lib) -> PathBuf {
    let p = lib.write("lib/FRA_45_1990.txt", HEADED);
    lib.ok(&[
        "annotate",
        "lib/FRA_45_1990.txt",
        "--paragraph",
        "1",
        "--note",
        "Progress noted #talks",
    ]);
    p
}

#[test]
fn corrections_are_set_shown_used_by_every_command_and_reverted() {
    let lib = Lib::new(PATTERN);
    let file = annotated(&lib);
    let before = lib.show("lib/FRA_45_1990.txt");
    assert_eq!(
        before["title"],
        "Statement by the Ministry on the partnership talks"
    );
    assert_eq!(before["issuer"], "Government of France");

    let said = lib.ok(&[
        "correct",
        "lib/FRA_45_1990.txt",
        "--title",
        "Statement on the partnership talks (corrected)",
        "--issuer",
        "Ministry of Foreign Affairs of Arvenia",
        "--date",
        "1990-09-26",
        "--place",
        "Arvena",
    ]);
    assert!(
        said.starts_with("corrected lib/FRA_45_1990.txt: title"),
        "{said}"
    );
    // Stored in the data dir, never beside the statement.
    let beside: Vec<_> = std::fs::read_dir(lib.path("lib")).unwrap().collect();
    assert_eq!(beside.len(), 1);
    let stored = std::fs::read_dir(lib.path("data/notes"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert!(
        stored.contains("\"corrections\"") && stored.contains("\"1990-09-26\""),
        "{stored}"
    );

    let title = "Statement on the partnership talks (corrected)";
    let issuer = "Ministry of Foreign Affairs of Arvenia";
    let v = lib.show("lib/FRA_45_1990.txt");
    assert_eq!(
        (v["title"].as_str(), v["issuer"].as_str()),
        (Some(title), Some(issuer))
    );
    assert_eq!(
        (v["date"].as_str(), v["place"].as_str()),
        (Some("1990-09-26"), Some("Arvena"))
    );
    assert_eq!(v["sources"]["title"], "correction");
    assert_eq!(v["id"], before["id"], "the text is the same statement");
    let text = lib.ok(&["show", "lib/FRA_45_1990.txt"]);
    assert!(text.starts_with(title), "{text}");
    assert!(
        text.contains("Issuer:    Ministry of Foreign Affairs of Arvenia (corrected)"),
        "{text}"
    );
    assert!(
        text.contains("Corrected: title, issuer, place, date"),
        "{text}"
    );
    let actors = lib.json(&["actors", "lib", "--format", "json"]);
    assert_eq!(actors["statements"][0]["title"], title);
    assert!(lib.ok(&["notes"]).contains(title));
    assert!(
        lib.ok(&["check", "lib"])
            .contains("title (correction), issuer (correction)")
    );
    let exported = lib.json(&["export", "lib", "--format", "json"]);
    assert_eq!(
        (
            exported[0]["title"].as_str(),
            exported[0]["issuer"].as_str()
        ),
        (Some(title), Some(issuer))
    );
    assert_eq!(exported[0]["date"], "1990-09-26");
    for format in ["csv", "markdown", "w3c"] {
        let out = lib.ok(&["export", "--format", format]);
        assert!(
            out.contains(title) && out.contains(issuer),
            "{format}:\n{out}"
        );
    }
    // When the statement's file is gone, exports still use the stored correction.
    std::fs::rename(&file, lib.path("moved-away.txt")).unwrap();
    let gone = lib.json(&["export", "--format", "json"]);
    assert_eq!(
        (gone[0]["title"].as_str(), gone[0]["issuer"].as_str()),
        (Some(title), Some(issuer))
    );
    std::fs::rename(lib.path("moved-away.txt"), &file).unwrap();

    // Reverted: one field, then everything.
    let said = lib.ok(&["correct", "lib/FRA_45_1990.txt", "--clear", "title,date"]);
    assert!(said.contains("issuer") && !said.contains("title"), "{said}");
    let v = lib.show("lib/FRA_45_1990.txt");
    assert_eq!(v["title"], before["title"]);
    assert_eq!(v["date"], before["date"]);
    assert_eq!(v["issuer"], issuer);
    assert!(
        lib.ok(&["correct", "lib/FRA_45_1990.txt", "--clear"])
            .starts_with("cleared the correction")
    );
    assert_eq!(lib.show("lib/FRA_45_1990.txt"), before);
    assert!(
        lib.ok(&["correct", "lib/FRA_45_1990.txt", "--clear"])
            .contains("no correction to clear")
    );
    // The notes are untouched throughout.
    assert!(lib.ok(&["notes"]).contains("Progress noted #talks"));
}

#[test]
fn an_empty_correction_means_unknown_and_a_year_is_a_date_correction() {
    let lib = Lib::new(PATTERN);
    lib.write("lib/FRA_45_1990.txt", HEADED);
    lib.ok(&[
        "correct",
        "lib/FRA_45_1990.txt",
        "--title",
        "",
        "--date",
        "1989",
    ]);
    let v = lib.show("lib/FRA_45_1990.txt");
    assert_eq!(
        (&v["title"], &v["date"], &v["year"]),
        (&Value::Null, &Value::Null, &1989.into())
    );
    let out = lib.run(&["correct", "lib/FRA_45_1990.txt", "--date", "26/09/1990"]);
    assert_eq!(out.status.code(), Some(2), "a bad date is a usage error");
    let out = lib.run(&["correct", "lib", "--title", "x"]);
    assert_eq!(out.status.code(), Some(2), "a folder is a usage error");
}

/// The metadata of `file` read with the config's patterns, the folder's sidecar tables and
/// `corrections`.
fn read(
    file: &Path,
    config: &str,
    corrections: &[(&Path, Correction)],
) -> demarche::model::Statement {
    let cfg = Config::from_toml(config, Path::new("c.toml")).unwrap();
    let lib = Library::from_paths(&[file.to_path_buf()]).unwrap();
    let mut ctx = Context::from_config(&cfg).unwrap();
    ctx.sidecars = Arc::clone(&lib.sidecars);
    let plain = lib.sources[0].load(&ctx).unwrap();
    let entries = corrections
        .iter()
        .map(|(p, c)| (StatementKey::of(&plain, &key_path(p)), c.clone()))
        .collect();
    ctx.corrections = Arc::new(CorrectionTable::new(entries));
    lib.sources[0].load(&ctx).unwrap()
}

#[test]
fn precedence_correction_front_matter_sidecar_file_name_text() {
    let lib = Lib::new("");
    let front = "---\ntitle: Title from the front matter\n---\n";
    let file = lib.write("lib/FRA_45_1990.md", &format!("{front}{HEADED}"));
    let no_front = lib.write("other/FRA_45_1990.md", HEADED);
    let sidecar = "path,title,issuer,place,date\n\
                   FRA_45_1990.md,Title from the sidecar,Issuer from the sidecar,Place from the sidecar,1990\n";
    lib.write("lib/metadata.csv", sidecar);
    let fix = Correction {
        issuer: Some("Issuer from the correction".into()),
        ..Correction::default()
    };
    // field → (value, source) with every source present.
    let st = read(&file, PATTERN, &[(&file, fix.clone())]);
    let o = &st.provenance.origins;
    assert_eq!(
        st.meta.title.as_deref(),
        Some("Title from the front matter")
    );
    assert_eq!(o.title, Some(MetaSource::FrontMatter));
    assert_eq!(
        st.meta.issuer.as_deref(),
        Some("Issuer from the correction")
    );
    assert_eq!(o.issuer, Some(MetaSource::Correction));
    assert_eq!(st.meta.place.as_deref(), Some("Place from the sidecar"));
    assert_eq!(o.place, Some(MetaSource::Sidecar));
    // The sidecar's year is refined by the text's dateline of the same year.
    assert_eq!(
        st.meta.date.map(|d| d.to_string()).as_deref(),
        Some("1990-09-25")
    );
    assert_eq!(o.date, Some(MetaSource::Text));

    // Without the correction, the sidecar's issuer; without the sidecar, the file name's;
    // without the pattern, the text's (none here).
    let st = read(&file, PATTERN, &[]);
    assert_eq!(st.meta.issuer.as_deref(), Some("Issuer from the sidecar"));
    lib.write("lib/metadata.csv", "path,title\nnothing.md,x\n");
    let st = read(&file, PATTERN, &[]);
    assert_eq!(st.meta.issuer.as_deref(), Some("Government of France"));
    assert_eq!(st.provenance.origins.issuer, Some(MetaSource::FileName));
    let st = read(&file, "", &[]);
    assert_eq!(st.provenance.origins.issuer, Some(MetaSource::Text));
    assert_ne!(st.meta.issuer.as_deref(), Some("Government of France"));
    // Without front matter, the text's title; the file name's year keeps the text's date
    // of that year, and drops a date of another year.
    let st = read(&no_front, PATTERN, &[]);
    assert_eq!(st.provenance.origins.title, Some(MetaSource::Text));
    assert_eq!(
        st.meta.title.as_deref(),
        Some("Statement by the Ministry on the partnership talks")
    );
    let other_year = lib.write("other/FRA_46_1991.md", HEADED);
    let st = read(&other_year, PATTERN, &[]);
    assert_eq!((st.meta.date, st.meta.year), (None, Some(1991)));
    assert_eq!(st.provenance.origins.date, Some(MetaSource::FileName));
    // A correction wins over the front matter too, and can say "unknown".
    let blank = Correction {
        title: Some(String::new()),
        date: Some(DateValue::Unknown),
        ..Correction::default()
    };
    let st = read(&file, PATTERN, &[(&file, blank)]);
    assert_eq!(
        (st.meta.title, st.meta.date, st.meta.year),
        (None, None, None)
    );
    assert_eq!(MetaSource::PRECEDENCE[0], MetaSource::Correction);
}
