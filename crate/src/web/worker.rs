//! What stage 1 tells the service-worker guard (`guard/`, run by
//! `consentry-sw.js`): where the worker is, and the consent state the
//! worker decides by. The page's side of the messaging is in
//! `js/worker.js`; the worker's rules are [`crate::core::guard`].

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use super::state;

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// The configuration's `serviceWorker`: `{ url, scope, enabled }`, or
/// `undefined` when the site does not use the guard.
#[wasm_bindgen(js_name = serviceWorker)]
pub fn service_worker() -> JsValue {
    let Some(Some(sw)) = state::with(|s| s.config.service_worker.clone()) else { return JsValue::UNDEFINED };
    let o = Object::new();
    let opt = |v: Option<String>| v.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s));
    set(&o, "url", &opt(sw.url));
    set(&o, "scope", &opt(sw.scope));
    set(&o, "enabled", &JsValue::from_bool(sw.enabled));
    o.into()
}

/// The message that tells the worker this page's state (read by
/// `core::guard::Report` on the other side): the configuration as the page
/// received it (JSON, and the script tag's attributes as JSON pairs), the
/// granted categories' bits, whether they are a decision, the decisions on
/// single vendors (as the record writes them), what applies
/// without one, when the state came to be and when the decision expires (in
/// milliseconds), and whether the guard is switched off. The configuration
/// only `with_config` (a worker's first message: it can be large, and it
/// does not change during a page view).
#[wasm_bindgen(js_name = guardState)]
pub fn guard_state(with_config: bool) -> JsValue {
    state::with(|s| {
        let o = Object::new();
        set(&o, "consentry", &JsValue::from_str("state"));
        if with_config {
            config(&o, s);
        }
        set(&o, "granted", &JsValue::from(s.consent.granted().bits()));
        set(&o, "decided", &JsValue::from_bool(s.consent.decided));
        // Decisions on single vendors, as the record writes them.
        let mut choices = String::new();
        crate::core::record::write_choices(&mut choices, s.consent.vendor_choices());
        set(&o, "vendors", &JsValue::from_str(&choices));
        // What this page loaded once (a widget's placeholder): for this
        // page's own requests only; the worker does not keep it.
        let mut once: Vec<(u32, bool)> = Vec::new();
        for id in s.classifier.page_view() {
            if let Some(v) = s.classifier.vendor(*id) {
                crate::core::consent::set_choice(&mut once, crate::core::consent::vendor_key(v.id), true);
            }
        }
        let mut text = String::new();
        crate::core::record::write_choices(&mut text, &once);
        set(&o, "once", &JsValue::from_str(&text));
        set(&o, "presumed", &JsValue::from(s.presumed.granted().bits()));
        // A decision dates from its record; without one, the state is as
        // new as this page view (which found no record, or an expired one).
        let (at, expires) = match &s.record {
            Some(r) => (r.decided_at, r.expires),
            None => (s.started, 0),
        };
        set(&o, "at", &JsValue::from_f64(at as f64 * 1000.0));
        set(&o, "expires", &JsValue::from_f64(expires as f64 * 1000.0));
        let off = s.config.service_worker.as_ref().is_some_and(|w| !w.enabled);
        set(&o, "off", &JsValue::from_bool(off));
        JsValue::from(o)
    })
    .unwrap_or(JsValue::NULL)
}

/// The configuration as the page received it: JSON, and the script tag's
/// attributes as JSON `[name, value]` pairs.
fn config(o: &Object, s: &state::State) {
    set(o, "config", &JsValue::from_str(&s.config_json));
    let mut attrs = String::from("[");
    for (i, (k, v)) in s.config_attrs.iter().enumerate() {
        if i > 0 {
            attrs.push(',');
        }
        attrs.push('[');
        json::write_str(&mut attrs, k);
        attrs.push(',');
        json::write_str(&mut attrs, v);
        attrs.push(']');
    }
    attrs.push(']');
    set(o, "attrs", &JsValue::from_str(&attrs));
}
