// `profiles` has no query parameter `page`.
use generated_example::portal_macro::endpoints::coworkers;

fn main() {
    let _ = coworkers::profiles().page(2);
}
