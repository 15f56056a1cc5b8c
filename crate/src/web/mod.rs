//! The browser layer: installs the hooks, keeps the state, exposes the API.
//! It only translates between the DOM and the core; every decision is made
//! in [`crate::core`].

#[allow(unused_imports)]
use crate::prelude::*;

mod api;
mod bridge;
mod consentmode;
mod decide;
mod dom;
mod hooks;
mod interface;
mod registry;
mod state;
mod storage;
mod worker;

use crate::core::category::{Category, CategorySet};
use crate::core::classify::Classifier;
use crate::core::config::{self, Config, Mode};
use crate::core::consent::Consent;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Page-lifetime state of the browser layer: `std::thread_local!` without
/// std. The module runs on the page's one thread (wasm32 without the
/// `atomics` feature has no threads), so a plain static is enough.
pub(crate) struct Local<T>(pub(crate) T);

#[cfg(target_feature = "atomics")]
compile_error!("the browser layer assumes one thread: build without the atomics target feature");

// SAFETY: without the atomics feature a wasm32 module has exactly one
// thread, so no value is ever shared between threads.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// Runs `f` with the value (the same shape as `LocalKey::with`).
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

pub use api::{accept, accept_all, classify, get_consent, held, reject_all, show_preferences, vendors, version};
pub use bridge::{page_do_not_sell, page_open, page_parsed};
pub use hooks::{hook_attr, hook_clone, hook_markup, hook_node, hook_request, hook_tree, hook_written};
pub use registry::release_resume;

/// Hands the shim the functions its hooks call, as boot.js does (for
/// callers that start the module without it: the browser-layer tests).
pub fn set_callbacks(callbacks: &JsValue) {
    dom::set_callbacks(callbacks);
}

/// Starts Consentry: reads the configuration (`config` is
/// `JSON.stringify(window.ConsentryConfig)` as UTF-8 bytes; `attrs` the script tag's
/// `data-` attributes as `[name, value]` pairs), honours a stored choice,
/// and installs the hooks. Called once, synchronously, by the bootstrap.
/// `nonce` is the CSP nonce of Consentry's script tag: parsed scripts
/// without it (which that CSP would have refused) are never released.
/// Returns false if it was already started, or if it could not start
/// (then it runs fail-closed).
#[wasm_bindgen]
pub fn start(config: Option<Vec<u8>>, attrs: JsValue, nonce: Option<String>) -> bool {
    if state::started() {
        dom::console_warn("Consentry: start() was called twice; the second call is ignored");
        return false;
    }
    // Bytes, not a string: the bootstrap's TextEncoder and wasm-bindgen's
    // copy are native, where a string would be copied a character at a time
    // by JavaScript (a site's configuration can be hundreds of kilobytes).
    // Not UTF-8 (it always is, from JSON.stringify and TextEncoder): text
    // the reader rejects, so the console names the problem.
    let config_json = config.map(|b| String::from_utf8(b).unwrap_or_else(|_| String::from("{"))).unwrap_or_default();
    let config_attrs = pairs(&attrs);
    let (mut cfg, mut issues) = config::parse(&config_json);
    issues.extend(config::apply_attributes(&mut cfg, &config_attrs));
    for i in &issues {
        dom::console_error(&i.message());
    }
    let classifier = build_classifier(&mut cfg);
    if !classifier.is_complete() {
        // Cannot happen with a table the build compiled; if it did, nothing
        // could be classified: hold everything third party instead.
        dom::console_error("Consentry: internal error: the built-in vendor table could not be read; every third-party script, frame, image and request is held for this page view.");
        dom::install_fail_closed();
        return false;
    }
    let gpc = cfg.mode == Mode::OptOut && cfg.gpc && dom::global_privacy_control();
    let presumed = default_consent(&cfg, gpc);
    let (consent, record) = match storage::load(&cfg.cookie_name, cfg.revision) {
        Ok(Some(r)) => (Consent::decided(r.granted).with_vendors(r.vendors.iter().copied()), Some(r)),
        Ok(None) => (presumed.clone(), None),
        Err(e) => {
            let mut m = String::from("Consentry: ");
            m.push_str(e.describe());
            m.push_str("; every vendor stays held until the visitor decides");
            dom::console_warn(&m);
            (presumed.clone(), None)
        }
    };
    let (base_scheme, base_host) = state::base_parts(&dom::base_url());
    // Consent Mode's default goes first: before the parser reaches any tag.
    consentmode::push_default(&presumed, &cfg.consent_mode);
    if record.is_some() {
        consentmode::push_update(&consent, &cfg.consent_mode);
    }
    let ask = !consent.decided;
    let gpc_honoured = gpc && record.is_none();
    let ok = state::set(state::State {
        config: cfg,
        config_json,
        config_attrs,
        classifier,
        consent,
        record,
        base_host,
        base_scheme,
        entries: Vec::new(),
        next_seq: 0,
        dropped: Vec::new(),
        gpc_honoured,
        presumed,
        started: dom::now_seconds() as u64,
        nonce: nonce.unwrap_or_default(),
    });
    if !ok {
        return false;
    }
    // On a first visit the consent interface is requested now, before the
    // hooks go in: its download overlaps the rest of start-up and the page.
    interface::request_at_start(ask);
    dom::install();
    // Hand-tagged elements already in the page (when started late, from a
    // bundle): register them, and release what a stored choice allows.
    registry::release_allowed_at_start();
    interface::listen();
    true
}

/// What applies before the visitor decides: only `necessary` in opt-in
/// mode; in opt-out mode everything, except marketing when the browser
/// sends Global Privacy Control.
fn default_consent(cfg: &Config, gpc: bool) -> Consent {
    match cfg.mode {
        Mode::OptIn => Consent::undecided(),
        Mode::OptOut => {
            let granted = if gpc { CategorySet::ALL.without(Category::Marketing) } else { CategorySet::ALL };
            Consent::presumed(granted)
        }
    }
}

/// The `[name, value]` pairs boot.js read from the script tag's dataset
/// (plain arrays of strings it made itself).
fn pairs(attrs: &JsValue) -> Vec<(String, String)> {
    if !Array::is_array(attrs) {
        return Vec::new();
    }
    Array::from(attrs)
        .iter()
        .filter_map(|p| {
            let p: &Array = p.dyn_ref()?;
            Some((p.get(0).as_string()?, p.get(1).as_string()?))
        })
        .collect()
}

/// The vendor table with the site's additions, overrides and exemptions
/// (see [`crate::core::site`]); problems go to the console.
fn build_classifier(cfg: &mut Config) -> Classifier {
    let (classifier, issues) = crate::core::site::classifier(cfg);
    for i in &issues {
        dom::console_error(&i.message());
    }
    classifier
}
