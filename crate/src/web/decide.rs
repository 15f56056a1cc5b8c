//! A decision, carried out: the record stored, Consent Mode updated, what
//! is now allowed released, the consent interface and the page told. The
//! API, the interface's bridge and the page's do-not-sell links all decide
//! through here.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::{Category, CategorySet};
use crate::core::consent::{vendor_key, Consent};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::dom;
use super::interface;
use super::registry;
use super::state::{self, State};
use super::storage;

fn set(o: &Object, k: &str, v: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v);
}

/// Opts out of sale and sharing (`[data-consentry-do-not-sell]`, the
/// banner's link): marketing off, the rest as it is.
pub fn do_not_sell() {
    let granted = state::with(|s| s.consent.granted()).unwrap_or(CategorySet::NECESSARY);
    change_from(Consent::decided(granted.without(Category::Marketing)), "do-not-sell");
}

/// Applies a new decision: stores it, updates Consent Mode, releases what
/// is now allowed, tells the consent interface (for receipts and for
/// deleting what a withdrawal takes away) and the page. `source` is
/// recorded in the receipt (`banner`, `preferences`, `api`, `do-not-sell`).
pub fn change_from(next: Consent, source: &str) {
    // Read the page before borrowing the state.
    let page = storage::Page::read();
    let out = state::with(|s| {
        let before = ::core::mem::replace(&mut s.consent, next.clone());
        // A withdrawal also ends what the visitor loaded once in this page view.
        s.classifier.end_page_view(&before, &next);
        let record = storage::make_record(s, &next, &page);
        let write = storage::record_write(s, &record, page.https);
        s.record = Some(record.clone());
        let event = interface::Decision::new(s, before, next.clone(), record, source);
        (write, s.config.consent_mode.clone(), event)
    });
    let Some((write, consent_mode, event)) = out else {
        dom::console_error("Consentry: not started yet; the choice was not applied");
        return;
    };
    dom::set_cookie(&write);
    // Consent Mode follows the categories (a decision on one vendor changes none).
    super::consentmode::push_update(&next, &consent_mode);
    registry::release_allowed();
    interface::decided(event);
    dom::emit("consentry:change", &consent_value());
}

/// The visitor's decisions on single vendors, by vendor id: the keys the
/// consent holds (see `core::consent::vendor_key`) found in this site's table.
pub fn vendor_ids(s: &State, consent: &Consent) -> Vec<(String, bool)> {
    if consent.vendor_choices().is_empty() {
        return Vec::new();
    }
    let c = &s.classifier;
    c.ids().filter_map(|id| c.vendor(id)).filter_map(|v| consent.vendor_choice(vendor_key(v.id)).map(|a| (v.id.to_string(), a))).collect()
}

/// Decides on one vendor (`acceptVendor`, `rejectVendor`): the categories
/// stay as they are. An id the table does not know is named in the console
/// and changes nothing.
pub fn vendor(id: &str, allowed: bool) {
    let next = state::with(|s| {
        let (_, v) = s.classifier.find(id)?;
        Some(s.consent.clone().with_vendor(vendor_key(v.id), allowed))
    })
    .flatten();
    match next {
        Some(next) => change_from(next, "api"),
        None => {
            let mut m = String::from("Consentry: no vendor \"");
            m.extend(id.chars().take(80));
            m.push_str("\" (see Consentry.vendors() for the ids); nothing changed");
            dom::console_error(&m);
        }
    }
}

/// The current consent as the API reports it: `{ necessary, functional,
/// analytics, marketing, decided, vendors, id, decidedAt, expires, revision }`
/// (`vendors`: the visitor's decisions on single vendors, by id).
pub fn consent_value() -> JsValue {
    let Some((c, record, revision, vendors)) =
        state::with(|s| (s.consent.clone(), s.record.clone(), s.config.revision, vendor_ids(s, &s.consent)))
    else {
        return JsValue::NULL;
    };
    let o = Object::new();
    for cat in Category::ALL {
        set(&o, cat.name(), JsValue::from_bool(c.grants(cat)));
    }
    set(&o, "decided", JsValue::from_bool(c.decided));
    let v = Object::new();
    for (id, allowed) in &vendors {
        set(&v, id, JsValue::from_bool(*allowed));
    }
    set(&o, "vendors", v.into());
    set(&o, "revision", JsValue::from(revision));
    match record {
        Some(r) => {
            set(&o, "id", JsValue::from_str(&r.id));
            set(&o, "decidedAt", JsValue::from_f64(r.decided_at as f64 * 1000.0));
            set(&o, "expires", JsValue::from_f64(r.expires as f64 * 1000.0));
        }
        None => {
            set(&o, "id", JsValue::NULL);
            set(&o, "decidedAt", JsValue::NULL);
            set(&o, "expires", JsValue::NULL);
        }
    }
    o.into()
}
