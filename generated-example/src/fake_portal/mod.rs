//! A fake Members Portal on `127.0.0.1`, for the demo and the tests.
//!
//! It serves every endpoint of `api-spec/portal.yaml` and
//! `api-spec/portal-extras.yaml` over real HTTP: it implements the server
//! trait generated from those specs ([`crate::portal_server::serve::Api`]),
//! whose router reads the requests and writes the answers. Its records are
//! kept as the JSON the real API answers with, written here by hand, and
//! read into the generated output types only to be answered. It keeps
//! state: switching the profile changes what later calls see, registered
//! visitors show up in the visitor list, a cancelled booking is gone,
//! signing in gives tokens that work. It records every request it receives
//! so that tests can assert what was sent, and it can throttle on demand
//! ([`FakePortal::throttle_next`]).
//!
//! This module holds the shared parts: the server, the state, who is
//! calling, request recording, throttling and `_shape`, and the JSON
//! helpers; each group of endpoints has a file of its own.
//!
//! The fake portal's clock stands still at [`NOW`], so that "upcoming" and
//! "in the past" do not change from one run to the next.

// Every handler answers a `Reply`, which the trait's methods turn into the
// endpoint's output or error, even one that cannot fail.
#![allow(clippy::unnecessary_wraps, reason = "handlers share one signature")]

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use endpointgen::serve::{Bearer, StreamedBody};
use endpointgen::{ApiError, Endpoint};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::portal_server::{endpoints, serve};

mod billing;
mod bookings;
mod coworkers;
mod deliveries;
mod documents;
mod events;
mod helpdesk;
mod live;
mod plans;
mod resources;
mod system;
mod teams;
mod token;
mod visitors;

/// Ada's token: she has a personal profile, a company profile and a
/// deactivated one.
pub const ADA_TOKEN: &str = "demo-token-ada";
/// Charles's token: one profile, which is not Ada's.
pub const CHARLES_TOKEN: &str = "demo-token-charles";

/// Ada's sign-in email, for `token::grant`.
pub const ADA_EMAIL: &str = "ada@example.com";
/// Ada's password.
pub const ADA_PASSWORD: &str = "analytical-engine-1843";
/// Charles's sign-in email. He has two-factor sign-in: see [`CHARLES_TOTP`].
pub const CHARLES_EMAIL: &str = "charles@example.com";
/// Charles's password.
pub const CHARLES_PASSWORD: &str = "difference-engine-1822";
/// The two-factor code the fake portal accepts for Charles.
pub const CHARLES_TOTP: &str = "314159";

/// The host name of the fake space's portal.
pub const SPACE_HOST: &str = "harbour-works.spaces.example.com";

/// The fake portal's clock, which stands still: the space's wall-clock time
/// that it treats as now.
pub const NOW: &str = "2026-09-01T12:00:00";

/// The space's offset from UTC in minutes at [`NOW`] (British Summer Time).
const SPACE_UTC_OFFSET_MINUTES: i64 = 60;

/// Ids of the fake accounts' records; real ids have about ten digits.
pub mod ids {
    /// The space (a `BusinessId`).
    pub const SPACE: i64 = 1_004_000_001;

    /// Ada's personal profile, active when the server starts.
    pub const ADA_PERSONAL: i64 = 1_004_584_587;
    /// Ada's company profile.
    pub const ADA_COMPANY: i64 = 1_004_584_588;
    /// Ada's profile at a space she left: switching to it is refused with
    /// `WasSuccessful: false` on HTTP 200, as the real portal does.
    pub const ADA_DEACTIVATED: i64 = 1_004_584_590;
    /// Charles's profile; for Ada it does not exist (404).
    pub const CHARLES_PERSONAL: i64 = 1_009_876_543;
    /// A member in the directory who has no account here.
    pub const MARY: i64 = 1_004_584_600;

    /// A meeting room, public, £12 an hour.
    pub const MEETING_ROOM: i64 = 1_200_000_001;
    /// A hot desk, public, £4 an hour.
    pub const HOT_DESK: i64 = 1_200_000_002;
    /// The boardroom, listed for members only, £30 an hour.
    pub const BOARDROOM: i64 = 1_200_000_003;

    /// Ada's booking last week: too late to cancel.
    pub const ADA_PAST_BOOKING: i64 = 1_100_000_001;
    /// Ada's booking this afternoon: cancelling it costs a fee.
    pub const ADA_BOOKING_TODAY: i64 = 1_100_000_002;
    /// Ada's booking of the meeting room next week; free to cancel.
    pub const ADA_BOOKING: i64 = 1_100_000_003;
    /// How many bookings Ada's personal profile has when the server starts.
    pub const ADA_BOOKINGS: usize = 7;
    /// The booking of Ada's company profile.
    pub const ADA_COMPANY_BOOKING: i64 = 1_100_000_051;
    /// Charles's booking; for Ada it does not exist (404).
    pub const CHARLES_BOOKING: i64 = 1_100_000_101;

    /// A visitor Ada expects tomorrow.
    pub const ADA_VISITOR: i64 = 1_400_000_001;
    /// A visitor who came last week.
    pub const ADA_PAST_VISITOR: i64 = 1_400_000_002;
    /// Charles's visitor.
    pub const CHARLES_VISITOR: i64 = 1_400_000_101;

    /// A parcel waiting for Ada.
    pub const ADA_PARCEL: i64 = 1_500_000_001;
    /// A letter waiting for Ada.
    pub const ADA_LETTER: i64 = 1_500_000_002;
    /// A parcel Ada collected.
    pub const ADA_COLLECTED: i64 = 1_500_000_003;
    /// A letter for Ada's company profile.
    pub const ADA_COMPANY_DELIVERY: i64 = 1_500_000_051;
    /// Charles's parcel.
    pub const CHARLES_DELIVERY: i64 = 1_500_000_101;

    /// Ada's paid invoice for July.
    pub const ADA_PAID_INVOICE: i64 = 1_600_000_001;
    /// Ada's unpaid invoice for September.
    pub const ADA_UNPAID_INVOICE: i64 = 1_600_000_003;
    /// A credit note of Ada's.
    pub const ADA_CREDIT_NOTE: i64 = 1_600_000_004;
    /// Charles's invoice.
    pub const CHARLES_INVOICE: i64 = 1_600_000_101;

    /// Ada's flexi-desk contract.
    pub const ADA_CONTRACT: i64 = 1_700_000_001;
    /// The private-office contract of Ada's company profile.
    pub const ADA_COMPANY_CONTRACT: i64 = 1_700_000_051;
    /// Charles's contract.
    pub const CHARLES_CONTRACT: i64 = 1_700_000_101;

    /// A Rust meetup next week, on the home page.
    pub const RUST_MEETUP: i64 = 1_800_000_001;
    /// A members' breakfast tomorrow.
    pub const BREAKFAST: i64 = 1_800_000_002;
    /// A talk last month.
    pub const PAST_TALK: i64 = 1_800_000_003;

    /// Ada's ticket to the Rust meetup.
    pub const ADA_MEETUP_TICKET: i64 = 1_810_000_001;
    /// Ada's ticket to the breakfast.
    pub const ADA_BREAKFAST_TICKET: i64 = 1_810_000_002;
    /// Ada's ticket to last month's talk.
    pub const ADA_PAST_TICKET: i64 = 1_810_000_003;
    /// Charles's ticket.
    pub const CHARLES_TICKET: i64 = 1_810_000_101;

    /// Ada's open help-desk message.
    pub const ADA_MESSAGE: i64 = 1_900_000_001;
    /// Ada's closed help-desk message.
    pub const ADA_CLOSED_MESSAGE: i64 = 1_900_000_002;
    /// Charles's help-desk message.
    pub const CHARLES_MESSAGE: i64 = 1_900_000_101;
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

    /// The body as JSON, if it is JSON.
    #[must_use]
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text (invalid UTF-8 replaced).
    #[must_use]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The answer the server sent to a request, as the client received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedAnswer {
    /// The status code.
    pub status: u16,
    /// Every header, names in lowercase, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A request and the answer it got.
pub type Exchange = (RecordedRequest, RecordedAnswer);

/// What a test binary runs on the exchanges of every fake portal when it is
/// dropped (the tests check the answers against the spec with it: see
/// [`check_answers_with`]).
pub type AnswerCheck = fn(&[Exchange]);

static ANSWER_CHECK: std::sync::OnceLock<AnswerCheck> = std::sync::OnceLock::new();

/// Has every fake portal of this process, when it is dropped, hand its
/// exchanges to `check` (the first check set stays). The tests set a check
/// that replays them through Prism in proxy mode, so that every answer the
/// fake portal gave in the whole test run is judged against the portal's
/// OpenAPI export by a tool nobody here wrote; the demo sets none.
pub fn check_answers_with(check: AnswerCheck) {
    let _ = ANSWER_CHECK.set(check);
}

/// The running server. Dropping it stops the server.
#[derive(Debug)]
pub struct FakePortal {
    base_url: String,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

type Shared = Arc<Mutex<PortalState>>;

/// What a handler answers: the answer's JSON (`null` for an empty one), or
/// a documented error's status and body (`null` for an empty one).
type Reply = Result<Value, Failure>;
type Failure = (u16, Value);

/// An endpoint's output or documented error, as the trait's methods return.
type Out<E> = Result<<E as Endpoint>::Output, <E as Endpoint>::Error>;

impl FakePortal {
    /// Starts the server on a free port of 127.0.0.1.
    ///
    /// # Errors
    ///
    /// The port cannot be bound.
    pub async fn start() -> std::io::Result<Self> {
        let state: Shared = Arc::new(Mutex::new(PortalState::seeded()));
        let app = serve::router(Portal(state.clone()))
            .layer(axum::middleware::from_fn_with_state(state.clone(), record_and_throttle));
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

    /// Every request answered so far with its answer, in the order the
    /// requests came.
    #[must_use]
    pub fn exchanges(&self) -> Vec<Exchange> {
        let state = lock(&self.state);
        state
            .requests
            .iter()
            .zip(&state.answers)
            .filter_map(|(request, answer)| Some((request.clone(), answer.clone()?)))
            .collect()
    }

    /// The last request received.
    #[must_use]
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.state).requests.last().cloned()
    }

    /// The id of the profile an account's session currently acts as; the
    /// token is any access token of the account (the seeded one, or one
    /// that signing in gave).
    #[must_use]
    pub fn active_profile(&self, token: &str) -> Option<i64> {
        let state = lock(&self.state);
        state.accounts.iter().find(|account| account.has_access_token(token)).map(|account| account.active)
    }

    /// Answers the next `requests` requests, whatever they are, as the
    /// portal's throttle does: HTTP 409, `Retry-After: 0` (the real portal
    /// says 1; 0 keeps tests fast) and an empty body. They are recorded
    /// all the same.
    pub fn throttle_next(&self, requests: usize) {
        lock(&self.state).throttle = requests;
    }

    /// The settings saved for a profile (`coworkers::save_settings`), as
    /// name and value.
    #[must_use]
    pub fn profile_settings(&self, coworker_id: i64) -> Vec<(String, String)> {
        let state = lock(&self.state);
        state
            .settings
            .iter()
            .filter(|setting| setting.owner == coworker_id)
            .map(|setting| (setting.name.clone(), setting.value.clone()))
            .collect()
    }

    /// The emails the portal has sent (tickets, say), oldest first: one
    /// line each, `to <address>: <subject>`.
    #[must_use]
    pub fn outbox(&self) -> Vec<String> {
        lock(&self.state).outbox.clone()
    }
}

impl Drop for FakePortal {
    fn drop(&mut self) {
        self.task.abort();
        // A test that failed already says why; the answers are judged only
        // when it passed.
        if let Some(check) = ANSWER_CHECK.get()
            && !std::thread::panicking()
        {
            check(&self.exchanges());
        }
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, PortalState> {
    // A handler that panicked leaves consistent data behind: each change is
    // made in one step, under the lock.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the fake portal knows, behind one lock.
#[derive(Debug, Default)]
struct PortalState {
    accounts: Vec<Account>,
    requests: Vec<RecordedRequest>,
    /// The answer to each request of `requests`, once it is sent.
    answers: Vec<Option<RecordedAnswer>>,
    /// How many of the next requests get a 409.
    throttle: usize,
    /// For the ids and tokens the portal hands out.
    counter: i64,
    /// Refresh tokens that still work.
    refresh_tokens: Vec<RefreshToken>,
    /// Short-lived tokens for links (`?t=`), and whose they are.
    link_tokens: Vec<(String, usize)>,
    bookings: Vec<Record>,
    visitors: Vec<Record>,
    deliveries: Vec<Record>,
    invoices: Vec<Record>,
    contracts: Vec<Record>,
    tickets: Vec<Record>,
    messages: Vec<Record>,
    settings: Vec<Setting>,
    outbox: Vec<String>,
}

/// A user account: its credentials, its sessions and its profiles.
#[derive(Debug)]
struct Account {
    email: &'static str,
    password: &'static str,
    totp: Option<&'static str>,
    /// Bearer tokens that work for this account: the seeded one, then those
    /// that signing in and refreshing gave.
    access_tokens: Vec<String>,
    user: Value,
    default_business: Value,
    profiles: Vec<Profile>,
    /// The profile the account's sessions act as.
    active: i64,
}

impl Account {
    fn has_access_token(&self, token: &str) -> bool {
        self.access_tokens.iter().any(|known| known == token)
    }

    fn profile(&self, id: i64) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }
}

#[derive(Debug)]
struct Profile {
    id: i64,
    full_name: String,
    company_name: Option<String>,
    email: String,
    benefits: Value,
    /// Fields that `coworkers::update_profile` set, beyond the name.
    details: Map<String, Value>,
}

#[derive(Debug)]
struct RefreshToken {
    token: String,
    client_id: String,
    account: usize,
}

/// A record that belongs to a profile: a booking, a visitor, a delivery…,
/// kept as the JSON the portal answers with.
#[derive(Debug, Clone)]
struct Record {
    id: i64,
    owner: i64,
    json: Value,
}

/// The caller's record of `records` with this id, or the portal's 404
/// naming `what`: another profile's record is not found either.
fn owned<'r>(records: &'r [Record], caller: Caller, id: i64, what: &str) -> Result<&'r Record, Failure> {
    records.iter().find(|record| record.id == id && record.owner == caller.profile).ok_or_else(|| not_found(what))
}

/// [`owned`], to change.
fn owned_mut<'r>(records: &'r mut [Record], caller: Caller, id: i64, what: &str) -> Result<&'r mut Record, Failure> {
    records.iter_mut().find(|record| record.id == id && record.owner == caller.profile).ok_or_else(|| not_found(what))
}

#[derive(Debug)]
struct Setting {
    owner: i64,
    name: String,
    value: String,
}

/// Who is calling: an account, acting as its active profile.
#[derive(Debug, Clone, Copy)]
struct Caller {
    account: usize,
    profile: i64,
}

impl PortalState {
    fn seeded() -> Self {
        let (accounts, settings) = coworkers::seed_accounts();
        Self {
            accounts,
            bookings: bookings::seed(),
            visitors: visitors::seed(),
            deliveries: deliveries::seed(),
            invoices: billing::seed(),
            contracts: plans::seed(),
            tickets: events::seed(),
            messages: helpdesk::seed(),
            settings,
            ..Self::default()
        }
    }

    /// The caller whose bearer token this is, or the 401 for an unknown
    /// token (the router answers a missing one).
    fn caller(&self, bearer: &Bearer) -> Result<Caller, Failure> {
        let account = self.accounts.iter().position(|account| account.has_access_token(bearer.token()));
        let profile = account.and_then(|account| self.accounts.get(account)).map(|account| account.active);
        account.zip(profile).map(|(account, profile)| Caller { account, profile }).ok_or(UNAUTHORIZED)
    }

    fn account(&self, caller: Caller) -> Option<&Account> {
        self.accounts.get(caller.account)
    }

    /// The active profile's full name.
    fn caller_name(&self, caller: Caller) -> String {
        self.account(caller)
            .and_then(|account| account.profile(caller.profile))
            .map(|profile| profile.full_name.clone())
            .unwrap_or_default()
    }

    /// A fresh number, for ids and tokens.
    fn next(&mut self) -> i64 {
        self.counter += 1;
        self.counter
    }
}

/// The implementation of the generated server trait: the state, shared
/// with the [`FakePortal`] that serves it.
struct Portal(Shared);

impl Portal {
    /// Runs a handler for a caller that must be signed in.
    fn member<T: DeserializeOwned, E: ApiError>(
        &self,
        bearer: &Bearer,
        handle: impl FnOnce(&mut PortalState, Caller) -> Reply,
    ) -> Result<T, E> {
        let mut state = lock(&self.0);
        answer(state.caller(bearer).and_then(|caller| handle(&mut state, caller)))
    }

    /// Runs a handler for an endpoint with optional auth: no token is an
    /// anonymous caller, and a token that is sent must be valid.
    fn anyone<T: DeserializeOwned, E: ApiError>(
        &self,
        bearer: Option<&Bearer>,
        handle: impl FnOnce(&mut PortalState, Option<Caller>) -> Reply,
    ) -> Result<T, E> {
        let mut state = lock(&self.0);
        answer(bearer.map(|bearer| state.caller(bearer)).transpose().and_then(|caller| handle(&mut state, caller)))
    }

    /// The 401 for an unknown token, for methods that answer no JSON or
    /// must not hold the lock while they read.
    fn signed_in<E: ApiError>(&self, bearer: &Bearer) -> Result<(), E> {
        lock(&self.0).caller(bearer).map(drop).map_err(documented)
    }

    /// Runs a handler for a public endpoint.
    fn public<T: DeserializeOwned, E: ApiError>(&self, handle: impl FnOnce(&mut PortalState) -> Reply) -> Result<T, E> {
        answer(handle(&mut lock(&self.0)))
    }
}

/// A handler's reply as the endpoint's output or documented error.
#[allow(clippy::panic, reason = "an answer the spec does not allow is a bug of the fake, which the test shows")]
fn answer<T: DeserializeOwned, E: ApiError>(reply: Reply) -> Result<T, E> {
    match reply {
        Ok(value) => Ok(serde_json::from_value(value.clone())
            .unwrap_or_else(|error| panic!("the fake portal's answer is not the output ({error}): {value}"))),
        Err(failure) => Err(documented(failure)),
    }
}

/// A failure as the endpoint's documented error.
#[allow(clippy::panic, reason = "an answer the spec does not allow is a bug of the fake, which the test shows")]
fn documented<E: ApiError>((status, body): Failure) -> E {
    let bytes = if body.is_null() { Vec::new() } else { body.to_string().into_bytes() };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match E::from_response(status, &bytes) {
        Some(Ok(error)) => error,
        _ => panic!("the fake portal's {status} is not a documented error: {body}"),
    }
}

/// The trait's methods, one line per endpoint: its method, its group and
/// name, who may call it (`member`: a known bearer token; `anyone`: no
/// token, or a known one; `public`), and the handler, which gets the state,
/// the caller (for `member` and `anyone`) and the request's values.
macro_rules! methods {
    ($($method:ident: $group:ident::$name:ident $access:ident => $handler:expr;)*) => {
        $(methods!(@one $method $group $name $access $handler);)*
    };
    (@one $method:ident $group:ident $name:ident member $handler:expr) => {
        async fn $method(&self, request: serve::$group::$name, caller: Bearer) -> Out<endpoints::$group::$name> {
            self.member(&caller, |state, caller| $handler(state, caller, &request))
        }
    };
    (@one $method:ident $group:ident $name:ident anyone $handler:expr) => {
        async fn $method(&self, request: serve::$group::$name, caller: Option<Bearer>) -> Out<endpoints::$group::$name> {
            self.anyone(caller.as_ref(), |state, caller| $handler(state, caller, &request))
        }
    };
    (@one $method:ident $group:ident $name:ident public $handler:expr) => {
        async fn $method(&self, request: serve::$group::$name) -> Out<endpoints::$group::$name> {
            self.public(|state| $handler(state, &request))
        }
    };
}

impl serve::Api for Portal {
    methods! {
        teams_my: teams::My member => teams::my;
        business_by_host: system::BusinessByHost public => system::business_by_host;
        configuration: system::Configuration anyone => system::configuration;
        current_business: system::CurrentBusiness public => |_, _| Ok(space());
        countries: system::Countries public => |_, _| Ok(system::countries());
        announcements: system::Announcements member => |_, _, _| Ok(system::announcements());
        grant: token::Grant public => token::grant;
        profiles: coworkers::Profiles member => coworkers::profiles;
        set_current_profile: coworkers::SetCurrentProfile member => coworkers::set_current_profile;
        current_benefits: coworkers::CurrentBenefits member => coworkers::current_benefits;
        update_profile: coworkers::UpdateProfile member => coworkers::update_profile;
        save_settings: coworkers::SaveSettings member => coworkers::save_settings;
        directory: coworkers::Directory member => coworkers::directory;
        directory_profile: coworkers::DirectoryProfile member => coworkers::directory_profile;
        directory_meta: coworkers::DirectoryMeta member => |_, _, _| Ok(coworkers::directory_meta());
        bookings_my: bookings::My member => bookings::my;
        bookings_get: bookings::Get member => bookings::details;
        bookings_cancel: bookings::Cancel member => bookings::cancel;
        availability: bookings::Availability member => bookings::availability;
        price: bookings::Price member => bookings::price;
        cancellation_fee: bookings::CancellationFee member => bookings::cancellation_fee;
        cancellation_policies: bookings::CancellationPolicies member => bookings::cancellation_policies;
        preview_basket: bookings::PreviewBasket member => bookings::preview_basket;
        checkout_basket: bookings::CheckoutBasket member => bookings::checkout_basket;
        summary: resources::Summary anyone => resources::summary;
        details: resources::Details public => |_, _| Ok(resources::details());
        products: resources::Products member => resources::products;
        visitors_my: visitors::My member => visitors::my;
        register: visitors::Register member => visitors::register;
        delete: visitors::Delete member => visitors::remove;
        deliveries_my: deliveries::My member => deliveries::my;
        deliveries_get: deliveries::Get member => deliveries::one;
        mark_as_collected: deliveries::MarkAsCollected member => deliveries::mark_as_collected;
        save: deliveries::Save member => deliveries::save;
        invoices: billing::Invoices member => billing::invoices;
        contracts: billing::Contracts member => billing::contracts;
        plans_my: plans::My member => plans::my;
        plans_cancel: plans::Cancel member => plans::cancel;
        plans_published: plans::Published public => |_, _| Ok(plans::published());
        events_my: events::My member => events::my;
        cancel_attendance: events::CancelAttendance member => events::cancel_attendance;
        send_ticket: events::SendTicket member => events::send_ticket;
        events_get: events::Get member => events::one;
        events_published: events::Published public => events::published;
        messages: helpdesk::Messages member => helpdesk::messages;
        create_message: helpdesk::CreateMessage member => helpdesk::create_message;
        close_message: helpdesk::CloseMessage member => helpdesk::close_message;
    }

    async fn invoice_pdf(&self, request: serve::billing::InvoicePdf) -> Out<endpoints::billing::InvoicePdf> {
        billing::pdf(&lock(&self.0), &request).map(Into::into).map_err(documented)
    }

    async fn download_token(&self, caller: Bearer) -> Out<endpoints::token::DownloadToken> {
        self.member(&caller, token::link_token)
    }

    async fn bookings_csv(
        &self,
        caller: Bearer,
    ) -> Result<StreamedBody, <endpoints::exports::BookingsCsv as Endpoint>::Error> {
        self.signed_in(&caller)?;
        Ok(live::bookings_csv())
    }

    async fn occupancy(
        &self,
        request: serve::live::Occupancy,
        caller: Bearer,
    ) -> Result<StreamedBody, <endpoints::live::Occupancy as Endpoint>::Error> {
        self.signed_in(&caller)?;
        Ok(live::occupancy(request.last_event_id.as_deref()))
    }

    async fn upload(&self, request: serve::documents::Upload, caller: Bearer) -> Out<endpoints::documents::Upload> {
        // The caller first: an unknown token's file is not read.
        self.signed_in(&caller)?;
        answer(documents::upload(request.body).await)
    }
}

/// Records the request, then answers 409 if throttling is on, or passes it
/// on; projects a JSON answer by the request's `_shape`.
async fn record_and_throttle(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let header = |name: &str| parts.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let query: Vec<(String, String)> =
        parts.uri.query().and_then(|query| serde_urlencoded::from_str(query).ok()).unwrap_or_default();
    let shape = query.into_iter().find(|(name, _)| name == "_shape").map(|(_, shape)| shape);
    let (index, throttled) = {
        let mut state = lock(&state);
        let index = state.requests.len();
        state.answers.push(None);
        state.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            authorization: header("authorization"),
            accept: header("accept"),
            headers: header_pairs(&parts.headers),
            body: body.to_vec(),
        });
        let throttled = state.throttle > 0;
        state.throttle = state.throttle.saturating_sub(1);
        (index, throttled)
    };
    let response = if throttled {
        // [DOC]: 409, `Retry-After`, empty body.
        (StatusCode::CONFLICT, [(header::RETRY_AFTER, "0")]).into_response()
    } else {
        next.run(Request::from_parts(parts, Body::from(body))).await
    };
    // Every answer is whole text, none is endless: read it to record it.
    let (parts, body) = response.into_parts();
    let Ok(mut body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(shape) = shape
        && parts.status == StatusCode::OK
        && let Ok(value) = serde_json::from_slice::<Value>(&body)
    {
        let paths: Vec<Vec<&str>> = shape
            .split(',')
            .map(str::trim)
            .filter(|path| !path.is_empty())
            .map(|path| path.split('.').collect())
            .collect();
        body = project(&value, &paths).to_string().into();
    }
    let answer =
        RecordedAnswer { status: parts.status.as_u16(), headers: header_pairs(&parts.headers), body: body.to_vec() };
    if let Some(slot) = lock(&state).answers.get_mut(index) {
        *slot = Some(answer);
    }
    Response::from_parts(parts, Body::from(body))
}

/// Headers as name and value pairs, in order (invalid UTF-8 replaced).
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
        .collect()
}

/// `_shape=Records.Id,Records.FromTime`: keeps only the named dot paths;
/// a path through a list applies to each item.
fn project(value: &Value, paths: &[Vec<&str>]) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|item| project(item, paths)).collect()),
        Value::Object(fields) => {
            let mut kept = Map::new();
            for (name, field) in fields {
                let rests: Vec<Vec<&str>> = paths
                    .iter()
                    .filter_map(|path| path.split_first())
                    .filter(|(first, _)| *first == name)
                    .map(|(_, rest)| rest.to_vec())
                    .collect();
                if rests.is_empty() {
                    continue;
                }
                let projected = if rests.iter().any(Vec::is_empty) { field.clone() } else { project(field, &rests) };
                kept.insert(name.clone(), projected);
            }
            Value::Object(kept)
        }
        other => other.clone(),
    }
}

/// The 401 as the portal sends it: no body ([RE]).
const UNAUTHORIZED: Failure = (401, Value::Null);

/// A 404, with an `ActionConfirmation` that says what was not found.
fn not_found(what: &str) -> Failure {
    (404, action(false, 404, Some(&format!("{what} not found")), Value::Null, Value::Null))
}

/// A 400 with the admin REST API's body: a message from the first problem,
/// and `Errors` naming each field (`(property, message, attempted value)`).
fn bad_request(problems: &[(&str, &str, Value)]) -> Failure {
    let errors: Vec<Value> = problems
        .iter()
        .map(|(property, message, attempted)| {
            json!({ "AttemptedValue": attempted, "Message": message, "PropertyName": property })
        })
        .collect();
    let message = problems.first().map(|(property, message, _)| format!("{property}: {message}"));
    (400, action(false, 400, message.as_deref(), Value::Null, Value::Array(errors)))
}

/// A business-rule failure as the portal often reports it: HTTP 200, and
/// an envelope that says so.
fn refused(status: u16, message: &str) -> Reply {
    Ok(action(false, status, Some(message), Value::Null, Value::Null))
}

/// A successful command, with its value.
fn confirmed(value: Value) -> Reply {
    Ok(action(true, 200, None, value, Value::Null))
}

/// The portal's `ActionConfirmation` envelope.
fn action(succeeded: bool, status: u16, message: Option<&str>, value: Value, errors: Value) -> Value {
    let mut envelope = json!({ "WasSuccessful": succeeded, "Status": status, "Message": message });
    set(&mut envelope, "Value", value);
    set(&mut envelope, "Errors", errors);
    envelope
}

/// A request's values (a typed body, say) as the JSON the client sent.
fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// One page of `records` as the portal's `ApiListResult`, pages counted
/// from 1.
fn page_of(records: Vec<Value>, page: Option<i32>, size: i32, order_field: &str, direction: &str) -> Value {
    let total = records.len();
    let size = usize::try_from(size).unwrap_or(1).max(1);
    let page = page.and_then(|page| usize::try_from(page).ok()).unwrap_or(1).max(1);
    let total_pages = total.div_ceil(size);
    let skipped = (page - 1).saturating_mul(size);
    let items: Vec<Value> = records.into_iter().skip(skipped).take(size).collect();
    let (first, last) = if items.is_empty() { (0, 0) } else { (skipped + 1, skipped + items.len()) };
    json!({
        "Records": items,
        "CurrentPage": page,
        "CurrentPageSize": items.len(),
        "PageNumber": page,
        "PageSize": size,
        "TotalItems": total,
        "TotalPages": total_pages,
        "HasNextPage": page < total_pages,
        "HasPreviousPage": page > 1,
        "FirstItem": first,
        "LastItem": last,
        "CurrentOrderField": order_field,
        "CurrentSortDirection": direction,
    })
}

/// The whole list as one page, for list endpoints without paging
/// parameters.
fn single_page(records: Vec<Value>, order_field: &str) -> Value {
    let size = i32::try_from(records.len()).unwrap_or(i32::MAX).max(1);
    page_of(records, None, size, order_field, "ASC")
}

/// A text field of a JSON object.
fn text<'v>(value: &'v Value, name: &str) -> Option<&'v str> {
    value.get(name).and_then(Value::as_str)
}

/// Sets a field of a JSON object (no-op on anything else).
fn set(value: &mut Value, name: &str, new: Value) {
    if let Some(fields) = value.as_object_mut() {
        fields.insert(name.to_owned(), new);
    }
}

/// A GUID for a record, derived from its id so that it is stable.
fn unique_id(id: i64) -> String {
    let id = id.unsigned_abs();
    format!("6f1e8a52-{:04x}-4b0e-9d7a-{:012x}", (id >> 48) & 0xffff, id & 0xffff_ffff_ffff)
}

/// The space's wall-clock time of an ISO 8601 text, as
/// `YYYY-MM-DDTHH:MM:SS`, the way the portal reads booking times ([RE]):
/// no offset and a literal `Z` are wall-clock time as written; a real
/// offset is converted to the space's zone, which shifts the time.
fn wall_clock(text: &str) -> Option<String> {
    let time: endpointgen::DateTime = text.parse().ok()?;
    let shift = match time.offset_minutes() {
        None | Some(0) => 0,
        Some(offset) => SPACE_UTC_OFFSET_MINUTES - i64::from(offset),
    };
    shifted(jiff::civil::DateTime::from(&time), shift)
}

/// The UTC time of a wall-clock time of the space, with a `Z`.
fn utc(wall: &str) -> Option<String> {
    Some(format!("{}Z", later(wall, -SPACE_UTC_OFFSET_MINUTES)?))
}

/// A wall-clock time `minutes` later (or earlier).
fn later(wall: &str, minutes: i64) -> Option<String> {
    shifted(civil(wall)?, minutes)
}

/// Minutes from `from` to `to`, two wall-clock times.
fn minutes_between(from: &str, to: &str) -> Option<i64> {
    Some(civil(from)?.duration_until(civil(to)?).as_mins())
}

/// A date and time as written, its offset ignored.
fn civil(text: &str) -> Option<jiff::civil::DateTime> {
    let time: endpointgen::DateTime = text.parse().ok()?;
    Some(jiff::civil::DateTime::from(&time))
}

/// `time` moved by `minutes`, as `YYYY-MM-DDTHH:MM:SS`.
fn shifted(time: jiff::civil::DateTime, minutes: i64) -> Option<String> {
    let time = time.checked_add(jiff::SignedDuration::from_mins(minutes)).ok()?;
    Some(time.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Money as the space writes it.
fn pounds(amount: f64) -> String {
    format!("£{amount:.2}")
}

/// The space, as records embed it.
fn space() -> Value {
    json!({ "Id": ids::SPACE, "Name": "Harbour Works", "WebAddress": "harbour-works" })
}

/// The space's currency.
fn currency() -> Value {
    json!({ "Code": "GBP", "Name": "Pound sterling", "Format": "£{0}" })
}
