//! The cookie policy: for each vendor, who runs it, what it needs consent
//! for, and every cookie and storage key it sets, with how long they are
//! kept; Consentry's own record first. From the same vendor table the
//! blocker uses, rendered from each vendor's public projection
//! ([`consentry::core::projection`]), as the policy in the page is.

use crate::args::Format;
use crate::escape;
use crate::json;
use consentry::core::classify::{Classifier, VendorId};
use consentry::core::projection::{self, Item, Place, Vendor};
use consentry::core::retention::Retention;
use std::fmt::Write as _;

/// How long, in words: `2 years`, `session`, `until deleted`. The core's
/// data formatter, except that a policy read by people says "until deleted"
/// where the data output says "persistent".
pub fn retention(r: Retention) -> String {
    match r {
        Retention::Persistent => "until deleted".to_string(),
        r => consentry::core::text::retention(r),
    }
}

/// Where an item lives, in words.
fn kind(i: &Item) -> String {
    match &i.place {
        Place::Cookie { domain: Some(d) } => format!("cookie on {d}"),
        Place::Cookie { domain: None } => "cookie".to_string(),
        Place::Storage { kind } => kind.name().to_string(),
    }
}

/// The vendors to list: Consentry's own record (named for `site`), then
/// each of `ids` once, sorted by name.
pub fn vendors(classifier: &Classifier, ids: &[VendorId], record: (&str, u32), site: &str) -> Vec<Vendor> {
    let mut unique: Vec<VendorId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    let mut list: Vec<Vendor> = unique
        .into_iter()
        .filter_map(|id| {
            Some(projection::vendor(classifier.vendor_def(id)?.as_ref(), classifier.categories_of(id), classifier.is_exempt(id)))
        })
        .collect();
    list.sort_by_key(|v| v.name.to_lowercase());
    list.insert(0, projection::own_record(record.0, record.1, site));
    list
}

/// Renders the policy of `list`.
pub fn render(list: &[Vendor], format: Format) -> String {
    let mut out = String::new();
    let cats = |v: &Vendor| v.categories.to_list();
    match format {
        Format::Json => {
            out.push_str("{\"vendors\":[");
            for (i, d) in list.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                json::vendor(&mut out, d);
            }
            out.push_str("\n]}\n");
        }
        Format::Markdown => {
            out.push_str("| Vendor | Consent categories | Cookie or key | Type | Purpose | Retention |\n|---|---|---|---|---|---|\n");
            for d in list {
                let mut vendor = escape::markdown(&d.name);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(vendor, " ({})", escape::markdown(&d.company));
                }
                if let Some(p) = &d.policy {
                    let _ = write!(vendor, " — [privacy policy](<{p}>)");
                }
                if d.items().next().is_none() {
                    let _ = writeln!(out, "| {vendor} | {} | — | — | — | — |", cats(d));
                }
                for (i, r) in d.items().enumerate() {
                    let (v, c) = if i == 0 { (vendor.as_str(), cats(d)) } else { ("", String::new()) };
                    let _ = writeln!(
                        out,
                        "| {v} | {c} | {} | {} | {} | {} |",
                        escape::code(&r.label),
                        escape::markdown(&kind(r)),
                        r.category.name(),
                        retention(r.retention)
                    );
                }
            }
        }
        Format::Html => {
            out.push_str("<table class=\"consentry-policy\">\n<thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Consent categories</th><th scope=\"col\">Cookie or key</th><th scope=\"col\">Type</th><th scope=\"col\">Purpose</th><th scope=\"col\">Retention</th></tr></thead>\n<tbody>\n");
            for d in list {
                let span = d.items().count().max(1);
                let mut vendor = escape::html(&d.name);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(vendor, " ({})", escape::html(&d.company));
                }
                if let Some(p) = &d.policy {
                    let _ = write!(vendor, "<br><a href=\"{}\" rel=\"noopener\">privacy policy</a>", escape::html(p));
                }
                let head = format!(
                    "<th scope=\"rowgroup\" rowspan=\"{span}\">{vendor}</th><td rowspan=\"{span}\">{}</td>",
                    escape::html(&cats(d))
                );
                if d.items().next().is_none() {
                    let _ = writeln!(out, "<tr>{head}<td colspan=\"4\">no cookies or storage known</td></tr>");
                }
                for (i, r) in d.items().enumerate() {
                    let lead = if i == 0 { head.as_str() } else { "" };
                    let _ = writeln!(
                        out,
                        "<tr>{lead}<td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape::html(&r.label),
                        escape::html(&kind(r)),
                        r.category.name(),
                        retention(r.retention)
                    );
                }
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Format::Text => {
            for d in list {
                let _ = write!(out, "{} ({})", d.name, d.id);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(out, ", {}", d.company);
                }
                let _ = writeln!(out, ": {}", cats(d));
                if let Some(p) = &d.policy {
                    let _ = writeln!(out, "  privacy policy: {p}");
                }
                if d.items().next().is_none() {
                    out.push_str("  no cookies or storage known\n");
                }
                let w = d.items().map(|r| r.label.chars().count()).max().unwrap_or(0);
                let wk = d.items().map(|r| kind(r).chars().count()).max().unwrap_or(0);
                for r in d.items() {
                    let _ = writeln!(out, "  {:w$}  {:wk$}  {:10}  {}", r.label, kind(r), r.category.name(), retention(r.retention));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use consentry::core::retention::Unit;

    #[test]
    fn retention_in_words() {
        assert_eq!(retention(Retention::Span(2, Unit::Year)), "2 years");
        assert_eq!(retention(Retention::Span(1, Unit::Day)), "1 day");
        assert_eq!(retention(Retention::Session), "session");
        assert_eq!(retention(Retention::Persistent), "until deleted");
    }

    #[test]
    fn lists_each_vendors_cookies_with_retention() {
        let c = Classifier::builtin();
        let (ga, _) = c.find("google-analytics").expect("ga");
        let (ct, _) = c.find("clevertap").expect("clevertap");
        let policy = |ids: &[VendorId], f| render(&vendors(&c, ids, ("consentry", 182), "shop.example"), f);
        let md = policy(&[ga, ct, ga], Format::Markdown);
        assert!(md.contains("| Consentry (shop.example) | necessary | `consentry` | cookie | necessary | 182 days |"), "{md}");
        assert!(md.contains("`WZRK_S_…`"), "prefixes are marked as everywhere: {md}");
        assert_eq!(md.matches("| Google Analytics").count(), 1, "{md}");
        assert!(md.contains("| `_ga` | cookie | analytics | 2 years |"), "{md}");
        assert!(md.contains("`WZRK_G`"), "{md}");
        // Sorted by name: CleverTap before Google Analytics.
        assert!(md.find("CleverTap").unwrap_or(usize::MAX) < md.find("Google Analytics").unwrap_or(0));
        let html = policy(&[ga], Format::Html);
        assert!(html.contains("<td><code>_ga</code></td><td>cookie</td><td>analytics</td><td>2 years</td>"), "{html}");
        let text = policy(&[ga], Format::Text);
        assert!(text.starts_with("Consentry (consentry), shop.example: necessary"), "{text}");
        assert!(text.contains("\nGoogle Analytics (google-analytics)"), "{text}");
        let json = policy(&[ga], Format::Json);
        assert!(json.contains("\"id\":\"google-analytics\"") && json.contains("\"name\":\"_ga\""), "{json}");
    }
}
