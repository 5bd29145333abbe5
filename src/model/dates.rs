//! How dates are written: RFC 3339 (Atom, JSON Feed, article files, messages) and RFC 822 (RSS),
//! always in UTC, one formatter each.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};

/// RFC 3339 in UTC, e.g. `2023-12-21T18:43:00Z` (fractions of a second only when there are any).
pub fn rfc3339(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// RFC 822, e.g. `Thu, 21 Dec 2023 18:43:00 +0000`. Written field by field: a feed of every
/// article writes tens of thousands, and a format string is parsed again for each.
pub fn rfc822(date: DateTime<Utc>) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return date.format("%a, %d %b %Y %H:%M:%S +0000").to_string();
    }
    format!(
        "{}, {:02} {} {year:04} {:02}:{:02}:{:02} +0000",
        DAYS[date.weekday().num_days_from_monday() as usize],
        date.day(),
        MONTHS[date.month0() as usize],
        date.hour(),
        date.minute(),
        // A leap second is second 59 with its nanoseconds past a whole second.
        date.second() + u32::from(date.nanosecond() >= 1_000_000_000),
    )
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

    #[test]
    fn rfc822_is_what_the_format_string_writes() {
        let format = |d: DateTime<Utc>| d.format("%a, %d %b %Y %H:%M:%S +0000").to_string();
        // Every weekday and month, leap seconds, the first and last years of four digits, and
        // years beyond them.
        let mut at = Utc.with_ymd_and_hms(1999, 12, 25, 0, 0, 0).unwrap();
        for _ in 0..400 {
            assert_eq!(rfc822(at), format(at));
            at += chrono::Duration::seconds(86_400 + 3_661);
        }
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap()
            .and_utc();
        for d in [
            leap,
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(12345, 6, 7, 8, 9, 10).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
        ] {
            assert_eq!(rfc822(d), format(d), "{d:?}");
        }
    }
}
