//! Calendar arithmetic in UTC for the date parameters (no time-zone database needed;
//! the sandbox treats every date as UTC).

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn valid(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1970..=9999).contains(&y)
}

/// Parses `dd.mm.yyyy` to the UNIX time of that day's start.
#[must_use]
pub fn parse_dmy(s: &str) -> Option<i64> {
    let mut it = s.trim().split('.');
    let d = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let y = it.next()?.parse().ok()?;
    (it.next().is_none() && valid(y, m, d)).then(|| days_from_civil(y, m, d) * 86_400)
}

/// Parses `yyyy-mm-dd` to the UNIX time of that day's start.
#[must_use]
pub fn parse_ymd(s: &str) -> Option<i64> {
    let mut it = s.trim().split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    (it.next().is_none() && valid(y, m, d)).then(|| days_from_civil(y, m, d) * 86_400)
}

/// Parses the API 2.0 date-times: `dd.mm.yyyy HH:MM:SS`, `yyyy-mm-dd HH:MM:SS`,
/// `mm/dd/yyyy HH:MM:SS` (the time part optional).
#[must_use]
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = s.split_once(' ').unwrap_or((s, "00:00:00"));
    let day = if date.contains('/') {
        let mut it = date.split('/');
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        let y = it.next()?.parse().ok()?;
        valid(y, m, d).then(|| days_from_civil(y, m, d) * 86_400)?
    } else if date.contains('.') {
        parse_dmy(date)?
    } else {
        parse_ymd(date)?
    };
    let mut t = time.trim().split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let mi: i64 = t.next().unwrap_or("0").parse().ok()?;
    let se: i64 = t.next().unwrap_or("0").parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&mi) && (0..60).contains(&se))
        .then_some(day + h * 3600 + mi * 60 + se)
}

/// The same time one calendar month earlier (day clamped to the month's length).
#[must_use]
pub fn month_before(t: i64) -> i64 {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let d = d.min(days_in_month(y, m));
    days_from_civil(y, m, d) * 86_400 + secs
}

/// Start of the UTC day holding `t`.
#[must_use]
pub fn day_start(t: i64) -> i64 {
    t - t.rem_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_dmy("14.11.2023"), Some(1_699_920_000));
        assert_eq!(parse_ymd("2023-11-14"), Some(1_699_920_000));
        assert_eq!(parse_dmy("31.02.2023"), None);
        assert_eq!(parse_datetime("2019-07-30 04:22:16"), Some(1_564_460_536));
        assert_eq!(parse_datetime("30.07.2019 04:22:16"), Some(1_564_460_536));
        assert_eq!(parse_datetime("07/30/2019 04:22:16"), Some(1_564_460_536));
        assert_eq!(civil_from_days(19_675), (2023, 11, 14));
        // 2024-03-31 minus a month is 2024-02-29.
        let mar31 = parse_ymd("2024-03-31").unwrap();
        assert_eq!(month_before(mar31), parse_ymd("2024-02-29").unwrap());
        assert_eq!(day_start(1_700_000_000), 1_699_920_000);
    }
}
