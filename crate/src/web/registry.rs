//! The registry of held elements and their release.
//!
//! Release order: entries are released in the order they entered the
//! document (parser order for parsed tags, insertion order for inserted
//! ones). External scripts that were not async are re-inserted with
//! `async = false`, which makes the browser run them in that order. An
//! inline script cannot be ordered that way (it runs on insertion), so the
//! release waits for the external scripts before it to load (or fail)
//! before inserting it, and continues after it. An ordered SVG script has no
//! `async` to clear: it runs alone, waiting for the scripts before it like an
//! inline script, and the release waits for it to load (or fail) before going
//! on.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::CategorySet;
use crate::core::classify::Classifier;
use crate::core::consent::Consent;
use crate::core::hold::{self, Hold, Kind};
use ::core::cell::RefCell;
use alloc::collections::VecDeque;
use wasm_bindgen::prelude::*;

use super::dom::{self, DomAttrs};
use super::state::{self, Entry, Phase};

/// Where a newly held element is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In the document, placed by the parser (or a path without hooks).
    Parsed,
    /// In the document or being inserted now, by page code.
    Inserted,
    /// Not in the document (yet): its position is taken when it is inserted.
    Detached,
}

/// Registers a held element.
pub fn register(el: &JsValue, h: Hold, at: Placement) {
    register_in(el, h, at, Phase::Held);
}

fn register_in(el: &JsValue, h: Hold, at: Placement, phase: Phase) {
    let mut entry = Entry {
        el: el.clone(),
        kind: h.kind,
        vendor: h.vendor,
        categories: h.categories,
        url: h.url,
        seq: 0,
        parser: at == Placement::Parsed,
        phase,
        once: false,
    };
    let registered = state::with(|s| {
        if at != Placement::Detached {
            entry.seq = s.bump();
        }
        let needs = needs_placeholder(&s.classifier, h.kind, h.vendor);
        (s.register(entry), needs)
    });
    if let Some((i, needs)) = registered {
        dom::held_set(el, i);
        // A held frame or embed gets a placeholder from the interface; so
        // does the markup a held widget script would have drawn.
        // (The interface draws them a task later: an element being
        // inserted now is in the document by then.)
        if phase == Phase::Held && at != Placement::Detached {
            request_placeholders(needs);
        }
    }
}

/// Asks the interface for placeholders, when a held element gets any (see
/// [`needs_placeholder`]).
fn request_placeholders(needs: bool) {
    if needs && super::interface::ui_on() {
        let _ = dom::ui_request("placeholders", &JsValue::FALSE);
    }
}

/// Whether a held element of this kind and vendor gets placeholders from the
/// interface: a frame or embed in its place, a widget script before the
/// markup it would have drawn (see `Classifier::draws_widgets`).
pub fn needs_placeholder(
    classifier: &crate::core::classify::Classifier,
    kind: Kind,
    vendor: Option<crate::core::classify::VendorId>,
) -> bool {
    kind.is_embedded() || (kind == Kind::Script && vendor.is_some_and(|v| classifier.draws_widgets(v)))
}

/// A placeholder's "load once" for a whole vendor (a widget's, or the
/// site's own placeholder for it): the vendor is permitted for the rest of
/// this page view, storing nothing, and its held elements are released in
/// order (the frames and widgets its script then adds load too). Whether
/// the id names a vendor.
pub fn release_vendor_once(id: &str) -> bool {
    let found = state::with(|s| {
        let (v, _) = s.classifier.find(id)?;
        s.classifier.allow_for_page_view(v);
        Some(())
    })
    .flatten();
    if found.is_none() {
        return false;
    }
    release_registered();
    true
}

/// A placeholder's "load once": releases one held element now, whatever
/// the consent, storing nothing. Whether it was held.
pub fn release_once(index: u32) -> bool {
    let item = state::with(|s| {
        let e = s.entries.get_mut(index as usize)?;
        if e.phase != Phase::Held {
            return None;
        }
        e.once = true;
        e.phase = Phase::Released;
        Some(Item { el: e.el.clone(), kind: e.kind, parser: e.parser, index: index as usize })
    })
    .flatten();
    let Some(item) = item else { return false };
    let _ = QUEUE.with(|q| q.try_borrow_mut().map(|mut q| q.push_back(item)));
    pump(None);
    true
}

/// A script keeps document order on release unless it was async: a parsed
/// script by its `async` attribute (the aborted preparation set its `async`
/// property), an inserted one by its `async` property.
fn is_ordered(el: &JsValue, parser: bool) -> bool {
    if parser {
        dom::get_attr(el, "async").is_none()
    } else {
        !dom::script_async(el)
    }
}

/// A held script was cloned. A clone copies a script's "already started"
/// flag: had the original not been held, it would have run on insertion and
/// its clone never would. So a clone of a held script that was inserted is
/// inert for good; a clone of one never inserted is held like it.
pub fn cloned(src: &JsValue, copy: &JsValue) {
    let Some(index) = dom::held_get(src) else { return };
    let info = state::with(|s| s.entries.get(index as usize).map(|e| (e.kind, e.vendor, e.categories, e.url.clone(), e.seq != 0)));
    let Some(Some((kind, vendor, categories, url, inserted))) = info else { return };
    let h = Hold { kind, vendor, categories, url, edits: Vec::new() };
    register_in(copy, h, Placement::Detached, if inserted { Phase::Released } else { Phase::Held });
}

/// Registers an element whose `data-category` is invalid: held for good.
pub fn register_broken(el: &JsValue, kind: Kind, at: Placement) {
    let h = Hold { kind, vendor: None, categories: CategorySet::ALL, url: String::new(), edits: Vec::new() };
    register_in(el, h, at, Phase::Broken);
}

/// A held element passes through an insertion (or the observer) again.
pub fn seen_again(el: &JsValue, index: u32, kind: Kind, connected: bool) {
    let info = state::with(|s| {
        let fresh = s.bump();
        let e = s.entries.get_mut(index as usize)?;
        if !connected && e.phase == Phase::Held {
            // Its position in the document is where it is inserted now.
            e.seq = fresh;
        }
        let (phase, vendor, cats) = (e.phase, e.vendor, e.categories);
        Some((phase, s.classifier.permits(&s.consent, vendor, cats), needs_placeholder(&s.classifier, kind, vendor)))
    });
    let info = info.flatten();
    // A held element built out of the document and inserted now gets its
    // placeholders now.
    if let Some((Phase::Held, false, needs)) = info {
        if !connected {
            request_placeholders(needs);
        }
    }
    match info.map(|(phase, allowed, _)| (phase, allowed)) {
        Some((Phase::Held, true)) if !connected => {
            // Consent came while it was out of the document: it runs on this insertion.
            let edits = hold::release_edits(kind, &DomAttrs(el));
            dom::apply(el, &edits);
            mark_released(el, index);
        }
        // The page may have changed it through a path we do not hook:
        // put it back into held form before it can load.
        Some((Phase::Held | Phase::Broken, _)) if !hold::is_held_form(kind, &DomAttrs(el)) => {
            let cats = state::with(|s| s.entries.get(index as usize).map(|e| e.categories)).flatten().unwrap_or(CategorySet::ALL);
            let edits = hold::hold_edits(kind, &DomAttrs(el), cats, None);
            dom::apply(el, &edits);
        }
        _ => {}
    }
}

/// A held element gets a new URL: remember it, and add the new URL's
/// categories (holding never gets weaker).
pub fn retarget(el: &JsValue, index: Option<u32>, kind: Kind, attr: &str, value: &str) {
    let Some(index) = index.or_else(|| {
        // Held form we had not registered (markup, clone): register it now.
        let attrs = DomAttrs(el);
        let h = state::with(|s| match hold::decide(kind, &attrs, &s.ctx()) {
            hold::Decision::Hold(h) | hold::Decision::Release(h, _) => Some(h),
            _ => None,
        })
        .flatten()?;
        register(el, h, if dom::is_connected(el) { Placement::Inserted } else { Placement::Detached });
        dom::held_get(el)
    }) else {
        return;
    };
    state::with(|s| {
        let ctx = s.ctx();
        let extra = ctx.classify_attr(attr, value).map_or(CategorySet::EMPTY, |(_, c)| c);
        if let Some(e) = s.entries.get_mut(index as usize) {
            e.categories = e.categories.union(extra);
            if !attr.ends_with("srcset") {
                e.url = value.chars().take(2000).collect();
            }
        }
    });
}

fn mark_released(el: &JsValue, index: u32) {
    state::with(|s| {
        if let Some(e) = s.entries.get_mut(index as usize) {
            e.phase = Phase::Released;
        }
    });
    dom::held_delete(el);
}

/// Registers held-form elements the hooks did not see (static markup the
/// observer missed, markup parsed into a detached tree then inserted).
fn sweep() {
    let doc = js_sys::global();
    let document = js_sys::Reflect::get(&doc, &JsValue::from_str("document")).unwrap_or(JsValue::UNDEFINED);
    if document.is_undefined() {
        return;
    }
    for el in dom::qsa(&document, dom::HELD_FORM).iter() {
        if dom::held_get(&el).is_some() {
            continue;
        }
        let Some(kind) = dom::local_name(&el).as_deref().and_then(Kind::from_tag) else { continue };
        let attrs = DomAttrs(&el);
        // A released element keeps its `data-category` (it says why it was
        // held); it is not held again: a script that ran cannot be unrun.
        if !hold::is_held_form(kind, &attrs) {
            continue;
        }
        let h = state::with(|s| match hold::decide(kind, &attrs, &s.ctx()) {
            hold::Decision::Hold(h) | hold::Decision::Release(h, _) => Some(h),
            _ => None,
        })
        .flatten();
        if let Some(h) = h {
            register(&el, h, Placement::Parsed);
        }
    }
}

/// One element to release.
struct Item {
    el: JsValue,
    kind: Kind,
    parser: bool,
    /// Its entry in the state.
    index: usize,
}

static QUEUE: super::Local<RefCell<VecDeque<Item>>> = super::Local(RefCell::new(VecDeque::new()));
/// A release is waiting for ordered scripts before an inline one: later
/// releases only queue behind it.
static WAITING: super::Local<::core::cell::Cell<bool>> = super::Local(::core::cell::Cell::new(false));

/// Releases every held element whose categories are now all granted,
/// exactly once, in order.
pub fn release_allowed() {
    sweep();
    release_registered();
}

/// At start-up: registers hand-tagged elements already in the page, and
/// releases only if one of them is allowed. In `<head>`, the usual place,
/// there are none; the release machinery is then not even compiled before
/// the banner (the module's functions compile on first call).
pub fn release_allowed_at_start() {
    sweep();
    let any = state::with(|s| s.entries.iter().any(|e| releasable(e, &s.classifier, &s.consent))).unwrap_or(false);
    if any {
        release_registered();
    }
}

/// A held entry that `consent` now lets run.
fn releasable(e: &Entry, classifier: &Classifier, consent: &Consent) -> bool {
    e.phase == Phase::Held && classifier.permits(consent, e.vendor, e.categories)
}

fn release_registered() {
    let mut batch: Vec<(u32, Item)> = state::with(|s| {
        let (classifier, consent) = (&s.classifier, &s.consent);
        let mut out = Vec::new();
        for (index, e) in s.entries.iter_mut().enumerate() {
            if releasable(e, classifier, consent) {
                e.phase = Phase::Released;
                out.push((e.seq, Item { el: e.el.clone(), kind: e.kind, parser: e.parser, index }));
            }
        }
        out
    })
    .unwrap_or_default();
    crate::core::text::sort_by_key(&mut batch, |(seq, _)| *seq);
    let _ = QUEUE.with(|q| {
        q.try_borrow_mut().map(|mut q| {
            // Each stays in the held map until it is released: until then
            // no sweep registers it again.
            for (_, item) in batch {
                q.push_back(item);
            }
        })
    });
    pump(None);
}

fn pop() -> Option<Item> {
    QUEUE.with(|q| q.try_borrow_mut().ok().and_then(|mut q| q.pop_front()))
}

fn push_front(item: Item) {
    let _ = QUEUE.with(|q| q.try_borrow_mut().map(|mut q| q.push_front(item)));
}

/// Releases queued items until an inline script has to wait for the
/// ordered external scripts released before it.
fn pump(mut last_ordered: Option<JsValue>) {
    if WAITING.with(|w| w.get()) {
        return;
    }
    while let Some(item) = pop() {
        let el = &item.el;
        // Consent may have been withdrawn while it waited in the queue (for
        // an ordered script before it): then it is held again, not released.
        let still = state::with(|s| {
            let e = s.entries.get(item.index)?;
            let allowed = e.once || s.classifier.permits(&s.consent, e.vendor, e.categories);
            let e = s.entries.get_mut(item.index)?;
            if !allowed {
                e.phase = Phase::Held;
            }
            Some(allowed)
        });
        if still != Some(Some(true)) {
            continue;
        }
        let connected = dom::is_connected(el);
        if item.kind != Kind::Script {
            dom::held_delete(el);
            let edits = hold::release_edits(item.kind, &DomAttrs(el));
            dom::apply(el, &edits);
            continue;
        }
        // A script's URL attributes (the table of what loads): an HTML
        // script loads from `src`, an SVG one from `href` or `xlink:href`.
        let svg = !dom::has_async(el);
        let external = Kind::Script
            .url_attrs()
            .iter()
            .filter(|(live, _)| (*live == "src") != svg)
            .any(|(live, held)| dom::get_attr(el, live).is_some() || dom::get_attr(el, held).is_some());
        let ordered = is_ordered(el, item.parser);
        // An ordered external SVG script cannot be given `async = false`.
        let svg_ordered = svg && ordered && external;
        if (!external || svg_ordered) && connected {
            if let Some(prev) = last_ordered.take() {
                // Wait for the scripts before it, then continue from here.
                push_front(item);
                resume_after(&prev);
                return;
            }
        }
        dom::held_delete(el);
        if item.parser && !nonce_allows(el) {
            // The page uses CSP nonces and this parsed tag had none: the CSP
            // would have refused it, so releasing it (as a script inserted
            // by a trusted one, allowed by 'strict-dynamic') must not run it.
            continue;
        }
        let edits = hold::release_edits(Kind::Script, &DomAttrs(el));
        dom::apply(el, &edits);
        if !connected {
            continue; // runs when the page inserts it
        }
        if svg_ordered {
            // Nothing after it goes in before it has run (or failed).
            dom::reinsert(el);
            resume_after(el);
            return;
        }
        if ordered {
            dom::set_script_async(el, false);
            if external {
                last_ordered = Some(el.clone());
            }
        }
        dom::reinsert(el);
    }
}

/// Pauses the release until `el` has loaded (or failed): the shim then
/// calls [`release_resume`].
fn resume_after(el: &JsValue) {
    WAITING.with(|w| w.set(true));
    dom::on_settled(el);
}

/// A script the release waited for has loaded (or failed): go on with the
/// queue.
#[wasm_bindgen(js_name = releaseResume)]
pub fn release_resume() {
    WAITING.with(|w| w.set(false));
    pump(None);
}

fn nonce_allows(el: &JsValue) -> bool {
    let ours = state::with(|s| s.nonce.clone()).unwrap_or_default();
    ours.is_empty() || dom::nonce_of(el) == ours
}
