//! Values read back from the text a client wrote into a path, a query, a
//! header, a cookie or a form body, as a [`Tree`] (what `style.rs` writes
//! from), and a `serde` deserializer over it that parses a text on demand
//! as the type asks: `"42"` is an `i64` for a newtype over `i64`, a string
//! for a `String`. Every generated type already has `Deserialize` (for
//! JSON), so no reading code is generated per type.
//!
//! Lenient where the wire format cannot tell: one text is also a list of one
//! (a list of one element is `id=1`, as a plain value is), and an object
//! whose keys are `0`, `1`, … is also a list (`deepObject` numbers a list's
//! elements, `filter[tags][0]=a`).

use std::fmt;

use serde::de::value::Error;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::style::Tree;

/// A [`Tree`] read as any type. `Tree::Null` is an absent value: `None` for
/// an `Option`, an empty list for a `Vec` (a client sends nothing for an
/// empty list), and "missing" for anything else.
pub(crate) struct TreeDeserializer(pub(crate) Tree);

impl TreeDeserializer {
    fn text(self, what: &str) -> Result<String, Error> {
        match self.0 {
            Tree::Scalar(text) => Ok(text),
            Tree::Null => Err(de::Error::custom("it is missing")),
            Tree::List(items) => Err(de::Error::custom(format!("expected {what}, found {} values", items.len()))),
            Tree::Object(_) => Err(de::Error::custom(format!("expected {what}, found an object"))),
        }
    }

    fn parse<T: std::str::FromStr>(self, what: &str) -> Result<T, Error> {
        let text = self.text(what)?;
        text.parse().map_err(|_| de::Error::custom(format!("expected {what}, found `{}`", shown(&text))))
    }
}

/// A value as an error message shows it: cut, with control characters
/// escaped (the text is the caller's, and the message may be logged).
fn shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(64) {
        if crate::error::is_hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(64).is_some() {
        out.push('…');
    }
    out
}

macro_rules! parsed {
    ($($method:ident => $visit:ident, $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(self.parse::<$ty>($what)?)
        }
    )*};
}

impl<'de> Deserializer<'de> for TreeDeserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Tree::Null => visitor.visit_unit(),
            Tree::Scalar(text) => visitor.visit_string(text),
            Tree::List(items) => visitor.visit_seq(Items(items.into_iter())),
            Tree::Object(entries) => visitor.visit_map(Entries { entries: entries.into_iter(), value: None }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.text("`true` or `false`")?.as_str() {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(de::Error::custom(format!("expected `true` or `false`, found `{}`", shown(other)))),
        }
    }

    parsed! {
        deserialize_i8 => visit_i8, i8, "an integer";
        deserialize_i16 => visit_i16, i16, "an integer";
        deserialize_i32 => visit_i32, i32, "an integer";
        deserialize_i64 => visit_i64, i64, "an integer";
        deserialize_u8 => visit_u8, u8, "a non-negative integer";
        deserialize_u16 => visit_u16, u16, "a non-negative integer";
        deserialize_u32 => visit_u32, u32, "a non-negative integer";
        deserialize_u64 => visit_u64, u64, "a non-negative integer";
        deserialize_f32 => visit_f32, f32, "a number";
        deserialize_f64 => visit_f64, f64, "a number";
        deserialize_char => visit_char, char, "a character";
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_string(self.text("a text")?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_byte_buf(self.text("a text")?.into_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Tree::Null => visitor.visit_none(),
            tree => visitor.visit_some(Self(tree)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = match self.0 {
            Tree::Null => Vec::new(),
            scalar @ Tree::Scalar(_) => vec![scalar],
            Tree::List(items) => items,
            Tree::Object(entries) => numbered(entries)?,
        };
        visitor.visit_seq(Items(items.into_iter()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Tree::Null => Err(de::Error::custom("it is missing")),
            Tree::Object(entries) => visitor.visit_map(Entries { entries: entries.into_iter(), value: None }),
            Tree::Scalar(_) | Tree::List(_) => Err(de::Error::custom("expected an object")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self.text("one of the listed values")?.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The values of an object whose keys are `0`, `1`, …, in that order: a
/// list as `deepObject` writes it.
fn numbered(entries: Vec<(String, Tree)>) -> Result<Vec<Tree>, Error> {
    let mut numbered = entries
        .into_iter()
        .map(|(key, value)| key.parse::<usize>().map(|index| (index, value)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| de::Error::custom("expected a list, found an object"))?;
    numbered.sort_by_key(|(index, _)| *index);
    Ok(numbered.into_iter().map(|(_, value)| value).collect())
}

struct Items(std::vec::IntoIter<Tree>);

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(TreeDeserializer(item))).transpose()
    }
}

struct Entries {
    entries: std::vec::IntoIter<(String, Tree)>,
    value: Option<Tree>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(TreeDeserializer(Tree::Scalar(key))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(TreeDeserializer(self.value.take().unwrap_or(Tree::Null)))
    }
}

impl fmt::Debug for TreeDeserializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TreeDeserializer")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::TreeDeserializer;
    use crate::style::Tree;

    fn scalar(text: &str) -> Tree {
        Tree::Scalar(text.to_owned())
    }

    fn read<T: for<'de> Deserialize<'de>>(tree: Tree) -> Result<T, String> {
        T::deserialize(TreeDeserializer(tree)).map_err(|error| error.to_string())
    }

    #[test]
    fn a_text_becomes_the_type_asked_for() {
        assert_eq!(read::<i64>(scalar("-42")), Ok(-42));
        assert_eq!(read::<bool>(scalar("true")), Ok(true));
        assert_eq!(read::<f64>(scalar("1.5")), Ok(1.5));
        assert_eq!(read::<String>(scalar("42")), Ok("42".to_owned()));
        assert_eq!(read::<Option<u32>>(scalar("7")), Ok(Some(7)));
        assert_eq!(read::<crate::Date>(scalar("2026-12-04")).map(|date| date.to_string()), Ok("2026-12-04".to_owned()));
    }

    #[test]
    fn absent_is_none_an_empty_list_or_missing() {
        assert_eq!(read::<Option<i64>>(Tree::Null), Ok(None));
        assert_eq!(read::<Vec<i64>>(Tree::Null), Ok(Vec::new()));
        assert_eq!(read::<i64>(Tree::Null), Err("it is missing".to_owned()));
    }

    #[test]
    fn a_bad_text_says_what_was_expected_and_found() {
        assert_eq!(read::<i64>(scalar("forty")), Err("expected an integer, found `forty`".to_owned()));
        assert_eq!(read::<bool>(scalar("yes")), Err("expected `true` or `false`, found `yes`".to_owned()));
        assert_eq!(read::<i64>(scalar("4\n2")), Err("expected an integer, found `4\\n2`".to_owned()));
        assert_eq!(
            read::<i64>(Tree::List(vec![scalar("1"), scalar("2")])),
            Err("expected an integer, found 2 values".to_owned())
        );
    }

    #[test]
    fn lists_from_one_text_many_or_numbered_keys() {
        assert_eq!(read::<Vec<i64>>(scalar("1")), Ok(vec![1]));
        assert_eq!(read::<Vec<i64>>(Tree::List(vec![scalar("1"), scalar("2")])), Ok(vec![1, 2]));
        let numbered = Tree::Object(vec![("1".to_owned(), scalar("b")), ("0".to_owned(), scalar("a"))]);
        assert_eq!(read::<Vec<String>>(numbered), Ok(vec!["a".to_owned(), "b".to_owned()]));
    }

    #[test]
    fn objects_become_maps_and_structs() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Color {
            r: u8,
            g: Option<u8>,
        }
        let object = Tree::Object(vec![("r".to_owned(), scalar("100")), ("g".to_owned(), scalar("200"))]);
        assert_eq!(read::<Color>(object), Ok(Color { r: 100, g: Some(200) }));
        let map = Tree::Object(vec![("a".to_owned(), scalar("1"))]);
        assert_eq!(read::<BTreeMap<String, i32>>(map), Ok([("a".to_owned(), 1)].into_iter().collect()));
    }
}
