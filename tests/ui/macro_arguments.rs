// The macro takes spec paths, `yaml = "…"` and `runtime = "…"`.
mod api {
    endpointgen::generate!(path = "specs/catalogue.yaml");
}

fn main() {}
