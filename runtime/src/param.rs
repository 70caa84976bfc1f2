//! How values become path segments, query parameters and header values.

use std::borrow::Cow;

/// A value that can stand in a path segment, a query parameter or a header:
/// numbers, booleans, strings, and the spec's newtypes and enums over them.
///
/// The text is the value as the API expects it, before percent-encoding;
/// [`RequestBuilder`](crate::RequestBuilder) encodes it.
pub trait ParamValue {
    /// The value as text.
    fn to_param(&self) -> Cow<'_, str>;
}

macro_rules! param_value_by_display {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

param_value_by_display!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, f32, f64);

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

/// A value for a query parameter: a single [`ParamValue`] is written once, an
/// absent `Option` not at all, and a list once per element
/// (`?id=1&id=2`, the form most servers read as an array).
pub trait QueryValue {
    /// Calls `write` once per value to send.
    fn for_each_value(&self, write: &mut dyn FnMut(&str));
}

impl<T: ParamValue + ?Sized> QueryValue for T {
    fn for_each_value(&self, write: &mut dyn FnMut(&str)) {
        write(&self.to_param());
    }
}

impl<Q: QueryValue> QueryValue for Option<Q> {
    fn for_each_value(&self, write: &mut dyn FnMut(&str)) {
        if let Some(value) = self {
            value.for_each_value(write);
        }
    }
}

/// Each element's values: a list of plain values, or of optional ones
/// (`None` sends nothing).
impl<Q: QueryValue> QueryValue for [Q] {
    fn for_each_value(&self, write: &mut dyn FnMut(&str)) {
        for value in self {
            value.for_each_value(write);
        }
    }
}

impl<Q: QueryValue> QueryValue for Vec<Q> {
    fn for_each_value(&self, write: &mut dyn FnMut(&str)) {
        self.as_slice().for_each_value(write);
    }
}
