//! `resources`: the published rooms and desks; the summary has optional
//! auth.

use endpointgen::{Client, Error};
use generated_example::fake_portal::ids;
use generated_example::portal::ResourceId;
use generated_example::portal::endpoints::resources;

use super::{ada, as_ada, last};

#[tokio::test]
async fn summary_works_without_a_token_and_says_more_with_one() {
    let (fake, client) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let public = anonymous.send(resources::summary()).await.unwrap();

    let request = last(&fake, "GET", "/api/public/resources/published/summary", None);
    assert_eq!(request.authorization, None);
    let names: Vec<&str> = public.iter().map(|resource| resource.name.as_str()).collect();
    assert_eq!(names, ["Meeting Room Babbage", "Hot Desk 4"]);
    assert_eq!(public[0].id, ResourceId(ids::MEETING_ROOM));
    assert_eq!(public[0].resource_type_name.as_deref(), Some("Meeting room"));

    // The same endpoint through a client with a token: it is sent, and
    // members-only resources are listed too.
    let member = client.send(resources::summary().shape("Id,Name,UniqueId,BusinessId")).await.unwrap();
    as_ada(&last(
        &fake,
        "GET",
        "/api/public/resources/published/summary",
        Some("_shape=Id%2CName%2CUniqueId%2CBusinessId"),
    ));
    assert_eq!(member.len(), 3);
    assert_eq!(member[2].name, "Boardroom");
    assert!(member[2].visible && member[2].description.is_none(), "defaulted and projected away");

    // A token that is sent must be valid.
    let stranger = Client::new(fake.base_url()).unwrap().bearer("expired");
    let error = stranger.send(resources::summary()).await.unwrap_err();
    assert!(matches!(error, Error::Api(resources::SummaryError::Unauthorized(_))), "{error:?}");
}

#[tokio::test]
async fn details_is_public() {
    let (fake, _) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let details = anonymous.send(resources::details()).await.unwrap();

    assert_eq!(last(&fake, "GET", "/api/public/resources/published/details", None).authorization, None);
    assert_eq!(details.len(), 2);
    assert_eq!(details[0].allocation, Some(6));
    assert_eq!(details[0].amenities, ["Screen", "Whiteboard", "Video calls"]);
}

#[tokio::test]
async fn products_of_a_resource() {
    let (fake, client) = ada().await;

    let products = client.send(resources::products(ResourceId(ids::MEETING_ROOM))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/resources/published/1200000001/products", None));
    let names: Vec<(&str, f64)> = products.iter().map(|product| (product.name.as_str(), product.price)).collect();
    assert_eq!(names, [("Coffee for six", 9.0), ("Projector", 5.0)]);
    assert_eq!(products[1].description, None);

    let error = client.send(resources::products(ResourceId(7))).await.unwrap_err();
    assert!(matches!(error, Error::Api(resources::ProductsError::NotFound(_))), "{error:?}");
}
