//! What happens when the shim calls in: an element is about to be inserted
//! or was parsed, a URL attribute is written, markup is about to be parsed,
//! a request is about to go out. Each call reads the element, asks the core
//! for a decision, then applies it: the borrow of the state never spans a
//! DOM write.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::hold::{self, Decision, Edit, Kind};
use crate::core::markup;
use crate::core::nesting::Ns;
use crate::core::url::Base;
use wasm_bindgen::prelude::*;

use super::dom::{self, DomAttrs};
use super::registry::{self, Placement};
use super::state;

// The shim calls these (boot.js hands them to it, see `setCallbacks` in
// js/shim.js): exported functions rather than closures, which would each
// bring their own glue on both sides.

/// A loading element to decide (`connected`: seen by the observer after the
/// parser inserted it; else about to be inserted).
#[wasm_bindgen(js_name = hookNode)]
pub fn hook_node(el: JsValue, connected: bool) {
    on_node(&el, connected);
}

/// A fragment or another document's subtree about to be inserted.
#[wasm_bindgen(js_name = hookTree)]
pub fn hook_tree(root: JsValue) {
    on_tree(&root);
}

/// A URL-bearing attribute being written: see [`on_attr`].
#[wasm_bindgen(js_name = hookAttr)]
pub fn hook_attr(el: JsValue, name: String, value: String) -> JsValue {
    on_attr(&el, &name, &value)
}

/// Markup about to be parsed in a context of namespace code `ns`: see [`on_markup`].
#[wasm_bindgen(js_name = hookMarkup)]
pub fn hook_markup(html: String, ns: u32) -> JsValue {
    on_markup(&html, context_ns(ns))
}

/// `document.write`: how much of the text written so far is whole.
#[wasm_bindgen(js_name = hookWritten)]
pub fn hook_written(html: String) -> u32 {
    u32::try_from(markup::complete_prefix(&html)).unwrap_or(u32::MAX)
}

/// A request about to go out: see [`on_request`].
#[wasm_bindgen(js_name = hookRequest)]
pub fn hook_request(url: String, kind: String) -> u32 {
    on_request(&url, &kind)
}

/// A held script was cloned.
#[wasm_bindgen(js_name = hookClone)]
pub fn hook_clone(src: JsValue, copy: JsValue) {
    registry::cloned(&src, &copy);
}

/// A loading element: before insertion (`connected == false`) or seen by
/// the observer after the parser (or an unhooked path) inserted it.
pub fn on_node(el: &JsValue, connected: bool) {
    let Some(kind) = dom::local_name(el).as_deref().and_then(Kind::from_tag) else { return };
    if let Some(index) = dom::held_get(el) {
        return registry::seen_again(el, index, kind, connected);
    }
    let attrs = DomAttrs(el);
    let Some(decision) = state::with(|s| hold::decide(kind, &attrs, &s.ctx())) else {
        return fail_closed(el, kind);
    };
    match decision {
        Decision::Pass => {}
        Decision::Hold(h) => {
            let had_live_url = h.edits.iter().any(|e| matches!(e, Edit::Remove(_)));
            dom::apply(el, &h.edits);
            registry::register(el, h, if connected { Placement::Parsed } else { Placement::Inserted });
            // A parsed frame may already be navigating: detaching and
            // re-attaching it (now without src) stops that.
            if connected && kind == Kind::Iframe && had_live_url {
                dom::reinsert(el);
            }
        }
        Decision::Release(_, edits) => {
            dom::apply(el, &edits);
            if connected && kind == Kind::Script {
                // A parsed tag that was never prepared: make it run now, in
                // document order if it was not async.
                if dom::get_attr(el, "async").is_none() {
                    dom::set_script_async(el, false);
                }
                dom::reinsert(el);
            }
        }
        Decision::Broken(kind, err) => {
            registry::register_broken(el, kind, if connected { Placement::Parsed } else { Placement::Inserted });
            let mut m = String::from("Consentry: a <");
            m.push_str(kind.name());
            m.push_str("> stays held: its data-category has ");
            m.push_str(&err.describe());
            m.push_str(". Use necessary, functional, analytics or marketing.");
            dom::console_error(&m);
        }
    }
}

/// A fragment, or a subtree from another document, about to be inserted.
pub fn on_tree(root: &JsValue) {
    for el in dom::qsa(root, dom::LOADING).iter() {
        on_node(&el, false);
    }
}

/// Fails closed when the state is unavailable: hold anything in held form,
/// and any script with a src that is not first party.
fn fail_closed(el: &JsValue, kind: Kind) {
    if kind == Kind::Script && dom::get_attr(el, "src").is_some() {
        dom::set_attr(el, "type", "text/plain");
    }
}

const SKIP: u32 = 1;

/// A URL-bearing attribute (or a script's `type`) is being written.
/// Returns `1` to skip the native write, a string to write instead, or
/// `undefined` to let it through.
pub fn on_attr(el: &JsValue, name: &str, value: &str) -> JsValue {
    let Some(kind) = dom::local_name(el).as_deref().and_then(Kind::from_tag) else { return JsValue::UNDEFINED };
    if name == "type" {
        return on_type(el, kind, value);
    }
    let Some(held_attr) = kind.held_attr(name) else { return JsValue::UNDEFINED };
    let held_index = dom::held_get(el);
    let in_held_form = held_index.is_some() || hold::is_held_form(kind, &DomAttrs(el));
    if in_held_form {
        // Still held: keep the new URL where release will find it.
        registry::retarget(el, held_index, kind, name, value);
        if kind == Kind::Script {
            return JsValue::UNDEFINED; // a text/plain script never fetches its src
        }
        dom::set_attr(el, held_attr, value);
        return JsValue::from(SKIP);
    }
    let verdict = state::with(|s| {
        let ctx = s.ctx();
        let (id, categories) = ctx.classify_attr(name, value).filter(|(id, c)| !s.classifier.permits(&s.consent, Some(*id), *c))?;
        let vendor_name = ctx.classifier.vendor(id).map(|v| v.id.to_string()).unwrap_or_default();
        Some((id, categories, vendor_name))
    });
    let Some(verdict) = verdict else {
        // No state (cannot happen once started; the borrow rule prevents
        // re-entry): fail closed, the write does not happen.
        return JsValue::from(SKIP);
    };
    let Some((vendor, categories, vendor_name)) = verdict else { return JsValue::UNDEFINED };
    let attrs = DomAttrs(el);
    let mut edits = hold::hold_edits(kind, &attrs, categories, Some(&vendor_name));
    if kind != Kind::Script {
        edits.push(Edit::Set(held_attr, value.to_string()));
    }
    dom::apply(el, &edits);
    let h = hold::Hold { kind, vendor: Some(vendor), categories, url: value.to_string(), edits: Vec::new() };
    registry::register(el, h, if dom::is_connected(el) { Placement::Inserted } else { Placement::Detached });
    if kind == Kind::Script {
        JsValue::UNDEFINED
    } else {
        JsValue::from(SKIP)
    }
}

/// A script's `type` is being changed. A held script keeps `text/plain`;
/// the wanted type is kept in `data-type` and applied on release.
fn on_type(el: &JsValue, kind: Kind, value: &str) -> JsValue {
    if kind != Kind::Script {
        return JsValue::UNDEFINED;
    }
    let held = dom::held_get(el).is_some() || hold::is_held_form(kind, &DomAttrs(el));
    if !held {
        return JsValue::UNDEFINED;
    }
    if value.is_empty() {
        dom::remove_attr(el, "data-type");
    } else {
        dom::set_attr(el, "data-type", value);
    }
    JsValue::from(SKIP)
}

/// The namespace code the shim passes with markup (its `contextNs`).
fn context_ns(code: u32) -> Ns {
    match code {
        1 => Ns::Svg,
        2 => Ns::MathMl,
        _ => Ns::Html,
    }
}

/// Markup on its way into the page, to be parsed inside an element of
/// namespace `context`: returns the rewritten markup, or `undefined` when
/// nothing needed holding.
pub fn on_markup(html: &str, context: Ns) -> JsValue {
    // Relative URLs in the markup resolve against the document's base URL
    // as it is now: read once for the whole markup rather than asking the
    // browser's URL parser once per relative URL (most of a widget's).
    let (scheme, host) = state::base_parts(&dom::base_url());
    let rewritten = state::with(|s| {
        let mut ctx = s.ctx();
        if !host.is_empty() {
            ctx.base = Base { scheme, host: &host };
            ctx.live_base = false;
        }
        markup::rewrite_in(html, context, &ctx)
    });
    match rewritten {
        Some(Some(out)) => JsValue::from_str(&out),
        Some(None) => JsValue::UNDEFINED,
        // No state: drop markup with loading tags rather than let it through.
        None => JsValue::from_str(""),
    }
}

/// A `fetch`, `fetchLater`, `XMLHttpRequest`, `sendBeacon`, `WebSocket` or
/// `EventSource` call, or a link's `ping`: 1 to block it. A kind the shim
/// does not name right is still decided, and reported as a fetch.
pub fn on_request(url: &str, kind: &str) -> u32 {
    let kind = state::Request::parse(kind).unwrap_or(state::Request::Fetch);
    let blocked = state::with(|s| {
        let ctx = s.ctx();
        let m = ctx.classify(url)?;
        if s.classifier.permits(&s.consent, Some(m.id), m.categories) {
            return None;
        }
        let id = m.id;
        let debug = s.config.debug;
        s.drop_request(kind, url, id);
        Some(debug)
    });
    match blocked {
        Some(Some(debug)) => {
            if debug {
                let mut m = String::from("Consentry: dropped a ");
                m.push_str(kind.name());
                m.push_str(" request to ");
                m.push_str(url);
                dom::console_info(&m);
            }
            SKIP
        }
        Some(None) => 0,
        None => SKIP,
    }
}
