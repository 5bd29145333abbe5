//! Jekyll's post URLs (Jekyll 4.3 `url.rb`, `drops/url_drop.rb`, `utils.rb`): a permalink template
//! (a style, or a pattern of placeholders) filled in from the post, each value percent-encoded as
//! Jekyll's `escape_path` does, and the result cleaned as its `sanitize_url` does.

use chrono::{DateTime, Datelike, FixedOffset};

use super::colon_names;

/// Expands a `permalink` style into its template; any other value is already one.
pub fn style(permalink: &str) -> String {
    match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
    .to_owned()
}

/// Every placeholder a post's URL may use.
pub const PLACEHOLDERS: [&str; 25] = [
    "collection",
    "path",
    "name",
    "title",
    "slug",
    "categories",
    "slugified_categories",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "i_day",
    "i_month",
    "short_month",
    "long_month",
    "short_year",
    "w_year",
    "week",
    "w_day",
    "short_day",
    "long_day",
    "y_day",
    "output_ext",
];

/// What a post's URL is made of.
pub struct UrlParts<'a> {
    /// The collection (`posts`).
    pub collection: &'a str,
    /// The path inside the collection's folder, without extension.
    pub path: &'a str,
    /// The file's name without extension.
    pub name: &'a str,
    /// `slug` from the front matter, else from the file name.
    pub slug: &'a str,
    /// Categories, in order.
    pub categories: &'a [String],
    /// The post's date, in the site's time zone.
    pub date: DateTime<FixedOffset>,
    /// `.html`, or the file's own extension for files Jekyll does not convert.
    pub output_ext: &'a str,
}

/// The first placeholder of `template` that is not one Jekyll knows.
pub fn unknown_placeholder(template: &str) -> Option<String> {
    colon_names(template, |b| b.is_ascii_lowercase() || b == b'_')
        .into_iter()
        .find_map(|(_, _, name)| resolve_name(&name).is_none().then_some(name))
}

/// Fills in `template` for a post: its URL, site-relative (`/news/2024/01/02/title/`), or the
/// first unknown placeholder.
pub fn fill(template: &str, parts: &UrlParts<'_>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut done = 0;
    for (start, end, name) in colon_names(template, |b| b.is_ascii_lowercase() || b == b'_') {
        out.push_str(&template[done..start]);
        let Some(key) = resolve_name(&name) else {
            return Err(name);
        };
        out.push_str(&escape_path(&value(key, parts)));
        // `:title_` is `:title` followed by `_`.
        out.push_str(&name[key.len()..]);
        done = end;
    }
    out.push_str(&template[done..]);
    Ok(sanitize(&squeeze_slashes(&out)))
}

/// The placeholder `name` stands for: itself, or without a trailing `_`.
fn resolve_name(name: &str) -> Option<&'static str> {
    let known = |n: &str| PLACEHOLDERS.iter().copied().find(|p| *p == n);
    known(name).or_else(|| name.strip_suffix('_').and_then(known))
}

fn value(key: &str, p: &UrlParts<'_>) -> String {
    let d = p.date;
    let fmt = |f: &str| d.format(f).to_string();
    match key {
        "collection" => p.collection.to_owned(),
        "path" => p.path.to_owned(),
        "name" => slugify(p.name, false, false),
        "title" => slugify(p.slug, true, true),
        "slug" => slugify(p.slug, false, false),
        "categories" => categories(p.categories, |c| c.to_lowercase()),
        "slugified_categories" => categories(p.categories, |c| slugify(c, false, false)),
        "year" => fmt("%Y"),
        "month" => fmt("%m"),
        "day" => fmt("%d"),
        "hour" => fmt("%H"),
        "minute" => fmt("%M"),
        "second" => fmt("%S"),
        "i_day" => d.day().to_string(),
        "i_month" => d.month().to_string(),
        "short_month" => fmt("%b"),
        "long_month" => fmt("%B"),
        "short_year" => fmt("%y"),
        "w_year" => fmt("%G"),
        "week" => fmt("%V"),
        "w_day" => fmt("%u"),
        "short_day" => fmt("%a"),
        "long_day" => fmt("%A"),
        "y_day" => fmt("%j"),
        _ => p.output_ext.to_owned(),
    }
}

/// Categories made one path: each transformed, duplicates dropped, joined with `/`.
fn categories(list: &[String], each: impl Fn(&str) -> String) -> String {
    let mut seen: Vec<String> = Vec::new();
    for category in list {
        let c = each(category);
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.join("/")
}

/// Jekyll's `Utils.slugify` in its `default` mode (letters, marks and digits kept) or, when
/// `pretty`, its `pretty` mode (also `._~!$&'()+,;=@`); every other run of characters is one `-`,
/// one `-` is trimmed at each end, and the result is lower-cased unless `cased`.
pub fn slugify(text: &str, pretty: bool, cased: bool) -> String {
    let kept =
        |c: char| c.is_alphanumeric() || is_mark(c) || (pretty && "._~!$&'()+,;=@".contains(c));
    let mut slug = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if kept(c) {
            slug.push(c);
            in_run = false;
        } else if !in_run {
            slug.push('-');
            in_run = true;
        }
    }
    let slug = slug.strip_prefix('-').unwrap_or(&slug);
    let slug = slug.strip_suffix('-').unwrap_or(slug);
    if cased {
        slug.to_owned()
    } else {
        slug.to_lowercase()
    }
}

/// Combining marks (`\p{M}`) in the blocks that hold nearly all of them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Jekyll's `URL.escape_path`: a value of letters, digits, `.`, `/` and `-` as it is; otherwise
/// everything but unreserved characters, sub-delimiters, `:`, `@` and `/` percent-encoded.
pub fn escape_path(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-');
    if value.chars().all(plain) {
        return value.to_owned();
    }
    let kept = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
    let mut out = String::with_capacity(value.len() + 8);
    for &b in value.as_bytes() {
        if kept(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn squeeze_slashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Jekyll's `URL#sanitize_url`: a leading `/`, `..` made `/`, `./` removed, `//` squeezed.
fn sanitize(url: &str) -> String {
    let with_slash = format!("/{url}").replace("..", "/").replace("./", "");
    squeeze_slashes(&with_slash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(slug: &'a str, categories: &'a [String]) -> UrlParts<'a> {
        UrlParts {
            collection: "posts",
            path: slug,
            name: slug,
            slug,
            categories,
            date: DateTime::parse_from_rfc3339("2016-05-09T07:08:09-07:00").unwrap(),
            output_ext: ".html",
        }
    }

    #[test]
    fn styles_and_placeholders_as_jekyll_fills_them() {
        let cats = vec!["Jekyll".to_owned(), "Update Notes".to_owned()];
        let p = parts("welcome-to-jekyll", &cats);
        assert_eq!(
            fill(&style("date"), &p).unwrap(),
            "/jekyll/update%20notes/2016/05/09/welcome-to-jekyll.html"
        );
        assert_eq!(
            fill(&style("pretty"), &parts("x", &[])).unwrap(),
            "/2016/05/09/x/"
        );
        assert_eq!(
            fill(&style("ordinal"), &parts("x", &[])).unwrap(),
            "/2016/130/x.html"
        );
        assert_eq!(
            fill(&style("weekdate"), &parts("x", &[])).unwrap(),
            "/2016/W19/Mon/x.html"
        );
        assert_eq!(fill(&style("none"), &parts("x", &[])).unwrap(), "/x.html");
        assert_eq!(
            fill(":year/:i_month/:i_day/:title/", &parts("Homebrew-git", &[])).unwrap(),
            "/2016/5/9/Homebrew-git/"
        );
        assert_eq!(
            fill("/:slug:output_ext", &parts("Homebrew-git", &[])).unwrap(),
            "/homebrew-git.html"
        );
        assert_eq!(fill("/:nope/", &parts("x", &[])), Err("nope".to_owned()));
        assert_eq!(
            unknown_placeholder("/:year/:titles/"),
            Some("titles".into())
        );
        assert_eq!(unknown_placeholder("/:year/:title_/"), None);
    }

    #[test]
    fn slugs_as_jekyll_makes_them() {
        assert_eq!(
            slugify("the-road-to -opensuse", true, true),
            "the-road-to-opensuse"
        );
        assert_eq!(
            slugify("osc2010-sneak-peaks-%e2%80%93-bernhard", true, true),
            "osc2010-sneak-peaks-e2-80-93-bernhard"
        );
        assert_eq!(slugify("Café & Bar!", false, false), "café-bar");
        assert_eq!(slugify("Café & Bar!", true, true), "Café-&-Bar!");
        assert_eq!(escape_path("café"), "caf%C3%A9");
        assert_eq!(escape_path("a b/c"), "a%20b/c");
    }
}
