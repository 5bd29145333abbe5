//! Choosing and ordering a feed's items: drafts out, copies of one story merged, newest first, limit.
//!
//! Identity is the article id (an article file's encoded URL, a feed item's own id), so items are
//! stable across runs, file renames and folder order. Copies of one story become one item: published
//! is the earliest copy's date, updated the latest copy's, everything else comes from the latest copy.
//! Items are listed by date (`published`, else `updated`), newest first, ids breaking ties; undated
//! items (feeds may have them) come after every dated one, in the order they were read.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

use crate::filter::Filter;
use crate::model::{Article, Candidate, ItemRef};

/// How to select items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Keep `published: false` articles (and expired ones).
    pub include_unpublished: bool,
    /// Keep posts dated after `now` on sites that hold them back.
    pub include_future: bool,
    /// The time of the run, which future and expired posts are measured against (`None`: no post
    /// is either).
    pub now: Option<DateTime<Utc>>,
    /// Keep at most this many items; 0 keeps all.
    pub limit: usize,
}

impl Selection {
    /// Whether `candidate` is shown at all: not a draft, not held back as future, not expired
    /// (unless those are asked for).
    pub fn shows(&self, candidate: &Candidate) -> bool {
        (candidate.is_published || self.include_unpublished)
            && self.now.is_none_or(|now| {
                candidate.is_due(now, self.include_future, self.include_unpublished)
            })
    }
}

/// What selection did, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SelectStats {
    /// Drafts left out (and future and expired posts).
    pub unpublished: usize,
    /// Articles folded into another copy of the same story.
    pub merged: usize,
    /// Items cut by the limit.
    pub over_limit: usize,
}

/// One item chosen for a feed: the article of input item `item` (the latest copy of its story), with
/// the dates merged over all copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// The input item whose article is the item.
    pub item: ItemRef,
    /// The earliest copy's publication date, when any copy has one.
    pub published: Option<DateTime<Utc>>,
    /// The latest copy's change, when it differs from `published`.
    pub updated: Option<DateTime<Utc>>,
}

/// Selects, merges and orders `candidates` (given in path order) that pass `filter`.
///
/// Copies are grouped by sorting references by id (path order within an id), so the working memory
/// is a word per candidate; with a limit, a heap holds only the newest groups.
pub fn select(
    candidates: &[Candidate],
    filter: &Filter,
    selection: Selection,
) -> (Vec<Pick>, SelectStats) {
    let mut stats = SelectStats::default();
    let mut chosen: Vec<&Candidate> = Vec::new();
    for candidate in candidates.iter().filter(|a| filter.accepts(a)) {
        if !selection.shows(candidate) {
            stats.unpublished += 1;
            continue;
        }
        chosen.push(candidate);
    }
    // Stable: copies of one story stay in path order.
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    // With a limit, a heap keeps the newest groups only; the oldest of them is on top.
    let capacity = match selection.limit {
        0 => chosen.len(),
        limit => limit + 1,
    };
    let mut kept: BinaryHeap<Group<'_>> = BinaryHeap::with_capacity(capacity.min(chosen.len()));
    let mut total = 0;
    let mut rest = chosen.as_slice();
    while let Some(first) = rest.first() {
        let len = rest.iter().take_while(|c| c.id == first.id).count();
        let (copies, tail) = rest.split_at(len);
        rest = tail;
        stats.merged += len - 1;
        total += 1;
        kept.push(Group::of(copies));
        if selection.limit > 0 && kept.len() > selection.limit {
            kept.pop();
        }
    }
    stats.over_limit = total - kept.len();
    let picks = kept
        .into_sorted_vec()
        .into_iter()
        .filter_map(|g| merge(g.first_published, g.copies))
        .collect();
    (picks, stats)
}

/// The copies of one story, ordered as a feed lists stories: newest date first, ids breaking ties,
/// so the order is total and never depends on the input order; undated stories last, in the order
/// they were read.
struct Group<'a> {
    /// The earliest publication date of the copies.
    first_published: Option<DateTime<Utc>>,
    /// What the story is listed by: `first_published`, else the earliest update date.
    date: Option<DateTime<Utc>>,
    /// The first copy read, for undated stories.
    first_read: ItemRef,
    copies: &'a [&'a Candidate],
}

impl<'a> Group<'a> {
    fn of(copies: &'a [&'a Candidate]) -> Group<'a> {
        let first_published = copies.iter().filter_map(|c| c.published).min();
        let date = first_published.or_else(|| copies.iter().filter_map(|c| c.updated).min());
        let first_read = copies
            .iter()
            .map(|c| c.item)
            .min()
            .unwrap_or(ItemRef::file(0));
        Group {
            first_published,
            date,
            first_read,
            copies,
        }
    }

    fn id(&self) -> &str {
        self.copies.first().map_or("", |c| &c.id)
    }
}

impl Ord for Group<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.date, other.date) {
            (Some(a), Some(b)) => b.cmp(&a).then_with(|| self.id().cmp(other.id())),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.first_read.cmp(&other.first_read),
        }
    }
}

impl PartialOrd for Group<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Group<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Group<'_> {}

/// One item from the copies of one story (in path order), first published at `first_published`.
fn merge(first_published: Option<DateTime<Utc>>, copies: &[&Candidate]) -> Option<Pick> {
    // The latest copy: newest change, then newest publication; the later path wins a full tie.
    let latest = copies.iter().copied().max_by(|a, b| {
        a.last_modified()
            .cmp(&b.last_modified())
            .then_with(|| a.published.cmp(&b.published))
    })?;
    let last_modified = latest.last_modified();
    let updated = if copies.len() == 1 {
        latest.updated
    } else {
        last_modified.filter(|&l| Some(l) != first_published)
    };
    Some(Pick {
        item: latest.item,
        published: first_published,
        updated,
    })
}

/// The item `pick` makes of `article` (the pick's own input item's article): borrowed when no copy changed
/// its dates.
pub fn item<'a>(pick: &Pick, article: &'a Article) -> Cow<'a, Article> {
    if article.published == pick.published && article.updated == pick.updated {
        Cow::Borrowed(article)
    } else {
        Cow::Owned(Article {
            published: pick.published,
            updated: pick.updated,
            ..article.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn article(path: &str, id: &str, day: u32) -> Article {
        Article {
            source: path.into(),
            id: id.into(),
            title: path.into(),
            excerpt: None,
            link: Some(id.into()),
            published: Some(Utc.with_ymd_and_hms(2024, 1, day, 0, 0, 0).unwrap()),
            updated: None,
            original_url: None,
            amp_url: None,
            provider: None,
            images: vec![],
            attachments: vec![],
            authors: vec![],
            topics: vec![],
            section: None,
            related: vec![],
            is_published: true,
            terms: Vec::new(),
            visible_from: None,
            visible_until: None,
            quality: None,
            heat: None,
            locale: None,
            body_html: None,
            content_block: true,
        }
    }

    fn run(articles: Vec<Article>, selection: Selection) -> (Vec<Article>, SelectStats) {
        let candidates: Vec<Candidate> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| Candidate::of(ItemRef::file(i), a))
            .collect();
        let (picks, stats) = select(&candidates, &Filter::default(), selection);
        (
            picks
                .iter()
                .map(|p| item(p, &articles[p.item.as_file().unwrap()]).into_owned())
                .collect(),
            stats,
        )
    }

    const ALL: Selection = Selection {
        include_unpublished: false,
        include_future: false,
        now: None,
        limit: 0,
    };

    #[test]
    fn newest_first_then_by_id() {
        let (items, _) = run(
            vec![
                article("a", "u:b", 1),
                article("b", "u:a", 1),
                article("c", "u:c", 2),
            ],
            ALL,
        );
        let ids: Vec<_> = items.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["u:c", "u:a", "u:b"]);
    }

    #[test]
    fn copies_merge_into_one_item_with_earliest_published_and_latest_rest() {
        let (items, stats) = run(
            vec![article("new", "u:x", 5), article("old", "u:x", 2)],
            ALL,
        );
        assert_eq!(items.len(), 1);
        assert_eq!(stats.merged, 1);
        assert_eq!(items[0].title, "new");
        assert_eq!(
            items[0].published,
            Some(Utc.with_ymd_and_hms(2024, 1, 2, 0, 0, 0).unwrap())
        );
        assert_eq!(
            items[0].updated,
            Some(Utc.with_ymd_and_hms(2024, 1, 5, 0, 0, 0).unwrap())
        );
    }

    #[test]
    fn drafts_are_left_out_unless_asked_for() {
        let mut draft = article("d", "u:d", 3);
        draft.is_published = false;
        let (items, stats) = run(vec![draft.clone(), article("a", "u:a", 1)], ALL);
        assert_eq!((items.len(), stats.unpublished), (1, 1));
        let (items, _) = run(
            vec![draft, article("a", "u:a", 1)],
            Selection {
                include_unpublished: true,
                ..ALL
            },
        );
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn undated_items_come_last_in_the_order_read() {
        let undated = |path: &str, id: &str| Article {
            published: None,
            ..article(path, id, 1)
        };
        let updated_only = Article {
            published: None,
            updated: Some(Utc.with_ymd_and_hms(2024, 1, 3, 0, 0, 0).unwrap()),
            ..article("u", "u:u", 1)
        };
        let (items, _) = run(
            vec![
                undated("x", "u:z"),
                article("a", "u:a", 2),
                undated("y", "u:b"),
                updated_only,
            ],
            ALL,
        );
        let ids: Vec<_> = items.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["u:u", "u:a", "u:z", "u:b"]);
    }

    #[test]
    fn future_posts_wait_for_their_time_unless_asked_for() {
        let mut later = article("f", "u:f", 9);
        later.visible_from = later.published;
        let now = Utc.with_ymd_and_hms(2024, 1, 5, 0, 0, 0).unwrap();
        let at_now = Selection {
            now: Some(now),
            ..ALL
        };
        let (items, stats) = run(vec![later.clone(), article("a", "u:a", 1)], at_now);
        assert_eq!((items.len(), stats.unpublished), (1, 1));
        let future = Selection {
            include_future: true,
            ..at_now
        };
        assert_eq!(run(vec![later.clone()], future).0.len(), 1);
        let later_now = Selection {
            now: Some(Utc.with_ymd_and_hms(2024, 2, 1, 0, 0, 0).unwrap()),
            ..ALL
        };
        assert_eq!(run(vec![later], later_now).0.len(), 1);
    }

    #[test]
    fn limit_keeps_the_newest() {
        let (items, stats) = run(
            vec![article("a", "u:a", 1), article("b", "u:b", 2)],
            Selection { limit: 1, ..ALL },
        );
        assert_eq!((items[0].id.as_str(), stats.over_limit), ("u:b", 1));
    }
}
