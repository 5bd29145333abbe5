//! Reading feeds as input: RSS 0.9x, 1.0 and 2.0, Atom 1.0 and JSON Feed 1.0 and 1.1, named on the
//! command line, turned into the same [`Article`]s as article files.
//!
//! The format is told from the content, never the file name. Each format's reader (`rss`, `atom`,
//! `json`) only collects what an item says into an [`Item`]; the rules of what makes an article are
//! here, shared: a title (made from the item's text, with a warning, when it has none), an absolute
//! http(s) link, a date, plain-text title and excerpt, sanitized HTML content, safe image and
//! enclosure URLs. Nothing is fetched from the network and no DTD or external entity is read.
//!
//! Content written by frontfeed itself is recognised: [`crate::model::content::body_of`] removes the
//! lead image and related list it added, so converting a feed again never doubles them.

mod atom;
mod json;
mod rss;
pub mod xml;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::link::{self, LinkProblem};
use super::mapping::{clean_line, is_host_name, link_help};
use super::{ReadOptions, dates, markdown};
use crate::error::{Diagnostic, Location};
use crate::model::content::body_of;
use crate::model::{Article, Attachment, FeedMeta, Image, Person, Provider, Related};

/// What kind of document a named file holds, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// XML: RSS, RDF or Atom.
    Xml,
    /// JSON: JSON Feed.
    Json,
}

/// Tells a feed from an article by its first character: `<` is XML, `{` is JSON, anything else
/// (an article starts with `---`) is not a feed.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Kind::Xml),
        Some(b'{') => Some(Kind::Json),
        _ => None,
    }
}

/// The feed formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedFormat {
    /// RSS 0.9x or 2.0.
    Rss,
    /// RSS 0.90 or 1.0 (RDF).
    Rdf,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.0 or 1.1.
    Json,
}

impl FeedFormat {
    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            FeedFormat::Rss => "RSS",
            FeedFormat::Rdf => "RSS 1.0",
            FeedFormat::Atom => "Atom",
            FeedFormat::Json => "JSON Feed",
        }
    }
}

/// A feed read: its format, its own metadata (which a converted feed inherits where the user set
/// none) and its items as articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedRead {
    /// The format read.
    pub format: FeedFormat,
    /// Title, description, home page, language, author, icon and logo as the feed gives them.
    pub title: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// The feed's home page.
    pub home_url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// The feed's author.
    pub author: Option<Person>,
    /// Icon URL.
    pub icon: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// The items, in feed order.
    pub articles: Vec<Article>,
}

impl FeedRead {
    /// Fills the fields of `meta` that the user did not set from this feed; `title_set` says whether
    /// the title was set rather than a fallback.
    pub fn fill(&self, meta: &mut FeedMeta, title_set: bool) {
        if !title_set && let Some(title) = &self.title {
            meta.title.clone_from(title);
        }
        fill(&mut meta.description, &self.description);
        fill(&mut meta.home_url, &self.home_url);
        fill(&mut meta.language, &self.language);
        fill(&mut meta.icon, &self.icon);
        fill(&mut meta.logo, &self.logo);
        if meta.author.is_none() {
            meta.author.clone_from(&self.author);
        }
    }
}

fn fill(slot: &mut Option<String>, value: &Option<String>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

/// Text as a feed gives it: plain, or HTML to be read as text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    pub value: String,
    pub html: bool,
}

impl Text {
    fn plain(value: impl Into<String>) -> Self {
        Text {
            value: value.into(),
            html: false,
        }
    }

    fn html(value: impl Into<String>) -> Self {
        Text {
            value: value.into(),
            html: true,
        }
    }

    /// The plain text, cleaned as every text field is.
    fn to_plain(&self) -> Option<String> {
        let text = if self.html {
            html_to_text(&self.value)
        } else {
            self.value.clone()
        };
        let text = clean_line(&text);
        (!text.is_empty()).then_some(text)
    }
}

/// A person as a feed names them.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawPerson {
    pub name: Option<String>,
    pub email: Option<String>,
    pub uri: Option<String>,
    pub avatar: Option<String>,
}

impl RawPerson {
    /// The person as feed metadata: named by their name, else their e-mail address.
    fn into_person(self) -> Option<Person> {
        Some(Person {
            name: self.name.or_else(|| self.email.clone())?,
            email: self.email,
            uri: self.uri,
        })
    }
}

/// An image or enclosure as a feed gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawMedia {
    pub url: String,
    pub mime: Option<String>,
    pub medium: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub length: Option<u64>,
    pub title: Option<String>,
    pub credit: Option<String>,
}

impl RawMedia {
    /// Whether this is an image (by MIME type, Media RSS medium, or file name).
    fn is_image(&self) -> bool {
        match (&self.mime, &self.medium) {
            (Some(mime), _) => mime.trim().to_ascii_lowercase().starts_with("image/"),
            (None, Some(medium)) => medium == "image",
            (None, None) => {
                let probe = Image {
                    url: self.url.clone(),
                    width: None,
                    height: None,
                    title: None,
                    attribution: None,
                };
                probe.mime_type().is_some()
            }
        }
    }
}

/// A related story as a feed gives it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawRelated {
    pub url: String,
    pub title: Option<String>,
    pub excerpt: Option<String>,
    pub published: Option<String>,
    pub provider: Option<String>,
    pub image: Option<String>,
}

/// What one item of a feed says, before the rules of an article are applied.
#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    /// Where the item starts, for diagnostics.
    pub at: Option<Location>,
    /// Where its link and its dates are written, when known.
    pub link_at: Option<Location>,
    pub published_at: Option<Location>,
    pub updated_at: Option<Location>,
    /// Its number in the feed, from 1.
    pub number: usize,
    pub title: Option<Text>,
    pub link: Option<String>,
    /// The item's own id, and whether it is meant as its link (an RSS permalink `guid`).
    pub id: Option<String>,
    pub id_is_link: bool,
    pub published: Option<String>,
    /// Whether `published` comes from an RSS `pubDate`, which must be RFC 822.
    pub published_rfc822: bool,
    pub updated: Option<String>,
    pub summary: Option<Text>,
    /// HTML content.
    pub content: Option<String>,
    pub authors: Vec<RawPerson>,
    pub source: Option<RawPerson>,
    pub categories: Vec<String>,
    pub media: Vec<RawMedia>,
    pub related: Vec<RawRelated>,
    pub original_url: Option<String>,
    pub language: Option<String>,
    /// Base for relative links: the item's or the feed's `xml:base`, else the feed's home page.
    pub base: Option<String>,
}

/// Reads one feed file. Errors in the document reject the file; errors in one item leave that item
/// out; everything else becomes a warning.
pub fn read(
    path: &str,
    bytes: &[u8],
    kind: Kind,
    options: &ReadOptions,
) -> (Option<FeedRead>, Vec<Diagnostic>) {
    let mut reader = Reader {
        path,
        text: String::new(),
        site: options.site_url.as_deref(),
        diagnostics: Vec::new(),
    };
    let feed = match decode(path, bytes, kind) {
        Ok(text) => {
            reader.text = text;
            match kind {
                Kind::Xml => reader.xml(),
                Kind::Json => json::read(&mut reader),
            }
        }
        Err(d) => {
            reader.diagnostics.push(*d);
            None
        }
    };
    (feed, reader.diagnostics)
}

/// Decodes a feed's bytes: XML in the encoding its declaration names (UTF-8 by default), JSON as UTF-8.
fn decode(path: &str, bytes: &[u8], kind: Kind) -> Result<String, Box<Diagnostic>> {
    let encoding = match kind {
        Kind::Xml => declared_encoding(bytes),
        Kind::Json => None,
    };
    match encoding {
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                let message = format!("the file is not valid {} text", encoding.name());
                return Err(Box::new(
                    Diagnostic::error(Some(path), message)
                        .help("save the feed in the encoding its XML declaration names"),
                ));
            }
            Ok(text.replace("\r\n", "\n"))
        }
        _ => super::front_matter::decode(path, bytes),
    }
}

/// The encoding an XML declaration names, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start_matches('\u{feff}').trim_start();
    let decl = &decl[..decl.find("?>")?];
    if !decl.starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Reads HTML as plain text: tags removed (scripts and styles with their content), references
/// decoded, a space where block elements and line breaks separate words.
pub fn html_to_text(html: &str) -> String {
    const BLOCKS: [&str; 14] = [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "blockquote",
        "hr",
    ];
    let mut spaced = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        spaced.push_str(&rest[..i]);
        let tag = rest[i + 1..].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            spaced.push(' ');
        }
        spaced.push('<');
        rest = &rest[i + 1..];
    }
    spaced.push_str(rest);
    let text = ammonia::Builder::empty()
        .clean_content_tags(["script", "style"].into_iter().collect())
        .clean(&spaced)
        .to_string();
    // The serializer escapes exactly these in text.
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Whether HTML has any markup at all, rather than being escaped text.
fn has_markup(html: &str) -> bool {
    html.contains('<')
}

/// Collects one feed file's diagnostics while it is read.
pub(crate) struct Reader<'a> {
    pub path: &'a str,
    pub text: String,
    site: Option<&'a str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The line and column of byte `offset` of the text.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }

    fn diagnostic(&self, d: Diagnostic, at: Option<Location>) -> Diagnostic {
        match at {
            Some(at) => d.at(at, &self.text),
            None => d,
        }
    }

    /// An error that rejects the file.
    pub fn error(&mut self, at: Option<Location>, message: impl Into<String>, help: &str) {
        let d = Diagnostic::error(Some(self.path), message).help(help);
        let d = self.diagnostic(d, at);
        self.diagnostics.push(d);
    }

    /// A warning.
    pub fn warning(&mut self, at: Option<Location>, message: impl Into<String>, help: &str) {
        let d = Diagnostic::warning(Some(self.path), message).help(help);
        let d = self.diagnostic(d, at);
        self.diagnostics.push(d);
    }

    fn xml(&mut self) -> Option<FeedRead> {
        let root = match xml::parse(&self.text) {
            Ok(root) => root,
            Err(err) => {
                let at = self.location(err.offset);
                let help = if err.message.contains("entity") {
                    "escape a bare `&` as `&amp;`"
                } else {
                    "fix the XML at this place; every element must be closed and every `&` and `<` in text escaped"
                };
                self.error(Some(at), err.message, help);
                return None;
            }
        };
        let at = Some(self.location(root.start));
        let ns = root.ns.as_deref();
        match (ns, root.name.as_str()) {
            (None, "rss") => rss::read(self, &root, FeedFormat::Rss),
            (Some(xml::ns::RDF), "RDF") => rss::read(self, &root, FeedFormat::Rdf),
            (Some(xml::ns::ATOM), "feed") => atom::read(self, &root),
            (Some(other), "feed") if other.eq_ignore_ascii_case(xml::ns::ATOM) => {
                self.warning(
                    at,
                    format!(
                        "the feed's namespace is `{other}`, not Atom's `{}`; it is read as Atom",
                        xml::ns::ATOM
                    ),
                    "namespace names are case-sensitive: write xmlns=\"http://www.w3.org/2005/Atom\"",
                );
                atom::read(self, &root)
            }
            _ => {
                let name = match ns {
                    Some(ns) => format!("<{}> in the namespace `{ns}`", root.name),
                    None => format!("<{}>", root.name),
                };
                self.error(
                    at,
                    format!("not a feed: the document's root element is {name}"),
                    "name RSS (<rss>, <rdf:RDF>), Atom (<feed>) or JSON Feed files, or articles",
                );
                None
            }
        }
    }

    /// Resolves a link of an item against its base, or says why it cannot be used.
    fn link(&self, raw: &str, base: Option<&str>) -> Result<String, LinkProblem> {
        let raw = raw.trim();
        let joined = base
            .and_then(|b| url::Url::parse(b).ok())
            .filter(|_| url::Url::parse(raw).is_err())
            .and_then(|b| b.join(raw).ok())
            .map(String::from);
        link::resolve(joined.as_deref().unwrap_or(raw), self.site)
    }

    /// An optional link: dropped with a warning when it cannot be used.
    fn optional_link(
        &mut self,
        raw: &str,
        base: Option<&str>,
        at: Option<Location>,
        what: &str,
    ) -> Option<String> {
        match self.link(raw, base) {
            Ok(url) => Some(url),
            Err(problem) => {
                self.warning(
                    at,
                    format!("{what} `{}` {problem}; it is left out", raw.trim()),
                    link_help(&problem),
                );
                None
            }
        }
    }

    fn date(
        &mut self,
        raw: &str,
        at: Option<Location>,
        what: &str,
        rfc822: bool,
    ) -> Option<DateTime<Utc>> {
        let parsed = dates::parse(raw);
        match parsed {
            None => self.warning(
                at,
                format!("{what} is not a date: `{}`; it is left out", raw.trim()),
                if rfc822 {
                    "write RSS dates as RFC 822, e.g. `Mon, 06 Jan 2025 09:30:00 +0000`"
                } else {
                    "write the date as RFC 3339, e.g. `2025-01-06T09:30:00Z`"
                },
            ),
            Some(date) if rfc822 && DateTime::parse_from_rfc2822(raw.trim()).is_err() => self
                .warning(
                    at,
                    format!(
                        "{what} `{}` is not an RFC 822 date; read as {}",
                        raw.trim(),
                        date.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                    ),
                    "write RSS dates as RFC 822, e.g. `Mon, 06 Jan 2025 09:30:00 +0000`",
                ),
            Some(_) => {}
        }
        parsed
    }

    /// Applies the rules of an article to every item; a later item with an earlier item's id loses
    /// it. `feed_date` is the feed's own date, for items without one.
    pub(crate) fn articles(&mut self, items: Vec<Item>, feed_date: Option<&str>) -> Vec<Article> {
        let mut seen = HashSet::new();
        let mut articles = Vec::with_capacity(items.len());
        for item in items {
            if let Some(mut article) = self.article(item, feed_date) {
                if let Some(guid) = &article.guid
                    && !seen.insert(guid.clone())
                {
                    let message = format!(
                        "item #{} has the same id as an earlier item, `{guid}`; its link is its id",
                        articles.len() + 1
                    );
                    self.warning(None, message, "give every item its own id");
                    article.guid = None;
                }
                articles.push(article);
            }
        }
        articles
    }

    fn article(&mut self, item: Item, feed_date: Option<&str>) -> Option<Article> {
        let at = item.at;
        let n = item.number;
        let base = item.base.as_deref();
        // The link: the item's link, else its id when that is a link.
        let id_link = item.id.as_deref().filter(|id| {
            item.id_is_link || id.starts_with("http://") || id.starts_with("https://")
        });
        let Some(raw_link) = item.link.as_deref().or(id_link) else {
            self.error(
                at,
                format!("item #{n} has no link; it is left out"),
                "give every item a link to its page",
            );
            return None;
        };
        let link = match self.link(raw_link, base) {
            Ok(link) => link,
            Err(problem) => {
                self.error(
                    item.link_at.or(at),
                    format!(
                        "item #{n}'s link `{}` {problem}; it is left out",
                        raw_link.trim()
                    ),
                    link_help(&problem),
                );
                return None;
            }
        };
        let guid = item
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty() && !item.id_is_link)
            .filter(|id| self.link(id, base).ok().as_deref() != Some(link.as_str()))
            .map(clean_line);
        let published = item.published.as_deref().and_then(|d| {
            let what = format!("item #{n}'s publication date");
            self.date(d, item.published_at.or(at), &what, item.published_rfc822)
        });
        let updated = item.updated.as_deref().and_then(|d| {
            let what = format!("item #{n}'s update date");
            self.date(d, item.updated_at.or(at), &what, false)
        });
        let published = match (published, updated) {
            (Some(p), _) => p,
            (None, Some(u)) => u,
            (None, None) => match feed_date.and_then(dates::parse) {
                Some(date) => {
                    self.warning(
                        at,
                        format!("item #{n} has no date; using the feed's date"),
                        "give every item a publication date",
                    );
                    date
                }
                None => {
                    self.error(
                        at,
                        format!("item #{n} has no date; it is left out"),
                        "give every item a publication date",
                    );
                    return None;
                }
            },
        };
        let updated = updated.filter(|u| *u != published);
        let excerpt = item.summary.as_ref().and_then(Text::to_plain);
        let title = match item.title.as_ref().and_then(Text::to_plain) {
            Some(title) => title,
            None => {
                let from_text = excerpt.clone().or_else(|| {
                    item.content
                        .as_deref()
                        .map(|c| clean_line(&html_to_text(c)))
                        .filter(|t| !t.is_empty())
                });
                let title = from_text.map_or_else(|| link.clone(), |t| shorten(&t, 80));
                self.warning(
                    at,
                    format!("item #{n} has no title; using `{title}`"),
                    "give every item a title",
                );
                title
            }
        };
        let provider = self.provider(&item, at);
        let mut images: Vec<Image> = Vec::new();
        let mut attachments: Vec<Attachment> = Vec::new();
        for media in &item.media {
            let Some(url) = self.optional_link(&media.url, base, at, "an image or enclosure URL")
            else {
                continue;
            };
            if media.is_image() {
                match images.iter_mut().find(|i| i.url == url) {
                    // The same image as a thumbnail and as content: keep what each knows.
                    Some(known) => {
                        known.width = known.width.or(media.width);
                        known.height = known.height.or(media.height);
                        known.title = known
                            .title
                            .clone()
                            .or_else(|| clean(media.title.as_deref()));
                        known.attribution = known
                            .attribution
                            .clone()
                            .or_else(|| clean(media.credit.as_deref()));
                    }
                    None => images.push(Image {
                        url,
                        width: media.width.filter(|w| *w > 0),
                        height: media.height.filter(|h| *h > 0),
                        title: clean(media.title.as_deref()),
                        attribution: clean(media.credit.as_deref()),
                    }),
                }
            } else {
                let Some(mime) = media
                    .mime
                    .as_deref()
                    .map(str::trim)
                    .filter(|m| m.contains('/'))
                else {
                    self.warning(
                        at,
                        format!("item #{n}'s enclosure `{url}` has no MIME type; it is left out"),
                        "give every enclosure a type, e.g. `audio/mpeg`",
                    );
                    continue;
                };
                match attachments.iter_mut().find(|a| a.url == url) {
                    Some(known) => {
                        known.length = known.length.or(media.length.filter(|l| *l > 0));
                        known.title = known
                            .title
                            .clone()
                            .or_else(|| clean(media.title.as_deref()));
                    }
                    None => attachments.push(Attachment {
                        url,
                        mime_type: mime.to_ascii_lowercase(),
                        length: media.length.filter(|l| *l > 0),
                        title: clean(media.title.as_deref()),
                    }),
                }
            }
        }
        let mut topics: Vec<String> = Vec::new();
        for topic in item.categories.iter().map(|t| clean_line(t)) {
            if !topic.is_empty() && !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        let mut related = Vec::new();
        for r in &item.related {
            let Some(url) = self.optional_link(&r.url, base, at, "a related link") else {
                continue;
            };
            let published = r.published.as_deref().and_then(dates::parse);
            let image = r
                .image
                .as_deref()
                .and_then(|i| self.optional_link(i, base, at, "a related story's image"))
                .map(|url| Image {
                    url,
                    width: None,
                    height: None,
                    title: None,
                    attribution: None,
                });
            related.push(Related {
                title: clean(r.title.as_deref()).unwrap_or_else(|| url.clone()),
                url,
                excerpt: clean(r.excerpt.as_deref()),
                published,
                provider: clean(r.provider.as_deref()),
                image,
            });
        }
        let original_url = item
            .original_url
            .as_deref()
            .and_then(|u| self.optional_link(u, base, at, "an external URL"))
            .filter(|u| *u != link);
        let mut article = Article {
            source: self.path.to_owned(),
            id: link,
            guid,
            title,
            excerpt,
            published,
            updated,
            original_url,
            amp_url: None,
            provider,
            images,
            attachments,
            topics,
            section: None,
            related,
            is_published: true,
            quality: None,
            heat: None,
            locale: clean(item.language.as_deref()),
            body_html: None,
        };
        let site = item.base.as_deref().or(self.site);
        article.body_html = item
            .content
            .as_deref()
            .and_then(|html| body_of(html, &article))
            .and_then(|body| markdown::sanitize(&body, site));
        Some(article)
    }

    /// The provider: the first author, else the item's source.
    fn provider(&mut self, item: &Item, at: Option<Location>) -> Option<Provider> {
        let who = item
            .authors
            .iter()
            .find(|p| p.name.is_some() || p.uri.is_some())
            .or(item.source.as_ref())?;
        let domain = who
            .uri
            .as_deref()
            .and_then(|u| url::Url::parse(u.trim()).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .filter(|d| is_host_name(d));
        let name = clean(who.name.as_deref())
            .or_else(|| clean(who.email.as_deref()))
            .or_else(|| domain.clone())?;
        let logo = who
            .avatar
            .as_deref()
            .and_then(|a| self.optional_link(a, item.base.as_deref(), at, "an author's avatar"))
            .map(|url| Image {
                url,
                width: None,
                height: None,
                title: None,
                attribution: None,
            });
        Some(Provider { name, domain, logo })
    }
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(clean_line).filter(|t| !t.is_empty())
}

/// At most `max` characters of `text`, cut at a word, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feeds_and_articles() {
        assert_eq!(sniff(b"\xEF\xBB\xBF  <?xml"), Some(Kind::Xml));
        assert_eq!(sniff(b"\n{\"version\""), Some(Kind::Json));
        assert_eq!(sniff(b"---\ntitle: x\n---\n"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn html_reads_as_text() {
        assert_eq!(html_to_text("a &lt;b&gt; &amp; c"), "a <b> & c");
        assert_eq!(
            clean_line(&html_to_text(
                "<p>One</p><p>Two <b>bold</b></p><script>x()</script>"
            )),
            "One Two bold"
        );
    }

    #[test]
    fn shortens_at_a_word() {
        assert_eq!(shorten("short", 80), "short");
        assert_eq!(shorten("one two three", 9), "one two…");
    }

    #[test]
    fn reads_the_declared_encoding() {
        let e = declared_encoding(b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><rss/>");
        assert_eq!(e, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(declared_encoding(b"<rss/>"), None);
    }
}
