//! The cookie policy generated from the vendor table: any element with
//! `data-consentry-policy` is filled with an accessible table of the vendors
//! this site uses, their categories, cookies, storage keys and retention, in
//! the visitor's language. The same vendor details appear in the
//! preferences dialog.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::category::{Category, CategorySet};
use crate::core::i18n::Texts;
use crate::core::retention::{Retention, Unit};
use crate::core::table::{CookieDef, NameMatch, VendorDef};
use alloc::borrow::Cow;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::dom;
use super::state;
use super::ui;

/// Creates an element with attributes and text (set as text, never HTML).
pub fn el(doc: &Document, tag: &str, attrs: &[(&str, &str)], text: Option<&str>) -> Element {
    let e: Element = dom::create_element(doc, tag).unchecked_into();
    for (k, v) in attrs {
        dom::set_attr(&e, k, v);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    e
}

fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

fn cookie_label(c: &CookieDef) -> String {
    let mut s = c.name.to_string();
    if c.matching == NameMatch::Prefix {
        s.push('…');
    }
    s
}

fn categories_text(t: &Texts<'_>, c: CategorySet) -> String {
    let mut s = String::new();
    for cat in c.iter() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&t.get(cat.name()));
    }
    s
}

/// One row per cookie and storage key: (name, where, retention, category).
fn rows(t: &Texts<'_>, v: &VendorDef) -> Vec<(String, Option<String>, String, Category)> {
    let mut out = Vec::new();
    for c in v.cookies.iter() {
        let place = c.domain.as_deref().map(|d| t.fill("set_on", "domain", d));
        out.push((cookie_label(c), place, t.duration(c.retention), c.category));
    }
    for s in v.storage.iter() {
        let mut name = s.name.to_string();
        if s.matching == NameMatch::Prefix {
            name.push('…');
        }
        out.push((name, Some(s.kind.name().to_string()), t.duration(s.retention), s.category));
    }
    out
}

/// A vendor's details for the preferences dialog: company, policy link and
/// a table of its cookies and storage keys.
pub fn vendor_details(doc: &Document, t: &Texts<'_>, v: &VendorDef) -> Element {
    let d = el(doc, "details", &[], None);
    add(&d, &el(doc, "summary", &[], Some(&v.name)));
    if !v.company.is_empty() || !v.policy.is_empty() {
        let p = el(doc, "p", &[("class", "muted")], None);
        if !v.company.is_empty() {
            p.set_text_content(Some(&v.company));
        }
        if !v.policy.is_empty() {
            if !v.company.is_empty() {
                let _ = p.append_with_str_1(" · ");
            }
            add(
                &p,
                &el(
                    doc,
                    "a",
                    &[("href", &v.policy), ("rel", "noopener noreferrer"), ("target", "_blank")],
                    Some(&t.fill("vendor_policy", "vendor", &v.name)),
                ),
            );
        }
        add(&d, &p);
    }
    let list = rows(t, v);
    if !list.is_empty() {
        let table = el(doc, "table", &[], None);
        let head = el(doc, "tr", &[], None);
        for key in ["cookie", "retention"] {
            add(&head, &el(doc, "th", &[("scope", "col")], Some(&t.get(key))));
        }
        let thead = el(doc, "thead", &[], None);
        add(&thead, &head);
        add(&table, &thead);
        let tbody = el(doc, "tbody", &[], None);
        for (name, place, retention, _) in list {
            let tr = el(doc, "tr", &[], None);
            let td = el(doc, "td", &[], None);
            add(&td, &el(doc, "code", &[], Some(&name)));
            if let Some(p) = place {
                let _ = td.append_with_str_1(" (");
                let _ = td.append_with_str_1(&p);
                let _ = td.append_with_str_1(")");
            }
            add(&tr, &td);
            add(&tr, &el(doc, "td", &[], Some(&retention)));
            add(&tbody, &tr);
        }
        add(&table, &tbody);
        add(&d, &table);
    }
    d
}

/// The consent record itself, listed as a necessary cookie of this site.
fn own_record() -> Option<VendorDef> {
    let (name, days) = state::with(|s| (s.config.cookie_name.clone(), s.config.cookie_days))?;
    let host = dom::hostname();
    Some(VendorDef {
        id: Cow::Borrowed("consentry"),
        name: Cow::Borrowed("Consentry"),
        aka: Cow::Owned(Vec::new()),
        company: Cow::Owned(host),
        categories: CategorySet::NECESSARY,
        why: Cow::Borrowed(""),
        policy: Cow::Borrowed(""),
        related: Cow::Owned(Vec::new()),
        hosts: Cow::Owned(Vec::new()),
        cookies: Cow::Owned(vec![CookieDef {
            name: Cow::Owned(name),
            matching: NameMatch::Exact,
            retention: Retention::Span(u16::try_from(days).unwrap_or(u16::MAX), Unit::Day),
            category: Category::Necessary,
            domain: None,
        }]),
        storage: Cow::Owned(Vec::new()),
    })
}

/// Fills every `[data-consentry-policy]` element with the policy table.
pub fn render() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let targets = dom::qsa(&doc, "[data-consentry-policy]");
    if targets.length() == 0 {
        return;
    }
    let Some(settings) = state::with(|s| ui::settings_of(s)).flatten() else { return };
    let t = ui::texts(&settings);
    // Consentry's own record first. Built by pushing, not `insert(0, …)`,
    // whose bounds check would leave a panic path in the module.
    let mut vendors: Vec<(VendorDef, CategorySet)> = own_record().map(|own| (own, CategorySet::NECESSARY)).into_iter().collect();
    vendors.extend(ui::used_vendors().into_iter().map(|(_, v, c)| (v, c)));
    for target in targets.iter() {
        let target: Element = target.unchecked_into();
        let table =
            el(&doc, "table", &[("class", "consentry-policy"), ("lang", t.code()), ("dir", if t.rtl() { "rtl" } else { "ltr" })], None);
        add(&table, &el(&doc, "caption", &[], Some(&t.get("vendors"))));
        let thead = el(&doc, "thead", &[], None);
        let head = el(&doc, "tr", &[], None);
        for key in ["vendor", "category", "cookie", "retention"] {
            add(&head, &el(&doc, "th", &[("scope", "col")], Some(&t.get(key))));
        }
        add(&thead, &head);
        add(&table, &thead);
        for (v, cats) in &vendors {
            let tbody = el(&doc, "tbody", &[], None);
            let list = rows(&t, v);
            let span = list.len().max(1).to_string();
            let first = el(&doc, "tr", &[], None);
            let th = el(&doc, "th", &[("scope", "rowgroup"), ("rowspan", &span)], None);
            th.set_text_content(Some(&v.name));
            if !v.company.is_empty() {
                let _ = th.append_with_str_1(" — ");
                let _ = th.append_with_str_1(&v.company);
            }
            if !v.policy.is_empty() {
                let _ = th.append_with_str_1(" ");
                add(
                    &th,
                    &el(
                        &doc,
                        "a",
                        &[("href", &v.policy), ("rel", "noopener noreferrer")],
                        Some(&t.fill("vendor_policy", "vendor", &v.name)),
                    ),
                );
            }
            add(&first, &th);
            let mut rows_iter = list.into_iter();
            let mut tr = first;
            match rows_iter.next() {
                None => {
                    add(&tr, &el(&doc, "td", &[], Some(&categories_text(&t, *cats))));
                    add(&tr, &el(&doc, "td", &[], Some("—")));
                    add(&tr, &el(&doc, "td", &[], Some("—")));
                    add(&tbody, &tr);
                }
                Some(firstrow) => {
                    let mut row = Some(firstrow);
                    while let Some((name, place, retention, category)) = row {
                        add(&tr, &el(&doc, "td", &[], Some(&t.get(category.name()))));
                        let td = el(&doc, "td", &[], None);
                        add(&td, &el(&doc, "code", &[], Some(&name)));
                        if let Some(p) = place {
                            let _ = td.append_with_str_1(" (");
                            let _ = td.append_with_str_1(&p);
                            let _ = td.append_with_str_1(")");
                        }
                        add(&tr, &td);
                        add(&tr, &el(&doc, "td", &[], Some(&retention)));
                        add(&tbody, &tr);
                        row = rows_iter.next();
                        if row.is_some() {
                            tr = el(&doc, "tr", &[], None);
                        }
                    }
                }
            }
            add(&table, &tbody);
        }
        while let Some(c) = target.first_child() {
            let _ = target.remove_child(&c);
        }
        add(&target, &table);
    }
}
