//! `system`: the space's settings (optional auth), details, countries,
//! announcements, and (from portal-extras.yaml) the lookup by host.

use endpointgen::{Client, Error};
use generated_example::fake_portal::{self, ids};
use generated_example::portal::BusinessId;
use generated_example::portal::endpoints::system;

use super::{ada, as_ada, last};

#[tokio::test]
async fn configuration_has_optional_auth() {
    let (fake, client) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let public = anonymous.send(system::configuration()).await.unwrap();

    assert_eq!(last(&fake, "GET", "/api/public/configuration", None).authorization, None);
    assert_eq!(public.len(), 4);
    assert_eq!((public[0].name.as_str(), public[0].value.as_str()), ("PublicWebSite.Name", "Harbour Works"));
    // Values are strings, booleans too.
    assert_eq!(public[2].value, "True");

    let member = client.send(system::configuration()).await.unwrap();
    as_ada(&last(&fake, "GET", "/api/public/configuration", None));
    assert_eq!(member.len(), 7);
    assert!(member.iter().any(|setting| setting.name == "Bookings.CancellationNoticeInHours" && setting.value == "24"));

    let stranger = Client::new(fake.base_url()).unwrap().bearer("expired");
    let error = stranger.send(system::configuration()).await.unwrap_err();
    assert!(matches!(error, Error::Api(system::ConfigurationError::Unauthorized(_))), "{error:?}");
}

#[tokio::test]
async fn current_business_is_public() {
    let (fake, _) = ada().await;

    let space = Client::new(fake.base_url()).unwrap().send(system::current_business()).await.unwrap();

    assert_eq!(last(&fake, "GET", "/api/public/businesses/current", None).authorization, None);
    assert_eq!(space.id, BusinessId(ids::SPACE));
    assert_eq!((space.name.as_str(), space.web_address.as_deref()), ("Harbour Works", Some("harbour-works")));
}

#[tokio::test]
async fn countries_are_public() {
    let (fake, _) = ada().await;

    let countries = Client::new(fake.base_url()).unwrap().send(system::countries().shape("Id,Name")).await.unwrap();

    last(&fake, "GET", "/api/public/countries", Some("_shape=Id%2CName"));
    assert_eq!(countries[0].name, "United Kingdom");
    assert_eq!(countries[0].two_letter_code, None, "projected away");
}

#[tokio::test]
async fn announcements_are_json_objects() {
    let (fake, client) = ada().await;

    let announcements = client.send(system::announcements()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/announcements/active", None));
    assert_eq!(announcements.len(), 2);
    assert_eq!(announcements[0]["Title"], "Fire drill on Thursday");
    assert_eq!(announcements[1].get("FromDate"), None);
}

#[tokio::test]
async fn business_by_host_is_public_and_a_404_for_an_unknown_host() {
    let (fake, _) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let space = anonymous.send(system::business_by_host(fake_portal::SPACE_HOST)).await.unwrap();

    let request = last(&fake, "GET", "/api/sys/businesses/getByHost", Some("host=harbour-works.spaces.example.com"));
    assert_eq!(request.authorization, None);
    assert_eq!((space.id, space.web_address.as_str()), (BusinessId(ids::SPACE), "harbour-works"));
    let unknown = anonymous.send(system::business_by_host("elsewhere.example.com")).await.unwrap_err();
    assert!(matches!(unknown, Error::Api(system::BusinessByHostError::NotFound(_))), "{unknown:?}");
}
