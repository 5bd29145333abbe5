//! The rules that make a feed's item an article, step by step: its link (required), its own id, its
//! dates, title and excerpt, provider, images and enclosures, topics, related stories and body.
//!
//! A problem with a required part leaves the item out with an error; an optional part that cannot be
//! used is dropped with a warning. Content written by frontfeed itself is recognised:
//! [`body_of`] removes the lead image and related list it added, so converting a feed again never
//! doubles them.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::item::{Item, Text};
use super::reader::Reader;
use crate::error::Location;
use crate::input::dates;
use crate::input::html_text::html_to_text;
use crate::input::markdown;
use crate::input::rules::{add_topics, clean, clean_line, is_host_name, link_help, shorten};
use crate::model::content::body_of;
use crate::model::{Article, Attachment, Image, Provider, Related};

/// Applies the rules of an article to every item; a later item with an earlier item's id loses
/// it. `feed_date` is the feed's own date, for items without one.
pub(crate) fn articles(
    r: &mut Reader<'_>,
    items: Vec<Item>,
    feed_date: Option<&str>,
) -> Vec<Article> {
    let mut seen = HashSet::new();
    let mut articles = Vec::with_capacity(items.len());
    for item in items {
        if let Some(mut article) = article(r, item, feed_date) {
            if let Some(guid) = &article.guid
                && !seen.insert(guid.clone())
            {
                let message = format!(
                    "item #{} has the same id as an earlier item, `{guid}`; its link is its id",
                    articles.len() + 1
                );
                r.warning(None, message, "give every item its own id");
                article.guid = None;
            }
            articles.push(article);
        }
    }
    articles
}

fn article(r: &mut Reader<'_>, item: Item, feed_date: Option<&str>) -> Option<Article> {
    let link = link(r, &item)?;
    let guid = own_id(r, &item, &link);
    let (published, updated) = dates_of(r, &item, feed_date)?;
    let excerpt = item.summary.as_ref().and_then(Text::to_plain);
    let title = title(r, &item, excerpt.as_deref(), &link);
    let provider = provider(r, &item);
    let (images, attachments) = media(r, &item);
    let mut topics = Vec::new();
    add_topics(&mut topics, item.categories.iter().map(String::as_str));
    let related = related(r, &item);
    let base = item.base.as_deref();
    let original_url = item
        .original_url
        .as_deref()
        .and_then(|u| r.optional_link(u, base, item.at, "an external URL"))
        .filter(|u| *u != link);
    let mut article = Article {
        source: r.path.to_owned(),
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
        authors: Vec::new(),
        terms: Vec::new(),
        visible_from: None,
        visible_until: None,
        quality: None,
        heat: None,
        locale: clean(item.language.as_deref()),
        body_html: None,
    };
    let site = item.base.as_deref().or(r.site);
    article.body_html = item
        .content
        .as_deref()
        .and_then(|html| body_of(html, &article))
        .and_then(|body| markdown::sanitize(&body, site));
    Some(article)
}

/// The item's link: its link, else its id when that is a link; without one the item is left out.
fn link(r: &mut Reader<'_>, item: &Item) -> Option<String> {
    let n = item.number;
    let id_link = item
        .id
        .as_deref()
        .filter(|id| item.id_is_link || id.starts_with("http://") || id.starts_with("https://"));
    let Some(raw_link) = item.link.as_deref().or(id_link) else {
        r.error(
            item.at,
            format!("item #{n} has no link; it is left out"),
            "give every item a link to its page",
        );
        return None;
    };
    match r.link(raw_link, item.base.as_deref()) {
        Ok(link) => Some(link),
        Err(problem) => {
            r.error(
                item.link_at.or(item.at),
                format!(
                    "item #{n}'s link `{}` {problem}; it is left out",
                    raw_link.trim()
                ),
                link_help(&problem),
            );
            None
        }
    }
}

/// The item's own id, when it has one that is not its link.
fn own_id(r: &Reader<'_>, item: &Item, link: &str) -> Option<String> {
    item.id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty() && !item.id_is_link)
        .filter(|id| r.link(id, item.base.as_deref()).ok().as_deref() != Some(link))
        .map(clean_line)
}

/// Published and updated: the item's dates, the update date when it has no other, else the feed's
/// date with a warning; an item with no date at all is left out.
fn dates_of(
    r: &mut Reader<'_>,
    item: &Item,
    feed_date: Option<&str>,
) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let (n, at) = (item.number, item.at);
    let published = item.published.as_deref().and_then(|d| {
        let what = format!("item #{n}'s publication date");
        r.date(d, item.published_at.or(at), &what, item.published_rfc822)
    });
    let updated = item.updated.as_deref().and_then(|d| {
        let what = format!("item #{n}'s update date");
        r.date(d, item.updated_at.or(at), &what, false)
    });
    let published = match (published, updated) {
        (Some(p), _) => p,
        (None, Some(u)) => u,
        (None, None) => match feed_date.and_then(dates::parse) {
            Some(date) => {
                r.warning(
                    at,
                    format!("item #{n} has no date; using the feed's date"),
                    "give every item a publication date",
                );
                date
            }
            None => {
                r.error(
                    at,
                    format!("item #{n} has no date; it is left out"),
                    "give every item a publication date",
                );
                return None;
            }
        },
    };
    Some((published, updated.filter(|u| *u != published)))
}

/// The title, else one made from the item's text (or its link), with a warning.
fn title(r: &mut Reader<'_>, item: &Item, excerpt: Option<&str>, link: &str) -> String {
    if let Some(title) = item.title.as_ref().and_then(Text::to_plain) {
        return title;
    }
    let from_text = excerpt.map(str::to_owned).or_else(|| {
        item.content
            .as_deref()
            .map(|c| clean_line(&html_to_text(c)))
            .filter(|t| !t.is_empty())
    });
    let title = from_text.map_or_else(|| link.to_owned(), |t| shorten(&t, 80));
    r.warning(
        item.at,
        format!("item #{} has no title; using `{title}`", item.number),
        "give every item a title",
    );
    title
}

/// The images and the other files (enclosures) of an item; the same image given twice (a thumbnail
/// and content) is one, with what each knows.
fn media(r: &mut Reader<'_>, item: &Item) -> (Vec<Image>, Vec<Attachment>) {
    let (n, at, base) = (item.number, item.at, item.base.as_deref());
    let mut images: Vec<Image> = Vec::new();
    let mut attachments: Vec<Attachment> = Vec::new();
    for media in &item.media {
        let Some(url) = r.optional_link(&media.url, base, at, "an image or enclosure URL") else {
            continue;
        };
        let title = clean(media.title.as_deref());
        if media.is_image() {
            match images.iter_mut().find(|i| i.url == url) {
                Some(known) => {
                    known.width = known.width.or(media.width);
                    known.height = known.height.or(media.height);
                    known.title = known.title.take().or(title);
                    known.attribution = known
                        .attribution
                        .take()
                        .or_else(|| clean(media.credit.as_deref()));
                }
                None => images.push(Image {
                    url,
                    width: media.width.filter(|w| *w > 0),
                    height: media.height.filter(|h| *h > 0),
                    title,
                    attribution: clean(media.credit.as_deref()),
                }),
            }
            continue;
        }
        let Some(mime) = media
            .mime
            .as_deref()
            .map(str::trim)
            .filter(|m| m.contains('/'))
        else {
            r.warning(
                at,
                format!("item #{n}'s enclosure `{url}` has no MIME type; it is left out"),
                "give every enclosure a type, e.g. `audio/mpeg`",
            );
            continue;
        };
        match attachments.iter_mut().find(|a| a.url == url) {
            Some(known) => {
                known.length = known.length.or(media.length.filter(|l| *l > 0));
                known.title = known.title.take().or(title);
            }
            None => attachments.push(Attachment {
                url,
                mime_type: mime.to_ascii_lowercase(),
                length: media.length.filter(|l| *l > 0),
                title,
            }),
        }
    }
    (images, attachments)
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
            published: story.published.as_deref().and_then(dates::parse),
            provider: clean(story.provider.as_deref()),
            image,
        });
    }
    related
}

/// The provider: the first author, else the item's source.
fn provider(r: &mut Reader<'_>, item: &Item) -> Option<Provider> {
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
    let at: Option<Location> = item.at;
    let logo = who
        .avatar
        .as_deref()
        .and_then(|a| r.optional_link(a, item.base.as_deref(), at, "an author's avatar"))
        .map(|url| Image {
            url,
            width: None,
            height: None,
            title: None,
            attribution: None,
        });
    Some(Provider { name, domain, logo })
}
