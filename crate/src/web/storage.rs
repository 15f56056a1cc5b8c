//! The consent record cookie, and deleting a withdrawn vendor's cookies and
//! storage.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::consent::Consent;
use crate::core::cookies;
use crate::core::record::{self, Record, RecordError};
use crate::core::table::{NameMatch, StorageKind};

use super::dom;
use super::state::State;

/// Reads the stored record; `Err` says why it cannot be honoured.
pub fn load(name: &str, revision: u32) -> Result<Option<Record>, RecordError> {
    let jar = dom::cookie();
    let Some(value) = cookies::value(&jar, name) else { return Ok(None) };
    let r = Record::parse(value)?;
    r.check(dom::now_seconds() as u64, revision)?;
    Ok(Some(r))
}

/// What the page tells us about itself, read before borrowing the state.
pub struct Page {
    /// `document.cookie`.
    pub jar: String,
    /// `localStorage` keys.
    pub local: Vec<String>,
    /// `sessionStorage` keys.
    pub session: Vec<String>,
    /// `location.hostname`.
    pub host: String,
    /// `location.pathname`.
    pub path: String,
    /// Whether the page is served over https.
    pub https: bool,
    /// Now, in Unix seconds.
    pub now: u64,
    /// Sixteen random bytes (a new consent id, if one is needed).
    pub random: [u8; 16],
}

impl Page {
    /// Reads the page.
    pub fn read() -> Page {
        let mut random = [0u8; 16];
        for (slot, v) in random.iter_mut().zip(dom::random_bytes()) {
            *slot = v;
        }
        Page {
            jar: dom::cookie(),
            local: dom::storage_keys(false),
            session: dom::storage_keys(true),
            host: dom::hostname(),
            path: dom::pathname(),
            https: dom::is_https(),
            now: dom::now_seconds() as u64,
            random,
        }
    }
}

/// A new record for `consent`, keeping the consent id of the current one.
pub fn make_record(s: &State, consent: &Consent, page: &Page) -> Record {
    let now = page.now;
    let id = match &s.record {
        Some(r) => r.id.clone(),
        None => record::id_from_bytes(&page.random),
    };
    let days = u64::from(s.config.cookie_days);
    Record { granted: consent.granted(), id, decided_at: now, revision: s.config.revision, expires: now.saturating_add(days * 86_400) }
}

/// The `document.cookie` write that stores `r`.
pub fn record_write(s: &State, r: &Record, https: bool) -> String {
    let max_age = r.expires.saturating_sub(r.decided_at);
    cookies::record_write(&s.config.cookie_name, &r.to_value(), max_age, s.config.cookie_domain.as_deref(), https)
}

/// What a withdrawal must delete: cookie writes, storage keys, databases.
#[derive(Default)]
pub struct Cleanup {
    /// Strings to assign to `document.cookie`.
    pub cookie_writes: Vec<String>,
    /// `(session?, key)` storage keys to remove.
    pub keys: Vec<(bool, String)>,
    /// IndexedDB databases by exact name.
    pub databases: Vec<String>,
    /// IndexedDB database name prefixes.
    pub database_prefixes: Vec<String>,
}

/// Works out what to delete when consent goes from `before` to `after`:
/// the cookies and storage of every vendor that was allowed and no longer
/// is. Only cookies a vendor sets on the site itself are touched (its
/// third-party cookies live on its own domain); everything else is left.
pub fn cleanup_plan(s: &State, before: &Consent, after: &Consent, page: &Page) -> Cleanup {
    let mut plan = Cleanup::default();
    let (jar, host, path, https) = (&page.jar, &page.host, &page.path, page.https);
    let (local, session) = (&page.local, &page.session);
    let c = &s.classifier;
    let losing: Vec<_> = c.ids().filter(|id| before.loses(after, c.categories_of(*id))).filter_map(|id| c.vendor_def(id)).collect();
    if losing.is_empty() {
        return plan;
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in cookies::names(jar) {
        if name == s.config.cookie_name || seen.contains(&name) {
            continue;
        }
        let ours = losing.iter().any(|v| v.cookies.iter().any(|c| c.domain.is_none() && c.matching.matches(&c.name, name)));
        if ours {
            seen.push(name);
            plan.cookie_writes.extend(cookies::deletion_writes(name, host, path, https));
        }
    }
    for (session_store, keys, kind) in [(false, local, StorageKind::Local), (true, session, StorageKind::Session)] {
        for k in keys {
            if losing.iter().any(|v| cookies::vendor_uses_key(v, kind, k)) {
                plan.keys.push((session_store, k.clone()));
            }
        }
    }
    for v in &losing {
        for st in v.storage.iter().filter(|st| st.kind == StorageKind::IndexedDb) {
            match st.matching {
                NameMatch::Exact => plan.databases.push(st.name.to_string()),
                NameMatch::Prefix => plan.database_prefixes.push(st.name.to_string()),
            }
        }
    }
    plan
}

/// Carries out a cleanup plan.
pub fn run_cleanup(plan: Cleanup) {
    for w in &plan.cookie_writes {
        dom::set_cookie(w);
    }
    for (session, k) in &plan.keys {
        dom::storage_remove(*session, k);
    }
    if !plan.databases.is_empty() || !plan.database_prefixes.is_empty() {
        dom::idb_delete(plan.databases, plan.database_prefixes);
    }
}
