//! The value types of the spec format that the standard library lacks:
//! `date`, `datetime`, `uuid` and `bytes`.
//!
//! Dates and times keep the text the server sent. APIs write them in many
//! ways (the portal's booking times are wall-clock times with no offset, or
//! with a `Z` that does not mean UTC), so decoding checks the ISO 8601 shape
//! and keeps the rest as it came: a client that re-sends a value sends it
//! unchanged. The accessors give the parts, and
//! [`DateTime::unix_timestamp`] the instant when the offset is known. With
//! the runtime's feature `jiff`, `chrono` or `time`, they convert to and from
//! that crate's types: see [`dates`](crate::dates).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::ParamValue;

/// A date or date-time whose text is not ISO 8601.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    text: String,
    expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not {}", self.text, self.expected)
    }
}

impl std::error::Error for ParseError {}

/// A date or time of another crate (jiff, chrono, time) that a [`Date`] or
/// [`DateTime`] cannot hold, or a [`DateTime`] that the other crate's type
/// cannot: see [`dates`](crate::dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversionError {
    reason: &'static str,
}

#[cfg_attr(
    not(any(feature = "jiff", feature = "chrono", feature = "time")),
    allow(dead_code, reason = "used by the date crates' conversions")
)]
impl ConversionError {
    pub(crate) const YEAR: Self =
        Self { reason: "the year is outside 0000–9999, which ISO 8601 dates are written in" };
    pub(crate) const NO_OFFSET: Self =
        Self { reason: "the date-time has no offset from UTC: it is a local time, not an instant" };
    pub(crate) const OFFSET: Self =
        Self { reason: "the offset from UTC is not a whole number of minutes under 24 hours" };
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)
    }
}

impl std::error::Error for ConversionError {}

/// A calendar date, `YYYY-MM-DD` (`date` in a spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it exists.
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid =
            (0..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    #[must_use]
    pub fn days_since_unix_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// `YYYY-MM-DD`, exactly. Text from the network: no slice is taken
    /// that could fall inside a character.
    fn parse_prefix(text: &str) -> Option<Self> {
        if text.len() != 10 {
            return None;
        }
        let (year, rest) = text.split_once('-')?;
        let (month, day) = rest.split_once('-')?;
        if year.len() != 4 {
            return None;
        }
        Self::new(digits(year)?, u8::try_from(two_digits(month)?).ok()?, u8::try_from(two_digits(day)?).ok()?)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The value of an all-digit field.
fn digits(text: &str) -> Option<i32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        Self::parse_prefix(text).ok_or_else(|| ParseError { text: text.to_owned(), expected: "a date (YYYY-MM-DD)" })
    }
}

/// A date and time of day, ISO 8601 (`datetime` in a spec):
/// `2026-04-06T10:00:00Z`, `2026-04-06T10:00:00.000+02:00`, or without an
/// offset, `2026-04-06T10:00`, which is a local time whose zone the API
/// knows. The text is kept as sent.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    text: Box<str>,
    date: Date,
    seconds_of_day: u32,
    nanosecond: u32,
    /// Minutes east of UTC; `None` when the text has no offset.
    offset_minutes: Option<i16>,
}

impl DateTime {
    /// The text, as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date part.
    #[must_use]
    pub fn date(&self) -> Date {
        self.date
    }

    /// Hour, minute and second.
    #[must_use]
    pub fn time(&self) -> (u8, u8, u8) {
        let seconds = self.seconds_of_day;
        // Each part is below 60 (or 24), so the casts cannot truncate.
        #[allow(clippy::cast_possible_truncation, reason = "each part is below 60")]
        ((seconds / 3600) as u8, (seconds / 60 % 60) as u8, (seconds % 60) as u8)
    }

    /// The fraction of the second, in nanoseconds.
    #[must_use]
    pub fn nanosecond(&self) -> u32 {
        self.nanosecond
    }

    /// The offset from UTC in minutes (`Z` is 0); `None` for a local time.
    #[must_use]
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset_minutes
    }

    /// Seconds since 1970-01-01T00:00:00Z, when the offset is known.
    #[must_use]
    pub fn unix_timestamp(&self) -> Option<i64> {
        let offset = i64::from(self.offset_minutes?) * 60;
        Some(self.date.days_since_unix_epoch() * 86_400 + i64::from(self.seconds_of_day) - offset)
    }

    /// The date-time of these parts, written as RFC 3339 writes it
    /// (`2026-04-06T10:00:00.5+02:00`, `Z` for UTC, no offset for a local
    /// time), for the conversions from other crates' types. A leap second's
    /// fraction past the second (chrono's) is cut to the second's end.
    #[cfg_attr(
        not(any(feature = "jiff", feature = "chrono", feature = "time")),
        allow(dead_code, reason = "used by the date crates' conversions")
    )]
    pub(crate) fn from_parts(
        date: Date,
        (hour, minute, second): (u8, u8, u8),
        nanosecond: u32,
        offset_seconds: Option<i32>,
    ) -> Result<Self, ConversionError> {
        use fmt::Write as _;
        let offset_minutes = match offset_seconds {
            Some(seconds) if seconds % 60 != 0 || seconds.abs() >= 24 * 3600 => return Err(ConversionError::OFFSET),
            Some(seconds) => i16::try_from(seconds / 60).ok(),
            None => None,
        };
        let (hour, minute, second) = (hour.min(23), minute.min(59), second.min(59));
        let nanosecond = nanosecond.min(999_999_999);
        let mut text = format!("{date}T{hour:02}:{minute:02}:{second:02}");
        if nanosecond > 0 {
            let fraction = format!("{nanosecond:09}");
            write!(text, ".{}", fraction.trim_end_matches('0')).unwrap_or_default();
        }
        match offset_minutes {
            Some(0) => text.push('Z'),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                write!(text, "{sign}{:02}:{:02}", minutes / 60, minutes % 60).unwrap_or_default();
            }
            None => {}
        }
        Ok(Self {
            text: text.into(),
            date,
            seconds_of_day: u32::from(hour) * 3600 + u32::from(minute) * 60 + u32::from(second),
            nanosecond,
            offset_minutes,
        })
    }

    fn parse(text: &str) -> Option<Self> {
        let date = Date::parse_prefix(text.get(..10)?)?;
        let rest = text.get(10..)?;
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let (clock, offset_minutes) = split_offset(rest)?;
        let (hour, minute, second, nanosecond) = parse_clock(clock)?;
        Some(Self {
            text: text.into(),
            date,
            seconds_of_day: hour * 3600 + minute * 60 + second,
            nanosecond,
            offset_minutes,
        })
    }
}

/// `10:00:00Z` → (`10:00:00`, Some(0)); `10:00+02:00` → (`10:00`, Some(120)).
/// The offset is `Z`, `±HH:MM` or `±HHMM`.
fn split_offset(rest: &str) -> Option<(&str, Option<i16>)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, Some(0)));
    }
    let Some(sign_at) = rest.rfind(['+', '-']) else { return Some((rest, None)) };
    let (clock, offset) = rest.split_at(sign_at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let offset = offset.get(1..)?;
    let (hours, minutes) = match offset.split_once(':') {
        Some(parts) => parts,
        // `get` rather than `split_at`: the text need not be ASCII.
        None => (offset.get(..2)?, offset.get(2..)?),
    };
    let hours = i16::try_from(two_digits(hours)?).ok()?;
    let minutes = i16::try_from(two_digits(minutes)?).ok()?;
    (hours < 24 && minutes < 60).then_some((clock, Some(sign * (hours * 60 + minutes))))
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`.
fn parse_clock(clock: &str) -> Option<(u32, u32, u32, u32)> {
    let (main, fraction) = match clock.split_once(['.', ',']) {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = main.split(':');
    let hour = u32::try_from(two_digits(parts.next()?)?).ok()?;
    let minute = u32::try_from(two_digits(parts.next()?)?).ok()?;
    let second = match parts.next() {
        Some(second) => u32::try_from(two_digits(second)?).ok()?,
        None if fraction.is_none() => 0,
        None => return None,
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let nanosecond = match fraction {
        Some(fraction)
            if !fraction.is_empty() && fraction.len() <= 9 && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            let padded = format!("{fraction:0<9}");
            padded.parse().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    Some((hour, minute, second.min(59), nanosecond))
}

fn two_digits(text: &str) -> Option<i32> {
    if text.len() == 2 { digits(text) } else { None }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", self.text)
    }
}

impl FromStr for DateTime {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        Self::parse(text).ok_or_else(|| ParseError {
            text: text.to_owned(),
            expected: "an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS[.f]][Z|±HH:MM])",
        })
    }
}

/// Serialize and deserialize as the string; implemented for the types that
/// parse from and print to one.
macro_rules! serde_as_string {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(de::Error::custom)
            }
        }

        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

serde_as_string!(Date, DateTime);

impl ParamValue for uuid::Uuid {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.hyphenated().to_string())
    }
}

/// Binary data inside JSON, as a base64 string (`bytes` in a spec, in a
/// field or a parameter; as a whole response or body, `bytes` is the raw
/// body instead).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Bytes(pub Vec<u8>);

/// Standard alphabet; padding written, and accepted or not when reading.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

impl fmt::Debug for Base64Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64Bytes({} bytes)", self.0.len())
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&BASE64.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        BASE64.decode(text.as_bytes()).map(Self).map_err(|error| de::Error::custom(format!("invalid base64: {error}")))
    }
}

impl ParamValue for Base64Bytes {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(BASE64.encode(&self.0))
    }
}

/// A spec's default of a `date`, `datetime` or `uuid`, from its text, which
/// the generator checked against a subset of what the type's parse takes:
/// the parse cannot fail.
#[doc(hidden)]
#[allow(clippy::expect_used, reason = "the generator checked the text; a failure is a bug of endpointgen")]
#[must_use]
pub fn checked_default<T: FromStr>(text: &str) -> T
where
    T::Err: fmt::Debug,
{
    text.parse().expect("a default checked by endpointgen")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Base64Bytes, Date, DateTime};

    #[test]
    fn dates_are_checked() {
        assert_eq!("2025-10-01".parse::<Date>().unwrap().to_string(), "2025-10-01");
        assert_eq!("2024-02-29".parse::<Date>().unwrap().day(), 29);
        for bad in ["2025-02-29", "2025-13-01", "2025-1-01", "25-10-01", "2025-10-01T00:00", ""] {
            assert!(bad.parse::<Date>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn date_times_keep_their_text_and_know_their_offset() {
        let utc: DateTime = "2026-04-06T10:00:00.000Z".parse().unwrap();
        assert_eq!(utc.as_str(), "2026-04-06T10:00:00.000Z");
        assert_eq!(utc.offset_minutes(), Some(0));
        assert_eq!(utc.unix_timestamp(), Some(1_775_469_600));

        let shifted: DateTime = "2026-04-06T12:00:00+02:00".parse().unwrap();
        assert_eq!(shifted.unix_timestamp(), utc.unix_timestamp());

        // The portal's wall-clock times: no offset, no instant.
        let local: DateTime = "2026-09-02T22:00:00".parse().unwrap();
        assert_eq!(local.offset_minutes(), None);
        assert_eq!(local.unix_timestamp(), None);
        assert_eq!(local.time(), (22, 0, 0));

        let short: DateTime = "2020-01-01T10:00".parse().unwrap();
        assert_eq!(short.time(), (10, 0, 0));
        assert_eq!("2020-01-01T10:00:00.5-04:30".parse::<DateTime>().unwrap().nanosecond(), 500_000_000);

        for bad in ["2026-04-06", "2026-04-06T25:00", "2026-04-06T10:00:00+2", "yesterday", "2026-04-06T10:00:00.Z"] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn offsets_are_two_digit_hours_and_minutes() {
        for (text, offset) in [("+02:00", 120), ("-0430", -270), ("+23:59", 1439)] {
            let parsed: DateTime = format!("2026-01-01T10:00{text}").parse().unwrap();
            assert_eq!(parsed.offset_minutes(), Some(offset), "{text}");
        }
        // The red team's input, which panicked on a byte index inside `é`.
        for bad in
            ["+1\u{e9}1", "+1:2:3", "+12:3", "+123", "+12345", "+24:00", "+12:60", "+", "-1\u{e9}", "+\u{e9}\u{e9}"]
        {
            assert!(format!("2026-01-01T10:00{bad}").parse::<DateTime>().is_err(), "{bad} was accepted");
        }
        assert!("2026-01-01T10:00+1\u{e9}1".parse::<DateTime>().is_err());
        assert!("2026-01\u{e9}-1".parse::<Date>().is_err());
    }

    /// Strings near the ISO 8601 shapes, part by part (date, separator,
    /// clock, offset), each valid or not, with any character here and
    /// there: random strings alone rarely get past the first check.
    fn near_date_times() -> impl Strategy<Value = String> {
        let piece = || prop_oneof![4 => "[0-9]", 2 => "[-:T.,+Zz ]", 1 => any::<char>().prop_map(String::from)];
        let noisy = move |most: usize| prop::collection::vec(piece(), 0..most).prop_map(|pieces| pieces.concat());
        let date = prop_oneof![3 => Just("2026-01-01".to_owned()), 1 => Just("2024-02-29".to_owned()), 1 => noisy(12)];
        let separator = prop_oneof![Just("T".to_owned()), Just(" ".to_owned()), noisy(2)];
        let clock = prop_oneof![
            Just("10:00".to_owned()),
            Just("23:59:60".to_owned()),
            Just("10:00:00.123456789".to_owned()),
            noisy(12)
        ];
        let offset = (prop_oneof![Just("+"), Just("-"), Just("Z"), Just("")], noisy(6))
            .prop_map(|(sign, rest)| format!("{sign}{rest}"));
        (date, separator, clock, offset)
            .prop_map(|(date, separator, clock, offset)| date + &separator + &clock + &offset)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The parsers of text a server sends end in `Ok` or `Err` for any
        /// string: a panic would let any server crash the calling task.
        #[test]
        fn dates_and_times_parse_any_text_without_a_panic(text in prop_oneof![any::<String>(), near_date_times()]) {
            if let Ok(date) = text.parse::<Date>() {
                prop_assert_eq!(date.to_string(), text.clone());
            }
            if let Ok(date_time) = text.parse::<DateTime>() {
                // Kept as sent, and its parts are in range.
                prop_assert_eq!(date_time.as_str(), text.as_str());
                let (hour, minute, second) = date_time.time();
                prop_assert!(hour < 24 && minute < 60 && second < 60);
                let _ = date_time.unix_timestamp();
            }
            let json = serde_json::Value::String(text.clone());
            let _ = serde_json::from_value::<Base64Bytes>(json.clone());
            let _ = serde_json::from_value::<DateTime>(json.clone());
            let _ = serde_json::from_value::<Date>(json);
        }
    }

    #[test]
    fn bytes_are_base64_in_json() {
        let bytes = Base64Bytes(b"hello".to_vec());
        assert_eq!(serde_json::to_string(&bytes).unwrap(), "\"aGVsbG8=\"");
        assert_eq!(serde_json::from_str::<Base64Bytes>("\"aGVsbG8\"").unwrap(), bytes);
        assert!(serde_json::from_str::<Base64Bytes>("\"!!\"").is_err());
    }
}
