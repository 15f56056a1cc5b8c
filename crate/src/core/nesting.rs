//! Which namespace the HTML parser is in as it reads markup: HTML, or the
//! foreign content of SVG and MathML. The string rewriter ([`super::markup`])
//! needs it for two rules of the tokenizer: `<style>`, `<title>`,
//! `<script>`... hold text only in HTML (in SVG their contents are markup,
//! and an `<img>` in them breaks out and loads), and `<![CDATA[` opens a
//! section of text only in foreign content (in HTML it is a bogus comment
//! that ends at the first `>`).
//!
//! This follows the tree builder's rules for entering and leaving foreign
//! content (`<svg>`, `<math>`, their end tags, the tags that break out, the
//! integration points) without building a tree, as `lol_html` does for whole
//! documents. Markup that relies on mis-nested end tags inside integration
//! points can still be read differently; see `markup`'s notes.

#[allow(unused_imports)]
use crate::prelude::*;

use super::hold::Attrs;

/// A namespace of the parser's current node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// HTML (also inside an integration point such as `<foreignObject>`).
    Html,
    /// SVG.
    Svg,
    /// MathML.
    MathMl,
}

/// Start tags that end foreign content (the parser pops back to HTML).
const BREAKOUT: &str = "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var";

/// Whether `name` is one of the space-separated names of `list` (ASCII case-insensitive).
fn is(name: &str, list: &str) -> bool {
    list.split(' ').any(|n| name.eq_ignore_ascii_case(n))
}

/// What an open element does to the parser's namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// `<svg>` or `<math>`: foreign content.
    Foreign(Ns),
    /// An integration point (`<foreignObject>`, `<mi>`...): its children
    /// are HTML, but while it is itself the current node, `<![CDATA[` still
    /// opens a CDATA section.
    Integration,
    /// An HTML element inside an integration point, or inside a fragment
    /// parsed in SVG: while it is open, the current node is HTML.
    Child,
}

/// HTML elements that are closed as soon as they are opened, or that the
/// parser ignores where they are met here (in body: `<body>`, `<head>`,
/// table parts outside a table...): none leaves an HTML element open.
const NOT_LEFT_OPEN: &str =
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr html head body frameset caption colgroup tbody td tfoot th thead tr image";

/// The elements the parser has open, as far as namespaces go: `<svg>`,
/// `<math>`, integration points, and the HTML elements inside those.
pub struct Nesting<'a> {
    base: Ns,
    open: Vec<(Open, &'a str)>,
    /// HTML elements open in the document outside all of those, that an end
    /// tag met in foreign content may close (`<div><svg></div>` leaves the
    /// SVG). Only elements the parser never closes by itself are kept: a
    /// stale entry would make an end tag seem to leave foreign content.
    around: Vec<&'a str>,
}

/// HTML elements the parser may close or re-open by itself (implied end
/// tags, the adoption agency): not kept in [`Nesting::around`].
const IMPLICITLY_CLOSED: &str =
    "p li dd dt option optgroup rb rp rt rtc tr td th tbody thead tfoot caption colgroup a b big code em font i nobr s small strike strong tt u";

impl<'a> Nesting<'a> {
    /// Markup parsed inside an element of namespace `context` (`Html` for a
    /// document or an HTML element).
    pub fn new(context: Ns) -> Self {
        Nesting { base: context, open: Vec::new(), around: Vec::new() }
    }

    /// Whether any element that changes how markup is read is open (an
    /// `<svg>`, a `<math>`, an integration point, an HTML element in one).
    pub fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// The namespace the parser reads the next tag in.
    pub fn current(&self) -> Ns {
        match self.open.last() {
            Some((Open::Foreign(ns), _)) => *ns,
            Some(_) => Ns::Html,
            None => self.base,
        }
    }

    /// Whether `<![CDATA[` opens a CDATA section (the current node is not an
    /// HTML element) rather than a bogus comment.
    pub fn cdata(&self) -> bool {
        match self.open.last() {
            Some((Open::Child, _)) => false,
            Some(_) => true,
            None => self.base != Ns::Html,
        }
    }

    /// Whether HTML elements opened now are tracked (inside an integration
    /// point, or a fragment parsed in foreign content).
    fn tracks_children(&self) -> bool {
        match self.open.last() {
            Some((Open::Integration | Open::Child, _)) => true,
            Some(_) => false,
            None => self.base != Ns::Html,
        }
    }

    /// A start tag, with its attributes. Returns the namespace the element
    /// is created in.
    pub fn start(&mut self, name: &'a str, self_closing: bool, attrs: &dyn Attrs) -> Ns {
        let ns = self.current();
        let svg = name.eq_ignore_ascii_case("svg");
        let math = name.eq_ignore_ascii_case("math");
        if ns == Ns::Html {
            if (svg || math) && !self_closing {
                self.open.push((Open::Foreign(if svg { Ns::Svg } else { Ns::MathMl }), name));
            } else if !svg && !math && !is(name, NOT_LEFT_OPEN) && !is(name, super::markup::RAW_TEXT) {
                // (`/>` does not close an HTML element.)
                if self.tracks_children() {
                    self.open.push((Open::Child, name));
                } else if self.open.is_empty() && !is(name, IMPLICITLY_CLOSED) {
                    self.around.push(name);
                }
            }
            return Ns::Html;
        }
        let font_breakout = name.eq_ignore_ascii_case("font") && ["color", "face", "size"].iter().any(|a| attrs.get(a).is_some());
        if is(name, BREAKOUT) || font_breakout {
            // Back to the nearest HTML: the innermost integration point, the
            // document, or (a fragment parsed in SVG) the fragment's root,
            // where the element goes in as HTML until it is closed.
            while let Some((Open::Foreign(_), _)) = self.open.last() {
                self.open.pop();
            }
            if self.tracks_children() && !is(name, NOT_LEFT_OPEN) {
                self.open.push((Open::Child, name));
            }
            return Ns::Html;
        }
        if self_closing {
            // A foreign element is popped as soon as it is inserted.
            return ns;
        }
        // In foreign content every other start tag, `<svg>` and `<math>`
        // included, is an element of the current namespace: only an
        // integration point changes how what follows is read.
        let integration = match ns {
            Ns::Html => false,
            Ns::Svg => is(name, "foreignObject desc title"),
            Ns::MathMl => {
                is(name, "mi mo mn ms mtext")
                    || (name.eq_ignore_ascii_case("annotation-xml")
                        && attrs
                            .get("encoding")
                            .is_some_and(|e| e.eq_ignore_ascii_case("text/html") || e.eq_ignore_ascii_case("application/xhtml+xml")))
            }
        };
        if integration {
            self.open.push((Open::Integration, name));
        } else if svg || math {
            // Tracked all the same, so that its end tag closes it and not
            // the element that opened the foreign content.
            self.open.push((Open::Foreign(ns), name));
        }
        ns
    }

    /// An end tag.
    pub fn end(&mut self, name: &str) {
        let foreign = |o: &Open| matches!(o, Open::Foreign(_));
        match self.open.last() {
            None => {
                self.close_around(name);
            }
            // `</p>` and `</br>` break out of foreign content.
            Some((Open::Foreign(_), _)) if name.eq_ignore_ascii_case("p") || name.eq_ignore_ascii_case("br") => {
                while self.open.last().is_some_and(|(o, _)| foreign(o)) {
                    self.open.pop();
                }
            }
            // `</svg>` closes the nearest `<svg>`, whatever is open in it, as
            // an end tag closes the nearest HTML element of its name that the
            // foreign content sits in (within an integration point, or in the
            // document: `<div><svg></div>` leaves the SVG).
            Some((Open::Foreign(_), _)) => {
                if !self.close_nearest(name, |o| *o != Open::Integration)
                    && self.open.iter().all(|(o, _)| *o != Open::Integration)
                    && self.close_around(name)
                {
                    self.open.clear();
                }
            }
            Some((Open::Integration, opener)) if opener.eq_ignore_ascii_case(name) => {
                self.open.pop();
            }
            Some((Open::Integration, _)) => {}
            // An HTML element closes with the ones opened inside it; the
            // integration point around them does not close while they are open.
            Some((Open::Child, _)) => {
                self.close_nearest(name, |o| *o == Open::Child);
            }
        }
    }

    /// Closes the nearest element named `name` in [`Nesting::around`], and
    /// those inside it. Returns whether one was found.
    fn close_around(&mut self, name: &str) -> bool {
        let found = self.around.iter().rposition(|n| n.eq_ignore_ascii_case(name));
        if let Some(i) = found {
            self.around.truncate(i);
        }
        found.is_some()
    }

    /// Closes the nearest open element named `name`, and those inside it,
    /// looking only through the innermost run of entries that are `like`.
    /// Returns whether one was found.
    fn close_nearest(&mut self, name: &str, like: impl Fn(&Open) -> bool) -> bool {
        let mut at = self.open.len();
        while let Some(i) = at.checked_sub(1) {
            match self.open.get(i) {
                Some((o, n)) if like(o) && n.eq_ignore_ascii_case(name) => {
                    self.open.truncate(i);
                    return true;
                }
                Some((o, _)) if like(o) => at = i,
                _ => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Attributes for tests: `color` on `<font>` only.
    struct Color(bool);
    impl Attrs for Color {
        fn get(&self, name: &str) -> Option<alloc::borrow::Cow<'_, str>> {
            (self.0 && name == "color").then(|| "red".into())
        }
    }

    fn after(tags: &[&'static str], context: Ns) -> Ns {
        let mut n = Nesting::new(context);
        for t in tags {
            match t.strip_prefix('/') {
                Some(end) => n.end(end),
                None => match t.strip_suffix('/') {
                    Some(sc) => {
                        n.start(sc, true, &Color(false));
                    }
                    None => {
                        n.start(t, false, &Color(*t == "font"));
                    }
                },
            }
        }
        n.current()
    }

    #[test]
    fn enters_and_leaves_foreign_content() {
        assert_eq!(after(&["svg"], Ns::Html), Ns::Svg);
        assert_eq!(after(&["svg/"], Ns::Html), Ns::Html);
        assert_eq!(after(&["svg", "/svg"], Ns::Html), Ns::Html);
        assert_eq!(after(&["svg", "g", "svg", "/svg"], Ns::Html), Ns::Svg, "the inner <svg> closes");
        assert_eq!(after(&["svg", "math", "/svg"], Ns::Html), Ns::Html, "with what is open in it");
        assert_eq!(after(&["div", "svg", "/div"], Ns::Html), Ns::Html, "an end tag of an HTML element around it leaves it");
        assert_eq!(after(&["div", "/div", "svg", "/div"], Ns::Html), Ns::Svg, "not one that is closed already");
        assert_eq!(after(&["p", "svg", "/li"], Ns::Html), Ns::Svg, "nor one that is not open");
        assert_eq!(after(&["svg", "foreignObject", "div", "svg", "/div"], Ns::Html), Ns::Html, "inside an integration point too");
        assert_eq!(after(&["svg", "math", "mi"], Ns::Html), Ns::Svg, "a <math> in SVG is an SVG element: no integration point");
        assert_eq!(after(&["svg", "img"], Ns::Html), Ns::Html, "img breaks out");
        assert_eq!(after(&["svg", "font"], Ns::Html), Ns::Html, "font with color breaks out");
        assert_eq!(after(&["svg", "/p"], Ns::Html), Ns::Html);
        assert_eq!(after(&["svg", "foreignObject"], Ns::Html), Ns::Html);
        assert_eq!(after(&["svg", "foreignObject", "/foreignObject"], Ns::Html), Ns::Svg);
        assert_eq!(after(&["svg", "foreignObject/"], Ns::Html), Ns::Svg);
        assert_eq!(after(&["math", "mi"], Ns::Html), Ns::Html);
        assert_eq!(after(&["math", "mi", "svg"], Ns::Html), Ns::Svg);
        assert_eq!(after(&["math", "annotation-xml"], Ns::Html), Ns::MathMl);
        assert_eq!(after(&["style"], Ns::Svg), Ns::Svg);
        assert_eq!(after(&["table"], Ns::Svg), Ns::Html, "a fragment in SVG breaks out too");
        assert_eq!(after(&["table", "/table"], Ns::Svg), Ns::Svg, "and is back in SVG once the element closes");
        assert_eq!(after(&["embed"], Ns::Svg), Ns::Svg, "at once for a void element");
        assert_eq!(after(&["svg", "foreignObject", "div", "/foreignObject"], Ns::Html), Ns::Html, "ignored while a child is open");
        assert_eq!(after(&["svg", "foreignObject", "div", "b", "/div", "/foreignObject"], Ns::Html), Ns::Svg);
        assert_eq!(after(&["/svg"], Ns::Svg), Ns::Svg, "the context element does not close");
    }

    #[test]
    fn says_where_each_element_is_created() {
        let mut n = Nesting::new(Ns::Html);
        assert_eq!(n.start("svg", false, &Color(false)), Ns::Html);
        assert_eq!(n.start("style", false, &Color(false)), Ns::Svg, "an SVG <style>: its contents are markup");
        assert_eq!(n.start("title", false, &Color(false)), Ns::Svg, "an SVG <title> is an integration point, not RCDATA");
        assert_eq!(n.start("style", false, &Color(false)), Ns::Html, "inside it, HTML");
    }

    #[test]
    fn cdata_where_the_current_node_is_foreign() {
        let mut n = Nesting::new(Ns::Html);
        assert!(!n.cdata());
        n.start("svg", false, &Color(false));
        assert!(n.cdata());
        n.start("foreignObject", false, &Color(false));
        assert!(n.cdata(), "the integration point itself is the current node");
        n.start("div", false, &Color(false));
        assert!(!n.cdata());
        n.end("div");
        assert!(n.cdata());
        assert!(Nesting::new(Ns::Svg).cdata());
    }
}
