// The spec is not YAML: the error names the file, line and column.
mod api {
    endpointgen::generate!("specs/broken_yaml.yaml");
}

fn main() {}
