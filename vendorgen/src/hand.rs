//! The hand-written vendor files, as far as the pipeline needs them: their
//! ids and the hosts they claim.

use crate::error::Error;
use crate::Layout;
use consentry::core::url::host_within;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct File {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    aka: Vec<String>,
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    paths: Vec<PathHost>,
}

#[derive(Deserialize)]
struct PathHost {
    host: String,
}

/// What the hand-written table claims.
#[derive(Clone, Debug, Default)]
pub struct HandTable {
    /// Every id.
    pub ids: Vec<String>,
    /// Hosts claimed whole, with the vendor's id.
    pub hosts: BTreeMap<String, String>,
    /// Hosts split by path rules, with one vendor's id that has a rule there.
    pub path_hosts: BTreeMap<String, String>,
    /// Names and other names, normalised (see [`crate::cookies::key`]), with the id.
    pub names: BTreeMap<String, String>,
}

impl HandTable {
    /// The hand vendor that covers `host`: one claiming it or a domain above
    /// it, or one with path rules on exactly it.
    pub fn covering(&self, host: &str) -> Option<&str> {
        if let Some(id) = self.path_hosts.get(host) {
            return Some(id);
        }
        let mut h = host;
        loop {
            if let Some(id) = self.hosts.get(h) {
                return Some(id);
            }
            h = h.split_once('.')?.1;
        }
    }

    /// The hand vendor related to `host` by domain: one covering it (see
    /// [`Self::covering`]) or one claiming a host below it (`ads.x.com`
    /// below `x.com`): then the entity is the hand vendor's company, and its
    /// other hosts are leads for that file, not a second vendor.
    pub fn related(&self, host: &str) -> Option<&str> {
        self.covering(host)
            .or_else(|| self.hosts.iter().chain(self.path_hosts.iter()).find(|(h, _)| host_within(h, host)).map(|(_, id)| id.as_str()))
    }

    /// Every host the hand table names (whole or by path).
    pub fn all_hosts(&self) -> impl Iterator<Item = &str> {
        self.hosts.keys().chain(self.path_hosts.keys()).map(String::as_str)
    }
}

/// Reads `crate/vendors/*.toml`.
pub fn read(layout: &Layout) -> Result<HandTable, Error> {
    let dir = layout.hand_dir();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Io(dir.clone(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut t = HandTable::default();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| Error::Io(p.clone(), e))?;
        let f: File = toml::from_str(&text).map_err(|e| Error::Toml(p.clone(), e.to_string()))?;
        for h in f.hosts {
            t.hosts.insert(h, f.id.clone());
        }
        for r in f.paths {
            t.path_hosts.entry(r.host).or_insert_with(|| f.id.clone());
        }
        for n in std::iter::once(&f.name).chain(f.aka.iter()).filter(|n| !n.is_empty()) {
            t.names.entry(crate::cookies::key(n)).or_insert_with(|| f.id.clone());
        }
        t.ids.push(f.id);
    }
    Ok(t)
}
