//! Paging through the profile's bookings with `client.pages` and
//! `client.items`, and the blocking client for the same endpoints.

use endpointgen::Client;
use generated_example::fake_portal::{self, ids};
use generated_example::portal::endpoints::{bookings, plans};

use super::ada;

#[tokio::test]
async fn pages_and_items_walk_the_bookings() {
    let (fake, client) = ada().await;

    let mut pages = client.pages(bookings::my().size(3));
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        sizes.push((page.current_page.unwrap(), page.records.len()));
    }

    assert_eq!(sizes, [(1, 3), (2, 3), (3, 1)]);
    let queries: Vec<Option<String>> = fake.requests().into_iter().map(|request| request.query).collect();
    assert_eq!(
        queries,
        [Some("size=3".to_owned()), Some("page=2&size=3".to_owned()), Some("page=3&size=3".to_owned())]
    );

    let mut items = client.items(bookings::my().show_upcoming(true).size(4));
    let mut ids = Vec::new();
    while let Some(booking) = items.next().await {
        ids.push(booking.unwrap().id.0);
    }
    assert_eq!(
        ids,
        [ids::ADA_BOOKING_TODAY, 1_100_000_004, 1_100_000_005, ids::ADA_BOOKING, 1_100_000_006, 1_100_000_007]
    );
}

#[test]
fn the_blocking_client_sends_portal_calls_and_pages() {
    // The fake portal runs on a runtime of its own; the blocking client
    // must not be used from inside one.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let fake = runtime.block_on(crate::prism_proxy::fake_portal());
    let client = Client::builder(fake.base_url()).build_blocking().unwrap();

    let on_sale = client.send(plans::published()).unwrap();
    assert_eq!(on_sale.len(), 3);
    assert_eq!(fake.last_request().unwrap().path, "/api/public/plans/published");

    let signed_in = client.bearer(fake_portal::ADA_TOKEN);
    let sizes: Vec<usize> = signed_in.pages(bookings::my().size(5)).map(|page| page.unwrap().records.len()).collect();
    assert_eq!(sizes, [5, 2]);
    assert_eq!(fake.last_request().unwrap().query.as_deref(), Some("page=2&size=5"));
    drop(fake);
}
