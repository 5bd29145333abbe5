//! OPML 2.0: the list of every feed a run wrote into a folder, so a reader subscribes to all at once.

use super::format::Format;
use super::xml::{TextStyle, Xml};

/// One feed in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The feed's title.
    pub title: String,
    /// Its format.
    pub format: Format,
    /// Its public URL, or its file name when the folder's URL is unknown.
    pub xml_url: String,
    /// The site's home page.
    pub html_url: Option<String>,
}

/// Writes the list titled `title`.
pub fn write(title: &str, outlines: &[Outline]) -> Vec<u8> {
    let mut x = Xml::new(TextStyle::Entities, 1024 + outlines.len() * 512);
    x.open("opml", &[("version", "2.0")]);
    x.open("head", &[]);
    x.text("title", &[], title);
    x.close("head");
    x.open("body", &[]);
    for o in outlines {
        let text = format!("{} ({})", o.title, o.format.label());
        let mut attrs = vec![
            ("type", "rss"),
            ("text", text.as_str()),
            ("title", text.as_str()),
            ("xmlUrl", o.xml_url.as_str()),
        ];
        if let Some(html) = &o.html_url {
            attrs.push(("htmlUrl", html));
        }
        x.empty("outline", &attrs);
    }
    x.close("body");
    x.close("opml");
    x.into_bytes()
}
