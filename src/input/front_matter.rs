//! Decoding a file's bytes into text and splitting its YAML front matter from its body.
//!
//! A file has front matter when its first line is `---`. The front matter ends at the next line that is
//! `---` or `...`. A UTF-8 byte-order mark is dropped and CRLF line ends become LF, so line numbers
//! stay those of the file.

use crate::error::{Diagnostic, Location};

/// The two parts of a file with front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// The file line (from 1) on which the YAML text starts.
    pub yaml_first_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
}

impl Split<'_> {
    /// Finds a top-level `key:` in the front matter and returns where its value starts (or the key, when
    /// the value is on the next lines), in file coordinates.
    pub fn key_location(&self, key: &str) -> Option<Location> {
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let rest = line.strip_prefix(key)?.strip_prefix(':')?;
            let value_offset = rest.len() - rest.trim_start().len();
            let column = if rest.trim().is_empty() {
                1
            } else {
                key.chars().count() + 2 + value_offset
            };
            Some(Location {
                line: self.yaml_first_line + i,
                column,
            })
        })
    }
}

impl Split<'_> {
    /// Finds `needle` (a value as written) at or below the top-level `key`, for values nested in lists
    /// and maps; falls back to the key itself.
    pub fn value_location(&self, key: &str, needle: &str) -> Option<Location> {
        let start = self.key_location(key)?;
        let from = start.line - self.yaml_first_line;
        let found = self
            .yaml
            .lines()
            .enumerate()
            .skip(from)
            .find_map(|(i, line)| {
                let at = line.find(needle)?;
                Some(Location {
                    line: self.yaml_first_line + i,
                    column: line[..at].chars().count() + 1,
                })
            });
        found.or(Some(start))
    }
}

/// A front matter that opens but is not well delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitProblem {
    /// The opening `---` has no closing line.
    Unclosed,
}

impl SplitProblem {
    /// The diagnostic for `path`, whose whole text is `text`.
    pub fn into_diagnostic(self, path: &str, text: &str) -> Diagnostic {
        match self {
            SplitProblem::Unclosed => Diagnostic::error(Some(path), "front matter is never closed")
                .at(Location { line: 1, column: 1 }, text)
                .help("add a line `---` after the last front-matter line"),
        }
    }
}

/// Decodes bytes as UTF-8 text (with or without BOM), turning CRLF into LF.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let message = format!(
                "the file is not UTF-8 text (byte 0x{:02X})",
                bytes[err.valid_up_to()]
            );
            return Err(Box::new(
                Diagnostic::error(Some(path), message)
                    .at(Location { line, column }, &String::from_utf8_lossy(bytes))
                    .help("save the file as UTF-8"),
            ));
        }
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    })
}

/// Splits `text` into front matter and body. `Ok(None)` when the file has no front matter.
pub fn split(text: &str) -> Result<Option<Split<'_>>, SplitProblem> {
    let Some(after_open) = strip_fence(text, "---") else {
        return Ok(None);
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Some(Split {
                yaml: &after_open[..offset],
                yaml_first_line: 2,
                body: &after_open[offset + line.len()..],
            }));
        }
        offset += line.len();
    }
    Err(SplitProblem::Unclosed)
}

/// If `text` opens with a fence line, the text after that line.
fn strip_fence<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?;
    let line_end = rest.find('\n').unwrap_or(rest.len());
    if !rest[..line_end].trim().is_empty() {
        return None;
    }
    Some(rest.get(line_end + 1..).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap().unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn closing_fence_may_end_the_file_without_newline() {
        let s = split("---\ntitle: a\n---").unwrap().unwrap();
        assert_eq!((s.yaml, s.body), ("title: a\n", ""));
    }

    #[test]
    fn empty_front_matter_is_front_matter() {
        let s = split("---\n---\n").unwrap().unwrap();
        assert_eq!(s.yaml, "");
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        assert_eq!(split("# Title\n---\n"), Ok(None));
        assert_eq!(split("----\n"), Ok(None));
        assert_eq!(split(""), Ok(None));
    }

    #[test]
    fn unclosed_front_matter_is_a_problem() {
        assert_eq!(split("---\ntitle: a\n"), Err(SplitProblem::Unclosed));
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        assert_eq!(
            decode("a", b"\xEF\xBB\xBF---\r\nx: 1\r\n").unwrap(),
            "---\nx: 1\n"
        );
    }

    #[test]
    fn decode_reports_the_line_of_invalid_utf8() {
        let d = decode("a.md", b"---\ntitle: caf\xE9\n---\n").unwrap_err();
        assert_eq!(
            d.location,
            Some(Location {
                line: 2,
                column: 11
            })
        );
    }

    #[test]
    fn key_location_points_at_the_value() {
        let s = split("---\ntitle: a\npublishedDateTime: soon\nimages:\n  - url: x\n---\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            s.key_location("publishedDateTime"),
            Some(Location {
                line: 3,
                column: 20
            })
        );
        assert_eq!(
            s.key_location("images"),
            Some(Location { line: 4, column: 1 })
        );
        assert_eq!(s.key_location("url"), None);
        assert_eq!(
            s.value_location("images", "x"),
            Some(Location {
                line: 5,
                column: 10
            })
        );
        assert_eq!(
            s.value_location("images", "zzz"),
            Some(Location { line: 4, column: 1 })
        );
    }
}
