//! The README, `config.example.toml` and `--help` stay true to the code: every action with
//! its default keys, every command, every documented default.

use demarche::tui::action::Action;
use demarche::tui::keymap::default_keys;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn readme_lists_every_action_with_its_default_keys_and_description() {
    let readme = read("README.md");
    for a in Action::ALL {
        let keys: Vec<String> = default_keys(a).iter().map(|k| format!("`{k}`")).collect();
        let row = format!(
            "| `{}` | {} | {} |",
            a.name(),
            keys.join(" "),
            a.description()
        );
        assert!(readme.contains(&row), "README.md lacks the row:\n{row}");
    }
}

#[test]
fn config_example_lists_every_action_with_its_default_keys() {
    let example = read("config.example.toml");
    for a in Action::ALL {
        let keys: Vec<String> = default_keys(a).iter().map(|k| format!("{k:?}")).collect();
        let line = format!("#   {} = [{}]", a.name(), keys.join(", "));
        assert!(
            example.contains(&line),
            "config.example.toml lacks:\n{line}"
        );
    }
}

#[test]
fn readme_and_help_name_every_command() {
    let readme = read("README.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .arg("--help")
        .output()
        .unwrap_or_else(|e| panic!("running demarche --help: {e}"));
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in [
        "show",
        "actors",
        "check",
        "annotate",
        "notes",
        "export",
        "edit-note",
        "delete-note",
        "review",
        "move-notes",
        "correct",
    ] {
        assert!(
            readme.contains(&format!("`demarche {cmd} ")),
            "README.md lacks `demarche {cmd}`"
        );
        assert!(
            help.contains(&format!("  {cmd} ")),
            "--help lacks {cmd}:\n{help}"
        );
    }
    for env in ["DEMARCHE_CONFIG", "DEMARCHE_DATA_DIR", "NO_COLOR"] {
        assert!(readme.contains(env), "README.md lacks {env}");
        assert!(help.contains(env), "--help lacks {env}");
    }
}

/// The filter rules as the README and `export --help` state them are the code's rules.
#[test]
fn readme_and_help_state_the_shared_filter_rules() {
    use demarche::model::filter::ActorTagFilter;
    let readme = read("README.md");
    for claim in [
        "`ombuds` names the Ombudsperson",
        "`european-parliament`,\n  `Parliament` and `parl` name the European Parliament; `liament` names nothing",
        "`#eu` is not `#eu-law`",
        "every actor and every tag must be there",
    ] {
        assert!(readme.contains(claim), "README.md lacks {claim:?}");
    }
    let names = ["European Parliament", "Ombudsperson", "Ministry"];
    let named = |q: &str| -> Vec<&str> {
        let f = ActorTagFilter::new(&[q], &[] as &[&str]);
        names
            .iter()
            .copied()
            .filter(|n| f.actors_match(&[n]))
            .collect()
    };
    assert_eq!(named("ombuds"), vec!["Ombudsperson"]);
    for q in ["european-parliament", "Parliament", "parl"] {
        assert_eq!(named(q), vec!["European Parliament"], "{q}");
    }
    assert!(named("liament").is_empty());
    let eu = ActorTagFilter::new(&[] as &[&str], &["#eu"]);
    assert!(!eu.tags_match(&["eu-law"]) && eu.tags_match(&["EU"]));

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["export", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("running demarche export --help: {e}"));
    // Wrapped to the terminal's width: compare with the line breaks taken out.
    let help = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for claim in [
        "start of the name",
        "Repeated",
        "reader's list filter",
        "reviewed",
    ] {
        assert!(
            help.contains(claim),
            "export --help lacks {claim:?}:\n{help}"
        );
    }
}
