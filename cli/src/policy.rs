//! The cookie policy table: for each vendor, who runs it, what it needs
//! consent for, and every cookie and storage key it sets, with how long they
//! are kept. From the same vendor table the blocker uses.

use crate::args::Format;
use crate::escape;
use crate::json;
use consentry::core::classify::{Classifier, VendorId};
use consentry::core::retention::Retention;
use consentry::core::table::{NameMatch, VendorDef};
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

/// One row: a cookie or storage key.
struct Row {
    name: String,
    kind: String,
    category: &'static str,
    retention: String,
}

fn rows(v: &VendorDef) -> Vec<Row> {
    let shown = |name: &str, m: NameMatch| if m == NameMatch::Prefix { format!("{name}*") } else { name.to_string() };
    let mut out: Vec<Row> = v
        .cookies
        .iter()
        .map(|c| Row {
            name: shown(&c.name, c.matching),
            kind: match &c.domain {
                Some(d) => format!("cookie on {d}"),
                None => "cookie".to_string(),
            },
            category: c.category.name(),
            retention: retention(c.retention),
        })
        .collect();
    out.extend(v.storage.iter().map(|s| Row {
        name: shown(&s.name, s.matching),
        kind: s.kind.name().to_string(),
        category: s.category.name(),
        retention: retention(s.retention),
    }));
    out
}

/// The vendors to list, each once, sorted by name.
fn defs(classifier: &Classifier, ids: &[VendorId]) -> Vec<(VendorId, VendorDef)> {
    let mut unique: Vec<VendorId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    let mut out: Vec<(VendorId, VendorDef)> =
        unique.into_iter().filter_map(|id| Some((id, classifier.vendor_def(id)?.into_owned()))).collect();
    out.sort_by_key(|(_, d)| d.name.to_lowercase());
    out
}

/// Renders the policy table of `ids`.
pub fn render(classifier: &Classifier, ids: &[VendorId], format: Format) -> String {
    let list = defs(classifier, ids);
    let mut out = String::new();
    let cats = |id: VendorId| classifier.categories_of(id).to_list();
    match format {
        Format::Json => {
            out.push_str("{\"vendors\":[");
            for (i, (id, d)) in list.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                json::vendor(&mut out, d, classifier.categories_of(*id), classifier.is_exempt(*id));
            }
            out.push_str("\n]}\n");
        }
        Format::Markdown => {
            out.push_str("| Vendor | Consent categories | Cookie or key | Type | Purpose | Retention |\n|---|---|---|---|---|---|\n");
            for (id, d) in &list {
                let mut vendor = escape::markdown(&d.name);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(vendor, " ({})", escape::markdown(&d.company));
                }
                if !d.policy.is_empty() {
                    let _ = write!(vendor, " — [privacy policy](<{}>)", d.policy.replace(['<', '>', ' '], ""));
                }
                let rs = rows(d);
                if rs.is_empty() {
                    let _ = writeln!(out, "| {vendor} | {} | — | — | — | — |", cats(*id));
                }
                for (i, r) in rs.iter().enumerate() {
                    let (v, c) = if i == 0 { (vendor.as_str(), cats(*id)) } else { ("", String::new()) };
                    let _ = writeln!(
                        out,
                        "| {v} | {c} | {} | {} | {} | {} |",
                        escape::code(&r.name),
                        escape::markdown(&r.kind),
                        r.category,
                        r.retention
                    );
                }
            }
        }
        Format::Html => {
            out.push_str("<table class=\"consentry-policy\">\n<thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Consent categories</th><th scope=\"col\">Cookie or key</th><th scope=\"col\">Type</th><th scope=\"col\">Purpose</th><th scope=\"col\">Retention</th></tr></thead>\n<tbody>\n");
            for (id, d) in &list {
                let rs = rows(d);
                let span = rs.len().max(1);
                let mut vendor = escape::html(&d.name);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(vendor, " ({})", escape::html(&d.company));
                }
                if d.policy.starts_with("https://") || d.policy.starts_with("http://") {
                    let _ = write!(vendor, "<br><a href=\"{}\" rel=\"noopener\">privacy policy</a>", escape::html(&d.policy));
                }
                let head = format!(
                    "<th scope=\"rowgroup\" rowspan=\"{span}\">{vendor}</th><td rowspan=\"{span}\">{}</td>",
                    escape::html(&cats(*id))
                );
                if rs.is_empty() {
                    let _ = writeln!(out, "<tr>{head}<td colspan=\"4\">no cookies or storage known</td></tr>");
                }
                for (i, r) in rs.iter().enumerate() {
                    let lead = if i == 0 { head.as_str() } else { "" };
                    let _ = writeln!(
                        out,
                        "<tr>{lead}<td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape::html(&r.name),
                        escape::html(&r.kind),
                        r.category,
                        r.retention
                    );
                }
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Format::Text => {
            for (id, d) in &list {
                let _ = write!(out, "{} ({})", d.name, d.id);
                if !d.company.is_empty() && d.company != d.name {
                    let _ = write!(out, ", {}", d.company);
                }
                let _ = writeln!(out, ": {}", cats(*id));
                if !d.policy.is_empty() {
                    let _ = writeln!(out, "  privacy policy: {}", d.policy);
                }
                let rs = rows(d);
                if rs.is_empty() {
                    out.push_str("  no cookies or storage known\n");
                }
                let w = rs.iter().map(|r| r.name.chars().count()).max().unwrap_or(0);
                let wk = rs.iter().map(|r| r.kind.chars().count()).max().unwrap_or(0);
                for r in &rs {
                    let _ = writeln!(out, "  {:w$}  {:wk$}  {:10}  {}", r.name, r.kind, r.category, r.retention);
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
        let md = render(&c, &[ga, ct, ga], Format::Markdown);
        assert_eq!(md.matches("| Google Analytics").count(), 1, "{md}");
        assert!(md.contains("| `_ga` | cookie | analytics | 2 years |"), "{md}");
        assert!(md.contains("`WZRK_G`"), "{md}");
        // Sorted by name: CleverTap before Google Analytics.
        assert!(md.find("CleverTap").unwrap_or(usize::MAX) < md.find("Google Analytics").unwrap_or(0));
        let html = render(&c, &[ga], Format::Html);
        assert!(html.contains("<td><code>_ga</code></td><td>cookie</td><td>analytics</td><td>2 years</td>"), "{html}");
        let text = render(&c, &[ga], Format::Text);
        assert!(text.starts_with("Google Analytics (google-analytics)"), "{text}");
        let json = render(&c, &[ga], Format::Json);
        assert!(json.contains("\"id\":\"google-analytics\"") && json.contains("\"name\":\"_ga\""), "{json}");
    }
}
