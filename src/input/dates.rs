//! Reading the dates articles carry, and the date in a Jekyll-style file name.
//!
//! Accepted: RFC 3339 (`2019-12-20T16:53:00Z`) and its common variants: a space or lower-case `t`
//! between date and time, no seconds, fractional seconds, offsets as `Z`, `+08:00`, `+0800`, `+08`,
//! `UTC`/`GMT`; no offset means UTC; a date alone means 00:00 UTC. RFC 2822 dates are accepted too.
//! Feeds' dates may also be read loosely ([`parse_loose`]), with a warning that says how; a site's
//! posts read dates without an offset in the site's time zone instead ([`parse_in`]).

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

/// Parses a date written in one of the forms real feeds use besides RFC 822 and RFC 3339, for a
/// reader that says it guessed: full or localized month names (English, German, French, Spanish,
/// Portuguese, Italian, Dutch) before or after the day, `2020/1/10` and `24.09.2018`, 12-hour times
/// with `AM`/`PM`, named zones (`EST`, `CEST`, `JST` ...), offsets anywhere, two-digit years.
/// Returns `None` for anything it cannot read whole: an unknown word, no day, month or year.
pub fn parse_loose(text: &str) -> Option<DateTime<Utc>> {
    let mut date = Parts::default();
    // A parenthesized comment (`+0000 (UTC)`) says nothing the rest does not.
    let text = match text.find('(') {
        Some(at) => &text[..at],
        None => text,
    };
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
    {
        date.take(token)?;
    }
    date.finish()
}

/// What a loosely written date has said so far.
#[derive(Debug, Default)]
struct Parts {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
    time: Option<(u32, u32, u32, u32)>,
    pm: Option<bool>,
    offset: Option<i32>,
}

impl Parts {
    /// Takes one word; `None` when it is none a date has.
    fn take(&mut self, token: &str) -> Option<()> {
        let lower = token.to_lowercase();
        let first = token.chars().next()?;
        if first.is_ascii_digit() && token.contains(':') {
            let (time, offset) = split_time_offset(token)?;
            self.time = Some(clock(time)?);
            if offset.is_some() {
                self.offset = offset;
            }
        } else if first.is_ascii_digit() && token.contains(['/', '-', '.']) {
            let (y, m, d) = numeric_date(token)?;
            (self.year, self.month, self.day) = (Some(y), Some(m), Some(d));
        } else if first.is_ascii_digit() {
            let n: u32 = token.parse().ok()?;
            match (token.len(), self.day) {
                (4, _) => self.year = Some(i32::try_from(n).ok()?),
                (1 | 2, None) if (1..=31).contains(&n) => self.day = Some(n),
                (1 | 2, Some(_)) => self.year = Some(two_digit_year(n)),
                _ => return None,
            }
        } else if matches!(first, '+' | '-') {
            self.offset = Some(offset_of(token)?);
        } else if let Some(pm) = meridiem(&lower) {
            self.pm = Some(pm);
        } else if let Some(month) = month_number(&lower) {
            self.month = Some(month);
        } else if let Some(offset) = zone_offset(&lower) {
            self.offset = Some(offset);
        } else if !is_weekday_or_filler(&lower) {
            return None;
        }
        Some(())
    }

    fn finish(self) -> Option<DateTime<Utc>> {
        let date = NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)?;
        let (mut hour, minute, second, nanos) = self.time.unwrap_or((0, 0, 0, 0));
        match self.pm {
            Some(true) if hour < 12 => hour += 12,
            Some(false) if hour == 12 => hour = 0,
            Some(_) if hour > 12 => return None,
            _ => {}
        }
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
        let offset = FixedOffset::east_opt(self.offset.unwrap_or(0))?;
        offset
            .from_local_datetime(&date.and_time(time))
            .single()
            .map(|dt| dt.with_timezone(&Utc))
    }
}

/// `14:33`, `14:33:00`, `14:33:00.250`, each with an offset or `Z` attached.
fn split_time_offset(token: &str) -> Option<(&str, Option<i32>)> {
    if let Some(time) = token.strip_suffix(['Z', 'z']) {
        return Some((time, Some(0)));
    }
    match token.find(['+', '-']) {
        Some(at) => Some((&token[..at], Some(offset_of(&token[at..])?))),
        None => Some((token, None)),
    }
}

/// Hours, minutes, seconds and nanoseconds of `14:33(:00(.250))`.
fn clock(time: &str) -> Option<(u32, u32, u32, u32)> {
    let (whole, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = whole.split(':').map(|p| p.parse::<u32>().ok());
    let hour = parts.next()??;
    let minute = parts.next()??;
    let second = parts.next().unwrap_or(Some(0))?;
    if parts.next().is_some() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = fraction
        .chars()
        .chain("000000000".chars())
        .take(9)
        .collect();
    Some((hour, minute, second, digits.parse().ok()?))
}

/// `2020/1/10`, `2020-1-10`, `24.09.2018`, `1/10/2020`: year first, else a dotted date is day
/// first, else month first unless the first number cannot be a month.
fn numeric_date(token: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let n = |s: &str| s.parse::<u32>().ok();
    if a.len() == 4 {
        return Some((i32::try_from(n(a)?).ok()?, n(b)?, n(c)?));
    }
    let year = match c.len() {
        4 => i32::try_from(n(c)?).ok()?,
        2 => two_digit_year(n(c)?),
        _ => return None,
    };
    let (a, b) = (n(a)?, n(b)?);
    let day_first = token.contains('.') || a > 12;
    Some(match day_first {
        true => (year, b, a),
        false => (year, a, b),
    })
}

fn two_digit_year(n: u32) -> i32 {
    let n = i32::try_from(n % 100).unwrap_or(0);
    if n < 70 { 2000 + n } else { 1900 + n }
}

/// `+0100`, `-05:00`, `+01`, `+1`, as seconds east of UTC.
fn offset_of(token: &str) -> Option<i32> {
    let sign = if token.starts_with('-') { -1 } else { 1 };
    let digits: String = token[1..].chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 | 4 => {
            let (h, m) = digits.split_at(digits.len() - 2);
            (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
        }
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

fn meridiem(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m" => Some(false),
        "pm" | "p.m" => Some(true),
        _ => None,
    }
}

/// The months' names and abbreviations in the languages feeds are written in.
const MONTHS: [&[&str]; 12] = [
    &[
        "jan", "january", "januar", "janv", "janvier", "ene", "enero", "janeiro", "gen", "gennaio",
        "januari",
    ],
    &[
        "feb",
        "february",
        "februar",
        "févr",
        "fév",
        "fevr",
        "février",
        "febrero",
        "fev",
        "fevereiro",
        "febbraio",
        "februari",
    ],
    &[
        "mar", "march", "mär", "mrz", "märz", "mars", "marzo", "março", "maart", "mrt",
    ],
    &["apr", "april", "avr", "avril", "abr", "abril", "aprile"],
    &["may", "mai", "mayo", "maio", "mag", "maggio", "mei"],
    &[
        "jun", "june", "juni", "juin", "junio", "junho", "giu", "giugno",
    ],
    &[
        "jul", "july", "juli", "juil", "juillet", "julio", "julho", "lug", "luglio",
    ],
    &["aug", "august", "août", "aout", "ago", "agosto", "augustus"],
    &[
        "sep",
        "sept",
        "september",
        "septembre",
        "septiembre",
        "setiembre",
        "set",
        "setembro",
        "settembre",
    ],
    &[
        "oct", "october", "okt", "oktober", "octobre", "octubre", "out", "outubro", "ott",
        "ottobre",
    ],
    &["nov", "november", "novembre", "noviembre", "novembro"],
    &[
        "dec",
        "december",
        "dez",
        "dezember",
        "déc",
        "décembre",
        "dic",
        "diciembre",
        "dezembro",
        "dicembre",
    ],
];

fn month_number(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Weekdays (which say nothing a date does not) and the small words between a date's parts.
fn is_weekday_or_filler(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lun",
        "mer",
        "jeu",
        "ven",
        "sam",
        "dim",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "mié",
        "mie",
        "jue",
        "vie",
        "sáb",
        "sab",
        "dom",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "seg",
        "ter",
        "qua",
        "qui",
        "sex",
        "segunda",
        "terça",
        "quarta",
        "quinta",
        "sexta",
        "gio",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "ma",
        "wo",
        "vr",
        "za",
        "zo",
        "at",
        "de",
        "del",
        "à",
        "um",
        "le",
        "the",
        "of",
        "-",
        "feira",
    ];
    WORDS.contains(&word)
}

/// The offset of a zone named by its abbreviation (seconds east of UTC), also `GMT+1` forms.
fn zone_offset(word: &str) -> Option<i32> {
    for prefix in ["gmt", "utc", "ut"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.starts_with(['+', '-'])
        {
            return offset_of(rest);
        }
    }
    let hours = match word {
        "z" | "gmt" | "ut" | "utc" | "wet" => 0.0,
        "bst" | "cet" | "met" | "wat" | "west" => 1.0,
        "cest" | "mest" | "eet" | "sast" | "cat" => 2.0,
        "eest" | "msk" | "eat" => 3.0,
        "ist" => 5.5,
        "ict" | "wib" => 7.0,
        "hkt" | "sgt" | "awst" | "pht" | "myt" => 8.0,
        "jst" | "kst" => 9.0,
        "acst" => 9.5,
        "aest" => 10.0,
        "acdt" => 10.5,
        "aedt" => 11.0,
        "nzst" => 12.0,
        "nzdt" => 13.0,
        "edt" => -4.0,
        "est" | "cdt" => -5.0,
        "cst" | "mdt" => -6.0,
        "mst" | "pdt" => -7.0,
        "pst" | "akdt" => -8.0,
        "akst" => -9.0,
        "hst" => -10.0,
        "ast" => -4.0,
        "adt" => -3.0,
        "nst" => -3.5,
        _ => return None,
    };
    Some((hours * 3600.0) as i32)
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
    fn loose_dates_of_real_feeds() {
        let loose = |text: &str| parse_loose(text).map(|d| d.to_rfc3339());
        let want = |text: &str| Some(text.to_owned());
        assert_eq!(
            loose("2020/1/10 14:33:00"),
            want("2020-01-10T14:33:00+00:00")
        );
        assert_eq!(
            loose("Sat, Dec 16 2023 02:02:33 PM"),
            want("2023-12-16T14:02:33+00:00")
        );
        assert_eq!(
            loose("Sun, 12 August 2012 10:00:00 EST"),
            want("2012-08-12T15:00:00+00:00")
        );
        assert_eq!(
            loose("Seg, 24 Set 2018 19:42:40 -0300"),
            want("2018-09-24T22:42:40+00:00")
        );
        assert_eq!(
            loose("mar., 12 févr. 2019 08:00:00 +0100"),
            want("2019-02-12T07:00:00+00:00")
        );
        assert_eq!(loose("24.09.2018 09:05"), want("2018-09-24T09:05:00+00:00"));
        assert_eq!(
            loose("Tue, 2 Aug 05 12:09:14 GMT+2 (CEST)"),
            want("2005-08-02T10:09:14+00:00")
        );
        assert_eq!(
            loose("Wed, 03 Jul 2019 10:00:00.250Z"),
            want("2019-07-03T10:00:00.250+00:00")
        );
        for bad in [
            "yesterday",
            "Dec 2023",
            "2023/13/01",
            "32 Jan 2020",
            "13:00 PM 1 Jan 2020 XYZ",
        ] {
            assert_eq!(loose(bad), None, "{bad}");
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
