//! Joins the sources and the review into the generated vendors.

use crate::cookies::{self, Cookie, Dropped};
use crate::hand::HandTable;
use crate::mapping;
use crate::review::{PathRule, Review};
use crate::sources::{CookieRow, Entity, ThirdPartyWeb};
use consentry::core::category::Category;
use consentry::core::rules;
use consentry::core::url::host_within;
use std::collections::{BTreeMap, BTreeSet};

/// A vendor to write to `crate/vendors/generated/<id>.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vendor {
    /// Its id (= file name).
    pub id: String,
    /// The third-party-web entity it comes from.
    pub entity: String,
    /// Display name.
    pub name: String,
    /// The company responsible.
    pub company: String,
    /// Consentry's categories.
    pub categories: Vec<String>,
    /// Our note on why it is held, or not.
    pub why: String,
    /// Its privacy policy, when a source or the review gives one.
    pub policy: Option<String>,
    /// Its home page.
    pub website: Option<String>,
    /// Hosts claimed whole.
    pub hosts: Vec<String>,
    /// Path rules on shared hosts.
    pub paths: Vec<PathRule>,
    /// Cookies the Open Cookie Database knows for it.
    pub cookies: Vec<Cookie>,
    /// Where each fact comes from, with the licence.
    pub sources: Vec<String>,
}

/// Why an entity was not generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A hand-written vendor covers one of its hosts.
    Covered(String),
    /// Its category is not generated (see [`mapping`]) and the review says nothing.
    Category(String),
    /// The review skips it, for this reason.
    Review(String),
    /// None of its hosts can be claimed.
    NoHosts,
}

/// A host left out of a generated vendor, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The entity.
    pub entity: String,
    /// The host.
    pub host: String,
    /// Why.
    pub reason: String,
}

/// Everything one run produces.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The vendors, by id.
    pub vendors: BTreeMap<String, Vendor>,
    /// Entities not generated.
    pub skipped: Vec<(String, Skip)>,
    /// Hosts left out.
    pub left_out: Vec<LeftOut>,
    /// Cookie rows left out (entity, why).
    pub dropped_cookies: Vec<(String, Dropped)>,
    /// Entities that a hand-written vendor of the same name covers but none
    /// of whose hosts it claims: (hand id, entity, its hosts), for a person
    /// to add to that file.
    pub leads: Vec<(String, String, Vec<String>)>,
}

/// Runs the join. Review errors (an unknown entity, an invalid id or link)
/// are returned as messages.
pub fn generate(tpw: &ThirdPartyWeb, ocd: &[CookieRow], hand: &HandTable, review: &Review) -> Result<Outcome, Vec<String>> {
    let mut errs = Vec::new();
    let names: BTreeSet<&str> = tpw.entities.iter().map(|e| e.name.as_str()).collect();
    for name in review.entity.keys() {
        if !names.contains(name.as_str()) {
            errs.push(format!("[entity.{name:?}]: no such entity in third-party-web {} (renamed or removed?)", tpw.version));
        }
    }
    for h in &review.shared_hosts {
        if !rules::valid_host(h) {
            errs.push(format!("shared_hosts: {h:?} is not a host name"));
        }
    }
    // The database's rows by normalised platform name.
    let mut platforms: BTreeMap<String, Vec<&CookieRow>> = BTreeMap::new();
    for row in ocd {
        platforms.entry(cookies::key(&row.platform)).or_default().push(row);
    }
    let hand_hosts: Vec<&str> = hand.all_hosts().collect();
    let mut taken_ids: BTreeSet<String> = hand.ids.iter().cloned().collect();
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Outcome::default();

    for e in &tpw.entities {
        let decision = review.entity.get(&e.name).cloned().unwrap_or_default();
        let hosts = e.hosts();
        if let Some(id) = hosts.iter().find_map(|h| hand.related(h)) {
            out.skipped.push((e.name.clone(), Skip::Covered(id.to_string())));
            continue;
        }
        if let Some(why) = &decision.skip {
            out.skipped.push((e.name.clone(), Skip::Review(why.clone())));
            continue;
        }
        // The same service under its name: its hosts are leads for the
        // hand-written file, not a second vendor.
        if let Some(id) = hand.names.get(&cookies::key(&e.name)) {
            out.leads.push((id.clone(), e.name.clone(), hosts.clone()));
            out.skipped.push((e.name.clone(), Skip::Covered(id.clone())));
            continue;
        }
        let rule = mapping::rule(&e.category);
        let categories: Vec<String> = match (&decision.categories, rule) {
            (Some(c), _) => c.clone(),
            (None, Some(r)) => r.categories.iter().map(|c| c.to_string()).collect(),
            (None, None) => {
                out.skipped.push((e.name.clone(), Skip::Category(e.category.clone())));
                continue;
            }
        };
        // The review may use any spelling the core reads; the files get the
        // canonical names.
        let mut canonical = Vec::new();
        for c in &categories {
            match Category::parse(c) {
                Some(k) => canonical.push(k.name().to_string()),
                None => errs.push(format!("[entity.{:?}]: unknown category {c:?}", e.name)),
            }
        }
        let categories = canonical;
        let mut kept = Vec::new();
        for h in hosts {
            let reason = if !rules::valid_host(&h) {
                Some("not a host name".to_string())
            } else if decision.exclude_hosts.contains(&h) {
                Some("excluded by the review".to_string())
            } else if let Some(s) = review.shared_hosts.iter().find(|s| host_within(s, &h)) {
                Some(format!("shared host (at or above {s})"))
            } else if let Some(x) = hand_hosts.iter().find(|x| host_within(x, &h)) {
                Some(format!("above the hand-written table's {x}"))
            } else {
                claimed.get(&h).map(|other| format!("already claimed by {other}"))
            };
            match reason {
                Some(reason) => out.left_out.push(LeftOut { entity: e.name.clone(), host: h, reason }),
                None => kept.push(h),
            }
        }
        if kept.is_empty() && decision.paths.is_empty() {
            out.skipped.push((e.name.clone(), Skip::NoHosts));
            continue;
        }
        // The id comes from the first host (stable when the data renames
        // the entity, and left out of the blocker's table: see
        // rules::id_of_host), unless the review pins one.
        let id = match (&decision.id, kept.first()) {
            (Some(id), _) => id.clone(),
            (None, Some(first)) => rules::id_of_host(first),
            (None, None) => rules::id_of_host(decision.paths.first().map(|p| p.host.as_str()).unwrap_or_default()),
        };
        if !rules::valid_id(&id) || !taken_ids.insert(id.clone()) {
            errs.push(format!("[entity.{:?}]: id {id:?} is invalid or taken", e.name));
            continue;
        }
        for h in &kept {
            claimed.insert(h.clone(), id.clone());
        }
        out.vendors.insert(
            id.clone(),
            vendor(e, id, categories, kept, &decision, &platforms, rule, &tpw.version, &mut out.dropped_cookies, &mut errs),
        );
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

#[allow(clippy::too_many_arguments)]
fn vendor(
    e: &Entity,
    id: String,
    categories: Vec<String>,
    hosts: Vec<String>,
    decision: &crate::review::Decision,
    platforms: &BTreeMap<String, Vec<&CookieRow>>,
    rule: Option<&mapping::Rule>,
    version: &str,
    dropped: &mut Vec<(String, Dropped)>,
    errs: &mut Vec<String>,
) -> Vendor {
    let mut sources = vec![format!(
        "third-party-web {version} (MIT, HTTP Archive): entity {:?}, category {:?}, on {} pages",
        e.name,
        e.category,
        e.occurrences()
    )];
    let platform = decision.ocd.clone().unwrap_or_else(|| e.name.clone());
    let rows = platforms.get(&cookies::key(&platform)).map(Vec::as_slice).unwrap_or(&[]);
    let mut cookie_list: Vec<Cookie> = Vec::new();
    for row in rows {
        match cookies::cookie(row) {
            // A row that does not say where the cookie lives is left out
            // unless the review says the vendor's cookies are the site's own:
            // withdrawal deletes a vendor's first-party cookies, and the
            // database's names can be as plain as `cmp` or `optout`.
            Ok(c) if c.domain.is_none() && row.domain.trim().is_empty() && !decision.first_party_cookies => {
                dropped.push((e.name.clone(), Dropped::Domain(c.name)))
            }
            Ok(c) => {
                if !cookie_list.iter().any(|x| x.name == c.name && x.prefix == c.prefix) {
                    cookie_list.push(c);
                }
            }
            Err(d) => dropped.push((e.name.clone(), d)),
        }
    }
    if let Some(row) = rows.first() {
        sources.push(format!("Open Cookie Database (Apache-2.0): platform {:?}", row.platform));
    }
    let portal = rows.iter().map(|r| r.portal.trim()).find(|p| rules::valid_vendor_link(p)).map(str::to_string);
    let policy = decision.policy.clone().or(portal);
    if let Some(p) = &decision.policy {
        if !rules::valid_vendor_link(p) {
            errs.push(format!("[entity.{:?}]: policy {p:?} must be an https:// URL", e.name));
        }
    }
    let company = e
        .company
        .clone()
        .or_else(|| rows.iter().map(|r| r.controller.trim()).find(|c| !c.is_empty()).map(str::to_string))
        .unwrap_or_else(|| e.name.clone());
    let website = e.homepage.clone().filter(|h| rules::valid_vendor_link(h));
    let mut why = match (&decision.note, rule) {
        (Some(n), _) => n.trim().to_string(),
        (None, Some(r)) => r.why.to_string(),
        (None, None) => String::new(),
    };
    if why.is_empty() {
        errs.push(format!("[entity.{:?}]: generated from an unmapped category: give a note", e.name));
        why = "(no note)".into();
    }
    for p in &decision.paths {
        if !rules::valid_host(&p.host) || !rules::valid_path_prefix(&p.prefix) || !rules::valid_query(&p.query) {
            errs.push(format!("[entity.{:?}]: invalid path rule {p:?}", e.name));
        }
    }
    Vendor {
        id,
        entity: e.name.clone(),
        name: e.name.clone(),
        company,
        categories,
        why,
        policy,
        website,
        hosts,
        paths: decision.paths.clone(),
        cookies: cookie_list,
        sources,
    }
}
