//! The cookie policy rendered in the page: every `[data-consentry-policy]`
//! element is filled with the vendors this site uses, each with its company,
//! categories, privacy-policy link and a table of the cookies and storage
//! keys it sets with their purpose and retention, in the visitor's
//! language, Consentry's own record first. One section per vendor, with a
//! three-column table, so that it fits a 320 px screen. The same vendor
//! details appear in the preferences dialog ([`vendor_details`]).
//!
//! Both render the vendor's public projection
//! ([`consentry::core::projection`]); nothing here decides what a vendor
//! sets or which link is safe.

use crate::app::App;
use crate::dom::{add, el, text};
use crate::i18n::{Key, Texts};
use crate::panel::category_name;
use consentry::core::category::CategorySet;
use consentry::core::projection::{self, Item, Place, Vendor};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// The policy's stylesheet, adopted by the document (no `<style>` element,
/// so a strict `style-src` works). Scoped to the policy's own class.
const CSS: &str = ".consentry-policy{max-width:100%}\
.consentry-policy section{margin:0 0 1.25em}\
.consentry-policy h3{margin:0 0 .25em}\
.consentry-policy p{margin:0 0 .5em}\
.consentry-policy table{width:100%;table-layout:fixed;border-collapse:collapse}\
.consentry-policy th,.consentry-policy td{text-align:start;vertical-align:top;padding:.25em .5em .25em 0;overflow-wrap:anywhere}\
.consentry-policy code{overflow-wrap:anywhere;white-space:normal}";

fn categories_text(t: &Texts<'_>, c: CategorySet) -> String {
    c.iter().map(|cat| category_name(t, cat)).collect::<Vec<_>>().join(", ")
}

/// Where an item lives, in words: `set on linkedin.com`, `localStorage`;
/// nothing for a cookie set on the site.
fn place(t: &Texts<'_>, i: &Item) -> Option<String> {
    match &i.place {
        Place::Cookie { domain: Some(d) } => Some(t.fill(Key::SetOn, "domain", d)),
        Place::Cookie { domain: None } => None,
        Place::Storage { kind } => Some(kind.name().to_string()),
    }
}

/// The name cell: the name (a prefix marked) in `<code>`, and where it lives.
fn name_cell(doc: &Document, t: &Texts<'_>, i: &Item) -> Result<Element, JsValue> {
    let td = el(doc, "td", &[], None)?;
    add(&td, &el(doc, "code", &[], Some(&i.label))?);
    if let Some(p) = place(t, i) {
        text(&td, &format!(" ({p})"));
    }
    Ok(td)
}

/// The policy link of a vendor, when it has a safe one.
fn policy_link(doc: &Document, t: &Texts<'_>, v: &Vendor, new_tab: bool) -> Result<Option<Element>, JsValue> {
    let Some(href) = &v.policy else { return Ok(None) };
    let label = t.fill(Key::VendorPolicy, "vendor", &v.name);
    let attrs: &[(&str, &str)] = if new_tab {
        &[("href", href), ("rel", "noopener noreferrer"), ("target", "_blank")]
    } else {
        &[("href", href), ("rel", "noopener noreferrer")]
    };
    Ok(Some(el(doc, "a", attrs, Some(&label))?))
}

/// A vendor's details for the preferences dialog: company, policy link and
/// a table of its cookies and storage keys.
pub fn vendor_details(doc: &Document, t: &Texts<'_>, v: &Vendor) -> Result<Element, JsValue> {
    let d = el(doc, "details", &[], None)?;
    add(&d, &el(doc, "summary", &[], Some(&v.name))?);
    let link = policy_link(doc, t, v, true)?;
    if !v.company.is_empty() || link.is_some() {
        let p = el(doc, "p", &[("class", "muted")], Some(&v.company))?;
        if let Some(a) = link {
            if !v.company.is_empty() {
                text(&p, " · ");
            }
            add(&p, &a);
        }
        add(&d, &p);
    }
    if v.items().next().is_some() {
        let table = el(doc, "table", &[], None)?;
        let thead = el(doc, "thead", &[], None)?;
        let head = el(doc, "tr", &[], None)?;
        for key in [Key::Cookie, Key::Retention] {
            add(&head, &el(doc, "th", &[("scope", "col")], Some(&t.get(key)))?);
        }
        add(&thead, &head);
        add(&table, &thead);
        let tbody = el(doc, "tbody", &[], None)?;
        for i in v.items() {
            let tr = el(doc, "tr", &[], None)?;
            add(&tr, &name_cell(doc, t, i)?);
            add(&tr, &el(doc, "td", &[], Some(&t.duration(i.retention)))?);
            add(&tbody, &tr);
        }
        add(&table, &tbody);
        add(&d, &table);
    }
    Ok(d)
}

/// One vendor's section of the policy.
fn section(doc: &Document, t: &Texts<'_>, v: &Vendor, n: usize) -> Result<Element, JsValue> {
    let id = format!("consentry-policy-{n}");
    let s = el(doc, "section", &[("aria-labelledby", &id)], None)?;
    add(&s, &el(doc, "h3", &[("id", &id)], Some(&v.name))?);
    let p = el(doc, "p", &[], None)?;
    let mut facts: Vec<String> = Vec::new();
    if !v.company.is_empty() && v.company != v.name {
        facts.push(format!("{}: {}", t.get(Key::Company), v.company));
    }
    facts.push(format!("{}: {}", t.get(Key::Category), categories_text(t, v.categories)));
    text(&p, &facts.join(" · "));
    if let Some(a) = policy_link(doc, t, v, false)? {
        text(&p, " · ");
        add(&p, &a);
    }
    add(&s, &p);
    if v.items().next().is_some() {
        let table = el(doc, "table", &[], None)?;
        let thead = el(doc, "thead", &[], None)?;
        let head = el(doc, "tr", &[], None)?;
        for key in [Key::Cookie, Key::Category, Key::Retention] {
            add(&head, &el(doc, "th", &[("scope", "col")], Some(&t.get(key)))?);
        }
        add(&thead, &head);
        add(&table, &thead);
        let tbody = el(doc, "tbody", &[], None)?;
        for i in v.items() {
            let tr = el(doc, "tr", &[], None)?;
            add(&tr, &name_cell(doc, t, i)?);
            add(&tr, &el(doc, "td", &[], Some(&category_name(t, i.category)))?);
            add(&tr, &el(doc, "td", &[], Some(&t.duration(i.retention)))?);
            add(&tbody, &tr);
        }
        add(&table, &tbody);
        add(&s, &table);
    }
    Ok(s)
}

fn adopt_stylesheet(doc: &Document) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    let key = JsValue::from_str("adoptedStyleSheets");
    let current: js_sys::Array = js_sys::Reflect::get(doc, &key)?.dyn_into().unwrap_or_default();
    current.push(&sheet);
    js_sys::Reflect::set(doc, &key, &current)?;
    Ok(())
}

/// [`render`], once the vendor details are here (the page has a policy
/// element), saying on the console why it failed.
pub fn render_or_say(app: &Rc<App>) {
    let wanted = crate::dom::document().and_then(|d| d.query_selector(SELECTOR).ok().flatten()).is_some();
    if !wanted {
        return;
    }
    let a = app.clone();
    crate::details::then(app, move || {
        if let Err(e) = render(&a) {
            crate::dom::console_error(&format!("Consentry: the cookie policy could not be rendered: {}", crate::dom::describe(&e)));
        }
        JsValue::UNDEFINED
    });
}

/// Where the policy goes.
const SELECTOR: &str = "[data-consentry-policy]";

/// Fills every `[data-consentry-policy]` element with the policy.
pub fn render(app: &App) -> Result<(), JsValue> {
    let Some(doc) = crate::dom::document() else { return Ok(()) };
    let targets = doc.query_selector_all(SELECTOR)?;
    if targets.length() == 0 {
        return Ok(());
    }
    let settings = &app.settings;
    let t = settings.texts();
    let host = web_sys::window().and_then(|w| w.location().hostname().ok()).unwrap_or_default();
    let used = app.host.used().map_err(|e| JsValue::from_str(&e.describe()))?;
    let mut vendors = vec![projection::own_record(&settings.config.cookie_name, settings.config.cookie_days, &host)];
    vendors.extend(crate::vendors::by_name(settings, &used));
    adopt_stylesheet(&doc)?;
    for i in 0..targets.length() {
        let Some(target) = targets.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let root =
            el(&doc, "div", &[("class", "consentry-policy"), ("lang", t.code()), ("dir", if t.rtl() { "rtl" } else { "ltr" })], None)?;
        for (n, v) in vendors.iter().enumerate() {
            add(&root, &section(&doc, &t, v, i as usize * 10_000 + n)?);
        }
        target.replace_children_with_node_1(&root);
    }
    Ok(())
}
