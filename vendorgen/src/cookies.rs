//! An Open Cookie Database platform's rows as vendor-file cookies.

use crate::mapping;
use crate::sources::CookieRow;
use consentry::core::retention::Retention;
use consentry::core::rules;

/// One `[[cookies]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    /// Name, or name prefix.
    pub name: String,
    /// `name` is a prefix.
    pub prefix: bool,
    /// Retention as the vendor files write it (`"13 months"`, `"session"`).
    pub retention: String,
    /// Its purpose.
    pub category: &'static str,
    /// Set for a third-party cookie: the vendor's domain it lives on.
    pub domain: Option<String>,
}

/// Why a row was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// The name is not a valid cookie name.
    Name(String),
    /// The retention could not be read.
    Retention(String),
    /// The purpose is not one of the database's known ones.
    Category(String),
    /// The row does not say where the cookie lives (see `generate`).
    Domain(String),
}

/// The database's free-text retention in the vendor files' form. A span
/// gives its longest figure ("30 seconds till 1 year" is "1 year": a policy
/// states the longest a cookie may live); session and unbounded spellings
/// are recognised; anything else ("Unknown", "Varies", a date) is `None`.
pub fn retention(text: &str) -> Option<String> {
    let t = text.trim().to_ascii_lowercase();
    if t.starts_with("session") || t.starts_with("end of session") || t == "seesion" || t == "sessions" {
        return Some("session".into());
    }
    if matches!(t.as_str(), "forever" | "unlimited" | "permanent" | "persistent" | "no expiration") {
        return Some("persistent".into());
    }
    let words: Vec<&str> = t.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()).collect();
    let mut best: Option<(u64, String)> = None;
    for pair in words.windows(2) {
        let [n, unit] = pair else { continue };
        // The table stores a count below 8192 (crate/build.rs).
        let Some(count) = n.parse::<u16>().ok().filter(|c| *c < 8192) else { continue };
        let unit = match unit.trim_end_matches('s') {
            "sec" | "second" => "second",
            "min" | "minute" => "minute",
            "hour" => "hour",
            "day" => "day",
            "week" => "week",
            "month" => "month",
            "year" => "year",
            _ => continue,
        };
        let text = if count == 1 { format!("1 {unit}") } else { format!("{count} {unit}s") };
        // Kept when it parses and is the longest so far.
        let Some(secs) = Retention::parse(&text).and_then(Retention::seconds) else { continue };
        if best.as_ref().is_none_or(|(b, _)| secs > *b) {
            best = Some((secs, text));
        }
    }
    best.map(|(_, s)| s)
}

/// The cookie a row describes.
pub fn cookie(row: &CookieRow) -> Result<Cookie, Dropped> {
    let name = row.name.trim().to_string();
    if !rules::valid_cookie_name(&name) {
        return Err(Dropped::Name(row.name.clone()));
    }
    let retention = retention(&row.retention).ok_or_else(|| Dropped::Retention(row.retention.clone()))?;
    let category = mapping::cookie_category(&row.category).ok_or_else(|| Dropped::Category(row.category.clone()))?;
    let domain = if row.domain.to_ascii_lowercase().contains("3rd party") {
        row.domain
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(')
            .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
            .find(|d| rules::valid_host(d))
    } else {
        None
    };
    Ok(Cookie { name, prefix: row.wildcard.trim() == "1", retention, category, domain })
}

/// The normalised name by which platforms and entities are matched:
/// letters and digits only, lower case.
pub fn key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
