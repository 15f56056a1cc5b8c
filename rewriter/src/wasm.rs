//! The WebAssembly interface, for Node (`wasm-pack build rewriter --target
//! nodejs`, into `pkg/rewriter/`): what the webpack plugin
//! (`crate/js/webpack-plugin.cjs`) calls. Whole documents as strings: an
//! emitted HTML asset is in memory anyway.

use crate::{rewrite_str, Options, Site};
use wasm_bindgen::prelude::*;

fn site(config_json: &str, base: &str) -> Result<Site, JsError> {
    let base = Some(base).filter(|b| !b.trim().is_empty());
    Site::new(config_json, base).map_err(|e| JsError::new(&e.to_string()))
}

/// Puts every static tag of a held vendor in `html` into held form.
/// `config_json`: the site's configuration (`JSON.stringify` of what it
/// gives `init()` or `window.ConsentryConfig`; empty for none). `base`: the
/// URL the page is served from (empty: relative URLs are first party).
/// Throws on an invalid `base`.
#[wasm_bindgen]
pub fn rewrite(html: &str, config_json: &str, base: &str) -> Result<String, JsError> {
    rewrite_page(html, config_json, base, "")
}

/// [`rewrite`], and inserts `head_markup` (the Consentry script tag) as the
/// first thing in `<head>` (empty: nothing is inserted).
#[wasm_bindgen(js_name = rewritePage)]
pub fn rewrite_page(html: &str, config_json: &str, base: &str, head_markup: &str) -> Result<String, JsError> {
    let site = site(config_json, base)?;
    let options = Options { encoding: None, head: Some(head_markup.to_string()).filter(|h| !h.is_empty()) };
    let (out, stats) = rewrite_str(&site, &options, html).map_err(|e| JsError::new(&e.to_string()))?;
    if options.head.is_some() && !stats.injected {
        return Err(JsError::new("the page has no element to put the Consentry script tag before"));
    }
    Ok(out)
}

/// The problems in a configuration, as console-style messages
/// (`Consentry config: vendors.exempt: ...`).
#[wasm_bindgen(js_name = configIssues)]
pub fn config_issues(config_json: &str) -> Vec<String> {
    match Site::new(config_json, None) {
        Ok(s) => s.issues().iter().map(|i| i.message()).collect(),
        Err(e) => vec![e.to_string()],
    }
}
