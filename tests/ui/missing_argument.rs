// `coworkerId` is a required query parameter: a constructor argument.
use generated_example::portal_macro::endpoints::coworkers;

fn main() {
    let _ = coworkers::set_current_profile();
}
