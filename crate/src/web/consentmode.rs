//! Google Consent Mode v2 signals, pushed to `dataLayer` the way gtag does.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::config::ConsentModeConfig;
use crate::core::consent::Consent;
use crate::core::consentmode;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use super::dom;

fn params(consent: &Consent, cfg: &ConsentModeConfig) -> Object {
    let o = Object::new();
    for (t, granted) in consentmode::signals(consent, &cfg.map) {
        let _ = Reflect::set(&o, &JsValue::from_str(t), &JsValue::from_str(if granted { "granted" } else { "denied" }));
    }
    o
}

/// `gtag('consent', 'default', ...)`: before any Google tag can run.
pub fn push_default(consent: &Consent, cfg: &ConsentModeConfig) {
    if !cfg.enabled {
        return;
    }
    let o = params(consent, cfg);
    if cfg.wait_for_update > 0 {
        let _ = Reflect::set(&o, &JsValue::from_str("wait_for_update"), &JsValue::from(cfg.wait_for_update));
    }
    if !cfg.regions.is_empty() {
        let regions = Array::new();
        for r in &cfg.regions {
            regions.push(&JsValue::from_str(r));
        }
        let _ = Reflect::set(&o, &JsValue::from_str("region"), &regions);
    }
    dom::gtag_push("consent", "default", &o);
}

/// `gtag('consent', 'update', ...)`: on every choice, and on each load with
/// a stored one.
pub fn push_update(consent: &Consent, cfg: &ConsentModeConfig) {
    if cfg.enabled {
        dom::gtag_push("consent", "update", &params(consent, cfg));
    }
}
