//! The public API: `window.Consentry` and the npm package's exports. Every
//! function here takes whatever the page passes (any JavaScript value,
//! hostile ones included) and catches its own trouble: the page never sees
//! an exception of ours, and a call with a bad argument is named in the
//! console and changes nothing.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::{Category, CategorySet};
use crate::core::consent::Consent;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::decide;
use super::dom;
use super::interface;
use super::state::{self, Phase};

fn set(o: &Object, k: &str, v: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v);
}

fn strs<'a>(items: impl Iterator<Item = &'a str>) -> JsValue {
    let a = Array::new();
    for s in items {
        a.push(&JsValue::from_str(s));
    }
    a.into()
}

pub(crate) fn cats(c: CategorySet) -> JsValue {
    strs(c.iter().map(Category::name))
}

/// Grants all categories.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    decide::change_from(Consent::all(), "api");
}

/// Refuses everything but `necessary`.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    decide::change_from(Consent::rejected(), "api");
}

/// Allows one vendor, by id, whatever its categories: its held elements are
/// released (exactly once, in order), the choice is stored.
#[wasm_bindgen(js_name = acceptVendor)]
pub fn accept_vendor(id: JsValue) {
    vendor_call(&id, true, "acceptVendor");
}

/// Refuses one vendor, by id, whatever its categories: it is held from now
/// on, its cookies and storage are deleted, the choice is stored.
#[wasm_bindgen(js_name = rejectVendor)]
pub fn reject_vendor(id: JsValue) {
    vendor_call(&id, false, "rejectVendor");
}

fn vendor_call(id: &JsValue, allowed: bool, name: &str) {
    // as_string reads only a primitive string: a proxy or an object the page
    // passes is never called.
    match id.as_string() {
        Some(id) => decide::vendor(id.trim(), allowed),
        None => {
            let mut m = String::from("Consentry.");
            m.push_str(name);
            m.push_str(": expected a vendor id, a string such as \"clevertap\" (see Consentry.vendors()); nothing changed");
            dom::console_error(&m);
        }
    }
}

/// Opens the preferences dialog, loading the consent interface first if
/// it is not there yet. A Promise of whether the dialog opened.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() -> js_sys::Promise {
    interface::open_preferences()
}

/// The most entries `accept()` reads from an array: there are four categories.
const MAX_LIST: u32 = 32;

/// Grants exactly `categories` (plus `necessary`): an array of category
/// names, or one name. Anything else, an unknown name, or an array that
/// cannot be read (a proxy that throws) is named in the console, and
/// nothing changes.
#[wasm_bindgen]
pub fn accept(categories: JsValue) {
    match read_categories(&categories) {
        Ok(set) => {
            // The visitor's decisions on single vendors stay.
            let choices = state::with(|s| s.consent.vendor_choices().to_vec()).unwrap_or_default();
            decide::change_from(Consent::decided(set).with_vendors(choices), "api")
        }
        Err(why) => {
            let mut m = String::from("Consentry.accept(categories): ");
            m.push_str(&why);
            m.push_str("; nothing changed");
            dom::console_error(&m);
        }
    }
}

fn read_categories(v: &JsValue) -> Result<CategorySet, String> {
    const EXPECTED: &str = "expected an array of category names such as [\"analytics\"]";
    let one = |item: &JsValue| -> Result<Category, String> {
        let Some(s) = item.as_string() else {
            let mut m = String::from(EXPECTED);
            m.push_str(", got an entry that is not a string");
            return Err(m);
        };
        Category::parse(&s).ok_or_else(|| {
            let mut m = String::from("unknown category \"");
            m.extend(s.chars().take(40));
            m.push_str("\" (expected necessary, functional, analytics or marketing)");
            m
        })
    };
    let mut set = CategorySet::NECESSARY;
    if v.is_string() {
        return Ok(set.with(one(v)?));
    }
    // Array.isArray never throws (a revoked proxy aside, which dom catches).
    if !dom::is_array(v) {
        let mut m = String::from(EXPECTED);
        m.push_str(", got ");
        m.push_str(&dom::type_of(v));
        return Err(m);
    }
    let unreadable = || String::from("the array could not be read (a getter or proxy threw)");
    let len = Reflect::get(v, &JsValue::from_str("length")).map_err(|_| unreadable())?.as_f64().unwrap_or(0.0);
    if !(0.0..=f64::from(MAX_LIST)).contains(&len) {
        return Err(String::from("expected at most four category names"));
    }
    for i in 0..(len as u32) {
        let item = Reflect::get_u32(v, i).map_err(|_| unreadable())?;
        set = set.with(one(&item)?);
    }
    Ok(set)
}

/// The current consent: `{ necessary, functional, analytics, marketing,
/// decided, id, decidedAt, expires, revision }`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    decide::consent_value()
}

/// What is held: `[{ vendor, categories, kind, url, state }]`, elements
/// first (in document order), then requests dropped before consent.
#[wasm_bindgen]
pub fn held() -> JsValue {
    struct Row {
        vendor: Option<String>,
        categories: CategorySet,
        kind: &'static str,
        url: String,
        state: &'static str,
    }
    // Collect inside the borrow, build JS objects after it.
    let rows = state::with(|s| {
        let id = |v| s.classifier.vendor(v).map(|v| v.id.to_string());
        let mut entries: Vec<_> = s.entries.iter().filter(|e| e.phase != Phase::Released).collect();
        crate::core::text::sort_by_key(&mut entries, |e| e.seq);
        let mut rows: Vec<Row> = entries
            .into_iter()
            .map(|e| Row {
                vendor: e.vendor.and_then(id),
                categories: e.categories,
                kind: e.kind.name(),
                url: e.url.clone(),
                state: if e.phase == Phase::Broken { "invalid" } else { "held" },
            })
            .collect();
        rows.extend(s.dropped.iter().map(|d| Row {
            vendor: id(d.vendor),
            categories: s.classifier.categories_of(d.vendor),
            kind: d.kind.name(),
            url: d.url.clone(),
            state: "dropped",
        }));
        rows
    })
    .unwrap_or_default();
    let out = Array::new();
    for r in rows {
        let o = Object::new();
        set(&o, "vendor", r.vendor.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL));
        set(&o, "categories", cats(r.categories.without(Category::Necessary)));
        set(&o, "kind", JsValue::from_str(r.kind));
        set(&o, "url", JsValue::from_str(&r.url));
        set(&o, "state", JsValue::from_str(r.state));
        out.push(&o);
    }
    out.into()
}

/// The vendor a URL belongs to: `{ vendor, categories, held }` or `null`.
/// `url` must be a string; anything else is named in the console.
#[wasm_bindgen]
pub fn classify(url: JsValue) -> JsValue {
    let Some(url) = url.as_string() else {
        let mut m = String::from("Consentry.classify(url): expected a URL string, got ");
        m.push_str(&dom::type_of(&url));
        dom::console_error(&m);
        return JsValue::NULL;
    };
    let found = state::with(|s| {
        let ctx = s.ctx();
        let m = ctx.classify(&url)?;
        Some((m.id, !s.classifier.permits(&s.consent, Some(m.id), m.categories)))
    })
    .flatten();
    let Some((id, held)) = found else { return JsValue::NULL };
    let Some((vendor, categories)) = vendor_values(id) else { return JsValue::NULL };
    dom::class_result(&vendor, &categories, held)
}

/// The JS string and category list of each vendor, made once: a page that
/// classifies many URLs does not convert the same strings again.
static VENDOR_VALUES: super::Local<::core::cell::RefCell<Vec<Option<VendorValues>>>> = super::Local(::core::cell::RefCell::new(Vec::new()));

/// A vendor's id and category list as JS values.
type VendorValues = (JsValue, JsValue);

fn vendor_values(id: crate::core::classify::VendorId) -> Option<VendorValues> {
    let i = usize::from(id);
    let cached = VENDOR_VALUES.with(|c| c.try_borrow().ok().and_then(|v| v.get(i).cloned().flatten()));
    if cached.is_some() {
        return cached;
    }
    let (vid, cs) = state::with(|s| {
        let v = s.classifier.vendor(id)?;
        Some((v.id.to_string(), s.classifier.categories_of(id)))
    })
    .flatten()?;
    let values = (JsValue::from_str(&vid), cats(cs));
    VENDOR_VALUES.with(|c| {
        if let Ok(mut v) = c.try_borrow_mut() {
            if v.len() <= i {
                v.resize(i + 1, None);
            }
            if let Some(slot) = v.get_mut(i) {
                *slot = Some(values.clone());
            }
        }
    });
    Some(values)
}

/// Every vendor of the table (built-in and site-added) with its details and
/// the categories it needs on this site: a Promise, since the details come
/// with the consent interface.
#[wasm_bindgen]
pub fn vendors() -> js_sys::Promise {
    interface::vendors()
}

/// The version of this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
