// A spec with two mistakes: each is its own error, at its line and column.
mod api {
    endpointgen::generate!("specs/broken.yaml");
}

fn main() {}
