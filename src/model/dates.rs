//! How dates are written: RFC 3339 (Atom, JSON Feed, article files, messages) and RFC 822 (RSS),
//! always in UTC, one formatter each; and how the cache keeps them ([`compact`]).

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

/// Dates as the cache keeps them: seconds and nanoseconds since 1970, not text to parse again
/// (parsing RFC 3339 text was four tenths of the cost of reading a cache back). Used as
/// `#[serde(with = "crate::model::dates::compact")]` on every optional date of the cached model.
pub mod compact {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    /// Writes `date` as seconds and nanoseconds, or nothing.
    pub fn serialize<S: Serializer>(
        date: &Option<DateTime<Utc>>,
        to: S,
    ) -> Result<S::Ok, S::Error> {
        date.map(|d| (d.timestamp(), d.timestamp_subsec_nanos()))
            .serialize(to)
    }

    /// Reads what [`serialize`] wrote; a date out of chrono's range is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<(i64, u32)>::deserialize(from)? {
            None => Ok(None),
            Some((seconds, nanos)) => DateTime::from_timestamp(seconds, nanos)
                .map(Some)
                .ok_or_else(|| D::Error::custom("a date out of range")),
        }
    }
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

    /// The leap second at the end of 2016, half-way through.
    fn leap_second() -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn compact_dates_read_back_as_written() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Dated(#[serde(with = "compact")] Option<DateTime<Utc>>);
        for date in [
            None,
            Some(leap_second()),
            Some(Utc.with_ymd_and_hms(1969, 7, 20, 20, 17, 40).unwrap()),
            Some(DateTime::<Utc>::MIN_UTC),
            Some(DateTime::<Utc>::MAX_UTC),
            Some(Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap()),
        ] {
            let bytes = postcard::to_stdvec(&Dated(date)).unwrap();
            assert_eq!(postcard::from_bytes::<Dated>(&bytes).unwrap(), Dated(date));
        }
        let out_of_range = postcard::to_stdvec(&Some((i64::MAX, 0u32))).unwrap();
        assert!(postcard::from_bytes::<Dated>(&out_of_range).is_err());
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
        for d in [
            leap_second(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(12345, 6, 7, 8, 9, 10).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
        ] {
            assert_eq!(rfc822(d), format(d), "{d:?}");
        }
    }
}
