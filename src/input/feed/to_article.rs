//! The rules that make a feed's item an article, step by step: its link, its media, its text, its
//! identity, its dates, title, authors, topics, related stories and body.
//!
//! An item keeps its own identity: its id is the feed's (RSS `guid`, Atom `id`, JSON Feed `id`), else
//! its link, else a hash of its content. Link and dates are optional; an item needs only a title, a
//! link, a description or an enclosure, and one with none of them is left out with an error. A part
//! that cannot be used (a link with another scheme, a date that is no date) is dropped with a warning.
//! Content written by frontfeed itself is recognised: [`body_of`] takes off the lead image and related
//! list it added, so converting a feed again neither doubles nor loses them; other content passes
//! through as it came, sanitised.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::item::{Item, RawMedia, Text};
use super::reader::Reader;
use crate::input::html_text::html_to_text;
use crate::input::markdown;
use crate::input::nesting::{MAX_HTML_DEPTH, nests_deeper_than};
use crate::input::rules::{add_topics, clean, clean_line, is_host_name, shorten};
use crate::model::content::{Body, body_of};
use crate::model::{Article, Attachment, Author, Image, Provider, Related};

/// Applies the rules of an article to every item. An item whose id an earlier item of the feed
/// already has is another item all the same (its text differs, or it is listed twice): it is given
/// its link as its id, else a hash of its content, with a warning.
pub(crate) fn articles(r: &mut Reader<'_>, items: Vec<Item>) -> Vec<Article> {
    let mut seen = HashSet::new();
    let mut articles = Vec::with_capacity(items.len());
    for item in items {
        let Some(mut article) = article(r, &item) else {
            continue;
        };
        if !seen.insert(article.id.clone()) {
            let earlier = std::mem::take(&mut article.id);
            let fresh = article
                .link
                .clone()
                .filter(|l| !seen.contains(l))
                .unwrap_or_else(|| content_hash(&item, &article, articles.len()));
            r.warning(
                item.at,
                format!(
                    "item #{} has the same id as an earlier item, `{earlier}`; it is kept with the id `{fresh}`",
                    item.number
                ),
                "give every item its own id",
            );
            seen.insert(fresh.clone());
            article.id = fresh;
        }
        articles.push(article);
    }
    articles
}

fn article(r: &mut Reader<'_>, item: &Item) -> Option<Article> {
    let link = link(r, item);
    let (images, attachments) = media(r, item);
    let excerpt = item.summary.as_ref().and_then(Text::to_plain);
    let has_text = excerpt.is_some()
        || [
            item.content.as_deref(),
            item.summary.as_ref().map(|s| s.value.as_str()),
        ]
        .into_iter()
        .flatten()
        .any(|t| !t.trim().is_empty());
    let titled = item.title.as_ref().and_then(Text::to_plain);
    if titled.is_none() && link.is_none() && !has_text && attachments.is_empty() {
        r.error(
            item.at,
            format!(
                "item #{} has no title, link, description or enclosure; it is left out",
                item.number
            ),
            "an item needs at least one of them",
        );
        return None;
    }
    let (published, updated) = dates_of(r, item);
    let base = item.base.as_deref();
    let original_url = item
        .original_url
        .as_deref()
        .and_then(|u| r.optional_link(u, base, item.at, "an external URL"))
        .filter(|u| Some(u) != link.as_ref());
    let mut topics = Vec::new();
    add_topics(
        &mut topics,
        item.categories.iter().cloned().map(|t| t.into_topic()),
    );
    let mut article = Article {
        source: r.path.to_owned(),
        id: String::new(),
        link,
        title: String::new(),
        excerpt,
        published,
        updated,
        original_url,
        amp_url: None,
        provider: provider(item),
        authors: authors(r, item),
        images,
        attachments,
        topics,
        section: None,
        related: related(r, item),
        is_published: true,
        terms: Vec::new(),
        visible_from: None,
        visible_until: None,
        quality: None,
        heat: None,
        locale: r.language(
            item.language.as_deref(),
            item.at,
            &format!("item #{}'s language", item.number),
        ),
        body_html: None,
        content_block: false,
    };
    article.title = titled.unwrap_or_else(|| made_title(r, item, &article));
    article.id = own_id(r, item).unwrap_or_else(|| {
        article
            .link
            .clone()
            .unwrap_or_else(|| content_hash(item, &article, 0))
    });
    body(r, item, &mut article);
    Some(article)
}

/// The item's link: its link, else its `guid` when that is meant as its link; one that cannot be
/// used is dropped with a warning.
fn link(r: &mut Reader<'_>, item: &Item) -> Option<String> {
    let base = item.base.as_deref();
    if let Some(raw) = item.link.as_deref() {
        let what = format!("item #{}'s link", item.number);
        return r.optional_link(raw, base, item.link_at.or(item.at), &what);
    }
    // A permalink guid that is no URL ("1234", a UUID) is still the item's id, just not a link.
    let guid = item.id.as_deref().filter(|_| item.id_is_link)?;
    r.link(guid, base).ok()
}

/// The item's own id: the feed's, cleaned; a permalink `guid` is the link it stands for.
fn own_id(r: &Reader<'_>, item: &Item) -> Option<String> {
    let id = item
        .id
        .as_deref()
        .map(clean_line)
        .filter(|id| !id.is_empty())?;
    if item.id_is_link
        && let Ok(link) = r.link(&id, item.base.as_deref())
    {
        return Some(link);
    }
    Some(id)
}

/// A stable id for an item that has neither an id nor a link: a hash of what it says (FNV-1a, the
/// same on every machine and in every run).
fn content_hash(item: &Item, article: &Article, salt: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |text: &str| {
        for b in text.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&article.title);
    eat(article.excerpt.as_deref().unwrap_or_default());
    eat(item.content.as_deref().unwrap_or_default());
    for file in &article.attachments {
        eat(&file.url);
    }
    eat(item.published.as_deref().unwrap_or_default());
    if salt > 0 {
        eat(&salt.to_string());
    }
    format!("urn:frontfeed:item:{hash:016x}")
}

/// Published and updated, as the item gives them; a date that cannot be read is left out with a
/// warning, never replaced by another.
fn dates_of(r: &mut Reader<'_>, item: &Item) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let (n, at) = (item.number, item.at);
    let published = item.published.as_deref().and_then(|d| {
        let what = format!("item #{n}'s publication date");
        r.date(d, item.published_at.or(at), &what, item.published_rfc822)
    });
    let updated = item.updated.as_deref().and_then(|d| {
        let what = format!("item #{n}'s update date");
        r.date(d, item.updated_at.or(at), &what, false)
    });
    (published, updated.filter(|u| Some(*u) != published))
}

/// A title for an item that has none, made from its text, else its link, else its first file, with
/// a warning.
fn made_title(r: &mut Reader<'_>, item: &Item, article: &Article) -> String {
    let from_text = article.excerpt.clone().or_else(|| {
        item.content
            .as_deref()
            .map(|c| clean_line(&html_to_text(c)))
            .filter(|t| !t.is_empty())
    });
    let title = match from_text {
        Some(text) => shorten(&text, 80),
        None => article
            .link
            .clone()
            .or_else(|| article.attachments.first().map(|a| a.url.clone()))
            .unwrap_or_else(|| format!("Item {}", item.number)),
    };
    r.warning(
        item.at,
        format!("item #{} has no title; using `{title}`", item.number),
        "give every item a title",
    );
    title
}

/// The images and the files (enclosures) of an item. The same image given twice (a thumbnail and
/// content) is one, with what each knows; so is the same file. An image enclosure that is also one
/// of the item's Media RSS images, without a size, is that image (frontfeed writes its lead image
/// so); any other enclosure is a file, whatever its type.
fn media(r: &mut Reader<'_>, item: &Item) -> (Vec<Image>, Vec<Attachment>) {
    let (at, base) = (item.at, item.base.as_deref());
    let mut images: Vec<Image> = Vec::new();
    let mut image_at: HashMap<String, usize> = HashMap::new();
    let mut files: Vec<(Attachment, bool)> = Vec::new();
    let mut file_at: HashMap<String, usize> = HashMap::new();
    for media in &item.media {
        let Some(url) = r.optional_link(&media.url, base, at, "an image or enclosure URL") else {
            continue;
        };
        let title = clean(media.title.as_deref());
        if !media.enclosure && media.is_image() {
            match image_at.get(&url) {
                Some(&i) => {
                    let known = &mut images[i];
                    known.width = known.width.or(media.width.filter(|w| *w > 0));
                    known.height = known.height.or(media.height.filter(|h| *h > 0));
                    known.title = known.title.take().or(title);
                    known.attribution = known
                        .attribution
                        .take()
                        .or_else(|| clean(media.credit.as_deref()));
                }
                None => {
                    image_at.insert(url.clone(), images.len());
                    images.push(Image {
                        url,
                        width: media.width.filter(|w| *w > 0),
                        height: media.height.filter(|h| *h > 0),
                        title,
                        attribution: clean(media.credit.as_deref()),
                    });
                }
            }
            continue;
        }
        let length = media.length.filter(|l| *l > 0);
        match file_at.get(&url) {
            Some(&i) => {
                let (known, enclosure) = &mut files[i];
                known.length = known.length.or(length);
                known.title = known.title.take().or(title);
                *enclosure |= media.enclosure;
            }
            None => {
                file_at.insert(url.clone(), files.len());
                let mime_type = mime_type(media, &url);
                files.push((
                    Attachment {
                        url,
                        mime_type,
                        length,
                        title,
                    },
                    media.enclosure,
                ));
            }
        }
    }
    let attachments = files
        .into_iter()
        .filter(|(file, enclosure)| {
            !(*enclosure
                && file.length.is_none()
                && file.mime_type.starts_with("image/")
                && image_at.contains_key(&file.url))
        })
        .map(|(file, _)| file)
        .collect();
    (images, attachments)
}

/// A file's type: as the feed gives it, else the one its name's extension implies, else
/// `application/octet-stream` (any file).
fn mime_type(media: &RawMedia, url: &str) -> String {
    media
        .mime
        .as_deref()
        .map(|m| m.split(';').next().unwrap_or_default().trim())
        .filter(|m| m.contains('/') && !m.contains(char::is_whitespace))
        .map(str::to_ascii_lowercase)
        .or_else(|| crate::model::mime_of_url(url).map(str::to_owned))
        .unwrap_or_else(|| "application/octet-stream".to_owned())
}

/// The related stories whose links can be used.
fn related(r: &mut Reader<'_>, item: &Item) -> Vec<Related> {
    let (at, base) = (item.at, item.base.as_deref());
    let mut related = Vec::new();
    for story in &item.related {
        let Some(url) = r.optional_link(&story.url, base, at, "a related link") else {
            continue;
        };
        let image = story
            .image
            .as_deref()
            .and_then(|i| r.optional_link(i, base, at, "a related story's image"))
            .map(|url| Image {
                url,
                width: None,
                height: None,
                title: None,
                attribution: None,
            });
        related.push(Related {
            title: clean(story.title.as_deref()).unwrap_or_else(|| url.clone()),
            url,
            excerpt: clean(story.excerpt.as_deref()),
            published: story
                .published
                .as_deref()
                .and_then(crate::input::dates::parse),
            provider: clean(story.provider.as_deref()),
            image,
        });
    }
    related
}

/// The people the item credits, each with what the feed gives (a home page or picture that cannot
/// be used is dropped with a warning); the same person named twice (`dc:creator` and
/// `itunes:author`) is one.
fn authors(r: &mut Reader<'_>, item: &Item) -> Vec<Author> {
    let (at, base) = (item.at, item.base.as_deref());
    let mut authors: Vec<Author> = Vec::new();
    for who in &item.authors {
        let author = Author {
            name: clean(who.name.as_deref()),
            email: clean(who.email.as_deref()),
            uri: who
                .uri
                .as_deref()
                .and_then(|u| r.optional_link(u, base, at, "an author's home page")),
            avatar: who
                .avatar
                .as_deref()
                .and_then(|u| r.optional_link(u, base, at, "an author's avatar")),
        };
        if author == Author::default() {
            continue;
        }
        let same = |a: &Author| {
            a.name.as_deref().map(str::to_lowercase)
                == author.name.as_deref().map(str::to_lowercase)
                && (a.email.is_none() || author.email.is_none() || a.email == author.email)
        };
        match authors.iter_mut().find(|a| same(a)) {
            Some(known) => {
                known.email = known.email.take().or(author.email);
                known.uri = known.uri.take().or(author.uri);
                known.avatar = known.avatar.take().or(author.avatar);
            }
            None => authors.push(author),
        }
    }
    authors
}

/// The provider: the feed the item says it was taken from (`source`), named by its title and with
/// its site's domain.
fn provider(item: &Item) -> Option<Provider> {
    let source = item.source.as_ref()?;
    let domain = source
        .uri
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .filter(|d| is_host_name(d));
    let name = clean(source.name.as_deref()).or_else(|| domain.clone())?;
    Some(Provider {
        name,
        domain,
        logo: None,
    })
}

/// The body: frontfeed's own content block recognised and taken off (the article is then given it
/// again), anything else sanitised as it came.
fn body(r: &mut Reader<'_>, item: &Item, article: &mut Article) {
    let html = [
        item.content.as_ref(),
        item.summary.iter().find(|s| s.html).map(|s| &s.value),
    ];
    if html
        .into_iter()
        .flatten()
        .any(|h| nests_deeper_than(h, MAX_HTML_DEPTH))
    {
        r.warning(
            item.at,
            format!(
                "item #{}'s HTML nests more than {MAX_HTML_DEPTH} levels deep; it is read as text",
                item.number
            ),
            "no real page nests that deep: check the program that wrote the feed",
        );
    }
    let body = item.content.as_deref().and_then(|c| body_of(c, article));
    let html = match body {
        Some(Body::Own(body)) => {
            article.content_block = true;
            body
        }
        Some(Body::Foreign(html)) => Some(html),
        None => None,
    };
    // Relative links in a feed's content resolve against the item's base, else the site.
    article.body_html = html.and_then(|h| match item.base.as_deref() {
        Some(base) => markdown::sanitize_against(&h, Some(base)),
        None => markdown::sanitize(&h, r.site),
    });
}
