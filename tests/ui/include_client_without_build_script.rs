// `include_client!` includes what a build script wrote to OUT_DIR, and this
// crate has none: the error says so and how to add one, rather than
// rustc's "environment variable `OUT_DIR` not defined" with a hint to use
// `std::env::var`.
mod gh {
    endpointgen::include_client!("gh");
}

fn main() {}
