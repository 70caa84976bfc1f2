//! The portal flow of the "Switch Active Profile" page, through the
//! generated client: list profiles, switch to another one, list again to see
//! the change, read the benefits; then the documented errors, typed.
//!
//! Runs against an in-process fake portal on 127.0.0.1, or against the
//! server named by `PORTAL_BASE_URL` with the token in `PORTAL_TOKEN`.

use std::process::ExitCode;

use endpointgen::auth::{BearerToken, SatisfiedBy};
use endpointgen::{Client, Endpoint, Error};
use generated_example::fake_portal::{self, FakePortal};
use generated_example::portal::endpoints::coworkers::{self, ProfilesError, SetCurrentProfileError};
use generated_example::portal::endpoints::{system, teams};
use generated_example::portal::{CoworkerId, CustomerProfiles};

type DemoResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nthe demo failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> DemoResult {
    // The fake portal lives as long as this binding.
    let (base_url, token, fake) = match (std::env::var("PORTAL_BASE_URL"), std::env::var("PORTAL_TOKEN")) {
        (Ok(base_url), Ok(token)) => (base_url, token, None),
        _ => {
            let fake = FakePortal::start().await?;
            (fake.base_url().to_owned(), fake_portal::ADA_TOKEN.to_owned(), Some(fake))
        }
    };
    let origin = if fake.is_some() { "the embedded fake portal" } else { "PORTAL_BASE_URL" };
    println!("Members Portal API at {base_url} ({origin})");
    let client = Client::new(&base_url)?.bearer(&token);

    step(1, "list the profiles of this account");
    let profiles = send_shown(&client, coworkers::profiles()).await?;
    show_profiles(&profiles);
    let before = active_profile(&profiles).ok_or("no profile is active")?;
    let target = profiles
        .profiles
        .iter()
        .find(|profile| {
            profile.id != before && fake.as_ref().is_none_or(|_| profile.id.0 != fake_portal::ids::ADA_DEACTIVATED)
        })
        .map(|profile| profile.id)
        .ok_or("the account has only one profile: nothing to switch to")?;

    step(2, "switch the active profile");
    let confirmation = send_shown(&client, coworkers::set_current_profile(target)).await?;
    println!(
        "  ← WasSuccessful: {}, Status: {:?}, Message: {:?}",
        confirmation.was_successful, confirmation.status, confirmation.message
    );

    step(3, "list again: the active profile changed");
    let profiles = send_shown(&client, coworkers::profiles()).await?;
    show_profiles(&profiles);
    let after = active_profile(&profiles).ok_or("no profile is active")?;
    if after != target {
        return Err(format!("the active profile is {} after switching to {}", after.0, target.0).into());
    }
    println!("  active profile: {} → {}", before.0, after.0);

    step(4, "benefits of the active profile");
    let benefits = send_shown(&client, coworkers::current_benefits()).await?;
    for credit in &benefits.personal.booking_credits {
        println!("  ← credit {:?}: {} of {} left", credit.name, credit.remaining_credit, credit.total_credit);
    }
    for service in &benefits.personal.extra_services {
        println!(
            "  ← service {:?}: {:?} of {:?} uses left",
            service.extra_service.name, service.remaining_uses, service.total_uses
        );
    }
    for pass in &benefits.personal.time_passes {
        println!("  ← pass {:?}: {:?} of {:?} left", pass.time_pass.name, pass.remaining_uses, pass.total_uses);
    }

    step(5, "a documented error: switch to a profile of another account (404)");
    let unknown = CoworkerId(fake.as_ref().map_or(1, |_| fake_portal::ids::CHARLES_PERSONAL));
    match send_shown(&client, coworkers::set_current_profile(unknown)).await {
        Err(Error::Api(SetCurrentProfileError::NotFound(body))) => {
            println!("  ← Error::Api(SetCurrentProfileError::NotFound), body: {body}");
        }
        other => return Err(format!("expected NotFound, got {other:?}").into()),
    }

    step(6, "a documented error: a bad token (401)");
    let stranger = Client::new(&base_url)?.bearer("not-a-valid-token");
    match send_shown(&stranger, coworkers::profiles()).await {
        Err(Error::Api(ProfilesError::Unauthorized(body))) => {
            println!("  ← Error::Api(ProfilesError::Unauthorized), body: {body}");
        }
        other => return Err(format!("expected Unauthorized, got {other:?}").into()),
    }

    step(7, "endpoints of our own, from api-spec/portal-extras.yaml, in the same client");
    let teams = send_shown(&client, teams::my().only_as_admin(true)).await?;
    for team in &teams {
        let members: Vec<&str> = team.members.iter().map(|member| member.full_name.as_str()).collect();
        println!("  ← team {:?}: {}", team.name, members.join(", "));
    }
    if fake.is_some() {
        // Public: sent by a client without a token.
        let anonymous = Client::new(&base_url)?;
        let endpoint = system::business_by_host(fake_portal::SPACE_HOST);
        let request = endpoint.to_request(anonymous.base_url())?;
        println!("  → {} {}", request.method(), request.uri().path_and_query().map_or("", |target| target.as_str()));
        let space = anonymous.send(endpoint).await?;
        println!("  ← space {} ({})", space.id, space.web_address);

        step(8, "a business-rule failure on HTTP 200 (WasSuccessful: false)");
        let deactivated = CoworkerId(fake_portal::ids::ADA_DEACTIVATED);
        match send_shown(&client, coworkers::set_current_profile(deactivated)).await {
            Err(Error::Rejected(rejection)) => println!("  ← Error::Rejected: {rejection}"),
            other => return Err(format!("expected Rejected, got {other:?}").into()),
        }
    }
    println!("\nDone: every step got the typed result it expected.");
    Ok(())
}

fn step(number: u32, title: &str) {
    println!("\n{number}. {title}");
}

/// Prints the request an endpoint makes (it is sans-IO: the request exists
/// before anything is sent), then sends it.
async fn send_shown<E>(client: &Client<BearerToken>, endpoint: E) -> Result<E::Output, Error<E::Error>>
where
    E: Endpoint,
    E::Auth: SatisfiedBy<BearerToken, E>,
{
    let request = endpoint.to_request(client.base_url())?;
    let target = request.uri().path_and_query().map_or("", |target| target.as_str());
    println!("  → {} {target}", request.method());
    client.send(endpoint).await
}

fn show_profiles(profiles: &CustomerProfiles) {
    if let Some(user) = &profiles.user {
        // `Debug` hides the session token the portal hands back.
        println!("  ← user: {user:?}");
    }
    for profile in &profiles.profiles {
        let marker = if profile.active { "*" } else { " " };
        let company = profile.company_name.as_deref().map(|name| format!(" ({name})")).unwrap_or_default();
        println!("  ← {marker} {} {}{company}", profile.id.0, profile.full_name);
    }
}

fn active_profile(profiles: &CustomerProfiles) -> Option<CoworkerId> {
    profiles.profiles.iter().find(|profile| profile.active).map(|profile| profile.id)
}
