//! Reading the dates articles carry, and the date in a Jekyll-style file name.
//!
//! Accepted: RFC 3339 (`2019-12-20T16:53:00Z`) and its common variants: a space or lower-case `t`
//! between date and time, no seconds, fractional seconds, offsets as `Z`, `+08:00`, `+0800`, `+08`,
//! `UTC`/`GMT`; no offset means UTC; a date alone means 00:00 UTC. RFC 2822 dates are accepted too.
//! A site's posts read dates without an offset in the site's time zone instead ([`parse_in`]).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses a date-time written in one of the accepted forms.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let (local, offset) = parse_parts(text)?;
    let offset = offset.unwrap_or(FixedOffset::east_opt(0)?);
    offset
        .from_local_datetime(&local)
        .single()
        .map(|dt| dt.with_timezone(&Utc))
}

/// Parses a date-time as [`parse`] does, but reads one written without an offset (or a date alone)
/// as a time in `zone`. The offset written (or the zone's at that time) is kept.
pub fn parse_in(text: &str, zone: &Tz) -> Option<DateTime<FixedOffset>> {
    let (local, offset) = parse_parts(text)?;
    match offset {
        Some(offset) => offset.from_local_datetime(&local).single(),
        None => Some(in_zone(local, zone)),
    }
}

/// `local` as a time in `zone`: the earlier of two when clocks go back, an hour later when they
/// skip it (as Ruby's and Go's time libraries do).
pub fn in_zone(local: NaiveDateTime, zone: &Tz) -> DateTime<FixedOffset> {
    let found = zone.from_local_datetime(&local).earliest().or_else(|| {
        zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
    });
    match found {
        Some(dt) => dt.with_timezone(&dt.offset().fix()),
        None => Utc.from_utc_datetime(&local).fixed_offset(),
    }
}

/// The local date and time written, and the offset when one is written.
fn parse_parts(text: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return Some((dt.naive_local(), Some(*dt.offset())));
    }
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &text[10..];
    if rest.trim().is_empty() {
        return Some((date.and_time(NaiveTime::MIN), None));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?.trim_start();
    let (time, offset) = split_offset(rest)?;
    let time = parse_time(time.trim_end())?;
    Some((date.and_time(time), offset))
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

/// Splits `16:53:00+08:00` into the time and its offset (`None` when none is written).
fn split_offset(text: &str) -> Option<(&str, Option<FixedOffset>)> {
    let utc = FixedOffset::east_opt(0)?;
    for suffix in ["Z", "z", "UTC", "GMT"] {
        if let Some(time) = text.strip_suffix(suffix) {
            return Some((time, Some(utc)));
        }
    }
    let Some(sign_at) = text.rfind(['+', '-']) else {
        return Some((text, None));
    };
    let (time, offset) = text.split_at(sign_at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((
        time,
        Some(FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?),
    ))
}

/// The date of a Jekyll-style file name (`2021-03-08-slug.md`, also after a prefix such as
/// `_news__2021-03-08-slug.md`), as 00:00 UTC.
pub fn from_file_name(name: &str) -> Option<DateTime<Utc>> {
    file_name_date(name).map(|date| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

/// The calendar date of a Jekyll-style file name, as [`from_file_name`] finds it.
pub fn file_name_date(name: &str) -> Option<NaiveDate> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(10)).find_map(|i| {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if !starts_word || bytes[i + 10] != b'-' {
            return None;
        }
        NaiveDate::parse_from_str(name.get(i..i + 10)?, "%Y-%m-%d").ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        parse(text)
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn rfc3339_and_variants() {
        assert_eq!(iso("2019-12-20T16:53:00Z"), "2019-12-20T16:53:00+00:00");
        assert_eq!(iso("2019-12-20 16:53:00"), "2019-12-20T16:53:00+00:00");
        assert_eq!(iso("2019-12-20t16:53z"), "2019-12-20T16:53:00+00:00");
        assert_eq!(iso("2019-12-20T16:53"), "2019-12-20T16:53:00+00:00");
        assert_eq!(
            iso("2019-12-20T16:53:00.250+08:00"),
            "2019-12-20T08:53:00.250+00:00"
        );
        assert_eq!(
            iso("2019-12-20 16:53:00 +0800"),
            "2019-12-20T08:53:00+00:00"
        );
        assert_eq!(iso("2019-12-20T16:53:00-05"), "2019-12-20T21:53:00+00:00");
        assert_eq!(iso("2019-12-20 16:53:00 UTC"), "2019-12-20T16:53:00+00:00");
        assert_eq!(iso("2019-12-20"), "2019-12-20T00:00:00+00:00");
        assert_eq!(
            iso("Fri, 20 Dec 2019 16:53:00 +0000"),
            "2019-12-20T16:53:00+00:00"
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "yesterday",
            "2019-13-01",
            "2019-12-20T25:00",
            "2019-12-20T16:53+99:00",
            "20-12-2019",
        ] {
            assert_eq!(iso(bad), "none", "{bad}");
        }
    }

    #[test]
    fn dates_without_an_offset_are_in_the_zone() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let at = |t: &str| parse_in(t, &oslo).map(|d| d.to_rfc3339());
        assert_eq!(
            at("2021-11-17").as_deref(),
            Some("2021-11-17T00:00:00+01:00")
        );
        assert_eq!(
            at("2021-07-01 12:00").as_deref(),
            Some("2021-07-01T12:00:00+02:00")
        );
        assert_eq!(
            at("2025-01-27 20:45:32 +0530").as_deref(),
            Some("2025-01-27T20:45:32+05:30")
        );
        // 02:30 does not exist on the day clocks go forward: an hour later.
        assert_eq!(
            at("2021-03-28 02:30").as_deref(),
            Some("2021-03-28T03:30:00+02:00")
        );
    }

    #[test]
    fn file_name_dates() {
        let d = |n: &str| from_file_name(n).map(|d| d.date_naive().to_string());
        assert_eq!(d("2021-03-08-meet.md").as_deref(), Some("2021-03-08"));
        assert_eq!(d("_news__2014-10-20-x.md").as_deref(), Some("2014-10-20"));
        assert_eq!(d("v12021-03-08-x.md"), None);
        assert_eq!(d("2021-03-08.md"), None);
        assert_eq!(d("about.md"), None);
    }
}
