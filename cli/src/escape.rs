//! Escaping text for the report formats.

/// Text for HTML element content or a double-quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown table cell: pipes, backslashes, HTML-significant and
/// emphasis characters escaped, line breaks flattened.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span (for cookie names and URLs): backticks cannot occur
/// in them; any that do are replaced.
pub fn code(s: &str) -> String {
    let mut out = String::from("`");
    out.extend(s.chars().map(|c| if c == '`' || c == '\n' || c == '|' { '\u{2019}' } else { c }));
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(html("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assert_eq!(markdown("a|b_c*d"), "a\\|b\\_c\\*d");
        assert_eq!(code("_ga_*"), "`_ga_*`");
    }
}
