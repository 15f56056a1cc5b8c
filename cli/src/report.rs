//! The scan report: every vendor tag found, where, and a summary per vendor,
//! in text, JSON, Markdown or HTML.

use crate::args::Format;
use crate::escape;
use crate::json;
use consentry::core::category::CategorySet;
use consentry::core::classify::{Classifier, VendorId};
use consentry_rewriter::{Finding, Status};
use std::fmt::Write as _;

/// A finding with its place.
#[derive(Clone, Debug)]
pub struct Located {
    /// The file, as it was named or found.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What was found.
    pub finding: Finding,
}

/// What a scan found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Pages read.
    pub files: usize,
    /// Findings of vendors (known, or tagged by hand), file by file, in
    /// document order.
    pub items: Vec<Located>,
    /// Third-party hosts the table does not know, in order of first
    /// appearance.
    pub unknown: Vec<UnknownHost>,
}

/// A third-party host the vendor table does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownHost {
    /// The host.
    pub host: String,
    /// Tags that load from it.
    pub tags: usize,
    /// Where it first appears (`file:line:column`).
    pub first: String,
    /// The first URL.
    pub url: String,
}

/// One vendor's line in the summary.
struct Summary {
    vendor: Option<VendorId>,
    name: String,
    id: String,
    categories: CategorySet,
    /// Count per status, in [`Status`] order.
    counts: Vec<(Status, usize)>,
    files: Vec<String>,
}

const STATUSES: [Status; 5] = [Status::Untagged, Status::Tagged, Status::Invalid, Status::Inline, Status::Allowed];

impl Report {
    /// Adds a finding: a vendor's to the items, an unknown host's to the
    /// unknown hosts.
    pub fn add(&mut self, l: Located) {
        if l.finding.status != Status::Unknown {
            self.items.push(l);
            return;
        }
        let host = l.finding.host.clone().unwrap_or_default();
        match self.unknown.iter_mut().find(|u| u.host == host) {
            Some(u) => u.tags += 1,
            None => self.unknown.push(UnknownHost {
                host,
                tags: 1,
                first: format!("{}:{}:{}", l.file, l.line, l.column),
                url: l.finding.url.clone(),
            }),
        }
    }

    fn unknown_text(&self) -> String {
        if self.unknown.is_empty() {
            return String::new();
        }
        let mut out = format!("Third-party hosts the vendor table does not know ({}; they load untouched):\n", self.unknown.len());
        for u in &self.unknown {
            let _ = writeln!(out, "  {}  {} tag(s), first at {}", u.host, u.tags, u.first);
        }
        out.push_str("Review them: consentry scan --drafts DIR writes a vendor file for each.\n");
        out
    }

    /// Untagged vendor tags: fetched by the browser before consent.
    pub fn untagged(&self) -> usize {
        self.items.iter().filter(|l| l.finding.status == Status::Untagged).count()
    }

    /// The vendors found (known to the table), in order of first appearance.
    pub fn vendors(&self) -> Vec<VendorId> {
        let mut out: Vec<VendorId> = Vec::new();
        for v in self.items.iter().filter_map(|l| l.finding.vendor) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    fn summaries(&self, c: &Classifier) -> Vec<Summary> {
        let mut out: Vec<Summary> = Vec::new();
        for l in &self.items {
            let f = &l.finding;
            let i = match out.iter().position(|s| s.vendor == f.vendor) {
                Some(i) => i,
                None => {
                    let (id, name) = Self::vendor_label(c, f.vendor);
                    out.push(Summary {
                        vendor: f.vendor,
                        name,
                        id,
                        categories: CategorySet::EMPTY,
                        counts: STATUSES.iter().map(|s| (*s, 0)).collect(),
                        files: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            if let Some(s) = out.get_mut(i) {
                s.categories = s.categories.union(f.categories);
                if let Some(slot) = s.counts.iter_mut().find(|(st, _)| *st == f.status) {
                    slot.1 += 1;
                }
                if !s.files.contains(&l.file) {
                    s.files.push(l.file.clone());
                }
            }
        }
        out.sort_by_key(|s| (s.vendor.is_none(), s.name.to_lowercase()));
        out
    }

    /// Renders the report.
    pub fn render(&self, c: &Classifier, format: Format) -> String {
        match format {
            Format::Text => self.text(c),
            Format::Json => self.json(c),
            Format::Markdown => self.markdown(c),
            Format::Html => self.html(c),
        }
    }

    fn vendor_label(c: &Classifier, v: Option<VendorId>) -> (String, String) {
        match v.and_then(|v| c.vendor_def(v)) {
            Some(d) => (d.id.to_string(), d.name.to_string()),
            None => (String::new(), "(tagged by hand)".to_string()),
        }
    }

    fn counts_text(s: &Summary) -> String {
        let total: usize = s.counts.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = s.counts.iter().filter(|(_, n)| *n > 0).map(|(st, n)| format!("{n} {}", st.name())).collect();
        format!("{total} ({})", parts.join(", "))
    }

    fn verdict(&self) -> String {
        match self.untagged() {
            0 => "No untagged vendor tag: nothing is fetched before consent.".to_string(),
            1 => "1 untagged vendor tag: the browser fetches it before consent. Fix: consentry rewrite --in-place PATH".to_string(),
            n => format!("{n} untagged vendor tags: the browser fetches them before consent. Fix: consentry rewrite --in-place PATH"),
        }
    }

    fn text(&self, c: &Classifier) -> String {
        let mut out = String::new();
        for l in &self.items {
            let f = &l.finding;
            let (id, _) = Self::vendor_label(c, f.vendor);
            let id = if id.is_empty() { "(tagged by hand)".to_string() } else { id };
            let _ = write!(
                out,
                "{}:{}:{}: {} {} {} [{}] {}",
                l.file,
                l.line,
                l.column,
                f.status.name(),
                f.source.name(),
                id,
                f.categories.to_list(),
                f.url
            );
            if let Some(n) = &f.note {
                let _ = write!(out, " ({n})");
            }
            out.push('\n');
        }
        let sums = self.summaries(c);
        let _ = writeln!(
            out,
            "{}Vendors: {} in {} of {} files",
            if self.items.is_empty() { "" } else { "\n" },
            sums.iter().filter(|s| s.vendor.is_some()).count(),
            self.files_with_findings(),
            self.files
        );
        let w = sums.iter().map(|s| s.name.chars().count() + s.id.len() + 3).max().unwrap_or(0);
        for s in &sums {
            let label = if s.id.is_empty() { s.name.clone() } else { format!("{} ({})", s.name, s.id) };
            let _ = writeln!(out, "  {label:w$}  {:28}  {}", s.categories.to_list(), Self::counts_text(s));
        }
        let _ = writeln!(out, "{}", self.verdict());
        out.push_str(&self.unknown_text());
        out
    }

    fn files_with_findings(&self) -> usize {
        let mut files: Vec<&str> = self.items.iter().map(|l| l.file.as_str()).collect();
        files.dedup();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    fn json(&self, c: &Classifier) -> String {
        let mut out = String::from("{");
        json::key(&mut out, "files", true);
        let _ = write!(out, "{}", self.files);
        json::key(&mut out, "untagged", false);
        let _ = write!(out, "{}", self.untagged());
        json::key(&mut out, "findings", false);
        out.push('[');
        for (i, l) in self.items.iter().enumerate() {
            let f = &l.finding;
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push('{');
            json::key(&mut out, "file", true);
            json::string(&mut out, &l.file);
            json::key(&mut out, "line", false);
            let _ = write!(out, "{}", l.line);
            json::key(&mut out, "column", false);
            let _ = write!(out, "{}", l.column);
            json::key(&mut out, "status", false);
            json::string(&mut out, f.status.name());
            json::key(&mut out, "kind", false);
            json::string(&mut out, f.source.name());
            let (id, name) = Self::vendor_label(c, f.vendor);
            json::key(&mut out, "vendor", false);
            if id.is_empty() {
                out.push_str("null");
            } else {
                json::string(&mut out, &id);
            }
            json::key(&mut out, "name", false);
            json::string(&mut out, &name);
            json::key(&mut out, "categories", false);
            json::categories(&mut out, f.categories);
            json::key(&mut out, "url", false);
            json::string(&mut out, &f.url);
            if let Some(n) = &f.note {
                json::key(&mut out, "note", false);
                json::string(&mut out, n);
            }
            out.push('}');
        }
        out.push_str("\n]");
        json::key(&mut out, "vendors", false);
        out.push('[');
        for (i, s) in self.summaries(c).iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push('{');
            json::key(&mut out, "vendor", true);
            if s.id.is_empty() {
                out.push_str("null");
            } else {
                json::string(&mut out, &s.id);
            }
            json::key(&mut out, "name", false);
            json::string(&mut out, &s.name);
            json::key(&mut out, "categories", false);
            json::categories(&mut out, s.categories);
            for (st, n) in &s.counts {
                json::key(&mut out, st.name(), false);
                let _ = write!(out, "{n}");
            }
            json::key(&mut out, "files", false);
            json::strings(&mut out, s.files.iter().map(String::as_str));
            out.push('}');
        }
        out.push_str("\n]");
        json::key(&mut out, "unknown", false);
        out.push('[');
        for (i, u) in self.unknown.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push('{');
            json::key(&mut out, "host", true);
            json::string(&mut out, &u.host);
            json::key(&mut out, "tags", false);
            let _ = write!(out, "{}", u.tags);
            json::key(&mut out, "first", false);
            json::string(&mut out, &u.first);
            json::key(&mut out, "url", false);
            json::string(&mut out, &u.url);
            json::key(&mut out, "draft", false);
            json::string(&mut out, &crate::draft::vendor_file(u));
            out.push('}');
        }
        out.push_str(if self.unknown.is_empty() { "]}\n" } else { "\n]}\n" });
        out
    }

    fn markdown(&self, c: &Classifier) -> String {
        let mut out = String::from("## Vendors found\n\n");
        let _ = writeln!(out, "{} files scanned. {}\n", self.files, self.verdict());
        out.push_str("| Vendor | Categories | Tags | Files |\n|---|---|---|---|\n");
        for s in self.summaries(c) {
            let label = if s.id.is_empty() {
                escape::markdown(&s.name)
            } else {
                format!("{} ({})", escape::markdown(&s.name), escape::code(&s.id))
            };
            let files: Vec<String> = s.files.iter().map(|f| escape::code(f)).collect();
            let _ = writeln!(out, "| {label} | {} | {} | {} |", s.categories.to_list(), Self::counts_text(&s), files.join(", "));
        }
        out.push_str("\n## Where\n\n| Place | Status | Kind | Vendor | Categories | URL |\n|---|---|---|---|---|---|\n");
        for l in &self.items {
            let f = &l.finding;
            let (id, _) = Self::vendor_label(c, f.vendor);
            let mut status = f.status.name().to_string();
            if let Some(n) = &f.note {
                let _ = write!(status, " ({})", escape::markdown(n));
            }
            let _ = writeln!(
                out,
                "| {} | {status} | {} | {} | {} | {} |",
                escape::code(&format!("{}:{}:{}", l.file, l.line, l.column)),
                f.source.name(),
                if id.is_empty() { "—".into() } else { escape::code(&id) },
                f.categories.to_list(),
                escape::code(&f.url)
            );
        }
        if !self.unknown.is_empty() {
            out.push_str("\n## Third-party hosts the vendor table does not know\n\nThey load untouched. `consentry scan --drafts DIR` writes a vendor file to review for each.\n\n| Host | Tags | First at | URL |\n|---|---:|---|---|\n");
            for u in &self.unknown {
                let _ = writeln!(out, "| {} | {} | {} | {} |", escape::code(&u.host), u.tags, escape::code(&u.first), escape::code(&u.url));
            }
        }
        out
    }

    fn html(&self, c: &Classifier) -> String {
        let mut out = String::from(
            "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n<title>Consentry scan</title>\n<h1>Vendors found</h1>\n",
        );
        let _ = writeln!(out, "<p>{} files scanned. {}</p>", self.files, escape::html(&self.verdict()));
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Categories</th><th scope=\"col\">Tags</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n");
        for s in self.summaries(c) {
            let label = if s.id.is_empty() {
                escape::html(&s.name)
            } else {
                format!("{} (<code>{}</code>)", escape::html(&s.name), escape::html(&s.id))
            };
            let files: Vec<String> = s.files.iter().map(|f| format!("<code>{}</code>", escape::html(f))).collect();
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.categories.to_list(),
                escape::html(&Self::counts_text(&s)),
                files.join(", ")
            );
        }
        out.push_str("</tbody>\n</table>\n<h2>Where</h2>\n<table>\n<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Status</th><th scope=\"col\">Kind</th><th scope=\"col\">Vendor</th><th scope=\"col\">Categories</th><th scope=\"col\">URL</th></tr></thead>\n<tbody>\n");
        for l in &self.items {
            let f = &l.finding;
            let (id, _) = Self::vendor_label(c, f.vendor);
            let mut status = f.status.name().to_string();
            if let Some(n) = &f.note {
                let _ = write!(status, " ({n})");
            }
            let _ = writeln!(
                out,
                "<tr><td><code>{}:{}:{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                escape::html(&l.file),
                l.line,
                l.column,
                escape::html(&status),
                f.source.name(),
                if id.is_empty() { "—".to_string() } else { escape::html(&id) },
                f.categories.to_list(),
                escape::html(&f.url)
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if !self.unknown.is_empty() {
            out.push_str("<h2>Third-party hosts the vendor table does not know</h2>\n<p>They load untouched. <code>consentry scan --drafts DIR</code> writes a vendor file to review for each.</p>\n<table>\n<thead><tr><th scope=\"col\">Host</th><th scope=\"col\">Tags</th><th scope=\"col\">First at</th><th scope=\"col\">URL</th></tr></thead>\n<tbody>\n");
            for u in &self.unknown {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                    escape::html(&u.host),
                    u.tags,
                    escape::html(&u.first),
                    escape::html(&u.url)
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</html>\n");
        out
    }
}
