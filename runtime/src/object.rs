//! What the generated `Deserialize` impls of the spec's structs call.
//!
//! A generated struct reads a JSON object and nothing else: its impl has a
//! visitor with `visit_map` only, which matches each key against the field
//! names and hands the rest to these functions. serde's derive makes much
//! more per struct (an identifier enum and its visitor, `visit_seq`, …), and
//! a large API's client spent most of its `cargo check` time on it. The
//! errors are serde's own (`missing field`, `duplicate field`), so messages
//! read as they did with the derive.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A key of a JSON object, borrowed from the input where it can be.
struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads a JSON object's entries: `read_entry` gets each key, and reads its
/// value with [`read_field`] or [`skip_value`].
///
/// # Errors
///
/// The object is not well-formed, or `read_entry` failed.
#[inline]
pub fn read_object<'de, A: MapAccess<'de>>(
    map: &mut A,
    mut read_entry: impl FnMut(&mut A, &str) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        read_entry(map, key.as_str())?;
    }
    Ok(())
}

/// Reads the value of the field `name` into `slot`. A second value for a
/// field is an error, as with serde's derive.
///
/// # Errors
///
/// The value does not decode, or the field came before.
#[inline]
pub fn read_field<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that is not a field: an API may add fields.
///
/// # Errors
///
/// The value is not well-formed.
#[inline]
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Reads the value of a key that is not a field into the struct's map of
/// the other properties (OpenAPI's typed `additionalProperties`). A key
/// given twice keeps its last value, as a map decoded by serde does.
///
/// # Errors
///
/// The value does not decode as the map's values do.
#[inline]
pub fn read_additional<'de, A, T>(
    map: &mut A,
    additional: &mut std::collections::BTreeMap<String, T>,
    key: &str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    additional.insert(key.to_owned(), map.next_value()?);
    Ok(())
}

/// The value of a field: the one read, or what its type makes of an absent
/// field, as with serde's derive: `None` for an `Option` (also inside a
/// `Box`), a `missing field` error for the rest.
///
/// # Errors
///
/// The field was absent, and its type needs a value.
#[inline]
pub fn field_value<'de, T: Deserialize<'de>, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Absent { name, error: PhantomData }),
    }
}

/// What an absent field reads as: nothing, to a type that can be nothing.
struct Absent<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A generated struct's visitor says what it expects through this, so that
/// the text is made here, once.
///
/// # Errors
///
/// Those of the formatter.
pub fn expecting_object(formatter: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(formatter, "a JSON object `{name}`")
}
