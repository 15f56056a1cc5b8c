//! The interface's state for the page view: the blocker's bridge, the
//! configuration, and what the blocker said at start; and the page events
//! the interface waits for.

use crate::host::{Host, Start};
use crate::settings::Settings;
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Everything the interface knows.
pub struct App {
    /// The blocker.
    pub host: Host,
    /// The configuration.
    pub settings: Settings,
    /// What the blocker said at start.
    pub start: Start,
    /// The vendor details file, loaded when first needed.
    pub details: crate::details::Details,
}

thread_local! {
    /// Listeners waiting for the page: kept until the page view ends (each
    /// fires once; dropping one would remove it before it fired).
    static WAITING: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` once the document has been parsed (now, if it has).
pub fn when_parsed(f: impl FnOnce() + 'static) {
    let Some(doc) = crate::dom::document() else { return };
    if crate::dom::parsed(&doc) {
        return f();
    }
    let mut f = Some(f);
    let l = EventListener::once_with_options(&doc, "DOMContentLoaded", EventListenerOptions::default(), move |_| {
        if let Some(f) = f.take() {
            f();
        }
    });
    WAITING.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            w.push(l);
        }
    });
}

/// Runs `f` once `<body>` exists: now if it does; else as soon as the
/// parser inserts it (so that the banner is in the first frame the visitor
/// sees, not after the whole document has been parsed); when the document
/// is parsed at the latest.
pub fn when_body(f: impl FnOnce() + 'static) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(doc) = crate::dom::document() else { return };
    if doc.body().is_some() || crate::dom::parsed(&doc) {
        return f();
    }
    // Runs once, from whichever comes first.
    let f = Rc::new(Cell::new(Some(f)));
    let run = {
        let f = f.clone();
        move || {
            if let Some(f) = f.take() {
                f();
            }
        }
    };
    let observed: Rc<Cell<Option<web_sys::MutationObserver>>> = Rc::default();
    let obs = observed.clone();
    let doc2 = doc.clone();
    let run2 = run.clone();
    let cb = Closure::<dyn FnMut()>::new(move || {
        if doc2.body().is_some() {
            if let Some(o) = obs.take() {
                o.disconnect();
            }
            run2();
        }
    });
    if let (Ok(o), Some(root)) = (web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()), doc.document_element()) {
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        if o.observe_with_options(&root, &init).is_ok() {
            observed.set(Some(o));
        }
    }
    // The observer's callback lives as long as it may be called: until the
    // page is parsed, then it is dropped with the closure below.
    when_parsed(move || {
        if let Some(o) = observed.take() {
            o.disconnect();
        }
        drop(cb);
        run();
    });
}
