//! Consent receipts: one JSON document per decision, sent with
//! `navigator.sendBeacon` to the site's `logEndpoint` (the document's shape
//! is the core's, [`consentry::core::receipt`]).

use crate::settings::Settings;
use consentry::core::receipt::{self, Context};
use consentry::core::record::Record;
use wasm_bindgen::JsValue;

/// Sends the receipt of a decision recorded as `record` (the stored value),
/// with the visitor's decisions on single vendors.
pub fn send(settings: &Settings, record: &str, source: &str, mode: &str, gpc: bool, vendors: &[(String, bool)]) {
    let Some(url) = settings.config.log_endpoint.as_deref() else { return };
    let Ok(record) = Record::parse(record) else { return };
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let page = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
    let texts = settings.texts();
    let cx = Context { source, mode, gpc, language: texts.code(), url: &page, version: env!("CARGO_PKG_VERSION"), vendors };
    let json = receipt::json(&record, &cx);
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let _ = window.navigator().send_beacon_with_opt_blob(url, Some(&blob));
}
