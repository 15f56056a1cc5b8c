//! The consent interface (stage 2), as the blocker sees it: when it is
//! needed, and what it is told.
//!
//! The interface (the banner, the preferences dialog, the cookie policy,
//! the texts, the vendor details, receipts, and deleting what a withdrawal
//! takes away) is a separate module, loaded after this one, off the page's
//! critical path. It is a client of the deciding API: it reads the
//! configuration and the consent through the functions below, decides
//! through them, and registers for decisions. The blocker knows nothing of
//! banners or dialogs; it only decides *when the interface is needed*:
//!
//! - at start, when no choice is stored and the interface is on (the visitor
//!   must be asked);
//! - once the page is parsed, when it has a `[data-consentry-policy]` element;
//! - when something asks for it: `showPreferences()`, a
//!   `[data-consentry-open]` click, `vendors()`;
//! - after a decision that needs vendor details or a receipt: a withdrawal
//!   (the withdrawn vendors' cookies and storage are deleted) or a
//!   configured `logEndpoint`.
//!
//! A returning visitor's page view that needs none of these never fetches
//! it. Loading (the script element with its integrity hash and our nonce,
//! or the npm package's `import()`) is the shim's; if it fails, the console
//! says why, nothing is released, and the API keeps working.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::Mode;
use crate::core::consent::{vendor_key, Consent};
use crate::core::record::Record;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::dom;
use super::state::{self, State};

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// A decision, as the interface is told of it.
pub struct Decision {
    before: Consent,
    after: Consent,
    record: Record,
    source: String,
    mode: Mode,
    gpc: bool,
    /// Vendors allowed before and not after: their cookies and storage go.
    losing: Vec<String>,
    /// A receipt is to be sent.
    receipt: bool,
    /// The visitor's decisions on single vendors, by id (for the receipt).
    vendors: Vec<(String, bool)>,
    /// Reload once the interface has handled it.
    reload: bool,
}

impl Decision {
    /// The decision from `before` to `after`, recorded as `record`, made
    /// through `source`.
    pub fn new(s: &State, before: Consent, after: Consent, record: Record, source: &str) -> Decision {
        let c = &s.classifier;
        let losing: Vec<String> = c
            .ids()
            .filter_map(|id| c.vendor(id).map(|v| (id, v.id)))
            .filter(|(id, v)| before.loses(&after, vendor_key(v), c.categories_of(*id)))
            .map(|(_, v)| v.to_string())
            .collect();
        let vendors = super::decide::vendor_ids(s, &after);
        let withdrawn = before.decided && (!before.withdrawn_in(&after).is_empty() || !losing.is_empty());
        Decision {
            before,
            after,
            record,
            source: source.to_string(),
            mode: s.config.mode,
            gpc: s.gpc_honoured,
            receipt: s.config.log_endpoint.is_some(),
            reload: withdrawn && s.config.reload_on_withdraw,
            losing,
            vendors,
        }
    }

    fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "before", &JsValue::from(self.before.granted().bits()));
        set(&o, "after", &JsValue::from(self.after.granted().bits()));
        set(&o, "decided", &JsValue::from_bool(self.after.decided));
        set(&o, "source", &JsValue::from_str(&self.source));
        set(&o, "record", &JsValue::from_str(&self.record.to_value()));
        set(&o, "mode", &JsValue::from_str(if self.mode == Mode::OptOut { "opt-out" } else { "opt-in" }));
        set(&o, "gpc", &JsValue::from_bool(self.gpc));
        set(&o, "receipt", &JsValue::from_bool(self.receipt));
        let losing = Array::new();
        for id in &self.losing {
            losing.push(&JsValue::from_str(id));
        }
        set(&o, "losing", &losing);
        let vendors = Array::new();
        for (id, allowed) in &self.vendors {
            vendors.push(&Array::of2(&JsValue::from_str(id), &JsValue::from_bool(*allowed)));
        }
        set(&o, "vendors", &vendors);
        o.into()
    }
}

/// Whether the interface is on (`ui`, default true; false in the headless
/// build): then it shows the banner, the dialog and the cookie policy.
pub fn ui_on() -> bool {
    state::with(|s| s.config.ui).unwrap_or(false)
}

/// At start, before the hooks go in: loads the interface now when the
/// visitor must be asked, so its download overlaps the rest of start-up.
pub fn request_at_start(ask: bool) {
    if ask && ui_on() {
        dom::ui_load();
    }
}

/// Once the hooks are in (the shim's listeners call through them): listens
/// for the page's `[data-consentry-open]` and `[data-consentry-do-not-sell]`
/// clicks, and for the end of parsing (see `bridge::page_parsed`).
pub fn listen() {
    dom::on_page_events();
}

/// Tells the interface of a decision: at once if it is loaded (or loading),
/// after loading it if the decision needs it (vendor details to delete a
/// withdrawn vendor's data, a receipt to send). Then reloads the page if
/// `reloadOnWithdraw` asks for it.
pub fn decided(d: Decision) {
    let needs = d.receipt || !d.losing.is_empty();
    dom::ui_decided(&d.to_js(), needs, d.reload);
}

/// Opens the preferences dialog (a Promise of whether it opened).
pub fn open_preferences() -> js_sys::Promise {
    if !ui_on() {
        dom::console_warn("Consentry: the consent interface is off (ui: false, or the headless build consentry.headless.global.js), so there is no preferences dialog to open. Ask with your own interface and call Consentry.accept([...]), or turn it on with ui: true.");
        return js_sys::Promise::resolve(&JsValue::FALSE);
    }
    dom::ui_request("open", &JsValue::FALSE)
}

/// Every vendor with its details (a Promise of an array).
pub fn vendors() -> js_sys::Promise {
    dom::ui_request("vendors", &Array::new())
}
