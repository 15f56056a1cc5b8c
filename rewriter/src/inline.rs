//! URLs written in the text of inline scripts: a vendor's published snippet
//! (`...t.src="https://www.clarity.ms/tag/"+i...`) names the host it loads
//! from. The scanner reports these vendors too: they are held by the blocker
//! at run time, when the snippet inserts its script (they never leak), but a
//! cookie policy must list them.
//!
//! Streaming: text arrives in chunks; only the unfinished last token is
//! carried over (at most [`MAX_TOKEN`] bytes).

use std::borrow::Cow;

/// Longest token considered as a URL; longer ones are skipped.
pub const MAX_TOKEN: usize = 2048;

/// Characters that end a URL in script text.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '(' | ')' | '<' | '>' | ',' | ';' | '{' | '}' | '[' | ']' | '+' | '|')
}

/// Finds URL-like tokens in script text fed in chunks.
#[derive(Debug, Default)]
pub struct UrlFinder {
    carry: String,
    /// The current token passed [`MAX_TOKEN`]: skip to its end.
    skipping: bool,
}

impl UrlFinder {
    /// A finder for a new script.
    pub fn new() -> UrlFinder {
        UrlFinder::default()
    }

    /// Reads the next chunk of text, calling `found` with each URL completed in it.
    pub fn feed(&mut self, text: &str, found: &mut dyn FnMut(&str)) {
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if !is_delimiter(c) {
                continue;
            }
            let piece = text.get(start..i).unwrap_or("");
            if self.skipping {
                self.skipping = false;
            } else if self.carry.is_empty() {
                token(piece, found);
            } else {
                self.carry.push_str(piece);
                token(&self.carry, found);
            }
            self.carry.clear();
            start = i + c.len_utf8();
        }
        let rest = text.get(start..).unwrap_or("");
        if self.skipping {
            return;
        }
        if self.carry.len() + rest.len() > MAX_TOKEN {
            self.carry.clear();
            self.skipping = true;
        } else {
            self.carry.push_str(rest);
        }
    }

    /// Ends the text: the last token is complete.
    pub fn finish(&mut self, found: &mut dyn FnMut(&str)) {
        if !self.skipping {
            token(&self.carry, found);
        }
        self.carry.clear();
        self.skipping = false;
    }
}

/// Reports the URL in one token, if it has one: from `http://` or `https://`
/// anywhere in it, or a token that is a protocol-relative URL (`//host/...`).
/// Escaped slashes (`https:\/\/host\/x`, common in inline JSON) are read as
/// slashes.
fn token(t: &str, found: &mut dyn FnMut(&str)) {
    if !t.contains("//") && !t.contains("\\/") {
        return;
    }
    let t: Cow<'_, str> = if t.contains("\\/") { Cow::Owned(t.replace("\\/", "/")) } else { Cow::Borrowed(t) };
    let lower = t.to_ascii_lowercase();
    let at = lower.find("https://").or_else(|| lower.find("http://"));
    let url = match at {
        Some(i) => t.get(i..),
        None if t.starts_with("//") && t.as_bytes().get(2).is_some_and(|b| b.is_ascii_alphanumeric()) => Some(t.as_ref()),
        None => None,
    };
    if let Some(u) = url {
        found(u);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(chunks: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut f = UrlFinder::new();
        for c in chunks {
            f.feed(c, &mut |u| out.push(u.to_string()));
        }
        f.finish(&mut |u| out.push(u.to_string()));
        out
    }

    #[test]
    fn finds_the_urls_of_published_snippets() {
        assert_eq!(urls(&[r#"t.src="https://www.clarity.ms/tag/"+i;"#]), ["https://www.clarity.ms/tag/"]);
        assert_eq!(urls(&[r#"})(window,document,"script","//bat.bing.com/bat.js","uetq");"#]), ["//bat.bing.com/bat.js"]);
        assert_eq!(
            urls(&[r#"{"src":"https:\/\/www.googletagmanager.com\/gtm.js?id=GTM-X"}"#]),
            ["https://www.googletagmanager.com/gtm.js?id=GTM-X"]
        );
        assert_eq!(urls(&["// a comment\nvar a = 1 // b"]), Vec::<String>::new());
        assert_eq!(
            urls(&["x='<img src=https://px.ads.linkedin.com/collect?pid=1&fmt=gif>'"]),
            ["https://px.ads.linkedin.com/collect?pid=1&fmt=gif"]
        );
    }

    #[test]
    fn urls_split_across_chunks_are_joined() {
        assert_eq!(
            urls(&["b.src = \"https://snap.li", "cdn.com/li.lms-analytics/insight.min.js\";"]),
            ["https://snap.licdn.com/li.lms-analytics/insight.min.js"]
        );
        assert_eq!(urls(&["'https://a.example/", "x", "y'"]), ["https://a.example/xy"]);
    }

    #[test]
    fn over_long_tokens_are_skipped_whole() {
        let long = "a".repeat(MAX_TOKEN);
        assert_eq!(urls(&["'https://", &long, &long, "' 'https://b.example/'"]), ["https://b.example/"]);
    }
}
