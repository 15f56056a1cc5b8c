//! A small JSON reader for the configuration (which the browser layer gets
//! as `JSON.stringify(config)`).
//!
//! Why not `serde_json`: with serde it adds tens of kilobytes of gzipped
//! wasm to every page (see the size figures in the README), for one object
//! read once at start-up. This reader is small, caps depth and length, and
//! never panics. Strings without escapes are borrowed from the text, not
//! copied: a site's configuration with a thousand vendors of its own is
//! read without an allocation per string.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::borrow::Cow;

/// A JSON value, borrowing from the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any number.
    Num(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// An array.
    Arr(Vec<Value<'a>>),
    /// An object, members in source order.
    Obj(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// Why a text is not JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Unexpected character or end at this byte offset.
    Syntax(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Longer than [`MAX_LEN`].
    TooLong,
}

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 32;
/// Longest text accepted (bytes): 8 MB, some ten thousand vendors of a
/// site's own.
pub const MAX_LEN: usize = 8 << 20;

impl<'a> Value<'a> {
    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| k.as_ref() == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Obj(m) => Some(m),
            _ => None,
        }
    }

    /// A short description of the type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Num(_) => "a number",
            Value::Str(_) => "a string",
            Value::Arr(_) => "an array",
            Value::Obj(_) => "an object",
        }
    }
}

/// Appends `s` as a JSON string literal. `<`, U+2028 and U+2029 are escaped
/// too, so the output can be inlined in a `<script>` safely.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '<' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                let n = c as u32;
                for shift in [12, 8, 4, 0] {
                    out.push(char::from_digit((n >> shift) & 0xf, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Reader<'a> {
    /// The text.
    s: &'a str,
    i: usize,
    /// The elements and members of the arrays and objects being read, from
    /// the outermost in: each is moved into a vector of its exact size when
    /// its container ends (one allocation each, where pushing into a
    /// vector per container grows and copies it several times).
    items: Vec<Value<'a>>,
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

// The byte-level helpers are inlined by hand: the module is built for size
// (opt-level "z"), which otherwise leaves each a call per byte, and a site's
// configuration can be hundreds of kilobytes (a thousand vendors of its own).
impl<'a> Reader<'a> {
    /// The text as bytes.
    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn err(&self) -> JsonError {
        JsonError::Syntax(self.i)
    }

    fn lit(&mut self, word: &[u8], v: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.bytes().get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        self.ws();
        match self.peek().ok_or(self.err())? {
            b'n' => self.lit(b"null", Value::Null),
            b't' => self.lit(b"true", Value::Bool(true)),
            b'f' => self.lit(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::Str),
            b'[' => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Value::Arr(Vec::new()));
                }
                let mark = self.items.len();
                loop {
                    let v = self.value(depth + 1)?;
                    self.items.push(v);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::Arr(self.items.drain(mark..).collect()));
                        }
                        _ => return Err(self.err()),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Obj(Vec::new()));
                }
                let mark = self.members.len();
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.err());
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(self.err());
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    self.members.push((k, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Obj(self.members.drain(mark..).collect()));
                        }
                        _ => return Err(self.err()),
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err()),
        }
    }

    fn number(&mut self) -> Result<Value<'a>, JsonError> {
        let start = self.i;
        while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.i += 1;
        }
        let text = ::core::str::from_utf8(self.bytes().get(start..self.i).unwrap_or(b"")).map_err(|_| JsonError::Syntax(start))?;
        super::text::parse_number(text).map(Value::Num).ok_or(JsonError::Syntax(start))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = self.peek().and_then(|c| (c as char).to_digit(16)).ok_or(self.err())?;
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let b: &'a [u8] = self.bytes();
        loop {
            let start = self.i;
            let rest = b.get(start..).unwrap_or(&[]);
            self.i = start + rest.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(rest.len());
            // The text is UTF-8 already, and the chunk ends at an ASCII byte
            // (or the end): a character boundary, so no validation is needed.
            let chunk = self.s.get(start..self.i).ok_or(JsonError::Syntax(start))?;
            match self.peek().ok_or(self.err())? {
                // No escape before the closing quote: the text itself.
                b'"' if out.is_empty() => {
                    self.i += 1;
                    return Ok(Cow::Borrowed(chunk));
                }
                b'"' => {
                    self.i += 1;
                    out.push_str(chunk);
                    return Ok(Cow::Owned(out));
                }
                _ => out.push_str(chunk),
            }
            match self.peek().ok_or(self.err())? {
                b'\\' => {
                    self.i += 1;
                    let e = self.peek().ok_or(self.err())?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.bytes().get(self.i..self.i + 2) == Some(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(JsonError::Syntax(self.i - 1)),
                    }
                }
                _ => return Err(self.err()),
            }
        }
    }
}

/// Parses a JSON text.
pub fn parse(text: &str) -> Result<Value<'_>, JsonError> {
    if text.len() > MAX_LEN {
        return Err(JsonError::TooLong);
    }
    let mut r = Reader { s: text, i: 0, items: Vec::new(), members: Vec::new() };
    let v = r.value(0)?;
    r.ws();
    if r.i != r.s.len() {
        return Err(r.err());
    }
    Ok(v)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_json() {
        let v = parse(r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00", "c": {}} "#).expect("json");
        assert_eq!(v.get("a").and_then(|a| a.as_array()).map(|a| a.len()), Some(4));
        assert_eq!(v.get("b").and_then(Value::as_str), Some("x\"é😀"));
        assert_eq!(v.get("c"), Some(&Value::Obj(vec![])));
    }

    #[test]
    fn writes_strings_that_read_back() {
        let mut out = String::new();
        write_str(&mut out, "a\"b\\c\n<\u{1}\u{2028}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u003c\\u0001\\u2028é\"");
        assert_eq!(parse(&out), Ok(Value::Str("a\"b\\c\n<\u{1}\u{2028}é".into())));
        assert!(matches!(parse("\"plain\""), Ok(Value::Str(Cow::Borrowed("plain")))), "no copy without escapes");
    }

    #[test]
    fn rejects_bad_json() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "{} x", "[\"\u{1}\"]", "01x", "{\"a\":}", "\"\\q\""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), Err(JsonError::TooDeep));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,120}") {
            let _ = parse(&s);
        }

        #[test]
        fn structured_noise_never_panics(s in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,80}") {
            let _ = parse(&s);
        }
    }
}
