//! The texts a `default:` of a `date`, `datetime`, `uuid` or `bytes` may
//! be. Each accepts a subset of what the runtime's parser for the type
//! accepts, so that the generated code's parse of a checked default
//! cannot fail.

/// `YYYY-MM-DD`, a day that exists, year 0–9999 (`endpointgen::Date`).
pub(crate) fn is_date(text: &str) -> bool {
    date_parts(text).is_some()
}

fn date_parts(text: &str) -> Option<()> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year = number(text.get(..4)?)?;
    let month = number(text.get(5..7)?)?;
    let day = number(text.get(8..)?)?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(())
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with at most 9
/// digits of fraction (`endpointgen::DateTime` takes more forms).
pub(crate) fn is_datetime(text: &str) -> bool {
    datetime_parts(text).is_some()
}

fn datetime_parts(text: &str) -> Option<()> {
    date_parts(text.get(..10)?)?;
    let rest = text.get(10..)?.strip_prefix('T')?;
    let (clock, offset) = match rest.strip_suffix('Z') {
        Some(clock) => (clock, None),
        None => {
            let at = rest.rfind(['+', '-'])?;
            (rest.get(..at)?, Some(rest.get(at + 1..)?))
        }
    };
    if let Some(offset) = offset {
        let (hours, minutes) = offset.split_once(':')?;
        if two_digits(hours)? > 23 || two_digits(minutes)? > 59 {
            return None;
        }
    }
    let (main, fraction) = match clock.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = main.split(':');
    let hour = two_digits(parts.next()?)?;
    let minute = two_digits(parts.next()?)?;
    let second = two_digits(parts.next()?)?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    match fraction {
        Some(fraction) if fraction.is_empty() || fraction.len() > 9 || number(fraction).is_none() => None,
        _ => Some(()),
    }
}

/// A UUID in its hyphenated form, `8-4-4-4-12` hex digits.
pub(crate) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|group| group.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

/// The bytes of standard base64 (`+` and `/`, padding optional), as
/// `endpointgen::Base64Bytes` reads it.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_end_matches('=');
    if text.len() - trimmed.len() > 2 || (text.len() != trimmed.len() && !text.len().is_multiple_of(4)) {
        return None;
    }
    // A lone sixth bit group cannot end a byte.
    if trimmed.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut buffer = 0_u32;
    let mut bits = 0;
    for byte in trimmed.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    // Bits left over must be zero, as the runtime's decoder requires.
    (buffer & ((1 << bits) - 1) == 0).then_some(bytes)
}

fn two_digits(text: &str) -> Option<u32> {
    if text.len() == 2 { number(text) } else { None }
}

/// An all-digit number.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_exist() {
        assert!(is_date("2024-01-31"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-31"));
        assert!(!is_date("2024-01-31T"));
    }

    #[test]
    fn datetimes_are_rfc_3339() {
        assert!(is_datetime("2024-01-31T10:00:00Z"));
        assert!(is_datetime("2024-01-31T10:00:00.123+02:00"));
        assert!(is_datetime("2024-01-31T23:59:60-05:30"));
        assert!(!is_datetime("2024-01-31T10:00Z"));
        assert!(!is_datetime("2024-01-31T10:00:00"));
        assert!(!is_datetime("2024-01-31T24:00:00Z"));
        assert!(!is_datetime("2024-01-31T10:00:00.Z"));
    }

    #[test]
    fn uuids_are_hyphenated_hex() {
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(!is_uuid("67e5504410b1426f9247bb680e5fe0c8"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb680e5fe0cg"));
    }

    #[test]
    fn base64_is_decoded() {
        assert_eq!(base64("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64("aGk").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64("").as_deref(), Some(&b""[..]));
        assert_eq!(base64("AAEC/w==").as_deref(), Some(&[0, 1, 2, 255][..]));
        assert!(base64("aGk*").is_none());
        assert!(base64("a").is_none());
        assert!(base64("aGl=").is_none(), "bits left over");
    }
}
