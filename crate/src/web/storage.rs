//! The consent record cookie. (Deleting a withdrawn vendor's cookies and
//! storage needs their names, which are vendor details: the consent
//! interface does it, see `bridge`.)

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::consent::Consent;
use crate::core::cookies;
use crate::core::record::{self, Record, RecordError};

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

/// What a new record needs from the page, read before borrowing the state.
pub struct Page {
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
        Page { https: dom::is_https(), now: dom::now_seconds() as u64, random }
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
    Record {
        granted: consent.granted(),
        id,
        decided_at: now,
        revision: s.config.revision,
        expires: now.saturating_add(days * 86_400),
        vendors: consent.vendor_choices().to_vec(),
    }
}

/// The `document.cookie` write that stores `r`.
pub fn record_write(s: &State, r: &Record, https: bool) -> String {
    let max_age = r.expires.saturating_sub(r.decided_at);
    cookies::record_write(&s.config.cookie_name, &r.to_value(), max_age, s.config.cookie_domain.as_deref(), https)
}
