//! The hand review (`vendorgen/review.toml`): decisions people made about
//! the generated vendors. The pipeline only reads it.

use crate::error::Error;
use crate::Layout;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A path rule that splits a shared host (the vendor files' `[[paths]]`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct PathRule {
    /// The host (and its subdomains).
    pub host: String,
    /// The path prefix, matched by segment.
    pub prefix: String,
    /// One query parameter's required start (`id=G-`), or empty.
    #[serde(default)]
    pub query: String,
}

/// What was decided about one third-party-web entity.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Do not generate it; the reason, for the next reviewer.
    #[serde(default)]
    pub skip: Option<String>,
    /// Categories instead of the mapped ones (also: generate an entity of a
    /// category that is not mapped).
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// Why the categories differ from the mapping: printed into the file.
    #[serde(default)]
    pub note: Option<String>,
    /// Its id, when the one made from its name is not wanted.
    #[serde(default)]
    pub id: Option<String>,
    /// Its hosts that must not be claimed whole (shared with others).
    #[serde(default)]
    pub exclude_hosts: Vec<String>,
    /// Path rules, for what it serves from shared hosts.
    #[serde(default)]
    pub paths: Vec<PathRule>,
    /// Its privacy policy, where no source gives one.
    #[serde(default)]
    pub policy: Option<String>,
    /// The database's cookies of this vendor that name no domain are the
    /// site's own (set by its script), so withdrawal may delete them.
    #[serde(default)]
    pub first_party_cookies: bool,
    /// Its Open Cookie Database platform name, where the names differ.
    #[serde(default)]
    pub ocd: Option<String>,
}

/// The whole review.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Hosts that no generated vendor may claim whole, nor any host above
    /// them: shared infrastructure (`cloudfront.net`, `googleapis.com`).
    #[serde(default)]
    pub shared_hosts: Vec<String>,
    /// Decisions by third-party-web entity name.
    #[serde(default)]
    pub entity: BTreeMap<String, Decision>,
}

/// Reads the review.
pub fn read(layout: &Layout) -> Result<Review, Error> {
    let path = layout.review();
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io(path.clone(), e))?;
    toml::from_str(&text).map_err(|e| Error::Toml(path, e.to_string()))
}
