//! The pinned sources, read as they are.

use crate::error::Error;
use crate::Layout;
use serde::Deserialize;
use std::path::Path;

/// One entity of third-party-web (`dist/entities.json`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entity {
    /// Its name, unique in the file.
    pub name: String,
    /// The company behind it, when the data names one.
    #[serde(default)]
    pub company: Option<String>,
    /// Its home page.
    #[serde(default)]
    pub homepage: Option<String>,
    /// Its category (`ad`, `analytics`, `cdn`, ...).
    pub category: String,
    /// Its domains; `*.x` stands for x's subdomains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// How many pages of HTTP Archive's crawl load it.
    #[serde(default)]
    pub total_occurrences: Option<u64>,
}

impl Entity {
    /// Its domains as vendor-table hosts: lower case, `*.` dropped (a table
    /// host covers its subdomains), each once, in the data's order.
    pub fn hosts(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.domains {
            let h = d.trim().trim_start_matches("*.").trim_end_matches('.').to_ascii_lowercase();
            if !out.contains(&h) {
                out.push(h);
            }
        }
        out
    }
    /// Pages that load it (0 when the data does not say).
    pub fn occurrences(&self) -> u64 {
        self.total_occurrences.unwrap_or(0)
    }
}

/// third-party-web at its pinned version.
#[derive(Clone, Debug)]
pub struct ThirdPartyWeb {
    /// The version read (equal to the pin).
    pub version: String,
    /// Its entities, in the data's order.
    pub entities: Vec<Entity>,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    version: String,
    #[serde(default, rename = "devDependencies")]
    dev: std::collections::BTreeMap<String, String>,
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io(path.to_path_buf(), e))
}

fn json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, Error> {
    serde_json::from_str(&read(path)?).map_err(|e| Error::Json(path.to_path_buf(), e))
}

/// Reads third-party-web from `node_modules`, refusing any version but the
/// one `package.json` pins.
pub fn third_party_web(layout: &Layout) -> Result<ThirdPartyWeb, Error> {
    let ours: Manifest = json(&layout.package_json())?;
    let pinned = ours.dev.get("third-party-web").cloned().unwrap_or_default();
    if pinned.is_empty() || !pinned.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(Error::NotPinned(pinned));
    }
    let theirs: Manifest = json(&layout.tpw_dir().join("package.json"))?;
    if theirs.version != pinned {
        return Err(Error::Version { pinned, installed: theirs.version });
    }
    let entities: Vec<Entity> = json(&layout.tpw_dir().join("dist").join("entities.json"))?;
    Ok(ThirdPartyWeb { version: pinned, entities })
}

/// One row of the Open Cookie Database.
#[derive(Clone, Debug, Deserialize)]
pub struct CookieRow {
    /// The platform (vendor) it belongs to.
    #[serde(rename = "Platform")]
    pub platform: String,
    /// Its purpose: Functional, Marketing, Analytics, Security, Necessary, Personalization.
    #[serde(rename = "Category")]
    pub category: String,
    /// The cookie or storage key name (a prefix when `wildcard` is "1").
    #[serde(rename = "Cookie / Data Key name")]
    pub name: String,
    /// The cookie's domain, free text (`x.com (3rd party)`), often empty.
    #[serde(rename = "Domain")]
    pub domain: String,
    /// Retention, free text.
    #[serde(rename = "Retention period")]
    pub retention: String,
    /// The company responsible.
    #[serde(rename = "Data Controller")]
    pub controller: String,
    /// The platform's privacy page.
    #[serde(rename = "User Privacy & GDPR Rights Portals")]
    pub portal: String,
    /// "1" when `name` is a prefix.
    #[serde(rename = "Wildcard match")]
    pub wildcard: String,
}

/// Reads the Open Cookie Database copy.
pub fn open_cookie_database(layout: &Layout) -> Result<Vec<CookieRow>, Error> {
    let path = layout.ocd();
    let mut r = csv::Reader::from_path(&path).map_err(|e| Error::Csv(path.clone(), e))?;
    r.deserialize().collect::<Result<Vec<CookieRow>, _>>().map_err(|e| Error::Csv(path, e))
}
