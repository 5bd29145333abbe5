//! Where Jekyll's Markdown (kramdown, GFM input) reads text differently from CommonMark, the
//! source is rewritten so CommonMark reads it kramdown's way: a `#` line with no heading text is
//! text, a comment that opens a line does not swallow the Markdown after it, a lone backtick between
//! spaces is a backtick, and a link to a URL with spaces is still a link. Fenced and indented code
//! is left alone. Emphasis is read by kramdown's rules (`kramdown_emphasis`).

use super::kramdown_emphasis;

/// `markdown` rewritten so CommonMark reads it as kramdown does.
pub fn prepare(markdown: &str) -> String {
    let mut out = Units::default();
    let mut fence: Option<String> = None;
    // Open block-level HTML elements of the HTML block being read.
    let mut html_depth = 0usize;
    let mut html_ended = false;
    let mut previous_blank = true;
    let mut in_code = false;
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if html_depth > 0 {
            // kramdown reads an HTML block to the end of its element: blank lines do not end it.
            if !blank {
                out.push_str(&escape_addresses(line));
                html_depth = (html_depth as isize + tag_balance(line)).max(0) as usize;
                html_ended = html_depth == 0;
            }
            continue;
        }
        if html_ended && !blank && !starts_block_tag(trimmed) {
            // The element is closed, so the block is over: what follows is Markdown again.
            out.push('\n');
        }
        let after_html = std::mem::take(&mut html_ended);
        if (previous_blank || after_html) && starts_block_tag(trimmed) && !line.starts_with("    ")
        {
            out.push_str(line);
            let balance = tag_balance(line);
            html_depth = balance.max(0) as usize;
            html_ended = balance <= 0;
            previous_blank = false;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed.chars().take(3).collect());
            out.push_str(line);
            previous_blank = false;
            continue;
        }
        // Indented code starts after a blank line; otherwise an indented line goes on a paragraph.
        if (line.starts_with("    ") || line.starts_with('\t')) && (previous_blank || in_code) {
            out.push_str(line);
            in_code = !blank || in_code;
            previous_blank = blank;
            continue;
        }
        in_code = false;
        let next = lines.get(n + 1).copied().unwrap_or("");
        out.markdown(prepare_line(line, previous_blank, next), blank);
        previous_blank = blank;
    }
    out.finish()
}

/// The rewritten text, with the lines of each paragraph gathered to rewrite their emphasis whole.
#[derive(Default)]
struct Units {
    text: String,
    paragraph: String,
}

impl Units {
    /// Text kramdown does not read as Markdown (code, HTML): kept as it is.
    fn push_str(&mut self, raw: &str) {
        self.end_paragraph();
        self.text.push_str(raw);
    }

    fn push(&mut self, c: char) {
        self.end_paragraph();
        self.text.push(c);
    }

    /// A line (or lines) of Markdown.
    fn markdown(&mut self, line: String, blank: bool) {
        if blank || is_thematic_break(&line) {
            self.push_str(&line);
            return;
        }
        let prefix = block_prefix(&line);
        if prefix > 0 {
            self.end_paragraph();
            self.text.push_str(&line[..prefix]);
            self.text
                .push_str(&kramdown_emphasis::rewrite(&line[prefix..]));
        } else {
            self.paragraph.push_str(&line);
        }
    }

    fn end_paragraph(&mut self) {
        if !self.paragraph.is_empty() {
            self.text
                .push_str(&kramdown_emphasis::rewrite(&self.paragraph));
            self.paragraph.clear();
        }
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.text
    }
}

/// `* * *`, `---`, `___`: a horizontal rule.
fn is_thematic_break(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['*', '-', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

/// The length of a line's block marker: a heading's `#`s, quote markers, a list item's bullet or
/// number, with the spaces after it.
fn block_prefix(line: &str) -> usize {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let marker = if rest.starts_with('#') {
        rest.chars().take_while(|c| *c == '#').count()
    } else if rest.starts_with('>') {
        rest.chars().take_while(|c| *c == '>' || *c == ' ').count()
    } else if rest.starts_with(['*', '-', '+']) && rest[1..].starts_with(' ') {
        1
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let after = &rest[digits..];
        if digits > 0 && (after.starts_with(". ") || after.starts_with(") ")) {
            digits + 1
        } else {
            return 0;
        }
    };
    let after = &rest[marker..];
    indent + marker + (after.len() - after.trim_start_matches(' ').len())
}

/// Block-level HTML elements (CommonMark's kind 6, and `pre`), whose HTML blocks kramdown reads
/// whole.
const BLOCK_TAGS: [&str; 47] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "html",
    "iframe",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The name of the tag at the start of `text` (`<div class=..>` or `</div>`), lower-cased.
fn tag_name(text: &str) -> Option<(bool, String)> {
    let rest = text.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let after = rest[name.len()..].chars().next();
    let ends = after.is_none_or(|c| c == '>' || c == '/' || c.is_whitespace());
    (!name.is_empty() && ends).then_some((closing, name))
}

fn starts_block_tag(trimmed: &str) -> bool {
    tag_name(trimmed).is_some_and(|(_, name)| BLOCK_TAGS.contains(&name.as_str()))
}

/// Block-level elements opened minus those closed in `line`.
fn tag_balance(line: &str) -> isize {
    let mut balance = 0;
    for (at, _) in line.match_indices('<') {
        let Some((closing, name)) = tag_name(&line[at..]) else {
            continue;
        };
        if !BLOCK_TAGS.contains(&name.as_str()) {
            continue;
        }
        let self_closing = line[at..]
            .find('>')
            .is_some_and(|end| line[at..at + end].ends_with('/'));
        match (closing, self_closing) {
            (true, _) => balance -= 1,
            (false, false) => balance += 1,
            (false, true) => {}
        }
    }
    balance
}

fn prepare_line(line: &str, block_start: bool, next: &str) -> String {
    let body = line.trim_end_matches('\n');
    let newline = &line[body.len()..];
    let body = strip_attribute_lists(body);
    let body = body.as_str();
    // `###` alone is not a heading in kramdown: it needs text.
    let hashes = body.trim_start().trim_start_matches('#');
    if body.trim_start().starts_with('#')
        && hashes.trim().is_empty()
        && body.trim_start().len() - hashes.len() <= 6
    {
        return format!("\\{}{newline}", body.trim_start());
    }
    // `<!-- more -->Text`: the comment is a block of its own, the text a paragraph.
    if body.starts_with("<!--")
        && let Some(end) = body.find("-->")
        && !body[end + 3..].trim().is_empty()
    {
        return format!(
            "{}\n\n{}{newline}",
            &body[..end + 3],
            inline(&body[end + 3..])
        );
    }
    // A line with a `|` that starts a block is a table row in kramdown, header or not.
    let starts_other_block = starts_other_block(body.trim_start());
    if block_start
        && !starts_other_block
        && cells(body) > 1
        && !is_delimiter_row(next)
        && !is_delimiter_row(body)
    {
        let row = format!("{}{newline}", inline(body));
        let delimiter = vec!["---"; cells(body)].join(" | ");
        let newline = if newline.is_empty() { "\n" } else { newline };
        return format!(
            "{row}{}| {delimiter} |{newline}",
            if row.ends_with('\n') { "" } else { "\n" }
        );
    }
    // `1)` starts no list in kramdown.
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && body[digits..].starts_with(") ") {
        return format!("{}\\{}{newline}", &body[..digits], inline(&body[digits..]));
    }
    format!("{}{newline}", inline(body))
}

/// `<name@host>` in raw HTML is text to kramdown, not a tag: escaped so it stays.
fn escape_addresses(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find('>');
        match end {
            Some(end) if tail[1..end].contains('@') && !tail[1..end].contains([' ', '"', '=']) => {
                out.push_str("&lt;");
                out.push_str(&tail[1..end]);
                out.push_str("&gt;");
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A heading, quote, HTML or list item: a line a table row cannot start.
fn starts_other_block(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = &line[digits..];
    line.starts_with(['#', '>', '<'])
        || ["* ", "- ", "+ "].iter().any(|m| line.starts_with(m))
        || (digits > 0 && (after_digits.starts_with(". ") || after_digits.starts_with(") ")))
}

/// kramdown's attribute lists and extensions (`{:target="_blank"}`, `{:toc}`, `{::options}`),
/// which set attributes and never show: removed.
fn strip_attribute_lists(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("{:") {
        out.push_str(&rest[..at]);
        match rest[at..].find('}') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The cells of a table row: its unescaped `|` outside code split it.
fn cells(line: &str) -> usize {
    let mut pipes = 0;
    let mut in_code = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code => pipes += 1,
            _ => {}
        }
        escaped = false;
    }
    if pipes == 0 {
        return 0;
    }
    let trimmed = line.trim();
    let edges = usize::from(trimmed.starts_with('|')) + usize::from(trimmed.ends_with('|'));
    pipes + 1 - edges.min(pipes + 1)
}

/// `| --- | :---: |`: the row under a table's header.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.contains('-') && t.chars().all(|c| "-:| \t".contains(c))
}

/// Inline rewrites: lone backticks between spaces escaped, link URLs with spaces bracketed.
fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let space_before = i == 0 || chars[i - 1].is_whitespace();
        let space_after = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if c == '`' && space_before && space_after && chars.get(i + 1) != Some(&'`') {
            out.push_str("\\`");
            i += 1;
            continue;
        }
        if c == ']' && chars.get(i + 1) == Some(&'(') {
            let close = chars[i + 2..]
                .iter()
                .position(|&c| c == ')')
                .map(|p| p + i + 2);
            if let Some(close) = close {
                let dest: String = chars[i + 2..close].iter().collect();
                let bare = dest.trim();
                let titled = bare.ends_with('"') || bare.ends_with('\'');
                if bare.contains(' ') && !titled && !bare.starts_with('<') {
                    out.push_str("](<");
                    out.push_str(bare);
                    out.push_str(">)");
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kramdown_readings() {
        assert_eq!(prepare("### \nText\n"), "\\### \nText\n");
        assert_eq!(
            prepare("<!-- more -->Snapshot [x](https://a.org/)\n"),
            "<!-- more -->\n\nSnapshot [x](https://a.org/)\n"
        );
        assert_eq!(
            prepare("with ` g_file()` here\n"),
            "with \\` g\\_file()` here\n"
        );
        assert_eq!(
            prepare("[a b](use link here)\n"),
            "[a b](<use link here>)\n"
        );
        assert_eq!(
            prepare("[a](https://x.org \"T\")\n"),
            "[a](https://x.org \"T\")\n"
        );
        assert_eq!(prepare("```\n### \n```\n"), "```\n### \n```\n");
        assert_eq!(prepare("## Heading\n"), "## Heading\n");
        assert_eq!(prepare("* * *\n"), "* * *\n");
        assert_eq!(prepare("1) First\n"), "1\\) First\n");
        assert_eq!(
            prepare("<pre>\nuid Team <a@b.org>\n</pre>\n"),
            "<pre>\nuid Team &lt;a@b.org&gt;\n</pre>\n"
        );
        assert_eq!(
            prepare("<div>\n\n## Raw\n</div>\nText\n"),
            "<div>\n## Raw\n</div>\n\nText\n"
        );
        assert_eq!(
            prepare("<p>Block</p>\nIt's Markdown\n"),
            "<p>Block</p>\n\nIt\u{2019}s Markdown\n"
        );
        assert_eq!(
            prepare("<h1>A</h1>\n<p>B</p>\nText\n"),
            "<h1>A</h1>\n<p>B</p>\n\nText\n"
        );
        assert_eq!(
            prepare("[a](x) | [b](y)\n"),
            "[a](x) | [b](y)\n| --- | --- |\n"
        );
        assert_eq!(
            prepare("| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "| a | b |\n|---|---|\n| 1 | 2 |\n"
        );
        assert_eq!(prepare("Link{:target=\"_blank\"} here\n"), "Link here\n");
    }
}
