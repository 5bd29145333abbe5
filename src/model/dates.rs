//! How dates are written: RFC 3339 (Atom, JSON Feed, article files, messages) and RFC 822 (RSS),
//! always in UTC, one formatter each.

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 in UTC, e.g. `2023-12-21T18:43:00Z` (fractions of a second only when there are any).
pub fn rfc3339(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// RFC 822, e.g. `Thu, 21 Dec 2023 18:43:00 +0000`.
pub fn rfc822(date: DateTime<Utc>) -> String {
    date.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn both_forms_in_utc() {
        let at = Utc.with_ymd_and_hms(2023, 12, 21, 18, 43, 0).unwrap();
        assert_eq!(rfc3339(at), "2023-12-21T18:43:00Z");
        assert_eq!(rfc822(at), "Thu, 21 Dec 2023 18:43:00 +0000");
    }
}
