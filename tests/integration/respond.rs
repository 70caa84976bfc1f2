//! `Respond`, generated with the `mocks` option (and with `server`, which
//! implies it): the answer a mock or a server sends for an endpoint's output
//! or documented error is what the client decodes back, an equal value, in
//! every way of decoding (runtime/src/respond.rs states the contract).

use std::fmt::Debug;

use endpointgen::{ApiError as _, Endpoint, Error, Respond};

use crate::fixtures::response;

#[deny(warnings)]
mod portal {
    endpointgen::generate!("../api-spec/portal.yaml", "../api-spec/portal-extras.yaml", mocks = true);
}

#[deny(warnings)]
mod operations {
    endpointgen::generate!("../api-spec/fixtures/valid/operations.yaml", mocks = true);
}

/// With `server`: inputs are `Deserialize` as well, and it all compiles
/// without a warning.
#[deny(warnings)]
mod unions {
    endpointgen::generate!("../api-spec/fixtures/valid/unions.yaml", server = true);
}

#[deny(warnings)]
mod everything {
    endpointgen::generate!("../api-spec/fixtures/valid/everything.yaml", server = true, mocks = true);
}

/// `E`'s output decoded from a 200 with `body`, as the client reads it.
fn decoded<E: Endpoint>(body: &str) -> E::Output
where
    E::Error: Debug,
{
    E::decode(response(200, body)).unwrap_or_else(|error| panic!("the sample does not decode: {error:?}"))
}

/// `E::decode(E::respond(output))` is `output`; the answer, for its
/// status and headers.
#[track_caller]
fn round_trip<E: Respond>(output: &E::Output) -> endpointgen::http::Response<endpointgen::Bytes>
where
    E::Output: PartialEq + Debug,
    E::Error: Debug,
{
    let answer = E::respond(output);
    let back = E::decode(answer.clone()).unwrap_or_else(|error| panic!("the answer does not decode: {error:?}"));
    assert_eq!(&back, output);
    answer
}

/// `E::decode(E::respond_error(error))` is `Error::Api` of an error that
/// `same` finds equal (error enums are not `PartialEq`: a body excerpt is
/// compared by its text); the answer.
#[track_caller]
fn error_round_trip<E: Respond>(
    error: &E::Error,
    same: impl Fn(&E::Error, &E::Error) -> bool,
) -> endpointgen::http::Response<endpointgen::Bytes>
where
    E::Output: Debug,
    E::Error: Debug,
{
    let answer = E::respond_error(error);
    match E::decode(answer.clone()) {
        Err(Error::Api(back)) => assert!(same(&back, error), "{back:?} is not {error:?}"),
        other => panic!("{error:?} decodes as {other:?}"),
    }
    answer
}

fn content_type(answer: &endpointgen::http::Response<endpointgen::Bytes>) -> Option<&str> {
    answer.headers().get("content-type").map(|value| value.to_str().unwrap())
}

#[test]
fn every_way_of_decoding_reads_back_what_respond_writes() {
    use portal::endpoints::{billing, bookings, coworkers, documents, token};

    // JSON, a secret-free struct with nested and optional fields.
    let profiles = decoded::<coworkers::Profiles>(
        r#"{"User": {"Id": 1003000042, "FullName": "Ada Lovelace", "Email": "ada@example.com", "Active": true,
            "IsAdmin": false, "AccessToken": "portal-session-token"},
           "Profiles": [{"Id": 7, "FullName": "Ada Lovelace", "CompanyName": "Analytical Engines Ltd", "Active": true,
            "IsDefaultProfile": true, "CoworkerType": 2, "HasVirtualOffice": false}]}"#,
    );
    assert_eq!(profiles.profiles.len(), 1);
    let answer = round_trip::<coworkers::Profiles>(&profiles);
    assert_eq!((answer.status().as_u16(), content_type(&answer)), (200, Some("application/json")));
    // Optional fields that are `None` are left out, as servers mostly do.
    let written: serde_json::Value = serde_json::from_slice(answer.body()).unwrap();
    assert!(written.get("DefaultBusiness").is_none(), "{written}");

    // An envelope: the output is the envelope, written whole.
    let confirmation = decoded::<coworkers::SetCurrentProfile>(
        r#"{"WasSuccessful": true, "Value": "switched", "Status": 200, "Message": "Done", "Errors": []}"#,
    );
    round_trip::<coworkers::SetCurrentProfile>(&confirmation);

    // An envelope that may be missing: `None` is an empty body.
    let invoice = decoded::<bookings::CheckoutBasket>(r#"{"WasSuccessful": true, "Value": {"InvoiceId": 12}}"#);
    assert!(invoice.is_some());
    round_trip::<bookings::CheckoutBasket>(&invoice);
    let answer = round_trip::<bookings::CheckoutBasket>(&None);
    assert!(answer.body().is_empty());

    // No response: 204 without a body.
    let answer = round_trip::<coworkers::SaveSettings>(&());
    assert_eq!((answer.status().as_u16(), answer.body().len()), (204, 0));

    // Bytes, with the media type the endpoint asks for.
    let pdf = endpointgen::Bytes::from_static(b"%PDF-1.7\n\xff\x00binary");
    let answer = round_trip::<billing::InvoicePdf>(&pdf);
    assert_eq!(content_type(&answer), Some("application/pdf"));

    // JSON whose type has a secret field.
    let grant = decoded::<token::Grant>(
        r#"{"access_token": "a-secret", "token_type": "bearer", "expires_in": 3600, "refresh_token": "r-secret"}"#,
    );
    round_trip::<token::Grant>(&grant);

    // Documented errors: a typed body as JSON, an excerpt as its text.
    let bad_request = documents::UploadError::BadRequest(
        serde_json::from_str(
            r#"{"WasSuccessful": false, "Value": null, "Message": "Title is required",
                "Errors": [{"Field": "Title", "Message": "required"}]}"#,
        )
        .unwrap(),
    );
    let answer = error_round_trip::<documents::Upload>(&bad_request, |back, sent| match (back, sent) {
        (documents::UploadError::BadRequest(back), documents::UploadError::BadRequest(sent)) => back == sent,
        _ => false,
    });
    assert_eq!((answer.status().as_u16(), content_type(&answer)), (400, Some("application/json")));
    let excerpt = |text: &str| endpointgen::BodyExcerpt::new(text.as_bytes());
    let same_excerpt = |back: &documents::UploadError, sent: &documents::UploadError| match (back, sent) {
        (documents::UploadError::Unauthorized(back), documents::UploadError::Unauthorized(sent))
        | (documents::UploadError::Throttled(back), documents::UploadError::Throttled(sent)) => back == sent,
        _ => false,
    };
    let answer = error_round_trip::<documents::Upload>(
        &documents::UploadError::Unauthorized(excerpt("token expired")),
        same_excerpt,
    );
    assert_eq!((answer.status().as_u16(), content_type(&answer)), (401, Some("text/plain; charset=utf-8")));
    let answer = error_round_trip::<documents::Upload>(
        &documents::UploadError::Throttled(excerpt(r#"{"message": "wait"}"#)),
        same_excerpt,
    );
    assert_eq!((answer.status().as_u16(), content_type(&answer)), (409, Some("application/json")));
    let answer = error_round_trip::<documents::Upload>(&documents::UploadError::Throttled(excerpt("")), same_excerpt);
    assert_eq!((answer.status().as_u16(), content_type(&answer)), (409, None));
}

#[test]
fn answers_by_status_are_sent_with_their_status() {
    use operations::Week;
    use operations::endpoints::stats::{Contributors, ContributorsResponse};

    let weeks = ContributorsResponse::Ok(vec![Week { week: 1, commits: 3 }, Week { week: 2, commits: 0 }]);
    let cases = [
        (weeks, 200, Some("application/json")),
        (ContributorsResponse::Created(endpointgen::Bytes::from_static(b"week,commits\n1,3\n")), 201, Some("text/csv")),
        (ContributorsResponse::Accepted, 202, None),
        (ContributorsResponse::MultiStatus(Some(Week { week: 7, commits: 1 })), 207, Some("application/json")),
        (ContributorsResponse::MultiStatus(None), 207, None),
    ];
    for (output, status, media_type) in cases {
        let answer = round_trip::<Contributors>(&output);
        assert_eq!((answer.status().as_u16(), content_type(&answer)), (status, media_type), "{output:?}");
    }
}

#[test]
fn unions_and_errors_of_a_range_of_statuses_read_back() {
    use unions::endpoints::projects::{Draw, Get, GetError, Sign};
    use unions::{Circle, Problem, Shape, Square};

    for shape in [
        Shape::Circle(Circle { radius: 1.5 }),
        Shape::Square(Square { side: 2.0, kind: Some("square".to_owned()) }),
        Shape::Point,
        Shape::Unknown(serde_json::json!({"kind": "hexagon", "side": 1})),
    ] {
        round_trip::<Get>(&shape);
    }
    for sign in [unions::Sign::Plus, unions::Sign::Minus(Circle { radius: 0.5 }), unions::Sign::XUpper] {
        round_trip::<Sign>(&sign);
    }
    let loose = decoded::<Draw>(r#"[{"kind": "circle", "radius": 3}]"#);
    round_trip::<Draw>(&loose);

    let problem = || Problem { message: "no such project".to_owned(), request_id: Some("r-1".to_owned()) };
    let status = endpointgen::StatusCode::from_u16(422).unwrap();
    let answer = error_round_trip::<Get>(&GetError::ClientError(status, problem()), |back, sent| match (back, sent) {
        (GetError::ClientError(status, body), GetError::ClientError(sent_status, sent_body)) => {
            status == sent_status && body == sent_body
        }
        _ => false,
    });
    assert_eq!(answer.status(), 422);
    let server_error =
        GetError::ServerError(endpointgen::StatusCode::BAD_GATEWAY, endpointgen::BodyExcerpt::new(b"upstream"));
    let answer = error_round_trip::<Get>(&server_error, |back, sent| {
        back.status() == sent.status() && format!("{back:?}") == format!("{sent:?}")
    });
    assert_eq!(answer.status(), 502);
}

/// With `server`, what a client sends reads back into the value it was.
#[test]
fn with_server_inputs_are_deserialize() {
    use unions::{Expr, NameOrId, Operator, ProjectId, Sum};

    let expr = Expr::Sum(Box::new(Sum { left: Expr::Literal(1.0), right: Expr::Literal(2.5), op: Operator::Minus }));
    let sent = serde_json::to_string(&expr).unwrap();
    assert_eq!(serde_json::from_str::<Expr>(&sent).unwrap(), expr);
    let id: NameOrId = serde_json::from_str(r#""8c0e7b1e-5f4e-4a39-9a43-7d1f0f3b9a10""#).unwrap();
    assert!(matches!(id, NameOrId::Id(ProjectId(_))), "{id:?}");
}
