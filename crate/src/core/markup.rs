//! Rewriting HTML strings on their way into the page (`document.write`,
//! `innerHTML`, `outerHTML`, `insertAdjacentHTML`, `createContextualFragment`,
//! `srcdoc`): every start tag of a held vendor is put into held form, and
//! every other byte is left exactly as it was.
//!
//! This is a lenient tokenizer for start tags, following the HTML
//! tokenizer's attribute rules (quoted, unquoted and bare values, `/` and
//! whitespace between attributes, first occurrence of a duplicate wins). It
//! skips what the browser does not read as tags, ending each where the
//! browser ends it: comments (`<!-->` and `--!>` included), bogus comments
//! (`<!...>`, `<?...>`), end tags, CDATA sections in SVG and MathML, and the
//! contents of raw-text elements (`script`, `style`, `textarea`, `title`,
//! `xmp`, `iframe`, `noembed`, `noframes`, `noscript`) when they are HTML
//! elements ([`super::nesting`] follows foreign content: an SVG `<style>`
//! holds markup). Where it cannot tell (after `<frameset>`), it reads on as
//! markup: that may hold a URL that was only text, never miss a tag. It
//! never fails: input it cannot read is passed through unchanged. The CLI
//! uses `lol_html` for whole documents instead; both apply the same
//! [`super::hold`] decision, and the tests check both against html5ever's
//! reading of their output (`rewriter/tests/browser_view.rs`).

#[allow(unused_imports)]
use crate::prelude::*;

use super::category::CategorySet;
use super::charref::{self, NamedRefs};
use super::classify::{Classifier, VendorId};
use super::consent::Consent;
use super::hold::{decide, Attrs, Ctx, Decision, Edit, Kind};
use super::nesting::{Nesting, Ns};
use super::url::Base;
use ::core::sync::atomic::{AtomicU32, Ordering};
use alloc::borrow::Cow;

/// One attribute of a start tag.
#[derive(Clone, Debug)]
pub struct Attr<'a> {
    /// Its name, as written.
    pub name: &'a str,
    /// The raw value (between quotes if quoted), `None` for a bare attribute.
    pub value: Option<&'a str>,
}

/// A parsed start tag.
#[derive(Clone, Debug)]
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    /// Byte offset of the `>` or of the `/` in `/>`, where new attributes go.
    insert_at: usize,
    /// Byte offset just past the `>`.
    end: usize,
}

/// A tag's attributes as the browser reads them: character references
/// decoded with the context's table.
struct Decoded<'t, 'c> {
    tag: &'t Tag<'t>,
    refs: &'c dyn NamedRefs,
}

impl Attrs for Decoded<'_, '_> {
    fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        let a = self.tag.attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))?;
        Some(charref::decode_attr_or_text(a.value.unwrap_or(""), self.refs))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// Reads a start tag beginning at `lt` (the `<`). `None` if it is not a
/// complete start tag.
fn read_tag(s: &str, lt: usize) -> Option<Tag<'_>> {
    let b = s.as_bytes();
    let name_start = lt + 1;
    if !b.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = name_start;
    while let Some(&c) = b.get(i) {
        if is_space(c) || c == b'/' || c == b'>' {
            break;
        }
        i += 1;
    }
    let name = s.get(name_start..i)?;
    let mut attrs = Vec::new();
    loop {
        // Before attribute name: skip whitespace and stray slashes.
        while let Some(&c) = b.get(i) {
            if is_space(c) || (c == b'/' && b.get(i + 1) != Some(&b'>')) {
                i += 1;
            } else {
                break;
            }
        }
        match b.get(i)? {
            b'>' => return Some(Tag { name, attrs, insert_at: i, end: i + 1 }),
            b'/' => {
                // "/>"
                return Some(Tag { name, attrs, insert_at: i, end: i + 2 });
            }
            _ => {}
        }
        let start = i;
        // The first character may be '=' (it is then part of the name).
        i += 1;
        while let Some(&c) = b.get(i) {
            if is_space(c) || c == b'/' || c == b'>' || c == b'=' {
                break;
            }
            i += 1;
        }
        let attr_name = s.get(start..i)?;
        let mut j = i;
        while b.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            attrs.push(Attr { name: attr_name, value: None });
            continue;
        }
        j += 1;
        while b.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        match b.get(j)? {
            q @ (b'"' | b'\'') => {
                let vstart = j + 1;
                let rel = s.get(vstart..)?.bytes().position(|c| c == *q)?;
                let vend = vstart + rel;
                attrs.push(Attr { name: attr_name, value: Some(s.get(vstart..vend)?) });
                i = vend + 1;
            }
            b'>' => {
                // `a=>`: empty unquoted value.
                attrs.push(Attr { name: attr_name, value: Some("") });
                i = j;
            }
            _ => {
                let vstart = j;
                let mut k = j;
                while let Some(&c) = b.get(k) {
                    if is_space(c) || c == b'>' {
                        break;
                    }
                    k += 1;
                }
                attrs.push(Attr { name: attr_name, value: Some(s.get(vstart..k)?) });
                i = k;
            }
        }
    }
}

fn escape_attr(v: &str, out: &mut String) {
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Elements whose content is raw text (a `<` inside does not start a tag), space-separated.
pub(crate) const RAW_TEXT: &str = "script style textarea title xmp iframe noembed noframes noscript";

/// Finds the end of a raw-text element's content: the `</name` that closes it.
fn skip_raw_text(s: &str, from: usize, name: &str) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(rel) = s.get(i..).and_then(|r| super::text::find_str(r, "</")) {
        let at = i + rel;
        let nstart = at + 2;
        let nend = nstart + name.len();
        let matches_name = s.get(nstart..nend).is_some_and(|n| n.eq_ignore_ascii_case(name));
        let boundary = matches!(b.get(nend), None | Some(b'>') | Some(b'/')) || b.get(nend).is_some_and(|&c| is_space(c));
        if matches_name && boundary {
            return at;
        }
        i = at + 2;
    }
    s.len()
}

/// What the tokenizer's data state makes of a `<` that does not open a start tag.
enum Step<'a> {
    /// The `<` is text.
    Text,
    /// A comment or bogus comment, ending just before this offset.
    Past(usize),
    /// An end tag: its name, and the offset just past it.
    End(&'a str, usize),
    /// It runs to the end of the input: the browser reads all the rest as part of it.
    Rest,
}

/// A bogus comment (`<!DOCTYPE ...>`, `<![CDATA[` outside foreign content,
/// `<?...>`, `</3...>`): it ends at the first `>`.
fn bogus_comment(s: &str, from: usize) -> Step<'_> {
    match s.get(from..).and_then(|r| r.find('>')) {
        Some(e) => Step::Past(from + e + 1),
        None => Step::Rest,
    }
}

/// A comment, bogus comment or end tag at `lt`, as the HTML tokenizer reads
/// it. Each ends where the browser ends it: reading on past that point could
/// take a live tag for part of a comment (`<!-->`, `--!>` and `<![CDATA[`
/// end sooner than a search for `-->` would say).
fn non_start_tag(s: &str, lt: usize, cdata: bool) -> Step<'_> {
    let b = s.as_bytes();
    match b.get(lt + 1) {
        // In SVG and MathML, a CDATA section: text up to `]]>`.
        Some(b'!') if cdata && s.get(lt + 2..lt + 9) == Some("[CDATA[") => {
            match s.get(lt + 9..).and_then(|r| super::text::find_str(r, "]]>")) {
                Some(at) => Step::Past(lt + 9 + at + 3),
                None => Step::Rest,
            }
        }
        Some(b'!') if s.get(lt + 2..lt + 4) == Some("--") => {
            let body = lt + 4;
            // `<!-->` and `<!--->` close at once.
            if b.get(body) == Some(&b'>') {
                return Step::Past(body + 1);
            }
            if s.get(body..body + 2) == Some("->") {
                return Step::Past(body + 2);
            }
            let rest = s.get(body..).unwrap_or("");
            let close = super::text::find_str(rest, "-->").map(|at| (at, 3));
            let bang = super::text::find_str(rest, "--!>").map(|at| (at, 4));
            let end = match (close, bang) {
                (Some(c), Some(g)) => Some(if g.0 < c.0 { g } else { c }),
                (c, g) => c.or(g),
            };
            match end {
                Some((at, len)) => Step::Past(body + at + len),
                None => Step::Rest,
            }
        }
        Some(b'!') => bogus_comment(s, lt + 2),
        Some(b'?') => bogus_comment(s, lt + 1),
        Some(b'/') => match b.get(lt + 2) {
            // An end tag: its attributes are read (and dropped) like a start
            // tag's, so a quoted `>` does not end it.
            Some(c) if c.is_ascii_alphabetic() => match read_tag(s, lt + 1) {
                Some(t) => Step::End(t.name, t.end),
                None => Step::Rest,
            },
            Some(b'>') => Step::Past(lt + 3),
            Some(_) => bogus_comment(s, lt + 2),
            None => Step::Text,
        },
        _ => Step::Text,
    }
}

/// Holds the vendor tags in `html`, markup parsed in an HTML context (a
/// document, or an HTML element's `innerHTML`). Returns `None` when nothing
/// changed.
pub fn rewrite(html: &str, ctx: &Ctx<'_>) -> Option<String> {
    rewrite_in(html, Ns::Html, ctx)
}

/// Holds the vendor tags in `html`, parsed inside an element of namespace
/// `context` (an SVG or MathML element's `innerHTML`: foreign content from
/// the start). Returns `None` when nothing changed.
pub fn rewrite_in(html: &str, context: Ns, ctx: &Ctx<'_>) -> Option<String> {
    let mut hold = |lt: usize, tag: &Tag<'_>, attrs: &Decoded<'_, '_>| {
        let kind = Kind::from_tag(tag.name)?;
        rewrite_tag(html, lt, tag, attrs, kind, ctx)
    };
    scan(html, context, ctx.refs, Some(&mut hold)).0
}

fn token_name(name: &str) -> String {
    name.to_ascii_lowercase().replace('\0', "\u{FFFD}")
}

/// A decision context for a document whose base URL stays `base` (a file
/// the CLI rewrites, a test's page; the blocker makes its base live with
/// `Ctx { live_base: true, ..context(...) }`), reading frames' `srcdoc`
/// with [`held_in`]: the one place a `Ctx` is put together.
pub fn context<'a>(
    classifier: &'a Classifier,
    consent: &'a Consent,
    base: Base<'a>,
    canonical: &'a dyn Fn(&str) -> Option<String>,
    refs: &'a dyn NamedRefs,
) -> Ctx<'a> {
    Ctx { classifier, consent, base, canonical, refs, live_base: false, frame_markup: held_in }
}

/// The vendors of the tags in `html` that `ctx` would hold: the first, and
/// the union of their categories; `None` when it holds none. For a frame's
/// `srcdoc` (see `Ctx::frame_markup`): the frame's document is parsed where
/// no hook runs, so the frame is held whole until all of them are granted.
pub fn held_in(html: &str, ctx: &Ctx<'_>) -> Option<(VendorId, CategorySet)> {
    // A `srcdoc` inside a `srcdoc` is read too, to a depth no real page
    // reaches (each level escapes the one inside it again); past it the
    // recursion stops rather than risk the stack.
    static DEPTH: AtomicU32 = AtomicU32::new(0);
    const MAX_DEPTH: u32 = 32;
    if DEPTH.fetch_add(1, Ordering::Relaxed) >= MAX_DEPTH {
        DEPTH.fetch_sub(1, Ordering::Relaxed);
        return None;
    }
    let found = vendors_held_in(html, ctx);
    DEPTH.fetch_sub(1, Ordering::Relaxed);
    found
}

fn vendors_held_in(html: &str, ctx: &Ctx<'_>) -> Option<(VendorId, CategorySet)> {
    let mut found: Option<(VendorId, CategorySet)> = None;
    let mut collect = |_: usize, tag: &Tag<'_>, attrs: &Decoded<'_, '_>| {
        let kind = Kind::from_tag(tag.name)?;
        if let Decision::Hold(h) = decide(kind, attrs, ctx) {
            if let Some(v) = h.vendor {
                found = Some(match found {
                    Some((first, c)) => (first, c.union(h.categories)),
                    None => (v, h.categories),
                });
            }
        }
        None
    };
    scan(html, Ns::Html, ctx.refs, Some(&mut collect));
    found
}

/// Every start tag in `html` (parsed in an HTML context) as this reader
/// sees it: its name, and its attributes (the first of each name) with
/// their values decoded with `refs`. Names as the tokenizer reports them:
/// lower case, `NUL` as U+FFFD. For the tests that hold the reader to
/// the html5lib tokenizer suite.
#[doc(hidden)]
pub fn start_tags(html: &str, refs: &dyn NamedRefs) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut collect = |_: usize, tag: &Tag<'_>, attrs: &Decoded<'_, '_>| {
        let mut list: Vec<(String, String)> = Vec::new();
        for a in &tag.attrs {
            let name = token_name(a.name);
            if !list.iter().any(|(n, _)| *n == name) {
                let value = attrs.get(a.name).map(Cow::into_owned).unwrap_or_default();
                list.push((name, value));
            }
        }
        tags.push((token_name(tag.name), list));
        None
    };
    scan(html, Ns::Html, refs, Some(&mut collect));
    tags
}

/// For `document.write`, whose calls may cut a tag, a comment, an element's
/// text or an `<svg>` into pieces: the length, in UTF-16 code units (a
/// JavaScript string's), of the longest prefix of `html` that ends outside
/// any of them. What follows is held back until the next call completes it:
/// read alone, it could not be held.
pub fn complete_prefix(html: &str) -> usize {
    // Only the structure is read: the short table settles what that needs
    // (`<font color>`, `<annotation-xml encoding="text/html">`).
    let end = scan(html, Ns::Html, &charref::Short, None).1;
    html.get(..end).map_or(0, |p| p.encode_utf16().count())
}

/// What [`scan`] does with each start tag (at this offset, with its
/// attributes decoded): `Some` is the text to write instead.
type OnTag<'f> = &'f mut dyn FnMut(usize, &Tag<'_>, &Decoded<'_, '_>) -> Option<String>;

/// Reads `html`, handing each start tag to `on_tag`. Returns the
/// rewritten markup (`None` when nothing changed) and the length in bytes of
/// the longest prefix that ends outside any unfinished construct at the
/// base namespace.
fn scan(html: &str, context: Ns, refs: &dyn NamedRefs, mut on_tag: Option<OnTag<'_>>) -> (Option<String>, usize) {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut nesting = Nesting::new(context);
    let mut frameset = false;
    // Where the text read so far ends outside every construct; whether the
    // input ends so too.
    let mut clean = 0usize;
    let mut complete = true;
    while let Some(rel) = html.get(i..).and_then(|r| r.find('<')) {
        let lt = i + rel;
        if !nesting.is_open() {
            clean = lt;
        }
        let Some(tag) = read_tag(html, lt) else {
            if b.get(lt + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
                // A start tag the input ends inside of (an unclosed quote, no
                // `>`): the browser reads the rest as part of it, so nothing
                // after it may be rewritten, or our quotes would close it.
                complete = false;
                break;
            }
            match non_start_tag(html, lt, nesting.cdata()) {
                Step::Text => i = lt + 1,
                Step::Past(end) => i = end,
                Step::End(name, end) => {
                    nesting.end(name);
                    i = end;
                }
                Step::Rest => {
                    complete = false;
                    break;
                }
            }
            continue;
        };
        let mut next = tag.end;
        let attrs = Decoded { tag: &tag, refs };
        if let Some(on_tag) = on_tag.as_mut() {
            if let Some(new_tag) = on_tag(lt, &tag, &attrs) {
                let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
                o.push_str(html.get(copied..lt).unwrap_or(""));
                o.push_str(&new_tag);
                copied = tag.end;
            }
        }
        let self_closing = b.get(tag.insert_at) == Some(&b'/');
        let created_in = nesting.start(tag.name, self_closing, &attrs);
        // After `<frameset>` the parser ignores every start tag but `<frame>`
        // and `<noframes>`, raw-text ones included: read on as markup.
        frameset |= tag.name.eq_ignore_ascii_case("frameset");
        // Raw text only for HTML elements: an SVG `<style>` holds markup.
        if created_in == Ns::Html && !frameset {
            if let Some(raw) = RAW_TEXT.split(' ').find(|r| tag.name.eq_ignore_ascii_case(r)) {
                next = skip_raw_text(html, tag.end, raw);
                complete &= next < b.len();
            }
        }
        i = next.max(lt + 1);
        if i > b.len() {
            break;
        }
    }
    if complete && !nesting.is_open() {
        clean = b.len();
    }
    let out = out.map(|mut o| {
        o.push_str(html.get(copied..).unwrap_or(""));
        o
    });
    (out, clean)
}

/// Applies a hold decision to one tag's text. `None` when it stays as it is.
fn rewrite_tag(html: &str, lt: usize, tag: &Tag<'_>, attrs: &Decoded<'_, '_>, kind: Kind, ctx: &Ctx<'_>) -> Option<String> {
    let edits = match decide(kind, attrs, ctx) {
        Decision::Hold(h) if !h.edits.is_empty() => h.edits,
        _ => return None,
    };
    Some(apply_edits(html, lt, tag, &edits))
}

/// Rebuilds a tag with `edits` applied. The tag is written out again from
/// its parsed attributes (each with a double-quoted value, its text kept as
/// it was written), so that no malformed input (`a=>`, stray quotes, names
/// starting with `=`) can make the browser read our attributes as part of
/// another one. Removed attributes go (every occurrence), set ones change
/// their first occurrence or are appended. Only tags that are held are
/// rebuilt.
fn apply_edits(html: &str, lt: usize, tag: &Tag<'_>, edits: &[Edit]) -> String {
    let self_closing = html.as_bytes().get(tag.insert_at) == Some(&b'/');
    let mut out = String::with_capacity(tag.end - lt + 96);
    write_start_tag(tag.name, &tag.attrs, self_closing, edits, &mut out);
    out
}

/// Writes a start tag with `edits` applied, as [`rewrite`] does for the tags
/// it holds (see there). Also used by the CLI's rewriter for tags its HTML
/// library cannot write back safely.
pub fn write_start_tag(name: &str, attrs: &[Attr<'_>], self_closing: bool, edits: &[Edit], out: &mut String) {
    out.push('<');
    out.push_str(name);
    let removed = |name: &str| edits.iter().any(|x| matches!(x, Edit::Remove(r) if r.eq_ignore_ascii_case(name)));
    let mut done: Vec<&str> = Vec::new();
    for a in attrs {
        if removed(a.name) {
            continue;
        }
        let first = !attrs.iter().take_while(|b| !::core::ptr::eq(*b, a)).any(|b| b.name.eq_ignore_ascii_case(a.name));
        let set = edits.iter().find_map(|x| match x {
            Edit::Set(n, v) if first && n.eq_ignore_ascii_case(a.name) => Some(v),
            _ => None,
        });
        out.push(' ');
        out.push_str(a.name);
        match (set, a.value) {
            (Some(v), _) => {
                out.push_str("=\"");
                escape_attr(v, out);
                out.push('"');
                done.push(a.name);
            }
            (None, Some(raw)) => {
                out.push_str("=\"");
                // The written text, entities and all; only a double quote
                // (from a single-quoted or unquoted value) needs escaping.
                out.push_str(&raw.replace('"', "&quot;"));
                out.push('"');
            }
            // A bare attribute is written `name=""` (the same to the browser):
            // left bare, a following name that starts with `=` would read as
            // its value.
            (None, None) => out.push_str("=\"\""),
        }
    }
    for e in edits {
        if let Edit::Set(n, v) = e {
            if !done.iter().any(|d| d.eq_ignore_ascii_case(n)) && !attrs.iter().any(|a| !removed(a.name) && a.name.eq_ignore_ascii_case(n))
            {
                out.push(' ');
                out.push_str(n);
                out.push_str("=\"");
                escape_attr(v, out);
                out.push('"');
            }
        }
    }
    if self_closing {
        out.push('/');
    }
    out.push('>');
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn complete_prefix_stops_before_what_is_unfinished() {
        for (html, want) in [
            ("", 0),
            ("a<b>c", 5),
            ("<script src=\"", 0),
            ("<p>x<script>var a", 4),
            ("<p>x<script>var a</script>", 26),
            ("<svg><g>", 0),
            ("<svg></svg>x", 12),
            ("x<!-- y", 1),
            ("x<!-- y -->", 11),
            ("\u{e9}<img src=\"", 1),
            ("\u{1f36a}<img src=\"", 2),
            ("<math><mi><b>", 0),
        ] {
            assert_eq!(complete_prefix(html), want, "{html:?}");
        }
    }
    use crate::core::classify::Classifier;
    use crate::core::consent::Consent;
    use crate::core::url::Base;
    use proptest::prelude::*;

    fn rw(html: &str) -> String {
        let c = Classifier::builtin();
        let consent = Consent::undecided();
        let none = |_: &str| None;
        let ctx = context(&c, &consent, Base::https("www.shop.example"), &none, &crate::core::charref::Full);
        rewrite(html, &ctx).unwrap_or_else(|| html.to_string())
    }

    #[test]
    fn holds_vendor_tags_and_keeps_everything_else() {
        let html = "<p class=x>Hi</p><script async src=\"https://bat.bing.com/bat.js\"></script><img src='/a.png'>";
        assert_eq!(
            rw(html),
            "<p class=x>Hi</p><script async=\"\" src=\"https://bat.bing.com/bat.js\" type=\"text/plain\" data-category=\"marketing\" data-vendor=\"microsoft-uet\"></script><img src='/a.png'>"
        );
        let img = "<IMG SRC=https://px.ads.linkedin.com/collect?pid=1&amp;fmt=gif height=1 />";
        assert_eq!(
            rw(img),
            "<IMG height=\"1\" data-src=\"https://px.ads.linkedin.com/collect?pid=1&amp;fmt=gif\" data-category=\"marketing\" data-vendor=\"linkedin-insight\"/>"
        );
    }

    #[test]
    fn replaces_existing_type_and_is_idempotent() {
        let html = "<script type=\"text/javascript\" src=\"//www.clarity.ms/tag/x\"></script>";
        let once = rw(html);
        assert_eq!(
            once,
            "<script type=\"text/plain\" src=\"//www.clarity.ms/tag/x\" data-type=\"text/javascript\" data-category=\"analytics\" data-vendor=\"microsoft-clarity\"></script>"
        );
        assert_eq!(rw(&once), once);
    }

    #[test]
    fn skips_comments_and_raw_text() {
        let html = "<!-- <script src=https://bat.bing.com/bat.js></script> --><script>var s='<img src=https://px.ads.linkedin.com/x>';</script><textarea><iframe src=https://www.youtube.com/embed/x></textarea>";
        assert_eq!(rw(html), html);
        let after = "<script>x</script ><iframe src=https://www.youtube.com/embed/x></iframe>";
        assert!(rw(after).contains("data-src=\"https://www.youtube.com/embed/x\""));
    }

    #[test]
    fn malformed_attributes_cannot_swallow_ours() {
        // Found by the fuzzer: `a=>` (an empty unquoted value) followed by an
        // appended attribute used to read back as `a="type=..."`.
        let html = "<script async src=\"https://bat.bing.com/ba>j/s\".<tscript=>x";
        let once = rw(html);
        assert_eq!(once, "<script async=\"\" src=\"https://bat.bing.com/ba>j/s\" .<tscript=\"\" type=\"text/plain\" data-category=\"marketing\" data-vendor=\"microsoft-uet\">x");
        // A name starting with `=` after a bare attribute (fuzzer again).
        let eq = "<script async src=\"https://bat.bing.com/a.js\" b/=\"c:/d>";
        let once = rw(eq);
        assert_eq!(rw(&once), once);
        let quotes = "<img src=https://px.ads.linkedin.com/x alt='say \"hi\"' title=a\"b>";
        let out = rw(quotes);
        assert_eq!(out, "<img alt=\"say &quot;hi&quot;\" title=\"a&quot;b\" data-src=\"https://px.ads.linkedin.com/x\" data-category=\"marketing\" data-vendor=\"linkedin-insight\">");
        assert_eq!(rw(&out), out);
    }

    #[test]
    fn nothing_after_an_unfinished_tag_is_rewritten() {
        // Found by the fuzzer: the unclosed quote swallows the rest of the
        // input; rewriting the <img> after it would add quotes that close it
        // and turn it into a vendor script.
        let html = "<script async src=\"https://bat.bing.com/bat.ipt src=x> <img src=https://px.ads.linkedin.com/x>";
        assert_eq!(rw(html), html);
        let html = "<img src=https://px.ads.linkedin.com/a><script src=\"https://x.example/";
        assert!(rw(html).starts_with("<img data-src="));
        assert!(rw(html).ends_with("<script src=\"https://x.example/"));
    }

    #[test]
    fn duplicate_attributes_are_all_removed() {
        let html = "<iframe src=https://www.youtube.com/embed/x src=https://www.youtube.com/embed/y>";
        let out = rw(html);
        assert!(!out.contains(" src="), "{out}");
    }

    #[test]
    fn incomplete_markup_passes_through() {
        for html in [
            "<script src=\"https://bat.bing.com/bat.js",
            "<img src=https://px.ads.linkedin.com/x",
            "<",
            "<<>>",
            "<!--",
            "</script>",
            "<scr",
        ] {
            assert_eq!(rw(html), html);
        }
    }

    #[test]
    fn entity_encoded_urls_are_read() {
        let html = "<script src=\"https://bat&period;bing.com/bat.js\"></script>";
        assert!(rw(html).contains("text/plain"));
        let html = "<script src=\"https://&#98;at.bing.com/bat.js\"></script>";
        assert!(rw(html).contains("text/plain"));
    }

    proptest! {
        #[test]
        fn never_panics_and_only_grows_tags(s in "(<[a-z]{0,7}( [a-z\\-]{1,8}(=(\"[^\"]{0,20}\"|'[^']{0,10}'|[^ >]{0,10}))?){0,3} ?/?>?|[^<]{0,10}|<!--|-->|https://bat.bing.com/bat.js){0,12}") {
            let out = rw(&s);
            prop_assert!(out.len() >= s.len() || out.contains("data-src"));
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
            let _ = rw(&s);
        }
    }
}
