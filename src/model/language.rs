//! Language tags as BCP 47 writes them, made from what feeds and files write: `en_US` is `en-US`,
//! case follows the convention (`en-us` is `en-US`, `zh-hant` is `zh-Hant`), blank is no language.

/// `raw` as a BCP 47 language tag; `None` when it is blank or not shaped like one (a primary language
/// of 2 to 8 letters, then subtags of 1 to 8 letters or digits), such as `English` spelled out
/// with a space, or `*`.
pub fn bcp47(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut tag = String::with_capacity(raw.len());
    for (i, subtag) in raw.split(['-', '_']).enumerate() {
        let ok = match i {
            0 => (2..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphabetic()),
            _ => {
                (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
            }
        };
        if !ok {
            return None;
        }
        if i > 0 {
            tag.push('-');
        }
        let letters = subtag.bytes().all(|b| b.is_ascii_alphabetic());
        match (i, subtag.len(), letters) {
            // A region (`US`) after the language is upper case, a script (`Hant`) title case.
            (1.., 2, true) => tag.push_str(&subtag.to_ascii_uppercase()),
            (1.., 4, true) => {
                tag.push_str(&subtag[..1].to_ascii_uppercase());
                tag.push_str(&subtag[1..].to_ascii_lowercase());
            }
            _ => tag.push_str(&subtag.to_ascii_lowercase()),
        }
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_and_non_tags_refused() {
        assert_eq!(bcp47("en_US").as_deref(), Some("en-US"));
        assert_eq!(bcp47(" en-gb ").as_deref(), Some("en-GB"));
        assert_eq!(bcp47("ZH-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(bcp47("es-419").as_deref(), Some("es-419"));
        assert_eq!(bcp47("de").as_deref(), Some("de"));
        for bad in ["", "  ", "English (US)", "*", "e", "en--us", "en_US.UTF-8"] {
            assert_eq!(bcp47(bad), None, "{bad}");
        }
    }
}
