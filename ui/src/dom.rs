//! Small DOM helpers for the interface. Every text is set with
//! `textContent`, never parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

#[wasm_bindgen]
extern "C" {
    /// A Promise, seen for its two-callback `then`.
    pub type Pending;
    /// `promise.then(ok, failed)`: resolves to what the one called returns.
    #[wasm_bindgen(method, js_name = then)]
    pub fn then_either(this: &Pending, ok: &js_sys::Function, failed: &js_sys::Function) -> js_sys::Promise;
}

/// The page's document.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Whether the document has been parsed.
pub fn parsed(doc: &Document) -> bool {
    doc.ready_state() != "loading"
}

/// Creates an element with attributes and text (set as text, never HTML).
/// Fails only where the page broke `createElement`.
pub fn el(doc: &Document, tag: &str, attrs: &[(&str, &str)], text: Option<&str>) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    for (k, v) in attrs {
        e.set_attribute(k, v)?;
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    Ok(e)
}

/// Appends `child` to `parent`.
pub fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// Appends text to `parent`.
pub fn text(parent: &Element, t: &str) {
    let _ = parent.append_with_str_1(t);
}

/// Shows or hides an element (the `hidden` attribute).
pub fn set_hidden(e: &Element, hidden: bool) {
    let _ = if hidden { e.set_attribute("hidden", "") } else { e.remove_attribute("hidden") };
}

/// Whether an element is hidden.
pub fn is_hidden(e: &Element) -> bool {
    e.has_attribute("hidden")
}

/// Moves the focus to an element.
pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// An exception, for the console.
pub fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "(an exception that is not an Error)".into())
}

/// Writes an error to the console (a page that broke the console gets nothing).
pub fn console_error(m: &str) {
    web_sys::console::error_1(&JsValue::from_str(m));
}
