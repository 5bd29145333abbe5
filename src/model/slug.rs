//! Readable names made from text: the one slug function behind split-feed file names, article file
//! names and the id of a feed that has no URL.

/// `text` as a slug: its letters and digits lower-cased (only ASCII ones when `ascii`), each run of
/// anything else one `-`, at most `max` characters, no `-` at either end. Empty when `text` has no
/// letter or digit; callers choose their own fallback.
pub fn slug(text: &str, ascii: bool, max: usize) -> String {
    let mut slug = String::new();
    let mut chars = 0;
    for c in text.chars().flat_map(char::to_lowercase) {
        if chars == max {
            break;
        }
        let keep = if ascii {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if keep {
            slug.push(c);
            chars += 1;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
            chars += 1;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_join_with_one_hyphen() {
        assert_eq!(slug("AI in Healthcare", false, 60), "ai-in-healthcare");
        assert_eq!(slug("  C++ / Rust!", false, 60), "c-rust");
        assert_eq!(slug("中国日报网", false, 60), "中国日报网");
        assert_eq!(slug("中国 news", true, 60), "news");
        assert_eq!(slug("!!!", true, 60), "");
        assert_eq!(slug("abc def", true, 4), "abc");
        assert_eq!(slug(&"é".repeat(100), false, 60).chars().count(), 60);
    }
}
