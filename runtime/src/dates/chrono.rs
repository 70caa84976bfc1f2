//! Conversions to and from [chrono](https://docs.rs/chrono)'s types
//! (feature `chrono`); see [`dates`](super) for what each means.

use ::chrono::{Datelike as _, FixedOffset, NaiveDate, NaiveDateTime, Offset as _, TimeZone, Timelike as _, Utc};

use crate::{ConversionError, Date, DateTime};

impl From<Date> for NaiveDate {
    #[allow(clippy::expect_used, reason = "a `Date` is a real day of 0000–9999, all within chrono's range")]
    fn from(date: Date) -> Self {
        NaiveDate::from_ymd_opt(date.year(), u32::from(date.month()), u32::from(date.day()))
            .expect("a valid date of 0000–9999")
    }
}

impl TryFrom<NaiveDate> for Date {
    type Error = ConversionError;

    fn try_from(date: NaiveDate) -> Result<Self, ConversionError> {
        #[allow(clippy::cast_possible_truncation, reason = "a month is 1–12, a day 1–31")]
        Date::new(date.year(), date.month() as u8, date.day() as u8).ok_or(ConversionError::YEAR)
    }
}

/// The date and time of day as written, whatever the offset.
impl From<&DateTime> for NaiveDateTime {
    #[allow(clippy::expect_used, reason = "a `DateTime`'s parts are in range")]
    fn from(value: &DateTime) -> Self {
        let (hour, minute, second) = value.time();
        NaiveDate::from(value.date())
            .and_hms_nano_opt(u32::from(hour), u32::from(minute), u32::from(second), value.nanosecond())
            .expect("a `DateTime`'s time of day is valid")
    }
}

impl TryFrom<&DateTime> for ::chrono::DateTime<FixedOffset> {
    type Error = ConversionError;

    fn try_from(value: &DateTime) -> Result<Self, ConversionError> {
        let minutes = value.offset_minutes().ok_or(ConversionError::NO_OFFSET)?;
        let offset = FixedOffset::east_opt(i32::from(minutes) * 60).ok_or(ConversionError::OFFSET)?;
        offset.from_local_datetime(&NaiveDateTime::from(value)).single().ok_or(ConversionError::YEAR)
    }
}

impl TryFrom<&DateTime> for ::chrono::DateTime<Utc> {
    type Error = ConversionError;

    fn try_from(value: &DateTime) -> Result<Self, ConversionError> {
        ::chrono::DateTime::<FixedOffset>::try_from(value).map(|at_offset| at_offset.with_timezone(&Utc))
    }
}

impl TryFrom<NaiveDateTime> for DateTime {
    type Error = ConversionError;

    fn try_from(value: NaiveDateTime) -> Result<Self, ConversionError> {
        from_naive(value, None)
    }
}

impl TryFrom<::chrono::DateTime<Utc>> for DateTime {
    type Error = ConversionError;

    /// In UTC: `2026-04-06T10:00:00Z`.
    fn try_from(value: ::chrono::DateTime<Utc>) -> Result<Self, ConversionError> {
        from_naive(value.naive_utc(), Some(0))
    }
}

impl TryFrom<::chrono::DateTime<FixedOffset>> for DateTime {
    type Error = ConversionError;

    /// At its offset: `2026-04-06T12:00:00+02:00`.
    fn try_from(value: ::chrono::DateTime<FixedOffset>) -> Result<Self, ConversionError> {
        from_naive(value.naive_local(), Some(value.offset().fix().local_minus_utc()))
    }
}

fn from_naive(value: NaiveDateTime, offset_seconds: Option<i32>) -> Result<DateTime, ConversionError> {
    let date = Date::try_from(value.date())?;
    #[allow(clippy::cast_possible_truncation, reason = "an hour is below 24, a minute and a second below 60")]
    let parts = (value.hour() as u8, value.minute() as u8, value.second() as u8);
    DateTime::from_parts(date, parts, value.nanosecond(), offset_seconds)
}

super::serde_with!(
    /// A `chrono::DateTime<Utc>` field read as the runtime reads a
    /// `datetime` (which must have an offset), written in UTC.
    datetime_utc,
    ::chrono::DateTime<::chrono::Utc>
);

super::serde_with!(
    /// A `chrono::DateTime<FixedOffset>` field read as the runtime reads a
    /// `datetime` (which must have an offset), written at its offset.
    datetime_fixed_offset,
    ::chrono::DateTime<::chrono::FixedOffset>
);

super::serde_with!(
    /// A `chrono::NaiveDateTime` field: the date and time of day as
    /// written, whatever the offset; written without one.
    naive_datetime,
    ::chrono::NaiveDateTime
);

#[cfg(test)]
mod tests {
    use ::chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

    use crate::{ConversionError, Date, DateTime};

    #[test]
    fn dates_convert_both_ways() {
        let date: Date = "2024-02-29".parse().unwrap();
        let chrono = NaiveDate::from(date);
        assert_eq!(chrono, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(Date::try_from(chrono), Ok(date));
        assert_eq!(Date::try_from(NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap()), Err(ConversionError::YEAR));
    }

    #[test]
    fn date_times_are_instants_only_with_an_offset() {
        let sent: DateTime = "2026-04-06T12:00:00.25+02:00".parse().unwrap();
        let at_offset = ::chrono::DateTime::<FixedOffset>::try_from(&sent).unwrap();
        assert_eq!(at_offset.to_rfc3339(), "2026-04-06T12:00:00.250+02:00");
        let utc = ::chrono::DateTime::<Utc>::try_from(&sent).unwrap();
        assert_eq!(utc.timestamp(), sent.unix_timestamp().unwrap());
        assert_eq!(NaiveDateTime::from(&sent).to_string(), "2026-04-06 12:00:00.250");

        let local: DateTime = "2026-09-02T22:00".parse().unwrap();
        assert_eq!(::chrono::DateTime::<Utc>::try_from(&local), Err(ConversionError::NO_OFFSET));
        assert_eq!(
            NaiveDateTime::from(&local),
            NaiveDate::from_ymd_opt(2026, 9, 2).unwrap().and_hms_opt(22, 0, 0).unwrap()
        );
    }

    #[test]
    fn chrono_values_become_rfc_3339_text() {
        let utc = Utc.with_ymd_and_hms(2026, 4, 6, 10, 0, 0).unwrap();
        assert_eq!(DateTime::try_from(utc).unwrap().as_str(), "2026-04-06T10:00:00Z");
        let offset = FixedOffset::west_opt(5 * 3600).unwrap();
        let at_offset = DateTime::try_from(utc.with_timezone(&offset)).unwrap();
        assert_eq!(at_offset.as_str(), "2026-04-06T05:00:00-05:00");
        assert_eq!(at_offset.unix_timestamp(), Some(utc.timestamp()));
        let naive = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap().and_hms_milli_opt(22, 0, 0, 5).unwrap();
        assert_eq!(DateTime::try_from(naive).unwrap().as_str(), "2026-09-02T22:00:00.005");

        let odd = utc.with_timezone(&FixedOffset::east_opt(30).unwrap());
        assert_eq!(DateTime::try_from(odd), Err(ConversionError::OFFSET));
        let far = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(DateTime::try_from(far), Err(ConversionError::YEAR));
    }

    #[test]
    fn serde_with_reads_as_the_runtime_does() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Booking {
            #[serde(with = "crate::dates::chrono::datetime_utc")]
            starts: ::chrono::DateTime<Utc>,
            #[serde(with = "crate::dates::chrono::datetime_fixed_offset::option")]
            ends: Option<::chrono::DateTime<FixedOffset>>,
            #[serde(with = "crate::dates::chrono::naive_datetime")]
            wall: NaiveDateTime,
        }

        let read: Booking = serde_json::from_str(
            r#"{"starts": "2026-04-06 12:00+0200", "ends": "2026-04-06T13:00+02:00", "wall": "2026-09-02T22:00"}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"starts":"2026-04-06T10:00:00Z","ends":"2026-04-06T13:00:00+02:00","wall":"2026-09-02T22:00:00"}"#
        );
        let local = serde_json::from_str::<Booking>(
            r#"{"starts": "2026-04-06T12:00", "ends": null, "wall": "2026-09-02T22:00"}"#,
        );
        assert!(local.unwrap_err().to_string().contains("no offset"));
    }
}
