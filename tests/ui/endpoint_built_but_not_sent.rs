// An endpoint value does nothing until a client sends it.
#![deny(unused_must_use)]

mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    api::endpoints::coworkers::switch(api::CoworkerId(42));
}
