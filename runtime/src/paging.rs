//! Endpoints whose responses come in pages: a stream of pages that asks for
//! the next one while the response says there is one.
//!
//! Five ways for a response to point at the next page, each generated from
//! the spec's `paging:` into [`Paged::next_page`]: a page number and a
//! `has_next` flag, a cursor from the body sent back as a parameter, the
//! next page's URL in the body, the `Link` header's `rel="next"` (RFC 8288),
//! and an offset advanced by the items received until a total. The first two
//! and the offset give the next request as an endpoint; the URL forms give
//! a URL, which the client sends only within the origin of the request that
//! got it.

#[cfg(feature = "client")]
use std::collections::HashSet;
#[cfg(feature = "client")]
use std::hash::BuildHasher as _;

#[cfg(feature = "client")]
pub use streams::{Items, Pages};

use crate::Endpoint;
#[cfg(feature = "client")]
use crate::error::{PagingError, PagingReason, RequestInfo};
#[cfg(feature = "client")]
use crate::transport::Sendable;

/// An endpoint whose response is one page of a list, and which can make the
/// request for the next page. Generated for endpoints with `paging:` in the
/// spec.
///
/// Sans-IO: [`next_page`](Self::next_page) reads a decoded page and its
/// response headers, and says what to ask for next; the client sends it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not paged",
    label = "this endpoint has no pages to go through",
    note = "only endpoints whose spec says `paging:` can be paged; send it with `client.send(…)`"
)]
pub trait Paged: Endpoint + Clone {
    /// One item of a page.
    type Item;

    /// What to ask for after `page`, whose response had the headers
    /// `headers`; `None` when `page` is the last.
    fn next_page(&self, page: &Self::Output, headers: &http::HeaderMap) -> Option<NextPage<Self>>;

    /// The items of a page.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// The request for the next page, as [`Paged::next_page`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage<E> {
    /// This endpoint, with the parameters of the next page (its number,
    /// cursor or offset).
    Endpoint(E),
    /// The URL the response gave for the next page (in the body or the
    /// `Link` header), maybe relative to the request's URL: the same
    /// endpoint is sent there, with its headers and credentials, instead of
    /// to its own path and query. The client sends it only within the
    /// origin of the request that got it, and ends with
    /// [`PagingReason::OtherOrigin`](crate::PagingReason::OtherOrigin)
    /// otherwise.
    Url(String),
}

/// Whether an envelope's `has_next` field says another page follows; an
/// absent value says no.
#[must_use]
pub fn has_next(value: &impl HasNext) -> bool {
    value.has_next()
}

/// A `has_next` field: `bool` or `Option<bool>`.
pub trait HasNext {
    /// Whether another page follows.
    fn has_next(&self) -> bool;
}

impl HasNext for bool {
    fn has_next(&self) -> bool {
        *self
    }
}

impl HasNext for Option<bool> {
    fn has_next(&self) -> bool {
        self.unwrap_or(false)
    }
}

/// The number of the page after `page`; `None` on overflow, which ends the
/// paging.
#[must_use]
pub fn next_page_number<N: PageNumber>(page: N) -> Option<N> {
    page.next()
}

/// The offset after a page that started at `offset` and held `received`
/// items: `None` (the last page) when the page was empty, when the sum
/// overflows, or when it reaches the `total` the response gave. The offset
/// moves by the items received rather than by the limit asked for, so that
/// a server that sends fewer than asked (many cap the limit) loses none.
#[must_use]
pub fn next_offset<N: PageNumber>(offset: N, received: usize, total: Option<i128>) -> Option<N> {
    if received == 0 {
        return None;
    }
    let next = offset.advance(received)?;
    match total {
        Some(total) if next.to_i128() >= total => None,
        _ => Some(next),
    }
}

/// A response's total count, for [`next_offset`]: any integer field,
/// optional or not; absent is unknown.
#[must_use]
pub fn total(value: &impl Total) -> Option<i128> {
    value.total()
}

/// An integer field that counts all items: `i32`, `i64`, `u32`, `u64` or
/// an `Option` of one.
pub trait Total {
    /// The count, if the response gave one.
    fn total(&self) -> Option<i128>;
}

impl<T: Total> Total for &T {
    fn total(&self) -> Option<i128> {
        (**self).total()
    }
}

impl<T: Total> Total for Option<T> {
    fn total(&self) -> Option<i128> {
        self.as_ref().and_then(Total::total)
    }
}

/// An integer page number or offset.
pub trait PageNumber: Copy {
    /// The next number, unless it overflows.
    fn next(self) -> Option<Self>;

    /// The number `by` further on, unless it overflows.
    fn advance(self, by: usize) -> Option<Self>;

    /// The number, to compare with a total of any integer type.
    fn to_i128(self) -> i128;
}

macro_rules! page_number {
    ($($ty:ty),*) => {$(
        impl PageNumber for $ty {
            fn next(self) -> Option<Self> {
                self.checked_add(1)
            }

            fn advance(self, by: usize) -> Option<Self> {
                self.checked_add(<$ty>::try_from(by).ok()?)
            }

            fn to_i128(self) -> i128 {
                i128::from(self)
            }
        }

        impl Total for $ty {
            fn total(&self) -> Option<i128> {
                Some(i128::from(*self))
            }
        }
    )*};
}

page_number!(i32, i64, u32, u64);

/// The cursor to send for the next page, from the response's cursor field:
/// `None`, the last page, for an empty string (Slack's `next_cursor: ""`).
#[must_use]
pub fn next_cursor<C: Cursor>(cursor: &C) -> Option<C> {
    cursor.next_cursor()
}

/// A cursor: a string, or an integer (an id to continue after).
pub trait Cursor: Sized {
    /// The cursor to send, or `None` when it says there is no next page.
    fn next_cursor(&self) -> Option<Self>;
}

impl Cursor for String {
    fn next_cursor(&self) -> Option<Self> {
        (!self.is_empty()).then(|| self.clone())
    }
}

macro_rules! integer_cursor {
    ($($ty:ty),*) => {$(
        impl Cursor for $ty {
            fn next_cursor(&self) -> Option<Self> {
                Some(*self)
            }
        }
    )*};
}

integer_cursor!(i32, i64, u32, u64);

/// The next page's URL from a body field: `None`, the last page, when it
/// is empty.
#[must_use]
pub fn next_url<E>(url: &str) -> Option<NextPage<E>> {
    let url = url.trim();
    (!url.is_empty()).then(|| NextPage::Url(url.to_owned()))
}

/// The target of the `Link` header's link whose relation types include
/// `next` (RFC 8288), among every `Link` header and every link in each.
/// Relation types are compared without case; a quoted parameter may hold
/// commas and semicolons. `None` when there is none.
#[must_use]
pub fn link_next<E>(headers: &http::HeaderMap) -> Option<NextPage<E>> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(link_next_in)
        .map(NextPage::Url)
}

/// `<https://api.example.com/x?page=2>; rel="next", <…>; rel="last"`: the
/// target of the first link with the relation type `next`.
fn link_next_in(value: &str) -> Option<String> {
    let mut chars = value.chars().peekable();
    loop {
        // Between links: commas and white space.
        while chars.next_if(|c| *c == ',' || c.is_whitespace()).is_some() {}
        if chars.next()? != '<' {
            // Not a link: skip to the next comma outside quotes.
            skip_past_link(&mut chars);
            continue;
        }
        let target: String = chars.by_ref().take_while(|c| *c != '>').collect();
        let mut is_next = false;
        // `; name=value` or `; name="quoted, value"` until a comma or the end.
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next() {
                Some(';') => {}
                Some(',') | None => break,
                Some(_) => {
                    skip_past_link(&mut chars);
                    break;
                }
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let mut name = String::new();
            while let Some(c) = chars.next_if(|c| !matches!(c, '=' | ';' | ',') && !c.is_whitespace()) {
                name.push(c);
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if chars.next_if_eq(&'=').is_none() {
                continue;
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let mut parameter = String::new();
            if chars.next_if_eq(&'"').is_some() {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => parameter.extend(chars.next()),
                        c => parameter.push(c),
                    }
                }
            } else {
                while let Some(c) = chars.next_if(|c| !matches!(c, ';' | ',') && !c.is_whitespace()) {
                    parameter.push(c);
                }
            }
            // `rel` is a space-separated list: `rel="next last"`.
            if name.eq_ignore_ascii_case("rel")
                && parameter.split_ascii_whitespace().any(|relation| relation.eq_ignore_ascii_case("next"))
            {
                is_next = true;
            }
        }
        if is_next {
            return Some(target);
        }
    }
}

/// Skips to just after the next comma outside a quoted string.
fn skip_past_link(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                chars.next();
            }
            ',' if !quoted => return,
            _ => {}
        }
    }
}
/// What keeps a walk through pages finite whatever the server says: at most
/// `limit` pages, and never the same request twice (a cursor handed out
/// again would start a loop); and what keeps a next page's URL within the
/// origin of the request that gave it.
#[cfg(feature = "client")]
pub(crate) struct PageGuard {
    limit: u32,
    fetched: u32,
    /// Hashes of the requests sent, with keys drawn at random so that a
    /// server cannot make two of them collide on purpose.
    seen: HashSet<u64>,
    hasher: std::collections::hash_map::RandomState,
}

/// The request for a page to fetch: the endpoint, and the URL to send it to
/// instead of its own path and query when the previous page gave one.
#[cfg(feature = "client")]
pub(crate) struct PageRequest<E> {
    pub(crate) endpoint: E,
    pub(crate) url: Option<reqwest::Url>,
}

#[cfg(feature = "client")]
impl PageGuard {
    pub(crate) fn new(limit: u32) -> Self {
        Self { limit, fetched: 0, seen: HashSet::new(), hasher: std::collections::hash_map::RandomState::new() }
    }

    fn stop(&self, info: RequestInfo, reason: PagingReason) -> PagingError {
        PagingError { request: info, pages: self.fetched, reason }
    }

    /// Before `request`, for a page, is sent: whether it may be.
    pub(crate) fn admit(&mut self, info: RequestInfo, request: &impl Sendable) -> Result<(), Box<PagingError>> {
        if self.fetched >= self.limit {
            return Err(Box::new(self.stop(info, PagingReason::TooManyPages { limit: self.limit })));
        }
        let fingerprint = self.hasher.hash_one((request.method(), request.url().as_str(), request.body_bytes()));
        if !self.seen.insert(fingerprint) {
            return Err(Box::new(self.stop(info, PagingReason::Repeated)));
        }
        self.fetched += 1;
        Ok(())
    }

    /// The request for the page after `page`, which `endpoint` fetched from
    /// `url` with the response headers `headers`; `None` after the last.
    ///
    /// A URL from the response is read relative to `url`, and must have its
    /// origin: a server's answer must not send the client, and the
    /// credentials it holds for this API, anywhere else.
    pub(crate) fn follow<E: Paged>(
        &self,
        endpoint: E,
        url: &reqwest::Url,
        page: &E::Output,
        headers: &http::HeaderMap,
    ) -> Result<Option<PageRequest<E>>, Box<PagingError>> {
        match endpoint.next_page(page, headers) {
            None => Ok(None),
            Some(NextPage::Endpoint(next)) => Ok(Some(PageRequest { endpoint: next, url: None })),
            Some(NextPage::Url(next)) => {
                let Ok(mut next) = url.join(&next) else {
                    return Err(Box::new(self.stop(E::info(), PagingReason::InvalidUrl)));
                };
                if next.origin() != url.origin() {
                    return Err(Box::new(self.stop(E::info(), PagingReason::OtherOrigin)));
                }
                next.set_fragment(None);
                Ok(Some(PageRequest { endpoint, url: Some(next) }))
            }
        }
    }
}

#[cfg(feature = "client")]
mod streams {
    use std::collections::VecDeque;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;

    use super::{PageGuard, PageRequest, Paged};
    use crate::auth::{Credentials, SatisfiedBy};
    use crate::error::PagingError;
    use crate::{Client, Endpoint, Error};

    type PageFuture<'c, E> = Pin<
        Box<
            dyn Future<Output = Result<(<E as Endpoint>::Output, http::HeaderMap), Error<<E as Endpoint>::Error>>>
                + Send
                + 'c,
        >,
    >;

    /// A page's request in flight: the endpoint, the URL it was sent to,
    /// and the answer to come.
    struct InFlight<'c, E: Endpoint> {
        endpoint: E,
        url: reqwest::Url,
        response: PageFuture<'c, E>,
    }

    /// The pages of a paged endpoint, one request each, as a [`Stream`]; made by
    /// [`Client::pages`]. It ends after the last page, or after an error.
    #[must_use = "a stream does nothing until it is polled"]
    pub struct Pages<'c, C: Credentials, E: Paged> {
        client: &'c Client<C>,
        /// The request for the page to fetch next, or why there is none
        /// after the page just returned though it said there was.
        next: Option<Result<PageRequest<E>, Box<PagingError>>>,
        in_flight: Option<InFlight<'c, E>>,
        guard: PageGuard,
    }

    impl<'c, C, E> Pages<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        pub(crate) fn new(client: &'c Client<C>, first: E) -> Self {
            Self {
                client,
                next: Some(Ok(PageRequest { endpoint: first, url: None })),
                in_flight: None,
                guard: PageGuard::new(client.max_pages()),
            }
        }

        /// The next page, `None` after the last one.
        pub async fn next(&mut self) -> Option<Result<E::Output, Error<E::Error>>> {
            std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
        }

        /// The items of every page, as one stream.
        pub fn items(self) -> Items<'c, C, E> {
            Items { pages: self, buffered: VecDeque::new() }
        }
    }

    impl<C: Credentials, E: Paged> Unpin for Pages<'_, C, E> {}

    impl<'c, C, E> Stream for Pages<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        type Item = Result<E::Output, Error<E::Error>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            if this.in_flight.is_none() {
                let PageRequest { endpoint, url } = match this.next.take() {
                    None => return Poll::Ready(None),
                    Some(Err(error)) => return Poll::Ready(Some(Err(Error::Paging(error)))),
                    Some(Ok(next)) => next,
                };
                let request = match this.client.build_request_at(&endpoint, url.as_ref()) {
                    Ok(request) => request,
                    Err(error) => return Poll::Ready(Some(Err(error))),
                };
                if let Err(error) = this.guard.admit(E::info(), &request) {
                    return Poll::Ready(Some(Err(Error::Paging(error))));
                }
                let url = request.url().clone();
                let response: PageFuture<'c, E> = Box::pin(this.client.send_request_with_headers::<E>(request));
                this.in_flight = Some(InFlight { endpoint, url, response });
            }
            let Some(in_flight) = &mut this.in_flight else { return Poll::Ready(None) };
            let Poll::Ready(result) = in_flight.response.as_mut().poll(cx) else { return Poll::Pending };
            let Some(InFlight { endpoint, url, .. }) = this.in_flight.take() else { return Poll::Ready(None) };
            // A next page that may not be fetched is the error after this
            // page, which is returned as any other.
            Poll::Ready(Some(result.map(|(page, headers)| {
                this.next = this.guard.follow(endpoint, &url, &page, &headers).transpose();
                page
            })))
        }
    }

    /// The items of every page of a paged endpoint, as one [`Stream`]; made by
    /// [`Pages::items`] or [`Client::items`].
    #[must_use = "a stream does nothing until it is polled"]
    pub struct Items<'c, C: Credentials, E: Paged> {
        pages: Pages<'c, C, E>,
        buffered: VecDeque<E::Item>,
    }
    impl<C: Credentials, E: Paged> Unpin for Items<'_, C, E> {}

    impl<'c, C, E> Items<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        /// The next item, `None` after the last one.
        pub async fn next(&mut self) -> Option<Result<E::Item, Error<E::Error>>> {
            std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
        }
    }

    impl<'c, C, E> Stream for Items<'c, C, E>
    where
        C: Credentials,
        E: Paged + Send + Sync + 'c,
        E::Output: Send,
        E::Error: Send,
        E::Auth: SatisfiedBy<C, E>,
    {
        type Item = Result<E::Item, Error<E::Error>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            loop {
                if let Some(item) = this.buffered.pop_front() {
                    return Poll::Ready(Some(Ok(item)));
                }
                match Pin::new(&mut this.pages).poll_next(cx) {
                    Poll::Ready(Some(Ok(page))) => this.buffered.extend(E::into_items(page)),
                    Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Pending => return Poll::Pending,
                }
            }
        }
    }

    impl<C: Credentials> Client<C> {
        /// The pages of a paged endpoint, starting with the page `first` asks
        /// for: a [`Stream`] that sends one request per page and stops after the
        /// page that says it is the last (or after an error). A server that
        /// never says so ends it with [`Error::Paging`]
        /// ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
        ///
        /// ```no_run
        /// # async fn run<E>(client: &endpointgen::Client, first: E) -> Result<(), endpointgen::Error<E::Error>>
        /// # where
        /// #     E: endpointgen::Paged<Auth = endpointgen::auth::Public> + Send + Sync,
        /// #     E::Output: Send,
        /// #     E::Error: Send,
        /// # {
        /// let mut pages = client.pages(first);
        /// while let Some(page) = pages.next().await {
        ///     let page = page?;
        ///     // …
        /// }
        /// # Ok(())
        /// # }
        /// ```
        pub fn pages<'c, E>(&'c self, first: E) -> Pages<'c, C, E>
        where
            E: Paged + Send + Sync + 'c,
            E::Output: Send,
            E::Error: Send,
            E::Auth: SatisfiedBy<C, E>,
        {
            Pages::new(self, first)
        }

        /// The items of every page of a paged endpoint, as one [`Stream`].
        pub fn items<'c, E>(&'c self, first: E) -> Items<'c, C, E>
        where
            E: Paged + Send + Sync + 'c,
            E::Output: Send,
            E::Error: Send,
            E::Auth: SatisfiedBy<C, E>,
        {
            self.pages(first).items()
        }
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderMap;
    use http::header::{HeaderValue, LINK};
    use proptest::prelude::*;

    use super::{NextPage, link_next, link_next_in, next_cursor, next_offset};

    fn next_of(values: &[&str]) -> Option<String> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(LINK, HeaderValue::from_str(value).unwrap());
        }
        match link_next::<()>(&headers) {
            Some(NextPage::Url(url)) => Some(url),
            _ => None,
        }
    }

    #[test]
    fn the_link_header_s_next_is_found_among_several_links_and_headers() {
        // GitHub's shape.
        let github = r#"<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last""#;
        assert_eq!(next_of(&[github]).as_deref(), Some("https://api.github.com/repositories/1300192/issues?page=4"));
        // Unquoted, any case, a list of relation types, other parameters
        // with commas and semicolons inside quotes, relative targets.
        assert_eq!(next_of(&["</items?after=b>;REL=Next"]).as_deref(), Some("/items?after=b"));
        assert_eq!(next_of(&[r#"</a>; rel="last next""#]).as_deref(), Some("/a"));
        assert_eq!(
            next_of(&[r#"</p>; title="x, rel=\"next\"; y"; rel=prev, </n>; title="a;b"; rel="next""#]).as_deref(),
            Some("/n")
        );
        assert_eq!(next_of(&[r#"</p>; rel="prev""#, r#"</n>; rel="next""#]).as_deref(), Some("/n"));
        // `nextish` is not `next`; no link is no next page.
        assert_eq!(next_of(&[r#"</a>; rel="nextish""#]), None);
        assert_eq!(next_of(&[]), None);
        assert_eq!(next_of(&["garbage, more garbage; rel=next"]), None);
        assert_eq!(next_of(&["bad, </n>; rel=next"]).as_deref(), Some("/n"));
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Any header text is read without a panic.
        #[test]
        fn any_link_header_is_read_without_panic(value in "\\PC{0,200}") {
            let _ = link_next_in(&value);
        }
    }

    #[test]
    fn offsets_move_by_the_items_received_and_stop_at_the_total_or_an_empty_page() {
        assert_eq!(next_offset(0_i32, 10, Some(25)), Some(10));
        assert_eq!(next_offset(20_i32, 5, Some(25)), None);
        assert_eq!(next_offset(20_i64, 5, None), Some(25));
        assert_eq!(next_offset(25_i64, 0, None), None);
        assert_eq!(next_offset(i32::MAX, 1, None), None);
        assert_eq!(next_offset(0_u32, usize::MAX, None), None);
    }

    #[test]
    fn an_empty_string_cursor_is_the_last_page() {
        assert_eq!(next_cursor(&String::new()), None);
        assert_eq!(next_cursor(&"abc".to_owned()).as_deref(), Some("abc"));
        assert_eq!(next_cursor(&7_i64), Some(7));
    }
}
