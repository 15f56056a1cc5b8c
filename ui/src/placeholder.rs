//! Placeholders for held frames and embeds: where a held YouTube player, map
//! or post would be, a box that says which vendor it is, what loading it
//! means (its categories, a link to its policy), and offers two actions:
//! load this one now (this element only, nothing stored) or always allow
//! the vendor (stored, through the blocker's `acceptVendor`).
//!
//! Each placeholder lives in a shadow root of its own, styled by the
//! banner's stylesheet (adopted: no `<style>` element, no style attribute,
//! so a strict CSP works; themable with the same custom properties), and
//! takes the frame's size, set through the CSSOM, so the layout does not
//! jump. The held frame is hidden meanwhile by an attribute and a rule of
//! an adopted document stylesheet, and shown again when it is released.

use crate::app::App;
use crate::dom::{add, el};
use crate::host::HeldFrame;
use crate::i18n::Key;
use crate::panel::category_name;
use consentry::core::category::CategorySet;
use consentry::core::projection::{self, Vendor};
use consentry::core::text;
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

const HOST_TAG: &str = "consentry-placeholder";
/// On a held frame while its placeholder shows.
const HIDDEN: &str = "data-consentry-hidden";

/// A placeholder on the page.
struct Shown {
    index: u32,
    host: Element,
    frame: Element,
    _listeners: Vec<EventListener>,
}

thread_local! {
    static SHOWN: RefCell<Vec<Shown>> = const { RefCell::new(Vec::new()) };
    static DOC_SHEET: RefCell<bool> = const { RefCell::new(false) };
}

/// Puts a placeholder before every held frame or embed that has none, and
/// takes away those whose frame is no longer held (released, or gone).
pub fn refresh(app: &Rc<App>) -> Result<(), JsValue> {
    let Some(doc) = crate::dom::document() else { return Ok(()) };
    let held = app.host.held_frames().map_err(|e| JsValue::from_str(&e.describe()))?;
    // (try_borrow: the cells are never borrowed across a call that could
    // come back here, and a failed borrow must not panic.)
    let stale: Vec<Shown> = SHOWN.with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else { return Vec::new() };
        let all = std::mem::take(&mut *s);
        let (keep, gone): (Vec<Shown>, Vec<Shown>) = all.into_iter().partition(|p| held.iter().any(|h| h.index == p.index));
        *s = keep;
        gone
    });
    for p in stale {
        p.host.remove();
        let _ = p.frame.remove_attribute(HIDDEN);
    }
    for h in held {
        let known = SHOWN.with(|s| s.try_borrow().map(|s| s.iter().any(|p| p.index == h.index)).unwrap_or(true));
        if known || !h.el.is_connected() {
            continue;
        }
        show(app, &doc, h)?;
    }
    Ok(())
}

/// The vendor's public projection, or a stand-in named by the URL's host
/// for a hand-tagged element of no known vendor.
fn vendor_of(app: &App, h: &HeldFrame) -> Vendor {
    let cats = CategorySet::from_bits(h.categories);
    match crate::vendors::def(&app.settings, &h.vendor) {
        Some(def) if !h.vendor.is_empty() => projection::vendor(def.as_ref(), cats, false),
        _ => {
            let host = h.url.split("//").nth(1).and_then(|r| r.split(['/', '?', '#']).next()).unwrap_or("").to_string();
            Vendor { name: if host.is_empty() { h.url.clone() } else { host }, categories: cats, ..Vendor::default() }
        }
    }
}

fn show(app: &Rc<App>, doc: &Document, h: HeldFrame) -> Result<(), JsValue> {
    hide_rule(doc)?;
    let t = app.settings.texts();
    let v = vendor_of(app, &h);
    let host = el(doc, HOST_TAG, &[], None)?;
    let theme = match app.settings.config.theme {
        consentry::core::config::Theme::Auto => "auto",
        consentry::core::config::Theme::Light => "light",
        consentry::core::config::Theme::Dark => "dark",
    };
    host.class_list().add_1(theme)?;
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(crate::panel::CSS)?;
    js_sys::Reflect::set(&root, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(&sheet))?;
    let title = t.fill(Key::PlaceholderTitle, "vendor", &v.name);
    let dir = if t.rtl() { "rtl" } else { "ltr" };
    let boxed = el(
        doc,
        "div",
        &[("class", "root placeholder"), ("role", "region"), ("aria-label", &title), ("lang", t.code()), ("dir", dir)],
        None,
    )?;
    add(&boxed, &el(doc, "p", &[("class", "title")], Some(&title))?);
    let cats: Vec<String> =
        v.categories.iter().filter(|c| *c != consentry::core::category::Category::Necessary).map(|c| category_name(&t, c)).collect();
    let description = text::replace_all(&t.fill(Key::PlaceholderDescription, "vendor", &v.name), "{categories}", &cats.join(", "));
    add(&boxed, &el(doc, "p", &[("class", "muted")], Some(&description))?);
    if let Some(href) = &v.policy {
        let p = el(doc, "p", &[], None)?;
        add(
            &p,
            &el(
                doc,
                "a",
                &[("href", href), ("rel", "noopener noreferrer"), ("target", "_blank")],
                Some(&t.fill(Key::VendorPolicy, "vendor", &v.name)),
            )?,
        );
        add(&boxed, &p);
    }
    let actions = el(doc, "div", &[("class", "actions")], None)?;
    let once = el(doc, "button", &[("type", "button")], Some(&t.get(Key::LoadOnce)))?;
    add(&actions, &once);
    let allow = if h.vendor.is_empty() {
        None
    } else {
        let b = el(doc, "button", &[("type", "button")], Some(&t.fill(Key::AlwaysAllow, "vendor", &v.name)))?;
        add(&actions, &b);
        Some(b)
    };
    add(&boxed, &actions);
    size_like(&boxed, &h.el);
    root.append_child(&boxed)?;
    h.el.before_with_node_1(&host)?;
    h.el.set_attribute(HIDDEN, "")?;

    let mut listeners = Vec::new();
    let (a, index, frame, host_el) = (app.clone(), h.index, h.el.clone(), host.clone());
    listeners.push(EventListener::new(&once, "click", move |_| {
        if a.host.load_once(index).unwrap_or(false) {
            host_el.remove();
            let _ = frame.remove_attribute(HIDDEN);
            if let Some(f) = frame.dyn_ref::<HtmlElement>() {
                let _ = f.focus();
            }
            SHOWN.with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    s.retain(|p| p.index != index);
                }
            });
        }
    }));
    if let Some(allow) = allow {
        let (a, id) = (app.clone(), h.vendor.clone());
        listeners.push(EventListener::new(&allow, "click", move |_| {
            // The blocker decides and releases; the decision comes back here
            // (client::decided) and takes the placeholders away.
            if let Err(e) = a.host.accept_vendor(&id) {
                crate::dom::console_error(&format!("Consentry: {}", e.describe()));
            }
        }));
    }
    SHOWN.with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            s.push(Shown { index: h.index, host, frame: h.el, _listeners: listeners });
        }
    });
    Ok(())
}

/// The frame's size: its box if it has been laid out, else its `width` and
/// `height` attributes. Set through the CSSOM, which a strict CSP allows.
fn size_like(boxed: &Element, frame: &Element) {
    let Some(b) = boxed.dyn_ref::<HtmlElement>() else { return };
    let r = frame.get_bounding_client_rect();
    // Whole pixels (`560`, `560px`), read as an integer: parsing a float
    // would bring the float reader and its tables into this module.
    let attr = |name: &str| {
        let v = frame.get_attribute(name)?;
        let v = v.trim();
        let digits = v.strip_suffix("px").unwrap_or(v);
        digits.parse::<u32>().ok().map(f64::from)
    };
    let (w, h) = if r.width() > 0.0 && r.height() > 0.0 { (Some(r.width()), Some(r.height())) } else { (attr("width"), attr("height")) };
    let style = b.style();
    // Whole pixels, written as integers: formatting a float would bring
    // the float printer into this module (about 20 KB).
    // Not f64::clamp: it asserts its bounds, a panic path in the module.
    #[allow(clippy::manual_clamp)]
    let px = |v: f64| {
        let mut s = String::new();
        text::push_uint(&mut s, v.round().max(0.0).min(100_000.0) as u64);
        s.push_str("px");
        s
    };
    if let Some(w) = w.filter(|w| *w >= 1.0) {
        let _ = style.set_property("width", &px(w));
    }
    if let Some(h) = h.filter(|h| *h >= 1.0) {
        let _ = style.set_property("height", &px(h));
    }
}

/// The document rule that hides a held frame while its placeholder shows
/// (adopted once: no `<style>` element).
fn hide_rule(doc: &Document) -> Result<(), JsValue> {
    if DOC_SHEET.with(|d| d.try_borrow().map(|d| *d).unwrap_or(true)) {
        return Ok(());
    }
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(&format!("[{HIDDEN}]{{display:none!important}}{HOST_TAG}{{display:block;max-width:100%}}"))?;
    let key = JsValue::from_str("adoptedStyleSheets");
    let current: js_sys::Array = js_sys::Reflect::get(doc, &key)?.dyn_into().unwrap_or_default();
    current.push(&sheet);
    js_sys::Reflect::set(doc, &key, &current)?;
    DOC_SHEET.with(|d| {
        if let Ok(mut d) = d.try_borrow_mut() {
            *d = true;
        }
    });
    Ok(())
}
