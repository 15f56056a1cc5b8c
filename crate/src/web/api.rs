//! The public API: `window.Consentry` and the npm package's exports. Every
//! function here catches its own trouble: the page never sees an exception
//! of ours, and a call that cannot be honoured changes nothing.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::{Category, CategorySet};
use crate::core::consent::Consent;
use crate::core::table::{NameMatch, VendorDef};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::dom;
use super::registry;
use super::state::{self, Phase};
use super::storage;

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

fn cats(c: CategorySet) -> JsValue {
    strs(c.iter().map(Category::name))
}

/// Grants all categories.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    change_from(Consent::all(), "api");
}

/// Refuses everything but `necessary`.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    change_from(Consent::rejected(), "api");
}

/// Opts out of sale and sharing (`[data-consentry-do-not-sell]`, the
/// banner's link): marketing off, the rest as it is.
pub fn do_not_sell() {
    let granted = state::with(|s| s.consent.granted()).unwrap_or(CategorySet::NECESSARY);
    change_from(Consent::decided(granted.without(Category::Marketing)), "do-not-sell");
}

/// Opens the preferences dialog (when the UI is on).
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    super::ui::open_preferences();
}

/// Grants exactly `categories` (plus `necessary`); everything else is refused.
#[wasm_bindgen]
pub fn accept(categories: JsValue) {
    let mut set = CategorySet::NECESSARY;
    let list = if categories.is_string() { Array::of1(&categories) } else { Array::from(&categories) };
    if !Array::is_array(&categories) && !categories.is_string() {
        dom::console_error("Consentry.accept(categories): expected an array such as [\"analytics\"]; nothing changed");
        return;
    }
    for v in list.iter() {
        match v.as_string().as_deref().and_then(Category::parse) {
            Some(c) => set = set.with(c),
            None => {
                let mut m = String::from("Consentry.accept: unknown category ");
                m.push_str(&v.as_string().unwrap_or_else(|| "(not a string)".into()));
                m.push_str(" (expected necessary, functional, analytics or marketing); nothing changed");
                dom::console_error(&m);
                return;
            }
        }
    }
    change_from(Consent::decided(set), "api");
}

/// Applies a new decision: stores it, deletes what a withdrawal takes away,
/// releases what is now allowed, updates Consent Mode, sends the receipt,
/// and tells the page. `source` is recorded in the receipt (`banner`,
/// `preferences`, `api`, `do-not-sell`).
pub fn change_from(next: Consent, source: &str) {
    // Read the page before borrowing the state.
    let page = storage::Page::read();
    let out = state::with(|s| {
        let before = s.consent;
        let record = storage::make_record(s, &next, &page);
        let write = storage::record_write(s, &record, page.https);
        let plan = storage::cleanup_plan(s, &before, &next, &page);
        s.consent = next;
        s.record = Some(record.clone());
        let withdrawn = !before.withdrawn_in(&next).is_empty() && before.decided;
        let receipt = s.config.log_endpoint.clone().map(|url| (url, record, s.config.mode, s.gpc_honoured));
        (write, plan, withdrawn && s.config.reload_on_withdraw, s.config.clone(), receipt)
    });
    let Some((write, plan, reload, cfg, receipt)) = out else {
        dom::console_error("Consentry: not started yet; the choice was not applied");
        return;
    };
    dom::set_cookie(&write);
    storage::run_cleanup(plan);
    super::consentmode::push_update(&next, &cfg);
    registry::release_allowed();
    if let Some((url, record, mode, gpc)) = receipt {
        send_receipt(&url, &record, mode, gpc, source);
    }
    super::ui::after_decision();
    dom::emit("consentry:change", &get_consent());
    if reload {
        dom::reload();
    }
}

fn send_receipt(url: &str, record: &crate::core::record::Record, mode: crate::core::config::Mode, gpc: bool, source: &str) {
    let language = super::ui::language();
    let page = dom::page_url_no_query();
    let cx = crate::core::receipt::Context {
        source,
        mode: if mode == crate::core::config::Mode::OptOut { "opt-out" } else { "opt-in" },
        gpc,
        language: &language,
        url: &page,
        version: env!("CARGO_PKG_VERSION"),
    };
    dom::beacon(url, &crate::core::receipt::json(record, &cx));
}

/// The current consent: `{ necessary, functional, analytics, marketing,
/// decided, id, decidedAt, expires, revision }`.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    let Some((c, record, revision)) = state::with(|s| (s.consent, s.record.clone(), s.config.revision)) else {
        return JsValue::NULL;
    };
    let o = Object::new();
    for cat in Category::ALL {
        set(&o, cat.name(), JsValue::from_bool(c.grants(cat)));
    }
    set(&o, "decided", JsValue::from_bool(c.decided));
    set(&o, "revision", JsValue::from(revision));
    match record {
        Some(r) => {
            set(&o, "id", JsValue::from_str(&r.id));
            set(&o, "decidedAt", JsValue::from_f64(r.decided_at as f64 * 1000.0));
            set(&o, "expires", JsValue::from_f64(r.expires as f64 * 1000.0));
        }
        None => {
            set(&o, "id", JsValue::NULL);
            set(&o, "decidedAt", JsValue::NULL);
            set(&o, "expires", JsValue::NULL);
        }
    }
    o.into()
}

/// What is held: `[{ vendor, name, categories, kind, url, state }]`, elements
/// first (in document order), then requests dropped before consent.
#[wasm_bindgen]
pub fn held() -> JsValue {
    struct Row {
        vendor: Option<(String, String)>,
        categories: CategorySet,
        kind: &'static str,
        url: String,
        state: &'static str,
    }
    // Collect inside the borrow, build JS objects after it.
    let rows = state::with(|s| {
        let name = |id| s.classifier.vendor(id).map(|v| (v.id.to_string(), v.name.to_string()));
        let mut entries: Vec<_> = s.entries.iter().filter(|e| e.phase != Phase::Released).collect();
        crate::core::text::sort_by_key(&mut entries, |e| e.seq);
        let mut rows: Vec<Row> = entries
            .into_iter()
            .map(|e| Row {
                vendor: e.vendor.and_then(name),
                categories: e.categories,
                kind: e.kind.name(),
                url: e.url.clone(),
                state: if e.phase == Phase::Broken { "invalid" } else { "held" },
            })
            .collect();
        rows.extend(s.dropped.iter().map(|d| Row {
            vendor: name(d.vendor),
            categories: s.classifier.categories_of(d.vendor),
            kind: d.kind,
            url: d.url.clone(),
            state: "dropped",
        }));
        rows
    })
    .unwrap_or_default();
    let out = Array::new();
    for r in rows {
        let o = Object::new();
        let (id, name) = match &r.vendor {
            Some((i, n)) => (JsValue::from_str(i), JsValue::from_str(n)),
            None => (JsValue::NULL, JsValue::NULL),
        };
        set(&o, "vendor", id);
        set(&o, "name", name);
        set(&o, "categories", cats(r.categories.without(Category::Necessary)));
        set(&o, "kind", JsValue::from_str(r.kind));
        set(&o, "url", JsValue::from_str(&r.url));
        set(&o, "state", JsValue::from_str(r.state));
        out.push(&o);
    }
    out.into()
}

/// The vendor a URL belongs to: `{ vendor, name, categories, held }` or `null`.
#[wasm_bindgen]
pub fn classify(url: &str) -> JsValue {
    let found = state::with(|s| {
        let ctx = s.ctx();
        let m = ctx.classify(url)?;
        Some((m.id, !s.consent.allows(m.categories)))
    })
    .flatten();
    let Some((id, held)) = found else { return JsValue::NULL };
    let Some((vendor, name, categories)) = vendor_values(id) else { return JsValue::NULL };
    dom::class_result(&vendor, &name, &categories, held)
}

/// The JS strings and category list of each vendor, made once: a page
/// that classifies many URLs does not convert the same strings again.
static VENDOR_VALUES: super::Local<::core::cell::RefCell<Vec<Option<VendorValues>>>> = super::Local(::core::cell::RefCell::new(Vec::new()));

/// A vendor's id, name and category list as JS values.
type VendorValues = (JsValue, JsValue, JsValue);

fn vendor_values(id: crate::core::classify::VendorId) -> Option<(JsValue, JsValue, JsValue)> {
    let i = usize::from(id);
    let cached = VENDOR_VALUES.with(|c| c.try_borrow().ok().and_then(|v| v.get(i).cloned().flatten()));
    if cached.is_some() {
        return cached;
    }
    let (vid, vname, cs) = state::with(|s| {
        let v = s.classifier.vendor(id)?;
        Some((v.id.to_string(), v.name.to_string(), s.classifier.categories_of(id)))
    })
    .flatten()?;
    let values = (JsValue::from_str(&vid), JsValue::from_str(&vname), cats(cs));
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

fn vendor_object(v: &VendorDef, categories: CategorySet, exempt: bool) -> JsValue {
    let o = Object::new();
    set(&o, "id", JsValue::from_str(&v.id));
    set(&o, "name", JsValue::from_str(&v.name));
    set(&o, "aka", strs(v.aka.iter().map(|s| s.as_ref())));
    set(&o, "company", JsValue::from_str(&v.company));
    set(&o, "categories", cats(categories));
    set(&o, "exempt", JsValue::from_bool(exempt));
    set(&o, "why", JsValue::from_str(&v.why));
    set(&o, "policy", JsValue::from_str(&v.policy));
    set(&o, "related", strs(v.related.iter().map(|s| s.as_ref())));
    set(&o, "hosts", strs(v.hosts.iter().map(|s| s.as_ref())));
    let m = |n: NameMatch| JsValue::from_str(if n == NameMatch::Prefix { "prefix" } else { "exact" });
    let cookies = Array::new();
    for c in v.cookies.iter() {
        let co = Object::new();
        set(&co, "name", JsValue::from_str(&c.name));
        set(&co, "match", m(c.matching));
        set(&co, "retention", JsValue::from_str(&crate::core::text::retention(c.retention)));
        set(&co, "category", JsValue::from_str(c.category.name()));
        set(&co, "domain", c.domain.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL));
        cookies.push(&co);
    }
    set(&o, "cookies", cookies.into());
    let storage = Array::new();
    for st in v.storage.iter() {
        let so = Object::new();
        set(&so, "type", JsValue::from_str(st.kind.name()));
        set(&so, "name", JsValue::from_str(&st.name));
        set(&so, "match", m(st.matching));
        set(&so, "retention", JsValue::from_str(&crate::core::text::retention(st.retention)));
        set(&so, "category", JsValue::from_str(st.category.name()));
        storage.push(&so);
    }
    set(&o, "storage", storage.into());
    o.into()
}

/// The whole vendor table (built-in and site-added), with the categories
/// each vendor needs on this site.
#[wasm_bindgen]
pub fn vendors() -> JsValue {
    let list: Vec<(VendorDef, CategorySet, bool)> = state::with(|s| {
        let c = &s.classifier;
        c.ids().filter_map(|id| Some((c.vendor_def(id)?.into_owned(), c.categories_of(id), c.is_exempt(id)))).collect()
    })
    .unwrap_or_default();
    let out = Array::new();
    for (v, c, exempt) in &list {
        out.push(&vendor_object(v, *c, *exempt));
    }
    out.into()
}

/// The version of this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
