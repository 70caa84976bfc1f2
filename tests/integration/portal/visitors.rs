//! `visitors`: the profile's guests; registering posts a JSON array.

use endpointgen::Error;
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::visitors;
use generated_example::portal::{BusinessId, NewVisitor, VisitorId};
use serde_json::json;

use super::{ada, as_ada, at, json_body, last};

#[tokio::test]
async fn my_lists_the_profiles_visitors() {
    let (fake, client) = ada().await;

    let all = client.send(visitors::my()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/visitors/my", None));
    let names: Vec<&str> = all.records.iter().map(|visitor| visitor.full_name.as_str()).collect();
    assert_eq!(names, ["Michael Faraday", "Mary Somerville"]);
    let past = &all.records[0];
    assert!(past.arrived);
    assert_eq!(past.arrival_date.as_ref().map(endpointgen::DateTime::as_str), Some("2026-08-27T14:00:00"));
    assert_eq!(past.utc_arrival_date.as_ref().and_then(endpointgen::DateTime::offset_minutes), Some(0));

    let upcoming = client.send(visitors::my().show_upcoming(true)).await.unwrap();
    last(&fake, "GET", "/api/public/visitors/my", Some("showUpcoming=true"));
    assert_eq!(upcoming.records.len(), 1);
    assert_eq!(upcoming.records[0].id, VisitorId(ids::ADA_VISITOR));
    assert_eq!(upcoming.records[0].notes.as_deref(), Some("Here for the engine review."));
}

fn new_visitor(full_name: &str, expected: &str) -> NewVisitor {
    NewVisitor {
        business_id: BusinessId(ids::SPACE),
        full_name: full_name.to_owned(),
        email: None,
        phone_number: Some("+44 20 7946 0000".to_owned()),
        expected_arrival: at(expected),
        customer_notes: Some("Please call me from reception.".to_owned()),
    }
}

#[tokio::test]
async fn register_posts_an_array_and_the_visitors_show_up() {
    let (fake, client) = ada().await;

    let () = client
        .send(visitors::register(vec![
            new_visitor("Charles Wheatstone", "2026-09-03T10:30:00"),
            new_visitor("John Herschel", "2026-09-04T15:00:00"),
        ]))
        .await
        .unwrap();

    let request = last(&fake, "POST", "/api/public/visitors", None);
    as_ada(&request);
    let body = json_body(&request);
    assert_eq!(body.as_array().map(Vec::len), Some(2));
    assert_eq!(
        body[0],
        json!({
            "BusinessId": ids::SPACE,
            "FullName": "Charles Wheatstone",
            "PhoneNumber": "+44 20 7946 0000",
            "ExpectedArrival": "2026-09-03T10:30:00",
            "CustomerNotes": "Please call me from reception."
        })
    );
    let upcoming = client.send(visitors::my().show_upcoming(true)).await.unwrap();
    let names: Vec<&str> = upcoming.records.iter().map(|visitor| visitor.full_name.as_str()).collect();
    assert_eq!(names, ["Mary Somerville", "Charles Wheatstone", "John Herschel"]);
    assert_eq!(upcoming.records[1].notes.as_deref(), Some("Please call me from reception."));
    assert_eq!(upcoming.records[1].utc_expected_arrival.as_ref().unwrap().as_str(), "2026-09-03T09:30:00Z");

    let error = client.send(visitors::register(vec![new_visitor(" ", "2026-09-03T10:30:00")])).await.unwrap_err();
    let Error::Api(visitors::RegisterError::BadRequest(body)) = error else { panic!("got {error:?}") };
    assert_eq!(body.errors.unwrap()[0].property_name.as_deref(), Some("[0].FullName"));
}

#[tokio::test]
async fn delete_removes_the_visitor() {
    let (fake, client) = ada().await;

    let () = client.send(visitors::delete(VisitorId(ids::ADA_VISITOR))).await.unwrap();

    let request = last(&fake, "DELETE", "/api/public/visitors/1400000001", None);
    as_ada(&request);
    assert!(request.body.is_empty());
    let left = client.send(visitors::my()).await.unwrap();
    assert!(left.records.iter().all(|visitor| visitor.id.0 != ids::ADA_VISITOR));

    let error = client.send(visitors::delete(VisitorId(ids::CHARLES_VISITOR))).await.unwrap_err();
    assert!(matches!(error, Error::Api(visitors::DeleteError::NotFound(_))), "{error:?}");
}
