// Error enums are `#[non_exhaustive]`: a spec may document more errors later,
// so code in another crate matches them with a `_` arm.
use generated_example::portal_macro::endpoints::coworkers::SetCurrentProfileError;

fn explain(error: &SetCurrentProfileError) -> &'static str {
    match error {
        SetCurrentProfileError::Unauthorized(_) => "sign in again",
        SetCurrentProfileError::NotFound(_) => "no such profile",
    }
}

fn main() {
    let _ = explain;
}
