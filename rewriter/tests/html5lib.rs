//! The html5lib tokenizer suite (`tests/data/html5lib-tokenizer`, MIT) as
//! an oracle for reading markup as the browser does:
//!
//! - every start tag of every test, as the runtime's markup reader
//!   (`core::markup`) reads it with the decoder of `core::charref` and the
//!   full table the CLI uses: its name and its attributes' decoded values
//!   equal the suite's tokens;
//! - every named and numeric reference of `namedEntities.test` and
//!   `numericEntities.test`, decoded as an attribute value, equals the
//!   suite's characters (with the standard's attribute rule where a legacy
//!   name is followed by `=` or a letter);
//! - the blocker's short table, with the full table standing in for the
//!   browser's tokenizer, decodes each of them the same.

use consentry::core::charref::{decode_attr, short_then, Full, Named, NamedRefs};
use consentry::core::markup::start_tags;
use serde_json::Value;
use std::path::PathBuf;

fn suite() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/html5lib-tokenizer");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the suite is in the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the suite's files are in {}", dir.display());
    let mut tests = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        let json: Value = serde_json::from_str(&text).expect("JSON");
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        for key in ["tests", "xmlViolationTests"] {
            for t in json.get(key).and_then(Value::as_array).into_iter().flatten() {
                tests.push((name.clone(), t.clone()));
            }
        }
    }
    tests
}

/// Tests that start in the data state, as a page's markup does, and whose
/// strings are written plainly (not double-escaped).
fn from_data_state(t: &Value) -> bool {
    let states_ok = t.get("initialStates").and_then(Value::as_array).is_none_or(|s| s.iter().all(|s| s == "Data state"));
    states_ok && t.get("doubleEscaped").is_none() && t.get("lastStartTag").is_none()
}

fn expected_start_tags(t: &Value) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    for token in t.get("output").and_then(Value::as_array).into_iter().flatten() {
        let Some(token) = token.as_array() else { continue };
        if token.first().and_then(Value::as_str) != Some("StartTag") {
            continue;
        }
        let name = token.get(1).and_then(Value::as_str).unwrap_or("").to_string();
        let mut attrs: Vec<(String, String)> = token
            .get(2)
            .and_then(Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        attrs.sort();
        tags.push((name, attrs));
    }
    tags
}

#[test]
fn every_start_tag_reads_as_the_suite_says() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, t) in suite() {
        if !from_data_state(&t) {
            continue;
        }
        let expected = expected_start_tags(&t);
        if expected.is_empty() {
            continue;
        }
        let input = t.get("input").and_then(Value::as_str).unwrap_or("");
        let mut ours = start_tags(input, &Full);
        for (_, attrs) in &mut ours {
            attrs.sort();
        }
        checked += 1;
        if ours != expected {
            failures.push(format!("{file}: {input:?}\n  suite: {expected:?}\n  ours:  {ours:?}"));
        }
    }
    assert!(checked > 300, "only {checked} tests with start tags");
    assert!(failures.is_empty(), "{} of {checked} differ:\n{}", failures.len(), failures.join("\n"));
}

/// The characters a test's output tokens add up to.
fn characters(t: &Value) -> Option<String> {
    let mut out = String::new();
    for token in t.get("output")?.as_array()? {
        let token = token.as_array()?;
        if token.first()?.as_str()? != "Character" {
            return None;
        }
        out.push_str(token.get(1)?.as_str()?);
    }
    Some(out)
}

/// The short table, with the full one as the browser (see
/// `web::state::BrowserRefs`).
struct BrowserLike;
impl NamedRefs for BrowserLike {
    fn longest(&self, s: &str) -> Named {
        short_then(s, &|r| decode_attr(&format!("&{r}"), &Full).ok().map(|c| c.into_owned()))
    }
}

#[test]
fn every_reference_decodes_as_the_suite_says() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, t) in suite() {
        if !(file == "namedEntities.test" || file == "numericEntities.test") || !from_data_state(&t) {
            continue;
        }
        let (Some(input), Some(expected)) = (t.get("input").and_then(Value::as_str), characters(&t)) else { continue };
        // In text and at the end of an attribute value a reference reads the
        // same; the tests give each one alone.
        for (table, refs) in [("full", &Full as &dyn NamedRefs), ("short + browser", &BrowserLike)] {
            checked += 1;
            let ours = decode_attr(input, refs).map(|c| c.into_owned());
            if ours.as_deref() != Ok(expected.as_str()) {
                failures.push(format!("{file} ({table}): {input:?}: suite {expected:?}, ours {ours:?}"));
            }
        }
        // Followed by `=` or a letter, a reference without `;` stays as
        // written in an attribute value; the suite's text reading otherwise.
        if !input.ends_with(';') && input.starts_with("&") && !input.starts_with("&#") {
            let value = format!("{input}x");
            let ours = decode_attr(&value, &Full).map(|c| c.into_owned());
            checked += 1;
            if ours.as_deref() != Ok(value.as_str()) {
                failures.push(format!("{file}: {value:?} in an attribute value stays as written, ours {ours:?}"));
            }
        }
    }
    assert!(checked > 8000, "only {checked} references");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}
