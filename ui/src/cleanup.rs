//! Deleting what a withdrawal takes away: the cookies and storage of the
//! vendors that were allowed and no longer are. Which names are theirs is a
//! vendor detail, so this is the interface's job; the plan itself is the
//! core's ([`consentry::core::cookies::cleanup_plan`]).

use crate::settings::Settings;
use consentry::core::cookies::{self, Cleanup, Page};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn storage_keys(s: Option<web_sys::Storage>) -> Vec<String> {
    let Some(s) = s else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
}

/// Deletes the cookies and storage of the vendors `losing` (ids).
pub fn run(settings: &Settings, losing: &[String]) {
    let defs: Vec<_> = losing.iter().filter_map(|id| crate::vendors::def(settings, id).map(|d| d.into_owned())).collect();
    let Some(window) = web_sys::window() else { return };
    let Some(doc) = window.document().and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) else { return };
    let jar = doc.cookie().unwrap_or_default();
    let local = storage_keys(window.local_storage().ok().flatten());
    let session = storage_keys(window.session_storage().ok().flatten());
    let location = window.location();
    let host = location.hostname().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let https = location.protocol().map(|p| p == "https:").unwrap_or(false);
    let page = Page { jar: &jar, local: &local, session: &session, host: &host, path: &path, https };
    let plan = cookies::cleanup_plan(&defs, &settings.config.cookie_name, &page);
    apply(&window, &doc, plan);
}

fn apply(window: &web_sys::Window, doc: &web_sys::HtmlDocument, plan: Cleanup) {
    for w in &plan.cookie_writes {
        let _ = doc.set_cookie(w);
    }
    for (session, key) in &plan.keys {
        let store = if *session { window.session_storage() } else { window.local_storage() };
        if let Ok(Some(s)) = store {
            let _ = s.remove_item(key);
        }
    }
    let Ok(Some(idb)) = window.indexed_db() else { return };
    for name in &plan.databases {
        let _ = idb.delete_database(name);
    }
    if plan.database_prefixes.is_empty() {
        return;
    }
    // Databases by prefix: only where the browser can list them.
    let list = js_sys::Reflect::get(&idb, &JsValue::from_str("databases")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(promise) = list.and_then(|f| f.call0(&idb).ok()) else { return };
    let prefixes = plan.database_prefixes;
    let idb2 = idb.clone();
    let each = Closure::once_into_js(move |dbs: JsValue| {
        for d in js_sys::Array::from(&dbs).iter() {
            let name = js_sys::Reflect::get(&d, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default();
            if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
                let _ = idb2.delete_database(&name);
            }
        }
    });
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = then.call1(&promise, &each);
    }
}
