//! The consent banner and the preferences dialog.
//!
//! Both live in one shadow root on an element appended to `<body>`: the
//! site's CSS cannot reach in, ours cannot leak out, and the styles are a
//! constructed stylesheet (no `<style>`, no `style` attributes: strict CSP
//! works). Every text is set with `textContent`, never parsed as HTML.
//!
//! Accessibility (WCAG 2.2 AA): the banner is a labelled region (a modal
//! dialog when configured so), the preferences a modal dialog with a focus
//! trap; focus moves in when they open and back where it was when they close;
//! Escape closes the dialog; everything is a native button, link or checkbox
//! switch, reachable and operable by keyboard, with a visible focus ring.
//! Decisions are announced in a live region.
//!
//! The panel decides nothing: its buttons call the blocker's bridge, and
//! the blocker tells it of every decision (see [`crate::client`]).

use crate::app::App;
use crate::dom::{add, el, focus, is_hidden, set_hidden};
use crate::i18n::{Key, Texts};
use consentry::core::category::{Category, CategorySet};
use consentry::core::config::{Mode, Theme};
use consentry::core::projection::Vendor;
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRoot};

/// The stylesheet of `ui.css`, minified by the build script.
pub(crate) const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.min.css"));
/// The element that holds the banner and dialog in its shadow root.
const HOST_TAG: &str = "consentry-ui";
const FOCUSABLE: &str = "button:not([disabled]),a[href],input:not([disabled]),summary";

/// The banner and dialog, once built.
pub struct Panel {
    app: Rc<App>,
    doc: Document,
    root: ShadowRoot,
    banner: Element,
    backdrop: Element,
    dialog: Element,
    switches: Vec<(Category, HtmlInputElement)>,
    /// Each vendor's switch, under each of its categories: `(vendor id, the
    /// categories it needs, the switch, its note)`.
    vendor_switches: Vec<(String, CategorySet, HtmlInputElement, Element)>,
    cats_box: Element,
    id_line: Element,
    status: Element,
    return_focus: Option<HtmlElement>,
    /// The panel's own listeners, removed with it.
    _listeners: Vec<EventListener>,
}

thread_local! {
    static PANEL: RefCell<Option<Panel>> = const { RefCell::new(None) };
}

/// Runs `f` on the panel, if it is built.
fn with_panel<R>(f: impl FnOnce(&mut Panel) -> R) -> Option<R> {
    PANEL.with(|p| p.try_borrow_mut().ok().and_then(|mut g| g.as_mut().map(f)))
}

/// Whether the panel is built.
pub fn built() -> bool {
    PANEL.with(|p| p.try_borrow().map(|g| g.is_some()).unwrap_or(true))
}

/// Builds the panel (once) into `<body>`; with `ask`, shows the banner.
pub fn build(app: &Rc<App>, ask: bool) -> Result<(), JsValue> {
    if built() {
        return Ok(());
    }
    let doc = crate::dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
    let body = doc.body().ok_or_else(|| JsValue::from_str("no <body>"))?;
    let settings = &app.settings;
    let t = settings.texts();
    let cfg = &settings.config;
    let host = el(&doc, HOST_TAG, &[], None)?;
    let theme = match cfg.theme {
        Theme::Auto => "auto",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    host.class_list().add_1(theme)?;
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    js_sys::Reflect::set(&root, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(&sheet))?;
    let container = el(&doc, "div", &[("class", "root"), ("lang", t.code()), ("dir", if t.rtl() { "rtl" } else { "ltr" })], None)?;

    // The banner.
    let banner_attrs: &[(&str, &str)] = if cfg.modal {
        &[
            ("class", "banner modal"),
            ("role", "dialog"),
            ("aria-modal", "true"),
            ("aria-labelledby", "c-title"),
            ("aria-describedby", "c-desc"),
            ("tabindex", "-1"),
            ("hidden", ""),
        ]
    } else {
        &[("class", "banner"), ("role", "region"), ("aria-labelledby", "c-title"), ("tabindex", "-1"), ("hidden", "")]
    };
    let banner = el(&doc, "section", banner_attrs, None)?;
    add(&banner, &el(&doc, "h2", &[("id", "c-title")], Some(&t.get(Key::Title)))?);
    let desc = if cfg.mode == Mode::OptOut { Key::DescriptionOptOut } else { Key::Description };
    add(&banner, &el(&doc, "p", &[("id", "c-desc")], Some(&t.get(desc)))?);
    if app.start.gpc {
        add(&banner, &el(&doc, "p", &[("class", "gpc"), ("data-gpc", "")], Some(&t.get(Key::GpcHonoured)))?);
    }
    add(&banner, &actions(&doc, &t, &[("accept", Key::AcceptAll), ("reject", Key::RejectAll), ("prefs", Key::Preferences)])?);
    let links = el(&doc, "p", &[("class", "links")], None)?;
    if let Some(u) = &cfg.policy_url {
        add(&links, &el(&doc, "a", &[("href", u)], Some(&t.get(Key::PolicyLink)))?);
    }
    if cfg.do_not_sell_link || cfg.mode == Mode::OptOut {
        add(&links, &el(&doc, "button", &[("type", "button"), ("class", "linklike"), ("data-act", "dns")], Some(&t.get(Key::DoNotSell)))?);
    }
    if links.child_element_count() > 0 {
        add(&banner, &links);
    }

    // The preferences dialog.
    let backdrop = el(&doc, "div", &[("class", "backdrop"), ("hidden", "")], None)?;
    let dialog = el(
        &doc,
        "div",
        &[
            ("class", "dialog"),
            ("role", "dialog"),
            ("aria-modal", "true"),
            ("aria-labelledby", "d-title"),
            ("aria-describedby", "d-desc"),
            ("tabindex", "-1"),
            ("hidden", ""),
        ],
        None,
    )?;
    let head = el(&doc, "div", &[("class", "head")], None)?;
    add(&head, &el(&doc, "h2", &[("id", "d-title")], Some(&t.get(Key::DialogTitle)))?);
    add(
        &head,
        &el(
            &doc,
            "button",
            &[("type", "button"), ("class", "close"), ("data-act", "close"), ("aria-label", &t.get(Key::Close))],
            Some("×"),
        )?,
    );
    add(&dialog, &head);
    add(&dialog, &el(&doc, "p", &[("id", "d-desc")], Some(&t.get(Key::DialogDescription)))?);
    let cats_box = el(&doc, "div", &[("class", "cats")], None)?;
    add(&dialog, &cats_box);
    add(&dialog, &actions(&doc, &t, &[("save", Key::Save), ("accept", Key::AcceptAll), ("reject", Key::RejectAll)])?);
    let id_line = el(&doc, "p", &[("class", "muted id")], None)?;
    add(&dialog, &id_line);
    let status = el(&doc, "p", &[("class", "sr"), ("role", "status"), ("aria-live", "polite")], None)?;

    // The backdrop first: the banner and the dialog paint over it (same
    // z-index, later in the tree), so a click reaches a modal banner.
    for part in [&backdrop, &banner, &dialog, &status] {
        add(&container, part);
    }
    root.append_child(&container)?;
    body.append_child(&host)?;
    settle_host(host);

    let a = app.clone();
    let click = EventListener::new(&container, "click", move |e| on_click(&a, e));
    let change = EventListener::new(&container, "change", on_change);
    let key = EventListener::new(&container, "keydown", |e| {
        if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
            on_key(k);
        }
    });
    // Pointing at or tabbing to Preferences starts fetching the vendor
    // details the dialog lists, so that it mostly opens without waiting.
    let intent = |app: Rc<App>| {
        move |e: &web_sys::Event| {
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            if target.and_then(|t| t.closest("[data-act=prefs]").ok().flatten()).is_some() {
                crate::details::prefetch(&app);
            }
        }
    };
    let hover = EventListener::new(&container, "pointerover", intent(app.clone()));
    let focus = EventListener::new(&container, "focusin", intent(app.clone()));
    let panel = Panel {
        app: app.clone(),
        doc: doc.clone(),
        root,
        banner,
        backdrop,
        dialog,
        switches: Vec::new(),
        vendor_switches: Vec::new(),
        cats_box,
        id_line,
        status,
        return_focus: None,
        _listeners: vec![click, change, key, hover, focus],
    };
    PANEL.with(|p| {
        if let Ok(mut slot) = p.try_borrow_mut() {
            *slot = Some(panel);
        }
    });
    if ask {
        open_banner_at_start(&doc);
    }
    Ok(())
}

fn actions(doc: &Document, t: &Texts<'_>, buttons: &[(&str, Key)]) -> Result<Element, JsValue> {
    let row = el(doc, "div", &[("class", "actions")], None)?;
    for (act, key) in buttons {
        add(&row, &el(doc, "button", &[("type", "button"), ("data-act", act)], Some(&t.get(*key)))?);
    }
    Ok(row)
}

/// Once the document is parsed, moves the host to the end of `<body>` (built
/// early, it went in before the rest of the page, where selectors such as
/// `body > :first-child` would meet it), or puts it back if a page script
/// removed it (say, by replacing the body's content). Not while focus is in
/// it: moving a node drops the focus inside.
///
/// A page script that rewrote the body's markup while the page loaded
/// (`document.body.innerHTML += …`) also re-created an empty copy of the
/// host from its serialisation: a `<consentry-ui>` without our shadow root
/// (only Consentry creates that element). Such copies are removed, so the
/// page holds exactly one host, ours.
fn settle_host(host: Element) {
    crate::app::when_parsed(move || {
        let Some(doc) = crate::dom::document() else { return };
        let Some(body) = doc.body() else { return };
        let body_node: &web_sys::Node = body.as_ref();
        let in_place = host.is_connected() && host.next_sibling().is_none() && host.parent_node().is_some_and(|p| p == *body_node);
        let holds_focus = host.is_connected() && doc.active_element().is_some_and(|a| a == host);
        if !in_place && !holds_focus {
            let _ = body.append_child(&host);
        }
        let Ok(hosts) = doc.query_selector_all(HOST_TAG) else { return };
        let host_node: &web_sys::Node = host.as_ref();
        for i in 0..hosts.length() {
            let Some(copy) = hosts.item(i) else { continue };
            if copy != *host_node {
                if let Some(parent) = copy.parent_node() {
                    let _ = parent.remove_child(&copy);
                }
            }
        }
    });
}

fn active_element(doc: &Document) -> Option<HtmlElement> {
    doc.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

/// The banner at start-up: shown now, focused at the first animation frame
/// after the document is parsed. Focusing earlier would force a style and
/// layout pass in the middle of the page's own start-up, and before the
/// parser is done it would take the focus from an `autofocus` field further
/// down the page. Focus then moves in only if the banner is still up and the
/// page has not put focus anywhere itself.
fn open_banner_at_start(doc: &Document) {
    with_panel(|p| {
        p.return_focus = active_element(&p.doc);
        set_hidden(&p.banner, false);
        if p.banner.class_list().contains("modal") {
            set_hidden(&p.backdrop, false);
        }
    });
    let doc = doc.clone();
    crate::app::when_parsed(move || {
        let later = Closure::once_into_js(move || {
            with_panel(|p| {
                let page_idle = match (doc.active_element(), doc.body()) {
                    (Some(a), Some(b)) => a == *b.as_ref(),
                    (None, _) => true,
                    _ => false,
                };
                if page_idle && !is_hidden(&p.banner) {
                    focus(&p.banner);
                }
            });
        });
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(later.unchecked_ref());
        }
    });
}

/// Opens the preferences dialog, listing the vendors of `used` under their
/// categories, with the current consent and its id.
pub fn open_preferences(consent: &crate::host::Consent, used: &[Vendor]) -> bool {
    with_panel(|p| {
        if !is_hidden(&p.dialog) {
            return true;
        }
        if is_hidden(&p.banner) {
            p.return_focus = active_element(&p.doc);
        }
        if fill_categories(p, consent, used).is_err() {
            return false;
        }
        let t = p.app.settings.texts();
        match &consent.id {
            Some(id) => p.id_line.set_text_content(Some(&format!("{}: {id}", t.get(Key::ConsentId)))),
            None => p.id_line.set_text_content(None),
        }
        set_hidden(&p.banner, true);
        set_hidden(&p.backdrop, false);
        set_hidden(&p.dialog, false);
        match p.dialog.query_selector(FOCUSABLE).ok().flatten() {
            Some(f) => focus(&f),
            None => focus(&p.dialog),
        }
        true
    })
    .unwrap_or(false)
}

fn category_keys(c: Category) -> (Key, Key) {
    match c {
        Category::Necessary => (Key::Necessary, Key::NecessaryDescription),
        Category::Functional => (Key::Functional, Key::FunctionalDescription),
        Category::Analytics => (Key::Analytics, Key::AnalyticsDescription),
        Category::Marketing => (Key::Marketing, Key::MarketingDescription),
    }
}

/// The name of a category in the visitor's language.
pub fn category_name(t: &Texts<'_>, c: Category) -> String {
    t.get(category_keys(c).0).into_owned()
}

fn grants(consent: &crate::host::Consent, c: Category) -> bool {
    match c {
        Category::Necessary => true,
        Category::Functional => consent.functional,
        Category::Analytics => consent.analytics,
        Category::Marketing => consent.marketing,
    }
}

fn fill_categories(p: &mut Panel, consent: &crate::host::Consent, used: &[Vendor]) -> Result<(), JsValue> {
    let t = p.app.settings.texts();
    let doc = &p.doc;
    while let Some(c) = p.cats_box.first_child() {
        p.cats_box.remove_child(&c)?;
    }
    p.switches.clear();
    p.vendor_switches.clear();
    for cat in Category::ALL {
        let (name_key, desc_key) = category_keys(cat);
        let sw_id = format!("sw-{}", cat.name());
        let desc_id = format!("desc-{}", cat.name());
        let block = el(doc, "div", &[("class", "cat")], None)?;
        let row = el(doc, "div", &[("class", "row")], None)?;
        add(&row, &el(doc, "label", &[("for", &sw_id)], Some(&t.get(name_key)))?);
        let input: HtmlInputElement =
            el(doc, "input", &[("type", "checkbox"), ("role", "switch"), ("id", &sw_id), ("aria-describedby", &desc_id)], None)?
                .unchecked_into();
        input.set_checked(grants(consent, cat));
        if cat == Category::Necessary {
            input.set_disabled(true);
            add(&row, &el(doc, "span", &[("class", "always")], Some(&t.get(Key::AlwaysOn)))?);
        }
        add(&row, &input);
        p.switches.push((cat, input));
        add(&block, &row);
        add(&block, &el(doc, "p", &[("id", &desc_id), ("class", "muted")], Some(&t.get(desc_key)))?);
        let list: Vec<&Vendor> = used.iter().filter(|v| v.categories.contains(cat)).collect();
        let details = el(doc, "details", &[], None)?;
        add(&details, &el(doc, "summary", &[], Some(&format!("{} ({})", t.get(Key::Vendors), list.len())))?);
        if list.is_empty() {
            add(&details, &el(doc, "p", &[("class", "muted")], Some(&t.get(Key::NoVendors)))?);
        }
        let ul = el(doc, "ul", &[], None)?;
        for (n, v) in list.into_iter().enumerate() {
            let li = el(doc, "li", &[], None)?;
            // The vendor's own switch: on when it may run (its own decision,
            // else its categories); a category switch sets it.
            // Beside its details (named by the summary), so its name is not
            // written twice: the switch carries it as its label.
            let note_id = format!("note-{}-{n}", cat.name());
            let row = el(doc, "div", &[("class", "row vendor")], None)?;
            add(&row, &crate::policy::vendor_details(doc, &t, v)?);
            let input: HtmlInputElement = el(
                doc,
                "input",
                &[
                    ("type", "checkbox"),
                    ("role", "switch"),
                    ("aria-label", &v.name),
                    ("data-vendor", &v.id),
                    ("aria-describedby", &note_id),
                ],
                None,
            )?
            .unchecked_into();
            let by_categories = v.categories.iter().all(|c| grants(consent, c));
            input.set_checked(consent.vendors.get(&v.id).copied().unwrap_or(by_categories));
            if v.exempt || v.categories == CategorySet::NECESSARY {
                input.set_checked(true);
                input.set_disabled(true);
            }
            add(&row, &input);
            add(&li, &row);
            let note = el(doc, "p", &[("id", &note_id), ("class", "muted note")], None)?;
            add(&li, &note);
            add(&ul, &li);
            p.vendor_switches.push((v.id.clone(), v.categories, input, note));
        }
        add(&details, &ul);
        add(&block, &details);
        add(&p.cats_box, &block);
    }
    update_notes(p);
    Ok(())
}

/// The categories the category switches grant now.
fn granted_now(p: &Panel) -> CategorySet {
    p.switches.iter().filter(|(_, input)| input.checked()).fold(CategorySet::NECESSARY, |s, (c, _)| s.with(*c))
}

/// Says where a vendor's switch and its categories disagree: allowed or
/// refused on its own.
fn update_notes(p: &Panel) {
    let t = p.app.settings.texts();
    let granted = granted_now(p);
    for (_, cats, input, note) in &p.vendor_switches {
        let text = match (input.checked(), granted.covers(*cats)) {
            (true, false) => Some(t.get(Key::VendorAllowedAlone)),
            (false, true) => Some(t.get(Key::VendorRefusedAlone)),
            _ => None,
        };
        note.set_text_content(text.as_deref());
    }
}

/// A switch changed: a category's sets its vendors (on when the categories
/// now switched on cover all a vendor needs: a vendor of analytics and
/// marketing stays off with analytics alone); a vendor's sets that vendor's
/// switches under its other categories.
fn on_change(e: &web_sys::Event) {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
    with_panel(|p| {
        if let Some((cat, _)) = p.switches.iter().find(|(_, i)| *i == target) {
            let granted = granted_now(p);
            for (_, cats, v, _) in &p.vendor_switches {
                if cats.contains(*cat) && !v.disabled() {
                    v.set_checked(granted.covers(*cats));
                }
            }
        } else if let Some(id) = target.get_attribute("data-vendor") {
            let on = target.checked();
            for (vid, _, v, _) in &p.vendor_switches {
                if *vid == id {
                    v.set_checked(on);
                }
            }
        }
        update_notes(p);
    });
}

/// The vendors whose switch disagrees with their categories under `granted`:
/// the visitor's decisions on single vendors, as `(id, allowed)`.
fn vendor_choices(p: &Panel, granted: CategorySet) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for (id, cats, input, _) in &p.vendor_switches {
        if input.disabled() || out.iter().any(|(o, _)| o == id) {
            continue;
        }
        if input.checked() != granted.covers(*cats) {
            out.push((id.clone(), input.checked()));
        }
    }
    out
}

/// Closes the dialog and the banner and returns focus.
fn close_all() {
    with_panel(|p| {
        set_hidden(&p.dialog, true);
        set_hidden(&p.backdrop, true);
        set_hidden(&p.banner, true);
        if let Some(f) = p.return_focus.take() {
            if f.is_connected() {
                let _ = f.focus();
            }
        }
    });
}

/// Closes the dialog without a decision: back to the banner if no choice
/// was made yet.
fn cancel_dialog(app: &App) {
    let decided = app.host.consent().map(|c| c.decided).unwrap_or(false);
    if decided {
        return close_all();
    }
    with_panel(|p| {
        set_hidden(&p.dialog, true);
        set_hidden(&p.banner, false);
        set_hidden(&p.backdrop, !p.banner.class_list().contains("modal"));
        focus(&p.banner);
    });
}

/// After any decision (the panel's buttons or the API): everything closes,
/// and the status region announces it.
pub fn after_decision() {
    close_all();
    with_panel(|p| {
        let t = p.app.settings.texts();
        p.status.set_text_content(Some(&t.get(Key::Saved)));
    });
}

fn on_click(app: &Rc<App>, e: &web_sys::Event) {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Ok(Some(button)) = target.closest("[data-act]") else { return };
    let act = button.get_attribute("data-act").unwrap_or_default();
    let result = match act.as_str() {
        "accept" => app.host.decide(CategorySet::ALL.bits(), "banner", None),
        "reject" => app.host.decide(CategorySet::NECESSARY.bits(), "banner", None),
        "prefs" => {
            crate::client::open(app);
            Ok(())
        }
        "close" => {
            cancel_dialog(app);
            Ok(())
        }
        "save" => {
            let (set, choices) = with_panel(|p| {
                let set = granted_now(p);
                (set, vendor_choices(p, set))
            })
            .unwrap_or((CategorySet::NECESSARY, Vec::new()));
            app.host.decide(set.bits(), "preferences", Some(&choices))
        }
        "dns" => app.host.do_not_sell(),
        _ => Ok(()),
    };
    if let Err(e) = result {
        crate::dom::console_error(&format!("Consentry: the choice could not be passed on: {}", e.describe()));
    }
}

fn on_key(e: &KeyboardEvent) {
    let key = e.key();
    let scope = with_panel(|p| {
        if !is_hidden(&p.dialog) {
            Some((true, p.dialog.clone(), p.root.clone()))
        } else if p.banner.class_list().contains("modal") && !is_hidden(&p.banner) {
            Some((false, p.banner.clone(), p.root.clone()))
        } else {
            None
        }
    })
    .flatten();
    let Some((dialog_open, scope, root)) = scope else { return };
    if key == "Escape" && dialog_open {
        e.prevent_default();
        let app = with_panel(|p| p.app.clone());
        if let Some(app) = app {
            cancel_dialog(&app);
        }
        return;
    }
    // The Tab key, by its key or, where an engine names the key of a
    // Shift+Tab "Unidentified" (WebKitGTK: ISO_Left_Tab), by its code.
    if key != "Tab" && e.code() != "Tab" {
        return;
    }
    let Ok(list) = scope.query_selector_all(FOCUSABLE) else { return };
    let items: Vec<Element> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).filter(is_visible).collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = root.active_element();
    let at = |x: &Element| active.as_ref().is_some_and(|a| a == x);
    let outside = active.as_ref().is_none_or(|a| !items.contains(a));
    if e.shift_key() && (at(first) || outside) {
        e.prevent_default();
        focus(last);
    } else if !e.shift_key() && (at(last) || outside) {
        e.prevent_default();
        focus(first);
    }
}

/// Whether a focusable element can be reached: inside a closed `<details>`,
/// only its summary can.
fn is_visible(e: &Element) -> bool {
    let is = |x: &Element, tag: &str| x.tag_name().eq_ignore_ascii_case(tag);
    let mut node = e.parent_element();
    while let Some(p) = node {
        if is(&p, "details") {
            if is(e, "summary") && e.parent_element().as_ref() == Some(&p) {
                // A summary is reachable if the details around its own are open.
                return p.parent_element().map(|pp| open_all_the_way(&pp)).unwrap_or(true);
            }
            if !p.has_attribute("open") {
                return false;
            }
        }
        node = p.parent_element();
    }
    true
}

fn open_all_the_way(e: &Element) -> bool {
    let mut node = Some(e.clone());
    while let Some(p) = node {
        if p.tag_name().eq_ignore_ascii_case("details") && !p.has_attribute("open") {
            return false;
        }
        node = p.parent_element();
    }
    true
}
