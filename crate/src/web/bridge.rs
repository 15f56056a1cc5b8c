//! The blocker's side of the consent interface (stage 2).
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

use crate::core::category::CategorySet;
use crate::core::classify::VendorId;
use crate::core::config::Mode;
use crate::core::consent::Consent;
use crate::core::hold::Kind;
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
            .filter(|id| before.loses(&after, c.categories_of(*id)))
            .filter_map(|id| c.vendor(id).map(|v| v.id.to_string()))
            .collect();
        let withdrawn = before.decided && !before.withdrawn_in(&after).is_empty();
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
        o.into()
    }
}

/// Whether the interface is on (`ui`, default true; false in the headless
/// build): then it shows the banner, the dialog and the cookie policy.
fn ui_on() -> bool {
    state::with(|s| s.config.ui).unwrap_or(false)
}

/// At start: loads the interface now when the visitor must be asked, and
/// listens for the page's `[data-consentry-open]` and
/// `[data-consentry-do-not-sell]` clicks, and for the end of parsing (see
/// [`page_parsed`]).
pub fn start(ask: bool) {
    if ask && ui_on() {
        dom::ui_load();
    }
    dom::on_page_events();
}

/// The document is parsed: the interface is needed if it holds a cookie
/// policy placeholder.
#[wasm_bindgen(js_name = pageParsed)]
pub fn page_parsed() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if dom::qsa(&doc, "[data-consentry-policy]").length() > 0 {
        dom::ui_load();
    }
}

/// A click on a `[data-consentry-open]` element.
#[wasm_bindgen(js_name = pageOpen)]
pub fn page_open() {
    let _ = open_preferences();
}

/// A click on a `[data-consentry-do-not-sell]` element.
#[wasm_bindgen(js_name = pageDoNotSell)]
pub fn page_do_not_sell() {
    super::api::do_not_sell();
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

/// `[id, categories (bits), exempt]` for each vendor in `ids`.
fn rows(s: &State, ids: impl Iterator<Item = VendorId>) -> Array {
    let c = &s.classifier;
    let out = Array::new();
    for id in ids {
        if let Some(v) = c.vendor(id) {
            out.push(&Array::of3(
                &JsValue::from_str(v.id),
                &JsValue::from(c.categories_of(id).bits()),
                &JsValue::from_bool(c.is_exempt(id)),
            ));
        }
    }
    out
}

// ---- called by the interface (through the bridge object boot.js hands it) ----

/// The configuration as given: `[json, [[name, value]...]]` (the script
/// tag's `data-` attributes), for the interface to read its own fields.
/// Problems in it were reported at start.
#[wasm_bindgen(js_name = bridgeConfig)]
pub fn bridge_config() -> JsValue {
    let Some((json, attrs)) = state::with(|s| (s.config_json.clone(), s.config_attrs.clone())) else { return JsValue::NULL };
    let pairs = Array::new();
    for (k, v) in &attrs {
        pairs.push(&Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)));
    }
    Array::of2(&JsValue::from_str(&json), &pairs).into()
}

/// What the interface shows at start: `{ ui, ask, gpc, decided, granted }`
/// (`ask`: no choice is stored, ask the visitor; `gpc`: Global Privacy
/// Control was received and honoured).
#[wasm_bindgen(js_name = bridgeState)]
pub fn bridge_state() -> JsValue {
    let Some((ui, consent, gpc)) = state::with(|s| (s.config.ui, s.consent, s.gpc_honoured)) else { return JsValue::NULL };
    let o = Object::new();
    set(&o, "ui", &JsValue::from_bool(ui));
    set(&o, "ask", &JsValue::from_bool(!consent.decided));
    set(&o, "gpc", &JsValue::from_bool(gpc));
    set(&o, "granted", &JsValue::from(consent.granted().bits()));
    o.into()
}

/// The visitor decided in the interface: `granted` category bits, made
/// through `source` (`banner` or `preferences`; anything else is recorded
/// as `banner`).
#[wasm_bindgen(js_name = bridgeDecide)]
pub fn bridge_decide(granted: u8, source: &str) {
    let source = if source == "preferences" { "preferences" } else { "banner" };
    super::api::change_from(Consent::decided(CategorySet::from_bits(granted)), source);
}

/// The interface's "Do not sell or share" link.
#[wasm_bindgen(js_name = bridgeDoNotSell)]
pub fn bridge_do_not_sell() {
    super::api::do_not_sell();
}

/// The vendors this site uses, as `[id, categories, exempt]` rows: the ones
/// on this page (held, released, dropped requests, and tags that loaded
/// because consent allowed them), the site's own additions and the ones it
/// lists in `vendors.used`.
#[wasm_bindgen(js_name = bridgeUsed)]
pub fn bridge_used() -> JsValue {
    let mut urls: Vec<String> = Vec::new();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        for el in dom::qsa(&doc, dom::LOADING).iter() {
            let Some(kind) = dom::local_name(&el).as_deref().and_then(Kind::from_tag) else { continue };
            for (live, held) in kind.url_attrs() {
                for a in [*live, *held] {
                    if let Some(v) = dom::get_attr(&el, a) {
                        urls.push(v);
                    }
                }
            }
        }
    }
    state::with(|s| {
        let c = &s.classifier;
        let mut ids: Vec<VendorId> = s.entries.iter().filter_map(|e| e.vendor).collect();
        ids.extend(s.dropped.iter().map(|d| d.vendor));
        let ctx = s.ctx();
        ids.extend(urls.iter().filter_map(|u| ctx.classify(u).map(|m| m.id)));
        ids.extend(c.ids().filter(|id| c.is_custom(*id)));
        ids.extend(s.config.used.iter().filter_map(|u| c.find(u).map(|(id, _)| id)));
        crate::core::text::sort_by_key(&mut ids, |id| *id);
        ids.dedup();
        rows(s, ids.into_iter())
    })
    .map(JsValue::from)
    .unwrap_or(JsValue::NULL)
}

/// Every vendor of the table, built-in and site-added, as
/// `[id, categories, exempt]` rows, in id order.
#[wasm_bindgen(js_name = bridgeTable)]
pub fn bridge_table() -> JsValue {
    state::with(|s| rows(s, s.classifier.ids())).map(JsValue::from).unwrap_or(JsValue::NULL)
}

/// Where the configuration says the interface is (`uiUrl`), if it does;
/// else boot.js takes the file beside the script.
#[wasm_bindgen(js_name = uiUrl)]
pub fn ui_url() -> Option<String> {
    state::with(|s| s.config.ui_url.clone()).flatten()
}
