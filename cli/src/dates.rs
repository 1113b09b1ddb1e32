//! UNIX times as people read them (UTC), for `groups` and journal notices.

use time::OffsetDateTime;

fn utc(unix: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(unix).ok()
}

/// `2026-12-07 23:30 UTC`; the number itself when out of range.
#[must_use]
pub fn human_utc(unix: i64) -> String {
    utc(unix).map_or_else(
        || unix.to_string(),
        |t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        },
    )
}

/// `20261207T233000Z`, for file names.
#[must_use]
pub fn compact_utc(unix: i64) -> String {
    utc(unix).map_or_else(
        || unix.to_string(),
        |t| {
            format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_read_as_utc_dates() {
        assert_eq!(human_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(human_utc(1_765_150_200), "2025-12-07 23:30 UTC");
        assert_eq!(compact_utc(1_765_150_200), "20251207T233000Z");
    }
}
