//! A fake Members Portal on `127.0.0.1`, for the demo and the tests.
//!
//! It speaks the wire format of the real API, written here by hand as JSON
//! (not with the generated types, so that it checks them rather than
//! agreeing with them by construction), keeps state (switching the profile
//! changes what later calls see), and records every request it receives so
//! that tests can assert what was sent.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::{Value, json};

/// Ada's token: she has a personal profile, a company profile and a
/// deactivated one.
pub const ADA_TOKEN: &str = "demo-token-ada";
/// Charles's token: one profile, which is not Ada's.
pub const CHARLES_TOKEN: &str = "demo-token-charles";

/// The host name of the fake space's portal.
pub const SPACE_HOST: &str = "harbour-works.spaces.example.com";

/// Profile ids of the fake accounts; real ids have about ten digits.
pub mod ids {
    /// Ada's personal profile, active when the server starts.
    pub const ADA_PERSONAL: i64 = 1_004_584_587;
    /// Ada's company profile.
    pub const ADA_COMPANY: i64 = 1_004_584_588;
    /// Ada's profile at a space she left: switching to it is refused with
    /// `WasSuccessful: false` on HTTP 200, as the real portal does.
    pub const ADA_DEACTIVATED: i64 = 1_004_584_590;
    /// Charles's profile; for Ada it does not exist (404).
    pub const CHARLES_PERSONAL: i64 = 1_009_876_543;
}

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `PUT`, …
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The `Accept` header, if any.
    pub accept: Option<String>,
    /// Every header, names in lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of a header (`name` in lowercase).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(header, _)| header == name).map(|(_, value)| value.clone())
    }
}

/// The running server. Dropping it stops the server.
#[derive(Debug)]
pub struct FakePortal {
    base_url: String,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

type Shared = Arc<Mutex<PortalState>>;

impl FakePortal {
    /// Starts the server on a free port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// The port cannot be bound.
    pub async fn start() -> std::io::Result<Self> {
        let state: Shared = Arc::new(Mutex::new(PortalState::seeded()));
        let app = Router::new()
            .route("/api/public/coworkers/profiles", get(list_profiles))
            .route("/api/public/coworkers/profiles/current", put(set_current_profile))
            .route("/api/public/coworkers/profiles/current/benefits", get(current_benefits))
            .route("/api/public/teams/my", get(my_teams))
            .route("/api/sys/businesses/getByHost", get(business_by_host))
            .layer(axum::middleware::from_fn_with_state(state.clone(), record))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            // The server ends when the task is aborted; an I/O error on the
            // listener ends it too, and the client then sees refused
            // connections.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { base_url, state, task })
    }

    /// `http://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far, oldest first.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The last request received.
    #[must_use]
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.state).requests.last().cloned()
    }

    /// The id of the profile an account's session currently acts as.
    #[must_use]
    pub fn active_profile(&self, token: &str) -> Option<i64> {
        lock(&self.state).accounts.iter().find(|account| account.token == token).map(|account| account.active)
    }
}

impl Drop for FakePortal {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, PortalState> {
    // A handler that panicked leaves consistent data behind: every change is
    // a single assignment.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug)]
struct PortalState {
    accounts: Vec<Account>,
    requests: Vec<RecordedRequest>,
}

#[derive(Debug)]
struct Account {
    token: &'static str,
    user: Value,
    default_business: Value,
    profiles: Vec<Profile>,
    active: i64,
}

#[derive(Debug)]
struct Profile {
    id: i64,
    full_name: &'static str,
    company_name: Option<&'static str>,
    coworker_type: i32,
    deactivated: bool,
    benefits: Value,
}

impl PortalState {
    fn seeded() -> Self {
        let space = json!({ "Id": 1_004_000_001, "Name": "Harbour Works", "WebAddress": "harbour-works" });
        let ada = Account {
            token: ADA_TOKEN,
            user: json!({
                "Id": 1_003_000_042,
                "FullName": "Ada Lovelace",
                "Email": "ada@example.com",
                "Active": true,
                "IsAdmin": false,
                "AccessToken": "portal-session-token-do-not-log",
            }),
            default_business: space.clone(),
            profiles: vec![
                Profile {
                    id: ids::ADA_PERSONAL,
                    full_name: "Ada Lovelace",
                    company_name: None,
                    coworker_type: 1,
                    deactivated: false,
                    benefits: json!({
                        "Personal": {
                            "BookingCredits": [{
                                "Id": 501, "Name": "Meeting room hours", "TotalCredit": 10.0, "RemainingCredit": 6.5,
                                "CaneBeUsedForBookings": true, "CaneBeUsedForEvents": false, "IsUniversalCredit": false,
                                "IsFromTariff": true, "ExpireDate": "2026-12-31T23:59:00"
                            }],
                            "ExtraServices": [],
                            "TimePasses": [{
                                "Id": 601, "TimePass": { "Id": 61, "Name": "Day pass" }, "TotalUses": 5, "RemainingUses": 3,
                                "Used": 2, "IsFromTariff": true, "ExpireDate": null
                            }]
                        },
                        "Team": null
                    }),
                },
                Profile {
                    id: ids::ADA_COMPANY,
                    full_name: "Ada Lovelace",
                    company_name: Some("Analytical Engines Ltd"),
                    coworker_type: 2,
                    deactivated: false,
                    benefits: json!({
                        "Personal": {
                            "BookingCredits": [{
                                "Id": 502, "Name": "Company credit", "TotalCredit": 250.0, "RemainingCredit": 180.0,
                                "CaneBeUsedForBookings": true, "CaneBeUsedForEvents": true, "IsUniversalCredit": true,
                                "IsFromTariff": false, "ExpireDate": null
                            }],
                            "ExtraServices": [{
                                "Id": 701, "ExtraService": { "Id": 71, "Name": "Printing", "IsPrintingCredit": true },
                                "TotalUses": 500, "RemainingUses": 420, "ChargePeriod": "Month", "IsFromTariff": true,
                                "ExpireDate": null
                            }],
                            "TimePasses": []
                        },
                        "Team": { "BookingCredits": [], "ExtraServices": [], "TimePasses": [] }
                    }),
                },
                Profile {
                    id: ids::ADA_DEACTIVATED,
                    full_name: "Ada Lovelace",
                    company_name: None,
                    coworker_type: 1,
                    deactivated: true,
                    benefits: json!({ "Personal": { "BookingCredits": [], "ExtraServices": [], "TimePasses": [] } }),
                },
            ],
            active: ids::ADA_PERSONAL,
        };
        let charles = Account {
            token: CHARLES_TOKEN,
            user: json!({ "Id": 1_003_000_043, "FullName": "Charles Babbage", "Email": "charles@example.com", "Active": true, "IsAdmin": true }),
            default_business: space,
            profiles: vec![Profile {
                id: ids::CHARLES_PERSONAL,
                full_name: "Charles Babbage",
                company_name: None,
                coworker_type: 1,
                deactivated: false,
                benefits: json!({ "Personal": { "BookingCredits": [], "ExtraServices": [], "TimePasses": [] } }),
            }],
            active: ids::CHARLES_PERSONAL,
        };
        Self { accounts: vec![ada, charles], requests: Vec::new() }
    }

    /// The account whose bearer token `headers` carry.
    fn account_mut(&mut self, headers: &HeaderMap) -> Option<&mut Account> {
        let token = headers.get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")?;
        self.accounts.iter_mut().find(|account| account.token == token)
    }
}

/// Records the request, then passes it on.
async fn record(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let header = |name: &str| parts.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    lock(&state).requests.push(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        authorization: header("authorization"),
        accept: header("accept"),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect(),
        body: body.to_vec(),
    });
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// A 401 as the portal sends it: no body ([RE]).
fn unauthorized() -> Response {
    StatusCode::UNAUTHORIZED.into_response()
}

fn action_confirmation(succeeded: bool, status: u16, message: Option<&str>, errors: &Value) -> Value {
    json!({ "WasSuccessful": succeeded, "Value": null, "Status": status, "Message": message, "Errors": errors })
}

async fn list_profiles(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let mut state = lock(&state);
    let Some(account) = state.account_mut(&headers) else { return unauthorized() };
    let profiles: Vec<Value> = account
        .profiles
        .iter()
        .map(|profile| {
            json!({
                "Id": profile.id,
                "FullName": profile.full_name,
                "CompanyName": profile.company_name,
                "Active": profile.id == account.active,
                "IsDefaultProfile": profile.id == account.active,
                "CoworkerType": profile.coworker_type,
                "HasVirtualOffice": false,
                "VirtualOfficePaused": null,
                "VirtualOfficeContractId": null,
            })
        })
        .collect();
    axum::Json(json!({ "User": account.user, "DefaultBusiness": account.default_business, "Profiles": profiles }))
        .into_response()
}

async fn set_current_profile(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let mut state = lock(&state);
    let Some(account) = state.account_mut(&headers) else { return unauthorized() };
    let requested = query.iter().find(|(name, _)| name == "coworkerId").map(|(_, value)| value.parse::<i64>());
    let Some(Ok(requested)) = requested else {
        let errors =
            json!([{ "AttemptedValue": null, "Message": "is a required number", "PropertyName": "coworkerId" }]);
        let body = action_confirmation(false, 400, Some("coworkerId: is a required number"), &errors);
        return (StatusCode::BAD_REQUEST, axum::Json(body)).into_response();
    };
    let Some(profile) = account.profiles.iter().find(|profile| profile.id == requested) else {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(action_confirmation(false, 404, Some("Profile not found"), &Value::Null)),
        )
            .into_response();
    };
    if profile.deactivated {
        // A business-rule failure: HTTP 200, and the body says so.
        let errors = json!([{ "AttemptedValue": requested, "Message": "This profile is no longer active.", "PropertyName": "coworkerId" }]);
        let body =
            action_confirmation(false, 400, Some("This profile is no longer active and cannot be selected."), &errors);
        return axum::Json(body).into_response();
    }
    account.active = requested;
    axum::Json(action_confirmation(true, 200, None, &Value::Null)).into_response()
}

async fn current_benefits(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let mut state = lock(&state);
    let Some(account) = state.account_mut(&headers) else { return unauthorized() };
    let active = account.active;
    match account.profiles.iter().find(|profile| profile.id == active) {
        Some(profile) => axum::Json(profile.benefits.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn my_teams(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let mut state = lock(&state);
    let Some(account) = state.account_mut(&headers) else { return unauthorized() };
    // Ada's company profile is in two teams; she administers the first.
    if account.active != ids::ADA_COMPANY {
        return axum::Json(json!([])).into_response();
    }
    let engines = json!({ "Id": 88_001, "Name": "Analytical Engines", "Members": [
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": true },
        { "CoworkerId": 1_004_584_600, "FullName": "Mary Somerville", "IsTeamAdmin": false }
    ]});
    let readers = json!({ "Id": 88_002, "Name": "Reading group", "Members": [
        { "CoworkerId": 1_004_584_600, "FullName": "Mary Somerville", "IsTeamAdmin": true },
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": false }
    ]});
    let only_as_admin = query.iter().any(|(name, value)| name == "isTeamAdmin" && value == "true");
    let teams = if only_as_admin { json!([engines]) } else { json!([engines, readers]) };
    axum::Json(teams).into_response()
}

/// Public: the portal calls it before anyone signs in.
async fn business_by_host(Query(query): Query<Vec<(String, String)>>) -> Response {
    match query.iter().find(|(name, _)| name == "host") {
        Some((_, host)) if host == SPACE_HOST => {
            axum::Json(json!({ "Id": 1_004_000_001, "WebAddress": "harbour-works" })).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
