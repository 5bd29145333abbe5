//! The cache file, written and read a chunk at a time so memory stays bounded: a header (magic,
//! format number, the description of what the cache is for), then chunks of encoded records, each
//! with its length and CRC-32, then an end mark with the number of records. A file that is
//! truncated, damaged, of another format or for something else reads as no cache at all.

use std::io::{self, BufRead, Read, Write};

use rayon::prelude::*;

use super::record::{Record, Saved};

const MAGIC: &[u8; 16] = b"frontfeed-cache\0";
/// Bumped whenever the cached data's shape changes.
const FORMAT: u32 = 12;
/// Records per independently encoded chunk.
const CHUNK: usize = 1024;
/// Chunks encoded together, on all cores.
const BATCH: usize = 8;
/// The length that marks the end.
const END: u64 = u64::MAX;
/// The longest description read.
const MAX_DESCRIPTION: u64 = 1 << 20;

/// Writes the cache for `description` holding `files` to `out`, encoding a batch of chunks at a
/// time.
pub fn write<'a>(
    out: &mut impl Write,
    description: &str,
    mut files: impl Iterator<Item = Saved<'a>>,
) -> io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&(description.len() as u64).to_le_bytes())?;
    out.write_all(description.as_bytes())?;
    let mut count: u64 = 0;
    let mut batch: Vec<Saved<'a>> = Vec::new();
    batch
        .try_reserve_exact(CHUNK * BATCH)
        .map_err(io::Error::other)?;
    loop {
        batch.extend(files.by_ref().take(CHUNK * BATCH));
        if batch.is_empty() {
            break;
        }
        let chunks: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| postcard::serialize_with_flavor(chunk, Fallible(Vec::new())))
            .collect::<Result<_, _>>()
            .map_err(io::Error::other)?;
        for chunk in &chunks {
            out.write_all(&(chunk.len() as u64).to_le_bytes())?;
            out.write_all(&crc32fast::hash(chunk).to_le_bytes())?;
            out.write_all(chunk)?;
        }
        count += batch.len() as u64;
        batch.clear();
    }
    out.write_all(&END.to_le_bytes())?;
    out.write_all(&count.to_le_bytes())?;
    out.flush()
}

/// Where chunks are encoded: memory asked for without aborting, so that where there is none (a
/// run under an address-space limit), encoding fails and the cache is not saved, rather than the
/// run aborting after its feeds were written.
struct Fallible(Vec<u8>);

impl postcard::ser_flavors::Flavor for Fallible {
    type Output = Vec<u8>;

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0
            .try_reserve(data.len())
            .map_err(|_| postcard::Error::SerializeBufferFull)?;
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.try_extend(&[data])
    }

    fn finalize(self) -> postcard::Result<Vec<u8>> {
        Ok(self.0)
    }
}

/// A cache file being read, a batch of chunks at a time, as a run needs its records.
pub struct Reader<R> {
    input: R,
    /// The records read so far, checked against the count the end mark gives.
    read: u64,
    /// Whether the end mark was reached, and the count it gave.
    ended: bool,
    expected: Option<u64>,
}

impl<R: BufRead> Reader<R> {
    /// Starts reading a cache for `description`; `None` when `input` holds no valid cache for it.
    pub fn open(mut input: R, description: &str) -> Option<Reader<R>> {
        let mut magic = [0u8; 16];
        input.read_exact(&mut magic).ok()?;
        if &magic != MAGIC || read_u32(&mut input)? != FORMAT {
            return None;
        }
        let len = read_u64(&mut input)?;
        if len > MAX_DESCRIPTION {
            return None;
        }
        let stored = read_bytes(&mut input, len)?;
        if stored != description.as_bytes() {
            return None;
        }
        Some(Reader {
            input,
            read: 0,
            ended: false,
            expected: None,
        })
    }

    /// The next `n` chunks of records (fewer at the end), each checked against its CRC, decoded
    /// together on all cores; empty at the end. `None` when the file is damaged or truncated there,
    /// or memory for it cannot be had: the chunks read before stand, the rest of the cache does
    /// not. Only `n` chunks are decoded at a time: a whole cache decoded at once took more address
    /// space than a run without one.
    pub fn next_chunks(&mut self, n: usize) -> Option<Vec<Vec<Record>>> {
        let mut raw = Vec::with_capacity(n);
        while raw.len() < n.max(1) && !self.ended {
            let len = read_u64(&mut self.input)?;
            if len == END {
                self.ended = true;
                self.expected = Some(read_u64(&mut self.input)?);
                break;
            }
            let crc = read_u32(&mut self.input)?;
            let chunk = read_bytes(&mut self.input, len)?;
            if crc32fast::hash(&chunk) != crc {
                return None;
            }
            raw.push(chunk);
        }
        let chunks: Vec<Vec<Record>> = raw
            .par_iter()
            .map(|chunk| postcard::from_bytes(chunk).ok())
            .collect::<Option<_>>()?;
        self.read += chunks.iter().map(|c| c.len() as u64).sum::<u64>();
        match self.expected {
            Some(count) if count != self.read => None,
            _ => Some(chunks),
        }
    }

    /// Whether every record was read, up to the end mark.
    pub fn ended(&self) -> bool {
        self.ended
    }
}

/// Every record of a cache for `description` read from `input`, chunk by chunk as they were saved,
/// or `None` when it is not a whole, valid cache for it.
#[cfg(test)]
pub fn read(input: &mut impl BufRead, description: &str) -> Option<Vec<Vec<Record>>> {
    let mut reader = Reader::open(input, description)?;
    let mut chunks = Vec::new();
    while !reader.ended() {
        chunks.extend(reader.next_chunks(3)?);
    }
    chunks.retain(|c| !c.is_empty());
    Some(chunks)
}

fn read_u64(input: &mut impl Read) -> Option<u64> {
    let mut bytes = [0u8; 8];
    input.read_exact(&mut bytes).ok()?;
    Some(u64::from_le_bytes(bytes))
}

fn read_u32(input: &mut impl Read) -> Option<u32> {
    let mut bytes = [0u8; 4];
    input.read_exact(&mut bytes).ok()?;
    Some(u32::from_le_bytes(bytes))
}

/// `len` bytes, in memory asked for without aborting when there is none.
fn read_bytes(input: &mut impl Read, len: u64) -> Option<Vec<u8>> {
    let len = usize::try_from(len).ok()?;
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(len).ok()?;
    input.take(len as u64).read_to_end(&mut bytes).ok()?;
    (bytes.len() == len).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostic;
    use crate::input::cache::key::FileKey;
    use crate::input::cache::record::{SavedEntry, SavedOutcome, SavedReading};
    use crate::input::outcome::Outcome;
    use crate::model::{Article, Candidate, ItemRef};

    fn article(n: usize) -> Article {
        let text = format!(
            "---\ntitle: T{n}\nwebUrl: https://a.org/{n}\npublishedDateTime: 2024-01-02T03:04:05Z\n---\nBody\n"
        );
        match crate::input::parse_file("a.md", "a.md", text.as_bytes(), &Default::default()) {
            (Outcome::Article(a), _) => *a,
            other => panic!("{other:?}"),
        }
    }

    /// Writes `count` saved files and reads them back.
    fn round_trip(count: usize) -> Option<Vec<Vec<Record>>> {
        let articles: Vec<Article> = (0..count).map(article).collect();
        let candidates: Vec<Candidate> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| Candidate::of(ItemRef::file(i), a))
            .collect();
        let diagnostics = vec![Diagnostic::warning(Some("a.md"), "note")];
        let saved = (0..count).map(|i| Saved {
            path: i as u64,
            key: FileKey::test(i as u64),
            kept: SavedReading {
                outcome: SavedOutcome::Article(SavedEntry {
                    candidate: &candidates[i],
                    article: Some(&articles[i]),
                }),
                diagnostics: &diagnostics,
                fingerprint: i as u64,
            },
        });
        let mut bytes = Vec::new();
        write(&mut bytes, "for this", saved).unwrap();
        read(&mut bytes.as_slice(), "for this")
    }

    #[test]
    fn saved_views_read_back_as_the_owned_records() {
        let records: Vec<Record> = round_trip(CHUNK * BATCH + 5)
            .unwrap()
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(records.len(), CHUNK * BATCH + 5);
        let last = records.last().unwrap();
        assert_eq!(last.path, (CHUNK * BATCH + 4) as u64);
        let Outcome::Article(entry) = &last.kept.outcome else {
            panic!("an article")
        };
        assert_eq!(
            entry.article.as_ref().unwrap().title,
            format!("T{}", CHUNK * BATCH + 4)
        );
        assert_eq!(last.kept.diagnostics[0].message, "note");
        assert!(round_trip(0).unwrap().is_empty());
    }

    #[test]
    fn damaged_truncated_or_foreign_caches_read_as_none() {
        let articles = [article(1)];
        let candidate = Candidate::of(ItemRef::file(0), &articles[0]);
        let saved = || {
            std::iter::once(Saved {
                path: 1,
                key: FileKey::test(1),
                kept: SavedReading {
                    outcome: SavedOutcome::Article(SavedEntry {
                        candidate: &candidate,
                        article: None,
                    }),
                    diagnostics: &[],
                    fingerprint: 0,
                },
            })
        };
        let mut bytes = Vec::new();
        write(&mut bytes, "d", saved()).unwrap();
        assert!(read(&mut bytes.as_slice(), "d").is_some());
        assert!(read(&mut bytes.as_slice(), "other").is_none());
        assert!(read(&mut &bytes[..bytes.len() - 1], "d").is_none());
        let mut damaged = bytes.clone();
        let at = damaged.len() - 20;
        damaged[at] ^= 0xff;
        assert!(read(&mut damaged.as_slice(), "d").is_none());
    }
}
