//! Placeholders for held frames, embeds and widgets: where a held YouTube
//! player, map or post would be, a box that says which vendor it is, what
//! loading it means (its categories, a link to its policy), and offers two
//! actions: load it now (nothing stored) or always allow the vendor
//! (stored, through the blocker's `acceptVendor`).
//!
//! A frame's placeholder takes its place and size ("load once": that frame
//! only). A widget, the markup a vendor's held script would turn into a
//! post (`blockquote.twitter-tweet`; which markup is the vendor table's
//! `widgets`), gets one before it, and the site's fallback markup stays
//! readable; "load once" there permits the vendor for this page view, so
//! that its script and the frames it draws load.
//!
//! A site can bring its own (`data-consentry-placeholder`, see `site_ref`):
//! an element the site wrote is shown (its `hidden` attribute removed)
//! while what it stands for is held and hidden again once it is released;
//! its `[data-consentry-load]` and `[data-consentry-allow]` buttons are
//! wired here. Its markup is never read or written as HTML. No built-in
//! placeholder is drawn for what it covers.
//!
//! Each built-in placeholder lives in a shadow root of its own, styled by
//! the banner's stylesheet (adopted: no `<style>` element, no style
//! attribute, so a strict CSP works; themable with the same custom
//! properties); a frame's size is set through the CSSOM, so the layout does
//! not jump. The held frame is hidden meanwhile by an attribute and a rule
//! of an adopted document stylesheet, and shown again when it is released.

use crate::app::App;
use crate::dom::{add, el};
use crate::host::{Held, HeldKind};
use crate::i18n::Key;
use crate::panel::category_name;
use crate::site_ref::{self, SiteRef};
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
/// The site's own placeholders (see `site_ref`).
const SITE: &str = "data-consentry-placeholder";
/// In a site's placeholder: the button that loads what it stands for once.
const SITE_LOAD: &str = "[data-consentry-load]";
/// In a site's placeholder: the button that always allows the vendor.
const SITE_ALLOW: &str = "[data-consentry-allow]";

/// What a placeholder stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// One held element (the blocker's index): a frame or embed, or an
    /// element the site gave a placeholder of its own.
    One(u32),
    /// A vendor: its held scripts (a widget's placeholder) or anything of
    /// it held (a site's placeholder for the vendor).
    Vendor(String),
}

/// A built-in placeholder on the page.
struct Shown {
    target: Target,
    host: Element,
    /// The element it stands before: the held frame, or a widget's markup.
    before: Element,
    _listeners: Vec<EventListener>,
}

/// A site's placeholder we show.
struct SiteShown {
    target: Target,
    el: Element,
    _listeners: Vec<EventListener>,
}

/// Every placeholder on the page, and what they hide.
#[derive(Default)]
struct Page {
    shown: Vec<Shown>,
    site: Vec<SiteShown>,
    /// Held frames hidden while a site's placeholder stands for them.
    site_hidden: Vec<Element>,
    /// The document rule that hides them is adopted.
    sheet: bool,
}

thread_local! {
    static PAGE: RefCell<Page> =
        const { RefCell::new(Page { shown: Vec::new(), site: Vec::new(), site_hidden: Vec::new(), sheet: false }) };
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
}

/// Watches for widget markup the page adds later (a feed that appends
/// posts), while a held script of a vendor that draws widgets waits, so
/// that it gets its placeholder at once rather than at the next change.
/// Only while such a script is held: other pages pay nothing.
struct Watch {
    /// The widget selectors of the vendors whose scripts are held.
    selectors: String,
    observer: web_sys::MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Starts, changes or stops the watch for `selectors` (empty: stop).
fn watch(app: &Rc<App>, doc: &Document, selectors: String) {
    let same = WATCH.with(|w| w.try_borrow().map(|w| w.as_ref().map(|w| w.selectors == selectors)).ok().flatten());
    if same == Some(true) || (same.is_none() && selectors.is_empty()) {
        return;
    }
    // (The old watch is dropped here, never from its own callback: the
    // callback only schedules a refresh, which runs in a task of its own.)
    let old = WATCH.with(|w| w.try_borrow_mut().ok().and_then(|mut w| w.take()));
    drop(old);
    if selectors.is_empty() {
        return;
    }
    let pending = Rc::new(std::cell::Cell::new(false));
    let (a, sel, p) = (app.clone(), selectors.clone(), pending);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
        if p.get() || !adds_widget(&records, &sel) {
            return;
        }
        p.set(true);
        let (a, p) = (a.clone(), p.clone());
        gloo_timers::callback::Timeout::new(0, move || {
            p.set(false);
            refresh_or_say(&a);
        })
        .forget();
    });
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    let Some(root) = doc.document_element() else { return };
    if observer.observe_with_options(&root, &init).is_err() {
        return;
    }
    let w = Watch { selectors, observer, _callback: callback };
    WATCH.with(|cell| {
        if let Ok(mut cell) = cell.try_borrow_mut() {
            *cell = Some(w);
        }
    });
}

/// Whether mutation `records` added an element that is, or holds, widget
/// markup.
fn adds_widget(records: &js_sys::Array, selectors: &str) -> bool {
    records.iter().filter_map(|r| r.dyn_into::<web_sys::MutationRecord>().ok()).any(|r| {
        let added = r.added_nodes();
        (0..added.length())
            .filter_map(|i| added.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .any(|e| e.matches(selectors).unwrap_or(false) || e.query_selector(selectors).ok().flatten().is_some())
    })
}

/// Runs `f` on the placeholders. They are taken out of their cell while it
/// runs (so that no borrow is held across DOM calls), and put back after;
/// nothing `f` calls comes back here before it returns (the blocker calls
/// the interface through promises).
fn with_page<R>(f: impl FnOnce(&mut Page) -> R) -> R {
    let mut page = PAGE.with(|p| p.try_borrow_mut().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default());
    let r = f(&mut page);
    PAGE.with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            *p = page;
        }
    });
    r
}

/// Whether `t` is still held: one element by its index; a vendor by any of
/// its elements, or (`scripts`) by its scripts.
fn live(held: &[Held], t: &Target, scripts: bool) -> bool {
    match t {
        Target::One(i) => held.iter().any(|h| h.index == *i),
        Target::Vendor(v) => held.iter().any(|h| h.vendor == *v && (!scripts || h.kind == HeldKind::Script)),
    }
}

/// A site placeholder wanted now.
struct Want {
    target: Target,
    el: Element,
    held: Option<Element>,
    /// The vendor (for "always allow"; "" for an element of no known vendor).
    vendor: String,
    /// "Load once" releases this one element (a frame's); else the vendor.
    one: Option<u32>,
}

/// The site's placeholders for what is held now: each held element that
/// names one (`#id`), and each element that names a vendor with something
/// held.
fn site_wanted(doc: &Document, held: &[Held]) -> Vec<Want> {
    let mut out: Vec<Want> = Vec::new();
    for h in held {
        let Some(value) = h.el.get_attribute(SITE) else { continue };
        match site_ref::parse(&value) {
            SiteRef::Element(id) => match doc.get_element_by_id(id) {
                Some(el) => out.push(Want {
                    target: Target::One(h.index),
                    el,
                    held: Some(h.el.clone()),
                    vendor: h.vendor.clone(),
                    // A script's widgets need the vendor's frames and
                    // requests too: its "load once" is the vendor's.
                    one: if h.kind == HeldKind::Script && !h.vendor.is_empty() { None } else { Some(h.index) },
                }),
                None => warn(&value, "no element has this id; the built-in placeholder is shown"),
            },
            _ => warn(&value, "on a held element, write the id of your placeholder element: \"#my-box\""),
        }
    }
    let Ok(list) = doc.query_selector_all(&format!("[{SITE}]")) else { return out };
    for el in elements(&list) {
        if held.iter().any(|h| h.el == el) {
            continue;
        }
        let value = el.get_attribute(SITE).unwrap_or_default();
        match site_ref::parse(&value) {
            SiteRef::Vendor(id) => {
                let target = Target::Vendor(id.to_string());
                if live(held, &target, false) {
                    out.push(Want { target, el, held: None, vendor: id.to_string(), one: None });
                } else {
                    // Nothing of the vendor held: the site's placeholder stays hidden.
                    crate::dom::set_hidden(&el, true);
                }
            }
            // An element another one names by its id.
            SiteRef::Element(_) => {}
            SiteRef::Invalid => warn(&value, "expected a vendor id (\"youtube\") or, on a held element, \"#id\""),
        }
    }
    out
}

/// The elements of a node list.
fn elements(list: &web_sys::NodeList) -> Vec<Element> {
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

fn warn(value: &str, why: &str) {
    let mut m = String::from("Consentry: data-consentry-placeholder=\"");
    m.extend(value.chars().take(80));
    m.push_str("\": ");
    m.push_str(why);
    crate::dom::console_error(&m);
}

/// [`refresh`], saying on the console why it failed; whether it worked.
pub fn refresh_or_say(app: &Rc<App>) -> bool {
    match refresh(app) {
        Ok(()) => true,
        Err(e) => {
            crate::dom::console_error(&format!("Consentry: placeholders could not be shown: {}", crate::dom::describe(&e)));
            false
        }
    }
}

/// Puts a placeholder before every held frame or embed and every widget of
/// a held script that has none, shows the site's own placeholders for what
/// is held, and takes away (or hides) those whose target is no longer held.
/// A placeholder for a built-in vendor names it, from the details: when
/// one is needed (a held frame; a held script whose widget markup is on
/// the page) this waits for the details file.
pub fn refresh(app: &Rc<App>) -> Result<(), JsValue> {
    let Some(doc) = crate::dom::document() else { return Ok(()) };
    let held = app.host.held().map_err(|e| JsValue::from_str(&e.describe()))?;
    let needs_details = |h: &Held| {
        if h.vendor.is_empty() || app.settings.custom(&h.vendor).is_some() {
            return false;
        }
        match h.kind {
            HeldKind::Frame => true,
            HeldKind::Script => {
                let selectors = widget_selectors(app, &h.vendor);
                !selectors.is_empty() && doc.query_selector(&selectors).ok().flatten().is_some()
            }
            HeldKind::Other => false,
        }
    };
    if app.details.pending() && held.iter().any(needs_details) {
        let a = app.clone();
        crate::details::then(app, move || JsValue::from_bool(refresh_or_say(&a)));
        return Ok(());
    }
    with_page(|page| refresh_page(app, &doc, &held, page))
}

fn refresh_page(app: &Rc<App>, doc: &Document, held: &[Held], page: &mut Page) -> Result<(), JsValue> {
    let wanted = site_wanted(doc, held);
    // What the site's placeholders cover gets no built-in one.
    // (A vendor's: its frames and widgets; an element's: that element, and
    // for a vendor's script, the vendor's widgets.)
    let mut covered_one: Vec<u32> = Vec::new();
    let mut covered_vendor: Vec<String> = Vec::new();
    for w in &wanted {
        if let Target::One(i) = w.target {
            covered_one.push(i);
        }
        if w.one.is_none() && !w.vendor.is_empty() {
            covered_vendor.push(w.vendor.clone());
        }
    }
    let covered = |h: &Held| covered_one.contains(&h.index) || covered_vendor.contains(&h.vendor);

    // The site's placeholders no longer wanted are hidden again.
    let mut i = 0;
    while let Some(p) = page.site.get(i) {
        if wanted.iter().any(|w| w.target == p.target && w.el == p.el) {
            i += 1;
        } else {
            crate::dom::set_hidden(&page.site.swap_remove(i).el, true);
        }
    }
    // Held frames the site's placeholders stand for are hidden while they
    // are held; released ones are shown again.
    let cover: Vec<&Element> = held.iter().filter(|h| h.kind == HeldKind::Frame && covered(h)).map(|h| &h.el).collect();
    page.site_hidden.retain(|e| {
        let keep = cover.contains(&e);
        if !keep {
            let _ = e.remove_attribute(HIDDEN);
        }
        keep
    });
    for e in cover {
        hide_rule(doc, page)?;
        e.set_attribute(HIDDEN, "")?;
        if !page.site_hidden.contains(e) {
            page.site_hidden.push(e.clone());
        }
    }
    for w in wanted {
        if !page.site.iter().any(|p| p.target == w.target && p.el == w.el) {
            show_site(app, page, w);
        }
    }

    // Built-in placeholders whose target is gone, covered, or detached.
    let mut i = 0;
    while let Some(p) = page.shown.get(i) {
        let keep = match &p.target {
            Target::One(index) => held.iter().any(|h| h.index == *index && !covered(h)),
            Target::Vendor(v) => live(held, &p.target, true) && !covered_vendor.contains(v) && p.before.is_connected(),
        };
        if keep {
            i += 1;
        } else {
            let p = page.shown.swap_remove(i);
            p.host.remove();
            let _ = p.before.remove_attribute(HIDDEN);
        }
    }

    // Frames and embeds.
    for h in held.iter().filter(|h| h.kind == HeldKind::Frame) {
        let target = Target::One(h.index);
        if page.shown.iter().any(|p| p.target == target) || covered(h) || !h.el.is_connected() {
            continue;
        }
        let v = vendor_of(app, h);
        show(app, doc, page, &v, &h.vendor, &h.el, target)?;
    }

    // Widgets: the markup each vendor with a held script would draw.
    let mut vendors: Vec<&Held> = Vec::new();
    for h in held.iter().filter(|h| h.kind == HeldKind::Script && !h.vendor.is_empty()) {
        if !vendors.iter().any(|v| v.vendor == h.vendor) && !covered_vendor.contains(&h.vendor) {
            vendors.push(h);
        }
    }
    let mut watched: Vec<String> = Vec::new();
    for h in vendors {
        // (`refresh` waited for the details if any of this markup is on the
        // page: its placeholders name the vendor.)
        let selectors = widget_selectors(app, &h.vendor);
        if selectors.is_empty() {
            continue;
        }
        let Ok(list) = doc.query_selector_all(&selectors) else { continue };
        watched.push(selectors);
        let mut v = None;
        for widget in elements(&list) {
            if !page.shown.iter().any(|p| p.before == widget) {
                let v = v.get_or_insert_with(|| vendor_of(app, h));
                show(app, doc, page, v, &h.vendor, &widget, Target::Vendor(h.vendor.clone()))?;
            }
        }
    }
    watch(app, doc, watched.join(","));
    Ok(())
}

/// The markup a vendor's script turns into widgets, as one selector list
/// ("" for none): the site's own vendor's, or a built-in one's, which is
/// known without the vendor details.
fn widget_selectors(app: &App, vendor: &str) -> String {
    match app.settings.custom(vendor) {
        Some(d) => d.widgets.join(","),
        None => consentry::core::details::widgets_of(vendor).join(","),
    }
}

/// The vendor's public projection, or a stand-in named by the URL's host
/// for a hand-tagged element of no known vendor.
fn vendor_of(app: &App, h: &Held) -> Vendor {
    let cats = CategorySet::from_bits(h.categories);
    match crate::vendors::def(&app.settings, &h.vendor) {
        Some(def) if !h.vendor.is_empty() => projection::vendor(def.as_ref(), cats, false),
        _ => {
            let host = h.url.split("//").nth(1).and_then(|r| r.split(['/', '?', '#']).next()).unwrap_or("").to_string();
            Vendor { name: if host.is_empty() { h.url.clone() } else { host }, categories: cats, ..Vendor::default() }
        }
    }
}

/// "Load once": one element (the focus moves to it), or a vendor for this
/// page view; then every placeholder is looked at again (what it released
/// has none any more).
fn load_once(app: &Rc<App>, target: &Target, el: Option<&Element>) {
    let loaded = match target {
        Target::One(index) => app.host.load_once(*index).unwrap_or(false),
        Target::Vendor(id) => app.host.load_vendor_once(id).unwrap_or(false),
    };
    if !loaded {
        return;
    }
    refresh_or_say(app);
    if let (Target::One(_), Some(f)) = (target, el.and_then(|e| e.dyn_ref::<HtmlElement>())) {
        let _ = f.focus();
    }
}

/// "Always allow": the blocker decides and releases; the decision comes
/// back here (client::decided) and takes the placeholders away.
fn allow(app: &App, id: &str) {
    if let Err(e) = app.host.accept_vendor(id) {
        crate::dom::console_error(&format!("Consentry: {}", e.describe()));
    }
}

/// Shows a site's placeholder and wires its buttons.
fn show_site(app: &Rc<App>, page: &mut Page, w: Want) {
    let mut listeners = Vec::new();
    let load_target = match w.one {
        Some(i) => Target::One(i),
        None => Target::Vendor(w.vendor.clone()),
    };
    if let Ok(list) = w.el.query_selector_all(SITE_LOAD) {
        for b in elements(&list) {
            let (a, t, held) = (app.clone(), load_target.clone(), w.held.clone());
            listeners.push(EventListener::new(&b, "click", move |_| load_once(&a, &t, held.as_ref())));
        }
    }
    if let Ok(list) = w.el.query_selector_all(SITE_ALLOW) {
        for b in elements(&list) {
            if w.vendor.is_empty() {
                // An element of no known vendor cannot be allowed as a vendor.
                crate::dom::set_hidden(&b, true);
                continue;
            }
            let (a, id) = (app.clone(), w.vendor.clone());
            listeners.push(EventListener::new(&b, "click", move |_| allow(&a, &id)));
        }
    }
    crate::dom::set_hidden(&w.el, false);
    page.site.push(SiteShown { target: w.target, el: w.el, _listeners: listeners });
}

/// Draws a built-in placeholder for `v` before `before`: in a frame's place
/// and size (hiding it), or before a widget's markup.
#[allow(clippy::too_many_arguments)]
fn show(
    app: &Rc<App>,
    doc: &Document,
    page: &mut Page,
    v: &Vendor,
    vendor_id: &str,
    before: &Element,
    target: Target,
) -> Result<(), JsValue> {
    hide_rule(doc, page)?;
    let t = app.settings.texts();
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
    let allow_button = if vendor_id.is_empty() {
        None
    } else {
        let b = el(doc, "button", &[("type", "button")], Some(&t.fill(Key::AlwaysAllow, "vendor", &v.name)))?;
        add(&actions, &b);
        Some(b)
    };
    add(&boxed, &actions);
    let frame = matches!(target, Target::One(_));
    if frame {
        size_like(&boxed, before);
    }
    root.append_child(&boxed)?;
    before.before_with_node_1(&host)?;
    if frame {
        before.set_attribute(HIDDEN, "")?;
    }

    let mut listeners = Vec::new();
    let (a, t, focus) = (app.clone(), target.clone(), before.clone());
    listeners.push(EventListener::new(&once, "click", move |_| load_once(&a, &t, Some(&focus))));
    if let Some(b) = allow_button {
        let (a, id) = (app.clone(), vendor_id.to_string());
        listeners.push(EventListener::new(&b, "click", move |_| allow(&a, &id)));
    }
    page.shown.push(Shown { target, host, before: before.clone(), _listeners: listeners });
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
fn hide_rule(doc: &Document, page: &mut Page) -> Result<(), JsValue> {
    if page.sheet {
        return Ok(());
    }
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(&format!("[{HIDDEN}]{{display:none!important}}{HOST_TAG}{{display:block;max-width:100%}}"))?;
    let key = JsValue::from_str("adoptedStyleSheets");
    let current: js_sys::Array = js_sys::Reflect::get(doc, &key)?.dyn_into().unwrap_or_default();
    current.push(&sheet);
    js_sys::Reflect::set(doc, &key, &current)?;
    page.sheet = true;
    Ok(())
}
