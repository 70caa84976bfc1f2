//! Conversions to and from [time](https://docs.rs/time)'s types (feature
//! `time`); see [`dates`](super) for what each means.

use ::time::{Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::{ConversionError, Date, DateTime};

impl From<Date> for ::time::Date {
    #[allow(clippy::expect_used, reason = "a `Date` is a real day of 0000–9999, all within time's range")]
    fn from(date: Date) -> Self {
        Month::try_from(date.month())
            .and_then(|month| ::time::Date::from_calendar_date(date.year(), month, date.day()))
            .expect("a valid date of 0000–9999")
    }
}

impl TryFrom<::time::Date> for Date {
    type Error = ConversionError;

    fn try_from(date: ::time::Date) -> Result<Self, ConversionError> {
        Date::new(date.year(), u8::from(date.month()), date.day()).ok_or(ConversionError::YEAR)
    }
}

/// The date and time of day as written, whatever the offset.
impl From<&DateTime> for PrimitiveDateTime {
    #[allow(clippy::expect_used, reason = "a `DateTime`'s parts are in range")]
    fn from(value: &DateTime) -> Self {
        let (hour, minute, second) = value.time();
        let time = Time::from_hms_nano(hour, minute, second, value.nanosecond());
        PrimitiveDateTime::new(value.date().into(), time.expect("a `DateTime`'s time of day is valid"))
    }
}

impl TryFrom<&DateTime> for OffsetDateTime {
    type Error = ConversionError;

    fn try_from(value: &DateTime) -> Result<Self, ConversionError> {
        let minutes = value.offset_minutes().ok_or(ConversionError::NO_OFFSET)?;
        let offset = UtcOffset::from_whole_seconds(i32::from(minutes) * 60).map_err(|_| ConversionError::OFFSET)?;
        Ok(PrimitiveDateTime::from(value).assume_offset(offset))
    }
}

impl TryFrom<PrimitiveDateTime> for DateTime {
    type Error = ConversionError;

    fn try_from(value: PrimitiveDateTime) -> Result<Self, ConversionError> {
        let (hour, minute, second, nanosecond) = value.as_hms_nano();
        DateTime::from_parts(value.date().try_into()?, (hour, minute, second), nanosecond, None)
    }
}

impl TryFrom<OffsetDateTime> for DateTime {
    type Error = ConversionError;

    /// At its offset: `2026-04-06T12:00:00+02:00`, `Z` for UTC.
    fn try_from(value: OffsetDateTime) -> Result<Self, ConversionError> {
        let (hour, minute, second, nanosecond) = value.to_hms_nano();
        let offset = Some(value.offset().whole_seconds());
        DateTime::from_parts(value.date().try_into()?, (hour, minute, second), nanosecond, offset)
    }
}

super::serde_with!(
    /// A `time::OffsetDateTime` field read as the runtime reads a
    /// `datetime` (which must have an offset), written at its offset.
    offset_datetime,
    ::time::OffsetDateTime
);

super::serde_with!(
    /// A `time::PrimitiveDateTime` field: the date and time of day as
    /// written, whatever the offset; written without one.
    primitive_datetime,
    ::time::PrimitiveDateTime
);

#[cfg(test)]
mod tests {
    use ::time::{Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

    use crate::{ConversionError, Date, DateTime};

    fn date(year: i32, month: u8, day: u8) -> ::time::Date {
        ::time::Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
    }

    #[test]
    fn dates_convert_both_ways() {
        let ours: Date = "2024-02-29".parse().unwrap();
        assert_eq!(::time::Date::from(ours), date(2024, 2, 29));
        assert_eq!(Date::try_from(date(2024, 2, 29)), Ok(ours));
        assert_eq!(Date::try_from(date(-1, 1, 1)), Err(ConversionError::YEAR));
    }

    #[test]
    fn date_times_are_instants_only_with_an_offset() {
        let sent: DateTime = "2026-04-06T12:00:00.25+02:00".parse().unwrap();
        let at_offset = OffsetDateTime::try_from(&sent).unwrap();
        assert_eq!(at_offset.unix_timestamp(), sent.unix_timestamp().unwrap());
        assert_eq!(at_offset.offset().whole_seconds(), 7200);
        assert_eq!(at_offset.nanosecond(), 250_000_000);
        assert_eq!(
            PrimitiveDateTime::from(&sent),
            PrimitiveDateTime::new(date(2026, 4, 6), Time::from_hms_milli(12, 0, 0, 250).unwrap())
        );

        let local: DateTime = "2026-09-02T22:00".parse().unwrap();
        assert_eq!(OffsetDateTime::try_from(&local), Err(ConversionError::NO_OFFSET));
    }

    #[test]
    fn time_values_become_rfc_3339_text() {
        let utc = PrimitiveDateTime::new(date(2026, 4, 6), Time::from_hms(10, 0, 0).unwrap()).assume_utc();
        assert_eq!(DateTime::try_from(utc).unwrap().as_str(), "2026-04-06T10:00:00Z");
        let west = utc.to_offset(UtcOffset::from_hms(-5, 0, 0).unwrap());
        let at_offset = DateTime::try_from(west).unwrap();
        assert_eq!(at_offset.as_str(), "2026-04-06T05:00:00-05:00");
        assert_eq!(at_offset.unix_timestamp(), Some(utc.unix_timestamp()));
        let wall = PrimitiveDateTime::new(date(2026, 9, 2), Time::from_hms_micro(22, 0, 0, 10).unwrap());
        assert_eq!(DateTime::try_from(wall).unwrap().as_str(), "2026-09-02T22:00:00.00001");

        let odd = utc.to_offset(UtcOffset::from_whole_seconds(30).unwrap());
        assert_eq!(DateTime::try_from(odd), Err(ConversionError::OFFSET));
    }

    #[test]
    fn serde_with_reads_as_the_runtime_does() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Booking {
            #[serde(with = "crate::dates::time::offset_datetime")]
            starts: OffsetDateTime,
            #[serde(default, with = "crate::dates::time::offset_datetime::option")]
            ends: Option<OffsetDateTime>,
            #[serde(with = "crate::dates::time::primitive_datetime")]
            wall: PrimitiveDateTime,
        }

        let read: Booking =
            serde_json::from_str(r#"{"starts": "2026-04-06 12:00+0200", "wall": "2026-09-02T22:00"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"starts":"2026-04-06T12:00:00+02:00","ends":null,"wall":"2026-09-02T22:00:00"}"#
        );
        let local = serde_json::from_str::<Booking>(r#"{"starts": "2026-04-06T12:00", "wall": "2026-09-02T22:00"}"#);
        assert!(local.unwrap_err().to_string().contains("no offset"));
    }
}
