//! Dates and durations for people: `2026-09-21 14:13:20 UTC`, `5 min 3 s`, and reading
//! what people type for an evaluation time. Pure: the library never reads the clock. Shared
//! by the answer's sentences, the CLI and the playground.

/// Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe.saturating_add(era.saturating_mul(400));
    (if m <= 2 { y.saturating_add(1) } else { y }, m, d)
}

/// A civil date to days since 1970-01-01 (`days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the epoch as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc(ts: i64) -> String {
    let (year, month, day) = civil_from_days(ts.div_euclid(86_400));
    let secs = ts.rem_euclid(86_400);
    let (hour, minute, second) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if !(0..=9999).contains(&year) {
        return format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC");
    }
    // Written digit by digit: every answer carries a few of these, and `format!` with
    // padding costs about ten times as much.
    let mut out = String::with_capacity(23);
    let digit = |n: i64| char::from_digit(u32::try_from(n % 10).unwrap_or(0), 10).unwrap_or('0');
    for place in [1000, 100, 10, 1] {
        out.push(digit(year / place));
    }
    for (n, before) in [
        (month, '-'),
        (day, '-'),
        (hour, ' '),
        (minute, ':'),
        (second, ':'),
    ] {
        out.push(before);
        out.push(digit(n / 10));
        out.push(digit(n));
    }
    out.push_str(" UTC");
    out
}

/// Seconds since the epoch as ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ`), the form [`parse`] reads.
pub fn iso(ts: i64) -> String {
    utc(ts).replacen(' ', "T", 1).replace(" UTC", "Z")
}

/// A length of time in words: `42 s`, `5 min 3 s`, `2 h 10 min`, `3 d 4 h`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 if s.is_multiple_of(60) => format!("{} min", s / 60),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        3600..86_400 if s.is_multiple_of(3600) => format!("{} h", s / 3600),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ if s % 86_400 < 3600 => format!("{} d", s / 86_400),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// Where `t` lies relative to `reference`, in words: `5 min before`, `2 h after`, `same time`.
pub fn relative(t: i64, reference: i64) -> String {
    let delta = t.saturating_sub(reference);
    match delta {
        0 => "same time as".to_owned(),
        d if d > 0 => format!("{} after", duration(d)),
        d => format!("{} before", duration(d)),
    }
}

/// Reads a time as people and IAM write it: seconds since the epoch (`1790000000`) or an
/// ISO 8601 date and time (`2026-09-21T14:13:20Z`, `2026-09-21 14:13`, `2026-09-21`), with
/// optional fractional seconds (dropped: IAM compares dates to the second) and an optional
/// `Z`, ` UTC` or `+hh:mm` / `-hh:mm` offset (none means UTC).
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let t = t
        .strip_suffix('Z')
        .or_else(|| t.strip_suffix(" UTC"))
        .unwrap_or(t);
    let (date, time) = match t.split_once(['T', ' ']) {
        Some((d, tm)) => (d, tm),
        None => (t, "00:00:00"),
    };
    let (time, offset) = match time.rfind(['+', '-']) {
        Some(i) => (time.get(..i)?, offset_seconds(time.get(i..)?)?),
        None => (time, 0),
    };
    let mut d = date.split('-');
    let (Some(y), Some(mo), Some(da), None) = (d.next(), d.next(), d.next(), d.next()) else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let (y, mo, da) = (digits(y, 9999)?, digits(mo, 12)?, digits(da, 31)?);
    if mo == 0 || da == 0 {
        return None;
    }
    let mut tm = time.split(':');
    let h = digits(tm.next()?, 23)?;
    let mi = tm.next().map_or(Some(0), |s| digits(s, 59))?;
    let se = tm.next().map_or(Some(0), |s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        digits(fraction, i64::MAX)?;
        digits(whole, 60)
    })?;
    if tm.next().is_some() {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// Reads a date as IAM's date condition operators take it: epoch seconds (`1790000000`), or
/// one of the W3C profiles of ISO 8601 ("You must specify date/time values with one of the
/// W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time", IAM User Guide,
/// `reference_policies_elements_condition_operators`; <https://www.w3.org/TR/NOTE-datetime>):
/// `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD` and
/// `YYYY-MM-DDThh:mm:ss.sTZD`, the zone `Z` or `+hh:mm`/`-hh:mm` (a lone `YYYY` reads as
/// epoch seconds). In milliseconds since the epoch: a fraction of a second is kept to the
/// millisecond, so `...T14:13:20.5Z` is not the instant `...T14:13:20Z` (UNCONFIRMED: IAM
/// does not document the precision; the differential test against iam-simulate, which
/// reads dates with JavaScript's `Date.parse`, found the difference, and an instant half a
/// second later is not the same instant). Stricter than [`parse`] (no space for `T`, no
/// time without a zone, no ` UTC`), which reads what people type; a value that is not a
/// date matches nothing.
pub fn parse_iam_date(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok()?.checked_mul(1000);
    }
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut d = date.split('-');
    let (y, mo, da) = match (d.next(), d.next(), d.next(), d.next()) {
        (Some(y), Some(mo), da, None) if y.len() == 4 && mo.len() == 2 => {
            (y, mo, da.unwrap_or("01"))
        }
        _ => return None,
    };
    if da.len() != 2 || (time.is_some() && date.len() != 10) {
        return None;
    }
    let (y, mo, da) = (digits(y, 9999)?, digits(mo, 12)?, digits(da, 31)?);
    if mo == 0 || da == 0 {
        return None;
    }
    let day = days_from_civil(y, mo, da) * 86_400;
    let Some(time) = time else {
        return Some(day * 1000);
    };
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else {
        let i = time.rfind(['+', '-'])?;
        let zone = time.get(i..)?;
        if zone.len() != 6 || zone.get(3..4) != Some(":") {
            return None;
        }
        (time.get(..i)?, offset_seconds(zone)?)
    };
    let mut parts = clock.split(':');
    let (h, mi) = (parts.next()?, parts.next()?);
    let (se, millis) = match parts.next() {
        None => (0, 0),
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // The first three digits, padded: `.5` is 500 ms, `.123456` 123 ms.
            let millis = fraction
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(3)
                .fold(0, |n, b| n * 10 + i64::from(b - b'0'));
            if whole.len() != 2 {
                return None;
            }
            (digits(whole, 60)?, millis)
        }
    };
    if parts.next().is_some() || h.len() != 2 || mi.len() != 2 {
        return None;
    }
    let seconds = day + digits(h, 23)? * 3600 + digits(mi, 59)? * 60 + se - offset;
    Some(seconds * 1000 + millis)
}

/// A string of ASCII digits no greater than `max`.
fn digits(s: &str, max: i64) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok().filter(|n| *n <= max)
}

/// `+hh:mm`, `-hh:mm` or `+hhmm` as seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i64> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let body = text.get(1..)?;
    let (h, m) = match body.split_once(':') {
        Some(hm) => hm,
        None if body.len() == 4 => body.split_at_checked(2)?,
        None => (body, "00"),
    };
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Some(sign * (digits(h, 23)? * 3600 + digits(m, 59)? * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_agree_with_format() {
        let reference = |ts: i64| {
            let (year, month, day) = civil_from_days(ts.div_euclid(86_400));
            let secs = ts.rem_euclid(86_400);
            let (hour, minute) = (secs / 3600, secs % 3600 / 60);
            let second = secs % 60;
            format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
        };
        // From 0000-01-01 to the end of 9999, and one second past each end.
        let (first, last) = (-62_167_219_200i64, 253_402_300_799i64);
        let edges = [first - 1, first, last, last + 1, i64::MIN, i64::MAX];
        for ts in (first..=last).step_by(7_777_777).chain(edges) {
            assert_eq!(utc(ts), reference(ts));
        }
    }

    #[test]
    fn formats_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(iso(1_700_000_000), "2023-11-14T22:13:20Z");
        // Extreme inputs format without panicking.
        let _ = utc(i64::MAX);
        let _ = utc(i64::MIN);
    }

    #[test]
    fn parses_what_it_formats() {
        for ts in [0, 1_700_000_000, 1_790_000_000, 951_782_400, 4_102_444_800] {
            assert_eq!(parse(&iso(ts)), Some(ts), "{}", iso(ts));
            assert_eq!(parse(&utc(ts)), Some(ts), "{}", utc(ts));
        }
        assert_eq!(parse(" 1790000000 "), Some(1_790_000_000));
        assert_eq!(parse("2023-11-14 22:13"), Some(1_699_999_980));
        assert_eq!(parse("2023-11-14"), Some(1_699_920_000));
        assert_eq!(parse("2023-11-14T22:13:20.999Z"), Some(1_700_000_000));
        assert_eq!(parse("2023-11-14T23:13:20+01:00"), Some(1_700_000_000));
        assert_eq!(parse("2023-11-14T21:43:20-0030"), Some(1_700_000_000));
        for bad in [
            "",
            "soon",
            "2023-13-01",
            "2023-11-14T25:00",
            "23-11-14",
            "2023-11-14T1:2:3:4",
            "2023-11-14T10:00:00+1",
            "2023-11-14T10:00:00.x",
            "2026-01-01T00:00+1é1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn iam_dates_are_w3c_iso_8601_or_epoch_seconds() {
        for (text, ts) in [
            ("1790000000", 1_790_000_000_000),
            ("2026-09-21T14:13:20Z", 1_790_000_000_000),
            ("2026-09-21T16:13:20+02:00", 1_790_000_000_000),
            ("2026-09-21T14:13:20.999Z", 1_790_000_000_999),
            ("2026-09-21T14:13:20.5Z", 1_790_000_000_500),
            ("2026-09-21T14:13:20.0001Z", 1_790_000_000_000),
            ("2026-09-21T14:13Z", 1_789_999_980_000),
            ("2026-09-21", 1_789_948_800_000),
            ("2026-09", 1_788_220_800_000),
        ] {
            assert_eq!(parse_iam_date(text), Some(ts), "{text}");
        }
        for bad in [
            "",
            "2026-09-21 14:13:20Z",
            "2026-09-21T14:13:20",
            "2026-09-21T14:13:20 UTC",
            "2026-09-21T14:13:20+0200",
            "2026-9-21",
            " 1790000000",
            "-1",
            "us-east-1",
            "2026-09-21T1:13Z",
            "2026-09-21T14:13:20.Z",
        ] {
            assert_eq!(parse_iam_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(42), "42 s");
        assert_eq!(duration(300), "5 min");
        assert_eq!(duration(303), "5 min 3 s");
        assert_eq!(duration(7200), "2 h");
        assert_eq!(duration(7800), "2 h 10 min");
        assert_eq!(duration(86_400 * 3 + 3600 * 4), "3 d 4 h");
        assert_eq!(relative(100, 400), "5 min before");
        assert_eq!(relative(400, 100), "5 min after");
        assert_eq!(relative(5, 5), "same time as");
        let _ = relative(i64::MIN, i64::MAX);
    }
}
