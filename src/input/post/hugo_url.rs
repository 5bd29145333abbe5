//! Hugo's page URLs (Hugo 0.111 `page_paths.go`, `permalinks.go`, `helpers/path.go`): the page's
//! folder and name (or its `slug`), or its section's `[permalinks]` pattern, made path-safe and lower
//! case; `uglyURLs` write `name.html` instead of `name/`; a front-matter `url` is taken as written.

use chrono::{DateTime, Datelike, FixedOffset};

use super::colon_names;

/// What a page's URL is made of.
pub struct PageParts<'a> {
    /// Its folders below the content folder (for a bundle, the folders above the bundle's own).
    pub dirs: &'a [String],
    /// The file's name without extension (a bundle's: its folder's name).
    pub name: &'a str,
    /// `slug`, trimmed of `-`.
    pub slug: Option<&'a str>,
    /// `title`.
    pub title: &'a str,
    /// `.Date`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The section's pattern, when `[permalinks]` has one.
    pub pattern: Option<&'a str>,
    /// `uglyURLs` for its section.
    pub ugly: bool,
    /// `disablePathToLower`.
    pub keep_case: bool,
}

/// Every attribute a `[permalinks]` pattern may use.
pub const ATTRIBUTES: [&str; 13] = [
    "year",
    "month",
    "monthname",
    "day",
    "weekday",
    "weekdayname",
    "yearday",
    "section",
    "sections",
    "title",
    "slug",
    "slugorfilename",
    "filename",
];

/// The first attribute of `pattern` Hugo does not know.
pub fn unknown_attribute(pattern: &str) -> Option<String> {
    colon_names(pattern, |b| b.is_ascii_alphanumeric() || b == b'_')
        .into_iter()
        .find_map(|(_, _, name)| (!ATTRIBUTES.contains(&name.as_str())).then_some(name))
}

/// The page's URL, site-relative (`/news/0.89.4-relnotes/`), or the unknown attribute its
/// section's pattern uses.
pub fn page_url(p: &PageParts<'_>) -> Result<String, String> {
    let path = match p.pattern {
        Some(pattern) => expand(pattern, p)?,
        None => {
            let mut path = p.dirs.join("/");
            path.push('/');
            path.push_str(p.slug.unwrap_or(p.name));
            path
        }
    };
    let path = sanitize(&path, p.keep_case);
    let trimmed = path.trim_matches('/');
    Ok(if trimmed.is_empty() {
        "/".to_owned()
    } else if p.ugly {
        format!("/{trimmed}.html")
    } else {
        format!("/{trimmed}/")
    })
}

fn expand(pattern: &str, p: &PageParts<'_>) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut done = 0;
    for (start, end, name) in colon_names(pattern, |b| b.is_ascii_alphanumeric() || b == b'_') {
        out.push_str(&pattern[done..start]);
        let date = p.date.unwrap_or_default();
        let value = match name.as_str() {
            "year" => date.year().to_string(),
            "month" => format!("{:02}", date.month()),
            "monthname" => date.format("%B").to_string(),
            "day" => format!("{:02}", date.day()),
            "weekday" => date.weekday().num_days_from_sunday().to_string(),
            "weekdayname" => date.format("%A").to_string(),
            "yearday" => date.ordinal().to_string(),
            "section" => p.dirs.first().cloned().unwrap_or_default(),
            "sections" => p.dirs.join("/"),
            "title" => urlize(p.title, p.keep_case),
            "slug" => urlize(p.slug.unwrap_or(p.title), p.keep_case),
            "slugorfilename" => urlize(p.slug.unwrap_or(p.name), p.keep_case),
            "filename" => urlize(p.name, p.keep_case),
            _ => return Err(name),
        };
        out.push_str(&value);
        done = end;
    }
    out.push_str(&pattern[done..]);
    Ok(out)
}

/// Hugo's `URLize` of a value: path-safe, lower case.
fn urlize(text: &str, keep_case: bool) -> String {
    sanitize(text, keep_case)
}

/// Hugo's `MakePathSanitized`: letters, digits, marks and `./\_#+~-@` (and `%XX`) kept, white
/// space made one `-`, anything else dropped; lower case unless `keep_case`.
pub fn sanitize(text: &str, keep_case: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        let hex = |k: usize| chars.get(k).is_some_and(char::is_ascii_hexdigit);
        let allowed = "./\\_#+~-@".contains(c)
            || c.is_alphanumeric()
            || (c == '%' && hex(i + 1) && hex(i + 2));
        if allowed {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    if keep_case { out } else { out.to_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(dirs: &'a [String], name: &'a str) -> PageParts<'a> {
        PageParts {
            dirs,
            name,
            slug: None,
            title: "Root Shirt",
            date: DateTime::parse_from_rfc3339("2026-08-11T00:00:00Z").ok(),
            pattern: None,
            ugly: false,
            keep_case: false,
        }
    }

    #[test]
    fn pages_are_their_folder_and_name_in_lower_case() {
        let dirs = vec!["news".to_owned(), "2021".to_owned()];
        assert_eq!(
            page_url(&parts(&dirs, "0.91.2-relnotes")).unwrap(),
            "/news/2021/0.91.2-relnotes/"
        );
        let dirs = vec!["Blog".to_owned()];
        let mut p = parts(&dirs, "My Post");
        assert_eq!(page_url(&p).unwrap(), "/blog/my-post/");
        p.slug = Some("custom");
        p.ugly = true;
        assert_eq!(page_url(&p).unwrap(), "/blog/custom.html");
    }

    #[test]
    fn sections_use_their_permalink_pattern() {
        let dirs = vec!["post".to_owned()];
        let mut p = parts(&dirs, "2026-08-11-root-shirt");
        p.pattern = Some("/:year/:month/:day/:slug/");
        p.slug = Some("root-shirt");
        p.ugly = true;
        assert_eq!(page_url(&p).unwrap(), "/2026/08/11/root-shirt.html");
        p.slug = None;
        p.ugly = false;
        assert_eq!(page_url(&p).unwrap(), "/2026/08/11/root-shirt/");
        p.pattern = Some("/:section/:filename/");
        assert_eq!(page_url(&p).unwrap(), "/post/2026-08-11-root-shirt/");
        p.pattern = Some("/:nope/");
        assert_eq!(page_url(&p), Err("nope".into()));
    }

    #[test]
    fn paths_as_hugo_sanitizes_them() {
        assert_eq!(sanitize("Hello, World! 2", false), "hello-world-2");
        assert_eq!(sanitize("a - b", false), "a-b");
        assert_eq!(sanitize("Keep Case", true), "Keep-Case");
    }
}
