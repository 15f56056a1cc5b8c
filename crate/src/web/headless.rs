//! The headless build (feature `banner` off: `consentry.headless.global.js`):
//! the blocker, the stored record, Consent Mode and the API, without the
//! banner, the preferences dialog, the cookie policy table or their texts.
//! The site asks the visitor with its own interface and calls
//! `Consentry.accept([...])`, `acceptAll()` or `rejectAll()`.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::{dom, state};

/// There is no dialog to open: says so, once per call, with the fix.
pub fn open_preferences() {
    dom::console_warn("Consentry: this is the headless build (consentry.headless.global.js), without a preferences dialog. Ask with your own interface and call Consentry.accept([...]), or load consentry.global.js for the built-in banner and dialog.");
}

/// Nothing to close.
pub fn after_decision() {}

/// The language a consent receipt reports: the configured one, else the page's.
pub fn language() -> String {
    if let Some(l) = state::with(|s| s.config.language.clone()).flatten() {
        return l;
    }
    let lang = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang"));
    lang.filter(|l| !l.is_empty()).unwrap_or_else(|| "en".into())
}

/// No banner: a policy placeholder is told why it stays empty.
pub fn start(_show_banner: bool) {
    let policy = Closure::once_into_js(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        if dom::qsa(&doc, "[data-consentry-policy]").length() > 0 {
            dom::console_warn("Consentry: the headless build renders no cookie policy table into [data-consentry-policy]. Use consentry.global.js on the policy page, or publish the policy from `consentry vendors` or vendors.json.");
        }
    });
    dom::when_parsed(&policy);
}
