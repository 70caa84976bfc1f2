//! Conversions to and from [jiff](https://docs.rs/jiff)'s types (feature
//! `jiff`); see [`dates`](super) for what each means.

use ::jiff::civil;
use ::jiff::tz::Offset;
use ::jiff::{Timestamp, ZonedDateTime};

use crate::{ConversionError, Date, DateTime};

impl From<Date> for civil::Date {
    fn from(date: Date) -> Self {
        #[allow(clippy::cast_possible_truncation, reason = "a `Date`'s year is 0–9999, its month and day small")]
        #[allow(clippy::cast_possible_wrap, reason = "the same")]
        civil::Date::constant(date.year() as i16, date.month() as i8, date.day() as i8)
    }
}

impl TryFrom<civil::Date> for Date {
    type Error = ConversionError;

    fn try_from(date: civil::Date) -> Result<Self, ConversionError> {
        let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
        Date::new(i32::from(date.year()), month, day).ok_or(ConversionError::YEAR)
    }
}

/// The date and time of day as written, whatever the offset.
impl From<&DateTime> for civil::DateTime {
    fn from(value: &DateTime) -> Self {
        let (hour, minute, second) = value.time();
        #[allow(clippy::cast_possible_wrap, reason = "each part is below 60, the nanoseconds below 10⁹")]
        civil::Date::from(value.date()).at(hour as i8, minute as i8, second as i8, value.nanosecond() as i32)
    }
}

impl TryFrom<&DateTime> for Timestamp {
    type Error = ConversionError;

    fn try_from(value: &DateTime) -> Result<Self, ConversionError> {
        let minutes = value.offset_minutes().ok_or(ConversionError::NO_OFFSET)?;
        let offset = Offset::from_seconds(i32::from(minutes) * 60).map_err(|_| ConversionError::OFFSET)?;
        offset.to_timestamp(civil::DateTime::from(value)).map_err(|_| ConversionError::YEAR)
    }
}

impl TryFrom<civil::DateTime> for DateTime {
    type Error = ConversionError;

    fn try_from(value: civil::DateTime) -> Result<Self, ConversionError> {
        from_civil(value, None)
    }
}

impl TryFrom<Timestamp> for DateTime {
    type Error = ConversionError;

    /// In UTC: `2026-04-06T10:00:00Z`.
    fn try_from(value: Timestamp) -> Result<Self, ConversionError> {
        from_civil(Offset::UTC.to_datetime(value), Some(0))
    }
}

impl TryFrom<ZonedDateTime> for DateTime {
    type Error = ConversionError;

    /// At the zoned time's offset: `2026-04-06T12:00:00+02:00` (the time
    /// zone's name is not kept).
    fn try_from(value: ZonedDateTime) -> Result<Self, ConversionError> {
        from_civil(value.datetime(), Some(value.offset().seconds()))
    }
}

fn from_civil(value: civil::DateTime, offset_seconds: Option<i32>) -> Result<DateTime, ConversionError> {
    let date = Date::try_from(value.date())?;
    let parts = (value.hour().unsigned_abs(), value.minute().unsigned_abs(), value.second().unsigned_abs());
    DateTime::from_parts(date, parts, value.subsec_nanosecond().unsigned_abs(), offset_seconds)
}

super::serde_with!(
    /// A `jiff::Timestamp` field read as the runtime reads a `datetime`
    /// (which must have an offset), written in UTC.
    timestamp,
    ::jiff::Timestamp
);

super::serde_with!(
    /// A `jiff::civil::DateTime` field: the date and time of day as
    /// written, whatever the offset; written without one.
    civil_datetime,
    ::jiff::civil::DateTime
);

#[cfg(test)]
mod tests {
    use super::{Timestamp, ZonedDateTime, civil};
    use crate::{ConversionError, Date, DateTime};

    #[test]
    fn dates_convert_both_ways() {
        let date: Date = "2024-02-29".parse().unwrap();
        let jiff = civil::Date::from(date);
        assert_eq!(jiff, civil::date(2024, 2, 29));
        assert_eq!(Date::try_from(jiff), Ok(date));
        assert_eq!(Date::try_from(civil::date(-1, 1, 1)), Err(ConversionError::YEAR));
    }

    #[test]
    fn date_times_are_instants_only_with_an_offset() {
        let sent: DateTime = "2026-04-06T12:00:00.25+02:00".parse().unwrap();
        let instant = Timestamp::try_from(&sent).unwrap();
        assert_eq!(instant.to_string(), "2026-04-06T10:00:00.25Z");
        assert_eq!(instant.as_second(), sent.unix_timestamp().unwrap());
        assert_eq!(civil::DateTime::from(&sent).to_string(), "2026-04-06T12:00:00.25");

        let local: DateTime = "2026-09-02T22:00".parse().unwrap();
        assert_eq!(Timestamp::try_from(&local), Err(ConversionError::NO_OFFSET));
        assert_eq!(civil::DateTime::from(&local), civil::date(2026, 9, 2).at(22, 0, 0, 0));
    }

    #[test]
    fn jiff_values_become_rfc_3339_text() {
        let instant: Timestamp = "2026-04-06T10:00:00.5Z".parse().unwrap();
        assert_eq!(DateTime::try_from(instant).unwrap().as_str(), "2026-04-06T10:00:00.5Z");
        let wall = civil::date(2026, 9, 2).at(22, 0, 0, 0);
        let local = DateTime::try_from(wall).unwrap();
        assert_eq!((local.as_str(), local.offset_minutes()), ("2026-09-02T22:00:00", None));
        let zoned =
            instant.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(-5 * 3600).unwrap()));
        let at_offset = DateTime::try_from(zoned.clone()).unwrap();
        assert_eq!(at_offset.as_str(), "2026-04-06T05:00:00.5-05:00");
        assert_eq!(at_offset.unix_timestamp(), Some(instant.as_second()));
        assert_eq!(at_offset, at_offset.as_str().parse().unwrap());
        let _: &ZonedDateTime = &zoned;

        let far = Timestamp::MIN;
        assert_eq!(DateTime::try_from(far), Err(ConversionError::YEAR));
        let odd = instant.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(30).unwrap()));
        assert_eq!(DateTime::try_from(odd), Err(ConversionError::OFFSET));
    }

    #[test]
    fn serde_with_reads_as_the_runtime_does() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Booking {
            #[serde(with = "crate::dates::jiff::timestamp")]
            starts: Timestamp,
            #[serde(default, with = "crate::dates::jiff::timestamp::option")]
            cancelled: Option<Timestamp>,
            #[serde(with = "crate::dates::jiff::civil_datetime")]
            wall: civil::DateTime,
        }

        let read: Booking =
            serde_json::from_str(r#"{"starts": "2026-04-06 12:00+0200", "wall": "2026-09-02T22:00"}"#).unwrap();
        assert_eq!(read.starts.to_string(), "2026-04-06T10:00:00Z");
        assert_eq!(read.cancelled, None);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"starts":"2026-04-06T10:00:00Z","cancelled":null,"wall":"2026-09-02T22:00:00"}"#
        );
        let local = serde_json::from_str::<Booking>(r#"{"starts": "2026-04-06T12:00", "wall": "2026-09-02T22:00"}"#);
        assert!(local.unwrap_err().to_string().contains("no offset"));
    }
}
