//! `coworkers`: profiles, the profile switch, benefits, the PATCH of the
//! active profile, settings, and the member directory.

use endpointgen::Error;
use generated_example::fake_portal::{self, ids};
use generated_example::portal::endpoints::{bookings, coworkers};
use generated_example::portal::{CoworkerId, ProfileUpdate, SettingValue};

use super::{ada, ada_as, as_ada, json_body, last};

#[tokio::test]
async fn profiles_with_a_shape_get_only_the_fields_asked_for() {
    let (fake, client) = ada().await;

    let profiles =
        client.send(coworkers::profiles().shape("Profiles.Id,Profiles.FullName,Profiles.Active")).await.unwrap();

    let request = last(
        &fake,
        "GET",
        "/api/public/coworkers/profiles",
        Some("_shape=Profiles.Id%2CProfiles.FullName%2CProfiles.Active"),
    );
    as_ada(&request);
    assert_eq!(request.accept.as_deref(), Some("application/json"));
    // Projected away, and optional in the spec: absent, not an error.
    assert_eq!(profiles.user, None);
    assert_eq!(profiles.default_business, None);
    let ids: Vec<i64> = profiles.profiles.iter().map(|profile| profile.id.0).collect();
    assert_eq!(ids, [ids::ADA_PERSONAL, ids::ADA_COMPANY, ids::ADA_DEACTIVATED]);
    assert!(profiles.profiles.iter().all(|profile| profile.company_name.is_none() && profile.coworker_type.is_none()));
    assert!(profiles.profiles[0].active);
}

#[tokio::test]
async fn set_current_profile_changes_what_later_calls_see() {
    let (fake, client) = ada().await;
    let before = client.send(bookings::my()).await.unwrap();

    let confirmation = client.send(coworkers::set_current_profile(CoworkerId(ids::ADA_COMPANY))).await.unwrap();

    let request = last(&fake, "PUT", "/api/public/coworkers/profiles/current", Some("coworkerId=1004584588"));
    as_ada(&request);
    assert!(request.body.is_empty());
    assert!(confirmation.was_successful);
    assert_eq!(confirmation.into_value(), None);
    assert_eq!(fake.active_profile(fake_portal::ADA_TOKEN), Some(ids::ADA_COMPANY));
    // The company profile's bookings, not the personal one's.
    let after = client.send(bookings::my()).await.unwrap();
    assert_eq!(before.total_items, Some(7));
    let ids: Vec<i64> = after.records.iter().map(|booking| booking.id.0).collect();
    assert_eq!(ids, [ids::ADA_COMPANY_BOOKING]);
}

#[tokio::test]
async fn current_benefits_are_the_active_profiles() {
    let (fake, client) = ada().await;

    let benefits = client.send(coworkers::current_benefits()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/coworkers/profiles/current/benefits", None));
    let credit = &benefits.personal.booking_credits[0];
    assert_eq!(credit.name, "Meeting room hours");
    assert!(credit.cane_be_used_for_bookings && !credit.cane_be_used_for_events);
    assert_eq!(credit.expire_date.as_ref().map(endpointgen::DateTime::as_str), Some("2026-12-31T23:59:00"));
    assert_eq!(benefits.personal.time_passes[0].remaining_uses, Some(3));
    assert_eq!(benefits.team, None);

    client.send(coworkers::set_current_profile(CoworkerId(ids::ADA_COMPANY))).await.unwrap();
    let shaped = client.send(coworkers::current_benefits().shape("Personal.BookingCredits")).await.unwrap();
    last(&fake, "GET", "/api/public/coworkers/profiles/current/benefits", Some("_shape=Personal.BookingCredits"));
    assert_eq!(shaped.personal.booking_credits[0].name, "Company credit");
    assert!(shaped.personal.extra_services.is_empty(), "projected away, and defaulted");
}

#[tokio::test]
async fn update_profile_sends_only_the_fields_it_sets() {
    let (fake, client) = ada().await;
    let update = ProfileUpdate {
        full_name: Some("Augusta Ada King".to_owned()),
        date_of_birth: Some("1815-12-10".parse().unwrap()),
        profile_is_public: Some(true),
        password: Some("new-secret-passw0rd".to_owned()),
        ..ProfileUpdate::default()
    };
    assert!(!format!("{update:?}").contains("new-secret"), "a secret field shows in Debug");

    let confirmation = client.send(coworkers::update_profile(update)).await.unwrap();

    let request = last(&fake, "PATCH", "/api/public/coworker/profile", None);
    as_ada(&request);
    assert_eq!(
        json_body(&request),
        serde_json::json!({
            "FullName": "Augusta Ada King",
            "DateOfBirth": "1815-12-10",
            "ProfileIsPublic": true,
            "Password": "new-secret-passw0rd"
        })
    );
    assert!(confirmation.was_successful);
    let profiles = client.send(coworkers::profiles()).await.unwrap();
    assert_eq!(profiles.profiles[0].full_name, "Augusta Ada King");
    assert_eq!(profiles.profiles[1].full_name, "Ada Lovelace", "another profile changed");

    let bad = ProfileUpdate { billing_email: Some("not an address".to_owned()), ..ProfileUpdate::default() };
    let error = client.send(coworkers::update_profile(bad)).await.unwrap_err();
    let Error::Api(coworkers::UpdateProfileError::BadRequest(body)) = error else { panic!("got {error:?}") };
    assert_eq!(body.errors.unwrap()[0].property_name.as_deref(), Some("BillingEmail"));
}

#[tokio::test]
async fn save_settings_puts_an_array_for_one_of_the_users_profiles() {
    let (fake, client) = ada().await;
    let settings = vec![
        SettingValue { name: "Notifications.Email".to_owned(), value: "False".to_owned() },
        SettingValue { name: "Language".to_owned(), value: "en-GB".to_owned() },
    ];

    client.send(coworkers::save_settings(CoworkerId(ids::ADA_COMPANY), settings.clone())).await.unwrap();

    let request = last(&fake, "PUT", "/api/public/settings/values/1004584588", None);
    as_ada(&request);
    assert_eq!(
        json_body(&request),
        serde_json::json!([
            { "Name": "Notifications.Email", "Value": "False" },
            { "Name": "Language", "Value": "en-GB" }
        ])
    );
    assert_eq!(
        fake.profile_settings(ids::ADA_COMPANY),
        [("Notifications.Email".to_owned(), "False".to_owned()), ("Language".to_owned(), "en-GB".to_owned())]
    );
    // Not the active profile's: only the one named in the path changed.
    assert_eq!(fake.profile_settings(ids::ADA_PERSONAL)[0].1, "True");

    let error = client.send(coworkers::save_settings(CoworkerId(ids::CHARLES_PERSONAL), settings)).await.unwrap_err();
    assert!(matches!(error, Error::Api(coworkers::SaveSettingsError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn directory_filters_and_pages_the_published_members() {
    let (fake, client) = ada().await;

    let page = client.send(coworkers::directory().tag("maths").size(1)).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/coworkers/published", Some("tag=maths&size=1")));
    assert_eq!(page.total_items, Some(2));
    assert_eq!(page.has_next_page, Some(true));
    let member = &page.records[0];
    assert_eq!((member.id.0, member.full_name.as_str()), (ids::ADA_COMPANY, "Ada Lovelace"));
    assert_eq!(member.profile_tags_list, ["maths", "engines"]);
    assert_eq!(member.github, None, "only the single-profile answer has the socials");

    let found = client.send(coworkers::directory().query("somer")).await.unwrap();
    last(&fake, "GET", "/api/public/coworkers/published", Some("query=somer"));
    let names: Vec<&str> = found.records.iter().map(|member| member.full_name.as_str()).collect();
    assert_eq!(names, ["Mary Somerville"]);
}

#[tokio::test]
async fn directory_profile_is_wrapped_in_coworker() {
    let (fake, client) = ada_as(ids::ADA_COMPANY).await;

    let profile = client.send(coworkers::directory_profile(CoworkerId(ids::MARY))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/coworkers/published/1004584600", None));
    assert_eq!(profile.coworker.full_name, "Mary Somerville");
    assert_eq!(profile.coworker.github.as_deref(), Some("https://github.com/mary"));
    assert_eq!(profile.coworker.unique_id.to_string().len(), 36);

    let error = client.send(coworkers::directory_profile(CoworkerId(ids::ADA_PERSONAL))).await.unwrap_err();
    assert!(matches!(error, Error::Api(coworkers::DirectoryProfileError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn directory_meta_is_wrapped_in_meta() {
    let (fake, client) = ada().await;

    let meta = client.send(coworkers::directory_meta()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/coworkers/directory/meta", None));
    assert!(meta.meta.directory_enabled);
    assert_eq!(meta.meta.directory_contents, Some(2));
    let tags: Vec<(&str, i32)> = meta.meta.tags.iter().map(|tag| (tag.tag.as_str(), tag.count)).collect();
    assert_eq!(tags, [("engines", 2), ("maths", 2), ("astronomy", 1)]);
}
