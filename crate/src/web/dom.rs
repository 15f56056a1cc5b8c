//! The DOM, as the Rust layer sees it: native functions captured by
//! `js/shim.js` before any page code ran, so a page that later patches
//! `setAttribute` or `insertBefore` cannot change what Consentry does.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::hold::Attrs;
use alloc::borrow::Cow;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/shim.js")]
extern "C" {
    #[wasm_bindgen(js_name = getAttr)]
    pub fn get_attr(el: &JsValue, name: &str) -> Option<String>;
    #[wasm_bindgen(js_name = setAttr)]
    pub fn set_attr(el: &JsValue, name: &str, value: &str);
    #[wasm_bindgen(js_name = removeAttr)]
    pub fn remove_attr(el: &JsValue, name: &str);
    #[wasm_bindgen(js_name = localName)]
    pub fn local_name(el: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = isConnected)]
    pub fn is_connected(el: &JsValue) -> bool;
    #[wasm_bindgen(js_name = nonceOf)]
    pub fn nonce_of(el: &JsValue) -> String;
    #[wasm_bindgen(js_name = scriptAsync)]
    pub fn script_async(el: &JsValue) -> bool;
    #[wasm_bindgen(js_name = setScriptAsync)]
    pub fn set_script_async(el: &JsValue, v: bool);
    #[wasm_bindgen(js_name = hasAsync)]
    pub fn has_async(el: &JsValue) -> bool;
    pub fn reinsert(el: &JsValue) -> bool;
    pub fn qsa(root: &JsValue, selector: &str) -> js_sys::Array;
    /// Calls the release's resume callback once `el` has loaded or failed.
    #[wasm_bindgen(js_name = onSettled)]
    pub fn on_settled(el: &JsValue);
    pub fn emit(name: &str, detail: &JsValue);

    #[wasm_bindgen(js_name = heldGet)]
    pub fn held_get(el: &JsValue) -> Option<u32>;
    #[wasm_bindgen(js_name = heldSet)]
    pub fn held_set(el: &JsValue, index: u32);
    #[wasm_bindgen(js_name = heldDelete)]
    pub fn held_delete(el: &JsValue);

    pub fn cookie() -> String;
    #[wasm_bindgen(js_name = setCookie)]
    pub fn set_cookie(v: &str);
    #[wasm_bindgen(js_name = baseUrl)]
    pub fn base_url() -> String;
    pub fn canonical(u: &str) -> Option<String>;
    /// `&` + `reference` (letters, digits, `;`) as the browser's tokenizer
    /// reads it in an attribute value.
    #[wasm_bindgen(js_name = decodeReference)]
    pub fn decode_reference(reference: &str) -> Option<String>;
    #[wasm_bindgen(js_name = nowSeconds)]
    pub fn now_seconds() -> f64;
    #[wasm_bindgen(js_name = randomBytes)]
    pub fn random_bytes() -> Vec<u8>;
    #[wasm_bindgen(js_name = isHttps)]
    pub fn is_https() -> bool;
    #[wasm_bindgen(js_name = consoleError)]
    pub fn console_error(m: &str);
    #[wasm_bindgen(js_name = consoleWarn)]
    pub fn console_warn(m: &str);
    #[wasm_bindgen(js_name = consoleInfo)]
    pub fn console_info(m: &str);

    pub fn install();
    /// The Rust functions the hooks call (boot.js hands them over; see
    /// `setCallbacks` in the shim).
    #[wasm_bindgen(js_name = setCallbacks)]
    pub fn set_callbacks(callbacks: &JsValue);
    /// Installs the hooks in fail-closed mode (see the shim).
    #[wasm_bindgen(js_name = installFailClosed)]
    pub fn install_fail_closed();

    #[wasm_bindgen(js_name = gtagPush)]
    pub fn gtag_push(command: &str, action: &str, params: &JsValue);
    #[wasm_bindgen(js_name = classResult)]
    pub fn class_result(vendor: &JsValue, categories: &JsValue, held: bool) -> JsValue;
    /// `Array.isArray(v)`, false where even that throws (a revoked proxy).
    #[wasm_bindgen(js_name = isArray)]
    pub fn is_array(v: &JsValue) -> bool;
    /// What a value is, for messages: `null`, `undefined`, `a number`,
    /// `an object`... (never calls into the value).
    #[wasm_bindgen(js_name = typeOf)]
    pub fn type_of(v: &JsValue) -> String;

    /// Starts loading the consent interface (once).
    #[wasm_bindgen(js_name = uiLoad)]
    pub fn ui_load();
    /// Tells the interface of a decision (`load`: load it first if it is not
    /// there), then reloads the page if `reload`.
    #[wasm_bindgen(js_name = uiDecided)]
    pub fn ui_decided(event: &JsValue, load: bool, reload: bool);
    /// Calls `method` of the interface, loading it first: a Promise of its
    /// answer, or of `fallback` if it cannot be loaded.
    #[wasm_bindgen(js_name = uiRequest)]
    pub fn ui_request(method: &str, fallback: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = globalPrivacyControl)]
    pub fn global_privacy_control() -> bool;
    /// Listens for the page's open and do-not-sell clicks and the end of parsing.
    #[wasm_bindgen(js_name = onPageEvents)]
    pub fn on_page_events();
}

/// The selector for every element kind that loads (see `hold::Kind`).
pub const LOADING: &str = crate::core::hold::DOM_SELECTOR;

/// Elements in held form (ours, the rewriter's or hand-tagged).
pub const HELD_FORM: &str = "[data-category]";

/// An element's attributes, read through the captured native `getAttribute`.
pub struct DomAttrs<'a>(pub &'a JsValue);

impl Attrs for DomAttrs<'_> {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        get_attr(self.0, name).map(Cow::Owned)
    }
}

/// Applies attribute edits to an element.
pub fn apply(el: &JsValue, edits: &[crate::core::hold::Edit]) {
    use crate::core::hold::Edit;
    for e in edits {
        match e {
            Edit::Set(n, v) => set_attr(el, n, v),
            Edit::Remove(n) => remove_attr(el, n),
        }
    }
}
