//! kramdown's emphasis, which differs from CommonMark's: `*` or `_` (one for emphasis, two for
//! strong) opens unless white space follows it, and closes at the next same delimiter that no white
//! space precedes, inside an element that already holds something; `_` does not open after a letter
//! nor close before one. Each delimiter of a paragraph is rewritten as the HTML tag kramdown makes of
//! it, or escaped when kramdown keeps it as text, so CommonMark reads emphasis kramdown's way. Code
//! spans, link destinations, autolinks, HTML tags and escapes are copied as they are. Quotes are
//! made curly here too, by kramdown's rules, since they look at the source around them.

use super::smartify::{is_straight_quote, quote_at};

/// A paragraph's inline Markdown with kramdown's emphasis made explicit.
pub fn rewrite(text: &str) -> String {
    let s: Vec<char> = text.chars().collect();
    let mut p = Parser { s: &s, pos: 0 };
    let (out, _) = p.spans(None, &[]);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Em,
    Strong,
    Link,
}

struct Stop<'a> {
    delim: &'a [char],
    kind: Kind,
}

struct Parser<'a> {
    s: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn starts_with(&self, i: usize, what: &[char]) -> bool {
        self.s.get(i..i + what.len()) == Some(what)
    }

    /// Inline text up to `stop` (when it is found, with `true`) or the end.
    fn spans(&mut self, stop: Option<&Stop<'_>>, stack: &[Kind]) -> (String, bool) {
        let mut out = String::new();
        let mut has_children = false;
        while self.pos < self.s.len() {
            if let Some(stop) = stop
                && self.starts_with(self.pos, stop.delim)
                && self.closes(stop, has_children)
            {
                return (out, true);
            }
            let before = out.len();
            let c = self.s[self.pos];
            match c {
                '*' | '_' => self.emphasis(&mut out, stack),
                '`' => self.code(&mut out),
                '\\' => {
                    out.push(c);
                    self.pos += 1;
                    if let Some(next) = self.at(self.pos) {
                        out.push(next);
                        self.pos += 1;
                    }
                }
                '<' => self.angle(&mut out),
                '[' => self.link(&mut out, stack),
                _ if is_straight_quote(Some(c)) || is_straight_quote(self.at(self.pos + 1)) => {
                    let (quoted, next) = quote_at(self.s, self.pos);
                    out.push_str(&quoted);
                    self.pos = next;
                }
                _ => {
                    out.push(c);
                    self.pos += 1;
                }
            }
            has_children |= out.len() > before;
        }
        (out, false)
    }

    /// kramdown's test for a closing delimiter at the current position.
    fn closes(&self, stop: &Stop<'_>, has_children: bool) -> bool {
        if stop.kind == Kind::Link {
            return true;
        }
        let before = self.pos.checked_sub(1).and_then(|i| self.at(i));
        let d = stop.delim[0];
        let after = self.at(self.pos + stop.delim.len());
        let double_here = self.at(self.pos + 1) == Some(d) && self.at(self.pos + 2) != Some(d);
        !before.is_some_and(char::is_whitespace)
            && (stop.kind != Kind::Em || !double_here)
            && (d != '_' || !after.is_some_and(char::is_alphanumeric))
            && has_children
    }

    fn emphasis(&mut self, out: &mut String, stack: &[Kind]) {
        let d = self.s[self.pos];
        let start = self.pos;
        let len = if self.at(start + 1) == Some(d) { 2 } else { 1 };
        let kind = if len == 2 { Kind::Strong } else { Kind::Em };
        let before = start.checked_sub(1).and_then(|i| self.at(i));
        let after = self.at(start + len);
        let literal = (d == '_' && before.is_some_and(|c| c.is_alphabetic() || c == '-'))
            || after.is_none_or(char::is_whitespace)
            || stack.contains(&kind);
        if literal {
            push_escaped(out, &self.s[start..start + len]);
            self.pos = start + len;
            return;
        }
        if let Some(inner) = self.attempt(start + len, &self.s[start..start + len], kind, stack) {
            out.push_str(&inner);
            return;
        }
        if kind == Kind::Strong && stack.last() != Some(&Kind::Em) {
            // kramdown then tries emphasis from the second delimiter, dropping the first.
            if let Some(inner) = self.attempt(start + 1, &self.s[start..=start], Kind::Em, stack) {
                out.push_str(&inner);
                return;
            }
        }
        push_escaped(out, &self.s[start..start + len]);
        self.pos = start + len;
    }

    /// Parses an element of `kind` whose content starts at `from` up to `delim`: its HTML, and the
    /// position after the closing delimiter; `None` (the position restored) when it never closes.
    fn attempt(
        &mut self,
        from: usize,
        delim: &[char],
        kind: Kind,
        stack: &[Kind],
    ) -> Option<String> {
        let saved = self.pos;
        self.pos = from;
        let mut inner_stack = stack.to_vec();
        inner_stack.push(kind);
        let delim = delim.to_vec();
        let stop = Stop {
            delim: &delim,
            kind,
        };
        let (inner, found) = self.spans(Some(&stop), &inner_stack);
        if !found {
            self.pos = saved;
            return None;
        }
        self.pos += delim.len();
        let tag = if kind == Kind::Strong { "strong" } else { "em" };
        Some(format!("<{tag}>{inner}</{tag}>"))
    }

    /// A code span, copied whole; a backtick run without its match is text.
    fn code(&mut self, out: &mut String) {
        let start = self.pos;
        let run = self.s[start..].iter().take_while(|&&c| c == '`').count();
        let mut i = start + run;
        while i < self.s.len() {
            if self.s[i] == '`' {
                let len = self.s[i..].iter().take_while(|&&c| c == '`').count();
                if len == run {
                    let inner = &self.s[start + run..i];
                    let padded = inner.len() > 2
                        && inner.first() == Some(&' ')
                        && inner.last() == Some(&' ')
                        && inner.iter().any(|c| *c != ' ');
                    out.extend(&self.s[start..start + run]);
                    // CommonMark strips a space from each end of `` ` x ` ``; kramdown keeps them.
                    if padded {
                        out.push(' ');
                    }
                    out.extend(inner);
                    if padded {
                        out.push(' ');
                    }
                    out.extend(&self.s[i..i + len]);
                    self.pos = i + len;
                    return;
                }
                i += len;
            } else {
                i += 1;
            }
        }
        out.extend(&self.s[start..start + run]);
        self.pos = start + run;
    }

    /// An autolink or HTML tag (`<...>` without white space right after `<`), copied whole.
    fn angle(&mut self, out: &mut String) {
        let start = self.pos;
        let opens = self
            .at(start + 1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let end = self.s[start..].iter().position(|&c| c == '>' || c == '\n');
        match end {
            Some(len) if opens && self.s[start + len] == '>' => {
                out.extend(&self.s[start..=start + len]);
                self.pos = start + len + 1;
            }
            _ => {
                out.push('<');
                self.pos += 1;
            }
        }
    }

    /// A link: its text parsed up to `]`, then its destination copied whole.
    fn link(&mut self, out: &mut String, stack: &[Kind]) {
        let start = self.pos;
        let mut inner_stack = stack.to_vec();
        inner_stack.push(Kind::Link);
        self.pos = start + 1;
        let close = [']'];
        let stop = Stop {
            delim: &close,
            kind: Kind::Link,
        };
        let (text, found) = self.spans(Some(&stop), &inner_stack);
        let destination = found.then(|| self.destination(self.pos + 1)).flatten();
        match destination {
            Some(end) => {
                out.push('[');
                out.push_str(&text);
                out.extend(&self.s[self.pos..end]);
                self.pos = end;
            }
            None => {
                out.push('[');
                self.pos = start + 1;
            }
        }
    }

    /// Where a link's `(destination)` or `[reference]` starting at `from` ends.
    fn destination(&self, from: usize) -> Option<usize> {
        let (open, close) = match self.at(from)? {
            '(' => ('(', ')'),
            '[' => ('[', ']'),
            _ => return Some(from),
        };
        let mut depth = 0;
        for (i, &c) in self.s.iter().enumerate().skip(from) {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            } else if c == '\n' && open == '(' {
                return None;
            }
        }
        None
    }
}

fn push_escaped(out: &mut String, delimiters: &[char]) {
    for &c in delimiters {
        out.push('\\');
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_as_kramdown_reads_it() {
        for (markdown, kramdown) in [
            ("a **b** c", "a <strong>b</strong> c"),
            ("*one* and _two_", "<em>one</em> and <em>two</em>"),
            (
                "**Build Statistics. **Statistics can**.",
                "<strong>Build Statistics. \\*\\*Statistics can</strong>.",
            ),
            (
                "**Build Statistics. **Statistics",
                "\\*\\*Build Statistics. \\*\\*Statistics",
            ),
            (
                "the best,** most innovative desktops**, and",
                "the best,\\*\\* most innovative desktops\\*\\*, and",
            ),
            ("snake_case_name", "snake\\_case\\_name"),
            ("a * b", "a \\* b"),
            (
                "`**code**` and [**link**](http://x.org/a_b_c)",
                "`**code**` and [<strong>link</strong>](http://x.org/a_b_c)",
            ),
            (
                "<span class=\"a_b\">x</span>",
                "<span class=\"a_b\">x</span>",
            ),
            (
                "\"*Given*\" it's",
                "\u{201c}<em>Given</em>\u{201d} it\u{2019}s",
            ),
            ("a ` b ` c", "a `  b  ` c"),
        ] {
            assert_eq!(rewrite(markdown), kramdown, "{markdown}");
        }
    }
}
