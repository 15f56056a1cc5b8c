//! What a regeneration changes, compared with the files on disk.

use crate::error::Error;
use crate::generate::Vendor;
use crate::render;
use std::collections::BTreeMap;
use std::path::Path;

/// The difference between the files on disk and a new run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// New vendor ids.
    pub added: Vec<String>,
    /// Vendor ids no longer generated.
    pub removed: Vec<String>,
    /// Ids whose file changes, with what changed in a few words.
    pub changed: Vec<(String, String)>,
}

impl Changes {
    /// Nothing changes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The generated files on disk, by id.
pub fn on_disk(dir: &Path) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(out) };
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            out.insert(id, std::fs::read_to_string(&p).map_err(|err| Error::Io(p.clone(), err))?);
        }
    }
    Ok(out)
}

/// The fields of a file's text that differ from another's.
fn differing(before: &str, after: &str) -> String {
    let (Ok(a), Ok(b)) = (before.parse::<toml::Table>(), after.parse::<toml::Table>()) else {
        return "the whole file (it did not parse)".into();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let what: Vec<&str> = keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).map(String::as_str).collect();
    if what.is_empty() {
        "comments".into()
    } else {
        what.join(", ")
    }
}

/// Compares.
pub fn compare(old: &BTreeMap<String, String>, new: &BTreeMap<String, Vendor>) -> Changes {
    let mut c = Changes::default();
    for (id, v) in new {
        let text = render::render(v);
        match old.get(id) {
            None => c.added.push(id.clone()),
            Some(before) if *before != text => c.changed.push((id.clone(), differing(before, &text))),
            Some(_) => {}
        }
    }
    c.removed = old.keys().filter(|id| !new.contains_key(*id)).cloned().collect();
    c
}
