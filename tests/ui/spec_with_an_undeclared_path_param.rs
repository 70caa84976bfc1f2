// `{id}` is in the path but not under `path_params`.
mod api {
    endpointgen::generate!("specs/undeclared_path_param.yaml");
}

fn main() {}
