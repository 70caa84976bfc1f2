//! OpenAPI's parameter styles: how a list or an object is written into a
//! query string, a header, a cookie or a form body (OpenAPI 3.1, section
//! 4.8.12.4, "Style Examples").
//!
//! Every name and value is percent-encoded before the style's delimiters
//! are put between them, as RFC 6570 does for its non-reserved expansions:
//! a `,`, `|`, `&`, `=`, `[` or `#` inside a value is sent as `%2C`, `%7C`,
//! `%26`, `%3D`, `%5B`, `%23`, so no value can add an element, a key or a
//! parameter. (A space inside a value of a `spaceDelimited` list is `%20`,
//! as the delimiter is: that style cannot tell them apart, which is the
//! style's own limit, not the encoding's.)

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// How a list or an object is written: OpenAPI's `style` with its
/// `explode`.
///
/// The examples are those of the OpenAPI table, for a parameter `color`
/// holding the list `["blue", "black", "brown"]` or the object
/// `{"R": 100, "G": 200, "B": 150}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form` with `explode: true` (a query's default): a list repeats the
    /// name, `color=blue&color=black&color=brown`; an object's properties
    /// are parameters of their own, `R=100&G=200&B=150`.
    Form,
    /// `form` with `explode: false`: `color=blue,black,brown`,
    /// `color=R,100,G,200,B,150`.
    FormJoined,
    /// `spaceDelimited`: `color=blue%20black%20brown`,
    /// `color=R%20100%20G%20200%20B%20150`.
    SpaceDelimited,
    /// `pipeDelimited`: `color=blue|black|brown`, `color=R|100|G|200|B|150`.
    PipeDelimited,
    /// `deepObject`, for objects: `color[R]=100&color[G]=200&color[B]=150`.
    DeepObject,
}

impl Style {
    /// What goes between the elements of a list written as one value.
    fn delimiter(self) -> &'static str {
        match self {
            Self::SpaceDelimited => "%20",
            Self::PipeDelimited => "|",
            Self::Form | Self::FormJoined | Self::DeepObject => ",",
        }
    }
}

/// A value as JSON has it, with an object's properties in the order they
/// were written (`serde_json`'s own `Value` sorts them by name, and a query
/// string should follow the struct).
#[derive(Debug, PartialEq)]
pub(crate) enum Tree {
    Null,
    /// A string, number or boolean, as text.
    Scalar(String),
    List(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl Tree {
    /// The value's tree, through its JSON text: what a body or a struct
    /// parameter serializes to.
    pub(crate) fn of(value: &(impl serde::Serialize + ?Sized)) -> Result<Self, String> {
        let text = serde_json::to_string(value).map_err(|error| error.to_string())?;
        serde_json::from_str(&text).map_err(|error| error.to_string())
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Tree, E> {
                Ok(Tree::Scalar(value.to_string()))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Tree, E> {
                Ok(Tree::Scalar(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Tree, E> {
                Ok(Tree::Scalar(value.to_string()))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Tree, E> {
                Ok(Tree::Scalar(value.to_string()))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Tree, E> {
                Ok(Tree::Scalar(value.to_owned()))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Tree, E> {
                Ok(Tree::Scalar(value))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Tree::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Tree::Object(entries))
            }
        }
        deserializer.deserialize_any(TreeVisitor)
    }
}

/// Writes `name=value` pairs, each part already encoded, into a query
/// string or a form body.
pub(crate) trait Pairs {
    /// Appends one pair; `name` and `value` are percent-encoded already.
    fn pair(&mut self, name: &str, value: &str);
}

/// Writes the pairs of a parameter `name` (encoded already) holding
/// `value` in `style`: none for `null` or an empty list (RFC 6570's
/// "undefined"), else as the style says. `encode` percent-encodes one
/// name or value.
pub(crate) fn write_styled(
    out: &mut dyn Pairs,
    name: &str,
    value: &Tree,
    style: Style,
    encode: &dyn Fn(&str) -> String,
) -> Result<(), String> {
    if style == Style::DeepObject {
        write_deep(out, name, value, encode);
        return Ok(());
    }
    match value {
        Tree::Null => {}
        Tree::Scalar(text) => out.pair(name, &encode(text)),
        Tree::List(items) => {
            let texts = scalars(items, &format!("`{name}`"))?;
            if texts.is_empty() {
                return Ok(());
            }
            match style {
                Style::Form => {
                    for text in texts {
                        out.pair(name, &encode(text));
                    }
                }
                _ => out.pair(name, &join(texts.iter().map(|text| encode(text)), style.delimiter())),
            }
        }
        Tree::Object(entries) => {
            let mut present = Vec::new();
            for (key, value) in entries {
                match value {
                    Tree::Null => {}
                    Tree::Scalar(text) => present.push((encode(key), encode(text))),
                    Tree::List(_) | Tree::Object(_) => {
                        return Err(format!("`{name}` has a property `{key}` that is not a plain value"));
                    }
                }
            }
            if present.is_empty() {
                return Ok(());
            }
            match style {
                Style::Form => {
                    for (key, text) in &present {
                        out.pair(key, text);
                    }
                }
                _ => {
                    let parts = present.into_iter().flat_map(|(key, text)| [key, text]);
                    out.pair(name, &join(parts, style.delimiter()));
                }
            }
        }
    }
    Ok(())
}

/// `deepObject` at every depth: an object's properties are `name[key]`, a
/// list's elements `name[0]`, `name[1]` (numbered as Stripe's API and the
/// `qs` and Rails parsers read them: OpenAPI defines `deepObject` for one
/// level of objects only), each a key of its own until a plain value;
/// `null`s are left out, and the elements after one keep their numbers
/// dense. Keys are percent-encoded like values, so none adds a bracket.
/// The depth is bounded by the tree's own: `serde_json` reads no deeper
/// than 128 levels.
fn write_deep(out: &mut dyn Pairs, name: &str, value: &Tree, encode: &dyn Fn(&str) -> String) {
    match value {
        Tree::Null => {}
        Tree::Scalar(text) => out.pair(name, &encode(text)),
        Tree::List(items) => {
            for (index, item) in items.iter().filter(|item| **item != Tree::Null).enumerate() {
                write_deep(out, &format!("{name}[{index}]"), item, encode);
            }
        }
        Tree::Object(entries) => {
            for (key, value) in entries {
                write_deep(out, &format!("{name}[{}]", encode(key)), value, encode);
            }
        }
    }
}

/// The text of each element of a list, which must be plain values; `what`
/// names the list in the error.
fn scalars<'t>(items: &'t [Tree], what: &str) -> Result<Vec<&'t str>, String> {
    items
        .iter()
        .filter(|item| **item != Tree::Null)
        .map(|item| match item {
            Tree::Scalar(text) => Ok(text.as_str()),
            _ => Err(format!("{what} has an element that is not a plain value")),
        })
        .collect()
}

fn join(parts: impl Iterator<Item = String>, delimiter: &str) -> String {
    let mut out = String::new();
    for (index, part) in parts.enumerate() {
        if index > 0 {
            out.push_str(delimiter);
        }
        out.push_str(&part);
    }
    out
}

/// The value of a header holding a list or an object in the `simple`
/// style, the only one headers have: `blue,black,brown`;
/// `R,100,G,200,B,150`, or exploded `R=100,G=200,B=150`. `None` for a
/// value that sends no header (`null`, an empty list).
pub(crate) fn simple(value: &Tree, explode: bool, encode: &dyn Fn(&str) -> String) -> Result<Option<String>, String> {
    Ok(match value {
        Tree::Null => None,
        Tree::Scalar(text) => Some(text.clone()),
        Tree::List(items) => {
            let texts = scalars(items, "the list")?;
            (!texts.is_empty()).then(|| join(texts.into_iter().map(encode), ","))
        }
        Tree::Object(entries) => {
            let mut parts = Vec::new();
            for (key, value) in entries {
                match value {
                    Tree::Null => {}
                    Tree::Scalar(text) if explode => parts.push(format!("{}={}", encode(key), encode(text))),
                    Tree::Scalar(text) => parts.extend([encode(key), encode(text)]),
                    _ => return Err(format!("the object has a property `{key}` that is not a plain value")),
                }
            }
            (!parts.is_empty()).then(|| parts.join(","))
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize as _;

    use super::{Pairs, Style, Tree, simple, write_styled};

    /// The pairs written, as `name=value`.
    #[derive(Default)]
    struct Written(Vec<String>);

    impl Pairs for Written {
        fn pair(&mut self, name: &str, value: &str) {
            self.0.push(format!("{name}={value}"));
        }
    }

    /// Marks what it encodes, so that a test sees which parts were.
    fn encode(text: &str) -> String {
        format!("<{text}>")
    }

    fn scalar(text: &str) -> Tree {
        Tree::Scalar(text.to_owned())
    }

    fn written(value: &Tree, style: Style) -> Result<Vec<String>, String> {
        let mut out = Written::default();
        write_styled(&mut out, "color", value, style, &encode)?;
        Ok(out.0)
    }

    #[test]
    fn a_tree_has_every_kind_of_json_value_with_properties_in_their_order() {
        #[derive(serde::Serialize)]
        struct Every {
            z: bool,
            null: Option<i32>,
            negative: i64,
            positive: u64,
            float: f64,
            text: &'static str,
            list: [i32; 2],
            object: std::collections::BTreeMap<&'static str, i32>,
        }
        let every = Every {
            z: true,
            null: None,
            negative: -1,
            positive: u64::MAX,
            float: 1.5,
            text: "a",
            list: [1, 2],
            object: [("k", 3)].into_iter().collect(),
        };
        assert_eq!(
            Tree::of(&every).unwrap(),
            Tree::Object(vec![
                ("z".to_owned(), scalar("true")),
                ("null".to_owned(), Tree::Null),
                ("negative".to_owned(), scalar("-1")),
                ("positive".to_owned(), scalar("18446744073709551615")),
                ("float".to_owned(), scalar("1.5")),
                ("text".to_owned(), scalar("a")),
                ("list".to_owned(), Tree::List(vec![scalar("1"), scalar("2")])),
                ("object".to_owned(), Tree::Object(vec![("k".to_owned(), scalar("3"))])),
            ])
        );
    }

    #[test]
    fn a_tree_is_only_made_of_json_values() {
        let bytes = serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(b"x");
        let error = Tree::deserialize(bytes).unwrap_err().to_string();
        assert!(error.ends_with("expected a JSON value"), "{error}");
    }

    #[test]
    fn null_and_an_empty_list_or_object_write_nothing() {
        let nothing = [
            Tree::Null,
            Tree::List(Vec::new()),
            Tree::List(vec![Tree::Null]),
            Tree::Object(Vec::new()),
            Tree::Object(vec![("R".to_owned(), Tree::Null)]),
        ];
        for style in [Style::Form, Style::FormJoined, Style::SpaceDelimited, Style::PipeDelimited, Style::DeepObject] {
            for value in &nothing {
                assert_eq!(written(value, style).unwrap(), Vec::<String>::new(), "{value:?} in {style:?}");
            }
        }
    }

    #[test]
    fn the_nulls_of_a_list_or_object_are_left_out() {
        let list = Tree::List(vec![Tree::Null, scalar("blue"), Tree::Null, scalar("black")]);
        assert_eq!(written(&list, Style::Form).unwrap(), ["color=<blue>", "color=<black>"]);
        assert_eq!(written(&list, Style::PipeDelimited).unwrap(), ["color=<blue>|<black>"]);
        let object = Tree::Object(vec![("R".to_owned(), scalar("100")), ("G".to_owned(), Tree::Null)]);
        assert_eq!(written(&object, Style::DeepObject).unwrap(), ["color[<R>]=<100>"]);
        assert_eq!(written(&object, Style::SpaceDelimited).unwrap(), ["color=<R>%20<100>"]);
    }

    #[test]
    fn a_plain_value_is_one_pair_in_every_style() {
        for style in [Style::Form, Style::FormJoined, Style::SpaceDelimited, Style::PipeDelimited, Style::DeepObject] {
            assert_eq!(written(&scalar("blue"), style).unwrap(), ["color=<blue>"], "{style:?}");
        }
    }

    #[test]
    fn deep_object_writes_every_depth_with_lists_by_index() {
        let list = Tree::List(vec![scalar("blue"), Tree::Null, scalar("black")]);
        assert_eq!(written(&list, Style::DeepObject).unwrap(), ["color[0]=<blue>", "color[1]=<black>"]);
        // Stripe's `items[0][price_data][recurring][interval]=month`.
        let items = Tree::List(vec![Tree::Object(vec![
            ("price".to_owned(), scalar("p_1")),
            ("tax_rates".to_owned(), Tree::List(vec![scalar("t_1"), scalar("t_2")])),
            ("recurring".to_owned(), Tree::Object(vec![("interval".to_owned(), scalar("month"))])),
            ("metadata".to_owned(), Tree::Object(Vec::new())),
            ("quantity".to_owned(), Tree::Null),
        ])]);
        assert_eq!(
            written(&items, Style::DeepObject).unwrap(),
            [
                "color[0][<price>]=<p_1>",
                "color[0][<tax_rates>][0]=<t_1>",
                "color[0][<tax_rates>][1]=<t_2>",
                "color[0][<recurring>][<interval>]=<month>",
            ]
        );
    }

    #[test]
    fn every_style_but_deep_object_refuses_a_nested_value() {
        let nested = Tree::List(vec![Tree::List(vec![scalar("blue")])]);
        let in_object = Tree::Object(vec![("R".to_owned(), Tree::Object(Vec::new()))]);
        for style in [Style::Form, Style::FormJoined, Style::SpaceDelimited, Style::PipeDelimited] {
            assert_eq!(written(&nested, style).unwrap_err(), "`color` has an element that is not a plain value");
            assert_eq!(written(&in_object, style).unwrap_err(), "`color` has a property `R` that is not a plain value");
        }
    }

    #[test]
    fn simple_leaves_out_nulls_and_refuses_nested_values() {
        let object = Tree::Object(vec![
            ("R".to_owned(), scalar("100")),
            ("G".to_owned(), Tree::Null),
            ("B".to_owned(), scalar("150")),
        ]);
        assert_eq!(simple(&object, false, &encode).unwrap().unwrap(), "<R>,<100>,<B>,<150>");
        assert_eq!(simple(&object, true, &encode).unwrap().unwrap(), "<R>=<100>,<B>=<150>");
        let list = Tree::List(vec![scalar("blue"), Tree::Null, scalar("black")]);
        assert_eq!(simple(&list, false, &encode).unwrap().unwrap(), "<blue>,<black>");
        assert_eq!(simple(&scalar("blue"), false, &encode).unwrap().unwrap(), "blue");

        for nothing in [Tree::Null, Tree::List(Vec::new()), Tree::Object(vec![("G".to_owned(), Tree::Null)])] {
            assert_eq!(simple(&nothing, false, &encode).unwrap(), None, "{nothing:?}");
        }
        let nested = Tree::Object(vec![("R".to_owned(), Tree::List(Vec::new()))]);
        assert_eq!(
            simple(&nested, true, &encode).unwrap_err(),
            "the object has a property `R` that is not a plain value"
        );
        let nested = Tree::List(vec![Tree::Object(Vec::new())]);
        assert_eq!(simple(&nested, true, &encode).unwrap_err(), "the list has an element that is not a plain value");
    }
}
