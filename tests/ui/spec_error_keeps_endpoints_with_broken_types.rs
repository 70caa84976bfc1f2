// An endpoint whose only problems are types that do not exist stays in
// what the macro emits after the errors (the types read as `any`, or as a
// string in a parameter), so the code below, which calls it, adds no error
// of its own ("cannot find `repos` in `endpoints`").
mod api {
    endpointgen::generate!("specs/broken_endpoint_types.yaml");
}

fn main() {
    let _ = api::endpoints::repos::get("octocat", "hello-world");
}
