//! What the consent interface and the page call in the blocker: the
//! bridge object boot.js hands the interface (it reads the configuration,
//! the consent and the vendors in use, and decides, through these), and the
//! page's open and do-not-sell clicks. See `interface` for when the
//! interface is loaded and what it is told.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::CategorySet;
use crate::core::classify::VendorId;
use crate::core::consent::{vendor_key, Consent};
use crate::core::hold::Kind;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::decide;
use super::dom;
use super::interface;
use super::state::{self, State};

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// The document is parsed: the interface is needed if it holds a cookie
/// policy placeholder, or for placeholders of held elements.
#[wasm_bindgen(js_name = pageParsed)]
pub fn page_parsed() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if dom::qsa(&doc, "[data-consentry-policy]").length() > 0 {
        dom::ui_load();
    }
    // Held frames and embeds, and held scripts that draw widgets, get
    // placeholders; so does anything held that the site gave its own
    // (`data-consentry-placeholder`).
    let (placeholders, any) = state::with(|s| {
        let held = || s.entries.iter().filter(|e| e.phase == state::Phase::Held);
        (held().any(|e| super::registry::needs_placeholder(&s.classifier, e.kind, e.vendor)), held().next().is_some())
    })
    .unwrap_or((false, false));
    let site = any && dom::qsa(&doc, "[data-consentry-placeholder]").length() > 0;
    if (placeholders || site) && interface::ui_on() {
        let _ = dom::ui_request("placeholders", &JsValue::FALSE);
    }
}

/// What is held in the document, for the interface's placeholders: `[element,
/// vendor id or "", index, categories (bits), URL, kind]`, where kind is
/// `frame` (a frame, `<embed>` or `<object>`), `script` or `other`.
#[wasm_bindgen(js_name = bridgeHeld)]
pub fn bridge_held() -> JsValue {
    state::with(|s| {
        let out = Array::new();
        for (i, e) in s.entries.iter().enumerate() {
            if e.phase != state::Phase::Held {
                continue;
            }
            let id = e.vendor.and_then(|v| s.classifier.vendor(v)).map(|v| v.id).unwrap_or("");
            let kind = if e.kind.is_embedded() {
                "frame"
            } else if e.kind == Kind::Script {
                "script"
            } else {
                "other"
            };
            let row = Array::of5(
                &e.el,
                &JsValue::from_str(id),
                &JsValue::from(u32::try_from(i).unwrap_or(u32::MAX)),
                &JsValue::from(e.categories.bits()),
                &JsValue::from_str(&e.url),
            );
            row.push(&JsValue::from_str(kind));
            out.push(&row);
        }
        JsValue::from(out)
    })
    .unwrap_or(JsValue::NULL)
}

/// A placeholder's "load once" (see `registry::release_once`).
#[wasm_bindgen(js_name = bridgeLoadOnce)]
pub fn bridge_load_once(index: u32) -> bool {
    super::registry::release_once(index)
}

/// A widget's or a site placeholder's "load once": the vendor, for this
/// page view (see `registry::release_vendor_once`).
#[wasm_bindgen(js_name = bridgeLoadVendorOnce)]
pub fn bridge_load_vendor_once(id: &str) -> bool {
    super::registry::release_vendor_once(id)
}

/// A click on a `[data-consentry-open]` element.
#[wasm_bindgen(js_name = pageOpen)]
pub fn page_open() {
    let _ = interface::open_preferences();
}

/// A click on a `[data-consentry-do-not-sell]` element.
#[wasm_bindgen(js_name = pageDoNotSell)]
pub fn page_do_not_sell() {
    decide::do_not_sell();
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
    let Some((ui, consent, gpc)) = state::with(|s| (s.config.ui, s.consent.clone(), s.gpc_honoured)) else { return JsValue::NULL };
    let o = Object::new();
    set(&o, "ui", &JsValue::from_bool(ui));
    set(&o, "ask", &JsValue::from_bool(!consent.decided));
    set(&o, "gpc", &JsValue::from_bool(gpc));
    set(&o, "granted", &JsValue::from(consent.granted().bits()));
    o.into()
}

/// The visitor decided in the interface: `granted` category bits, made
/// through `source` (`banner` or `preferences`; anything else is recorded
/// as `banner`), and, from the dialog, its decisions on single vendors.
#[wasm_bindgen(js_name = bridgeDecide)]
pub fn bridge_decide(granted: u8, source: &str, vendors: JsValue) {
    let source = if source == "preferences" { "preferences" } else { "banner" };
    let next = Consent::decided(CategorySet::from_bits(granted));
    // The banner's Accept all and Reject all answer for every vendor. Saved
    // preferences carry the dialog's vendor switches that disagree with
    // their categories, `[id, allowed]` pairs: exactly those decisions.
    let next = if source == "preferences" && Array::is_array(&vendors) {
        let choices = state::with(|s| {
            Array::from(&vendors)
                .iter()
                .filter_map(|pair| {
                    let pair: &Array = pair.dyn_ref()?;
                    let id = pair.get(0).as_string()?;
                    let (_, v) = s.classifier.find(&id)?;
                    Some((vendor_key(v.id), pair.get(1).as_bool()?))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        next.with_vendors(choices)
    } else {
        next
    };
    decide::change_from(next, source);
}

/// The interface's "Do not sell or share" link.
#[wasm_bindgen(js_name = bridgeDoNotSell)]
pub fn bridge_do_not_sell() {
    decide::do_not_sell();
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

/// The vendor table's text, which the interface is built without (see
/// `core::vendors::share`): one copy per page, in stage 1.
#[wasm_bindgen(js_name = bridgeTableText)]
pub fn bridge_table_text() -> JsValue {
    JsValue::from_str(crate::core::vendors::text())
}

/// Where the configuration says the interface is (`uiUrl`), if it does;
/// else boot.js takes the file beside the script.
#[wasm_bindgen(js_name = uiUrl)]
pub fn ui_url() -> Option<String> {
    state::with(|s| s.config.ui_url.clone()).flatten()
}
