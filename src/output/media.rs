//! Media RSS elements (`http://search.yahoo.com/mrss/`), shared by the RSS and Atom writers.

use super::xml::Xml;
use crate::model::{Attachment, Image};

/// An image's width and height as attribute values, when both are known.
struct Size(Option<(String, String)>);

impl Size {
    fn of(image: &Image) -> Self {
        Size(
            image
                .width
                .zip(image.height)
                .map(|(w, h)| (w.to_string(), h.to_string())),
        )
    }

    fn push_to<'a>(&'a self, attrs: &mut Vec<(&'a str, &'a str)>) {
        if let Some((w, h)) = &self.0 {
            attrs.push(("width", w));
            attrs.push(("height", h));
        }
    }
}

/// `<media:content>` for one image, with its type, size, caption and credit when known.
pub fn content(x: &mut Xml, image: &Image) {
    let size = Size::of(image);
    let mut attrs = vec![("url", image.url.as_str()), ("medium", "image")];
    if let Some(mime) = image.mime_type() {
        attrs.push(("type", mime));
    }
    size.push_to(&mut attrs);
    if image.title.is_none() && image.attribution.is_none() {
        x.empty("media:content", &attrs);
        return;
    }
    x.open("media:content", &attrs);
    if let Some(title) = &image.title {
        x.text("media:title", &[("type", "plain")], title);
    }
    if let Some(credit) = &image.attribution {
        x.text("media:credit", &[], credit);
    }
    x.close("media:content");
}

/// `<media:thumbnail>` for one image.
pub fn thumbnail(x: &mut Xml, image: &Image) {
    let size = Size::of(image);
    let mut attrs = vec![("url", image.url.as_str())];
    size.push_to(&mut attrs);
    x.empty("media:thumbnail", &attrs);
}

/// `<media:content>` for a file that is not an image, with its type, size and title.
pub fn attachment(x: &mut Xml, file: &Attachment) {
    let size = file.length.map(|l| l.to_string());
    let mut attrs = vec![
        ("url", file.url.as_str()),
        ("type", file.mime_type.as_str()),
    ];
    if let Some(size) = &size {
        attrs.push(("fileSize", size));
    }
    let medium = match file.mime_type.split('/').next() {
        Some("audio") => Some("audio"),
        Some("video") => Some("video"),
        _ => None,
    };
    if let Some(medium) = medium {
        attrs.push(("medium", medium));
    }
    match &file.title {
        None => x.empty("media:content", &attrs),
        Some(title) => {
            x.open("media:content", &attrs);
            x.text("media:title", &[("type", "plain")], title);
            x.close("media:content");
        }
    }
}
