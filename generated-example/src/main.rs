//! The members portal's flows through the generated client: sign in with
//! the password grant (the client's token source, on first use), switch the active profile and see the change, page
//! through the bookings, download an invoice's PDF, renew the token; then
//! the documented errors, typed, and the endpoints of our own, with a
//! streamed download and an event stream.
//!
//! Runs against an in-process fake portal on 127.0.0.1, or against the
//! server named by `PORTAL_BASE_URL`, signed in with `PORTAL_TOKEN` (no
//! sign-in step then) or with `PORTAL_USERNAME` and `PORTAL_PASSWORD`.

use std::process::ExitCode;

use endpointgen::auth::{Credentials, SatisfiedBy, Token, TokenCredentials, TokenError, TokenSource};
use endpointgen::{Bytes, Client, Endpoint, Error, FilePart, Paged, http};
use generated_example::fake_portal::{self, FakePortal};
use generated_example::login::PortalLogin;
use generated_example::portal::endpoints::coworkers::{self, ProfilesError, SetCurrentProfileError};
use generated_example::portal::endpoints::{billing, bookings, documents, exports, live, system, teams, token};
use generated_example::portal::{
    CoworkerId, CustomerProfiles, DocumentUpload, PasswordGrant, RefreshGrant, TokenGrant,
};

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

/// Where the demo runs, and how it signs in.
struct Setup {
    base_url: String,
    /// The fake portal, when no `PORTAL_BASE_URL` is set; it lives as long
    /// as this value.
    fake: Option<FakePortal>,
    /// A token to use as it is (`PORTAL_TOKEN`), or credentials to sign in
    /// with.
    sign_in: SignIn,
}

enum SignIn {
    Token(String),
    Password { username: String, password: String },
}

async fn setup() -> DemoResult<Setup> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if let Some(base_url) = var("PORTAL_BASE_URL") {
        let sign_in = match (var("PORTAL_TOKEN"), var("PORTAL_USERNAME"), var("PORTAL_PASSWORD")) {
            (Some(token), _, _) => SignIn::Token(token),
            (None, Some(username), Some(password)) => SignIn::Password { username, password },
            _ => return Err("with PORTAL_BASE_URL, set PORTAL_TOKEN, or PORTAL_USERNAME and PORTAL_PASSWORD".into()),
        };
        return Ok(Setup { base_url, fake: None, sign_in });
    }
    let fake = FakePortal::start().await?;
    Ok(Setup {
        base_url: fake.base_url().to_owned(),
        fake: Some(fake),
        sign_in: SignIn::Password {
            username: fake_portal::ADA_EMAIL.to_owned(),
            password: fake_portal::ADA_PASSWORD.to_owned(),
        },
    })
}

async fn run() -> DemoResult {
    let Setup { base_url, fake, sign_in } = setup().await?;
    let origin = if fake.is_some() { "the embedded fake portal" } else { "PORTAL_BASE_URL" };
    println!("Members Portal API at {base_url} ({origin})");
    let anonymous = Client::new(&base_url)?;
    // The portal's web app sends `X-Use-Timezone: true` with every call.
    let builder = Client::builder(&base_url).default_header("X-Use-Timezone", "true");

    let (client, signed_in) = match sign_in {
        SignIn::Token(token) => {
            println!("\nUsing the token in PORTAL_TOKEN: no sign-in.");
            let given = TokenCredentials::new(NoSignIn).with_token(Token::new(&token));
            (builder.build()?.credentials(given), None)
        }
        SignIn::Password { username, password } => {
            step(1, "sign in with the password grant (a form body, a snake_case answer), through a token source");
            let login = PortalLogin::new(&base_url, &username, &password)?;
            // Sans-IO: the request exists before anything is sent. The
            // client sends it when a request first needs a token, keeps the
            // token, and renews it with the refresh grant when it expires.
            show_request(&login.request(None)?);
            // `Debug` hides the password.
            println!("  ({login:?} signs in on the first request that needs a token)");
            (builder.build()?.token_source(login), Some((username, password)))
        }
    };
    switch_profiles(&client, fake.as_ref()).await?;
    if let Some(fake) = &fake {
        let sign_ins = fake.requests().iter().filter(|request| request.path == "/api/token").count();
        println!("  (the portal got {sign_ins} sign-in for the requests so far)");
    }
    page_bookings(&client).await?;
    download_invoice(&client, &anonymous).await?;
    if let Some((username, password)) = signed_in {
        refresh(&anonymous, &username, password).await?;
    }
    documented_errors(&client, &base_url, fake.as_ref()).await?;
    our_own_endpoints(&anonymous, fake.as_ref()).await?;
    upload_document(&client, fake.as_ref()).await?;
    streamed_answers(&client, fake.as_ref()).await?;
    println!("\nDone: every step got the typed result it expected.");
    Ok(())
}

/// The "Switch Active Profile" page: list, switch, list again, benefits.
async fn switch_profiles(client: &Client<TokenCredentials>, fake: Option<&FakePortal>) -> DemoResult {
    step(2, "list the profiles of this account (with the X-Use-Timezone: true default header)");
    let profiles = send_shown(client, coworkers::profiles()).await?;
    show_profiles(&profiles);
    if let Some(received) = fake.and_then(FakePortal::last_request) {
        println!("  (the server got X-Use-Timezone: {})", received.header("x-use-timezone").unwrap_or_default());
    }
    let before = active_profile(&profiles).ok_or("no profile is active")?;
    let target = profiles
        .profiles
        .iter()
        .find(|profile| profile.id != before && fake.is_none_or(|_| profile.id.0 != fake_portal::ids::ADA_DEACTIVATED))
        .map(|profile| profile.id)
        .ok_or("the account has only one profile: nothing to switch to")?;

    step(3, "switch the active profile");
    let confirmation = send_shown(client, coworkers::set_current_profile(target)).await?;
    println!(
        "  ← WasSuccessful: {}, Status: {:?}, Message: {:?}",
        confirmation.was_successful, confirmation.status, confirmation.message
    );

    step(4, "list again: the active profile changed");
    let profiles = send_shown(client, coworkers::profiles()).await?;
    show_profiles(&profiles);
    let after = active_profile(&profiles).ok_or("no profile is active")?;
    if after != target {
        return Err(format!("the active profile is {} after switching to {}", after.0, target.0).into());
    }
    println!("  active profile: {} → {}", before.0, after.0);

    step(5, "benefits of the active profile");
    let benefits = send_shown(client, coworkers::current_benefits()).await?;
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

    step(6, "an endpoint of our own (api-spec/portal-extras.yaml): the active profile's teams");
    let teams = send_shown(client, teams::my()).await?;
    println!("  ← {} teams", teams.len());
    for team in &teams {
        let members: Vec<String> = team
            .members
            .iter()
            .map(|member| format!("{}{}", member.full_name, if member.is_team_admin { " (admin)" } else { "" }))
            .collect();
        println!("  ← team {:?}: {}", team.name, members.join(", "));
    }

    // Back to the first profile, whose bookings and invoices come next.
    send_shown(client, coworkers::set_current_profile(before)).await?;
    println!("  ← switched back to {}", before.0);
    Ok(())
}

/// `client.pages` asks for page after page while `HasNextPage` says so;
/// `client.items` streams the bookings of every page.
async fn page_bookings(client: &Client<TokenCredentials>) -> DemoResult {
    step(7, "page through the bookings, three at a time");
    let first = bookings::my().size(3);
    // The stream makes the next request from the last page; the same call
    // shows what it sends.
    let mut shown = Some(first.clone());
    let mut pages = client.pages(first);
    while let Some(page) = pages.next().await {
        let endpoint = shown.take().ok_or("a page came that was not asked for")?;
        show_request(&endpoint.to_request(client.base_url())?);
        let page = page?;
        let numbers: Vec<String> = page
            .records
            .iter()
            .map(|booking| format!("{} {} {}", booking.id.0, booking.from_time, booking.resource_name))
            .collect();
        println!(
            "  ← page {} of {}: {}",
            page.current_page.unwrap_or_default(),
            page.total_pages.unwrap_or_default(),
            numbers.join("; ")
        );
        // Page numbers are in the body: the next request is known without
        // the response's headers.
        shown = match endpoint.next_page(&page, &http::HeaderMap::new()) {
            Some(endpointgen::NextPage::Endpoint(next)) => Some(next),
            _ => None,
        };
    }

    let mut upcoming = client.items(bookings::my().show_upcoming(true).size(3));
    let mut count = 0;
    while let Some(booking) = upcoming.next().await {
        let booking = booking?;
        count += 1;
        // Wall-clock times without an offset: no instant is claimed.
        if count == 1 {
            println!(
                "  ← next booking: {} to {} (offset: {:?})",
                booking.from_time,
                booking.to_time,
                booking.from_time.offset_minutes()
            );
        }
    }
    println!("  ← {count} upcoming bookings in all, through `client.items`");
    Ok(())
}

/// A link token, then the PDF of the newest invoice through a client
/// without the bearer token, as the portal opens the link.
async fn download_invoice(client: &Client<TokenCredentials>, anonymous: &Client) -> DemoResult {
    step(8, "download an invoice as a PDF");
    let invoices = send_shown(client, billing::invoices()).await?;
    let Some(invoice) = invoices.records.first() else {
        println!("  ← no invoices: nothing to download");
        return Ok(());
    };
    println!("  ← invoice {} of {}, due {}", invoice.invoice_number, invoice.total_formated, invoice.due_date);
    let link = send_shown(client, token::download_token()).await?.into_value();
    println!("  ← {link:?}, {} characters", link.0.len());
    let pdf: Bytes = send_shown(anonymous, billing::invoice_pdf(invoice.id, link)).await?;
    let start = String::from_utf8_lossy(pdf.get(..8).unwrap_or_default()).into_owned();
    println!("  ← {} bytes of PDF, starting {start:?}", pdf.len());
    if !pdf.starts_with(b"%PDF-") {
        return Err("the invoice is not a PDF".into());
    }
    Ok(())
}

/// The refresh grant by hand, as the token source sends it when a token
/// expires: new tokens, and the old refresh token is spent.
async fn refresh(anonymous: &Client, username: &str, password: String) -> DemoResult {
    step(9, "renew the token with the refresh grant (and the client_id header), by hand");
    let grant = PasswordGrant { username: username.to_owned(), password, totp: None, client_id: None };
    let tokens = send_shown(anonymous, token::grant(TokenGrant::Password(grant))).await?;
    // `Debug` hides the tokens.
    println!("  ← {tokens:?}");
    let grant = || {
        let grant = RefreshGrant { refresh_token: tokens.refresh_token.clone() };
        token::grant(TokenGrant::RefreshToken(grant)).client_id(username)
    };
    let renewed = send_shown(anonymous, grant()).await?;
    println!("  ← {renewed:?}");
    let works = anonymous.clone().bearer(&renewed.access_token).send(coworkers::profiles()).await.is_ok();
    println!("  ← the new access token works: {works}");
    match anonymous.send(grant()).await {
        Err(Error::Api(token::GrantError::Refused(refusal))) => {
            println!("  ← the old refresh token again: GrantError::Refused, error {:?}", refusal.error);
        }
        other => return Err(format!("expected the old refresh token to be refused, got {other:?}").into()),
    }
    Ok(())
}

async fn documented_errors(client: &Client<TokenCredentials>, base_url: &str, fake: Option<&FakePortal>) -> DemoResult {
    step(10, "a documented error: switch to a profile of another account (404)");
    let unknown = CoworkerId(fake.map_or(1, |_| fake_portal::ids::CHARLES_PERSONAL));
    match send_shown(client, coworkers::set_current_profile(unknown)).await {
        Err(Error::Api(SetCurrentProfileError::NotFound(body))) => {
            println!("  ← Error::Api(SetCurrentProfileError::NotFound), body: {body}");
        }
        other => return Err(format!("expected NotFound, got {other:?}").into()),
    }

    step(11, "a documented error: a bad token (401)");
    let stranger = Client::new(base_url)?.bearer("not-a-valid-token");
    match send_shown(&stranger, coworkers::profiles()).await {
        Err(Error::Api(ProfilesError::Unauthorized(body))) => {
            println!("  ← Error::Api(ProfilesError::Unauthorized), body: {body}");
        }
        other => return Err(format!("expected Unauthorized, got {other:?}").into()),
    }

    let Some(fake) = fake else { return Ok(()) };
    step(12, "a business-rule failure on HTTP 200 (WasSuccessful: false)");
    let deactivated = CoworkerId(fake_portal::ids::ADA_DEACTIVATED);
    match send_shown(client, coworkers::set_current_profile(deactivated)).await {
        Err(Error::Rejected(rejection)) => println!("  ← Error::Rejected: {rejection}"),
        other => return Err(format!("expected Rejected, got {other:?}").into()),
    }

    step(13, "throttled: two 409s with Retry-After, then the answer");
    fake.throttle_next(2);
    let before = fake.requests().len();
    let profiles = send_shown(client, coworkers::profiles()).await?;
    let attempts = fake.requests().len() - before;
    println!(
        "  ← {} profiles, after {attempts} attempts (the client waited and sent it again)",
        profiles.profiles.len()
    );
    Ok(())
}

async fn our_own_endpoints(anonymous: &Client, fake: Option<&FakePortal>) -> DemoResult {
    if fake.is_none() {
        return Ok(());
    }
    step(14, "a public endpoint of our own, sent without a token");
    let space = send_shown(anonymous, system::business_by_host(fake_portal::SPACE_HOST)).await?;
    println!("  ← space {} ({})", space.id.0, space.web_address);
    Ok(())
}

/// The token source of a client given `PORTAL_TOKEN`: that token is used
/// until the portal refuses it, and then there is no password to sign in
/// again with.
#[derive(Debug)]
struct NoSignIn;

impl TokenSource for NoSignIn {
    fn request(&self, _refresh_token: Option<&str>) -> Result<http::Request<Vec<u8>>, TokenError> {
        Err(TokenError::invalid_request("the portal refused PORTAL_TOKEN, and there is no password to sign in with"))
    }
}

/// A download read as it arrives and written to a file with constant
/// memory, and an event stream that the server closes after a few events,
/// resumed from the last event id.
async fn streamed_answers(client: &Client<TokenCredentials>, fake: Option<&FakePortal>) -> DemoResult {
    if fake.is_none() {
        return Ok(());
    }
    step(16, "a streamed download of our own: the bookings as CSV, written to a file as it arrives");
    let mut csv = send_shown(client, exports::bookings_csv()).await?;
    let path = std::env::temp_dir().join(format!("portal-bookings-{}.csv", std::process::id()));
    let mut file = tokio::fs::File::create(&path).await?;
    let written = csv.write_to(&mut file).await?;
    drop(file);
    let rows = std::fs::read_to_string(&path)?.lines().count();
    std::fs::remove_file(&path)?;
    println!("  ← {written} bytes, {rows} lines, written to a temporary file");

    step(17, "Server-Sent Events of our own: the occupancy, resumed with Last-Event-ID when the server closes");
    let endpoint = live::occupancy();
    let mut events = send_shown(client, endpoint.clone()).await?;
    let mut connections = 1;
    loop {
        while let Some(event) = events.event().await {
            let event = event?;
            let id = event.id.as_deref().unwrap_or("-");
            println!("  ← {} #{id}: {} of {} present", event.event, event.data.present, event.data.capacity);
        }
        // The fake sends five events, three per connection.
        if events.last_event_id() == Some("5") || connections == 3 {
            break;
        }
        let from = events.resume_from();
        println!("  … the server closed the stream; resuming after {from:?}");
        events = client.resume(endpoint.clone(), &from).await?;
        connections += 1;
    }
    if events.last_event_id() != Some("5") {
        return Err("the event stream did not get all its events".into());
    }
    Ok(())
}

/// An upload of our own: a JSON part and a file part read from a path as it
/// is sent (`to_request`, which holds a body in memory, refuses such a part,
/// so the request is described rather than printed).
async fn upload_document(client: &Client<TokenCredentials>, fake: Option<&FakePortal>) -> DemoResult {
    if fake.is_none() {
        return Ok(());
    }
    step(15, "upload a document (multipart: text parts, then a file streamed from disk)");
    let path = std::env::temp_dir().join(format!("endpointgen-demo-{}.pdf", std::process::id()));
    std::fs::write(&path, b"%PDF-1.4\n% a signed contract\n%%EOF\n")?;
    let upload = DocumentUpload { title: "Signed contract".into(), note: None, file: FilePart::from_path(&path) };
    println!("  → POST /api/public/documents, multipart/form-data: Title, File ({})", path.display());
    let stored = client.send(documents::upload(upload)).await;
    std::fs::remove_file(&path)?;
    let stored = stored?;
    println!(
        "  ← document {} {:?}: {} ({}, {} bytes)",
        stored.id, stored.title, stored.file_name, stored.content_type, stored.size
    );
    Ok(())
}

fn step(number: u32, title: &str) {
    println!("\n{number}. {title}");
}

/// Prints the request an endpoint makes (it is sans-IO: the request exists
/// before anything is sent), then sends it.
async fn send_shown<C, E>(client: &Client<C>, endpoint: E) -> Result<E::Output, Error<E::Error>>
where
    C: Credentials,
    E: Endpoint,
    E::Auth: SatisfiedBy<C, E>,
{
    show_request(&endpoint.to_request(client.base_url())?);
    client.send(endpoint).await
}

/// Secrets that a printed request must not show: form fields and the
/// `?t=` link token.
const SECRET_FIELDS: &[&str] = &["password", "refresh_token", "totp", "t"];

/// `→ METHOD /path?query`, the endpoint's own headers, and the body, with
/// secrets masked.
fn show_request(request: &http::Request<Vec<u8>>) {
    let query = request.uri().query().map(|query| format!("?{}", redact_pairs(query))).unwrap_or_default();
    println!("  → {} {}{query}", request.method(), request.uri().path());
    for (name, value) in request.headers() {
        if name != http::header::ACCEPT && name != http::header::CONTENT_TYPE {
            println!("    {name}: {}", value.to_str().unwrap_or("<binary>"));
        }
    }
    let body = request.body();
    if body.is_empty() {
        return;
    }
    let form = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|content_type| content_type.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
    let text = String::from_utf8_lossy(body);
    let shown = if form { redact_pairs(&text) } else { text.into_owned() };
    let shown: String =
        if shown.chars().count() > 160 { format!("{}…", shown.chars().take(160).collect::<String>()) } else { shown };
    println!("    {shown}");
}

/// `a=1&password=x` → `a=1&password=<redacted>`.
fn redact_pairs(pairs: &str) -> String {
    pairs
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if SECRET_FIELDS.contains(&name) => format!("{name}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
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
