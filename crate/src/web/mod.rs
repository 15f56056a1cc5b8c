//! The browser layer: installs the hooks, keeps the state, exposes the API.
//! It only translates between the DOM and the core; every decision is made
//! in [`crate::core`].

mod api;
mod dom;
mod registry;
mod hooks;
mod state;
mod storage;

use crate::core::category::{Category, CategorySet};
use crate::core::classify::{Classifier, ClassifierError};
use crate::core::config::{self, Config, Mode};
use crate::core::consent::Consent;
use js_sys::Array;
use wasm_bindgen::prelude::*;

pub use api::{accept, accept_all, classify, get_consent, held, reject_all, vendors, version};


/// Starts Consentry: reads the configuration (`config` is
/// `JSON.stringify(window.ConsentryConfig)`; `attrs` the script tag's
/// `data-` attributes as `[name, value]` pairs), honours a stored choice,
/// and installs the hooks. Called once, synchronously, by the bootstrap.
/// Returns false if it was already started.
#[wasm_bindgen]
pub fn start(config: Option<String>, attrs: JsValue) -> bool {
    if state::started() {
        dom::console_warn("Consentry: start() was called twice; the second call is ignored");
        return false;
    }
    let (mut cfg, mut issues) = config::parse(config.as_deref().unwrap_or(""));
    issues.extend(config::apply_attributes(&mut cfg, &pairs(&attrs)));
    for i in &issues {
        dom::console_error(&i.message());
    }
    let classifier = build_classifier(&cfg);
    let presumed = default_consent(&cfg);
    let (consent, record) = match storage::load(&cfg.cookie_name, cfg.revision) {
        Ok(Some(r)) => (Consent::decided(r.granted), Some(r)),
        Ok(None) => (presumed, None),
        Err(e) => {
            let mut m = String::from("Consentry: ");
            m.push_str(e.describe());
            m.push_str("; every vendor stays held until the visitor decides");
            dom::console_warn(&m);
            (presumed, None)
        }
    };
    let (base_scheme, base_host) = state::base_parts(&dom::base_url());
    let ok = state::set(state::State {
        config: cfg,
        classifier,
        consent,
        record,
        base_host,
        base_scheme,
        entries: Vec::new(),
        next_seq: 0,
        dropped: Vec::new(),
    });
    if !ok {
        return false;
    }
    hooks::install();
    // Hand-tagged elements already in the page (when started late, from a
    // bundle): register them, and release what a stored choice allows.
    registry::release_allowed();
    true
}

/// What applies before the visitor decides: only `necessary` in opt-in
/// mode; in opt-out mode everything, except marketing when the browser
/// sends Global Privacy Control.
fn default_consent(cfg: &Config) -> Consent {
    match cfg.mode {
        Mode::OptIn => Consent::undecided(),
        Mode::OptOut => {
            let gpc = cfg.gpc && global_privacy_control();
            let granted = if gpc { CategorySet::ALL.without(Category::Marketing) } else { CategorySet::ALL };
            Consent::presumed(granted)
        }
    }
}

fn global_privacy_control() -> bool {
    let nav = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap_or(JsValue::UNDEFINED);
    js_sys::Reflect::get(&nav, &JsValue::from_str("globalPrivacyControl")).map(|v| v.as_bool() == Some(true)).unwrap_or(false)
}

fn pairs(attrs: &JsValue) -> Vec<(String, String)> {
    if !Array::is_array(attrs) {
        return Vec::new();
    }
    Array::from(attrs)
        .iter()
        .filter_map(|p| {
            let p = Array::from(&p);
            Some((p.get(0).as_string()?, p.get(1).as_string()?))
        })
        .collect()
}

/// The vendor table with the site's additions, overrides and exemptions.
/// A site-added vendor that conflicts with another is reported and left
/// out; the rest still apply.
fn build_classifier(cfg: &Config) -> Classifier {
    let mut accepted = Vec::new();
    let mut classifier = Classifier::builtin();
    for v in &cfg.custom_vendors {
        let mut trial = accepted.clone();
        trial.push(v.clone());
        match Classifier::builtin().with_custom(trial) {
            Ok(c) => {
                accepted.push(v.clone());
                classifier = c;
            }
            Err(e) => {
                let mut m = String::from("Consentry config: vendors.add: vendor \"");
                m.push_str(&v.def.id);
                m.push_str(match e {
                    ClassifierError::DuplicateHost(_) => "\" claims a host another added vendor already claims; it is left out",
                    ClassifierError::TooLarge => "\" does not fit: too many vendors or rules; it is left out",
                });
                dom::console_error(&m);
            }
        }
    }
    for (id, cats) in &cfg.category_overrides {
        match classifier.find(id).map(|(i, _)| i) {
            Some(i) => classifier.override_categories(i, *cats),
            None => unknown_vendor("vendors.categories", id),
        }
    }
    for id in &cfg.exempt {
        match classifier.find(id).map(|(i, _)| i) {
            Some(i) => classifier.exempt(i),
            None => unknown_vendor("vendors.exempt", id),
        }
    }
    classifier
}

fn unknown_vendor(field: &str, id: &str) {
    let mut m = String::from("Consentry config: ");
    m.push_str(field);
    m.push_str(": no vendor \"");
    m.push_str(id);
    m.push_str("\" (see Consentry.vendors() for the ids); ignored");
    dom::console_error(&m);
}
