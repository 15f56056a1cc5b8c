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

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::{Category, CategorySet};
use crate::core::classify::VendorId;
use crate::core::config::{Mode, Theme};
use crate::core::consent::Consent;
use crate::core::hold::Kind;
use crate::core::i18n::Texts;
use crate::core::table::VendorDef;
use ::core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRoot};

use super::api;
use super::dom;
use super::state;

/// The stylesheet of `ui.css`, minified by the build script.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.min.css"));
/// The element that holds the banner and dialog in its shadow root.
const HOST_TAG: &str = "consentry-ui";
const FOCUSABLE: &str = "button:not([disabled]),a[href],input:not([disabled]),summary";

/// What the UI needs from the configuration, copied out of the state.
#[derive(Clone)]
pub struct Settings {
    /// Modal banner.
    pub modal: bool,
    /// Colour scheme.
    pub theme: Theme,
    /// Opt-in or opt-out.
    pub mode: Mode,
    /// Site policy page.
    pub policy_url: Option<String>,
    /// Show the "Do not sell or share" link.
    pub do_not_sell: bool,
    /// GPC was received and honoured.
    pub gpc_honoured: bool,
    /// Forced language.
    pub language: Option<String>,
    /// Text overrides.
    pub texts: Vec<(String, String, String)>,
}

struct Ui {
    doc: Document,
    root: ShadowRoot,
    banner: Element,
    backdrop: Element,
    dialog: Element,
    switches: Vec<(Category, HtmlInputElement)>,
    cats_box: Element,
    id_line: Element,
    status: Element,
    settings: Settings,
    return_focus: Option<HtmlElement>,
}

static UI: super::Local<RefCell<Option<Ui>>> = super::Local(RefCell::new(None));

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// The UI settings from the state.
pub fn settings_of(s: &state::State) -> Option<Settings> {
    let c = &s.config;
    Some(Settings {
        modal: c.modal,
        theme: c.theme,
        mode: c.mode,
        policy_url: c.policy_url.clone(),
        do_not_sell: c.do_not_sell_link,
        gpc_honoured: s.gpc_honoured,
        language: c.language.clone(),
        texts: c.texts.clone(),
    })
}

/// The language of the texts shown (what a consent receipt reports).
pub fn language() -> String {
    let settings = state::with(|s| settings_of(s)).flatten();
    settings.as_ref().map(|s| texts(s).code().to_string()).unwrap_or_else(|| "en".into())
}

/// The visitor's language choice: configuration, page, browser.
pub fn texts(settings: &Settings) -> Texts<'_> {
    let doc = document();
    let page_lang = doc.as_ref().and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang")).unwrap_or_default();
    let browser: Vec<String> =
        web_sys::window().map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
    Texts::choose(settings.language.as_deref(), &page_lang, &browser, &settings.texts)
}

use super::policy::el;

fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

fn set_hidden(e: &Element, hidden: bool) {
    if hidden {
        let _ = e.set_attribute("hidden", "");
    } else {
        let _ = e.remove_attribute("hidden");
    }
}

fn is_hidden(e: &Element) -> bool {
    e.has_attribute("hidden")
}

/// The banner and dialog (unless `ui: false`) and the cookie policy table.
pub fn start(show_banner: bool) {
    let Some((ui_on, settings)) = state::with(|s| (s.config.ui, settings_of(s))) else { return };
    if ui_on {
        if let Some(settings) = settings {
            install(settings, show_banner);
        }
    }
    let render = Closure::once_into_js(super::policy::render);
    dom::when_parsed(&render);
}

/// When the banner is to be shown, builds it and the dialog (hidden) as soon
/// as `<body>` exists, while the parser may still be filling it: the banner
/// is then in the first frame the visitor sees, not added after the whole
/// document has been parsed.
///
/// A returning visitor (consent stored) needs neither yet: building them
/// would cost every page view of theirs a few milliseconds of the parser's
/// time. They are built once the page has loaded and is idle (so that the
/// status region that announces a decision is in place before any
/// decision), or at once when something needs them first
/// (`showPreferences()`, a decision through the API; see [`with_ui`]).
fn install(settings: Settings, show_banner: bool) {
    if !show_banner {
        PENDING.with(|p| {
            if let Ok(mut slot) = p.try_borrow_mut() {
                *slot = Some(settings);
            }
        });
        let cb = Closure::once_into_js(build_pending);
        dom::when_idle(&cb);
        return;
    }
    let cb = Closure::once_into_js(move || {
        if let Some(doc) = document() {
            build(&doc, settings, true);
        }
    });
    dom::when_body(&cb);
}

/// The settings of a UI whose building was put off (see [`install`]).
static PENDING: super::Local<RefCell<Option<Settings>>> = super::Local(RefCell::new(None));

/// Builds the UI put off by [`install`], if it is still to build and the
/// document has a `<body>` to hold it.
fn build_pending() {
    let Some(doc) = document() else { return };
    if doc.body().is_none() {
        return;
    }
    let settings = PENDING.with(|p| p.try_borrow_mut().ok().and_then(|mut slot| slot.take()));
    if let Some(settings) = settings {
        build(&doc, settings, false);
    }
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
    let cb = Closure::once_into_js(move || {
        let Some(doc) = document() else { return };
        let Some(body) = doc.body() else { return };
        let body_node: &web_sys::Node = body.as_ref();
        let in_place = host.is_connected() && host.next_sibling().is_none() && host.parent_node().is_some_and(|p| p == *body_node);
        // Moving a node drops the focus inside it: a host that holds the focus stays where it is.
        let holds_focus = host.is_connected() && doc.active_element().is_some_and(|a| a == host);
        if !in_place && !holds_focus {
            let _ = body.append_child(&host);
        }
        let Ok(hosts) = doc.query_selector_all(HOST_TAG) else { return };
        // A static list: removing from the document does not change it.
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
    dom::when_parsed(&cb);
}

fn build(doc: &Document, settings: Settings, show_banner: bool) {
    let Some(body) = doc.body() else { return };
    let t = texts(&settings);
    let host = el(doc, HOST_TAG, &[], None);
    let theme = match settings.theme {
        Theme::Auto => "auto",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let _ = host.class_list().add_1(theme);
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let Ok(root) = host.attach_shadow(&init) else { return };
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        let _ = sheet.replace_sync(CSS);
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(&root, &JsValue::from_str("adoptedStyleSheets"), &sheets);
    }
    let dir = if t.rtl() { "rtl" } else { "ltr" };
    let container = el(doc, "div", &[("class", "root"), ("lang", t.code()), ("dir", dir)], None);

    // The banner.
    let banner_attrs: &[(&str, &str)] = if settings.modal {
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
    let banner = el(doc, "section", banner_attrs, None);
    add(&banner, &el(doc, "h2", &[("id", "c-title")], Some(&t.get("title"))));
    let desc_key = if settings.mode == Mode::OptOut { "description_opt_out" } else { "description" };
    add(&banner, &el(doc, "p", &[("id", "c-desc")], Some(&t.get(desc_key))));
    if settings.gpc_honoured {
        add(&banner, &el(doc, "p", &[("class", "gpc"), ("data-gpc", "")], Some(&t.get("gpc_honoured"))));
    }
    add(&banner, &actions(doc, &t, &[("accept", "accept_all"), ("reject", "reject_all"), ("prefs", "preferences")]));
    let links = el(doc, "p", &[("class", "links")], None);
    if let Some(u) = &settings.policy_url {
        add(&links, &el(doc, "a", &[("href", u)], Some(&t.get("policy_link"))));
    }
    if settings.do_not_sell || settings.mode == Mode::OptOut {
        add(&links, &el(doc, "button", &[("type", "button"), ("class", "linklike"), ("data-act", "dns")], Some(&t.get("do_not_sell"))));
    }
    if links.child_element_count() > 0 {
        add(&banner, &links);
    }

    // The preferences dialog.
    let backdrop = el(doc, "div", &[("class", "backdrop"), ("hidden", "")], None);
    let dialog = el(
        doc,
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
    );
    let head = el(doc, "div", &[("class", "head")], None);
    add(&head, &el(doc, "h2", &[("id", "d-title")], Some(&t.get("dialog_title"))));
    add(
        &head,
        &el(doc, "button", &[("type", "button"), ("class", "close"), ("data-act", "close"), ("aria-label", &t.get("close"))], Some("×")),
    );
    add(&dialog, &head);
    add(&dialog, &el(doc, "p", &[("id", "d-desc")], Some(&t.get("dialog_description"))));
    let cats_box = el(doc, "div", &[("class", "cats")], None);
    add(&dialog, &cats_box);
    add(&dialog, &actions(doc, &t, &[("save", "save"), ("accept", "accept_all"), ("reject", "reject_all")]));
    let id_line = el(doc, "p", &[("class", "muted id")], None);
    add(&dialog, &id_line);
    let status = el(doc, "p", &[("class", "sr"), ("role", "status"), ("aria-live", "polite")], None);

    add(&container, &banner);
    add(&container, &backdrop);
    add(&container, &dialog);
    add(&container, &status);
    let _ = root.append_child(&container);
    let _ = body.append_child(&host);
    settle_host(host.clone());

    let click = Closure::<dyn Fn(web_sys::Event)>::new(on_click);
    let _ = container.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    click.forget();
    let key = Closure::<dyn Fn(KeyboardEvent)>::new(on_key);
    let _ = container.add_event_listener_with_callback("keydown", key.as_ref().unchecked_ref());
    key.forget();

    let ui = Ui {
        doc: doc.clone(),
        root,
        banner,
        backdrop,
        dialog,
        switches: Vec::new(),
        cats_box,
        id_line,
        status,
        settings,
        return_focus: None,
    };
    UI.with(|u| {
        if let Ok(mut slot) = u.try_borrow_mut() {
            *slot = Some(ui);
        }
    });
    if show_banner {
        open_banner_at_start();
    }
}

fn actions(doc: &Document, t: &Texts<'_>, buttons: &[(&str, &str)]) -> Element {
    let box_ = el(doc, "div", &[("class", "actions")], None);
    for (act, key) in buttons {
        add(&box_, &el(doc, "button", &[("type", "button"), ("data-act", act)], Some(&t.get(key))));
    }
    box_
}

fn active_element(doc: &Document) -> Option<HtmlElement> {
    doc.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

fn show_banner(ui: &mut Ui) {
    ui.return_focus = active_element(&ui.doc);
    set_hidden(&ui.banner, false);
    if ui.banner.class_list().contains("modal") {
        set_hidden(&ui.backdrop, false);
    }
}

/// The banner at start-up: shown now, focused at the first animation frame
/// after the document is parsed. Focusing now would force a style and layout
/// pass in the middle of the page's own start-up (10 ms on the benchmark
/// machine), work the browser does anyway for its first frame; and before
/// the parser is done, it would take the focus from an `autofocus` field
/// further down the page. Focus then moves in only if the banner is still up
/// and the page has not put focus anywhere itself.
fn open_banner_at_start() {
    with_ui(show_banner);
    let later = Closure::once_into_js(|| {
        with_ui(|ui| {
            let page_idle = match (ui.doc.active_element(), ui.doc.body()) {
                (Some(a), Some(b)) => a == *b.as_ref(),
                (None, _) => true,
                _ => false,
            };
            if page_idle && !is_hidden(&ui.banner) {
                focus(&ui.banner);
            }
        });
    });
    let parsed = Closure::once_into_js(move || dom::next_frame(&later));
    dom::when_parsed(&parsed);
}

/// Opens the preferences dialog (also `Consentry.showPreferences()`).
pub fn open_preferences() {
    let consent = state::with(|s| s.consent).unwrap_or_default();
    let record_id = state::with(|s| s.record.as_ref().map(|r| r.id.clone())).flatten();
    let vendors = used_vendors();
    with_ui(|ui| {
        if !is_hidden(&ui.dialog) {
            return;
        }
        let from_banner = !is_hidden(&ui.banner);
        if !from_banner {
            ui.return_focus = active_element(&ui.doc);
        }
        fill_categories(ui, &consent, &vendors);
        let t = texts(&ui.settings);
        match &record_id {
            Some(id) => ui.id_line.set_text_content(Some(&format_id(&t.get("consent_id"), id))),
            None => ui.id_line.set_text_content(None),
        }
        set_hidden(&ui.banner, true);
        set_hidden(&ui.backdrop, false);
        set_hidden(&ui.dialog, false);
        let first = ui.dialog.query_selector(FOCUSABLE).ok().flatten();
        match first {
            Some(f) => focus(&f),
            None => focus(&ui.dialog),
        }
    });
}

fn format_id(label: &str, id: &str) -> String {
    let mut s = String::from(label);
    s.push_str(": ");
    s.push_str(id);
    s
}

fn fill_categories(ui: &mut Ui, consent: &Consent, vendors: &[(VendorId, VendorDef, CategorySet)]) {
    let t = texts(&ui.settings);
    let doc = &ui.doc;
    while let Some(c) = ui.cats_box.first_child() {
        let _ = ui.cats_box.remove_child(&c);
    }
    ui.switches.clear();
    for cat in Category::ALL {
        let name = cat.name();
        let sw_id = concat_id("sw-", name);
        let desc_id = concat_id("desc-", name);
        let block = el(doc, "div", &[("class", "cat")], None);
        let row = el(doc, "div", &[("class", "row")], None);
        add(&row, &el(doc, "label", &[("for", &sw_id)], Some(&t.get(name))));
        let input = el(doc, "input", &[("type", "checkbox"), ("role", "switch"), ("id", &sw_id), ("aria-describedby", &desc_id)], None);
        if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
            input.set_checked(consent.grants(cat));
            if cat == Category::Necessary {
                input.set_disabled(true);
                input.set_checked(true);
            }
            if cat == Category::Necessary {
                add(&row, &el(doc, "span", &[("class", "always")], Some(&t.get("always_on"))));
            }
            add(&row, &input);
            ui.switches.push((cat, input));
        }
        add(&block, &row);
        add(&block, &el(doc, "p", &[("id", &desc_id), ("class", "muted")], Some(&t.get(&concat_id(name, "_description")))));
        let list: Vec<&(VendorId, VendorDef, CategorySet)> = vendors.iter().filter(|(_, _, c)| c.contains(cat)).collect();
        let details = el(doc, "details", &[], None);
        let mut summary = String::from(&*t.get("vendors"));
        summary.push_str(" (");
        crate::core::text::push_uint(&mut summary, list.len() as u64);
        summary.push(')');
        add(&details, &el(doc, "summary", &[], Some(&summary)));
        if list.is_empty() {
            add(&details, &el(doc, "p", &[("class", "muted")], Some(&t.get("no_vendors"))));
        }
        let ul = el(doc, "ul", &[], None);
        for (_, v, _) in list {
            let li = el(doc, "li", &[], None);
            add(&li, &super::policy::vendor_details(doc, &t, v));
            add(&ul, &li);
        }
        add(&details, &ul);
        add(&block, &details);
        add(&ui.cats_box, &block);
    }
}

fn concat_id(a: &str, b: &str) -> String {
    let mut s = String::from(a);
    s.push_str(b);
    s
}

/// Closes the dialog (and the banner) and returns focus.
pub fn close_all() {
    with_ui(|ui| {
        set_hidden(&ui.dialog, true);
        set_hidden(&ui.backdrop, true);
        set_hidden(&ui.banner, true);
        if let Some(f) = ui.return_focus.take() {
            if f.is_connected() {
                let _ = f.focus();
            }
        }
    });
}

/// Closes the dialog without a decision: back to the banner if no choice
/// was made yet.
fn cancel_dialog() {
    let decided = state::with(|s| s.consent.decided).unwrap_or(false);
    with_ui(|ui| {
        set_hidden(&ui.dialog, true);
        set_hidden(&ui.backdrop, true);
    });
    if decided {
        close_all();
    } else {
        with_ui(|ui| {
            set_hidden(&ui.banner, false);
            if ui.banner.class_list().contains("modal") {
                set_hidden(&ui.backdrop, false);
            }
            focus(&ui.banner);
        });
    }
}

fn announce_saved() {
    with_ui(|ui| {
        let t = texts(&ui.settings);
        ui.status.set_text_content(Some(&t.get("saved")));
    });
}

/// Runs `f` on the UI, building it first if that was put off (see
/// [`install`]).
fn with_ui(f: impl FnOnce(&mut Ui)) {
    build_pending();
    UI.with(|u| {
        if let Ok(mut g) = u.try_borrow_mut() {
            if let Some(ui) = g.as_mut() {
                f(ui);
            }
        }
    });
}

/// Runs after any decision (buttons or API): hide everything, announce.
pub fn after_decision() {
    close_all();
    announce_saved();
}

fn on_click(e: web_sys::Event) {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Ok(Some(button)) = target.closest("[data-act]") else { return };
    let act = button.get_attribute("data-act").unwrap_or_default();
    match act.as_str() {
        "accept" => decide(Consent::all(), "banner"),
        "reject" => decide(Consent::rejected(), "banner"),
        "prefs" => open_preferences(),
        "close" => cancel_dialog(),
        "save" => {
            let mut set = CategorySet::NECESSARY;
            UI.with(|u| {
                if let Ok(g) = u.try_borrow() {
                    if let Some(ui) = g.as_ref() {
                        for (c, input) in &ui.switches {
                            if input.checked() {
                                set = set.with(*c);
                            }
                        }
                    }
                }
            });
            decide(Consent::decided(set), "preferences");
        }
        "dns" => api::do_not_sell(),
        _ => {}
    }
}

fn decide(c: Consent, source: &'static str) {
    api::change_from(c, source);
}

fn on_key(e: KeyboardEvent) {
    let key = e.key();
    let mut dialog_open = false;
    let mut trap: Option<Element> = None;
    UI.with(|u| {
        if let Ok(g) = u.try_borrow() {
            if let Some(ui) = g.as_ref() {
                if !is_hidden(&ui.dialog) {
                    dialog_open = true;
                    trap = Some(ui.dialog.clone());
                } else if ui.banner.class_list().contains("modal") && !is_hidden(&ui.banner) {
                    trap = Some(ui.banner.clone());
                }
            }
        }
    });
    if key == "Escape" && dialog_open {
        e.prevent_default();
        cancel_dialog();
        return;
    }
    if key != "Tab" {
        return;
    }
    let Some(scope) = trap else { return };
    let Ok(list) = scope.query_selector_all(FOCUSABLE) else { return };
    let items: Vec<Element> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).filter(is_visible).collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = UI.with(|u| u.try_borrow().ok().and_then(|g| g.as_ref().and_then(|ui| ui.root.active_element())));
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

fn is_visible(e: &Element) -> bool {
    // Inside a closed <details>, only the summary is focusable.
    let mut node = e.parent_element();
    while let Some(p) = node {
        if p.tag_name().eq_ignore_ascii_case("details") && !p.has_attribute("open") && !e.tag_name().eq_ignore_ascii_case("summary") {
            return false;
        }
        if p.tag_name().eq_ignore_ascii_case("details") && e.tag_name().eq_ignore_ascii_case("summary") {
            // A summary is visible if its own details' ancestors are open.
            return p.parent_element().map(|pp| is_visible_container(&pp)).unwrap_or(true);
        }
        node = p.parent_element();
    }
    true
}

fn is_visible_container(e: &Element) -> bool {
    let mut node = Some(e.clone());
    while let Some(p) = node {
        if p.tag_name().eq_ignore_ascii_case("details") && !p.has_attribute("open") {
            return false;
        }
        node = p.parent_element();
    }
    true
}

/// The vendors this site uses: the ones on this page (held, released,
/// dropped requests, and tags that loaded because consent allowed them),
/// the site's own additions and the ones it lists in `vendors.used`.
pub fn used_vendors() -> Vec<(VendorId, VendorDef, CategorySet)> {
    let mut urls: Vec<String> = Vec::new();
    if let Some(doc) = document() {
        for el in dom::qsa(&doc, dom::LOADING).iter() {
            let kind = dom::local_name(&el).as_deref().and_then(Kind::from_tag);
            if let Some(kind) = kind {
                for (live, held) in kind.url_attrs() {
                    for a in [*live, *held] {
                        if let Some(v) = dom::get_attr(&el, a) {
                            urls.push(v);
                        }
                    }
                }
            }
        }
    }
    let mut out: Vec<(VendorId, VendorDef, CategorySet)> = Vec::new();
    state::with(|s| {
        let c = &s.classifier;
        let mut ids: Vec<VendorId> = s.entries.iter().filter_map(|e| e.vendor).collect();
        ids.extend(s.dropped.iter().map(|d| d.vendor));
        let ctx = s.ctx();
        for u in &urls {
            if let Some(m) = ctx.classify(u) {
                ids.push(m.id);
            }
        }
        let custom_start = crate::core::vendors::VENDOR_COUNT;
        ids.extend(c.ids().filter(|id| *id as usize >= custom_start));
        ids.extend(s.config.used.iter().filter_map(|u| c.find(u).map(|(id, _)| id)));
        crate::core::text::sort_by_key(&mut ids, |id| *id);
        ids.dedup();
        for id in ids {
            if let Some(def) = c.vendor_def(id) {
                out.push((id, def.into_owned(), c.categories_of(id)));
            }
        }
    });
    crate::core::text::sort_by_key(&mut out, |a| a.1.name.to_ascii_lowercase());
    out
}
