//! `dd.mm.yyyy` dates and the month windows `getOrdersWithGoods` needs: the server
//! serves at most one month per call and silently moves the start of a longer range
//! (spec §6.3.5), so longer ranges are fetched window by window.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// Parses `dd.mm.yyyy` (one or two digits for day and month, four for the year).
    pub fn parse_dmy(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('.');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || !(1..=2).contains(&d.len())
            || !(1..=2).contains(&m.len())
            || y.len() != 4
            || ![d, m, y]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        ((1..=12).contains(&date.month)
            && (1..=days_in_month(date.year, date.month)).contains(&date.day))
        .then_some(date)
    }

    /// Parses `yyyy-mm-dd` (four digits for the year, one or two for month and day).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        Date::parse_dmy(&format!("{d}.{m}.{y}"))
    }

    /// `yyyy-mm-dd`, zero-padded.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `dd.mm.yyyy`, zero-padded, as the API documents it.
    pub fn to_dmy(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// The same day one month later, clamped to the end of a shorter month
    /// (31.01 → 28.02 / 29.02).
    pub fn plus_month(self) -> Date {
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The day before.
    pub fn minus_day(self) -> Date {
        Date::from_days(self.to_days() - 1)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today in Moscow time (UTC+3), where JustClick's servers keep their clock; the
    /// docs never state a time zone, and a day of slack is harmless because windows
    /// overlap and are de-duplicated.
    pub fn today_moscow() -> Date {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = (secs + 3 * 3600) / 86_400;
        Date::from_days(i64::try_from(days).unwrap_or(0))
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Splits `[begin, end]` into windows the server serves whole, and that leave no gap
/// under either reading of `end_date`:
///
/// - each window runs from its start to one month minus a day later, so even with
///   `end_date` counted as a whole day it is not longer than a month (the server
///   would silently move a longer window's start forward);
/// - the next window starts on the previous one's last day, so with `end_date` read
///   as midnight that day is still covered.
///
/// The caller de-duplicates orders seen twice on a shared day. `None` as a window's
/// end means "now" (the server's default when `end_date` is omitted). A range that
/// already fits is returned as one window.
pub(crate) fn month_windows(begin: Date, end: Option<Date>) -> Vec<(Date, Option<Date>)> {
    let last = end.unwrap_or_else(Date::today_moscow);
    let mut windows = Vec::new();
    let mut start = begin;
    loop {
        let stop = start.plus_month().minus_day();
        if stop >= last {
            windows.push((start, end));
            return windows;
        }
        windows.push((start, Some(stop)));
        start = stop;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_dmy(s).unwrap()
    }

    #[test]
    fn parses_only_real_dmy_dates() {
        assert_eq!(d("1.2.2024").to_dmy(), "01.02.2024");
        assert_eq!(d("29.02.2024").to_dmy(), "29.02.2024");
        for bad in [
            "29.02.2023",
            "2024-01-01",
            "01.13.2024",
            "1.1.24",
            "01.01.2024.1",
            "aa.01.2024",
            "",
        ] {
            assert!(Date::parse_dmy(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn months_clamp_and_roll_over() {
        assert_eq!(d("31.01.2024").plus_month().to_dmy(), "29.02.2024");
        assert_eq!(d("31.01.2023").plus_month().to_dmy(), "28.02.2023");
        assert_eq!(d("15.12.2023").plus_month().to_dmy(), "15.01.2024");
        assert_eq!(Date::from_days(0).to_dmy(), "01.01.1970");
        assert_eq!(Date::from_days(19_782).to_dmy(), "29.02.2024");
    }

    #[test]
    fn windows_cover_the_range_and_overlap_by_a_day() {
        let w = month_windows(d("01.01.2024"), Some(d("15.03.2024")));
        let shown: Vec<_> = w
            .iter()
            .map(|(a, b)| format!("{}-{}", a.to_dmy(), b.unwrap().to_dmy()))
            .collect();
        assert_eq!(
            shown,
            [
                "01.01.2024-31.01.2024",
                "31.01.2024-28.02.2024",
                "28.02.2024-15.03.2024"
            ]
        );
        assert_eq!(
            month_windows(d("01.01.2024"), Some(d("31.01.2024"))).len(),
            1,
            "a month counted in whole days is one call"
        );
        assert_eq!(
            month_windows(d("01.01.2024"), Some(d("01.02.2024"))).len(),
            2
        );
        let open = month_windows(d("01.01.2000"), None);
        assert!(open.len() > 12 * 24);
        assert_eq!(open.last().unwrap().1, None, "the last window runs to now");
        for day in 0..800 {
            let date = Date::from_days(19_000 + day);
            assert_eq!(Date::from_days(date.to_days()), date);
            assert!(date.plus_month().minus_day() > date);
        }
    }
}
