// A bare number where the spec says `CoworkerId`.
use generated_example::portal_macro::endpoints::coworkers;

fn main() {
    let _ = coworkers::set_current_profile(1_004_584_588);
}
