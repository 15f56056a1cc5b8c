//! Small DOM helpers for the interface. Every text is set with
//! `textContent`, never parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

#[wasm_bindgen]
extern "C" {
    /// A Promise, seen for its two-callback `then`.
    type Pending;
    /// `promise.then(ok, failed)`: resolves to what the one called returns.
    #[wasm_bindgen(method, js_name = then)]
    fn then_either(this: &Pending, ok: &js_sys::Function, failed: &js_sys::Function) -> js_sys::Promise;
}

/// How long a file the interface asks for (a language pack, the vendor
/// details) may take before it goes on without it, in seconds. A request
/// that hangs (a stalled proxy, a server that never answers) would
/// otherwise keep the banner from showing, the dialog from opening and a
/// withdrawal's reload waiting until the browser gives up, which can take
/// minutes. Five seconds leaves a slow mobile connection time for the
/// larger of the two (the vendor details). A macro, so that the console's
/// message is one literal that names it.
macro_rules! patience_seconds {
    () => {
        5
    };
}

/// [`patience_seconds`] in milliseconds.
pub const PATIENCE_MS: u32 = patience_seconds!() * 1000;

/// Runs `done` once `called` (what a call into JavaScript for a file gave:
/// a value or a Promise, or what it threw) has settled, with its value or
/// why it failed: a Promise of what `done` returns. If it has not settled
/// within [`PATIENCE_MS`], `done` runs with that as the failure, and the
/// file's later answer is dropped.
pub fn when_settled(called: Result<JsValue, JsValue>, done: impl FnOnce(Result<JsValue, JsValue>) -> JsValue + 'static) -> js_sys::Promise {
    let pending = match called {
        Ok(p) => js_sys::Promise::resolve(&p),
        Err(e) => js_sys::Promise::reject(&e),
    };
    // The answer, the failure and the timer: whichever comes first takes
    // `done`. (The others stay allocated: a few per call, a few calls per
    // page.)
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let late = once.clone();
    gloo_timers::callback::Timeout::new(PATIENCE_MS, move || {
        if let Some(d) = late.take() {
            d(Err(JsValue::from_str(concat!(
                "its file has not arrived after ",
                patience_seconds!(),
                " seconds (its request is still open). Fix: see in the browser's network panel why the server does not answer it"
            ))));
        }
    })
    .forget();
    let other = once.clone();
    let ok = Closure::once_into_js(move |v: JsValue| other.take().map_or(JsValue::UNDEFINED, |d| d(Ok(v))));
    let failed = Closure::once_into_js(move |e: JsValue| once.take().map_or(JsValue::UNDEFINED, |d| d(Err(e))));
    pending.unchecked_ref::<Pending>().then_either(ok.unchecked_ref(), failed.unchecked_ref())
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
