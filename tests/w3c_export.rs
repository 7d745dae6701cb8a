//! The `w3c` export against the W3C Web Annotation test suite's JSON schemas (vendored in
//! `tests/w3c/`, licence in `tests/w3c/license.md`): every annotation must pass every MUST
//! assertion, the collection every collection MUST, its page every page MUST.

use std::path::{Path, PathBuf};

use demarche::model::export::{self, Filter, StatementNotes};
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::notes::StatementKey;
use demarche::model::statement::{SourceFormat, Statement};
use demarche::store::NoteStore;
use jsonschema::{Draft, Retrieve, Uri};
use serde_json::Value;

fn w3c_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/w3c")
}

/// Resolves `$ref`s like `id.json#/definitions/stringUri` to `tests/w3c/definitions/id.json`.
struct Definitions(PathBuf);

impl Retrieve for Definitions {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = uri.path().as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        let bytes = std::fs::read(self.0.join(name))?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

struct Assertion {
    name: String,
    expect_valid: bool,
    validator: jsonschema::Validator,
}

/// The assertions listed in a `.test` file, compiled (Draft 4, formats checked).
fn assertions(test_file: &str) -> Vec<Assertion> {
    let dir = w3c_dir();
    let list: Value =
        serde_json::from_slice(&std::fs::read(dir.join(test_file)).expect("test list"))
            .expect("test list parses");
    let names = list["assertions"].as_array().expect("assertions array");
    assert!(!names.is_empty());
    names
        .iter()
        .map(|n| {
            let name = n.as_str().expect("assertion path").to_owned();
            let schema: Value =
                serde_json::from_slice(&std::fs::read(dir.join(&name)).expect("schema file"))
                    .expect("schema parses");
            let expect_valid = schema["expectedResult"].as_str().unwrap_or("valid") != "invalid";
            let validator = jsonschema::options()
                .with_draft(Draft::Draft4)
                .should_validate_formats(true)
                .with_retriever(Definitions(dir.join("definitions")))
                .build(&schema)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            Assertion {
                name,
                expect_valid,
                validator,
            }
        })
        .collect()
}

/// Names of the assertions `doc` fails.
fn failures(doc: &Value, list: &[Assertion]) -> Vec<String> {
    list.iter()
        .filter(|a| a.validator.is_valid(doc) != a.expect_valid)
        .map(|a| a.name.clone())
        .collect()
}

fn statement(text: &str, path: &str) -> Statement {
    ingest_bytes(
        text.as_bytes(),
        path,
        SourceFormat::Text,
        &Context::default(),
    )
    .expect("ingests")
}

/// Real notes: several statements, tags in two scripts, a multi-line note, an orphan.
fn exported_collection() -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let en = statement(
        "The Ministry of Foreign Affairs expresses its concern over the resolution of the European Parliament.\n\n\
         We find it unacceptable that the document was adopted before the official findings.\n\n\
         Kazakhstan remains open to dialogue with the European Union.",
        "kz.txt",
    );
    let uk = statement(
        "Міністерство закордонних справ України вітає рішення Європейського парламенту.\n\n\
         Ми закликаємо партнерів посилити тиск на агресора 😊.",
        "ua.txt",
    );
    let mut store = NoteStore::open(dir.path()).expect("opens");
    store
        .add(
            &en,
            "kz.txt",
            2,
            "Adopted before the official findings #timing #rebuttal",
        )
        .expect("saves");
    store
        .add(&en, "kz.txt", 3, "Line one, with \"quotes\"\nline two")
        .expect("saves");
    store
        .add(&en, "kz.txt", 1, "Will be orphaned #gone")
        .expect("saves");
    store
        .add(&uk, "ua.txt", 2, "Заклик #таймінг")
        .expect("saves");
    let en_edited = statement(
        "Completely different opening words about trade and tariffs.\n\n\
         We find it unacceptable that the document was adopted before the official findings.\n\n\
         Kazakhstan remains open to dialogue with the European Union.",
        "kz.txt",
    );
    let items = vec![
        StatementNotes {
            source: "kz.txt".into(),
            key: StatementKey::of(&en_edited, "kz.txt"),
            statement: Some(&en_edited),
            notes: store.notes_for(&en_edited, "kz.txt"),
            correction: None,
        },
        StatementNotes {
            source: "ua.txt".into(),
            key: StatementKey::of(&uk, "ua.txt"),
            statement: Some(&uk),
            notes: store.notes_for(&uk, "ua.txt"),
            correction: None,
        },
    ];
    export::w3c(&items, &Filter::default())
}

fn items_of(collection: &Value) -> Vec<Value> {
    collection["first"]["items"]
        .as_array()
        .expect("items array")
        .clone()
}

#[test]
fn every_annotation_passes_every_must() {
    let collection = exported_collection();
    let items = items_of(&collection);
    assert_eq!(items.len(), 4);
    assert_eq!(collection["total"], 4);
    let musts = assertions("annotations/annotationMusts.test");
    assert!(musts.len() >= 50, "all MUSTs loaded: {}", musts.len());
    for anno in &items {
        let failed = failures(anno, &musts);
        assert!(failed.is_empty(), "{} fails {failed:?}", anno["id"]);
    }
}

#[test]
fn collection_and_page_pass_their_musts() {
    let collection = exported_collection();
    let failed = failures(&collection, &assertions("collections/collectionMusts.test"));
    assert!(failed.is_empty(), "collection fails {failed:?}");
    let failed = failures(
        &collection["first"],
        &assertions("collections/pages/pageMusts.test"),
    );
    assert!(failed.is_empty(), "page fails {failed:?}");
}

#[test]
fn selectors_match_the_cleaned_text() {
    let collection = exported_collection();
    let items = items_of(&collection);
    let tagged = items
        .iter()
        .find(|a| {
            a["body"][0]["value"]
                .as_str()
                .is_some_and(|v| v.contains("#timing"))
        })
        .expect("tagged note");
    let tags: Vec<&str> = tagged["body"]
        .as_array()
        .expect("bodies")
        .iter()
        .filter(|b| b["purpose"] == "tagging")
        .filter_map(|b| b["value"].as_str())
        .collect();
    assert_eq!(tags, vec!["timing", "rebuttal"]);
    let target = &tagged["target"];
    assert!(
        target["source"]
            .as_str()
            .expect("source")
            .starts_with("urn:sha256:")
    );
    let quote = &target["selector"][0];
    let position = &target["selector"][1];
    assert_eq!(quote["type"], "TextQuoteSelector");
    assert_eq!(position["type"], "TextPositionSelector");
    // Position counts chars over the paragraphs joined by blank lines.
    let first_len = "Completely different opening words about trade and tariffs."
        .chars()
        .count();
    assert_eq!(position["start"], first_len + 2);
    assert!(
        quote["exact"]
            .as_str()
            .expect("exact")
            .starts_with("We find it unacceptable")
    );
    assert!(
        quote["prefix"]
            .as_str()
            .expect("prefix")
            .ends_with("tariffs.\n\n")
    );

    // The orphan keeps its stored quote and has no position.
    let orphan = items
        .iter()
        .find(|a| {
            a["body"][0]["value"]
                .as_str()
                .is_some_and(|v| v.contains("orphaned"))
        })
        .expect("orphan exported");
    let selectors = orphan["target"]["selector"].as_array().expect("selectors");
    assert_eq!(selectors.len(), 1);
    assert!(
        selectors[0]["exact"]
            .as_str()
            .expect("exact")
            .starts_with("The Ministry of Foreign Affairs")
    );

    // Cyrillic and emoji: positions count chars, not bytes.
    let uk = items
        .iter()
        .find(|a| {
            a["body"][0]["value"]
                .as_str()
                .is_some_and(|v| v.contains("Заклик"))
        })
        .expect("Ukrainian note");
    let start = uk["target"]["selector"][1]["start"]
        .as_u64()
        .expect("start");
    let end = uk["target"]["selector"][1]["end"].as_u64().expect("end");
    let exact = uk["target"]["selector"][0]["exact"]
        .as_str()
        .expect("exact");
    assert_eq!(end - start, exact.chars().count() as u64);
    assert!(exact.ends_with('😊') || exact.ends_with("😊."));
}

#[test]
fn a_broken_annotation_fails_a_must() {
    let collection = exported_collection();
    let musts = assertions("annotations/annotationMusts.test");
    let mut no_target = items_of(&collection).remove(0);
    no_target.as_object_mut().expect("object").remove("target");
    assert!(
        !failures(&no_target, &musts).is_empty(),
        "missing target detected"
    );

    let mut bad_motivation = items_of(&collection).remove(0);
    bad_motivation["motivation"] = Value::from("gossiping");
    bad_motivation["created"] = Value::from("yesterday");
    let failed = failures(&bad_motivation, &musts);
    assert!(
        failed.iter().any(|f| f.contains("Created")),
        "bad date detected: {failed:?}"
    );
}
