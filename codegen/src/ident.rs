//! The one place that derives Rust names from spec names, and escapes them.

use crate::code::Ident;
use heck::{ToSnakeCase, ToUpperCamelCase};

/// `coworkerId` → `coworker_id`; `WasSuccessful` → `was_successful`.
pub(crate) fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return fix_start(name.to_snake_case());
    }
    let mut snake = Vec::with_capacity(name.len() + 4);
    for_each_ascii_word(name, |word| {
        if !snake.is_empty() {
            snake.push(b'_');
        }
        snake.extend(word.iter().map(u8::to_ascii_lowercase));
    });
    fix_start(String::from_utf8(snake).unwrap_or_default())
}

/// The Rust variant for an enum value: `UpperCamelCase`, except that
/// `Unknown` is taken by the variant that keeps values the spec does not
/// list, so a value of that name is `UnknownValue`.
pub(crate) fn variant(name: &str) -> String {
    let camel = camel(name);
    if camel == "Unknown" { "UnknownValue".to_owned() } else { camel }
}

/// `set_current_profile` → `SetCurrentProfile`; `ActionConfirmation` stays.
pub(crate) fn camel(name: &str) -> String {
    if !name.is_ascii() {
        return fix_start(name.to_upper_camel_case());
    }
    let mut camel = Vec::with_capacity(name.len());
    for_each_ascii_word(name, |word| {
        if let [first, rest @ ..] = word {
            camel.push(first.to_ascii_uppercase());
            camel.extend(rest.iter().map(u8::to_ascii_lowercase));
        }
    });
    // ASCII in, ASCII out: never the default.
    fix_start(String::from_utf8(camel).unwrap_or_default())
}

/// The words of an ASCII `name`, split exactly as heck splits them: at
/// every character that is no letter or digit, before an upper-case letter
/// that follows a lower-case one (digits in between keep the case before
/// them), and before the last upper-case letter of a run that a lower-case
/// letter follows (`HTTPStatus` → `HTTP`, `Status`).
///
/// heck formats every character through `fmt`, which made names the larger
/// part of reading an OpenAPI document; names are nearly always ASCII, and
/// other names still go through heck.
fn for_each_ascii_word(name: &str, mut word: impl FnMut(&[u8])) {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        Boundary,
        Lower,
        Upper,
    }
    for part in name.as_bytes().split(|byte| !byte.is_ascii_alphanumeric()) {
        let mut start = 0;
        let mut case = Case::Boundary;
        for (index, &byte) in part.iter().enumerate() {
            let Some(&next) = part.get(index + 1) else {
                word(&part[start..]);
                break;
            };
            let next_case = if byte.is_ascii_lowercase() {
                Case::Lower
            } else if byte.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if next_case == Case::Lower && next.is_ascii_uppercase() {
                word(&part[start..=index]);
                start = index + 1;
                case = Case::Boundary;
            } else if case == Case::Upper && byte.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..index]);
                start = index;
                case = Case::Boundary;
            } else {
                case = next_case;
            }
        }
    }
}

/// A name that starts with a digit gets a leading `_`: `2fa` → `_2fa`.
fn fix_start(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name }
}

/// Whether `name` can be a Rust identifier once escaped.
pub(crate) fn is_valid(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_"
}

/// Whether rustc's `non_snake_case` lint accepts `name` (its own test): no
/// uppercase letter, and no `__` inside leading and trailing underscores.
pub(crate) fn is_snake_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    !inner.contains("__") && !inner.chars().any(char::is_uppercase)
}

/// Whether rustc's `non_camel_case_types` lint accepts `name` (its own
/// test): not starting with a lowercase letter, no `__`, and no `_` next
/// to a letter, inside leading and trailing underscores.
pub(crate) fn is_camel_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    let letter_by_underscore = inner.as_bytes().windows(2).any(|pair| {
        matches!(pair, [b'_', next] if next.is_ascii_alphabetic())
            || matches!(pair, [before, b'_'] if before.is_ascii_alphabetic())
    });
    !inner.starts_with(|c: char| c.is_lowercase()) && !inner.contains("__") && !letter_by_underscore
}

/// Keywords that cannot even be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Keywords of every edition, strict and reserved: written `r#type`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The identifier for a Rust name: raw for keywords, with a `_` suffix for
/// those that cannot be raw.
///
/// Validation reports names that cannot be identifiers; the code made from
/// a spec with errors (the macro's stub) may still hold them, so they are
/// mended here rather than passed to `Ident::new`, which would panic.
pub(crate) fn ident(name: &str) -> Ident {
    let name = if is_valid(name) { name.to_owned() } else { mend(name) };
    let name = name.as_str();
    if NOT_RAW.contains(&name) {
        Ident::new_unchecked(format!("{name}_"))
    } else if KEYWORDS.contains(&name) {
        Ident::new_unchecked(format!("r#{name}"))
    } else {
        Ident::new_unchecked(name.to_owned())
    }
}

/// Some identifier for a name that is none: other characters become `_`.
fn mend(name: &str) -> String {
    let mut mended: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if mended.starts_with(|c: char| c.is_ascii_digit()) {
        mended.insert(0, '_');
    }
    if !is_valid(&mended) {
        mended.insert_str(0, "__unnamed");
    }
    mended
}

/// A local or argument name that cannot clash with a user's name: generated
/// code names its own locals `__…`.
pub(crate) fn private(name: &str) -> Ident {
    Ident::new_unchecked(format!("__{name}"))
}

#[cfg(test)]
mod tests {
    use super::{camel, ident, is_camel_case, is_snake_case, is_valid, snake};

    #[test]
    fn the_cases_are_those_of_rustc_s_lints() {
        for name in ["page_size", "self_", "_private", "a1_b2", "__x__", "x"] {
            assert!(is_snake_case(name), "{name}");
        }
        for name in ["PageSize", "page__size", "pageSize", "Self_"] {
            assert!(!is_snake_case(name), "{name}");
        }
        for name in ["PageSize", "Self_", "HTTPServer2", "V1_2", "_Private"] {
            assert!(is_camel_case(name), "{name}");
        }
        for name in ["page_size", "Page_Size", "Page__Size", "pageSize", "P_a"] {
            assert!(!is_camel_case(name), "{name}");
        }
    }

    #[test]
    fn derives_names_the_way_the_docs_say() {
        for (spec, snake_name, camel_name) in [
            ("coworkerId", "coworker_id", "CoworkerId"),
            ("WasSuccessful", "was_successful", "WasSuccessful"),
            ("CaneBeUsedForBookings", "cane_be_used_for_bookings", "CaneBeUsedForBookings"),
            ("_pageSize", "page_size", "PageSize"),
            ("set_current_profile", "set_current_profile", "SetCurrentProfile"),
            ("2fa", "_2fa", "_2fa"),
            ("HTTPStatus", "http_status", "HttpStatus"),
        ] {
            assert_eq!(snake(spec), snake_name, "{spec}");
            assert_eq!(camel(spec), camel_name, "{spec}");
        }
    }

    /// Every name of up to five characters from letters of both cases,
    /// digits and separators: the ASCII words are heck's.
    #[test]
    fn ascii_names_are_split_as_heck_splits_them() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        const ALPHABET: &[u8] = b"aBc1_- ";
        let mut names = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|name| ALPHABET.iter().map(move |&byte| format!("{name}{}", char::from(byte))))
                .collect();
            for name in &longer {
                assert_eq!(camel(name), super::fix_start(name.to_upper_camel_case()), "{name:?}");
                assert_eq!(snake(name), super::fix_start(name.to_snake_case()), "{name:?}");
            }
            names = longer;
        }
        for name in ["HTTPStatus", "getHTTP2Response", "ABCdef", "a1B", "A1b", "XMLHttpRequest", "v2_APIKeys"] {
            assert_eq!(camel(name), super::fix_start(name.to_upper_camel_case()), "{name:?}");
            assert_eq!(snake(name), super::fix_start(name.to_snake_case()), "{name:?}");
        }
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("async").to_string(), "r#async");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("Result").to_string(), "Result");
    }

    #[test]
    fn never_panics_on_names_that_are_no_identifiers() {
        assert_eq!(ident("get-it").to_string(), "get_it");
        assert_eq!(ident("").to_string(), "__unnamed");
        assert_eq!(ident("_").to_string(), "__unnamed_");
        assert_eq!(ident("1st").to_string(), "_1st");
        assert_eq!(ident("größe").to_string(), "gr__e");
    }

    #[test]
    fn knows_what_can_be_an_identifier() {
        assert!(is_valid("coworker_id"));
        assert!(is_valid("_2fa"));
        assert!(!is_valid("_"));
        assert!(!is_valid("a-b"));
        assert!(!is_valid("ü"));
        assert!(!is_valid(""));
    }
}
