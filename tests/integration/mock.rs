//! The typed mock with the generated portal client (`mocks = true`): its
//! answers are what the portal sends (envelopes included), decoded by the
//! client as the portal's; in process and over loopback, async and
//! blocking.

use endpointgen::Error;
use endpointgen::mock::Mock;

mod portal {
    endpointgen::generate!(
        "../api-spec/portal.yaml",
        "../api-spec/portal-extras.yaml",
        groups = ["coworkers"],
        mocks = true
    );
}

use portal::endpoints::coworkers;
use portal::{CoworkerId, CustomerProfile, CustomerProfiles};

fn profile(id: i64, name: &str, active: bool) -> CustomerProfile {
    CustomerProfile {
        id: CoworkerId(id),
        full_name: name.to_owned(),
        company_name: None,
        active,
        is_default_profile: false,
        coworker_type: None,
        has_virtual_office: false,
        virtual_office_paused: None,
        virtual_office_contract_id: None,
    }
}

fn profiles() -> CustomerProfiles {
    CustomerProfiles {
        user: None,
        default_business: None,
        profiles: vec![profile(1, "Ada", true), profile(2, "Ada Ltd", false)],
    }
}

#[tokio::test]
async fn the_generated_client_decodes_the_mocks_typed_answers_in_process() {
    let mock = Mock::new();
    mock.expect(coworkers::profiles()).returns(profiles());
    mock.expect(coworkers::set_current_profile(CoworkerId(3)))
        .fails_with(coworkers::SetCurrentProfileError::NotFound(endpointgen::BodyExcerpt::new(b"no such profile")));
    let client = endpointgen::Client::builder("https://spaces.example.com").mock(&mock).build().unwrap().bearer("t");
    assert_eq!(client.send(coworkers::profiles()).await.unwrap(), profiles());
    let refused = client.send(coworkers::set_current_profile(CoworkerId(3))).await;
    assert!(matches!(refused, Err(Error::Api(coworkers::SetCurrentProfileError::NotFound(_)))), "{refused:?}");
    mock.verify();
}

#[test]
fn the_generated_blocking_client_over_loopback() {
    let mock = Mock::new();
    mock.expect(coworkers::profiles()).returns(profiles()).times(2);
    let client = endpointgen::blocking::Client::new(&mock.start_server()).unwrap().bearer("t");
    for _ in 0..2 {
        assert_eq!(client.send(coworkers::profiles()).unwrap(), profiles());
    }
    mock.verify();
}
