//! [`Date`](crate::Date) and [`DateTime`](crate::DateTime) to and from the
//! date and time crates an application already holds: [jiff], [chrono] and
//! [time], each behind a feature of the runtime of the crate's name (none is
//! on by default):
//!
//! ```toml
//! endpointgen = { version = "0.1", features = ["jiff"] }
//! ```
//!
//! A `DateTime` keeps the server's text, and may be a local time (no offset
//! from UTC: the portal's booking times are wall-clock times), so the
//! conversions go by what each type means:
//!
//! | from a `DateTime` | to | fails when |
//! | --- | --- | --- |
//! | the instant | `jiff::Timestamp`, `chrono::DateTime<Utc>`, `chrono::DateTime<FixedOffset>`, `time::OffsetDateTime` (`TryFrom<&DateTime>`) | the text has no offset |
//! | the wall-clock time as written, whatever the offset | `jiff::civil::DateTime`, `chrono::NaiveDateTime`, `time::PrimitiveDateTime` (`From<&DateTime>`) | never |
//!
//! and back with `TryFrom`, written as RFC 3339 writes them (`Z` for UTC,
//! `+02:00` for an offset, no offset for a wall-clock type, the fraction of
//! the second only when there is one), which fails for a year outside
//! 0000–9999, or an offset that is not a whole number of minutes. A `Date` is
//! `From` into `jiff::civil::Date`, `chrono::NaiveDate` and `time::Date`, and
//! `TryFrom` them (years 0000–9999).
//!
//! ```
//! # #[cfg(feature = "jiff")] {
//! use endpointgen::DateTime;
//!
//! let sent: DateTime = "2026-04-06T12:00:00+02:00".parse()?;
//! let instant = jiff::Timestamp::try_from(&sent)?;
//! assert_eq!(instant.to_string(), "2026-04-06T10:00:00Z");
//! let wall_clock = jiff::civil::DateTime::from(&sent);
//! assert_eq!(wall_clock.to_string(), "2026-04-06T12:00:00");
//!
//! let reply = DateTime::try_from(instant)?;
//! assert_eq!(reply.as_str(), "2026-04-06T10:00:00Z");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each crate's module also has serde `with` modules, for an application's
//! own structs: they read a field as the runtime reads a `datetime` (any
//! ISO 8601 shape it takes: `+0200`, no seconds, a space for the `T`) and
//! write it as above, with an `option` module inside for an `Option` field:
//!
//! ```
//! # #[cfg(feature = "jiff")] {
//! #[derive(serde::Deserialize)]
//! struct Booking {
//!     #[serde(with = "endpointgen::dates::jiff::timestamp")]
//!     starts: jiff::Timestamp,
//!     #[serde(default, with = "endpointgen::dates::jiff::timestamp::option")]
//!     cancelled: Option<jiff::Timestamp>,
//! }
//!
//! let booking: Booking = serde_json::from_str(r#"{"starts": "2026-04-06 12:00+0200"}"#)?;
//! assert_eq!(booking.starts.to_string(), "2026-04-06T10:00:00Z");
//! assert_eq!(booking.cancelled, None);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [jiff]: https://docs.rs/jiff
//! [chrono]: https://docs.rs/chrono
//! [time]: https://docs.rs/time

#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "jiff")]
pub mod jiff;
#[cfg(feature = "time")]
pub mod time;

/// A serde `with` module for `$ty`, read and written through
/// [`DateTime`](crate::DateTime) and its conversions, with an `option`
/// module inside.
#[cfg(any(feature = "jiff", feature = "chrono", feature = "time"))]
macro_rules! serde_with {
    ($(#[$doc:meta])* $module:ident, $ty:ty) => {
        $(#[$doc])*
        pub mod $module {
            use serde::de::Error as _;
            use serde::ser::Error as _;
            use serde::{Deserialize as _, Deserializer, Serialize as _, Serializer};

            /// Writes the value as the text of a `DateTime`.
            ///
            /// # Errors
            ///
            /// The value has no `DateTime` (a year outside 0000–9999, an
            /// offset that is not a whole number of minutes).
            #[allow(clippy::clone_on_copy, reason = "some of the types are `Copy`, some not")]
            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                crate::DateTime::try_from(value.clone()).map_err(S::Error::custom)?.serialize(serializer)
            }

            /// Reads a `DateTime` and converts it.
            ///
            /// # Errors
            ///
            /// The text is not an ISO 8601 date-time, or it cannot be a
            /// value of the type (an instant without an offset).
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let read = crate::DateTime::deserialize(deserializer)?;
                <$ty>::try_from(&read).map_err(D::Error::custom)
            }

            /// The same for an `Option` field: `null` is `None` (add
            /// `#[serde(default)]` for a field that may be absent).
            pub mod option {
                use serde::{Deserialize as _, Deserializer, Serializer};

                /// Writes `Some` as its `DateTime` text, `None` as `null`.
                ///
                /// # Errors
                ///
                /// As [`serialize`](super::serialize).
                #[allow(clippy::ref_option, reason = "serde's `with` passes `&Option<T>`")]
                pub fn serialize<S: Serializer>(value: &Option<$ty>, serializer: S) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads `null` as `None`, anything else as
                /// [`deserialize`](super::deserialize) does.
                ///
                /// # Errors
                ///
                /// As [`deserialize`](super::deserialize).
                pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<$ty>, D::Error> {
                    use serde::de::Error as _;
                    match Option::<crate::DateTime>::deserialize(deserializer)? {
                        Some(read) => <$ty>::try_from(&read).map(Some).map_err(D::Error::custom),
                        None => Ok(None),
                    }
                }
            }
        }
    };
}

#[cfg(any(feature = "jiff", feature = "chrono", feature = "time"))]
use serde_with;

#[cfg(all(test, feature = "jiff", feature = "chrono", feature = "time"))]
mod tests {
    use crate::DateTime;

    /// A leap second from a server (which none of the crates holds, and
    /// each panics or fails on) converts to every crate's types as second
    /// 59, which is how the runtime reads it.
    #[test]
    fn a_leap_second_converts_to_every_crate_without_a_panic() {
        let leap: DateTime = "2016-12-31T23:59:60.5Z".parse().unwrap();
        let civil = ::jiff::civil::DateTime::from(&leap);
        assert_eq!((civil.second(), civil.subsec_nanosecond()), (59, 500_000_000));
        assert!(::jiff::Timestamp::try_from(&leap).is_ok());
        let naive = ::chrono::NaiveDateTime::from(&leap);
        assert_eq!(naive.to_string(), "2016-12-31 23:59:59.500");
        assert!(::chrono::DateTime::<::chrono::Utc>::try_from(&leap).is_ok());
        let primitive = ::time::PrimitiveDateTime::from(&leap);
        assert_eq!(primitive.second(), 59);
        assert!(::time::OffsetDateTime::try_from(&leap).is_ok());
    }

    /// The ends of the runtime's years with the largest offsets, as a
    /// hostile server may send them: a value or an error, never a panic.
    #[test]
    fn the_years_ends_with_the_largest_offsets_convert_or_fail_without_a_panic() {
        for text in ["9999-12-31T23:59:59.999999999-23:59", "0000-01-01T00:00:00+23:59"] {
            let value: DateTime = text.parse().unwrap();
            let _ = ::jiff::Timestamp::try_from(&value);
            let _ = ::chrono::DateTime::<::chrono::Utc>::try_from(&value);
            let _ = ::chrono::DateTime::<::chrono::FixedOffset>::try_from(&value);
            if let Ok(instant) = ::time::OffsetDateTime::try_from(&value) {
                let _ = (instant.unix_timestamp(), DateTime::try_from(instant));
            }
            let _ = value.unix_timestamp();
        }
    }
}
