//! A fast reader for the block-style YAML that nearly all front matter is written in: `key: value`
//! mappings and `- item` lists nested by indentation, whose values are one-line plain, single-quoted or
//! double-quoted scalars. It builds the same [`Value`] tree serde_yaml_ng builds, without the general
//! parser's token and event machinery: five to six times faster on the real and the synthetic corpus.
//!
//! It owns no errors and no decisions. Anything outside that subset (flow collections, block scalars,
//! anchors, aliases, tags, multi-line scalars, comments after a value, tabs, duplicate keys, unusual
//! escapes, numbers in any form but plain decimal integers, characters YAML forbids) makes [`parse`]
//! return `None`, and the caller hands the text to serde_yaml_ng, which then also writes every error
//! message. Unit, property and fuzz tests check that whenever this reader answers, serde_yaml_ng
//! answers the same.

use serde_yaml_ng::{Mapping, Number, Value};

/// Nesting beyond this many blocks is left to the full parser.
const MAX_DEPTH: usize = 64;

/// The tree of `yaml`, or `None` when the text is outside the subset this reader takes.
pub fn parse(yaml: &str) -> Option<Value> {
    if !plain_characters(yaml) {
        return None;
    }
    let mut cursor = Cursor {
        rest: yaml,
        current: None,
    };
    let value = match cursor.peek() {
        None => Value::Null,
        Some(line) => cursor.block(line.indent, 0)?,
    };
    // A line left over is one indented less than the root block: not a single document.
    match cursor.peek() {
        None => Some(value),
        Some(_) => None,
    }
}

/// True when every character is one this reader may pass through unexamined: printable ASCII, line
/// feeds and printable non-ASCII. Tabs, carriage returns, control characters, the byte-order mark and
/// the Unicode line and paragraph separators (which YAML treats as line breaks) are left to the full
/// parser.
fn plain_characters(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' | 0x20..=0x7E => true,
        0x00..=0x1F | 0x7F => false,
        // U+0080 to U+009F
        0xC2 => bytes.get(i + 1).is_some_and(|&next| next >= 0xA0),
        // U+2028 and U+2029
        0xE2 => !matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
        // U+FEFF, U+FFFE and U+FFFF
        0xEF => !matches!(
            bytes.get(i + 1..i + 3),
            Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])
        ),
        _ => true,
    })
}

/// A line with content: its indentation in spaces and its text without them or trailing spaces.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The lines still to read. Blank and comment-only lines are skipped. The current line can be
/// replaced by what follows a `- ` on it, so a list item's content reads as a line of its own.
struct Cursor<'a> {
    rest: &'a str,
    current: Option<Line<'a>>,
}

impl<'a> Cursor<'a> {
    fn peek(&mut self) -> Option<Line<'a>> {
        if self.current.is_none() {
            self.current = self.next_line();
        }
        self.current
    }

    fn advance(&mut self) {
        self.current = None;
    }

    fn next_line(&mut self) -> Option<Line<'a>> {
        while !self.rest.is_empty() {
            let (line, rest) = self.rest.split_once('\n').unwrap_or((self.rest, ""));
            self.rest = rest;
            let text = line.trim_start_matches(' ');
            let indent = line.len() - text.len();
            let text = text.trim_end_matches(' ');
            if !text.is_empty() && !text.starts_with('#') {
                return Some(Line { indent, text });
            }
        }
        None
    }

    /// The mapping or list whose first line, the current one, is indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let line = self.peek()?;
        if is_item(line.text) {
            self.sequence(indent, depth)
        } else if key_of(line.text).is_some() {
            self.mapping(indent, depth)
        } else {
            None
        }
    }

    /// The value of a key or `-` that ends its line: a block on the next lines, or null. A list may
    /// sit at the key's own indentation (`key:` then `- item`); a list item's block must be deeper.
    fn below(&mut self, indent: usize, list_at_same_indent: bool, depth: usize) -> Option<Value> {
        match self.peek() {
            Some(line) if line.indent > indent => self.block(line.indent, depth + 1),
            Some(line) if line.indent == indent && list_at_same_indent && is_item(line.text) => {
                self.sequence(indent, depth + 1)
            }
            _ => Some(Value::Null),
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Value> {
        let mut map = Mapping::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = key_of(line.text)?;
            let key = match resolve_plain(key)? {
                key @ Value::String(_) => key,
                _ => return None,
            };
            self.advance();
            let value = match rest.trim_start_matches(' ') {
                "" => self.below(indent, true, depth)?,
                text => scalar(text)?,
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || line.indent == indent && !is_item(line.text) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let after_dash = &line.text[1..];
            let content = after_dash.trim_start_matches(' ');
            if content.is_empty() {
                self.advance();
                items.push(self.below(indent, false, depth)?);
                continue;
            }
            let content_indent = indent + 1 + after_dash.len() - content.len();
            if is_item(content) {
                return None;
            }
            if key_of(content).is_some() {
                self.current = Some(Line {
                    indent: content_indent,
                    text: content,
                });
                items.push(self.mapping(content_indent, depth + 1)?);
            } else {
                self.advance();
                items.push(scalar(content)?);
            }
        }
        Some(Value::Sequence(items))
    }
}

/// True for a list item's line: `-` alone or followed by a space.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Splits `key: rest` (or `key:` at the end of the line) with a plain key of letters, digits, `_`
/// and `-`, starting with a letter or `_`, at most 1,000 long.
fn key_of(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() && bytes[0] != b'_' {
        return None;
    }
    let end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    // YAML bounds a key written without `?` to 1,024 characters.
    if end > 1000 {
        return None;
    }
    let rest = text[end..].strip_prefix(':')?;
    if rest.is_empty() || rest.starts_with(' ') {
        Some((&text[..end], rest))
    } else {
        None
    }
}

/// A one-line scalar, `text` running to the end of its line (trailing spaces already cut).
fn scalar(text: &str) -> Option<Value> {
    match text.as_bytes()[0] {
        b'"' => double_quoted(&text[1..]),
        b'\'' => single_quoted(&text[1..]),
        // Indicators that start something other than a plain scalar, or that YAML reserves.
        b'-' => negative_integer(text),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'%' | b'@' | b'`' => None,
        _ if text.contains(": ") || text.contains(" #") || text.ends_with(':') => None,
        _ => resolve_plain(text),
    }
}

/// `-` followed by a decimal integer without leading zeros, as serde_yaml_ng reads it.
fn negative_integer(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>()
        .ok()
        .map(|n| Value::Number(Number::from(n)))
}

/// What a plain scalar means under serde_yaml_ng's rules (YAML 1.2 core schema): null, a boolean, a
/// decimal integer, or text. Whatever could be a number in another notation (hexadecimal, octal,
/// binary, float, infinity, leading zeros) returns `None`.
fn resolve_plain(text: &str) -> Option<Value> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let bytes = text.as_bytes();
    if !matches!(bytes[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return Some(Value::String(text.to_owned()));
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return if bytes.len() > 1 && bytes[0] == b'0' {
            None
        } else {
            text.parse::<u64>()
                .ok()
                .map(|n| Value::Number(Number::from(n)))
        };
    }
    if surely_not_a_number(bytes) {
        Some(Value::String(text.to_owned()))
    } else {
        None
    }
}

/// True when no integer or float notation can spell `bytes`: a character no number has, a letter
/// other than an exponent's `e` (when no `0x`, `0o`, `0b`, `inf` or `nan` could make it one), a sign
/// that is neither first nor after an exponent's `e`, or a second `.` (dates, times, versions, `5G`).
fn surely_not_a_number(bytes: &[u8]) -> bool {
    let body = bytes
        .strip_prefix(b"+")
        .or(bytes.strip_prefix(b"-"))
        .unwrap_or(bytes);
    let lower = body.to_ascii_lowercase();
    if [b"0x", b"0o", b"0b"].iter().any(|p| lower.starts_with(*p))
        || lower.windows(3).any(|w| w == b"inf" || w == b"nan")
    {
        return false;
    }
    let mut dots = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' | b'e' | b'E' => {}
            b'.' => {
                dots += 1;
                if dots > 1 {
                    return true;
                }
            }
            b'+' | b'-' if i > 0 && !matches!(bytes[i - 1], b'e' | b'E') => return true,
            b'+' | b'-' => {}
            _ => return true,
        }
    }
    false
}

/// The rest of a `"…"` scalar after its opening quote; it must close on this line with nothing after.
fn double_quoted(text: &str) -> Option<Value> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let at = rest.find(['"', '\\'])?;
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            return rest[at + 1..]
                .trim_start_matches(' ')
                .is_empty()
                .then_some(Value::String(out));
        }
        let escape = *rest.as_bytes().get(at + 1).filter(|b| b.is_ascii())?;
        rest = &rest[at + 2..];
        let digits = match escape {
            b'\\' | b'"' | b'/' | b' ' => {
                out.push(char::from(escape));
                continue;
            }
            b'n' => {
                out.push('\n');
                continue;
            }
            b't' => {
                out.push('\t');
                continue;
            }
            b'r' => {
                out.push('\r');
                continue;
            }
            b'0' => {
                out.push('\0');
                continue;
            }
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => return None,
        };
        let hex = rest.get(..digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        rest = &rest[digits..];
    }
}

/// The rest of a `'…'` scalar after its opening quote (`''` is a quote); it must close on this line.
fn single_quoted(text: &str) -> Option<Value> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => {
                return rest
                    .trim_start_matches(' ')
                    .is_empty()
                    .then_some(Value::String(out));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `yaml` read by both parsers: this reader must answer, and answer what serde_yaml_ng does.
    fn same(yaml: &str) -> Value {
        let fast = parse(yaml).unwrap_or_else(|| panic!("fast reader declined:\n{yaml}"));
        let full: Value = serde_yaml_ng::from_str(yaml).unwrap();
        assert_eq!(fast, full, "{yaml}");
        fast
    }

    /// `yaml` is left to the full parser.
    fn declined(yaml: &str) {
        assert_eq!(parse(yaml), None, "{yaml}");
    }

    /// The front matter of a file, split as articles are.
    fn front_matter(text: &str) -> &str {
        crate::input::front_matter::split(text)
            .unwrap()
            .unwrap()
            .yaml
    }

    #[test]
    fn reads_an_article_like_serde_yaml_ng() {
        // The reference article.
        same(front_matter(include_str!(
            "../../seeds/000_f20c2178ff692251.txt"
        )));
    }

    #[test]
    fn reads_nested_lists_and_mappings() {
        same("a:\n  - x\n  - y\nb:\n- 1\n- 2\nc:\n  d:\n    e: f\n");
        same(
            "items:\n  - url: a\n    width: 5\n  -   url: b\n      height: 7\n  -\n    url: c\nz: 1\n",
        );
        same("- a\n- b: c\n  d:\n  - e\n- f\n");
        same("");
        same("# only a comment\n\n");
        same("  indented: root\n  second: 2\n");
    }

    #[test]
    fn resolves_scalars_like_serde_yaml_ng() {
        let v = same(
            "a: ~\nb: null\nc: True\nd: FALSE\ne: 12\nf: -1\ng: 2024-05-01T10:00:00Z\nh: 1.2.3\n\
             i: Yes\nj: \"84\"\nk: 'it''s'\nl: 18446744073709551615\nm: 2024-05-01T10:00:00-07:00\n\
             n: a:b\no: a#b\nt: 2024-05-01\nu: 1-2\nv: 1.0.0-beta+3\nw: 5G\nx: 3D printing\ny: 4K\nz: 1x\np: http://x.org/a?b=c&d[]=e\nq:\nr: inf\ns: nan\n",
        );
        assert_eq!(v["f"], Value::Number(Number::from(-1i64)));
        assert_eq!(v["k"], Value::String("it's".into()));
    }

    #[test]
    fn reads_double_quoted_escapes() {
        let v = same(r#"a: "tab\there \"q\" \\ \/ \u00e9 \x41 \U0001F600 end"   "#);
        assert_eq!(
            v["a"],
            Value::String("tab\there \"q\" \\ / é A 😀 end".into())
        );
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for yaml in [
            "a: [1, 2]\n",
            "a: {b: c}\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: !tag x\n",
            "a: multi\n  line\n",
            "a: \"multi\n  line\"\n",
            "a: x # comment\n",
            "a:\tx\n",
            "a: 1\na: 2\n",
            "a: \"\\e\"\n",
            "a: 0x1F\n",
            "a: 1.5\n",
            "a: 1e3\n",
            "a: .inf\n",
            "a: -.Inf\n",
            "a: +.nan\n",
            "a: 0b101\n",
            "a: 0o17\n",
            "a: +12\n",
            "a: 1E5\n",
            "a: 5e\n",
            "a: 007\n",
            "a: -0\n",
            "a: b: c\n",
            "a: ends:\n",
            "\"quoted key\": 1\n",
            "true: 1\n",
            "a: 1\n b: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: \"x\" y\n",
            "a: \"\\ud800\"\n",
            "a: \"\\\u{FB13}\"\n",
            "- - a\n",
            "plain text\n",
            "a: 18446744073709551616\n",
            "a: x\u{2028}y\n",
            "a: \u{FEFF}x\n",
            "a: x\r\n",
            &format!("{}: 1\n", "k".repeat(1025)),
        ] {
            declined(yaml);
        }
    }

    #[test]
    fn reads_every_file_of_the_real_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/everyday-ai");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            same(front_matter(&text));
            read += 1;
        }
        assert!(read >= 96, "{read} files");
    }
}
