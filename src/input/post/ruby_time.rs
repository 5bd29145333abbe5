//! Dates as Ruby's `Time.parse` reads the ones Jekyll posts carry, beyond the strict forms: month
//! names (`June 15, 2021`, `15 Jun 2021`), zone names (`EDT`, `PST`), words after the date
//! (`2019-01-01 (optional)`, `2023-01-29 18:30:22 2023 -0800`). What it cannot place is left to
//! the caller.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone as _};
use chrono_tz::Tz;

use crate::input::dates;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Zone abbreviations Ruby's `Time.parse` knows (North American and universal ones), in hours.
const ZONES: [(&str, i32); 11] = [
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("est", -5),
    ("edt", -4),
    ("cst", -6),
    ("cdt", -5),
    ("mst", -7),
    ("mdt", -6),
    ("pst", -8),
    ("pdt", -7),
];

/// Parses `text` as Ruby's `Time.parse` would, in `zone` when it names none.
pub fn parse(text: &str, zone: &Tz) -> Option<DateTime<FixedOffset>> {
    if let Some(date) = dates::parse_in(text, zone) {
        return Some(date);
    }
    if let Some(padded) = padded(text.trim())
        && let Some(date) = dates::parse_in(&padded, zone)
    {
        return Some(date);
    }
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c == ',' || c == '(' || c == ')' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let (date, used) = date_of(&words)?;
    let mut time = NaiveTime::MIN;
    let mut offset = None;
    let mut time_seen = false;
    for (i, word) in words.iter().enumerate() {
        if used.contains(&i) {
            continue;
        }
        if !time_seen && let Some((t, rest)) = time_of(word) {
            time = t;
            time_seen = true;
            if let Some(o) = rest.and_then(offset_of) {
                offset = Some(o);
            }
            if let Some(pm) = words.get(i + 1).map(|w| w.to_ascii_lowercase()) {
                if pm == "pm" && time.format("%H").to_string() != "12" {
                    time += chrono::Duration::hours(12);
                } else if pm == "am" && time.format("%H").to_string() == "12" {
                    time -= chrono::Duration::hours(12);
                }
            }
            continue;
        }
        if time_seen && offset.is_none() {
            offset = offset_of(word);
        }
    }
    let local = date.and_time(time);
    match offset {
        Some(offset) => offset.from_local_datetime(&local).single(),
        None => Some(dates::in_zone(local, zone)),
    }
}

/// `2017-11-8 10:00` with its month and day in two digits, `2017-11-08 10:00`.
fn padded(text: &str) -> Option<String> {
    let end = text.find([' ', 'T', 't']).unwrap_or(text.len());
    let mut parts = text[..end].split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    Some(format!("{y}-{m:0>2}-{d:0>2}{}", &text[end..]))
}

/// The calendar date among `words`, and which words it took.
fn date_of(words: &[&str]) -> Option<(NaiveDate, Vec<usize>)> {
    for (i, word) in words.iter().enumerate() {
        let iso = word.get(..10).map(|d| d.replace('/', "-"));
        if let Some(date) = iso.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
            return Some((date, vec![i]));
        }
    }
    let month_at = words.iter().position(|w| month(w).is_some())?;
    let m = month(words[month_at])?;
    let number = |i: usize| {
        words.get(i).and_then(|w| {
            w.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r'])
                .parse::<u32>()
                .ok()
        })
    };
    // `June 15 2021` or `15 June 2021`.
    let (day, day_at) = match (
        number(month_at + 1),
        month_at.checked_sub(1).and_then(number),
    ) {
        (Some(d), _) if d <= 31 => (d, month_at + 1),
        (_, Some(d)) if d <= 31 => (d, month_at - 1),
        _ => return None,
    };
    let year_at = (0..words.len())
        .find(|&i| i != day_at && i != month_at && number(i).is_some_and(|y| y >= 1000))?;
    let year = i32::try_from(number(year_at)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, m, day)?;
    Some((date, vec![month_at, day_at, year_at]))
}

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|full| full.starts_with(&w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// `HH:MM` or `HH:MM:SS` at the start of `word`, and what follows it.
fn time_of(word: &str) -> Option<(NaiveTime, Option<&str>)> {
    let end = word
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(word.len());
    let clock = &word[..end];
    let time = NaiveTime::parse_from_str(clock, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .ok()?;
    let rest = &word[end..];
    Some((time, (!rest.is_empty()).then_some(rest)))
}

/// An offset (`+0530`, `-08:00`) or a zone Ruby knows by name.
fn offset_of(word: &str) -> Option<FixedOffset> {
    let lower = word.to_ascii_lowercase();
    if let Some((_, hours)) = ZONES.iter().find(|(name, _)| *name == lower) {
        return FixedOffset::east_opt(hours * 3600);
    }
    let (sign, digits) = match word.as_bytes().first()? {
        b'+' => (1, &word[1..]),
        b'-' => (-1, &word[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    #[test]
    fn dates_as_ruby_reads_them() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        let at = |t: &str| parse(t, &la).map(|d| d.with_timezone(&Utc).to_rfc3339());
        for (text, utc) in [
            (
                "2023-01-29 18:30:22 2023 -0800",
                "2023-01-30T02:30:22+00:00",
            ),
            ("2019-01-01 (optional)", "2019-01-01T08:00:00+00:00"),
            ("2021-02-08 16:30-:00+16:30", "2021-02-09T00:30:00+00:00"),
            ("2016-03-23 11:00 EDT", "2016-03-23T15:00:00+00:00"),
            ("June 15, 2021", "2021-06-15T07:00:00+00:00"),
            ("15 Jun 2021 10:00 PST", "2021-06-15T18:00:00+00:00"),
            ("Sept 3, 2020 2:30 pm", "2020-09-03T21:30:00+00:00"),
            ("2017-11-8", "2017-11-08T08:00:00+00:00"),
            ("2019-12-3 09:30 +0100", "2019-12-03T08:30:00+00:00"),
        ] {
            assert_eq!(at(text).as_deref(), Some(utc), "{text}");
        }
        assert_eq!(at("soon"), None);
    }
}
