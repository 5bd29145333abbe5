//! Template code in a post's body, which frontfeed does not run: Jekyll's Liquid (`{% ... %}`,
//! `{{ ... }}`), Hugo's shortcodes (`{{< ... >}}`, `{{% ... %}}`) and Zola's (`{{ name(...) }}`,
//! `{% name(...) %}...{% end %}`). Tags are removed and what they enclose is kept, so a feed never
//! shows raw template code: `raw` blocks and Hugo's escaped shortcodes keep their text as written,
//! `highlight` blocks become fenced code, comments and captures disappear, and links to the site's
//! other pages (`post_url`, `link`) keep their text but no target.

/// `text` without Liquid tags.
pub fn strip_liquid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if let Some(inner) = from.strip_prefix("{{") {
            match inner.find("}}") {
                Some(end) => rest = &inner[end + 2..],
                None => {
                    out.push_str(from);
                    rest = "";
                }
            }
            continue;
        }
        let Some(inner) = from.strip_prefix("{%") else {
            out.push('{');
            rest = &from[1..];
            continue;
        };
        let Some(end) = inner.find("%}") else {
            out.push_str(from);
            rest = "";
            break;
        };
        let tag = inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let after = &inner[end + 2..];
        let mut words = tag.split_whitespace();
        rest = match words.next().unwrap_or_default() {
            "raw" => {
                let (body, tail) = until_tag(after, "endraw");
                out.push_str(body);
                tail
            }
            "comment" => until_tag(after, "endcomment").1,
            // A link to another page of the site: a link without a target (the sanitizer drops
            // the `about:` URL and keeps the link's text).
            "post_url" | "link" => {
                out.push_str("about:blank");
                after
            }
            "capture" => until_tag(after, "endcapture").1,
            "highlight" => {
                out.push_str("```");
                out.push_str(words.next().unwrap_or_default());
                if !after.starts_with('\n') {
                    out.push('\n');
                }
                after
            }
            "endhighlight" => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```");
                after
            }
            _ => after,
        };
    }
    out.push_str(rest);
    out
}

/// The text before the Liquid tag `{% name %}` in `text`, and the text after it (all of `text`
/// and nothing when the tag is missing).
fn until_tag<'a>(text: &'a str, name: &str) -> (&'a str, &'a str) {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%") {
        let start = from + at;
        if let Some(end) = text[start..].find("%}") {
            let tag =
                text[start + 2..start + end].trim_matches(|c: char| c == '-' || c.is_whitespace());
            if tag == name {
                return (&text[..start], &text[start + end + 2..]);
            }
            from = start + 2;
        } else {
            break;
        }
    }
    (text, "")
}

/// `text` without Hugo shortcodes; `{{</* x */>}}` (shown as written on the site) becomes
/// `{{< x >}}`.
pub fn strip_hugo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let open = match from.get(2..3) {
            Some("<") => ">}}",
            Some("%") => "%}}",
            _ => {
                out.push_str("{{");
                rest = &from[2..];
                continue;
            }
        };
        let inner = &from[3..];
        if let Some(escaped) = inner.trim_start().strip_prefix("/*") {
            let close = format!("*/{open}");
            match escaped.find(&close) {
                Some(end) => {
                    out.push_str(&from[..3]);
                    out.push_str(escaped[..end].trim_end());
                    out.push(' ');
                    out.push_str(open);
                    rest = &escaped[end + close.len()..];
                }
                None => {
                    out.push_str(from);
                    rest = "";
                }
            }
            continue;
        }
        let Some(end) = inner.find(open) else {
            out.push_str(from);
            rest = "";
            break;
        };
        let tag = inner[..end].trim();
        let after = &inner[end + 3..];
        let name = tag.split_whitespace().next().unwrap_or_default();
        match name {
            "highlight" => {
                out.push_str("```");
                out.push_str(tag.split_whitespace().nth(1).unwrap_or_default());
                if !after.starts_with('\n') {
                    out.push('\n');
                }
            }
            "/highlight" => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```");
            }
            _ => {}
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `text` without Zola shortcode calls: `{{ name(...) }}`, and the tags of `{% name(...) %}` ...
/// `{% end %}` (their body is kept).
pub fn strip_zola(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let close = match from.get(1..2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        };
        let inner = &from[2..];
        match inner.find(close) {
            Some(end) if is_shortcode_call(&inner[..end], close == "%}") => {
                rest = &inner[end + 2..];
            }
            _ => {
                out.push_str(&from[..2]);
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `name(...)` (or, inside `{% %}`, `end`).
fn is_shortcode_call(tag: &str, block: bool) -> bool {
    let tag = tag.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if block && tag == "end" {
        return true;
    }
    let name_len = tag
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(tag.len());
    name_len > 0 && tag[name_len..].trim_start().starts_with('(') && tag.ends_with(')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_tags_are_removed_and_what_they_hold_kept() {
        assert_eq!(
            strip_liquid("See [the docs]({% link _docs/x.md %}) and {{ site.title }}."),
            "See [the docs](about:blank) and ."
        );
        assert_eq!(
            strip_liquid("{% raw %}{{ kept }}{% endraw %} {% comment %}gone{% endcomment %}x"),
            "{{ kept }} x"
        );
        assert_eq!(
            strip_liquid("{% highlight ruby %}\nputs 1\n{% endhighlight %}\n"),
            "```ruby\nputs 1\n```\n"
        );
        assert_eq!(
            strip_liquid("{% if a %}shown{%- endif -%} {not liquid}"),
            "shown {not liquid}"
        );
    }

    #[test]
    fn hugo_shortcodes_are_removed_and_escaped_ones_shown() {
        assert_eq!(strip_hugo("a {{< gh 123 >}} b"), "a  b");
        assert_eq!(strip_hugo("{{% note %}}Inner{{% /note %}}"), "Inner");
        assert_eq!(
            strip_hugo("`{{</* figure src=\"x\" */>}}`"),
            "`{{< figure src=\"x\" >}}`"
        );
        assert_eq!(
            strip_hugo("{{< highlight go >}}\nx := 1\n{{< /highlight >}}"),
            "```go\nx := 1\n```"
        );
        assert_eq!(strip_hugo("{{ not a shortcode }}"), "{{ not a shortcode }}");
    }

    #[test]
    fn zola_shortcodes_are_removed() {
        assert_eq!(strip_zola("a {{ youtube(id=\"x\") }} b"), "a  b");
        assert_eq!(strip_zola("{% quote(author=\"A\") %}Q{% end %}"), "Q");
        assert_eq!(strip_zola("{{ plain }} {x}"), "{{ plain }} {x}");
    }
}
