//! When to send a request again: throttled answers (409 and 429 by default,
//! the portal's and the web's), honouring `Retry-After`, for methods that
//! are safe to repeat, within a budget. Sans-IO: the transports ask, sleep,
//! and send again.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, StatusCode};

use crate::Date;

/// How a client retries throttled requests.
///
/// By default: up to 3 retries, waiting what `Retry-After` says (or 0.5 s,
/// 1 s, 2 s… without it), at most 30 s in all, for GET, PUT, DELETE, HEAD
/// and OPTIONS. POST and PATCH are not retried unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) says so: the
/// server may have acted on the first one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_retries: u32,
    budget: Duration,
    first_delay: Duration,
    max_delay: Duration,
    statuses: Vec<StatusCode>,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            budget: Duration::from_secs(30),
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            statuses: vec![StatusCode::CONFLICT, StatusCode::TOO_MANY_REQUESTS],
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retry.
    pub fn never() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// At most this many retries after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// At most this long spent waiting between attempts, in all. A
    /// `Retry-After` longer than what is left ends the retries.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The wait before the first retry when the answer has no `Retry-After`;
    /// it doubles for each further retry, up to `max_delay`.
    pub fn backoff(mut self, first_delay: Duration, max_delay: Duration) -> Self {
        self.first_delay = first_delay;
        self.max_delay = max_delay;
        self
    }

    /// The statuses that mean "throttled, try again later" (default 409 and
    /// 429).
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Retry POST and PATCH too. Only for APIs whose throttling answers mean
    /// that the request was not acted on.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    pub(crate) fn start(&self) -> Retries<'_> {
        Retries { policy: self, done: 0, waited: Duration::ZERO }
    }
}

/// The retries of one request so far.
pub(crate) struct Retries<'p> {
    policy: &'p RetryPolicy,
    done: u32,
    waited: Duration,
}

impl Retries<'_> {
    /// How long to wait before sending again, or `None` to give up and
    /// decode this answer.
    pub(crate) fn after(&mut self, method: &Method, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        let policy = self.policy;
        if !policy.statuses.contains(&status) || !self.may_retry(method) {
            return None;
        }
        let backoff = policy.first_delay.saturating_mul(1 << self.done.min(16)).min(policy.max_delay);
        // `Retry-After` is the server's number: any sum with it is checked.
        let delay = retry_after(headers, SystemTime::now()).unwrap_or(backoff);
        let waited = self.waited.checked_add(delay).filter(|waited| *waited <= policy.budget)?;
        self.done += 1;
        self.waited = waited;
        Some(delay)
    }

    /// Whether a retry is still possible for a request with this method,
    /// whatever its answer: when not, [`after`](Self::after) returns `None`.
    pub(crate) fn may_retry(&self, method: &Method) -> bool {
        let idempotent = matches!(*method, Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS);
        (idempotent || self.policy.non_idempotent) && self.done < self.policy.max_retries
    }

    /// Retries made so far.
    pub(crate) fn count(&self) -> u32 {
        self.done
    }
}

/// `Retry-After: 1` (seconds) or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (`Wed, 21 Oct 2026 07:28:00 GMT`), the form RFC 9110
/// requires senders to use.
fn http_date(text: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (_, rest) = text.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, clock, "GMT"] = parts.as_slice() else { return None };
    let month = MONTHS.iter().position(|name| name == month)?;
    let date = Date::new(year.parse().ok()?, u8::try_from(month + 1).ok()?, day.parse().ok()?)?;
    let clock: Vec<i64> = clock.split(':').map(str::parse).collect::<Result<_, _>>().ok()?;
    let [hours @ 0..=23, minutes @ 0..=59, seconds @ 0..=60] = clock.as_slice() else { return None };
    // A `Date` is within the years 0–9999, so this cannot overflow an i64.
    let since_epoch = date.days_since_unix_epoch() * 86_400 + hours * 3600 + minutes * 60 + seconds;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(since_epoch).ok()?))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use http::{HeaderMap, HeaderValue, Method, StatusCode};
    use proptest::prelude::*;

    use super::{RetryPolicy, retry_after};

    fn headers(retry_after: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert("retry-after", HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn throttled_idempotent_requests_are_retried_within_the_budget() {
        let policy = RetryPolicy::new().max_retries(5).budget(Duration::from_secs(3));
        let mut retries = policy.start();
        let throttled = headers(Some("1"));
        assert_eq!(retries.after(&Method::GET, StatusCode::CONFLICT, &throttled), Some(Duration::from_secs(1)));
        assert_eq!(
            retries.after(&Method::PUT, StatusCode::TOO_MANY_REQUESTS, &throttled),
            Some(Duration::from_secs(1))
        );
        assert_eq!(retries.after(&Method::GET, StatusCode::CONFLICT, &throttled), Some(Duration::from_secs(1)));
        // Three seconds waited: the budget is spent.
        assert_eq!(retries.after(&Method::GET, StatusCode::CONFLICT, &throttled), None);
        assert_eq!(retries.count(), 3);
    }

    #[test]
    fn post_and_patch_are_not_retried_unless_asked() {
        let throttled = headers(Some("0"));
        assert_eq!(RetryPolicy::new().start().after(&Method::POST, StatusCode::CONFLICT, &throttled), None);
        assert_eq!(RetryPolicy::new().start().after(&Method::PATCH, StatusCode::TOO_MANY_REQUESTS, &throttled), None);
        let asked = RetryPolicy::new().retry_non_idempotent(true);
        assert_eq!(asked.start().after(&Method::POST, StatusCode::CONFLICT, &throttled), Some(Duration::ZERO));
    }

    #[test]
    fn no_method_that_may_have_acted_is_retried_on_any_throttled_status() {
        let statuses = [StatusCode::CONFLICT, StatusCode::TOO_MANY_REQUESTS];
        for method in
            [Method::POST, Method::PATCH, Method::CONNECT, Method::TRACE, Method::from_bytes(b"PURGE").unwrap()]
        {
            for status in statuses {
                let retried = RetryPolicy::new().start().after(&method, status, &headers(Some("0")));
                assert_eq!(retried, None, "{method} answered {status} was retried");
                assert!(!RetryPolicy::new().start().may_retry(&method), "{method}");
            }
        }
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD, Method::OPTIONS] {
            for status in statuses {
                let retried = RetryPolicy::new().start().after(&method, status, &headers(Some("0")));
                assert_eq!(retried, Some(Duration::ZERO), "{method} answered {status} was not retried");
            }
        }
    }

    #[test]
    fn a_retry_after_past_any_duration_ends_the_retries() {
        // After a first wait, the largest number a server can send: the sum
        // overflowed a `Duration` and panicked.
        let policy = RetryPolicy::new().budget(Duration::MAX);
        let mut retries = policy.start();
        assert_eq!(
            retries.after(&Method::GET, StatusCode::CONFLICT, &headers(Some("1"))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(retries.after(&Method::GET, StatusCode::CONFLICT, &headers(Some("18446744073709551615"))), None);
        let first = RetryPolicy::new().budget(Duration::MAX);
        let longest = first.start().after(&Method::GET, StatusCode::CONFLICT, &headers(Some("18446744073709551615")));
        assert_eq!(longest, Some(Duration::from_secs(u64::MAX)));
        assert_eq!(
            retry_after(&headers(Some("Fri, 31 Dec 9999 23:59:59 GMT")), SystemTime::UNIX_EPOCH).map(|_| ()),
            Some(())
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any `Retry-After` a server sends, after any earlier wait, ends
        /// in a wait within the budget or in no retry.
        #[test]
        fn any_retry_after_is_read_without_a_panic(
            value in prop_oneof![
                any::<String>(),
                any::<u64>().prop_map(|seconds| seconds.to_string()),
                "[A-Za-z]{3}, [0-9]{1,2} [A-Za-z]{3} [0-9]{1,5} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2} [A-Z]{3}",
            ],
            earlier in any::<u64>(),
            budget in any::<u64>(),
        ) {
            let Ok(value) = HeaderValue::from_str(&value) else { return Ok(()) };
            let mut throttled = HeaderMap::new();
            throttled.insert("retry-after", value);
            let policy = RetryPolicy::new().budget(Duration::from_secs(budget));
            let mut retries = policy.start();
            let first = retries.after(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &headers(Some("0")));
            prop_assert_eq!(first, Some(Duration::ZERO));
            let _ = retries.after(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &headers(None));
            if let Some(wait) = retries.after(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &throttled) {
                prop_assert!(wait <= Duration::from_secs(budget));
            }
            let _ = retry_after(&throttled, SystemTime::UNIX_EPOCH + Duration::from_secs(earlier % 300_000_000_000));
        }
    }

    #[test]
    fn other_statuses_and_exhausted_retries_are_not_retried() {
        let policy = RetryPolicy::new().max_retries(1);
        let mut retries = policy.start();
        assert_eq!(retries.after(&Method::GET, StatusCode::SERVICE_UNAVAILABLE, &headers(None)), None);
        assert!(retries.after(&Method::GET, StatusCode::CONFLICT, &headers(None)).is_some());
        assert_eq!(retries.after(&Method::GET, StatusCode::CONFLICT, &headers(None)), None);
        assert_eq!(RetryPolicy::never().start().after(&Method::GET, StatusCode::CONFLICT, &headers(None)), None);
    }

    #[test]
    fn without_retry_after_the_wait_doubles_up_to_the_cap() {
        let policy = RetryPolicy::new()
            .max_retries(6)
            .budget(Duration::from_secs(60))
            .backoff(Duration::from_millis(100), Duration::from_millis(350));
        let mut retries = policy.start();
        let waits: Vec<Duration> =
            std::iter::from_fn(|| retries.after(&Method::GET, StatusCode::CONFLICT, &headers(None))).collect();
        let millis: Vec<u128> = waits.iter().map(Duration::as_millis).collect();
        assert_eq!(millis, [100, 200, 350, 350, 350, 350]);
    }

    #[test]
    fn retry_after_may_be_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_792_567_678); // Wed, 21 Oct 2026 07:27:58 GMT
        let wait = retry_after(&headers(Some("Wed, 21 Oct 2026 07:28:00 GMT")), now);
        assert_eq!(wait, Some(Duration::from_secs(2)));
        let wait = retry_after(&headers(Some("Wed, 21 Oct 2026 08:29:07 GMT")), now);
        assert_eq!(wait, Some(Duration::from_secs(3600 + 60 + 9)));
        assert_eq!(retry_after(&headers(Some("soon")), now), None);
    }
}
