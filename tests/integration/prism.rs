//! Conformance, judged by a tool nobody here wrote: the generated portal
//! client against Stoplight Prism (`tools/prism`, pinned to 5.14.2) in mock
//! mode with `--errors`, serving the OpenAPI export of the portal's spec.
//! With `--errors`, Prism answers a request that breaks the document (a
//! wrong path, parameter, header, body or missing credential) with an error
//! status instead of the mock.
//!
//! Every endpoint is sent once and must get its success status with no
//! `sl-violations` header, and be decoded from Prism's mock answer. Then one
//! deliberately broken body per body schema must get 422, and a request
//! without its token 401, so that a green run means Prism checked something:
//! it skips schemas it cannot check, such as a bare `nullable: true` (the
//! export writes `any` as `{}`), and compares query parameter names without
//! case.
//!
//! The tests install Prism with `npm ci` from `tools/prism/package-lock.json`
//! when `tools/prism/node_modules` does not hold it, and start its binary from
//! `node_modules/.bin` (not through `npx`, whose child would outlive a kill).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use endpointgen::auth::{BearerToken, SatisfiedBy};
use endpointgen::{BaseUrl, Client, Endpoint, Exchange, Hook};
use endpointgen_codegen::ir::{Group, Response};
use generated_example::portal::endpoints::{
    billing, bookings, coworkers, deliveries, documents, events, exports, helpdesk, live, plans, resources, system,
    teams, token, visitors,
};
use generated_example::portal::{
    AvailabilityRequest, Basket, BasketBooking, BasketItem, BasketItemType, BookingId, BusinessId, CalendarEventId,
    CancelBooking, CancelPlan, ContractId, CoworkerId, DeliveryId, DeliveryInput, DocumentUpload, EventAttendeeId,
    HelpDeskMessageId, InvoiceId, LinkToken, NewHelpDeskMessage, NewVisitor, PasswordGrant, PriceRequest,
    ProfileUpdate, RefreshGrant, ResourceId, SettingValue, TokenGrant, VisitorId,
};

/// The version `tools/prism/package.json` pins: the last that runs on
/// Node 20.
const PRISM_VERSION: &str = "5.14.2";

/// The bearer token sent; Prism checks that there is one.
const TOKEN: &str = "prism-token";

fn prism_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/prism")
}

fn version_of(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Prism's binary, installed first if `tools/prism/node_modules` does not
/// hold the pinned version: once, however many tests start Prism at once
/// (two `npm ci` in one folder break each other).
fn install() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED.get_or_init(install_now).clone()
}

fn install_now() -> PathBuf {
    let dir = prism_dir();
    let binary = dir.join("node_modules/.bin/prism");
    if version_of(&binary).as_deref() == Some(PRISM_VERSION) {
        return binary;
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool).arg("--version").output().is_ok_and(|output| output.status.success());
        assert!(
            found,
            "the Prism conformance tests need Node.js 20 (or later) and npm, and `{tool}` is not on PATH: install \
             them (Debian and Ubuntu: `apt-get install nodejs npm`; or https://nodejs.org), then run the tests \
             again; they install Prism {PRISM_VERSION} themselves with `npm ci` in tools/prism"
        );
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .output()
        .expect("npm does not run");
    assert!(
        output.status.success(),
        "`npm ci` in {} failed:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let version = version_of(&binary);
    assert_eq!(version.as_deref(), Some(PRISM_VERSION), "`npm ci` installed another Prism");
    binary
}

/// A Prism mock server on 127.0.0.1, stopped when dropped.
pub(crate) struct Prism {
    child: Child,
    pub(crate) base_url: String,
}

impl Prism {
    /// Exports the portal's spec to `name`.openapi.yaml and serves it.
    fn serve_portal(name: &str) -> Self {
        Self::serve(&export_portal(name), name)
    }

    /// Serves `document` in mock mode with `--errors`, logging to
    /// `name`.prism.log under the target directory.
    pub(crate) fn serve(document: &Path, name: &str) -> Self {
        Self::start(document, name, &["mock", "--errors"], &[])
    }

    /// Starts Prism on `document` with `mode` (`mock …` or `proxy`) and
    /// `after` (the upstream of a proxy), on a free port of 127.0.0.1.
    ///
    /// Prism runs under a shell that stops it when this process's end
    /// closes its standard input, so that a Prism kept for the whole test
    /// run (in a `static`, which is never dropped) does not outlive it.
    pub(crate) fn start(document: &Path, name: &str, mode: &[&str], after: &[&str]) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prism");
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join(format!("{name}.prism.log"));
        // The port is free when asked for but Prism binds it later: another
        // test may take it in between, so a port found taken is tried again
        // with another.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let log_file = std::fs::File::create(&log).unwrap();
            let child = Command::new("sh")
                .args([
                    "-c",
                    // An asynchronous command's input is /dev/null unless
                    // redirected: the watcher reads the pipe through fd 3.
                    r#"exec 3<&0; "$@" </dev/null & prism=$!; (cat <&3 >/dev/null; kill $prism 2>/dev/null) & wait $prism"#,
                    "sh",
                ])
                .arg(install())
                .args(mode)
                .arg(document)
                .args(after)
                .args(["-h", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::piped())
                .stdout(log_file.try_clone().unwrap())
                .stderr(log_file)
                .spawn()
                .expect("Prism does not start");
            let mut prism = Self { child, base_url: format!("http://127.0.0.1:{port}") };
            // Prism reads the document before it listens: wait for its word.
            let started = Instant::now();
            loop {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                if text.contains("Prism is listening") {
                    return prism;
                }
                let exited = prism.child.try_wait().unwrap();
                if exited.is_some() && text.contains("EADDRINUSE") {
                    break;
                }
                assert!(
                    exited.is_none() && started.elapsed() < Duration::from_secs(300),
                    "Prism did not start on {} ({exited:?}):\n{text}",
                    document.display()
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        panic!("Prism found five ports taken in a row for {}", document.display());
    }
}

/// Exports the portal's spec to `name`.openapi.yaml under the target
/// directory.
pub(crate) fn export_portal(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prism");
    std::fs::create_dir_all(&dir).unwrap();
    let document = dir.join(format!("{name}.openapi.yaml"));
    let exported = endpointgen_codegen::export_openapi(&portal_inputs(), endpointgen_codegen::OpenApiFormat::Yaml)
        .unwrap_or_else(|error| panic!("the portal does not export:\n{error}"));
    std::fs::write(&document, exported).unwrap();
    document
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn portal_inputs() -> Vec<endpointgen_codegen::Input> {
    ["../api-spec/portal.yaml", "../api-spec/portal-extras.yaml"]
        .into_iter()
        .map(|file| endpointgen_codegen::Input::file(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)))
        .collect()
}

/// What the spec says of each endpoint, by method and path template:
/// whether it has a body (and of which type), and whether its response is
/// empty.
#[derive(Debug)]
struct Expected {
    name: String,
    body: Option<String>,
    empty_response: bool,
}

fn expected() -> BTreeMap<(String, String), Expected> {
    fn walk(group: &Group, path: &mut Vec<String>, out: &mut BTreeMap<(String, String), Expected>) {
        for endpoint in &group.endpoints {
            let name = path.iter().chain([&endpoint.fn_name]).cloned().collect::<Vec<_>>().join("::");
            out.insert(
                (endpoint.method.as_str().to_owned(), endpoint.path_template.clone()),
                Expected {
                    name,
                    body: endpoint.body.as_ref().map(|body| format!("{:?}", body.ty)),
                    empty_response: endpoint.response == Response::Empty,
                },
            );
        }
        for child in &group.groups {
            path.push(child.rust_name.clone());
            walk(child, path, out);
            path.pop();
        }
    }
    let (api, _) = endpointgen_codegen::load(&portal_inputs()).unwrap();
    let mut out = BTreeMap::new();
    walk(&api.root, &mut Vec::new(), &mut out);
    out
}

/// A response's status and `sl-violations` header.
type Seen = (u16, Option<String>);

/// What each response was.
#[derive(Clone, Default)]
struct Responses(Arc<Mutex<Vec<Seen>>>);

impl Hook for Responses {
    fn on_response(&self, exchange: &Exchange<'_>) {
        let violations = exchange
            .headers
            .and_then(|headers| headers.get("sl-violations"))
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        self.0.lock().unwrap().push((exchange.status.map_or(0, |status| status.as_u16()), violations));
    }
}

/// Sends endpoints to Prism and collects what went wrong, all of it.
struct Conformance {
    client: Client<BearerToken>,
    responses: Responses,
    expected: BTreeMap<(String, String), Expected>,
    sent: BTreeSet<(String, String)>,
    failures: Vec<String>,
    /// A request for each body schema, as the client built it.
    bodies: BTreeMap<String, endpointgen::http::Request<Vec<u8>>>,
}

impl Conformance {
    fn new(prism: &Prism) -> Self {
        let responses = Responses::default();
        let client = Client::builder(&prism.base_url)
            .hook(responses.clone())
            // Prism's mock answers are not worth a retry.
            .retry(endpointgen::RetryPolicy::never())
            .build()
            .unwrap()
            .bearer(TOKEN);
        Self {
            client,
            responses,
            expected: expected(),
            sent: BTreeSet::new(),
            failures: Vec::new(),
            bodies: BTreeMap::new(),
        }
    }

    async fn check<E>(&mut self, endpoint: E)
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<BearerToken, E>,
        E::Output: std::fmt::Debug,
        E::Error: std::fmt::Debug,
    {
        let key = (E::METHOD.as_str().to_owned(), E::PATH.to_owned());
        let Some(expected) = self.expected.get(&key) else {
            self.failures.push(format!("{} {}: not an endpoint of the spec", key.0, key.1));
            return;
        };
        let name = expected.name.clone();
        if let Some(body) = &expected.body
            && !self.bodies.contains_key(body)
        {
            let mut request = endpoint.to_request(self.client.base_url()).unwrap();
            // The client adds its credential when it sends.
            let bearer = endpointgen::http::HeaderValue::from_static(concat!("Bearer ", "prism-token"));
            request.headers_mut().insert(endpointgen::http::header::AUTHORIZATION, bearer);
            self.bodies.insert(body.clone(), request);
        }
        let empty_response = expected.empty_response;
        self.sent.insert(key);
        self.responses.0.lock().unwrap().clear();
        let result = self.client.send(endpoint).await;
        let responses = std::mem::take(&mut *self.responses.0.lock().unwrap());
        let [(status, violations)] = responses.as_slice() else {
            self.failures.push(format!("{name}: {} responses, not one: {result:?}", responses.len()));
            return;
        };
        // The export gives a response with a body as 200, an empty one as
        // any success (`2XX`).
        let status_expected = if empty_response { (200..300).contains(status) } else { *status == 200 };
        if !status_expected {
            self.failures.push(format!("{name}: status {status}: {result:?}"));
        }
        if let Some(violations) = violations {
            self.failures.push(format!("{name}: sl-violations: {violations}"));
        }
        if let Err(error) = result {
            self.failures.push(format!("{name}: the mock answer does not decode: {error}"));
        }
    }
}

fn at(text: &str) -> endpointgen::DateTime {
    text.parse().unwrap()
}

/// Every endpoint of the portal, with values of the types the spec gives.
async fn send_every_endpoint(conformance: &mut Conformance) {
    let from = at("2026-12-01T09:00:00Z");
    let to = at("2026-12-01T17:00:00Z");

    // token
    let grant = PasswordGrant {
        username: "ada@example.com".to_owned(),
        password: "p&ss=word".to_owned(),
        totp: Some("314159".to_owned()),
        client_id: None,
    };
    conformance.check(token::grant(TokenGrant::Password(grant))).await;
    conformance.check(token::download_token()).await;

    // coworkers
    conformance.check(coworkers::profiles()).await;
    conformance.check(coworkers::set_current_profile(CoworkerId(42))).await;
    conformance.check(coworkers::current_benefits()).await;
    let update = ProfileUpdate { full_name: Some("Ada Lovelace".to_owned()), ..ProfileUpdate::default() };
    conformance.check(coworkers::update_profile(update)).await;
    let settings = vec![SettingValue { name: "Language".to_owned(), value: "en-GB".to_owned() }];
    conformance.check(coworkers::save_settings(CoworkerId(42), settings)).await;
    conformance.check(coworkers::directory().page(2)).await;
    conformance.check(coworkers::directory_profile(CoworkerId(7))).await;
    conformance.check(coworkers::directory_meta()).await;

    // bookings
    conformance.check(bookings::my()).await;
    conformance.check(bookings::get(BookingId(12))).await;
    let reason = CancelBooking {
        id: BookingId(12),
        cancellation_reason: Some("Plans changed".to_owned()),
        cancellation_reason_details: None,
    };
    conformance.check(bookings::cancel(BookingId(12)).body(reason)).await;
    let availability = AvailabilityRequest {
        resource_id: ResourceId(3),
        from_time: from.clone(),
        to_time: to.clone(),
        coworker_id: None,
        booking_id: None,
    };
    conformance.check(bookings::availability(availability)).await;
    let price = PriceRequest {
        resource_id: ResourceId(3),
        from_time: from.clone(),
        to_time: to.clone(),
        charge_now: true,
        booking_visitors: None,
        booking_products: None,
        custom_fields: None,
    };
    conformance.check(bookings::price(price)).await;
    conformance.check(bookings::cancellation_fee(BookingId(12))).await;
    conformance.check(bookings::cancellation_policies(ResourceId(3))).await;
    let basket = || Basket {
        basket: vec![BasketItem {
            r#type: BasketItemType::Booking,
            booking: Some(BasketBooking {
                id: BookingId(0),
                unique_id: endpointgen::Uuid::from_u128(0x0123_4567_89ab_cdef),
                resource_id: ResourceId(3),
                from_time: from.clone(),
                to_time: to.clone(),
                charge_now: true,
                booking_visitors: None,
                booking_products: None,
                custom_fields: None,
            }),
        }],
        agreed_terms_and_conditions: true,
        create_zero_value_invoice: None,
        discount_code: None,
    };
    conformance.check(bookings::preview_basket(basket())).await;
    conformance.check(bookings::checkout_basket(basket())).await;

    // resources
    conformance.check(resources::summary()).await;
    conformance.check(resources::details()).await;
    conformance.check(resources::products(ResourceId(3))).await;

    // visitors
    conformance.check(visitors::my()).await;
    let visitor = NewVisitor {
        business_id: BusinessId(1),
        full_name: "Charles Babbage".to_owned(),
        email: Some("charles@example.com".to_owned()),
        phone_number: None,
        expected_arrival: from.clone(),
        customer_notes: None,
    };
    conformance.check(visitors::register(vec![visitor])).await;
    conformance.check(visitors::delete(VisitorId(5))).await;

    // deliveries
    conformance.check(deliveries::my(true)).await;
    conformance.check(deliveries::get(DeliveryId(8))).await;
    conformance.check(deliveries::mark_as_collected(DeliveryId(8))).await;
    let delivery = DeliveryInput { name: Some("A parcel".to_owned()), ..DeliveryInput::default() };
    conformance.check(deliveries::save(delivery)).await;

    // billing
    conformance.check(billing::invoices().paid(true).credit_notes(false)).await;
    conformance.check(billing::invoice_pdf(InvoiceId(9), LinkToken("lnk-1".to_owned()))).await;
    conformance.check(billing::contracts()).await;

    // plans
    conformance.check(plans::my()).await;
    conformance.check(plans::cancel(CancelPlan { contract_id: ContractId(4) })).await;
    conformance.check(plans::published()).await;

    // events
    conformance.check(events::my(true)).await;
    conformance.check(events::cancel_attendance(EventAttendeeId(6))).await;
    conformance.check(events::send_ticket(EventAttendeeId(6))).await;
    conformance.check(events::get(CalendarEventId(10))).await;
    conformance.check(events::published()).await;

    // helpdesk
    conformance.check(helpdesk::messages()).await;
    let message = NewHelpDeskMessage {
        subject: "The printer".to_owned(),
        message_text: "It is out of toner.".to_owned(),
        help_desk_department_id: None,
    };
    conformance.check(helpdesk::create_message(message)).await;
    conformance.check(helpdesk::close_message(HelpDeskMessageId(11))).await;

    // system
    conformance.check(system::configuration()).await;
    conformance.check(system::current_business()).await;
    conformance.check(system::countries()).await;
    conformance.check(system::announcements()).await;

    // portal-extras.yaml
    conformance.check(teams::my()).await;
    conformance.check(system::business_by_host("harbour-works.spaces.example.com")).await;
    conformance.check(exports::bookings_csv()).await;
    conformance.check(live::occupancy()).await;
    // A multipart body: text parts and a file part (bytes, so that
    // `to_request` holds it for the broken-body check).
    let upload = DocumentUpload {
        title: "Signed contract".to_owned(),
        note: Some("Countersigned.".to_owned()),
        file: endpointgen::FilePart::from_bytes(&b"%PDF-1.4\n%%EOF\n"[..]).file_name("contract.pdf"),
    };
    conformance.check(documents::upload(upload)).await;

    // The optional body left out.
    conformance.check(bookings::cancel(BookingId(12))).await;
    // A second grant: the tagged union's other member.
    let refresh = RefreshGrant { refresh_token: "rt-1".to_owned() };
    conformance.check(token::grant(TokenGrant::RefreshToken(refresh)).client_id("ada@example.com")).await;
}

/// One Prism and one pass over the endpoints serve both checks: every
/// endpoint conforms, and Prism refuses what breaks the document.
#[tokio::test]
async fn every_portal_endpoint_conforms_to_its_openapi_export_and_prism_refuses_broken_requests() {
    let prism = Prism::serve_portal("portal");
    let mut conformance = Conformance::new(&prism);

    send_every_endpoint(&mut conformance).await;

    let missing: Vec<&str> = conformance
        .expected
        .iter()
        .filter(|(key, _)| !conformance.sent.contains(*key))
        .map(|(_, expected)| expected.name.as_str())
        .collect();
    assert!(missing.is_empty(), "endpoints the Prism suite does not send: {missing:?}");
    assert!(conformance.failures.is_empty(), "Prism found:\n{}", conformance.failures.join("\n"));

    prism_refuses_a_broken_body_for_each_body_schema_and_a_missing_token(&prism, &conformance).await;
}

/// A value of another JSON type than `value`.
fn mistyped(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(_) => serde_json::json!(12345),
        _ => serde_json::json!("not the type"),
    }
}

/// The body broken for its schema: every property of an object (of each
/// object of a list) of another type. A property of type `any` accepts
/// that, but not all of a schema's can be `any`.
fn broken_json(body: &[u8]) -> Vec<u8> {
    fn break_object(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(object) => {
                for property in object.values_mut() {
                    *property = mistyped(property);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(break_object),
            other => *other = mistyped(other),
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).unwrap();
    break_object(&mut value);
    serde_json::to_vec(&value).unwrap()
}

/// A form broken for its schema: its tag of no member of the union, and
/// its other fields gone.
fn broken_form(body: &[u8]) -> Vec<u8> {
    let pairs: Vec<(String, String)> = percent_decoded_pairs(body);
    let kept: Vec<String> =
        pairs.iter().filter(|(key, _)| key == "grant_type").map(|(key, _)| format!("{key}=no_such_grant")).collect();
    assert!(!kept.is_empty(), "the form body has no tag to break: {pairs:?}");
    kept.join("&").into_bytes()
}

/// A multipart body without its required `File` part: the part is renamed.
fn broken_multipart(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    assert!(text.contains(r#"name="File""#), "{text}");
    text.replace(r#"name="File""#, r#"name="Elif""#).into_bytes()
}

fn percent_decoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| {
            let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
            (decode(key), decode(value))
        })
        .collect()
}

/// What Prism answered to a request sent as it is.
struct RawAnswer {
    status: u16,
    violations: Option<String>,
}

/// Sends a request as it is, over a plain HTTP/1.1 connection: the client
/// would not send a broken one.
async fn send_raw(base_url: &str, request: &endpointgen::http::Request<Vec<u8>>) -> RawAnswer {
    use std::fmt::Write as _;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let authority = base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(authority).await.unwrap();
    let target = request.uri().path_and_query().map_or("/", |target| target.as_str());
    let mut head = format!("{} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\n", request.method());
    for (name, value) in request.headers() {
        if name != endpointgen::http::header::CONTENT_LENGTH {
            write!(head, "{name}: {}\r\n", value.to_str().unwrap()).unwrap();
        }
    }
    write!(head, "content-length: {}\r\n\r\n", request.body().len()).unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(request.body()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let status = head.split(' ').nth(1).and_then(|status| status.parse().ok());
    let violations = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("sl-violations").then(|| value.trim().to_owned())
    });
    RawAnswer { status: status.unwrap_or_else(|| panic!("no status in {text}")), violations }
}

/// For each body schema, the request the client built, then the same with
/// a broken body; and a request without its token.
async fn prism_refuses_a_broken_body_for_each_body_schema_and_a_missing_token(
    prism: &Prism,
    conformance: &Conformance,
) {
    let schemas: BTreeSet<&String> =
        conformance.expected.values().filter_map(|expected| expected.body.as_ref()).collect();
    assert_eq!(schemas.len(), conformance.bodies.len(), "a body schema without a request");

    let mut accepted = Vec::new();
    for (schema, valid) in &conformance.bodies {
        let Some(content_type) = valid.headers().get(endpointgen::http::header::CONTENT_TYPE) else {
            panic!("{schema} ({} {}): a request without a body", valid.method(), valid.uri());
        };
        let content_type = content_type.to_str().unwrap().to_owned();
        let mut broken = valid.clone();
        *broken.body_mut() = if content_type.starts_with("application/x-www-form-urlencoded") {
            broken_form(valid.body())
        } else if content_type.starts_with("multipart/form-data") {
            broken_multipart(valid.body())
        } else {
            broken_json(valid.body())
        };
        // The request as it was built is accepted: what breaks it is the
        // body alone. Prism refuses a broken one with 422, or with the
        // operation's documented 400 when it has one (the portal's mostly
        // do), and says why in `sl-violations`.
        let as_built = send_raw(&prism.base_url, valid).await;
        let refused = send_raw(&prism.base_url, &broken).await;
        let about_the_body = refused.violations.as_deref().is_some_and(|violations| violations.contains(r#""body""#));
        if !(200..300).contains(&as_built.status)
            || as_built.violations.is_some()
            || !matches!(refused.status, 400 | 422)
            || !about_the_body
        {
            accepted.push(format!(
                "{schema} ({} {}): {} ({:?}) as built; {} ({:?}) for {}",
                valid.method(),
                valid.uri(),
                as_built.status,
                as_built.violations,
                refused.status,
                refused.violations,
                String::from_utf8_lossy(broken.body())
            ));
        }
    }
    assert!(accepted.is_empty(), "bodies Prism did not judge as expected:\n{}", accepted.join("\n"));

    // The bearer scheme is checked too.
    let base = BaseUrl::parse(&prism.base_url).unwrap();
    // Built without the client, the request has no credential.
    let anonymous = coworkers::profiles().to_request(&base).unwrap();
    assert!(!anonymous.headers().contains_key(endpointgen::http::header::AUTHORIZATION));
    assert_eq!(send_raw(&prism.base_url, &anonymous).await.status, 401);
}
