//! Which item of the input an article is: a file's article, or one item of a feed read.

use serde::{Deserialize, Serialize};

/// Which item of the input an article is: the article of input file number `n`, or item `i` of the
/// `f`-th feed read. Ordered files first, in path order, then feeds' items in the order read, which
/// is the order selection breaks full ties in. Packed in one word, since a run keeps one per article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemRef(u64);

/// The bit that marks a feed's item.
const FEED: u64 = 1 << 63;

impl ItemRef {
    /// The article of input file number `file`.
    pub fn file(file: usize) -> ItemRef {
        ItemRef(file as u64 & !FEED)
    }

    /// Item number `item` of the `feed`-th feed read.
    pub fn feed_item(feed: usize, item: usize) -> ItemRef {
        ItemRef(FEED | ((feed as u64 & 0x7fff_ffff) << 32) | (item as u64 & 0xffff_ffff))
    }

    /// The input file number, when this is a file's article.
    pub fn as_file(self) -> Option<usize> {
        (self.0 & FEED == 0).then_some(self.0 as usize)
    }

    /// The feed's number and the item's, when this is a feed's item.
    pub fn as_feed_item(self) -> Option<(usize, usize)> {
        let feed = ((self.0 & !FEED) >> 32) as usize;
        let item = (self.0 & 0xffff_ffff) as usize;
        (self.0 & FEED != 0).then_some((feed, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_before_feed_items_and_say_which_they_are() {
        let file = ItemRef::file(7);
        let item = ItemRef::feed_item(2, 40);
        assert!(file < item && ItemRef::file(1_000_000) < ItemRef::feed_item(0, 0));
        assert!(ItemRef::feed_item(1, 9) < ItemRef::feed_item(2, 0));
        assert_eq!((file.as_file(), file.as_feed_item()), (Some(7), None));
        assert_eq!((item.as_file(), item.as_feed_item()), (None, Some((2, 40))));
    }
}
