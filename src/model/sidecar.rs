//! Sidecar tables: `metadata.csv` or `metadata.json` beside the statements, one row per
//! file, as real collections ship their catalogue.
//!
//! - **CSV**: a header row, then one row per statement. Columns (any order, any case):
//!   `path` (required: the file's path relative to the table's folder, with `/`; a row
//!   with a bare file name also finds the file in a subfolder),
//!   `title`, `issuer`, `date` (`YYYY-MM-DD`, or `YYYY` when only the year is known),
//!   `place`, `url`. Quoted fields (`"…"`, `""` for a quote, line breaks inside quotes)
//!   follow RFC 4180. A missing column or an empty cell says nothing.
//! - **JSON**: an array of objects with the same keys, or an object whose keys are the paths
//!   and whose values are such objects.
//!
//! A row that cannot be used (no path, a bad date, more cells than the header) is skipped
//! with a problem naming `file:line`; the other rows are used. A table that cannot be read at
//! all is one problem; the library opens anyway.
//!
//! The tables of a folder apply to the files under it; the nearest table (deepest folder)
//! that has a row for a file gives it; `metadata.csv` is consulted before `metadata.json`.

use std::collections::{HashMap, HashSet};

use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

use crate::model::metadata::{DateValue, MetaLayer};

/// The file names of sidecar tables, in the order they are consulted.
pub const NAMES: [&str; 2] = ["metadata.csv", "metadata.json"];

/// Whether a file name is a sidecar table's.
#[must_use]
pub fn is_sidecar_name(name: &str) -> bool {
    NAMES.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// A row or table that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line (of the row, or of the error); `None` for the whole file.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// One row: the path as written, what it says, and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub path: String,
    pub layer: MetaLayer,
    pub line: usize,
}

/// One table file.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub file: PathBuf,
    /// The folder its paths are relative to (absolute when it could be resolved).
    pub folder: PathBuf,
    rows: HashMap<String, Row>,
}

impl Table {
    fn new(file: PathBuf, folder: PathBuf, rows: Vec<Row>) -> Self {
        let mut t = Self {
            file,
            folder,
            ..Self::default()
        };
        for row in rows {
            t.rows.insert(normalise(&row.path), row);
        }
        t
    }

    /// The row for a file at `rel` (relative to the folder, `/`-separated): its own row,
    /// else a row with its bare file name.
    fn row(&self, rel: &str) -> Option<&Row> {
        self.rows
            .get(rel)
            .or_else(|| self.rows.get(rel.rsplit('/').next()?))
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// `./a\b.txt` → `a/b.txt`.
fn normalise(path: &str) -> String {
    let p = path.trim().replace('\\', "/");
    p.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The sidecar tables of a library.
#[derive(Debug, Clone, Default)]
pub struct Sidecars {
    tables: Vec<Table>,
    loaded: HashSet<PathBuf>,
}

impl Sidecars {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    #[must_use]
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// Reads the tables of `folder` (once per folder); returns what could not be used.
    pub fn load_folder(&mut self, folder: &Path) -> Vec<Problem> {
        let abs = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        if !self.loaded.insert(abs.clone()) {
            return Vec::new();
        }
        let mut problems = Vec::new();
        for name in NAMES {
            let file = folder.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&file) else {
                continue;
            };
            if !meta.is_file() {
                problems.push(Problem {
                    file,
                    line: None,
                    message: "not a regular file (a link, folder or device); not read".into(),
                });
                continue;
            }
            match read_table(&file) {
                Ok((rows, mut found)) => {
                    problems.append(&mut found);
                    self.tables.push(Table::new(file, abs.clone(), rows));
                }
                Err(p) => problems.push(p),
            }
        }
        // Deepest folder first: the nearest table wins. Stable: CSV before JSON.
        self.tables
            .sort_by_key(|t| std::cmp::Reverse(t.folder.components().count()));
        problems
    }

    /// What the tables say about the file at `path` (absolute, canonical) and which table
    /// and line said it.
    #[must_use]
    pub fn lookup(&self, path: &Path) -> Option<(&Row, &Path)> {
        self.tables.iter().find_map(|t| {
            let rel = path.strip_prefix(&t.folder).ok()?;
            let rel: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
            t.row(&rel.join("/")).map(|r| (r, t.file.as_path()))
        })
    }

    /// Adds a table parsed elsewhere (tests, tools).
    pub fn push(&mut self, table: Table) {
        self.tables.push(table);
        self.tables
            .sort_by_key(|t| std::cmp::Reverse(t.folder.components().count()));
    }
}

/// Reads and parses one table file.
fn read_table(file: &Path) -> Result<(Vec<Row>, Vec<Problem>), Problem> {
    let whole = |message: String| Problem {
        file: file.to_path_buf(),
        line: None,
        message,
    };
    let bytes = crate::model::ingest::read_capped(file).map_err(|e| whole(e.to_string()))?;
    let (text, _) =
        crate::model::decode::decode(&bytes).map_err(|e| whole(format!("cannot read: {e}")))?;
    let csv = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv {
        parse_csv(&text, file)
    } else {
        parse_json(&text, file)
    }
}

/// The columns a table may have.
const COLUMNS: [&str; 6] = ["path", "title", "issuer", "date", "place", "url"];

/// Builds a row from (column, value) pairs; `Err` says why the row cannot be used.
fn row_from(cells: &[(&str, &str)], line: usize) -> Result<Row, String> {
    let get = |c: &str| {
        cells
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let path = get("path").ok_or("no path; every row needs the statement's path")?;
    let date = match get("date") {
        Some(d) => Some(
            DateValue::parse(d)
                .filter(|v| *v != DateValue::Unknown)
                .ok_or_else(|| format!("date {d:?} is not YYYY-MM-DD or YYYY; row skipped"))?,
        ),
        None => None,
    };
    let text = |c: &str| get(c).map(str::to_owned);
    Ok(Row {
        path: path.to_owned(),
        layer: MetaLayer {
            title: text("title"),
            issuer: text("issuer"),
            place: text("place"),
            date,
            published: None,
            url: text("url"),
        },
        line,
    })
}

/// Parses a CSV table (header row first).
pub fn parse_csv(text: &str, file: &Path) -> Result<(Vec<Row>, Vec<Problem>), Problem> {
    let problem = |line: Option<usize>, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| problem(Some(1), format!("cannot read the header row: {e}")))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if !names.iter().any(|n| n == "path") {
        return Err(problem(
            Some(1),
            format!(
                "no `path` column in the header row; the columns are {}",
                COLUMNS.join(", ")
            ),
        ));
    }
    let mut problems = Vec::new();
    let unknown: Vec<&String> = names
        .iter()
        .filter(|n| !n.is_empty() && !COLUMNS.contains(&n.as_str()))
        .collect();
    if !unknown.is_empty() {
        problems.push(problem(
            Some(1),
            format!(
                "column(s) {} not used; the columns are {}",
                unknown
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                COLUMNS.join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                problems.push(problem(line, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > names.len() {
            problems.push(problem(
                Some(line),
                format!(
                    "{} cells, but the header has {} columns; row skipped",
                    record.len(),
                    names.len()
                ),
            ));
            continue;
        }
        let cells: Vec<(&str, &str)> = names
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        match row_from(&cells, line) {
            Ok(r) => rows.push(r),
            Err(m) => problems.push(problem(Some(line), m)),
        }
    }
    Ok((rows, problems))
}

/// Parses a JSON table: `[{"path": ...}, ...]` or `{"path": {...}, ...}`.
pub fn parse_json(text: &str, file: &Path) -> Result<(Vec<Row>, Vec<Problem>), Problem> {
    let problem = |line: Option<usize>, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    let whole_error = |e: &serde_json::Error| {
        problem(
            Some(e.line()),
            format!("column {}: not a JSON table: {e}", e.column()),
        )
    };
    let line_of = |raw: &RawValue| {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        text.get(..offset)
            .map_or(1, |b| b.matches('\n').count() + 1)
    };
    let mut entries: Vec<(Option<String>, &RawValue)> = Vec::new();
    let start = text.trim_start().chars().next();
    match start {
        Some('[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| whole_error(&e))?;
            entries.extend(items.into_iter().map(|v| (None, v)));
        }
        Some('{') => {
            let items = serde_json::from_str::<by_path::Pairs<'_>>(text)
                .map(|p| p.0)
                .map_err(|e| whole_error(&e))?;
            entries.extend(items.into_iter().map(|(k, v)| (Some(k), v)));
        }
        _ => {
            return Err(problem(
                Some(1),
                "not a JSON table: expected `[` (a list of rows) or `{` (rows by path)".into(),
            ));
        }
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (key, raw) in entries {
        let line = line_of(raw);
        let value: serde_json::Value = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                problems.push(problem(Some(line), format!("cannot read the row: {e}")));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            problems.push(problem(
                Some(line),
                "a row must be an object like {\"path\": ..., \"title\": ...}; row skipped".into(),
            ));
            continue;
        };
        let mut cells: Vec<(String, String)> = Vec::new();
        let mut bad = None;
        for (k, v) in obj {
            let k = k.trim().to_ascii_lowercase();
            if !COLUMNS.contains(&k.as_str()) {
                continue;
            }
            let text = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) if k == "date" => n.to_string(),
                other => {
                    bad = Some(format!("`{k}` is {other}, not text; row skipped"));
                    break;
                }
            };
            cells.push((k, text));
        }
        if let Some(m) = bad {
            problems.push(problem(Some(line), m));
            continue;
        }
        if let Some(k) = key {
            cells.retain(|(c, _)| c != "path");
            cells.push(("path".into(), k));
        }
        let pairs: Vec<(&str, &str)> = cells
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match row_from(&pairs, line) {
            Ok(r) => rows.push(r),
            Err(m) => problems.push(problem(Some(line), m)),
        }
    }
    Ok((rows, problems))
}

/// An object's members in order, with raw values (to know each row's line).
mod by_path {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde_json::value::RawValue;

    pub struct Pairs<'a>(pub Vec<(String, &'a RawValue)>);

    impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Pairs<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object of rows by path")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                        out.push((k, v));
                    }
                    Ok(Pairs(out))
                }
            }
            d.deserialize_map(V)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> (Vec<Row>, Vec<Problem>) {
        parse_csv(text, Path::new("lib/metadata.csv")).unwrap()
    }

    #[test]
    fn csv_with_quoted_fields_and_missing_columns() {
        let (rows, problems) = csv("path,title,date\n\
             a.txt,\"Statement on the \"\"agreement\"\", with a comma\",2023-03-03\n\
             sub/b.txt,\"Two\nlines\",1990\n\
             c.txt,,\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].layer.title.as_deref(),
            Some("Statement on the \"agreement\", with a comma")
        );
        assert_eq!(rows[1].layer.title.as_deref(), Some("Two\nlines"));
        assert_eq!(rows[1].layer.date, Some(DateValue::Year(1990)));
        assert_eq!(rows[1].layer.issuer, None);
        assert_eq!(rows[2].line, 5, "a quoted line break counts");
        assert_eq!(rows[2].layer, MetaLayer::default());
    }

    #[test]
    fn a_bad_csv_row_is_a_problem_with_its_line_and_the_others_are_kept() {
        let (rows, problems) = csv("Path,Issuer,Date,Colour\n\
             a.txt,Ministry,21.01.2022,red\n\
             b.txt,Ministry,2022-01-21,blue\n\
             ,Ministry,2022-01-21,green\n\
             d.txt,x,2022-01-21,y,extra\n");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].path, "b.txt");
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown[0].starts_with("lib/metadata.csv:1: column(s) `colour` not used"),
            "{shown:?}"
        );
        assert!(
            shown[1].starts_with("lib/metadata.csv:2: date \"21.01.2022\""),
            "{shown:?}"
        );
        assert!(
            shown[2].starts_with("lib/metadata.csv:4: no path"),
            "{shown:?}"
        );
        assert!(
            shown[3].starts_with("lib/metadata.csv:5: 5 cells"),
            "{shown:?}"
        );
        let no_path = parse_csv("file,title\na,b\n", Path::new("m.csv")).unwrap_err();
        assert_eq!(no_path.line, Some(1));
        assert!(no_path.message.contains("no `path` column"));
    }

    #[test]
    fn json_tables_as_lists_or_by_path() {
        let list = "[\n  {\"path\": \"a.txt\", \"title\": \"A \\\"quoted\\\" title\", \"date\": 1990},\n  {\"path\": \"b.txt\", \"date\": \"1990-13-01\"},\n  {\"title\": \"no path\"},\n  {\"path\": \"d.txt\", \"issuer\": 3}\n]";
        let (rows, problems) = parse_json(list, Path::new("m.json")).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].layer.title.as_deref(), Some("A \"quoted\" title"));
        assert_eq!(rows[0].layer.date, Some(DateValue::Year(1990)));
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
        let by_path = "{\n\"a.txt\": {\"issuer\": \"Ministry\"},\n\"b.txt\": {\"place\": \"Brussels\", \"url\": \"https://example.org/b\"}\n}";
        let (rows, problems) = parse_json(by_path, Path::new("m.json")).unwrap();
        assert!(problems.is_empty());
        assert_eq!(rows[1].path, "b.txt");
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].layer.url.as_deref(), Some("https://example.org/b"));
        let broken = parse_json("[\n{\"path\": \"a\",}\n]", Path::new("m.json")).unwrap_err();
        assert_eq!(broken.line, Some(2));
    }

    #[test]
    fn lookup_by_relative_path_or_unique_bare_name_nearest_first() {
        let mut s = Sidecars::default();
        let row = |p: &str, t: &str| Row {
            path: p.into(),
            layer: MetaLayer {
                title: Some(t.into()),
                ..MetaLayer::default()
            },
            line: 2,
        };
        s.push(Table::new(
            "/lib/metadata.csv".into(),
            "/lib".into(),
            vec![
                row("Session 1/AFG_01_1946.txt", "outer"),
                row("x.txt", "bare"),
                row("dup.txt", "1"),
                row("d/dup.txt", "2"),
            ],
        ));
        s.push(Table::new(
            "/lib/inner/metadata.csv".into(),
            "/lib/inner".into(),
            vec![row("x.txt", "inner")],
        ));
        let title = |p: &str| {
            s.lookup(Path::new(p))
                .and_then(|(r, _)| r.layer.title.clone())
        };
        assert_eq!(
            title("/lib/Session 1/AFG_01_1946.txt").as_deref(),
            Some("outer")
        );
        assert_eq!(title("/lib/deep/er/x.txt").as_deref(), Some("bare"));
        assert_eq!(title("/lib/inner/x.txt").as_deref(), Some("inner"));
        assert_eq!(title("/lib/d/dup.txt").as_deref(), Some("2"));
        assert_eq!(title("/lib/e/dup.txt").as_deref(), Some("1"));
        assert_eq!(title("/other/x.txt"), None);
    }
}
