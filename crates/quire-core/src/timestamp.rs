//! UTC timestamps kept as Unix milliseconds and written as ISO 8601 (`2026-01-15T10:30:00.000Z`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A point in time with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }

    /// From Unix milliseconds.
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Unix milliseconds.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// Whole Unix seconds.
    pub const fn as_unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// This time plus `seconds` (negative moves back).
    pub const fn plus_seconds(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds.saturating_mul(1000)))
    }

    /// From a `time` value (converted to UTC, truncated to milliseconds).
    pub fn from_datetime(dt: OffsetDateTime) -> Self {
        Self((dt.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    /// The `time` value, in UTC.
    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(self.0 as i128 * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// ISO 8601 with milliseconds and a `Z` suffix.
    pub fn to_iso(self) -> String {
        let dt = self.to_datetime();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.millisecond()
        )
    }

    /// Parses RFC 3339 / ISO 8601 date-times (any offset) and plain dates (`2026-01-15`, midnight UTC).
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(Self::from_datetime(dt.to_offset(UtcOffset::UTC)));
        }
        let date = time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
        Some(Self::from_datetime(date.midnight().assume_utc()))
    }

    /// The UTC calendar day, `YYYY-MM-DD`.
    pub fn day(self) -> String {
        self.to_iso()[..10].to_string()
    }
}

impl From<i64> for Timestamp {
    fn from(ms: i64) -> Self {
        Self(ms)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("expected an ISO 8601 date-time such as 2026-01-15T10:30:00.000Z"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_iso_8601() {
        let ts = Timestamp::parse("2026-01-15T10:30:00.123Z").unwrap();
        assert_eq!(ts.to_iso(), "2026-01-15T10:30:00.123Z");
        assert_eq!(ts.day(), "2026-01-15");
    }

    #[test]
    fn parses_offsets_and_plain_dates() {
        let a = Timestamp::parse("2026-01-15T12:30:00+02:00").unwrap();
        assert_eq!(a.to_iso(), "2026-01-15T10:30:00.000Z");
        let b = Timestamp::parse("2026-01-15").unwrap();
        assert_eq!(b.to_iso(), "2026-01-15T00:00:00.000Z");
        assert!(Timestamp::parse("yesterday").is_none());
    }
}
